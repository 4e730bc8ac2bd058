"""Throughput of the whole pipeline at 1 and 2 Dask workers, and scaling efficiency.

Builds a synthetic corpus of N articles (default 5,000) by varying the seed
articles (place names swapped among border-zone places, dates shifted, so the
article cache cannot help), runs ``build_situation`` once in-process
(workers=1) and once on a two-worker ``LocalCluster``, and prints articles/s,
words/s and efficiency = (rate at 2 workers) / (2 × rate at 1 worker).

    .venv/bin/python bench/bench_scale.py [--articles 5000] [--workers 1 2]

With ``--workers 1`` alone it is the per-core speed benchmark of geoparse +
events (use ``--articles 400`` for a corpus of about 1.1 MB); it also times
the cross-article ``merge_events`` on its own.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import tempfile
import time
from pathlib import Path

from geo.articles import read_articles
from geo.events import merge_events
from geo.pipeline import build_situation, load_resources
from geo.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SWAPS = ["Khorog", "Vorukh", "Isfara", "Kunduz", "Termez", "Osh", "Batken", "Panj", "Kulob",
         "Ishkashim", "Darvoz", "Shahritus", "Sokh", "Andkhoy", "Faizabad", "Imam Sahib"]
NAMES = re.compile(r"\b(Tort-Kocho|Chir-Dobo|Kunduz|Balkh|Mazar-i-Sharif|Kaldor|Moscow|Isfana)\b")


def make_corpus(n: int, path: Path, seed: int = 7) -> int:
    rng = random.Random(seed)
    bases = read_articles([REPO / "seeds"]).articles
    words = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            base = bases[i % len(bases)]
            text = NAMES.sub(lambda m: rng.choice(SWAPS), base.text)
            place, day = rng.choice(SWAPS), rng.randint(1, 28)
            text += f"\n\nDispatch {i}: reported from {place} on day {day}."
            words += len(text.split())
            published = base.published.replace(day=rng.randint(1, 28)) if base.published else None
            fh.write(json.dumps({"id": f"a{i}", "text": text, "outlet": base.outlet,
                                 "published": published.isoformat() if published else None})
                     + "\n")
    return words


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    settings = Settings.from_env()
    resources = load_resources(settings)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        words = make_corpus(args.articles, corpus)
        print(f"corpus: {args.articles} articles, {words:,} words, "
              f"{corpus.stat().st_size / 1e6:.1f} MB")
        rates = {}
        for workers in args.workers:
            start, cpu = time.perf_counter(), time.process_time()
            result = build_situation([corpus], settings=settings, resources=resources,
                                     workers=workers)
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
            rates[workers] = args.articles / elapsed
            line = (f"workers={workers}: {elapsed:.1f} s, {rates[workers]:.1f} articles/s, "
                    f"{words / elapsed:,.0f} words/s wall, {len(result.situation.events)} events")
            if workers == 1:
                line += f"; {words / cpu:,.0f} words/s per core (CPU time)"
            print(line)
            if workers == 1:
                # The cross-article merge alone, again (it is part of the run above).
                records = [e for r in result.results for e in r.events]
                merge_cpu = time.process_time()
                merged = merge_events(records)
                merge_cpu = time.process_time() - merge_cpu
                print(f"merge_events: {len(records):,} records -> {len(merged):,} events "
                      f"in {merge_cpu:.2f} s CPU")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak resident memory of this process: {peak:,.0f} MB")
        if 1 in rates and 2 in rates:
            print(f"scaling efficiency at 2 workers: {rates[2] / (2 * rates[1]):.2f}")


if __name__ == "__main__":
    main()
