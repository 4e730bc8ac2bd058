"""Who holds which crossing, post, town, district or stretch of border, as of any date.

:func:`control_timeline` derives, from a :class:`~geo.situation.Situation`'s
events, one :class:`ControlRecord` per controlled object: a timeline of
:class:`ControlState` — controller, status, start, end (exclusive: the day the
next state began) and the first and last dates it was reported, with every
source sentence. Captures and stated control come from the event types
(``capture``, ``control_claim``); recaptures, withdrawals, handovers and
denials from the phrases of ``geo/data/control/actions.csv``.

* A capture of the object by another actor, a handover or a withdrawal ends
  the earlier state; silence does not (a state stays open after its last
  report, and ``last_reported`` says how old the news is).
* Two actors reported holding the object on the same day give one
  *contested* state (``controller`` ``None``, ``rivals`` both).
* The controller is the capturing actor (the event's ``actor1`` or the
  claim's controller); an event with no named actor changes nothing.
* Objects are the located places of the report: the event's place, or in a
  report of districts, provinces or crossings every such place its sentence
  names ("the districts of A, B and C"). A border claim ("about half of the
  border") is an object of kind ``border`` carrying its stated fraction and
  the located objects of the same controller on that border that back it.

Status of a state (:data:`CONTROL_STATUSES`): ``disputed`` when denied or
contested; ``confirmed`` when two or more independent outlets report it;
``conceded`` when the other side says so; ``reported`` when only third
parties (or the outlet itself) do; ``claimed`` when only the controller does.

Pure functions over frozen dataclasses; nothing is loaded at import time.

>>> from geo.situation import Event, EventLocation, SourceRef, Situation
>>> loc = EventLocation("Vovchansk", 50.29, 36.94, 1, "UA", border="RUS–UKR")
>>> def ev(i, actor, day, outlet):
...     src = SourceRef(f"d{i}", f"{actor} took Vovchansk.", 0, 20, date(2024, 5, day),
...                     None, outlet)
...     return Event(id=f"e{i}", event_type="capture", event_date=date(2024, 5, day),
...                  time_precision=1, location=loc, actor1=actor, sources=(src,))
>>> recs = control_timeline(Situation(events=(ev(1, "A", 2, "X"), ev(2, "B", 9, "Y"))))
>>> [(s.controller, s.start.day, s.end and s.end.day) for s in recs[0].states]
[('A', 2, 9), ('B', 9, None)]
>>> [r.state.controller for r in control_as_of(recs, date(2024, 5, 5))]
['A']
"""

from __future__ import annotations

import bisect
import csv
import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from geo.events.actors import find_actors
from geo.events.claims import find_claimant
from geo.situation import Event, Situation, SourceRef, Toponym

ACTIONS_CSV = Path(__file__).resolve().parent / "data" / "control" / "actions.csv"
"""The phrase → control action table (see ``geo/data/control/SOURCES.md``)."""

ACTIONS: tuple[str, ...] = ("recapture", "withdrawal", "handover", "denial")

#: Status codes, strongest evidence last but ``disputed`` overriding all.
CONTROL_STATUSES: tuple[str, ...] = ("claimed", "conceded", "reported", "confirmed", "disputed")
STATUS_LABELS: dict[str, str] = {
    "claimed": "claimed by the controller",
    "conceded": "claimed by the other side",
    "reported": "reported by third parties",
    "confirmed": "confirmed by two or more independent outlets",
    "disputed": "disputed",
}
#: Kinds of controlled objects.
CONTROL_KINDS: tuple[str, ...] = (
    "crossing",
    "post",
    "base",
    "settlement",
    "district",
    "province",
    "border",
)
#: Toponym feature → object kind (features not listed are never controlled objects).
FEATURE_KINDS: dict[str, str] = {
    "border_crossing": "crossing",
    "bridge": "crossing",
    "pass": "crossing",
    "border_post": "post",
    "checkpoint": "post",
    "military_base": "base",
    "training_ground": "base",
    "base": "base",
    "populated_place": "settlement",
    "village": "settlement",
    "town": "settlement",
    "city": "settlement",
    "enclave": "settlement",
    "admin2": "district",
    "admin1": "province",
}
#: The object kind a capture's sub-event type names, when it names one.
SUB_EVENT_KINDS: dict[str, str] = {
    "capture of a border crossing": "crossing",
    "capture of a post": "post",
    "capture of a base": "base",
    "capture of a district": "district",
    "capture of a province": "province",
}
_CLAIM_KINDS = {"crossing": "crossing", "district": "district", "province": "province"}
#: Kinds a report may name several of in one sentence ("the districts of A, B and C").
_LIST_KINDS = frozenset({"district", "province", "crossing", "post", "base"})
_STATE_KINDS = frozenset({"government", "forces", "border"})
#: Event types that report control by themselves (others only through the action table).
_REPORTING = frozenset({"capture", "control_claim"})
#: A place named after these words locates the report; it is not what was taken.
_LOCATIVE = re.compile(
    r"\b(?:near|outside|towards?|(?:km|kilometres|kilometers|miles) from"
    r"|(?:north|south|east|west)(?:east|west)? of|close to"
    r"|around|beyond|across)\s+(?:the\s+)?(?:(?:town|village|city|district|province)"
    r"\s+of\s+)?\Z",
    re.IGNORECASE,
)
_LIST_SEP = re.compile(r"\s*(?:,|/|,?\s*and|,?\s*or)(?:\s+the)?\s*", re.IGNORECASE)


@dataclass(frozen=True)
class ControlSource:
    """One source sentence of a state, with who said it and in which role.

    ``role``: ``controller``, ``other_side``, ``third_party`` or ``denial``.
    """

    document: str
    sentence: str
    start: int
    end: int
    published: date | None
    outlet: str | None
    url: str | None
    claimant: str | None
    role: str
    event_id: str

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "document": self.document,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "published": None if self.published is None else self.published.isoformat(),
            "outlet": self.outlet,
            "url": self.url,
            "claimant": self.claimant,
            "role": self.role,
            "event_id": self.event_id,
        }


@dataclass(frozen=True)
class ControlState:
    """Who held an object from ``start`` until ``end`` (exclusive; ``None``: still open)."""

    controller: str | None
    status: str
    start: date
    end: date | None
    first_reported: date
    last_reported: date
    action: str
    sources: tuple[ControlSource, ...] = ()
    rivals: tuple[str, ...] = ()
    extent: dict[str, Any] = field(default_factory=dict)
    backing: tuple[str, ...] = ()

    @property
    def holder(self) -> str:
        """The controller, or ``"contested: A / B"`` for a contested state.

        >>> ControlState(None, "disputed", date(2024, 1, 1), None, date(2024, 1, 1),
        ...              date(2024, 1, 1), "capture", rivals=("A", "B")).holder
        'contested: A / B'
        """
        return self.controller or "contested: " + " / ".join(self.rivals)

    def covers(self, day: date) -> bool:
        """True when the state holds on *day*."""
        return self.start <= day and (self.end is None or day < self.end)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (dates as ISO strings)."""
        return {
            "controller": self.controller,
            "holder": self.holder,
            "status": self.status,
            "start": self.start.isoformat(),
            "end": None if self.end is None else self.end.isoformat(),
            "first_reported": self.first_reported.isoformat(),
            "last_reported": self.last_reported.isoformat(),
            "action": self.action,
            "rivals": list(self.rivals),
            "extent": dict(self.extent),
            "backing": list(self.backing),
            "sources": [s.to_dict() for s in self.sources],
        }


@dataclass(frozen=True)
class ControlRecord:
    """One controlled object and its timeline of states (in time order)."""

    id: str
    name: str
    kind: str
    country_code: str | None
    admin1: str | None
    admin2: str | None
    border: str | None
    lat: float | None
    lon: float | None
    states: tuple[ControlState, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "country_code": self.country_code,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "border": self.border,
            "lat": self.lat,
            "lon": self.lon,
            "states": [s.to_dict() for s in self.states],
        }


@dataclass(frozen=True)
class ControlAsOf:
    """An object's state on one day."""

    record: ControlRecord
    state: ControlState


# --- the action table ------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def load_actions(path: str | Path = ACTIONS_CSV) -> tuple[tuple[str, str], ...]:
    """``(phrase, action)`` rows of the action table, longest phrase first.

    >>> ("retook", "recapture") in load_actions()
    True
    """
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [(r["phrase"].strip().lower(), r["action"].strip()) for r in csv.DictReader(fh)]
    return tuple(sorted(rows, key=lambda r: (-len(r[0]), r[0])))


def check_actions(path: str | Path = ACTIONS_CSV) -> list[str]:
    """Problems of the action table: columns, known actions, a cited source, no duplicates.

    >>> check_actions()
    []
    """
    problems: list[str] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != ["phrase", "action", "source"]:
            return [f"columns must be phrase,action,source, not {reader.fieldnames}"]
        for line, row in enumerate(reader, start=2):
            phrase = (row["phrase"] or "").strip().lower()
            if not phrase:
                problems.append(f"line {line}: empty phrase")
            if phrase in seen:
                problems.append(f"line {line}: duplicate phrase {phrase!r}")
            seen.add(phrase)
            if row["action"] not in ACTIONS:
                problems.append(f"line {line}: unknown action {row['action']!r}")
            if "http" not in (row["source"] or ""):
                problems.append(f"line {line}: no cited source URL")
    return problems


@functools.lru_cache(maxsize=4096)
def sentence_actions(sentence: str) -> frozenset[str]:
    """The control actions a sentence's phrases report.

    >>> sorted(sentence_actions("The army retook the town; rebels denied it."))
    ['denial', 'recapture']
    >>> sentence_actions("Troops patrolled the border.")
    frozenset()
    """
    pattern, action_of, firsts = _actions_matcher()
    text = sentence.lower()
    if firsts is not None and not any(word in text for word in firsts):
        return frozenset()  # no phrase can match: most sentences, without the pattern's scan
    return frozenset(action_of[m.group(0)] for m in pattern.finditer(text))


def actions_of(sentences: Iterable[str]) -> dict[str, frozenset[str]]:
    """:func:`sentence_actions` of every distinct sentence, screened in bulk.

    Most sentences hold no phrase's first word: they are told apart by one search
    per first word over all the sentences at once (lowercased and joined), and
    only the others go through the phrase pattern.

    >>> actions_of(["The army retook Vorukh.", "Shelling at Vorukh."])["The army retook Vorukh."]
    frozenset({'recapture'})
    >>> actions_of(["Shelling at Vorukh.", "Shelling at Vorukh."])
    {'Shelling at Vorukh.': frozenset()}
    """
    distinct = list(dict.fromkeys(sentences))
    _pattern, _action_of, firsts = _actions_matcher()
    if firsts is None:
        return {s: sentence_actions(s) for s in distinct}
    joined = "\x00".join(distinct)
    text = joined.lower()
    pieces = distinct
    if len(text) != len(joined):  # a letter lowercased to two: one sentence at a time
        pieces = [s.lower() for s in distinct]
        text = "\x00".join(pieces)
    starts = [0, *itertools.accumulate(len(s) + 1 for s in pieces)]
    flagged: set[int] = set()
    for word in firsts:
        at = text.find(word)
        while at >= 0:
            k = bisect.bisect_right(starts, at) - 1
            flagged.add(k)
            at = text.find(word, starts[k + 1]) if k + 1 < len(distinct) else -1
    none: frozenset[str] = frozenset()
    out = dict.fromkeys(distinct, none)
    for k in flagged:
        out[distinct[k]] = sentence_actions(distinct[k])
    return out


@functools.lru_cache(maxsize=1)
def _actions_matcher() -> tuple[re.Pattern[str], dict[str, str], tuple[str, ...] | None]:
    """One pattern over every phrase of the table (longest first), phrase → action, first words.

    A match of a phrase that starts with a word character holds the phrase's first
    word, so a sentence holding none of the first words (as text) has no match.
    ``None`` when a phrase starts otherwise.
    """
    rows = load_actions()
    alternatives = "|".join(re.escape(phrase) for phrase, _ in rows)
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    heads = [re.match(r"\w+", phrase) for phrase, _ in rows]
    firsts = None
    if all(heads):
        words = sorted({h.group(0) for h in heads if h}, key=len)
        firsts = tuple(w for i, w in enumerate(words) if not any(v in w for v in words[:i]))
    return pattern, dict(rows), firsts


# --- objects ---------------------------------------------------------------------------


# An object before its timeline is worked out is a ControlRecord with no states yet.


def _toponym_object(t: Toponym, kind: str, border: str | None) -> ControlRecord:
    if kind == "district" and t.feature != "admin2" and t.admin2:
        # "the districts of A, B": a town named like its district stands for the district.
        key = f"adm2name:{t.country_code}:{t.admin1}:{t.admin2}"
        return ControlRecord(
            key, t.admin2, "district", t.country_code, t.admin1, t.admin2, border, t.lat, t.lon
        )
    admin2 = t.name if kind == "district" else t.admin2
    admin1 = t.name if kind == "province" else t.admin1
    return ControlRecord(
        t.place_id, t.name, kind, t.country_code, admin1, admin2, border, t.lat, t.lon
    )


def _sentence_toponyms(by_doc: dict[str, list[Toponym]], source: SourceRef) -> list[Toponym]:
    return [t for t in by_doc.get(source.document, ()) if source.start <= t.start < source.end]


def _kind_as(t: Toponym, wanted: str | None) -> str | None:
    """The object kind toponym *t* gives for a report of *wanted* objects (``None``: none).

    A town named in a report of districts stands for its district ("the
    districts of A, B"); crossings and posts stand for each other.
    """
    kind = FEATURE_KINDS.get(t.feature)
    if kind is None or wanted is None or kind == wanted:
        return kind
    if wanted == "district" and kind == "settlement" and t.admin2:
        return "district"
    if {wanted, kind} <= {"crossing", "post"}:
        return kind
    return None


def _coordinated(
    tops: list[Toponym], first: Toponym, source: SourceRef, wanted: str | None
) -> list[Toponym]:
    """*first* and the places of its kind listed with it ("A, B and C").

    The list stops at the first other word ("A district on the B river").

    >>> src = SourceRef("d", "Rebels took A, B in C.", 0, 22)
    >>> t = [Toponym("d", src.sentence.index(n), src.sentence.index(n) + 1, n, n, 0, 0, None,
    ...               None, None, "populated_place", None, n, 1, 1) for n in "ABC"]
    >>> [x.name for x in _coordinated(t, t[0], src, None)]
    ['A', 'B']
    >>> [x.name for x in _coordinated(t, t[1], src, None)]
    ['A', 'B']
    """
    kind = _kind_as(first, wanted)
    out = [first]
    prev = first
    for t in tops:
        if t.start <= prev.start:
            continue
        gap = source.sentence[prev.end - source.start : t.start - source.start]
        if not _LIST_SEP.fullmatch(gap) or _kind_as(t, wanted or kind) is None:
            break
        out.append(t)
        prev = t
    # and the places listed right before it ("A, B and C" when B was named first)
    nxt = first
    for t in sorted((t for t in tops if t.end <= first.start), key=lambda t: -t.start):
        gap = source.sentence[t.end - source.start : nxt.start - source.start]
        if not _LIST_SEP.fullmatch(gap) or _kind_as(t, wanted or kind) is None:
            break
        out.insert(0, t)
        nxt = t
    return out


def _event_objects(event: Event, by_doc: dict[str, list[Toponym]]) -> list[ControlRecord]:
    """The located objects an event reports control of (may be empty)."""
    loc = event.location
    border = loc.border if loc is not None else None
    claim = event.claim
    if claim is not None and claim.object_kind == "border":
        dyad = border if border and "–" in border else claim.object
        if "–" not in dyad:
            return []
        return [
            ControlRecord(
                f"border:{dyad}", f"{dyad} border", "border", None, None, None, dyad, None, None
            )
        ]
    wanted = SUB_EVENT_KINDS.get(event.sub_event_type)
    if wanted is None and claim is not None:
        wanted = _CLAIM_KINDS.get(claim.object_kind)
    if wanted not in _LIST_KINDS:
        wanted = None
    objects: dict[str, ControlRecord] = {}
    recorded = any(_sentence_toponyms(by_doc, source) for source in event.sources)
    names = {
        n.casefold() for n in (loc.name if loc else None, claim.object if claim else None) if n
    }
    for source in event.sources if recorded else ():
        tops = [t for t in _sentence_toponyms(by_doc, source) if _kind_as(t, wanted)]
        # A place named after "near", "outside", "north of" ... locates the report: it is
        # not what was taken ("a district near A", "a village outside B").
        held = [t for t in tops if not _LOCATIVE.search(source.sentence[: t.start - source.start])]
        first = next(
            (t for t in held if t.name.casefold() in names or t.text.casefold() in names), None
        )
        if first is None and wanted is not None:
            # "the districts of A, B and C": the first place of that very kind
            first = next((t for t in held if FEATURE_KINDS.get(t.feature) == wanted), None)
        elif first is not None and wanted is None and (loc is None or loc.precision > 1):
            first = None  # a point only for a place the report locates exactly
        if first is None:
            continue
        for t in _coordinated(tops, first, source, wanted):
            obj = _toponym_object(t, _kind_as(t, wanted) or "settlement", border)
            objects.setdefault(obj.id, obj)
    if not recorded and loc is not None and loc.precision == 1 and loc.lat is not None:
        # No toponym record of its sentences (a hand-made situation): the event's own point.
        kind = wanted or "settlement"
        key = f"loc:{loc.country_code}:{loc.name}"
        objects[key] = ControlRecord(key, loc.name, kind, loc.country_code, loc.admin1, loc.admin2,
                               border, loc.lat, loc.lon)  # fmt: skip
    return list(objects.values())


# --- roles and observations ------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _actor_identity(name: str) -> tuple[str, str | None, str]:
    found = find_actors(name)
    if not found:
        return (name, None, "org")
    a = found[0]
    return (a.name, a.country, a.kind)


def _same_side(a: tuple[str, str | None, str], b: tuple[str, str | None, str]) -> bool:
    if a[0] == b[0]:
        return True
    return a[1] is not None and a[1] == b[1] and a[2] in _STATE_KINDS and b[2] in _STATE_KINDS


def source_role(
    source: SourceRef, controller: str, parties: Iterable[str], country: str | None
) -> tuple[str, str | None]:
    """``(role, claimant)`` of one source sentence for a state held by *controller*.

    *parties* are the other actors reported holding or losing the object;
    *country* is the object's country (its state's forces are a party).

    >>> s = SourceRef("d", "Colombia's army denied that the town had fallen.", 0, 48)
    >>> source_role(s, "Venezuelan armed forces", [], "CO")
    ('denial', "Colombia's army")
    >>> s = SourceRef("d", "The town fell to Venezuelan troops, residents said.", 0, 50)
    >>> source_role(s, "Venezuelan armed forces", [], "CO")[0]
    'third_party'
    """
    return _role(source, controller, parties, country, sentence_actions(source.sentence))


def _role(
    source: SourceRef,
    controller: str,
    parties: Iterable[str],
    country: str | None,
    actions: frozenset[str],
) -> tuple[str, str | None]:
    """:func:`source_role`, given the sentence's control *actions*.

    The actors' names are looked up only when the sentence names a speaker
    (the country words they need are not read for a report without one).
    """
    who = find_claimant(source.sentence)
    claimant = who.text if who is not None and not who.pronoun else None
    if "denial" in actions:  # whoever denies it, the report is disputed
        return ("denial", claimant)
    if not claimant or not find_actors(claimant):
        return ("third_party", claimant)
    speaker = _actor_identity(claimant)
    if _same_side(speaker, _actor_identity(controller)):
        return ("controller", claimant)
    others = [_actor_identity(p) for p in parties if p != controller]
    if any(_same_side(speaker, o) for o in others) or (
        country is not None and speaker[1] == country and speaker[2] in _STATE_KINDS
    ):
        return ("other_side", claimant)
    return ("third_party", claimant)


@dataclass(frozen=True)
class _Observation:
    day: date
    controller: str | None  # None: a withdrawal leaves no holder
    ends: str | None  # the actor whose state this ends (withdrawal / handover)
    action: str
    event: Event
    extent: dict[str, Any]


def _observations(
    event: Event, known: dict[str, frozenset[str]] | None = None
) -> list[tuple[str, str | None, str | None]]:
    """``(action, new controller, actor whose state ends)`` reported by one event.

    *known*: sentence → its actions (:func:`actions_of`), when worked out already.
    """
    actions: set[str] = set()
    for s in event.sources:
        found = known.get(s.sentence) if known is not None else None
        actions |= sentence_actions(s.sentence) if found is None else found
    controller = event.claim.controller if event.claim is not None else event.actor1
    if controller in (None, "unknown"):
        controller = event.actor1
    if "handover" in actions and event.actor1:
        return [("handover", event.actor2, event.actor1)]
    if "withdrawal" in actions and event.actor1 and event.event_type != "capture":
        return [("withdrawal", None, event.actor1)]
    if event.event_type == "capture" and event.sub_event_type != "capture of people":
        if controller is None:
            return []
        return [("recapture" if "recapture" in actions else "capture", controller, None)]
    if event.event_type == "control_claim" and controller:
        return [("claim", controller, None)]
    return []


def _day(event: Event) -> date | None:
    if event.event_date is not None:
        return event.event_date
    days = [s.published for s in event.sources if s.published is not None]
    return min(days) if days else None


# --- states ----------------------------------------------------------------------------


def _status(sources: Sequence[ControlSource], rivals: Sequence[str], disputed: bool) -> str:
    roles = {s.role for s in sources}
    if rivals or disputed or "denial" in roles:
        return "disputed"
    backing = [s for s in sources if s.role != "denial"]
    outlets = {(s.outlet or s.document).strip().casefold() for s in backing}
    if len(outlets) >= 2 and any(s.role != "controller" for s in backing):
        return "confirmed"
    if "other_side" in roles:
        return "conceded"
    if "third_party" in roles:
        return "reported"
    return "claimed"


def _sources(
    events: Iterable[Event],
    controller: str | None,
    parties: Sequence[str],
    country: str | None,
    known: dict[str, frozenset[str]],
) -> tuple[ControlSource, ...]:
    out: dict[tuple[str, int, str], ControlSource] = {}
    for ev in events:
        for s in ev.sources:
            acts = known.get(s.sentence)
            if acts is None:
                acts = sentence_actions(s.sentence)
            role, claimant = (
                _role(s, controller, parties, country, acts)
                if controller
                else ("third_party", None)
            )
            key = (s.document, s.start, ev.id)
            out.setdefault(
                key,
                ControlSource(
                    s.document,
                    s.sentence,
                    s.start,
                    s.end,
                    s.published,
                    s.outlet,
                    s.url,
                    claimant,
                    role,
                    ev.id,
                ),
            )
    return tuple(sorted(out.values(), key=lambda c: (c.published or date.min, c.document, c.start)))


@dataclass
class _Draft:
    controller: str | None
    start: date
    action: str
    events: list[Event]
    days: list[date]
    rivals: tuple[str, ...] = ()
    extent: dict[str, Any] = field(default_factory=dict)
    end: date | None = None


def _timeline(
    obj: ControlRecord, observations: list[_Observation], known: dict[str, frozenset[str]]
) -> tuple[ControlState, ...]:
    observations = sorted(observations, key=lambda o: (o.day, o.event.id))
    parties = sorted(
        {o.controller for o in observations if o.controller}
        | {o.ends for o in observations if o.ends}
    )
    drafts: list[_Draft] = []
    cur: _Draft | None = None
    by_day: dict[date, list[_Observation]] = {}
    for o in observations:
        by_day.setdefault(o.day, []).append(o)
    for day, group in by_day.items():
        ends = [o for o in group if o.ends and o.controller is None]
        takes = [o for o in group if o.controller]
        if ends and cur is not None and cur.controller in {o.ends for o in ends}:
            cur.end = day
            cur.events.extend(o.event for o in ends)
            cur = None
        holders = sorted({o.controller for o in takes if o.controller})
        if not holders:
            continue
        if len(holders) > 1:
            rivals = tuple(holders)
            if cur is not None and cur.controller is None and cur.rivals == rivals:
                cur.events.extend(o.event for o in takes)
                cur.days.append(day)
                continue
            if cur is not None:
                cur.end = day
            cur = _Draft(None, day, "contested", [o.event for o in takes], [day], rivals)
            drafts.append(cur)
            continue
        holder = holders[0]
        extent = next((o.extent for o in takes if o.extent), {})
        if cur is not None and cur.controller == holder:
            cur.events.extend(o.event for o in takes)
            cur.days.append(day)
            cur.extent = extent or cur.extent
            continue
        if cur is not None:
            cur.end = day
        action = next((o.action for o in takes if o.action != "capture"), takes[0].action)
        if cur is not None and action == "capture":
            action = "recapture" if any(d.controller == holder for d in drafts) else "capture"
        cur = _Draft(holder, day, action, [o.event for o in takes], [day], extent=extent)
        drafts.append(cur)
    states = []
    for d in drafts:
        sources = _sources(
            d.events,
            d.controller or (d.rivals[0] if d.rivals else None),
            parties,
            obj.country_code,
            known,
        )
        if d.controller is None:
            sources = tuple(
                s
                for ev in d.events
                for s in _sources(
                    [ev],
                    ev.claim.controller if ev.claim else ev.actor1,
                    parties,
                    obj.country_code,
                    known,
                )
            )
        published = [s.published for s in sources if s.published is not None]
        first = min([*published, *d.days])
        last = max([*published, *d.days])
        disputed = any(
            ev.claim_status == "disputed"
            or (ev.claim is not None and ev.claim.extent.get("status") == "contested")
            for ev in d.events
        )
        states.append(
            ControlState(
                controller=d.controller,
                status=_status(sources, d.rivals, disputed),
                start=d.start,
                end=d.end,
                first_reported=first,
                last_reported=last,
                action=d.action,
                sources=sources,
                rivals=d.rivals,
                extent=dict(d.extent),
            )
        )
    return tuple(states)


def control_timeline(situation: Situation) -> tuple[ControlRecord, ...]:
    """One :class:`ControlRecord` per object whose control the events report, by id.

    >>> control_timeline(Situation())
    ()
    """
    by_doc: dict[str, list[Toponym]] = {}
    for t in situation.toponyms:
        by_doc.setdefault(t.document, []).append(t)
    for tops in by_doc.values():
        tops.sort(key=lambda t: (t.start, t.end))
    events = situation.events
    known = actions_of([s.sentence for event in events for s in event.sources])
    acting = {sentence for sentence, actions in known.items() if actions}
    objects: dict[str, ControlRecord] = {}
    observed: dict[str, list[_Observation]] = {}
    for event in events:
        if event.event_type not in _REPORTING and (
            not acting or not event.actor1 or acting.isdisjoint([s.sentence for s in event.sources])
        ):
            continue  # neither a capture nor a claim, and no phrase that ends a state
        day = _day(event)
        if day is None:
            continue
        obs = _observations(event, known)
        if not obs:
            continue
        extent = dict(event.claim.extent) if event.claim is not None else {}
        for obj in _event_objects(event, by_doc):
            objects.setdefault(obj.id, obj)
            for action, controller, ends in obs:
                observed.setdefault(obj.id, []).append(
                    _Observation(day, controller, ends, action, event, extent)
                )
    records = []
    for key in sorted(objects):
        obj = objects[key]
        states = _timeline(obj, observed[key], known)
        if states:
            records.append(replace(obj, states=states))
    return _with_backing(tuple(records))


def _with_backing(records: tuple[ControlRecord, ...]) -> tuple[ControlRecord, ...]:
    """Border states list the located objects on that border their controller held then."""
    out = []
    for rec in records:
        if rec.kind != "border":
            out.append(rec)
            continue
        states = []
        for st in rec.states:
            day = st.last_reported if st.end is None else st.start
            backing = tuple(
                r.id
                for r in records
                if r.kind != "border"
                and r.border == rec.border
                and any(
                    s.controller == st.controller
                    and s.start <= day
                    and (s.end is None or day < s.end)
                    for s in r.states
                )
            )
            states.append(replace(st, backing=backing))
        out.append(replace(rec, states=tuple(states)))
    return tuple(out)


def control_as_of(records: Iterable[ControlRecord], day: date) -> tuple[ControlAsOf, ...]:
    """Each object's state on *day* (objects with no state then are left out).

    >>> control_as_of((), date(2024, 1, 1))
    ()
    """
    out = []
    for rec in records:
        state = next((s for s in reversed(rec.states) if s.covers(day)), None)
        if state is not None:
            out.append(ControlAsOf(rec, state))
    return tuple(out)


def control_rows(records: Iterable[ControlRecord]) -> list[dict[str, Any]]:
    """One flat row per object per state interval (ISO dates; the export table).

    >>> control_rows(())
    []
    """
    rows = []
    for rec in records:
        for st in rec.states:
            rows.append(
                {
                    "object_id": rec.id,
                    "object": rec.name,
                    "kind": rec.kind,
                    "country_code": rec.country_code,
                    "admin1": rec.admin1,
                    "admin2": rec.admin2,
                    "border": rec.border,
                    "lat": rec.lat,
                    "lon": rec.lon,
                    "controller": st.controller,
                    "holder": st.holder,
                    "rivals": "; ".join(st.rivals) or None,
                    "status": st.status,
                    "status_label": STATUS_LABELS[st.status],
                    "action": st.action,
                    "start": st.start.isoformat(),
                    "end": None if st.end is None else st.end.isoformat(),
                    "first_reported": st.first_reported.isoformat(),
                    "last_reported": st.last_reported.isoformat(),
                    "fraction": st.extent.get("fraction"),
                    "extent": st.extent.get("text"),
                    "backing": "; ".join(st.backing) or None,
                    "n_sources": len(st.sources),
                    "outlets": "; ".join(dict.fromkeys(s.outlet or s.document for s in st.sources)),
                    "sources": " | ".join(
                        f"{s.document} [{s.start}:{s.end}] ({s.role}"
                        f"{', ' + s.claimant if s.claimant else ''}): {s.sentence}"
                        for s in st.sources
                    ),
                }
            )
    return rows


def as_of_rows(records: Iterable[ControlRecord], day: date) -> list[dict[str, Any]]:
    """The state table on *day*: one row per object that has a state then.

    >>> as_of_rows((), date(2024, 1, 1))
    []
    """
    rows = []
    for item in control_as_of(records, day):
        rec, st = item.record, item.state
        rows.append(
            {
                "object": rec.name,
                "kind": rec.kind,
                "country": rec.country_code,
                "border": rec.border,
                "holder": st.holder,
                "status": st.status,
                "since": st.start.isoformat(),
                "last_reported": st.last_reported.isoformat(),
                "extent": st.extent.get("text"),
                "sources": len(st.sources),
                "outlets": "; ".join(dict.fromkeys(s.outlet or s.document for s in st.sources)),
                "object_id": rec.id,
            }
        )
    return rows


def last_reported(records: Iterable[ControlRecord]) -> date | None:
    """The latest date any state was reported (``None`` when there is none).

    >>> last_reported(()) is None
    True
    """
    days = [s.last_reported for r in records for s in r.states]
    return max(days) if days else None
