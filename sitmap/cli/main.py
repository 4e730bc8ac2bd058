"""The ``sitmap`` group: global options, logging and error mapping."""

from __future__ import annotations

import logging
from typing import Any

import click

from geo.errors import NotFoundError, SitmapError
from sitmap import __version__
from sitmap.cli import build as build_cmd
from sitmap.cli import control as control_cmd
from sitmap.cli import export as export_cmd
from sitmap.cli import geocode as geocode_cmd
from sitmap.cli import geoparse as geoparse_cmd
from sitmap.cli import layers_cmd, map_cmd
from sitmap.cli import where as where_cmd


class SitmapGroup(click.Group):
    """A click group that turns sitmap errors into clean messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; map :class:`SitmapError` to a ``ClickException`` (exit 1)."""
        try:
            return super().invoke(ctx)
        except NotFoundError as err:
            message = str(err)
            if err.suggestions:
                message += "; did you mean: " + ", ".join(err.suggestions) + "?"
            raise click.ClickException(message) from err
        except SitmapError as err:
            raise click.ClickException(str(err)) from err


def _configure_logging(verbose: int, quiet: int) -> None:
    level = logging.WARNING + 10 * (quiet - verbose)
    logging.basicConfig(format="sitmap: %(levelname)s: %(message)s", level=max(level, 1))
    logging.getLogger("sitmap").setLevel(max(level, 1))


@click.group(cls=SitmapGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitmap")
@click.option("-v", "--verbose", count=True, help="More log output (repeatable).")
@click.option("-q", "--quiet", count=True, help="Less log output (repeatable).")
def main(verbose: int, quiet: int) -> None:
    """Offline situation maps of border conflicts from news articles.

    \b
    Example:
      sitmap build                      # seeds/ -> build/map.html and data files
      sitmap geoparse seeds/ > places.jsonl
      sitmap geocode Tort-Kocho --country KG
      sitmap where 39.95 70.53 --json
    """
    _configure_logging(verbose, quiet)


main.add_command(build_cmd.build)
main.add_command(geoparse_cmd.geoparse)
main.add_command(geoparse_cmd.events)
main.add_command(layers_cmd.layers_group)
main.add_command(map_cmd.map_cmd)
main.add_command(export_cmd.export)
main.add_command(geocode_cmd.geocode)
main.add_command(where_cmd.where)
main.add_command(control_cmd.control)
