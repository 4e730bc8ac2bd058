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
  bridges and posts that are not ``unit`` accuracy must lie near some border
  line: ``exact`` rows within ``--tolerance-km`` (5 km), ``approximate`` rows
  (a town or village standing in for the crossing/post, said so in ``notes``)
  within ``--approx-line-km`` (10 km).

``geo/data/places/admin_points.csv`` (reference points of administrative
units, read by the gazetteer) is checked too, see :func:`check_admin_schema`
and :func:`check_admin_geometry`: columns ``id,name,lat,lon,source,notes``,
``adm1:``/``adm2:`` ids that exist in the gazetteer when it can be loaded,
ranges, a non-empty source, and a point inside or within 2 km of the unit's
own polygon.

``geo/data/places/regions.csv`` (named regions: valleys, ranges, historical
and geopolitical regions) is checked too, see :func:`check_regions_schema`
and :func:`check_regions_geometry`: columns
``id,name,alt_names,lat,lon,countries,source,notes``, unique slug ids,
ranges, ``|``-separated ISO alpha-2 shaped country codes, a non-empty source,
no repeated name in a row, and a point inside or within 25 km of the admin-0
polygon of at least one listed country.

Problems are printed one per line with the row id; the exit status is 1 when
there are problems, 0 otherwise.

Usage::

    python tools/check_places.py                 # schema + geometry if available
    python tools/check_places.py --no-geometry   # schema only
    python tools/check_places.py --sha256        # print the file's sha256 and exit
    python tools/check_places.py --no-gazetteer  # admin points: skip the id look-up
    python tools/check_places.py --regions-csv other.csv  # check another regions file
"""

from __future__ import annotations

import argparse
import csv
import functools
import hashlib
import math
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(REPO_ROOT))

from geo.gazetteer.build import CURATED_COLUMNS, REGION_COLUMNS  # noqa: E402
from geo.model import ACCURACIES as MODEL_ACCURACIES  # noqa: E402
from geo.model import FEATURES  # noqa: E402

DEFAULT_CSV = REPO_ROOT / "geo" / "data" / "places" / "places.csv"
DEFAULT_BOUNDARIES = REPO_ROOT / "geo" / "data" / "boundaries"
DEFAULT_ADMIN_CSV = REPO_ROOT / "geo" / "data" / "places" / "admin_points.csv"
DEFAULT_REGIONS_CSV = REPO_ROOT / "geo" / "data" / "places" / "regions.csv"
DEFAULT_BORDERS_DIR = REPO_ROOT / "geo" / "data" / "places" / "borders"
#: Columns of ``borders/conflicts.csv``, the index of the per-conflict files.
CONFLICT_COLUMNS: tuple[str, ...] = (
    "slug",
    "name",
    "continent",
    "countries",
    "period",
    "list_source",
)
CONTINENTS: frozenset[str] = frozenset(
    {"Africa", "Asia", "Europe", "North America", "South America", "Oceania"}
)
#: Every conflict file names at least this many places.
MIN_ROWS_PER_CONFLICT = 15

# The schema is the gazetteer builder's: one definition, checked here.
COLUMNS: tuple[str, ...] = CURATED_COLUMNS
#: Curated kinds: every feature kind except the administrative ones.
KINDS: frozenset[str] = frozenset(FEATURES) - {"country", "admin1", "admin2"}
ACCURACIES: frozenset[str] = frozenset(MODEL_ACCURACIES)
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
#: Border-line distance allowed for ``approximate`` crossings/posts/bridges.
DEFAULT_APPROX_LINE_KM = 10.0

ADMIN_COLUMNS: tuple[str, ...] = ("id", "name", "lat", "lon", "source", "notes")
ADMIN_ID_RE = re.compile(r"^adm([12]):([A-Za-z0-9][A-Za-z0-9._-]*)$")
#: How far an admin reference point may lie outside its unit's polygon.
ADMIN_POLYGON_TOLERANCE_KM = 2.0
#: How far a region's point may lie outside every listed country's polygon.
REGION_TOLERANCE_KM = 25.0


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


def _header_problems(header: Sequence[str], columns: Sequence[str]) -> list[Problem]:
    """A problem when the CSV header is not exactly ``columns``."""
    if tuple(header) == tuple(columns):
        return []
    return [Problem("<file>", f"columns {list(header)} differ from expected {list(columns)}")]


def _row_basics(
    label: str,
    row: dict,
    index: int,
    seen_ids: dict[str, int],
    id_re: re.Pattern[str] = ID_RE,
    id_shape: str = "a lowercase-hyphen slug",
) -> list[Problem]:
    """Checks every curated CSV row shares: cell count, id shape (``id_re``) and
    uniqueness, name, lat/lon ranges.

    ``seen_ids`` (id -> first data row) is updated.

    >>> seen = {}
    >>> _row_basics("r", {"id": "a-b", "name": "A", "lat": "40", "lon": "70"}, 0, seen)
    []
    >>> [p.message for p in _row_basics("r", {"id": "a-b", "name": "", "lat": "95", "lon": "0"},
    ...                                 1, seen)]  # doctest: +NORMALIZE_WHITESPACE
    ['duplicate id (first at data row 1)', 'empty name', "lat '95' not a number in [-90, 90]"]
    """
    problems = []
    if None in row:  # csv.DictReader puts surplus cells under key None
        problems.append(Problem(label, "more cells than columns"))
    rid = (row.get("id") or "").strip()
    if not id_re.match(rid):
        problems.append(Problem(label, f"id {rid!r} is not {id_shape}"))
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
    return problems


def _source_and_names(label: str, row: dict) -> list[Problem]:
    """A non-empty source, no empty alt_names entry, no name repeated in the row.

    >>> [p.message for p in _source_and_names("r", {"name": "A", "alt_names": "a|", "source": ""})]
    ['empty source', 'empty entry in alt_names', "name 'a' repeats 'A' in the row"]
    """
    problems = []
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
    problems = _header_problems(header, COLUMNS)
    seen_ids: dict[str, int] = {}
    for index, row in enumerate(rows):
        label = _row_label(row, index)
        problems.extend(_row_basics(label, row, index, seen_ids))
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
        problems.extend(_source_and_names(label, row))
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


@functools.lru_cache(maxsize=2)
def _shapes(admin0_path: Path, borders_path: Path | None) -> tuple[dict[str, object], object]:
    """Country shapes by ISO code and the union of the border lines (read once per run)."""
    import geopandas as gpd
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
    return countries, border_lines


def check_geometry(
    rows: Iterable[dict[str, str]],
    admin0_path: Path,
    borders_path: Path | None = None,
    tolerance_km: float = DEFAULT_TOLERANCE_KM,
    approx_line_km: float = DEFAULT_APPROX_LINE_KM,
) -> list[Problem]:
    """Check points against country polygons (and border lines if given).

    Line kinds must lie within ``tolerance_km`` of a border line when their
    accuracy is ``exact`` and within ``approx_line_km`` when ``approximate``
    (``unit`` rows are not line-checked).

    ``admin0_path`` is a GeoParquet file with at least ``iso_a2`` and
    ``geometry`` in EPSG:4326; ``borders_path`` (optional) holds border lines.
    Rows that fail the schema's lat/lon rules are skipped here.
    """
    from shapely.geometry import Point

    countries, border_lines = _shapes(admin0_path, borders_path)
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
            approximate = row.get("accuracy") == "approximate"
            limit = approx_line_km if approximate else tolerance_km
            if dist > limit:
                problems.append(
                    Problem(
                        label,
                        f"{row.get('kind')} is {dist:.1f} km from the nearest border line "
                        f"(limit {limit:g} km for {row.get('accuracy')} rows)",
                    )
                )
    return problems


# --------------------------------------------------------------- admin points


@dataclass(frozen=True)
class AdminUnit:
    """What the gazetteer knows about an administrative unit (for matching polygons)."""

    name: str
    country_code: str
    geonameid: int | None = None
    admin1: str | None = None


_UNIT_WORDS = re.compile(
    r"\b(province|region|district|department|governorate|prefecture|oblast|viloyati|viloyat"
    r"|welayaty|welayat|autonomous)\b"
)


def _unit_key(name: str) -> str:
    """Fold a unit name for comparison: case, punctuation and generic words dropped."""
    text = _UNIT_WORDS.sub(" ", name.casefold())
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def check_admin_schema(
    header: Sequence[str],
    rows: Iterable[dict[str, str]],
    known_units: dict[str, AdminUnit] | None = None,
) -> list[Problem]:
    """Check ``admin_points.csv`` rows; ``known_units`` (id -> unit) enables the id look-up."""
    problems = _header_problems(header, ADMIN_COLUMNS)
    seen: dict[str, int] = {}
    for index, row in enumerate(rows):
        label = _row_label(row, index)
        problems.extend(
            _row_basics(label, row, index, seen, ADMIN_ID_RE, "an adm1:/adm2: gazetteer id")
        )
        rid = (row.get("id") or "").strip()
        if ADMIN_ID_RE.match(rid) and known_units is not None and rid not in known_units:
            problems.append(Problem(label, f"id {rid!r} is not in the gazetteer"))
        if not (row.get("source") or "").strip():
            problems.append(Problem(label, "empty source"))
    return problems


def load_admin_units(ids: Iterable[str]) -> dict[str, AdminUnit] | None:
    """Look the ids up in the project gazetteer; ``None`` when it cannot be loaded.

    The returned dict holds only the ids that exist (a missing id is a problem).
    """
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    try:
        from geo.errors import NotFoundError
        from geo.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    except Exception as err:  # any failure means "no gazetteer"
        print(f"admin points: gazetteer not available ({err}); id look-up skipped", file=sys.stderr)
        return None
    units: dict[str, AdminUnit] = {}
    for pid in ids:
        try:
            place = gazetteer.get(pid)
        except NotFoundError:
            continue
        units[pid] = AdminUnit(place.name, place.country_code, place.geonameid, place.admin1)
    return units


def _admin1_polygon(
    admin1: object, code: str, unit: AdminUnit | None, row_name: str
) -> tuple[object | None, str]:
    """Find the admin-1 polygon of a unit; return ``(geometry, how)``.

    Same order as the gazetteer build: the unit's GeoNames id against
    ``gn_id``, then the id's code (ISO 3166-2) against ``code``, then a
    unique folded name (gazetteer name, else the row name) against
    ``name``/``name_alt`` within the unit's country.
    """
    frame = admin1
    if unit is not None and unit.geonameid is not None:
        hits = frame[frame["gn_id"] == unit.geonameid]
        if len(hits):
            return hits.geometry.iloc[0], f"gn_id {unit.geonameid}"
    hits = frame[frame["code"].astype(str).str.upper() == code.upper()]
    if len(hits):
        return hits.geometry.iloc[0], f"code {code}"
    country = unit.country_code if unit is not None else code.split("-")[0].split(".")[0]
    wanted = _unit_key(unit.name if unit is not None else row_name)
    same = frame[frame["iso_a2"].astype(str).str.upper() == country.upper()]
    matches = []
    for names, geom in zip(
        same["name"].astype(str) + "|" + same["name_alt"].fillna("").astype(str),
        same.geometry,
        strict=True,
    ):
        if wanted in {_unit_key(n) for n in names.split("|") if n}:
            matches.append(geom)
    if len(matches) == 1:
        return matches[0], f"name {wanted!r}"
    return None, ""


def _admin2_polygon(
    admin2: object, code: str, unit: AdminUnit | None, row_name: str
) -> tuple[object | None, str]:
    """Find the admin-2 polygon: ``shape_id`` equal to the id's code, else a unique
    name (and parent admin-1 name, when the gazetteer gives one) within the country."""
    frame = admin2
    hits = frame[frame["shape_id"].astype(str) == code]
    if len(hits):
        return hits.geometry.iloc[0], f"shape_id {code}"
    country = unit.country_code if unit is not None else code.split(".")[0].split("-")[0]
    wanted = _unit_key(unit.name if unit is not None else row_name)
    same = frame[frame["iso_a2"].astype(str).str.upper() == country.upper()]
    keys = same["name"].astype(str).map(_unit_key)
    cand = same[keys == wanted]
    if unit is not None and unit.admin1 and len(cand) > 1:
        cand = cand[cand["admin1"].astype(str).map(_unit_key) == _unit_key(unit.admin1)]
    if len(cand) == 1:
        return cand.geometry.iloc[0], f"name {wanted!r}"
    return None, ""


def check_admin_geometry(
    rows: Iterable[dict[str, str]],
    admin1: object,
    admin2: object,
    known_units: dict[str, AdminUnit] | None = None,
    tolerance_km: float = ADMIN_POLYGON_TOLERANCE_KM,
) -> list[Problem]:
    """Each reference point must lie in, or within ``tolerance_km`` of, its unit's polygon.

    ``admin1``/``admin2`` are GeoDataFrames in EPSG:4326 with the columns of
    ``geo.boundaries.load_boundaries()`` (admin1: iso_a2, code, gn_id, name,
    name_alt; admin2: iso_a2, admin1, name, shape_id). Rows whose id or
    coordinates fail the schema are skipped here.
    """
    from shapely.geometry import Point

    problems: list[Problem] = []
    for index, row in enumerate(rows):
        label = _row_label(row, index)
        match = ADMIN_ID_RE.match((row.get("id") or "").strip())
        lat, lon = _as_float(row.get("lat")), _as_float(row.get("lon"))
        if match is None or lat is None or lon is None:
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        level, code = match.groups()
        unit = known_units.get(label) if known_units is not None else None
        finder = _admin1_polygon if level == "1" else _admin2_polygon
        frame = admin1 if level == "1" else admin2
        geom, how = finder(frame, code, unit, row.get("name") or "")
        if geom is None:
            problems.append(Problem(label, f"no admin{level} polygon found for this unit"))
            continue
        if geom.covers(Point(lon, lat)):
            continue
        dist = _distance_km(lat, lon, geom)
        if dist > tolerance_km:
            problems.append(
                Problem(
                    label,
                    f"point is {dist:.1f} km outside its admin{level} polygon "
                    f"(matched by {how}; limit {tolerance_km:g} km)",
                )
            )
    return problems


def run_admin(
    csv_path: Path,
    boundaries_dir: Path | None,
    use_gazetteer: bool = True,
    out: object = sys.stdout,
) -> list[Problem]:
    """Check ``admin_points.csv``; print a summary to ``out`` and return the problems."""
    header, rows = read_rows(csv_path)
    units = None
    if use_gazetteer:
        units = load_admin_units((row.get("id") or "").strip() for row in rows)
    problems = check_admin_schema(header, rows, units)
    print(f"{csv_path}: {len(rows)} rows, sha256 {file_sha256(csv_path)}", file=out)
    where = "ids checked in the gazetteer" if units is not None else "id pattern only"
    print(f"admin schema ({where}): {len(problems)} problem(s)", file=out)
    admin1 = boundaries_dir / "admin1.parquet" if boundaries_dir else None
    if admin1 is not None and admin1.exists():
        import geopandas as gpd

        from geo.admin2 import load_admin2

        # Admin-2 is derived at install time (``make data``) into the user data dir.
        frames = [gpd.read_parquet(admin1), load_admin2(boundaries_dir=boundaries_dir)]
        if frames[1] is None:
            print("admin geometry: skipped (world admin-2 not derived; run make data)", file=out)
            return problems
        for i, frame in enumerate(frames):
            if frame.crs is not None and frame.crs.to_epsg() != 4326:
                frames[i] = frame.to_crs(4326)
        geo_problems = check_admin_geometry(rows, frames[0], frames[1], units)
        print(f"admin geometry ({boundaries_dir}): {len(geo_problems)} problem(s)", file=out)
        problems += geo_problems
    else:
        print(f"admin geometry: skipped (no {admin1 or 'boundaries directory'})", file=out)
    return problems


# -------------------------------------------------------------------- regions


def _split_codes(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split("|")]


def check_regions_schema(header: Sequence[str], rows: Iterable[dict[str, str]]) -> list[Problem]:
    """Check ``regions.csv`` columns and per-row rules; return the problems found.

    >>> header = list(REGION_COLUMNS)
    >>> row = {"id": "darfur", "name": "Darfur", "alt_names": "Dar Fur", "lat": "13",
    ...        "lon": "25", "countries": "SD", "source": "a page", "notes": ""}
    >>> check_regions_schema(header, [row])
    []
    >>> [str(p) for p in check_regions_schema(header, [dict(row, countries="Sudan|")])]
    ["darfur: countries 'Sudan|' are not |-separated ISO alpha-2 codes"]
    """
    problems = _header_problems(header, REGION_COLUMNS)
    seen_ids: dict[str, int] = {}
    for index, row in enumerate(rows):
        label = _row_label(row, index)
        problems.extend(_row_basics(label, row, index, seen_ids))
        codes = _split_codes(row.get("countries"))
        if not all(CC_RE.match(code) for code in codes):
            problems.append(
                Problem(
                    label,
                    f"countries {row.get('countries')!r} are not |-separated ISO alpha-2 codes",
                )
            )
        elif len(set(codes)) != len(codes):
            problems.append(Problem(label, f"countries {row.get('countries')!r} repeat a code"))
        problems.extend(_source_and_names(label, row))
    return problems


def check_regions_geometry(
    rows: Iterable[dict[str, str]],
    admin0_path: Path,
    tolerance_km: float = REGION_TOLERANCE_KM,
) -> list[Problem]:
    """Each region's point must lie in, or within ``tolerance_km`` of, a listed country.

    ``admin0_path`` is a GeoParquet file with ``iso_a2`` and ``geometry`` in
    EPSG:4326. Rows whose coordinates or country codes fail the schema are
    skipped here; a listed code missing from the file is a problem.
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
    problems: list[Problem] = []
    for index, row in enumerate(rows):
        label = _row_label(row, index)
        lat, lon = _as_float(row.get("lat")), _as_float(row.get("lon"))
        codes = _split_codes(row.get("countries"))
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        if not all(CC_RE.match(code) for code in codes):
            continue
        unknown = [code for code in codes if code not in countries]
        if unknown:
            problems.append(
                Problem(label, f"countries {', '.join(unknown)} not found in {admin0_path.name}")
            )
        shapes = [countries[code] for code in codes if code in countries]
        if not shapes:
            continue
        point = Point(lon, lat)
        if any(shape.covers(point) for shape in shapes):
            continue
        dist = min(_distance_km(lat, lon, shape) for shape in shapes)
        if dist > tolerance_km:
            inside = [c for c, geom in countries.items() if geom.covers(point)]
            where = f"; it lies in {', '.join(sorted(inside))}" if inside else ""
            problems.append(
                Problem(
                    label,
                    f"point is {dist:.1f} km outside every listed country "
                    f"({'|'.join(codes)}; limit {tolerance_km:g} km){where}",
                )
            )
    return problems


def run_regions(
    csv_path: Path, boundaries_dir: Path | None, out: object = sys.stdout
) -> list[Problem]:
    """Check ``regions.csv``; print a summary to ``out`` and return the problems."""
    header, rows = read_rows(csv_path)
    problems = check_regions_schema(header, rows)
    print(f"{csv_path}: {len(rows)} rows, sha256 {file_sha256(csv_path)}", file=out)
    print(f"regions schema: {len(problems)} problem(s)", file=out)
    admin0 = boundaries_dir / "admin0.parquet" if boundaries_dir else None
    if admin0 is not None and admin0.exists():
        geo_problems = check_regions_geometry(rows, admin0)
        print(f"regions geometry ({admin0}): {len(geo_problems)} problem(s)", file=out)
        problems += geo_problems
    else:
        print(f"regions geometry: skipped (no {admin0 or 'boundaries directory'})", file=out)
    return problems


def check_conflict_index(
    header: Sequence[str], rows: Sequence[dict[str, str]], files: Sequence[Path]
) -> list[Problem]:
    """Check ``borders/conflicts.csv`` against the per-conflict files.

    One row per file (``slug`` = file stem), a known continent, ``|``-separated
    country codes, a period and the public list the conflict was chosen from.

    >>> rows = [{"slug": "a-b", "name": "A–B", "continent": "Asia", "countries": "AF|PK",
    ...          "period": "2025", "list_source": "a list"}]
    >>> check_conflict_index(CONFLICT_COLUMNS, rows, [Path("a-b.csv")])
    []
    >>> [str(p) for p in check_conflict_index(CONFLICT_COLUMNS, rows, [Path("c.csv")])]
    ['c: file has no row in conflicts.csv', 'a-b: no file a-b.csv']
    """
    problems = _header_problems(header, CONFLICT_COLUMNS)
    stems = {f.stem for f in files}
    slugs = set()
    for row in rows:
        slug = (row.get("slug") or "").strip()
        slugs.add(slug)
        if (row.get("continent") or "") not in CONTINENTS:
            problems.append(Problem(slug, f"unknown continent {row.get('continent')!r}"))
        codes = _split_codes(row.get("countries"))
        if not codes or not all(CC_RE.match(c) for c in codes):
            problems.append(Problem(slug, "countries must be |-separated ISO alpha-2 codes"))
        for column in ("name", "period", "list_source"):
            if not (row.get(column) or "").strip():
                problems.append(Problem(slug, f"empty {column}"))
    problems += [Problem(s, "file has no row in conflicts.csv") for s in sorted(stems - slugs)]
    problems += [Problem(s, f"no file {s}.csv") for s in sorted(slugs - stems)]
    return problems


def run_borders(
    borders_dir: Path,
    boundaries_dir: Path | None,
    tolerance_km: float,
    approx_line_km: float,
    taken_ids: set[str],
    out: object = sys.stdout,
) -> list[Problem]:
    """Check every per-conflict file of ``borders_dir`` and its ``conflicts.csv`` index.

    Each file gets the schema and geometry checks of ``places.csv``, at least
    :data:`MIN_ROWS_PER_CONFLICT` rows, and ids unused by every other curated file.
    """
    files = sorted(p for p in borders_dir.glob("*.csv") if p.name != "conflicts.csv")
    index = borders_dir / "conflicts.csv"
    problems: list[Problem] = []
    if index.exists():
        header, rows = read_rows(index)
        problems += check_conflict_index(header, rows, files)
    elif files:
        problems.append(Problem("<borders>", f"{index} is missing"))
    admin0 = boundaries_dir / "admin0.parquet" if boundaries_dir else None
    for path in files:
        header, rows = read_rows(path)
        found = check_schema(header, rows)
        if len(rows) < MIN_ROWS_PER_CONFLICT:
            found.append(Problem("<file>", f"{len(rows)} rows < {MIN_ROWS_PER_CONFLICT}"))
        for row in rows:
            if row.get("id") in taken_ids:
                found.append(Problem(row["id"], "id already used in another curated file"))
            taken_ids.add(row.get("id", ""))
        if admin0 is not None and admin0.exists():
            found += check_geometry(
                rows, admin0, boundaries_dir / "borders.parquet", tolerance_km, approx_line_km
            )
        print(f"{path.name}: {len(rows)} rows, {len(found)} problem(s)", file=out)
        problems += [Problem(f"{path.stem}/{p.row_id}", p.message) for p in found]
    print(f"borders: {len(files)} conflict files, {len(problems)} problem(s)", file=out)
    return problems


def run(
    csv_path: Path,
    boundaries_dir: Path | None,
    tolerance_km: float = DEFAULT_TOLERANCE_KM,
    out: object = sys.stdout,
    approx_line_km: float = DEFAULT_APPROX_LINE_KM,
    admin_csv: Path | None = None,
    use_gazetteer: bool = True,
    regions_csv: Path | None = None,
    borders_dir: Path | None = None,
) -> int:
    """Run every applicable check, print a report to ``out``; return the exit code.

    ``admin_csv`` (when given and present) is checked with :func:`run_admin`,
    ``regions_csv`` (likewise) with :func:`run_regions`.
    """
    header, rows = read_rows(csv_path)
    problems = check_schema(header, rows)
    print(f"{csv_path}: {len(rows)} rows, sha256 {file_sha256(csv_path)}", file=out)
    print(f"schema: {len(problems)} problem(s)", file=out)
    admin0 = boundaries_dir / "admin0.parquet" if boundaries_dir else None
    if admin0 is not None and admin0.exists():
        geo_problems = check_geometry(
            rows, admin0, boundaries_dir / "borders.parquet", tolerance_km, approx_line_km
        )
        print(f"geometry ({admin0}): {len(geo_problems)} problem(s)", file=out)
        problems += geo_problems
    else:
        print(f"geometry: skipped (no {admin0 or 'boundaries directory'})", file=out)
    if admin_csv is not None and admin_csv.exists():
        problems += run_admin(admin_csv, boundaries_dir, use_gazetteer, out)
    if regions_csv is not None and regions_csv.exists():
        problems += run_regions(regions_csv, boundaries_dir, out)
    if borders_dir is not None and borders_dir.is_dir():
        taken = {row.get("id", "") for row in rows}
        problems += run_borders(
            borders_dir, boundaries_dir, tolerance_km, approx_line_km, taken, out
        )
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
    parser.add_argument(
        "--approx-line-km",
        type=float,
        default=DEFAULT_APPROX_LINE_KM,
        help="allowed border-line distance for approximate crossings/posts/bridges (km)",
    )
    parser.add_argument(
        "--admin-csv",
        type=Path,
        default=DEFAULT_ADMIN_CSV,
        help="admin reference points CSV to check too (skipped if absent)",
    )
    parser.add_argument(
        "--no-gazetteer",
        action="store_true",
        help="admin points: check the id pattern only, do not load the gazetteer",
    )
    parser.add_argument(
        "--regions-csv",
        type=Path,
        default=DEFAULT_REGIONS_CSV,
        help="named regions CSV to check too (skipped if absent)",
    )
    parser.add_argument(
        "--borders-dir",
        type=Path,
        default=DEFAULT_BORDERS_DIR,
        help="folder of per-conflict curated files to check too (skipped if absent)",
    )
    parser.add_argument("--sha256", action="store_true", help="print the CSV's sha256 and exit")
    args = parser.parse_args(argv)
    if args.sha256:
        print(file_sha256(args.csv))
        return 0
    boundaries = None if args.no_geometry else args.boundaries_dir
    return run(
        args.csv,
        boundaries,
        args.tolerance_km,
        approx_line_km=args.approx_line_km,
        admin_csv=args.admin_csv,
        use_gazetteer=not args.no_gazetteer,
        regions_csv=args.regions_csv,
        borders_dir=args.borders_dir,
    )


if __name__ == "__main__":
    raise SystemExit(main())
