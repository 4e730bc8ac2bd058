"""Online geocoders (OSM Nominatim, the GeoNames web service) through geopy, and a fallback.

Both classes implement :class:`geo.geocoders.base.Geocoder`, so they are
interchangeable with the offline gazetteer: ``geocode`` and ``reverse``
return geopy ``Location`` objects whose ``raw`` holds exactly
:data:`~geo.geocoders.base.RAW_KEYS` plus ``provider`` (the service's own
record for that place, untouched).

Every request goes, in this order, through

1. the on-disk :class:`~geo.geocoders.cache.ResponseCache` (a hit sends
   nothing over the network),
2. geopy's :class:`~geopy.extra.rate_limiter.RateLimiter`
   (``settings.min_delay_seconds`` between requests, ``settings.max_retries``
   retries of transient failures: timeouts, connection errors, HTTP 5xx and
   429), and
3. geopy's ``Nominatim`` / ``GeoNames`` with ``settings.timeout``.

geopy's exceptions never escape: they become
:class:`~geo.errors.GeocoderTimedOut` (no answer in time),
:class:`~geo.errors.GeocoderUnavailable` (connection refused, any HTTP
error status, quota or account problems) or
:class:`~geo.errors.GeocoderResponseError` (a payload that is not JSON, has
the wrong shape, or lacks usable coordinates), chained with ``raise ... from``.
:class:`FallbackGeocoder` turns those three into a logged warning and an
answer from another geocoder (the offline one in production).

A service that times out, cannot be reached or refuses the account (HTTP
401, 402, 403) is remembered as down for the rest of the session (the
geocoder object's life): later requests are not sent and fail at once with
the same kind of error, so a dead server costs at most one
``settings.timeout``. Timeouts and refused connections are not retried; HTTP
5xx and 429 answers are (``settings.max_retries``), with geopy's retry
warnings turned into one-line debug messages (no tracebacks on stderr).
Empty answers are never cached.

Feature mapping (into :data:`geo.model.FEATURES`)
------------------------------------------------

Nominatim (``class``/``type`` of the OSM object, see
:data:`NOMINATIM_FEATURES`):

* ``place=country`` → ``country``; ``place=state|province|region`` →
  ``admin1``; ``place=county|district|municipality`` → ``admin2``;
  ``boundary=administrative`` → by ``addresstype`` the same way, else by
  ``place_rank`` (≤4 country, 5–9 admin1, 10–12 admin2);
* ``place=city|town|suburb|quarter|neighbourhood`` → ``populated_place``;
  ``place=village|hamlet|isolated_dwelling`` → ``village``;
* ``barrier=border_control`` → ``border_crossing``; ``military=checkpoint``
  → ``border_post``; ``man_made=bridge`` and class ``bridge`` → ``bridge``;
* ``military=base|barracks|airfield|naval_base``, ``landuse=military`` →
  ``military_base``; ``military=range|training_area`` → ``training_ground``;
* ``man_made=water_works|water_tower|pumping_station|reservoir_covered|
  water_well``, ``waterway=dam|weir|canal``, ``landuse=reservoir`` →
  ``water_facility``; ``waterway=river|stream`` → ``river``;
* ``highway=motorway|trunk|primary|secondary|tertiary|unclassified|
  residential|track|road`` → ``road``;
* anything else → ``None`` (OSM has no tag for ``enclave``).

GeoNames (feature code ``fcode``, see :data:`GEONAMES_FEATURES`):

* ``PCL*`` → ``country``; ``ADM1``/``ADM1H`` → ``admin1``;
  ``ADM2``/``ADM2H`` → ``admin2``; every other class-``P`` code →
  ``populated_place`` (GeoNames does not tell villages from towns);
* ``PSTB`` → ``border_post``; ``PSTC``/``CSTM`` → ``border_crossing``;
  ``BDG`` → ``bridge``; ``MILB|INSM|AIRB|BRKS`` → ``military_base``;
  ``RNGA`` → ``training_ground``;
  ``CNL|CNLI|DAM|RSV|WTRW|PMPW|WTRT|RSVT`` → ``water_facility``;
  ``STM|STMI`` → ``river``; ``RD|RDA|TRL`` → ``road``;
* anything else → ``None``.

Other ``raw`` keys: ``id`` is ``osm:<osm_type>/<osm_id>`` (Nominatim) or
``gn:<geonameId>`` (GeoNames, the same ids as the offline gazetteer);
``score`` is Nominatim's ``importance`` (clamped to [0, 1]) or, where the
service gives none, ``1 / (1 + rank)``; ``accuracy`` is ``unit`` for
countries and admin units (the point stands for an area), ``exact`` for OSM
nodes and GeoNames points, ``approximate`` for other OSM ways/relations
(their centroid); ``match`` is ``exact`` when the result's name equals the
query (case and spacing folded), else ``fuzzy``.

>>> loc = nominatim_to_location(
...     {"osm_type": "node", "osm_id": 42, "lat": "39.95", "lon": "70.53",
...      "class": "place", "type": "village", "name": "Tort-Kocho",
...      "display_name": "Tort-Kocho, Batken Region, Kyrgyzstan",
...      "address": {"state": "Batken Region", "country_code": "kg"}},
...     query="tort-kocho")
>>> loc.raw["id"], loc.raw["feature"], loc.raw["country_code"], loc.raw["match"]
('osm:node/42', 'village', 'KG', 'exact')
"""

from __future__ import annotations

import abc
import logging
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

from geopy import exc as geopy_exc
from geopy.adapters import AdapterHTTPError, BaseAdapter, URLLibAdapter
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import GeoNames, Nominatim
from geopy.location import Location
from geopy.point import Point as GeopyPoint

from geo.errors import (
    GeocoderResponseError,
    GeocoderTimedOut,
    GeocoderUnavailable,
    InputError,
    SitmapError,
)
from geo.geocoders.base import (
    Geocoder,
    check_country_codes,
    check_feature,
    check_query,
)
from geo.geocoders.cache import ResponseCache
from geo.points import check_latlon
from geo.settings import Settings

logger = logging.getLogger("sitmap.geocoders")

__all__ = [
    "GEONAMES_FEATURES",
    "NOMINATIM_FEATURES",
    "FallbackGeocoder",
    "GeoNamesWebGeocoder",
    "NominatimGeocoder",
    "OnlineGeocoder",
    "geonames_feature",
    "geonames_to_location",
    "nominatim_feature",
    "nominatim_to_location",
]

#: Largest ``limit`` accepted by the online geocoders.
MAX_LIMIT = 50

#: Rows asked for when a ``feature`` filter will thin the answer out afterwards.
FILTER_FETCH_ROWS = 20

#: Shortest wait, in seconds, before retrying a failed request.
DEFAULT_ERROR_WAIT_SECONDS = 2.0

_ADMIN_FEATURES = frozenset({"country", "admin1", "admin2"})

# ---------------------------------------------------------------------------
# Feature mapping
# ---------------------------------------------------------------------------

_PP = "populated_place"

#: Nominatim ``(class, type)`` → sitmap feature kind.
NOMINATIM_FEATURES: dict[tuple[str, str], str] = {
    ("place", "country"): "country",
    ("place", "state"): "admin1",
    ("place", "province"): "admin1",
    ("place", "region"): "admin1",
    ("place", "county"): "admin2",
    ("place", "district"): "admin2",
    ("place", "municipality"): "admin2",
    ("place", "city"): _PP,
    ("place", "town"): _PP,
    ("place", "suburb"): _PP,
    ("place", "quarter"): _PP,
    ("place", "neighbourhood"): _PP,
    ("place", "village"): "village",
    ("place", "hamlet"): "village",
    ("place", "isolated_dwelling"): "village",
    ("barrier", "border_control"): "border_crossing",
    ("military", "checkpoint"): "border_post",
    ("man_made", "bridge"): "bridge",
    ("military", "base"): "military_base",
    ("military", "barracks"): "military_base",
    ("military", "airfield"): "military_base",
    ("military", "naval_base"): "military_base",
    ("landuse", "military"): "military_base",
    ("military", "range"): "training_ground",
    ("military", "training_area"): "training_ground",
    ("man_made", "water_works"): "water_facility",
    ("man_made", "water_tower"): "water_facility",
    ("man_made", "pumping_station"): "water_facility",
    ("man_made", "reservoir_covered"): "water_facility",
    ("man_made", "water_well"): "water_facility",
    ("waterway", "dam"): "water_facility",
    ("waterway", "weir"): "water_facility",
    ("waterway", "canal"): "water_facility",
    ("landuse", "reservoir"): "water_facility",
    ("waterway", "river"): "river",
    ("waterway", "stream"): "river",
    **{
        ("highway", kind): "road"
        for kind in (
            "motorway",
            "trunk",
            "primary",
            "secondary",
            "tertiary",
            "unclassified",
            "residential",
            "track",
            "road",
        )
    },
}

#: Nominatim classes whose every type maps to one kind.
NOMINATIM_CLASS_FEATURES: dict[str, str] = {"bridge": "bridge"}

_NOMINATIM_ADDRESSTYPES: dict[str, str] = {
    "country": "country",
    "state": "admin1",
    "province": "admin1",
    "region": "admin1",
    "county": "admin2",
    "state_district": "admin2",
    "district": "admin2",
    "municipality": "admin2",
}

#: GeoNames feature code → sitmap feature kind (class ``P`` codes not listed
#: here are ``populated_place``).
GEONAMES_FEATURES: dict[str, str] = {
    **{code: "country" for code in ("PCL", "PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCLH")},
    "ADM1": "admin1",
    "ADM1H": "admin1",
    "ADM2": "admin2",
    "ADM2H": "admin2",
    "PSTB": "border_post",
    "PSTC": "border_crossing",
    "CSTM": "border_crossing",
    "BDG": "bridge",
    **{code: "military_base" for code in ("MILB", "INSM", "AIRB", "BRKS")},
    "RNGA": "training_ground",
    **{
        code: "water_facility"
        for code in ("CNL", "CNLI", "DAM", "RSV", "WTRW", "PMPW", "WTRT", "RSVT")
    },
    "STM": "river",
    "STMI": "river",
    "RD": "road",
    "RDA": "road",
    "TRL": "road",
}


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def nominatim_feature(payload: Mapping[str, Any]) -> str | None:
    """Map a Nominatim record's OSM ``class``/``type`` to a sitmap feature kind.

    >>> nominatim_feature({"class": "place", "type": "hamlet"})
    'village'
    >>> nominatim_feature({"class": "boundary", "type": "administrative",
    ...                    "addresstype": "state"})
    'admin1'
    >>> nominatim_feature({"class": "amenity", "type": "cafe"}) is None
    True
    """
    osm_class = _text(payload.get("class") or payload.get("category"))
    osm_type = _text(payload.get("type"))
    kind = NOMINATIM_FEATURES.get((osm_class, osm_type)) or NOMINATIM_CLASS_FEATURES.get(osm_class)
    if kind is not None:
        return kind
    if osm_class == "boundary" and osm_type == "administrative":
        by_type = _NOMINATIM_ADDRESSTYPES.get(_text(payload.get("addresstype")))
        if by_type is not None:
            return by_type
        rank = payload.get("place_rank")
        if isinstance(rank, int) and not isinstance(rank, bool):
            if rank <= 4:
                return "country"
            if rank <= 9:
                return "admin1"
            if rank <= 12:
                return "admin2"
    return None


def geonames_feature(payload: Mapping[str, Any]) -> str | None:
    """Map a GeoNames record's ``fcode`` (and ``fcl``) to a sitmap feature kind.

    >>> geonames_feature({"fcl": "P", "fcode": "PPLA2"})
    'populated_place'
    >>> geonames_feature({"fcl": "S", "fcode": "PSTB"})
    'border_post'
    >>> geonames_feature({"fcl": "T", "fcode": "MT"}) is None
    True
    """
    code = _text(payload.get("fcode")).upper()
    kind = GEONAMES_FEATURES.get(code)
    if kind is not None:
        return kind
    if _text(payload.get("fcl")).upper() == "P" or code.startswith("PPL"):
        return _PP
    return None


# ---------------------------------------------------------------------------
# Provider record → Location
# ---------------------------------------------------------------------------


def _coordinates(item: Mapping[str, Any], lat_key: str, lon_key: str) -> tuple[float, float]:
    """Return checked ``(lat, lon)`` from a provider record or raise GeocoderResponseError."""
    values = []
    for key in (lat_key, lon_key):
        value = item.get(key)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise GeocoderResponseError(f"a result has no usable {key!r} (got {value!r:.40})")
        values.append(value)
    try:
        return check_latlon(values[0], values[1])
    except InputError as err:
        raise GeocoderResponseError(f"a result has unusable coordinates: {err}") from err


def _population(value: object) -> int:
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return max(value, 0)
    if isinstance(value, float):
        return max(int(value), 0) if math.isfinite(value) else 0
    digits = "".join(ch for ch in _text(value) if ch.isdigit())
    return int(digits) if digits and len(digits) < 12 else 0


def _rank_score(rank: int) -> float:
    return round(1.0 / (1 + rank), 4)


def _match(query: str, *names: str) -> str:
    folded = _fold(query)
    return "exact" if any(name and _fold(name) == folded for name in names) else "fuzzy"


def _accuracy(feature: str | None, point_like: bool) -> str:
    if feature in _ADMIN_FEATURES:
        return "unit"
    return "exact" if point_like else "approximate"


def _location(address: str, lat: float, lon: float, raw: dict[str, Any]) -> Location:
    return Location(address, GeopyPoint(lat, lon), raw)


def nominatim_to_location(payload: Mapping[str, Any], *, query: str, rank: int = 0) -> Location:
    """Convert one Nominatim record (``format=json``, ``addressdetails=1``) to a Location.

    ``rank`` is the record's position in the answer (0 = best); ``query`` the
    text searched for (decides ``match``). Raises
    :class:`~geo.errors.GeocoderResponseError` without usable coordinates.

    >>> loc = nominatim_to_location({"lat": "40.53", "lon": "72.80", "osm_type": "relation",
    ...                              "osm_id": 7, "class": "boundary", "type": "administrative",
    ...                              "addresstype": "city", "name": "Osh", "importance": 0.61},
    ...                             query="Osh")
    >>> loc.point, loc.raw["score"], loc.raw["accuracy"], loc.raw["source"]
    (Point(40.53, 72.8, 0.0), 0.61, 'approximate', 'nominatim')
    """
    lat, lon = _coordinates(payload, "lat", "lon")
    address = payload.get("address")
    if not isinstance(address, Mapping):
        address = {}
    extratags = payload.get("extratags")
    if not isinstance(extratags, Mapping):
        extratags = {}
    display = _text(payload.get("display_name"))
    name = _text(payload.get("name")) or display.split(",")[0].strip() or query
    osm_type, osm_id = _text(payload.get("osm_type")), payload.get("osm_id")
    if osm_type and isinstance(osm_id, int | str) and not isinstance(osm_id, bool):
        ident = f"osm:{osm_type}/{osm_id}"
    else:
        ident = f"nominatim:{payload.get('place_id')}"
    feature = nominatim_feature(payload)
    importance = payload.get("importance")
    if isinstance(importance, int | float) and not isinstance(importance, bool):
        score = (
            round(min(max(float(importance), 0.0), 1.0), 4) if math.isfinite(importance) else 0.0
        )
    else:
        score = _rank_score(rank)

    def first(*keys: str) -> str | None:
        return next((_text(address.get(k)) for k in keys if _text(address.get(k))), None)

    raw: dict[str, Any] = {
        "id": ident,
        "name": name,
        "geonameid": None,
        "feature": feature,
        "country_code": _text(address.get("country_code")).upper() or None,
        "admin1": first("state", "province", "region"),
        "admin2": first("county", "state_district", "district", "municipality"),
        "population": _population(extratags.get("population")),
        "source": NominatimGeocoder.source,
        "score": score,
        "accuracy": _accuracy(feature, osm_type == "node"),
        "matched_name": name,
        "match": _match(query, name),
        "provider": dict(payload),
    }
    return _location(display or name, lat, lon, raw)


def geonames_to_location(payload: Mapping[str, Any], *, query: str, rank: int = 0) -> Location:
    """Convert one GeoNames web-service record to a Location.

    >>> loc = geonames_to_location({"geonameId": 1222662, "name": "Razzakov", "lat": "39.83895",
    ...                             "lng": "69.5276", "fcl": "P", "fcode": "PPLA2",
    ...                             "countryCode": "KG", "adminName1": "Batken",
    ...                             "population": 34219, "countryName": "Kyrgyzstan"},
    ...                            query="razzakov")
    >>> loc.address, loc.raw["id"], loc.raw["feature"], loc.raw["population"]
    ('Razzakov, Batken, Kyrgyzstan', 'gn:1222662', 'populated_place', 34219)
    """
    lat, lon = _coordinates(payload, "lat", "lng")
    geonameid = payload.get("geonameId")
    if isinstance(geonameid, str) and geonameid.strip().isdigit():
        geonameid = int(geonameid)
    if isinstance(geonameid, bool) or not isinstance(geonameid, int):
        raise GeocoderResponseError(
            f"a GeoNames result has no usable geonameId ({geonameid!r:.40})"
        )
    name = _text(payload.get("name")) or _text(payload.get("toponymName")) or query
    feature = geonames_feature(payload)
    admin1 = _text(payload.get("adminName1")) or None
    admin2 = _text(payload.get("adminName2")) or None
    country = _text(payload.get("countryName"))
    raw: dict[str, Any] = {
        "id": f"gn:{geonameid}",
        "name": name,
        "geonameid": geonameid,
        "feature": feature,
        "country_code": _text(payload.get("countryCode")).upper() or None,
        "admin1": admin1,
        "admin2": admin2,
        "population": _population(payload.get("population")),
        "source": GeoNamesWebGeocoder.source,
        "score": _rank_score(rank),
        "accuracy": _accuracy(feature, True),
        "matched_name": name,
        "match": _match(query, name, _text(payload.get("toponymName"))),
        "provider": dict(payload),
    }
    address = ", ".join(part for part in (name, admin1, country) if part)
    return _location(address, lat, lon, raw)


# ---------------------------------------------------------------------------
# geopy services that hand back the decoded payload for sitmap to check
# ---------------------------------------------------------------------------


class _RawNominatim(Nominatim):
    """geopy's Nominatim, returning the decoded JSON instead of its own Locations."""

    def _parse_json(self, places: Any, exactly_one: bool) -> Any:
        return places


class _RawGeoNames(GeoNames):
    """geopy's GeoNames, returning the decoded JSON (after geopy's status-code checks)."""

    def _parse_json(self, doc: Any, exactly_one: bool) -> Any:
        if isinstance(doc, Mapping) and doc.get("status") is not None:
            try:
                self._raise_for_error(doc)
            except (KeyError, TypeError, AttributeError) as err:
                raise geopy_exc.GeocoderParseError(
                    f"unreadable GeoNames status {doc!r:.200}"
                ) from err
        return doc


# ---------------------------------------------------------------------------
# geopy errors → sitmap errors
# ---------------------------------------------------------------------------

#: geopy errors a retry cannot cure: they skip the rate limiter's retries.
_PERMANENT_GEOPY_ERRORS = (
    geopy_exc.GeocoderParseError,
    geopy_exc.GeocoderQueryError,
    geopy_exc.GeocoderAuthenticationFailure,
    geopy_exc.GeocoderInsufficientPrivileges,
    geopy_exc.GeocoderQuotaExceeded,
)


def _short(text: object, limit: int = 200) -> str:
    shown = " ".join(str(text).split())
    return shown if len(shown) <= limit else shown[:limit] + "…"


def _translate(err: geopy_exc.GeopyError, service: str, timeout: float) -> SitmapError:
    """Return the sitmap error for a geopy error (the caller chains it)."""
    cause = err.__cause__
    if isinstance(cause, AdapterHTTPError):
        return GeocoderUnavailable(f"{service} answered with HTTP status {cause.status_code}")
    if isinstance(err, geopy_exc.GeocoderParseError):
        return GeocoderResponseError(f"{service} sent a response that is not JSON: {_short(err)}")
    if isinstance(err, geopy_exc.GeocoderTimedOut):
        return GeocoderTimedOut(f"{service} did not answer within {timeout:g} s")
    if isinstance(err, geopy_exc.GeocoderQueryError):
        return GeocoderResponseError(f"{service} answered with an error: {_short(err)}")
    if isinstance(err, geopy_exc.ConfigurationError):
        return InputError(f"cannot configure {service}: {_short(err)}")
    return GeocoderUnavailable(f"{service} is unavailable: {_short(err)}")


class _QuietRetries(logging.Filter):
    """Turn geopy's retry warnings (a traceback each) into one-line debug records."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and "RateLimiter" in str(record.msg):
            err = record.exc_info[1]
            record.msg, record.args = "geopy retry after %s: %s", (type(err).__name__, err)
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


def _quiet_geopy_retries() -> None:
    geopy_logger = logging.getLogger("geopy")
    if not any(isinstance(f, _QuietRetries) for f in geopy_logger.filters):
        geopy_logger.addFilter(_QuietRetries())


#: Failures after which a service is not asked again in the same session.
_DOWN_ERRORS: tuple[type[SitmapError], ...] = (GeocoderTimedOut, GeocoderUnavailable)


# ---------------------------------------------------------------------------
# Geocoders
# ---------------------------------------------------------------------------


def _check_limit(limit: object) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit must be a whole number from 1 to {MAX_LIMIT}, not {limit!r}")
    return limit


def _check_user_agent(value: object, service: str) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InputError(
            f"{service} needs a user agent that identifies you to the service (its usage "
            "policy requires one). Set the environment variable SITMAP_USER_AGENT, e.g. "
            "SITMAP_USER_AGENT='sitmap/0.1 (you@example.org)', or pass "
            "Settings(user_agent=...) or user_agent=..."
        )
    if not isinstance(value, str):
        raise InputError(f"the user agent must be text, not {type(value).__name__}")
    if any(ord(ch) < 32 or ord(ch) == 0x7F for ch in value):
        raise InputError("the user agent contains control characters")
    return value.strip()


def _check_settings(settings: Settings) -> None:
    timeout, delay, retries = settings.timeout, settings.min_delay_seconds, settings.max_retries
    for what, value in (("timeout", timeout), ("min_delay_seconds", delay)):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputError(f"settings.{what} must be a number of seconds, not {value!r}")
        if not math.isfinite(value) or value < 0:
            raise InputError(f"settings.{what} must be a non-negative number, not {value!r}")
    if timeout <= 0:
        raise InputError(f"settings.timeout must be positive, not {timeout!r}")
    if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
        raise InputError(f"settings.max_retries must be a whole number ≥ 0, not {retries!r}")


def _point_latlon(point: object) -> tuple[float, float]:
    if isinstance(point, GeopyPoint):
        return check_latlon(point.latitude, point.longitude)
    if isinstance(point, str | bytes) or not isinstance(point, Sequence) or len(point) != 2:
        raise InputError(
            f"a point is a (lat, lon) pair or a geopy Point, not {type(point).__name__}"
        )
    return check_latlon(point[0], point[1])


class OnlineGeocoder(Geocoder):
    """Shared machinery of the online geocoders: checks, cache, rate limit, errors.

    Subclasses set ``source`` and ``max_rows`` and implement the four
    service hooks. Constructing one sends nothing over the network.

    ``settings`` defaults to :meth:`Settings.from_env`. ``cache`` is ``True``
    (the cache file in ``settings.cache_dir``), ``False`` (no cache) or a
    :class:`~geo.geocoders.cache.ResponseCache`. ``proxies`` goes to geopy
    (``None``: the system's proxy settings; ``{}``: none).
    ``error_wait_seconds`` is the pause before a retry (default: the larger
    of ``settings.min_delay_seconds`` and :data:`DEFAULT_ERROR_WAIT_SECONDS`).
    ``adapter_factory`` is geopy's HTTP client; the default is always
    :class:`geopy.adapters.URLLibAdapter` (geopy would pick ``requests`` when
    it happens to be installed, whose urllib3 layer retries on its own,
    behind the rate limiter's back, and reports read timeouts as connection
    errors).
    """

    #: Most rows the service returns for one request.
    max_rows: ClassVar[int] = MAX_LIMIT

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        user_agent: str | None = None,
        cache: ResponseCache | bool = True,
        proxies: Mapping[str, str] | None = None,
        error_wait_seconds: float | None = None,
        adapter_factory: Callable[..., BaseAdapter] = URLLibAdapter,
    ) -> None:
        self.adapter_factory = adapter_factory
        self.settings = Settings.from_env() if settings is None else settings
        _check_settings(self.settings)
        self.user_agent = _check_user_agent(
            user_agent if user_agent is not None else self.settings.user_agent, self.source
        )
        if cache is True:
            self.cache: ResponseCache | None = ResponseCache.from_settings(self.settings)
        elif cache is False or cache is None:
            self.cache = None
        elif isinstance(cache, ResponseCache):
            self.cache = cache
        else:
            raise InputError(f"cache must be True, False or a ResponseCache, not {cache!r}")
        delay = float(self.settings.min_delay_seconds)
        if error_wait_seconds is None:
            wait = max(delay, DEFAULT_ERROR_WAIT_SECONDS)
        elif isinstance(error_wait_seconds, bool) or not isinstance(
            error_wait_seconds, int | float
        ):
            raise InputError(f"error_wait_seconds must be a number, not {error_wait_seconds!r}")
        else:
            wait = max(float(error_wait_seconds), delay)
        self.proxies = None if proxies is None else dict(proxies)
        try:
            self._service = self._make_service()
        except geopy_exc.GeopyError as err:
            raise _translate(err, self.source, self.settings.timeout) from err
        #: The failure that put the service down for this session, if any.
        self.down: SitmapError | None = None
        _quiet_geopy_retries()
        self._limited: Callable[..., list[Location]] = RateLimiter(
            self._fetch,
            min_delay_seconds=delay,
            max_retries=self.settings.max_retries,
            error_wait_seconds=wait,
            swallow_exceptions=False,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(user_agent={self.user_agent!r}, cache={self.cache!r})"

    # -- service hooks -------------------------------------------------------

    @abc.abstractmethod
    def _make_service(self) -> Any:
        """Return the configured geopy geocoder."""

    @abc.abstractmethod
    def _geocode_kwargs(
        self, query: str, country_codes: tuple[str, ...] | None, rows: int
    ) -> dict[str, Any]:
        """Return the geopy ``geocode`` keyword arguments (JSON-able: also the cache key)."""

    @abc.abstractmethod
    def _reverse_kwargs(self, lat: float, lon: float) -> dict[str, Any]:
        """Return the geopy ``reverse`` keyword arguments (JSON-able: also the cache key)."""

    @abc.abstractmethod
    def _records(self, method: str, payload: Any) -> list[Mapping[str, Any]]:
        """Return the place records in a decoded payload or raise GeocoderResponseError."""

    @abc.abstractmethod
    def _convert(self, record: Mapping[str, Any], *, query: str, rank: int) -> Location:
        """Convert one place record into a Location with sitmap's raw keys."""

    # -- the Geocoder interface ------------------------------------------------

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country_codes: Sequence[str] | None = None,
        feature: str | None = None,
        limit: int = 10,
    ) -> Location | list[Location] | None:
        """Find places named ``query`` with the online service (see :class:`Geocoder`).

        ``country_codes`` is sent to the service and checked again on the
        answer; ``feature`` is applied to the answer (more rows are asked for
        when it is given).

        >>> from geo.settings import Settings
        >>> g = NominatimGeocoder(Settings(user_agent="sitmap-doc"), cache=False)
        >>> g.geocode("")
        Traceback (most recent call last):
        ...
        geo.errors.InputError: the query is empty
        """
        text = check_query(query)
        codes = check_country_codes(country_codes)
        kind = check_feature(feature)
        most = _check_limit(limit)
        wanted = 1 if exactly_one else most
        rows = min(self.max_rows, max(wanted, FILTER_FETCH_ROWS)) if kind else wanted
        results = self._lookup("geocode", text, self._geocode_kwargs(text, codes, rows))
        if codes:
            results = [loc for loc in results if loc.raw["country_code"] in codes]
        if kind:
            results = [loc for loc in results if loc.raw["feature"] == kind]
        results = results[:wanted]
        if exactly_one:
            return results[0] if results else None
        return results

    def reverse(self, point: object) -> Location | None:
        """Describe the place at ``point`` (``(lat, lon)`` or a geopy ``Point``)."""
        lat, lon = _point_latlon(point)
        results = self._lookup("reverse", f"{lat:.6f},{lon:.6f}", self._reverse_kwargs(lat, lon))
        return results[0] if results else None

    # -- plumbing ----------------------------------------------------------------

    def _lookup(self, method: str, query: str, kwargs: dict[str, Any]) -> list[Location]:
        params = {key: value for key, value in kwargs.items() if key != "query"}
        if self.cache is not None:
            hit = self.cache.get(self.source, method, query, params)
            if hit:
                logger.debug("%s %s %r: answered from the cache", self.source, method, query)
                return hit
        if self.down is not None:
            raise type(self.down)(f"{self.down} (earlier in this session; not asked again)")
        try:
            results = self._limited(method, query, kwargs)
        except geopy_exc.GeopyError as err:
            failure = _translate(err, self.source, self.settings.timeout)
            if isinstance(failure, _DOWN_ERRORS) and not isinstance(
                err.__cause__, AdapterHTTPError
            ):
                self.down = failure  # an HTTP status is an answer: the server is up
            raise failure from err
        except _DOWN_ERRORS as err:
            self.down = err
            raise
        if self.cache is not None and results:
            self.cache.put(self.source, method, query, params, results)
        return results

    def _fetch(self, method: str, query: str, kwargs: dict[str, Any]) -> list[Location]:
        """Make one request (called through the rate limiter, which retries geopy errors)."""
        call = getattr(self._service, method)
        try:
            payload = call(timeout=self.settings.timeout, **kwargs)
        except geopy_exc.GeocoderRateLimited:
            raise  # transient: let the rate limiter retry
        except _PERMANENT_GEOPY_ERRORS as err:
            raise _translate(err, self.source, self.settings.timeout) from err
        except geopy_exc.GeocoderServiceError as err:
            if isinstance(err.__cause__, AdapterHTTPError):
                raise  # an HTTP 5xx status: transient, let the rate limiter retry
            # no answer in time, or no connection: retrying would only cost more time
            raise _translate(err, self.source, self.settings.timeout) from err
        records = self._records(method, payload)
        return [self._convert(record, query=query, rank=i) for i, record in enumerate(records)]

    def _check_records(self, items: object) -> list[Mapping[str, Any]]:
        if not isinstance(items, list):
            raise GeocoderResponseError(
                f"{self.source} sent {type(items).__name__} where a list of places belongs"
            )
        for item in items:
            if not isinstance(item, Mapping):
                raise GeocoderResponseError(
                    f"{self.source} sent {type(item).__name__} where a place belongs"
                )
        return items


class NominatimGeocoder(OnlineGeocoder):
    """OpenStreetMap Nominatim through geopy.

    ``domain`` and ``scheme`` select the server (default: the public
    ``nominatim.openstreetmap.org`` over https; tests point them at a local
    server). A user agent is required (``user_agent=`` or
    ``settings.user_agent`` / ``SITMAP_USER_AGENT``); Nominatim's policy
    also asks for at most one request per second, which the default
    ``settings.min_delay_seconds`` keeps.

    >>> from geo.settings import Settings
    >>> NominatimGeocoder(Settings(), cache=False)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.errors.InputError: nominatim needs a user agent ...
    """

    source: ClassVar[str] = "nominatim"
    max_rows: ClassVar[int] = 40
    #: Detail of reverse answers (Nominatim zoom 13: village or suburb).
    reverse_zoom: ClassVar[int] = 13

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        user_agent: str | None = None,
        domain: str = "nominatim.openstreetmap.org",
        scheme: str = "https",
        cache: ResponseCache | bool = True,
        proxies: Mapping[str, str] | None = None,
        error_wait_seconds: float | None = None,
        adapter_factory: Callable[..., BaseAdapter] = URLLibAdapter,
    ) -> None:
        self.domain = domain
        self.scheme = scheme
        super().__init__(
            settings,
            user_agent=user_agent,
            cache=cache,
            proxies=proxies,
            error_wait_seconds=error_wait_seconds,
            adapter_factory=adapter_factory,
        )

    def _make_service(self) -> Nominatim:
        return _RawNominatim(
            domain=self.domain,
            scheme=self.scheme,
            user_agent=self.user_agent,
            timeout=self.settings.timeout,
            proxies=self.proxies,
            adapter_factory=self.adapter_factory,
        )

    def _geocode_kwargs(
        self, query: str, country_codes: tuple[str, ...] | None, rows: int
    ) -> dict[str, Any]:
        return {
            "query": query,
            "exactly_one": False,
            "limit": rows,
            "country_codes": [cc.lower() for cc in country_codes] if country_codes else None,
            "addressdetails": True,
            "extratags": True,
        }

    def _reverse_kwargs(self, lat: float, lon: float) -> dict[str, Any]:
        return {
            "query": [lat, lon],
            "exactly_one": True,
            "addressdetails": True,
            "zoom": self.reverse_zoom,
        }

    def _records(self, method: str, payload: Any) -> list[Mapping[str, Any]]:
        if isinstance(payload, Mapping) and "error" in payload:
            message = _short(payload.get("error"))
            if method == "reverse" and message == "Unable to geocode":
                return []
            raise GeocoderResponseError(f"nominatim answered with an error: {message}")
        if method == "reverse":
            if not isinstance(payload, Mapping):
                raise GeocoderResponseError(
                    f"nominatim sent {type(payload).__name__} where one place belongs"
                )
            return [payload]
        return self._check_records(payload)

    def _convert(self, record: Mapping[str, Any], *, query: str, rank: int) -> Location:
        return nominatim_to_location(record, query=query, rank=rank)


class GeoNamesWebGeocoder(OnlineGeocoder):
    """The GeoNames web service (``api.geonames.org``) through geopy.

    Needs a GeoNames account ``username`` (free, https://www.geonames.org/login)
    and a user agent. Answers carry ``raw["source"] == "geonames_web"`` and
    ``gn:<geonameId>`` ids, the same ids the offline gazetteer uses.

    >>> from geo.settings import Settings
    >>> GeoNamesWebGeocoder(Settings(user_agent="sitmap-doc"), cache=False)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.errors.InputError: the GeoNames web service needs a username ...
    """

    source: ClassVar[str] = "geonames_web"
    max_rows: ClassVar[int] = 100

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        username: str | None = None,
        user_agent: str | None = None,
        domain: str = "api.geonames.org",
        scheme: str = "http",
        cache: ResponseCache | bool = True,
        proxies: Mapping[str, str] | None = None,
        error_wait_seconds: float | None = None,
        adapter_factory: Callable[..., BaseAdapter] = URLLibAdapter,
    ) -> None:
        if not isinstance(username, str) or not username.strip():
            raise InputError(
                "the GeoNames web service needs a username (a free account from "
                "https://www.geonames.org/login with web services enabled): pass username=..."
            )
        self.username = username.strip()
        self.domain = domain
        self.scheme = scheme
        super().__init__(
            settings,
            user_agent=user_agent,
            cache=cache,
            proxies=proxies,
            error_wait_seconds=error_wait_seconds,
            adapter_factory=adapter_factory,
        )

    def _make_service(self) -> GeoNames:
        return _RawGeoNames(
            self.username,
            domain=self.domain,
            scheme=self.scheme,
            user_agent=self.user_agent,
            timeout=self.settings.timeout,
            proxies=self.proxies,
            adapter_factory=self.adapter_factory,
        )

    def _geocode_kwargs(
        self, query: str, country_codes: tuple[str, ...] | None, rows: int
    ) -> dict[str, Any]:
        # geopy sends maxRows=1 for exactly_one; otherwise GeoNames' default (100).
        return {
            "query": query,
            "exactly_one": rows == 1,
            "country": list(country_codes) if country_codes else None,
        }

    def _reverse_kwargs(self, lat: float, lon: float) -> dict[str, Any]:
        return {"query": [lat, lon], "exactly_one": False}

    def _records(self, method: str, payload: Any) -> list[Mapping[str, Any]]:
        if not isinstance(payload, Mapping):
            raise GeocoderResponseError(
                f"geonames_web sent {type(payload).__name__} where an object belongs"
            )
        if "geonames" not in payload:
            raise GeocoderResponseError("geonames_web sent an object without 'geonames'")
        return self._check_records(payload["geonames"])[: self.max_rows]

    def _convert(self, record: Mapping[str, Any], *, query: str, rank: int) -> Location:
        return geonames_to_location(record, query=query, rank=rank)


class FallbackGeocoder(Geocoder):
    """Ask ``primary``; if it fails or knows nothing, ask ``fallback``.

    A failure (timeout, unavailable, garbage) is logged as one warning line on
    the ``sitmap.geocoders`` logger, and ``primary`` is not asked again for the
    rest of this object's life: every later question goes straight to
    ``fallback``. An empty answer from ``primary`` is no failure (no warning),
    but it is not the last word either: ``fallback`` is asked too, so the
    offline gazetteer still answers for places the service does not know.
    :class:`~geo.errors.InputError` (a bad query) is raised, not hidden.

    >>> from geopy.location import Location
    >>> class Down(Geocoder):
    ...     source = "down"
    ...     def geocode(self, query, **kw):
    ...         raise GeocoderUnavailable("down for maintenance")
    ...     def reverse(self, point):
    ...         raise GeocoderUnavailable("down for maintenance")
    >>> class Here(Geocoder):
    ...     source = "here"
    ...     def geocode(self, query, **kw):
    ...         return Location(query, (40.0, 70.0), {})
    ...     def reverse(self, point):
    ...         return None
    >>> FallbackGeocoder(Down(), Here()).geocode("Batken").address
    'Batken'
    """

    source: ClassVar[str] = "fallback"

    #: Failures of the primary geocoder that send the question to the fallback.
    RECOVERABLE: ClassVar[tuple[type[Exception], ...]] = (
        GeocoderTimedOut,
        GeocoderUnavailable,
        GeocoderResponseError,
    )

    def __init__(self, primary: Geocoder, fallback: Geocoder) -> None:
        for what, value in (("primary", primary), ("fallback", fallback)):
            if not isinstance(value, Geocoder):
                raise InputError(f"the {what} must be a Geocoder, not {type(value).__name__}")
        self.primary = primary
        self.fallback = fallback
        #: Why ``primary`` is no longer asked (``None`` while it works).
        self.failure: Exception | None = None

    def __repr__(self) -> str:
        return f"FallbackGeocoder({self.primary!r}, {self.fallback!r})"

    def _name(self, geocoder: Geocoder) -> str:
        return geocoder.source or type(geocoder).__name__

    def _fail(self, method: str, subject: object, err: Exception) -> None:
        self.failure = err
        logger.warning(
            "%s %s %r failed (%s: %s); answering from %s, and %s is not asked again "
            "in this session",
            self._name(self.primary),
            method,
            subject,
            type(err).__name__,
            " ".join(str(err).split()),
            self._name(self.fallback),
            self._name(self.primary),
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
        """Geocode with ``primary``; with ``fallback`` when it fails or finds nothing."""
        kwargs: dict[str, Any] = {
            "exactly_one": exactly_one,
            "country_codes": country_codes,
            "feature": feature,
            "limit": limit,
        }
        if self.failure is None:
            try:
                found = self.primary.geocode(query, **kwargs)
            except self.RECOVERABLE as err:
                self._fail("geocode", query, err)
            else:
                if found:
                    return found
                logger.debug("%s knows no %r; asking %s", self._name(self.primary), query,
                             self._name(self.fallback))  # fmt: skip
        return self.fallback.geocode(query, **kwargs)

    def reverse(self, point: object) -> Location | None:
        """Reverse-geocode with ``primary``; with ``fallback`` when it fails or finds nothing."""
        if self.failure is None:
            try:
                found = self.primary.reverse(point)
            except self.RECOVERABLE as err:
                self._fail("reverse", point, err)
            else:
                if found is not None:
                    return found
        return self.fallback.reverse(point)

    def suggest(self, query: str, limit: int = 5) -> list[str]:
        """Closest known spellings, from the fallback when it can suggest (else none)."""
        suggest = getattr(self.fallback, "suggest", None)
        return list(suggest(query, limit=limit)) if callable(suggest) else []
