"""Online geocoders against a real HTTP server on 127.0.0.1 started by these tests.

No test reaches any other address: the geocoders are pointed at the local
server with ``domain="127.0.0.1:PORT", scheme="http"`` and ``proxies={}``.
"""

from __future__ import annotations

import itertools
import json
import logging
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from geopy import exc as geopy_exc
from geopy.adapters import URLLibAdapter
from geopy.location import Location

from geo.errors import (
    GeocoderError,
    GeocoderResponseError,
    GeocoderTimedOut,
    GeocoderUnavailable,
    InputError,
)
from geo.geocoders.base import RAW_KEYS, Geocoder
from geo.geocoders.cache import ResponseCache
from geo.geocoders.online import (
    FallbackGeocoder,
    GeoNamesWebGeocoder,
    NominatimGeocoder,
    geonames_feature,
    nominatim_feature,
)
from geo.geocoders.registry import GEOCODERS, get_geocoder
from geo.settings import Settings

USER_AGENT = "sitmap-tests/0.1 (tests@example.org)"
TIMEOUT = 0.4  # the slow server sleeps longer than this

# ---------------------------------------------------------------------------
# A scripted HTTP server on 127.0.0.1
# ---------------------------------------------------------------------------


@dataclass
class Reply:
    status: int = 200
    body: Any = field(default_factory=list)  # bytes/str sent as is, anything else as JSON
    content_type: str = "application/json; charset=utf-8"
    delay: float = 0.0

    def payload(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode("utf-8")
        return json.dumps(self.body).encode("utf-8")


@dataclass
class Seen:
    path: str
    params: dict[str, list[str]]
    headers: dict[str, str]
    at: float


class FakeService:
    """Replies are served in order; the last one repeats."""

    def __init__(self) -> None:
        self.replies: deque[Reply] = deque([Reply()])
        self.requests: list[Seen] = []
        self.lock = threading.Lock()
        self.release = threading.Event()
        self.port = 0

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self.port}"

    def script(self, *replies: Reply) -> None:
        with self.lock:
            self.replies = deque(replies)

    def next_reply(self) -> Reply:
        with self.lock:
            return self.replies.popleft() if len(self.replies) > 1 else self.replies[0]

    def record(self, path: str, headers: dict[str, str]) -> None:
        parts = urlsplit(path)
        with self.lock:
            self.requests.append(Seen(parts.path, parse_qs(parts.query), headers, time.monotonic()))


class Handler(BaseHTTPRequestHandler):
    timeout = 5  # a stuck client cannot hold a handler thread for long
    server: _Server

    def do_GET(self) -> None:
        service = self.server.service
        service.record(self.path, {k.lower(): v for k, v in self.headers.items()})
        reply = service.next_reply()
        if reply.delay:
            service.release.wait(reply.delay)
        body = reply.payload()
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up (the timeout test)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    service: FakeService


@pytest.fixture
def server() -> Iterator[FakeService]:
    service = FakeService()
    httpd = _Server(("127.0.0.1", 0), Handler)
    httpd.service = service
    service.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01})
    thread.daemon = True
    thread.start()
    try:
        yield service
    finally:
        service.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------------------
# Test data and helpers
# ---------------------------------------------------------------------------

TORT_KOCHO = {
    "place_id": 1001,
    "osm_type": "node",
    "osm_id": 4242,
    "lat": "39.9512",
    "lon": "70.5331",
    "class": "place",
    "type": "village",
    "place_rank": 19,
    "importance": 0.2467,
    "addresstype": "village",
    "name": "Tort-Kocho",
    "display_name": "Tort-Kocho, Leilek District, Batken Region, Kyrgyzstan",
    "address": {
        "village": "Tort-Kocho",
        "county": "Leilek District",
        "state": "Batken Region",
        "country": "Kyrgyzstan",
        "country_code": "kg",
    },
    "extratags": {"population": "1 250"},
}

BATKEN_REGION = {
    "place_id": 1002,
    "osm_type": "relation",
    "osm_id": 1528541,
    "lat": "39.9",
    "lon": "70.9",
    "class": "boundary",
    "type": "administrative",
    "place_rank": 8,
    "importance": 0.55,
    "addresstype": "state",
    "name": "Batken Region",
    "display_name": "Batken Region, Kyrgyzstan",
    "address": {"state": "Batken Region", "country": "Kyrgyzstan", "country_code": "kg"},
}

VORUKH_TJ = {
    "place_id": 1003,
    "osm_type": "node",
    "osm_id": 99,
    "lat": 39.85,
    "lon": 70.58,
    "class": "place",
    "type": "town",
    "name": "Vorukh",
    "display_name": "Vorukh, Sughd Region, Tajikistan",
    "address": {"state": "Sughd Region", "country_code": "tj"},
}

RAZZAKOV_GN = {
    "geonameId": 1222662,
    "name": "Razzakov",
    "toponymName": "Razzakov",
    "lat": "39.83895",
    "lng": "69.5276",
    "fcl": "P",
    "fcode": "PPLA2",
    "countryCode": "KG",
    "countryName": "Kyrgyzstan",
    "adminName1": "Batken",
    "population": 34219,
}


class StubOffline(Geocoder):
    """Stands in for the offline gazetteer: always knows one place."""

    source = "offline"

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []

    def _place(self, name: str) -> Location:
        raw = {key: None for key in RAW_KEYS}
        raw.update(name=name, source="offline", feature="village", country_code="KG")
        return Location(f"{name} (offline)", (40.0, 70.5), raw)

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country_codes: Any = None,
        feature: str | None = None,
        limit: int = 10,
    ) -> Location | list[Location] | None:
        self.calls.append(("geocode", query))
        loc = self._place(query)
        return loc if exactly_one else [loc]

    def reverse(self, point: object) -> Location | None:
        self.calls.append(("reverse", point))
        return self._place("nearby")


def _settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "cache_dir": tmp_path / "cache",
        "user_agent": USER_AGENT,
        "timeout": TIMEOUT,
        "min_delay_seconds": 0.0,
        "max_retries": 0,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def make_nominatim(server: FakeService, tmp_path: Path) -> Callable[..., NominatimGeocoder]:
    def make(settings: Settings | None = None, **kwargs: Any) -> NominatimGeocoder:
        kwargs.setdefault("domain", server.domain)
        kwargs.setdefault("cache", False)
        kwargs.setdefault("error_wait_seconds", 0.05)
        return NominatimGeocoder(
            settings or _settings(tmp_path), scheme="http", proxies={}, **kwargs
        )

    return make


@pytest.fixture
def make_geonames(server: FakeService, tmp_path: Path) -> Callable[..., GeoNamesWebGeocoder]:
    def make(settings: Settings | None = None, **kwargs: Any) -> GeoNamesWebGeocoder:
        kwargs.setdefault("username", "sitmap_test")
        kwargs.setdefault("cache", False)
        return GeoNamesWebGeocoder(
            settings or _settings(tmp_path),
            domain=server.domain,
            scheme="http",
            proxies={},
            error_wait_seconds=0.05,
            **kwargs,
        )

    return make


def _one(params: dict[str, list[str]], key: str) -> str:
    (value,) = params[key]
    return value


# ---------------------------------------------------------------------------
# Nominatim: answers
# ---------------------------------------------------------------------------


def test_nominatim_answer_round_trips_into_raw_keys(
    server: FakeService, make_nominatim: Callable[..., NominatimGeocoder]
) -> None:
    server.script(Reply(body=[TORT_KOCHO, BATKEN_REGION]))
    results = make_nominatim().geocode("Tort-Kocho", exactly_one=False, limit=5)
    assert isinstance(results, list) and len(results) == 2
    village, region = results
    assert set(village.raw) == {*RAW_KEYS, "provider"}
    assert village.address == TORT_KOCHO["display_name"]
    assert (village.latitude, village.longitude) == (39.9512, 70.5331)
    assert village.raw == {
        "id": "osm:node/4242",
        "name": "Tort-Kocho",
        "geonameid": None,
        "feature": "village",
        "country_code": "KG",
        "admin1": "Batken Region",
        "admin2": "Leilek District",
        "population": 1250,
        "source": "nominatim",
        "score": 0.2467,
        "accuracy": "exact",
        "matched_name": "Tort-Kocho",
        "match": "exact",
        "provider": TORT_KOCHO,
    }
    assert region.raw["feature"] == "admin1"
    assert region.raw["accuracy"] == "unit"
    assert region.raw["match"] == "fuzzy"
    assert region.raw["id"] == "osm:relation/1528541"

    (request,) = server.requests
    assert request.path == "/search"
    assert _one(request.params, "q") == "Tort-Kocho"
    assert _one(request.params, "format") == "json"
    assert _one(request.params, "limit") == "5"
    assert _one(request.params, "addressdetails") == "1"
    assert "countrycodes" not in request.params


def test_user_agent_is_sent(
    server: FakeService, make_nominatim: Callable[..., NominatimGeocoder]
) -> None:
    make_nominatim().geocode("Tort-Kocho")
    make_nominatim(user_agent="other-agent/2").geocode("Tort-Kocho")
    assert [r.headers["user-agent"] for r in server.requests] == [USER_AGENT, "other-agent/2"]


def test_exactly_one_asks_for_one_row(
    server: FakeService, make_nominatim: Callable[..., NominatimGeocoder]
) -> None:
    server.script(Reply(body=[TORT_KOCHO]))
    loc = make_nominatim().geocode("  Tort-Kocho  ")
    assert isinstance(loc, Location) and loc.raw["name"] == "Tort-Kocho"
    assert _one(server.requests[0].params, "limit") == "1"
    assert _one(server.requests[0].params, "q") == "Tort-Kocho"


def test_empty_answer_is_none_or_empty_list(
    server: FakeService, make_nominatim: Callable[..., NominatimGeocoder]
) -> None:
    server.script(Reply(body=[]))
    g = make_nominatim()
    assert g.geocode("Nowhere") is None
    assert g.geocode("Nowhere", exactly_one=False) == []


def test_country_codes_are_sent_and_enforced(
    server: FakeService, make_nominatim: Callable[..., NominatimGeocoder]
) -> None:
    server.script(Reply(body=[TORT_KOCHO, VORUKH_TJ]))
    results = make_nominatim().geocode("Vorukh", exactly_one=False, country_codes=["tj"])
    assert [loc.raw["name"] for loc in results] == ["Vorukh"]
    assert results[0].raw["feature"] == "populated_place"
    assert _one(server.requests[0].params, "countrycodes") == "tj"


def test_feature_filter_applies_after_a_wider_request(
    server: FakeService, make_nominatim: Callable[..., NominatimGeocoder]
) -> None:
    server.script(Reply(body=[TORT_KOCHO, BATKEN_REGION, VORUKH_TJ]))
    g = make_nominatim()
    region = g.geocode("Batken", feature="admin1")
    assert region is not None and region.raw["name"] == "Batken Region"
    assert _one(server.requests[0].params, "limit") == "20"
    assert g.geocode("Batken", feature="border post") is None
    assert g.geocode("Batken", exactly_one=False, feature="village", limit=3) == [
        g.geocode("Batken", feature="village")
    ]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"query": ""},
        {"query": "a\x00b"},
        {"query": "Osh", "country_codes": ["KGZ"]},
        {"query": "Osh", "feature": "castle"},
        {"query": "Osh", "exactly_one": False, "limit": 0},
        {"query": "Osh", "exactly_one": False, "limit": 10_000},
    ],
)
def test_bad_input_is_rejected_before_any_request(
    server: FakeService, make_nominatim: Callable[..., NominatimGeocoder], kwargs: dict
) -> None:
    query = kwargs.pop("query")
    with pytest.raises(InputError):
        make_nominatim().geocode(query, **kwargs)
    assert server.requests == []


def test_reverse(server: FakeService, make_nominatim: Callable[..., NominatimGeocoder]) -> None:
    server.script(Reply(body=TORT_KOCHO), Reply(body={"error": "Unable to geocode"}))
    g = make_nominatim()
    loc = g.reverse((39.95, 70.53))
    assert loc is not None and loc.raw["id"] == "osm:node/4242"
    assert set(loc.raw) == {*RAW_KEYS, "provider"}
    request = server.requests[0]
    assert request.path == "/reverse"
    assert float(_one(request.params, "lat")) == 39.95
    assert float(_one(request.params, "lon")) == 70.53
    assert g.reverse((0.0, -150.0)) is None


@pytest.mark.parametrize("point", [(91, 0), "39.9,70.5", (1, 2, 3), None])
def test_reverse_rejects_bad_points(
    make_nominatim: Callable[..., NominatimGeocoder], point: object
) -> None:
    with pytest.raises(InputError):
        make_nominatim().reverse(point)


# ---------------------------------------------------------------------------
# User agent and configuration
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("agent", [None, "", "   "])
def test_missing_user_agent_is_an_input_error(
    server: FakeService, tmp_path: Path, agent: str | None
) -> None:
    with pytest.raises(InputError, match="SITMAP_USER_AGENT"):
        NominatimGeocoder(
            _settings(tmp_path, user_agent=agent), domain=server.domain, scheme="http"
        )
    with pytest.raises(InputError, match="SITMAP_USER_AGENT"):
        GeoNamesWebGeocoder(_settings(tmp_path, user_agent=agent), username="u")
    with pytest.raises(InputError, match="SITMAP_USER_AGENT"):
        get_geocoder("nominatim", _settings(tmp_path, user_agent=agent))
    assert server.requests == []


def test_user_agent_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITMAP_USER_AGENT", "env-agent/1")
    assert NominatimGeocoder(cache=False).user_agent == "env-agent/1"


def test_control_characters_in_user_agent_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="control"):
        NominatimGeocoder(_settings(tmp_path), user_agent="sitmap\r\nX-Evil: 1")


def test_geonames_needs_a_username(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="username"):
        GeoNamesWebGeocoder(_settings(tmp_path))


def test_bad_scheme_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        NominatimGeocoder(_settings(tmp_path), scheme="ftp")


# ---------------------------------------------------------------------------
# Failures: mapped into sitmap's tree, and the fallback answers
# ---------------------------------------------------------------------------

FAILURES = {
    "timeout": (Reply(body=[TORT_KOCHO], delay=TIMEOUT * 3), GeocoderTimedOut),
    "http-500": (Reply(status=500, body="boom", content_type="text/plain"), GeocoderUnavailable),
    "http-503": (Reply(status=503, body="busy", content_type="text/plain"), GeocoderUnavailable),
    "http-429": (Reply(status=429, body="slow down"), GeocoderUnavailable),
    "http-403": (Reply(status=403, body="blocked"), GeocoderUnavailable),
    "html": (
        Reply(body="<html><body>Bad gateway</body></html>", content_type="text/html"),
        GeocoderResponseError,
    ),
    "truncated-json": (Reply(body=json.dumps([TORT_KOCHO])[:60]), GeocoderResponseError),
    "json-object": (Reply(body={"places": [TORT_KOCHO]}), GeocoderResponseError),
    "json-error-object": (Reply(body={"error": "Internal trouble"}), GeocoderResponseError),
    "json-null": (Reply(body=None), GeocoderResponseError),
    "list-of-strings": (Reply(body=["Tort-Kocho"]), GeocoderResponseError),
    "missing-lat": (
        Reply(body=[{k: v for k, v in TORT_KOCHO.items() if k != "lat"}]),
        GeocoderResponseError,
    ),
    "non-numeric-lon": (Reply(body=[{**TORT_KOCHO, "lon": "east"}]), GeocoderResponseError),
    "lat-out-of-range": (Reply(body=[{**TORT_KOCHO, "lat": "123.4"}]), GeocoderResponseError),
    "nan-lat": (Reply(body=[{**TORT_KOCHO, "lat": "NaN"}]), GeocoderResponseError),
}

#: Failures geopy itself detects (the rest are payloads sitmap's checks reject).
RAISED_BY_GEOPY = {"timeout", "http-500", "http-503", "http-429", "http-403", "html"}
RAISED_BY_GEOPY |= {"truncated-json"}


@pytest.mark.parametrize("case", list(FAILURES))
def test_failures_map_into_the_error_tree(
    server: FakeService, make_nominatim: Callable[..., NominatimGeocoder], case: str
) -> None:
    reply, expected = FAILURES[case]
    server.script(reply)
    with pytest.raises(expected) as info:
        make_nominatim().geocode("Tort-Kocho")
    assert isinstance(info.value, GeocoderError)
    if case in RAISED_BY_GEOPY:  # chained: raise ... from err
        assert isinstance(info.value.__cause__, geopy_exc.GeopyError)


@pytest.mark.parametrize("case", list(FAILURES))
def test_failures_fall_back_with_a_warning(
    server: FakeService,
    make_nominatim: Callable[..., NominatimGeocoder],
    caplog: pytest.LogCaptureFixture,
    case: str,
) -> None:
    reply, expected = FAILURES[case]
    server.script(reply)
    offline = StubOffline()
    geocoder = FallbackGeocoder(make_nominatim(), offline)
    with caplog.at_level(logging.WARNING, logger="sitmap.geocoders"):
        loc = geocoder.geocode("Tort-Kocho")
    assert loc is not None and loc.address == "Tort-Kocho (offline)"
    assert offline.calls == [("geocode", "Tort-Kocho")]
    warnings = [r for r in caplog.records if r.name == "sitmap.geocoders"]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING
    assert expected.__name__ in warnings[0].getMessage()
    assert len(server.requests) == 1  # max_retries=0


def test_timeout_is_also_a_builtin_timeout(
    server: FakeService, make_nominatim: Callable[..., NominatimGeocoder]
) -> None:
    server.script(Reply(body=[], delay=TIMEOUT * 3))
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        make_nominatim().geocode("Tort-Kocho")
    assert time.monotonic() - started < TIMEOUT + 1.5


def test_http_error_cause_is_geopys(
    server: FakeService, make_nominatim: Callable[..., NominatimGeocoder]
) -> None:
    server.script(Reply(status=503, body="busy"))
    with pytest.raises(GeocoderUnavailable, match="503") as info:
        make_nominatim().geocode("Tort-Kocho")
    assert isinstance(info.value, ConnectionError)
    assert isinstance(info.value.__cause__, geopy_exc.GeopyError)


def test_connection_refused_falls_back(
    closed_port: int, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    nominatim = NominatimGeocoder(
        _settings(tmp_path),
        domain=f"127.0.0.1:{closed_port}",
        scheme="http",
        proxies={},
        cache=False,
    )
    with pytest.raises(GeocoderUnavailable):
        nominatim.geocode("Tort-Kocho")
    offline = StubOffline()
    with caplog.at_level(logging.WARNING, logger="sitmap.geocoders"):
        loc = FallbackGeocoder(nominatim, offline).reverse((39.95, 70.53))
    assert loc is not None and loc.raw["source"] == "offline"
    assert offline.calls == [("reverse", (39.95, 70.53))]
    assert "GeocoderUnavailable" in caplog.records[0].getMessage()


def test_fallback_does_not_swallow_input_errors(
    server: FakeService, make_nominatim: Callable[..., NominatimGeocoder]
) -> None:
    offline = StubOffline()
    geocoder = FallbackGeocoder(make_nominatim(), offline)
    with pytest.raises(InputError):
        geocoder.geocode("")
    with pytest.raises(InputError):
        geocoder.reverse((200, 0))
    assert offline.calls == []
    assert server.requests == []


def test_empty_online_answer_asks_the_offline_gazetteer(
    server: FakeService, make_nominatim: Callable[..., NominatimGeocoder]
) -> None:
    server.script(Reply(body=[]))
    offline = StubOffline()
    loc = FallbackGeocoder(make_nominatim(), offline).geocode("Tort-Kocho")
    assert loc is not None and loc.raw["source"] == "offline"
    assert offline.calls == [("geocode", "Tort-Kocho")]


def test_fallback_needs_geocoders() -> None:
    with pytest.raises(InputError):
        FallbackGeocoder(StubOffline(), "offline")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Retries, rate limit and cache
# ---------------------------------------------------------------------------


def test_transient_errors_are_retried(
    server: FakeService, make_nominatim: Callable[..., NominatimGeocoder], tmp_path: Path
) -> None:
    server.script(Reply(status=503, body="busy"), Reply(body=[TORT_KOCHO]))
    loc = make_nominatim(_settings(tmp_path, max_retries=2)).geocode("Tort-Kocho")
    assert loc is not None and loc.raw["name"] == "Tort-Kocho"
    assert len(server.requests) == 2


def test_garbage_is_not_retried(
    server: FakeService, make_nominatim: Callable[..., NominatimGeocoder], tmp_path: Path
) -> None:
    server.script(Reply(body="<html>oops</html>", content_type="text/html"))
    with pytest.raises(GeocoderResponseError):
        make_nominatim(_settings(tmp_path, max_retries=2)).geocode("Tort-Kocho")
    assert len(server.requests) == 1


def test_rate_limiter_spaces_requests(
    server: FakeService, make_nominatim: Callable[..., NominatimGeocoder], tmp_path: Path
) -> None:
    delay = 0.2
    g = make_nominatim(_settings(tmp_path, min_delay_seconds=delay))
    for name in ("Osh", "Batken", "Isfara"):
        g.geocode(name)
    times = [r.at for r in server.requests]
    assert len(times) == 3
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert all(gap >= delay * 0.75 for gap in gaps), gaps


def test_cache_hit_avoids_the_network(
    server: FakeService, make_nominatim: Callable[..., NominatimGeocoder], tmp_path: Path
) -> None:
    server.script(Reply(body=[TORT_KOCHO, BATKEN_REGION]))
    first = make_nominatim(cache=True).geocode("Tort-Kocho", exactly_one=False)
    # A new instance (a new process, in real life) finds the file in cache_dir.
    again = make_nominatim(cache=True).geocode("  tort-kocho ", exactly_one=False)
    assert len(server.requests) == 1
    assert again == first
    assert (tmp_path / "cache" / "geocoder-responses.sqlite").exists()
    # Different parameters are a different question.
    make_nominatim(cache=True).geocode("Tort-Kocho", exactly_one=False, country_codes=["KG"])
    assert len(server.requests) == 2


def test_cache_expiry_asks_again(
    server: FakeService, make_nominatim: Callable[..., NominatimGeocoder], tmp_path: Path
) -> None:
    now = [0.0]
    cache = ResponseCache(tmp_path / "c.sqlite", ttl=60, clock=lambda: now[0])
    server.script(Reply(body=[TORT_KOCHO]))
    g = make_nominatim(cache=cache)
    g.geocode("Tort-Kocho")
    g.geocode("Tort-Kocho")
    assert len(server.requests) == 1
    now[0] = 61.0
    g.geocode("Tort-Kocho")
    assert len(server.requests) == 2


def test_failures_are_not_cached(
    server: FakeService, make_nominatim: Callable[..., NominatimGeocoder]
) -> None:
    server.script(Reply(status=500, body="boom"), Reply(body=[TORT_KOCHO]))
    g = make_nominatim(cache=True)
    with pytest.raises(GeocoderUnavailable):
        g.geocode("Tort-Kocho")
    assert g.geocode("Tort-Kocho") is not None
    assert g.geocode("Tort-Kocho") is not None
    assert len(server.requests) == 2


def test_reverse_is_cached_too(
    server: FakeService, make_nominatim: Callable[..., NominatimGeocoder]
) -> None:
    server.script(Reply(body=TORT_KOCHO))
    g = make_nominatim(cache=True)
    assert g.reverse((39.95, 70.53)) == g.reverse((39.95, 70.53))
    assert len(server.requests) == 1


# ---------------------------------------------------------------------------
# GeoNames
# ---------------------------------------------------------------------------


def test_geonames_answer_round_trips_into_raw_keys(
    server: FakeService, make_geonames: Callable[..., GeoNamesWebGeocoder]
) -> None:
    server.script(Reply(body={"totalResultsCount": 1, "geonames": [RAZZAKOV_GN]}))
    loc = make_geonames().geocode("Razzakov", country_codes=["kg"])
    assert loc is not None
    assert loc.address == "Razzakov, Batken, Kyrgyzstan"
    assert (loc.latitude, loc.longitude) == (39.83895, 69.5276)
    assert loc.raw == {
        "id": "gn:1222662",
        "name": "Razzakov",
        "geonameid": 1222662,
        "feature": "populated_place",
        "country_code": "KG",
        "admin1": "Batken",
        "admin2": None,
        "population": 34219,
        "source": "geonames_web",
        "score": 1.0,
        "accuracy": "exact",
        "matched_name": "Razzakov",
        "match": "exact",
        "provider": RAZZAKOV_GN,
    }
    (request,) = server.requests
    assert request.path == "/searchJSON"
    assert _one(request.params, "username") == "sitmap_test"
    assert _one(request.params, "country") == "KG"
    assert _one(request.params, "maxRows") == "1"
    assert request.headers["user-agent"] == USER_AGENT


def test_geonames_reverse(
    server: FakeService, make_geonames: Callable[..., GeoNamesWebGeocoder]
) -> None:
    server.script(Reply(body={"geonames": [RAZZAKOV_GN]}), Reply(body={"geonames": []}))
    g = make_geonames()
    loc = g.reverse((39.84, 69.53))
    assert loc is not None and loc.raw["geonameid"] == 1222662
    assert server.requests[0].path == "/findNearbyPlaceNameJSON"
    assert g.reverse((0, 0)) is None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"status": {"message": "user does not exist.", "value": 10}}, GeocoderUnavailable),
        ({"status": {"message": "daily limit exceeded", "value": 18}}, GeocoderUnavailable),
        ({"status": "broken"}, GeocoderResponseError),
        ({"totalResultsCount": 0}, GeocoderResponseError),
        ([RAZZAKOV_GN], GeocoderResponseError),
        ({"geonames": [{**RAZZAKOV_GN, "lng": ""}]}, GeocoderResponseError),
        ({"geonames": [{**RAZZAKOV_GN, "geonameId": "x"}]}, GeocoderResponseError),
    ],
)
def test_geonames_failures_fall_back(
    server: FakeService,
    make_geonames: Callable[..., GeoNamesWebGeocoder],
    caplog: pytest.LogCaptureFixture,
    body: Any,
    expected: type[Exception],
) -> None:
    server.script(Reply(body=body))
    with pytest.raises(expected):
        make_geonames().geocode("Razzakov")
    offline = StubOffline()
    with caplog.at_level(logging.WARNING, logger="sitmap.geocoders"):
        loc = FallbackGeocoder(make_geonames(), offline).geocode("Razzakov")
    assert loc is not None and loc.raw["source"] == "offline"
    assert expected.__name__ in caplog.records[0].getMessage()


# ---------------------------------------------------------------------------
# Feature mapping
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"class": "place", "type": "country"}, "country"),
        ({"class": "boundary", "type": "administrative", "addresstype": "county"}, "admin2"),
        ({"class": "boundary", "type": "administrative", "place_rank": 4}, "country"),
        ({"class": "boundary", "type": "administrative", "place_rank": 12}, "admin2"),
        ({"class": "boundary", "type": "administrative", "place_rank": 16}, None),
        ({"class": "place", "type": "city"}, "populated_place"),
        ({"class": "barrier", "type": "border_control"}, "border_crossing"),
        ({"class": "military", "type": "checkpoint"}, "border_post"),
        ({"class": "bridge", "type": "yes"}, "bridge"),
        ({"class": "landuse", "type": "military"}, "military_base"),
        ({"class": "military", "type": "range"}, "training_ground"),
        ({"class": "waterway", "type": "canal"}, "water_facility"),
        ({"class": "waterway", "type": "river"}, "river"),
        ({"class": "highway", "type": "primary"}, "road"),
        ({"class": "amenity", "type": "school"}, None),
        ({}, None),
    ],
)
def test_nominatim_feature_mapping(payload: dict, expected: str | None) -> None:
    assert nominatim_feature(payload) == expected


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"fcl": "A", "fcode": "PCLI"}, "country"),
        ({"fcl": "A", "fcode": "ADM1"}, "admin1"),
        ({"fcl": "A", "fcode": "ADM2"}, "admin2"),
        ({"fcl": "P", "fcode": "PPL"}, "populated_place"),
        ({"fcl": "P", "fcode": "PPLX"}, "populated_place"),
        ({"fcl": "S", "fcode": "PSTB"}, "border_post"),
        ({"fcl": "S", "fcode": "BDG"}, "bridge"),
        ({"fcl": "S", "fcode": "MILB"}, "military_base"),
        ({"fcl": "H", "fcode": "CNLI"}, "water_facility"),
        ({"fcl": "H", "fcode": "STM"}, "river"),
        ({"fcl": "R", "fcode": "RD"}, "road"),
        ({"fcl": "T", "fcode": "MT"}, None),
        ({}, None),
    ],
)
def test_geonames_feature_mapping(payload: dict, expected: str | None) -> None:
    assert geonames_feature(payload) == expected


# ---------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------


def test_registry_names_and_unknown_names(tmp_path: Path) -> None:
    assert GEOCODERS[0] == "offline"
    with pytest.raises(InputError, match="offline, nominatim, geonames"):
        get_geocoder("photon", _settings(tmp_path))
    with pytest.raises(InputError):
        get_geocoder(None, _settings(tmp_path))  # type: ignore[arg-type]
    g = get_geocoder(" GeoNames ", _settings(tmp_path), username="u", cache=False)
    assert isinstance(g, GeoNamesWebGeocoder)


def test_registry_fallback_with_a_given_geocoder(
    server: FakeService, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server.script(Reply(status=500, body="boom"))
    offline = StubOffline()
    g = get_geocoder(
        "nominatim",
        _settings(tmp_path),
        fallback=offline,
        domain=server.domain,
        scheme="http",
        proxies={},
        cache=False,
    )
    assert isinstance(g, FallbackGeocoder)
    assert isinstance(g.primary, NominatimGeocoder) and g.fallback is offline
    with caplog.at_level(logging.WARNING, logger="sitmap.geocoders"):
        assert g.geocode("Tort-Kocho").address == "Tort-Kocho (offline)"  # type: ignore[union-attr]
    with pytest.raises(InputError):
        get_geocoder("nominatim", _settings(tmp_path), fallback="offline")  # type: ignore[arg-type]


def test_registry_default_fallback_is_the_offline_geocoder(tmp_path: Path) -> None:
    offline_module = pytest.importorskip("geo.geocoders.offline")
    config = _settings(tmp_path)
    g = get_geocoder("nominatim", config, fallback=True, cache=False)
    assert isinstance(g, FallbackGeocoder)
    assert isinstance(g.primary, NominatimGeocoder)
    assert isinstance(g.fallback, offline_module.OfflineGeocoder)
    assert isinstance(get_geocoder(settings=config), offline_module.OfflineGeocoder)


def test_real_offline_geocoder_answers_when_nominatim_is_down(
    closed_port: int, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    offline_module = pytest.importorskip("geo.geocoders.offline")
    from geo.gazetteer import Gazetteer
    from geo.model import Place

    batken = Place(
        "gn:1528260", "Batken", 40.06259, 70.81939, "KG", "populated_place",
        admin1="Batken", source="geonames", geonameid=1528260, population=12500,
    )  # fmt: skip
    offline = offline_module.OfflineGeocoder(gazetteer=Gazetteer.from_places([batken]))
    g = get_geocoder(
        "nominatim",
        _settings(tmp_path),
        fallback=offline,
        domain=f"127.0.0.1:{closed_port}",
        scheme="http",
        proxies={},
        cache=False,
    )
    with caplog.at_level(logging.WARNING, logger="sitmap.geocoders"):
        loc = g.geocode("Batken", country_codes=["KG"])
    assert loc is not None and loc.raw["id"] == "gn:1528260"
    assert loc.raw["source"] == "geonames"
    assert set(RAW_KEYS) <= set(loc.raw)
    assert "GeocoderUnavailable" in caplog.records[0].getMessage()


def test_http_client_is_urllib_whatever_else_is_installed(
    make_nominatim: Callable[..., NominatimGeocoder],
    make_geonames: Callable[..., GeoNamesWebGeocoder],
) -> None:
    # geopy would pick `requests` if installed; its urllib3 layer retries
    # behind the rate limiter's back, so the choice is pinned.
    assert isinstance(make_nominatim()._service.adapter, URLLibAdapter)
    assert isinstance(make_geonames()._service.adapter, URLLibAdapter)


# ---------------------------------------------------------------------------
# Saying no, and failing once (issue #14 item 4)
# ---------------------------------------------------------------------------


def test_a_timeout_costs_one_timeout_and_is_remembered(
    server: FakeService, make_nominatim: Callable[..., NominatimGeocoder], tmp_path: Path
) -> None:
    server.script(Reply(body=[TORT_KOCHO], delay=TIMEOUT * 5))
    offline = StubOffline()
    g = FallbackGeocoder(make_nominatim(_settings(tmp_path, max_retries=3)), offline)
    start = time.monotonic()
    first = g.geocode("Tort-Kocho")
    spent = time.monotonic() - start
    assert first is not None and first.raw["source"] == "offline"
    assert spent < TIMEOUT * 2.5, spent  # one timeout, no retries
    assert len(server.requests) == 1
    start = time.monotonic()
    for name in ("Osh", "Batken", "Isfara"):
        assert g.geocode(name).raw["source"] == "offline"  # type: ignore[union-attr]
    assert time.monotonic() - start < TIMEOUT
    assert len(server.requests) == 1  # the dead service is not asked again
    assert isinstance(g.failure, GeocoderTimedOut)


def test_online_geocoder_remembers_a_dead_server(closed_port: int, tmp_path: Path) -> None:
    g = NominatimGeocoder(
        _settings(tmp_path, max_retries=2),
        domain=f"127.0.0.1:{closed_port}",
        scheme="http",
        proxies={},
        cache=False,
        error_wait_seconds=0.5,
    )
    start = time.monotonic()
    with pytest.raises(GeocoderUnavailable):
        g.geocode("Osh")
    assert time.monotonic() - start < 0.5  # refused: no retry, no wait
    with pytest.raises(GeocoderUnavailable, match="not asked again"):
        g.geocode("Batken")
    assert isinstance(g.down, GeocoderUnavailable)


def test_one_warning_line_per_fallback_and_no_traceback(
    closed_port: int, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    g = get_geocoder(
        "nominatim",
        _settings(tmp_path),
        fallback=StubOffline(),
        service_url=f"http://127.0.0.1:{closed_port}",
        proxies={},
        cache=False,
    )
    with caplog.at_level(logging.DEBUG):
        for name in ("Osh", "Batken", "Isfara"):
            g.geocode(name)
    loud = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(loud) == 1 and "not asked again" in loud[0].getMessage()
    assert "\n" not in loud[0].getMessage()
    assert not any(r.exc_info for r in caplog.records)


def test_http_retries_log_no_traceback(
    server: FakeService,
    make_nominatim: Callable[..., NominatimGeocoder],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    server.script(Reply(status=503, body="busy"), Reply(status=503, body="busy"),
                  Reply(body=[TORT_KOCHO]))  # fmt: skip
    with caplog.at_level(logging.DEBUG):
        loc = make_nominatim(_settings(tmp_path, max_retries=2)).geocode("Tort-Kocho")
    assert loc is not None and len(server.requests) == 3
    assert not any(r.exc_info for r in caplog.records)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_empty_answers_are_not_cached_over_the_gazetteer(
    server: FakeService, make_nominatim: Callable[..., NominatimGeocoder], tmp_path: Path
) -> None:
    cache = ResponseCache(tmp_path / "c.sqlite")
    server.script(Reply(body=[]))
    offline = StubOffline()
    g = FallbackGeocoder(make_nominatim(cache=cache), offline)
    assert g.geocode("Tort-Kocho").raw["source"] == "offline"  # type: ignore[union-attr]
    assert len(cache) == 0
    # The service learns the place: it is asked again, nothing stale hides it.
    server.script(Reply(body=[TORT_KOCHO]))
    again = FallbackGeocoder(make_nominatim(cache=cache), offline).geocode("Tort-Kocho")
    assert again is not None and again.raw["source"] == "nominatim"
    assert len(server.requests) == 2


def test_an_old_empty_cache_row_is_a_miss(tmp_path: Path) -> None:
    import sqlite3

    from geo.geocoders.cache import SCHEMA_VERSION, cache_key

    cache = ResponseCache(tmp_path / "c.sqlite")
    cache.put("nominatim", "geocode", "seed", None, [Location("x", (1.0, 2.0), {})])
    key, canonical = cache_key("nominatim", "geocode", "Osh", None)
    with sqlite3.connect(cache.path) as conn:  # a row an older sitmap wrote
        conn.execute(
            "INSERT INTO responses VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (key, "nominatim", "geocode", "osh", canonical, time.time(), SCHEMA_VERSION, "[]"),
        )
    assert cache.get("nominatim", "geocode", "Osh") is None


def test_registry_reads_the_service_url_and_geonames_account(
    server: FakeService, tmp_path: Path
) -> None:
    server.script(Reply(body={"geonames": [RAZZAKOV_GN]}))
    env = {"SITMAP_GEONAMES_USERNAME": "acct", "SITMAP_SERVICE_URL": f"http://{server.domain}/"}
    g = get_geocoder("geonames", _settings(tmp_path), environ=env, proxies={}, cache=False)
    assert isinstance(g, GeoNamesWebGeocoder) and g.username == "acct"
    assert g.geocode("Razzakov").raw["id"] == "gn:1222662"  # type: ignore[union-attr]
    assert server.requests[0].params["username"] == ["acct"]
    with pytest.raises(InputError, match="SITMAP_GEONAMES_USERNAME"):
        get_geocoder("geonames", _settings(tmp_path), environ={}, cache=False)
    with pytest.raises(InputError, match="service URL"):
        get_geocoder("nominatim", _settings(tmp_path), service_url="ftp://x", cache=False)


# --- the command line against the local server --------------------------------------


def _cli(*args: str, env: dict[str, str]) -> Any:
    from click.testing import CliRunner

    from sitmap.cli import main

    return CliRunner(env=env).invoke(main, list(args), catch_exceptions=False)


def test_cli_nominatim_at_a_service_url(server: FakeService) -> None:
    server.script(Reply(body=[TORT_KOCHO]))
    result = _cli("geocode", "Tort-Kocho", "--service", "nominatim", "--json",
                  "--service-url", f"http://{server.domain}",
                  env={"SITMAP_USER_AGENT": USER_AGENT, "SITMAP_SERVICE_URL": ""})  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["source"] == "nominatim"
    assert server.requests[0].headers["user-agent"] == USER_AGENT


def test_cli_geonames_works_with_the_account_from_the_environment(server: FakeService) -> None:
    server.script(Reply(body={"geonames": [RAZZAKOV_GN]}))
    env = {"SITMAP_USER_AGENT": USER_AGENT, "SITMAP_GEONAMES_USERNAME": "acct",
           "SITMAP_SERVICE_URL": f"http://{server.domain}"}  # fmt: skip
    result = _cli("geocode", "Razzakov", "--service", "geonames", "--json", env=env)
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows[0]["source"] == "geonames_web" and rows[0]["id"] == "gn:1222662"
    assert server.requests[0].params["username"] == ["acct"]


def test_cli_dead_service_one_line_then_offline(closed_port: int, gazetteer: Any) -> None:
    """The real command in its own process: what a user sees on stderr."""
    import os
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[1]
    env = {**os.environ, "SITMAP_USER_AGENT": USER_AGENT, "PYTHONPATH": str(repo)}
    env.pop("SITMAP_SERVICE_URL", None)
    code = "import sys; from sitmap.cli import main; sys.exit(main())"
    proc = subprocess.run(
        [sys.executable, "-c", code, "geocode", "Batken", "--service", "nominatim", "--json",
         "--timeout", "1", "--service-url", f"http://127.0.0.1:{closed_port}"],
        capture_output=True, text=True, env=env, cwd=repo, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["country_code"] == "KG"
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "not asked again" in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_empty_online_answer_falls_back_to_the_gazetteer(
    server: FakeService, gazetteer: Any
) -> None:
    server.script(Reply(body=[]))
    result = _cli("geocode", "Tort-Kocho", "--service", "nominatim", "--json",
                  "--service-url", f"http://{server.domain}",
                  env={"SITMAP_USER_AGENT": USER_AGENT})  # fmt: skip
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(result.stdout)[0]["country_code"] == "KG"
