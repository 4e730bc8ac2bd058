"""Curated physical features news names: seas, gulfs, straits, lakes, rivers, ranges, deserts.

The files live in ``geo/data/places/features/`` beside ``places.csv``, one
CSV per group (``water.csv``, ``land.csv``), all with the columns of
:data:`FEATURE_COLUMNS`; ``geo/data/places/SOURCES.md`` describes them and
``tools/check_features.py`` checks them. Every row becomes a gazetteer record
with id ``feat:<slug>``: feature ``river`` for a river, ``region`` for
everything else (a sea, a lake, a mountain range are areas a report places
events in or near). Its country is the single listed country, or ``""`` when
the feature lies in or borders several.

>>> FEATURE_KINDS[:4]
('ocean', 'sea', 'gulf', 'bay')
>>> sorted(WATER_BODY_KINDS)
['bay', 'channel', 'gulf', 'ocean', 'sea', 'strait']
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from geo.errors import DataError, InputError
from geo.gazetteer.records import TIER_ADMIN1, PlaceRecord, read_unique
from geo.names import fold
from geo.points import check_latlon

#: Folder beside ``places.csv`` holding the feature files.
FEATURES_DIR_NAME = "features"
FEATURE_COLUMNS = ("id", "name", "alt_names", "kind", "lat", "lon", "countries", "source", "notes")
#: The ``kind`` vocabulary, water first.
FEATURE_KINDS: tuple[str, ...] = (
    "ocean",
    "sea",
    "gulf",
    "bay",
    "strait",
    "channel",
    "lake",
    "reservoir",
    "river",
    "mountain_range",
    "mountain",
    "pass",
    "valley",
    "desert",
    "plateau",
    "plain",
    "basin",
    "peninsula",
    "island",
    "archipelago",
    "macro_region",
    "forest",
    "wetland",
)
#: Open water: its point lies offshore, so it need only be near a listed country.
WATER_BODY_KINDS = frozenset({"ocean", "sea", "gulf", "bay", "strait", "channel"})
#: The only kind whose ``countries`` may be empty (open ocean).
STATELESS_KINDS = frozenset({"ocean"})
FEATURE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


def split_list(text: str | None) -> list[str]:
    """Split a ``|``-separated cell into its non-empty, stripped parts.

    >>> split_list(" Nile River | | النيل "), split_list(None)
    (['Nile River', 'النيل'], [])
    """
    return [part for part in (p.strip() for p in (text or "").split("|")) if part]


def feature_files(places_dir: Path) -> list[Path]:
    """Return the feature CSV files under ``places_dir/features`` (sorted; none: empty).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder = Path(tmp) / FEATURES_DIR_NAME
    ...     folder.mkdir()
    ...     for name in ("water.csv", "land.csv", "README.md"):
    ...         _ = (folder / name).write_text("", encoding="utf-8")
    ...     [p.name for p in feature_files(Path(tmp))]
    ['land.csv', 'water.csv']
    """
    return sorted((places_dir / FEATURES_DIR_NAME).glob("*.csv"))


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in FEATURE_COLUMNS[:8] if c not in (reader.fieldnames or ())]
        if missing:
            raise DataError(f"{path}: missing columns {', '.join(missing)}")
        yield from enumerate(reader, start=2)


def _record(row: dict[str, str]) -> PlaceRecord:
    """The record of one feature row; :class:`InputError` says what is wrong with it."""
    lat, lon = check_latlon(row["lat"], row["lon"])
    slug = (row["id"] or "").strip()
    name = (row["name"] or "").strip()
    kind = (row["kind"] or "").strip()
    countries = split_list(row["countries"])
    if not FEATURE_ID.match(slug) or not name:
        raise InputError("bad id or empty name")
    if kind not in FEATURE_KINDS:
        raise InputError(f"unknown kind {kind!r}")
    if not all(COUNTRY_CODE.match(c) for c in countries):
        raise InputError("countries must be |-separated ISO alpha-2 codes")
    if not countries and kind not in STATELESS_KINDS:
        raise InputError(f"a {kind} needs at least one country")
    if not (row["source"] or "").strip():
        raise InputError("empty source")
    alt_names = split_list(row["alt_names"])
    return PlaceRecord(
        id=f"feat:{slug}",
        name=name,
        lat=lat,
        lon=lon,
        country_code=countries[0] if len(countries) == 1 else "",
        feature="river" if kind == "river" else "region",
        tier=TIER_ADMIN1,
        source="curated",
        accuracy="unit",
        alt_names=alt_names,
        # "Jordan River (Israel)" is found as "Jordan River" too
        extra_keys=[fold(n.split("(")[0]) for n in (name, *alt_names) if "(" in n],
    )


def read_features(path: Path) -> list[PlaceRecord]:
    r"""Read one feature file; a bad row raises :class:`DataError` naming file:line.

    >>> import tempfile
    >>> head = ",".join(FEATURE_COLUMNS) + "\n"
    >>> rows = ("nile,Nile,Nile River|النيل,river,31.5,30.9,EG|SD,a page,mouth\n"
    ...         "red-sea,Red Sea,,sea,22,38,SA|EG|ER,a page,\n")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "water.csv"
    ...     _ = path.write_text(head + rows, encoding="utf-8")
    ...     [(r.id, r.feature, r.country_code, r.alt_names) for r in read_features(path)]
    [('feat:nile', 'river', '', ['Nile River', 'النيل']), ('feat:red-sea', 'region', '', [])]
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "water.csv"
    ...     _ = path.write_text(head + rows.replace("sea,22", "ocean-ish,22"), encoding="utf-8")
    ...     try:
    ...         read_features(path)
    ...     except DataError as err:
    ...         print(str(err).rsplit("/", 1)[1])
    water.csv:3: unknown kind 'ocean-ish'
    """
    records = []
    for line, row in _rows(path):
        try:
            records.append(_record(row))
        except InputError as err:
            raise DataError(f"{path}:{line}: {err}") from err
    return records


def read_feature_files(paths: list[Path]) -> list[PlaceRecord]:
    """Read several feature files; an id used in two of them raises :class:`DataError`."""
    return read_unique(paths, read_features)
