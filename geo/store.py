"""An embedded SQLite cache of processed articles.

Each processed article is stored under a key made of the article's content
hash and the *pipeline version* — a digest of sitmap's version, the
gazetteer/boundary data version and the NLP model — so adding one article
reprocesses only that article, and a new gazetteer or pipeline version
invalidates every entry. Values are JSON (zlib-compressed).

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     store = ArticleStore(pathlib.Path(tmp) / "cache.sqlite", pipeline_version="v1")
...     store.put("abc", {"toponyms": []})
...     print(store.get("abc"), store.get("missing"))
...     store.close()
{'toponyms': []} None
"""

from __future__ import annotations

import json
import logging
import sqlite3
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from geo.errors import DataError

log = logging.getLogger("sitmap.store")

#: Keys looked up per query by :meth:`ArticleStore.get_many` (SQLite allows
#: at least 999 parameters per statement).
LOOKUP_CHUNK = 500

_SCHEMA = """
CREATE TABLE IF NOT EXISTS processed (
    key TEXT NOT NULL,
    pipeline_version TEXT NOT NULL,
    value BLOB NOT NULL,
    PRIMARY KEY (key, pipeline_version)
)
"""


class ArticleStore:
    """Processed-article results by (content key, pipeline version)."""

    def __init__(self, path: Path, *, pipeline_version: str) -> None:
        self.path = Path(path)
        self.pipeline_version = pipeline_version
        self._conn = self._open()

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(self.path, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(_SCHEMA)
            conn.commit()
        except sqlite3.DatabaseError as err:
            log.warning("article cache %s is unreadable (%s); starting a new one", self.path, err)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            try:
                conn = sqlite3.connect(self.path, timeout=30)
                conn.execute(_SCHEMA)
                conn.commit()
            except sqlite3.DatabaseError as again:
                raise DataError(f"cannot create the article cache {self.path}: {again}") from again
        return conn

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored value for ``key`` under this pipeline version, or ``None``."""
        row = self._conn.execute(
            "SELECT value FROM processed WHERE key = ? AND pipeline_version = ?",
            (key, self.pipeline_version),
        ).fetchone()
        if row is None:
            return None
        try:
            return json.loads(zlib.decompress(row[0]))  # type: ignore[no-any-return]
        except (zlib.error, ValueError):
            log.warning("article cache entry %s is corrupt; it will be recomputed", key)
            return None

    def get_many(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The stored values of those ``keys`` that are present (and readable), by key.

        One query per :data:`LOOKUP_CHUNK` keys instead of one per key.
        """
        wanted = list(dict.fromkeys(keys))
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            chunk = wanted[start : start + LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._conn.execute(
                f"SELECT key, value FROM processed WHERE pipeline_version = ? AND key IN ({marks})",
                (self.pipeline_version, *chunk),
            ).fetchall()
            for key, blob in rows:
                try:
                    found[key] = json.loads(zlib.decompress(blob))
                except (zlib.error, ValueError):
                    log.warning("article cache entry %s is corrupt; it will be recomputed", key)
        return found

    def put(self, key: str, value: dict[str, Any]) -> None:
        """Store ``value`` for ``key`` under this pipeline version."""
        blob = zlib.compress(json.dumps(value, ensure_ascii=False, sort_keys=True).encode())
        with self._conn:
            self._conn.execute(
                "INSERT OR REPLACE INTO processed (key, pipeline_version, value) VALUES (?, ?, ?)",
                (key, self.pipeline_version, blob),
            )

    def put_many(self, items: Iterable[tuple[str, dict[str, Any]]]) -> None:
        """Store several values in one transaction."""
        rows = [
            (
                key,
                self.pipeline_version,
                zlib.compress(json.dumps(v, ensure_ascii=False, sort_keys=True).encode()),
            )
            for key, v in items
        ]
        with self._conn:
            self._conn.executemany(
                "INSERT OR REPLACE INTO processed (key, pipeline_version, value) VALUES (?, ?, ?)",
                rows,
            )

    def prune(self) -> int:
        """Delete entries of other pipeline versions; return how many went."""
        with self._conn:
            cur = self._conn.execute(
                "DELETE FROM processed WHERE pipeline_version != ?", (self.pipeline_version,)
            )
        return cur.rowcount

    def __len__(self) -> int:
        return int(
            self._conn.execute(
                "SELECT count(*) FROM processed WHERE pipeline_version = ?",
                (self.pipeline_version,),
            ).fetchone()[0]
        )

    def close(self) -> None:
        """Close the database connection."""
        self._conn.close()

    def __enter__(self) -> ArticleStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
