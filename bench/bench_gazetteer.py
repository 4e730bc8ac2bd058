"""Measure the gazetteer: cold build, warm load, lookups per second, fuzzy and nearest.

Prints figures; asserts nothing. Targets: cold build <= 20 s, warm load
<= 1 s, >= 50,000 lookups/s on a mix of hits and misses.

    .venv/bin/python bench/bench_gazetteer.py            # real data, temporary cache
    .venv/bin/python bench/bench_gazetteer.py --rounds 3

The cache goes to a fresh temporary directory, so the first load is a cold
build. Wall-clock and CPU times are both printed: on a shared machine the
CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from geo.gazetteer import _load, gazetteer_cache_path, load_gazetteer
from geo.names import fold
from geo.settings import Settings

HITS = [
    "Kunduz", "Balkh", "Batken", "Isfana", "Mazar-i-Sharif", "Moscow", "Dushanbe", "Khujand",
    "Tajikistan", "Kyrgyz Republic", "U.S.", "Osh", "Isfara", "Vorukh", "Tort-Kocho",
    "Торт-Кочо", "Kabul", "Herat", "Termez", "Balkh Province", "Kaldar", "Jalal-Abad",
    "Bishkek", "Panj", "Kulob", "Khorog", "Shurobod", "Sher Khan Bandar", "Hairatan",
]  # fmt: skip
MISSES = [
    "Secretary General", "Foreign Ministry", "Wednesday", "Zzyzx Qqq", "the border",
    "Collective Security Treaty", "spokeswoman", "RIA Novosti", "Taliban", "reservists",
]  # fmt: skip


def timed(fn, *args, **kwargs):
    w, c = time.perf_counter(), time.process_time()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - w, time.process_time() - c


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1, help="warm-load repetitions")
    parser.add_argument("--lookups", type=int, default=200_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sitmap-bench-") as tmp:
        settings = Settings(cache_dir=Path(tmp))
        path = gazetteer_cache_path(settings)
        gaz, wall, cpu = timed(load_gazetteer, settings)
        size = path.stat().st_size / 1e6
        print(f"cold build+save : {wall:6.2f} s wall  {cpu:6.2f} s cpu   ({size:.1f} MB cache)")
        print(f"  {len(gaz):,} places, stats: {gaz.stats}")
        for _ in range(args.rounds):
            _load.cache_clear()
            gaz, wall, cpu = timed(load_gazetteer, settings)
            print(f"warm load       : {wall:6.2f} s wall  {cpu:6.2f} s cpu")
        _, wall, _ = timed(load_gazetteer, settings)
        print(f"memoised load   : {wall * 1000:6.1f} ms (data-version check)")

        rng = random.Random(0)
        queries = [rng.choice(HITS if rng.random() < 0.7 else MISSES) for _ in range(1000)]
        for q in set(queries):  # warm the per-place cache as a long run would
            gaz.lookup(q, fuzzy=False)
        n = args.lookups
        batch = (queries * (n // len(queries) + 1))[:n]
        _, wall, cpu = timed(lambda: [gaz.lookup(q, fuzzy=False) for q in batch])
        print(f"lookup (70% hits, fuzzy off) : {n / wall:>9,.0f} /s wall {n / cpu:>9,.0f} /s cpu")
        folded = [fold(q) for q in batch]
        _, wall, cpu = timed(lambda: [gaz.lookup_folded(k, limit=25) for k in folded])
        print(f"lookup_folded                : {n / wall:>9,.0f} /s wall {n / cpu:>9,.0f} /s cpu")

        typos = ["Tajikastan", "Kyrgystan", "Kunduzz", "Mazar-e-Sharef", "Isfanna", "Batkenn",
                 "Chukchuk", "Kaldor", "Vorukhh", "Afganistan"]  # fmt: skip
        gaz.lookup("Tajikastan")  # first fuzzy call builds the length index
        _, wall, _ = timed(lambda: [gaz.lookup(t) for t in typos * 5])
        print(f"lookup with fuzzy fallback   : {wall / 50 * 1000:6.1f} ms per query (typos/misses)")
        _, wall, _ = timed(lambda: [gaz.suggest(t) for t in typos])
        print(f"suggest                      : {wall / 10 * 1000:6.1f} ms per query")

        pts = [(rng.uniform(36, 42), rng.uniform(66, 76)) for _ in range(2000)]
        gaz.nearest(*pts[0])
        _, wall, _ = timed(lambda: [gaz.nearest(la, lo, k=5) for la, lo in pts])
        print(f"nearest (k=5, Central Asia)  : {len(pts) / wall:>9,.0f} /s")
        wpts = [(rng.uniform(-60, 70), rng.uniform(-180, 180)) for _ in range(500)]
        _, wall, _ = timed(lambda: [gaz.nearest(la, lo) for la, lo in wpts])
        print(f"nearest (k=1, whole world)   : {len(wpts) / wall:>9,.0f} /s")


if __name__ == "__main__":
    main()
