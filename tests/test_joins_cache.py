"""The per-point join cache returns exactly what join_points returns."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.boundaries import Boundaries, load_boundaries
from geo.errors import InputError
from geo.joins import PointJoinCache, cached_join, join_points


@pytest.fixture(scope="module")
def boundaries() -> Boundaries:
    return load_boundaries()


# Points around the borders of Central Asia, plus a few far away and at sea.
REGION = st.tuples(st.floats(34.0, 42.0), st.floats(64.0, 76.0))
ANYWHERE = st.tuples(st.floats(-89.0, 89.0), st.floats(-179.0, 179.0))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    points=st.lists(st.one_of(REGION, REGION, ANYWHERE), min_size=1, max_size=12),
    repeat=st.integers(0, 3),
)
def test_cache_matches_uncached_join(
    boundaries: Boundaries, points: list[tuple[float, float]], repeat: int
) -> None:
    cache = PointJoinCache(boundaries, maxsize=8)
    # repeated points, and calls that mix cached and new points
    calls = [points, points[::-1], points[: repeat + 1] * 2]
    for call in calls:
        lats, lons = [p[0] for p in call], [p[1] for p in call]
        got = cache(lats, lons)
        want = join_points(lats, lons, boundaries=boundaries)
        pd.testing.assert_frame_equal(got, want)
        assert got.dtypes.tolist() == want.dtypes.tolist()
        columns = cache.columns(lats, lons)
        assert list(columns) == list(want.columns)
        for name in ("country_code", "admin1", "admin2", "border"):
            assert columns[name] == want[name].tolist()
        pd.testing.assert_series_equal(
            pd.Series(columns["border_distance_km"], dtype=float),
            want["border_distance_km"],
            check_names=False,
        )
    assert len(cache) <= 8


def test_cache_remembers_each_point_once(boundaries: Boundaries) -> None:
    cache = PointJoinCache(boundaries)
    frame = cache([39.95, 36.71, 39.95], [70.53, 67.11, 70.53])
    assert len(cache) == 2
    assert frame["country_code"].tolist() == ["KG", "AF", "KG"]
    assert frame["border"].iloc[0] == frame["border"].iloc[2] == "KGZ–TJK"


def test_cache_rejects_what_join_points_rejects(boundaries: Boundaries) -> None:
    cache = PointJoinCache(boundaries)
    with pytest.raises(InputError):
        cache([91.0], [0.0])
    with pytest.raises(InputError):
        cache([1.0, 2.0], [0.0])
    assert len(cache) == 0


def test_cached_join_is_one_per_boundaries(boundaries: Boundaries) -> None:
    assert cached_join(boundaries) is cached_join(boundaries)


def test_a_large_batch_gives_each_point_its_own_row(boundaries: Boundaries) -> None:
    """Prefetching many articles' points at once (the large-batch code path) changes nothing."""
    import random

    rng = random.Random(3)
    lats = [rng.uniform(34.0, 42.0) for _ in range(150)] + [39.95, 0.0]
    lons = [rng.uniform(64.0, 76.0) for _ in range(150)] + [70.53, 0.0]
    cache = PointJoinCache(boundaries)
    cache.prefetch(lats, lons)
    assert len(cache) == len(lats)
    got = cache(lats, lons)
    alone = pd.concat(
        [join_points([la], [lo], boundaries=boundaries) for la, lo in zip(lats, lons, strict=True)],
        ignore_index=True,
    )
    pd.testing.assert_frame_equal(got, alone)
