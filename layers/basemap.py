"""The offline vector basemap: land, coastlines, countries, lakes and rivers (Natural Earth 1:50m).

The whole world at one scale is stored in ``layers/data/basemap.geojson`` (see
``layers/data/SOURCES.md``; regenerate with ``tools/build_basemap.py``) and
loaded on first use, never at import. A map embeds only what its extent needs:
:func:`basemap_for_extent` clips every layer to the extent plus a margin and
adds a coarse world land layer (simplified for the lowest zoom) outside it, so
zooming out shows the continents rather than a void.

>>> sorted(k for k in load_basemap() if k in LAYERS)
['coastlines', 'countries', 'lakes', 'land', 'rivers']
>>> fc = basemap_for_extent((29.0, -3.0, 30.5, -1.0))  # Rwanda
>>> len(fc["land"]["features"]) > 0 and len(fc["lakes"]["features"]) > 0
True
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import mapping

from geo.atomic import atomic_path
from geo.settings import default_cache_dir
from layers.style import BASEMAP

log = logging.getLogger(__name__)

LAYERS: tuple[str, ...] = ("land", "coastlines", "countries", "lakes", "rivers")
"""The basemap's layers, as the GeoJSON document names them."""

BBox = tuple[float, float, float, float]

MARGIN_FRACTION = 0.5
"""Margin added on each side of the extent, as a share of its larger side ..."""

MIN_MARGIN_DEG = 4.0
"""... but at least this many degrees."""

DIGITS = 3
"""Decimals kept in the map's coordinates (≈ 100 m, the data's own precision)."""

CONTEXT_PIXELS = 1.5
"""The coarse world land is simplified to this many screen pixels at the lowest zoom."""


def _basemap_bytes() -> bytes:
    return resources.files("layers").joinpath("data", "basemap.geojson").read_bytes()


@cache
def load_basemap() -> dict[str, Any]:
    """The basemap document: one GeoJSON FeatureCollection per layer, plus provenance."""
    return json.loads(_basemap_bytes().decode("utf-8"))  # type: ignore[no-any-return]


@cache
def _frames() -> dict[str, gpd.GeoDataFrame]:
    return frames_cached()


#: Version of the cached frames' file layout (part of its name).
FRAMES_FORMAT = 1


def frames_cache_path(cache_dir: Path | None = None, data: bytes | None = None) -> Path:
    """Where the basemap's frames are cached: keyed by the document's sha256 and the layout.

    >>> frames_cache_path(Path("/tmp/c"), b"{}").name
    'basemap-eefddde10f8eea9b.parquet'
    """
    digest = hashlib.sha256(data if data is not None else _basemap_bytes()).hexdigest()
    key = hashlib.sha256(f"basemap={FRAMES_FORMAT};{digest}".encode()).hexdigest()
    return (cache_dir or default_cache_dir()) / f"basemap-{key[:16]}.parquet"


def frames_from_document(doc: dict[str, Any]) -> dict[str, gpd.GeoDataFrame]:
    """Each layer of the basemap document as a GeoDataFrame (what the cache holds)."""
    return {
        name: gpd.GeoDataFrame.from_features(doc[name]["features"], crs="EPSG:4326")
        for name in LAYERS
        if name in doc
    }


def frames_cached(cache_dir: Path | None = None) -> dict[str, gpd.GeoDataFrame]:
    """:func:`frames_from_document` of the basemap, derived once and cached in the user cache.

    Parsing the 4.6 MB document and making its 3,800 geometries one by one takes
    0.5 s, in every process that draws a map; the cache (Parquet: layer, ``id``,
    WKB, written atomically) is read back in a few hundredths of a second. The
    frames read back equal the ones made from the document (``tests/test_layers_bigmap.py``).

    >>> sorted(frames_cached())
    ['coastlines', 'countries', 'lakes', 'land', 'rivers']
    """
    data = _basemap_bytes()
    path = frames_cache_path(cache_dir, data)
    if path.is_file():
        try:
            return _read_frames(path)
        except (OSError, ValueError, KeyError) as err:
            log.warning("basemap cache %s unreadable (%s); rebuilding", path, err)
    frames = frames_from_document(json.loads(data.decode("utf-8")))
    try:
        _write_frames(frames, path)
        for old in path.parent.glob("basemap-*.parquet"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as err:  # a read-only cache dir only costs speed
        log.warning("cannot cache the basemap in %s: %s", path.parent, err)
    return frames


def _write_frames(frames: dict[str, gpd.GeoDataFrame], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    layer: list[str] = []
    ids: list[Any] = []
    wkb: list[bytes] = []
    for name, frame in frames.items():
        layer += [name] * len(frame)
        if "id" in frame.columns:
            ids += [v if isinstance(v, str) else None for v in frame["id"].tolist()]
        else:
            ids += [_NO_ID] * len(frame)
        wkb += shapely.to_wkb(frame.geometry.to_numpy()).tolist()
    table = pa.table(
        {"layer": layer, "id": pa.array(ids, type=pa.string()), "wkb": pa.array(wkb, pa.binary())}
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd")


#: The ``id`` of a row of a layer that has no ``id`` column.
_NO_ID = "\x00"


def _read_frames(path: Path) -> dict[str, gpd.GeoDataFrame]:
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    layer = np.asarray(table.column("layer").to_pylist(), dtype=object)
    ids = table.column("id").to_pylist()
    geoms = shapely.from_wkb(np.asarray(table.column("wkb").to_pylist(), dtype=object))
    out = {}
    for name in dict.fromkeys(layer.tolist()):
        rows = np.flatnonzero(layer == name)
        data: dict[str, Any] = {"geometry": geoms[rows]}
        got = [ids[i] for i in rows.tolist()]
        if got and got[0] != _NO_ID:
            data["id"] = got
        out[name] = gpd.GeoDataFrame(data, geometry="geometry", crs="EPSG:4326")
    return out


def basemap_frames() -> dict[str, gpd.GeoDataFrame]:
    """Each basemap layer as a GeoDataFrame in EPSG:4326 (for the static figures)."""
    return dict(_frames())


def padded_extent(bbox: BBox, margin: float | None = None) -> BBox:
    """*bbox* grown by a margin on every side, latitudes kept within ±90.

    The default margin is half the larger side, at least :data:`MIN_MARGIN_DEG`.
    A box crossing the antimeridian (``lon_min > lon_max``) stays one.

    >>> padded_extent((68.0, 36.0, 72.0, 40.0))
    (64.0, 32.0, 76.0, 44.0)
    >>> padded_extent((170.0, -20.0, -170.0, -10.0), margin=5)
    (165.0, -25.0, -165.0, -5.0)
    """
    x0, y0, x1, y1 = (float(v) for v in bbox)
    width = (x1 - x0) % 360 or (360.0 if x1 != x0 else 0.0)
    if margin is None:
        margin = max(MIN_MARGIN_DEG, MARGIN_FRACTION * max(width, y1 - y0))
    if width + 2 * margin >= 360:
        return (-180.0, max(-90.0, y0 - margin), 180.0, min(90.0, y1 + margin))
    return (
        wrap_lon(x0 - margin),
        max(-90.0, y0 - margin),
        wrap_lon(x1 + margin),
        min(90.0, y1 + margin),
    )


def wrap_lon(lon: float) -> float:
    """Longitude brought into [-180, 180] (180 itself stays 180).

    >>> wrap_lon(190.0), wrap_lon(180.0), wrap_lon(-181.0)
    (-170.0, 180.0, 179.0)
    """
    lon = float(lon)
    return lon if -180.0 <= lon <= 180.0 else (lon + 180.0) % 360.0 - 180.0


def extent_boxes(bbox: BBox) -> list[tuple[BBox, float]]:
    """The plain boxes covering *bbox*, each with the longitude shift to apply to it.

    A box crossing the antimeridian (``lon_min > lon_max``) is split in two;
    the western part is shifted by +360° so that a web map draws both parts
    side by side (Leaflet does not wrap vector layers).

    >>> extent_boxes((10.0, 0.0, 20.0, 5.0))
    [((10.0, 0.0, 20.0, 5.0), 0.0)]
    >>> extent_boxes((170.0, -20.0, -170.0, -10.0))
    [((170.0, -20.0, 180.0, -10.0), 0.0), ((-180.0, -20.0, -170.0, -10.0), 360.0)]
    """
    x0, y0, x1, y1 = bbox
    if x0 <= x1:
        return [((x0, y0, x1, y1), 0.0)]
    return [((x0, y0, 180.0, y1), 0.0), ((-180.0, y0, x1, y1), 360.0)]


def _rounded(geom: shapely.Geometry) -> dict[str, Any]:
    data = mapping(shapely.set_precision(geom, 10.0**-DIGITS))
    return {"type": data["type"], "coordinates": data["coordinates"]}


def _collection(geoms: Sequence[shapely.Geometry], ids: Sequence[Any]) -> dict[str, Any]:
    features = []
    for geom, fid in zip(geoms, ids, strict=True):
        if geom is None or geom.is_empty:
            continue
        props = {"id": fid} if isinstance(fid, str) and fid else {}
        features.append({"type": "Feature", "properties": props, "geometry": _rounded(geom)})
    return {"type": "FeatureCollection", "features": features}


def _clip_layer(frame: gpd.GeoDataFrame, boxes: list[tuple[BBox, float]]) -> dict[str, Any]:
    geoms: list[shapely.Geometry] = []
    ids: list[Any] = []
    polygonal = frame.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()
    has_id = "id" in frame.columns
    for rect, shift in boxes:
        hits = frame.sindex.query(shapely.box(*rect), predicate="intersects")
        for i in sorted(hits):
            clipped = shapely.clip_by_rect(frame.geometry.iloc[i], *rect)
            if polygonal[i]:
                clipped = shapely.make_valid(clipped)
            if shift:
                clipped = shapely.transform(clipped, lambda xy, s=shift: xy + np.array([s, 0.0]))
            geoms.append(clipped)
            ids.append(frame["id"].iloc[i] if has_id else None)
    return _collection(geoms, ids)


def zoom_tolerance(zoom: float, pixels: float = 1.0) -> float:
    """Degrees of longitude covered by *pixels* screen pixels at web-map *zoom*.

    >>> round(zoom_tolerance(3), 4)
    0.1758
    """
    return pixels * 360.0 / (256.0 * 2.0**zoom)


@cache
def _context_land(min_zoom: int) -> shapely.Geometry:
    land = _frames()["land"]
    tol = zoom_tolerance(min_zoom, CONTEXT_PIXELS)
    # Drop islands smaller than a few pixels at the lowest zoom, then simplify.
    geoms = [p for p in shapely.get_parts(land.geometry.to_numpy()) if p.area > (4 * tol) ** 2]
    simple = shapely.simplify(np.array(geoms, dtype=object), tol, preserve_topology=True)
    return shapely.union_all(simple[~shapely.is_empty(simple)])


def basemap_for_extent(
    bbox: BBox, zoom_range: tuple[int, int] = (3, 12), *, margin: float | None = None
) -> dict[str, Any]:
    """The basemap features a map of *bbox* needs, one FeatureCollection per layer.

    Every layer of :data:`LAYERS` is clipped at full detail to *bbox* plus a
    margin (:func:`padded_extent`); ``context`` adds the world's land outside
    that box, simplified for ``zoom_range[0]``. *bbox* is (lon_min, lat_min,
    lon_max, lat_max); ``lon_min > lon_max`` means it crosses the antimeridian,
    and the features west of it are shifted by +360° (see :func:`extent_boxes`).

    >>> fc = basemap_for_extent((100.0, 12.0, 106.0, 16.0))  # Thailand–Cambodia
    >>> sorted(fc)
    ['coastlines', 'context', 'countries', 'lakes', 'land', 'rivers']
    >>> ids = {f["properties"].get("id") for f in fc["countries"]["features"]}
    >>> {"THA", "KHM"} <= ids
    True
    >>> fiji = basemap_for_extent((176.0, -20.0, -178.0, -15.0), margin=1)
    >>> land = shapely.union_all([shapely.geometry.shape(f["geometry"])
    ...                           for f in fiji["land"]["features"]])
    >>> x0, _, x1, _ = land.bounds
    >>> 175 <= x0 and x1 <= 183 and x1 > 180
    True
    """
    extent = padded_extent(bbox, margin)
    boxes = extent_boxes(extent)
    out: dict[str, Any] = {name: _clip_layer(frame, boxes) for name, frame in _frames().items()}
    context = _context_land(int(zoom_range[0]))
    inner = shapely.union_all([shapely.box(*rect) for rect, _ in boxes])
    outside = shapely.make_valid(shapely.difference(context, inner))
    out["context"] = _collection([outside], [None])
    return out


def basemap_config(
    bbox: BBox | None = None, zoom_range: tuple[int, int] = (3, 12)
) -> dict[str, Any]:
    """What the map's JavaScript needs to draw the basemap of *bbox*.

    With no *bbox* (nothing located) only the coarse world land is shipped.

    >>> cfg = basemap_config((29.0, -3.0, 30.5, -1.0))
    >>> sorted(cfg)[:3], cfg["titles"]["land"]
    (['coastlines', 'colors', 'context'], 'Land & countries')
    """
    if bbox is None:  # nothing to frame: the coarse world land only
        layers: dict[str, Any] = {
            name: {"type": "FeatureCollection", "features": []} for name in LAYERS
        }
        layers["context"] = _collection([_context_land(int(zoom_range[0]))], [None])
    else:
        layers = basemap_for_extent(bbox, zoom_range)
    return {
        **layers,
        "colors": dict(BASEMAP),
        "titles": {"land": "Land & countries", "water": "Rivers & lakes"},
    }


def map_extent(
    view: Sequence[Sequence[float]] | None,
    bbox: BBox | None = None,
    situation: Any = None,
) -> BBox | None:
    """The extent a map's basemap and labels cover.

    Its initial view, else *bbox*, else the situation's
    (:func:`layers.borders.situation_bbox`), else None.

    >>> map_extent([[35.0, 66.0], [41.0, 75.0]])
    (66.0, 35.0, 75.0, 41.0)
    >>> map_extent(None, (1.0, 2.0, 3.0, 4.0))
    (1.0, 2.0, 3.0, 4.0)
    """
    found = view_bbox(view) or bbox
    if found is None and situation is not None:
        from layers.borders import situation_bbox

        found = situation_bbox(situation, pad=0.0)
    return None if found is None else tuple(float(v) for v in found)  # type: ignore[return-value]


def view_bbox(view: Sequence[Sequence[float]] | None) -> BBox | None:
    """A Leaflet ``[[south, west], [north, east]]`` view as (lon_min, lat_min, lon_max, lat_max).

    >>> view_bbox([[35.0, 66.0], [41.0, 75.0]])
    (66.0, 35.0, 75.0, 41.0)
    >>> view_bbox(None) is None
    True
    """
    if not view:
        return None
    (south, west), (north, east) = view
    if east - west >= 360:
        return (-180.0, float(south), 180.0, float(north))
    return (wrap_lon(west), float(south), wrap_lon(east), float(north))


__all__ = [
    "LAYERS",
    "basemap_config",
    "basemap_for_extent",
    "basemap_frames",
    "extent_boxes",
    "load_basemap",
    "map_extent",
    "padded_extent",
    "view_bbox",
    "wrap_lon",
    "zoom_tolerance",
]
