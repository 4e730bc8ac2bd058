"""Control timelines over many events: time of ``control_timeline`` and the control layer.

Prints, never asserts. Uses the synthetic situation of the layer tests
(``tests/data/layers/layers_fixture.py``) and the shipped boundaries.
Run: .venv/bin/python bench/bench_control.py [--events 10000]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _fixture():
    path = REPO / "tests" / "data" / "layers" / "layers_fixture.py"
    spec = importlib.util.spec_from_file_location("layers_fixture", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["layers_fixture"] = module
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    args = parser.parse_args()
    from geo.boundaries import load_boundaries
    from geo.control import control_timeline
    from layers import control

    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    situation = _fixture().make_large_situation(args.events)
    boundaries = load_boundaries()
    t0 = time.perf_counter()
    records = control_timeline(situation)
    t1 = time.perf_counter()
    gdf = control.build(situation, boundaries, records)
    t2 = time.perf_counter()
    states = sum(len(r.states) for r in records)
    print(f"{len(situation.events)} events -> {len(records)} objects, {states} states")
    print(f"control_timeline: {t1 - t0:.2f} s; control layer: {t2 - t1:.2f} s ({len(gdf)} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
