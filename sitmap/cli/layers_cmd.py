"""``sitmap layers list`` / ``sitmap layers build``: regenerate layers from a built situation."""

from __future__ import annotations

import click

from sitmap.cli.options import json_opt, layer_names
from sitmap.cli.output import echo_json, echo_table


@click.group(name="layers")
def layers_group() -> None:
    """List map layers, or regenerate chosen layers without re-reading articles.

    \b
    Example:
      sitmap layers list
      sitmap layers build incidents movements --out build
    """


@layers_group.command(name="list")
@json_opt
def list_layers(as_json: bool) -> None:
    """List the map layers in drawing order, with their titles.

    \b
    Example:
      sitmap layers list --json
    """
    from layers import LAYER_NAMES
    from layers.map import GROUPS, MODULES, OFF_BY_DEFAULT

    rows = [
        {
            "name": n,
            "title": MODULES[n].TITLE,
            "group": GROUPS[n],
            "time_aware": MODULES[n].TIME_AWARE,
            "default": n not in OFF_BY_DEFAULT,
        }
        for n in LAYER_NAMES
    ]
    if as_json:
        echo_json(rows)
    else:
        echo_table(rows, ["name", "title", "group", "time_aware", "default"])


@layers_group.command(name="build")
@click.argument("names", nargs=-1, metavar="NAME...", callback=layer_names)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=str),
    default="build",
    show_default=True,
    help="Build directory holding situation.json; layers go to OUT/layers/.",
)
@click.option(
    "--situation",
    "situation_path",
    type=click.Path(path_type=str),
    default=None,
    help="Situation file to read (default: OUT/situation.json).",
)
@json_opt
def build_layers_cmd(
    names: list[str] | None, out_dir: str, situation_path: str | None, as_json: bool
) -> None:
    """Regenerate layers NAME... (default all) as GeoJSON from the built situation.

    Reads OUT/situation.json written by ``sitmap build``; no article is read
    again. The new layers and the rest of OUT become a new build generation
    (OUT/manifest.json lists them).

    \b
    Example:
      sitmap layers build incidents control_claims --out build
    """
    from geo.boundaries import load_boundaries
    from layers.build import load_situation, update_layers

    situation = load_situation(situation_path or out_dir)
    written = update_layers(situation, out_dir, names or None, boundaries=load_boundaries())
    if as_json:
        echo_json({name: str(path) for name, path in written.items()})
    else:
        for name, path in written.items():
            click.echo(f"{name}: {path}")
