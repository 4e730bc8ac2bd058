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
    .venv/bin/python bench/bench_scale.py --dask 1000 4000 --workers 1 2   # Dask path
    .venv/bin/python bench/bench_scale.py --dask-one 100000 2 --paragraphs 4  # simulation
    .venv/bin/python bench/bench_scale.py --startup            # one-article commands
    .venv/bin/python bench/bench_scale.py --resources          # what the resources hold

``--startup`` times one-article commands (``sitmap geoparse FILE``, ``sitmap
geocode NAME``) as fresh processes: wall and CPU seconds and peak resident
memory (best of ``--repeats`` after one warm-up run, which fills the gazetteer
cache), and, as the figure to compare across machines, their ratio to loading
spaCy's NER model alone in the same run.

Stage times are CPU seconds of this process (robust on a shared machine; the
wall total is printed too), exclusive (a stage called from another counts only in its
own line); ``other`` is the rest of the build (reading the articles included). Loading the resources
(gazetteer, NER model, boundaries) is outside the timed region and printed
on its own.

``--resources`` loads, in a fresh process each, what a build of the
synthetic corpus keeps in memory from the start — imports, gazetteer, NER
model, each boundary layer, the border index, the districts — and prints the
resident memory after each, once with the districts of the countries the
corpus touches (read one at a time, as a build does) and once with the
world's districts and their index (as every build did before).

``--dask N... --workers 1 2`` runs processing and merging alone (no
outputs), each size and worker count in a fresh process: ``1`` is the
in-process ``build_situation``, more is the partitioned Dask path
(``geo.partitioned.run_partitioned`` on a ``LocalCluster``, this process
its driver). It prints the wall-clock efficiency ``rate(2) / (2 × rate(1))``
overall and over the second half of the articles, the CPU efficiency per
article (in-process CPU per article over the workers', each worker's first
partition — which loads the resources — left out), the driver's peak memory
at each size and the load average sampled during each run. ``--dask-one N
W`` is one such run (JSON on stdout, progress on stderr); ``--paragraphs K``
keeps the first K paragraphs of each synthetic article (shorter articles);
run against a tree without ``geo.partitioned`` it measures that tree's
``build_situation(workers=W)`` instead (before/after).

``--merge N... --cache FILE`` times the cross-article merge (``merge_events``, what
both paths run per shard) alone on the records of the first N synthetic articles,
read from the article cache ``FILE`` (filled by processing the corpus once, in
process, if it holds fewer), and prints per size the CPU seconds, the candidate
clusters tested per record (``_Cluster.accepts`` calls: the figure the machine's
load does not move), the growth exponent and a digest of the merged events (the
same digest from two trees: the same merge):

    .venv/bin/python bench/bench_scale.py --merge 2000 8000 --cache /tmp/merge10k.sqlite
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
from collections import Counter
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

#: With ``--map-steps``: the map's own steps as stages of their own (peak memory per step).
MAP_STEPS: tuple[tuple[str, str, str], ...] = (
    ("layers.popups", "popup_table", "map: popups"),
    ("layers.map", "_control_spec", "map: control"),
    ("layers.map", "to_features", "map: features"),
    ("layers.map", "basemap_config", "map: basemap"),
    ("layers.map", "map_labels", "map: labels"),
    ("layers.controls", "SituationLayers.__init__", "map: packing"),
    ("layers.map", "render_html", "map: page"),
)


def make_corpus(n: int, path: Path, seed: int = 7, paragraphs: int | None = None) -> int:
    """Write ``n`` synthetic articles as JSON Lines; return the number of words.

    ``paragraphs`` keeps only the first paragraphs of each seed article
    (shorter articles, for a large simulation in less time).
    """
    from geo.articles import read_articles

    rng = random.Random(seed)
    bases = read_articles([REPO / "seeds"]).articles
    words = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            base = bases[i % len(bases)]
            body = base.text
            if paragraphs is not None:
                body = "\n\n".join(re.split(r"\n\s*\n", body)[:paragraphs])
            text = NAMES.sub(lambda m: rng.choice(SWAPS), body)
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


def one_size(n: int, ner_sample: int, map_steps: bool = False) -> dict[str, Any]:
    """Build a corpus of ``n`` articles end to end in this process; return the figures.

    ``map_steps`` times the map's steps (:data:`MAP_STEPS`) as stages of their own.
    """
    global STAGES
    if map_steps:
        STAGES = STAGES + MAP_STEPS
    from geo.pipeline import load_resources
    from geo.settings import Settings
    from layers.build import build_outputs

    settings = Settings.from_env()
    start = time.perf_counter()
    load_resources(settings)
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


class LoadSampler:
    """The 1-minute load average, sampled every ``interval`` seconds in a thread."""

    def __init__(self, interval: float = 10.0) -> None:
        import os

        self.samples = [os.getloadavg()[0]]
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import os

        while not self._stop.wait(self._interval):
            self.samples.append(os.getloadavg()[0])

    def stop(self) -> dict[str, float]:
        """Stop sampling; return the minimum, mean and maximum load average seen."""
        import os

        self._stop.set()
        self._thread.join()
        self.samples.append(os.getloadavg()[0])
        s = self.samples
        return {"min": min(s), "mean": sum(s) / len(s), "max": max(s)}


def dask_one(
    n: int, workers: int, paragraphs: int | None, partition_mb: float | None
) -> dict[str, Any]:
    """Processing and merging ``n`` synthetic articles in this fresh process; return figures.

    ``workers=1``: the in-process ``build_situation`` (resources loaded
    before the clock starts). ``workers>1``: the partitioned Dask path
    (:func:`geo.partitioned.run_partitioned` on a ``LocalCluster``), whose
    driver is this process: its peak resident memory is the driver's.
    """
    from geo.settings import Settings

    settings = Settings.from_env()
    out: dict[str, Any] = {"articles": n, "workers": workers, "paragraphs": paragraphs}
    with tempfile.TemporaryDirectory(prefix="sitmap-dask-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        out["words"] = make_corpus(n, corpus, paragraphs=paragraphs)
        out["mb"] = corpus.stat().st_size / 1e6
        times: list[tuple[int, float]] = []

        def progress(k: int) -> None:
            times.append((k, time.perf_counter()))
            if len(times) > 1 and k * 20 // n > times[-2][0] * 20 // n:  # every 5 %
                print(f"{time.strftime('%H:%M:%S')} {k:,} articles done", file=sys.stderr)

        out["start_mb"] = rss_mb()
        load = LoadSampler()
        if workers == 1:
            from geo.pipeline import build_situation, load_resources

            load_cpu = time.process_time()
            resources = load_resources(settings)
            load_cpu = time.process_time() - load_cpu
            clock = StageClock()
            with clock.installed():
                wall, cpu = time.perf_counter(), time.process_time()
                result = build_situation(
                    [corpus], settings=settings, resources=resources, progress=progress
                )
                end, cpu = time.perf_counter(), time.process_time() - cpu
            out.update(
                events=len(result.situation.events),
                load_cpu_s=load_cpu,
                # the serial run's whole CPU: its one resource load (the model and the
                # boundaries load lazily inside the build) and the build
                total_cpu_s=load_cpu + cpu,
                process_cpu_s=clock.cpu.get("geoparse+events", math.nan),
                merge_cpu_s=clock.cpu.get("merge", math.nan),
            )
        elif not _has_partitioned():  # a tree from before the partitioned path (before/after)
            from geo.pipeline import build_situation

            wall, cpu = time.perf_counter(), time.process_time()
            result = build_situation(
                [corpus], settings=settings, workers=workers, progress=progress
            )
            end, cpu = time.perf_counter(), time.process_time() - cpu
            out.update(events=len(result.situation.events), before=True)
        else:
            from geo.partitioned import run_partitioned

            children = _children_cpu()
            wall, cpu = time.perf_counter(), time.process_time()
            sizing = {"target_bytes": int(partition_mb * 2**20)} if partition_mb else {}
            run = run_partitioned(
                [corpus],
                Path(tmp) / "parts",
                settings=settings,
                workers=workers,
                progress=progress,
                **sizing,
            )
            end, cpu = time.perf_counter(), time.process_time() - cpu
            # the worker processes are the driver's children, reaped when the
            # LocalCluster closes: their whole CPU, interpreter start included
            workers_cpu = _children_cpu() - children
            out.update(workers_cpu_s=workers_cpu, total_cpu_s=cpu + workers_cpu)
            out["breakdown"] = dict(getattr(run, "breakdown", None) or {})
            out["resource_loads"] = [w["loads"] for w in getattr(run, "workers", ())]
            out["driver_steps_mb"] = dict(getattr(run, "driver_peak_mb", None) or {})
            seen: set[int] = set()
            steady_cpu = steady_articles = 0.0
            for pid, task_cpu, articles in run.tasks:
                if pid in seen:
                    steady_cpu += task_cpu
                    steady_articles += articles
                seen.add(pid)
            disk = sum(p.stat().st_size for p in Path(tmp, "parts").iterdir())
            out.update(
                events=run.events,
                records=run.records,
                partitions=run.partitions,
                shards=run.shards,
                largest_shard=run.largest_shard,
                merge_cpu_s=run.merge_cpu_s,
                task_cpu_s=sum(t[1] for t in run.tasks),
                steady_cpu_per_article=steady_cpu / max(1.0, steady_articles),
                steady_articles=steady_articles,
                worker_processes=len(seen),
                output_mb=disk / 1e6,
            )
        out["load"] = load.stop()
        last = max((t for k, t in times if k > 0), default=end)
        first = next((t for k, t in times if k > 0), end)
        half = next((t for k, t in times if k >= n // 2), end)
        out.update(
            wall_s=end - wall,
            driver_cpu_s=cpu,
            first_s=first - wall,
            processing_s=last - wall,
            second_half_s=last - half,
            after_processing_s=end - last,
            driver_peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        )
    return out


def _children_cpu() -> float:
    """User and system CPU seconds of this process's reaped children (the Dask workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _has_partitioned() -> bool:
    import importlib.util

    return importlib.util.find_spec("geo.partitioned") is not None


def dask_report(rows: list[dict[str, Any]]) -> None:
    """Print the in-process and Dask figures, efficiencies and the driver's memory."""
    for r in rows:
        load = r["load"]
        head = (
            f"{r['articles']:,} articles ({r['words'] / r['articles']:.0f} words each, "
            f"{r['mb']:.1f} MB), workers={r['workers']}: {r['wall_s']:.1f} s wall "
            f"(first result {r['first_s']:.1f} s, processing done {r['processing_s']:.1f} s, "
            f"second half of the articles {r['second_half_s']:.1f} s, then "
            f"{r['after_processing_s']:.1f} s), driver CPU {r['driver_cpu_s']:.1f} s, "
            f"driver peak {r['driver_peak_mb']:,.0f} MiB, {r['events']:,} events; "
            f"load average {load['min']:.1f}–{load['max']:.1f} (mean {load['mean']:.1f})"
        )
        print(head)
        if r["workers"] == 1:
            print(
                f"  in-process CPU per article (geoparse+events): "
                f"{1000 * r['process_cpu_s'] / r['articles']:.1f} ms; "
                f"merge {r['merge_cpu_s']:.2f} s"
            )
        elif "partitions" in r:
            print(
                f"  {r['partitions']} partitions, {r['worker_processes']} worker processes; task "
                f"CPU {r['task_cpu_s']:.1f} s, per article "
                f"{1000 * r['steady_cpu_per_article']:.1f} ms (each worker's first partition "
                f"left out: {r['steady_articles']:,.0f} articles); {r['records']:,} records in "
                f"{r['shards']} shards (largest {r['largest_shard']:,}), merge CPU "
                f"{r['merge_cpu_s']:.1f} s; {r['output_mb']:.0f} MB written"
            )
    by = {(r["articles"], r["workers"]): r for r in rows}
    for (n, w), r in sorted(by.items()):
        one = by.get((n, 1))
        if w == 1 or one is None:
            continue
        wall = one["wall_s"] / (w * r["wall_s"])
        line = f"{n:,} articles, {w} workers: wall-clock efficiency {wall:.2f} overall"
        if r["second_half_s"] > 0:
            steady = one["second_half_s"] / (w * r["second_half_s"])
            line += f", {steady:.2f} over the second half of the articles"
        else:  # every partition finished at once: no second half to time
            line += ", no second half to time (too few partitions)"
        if r.get("steady_cpu_per_article"):
            cpu = one["process_cpu_s"] / one["articles"] / r["steady_cpu_per_article"]
            line += f"; CPU efficiency per article {cpu:.2f}"
        print(line)
        if "total_cpu_s" in r and "total_cpu_s" in one:
            print(
                f"  CPU efficiency {one['total_cpu_s'] / r['total_cpu_s']:.2f}: serial "
                f"{one['total_cpu_s']:.1f} s CPU (resources {one['load_cpu_s']:.1f} s, processing "
                f"{one['process_cpu_s']:.1f} s, merge {one['merge_cpu_s']:.1f} s) / Dask "
                f"{r['total_cpu_s']:.1f} s (driver {r['driver_cpu_s']:.1f} s + worker processes "
                f"{r['workers_cpu_s']:.1f} s)"
            )
        if r.get("driver_steps_mb"):
            steps = ", ".join(
                f"{k.removeprefix('driver: ')} {v:,.0f}" for k, v in r["driver_steps_mb"].items()
            )
            print(f"  driver peak (MiB) by the end of each step: {steps}")
        if r.get("resource_loads"):
            print(f"  resource loads per worker process: {r['resource_loads']}")
        parts = r.get("breakdown") or {}
        if parts:
            print("  where the Dask run's CPU went (s):")
            for label, seconds in parts.items():
                print(f"    {label:<52}{seconds:>9.1f}")
    dask = sorted((r["articles"], r) for r in rows if r["workers"] > 1)
    if len(dask) >= 2:
        (n1, a), (n2, b) = dask[0], dask[-1]
        print(
            f"driver peak memory: {a['driver_peak_mb']:,.0f} MiB at {n1:,} articles, "
            f"{b['driver_peak_mb']:,.0f} MiB at {n2:,} ({n2 / n1:.0f}× the articles)"
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
    ("sitmap where 39.95 70.53 (a point's country, province, district, border)",
     ["-m", "sitmap", "where", "39.95", "70.53"]),
)  # fmt: skip

#: Countries whose districts a build of the synthetic corpus reads (see ``--resources``).
CORPUS_COUNTRIES = ("AF", "KG", "RU", "TJ", "UZ")


def resources_one(world: bool) -> list[tuple[str, float]]:
    """Resident memory (MiB) after loading each resource in turn, in this process."""
    steps: list[tuple[str, float]] = [("interpreter", rss_mb())]

    def step(label: str, func: Callable[[], Any]) -> Any:
        import gc

        got = func()
        gc.collect()
        steps.append((label, rss_mb()))
        return got

    step("geopandas, shapely, pyarrow imported", lambda: __import__("geopandas"))
    from geo.pipeline import load_resources
    from geo.settings import Settings

    res = step("gazetteer, name index, word lists", lambda: load_resources(Settings.from_env()))
    step("spaCy NER model", lambda: res.nlp.load())
    from geo.boundaries import DATA_DIR, Boundaries
    from geo.joins import border_index

    b = Boundaries(directory=DATA_DIR)
    for layer in ("admin0", "admin1", "borders"):
        step(f"{layer} (+ spatial index)", lambda layer=layer: getattr(b, layer).sindex)
    step("border index (nearest border)", lambda: border_index(b))
    if world:
        step("the world's districts", lambda: b.admin2)
        step("their spatial index", lambda: b.admin2.sindex)
        from layers.units import unit_rows

        step("their name index (control layers)", lambda: unit_rows(b.admin2, "osh"))
    else:
        from layers.units import district_candidates

        codes = ", ".join(CORPUS_COUNTRIES)
        step(f"districts of {codes}", lambda: [b.country_districts(c) for c in CORPUS_COUNTRIES])
        step("their spatial indexes",
             lambda: [b.country_districts(c).sindex for c in CORPUS_COUNTRIES])  # fmt: skip
        step("name → countries index (control layers)",
             lambda: district_candidates(b, ["Osh"]))  # fmt: skip
    return steps


def resources() -> None:
    """Print :func:`resources_one` for the corpus's countries and for the world, side by side."""
    runs = {}
    for world in (False, True):
        cmd = [sys.executable, __file__, "--resources-one", "world" if world else "countries"]
        got = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=REPO)
        runs[world] = json.loads(got.stdout.strip().splitlines()[-1])
    for world, steps in runs.items():
        print("the world's districts" if world else "districts by country (a build now)")
        last = 0.0
        for label, mb in steps:
            print(f"  {label:<48}{mb:>8,.0f} MiB  (+{mb - last:,.0f})")
            last = mb
    print(f"difference: {runs[True][-1][1] - runs[False][-1][1]:,.0f} MiB")


def reachable_bytes(root: Any, seen: set[int]) -> tuple[int, Counter[str]]:
    """``sys.getsizeof`` summed over what ``root`` reaches (records, containers), by type.

    Objects already in ``seen`` are not counted again (shared with an earlier root).
    A record's attribute storage beyond its object header is not counted.

    >>> size, by_type = reachable_bytes(("ab", "ab", 1.5), set())
    >>> sorted(by_type), size > 0
    (['float', 'str', 'tuple'], True)
    """
    total, by_type, stack = 0, Counter[str](), [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        size = sys.getsizeof(obj)
        total += size
        by_type[type(obj).__name__] += size
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, list | tuple | set | frozenset):
            stack.extend(obj)
        elif hasattr(obj, "__dataclass_fields__"):
            stack.extend(getattr(obj, name) for name in obj.__dataclass_fields__)
    return total, by_type


def merge_records(n: int, cache: Path) -> list[list[Any]]:
    """The event records of each of the first ``n`` synthetic articles, from ``cache``.

    Rows are read in the order they were written (the corpus order); a cache holding
    fewer than ``n`` articles is filled by processing the corpus in this process.
    """
    import sqlite3
    import zlib

    from geo.pipeline import ArticleResult, build_situation, load_resources
    from geo.settings import Settings

    def rows() -> list[bytes]:
        if not cache.exists():
            return []
        with sqlite3.connect(cache) as con:
            return [b for (b,) in con.execute("SELECT value FROM processed ORDER BY rowid")]

    blobs = rows()
    if len(blobs) < n:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus.jsonl"
            make_corpus(n, corpus)
            settings = Settings.from_env()
            build_situation(
                [corpus], settings=settings, resources=load_resources(settings), cache=cache
            )
        blobs = rows()
    out = []
    for blob in blobs[:n]:
        data = json.loads(zlib.decompress(blob))
        out.append(list(ArticleResult.from_dict({**data, "toponyms": [], "unresolved": []}).events))
    return out


def merge_sizes(sizes: list[int], cache: Path) -> None:
    """Print the merge's CPU, candidates tested per record and digest at each size."""
    import hashlib

    from geo.events import merge
    from geo.events.merge import merge_events

    per_article = merge_records(max(sizes), cache)
    calls = [0]
    accepts = merge._Cluster.accepts

    def counted(self: Any, e: Any, parts: Any) -> bool:
        calls[0] += 1
        return bool(accepts(self, e, parts))

    merge_events([e for events in per_article[:50] for e in events])  # imports and tables
    rows = []
    for n in sorted(sizes):
        records = [e for events in per_article[:n] for e in events]
        calls[0] = 0
        merge._Cluster.accepts = counted  # type: ignore[method-assign]
        try:
            cpu = time.process_time()
            merged = merge_events(records)
            cpu = time.process_time() - cpu
        finally:
            merge._Cluster.accepts = accepts  # type: ignore[method-assign]
        text = json.dumps([e.to_dict() for e in merged], sort_keys=True, default=str)
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        rows.append((n, len(records), len(merged), cpu, calls[0] / max(1, len(records)), digest))
    print("articles   records    events   CPU (s)  tests/record  exponent  digest")
    for i, (n, recs, evs, cpu, per, digest) in enumerate(rows):
        exp = exponent(rows[i - 1][3], cpu, rows[i - 1][0], n) if i else math.nan
        print(f"{n:>8,} {recs:>9,} {evs:>9,} {cpu:>9.2f} {per:>13.1f} {exp:>9.2f}  {digest}")
    print("(the CPU counted includes counting the tests: about 5 %)")


def held(n: int) -> None:
    """Print what the in-process path holds once ``n`` synthetic articles are processed and merged.

    The merged situation, the per-article results beside it (what
    ``build_situation(keep_results=True)`` returns; a build lets them go) and
    how many string objects the toponyms' texts take for how many values.
    """
    import gc

    from geo.pipeline import build_situation, load_resources
    from geo.settings import Settings

    settings = Settings.from_env()
    resources_ = load_resources(settings)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        make_corpus(n, corpus)
        got = build_situation(
            [corpus], settings=settings, resources=resources_, cache=Path(tmp) / "c.sqlite"
        )
    gc.collect()
    s, seen = got.situation, set[int]()
    size, by_type = reachable_bytes(s, seen)
    top = ", ".join(f"{k} {v / 2**20:.1f}" for k, v in by_type.most_common(4))
    print(f"{n:,} articles, {len(s.toponyms):,} toponyms, {len(s.events):,} events")
    print(f"  merged situation          {size / 2**20:7.1f} MiB ({top})")
    size, by_type = reachable_bytes(got.results, seen)
    print(f"  per-article results more  {size / 2**20:7.1f} MiB (let go of in a build)")
    for name in ("text", "name", "place_id"):
        values = [getattr(t, name) for t in s.toponyms]
        print(
            f"  toponym {name:<9} {len(values):,} values, {len(set(values)):,} distinct, "
            f"{len({id(v) for v in values}):,} string objects"
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
        "--dask",
        type=int,
        nargs="+",
        metavar="N",
        help="time processing and merging alone at these sizes and --workers counts",
    )
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=[1, 2],
        help="with --dask: 1 is the in-process path, more a Dask LocalCluster",
    )
    parser.add_argument(
        "--paragraphs", type=int, help="with --dask: keep the first paragraphs of each article"
    )
    parser.add_argument(
        "--partition-mb",
        type=float,
        help="with --dask: input per partition (default: about 8 per worker, at most 2 MiB)",
    )
    parser.add_argument("--dask-one", type=int, nargs=2, help=argparse.SUPPRESS)
    parser.add_argument(
        "--ner-sample",
        type=int,
        default=200,
        help="articles of each corpus timed through spaCy's NER alone",
    )
    parser.add_argument("--startup", action="store_true", help="time one-article commands")
    parser.add_argument("--repeats", type=int, default=3, help="runs per --startup command")
    parser.add_argument("--resources", action="store_true", help="memory of each resource")
    parser.add_argument("--resources-one", choices=["world", "countries"], help=argparse.SUPPRESS)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--held", type=int, metavar="N", help="what processing N articles leaves held"
    )
    parser.add_argument(
        "--map-steps",
        action="store_true",
        help="the map's steps (popups, labels, packing, ...) as stages of their own",
    )
    parser.add_argument(
        "--merge",
        type=int,
        nargs="+",
        metavar="N",
        help="time merge_events alone on the records of the first N articles (with --cache)",
    )
    parser.add_argument(
        "--cache", type=Path, help="with --merge: article cache of the synthetic corpus"
    )
    args = parser.parse_args()
    if args.merge:
        if args.cache is None:
            parser.error("--merge needs --cache FILE (filled on first use)")
        merge_sizes(args.merge, args.cache)
        return
    if args.held:
        held(args.held)
        return
    if args.startup:
        startup(args.repeats)
        return
    if args.resources:
        resources()
        return
    if args.resources_one:
        print(json.dumps(resources_one(args.resources_one == "world")))
        return
    if args.one:
        print(json.dumps(one_size(args.one, args.ner_sample, args.map_steps)))
        return
    if args.dask_one:
        n, w = args.dask_one
        print(json.dumps(dask_one(n, w, args.paragraphs, args.partition_mb)))
        return
    if args.dask:
        dask_rows = []
        for n in args.dask:
            for w in args.workers:
                cmd = [sys.executable, __file__, "--dask-one", str(n), str(w)]
                if args.partition_mb is not None:
                    cmd += ["--partition-mb", str(args.partition_mb)]
                if args.paragraphs is not None:
                    cmd += ["--paragraphs", str(args.paragraphs)]
                got = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=REPO)
                dask_rows.append(json.loads(got.stdout.strip().splitlines()[-1]))
                print(json.dumps(dask_rows[-1]), flush=True)
        print()
        dask_report(dask_rows)
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
            *(["--map-steps"] if args.map_steps else []),
        ]
        got = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=REPO)
        rows.append(json.loads(got.stdout.strip().splitlines()[-1]))
        print(f"{n:,} articles: {rows[-1]['wall_s']:.1f} s", flush=True)
    report(rows)


if __name__ == "__main__":
    main()
