"""Actor roles and crossing ends on own sentences (other conflicts)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from geo.events import extract_events
from geo.events.actors import find_actors
from geo.situation import Toponym


def _events(text: str, toponyms: list[Toponym] = ()) -> list:
    art = SimpleNamespace(id="r", text=text, published=date(2023, 5, 4), outlet=None, url=None)
    return extract_events(art, list(toponyms), join=None)


def _by_type(events: list, event_type: str):
    found = [e for e in events if e.event_type == event_type]
    assert len(found) == 1, [(e.event_type, e.actor1) for e in events]
    return found[0]


def test_subject_of_a_subordinate_clause_is_the_attacker() -> None:
    ev = _by_type(
        _events(
            "Chad's army said 12 Sudanese soldiers crossed into the country on Monday after "
            "RSF fighters attacked their base near the frontier."
        ),
        "armed_clash",
    )
    assert ev.actor2 == "Sudanese armed forces"
    assert ev.actor1 != "Sudanese armed forces"


def test_speaker_who_says_and_urges_makes_the_call() -> None:
    ev = _by_type(
        _events(
            "Turkey on Monday said Kurdish fighters hold about half of the Syrian-Iraqi border "
            "and urged both sides to show restraint."
        ),
        "ceasefire_or_talks",
    )
    assert ev.actor1 == "Government of Turkey"


def test_forces_of_two_coordinated_states() -> None:
    names = [a.name for a in find_actors("Skirmishes between soldiers of Armenia and Azerbaijan.")]
    assert names == ["Armenian armed forces", "Azerbaijani armed forces"]
    ev = _by_type(
        _events("Clashes between the servicemen of Armenia and Azerbaijan took place on Sunday."),
        "armed_clash",
    )
    assert {ev.actor1, ev.actor2} == {"Armenian armed forces", "Azerbaijani armed forces"}


def test_a_far_in_phrase_is_not_the_destination() -> None:
    text = (
        "Senegal's army said 30 Malian soldiers fled into the country on Friday after jihadists "
        "overran a post located in the village of Diboli."
    )
    i = text.index("Diboli")
    tops = [
        Toponym("r", i, i + 6, "Diboli", "Diboli", 14.5, -11.4, "ML", None, None,
                "populated_place", None, "", 1, 1.0),
    ]  # fmt: skip
    ev = _by_type(_events(text, tops), "forces_cross_border")
    assert ev.destination is None
    assert ev.location is not None and ev.location.name == "Diboli"


def test_conditional_clauses_report_no_event() -> None:
    assert _events("If the rebels capture the crossing, Uganda could close the border.") == []
    assert _events("It is unclear whether Somali troops crossed into Kenya.") == []
    got = _events("Rebels seized the pass on Monday; if talks fail they will push on.")
    assert [e.event_type for e in got] == ["capture"]


def test_according_to_data_is_no_claimant() -> None:
    ev = _by_type(
        _events(
            "The highway near the Somali border, according to preliminary data, was blocked "
            "by protesters on Friday."
        ),
        "blockade",
    )
    assert ev.claimant is None


def test_control_stated_before_a_coordinated_capture_is_kept() -> None:
    got = _events(
        "Officials said Eritrean troops now control about 15 square kilometres of Ethiopian "
        "territory and seized a border post near Zalambessa."
    )
    claim = _by_type(got, "control_claim").claim
    assert claim.object == "territory of Ethiopia"
    assert claim.extent["count"] == 15
    assert _by_type(got, "capture").sub_event_type == "capture of a post"


def test_a_request_that_could_be_made_is_no_event() -> None:
    assert _events("Georgia could ask NATO for military assistance, officials said.") == []
    got = _events("Georgia asked NATO for military assistance on Monday.")
    assert [e.sub_event_type for e in got] == ["request"]


def test_dotted_abbreviation_names_a_state() -> None:
    names = [a.name for a in find_actors("The U.S. State Department called for restraint.")]
    assert names == ["Government of United States"]
