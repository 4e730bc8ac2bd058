"""Tests for geo/data/places/features/: the reader, the checker and the gazetteer."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from helpers import load_tool, messages, row_with

from geo.errors import DataError
from geo.gazetteer.features import (
    FEATURE_COLUMNS,
    FEATURE_KINDS,
    feature_files,
    read_feature_files,
    read_features,
)
from geo.gazetteer.records import TIER_ADMIN1
from geo.gazetteer.store import data_version

REPO = Path(__file__).resolve().parents[1]
FEATURES_DIR = REPO / "geo" / "data" / "places" / "features"
WATER_CSV = FEATURES_DIR / "water.csv"
ADMIN0 = REPO / "geo" / "data" / "boundaries" / "admin0.parquet"

cf = load_tool("check_features")
needs_admin0 = pytest.mark.skipif(not ADMIN0.exists(), reason="no admin0.parquet")

GOOD_ROW: dict[str, str] = {
    "id": "test-lake",
    "name": "Test Lake",
    "alt_names": "Lac Test|Тест",
    "kind": "lake",
    "lat": "-1.0",
    "lon": "33.0",
    "countries": "UG|KE|TZ",
    "source": "test fixture",
    "notes": "",
}


def _row(**changes: str) -> dict[str, str]:
    return row_with(GOOD_ROW, **changes)


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(FEATURE_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return path


# --------------------------------------------------------------- reader


def test_good_rows_read_into_records(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "water.csv",
        [_row(), _row(id="test-river", kind="river", countries="UG")],
    )
    lake, river = read_features(path)
    assert (lake.id, lake.feature, lake.country_code) == ("feat:test-lake", "region", "")
    assert (river.id, river.feature, river.country_code) == ("feat:test-river", "river", "UG")
    assert lake.alt_names == ["Lac Test", "Тест"]
    assert (lake.lat, lake.lon, lake.tier, lake.accuracy) == (-1.0, 33.0, TIER_ADMIN1, "unit")


def test_open_ocean_may_list_no_country(tmp_path: Path) -> None:
    path = _write(tmp_path / "water.csv", [_row(kind="ocean", countries="")])
    assert read_features(path)[0].country_code == ""


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"lat": "north"}, "latitude"),
        ({"kind": "puddle"}, "unknown kind 'puddle'"),
        ({"countries": "Uganda"}, "ISO alpha-2"),
        ({"countries": ""}, "needs at least one country"),
        ({"id": "Test Lake"}, "bad id"),
        ({"source": " "}, "empty source"),
    ],
)
def test_bad_row_raises_data_error_naming_file_and_line(
    tmp_path: Path, changes: dict[str, str], fragment: str
) -> None:
    path = _write(tmp_path / "water.csv", [_row(), _row(**{"id": "second", **changes})])
    with pytest.raises(DataError, match=r"water\.csv:3: ") as err:
        read_features(path)
    assert fragment in str(err.value)


def test_missing_column_and_duplicate_id_across_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,lat,lon\nx,X,1,2\n", encoding="utf-8")
    with pytest.raises(DataError, match="missing columns alt_names, kind, countries"):
        read_features(bad)
    a = _write(tmp_path / "a.csv", [_row()])
    b = _write(tmp_path / "b.csv", [_row()])
    with pytest.raises(DataError, match=r"'feat:test-lake' is used in a\.csv too"):
        read_feature_files([a, b])


def test_data_version_covers_feature_files(tmp_path: Path) -> None:
    boundaries = tmp_path / "boundaries"
    boundaries.mkdir()
    (boundaries / "admin0.parquet").write_bytes(b"stand-in")
    places = tmp_path / "places"
    (places / "features").mkdir(parents=True)
    (places / "places.csv").write_text("id\n", encoding="utf-8")
    without = data_version(boundaries, places / "places.csv")
    _write(places / "features" / "water.csv", [_row()])
    first = data_version(boundaries, places / "places.csv")
    _write(places / "features" / "water.csv", [_row(lat="-1.1")])
    assert len({without, first, data_version(boundaries, places / "places.csv")}) == 3
    assert feature_files(places) == [places / "features" / "water.csv"]


# --------------------------------------------------------------- checker


def test_checker_passes_a_good_row() -> None:
    assert cf.check_schema([("w.csv", list(FEATURE_COLUMNS), [_row()])]) == []


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"id": "Test Lake"}, "not a lower-case slug"),
        ({"name": ""}, "empty name"),
        ({"lat": "91"}, "lat '91'"),
        ({"kind": "pond"}, "kind 'pond' not in the vocabulary"),
        ({"countries": "ug"}, "ISO alpha-2"),
        ({"countries": "UG|UG"}, "repeat a code"),
        ({"countries": ""}, "needs at least one country"),
        ({"source": ""}, "empty source"),
        ({"alt_names": "Lac Test||X"}, "empty entry in alt_names"),
        ({"alt_names": "TEST LAKE"}, "repeats 'Test Lake'"),
        ({"alt_names": "Test-Lake"}, "repeats 'Test Lake'"),
    ],
)
def test_checker_catches_bad_row(changes: dict[str, str], fragment: str) -> None:
    problems = cf.check_schema([("w.csv", list(FEATURE_COLUMNS), [_row(**changes)])])
    assert fragment in messages(problems)


def test_checker_ids_unique_across_files_and_header() -> None:
    files = [
        ("a.csv", list(FEATURE_COLUMNS), [_row()]),
        ("b.csv", list(FEATURE_COLUMNS[:-1]), [_row()]),
    ]
    text = messages(cf.check_schema(files))
    assert "b.csv: test-lake: duplicate id (first at a.csv:2)" in text
    assert "differ from" in text


@needs_admin0
def test_geometry_tolerances() -> None:
    countries = cf.load_countries(ADMIN0)
    assert cf.check_geometry("w.csv", [_row()], countries) == []  # Lake Victoria, in UG
    # Mid-Red Sea: 100+ km from Sudan's coast; a sea may be, a lake may not.
    sea = _row(kind="sea", lat="22", lon="38", countries="SD")
    assert cf.check_geometry("w.csv", [sea], countries) == []
    text = messages(cf.check_geometry("w.csv", [dict(sea, kind="lake")], countries))
    assert "outside every listed country (SD; limit 25 km)" in text
    # Scarborough Shoal: a reef the admin-0 file leaves out, ~220 km off Luzon.
    shoal = _row(kind="island", lat="15.16", lon="117.77", countries="PH")
    assert cf.check_geometry("l.csv", [shoal], countries) == []
    assert "limit 25 km" in messages(
        cf.check_geometry("l.csv", [dict(shoal, kind="plateau")], countries)
    )
    # Gulf of Mexico's page point (25N 90W): ~410 km from the US coast, within
    # a gulf's limit, beyond a strait's; mirrored to 25N 90E it is refused.
    gulf = _row(kind="gulf", lat="25", lon="-90", countries="US|MX|CU")
    assert cf.check_geometry("w.csv", [gulf], countries) == []
    assert "limit 300 km" in messages(
        cf.check_geometry("w.csv", [dict(gulf, kind="strait")], countries)
    )
    assert "limit 600 km" in messages(cf.check_geometry("w.csv", [dict(gulf, lon="90")], countries))
    far = _row(lat="40.7", lon="72.6")  # Fergana Valley, listed as East Africa
    assert "it lies in UZ" in messages(cf.check_geometry("w.csv", [far], countries))
    assert "QQ not in admin-0" in messages(
        cf.check_geometry("w.csv", [_row(countries="QQ|UG")], countries)
    )


def test_checker_cli(tmp_path: Path) -> None:
    out = io.StringIO()
    bad = _write(tmp_path / "water.csv", [_row(kind="pond")])
    assert cf.run([bad], None, out=out)
    assert "water.csv: test-lake: kind 'pond'" in out.getvalue()
    assert cf.main(["--csv", str(_write(tmp_path / "ok.csv", [_row()])), "--no-geometry"]) == 0


# --------------------------------------------------------------- real files


def test_real_files_are_clean() -> None:
    paths = feature_files(FEATURES_DIR.parent)
    assert WATER_CSV in paths
    files = [(p.name, *cf.read_rows(p)) for p in paths]
    assert cf.check_schema(files) == []
    _, rows = cf.read_rows(WATER_CSV)
    assert all("http" in row["source"] for row in rows)
    assert {row["kind"] for row in rows} <= set(FEATURE_KINDS[:9])  # water kinds only


@needs_admin0
def test_real_water_file_geometry_is_clean() -> None:
    _, rows = cf.read_rows(WATER_CSV)
    assert cf.check_geometry("water.csv", rows, cf.load_countries(ADMIN0)) == []


# --------------------------------------------------------------- gazetteer


@pytest.mark.parametrize(
    ("name", "feature_id"),
    [
        ("Strait of Hormuz", "feat:strait-of-hormuz"),
        ("Hormuz Strait", "feat:strait-of-hormuz"),
        ("Lake Tana", "feat:lake-tana"),
        ("Kakhovka Reservoir", "feat:kakhovka-reservoir"),
        ("Kerch Strait", "feat:kerch-strait"),
    ],
)
def test_gazetteer_finds_features(gazetteer, name: str, feature_id: str) -> None:
    best = gazetteer.lookup(name)[0].place
    assert best.id == feature_id
    assert best.feature == "region"


@pytest.mark.parametrize(
    ("name", "feature_id"),
    [("Shyok River", "feat:shyok"), ("Euphrates", "feat:euphrates")],
)
def test_gazetteer_finds_rivers(gazetteer, name: str, feature_id: str) -> None:
    best = gazetteer.lookup(name)[0].place
    assert (best.id, best.feature) == (feature_id, "river")


def test_rivers_named_like_countries_do_not_take_the_country_name(gazetteer) -> None:
    # "Jordan", "Congo", "Niger": the river rows carry only "... River" forms.
    for country in ("Jordan", "Congo"):
        ids = {c.place.id for c in gazetteer.lookup(country)}
        assert not any(i.startswith("feat:") for i in ids), country
    assert gazetteer.lookup("Jordan River")[0].place.id == "feat:jordan-river"


def test_gazetteer_keeps_features_beside_namesake_units(gazetteer) -> None:
    # Egypt's and Sudan's Red Sea governorate/state share the sea's name:
    # the feature is one more candidate, the resolver's context decides.
    ids = {c.place.id for c in gazetteer.lookup("Red Sea")}
    assert "feat:red-sea" in ids
    assert any(i.startswith("adm1:") for i in ids)
