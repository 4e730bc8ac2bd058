"""``sitmap export``: the built situation as a figure or a data file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from sitmap.cli.options import bbox_opt, check_window, from_opt, layers_opt, to_opt

FORMATS = ("png", "svg", "pdf", "geojson", "gpkg", "csv", "parquet")
#: Where ``--format geojson`` writes its per-layer files without ``--out``.
GEOJSON_DIR = "sitmap-export"


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="Output format.")
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=str),
    default=None,
    help="Output file (default: situation.FORMAT). For geojson, a file ending in "
    ".geojson gets one FeatureCollection of the chosen layers (property "
    f"'layer'); anything else is a directory of LAYER.geojson files "
    f"(default: {GEOJSON_DIR}/).",
)
@click.option(
    "--situation",
    "situation_path",
    type=click.Path(path_type=str),
    default="build",
    show_default=True,
    help="Build directory or situation.json to export.",
)
@layers_opt
@from_opt
@to_opt
@bbox_opt
@click.option("--title", default="Situation map", show_default=True, help="Figure title.")
def export(
    fmt: str,
    out: str | None,
    situation_path: str,
    layer_list: list[str] | None,
    start: date | None,
    end: date | None,
    bbox: tuple[float, float, float, float] | None,
    title: str,
) -> None:
    """Export the built situation as a figure (PNG/SVG/PDF) or data (GeoJSON/GPKG/CSV/Parquet).

    csv and parquet export the ACLED-compatible event table.

    \b
    Example:
      sitmap export --format png --bbox 67,36,72,41 --from 2021-06-01 --out tajik.png
      sitmap export --format gpkg --out situation.gpkg
      sitmap export --format geojson --layers incidents --out incidents.geojson
    """
    check_window(start, end)
    target = out or (GEOJSON_DIR if fmt == "geojson" else f"situation.{fmt}")
    suffix = Path(target).suffix.lower()
    if fmt in ("png", "svg", "pdf", "gpkg", "csv", "parquet") and suffix != f".{fmt}":
        raise click.BadParameter(f"--out must end in .{fmt}", param_hint="--out")
    if fmt == "geojson" and suffix == ".json":
        raise click.BadParameter(
            "--out must end in .geojson (one file) or name a directory", param_hint="--out"
        )
    if fmt == "geojson" and suffix != ".geojson" and Path(target).is_file():
        raise click.BadParameter(f"{target} is a file, not a directory", param_hint="--out")

    from geo.boundaries import load_boundaries
    from geo.situation import filter_situation
    from layers import exports
    from layers.build import load_situation
    from layers.map import build_layers
    from layers.static import render_static

    situation = filter_situation(load_situation(situation_path), start=start, end=end, bbox=bbox)
    if fmt in ("png", "svg", "pdf"):
        path = render_static(
            situation,
            target,
            layers=layer_list,
            boundaries=load_boundaries(),
            bbox=bbox,
            start=start,
            end=end,
            title=title,
        )
        click.echo(f"{fmt}: {path}")
    elif fmt == "geojson":
        frames = build_layers(situation, layer_list, load_boundaries(), bbox)
        if suffix == ".geojson":
            click.echo(f"geojson: {exports.write_geojson_layers(frames, target)}")
        else:
            for name, gdf in frames.items():
                path = exports.write_geojson(gdf, Path(target) / f"{name}.geojson")
                click.echo(f"{name}: {path}")
    elif fmt == "gpkg":
        frames = build_layers(situation, layer_list, load_boundaries(), bbox)
        click.echo(f"gpkg: {exports.write_gpkg(frames, target)}")
    elif fmt == "csv":
        click.echo(f"csv: {exports.write_csv(exports.events_table(situation), target)}")
    else:
        click.echo(f"parquet: {exports.write_events_parquet(situation, target)}")
