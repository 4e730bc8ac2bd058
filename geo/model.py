"""Small frozen records shared by the gazetteer, the geocoders and the joins.

>>> p = Place(id="gn:1222662", name="Razzakov", lat=39.83895, lon=69.5276,
...           country_code="KG", feature="populated_place", admin1="Batken",
...           source="geonames", geonameid=1222662, population=34219)
>>> p.point.wkt
'POINT (69.5276 39.83895)'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shapely.geometry import Point

from geo.points import to_point

#: Feature kinds a place can have. Gazetteer rows from GeoNames are
#: ``populated_place``; administrative units are ``country``, ``admin1`` and
#: ``admin2``; the curated border-zone supplement uses the finer kinds.
FEATURES: tuple[str, ...] = (
    "country",
    "admin1",
    "admin2",
    "populated_place",
    "village",
    "border_crossing",
    "border_post",
    "bridge",
    "military_base",
    "training_ground",
    "water_facility",
    "river",
    "road",
    "enclave",
    "continent",
    "region",
)

#: How precisely a coordinate locates its place: ``exact`` (the place
#: itself), ``approximate`` (within a few km), ``unit`` (only the
#: containing administrative unit is known; the point stands for it).
ACCURACIES: tuple[str, ...] = ("exact", "approximate", "unit")


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry: a named place with a point.

    ``id`` is stable across builds: ``gn:<geonameid>`` for GeoNames rows,
    ``cur:<slug>`` for curated rows, ``adm0:<ISO2>``, ``adm1:<code>`` and
    ``adm2:<code>`` for administrative units.
    """

    id: str
    name: str
    lat: float
    lon: float
    country_code: str
    feature: str
    admin1: str | None = None
    admin2: str | None = None
    population: int = 0
    source: str = ""
    geonameid: int | None = None
    accuracy: str = "exact"
    alt_names: tuple[str, ...] = field(default=(), repr=False)

    @property
    def point(self) -> Point:
        """The place as a shapely ``Point(lon, lat)``."""
        return to_point(self.lat, self.lon)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place matched by a name, with how it matched and a score in [0, 1].

    ``match`` is ``exact`` (the folded query equals the place's name or one
    of its aliases) or ``fuzzy`` (within a small edit distance; always scored
    below any exact match of the same place).
    """

    place: Place
    score: float
    matched_name: str
    match: str = "exact"
