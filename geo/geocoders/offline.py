"""The default geocoder: the offline gazetteer behind the :class:`Geocoder` interface.

>>> from geo.model import Place
>>> from geo.gazetteer import Gazetteer
>>> gaz = Gazetteer.from_places([
...     Place("gn:1222662", "Razzakov", 39.83895, 69.5276, "KG", "populated_place",
...           admin1="Batken", source="geonames", geonameid=1222662, population=34219,
...           alt_names=("Isfana", "Исфана")),
... ])
>>> geocoder = OfflineGeocoder(gazetteer=gaz)
>>> loc = geocoder.geocode("Исфана")
>>> loc.address, loc.raw["geonameid"], loc.raw["matched_name"]
('Razzakov, Batken, KG', 1222662, 'Isfana')
>>> geocoder.geocode("Nowhere at all") is None
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from geopy.location import Location
from geopy.point import Point as GeopyPoint

from geo.errors import InputError, NotFoundError
from geo.gazetteer import Gazetteer, load_gazetteer
from geo.geocoders.base import Geocoder, candidate_to_location, check_query
from geo.model import Candidate
from geo.points import check_latlon
from geo.settings import Settings

#: Default search radius of :meth:`OfflineGeocoder.reverse`, in km.
REVERSE_MAX_KM = 50.0


def _latlon_of(point: object) -> tuple[float, float]:
    """Read ``(lat, lon)`` from a pair, a geopy ``Point`` or a "lat, lon" string."""
    if isinstance(point, GeopyPoint):
        return check_latlon(point.latitude, point.longitude)
    if isinstance(point, str):
        parts = point.replace(";", ",").split(",")
        if len(parts) != 2:
            raise InputError(f"a point is 'lat, lon', not {point[:40]!r}")
        return check_latlon(parts[0].strip(), parts[1].strip())
    if isinstance(point, Sequence) and len(point) == 2:
        return check_latlon(point[0], point[1])
    raise InputError(f"a point is a (lat, lon) pair, not {type(point).__name__}")


class OfflineGeocoder(Geocoder):
    """Geocode with the offline gazetteer; nothing leaves the machine.

    ``gazetteer`` is injectable (tests); otherwise :func:`load_gazetteer`
    runs on first use, with ``settings`` (default :class:`Settings`).
    """

    source: ClassVar[str] = "offline"

    def __init__(self, gazetteer: Gazetteer | None = None, settings: Settings | None = None):
        self._gazetteer = gazetteer
        self._settings = settings

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer, loaded on first use."""
        if self._gazetteer is None:
            self._gazetteer = load_gazetteer(self._settings)
        return self._gazetteer

    def candidates(
        self,
        query: str,
        *,
        country_codes: Sequence[str] | None = None,
        feature: str | None = None,
        limit: int = 10,
    ) -> list[Candidate]:
        """Return the ranked gazetteer candidates for ``query`` (see :mod:`geo.gazetteer.core`)."""
        return self.gazetteer.lookup(
            check_query(query), country_codes=country_codes, feature=feature, limit=limit
        )

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country_codes: Sequence[str] | None = None,
        feature: str | None = None,
        limit: int = 10,
    ) -> Location | list[Location] | None:
        """Find places named ``query``: the best ``Location`` (or ``None``), or a list.

        ``raw`` carries the keys of :data:`geo.geocoders.base.RAW_KEYS`.

        >>> from geo.model import Place
        >>> gaz = Gazetteer.from_places([Place("gn:1", "Osh", 40.53, 72.8, "KG",
        ...                                    "populated_place", population=322164)])
        >>> [loc.raw["id"] for loc in OfflineGeocoder(gaz).geocode("Osh", exactly_one=False)]
        ['gn:1']
        """
        found = self.candidates(
            query,
            country_codes=country_codes,
            feature=feature,
            limit=1 if exactly_one else limit,
        )
        locations = [candidate_to_location(c) for c in found]
        if exactly_one:
            return locations[0] if locations else None
        return locations

    def suggest(self, query: str, limit: int = 5) -> list[str]:
        """Return known spellings close to ``query`` (for "did you mean ...?")."""
        return self.gazetteer.suggest(query, limit=limit)

    def geocode_or_raise(
        self,
        query: str,
        *,
        country_codes: Sequence[str] | None = None,
        feature: str | None = None,
    ) -> Location:
        """Return the best match or raise :class:`~geo.errors.NotFoundError` with suggestions.

        >>> from geo.model import Place
        >>> gaz = Gazetteer.from_places([Place("cur:vorukh", "Vorukh", 39.85, 70.57, "TJ",
        ...                                    "enclave", source="curated")])
        >>> OfflineGeocoder(gaz).geocode_or_raise("Vorukhh").raw["match"]
        'variant'
        >>> try:
        ...     OfflineGeocoder(gaz).geocode_or_raise("Vorokuh")
        ... except NotFoundError as err:
        ...     print(err, err.suggestions)
        no place named 'Vorokuh' ('Vorukh',)
        """
        cleaned = check_query(query)
        found = self.geocode(cleaned, country_codes=country_codes, feature=feature)
        if found is None:
            raise NotFoundError(f"no place named {cleaned!r}", tuple(self.suggest(cleaned)))
        return found  # type: ignore[return-value]

    def reverse(self, point: object, *, max_km: float | None = REVERSE_MAX_KM) -> Location | None:
        """Return the nearest place to ``point`` (within ``max_km``) with admin context.

        ``raw`` has the place's keys plus ``distance_km``; when
        :mod:`geo.joins` is available its ``where(lat, lon)`` of the *query*
        point sets ``country_code``, ``admin1``, ``admin2``, ``border`` and
        ``border_distance_km`` (the place's own stay in ``place_country_code``
        ...).

        >>> from geo.model import Place
        >>> gaz = Gazetteer.from_places([Place("gn:1", "Batken", 40.06, 70.82, "KG",
        ...                                    "populated_place")])
        >>> OfflineGeocoder(gaz).reverse((40.0, 70.8), max_km=None).raw["distance_km"]
        6.89
        """
        lat, lon = _latlon_of(point)
        found = self.gazetteer.nearest(lat, lon, k=1, max_km=max_km)
        if not found:
            return None
        place, km = found[0]
        location = candidate_to_location(Candidate(place, 1.0, place.name, "exact"))
        raw: dict[str, Any] = dict(location.raw)
        raw["distance_km"] = round(km, 2)
        raw["place_country_code"] = place.country_code
        raw["place_admin1"] = place.admin1
        raw["place_admin2"] = place.admin2
        context = _where(lat, lon)
        if context:
            for key in ("country_code", "admin1", "admin2", "border", "border_distance_km"):
                if key in context:
                    raw[key] = context[key]
        return Location(location.address, location.point, raw)


def _where(lat: float, lon: float) -> dict[str, Any] | None:
    """Admin context of a point from :func:`geo.joins.where`, if that module exists."""
    try:
        from geo.joins import where
    except ImportError:
        return None
    return dict(where(lat, lon))
