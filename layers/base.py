"""Helpers every layer module shares: the boundaries contract, frames, dyads, time spans.

>>> normalize_dyad("tjk-afg")
'AFG–TJK'
>>> frame([]).crs.to_epsg()
4326
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

import geopandas as gpd
import pandas as pd

from geo.situation import Event, Situation
from layers.text import time_span

CRS = "EPSG:4326"

#: Columns every layer frame carries (time columns are ISO dates or ``None``).
BASE_COLUMNS: tuple[str, ...] = ("layer", "kind", "name", "label", "color", "t0", "t1", "popup")


class BoundariesLike(Protocol):
    """What :func:`geo.boundaries.load_boundaries` returns, as far as layers need it."""

    admin0: gpd.GeoDataFrame
    admin1: gpd.GeoDataFrame
    admin2: gpd.GeoDataFrame
    borders: gpd.GeoDataFrame


def frame(rows: Iterable[Mapping[str, Any]], columns: Iterable[str] = ()) -> gpd.GeoDataFrame:
    """A GeoDataFrame in EPSG:4326 from row dicts holding a ``geometry`` key.

    Empty input gives an empty frame that still has the base columns.
    """
    rows = list(rows)
    cols = list(dict.fromkeys([*BASE_COLUMNS, *columns]))
    if not rows:
        return gpd.GeoDataFrame({c: [] for c in cols}, geometry=gpd.GeoSeries([], crs=CRS), crs=CRS)
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)
    for col in cols:
        if col not in gdf.columns:
            gdf[col] = None
    return gdf


def columns_frame(
    columns: Mapping[str, Sequence[Any]], extra: Iterable[str] = ()
) -> gpd.GeoDataFrame:
    """What :func:`frame` makes of row dicts, from one list per column (``geometry`` among them).

    Column order is the mapping's, then the base columns and *extra* missing from it
    (``None``); a layer of 100,000 events is built without a dict per event.

    >>> from shapely.geometry import Point
    >>> gdf = columns_frame({"kind": ["a"], "geometry": [Point(1, 2)]}, ["size"])
    >>> list(gdf.columns)
    ['kind', 'geometry', 'layer', 'name', 'label', 'color', 't0', 't1', 'popup', 'size']
    """
    cols = list(dict.fromkeys([*BASE_COLUMNS, *extra]))
    if not columns or not len(columns["geometry"]):
        return frame([], cols)
    # text stays Python objects (not Arrow strings): the map reads every column back as a
    # list and gets the same strings instead of a copy of each (100,000 events: ~100 MB)
    data = {k: v if k == "geometry" else _column(v) for k, v in columns.items()}
    gdf = gpd.GeoDataFrame(data, geometry="geometry", crs=CRS)
    for col in cols:
        if col not in gdf.columns:
            gdf[col] = None
    return gdf


#: numpy dtypes of the columns :func:`_column` converts itself (``infer_dtype`` → dtype).
_DTYPES = {"integer": "int64", "floating": "float64", "boolean": "bool"}


def _column(values: Sequence[Any]) -> Any:
    """One column for :func:`columns_frame`: what pandas would make of the list, made directly.

    Text is an object Series (never Arrow strings); a list of plain ints, floats or
    bools without ``None`` is one numpy array (what pandas infers, without its
    second pass over the objects); anything else is left to pandas.

    >>> _column(["a", None]).dtype, _column([1, 2]).dtype, _column([True]).dtype
    (dtype('O'), dtype('int64'), dtype('bool'))
    >>> _column([1.5, None]), _column([1, 2**70])
    ([1.5, None], [1, 1180591620717411303424])
    """
    import numpy as np

    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind == "string":
        return pd.Series(values, dtype=object)
    dtype = _DTYPES.get(kind)
    if dtype is not None and None not in values:
        try:
            return np.array(values, dtype=dtype)
        except (OverflowError, TypeError, ValueError):  # ints past 64 bits: as pandas would
            pass
    return values


def tuples_frame(
    layer: str,
    names: Sequence[str],
    rows: list[tuple[Any, ...]],
    made: Iterable[tuple[int, Any]],
    extra: Iterable[str] = (),
    digits: Mapping[str, int] | None = None,
) -> gpd.GeoDataFrame:
    """:func:`columns_frame` of one tuple per row, its fields in ``names`` order.

    ``digits`` rounds whole columns of floats, as Python's ``round`` would each
    value, in one call (:func:`rounded`).

    ``made`` holds ``(row, geometry)`` for the geometries made in bulk (one
    shapely call for a whole layer), set in the ``geometry`` column at their
    rows. ``rows`` is emptied once its columns are made, so that a layer of
    100,000 events is not held twice.

    >>> from shapely.geometry import Point
    >>> rows = [("a", None), ("b", None)]
    >>> gdf = tuples_frame("x", ("kind", "geometry"), rows, [(1, Point(1, 2))], ["size"])
    >>> list(gdf["layer"]), list(gdf["kind"]), gdf.geometry.iloc[1].x, rows
    (['x', 'x'], ['a', 'b'], 1.0, [])
    """
    if not rows:
        return frame([], extra)
    columns = dict(zip(names, (list(c) for c in zip(*rows, strict=True)), strict=True))
    rows.clear()
    for name, places in (digits or {}).items():
        columns[name] = rounded(columns[name], places)
    geoms = columns["geometry"]
    for i, geom in made:
        geoms[i] = geom
    return columns_frame({"layer": [layer] * len(geoms), **columns}, extra)


def round_like_python(values: Any, digits: int) -> Any:
    """``round(v, digits)`` of every float in an array, as Python's ``round`` gives it.

    ``numpy.round`` scales, rounds to an integer and scales back, so a value whose
    scaled form lies within rounding error of a half can land on the other side;
    those few are rounded again by Python. The rest agree: the same integer
    divided by the same power of ten.

    >>> import numpy as np
    >>> vals = np.array([2.675, 1.00005, 0.30000000000000004, -70.12345, 68.00015])
    >>> round_like_python(vals, 4).tolist() == [round(v, 4) for v in vals.tolist()]
    True
    """
    import numpy as np

    out = np.round(values, digits)
    scaled = np.abs(values) * 10.0**digits
    near = np.flatnonzero(np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6)
    if len(near):
        flat_in, flat_out = values.reshape(-1), out.reshape(-1)
        for i in near.tolist():
            flat_out[i] = round(float(flat_in[i]), digits)
    return out


def rounded(values: Sequence[float], digits: int) -> list[float]:
    """``[round(v, digits) for v in values]`` in one numpy call (:func:`round_like_python`).

    Python's ``round`` to a number of digits costs over a microsecond a value
    (0.13 s for the confidences of 100,000 events).

    >>> vals = [0.125, 0.5749999, 2.675, 1.0, 0.005]
    >>> rounded(vals, 2) == [round(v, 2) for v in vals]
    True
    """
    import numpy as np

    return round_like_python(np.array(values, dtype=float), digits).tolist()  # type: ignore[no-any-return]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a bulk build (reference counting goes on).

    A map of 100,000 events allocates millions of small objects that live to the
    end of the build; each collection walks them and the whole situation again
    (about 15 % of the build's CPU). Nested pauses are fine.

    >>> import gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def normalize_dyad(dyad: str | None) -> str | None:
    """Canonical dyad: two ISO3 codes in alphabetical order joined by an en dash."""
    if not dyad:
        return None
    return _normalize_dyad(dyad)


_DYAD = re.compile(r"\s*([A-Za-z]{3})\s*[-–—/_ ]\s*([A-Za-z]{3})\s*")


@functools.lru_cache(maxsize=4096)
def _normalize_dyad(dyad: str) -> str | None:
    match = _DYAD.fullmatch(dyad)
    if match is None:
        return None
    a, b = sorted(c.upper() for c in match.groups())
    return f"{a}–{b}"


def iso_span(event: Event) -> tuple[str | None, str | None]:
    """:func:`layers.text.time_span` as ISO strings (what the time control reads)."""
    return event_dates(event)[:2]


def event_dates(event: Event) -> tuple[str | None, str | None, str]:
    """``(t0, t1, label)``: :func:`iso_span` and :func:`layers.text.span_label` at once.

    Computed once per distinct date, end date and time precision (events share them).

    >>> from datetime import date
    >>> ev = Event(id="x", event_type="capture", event_date=date(2021, 7, 5),
    ...            time_precision=3, location=None)
    >>> event_dates(ev)
    ('2021-07-01', '2021-07-31', 'Jul 2021')
    """
    return _event_dates(event.event_date, event.end_date, event.time_precision)


@functools.lru_cache(maxsize=65536)
def _event_dates(start: Any, end: Any, precision: int) -> tuple[str | None, str | None, str]:
    from layers.text import span_label

    probe = Event(id="", event_type="", event_date=start, time_precision=precision,
                  location=None, end_date=end)  # fmt: skip
    lo, hi = time_span(probe)
    return (lo.isoformat() if lo else None, hi.isoformat() if hi else None, span_label(probe))


def situation_dyads(situation: Situation) -> set[str]:
    """Every border dyad the situation's events refer to."""
    return set(event_places(situation).dyads)


@dataclasses.dataclass(frozen=True)
class EventPlaces:
    """What the borders and the view read from every event location, origin and destination.

    ``points`` is ``(lon, lat, precision)`` per located place, in event order
    (precision ``None`` or 0 as 3); ``countries`` the ISO alpha-2 codes as given.
    """

    dyads: frozenset[str]
    countries: frozenset[str]
    points: list[tuple[float, float, int]]


def event_places(situation: Situation) -> EventPlaces:
    """:class:`EventPlaces` of *situation*, from one pass over its events.

    Inside :func:`places_remembered` the last answer is kept (with the events it
    was made from): the borders of each theatre ask for the same situation
    several times while the layers are built.

    >>> from geo.situation import EventLocation
    >>> loc = EventLocation(name="Vorukh", lat=39.85, lon=70.58, precision=2,
    ...                     country_code="TJ", border="tjk-kgz")
    >>> ev = Event(id="e", event_type="armed_clash", event_date=None, time_precision=1,
    ...            location=loc)
    >>> places = event_places(Situation(events=(ev,)))
    >>> sorted(places.dyads), sorted(places.countries), places.points
    (['KGZ–TJK'], ['TJ'], [(70.58, 39.85, 2)])
    """
    events = situation.events
    memo = _PLACES_MEMO.get("events")
    if memo is not None and memo is events:
        return _PLACES_MEMO["value"]  # type: ignore[no-any-return]
    borders: set[str] = set()
    countries: set[str] = set()
    points: list[tuple[float, float, int]] = []
    for event in events:
        for loc in (event.location, event.origin, event.destination):
            if loc is None:
                continue
            if loc.border:
                borders.add(loc.border)
            if loc.country_code:
                countries.add(loc.country_code)
            if loc.lat is not None and loc.lon is not None:
                points.append((loc.lon, loc.lat, loc.precision or 3))
    dyads = frozenset(d for d in map(normalize_dyad, borders) if d)
    value = EventPlaces(dyads, frozenset(countries), points)
    if _PLACES_MEMO.get("on"):
        _PLACES_MEMO.update(events=events, value=value)
    return value


#: The last :func:`event_places` answer and its events, inside :func:`places_remembered`.
_PLACES_MEMO: dict[str, Any] = {}


@contextlib.contextmanager
def places_remembered() -> Iterator[None]:
    """Within it, :func:`event_places` keeps its last answer; after it, nothing is kept.

    >>> with places_remembered():
    ...     _PLACES_MEMO["on"]
    True
    >>> _PLACES_MEMO
    {}
    """
    _PLACES_MEMO["on"] = True
    try:
        yield
    finally:
        _PLACES_MEMO.clear()


#: Points farther than this (degrees, on either axis) from the median point are outliers.
OUTLIER_DEG = 10.0


def core_extent(
    points: Iterable[tuple[float, float, int]], spread: float = OUTLIER_DEG
) -> tuple[float, float, float, float] | None:
    """(lon_min, lat_min, lon_max, lat_max) of the situation's core.

    *points* are ``(lon, lat, precision)``. Precise points (precision ≤ 2) are
    used when there are any, so country centroids do not widen the view; then
    points farther than *spread* degrees from the median are dropped (one
    mislocated event in another continent must not zoom the map out to the
    world). Every point is still drawn; only the view and border clip change.

    >>> core_extent([(68.9, 37.3, 2), (70.6, 40.0, 1), (-99.7, 37.3, 3), (65.2, 33.9, 3)])
    (68.9, 37.3, 70.6, 40.0)
    >>> core_extent([(10.0, 50.0, 3)]), core_extent([])
    ((10.0, 50.0, 10.0, 50.0), None)
    """
    import numpy as np

    pts = [(x, y, p or 3) for x, y, p in points]
    if not pts:
        return None
    arr = np.array(pts, dtype=float).reshape(-1, 3)
    precise = arr[:, 2] <= 2
    xs, ys = (arr[precise] if precise.any() else arr)[:, :2].T
    mid = (len(xs) - 1) // 2
    mx, my = float(np.sort(xs)[mid]), float(np.sort(ys)[mid])
    core = (np.abs(xs - mx) <= spread) & (np.abs(ys - my) <= spread)
    if not core.any():
        return (mx, my, mx, my)
    xs, ys = xs[core], ys[core]
    return (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))


def has_point(loc: Any) -> bool:
    """True when an :class:`~geo.situation.EventLocation` has coordinates."""
    return loc is not None and loc.lat is not None and loc.lon is not None


def event_title(event: Event) -> str:
    """Readable event type, e.g. ``"Armed clash"``."""
    return _title(event.event_type)


@functools.lru_cache(maxsize=1024)
def _title(event_type: str) -> str:
    from layers.style import incident_style

    return incident_style(event_type)["label"]
