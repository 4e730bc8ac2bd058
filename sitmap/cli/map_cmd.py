"""``sitmap map``: one map.html from the built situation, filtered."""

from __future__ import annotations

from datetime import date

import click

from sitmap.cli.options import (
    bbox_opt,
    cdn_opt,
    check_window,
    from_opt,
    layers_opt,
    tiles_opt,
    to_opt,
)


@click.command(name="map")
@layers_opt
@from_opt
@to_opt
@bbox_opt
@click.option(
    "--situation",
    "situation_path",
    type=click.Path(path_type=str),
    default="build",
    show_default=True,
    help="Build directory or situation.json to draw from.",
)
@click.option("--title", default=None, help="Map title.")
@tiles_opt
@cdn_opt
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=str),
    default="map.html",
    show_default=True,
    help="HTML file to write.",
)
def map_cmd(
    layer_list: list[str] | None,
    start: date | None,
    end: date | None,
    bbox: tuple[float, float, float, float] | None,
    situation_path: str,
    title: str | None,
    tiles: str | None,
    cdn: bool,
    out: str,
) -> None:
    """Draw a self-contained HTML map of chosen layers, dates and area.

    Events outside --from/--to or the --bbox are left out; the map's time
    control starts on the same window.

    \b
    Example:
      sitmap map --layers incidents,control_claims --out incidents.html
      sitmap map --from 2021-06-01 --to 2021-07-31 --bbox 66,35,72,39 --out june.html
    """
    from geo.boundaries import load_boundaries
    from geo.situation import filter_situation
    from layers.build import load_situation, write_output
    from layers.map import build_map, save_map

    check_window(start, end)
    situation = filter_situation(load_situation(situation_path), start=start, end=end, bbox=bbox)
    m = build_map(
        situation,
        layers=layer_list,
        start=start,
        end=end,
        bbox=bbox,
        tiles=tiles,
        cdn=cdn,
        boundaries=load_boundaries(),
        title=title,
    )
    click.echo(f"map: {write_output(out, lambda path: save_map(m, path))}")
