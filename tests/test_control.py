"""Control over time: geo.control timelines, the control layer, control.csv and `sitmap control`.

Built from the hand-written articles of tests/data/control/ (see its README): a crossing
captured then retaken (Syria–Turkey), a town claimed by both sides on the same day
(Russia–Ukraine), a fraction of a border (Sudan–Chad), three districts of one province
(Afghanistan–Turkmenistan) and a denial (Colombia–Venezuela).
"""

from __future__ import annotations

import csv
import itertools
import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.control import (
    check_actions,
    control_as_of,
    control_rows,
    control_timeline,
    sentence_actions,
)
from geo.situation import Event, EventLocation, Situation, SourceRef, Toponym

DATA = Path(__file__).parent / "data" / "control"
CROSSING = "cur:bab-al-hawa-crossing"


@pytest.fixture(scope="module")
def situation(settings):  # settings: the session fixture of conftest.py
    from geo.pipeline import build_situation

    return build_situation([DATA], settings=settings).situation


@pytest.fixture(scope="module")
def records(situation):
    return {r.id: r for r in control_timeline(situation)}


def by_name(records, name):
    return next(r for r in records.values() if r.name == name)


# --- timelines from the articles ---------------------------------------------------------


def test_crossing_captured_then_retaken(records):
    rec = records[CROSSING]
    assert rec.kind == "crossing" and rec.country_code == "SY" and rec.border == "SYR–TUR"
    first, second = rec.states
    assert (first.controller, first.start, first.end) == (
        "Islamic State",
        date(2025, 3, 1),
        date(2025, 3, 13),
    )
    assert first.status == "reported"  # one outlet, no party speaking
    assert (second.controller, second.start, second.end) == (
        "Syrian armed forces",
        date(2025, 3, 13),
        date(2025, 4, 1),  # the withdrawal reported on 2 April
    )
    assert second.action == "recapture"
    assert second.status == "confirmed"  # two outlets
    retaken = {s.outlet for s in second.sources if "withdrew" not in s.sentence}
    assert retaken == {"Anatolia Monitor", "Gulf Courier"}
    assert second.first_reported == date(2025, 3, 13)
    assert second.last_reported == date(2025, 4, 2)
    assert "withdrew" in second.sources[-1].sentence


def test_as_of_follows_the_timeline_and_silence_does_not_end_a_state(records):
    def holder(day):
        return {a.record.id: a.state.holder for a in control_as_of(records.values(), day)}

    assert CROSSING not in holder(date(2025, 2, 28))
    assert holder(date(2025, 3, 5))[CROSSING] == "Islamic State"
    assert holder(date(2025, 3, 20))[CROSSING] == "Syrian armed forces"
    # two weeks with no report: still held (silence is not a change of hands)
    assert holder(date(2025, 3, 31))[CROSSING] == "Syrian armed forces"
    # the withdrawal ends the state and no one is said to hold the crossing after it
    assert CROSSING not in holder(date(2025, 4, 5))
    # other objects stay as last reported, years later
    assert holder(date(2030, 1, 1))[by_name(records, "Al-Junaynah").id] == "Rapid Support Forces"


def test_both_sides_claim_the_same_town_on_the_same_day(records):
    rec = by_name(records, "Vovchansk")
    assert rec.kind == "settlement" and rec.country_code == "UA"
    (state,) = rec.states
    assert state.controller is None
    assert state.rivals == ("Russian armed forces", "Ukrainian armed forces")
    assert state.status == "disputed"
    assert state.holder.startswith("contested: ")
    claimants = {s.claimant: s.role for s in state.sources}
    assert claimants == {
        "Russia's defence ministry": "controller",
        "Ukraine's military": "controller",
    }


def test_fraction_of_a_border_is_a_border_claim_backed_by_the_town_held(records):
    border = records["border:SDN–TCD"]
    (state,) = border.states
    assert border.kind == "border" and state.controller == "Rapid Support Forces"
    assert state.extent["fraction"] == 0.5 and state.extent["text"] == "about half"
    town = by_name(records, "Al-Junaynah")
    assert state.backing == (town.id,)
    assert town.states[0].controller == "Rapid Support Forces"
    assert state.sources[0].claimant == "United Nations experts"
    assert state.sources[0].role == "third_party"


def test_districts_named_across_a_province(records):
    districts = {r.name for r in records.values() if r.kind == "district"}
    assert districts == {"Qaramqol", "Qurghan", "Andkhoy"}
    assert not [r for r in records.values() if r.kind == "province"]  # Faryab is the container
    for rec in records.values():
        if rec.kind == "district":
            assert rec.admin1 == "Fāryāb" and rec.border == "AFG–TKM"
            assert [s.controller for s in rec.states] == ["Taliban"]


def test_a_denial_makes_the_capture_disputed(records):
    (state,) = by_name(records, "Puerto Santander").states
    assert state.controller == "Venezuelan armed forces"
    assert state.status == "disputed"
    roles = {s.role: s.claimant for s in state.sources}
    assert roles["denial"] == "Colombia's army"
    assert "third_party" in roles


def test_every_source_is_a_sentence_of_its_article(situation, records):
    from geo.articles import read_articles

    texts = {a.id: a.text for a in read_articles([DATA]).articles}
    assert records
    for rec in records.values():
        for state in rec.states:
            assert state.sources
            for src in state.sources:
                assert texts[src.document][src.start : src.end] == src.sentence


def test_rows_one_per_object_per_state(records):
    rows = control_rows(records.values())
    assert len(rows) == sum(len(r.states) for r in records.values())
    crossing = [r for r in rows if r["object_id"] == CROSSING]
    assert [(r["start"], r["end"]) for r in crossing] == [
        ("2025-03-01", "2025-03-13"),
        ("2025-03-13", "2025-04-01"),
    ]
    assert all(r["sources"] for r in rows)


# --- pure timelines --------------------------------------------------------------------


def _town(i: int = 0) -> Toponym:
    return Toponym(
        "d",
        0,
        4,
        "Town",
        "Town",
        10.0,
        20.0,
        "XA",
        None,
        None,
        "populated_place",
        None,
        "p:town",
        1,
        1,
    )


def _event(i: int, day: date, actor1: str | None, sentence: str, actor2: str | None = None,
           event_type: str = "capture", outlet: str = "Wire") -> Event:  # fmt: skip
    loc = EventLocation("Town", 10.0, 20.0, 1, "XA")
    src = SourceRef("d", sentence, 0, len(sentence), day, None, outlet)
    return Event(
        id=f"e{i}",
        event_type=event_type,
        event_date=day,
        time_precision=1,
        location=loc,
        actor1=actor1,
        actor2=actor2,
        sources=(src,),
    )


def test_withdrawal_ends_a_state_and_a_handover_starts_one():
    d = date(2024, 1, 1)
    events = (
        _event(1, d, "Alpha", "Town fell to Alpha fighters."),
        _event(
            2,
            d + timedelta(5),
            "Alpha",
            "Town was handed over to Beta by Alpha.",
            "Beta",
            event_type="deployment",
        ),
        _event(3, d + timedelta(9), "Beta", "Beta withdrew from Town.", event_type="deployment"),
    )
    (rec,) = control_timeline(Situation(toponyms=(_town(),), events=events))
    assert [(s.controller, s.action, s.start, s.end) for s in rec.states] == [
        ("Alpha", "capture", d, d + timedelta(5)),
        ("Beta", "handover", d + timedelta(5), d + timedelta(9)),
    ]
    assert control_as_of([rec], d + timedelta(20)) == ()


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Venezuelan troops seized Town, the Venezuelan defence ministry said.", "claimed"),
        ("Venezuelan troops seized Town, Colombia's army said.", "conceded"),
        ("Venezuelan troops seized Town, residents said.", "reported"),
        ("Venezuela's army denied that Venezuelan troops had seized Town.", "disputed"),
    ],
)
def test_status_follows_who_says_it(sentence, status):
    event = _event(1, date(2024, 1, 1), "Venezuelan armed forces", sentence)
    town = replace(_town(), country_code="CO")
    (rec,) = control_timeline(Situation(toponyms=(town,), events=(event,)))
    assert rec.states[0].status == status


def test_two_outlets_confirm_but_one_outlet_twice_does_not():
    d = date(2024, 1, 1)
    one = (_event(1, d, "Alpha", "Alpha took Town."), _event(2, d, "Alpha", "Alpha holds Town."))
    (rec,) = control_timeline(Situation(toponyms=(_town(),), events=one))
    assert rec.states[0].status == "reported"
    two = (one[0], _event(2, d, "Alpha", "Alpha took Town.", outlet="Other"))
    (rec,) = control_timeline(Situation(toponyms=(_town(),), events=two))
    assert rec.states[0].status == "confirmed"


def test_a_place_that_only_locates_the_report_is_not_taken():
    sentence = "Alpha fighters captured a district near Kunduz on Monday."
    at = sentence.index("Kunduz")
    kunduz = Toponym("d", at, at + 6, "Kunduz", "Kunduz", 36.7, 68.9, "AF", "Kunduz", "Kunduz",
                     "admin2", None, "a2:k", 1, 1)  # fmt: skip
    event = replace(
        _event(1, date(2024, 1, 1), "Alpha", sentence),
        sub_event_type="capture of a district",
        location=EventLocation("Kunduz", 36.7, 68.9, 3, "AF"),
    )
    assert control_timeline(Situation(toponyms=(kunduz,), events=(event,))) == ()
    sentence = "Alpha fighters captured a village outside Town."
    town = replace(_town(), start=sentence.index("Town"), end=sentence.index("Town") + 4)
    event = _event(2, date(2024, 1, 1), "Alpha", sentence)
    assert control_timeline(Situation(toponyms=(town,), events=(event,))) == ()


def test_no_named_actor_changes_nothing():
    d = date(2024, 1, 1)
    events = (_event(1, d, None, "Town was captured."),)
    assert control_timeline(Situation(toponyms=(_town(),), events=events)) == ()


def test_the_action_table_is_checked(tmp_path):
    assert check_actions() == []
    bad = tmp_path / "actions.csv"
    bad.write_text("phrase,action,source\nretook,recapture,x\nretook,seize,http://a\n")
    problems = check_actions(bad)
    assert any("no cited source" in p for p in problems)
    assert any("duplicate" in p for p in problems)
    assert any("unknown action" in p for p in problems)
    assert sentence_actions("They won back the post") == {"recapture"}
    assert sentence_actions("The ceded ground") == {"handover"}
    assert sentence_actions("undenied") == frozenset()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 60), st.sampled_from(["Alpha", "Beta", "Gamma"])),
        min_size=1,
        max_size=8,
    ),
    st.integers(-5, 80),
)
def test_timeline_is_ordered_and_as_of_gives_the_latest_capture(captures, probe):
    d0 = date(2024, 1, 1)
    events = tuple(
        _event(i, d0 + timedelta(day), who, f"{who} captured Town.")
        for i, (day, who) in enumerate(captures)
    )
    (rec,) = control_timeline(Situation(toponyms=(_town(),), events=events))
    states = rec.states
    for a, b in itertools.pairwise(states):
        assert a.end == b.start and a.start < b.start
    assert states[-1].end is None
    day = d0 + timedelta(probe)
    before = [(d, w) for d, w in captures if d0 + timedelta(d) <= day]
    got = control_as_of([rec], day)
    if not before:
        assert got == ()
        return
    last = max(d for d, _ in before)
    holders = sorted({w for d, w in before if d == last})
    (item,) = got
    if len(holders) == 1:
        # the same holder may have been reported again: the state started at its first report
        assert item.state.controller == holders[0]
    else:
        assert item.state.controller is None and item.state.rivals == tuple(holders)


# --- the layer, the border fraction and the exports -------------------------------------


@pytest.fixture(scope="module")
def layer(situation, boundaries):
    from layers import control

    return control.build(situation, boundaries)


def test_layer_geometry_matches_each_claim(layer, boundaries):
    kinds = dict(zip(layer["name"], layer["kind"], strict=False))
    assert kinds["Qaramqol"] == "area" and kinds["Bab al-Hawa Border Crossing"] == "point"
    qaramqol = layer[layer["name"] == "Qaramqol"].geometry.iloc[0]
    assert qaramqol.geom_type in ("Polygon", "MultiPolygon")  # the admin-2 polygon
    crossing = layer[layer["object_id"] == CROSSING]
    assert list(crossing["pattern"]) == ["hatched", "solid"]
    assert list(crossing["until"]) == ["2025-03-13", "2025-04-01"]
    assert crossing["color"].nunique() == 2  # one colour per controller
    assert list(layer.loc[layer["name"] == "Vovchansk", "pattern"]) == ["dotted"]


def test_a_fraction_is_never_drawn_as_the_whole_line_held(layer, boundaries):
    border = layer[layer["object_id"] == "border:SDN–TCD"]
    fraction = border[border["kind"] == "border_fraction"].iloc[0]
    assert fraction["label"].startswith("claimed: ≈ 1/2 of the SDN–TCD border")
    assert "United Nations experts" in fraction["label"]
    stretch = border[border["kind"] == "border_stretch"].geometry.iloc[0]
    whole = boundaries.borders[boundaries.borders["dyad"] == "SDN–TCD"].geometry.iloc[0]
    # the stretch held is the line near the town held (Geneina), a small part of the dyad
    assert 0 < stretch.length < 0.2 * whole.length


def test_control_claims_layer_draws_a_fraction_as_partial(situation, boundaries):
    from layers import control_claims

    cc = control_claims.build(situation, boundaries)
    row = cc[cc["name"] == "SDN–TCD"].iloc[0]
    assert bool(row["partial"]) is True
    assert row["label"].startswith("claimed: ≈ 1/2 of SDN–TCD")


def test_popup_escapes_article_text(layer, records):
    """The layer carries no HTML (#15): the map builds each popup in the page from
    ``control.popup_table``; ``control_popup``, the same popup as HTML, escapes everything."""
    from layers import control

    assert layer["popup"].isna().all()
    rec = by_name(records, "Puerto Santander")
    popup = control.control_popup(rec, rec.states[-1])
    assert "<img" not in popup
    assert "&lt;img src=x onerror=alert(1)&gt;" in popup
    assert "Timeline" in popup and "denial" in popup


def test_control_layer_ships_as_columns_with_a_text_popup_table(situation, boundaries):
    """No GeoJSON feature nor HTML popup per object and state in the map (#15)."""
    from layers.map import build_map

    config = next(
        c.config for c in build_map(situation, boundaries=boundaries)._children.values()
        if hasattr(c, "config")
    )  # fmt: skip
    spec = next(s for s in config["layers"] if s["name"] == "control")
    assert "features" not in spec and "popup" not in spec["rows"]["props"]

    def plain(column):  # a coded column (layers.map.coded) read back
        return [column["k"][i] for i in column["i"]] if isinstance(column, dict) else column

    props, table = spec["rows"]["props"], config["control"]
    objects = [plain(table["states"]["obj"])[i] for i in plain(props["cst"])]
    assert [plain(table["objects"]["name"])[o] for o in objects] == plain(props["name"])
    texts = plain(table["sources"]["outlet"])
    assert any("<img src=x onerror=alert(1)>" in (t or "") for t in texts)  # raw text: set as text


def test_write_outputs_adds_control_csv_geojson_and_gpkg_layer(situation, boundaries, tmp_path):
    import pyogrio

    from layers.build import write_outputs

    files, counts = write_outputs(situation, tmp_path, boundaries=boundaries)
    assert tmp_path / "control.csv" in files
    with open(tmp_path / "control.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 9  # 3 districts, 2 crossing states, 3 towns, 1 border
    crossing = [r for r in rows if r["object_id"] == CROSSING]
    assert [r["controller"] for r in crossing] == ["Islamic State", "Syrian armed forces"]
    assert crossing[0]["end"] == "2025-03-13" and crossing[1]["status"] == "confirmed"
    geo = json.loads((tmp_path / "layers" / "control.geojson").read_text(encoding="utf-8"))
    assert counts["control"] == len(geo["features"]) > 0
    assert "popup" not in geo["features"][0]["properties"]
    assert "control" in pyogrio.list_layers(tmp_path / "situation.gpkg")[:, 0]


def test_static_figure_draws_the_state_as_of_the_end(situation, boundaries, tmp_path):
    from layers import control
    from layers.static import render_static

    gdf = control.build(situation, boundaries)
    early = control.as_of_frame(gdf, "2025-03-05")
    assert set(early.loc[early["object_id"] == CROSSING, "controller"]) == {"Islamic State"}
    out = render_static(situation, tmp_path / "f.png", boundaries=boundaries,
                        bbox=(35.5, 35.6, 37.8, 36.8), end="2025-03-05")  # fmt: skip
    assert out.stat().st_size > 10_000


# --- the command -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def build_dir(situation, tmp_path_factory):
    from layers.build import save_situation

    out = tmp_path_factory.mktemp("control-build")
    save_situation(situation, out / "situation.json")
    return out


def run(*args):
    from sitmap.cli.main import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_cli_table_at_two_dates(build_dir):
    early = run("control", "--as-of", "2025-03-05", str(build_dir))
    assert early.exit_code == 0, early.output
    line = next(x for x in early.output.splitlines() if x.startswith("Bab al-Hawa"))
    assert "Islamic State" in line and "reported" in line
    late = run("control", "--as-of", "2025-03-20", str(build_dir))
    line = next(x for x in late.output.splitlines() if x.startswith("Bab al-Hawa"))
    assert "Syrian armed forces" in line and "confirmed" in line
    assert early.output.splitlines()[0].split()[:3] == ["object", "kind", "country"]


def test_cli_json_and_errors(build_dir):
    res = run("control", "--as-of", "2022-08-03", "--json", str(build_dir))
    data = json.loads(res.output)
    assert data["as_of"] == "2022-08-03"
    names = {o["object"]: o for o in data["objects"]}
    assert names["Puerto Santander"]["status"] == "disputed"
    assert "Bab al-Hawa Border Crossing" not in names  # not yet captured then
    latest = json.loads(run("control", "--json", str(build_dir)).output)
    assert latest["as_of"] == "2025-04-02"  # the last report (the withdrawal)
    assert "Bab al-Hawa Border Crossing" not in {o["object"] for o in latest["objects"]}
    bad = run("control", "--as-of", "March 5", str(build_dir))
    assert bad.exit_code == 1 and "YYYY-MM-DD" in bad.output
    help_text = run("control", "--help").output
    assert "sitmap control --as-of" in help_text


def test_old_situation_files_still_load(build_dir):
    from layers.build import load_situation

    data = json.loads((build_dir / "situation.json").read_text(encoding="utf-8"))
    data.pop("control", None)
    old = build_dir / "old.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    situation = load_situation(old)
    assert control_timeline(replace(situation))
