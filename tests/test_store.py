"""The processed-article cache: hits, version invalidation, corruption recovery."""

from __future__ import annotations

import sqlite3

from geo.store import ArticleStore


def test_hit_miss_and_version_invalidation(tmp_path):
    path = tmp_path / "c.sqlite"
    with ArticleStore(path, pipeline_version="v1") as store:
        store.put("a", {"n": 1})
        store.put_many([("b", {"n": 2}), ("c", {"n": 3})])
        assert store.get("a") == {"n": 1}
        assert len(store) == 3
    with ArticleStore(path, pipeline_version="v2") as store:
        assert store.get("a") is None, "a new pipeline version must not see old results"
        store.put("a", {"n": 10})
        assert store.prune() == 3
        assert len(store) == 1
    with ArticleStore(path, pipeline_version="v1") as store:
        assert store.get("a") is None


def test_corrupt_database_is_replaced(tmp_path, caplog):
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with ArticleStore(path, pipeline_version="v1") as store:
        store.put("a", {"ok": True})
        assert store.get("a") == {"ok": True}
    assert "unreadable" in caplog.text


def test_corrupt_entry_is_a_miss(tmp_path):
    path = tmp_path / "c.sqlite"
    with ArticleStore(path, pipeline_version="v1") as store:
        store.put("a", {"ok": True})
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE processed SET value = ?", (b"garbage",))
    with ArticleStore(path, pipeline_version="v1") as store:
        assert store.get("a") is None
