"""Place records and the compact tables the gazetteer is made of.

A :class:`GazetteerData` holds every place as columns (row ``i`` is one
place) and the name index, laid out for a fast ``pickle.load``: long strings
joined by newlines, numbers in numpy arrays, repeated strings (countries,
admin-1 names, sources) as category codes. :class:`geo.gazetteer.core.Gazetteer`
unpacks it into dicts and lists once per process.

Name index: ``keys`` (every folded name, sorted, newline-joined) with ``displays``
(one original spelling per key); the places of key ``k`` are rows
``post_rows[post_starts[k]:post_starts[k + 1]]``, already in rank order
(:func:`rank_order`). Variant keys map the same way to key numbers.

:func:`index_records` turns a list of :class:`PlaceRecord` into one; the
builder (real data) and the tests (synthetic places) both use it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from geo.errors import DataError
from geo.model import ACCURACIES, FEATURES
from geo.names import fold, variant_key_folded

#: Ranking tiers (lower ranks first among matches of the same class):
#: countries; regional centres (a populated place of at least
#: :data:`CENTRE_POPULATION` that is the largest GeoNames place of its
#: admin-1 unit, e.g. Kunduz, Osh, Moscow); admin-1 units; admin-2 units;
#: curated border-zone places; all other populated places.
TIER_COUNTRY, TIER_CENTRE, TIER_ADMIN1, TIER_ADMIN2, TIER_CURATED, TIER_PLACE = range(6)
CENTRE_POPULATION = 100_000
#: Longest folded name kept in the index.
MAX_NAME_LENGTH = 80

_FEATURE_CODE = {name: i for i, name in enumerate(FEATURES)}
_ACCURACY_CODE = {name: i for i, name in enumerate(ACCURACIES)}


@dataclass
class PlaceRecord:
    """One place as the builder assembles it, before indexing."""

    id: str
    name: str
    lat: float
    lon: float
    country_code: str
    feature: str
    tier: int
    admin1: str | None = None
    admin2: str | None = None
    population: int = 0
    source: str = ""
    geonameid: int | None = None
    accuracy: str = "exact"
    #: Every other spelling (Latin, Cyrillic, ...); the main name is implied.
    alt_names: list[str] = field(default_factory=list)
    #: Extra search keys that are not display spellings (e.g. "balkh" for
    #: "Balkh Province"): already folded.
    extra_keys: list[str] = field(default_factory=list)


@dataclass
class GazetteerData:
    """Columns of places plus the name index; what the cache file stores."""

    ids: str
    names: str
    alt_names: str
    lat: np.ndarray
    lon: np.ndarray
    country_codes: np.ndarray
    country_values: list[str]
    feature: np.ndarray
    admin1_codes: np.ndarray
    admin2_codes: np.ndarray
    admin_values: list[str | None]
    source_codes: np.ndarray
    source_values: list[str]
    population: np.ndarray
    geonameid: np.ndarray
    accuracy: np.ndarray
    tier: np.ndarray
    keys: str
    displays: str
    post_starts: np.ndarray
    post_rows: np.ndarray
    variant_keys: str
    variant_starts: np.ndarray
    variant_members: np.ndarray
    by_length: np.ndarray
    length_starts: np.ndarray
    stats: dict[str, int] = field(default_factory=dict)


def _categories(values: list[str | None]) -> tuple[np.ndarray, list]:
    """Return (codes, distinct values) of a column with few distinct values."""
    table: dict[str | None, int] = {}
    codes = np.fromiter(
        (table.setdefault(v, len(table)) for v in values), dtype=np.int32, count=len(values)
    )
    return codes, list(table)


def _clean(text: str) -> str:
    return text.replace("\n", " ").replace("\r", " ")


def rank_order(records: list[PlaceRecord]) -> list[PlaceRecord]:
    """Sort records into rank order: tier, then population (desc), then id.

    >>> a = PlaceRecord("a", "A", 0, 0, "KG", "populated_place", TIER_PLACE, population=5)
    >>> b = PlaceRecord("b", "B", 0, 0, "KG", "admin1", TIER_ADMIN1)
    >>> [r.id for r in rank_order([a, b])]
    ['b', 'a']
    """
    return sorted(records, key=lambda r: (r.tier, -r.population, r.id))


#: Characters of scripts that never fold to ASCII (Greek, Armenian, Hebrew,
#: Arabic, Indic, Georgian, CJK, Hangul ...): names containing one are not
#: indexed, and skipping them early saves folding them.
_OTHER_SCRIPTS = re.compile(
    "[\u0370-\u03ff\u0530-\u08ff\u0900-\u11ff\u3040-\u9fff\uac00-\ud7af\ufb50-\ufdff\ufe70-\ufefe]"
)


def _keys_of(record: PlaceRecord) -> dict[str, str]:
    """Return {folded key: display spelling} of a record, main name first."""
    out: dict[str, str] = {}
    skip = _OTHER_SCRIPTS.search
    for raw in dict.fromkeys((record.name, *record.alt_names)):
        if not raw.isascii() and skip(raw):
            continue
        key = fold(raw)
        if key and key not in out and len(key) <= MAX_NAME_LENGTH and key.isascii():
            out[key] = raw
    for key in record.extra_keys:
        if key and key not in out and len(key) <= MAX_NAME_LENGTH and key.isascii():
            out[key] = record.name
    return out


def index_records(records: list[PlaceRecord]) -> GazetteerData:
    """Build the columns and name index from place records.

    Only names whose fold is ASCII are indexed (Latin and Cyrillic spellings;
    Arabic, Chinese ... alternate names are dropped). Rows follow
    :func:`rank_order`, so every posting list is already ranked.
    """
    ordered = rank_order(records)
    n = len(ordered)
    postings: dict[str, list] = {}
    alt_joined: list[str] = []
    for row, rec in enumerate(ordered):
        keys_of = _keys_of(rec)
        for key, raw in keys_of.items():
            entry = postings.get(key)
            if entry is None:
                postings[key] = [raw, row]
            else:
                entry.append(row)
        kept = [raw for raw in dict.fromkeys(keys_of.values()) if raw != rec.name]
        alt_joined.append(_clean("|".join(kept)))
    keys = sorted(postings)  # sorted: the gazetteer finds a key by bisection
    entries = [postings[k] for k in keys]
    sizes = np.fromiter((len(v) - 1 for v in entries), dtype=np.int64, count=len(keys))
    post_starts = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum(sizes, out=post_starts[1:])
    post_rows = np.fromiter(
        (row for v in entries for row in v[1:]), dtype=np.int32, count=int(sizes.sum())
    )
    variants: dict[str, list[int]] = {}
    for k, key in enumerate(keys):
        variants.setdefault(variant_key_folded(key), []).append(k)
    vsizes = np.fromiter((len(v) for v in variants.values()), dtype=np.int64, count=len(variants))
    variant_starts = np.zeros(len(variants) + 1, dtype=np.int64)
    np.cumsum(vsizes, out=variant_starts[1:])
    variant_members = np.fromiter(
        (k for v in variants.values() for k in v), dtype=np.int32, count=int(vsizes.sum())
    )
    lengths = np.fromiter((len(k) for k in keys), dtype=np.int32, count=len(keys))
    by_length = np.argsort(lengths, kind="stable").astype(np.int32)
    length_starts = np.searchsorted(lengths[by_length], np.arange(MAX_NAME_LENGTH + 2))
    country_codes, country_values = _categories([r.country_code for r in ordered])
    admin_codes, admin_values = _categories(
        [r.admin1 or None for r in ordered] + [r.admin2 or None for r in ordered]
    )
    source_codes, source_values = _categories([r.source for r in ordered])
    return GazetteerData(
        ids="\n".join(_clean(r.id) for r in ordered),
        names="\n".join(_clean(r.name) for r in ordered),
        alt_names="\n".join(alt_joined),
        lat=np.fromiter((r.lat for r in ordered), dtype=np.float64, count=n),
        lon=np.fromiter((r.lon for r in ordered), dtype=np.float64, count=n),
        country_codes=country_codes,
        country_values=country_values,
        feature=np.fromiter((_FEATURE_CODE[r.feature] for r in ordered), dtype=np.int8, count=n),
        admin1_codes=admin_codes[:n],
        admin2_codes=admin_codes[n:],
        admin_values=admin_values,
        source_codes=source_codes,
        source_values=source_values,
        population=np.fromiter((r.population for r in ordered), dtype=np.int64, count=n),
        geonameid=np.fromiter((r.geonameid or 0 for r in ordered), dtype=np.int64, count=n),
        accuracy=np.fromiter((_ACCURACY_CODE[r.accuracy] for r in ordered), dtype=np.int8, count=n),
        tier=np.fromiter((r.tier for r in ordered), dtype=np.int8, count=n),
        keys="\n".join(keys),
        displays="\n".join(_clean(v[0]) for v in entries),
        post_starts=post_starts,
        post_rows=post_rows,
        variant_keys="\n".join(variants),
        variant_starts=variant_starts,
        variant_members=variant_members,
        by_length=by_length,
        length_starts=length_starts.astype(np.int64),
        stats={"places": n, "names": len(keys), "variant_keys": len(variants)},
    )


def prior_penalty(tier: int, population: int) -> float:
    """Return the rank penalty of a place in [0, 0.12]: 0.02 per tier plus population.

    The population part is ``0.02 * (1 - min(1, log10(pop + 1) / 7))``: a
    place of 10 million people gets 0, a hamlet almost 0.02.

    >>> prior_penalty(TIER_COUNTRY, 10_000_000)
    0.0
    >>> round(prior_penalty(TIER_PLACE, 0), 3)
    0.12
    """
    return 0.02 * tier + 0.02 * (1.0 - min(1.0, math.log10(population + 1) / 7.0))


def read_unique(paths: list[Path], read: Callable[[Path], list[PlaceRecord]]) -> list[PlaceRecord]:
    """The records ``read`` gives for each of ``paths``, in order; an id used twice is an error.

    >>> one = PlaceRecord("x", "X", 1.0, 2.0, "KG", "village", TIER_PLACE)
    >>> [r.id for r in read_unique([Path("a.csv")], lambda p: [one])]
    ['x']
    >>> read_unique([Path("a.csv"), Path("b.csv")], lambda p: [one])
    Traceback (most recent call last):
    geo.errors.DataError: b.csv: id 'x' is used in a.csv too
    """
    records: list[PlaceRecord] = []
    seen: dict[str, str] = {}
    for path in paths:
        for record in read(path):
            if record.id in seen:
                raise DataError(f"{path}: id {record.id!r} is used in {seen[record.id]} too")
            seen[record.id] = path.name
            records.append(record)
    return records
