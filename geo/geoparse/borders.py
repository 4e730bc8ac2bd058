"""State borders as toponyms: dyad names and a representative point on the line.

A border between two countries is named by its *dyad*: the two ISO alpha-3
codes in alphabetical order joined by an en dash ("AFG–TJK"), the key of
``load_boundaries().borders``.

>>> dyad_name(("TJ", "AF"))
'AFG–TJK'
>>> dyad_name(("KG",)) is None
True
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from typing import Any

from geo.countries import country_by_alpha2

#: A co-mentioned place farther than this from the line does not anchor it.
ANCHOR_KM = 150.0


def dyad_name(sides: Sequence[str]) -> str | None:
    """Return the dyad key of two ISO alpha-2 codes, or ``None``.

    >>> dyad_name(["KG", "TJ"])
    'KGZ–TJK'
    """
    if len(sides) != 2 or sides[0] == sides[1]:
        return None
    codes = []
    for side in sides:
        country = country_by_alpha2(side)
        if country is None:
            return None
        codes.append(country.alpha3)
    return "–".join(sorted(codes))


def neighbours(code: str) -> tuple[str, ...]:
    """ISO alpha-2 codes of the countries that share a land border with ``code``.

    >>> "TJ" in neighbours("AF")
    True
    """
    country = country_by_alpha2(code)
    return country.neighbours if country else ()


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km.

    >>> round(haversine_km(0, 0, 0, 1))
    111
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def border_geometry(boundaries: Any, dyad: str) -> Any | None:
    """The line geometry of ``dyad`` in ``boundaries.borders``, or ``None``.

    Boundaries that read one dyad's line alone
    (:meth:`geo.boundaries.Boundaries.border_line`) are asked for that line.
    """
    border_line = getattr(boundaries, "border_line", None)
    if callable(border_line):
        return border_line(dyad)
    borders = getattr(boundaries, "borders", None)
    if borders is None or "dyad" not in getattr(borders, "columns", ()):
        return None
    try:
        lines = _dyad_lines(boundaries)
    except TypeError:  # an unhashable stand-in: look it up directly
        lines = _group_lines(borders)
    return lines.get(dyad)


@functools.lru_cache(maxsize=4)
def _dyad_lines(boundaries: Any) -> dict[str, Any]:
    """Dyad name -> its line, built once per (identity-hashed) boundaries object."""
    return _group_lines(boundaries.borders)


def _group_lines(borders: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for dyad, rows in borders.groupby("dyad", sort=False):
        geom = rows.geometry.iloc[0] if len(rows) == 1 else rows.geometry.union_all()
        if geom is not None and not geom.is_empty:
            out[str(dyad)] = geom
    return out


def border_point(
    geometry: Any, anchors: Iterable[tuple[float, float]] = ()
) -> tuple[float, float, bool]:
    """Return (lat, lon, anchored): a point on the border line.

    With anchors (lat, lon of places the article names near this border, at
    most :data:`ANCHOR_KM` from it), the point of the line nearest to their
    centroid; otherwise the middle of the line (along its length).

    >>> from shapely.geometry import LineString
    >>> line = LineString([(70.0, 40.0), (72.0, 40.0)])
    >>> border_point(line)
    (40.0, 71.0, False)
    >>> border_point(line, [(40.2, 70.5)])
    (40.0, 70.5, True)
    """
    from shapely.geometry import Point

    near = []
    for lat, lon in anchors:
        pt = Point(lon, lat)
        nearest = geometry.interpolate(geometry.project(pt))
        if haversine_km(lat, lon, nearest.y, nearest.x) <= ANCHOR_KM:
            near.append((lat, lon))
    if near:
        lat = sum(a for a, _ in near) / len(near)
        lon = sum(b for _, b in near) / len(near)
        pt = geometry.interpolate(geometry.project(Point(lon, lat)))
        return round(pt.y, 5), round(pt.x, 5), True
    if geometry.geom_type == "MultiLineString":
        geometry = max(geometry.geoms, key=lambda g: g.length)
    pt = geometry.interpolate(0.5, normalized=True)
    return round(pt.y, 5), round(pt.x, 5), False


#: (dyad, anchors) -> border_point result; the line of a dyad never changes
#: within a process, and articles on one border name the same places.
_POINT_CACHE: dict[tuple[str, tuple[tuple[float, float], ...]], tuple[float, float, bool]] = {}
_POINT_CACHE_MAX = 50_000


def cached_border_point(
    dyad: str, geometry: Any, anchors: Iterable[tuple[float, float]] = ()
) -> tuple[float, float, bool]:
    """:func:`border_point` of the line of ``dyad``, memoised on (dyad, anchors).

    >>> from shapely.geometry import LineString
    >>> line = LineString([(70.0, 40.0), (72.0, 40.0)])
    >>> cached_border_point("AAA–BBB", line, [(40.2, 70.5)])
    (40.0, 70.5, True)
    """
    key = (dyad, tuple(sorted((round(a, 5), round(b, 5)) for a, b in anchors)))
    hit = _POINT_CACHE.get(key)
    if hit is None:
        if len(_POINT_CACHE) >= _POINT_CACHE_MAX:
            _POINT_CACHE.clear()
        hit = _POINT_CACHE[key] = border_point(geometry, key[1])
    return hit
