"""Date expressions resolved against the publication date (geo.events.dates)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.events.dates import dateparser_date, find_dates

PUB = date(2021, 7, 9)  # a Friday


@pytest.mark.parametrize(
    ("text", "first", "last", "precision"),
    [
        ("fled on June 27", "2021-06-27", "2021-06-27", 1),
        ("clashes on 27 January", "2021-01-27", "2021-01-27", 1),
        ("clashes on January 27, 2022", "2022-01-27", "2022-01-27", 1),
        ("on the 3rd of July", "2021-07-03", "2021-07-03", 1),
        ("on Thursday", "2021-07-08", "2021-07-08", 1),
        ("said Friday", "2021-07-09", "2021-07-09", 1),
        ("last Friday", "2021-07-02", "2021-07-02", 1),
        ("late on Saturday night", "2021-07-03", "2021-07-03", 1),
        ("yesterday", "2021-07-08", "2021-07-08", 1),
        ("the day before yesterday", "2021-07-07", "2021-07-07", 1),
        ("two days ago", "2021-07-07", "2021-07-07", 1),
        ("this week", "2021-07-05", "2021-07-09", 2),
        ("last week", "2021-06-28", "2021-07-04", 2),
        ("in the past week", "2021-07-02", "2021-07-09", 2),
        ("in recent days", "2021-07-02", "2021-07-09", 2),
        ("in recent weeks", "2021-06-11", "2021-07-09", 3),
        ("earlier this month", "2021-07-01", "2021-07-09", 3),
        ("last month", "2021-06-01", "2021-06-30", 3),
        ("in the past two months", "2021-05-10", "2021-07-09", 3),
        ("last year", "2020-01-01", "2020-12-31", 3),
        ("this year", "2021-01-01", "2021-07-09", 3),
        ("in June", "2021-06-01", "2021-06-30", 3),
        ("on June 27-28", "2021-06-27", "2021-06-28", 2),
        ("on 2021-06-30", "2021-06-30", "2021-06-30", 1),
        ("on 30.06.2021", "2021-06-30", "2021-06-30", 1),
        ("on 30/06/2021", "2021-06-30", "2021-06-30", 1),
    ],
)
def test_expressions(text: str, first: str, last: str, precision: int) -> None:
    found = find_dates(text, PUB)
    assert len(found) == 1, found
    m = found[0]
    assert (m.date.isoformat(), m.end_date.isoformat(), m.precision) == (first, last, precision)
    assert text[m.start : m.end] == m.text


def test_year_rolls_back_at_new_year() -> None:
    (m,) = find_dates("fighting on December 30", date(2022, 1, 3))
    assert m.date == date(2021, 12, 30)


def test_statement_date_is_marked() -> None:
    found = find_dates("Officials said on June 28 that 17 soldiers fled on June 27.", PUB)
    assert [(m.text, m.statement) for m in found] == [("on June 28", True), ("on June 27", False)]
    found = find_dates("Russia on Friday said the Taliban control the border.", PUB)
    assert found[0].statement


def test_no_publication_date_only_absolute_dates() -> None:
    text = "On Thursday, yesterday and on June 27 and this week, and on 27 January 2022."
    found = find_dates(text, None)
    assert [m.text for m in found] == ["on 27 January 2022"]


def test_may_the_modal_is_not_a_month() -> None:
    assert find_dates("Troops may withdraw soon.", PUB) == []


def test_dateparser_uses_the_base_not_today() -> None:
    # Day-first numeric date, resolved with an explicit base (never today's date).
    assert dateparser_date("05/07/2021", date(2021, 7, 9)) == date(2021, 7, 5)


@given(
    pub=st.dates(min_value=date(1995, 1, 1), max_value=date(2035, 12, 31)),
    weekday=st.sampled_from(
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    ),
)
def test_weekday_is_on_or_before_publication(pub: date, weekday: str) -> None:
    (m,) = find_dates(f"Clashes on {weekday}.", pub)
    assert 0 <= (pub - m.date).days <= 6
    assert m.date.strftime("%A") == weekday


@given(pub=st.dates(min_value=date(1995, 1, 1), max_value=date(2035, 12, 31)))
def test_relative_periods_never_end_after_publication(pub: date) -> None:
    text = "this week, last week, in recent weeks, earlier this month, last year, yesterday"
    for m in find_dates(text, pub):
        assert m.date <= m.end_date <= pub


def test_a_datelined_story_counts_its_days_from_the_dateline() -> None:
    """Published a day after its dateline: "on Friday" and "yesterday" follow the dateline;
    the dateline's own date is no event's date; an undated sentence takes the lead's day."""
    from datetime import date as _date
    from types import SimpleNamespace

    from geo.events import extract_events as _extract

    text = (
        "BISHKEK, Sept 17 (Wire) - Border guards exchanged fire near the village on Friday, "
        "officials said.\n\n"
        "Troops also clashed yesterday at a second post, the service said.\n\n"
        "Two soldiers were killed at the crossing, a medic said."
    )
    art = SimpleNamespace(id="d", text=text, published=_date(2022, 9, 18), outlet=None, url=None)
    events = _extract(art, [], join=None, merge=False)
    by_start = sorted(events, key=lambda e: e.sources[0].start)
    assert by_start[0].event_date == _date(2022, 9, 16)  # Friday before the dateline
    assert by_start[1].event_date == _date(2022, 9, 16)  # the day before Sept 17
    assert by_start[2].event_date == _date(2022, 9, 16)  # the lead's day


def test_a_date_in_a_relative_aside_does_not_date_the_event() -> None:
    """ "Anwar, who chairs the bloc this year, said ..." is not dated "this year"."""
    from types import SimpleNamespace

    from geo.events import extract_events

    text = (
        "Anwar, who chairs the regional bloc this year, said the two sides had agreed"
        " to a ceasefire."
    )
    art = SimpleNamespace(id="d1", published=date(2025, 7, 28), outlet=None, url=None, text=text)
    evs = [e for e in extract_events(art, [], join=None) if e.event_type == "ceasefire_or_talks"]
    assert evs and evs[0].event_date == date(2025, 7, 28)


def test_a_day_later_counts_from_the_day_told_before() -> None:
    """ "A day later", "the next day" count from the day the story told, not from publication."""
    from types import SimpleNamespace

    from geo.events import extract_events

    text = (
        "Gunmen attacked a police post outside the town on March 3, officials said. "
        "A day later two more officers were wounded by a roadside bomb near the market.\n\n"
        "Farmers returned on March 1, and the next day militiamen shelled the hamlet."
    )
    art = SimpleNamespace(id="d2", published=date(2024, 3, 8), outlet=None, url=None, text=text)
    evs = sorted(extract_events(art, [], join=None, merge=False), key=lambda e: e.sources[0].start)
    days = [(e.sources[0].sentence[:10], e.event_date) for e in evs]
    assert ("Gunmen att", date(2024, 3, 3)) in days
    assert ("A day late", date(2024, 3, 4)) in days
    last = [e for e in evs if e.sources[0].sentence.startswith("Farmers")]
    assert [e.event_date for e in last if e.event_type == "armed_clash"] == [date(2024, 3, 2)]
