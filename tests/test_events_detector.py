"""The learned sentence-level event detector (geo.events.detect) and its data file."""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

import geo.events.extract as extract
from geo.events import extract_events
from geo.events.detect import TYPES, Detector, fit, load_detector, sentence_features, stem
from geo.situation import Toponym

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "geo" / "data" / "events" / "detector.json"
sys.path.insert(0, str(REPO / "tools"))

import train_event_detector as trainer  # noqa: E402


def test_stems_merge_inflections() -> None:
    assert {stem(w) for w in ("shelled", "shelling", "shells", "Shell")} == {"shell"}
    assert stem("deployed") == stem("deploys") == "deploy"
    assert stem("2,000") == "#num"
    assert stem("us") == "us" and stem("crisis") == "crisis"


def test_features_of_a_sentence() -> None:
    feats = sentence_features(
        "Troops shelled two villages on Monday, officials said.",
        place=True,
        rules=["armed_clash"],
    )
    for f in ("troop shell", "#place", "#number", "#date", "#speech", "rule:armed_clash"):
        assert f in feats
    assert "#country" not in feats and "#cue" not in feats
    assert feats == sorted(set(feats))


def test_shipped_detector_scores_known_sentences() -> None:
    det = load_detector()
    clash = det.predict(
        "Border guards of the two countries exchanged fire near the village on Thursday.",
        place=True,
    )
    assert max(clash, key=clash.get) == "armed_clash" and clash["armed_clash"] > 0.5
    calm = det.predict("The weather was mild and the markets were busy.")
    assert max(calm.values()) < 0.2
    talks = det.predict(
        "The two foreign ministers agreed to a ceasefire after talks in the capital."
    )
    assert max(talks, key=talks.get) == "ceasefire_or_talks"


def test_trigger_is_the_strongest_word() -> None:
    det = Detector(("blockade",), (-1.0,), {"clos": (2.5,), "border": (0.4,), "the": (-0.1,)})
    text = "Officials closed the border crossing."
    assert det.trigger(text, "blockade") == (10, 16)
    assert det.trigger("Nothing here.", "blockade") is None


def test_fit_is_deterministic_and_learns() -> None:
    feats = [["shell", "#place"], ["shell", "village"], ["talk", "minister"], ["talk"]] * 5
    labs = [["armed_clash"], ["armed_clash"], ["ceasefire_or_talks"], []] * 5
    a = fit(feats, labs, l2=0.5)
    b = fit(feats, labs, l2=0.5)
    assert a == b
    assert a.scores(["shell"])["armed_clash"] > 0.8
    assert a.scores(["shell"])["ceasefire_or_talks"] < 0.2
    # features below min_count are dropped
    assert "village" not in fit([["village"], ["x", "y"]], [["capture"], []], min_count=2).weights


def test_training_on_real_gold_is_deterministic() -> None:
    arts, _ = trainer.load_open(sets=("bench/heldout",), seeds=False)
    samples = [s for a in arts[:4] for s in trainer.article_samples(a)]
    assert any(s.labels for s in samples)
    assert trainer.dump(trainer.train(samples)) == trainer.dump(trainer.train(samples))


def test_data_file_provenance() -> None:
    assert DATA.stat().st_size < 2_000_000
    data = json.loads(DATA.read_text("utf-8"))
    meta = data["meta"]
    assert tuple(data["types"]) == TYPES
    assert meta["hyper_parameters"] == trainer.HYPER
    blind = trainer.BLIND_SETS
    assert not any(Path(s).name in blind for s in meta["trained_on"])
    for rel, digest in meta["gold_sha256"].items():
        assert not any(f"/{b}/" in f"/{rel}" for b in blind)
        assert hashlib.sha256((REPO / rel).read_bytes()).hexdigest() == digest, rel
    assert len(meta["gold_sha256"]) == 36  # 35 open conflicts and the seeds


@pytest.mark.slow
def test_data_file_matches_a_retrain(capsys: pytest.CaptureFixture[str]) -> None:
    assert trainer.main(["--check"]) == 0
    assert "matches a retrain" in capsys.readouterr().out


def test_check_fails_on_a_changed_file(tmp_path: Path) -> None:
    data = json.loads(DATA.read_text("utf-8"))
    key = next(iter(data["weights"]))
    data["weights"][key] = [w + 0.5 for w in data["weights"][key]]
    bad = tmp_path / "detector.json"
    bad.write_text(json.dumps(data), "utf-8")
    assert trainer.main(["--check", "--out", str(bad)]) == 1


def _article(text: str) -> SimpleNamespace:
    return SimpleNamespace(id="d1", text=text, published=date(2024, 5, 2), outlet="X", url=None)


def _toponym(text: str, name: str) -> Toponym:
    s = text.index(name)
    return Toponym(
        "d1", s, s + len(name), name, name, 40.0, 70.0, "TJ", None, None, "PPL", None, name, 1, 1.0
    )


def test_extract_uses_the_detector_only_when_switched_on(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Gunmen ransacked three houses in Vorukh on Wednesday."
    toy = Detector(("armed_clash",), (-3.0,), {"ransack": (5.0,), "#place": (1.0,)})
    tops = [_toponym(text, "Vorukh")]
    monkeypatch.setattr(extract, "DETECTOR", None)
    rules_only = extract_events(_article(text), tops, join=None)
    monkeypatch.setattr(extract, "DETECTOR", extract.DetectorUse(toy, threshold=0.5))
    got = extract_events(_article(text), tops, join=None)
    assert rules_only == []
    assert [e.event_type for e in got] == ["armed_clash"]
    assert got[0].sub_event_type == "clash"
    assert got[0].sources[0].sentence == text
    assert got[0].location is not None and got[0].location.name == "Vorukh"
    # no place in the sentence: no proposal unless the type may go without one
    bare = "Gunmen ransacked three houses on Wednesday."
    assert extract_events(_article(bare), [], join=None) == []


def test_detector_veto_drops_low_rule_events(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Kyrgyz and Tajik border guards exchanged fire near Vorukh on Wednesday."
    tops = [_toponym(text, "Vorukh")]
    monkeypatch.setattr(extract, "DETECTOR", None)
    assert extract_events(_article(text), tops, join=None)
    never = Detector(("armed_clash",), (-9.0,), {})
    monkeypatch.setattr(extract, "DETECTOR", extract.DetectorUse(never, propose=False, veto=0.05))
    assert extract_events(_article(text), tops, join=None) == []
    monkeypatch.setattr(extract, "DETECTOR", extract.DetectorUse(never, propose=False, veto=0.0))
    assert extract_events(_article(text), tops, join=None)
