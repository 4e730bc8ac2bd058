"""Options shared by several commands (cligj-style vocabulary)."""

from __future__ import annotations

import click

corpus_arg = click.argument(
    "corpus", nargs=-1, type=click.Path(path_type=str), metavar="CORPUS..."
)
json_opt = click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
out_dir_opt = click.option(
    "--out", "out_dir", type=click.Path(file_okay=False, path_type=str), default="build",
    show_default=True, help="Output directory.",
)
cache_opt = click.option(
    "--cache", type=click.Path(dir_okay=False, path_type=str), default=None,
    help="SQLite article cache (default: OUT/cache.sqlite).",
)
workers_opt = click.option(
    "--workers", type=click.IntRange(1, 256), default=1, show_default=True,
    help="Process articles in N local processes (Dask LocalCluster).",
)
scheduler_opt = click.option(
    "--scheduler", metavar="ADDRESS", default=None,
    help="Send the work to an existing Dask scheduler, e.g. tcp://10.0.0.5:8786.",
)
tiles_opt = click.option(
    "--tiles", metavar="NAME", default=None,
    help="Add an online tile layer by xyzservices name (e.g. OpenStreetMap.Mapnik).",
)
cdn_opt = click.option(
    "--cdn", is_flag=True, help="Reference Leaflet by URL instead of inlining it (smaller file)."
)
