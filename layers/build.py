"""The main job: corpus → situation → every output file in one directory.

``sitmap build`` (and ``make map``) call :func:`build_outputs`. It writes
``map.html``, ``layers/<layer>.geojson``, ``situation.gpkg``, ``events.csv``,
``events.parquet``, ``unresolved.csv``, ``report.md``, ``situation.json``
(the merged situation, from which layers and maps are regenerated without
re-reading articles) and, last, ``manifest.json``, plus the SQLite article
cache ``cache.sqlite`` unless another cache path is given.

A build is one *generation* (:func:`geo.atomic.new_generation`): every file
is written into a staging directory, and the whole set replaces the previous
one in a single rename, so ``OUT/map.html`` and its siblings always belong
to one complete build, even after a build killed half-way. One writer at a
time holds ``OUT/.lock``. Outputs are deterministic: the same inputs give the
same bytes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib.metadata
import json
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from geo.articles import ReadProblem
from geo.atomic import (
    CURRENT,
    MANIFEST,
    Stage,
    atomic_write,
    file_entry,
    new_generation,
    output_lock,
)
from geo.errors import DataError, InputError
from geo.settings import Settings
from geo.situation import Situation, situation_from_dict
from layers import LAYER_NAMES

log = logging.getLogger("sitmap.build")

SITUATION_FILE = "situation.json"
CACHE_FILE = "cache.sqlite"


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote and found."""

    out_dir: Path
    files: tuple[Path, ...]
    articles: int
    processed: int
    cached: int
    toponyms: int
    unresolved: int
    events: int
    problems: tuple[ReadProblem, ...] = ()
    layer_counts: dict[str, int] = field(default_factory=dict)
    set_aside: int = 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON summary (for ``--json``)."""
        return {
            "out_dir": str(self.out_dir),
            "files": [str(p) for p in self.files],
            "articles": self.articles,
            "processed": self.processed,
            "cached": self.cached,
            "toponyms": self.toponyms,
            "unresolved": self.unresolved,
            "set_aside": self.set_aside,
            "events": self.events,
            "layers": dict(self.layer_counts),
            "problems": [str(p) for p in self.problems],
        }


def save_situation(situation: Situation, path: str | os.PathLike[str]) -> Path:
    """Write the situation as JSON (atomically, deterministically)."""
    # The file ``json.dump(situation.to_dict(), sort_keys=True, indent=1)`` gives,
    # written one record at a time: the whole situation as dicts (about 1 KB
    # per toponym, some 30 KB per article) is never held at once.
    with atomic_write(path) as fh:
        write_situation_json(situation, fh)
        fh.write("\n")
    return Path(path)


def write_situation_json(situation: Situation, fh: Any) -> None:
    """Write ``situation`` to the text file ``fh`` as :func:`save_situation`'s JSON, streamed.

    The bytes are those of ``json.dump(situation.to_dict(), fh, ensure_ascii=False,
    sort_keys=True, indent=1)``; only one record is turned into a dict at a time.

    >>> import io
    >>> from geo.situation import ArticleInfo
    >>> s = Situation(articles=(ArticleInfo("a", title="Ä"), ArticleInfo("b")))
    >>> fh = io.StringIO(); write_situation_json(s, fh)
    >>> fh.getvalue() == json.dumps(s.to_dict(), ensure_ascii=False, sort_keys=True, indent=1)
    True
    """
    keys = sorted(f.name for f in dataclasses.fields(situation))
    fh.write("{")
    for i, key in enumerate(keys):
        fh.write(("," if i else "") + "\n " + json.dumps(key, ensure_ascii=False) + ": ")
        records = getattr(situation, key)
        if not records:
            fh.write("[]")
            continue
        fh.write("[")
        for j, record in enumerate(records):
            text = json.dumps(record.to_dict(), ensure_ascii=False, sort_keys=True, indent=1)
            # a JSON text has no raw newline inside a string: every "\n" is a line break
            fh.write(("," if j else "") + "\n  " + text.replace("\n", "\n  "))
        fh.write("\n ]")
    fh.write("\n}")


def load_situation(path: str | os.PathLike[str]) -> Situation:
    """Read a situation written by :func:`save_situation` (a file or a build directory)."""
    target = Path(path)
    if target.is_dir():
        target = target / SITUATION_FILE
    if not target.exists():
        raise InputError(f"{target} does not exist: run 'sitmap build' first")
    try:
        return situation_from_dict(json.loads(target.read_text(encoding="utf-8")))
    except (ValueError, TypeError, KeyError) as err:
        raise DataError(f"{target} is not a sitmap situation file: {err}") from err


def write_layers(
    situation: Situation,
    out_dir: str | os.PathLike[str],
    names: Iterable[str] | None = None,
    *,
    boundaries: Any = None,
) -> dict[str, Path]:
    """Write ``layers/<name>.geojson`` for the chosen layers; return name → path."""
    from layers.exports import write_geojson
    from layers.map import build_layers

    frames = build_layers(situation, list(names) if names else None, boundaries)
    folder = Path(out_dir) / "layers"
    return {name: write_geojson(gdf, folder / f"{name}.geojson") for name, gdf in frames.items()}


def write_output(
    path: str | os.PathLike[str], write: Callable[[Path], Any], *, wait: bool = True
) -> Path:
    """Run ``write(target)`` for an output path; inside a build directory, as a new generation.

    When ``path`` is one of a build's documented paths (``build/map.html``, a
    link into the current generation), the file is written into a new
    generation made from the current one, so the build stays one consistent
    set with a matching manifest; anywhere else ``write(path)`` runs as is.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "notes.txt"
    >>> write_output(out, lambda p: p.write_text("hi")).read_text()
    'hi'
    """
    target = Path(path)
    out = target.parent
    link = f"{CURRENT}/{target.name}"
    if not (target.is_symlink() and os.readlink(target) == link and (out / CURRENT).is_symlink()):
        write(target)
        return target
    with output_lock(out, wait=wait), new_generation(out, from_current=True) as stage:
        inner = stage.path / target.name
        if inner.is_file():
            inner.unlink()  # a hard link to the current generation's file: never write through it
        write(inner)
    return target


def update_layers(
    situation: Situation,
    out_dir: str | os.PathLike[str],
    names: Iterable[str] | None = None,
    *,
    boundaries: Any = None,
    wait: bool = True,
) -> dict[str, Path]:
    """Rewrite chosen layers of a build directory as a new generation (``sitmap layers build``).

    The other files of the current generation are kept (hard links) and the
    manifest is written anew, so the directory stays one consistent set.
    """
    out = Path(out_dir)
    with output_lock(out, wait=wait), new_generation(out, from_current=True) as stage:
        written = write_layers(situation, stage.path, names, boundaries=boundaries)
    return {name: out / "layers" / path.name for name, path in written.items()}


def _report(
    situation: Situation, problems: Sequence[ReadProblem], layer_counts: dict[str, int]
) -> str:
    dates = sorted(e.event_date for e in situation.events if e.event_date)
    by_type = Counter(e.event_type for e in situation.events)
    reasons = Counter(u.reason.split(":")[0] for u in situation.unresolved)
    aside = sum(u.set_aside for u in situation.unresolved)
    unplaced = len(situation.unresolved) - aside
    lines = [
        "# sitmap build report",
        "",
        f"- articles: {len(situation.articles)}",
        f"- place mentions placed: {len(situation.toponyms)}",
        f"- place mentions unresolved: {unplaced} (see unresolved.csv)",
        f"- names set aside as not places: {aside} (listed in unresolved.csv too, "
        '"not taken as a place")',
        f"- events (after merging across articles): {len(situation.events)}",
        f"- event dates: {dates[0].isoformat()} to {dates[-1].isoformat()}"
        if dates
        else "- event dates: none stated",
        "",
        "## Events by type",
        "",
        *(f"- {kind}: {n}" for kind, n in sorted(by_type.items())),
        "",
        "## Layers",
        "",
        "| layer | features |",
        "| --- | --- |",
        *(f"| {name} | {n} |" for name, n in layer_counts.items()),
        "",
        "## Unresolved mentions by reason",
        "",
        *(f"- {reason}: {n}" for reason, n in sorted(reasons.items())),
        "",
        "## Warnings",
        "",
        *([f"- {p}" for p in problems] or ["- none"]),
        "",
    ]
    return "\n".join(lines)


def _versions() -> dict[str, Any]:
    """The version of sitmap and the gazetteer data version (see :mod:`geo.gazetteer.store`)."""
    try:
        version = importlib.metadata.version("sitmap")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    try:
        from geo.gazetteer import build as gaz_build
        from geo.gazetteer import store

        data = store.data_version(
            gaz_build.BOUNDARIES_DIR, gaz_build.PLACES_CSV, gaz_build.SOURCE_DIRS
        )
    except DataError:
        data = None
    return {"sitmap_version": version, "data_version": data}


def input_entries(corpus: Iterable[str | os.PathLike[str]]) -> list[dict[str, Any]]:
    """Every article file under ``corpus`` with its sha256 and size (for the manifest)."""
    from geo.articles import list_sources

    rows = []
    for path in list_sources(corpus):
        try:
            entry = file_entry(path)
        except OSError:
            continue  # reported by the reader
        rows.append({"path": str(path), **entry})
    return rows


#: Output files in the order :func:`write_outputs` reports them (layers go after situation.json).
OUTPUT_FILES = (
    "situation.json",
    "situation.gpkg",
    "events.csv",
    "events.parquet",
    "unresolved.csv",
    "control.csv",
    "map.html",
    "report.md",
    MANIFEST,
)


def _write_files(
    situation: Situation,
    out: Path,
    *,
    problems: Sequence[ReadProblem],
    boundaries: Any,
    tiles: str | None,
    cdn: bool,
    title: str | None,
) -> dict[str, int]:
    """Write every output file into ``out`` (a staging directory); return layer counts."""
    from layers import exports
    from layers.control import write_control_outputs
    from layers.map import build_layers, build_map, save_map

    save_situation(situation, out / SITUATION_FILE)
    frames = build_layers(situation, None, boundaries)
    layer_counts = {name: len(gdf) for name, gdf in frames.items()}
    for name, gdf in frames.items():
        exports.write_geojson(gdf, out / "layers" / f"{name}.geojson")
    exports.write_gpkg(frames, out / "situation.gpkg")
    events = exports.events_table(situation)  # made once for both files, then let go of
    exports.write_csv(events, out / "events.csv")
    exports.write_events_parquet(situation, out / "events.parquet", events)
    del events
    exports.write_csv(exports.unresolved_table(situation), out / "unresolved.csv")
    write_control_outputs(situation, out)  # control.csv (layers/control.py)
    _release_unused()
    m = build_map(
        situation,
        boundaries=boundaries,
        tiles=tiles,
        cdn=cdn,
        title=title or "sitmap situation map",
        frames=frames,
    )
    del frames  # the map holds what it needs; the frames are not needed while it is written
    save_map(m, out / "map.html")
    del m
    with atomic_write(out / "report.md") as fh:
        fh.write(_report(situation, problems, layer_counts))
    return layer_counts


def _release_unused() -> None:
    """Return to the system what pyarrow's memory pool holds freed (before the map is made).

    pandas keeps text columns in pyarrow's pool, whose allocator holds on to freed
    pages; the tables are written and gone by now, and the map allocates elsewhere.
    """
    import pyarrow

    pyarrow.default_memory_pool().release_unused()


def write_outputs(
    situation: Situation,
    out_dir: str | os.PathLike[str],
    *,
    problems: Sequence[ReadProblem] = (),
    boundaries: Any = None,
    tiles: str | None = None,
    cdn: bool = False,
    title: str | None = None,
    manifest: dict[str, Any] | None = None,
    wait: bool = True,
    locked: bool = False,
) -> tuple[list[Path], dict[str, int]]:
    """Write every output of a build from an already built situation, as one generation.

    ``manifest`` adds fields to ``manifest.json`` (the build's inputs and
    versions); sitmap's version and the data version are always there.
    ``locked`` says the caller already holds :func:`geo.atomic.output_lock`.
    Returns the documented paths (``OUT/map.html`` ...) and the layer counts.
    """
    out = Path(out_dir)
    lock = contextlib.nullcontext() if locked else output_lock(out, wait=wait)
    stage: Stage
    with lock, new_generation(out) as stage:
        counts = _write_files(
            situation,
            stage.path,
            problems=problems,
            boundaries=boundaries,
            tiles=tiles,
            cdn=cdn,
            title=title,
        )
        stage.meta.update({"inputs": None, **_versions(), **(manifest or {})})
        layers = sorted(p.name for p in (stage.path / "layers").iterdir())
    files = [
        out / OUTPUT_FILES[0],
        *(out / "layers" / n for n in layers),
        *(out / n for n in OUTPUT_FILES[1:]),
    ]
    return files, counts


def build_outputs(
    corpus: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str] = "build",
    *,
    settings: Settings | None = None,
    cache: str | os.PathLike[str] | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    tiles: str | None = None,
    cdn: bool = False,
    progress: Callable[[int], None] | None = None,
    wait: bool = True,
) -> BuildReport:
    """Build the situation of ``corpus`` and write every output into ``out_dir``.

    Raises :class:`InputError` when no article could be read at all; files
    that could not be read are reported in ``problems`` and in report.md.
    The whole build holds ``out_dir``'s lock: a second build into the same
    directory waits for it (``wait=True``) or raises
    :class:`geo.atomic.OutputBusyError`.
    """
    from geo.pipeline import build_situation, load_resources

    settings = settings or Settings.from_env()
    out = Path(out_dir)
    resources = load_resources(settings)
    with output_lock(out, wait=wait):
        result = build_situation(
            [str(p) for p in corpus],
            settings=settings,
            resources=resources,
            cache=cache if cache is not None else out / CACHE_FILE,
            workers=workers,
            scheduler=scheduler,
            progress=progress,
            keep_results=False,  # the outputs need the merged situation only
        )
        if not result.situation.articles:
            details = "; ".join(str(p) for p in result.problems) or "no article files found"
            raise InputError(f"no article could be read: {details}")
        manifest = {"inputs": input_entries(corpus), "pipeline_version": resources.version}
        files, counts = write_outputs(
            result.situation,
            out,
            problems=result.problems,
            boundaries=resources.boundaries,
            tiles=tiles,
            cdn=cdn,
            manifest=manifest,
            locked=True,
        )
    s = result.situation
    return BuildReport(
        out_dir=out,
        files=tuple(files),
        articles=len(s.articles),
        processed=result.processed,
        cached=result.cached,
        toponyms=len(s.toponyms),
        unresolved=sum(not u.set_aside for u in s.unresolved),
        events=len(s.events),
        problems=result.problems,
        layer_counts=counts,
        set_aside=sum(u.set_aside for u in s.unresolved),
    )


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    """Parse ``"W,S,E,N"`` into floats, checking ranges.

    >>> parse_bbox("67,36,72,41")
    (67.0, 36.0, 72.0, 41.0)
    """
    if text is None:
        return None
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 4:
        raise InputError(f"bbox must be W,S,E,N (four numbers), not {text!r}")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise InputError(f"bbox must be four numbers W,S,E,N, not {text!r}") from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise InputError(f"bbox {text!r} is not W<E within ±180 and S<N within ±90")
    return west, south, east, north


def parse_day(text: str | None, what: str = "date") -> date | None:
    """Parse an ISO date (YYYY-MM-DD), or raise :class:`InputError`.

    >>> parse_day("2021-07-09")
    datetime.date(2021, 7, 9)
    """
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{what} must be YYYY-MM-DD, not {text!r}") from None


__all__ = [
    "LAYER_NAMES",
    "BuildReport",
    "build_outputs",
    "load_situation",
    "parse_bbox",
    "parse_day",
    "save_situation",
    "update_layers",
    "write_layers",
    "write_output",
    "write_outputs",
]
