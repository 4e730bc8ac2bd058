"""The abstract geocoder every sitmap geocoder (offline or online) implements.

Results are :class:`geopy.location.Location` objects, so the offline
gazetteer and geopy's online services are interchangeable. ``raw`` always
carries the same keys, whatever the source: ``id``, ``name``, ``geonameid``,
``feature``, ``country_code``, ``admin1``, ``admin2``, ``population``,
``source``, ``score``, ``accuracy``, ``matched_name`` and ``match``.

>>> from geo.model import Place, Candidate
>>> p = Place(id="cur:tort-kocho", name="Tort-Kocho", lat=39.95, lon=70.53,
...           country_code="KG", feature="village", admin1="Batken",
...           source="curated", accuracy="approximate")
>>> loc = candidate_to_location(Candidate(p, 1.0, "Tort-Kocho"))
>>> loc.latitude, loc.longitude, loc.raw["feature"]
(39.95, 70.53, 'village')
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from typing import Any, ClassVar

from geopy.location import Location
from geopy.point import Point as GeopyPoint

from geo.errors import InputError, NotFoundError
from geo.model import FEATURES, Candidate

#: Longest query accepted, in characters: place names are short, and a huge
#: query is a mistake (or an attack), not a place.
MAX_QUERY_LENGTH = 300

RAW_KEYS: tuple[str, ...] = (
    "id",
    "name",
    "geonameid",
    "feature",
    "country_code",
    "admin1",
    "admin2",
    "population",
    "source",
    "score",
    "accuracy",
    "matched_name",
    "match",
)


def check_query(query: object) -> str:
    """Return a cleaned query string or raise :class:`InputError`.

    Control characters are rejected, surrounding white space is stripped and
    inner runs of white space are folded to one space.

    >>> check_query("  Tort-Kocho ")
    'Tort-Kocho'
    >>> check_query("")
    Traceback (most recent call last):
    ...
    geo.errors.InputError: the query is empty
    """
    if not isinstance(query, str):
        raise InputError(f"the query must be text, not {type(query).__name__}")
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in query if ch not in " \t"):
        raise InputError("the query contains control characters")
    cleaned = " ".join(query.split())
    if not cleaned:
        raise InputError("the query is empty")
    if len(cleaned) > MAX_QUERY_LENGTH:
        raise InputError(
            f"the query is {len(cleaned):,} characters long; place names are at most "
            f"{MAX_QUERY_LENGTH}"
        )
    return cleaned


def check_country_codes(codes: Sequence[str] | str | None) -> tuple[str, ...] | None:
    """Normalise ISO 3166-1 alpha-2 codes to upper case, or raise :class:`InputError`.

    >>> check_country_codes(["kg", "TJ"])
    ('KG', 'TJ')
    """
    if codes is None:
        return None
    if isinstance(codes, str):
        codes = [codes]
    out = []
    for code in codes:
        cc = str(code).strip().upper()
        if len(cc) != 2 or not cc.isalpha() or not cc.isascii():
            raise InputError(f"{code!r} is not a two-letter ISO country code")
        out.append(cc)
    return tuple(out) or None


def check_feature(feature: str | None) -> str | None:
    """Check a feature kind against :data:`geo.model.FEATURES`.

    >>> check_feature("border crossing")
    'border_crossing'
    """
    if feature is None:
        return None
    kind = feature.strip().lower().replace(" ", "_").replace("-", "_")
    if kind not in FEATURES:
        raise InputError(f"unknown feature {feature!r}; known: {', '.join(FEATURES)}")
    return kind


def candidate_to_location(candidate: Candidate) -> Location:
    """Turn a gazetteer :class:`~geo.model.Candidate` into a geopy ``Location``."""
    place = candidate.place
    parts = [place.name]
    parts += [p for p in (place.admin2, place.admin1) if p and p != place.name]
    parts.append(place.country_code)
    raw: dict[str, Any] = {
        "id": place.id,
        "name": place.name,
        "geonameid": place.geonameid,
        "feature": place.feature,
        "country_code": place.country_code,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "population": place.population,
        "source": place.source,
        "score": round(candidate.score, 4),
        "accuracy": place.accuracy,
        "matched_name": candidate.matched_name,
        "match": candidate.match,
    }
    return Location(", ".join(parts), GeopyPoint(place.lat, place.lon), raw)


class Geocoder(abc.ABC):
    """A source of places by name (``geocode``) and by coordinate (``reverse``).

    Subclasses set ``source`` (a short name such as ``"offline"`` or
    ``"nominatim"``) and implement both methods. Both validate their input
    with :func:`check_query` / :func:`geo.points.check_latlon` and raise
    :class:`~geo.errors.InputError` for bad input.
    """

    source: ClassVar[str] = ""

    @abc.abstractmethod
    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country_codes: Sequence[str] | None = None,
        feature: str | None = None,
        limit: int = 10,
    ) -> Location | list[Location] | None:
        """Find places named ``query``.

        With ``exactly_one`` the best match or ``None``; otherwise a list of at
        most ``limit`` matches, best first (empty when nothing matches).
        ``country_codes`` restricts to those ISO alpha-2 countries; ``feature``
        to one kind from :data:`geo.model.FEATURES`.
        """

    @abc.abstractmethod
    def reverse(self, point: object) -> Location | None:
        """Describe the place at ``point`` (a ``(lat, lon)`` pair or geopy ``Point``)."""


def geocode_all(
    geocoder: Geocoder,
    query: str,
    *,
    country_codes: Sequence[str] | None = None,
    feature: str | None = None,
    limit: int = 10,
) -> list[Location]:
    """Return every match for ``query`` (best first) or raise ``NotFoundError``.

    The error carries the closest known spellings when the geocoder can
    suggest them (it has a ``suggest(query, limit)`` method), so a caller can
    say "no place named 'Tajikstan'; did you mean: Tajikistan?".
    """
    results = geocoder.geocode(
        query, exactly_one=False, country_codes=country_codes, feature=feature, limit=limit
    )
    if results:
        return list(results)  # type: ignore[arg-type]
    suggest = getattr(geocoder, "suggest", None)
    suggestions = tuple(suggest(check_query(query), limit=5)) if callable(suggest) else ()
    raise NotFoundError(f"no place named {check_query(query)!r}", suggestions)
