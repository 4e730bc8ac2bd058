"""Coordinates: the single (lat, lon) -> ``Point(lon, lat)`` helper and validation.

Everywhere in sitmap a person-facing coordinate is ``(lat, lon)`` and every
geometry is ``(x=lon, y=lat)`` in EPSG:4326. This module is the only place
that swaps them.

>>> to_point(39.95, 70.53).wkt
'POINT (70.53 39.95)'
>>> check_latlon("39.95", "70.53")
(39.95, 70.53)
"""

from __future__ import annotations

import math

from shapely.geometry import Point

from geo.errors import InputError


def _as_float(value: object, what: str) -> float:
    if isinstance(value, bool):
        raise InputError(f"{what} must be a number, not {value!r}")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        shown = str(value)
        if len(shown) > 40:
            shown = shown[:40] + "…"
        raise InputError(f"{what} must be a number, not {shown!r}") from None
    if not math.isfinite(number):
        raise InputError(f"{what} must be a finite number, not {value!r}")
    return number


def check_latlon(lat: object, lon: object) -> tuple[float, float]:
    """Return ``(lat, lon)`` as floats, or raise :class:`InputError`.

    Latitude must lie in [-90, 90] and longitude in [-180, 180].

    >>> check_latlon(91, 0)
    Traceback (most recent call last):
    ...
    geo.errors.InputError: latitude must be between -90 and 90, not 91.0
    """
    la = _as_float(lat, "latitude")
    lo = _as_float(lon, "longitude")
    if not -90.0 <= la <= 90.0:
        raise InputError(f"latitude must be between -90 and 90, not {la}")
    if not -180.0 <= lo <= 180.0:
        raise InputError(f"longitude must be between -180 and 180, not {lo}")
    return la, lo


def to_point(lat: object, lon: object) -> Point:
    """Return the shapely ``Point(lon, lat)`` for a checked ``(lat, lon)`` pair."""
    la, lo = check_latlon(lat, lon)
    return Point(lo, la)
