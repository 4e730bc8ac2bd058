"""How ``sitmap build`` scales: per-stage time and memory at several corpus sizes.

Builds synthetic corpora by varying the seed articles (place names swapped
among border-zone places, dates shifted, so the article cache cannot help)
and runs the whole ``sitmap build`` (every output file and the map) on each
size in a fresh process, so each size's peak memory is its own. It prints,
per stage, the time at each size and the growth exponent between
consecutive sizes (``log(t2/t1) / log(n2/n1)``: 1.0 is linear, 2.0
quadratic), the peak resident memory seen while each stage ran, and — in
the same run, since machines vary — the speed of spaCy's NER alone on the
same text, so that the ratios are the figures:

    .venv/bin/python bench/bench_scale.py                      # sizes 100 and 1,000
    .venv/bin/python bench/bench_scale.py --sizes 100 1000 10000
    .venv/bin/python bench/bench_scale.py --sizes 2000 --workers 1 2   # Dask efficiency
    .venv/bin/python bench/bench_scale.py --startup            # one-article commands

``--startup`` times one-article commands (``sitmap geoparse FILE``, ``sitmap
geocode NAME``) as fresh processes: wall and CPU seconds and peak resident
memory (best of ``--repeats`` after one warm-up run, which fills the gazetteer
cache), and, as the figure to compare across machines, their ratio to loading
spaCy's NER model alone in the same run.

Stage times are CPU seconds of this process (robust on a shared machine; the
wall total is printed too), exclusive (a stage called from another counts only in its
own line); ``other`` is the rest of the build (reading the articles included). Loading the resources
(gazetteer, NER model, boundaries) is outside the timed region and printed
on its own. ``--workers 1 2`` also runs the processing alone
(``build_situation``, no outputs) in-process and on a two-worker Dask
``LocalCluster`` and prints the scaling efficiency
``rate(2) / (2 × rate(1))`` and the driver's peak memory.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import math
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # this checkout's code, not another install's
    sys.path.insert(0, str(REPO))

SWAPS = [
    "Khorog",
    "Vorukh",
    "Isfara",
    "Kunduz",
    "Termez",
    "Osh",
    "Batken",
    "Panj",
    "Kulob",
    "Ishkashim",
    "Darvoz",
    "Shahritus",
    "Sokh",
    "Andkhoy",
    "Faizabad",
    "Imam Sahib",
]
NAMES = re.compile(r"\b(Tort-Kocho|Chir-Dobo|Kunduz|Balkh|Mazar-i-Sharif|Kaldor|Moscow|Isfana)\b")

#: (module, attribute, stage): the functions timed, wherever they are looked up.
#: A target missing from the code under test is skipped.
STAGES: tuple[tuple[str, str, str], ...] = (
    ("geo.pipeline", "process_articles", "geoparse+events"),
    ("geo.store", "ArticleStore.get_many", "article cache"),
    ("geo.store", "ArticleStore.put_many", "article cache"),
    ("geo.events", "merge_events", "merge"),
    ("layers.build", "save_situation", "situation.json"),
    ("layers.map", "build_layers", "layers"),
    ("layers.exports", "write_geojson", "exports"),
    ("layers.exports", "write_gpkg", "exports"),
    ("layers.exports", "write_csv", "exports"),
    ("layers.exports", "events_table", "exports"),
    ("layers.exports", "unresolved_table", "exports"),
    ("layers.exports", "write_events_parquet", "exports"),
    ("layers.map", "build_map", "map"),
    ("layers.map", "save_map", "map"),
)


def make_corpus(n: int, path: Path, seed: int = 7) -> int:
    """Write ``n`` synthetic articles as JSON Lines; return the number of words."""
    from geo.articles import read_articles

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
            fh.write(
                json.dumps(
                    {
                        "id": f"a{i}",
                        "text": text,
                        "outlet": base.outlet,
                        "published": published.isoformat() if published else None,
                    }
                )
                + "\n"
            )
    return words


def rss_mb() -> float:
    """Current resident memory of this process, in MiB."""
    with open("/proc/self/statm", encoding="ascii") as fh:
        pages = int(fh.read().split()[1])
    return pages * resource.getpagesize() / 2**20


class StageClock:
    """Exclusive wall and CPU time and peak resident memory per stage.

    A sampling thread reads the resident memory every few milliseconds and
    charges it to the innermost running stage.
    """

    def __init__(self, interval: float = 0.005) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.peak_mb: dict[str, float] = {}
        self._stack: list[list[Any]] = []  # [stage, start, start CPU, child wall, child CPU]
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(self._interval):
            stage = self._stack[-1][0] if self._stack else "other"
            self.peak_mb[stage] = max(self.peak_mb.get(stage, 0.0), rss_mb())

    def wrap(self, func: Callable[..., Any], stage: str) -> Callable[..., Any]:
        @functools.wraps(func)
        def timed(*args: Any, **kwargs: Any) -> Any:
            frame = [stage, time.perf_counter(), time.process_time(), 0.0, 0.0]
            self._stack.append(frame)
            try:
                return func(*args, **kwargs)
            finally:
                self._stack.pop()
                spent = time.perf_counter() - frame[1]
                cpu = time.process_time() - frame[2]
                self.seconds[stage] = self.seconds.get(stage, 0.0) + spent - frame[3]
                self.cpu[stage] = self.cpu.get(stage, 0.0) + cpu - frame[4]
                if self._stack:
                    self._stack[-1][3] += spent
                    self._stack[-1][4] += cpu

        return timed

    @contextmanager
    def installed(self) -> Iterator[StageClock]:
        import importlib

        undo = []
        for module_name, attr, stage in STAGES:
            owner: Any = importlib.import_module(module_name)
            *path, name = attr.split(".")
            for part in path:
                owner = getattr(owner, part)
            if not hasattr(owner, name):
                continue
            original = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
            setattr(owner, name, self.wrap(original, stage))
            undo.append((owner, name, original))
        self._thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            self._thread.join()
            for owner, name, original in reversed(undo):
                setattr(owner, name, original)


def ner_alone(texts: list[str]) -> float:
    """CPU seconds spaCy's NER alone takes over ``texts`` (same model and batch size)."""
    from geo.nlp import load_nlp

    nlp = load_nlp()
    if nlp is None:
        return math.nan
    cpu = time.process_time()
    with nlp.select_pipes(enable=["ner"]):
        for _ in nlp.pipe(texts, batch_size=32):
            pass
    return time.process_time() - cpu


def _timed_batch(settings: Any, payloads: list[dict[str, Any]]) -> list[tuple[float, int]]:
    """Dask task: process a batch as the pipeline does; return its CPU seconds and the pid."""
    import os

    from geo.pipeline import _process_payloads

    cpu = time.process_time()
    _process_payloads(settings, payloads)
    return [(time.process_time() - cpu, os.getpid())] * len(payloads)


def task_cpu(corpus: Path, settings: Any, resources: Any, workers: int) -> dict[str, float]:
    """Mean CPU seconds per batch of 32 articles in-process and on Dask workers.

    Each worker's first batch (it loads the resources) is left out; the
    ratio says what the Dask path costs in CPU, whatever share of the
    machine the workers got.
    """
    from geo.articles import read_articles
    from geo.parallel import map_batches
    from geo.pipeline import ARTICLE_BATCH, _article_payload, process_articles

    articles = read_articles([corpus]).articles
    local = []
    for start in range(0, len(articles), ARTICLE_BATCH):
        cpu = time.process_time()
        process_articles(articles[start : start + ARTICLE_BATCH], resources)
        local.append(time.process_time() - cpu)
    got = list(
        map_batches(
            functools.partial(_timed_batch, settings),
            [_article_payload(a) for a in articles],
            workers=workers,
            batch_size=ARTICLE_BATCH,
        )
    )
    per_task = got[::ARTICLE_BATCH]
    seen: set[int] = set()
    remote = []
    for cpu, pid in per_task:
        if pid in seen:
            remote.append(cpu)
        seen.add(pid)
    return {
        "local": sum(local[1:]) / max(1, len(local) - 1),
        "remote": sum(remote) / max(1, len(remote)),
    }


def one_size(n: int, workers: list[int], ner_sample: int) -> dict[str, Any]:
    """Build a corpus of ``n`` articles end to end in this process; return the figures."""
    from geo.pipeline import build_situation, load_resources
    from geo.settings import Settings
    from layers.build import build_outputs

    settings = Settings.from_env()
    start = time.perf_counter()
    resources = load_resources(settings)
    load_s, load_mb = time.perf_counter() - start, rss_mb()
    out: dict[str, Any] = {"articles": n, "load_s": load_s, "load_mb": load_mb}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        words = make_corpus(n, corpus)
        out.update(words=words, mb=corpus.stat().st_size / 1e6)
        clock = StageClock()
        with clock.installed():
            wall, cpu = time.perf_counter(), time.process_time()
            report = build_outputs(
                [corpus], Path(tmp) / "build", settings=settings, cache=Path(tmp) / "cache.sqlite"
            )
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        clock.seconds["other"] = wall - sum(clock.seconds.values())
        clock.cpu["other"] = cpu - sum(clock.cpu.values())
        out.update(
            wall_s=wall,
            cpu_s=cpu,
            events=report.events,
            stages=clock.cpu,
            stage_wall=clock.seconds,
            stage_peak_mb=clock.peak_mb,
            peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        )
        texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
        sample = texts[:ner_sample]
        out["ner_words"] = sum(len(t.split()) for t in sample)
        out["ner_cpu_s"] = ner_alone(sample)
        if workers and workers != [1]:
            out["dask"] = {}
            for count in workers:
                base = rss_mb()
                clock = StageClock()
                times: list[tuple[int, float]] = []
                with clock.installed():
                    wall, cpu = time.perf_counter(), time.process_time()
                    result = build_situation(
                        [corpus],
                        settings=settings,
                        resources=resources,
                        workers=count,
                        progress=lambda k, times=times: times.append((k, time.perf_counter())),
                    )
                    end, cpu = time.perf_counter(), time.process_time() - cpu
                first = next((t for k, t in times if k > 0), end)
                half = next((t for k, t in times if k >= n // 2), end)
                out["dask"][str(count)] = {
                    "wall_s": end - wall,
                    "first_s": first - wall,
                    "driver_cpu_s": cpu,
                    "second_half_s": end - half,
                    "events": len(result.situation.events),
                    "driver_peak_mb": max(clock.peak_mb.values(), default=base),
                    "driver_start_mb": base,
                }
            if 2 in workers:
                out["task_cpu"] = task_cpu(corpus, settings, resources, 2)
    return out


def exponent(t1: float, t2: float, n1: int, n2: int) -> float:
    """Growth exponent between two sizes (``nan`` when a time is too small to say).

    >>> round(exponent(1.0, 100.0, 10, 100), 2)
    2.0
    """
    if t1 <= 0.005 or t2 <= 0.005:
        return math.nan
    return math.log(t2 / t1) / math.log(n2 / n1)


def report(rows: list[dict[str, Any]]) -> None:
    """Print the per-stage table, exponents, memory and throughput ratios."""
    sizes = [r["articles"] for r in rows]
    stages = list(dict.fromkeys(s for r in rows for s in r["stages"]))
    head = "".join(f"{n:>12,}" for n in sizes)
    pairs = list(itertools.pairwise(rows))
    exps = "".join(
        f"{'exp ' + format(a['articles'], ',') + '→' + format(b['articles'], ','):>16}"
        for a, b in pairs
    )
    print(f"\nstage CPU time (s)   {head}{exps}")
    for stage in [*stages, "TOTAL", "TOTAL (wall)"]:
        key = {"TOTAL": "cpu_s", "TOTAL (wall)": "wall_s"}.get(stage)

        def get(r: dict[str, Any], key: str | None = key, stage: str = stage) -> float:
            return float(r[key]) if key else float(r["stages"].get(stage, 0.0))

        cells = "".join(f"{get(r):>12.2f}" for r in rows)
        growth = "".join(
            f"{exponent(get(a), get(b), a['articles'], b['articles']):>16.2f}" for a, b in pairs
        )
        print(f"{stage:<21}{cells}{growth}")
    print(f"\npeak RSS (MiB) while {head}")
    for stage in stages:
        cells = "".join(f"{r['stage_peak_mb'].get(stage, math.nan):>12,.0f}" for r in rows)
        print(f"{stage:<21}{cells}")
    print(f"{'after loading':<21}" + "".join(f"{r['load_mb']:>12,.0f}" for r in rows))
    print(f"{'whole build (max)':<21}" + "".join(f"{r['peak_mb']:>12,.0f}" for r in rows))
    print()
    for r in rows:
        ner = r["ner_words"] / r["ner_cpu_s"] if r["ner_cpu_s"] else math.nan
        proc = r["words"] / r["stages"]["geoparse+events"]
        whole = r["words"] / r["cpu_s"]
        print(
            f"{r['articles']:,} articles ({r['words']:,} words, {r['mb']:.1f} MB, "
            f"{r['events']:,} events): resources loaded in {r['load_s']:.1f} s; "
            f"per core (CPU time): spaCy NER alone {ner:,.0f} words/s "
            f"({r['ner_words']:,} words); "
            f"geoparse+events {proc:,.0f} words/s = {proc / ner:.2f}× NER; "
            f"whole build {whole:,.0f} words/s = {whole / ner:.2f}× NER"
        )
        for count, d in r.get("dask", {}).items():
            print(
                f"  workers={count}: {d['wall_s']:.1f} s, {r['articles'] / d['wall_s']:.1f} "
                f"articles/s, first result after {d['first_s']:.1f} s, second half of the "
                f"articles in {d['second_half_s']:.1f} s; {d['events']} events; driver CPU "
                f"{d['driver_cpu_s']:.1f} s, driver peak "
                f"{d['driver_peak_mb']:,.0f} MiB (from {d['driver_start_mb']:,.0f} MiB)"
            )
        dask = r.get("dask", {})
        if "1" in dask and "2" in dask:
            one, two = dask["1"], dask["2"]
            eff = one["wall_s"] / (2 * two["wall_s"])
            steady = one["second_half_s"] / (2 * two["second_half_s"])
            print(
                f"  scaling efficiency at 2 workers: {eff:.2f} overall, {steady:.2f} over the "
                "second half (after the workers have loaded their resources)"
            )
        if "task_cpu" in r:
            t = r["task_cpu"]
            print(
                f"  CPU per batch of 32 articles: {t['local']:.2f} s in-process, "
                f"{t['remote']:.2f} s on a Dask worker (CPU efficiency "
                f"{t['local'] / t['remote']:.2f}; each worker's first batch left out)"
            )


#: (label, arguments after ``python``) of the one-article commands ``--startup`` times.
STARTUP = (
    (
        "reference: spaCy's NER model loaded alone",
        ["-c", "from geo.nlp import load_nlp; load_nlp()"],
    ),
    ("sitmap geoparse, short article, no NER, no border", ["-m", "sitmap", "geoparse", "{quiet}"]),
    (
        "sitmap geoparse, seed article (NER, a border)",
        ["-m", "sitmap", "geoparse", "seeds/04_csto_ceasefire_tort_kocho_clash_frontierpost.txt"],
    ),
    ("sitmap geocode Tort-Kocho", ["-m", "sitmap", "geocode", "Tort-Kocho"]),
)


def run_measured(argv: list[str]) -> tuple[float, float, float]:
    """Run *argv* in a fresh process: (wall s, CPU s, peak RSS MiB); output discarded."""
    import os

    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}): {err[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def startup(repeats: int) -> None:
    """Print the one-article commands' wall, CPU and peak memory, and ratios to the reference."""
    import os

    with tempfile.TemporaryDirectory() as tmp:
        quiet = Path(tmp) / "quiet.txt"
        quiet.write_text("Officials met in Osh on Monday to discuss water and schools.\n")
        ref: tuple[float, float, float] | None = None
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; best of {repeats}")
        for label, args in STARTUP:
            argv = [sys.executable, *(a.format(quiet=quiet) for a in args)]
            run_measured(argv)  # warm-up: caches, page cache
            runs = [run_measured(argv) for _ in range(repeats)]
            wall, cpu, rss = (min(r[i] for r in runs) for i in range(3))
            line = f"{label}: {wall:.2f} s wall, {cpu:.2f} s CPU, {rss:.0f} MiB peak"
            if ref is None:
                ref = (wall, cpu, rss)
            else:
                line += f" ({cpu / ref[1]:.2f}x CPU, {rss / ref[2]:.2f}x memory of the reference)"
            print(f"{line}; load average {os.getloadavg()[0]:.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--articles", type=int, help="one size only (same as --sizes N)")
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=[1],
        help="also time processing alone at these Dask worker counts",
    )
    parser.add_argument(
        "--ner-sample",
        type=int,
        default=200,
        help="articles of each corpus timed through spaCy's NER alone",
    )
    parser.add_argument("--startup", action="store_true", help="time one-article commands")
    parser.add_argument("--repeats", type=int, default=3, help="runs per --startup command")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.startup:
        startup(args.repeats)
        return
    if args.one:
        print(json.dumps(one_size(args.one, args.workers, args.ner_sample)))
        return
    rows = []
    for n in sorted([args.articles] if args.articles else args.sizes):
        cmd = [
            sys.executable,
            __file__,
            "--one",
            str(n),
            "--ner-sample",
            str(args.ner_sample),
            "--workers",
            *map(str, args.workers),
        ]
        got = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=REPO)
        rows.append(json.loads(got.stdout.strip().splitlines()[-1]))
        print(f"{n:,} articles: {rows[-1]['wall_s']:.1f} s", flush=True)
    report(rows)


if __name__ == "__main__":
    main()
