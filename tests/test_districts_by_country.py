"""Districts read one country at a time give what the world's districts give.

A build reads only the districts of the countries its places fall in
(geo.boundaries.Boundaries.districts); these tests compare every consumer —
the derived file's layout, the point joins, the control layers' look-ups by
name and a whole build — with the same work done on the whole world layer.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from geopandas.testing import assert_geodataframe_equal
from shapely.geometry import box

from geo import admin2
from geo.boundaries import DATA_DIR, Boundaries
from geo.joins import join_points
from layers.units import district_candidates, name_key, unit_rows

REPO = Path(__file__).resolve().parents[1]
WORLD = admin2.cache_path()
needs_world = pytest.mark.skipif(
    not WORLD.is_file(), reason="world admin-2 not derived (make data)"
)


def small_layer() -> gpd.GeoDataFrame:
    """Three countries' districts, sorted by country like the derived file."""
    rows = []
    for i, code in enumerate(["AA", "AA", "AA", "BB", "CC", "CC"]):
        rows.append({"iso_a2": code, "admin1": "P", "admin1_code": f"{code}-P", "name": f"D{i}",
                     "shape_id": f"{i}B{i}", "geometry": box(i, 0, i + 1, 1)})  # fmt: skip
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)


def test_grouping_by_country_keeps_the_frame_and_reads_one_country_alone(tmp_path):
    path = tmp_path / "admin2.parquet"
    layer = small_layer()
    layer.to_parquet(path, compression="zstd", index=False)
    assert pq.ParquetFile(path).metadata.num_row_groups == 1
    assert not admin2.layout(path).grouped
    before = gpd.read_parquet(path)

    assert admin2.group_by_country(path)
    meta = pq.ParquetFile(path).metadata
    assert [meta.row_group(g).num_rows for g in range(meta.num_row_groups)] == [3, 1, 2]
    where = admin2.layout(path)
    assert where.grouped and where.countries == ("AA", "BB", "CC") and where.starts == (0, 3, 4)
    assert_geodataframe_equal(gpd.read_parquet(path), before)
    assert pq.read_schema(path).metadata == pq.read_schema(tmp_path / "admin2.parquet").metadata
    assert admin2.group_by_country(path)  # grouped already: nothing to do

    for codes in (["CC"], ["AA", "CC"], ["BB", "ZZ"], []):
        got = admin2.read_countries(path, codes, where)
        want = before[before["iso_a2"].isin(codes)]
        if want.empty:
            assert got.empty and list(got.columns) == list(want.columns)
        else:
            assert_geodataframe_equal(got, want)


def test_a_file_whose_countries_are_not_contiguous_is_left_alone(tmp_path):
    path = tmp_path / "admin2.parquet"
    layer = small_layer()
    layer.loc[1, "iso_a2"] = "CC"  # AA, CC, AA, ...
    layer.to_parquet(path, index=False)
    stamp = path.stat().st_mtime_ns
    assert not admin2.group_by_country(path)
    assert path.stat().st_mtime_ns == stamp
    # still read right, from the (one) row group that holds them
    got = admin2.read_countries(path, ["AA"])
    assert_geodataframe_equal(got, layer[layer["iso_a2"] == "AA"])


def test_boundaries_given_a_frame_cut_their_countries_from_it():
    layer = small_layer()
    b = Boundaries(admin2=layer)
    assert_geodataframe_equal(b.country_districts("CC"), layer[layer["iso_a2"] == "CC"])
    assert_geodataframe_equal(b.districts(["BB", "AA"]), layer[layer["iso_a2"].isin(["AA", "BB"])])
    assert b.districts(["AA", "BB"]) is b.districts({"BB", "AA"})
    assert b.districts_read == ("CC",)  # cut one at a time; sets are cut from the frame
    assert list(b.district_names()["name"]) == list(layer["name"])


def test_a_directory_with_a_plain_districts_file_is_read_by_country(tmp_path):
    for stem in ("admin0", "admin1", "borders"):
        (tmp_path / f"{stem}.parquet").write_bytes((DATA_DIR / f"{stem}.parquet").read_bytes())
    layer = small_layer()
    layer.to_parquet(tmp_path / "admin2.parquet", index=False)
    admin2.group_by_country(tmp_path / "admin2.parquet")
    b = Boundaries(directory=tmp_path)
    assert_geodataframe_equal(b.districts(["CC", "AA"]), layer[layer["iso_a2"].isin(["AA", "CC"])])
    assert b.read == () and b.districts_read == ("AA", "CC")
    assert len(b.admin2) == 6 and b.districts_read == ()  # the whole layer: cut from it now
    assert_geodataframe_equal(b.country_districts("BB"), layer[layer["iso_a2"] == "BB"])


def test_a_derived_file_that_cannot_be_regrouped_is_read_whole(tmp_path, monkeypatch, caplog):
    for stem in ("admin0", "admin1", "borders"):
        (tmp_path / f"{stem}.parquet").write_bytes((DATA_DIR / f"{stem}.parquet").read_bytes())
    monkeypatch.setenv("SITMAP_DATA_DIR", str(tmp_path / "data"))
    path = admin2.cache_path(boundaries_dir=tmp_path)
    path.parent.mkdir()
    layer = small_layer()
    layer.to_parquet(path, index=False)

    def read_only(_path):
        raise PermissionError("read-only file system")

    monkeypatch.setattr(admin2, "group_by_country", read_only)
    b = Boundaries(directory=tmp_path)
    assert_geodataframe_equal(b.districts(["BB"]), layer[layer["iso_a2"] == "BB"])
    assert "admin2" in b.read and "reading every district" in caplog.text


def test_a_derived_file_is_grouped_on_first_use(tmp_path, monkeypatch):
    for stem in ("admin0", "admin1", "borders"):
        (tmp_path / f"{stem}.parquet").write_bytes((DATA_DIR / f"{stem}.parquet").read_bytes())
    monkeypatch.setenv("SITMAP_DATA_DIR", str(tmp_path / "data"))
    path = admin2.cache_path(boundaries_dir=tmp_path)
    path.parent.mkdir()
    layer = small_layer()
    layer.to_parquet(path, index=False)
    b = Boundaries(directory=tmp_path)
    assert_geodataframe_equal(b.districts(["CC"]), layer[layer["iso_a2"] == "CC"])
    assert b.read == () and admin2.layout(path).grouped


@pytest.fixture(scope="module")
def world() -> Boundaries:
    """Boundaries with the world's districts in memory (what every build used to load)."""
    full = Boundaries(directory=DATA_DIR)
    assert len(full.admin2) > 100_000
    return full


@needs_world
def test_the_derived_file_is_grouped_by_country():
    where = admin2.layout(WORLD)
    assert where.grouped and len(where.countries) >= 150
    assert all(len(groups) == 1 for groups in where.groups.values())


@needs_world
@pytest.mark.slow
def test_each_country_read_alone_equals_its_rows_of_the_world_layer(world):
    lazy = Boundaries(directory=DATA_DIR)
    codes = sorted(set(world.admin2["iso_a2"]))
    for code in [*codes[::9], "TJ", "KG", "AF", "UA"]:
        assert_geodataframe_equal(lazy.country_districts(code), world.country_districts(code))
    some = ["AF", "KG", "TJ", "UZ", "RU"]
    assert_geodataframe_equal(lazy.districts(some), world.admin2[world.admin2["iso_a2"].isin(some)])
    assert "admin2" not in lazy.read
    names = lazy.district_names()
    pd.testing.assert_frame_equal(names, world.district_names().reset_index(drop=True))


def _probe_points(world: Boundaries, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Points on land everywhere, inside districts, on their vertices and near coasts."""
    layer = world.admin2
    sample = layer.iloc[rng.choice(len(layer), 1500, replace=False)]
    inside = sample.geometry.representative_point()
    lon = list(inside.x)
    lat = list(inside.y)
    for geom in sample.geometry.iloc[:300]:  # a vertex: on a boundary shared by two districts
        x, y = np.asarray(geom.exterior.coords if geom.geom_type == "Polygon"
                          else geom.geoms[0].exterior.coords)[0]  # fmt: skip
        lon.append(x)
        lat.append(y)
    for geom in sample.geometry.iloc[300:500]:  # just outside: slivers and coasts
        _, y0, x1, y1 = geom.bounds
        lon.append(x1 + 0.01)
        lat.append((y0 + y1) / 2)
    lon += list(rng.uniform(-179, 179, 1000))
    lat += list(rng.uniform(-60, 75, 1000))
    lon += list(rng.uniform(64, 76, 500))  # Central Asia's borders
    lat += list(rng.uniform(34, 42, 500))
    lat_a = np.clip(np.asarray(lat), -90, 90)
    lon_a = np.clip(np.asarray(lon), -180, 180)
    return lat_a, lon_a


@needs_world
@pytest.mark.slow
def test_joins_with_districts_read_by_country_equal_the_world_layers(world):
    lat, lon = _probe_points(world, np.random.default_rng(15))
    lazy = Boundaries(directory=DATA_DIR)
    want = join_points(lat, lon, boundaries=world)
    got = join_points(lat, lon, boundaries=lazy)
    pd.testing.assert_frame_equal(got, want)
    assert got["admin2"].notna().sum() > 2000
    # small calls (the exact per-point path) and large ones agree too
    for start in range(0, 600, 37):
        part = slice(start, start + 37)
        pd.testing.assert_frame_equal(
            join_points(lat[part], lon[part], boundaries=lazy).reset_index(drop=True),
            want.iloc[part].reset_index(drop=True),
        )
    assert "admin2" not in lazy.read
    assert set(lazy.districts_read) == set(want["country_code"].dropna())


def _lookup(units: gpd.GeoDataFrame, name: str, country: str | None, exact: bool) -> list[str]:
    """The control layers' look-up: rows by name, those of the country preferred."""
    rows = unit_rows(units, name, exact_case=exact)
    match = units.iloc[list(rows)]
    if country and not match.empty:
        same = match[match["iso_a2"] == country]
        match = same if not same.empty or not exact else match
    return list(match["shape_id"])


@needs_world
@pytest.mark.slow
def test_look_ups_by_name_find_what_the_world_layer_finds(world):
    layer = world.admin2
    rng = np.random.default_rng(6)
    picks = layer.iloc[rng.choice(len(layer), 60, replace=False)]
    cases = []
    for rec in picks.itertuples(index=False):
        cases += [(rec.name, rec.iso_a2), (rec.name, None), (rec.name, "TJ")]
    cases += [("Batken", "KG"), ("batken", None), ("Central", None), ("Nowhere at all", "AF")]
    lazy = Boundaries(directory=DATA_DIR)
    for name, country in cases:
        for exact in (False, True):
            want_name = name if exact else name_key(name)
            units = district_candidates(lazy, [want_name], country, exact_case=exact)
            got = _lookup(units, want_name, country, exact)
            assert got == _lookup(layer, want_name, country, exact), (name, country, exact)
    assert "admin2" not in lazy.read


def _digests(out: Path) -> dict[str, str]:
    current = out / "current"
    return {
        str(p.relative_to(current)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(current.rglob("*"))
        if p.is_file()
    }


@needs_world
@pytest.mark.slow
def test_a_build_reading_districts_by_country_writes_what_the_world_layer_gives(
    tmp_path, monkeypatch, settings, gazetteer, world
):
    """The seed articles and the control fixtures (five conflicts, four continents)."""
    import geo.boundaries
    from geo.pipeline import load_resources
    from layers.build import build_outputs

    corpus = [REPO / "seeds", REPO / "tests" / "data" / "control"]
    lazy = Boundaries(directory=DATA_DIR)
    digests = {}
    for label, boundaries in (("by country", lazy), ("world", world)):
        monkeypatch.setattr(geo.boundaries, "load_boundaries", lambda d=None, b=boundaries: b)
        load_resources.cache_clear()
        out = tmp_path / label
        build_outputs(corpus, out, settings=settings, cache=tmp_path / f"{label}.sqlite")
        digests[label] = _digests(out)
    load_resources.cache_clear()
    assert digests["by country"] == digests["world"]
    assert {"map.html", "events.csv", "situation.json"} <= set(digests["world"])
    assert "admin2" not in lazy.read
    read = set(lazy.districts_read)
    assert {"AF", "KG", "TJ"} <= read and len(read) < 25, read
