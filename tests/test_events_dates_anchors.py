"""Dates whose anchor is told elsewhere: "of that year", "that year", a limit set with "until".

Sentences of our own, each rule with a look-alike that must not change
(geo.events.dates, and the date hand-off of geo.events.extract).
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from geo.events import extract_events
from geo.events.dates import find_dates, year_told_before

PUBLISHED = date(2016, 3, 19)


def dates_of(text: str, published: date = PUBLISHED, start: int = 0) -> list[tuple[str, str, int]]:
    return [(m.text, m.date.isoformat(), m.precision) for m in find_dates(text, published, start)]


def test_of_that_year_takes_the_year_of_the_sentence_before() -> None:
    text = "Qatar took on the mediation in 2010. On June 6 of that year the two leaders signed."
    found = dates_of(text, start=text.index("On June"))
    assert found == [("On June 6 of that year", "2010-06-06", 1)]


def test_of_that_year_month_only_takes_the_year_before() -> None:
    text = "The row began in October 2010. In November of that year the council met."
    found = dates_of(text, start=text.index("In November"))
    assert found[0][1:] == ("2010-11-01", 3)


def test_look_alike_of_that_year_in_its_own_sentence_is_unchanged() -> None:
    # the sentence names its own year: that one, not one told before
    text = "It began in 2008. The war of 1998 ended on June 6 of that year."
    found = dates_of(text, start=text.index("The war"))
    assert ("on June 6 of that year", "1998-06-06", 1) in found


def test_look_alike_without_any_year_before_falls_back_to_publication() -> None:
    assert year_told_before("On June 6 of that year they met.", 3) is None
    assert dates_of("On June 6 of that year they met.")[0][1] == "2015-06-06"


def test_that_year_alone_is_the_year_told_before() -> None:
    text = "Residents have lived in fear since 2015. That year riot police used tear gas."
    found = dates_of(text, date(2023, 10, 31), start=text.index("That year"))
    assert found == [("That year", "2015-01-01", 3)]


@pytest.mark.parametrize(
    "text",
    [
        "Officials said that year-on-year trade fell.",  # an adjective, not a year
        "He said that years of fighting had emptied the town.",  # "years", not "year"
    ],
)
def test_look_alike_that_year_words(text: str) -> None:
    full = "The border closed in 2015. " + text
    assert dates_of(full, date(2023, 10, 31), start=full.index(text[:8])) == []


def test_that_year_after_the_publication_is_no_date() -> None:
    text = "A truce is planned for 2030. That year the talks resume."
    assert dates_of(text, date(2023, 1, 1), start=text.index("That")) == []


def article(text: str, published: date) -> SimpleNamespace:
    return SimpleNamespace(id="t1", published=published, outlet=None, url=None, text=text)


def test_event_dated_by_of_that_year() -> None:
    text = (
        "The release is the first result of the mediation that Qatar took on in 2010. "
        "On June 6 of that year the two presidents signed a ceasefire agreement in Doha."
    )
    events = [e for e in extract_events(article(text, PUBLISHED), [], join=None) if e.sources]
    signed = [e for e in events if "June 6" in e.sources[0].sentence]
    assert signed and {e.event_date for e in signed} == {date(2010, 6, 6)}


def test_until_a_limit_does_not_date_the_happening() -> None:
    # "gave Haiti until Thursday": Thursday is the limit; the closure was on Monday
    text = (
        "On Monday, after a long meeting of the security council in the capital, the "
        "president closed the border crossing and gave the builders until Thursday to halt "
        "the work."
    )
    events = extract_events(article(text, date(2023, 9, 16)), [], join=None)
    closed = [e for e in events if e.event_type == "blockade"]
    assert closed and closed[0].event_date == date(2023, 9, 11)


def test_look_alike_until_of_a_happening_still_dates_it() -> None:
    # no one was given anything: the fighting went on until Thursday
    text = "Troops clashed near the border crossing until Thursday, officials said."
    events = extract_events(article(text, date(2023, 9, 16)), [], join=None)
    clash = [e for e in events if e.event_type == "armed_clash"]
    assert clash and clash[0].event_date == date(2023, 9, 14)
