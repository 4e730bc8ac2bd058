"""Static figures (PNG, SVG, PDF) of the same layers, with matplotlib and geopandas.

Same colours and symbols as the interactive map (:mod:`layers.style`), a
legend of the categories present, a title, the date window and the
attribution — for any bbox and date window.

>>> import tempfile, pathlib
>>> from geo.situation import Situation
>>> out = pathlib.Path(tempfile.mkdtemp()) / "empty.svg"
>>> render_static(Situation(), out, boundaries=None, bbox=(67, 36, 74, 41)).suffix
'.svg'
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Ellipse, FancyArrowPatch, Patch
from shapely.geometry import box

from geo.atomic import atomic_path
from geo.errors import InputError
from geo.situation import Situation
from layers import LAYER_NAMES
from layers import control as control_layer
from layers.base import BoundariesLike
from layers.basemap import basemap_frames
from layers.borders import situation_bbox
from layers.map import AUTO, MODULES, _iso, build_layers, default_boundaries
from layers.style import (
    ATTRIBUTION,
    BASEMAP,
    BORDERS,
    MOVEMENTS,
    MPL_MARKERS,
    SITES,
    STATUS_COLORS,
    controller_color,
    incident_style,
)
from layers.text import format_date

FORMATS = ("png", "svg", "pdf")
#: Page sizes in inches (portrait); a figure is one page, turned to fit the bbox.
PAGES = {"A4": (8.27, 11.69), "Letter": (8.5, 11.0)}
DEFAULT_LAYERS = tuple(n for n in LAYER_NAMES if n != "places")
DEG_M = 111_320.0


def filter_window(gdf: gpd.GeoDataFrame, start: str | None, end: str | None) -> gpd.GeoDataFrame:
    """Rows whose ``[t0, t1]`` overlaps ``[start, end]``; undated rows are kept.

    >>> import geopandas as gpd
    >>> g = gpd.GeoDataFrame({"t0": ["2021-07-01", None], "t1": ["2021-07-03", None]},
    ...                      geometry=gpd.points_from_xy([0, 0], [0, 0]))
    >>> len(filter_window(g, "2021-07-04", None))
    1
    """
    if gdf.empty or (start is None and end is None):
        return gdf
    t0, t1 = gdf["t0"], gdf["t1"].fillna(gdf["t0"])
    keep = t0.isna()
    ok = ~t0.isna()
    if start is not None:
        ok &= t1 >= start
    if end is not None:
        ok &= t0 <= end
    return gdf[keep | ok]


def _plain(text: object) -> str:
    r"""Text matplotlib shows as written: a ``$`` never starts its math mode.

    >>> _plain("costs $5 and $6")
    'costs \\$5 and \\$6'
    """
    return str(text).replace("$", r"\$")


def _pt(size_px: float) -> float:
    return (size_px * 0.75) ** 2


def _area(ax: Any, x: float, y: float, radius_m: float, color: str, alpha: float) -> None:
    h = radius_m / DEG_M
    w = h / max(0.2, math.cos(math.radians(y)))
    ax.add_patch(
        Ellipse(
            (x, y),
            2 * w,
            2 * h,
            facecolor=color,
            edgecolor=color,
            alpha=alpha,
            linestyle="--",
            linewidth=0.8,
            zorder=4,
        )
    )


def _draw(ax: Any, frames: dict[str, gpd.GeoDataFrame], legend: list[Any]) -> None:
    bd = frames.get("borders")
    if bd is not None and not bd.empty:
        for kind in ("admin2", "admin1", "international", "focus"):
            part = bd[bd["kind"] == kind]
            if part.empty:
                continue
            sty = BORDERS[kind]
            part.plot(
                ax=ax,
                color=sty["color"],
                linewidth=sty["weight"] * 0.7,
                linestyle="--" if sty["dash"] else "-",
                zorder=3,
            )
            legend.append(
                Line2D(
                    [],
                    [],
                    color=sty["color"],
                    linewidth=sty["weight"] * 0.7,
                    linestyle="--" if sty["dash"] else "-",
                    label={
                        "focus": "Border in the news",
                        "international": "International border",
                        "admin1": "Province (admin-1)",
                        "admin2": "District (admin-2)",
                    }[kind],
                )
            )
    cc = frames.get("control_claims")
    if cc is not None and not cc.empty:
        for rec in cc.itertuples(index=False):
            geom = rec.geometry
            if rec.kind == "border_claim" and geom.geom_type != "Point":
                partial = bool(getattr(rec, "partial", False))  # a fraction: thin, not held
                gpd.GeoSeries([geom]).plot(
                    ax=ax,
                    color=rec.color,
                    linewidth=1.0 if partial else 4,
                    alpha=0.75,
                    linestyle=(0, (2, 4)) if partial else (0, (4, 2)),
                    zorder=5,
                )
                c = (
                    geom.interpolate(0.5, normalized=True)
                    if hasattr(geom, "interpolate")
                    else geom.centroid
                )
                ax.annotate(
                    _plain(rec.label),
                    (c.x, c.y),
                    fontsize=7,
                    fontweight="bold",
                    ha="center",
                    va="bottom",
                    zorder=9,
                    bbox={"boxstyle": "round", "fc": "white", "alpha": 0.85, "lw": 0},
                )
            elif rec.kind == "crossing":
                ax.scatter(
                    [geom.x],
                    [geom.y],
                    marker="s",
                    s=_pt(14),
                    color=rec.color,
                    edgecolor="white",
                    zorder=7,
                )
            elif geom.geom_type == "Point":
                _area(ax, geom.x, geom.y, rec.radius_m or 20_000, rec.color, 0.3)
            else:
                gpd.GeoSeries([geom]).plot(
                    ax=ax, color=rec.color, alpha=0.3, edgecolor=rec.color, zorder=2
                )
        for ctl in dict.fromkeys(cc.loc[cc["kind"] == "border_claim", "controller"]):
            legend.append(
                Line2D(
                    [],
                    [],
                    color=controller_color(ctl),
                    linewidth=3,
                    linestyle=(0, (4, 2)),
                    label=f"Claimed control: {ctl}",
                )
            )
        for status in dict.fromkeys(cc["status"].dropna()):
            legend.append(Patch(color=STATUS_COLORS[status], alpha=0.5, label=status.capitalize()))
    control_layer.draw_static(ax, frames.get("control"), legend)  # state as of the window's end
    mv = frames.get("movements")
    if mv is not None and not mv.empty:
        mv = mv[mv.geometry.notna()]  # listed-only movements have no line
    if mv is not None and not mv.empty:
        for rec in mv.itertuples(index=False):
            (x0, y0), (x1, y1) = rec.geometry.coords[0], rec.geometry.coords[-1]
            # A patch of the axes is clipped to them: an arrow leaving the
            # window stops at its edge instead of running over the margins.
            ax.add_patch(
                FancyArrowPatch(
                    (x0, y0),
                    (x1, y1),
                    arrowstyle="-|>",
                    color=rec.color,
                    linewidth=rec.width * 0.6,
                    mutation_scale=8 + rec.width * 1.5,
                    alpha=0.85,
                    zorder=8,
                )
            )
        for kind in dict.fromkeys(mv["kind"]):
            legend.append(
                Line2D(
                    [],
                    [],
                    color=MOVEMENTS[kind],
                    linewidth=3,
                    label=f"Movement: {incident_style(kind)['label']}",
                )
            )
    st = frames.get("sites")
    if st is not None and not st.empty:
        for kind, part in st.groupby("kind", sort=False):
            ax.scatter(
                part.geometry.x,
                part.geometry.y,
                marker="p",
                s=_pt(12),
                color=SITES[kind]["color"],
                edgecolor="white",
                zorder=7,
            )
            legend.append(
                Line2D(
                    [],
                    [],
                    marker="p",
                    linestyle="",
                    color=SITES[kind]["color"],
                    label=SITES[kind]["label"],
                )
            )
    pl = frames.get("places")
    if pl is not None and not pl.empty:
        ax.scatter(pl.geometry.x, pl.geometry.y, s=6, color="#34495e", zorder=6)
        legend.append(
            Line2D(
                [],
                [],
                marker="o",
                markersize=3,
                linestyle="",
                color="#34495e",
                label="Resolved place",
            )
        )
    inc = frames.get("incidents")
    if inc is not None and not inc.empty:
        # events known only to a border or a country: their segment or outline, lightly
        coarse = inc[inc.geometry.notna() & (inc.geom_type != "Point")]
        if not coarse.empty:
            coarse.boundary.where(coarse.geom_type.str.endswith("Polygon"), coarse.geometry).plot(
                ax=ax, color=coarse["color"].tolist(), linewidth=2.5, alpha=0.6, zorder=9
            )
        inc = inc[inc.geometry.notna() & (inc.geom_type == "Point")]
    if inc is not None and not inc.empty:
        for rec in inc[inc["radius_m"] > 0].itertuples(index=False):
            _area(ax, rec.geometry.x, rec.geometry.y, rec.radius_m, rec.color, 0.12)
        for kind, part in inc.groupby("event_type", sort=False):
            sty = incident_style(kind)
            marker = MPL_MARKERS.get(sty["shape"], "o")
            ax.scatter(
                part.geometry.x,
                part.geometry.y,
                marker=marker,
                s=[_pt(s) for s in part["size"]],
                color=sty["color"],
                edgecolor="white",
                linewidth=0.6,
                zorder=10,
            )
            legend.append(
                Line2D(
                    [],
                    [],
                    marker=marker,
                    linestyle="",
                    color=sty["color"],
                    markeredgecolor="white",
                    markersize=8,
                    label=sty["label"],
                )
            )


#: matplotlib text style per label kind (the web map's labels.css, in points).
LABEL_STYLE: dict[str, dict[str, Any]] = {
    "news": {"fontsize": 9.0, "fontweight": "bold", "color": "#7a0019"},
    "country": {"fontsize": 8.5, "fontweight": "bold", "color": "#555555"},
    "capital": {"fontsize": 8.0, "fontweight": "bold", "color": "#222222"},
    "admin1": {"fontsize": 7.0, "fontstyle": "italic", "color": "#6b5b73"},
    "town": {"fontsize": 7.0, "color": "#333333"},
}
#: Kinds drawn with a dot at the place, the text beside it.
DOTTED = frozenset({"news", "capital", "town"})


def draw_labels(
    fig: Figure,
    ax: Any,
    situation: Situation,
    boundaries: BoundariesLike | None,
    bbox: tuple[float, float, float, float],
) -> int:
    """Label pass: place names for *bbox*, in rank order, skipping any that would overlap.

    The labels are :func:`layers.labels.select_labels`'s for the web-map zoom
    at which *bbox* fills the axes; each is drawn, measured, and removed again
    when its box meets one already placed or leaves the axes. Returns how many
    were placed.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.patheffects import withStroke
    from matplotlib.transforms import offset_copy

    from layers.labels import select_labels, static_zoom

    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()
    ax.apply_aspect()  # the box the data will really fill
    frame = ax.get_window_extent(renderer)
    zoom = static_zoom(bbox, frame.width / fig.dpi * 96.0)  # CSS pixels, as in the browser
    chosen = [
        lab
        for lab in select_labels(bbox, boundaries, situation, zoom_range=(0, 18), margin=0.0)
        if lab.minzoom <= zoom <= lab.maxzoom or (lab.news and lab.kind == "news")
    ]
    shifted = offset_copy(ax.transData, fig=fig, x=3.5, y=0, units="points")
    halo = [withStroke(linewidth=2.2, foreground="white")]
    placed: list[Any] = []
    for lab in chosen:
        style = dict(LABEL_STYLE.get(lab.kind, LABEL_STYLE["town"]))
        if lab.news:
            style["color"] = LABEL_STYLE["news"]["color"]
        dotted = lab.kind in DOTTED
        text = ax.text(
            lab.lon,
            lab.lat,
            lab.name.upper() if lab.kind == "country" else lab.name,
            transform=shifted if dotted else ax.transData,
            ha="left" if dotted else "center",
            va="center",
            zorder=8,
            path_effects=halo,
            clip_on=True,
            **style,
        )
        box = text.get_window_extent(renderer).expanded(1.04, 1.15)
        inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0
        if not inside or box.y1 > frame.y1 or any(box.overlaps(other) for other in placed):
            text.remove()
            continue
        placed.append(box)
        text.set_gid(f"sm-label-{len(placed)}")  # findable in SVG, where text becomes paths
        if dotted:
            ax.plot(lab.lon, lab.lat, marker="o", markersize=3.2, color=style["color"],
                    markeredgecolor="white", markeredgewidth=0.6, zorder=8)  # fmt: skip
    return len(placed)


def render_static(
    situation: Situation,
    path: str | os.PathLike[str],
    *,
    layers: Iterable[str] | None = None,
    boundaries: Any = AUTO,
    bbox: tuple[float, float, float, float] | None = None,
    start: date | str | None = None,
    end: date | str | None = None,
    title: str = "Situation map",
    page: str = "A4",
    dpi: int = 150,
) -> Path:
    """Draw the layers to *path*; the format follows the suffix (``.png``/``.svg``/``.pdf``).

    The figure is one ``page`` (``"A4"`` or ``"Letter"``), landscape or
    portrait after the shape of the bbox. ``boundaries`` defaults to the
    project's boundaries (borders drawn), as in :func:`layers.map.build_map`.
    Titles and labels are shown as written (``$`` is no math). Written
    atomically (temp file in the same directory, then ``os.replace``).
    """
    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputError(f"unsupported figure format {fmt!r}; use one of {FORMATS}")
    if page not in PAGES:
        raise InputError(f"page must be one of {', '.join(PAGES)}, not {page!r}")
    if boundaries is AUTO:
        boundaries = default_boundaries()
    start_iso, end_iso = _iso(start), _iso(end)
    wanted = list(DEFAULT_LAYERS if layers is None else layers)
    bbox = bbox or situation_bbox(situation, pad=0.6) or (60.0, 29.0, 80.0, 43.0)
    frames = build_layers(situation, wanted, boundaries, bbox)
    frames = {
        n: filter_window(g, start_iso, end_iso) if MODULES[n].TIME_AWARE and n != "control" else g
        for n, g in frames.items()
    }
    if "control" in frames:  # each object's state as of the window's end, not an overlap
        frames["control"] = control_layer.as_of_frame(frames["control"], end_iso)
    x0, y0, x1, y1 = bbox
    aspect = 1.0 / max(0.2, math.cos(math.radians((y0 + y1) / 2)))
    short, long = PAGES[page]
    # The map gets ~70 % of the width beside the legend: landscape unless it is tall.
    portrait = (y1 - y0) * aspect > 1.2 * (x1 - x0)
    width_in, height_in = (short, long) if portrait else (long, short)
    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    # Left margin for the latitude tick labels and axis label, bottom for the
    # longitude ones and the attribution; the axes keep the map's aspect inside.
    ax = fig.add_axes((0.08, 0.12, 0.64, 0.76))
    ax.set_facecolor(BASEMAP["background"])
    window = box(*bbox)
    base = {k: g.clip(window) for k, g in basemap_frames().items()}
    if not base["land"].empty:
        base["land"].plot(ax=ax, color=BASEMAP["land"], zorder=0)
    if not base["countries"].empty:
        base["countries"].boundary.plot(ax=ax, color=BASEMAP["country"], linewidth=0.6, zorder=1)
    if not base["lakes"].empty:
        base["lakes"].plot(ax=ax, color=BASEMAP["water"], zorder=1)
    if not base["rivers"].empty:
        base["rivers"].plot(ax=ax, color=BASEMAP["water"], linewidth=1.1, zorder=1)
    legend: list[Any] = [
        Line2D([], [], color=BASEMAP["water"], linewidth=1.5, label="River / lake")
    ]
    _draw(ax, frames, legend)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(aspect)
    draw_labels(fig, ax, situation, boundaries, bbox)
    ax.tick_params(labelsize=7)
    ax.set_xlabel("Longitude (°E)", fontsize=8)
    ax.set_ylabel("Latitude (°N)", fontsize=8)
    fig.suptitle(title, x=0.03, ha="left", fontsize=14, fontweight="bold", parse_math=False)
    window_text = (
        " – ".join(format_date(date.fromisoformat(d)) if d else "…" for d in (start_iso, end_iso))
        if (start_iso or end_iso)
        else "all dates"
    )
    fig.text(0.03, 0.925, f"Dates: {window_text}", fontsize=9, color="#444", parse_math=False)
    for handle in legend:
        handle.set_label(_plain(handle.get_label()))
    fig.legend(
        handles=legend,
        loc="upper left",
        bbox_to_anchor=(0.75, 0.91),
        fontsize=8,
        frameon=False,
        title="Legend",
        title_fontsize=9,
        alignment="left",
    )
    fig.text(0.03, 0.02, ATTRIBUTION, fontsize=6.5, color="#555", wrap=True, parse_math=False)
    # No creation dates in the file: the same situation gives the same bytes.
    metadata = {
        "png": {"Software": "sitmap"},
        "svg": {"Date": None},
        "pdf": {"CreationDate": None, "ModDate": None},
    }[fmt]
    import matplotlib

    with atomic_path(target) as tmp, matplotlib.rc_context({"svg.hashsalt": "sitmap"}):
        fig.savefig(tmp, format=fmt, metadata=metadata)
    return target
