"""CLI tests for the corpus commands: build, layers, map, export, geoparse, events."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from shapely.geometry import shape

from sitmap.cli import main

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory, gazetteer, boundaries) -> Path:
    out = tmp_path_factory.mktemp("build")
    result = invoke("build", str(SEEDS), "--out", str(out), "--json")
    assert result.exit_code == 0, result.output
    return out


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "cache.sqlite" and not p.name.startswith("cache.sqlite")
    }


def test_build_writes_every_output(built):
    for name in (
        "map.html",
        "situation.gpkg",
        "events.csv",
        "events.parquet",
        "unresolved.csv",
        "control.csv",
        "report.md",
        "situation.json",
    ):
        assert (built / name).stat().st_size > 0, name
    layer_files = sorted(p.stem for p in (built / "layers").glob("*.geojson"))
    assert layer_files == sorted(
        ["borders", "control", "control_claims", "incidents", "movements", "places", "sites"]
    )
    header = (built / "events.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    import pandas as pd

    from geo.acled import ACLED_COLUMNS, codebook_problems

    assert tuple(header[:31]) == ACLED_COLUMNS
    assert codebook_problems(pd.read_csv(built / "events.csv", dtype=str)) == []
    assert "fatalities" in header and "claimant" in header


def test_geojson_layers_are_rfc7946(built):
    data = json.loads((built / "layers" / "incidents.geojson").read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and "crs" not in data
    for feature in data["features"]:
        # points, border segments, country outlines; null for events only listed
        if feature["geometry"] is None:
            continue
        x0, y0, x1, y1 = shape(feature["geometry"]).bounds
        assert -180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90


def test_gpkg_opens_with_every_layer(built):
    import pyogrio

    names = {row[0] for row in pyogrio.list_layers(built / "situation.gpkg")}
    want = {"incidents", "borders", "control", "control_claims", "control_claims_point"}
    assert want <= names


def test_rebuild_is_cached_and_byte_identical(built, tmp_path):
    before = digest(built)
    result = invoke("build", str(SEEDS), "--out", str(built), "--json")
    summary = json.loads(result.stdout)
    assert summary["processed"] == 0 and summary["cached"] == 5
    assert digest(built) == before


def test_adding_one_article_processes_only_it(built, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus, ignore=shutil.ignore_patterns("gold.json"))
    (corpus / "extra.txt").write_text(
        "title: Clash near Vorukh\npublished: 2021-04-29\n\n"
        "Kyrgyz and Tajik border guards exchanged fire near Vorukh on Thursday.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(built / "cache.sqlite", out / "cache.sqlite")
    summary = json.loads(invoke("build", str(corpus), "--out", str(out), "--json").stdout)
    assert summary["processed"] == 1 and summary["cached"] == 5


def test_build_reports_bad_files_and_goes_on(tmp_path, gazetteer, boundaries):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (corpus / "ok.txt").write_text("Fighting was reported near Khorog.\n", encoding="utf-8")
    result = invoke("build", str(corpus), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "empty.txt" in result.stderr and "binary.txt" in result.stderr
    assert "Traceback" not in result.output


def test_build_with_nothing_readable_exits_1(tmp_path, gazetteer, boundaries):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = invoke("build", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr


def test_layers_list_and_build(built):
    rows = json.loads(invoke("layers", "list", "--json").stdout)
    assert [r["name"] for r in rows][:2] == ["borders", "control_claims"]
    (built / "layers" / "incidents.geojson").unlink()
    result = invoke("layers", "build", "incidents", "--out", str(built))
    assert result.exit_code == 0, result.output
    assert (built / "layers" / "incidents.geojson").exists()


def test_layers_build_without_situation_is_clean(tmp_path):
    result = invoke("layers", "build", "incidents", "--out", str(tmp_path))
    assert result.exit_code == 1
    assert "sitmap build" in result.stderr


def test_map_filters(built, tmp_path):
    out = tmp_path / "m.html"
    result = invoke(
        "map",
        "--situation",
        str(built),
        "--layers",
        "incidents,borders",
        "--from",
        "2022-01-01",
        "--to",
        "2022-01-31",
        "--bbox",
        "69,39,72,41",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "2022-01-27" in html and "2021-07-09" not in html


@pytest.mark.parametrize(
    "args",
    [["--from", "yesterday"], ["--bbox", "1,2,3"], ["--bbox", "10,50,5,60"], ["--layers", "nope"]],
)
def test_map_bad_options_are_clean(built, tmp_path, args):
    result = invoke("map", "--situation", str(built), *args, "--out", str(tmp_path / "m.html"))
    assert result.exit_code == 2  # a usage error
    assert "Error: " in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf", "csv", "parquet", "gpkg", "geojson"])
def test_export_formats(built, tmp_path, fmt):
    out = tmp_path / (f"x.{fmt}" if fmt != "geojson" else "gj")
    result = invoke("export", "--format", fmt, "--situation", str(built), "--out", str(out))
    assert result.exit_code == 0, result.output
    if fmt == "geojson":
        assert (out / "incidents.geojson").exists()
    else:
        assert out.stat().st_size > 0


def test_geoparse_contract(tmp_path, gazetteer, boundaries):
    result = invoke("geoparse", str(SEEDS / "04_csto_ceasefire_tort_kocho_clash_frontierpost.txt"))
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    assert set(record) == {"id", "published", "toponyms", "unresolved"}
    assert record["id"] == "04_csto_ceasefire_tort_kocho_clash_frontierpost.txt"
    assert record["published"] == "2022-01-27"
    keys = {
        "start",
        "end",
        "text",
        "name",
        "lat",
        "lon",
        "country_code",
        "admin1",
        "admin2",
        "feature",
        "geonameid",
        "precision",
        "score",
    }
    assert record["toponyms"] and all(keys <= set(t) for t in record["toponyms"])
    assert any(t["text"] == "Tort-Kocho" for t in record["toponyms"])


def test_geoparse_jsonl_spans_mode(tmp_path, gazetteer, boundaries):
    text = "Talks were held in Dushanbe and Qwxyzville on Monday."
    line = {"id": "a1", "text": text, "spans": [[19, 27], [32, 42]]}
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps(line) + "\n" + json.dumps({"text": "Osh."}) + "\n", encoding="utf-8"
    )
    lines = invoke("geoparse", str(corpus)).stdout.splitlines()
    first, second = (json.loads(x) for x in lines)
    assert first["id"] == "a1" and second["id"] == "1"
    spans = {(t["start"], t["end"]) for t in first["toponyms"]}
    spans |= {(u["start"], u["end"]) for u in first["unresolved"]}
    assert spans == {(19, 27), (32, 42)}
    assert [t["name"] for t in first["toponyms"]] == ["Dushanbe"]


def test_geoparse_bad_inputs(tmp_path, gazetteer, boundaries):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = invoke("geoparse", str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt"))
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr and "missing.txt" in result.stderr
    assert invoke("geoparse").exit_code == 2


def test_events_contract(gazetteer, boundaries):
    result = invoke("events", str(SEEDS))
    assert result.exit_code == 0, result.output
    events = [json.loads(x) for x in result.stdout.splitlines()]
    assert events
    keys = {
        "id",
        "event_type",
        "sub_event_type",
        "event_date",
        "time_precision",
        "actor1",
        "actor2",
        "counts",
        "location",
        "claimant",
        "claim_status",
        "confidence",
        "sources",
    }
    for ev in events:
        assert keys <= set(ev)
        assert ev["sources"], "every event has a source sentence"
    claims = [e for e in events if e["event_type"] == "control_claim"]
    assert any(c["claim"]["object"] == "AFG–TJK" for c in claims)


def test_map_and_export_into_a_build_keep_one_generation(built, tmp_path):
    from test_generations import leftovers, one_generation

    copy = tmp_path / "build"
    shutil.copytree(built, copy, symlinks=True)
    before = one_generation(copy)
    result = invoke(
        "map", "--situation", str(copy), "--layers", "incidents", "--out", str(copy / "map.html")
    )
    assert result.exit_code == 0, result.output
    result = invoke(
        "export",
        "--format",
        "csv",
        "--situation",
        str(copy),
        "--from",
        "2022-01-01",
        "--out",
        str(copy / "events.csv"),
    )
    assert result.exit_code == 0, result.output
    after = one_generation(copy)  # the manifest matches the files read through the links
    assert (copy / "map.html").is_symlink() and (copy / "events.csv").is_symlink()
    changed = {k for k in before["files"] if before["files"][k] != after["files"].get(k)}
    assert changed == {"map.html", "events.csv"}
    assert leftovers(copy) == []
    assert one_generation(built) == before  # the original build is untouched
