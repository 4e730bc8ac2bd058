"""Map size and first-render time in headless Chromium (prints, never asserts).

Targets: the seed map ≤ 3 MB and ≤ 1 s; 10,000 synthetic events with the event
panel open ≤ 15 MB and ≤ 3 s; 100,000 events (#15): built in ≤ 5 s with ≤ 1 GB,
≤ 10 MB, first render ≤ 3 s with the panel open, no main-thread task over 200 ms
while zooming or panning; the world corpus (nine borders, tests/data/world).
Run: .venv/bin/python bench/bench_map.py [--events 10000 100000] [--build BUILD_DIR]
[--repeats 5] [--only large] [--html FILE ...] [--child-build N OUT [--warm] [--stages]]

``--build`` also measures a real ``map.html`` from ``sitmap build seeds --out BUILD_DIR``.
"First render" is navigation start → ``Sitmap.last`` set after every layer, control
(the event panel, open, with its first page of rows) and the final fit, plus the
next animation frame; the best of ``--repeats`` is the figure to compare, the
machine's load average is printed alongside.

Long tasks (main-thread tasks over 50 ms, Chromium's ``PerformanceObserver``
'longtask' entries, recorded from before the page's first script) are reported
for the load and for a fixed sequence of zooms and pans made after it through
Leaflet's API (animated, as a wheel or a drag would be); the #15 figure is the
longest task while zooming or panning. The synthetic map's build (layers, map,
HTML) runs in a child process so that its peak resident memory is its own.
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

#: Records every long task from before the page's own scripts run.
LONGTASKS = """
window.__longtasks = [];
try {
  new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (e) { window.__longtasks.push([e.startTime, e.duration]); });
  }).observe({ type: 'longtask', buffered: true });
} catch (err) { window.__longtasks = null; }
"""

#: Zooms and pans through Leaflet's API; resolves with the long tasks they caused.
INTERACT = """
async () => {
  const map = Sitmap.last.map, z = map.getZoom(), c = map.getCenter();
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  async function settle() {  // until 600 ms pass with no long task (at most 8 s)
    const t0 = performance.now();
    for (;;) {
      await frame(); await sleep(150);
      const lt = window.__longtasks, last = lt.length ? lt[lt.length - 1] : null;
      const quietSince = last ? Math.max(0, performance.now() - (last[0] + last[1])) : 1e9;
      if (quietSince > 600 || performance.now() - t0 > 8000) { return; }
    }
  }
  const acts = [
    () => map.setZoom(z + 1), () => map.setZoom(z + 2), () => map.panBy([300, 150]),
    () => map.panBy([-500, -100]), () => map.setZoom(z + 3), () => map.panBy([200, 300]),
    () => map.setZoom(z + 1), () => map.setZoom(z), () => map.setZoom(z - 1),
    () => map.panBy([400, 0]), () => map.setView(c, z),
  ];
  await settle();
  const start = performance.now();
  for (const act of acts) {
    const moved = new Promise(r => { map.once('moveend', r); setTimeout(r, 3000); });
    act();
    await moved;
    await settle();
  }
  return { tasks: window.__longtasks.filter(t => t[0] >= start), ms: performance.now() - start };
}
"""


#: True once the event panel (when the map has one) shows its count and first rows.
PANEL_DRAWN = """
() => { const p = document.querySelector('.sm-panel');
  if (!p) { return !!(window.Sitmap && window.Sitmap.last && window.Sitmap.last.ready); }
  const c = p.querySelector('.sm-panel-count');
  return !!(c && c.dataset.shown != null); }
"""


def _tasks(tasks: list[list[float]]) -> str:
    if not tasks:
        return "none over 50 ms"
    durs = sorted((d for _, d in tasks), reverse=True)
    return (
        f"{len(durs)} over 50 ms, longest {durs[0]:.0f} ms, "
        f"{sum(d > 200 for d in durs)} over 200 ms, total {sum(durs) / 1000:.2f} s"
    )


def render_ms(path: Path, repeats: int | None = None, interact: bool = False) -> list[float]:
    from chromium import browser, open_page, skip_reason

    if skip_reason():
        print(f"   render: skipped ({skip_reason()})")
        return []
    times = []
    with browser() as b:
        for i in range(repeats or REPEATS):
            with open_page(
                b, path, width=1200, height=800, init_script=LONGTASKS, timeout_ms=180_000
            ) as (
                page,
                rec,
                elapsed,
            ):
                t0 = time.perf_counter()
                # the panel's count and first rows are part of the first render, whichever
                # task draws them
                page.wait_for_function(PANEL_DRAWN)
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
                times.append(elapsed + time.perf_counter() - t0)
                if i == 0:
                    load = page.evaluate("() => window.__longtasks")
                    if load is None:
                        print("   long tasks: not supported by this browser")
                    else:
                        print(f"   long tasks while loading (first run): {_tasks(load)}")
                        if interact:
                            got = page.evaluate(INTERACT)
                            print(
                                "   long tasks while zooming and panning (11 moves, "
                                f"{got['ms'] / 1000:.1f} s): {_tasks(got['tasks'])} "
                                "(target: none over 200 ms)"
                            )
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


def report_file(
    name: str, out: Path, size_target: float, time_target: float, interact: bool = False
) -> None:
    size = out.stat().st_size / 1e6
    print(f"   size: {size:.2f} MB (target ≤ {size_target} MB)")
    times = render_ms(out, interact=interact)
    if times:
        print(
            f"   first render (load → drawn) in headless Chromium: "
            f"first {times[0]:.2f} s, best {min(times):.2f} s, "
            f"median {sorted(times)[len(times) // 2]:.2f} s (target ≤ {time_target} s)"
        )
    print(f"   load average now: {_load()}")


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


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


#: What ``--stages`` times inside ``build_map`` + ``save_map`` (module, attribute, label);
#: nested stages (indented) are part of the one above them.
STAGES = (
    ("layers.map", "build_layers", "layers (frames)"),
    ("layers.control", "build", "  control layer"),
    ("layers.control", "timeline", "    geo.control.control_timeline"),
    ("layers.incidents", "build", "  incidents"),
    ("layers.movements", "build", "  movements"),
    ("layers.map", "_theatre_borders", "  borders around each theatre"),
    ("layers.borders", "build", "    layers.borders.build"),
    ("layers.map", "_event_clusters", "    theatre clusters (scipy's k-d tree)"),
    ("layers.map", "_view", "view and theatres"),
    ("layers.map", "_event_specs", "event layers as columns, popup table"),
    ("layers.popups", "popup_table", "  popup table"),
    ("layers.map", "to_columns", "  frames read back as columns"),
    ("layers.map", "_control_spec", "control layer as columns"),
    ("layers.map", "basemap_config", "basemap"),
    ("layers.map", "map_labels", "labels"),
    ("layers.controls", "SituationLayers.__init__", "packed config (JSON and gzip)"),
    ("layers.map", "render_html", "page render"),
)


def _timed_stages() -> dict[str, float]:
    """Wrap the functions of :data:`STAGES` so that each adds its CPU seconds to the answer."""
    import functools
    import importlib

    spent: dict[str, float] = {}
    for module, path, label in STAGES:
        owner = importlib.import_module(module)
        *parents, name = path.split(".")
        for part in parents:
            owner = getattr(owner, part)
        real = getattr(owner, name)

        def timed(*args, _real=real, _label=label, **kwargs):
            t0 = time.process_time()
            try:
                return _real(*args, **kwargs)
            finally:
                spent[_label] = spent.get(_label, 0.0) + time.process_time() - t0

        setattr(owner, name, functools.wraps(real)(timed))
    spent.update({label: 0.0 for _, _, label in STAGES})
    return spent


def _child_build(n: int, out: str, warm: bool = False, stages: bool = False) -> None:
    """In a child process: build and save the synthetic map of *n* events, print figures.

    The clock covers ``build_map`` and ``save_map`` only (the synthetic situation is
    made before it). What a first build in a process loads on the way (the admin-0,
    admin-1 and border layers, the basemap, imports, word tables) is inside it: that is
    the figure. With *warm*, the same build is timed again afterwards, as a second
    map of other events in the same process would be (on its own line, after the figure).
    """
    import resource

    fx = _fixture()
    boundaries, source = _boundaries(fx)
    if hasattr(boundaries, "admin2"):
        len(boundaries.admin2)  # lazy boundaries: loaded before the clock starts
    situation = fx.make_large_situation(n)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    spent = _timed_stages() if stages else None
    from layers.map import build_map, save_map

    cpu0, t0 = time.process_time(), time.perf_counter()
    save_map(build_map(situation, boundaries=boundaries), out)
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"   boundaries: {source}")
    print(
        f"   build+save: {wall:.2f} s wall, {cpu:.2f} s CPU (target ≤ 5 s); "
        f"peak RSS {peak:.0f} MiB, {base:.0f} MiB before the build "
        f"(boundaries and the situation loaded; target ≤ 1 GB); load average {_load()}"
    )
    if spent is not None:
        print("   CPU seconds by stage (indented: part of the stage above):")
        for _, _, label in STAGES:
            print(f"     {label:44s} {spent[label]:6.2f}")
    if warm:
        # a new situation of the same events: nothing computed from the first one is reused
        # (the control timeline is remembered per situation object), only what was loaded
        del situation
        situation = fx.make_large_situation(n)
        cpu0, t0 = time.process_time(), time.perf_counter()
        save_map(build_map(situation, boundaries=boundaries), out)
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        print(
            f"   the same events again, as a new situation, in this process (what a first "
            f"build loads is loaded): {wall:.2f} s wall, {cpu:.2f} s CPU"
        )


def bench_large(n: int, out: Path, size_target: float, time_target: float) -> None:
    import subprocess

    print(f"== synthetic map with the event panel open: {n} events")
    sys.stdout.flush()
    subprocess.run(
        [sys.executable, __file__, "--child-build", str(n), str(out)], check=True, cwd=REPO
    )
    report_file(f"{n} events", out, size_target, time_target, interact=True)


def main() -> int:
    global REPEATS
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, nargs="+", default=[10_000])
    parser.add_argument("--build", type=Path, help="a `sitmap build` output dir (map.html)")
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument(
        "--only", choices=("large",), help="only the synthetic maps of --events events"
    )
    parser.add_argument(
        "--html", type=Path, nargs="+", help="measure these map files (load, zoom and pan) only"
    )
    parser.add_argument(
        "--warm",
        action="store_true",
        help="with --child-build: also time the same build again in the same process",
    )
    parser.add_argument(
        "--child-build",
        nargs=2,
        metavar=("N", "OUT"),
        help="only build the synthetic map of N events into OUT and print its build figures",
    )
    parser.add_argument(
        "--stages",
        action="store_true",
        help="with --child-build: print the CPU seconds of each stage of the build",
    )
    args = parser.parse_args()
    if args.child_build:
        _child_build(
            int(args.child_build[0]), args.child_build[1], warm=args.warm, stages=args.stages
        )
        return 0
    REPEATS = args.repeats
    print(f"load average: {_load()} on {os.cpu_count()} CPUs")
    if args.html:
        for path in args.html:
            print(f"== {path}")
            report_file(str(path), path, 10, 3, interact=True)
        return 0
    if args.build:
        bench_build_dir(args.build)
    if args.skip_synthetic:
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        if not args.only:
            fx = _fixture()
            boundaries, source = _boundaries(fx)
            print(f"boundaries: {source}")
            bench("seed-like map", fx.make_situation(), boundaries, Path(tmp) / "seed.html", 3, 1)
            bench(
                "world corpus (9 borders, 4 continents)",
                _world().world_situation(),
                boundaries,
                Path(tmp) / "world.html",
                3,
                1,
            )
        for n in args.events:
            big = n >= 50_000
            bench_large(n, Path(tmp) / f"large-{n}.html", 10 if big else 15, 3)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
