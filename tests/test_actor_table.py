"""The cited actor table: its checker, its matcher and how event coding uses it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.errors import DataError
from geo.events.actor_table import ActorRow, load_actor_table, parse_rows
from geo.events.actors import actor_side, find_actors

REPO = Path(__file__).resolve().parents[1]


def _checker():
    spec = importlib.util.spec_from_file_location("check_actors", REPO / "tools/check_actors.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_table_passes_its_checker_and_is_large():
    checker = _checker()
    assert checker.main([]) == 0
    table = load_actor_table()
    assert len(table) >= 300
    kinds = {row.kind for row in table}
    assert {
        "state_forces",
        "border_force",
        "rebel_group",
        "peacekeeping_mission",
        "international_org",
    } <= kinds
    countries = {row.country for row in table if row.country}
    assert len(countries) >= 80


def test_checker_reports_each_kind_of_problem():
    checker = _checker()
    good = ActorRow(
        "M23", ("M23", "March 23 Movement"), "CD", "rebel_group", 2, "", "https://example.org/m23"
    )
    dup = ActorRow("M23", ("m23 movement",), "CD", "rebel_group", 2, "", "https://e.org")
    shared = ActorRow(
        "Other", ("march 23 movement", "m23"), None, "rebel_group", 2, "", "https://e.org"
    )
    state = ActorRow("Blue Army", ("Blue Army",), None, "state_forces", 1, "forces", "https://e")
    mission = ActorRow("UNX", ("UNX",), None, "peacekeeping_mission", 2, "", "http://e.org")
    problems = checker.check_rows((good, dup, shared, state, mission), {"CD"})
    text = "\n".join(problems)
    assert "name repeats line 2" in text
    assert "generic 'forces' needs a state kind and a country" in text
    assert "needs ACLED inter 8" in text
    assert "source must be an https:// address" in text
    # long aliases match in any case, so two rows may not share one; short ones match
    # their exact case, so 'm23' and 'M23' can stand on different rows
    assert "alias 'march 23 movement' also on line 2" in text
    assert "alias 'm23'" not in text


def test_malformed_table_is_a_data_error():
    with pytest.raises(DataError, match="columns"):
        parse_rows(["name,aliases", "x,y"])
    header = "name,aliases,country,kind,acled_inter,generic,source"
    with pytest.raises(DataError, match=":2: unknown kind"):
        parse_rows([header, "X,X,,warlords,2,,https://e.org"])
    with pytest.raises(DataError, match="acled_inter"):
        parse_rows([header, "X,X,,rebel_group,two,,https://e.org"])


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("M23 rebels seized Bunagana on Monday.", [("M23", "CD")]),
        (
            "The Royal Thai Army said Cambodian troops fired first.",
            [("Thai armed forces", "TH"), ("Cambodian armed forces", "KH")],
        ),
        ("BSF personnel intercepted the group.", [("Indian border guards", "IN")]),
        ("UNISFA peacekeepers patrolled near Abyei.", [("UNISFA", "SS")]),
        ("The ELN denied the attack.", [("National Liberation Army (Colombia)", "CO")]),
        ("KFOR troops were deployed to the north.", [("KFOR", None)]),
    ],
)
def test_table_actors_in_sentences(sentence, expected):
    found = [(a.name, a.country) for a in find_actors(sentence)]
    assert found == expected


def test_acronyms_match_their_case_only_and_whole_words():
    table = load_actor_table()
    assert table.find("the eln and the sdf") == []
    assert [m.row.name for m in table.find("HTS-held Idlib")] == []
    assert [m.row.name for m in table.find("an M23-led push")] == []
    assert [m.row.name for m in table.find("the indian army said")] == ["Indian Army"]


def test_unknown_groups_are_recognised_by_their_form():
    names = [a.name for a in find_actors("The Western Sahel Liberation Front claimed the raid.")]
    assert names == ["Western Sahel Liberation Front"]
    names = [a.name for a in find_actors("The 47th Mechanised Brigade held the line.")]
    assert names == ["47th Mechanised Brigade"]
    assert find_actors("The Salvation Army handed out food.") == []


def test_sides_follow_the_table():
    assert actor_side("Indian border guards") == actor_side("Indian armed forces") == "IN"
    assert actor_side("Kenya Police Service") == "KE"
    assert actor_side("M23") == "M23"
    assert actor_side("UNIFIL") == "UNIFIL"


@given(st.text(alphabet=st.sampled_from(list("MNU23 ab-'sFARCDELNUNIFIL.")), max_size=60))
def test_matches_are_ordered_disjoint_and_exact(text):
    hits = load_actor_table().find(text)
    last = -1
    for h in hits:
        assert h.start >= last
        assert text[h.start : h.end] == h.text
        last = h.end
