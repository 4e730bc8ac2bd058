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
from datetime import date
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
from shapely.geometry import mapping

from geo.atomic import atomic_write
from geo.errors import InputError
from geo.situation import Situation
from layers import LAYER_NAMES, borders, control_claims, incidents, movements, places, sites
from layers.assets import map_assets
from layers.base import BoundariesLike, core_extent
from layers.basemap import basemap_config, map_extent
from layers.controls import (
    FitView,
    Fullscreen,
    GroupedLayerControl,
    InlineAssets,
    Legend,
    SituationLayers,
    TimeControl,
)
from layers.embed import embed_html
from layers.labels import map_labels
from layers.style import (
    BORDERS,
    MOVEMENTS,
    SITES,
    STATUS_COLORS,
    controller_color,
    incident_style,
)
from layers.text import esc

log = logging.getLogger(__name__)

MODULES = {
    "borders": borders,
    "control_claims": control_claims,
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
    "movements": "Situation",
    "incidents": "Situation",
}
OFF_BY_DEFAULT = frozenset({"places"})
#: Deepest zoom when no tile server is used (MarkerCluster needs a maxZoom).
OFFLINE_MAX_ZOOM = 14
#: Coordinate decimals in the HTML (5 ≈ 1 m, 4 ≈ 10 m).
POINT_DIGITS = 5
LINE_DIGITS = 4
#: Properties each layer passes to JavaScript (besides geometry).
PROPS = {
    "incidents": (
        "kind",
        "name",
        "label",
        "color",
        "t0",
        "t1",
        "popup",
        "event_id",
        "shape",
        "size",
        "precision",
        "radius_m",
        "country_level",
    ),
    "movements": (
        "kind",
        "name",
        "label",
        "color",
        "t0",
        "t1",
        "popup",
        "event_id",
        "width",
        "bearing",
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
    ),
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


def to_features(gdf: gpd.GeoDataFrame, props: Sequence[str]) -> dict[str, Any]:
    """A compact GeoJSON FeatureCollection of *gdf* with only the given properties."""
    features = []
    cols = [c for c in props if c in gdf.columns]
    values = gdf[cols].to_dict("records") if len(gdf) else []
    for geom, row in zip(gdf.geometry, values, strict=True):
        if geom is None or geom.is_empty:
            continue
        g = mapping(geom)
        digits = POINT_DIGITS if g["type"] == "Point" else LINE_DIGITS
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": g["type"], "coordinates": _round(g["coordinates"], digits)},
                # None and False are left out (JavaScript reads them as undefined)
                "properties": {
                    k: v
                    for k, v in ((k, _clean(v)) for k, v in row.items())
                    if v is not None and v is not False
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


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
        for kind in dict.fromkeys(inc["event_type"]):
            sty = incident_style(kind)
            items.append(
                {
                    "type": "symbol",
                    "shape": sty["shape"],
                    "color": sty["color"],
                    "label": sty["label"],
                }
            )
        if inc["country_level"].fillna(False).astype(bool).any():
            items.append(
                {
                    "type": "symbol",
                    "shape": "circle",
                    "color": "#555555",
                    "hollow": True,
                    "label": "Country only (drawn at its centre)",
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
                    for k in dict.fromkeys(mov["kind"])
                ],
            }
        )
    cc = frames.get("control_claims")
    if cc is not None and not cc.empty:
        items = [
            {
                "type": "line",
                "color": controller_color(c),
                "weight": 5,
                "dash": True,
                "label": f"Claimed control: {c}",
            }
            for c in dict.fromkeys(cc.loc[cc["kind"] == "border_claim", "controller"])
        ]
        items += [
            {"type": "fill", "color": STATUS_COLORS[s], "label": s.capitalize()}
            for s in dict.fromkeys(cc["status"].dropna())
        ]
        sections.append({"title": "Control claims", "items": items})
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
    for name in LAYER_NAMES:
        if name not in wanted:
            continue
        if name == "borders":
            frames[name] = borders.build(situation, boundaries, bbox=bbox)
        else:
            frames[name] = MODULES[name].build(situation, boundaries)
    return frames


def time_range(frames: dict[str, gpd.GeoDataFrame]) -> tuple[str | None, str | None]:
    """Earliest ``t0`` and latest ``t1`` over the time-aware layers."""
    lo: list[str] = []
    hi: list[str] = []
    for name, gdf in frames.items():
        if not MODULES[name].TIME_AWARE or gdf.empty:
            continue
        lo.extend(gdf["t0"].dropna())
        hi.extend(gdf["t1"].dropna())
    return (min(lo) if lo else None, max(hi) if hi else None)


#: Degrees added around the core of the situation for the initial view.
VIEW_PAD_DEG = 0.3
#: A border in the news joins the initial view only if it spans at most this many degrees.
FOCUS_MAX_DEG = 15.0


def _bounds(
    frames: dict[str, gpd.GeoDataFrame], bbox: tuple[float, float, float, float] | None
) -> list[list[float]] | None:
    """Initial view ``[[south, west], [north, east]]``: *bbox*, else the situation's core.

    The core is :func:`layers.base.core_extent` of incidents, movement ends and
    sites: precise places first, outliers (a mislocated event on another
    continent) left out of the view but still drawn.
    """
    if bbox is not None:
        x0, y0, x1, y1 = bbox
        return [[y0, x0], [y1, x1]]
    points: list[tuple[float, float, int]] = []
    inc = frames.get("incidents")
    if inc is not None and not inc.empty:
        points += [
            (g.x, g.y, int(p) if p == p and p is not None else 3)
            for g, p in zip(inc.geometry, inc["precision"], strict=True)
        ]
    for name in ("movements", "sites"):
        gdf = frames.get(name)
        if gdf is None or gdf.empty:
            continue
        for geom in gdf.geometry:
            if geom is None or geom.is_empty:
                continue
            coords = list(geom.coords) if geom.geom_type in ("Point", "LineString") else []
            points += [(x, y, 2) for x, y in coords[:1] + coords[-1:]]
    ext = core_extent(points)
    if ext is None:
        return None
    x0, y0, x1, y1 = ext
    bd = frames.get("borders")
    if bd is not None and not bd.empty:
        # The borders in the news near the core are the subject: show them whole.
        for geom in bd.loc[bd["kind"] == "focus"].geometry:
            bx0, by0, bx1, by1 = geom.bounds
            near = bx0 <= x1 + 2 and bx1 >= x0 - 2 and by0 <= y1 + 2 and by1 >= y0 - 2
            if near and bx1 - bx0 <= FOCUS_MAX_DEG and by1 - by0 <= FOCUS_MAX_DEG:
                x0, y0, x1, y1 = min(x0, bx0), min(y0, by0), max(x1, bx1), max(y1, by1)
    pad_x = max(VIEW_PAD_DEG, (1.5 - (x1 - x0)) / 2)
    pad_y = max(VIEW_PAD_DEG, (1.0 - (y1 - y0)) / 2)
    return [
        [round(y0 - pad_y, 4), round(x0 - pad_x, 4)],
        [round(y1 + pad_y, 4), round(x1 + pad_x, 4)],
    ]


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
) -> SituationMap:
    """The situation map as a :class:`folium.Map` (render or save it as one HTML file).

    ``layers`` picks layers by name (default all of :data:`layers.LAYER_NAMES`;
    ``places`` starts hidden). ``start``/``end`` set the initial time window,
    ``bbox`` (lon_min, lat_min, lon_max, lat_max) the view and the border clip.
    ``tiles=None`` draws the offline Natural Earth basemap; an xyzservices name
    (``"OpenStreetMap.Mapnik"``) adds that online tile layer instead. ``cdn``
    references Leaflet and MarkerCluster by URL rather than inlining them.

    >>> from geo.situation import Situation
    >>> type(build_map(Situation(), boundaries=None, start="2021-07-01")).__name__
    'SituationMap'
    """
    if boundaries is AUTO:
        boundaries = default_boundaries()
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

    specs = [
        {
            "name": name,
            "title": MODULES[name].TITLE,
            "group": GROUPS[name],
            "visible": name not in OFF_BY_DEFAULT,
            "time_aware": MODULES[name].TIME_AWARE,
            "cluster": name == "incidents",
            "features": to_features(gdf, PROPS[name]),
        }
        for name, gdf in frames.items()
    ]
    _share_popups(specs)
    view = _bounds(frames, bbox)
    extent = map_extent(view, bbox, situation)
    attribution = BASE_ATTRIBUTION + ("" if tiles else OFFLINE_ATTRIBUTION)
    config = {
        "layers": specs,
        "basemap": None if tiles else basemap_config(extent, (3, max_zoom)),
        "labels": None if tiles else map_labels(situation, boundaries, extent, (3, max_zoom)),
        "offline": not tiles,
        "attribution": attribution,
        "bounds": view,
        "time": {"min": t_min, "max": t_max, "start": start_iso, "end": end_iso},
        "title": esc(title) if title else None,
    }
    m.add_child(SituationLayers(config))
    order = [
        *(["basemap_land", "basemap_water"] if not tiles else []),
        *[
            n
            for n in ("incidents", "movements", "control_claims", "sites", "borders", "places")
            if n in frames
        ],
    ]
    m.add_child(GroupedLayerControl(order))
    m.add_child(Legend(_legend(frames) + _outside(frames, view)))
    if t_min and t_max:
        m.add_child(TimeControl(t_min, t_max, start_iso, end_iso))
    m.add_child(Fullscreen())
    m.add_child(FitView())
    _stable_ids(m)
    return m


def _outside(
    frames: dict[str, gpd.GeoDataFrame], view: list[list[float]] | None
) -> list[dict[str, Any]]:
    """A legend section naming the incidents outside the focus area (often mislocated).

    >>> from shapely.geometry import Point
    >>> inc = gpd.GeoDataFrame({"name": ["United States"]},
    ...                        geometry=[Point(-99.7, 37.3)], crs="EPSG:4326")
    >>> _outside({"incidents": inc}, [[36.0, 66.0], [41.0, 75.0]])[0]["items"][0]["label"]
    '1 incident: United States'
    """
    inc = frames.get("incidents")
    if view is None or inc is None or inc.empty:
        return []
    (s, w), (n, e) = view
    out = [
        str(name)
        for geom, name in zip(inc.geometry, inc["name"], strict=True)
        if geom is not None and not (s <= geom.y <= n and w <= geom.x <= e)
    ]
    if not out:
        return []
    places = list(dict.fromkeys(out))
    names = ", ".join(places[:3]) + (", …" if len(places) > 3 else "")
    noun = "incident" if len(out) == 1 else "incidents"
    return [
        {
            "title": "Outside the focus area",
            "items": [{"type": "note", "label": f"{len(out)} {noun}: {names}"}],
        }
    ]


def _share_popups(specs: list[dict[str, Any]]) -> None:
    """Ship each event's popup once.

    A movement showing the same popup as its incident marker gets ``popup_ref``
    instead (the popup is looked up by ``event_id`` on click).

    >>> specs = [{"name": "incidents", "features": {"features": [
    ...     {"properties": {"event_id": "e1", "popup": "<p>x</p>"}}]}},
    ...     {"name": "movements", "features": {"features": [
    ...     {"properties": {"event_id": "e1", "popup": "<p>x</p>"}}]}}]
    >>> _share_popups(specs); specs[1]["features"]["features"][0]["properties"]
    {'event_id': 'e1', 'popup_ref': 1}
    """
    by_event = {
        f["properties"].get("event_id"): f["properties"].get("popup")
        for spec in specs
        if spec["name"] == "incidents"
        for f in spec["features"]["features"]
    }
    for spec in specs:
        if spec["name"] == "incidents":
            continue
        for f in spec["features"]["features"]:
            p = f["properties"]
            if p.get("popup") and by_event.get(p.get("event_id")) == p["popup"]:
                del p["popup"]
                p["popup_ref"] = 1


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
