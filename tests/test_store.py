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


def test_the_engine_digest_follows_every_code_and_data_file(tmp_path):
    from geo.pipeline import engine_digest

    (tmp_path / "data").mkdir()
    (tmp_path / "rules.py").write_text("X = 1\n")
    table = tmp_path / "data" / "triggers.csv"
    table.write_text("event_type,pattern\narmed_clash,shelled\n")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "rules.pyc").write_bytes(b"\0")
    first = engine_digest(tmp_path)
    engine_digest.cache_clear()
    (tmp_path / "__pycache__" / "rules.pyc").write_bytes(b"\1")
    assert engine_digest(tmp_path) == first, "compiled files are not the engine"
    engine_digest.cache_clear()
    table.write_text("event_type,pattern\narmed_clash,shelled|bombed\n")
    assert engine_digest(tmp_path) != first, "a changed data row must change the version"
    engine_digest.cache_clear()
    table.rename(tmp_path / "data" / "cues.csv")
    (tmp_path / "data" / "cues.csv").write_text("event_type,pattern\narmed_clash,shelled\n")
    assert engine_digest(tmp_path) != first, "a renamed table must change the version"
