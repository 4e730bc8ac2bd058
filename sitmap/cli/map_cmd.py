"""``sitmap map``: one map.html from the built situation, filtered."""

from __future__ import annotations

import click

from sitmap.cli.options import cdn_opt, tiles_opt


@click.command(name="map")
@click.option("--layers", "layer_list", metavar="A,B", default=None,
              help="Comma-separated layer names (default: all).")
@click.option("--from", "start", metavar="DATE", default=None, help="First day (YYYY-MM-DD).")
@click.option("--to", "end", metavar="DATE", default=None, help="Last day (YYYY-MM-DD).")
@click.option("--bbox", metavar="W,S,E,N", default=None, help="Only this box (degrees).")
@click.option("--situation", "situation_path", type=click.Path(path_type=str),
              default="build", show_default=True,
              help="Build directory or situation.json to draw from.")
@click.option("--title", default=None, help="Map title.")
@tiles_opt
@cdn_opt
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=str),
              default="map.html", show_default=True, help="HTML file to write.")
def map_cmd(layer_list: str | None, start: str | None, end: str | None, bbox: str | None,
            situation_path: str, title: str | None, tiles: str | None, cdn: bool,
            out: str) -> None:
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
    from layers.build import load_situation, parse_bbox, parse_day
    from layers.map import build_map, save_map

    day0, day1 = parse_day(start, "--from"), parse_day(end, "--to")
    box = parse_bbox(bbox)
    names = [n.strip() for n in layer_list.split(",") if n.strip()] if layer_list else None
    situation = filter_situation(load_situation(situation_path), start=day0, end=day1, bbox=box)
    m = build_map(situation, layers=names, start=day0, end=day1, bbox=box, tiles=tiles,
                  cdn=cdn, boundaries=load_boundaries(), title=title)
    click.echo(f"map: {save_map(m, out)}")
