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

**Saying no.** The gazetteer's variant and fuzzy matches are only kept when the name matched
is really like the query (:func:`similarity` at least :data:`MIN_SIMILARITY`), and queries
shorter than :data:`MIN_INEXACT_LENGTH` characters, or with fewer than three different
letters, only match exactly: ``zzzzzz`` is not "ZZZ" (an airport code of Stansted).
A query made only of common English words (``Western``,
``the Western exit``; wordfreq Zipf ≥ :data:`COMMON_ZIPF`, the threshold the geoparser uses)
is answered only by a country or a populated place of at least
:data:`PROMINENT_POPULATION` people (``Jordan``, ``Nice``), a curated border-zone place or a
whole name of several words (``Friendship Bridge``), unless ``country_codes`` or ``feature``
says what is meant; a number in the query makes it specific (``201st military base``).
"Did you mean" suggestions need :data:`MIN_SUGGESTION_SIMILARITY`
and the query's first letter.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any, ClassVar

from geopy.location import Location
from geopy.point import Point as GeopyPoint
from rapidfuzz.distance import Levenshtein

from geo.errors import InputError, NotFoundError
from geo.gazetteer import Gazetteer, load_gazetteer
from geo.geocoders.base import Geocoder, candidate_to_location, check_query
from geo.model import Candidate
from geo.names import fold, split_generic
from geo.points import check_latlon
from geo.settings import Settings

#: Default search radius of :meth:`OfflineGeocoder.reverse`, in km.
REVERSE_MAX_KM = 50.0

#: Least similarity (normalised Levenshtein on folded names, 0–1) of a non-exact answer:
#: one edit in five characters, two in ten.
MIN_SIMILARITY = 0.8
#: Least similarity of a "did you mean" suggestion (which must also start with the query's
#: first letter: typing slips rarely hit the first one).
MIN_SUGGESTION_SIMILARITY = 0.65
#: Shorter queries (folded, in characters) are answered by exact names only.
MIN_INEXACT_LENGTH = 4
#: Zipf frequency at or above which a word is common English (as in :mod:`geo.geoparse.lexicon`).
COMMON_ZIPF = 3.3
#: Population of a place prominent enough to answer a common-word query.
PROMINENT_POPULATION = 100_000

_WORD = re.compile(r"[^\W\d_]+")


def similarity(query: str, name: str) -> float:
    """How alike two names are, 0–1: normalised Levenshtein similarity of their folds.

    A generic term in the query ("Batken district") is also tried without it.

    >>> similarity("Tajikstan", "Tajikistan"), similarity("zzzzzz", "ZZZ")
    (0.9, 0.5)
    >>> similarity("Batkenn district", "Batken") > 0.8
    True
    """
    q, n = fold(query), fold(name)
    core, _term = split_generic(q)
    return max(Levenshtein.normalized_similarity(k, n) for k in {q, core})


@functools.lru_cache(maxsize=4096)
def _zipf(word: str) -> float:
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a pinned dependency
        return 0.0
    return float(zipf_frequency(word, "en"))


def is_common_phrase(query: str) -> bool:
    """Whether every word of ``query`` is common English (then it is no place name by itself).

    >>> is_common_phrase("the Western exit"), is_common_phrase("Western"), is_common_phrase("Osh")
    (True, True, False)
    """
    key = fold(query)
    if any(ch.isdigit() for ch in key):
        return False  # "201st military base", "post 12": a number makes it specific
    words = _WORD.findall(key)
    return bool(words) and all(_zipf(w) >= COMMON_ZIPF for w in words)


def _name_shaped(key: str) -> bool:
    """Whether a folded query could be a misspelt name: three different letters at least.

    ``zzzzzz`` or ``aaaaaa`` is a key held down, not a name; only an exact name answers it.

    >>> _name_shaped("aaaaaa"), _name_shaped("osh")
    (False, True)
    """
    return len(set("".join(_WORD.findall(key)))) >= 3


def _stands_for_itself(candidate: Candidate) -> bool:
    """An exact answer to a common-word query that is still a real answer.

    A country or a large town ("Jordan", "Nice"), a curated border-zone place, or a name of
    several words matched whole ("Friendship Bridge"); not a unit or village called by one
    ordinary word ("Western", "Central").
    """
    place = candidate.place
    if place.feature == "country" or (place.population or 0) >= PROMINENT_POPULATION:
        return True
    return place.source == "curated" or len(_WORD.findall(fold(candidate.matched_name))) > 1


def plausible(
    query: str, candidates: Sequence[Candidate], *, filtered: bool = False
) -> list[Candidate]:
    """The candidates that really answer ``query`` (see the module docstring).

    ``filtered`` tells that the caller gave a country or feature filter.
    """
    key = fold(query)
    out = []
    for cand in candidates:
        if cand.match != "exact":
            if len(key) < MIN_INEXACT_LENGTH or not _name_shaped(key):
                continue
            if similarity(query, cand.matched_name) < MIN_SIMILARITY:
                continue
        out.append(cand)
    if not filtered and out and is_common_phrase(query):
        out = [c for c in out if c.match == "exact" and _stands_for_itself(c)]
    return out


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
        """Return the ranked gazetteer candidates for ``query`` that really answer it.

        See :mod:`geo.gazetteer.core` for the ranking and :func:`plausible` for what is
        dropped.
        """
        text = check_query(query)
        found = self.gazetteer.lookup(
            text, country_codes=country_codes, feature=feature, limit=max(limit, 10)
        )
        kept = plausible(text, found, filtered=bool(country_codes or feature))
        return kept[:limit]

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
        """Return known spellings really close to ``query`` (for "did you mean ...?").

        >>> from geo.model import Place
        >>> gaz = Gazetteer.from_places([Place("adm0:KG", "Kyrgyzstan", 41, 75, "KG", "country"),
        ...                              Place("x:1", "Osh", 40.5, 72.8, "KG", "village")])
        >>> OfflineGeocoder(gaz).suggest("Kyrgystan")
        ['Kyrgyzstan']
        """
        text = check_query(query)
        key = fold(text)
        if is_common_phrase(text) or not _name_shaped(key):
            return []  # "Western": an ordinary word; "aaaaaa": no name at all
        close = self.gazetteer.suggest(text, limit=max(limit * 3, 10))
        return [
            n
            for n in close
            if (folded := fold(n)) != key
            and folded[:1] == key[:1]
            and similarity(text, n) >= MIN_SUGGESTION_SIMILARITY
        ][:limit]

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
