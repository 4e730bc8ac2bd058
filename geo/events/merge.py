"""Across sentences and articles: one record per real-world event.

Two event records are the *same* event when all of these hold:

* same ``event_type``; for assistance the same direction (request vs offer),
  for blockades the same state (blocked vs reopened), for captures the same
  kind of object (people, crossing, district...) when both say, for
  deployments exercise vs the rest, for displacement a forced closure
  (consulate, embassy) vs people moving, for ceasefire or talks a ceasefire or
  agreement vs talks, calls and mediation, for armed clashes an accusation of
  sabotage or a surrender vs the violence;
* dates compatible: the windows ``[date − back, (end_date or date) + forward]``
  overlap; back/forward are 2/2 days at precision 1, 4/3 at precision 2, and
  31/3 at precision 3 (an event the text does not date carries the
  publication date at precision 3: it happened up to a month before); a
  stated period (``end_date``) reaches 3 days either side; an undated record
  is compatible with any date; and neither record is dated to a day after the other
  record's first report (:func:`_reports_ok`: a story of Thursday does not tell the
  clash of the Sunday after, nor the shelling of Friday);
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
* one theatre: the countries each record is tied to (its location's country
  or border dyad; without a location, its actors' home states: a third country
  acting in two conflicts ties neither to the other) overlap or share a land border; a
  record tied to no country at all only merges with records of its own
  articles — two ceasefires on the same day on two unrelated borders are two;
* one article, one happening per place and day: two records of the same
  article at two places (two villages named apart, however near; a village and
  a record known only by its border; other places more than 10 km apart) or on
  two different days
  (both known to the day; or one known to the week by date words of its own
  sentence and the days 3 or more apart) are two, unless one tells that a
  happening went on ("clashes continued for a second day"); so are two with
  figures of different kinds only ("four wounded", "two killed") and two
  clashes that name two manners (a drone strike, a barrage); a bare re-mention
  (no place, actor, figure or date word of its own) has no day of its own
  (:func:`_article_ok`, :func:`_article_key`); a ceasefire or agreement has one day and
  place in its story whatever the day it was announced or the region named around its
  venue; a record whose sentence says it tells
  another happening ("In a separate incident", "Around the same time", "Further
  north") is not merged with another record of its article;
* statements (assistance, ceasefire or talks, control claims) by two named
  speakers who share no proper name are two statements (Lavrov on Wednesday,
  Zakharova on Friday).

Clustering is complete-linkage (a record joins the first cluster *every*
member of which it matches), in a fixed input order, so it never chains and
is deterministic. It is blocked: a record is only tested against clusters of
its type whose first member's date window meets its own, and a cluster is
tested through the distinct values of its members (:func:`cluster_events`),
which gives the clusters of testing every pair with far fewer tests (the
cost grows with the records and the clusters their dates and type meet, not
with every pair). The merged event keeps every source, every count side by
side (each :class:`Count` keeps its document; figures are never averaged),
every claimant, the finest date not after the first report of any member (an event
cannot postdate its first report), among equally fine ones one its own sentence tells (a
record whose sentence has no date word only inherited its day from a sentence before:
:func:`_own_dated`), then the earliest; and the most specific location; its
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

import functools
import hashlib
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from geo.events.actors import actor_side
from geo.events.lexicon import border_countries, land_border
from geo.events.quantities import VAGUE
from geo.situation import ControlClaim, Count, Event, EventLocation, SourceRef

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


#: Days after an article's publication a happening it reports may still be dated (none: a
#: dateline a day before publication only makes the report earlier than its date).
REPORT_SLACK_DAYS = 0


def first_report(e: Event) -> date | None:
    """The earliest publication date of the record's sources (``None``: none known)."""
    days = [s.published for s in e.sources if s.published is not None]
    return min(days) if days else None


def earliest_day(e: Event) -> date | None:
    """The record's day when it is known to the day (``None`` otherwise).

    A week or a month ("this week", "in June") is left to the date windows: only a day
    is sure to be after a report (:func:`_reports_ok`).

    >>> e = Event("", "armed_clash", date(2025, 7, 27), 1, None)
    >>> earliest_day(e), earliest_day(replace(e, time_precision=2))
    (datetime.date(2025, 7, 27), None)
    """
    return e.event_date if e.time_precision == 1 else None


def _reports_ok(
    day_a: date | None, report_a: date | None, day_b: date | None, report_b: date | None
) -> bool:
    """Whether neither happening begins after the other record's first report.

    An article cannot report a happening that took place after it was published: the
    clash of Thursday in a story of Thursday is not the clash of the Sunday after, told
    by a later story, however alike.

    >>> d = date
    >>> _reports_ok(d(2025, 7, 24), d(2025, 7, 24), d(2025, 7, 27), d(2025, 7, 28))
    False
    >>> _reports_ok(d(2025, 7, 24), d(2025, 7, 24), d(2025, 7, 24), d(2025, 7, 28))
    True
    >>> _reports_ok(d(2025, 7, 24), None, d(2025, 7, 27), None)
    True
    """
    slack = timedelta(days=REPORT_SLACK_DAYS)
    if report_a is not None and day_b is not None and day_b > report_a + slack:
        return False
    return not (report_b is not None and day_a is not None and day_a > report_b + slack)


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


def record_scope(e: Event) -> tuple[frozenset[str], frozenset[str]]:
    """(countries the record is tied to, its documents): see :func:`_scope_ok`.

    Public because the partitioned merge (:mod:`geo.partitioned`) shards records
    by the same countries, so that its shards give the in-process clusters.
    """
    from geo.events.actor_table import load_actor_table

    codes: set[str] = set()
    loc = e.location
    if loc is not None:
        if loc.country_code:
            codes.add(loc.country_code)
        codes.update(border_countries(loc.border))
    if codes:
        return frozenset(codes), frozenset(s.document for s in e.sources)
    table = load_actor_table()
    for name in (e.actor1, e.actor2):
        if not name:
            continue
        side = actor_side(name)
        row = table.by_name.get(name)
        if len(side) == 2 and side.isupper():
            codes.add(side)
        elif side.startswith("civilians:"):
            codes.add(side.split(":", 1)[1])
        elif row is not None and row.country and row.kind not in _INTERNATIONAL_KINDS:
            codes.add(row.country)
    return frozenset(codes), frozenset(s.document for s in e.sources)


_INTERNATIONAL_KINDS = frozenset(
    {"international_org", "international_mission", "international_force", "peacekeeping_mission"}
)


def _scope_ok(
    a: tuple[frozenset[str], frozenset[str]], b: tuple[frozenset[str], frozenset[str]]
) -> bool:
    """Whether two records can be one happening by where they are tied to.

    >>> armenia, kyrgyz = frozenset({"AM", "AZ"}), frozenset({"KG"})
    >>> _scope_ok((armenia, frozenset({"a"})), (kyrgyz, frozenset({"b"})))
    False
    >>> _scope_ok((frozenset({"AM"}), frozenset({"a"})), (frozenset({"AZ"}), frozenset({"b"})))
    True
    >>> _scope_ok((frozenset(), frozenset({"a"})), (frozenset({"KG"}), frozenset({"b"})))
    False
    """
    ca, da = a
    cb, db = b
    if not ca or not cb:
        return bool(da & db)
    return _countries_ok(ca, cb)


@functools.lru_cache(maxsize=65536)
def _countries_ok(a: frozenset[str], b: frozenset[str]) -> bool:
    """:func:`_scope_ok` for two records both tied to countries: shared or neighbouring."""
    return bool(a & b) or any(land_border(x, y) for x in a for y in b)


#: Within one article, two located records this close are one place (a village and its
#: outskirts); further apart they are two happenings.
SAME_ARTICLE_KM = 10.0

ArticleKey = tuple[
    frozenset[str], EventLocation | None, tuple[date, int] | None, frozenset[str], str | None, bool
]

#: Words by which a story says it now tells another happening ("In a separate incident",
#: "Around the same time", "Further north", "also came under fire"): within its article,
#: a record whose sentence says so is not merged with the others.
DISTINCT = re.compile(
    r"\b(?:in an?(?:other)? separate (?:incident|attack|clash|strike|raid)|separately"
    r"|(?:around|at|about) the same time|the same day|meanwhile|elsewhere"
    r"|further (?:north|south|east|west|upstream|downstream|inland)|also came under)\b",
    re.IGNORECASE,
)

#: Within one article, two days to the week (told by date words) this many days apart or
#: more are two happenings; a statement's day ("denied on Wednesday") is a day off at most.
WEEK_APART_DAYS = 3


#: A sentence telling that a happening went on ("clashes continued for a second day", "the
#: fighting was still going on") carries it into another day: within its article, that day
#: does not make it a new happening.
ONGOING = re.compile(
    r"\b(?:continu(?:ed|es|ing)|went on|goes on|still going on|(?:was|were|is|are) still"
    r"|raged on|dragged on|persist(?:ed|s|ing)"
    r"|for (?:a|the) (?:second|third|fourth|fifth|sixth|seventh) (?:straight |consecutive )?day)\b",
    re.IGNORECASE,
)


def _article_key(e: Event) -> ArticleKey:
    """What :func:`_article_ok` reads: documents, location, dated day, figures, manner.

    The day (with its precision) is kept when to the day or, by date words of its own
    sentence, to the week.

    A bare re-mention (no place, no actor, no figure, no date of its own: "Our soldiers
    were attacked.") brings nothing that tells it apart, so its day does not keep it apart either;
    the date windows of :func:`_dates_ok` still apply.

    >>> src = SourceRef("a", "Our soldiers were attacked.", 0, 27)
    >>> bare = Event("", "armed_clash", date(2012, 4, 10), 1, None, sources=(src,))
    >>> _article_key(bare)[2] is None
    True
    >>> _article_key(replace(bare, actor1="SPLA"))[2]
    (datetime.date(2012, 4, 10), 1)
    >>> dated = replace(src, sentence="Our soldiers were attacked on Monday.")
    >>> _article_key(replace(bare, sources=(dated,)))[2]
    (datetime.date(2012, 4, 10), 1)
    >>> going_on = replace(src, sentence="Clashes continued for a second day on Monday.")
    >>> _article_key(replace(bare, actor1="SPLA", sources=(going_on,)))[2] is None
    True
    """
    from geo.events.extract import has_date_word

    bare = (
        e.location is None
        and not e.actor1
        and not e.actor2
        and not e.counts
        and not any(has_date_word(s.sentence) for s in e.sources)
    )
    own_day = e.time_precision == 1 or (
        e.time_precision == 2 and any(has_date_word(s.sentence) for s in e.sources)
    )
    ongoing = any(ONGOING.search(s.sentence) for s in e.sources)
    # a story tells one agreement on the day it was reached and on the day it was announced,
    # where it was signed and in the region around: neither tells two agreements apart
    agreement = e.event_type == "ceasefire_or_talks" and _subtype_family(e) == "agreement"
    day = (
        (e.event_date, e.time_precision)
        if own_day and not bare and not ongoing and not agreement and e.event_date
        else None
    )
    return (
        frozenset(s.document for s in e.sources),
        None if agreement else e.location,
        day,
        frozenset(e.counts),
        _manner(e),
        any(DISTINCT.search(s.sentence) is not None for s in e.sources),
    )


def _article_ok(a: ArticleKey, b: ArticleKey) -> bool:
    """Records of the same article are one happening only at the same place and day.

    Two sentences of one article at two named places (further apart than
    :data:`SAME_ARTICLE_KM`) or on two different days, both to the day, are two happenings
    (a clash at one village, another at the next; the shelling of Monday and of Tuesday).
    A record without a place may be a later sentence referring back ("the fighting spread").

    >>> goris = EventLocation("Goris", 39.51, 46.34, 1, "AM")
    >>> sotk = EventLocation("Sotk", 40.20, 45.92, 1, "AM")
    >>> d = date(2022, 9, 13)
    >>> def key(doc, loc, counts=(), distinct=False):
    ...     return frozenset({doc}), loc, (d, 1), frozenset(counts), None, distinct
    >>> _article_ok(key("a", goris), key("a", sotk))
    False
    >>> _article_ok(key("a", goris), key("a", goris))
    True
    >>> _article_ok(key("a", goris), key("b", sotk))
    True

    Figures of different kinds in two sentences ("four wounded", "two killed") are
    two reports; the same kind ("more than 1,000 fled", "1,037 fled") may be one.

    >>> _article_ok(key("a", None, ["wounded"]), key("a", None, ["killed"]))
    False
    >>> _article_ok(key("a", None, ["fled"]), key("a", None, ["fled"]))
    True

    A sentence that says it tells another happening ("In a separate incident") stays apart.

    >>> _article_ok(key("a", goris), key("a", goris, distinct=True))
    False
    """
    if not a[0] & b[0]:
        return True
    if a[5] or b[5]:
        return False  # "In a separate incident, ...": the story says it is another one
    if a[2] is not None and b[2] is not None and a[2][0] != b[2][0]:
        if a[2][1] == 1 and b[2][1] == 1:
            return False
        if abs((a[2][0] - b[2][0]).days) >= WEEK_APART_DAYS:
            return False
    if a[3] and b[3] and not a[3] & b[3]:
        return False  # two sentences of one story with figures of different kinds
    if a[4] is not None and b[4] is not None and a[4] != b[4]:
        return False  # a drone strike and a barrage told in two sentences
    la, lb = a[1], b[1]
    if la is None or lb is None:
        return True
    if la.name.casefold() == lb.name.casefold():
        return True
    if la.lat is None or lb.lat is None:
        # a border known only by its dyad is judged as across articles, except against a
        # village of the story: the story named that one's place and not this one's
        pointed = la if lb.lat is None else lb
        return pointed.lat is None or pointed.precision != 1
    if la.precision == 1 and lb.precision == 1 and not _one_names_other(la.name, lb.name):
        return False  # two villages named apart in one story: two happenings, however near
    return _fine(la) and _fine(lb) and _km(la, lb) <= SAME_ARTICLE_KM


def _one_names_other(a: str, b: str) -> bool:
    """Whether one place name contains the other ("Goris" in "Goris outskirts").

    >>> _one_names_other("Goris", "Goris outskirts"), _one_names_other("Kulundu", "Ovchi")
    (True, False)
    """
    a, b = a.casefold(), b.casefold()
    return a in b or b in a


def _actors_ok(a: Event, b: Event) -> bool:
    return _sides_ok((a.actor1, a.actor2), (b.actor1, b.actor2))


def _sides_ok(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    """:func:`_actors_ok` on (actor1, actor2) pairs."""
    if not a[0] or not b[0]:
        return True
    sa = {actor_side(x) for x in a if x}
    sb = {actor_side(x) for x in b if x}
    return actor_side(a[0]) in sb or actor_side(b[0]) in sa


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
    return _count_dicts_ok(a.counts, b.counts)


def _count_dicts_ok(a: dict[str, tuple[Count, ...]], b: dict[str, tuple[Count, ...]]) -> bool:
    """:func:`_counts_ok` on the events' ``counts``."""
    for key in set(a) & set(b):
        ok = False
        for ca in a[key]:
            ra = count_range(ca)
            for cb in b[key]:
                rb = count_range(cb)
                if ra[0] <= rb[1] and rb[0] <= ra[1]:
                    ok = True
        if not ok:
            return False
    return True


#: What :func:`_count_dicts_ok` reads of a ``counts`` dict: per key, the
#: (value, qualifier) of each count (hashable, for memoising).
CountKey = frozenset[tuple[str, frozenset[tuple[int, str | None]]]]


def _count_key(counts: dict[str, tuple[Count, ...]]) -> CountKey:
    """The part of ``counts`` :func:`_count_dicts_ok` depends on.

    >>> _count_key({"fled": (Count(10, "about", "about 10", "a"), Count(10, "about"))})
    frozenset({('fled', frozenset({(10, 'about')}))})
    """
    return frozenset((k, frozenset((c.value, c.qualifier) for c in v)) for k, v in counts.items())


def _count_keys_ok(a: CountKey, b: CountKey) -> bool:
    """:func:`_count_dicts_ok` on :func:`_count_key` values."""
    return _count_dicts_ok(
        {k: tuple(Count(v, q) for v, q in vs) for k, vs in a},
        {k: tuple(Count(v, q) for v, q in vs) for k, vs in b},
    )


_AGREEMENT_SUBS = frozenset({"ceasefire", "agreement", "ceasefire agreed"})
#: Displacement sub-types that are never the same happening as people fleeing.
_APART_DISPLACEMENT = frozenset({"expulsion", "people stranded"})


def _subtype_family(e: Event) -> str | None:
    s = e.sub_event_type
    if e.event_type == "assistance":
        return {"request": "request", "offer": "offer"}.get(s)
    if e.event_type == "blockade":
        return s
    if e.event_type == "capture" and s != "capture":
        return s
    if e.event_type == "displacement":
        # a consulate closing is not the people fleeing; people sent back by a state, or
        # held at a border, are not people fleeing or moved to safety
        if s == "closure forced by fighting":
            return "closure"
        return s if s in _APART_DISPLACEMENT else "people"
    if e.event_type == "ceasefire_or_talks":
        # a ceasefire or agreement concluded is not the talks, calls or mediation around it,
        # and forces pulling back are neither
        if s == "withdrawal":
            return s
        return "agreement" if s in _AGREEMENT_SUBS else "talks"
    if e.event_type == "deployment":
        # an exercise is not the deployment or call-up of the same week
        return "exercise" if s == "exercise" else "deployment"
    if e.event_type == "armed_clash":
        # an accusation of sabotage, or a surrender, is not the fighting around it
        return s if s in _APART_SUBS else "violence"
    return None


#: Sub-types of ``armed_clash`` that are never the same happening as another sub-type.
_APART_SUBS = frozenset({"sabotage accusation", "surrender"})

#: Within one article, ``armed_clash`` sub-types that name how the violence was done:
#: two sentences that name two different manners (a drone strike, a barrage) tell two
#: happenings; a generic sub-type ("clash", "casualties") names none.
_MANNER = {
    "air or drone strike": "air",
    "shelling": "shelling",
    "exchange of fire": "fire",
    "sabotage accusation": "accusation",
    "surrender": "surrender",
}


def _manner(e: Event) -> str | None:
    """How an ``armed_clash`` was done, when its sub-type says (:data:`_MANNER`).

    >>> _manner(Event("", "armed_clash", None, 3, None, sub_event_type="shelling"))
    'shelling'
    >>> _manner(Event("", "armed_clash", None, 3, None, sub_event_type="clash")) is None
    True
    """
    if e.event_type != "armed_clash" or e.sub_event_type is None:
        return None
    return _MANNER.get(e.sub_event_type)


def _claims_ok(a: Event, b: Event) -> bool:
    return _claim_pair_ok(a.event_type, a.claim, b.claim)


def _claim_pair_ok(event_type: str, ca: ControlClaim | None, cb: ControlClaim | None) -> bool:
    """:func:`_claims_ok` on the claims (``event_type`` is the first record's)."""
    if ca is None or cb is None:
        return (ca is None and cb is None) or event_type != "control_claim"
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
    return _claimant_pair_ok(a.event_type, a.claimant, b.claimant)


def _claimant_pair_ok(event_type: str, a: str | None, b: str | None) -> bool:
    """:func:`_claimants_ok` on the claimants (``event_type`` is the first record's)."""
    if event_type not in STATEMENT_TYPES:
        return True
    na, nb = _names(a), _names(b)
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
        and _reports_ok(earliest_day(a), first_report(a), earliest_day(b), first_report(b))
        and _locations_ok(a.location, b.location)
        and _actors_ok(a, b)
        and _counts_ok(a, b)
        and _claims_ok(a, b)
        and _claimants_ok(a, b)
        and _scope_ok(record_scope(a), record_scope(b))
        and _article_ok(_article_key(a), _article_key(b))
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


def _own_dated(e: Event) -> bool:
    """Whether a sentence of the record has a date word of its own.

    A record without one took its day from a sentence before it ("Residents said soldiers
    opened fire", after "The standoff turned deadly on Friday"), so its day does not
    date a happening another sentence dates itself.

    >>> from geo.situation import SourceRef
    >>> e = Event("", "armed_clash", date(2019, 2, 22), 1, None,
    ...           sources=(SourceRef("a", "Soldiers opened fire.", 0, 21),))
    >>> _own_dated(e)
    False
    >>> _own_dated(replace(e, sources=(SourceRef("a", "Troops fired on Saturday.", 0, 25),)))
    True
    """
    from geo.events.extract import has_date_word

    return any(has_date_word(s.sentence) for s in e.sources)


def _combine(members: list[Event]) -> Event:
    if len(members) == 1:
        e = members[0]
        return replace(e, id=_event_id(e)) if not e.id else e
    reported = [d for d in (first_report(e) for e in members) if d is not None]
    first_day = min(reported) if reported else None
    primary = min(
        members,
        key=lambda e: (
            # an event cannot postdate its first report
            first_day is not None and e.event_date is not None and e.event_date > first_day,
            e.time_precision,
            not _own_dated(e),
            e.event_date or date.max,
            -e.confidence,
            _sort_key(e),
        ),
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
    seen_counts: set[tuple[str, Count]] = set()
    for e in members:
        for key, vals in e.counts.items():
            bucket = counts.setdefault(key, [])
            for c in vals:
                if (key, c) not in seen_counts:
                    seen_counts.add((key, c))
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


#: Days per bucket of the date index of :class:`_TypeBlock`.
BUCKET_DAYS = 16
#: A window spanning more buckets than this is not indexed: it meets every cluster.
MAX_BUCKETS = 32


def _span(window: tuple[date, date] | None) -> range | None:
    """Date-index buckets a window touches (``None``: undated or too long to index)."""
    if window is None:
        return None
    first, last = window[0].toordinal() // BUCKET_DAYS, window[1].toordinal() // BUCKET_DAYS
    if last - first >= MAX_BUCKETS:
        return None
    return range(first, last + 1)


class _Parts:
    """What :func:`same_event` reads of one record, computed once.

    Locations, actor pairs, count keys and claimants are interned as small
    integers (equal values, equal numbers), so that pair tests are memoised
    on cheap keys.
    """

    __slots__ = (
        "article", "claim", "claimant", "counts", "day", "family", "first", "location", "report",
        "scope", "sides", "window",
    )  # fmt: skip

    def __init__(self, e: Event, intern: _Interner) -> None:
        self.window = _window(e)
        self.day = earliest_day(e)
        self.report = first_report(e)
        self.family = _subtype_family(e)
        self.first = e.sources[0] if e.sources else None
        self.location = intern.number("loc", e.location)
        self.sides = intern.number("actors", (e.actor1, e.actor2))
        self.counts = intern.number("counts", _count_key(e.counts))
        self.claimant = intern.number("claimant", e.claimant)
        self.claim = e.claim
        self.scope = intern.number("scope", record_scope(e))
        self.article = intern.number("article", _article_key(e))


class _Interner:
    """Numbers for values (per kind), the values back, and memoised pair tests."""

    def __init__(self) -> None:
        self._numbers: dict[tuple[str, Any], int] = {}
        self.values: list[Any] = []
        self._memo: dict[tuple[object, int, int], bool] = {}

    def number(self, kind: str, value: Any) -> int:
        """The number of ``value`` (``kind`` keeps kinds apart)."""
        key = (kind, value)
        got = self._numbers.get(key)
        if got is None:
            got = self._numbers[key] = len(self.values)
            self.values.append(value)
        return got

    def test(self, tag: object, test: Callable[[Any, Any], bool], a: int, b: int) -> bool:
        """``test`` on the values numbered ``a`` and ``b``, memoised under ``tag``."""
        key = (tag, a, b)
        got = self._memo.get(key)
        if got is None:
            got = self._memo[key] = test(self.values[a], self.values[b])
        return got


class _Cluster:
    """A cluster's members plus what :func:`same_event` reads of them, deduplicated.

    :func:`same_event` is a conjunction of tests that each read one part of
    each record (first source, subtype family, date window, location,
    actors, counts, claim, claimant). A record matches *every* member
    exactly when each test passes against every distinct value of its part
    among the members, so :meth:`accepts` checks the distinct values (a
    handful, however large the cluster) instead of the members. Date windows
    reduce to one interval: a window overlaps all members' windows exactly
    when it overlaps [latest start, earliest end].
    """

    def __init__(self, intern: _Interner) -> None:
        self.members: list[Event] = []
        self._intern = intern
        self._firsts: set[SourceRef] = set()
        self._families: set[str] = set()
        self._latest_start: date | None = None
        self._earliest_end: date | None = None
        # the latest first day of the members' happenings, the earliest of their reports
        self._latest_day: date | None = None
        self._earliest_report: date | None = None
        self._locations: set[int] = set()
        self._sides: set[int] = set()
        self._counts: set[int] = set()
        self._claims: list[ControlClaim | None] = []
        self._claimants: set[int] = set()
        # scope (see accepts): members' country sets, and the document sets of all
        # members and of those tied to no country
        self._country_sets: set[frozenset[str]] = set()
        self._doc_sets: set[frozenset[str]] = set()
        self._docs_without_country: set[frozenset[str]] = set()
        # article keys by document: only records of the same article constrain each other
        self._articles: dict[str, set[int]] = {}

    def add(self, e: Event, parts: _Parts) -> None:
        """Add member ``e`` (``parts`` are its :class:`_Parts`)."""
        self.members.append(e)
        if parts.first is not None:
            self._firsts.add(parts.first)
        if parts.family is not None:
            self._families.add(parts.family)
        window = parts.window
        if window is not None:
            if self._latest_start is None or window[0] > self._latest_start:
                self._latest_start = window[0]
            if self._earliest_end is None or window[1] < self._earliest_end:
                self._earliest_end = window[1]
        if parts.day is not None and (self._latest_day is None or parts.day > self._latest_day):
            self._latest_day = parts.day
        if parts.report is not None and (
            self._earliest_report is None or parts.report < self._earliest_report
        ):
            self._earliest_report = parts.report
        self._locations.add(parts.location)
        self._sides.add(parts.sides)
        self._counts.add(parts.counts)
        if parts.claim not in self._claims:
            self._claims.append(parts.claim)
        self._claimants.add(parts.claimant)
        countries, docs = self._intern.values[parts.scope]
        self._doc_sets.add(docs)
        if countries:
            self._country_sets.add(countries)
        else:
            self._docs_without_country.add(docs)
        for doc in docs:
            self._articles.setdefault(doc, set()).add(parts.article)

    @property
    def earliest_report(self) -> date | None:
        """The earliest first report of the members (``None``: none known)."""
        return self._earliest_report

    def accepts(self, e: Event, parts: _Parts) -> bool:
        """``all(same_event(e, m) for m in self.members)``, from the distinct parts."""
        if parts.first is not None and parts.first in self._firsts:
            return False
        family = parts.family
        if family is not None and self._families and self._families != {family}:
            return False
        window = parts.window
        if window is not None and self._latest_start is not None:
            assert self._earliest_end is not None
            if not (window[0] <= self._earliest_end and self._latest_start <= window[1]):
                return False
        if not _reports_ok(parts.day, parts.report, self._latest_day, self._earliest_report):
            return False
        test = self._intern.test
        loc, sides, counts = parts.location, parts.sides, parts.counts
        if not all(test("loc", _locations_ok, loc, o) for o in self._locations):
            return False
        if not all(test("actors", _sides_ok, sides, o) for o in self._sides):
            return False
        countries, docs = self._intern.values[parts.scope]
        # all(_scope_ok(scope, m) for every member m), by its cases
        if countries:
            if not all(_countries_ok(countries, c) for c in self._country_sets):
                return False
            if not all(docs & d for d in self._docs_without_country):
                return False
        elif not all(docs & d for d in self._doc_sets):
            return False
        # _article_ok holds for records of different articles: test only shared documents
        same_article: set[int] = set()
        for doc in docs:
            same_article.update(self._articles.get(doc, ()))
        if not all(test("article", _article_ok, parts.article, o) for o in same_article):
            return False
        if not all(test("counts", _count_keys_ok, counts, o) for o in self._counts):
            return False
        if not all(_claim_pair_ok(e.event_type, parts.claim, o) for o in self._claims):
            return False
        claimants_ok = functools.partial(_claimant_pair_ok, e.event_type)
        return all(test(e.event_type, claimants_ok, parts.claimant, o) for o in self._claimants)


class _TypeBlock:
    """The clusters of one event type, indexed by their first member's dates and scope.

    A record can only join a cluster whose *every* member it matches, so in
    particular the first member: same type (one block per type), overlapping
    date windows (:func:`_dates_ok`; two windows overlap exactly when they
    share a day, hence a bucket) and a compatible scope (:func:`_scope_ok`:
    a shared or neighbouring country, or, for a record tied to no country, a
    shared document). Each cluster is indexed under its first member's date
    buckets crossed with its countries and documents, and there by its
    members' earliest report: a record known to the day skips the clusters
    first reported before that day (:func:`_reports_ok`) without reading them,
    so the stories of other days that pile up in its date bucket as the
    corpus grows denser cost nothing. :meth:`candidates` lists, in creation
    order, every cluster that may take a record — a superset of the clusters
    it can join, so complete-linkage clustering over the candidates equals
    clustering over all clusters, and the work per record stays flat as the
    corpus grows.
    """

    def __init__(self, intern: _Interner) -> None:
        self.clusters: list[_Cluster] = []
        self._intern = intern
        #: (date bucket or None for undated first members, scope key) -> cluster indices
        #: by their cluster's earliest report
        self._index: dict[tuple[int | None, tuple[str, str]], _ByReport] = {}
        #: scope key -> clusters under it whatever their dates (for undated records)
        self._any_date: dict[tuple[str, str], _ByReport] = {}
        #: per cluster, the index entries it is in (moved when its earliest report moves)
        self._entries: list[list[_ByReport]] = []
        self._countries: list[str] = []  # country keys in the index, in order of arrival
        self._country_set: set[str] = set()
        self._near: dict[frozenset[str], tuple[list[str], int]] = {}

    def _near_countries(self, codes: frozenset[str]) -> list[str]:
        """Indexed countries equal to or sharing a land border with one of ``codes``."""
        found, checked = self._near.get(codes, ([], 0))
        if checked < len(self._countries):
            found = found + [
                y
                for y in self._countries[checked:]
                if y in codes or any(land_border(x, y) for x in codes)
            ]
            self._near[codes] = (found, len(self._countries))
        return found

    def _lookup_keys(self, scope: tuple[frozenset[str], frozenset[str]]) -> list[tuple[str, str]]:
        countries, docs = scope
        keys = [("d", d) for d in sorted(docs)]
        if countries:
            keys.extend(("c", y) for y in self._near_countries(countries))
        return keys

    def candidates(self, span: range | None, parts: _Parts) -> Iterable[int]:
        """Indices (ascending) of the clusters a record with ``parts`` may join."""
        keys = self._lookup_keys(self._intern.values[parts.scope])
        found: set[int] = set()
        day = parts.day
        if span is None:
            for key in keys:
                _gather(self._any_date.get(key), day, found)
        else:
            index = self._index
            for key in keys:
                _gather(index.get((None, key)), day, found)
                for b in span:
                    _gather(index.get((b, key)), day, found)
        return sorted(found)

    def add(self, e: Event) -> bool:
        """Put ``e`` into the first cluster it wholly matches; ``True`` if it starts a new one."""
        parts = _Parts(e, self._intern)
        span = _span(parts.window)
        for k in self.candidates(span, parts):
            cluster = self.clusters[k]
            if cluster.accepts(e, parts):
                before = cluster.earliest_report
                cluster.add(e, parts)
                if cluster.earliest_report != before:
                    for entry in self._entries[k]:
                        _move(entry, k, before, cluster.earliest_report)
                return False
        cluster = _Cluster(self._intern)
        cluster.add(e, parts)
        k = len(self.clusters)
        self.clusters.append(cluster)
        countries, docs = self._intern.values[parts.scope]
        keys = [("d", d) for d in docs] + [("c", c) for c in countries]
        for c in countries:
            if c not in self._country_set:
                self._country_set.add(c)
                self._countries.append(c)
        buckets: Iterable[int | None] = [None] if span is None else span
        report = cluster.earliest_report
        entries: list[_ByReport] = []
        for key in keys:
            entries.append(self._any_date.setdefault(key, {}))
            for b in buckets:
                entries.append(self._index.setdefault((b, key), {}))
        for entry in entries:
            entry.setdefault(report, set()).add(k)
        self._entries.append(entries)
        return True


#: Cluster indices by their cluster's earliest report (``None``: no report date known).
_ByReport = dict[date | None, set[int]]


def _gather(entry: _ByReport | None, day: date | None, found: set[int]) -> None:
    """Add to ``found`` the clusters of ``entry`` a record of ``day`` may join.

    A record known to the day cannot join a cluster first reported before that day
    (:func:`_reports_ok`): those are left out unread, so the candidates of a record do
    not grow with the stories of other days in its date bucket.

    >>> found = set()
    >>> _gather({date(2024, 7, 1): {0}, date(2024, 7, 9): {1}, None: {2}}, date(2024, 7, 5), found)
    >>> sorted(found)
    [1, 2]
    """
    if entry is None:
        return
    if day is None:
        for ks in entry.values():
            found.update(ks)
        return
    floor = day - timedelta(days=REPORT_SLACK_DAYS)
    for report, ks in entry.items():
        if report is None or report >= floor:
            found.update(ks)


def _move(entry: _ByReport, k: int, old: date | None, new: date | None) -> None:
    """Re-file cluster ``k`` of ``entry`` from earliest report ``old`` to ``new``."""
    ks = entry[old]
    ks.discard(k)
    if not ks:
        del entry[old]
    entry.setdefault(new, set()).add(k)


def cluster_events(ordered: Iterable[Event]) -> list[list[Event]]:
    """Complete-linkage clusters of ``ordered`` records, in order of creation.

    A record joins the first earlier cluster every member of which it
    matches (:func:`same_event`), else starts a new one. Only clusters of the
    same type with an overlapping date window are looked at (blocking), and a
    cluster is tested through the distinct values of its members (see
    :class:`_Cluster`): the clusters are exactly those of comparing every
    record with every member of every earlier cluster, in far fewer tests.

    >>> from geo.situation import SourceRef
    >>> here = EventLocation("Batken", None, None, 3, "KG")
    >>> def ev(doc, day):
    ...     return Event(id="", event_type="armed_clash", event_date=day, time_precision=1,
    ...                  location=here, sources=(SourceRef(doc, "s", 0, 1),))
    >>> [[m.sources[0].document for m in c] for c in cluster_events(
    ...     [ev("a", date(2022, 1, 27)), ev("b", date(2022, 3, 1)), ev("c", date(2022, 1, 28))])]
    [['a', 'c'], ['b']]
    """
    intern = _Interner()
    blocks: dict[str, _TypeBlock] = {}
    order: list[tuple[str, int]] = []  # (type, index in its block) of each new cluster
    for e in ordered:
        block = blocks.get(e.event_type)
        if block is None:
            block = blocks[e.event_type] = _TypeBlock(intern)
        if block.add(e):
            order.append((e.event_type, len(block.clusters) - 1))
    return [blocks[t].clusters[k].members for t, k in order]


def merge_events(events: Iterable[Event]) -> list[Event]:
    """Merge records of the same real-world event; deterministic ids and order.

    Output order: by date (undated last), then first source (document, offset), then type.
    """
    ordered = sorted(events, key=_sort_key)
    merged = [_combine(c) for c in cluster_events(ordered)]
    merged.sort(key=lambda e: (e.event_date is None, e.event_date or date.min, _sort_key(e)))
    return merged


#: Markers :func:`fold_back_references` reads, one per record: a report of its own, a
#: re-mention of a happening already told, or a re-mention whose definite noun opens the
#: sentence as its subject ("The attack happened on Monday.").
NEW_REPORT, RE_MENTION, OPENING_RE_MENTION = 0, 1, 2


def fold_back_references(events: list[Event], refs: Sequence[int]) -> list[Event]:
    """One article's records with each back-reference folded into the record it names.

    ``refs[i]`` says that record ``i``'s trigger is a definite noun referring to a
    happening already told ("claimed the attack", "called the arrests a ..."; see
    :func:`geo.events.filters.back_reference`) and that its clause names no place of its
    own (a place elsewhere in the sentence is not the re-mention's). Such a record joins
    the first earlier record of the article of its type and sub-type family — a definite
    "the attack" names the story's happening far more often than a later side event —
    whose day it shares when its own sentence tells one; its source and claimant are
    kept there. A re-mention that brings figures of its own ("in the clashes, three
    were killed") is a report in its own right — unless it is a toll alone ("A further
    47 soldiers were wounded.", sub-type ``casualties``), whose figures then join the
    happening's — and a sentence that says it tells
    another happening (:data:`DISTINCT`: "On the same day, ...") is not folded either;
    with no such earlier record it stays a record of its own. :data:`OPENING_RE_MENTION` says the
    definite noun opens the sentence as its subject ("The attack happened on Monday."):
    the sentence is there to give the happening's day or place, so it joins the earlier
    record whatever its day, and a finer day of its own (precision 1 against a month
    or a year) becomes the record's.

    >>> from geo.situation import SourceRef
    >>> def ev(start, sentence, day=date(2024, 7, 24)):
    ...     return Event("", "armed_clash", day, 1, None, sub_event_type="attack",
    ...                  sources=(SourceRef("a", sentence, start, start + len(sentence)),))
    >>> first = ev(0, "Gunmen killed twelve people in the park.")
    >>> again = ev(50, "No group has said it carried out the attack.", date(2024, 7, 29))
    >>> [len(e.sources) for e in fold_back_references([first, again], [False, True])]
    [2]
    >>> [len(e.sources) for e in fold_back_references([again], [True])]
    [1]
    >>> dated = ev(50, "The attack of Friday was claimed.", date(2024, 7, 26))
    >>> [len(e.sources) for e in fold_back_references([first, dated], [False, True])]
    [1, 1]
    >>> year = replace(first, event_date=date(2024, 1, 1), time_precision=3)
    >>> [(len(e.sources), e.event_date) for e in fold_back_references([year, dated], [0, 2])]
    [(2, datetime.date(2024, 7, 26))]
    """
    from geo.events.extract import has_date_word

    out: list[Event] = []
    for e, ref in zip(events, refs, strict=True):
        if ref and e.sources:
            doc = e.sources[0].document
            own_date = any(has_date_word(s.sentence) for s in e.sources)
            toll = e.event_type == "armed_clash" and e.sub_event_type == "casualties"
            apart = (bool(e.counts) and not toll) or any(
                DISTINCT.search(s.sentence) for s in e.sources
            )
            for k, o in enumerate(out):
                if (
                    not apart
                    and o.event_type == e.event_type
                    and o.sources
                    and o.sources[0].document == doc
                    and _subtype_family(o) == _subtype_family(e)
                    and (
                        not own_date
                        or o.event_date is None
                        or o.event_date == e.event_date
                        or ref == OPENING_RE_MENTION
                    )
                ):
                    out[k] = _fold(o, e, with_counts=toll)
                    if (
                        ref == OPENING_RE_MENTION
                        and own_date
                        and e.event_date is not None
                        and e.time_precision < o.time_precision
                    ):
                        out[k] = replace(
                            out[k],
                            event_date=e.event_date,
                            end_date=e.end_date,
                            time_precision=e.time_precision,
                        )
                    break
            else:
                out.append(e)
            continue
        out.append(e)
    return out


def _fold(into: Event, ref: Event, with_counts: bool = False) -> Event:
    """``into`` with ``ref``'s sources and claimant added (its own kept first).

    ``with_counts``: ``ref`` is a toll of ``into`` ("A further 47 soldiers were wounded."),
    whose figures are kept beside ``into``'s own.
    """
    sources = tuple(sorted({*into.sources, *ref.sources}, key=lambda s: (s.document, s.start)))
    claimants = [c for c in (into.claimant, ref.claimant) if c]
    claimant = "; ".join(dict.fromkeys(claimants)) if claimants else None
    counts = dict(into.counts)
    if with_counts:
        for key, vals in ref.counts.items():
            have = counts.get(key, ())
            counts[key] = have + tuple(c for c in vals if c not in have)
    # a re-mention that names where it happened ("The raid hit the camp near X") places
    # a happening the first sentence told without a place
    location = into.location if into.location is not None else ref.location
    return replace(into, sources=sources, claimant=claimant, counts=counts, location=location)
