"""Tests for geo/data/places/places.csv and tools/check_places.py."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from helpers import load_tool, messages, row_with

REPO = Path(__file__).resolve().parents[1]
CSV_PATH = REPO / "geo" / "data" / "places" / "places.csv"
BOUNDARIES = REPO / "geo" / "data" / "boundaries"


cp = load_tool("check_places")

GOOD_ROW: dict[str, str] = {
    "id": "test-village",
    "name": "Test Village",
    "alt_names": "Test Vilage|Тест",
    "lat": "40.0",
    "lon": "70.5",
    "country_code": "KG",
    "kind": "village",
    "admin1": "Batken",
    "admin2": "Batken District",
    "accuracy": "exact",
    "source": "test fixture",
    "notes": "",
}


def _row(**changes: str) -> dict[str, str]:
    return row_with(GOOD_ROW, **changes)


# --------------------------------------------------------------- real file


def test_real_file_schema_is_clean() -> None:
    header, rows = cp.read_rows(CSV_PATH)
    problems = cp.check_schema(header, rows)
    assert problems == [], messages(problems)


def test_real_file_coverage() -> None:
    _, rows = cp.read_rows(CSV_PATH)
    assert len(rows) >= 80
    ids = {row["id"] for row in rows}
    for needed in (
        "tort-kocho",
        "chir-dobo",
        "chukchuk",
        "base-201-dushanbe",
        "base-201-bokhtar",
        "kant-air-base",
        "harb-maidon",
        "lyaur",
        "golovnoy-water-intake",
        "batken-isfana-road",
        "sher-khan-bandar",
        "panji-poyon",
        "afghanistan-uzbekistan-friendship-bridge",
        "vorukh",
        "islam-qala",
    ):
        assert needed in ids, needed


def test_real_file_is_rfc4180_utf8() -> None:
    raw = CSV_PATH.read_bytes()
    text = raw.decode("utf-8")  # raises if not UTF-8
    assert not text.startswith("\ufeff"), "no BOM"
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert all(len(r) == len(cp.COLUMNS) for r in rows)


def test_seed_alias_spellings_present() -> None:
    _, rows = cp.read_rows(CSV_PATH)
    by_id = {row["id"]: row for row in rows}
    tort = {n.casefold() for n in cp.split_names(by_id["tort-kocho"])}
    assert {"tort-kocho", "төрт-көчө", "торт-кочо"} <= tort
    chir = {n.casefold() for n in cp.split_names(by_id["chir-dobo"])}
    assert {"chir-dobo", "chyr-dobo", "чыр-добо"} <= chir


def test_unverified_seed_points_are_not_marked_exact() -> None:
    _, rows = cp.read_rows(CSV_PATH)
    by_id = {row["id"]: row for row in rows}
    assert by_id["chir-dobo"]["accuracy"] == "unit"
    assert by_id["chukchuk"]["accuracy"] == "unit"
    assert by_id["tort-kocho"]["accuracy"] == "approximate"


def test_sha256_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert cp.main(["--sha256"]) == 0
    assert capsys.readouterr().out.strip() == cp.file_sha256(CSV_PATH)


# ------------------------------------------------------- schema must fail


def test_good_row_passes() -> None:
    assert cp.check_schema(cp.COLUMNS, [_row()]) == []


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"kind": "castle"}, "kind"),
        ({"lat": "95"}, "lat"),
        ({"lon": "-181"}, "lon"),
        ({"lat": "nan"}, "lat"),
        ({"source": "  "}, "empty source"),
        ({"accuracy": "precise"}, "accuracy"),
        ({"country_code": "KGZ"}, "country_code"),
        ({"id": "Bad Id"}, "slug"),
        ({"alt_names": "Test village"}, "repeats"),
        ({"alt_names": "A||B"}, "empty entry"),
        ({"name": ""}, "empty name"),
    ],
)
def test_schema_catches_bad_row(changes: dict[str, str], fragment: str) -> None:
    problems = cp.check_schema(cp.COLUMNS, [_row(**changes)])
    assert problems, changes
    assert fragment in messages(problems)
    assert all(p.row_id for p in problems)


def test_schema_catches_duplicate_ids_and_bad_header() -> None:
    problems = cp.check_schema(cp.COLUMNS, [_row(), _row()])
    assert "duplicate id" in messages(problems)
    problems = cp.check_schema(("id", "name"), [_row()])
    assert "<file>" in messages(problems)


def test_cli_exits_nonzero_on_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "places.csv"
    with bad.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=cp.COLUMNS)
        writer.writeheader()
        writer.writerow(_row(lat="95", kind="castle", source=""))
    out = io.StringIO()
    assert cp.run(bad, None, out=out) == 1
    report = out.getvalue()
    assert "PROBLEM test-village" in report and "geometry: skipped" in report


# ------------------------------------------------- geometry on a toy world


@pytest.fixture
def toy_boundaries(tmp_path: Path) -> Path:
    """Two adjacent 1°x1° 'countries' KG (west) and TJ (east) and their border."""
    gpd = pytest.importorskip("geopandas")
    from shapely.geometry import LineString, box

    admin0 = gpd.GeoDataFrame(
        {"iso_a2": ["KG", "TJ"], "iso_a3": ["KGZ", "TJK"], "name": ["Kyrgyzstan", "Tajikistan"]},
        geometry=[box(70.0, 40.0, 71.0, 41.0), box(71.0, 40.0, 72.0, 41.0)],
        crs="EPSG:4326",
    )
    admin0.to_parquet(tmp_path / "admin0.parquet")
    borders = gpd.GeoDataFrame(
        {"dyad": ["KG-TJ"]}, geometry=[LineString([(71.0, 40.0), (71.0, 41.0)])], crs="EPSG:4326"
    )
    borders.to_parquet(tmp_path / "borders.parquet")
    return tmp_path


def test_geometry_accepts_right_country(toy_boundaries: Path) -> None:
    rows = [_row(lat="40.5", lon="70.5")]
    assert cp.check_geometry(rows, toy_boundaries / "admin0.parquet") == []


def test_geometry_catches_wrong_country(toy_boundaries: Path) -> None:
    rows = [_row(lat="40.5", lon="71.5")]  # in TJ but labelled KG
    problems = cp.check_geometry(rows, toy_boundaries / "admin0.parquet")
    assert len(problems) == 1
    assert problems[0].row_id == "test-village"
    assert "outside KG" in problems[0].message and "TJ" in problems[0].message


def test_geometry_tolerance_for_crossings(toy_boundaries: Path) -> None:
    near = _row(id="near-post", kind="border_crossing", lat="40.5", lon="71.02")  # ~1.7 km into TJ
    far = _row(id="far-post", kind="border_crossing", lat="40.5", lon="71.3")  # ~25 km into TJ
    village = _row(id="near-village", lat="40.5", lon="71.02")  # same spot, strict kind
    problems = cp.check_geometry(
        [near, far, village], toy_boundaries / "admin0.parquet", toy_boundaries / "borders.parquet"
    )
    flagged = {p.row_id for p in problems}
    assert "near-post" not in flagged
    assert {"far-post", "near-village"} <= flagged


def test_geometry_border_line_distance(toy_boundaries: Path) -> None:
    inland = _row(id="inland-bridge", kind="bridge", lat="40.5", lon="70.2")  # ~68 km from line
    problems = cp.check_geometry(
        [inland], toy_boundaries / "admin0.parquet", toy_boundaries / "borders.parquet"
    )
    assert [p.row_id for p in problems] == ["inland-bridge"]
    assert "border line" in problems[0].message


def test_geometry_unknown_country(toy_boundaries: Path) -> None:
    problems = cp.check_geometry([_row(country_code="AF")], toy_boundaries / "admin0.parquet")
    assert "not found" in messages(problems)


# ------------------------------------------- geometry on the real boundaries


def test_real_file_geometry() -> None:
    admin0 = BOUNDARIES / "admin0.parquet"
    if not admin0.exists():
        pytest.skip(f"{admin0} not built yet (boundary layer is produced separately)")
    _, rows = cp.read_rows(CSV_PATH)
    problems = cp.check_geometry(rows, admin0, BOUNDARIES / "borders.parquet")
    assert problems == [], messages(problems)


def test_geometry_line_tolerance_depends_on_accuracy(toy_boundaries: Path) -> None:
    """Exact crossings must be <= 5 km from a border line, approximate ones <= 10 km."""
    exact = _row(id="exact-post", kind="border_crossing", lon="70.92")  # ~6.8 km from the line
    approx = _row(id="approx-post", kind="border_crossing", lon="70.92", accuracy="approximate")
    far = _row(id="far-approx", kind="border_crossing", lon="70.85", accuracy="approximate")
    unit = _row(id="unit-post", kind="border_post", lon="70.2", accuracy="unit")  # not checked
    problems = cp.check_geometry(
        [exact, approx, far, unit],
        toy_boundaries / "admin0.parquet",
        toy_boundaries / "borders.parquet",
    )
    assert sorted(p.row_id for p in problems) == ["exact-post", "far-approx"]
    assert "limit 5 km for exact" in messages(problems)
    assert "limit 10 km for approximate" in messages(problems)


def test_fixed_rows_say_why_they_are_approximate() -> None:
    _, rows = cp.read_rows(CSV_PATH)
    by_id = {row["id"]: row for row in rows}
    for rid in ("maksat", "islam-qala", "serhetabat", "eshkashem-crossing"):
        assert by_id[rid]["accuracy"] == "approximate", rid
    assert by_id["maksat"]["country_code"] == "KG"
    assert "inside Tajikistan" in by_id["maksat"]["notes"]
    assert "town" in by_id["islam-qala"]["notes"]


# ------------------------------------------- major crossings on other borders


@pytest.mark.parametrize(
    ("query", "row_id"),
    [
        ("Torkham", "torkham"),
        ("Friendship Gate", "wesh-chaman-crossing"),
        ("Rafah crossing", "rafah-crossing"),
        ("Erez Crossing", "erez-crossing"),
        ("King Hussein Bridge", "allenby-bridge"),
        ("Bab al-Hawa", "bab-al-hawa-crossing"),
        ("Verkhny Lars", "upper-lars"),
        ("Torugart Pass", "torugart-pass"),
        ("Wagah", "attari-wagah-crossing"),
    ],
)
def test_other_border_crossings_are_found(gazetteer, query: str, row_id: str) -> None:
    """The gazetteer finds the new crossings as crossings (or the bridge) at their row."""
    from geo.geoparse.borders import haversine_km

    _, rows = cp.read_rows(CSV_PATH)
    row = {r["id"]: r for r in rows}[row_id]
    best = gazetteer.lookup(query)[0].place
    assert best.id == f"cur:{row_id}"
    assert best.feature == row["kind"] and row["kind"] in {"border_crossing", "bridge"}
    assert haversine_km(best.lat, best.lon, float(row["lat"]), float(row["lon"])) <= 2.0


def test_other_border_crossings_leave_town_names_alone(gazetteer) -> None:
    """Towns GeoNames already holds at a crossing keep their plain names."""
    for town in ("Chaman", "Rafah", "Erez", "Poipet"):
        senses = gazetteer.lookup(town)
        assert any(
            c.place.feature == "populated_place" and c.matched_name == senses[0].matched_name
            for c in senses
        ), town


# ------------------------------------------- per-conflict border files


def test_real_border_files_are_clean() -> None:
    """Every per-conflict file: schema, >= 15 rows, unique ids, geometry, and its index row."""
    admin0 = BOUNDARIES / "admin0.parquet"
    if not admin0.exists():
        pytest.skip(f"{admin0} not built yet (boundary layer is produced separately)")
    _, rows = cp.read_rows(CSV_PATH)
    taken = {r["id"] for r in rows}
    out = io.StringIO()
    problems = cp.run_borders(
        cp.DEFAULT_BORDERS_DIR,
        BOUNDARIES,
        cp.DEFAULT_TOLERANCE_KM,
        cp.DEFAULT_APPROX_LINE_KM,
        taken,
        out,
    )
    assert problems == [], messages(problems)
    files = sorted(p for p in cp.DEFAULT_BORDERS_DIR.glob("*.csv") if p.name != "conflicts.csv")
    assert len(files) >= 39 and f"borders: {len(files)} conflict files" in out.getvalue()


def test_border_file_too_short_or_reusing_an_id(tmp_path: Path) -> None:
    folder = tmp_path / "borders"
    folder.mkdir()
    header = ",".join(cp.COLUMNS)
    body = "\n".join(
        ",".join(_row(id=f"p-{i}", name=f"P {i}", alt_names="")[c] for c in cp.COLUMNS)
        for i in range(3)
    )
    (folder / "a-b.csv").write_text(f"{header}\n{body}\n", encoding="utf-8")
    (folder / "conflicts.csv").write_text(
        ",".join(cp.CONFLICT_COLUMNS) + "\na-b,A–B,Asia,AF|TJ,2021,a public list\n",
        encoding="utf-8",
    )
    problems = cp.run_borders(folder, None, 5.0, 10.0, {"p-1"}, io.StringIO())
    text = messages(problems)
    assert "3 rows < 15" in text and "a-b/p-1: id already used" in text
