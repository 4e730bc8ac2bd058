"""The distributed build: workers read partitions, write per-partition results, merge in shards.

What the driver of :func:`run_partitioned` does is plan and count; every
step that touches articles or records runs as a task (on Dask workers, or
in this process with ``workers=1``), and the driver holds only summaries —
a few numbers per partition and per shard, the read problems, and the
renames of repeated ids:

1. **Plan** (driver): :func:`geo.articles.partitions.plan_partitions` lists
   the input and cuts large ``.jsonl`` files into byte ranges, reading only
   file sizes and heads.
2. **Count** (tasks): the lines of each byte range, so each range knows its
   first line number (line problems and id-less records are numbered per file).
3. **Ids** (tasks): each partition reads its articles and sends their ids
   to buckets by :func:`~geo.articles.partitions.id_base`; one task per bucket
   replays the reader's renaming of repeated ids in reading order. Ids are
   those of :func:`geo.articles.iter_articles`.
4. **Process** (tasks): each partition reads its articles again, looks them
   up in the article cache, processes the misses in batches
   (:func:`geo.pipeline.process_articles`, resources loaded once per worker)
   and writes ``part-NNNNN.jsonl.gz`` (per article: its metadata and result)
   and one file of event records per event type. It returns counts and, per
   event type, the distinct sets of countries its records are tied to.
5. **Shards** (driver, from those summaries): the cross-article merge
   (:func:`geo.events.merge_events`) only ever joins records of one event
   type whose countries are shared or neighbouring (a record tied to no
   country: only records of its own article). Per event type, the countries
   joined by a record or by a land border form *theatres*; records of two
   theatres can never meet, so merging each (type, theatre) shard apart
   gives exactly the clusters of merging everything at once. Inside a
   shard, the merge's own index blocks by date window and country.
6. **Merge** (tasks): one task per shard reads its records from the
   partitions' files of its type, merges them and writes them sorted.
7. **Collect** (a task, streaming): the shards' sorted files are merged
   into ``events.jsonl.gz`` in the in-process order, one record per shard
   in memory at a time.

:func:`load_situation` reads the result back into a :class:`Situation`
equal to the in-process one (``build_situation(workers=1)``); the files
themselves are the per-partition output a larger pipeline would read.

All tasks read and write files under ``out``: with a cluster of several
machines, the input and ``out`` must be at the same paths on every
machine (a shared file system), and so must the article cache if one is
used (SQLite over a network file system is not safe; leave the cache out
there).
"""

from __future__ import annotations

import gzip
import heapq
import json
import operator
import os
import re
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from geo.articles import Article, ReadProblem
from geo.articles.partitions import (
    Partition,
    count_lines,
    first_lines,
    id_base,
    input_bytes,
    partition_bytes,
    plan_partitions,
    read_partition,
    unique_renames,
)
from geo.parallel import task_runner
from geo.settings import Settings
from geo.situation import ArticleInfo, Event, Situation, event_from_dict

#: Buckets of ids per worker (step 3).
ID_BUCKETS_PER_WORKER = 2

#: Shards for records tied to no country and no record of their article's type
#: tied to one: they meet only records of their own article.
LOOSE_SHARDS = 4

_SAFE = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class PartitionedRun:
    """What a partitioned run wrote (under ``out``) and its counts: the driver's summaries."""

    out: Path
    partitions: int
    articles: int
    processed: int
    cached: int
    toponyms: int
    unresolved: int
    records: int
    events: int
    shards: int
    #: Records of the largest shard (what one merge task holds).
    largest_shard: int
    problems: tuple[ReadProblem, ...] = ()
    renamed: int = 0
    part_files: tuple[Path, ...] = field(default=(), repr=False)
    #: Per partition task: (worker process id, CPU seconds, articles).
    tasks: tuple[tuple[int, float, int], ...] = field(default=(), repr=False)
    #: CPU seconds of the shard merges, summed over the shards.
    merge_cpu_s: float = 0.0
    #: Per worker process (:func:`worker_figures`): pid, CPU so far, resource loads,
    #: CPU per part of the work in this run.
    workers: tuple[dict[str, Any], ...] = field(default=(), repr=False)
    #: The driver's main-thread CPU seconds per step.
    driver_cpu: dict[str, float] = field(default_factory=dict, repr=False)
    #: The driver's peak resident memory (MiB) by the end of each step.
    driver_peak_mb: dict[str, float] = field(default_factory=dict, repr=False)

    @property
    def breakdown(self) -> dict[str, float]:
        """CPU seconds per part of the work, summed over the worker processes, then the driver's.

        ``workers: outside the tasks`` is each worker process's whole CPU less
        its tasks' parts: interpreter start and imports, Dask's event loop,
        task (de)serialisation and communication.
        """
        parts: Counter[str] = Counter()
        for worker in self.workers:
            parts.update(worker["parts"])
        out = dict(sorted(parts.items()))
        outside = sum(w["cpu_s"] for w in self.workers) - sum(parts.values())
        out["workers: outside the tasks (start, imports, Dask)"] = outside
        out.update(self.driver_cpu)
        return out

    @property
    def events_file(self) -> Path:
        """The merged events, one JSON object per line, in the situation's order."""
        return self.out / "events.jsonl.gz"


def _part_name(index: int) -> str:
    return f"part-{index:05d}"


def _type_file(out: Path, index: int, event_type: str, loose: int | None = None) -> Path:
    """A partition's records of one type: those tied to countries, or those of one loose shard."""
    name = f"{_part_name(index)}.events-{_SAFE.sub('_', event_type)}"
    return out / (f"{name}.jsonl.gz" if loose is None else f"{name}.loose-{loose}.jsonl.gz")


def _bucket(article_id: str, buckets: int) -> int:
    """A bucket of the id's base, the same in every process (unlike ``hash``)."""
    return zlib.crc32(id_base(article_id).encode("utf-8", "surrogatepass")) % buckets


# -- per worker process: resources and figures -------------------------------------------

#: CPU seconds (this process's task threads) per part of the work, since the last reset:
#: what :func:`worker_figures` reports for the benchmark's breakdown.
_CPU: Counter[str] = Counter()

#: Resources loaded in this process, by settings, and how often they were loaded.
_RESOURCES: dict[Settings, Any] = {}
_LOADS: Counter[str] = Counter()


class _Split:
    """Charges the task thread's CPU since the previous call to a named part."""

    __slots__ = ("last",)

    def __init__(self) -> None:
        self.last = time.thread_time()

    def __call__(self, part: str) -> None:
        now = time.thread_time()
        _CPU[part] += now - self.last
        self.last = now


def worker_resources(settings: Settings) -> Any:
    """The pipeline's resources, loaded in full once per worker process and kept.

    The gazetteer, name index and word lists (:func:`geo.pipeline.load_resources`),
    spaCy's model and the boundaries: every partition and merge task of this
    process then uses the same objects. The load counts once in
    :func:`worker_figures`.
    """
    got = _RESOURCES.get(settings)
    if got is None:
        from geo.pipeline import load_resources

        split = _Split()
        got = load_resources(settings)
        if got.nlp is not None and hasattr(got.nlp, "load"):
            got.nlp.load()
        got.boundaries.load()
        _RESOURCES[settings] = got
        _LOADS["resources"] += 1
        split("resources")
    return got


def reset_figures() -> int:
    """Forget this process's part figures (the loaded resources are kept); its process id."""
    _CPU.clear()
    _LOADS.clear()
    return os.getpid()


def worker_figures() -> dict[str, Any]:
    """The process's id, whole CPU seconds so far, resource loads and CPU per part."""
    return {
        "pid": os.getpid(),
        "cpu_s": time.process_time(),
        "loads": _LOADS["resources"],
        "parts": dict(_CPU),
    }


# -- tasks ------------------------------------------------------------------------------


def _count_task(part: Partition) -> int:
    split = _Split()
    got = count_lines(part)
    split("count lines")
    return got


def _scan_task(part: Partition, first_line: int, buckets: int) -> list[list[tuple[int, int, str]]]:
    """(partition, ordinal, id) of the partition's articles, by id bucket."""
    split = _Split()
    out: list[list[tuple[int, int, str]]] = [[] for _ in range(buckets)]
    ordinal = 0
    for item in read_partition(part, first_line=first_line):
        if isinstance(item, Article):
            out[_bucket(item.id, buckets)].append((part.index, ordinal, item.id))
            ordinal += 1
    split("ids: read")
    return out


def _dedupe_task(lists: list[list[tuple[int, int, str]]]) -> dict[int, dict[int, str]]:
    split = _Split()
    got = unique_renames(entry for chunk in lists for entry in chunk)
    split("ids: renames")
    return got


def _event_countries(e: Event) -> frozenset[str]:
    """The countries the merge ties a record to (none: only its own article's records)."""
    from geo.events.merge import record_scope  # the merge's own rule, not a copy of it

    return record_scope(e)[0]


def _process_task(
    part: Partition,
    first_line: int,
    renames: dict[int, str],
    settings: Settings,
    out: str,
    cache: str | None,
) -> dict[str, Any]:
    """Read, look up, process and write one partition; return its summary."""
    from geo.pipeline import (
        ARTICLE_BATCH,
        CACHE_COMMIT,
        READ_CHUNK,
        ArticleResult,
        _article_info,
        _cache_key,
        _chunks,
        process_articles,
    )
    from geo.store import ArticleStore

    cpu = time.process_time()
    resources = worker_resources(settings)
    split = _Split()
    store = ArticleStore(Path(cache), pipeline_version=resources.version) if cache else None
    directory = Path(out)
    summary: dict[str, Any] = {
        "index": part.index,
        "articles": 0,
        "processed": 0,
        "cached": 0,
        "toponyms": 0,
        "unresolved": 0,
        "records": 0,
        "problems": [],
        "anchors": {},
        "loose": {},
    }
    by_type: dict[tuple[str, int | None], list[str]] = {}
    pending: list[tuple[str, dict[str, Any]]] = []
    path = directory / f"{_part_name(part.index)}.jsonl.gz"
    try:
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=3) as fh:
            items = read_partition(part, first_line=first_line, renames=renames)
            for chunk in _chunks(items, READ_CHUNK):
                split("partition: read")
                articles = [a for a in chunk if isinstance(a, Article)]
                summary["problems"] += [p for p in chunk if isinstance(p, ReadProblem)]
                keys = [_cache_key(a) for a in articles]
                hits = store.get_many(keys) if store is not None else {}
                split("partition: article cache")
                fresh: dict[str, Any] = {}
                misses = [a for a, k in zip(articles, keys, strict=True) if k not in hits]
                for start in range(0, len(misses), ARTICLE_BATCH):
                    batch = misses[start : start + ARTICLE_BATCH]
                    for article, result in zip(
                        batch, process_articles(batch, resources), strict=True
                    ):
                        fresh[article.id] = result
                split("partition: geoparse+events")
                lines = []
                for article, key in zip(articles, keys, strict=True):
                    if key in hits:
                        data = hits[key]
                        result = ArticleResult.from_dict(data)
                        summary["cached"] += 1
                    else:
                        result = fresh.pop(article.id)
                        data = result.to_dict()
                        summary["processed"] += 1
                        if store is not None:
                            pending.append((key, data))
                    info = _article_info(article).to_dict()
                    lines.append(json.dumps({"info": info, "result": data}, ensure_ascii=False))
                    summary["articles"] += 1
                    summary["toponyms"] += len(result.toponyms)
                    summary["unresolved"] += len(result.unresolved)
                    _sort_records(result, data["events"], by_type, summary)
                split("partition: serialise")
                fh.write("\n".join(lines) + "\n" if lines else "")
                split("partition: write")
                if store is not None and len(pending) >= CACHE_COMMIT:
                    store.put_many(pending)
                    pending.clear()
                    split("partition: article cache")
    finally:
        if store is not None:
            if pending:
                store.put_many(pending)
            store.close()
    for (event_type, loose), lines in by_type.items():
        target = _type_file(directory, part.index, event_type, loose)
        with gzip.open(target, "wt", encoding="utf-8") as fh:
            fh.writelines(lines)
    split("partition: write")
    summary["anchors"] = {t: sorted(map(sorted, s)) for t, s in summary["anchors"].items()}
    summary["loose"] = {t: sorted(s) for t, s in summary["loose"].items()}
    summary["types"] = sorted({t for t, _ in by_type})
    summary["files"] = sorted((t, -1 if k is None else k) for t, k in by_type)
    summary["task"] = (os.getpid(), time.process_time() - cpu, summary["articles"])
    return summary


def _sort_records(
    result: Any,
    dicts: Sequence[dict[str, Any]],
    by_type: dict[tuple[str, int | None], list[str]],
    summary: dict[str, Any],
) -> None:
    """Append one article's event records to its partition's per-type lines, with anchors.

    ``dicts`` are the records' ``to_dict()`` forms (already made for the
    partition file). A record's *anchor* is the set of countries that
    decides its shard: its own countries, or, for a record tied to none,
    those of its article's records of the same type (the only records it
    can meet); with none at all, its article's loose shard, whose records
    go to a file of their own. A line is the JSON ``[anchor, loose shard]``,
    a tab, and the record's JSON, so that a merge task reads the short head
    of every line and parses only its own records (JSON never holds a raw tab).
    """
    countries = [_event_countries(e) for e in result.events]
    tied: dict[str, set[str]] = {}
    for e, c in zip(result.events, countries, strict=True):
        if c:
            tied.setdefault(e.event_type, set()).update(c)
    loose = zlib.crc32(result.document.encode("utf-8", "surrogatepass")) % LOOSE_SHARDS
    for e, c, d in zip(result.events, countries, dicts, strict=True):
        anchor = c or frozenset(tied.get(e.event_type, ()))
        if anchor:
            summary["anchors"].setdefault(e.event_type, set()).add(frozenset(anchor))
        else:
            summary["loose"].setdefault(e.event_type, set()).add(loose)
        head = json.dumps([sorted(anchor), loose], ensure_ascii=False)
        by_type.setdefault((e.event_type, None if anchor else loose), []).append(
            f"{head}\t{json.dumps(d, ensure_ascii=False)}\n"
        )
        summary["records"] += 1


def _final_key(e: Event) -> tuple[bool, str, str, int, str]:
    """The order of ``merge_events``' output: by date (undated last), first source, type."""
    first = e.sources[0] if e.sources else None
    return (
        e.event_date is None,
        e.event_date.isoformat() if e.event_date else "",
        first.document if first else "",
        first.start if first else -1,
        e.event_type,
    )


def _merge_task(
    shard: int,
    event_type: str,
    theatre: int | None,
    loose: int | None,
    theatres: dict[str, int],
    indices: list[int],
    out: str,
) -> tuple[int, int, float]:
    """Merge one (event type, theatre) shard's records; write them sorted.

    A loose shard reads its own files; a theatre's shard reads the records
    tied to countries and parses only the short head of each line to tell
    whether the record is its own. Returns the numbers of records and merged events and the
    CPU seconds taken.
    """
    from geo.events import merge_events

    cpu = time.process_time()
    split = _Split()
    directory = Path(out)
    records: list[Event] = []
    for index in indices:
        path = _type_file(directory, index, event_type, loose)
        if not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                head, _, body = line.partition("\t")
                anchor, row_loose = json.loads(head)
                if anchor:
                    if theatre is None or theatres.get(anchor[0]) != theatre:
                        continue
                elif loose is None or row_loose != loose:
                    continue
                records.append(event_from_dict(json.loads(body)))
    split("merge: read records")
    merged = merge_events(records)
    split("merge: merge_events")
    with gzip.open(directory / f"shard-{shard:05d}.jsonl.gz", "wt", encoding="utf-8") as fh:
        for e in merged:
            fh.write(json.dumps(_final_key(e)))
            fh.write("\t")
            fh.write(json.dumps(e.to_dict(), ensure_ascii=False))
            fh.write("\n")
    split("merge: write shard")
    return len(records), len(merged), time.process_time() - cpu


# -- driver -----------------------------------------------------------------------------


def theatres(anchors: Iterable[Sequence[str]]) -> dict[str, int]:
    """Country → theatre number: countries joined by one record or by a land border.

    >>> th = theatres([["AM", "AZ"], ["KG"], ["TJ"], ["CD"]])
    >>> th["AM"] == th["AZ"], th["KG"] == th["TJ"], th["KG"] == th["CD"]
    (True, True, False)
    """
    from geo.events.lexicon import land_border

    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for anchor in anchors:
        for c in anchor:
            parent.setdefault(c, c)
        for c in anchor[1:]:
            union(anchor[0], c)
    codes = sorted(parent)
    for i, a in enumerate(codes):
        for b in codes[i + 1 :]:
            if find(a) != find(b) and land_border(a, b):
                union(a, b)
    roots = sorted({find(c) for c in codes})
    number = {r: k for k, r in enumerate(roots)}
    return {c: number[find(c)] for c in codes}


def run_partitioned(
    paths: Sequence[str | Path] | str | Path,
    out: str | Path,
    *,
    settings: Settings | None = None,
    cache: str | Path | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    target_bytes: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> PartitionedRun:
    """Run steps 1–7 of the module docstring over ``paths``, writing under ``out``.

    ``workers=1`` without a scheduler runs every task in this process (the
    same steps, no Dask); otherwise on a local cluster of ``workers``
    processes or at ``scheduler``. ``target_bytes`` is the input per
    partition; by default about eight partitions per worker, at most
    2 MiB each (:func:`geo.articles.partitions.partition_bytes`).
    ``progress`` gets the number of articles processed so far, as
    partitions finish.
    """
    settings = settings or Settings.from_env()
    directory = Path(out)
    directory.mkdir(parents=True, exist_ok=True)
    if isinstance(paths, str | Path):
        paths = [paths]
    driver = _Driver()
    with task_runner(workers=workers, scheduler=scheduler) as runner:
        runner.on_every_worker(reset_figures)
        if target_bytes is None:
            target_bytes = partition_bytes(input_bytes(paths), runner.workers)
        planned = list(plan_partitions(paths, target_bytes=target_bytes))
        parts = [p for p in planned if isinstance(p, Partition)]
        driver.split("driver: plan partitions")
        counts = runner.gather([runner.submit(_count_task, p) for p in parts])
        starts = first_lines(parts, counts)
        buckets = max(1, ID_BUCKETS_PER_WORKER * runner.workers)
        scans = [
            runner.submit(_scan_task, p, s, buckets) for p, s in zip(parts, starts, strict=True)
        ]
        picked = [
            [runner.submit(operator.getitem, scan, b) for scan in scans] for b in range(buckets)
        ]
        renames: dict[int, dict[int, str]] = {}
        for found in runner.gather([runner.submit(_dedupe_task, lists) for lists in picked]):
            for index, got in found.items():
                renames.setdefault(index, {}).update(got)
        del scans, picked
        cache_path = str(cache) if cache is not None else None
        futures = [
            runner.submit(
                _process_task, p, s, renames.get(p.index, {}), settings, str(directory), cache_path
            )
            for p, s in zip(parts, starts, strict=True)
        ]
        summaries: dict[int, dict[str, Any]] = {}
        done = 0
        if progress:
            progress(0)
        for future in runner.as_completed(futures):
            summary = future.result()
            summaries[summary["index"]] = summary
            done += summary["articles"]
            if progress:
                progress(done)
        del futures
        driver.split("driver: tasks up to processing")
        # The theatres need the land borders: planned on a worker, which has the
        # boundaries loaded, so that the driver never reads them.
        keys = ("types", "anchors", "loose")
        shapes = {i: {k: s[k] for k in keys} for i, s in summaries.items()}
        plan = runner.submit(_plan_shards, shapes, str(directory), settings)
        shard_args = runner.gather([plan])[0]
        sizes = runner.gather([runner.submit(_merge_task, *args) for args in shard_args])
        driver.split("driver: merge tasks")
        # the k-way merge of the shards' files streams on a worker too
        events = runner.gather([runner.submit(_collect, directory, len(shard_args))])[0]
        driver.split("driver: collect task")
        figures = runner.on_every_worker(worker_figures)
    driver.split("driver: cluster closed")
    for summary in summaries.values():
        for event_type, k in summary["files"]:
            path = _type_file(directory, summary["index"], event_type, None if k < 0 else k)
            path.unlink(missing_ok=True)
    driver.split("driver: remove record files")
    problems: list[ReadProblem] = []
    for item in planned:
        if isinstance(item, ReadProblem):
            problems.append(item)
        else:
            problems.extend(summaries[item.index]["problems"])
    total = {k: sum(s[k] for s in summaries.values()) for k in _COUNTS}
    return PartitionedRun(
        out=directory,
        partitions=len(parts),
        shards=len(shard_args),
        largest_shard=max((s[0] for s in sizes), default=0),
        tasks=tuple(summaries[p.index]["task"] for p in parts),
        merge_cpu_s=sum(s[2] for s in sizes),
        events=events,
        problems=tuple(problems),
        renamed=sum(len(r) for r in renames.values()),
        part_files=tuple(directory / f"{_part_name(p.index)}.jsonl.gz" for p in parts),
        workers=tuple(figures),
        driver_cpu=driver.parts,
        driver_peak_mb=driver.peak_mb,
        **total,
    )


class _Driver:
    """The driver's main-thread CPU and peak resident memory (MiB) by the end of each step.

    The CPU of its scheduler and client threads is not in it.
    """

    def __init__(self) -> None:
        self.parts: dict[str, float] = {}
        self.peak_mb: dict[str, float] = {}
        self.last = time.thread_time()

    def split(self, part: str) -> None:
        import resource

        now = time.thread_time()
        self.parts[part] = self.parts.get(part, 0.0) + now - self.last
        self.peak_mb[part] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.last = now


_COUNTS = ("articles", "processed", "cached", "toponyms", "unresolved", "records")


def _plan_shards(
    summaries: dict[int, dict[str, Any]], out: str, settings: Settings | None = None
) -> list[tuple[Any, ...]]:
    """Arguments of one :func:`_merge_task` per (type, theatre) and per loose shard.

    Run as a task: the theatres consult the land borders (the boundaries,
    which a worker has loaded and the driver need not read).
    """
    split = _Split()
    if settings is not None:
        worker_resources(settings)  # the boundaries, loaded once per process
        split = _Split()
    types = sorted({t for s in summaries.values() for t in s["types"]})
    shards: list[tuple[Any, ...]] = []
    for event_type in types:
        anchors = [a for s in summaries.values() for a in s["anchors"].get(event_type, ())]
        countries = theatres(anchors)
        indices = sorted(i for i, s in summaries.items() if event_type in s["types"])
        for theatre in sorted(set(countries.values())):
            shards.append((len(shards), event_type, theatre, None, countries, indices, out))
        loose = sorted({k for s in summaries.values() for k in s["loose"].get(event_type, ())})
        for k in loose:
            shards.append((len(shards), event_type, None, k, {}, indices, out))
    split("merge: plan shards")
    return shards


def _collect(directory: Path, shards: int) -> int:
    """Merge the shards' sorted files into ``events.jsonl.gz``; return the number of events.

    Only each line's key (before the tab) is parsed; the records are copied as they are.
    A task (step 7).
    """
    split = _Split()

    def rows(k: int) -> Iterator[tuple[tuple[Any, ...], int, str]]:
        with gzip.open(directory / f"shard-{k:05d}.jsonl.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                head, _, body = line.partition("\t")
                yield tuple(json.loads(head)), k, body

    count = 0
    with gzip.open(directory / "events.jsonl.gz", "wt", encoding="utf-8", compresslevel=3) as out:
        for _key, _k, body in heapq.merge(*(rows(k) for k in range(shards))):
            out.write(body)
            count += 1
    for k in range(shards):
        (directory / f"shard-{k:05d}.jsonl.gz").unlink(missing_ok=True)
    split("collect events")
    return count


def iter_results(run: PartitionedRun) -> Iterator[tuple[ArticleInfo, dict[str, Any]]]:
    """Each article's metadata and result dict, in reading order, from the partition files."""
    for path in run.part_files:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                info = row["info"]
                published = info.get("published")
                info["published"] = date.fromisoformat(published) if published else None
                yield ArticleInfo(**info), row["result"]


def iter_events(run: PartitionedRun) -> Iterator[Event]:
    """The merged events, in the situation's order."""
    with gzip.open(run.events_file, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield event_from_dict(json.loads(line))


def load_situation(run: PartitionedRun) -> tuple[Situation, tuple[Any, ...]]:
    """The :class:`Situation` (and per-article results) a partitioned run wrote."""
    from geo.pipeline import ArticleResult

    infos: list[ArticleInfo] = []
    results: list[ArticleResult] = []
    for info, data in iter_results(run):
        infos.append(info)
        results.append(ArticleResult.from_dict(data))
    situation = Situation(
        articles=tuple(infos),
        toponyms=tuple(t for r in results for t in r.toponyms),
        unresolved=tuple(u for r in results for u in r.unresolved),
        events=tuple(iter_events(run)),
    )
    return situation, tuple(results)
