"""The records the pipeline produces and the map layers read.

``read_articles → find_toponyms → resolve → extract_events → join_borders``
produces a :class:`Situation`: the articles' metadata, every resolved
toponym, every unresolved mention with its reason, and the deduplicated
events (control claims included). Everything is a small frozen dataclass;
``to_dict()`` gives the JSON contract of ``sitmap geoparse`` / ``sitmap
events``.

>>> loc = EventLocation(name="Tort-Kocho", lat=39.95, lon=70.53, precision=1,
...                     country_code="KG", admin1="Batken")
>>> ev = Event(id="e-1", event_type="armed_clash", event_date=date(2022, 1, 27),
...            time_precision=1, location=loc)
>>> ev.to_dict()["event_date"], ev.to_dict()["location"]["name"]
('2022-01-27', 'Tort-Kocho')
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from typing import Any

#: Event types (issue contract). ``control_claim`` events also carry a claim.
EVENT_TYPES: tuple[str, ...] = (
    "armed_clash",
    "capture",
    "control_claim",
    "forces_cross_border",
    "deployment",
    "displacement",
    "ceasefire_or_talks",
    "assistance",
    "blockade",
    "arrest",
    "abduction",
)

#: ACLED time precision: 1 day, 2 week, 3 month (or coarser).
TIME_PRECISIONS: tuple[int, ...] = (1, 2, 3)

#: ACLED geo precision: 1 the place itself, 2 near it / part of a region,
#: 3 a province or larger.
GEO_PRECISIONS: tuple[int, ...] = (1, 2, 3)

CLAIM_STATUSES: tuple[str, ...] = ("reported", "claimed", "disputed")
OBJECT_KINDS: tuple[str, ...] = ("border", "crossing", "district", "province", "territory")


def _jsonable(value: Any) -> Any:
    """JSON-ready copy of a field value (records, dates, dicts, lists and tuples)."""
    if isinstance(value, _Record):
        return value.to_dict()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _date_or_none(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


class _Record:
    """Base of the records: a generic :meth:`to_dict`.

    The hot records (toponyms, events and their parts) spell their
    ``to_dict`` out field by field, in field order: it gives the dicts
    ``_jsonable(dataclasses.asdict(record))`` gives, several times faster
    (checked in ``tests/test_situation_dicts.py``).
    """

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON-ready data (dates as ISO strings)."""
        return {f.name: _jsonable(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True)
class Toponym(_Record):
    """A place mention resolved to a point. Offsets index the article body.

    A name no gazetteer has but the text anchors ("Kibumba, near Goma") is
    placed approximately: ``feature`` is ``approximate``, the point is the
    anchor's, ``radius_km`` says how far off it may be and ``anchor`` gives the
    reason ("near Goma"); ``name`` stays the name as written.
    """

    document: str
    start: int
    end: int
    text: str
    name: str
    lat: float
    lon: float
    country_code: str | None
    admin1: str | None
    admin2: str | None
    feature: str
    geonameid: int | None
    place_id: str
    precision: int
    score: float
    radius_km: float | None = None
    anchor: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The toponym as plain JSON-ready data."""
        return {
            "document": self.document,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "country_code": self.country_code,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "feature": self.feature,
            "geonameid": self.geonameid,
            "place_id": self.place_id,
            "precision": self.precision,
            "score": self.score,
            "radius_km": self.radius_km,
            "anchor": self.anchor,
        }


#: How the reason of a name set aside as not a place starts (``Unresolved.set_aside``).
SET_ASIDE_PREFIX = "not taken as a place"
#: How the reason of a name the text neither confirms nor rules out as a place starts
#: (``Unresolved.unconfirmed``).
UNCONFIRMED_PREFIX = "unconfirmed place"


@dataclass(frozen=True)
class Unresolved(_Record):
    """A place mention that could not be placed, and why.

    A name the gazetteer knows but the text shows to be something else (a person, an
    organisation, an acronym) is listed too, so that nothing is lost, with a reason that
    starts "not taken as a place": :attr:`set_aside` tells it from a place left unplaced.

    >>> Unresolved("a", 0, 7, "Taliban", "not taken as a place: an armed group").set_aside
    True
    >>> kuli = Unresolved("a", 0, 4, "Kuli", "unconfirmed place: a lone name")
    >>> kuli.set_aside, kuli.unconfirmed
    (False, True)
    """

    document: str
    start: int
    end: int
    text: str
    reason: str

    @property
    def set_aside(self) -> bool:
        """True for a name set aside as not a place (reason "not taken as a place: ...")."""
        return self.reason.startswith(SET_ASIDE_PREFIX)

    @property
    def unconfirmed(self) -> bool:
        """True for a name the text neither confirms nor rules out ("unconfirmed place: ...")."""
        return self.reason.startswith(UNCONFIRMED_PREFIX)

    def to_dict(self) -> dict[str, Any]:
        """The mention as plain JSON-ready data."""
        return {
            "document": self.document,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class SourceRef(_Record):
    """One sentence of one article that reports an event."""

    document: str
    sentence: str
    start: int
    end: int
    published: date | None = None
    url: str | None = None
    outlet: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The source as plain JSON-ready data (date as ISO string)."""
        return {
            "document": self.document,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "published": _iso(self.published),
            "url": self.url,
            "outlet": self.outlet,
        }


@dataclass(frozen=True)
class EventLocation(_Record):
    """Where an event happened, with its border join."""

    name: str
    lat: float | None
    lon: float | None
    precision: int
    country_code: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    border: str | None = None
    border_distance_km: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The location as plain JSON-ready data."""
        return {
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "precision": self.precision,
            "country_code": self.country_code,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "border": self.border,
            "border_distance_km": self.border_distance_km,
        }


@dataclass(frozen=True)
class Count(_Record):
    """A reported number with its qualifier ("more than 1,000", "dozens").

    ``value`` is the lowest figure the words allow; :attr:`low` and
    :attr:`high` give the range the text states, never a made-up point:
    "dozens" is at least 24 with no upper figure, "more than 1,000" at least
    1,000, "17" exactly 17.

    >>> Count(24, "dozens", "dozens").to_dict()["high"] is None
    True
    >>> Count(17, None, "17").to_dict()["high"], Count(30, "up to", "up to 30").to_dict()["low"]
    (17, None)
    """

    value: int
    qualifier: str | None = None
    text: str = ""
    document: str | None = None

    @property
    def vague(self) -> bool:
        """Whether the text gives words, not a figure ("dozens", "hundreds")."""
        return (
            self.qualifier is not None
            and not any(ch.isdigit() for ch in self.text)
            and (self.qualifier in _VAGUE_WORDS)
        )

    @property
    def low(self) -> int | None:
        """The lowest figure the text allows (``None`` for "up to N")."""
        return None if self.qualifier in ("up to", "less than", "fewer than") else self.value

    @property
    def high(self) -> int | None:
        """The highest figure the text states (``None`` when it states none)."""
        if self.qualifier in (None, "", "exactly"):
            return self.value
        if self.qualifier in ("up to", "less than", "fewer than"):
            return self.value
        return None

    def to_dict(self) -> dict[str, Any]:
        """The count as plain JSON-ready data (``low``/``high``: the stated range)."""
        return {
            "value": self.value,
            "qualifier": self.qualifier,
            "text": self.text,
            "document": self.document,
            "low": self.low,
            "high": self.high,
        }


#: Vague quantity words (the keys of ``geo.events.quantities.VAGUE``, kept here so the
#: records do not import the event coder).
_VAGUE_WORDS = frozenset(
    {
        "dozens", "scores", "hundreds", "thousands", "tens of thousands", "hundreds of thousands",
        "a dozen", "a few dozen", "several dozen", "a handful",
    }
)  # fmt: skip


@dataclass(frozen=True)
class ControlClaim(_Record):
    """Who is said to control what, and how much of it."""

    controller: str
    object: str
    object_kind: str
    extent: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Event(_Record):
    """One deduplicated real-world event (or control claim) with all its sources."""

    id: str
    event_type: str
    event_date: date | None
    time_precision: int
    location: EventLocation | None
    sub_event_type: str = ""
    end_date: date | None = None
    actor1: str | None = None
    actor2: str | None = None
    counts: dict[str, tuple[Count, ...]] = field(default_factory=dict)
    origin: EventLocation | None = None
    destination: EventLocation | None = None
    claimant: str | None = None
    claim_status: str = "reported"
    confidence: float = 0.5
    sources: tuple[SourceRef, ...] = ()
    claim: ControlClaim | None = None

    @property
    def coded_date(self) -> date | None:
        """The one day the event is coded on: its day, or the middle of the period it is known to.

        ACLED dates an event known only to a week, a part of a month or a month on that
        period's middle (time precision 2 or 3; a whole month on the 15th), and so does
        sitmap's gold (``docs/annotation.md``); ``event_date`` .. ``end_date`` keep the period.

        >>> def ev(first, last, precision):
        ...     return Event("e", "armed_clash", first, precision, None, end_date=last)
        >>> ev(date(2021, 3, 1), date(2021, 3, 31), 3).coded_date  # "in March"
        datetime.date(2021, 3, 15)
        >>> ev(date(2021, 3, 21), date(2021, 3, 31), 2).coded_date  # "late March"
        datetime.date(2021, 3, 25)
        >>> ev(date(2021, 3, 1), date(2021, 3, 10), 2).coded_date  # "early March"
        datetime.date(2021, 3, 5)
        >>> ev(date(2021, 3, 8), date(2021, 3, 14), 2).coded_date  # "last week"
        datetime.date(2021, 3, 10)
        >>> ev(date(2021, 3, 8), date(2021, 3, 9), 1).coded_date  # a night across two days
        datetime.date(2021, 3, 8)
        """
        first, last = self.event_date, self.end_date
        if first is None or last is None or last <= first or self.time_precision < 2:
            return first
        if first.day == 1 and (last + timedelta(days=1)).day == 1 and first.month == last.month:
            return first.replace(day=15)
        return first + timedelta(days=((last - first).days - 1) // 2)

    def to_dict(self) -> dict[str, Any]:
        """The event as plain JSON-ready data (dates as ISO strings)."""
        return {
            "id": self.id,
            "event_type": self.event_type,
            "event_date": _iso(self.event_date),
            "time_precision": self.time_precision,
            "location": None if self.location is None else self.location.to_dict(),
            "sub_event_type": self.sub_event_type,
            "end_date": _iso(self.end_date),
            "actor1": self.actor1,
            "actor2": self.actor2,
            "counts": {k: [c.to_dict() for c in v] for k, v in self.counts.items()},
            "origin": None if self.origin is None else self.origin.to_dict(),
            "destination": None if self.destination is None else self.destination.to_dict(),
            "claimant": self.claimant,
            "claim_status": self.claim_status,
            "confidence": self.confidence,
            "sources": [s.to_dict() for s in self.sources],
            "claim": None if self.claim is None else self.claim.to_dict(),
        }


@dataclass(frozen=True)
class ArticleInfo(_Record):
    """The metadata of one article the situation was built from."""

    id: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: date | None = None


@dataclass(frozen=True)
class Situation(_Record):
    """Everything the map is drawn from."""

    articles: tuple[ArticleInfo, ...] = ()
    toponyms: tuple[Toponym, ...] = ()
    unresolved: tuple[Unresolved, ...] = ()
    events: tuple[Event, ...] = ()


def _location(data: dict[str, Any] | None) -> EventLocation | None:
    return None if data is None else EventLocation(**data)


def event_from_dict(data: dict[str, Any]) -> Event:
    """Rebuild an :class:`Event` from :meth:`Event.to_dict` output (a round trip).

    >>> ev = Event(id="e", event_type="capture", event_date=date(2021, 6, 22),
    ...            time_precision=1, location=None,
    ...            counts={"captured": (Count(50, "more than", "more than 50"),)})
    >>> event_from_dict(ev.to_dict()) == ev
    True
    """
    fields = dict(data)
    for key in ("event_date", "end_date"):
        fields[key] = _date_or_none(fields.get(key))
    for key in ("location", "origin", "destination"):
        fields[key] = _location(fields.get(key))
    fields["counts"] = {
        name: tuple(
            Count(**{k: v for k, v in c.items() if k not in ("low", "high")}) for c in counts
        )
        for name, counts in fields.get("counts", {}).items()
    }
    fields["sources"] = tuple(
        SourceRef(**{**s, "published": _date_or_none(s.get("published"))})
        for s in fields.get("sources", ())
    )
    if fields.get("claim") is not None:
        fields["claim"] = ControlClaim(**fields["claim"])
    return Event(**fields)


def situation_from_dict(data: dict[str, Any]) -> Situation:
    """Rebuild a :class:`Situation` from :meth:`Situation.to_dict` output.

    >>> s = Situation(articles=(ArticleInfo("a.txt", published=date(2022, 1, 27)),))
    >>> situation_from_dict(s.to_dict()) == s
    True
    """
    return Situation(
        articles=tuple(
            ArticleInfo(**{**a, "published": _date_or_none(a.get("published"))})
            for a in data.get("articles", ())
        ),
        toponyms=tuple(Toponym(**t) for t in data.get("toponyms", ())),
        unresolved=tuple(Unresolved(**u) for u in data.get("unresolved", ())),
        events=tuple(event_from_dict(e) for e in data.get("events", ())),
    )


def _in_bbox(lat: float | None, lon: float | None, bbox: tuple[float, float, float, float]) -> bool:
    if lat is None or lon is None:
        return False
    west, south, east, north = bbox
    return south <= lat <= north and west <= lon <= east


def filter_situation(
    situation: Situation,
    *,
    start: date | None = None,
    end: date | None = None,
    bbox: tuple[float, float, float, float] | None = None,
) -> Situation:
    """Keep the events that overlap ``[start, end]`` and lie in ``bbox`` (west, south, east, north).

    An event spans ``event_date`` to ``end_date`` (or just its date); with a
    date window, undated events are dropped. With a ``bbox``, events are kept
    when their location, origin or destination lies inside, and toponyms
    when their point does. Articles and unresolved mentions stay.

    >>> ev = Event(id="e", event_type="armed_clash", event_date=date(2022, 1, 27),
    ...            time_precision=1, location=EventLocation("Tort-Kocho", 39.95, 70.53, 1))
    >>> s = Situation(events=(ev,))
    >>> len(filter_situation(s, start=date(2022, 2, 1)).events)
    0
    >>> len(filter_situation(s, bbox=(69.0, 39.0, 71.0, 41.0)).events)
    1
    """

    def keep_event(ev: Event) -> bool:
        if start or end:
            if ev.event_date is None:
                return False
            last = ev.end_date or ev.event_date
            if (end and ev.event_date > end) or (start and last < start):
                return False
        if bbox:
            places = [p for p in (ev.location, ev.origin, ev.destination) if p is not None]
            return any(_in_bbox(p.lat, p.lon, bbox) for p in places)
        return True

    toponyms = situation.toponyms
    if bbox:
        toponyms = tuple(t for t in toponyms if _in_bbox(t.lat, t.lon, bbox))
    return Situation(
        articles=situation.articles,
        toponyms=toponyms,
        unresolved=situation.unresolved,
        events=tuple(e for e in situation.events if keep_event(e)),
    )
