"""Options shared by several commands (cligj-style vocabulary)."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from geo.errors import InputError

corpus_arg = click.argument("corpus", nargs=-1, type=click.Path(path_type=str), metavar="CORPUS...")
json_opt = click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
out_dir_opt = click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=str),
    default="build",
    show_default=True,
    help="Output directory.",
)
cache_opt = click.option(
    "--cache",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="SQLite article cache (default: OUT/cache.sqlite).",
)
workers_opt = click.option(
    "--workers",
    type=click.IntRange(1, 256),
    default=1,
    show_default=True,
    help=(
        "Process articles in N local processes (Dask LocalCluster): each reads its own "
        "partitions of the input and writes its results beside the article cache."
    ),
)
scheduler_opt = click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help=(
        "Send the work to an existing Dask scheduler, e.g. tcp://10.0.0.5:8786 (its workers "
        "must see the input and the article cache at the same paths)."
    ),
)


def _tiles(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An xyzservices provider name; an unknown one is a usage error."""
    if value is None:
        return None
    import xyzservices

    try:
        xyzservices.providers.query_name(value)
    except ValueError:
        raise click.BadParameter(f"unknown tile provider {value!r}", ctx, param) from None
    return value


tiles_opt = click.option(
    "--tiles",
    metavar="NAME",
    default=None,
    callback=_tiles,
    help="Add an online tile layer by xyzservices name (e.g. OpenStreetMap.Mapnik).",
)
cdn_opt = click.option(
    "--cdn", is_flag=True, help="Reference Leaflet by URL instead of inlining it (smaller file)."
)


def _bbox(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    """Parse ``--bbox`` (a bad box is a usage error, exit 2)."""
    from layers.build import parse_bbox

    try:
        return parse_bbox(value)
    except InputError as err:
        raise click.BadParameter(str(err), ctx=ctx, param=param) from None


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    """Parse ``--from``/``--to`` as YYYY-MM-DD (else a usage error)."""
    from layers.build import parse_day

    try:
        return parse_day(value, param.opts[0] if param.opts else "date")
    except InputError as err:
        raise click.BadParameter(str(err), ctx=ctx, param=param) from None


def layer_names(ctx: click.Context, param: click.Parameter, value: Any) -> list[str] | None:
    """Check layer names (``A,B`` or a tuple of arguments); unknown names are a usage error."""
    from layers import LAYER_NAMES

    if not value:
        return None
    items = value.split(",") if isinstance(value, str) else list(value)
    names = [n.strip() for n in items if n.strip()]
    unknown = [n for n in names if n not in LAYER_NAMES]
    if unknown:
        raise click.BadParameter(
            f"unknown layer(s) {', '.join(unknown)}; choose from {', '.join(LAYER_NAMES)}",
            ctx=ctx,
            param=param,
        )
    return names


def check_window(start: date | None, end: date | None) -> None:
    """``--from`` after ``--to`` is a usage error."""
    if start and end and start > end:
        raise click.UsageError(f"--from {start} is after --to {end}")


bbox_opt = click.option(
    "--bbox", metavar="W,S,E,N", default=None, callback=_bbox, help="Only this box (degrees)."
)
from_opt = click.option(
    "--from", "start", metavar="DATE", default=None, callback=_day, help="First day (YYYY-MM-DD)."
)
to_opt = click.option(
    "--to", "end", metavar="DATE", default=None, callback=_day, help="Last day (YYYY-MM-DD)."
)
layers_opt = click.option(
    "--layers",
    "layer_list",
    metavar="A,B",
    default=None,
    callback=layer_names,
    help="Comma-separated layer names (default: all).",
)
