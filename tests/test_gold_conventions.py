"""The event gold of every evaluation set follows the conventions of ``docs/annotation.md``.

``tools/check_gold.py`` holds the rules; these tests run it on every ``bench/dev`` and
``bench/heldout*`` set (a new set's writer runs it before the set's first run) and check
that each rule catches what it is for.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

import check_gold  # noqa: E402
from check_gold import check_gold as check  # noqa: E402
from check_gold import month_date  # noqa: E402

SETS = check_gold.set_dirs()


@pytest.mark.parametrize("set_dir", SETS, ids=[p.name for p in SETS])
def test_set_follows_the_conventions(set_dir: Path) -> None:
    errors = [str(f) for f in check_gold.check_set(set_dir) if f.error]
    assert errors == []


def test_the_opened_sets_are_found() -> None:
    names = {p.name for p in SETS}
    assert {"dev", "heldout", "heldout2", "heldout6"} <= names


EVENT = {
    "id": "01-e1",
    "type": "blockade",
    "fine_type": "trade_or_border_closure",
    "date": "2023-11-18",
    "time_precision": 1,
    "actors": ["Border Guard"],
    "actor_sides": {},
    "claimant": None,
    "sentence": "Guards closed the Alpha crossing on Saturday.",
    "location": {"surface": "Alpha", "lat": None, "lon": None, "precision": 1},
    "counts": {},
    "same_as": [],
}


def gold_of(*events: dict, toponyms: list | None = None) -> dict:
    return {
        "conflict": "c",
        "files": {"01_a.txt": {"toponyms": toponyms or [], "events": list(events)}},
    }


def rules(gold: dict, errors_only: bool = False) -> list[str]:
    return [f.rule for f in check(gold, "test") if f.error or not errors_only]


def test_a_clean_event_has_no_finding() -> None:
    assert rules(gold_of(dict(EVENT))) == []


@pytest.mark.parametrize(
    ("typ", "fine", "bad"),
    [
        ("deployment", "withdrawal", True),
        ("forces_cross_border", "withdrawal", True),
        ("ceasefire_or_talks", "withdrawal", False),
        ("armed_clash", "arrest", True),
        ("capture", "arrest", False),
        ("armed_clash", "protest", True),
        ("forces_cross_border", "surrender", False),
        ("assistance", "evacuation", True),
    ],
)
def test_fine_type_belongs_to_its_type(typ: str, fine: str, bad: bool) -> None:
    ev = dict(EVENT, type=typ, fine_type=fine)
    assert ("fine-type" in rules(gold_of(ev), errors_only=True)) is bad


@pytest.mark.parametrize(
    ("sentence", "date", "tp", "bad"),
    [
        ("Guards closed the Alpha crossing in November.", "2023-11-01", 1, True),
        ("Guards closed the Alpha crossing in November.", "2023-11-01", 3, True),
        ("Guards closed the Alpha crossing in November.", "2023-11-15", 3, False),
        ("Guards closed the Alpha crossing in late November 2023.", "2023-11-28", 1, True),
        ("Guards closed the Alpha crossing in late November 2023.", "2023-11-25", 2, False),
        ("Guards closed the Alpha crossing on November 18.", "2023-11-18", 1, False),
        ("Guards closed the Alpha crossing on Saturday, as in May.", "2023-05-20", 1, False),
        ("Guards may close the Alpha crossing.", "2023-05-20", 1, False),
    ],
)
def test_a_date_known_by_its_month(sentence: str, date: str, tp: int, bad: bool) -> None:
    ev = dict(EVENT, sentence=sentence, date=date, time_precision=tp)
    assert ("month-only" in rules(gold_of(ev), errors_only=True)) is bad


def test_month_date_is_the_mid_point() -> None:
    assert month_date("It began in February 2020.", "2020-02-01") == ("2020-02-15", 3)
    assert month_date("It began at the end of February.", "2020-02-29") == ("2020-02-25", 2)
    assert month_date("It began in early March, a week after talks.", "2020-03-02") == (
        "2020-03-05",
        2,
    )


def test_last_month_is_read_against_the_publication_date() -> None:
    ev = dict(EVENT, sentence="Guards closed the Alpha crossing last month.", date="2023-10-01")
    gold = gold_of(ev)
    assert rules(gold, errors_only=True) == []  # no publication date: "last month" is unknown
    found = check(gold, "test", {"01_a.txt": "2023-11-20"})
    assert [f.rule for f in found if f.error] == ["month-only"]
    assert "2023-10-15 p3" in found[0].message
    ok = dict(ev, date="2023-10-15", time_precision=3)
    assert check(gold_of(ok), "test", {"01_a.txt": "2023-11-20"}) == []
    earlier = dict(ev, sentence="Guards closed the Alpha crossing earlier this month.")
    assert not [f for f in check(gold_of(earlier), "test", {"01_a.txt": "2023-11-20"}) if f.error]


def test_a_duplicate_is_an_error_and_other_counts_are_not() -> None:
    twin = dict(EVENT, id="01-e2")
    assert rules(gold_of(dict(EVENT), twin), errors_only=True) == ["duplicate"]
    other = dict(twin, counts={"displaced": {"low": 4, "high": 4, "qualifier": None}})
    assert rules(gold_of(dict(EVENT), other), errors_only=True) == []


def test_hints_name_what_a_reader_should_look_at() -> None:
    withdrawn = dict(
        EVENT,
        type="deployment",
        fine_type="reinforcement",
        sentence="Troops pulled back from Alpha.",
    )
    assert "withdrawal-words" in rules(gold_of(withdrawn))
    habit = dict(EVENT, sentence="Traders cross at Alpha every day.")
    assert "state-or-habit" in rules(gold_of(habit))
    elsewhere = dict(EVENT, sentence="Guards closed it on Saturday.")
    assert "place-not-in-sentence" in rules(gold_of(elsewhere))
    again = dict(EVENT, id="01-e2", sentence="The closure of Alpha angered traders.")
    assert "re-mention" in rules(gold_of(dict(EVENT), again))
    listed = dict(EVENT, sentence="Guards closed the Alpha and Beta crossings on Saturday.")
    crossings = [{"surface": s, "category": "border crossing"} for s in ("Alpha", "Beta")]
    assert "listed-places" in rules(gold_of(listed, toponyms=crossings))
    split = [listed, dict(listed, id="01-e2", location=dict(EVENT["location"], surface="Beta"))]
    assert "listed-places" not in rules(gold_of(*split, toponyms=crossings))
    villages = [{"surface": s, "category": "populated place"} for s in ("Alpha", "Beta")]
    shelled = dict(
        EVENT, type="armed_clash", fine_type="shelling", sentence="Shells hit Alpha and Beta."
    )
    assert "listed-places" in rules(gold_of(shelled, toponyms=villages))
    origin = dict(shelled, sentence="Shells fired from Beta hit Alpha.")
    assert "listed-places" not in rules(gold_of(origin, toponyms=villages))


@pytest.mark.parametrize("key", sorted(check_gold.ACCEPTED))
def test_accepted_events_are_not_flagged(key: tuple[str, str, str]) -> None:
    gold_path = REPO / "bench" / key[0] / key[1] / "gold.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    published = check_gold.published_dates(gold_path.parent)
    flagged = {f.event for f in check(gold, key[0], published) if f.rule == "month-only"}
    assert key[2] not in flagged
    elsewhere = check(copy.deepcopy(gold), "elsewhere", published)
    assert key[2] in {f.event for f in elsewhere if f.rule == "month-only"}


def test_cli_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = dict(EVENT, type="deployment", fine_type="withdrawal")
    conflict = tmp_path / "heldout9" / "c"
    conflict.mkdir(parents=True)
    (conflict / "gold.json").write_text(json.dumps(gold_of(bad)), encoding="utf-8")
    assert check_gold.main([str(tmp_path / "heldout9")]) == 1
    assert "fine-type" in capsys.readouterr().out
    (conflict / "gold.json").write_text(json.dumps(gold_of(dict(EVENT))), encoding="utf-8")
    assert check_gold.main([str(tmp_path / "heldout9"), "--table"]) == 0
