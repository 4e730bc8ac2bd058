"""Event popups as data: one table of plain-text fields per event, built into DOM in the page.

A map of 100,000 events cannot carry 100,000 pre-rendered HTML popups (most of
its size and of its build time). :func:`popup_table` gives the page what
:func:`layers.text.event_popup` would write, as columns: one row per event
(its fields, its place names, its sources by number) and one row per distinct
source (outlet, date, URL, sentence, and the toponyms found in the sentence).
``Sitmap.eventPopup`` (``layers/static/sitmap.js``) builds the popup on
demand with ``textContent`` only, so nothing from an article is ever parsed
as HTML; links are kept only for ``http``/``https`` URLs, as in Python.

>>> from datetime import date
>>> from geo.situation import Event, EventLocation, Situation, SourceRef
>>> src = SourceRef(document="d1", sentence="Clash at <b>Vorukh</b>.", start=0, end=23,
...                 published=date(2022, 1, 28), url="javascript:alert(1)", outlet="Wire")
>>> ev = Event(id="e1", event_type="armed_clash", event_date=date(2022, 1, 27),
...            time_precision=1, location=EventLocation(name="Vorukh", lat=39.85, lon=70.58,
...            precision=2), sources=(src, src))
>>> events, sources, rows = popup_table(Situation(events=(ev,)), ["e1"])
>>> rows, events["title"], events["src"], events["names"]
({'e1': 0}, ['Armed clash'], [[0, 0]], [['Vorukh']])
>>> sources["text"], sources["url"], sources["pub"]
(['Clash at <b>Vorukh</b>.'], ['javascript:alert(1)'], ['28 Jan 2022'])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import Any

from geo.situation import Event, Situation
from layers.base import _title, rounded
from layers.text import (
    _span_label,
    actors_text,
    claim_sentence,
    counts_text,
    format_date,
    source_tops,
)

#: What makes two sources the same row of the sources table.
_SOURCE_KEY = attrgetter("document", "start", "end", "sentence", "outlet", "url", "published")

#: What an event's date label depends on; its type.
_SPAN_KEY = attrgetter("event_date", "end_date", "time_precision")
_TYPE = attrgetter("event_type")

#: Columns of the sources table.
SOURCE_FIELDS = ("outlet", "pub", "url", "text", "tops")


def popup_table(
    situation: Situation, event_ids: Iterable[str]
) -> tuple[dict[str, list[Any]], dict[str, list[Any]], dict[str, int]]:
    """The popup fields of the given events, their sources, and each event id's row.

    Events are listed once each, in the order of *event_ids* (unknown ids are
    skipped); a source cited by several events is listed once. Built column by
    column (one list per field, values shared by many events computed once per
    distinct value): what :func:`layers.text.popup_values` gives row by row
    (``tests/test_layers_bigmap.py`` checks that they agree).
    """
    wanted = dict.fromkeys(event_ids)
    by_id = {e.id: e for e in situation.events if e.id in wanted}
    evs = [by_id[i] for i in wanted if i in by_id]
    rows = {e.id: k for k, e in enumerate(evs)}
    table = event_columns(evs)
    table["src"], sources = source_columns(evs, situation.toponyms)
    return table, sources, rows


def source_columns(
    evs: Sequence[Event], toponyms: Any = ()
) -> tuple[list[list[int]], dict[str, list[Any]]]:
    """Each event's source rows, and the distinct sources' :data:`SOURCE_FIELDS` as columns.

    A source is the same when its document, span, sentence, outlet, URL and date are.

    >>> from geo.situation import SourceRef
    >>> a = SourceRef(document="d1", sentence="Clash.", start=0, end=6, outlet="Wire")
    >>> b = SourceRef(document="d2", sentence="Shelling.", start=0, end=9)
    >>> ev = lambda i, *s: Event(id=i, event_type="armed_clash", event_date=None,
    ...                          time_precision=1, location=None, sources=s)
    >>> refs, cols = source_columns([ev("e1", a, b), ev("e2", b)])
    >>> refs, cols["outlet"], cols["text"]
    ([[0, 1], [1]], ['Wire', 'd2'], ['Clash.', 'Shelling.'])
    """
    flat = [s for e in evs for s in e.sources]
    keys = list(map(_SOURCE_KEY, flat))
    row_of: dict[tuple[Any, ...], int] = {}
    codes = [row_of.setdefault(k, len(row_of)) for k in keys]  # rows in first-seen order
    srcs = []  # the first source of each row (equal keys give equal output)
    for s, code in zip(flat, codes, strict=True):
        if code == len(srcs):
            srcs.append(s)
    refs: list[list[int]] = []
    at = 0
    for e in evs:
        n = len(e.sources)
        refs.append(codes[at : at + n])
        at += n
    dates: dict[Any, str | None] = {}
    tops = [source_tops(s, toponyms) if toponyms else [] for s in srcs]
    return refs, {
        "outlet": [s.outlet or s.document for s in srcs],
        "pub": [
            dates[p] if p in dates else dates.setdefault(p, format_date(p) if p else None)
            for p in (s.published for s in srcs)
        ],
        "url": [s.url or None for s in srcs],
        "text": [s.sentence for s in srcs],
        "tops": [[list(t) for t in found] or None for found in tops],
    }


def event_columns(evs: Sequence[Event]) -> dict[str, list[Any]]:
    """:data:`POPUP_FIELDS` and ``names`` of *evs*, one list per field.

    >>> from datetime import date
    >>> from geo.situation import Event, EventLocation
    >>> loc = EventLocation(name="Kunduz", lat=36.7, lon=68.9, precision=1, admin1="Kunduz",
    ...                     country_code="AF")
    >>> ev = Event(id="x", event_type="capture", event_date=date(2021, 7, 5), time_precision=1,
    ...            location=loc, actor1="<Taliban>")
    >>> cols = event_columns([ev])
    >>> cols["where"], cols["actors"], cols["names"], cols["conf"]
    (['Kunduz, AF'], ['<Taliban>'], [['Kunduz']], [0.5])
    """
    locs = [e.location for e in evs]
    origins = [e.origin for e in evs]
    dests = [e.destination for e in evs]
    spans: dict[tuple[Any, ...], str] = {}
    dates = [
        spans[key] if key in spans else spans.setdefault(key, _span_label(*key))
        for key in map(_SPAN_KEY, evs)
    ]
    where: list[str | None] = []
    border: list[str | None] = []
    for loc in locs:
        if loc is None:
            where.append(None)
            border.append(None)
            continue
        # "Kunduz, Kunduz, Kunduz, AF" → "Kunduz, AF": a city named like its district
        # and province is said once
        parts: list[str] = []
        for x in (loc.name, loc.admin2, loc.admin1, loc.country_code):
            if x and x not in parts:
                parts.append(x)
        where.append(", ".join(parts))
        if loc.border:
            km = loc.border_distance_km
            border.append(loc.border + (f", {km:.1f} km" if km is not None else ""))
        else:
            border.append(None)
    actors: dict[tuple[Any, Any], str | None] = {}
    return {
        "title": list(map(_title, map(_TYPE, evs))),
        "sub": [e.sub_event_type or None for e in evs],
        "date": dates,
        "tprec": [e.time_precision for e in evs],
        "where": where,
        "gprec": [loc.precision if loc is not None else None for loc in locs],
        "border": border,
        "move": [
            None if o is None and d is None else f"{o.name if o else '?'} → {d.name if d else '?'}"
            for o, d in zip(origins, dests, strict=True)
        ],
        "actors": [
            actors[k] if k in actors else actors.setdefault(k, actors_text(*k))
            for k in ((e.actor1, e.actor2) for e in evs)
        ],
        "counts": [_counts(e) if e.counts else None for e in evs],
        "claim": [claim_sentence(e.claim) if e.claim is not None else None for e in evs],
        "claimant": [e.claimant or None for e in evs],
        "status": [e.claim_status for e in evs],
        "conf": rounded([e.confidence for e in evs], 2),
        "names": [
            ([loc.name] if loc is not None and loc.name else [])
            if o is None and d is None
            else [x.name for x in (loc, o, d) if x is not None and x.name]
            for loc, o, d in zip(locs, origins, dests, strict=True)
        ],
    }


def _counts(event: Event) -> str | None:
    """:func:`layers.text.counts_text` or ``None``; one plain figure without the general path.

    >>> from geo.situation import Count
    >>> ev = Event(id="x", event_type="armed_clash", event_date=None, time_precision=1,
    ...            location=None, counts={"people": (Count(1037, None, ""),)})
    >>> _counts(ev) == counts_text(ev) == "people: 1,037"
    True
    """
    counts = event.counts
    if len(counts) == 1:
        ((name, found),) = counts.items()
        if len(found) == 1:
            (count,) = found
            if count.qualifier is None and not count.text:  # not vague, no words
                return f"{name}: {count.value:,}"
    return counts_text(event) or None
