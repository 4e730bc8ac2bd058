"""Point joins: known places, validation, distance against brute force, properties."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Geod

from geo.boundaries import Boundaries, load_boundaries
from geo.errors import InputError
from geo.joins import COLUMNS, join_frame, join_points, where

GEOD = Geod(ellps="WGS84")
TORT_KOCHO = (39.95, 70.53)


@pytest.fixture(scope="session")
def boundaries() -> Boundaries:
    return load_boundaries()


def brute_force_km(boundaries: Boundaries, dyad: str, lat: float, lon: float) -> float:
    """Min geodesic distance from the point to a dyad line densified to ~50 m."""
    line = boundaries.border(dyad).geometry
    dense = shapely.segmentize(line, 0.0005)
    xy = shapely.get_coordinates(dense)
    _, _, metres = GEOD.inv(np.full(len(xy), lon), np.full(len(xy), lat), xy[:, 0], xy[:, 1])
    return float(np.min(metres)) / 1000


# --------------------------------------------------------------------------- known points


@pytest.mark.parametrize(
    ("name", "lat", "lon", "country", "admin1"),
    [
        ("Dushanbe", 38.5598, 68.7870, "TJ", "Dushanbe"),
        ("Kabul", 34.5281, 69.1723, "AF", "Kabul"),
        ("Osh", 40.5283, 72.7985, "KG", "Osh"),
        ("Mazar-i-Sharif", 36.7090, 67.1109, "AF", "Balkh"),
        ("Khorog", 37.4897, 71.5530, "TJ", "Gorno-Badakhshan"),
        ("Tort-Kocho", *TORT_KOCHO, "KG", "Batken"),
        ("Vorukh", 39.85, 70.58, "TJ", None),
        ("Isfara", 40.126, 70.625, "TJ", "Sughd"),
        ("Bazarak (Panjshir)", 35.31, 69.52, "AF", "Panjshir"),
    ],
)
def test_known_points(
    boundaries: Boundaries, name: str, lat: float, lon: float, country: str, admin1: str | None
) -> None:
    got = where(lat, lon, boundaries=boundaries)
    assert got["country_code"] == country, name
    if admin1 is not None:
        assert got["admin1"] == admin1, name


def test_tort_kocho_is_next_to_the_kyrgyz_tajik_border(boundaries: Boundaries) -> None:
    got = where(*TORT_KOCHO, boundaries=boundaries)
    assert got["border"] == "KGZ–TJK"
    assert 0 <= got["border_distance_km"] < 5
    assert set(got) == {"country_code", "admin1", "admin2", "border", "border_distance_km"}


def test_districts_in_the_ferghana_valley(boundaries: Boundaries) -> None:
    frame = join_points([39.95, 40.10], [70.53, 70.63], boundaries=boundaries)
    assert frame["admin2"].notna().all()
    assert frame.loc[0, "country_code"] == "KG"


def test_point_at_sea_has_no_country(boundaries: Boundaries) -> None:
    got = where(0.0, -30.0, boundaries=boundaries)
    assert got["country_code"] is None
    assert got["admin1"] is None and got["admin2"] is None
    assert got["border"] is not None and got["border_distance_km"] > 100


def test_frame_shape_and_order(boundaries: Boundaries) -> None:
    lat = [34.5281, 0.0, 38.5598]
    lon = [69.1723, -30.0, 68.7870]
    frame = join_points(lat, lon, boundaries=boundaries)
    assert list(frame.columns) == list(COLUMNS)
    assert frame["country_code"].tolist() == ["AF", None, "TJ"]
    assert frame["border_distance_km"].dtype == float


def test_empty_input(boundaries: Boundaries) -> None:
    frame = join_points([], [], boundaries=boundaries)
    assert list(frame.columns) == list(COLUMNS) and len(frame) == 0


def test_join_frame_keeps_index_and_columns(boundaries: Boundaries) -> None:
    pts = gpd.GeoDataFrame(
        {"label": ["kabul", "osh"]},
        geometry=gpd.points_from_xy([69.1723, 72.7985], [34.5281, 40.5283]),
        crs=4326,
        index=[10, 20],
    )
    out = join_frame(pts, boundaries=boundaries)
    assert list(out.index) == [10, 20]
    assert out["label"].tolist() == ["kabul", "osh"]
    assert out["country_code"].tolist() == ["AF", "KG"]
    assert "country_code" not in pts.columns  # input not mutated


def test_join_frame_reprojects(boundaries: Boundaries) -> None:
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy([69.1723], [34.5281]), crs=4326)
    out = join_frame(pts.to_crs(3857), boundaries=boundaries)
    assert out.loc[0, "country_code"] == "AF"


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [
        ([1.0, 2.0], [1.0], "2 latitudes but 1 longitudes"),
        ([math.nan], [1.0], "latitude at position 0 is not a finite"),
        ([1.0], [math.inf], "longitude at position 0 is not a finite"),
        ([0.0, 91.0], [0.0, 0.0], "latitude at position 1 must be between"),
        ([0.0], [-180.5], "longitude at position 0 must be between"),
        (["north"], [0.0], "must be numbers"),
        ([[1.0, 2.0]], [[1.0, 2.0]], "flat sequences"),
    ],
)
def test_join_points_rejects_bad_input(
    boundaries: Boundaries, lat: object, lon: object, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        join_points(lat, lon, boundaries=boundaries)  # type: ignore[arg-type]


@pytest.mark.parametrize(("lat", "lon"), [(91, 0), (0, 181), ("x", 0), (math.nan, 0), (True, 0)])
def test_where_rejects_bad_input(boundaries: Boundaries, lat: object, lon: object) -> None:
    with pytest.raises(InputError):
        where(lat, lon, boundaries=boundaries)


def test_join_frame_rejects_non_points(boundaries: Boundaries) -> None:
    frame = gpd.GeoDataFrame(geometry=[shapely.box(0, 0, 1, 1)], crs=4326)
    with pytest.raises(InputError, match="a point in every row"):
        join_frame(frame, boundaries=boundaries)
    with pytest.raises(InputError, match="GeoDataFrame"):
        join_frame(pd.DataFrame({"a": [1]}), boundaries=boundaries)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- distances


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        TORT_KOCHO,
        (39.85, 70.58),  # Vorukh
        (37.4897, 71.5530),  # Khorog
        (38.5598, 68.7870),  # Dushanbe
        (36.7090, 67.1109),  # Mazar-i-Sharif
        (40.5283, 72.7985),  # Osh
        (41.3, 69.3),  # Tashkent
        (37.0, 65.0),  # northern Afghanistan
    ],
)
def test_distance_matches_brute_force(boundaries: Boundaries, lat: float, lon: float) -> None:
    got = where(lat, lon, boundaries=boundaries)
    exact = brute_force_km(boundaries, got["border"], lat, lon)
    assert got["border_distance_km"] == pytest.approx(exact, abs=0.5)


def test_nearest_dyad_matches_brute_force(boundaries: Boundaries) -> None:
    # Among the Central Asian dyads, the chosen one is the nearest by brute force.
    dyads = ["AFG–TJK", "KGZ–TJK", "KGZ–UZB", "TJK–UZB", "AFG–UZB", "AFG–TKM", "TKM–UZB"]
    for lat, lon in [(40.2, 70.9), (37.3, 67.5), (38.9, 68.0), (40.9, 72.2)]:
        got = where(lat, lon, boundaries=boundaries)
        best = min(dyads, key=lambda d: brute_force_km(boundaries, d, lat, lon))
        assert got["border"] == best, (lat, lon)


# --------------------------------------------------------------------------- properties

coordinate_lists = st.lists(
    st.tuples(
        st.floats(min_value=-90, max_value=90, allow_nan=False),
        st.floats(min_value=-180, max_value=180, allow_nan=False),
    ),
    max_size=30,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(coordinate_lists)
def test_length_order_and_distances(
    boundaries: Boundaries, pairs: list[tuple[float, float]]
) -> None:
    lat = [p[0] for p in pairs]
    lon = [p[1] for p in pairs]
    frame = join_points(lat, lon, boundaries=boundaries)
    assert len(frame) == len(pairs)
    assert (frame["border_distance_km"] >= 0).all()
    assert frame["border"].notna().all()
    backwards = join_points(lat[::-1], lon[::-1], boundaries=boundaries)
    pd.testing.assert_frame_equal(
        backwards.iloc[::-1].reset_index(drop=True), frame, check_exact=False
    )


def test_worldwide_nearest_border_matches_brute_force(boundaries: Boundaries) -> None:
    # Far-away points take the coarse-then-fine path; check it against every dyad.
    lines = shapely.segmentize(boundaries.borders.geometry.to_numpy(), 0.01)
    xy = shapely.get_coordinates(lines)
    rng = np.random.default_rng(7)
    lat = np.degrees(np.arcsin(rng.uniform(-1, 1, 5)))
    lon = rng.uniform(-180, 180, 5)
    frame = join_points(lat, lon, boundaries=boundaries)
    for i in range(len(lat)):
        _, _, metres = GEOD.inv(
            np.full(len(xy), lon[i]), np.full(len(xy), lat[i]), xy[:, 0], xy[:, 1]
        )
        best = int(np.argmin(metres))
        assert frame.loc[i, "border_distance_km"] == pytest.approx(metres[best] / 1000, abs=0.5)
        if metres[best] / 1000 < frame.loc[i, "border_distance_km"] - 0.01:
            pytest.fail(f"point {i}: brute force found a nearer border")
