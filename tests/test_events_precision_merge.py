"""Merging restatements inside one story (geo.events.merge): one agreement told on the day it
was reached and on the day it was announced is one; distinct talks stay apart. Every
sentence here is our own.
"""

from __future__ import annotations

from datetime import date

from geo.events.merge import merge_events
from geo.situation import Event, EventLocation, SourceRef

CITY = EventLocation("Port Alba", 10.0, 20.0, 1, "RU")
REGION = EventLocation("Alba Province", 10.5, 20.5, 3, "RU")


def record(start: int, sub: str, day: date, where: EventLocation | None, text: str) -> Event:
    return Event(
        "",
        "ceasefire_or_talks",
        day,
        1,
        where,
        sub_event_type=sub,
        sources=(SourceRef("story", text, start, start + len(text)),),
    )


def test_one_agreement_reached_one_day_and_announced_the_next_is_one() -> None:
    lead = record(0, "ceasefire", date(2024, 1, 12), CITY, "The two armies agreed a truce.")
    again = record(
        40, "agreement", date(2024, 1, 11), REGION,
        "They met on Thursday in the capital of Alba province and agreed to stop fighting.",
    )  # fmt: skip
    merged = merge_events([lead, again])
    assert len(merged) == 1
    assert merged[0].event_date == date(2024, 1, 11) and len(merged[0].sources) == 2


def test_talks_on_two_days_at_two_places_stay_two() -> None:
    first = record(0, "negotiation", date(2024, 1, 2), CITY, "Talks in Port Alba broke up.")
    second = record(
        40, "negotiation", date(2024, 1, 11), REGION, "The sides met again on Thursday."
    )
    assert len(merge_events([first, second])) == 2


def test_an_agreement_and_the_talks_before_it_stay_two() -> None:
    talks = record(0, "negotiation", date(2024, 1, 10), CITY, "The sides met on Wednesday.")
    deal = record(40, "ceasefire", date(2024, 1, 11), CITY, "They agreed a truce on Thursday.")
    assert len(merge_events([talks, deal])) == 2
