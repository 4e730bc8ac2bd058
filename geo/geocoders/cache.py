"""An on-disk cache of online-geocoder answers, so a repeated query costs no request.

One SQLite file in ``settings.cache_dir`` (:data:`CACHE_FILENAME`). A row is
keyed by ``(service, method, normalised query, params)`` and holds the
*converted* results (geopy ``Location`` objects whose ``raw`` has sitmap's
keys) as JSON, with the time it was stored. Rows older than the TTL (30 days
by default) are ignored and replaced on the next write. Empty answers are
never cached (and an empty row left by an older version reads as a miss): an
online service that knows nothing of a name must not, for a month, hide what
the offline gazetteer knows of it.

Every operation opens its own short-lived connection and transaction, and the
database runs in WAL mode, so several processes (and threads) may share one
file. A file that is not a database, or a corrupt one, is deleted and
recreated with a warning on the ``sitmap.geocoders`` logger. The cache is an
optimisation: a locked or unwritable file is logged and treated as a miss,
never raised to the caller.

>>> import tempfile
>>> from geopy.location import Location
>>> cache = ResponseCache(Path(tempfile.mkdtemp()) / CACHE_FILENAME)
>>> cache.get("nominatim", "geocode", "Batken", {"limit": 1}) is None
True
>>> cache.put("nominatim", "geocode", "Batken", {"limit": 1},
...           [Location("Batken", (40.06, 70.82), {"name": "Batken"})])
>>> [loc.address for loc in cache.get("nominatim", "geocode", "  batken ", {"limit": 1})]
['Batken']
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import math
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

from geopy.location import Location
from geopy.point import Point as GeopyPoint

from geo.errors import InputError
from geo.settings import Settings

logger = logging.getLogger("sitmap.geocoders")

#: Name of the cache file inside ``settings.cache_dir``.
CACHE_FILENAME = "geocoder-responses.sqlite"

#: How long a cached answer stays valid, in seconds (30 days).
DEFAULT_TTL_SECONDS = 30 * 24 * 3600.0

#: Bump when the stored layout of results changes; older rows are then misses.
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    service TEXT NOT NULL,
    method TEXT NOT NULL,
    query TEXT NOT NULL,
    params TEXT NOT NULL,
    created REAL NOT NULL,
    version INTEGER NOT NULL,
    results TEXT NOT NULL
)
"""

_T = TypeVar("_T")


def normalise_query(query: str) -> str:
    """Fold case and white space so trivially different spellings share a row.

    >>> normalise_query("  Tort-Kocho   VILLAGE ")
    'tort-kocho village'
    """
    return " ".join(str(query).split()).casefold()


def cache_key(
    service: str, method: str, query: str, params: Mapping[str, Any] | None = None
) -> tuple[str, str]:
    """Return ``(key, canonical_params)`` for a request.

    ``params`` order does not matter; tuples and lists are the same.

    >>> a = cache_key("nominatim", "geocode", "Osh", {"a": 1, "b": ["KG"]})
    >>> a == cache_key("nominatim", "geocode", " OSH", {"b": ("KG",), "a": 1})
    True
    """
    canonical = json.dumps(dict(params or {}), sort_keys=True, separators=(",", ":"), default=str)
    material = json.dumps([service, method, normalise_query(query), canonical])
    return hashlib.sha256(material.encode("utf-8")).hexdigest(), canonical


def location_to_json(location: Location) -> dict[str, Any]:
    """Turn a geopy ``Location`` into a JSON-ready dict (see :func:`location_from_json`).

    >>> location_to_json(Location("Osh", (40.53, 72.8), {"name": "Osh"}))
    {'address': 'Osh', 'lat': 40.53, 'lon': 72.8, 'raw': {'name': 'Osh'}}
    """
    return {
        "address": location.address,
        "lat": location.latitude,
        "lon": location.longitude,
        "raw": location.raw,
    }


def location_from_json(data: Mapping[str, Any]) -> Location:
    """Rebuild the ``Location`` that :func:`location_to_json` wrote.

    >>> location_from_json({"address": "Osh", "lat": 40.53, "lon": 72.8, "raw": {}}).point
    Point(40.53, 72.8, 0.0)
    """
    return Location(data["address"], GeopyPoint(data["lat"], data["lon"]), dict(data["raw"]))


def _is_corrupt(err: sqlite3.DatabaseError) -> bool:
    code = getattr(err, "sqlite_errorcode", None)
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return True
    message = str(err).lower()
    return "not a database" in message or "malformed" in message


class ResponseCache:
    """SQLite cache of converted geocoder results.

    ``path`` is the database file (created with its directory on first use;
    the constructor touches nothing on disk). ``ttl`` is a number of seconds
    or a :class:`~datetime.timedelta`; ``clock`` returns the current time in
    seconds (``time.time`` by default; tests inject a fake one).
    ``busy_timeout`` is how long, in seconds, to wait for another process's
    write lock before treating the operation as a miss.

    >>> import tempfile
    >>> now = [1000.0]
    >>> c = ResponseCache(Path(tempfile.mkdtemp()) / "c.sqlite", ttl=60, clock=lambda: now[0])
    >>> c.put("geonames_web", "geocode", "Osh", None, [Location("Osh", (40.53, 72.8), {})])
    >>> [loc.address for loc in c.get("geonames_web", "geocode", "Osh")]
    ['Osh']
    >>> now[0] += 61
    >>> c.get("geonames_web", "geocode", "Osh") is None
    True
    """

    def __init__(
        self,
        path: str | Path,
        *,
        ttl: float | timedelta = DEFAULT_TTL_SECONDS,
        clock: Callable[[], float] = time.time,
        busy_timeout: float = 5.0,
    ) -> None:
        seconds = ttl.total_seconds() if isinstance(ttl, timedelta) else ttl
        if isinstance(seconds, bool) or not isinstance(seconds, int | float):
            raise InputError(f"the cache TTL must be a number of seconds, not {ttl!r}")
        if not math.isfinite(seconds) or seconds <= 0:
            raise InputError(f"the cache TTL must be a positive number of seconds, not {ttl!r}")
        self.path = Path(path)
        self.ttl_seconds = float(seconds)
        self.clock = clock
        self.busy_timeout = float(busy_timeout)
        self._ready = False
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings, **kwargs: Any) -> ResponseCache:
        """Return the cache at ``settings.cache_dir / CACHE_FILENAME``.

        >>> from geo.settings import Settings
        >>> ResponseCache.from_settings(Settings(cache_dir=Path("/tmp/x"))).path
        PosixPath('/tmp/x/geocoder-responses.sqlite')
        """
        return cls(Path(settings.cache_dir) / CACHE_FILENAME, **kwargs)

    def __repr__(self) -> str:
        return f"ResponseCache({str(self.path)!r}, ttl={self.ttl_seconds:g})"

    # -- public operations -------------------------------------------------

    def get(
        self,
        service: str,
        method: str,
        query: str,
        params: Mapping[str, Any] | None = None,
    ) -> list[Location] | None:
        """Return the cached results of a request, or ``None`` on a miss or expiry."""
        key, _ = cache_key(service, method, query, params)

        def read(conn: sqlite3.Connection) -> tuple[float, int, str] | None:
            return conn.execute(
                "SELECT created, version, results FROM responses WHERE key = ?", (key,)
            ).fetchone()

        row = self._run(read, None)
        if row is None:
            return None
        created, version, results = row
        if version != SCHEMA_VERSION or self.clock() - created > self.ttl_seconds:
            return None
        try:
            found = [location_from_json(item) for item in json.loads(results)]
            return found or None
        except (ValueError, TypeError, KeyError) as err:
            logger.warning("ignoring an unreadable cached answer in %s: %s", self.path, err)
            return None

    def put(
        self,
        service: str,
        method: str,
        query: str,
        params: Mapping[str, Any] | None,
        results: Sequence[Location],
    ) -> None:
        """Store the results of a request (replacing any older row for it); empty ones are not."""
        if not results:
            return
        key, canonical = cache_key(service, method, query, params)
        payload = json.dumps([location_to_json(loc) for loc in results], ensure_ascii=False)
        row = (
            key,
            service,
            method,
            normalise_query(query),
            canonical,
            float(self.clock()),
            SCHEMA_VERSION,
            payload,
        )

        def write(conn: sqlite3.Connection) -> None:
            conn.execute("INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)

        self._run(write, None)

    def purge_expired(self) -> int:
        """Delete expired rows; return how many were deleted."""
        cutoff = self.clock() - self.ttl_seconds

        def purge(conn: sqlite3.Connection) -> int:
            cur = conn.execute(
                "DELETE FROM responses WHERE created < ? OR version != ?",
                (cutoff, SCHEMA_VERSION),
            )
            return cur.rowcount

        return self._run(purge, 0)

    def clear(self) -> None:
        """Delete every row."""
        self._run(lambda conn: conn.execute("DELETE FROM responses"), None)

    def __len__(self) -> int:
        return self._run(
            lambda conn: conn.execute("SELECT count(*) FROM responses").fetchone()[0], 0
        )

    # -- connection handling -------------------------------------------------

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=self.busy_timeout)
        try:
            # A cache may lose its last answers in a power cut, never its integrity:
            # in WAL mode NORMAL skips the fsync per commit but stays consistent.
            conn.execute("PRAGMA synchronous=NORMAL")
            with conn:  # one short transaction: commit on success, roll back on error
                yield conn
        finally:
            conn.close()

    def _setup(self) -> None:
        with self._lock:
            if self._ready:
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=self.busy_timeout)
            try:
                # WAL lets readers and one writer work at once across processes;
                # on file systems without shared memory SQLite keeps its default.
                conn.execute("PRAGMA journal_mode=WAL").fetchone()
                with conn:
                    conn.execute(_SCHEMA)
                conn.execute("SELECT count(*) FROM responses").fetchone()
            finally:
                conn.close()
            self._ready = True

    def _recreate(self, err: sqlite3.DatabaseError) -> None:
        logger.warning(
            "the geocoder cache %s is corrupt (%s); deleting and recreating it", self.path, err
        )
        with self._lock:
            self._ready = False
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def _run(self, operation: Callable[[sqlite3.Connection], _T], default: _T) -> _T:
        for attempt in (1, 2):
            try:
                self._setup()
                with self._connect() as conn:
                    return operation(conn)
            except sqlite3.DatabaseError as err:
                if attempt == 1 and _is_corrupt(err):
                    try:
                        self._recreate(err)
                    except OSError as os_err:
                        logger.warning("cannot delete the corrupt cache %s: %s", self.path, os_err)
                        return default
                    continue
                logger.warning(
                    "the geocoder cache %s is unusable (%s); not caching", self.path, err
                )
                return default
            except OSError as err:
                logger.warning("cannot open the geocoder cache %s: %s", self.path, err)
                return default
        return default  # pragma: no cover - both attempts return or continue once
