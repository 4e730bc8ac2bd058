"""Across sentences and articles: one record per real-world event.

Two event records are the *same* event when all of these hold:

* same ``event_type``; for assistance the same direction (request vs offer),
  for blockades the same state (blocked vs reopened), for captures the same
  kind of object (people, crossing, district...) when both say, for
  deployments exercise vs the rest, for displacement a forced closure
  (consulate, embassy) vs people moving;
* dates compatible: the windows ``[date − back, (end_date or date) + forward]``
  overlap; back/forward are 2/2 days at precision 1, 4/3 at precision 2, and
  31/3 at precision 3 (an event the text does not date carries the
  publication date at precision 3: it happened up to a month before); a
  stated period (``end_date``) reaches 3 days either side; an undated record
  is compatible with any date;
* locations compatible: either missing, the same name, two points within
  50 km, or (when one is coarse) the same country or border;
* actors compatible: either ``actor1`` is unknown, or each record's
  ``actor1`` side is among the other's ``{actor1, actor2}`` sides
  (:func:`geo.events.actors.actor_side`: a state's government and forces are
  one side) — so accounts with the roles swapped ("each side blamed the other")
  still meet;
* counts compatible: for every key both report, the ranges overlap
  ("more than 1,000" ~ "1,037"; 17 ≁ 134; :func:`count_range`);
* control claims: same controller and object, extents within 0.1 (fractions)
  or overlapping (counts);
* statements (assistance, ceasefire or talks, control claims) by two named
  speakers who share no proper name are two statements (Lavrov on Wednesday,
  Zakharova on Friday).

Clustering is complete-linkage (a record joins the first cluster *every*
member of which it matches), in a fixed input order, so it never chains and
is deterministic. The merged event keeps every source, every count side by
side (each :class:`Count` keeps its document; figures are never averaged),
every claimant, the finest date (the earliest among equally fine ones: an
event cannot postdate its first report) and the most specific location; its
``claim_status`` is ``disputed`` if any account is, else ``reported`` if any
neutral source reports it, else ``claimed``. Confidence: the best member's
+0.05 per further article, at most 0.95. ``id`` = ``"ev-"`` + 12 hex digits
of SHA-1 over type, date, location name and first source.

>>> from datetime import date
>>> from geo.situation import Count, Event, SourceRef
>>> def ev(doc, n, day):
...     return Event(id="", event_type="forces_cross_border", event_date=day, time_precision=2,
...                  location=None, actor1="Afghan government forces",
...                  counts={"fled": (Count(n, "more than", "", doc),)},
...                  sources=(SourceRef(doc, "s", 0, 1),))
>>> merged = merge_events([ev("a", 1000, date(2021, 7, 5)), ev("b", 1000, date(2021, 7, 8)),
...                        ev("c", 17, date(2021, 6, 27))])
>>> [(len(m.sources), [c.value for c in m.counts["fled"]]) for m in merged]
[(1, [17]), (2, [1000, 1000])]
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

from geo.events.actors import actor_side
from geo.events.quantities import VAGUE
from geo.situation import Count, Event, EventLocation

#: Days a date window reaches back / forward, by time precision. An undated-in-text
#: event carries the publication date at precision 3 and reaches a month back.
BACK_DAYS: dict[int, int] = {1: 2, 2: 4, 3: 31}
FORWARD_DAYS: dict[int, int] = {1: 2, 2: 3, 3: 3}
NEAR_KM = 50.0
#: Types whose record is a statement (its date is the statement's).
STATEMENT_TYPES = frozenset({"assistance", "ceasefire_or_talks", "control_claim"})


def _window(e: Event) -> tuple[date, date] | None:
    if e.event_date is None:
        return None
    back = BACK_DAYS.get(e.time_precision, 31)
    if e.end_date is not None and e.time_precision == 3:
        back = FORWARD_DAYS[3]  # a stated period: its own range is the uncertainty
    start = e.event_date - timedelta(days=back)
    return start, (e.end_date or e.event_date) + timedelta(
        days=FORWARD_DAYS.get(e.time_precision, 3)
    )


def _dates_ok(a: Event, b: Event) -> bool:
    wa, wb = _window(a), _window(b)
    if wa is None or wb is None:
        return True
    return wa[0] <= wb[1] and wb[0] <= wa[1]


def _km(a: EventLocation, b: EventLocation) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _fine(loc: EventLocation) -> bool:
    return loc.lat is not None and loc.lon is not None and loc.precision < 3


def _locations_ok(a: EventLocation | None, b: EventLocation | None) -> bool:
    if a is None or b is None:
        return True
    if a.name.casefold() == b.name.casefold():
        return True
    if _fine(a) and _fine(b):
        return _km(a, b) <= NEAR_KM
    if a.border and b.border:
        return a.border == b.border or a.country_code == b.country_code
    if a.country_code and b.country_code:
        return a.country_code == b.country_code
    return True


def _actors_ok(a: Event, b: Event) -> bool:
    if not a.actor1 or not b.actor1:
        return True
    sa = {actor_side(x) for x in (a.actor1, a.actor2) if x}
    sb = {actor_side(x) for x in (b.actor1, b.actor2) if x}
    return actor_side(a.actor1) in sb or actor_side(b.actor1) in sa


def count_range(c: Count) -> tuple[float, float]:
    """The range a reported figure plausibly means ("more than 1,000" → [1000, 2500]).

    Open-ended qualifiers are read as news uses them: "more than N" rarely
    means 10N, so it spans [N, 2.5N]; "up to N" [0.4N, N]; an exact figure ±20-25 %.

    >>> count_range(Count(1000, "more than")), count_range(Count(24, "dozens"))
    ((1000, 2500.0), (24, 99))
    """
    v = c.value
    q = c.qualifier
    if q in VAGUE:
        return VAGUE[q]
    if q in ("at least", "more than"):
        return v, 2.5 * v
    if q in ("up to", "less than"):
        return 0.4 * v, v
    if q == "about":
        return 0.7 * v, 1.3 * v
    return 0.8 * v, 1.25 * v


def _counts_ok(a: Event, b: Event) -> bool:
    for key in set(a.counts) & set(b.counts):
        ok = False
        for ca in a.counts[key]:
            ra = count_range(ca)
            for cb in b.counts[key]:
                rb = count_range(cb)
                if ra[0] <= rb[1] and rb[0] <= ra[1]:
                    ok = True
        if not ok:
            return False
    return True


def _subtype_family(e: Event) -> str | None:
    s = e.sub_event_type
    if e.event_type == "assistance":
        return {"request": "request", "offer": "offer"}.get(s)
    if e.event_type == "blockade":
        return s
    if e.event_type == "capture" and s != "capture":
        return s
    if e.event_type == "displacement":
        # a consulate closing is not the people fleeing
        return "closure" if s == "closure forced by fighting" else "people"
    if e.event_type == "deployment":
        # an exercise is not the deployment or call-up of the same week
        return "exercise" if s == "exercise" else "deployment"
    return None


def _claims_ok(a: Event, b: Event) -> bool:
    if a.claim is None or b.claim is None:
        return (a.claim is None and b.claim is None) or a.event_type != "control_claim"
    ca, cb = a.claim, b.claim
    if ca.controller != cb.controller and "unknown" not in (ca.controller, cb.controller):
        return False
    if ca.object.casefold() != cb.object.casefold():
        return False
    fa, fb = ca.extent.get("fraction"), cb.extent.get("fraction")
    if fa is not None and fb is not None and abs(fa - fb) > 0.1:
        return False
    na, nb = ca.extent.get("count"), cb.extent.get("count")
    if na is not None and nb is not None:
        ra = count_range(Count(na, ca.extent.get("qualifier")))
        rb = count_range(Count(nb, cb.extent.get("qualifier")))
        if not (ra[0] <= rb[1] and rb[0] <= ra[1]):
            return False
    return True


_GENERIC_NAME_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "for",
        "foreign",
        "defence",
        "defense",
        "interior",
        "ministry",
        "minister",
        "deputy",
        "president",
        "prime",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "secretary",
        "general",
        "secretary-general",
        "press",
        "service",
        "border",
        "state",
        "national",
        "security",
        "council",
        "committee",
        "office",
        "agency",
        "news",
        "media",
        "officials",
        "army",
        "military",
        "government",
        "chief",
        "head",
        "commander",
        "representative",
        "department",
        "said",
        "according",
        "radio",
        "tv",
        "television",
    ]
)


def _names(claimant: str | None) -> set[str]:
    """Proper-name tokens of a claimant, without roles, countries and demonyms."""
    if not claimant:
        return set()
    from geo.events.lexicon import country_of_word

    out = set()
    for word in re.findall(r"[A-Z][\w’'-]+", claimant):
        w = re.sub(r"['’]s$", "", word)
        if w.lower() in _GENERIC_NAME_WORDS or country_of_word(w):
            continue
        out.add(w.lower())
    return out


def _claimants_ok(a: Event, b: Event) -> bool:
    """Statements by two different named people are two statements."""
    if a.event_type not in STATEMENT_TYPES:
        return True
    na, nb = _names(a.claimant), _names(b.claimant)
    return not na or not nb or bool(na & nb)


def same_event(a: Event, b: Event) -> bool:
    """Whether two records tell the same real-world event (rules in the module docstring)."""
    if a.event_type != b.event_type:
        return False
    if a.sources and b.sources and a.sources[0] == b.sources[0]:
        return False
    fa, fb = _subtype_family(a), _subtype_family(b)
    if fa is not None and fb is not None and fa != fb:
        return False
    return (
        _dates_ok(a, b)
        and _locations_ok(a.location, b.location)
        and _actors_ok(a, b)
        and _counts_ok(a, b)
        and _claims_ok(a, b)
        and _claimants_ok(a, b)
    )


def _event_id(e: Event) -> str:
    first = e.sources[0] if e.sources else None
    key = "|".join(
        (
            e.event_type,
            e.event_date.isoformat() if e.event_date else "",
            e.location.name if e.location else "",
            f"{first.document}:{first.start}" if first else "",
        )
    )
    return "ev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _sort_key(e: Event) -> tuple:
    first = e.sources[0] if e.sources else None
    return (
        first.document if first else "",
        first.start if first else -1,
        e.event_type,
    )


def _loc_score(loc: EventLocation | None) -> tuple[int, int]:
    if loc is None:
        return (9, 9)
    return (loc.precision if loc.lat is not None else 5, 0 if loc.border else 1)


def _combine(members: list[Event]) -> Event:
    if len(members) == 1:
        e = members[0]
        return replace(e, id=_event_id(e)) if not e.id else e
    primary = min(
        members,
        key=lambda e: (e.time_precision, e.event_date or date.max, -e.confidence, _sort_key(e)),
    )
    sources = []
    seen_src = set()
    for e in sorted(members, key=_sort_key):
        for s in e.sources:
            k = (s.document, s.start, s.end)
            if k not in seen_src:
                seen_src.add(k)
                sources.append(s)
    sources.sort(key=lambda s: (s.document, s.start))
    counts: dict[str, list[Count]] = {}
    for e in members:
        for key, vals in e.counts.items():
            bucket = counts.setdefault(key, [])
            for c in vals:
                if c not in bucket:
                    bucket.append(c)
    claimants: list[str] = []
    for e in sorted(members, key=_sort_key):
        if e.claimant and e.claimant not in claimants:
            claimants.append(e.claimant)
    statuses = {e.claim_status for e in members}
    if "disputed" in statuses:
        status = "disputed"
    elif "reported" in statuses:
        status = "reported"
    else:
        status = "claimed"
    location = min((e.location for e in members), key=_loc_score)
    if location is not None and location.border is None:
        border_from = next((e.location for e in members if e.location and e.location.border), None)
        if border_from is not None and (
            location.country_code is None
            or location.country_code in _dyad_alpha2(border_from.border)
        ):
            location = replace(
                location, border=border_from.border, border_distance_km=location.border_distance_km
            )
    docs = {s.document for s in sources}
    confidence = round(min(0.95, max(e.confidence for e in members) + 0.05 * (len(docs) - 1)), 2)
    merged = replace(
        primary,
        id="",
        location=location,
        actor1=primary.actor1 or next((e.actor1 for e in members if e.actor1), None),
        actor2=primary.actor2 or next((e.actor2 for e in members if e.actor2), None),
        origin=primary.origin or next((e.origin for e in members if e.origin), None),
        destination=primary.destination
        or next((e.destination for e in members if e.destination), None),
        counts={k: tuple(v) for k, v in sorted(counts.items())},
        claimant="; ".join(claimants) if claimants else None,
        claim_status=status,
        confidence=confidence,
        sources=tuple(sources),
    )
    return replace(merged, id=_event_id(merged))


def _dyad_alpha2(border: str | None) -> set[str]:
    if not border:
        return set()
    from geo.events.lexicon import COUNTRIES, iso3

    codes = set(border.split("–"))
    return {c for c in COUNTRIES if iso3(c) in codes}


def merge_events(events: Iterable[Event]) -> list[Event]:
    """Merge records of the same real-world event; deterministic ids and order.

    Output order: by date (undated last), then first source (document, offset), then type.
    """
    ordered = sorted(events, key=_sort_key)
    clusters: list[list[Event]] = []
    for e in ordered:
        for cluster in clusters:
            if all(same_event(e, m) for m in cluster):
                cluster.append(e)
                break
        else:
            clusters.append([e])
    merged = [_combine(c) for c in clusters]
    merged.sort(key=lambda e: (e.event_date is None, e.event_date or date.min, _sort_key(e)))
    return merged
