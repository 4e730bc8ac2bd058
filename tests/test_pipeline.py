"""The whole pipeline: parallel runs equal serial ones; a killed build leaves old outputs."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from geo.pipeline import build_situation, load_resources

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


@pytest.fixture(scope="module")
def resources(settings, gazetteer, boundaries):
    return load_resources(settings)


@pytest.mark.slow
def test_two_worker_local_cluster_matches_single_process(resources, settings):
    serial = build_situation([SEEDS], resources=resources)
    parallel = build_situation([SEEDS], settings=settings, resources=resources, workers=2)
    assert parallel.situation == serial.situation
    assert parallel.situation.to_dict() == serial.situation.to_dict()


def test_every_mention_is_placed_or_unresolved(resources):
    result = build_situation([SEEDS], resources=resources)
    for res in result.results:
        spans = [(t.start, t.end) for t in res.toponyms]
        spans += [(u.start, u.end) for u in res.unresolved]
        assert len(spans) == len(set(spans)), "a mention is both placed and unresolved"
    assert all(e.sources for e in result.situation.events)


def test_killed_build_keeps_previous_outputs(tmp_path, resources, monkeypatch):
    from layers import build as build_module
    from layers import exports

    out = tmp_path / "build"
    build_module.build_outputs([SEEDS], out)
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.rglob("*") if p.is_file()}

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("killed while writing the GeoPackage")

    monkeypatch.setattr(exports, "write_gpkg", crash)
    with pytest.raises(KeyboardInterrupt):
        build_module.build_outputs([SEEDS], out)
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.rglob("*") if p.is_file()}
    assert {p: h for p, h in after.items() if p.name != "cache.sqlite"} == {
        p: h for p, h in before.items() if p.name != "cache.sqlite"
    }
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")], "temporary files left"
    monkeypatch.undo()
    report = build_module.build_outputs([SEEDS], out)
    assert report.articles == 5 and (out / "map.html").exists()
