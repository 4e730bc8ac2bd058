from __future__ import annotations

import pytest

from geo.atomic import atomic_path, atomic_write


def test_failed_write_keeps_previous_file(tmp_path):
    target = tmp_path / "map.html"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(target) as fh:
        fh.write("half of the new")
        raise RuntimeError("killed")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_binary_and_path_variants(tmp_path):
    with atomic_write(tmp_path / "a.bin", "wb") as fh:
        fh.write(b"\x00\x01")
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\x01"
    with atomic_path(tmp_path / "b.gpkg") as tmp:
        assert tmp.suffix == ".gpkg" and tmp.parent == tmp_path
        tmp.write_text("x", encoding="utf-8")
    assert (tmp_path / "b.gpkg").read_text(encoding="utf-8") == "x"
    with pytest.raises(ValueError), atomic_write(tmp_path / "c", "a"):
        pass
