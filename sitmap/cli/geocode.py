"""``sitmap geocode QUERY``: ranked places for a name, best first."""

from __future__ import annotations

import dataclasses

import click

from geo.errors import InputError
from geo.geocoders.base import geocode_all
from geo.geocoders.registry import ENV_SERVICE_URL, GEOCODERS, get_geocoder, parse_service_url
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


def _check_url(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """Reject a malformed ``--service-url`` as a usage error (exit 2)."""
    if not value:
        return None
    try:
        parse_service_url(value)
    except InputError as err:
        raise click.BadParameter(str(err)) from err
    return value


TABLE_KEYS = ("name", "feature", "country_code", "admin1", "admin2", "lat", "lon", "score", "id")


@click.command()
@click.argument("query")
@click.option(
    "--country",
    "countries",
    multiple=True,
    metavar="CC",
    help="Only places in this ISO alpha-2 country (repeatable).",
)
@click.option(
    "--feature",
    metavar="KIND",
    help="Only this kind of place, e.g. admin1, village, border_crossing.",
)
@click.option(
    "--limit",
    type=click.IntRange(1, 100),
    default=10,
    show_default=True,
    help="Most results to show.",
)
@click.option(
    "--service",
    type=click.Choice(GEOCODERS),
    default="offline",
    show_default=True,
    help="Geocoding service; online ones fall back to offline on failure or when "
    "they know nothing.",
)
@click.option(
    "--service-url",
    metavar="URL",
    envvar=ENV_SERVICE_URL,
    callback=_check_url,
    help="Server of the online service, e.g. http://127.0.0.1:8080 "
    f"(env {ENV_SERVICE_URL}; default: the public server).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1, max=300),
    metavar="SECONDS",
    help="Seconds to wait for the online service (env SITMAP_TIMEOUT; default 10).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of results.")
def geocode(
    query: str,
    countries: tuple[str, ...],
    feature: str | None,
    limit: int,
    service: str,
    service_url: str | None,
    timeout: float | None,
    as_json: bool,
) -> None:
    """Find places named QUERY, best match first.

    Ambiguous names list every sense (Balkh: the province, the district and
    the town). With no match the command exits 1 and suggests known
    spellings that are really close; ordinary words ("Western") are not
    places unless --country or --feature says what is meant.

    Online services need SITMAP_USER_AGENT (both) and
    SITMAP_GEONAMES_USERNAME (geonames); a failing service is reported in
    one line and not asked again, and the offline gazetteer answers.

    \b
    Example:
      sitmap geocode Tort-Kocho
      sitmap geocode Balkh --country AF --json
      sitmap geocode Batken --feature admin1
      SITMAP_USER_AGENT='me@example.org' sitmap geocode Osh --service nominatim \\
          --service-url http://127.0.0.1:8080
    """
    settings = Settings.from_env()
    if timeout is not None:
        settings = dataclasses.replace(settings, timeout=timeout)
    geocoder = get_geocoder(service, settings, fallback=True, service_url=service_url)
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
