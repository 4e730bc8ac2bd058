"""Situation records: JSON round trips (property-based) and the contract keys."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from geo.situation import (
    EVENT_TYPES,
    ControlClaim,
    Count,
    Event,
    EventLocation,
    SourceRef,
    event_from_dict,
)

text = st.text(max_size=40)
maybe_text = st.none() | text
dates = st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))
lats = st.floats(min_value=-90, max_value=90, allow_nan=False)
lons = st.floats(min_value=-180, max_value=180, allow_nan=False)

locations = st.builds(
    EventLocation,
    name=text,
    lat=lats,
    lon=lons,
    precision=st.sampled_from([1, 2, 3]),
    country_code=maybe_text,
    border=st.none() | st.sampled_from(["AFG–TJK", "KGZ–TJK"]),
    border_distance_km=st.none() | st.floats(min_value=0, max_value=5000),
)
counts = st.dictionaries(
    st.sampled_from(["fled", "killed", "wounded"]),
    st.lists(
        st.builds(
            Count, value=st.integers(0, 10**6), qualifier=maybe_text, text=text, document=maybe_text
        ),
        max_size=3,
    ).map(tuple),
    max_size=3,
)
sources = st.lists(
    st.builds(
        SourceRef,
        document=text,
        sentence=text,
        start=st.integers(0, 10**5),
        end=st.integers(0, 10**5),
        published=dates,
        url=maybe_text,
        outlet=maybe_text,
    ),
    max_size=3,
).map(tuple)
claims = st.none() | st.builds(
    ControlClaim,
    controller=text,
    object=text,
    object_kind=st.sampled_from(["border", "district"]),
    extent=st.fixed_dictionaries({"fraction": st.floats(0, 1), "text": text}),
)
events = st.builds(
    Event,
    id=text,
    event_type=st.sampled_from(EVENT_TYPES),
    event_date=dates,
    time_precision=st.sampled_from([1, 2, 3]),
    location=st.none() | locations,
    origin=st.none() | locations,
    counts=counts,
    sources=sources,
    claim=claims,
    confidence=st.floats(0, 1),
)


@given(events)
def test_event_json_round_trip(event):
    data = json.loads(json.dumps(event.to_dict(), ensure_ascii=False))
    assert event_from_dict(data) == event


def test_event_contract_keys():
    ev = Event(
        id="x",
        event_type="control_claim",
        event_date=date(2021, 7, 9),
        time_precision=1,
        location=EventLocation("Afghan–Tajik border", 37.5, 69.5, 3, border="AFG–TJK"),
        claim=ControlClaim(
            "Taliban", "AFG–TJK", "border", {"fraction": 0.67, "text": "about two-thirds"}
        ),
    )
    data = ev.to_dict()
    for key in (
        "id",
        "event_type",
        "sub_event_type",
        "event_date",
        "time_precision",
        "actor1",
        "actor2",
        "counts",
        "location",
        "claimant",
        "claim_status",
        "confidence",
        "sources",
        "claim",
    ):
        assert key in data
    for key in (
        "name",
        "lat",
        "lon",
        "precision",
        "country_code",
        "admin1",
        "admin2",
        "border",
        "border_distance_km",
    ):
        assert key in data["location"]
    assert data["claim"]["extent"] == {"fraction": 0.67, "text": "about two-thirds"}
