"""Event coding: news sentences → dated, located, attributed event records.

Three entry points:

* :func:`extract_events` — one article and its resolved toponyms → events
  (deduplicated within the article);
* :func:`merge_events` — the same real-world event told by several records
  → one event with all its sources;
* :func:`code_events` — both, over many articles, with one border join.

Rules live next to what they decide: cues in :mod:`geo.events.classify`,
actors in :mod:`geo.events.actors`, dates in :mod:`geo.events.dates`,
counts in :mod:`geo.events.counts`, claimants and control claims in
:mod:`geo.events.claims`, merging in :mod:`geo.events.merge`.

>>> from datetime import date
>>> from types import SimpleNamespace
>>> a = SimpleNamespace(id="a", published=date(2021, 7, 8), outlet=None, url=None,
...                     text="Over 1,000 Afghan soldiers fled into Tajikistan this week.")
>>> b = SimpleNamespace(id="b", published=date(2021, 7, 9), outlet=None, url=None,
...                     text="More than 1,000 Afghan troops crossed into Tajikistan this week.")
>>> [(e.event_type, len(e.sources)) for e in code_events([(a, []), (b, [])], join=None)]
[('forces_cross_border', 2)]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from geo.events.extract import (
    AUTO,
    JoinFn,
    _apply_join,
    _resolve_join,
    extract_events,
    finish_events,
    join_points_of,
)
from geo.events.merge import merge_events, same_event
from geo.situation import Event, Toponym

__all__ = [
    "code_events",
    "extract_events",
    "finish_events",
    "join_points_of",
    "merge_events",
    "same_event",
]


def code_events(
    articles_with_toponyms: Iterable[
        tuple[Any, Sequence[Toponym]] | tuple[Any, Sequence[Toponym], Any]
    ],
    *,
    nlp: Any = None,
    join: JoinFn | str | None = AUTO,
    batch_size: int = 32,
) -> list[Event]:
    """Extract events from every ``(article, toponyms[, doc])`` and merge them across articles.

    With ``nlp`` and no ``doc``, texts are parsed with ``nlp.pipe`` in batches.
    The border join runs once over all events.
    """
    items = list(articles_with_toponyms)
    docs: list[Any] = [item[2] if len(item) > 2 else None for item in items]
    if nlp is not None:
        todo = [i for i, d in enumerate(docs) if d is None]
        parsed = nlp.pipe((items[i][0].text for i in todo), batch_size=batch_size)
        for i, d in zip(todo, parsed, strict=True):
            docs[i] = d
    events: list[Event] = []
    for item, doc in zip(items, docs, strict=True):
        events.extend(extract_events(item[0], item[1], doc=doc, join=None, merge=False))
    events = _apply_join(events, _resolve_join(join))
    return merge_events(events)
