"""The world basemap clipped to a map's extent (layers/basemap.py)."""

from __future__ import annotations

import json

import pytest
import shapely
from shapely.geometry import shape

from layers.basemap import (
    LAYERS,
    basemap_config,
    basemap_for_extent,
    extent_boxes,
    load_basemap,
    padded_extent,
)


def union(fc):
    geoms = [shape(f["geometry"]) for f in fc["features"]]
    return shapely.union_all(geoms) if geoms else shapely.GeometryCollection()


def test_the_whole_world_at_one_scale():
    doc = load_basemap()
    assert doc["window"] == [-180.0, -90.0, 180.0, 90.0]
    land = union(doc["land"])
    x0, y0, x1, y1 = land.bounds
    assert x0 <= -179 and x1 >= 179 and y0 <= -80 and y1 >= 80
    for lon, lat in [
        (29.5, -2.0),
        (103.0, 14.0),
        (69.0, 38.5),
        (-65.0, -17.0),
        (-100.0, 40.0),
        (-5.0, 40.0),
        (-10.0, 10.0),
        (2.0, 48.0),
        (-175.0, 66.0),
        (178.0, -17.8),
    ]:
        assert land.contains(shapely.Point(lon, lat)), (lon, lat)


@pytest.mark.parametrize(
    ("bbox", "countries", "lake_point"),
    [
        ((100.0, 12.0, 106.0, 16.0), {"THA", "KHM", "LAO"}, (104.0, 12.9)),  # Tonle Sap
        ((28.0, -3.0, 30.5, -1.0), {"COD", "RWA", "BDI", "UGA"}, (29.2, -2.0)),  # Kivu
        ((68.0, 36.0, 72.0, 40.0), {"AFG", "TJK", "KGZ", "UZB"}, None),
        ((-70.0, -18.0, -67.0, -15.0), {"PER", "BOL"}, (-69.4, -15.8)),  # Titicaca
    ],
)
def test_land_water_and_countries_around_events(bbox, countries, lake_point):
    fc = basemap_for_extent(bbox)
    ids = {f["properties"].get("id") for f in fc["countries"]["features"]}
    assert countries <= ids
    land = union(fc["land"])
    centre = shapely.Point((bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2)
    assert land.contains(centre), "the map shows land, not a blue void"
    assert land.area > 0.5 * shapely.box(*bbox).area
    assert fc["rivers"]["features"]
    if lake_point:
        assert union(fc["lakes"]).contains(shapely.Point(*lake_point))


def test_clipped_to_the_padded_extent():
    bbox = (28.0, -3.0, 30.5, -1.0)
    fc = basemap_for_extent(bbox)
    window = shapely.box(*padded_extent(bbox)).buffer(1e-3)
    for name in LAYERS:
        for feature in fc[name]["features"]:
            assert window.covers(shape(feature["geometry"])), name
    # outside it, only the coarse context land
    context = union(fc["context"])
    assert not context.intersects(shapely.box(*padded_extent(bbox)).buffer(-1e-3))
    assert context.contains(shapely.Point(-100.0, 40.0))


def test_extent_sizes_stay_small():
    small = json.dumps(basemap_config((68.0, 36.0, 72.0, 40.0)))
    assert len(small) < 600_000
    world = json.dumps(load_basemap())
    assert len(small) < len(world) / 8


def test_antimeridian_extent_is_one_continuous_strip():
    assert extent_boxes((170.0, -20.0, -170.0, -10.0)) == [
        ((170.0, -20.0, 180.0, -10.0), 0.0),
        ((-180.0, -20.0, -170.0, -10.0), 360.0),
    ]
    fc = basemap_for_extent((176.0, -20.0, -178.0, -15.0), margin=1)
    land = union(fc["land"])
    x0, _, x1, _ = land.bounds
    assert x0 >= 175.0 and 180.0 < x1 <= 183.0
    assert land.contains(shapely.Point(178.0, -17.8))  # Viti Levu


def test_padding():
    assert padded_extent((10.0, 0.0, 12.0, 1.0)) == (6.0, -4.0, 16.0, 5.0)
    assert padded_extent((0.0, 80.0, 10.0, 88.0), margin=5) == (-5.0, 75.0, 15.0, 90.0)
    assert padded_extent((-170.0, 0.0, 170.0, 1.0))[0] == -180.0


def test_no_extent_ships_only_the_coarse_world():
    cfg = basemap_config(None)
    assert all(not cfg[name]["features"] for name in LAYERS)
    assert len(json.dumps(cfg["context"])) < 400_000


def test_nothing_is_drawn_across_the_antimeridian():
    """Fiji and Chukotka cross ±180°: no segment may jump across (a band round the globe)."""
    doc = load_basemap()
    for name in LAYERS:
        for feature in doc[name]["features"]:
            geom = shape(feature["geometry"])
            lines = shapely.get_parts(
                shapely.boundary(geom) if geom.geom_type.endswith("Polygon") else geom
            )
            for line in shapely.get_parts(lines):
                xy = shapely.get_coordinates(line)
                jumps = (abs(xy[1:, 0] - xy[:-1, 0]) > 180) & (abs(xy[1:, 1]) < 89)
                assert not jumps.any(), (name, feature["properties"])
    fiji = [f for f in doc["countries"]["features"] if f["properties"].get("id") == "FJI"]
    assert union({"features": fiji}).area < 3.0  # square degrees: islands, not a band
