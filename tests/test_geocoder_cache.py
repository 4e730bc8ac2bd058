"""The on-disk response cache of the online geocoders (geo.geocoders.cache)."""

from __future__ import annotations

import logging
import multiprocessing
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from geopy.location import Location
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.errors import InputError
from geo.geocoders.cache import (
    CACHE_FILENAME,
    DEFAULT_TTL_SECONDS,
    ResponseCache,
    cache_key,
    location_from_json,
    location_to_json,
)
from geo.settings import Settings

RAW = {
    "id": "osm:node/42",
    "name": "Tort-Kocho",
    "geonameid": None,
    "feature": "village",
    "country_code": "KG",
    "admin1": "Batken Region",
    "admin2": None,
    "population": 0,
    "source": "nominatim",
    "score": 0.5,
    "accuracy": "exact",
    "matched_name": "Tort-Kocho",
    "match": "exact",
    "provider": {"osm_id": 42, "address": {"state": "Batken Region"}, "name:ky": "Торт-Кочо"},
}


class FakeClock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def cache(tmp_path: Path, clock: FakeClock) -> ResponseCache:
    return ResponseCache(tmp_path / CACHE_FILENAME, clock=clock)


def _loc(name: str = "Tort-Kocho, Batken Region, Kyrgyzstan") -> Location:
    return Location(name, (39.95, 70.53), dict(RAW))


def test_constructor_touches_nothing(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "dir" / CACHE_FILENAME
    ResponseCache(path)
    assert not path.parent.exists()


def test_round_trip_keeps_address_point_and_raw(cache: ResponseCache) -> None:
    assert cache.get("nominatim", "geocode", "Tort-Kocho", {"limit": 1}) is None
    cache.put("nominatim", "geocode", "Tort-Kocho", {"limit": 1}, [_loc(), _loc("Other")])
    got = cache.get("nominatim", "geocode", "Tort-Kocho", {"limit": 1})
    assert got is not None and len(got) == 2
    assert got[0].address == "Tort-Kocho, Batken Region, Kyrgyzstan"
    assert (got[0].latitude, got[0].longitude) == (39.95, 70.53)
    assert got[0].raw == RAW
    assert got[1].address == "Other"


def test_empty_answers_are_not_cached(cache: ResponseCache) -> None:
    cache.put("geonames_web", "geocode", "Nowhere", None, [])
    assert cache.get("geonames_web", "geocode", "Nowhere") is None
    assert len(cache) == 0


def test_key_folds_query_case_and_space_and_param_order(cache: ResponseCache) -> None:
    params = {"limit": 5, "country_codes": ["kg", "tj"]}
    cache.put("nominatim", "geocode", "Tort-Kocho", params, [_loc()])
    same = {"country_codes": ("kg", "tj"), "limit": 5}
    assert cache.get("nominatim", "geocode", "  tort-kocho ", same) is not None
    assert cache.get("nominatim", "geocode", "TORT-KOCHO", params) is not None


@pytest.mark.parametrize(
    ("service", "method", "query", "params"),
    [
        ("geonames_web", "geocode", "Tort-Kocho", {"limit": 5}),
        ("nominatim", "reverse", "Tort-Kocho", {"limit": 5}),
        ("nominatim", "geocode", "Tort Kocho", {"limit": 5}),
        ("nominatim", "geocode", "Tort-Kocho", {"limit": 6}),
        ("nominatim", "geocode", "Tort-Kocho", {"limit": 5, "country_codes": ["kg"]}),
    ],
)
def test_any_other_request_is_a_miss(
    cache: ResponseCache, service: str, method: str, query: str, params: dict
) -> None:
    cache.put("nominatim", "geocode", "Tort-Kocho", {"limit": 5}, [_loc()])
    assert cache.get(service, method, query, params) is None


def test_cache_key_is_stable() -> None:
    key, canonical = cache_key("nominatim", "geocode", "Osh", {"b": 2, "a": [1]})
    assert canonical == '{"a":[1],"b":2}'
    assert len(key) == 64
    assert key == cache_key("nominatim", "geocode", "osh ", {"a": (1,), "b": 2})[0]


def test_ttl_expires_and_put_refreshes(cache: ResponseCache, clock: FakeClock) -> None:
    cache.put("nominatim", "geocode", "Osh", None, [_loc()])
    clock.now += DEFAULT_TTL_SECONDS - 1
    assert cache.get("nominatim", "geocode", "Osh") is not None
    clock.now += 2
    assert cache.get("nominatim", "geocode", "Osh") is None
    cache.put("nominatim", "geocode", "Osh", None, [_loc()])
    assert cache.get("nominatim", "geocode", "Osh") is not None


def test_ttl_as_timedelta_and_purge(tmp_path: Path, clock: FakeClock) -> None:
    c = ResponseCache(tmp_path / "c.sqlite", ttl=timedelta(hours=1), clock=clock)
    assert c.ttl_seconds == 3600
    c.put("nominatim", "geocode", "old", None, [_loc()])
    clock.now += 1800
    c.put("nominatim", "geocode", "new", None, [_loc()])
    clock.now += 1801
    assert len(c) == 2
    assert c.purge_expired() == 1
    assert len(c) == 1
    assert c.get("nominatim", "geocode", "new") is not None
    c.clear()
    assert len(c) == 0


@pytest.mark.parametrize("ttl", [0, -1, float("nan"), float("inf"), "30d", True])
def test_bad_ttl_is_an_input_error(tmp_path: Path, ttl: object) -> None:
    with pytest.raises(InputError, match="TTL"):
        ResponseCache(tmp_path / "c.sqlite", ttl=ttl)  # type: ignore[arg-type]


def test_rows_survive_a_new_instance(tmp_path: Path) -> None:
    path = tmp_path / "sub" / CACHE_FILENAME
    ResponseCache(path).put("nominatim", "geocode", "Osh", None, [_loc()])
    got = ResponseCache(path).get("nominatim", "geocode", "Osh")
    assert got is not None and got[0].raw == RAW


def test_from_settings_uses_cache_dir(tmp_path: Path) -> None:
    c = ResponseCache.from_settings(Settings(cache_dir=tmp_path))
    assert c.path == tmp_path / "geocoder-responses.sqlite"


def test_database_uses_wal(cache: ResponseCache) -> None:
    cache.put("nominatim", "geocode", "Osh", None, [_loc()])
    with sqlite3.connect(cache.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_corrupt_file_is_recreated_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / CACHE_FILENAME
    path.write_bytes(b"this is not a database\n" * 200)
    c = ResponseCache(path)
    with caplog.at_level(logging.WARNING, logger="sitmap.geocoders"):
        assert c.get("nominatim", "geocode", "Osh") is None
    assert any("corrupt" in r.getMessage() for r in caplog.records)
    assert all(r.name == "sitmap.geocoders" for r in caplog.records)
    c.put("nominatim", "geocode", "Osh", None, [_loc()])
    assert c.get("nominatim", "geocode", "Osh") is not None
    assert path.read_bytes().startswith(b"SQLite format 3")


def test_corruption_found_by_a_later_write_is_recreated(
    cache: ResponseCache, caplog: pytest.LogCaptureFixture
) -> None:
    cache.put("nominatim", "geocode", "Osh", None, [_loc()])
    cache.path.write_bytes(b"\x00garbage" * 1000)
    for suffix in ("-wal", "-shm"):
        Path(f"{cache.path}{suffix}").unlink(missing_ok=True)
    with caplog.at_level(logging.WARNING, logger="sitmap.geocoders"):
        cache.put("nominatim", "geocode", "Batken", None, [_loc()])
    assert any("corrupt" in r.getMessage() for r in caplog.records)
    assert cache.get("nominatim", "geocode", "Batken") is not None


def test_unusable_location_is_a_logged_miss(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    c = ResponseCache(blocker / CACHE_FILENAME)
    with caplog.at_level(logging.WARNING, logger="sitmap.geocoders"):
        c.put("nominatim", "geocode", "Osh", None, [_loc()])
        assert c.get("nominatim", "geocode", "Osh") is None
    assert caplog.records


def test_unreadable_row_is_a_miss(cache: ResponseCache, caplog: pytest.LogCaptureFixture) -> None:
    cache.put("nominatim", "geocode", "Osh", None, [_loc()])
    with sqlite3.connect(cache.path) as conn:
        conn.execute("UPDATE responses SET results = '[{\"address\": 1}]'")
    with caplog.at_level(logging.WARNING, logger="sitmap.geocoders"):
        assert cache.get("nominatim", "geocode", "Osh") is None
    assert any("unreadable" in r.getMessage() for r in caplog.records)


def _writer(path: str, worker: int, count: int) -> None:
    c = ResponseCache(path, busy_timeout=20.0)
    for i in range(count):
        c.put("nominatim", "geocode", f"place {worker}-{i}", {"w": worker}, [_loc(f"{worker}-{i}")])
        c.get("nominatim", "geocode", f"place {worker}-{max(i - 1, 0)}", {"w": worker})


def test_concurrent_processes_share_one_file(tmp_path: Path) -> None:
    path = tmp_path / CACHE_FILENAME
    ResponseCache(path).put("nominatim", "geocode", "seed", None, [_loc()])
    ctx = multiprocessing.get_context("fork")
    workers, count = 3, 15
    procs = [ctx.Process(target=_writer, args=(str(path), w, count)) for w in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    c = ResponseCache(path)
    assert len(c) == workers * count + 1
    for w in range(workers):
        for i in range(count):
            got = c.get("nominatim", "geocode", f"PLACE {w}-{i}", {"w": w})
            assert got is not None and got[0].address == f"{w}-{i}"


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> ResponseCache:
    return ResponseCache(tmp_path_factory.mktemp("hyp") / CACHE_FILENAME)


@settings(max_examples=25, deadline=None)
@given(
    query=st.text(min_size=1, max_size=40).filter(str.strip),
    address=st.text(max_size=40),
    lat=st.floats(-90, 90),
    lon=st.floats(-180, 180),
    extra=st.dictionaries(st.text(max_size=8), st.integers() | st.text(max_size=8), max_size=3),
)
def test_any_location_round_trips(
    shared_cache: ResponseCache,
    query: str,
    address: str,
    lat: float,
    lon: float,
    extra: dict,
) -> None:
    loc = Location(address, (lat, lon), {**RAW, "provider": extra})
    assert location_from_json(location_to_json(loc)) == loc
    c = shared_cache
    c.put("nominatim", "geocode", query, {"q": query}, [loc])
    got = c.get("nominatim", "geocode", f"  {query}  ", {"q": query})
    assert got is not None
    assert got[0].raw == loc.raw
    assert (got[0].address, got[0].point) == (address, loc.point)
