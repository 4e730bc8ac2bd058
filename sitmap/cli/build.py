"""``sitmap build``: the main job, corpus → every output file."""

from __future__ import annotations

from pathlib import Path

import click

from sitmap.cli.options import (
    cache_opt,
    cdn_opt,
    corpus_arg,
    json_opt,
    out_dir_opt,
    scheduler_opt,
    tiles_opt,
    workers_opt,
)
from sitmap.cli.output import echo_json, warn
from sitmap.cli.progress import progress_bar

DEFAULT_CORPUS = "seeds"


@click.command()
@corpus_arg
@out_dir_opt
@cache_opt
@workers_opt
@scheduler_opt
@tiles_opt
@cdn_opt
@click.option(
    "--wait/--no-wait",
    default=True,
    show_default=True,
    help="If another build is writing into OUT: wait for it, or fail at once (exit 1).",
)
@json_opt
@click.pass_context
def build(
    ctx: click.Context,
    corpus: tuple[str, ...],
    out_dir: str,
    cache: str | None,
    workers: int,
    scheduler: str | None,
    tiles: str | None,
    cdn: bool,
    wait: bool,
    as_json: bool,
) -> None:
    """Build the situation map and data files from CORPUS (default: seeds/).

    Writes OUT/map.html, OUT/layers/<layer>.geojson, OUT/situation.gpkg,
    OUT/events.csv (ACLED-compatible), OUT/events.parquet (GeoParquet),
    OUT/unresolved.csv, OUT/report.md, OUT/situation.json and, last,
    OUT/manifest.json (every file's sha256 and size, the inputs, the
    versions). A build replaces the previous one as a whole, in one step: a
    killed build leaves the previous one intact. Articles are cached by
    content in OUT/cache.sqlite: a rebuild reprocesses only new or changed
    articles. Files that cannot be read are reported and skipped.

    \b
    Example:
      sitmap build
      sitmap build articles/ more.jsonl --out build --workers 2
    """
    from layers.build import build_outputs

    sources = corpus or (DEFAULT_CORPUS,)
    quiet = ctx.find_root().params.get("quiet", 0) > 0
    total = None if scheduler else _count_hint(sources)
    with progress_bar("articles", total, quiet=quiet) as report:
        result = build_outputs(
            sources,
            out_dir,
            cache=cache,
            workers=workers,
            scheduler=scheduler,
            tiles=tiles,
            cdn=cdn,
            progress=report,
            wait=wait,
        )
    for problem in result.problems:
        warn(str(problem))
    if as_json:
        echo_json(result.to_dict())
        return
    if not quiet:
        click.echo(
            f"{result.articles} articles ({result.processed} processed, {result.cached} cached): "
            f"{result.toponyms} places, {result.unresolved} unresolved, "
            f"{result.set_aside} names set aside as not places, {result.events} events"
        )
        click.echo(f"map: {Path(out_dir) / 'map.html'}")


def _count_hint(sources: tuple[str, ...]) -> int | None:
    """A cheap article count for the progress bar (files only; None if unknown)."""
    count = 0
    for src in sources:
        path = Path(src)
        try:
            if path.is_dir():
                count += sum(1 for p in path.rglob("*") if p.suffix in (".txt", ".md", ".html"))
            elif path.suffix in (".jsonl", ".csv"):
                return None
            else:
                count += 1
        except OSError:  # the reader reports unreadable paths; this is only a hint
            continue
    return count or None
