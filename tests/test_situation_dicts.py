"""Each record's spelled-out to_dict gives what the generic asdict-based form gives."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.situation import (
    ArticleInfo,
    ControlClaim,
    Count,
    Event,
    EventLocation,
    Situation,
    SourceRef,
    Toponym,
    Unresolved,
    event_from_dict,
)

COUNT_FIELDS = [f.name for f in dataclasses.fields(Count)]


def reference_dict(value: Any) -> Any:
    """The former ``to_dict``: ``dataclasses.asdict`` then dates to ISO and tuples to lists."""

    def jsonable(v: Any) -> Any:
        if isinstance(v, date):
            return v.isoformat()
        if isinstance(v, dict):
            out = {k: jsonable(x) for k, x in v.items()}
            if list(out) == COUNT_FIELDS:  # a count also states its range
                count = Count(**v)
                out.update(low=count.low, high=count.high)
            return out
        if isinstance(v, list | tuple):
            return [jsonable(x) for x in v]
        return v

    return jsonable(dataclasses.asdict(value))


text = st.text(max_size=8)
opt_text = st.none() | text
dates = st.none() | st.dates(date(2000, 1, 1), date(2030, 12, 31))
floats = st.floats(-90, 90)
opt_floats = st.none() | floats

toponyms = st.builds(
    Toponym,
    text,
    st.integers(0, 99),
    st.integers(0, 99),
    text,
    text,
    floats,
    floats,
    opt_text,
    opt_text,
    opt_text,
    text,
    st.none() | st.integers(1, 9),
    text,
    st.integers(1, 3),
    st.floats(0, 1),
)
unresolved = st.builds(Unresolved, text, st.integers(0, 99), st.integers(0, 99), text, text)
sources = st.builds(
    SourceRef, text, text, st.integers(0, 99), st.integers(0, 99), dates, opt_text, opt_text
)
locations = st.builds(
    EventLocation,
    text,
    opt_floats,
    opt_floats,
    st.integers(1, 3),
    opt_text,
    opt_text,
    opt_text,
    opt_text,
    opt_floats,
)
counts = st.builds(Count, st.integers(0, 5000), opt_text, text, opt_text)
extents = st.dictionaries(
    st.sampled_from(["fraction", "count", "qualifier", "spans"]),
    st.none()
    | st.floats(0, 1)
    | st.integers(0, 99)
    | text
    | st.tuples(st.integers(), st.integers()),
)
claims = st.builds(ControlClaim, text, text, text, extents)
events = st.builds(
    Event,
    text,
    text,
    dates,
    st.integers(1, 3),
    st.none() | locations,
    sub_event_type=text,
    end_date=dates,
    actor1=opt_text,
    actor2=opt_text,
    counts=st.dictionaries(text, st.lists(counts, max_size=3).map(tuple), max_size=3),
    origin=st.none() | locations,
    destination=st.none() | locations,
    claimant=opt_text,
    claim_status=text,
    confidence=st.floats(0, 1),
    sources=st.lists(sources, max_size=3).map(tuple),
    claim=st.none() | claims,
)
articles = st.builds(ArticleInfo, text, opt_text, opt_text, opt_text, dates)
situations = st.builds(
    Situation,
    st.lists(articles, max_size=2).map(tuple),
    st.lists(toponyms, max_size=2).map(tuple),
    st.lists(unresolved, max_size=2).map(tuple),
    st.lists(events, max_size=2).map(tuple),
)


@settings(max_examples=200, deadline=None)
@given(
    record=st.one_of(
        toponyms, unresolved, sources, locations, counts, claims, events, articles, situations
    )
)
def test_to_dict_matches_asdict(record: Any) -> None:
    got = record.to_dict()
    want = reference_dict(record)
    assert got == want
    derived = ["low", "high"] if isinstance(record, Count) else []
    assert list(got) == [f.name for f in dataclasses.fields(record)] + derived  # key order too


@settings(max_examples=100, deadline=None)
@given(event=events)
def test_nested_key_order(event: Event) -> None:
    got, want = event.to_dict(), reference_dict(event)
    for key in ("location", "origin", "destination", "claim"):
        if got[key] is not None:
            assert list(got[key]) == list(want[key])
    assert [list(s) for s in got["sources"]] == [list(s) for s in want["sources"]]


def test_round_trip_still_holds() -> None:
    loc = EventLocation("Tort-Kocho", 39.95, 70.53, 1, "KG", "Batken")
    ev = Event(
        id="e",
        event_type="capture",
        event_date=date(2021, 6, 22),
        time_precision=1,
        location=loc,
        counts={"captured": (Count(50, "more than", "more than 50"),)},
        sources=(SourceRef("a", "s", 0, 1, date(2021, 6, 23)),),
        claim=ControlClaim("Taliban", "AFG–TJK", "border", {"fraction": 0.67}),
    )
    assert event_from_dict(ev.to_dict()) == ev
