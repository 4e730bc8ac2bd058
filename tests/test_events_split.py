"""One event per named place: a happening told of a list of places is one event at each.

``docs/annotation.md``, "One event per named place": shelling that hit three villages,
two crossings closed, villages taken, posts fired on in several places are one event per
place, sharing the sentence; a figure for the whole list stays on the first place; people
displaced or rounded up over the list are one event. Routes, origins, speakers, talks,
country lists and places of another clause are no such list. Own sentences, invented places.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

from geo.events import merge_events
from geo.events.split import listed_around, split_listed
from geo.situation import ControlClaim, Event, EventLocation, SourceRef, Toponym
from tests.test_events_kinds import events, place

#: name → (lat, lon, country, feature) of invented places (far enough apart to be told apart).
WHERE = {
    "Alpha": (21.0, 97.0, "MM", "PPL"),
    "Bravo": (21.3, 97.2, "MM", "PPL"),
    "Charlie": (21.6, 97.5, "MM", "PPL"),
    "Delta": (22.0, 97.9, "MM", "PPL"),
    "Ruritania": (20.0, 96.0, "RR", "PCLI"),
    "Borduria": (19.0, 95.0, "BB", "PCLI"),
    "Syldavia": (18.0, 94.0, "SS", "PCLI"),
}


def _tops(text: str) -> tuple[Toponym, ...]:
    return tuple(
        place(text, name, lat, lon, cc, feature)
        for name, (lat, lon, cc, feature) in WHERE.items()
        if name in text
    )


def _of(text: str, kind: str) -> list[Event]:
    return [e for e in events(text, toponyms=_tops(text)) if e.event_type == kind]


def _places(text: str, kind: str) -> list[str]:
    return sorted(e.location.name for e in _of(text, kind) if e.location is not None)


# --- lists that are one event per place -----------------------------------------------


def test_villages_shelled_in_one_list_are_one_event_each() -> None:
    text = "Artillery shelled Alpha, Bravo and Charlie on Monday."
    assert _places(text, "armed_clash") == ["Alpha", "Bravo", "Charlie"]


def test_each_event_sits_at_its_own_place_and_shares_the_rest() -> None:
    text = "Artillery shelled Alpha, Bravo and Charlie on Monday."
    got = _of(text, "armed_clash")
    assert {(e.location.lat, e.location.lon) for e in got if e.location} == {
        (21.0, 97.0),
        (21.3, 97.2),
        (21.6, 97.5),
    }
    assert {e.event_date for e in got} == {date(2024, 5, 6)} or len(
        {e.event_date for e in got}
    ) == 1
    assert len({(e.actor1, e.actor2, e.sources[0].sentence) for e in got}) == 1


def test_two_crossings_closed_are_two_closures() -> None:
    text = "Border guards closed the Alpha and Bravo crossings on Tuesday."
    assert _places(text, "blockade") == ["Alpha", "Bravo"]


def test_villages_taken_are_one_capture_each() -> None:
    text = "Militia fighters took the villages of Alpha, Bravo and Charlie on Sunday."
    got = [
        e
        for e in events(text, toponyms=_tops(text))
        if e.event_type in ("capture", "control_claim")
    ]
    assert sorted(e.location.name for e in got if e.location) == ["Alpha", "Bravo", "Charlie"]
    for e in got:
        if e.claim is not None and e.location is not None and e.claim.object in WHERE:
            assert e.claim.object == e.location.name


def test_posts_each_with_its_own_preposition_are_listed() -> None:
    text = "Gunmen opened fire on posts at Alpha, in Bravo, and at points in Charlie on Sunday."
    assert _places(text, "armed_clash") == ["Alpha", "Bravo", "Charlie"]


def test_troops_sent_to_three_towns_are_three_deployments() -> None:
    text = "The army deployed extra troops to Alpha, Bravo and Charlie on Friday."
    assert _places(text, "deployment") == ["Alpha", "Bravo", "Charlie"]


def test_a_figure_for_the_whole_list_stays_on_the_first_place_only() -> None:
    text = "Shelling hit Alpha, Bravo and Charlie on Monday, killing nine civilians."
    got = _of(text, "armed_clash")
    assert len(got) == 3
    counted = [e for e in got if e.counts]
    assert len(counted) == 1
    assert counted[0].location is not None and counted[0].location.name == "Alpha"
    assert [c.value for c in counted[0].counts["killed"]] == [9]  # never divided


def test_the_within_article_merge_keeps_the_places_apart() -> None:
    text = (
        "Artillery shelled Alpha, Bravo and Charlie on Monday. "
        "The shelling lasted for several hours, residents said."
    )
    assert _places(text, "armed_clash") == ["Alpha", "Bravo", "Charlie"]


def test_two_stories_of_one_list_merge_place_by_place() -> None:
    a = "Artillery shelled Alpha, Bravo and Charlie on Monday."
    b = "Artillery shelled Alpha, Bravo and Charlie on Monday, a local official said."
    other = [
        replace(e, sources=tuple(replace(s, document="k2") for s in e.sources))
        for e in _of(b, "armed_clash")
    ]
    merged = merge_events(_of(a, "armed_clash") + other)
    assert sorted(e.location.name for e in merged if e.location) == ["Alpha", "Bravo", "Charlie"]
    assert all(len(e.sources) == 2 for e in merged)


# --- look-alikes that are not lists of the happening's places -------------------------


def test_a_road_between_two_places_is_one_event() -> None:
    text = "Rebels ambushed an army convoy on the road between Alpha and Bravo on Monday."
    assert len(_of(text, "armed_clash")) == 1


def test_places_fire_came_from_are_not_split() -> None:
    text = "Troops fired shells from Alpha and Bravo at Charlie on Monday."
    places = _places(text, "armed_clash")
    assert not {"Alpha", "Bravo"} <= set(places)


def test_cities_of_the_speakers_are_not_places_of_the_happening() -> None:
    text = "Officials in Alpha and Bravo said rebels attacked Charlie on Monday."
    assert _places(text, "armed_clash") == ["Charlie"]


def test_talks_between_two_capitals_are_one_event() -> None:
    text = "The two governments held talks in Alpha and Bravo on Monday."
    assert len(_of(text, "ceasefire_or_talks")) <= 1


def test_a_list_of_countries_that_speak_is_not_split() -> None:
    text = "Ruritania, Borduria and Syldavia said troops clashed near Alpha on Monday."
    assert _places(text, "armed_clash") == ["Alpha"]


def test_places_in_a_relative_clause_about_something_else_are_not_listed() -> None:
    text = "Rebels attacked Alpha, whose residents had moved to Bravo and Charlie, on Monday."
    assert _places(text, "armed_clash") == ["Alpha"]


def test_people_fleeing_a_list_of_villages_are_one_displacement() -> None:
    text = "More than 3,000 residents fled Alpha, Bravo and Charlie on Monday."
    assert len(_of(text, "displacement")) <= 1


def test_a_roundup_over_a_list_is_one_event() -> None:
    text = "Police rounded up 371 migrants in the Alpha, Bravo and Charlie areas on Monday."
    got = [e for e in events(text, toponyms=_tops(text)) if e.event_type in ("arrest", "capture")]
    assert len(got) <= 1


def test_a_crossing_with_two_names_is_one_closure() -> None:
    text = "Border guards closed the Alpha–Bravo crossing on Tuesday."
    assert len(_of(text, "blockade")) <= 1


# --- the list itself ------------------------------------------------------------------


def test_a_list_needs_and_or_or() -> None:
    text = "Artillery shelled Alpha, Bravo on Monday."
    tops = list(_tops(text))
    assert listed_around(text, 0, tops, tops[0]) == []


def test_a_trigger_inside_breaks_the_list() -> None:
    text = "Artillery shelled Alpha and attacked Bravo on Monday."
    tops = list(_tops(text))
    assert listed_around(text, 0, tops, tops[0], [text.index("attacked")]) == []


def test_the_list_reaches_back_before_the_chosen_place() -> None:
    text = "Artillery shelled Alpha, Bravo and Charlie on Monday."
    tops = list(_tops(text))
    assert [t.name for t in listed_around(text, 0, tops, tops[2])] == ["Alpha", "Bravo", "Charlie"]


def test_a_list_before_a_plural_name_of_provinces_is_a_region() -> None:
    text = "Attacks were also reported in the Alpha and Bravo regions last week."
    tops = [place(text, n, 21.0, 97.0, "MM", "ADM1") for n in ("Alpha", "Bravo")]
    assert listed_around(text, 0, tops, tops[0]) == []


def test_examples_of_a_larger_whole_are_not_a_list() -> None:
    text = "Troops faced each other at several points, including Alpha, Bravo and Charlie."
    tops = list(_tops(text))
    assert listed_around(text, 0, tops, tops[0]) == []
    # the first example a name the gazetteer lacks
    text = "Troops faced each other at several points, including Zulu Lake, Bravo and Charlie."
    tops = list(_tops(text))
    assert listed_around(text, 0, tops, tops[0]) == []


def test_a_province_holding_a_name_is_not_one_more_place() -> None:
    text = "The crossings at Zulu in Alpha, at Bravo and at Charlie will be shut on Friday."
    tops = list(_tops(text))
    assert [t.name for t in listed_around(text, 0, tops, tops[1])] == ["Bravo", "Charlie"]


def test_places_after_between_are_ends_not_a_list() -> None:
    text = "Patrol boats kept watch on the river between the island, Alpha and Bravo on Monday."
    tops = list(_tops(text))
    assert listed_around(text, 0, tops, tops[0]) == []


def test_a_country_ends_the_list() -> None:
    text = "Artillery shelled Alpha and Ruritania on Monday."
    tops = list(_tops(text))
    assert listed_around(text, 0, tops, tops[0]) == []


def test_crossings_listed_on_a_border_line_take_the_event_off_the_line() -> None:
    text = "Guards closed the Alpha and Bravo crossings on the border with Thailand."
    alpha, bravo = (
        place(text, n, 21.0 + i, 97.0, "MM", "PPL") for i, n in enumerate(("Alpha", "Bravo"))
    )
    i = text.index("border")
    line = Toponym("k1", i, i + 6, "border", "MMR–THA", 20.0, 98.0, None, None, None,
                   "border", None, "MMR–THA", 1, 1.0)  # fmt: skip
    base = Event(
        "", "blockade", date(2024, 5, 7), 1,
        EventLocation("MMR–THA", 20.0, 98.0, 1, None, border="MMR–THA"),
        sources=(SourceRef("k1", text, 0, len(text)),),
    )  # fmt: skip
    trigger = SimpleNamespace(start=text.index("closed"), end=text.index("closed") + 6)
    got = split_listed(
        [base], text, SimpleNamespace(start=0), [alpha, bravo, line], line, [trigger],
        lambda t: EventLocation(t.name, t.lat, t.lon, 1, t.country_code),
    )  # fmt: skip
    assert [(e.location.name, e.location.border) for e in got if e.location] == [
        ("Alpha", "MMR–THA"),
        ("Bravo", "MMR–THA"),
    ]


def test_a_claim_over_a_border_stretch_is_not_split() -> None:
    text = "Rebels claimed the border stretch near Alpha and Bravo on Monday."
    tops = list(_tops(text))
    base = Event(
        "", "control_claim", date(2024, 5, 7), 1,
        EventLocation("Alpha", 21.0, 97.0, 1, "MM"),
        sources=(SourceRef("k1", text, 0, len(text)),),
        claim=ControlClaim("Rebels", "MMR–THA", "border"),
    )  # fmt: skip
    trigger = SimpleNamespace(start=text.index("claimed"), end=text.index("claimed") + 7)
    got = split_listed([base], text, SimpleNamespace(start=0), tops, tops[0], [trigger], _loc)
    assert got == [base]


def _loc(t: Toponym) -> EventLocation:
    return EventLocation(t.name, t.lat, t.lon, 1, t.country_code)


# --- the split events on the map and in the exports -----------------------------------


def test_split_events_export_and_draw_as_separate_rows() -> None:
    from geo.acled import acled_frame
    from geo.situation import Situation
    from layers.incidents import build

    text = "Shelling hit Alpha, Bravo and Charlie on Monday, killing nine civilians."
    got = _of(text, "armed_clash")
    assert len({e.id for e in got}) == 3
    frame = acled_frame(got)
    assert sorted(frame["location"]) == ["Alpha", "Bravo", "Charlie"]
    assert sorted(frame["fatalities"]) == [0, 0, 9]
    drawn = build(Situation(events=tuple(got)))
    assert len(drawn) == 3
    assert len({(g.x, g.y) for g in drawn.geometry}) == 3
