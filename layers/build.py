"""The main job: corpus → situation → every output file in one directory.

``sitmap build`` (and ``make map``) call :func:`build_outputs`. It writes
``map.html``, ``layers/<layer>.geojson``, ``situation.gpkg``, ``events.csv``,
``events.parquet``, ``unresolved.csv``, ``report.md`` and
``situation.json`` (the merged situation, from which layers and maps are
regenerated without re-reading articles), plus the SQLite article cache
``cache.sqlite`` unless another cache path is given. Every file is written
atomically and deterministically.
"""

from __future__ import annotations

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
from geo.atomic import atomic_write
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
            "events": self.events,
            "layers": dict(self.layer_counts),
            "problems": [str(p) for p in self.problems],
        }


def save_situation(situation: Situation, path: str | os.PathLike[str]) -> Path:
    """Write the situation as JSON (atomically, deterministically)."""
    # json.dump streams its chunks to the file; json.dumps would hold them all
    # and the whole text (about 115 KB per article) at once. Same bytes.
    with atomic_write(path) as fh:
        json.dump(situation.to_dict(), fh, ensure_ascii=False, sort_keys=True, indent=1)
        fh.write("\n")
    return Path(path)


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


def _report(situation: Situation, problems: Sequence[ReadProblem],
            layer_counts: dict[str, int]) -> str:
    dates = sorted(e.event_date for e in situation.events if e.event_date)
    by_type = Counter(e.event_type for e in situation.events)
    reasons = Counter(u.reason.split(":")[0] for u in situation.unresolved)
    lines = [
        "# sitmap build report",
        "",
        f"- articles: {len(situation.articles)}",
        f"- place mentions placed: {len(situation.toponyms)}",
        f"- place mentions unresolved: {len(situation.unresolved)} (see unresolved.csv)",
        f"- events (after merging across articles): {len(situation.events)}",
        f"- event dates: {dates[0].isoformat()} to {dates[-1].isoformat()}" if dates
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


def write_outputs(
    situation: Situation,
    out_dir: str | os.PathLike[str],
    *,
    problems: Sequence[ReadProblem] = (),
    boundaries: Any = None,
    tiles: str | None = None,
    cdn: bool = False,
    title: str | None = None,
) -> tuple[list[Path], dict[str, int]]:
    """Write every output of a build from an already built situation."""
    from layers import exports
    from layers.map import build_layers, build_map, save_map

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files: list[Path] = [save_situation(situation, out / SITUATION_FILE)]
    frames = build_layers(situation, None, boundaries)
    layer_counts = {name: len(gdf) for name, gdf in frames.items()}
    for name, gdf in frames.items():
        files.append(exports.write_geojson(gdf, out / "layers" / f"{name}.geojson"))
    files.append(exports.write_gpkg(frames, out / "situation.gpkg"))
    files.append(exports.write_csv(exports.events_table(situation), out / "events.csv"))
    files.append(exports.write_events_parquet(situation, out / "events.parquet"))
    files.append(exports.write_csv(exports.unresolved_table(situation), out / "unresolved.csv"))
    m = build_map(situation, boundaries=boundaries, tiles=tiles, cdn=cdn,
                  title=title or "sitmap situation map")
    files.append(save_map(m, out / "map.html"))
    with atomic_write(out / "report.md") as fh:
        fh.write(_report(situation, problems, layer_counts))
    files.append(out / "report.md")
    return files, layer_counts


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
) -> BuildReport:
    """Build the situation of ``corpus`` and write every output into ``out_dir``.

    Raises :class:`InputError` when no article could be read at all; files
    that could not be read are reported in ``problems`` and in report.md.
    """
    from geo.pipeline import build_situation, load_resources

    settings = settings or Settings.from_env()
    out = Path(out_dir)
    resources = load_resources(settings)
    result = build_situation(
        [str(p) for p in corpus],
        settings=settings,
        resources=resources,
        cache=cache if cache is not None else out / CACHE_FILE,
        workers=workers,
        scheduler=scheduler,
        progress=progress,
    )
    if not result.situation.articles:
        details = "; ".join(str(p) for p in result.problems) or "no article files found"
        raise InputError(f"no article could be read: {details}")
    files, counts = write_outputs(result.situation, out, problems=result.problems,
                                  boundaries=resources.boundaries, tiles=tiles, cdn=cdn)
    s = result.situation
    return BuildReport(
        out_dir=out,
        files=tuple(files),
        articles=len(s.articles),
        processed=result.processed,
        cached=result.cached,
        toponyms=len(s.toponyms),
        unresolved=len(s.unresolved),
        events=len(s.events),
        problems=result.problems,
        layer_counts=counts,
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
    "write_layers",
    "write_outputs",
]
