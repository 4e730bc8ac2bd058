"""Map size and first-render time in headless Chromium (prints, never asserts).

Targets: the seed map ≤ 3 MB and ≤ 1 s; 10,000 synthetic events with the event
panel open ≤ 15 MB and ≤ 3 s; the world corpus (nine borders, tests/data/world).
Run: .venv/bin/python bench/bench_map.py [--events 10000] [--build BUILD_DIR] [--repeats 5]

``--build`` also measures a real ``map.html`` from ``sitmap build seeds --out BUILD_DIR``.
"First render" is navigation start → ``Sitmap.last`` set after every layer, control
(the event panel, open, with its first page of rows) and the final fit, plus the
next animation frame; the best of ``--repeats`` is the figure to compare, the
machine's load average is printed alongside.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))
sys.path.insert(0, str(REPO))  # this checkout's layers, not an installed copy


def _fixture():
    path = REPO / "tests" / "data" / "layers" / "layers_fixture.py"
    spec = importlib.util.spec_from_file_location("layers_fixture", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["layers_fixture"] = module
    spec.loader.exec_module(module)
    return module


def _world():
    path = REPO / "tests" / "data" / "world" / "world_fixture.py"
    spec = importlib.util.spec_from_file_location("world_fixture", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["world_fixture"] = module
    spec.loader.exec_module(module)
    return module


def _boundaries(fx):
    from geo.errors import SitmapError

    try:
        from geo.boundaries import load_boundaries

        return load_boundaries(), "geo.boundaries"
    except (ImportError, SitmapError) as err:
        return fx.make_boundaries(), f"synthetic boundaries ({type(err).__name__}: {err})"


REPEATS = 5


def render_ms(path: Path, repeats: int | None = None) -> list[float]:
    from chromium import browser, open_page, skip_reason

    if skip_reason():
        print(f"   render: skipped ({skip_reason()})")
        return []
    times = []
    with browser() as b:
        for _ in range(repeats or REPEATS):
            with open_page(b, path, width=1200, height=800) as (page, rec, elapsed):
                t0 = time.perf_counter()
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
                times.append(elapsed + time.perf_counter() - t0)
                panel = page.evaluate(
                    "() => { const p = document.querySelector('.sm-panel');"
                    " return p && !p.hidden ? document.querySelectorAll('.sm-list li').length"
                    " : -1; }"
                )
                if panel < 0:
                    print("   WARNING: the event panel is not open")
                if rec.console_errors() or rec.remote_requests():
                    print("   WARNING:", rec.console_errors()[:3], rec.remote_requests()[:3])
    return times


def report_file(name: str, out: Path, size_target: float, time_target: float) -> None:
    size = out.stat().st_size / 1e6
    print(f"   size: {size:.2f} MB (target ≤ {size_target} MB)")
    times = render_ms(out)
    if times:
        print(
            f"   first render (load → drawn) in headless Chromium: "
            f"first {times[0]:.2f} s, best {min(times):.2f} s, "
            f"median {sorted(times)[len(times) // 2]:.2f} s (target ≤ {time_target} s)"
        )


def bench_build_dir(build: Path) -> None:
    html = build / "map.html"
    if not html.exists():
        print(f"== real seed map: {html} not found (run: sitmap build seeds --out {build})")
        return
    print(f"== real seed map: {html}")
    report_file("real seed map", html, 3, 1)


def bench(
    name: str, situation, boundaries, out: Path, size_target: float, time_target: float
) -> None:
    from layers.map import build_map, save_map

    t0 = time.perf_counter()
    m = build_map(situation, boundaries=boundaries)
    save_map(m, out)
    build_s = time.perf_counter() - t0
    print(f"== {name}: {len(situation.events)} events")
    print(f"   build+save: {build_s:.2f} s")
    report_file(name, out, size_target, time_target)


def main() -> int:
    global REPEATS
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--build", type=Path, help="a `sitmap build` output dir (map.html)")
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--skip-synthetic", action="store_true")
    args = parser.parse_args()
    REPEATS = args.repeats
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    if args.build:
        bench_build_dir(args.build)
    if args.skip_synthetic:
        return 0
    fx = _fixture()
    boundaries, source = _boundaries(fx)
    print(f"boundaries: {source}")
    with tempfile.TemporaryDirectory() as tmp:
        bench("seed-like map", fx.make_situation(), boundaries, Path(tmp) / "seed.html", 3, 1)
        bench(
            "world corpus (9 borders, 4 continents)",
            _world().world_situation(),
            boundaries,
            Path(tmp) / "world.html",
            3,
            1,
        )
        bench(
            "synthetic map with the event panel open",
            fx.make_large_situation(args.events),
            boundaries,
            Path(tmp) / "large.html",
            15,
            3,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
