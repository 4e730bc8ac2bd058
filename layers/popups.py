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

from collections.abc import Iterable
from typing import Any

from geo.situation import Situation
from layers.base import event_title
from layers.text import POPUP_FIELDS, format_date, place_names, popup_values, source_tops

#: Columns of the sources table.
SOURCE_FIELDS = ("outlet", "pub", "url", "text", "tops")


def popup_table(
    situation: Situation, event_ids: Iterable[str]
) -> tuple[dict[str, list[Any]], dict[str, list[Any]], dict[str, int]]:
    """The popup fields of the given events, their sources, and each event id's row.

    Events are listed once each, in the order of *event_ids* (unknown ids are
    skipped); a source cited by several events is listed once.
    """
    wanted = dict.fromkeys(event_ids)
    by_id = {e.id: e for e in situation.events if e.id in wanted}
    rows: dict[str, int] = {}
    table: list[tuple[Any, ...]] = []  # per event: its popup values, names and source rows
    srcs: list[tuple[Any, ...]] = []  # per distinct source: SOURCE_FIELDS
    seen: dict[tuple[Any, ...], int] = {}
    toponyms = situation.toponyms
    for event_id in wanted:
        event = by_id.get(event_id)
        if event is None:
            continue
        rows[event_id] = len(rows)
        refs = []
        for s in event.sources:
            key = (s.document, s.start, s.end, s.sentence, s.outlet, s.url, s.published)
            row = seen.get(key)
            if row is None:
                row = seen[key] = len(seen)
                tops = source_tops(s, toponyms) if toponyms else []
                srcs.append(
                    (
                        s.outlet or s.document,
                        format_date(s.published) if s.published else None,
                        s.url or None,
                        s.sentence,
                        [list(t) for t in tops] or None,
                    )
                )
            refs.append(row)
        table.append((*popup_values(event, event_title(event)), place_names(event), refs))
    return _columns((*POPUP_FIELDS, "names", "src"), table), _columns(SOURCE_FIELDS, srcs), rows


def _columns(names: tuple[str, ...], table: list[tuple[Any, ...]]) -> dict[str, list[Any]]:
    """Rows of values as one list per name."""
    if not table:
        return {k: [] for k in names}
    return dict(zip(names, (list(c) for c in zip(*table, strict=True)), strict=True))
