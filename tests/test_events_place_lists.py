"""One happening per place when one verb tells of several places listed together.

"simultaneous attacks in A, B and C", "had taken A, B and dozens of posts": news
(and ACLED's coding) counts one event at each place. An apposition ("A, B
district"), a list with no "and", places of another clause, or a coarser unit
after a town are no such list. Own sentences, invented places.
"""

from __future__ import annotations

from geo.situation import Event
from tests.test_events_kinds import events, place

#: name → (lat, lon, feature) of invented places, all in one country.
WHERE = {
    "Alpha": (21.0, 97.0, "PPL"),
    "Bravo": (21.3, 97.2, "PPL"),
    "Charlie": (21.6, 97.5, "PPL"),
    "Delta": (22.0, 97.9, "PPL"),
    "Echo": (22.4, 98.0, "ADM2"),
}


def _where(text: str, kind: str) -> list[str]:
    tops = tuple(
        place(text, name, lat, lon, "MM", feature)
        for name, (lat, lon, feature) in WHERE.items()
        if name in text
    )
    got: list[Event] = [e for e in events(text, toponyms=tops) if e.event_type == kind]
    return sorted(e.location.name for e in got if e.location is not None)


def test_attacks_in_a_list_of_towns_are_one_event_per_town() -> None:
    text = "Rebels launched simultaneous attacks in Alpha, Bravo and Charlie before dawn on Friday."
    assert _where(text, "armed_clash") == ["Alpha", "Bravo", "Charlie"]


def test_a_name_the_gazetteer_lacks_does_not_break_the_list() -> None:
    text = "Rebels attacked Alpha, Zulutown, Bravo and Charlie on Friday."
    assert _where(text, "armed_clash") == ["Alpha", "Bravo", "Charlie"]


def test_a_list_closed_by_something_else_still_counts() -> None:
    text = "The rebels seized Alpha, Bravo, Charlie and dozens of army posts on Friday."
    assert _where(text, "capture") == ["Alpha", "Bravo", "Charlie"]


def test_an_apposition_is_not_a_list() -> None:
    text = "Rebels attacked Alpha, Echo, on Friday, officials said."
    assert _where(text, "armed_clash") == ["Alpha"]


def test_a_comma_list_without_and_is_not_split() -> None:
    text = "Rebels attacked Alpha, Bravo on Friday."
    assert _where(text, "armed_clash") == ["Alpha"]


def test_a_place_of_another_clause_is_not_listed() -> None:
    text = "Rebels attacked Alpha on Friday, and officials in Bravo said the roads were closed."
    assert "Bravo" not in _where(text, "armed_clash")


def test_casualties_are_not_copied_to_each_place() -> None:
    text = "Rebels attacked Alpha and Bravo on Friday, killing at least 12 soldiers."
    tops = tuple(
        place(text, name, lat, lon, "MM", feature)
        for name, (lat, lon, feature) in WHERE.items()
        if name in text
    )
    got = [e for e in events(text, toponyms=tops) if e.event_type == "armed_clash"]
    assert len(got) == 2
    assert sum(bool(e.counts) for e in got) == 1


def test_a_verb_told_after_the_list_is_about_its_own_place() -> None:
    # the town that fell is one the gazetteer lacks: no capture spreads over the list
    text = "Rebels attacked Alpha, Bravo and the town of Zulutown, which fell within hours."
    assert len(_where(text, "capture")) <= 1
