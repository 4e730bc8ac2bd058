"""Split the input into partitions that a worker can read on its own, where they lie.

A :class:`Partition` names files (whole ``.txt``/``.html``/``.csv``/``.jsonl``
files, several small ones together) or a byte range of one large UTF-8
``.jsonl`` file; planning it (:func:`plan_partitions`) only lists
directories and looks at file sizes and the first bytes of ``.jsonl`` files,
so the driver of a distributed run never reads the corpus.

A byte range holds the lines that *start* inside it (Hadoop's rule: a
reader skips the partial line at its start, and reads past its end to
finish its last line). Two things the whole-corpus reader
(:func:`geo.articles.iter_articles`) knows are not known to one partition:

* the line numbers of a ``.jsonl`` file, which give line problems their
  numbers and id-less records their ids: :func:`count_lines` counts the
  lines of each range (bytes only, no decoding), and the sum over the
  file's earlier ranges is the ``first_line`` of :func:`read_partition`;
* ids made unique across the corpus (``#2``, ``#3``...): :func:`id_base`
  sends every id that could collide with another to the same bucket, and
  :func:`unique_renames` replays the reader's rule over one bucket in
  reading order, so a few tasks find every rename without any one process
  holding every id.

With both, the partitions of a corpus read in order give exactly the
articles and problems :func:`~geo.articles.iter_articles` gives.

>>> import tempfile
>>> d = Path(tempfile.mkdtemp())
>>> lines = "".join(f'{{"id": "a", "text": "Text {i}"}}\\n' for i in range(5))
>>> _ = (d / "x.jsonl").write_text(lines)
>>> parts = [p for p in plan_partitions([d], target_bytes=50)]
>>> [(p.start, p.end) for p in parts]
[(0, 50), (50, 100), (100, None)]
>>> counts = [count_lines(p) for p in parts]
>>> counts
[2, 2, 1]
>>> [[a.id for a in read_partition(p)] for p in parts]
[['a', 'a'], ['a', 'a'], ['a']]
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from geo.articles.model import Article, ReadProblem
from geo.articles.reader import (
    DEFAULT_MAX_BYTES,
    FORMATS,
    _binary,
    _iter_sources,
    _jsonl_line,
    _mark_errors,
    _read_file,
    _stream_codec,
)

#: Bytes of input per partition by default: about 800 articles of 2.6 KB.
DEFAULT_PARTITION_BYTES = 2 * 1024 * 1024

#: Bytes read at a time when counting lines.
_COUNT_BLOCK = 1024 * 1024

_SUFFIX = re.compile(r"(?:#\d+)+\Z")


@dataclass(frozen=True, slots=True)
class Partition:
    """A slice of the input: whole files, or the lines starting in ``[start, end)`` of one file.

    ``index`` is the partition's place in reading order; ``part`` numbers the
    ranges of one split file (0 for whole files). ``end`` is ``None`` for
    the rest of the file.
    """

    index: int
    files: tuple[Path, ...]
    start: int = 0
    end: int | None = None
    part: int = 0

    @property
    def is_range(self) -> bool:
        """True for a byte range of one split ``.jsonl`` file."""
        return self.part > 0 or self.end is not None


def plan_partitions(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    target_bytes: int = DEFAULT_PARTITION_BYTES,
) -> Iterator[Partition | ReadProblem]:
    """Partitions of ``paths`` (and the problems met while listing them), in reading order.

    Consecutive small files are grouped up to ``target_bytes``; a UTF-8
    ``.jsonl`` file larger than that is split into byte ranges of that size.
    ``.csv`` files and UTF-16/32 ``.jsonl`` files are never split (a quoted
    CSV cell may hold a newline; a UTF-16 newline is two bytes).

    >>> list(plan_partitions(["no/such/file.txt"]))[0].message
    'no such file or directory'
    """
    if target_bytes < 1:
        raise ValueError(f"target_bytes must be positive, not {target_bytes}")
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    index = 0
    group: list[Path] = []
    group_bytes = 0

    def flush() -> Iterator[Partition]:
        nonlocal index, group, group_bytes
        if group:
            yield Partition(index, tuple(group))
            index += 1
            group, group_bytes = [], 0

    for source in _iter_sources(paths):
        if isinstance(source, ReadProblem):
            yield from flush()
            yield source
            continue
        try:
            size = source.stat().st_size
        except OSError:
            size = 0  # the reader reports it
        if _splittable(source, size, target_bytes):
            yield from flush()
            starts = range(0, size, target_bytes)
            for k, start in enumerate(starts):
                end = start + target_bytes if start + target_bytes < size else None
                yield Partition(index, (source,), start, end, part=k)
                index += 1
            continue
        if group and group_bytes + size > target_bytes:
            yield from flush()
        group.append(source)
        group_bytes += size
    yield from flush()


#: Partitions per worker the adaptive size aims at (:func:`partition_bytes`): enough
#: that the last ones to finish leave a worker idle only briefly.
PARTITIONS_PER_WORKER = 8

#: The smallest adaptive partition: about 100 articles of 2.6 KB, several NER batches.
MIN_PARTITION_BYTES = 256 * 1024


def input_bytes(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> int:
    """Bytes of the article files under ``paths`` (from the listing only; problems count 0).

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("x" * 10)
    >>> input_bytes([d, d / "missing.txt"])
    10
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    total = 0
    for source in _iter_sources(paths):
        if isinstance(source, Path):
            with contextlib.suppress(OSError):
                total += source.stat().st_size
    return total


def partition_bytes(total: int, workers: int, largest: int = DEFAULT_PARTITION_BYTES) -> int:
    """Bytes per partition for ``total`` bytes of input over ``workers`` workers.

    About :data:`PARTITIONS_PER_WORKER` partitions per worker, so that two
    workers stay busy to the end of a corpus of a few thousand articles,
    but never more than ``largest`` (what one task holds) nor fewer than
    :data:`MIN_PARTITION_BYTES` (NER runs in batches inside a partition).

    >>> partition_bytes(5_000_000, 2), partition_bytes(10**9, 2), partition_bytes(1000, 2)
    (312500, 2097152, 262144)
    """
    share = -(-total // (PARTITIONS_PER_WORKER * max(1, workers)))
    return max(MIN_PARTITION_BYTES, min(largest, share))


def _splittable(path: Path, size: int, target_bytes: int) -> bool:
    if size <= target_bytes or FORMATS.get(path.suffix.lower()) != "jsonl":
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(8192)
    except OSError:
        return False
    codec = _stream_codec(head) or "utf-8-sig"
    return codec == "utf-8-sig" and not _binary(head)


def count_lines(part: Partition) -> int:
    """Lines starting in a range partition (0 for whole files): bytes are counted, not decoded.

    The lines of a file's ranges, summed in order, give each range's ``first_line``.
    """
    if not part.is_range:
        return 0
    path = part.files[0]
    try:
        with path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            stop = size if part.end is None else min(part.end, size)
            if part.start >= stop:
                return 0
            # a line starts at 0 and after every newline that is not the file's last byte
            count = 1 if part.start == 0 else 0
            pos = max(part.start - 1, 0)
            fh.seek(pos)
            while pos < stop - 1:
                block = fh.read(min(_COUNT_BLOCK, stop - 1 - pos))
                if not block:
                    break
                count += block.count(b"\n")
                pos += len(block)
            return count
    except OSError:
        return 0


def read_partition(
    part: Partition,
    *,
    first_line: int = 0,
    renames: Mapping[int, str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | ReadProblem]:
    """Read one partition as :func:`~geo.articles.iter_articles` reads that part of the input.

    ``first_line`` is the number of lines of the same file before a range
    partition (:func:`count_lines` of its earlier ranges). ``renames`` maps
    an article's ordinal in this partition (0, 1, ... over its articles) to
    the id it gets across the corpus (:func:`unique_renames`); without it
    ids are those of the partition alone.
    """
    ordinal = 0
    for item in _read_items(part, first_line, max_bytes):
        if isinstance(item, Article):
            new_id = renames.get(ordinal) if renames else None
            ordinal += 1
            if new_id is not None and new_id != item.id:
                meta = dict(item.meta)
                meta["_duplicate_of"] = item.id
                item = replace(item, id=new_id, meta=meta)
        yield item


def _read_items(
    part: Partition, first_line: int, max_bytes: int
) -> Iterator[Article | ReadProblem]:
    if not part.is_range:
        for path in part.files:
            yield from _read_file(path, max_bytes)
        return
    path = part.files[0]
    try:
        with path.open("rb") as raw:
            yield from _read_jsonl_range(path, raw, part, first_line, max_bytes)
    except OSError as err:
        yield ReadProblem(path, None, f"cannot read: {err.strerror or err}")


def _read_jsonl_range(
    path: Path, raw: object, part: Partition, first_line: int, max_bytes: int
) -> Iterator[Article | ReadProblem]:
    """:func:`geo.articles.reader._read_jsonl` over the lines starting in one byte range.

    Only UTF-8 files are split (:func:`plan_partitions`), so each line can be
    decoded on its own: a newline byte is never inside a UTF-8 sequence.
    """
    import io

    assert isinstance(raw, io.BufferedReader)
    head = raw.read(8192)
    if not head:
        if part.start == 0:
            yield ReadProblem(path, None, "empty file")
        return
    bom = head.startswith(codecs.BOM_UTF8)
    label = "utf-8-sig" if bom else "utf-8"
    if _binary(head):
        if part.start == 0:
            yield ReadProblem(path, None, "binary file (mostly NUL bytes and no byte-order mark)")
        return
    errors = _mark_errors()
    raw.seek(max(part.start - 1, 0))
    if part.start > 0:
        raw.readline()  # the end of a line that started before this range
    pos = raw.tell()
    lineno = first_line
    limit = 4 * max_bytes + 8  # bytes enough for max_bytes characters and a newline
    while part.end is None or pos < part.end:
        data = raw.readline(limit)
        if not data:
            return
        lineno += 1
        codec = "utf-8-sig" if bom and pos == 0 else "utf-8"
        if len(data) >= limit and not data.endswith(b"\n"):
            while data and not data.endswith(b"\n"):
                data = raw.readline(limit)
            pos = raw.tell()
            yield ReadProblem(path, lineno, f"line longer than the limit of {max_bytes}")
            continue
        pos = raw.tell()
        line = data.decode(codec, errors=errors)
        if len(line) - line.endswith("\n") > max_bytes:
            yield ReadProblem(path, lineno, f"line longer than the limit of {max_bytes}")
            continue
        got = _jsonl_line(path, lineno, line, label, max_bytes)
        if got is not None:
            yield got


def first_lines(parts: Sequence[Partition], counts: Sequence[int]) -> list[int]:
    """Each partition's ``first_line``: the lines of its file's earlier ranges.

    >>> a, b = Path("a.jsonl"), Path("b.jsonl")
    >>> parts = [Partition(0, (a,), 0, 10), Partition(1, (a,), 10, None, 1), Partition(2, (b,))]
    >>> first_lines(parts, [3, 4, 0])
    [0, 3, 0]
    """
    out: list[int] = []
    running = 0
    for part, count in zip(parts, counts, strict=True):
        if part.part == 0:
            running = 0
        out.append(running if part.is_range else 0)
        running += count
    return out


def id_base(article_id: str) -> str:
    """The id without ``#n`` suffixes: ids that can collide with one another share it.

    The reader renames a repeated ``x`` to ``x#2`` (or ``x#3``... if that is
    taken), so an id only ever meets ids of its own base.

    >>> id_base("a.txt#2#3"), id_base("a#b"), id_base("17")
    ('a.txt', 'a#b', '17')
    """
    return _SUFFIX.sub("", article_id)


def unique_renames(entries: Iterable[tuple[int, int, str]]) -> dict[int, dict[int, str]]:
    """Renames that make ids unique, from ``(partition, ordinal, id)`` of one bucket of bases.

    Entries are replayed in reading order with the reader's rule (the first
    keeps its id, later ones get ``#2``, ``#3``...); the result maps a
    partition to ``{ordinal: new id}`` for renamed articles only.

    >>> unique_renames([(1, 0, "a"), (0, 0, "a"), (0, 1, "a#2"), (2, 5, "a")])
    {1: {0: 'a#3'}, 2: {5: 'a#4'}}
    """
    seen: set[str] = set()
    out: dict[int, dict[int, str]] = {}
    for part, ordinal, article_id in sorted(entries):
        new_id = article_id
        if new_id in seen:
            n = 2
            while f"{article_id}#{n}" in seen:
                n += 1
            new_id = f"{article_id}#{n}"
            out.setdefault(part, {})[ordinal] = new_id
        seen.add(new_id)
    return out
