"""Blocked clustering (by type and date window) equals comparing every pair."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.events.merge import (
    BUCKET_DAYS,
    MAX_BUCKETS,
    _combine,
    cluster_events,
    merge_events,
    same_event,
)
from geo.situation import ControlClaim, Count, Event, EventLocation, SourceRef

DAY0 = date(2021, 7, 1)
TYPES = ["armed_clash", "capture", "control_claim", "deployment", "assistance"]
PLACES = [
    EventLocation("Vorukh", 39.85, 70.58, 1, "TJ", "Sughd", border="KGZ–TJK"),
    EventLocation("Tort-Kocho", 39.95, 70.53, 1, "KG", "Batken"),
    EventLocation("Kunduz", 36.73, 68.86, 1, "AF"),
    EventLocation("Tajikistan", 39.0, 71.0, 3, "TJ"),
    EventLocation("AFG–TJK", 37.1, 67.8, 2, border="AFG–TJK"),
    EventLocation("somewhere", None, None, 3),
    EventLocation("Vaalimaa", 60.58, 27.83, 1, "FI"),
    EventLocation("Pasvik", 69.3, 29.9, 2, border="FIN–RUS"),
    EventLocation("Colchane", -19.28, -68.63, 1, "CL"),
]
ACTORS = [None, "Taliban", "Afghan government forces", "Tajik border guards", "Kyrgyz forces"]


@st.composite
def events(draw: st.DrawFn, doc: int) -> Event:
    dated = draw(st.booleans()) or draw(st.booleans())
    day = DAY0 + timedelta(days=draw(st.integers(0, 120))) if dated else None
    long_period = draw(st.integers(0, 9)) == 0
    end = None
    if day is not None and draw(st.booleans()):
        end = day + timedelta(days=draw(st.integers(1, 40 * BUCKET_DAYS if long_period else 5)))
    event_type = draw(st.sampled_from(TYPES))
    claim = None
    if event_type == "control_claim" and draw(st.booleans()):
        claim = ControlClaim(
            draw(st.sampled_from(["Taliban", "unknown"])),
            "AFG–TJK",
            "border",
            {"fraction": draw(st.sampled_from([0.5, 0.67, 0.7]))},
        )
    counts = {}
    if draw(st.booleans()):
        qualifier = draw(st.sampled_from([None, "more than"]))
        counts = {"killed": (Count(draw(st.integers(1, 40)), qualifier),)}
    start = draw(st.integers(0, 3)) * 10
    # the day the story appeared: a record cannot tell a happening after it (_reports_ok)
    published = None
    if draw(st.booleans()):
        published = DAY0 + timedelta(days=draw(st.integers(0, 125)))
    return Event(
        id="",
        event_type=event_type,
        event_date=day,
        end_date=end,
        time_precision=draw(st.integers(1, 3)),
        location=draw(st.sampled_from([None, *PLACES])),
        actor1=draw(st.sampled_from(ACTORS)),
        actor2=draw(st.sampled_from(ACTORS)),
        counts=counts,
        claimant=draw(st.sampled_from([None, "Lavrov", "Zakharova", "the ministry"])),
        claim=claim,
        sources=(SourceRef(f"d{doc}", "s", start, start + 5, published=published),),
    )


@st.composite
def event_lists(draw: st.DrawFn) -> list[Event]:
    n = draw(st.integers(0, 40))
    return [draw(events(doc=draw(st.integers(0, 12)))) for _ in range(n)]


def cluster_events_exhaustive(ordered: list[Event]) -> list[list[Event]]:
    """The reference: every record against every member of every earlier cluster."""
    clusters: list[list[Event]] = []
    for e in ordered:
        for cluster in clusters:
            if all(same_event(e, m) for m in cluster):
                cluster.append(e)
                break
        else:
            clusters.append([e])
    return clusters


def _ids(clusters: list[list[Event]]) -> list[list[int]]:
    return [[id(m) for m in c] for c in clusters]


@settings(max_examples=300, deadline=None)
@given(records=event_lists())
def test_blocked_clusters_equal_exhaustive_ones(records: list[Event]) -> None:
    assert _ids(cluster_events(records)) == _ids(cluster_events_exhaustive(records))


@settings(max_examples=100, deadline=None)
@given(records=event_lists())
def test_merge_events_equals_exhaustive_merge(records: list[Event]) -> None:
    ordered = sorted(
        records, key=lambda e: (e.sources[0].document, e.sources[0].start, e.event_type)
    )
    want = [_combine(c) for c in cluster_events_exhaustive(ordered)]
    want.sort(
        key=lambda e: (
            e.event_date is None,
            e.event_date or date.min,
            e.sources[0].document,
            e.sources[0].start,
            e.event_type,
        )
    )
    assert merge_events(records) == want


#: A country the test records are tied to (records tied to none only merge within their article).
HERE = EventLocation("Tajikistan", None, None, 3, "TJ")


def test_windows_in_neighbouring_buckets_still_meet() -> None:
    # Two precision-1 records two days apart, straddling a bucket edge, merge.
    edge = date.fromordinal((DAY0.toordinal() // BUCKET_DAYS + 1) * BUCKET_DAYS)
    a = Event(
        id="",
        event_type="armed_clash",
        event_date=edge - timedelta(days=1),
        time_precision=1,
        location=HERE,
        sources=(SourceRef("a", "s", 0, 1),),
    )
    b = Event(
        id="",
        event_type="armed_clash",
        event_date=edge + timedelta(days=2),
        time_precision=1,
        location=HERE,
        sources=(SourceRef("b", "s", 0, 1),),
    )
    far = Event(
        id="",
        event_type="armed_clash",
        event_date=edge + timedelta(days=30),
        time_precision=1,
        location=HERE,
        sources=(SourceRef("c", "s", 0, 1),),
    )
    assert _ids(cluster_events([a, far, b])) == [[id(a), id(b)], [id(far)]]


def test_long_periods_and_undated_records_meet_everything() -> None:
    long = Event(
        id="",
        event_type="capture",
        event_date=DAY0,
        end_date=DAY0 + timedelta(days=BUCKET_DAYS * (MAX_BUCKETS + 2)),
        time_precision=3,
        location=HERE,
        sources=(SourceRef("a", "s", 0, 1),),
    )
    undated = Event(
        id="",
        event_type="capture",
        event_date=None,
        time_precision=3,
        location=HERE,
        sources=(SourceRef("b", "s", 0, 1),),
    )
    late = Event(
        id="",
        event_type="capture",
        event_date=DAY0 + timedelta(days=300),
        time_precision=1,
        location=HERE,
        sources=(SourceRef("c", "s", 0, 1),),
    )
    got = cluster_events([long, undated, late])
    assert _ids(got) == _ids(cluster_events_exhaustive([long, undated, late]))
    assert _ids(got) == [[id(long), id(undated), id(late)]]


def test_a_record_is_only_compared_with_clusters_of_its_own_or_neighbouring_countries():
    """Blocking by scope: the work per record does not grow with other conflicts' events."""
    from geo.events.merge import _Interner, _Parts, _span, _TypeBlock

    block = _TypeBlock(_Interner())
    far = [
        EventLocation("Colchane", -19.28, -68.63, 1, "CL"),
        EventLocation("Kunduz", 36.73, 68.86, 1, "AF"),
        EventLocation("Vaalimaa", 60.58, 27.83, 1, "FI"),
    ]

    def clash(loc: EventLocation, doc: str) -> Event:
        return Event(id="", event_type="armed_clash", event_date=DAY0, time_precision=1,
                     location=loc, sources=(SourceRef(doc, "s", 0, 1),))  # fmt: skip

    for k, loc in enumerate(far * 5):
        block.add(clash(loc, f"d{k}"))
    probe = clash(far[2], "new")
    parts = _Parts(probe, block._intern)
    seen = list(block.candidates(_span(parts.window), parts))
    firsts = {block.clusters[k].members[0].location.country_code for k in seen}
    assert seen and firsts == {"FI"}


def test_a_dated_record_skips_clusters_first_reported_before_its_day() -> None:
    """Blocking by report: stories of earlier days in the same date bucket are not read.

    A record known to the day cannot tell the happening of a story published before
    that day (``_reports_ok``), so however many such clusters share its date bucket
    and country, its candidates stay those that may take it.
    """
    from geo.events.merge import _Interner, _Parts, _span, _TypeBlock

    def clash(day: date, doc: str, published: date) -> Event:
        return Event(id="", event_type="armed_clash", event_date=day, time_precision=1,
                     location=HERE, actor1="Taliban", actor2="Tajik border guards",
                     counts={"killed": (Count(len(doc)),)},
                     sources=(SourceRef(doc, "s", 0, 1, published=published),))  # fmt: skip

    def candidates(n: int) -> tuple[int, list[Event]]:
        block = _TypeBlock(_Interner())
        # n stories, each told the day it happened, two days before the probe's day
        for k in range(n):
            block.add(clash(DAY0, "x" * (k + 1), DAY0))
        probe = clash(DAY0 + timedelta(days=2), "probe", DAY0 + timedelta(days=2))
        parts = _Parts(probe, block._intern)
        return len(list(block.candidates(_span(parts.window), parts))), [
            c.members[0] for c in block.clusters
        ]

    few, _ = candidates(10)
    many, records = candidates(200)
    assert few == many == 0
    # and the clusters are those of comparing every pair
    probe = clash(DAY0 + timedelta(days=2), "probe", DAY0 + timedelta(days=2))
    ordered = [*records, probe]
    assert _ids(cluster_events(ordered)) == _ids(cluster_events_exhaustive(ordered))


def test_a_cluster_whose_first_report_moves_earlier_is_filed_again() -> None:
    """A member reported earlier moves its cluster's first report: later records see that."""
    late, early = DAY0 + timedelta(days=5), DAY0 + timedelta(days=1)

    def rec(doc: str, day: date | None, published: date, precision: int = 1) -> Event:
        source = SourceRef(doc, "s", 0, 1, published=published)
        return Event(id="", event_type="capture", event_date=day, time_precision=precision,
                     location=HERE, sources=(source,))  # fmt: skip

    first = rec("a", DAY0, late)  # a story of day 5 about day 0
    joins = rec("b", None, early, precision=3)  # an undated story of day 1 joins it
    probe = rec("c", DAY0 + timedelta(days=3), late)  # day 3: after the cluster's first report
    ordered = [first, joins, probe]
    assert _ids(cluster_events(ordered)) == _ids(cluster_events_exhaustive(ordered))
    assert _ids(cluster_events(ordered)) == [[id(first), id(joins)], [id(probe)]]
