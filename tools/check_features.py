#!/usr/bin/env python3
"""Validate the physical-feature files ``geo/data/places/features/*.csv``.

Two layers of checks, problems printed one per line as ``file: id: message``:

* **schema** (always): the exact column list
  (:data:`geo.gazetteer.features.FEATURE_COLUMNS`), lower-case slug ids unique
  across all the feature files, a name, lat/lon in range, ``kind`` from
  :data:`~geo.gazetteer.features.FEATURE_KINDS`, ``|``-separated ISO alpha-2
  country codes without repeats (empty only for an ocean), a non-empty
  ``source``, no empty ``alt_names`` entry and no name repeated in a row
  (compared after :func:`geo.names.fold`, which is how the gazetteer indexes
  names).
* **geometry** (when ``geo/data/boundaries/admin0.parquet`` exists): the point
  must lie in, or within 25 km of, the admin-0 polygon of a listed country;
  straits and channels, whose point lies offshore, within 300 km; oceans,
  seas, gulfs and bays, whose point is the middle of a wide body of water,
  within 600 km; islands and archipelagos within 300 km: the admin-0
  polygons leave out small islands and reefs (the Paracels, Scarborough Shoal,
  the Liancourt Rocks), so an island's true point lies offshore of every
  polygon of the countries that hold or claim it.

The exit status is 1 when there are problems, 0 otherwise.

Usage::

    python tools/check_features.py                  # every features/*.csv
    python tools/check_features.py --csv water.csv  # one file
    python tools/check_features.py --no-geometry    # schema only
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(REPO_ROOT))

from geo.gazetteer.features import (  # noqa: E402
    COUNTRY_CODE,
    FEATURE_COLUMNS,
    FEATURE_ID,
    FEATURE_KINDS,
    STATELESS_KINDS,
    WATER_BODY_KINDS,
    feature_files,
)
from geo.names import fold  # noqa: E402

PLACES_DIR = REPO_ROOT / "geo" / "data" / "places"
ADMIN0 = REPO_ROOT / "geo" / "data" / "boundaries" / "admin0.parquet"
#: How far a feature's point may lie outside every listed country.
LAND_TOLERANCE_KM = 25.0
#: ... and an open-water feature's or an island's point (it lies offshore).
WATER_TOLERANCE_KM = 300.0
#: ... and a sea's, gulf's, bay's or ocean's: the point its page gives is the
#: middle of a body up to thousands of km wide (the Gulf of Mexico's lies
#: 410 km, the Bay of Bengal's 552 km from the nearest coast). A point on
#: the wrong hemisphere or continent is still caught.
SEA_TOLERANCE_KM = 600.0
#: Kinds whose point is the middle of a wide body of water.
WIDE_WATER_KINDS = frozenset({"ocean", "sea", "gulf", "bay"})
#: Kinds whose point lies offshore of the admin-0 polygons: open water, and
#: islands, which the boundary file often leaves out when they are small.
OFFSHORE_KINDS = WATER_BODY_KINDS | {"island", "archipelago"}


@dataclass(frozen=True)
class Problem:
    """One failure of one row (``row_id``) of one file (``file``)."""

    file: str
    row_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.row_id}: {self.message}"


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Return the header and the rows (dicts) of the CSV file at ``path``."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), [dict(row) for row in reader]


def _number(text: str | None, low: float, high: float) -> float | None:
    try:
        value = float(text or "")
    except ValueError:
        return None
    return value if math.isfinite(value) and low <= value <= high else None


def _codes(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split("|")] if (text or "").strip() else []


def tolerance_km(kind: str | None) -> float:
    """How far outside its listed countries a feature of ``kind`` may lie.

    >>> tolerance_km("strait"), tolerance_km("island"), tolerance_km("lake")
    (300.0, 300.0, 25.0)
    >>> tolerance_km("gulf"), tolerance_km("sea")
    (600.0, 600.0)
    """
    if kind in WIDE_WATER_KINDS:
        return SEA_TOLERANCE_KM
    return WATER_TOLERANCE_KM if kind in OFFSHORE_KINDS else LAND_TOLERANCE_KM


def check_row(row: dict[str, Any]) -> list[str]:
    """The schema problems of one row (ids across rows are checked by :func:`check_schema`).

    >>> row = {"id": "red-sea", "name": "Red Sea", "alt_names": "Erythraean Sea",
    ...        "kind": "sea", "lat": "22", "lon": "38", "countries": "SA|EG",
    ...        "source": "a page", "notes": ""}
    >>> check_row(row)
    []
    >>> check_row(dict(row, kind="Sea", countries="", alt_names="RED SEA|", source=" "))
    ... # doctest: +NORMALIZE_WHITESPACE
    ["kind 'Sea' not in the vocabulary", 'a Sea needs at least one country', 'empty source',
     'empty entry in alt_names', "name 'RED SEA' repeats 'Red Sea'"]
    """
    problems = []
    if None in row:  # csv.DictReader puts surplus cells under the key None
        problems.append("more cells than columns")
    if not FEATURE_ID.match((row.get("id") or "").strip()):
        problems.append(f"id {row.get('id')!r} is not a lower-case slug")
    if not (row.get("name") or "").strip():
        problems.append("empty name")
    if _number(row.get("lat"), -90, 90) is None:
        problems.append(f"lat {row.get('lat')!r} not a number in [-90, 90]")
    if _number(row.get("lon"), -180, 180) is None:
        problems.append(f"lon {row.get('lon')!r} not a number in [-180, 180]")
    kind = row.get("kind")
    if kind not in FEATURE_KINDS:
        problems.append(f"kind {kind!r} not in the vocabulary")
    codes = _codes(row.get("countries"))
    if not all(COUNTRY_CODE.match(code) for code in codes):
        problems.append(f"countries {row.get('countries')!r} are not |-separated ISO alpha-2")
    elif len(set(codes)) != len(codes):
        problems.append(f"countries {row.get('countries')!r} repeat a code")
    if not codes and kind not in STATELESS_KINDS:
        problems.append(f"a {kind} needs at least one country")
    if not (row.get("source") or "").strip():
        problems.append("empty source")
    alt = row.get("alt_names") or ""
    if alt and any(not part.strip() for part in alt.split("|")):
        problems.append("empty entry in alt_names")
    seen: dict[str, str] = {}
    for name in [row.get("name") or "", *alt.split("|")]:
        name = name.strip()
        if not name:
            continue
        key = fold(name)
        if key in seen:
            problems.append(f"name {name!r} repeats {seen[key]!r}")
        seen.setdefault(key, name)
    return problems


def check_schema(
    files: Sequence[tuple[str, list[str], list[dict[str, str]]]],
) -> list[Problem]:
    """Check every ``(file name, header, rows)``; ids must be unique across all files."""
    problems: list[Problem] = []
    first: dict[str, str] = {}
    for name, header, rows in files:
        if tuple(header) != FEATURE_COLUMNS:
            problems.append(
                Problem(name, "<file>", f"columns {header} differ from {list(FEATURE_COLUMNS)}")
            )
        for line, row in enumerate(rows, start=2):
            rid = (row.get("id") or "").strip() or f"<line {line}>"
            where = f"{name}:{line}"
            if rid in first:
                problems.append(Problem(name, rid, f"duplicate id (first at {first[rid]})"))
            first.setdefault(rid, where)
            problems += [Problem(name, rid, message) for message in check_row(row)]
    return problems


def distance_km(lat: float, lon: float, shape: Any, limit_km: float) -> float:
    """Distance in km from (lat, lon) to a lon/lat ``shape``; ``inf`` when beyond ~``limit_km``.

    Only the part of ``shape`` in a box around the point is projected (to an
    azimuthal equidistant projection centred on the point, true to scale from
    the centre), so a large country costs little.
    """
    import shapely
    from pyproj import Transformer

    dlat = limit_km / 110.0 + 1.0
    dlon = min(180.0, dlat / max(math.cos(math.radians(min(abs(lat) + dlat, 89.0))), 0.01))
    part = shapely.clip_by_rect(shape, lon - dlon, lat - dlat, lon + dlon, lat + dlat)
    if part.is_empty:
        return math.inf
    aeqd = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m"
    transformer = Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)

    def to_local(coords: Any) -> Any:
        import numpy as np

        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    local = shapely.transform(part, to_local)
    return float(local.distance(shapely.Point(0.0, 0.0))) / 1000.0


def load_countries(admin0_path: Path) -> dict[str, Any]:
    """ISO alpha-2 code -> the country's admin-0 shape (lon/lat)."""
    import geopandas as gpd
    from shapely.ops import unary_union

    admin0 = gpd.read_parquet(admin0_path)
    if admin0.crs is not None and admin0.crs.to_epsg() != 4326:
        admin0 = admin0.to_crs(4326)
    return {
        str(code).upper(): unary_union(list(group.geometry))
        for code, group in admin0.groupby("iso_a2")
    }


def check_geometry(
    name: str, rows: Iterable[dict[str, str]], countries: dict[str, Any]
) -> list[Problem]:
    """Each point must lie in or near (:func:`tolerance_km`) a listed country's polygon.

    Rows whose coordinates or codes fail the schema are skipped here; a listed
    code missing from the boundaries is a problem.
    """
    import shapely

    problems: list[Problem] = []
    for line, row in enumerate(rows, start=2):
        rid = (row.get("id") or "").strip() or f"<line {line}>"
        lat, lon = _number(row.get("lat"), -90, 90), _number(row.get("lon"), -180, 180)
        codes = _codes(row.get("countries"))
        if lat is None or lon is None or not all(COUNTRY_CODE.match(c) for c in codes):
            continue
        unknown = [code for code in codes if code not in countries]
        if unknown:
            problems.append(Problem(name, rid, f"countries {', '.join(unknown)} not in admin-0"))
        shapes = [countries[code] for code in codes if code in countries]
        point = shapely.Point(lon, lat)
        if not shapes or any(shape.covers(point) for shape in shapes):
            continue
        limit = tolerance_km(row.get("kind"))
        dist = min(distance_km(lat, lon, shape, limit) for shape in shapes)
        if dist > limit:
            inside = sorted(c for c, shape in countries.items() if shape.covers(point))
            where = f"; it lies in {', '.join(inside)}" if inside else ""
            far = "far" if math.isinf(dist) else f"{dist:.0f} km"
            problems.append(
                Problem(
                    name,
                    rid,
                    f"point is {far} outside every listed country "
                    f"({'|'.join(codes)}; limit {limit:g} km){where}",
                )
            )
    return problems


def curated_names(places_dir: Path = PLACES_DIR) -> dict[str, str]:
    """Folded names of the curated places (``places.csv``, ``regions.csv``, ``borders/``).

    A physical feature that is already a curated place (the Litani as a border river,
    Doklam as a disputed plateau) belongs there, with its border kind, not twice.
    """
    from geo.names import fold

    files = [places_dir / "places.csv", places_dir / "regions.csv"]
    files += sorted(p for p in (places_dir / "borders").glob("*.csv") if p.name != "conflicts.csv")
    names: dict[str, str] = {}
    for path in files:
        if not path.is_file():
            continue
        for row in read_rows(path)[1]:
            for name in [row.get("name") or "", *(row.get("alt_names") or "").split("|")]:
                if name.strip():
                    names.setdefault(fold(name), f"{path.name}:{row.get('id')}")
    return names


def check_not_curated(
    files: Sequence[tuple[str, list[str], list[dict[str, str]]]], curated: dict[str, str]
) -> list[Problem]:
    """A problem for every feature row whose name is already a curated place.

    >>> rows = [{"id": "litani", "name": "Litani", "alt_names": "Leontes"}]
    >>> found = check_not_curated([("water.csv", [], rows)], {"leontes": "b.csv:x"})
    >>> [(p.row_id, p.message.endswith("curated place b.csv:x")) for p in found]
    [('litani', True)]
    """
    from geo.names import fold

    problems = []
    for name, _, rows in files:
        for row in rows:
            for alias in [row.get("name") or "", *(row.get("alt_names") or "").split("|")]:
                where = curated.get(fold(alias)) if alias.strip() else None
                if where:
                    problems.append(
                        Problem(
                            name,
                            row.get("id") or "",
                            f"name {alias!r} is already the curated place {where}",
                        )
                    )
                    break
    return problems


def run(
    paths: Sequence[Path], admin0: Path | None = ADMIN0, out: TextIO = sys.stdout
) -> list[Problem]:
    """Check the files at ``paths``; print a summary and every problem to ``out``."""
    files = []
    for path in paths:
        header, rows = read_rows(path)
        files.append((path.name, header, rows))
        print(f"{path}: {len(rows)} rows", file=out)
    problems = check_schema(files)
    problems += check_not_curated(files, curated_names())
    print(f"schema: {len(problems)} problem(s)", file=out)
    if admin0 is not None and admin0.exists():
        countries = load_countries(admin0)
        geo_problems = [p for name, _, rows in files for p in check_geometry(name, rows, countries)]
        print(f"geometry ({admin0.name}): {len(geo_problems)} problem(s)", file=out)
        problems += geo_problems
    else:
        print("geometry: skipped (no admin0.parquet)", file=out)
    for problem in problems:
        print(problem, file=out)
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", type=Path, action="append", help="check this file (repeatable)")
    parser.add_argument("--no-geometry", action="store_true", help="skip the polygon checks")
    parser.add_argument("--admin0", type=Path, default=ADMIN0, help="admin-0 GeoParquet file")
    args = parser.parse_args(argv)
    paths = args.csv or feature_files(PLACES_DIR)
    if not paths:
        print(f"no feature files under {PLACES_DIR}", file=sys.stderr)
        return 1
    problems = run(paths, None if args.no_geometry else args.admin0)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
