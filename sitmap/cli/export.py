"""``sitmap export``: the built situation as a figure or a data file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

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
    from layers.build import load_situation, write_output
    from layers.map import build_layers
    from layers.static import render_static

    situation = filter_situation(load_situation(situation_path), start=start, end=end, bbox=bbox)
    boundaries = load_boundaries()
    if fmt in ("png", "svg", "pdf"):

        def write(path: Path) -> Any:
            return render_static(
                situation,
                path,
                layers=layer_list,
                boundaries=boundaries,
                bbox=bbox,
                start=start,
                end=end,
                title=title,
            )
    elif fmt == "geojson" and suffix == ".geojson":
        frames = build_layers(situation, layer_list, boundaries, bbox)

        def write(path: Path) -> Any:
            return exports.write_geojson_layers(frames, path)
    elif fmt == "geojson":
        frames = build_layers(situation, layer_list, boundaries, bbox)

        def write(path: Path) -> Any:
            return [exports.write_geojson(g, path / f"{n}.geojson") for n, g in frames.items()]
    elif fmt == "gpkg":
        frames = build_layers(situation, layer_list, boundaries, bbox)

        def write(path: Path) -> Any:
            return exports.write_gpkg(frames, path)
    elif fmt == "csv":

        def write(path: Path) -> Any:
            return exports.write_csv(exports.events_table(situation), path)
    else:

        def write(path: Path) -> Any:
            return exports.write_events_parquet(situation, path)

    # Into a build directory (build/events.csv ...), the file joins a new generation.
    written = write_output(target, write)
    if fmt == "geojson" and suffix != ".geojson":
        for name in frames:
            click.echo(f"{name}: {written / f'{name}.geojson'}")
    else:
        click.echo(f"{fmt}: {written}")
