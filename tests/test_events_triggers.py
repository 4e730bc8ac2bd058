"""The trigger lexicon as data: ``geo/data/events/triggers.csv`` checked and used by classify."""

from __future__ import annotations

import csv
import importlib.util
import shutil
from pathlib import Path

import pytest

from geo.events.classify import CUES, classify

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "geo" / "data" / "events"


def _checker():
    path = REPO / "tools" / "check_triggers.py"
    spec = importlib.util.spec_from_file_location("check_triggers", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_table_is_clean(capsys):
    assert _checker().main([str(DATA)]) == 0
    assert capsys.readouterr().out.startswith("ok:")


def test_checker_finds_a_broken_row(tmp_path, capsys):
    shutil.copy(DATA / "fragments.csv", tmp_path)
    rows = list(csv.DictReader((DATA / "triggers.csv").open(encoding="utf-8")))
    rows[0] = dict(rows[0], event_type="picnic", example="nothing here", pattern="%nope%|x")
    rows[1] = dict(rows[1], pattern="(unclosed")
    with (tmp_path / "triggers.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    assert _checker().main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "unknown event_type 'picnic'" in out
    assert "unknown fragments ['nope']" in out
    assert "line 3: pattern does not compile" in out


def test_every_row_is_a_cue_in_order():
    rows = list(csv.DictReader((DATA / "triggers.csv").open(encoding="utf-8")))
    assert [(r["event_type"], r["sub_event_type"]) for r in rows] == [
        (c.event_type, c.sub_event_type) for c in CUES
    ]


ROWS = list(csv.DictReader((DATA / "triggers.csv").open(encoding="utf-8")))


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['event_type']}-{r['sub_event_type']}")
def test_strong_examples_classify_as_their_type(row):
    """A strong trigger's example is coded as its type (weak ones need more context)."""
    if row["strength"] != "strong" or row["scope"] == "article":
        pytest.skip("weak or article-scoped trigger")
    got = {c.event_type for c in classify(row["example"], article_context=False)}
    assert row["event_type"] in got, (row["example"], got)
