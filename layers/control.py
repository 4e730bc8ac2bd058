"""Control: who holds each crossing, post, town, district and stretch of border, over time.

One row per object per state interval of :func:`geo.control.control_timeline`,
drawn where the claim is:

* a crossing, post, base or town → its point (``kind`` ``point``);
* a district or province → its admin-2/admin-1 polygon, else its point with
  a radius (``area``);
* a border held → the part of the dyad line within :data:`STRETCH_KM` of the
  located objects its controller holds there (``border_stretch``);
* a stated fraction of a border ("about half") → a thin dashed line along the
  dyad with a label that says it is a claim of a fraction
  (``border_fraction``): never a hatch of the whole line.

``t0`` is the state's start, ``until`` its exclusive end (empty while open),
``t1`` its last report: the map shows each object's state *as of* the end of
the time window (:data:`AS_OF`). Colour per controller, ``pattern`` per
status: ``solid`` confirmed, ``hatched`` claimed or reported, ``dotted``
disputed.

>>> pattern_of("confirmed"), pattern_of("reported"), pattern_of("disputed")
('solid', 'hatched', 'dotted')
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point
from shapely.ops import unary_union

from geo.control import STATUS_LABELS, ControlRecord, ControlState, control_rows, control_timeline
from geo.situation import Situation
from layers.base import BoundariesLike, frame, normalize_dyad
from layers.style import CONTROLLER_PALETTE, controller_color
from layers.text import esc, extent_label, format_date, safe_url
from layers.units import district_candidates, name_key, unit_rows

NAME = "control"
TITLE = "Control over time"
TIME_AWARE = True
#: The time control shows each object's state on the window's last day.
AS_OF = True
COLUMNS = (
    "id",
    "object_id",
    "object_kind",
    "controller",
    "holder",
    "status",
    "pattern",
    "until",
    "first_reported",
    "last_reported",
    "fraction",
    "backing",
    "radius_m",
    "anchor",
    "sources",
)
#: Properties the map passes to JavaScript.
PROPS = (
    "id",
    "kind",
    "name",
    "label",
    "color",
    "t0",
    "t1",
    "until",
    "object_id",
    "status",
    "pattern",
    "radius_m",
    "anchor",
)
#: A border stretch: the dyad line within this distance of the objects held.
STRETCH_KM = 25.0
#: Radius of a district or province drawn at its point (no polygon shipped).
FALLBACK_RADIUS_M = {"district": 15_000.0, "province": 60_000.0}
CONTESTED_COLOR = "#555555"
#: Distinct controller colours after the named ones of :mod:`layers.style`.
PATTERNS = {"confirmed": "solid", "disputed": "dotted"}


def pattern_of(status: str) -> str:
    """``solid`` (confirmed), ``dotted`` (disputed) or ``hatched`` (claimed, reported)."""
    return PATTERNS.get(status, "hatched")


def controller_colors(records: Sequence[ControlRecord]) -> dict[str, str]:
    """A distinct colour per controller: its stable colour, else the next free one.

    >>> from geo.control import ControlRecord, ControlState
    >>> st = ControlState("A", "claimed", date(2024, 1, 1), None, date(2024, 1, 1),
    ...                   date(2024, 1, 1), "capture")
    >>> rec = ControlRecord("x", "X", "settlement", None, None, None, None, 0, 0, (st,))
    >>> list(controller_colors([rec]))
    ['A']
    """
    names = sorted({s.controller for r in records for s in r.states if s.controller})
    names += sorted({x for r in records for s in r.states for x in s.rivals} - set(names))
    out: dict[str, str] = {}
    used: set[str] = set()
    free = (c for c in CONTROLLER_PALETTE if c not in used)
    for name in names:
        color = controller_color(name)
        if color in used:
            color = next(free, color)
        out[name] = color
        used.add(color)
    return out


def _unit_polygon(rec: ControlRecord, boundaries: BoundariesLike | None) -> Any:
    if boundaries is None:
        return None
    want = name_key(rec.admin2 if rec.kind == "district" else rec.admin1) or name_key(rec.name)
    if rec.kind == "district":
        units = district_candidates(boundaries, [want], rec.country_code)
    else:
        units = boundaries.admin1
    if units is None or units.empty:
        return None
    rows = unit_rows(units, want)
    if not rows:
        rows = unit_rows(units, want, alternates=True)
    match = units.iloc[list(rows)]
    if rec.country_code and not match.empty:
        match = match[match["iso_a2"] == rec.country_code]
    if len(match) > 1 and rec.lat is not None and rec.lon is not None:
        here = Point(rec.lon, rec.lat)
        near = match[match.geometry.distance(here) < 0.5]
        match = near if not near.empty else match
    return None if match.empty else match.geometry.iloc[0]


def _border_line(dyad: str | None, boundaries: BoundariesLike | None) -> Any:
    if boundaries is None or dyad is None or boundaries.borders.empty:
        return None
    rows = boundaries.borders[boundaries.borders["dyad"].map(normalize_dyad) == dyad]
    return None if rows.empty else rows.geometry.iloc[0]


def border_stretch(line: Any, near: Sequence[Any], km: float = STRETCH_KM) -> Any:
    """The part of *line* within *km* of the geometries *near* (``None`` when none).

    >>> from shapely.geometry import LineString
    >>> part = border_stretch(LineString([(60, 30), (62, 30)]), [Point(60.5, 30.1)])
    >>> round(part.length, 1) < 1.0, round(part.length, 1) > 0.3
    (True, True)
    """
    if line is None or not near:
        return None
    series = gpd.GeoSeries([line], crs="EPSG:4326")
    crs = series.estimate_utm_crs()
    zone = gpd.GeoSeries(list(near), crs="EPSG:4326").to_crs(crs).buffer(km * 1000.0)
    part = series.to_crs(crs).intersection(unary_union(list(zone))).to_crs("EPSG:4326").iloc[0]
    return None if part is None or part.is_empty else part


def _anchor(geom: Any) -> list[float] | None:
    from layers.control_claims import label_anchor

    return label_anchor(geom)


def state_label(rec: ControlRecord, st: ControlState) -> str:
    """One line: object, holder, status, since when and last report.

    >>> from geo.control import ControlRecord, ControlState
    >>> st = ControlState("A", "reported", date(2024, 5, 2), None, date(2024, 5, 2),
    ...                   date(2024, 5, 9), "capture")
    >>> rec = ControlRecord("x", "Town", "settlement", None, None, None, None, 0, 0, (st,))
    >>> state_label(rec, st)
    'Town: A (reported by third parties) since 2 May 2024, last reported 9 May 2024'
    """
    if rec.kind == "border":
        ext = extent_label(st.extent) or st.extent.get("text")
        who = _claimants(st)
        per = f" (per {who})" if who else ""
        part = f"{ext} of the {rec.border} border" if ext else f"the {rec.border} border"
        return f"claimed: {part} held by {st.holder}{per}, {format_date(st.last_reported)}"
    since = f"since {format_date(st.start)}"
    if st.end is not None:
        since = f"{format_date(st.start)} – {format_date(st.end)}"
    last = f", last reported {format_date(st.last_reported)}" if st.end is None else ""
    return f"{rec.name}: {st.holder} ({STATUS_LABELS[st.status]}) {since}{last}"


def _claimants(st: ControlState) -> str:
    """Who says so, short enough for a label on the map (the popup has every source).

    The first named claimant (else the first outlet), and how many other sources.
    """
    from layers.control_claims import short_claimant

    backing = [s for s in st.sources if s.role != "denial"]
    named = [s.claimant for s in backing if s.claimant]
    first = named[0] if named else next((s.outlet or s.document for s in backing), "")
    if not first:
        return ""
    more = len({(s.document, s.start) for s in backing}) - 1
    return short_claimant(first) + (f" and {more} more source(s)" if more > 0 else "")


def _source_note(src: Any) -> str:
    """``(role — claimant)`` of a source, as plain text."""
    who = f" — {src.claimant}" if src.claimant else ""
    return f"({src.role.replace('_', ' ')}{who})"


def _source_li(src: Any) -> str:
    url = safe_url(src.url)
    outlet = esc(src.outlet or src.document)
    link = (
        f' <a href="{esc(url)}" target="_blank" rel="noopener noreferrer">link</a>' if url else ""
    )
    when = f" {esc(format_date(src.published))}" if src.published else ""
    return (
        f"<li><b>{outlet}</b>{when}{link} <small>{esc(_source_note(src))}</small>"
        f'<blockquote class="sm-quote">{esc(src.sentence)}</blockquote></li>'
    )


def _state_line(st: ControlState) -> tuple[str, str]:
    """A timeline entry as plain text: ``(dates: holder, status, (action; reported ...))``."""
    end = format_date(st.end) if st.end else "open"
    return (
        f"{format_date(st.start)} – {end}: {st.holder}, {STATUS_LABELS[st.status]}",
        f"({st.action}; reported {format_date(st.first_reported)} – "
        f"{format_date(st.last_reported)})",
    )


def _extent_text(st: ControlState) -> str | None:
    """The paragraph on a stated extent ("about half"), as plain text (``None``: no extent)."""
    if not st.extent:
        return None
    text = st.extent.get("text")
    out = f"Stated extent: {extent_label(st.extent)}"
    out += f" (“{text}”)" if text else ""
    return out + ": a claim, not a located stretch of the line."


def _backing_text(st: ControlState, names: dict[str, str] | None) -> str | None:
    """The paragraph naming the located objects behind a border state (``None``: none)."""
    if not st.backing:
        return None
    held = ", ".join((names or {}).get(i, i) for i in st.backing)
    return f"Located objects {st.holder} holds on this border: {held}"


def _where(rec: ControlRecord) -> str:
    return ", ".join(x for x in (rec.admin2, rec.admin1, rec.country_code, rec.border) if x)


def control_popup(
    rec: ControlRecord, current: ControlState, names: dict[str, str] | None = None
) -> str:
    """The object's whole timeline (the shown state in bold) and the sources of every state.

    *names* maps object ids to names (the located objects backing a border
    claim). Every article string is escaped. The map builds the same popup in
    the page from :func:`popup_table` (``Sitmap.controlPopup``).
    """
    rows = []
    for st in rec.states:
        line, small = _state_line(st)
        text = f"{esc(line)} <small>{esc(small)}</small>"
        rows.append(f"<li><b>{text}</b></li>" if st is current else f"<li>{text}</li>")
    extent_text = _extent_text(current)
    extent = f"<p>{esc(extent_text)}</p>" if extent_text else ""
    backing_text = _backing_text(current, names)
    backing = f"<p>{esc(backing_text)}</p>" if backing_text else ""
    sources = "".join(
        f"<li>{esc(format_date(st.start))}: {esc(st.holder)}<ol>"
        + "".join(_source_li(s) for s in st.sources)
        + "</ol></li>"
        for st in rec.states
    )
    return (
        f'<div class="sm-popup"><h4>{esc(rec.name)} <small>{esc(rec.kind)}</small></h4>'
        f"<p>{esc(_where(rec))}</p>{extent}{backing}<b>Timeline</b><ol>{''.join(rows)}</ol>"
        f'<div class="sm-sources"><b>Sources</b><ol>{sources}</ol></div></div>'
    )


def popup_table(
    records: Sequence[ControlRecord],
) -> tuple[dict[str, dict[str, list[Any]]], dict[tuple[str, str], int]]:
    """What :func:`control_popup` writes, as plain-text columns the page builds popups from.

    Returns ``{"objects", "states", "sources"}`` (one row per object, per state
    and per distinct source) and the state row of each ``(object id, start)``.
    ``Sitmap.controlPopup`` (``layers/static/sitmap.js``) sets every string as
    text, never as HTML; links only for http(s) URLs.

    >>> from geo.control import ControlRecord, ControlSource, ControlState
    >>> src = ControlSource("d1", "<b>A</b> took it.", 0, 17, date(2024, 5, 2), "Wire",
    ...                     "javascript:x", None, "controller", "e1")
    >>> st = ControlState("A", "reported", date(2024, 5, 2), None, date(2024, 5, 2),
    ...                   date(2024, 5, 9), "capture", sources=(src,))
    >>> rec = ControlRecord("x", "Town", "settlement", "TJ", None, None, None, 0, 0, (st,))
    >>> table, rows = popup_table([rec])
    >>> rows, table["states"]["line"]
    ({('x', '2024-05-02'): 0}, ['2 May 2024 – open: A, reported by third parties'])
    >>> table["sources"]["text"], table["sources"]["note"], table["sources"]["url"]
    (['<b>A</b> took it.'], ['(controller)'], ['javascript:x'])
    """
    names = {r.id: r.name for r in records}
    objects: dict[str, list[Any]] = {k: [] for k in ("name", "kind", "where", "states")}
    states: dict[str, list[Any]] = {
        k: [] for k in ("obj", "line", "small", "head", "extent", "backing", "src")
    }
    sources: dict[str, list[Any]] = {k: [] for k in ("outlet", "pub", "url", "note", "text")}
    seen: dict[tuple[Any, ...], int] = {}
    rows: dict[tuple[str, str], int] = {}
    for rec in records:
        obj = len(objects["name"])
        mine = []
        for st in rec.states:
            i = rows[(rec.id, st.start.isoformat())] = len(states["obj"])
            mine.append(i)
            line, small = _state_line(st)
            refs = []
            for src in st.sources:
                key = (src.outlet or src.document, src.published, src.url, _source_note(src),
                       src.sentence)  # fmt: skip
                row = seen.get(key)
                if row is None:
                    row = seen[key] = len(seen)
                    sources["outlet"].append(key[0])
                    sources["pub"].append(format_date(src.published) if src.published else None)
                    sources["url"].append(src.url or None)
                    sources["note"].append(key[3])
                    sources["text"].append(src.sentence)
                refs.append(row)
            for k, v in (
                ("obj", obj),
                ("line", line),
                ("small", small),
                ("head", f"{format_date(st.start)}: {st.holder}"),
                ("extent", _extent_text(st)),
                ("backing", _backing_text(st, names)),
                ("src", refs),
            ):
                states[k].append(v)
        objects["name"].append(rec.name)
        objects["kind"].append(rec.kind)
        objects["where"].append(_where(rec))
        objects["states"].append(mine)
    return {"objects": objects, "states": states, "sources": sources}, rows


def timeline(situation: Situation) -> tuple[ControlRecord, ...]:
    """:func:`geo.control.control_timeline` of *situation*, computed once per situation.

    The layer, the map's popup table and ``control.csv`` all need it; the last
    answer is kept (with a weak reference to its situation).
    """
    ref = _TIMELINE.get("situation")
    if ref is not None and ref() is situation:
        return _TIMELINE["records"]  # type: ignore[no-any-return]
    records = tuple(control_timeline(situation))
    _TIMELINE.clear()
    with contextlib.suppress(TypeError):  # not weakly referable: not kept
        _TIMELINE.update(situation=weakref.ref(situation), records=records)
    return records


_TIMELINE: dict[str, Any] = {}


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _geometries(
    records: Sequence[ControlRecord], boundaries: BoundariesLike | None
) -> dict[str, tuple[Any, float | None]]:
    out: dict[str, tuple[Any, float | None]] = {}
    for rec in records:
        if rec.kind == "border":
            continue
        point = Point(rec.lon, rec.lat) if rec.lat is not None and rec.lon is not None else None
        if rec.kind in ("district", "province"):
            poly = _unit_polygon(rec, boundaries)
            if poly is not None:
                out[rec.id] = (poly, None)
            elif point is not None:
                out[rec.id] = (point, FALLBACK_RADIUS_M[rec.kind])
        elif point is not None:
            out[rec.id] = (point, None)
    return out


def build(
    situation: Situation,
    boundaries: BoundariesLike | None = None,
    records: Sequence[ControlRecord] | None = None,
) -> gpd.GeoDataFrame:
    """One row per object per state interval whose object can be placed."""
    records = timeline(situation) if records is None else tuple(records)
    colors = controller_colors(records)
    geoms = _geometries(records, boundaries)
    flat = {(r["object_id"], r["start"]): r for r in control_rows(records)}
    rows = []
    for rec in records:
        for st in rec.states:
            color = colors.get(st.controller or "", CONTESTED_COLOR)
            t1 = st.last_reported
            if st.end is not None:
                t1 = max(st.start, min(t1, st.end - timedelta(days=1)))
            base = {
                "layer": NAME,
                "name": rec.name,
                "color": color,
                "t0": _iso(st.start),
                "t1": _iso(t1),
                "until": _iso(st.end),
                "object_id": rec.id,
                "object_kind": rec.kind,
                "controller": st.controller,
                "holder": st.holder,
                "status": st.status,
                "pattern": pattern_of(st.status),
                "first_reported": _iso(st.first_reported),
                "last_reported": _iso(st.last_reported),
                "fraction": st.extent.get("fraction"),
                "backing": "; ".join(st.backing) or None,
                "radius_m": None,
                "anchor": None,
                "sources": flat[(rec.id, st.start.isoformat())]["sources"],
                "label": state_label(rec, st),
            }
            if rec.kind == "border":
                rows.extend(_border_rows(rec, st, base, geoms, boundaries))
                continue
            if rec.id not in geoms:
                continue
            geom, radius = geoms[rec.id]
            kind = "area" if rec.kind in ("district", "province") else "point"
            ident = f"{rec.id}@{base['t0']}"
            rows.append({**base, "id": ident, "kind": kind, "radius_m": radius, "geometry": geom})
    return frame(rows, COLUMNS)


def _border_rows(
    rec: ControlRecord,
    st: ControlState,
    base: dict[str, Any],
    geoms: dict[str, tuple[Any, float | None]],
    boundaries: BoundariesLike | None,
) -> list[dict[str, Any]]:
    line = _border_line(rec.border, boundaries)
    out = []
    near = [geoms[i][0] for i in st.backing if i in geoms]
    stretch = border_stretch(line, near)
    if stretch is not None:
        label = (
            f"{rec.border} border near {len(near)} located object(s) held by {st.holder} "
            f"({STATUS_LABELS[st.status]})"
        )
        ident = f"{rec.id}@{base['t0']}:stretch"
        out.append(
            {**base, "id": ident, "kind": "border_stretch", "label": label, "geometry": stretch}
        )
    if line is not None and (st.extent or stretch is None):
        ident = f"{rec.id}@{base['t0']}:claim"
        anchor = _anchor(line)
        out.append(
            {**base, "id": ident, "kind": "border_fraction", "anchor": anchor, "geometry": line}
        )
    return out


def legend_sections(gdf: gpd.GeoDataFrame | None) -> list[dict[str, Any]]:
    """The legend: one swatch per controller, then what the patterns mean."""
    if gdf is None or gdf.empty:
        return []
    items: list[dict[str, Any]] = [
        {"type": "fill", "color": color, "label": str(holder)}
        for holder, color in dict.fromkeys(zip(gdf["holder"], gdf["color"], strict=True))
    ]
    items.append({"type": "note", "label": "solid confirmed · hatched claimed · dotted disputed"})
    return [{"title": "Control (as of the window's end)", "items": items}]


def control_table(records: Sequence[ControlRecord]) -> pd.DataFrame:
    """The export table: one row per object per state interval."""
    return pd.DataFrame(control_rows(records))


def write_control_outputs(situation: Situation, out: str | Path) -> list[Path]:
    """Write ``control.csv`` into *out* (one row per object per state interval).

    ``layers/control.geojson`` and the GeoPackage layer come with the other
    layers (``control`` is in :data:`layers.LAYER_NAMES`).
    """
    from layers.exports import write_csv

    table = control_table(timeline(situation))
    if table.empty:
        table = pd.DataFrame(columns=list(control_rows_columns()))
    return [write_csv(table, Path(out) / "control.csv")]


def control_rows_columns() -> tuple[str, ...]:
    """Column names of :func:`geo.control.control_rows` (for an empty table)."""
    return (
        "object_id", "object", "kind", "country_code", "admin1", "admin2", "border", "lat",
        "lon", "controller", "holder", "rivals", "status", "status_label", "action", "start",
        "end", "first_reported", "last_reported", "fraction", "extent", "backing", "n_sources",
        "outlets", "sources",
    )  # fmt: skip


def as_of_frame(gdf: gpd.GeoDataFrame, day: str | None) -> gpd.GeoDataFrame:
    """The rows whose state holds on *day* (ISO; ``None``: each object's latest state).

    >>> g = gpd.GeoDataFrame({"object_id": ["x", "x"], "t0": ["2025-03-01", "2025-03-13"],
    ...     "until": ["2025-03-13", None]}, geometry=gpd.points_from_xy([0, 0], [0, 0]))
    >>> list(as_of_frame(g, "2025-03-05")["t0"]), list(as_of_frame(g, None)["t0"])
    (['2025-03-01'], ['2025-03-13'])
    """
    if gdf.empty:
        return gdf
    if day is None:
        return gdf[gdf["until"].isna()]
    until = gdf["until"].fillna("9999-12-31")
    return gdf[(gdf["t0"] <= day) & (until > day)]


def draw_static(ax: Any, gdf: gpd.GeoDataFrame | None, legend: list[Any]) -> None:
    """Draw the control rows on a matplotlib axis (solid, hatched or dotted per status)."""
    if gdf is None or gdf.empty:
        return
    from matplotlib.patches import Patch

    for rec in gdf.itertuples(index=False):
        geom, color = rec.geometry, rec.color
        radius = float(rec.radius_m) if pd.notna(rec.radius_m) and rec.radius_m else 0.0
        hatch = "////" if rec.pattern == "hatched" else None
        style = ":" if rec.pattern == "dotted" else "-"
        if rec.kind == "border_fraction":
            gpd.GeoSeries([geom]).plot(
                ax=ax, color=color, linewidth=0.9, linestyle=(0, (2, 4)), zorder=5
            )
            if isinstance(rec.anchor, list | tuple):
                ax.annotate(
                    rec.label,
                    (rec.anchor[1], rec.anchor[0]),
                    fontsize=6.5,
                    ha="center",
                    va="top",
                    zorder=9,
                    bbox={"boxstyle": "round", "fc": "white", "alpha": 0.85, "lw": 0},
                )
        elif rec.kind == "border_stretch":
            gpd.GeoSeries([geom]).plot(
                ax=ax, color=color, linewidth=5, alpha=0.8, linestyle=style, zorder=5
            )
        elif geom.geom_type == "Point" and not radius:
            ax.scatter(
                [geom.x],
                [geom.y],
                s=70,
                facecolor="none" if hatch else color,
                edgecolor=color,
                hatch=hatch,
                linewidth=1.8,
                linestyle=style,
                zorder=8,
            )
        else:
            shape = geom
            if geom.geom_type == "Point":
                deg = radius / 111_320.0
                shape = geom.buffer(deg)
            gpd.GeoSeries([shape]).plot(
                ax=ax,
                facecolor="none" if hatch else color,
                alpha=None if hatch else 0.45,
                edgecolor=color,
                hatch=hatch,
                linewidth=1.2,
                linestyle=style,
                zorder=3,
            )
    for holder, color in dict.fromkeys(zip(gdf["holder"], gdf["color"], strict=True)):
        legend.append(Patch(facecolor=color, edgecolor=color, alpha=0.6, label=f"Holds: {holder}"))
    for pattern, text in (("solid", "confirmed"), ("hatched", "claimed or reported"),
                          ("dotted", "disputed")):  # fmt: skip
        if (gdf["pattern"] == pattern).any():
            legend.append(
                Patch(
                    facecolor="white",
                    edgecolor="#333333",
                    hatch="////" if pattern == "hatched" else None,
                    linestyle=":" if pattern == "dotted" else "-",
                    label=f"Control {text}",
                )
            )
