#!/usr/bin/env python3
"""Validate ``geo/data/places/places.csv``, the curated border-zone gazetteer.

Two layers of checks:

* **schema** (always): exact column list, unique slug ids, lat/lon ranges,
  ``kind`` and ``accuracy`` vocabularies, ISO alpha-2 shaped country codes,
  a non-empty ``source`` for every row, and no repeated name inside a row
  (``name`` plus the ``|``-separated ``alt_names``, compared case-folded).
* **geometry** (only if ``geo/data/boundaries/admin0.parquet`` exists): each
  point must lie inside the polygon of its ``country_code``; border features
  (crossings, bridges, posts, enclaves, rivers, roads) and rows whose accuracy
  is ``approximate`` may instead lie within ``--tolerance-km`` (default 5 km)
  of it. If ``borders.parquet`` (dyad lines) is present too, crossings,
  bridges and posts that are not ``unit`` accuracy must lie within the same
  tolerance of some border line.

Problems are printed one per line with the row id; the exit status is 1 when
there are problems, 0 otherwise.

Usage::

    python tools/check_places.py                 # schema + geometry if available
    python tools/check_places.py --no-geometry   # schema only
    python tools/check_places.py --sha256        # print the file's sha256 and exit
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CSV = REPO_ROOT / "geo" / "data" / "places" / "places.csv"
DEFAULT_BOUNDARIES = REPO_ROOT / "geo" / "data" / "boundaries"

COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "alt_names",
    "lat",
    "lon",
    "country_code",
    "kind",
    "admin1",
    "admin2",
    "accuracy",
    "source",
    "notes",
)
KINDS: frozenset[str] = frozenset(
    {
        "village",
        "populated_place",
        "border_crossing",
        "border_post",
        "bridge",
        "military_base",
        "training_ground",
        "water_facility",
        "river",
        "road",
        "enclave",
    }
)
ACCURACIES: frozenset[str] = frozenset({"exact", "approximate", "unit"})
#: Kinds that sit on or straddle a border line and may fall just outside
#: their country's polygon.
BORDER_KINDS: frozenset[str] = frozenset(
    {"border_crossing", "border_post", "bridge", "enclave", "river", "road"}
)
#: Kinds that must lie near a border line (when ``borders.parquet`` exists).
LINE_KINDS: frozenset[str] = frozenset({"border_crossing", "border_post", "bridge"})

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CC_RE = re.compile(r"^[A-Z]{2}$")
DEFAULT_TOLERANCE_KM = 5.0


@dataclass(frozen=True)
class Problem:
    """One validation failure, tied to a row id (or ``<file>``)."""

    row_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.row_id}: {self.message}"


def file_sha256(path: Path) -> str:
    """Return the hex sha256 of the file at ``path``."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Read the CSV at ``path``; return its header and its rows as dicts."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = [dict(row) for row in reader]
    return header, rows


def _row_label(row: dict[str, str], index: int) -> str:
    rid = (row.get("id") or "").strip()
    return rid or f"<row {index + 2}>"  # +2: header line, 1-based lines


def _as_float(text: str | None) -> float | None:
    try:
        value = float(text or "")
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def split_names(row: dict[str, str]) -> list[str]:
    """Return ``name`` followed by every non-empty alternate name of the row."""
    names = [(row.get("name") or "").strip()]
    names += [part.strip() for part in (row.get("alt_names") or "").split("|")]
    return [name for name in names if name]


def check_schema(header: Sequence[str], rows: Iterable[dict[str, str]]) -> list[Problem]:
    """Check columns and per-row field rules; return the problems found."""
    problems: list[Problem] = []
    if tuple(header) != COLUMNS:
        problems.append(
            Problem("<file>", f"columns {list(header)} differ from expected {list(COLUMNS)}")
        )
    seen_ids: dict[str, int] = {}
    for index, row in enumerate(rows):
        label = _row_label(row, index)
        if None in row:  # csv.DictReader puts surplus cells under key None
            problems.append(Problem(label, "more cells than columns"))
        rid = (row.get("id") or "").strip()
        if not ID_RE.match(rid):
            problems.append(Problem(label, f"id {rid!r} is not a lowercase-hyphen slug"))
        if rid in seen_ids:
            problems.append(Problem(label, f"duplicate id (first at data row {seen_ids[rid]})"))
        seen_ids.setdefault(rid, index + 1)
        if not (row.get("name") or "").strip():
            problems.append(Problem(label, "empty name"))
        lat = _as_float(row.get("lat"))
        lon = _as_float(row.get("lon"))
        if lat is None or not -90.0 <= lat <= 90.0:
            problems.append(Problem(label, f"lat {row.get('lat')!r} not a number in [-90, 90]"))
        if lon is None or not -180.0 <= lon <= 180.0:
            problems.append(Problem(label, f"lon {row.get('lon')!r} not a number in [-180, 180]"))
        if not CC_RE.match(row.get("country_code") or ""):
            problems.append(
                Problem(label, f"country_code {row.get('country_code')!r} not ISO alpha-2")
            )
        if row.get("kind") not in KINDS:
            problems.append(Problem(label, f"kind {row.get('kind')!r} not in {sorted(KINDS)}"))
        if row.get("accuracy") not in ACCURACIES:
            problems.append(
                Problem(label, f"accuracy {row.get('accuracy')!r} not in {sorted(ACCURACIES)}")
            )
        if not (row.get("source") or "").strip():
            problems.append(Problem(label, "empty source"))
        alt = row.get("alt_names") or ""
        if alt and any(not part.strip() for part in alt.split("|")):
            problems.append(Problem(label, "empty entry in alt_names"))
        folded: dict[str, str] = {}
        for name in split_names(row):
            key = name.casefold()
            if key in folded:
                problems.append(Problem(label, f"name {name!r} repeats {folded[key]!r} in the row"))
            folded.setdefault(key, name)
    return problems


def _distance_km(lat: float, lon: float, geometry: object) -> float:
    """Return the distance in km from (lat, lon) to a lon/lat shapely geometry.

    Both are projected to an azimuthal equidistant projection centred on the
    point, where distances from the centre are true to scale.
    """
    import numpy as np
    import shapely
    from pyproj import Transformer
    from shapely.geometry import Point

    aeqd = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m"
    transformer = Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)

    def to_local(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    local = shapely.transform(geometry, to_local)
    return float(local.distance(Point(0.0, 0.0))) / 1000.0


def check_geometry(
    rows: Iterable[dict[str, str]],
    admin0_path: Path,
    borders_path: Path | None = None,
    tolerance_km: float = DEFAULT_TOLERANCE_KM,
) -> list[Problem]:
    """Check points against country polygons (and border lines if given).

    ``admin0_path`` is a GeoParquet file with at least ``iso_a2`` and
    ``geometry`` in EPSG:4326; ``borders_path`` (optional) holds border lines.
    Rows that fail the schema's lat/lon rules are skipped here.
    """
    import geopandas as gpd
    from shapely.geometry import Point
    from shapely.ops import unary_union

    admin0 = gpd.read_parquet(admin0_path)
    if admin0.crs is not None and admin0.crs.to_epsg() != 4326:
        admin0 = admin0.to_crs(4326)
    countries = {
        str(code).upper(): unary_union(list(group.geometry))
        for code, group in admin0.groupby("iso_a2")
    }
    border_lines = None
    if borders_path is not None and borders_path.exists():
        borders = gpd.read_parquet(borders_path)
        if borders.crs is not None and borders.crs.to_epsg() != 4326:
            borders = borders.to_crs(4326)
        border_lines = unary_union(list(borders.geometry))

    problems: list[Problem] = []
    for index, row in enumerate(rows):
        label = _row_label(row, index)
        lat, lon = _as_float(row.get("lat")), _as_float(row.get("lon"))
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        code = (row.get("country_code") or "").upper()
        shape = countries.get(code)
        if shape is None:
            problems.append(
                Problem(label, f"country_code {code!r} not found in {admin0_path.name}")
            )
            continue
        point = Point(lon, lat)
        if not shape.covers(point):
            lenient = row.get("kind") in BORDER_KINDS or row.get("accuracy") == "approximate"
            dist = _distance_km(lat, lon, shape)
            if not lenient or dist > tolerance_km:
                inside = [c for c, geom in countries.items() if geom.covers(point)]
                where = f"; it lies in {', '.join(sorted(inside))}" if inside else ""
                problems.append(Problem(label, f"point is {dist:.1f} km outside {code}{where}"))
        if (
            border_lines is not None
            and row.get("kind") in LINE_KINDS
            and row.get("accuracy") != "unit"
        ):
            dist = _distance_km(lat, lon, border_lines)
            if dist > tolerance_km:
                problems.append(
                    Problem(
                        label, f"{row.get('kind')} is {dist:.1f} km from the nearest border line"
                    )
                )
    return problems


def run(
    csv_path: Path,
    boundaries_dir: Path | None,
    tolerance_km: float = DEFAULT_TOLERANCE_KM,
    out: object = sys.stdout,
) -> int:
    """Run every applicable check, print a report to ``out``; return the exit code."""
    header, rows = read_rows(csv_path)
    problems = check_schema(header, rows)
    print(f"{csv_path}: {len(rows)} rows, sha256 {file_sha256(csv_path)}", file=out)
    print(f"schema: {len(problems)} problem(s)", file=out)
    admin0 = boundaries_dir / "admin0.parquet" if boundaries_dir else None
    if admin0 is not None and admin0.exists():
        geo_problems = check_geometry(
            rows, admin0, boundaries_dir / "borders.parquet", tolerance_km
        )
        print(f"geometry ({admin0}): {len(geo_problems)} problem(s)", file=out)
        problems += geo_problems
    else:
        print(f"geometry: skipped (no {admin0 or 'boundaries directory'})", file=out)
    for problem in problems:
        print(f"PROBLEM {problem}", file=out)
    return 1 if problems else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV, help="places CSV to check")
    parser.add_argument(
        "--boundaries-dir",
        type=Path,
        default=DEFAULT_BOUNDARIES,
        help="directory holding admin0.parquet (and borders.parquet)",
    )
    parser.add_argument("--no-geometry", action="store_true", help="skip the geometry checks")
    parser.add_argument(
        "--tolerance-km",
        type=float,
        default=DEFAULT_TOLERANCE_KM,
        help="allowed distance outside the country / from a border line (km)",
    )
    parser.add_argument("--sha256", action="store_true", help="print the CSV's sha256 and exit")
    args = parser.parse_args(argv)
    if args.sha256:
        print(file_sha256(args.csv))
        return 0
    boundaries = None if args.no_geometry else args.boundaries_dir
    return run(args.csv, boundaries, args.tolerance_km)


if __name__ == "__main__":
    raise SystemExit(main())
