"""One event per day: a happening told on two or more days is as many events (ACLED's unit).

Sentences of our own, each beside a look-alike that stays one event (a period, a round of
talks over two days, a second clause with its own verb, a statement's day).
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.events import extract_events
from geo.events.dates import WEEKDAYS, coordinated_days, find_dates

PUBLISHED = date(2025, 10, 27)  # a Monday


def _events(text: str) -> list[tuple[str, str]]:
    art = SimpleNamespace(id="t", published=PUBLISHED, outlet=None, url=None, text=text)
    return sorted((e.event_type, str(e.event_date)) for e in extract_events(art, []))


def test_a_closure_on_two_days_is_two_closures() -> None:
    text = "Flights at the border airport were halted on Friday and Saturday, officials said."
    assert _events(text) == [("blockade", "2025-10-24"), ("blockade", "2025-10-25")]


def test_shelling_on_three_listed_dates_is_three_clashes() -> None:
    text = "Rebel gunners shelled the border village on October 3, October 5 and October 9."
    assert [d for t, d in _events(text) if t == "armed_clash"] == [
        "2025-10-03",
        "2025-10-05",
        "2025-10-09",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Rebel gunners shelled the border village between October 3 and October 9.",
        "Envoys of both armies met on Wednesday and Thursday to discuss a ceasefire.",
    ],
)
def test_a_period_or_a_round_of_talks_stays_one_event(text: str) -> None:
    assert len(_events(text)) == 1


def test_a_second_clause_with_its_own_day_is_not_a_list() -> None:
    text = "Shells fell on Monday, and on Wednesday a drone hit the depot."
    found = find_dates(text, PUBLISHED)
    assert coordinated_days(found, found[0].date, text) == []


NAMES = [n.capitalize() for n in sorted(WEEKDAYS, key=WEEKDAYS.get)]


@given(st.lists(st.sampled_from(NAMES), min_size=2, max_size=4, unique=True))
def test_every_listed_weekday_gets_its_own_day(days: list[str]) -> None:
    listed = ", ".join(days[:-1]) + " and " + days[-1]
    text = f"Guards closed the crossing on {listed}."
    found = find_dates(text, PUBLISHED)
    first = found[0].date
    others = coordinated_days(found, first, text)
    assert len(others) == len({d.date for d in found} - {first}) == len(days) - 1
