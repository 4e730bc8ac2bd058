"""``sitmap control``: who holds what, as of a date, from a built situation."""

from __future__ import annotations

import click

from sitmap.cli.options import json_opt
from sitmap.cli.output import echo_json, echo_table

COLUMNS = ("object", "kind", "country", "border", "holder", "status", "since", "last_reported",
           "extent", "sources")  # fmt: skip


@click.command(name="control")
@click.argument(
    "build_dir", required=False, default="build", type=click.Path(path_type=str),
    metavar="[BUILD_DIR]",
)  # fmt: skip
@click.option(
    "--as-of", "as_of", metavar="DATE", default=None,
    help="ISO date (YYYY-MM-DD); default: the last date any state was reported.",
)  # fmt: skip
@json_opt
def control(build_dir: str, as_of: str | None, as_json: bool) -> None:
    """Print each object's control state (holder, status, since) as of DATE.

    Reads BUILD_DIR/situation.json (or a situation file) written by ``sitmap build``.
    Status: claimed (by the holder), conceded (by the other side), reported (third
    parties), confirmed (two or more outlets) or disputed.

    \b
    Example:
      sitmap control --as-of 2021-07-09 build
      sitmap control --as-of 2025-03-20 --json build
    """
    from geo.control import as_of_rows, control_timeline, last_reported
    from layers.build import load_situation, parse_day

    records = control_timeline(load_situation(build_dir))
    day = parse_day(as_of, "--as-of") if as_of else last_reported(records)
    rows = as_of_rows(records, day) if day is not None else []
    if as_json:
        echo_json({"as_of": None if day is None else day.isoformat(), "objects": rows})
    else:
        echo_table(rows, COLUMNS)
