"""``sitmap where LAT LON``: country, admin units and nearest border of a point."""

from __future__ import annotations

import math
from collections.abc import Callable

import click

from sitmap.cli.output import echo_json, echo_table

WHERE_KEYS = ("country_code", "admin1", "admin2", "border", "border_distance_km")


def _degrees(limit: float) -> Callable[[click.Context, click.Parameter, str], float]:
    """A click callback: a number of degrees within ±limit, else a usage error (exit 2)."""

    def check(ctx: click.Context, param: click.Parameter, value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            raise click.BadParameter(f"{value!r} is not a number", ctx, param) from None
        if not (math.isfinite(number) and -limit <= number <= limit):
            raise click.BadParameter(f"{value} is not between -{limit:g} and {limit:g}", ctx, param)
        return number

    return check


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("lat", callback=_degrees(90))
@click.argument("lon", callback=_degrees(180))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def where(lat: float, lon: float, as_json: bool) -> None:
    """Say which country, admin-1 and admin-2 unit a point is in, and its nearest border.

    LAT and LON are decimal degrees (negative for south and west). The border
    is the nearest international land border, named by its dyad (the two
    countries' ISO alpha-3 codes, e.g. KGZ–TJK), with the geodesic distance
    to it in km.

    \b
    Example:
      sitmap where 39.95 70.53
      sitmap where -- -33.45 -70.66 --json
    """
    from geo.joins import where as where_point  # geopandas: import only when used

    answer = where_point(lat, lon)
    row = {key: answer.get(key) for key in WHERE_KEYS}
    if isinstance(row["border_distance_km"], float):
        row["border_distance_km"] = round(row["border_distance_km"], 3)
    if as_json:
        echo_json(row)
    else:
        echo_table([row], list(WHERE_KEYS))
