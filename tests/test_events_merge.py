"""Merging the same real-world event across articles (geo.events.merge)."""

from __future__ import annotations

import json
import random
from datetime import date

from geo.events import code_events, merge_events
from geo.events.merge import same_event
from geo.situation import Count, Event, EventLocation, SourceRef


def ev(
    doc: str,
    event_type: str = "forces_cross_border",
    day: date | None = date(2021, 7, 6),
    precision: int = 2,
    actor1: str | None = "Afghan government forces",
    actor2: str | None = None,
    counts: dict | None = None,
    location: EventLocation | None = None,
    claimant: str | None = None,
    status: str = "reported",
    start: int = 0,
) -> Event:
    return Event(
        id="",
        event_type=event_type,
        event_date=day,
        time_precision=precision,
        location=location,
        actor1=actor1,
        actor2=actor2,
        counts=counts or {},
        claimant=claimant,
        claim_status=status,
        confidence=0.6,
        sources=(SourceRef(doc, f"sentence {doc}", start, start + 10),),
    )


def fled(n: int, qualifier: str | None, doc: str) -> dict:
    return {"fled": (Count(n, qualifier, f"{n}", doc),)}


def test_same_figures_from_three_outlets_merge_and_stay_side_by_side() -> None:
    events = [
        ev("a", counts=fled(1000, "more than", "a"), day=date(2021, 7, 5)),
        ev("b", counts=fled(1000, "more than", "b"), day=date(2021, 7, 8), precision=3),
        ev("c", counts=fled(1037, None, "c"), day=date(2021, 7, 9)),
    ]
    (merged,) = merge_events(events)
    assert {s.document for s in merged.sources} == {"a", "b", "c"}
    assert sorted((c.value, c.document) for c in merged.counts["fled"]) == [
        (1000, "a"),
        (1000, "b"),
        (1037, "c"),
    ]
    assert merged.event_date == date(2021, 7, 5)


def test_different_figures_stay_different_events() -> None:
    events = [ev("a", counts=fled(17, None, "a")), ev("b", counts=fled(134, None, "b"))]
    assert len(merge_events(events)) == 2


def test_far_apart_dates_and_places_do_not_merge() -> None:
    far = ev("b", day=date(2021, 8, 20), precision=1)
    assert not same_event(ev("a", precision=1), far)
    vorukh = EventLocation("Vorukh", 39.85, 70.58, 1, "TJ")
    kunduz = EventLocation("Kunduz", 36.73, 68.86, 1, "AF")
    assert not same_event(ev("a", location=vorukh), ev("b", location=kunduz))


def test_types_and_request_offer_are_kept_apart() -> None:
    assert not same_event(ev("a"), ev("b", event_type="displacement"))
    req = ev("a", event_type="assistance", actor1="Government of Tajikistan")
    offer = ev("b", event_type="assistance", actor1="CSTO")
    assert not same_event(req, offer)


def test_state_actor_sides_match() -> None:
    a = ev("a", event_type="deployment", actor1="Government of Russia")
    b = ev("b", event_type="deployment", actor1="Russian armed forces")
    assert same_event(a, b)


def test_each_side_blamed_the_other_is_one_disputed_event() -> None:
    border = EventLocation("KGZ–TJK border", None, None, 3, border="KGZ–TJK")
    a = ev(
        "kg",
        event_type="armed_clash",
        actor1="Tajik border guards",
        actor2="Kyrgyz border guards",
        location=border,
        claimant="Kyrgyz border service",
        status="claimed",
        precision=1,
    )
    b = ev(
        "tj",
        event_type="armed_clash",
        actor1="Kyrgyz border guards",
        actor2="Tajik border guards",
        location=border,
        claimant="Tajik border service",
        status="disputed",
        precision=1,
    )
    (merged,) = merge_events([a, b])
    assert merged.claim_status == "disputed"
    assert merged.claimant == "Kyrgyz border service; Tajik border service"


def test_different_speakers_make_different_statements() -> None:
    a = ev(
        "a",
        event_type="assistance",
        actor1="Government of Russia",
        claimant="Foreign Minister Sergei Lavrov",
    )
    b = ev(
        "b",
        event_type="assistance",
        actor1="Government of Russia",
        claimant="spokeswoman Maria Zakharova",
    )
    c = ev("c", event_type="assistance", actor1="Government of Russia", claimant="Lavrov")
    assert not same_event(a, b)
    assert same_event(a, c)


def test_ids_and_order_are_deterministic() -> None:
    events = [
        ev(d, counts=fled(n, None, d), start=i)
        for i, (d, n) in enumerate([("a", 17), ("b", 134), ("c", 17), ("d", 500)])
    ]
    first = merge_events(events)
    shuffled = events[:]
    random.Random(3).shuffle(shuffled)
    second = merge_events(shuffled)
    assert [e.id for e in first] == [e.id for e in second]
    assert all(e.id.startswith("ev-") and len(e.id) == 15 for e in first)
    assert len({e.id for e in first}) == len(first)


def test_code_events_merges_across_articles_and_is_json() -> None:
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Art:
        id: str
        text: str
        published: date | None
        outlet: str | None = None
        url: str | None = None

    a = Art("a", "Over 1,000 Afghan soldiers fled into Tajikistan this week.", date(2021, 7, 8))
    b = Art(
        "b",
        "More than 1,000 Afghan government troops crossed into Tajikistan, officials said.",
        date(2021, 7, 9),
    )
    c = Art("c", "Seventeen Afghan soldiers fled across the border on June 27.", date(2021, 6, 29))
    events = code_events([(a, []), (b, []), (c, [])], join=None)
    kinds = sorted((e.event_type, len(e.sources)) for e in events)
    assert kinds == [("forces_cross_border", 1), ("forces_cross_border", 2)]
    json.dumps([e.to_dict() for e in events])


def test_exercise_and_call_up_of_the_same_week_stay_apart() -> None:
    from dataclasses import replace

    drill = replace(
        ev("a", "deployment", actor1="Government of Armenia"), sub_event_type="exercise"
    )
    call_up = replace(
        ev("b", "deployment", actor1="Government of Armenia"), sub_event_type="mobilisation"
    )
    assert not same_event(drill, call_up)
    assert same_event(call_up, replace(call_up, sources=(SourceRef("c", "s", 0, 1),)))


def test_embassy_closure_is_not_a_refugee_flow() -> None:
    from dataclasses import replace

    closure = replace(
        ev("a", "displacement", actor1=None), sub_event_type="closure forced by fighting"
    )
    refugees = replace(
        ev("b", "displacement", actor1="Civilians"), sub_event_type="refugee flow or preparation"
    )
    assert not same_event(closure, refugees)


def test_one_article_two_places_or_days_stay_two() -> None:
    """Within one article, shelling at two towns, or on two days, are two happenings."""
    from datetime import date as _date

    from geo.events.merge import merge_events as _merge
    from geo.situation import Event as _Event
    from geo.situation import EventLocation as _Loc
    from geo.situation import SourceRef as _Src

    goris = _Loc("Goris", 39.51, 46.34, 1, "AM")
    sotk = _Loc("Sotk", 40.20, 45.92, 1, "AM")

    def ev(doc: str, start: int, loc, day: int) -> _Event:
        return _Event(
            id="",
            event_type="armed_clash",
            event_date=_date(2022, 9, day),
            time_precision=1,
            location=loc,
            sources=(_Src(doc, f"s{start}", start, start + 1),),
        )

    assert len(_merge([ev("a", 0, goris, 13), ev("a", 10, sotk, 13)])) == 2
    assert len(_merge([ev("a", 0, goris, 13), ev("a", 10, goris, 14)])) == 2
    assert len(_merge([ev("a", 0, goris, 13), ev("a", 10, goris, 13)])) == 1
    # A sentence without a place may refer back; another article may tell the same shelling.
    assert len(_merge([ev("a", 0, goris, 13), ev("a", 10, None, 13)])) == 1
    assert len(_merge([ev("a", 0, goris, 13), ev("b", 0, goris, 14)])) == 1


def test_a_third_country_in_two_conflicts_ties_neither() -> None:
    """Talks urged from Washington on one conflict and Russia's mediation offer on another."""
    from datetime import date as _date

    from geo.events.merge import merge_events as _merge
    from geo.situation import Event as _Event
    from geo.situation import EventLocation as _Loc
    from geo.situation import SourceRef as _Src

    a = _Event(
        id="",
        event_type="ceasefire_or_talks",
        event_date=_date(2022, 9, 15),
        time_precision=2,
        location=_Loc("Washington", 38.9, -77.04, 1, "US"),
        actor1="Government of Russia",
        sub_event_type="mediation or talks",
        sources=(_Src("x/1", "urged talks", 0, 1),),
    )
    b = _Event(
        id="",
        event_type="ceasefire_or_talks",
        event_date=_date(2022, 9, 16),
        time_precision=2,
        location=None,
        actor1="Russian armed forces",
        sub_event_type="negotiation",
        sources=(_Src("y/1", "offered to mediate", 0, 1),),
    )
    assert len(_merge([a, b])) == 2
    truce = _Event(
        id="",
        event_type="ceasefire_or_talks",
        event_date=_date(2022, 9, 16),
        time_precision=2,
        location=None,
        actor1="Russian armed forces",
        sub_event_type="ceasefire",
        sources=(_Src("x/2", "a truce", 0, 1),),
    )
    # A ceasefire is not the talks about it.
    assert len(_merge([b, truce])) == 2


def test_bare_re_mention_joins_the_event_of_the_day_before() -> None:
    """A sentence with no place, actor, figure or date of its own repeats an event."""
    from dataclasses import replace

    goris = EventLocation("Goris", 39.51, 46.34, 1, "AM")
    first = ev("a", "armed_clash", date(2022, 9, 13), 1, "Azerbaijani forces", location=goris)
    bare = ev("a", "armed_clash", date(2022, 9, 14), 1, None, start=50)
    bare = replace(bare, sources=(SourceRef("a", "Our soldiers were attacked.", 50, 77),))
    assert same_event(first, bare)
    assert len(merge_events([first, bare])) == 1
    # The same sentence with a day of its own is a happening of that day.
    dated = replace(bare, sources=(SourceRef("a", "Soldiers were attacked on Wednesday.", 50, 86),))
    assert not same_event(first, dated)
    assert len(merge_events([first, dated])) == 2
    # With a place of its own it is not bare either.
    sotk = EventLocation("Sotk", 40.20, 45.92, 1, "AM")
    assert not same_event(first, replace(bare, location=sotk))


def test_figures_of_different_kinds_in_one_story_stay_two_events() -> None:
    """ "Four people were wounded" and "two guards were killed": two reports, not one."""
    wounded = {"wounded": (Count(4, None, "four people", "a"),)}
    killed = {"killed": (Count(2, None, "two border guards", "a"),)}
    day = date(2022, 9, 14)
    a = ev("a", "armed_clash", day, 1, None, counts=wounded)
    b = ev("a", "armed_clash", day, 1, None, counts=killed, start=40)
    assert not same_event(a, b)
    assert len(merge_events([a, b])) == 2
    # The same kind of figure, compatible, in one story merges as before.
    more = {"wounded": (Count(4, "at least", "at least four people", "a"),)}
    assert same_event(a, ev("a", "armed_clash", day, 1, None, counts=more, start=40))


def test_an_accusation_or_a_surrender_is_not_the_fighting_around_it() -> None:
    """ "Officials accused the neighbours of planting mines" is no part of the day's clash."""
    from dataclasses import replace

    day = date(2023, 3, 2)
    clash = replace(ev("a", "armed_clash", day, 1, None), sub_event_type="clash")
    accusation = replace(
        ev("a", "armed_clash", day, 1, None, start=40), sub_event_type="sabotage accusation"
    )
    surrender = replace(ev("b", "armed_clash", day, 1, None), sub_event_type="surrender")
    assert not same_event(clash, accusation)
    assert not same_event(clash, surrender)
    assert len(merge_events([clash, accusation, surrender])) == 3
    # Two accounts of one surrender still meet.
    town = EventLocation("Goris", 39.51, 46.34, 1, "AM")
    surrender = replace(surrender, location=town)
    assert same_event(surrender, replace(surrender, sources=(SourceRef("c", "s", 0, 1),)))


def test_one_article_two_manners_of_violence_stay_two() -> None:
    """A drone strike and a mortar barrage told in two sentences of a story are two."""
    from dataclasses import replace

    day = date(2023, 3, 2)
    drone = replace(ev("a", "armed_clash", day, 1, None), sub_event_type="air or drone strike")
    barrage = replace(ev("a", "armed_clash", day, 1, None, start=40), sub_event_type="shelling")
    generic = replace(ev("a", "armed_clash", day, 1, None, start=80), sub_event_type="clash")
    assert not same_event(drone, barrage)
    # A generic mention names no manner; another outlet may type the same strike otherwise.
    assert same_event(drone, generic)
    town = EventLocation("Goris", 39.51, 46.34, 1, "AM")
    drone, barrage = replace(drone, location=town), replace(barrage, location=town)
    assert not same_event(drone, barrage)
    assert same_event(drone, replace(barrage, sources=(SourceRef("b", "s", 0, 1),)))


def test_one_article_two_own_days_to_the_week_stay_two() -> None:
    """ "Last week" and "on Monday", each sentence dated by its own words, are two days."""
    first = ev("a", "armed_clash", date(2023, 3, 6), 2, None)
    first = replace_source(first, "A commander was shot dead last week.")
    second = ev("a", "armed_clash", date(2023, 3, 13), 2, None, start=60)
    second = replace_source(second, "Shells landed in the town on Monday.")
    assert not same_event(first, second)
    # A sentence without a date word of its own takes its day from around it: it may merge.
    undated = replace_source(second, "Shells landed in the town.")
    assert same_event(first, undated)


def replace_source(e: Event, sentence: str) -> Event:
    from dataclasses import replace

    s = e.sources[0]
    return replace(e, sources=(SourceRef(s.document, sentence, s.start, s.start + len(sentence)),))


def test_a_happening_that_went_on_is_not_a_new_one_the_next_day() -> None:
    """ "Clashes continued for a second day on Tuesday" carries Monday's clash on."""
    goris = EventLocation("Goris", 39.51, 46.34, 1, "AM")
    monday = ev("a", "armed_clash", date(2023, 5, 8), 1, "Azerbaijani forces", location=goris)
    monday = replace_source(monday, "Azerbaijani forces shelled Goris on Monday.")
    tuesday = ev("a", "armed_clash", date(2023, 5, 9), 1, "Azerbaijani forces", start=60)
    on = replace_source(tuesday, "Clashes continued for a second day on Tuesday.")
    assert same_event(monday, on)
    # A new clash told on its own day stays a happening of that day.
    anew = replace_source(tuesday, "Azerbaijani forces attacked again on Tuesday.")
    assert not same_event(monday, anew)
