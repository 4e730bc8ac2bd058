"""Vectorized point joins: country, province, district and nearest land border.

Built like geopandas' ``sjoin``, in three steps: check the input, query a
spatial index, assemble a frame. No step loops over points in Python.

* Country, admin-1 and admin-2 come from point-in-polygon queries on the
  layers' spatial indexes. A province or district only counts when it belongs
  to the point's country; where the coarser admin layers leave a sliver
  uncovered, the nearest unit of the same country within
  :data:`ADMIN_SNAP_DEGREES` is used.
* ``border`` is the nearest land-border dyad and ``border_distance_km`` the
  geodesic (WGS84) distance to its nearest point. The dyad lines are
  densified to vertices at most :data:`BORDER_STEP_DEGREES` apart; a k-d tree
  on their unit vectors finds the nearest vertices on the sphere, the
  segments next to them are searched exactly on the sphere, and the distance
  to the point found is measured on the ellipsoid with :class:`pyproj.Geod`.

>>> row = where(38.56, 68.77)  # Dushanbe
>>> row["country_code"], row["border"]
('TJ', 'TJK–UZB')
"""

from __future__ import annotations

import functools
import itertools
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from numpy.typing import ArrayLike, NDArray
from pyproj import Geod
from scipy.spatial import cKDTree

from geo.boundaries import Boundaries, load_boundaries
from geo.errors import InputError
from geo.points import check_latlon

COLUMNS: tuple[str, ...] = (
    "country_code",
    "admin1",
    "admin1_code",
    "admin2",
    "border",
    "border_distance_km",
)
"""Columns of :func:`join_points`, in order."""

BORDER_STEP_DEGREES = 0.01
"""Longest border segment (degrees) after densifying; bounds the search error."""

NEIGHBOURS = 8
"""How many nearest border vertices are looked at for each point."""

ADMIN_SNAP_DEGREES = 0.05
"""How far (degrees) a point may lie outside its country's admin units and still get one."""

_BATCH = 20_000
_GEOD = Geod(ellps="WGS84")


# --------------------------------------------------------------------------- checks


def _check_arrays(
    lat: ArrayLike, lon: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return ``lat`` and ``lon`` as 1-D float arrays, or raise :class:`InputError`."""
    try:
        la = np.atleast_1d(np.asarray(lat, dtype=float))
        lo = np.atleast_1d(np.asarray(lon, dtype=float))
    except (TypeError, ValueError) as err:
        raise InputError(f"latitudes and longitudes must be numbers: {err}") from None
    if la.ndim != 1 or lo.ndim != 1:
        raise InputError("latitudes and longitudes must be flat sequences of numbers")
    if la.shape != lo.shape:
        raise InputError(f"got {la.size} latitudes but {lo.size} longitudes")
    for values, what, limit in ((la, "latitude", 90.0), (lo, "longitude", 180.0)):
        bad = ~np.isfinite(values)
        if bad.any():
            first = int(np.flatnonzero(bad)[0])
            raise InputError(f"{what} at position {first} is not a finite number")
        out = np.abs(values) > limit
        if out.any():
            first = int(np.flatnonzero(out)[0])
            raise InputError(
                f"{what} at position {first} must be between -{limit:g} and {limit:g}, "
                f"not {values[first]}"
            )
    return la, lo


# --------------------------------------------------------------------------- polygons


#: Up to this many points, polygons are found through the layer's own index.
SMALL_BATCH = 64


def _first_hit(point_idx: NDArray[np.intp], poly_idx: NDArray[np.intp], n: int) -> NDArray[np.intp]:
    """For each of ``n`` points, the first polygon index that hit it, or -1."""
    found = np.full(n, -1, dtype=np.intp)
    if point_idx.size:
        order = np.lexsort((poly_idx, point_idx))
        pts, first = np.unique(point_idx[order], return_index=True)
        found[pts] = poly_idx[order][first]
    return found


def _hits(
    points: NDArray[np.object_], layer: gpd.GeoDataFrame
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """(point, polygon) index pairs where a polygon of ``layer`` holds one of ``points``.

    The layer's own (cached) index gives the candidate pairs by bounding box;
    the polygons are prepared once per process (in place, so the next join
    reuses them) and each pair is tested with :func:`shapely.intersects_xy`.
    Querying the points' index with the polygons instead would prepare every
    polygon again on every call: with the world's ~140,000 districts that is
    most of the time.
    """
    if len(points) <= SMALL_BATCH:
        # A few points (one article's places): the exact query is cheap enough.
        pts, polys = layer.sindex.query(points, predicate="intersects")
        return pts.astype(np.intp), polys.astype(np.intp)
    geoms = layer.geometry.to_numpy()
    shapely.prepare(geoms)  # no-op for geometries already prepared
    pts, polys = layer.sindex.query(points)
    inside = shapely.intersects_xy(geoms[polys], shapely.get_x(points[pts]),
                                   shapely.get_y(points[pts]))  # fmt: skip
    return pts[inside].astype(np.intp), polys[inside].astype(np.intp)


def _countries(points: NDArray[np.object_], data: Boundaries) -> NDArray[np.object_]:
    pts, polys = _hits(points, data.admin0)
    hit = _first_hit(pts, polys, len(points))
    codes = _column(data, "admin0", "iso_a2")
    out = np.full(len(points), None, dtype=object)
    out[hit >= 0] = codes[hit[hit >= 0]]
    return out


def _admin_units(
    points: NDArray[np.object_],
    country: NDArray[np.object_],
    layer: gpd.GeoDataFrame,
    layer_country: NDArray[np.object_],
) -> NDArray[np.intp]:
    """Row of ``layer`` holding each point within the point's country, or -1.

    ``layer_country`` is the layer's ``iso_a2`` column as an object array.
    """
    n = len(points)
    if layer.empty:
        return np.full(n, -1, dtype=np.intp)
    pts, polys = _hits(points, layer)
    same = layer_country[polys] == country[pts]
    hit = _first_hit(pts[same], polys[same], n)
    # Slivers the coarser admin layer leaves uncovered: nearest unit of the same
    # country. One query per country that has such points, not per point.
    missing = (hit < 0) & (country != None)  # noqa: E711 (element-wise comparison)
    for code in pd.unique(country[missing]):
        rows = np.flatnonzero(layer_country == code)
        if rows.size == 0:
            continue
        which = np.flatnonzero(missing & (country == code))
        tree = shapely.STRtree(layer.geometry.to_numpy()[rows])
        near_pts, near_rows = tree.query_nearest(
            points[which], max_distance=ADMIN_SNAP_DEGREES, all_matches=False
        )
        hit[which[near_pts]] = rows[near_rows]
    return hit


def _districts(
    points: NDArray[np.object_], country: NDArray[np.object_], data: Boundaries
) -> NDArray[np.object_]:
    """Name of the district (admin-2) holding each point within the point's country, or None.

    One country at a time, through that country's districts alone
    (:meth:`geo.boundaries.Boundaries.country_districts`): a point counts
    only in a district of its own country, so this is the world layer's
    answer without the world's districts in memory.
    """
    out = np.full(len(points), None, dtype=object)
    for code in pd.unique(country[country != None]):  # noqa: E711 (element-wise comparison)
        layer = _country_districts(data, code)
        if layer.empty:
            continue
        which = np.flatnonzero(country == code)
        mine = country[which]
        rows = _admin_units(points[which], mine, layer, np.full(len(layer), code, dtype=object))
        out[which] = _take(layer["name"].to_numpy(dtype=object, na_value=None), rows)
    return out


def _country_districts(data: Any, code: str) -> gpd.GeoDataFrame:
    """One country's districts from ``data`` (cut from a plain ``admin2`` frame if need be)."""
    getter = getattr(data, "country_districts", None)
    if getter is not None:
        return getter(code)  # type: ignore[no-any-return]
    layer = data.admin2
    return layer[layer["iso_a2"] == code]


@functools.lru_cache(maxsize=16)
def _column(boundaries: Boundaries, layer: str, name: str) -> NDArray[np.object_]:
    """A text column of a boundary layer as an object array (cached per Boundaries)."""
    frame = getattr(boundaries, layer)
    return frame[name].to_numpy(dtype=object, na_value=None)  # type: ignore[no-any-return]


def _take(array: NDArray[np.object_], rows: NDArray[np.intp]) -> NDArray[np.object_]:
    out = np.full(len(rows), None, dtype=object)
    ok = rows >= 0
    out[ok] = array[rows[ok]]
    return out


# --------------------------------------------------------------------------- borders


def _unit_vectors(lon: NDArray[np.float64], lat: NDArray[np.float64]) -> NDArray[np.float64]:
    lam, phi = np.radians(lon), np.radians(lat)
    cos_phi = np.cos(phi)
    return np.stack((cos_phi * np.cos(lam), cos_phi * np.sin(lam), np.sin(phi)), axis=-1)


def _lonlat(vectors: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    x, y, z = vectors[..., 0], vectors[..., 1], vectors[..., 2]
    lon = np.degrees(np.arctan2(y, x))
    lat = np.degrees(np.arctan2(z, np.hypot(x, y)))
    return lon, lat


@dataclass(frozen=True, eq=False)
class BorderIndex:
    """Densified border vertices on the unit sphere, with k-d trees over them.

    ``vertices`` holds every vertex of every dyad line (each dyad's vertices
    are contiguous, from ``starts[d]`` to ``starts[d + 1]``); vertex ``i``
    starts a segment when ``valid[i]``; ``dyad`` is each vertex's row in the
    borders layer. ``trees[d]`` is a k-d tree over dyad ``d``'s vertices.
    ``coarse`` is a small tree over every :data:`COARSE_EVERY`-th vertex
    (``coarse_dyad`` their dyads), at most ``coarse_slack`` (chord length on
    the unit sphere) further from a point than the dyad's nearest point.
    """

    vertices: NDArray[np.float64]
    valid: NDArray[np.bool_]
    dyad: NDArray[np.intp]
    starts: NDArray[np.intp]
    trees: tuple[cKDTree, ...]
    coarse: cKDTree
    coarse_dyad: NDArray[np.intp]
    coarse_slack: float


COARSE_EVERY = 25
"""Take every this-many densified vertex into the coarse first-pass tree."""

COARSE_NEIGHBOURS = 12
"""Coarse vertices looked at per point to collect candidate dyads (more where crowded)."""

_EARTH_KM = 6371.0


@functools.lru_cache(maxsize=4)
def border_index(boundaries: Boundaries) -> BorderIndex:
    """Build (once per :class:`Boundaries`) the search structure for nearest borders."""
    lines = shapely.segmentize(boundaries.borders.geometry.to_numpy(), BORDER_STEP_DEGREES)
    parts, row = shapely.get_parts(lines, return_index=True)
    coords, part = shapely.get_coordinates(parts, return_index=True)
    vertices = _unit_vectors(coords[:, 0], coords[:, 1])
    valid = np.zeros(len(coords), dtype=bool)
    valid[:-1] = part[:-1] == part[1:]
    dyad = row[part].astype(np.intp)
    starts = np.searchsorted(dyad, np.arange(len(boundaries.borders) + 1)).astype(np.intp)
    trees = tuple(cKDTree(vertices[a:b]) for a, b in itertools.pairwise(starts))
    # Coarse pass: every COARSE_EVERY-th vertex of each part, plus each part's last.
    first_of_part = np.r_[True, part[1:] != part[:-1]]
    rank = np.arange(len(part)) - np.maximum.accumulate(
        np.where(first_of_part, np.arange(len(part)), 0)
    )
    pick = (rank % COARSE_EVERY == 0) | ~valid
    # A point on a line lies at most half a coarse step (along the line) from a
    # coarse vertex; a step is at most COARSE_EVERY * BORDER_STEP_DEGREES of arc.
    slack_angle = np.radians(COARSE_EVERY * BORDER_STEP_DEGREES) / 2 * 1.01
    return BorderIndex(
        vertices=vertices,
        valid=valid,
        dyad=dyad,
        starts=starts,
        trees=trees,
        coarse=cKDTree(vertices[pick]),
        coarse_dyad=dyad[pick],
        coarse_slack=float(slack_angle),
    )


def _nearest_on_segments(
    p: NDArray[np.float64], a: NDArray[np.float64], b: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Nearest point on great-circle arcs ``a``-``b`` to ``p`` and its cosine to ``p``.

    All arrays are ``(..., 3)`` unit vectors, broadcast together.
    """
    n = np.cross(a, b)
    norm = np.linalg.norm(n, axis=-1, keepdims=True)
    degenerate = norm[..., 0] < 1e-15
    n_hat = n / np.where(norm == 0.0, 1.0, norm)
    c = p - np.sum(p * n_hat, axis=-1, keepdims=True) * n_hat
    c_norm = np.linalg.norm(c, axis=-1, keepdims=True)
    c = c / np.where(c_norm == 0.0, 1.0, c_norm)
    inside = (np.sum(np.cross(a, c) * n, axis=-1) >= 0) & (np.sum(np.cross(c, b) * n, axis=-1) >= 0)
    inside &= ~degenerate & (c_norm[..., 0] > 0)
    cos_a = np.sum(p * a, axis=-1)
    cos_b = np.sum(p * b, axis=-1)
    end = np.where((cos_a >= cos_b)[..., None], a, b)
    best = np.where(inside[..., None], c, end)
    return best, np.sum(p * best, axis=-1)


def _chord_to_angle(chord: NDArray[np.float64]) -> NDArray[np.float64]:
    return 2.0 * np.arcsin(np.clip(chord / 2.0, 0.0, 1.0))


def _coarse_candidates(
    p: NDArray[np.float64], index: BorderIndex, k: int
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.bool_]]:
    """Candidate (point, dyad) pairs from the ``k`` nearest coarse vertices.

    Also returns, per point, whether all ``k`` fell inside the search radius
    (then a candidate may lie beyond them).
    """
    k = min(k, index.coarse.n)
    chord, near = index.coarse.query(p, k=k)
    chord = chord.reshape(len(p), k)
    near = near.reshape(len(p), k)
    angle = _chord_to_angle(chord)
    # The nearest dyad has a coarse vertex within (nearest coarse distance + slack).
    keep = angle <= angle[:, :1] + index.coarse_slack
    point = np.broadcast_to(np.arange(len(p))[:, None], near.shape)[keep]
    return point, index.coarse_dyad[near[keep]], keep[:, -1] & (k < index.coarse.n)


def _candidate_pairs(
    p: NDArray[np.float64], index: BorderIndex
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """(point, dyad) pairs that may hold each point's nearest border, sorted by point."""
    point, dyad, crowded = _coarse_candidates(p, index, COARSE_NEIGHBOURS)
    rows = np.flatnonzero(crowded)
    if rows.size:
        # Dense border networks: look further for those (few) points ...
        more_point, more_dyad, still = _coarse_candidates(p[rows], index, 16 * COARSE_NEIGHBOURS)
        point = np.r_[point, rows[more_point]]
        dyad = np.r_[dyad, more_dyad]
        # ... and, should even that not do, at every dyad.
        worst = rows[still]
        every = np.arange(len(index.trees))
        point = np.r_[point, np.repeat(worst, len(every))]
        dyad = np.r_[dyad, np.tile(every, len(worst))]
    n_dyads = len(index.trees)
    key = np.unique(point.astype(np.int64) * n_dyads + dyad)
    return (key // n_dyads).astype(np.intp), (key % n_dyads).astype(np.intp)


def _nearest_borders(
    lat: NDArray[np.float64], lon: NDArray[np.float64], index: BorderIndex
) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """Row of the nearest dyad and geodesic distance (km) to it, for each point."""
    n = len(lat)
    rows = np.full(n, -1, dtype=np.intp)
    dist = np.full(n, np.nan)
    if len(index.vertices) < 2 or n == 0:
        return rows, dist
    last = len(index.vertices) - 1
    for start in range(0, n, _BATCH):
        stop = min(start + _BATCH, n)
        p = _unit_vectors(lon[start:stop], lat[start:stop])
        point, dyad = _candidate_pairs(p, index)
        # Fine pass, one k-d tree query per candidate dyad (not per point).
        near = np.empty((len(point), NEIGHBOURS), dtype=np.intp)
        order = np.argsort(dyad, kind="stable")
        bounds = np.searchsorted(dyad[order], np.arange(len(index.trees) + 1))
        for d in np.flatnonzero(np.diff(bounds)):
            which = order[bounds[d] : bounds[d + 1]]
            tree = index.trees[d]
            k = min(NEIGHBOURS, tree.n)
            _, local = tree.query(p[point[which]], k=k)
            local = local.reshape(len(which), k)
            near[which] = index.starts[d] + np.pad(
                local, ((0, 0), (0, NEIGHBOURS - k)), mode="edge"
            )
        # Each nearby vertex contributes the segment it starts and the one it ends.
        seg = np.clip(np.concatenate((near, near - 1), axis=1), 0, last - 1)
        ok = index.valid[seg] & (index.dyad[seg] == dyad[:, None])
        q, cos = _nearest_on_segments(
            p[point][:, None, :], index.vertices[seg], index.vertices[seg + 1]
        )
        cos = np.where(ok, cos, -2.0)
        best_seg = np.argmax(cos, axis=1)
        pair = np.arange(len(point))
        pair_cos = cos[pair, best_seg]
        # Best pair per point: sort by point, then by cosine descending.
        ranked = np.lexsort((-pair_cos, point))
        first = ranked[np.r_[True, point[ranked][1:] != point[ranked][:-1]]]
        q_best = q[first, best_seg[first]]
        rows[start + point[first]] = dyad[first]
        q_lon, q_lat = _lonlat(q_best)
        sel = start + point[first]
        _, _, metres = _GEOD.inv(lon[sel], lat[sel], q_lon, q_lat)
        dist[sel] = np.asarray(metres) / 1000.0
    return rows, dist


# --------------------------------------------------------------------------- API


def join_points(
    lat: ArrayLike, lon: ArrayLike, *, boundaries: Boundaries | None = None
) -> pd.DataFrame:
    """Join points to country, admin-1, admin-2 and nearest land border.

    ``lat`` and ``lon`` are equally long array-likes in degrees. Returns one
    row per point, in input order, with the columns in :data:`COLUMNS`;
    ``None`` where a point lies in no unit (at sea, say). Raises
    :class:`~geo.errors.InputError` for unequal lengths, non-finite numbers
    or coordinates out of range.

    >>> frame = join_points([36.71, 0.0], [67.11, 0.0])  # Mazar-i-Sharif, Gulf of Guinea
    >>> frame[["country_code", "admin1"]].to_dict("records")
    [{'country_code': 'AF', 'admin1': 'Balkh'}, {'country_code': None, 'admin1': None}]
    """
    la, lo = _check_arrays(lat, lon)
    data = load_boundaries() if boundaries is None else boundaries
    points = shapely.points(lo, la)

    country = _countries(points, data)
    unit1 = _admin_units(points, country, data.admin1, _column(data, "admin1", "iso_a2"))
    district = _districts(points, country, data)
    dyad_rows, distance = _nearest_borders(la, lo, border_index(data))

    text = {
        "country_code": country,
        "admin1": _take(_column(data, "admin1", "name"), unit1),
        "admin1_code": _take(_column(data, "admin1", "code"), unit1),
        "admin2": district,
        "border": _take(_column(data, "borders", "dyad"), dyad_rows),
    }
    # object dtype keeps None as None (pandas would turn it into NaN in a str column)
    columns = {name: pd.Series(values, dtype=object) for name, values in text.items()}
    columns["border_distance_km"] = pd.Series(distance, dtype=float)
    return pd.DataFrame(columns, columns=list(COLUMNS))


#: Points :class:`PointJoinCache` remembers (about 200 bytes each).
JOIN_CACHE_SIZE = 65_536


class PointJoinCache:
    """:func:`join_points` that remembers each distinct point's row (an LRU memo).

    News names the same few hundred places over and over; joining each
    distinct ``(lat, lon)`` once per process turns the per-article join into
    dictionary look-ups. A point's row does not depend on the other points of
    its call, so the frame is the one :func:`join_points` returns (same
    columns, dtypes and values); invalid input raises the same errors.

    >>> join = PointJoinCache(load_boundaries())
    >>> join([39.95, 39.95], [70.53, 70.53])["border"].tolist()
    ['KGZ–TJK', 'KGZ–TJK']
    >>> len(join)
    1
    """

    def __init__(self, boundaries: Boundaries, maxsize: int = JOIN_CACHE_SIZE) -> None:
        self.boundaries = boundaries
        self.maxsize = maxsize
        self._rows: OrderedDict[tuple[float, float], tuple[Any, ...]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._rows)

    def __call__(self, lat: ArrayLike, lon: ArrayLike) -> pd.DataFrame:
        """Join points like :func:`join_points`, computing only the points not seen yet."""
        columns = self.columns(lat, lon)
        frame = {
            name: pd.Series(values, dtype=float if name == "border_distance_km" else object)
            for name, values in columns.items()
        }
        return pd.DataFrame(frame, columns=list(COLUMNS))

    def prefetch(self, lat: ArrayLike, lon: ArrayLike) -> None:
        """Join the points not seen yet in one call (many articles' points at once)."""
        self.columns(lat, lon)

    def columns(self, lat: ArrayLike, lon: ArrayLike) -> dict[str, list[Any]]:
        """The :func:`join_points` columns as plain lists (no frame to build: faster).

        >>> PointJoinCache(load_boundaries()).columns([39.95], [70.53])["country_code"]
        ['KG']
        """
        la, lo = _check_arrays(lat, lon)
        keys = list(zip(la.tolist(), lo.tolist(), strict=True))
        rows = self._rows
        missing = list(dict.fromkeys(k for k in keys if k not in rows))
        if missing:
            frame = join_points(
                [k[0] for k in missing], [k[1] for k in missing], boundaries=self.boundaries
            )
            for key, row in zip(missing, frame.itertuples(index=False, name=None), strict=True):
                rows[key] = row
        found = []
        for key in keys:
            rows.move_to_end(key)
            found.append(rows[key])
        while len(rows) > self.maxsize:
            rows.popitem(last=False)
        return {name: [row[i] for row in found] for i, name in enumerate(COLUMNS)}


@functools.lru_cache(maxsize=4)
def cached_join(boundaries: Boundaries) -> PointJoinCache:
    """The process-wide :class:`PointJoinCache` of ``boundaries``."""
    return PointJoinCache(boundaries)


def join_frame(gdf: gpd.GeoDataFrame, *, boundaries: Boundaries | None = None) -> gpd.GeoDataFrame:
    """Return ``gdf`` with the :func:`join_points` columns added (a new frame).

    ``gdf`` must hold points; it is reprojected to EPSG:4326 when it has
    another CRS and taken as EPSG:4326 when it has none.

    >>> pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy([69.17], [34.53]), crs=4326)
    >>> join_frame(pts).loc[0, "country_code"]
    'AF'
    """
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise InputError(f"join_frame needs a GeoDataFrame, not {type(gdf).__name__}")
    clash = [name for name in COLUMNS if name in gdf.columns]
    if clash:
        raise InputError(f"the frame already has the columns {', '.join(clash)}")
    geoms = gdf.geometry
    if geoms.crs is not None and geoms.crs.to_epsg() != 4326:
        geoms = geoms.to_crs(4326)
    values = geoms.to_numpy()
    if len(values) and not (shapely.get_type_id(values) == 0).all():
        raise InputError("join_frame needs a point in every row (found other or missing ones)")
    if len(values) and shapely.is_empty(values).any():
        raise InputError("join_frame cannot join empty points")
    joined = join_points(shapely.get_y(values), shapely.get_x(values), boundaries=boundaries)
    joined.index = gdf.index
    return gpd.GeoDataFrame(
        pd.concat([gdf, joined], axis=1), geometry=gdf.geometry.name, crs=gdf.crs
    )


def where(lat: object, lon: object, *, boundaries: Boundaries | None = None) -> dict[str, Any]:
    """Join one point and return a dict.

    The keys are ``country_code, admin1, admin2, border, border_distance_km``;
    ``lat`` and ``lon`` are checked with :func:`geo.points.check_latlon`.

    >>> place = where(39.95, 70.53)  # Tort-Kocho, Batken region
    >>> place["country_code"], place["admin1"], place["border"]
    ('KG', 'Batken', 'KGZ–TJK')
    """
    la, lo = check_latlon(lat, lon)
    row = join_points([la], [lo], boundaries=boundaries).iloc[0]
    keys: Sequence[str] = ("country_code", "admin1", "admin2", "border", "border_distance_km")
    result: dict[str, Any] = {key: row[key] for key in keys}
    result["border_distance_km"] = float(result["border_distance_km"])
    return result
