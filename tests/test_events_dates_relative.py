"""Relative dates that follow the text: weeks before, parts of a month, nights, the same day.

Positive sentences and look-alikes of our own (geo.events.dates, geo.events.extract).
"""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.events import extract_events
from geo.events.dates import WEEKDAYS, days_later, find_dates

MONDAY = date(2024, 7, 29)
WEEKDAY_NAMES = [n.capitalize() for n in sorted(WEEKDAYS, key=WEEKDAYS.get)]


def one(text: str, published: date = MONDAY) -> tuple[str, str, int]:
    found = find_dates(text, published)
    assert len(found) == 1, found
    m = found[0]
    assert text[m.start : m.end] == m.text
    return m.date.isoformat(), m.end_date.isoformat(), m.precision


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The base fell on Thursday last week.", ("2024-07-25", "2024-07-25", 1)),
        ("Envoys met on Friday of last week.", ("2024-07-26", "2024-07-26", 1)),
        ("They met on Friday of the previous week.", ("2024-07-26", "2024-07-26", 1)),
        ("Crowds gathered on Monday and Tuesday last week.", ("2024-07-22", "2024-07-23", 2)),
        ("Late last week the camp came under fire.", ("2024-07-26", "2024-07-28", 2)),
        ("Early last week the camp came under fire.", ("2024-07-22", "2024-07-23", 2)),
        ("They met late last month.", ("2024-06-21", "2024-06-30", 2)),
        ("Troops were killed over the weekend.", ("2024-07-27", "2024-07-28", 2)),
        ("A state of emergency was declared last weekend.", ("2024-07-27", "2024-07-28", 2)),
        ("Mortars hit the post overnight.", ("2024-07-28", "2024-07-28", 1)),
        ("In May, the terminal stopped loading.", ("2024-05-01", "2024-05-31", 3)),
        ("The talks began in late March.", ("2024-03-21", "2024-03-31", 2)),
        ("Migrants have been stuck since early August.", ("2023-08-01", "2023-08-10", 2)),
        ("Police have sealed the road since mid-June.", ("2024-06-11", "2024-06-20", 2)),
        ("They overran it last May.", ("2024-05-01", "2024-05-31", 3)),
        ("About 1,800 have arrived since the start of February.", ("2024-02-01", "2024-02-07", 2)),
        ("Thousands fled since the beginning of the year.", ("2024-01-01", "2024-01-07", 2)),
    ],
)
def test_relative_expressions(text: str, want: tuple[str, str, int]) -> None:
    assert one(text) == want


@pytest.mark.parametrize(
    "text",
    [
        "Troops may withdraw if talks fail.",
        "It may take weeks, officials said.",
        "May God protect them, the mayor said.",
    ],
)
def test_modal_may_is_no_month(text: str) -> None:
    assert find_dates(text, MONDAY) == []


def test_last_week_alone_and_a_plain_weekday_keep_their_meaning() -> None:
    assert one("The base fell last week.") == ("2024-07-22", "2024-07-28", 2)
    assert one("The base fell on Thursday.") == ("2024-07-25", "2024-07-25", 1)


def test_of_that_year_takes_the_year_told_before() -> None:
    text = "It recalled the 2014 case of an officer seized on September 5 of that year."
    (m,) = find_dates(text, date(2024, 5, 24))
    assert m.date == date(2014, 9, 5) and m.text.endswith("that year")
    # without a year told before, the usual year-less rule applies
    (m,) = find_dates("An officer was seized on September 5 of that year.", date(2024, 5, 24))
    assert m.date == date(2023, 9, 5)


def test_same_day_phrases_count_from_the_anchor() -> None:
    assert [x[2] for x in days_later("That night a second post was hit.")] == [0]
    assert [x[2] for x in days_later("The same evening police arrested five.")] == [0]
    assert [x[2] for x in days_later("Police came a day after the raid.")] == [-1]
    assert [x[2] for x in days_later("The push came days after the capture.")] == [-3]
    # "the day after" looks forward, as before
    assert [x[2] for x in days_later("They pulled back the day after.")] == [1]


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    st.sampled_from(WEEKDAY_NAMES),
)
def test_weekday_last_week_lies_in_the_previous_calendar_week(pub: date, name: str) -> None:
    (m,) = find_dates(f"It happened on {name} last week.", pub)
    monday = pub - timedelta(days=pub.weekday())
    assert monday - timedelta(days=7) <= m.date < monday
    assert m.date.weekday() == WEEKDAYS[name.lower()]


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
def test_the_weekend_is_a_saturday_and_sunday_not_after_the_report(pub: date) -> None:
    (m,) = find_dates("Fighting flared over the weekend.", pub)
    assert m.date.weekday() == 5 and m.end_date == m.date + timedelta(days=1)
    assert m.end_date <= pub and (pub - m.date).days <= 7


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    st.sampled_from(["early", "mid", "late"]),
    st.integers(min_value=1, max_value=12),
)
def test_parts_of_a_month_lie_inside_it_and_in_order(pub: date, part: str, month: int) -> None:
    import calendar

    name = calendar.month_name[month]
    (m,) = find_dates(f"It happened in {part} {name}.", pub)
    assert m.date.month == month == m.end_date.month and m.date <= m.end_date
    assert {"early": m.date.day == 1, "mid": m.date.day == 11, "late": m.date.day == 21}[part]


def _events(text: str, published: date) -> list:
    art = SimpleNamespace(id="t", text=text, published=published, outlet="T", url=None)
    return extract_events(art, [], join=None)


def test_a_day_after_dates_what_follows_it() -> None:
    text = (
        "The governor declared a state of emergency on Wednesday, a day after troops "
        "crossed the border near the town."
    )
    got = {e.event_type: e.event_date for e in _events(text, date(2024, 8, 8))}
    assert got.get("forces_cross_border") == date(2024, 8, 6)


def test_a_day_after_in_an_earlier_clause_does_not_date_a_when_clause() -> None:
    text = (
        "The first exchange came on Oct. 8, a day after the assault, when the militia said "
        "it fired rockets at three army posts."
    )
    got = [e.event_date for e in _events(text, date(2023, 10, 21)) if e.event_type == "armed_clash"]
    assert got and all(d == date(2023, 10, 8) for d in got)


def test_that_afternoon_is_the_anchor_day_and_the_next_day_the_day_after() -> None:
    text = (
        "Guards began digging a fence on Sunday. Border guards stepped in, a flag meeting "
        "that afternoon ended without agreement, and when the digging resumed the next day "
        "guards blocked the work."
    )
    evs = _events(text, date(2025, 1, 13))
    talks = [e.event_date for e in evs if e.event_type == "ceasefire_or_talks"]
    assert talks and talks[0] == date(2025, 1, 12)


def test_a_state_that_still_holds_is_dated_by_the_report() -> None:
    text = "Clashes continue along the border even though a truce was agreed in February."
    got = {e.event_type: e.event_date for e in _events(text, date(2024, 7, 29))}
    # the ongoing clashes are as of the report; the conceded truce keeps its month
    assert got["armed_clash"] == date(2024, 7, 29)
    assert got["ceasefire_or_talks"] == date(2024, 2, 1)
    text = "Troops remain deployed along the border, which was closed in March."
    got = {e.event_type: e.event_date for e in _events(text, date(2024, 7, 29))}
    assert got["deployment"] == date(2024, 7, 29) and got["blockade"] == date(2024, 3, 1)
    # a past state keeps the date its clause tells
    text = "The border crossing was closed in February after the coup."
    evs = [e for e in _events(text, date(2024, 7, 29)) if e.event_type == "blockade"]
    assert evs and evs[0].event_date == date(2024, 2, 1)


def test_a_since_date_in_the_sentence_before_is_not_inherited() -> None:
    text = (
        "The army has held the farms since 1967, officials said. "
        "The force said it had reinforced its presence in the south."
    )
    evs = [e for e in _events(text, date(2023, 10, 21)) if e.event_type == "deployment"]
    assert evs and evs[0].event_date.year == 2023


def test_a_date_in_a_where_clause_is_the_place_s_story() -> None:
    text = (
        "More troops have been deployed around the forest, where a task force has been "
        "hunting militants since 2015."
    )
    evs = [e for e in _events(text, date(2023, 7, 6)) if e.event_type == "deployment"]
    assert evs and evs[0].event_date.year == 2023


def test_the_days_after_a_day_are_a_period_after_it() -> None:
    text = "Guards closed the crossing in the days after the July 26 coup."
    assert one(text, date(2023, 9, 21)) == ("2023-07-27", "2023-08-02", 2)
    assert one("in the weeks following June 3", date(2023, 9, 21)) == (
        "2023-06-04",
        "2023-07-01",
        3,
    )
    # the day itself, named after "after", stays that day
    assert one("Guards closed the crossing after the July 26 coup.", date(2023, 9, 21)) == (
        "2023-07-26",
        "2023-07-26",
        1,
    )


def test_a_day_told_before_who_said_it_dates_the_statement() -> None:
    (m,) = find_dates("On Tuesday the Interior Ministry said it had closed.", date(2023, 5, 23))
    assert m.statement
    (m,) = find_dates("On Tuesday Russian forces attacked the post.", date(2023, 5, 23))
    assert not m.statement


def test_a_day_in_a_backdrop_clause_is_not_the_event_s() -> None:
    text = (
        "Washington said it was watching a large military deployment along the border, "
        "as tension remained high after last Sunday's deadly shootout at a monastery."
    )
    evs = [e for e in _events(text, date(2023, 9, 30)) if e.event_type == "deployment"]
    assert evs and evs[0].event_date != date(2023, 9, 24)


def test_an_ongoing_verb_in_an_aside_does_not_make_the_event_ongoing() -> None:
    text = (
        "Shelling hit the town on Wednesday. The military, whose troops remain inside the "
        "strip, closed the frontier road to civilians."
    )
    evs = [e for e in _events(text, date(2024, 11, 29)) if e.event_type == "blockade"]
    assert evs and evs[0].event_date == date(2024, 11, 27)
    text = text.replace(", whose troops remain inside the strip,", " remains inside the strip and")
    evs = [e for e in _events(text, date(2024, 11, 29)) if e.event_type == "blockade"]
    assert evs and evs[0].event_date == date(2024, 11, 29)


def test_a_relative_clause_dates_its_own_noun_not_the_event() -> None:
    text = (
        "An accord on the disputed road should end a standoff that turned violent in August, "
        "officials on both sides said on Monday."
    )
    evs = [e for e in _events(text, date(2023, 10, 10)) if e.event_type == "ceasefire_or_talks"]
    assert evs and evs[0].event_date == date(2023, 10, 9)
    text = "Both sides kept to the truce that was agreed in August, officials said."
    evs = [e for e in _events(text, date(2023, 10, 10)) if e.event_type == "ceasefire_or_talks"]
    assert evs and evs[0].event_date == date(2023, 8, 1)


@pytest.mark.parametrize(
    "text",
    [
        "The rebels have taken control of dozens of districts in recent weeks, ahead of a "
        "self-imposed September 11 deadline for the foreign troops to leave.",
        "Militants seized the border post in recent days ahead of the September 11 deadline "
        "for foreign troops to leave, officials said.",
    ],
)
def test_a_limit_the_text_sets_is_not_the_events_date(text: str) -> None:
    art = SimpleNamespace(id="t", text=text, published=MONDAY, outlet=None, url=None)
    got = extract_events(art, [], join=None)
    assert got and all(e.event_date is None or e.event_date <= MONDAY for e in got)
    assert all(e.event_date is None or e.event_date.month != 9 for e in got)
