"""The initial view of a situation map: theatres of events, outliers, antimeridian.

Points (``lon, lat`` with a weight) are grouped by single linkage on the
sphere: two points closer than ``link_km`` (great-circle) join the same
cluster, so events strung along a long border stay one theatre while two
conflicts on different continents do not. Each cluster big enough to matter
is a *theatre*; within a theatre, points farther from its centre than a
robust limit (median + 3 scaled MADs of the distances) are outliers: they
stay on the map and in the event panel but do not stretch the view.

Longitudes are unwrapped around each theatre's centre, so a theatre across
the antimeridian gets bounds such as ``east = 181.5`` (Leaflet reads
``lng > 180`` as the same meridian one world to the east) instead of a view
spanning the globe.

>>> pts = [(70.5, 39.9), (70.6, 40.0), (70.8, 40.1), (102.9, 14.4), (103.1, 14.3)]
>>> v = frame_view(pts)
>>> [t.count for t in v.theatres], v.theatres[0].bounds
([3, 2], (39.9, 70.5, 40.1, 70.8))
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

#: Earth's mean radius (km), IUGG.
EARTH_KM = 6371.0088
#: Points closer than this (great-circle km) belong to the same theatre.
LINK_KM = 400.0
#: A cluster is a theatre when it holds at least this share of the points …
THEATRE_SHARE = 0.05
#: … and at least this many points (a lone far point is an outlier, not a theatre).
THEATRE_MIN = 2
#: Theatres whose joint view spans more than this (km, diagonal) get a switcher.
MAX_VIEW_KM = 2500.0
#: Outlier limit: median distance to the centre + this many scaled MADs …
MAD_K = 3.0
#: … but never closer than this (km): a compact theatre keeps all its points.
MIN_LIMIT_KM = 150.0


@dataclass(frozen=True)
class Theatre:
    """One cluster of events: a name, how many, and where (``south, west, north, east``)."""

    name: str
    count: int
    bounds: tuple[float, float, float, float]
    members: tuple[int, ...] = ()
    outliers: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """JSON for the map's theatre switcher."""
        s, w, n, e = self.bounds
        return {"name": self.name, "count": self.count, "bounds": [[s, w], [n, e]]}


@dataclass(frozen=True)
class View:
    """The initial view, the theatres (largest first) and the points outside every view."""

    bounds: tuple[float, float, float, float] | None
    theatres: tuple[Theatre, ...] = ()
    outside: tuple[int, ...] = field(default=())
    switcher: bool = False


def wrap_lon(lon: float) -> float:
    """A longitude folded into ``[-180, 180)``.

    >>> wrap_lon(190.0), wrap_lon(-180.0), wrap_lon(540.0)
    (-170.0, -180.0, -180.0)
    """
    return ((lon + 180.0) % 360.0) - 180.0


def unwrap_lon(lon: float, centre: float) -> float:
    """*lon* shifted by whole turns to lie within 180° of *centre*.

    >>> unwrap_lon(-179.5, 179.0), unwrap_lon(10.0, 0.0)
    (180.5, 10.0)
    """
    return centre + wrap_lon(lon - centre)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km.

    >>> round(haversine_km(0, 179.5, 0, -179.5), 1)
    111.2
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def _unit_vectors(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    la, lo = np.radians(lat), np.radians(lon)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


def clusters(points: Sequence[tuple[float, float]], link_km: float = LINK_KM) -> list[list[int]]:
    """Single-linkage clusters of ``(lon, lat)`` points, largest first (index lists).

    Linear in practice, however dense the points: they are binned into 3-D
    cells of unit vectors small enough that a cell's points are all linked;
    only neighbouring cells are compared (no special case at the antimeridian
    or the poles). Two cells are linked when a pair of their points is closer
    than the link: a witness pair is tried first (the point of one cell nearest
    the other cell's centroid, and its nearest point there), and only when it
    is too far are the cells compared exactly, with a k-d tree (scipy, imported
    then: dense events never need it).

    >>> clusters([(179.9, 0.0), (-179.9, 0.0), (0.0, 0.0)])
    [[0, 1], [2]]
    """
    n = len(points)
    if n == 0:
        return []
    arr = np.asarray(points, dtype=float).reshape(n, 2)
    xyz = _unit_vectors(arr[:, 0], arr[:, 1])
    chord = 2.0 * math.sin(min(math.pi, link_km / EARTH_KM) / 2.0)
    side = chord / math.sqrt(3.0) * 0.999  # a cell's diagonal is shorter than the link
    keys = np.floor(xyz / side).astype(np.int64)
    # points grouped by cell in bulk (100,000 points: a few cells, no per-point Python work)
    lo = keys.min(axis=0)
    span = keys.max(axis=0) - lo + 1
    flat = ((keys[:, 0] - lo[0]) * span[1] + (keys[:, 1] - lo[1])) * span[2] + (keys[:, 2] - lo[2])
    _, first, inverse = np.unique(flat, return_index=True, return_inverse=True)
    members = np.argsort(inverse, kind="stable")
    bounds = np.cumsum(np.bincount(inverse, minlength=len(first)))[:-1]
    order = [tuple(k) for k in keys[first].tolist()]
    cells: dict[tuple[int, int, int], list[int]] = {
        k: part.tolist() for k, part in zip(order, np.split(members, bounds), strict=True)
    }
    index = {k: j for j, k in enumerate(order)}
    parent = list(range(len(order)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    trees: dict[int, Any] = {}
    coords: dict[int, np.ndarray] = {}

    def at(j: int) -> np.ndarray:
        if j not in coords:
            coords[j] = xyz[cells[order[j]]]
        return coords[j]

    def tree(j: int) -> Any:
        if j not in trees:
            from scipy.spatial import cKDTree

            trees[j] = cKDTree(at(j))
        return trees[j]

    def witness(a: np.ndarray, b: np.ndarray) -> bool:
        # a real pair of points clearly closer than the link: the cells are linked
        pa = a[np.argmin(((a - b.mean(axis=0)) ** 2).sum(axis=1))]
        pb = b[np.argmin(((b - pa) ** 2).sum(axis=1))]
        return float(np.sqrt(((pa - pb) ** 2).sum())) < chord * (1.0 - 1e-9)

    reach = math.ceil(chord / side)
    offsets = [
        (dx, dy, dz)
        for dx in range(-reach, reach + 1)
        for dy in range(-reach, reach + 1)
        for dz in range(-reach, reach + 1)
        if (dx, dy, dz) > (0, 0, 0)
    ]
    for j, (cx, cy, cz) in enumerate(order):
        for dx, dy, dz in offsets:
            other = index.get((cx + dx, cy + dy, cz + dz))
            if other is None or find(j) == find(other):
                continue
            if witness(at(j), at(other)):
                linked = True
            else:
                dist, _ = tree(other).query(at(j), distance_upper_bound=chord)
                linked = bool(np.isfinite(dist).any())
            if linked:
                ra, rb = find(j), find(other)
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for j, k in enumerate(order):
        groups.setdefault(find(j), []).extend(cells[k])
    return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g[0]))


def centre(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """A robust centre ``(lon, lat)``: the coordinate-wise median of the unit vectors.

    >>> [round(c, 2) for c in centre([(179.0, 10.0), (-179.0, 10.0), (179.5, 10.0)])]
    [179.5, 10.0]
    """
    arr = np.asarray(points, dtype=float).reshape(len(points), 2)
    # A coordinate-wise median is not turned with the globe: take it in a frame whose
    # prime meridian is the points' mean longitude, so the same pattern gets the same
    # centre at any longitude, then turn the answer back.
    mean = _unit_vectors(arr[:, 0], arr[:, 1]).sum(axis=0)
    lon0 = (
        math.degrees(math.atan2(mean[1], mean[0])) if math.hypot(mean[0], mean[1]) > 1e-9 else 0.0
    )
    v = np.median(_unit_vectors(arr[:, 0] - lon0, arr[:, 1]), axis=0)
    norm = float(np.linalg.norm(v))
    if norm < 1e-9:  # points all round the globe: no meaningful centre
        return float(arr[0, 0]), float(arr[0, 1])
    x, y, z = v / norm
    lon = wrap_lon(math.degrees(math.atan2(y, x)) + lon0)
    return round(lon, 6), round(math.degrees(math.asin(z)), 6)


def trim(
    points: Sequence[tuple[float, float]], k: float = MAD_K, floor_km: float = MIN_LIMIT_KM
) -> tuple[list[int], list[int]]:
    """Split indices into (kept, outliers) by distance to the robust centre.

    >>> trim([(70.0, 40.0), (70.1, 40.0), (70.2, 40.1), (70.1, 39.9), (80.0, 45.0)])
    ([0, 1, 2, 3], [4])
    """
    if len(points) < 3:
        return list(range(len(points))), []
    cx, cy = centre(points)
    arr = np.asarray(points, dtype=float).reshape(len(points), 2)
    dist = _haversine_km(cy, cx, arr[:, 1], arr[:, 0])
    med = float(np.median(dist))
    mad = float(np.median(np.abs(dist - med))) * 1.4826
    limit = max(floor_km, med + k * mad)
    return np.flatnonzero(dist <= limit).tolist(), np.flatnonzero(dist > limit).tolist()


def _haversine_km(lat1: float, lon1: float, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """:func:`haversine_km` from one point to many (arrays of degrees)."""
    p1, p2 = math.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def bounds_of(points: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    """``(south, west, north, east)`` with longitudes unwrapped around the centre.

    >>> bounds_of([(179.0, -17.0), (-179.5, -16.0)])
    (-17.0, 179.0, -16.0, 180.5)
    """
    cx, _ = centre(points)
    arr = np.asarray(points, dtype=float).reshape(len(points), 2)
    lons = cx + (((arr[:, 0] - cx) + 180.0) % 360.0 - 180.0)  # unwrap_lon, in bulk
    lats = arr[:, 1]
    west, east = float(lons.min()), float(lons.max())
    if west < -180.0 or west >= 180.0:  # keep the west edge on the first world
        shift = 360.0 * math.floor((west + 180.0) / 360.0)
        west, east = west - shift, east - shift
    return (
        round(float(lats.min()), 6),
        round(west, 6),
        round(float(lats.max()), 6),
        round(east, 6),
    )


def _diagonal_km(b: tuple[float, float, float, float]) -> float:
    s, w, n, e = b
    return haversine_km(s, w, n, e)


def _union(bs: Sequence[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    """The smallest box holding every box, longitudes unwrapped around the first one."""
    mid = (bs[0][1] + bs[0][3]) / 2
    ws = [unwrap_lon((b[1] + b[3]) / 2, mid) - (b[3] - b[1]) / 2 for b in bs]
    es = [w + (b[3] - b[1]) for w, b in zip(ws, bs, strict=True)]
    return (min(b[0] for b in bs), min(ws), max(b[2] for b in bs), max(es))


def theatre_name(labels: Sequence[tuple[str | None, str | None]]) -> str:
    """A theatre's name from its events' ``(country, admin1)`` labels: the most mentioned.

    The top admin-1 unit is named when it holds at least half of the events,
    else the two most mentioned countries.

    >>> theatre_name([("Thailand", "Surin"), ("Cambodia", "Oddar Meanchey"), ("Thailand", "Surin")])
    'Surin, Thailand'
    >>> theatre_name([("Sudan", None), ("South Sudan", None), ("Sudan", "Blue Nile")])
    'Sudan / South Sudan'
    >>> theatre_name([])
    'Events'
    """
    pairs = [(c, a) for c, a in labels if c or a]
    if not pairs:
        return "Events"
    units = Counter((c, a) for c, a in pairs if a)
    if units:
        (country, unit), n = units.most_common(1)[0]
        if n * 2 >= len(labels):
            return f"{unit}, {country}" if country else str(unit)
    countries = Counter(c for c, _ in pairs if c)
    if not countries:
        return str(units.most_common(1)[0][0][1])
    return " / ".join(c for c, _ in countries.most_common(2))


def frame_view(
    points: Sequence[tuple[float, float]],
    labels: Sequence[tuple[str | None, str | None]] | None = None,
    *,
    link_km: float = LINK_KM,
    max_view_km: float = MAX_VIEW_KM,
    groups: list[list[int]] | None = None,
) -> View:
    """The view of a situation's located points (``lon, lat``), with its theatres.

    ``labels`` (``country, admin1`` per point) name the theatres. The view is
    the union of the theatres when it spans at most ``max_view_km``; otherwise
    the largest theatre, and ``switcher`` is set. Points in no theatre (lone,
    far away) and trimmed outliers are listed in ``outside``. ``groups`` passes
    ``clusters(points, link_km)`` when the caller has them already.

    >>> v = frame_view([(35.5, 33.2), (35.6, 33.1), (100.9, 14.1), (102.9, 14.4), (-60.0, 6.5)])
    >>> v.switcher, [t.count for t in v.theatres], v.outside
    (True, [2, 2], (4,))
    >>> frame_view([]).bounds is None
    True
    """
    pts = np.asarray(points, dtype=float).reshape(len(points), 2)
    if not len(pts):
        return View(bounds=None)
    labels = list(labels) if labels is not None else [(None, None)] * len(pts)
    if groups is None:
        groups = clusters(pts, link_km)
    need = max(THEATRE_MIN, math.ceil(THEATRE_SHARE * len(pts)))
    big = [g for g in groups if len(g) >= need] or groups[:1]
    theatres: list[Theatre] = []
    outside: list[int] = [i for g in groups if g not in big for i in g]
    for g in big:
        kept, out = trim(pts[g])
        members = tuple(g[i] for i in kept)
        outliers = tuple(g[i] for i in out)
        outside.extend(outliers)
        theatres.append(
            Theatre(
                name=theatre_name([labels[i] for i in members]),
                count=len(g),
                bounds=bounds_of(pts[list(members)]),
                members=members,
                outliers=outliers,
            )
        )
    joint = _union([t.bounds for t in theatres])
    switcher = len(theatres) > 1 and _diagonal_km(joint) > max_view_km
    view = theatres[0].bounds if switcher else joint
    return View(
        bounds=view, theatres=tuple(theatres), outside=tuple(sorted(outside)), switcher=switcher
    )


def padded(
    bounds: tuple[float, float, float, float],
    pad_deg: float = 0.3,
    min_w: float = 1.5,
    min_h: float = 1.0,
) -> list[list[float]]:
    """Leaflet ``[[south, west], [north, east]]`` with a margin and a minimum size.

    >>> padded((40.0, 70.0, 40.0, 70.0))
    [[39.5, 69.25], [40.5, 70.75]]
    """
    s, w, n, e = bounds
    px = max(pad_deg, (min_w - (e - w)) / 2)
    py = max(pad_deg, (min_h - (n - s)) / 2)
    return [
        [round(max(-85.0, s - py), 4), round(w - px, 4)],
        [round(min(85.0, n + py), 4), round(e + px, 4)],
    ]


__all__ = [
    "Theatre",
    "View",
    "bounds_of",
    "centre",
    "clusters",
    "frame_view",
    "haversine_km",
    "padded",
    "theatre_name",
    "trim",
    "unwrap_lon",
    "wrap_lon",
]
