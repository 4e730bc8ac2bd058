"""OfflineGeocoder: geopy Locations from the gazetteer, reverse, errors, seed gold."""

from __future__ import annotations

import json
import math
import sys
import types
from pathlib import Path

import pytest
from geopy.point import Point as GeopyPoint
from test_gazetteer import BOUNDARIES_PRESENT, TINY_PLACES

from geo.errors import InputError, NotFoundError
from geo.gazetteer import Gazetteer, build
from geo.geocoders.base import RAW_KEYS, geocode_all
from geo.geocoders.offline import OfflineGeocoder
from geo.names import fold

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def geocoder() -> OfflineGeocoder:
    return OfflineGeocoder(gazetteer=Gazetteer.from_places(TINY_PLACES))


def test_geocode_one(geocoder: OfflineGeocoder) -> None:
    loc = geocoder.geocode("Isfana")
    assert (loc.latitude, loc.longitude) == (39.839, 69.528)
    assert set(RAW_KEYS) <= set(loc.raw)
    assert loc.raw["geonameid"] == 1222662 and loc.raw["matched_name"] == "Isfana"
    assert loc.raw["id"] == "gn:1222662" and loc.raw["feature"] == "populated_place"
    assert loc.address == "Razzakov, Batken, KG"


def test_geocode_many_and_filters(geocoder: OfflineGeocoder) -> None:
    locs = geocoder.geocode("Balkh", exactly_one=False)
    assert [loc.raw["feature"] for loc in locs] == ["admin1", "admin2", "populated_place"]
    assert geocoder.geocode("Balkh", exactly_one=False, limit=1)[0].raw["feature"] == "admin1"
    assert geocoder.geocode("Balkh", feature="populated_place").raw["id"] == "gn:1147290"
    assert geocoder.geocode("Balkh", country_codes=["TJ"]) is None
    assert geocoder.geocode("Balkh", exactly_one=False, country_codes=["TJ"]) == []


def test_curated_raw(geocoder: OfflineGeocoder) -> None:
    raw = geocoder.geocode("Торт-Кочо").raw
    assert raw["id"] == "cur:tort-kocho" and raw["source"] == "curated"
    assert raw["accuracy"] == "approximate" and raw["geonameid"] is None


@pytest.mark.parametrize("bad", ["", " \t ", "x" * 10_000, "Batken\x07", "\x00", None])
def test_bad_queries(geocoder: OfflineGeocoder, bad: object) -> None:
    with pytest.raises(InputError):
        geocoder.geocode(bad)  # type: ignore[arg-type]


def test_geocode_or_raise_and_geocode_all(geocoder: OfflineGeocoder) -> None:
    assert geocoder.geocode_or_raise("Kunduz").raw["id"] == "gn:1135689"
    with pytest.raises(NotFoundError) as info:
        geocoder.geocode_or_raise("Tajikistanian")
    assert str(info.value) == "no place named 'Tajikistanian'"
    assert "Tajikistan" in info.value.suggestions
    with pytest.raises(NotFoundError) as info:
        geocode_all(geocoder, "Kirgyzztann")
    assert info.value.suggestions[0] == "Kyrgyzstan"


def test_lazy_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    import geo.geocoders.offline as offline

    calls = []
    gaz = Gazetteer.from_places(TINY_PLACES)

    def fake_load(settings=None):
        calls.append(settings)
        return gaz

    monkeypatch.setattr(offline, "load_gazetteer", fake_load)
    geo = OfflineGeocoder()
    assert calls == []
    assert geo.geocode("Osh") is None and geo.geocode("Isfara") is not None
    assert len(calls) == 1


@pytest.mark.parametrize("point", [(39.946, 70.52), [39.946, 70.52], "39.946, 70.52"])
def test_reverse_point_forms(geocoder: OfflineGeocoder, point: object) -> None:
    loc = geocoder.reverse(point)
    assert loc.raw["id"] == "cur:tort-kocho" and loc.raw["distance_km"] < 1


def test_reverse_geopy_point_and_far_away(geocoder: OfflineGeocoder) -> None:
    assert geocoder.reverse(GeopyPoint(39.946, 70.52)).raw["id"] == "cur:tort-kocho"
    assert geocoder.reverse((0.0, 0.0)) is None
    assert geocoder.reverse((0.0, 0.0), max_km=None) is not None
    for bad in [(91, 0), "north", (1, 2, 3), None]:
        with pytest.raises(InputError):
            geocoder.reverse(bad)


def test_reverse_uses_joins_where_when_present(
    geocoder: OfflineGeocoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = types.ModuleType("geo.joins")
    fake.where = lambda lat, lon: {  # type: ignore[attr-defined]
        "country_code": "TJ",
        "admin1": "Sughd",
        "admin2": "Isfara",
        "border": "KG-TJ",
        "border_distance_km": 0.4,
    }
    monkeypatch.setitem(sys.modules, "geo.joins", fake)
    raw = geocoder.reverse((39.946, 70.52)).raw
    assert (raw["country_code"], raw["admin1"], raw["border"]) == ("TJ", "Sughd", "KG-TJ")
    assert raw["place_country_code"] == "KG"


# --- seed gold: every sub-national place with a coordinate ----------------------------------------


def _gold_cases() -> list[tuple]:
    """(query, feature, category, article countries, lat, lon, file) per distinct mention."""
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    cases = {}
    for fname, article in gold["files"].items():
        countries = tuple(
            sorted({t["referent_id"] for t in article["toponyms"] if t["category"] == "country"})
        )
        mentions = []
        for t in article["toponyms"]:
            mentions.append(t)
            # a road's end points ("Batken-Isfana road") are settlements: the
            # geoparser knows that much context, so the lookup asks for one
            mentions.extend(
                {**c, "category": "populated place", "road_end": True}
                for c in t.get("components", ())
            )
        for t in mentions:
            if t.get("category") in ("country", "border", "road", None):
                continue
            # the geoparser hands over the span with its generic term ("Balkh Province")
            query = " ".join((t.get("extended_surface") or t["surface"]).split())
            key = (query, t["referent"])
            feature = "populated_place" if t.get("road_end") else None
            cases.setdefault(
                key,
                (query, feature, t["category"], countries, t.get("lat"), t.get("lon"), fname),
            )
    return list(cases.values())


GOLD = _gold_cases()
WITH_COORDS = [c for c in GOLD if c[4] is not None]


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def gold_geocode(
    geocoder: OfflineGeocoder,
    query: str,
    countries: tuple[str, ...],
    feature: str | None = None,
):
    """Geocode as a caller would: the article's countries break ties between countries.

    When the name has senses in several countries, the article's countries
    filter them; if none of the senses is in those countries (a dateline
    "MOSCOW" in a Kyrgyz-Tajik story) the unfiltered best stands.
    """
    found = geocoder.geocode(query, exactly_one=False, limit=25, feature=feature)
    if len({loc.raw["country_code"] for loc in found}) > 1:
        local = geocoder.geocode(query, country_codes=countries, feature=feature)
        if local is not None:
            return local
    return found[0] if found else None


needs_boundaries = pytest.mark.skipif(not BOUNDARIES_PRESENT, reason="boundary files absent")


@needs_boundaries
@pytest.mark.parametrize(
    ("query", "feature", "category", "countries", "lat", "lon", "fname"),
    WITH_COORDS,
    ids=[f"{c[0]}" for c in WITH_COORDS],
)
def test_gold_place_geocodes_within_10_km(
    gazetteer: Gazetteer,
    query: str,
    feature: str | None,
    category: str,
    countries: tuple[str, ...],
    lat: float,
    lon: float,
    fname: str,
) -> None:
    loc = gold_geocode(OfflineGeocoder(gazetteer), query, countries, feature)
    assert loc is not None, f"{query!r} not found"
    km = _haversine_km(lat, lon, loc.latitude, loc.longitude)
    print(f"{query!r}: {loc.raw['id']} {loc.raw['feature']} {km:.1f} km")
    assert km <= 10, f"{query!r} -> {loc.raw['id']} ({loc.address}) is {km:.1f} km from gold"


def _curated_keys() -> set[str]:
    if not build.PLACES_CSV.is_file():
        return set()
    return {
        key
        for rec in build.read_curated(build.PLACES_CSV)
        for key in {fold(rec.name), *map(fold, rec.alt_names), *rec.extra_keys}
    }


CURATED_ONLY = [c for c in GOLD if c[4] is None and fold(c[0]) in _curated_keys()]


def test_gold_has_coordinates_to_check() -> None:
    assert len(WITH_COORDS) >= 8
    assert {"Isfana", "Kunduz", "Balkh Province"} <= {c[0] for c in WITH_COORDS}


@needs_boundaries
@pytest.mark.skipif(not CURATED_ONLY, reason="places.csv absent or has none of the gold places")
@pytest.mark.parametrize("case", CURATED_ONLY, ids=[c[0] for c in CURATED_ONLY])
def test_gold_place_without_coordinate_comes_from_curated_file(
    gazetteer: Gazetteer, case: tuple
) -> None:
    query, _, _, countries, *_ = case
    loc = gold_geocode(OfflineGeocoder(gazetteer), query, countries)
    assert loc is not None and loc.raw["source"] == "curated", query
