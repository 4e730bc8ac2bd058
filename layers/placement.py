"""Say only what the sources say: where a coarse event or movement may be drawn.

An event the text locates only to a country has no point. It is drawn

* on the **border segment** when a dyad is known (the text names the border,
  or the join found one whose other side the article also names): the part
  of the dyad line nearest the article's finer places, or the whole dyad line
  when the article names none;
* as the **country outline** (a light area) otherwise;
* in the event panel only, when there are no boundaries at all.

A movement is an arrow anchored at the finest places the text gives, crossing
the dyad between its two countries: two fine ends are joined directly; one
country-level end becomes a short stub on the far side of the border; two
country-level ends become a short arrow across the dyad near the article's
places, or nothing (listed only) when the article names no finer place.

>>> from shapely.geometry import LineString
>>> seg = border_segment(LineString([(0, 0), (10, 0)]), [(5.0, 0.5)], half_km=50)
>>> [round(c, 2) for c in seg.bounds]
[4.55, 0.0, 5.45, 0.0]
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from shapely.geometry import LineString, MultiLineString, Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge, substring

from geo.situation import Event, EventLocation, Situation, Toponym
from layers.base import BoundariesLike, has_point, normalize_dyad

#: Toponym features that stand for a whole area, not a point.
AREA_FEATURES = frozenset({"country", "continent", "region"})
#: Features that never anchor a border segment (they are areas or lines themselves).
COARSE_FEATURES = AREA_FEATURES | {"admin1", "border"}
#: Half the length (km) of a border segment drawn around the article's places.
SEGMENT_HALF_KM = 40.0
#: Article places farther than this (km) from the dyad do not pick its segment.
ANCHOR_MAX_KM = 250.0
#: Length (km) of the part of an arrow on the far side of a border.
STUB_KM = 30.0
#: Douglas–Peucker tolerance (degrees) of the light country outlines.
OUTLINE_TOLERANCE = 0.03
KM_PER_DEG = 111.32


def _km_to_deg(km: float, lat: float) -> float:
    """Degrees along a line running in no particular direction (mean of lat and lon scale)."""
    scale = (1.0 + max(0.2, math.cos(math.radians(lat)))) / 2.0
    return km / (KM_PER_DEG * scale)


def border_segment(
    line: BaseGeometry, anchors: Sequence[tuple[float, float]], half_km: float = SEGMENT_HALF_KM
) -> BaseGeometry:
    """The part of *line* nearest the anchors (``lon, lat``), or the whole line without any.

    Anchors farther than :data:`ANCHOR_MAX_KM` from the line are ignored.

    >>> whole = border_segment(LineString([(0, 0), (10, 0)]), [(5.0, 30.0)])
    >>> whole.length
    10.0
    """
    parts = list(line.geoms) if isinstance(line, MultiLineString) else [line]
    near = [(x, y) for x, y in anchors if line.distance(Point(x, y)) * KM_PER_DEG <= ANCHOR_MAX_KM]
    if not near:
        return line
    cx = sum(x for x, _ in near) / len(near)
    cy = sum(y for _, y in near) / len(near)
    here = Point(cx, cy)
    part = min(parts, key=lambda p: p.distance(here))
    at = part.project(here)
    half = _km_to_deg(half_km, cy)
    return substring(part, max(0.0, at - half), min(part.length, at + half))


def _merged(geom: BaseGeometry) -> BaseGeometry:
    if isinstance(geom, MultiLineString):
        merged = linemerge(geom)
        return merged
    return geom


@dataclass
class Placer:
    """Looks up dyad lines, country outlines and each article's fine places (cached)."""

    situation: Situation
    boundaries: BoundariesLike | None
    _lines: dict[str, BaseGeometry | None] = field(default_factory=dict)
    _outlines: dict[str, BaseGeometry | None] = field(default_factory=dict)
    _a2_to_a3: dict[str, str] = field(default_factory=dict)
    _names: dict[str, str] = field(default_factory=dict)
    _by_doc: dict[str, list[Toponym]] = field(default_factory=dict)
    _areas: set[tuple[str, float, float]] = field(default_factory=set)
    _dyads: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        for t in self.situation.toponyms:
            self._by_doc.setdefault(t.document, []).append(t)
            if t.feature in AREA_FEATURES:
                self._areas.add((t.name, round(t.lat, 4), round(t.lon, 4)))
        b = self.boundaries
        if b is not None and not b.admin0.empty:
            for a2, a3, name in zip(
                b.admin0["iso_a2"], b.admin0["iso_a3"], b.admin0["name"], strict=True
            ):
                if isinstance(a2, str) and isinstance(a3, str):
                    self._a2_to_a3[a2.upper()] = a3.upper()
                    self._names[a2.upper()] = str(name)
        if b is not None and not b.borders.empty:
            self._dyads = {normalize_dyad(d) or str(d) for d in b.borders["dyad"]}

    # -- lookups ---------------------------------------------------------------------
    def country_name(self, iso2: str | None) -> str | None:
        """The country's name from the boundaries (``None`` when unknown)."""
        return self._names.get((iso2 or "").upper()) if iso2 else None

    def dyad_line(self, dyad: str) -> BaseGeometry | None:
        """The dyad's border line (merged), or ``None``."""
        if dyad not in self._lines:
            geom = None
            b = self.boundaries
            if b is not None and not b.borders.empty:
                dyads = b.borders["dyad"].map(lambda d: normalize_dyad(d) or str(d))
                rows = b.borders.loc[dyads == dyad]
                if not rows.empty:
                    geom = _merged(rows.geometry.union_all())
            self._lines[dyad] = geom
        return self._lines[dyad]

    def outline(self, iso2: str) -> BaseGeometry | None:
        """The country's outline, simplified for a light area."""
        key = iso2.upper()
        if key not in self._outlines:
            geom = None
            b = self.boundaries
            if b is not None and not b.admin0.empty:
                rows = b.admin0.loc[b.admin0["iso_a2"].str.upper() == key]
                if not rows.empty:
                    geom = rows.geometry.union_all().simplify(OUTLINE_TOLERANCE)
            self._outlines[key] = geom
        return self._outlines[key]

    def is_country_level(self, loc: EventLocation | None) -> bool:
        """True when *loc* says no more than a country (or a continent or region).

        >>> from geo.situation import Situation
        >>> p = Placer(Situation(), None)
        >>> p.is_country_level(EventLocation("Guyana", 4.9, -58.9, 3, "GY"))
        True
        >>> p.is_country_level(EventLocation("Essequibo", 6.5, -58.6, 3, "GY", "Essequibo"))
        False
        """
        if loc is None:
            return False
        lat, lon = loc.lat, loc.lon
        if lat is None or lon is None:
            return False
        if self._areas and (loc.name, round(lat, 4), round(lon, 4)) in self._areas:
            return True
        if loc.precision < 3 or loc.country_code is None or loc.admin1 or loc.admin2:
            return False
        # a bare province (no admin1 filled in) is not a country: only the country's own name
        name = self.country_name(loc.country_code)
        return name is None or loc.name.casefold() == name.casefold()

    def is_fine(self, loc: EventLocation | None) -> bool:
        """A location with a point finer than a country.

        The common case (no area toponyms, a precise or sub-national place) is answered
        here without calling :meth:`is_country_level` (100,000 events: twice per event).
        """
        if loc is None or loc.lat is None or loc.lon is None:
            return False
        if not self._areas and (
            loc.precision < 3 or loc.country_code is None or loc.admin1 or loc.admin2
        ):
            return True
        return not self.is_country_level(loc)

    def article_places(self, event: Event) -> list[Toponym]:
        """The finer places (not countries, provinces or borders) of the event's articles."""
        docs = dict.fromkeys(s.document for s in event.sources)
        return [
            t
            for d in docs
            for t in self._by_doc.get(d, ())
            if t.feature not in COARSE_FEATURES and t.precision <= 2
        ]

    def article_countries(self, event: Event) -> Counter[str]:
        """ISO alpha-2 codes the event's articles name, with their mention counts."""
        docs = dict.fromkeys(s.document for s in event.sources)
        return Counter(
            t.country_code.upper() for d in docs for t in self._by_doc.get(d, ()) if t.country_code
        )

    def dyad_for(self, iso2: str | None, event: Event, hint: str | None = None) -> str | None:
        """The dyad an event known only to country *iso2* is about, when the sources say.

        *hint* (``loc.border``) is taken when its other side is also named in the
        event's articles or ends; otherwise the most mentioned neighbour that
        shares a border with *iso2*.
        """
        if not iso2:
            return normalize_dyad(hint)
        a3 = self._a2_to_a3.get(iso2.upper())
        if a3 is None:
            return None
        named = self.article_countries(event)
        for loc in (event.origin, event.destination, event.location):
            if loc is not None and loc.country_code:
                named[loc.country_code.upper()] += 1
        named.pop(iso2.upper(), None)
        named_a3 = {self._a2_to_a3.get(c): n for c, n in named.items()}
        hint = normalize_dyad(hint)
        if hint and a3 in hint.split("–"):
            other = [c for c in hint.split("–") if c != a3]
            if other and other[0] in named_a3 and hint in self._dyads:
                return hint
        for other3, _n in sorted(named_a3.items(), key=lambda kv: (-kv[1], str(kv[0]))):
            if other3 is None:
                continue
            dyad = normalize_dyad(f"{a3}-{other3}")
            if dyad in self._dyads:
                return dyad
        return None

    def segment(self, dyad: str, event: Event) -> BaseGeometry | None:
        """The dyad's segment near the event's fine places (the whole dyad without any)."""
        line = self.dyad_line(dyad)
        if line is None:
            return None
        anchors = [(t.lon, t.lat) for t in self.article_places(event)]
        return border_segment(line, anchors)


@dataclass(frozen=True)
class Placement:
    """How an event is drawn: ``point``, ``border``, ``area`` or ``list`` (panel only)."""

    kind: str
    geometry: BaseGeometry | None
    dyad: str | None = None
    note: str = ""


def place_event(placer: Placer, event: Event, *, make_point: bool = True) -> Placement | None:
    """Where an incident is drawn (``None`` when it has no location at all).

    With ``make_point=False`` a ``point`` placement comes without its geometry
    (it is the location's lon/lat): a caller placing many events makes the
    points in one vectorised call.
    """
    loc = event.location
    if loc is None:
        return None
    if placer.is_fine(loc) and (loc.country_code or not loc.border):
        if not make_point:
            return _bare_point(loc.border)
        return Placement("point", Point(loc.lon, loc.lat), normalize_dyad(loc.border))  # type: ignore[arg-type]
    named_border = loc.country_code is None and normalize_dyad(loc.border)
    dyad = named_border or (
        placer.dyad_for(loc.country_code, event, loc.border) if loc.country_code else None
    )
    if dyad:
        seg = placer.segment(dyad, event)
        if seg is not None and not seg.is_empty:
            return Placement(
                "border", seg, dyad, f"Located only to the {dyad} border: drawn on the border"
            )
    if loc.country_code:
        name = placer.country_name(loc.country_code) or loc.country_code
        outline = placer.outline(loc.country_code)
        if outline is not None and not outline.is_empty:
            return Placement("area", outline, None, f"Located only to {name}: drawn as its outline")
        return Placement("list", None, None, f"Located only to {name}: listed, not drawn")
    if has_point(loc):
        point = Point(loc.lon, loc.lat) if make_point else None  # type: ignore[arg-type]
        return Placement("point", point, normalize_dyad(loc.border))
    return Placement("list", None, dyad or None, "No place given: listed, not drawn")


@functools.lru_cache(maxsize=4096)
def _bare_point(border: str | None) -> Placement:
    """The ``point`` placement without geometry, one shared object per border (it is frozen).

    >>> _bare_point("tjk-kgz") is _bare_point("tjk-kgz"), _bare_point("tjk-kgz").dyad
    (True, 'KGZ–TJK')
    """
    return Placement("point", None, normalize_dyad(border))


def _offset(x: float, y: float, dx: float, dy: float, km: float) -> tuple[float, float]:
    """(x, y) moved *km* along the direction (dx, dy) given in local km."""
    norm = math.hypot(dx, dy) or 1.0
    k = km / norm
    cos = max(0.2, math.cos(math.radians(y)))
    return (x + dx * k / (KM_PER_DEG * cos), y + dy * k / KM_PER_DEG)


def _local(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float]:
    """The vector from (x0, y0) to (x1, y1) in local km (east, north)."""
    cos = max(0.2, math.cos(math.radians((y0 + y1) / 2)))
    return ((x1 - x0) * KM_PER_DEG * cos, (y1 - y0) * KM_PER_DEG)


def _across(line: BaseGeometry, at: Point, towards: tuple[float, float]) -> tuple[float, float]:
    """A unit-ish local vector across *line* at *at*, oriented towards (dx, dy)."""
    parts = list(line.geoms) if isinstance(line, MultiLineString) else [line]
    part = min(parts, key=lambda p: p.distance(at))
    d = part.project(at)
    eps = min(0.05, part.length / 2)
    a = part.interpolate(max(0.0, d - eps))
    b = part.interpolate(min(part.length, d + eps))
    tx, ty = _local(a.x, a.y, b.x, b.y)
    nx, ny = -ty, tx
    if nx * towards[0] + ny * towards[1] < 0:
        nx, ny = -nx, -ny
    return nx, ny


def place_movement(
    placer: Placer, event: Event, *, make_line: bool = True
) -> tuple[str, LineString | None, str | None, str]:
    """(placement, line or ``None``, dyad, note) of a movement event.

    Never centre-to-centre: a country-level end is replaced by a short stub
    across the border of the two countries. With ``make_line=False`` a
    ``point`` placement (two fine ends, joined directly) comes without its
    line, which runs from the origin's lon/lat to the destination's: a caller
    placing many movements makes the lines in one vectorised call.
    """
    o, d = event.origin, event.destination
    fine_o, fine_d = placer.is_fine(o), placer.is_fine(d)
    if fine_o and fine_d:
        if not make_line:
            return "point", None, None, ""
        return "point", LineString([(o.lon, o.lat), (d.lon, d.lat)]), None, ""  # type: ignore[union-attr]
    if (
        o is None
        or d is None
        or not (has_point(o) or o.country_code)
        or not (has_point(d) or d.country_code)
    ):
        return "list", None, None, "One end of the movement is not given: listed, not drawn"
    codes = [loc.country_code for loc in (o, d)]
    dyad = None
    if codes[0] and codes[1] and codes[0] != codes[1]:
        a3 = [placer._a2_to_a3.get(c.upper()) for c in codes if c]
        if all(a3):
            cand = normalize_dyad(f"{a3[0]}-{a3[1]}")
            dyad = cand if cand in placer._dyads else None
    if dyad is None:
        return "list", None, None, "No border between the two ends is known: listed, not drawn"
    line = placer.dyad_line(dyad)
    if line is None:
        return "list", None, None, "No border between the two ends is known: listed, not drawn"
    # direction origin → destination, from whatever points the ends carry
    dir_km = (0.0, 0.0)
    if has_point(o) and has_point(d):
        dir_km = _local(o.lon, o.lat, d.lon, d.lat)  # type: ignore[arg-type]
    if fine_o or fine_d:
        fine = o if fine_o else d
        p = Point(fine.lon, fine.lat)  # type: ignore[union-attr]
        if line.distance(p) * KM_PER_DEG > ANCHOR_MAX_KM:
            return "list", None, dyad, "The place named is far from the border: listed, not drawn"
        parts = list(line.geoms) if isinstance(line, MultiLineString) else [line]
        part = min(parts, key=lambda q: q.distance(p))
        at = part.interpolate(part.project(p))
        n = _across(line, at, dir_km if dir_km != (0.0, 0.0) else _local(p.x, p.y, at.x, at.y))
        if fine_o:
            far = _offset(at.x, at.y, *n, STUB_KM)
            return (
                "border",
                LineString([(p.x, p.y), far]),
                dyad,
                ("Destination known only to a country: the arrow stops across the border"),
            )
        near = _offset(at.x, at.y, -n[0], -n[1], STUB_KM)
        return (
            "border",
            LineString([near, (p.x, p.y)]),
            dyad,
            ("Origin known only to a country: the arrow starts across the border"),
        )
    anchors = [(t.lon, t.lat) for t in placer.article_places(event)]
    seg = border_segment(line, anchors, half_km=1.0) if anchors else None
    if seg is None or seg.equals(line):
        return (
            "list",
            None,
            dyad,
            (f"Both ends known only to countries and no finer place: listed, not drawn ({dyad})"),
        )
    mid = seg.interpolate(0.5, normalized=True)
    n = _across(line, mid, dir_km)
    return (
        "border",
        LineString(
            [
                _offset(mid.x, mid.y, -n[0], -n[1], STUB_KM / 2),
                _offset(mid.x, mid.y, n[0], n[1], STUB_KM / 2),
            ]
        ),
        dyad,
        f"Both ends known only to countries: a short arrow across the {dyad} border",
    )


def points_of(geoms: Iterable[Any]) -> list[tuple[float, float]]:
    """Representative ``(lon, lat)`` of each geometry (points as is, lines at their middle)."""
    out = []
    for g in geoms:
        if g is None or g.is_empty:
            continue
        if g.geom_type == "Point":
            out.append((g.x, g.y))
        else:
            p = (
                g.representative_point()
                if g.geom_type.endswith("Polygon")
                else g.interpolate(0.5, normalized=True)
            )
            out.append((p.x, p.y))
    return out
