"""Time geo.joins.join_points on random points; print figures, assert nothing.

Usage: .venv/bin/python bench/bench_joins.py [--points 100000] [--seed 1]

Reports, for points drawn uniformly in the Central Asia box and worldwide
(uniform on the sphere): time to load the boundary files, time to build the
border search index, join time (first and warm run), and peak memory
(tracemalloc for Python allocations, ru_maxrss for the whole process).
"""

from __future__ import annotations

import argparse
import resource
import time
import tracemalloc

import numpy as np

from geo.boundaries import load_boundaries
from geo.joins import border_index, join_points

CENTRAL_ASIA = (60.0, 35.0, 76.0, 42.0)  # lon_min, lat_min, lon_max, lat_max
TARGET_SECONDS = 5.0


def random_points(rng: np.random.Generator, n: int, box: tuple[float, ...] | None):
    if box is None:
        lon = rng.uniform(-180, 180, n)
        lat = np.degrees(np.arcsin(rng.uniform(-1, 1, n)))
    else:
        lon = rng.uniform(box[0], box[2], n)
        lat = rng.uniform(box[1], box[3], n)
    return lat, lon


def timed(label: str, func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    seconds = time.perf_counter() - start
    print(f"{label:<42} {seconds:8.2f} s")
    return result, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)

    tracemalloc.start()
    boundaries, _ = timed("load_boundaries()", load_boundaries)
    timed("border_index() (built once, cached)", border_index, boundaries)
    for name, box in (("Central Asia box", CENTRAL_ASIA), ("worldwide", None)):
        lat, lon = random_points(rng, args.points, box)
        tracemalloc.reset_peak()
        frame, first = timed(f"join_points {args.points:,} pts, {name}", join_points, lat, lon)
        _, warm = timed("  again (warm)", join_points, lat, lon)
        _, peak = tracemalloc.get_traced_memory()
        on_land = frame["country_code"].notna().mean()
        verdict = "within" if max(first, warm) <= TARGET_SECONDS else "OVER"
        print(
            f"  {args.points / warm:,.0f} points/s warm; "
            f"{verdict} the {TARGET_SECONDS:g} s target; "
            f"peak traced memory {peak / 2**20:,.0f} MiB; {on_land:.0%} on land; "
            f"median border distance {frame['border_distance_km'].median():,.1f} km"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak resident memory of the process':<42} {rss:8.0f} MiB")


if __name__ == "__main__":
    main()
