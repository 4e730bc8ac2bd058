"""Assemble the situation map: one self-contained, offline Leaflet HTML file.

:func:`build_map` builds every layer (``layers.<name>.build``), serialises
them as GeoJSON for our own JavaScript (``layers/static/sitmap.js``) and adds
our controls (grouped layers, legend, time window, fullscreen, scale). Leaflet
and MarkerCluster are inlined from the installed xstatic packages; folium's
CDN JS/CSS (jQuery, Bootstrap, font-awesome, …) is never referenced.

>>> from geo.situation import Situation
>>> m = build_map(Situation(), boundaries=None)
>>> html = m.get_root().render()
>>> "<script src=" in html or "<link rel=" in html
False
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import mapping

from geo.atomic import atomic_write
from geo.errors import InputError
from geo.situation import Situation
from layers import LAYER_NAMES, borders, control_claims, incidents, movements, places, sites
from layers import control as control_layer
from layers.assets import map_assets
from layers.base import BoundariesLike, paused_gc, places_remembered, round_like_python
from layers.basemap import basemap_config, map_extent
from layers.controls import (
    EventPanel,
    FitView,
    Fullscreen,
    GroupedLayerControl,
    InlineAssets,
    Legend,
    SituationLayers,
    TheatreSwitcher,
    TimeControl,
    json_fragment,
)
from layers.embed import embed_html
from layers.labels import map_labels
from layers.placement import points_of
from layers.style import (
    BORDERS,
    INCIDENTS,
    MOVEMENTS,
    SITES,
    STATUS_COLORS,
    controller_color,
    incident_style,
)
from layers.text import esc
from layers.view import View, bounds_of, clusters, frame_view, padded, unwrap_lon

log = logging.getLogger(__name__)

MODULES = {
    "borders": borders,
    "control_claims": control_claims,
    "control": control_layer,
    "incidents": incidents,
    "movements": movements,
    "sites": sites,
    "places": places,
}
GROUPS = {
    "borders": "Reference",
    "places": "Reference",
    "sites": "Reference",
    "control_claims": "Situation",
    "control": "Situation",
    "movements": "Situation",
    "incidents": "Situation",
}
OFF_BY_DEFAULT = frozenset({"places"})
#: Deepest zoom when no tile server is used (MarkerCluster needs a maxZoom).
OFFLINE_MAX_ZOOM = 14
#: Coordinate decimals in the HTML (5 ≈ 1 m, 4 ≈ 10 m).
POINT_DIGITS = 5
LINE_DIGITS = 4
#: Properties the event panel filters, lists and downloads (incidents and movements).
PANEL_PROPS = (
    "placement",
    "dyad",
    "note",
    "status",
    "confidence",
    "actors",
    "country",
    "country_name",
)
#: Incident markers above this many are aggregated on a screen grid, not clustered
#: by MarkerCluster (``GridGroup`` in layers/static/sitmap.js): 100,000 markers zoom
#: and pan without stalling the page.
GRID_ABOVE = 20_000
#: Layers whose features are events: their rows without geometry still reach the panel.
EVENT_LAYERS = frozenset({"incidents", "movements"})
#: Properties each layer passes to JavaScript (besides geometry).
PROPS = {
    "incidents": (
        "kind",
        "name",
        "label",
        "color",
        "t0",
        "t1",
        "event_id",
        "shape",
        "size",
        "precision",
        "radius_m",
        *PANEL_PROPS,
    ),
    "movements": (
        "kind",
        "name",
        "label",
        "color",
        "t0",
        "t1",
        "event_id",
        "width",
        "bearing",
        "precision",
        *PANEL_PROPS,
    ),
    "control_claims": (
        "kind",
        "name",
        "label",
        "color",
        "t0",
        "t1",
        "popup",
        "event_id",
        "status",
        "radius_m",
        "anchor",
        "partial",
    ),
    "control": control_layer.PROPS,
    "borders": ("kind", "name", "label", "color", "popup", "weight", "dash"),
    "sites": ("kind", "name", "label", "color", "popup"),
    "places": ("kind", "name", "label", "color", "popup", "precision"),
}
BASE_ATTRIBUTION = (
    'Borders © <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
    " contributors (ODbL)"
    ' | Provinces: <a href="https://www.naturalearthdata.com/">Natural Earth</a>'
    ' | Districts: <a href="https://www.geoboundaries.org/">geoBoundaries</a> (CC BY 4.0)'
    ' | Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)'
)
OFFLINE_ATTRIBUTION = " | Basemap: Natural Earth"


class SituationMap(folium.Map):
    """A :class:`folium.Map` that references no CDN asset (ours are added as elements).

    ``default_js``/``default_css`` are empty tuples: nothing can append to them.
    """

    default_js = ()  # type: ignore[assignment]
    default_css = ()  # type: ignore[assignment]

    def _repr_html_(self, **kwargs: Any) -> str:
        """Inline display in Jupyter: the whole map in a sandboxed ``iframe srcdoc``."""
        return embed_html(self.get_root().render(), height=520)


class _Auto:
    def __repr__(self) -> str:
        return "AUTO"


#: ``boundaries=AUTO`` loads ``geo.boundaries.load_boundaries()`` when it is available.
AUTO: Any = _Auto()


def default_boundaries() -> BoundariesLike | None:
    """The project's boundaries, or ``None`` (with a warning) when they are not built."""
    try:
        from geo.boundaries import load_boundaries
    except ImportError:
        log.warning("geo.boundaries is not available: drawing without boundaries")
        return None
    return load_boundaries()  # type: ignore[no-any-return]


def _round(value: Any, digits: int) -> Any:
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, list | tuple):
        return [_round(v, digits) for v in value]
    return value


def _clean(value: Any) -> Any:
    if value is None:
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and value != value:  # NaN
        return None
    return value


def to_features(
    gdf: gpd.GeoDataFrame, props: Sequence[str], keep_null: bool = False
) -> dict[str, Any]:
    """A compact GeoJSON FeatureCollection of *gdf* with only the given properties.

    Rows without geometry are left out, unless ``keep_null`` (events the panel
    lists but the map cannot place get ``"geometry": null``, as RFC 7946 allows).
    """
    import numpy as np
    import shapely

    features = []
    cols = [c for c in props if c in gdf.columns]
    # column-wise: each column becomes one Python list (no per-row dicts from pandas)
    columns = [gdf[c].tolist() for c in cols]
    geoms = np.asarray(gdf.geometry.array, dtype=object) if len(gdf) else np.array([])
    is_point = shapely.get_type_id(geoms) == 0 if len(gdf) else np.array([], dtype=bool)
    xs = np.round(shapely.get_x(geoms), POINT_DIGITS).tolist() if len(gdf) else []
    ys = np.round(shapely.get_y(geoms), POINT_DIGITS).tolist() if len(gdf) else []
    for i, geom in enumerate(geoms):
        geometry: dict[str, Any] | None
        if is_point[i]:
            geometry = {"type": "Point", "coordinates": [xs[i], ys[i]]}
        elif geom is None or geom.is_empty:
            if not keep_null:
                continue
            geometry = None
        else:
            g = mapping(geom)
            digits = POINT_DIGITS if g["type"] == "Point" else LINE_DIGITS
            geometry = {"type": g["type"], "coordinates": _round(g["coordinates"], digits)}
        properties = {}
        for k, col in zip(cols, columns, strict=True):
            v = _clean(col[i])
            # None and False are left out (JavaScript reads them as undefined)
            if v is not None and v is not False:
                properties[k] = v
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return {"type": "FeatureCollection", "features": features}


def to_columns(gdf: gpd.GeoDataFrame, props: Sequence[str]) -> dict[str, Any]:
    """An event layer as columns: ``{"n", "props": {name: values}, "geom": [...]}``.

    What :func:`to_features` gives, without an object per feature: one list per
    property (``null`` for missing, ``False`` and NaN; a property empty in every
    row is left out; :func:`coded` later shortens repetitive ones) and one
    geometry list, a point as ``[x, y]``, another geometry as GeoJSON, ``null``
    when the event has none (the panel lists it).
    ``Sitmap`` reads it back feature by feature (``layers/static/sitmap.js``).

    >>> from shapely.geometry import Point
    >>> gdf = gpd.GeoDataFrame({"kind": ["a", "b"], "size": [1.5, float("nan")],
    ...                         "note": [None, None]}, geometry=[Point(1, 2), None])
    >>> to_columns(gdf, ("kind", "size", "note", "missing"))
    {'n': 2, 'props': {'kind': ['a', 'b'], 'size': [1.5, None]}, 'geom': [[1.0, 2.0], None]}
    """
    import numpy as np
    import shapely

    out: dict[str, list[Any]] = {}
    for c in props:
        if c not in gdf.columns:
            continue
        clean = _plain(gdf[c])
        if any(v is not None for v in clean):
            out[c] = clean
    n = len(gdf)
    geoms = np.asarray(gdf.geometry.array, dtype=object) if n else np.array([])
    geom: list[Any] = [None] * n
    if n:
        kinds = shapely.get_type_id(geoms)
        xs = np.round(shapely.get_x(geoms), POINT_DIGITS).tolist()
        ys = np.round(shapely.get_y(geoms), POINT_DIGITS).tolist()
        for i in np.flatnonzero(kinds == 0).tolist():
            geom[i] = [xs[i], ys[i]]
        lines = np.flatnonzero((kinds == 1) & ~shapely.has_z(geoms) & ~shapely.is_empty(geoms))
        if len(lines):  # LineStrings in one call: 25,000 movement lines
            coords, at = shapely.get_coordinates(geoms[lines], return_index=True)
            coords = round_like_python(coords, LINE_DIGITS)
            parts = np.split(coords, np.flatnonzero(np.diff(at)) + 1)
            for i, part in zip(lines.tolist(), parts, strict=True):
                geom[i] = {"type": "LineString", "coordinates": part.tolist()}
        done = np.zeros(n, dtype=bool)
        done[lines] = True
        for i in np.flatnonzero((kinds > 0) & ~done).tolist():
            g = mapping(geoms[i])
            if g["coordinates"]:
                geom[i] = {"type": g["type"], "coordinates": _round(g["coordinates"], LINE_DIGITS)}
    return {"n": n, "props": out, "geom": geom}


def _plain(column: pd.Series) -> list[Any]:
    """A column's values as a list, ``None`` for NaN and ``False`` (by dtype: no test per integer).

    >>> _plain(pd.Series([1.5, float("nan")])), _plain(pd.Series([True, False]))
    ([1.5, None], [True, None])
    >>> _plain(pd.Series(["a", None, False, float("nan")], dtype=object)), _plain(pd.Series([0, 2]))
    (['a', None, None, None], [0, 2])
    """
    kind = column.dtype.kind
    if kind in "iu":  # integers: never NaN nor False
        return column.tolist()  # type: ignore[no-any-return]
    if kind == "f":
        array = column.to_numpy()
        values = array.tolist()
        for i in np.flatnonzero(np.isnan(array)).tolist():
            values[i] = None
        return values  # type: ignore[no-any-return]
    if kind == "b":
        return [True if v else None for v in column.tolist()]
    return [None if v is False or v != v else v for v in column.tolist()]  # NaN != NaN


def coded(values: list[Any]) -> list[Any] | dict[str, list[Any]]:
    """A column of few distinct strings as ``{"k": distinct values, "i": codes}``, else as is.

    Smaller to ship and to parse (``Sitmap`` reads it back with ``decode``). A column
    of one value in every row is ``{"k": [value], "n": rows}``.

    >>> coded(["a", "b", "a", None] * 20)["k"]
    ['a', 'b', None]
    >>> coded(["x", "y"])
    ['x', 'y']
    >>> coded([None] * 100)
    {'k': [None], 'n': 100}
    """
    n = len(values)
    if n < 64:
        return values
    head = next((v for v in values if v is not None and v == v), None)  # NaN != NaN
    if head is not None and not isinstance(head, str):
        return values  # numbers and lists (place names, source numbers) stay as they are
    first = values[0]
    if values.count(first) == n:  # identity or equality: C speed, no codes made
        return {"k": [None if first is None or first != first else first], "n": n}
    # a lower bound of the distinct values, from a prefix: ids, sentences and URLs (all
    # different) are left as they are without coding 100,000 of them first
    prefix = {v for v in values[: n // 16 + 1] if v == v}  # NaN != NaN: left out
    if len(prefix) * 16 > n:
        return values
    array = np.fromiter(values, dtype=object, count=n)  # one conversion for both calls
    if pd.api.types.infer_dtype(array, skipna=True) not in ("string", "empty"):
        return values
    codes, keys = pd.factorize(array, use_na_sentinel=False)
    if len(keys) * 16 > len(values):
        return values
    return {"k": [None if k is None or k != k else k for k in keys.tolist()], "i": codes.tolist()}


def _coded_table(table: dict[str, list[Any]]) -> dict[str, Any]:
    return {k: coded(v) for k, v in table.items()}


def _event_specs(
    situation: Situation, frames: dict[str, gpd.GeoDataFrame]
) -> tuple[dict[str, dict[str, Any]], dict[str, list[Any]], dict[str, list[Any]]]:
    """The event layers as columns, each row pointing (``ev``) into the popup table.

    Returns the layers' ``rows`` by name, the popup table and its sources
    (:func:`layers.popups.popup_table`): each event's popup is shipped once,
    whichever layers draw it.
    """
    from layers.popups import popup_table

    names = [n for n in frames if n in EVENT_LAYERS]
    ids = [i for n in names for i in frames[n]["event_id"].tolist()]
    events, sources, rows = popup_table(situation, ids)
    out = {}
    for name in names:
        # the label is derived in the page from the popup table (``Sitmap.labelOf``)
        cols = to_columns(frames[name], [c for c in PROPS[name] if c != "label"])
        ev = cols["props"]["ev"] = list(map(rows.get, frames[name]["event_id"].tolist()))
        _names_from_events(cols, ev, events, NAME_FROM_EVENTS.get(name))
        cols["props"] = _coded_table(cols["props"])
        out[name] = cols
    return out, _coded_table(events), _coded_table(sources)


#: The popup-table column an event layer's ``name`` repeats (for a list, its first item).
NAME_FROM_EVENTS = {"incidents": "names", "movements": "move"}


def _names_from_events(
    cols: dict[str, Any], ev: list[int | None], events: dict[str, list[Any]], column: str | None
) -> None:
    """Leave out a layer's ``name`` column when the page can read it from the popup table.

    Incidents are named by their first place name, movements by their
    ``origin → destination`` text: both are already in the table. The column
    stays when any row differs (``Sitmap.eachFeature`` reads ``from_events``).

    >>> cols = {"props": {"name": ["Vorukh", None]}}
    >>> _names_from_events(cols, [1, None], {"names": [["Batken"], ["Vorukh"]]}, "names")
    >>> cols
    {'props': {}, 'from_events': {'name': 'names'}}
    """
    given = cols["props"].get("name")
    if column is None or given is None or column not in events:
        return
    table = events[column]
    for i, name in enumerate(given):
        row = ev[i]
        value = None if row is None else table[row]
        if isinstance(value, list):
            value = value[0] if value else None
        if value != name:
            return
    del cols["props"]["name"]
    cols["from_events"] = {"name": column}


def _control_spec(
    situation: Situation, gdf: gpd.GeoDataFrame
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The control layer as columns, each row pointing (``cst``) into its popup table.

    Popups are built in the page from plain text (``Sitmap.controlPopup``), as
    event popups are: no HTML per object and state in the file.
    """
    cols = to_columns(gdf, PROPS["control"])
    if gdf.empty:
        return cols, None
    table, rows = control_layer.popup_table(control_layer.timeline(situation))
    keys = zip(gdf["object_id"].tolist(), gdf["t0"].tolist(), strict=True)
    cols["props"]["cst"] = [rows.get(key) for key in keys]
    cols["props"] = _coded_table(cols["props"])
    return cols, {name: _coded_table(part) for name, part in table.items()}


def _iso(value: date | str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as err:
        raise InputError(f"not an ISO date: {value!r}") from err


def _legend(frames: dict[str, gpd.GeoDataFrame]) -> list[dict[str, Any]]:
    sections: list[dict[str, Any]] = []
    inc = frames.get("incidents")
    if inc is not None and not inc.empty:
        items = []
        for kind in dict.fromkeys(inc["event_type"].tolist()):
            sty = incident_style(kind)
            items.append(
                {
                    "type": "symbol",
                    "shape": sty["shape"],
                    "color": sty["color"],
                    "label": sty["label"],
                }
            )
        placement = set(inc["placement"].dropna().tolist()) if "placement" in inc else set()
        if "border" in placement:
            items.append(
                {
                    "type": "line",
                    "color": "#555555",
                    "weight": 6,
                    "label": "Known only to a border: drawn on the border segment",
                }
            )
        if "area" in placement:
            items.append(
                {"type": "area", "color": "#555555", "label": "Known only to a country: outline"}
            )
        if "list" in placement:
            items.append(
                {"type": "note", "label": "Events with no place to draw are in the event list"}
            )
        items.append(
            {
                "type": "note",
                "label": "Badge 1/2/3: geo precision (place / near / region); "
                "hollow: claimed or disputed; faint: confidence < 0.5",
            }
        )
        if ((inc["precision"] > 1) & (inc["radius_m"] > 0)).any():
            items.append(
                {
                    "type": "area",
                    "color": "#555555",
                    "label": "Approximate place (shaded area)",
                }
            )
        sections.append({"title": "Incidents", "items": items})
    mov = frames.get("movements")
    if mov is not None and not mov.empty:
        sections.append(
            {
                "title": "Movements",
                "items": [
                    {
                        "type": "line",
                        "color": MOVEMENTS[k],
                        "weight": 4,
                        "label": incident_style(k)["label"],
                    }
                    for k in dict.fromkeys(mov["kind"].tolist())
                ],
            }
        )
    cc = frames.get("control_claims")
    if cc is not None and not cc.empty:
        lines = cc[cc["kind"] == "border_claim"]
        items = [
            {
                "type": "line",
                "color": controller_color(c),
                # a claimed fraction is drawn thin (layers.control_claims.is_partial)
                "weight": 2 if lines.loc[lines["controller"] == c, "partial"].all() else 5,
                "dash": True,
                "label": f"Claimed control: {c}",
            }
            for c in dict.fromkeys(lines["controller"])
        ]
        items += [
            {"type": "fill", "color": STATUS_COLORS[s], "label": s.capitalize()}
            for s in dict.fromkeys(cc["status"].dropna())
        ]
        sections.append({"title": "Control claims", "items": items})
    sections += control_layer.legend_sections(frames.get("control"))
    st = frames.get("sites")
    if st is not None and not st.empty:
        sections.append(
            {
                "title": "Sites",
                "items": [
                    {
                        "type": "symbol",
                        "shape": "flag",
                        "color": SITES[k]["color"],
                        "label": SITES[k]["label"],
                    }
                    for k in dict.fromkeys(st["kind"])
                ],
            }
        )
    bd = frames.get("borders")
    if bd is not None and not bd.empty:
        names = {
            "focus": "Border in the news",
            "international": "International border",
            "admin1": "Province (admin-1)",
            "admin2": "District (admin-2)",
        }
        sections.append(
            {
                "title": "Boundaries",
                "items": [
                    {
                        "type": "line",
                        "color": BORDERS[k]["color"],
                        "weight": BORDERS[k]["weight"],
                        "dash": bool(BORDERS[k]["dash"]),
                        "label": names[k],
                    }
                    for k in dict.fromkeys(bd["kind"])
                ],
            }
        )
    return sections


def build_layers(
    situation: Situation,
    layers: Iterable[str] | None = None,
    boundaries: BoundariesLike | None = None,
    bbox: tuple[float, float, float, float] | None = None,
) -> dict[str, gpd.GeoDataFrame]:
    """Every requested layer's frame, by name, in drawing order.

    >>> from geo.situation import Situation
    >>> sorted(build_layers(Situation(), ["incidents", "sites"]))
    ['incidents', 'sites']
    """
    wanted = list(LAYER_NAMES if layers is None else layers)
    unknown = sorted(set(wanted) - set(LAYER_NAMES))
    if unknown:
        raise InputError(f"unknown layer(s) {unknown}; choose from {list(LAYER_NAMES)}")
    frames = {}
    with paused_gc(), places_remembered():
        for name in LAYER_NAMES:
            if name not in wanted or name == "borders":
                continue
            frames[name] = MODULES[name].build(situation, boundaries)
        if "borders" in wanted:
            frames["borders"] = _theatre_borders(situation, boundaries, bbox, frames)
    return {name: frames[name] for name in LAYER_NAMES if name in frames}


def _theatre_borders(
    situation: Situation,
    boundaries: BoundariesLike | None,
    bbox: tuple[float, float, float, float] | None,
    frames: dict[str, gpd.GeoDataFrame],
) -> gpd.GeoDataFrame:
    """Borders around every theatre of events (one clip window each), or around *bbox*.

    With one theatre (or a *bbox*) this is :func:`layers.borders.build` as is.
    """
    if bbox is not None or boundaries is None:
        return borders.build(situation, boundaries, bbox=bbox)
    points, _labels, _ids = _event_points(frames)
    groups = _event_clusters(points)
    if len(groups) < 2:
        return borders.build(situation, boundaries)
    parts = []
    pad = borders.PAD_DEG
    for g in groups:  # every located event, a lone one too, gets its borders
        s, w, n, e = bounds_of([points[i] for i in g])
        w, e = (w, e) if e <= 180 else (-180.0, 180.0)  # across 180°: the whole band
        window = (
            max(-180.0, w - pad),
            max(-90.0, s - pad),
            min(180.0, e + pad),
            min(90.0, n + pad),
        )
        parts.append(borders.build(situation, boundaries, bbox=window))
    merged = pd.concat(parts, ignore_index=True)
    if merged.empty:
        return parts[0]
    # a line in two windows is drawn once (its two clips joined)
    geoms = merged.groupby(["kind", "name"], sort=False).geometry.agg(lambda g: g.union_all())
    first = merged.drop_duplicates(["kind", "name"]).set_index(["kind", "name"])
    first["geometry"] = geoms
    return gpd.GeoDataFrame(first.reset_index(), geometry="geometry", crs=merged.crs)[
        merged.columns
    ]


def time_range(frames: dict[str, gpd.GeoDataFrame]) -> tuple[str | None, str | None]:
    """Earliest ``t0`` and latest ``t1`` over the time-aware layers."""
    lo: list[str] = []
    hi: list[str] = []
    for name, gdf in frames.items():
        if not MODULES[name].TIME_AWARE or gdf.empty:
            continue
        lo.extend(gdf["t0"].dropna().unique().tolist())
        hi.extend(gdf["t1"].dropna().unique().tolist())
    return (min(lo) if lo else None, max(hi) if hi else None)


#: Degrees added around the core of the situation for the initial view.
VIEW_PAD_DEG = 0.3
#: A border in the news joins the initial view only if it spans at most this many degrees.
FOCUS_MAX_DEG = 15.0


def _event_points(
    frames: dict[str, gpd.GeoDataFrame],
) -> tuple[list[tuple[float, float]], list[tuple[str | None, str | None]], list[str]]:
    """Located event points for the view: ``(lon, lat)``, ``(country, admin1)``, event id.

    Incident markers and border segments (their middle) and movement ends;
    country outlines and listed-only events do not locate anything. Precise
    points (geo precision ≤ 2) are used when there are any.
    """
    inc, mov = frames.get("incidents"), frames.get("movements")
    key = (id(inc), id(mov))
    if _POINTS_MEMO.get("key") == key:  # the memo holds the frames: their ids stay theirs
        return _POINTS_MEMO["value"]  # type: ignore[no-any-return]
    value = _compute_event_points(inc, mov)
    _POINTS_MEMO.clear()
    _POINTS_MEMO.update(key=key, frames=(inc, mov), value=value)
    return value


#: The last ``_event_points`` answer (the borders and the view ask for the same frames).
_POINTS_MEMO: dict[str, Any] = {}


def _event_clusters(points: list[tuple[float, float]]) -> list[list[int]]:
    """:func:`layers.view.clusters` of :func:`_event_points`'s points, made once for both asks."""
    memo = _POINTS_MEMO.get("clusters")
    if memo is not None and memo[0] is points:
        return memo[1]  # type: ignore[no-any-return]
    groups = clusters(points)
    if _POINTS_MEMO.get("value") is not None and _POINTS_MEMO["value"][0] is points:
        _POINTS_MEMO["clusters"] = (points, groups)
    return groups


def _compute_event_points(
    inc: gpd.GeoDataFrame | None, mov: gpd.GeoDataFrame | None
) -> tuple[list[tuple[float, float]], list[tuple[str | None, str | None]], list[str]]:
    import numpy as np
    import shapely

    xs: list[Any] = []  # arrays of lon, lat, precision and lists of labels and ids, per layer
    ys: list[Any] = []
    ps: list[Any] = []
    cns: list[Any] = []
    a1s: list[Any] = []
    ids: list[Any] = []
    if inc is not None and not inc.empty:
        n = len(inc)
        how = np.asarray(inc["placement"].tolist() if "placement" in inc else ["point"] * n)
        geoms = np.asarray(inc.geometry.array, dtype=object)
        drawn = ~shapely.is_missing(geoms) & (how != "area")
        drawn &= ~shapely.is_empty(geoms)
        is_point = shapely.get_type_id(geoms) == 0
        x, y = shapely.get_x(geoms), shapely.get_y(geoms)  # NaN where not a point
        for i in np.flatnonzero(drawn & ~is_point).tolist():
            ((x[i], y[i]),) = points_of([geoms[i]])
        prec = pd.to_numeric(inc["precision"], errors="coerce").to_numpy(dtype=float)
        p = np.where(np.isnan(prec), 3, prec).astype(int)
        p = np.where(how == "point", p, 2)
        keep = np.flatnonzero(drawn)
        cn = inc.get("country_name", inc["name"]).tolist()
        a1 = inc.get("admin1", inc["name"]).tolist()
        names = inc["event_id"].tolist()
        xs.append(x[keep])
        ys.append(y[keep])
        ps.append(p[keep])
        cns += [_str(cn[i]) for i in keep.tolist()]
        a1s += [_str(a1[i]) for i in keep.tolist()]
        ids += [str(names[i]) for i in keep.tolist()]
    if mov is not None and not mov.empty:
        geoms = np.asarray(mov.geometry.array, dtype=object)
        lines = np.flatnonzero(
            (shapely.get_type_id(geoms) == 1) & ~shapely.is_empty(geoms)
        )  # LineStrings
        ends = np.concatenate(
            [
                shapely.get_coordinates(shapely.get_point(geoms[lines], 0)),
                shapely.get_coordinates(shapely.get_point(geoms[lines], -1)),
            ],
            axis=1,
        ).reshape(-1, 2)  # first end, last end of each line in turn
        cn = mov.get("country_name", mov["name"]).tolist()
        names = mov["event_id"].tolist()
        xs.append(ends[:, 0])
        ys.append(ends[:, 1])
        ps.append(np.full(len(ends), 2))
        for i in lines.tolist():
            cns += [_str(cn[i])] * 2
            a1s += [None, None]
            ids += [str(names[i])] * 2
    if not xs:
        return [], [], []
    x, y, p = np.concatenate(xs), np.concatenate(ys), np.concatenate(ps)
    precise = np.flatnonzero(p <= 2)
    if len(precise) == 0:
        precise = np.arange(len(p))
    at = precise.tolist()
    return (
        list(zip(x[precise].tolist(), y[precise].tolist(), strict=True)),
        [(cns[i], a1s[i]) for i in at],
        [ids[i] for i in at],
    )


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _view(
    frames: dict[str, gpd.GeoDataFrame], bbox: tuple[float, float, float, float] | None
) -> tuple[list[list[float]] | None, View | None, list[str]]:
    """Initial view ``[[south, west], [north, east]]``, the theatres and the places left out.

    *bbox* wins when given. Otherwise :func:`layers.view.frame_view` of the
    located events: the bulk of the events (largest theatre when several lie
    far apart), outliers left out of the view but drawn and listed.
    """
    points, labels, ids = _event_points(frames)
    if bbox is not None:
        x0, y0, x1, y1 = bbox
        return [[y0, x0], [y1, x1]], None, []
    view = frame_view(points, labels, groups=_event_clusters(points) if points else None)
    if view.bounds is None:
        return None, None, []
    # a theatre counts events, not points (a movement has two ends)
    theatres = sorted(
        (replace(t, count=len({ids[i] for i in (*t.members, *t.outliers)})) for t in view.theatres),
        key=lambda t: -t.count,
    )
    view = replace(
        view,
        theatres=tuple(theatres),
        bounds=theatres[0].bounds if view.switcher else view.bounds,
    )
    s, w, n, e = view.bounds
    bd = frames.get("borders")
    if bd is not None and not bd.empty and not view.switcher:
        # The borders in the news near the core are the subject: show them whole.
        for geom in bd.loc[bd["kind"] == "focus"].geometry:
            bx0, by0, bx1, by1 = geom.bounds
            near = bx0 <= e + 2 and bx1 >= w - 2 and by0 <= n + 2 and by1 >= s - 2
            if near and bx1 - bx0 <= FOCUS_MAX_DEG and by1 - by0 <= FOCUS_MAX_DEG:
                s, w, n, e = min(s, by0), min(w, bx0), max(n, by1), max(e, bx1)
    box = padded((s, w, n, e), VIEW_PAD_DEG)
    return box, view, _left_out(frames, box)


def _left_out(frames: dict[str, gpd.GeoDataFrame], box: list[list[float]]) -> list[str]:
    """Names of the incident markers outside the initial view *box* (often mislocated)."""
    inc = frames.get("incidents")
    if inc is None or inc.empty:
        return []
    (s, w), (n, e) = box
    mid = (w + e) / 2
    out = []
    import numpy as np
    import shapely

    geoms = np.asarray(inc.geometry.array, dtype=object)
    points = np.flatnonzero((shapely.get_type_id(geoms) == 0) & ~shapely.is_empty(geoms)).tolist()
    xs, ys = shapely.get_x(geoms).tolist(), shapely.get_y(geoms).tolist()
    names = inc["name"].tolist()
    for i in points:
        if not (s <= ys[i] <= n and w <= unwrap_lon(xs[i], mid) <= e):
            out.append(str(names[i]))
    return out


def _bounds(
    frames: dict[str, gpd.GeoDataFrame], bbox: tuple[float, float, float, float] | None
) -> list[list[float]] | None:
    """The initial view of :func:`_view` alone."""
    return _view(frames, bbox)[0]


def _theatres(view: View | None) -> list[dict[str, Any]]:
    """The theatre switcher's entries (empty with fewer than two theatres)."""
    if view is None or len(view.theatres) < 2:
        return []
    out = []
    for t in view.theatres:
        entry = t.to_dict()
        entry["bounds"] = padded(t.bounds, VIEW_PAD_DEG)
        out.append(entry)
    return out


def _shift_antimeridian(specs: list[dict[str, Any]], theatres: list[dict[str, Any]]) -> None:
    """Move event features of a theatre that crosses 180° onto the theatre's side.

    A theatre's bounds may reach past 180° (see :mod:`layers.view`); a point at
    -179.5 in a theatre spanning 179–181 is drawn at 180.5, next to its neighbours.
    """
    spans = [t["bounds"] for t in theatres if t["bounds"][1][1] > 180 or t["bounds"][0][1] < -180]
    if not spans:
        return
    for spec in specs:
        if spec["name"] not in EVENT_LAYERS:
            continue
        geoms = spec["rows"]["geom"]
        for i, g in enumerate(geoms):
            point = isinstance(g, list)
            if not g or not (point or g["type"] == "LineString"):
                continue
            pts = [g] if point else g["coordinates"]
            for (s, w), (n, e) in spans:
                turn = 360.0 if e > 180 else -360.0
                if all(s <= y <= n and w <= x + turn <= e for x, y in pts if not w <= x <= e):
                    moved = [
                        [round(x + turn, POINT_DIGITS), y] if not w <= x <= e else [x, y]
                        for x, y in pts
                    ]
                    if point:
                        geoms[i] = moved[0]
                    else:
                        g["coordinates"] = moved
                    break


def build_map(
    situation: Situation,
    *,
    layers: Iterable[str] | None = None,
    start: date | str | None = None,
    end: date | str | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    tiles: str | None = None,
    cdn: bool = False,
    boundaries: Any = AUTO,
    title: str | None = None,
    frames: dict[str, gpd.GeoDataFrame] | None = None,
) -> SituationMap:
    """The situation map as a :class:`folium.Map` (render or save it as one HTML file).

    ``layers`` picks layers by name (default all of :data:`layers.LAYER_NAMES`;
    ``places`` starts hidden). ``start``/``end`` set the initial time window,
    ``bbox`` (lon_min, lat_min, lon_max, lat_max) the view and the border clip.
    ``tiles=None`` draws the offline Natural Earth basemap; an xyzservices name
    (``"OpenStreetMap.Mapnik"``) adds that online tile layer instead. ``cdn``
    references Leaflet and MarkerCluster by URL rather than inlining them.
    ``frames`` passes layer frames already built by :func:`build_layers`.

    >>> from geo.situation import Situation
    >>> type(build_map(Situation(), boundaries=None, start="2021-07-01")).__name__
    'SituationMap'
    """
    with paused_gc():
        return _build_map(
            situation, layers, start, end, bbox, tiles, cdn, boundaries, title, frames
        )


def _build_map(
    situation: Situation,
    layers: Iterable[str] | None,
    start: date | str | None,
    end: date | str | None,
    bbox: tuple[float, float, float, float] | None,
    tiles: str | None,
    cdn: bool,
    boundaries: Any,
    title: str | None,
    frames: dict[str, gpd.GeoDataFrame] | None,
) -> SituationMap:
    if boundaries is AUTO:
        boundaries = default_boundaries()
    own = frames is None  # built here: let go of once the map's columns are made
    if frames is None:
        frames = build_layers(situation, layers, boundaries, bbox)
    t_min, t_max = time_range(frames)
    start_iso, end_iso = _iso(start), _iso(end)
    if start_iso and end_iso and start_iso > end_iso:
        raise InputError(f"start {start_iso} is after end {end_iso}")
    t_min = min(x for x in (t_min, start_iso) if x) if (t_min or start_iso) else None
    t_max = max(x for x in (t_max, end_iso) if x) if (t_max or end_iso) else None

    tile_layer = None
    if tiles:
        import xyzservices

        try:
            provider = xyzservices.providers.query_name(tiles)
        except ValueError as err:
            raise InputError(f"unknown tile provider {tiles!r}") from err
        tile_layer = folium.TileLayer(
            tiles=provider, max_zoom=int(provider.get("max_zoom", 18)), name=provider.name
        )
    max_zoom = int(provider.get("max_zoom", 18)) if tiles else OFFLINE_MAX_ZOOM
    m = SituationMap(location=[38.5, 69.5], zoom_start=6, tiles=None, control_scale=True)
    m.options["max_zoom"] = max_zoom  # camel-cased to maxZoom by folium
    m.options["min_zoom"] = 3
    m.options["zoom_snap"] = 0.25  # fit the corpus area closely, not to the next whole zoom
    m.options["zoom_delta"] = 0.5
    m.add_child(InlineAssets(map_assets(cdn=cdn), title=title or "Situation map"))
    if tile_layer is not None:
        m.add_child(tile_layer)

    view, framing, outside = _view(frames, bbox)
    legend = _legend(frames) + _outside(outside)
    names = list(frames)
    event_rows, events, sources = _event_specs(situation, frames)
    control_table = None
    if "control" in frames:
        event_rows["control"], control_table = _control_spec(situation, frames["control"])
    specs = [
        {
            "name": name,
            "title": MODULES[name].TITLE,
            "group": GROUPS[name],
            "visible": name not in OFF_BY_DEFAULT,
            "time_aware": MODULES[name].TIME_AWARE,
            "cluster": name == "incidents",
            "as_of": getattr(MODULES[name], "AS_OF", False),
            **(
                {"rows": event_rows[name]}
                if name in event_rows
                # as JSON text at once: one layer's feature dicts alive at a time
                else {"features": json_fragment(to_features(gdf, PROPS[name]))}
            ),
        }
        for name, gdf in frames.items()
    ]
    _POINTS_MEMO.clear()
    if own:  # 100,000 events: ~270 MB of frames the rest of the build does not need
        del frames
    theatres = _theatres(framing)
    _shift_antimeridian(specs, theatres)
    extent = map_extent(view, bbox, situation)
    labels = None if tiles else map_labels(situation, boundaries, extent, (3, max_zoom))
    _release_arrow()  # the town table's read (Parquet) left pages in pyarrow's pool
    attribution = BASE_ATTRIBUTION + ("" if tiles else OFFLINE_ATTRIBUTION)
    config = {
        "layers": specs,
        "events": events,
        "sources": sources,
        "control": control_table,
        "basemap": None if tiles else basemap_config(extent, (3, max_zoom)),
        "labels": labels,
        "offline": not tiles,
        "attribution": attribution,
        "bounds": view,
        "theatres": theatres,
        "panel": True,
        "grid_above": GRID_ABOVE,
        "time": {"min": t_min, "max": t_max, "start": start_iso, "end": end_iso},
        "title": esc(title) if title else None,
    }
    m.add_child(SituationLayers(config))
    order = [
        *(["basemap_land", "basemap_water"] if not tiles else []),
        *[
            n
            for n in (
                "incidents",
                "movements",
                "control",
                "control_claims",
                "sites",
                "borders",
                "places",
            )
            if n in names
        ],
    ]
    m.add_child(GroupedLayerControl(order))
    m.add_child(Legend(legend))
    if t_min and t_max:
        m.add_child(TimeControl(t_min, t_max, start_iso, end_iso))
    m.add_child(Fullscreen())
    if theatres:
        m.add_child(TheatreSwitcher(theatres, switch=bool(framing and framing.switcher)))
    m.add_child(EventPanel({k: v["label"] for k, v in INCIDENTS.items()}))
    m.add_child(FitView())
    _stable_ids(m)
    return m


def _release_arrow() -> None:
    """Give back the pages pyarrow's memory pool holds freed (its allocator keeps them).

    The map reads the town and basemap tables from Parquet; what the reads left in
    the pool is not reused by the Python objects the map makes next.
    """
    import pyarrow

    pyarrow.default_memory_pool().release_unused()


def _outside(names: Sequence[str]) -> list[dict[str, Any]]:
    """A legend section naming the events outside the initial view (often mislocated).

    >>> _outside(["United States"])[0]["items"][0]["label"]
    '1 event: United States (in the event list)'
    >>> _outside([])
    []
    """
    if not names:
        return []
    places = list(dict.fromkeys(names))
    text = ", ".join(places[:3]) + (", …" if len(places) > 3 else "")
    noun = "event" if len(names) == 1 else "events"
    return [
        {
            "title": "Outside the focus area",
            "items": [
                {"type": "note", "label": f"{len(names)} {noun}: {text} (in the event list)"}
            ],
        }
    ]


def _stable_ids(root: Any) -> None:
    """Replace branca's random element ids with sequential ones.

    branca names every element ``<kind>_<uuid4>``; the same situation must
    give a byte-identical file, so ids are renumbered in tree order.
    """
    counter = 0
    stack = [root]
    while stack:
        element = stack.pop(0)
        counter += 1
        element._id = f"{counter:032x}"
        stack.extend(getattr(element, "_children", {}).values())


def render_html(m: folium.Map) -> str:
    """The whole map document as a string."""
    with paused_gc():
        return m.get_root().render()  # type: ignore[no-any-return]


def save_map(m: folium.Map, path: str | os.PathLike[str]) -> Path:
    """Write the map to *path* atomically (temp file in the same directory + ``os.replace``).

    >>> import tempfile, pathlib
    >>> from geo.situation import Situation
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "m.html"
    >>> save_map(build_map(Situation(), boundaries=None), out).stat().st_size > 100_000
    True
    """
    target = Path(path)
    text = render_html(m)
    with atomic_write(target) as fh:
        fh.write(text)
    return target


__all__ = ["AUTO", "SituationMap", "build_layers", "build_map", "render_html", "save_map"]
