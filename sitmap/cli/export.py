"""``sitmap export``: the built situation as a figure or a data file."""

from __future__ import annotations

from pathlib import Path

import click

FORMATS = ("png", "svg", "pdf", "geojson", "gpkg", "csv", "parquet")


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="Output format.")
@click.option("--out", "out", type=click.Path(path_type=str), default=None,
              help="Output file (default: situation.FORMAT; for geojson a directory).")
@click.option("--situation", "situation_path", type=click.Path(path_type=str),
              default="build", show_default=True,
              help="Build directory or situation.json to export.")
@click.option("--layers", "layer_list", metavar="A,B", default=None,
              help="Comma-separated layers (figures, geojson, gpkg).")
@click.option("--from", "start", metavar="DATE", default=None, help="First day (YYYY-MM-DD).")
@click.option("--to", "end", metavar="DATE", default=None, help="Last day (YYYY-MM-DD).")
@click.option("--bbox", metavar="W,S,E,N", default=None, help="Only this box (degrees).")
@click.option("--title", default="Situation map", show_default=True, help="Figure title.")
def export(fmt: str, out: str | None, situation_path: str, layer_list: str | None,
           start: str | None, end: str | None, bbox: str | None, title: str) -> None:
    """Export the built situation as a figure (PNG/SVG/PDF) or data (GeoJSON/GPKG/CSV/Parquet).

    csv and parquet export the ACLED-compatible event table.

    \b
    Example:
      sitmap export --format png --bbox 67,36,72,41 --from 2021-06-01 --out tajik.png
      sitmap export --format gpkg --out situation.gpkg
    """
    from geo.boundaries import load_boundaries
    from geo.situation import filter_situation
    from layers import exports
    from layers.build import load_situation, parse_bbox, parse_day, write_layers
    from layers.map import build_layers
    from layers.static import render_static

    day0, day1 = parse_day(start, "--from"), parse_day(end, "--to")
    box = parse_bbox(bbox)
    names = [n.strip() for n in layer_list.split(",") if n.strip()] if layer_list else None
    situation = filter_situation(load_situation(situation_path), start=day0, end=day1, bbox=box)
    target = out or ("." if fmt == "geojson" else f"situation.{fmt}")
    if fmt in ("png", "svg", "pdf"):
        if Path(target).suffix.lower() != f".{fmt}":
            raise click.BadParameter(f"--out must end in .{fmt}", param_hint="--out")
        path = render_static(situation, target, layers=names, boundaries=load_boundaries(),
                             bbox=box, start=day0, end=day1, title=title)
        click.echo(f"{fmt}: {path}")
    elif fmt == "geojson":
        for name, path in write_layers(situation, target, names,
                                       boundaries=load_boundaries()).items():
            click.echo(f"{name}: {path}")
    elif fmt == "gpkg":
        frames = build_layers(situation, names, load_boundaries(), box)
        click.echo(f"gpkg: {exports.write_gpkg(frames, target)}")
    elif fmt == "csv":
        click.echo(f"csv: {exports.write_csv(exports.events_table(situation), target)}")
    else:
        click.echo(f"parquet: {exports.write_events_parquet(situation, target)}")
