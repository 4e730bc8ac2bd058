"""Tests for geo/data/places/regions.csv: its checks, its reader and the gazetteer."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from helpers import load_tool, messages, row_with

from geo.errors import DataError
from geo.gazetteer.build import REGION_COLUMNS, read_regions
from geo.gazetteer.records import TIER_ADMIN1
from geo.gazetteer.store import data_version

REPO = Path(__file__).resolve().parents[1]
REGIONS_CSV = REPO / "geo" / "data" / "places" / "regions.csv"
ADMIN0 = REPO / "geo" / "data" / "boundaries" / "admin0.parquet"

cp = load_tool("check_places")

GOOD_ROW: dict[str, str] = {
    "id": "test-valley",
    "name": "Test Valley",
    "alt_names": "Test Vale|Тест",
    "lat": "40.7",
    "lon": "72.6",
    "countries": "UZ|KG",
    "source": "test fixture",
    "notes": "",
}

needs_admin0 = pytest.mark.skipif(not ADMIN0.exists(), reason="no admin0.parquet")


def _row(**changes: str) -> dict[str, str]:
    return row_with(GOOD_ROW, **changes)


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(REGION_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return path


# --------------------------------------------------------------- real file


def test_real_file_schema_is_clean() -> None:
    header, rows = cp.read_rows(REGIONS_CSV)
    assert len(rows) >= 15
    assert cp.check_regions_schema(header, rows) == []


@needs_admin0
def test_real_file_geometry_is_clean() -> None:
    _, rows = cp.read_rows(REGIONS_CSV)
    assert cp.check_regions_geometry(rows, ADMIN0) == []


def test_real_file_every_source_cites_a_page() -> None:
    _, rows = cp.read_rows(REGIONS_CSV)
    for row in rows:
        assert "http" in row["source"], row["id"]


def test_checker_cli_reports_regions(tmp_path: Path) -> None:
    out = io.StringIO()
    places = REPO / "geo" / "data" / "places" / "places.csv"
    assert cp.run(places, None, out=out, regions_csv=REGIONS_CSV) == 0
    assert "regions schema: 0 problem(s)" in out.getvalue()
    bad = _write(tmp_path / "regions.csv", [_row(countries="Uzbekistan")])
    out = io.StringIO()
    assert cp.run(places, None, out=out, regions_csv=bad) == 1
    assert "not |-separated ISO alpha-2 codes" in out.getvalue()


# --------------------------------------------------------------- checker


def test_good_row_passes() -> None:
    assert cp.check_regions_schema(list(REGION_COLUMNS), [_row()]) == []


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"id": "Test Valley"}, "not a lowercase-hyphen slug"),
        ({"name": ""}, "empty name"),
        ({"lat": "91"}, "lat '91'"),
        ({"lon": "east"}, "lon 'east'"),
        ({"countries": "uz|KG"}, "ISO alpha-2"),
        ({"countries": ""}, "ISO alpha-2"),
        ({"countries": "UZ|UZ"}, "repeat a code"),
        ({"source": " "}, "empty source"),
        ({"alt_names": "Test Vale||Тест"}, "empty entry in alt_names"),
        ({"alt_names": "TEST VALLEY"}, "repeats 'Test Valley'"),
    ],
)
def test_schema_catches_bad_row(changes: dict[str, str], fragment: str) -> None:
    problems = cp.check_regions_schema(list(REGION_COLUMNS), [_row(**changes)])
    assert fragment in messages(problems)


def test_schema_catches_duplicate_ids_and_bad_header() -> None:
    header = [c for c in REGION_COLUMNS if c != "notes"]
    text = messages(cp.check_regions_schema(header, [_row(), _row()]))
    assert "differ from expected" in text
    assert "duplicate id" in text


@needs_admin0
def test_geometry_accepts_any_listed_country_and_tolerance() -> None:
    # Andijan region (UZ) with KG also listed; a point 10 km into KG with only UZ listed.
    assert cp.check_regions_geometry([_row()], ADMIN0) == []
    near = _row(lat="40.60", lon="73.00", countries="UZ")
    assert cp.check_regions_geometry([near], ADMIN0, tolerance_km=1000) == []


@needs_admin0
def test_geometry_catches_far_point_and_unknown_code() -> None:
    far = _row(lat="13.0", lon="25.0", countries="UZ|KG")  # Darfur
    text = messages(cp.check_regions_geometry([far], ADMIN0))
    assert "outside every listed country" in text
    assert "it lies in SD" in text
    unknown = _row(countries="QQ|UZ")
    assert "QQ not found" in messages(cp.check_regions_geometry([unknown], ADMIN0))


# --------------------------------------------------------------- reader


def test_every_row_reads_into_a_region_record() -> None:
    _, rows = cp.read_rows(REGIONS_CSV)
    records = read_regions(REGIONS_CSV)
    assert len(records) == len(rows)
    for row, record in zip(rows, records, strict=True):
        codes = row["countries"].split("|")
        assert record.id == f"reg:{row['id']}"
        assert record.name == row["name"]
        assert record.feature == "region"
        assert record.tier == TIER_ADMIN1
        assert record.source == "curated"
        assert record.accuracy == "unit"
        assert record.country_code == (codes[0] if len(codes) == 1 else "")
        assert (record.lat, record.lon) == (float(row["lat"]), float(row["lon"]))
        assert record.alt_names == [a for a in row["alt_names"].split("|") if a]


@pytest.mark.parametrize(
    "changes",
    [{"lat": "north"}, {"countries": "Uzbekistan"}, {"id": ""}, {"source": ""}],
)
def test_bad_row_raises_data_error_naming_the_line(tmp_path: Path, changes: dict[str, str]) -> None:
    path = _write(tmp_path / "regions.csv", [_row(), _row(**{"id": "second", **changes})])
    with pytest.raises(DataError, match=r"regions\.csv:3: "):
        read_regions(path)


def test_missing_column_raises_data_error(tmp_path: Path) -> None:
    path = tmp_path / "regions.csv"
    path.write_text("id,name,lat,lon\nx,X,1,2\n", encoding="utf-8")
    with pytest.raises(DataError, match="missing columns alt_names, countries, source"):
        read_regions(path)


def test_data_version_covers_regions_csv(tmp_path: Path) -> None:
    boundaries = tmp_path / "boundaries"
    boundaries.mkdir()
    (boundaries / "admin0.parquet").write_bytes(b"stand-in")
    places = tmp_path / "places"
    places.mkdir()
    (places / "places.csv").write_text("id\n", encoding="utf-8")
    without = data_version(boundaries, places / "places.csv")
    _write(places / "regions.csv", [_row()])
    first = data_version(boundaries, places / "places.csv")
    _write(places / "regions.csv", [_row(lat="40.8")])
    assert len({without, first, data_version(boundaries, places / "places.csv")}) == 3


# --------------------------------------------------------------- gazetteer


@pytest.mark.parametrize(
    ("name", "region_id"),
    [
        ("Fergana Valley", "reg:fergana-valley"),
        ("Ferghana Valley", "reg:fergana-valley"),
        ("Ферганская долина", "reg:fergana-valley"),
        ("Wakhan Corridor", "reg:wakhan-corridor"),
        ("Golan Heights", "reg:golan-heights"),
        ("Aksai Chin", "reg:aksai-chin"),
        ("Panjshir Valley", "reg:panjshir-valley"),
        ("Siachen Glacier", "reg:siachen-glacier"),
    ],
)
def test_gazetteer_finds_regions(gazetteer, name: str, region_id: str) -> None:
    best = gazetteer.lookup(name)[0].place
    assert best.feature == "region"
    assert best.id == region_id


def test_gazetteer_region_fields(gazetteer) -> None:
    darfur = gazetteer.get("reg:darfur")
    assert (darfur.feature, darfur.country_code) == ("region", "SD")
    assert gazetteer.get("reg:fergana-valley").country_code == ""


def test_admin_units_still_win_their_own_names(gazetteer) -> None:
    # Regions that are also admin units were left out of the file on purpose.
    assert gazetteer.lookup("Ladakh")[0].place.feature == "admin1"
    assert gazetteer.lookup("Balochistan")[0].place.feature == "admin1"
