"""Merging that wrong dates cannot fool (geo.events.merge): reports bound the day, own days win.

Records of our own words; each rule has a look-alike that must still merge.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from geo.events import merge_events
from geo.events.merge import cluster_events, same_event
from geo.situation import Event, EventLocation, SourceRef

BORDER = EventLocation("Ban Phue", 14.5, 104.6, 1, "TH")


def rec(
    doc: str,
    day: date,
    published: date,
    precision: int = 1,
    sentence: str = "Rockets hit a petrol station on Thursday.",
    start: int = 0,
    location: EventLocation | None = BORDER,
    end: date | None = None,
    actor1: str | None = "Cambodian armed forces",
) -> Event:
    return Event(
        id="",
        event_type="armed_clash",
        event_date=day,
        time_precision=precision,
        location=location,
        end_date=end,
        actor1=actor1,
        sources=(SourceRef(doc, sentence, start, start + len(sentence), published=published),),
    )


THU = date(2025, 7, 24)


def test_a_day_after_the_report_is_another_happening() -> None:
    # a story of Thursday cannot tell the shelling of the Sunday after, however alike
    first = rec("a", THU, THU)
    later = rec(
        "b", THU + timedelta(days=3), THU + timedelta(days=4), sentence="Rockets hit on Sunday."
    )
    assert not same_event(first, later)
    assert len(merge_events([first, later])) == 2


def test_look_alike_same_day_told_later_still_merges() -> None:
    # the same Thursday told by a story four days later is the same happening
    first = rec("a", THU, THU)
    again = rec("b", THU, THU + timedelta(days=4), sentence="Rockets hit on Thursday.")
    assert same_event(first, again)
    assert len(merge_events([first, again])) == 1


def test_look_alike_the_report_day_itself_still_merges() -> None:
    # a happening of the day a story was published, told again the next day
    first = rec("a", THU, THU)
    next_story = rec("b", THU, THU + timedelta(days=1), sentence="Rockets hit on Thursday.")
    assert same_event(first, next_story)


def test_a_day_after_a_dateline_story_is_another_happening() -> None:
    # Tuesday's story of shelling; Wednesday's shelling told by Thursday's story
    first = rec("a", THU, THU, precision=3, sentence="Jermuk came under fire.")
    later = rec("b", THU + timedelta(days=1), THU + timedelta(days=2))
    assert not same_event(first, later)


def test_merged_date_never_postdates_the_first_report() -> None:
    # an undated first report (its publication day, precision 3) and a later story's
    # lead-day guess (precision 2, two days after): the finer date postdates the first report
    first = rec("a", THU, THU, precision=3, sentence="Shells hit the town.")
    later = rec("b", THU + timedelta(days=2), THU + timedelta(days=3), precision=2)
    (merged,) = merge_events([first, later])
    assert merged.event_date == THU


def test_look_alike_a_finer_date_before_the_report_wins() -> None:
    first = rec("a", THU, THU, precision=3, sentence="Shells hit the town.")
    earlier = rec("b", THU - timedelta(days=2), THU + timedelta(days=3), precision=2)
    (merged,) = merge_events([first, earlier])
    assert merged.event_date == THU - timedelta(days=2) and merged.time_precision == 2


def test_look_alike_a_week_told_later_is_left_to_the_windows() -> None:
    # "this week" in a later story is not known to the day: the date windows decide
    first = rec("a", THU, THU, precision=2, sentence="More than 1,000 fled this week.")
    week = rec(
        "b",
        THU + timedelta(days=3),
        THU + timedelta(days=5),
        precision=2,
        end=THU + timedelta(days=5),
        sentence="This week more than 1,000 fled.",
    )
    assert same_event(first, week)


def test_merged_date_is_the_one_a_sentence_tells() -> None:
    # a record whose sentence has no date word took its day from the sentence before it
    told = rec(
        "a", date(2019, 2, 23), date(2019, 2, 24), sentence="Troops fired tear gas on Saturday."
    )
    inherited = rec(
        "a",
        date(2019, 2, 22),
        date(2019, 2, 24),
        sentence="Residents said soldiers in a convoy opened fire.",
        start=200,
        location=None,
        actor1=None,
    )
    (merged,) = merge_events([told, inherited])
    assert merged.event_date == date(2019, 2, 23)
    assert len(merged.sources) == 2


def test_look_alike_an_inherited_day_beats_a_story_day() -> None:
    # the lead tells no day (its story's day, precision 3); the next sentence inherited
    # "late on Friday" from the one before it: a day is finer than a story's day
    lead = rec("a", date(2023, 6, 18), date(2023, 6, 18), precision=3, sentence="A night attack.")
    inherited = rec(
        "a",
        date(2023, 6, 16),
        date(2023, 6, 18),
        sentence="They tied up the guard and set the dormitories on fire.",
        start=300,
        location=None,
        actor1=None,
    )
    (merged,) = merge_events([lead, inherited])
    assert (merged.event_date, merged.time_precision) == (date(2023, 6, 16), 1)


def test_look_alike_two_own_days_keep_the_earliest() -> None:
    # both sentences date themselves: the earliest day of equal precision, as before
    a = rec("a", date(2019, 2, 23), date(2019, 2, 24), sentence="Troops fired on Saturday.")
    b = rec("b", date(2019, 2, 22), date(2019, 2, 24), sentence="Troops fired late on Friday.")
    merged = merge_events([a, b])
    assert len(merged) == 1 and merged[0].event_date == date(2019, 2, 22)


@given(
    st.lists(
        st.tuples(st.integers(0, 12), st.integers(0, 6), st.sampled_from([1, 2, 3])),
        min_size=1,
        max_size=8,
    )
)
def test_clusters_equal_pairwise_rule(records: list[tuple[int, int, int]]) -> None:
    # the blocked clustering applies the report bound exactly as same_event does
    events = [
        rec(
            f"d{k}",
            THU + timedelta(days=day),
            THU + timedelta(days=day + lag),
            precision=prec,
            sentence=f"Rockets hit on day {day}.",
        )
        for k, (day, lag, prec) in enumerate(records)
    ]
    for cluster in cluster_events(events):
        for i, x in enumerate(cluster):
            for y in cluster[i + 1 :]:
                assert same_event(x, y)
