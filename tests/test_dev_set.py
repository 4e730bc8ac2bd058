"""The development set under bench/dev passes its checker; the checker catches broken gold."""

from __future__ import annotations

import copy
import doctest
import importlib.util
import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEV = REPO / "bench" / "dev"


def _load():
    spec = importlib.util.spec_from_file_location("check_dev", DEV / "check_dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_dev = _load()

FILLER = " ".join(["Officials gave no further details about the situation."] * 40)
BODY = (
    "KAPAN, Armenia, Sept 13 (dev) - Azerbaijani forces shelled Jermuk and Goris overnight, "
    "the Armenian defence ministry said.\n\nShelling also hit Kapan, officials said. "
    "Azerbaijan said it answered provocations near Kapan.\n\n" + FILLER
)


def _top(surface: str, category: str = "populated place", lat=39.84, lon=46.02) -> dict:
    return {
        "surface": surface,
        "category": category,
        "referent": f"{surface}, Armenia",
        "lat": lat,
        "lon": lon,
        "coord_source": "test",
        "usage": "locative",
    }


def _event(eid: str, sentence: str, surface: str, same_as: list[str]) -> dict:
    return {
        "id": eid,
        "type": "armed_clash",
        "fine_type": "shelling",
        "date": "2022-09-13",
        "time_precision": 1,
        "actors": ["Azerbaijani Armed Forces"],
        "actor_sides": {"Azerbaijani Armed Forces": "AZ"},
        "claimant": "Armenian defence ministry",
        "sentence": sentence,
        "location": {"surface": surface, "lat": 39.21, "lon": 46.41, "precision": 1},
        "counts": {"killed": {"low": 24, "high": None, "qualifier": "dozens"}},
        "same_as": same_as,
    }


def _gold() -> dict:
    tops = [
        _top("KAPAN"),
        _top("Armenia", "country", 40.0, 45.0),
        _top("Jermuk"),
        _top("Goris"),
        _top("Kapan"),
        _top("Azerbaijan", "country", 40.5, 47.5),
        _top("Kapan"),
    ]
    tops[5]["usage"] = "metonymic"
    return {
        "conflict": "armenia_test",
        "name": "Test conflict",
        "continent": "Asia",
        "countries": ["AM", "AZ"],
        "facts": [{"fact": "a fact", "source": "a page"}],
        "files": {
            "01_a.txt": {
                "toponyms": tops,
                "events": [
                    _event("01-e1", "Shelling also hit Kapan, officials said.", "Kapan", ["02-e1"])
                ],
            },
            "02_b.txt": {
                "toponyms": copy.deepcopy(tops),
                "events": [
                    _event("02-e1", "Shelling also hit Kapan, officials said.", "Kapan", ["01-e1"])
                ],
            },
        },
    }


def _write(root: Path, gold: dict) -> Path:
    folder = root / gold["conflict"]
    folder.mkdir(parents=True)
    for name in gold["files"]:
        header = (
            "title: Shelling hits Armenian towns\n"
            "outlet: sitmap development set (written by the sitmap developers; not a real outlet)\n"
            f"published: 2022-09-13\nconflict: {gold['conflict']}\n\n"
        )
        (folder / name).write_text(header + BODY + "\n", encoding="utf-8")
    (folder / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return folder


def test_checker_doctests() -> None:
    assert doctest.testmod(check_dev).failed == 0


def test_dev_set_is_valid() -> None:
    folders = check_dev.conflict_folders(DEV)
    if not folders:
        pytest.skip("no conflict folder yet")
    assert check_dev.check(folders) == []


@pytest.mark.parametrize(
    "root", ["heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7"]
)
def test_heldout_set_is_valid(root: str) -> None:
    """The held-out sets (bench/heldout ... heldout7) follow the same format and checks."""
    if not (REPO / "bench" / root).is_dir():
        pytest.skip(f"bench/{root} not written yet")
    folders = check_dev.conflict_folders(REPO / "bench" / root)
    if not folders:
        pytest.skip(f"no conflict folder in bench/{root} yet")
    assert check_dev.check(folders) == []


def test_main_root_option_checks_the_given_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_dev.main(["--root", str(REPO / "bench" / "heldout")]) == 0
    assert "conflict folder(s)" in capsys.readouterr().err


def test_fix_writes_offsets_then_clean(tmp_path: Path) -> None:
    folder = _write(tmp_path, _gold())
    assert any("run --fix" in m for m in check_dev.check([folder]))
    assert check_dev.check([folder], fix=True) == []
    gold = json.loads((folder / "gold.json").read_text("utf-8"))
    text = check_dev.parse_article((folder / "01_a.txt").read_text("utf-8"), id="x").text
    starts = []
    for t in gold["files"]["01_a.txt"]["toponyms"]:
        assert text[t["start"] : t["end"]] == t["surface"]
        starts.append(t["start"])
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    ev = gold["files"]["01_a.txt"]["events"][0]
    assert text[ev["sentence_start"] : ev["sentence_end"]] == ev["sentence"]
    assert list(ev)[:10].index("sentence_start") == list(ev).index("sentence") + 1
    assert "| armenia_test | Test conflict | Asia | AM, AZ | 2 | 2 |" in (
        tmp_path / "CONFLICTS.md"
    ).read_text("utf-8")
    # Canonical formatting: indent 1, non-ASCII kept.
    assert (folder / "gold.json").read_text("utf-8") == check_dev.dump(gold)


def T(g: dict) -> list[dict]:
    """The toponyms of the first file."""
    return g["files"]["01_a.txt"]["toponyms"]


def E(g: dict, name: str = "01_a.txt") -> dict:
    """The first event of a file."""
    return g["files"][name]["events"][0]


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (lambda g: T(g).append(_top("Vardenis")), "'Vardenis': not found"),
        (lambda g: T(g).insert(0, _top("Goris")), "'Jermuk': not found"),
        (lambda g: T(g)[2].update(category="village"), "category 'village'"),
        (lambda g: T(g)[2].update(lat=95.0), "out of range"),
        (lambda g: T(g)[2].update(lat=39.123456), "more than 4 decimals"),
        (lambda g: T(g)[2].update(lat=None, lon=None), "'unverified: '"),
        (lambda g: E(g).update(sentence="Shelling hit Kapan."), "exact substr"),
        (lambda g: E(g).update(type="battle"), "type 'battle'"),
        (lambda g: E(g).update(fine_type="raid"), "fine_type 'raid'"),
        (lambda g: E(g, "02_b.txt").update(same_as=[]), "does not list 01-e1"),
        (lambda g: E(g, "02_b.txt").update(id="01-e1"), "used twice"),
        (lambda g: E(g).update(same_as=["03-e9"]), "'03-e9' is not an event"),
        (lambda g: E(g)["location"].update(surface="Leh"), "'Leh' is not"),
        (lambda g: E(g)["counts"].update(dead={}), "count kind"),
        (lambda g: g.update(continent="Middle East"), "continent"),
        (lambda g: g.pop("facts"), "missing keys ['facts']"),
    ],
)  # fmt: skip
def test_broken_gold_is_reported(tmp_path: Path, breakage, expected: str) -> None:
    gold = _gold()
    breakage(gold)
    folder = _write(tmp_path, gold)
    messages = check_dev.check([folder], fix=True)
    assert any(expected in m for m in messages), messages
    assert all(m.startswith(str(tmp_path)) for m in messages)


def test_header_and_length_are_checked(tmp_path: Path) -> None:
    folder = _write(tmp_path, _gold())
    path = folder / "01_a.txt"
    path.write_text(path.read_text("utf-8").replace("conflict: armenia_test", "conflict: other"))
    (folder / "02_b.txt").write_text(
        "title: T\noutlet: O\npublished: 2022-09-13\nconflict: armenia_test\n\nShort body.\n"
    )
    messages = check_dev.check([folder], fix=True)
    assert any("01_a.txt: header: conflict 'other'" in m for m in messages)
    assert any("02_b.txt: body: 2 words" in m for m in messages)


def test_cli_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _write(tmp_path, _gold())
    assert check_dev.main([str(folder)]) == 1
    assert "run --fix" in capsys.readouterr().out
    assert check_dev.main(["--fix", str(folder)]) == 0
    assert check_dev.main([str(folder)]) == 0


def _load_bench(name: str):
    """Import a module of bench/ (the benchmarks import each other by plain name)."""
    import sys

    if str(REPO / "bench") not in sys.path:
        sys.path.insert(0, str(REPO / "bench"))
    return importlib.import_module(name)


def test_devset_helpers_doctests() -> None:
    assert doctest.testmod(_load_bench("devset")).failed == 0


def test_dev_events_matched_one_to_one_per_article() -> None:
    """A predicted event stands for at most one gold event per article, in each of its articles."""
    from datetime import date

    from geo.situation import Event, EventLocation, SourceRef

    devset = _load_bench("devset")
    bench_events = _load_bench("bench_events")
    text = "Shelling hit Goris. Shelling hit Kapan."

    def gold(eid: str, start: int, end: int, lat: float) -> dict:
        return {
            "id": eid, "type": "armed_clash", "fine_type": "shelling", "date": "2022-09-13",
            "sentence": text[start:end], "sentence_start": start, "sentence_end": end,
            "location": {"surface": "x", "lat": lat, "lon": 46.0, "precision": 1},
        }  # fmt: skip

    conflict = devset.Conflict(
        "c",
        {"files": {
            "a.txt": {"events": [gold("01-e1", 0, 19, 39.5), gold("01-e2", 20, 39, 39.2)]},
            "b.txt": {"events": [gold("02-e1", 0, 19, 39.5)]},
        }},
    )  # fmt: skip
    whole = SourceRef("c/a.txt", text, 0, len(text))
    other = SourceRef("c/b.txt", text[:19], 0, 19)
    merged = Event(
        "e1", "armed_clash", date(2022, 9, 13), 1,
        EventLocation("Goris", 39.51, 46.0, 1), sources=(whole, other),
    )  # fmt: skip
    wrong_type = Event("e2", "deployment", date(2022, 9, 13), 1, None, sources=(whole,))
    res = bench_events.evaluate_dev([merged, wrong_type], [conflict])
    row = res["rows"][0]
    # a.txt: the merged event matches one of its two gold events only; b.txt: its one event.
    assert (row["gold"], row["pred"], row["matched"]) == (3, 3, 2)
    assert (row["located"], row["loc_ok"], row["dated"], row["date_ok"]) == (2, 2, 2, 2)
    assert res["cross"] == []
    # fine_type accepted as the predicted type
    fine = Event("e3", "shelling", None, 1, None, sources=(other,))
    row = bench_events.evaluate_dev([fine], [conflict])["rows"][0]
    assert (row["matched"], row["dated"], row["date_ok"]) == (1, 1, 0)
