"""Map size and first-render time in headless Chromium (prints, never asserts).

Targets: the seed-like map ≤ 3 MB and ≤ 1 s; 10,000 synthetic events ≤ 15 MB and ≤ 3 s.
Run: .venv/bin/python bench/bench_map.py [--events 10000]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))


def _fixture():
    path = REPO / "tests" / "data" / "layers" / "layers_fixture.py"
    spec = importlib.util.spec_from_file_location("layers_fixture", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["layers_fixture"] = module
    spec.loader.exec_module(module)
    return module


def _boundaries(fx):
    from geo.errors import SitmapError

    try:
        from geo.boundaries import load_boundaries

        return load_boundaries(), "geo.boundaries"
    except (ImportError, SitmapError) as err:
        return fx.make_boundaries(), f"synthetic boundaries ({type(err).__name__}: {err})"


def render_ms(path: Path, repeats: int = 3) -> list[float]:
    from chromium import browser, open_page, skip_reason

    if skip_reason():
        print(f"   render: skipped ({skip_reason()})")
        return []
    times = []
    with browser() as b:
        for _ in range(repeats):
            with open_page(b, path) as (page, rec, elapsed):
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
                times.append(elapsed)
                if rec.console_errors() or rec.remote_requests():
                    print("   WARNING:", rec.console_errors()[:3], rec.remote_requests()[:3])
    return times


def bench(
    name: str, situation, boundaries, out: Path, size_target: float, time_target: float
) -> None:
    from layers.map import build_map, save_map

    t0 = time.perf_counter()
    m = build_map(situation, boundaries=boundaries)
    save_map(m, out)
    build_s = time.perf_counter() - t0
    size = out.stat().st_size / 1e6
    print(f"== {name}: {len(situation.events)} events")
    print(f"   build+save: {build_s:.2f} s")
    print(f"   size: {size:.2f} MB (target ≤ {size_target} MB)")
    times = render_ms(out)
    if times:
        print(
            f"   first render (load → drawn) in headless Chromium: "
            f"first {times[0]:.2f} s, best {min(times):.2f} s (target ≤ {time_target} s)"
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    args = parser.parse_args()
    fx = _fixture()
    boundaries, source = _boundaries(fx)
    print(f"boundaries: {source}")
    with tempfile.TemporaryDirectory() as tmp:
        bench("seed-like map", fx.make_situation(), boundaries, Path(tmp) / "seed.html", 3, 1)
        bench(
            "synthetic map",
            fx.make_large_situation(args.events),
            boundaries,
            Path(tmp) / "large.html",
            15,
            3,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
