"""``sitmap geocode QUERY``: ranked places for a name, best first."""

from __future__ import annotations

import click

from geo.geocoders.base import geocode_all
from geo.geocoders.registry import GEOCODERS, get_geocoder
from geo.settings import Settings
from sitmap.cli.output import echo_json, echo_table

#: Keys of each JSON result, in order.
RESULT_KEYS = (
    "name",
    "lat",
    "lon",
    "country_code",
    "feature",
    "admin1",
    "admin2",
    "geonameid",
    "id",
    "population",
    "source",
    "accuracy",
    "score",
)
TABLE_KEYS = ("name", "feature", "country_code", "admin1", "admin2", "lat", "lon", "score", "id")


@click.command()
@click.argument("query")
@click.option("--country", "countries", multiple=True, metavar="CC",
              help="Only places in this ISO alpha-2 country (repeatable).")
@click.option("--feature", metavar="KIND",
              help="Only this kind of place, e.g. admin1, village, border_crossing.")
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True,
              help="Most results to show.")
@click.option("--service", type=click.Choice(GEOCODERS), default="offline", show_default=True,
              help="Geocoding service; online ones fall back to offline on failure.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of results.")
def geocode(
    query: str,
    countries: tuple[str, ...],
    feature: str | None,
    limit: int,
    service: str,
    as_json: bool,
) -> None:
    """Find places named QUERY, best match first.

    Ambiguous names list every sense (Balkh: the province, the district and
    the town). With no match the command exits 1 and suggests the closest
    known spellings.

    \b
    Example:
      sitmap geocode Tort-Kocho
      sitmap geocode Balkh --country AF --json
      sitmap geocode Batken --feature admin1
    """
    settings = Settings.from_env()
    geocoder = get_geocoder(service, settings, fallback=True)
    locations = geocode_all(
        geocoder, query, country_codes=countries or None, feature=feature, limit=limit
    )
    rows = []
    for loc in locations:
        row = {key: loc.raw.get(key) for key in RESULT_KEYS}
        row["lat"], row["lon"] = round(loc.latitude, 5), round(loc.longitude, 5)
        rows.append(row)
    if as_json:
        echo_json(rows)
    else:
        echo_table(rows, TABLE_KEYS)
