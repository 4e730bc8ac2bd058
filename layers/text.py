"""Escaped text for popups and labels: dates with precision, extents, sources.

Every string that comes from an article passes through :func:`html.escape`
here before it reaches HTML; only the markup this module writes around it is
unescaped. Links are kept only for ``http``/``https`` URLs.

>>> esc('"><img src=x onerror=alert(1)>')
'&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'
>>> format_date(date(2021, 7, 9), 1), format_date(date(2021, 7, 9), 3)
('9 Jul 2021', 'Jul 2021')
>>> extent_label({"fraction": 0.67, "text": "about two-thirds"})
'≈ 2/3'
"""

from __future__ import annotations

import calendar
import functools
import html
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from fractions import Fraction
from typing import Any
from urllib.parse import urlsplit

from geo.situation import Event, EventLocation, SourceRef, Toponym

PRECISION_WORDS = {1: "day", 2: "week", 3: "month"}
GEO_PRECISION_WORDS = {1: "exact place", 2: "near the place", 3: "region or province"}


def esc(value: object) -> str:
    """HTML-escape any value, quotes included (``None`` → empty string)."""
    return "" if value is None else html.escape(str(value), quote=True)


def format_date(day: date | None, precision: int = 1) -> str:
    """A date as written for readers, coarsened by its time precision."""
    if day is None:
        return "undated"
    return _format_date(day, precision)


@functools.lru_cache(maxsize=8192)
def _format_date(day: date, precision: int) -> str:
    if precision >= 3:
        return day.strftime("%b %Y")
    if precision == 2:
        return "week of " + f"{day.day} {day.strftime('%b %Y')}"
    return f"{day.day} {day.strftime('%b %Y')}"


def time_span(event: Event) -> tuple[date | None, date | None]:
    """The interval an event covers, widened by its time precision.

    >>> from geo.situation import Event
    >>> time_span(Event(id="x", event_type="capture", event_date=date(2021, 7, 5),
    ...                 time_precision=3, location=None))
    (datetime.date(2021, 7, 1), datetime.date(2021, 7, 31))
    """
    start = event.event_date
    if start is None:
        return None, None
    end = event.end_date or start
    if event.time_precision == 2 and event.end_date is None:
        end = start + timedelta(days=6)
    elif event.time_precision >= 3 and event.end_date is None:
        start = start.replace(day=1)
        end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    return start, max(start, end)


def span_label(event: Event) -> str:
    """Readable date or date range of an event."""
    return _span_label(event.event_date, event.end_date, event.time_precision)


@functools.lru_cache(maxsize=65536)
def _span_label(start: date | None, end: date | None, precision: int) -> str:
    if start is None:
        return "undated"
    first = format_date(start, precision)
    if end and end != start:
        return f"{first} – {format_date(end, precision)}"
    return first


def extent_label(extent: dict[str, Any] | None) -> str:
    """A claim's extent as a short label: a simple fraction, a percentage or its text."""
    if not extent:
        return ""
    fraction = extent.get("fraction")
    if isinstance(fraction, int | float) and 0 < fraction <= 1:
        if fraction >= 0.995:
            return "all"
        approx = Fraction(fraction).limit_denominator(5)
        if abs(float(approx) - fraction) <= 0.02:
            return f"≈ {approx.numerator}/{approx.denominator}"
        return f"≈ {round(100 * fraction)}%"
    return str(extent.get("text") or "")


def safe_url(url: str | None) -> str | None:
    """The URL if its scheme is http or https, else ``None`` (no ``javascript:``)."""
    if not url:
        return None
    return _safe_url(url)


@functools.lru_cache(maxsize=8192)
def _safe_url(url: str) -> str | None:
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in {"http", "https"} else None


@functools.lru_cache(maxsize=65536)
def _name_pattern(name: str) -> re.Pattern[str]:
    """The case-insensitive literal pattern of a place name, compiled once per name.

    (``re``'s own cache holds 512 patterns; a big situation names many more
    places, and recompiling them was most of the popup time.)
    """
    return re.compile(re.escape(name), flags=re.IGNORECASE)


def _find_all(name: str, sentence: str) -> list[tuple[int, int]]:
    """Spans of ``name`` in ``sentence``, case-insensitive, non-overlapping, left to right.

    What ``re.finditer(re.escape(name), sentence, re.IGNORECASE)`` gives; for
    ASCII text (where case-insensitive means ASCII case) without a regex.

    >>> _find_all("osh", "Osh, Oshkosh and OSH"), _find_all("Kala", "Кала and kala")
    ([(0, 3), (5, 8), (9, 12), (17, 20)], [(9, 13)])
    """
    if not (name.isascii() and sentence.isascii()):
        return [m.span() for m in _name_pattern(name).finditer(sentence)]
    needle, hay = name.lower(), sentence.lower()
    found, start, size = [], hay.find(needle), len(needle)
    while start >= 0:
        found.append((start, start + size))
        start = hay.find(needle, start + size)
    return found


class ToponymIndex:
    """The toponyms of a situation by document, sorted by offset, for quick look-up.

    :meth:`within` gives the toponyms of one document that start inside a
    character range in O(log n + k), so highlighting every source sentence
    costs time linear in the sentences, not sentences × toponyms.

    >>> from geo.situation import Toponym
    >>> def top(doc, start, end):
    ...     return Toponym(document=doc, start=start, end=end, text="x", name="x", lat=0.0,
    ...                    lon=0.0, country_code=None, admin1=None, admin2=None, feature="city",
    ...                    geonameid=None, place_id="p", precision=1, score=1.0)
    >>> index = ToponymIndex([top("b", 5, 6), top("a", 9, 10), top("a", 2, 3)])
    >>> [(t.document, t.start) for t in index.within("a", 0, 9)]
    [('a', 2)]
    >>> index.within("c", 0, 99)
    []
    """

    def __init__(self, toponyms: Iterable[Toponym]) -> None:
        by_doc: dict[str, list[Toponym]] = {}
        for top in toponyms:
            by_doc.setdefault(top.document, []).append(top)
        self._tops: dict[str, list[Toponym]] = {}
        self._starts: dict[str, list[int]] = {}
        for doc, tops in by_doc.items():
            tops.sort(key=lambda t: t.start)
            self._tops[doc] = tops
            self._starts[doc] = [t.start for t in tops]

    def within(self, document: str, start: int, end: int) -> list[Toponym]:
        """Toponyms of ``document`` whose start offset is in ``[start, end)``."""
        starts = self._starts.get(document)
        if not starts:
            return []
        lo, hi = bisect_left(starts, start), bisect_left(starts, end)
        return self._tops[document][lo:hi]


#: The last situation-wide toponym tuple indexed, and its index: the layers call
#: :func:`event_popup` once per event with the same ``situation.toponyms``.
_LAST_INDEX: list[tuple[tuple[Toponym, ...], ToponymIndex]] = []


def toponym_index(toponyms: Sequence[Toponym] | ToponymIndex) -> ToponymIndex:
    """A :class:`ToponymIndex` of ``toponyms``, built once per (immutable) tuple.

    >>> toponym_index(()) is toponym_index(())
    True
    """
    if isinstance(toponyms, ToponymIndex):
        return toponyms
    if not isinstance(toponyms, tuple):  # a list may change between calls
        return ToponymIndex(toponyms)
    if _LAST_INDEX and _LAST_INDEX[0][0] is toponyms:
        return _LAST_INDEX[0][1]
    index = ToponymIndex(toponyms)
    _LAST_INDEX[:] = [(toponyms, index)]
    return index


def _spans(
    sentence: str,
    source: SourceRef,
    names: Iterable[str],
    toponyms: Sequence[Toponym] | ToponymIndex,
) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    index = toponym_index(toponyms)
    for top in index.within(source.document, source.start, source.start + len(sentence)):
        lo, hi = top.start - source.start, top.end - source.start
        if 0 <= lo < hi <= len(sentence) and sentence[lo:hi] == top.text and top.name in names:
            spans.append((lo, hi))
    if not spans:
        for name in names:
            if not name:
                continue
            spans.extend(_find_all(name, sentence))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in spans:
        if merged and lo < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def highlight(sentence: str, spans: Sequence[tuple[int, int]]) -> str:
    """The sentence escaped, with each span wrapped in ``<mark>``.

    >>> highlight("Fighting at <Tort-Kocho>", [(12, 24)])
    'Fighting at <mark>&lt;Tort-Kocho&gt;</mark>'
    """
    out, pos = [], 0
    for lo, hi in spans:
        out.append(esc(sentence[pos:lo]))
        out.append(f"<mark>{esc(sentence[lo:hi])}</mark>")
        pos = hi
    out.append(esc(sentence[pos:]))
    return "".join(out)


def place_names(event: Event) -> list[str]:
    """Names of an event's location, origin and destination."""
    locs: list[EventLocation | None] = [event.location, event.origin, event.destination]
    return [loc.name for loc in locs if loc is not None and loc.name]


def source_html(
    source: SourceRef, names: Sequence[str], toponyms: Sequence[Toponym] | ToponymIndex
) -> str:
    """One source as escaped HTML: outlet, date, link and the highlighted sentence."""
    outlet = esc(source.outlet or source.document)
    when = f", {esc(format_date(source.published))}" if source.published else ""
    url = safe_url(source.url)
    link = (
        f' <a href="{esc(url)}" target="_blank" rel="noopener noreferrer">link</a>' if url else ""
    )
    quote = highlight(source.sentence, _spans(source.sentence, source, names, toponyms))
    return f'<li><b>{outlet}</b>{when}{link}<blockquote class="sm-quote">{quote}</blockquote></li>'


def counts_text(event: Event) -> str:
    """An event's counts as plain text, as the article gave them (never more precise).

    >>> from geo.situation import Count
    >>> ev = Event(id="x", event_type="armed_clash", event_date=None, time_precision=1,
    ...            location=None, counts={"killed": (Count(1037, "more than", "over 1,000"),),
    ...                                   "injured": (Count(None, "dozens", "", None),)})
    >>> counts_text(ev)
    'injured: dozens; killed: more than 1,037 (“over 1,000”)'
    """
    rows = []
    for name, counts in sorted(event.counts.items()):
        for count in counts:
            text = f" (“{count.text}”)" if count.text else ""
            if count.vague:  # "dozens" stays words: no figure the text did not give
                rows.append(f"{name}: {count.qualifier or ''}{text}")
                continue
            qual = f"{count.qualifier} " if count.qualifier else ""
            rows.append(f"{name}: {qual}{count.value:,}{text}")
    return "; ".join(rows)


#: The fields of an event popup (:func:`popup_fields`), in the order the page reads them.
POPUP_FIELDS = (
    "title",
    "sub",
    "date",
    "tprec",
    "where",
    "gprec",
    "border",
    "move",
    "actors",
    "counts",
    "claim",
    "claimant",
    "status",
    "conf",
)


def popup_fields(event: Event, title: str) -> dict[str, Any]:
    """The plain-text fields of one event's popup (nothing escaped: see :func:`event_popup`).

    The page builds the same popup from these (``Sitmap.eventPopup``), with
    every string set as text, never as HTML.

    >>> from geo.situation import EventLocation
    >>> loc = EventLocation(name="Kunduz", lat=36.7, lon=68.9, precision=1, admin1="Kunduz",
    ...                     country_code="AF")
    >>> ev = Event(id="x", event_type="capture", event_date=date(2021, 7, 5), time_precision=1,
    ...            location=loc, actor1="<Taliban>")
    >>> f = popup_fields(ev, "Capture")
    >>> f["date"], f["where"], f["gprec"], f["actors"], f["border"]
    ('5 Jul 2021', 'Kunduz, AF', 1, '<Taliban>', None)
    """
    return dict(zip(POPUP_FIELDS, popup_values(event, title), strict=True))


def popup_values(event: Event, title: str) -> tuple[Any, ...]:
    """:func:`popup_fields` as a tuple in :data:`POPUP_FIELDS` order (no dict per event)."""
    loc = event.location
    where = border = move = claim_text = None
    if loc is not None:
        # "Kunduz, Kunduz, Kunduz, AF" → "Kunduz, AF": a city named like its district
        # and province is said once
        parts: list[str] = []
        for x in (loc.name, loc.admin2, loc.admin1, loc.country_code):
            if x and x not in parts:
                parts.append(x)
        where = ", ".join(parts)
        if loc.border:
            dist = (
                f", {loc.border_distance_km:.1f} km" if loc.border_distance_km is not None else ""
            )
            border = loc.border + dist
    if event.origin is not None or event.destination is not None:
        frm = event.origin.name if event.origin else "?"
        to = event.destination.name if event.destination else "?"
        move = f"{frm} → {to}"
    if event.claim is not None:
        claim_text = claim_sentence(event.claim)
    return (
        title,
        event.sub_event_type or None,
        _span_label(event.event_date, event.end_date, event.time_precision),
        event.time_precision,
        where,
        loc.precision if loc is not None else None,
        border,
        move,
        actors_text(event.actor1, event.actor2),
        counts_text(event) or None,
        claim_text,
        event.claimant or None,
        event.claim_status,
        round(float(event.confidence), 2),
    )


def actors_text(actor1: str | None, actor2: str | None) -> str | None:
    """The actors of an event as one text (``None`` without any).

    >>> actors_text("Taliban", "ANDSF"), actors_text(None, "M23"), actors_text("", None)
    ('Taliban vs ANDSF', 'M23', None)
    """
    return " vs ".join(a for a in (actor1, actor2) if a) or None


def claim_sentence(claim: Any) -> str:
    """A control claim as one plain sentence (the popup's ``claim`` field).

    >>> from types import SimpleNamespace as NS
    >>> claim = NS(controller="Taliban", object="AFG–TJK border",
    ...            extent={"fraction": 0.67, "text": "two-thirds"})
    >>> claim_sentence(claim)
    'Taliban controls ≈ 2/3 of AFG–TJK border (“two-thirds”)'
    """
    extent = extent_label(claim.extent)
    ext_text = claim.extent.get("text") if claim.extent else None
    controller, obj = claim.controller or "", claim.object or ""
    text = f"{controller} controls {extent} of {obj}"
    if ext_text:
        text += f" (“{ext_text}”)"
    return text


def popup_rows(fields: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    """The table rows of a popup: ``(heading, text, small print)``, all plain text.

    >>> rows = popup_rows({"date": "Jul 2021", "tprec": 3, "where": None, "border": None,
    ...                    "move": None, "actors": None, "counts": None, "claim": None,
    ...                    "claimant": None, "status": "reported", "conf": 0.5})
    >>> rows[0], rows[-1]
    (('Date', 'Jul 2021', '(month precision)'), ('Confidence', '0.50', None))
    """
    rows: list[tuple[str, str, str | None]] = [
        ("Date", fields["date"], f"({PRECISION_WORDS.get(fields['tprec'], '?')} precision)")
    ]
    if fields["where"] is not None:
        words = GEO_PRECISION_WORDS.get(fields["gprec"], "?")
        rows.append(("Where", fields["where"], f"({words})"))
    for key, head in (
        ("border", "Border"),
        ("move", "Movement"),
        ("actors", "Actors"),
        ("counts", "Counts"),
        ("claim", "Claim"),
        ("claimant", "Claimant"),
    ):
        if fields[key]:
            rows.append((head, fields[key], None))
    rows.append(("Status", fields["status"], None))
    rows.append(("Confidence", f"{fields['conf']:.2f}", None))
    return rows


def event_popup(event: Event, title: str, toponyms: Sequence[Toponym] | ToponymIndex = ()) -> str:
    """The popup of one event: every field readers need, every article string escaped."""
    fields = popup_fields(event, title)
    fields["conf"] = float(event.confidence)
    table = "".join(
        f"<tr><th>{k}</th><td>{esc(v)}{f' <small>{small}</small>' if small else ''}</td></tr>"
        for k, v, small in popup_rows(fields)
    )
    names = place_names(event)
    index = toponym_index(toponyms)
    sources = "".join(source_html(s, names, index) for s in event.sources)
    sub = f" <small>{esc(event.sub_event_type)}</small>" if event.sub_event_type else ""
    return (
        f'<div class="sm-popup"><h4>{esc(title)}{sub}</h4><table>{table}</table>'
        f'<div class="sm-sources"><b>Sources ({len(event.sources)})</b>'
        f"<ol>{sources}</ol></div></div>"
    )


def source_tops(
    source: SourceRef, toponyms: Sequence[Toponym] | ToponymIndex
) -> list[tuple[int, int, str]]:
    """The toponyms found in a source sentence: ``(start, end, place name)`` in the sentence.

    The page highlights those naming an event's places (as :func:`_spans` does).
    """
    out = []
    sentence = source.sentence
    for top in toponym_index(toponyms).within(
        source.document, source.start, source.start + len(sentence)
    ):
        lo, hi = top.start - source.start, top.end - source.start
        if 0 <= lo < hi <= len(sentence) and sentence[lo:hi] == top.text:
            out.append((lo, hi, top.name))
    return out


def toponym_popup(name: str, feature: str, mentions: Sequence[Toponym]) -> str:
    """Popup of a resolved place: name, feature, coordinates, how it was mentioned."""
    first = mentions[0]
    texts = sorted({m.text for m in mentions})
    docs = sorted({m.document for m in mentions})
    return (
        f'<div class="sm-popup"><h4>{esc(name)}</h4><table>'
        f"<tr><th>Feature</th><td>{esc(feature)}</td></tr>"
        f"<tr><th>Where</th><td>{first.lat:.4f}, {first.lon:.4f} "
        f"{esc(', '.join(x for x in (first.admin2, first.admin1, first.country_code) if x))}"
        f"</td></tr>"
        f"<tr><th>Mentions</th><td>{len(mentions)} in {len(docs)} article(s): "
        f"{esc(', '.join(texts))}</td></tr>"
        f"<tr><th>Id</th><td>{esc(first.place_id)} (score {first.score:.2f})</td></tr>"
        "</table></div>"
    )
