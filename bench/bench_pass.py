"""CPU per pass of geoparsing and of event coding over the open evaluation articles.

The per-core cost of rules, measured on real prose rather than on the synthetic corpus of
``bench_scale.py``: the development set and held-out sets 1 and 2 (70 articles), geoparsed
with NER three times and event-coded three times (the geoparser's toponyms, no merging), best
and median CPU seconds. Run it from two trees in the same session to compare them::

    .venv/bin/python bench/bench_pass.py
    (cd OTHER_TREE && PYTHONPATH=. /path/to/.venv/bin/python bench/bench_pass.py)

The blind held-out sets are never read.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from bench_events import real_toponyms  # noqa: E402
from devset import load_dev  # noqa: E402

OPEN_SETS = ("dev", "heldout", "heldout2")


def _best_and_median(run, repeats: int) -> tuple[float, float]:
    times = sorted(run() for _ in range(repeats))
    return times[0], times[len(times) // 2]


def main(argv: list[str] | None = None) -> int:
    """Print the figures; ``--repeats N`` passes of each stage."""
    from geo.events import extract_events
    from geo.geoparse import geoparse
    from geo.nlp import load_nlp

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    nlp = load_nlp()
    articles = [
        a for name in OPEN_SETS for c in load_dev(REPO / "bench" / name) for a in c.articles
    ]

    def geoparse_pass() -> float:
        cpu = time.process_time()
        list(geoparse(articles))
        return time.process_time() - cpu

    items, _join = real_toponyms(articles, nlp)

    def events_pass() -> float:
        cpu = time.process_time()
        for article, toponyms, doc in items:
            extract_events(article, toponyms, doc=doc, join=None, merge=False)
        return time.process_time() - cpu

    geo_best, geo_median = _best_and_median(geoparse_pass, args.repeats)
    ev_best, ev_median = _best_and_median(events_pass, args.repeats)
    print(
        f"{len(articles)} open articles ({REPO.name}): geoparse {geo_best:.2f} s CPU "
        f"(median {geo_median:.2f}), events {ev_best:.2f} s (median {ev_median:.2f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
