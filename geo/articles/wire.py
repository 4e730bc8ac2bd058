"""What the geoparser and event coding read of an article with boilerplate.

Two views of one article, same length (so every offset still indexes the
original text), built from :func:`geo.articles.boilerplate.find_boilerplate`:

* :func:`geoparse_view` blanks credit lines and skipped blocks (related
  links, prompts, standards, share lines, rights lines). Captions and
  correction notes stay: they name the story's places. The places of credit
  lines are resolved apart by :func:`with_credits` (usage ``credit``): never
  part of the article's focus, never an event's place.
* :func:`events_view` blanks every segment but agency tags, and drops the
  toponyms inside them: a caption or a credit line gives no event and no
  date.

An article without boilerplate comes back as the same object.

>>> from geo.articles import Article
>>> art = Article(id="a", text="Shots near Alpha.\\nEditing by Ann Lee")
>>> geoparse_view(art).text
'Shots near Alpha.\\n                  '
>>> geoparse_view(Article(id="b", text="Shots near Alpha.")).text
'Shots near Alpha.'
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Sequence
from typing import Any

from geo.articles.boilerplate import (
    EVENTS_MASKED,
    GEOPARSE_MASKED,
    Segment,
    credit_places,
    find_boilerplate,
    mask,
)

#: ``Article.meta`` key of a geoparse view: ``(original text, segments)``.
META_KEY = "_boilerplate"
#: Why a credit-line place that could not be placed is listed as unresolved.
CREDIT_REASON = "in a credit line (where a reporter filed from), not placed: "


def _with_text(article: Any, text: str, meta: Any = None) -> Any:
    if dataclasses.is_dataclass(article):
        changes: dict[str, Any] = {"text": text}
        if meta is not None:
            changes["meta"] = meta
        return dataclasses.replace(article, **changes)
    out = copy.copy(article)
    out.text = text
    return out


def geoparse_view(article: Any) -> Any:
    """The article as the geoparser reads it (credit lines and skipped blocks blanked).

    Articles resolved from gold spans (``meta["spans"]``) are left as they are.
    """
    meta = getattr(article, "meta", None) or {}
    if "spans" in meta or META_KEY in meta:
        return article
    segments = find_boilerplate(article.text)
    if not segments:
        return article
    masked = mask(article.text, segments, GEOPARSE_MASKED)
    return _with_text(article, masked, {**meta, META_KEY: (article.text, segments)})


class _VisibleDoc:
    """A spaCy ``Doc`` whose ``ents`` leave out the entities inside blanked segments."""

    def __init__(self, doc: Any, blanked: Sequence[Segment]) -> None:
        self._doc = doc
        self.ents = tuple(
            e
            for e in doc.ents
            if not any(s.start < e.end_char and e.start_char < s.end for s in blanked)
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._doc, name)


def visible_doc(view: Any, doc: Any) -> Any:
    """``doc`` (of the original text) as the :func:`geoparse_view` ``view`` sees it.

    Entities inside blanked segments are left out; everything else is the doc's.
    """
    blanked = [s for s in segments_of(view) if s.kind in GEOPARSE_MASKED]
    if doc is None or not blanked:
        return doc
    return _VisibleDoc(doc, blanked)


def segments_of(article: Any) -> tuple[Segment, ...]:
    """The boilerplate segments a :func:`geoparse_view` recorded (none for other articles)."""
    meta = getattr(article, "meta", None) or {}
    got = meta.get(META_KEY)
    return tuple(got[1]) if got else ()


def events_view(article: Any, toponyms: Sequence[Any]) -> tuple[Any, Sequence[Any]]:
    """The article and toponyms event coding reads: every segment but agency tags blanked.

    >>> from types import SimpleNamespace
    >>> art = SimpleNamespace(id="a", text="FILE PHOTO: Guards in Alpha. REUTERS/Ann Lee\\nCalm.")
    >>> view, tops = events_view(art, [SimpleNamespace(start=22, end=27)])
    >>> view.text.strip(), tops, art.text[:4]
    ('Calm.', [], 'FILE')
    """
    meta = getattr(article, "meta", None) or {}
    got = meta.get(META_KEY)
    text = got[0] if got else article.text
    segments = find_boilerplate(text)
    chosen = [s for s in segments if s.kind in EVENTS_MASKED]
    if not chosen:
        return article, toponyms
    kept = [t for t in toponyms if not any(s.start <= t.start < s.end for s in chosen)]
    return _with_text(article, mask(text, chosen, EVENTS_MASKED)), kept


def with_credits(result: Any, article: Any, gazetteer: Any, boundaries: Any = None) -> Any:
    """``result`` (a ``GeoparseResult``) with the article's credit-line places and segments.

    The places a credit line names are recognised on their own (only the
    words after "in"/"from" are visible, so reporters' names are never read
    as places) and resolved without the article's other places: they are
    where reporters filed from, not where the story happened. Those placed
    go to ``credits``; the others to ``unresolved`` with :data:`CREDIT_REASON`.
    Every segment goes to ``boilerplate``.
    """
    meta = getattr(article, "meta", None) or {}
    got = meta.get(META_KEY)
    if not got:
        return result
    text, segments = got
    spans = [span for seg in segments for span in credit_places(text, seg)]
    credits: tuple[Any, ...] = ()
    unresolved = result.unresolved
    if spans:
        from geo.geoparse.index import name_index
        from geo.geoparse.recognize import recognize
        from geo.geoparse.resolve import resolve

        visible = [" " if c != "\n" else c for c in text]
        for a, b in spans:  # the place with its preposition: "in Kabul"
            lead = text.rfind(" ", 0, a - 1) + 1 if a > 1 else a
            visible[lead:b] = text[lead:b]
        only = "".join(visible)
        rec = recognize(only, gazetteer)
        mentions = [m for m in rec.mentions if m.kind == "place"]
        credits, missed = resolve(
            result.document,
            only,
            mentions,
            gazetteer=gazetteer,
            index=name_index(gazetteer),
            boundaries=boundaries,
        )
        extra = [dataclasses.replace(u, reason=CREDIT_REASON + u.reason) for u in missed]
        unresolved = tuple(sorted([*unresolved, *extra], key=lambda u: (u.start, u.end)))
    return dataclasses.replace(
        result, unresolved=unresolved, credits=tuple(credits), boilerplate=tuple(segments)
    )
