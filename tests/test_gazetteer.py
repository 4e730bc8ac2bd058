"""The gazetteer: ranking, filters, variant and fuzzy matching, cache, nearest.

Most tests use a small synthetic gazetteer (:func:`tiny`); the tests marked
``real`` use the session's real gazetteer (built once into a private cache
by ``tests/conftest.py``) and are skipped while the boundary files are absent.
"""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

import pytest

from geo.errors import DataError, InputError, NotFoundError
from geo.gazetteer import Gazetteer, build, store
from geo.gazetteer import _load as load_cached
from geo.gazetteer.core import data_of
from geo.model import Place

BOUNDARIES_PRESENT = build.BOUNDARIES_DIR.is_dir() and any(build.BOUNDARIES_DIR.iterdir())
real = pytest.mark.skipif(
    not BOUNDARIES_PRESENT, reason=f"boundary files absent ({build.BOUNDARIES_DIR})"
)

TINY_PLACES = [
    Place("adm0:AF", "Afghanistan", 33.9, 67.7, "AF", "country", population=37_000_000),
    Place("adm0:TJ", "Tajikistan", 38.9, 71.0, "TJ", "country", population=9_500_000,
          alt_names=("Republic of Tajikistan", "Таджикистан")),
    Place("adm0:KG", "Kyrgyzstan", 41.4, 74.6, "KG", "country", population=6_300_000,
          alt_names=("Kyrgyz Republic", "Kirghizia")),
    Place("adm1:AF-BAL", "Balkh", 36.75, 67.0, "AF", "admin1", alt_names=("Balkh Province",)),
    Place("adm2:AF.30.1606", "Balkh", 36.75, 66.9, "AF", "admin2", admin1="Balkh",
          alt_names=("Balkh District",)),
    Place("gn:1147290", "Balkh", 36.756, 66.897, "AF", "populated_place", admin1="Balkh",
          population=114_883, geonameid=1147290),
    Place("gn:1133616", "Mazār-e Sharīf", 36.709, 67.111, "AF", "populated_place",
          admin1="Balkh", population=523_300, geonameid=1133616,
          alt_names=("Mazar-i-Sharif", "Мазари-Шариф")),
    Place("adm1:AF-KDZ", "Kunduz", 36.7, 68.9, "AF", "admin1", alt_names=("Kunduz Province",)),
    Place("gn:1135689", "Kunduz", 36.729, 68.857, "AF", "populated_place", admin1="Kunduz",
          population=161_902, geonameid=1135689, alt_names=("Qunduz",)),
    Place("adm1:KG-B", "Batken", 39.9, 70.6, "KG", "admin1", alt_names=("Batken Oblasty",)),
    Place("adm2:KG.09.1222703", "Batken", 39.95, 70.9, "KG", "admin2", admin1="Batken"),
    Place("gn:1528735", "Batken", 40.06, 70.819, "KG", "populated_place", admin1="Batken",
          population=27_730, geonameid=1528735),
    Place("gn:1222662", "Razzakov", 39.839, 69.528, "KG", "populated_place", admin1="Batken",
          population=34_219, geonameid=1222662, alt_names=("Isfana", "Исфана")),
    Place("gn:1514896", "Isfara", 40.126, 70.625, "TJ", "populated_place", admin1="Sughd",
          population=274_000, geonameid=1514896, alt_names=("Исфара",)),
    Place("gn:1514879", "Khujand", 40.28, 69.62, "TJ", "populated_place", admin1="Sughd",
          population=500_000, geonameid=1514879),
    Place("cur:tort-kocho", "Tort-Kocho", 39.9457, 70.516, "KG", "populated_place",
          admin1="Batken", source="curated", accuracy="approximate",
          alt_names=("Tört-Köchö", "Торт-Кочо")),
    Place("cur:vorukh", "Vorukh", 39.85, 70.58, "TJ", "enclave", source="curated"),
    Place("gn:2", "Vorukh", 39.86, 70.57, "TJ", "populated_place", population=2000),
    Place("cur:kok-tash", "Kok-Tash", 39.95, 70.536, "KG", "village", source="curated"),
]  # fmt: skip


@pytest.fixture(scope="module")
def tiny() -> Gazetteer:
    return Gazetteer.from_places(TINY_PLACES)


def ids(cands) -> list[str]:
    return [c.place.id for c in cands]


# --- ranking and ambiguity -------------------------------------------------------------


def test_every_sense_of_an_ambiguous_name(tiny: Gazetteer) -> None:
    assert ids(tiny.lookup("Balkh")) == ["adm1:AF-BAL", "adm2:AF.30.1606", "gn:1147290"]
    assert ids(tiny.lookup("Batken")) == ["adm1:KG-B", "adm2:KG.09.1222703", "gn:1528735"]


def test_regional_centre_outranks_its_province(tiny: Gazetteer) -> None:
    # Kunduz city (161,902) is the largest place of Kunduz province: a regional centre.
    assert ids(tiny.lookup("Kunduz")) == ["gn:1135689", "adm1:AF-KDZ"]


def test_generic_term_prefers_the_matching_feature(tiny: Gazetteer) -> None:
    assert ids(tiny.lookup("Kunduz Province"))[0] == "adm1:AF-KDZ"
    assert ids(tiny.lookup("province of Kunduz"))[0] == "adm1:AF-KDZ"
    assert ids(tiny.lookup("Batken district"))[0] == "adm2:KG.09.1222703"
    assert ids(tiny.lookup("city of Batken"))[0] == "gn:1528735"
    assert ids(tiny.lookup("Batken region"))[0] == "adm1:KG-B"


def test_isfana_is_razzakov_not_isfara(tiny: Gazetteer) -> None:
    found = tiny.lookup("Isfana")
    assert ids(found) == ["gn:1222662"]
    assert found[0].match == "exact" and found[0].matched_name == "Isfana"
    assert ids(tiny.lookup("Исфана")) == ["gn:1222662"]


def test_scores_are_ordered_and_in_range(tiny: Gazetteer) -> None:
    for name in ("Balkh", "Batken", "Kunduz", "Vorukh"):
        scores = [c.score for c in tiny.lookup(name)]
        assert scores == sorted(scores, reverse=True)
        assert all(0.0 <= s <= 1.0 for s in scores)


def test_curated_place_outranks_a_geonames_village(tiny: Gazetteer) -> None:
    assert ids(tiny.lookup("Vorukh")) == ["cur:vorukh", "gn:2"]


# --- filters -----------------------------------------------------------------------------


def test_country_filter(tiny: Gazetteer) -> None:
    assert ids(tiny.lookup("Balkh", country_codes=["KG"])) == []
    assert ids(tiny.lookup("Vorukh", country_codes=("tj",)))[0] == "cur:vorukh"


def test_feature_filter_and_populated_place_takes_villages(tiny: Gazetteer) -> None:
    assert ids(tiny.lookup("Balkh", feature="admin2")) == ["adm2:AF.30.1606"]
    assert ids(tiny.lookup("Balkh", feature="populated_place")) == ["gn:1147290"]
    assert ids(tiny.lookup("Kok-Tash", feature="populated_place")) == ["cur:kok-tash"]
    assert tiny.lookup("Kok-Tash", feature="admin1") == []


def test_limit(tiny: Gazetteer) -> None:
    assert len(tiny.lookup("Balkh", limit=1)) == 1
    with pytest.raises(InputError):
        tiny.lookup("Balkh", limit=0)


# --- match classes ---------------------------------------------------------------------------


def test_exact_across_scripts_and_spellings(tiny: Gazetteer) -> None:
    for name in ("Tört-Köchö", "Торт-Кочо", "TORT KOCHO", "Tort–Kocho"):
        found = tiny.lookup(name)
        assert ids(found) == ["cur:tort-kocho"] and found[0].match == "exact"


def test_variant_matches(tiny: Gazetteer) -> None:
    for name in ("Tort-Kosho", "Kondoz", "Mazari Sharif", "Mazar-e Sharif"):
        found = tiny.lookup(name)
        assert found, name
        assert found[0].match in ("exact", "variant")
    assert tiny.lookup("Kondoz")[0].place.id == "gn:1135689"
    assert tiny.lookup("Kondoz")[0].match == "variant"


def test_exact_beats_variant_beats_fuzzy(tiny: Gazetteer) -> None:
    exact = tiny.lookup("Kunduz")[0]
    variant = tiny.lookup("Kondoz")[0]
    fuzzy = tiny.lookup("Kunduzz", fuzzy=True)  # doubled letter: still a variant
    typo = tiny.lookup("Kundiz")[0]
    assert exact.match == "exact" and variant.match == "variant" and typo.match == "fuzzy"
    assert exact.score > variant.score > typo.score
    assert fuzzy[0].match == "variant"


def test_country_typos(tiny: Gazetteer) -> None:
    for typo in ("Tajikastan", "Tajikstan", "Kyrgystan", "Kyrgyzstn"):
        found = tiny.lookup(typo)
        assert found and found[0].place.feature == "country", typo
        assert found[0].match == "fuzzy"


def test_fuzzy_needs_five_characters_and_can_be_off(tiny: Gazetteer) -> None:
    assert tiny.lookup("Balk") == []  # 4 characters: no fuzzy matching
    assert tiny.lookup("Tajikastan", fuzzy=False) == []


def test_miss(tiny: Gazetteer) -> None:
    assert tiny.lookup("Springfield") == []


def test_suggest(tiny: Gazetteer) -> None:
    assert tiny.suggest("Tajikstan")[0] == "Tajikistan"
    assert "Vorukh" in tiny.suggest("Vorokuh")
    assert tiny.suggest("Qqqqqqqqqqqq") == []


@pytest.mark.parametrize("bad", ["", "   ", "x" * 10_000, "Bat\x00ken", "Bat\x1bken", None, 42])
def test_bad_input(tiny: Gazetteer, bad: object) -> None:
    with pytest.raises(InputError):
        tiny.lookup(bad)  # type: ignore[arg-type]


def test_bad_filters(tiny: Gazetteer) -> None:
    with pytest.raises(InputError):
        tiny.lookup("Balkh", country_codes=["Afghanistan"])
    with pytest.raises(InputError):
        tiny.lookup("Balkh", feature="volcano")


def test_punctuation_only_query_finds_nothing(tiny: Gazetteer) -> None:
    assert tiny.lookup("...") == []


# --- other accessors ---------------------------------------------------------------------------


def test_get_len_iter_names_lookup_folded(tiny: Gazetteer) -> None:
    assert len(tiny) == len(TINY_PLACES)
    place = tiny.get("gn:1222662")
    assert place.name == "Razzakov" and "Isfana" in place.alt_names
    with pytest.raises(NotFoundError):
        tiny.get("gn:0")
    names = list(tiny.iter_names())
    assert len(names) == len(set(names))
    assert {"isfana", "tort kocho", "mazar i sharif", "balkh province"} <= set(names)
    assert all(n == n.strip() and n.isascii() for n in names)
    assert set(tiny.iter_names(country_codes=["TJ"])) >= {"isfara", "vorukh", "tajikistan"}
    assert "balkh" not in set(tiny.iter_names(country_codes=["TJ"]))
    assert ids(tiny.lookup_folded("balkh")) == ids(tiny.lookup("Balkh"))
    assert tiny.lookup_folded("Balkh") == []  # not folded: no match


def test_nearest(tiny: Gazetteer) -> None:
    (place, km), *_ = tiny.nearest(39.946, 70.52)
    assert place.id == "cur:tort-kocho" and km < 1
    found = tiny.nearest(39.946, 70.52, k=3)
    assert [round(k, 3) for _, k in found] == sorted(round(k, 3) for _, k in found)
    assert all(p.feature not in ("admin1", "admin2", "country") for p, _ in found)
    assert tiny.nearest(0.0, 0.0, max_km=100) == []
    far = tiny.nearest(0.0, 0.0)
    assert len(far) == 1 and far[0][1] > 5000
    assert any(p.feature == "admin1" for p, _ in tiny.nearest(39.9, 70.6, k=5, units=True))
    with pytest.raises(InputError):
        tiny.nearest(91, 0)
    with pytest.raises(InputError):
        tiny.nearest(0, 0, k=0)


def test_nearest_across_the_antimeridian() -> None:
    gaz = Gazetteer.from_places(
        [
            Place("a", "East", 0.0, 179.9, "FJ", "populated_place"),
            Place("b", "West", 0.0, -179.9, "FJ", "populated_place"),
        ]
    )
    (place, km), *_ = gaz.nearest(0.0, -179.95)
    assert place.id == "b" and km < 10
    (place, km), *_ = gaz.nearest(0.0, 179.99)
    assert place.id == "a" and km < 15


def test_empty_gazetteer() -> None:
    gaz = Gazetteer.from_places([])
    assert len(gaz) == 0 and gaz.lookup("Balkh") == [] and gaz.nearest(0, 0) == []
    assert list(gaz.iter_names()) == []


# --- cache -------------------------------------------------------------------------------------


@pytest.fixture
def fake_build(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make build_data cheap: it returns the tiny gazetteer's data and counts calls."""
    calls: list[int] = []
    data = data_of(TINY_PLACES)

    def build_data(*args: object, **kwargs: object):
        calls.append(1)
        return data

    monkeypatch.setattr(build, "build_data", build_data)
    load_cached.cache_clear()
    yield calls
    load_cached.cache_clear()


def test_cache_built_once_then_read(tmp_path: Path, fake_build: list[int]) -> None:
    path = store.cache_path(tmp_path, "00112233aabbccdd")
    gaz = load_cached(path)
    assert path.is_file() and len(fake_build) == 1 and len(gaz) == len(TINY_PLACES)
    assert load_cached(path) is gaz  # memoised in-process
    load_cached.cache_clear()
    again = load_cached(path)
    assert again is not gaz and len(fake_build) == 1  # read from disk, not rebuilt
    assert ids(again.lookup("Balkh")) == ids(gaz.lookup("Balkh"))
    assert not list(tmp_path.glob("*.tmp"))


def test_corrupt_cache_is_rebuilt_with_a_warning(
    tmp_path: Path, fake_build: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    path = store.cache_path(tmp_path, "00112233aabbccdd")
    path.write_bytes(b"this is not a pickle")
    with caplog.at_level(logging.WARNING):
        gaz = load_cached(path)
    assert len(fake_build) == 1 and len(gaz) == len(TINY_PLACES)
    assert "rebuilding" in caplog.text
    assert store.read_cache(path, "00112233aabbccdd") is not None  # rewritten, readable


def test_cache_of_another_version_is_rebuilt(tmp_path: Path, fake_build: list[int]) -> None:
    path = store.cache_path(tmp_path, "00112233aabbccdd")
    path.write_bytes(pickle.dumps({"format": -1, "key": "x", "data": None}))
    load_cached(path)
    assert len(fake_build) == 1


def test_new_data_version_replaces_old_cache_files(tmp_path: Path, fake_build: list[int]) -> None:
    old = store.cache_path(tmp_path, "aaaaaaaaaaaaaaaa")
    new = store.cache_path(tmp_path, "bbbbbbbbbbbbbbbb")
    load_cached(old)
    load_cached(new)
    assert new.is_file() and not old.exists()


def test_data_version_depends_on_inputs(tmp_path: Path) -> None:
    bdir = tmp_path / "boundaries"
    bdir.mkdir()
    (bdir / "admin0.parquet").write_bytes(b"one")
    places = tmp_path / "places.csv"
    places.write_text("id\n", encoding="utf-8")
    first = store.data_version(bdir, places)
    assert store.data_version(bdir, places) == first
    places.write_text("id\nx\n", encoding="utf-8")
    second = store.data_version(bdir, places)
    (bdir / "admin0.parquet").write_bytes(b"two")
    third = store.data_version(bdir, places)
    assert len({first, second, third}) == 3
    assert store.data_version(bdir, None) != third


def test_missing_boundaries_is_a_data_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from geo.gazetteer import load_gazetteer
    from geo.settings import Settings

    monkeypatch.setattr(build, "BOUNDARIES_DIR", tmp_path / "nowhere")
    with pytest.raises(DataError, match="boundary files"):
        load_gazetteer(Settings(cache_dir=tmp_path))
    with pytest.raises(DataError, match="boundary files"):
        build.load_boundary_layers()


def test_curated_reader_rejects_bad_rows(tmp_path: Path) -> None:
    header = ",".join(build.CURATED_COLUMNS)
    good = "x,X,,39.9,70.5,KG,village,Batken,,exact,src,"
    path = tmp_path / "places.csv"
    path.write_text(f"{header}\n{good}\n", encoding="utf-8")
    (record,) = build.read_curated(path)
    assert record.id == "cur:x" and record.source == "curated"
    for bad in (
        "x,X,,91,70.5,KG,village,,,exact,,",
        "x,X,,39.9,70.5,KG,volcano,,,exact,,",
        "x,X,,39.9,70.5,KG,village,,,roughly,,",
    ):
        path.write_text(f"{header}\n{bad}\n", encoding="utf-8")
        with pytest.raises(DataError, match=r"places\.csv:2"):
            build.read_curated(path)


def test_real_places_csv_reads() -> None:
    if not build.PLACES_CSV.is_file():
        pytest.skip("places.csv absent")
    records = build.read_curated(build.PLACES_CSV)
    assert records and all(r.id.startswith("cur:") for r in records)


# --- the real gazetteer ---------------------------------------------------------------------------


@real
def test_real_ambiguities(gazetteer: Gazetteer) -> None:
    balkh = [c.place.feature for c in gazetteer.lookup("Balkh", country_codes=["AF"])]
    assert balkh[:3] == ["admin1", "admin2", "populated_place"]
    batken = [c.place.feature for c in gazetteer.lookup("Batken", country_codes=["KG"])]
    assert batken[:3] == ["admin1", "admin2", "populated_place"]
    kunduz = {c.place.feature for c in gazetteer.lookup("Kunduz", country_codes=["AF"])}
    assert {"admin1", "populated_place"} <= kunduz
    assert gazetteer.lookup("Isfana")[0].place.id == "gn:1222662"


@real
def test_real_countries(gazetteer: Gazetteer) -> None:
    for name, cc in [
        ("Tajikistan", "TJ"),
        ("Republic of Tajikistan", "TJ"),
        ("Kyrgyz Republic", "KG"),
        ("Kirghizia", "KG"),
        ("U.S.", "US"),
        ("USA", "US"),
        ("UK", "GB"),
        ("Russia", "RU"),
        ("Tajikastan", "TJ"),
        ("Afganistan", "AF"),
    ]:
        top = gazetteer.lookup(name)[0].place
        assert (top.feature, top.country_code) == ("country", cc), name


@real
def test_real_admin_units_have_points_and_stats(gazetteer: Gazetteer) -> None:
    stats = gazetteer.stats
    assert stats["admin1"] > 3000 and stats["countries"] > 190
    for cc in ("AF", "TJ", "KG", "UZ", "TM"):
        assert gazetteer.lookup_folded(fold_name(cc)), cc


def fold_name(cc: str) -> str:
    from geo.names import fold

    return fold(
        {
            "AF": "Afghanistan",
            "TJ": "Tajikistan",
            "KG": "Kyrgyzstan",
            "UZ": "Uzbekistan",
            "TM": "Turkmenistan",
        }[cc]
    )


@real
def test_real_curated_places(gazetteer: Gazetteer) -> None:
    if not build.PLACES_CSV.is_file():
        pytest.skip("places.csv absent")
    for name in ("Tort-Kocho", "Торт-Кочо", "Chir-Dobo", "Vorukh"):
        assert gazetteer.lookup(name)[0].place.source == "curated", name


@real
def test_real_nearest(gazetteer: Gazetteer) -> None:
    (place, km), *_ = gazetteer.nearest(39.839, 69.528)
    assert place.id == "gn:1222662" and km < 1


def test_us_counties_file(tmp_path: Path) -> None:
    path = tmp_path / "us_counties.csv"
    path.write_text(
        "fips,name,state,lat,lon\n21125,Laurel County,Kentucky,37.11,-84.12\n"
        "22071,Orleans Parish,Louisiana,30.05,-89.93\n",
        encoding="utf-8",
    )
    stats: dict[str, int] = {}
    records = build.read_us_counties(path, stats)
    assert [(r.id, r.feature, r.admin1, r.extra_keys) for r in records] == [
        ("adm2:US-21125", "admin2", "Kentucky", []),
        ("adm2:US-22071", "admin2", "Louisiana", []),
    ]
    assert stats["us_counties"] == 2
    assert build.read_us_counties(tmp_path / "absent.csv", stats) == []
    path.write_text("fips,name,state,lat,lon\n21125,Laurel County,Kentucky,97,0\n", "utf-8")
    with pytest.raises(DataError, match=r"us_counties\.csv:2"):
        build.read_us_counties(path, stats)


def test_country_points_file(tmp_path: Path) -> None:
    path = tmp_path / "country_points.csv"
    path.write_text("iso2,name,lat,lon\nru,Russia,60,100\n", encoding="utf-8")
    assert build.read_country_points(path) == {"RU": (60.0, 100.0)}
    assert build.read_country_points(None) == {}
    path.write_text("iso2,name,lat,lon\nRU,Russia,x,100\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"country_points\.csv:2"):
        build.read_country_points(path)


def test_data_version_covers_source_dirs(tmp_path: Path) -> None:
    bdir = tmp_path / "boundaries"
    bdir.mkdir()
    (bdir / "admin0.parquet").write_bytes(b"one")
    extra = tmp_path / "counties"
    extra.mkdir()
    (extra / "us_counties.csv").write_text("fips\n1\n", encoding="utf-8")
    first = store.data_version(bdir, None, [extra])
    (extra / "us_counties.csv").write_text("fips\n2\n", encoding="utf-8")
    assert store.data_version(bdir, None, [extra]) != first


@real
def test_real_counties_and_country_points(gazetteer: Gazetteer) -> None:
    laurel = gazetteer.lookup("Laurel County", limit=3)[0].place
    assert (laurel.feature, laurel.country_code, laurel.admin1) == ("admin2", "US", "Kentucky")
    russia = gazetteer.lookup("Russia", limit=1)[0].place
    assert (russia.feature, round(russia.lat), round(russia.lon)) == ("country", 60, 100)
