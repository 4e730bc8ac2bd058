"""One article + its resolved toponyms → event records.

For every sentence with an event cue (:mod:`geo.events.classify`) each event
type found gives one :class:`~geo.situation.Event`, with

* a date (:mod:`geo.events.dates`): a date expression in the sentence that
  does not date a statement (``said on June 28``) wins, the one nearest the
  trigger first; a statement date dates statement-like events (assistance,
  ceasefire or talks, control claims) and bounds the others (precision ≥ 2);
  with no date in the sentence, the previous sentence of the same paragraph
  lends its event date; else the publication date (precision 2 for statements,
  3 for the rest); with no publication date, ``None``;
* actors (:mod:`geo.events.actors`): ``between A and B`` / ``A and B border
  guards`` give both; a passive ``... by X`` makes X ``actor1``; otherwise
  ``actor1`` is the nearest actor before the trigger and ``actor2`` the first
  after it (the speaker excluded);
* counts (:mod:`geo.events.counts`); a claimant and claim status
  (:mod:`geo.events.claims`);
* a location: the sentence's most specific toponym (crossing/village >
  district > province > country; the speaker's and actors' own place names
  and datelines (``MOSCOW (RIA Novosti):``) are skipped). Attributive
  mentions (a place name before a head noun: ``the U.S. withdrawal``,
  ``Russia's consulate``) and the far side of a border named from this side
  (``a crossing with Iran``) only come last. The border dyad is the one the
  sentence names or the nearest one from ``join`` when within 25 km or the
  sentence says "border". A one-sided dyad (``border crossing with X``) is
  completed with a country sharing a land border with X
  (:func:`geo.events.lexicon.land_border`): a sub-country place in the
  sentence, the actors' countries, the origin, then the article's countries
  by mentions (its focus); a country-level location off that dyad or on its
  far side is replaced by the near side's country toponym of the article (or
  the border alone). A border toponym (feature ``border``) locates the event
  on the line: ``country_code`` ``None``, ``border`` the dyad, distance 0.
  A sentence with no place of its own that says "the crossing" (checkpoint,
  bridge, village, town) takes the last such place named before it
  ("The crossing was reopened" after "the Torkham crossing"). Toponyms the
  geoparser placed only as a guess (score < 0.35) never locate an event.
  Forces crossing a border get ``origin`` (``from X``) and ``destination``
  (``into Y``; a bare ``in`` only right after the verb).
* control-claim objects: the head noun of the object phrase (``border
  districts`` → districts); a counted or vague object without a place name
  gets its country (``districts of Afghanistan``: a country in the trigger's
  clause, else a non-state controller's home, else the article's focus);
  ``the border`` with no dyad in the sentence is the two-sided dyad named
  last before it in the article (the headline included). A coordinated
  second predicate (``occupied X and now controls Y``) is a claim of its
  own.

Confidence (documented cues, clamped to [0.05, 0.95]): 0.5, +0.1 strong cue /
−0.1 weak cue, +0.1 day-precise date in the sentence, +0.1 sub-country
toponym, +0.05 actor named, +0.05 claimant named, −0.15 hedge
(``reportedly``, ``some media reports``), −0.05 disputed, −0.1 without a
spaCy model (regex sentence splitter).

>>> from datetime import date
>>> from types import SimpleNamespace
>>> art = SimpleNamespace(id="a1", text="Kyrgyz and Tajik border guards clashed on Thursday.",
...                       published=date(2022, 1, 28), outlet=None, url=None)
>>> ev = extract_events(art, [], join=None)[0]
>>> ev.event_type, str(ev.event_date), ev.actor1, ev.actor2
('armed_clash', '2022-01-27', 'Kyrgyz border guards', 'Tajik border guards')
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Protocol

from geo.articles.wire import events_view
from geo.events.actors import ActorMention, countries_named, find_actors
from geo.events.claims import (
    DISPUTE,
    HEDGE,
    border_dyads,
    control_extent,
    control_extent_before,
    find_claimant,
    object_kind,
    resolve_dyad,
)
from geo.events.classify import (
    CONTEXT,
    FRAGMENTS,
    Candidate,
    classify,
    clause_candidates,
    has_cue,
    word_starts,
)
from geo.events.counts import find_counts
from geo.events.dates import (
    DateMention,
    coordinated_days,
    dateline,
    days_later,
    find_dates,
)
from geo.events.filters import (
    MOST_RECENT,
    PERFECT,
    back_reference,
    decision_content,
    is_habit,
    no_happening,
    opening_reference,
    own_day_after,
)
from geo.events.ground_kinds import ground_alternation, ground_terms
from geo.events.lexicon import (
    border_countries,
    country_name,
    country_of_word,
    dyad,
    iso3,
    land_border,
)
from geo.events.merge import NEW_REPORT, OPENING_RE_MENTION, RE_MENTION
from geo.events.split import split_listed
from geo.events.text import Sentence, doc_sentences, split_sentences
from geo.situation import ControlClaim, Event, EventLocation, SourceRef, Toponym

log = logging.getLogger("sitmap.events")

#: Event types whose date is the date of a statement (an offer, a call, a claim).
STATEMENT_TYPES = frozenset({"assistance", "ceasefire_or_talks", "control_claim"})
#: Distance (km) under which an event location counts as "on the border".
BORDER_KM = 25.0

AUTO = "auto"
JoinFn = Callable[[Sequence[float], Sequence[float]], Any]


@dataclass(frozen=True, slots=True)
class DetectorUse:
    """How the learned sentence detector (:mod:`geo.events.detect`) takes part in coding.

    ``propose``: in a sentence where the rules find nothing, each type scored at least
    ``threshold`` becomes a candidate (trigger: its strongest word), when the sentence
    names a place or ``place_free`` allows the type without one. ``veto``: a rule
    candidate scored below it is dropped (0: no veto).
    """

    detector: Any
    threshold: float = 0.5
    propose: bool = True
    veto: float = 0.0
    place_free: frozenset[str] = frozenset()


#: The detector setting of :func:`extract_events` (``None``: rules only). Off: measured
#: leave-one-conflict-out it added no matched event (``docs/event_detector.md``); the
#: benchmark ``bench/bench_event_detector.py`` sets it per fold.
DETECTOR: DetectorUse | None = None


class ArticleLike(Protocol):
    """What event extraction reads from an article (``geo.articles.Article`` fits)."""

    id: str
    text: str
    published: date | None


@dataclass(frozen=True, slots=True)
class _Context:
    article: Any
    text: str
    published: date | None
    sentences: list[Sentence]
    date_cache: dict[int, list[DateMention]]
    conflict: bool
    toponyms: list[Toponym]
    topo_starts: list[int]
    countries: Counter[str]
    model: bool
    #: The reference day of relative dates (the dateline's, else the publication date),
    #: the dateline's span (its date is when the story was filed, not an event's), and
    #: the lead's date: what an undated sentence of the story most likely means.
    reference: date | None = None
    dateline_span: tuple[int, int] = (0, 0)
    lead: tuple[date, date | None, int] | None = None


def _feature_rank(t: Toponym) -> int:
    """4 country, 3 province, 2 district, 1 village/crossing/point (lower = more specific)."""
    f = (t.feature or "").upper()
    if f.startswith("PCL") or f in ("COUNTRY", "A.PCLI", "PCLI"):
        return 4
    if f in ("ADM1", "ADMIN1", "PROVINCE", "REGION", "OBLAST", "A.ADM1") or f.endswith(".ADM1"):
        return 3
    if f in ("ADM2", "ADMIN2", "DISTRICT", "A.ADM2") or f.endswith(".ADM2"):
        return 2
    if "COUNTRY" in f:
        return 4
    if "ADMIN1" in f or "PROVINCE" in f:
        return 3
    if "ADMIN2" in f or "DISTRICT" in f:
        return 2
    if t.precision >= 3 and t.feature.upper() not in ("FAC", "CROSSING"):
        return 3
    return 1


def _is_border(t: Toponym) -> bool:
    return (t.feature or "").lower() == "border"


def _location_of(t: Toponym) -> EventLocation:
    if _is_border(t):
        # A border line lies in both countries: no country, the dyad, distance 0.
        return EventLocation(
            name=t.name,
            lat=t.lat,
            lon=t.lon,
            precision=max(1, min(3, t.precision or 1)),
            country_code=None,
            border=t.name if "–" in t.name else None,
            border_distance_km=0.0 if "–" in t.name else None,
        )
    return EventLocation(
        name=t.name,
        lat=t.lat,
        lon=t.lon,
        precision=max(1, min(3, t.precision or 1)),
        country_code=t.country_code,
        admin1=t.admin1,
        admin2=t.admin2,
    )


def _in_span(s: int, e: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(s < b and a < e for a, b in spans)


_ATTRIB_AFTER = re.compile(
    r"^(?:['’]s)?\s*(?:['’]s\s+)?(?:border service|border guards?|government|authorities|foreign"
    r"|defen[cs]e|ministry|president|military|army|armed forces|embassy|officials|security"
    r"|state committee|leader|envoy|ambassador|troops|forces|servicemen|soldiers|citizens"
    r"|nationals|request|side|obligations|commitments|offer|proposal|decision|position"
    r"|readiness|pledge|promise|plans?|warning|call|demands?|response|appeal|stance|policy)\b",
    re.IGNORECASE,
)
_LAST_WORD = re.compile(r"[\w’'-]+")
#: Nouns whose "of X" names whom they belong to ("border guards of Tajikistan").
_ACTOR_HEADS = frozenset(
    {"guards", "guard", "service", "servicemen", "citizens", "council", "government", "ministry"}
)
_ATTRIB_BEFORE = re.compile(
    r"\b(?:of|for)\s+(?:the\s+)?(?:Republic of\s+)?$|\b(?:Radio Free|Security Council of)\s*$"
)
_NON_LOCATIVE_AFTER = re.compile(
    r"[-‑](?:led|backed|based|brokered|made|born|allied|funded|sponsored|controlled)\b"
    r"|\s+(?:time|cooperation|organi[sz]ation|accords?|agreements?|declaration|protocol"
    r"|process|format|pact|treaty)\b",
    re.IGNORECASE,
)
#: A place named as whoever backs or arms a side ("rebels backed from Bogotá", "supported
#: by Moscow"): the backer, not where anything happened.
_BACKER_BEFORE = re.compile(
    r"\b(?:backed|supported|funded|armed|sponsored|directed|controlled)\s+(?:from|by)\s+$",
    re.IGNORECASE,
)
#: A place standing for its government ("Islamabad objected", "which Kabul denied"): a
#: speaker, not where the event happened.
_METONYM_AFTER = re.compile(
    r"\s+(?:(?:has|have|had|also|then|all|not|did|does)\s+){0,2}(?:said|says|objected|objects"
    r"|accused|accuses|blamed|blames|denied|denies|announced|recalled|summoned|demanded|rejected"
    r"|urged|warned|claimed|insisted|responded|welcomed|condemned|protested|threatened"
    r"|insists|confirm|confirmed|named|called|address|addressed|comment|commented|respond"
    r"|reply|replied|react|reacted|describes|described|considers|regards|sees|answered"
    r"|retaliated)\b",
    re.IGNORECASE,
)
#: A place named as where a speaker spoke ("told reporters in Juba", "officials in Addis
#: Ababa said", "speaking at a rally in Kabul"): the source's place, not the event's.
_SPEAKER_PLACE_BEFORE = re.compile(
    r"\b(?:told\s+[\w’'. -]{1,40}?|(?:said|says|speaking|spoke|briefing|conference|statement"
    r"|officials?|sources?|authorities|diplomats?|spokes(?:man|woman|person))\s+"
    r"|(?:speaking|spoke|addressing)\s+(?:at|to|during|after|before)\s+[^,;.]{0,60}?\s)\s*"
    r"(?:in|from)\s+$"
    # "who was speaking during his visit to Alpha": where the speaker was, too
    r"|\b(?:speaking|spoke|addressing)\s+(?:at|during|on|after|before)\s+[^,;.]{0,40}?"
    r"\b(?:visit|trip|tour)\s+to\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: What follows a dateline's place: "MOSCOW (RIA Novosti) —", "KABUL, Afghanistan —",
#: "YEREVAN, Sept 13 (Reuters) -", "OSH, Jan. 27:", "ERBIL, Iraq, Sept 28 (Reuters) -".
_DATELINE = re.compile(
    r"(?:/[A-Z][A-Z.'’ -]*[A-Z.])*"  # "ISLAMABAD/NEW DELHI, Feb 27 (Reuters) -": two offices
    r"(?:,\s*[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|of|the|\d{1,2}(?:,\s*\d{4})?))*){0,3}\s*"
    r"(?:\(|—|–|-\s|:|,\s*(?:AFP|Reuters|AP)\b)"
)
#: A toponym the geoparser placed with less confidence than this (a flagged
#: guess, see geo.geoparse.resolve) does not locate an event.
MIN_LOCATION_SCORE = 0.35
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|on|from|along|inside|across|outside|around|of|between|towards?|into"
    r"|within|by|off)\s+(?:the\s+)?(?:(?:[\w’'-]+\s+){0,3}(?:of\s+)(?:the\s+)?)?$",
    re.IGNORECASE,
)
_INTO_BEFORE = re.compile(r"\b(?:into|to)\s+(?:the\s+)?(?:neighbo(?:u)?ring\s+)?$", re.IGNORECASE)
#: "the only road to X", "flights to X": a way that leads there, not forces going there.
_ROUTE_TO = re.compile(
    r"\b(?:road|roads|route|routes|highway|way|path|bridge|link|corridor|access|flights?"
    r"|trade|exports?|imports?|pipeline)\s+(?:[\w’'-]+\s+)?(?:in)?to\s+(?:the\s+)?"
    # "the roads to Alpha, Beta and Gamma": every name of the list is a road's end
    r"(?-i:(?:[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?,\s+)*(?:[A-Z][\w’'-]+,?\s+(?:and|or)\s+)?)$",
    re.IGNORECASE,
)


#: "a visit to X", "his trip to X": the visit took place there, it is not a movement.
_VISIT_TO = re.compile(r"\b(?:visits?|trips?|tours?)\s+to\s+(?:the\s+)?$", re.IGNORECASE)


def _moving_to(text: str, t: Toponym, floor: int) -> bool:
    """Whether ``t`` is named as where something moves ("sent troops to X", "fled into X").

    >>> s = "Troops moved to Alpha and reopened the only road to Beta."
    >>> def top(word):
    ...     i = s.index(word)
    ...     return Toponym("d", i, i + len(word), word, word, 0.0, 0.0, None, None, None,
    ...                    "PPL", None, "", 1, 1.0)
    >>> _moving_to(s, top("Alpha"), 0), _moving_to(s, top("Beta"), 0)
    (True, False)
    >>> s = "The envoy, on a visit to Alpha, backed a truce."
    >>> _moving_to(s, top("Alpha"), 0)
    False
    """
    before = text[max(floor, t.start - 40) : t.start]
    return (
        _INTO_BEFORE.search(before[-20:]) is not None
        and _ROUTE_TO.search(before) is None
        and _VISIT_TO.search(before) is None
    )


_PRONOUN_SUBJ = re.compile(r"\b(?:it|they|we|he|she)\b", re.IGNORECASE)
_FROM = re.compile(r"\b(?:from|out of|in)\s+(?:the\s+)?(?:neighbo(?:u)?ring\s+)?$", re.IGNORECASE)
_INTO = re.compile(
    r"\b(?:into|to|in|across|towards?|over to|entered|enter|reached)\s+(?:the\s+)?"
    r"(?:neighbo(?:u)?ring\s+|territory of\s+|border with\s+)?$",
    re.IGNORECASE,
)


_DATELINE_HEAD = re.compile(
    r"\A\s*[A-Z][A-Z.'’ -]+(?:/[A-Z][A-Z.'’ -]+)*"  # "ISLAMABAD/NEW DELHI": two offices
    r"(?:,\s*[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|of|the))*){0,2}"
    r"(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*(?:\([^()]{1,40}\))?\s*[-—–:]"
)


#: "fled into this border town": the story's own place, its dateline.
_THIS_PLACE = re.compile(
    r"\bthis\s+(?:[\w’'-]+\s+){0,2}?(?:town|city|village|crossing|district|province|region"
    r"|port|valley|enclave)\b",
    re.IGNORECASE,
)


def _dateline_end(text: str) -> int:
    """Where a wire story's dateline ends (0 when it has none): its places are the office's.

    >>> _dateline_end("ERBIL, Iraq, Sept 28 (Reuters) - Missiles hit Koya.")
    32
    >>> _dateline_end("Missiles hit Koya, Iraq - officials said.")
    0
    """
    m = _DATELINE_HEAD.match(text)
    return m.end() if m else 0


def _usable_toponyms(ctx: _Context, sent: Sentence, skip: list[tuple[int, int]]) -> list[Toponym]:
    lo = bisect.bisect_left(ctx.topo_starts, sent.start)
    hi = bisect.bisect_left(ctx.topo_starts, sent.end)
    out = []
    text = ctx.text
    office_end = _dateline_end(text) if sent.start == 0 else 0
    for t in ctx.toponyms[lo:hi]:
        if t.end > sent.end or _in_span(t.start, t.end, skip):
            continue
        if t.score < MIN_LOCATION_SCORE and not _is_border(t):
            continue
        if _ATTRIB_AFTER.match(text[t.end : t.end + 30]) and text[t.end : t.end + 2] in (
            "'s",
            "’s",
        ):
            continue
        if _NON_LOCATIVE_AFTER.match(text, t.end):
            continue  # "the Minsk agreement", "the Shanghai Cooperation Organization"
        if _BACKER_BEFORE.search(text[max(sent.start, t.start - 25) : t.start]):
            continue
        dateline_place = _DATELINE.match(text, t.end) and t.text.isupper() and len(t.text) > 2
        if dateline_place and not (office_end and _THIS_PLACE.search(sent.text)):
            continue  # "MOSCOW (RIA Novosti) —": where the story was filed
        if t.end <= office_end and not dateline_place:
            continue  # "ERBIL, Iraq, Sept 28 (Reuters) -": the filing place's country
        if _SPEAKER_PLACE_BEFORE.search(text[max(sent.start, t.start - 60) : t.start]):
            continue  # "told reporters in Juba": where the speaker was
        if _feature_rank(t) < 4 and _METONYM_AFTER.match(text, t.end):
            continue  # "Islamabad objected": the government, not the place
        attrib = _ATTRIB_BEFORE.search(text, max(sent.start, t.start - 30), t.start)
        if attrib is not None:
            # the noun the "of" phrase belongs to: "border guards of Tajikistan" (an actor),
            # not "guards fired on the village of Kok-Tash"
            words = _LAST_WORD.findall(text[max(sent.start, t.start - 40) : attrib.start()])
            head = words[-1].lower() if words else ""
            if attrib.group(0)[:1] not in ("o", "f") or head in _ACTOR_HEADS:
                continue
        out.append(t)
    return out


_CLAUSE_BREAK = re.compile(
    r"\s*(?:;|—|–\s|,\s+(?:and|but|while|as|after|before|which|who|whereas|although|when)\b"
    r"|\s+and\s+(?=(?:has|have|had|pressed|launched|began|seized|captured|took|said)\b))"
)


#: Nouns after a place name that keep it locative ("Kunduz province", "Tajik border").
_PLACE_NOUNS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "capital",
        "territory",
        "soil",
        "airspace",
        "outskirts",
        "interior",
        "province",
        "provinces",
        "district",
        "districts",
        "region",
        "regions",
        "oblast",
        "city",
        "town",
        "village",
        "villages",
        "valley",
        "river",
        "border",
        "borders",
        "frontier",
        "crossing",
        "crossings",
        "checkpoint",
        "checkpoint",
        "post",
        "area",
        "areas",
        "county",
        "municipality",
        "gorge",
        "pass",
        "enclave",
        "exclave",
        "highway",
        "road",
        "settlement",
        "side",
        "sector",
        "corridor",
    ]
)
#: Words after a place name that are not a head noun it modifies.
_NOT_HEAD = frozenset(
    [
        "yesterday",
        "today",
        "tonight",
        "overnight",
        "earlier",
        "last",
        "next",
        "early",
        "late",
        "recently",
        "following",
        "despite",
        "via",
        "toward",
        "towards",
        "along",
        "across",
        "so",
        "because",
        "while",
        "whereas",
        "although",
        "if",
        "unless",
        "warns",
        "vows",
        "claims",
        "accuses",
        "denies",
        "urges",
        "calls",
        "insists",
        "plans",
        "and",
        "or",
        "but",
        "nor",
        "on",
        "in",
        "at",
        "to",
        "from",
        "with",
        "by",
        "for",
        "of",
        "as",
        "is",
        "was",
        "were",
        "are",
        "be",
        "been",
        "has",
        "have",
        "had",
        "said",
        "says",
        "say",
        "will",
        "would",
        "could",
        "can",
        "may",
        "might",
        "must",
        "should",
        "also",
        "the",
        "a",
        "an",
        "that",
        "which",
        "who",
        "where",
        "when",
        "after",
        "before",
        "near",
        "since",
        "during",
        "over",
        "under",
        "into",
        "amid",
        "against",
        "through",
        "between",
        "beyond",
        "inside",
        "outside",
        "opposite",
        "around",
        "behind",
        "within",
        "than",
        "then",
        "itself",
        "its",
        "their",
        "his",
        "her",
        "our",
        "this",
        "these",
        "those",
        "not",
        "now",
        "still",
    ]
)
_NEXT_WORD = re.compile(r"(['’]s\s+)?([a-z][a-z-]*)\b")
_POSSESSIVE_NAME = re.compile(r"['’]s\s+[A-Z]")
#: A site named after the place it stands in, a few words on ("Alpha gas metering station",
#: "Beta air base", "Gamma river port").
_FACILITY_AHEAD = re.compile(
    r"(?:\s+[a-z][a-z-]*){0,3}?\s+(?:station|airport|airfield|terminal|base|camp|port|dam"
    r"|plant|mine|oilfield|field|market|hospital|prison|gate|bridge|checkpoint|outpost"
    r"|headquarters|depot|refinery|facility|compound|barracks|garrison)\b"
)


def _attributive(text: str, t: Toponym) -> bool:
    """A place name modifying a noun ("the U.S. withdrawal", "Russia's consulate"): not a place.

    >>> txt = "the U.S. withdrawal from Afghanistan and Kunduz province"
    >>> def top(word):
    ...     i = txt.index(word)
    ...     return Toponym("d", i, i + len(word), word, word, 0.0, 0.0, None, None, None,
    ...                    "country", None, "", 3, 1.0)
    >>> _attributive(txt, top("U.S.")), _attributive(txt, top("Afghanistan"))
    (True, False)
    >>> _attributive(txt, top("Kunduz"))
    False
    >>> txt = "Iran's Revolutionary Guards struck"
    >>> _attributive(txt, top("Iran"))
    True
    >>> txt = "troops took the Sudzha gas metering station"
    >>> _attributive(txt, top("Sudzha"))
    False
    """
    m = _NEXT_WORD.match(text, t.end + 1) if text[t.end : t.end + 1] == " " else None
    if m is None:
        if _POSSESSIVE_NAME.match(text, t.end):
            return True  # "Iran's Revolutionary Guards"
        m = _NEXT_WORD.match(text, t.end)
        if m is None or not m.group(1):
            return False
    word = m.group(2)
    if word in _PLACE_NOUNS or word in _NOT_HEAD:
        return False
    if not m.group(1) and _FACILITY_AHEAD.match(text, t.end):
        return False  # "the Sudzha gas metering station": a site there, named by the place
    # A verb ("Tajikistan requested"): the place is the subject, not a modifier.
    return bool(m.group(1)) or not (word.endswith("ed") or word in ("says", "warns", "vows"))


@functools.lru_cache(maxsize=16)  # asked about one trigger up to six times in a row
def _clause_bounds(text: str, trig: int) -> tuple[int, int]:
    """(start, end) of the clause of ``text`` holding offset ``trig``.

    >>> s = "Rockets hit A on Monday, and drones struck B on Tuesday."
    >>> lo, hi = _clause_bounds(s, s.index("drones"))
    >>> s[lo:hi]
    ' drones struck B on Tuesday.'
    """
    lo, hi = 0, len(text)
    for m in _CLAUSE_BREAK.finditer(text):
        if m.end() <= trig:
            lo = m.end()
        elif m.start() >= trig:
            hi = m.start()
            break
    return lo, hi


def _same_clause(tops: list[Toponym], sent: Sentence, trig: int) -> list[Toponym]:
    """Toponyms in the clause of the trigger (sentence-relative ``trig``)."""
    lo, hi = _clause_bounds(sent.text, trig)
    return [t for t in tops if lo <= t.start - sent.start < hi]


#: ", which overlooks the Alpha strait,": a relative clause describing a participant or place.
_REL_ASIDE = re.compile(r",\s+(?:who|whose|which)\b[^,;:()]*,")


def _outside_rel_asides(tops: list[Toponym], sent: Sentence, trig: int) -> list[Toponym]:
    """Toponyms not inside an aside describing a place named just before it.

    ", which overlooks the Beta sea," right after "the Alpha cape" tells what Alpha is near,
    not where the trigger's happening was (unless the trigger is in the aside itself).

    >>> t = "Fighting on the Alpha cape, which faces the Beta sea, killed dozens."
    >>> s = Sentence(0, 0, len(t), t)
    >>> def top(word):
    ...     i = t.index(word)
    ...     return Toponym("d", i, i + len(word), word, word, 0.0, 0.0, None, None, None,
    ...                    "PPL", None, "", 1, 1.0)
    >>> [x.name for x in _outside_rel_asides([top("Alpha"), top("Beta")], s, t.index("killed"))]
    ['Alpha']
    >>> [x.name for x in _outside_rel_asides([top("Alpha"), top("Beta")], s, t.index("faces"))]
    ['Alpha', 'Beta']
    """
    spans = [
        (sent.start + m.start(), sent.start + m.end())
        for m in _REL_ASIDE.finditer(sent.text)
        if not m.start() <= trig < m.end()
        and any(0 <= sent.start + m.start() - t.end <= 20 for t in tops)
    ]
    if not spans:
        return tops
    return [t for t in tops if not _in_span(t.start, t.end, spans)]


#: "Alpha recaptured it", "Alpha took the village": a country that acts is the captor.
_COUNTRY_ACTS = re.compile(
    r"\s+(?:(?:later|then|also|again|had|has|have|finally)\s+)?(?:took|retook|captured"
    r"|recaptured|seized|overran|occupied|controls|controlled|held|holds)\b"
)


#: "summoned the envoy over what it said were violations along X": the reason named with
#: "what" is told by someone else, at its own place.
_WHAT_CLAUSE = re.compile(r"\sover\s+what\s", re.IGNORECASE)


def _what_clause(tops: list[Toponym], sent: Sentence, trig: int) -> list[Toponym]:
    """Toponyms on the trigger's side of an "over what ..." reason (sentence-relative ``trig``).

    >>> t = "In Alpha, the ministry summoned the envoy over what it called violations at Beta."
    >>> s = Sentence(0, 0, len(t), t)
    >>> def top(word):
    ...     i = s.text.index(word)
    ...     return Toponym("d", i, i + len(word), word, word, 0.0, 0.0, None, None, None,
    ...                    "PPL", None, "", 1, 1.0)
    >>> tops = [top("Alpha"), top("Beta")]
    >>> [t.name for t in _what_clause(tops, s, s.text.index("violations"))]
    ['Beta']
    >>> [t.name for t in _what_clause(tops, s, s.text.index("summoned"))]
    ['Alpha']
    """
    m = _WHAT_CLAUSE.search(sent.text)
    if m is None:
        return tops
    cut = sent.start + m.end()
    if trig >= m.end():
        return [t for t in tops if t.start >= cut]
    return [t for t in tops if t.start < cut]


def _best_toponym(
    tops: list[Toponym],
    trigger: int,
    text: str = "",
    sent_start: int = 0,
    far: Iterable[tuple[int, int]] = (),
) -> Toponym | None:
    """The most specific toponym; among equals one in a locative phrase, then the nearest.

    Attributive mentions ("the U.S. withdrawal") and the far side of a border
    named from this side (``far``: "a crossing with Iran") come last; the place of
    a happening the event is told after ("after the coup in X") is none.
    """
    if text:
        tops = [t for t in tops if not _backdrop_place(text, t, trigger, sent_start)]
    if not tops:
        return None
    far = list(far)

    def key(t: Toponym) -> tuple[int, int, int, int, int]:
        before = text[max(sent_start, t.start - 45) : t.start] if text else ""
        locative = 0 if _LOCATIVE_BEFORE.search(before) else 1
        demoted = (
            1
            if text
            and (
                _attributive(text, t)
                or (_in_span(t.start, t.end, far) and not _is_border(t))
                or _ROUTE_TO.search(before) is not None  # "on the road to X": X is elsewhere
            )
            else 0
        )
        # "captured Geneina, near the border": a place named as a reference point
        # ("near", "outside", "N km from", "north of") is not where the action was
        reference = 1 if _REFERENCE_BEFORE.search(before) and not _PART_OF.search(before) else 0
        return (demoted, _feature_rank(t), reference, locative, t.precision, abs(t.start - trigger))

    return min(tops, key=key)


_FIRE_FROM = re.compile(
    r"(?<!\bkm )(?<!miles )(?<!away )(?<!metres )\bfrom\s+(?:the\s+)?"
    r"(?:(?:[A-Z][\w’'-]*|neighbou?ring|nearby)\s+){0,2}$"
    r"|\bfrom\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}?(?:side|territory|positions?|direction)"
    r"\s+of\s+(?:the\s+)?$"
)


def fire_origin(text: str, start: int, floor: int = 0) -> bool:
    """Whether the place at ``start`` is named as where fire or forces came from.

    >>> s = "Mortars fired from Ashkal hit the village of Bor."
    >>> fire_origin(s, s.index("Ashkal")), fire_origin(s, s.index("Bor"))
    (True, False)
    >>> s = "Shells fired from the territory of Ruritania landed in Bor."
    >>> fire_origin(s, s.index("Ruritania"))
    True
    >>> s = "Rounds fired from Ashkal landed in Bor; others were fired from Ashkal into Bor."
    >>> fire_origin(s, s.index("Bor")), fire_origin(s, s.rindex("Bor"))
    (False, False)
    >>> s = "Bor, 12 km from Ashkal, was shelled."
    >>> fire_origin(s, s.index("Ashkal"))
    False
    """
    return _FIRE_FROM.search(text[max(floor, start - 45) : start]) is not None


#: "after the July 26 coup in X": a place of the happening the event follows.
_BACKDROP_PLACE = re.compile(
    r"\b(?:after|following|since|before|amid)\s+(?:the|a|an|last\s+\w+['’]s)\s+"
    r"(?:[\w’'-]+\s+){0,4}?(?:in|at|on|near)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _backdrop_place(text: str, t: Toponym, trigger: int, floor: int) -> bool:
    """Whether ``t`` places an earlier happening the trigger's event is told after.

    >>> s = "Guards closed the crossing after the July 26 coup in Alpha."
    >>> t = Toponym("d", s.index("Alpha"), s.index("Alpha") + 5, "Alpha", "Alpha", 0.0, 0.0,
    ...             None, None, None, "PPL", None, "", 1, 1.0)
    >>> _backdrop_place(s, t, s.index("closed"), 0), _backdrop_place(s, t, s.index("coup"), 0)
    (True, False)
    """
    m = _BACKDROP_PLACE.search(text, max(floor, t.start - 60), t.start)
    return m is not None and trigger < m.start()


#: "in the far south of X": a part of X, inside it (not "south of X", outside it).
_PART_OF = re.compile(
    r"\bin\s+(?:the\s+)?(?:far\s+|extreme\s+|deep\s+)?(?:north|south|east|west|north-?east"
    r"|north-?west|south-?east|south-?west)(?:ern)?\s+(?:part\s+)?of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_REFERENCE_BEFORE = re.compile(
    r"\b(?:near|nearby|outside|close\s+to|not\s+far\s+from|next\s+to|(?:north|south|east"
    r"|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+of|(?:km|kilometres"
    r"|kilometers|miles)\s+(?:from|of))\s+(?:the\s+)?(?:town\s+of\s+|city\s+of\s+)?$",
    re.IGNORECASE,
)


_ASIDE = re.compile(
    r",\s+(?:who|whose|which)\b[^,;:()]*,"
    # "..., where a state of emergency has been in force since September": the place's story
    r"|,\s+where\b[^,;:()]*(?:,|$)"
    # "remains shut even though the sanctions were lifted in February": a conceded fact
    r"|\b(?:even\s+though|although|despite|whereas|even\s+as)\b[^;:()]*"
)


def _outside_asides(sent_dates: list[DateMention], text: str, trigger: int) -> list[DateMention]:
    """The dates not inside a relative aside (", who chairs the bloc this year,").

    An aside describes a participant (", who ...,"), a place (", where ...") or a
    conceded fact ("even though ..."), so its date is not the event's, unless
    the trigger is inside the same aside.

    >>> from datetime import date
    >>> text = "Anwar, who chairs the bloc this year, said they agreed to a ceasefire."
    >>> d = DateMention(text.index("this"), text.index("this") + 9, "this year",
    ...     date(2025, 1, 1), date(2025, 12, 31), 3)
    >>> _outside_asides([d], text, text.index("ceasefire"))
    []
    >>> len(_outside_asides([d], text, text.index("chairs")))
    1
    >>> text = "The bridge remains shut even though the sanctions were lifted this year."
    >>> d = replace(d, start=text.index("this"), end=text.index("this") + 9)
    >>> _outside_asides([d], text, text.index("shut"))
    []

    Nor is a limit's date ("ahead of a September 11 deadline", "no later than June 30"):
    the happening comes before it.

    >>> text = "Rebels took 20 districts ahead of a self-imposed September 11 deadline."
    >>> d = replace(d, start=text.index("Sep"), end=text.index(" dead"), text="September 11")
    >>> _outside_asides([d], text, text.index("took"))
    []
    """
    if not sent_dates:
        return sent_dates
    sent_dates = [d for d in sent_dates if not _limit_date(text, d)]
    spans = [(m.start(), m.end()) for m in _ASIDE.finditer(text)]
    if not spans:
        return sent_dates
    return [
        d
        for d in sent_dates
        if not any(a <= d.start < b and not a <= trigger < b for a, b in spans)
    ]


_LIMIT_BEFORE = re.compile(
    r"\b(?:ahead\s+of|no\s+later\s+than)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?"
    r"(?:[\w’'-]+\s+){0,2}$"
    r"|\b(?:gave|give|gives|given)\s+(?:[\w’'-]+\s+){0,3}until\s+$|\b(?:has|have|had)\s+until\s+$"
    r"|\bultimatum\b[^.;]{0,60}\bby\s+(?:[\w’'.:-]+\s+){0,3}$",  # an ultimatum ... by 6 a.m.
    re.IGNORECASE,
)
_DEADLINE_AFTER = re.compile(r"\s*(?:[\w’'-]+\s+){0,1}deadlines?\b", re.IGNORECASE)


def _limit_date(text: str, d: DateMention) -> bool:
    """Whether a date is a limit the text sets ("ahead of a ... deadline", "no later than").

    >>> from datetime import date
    >>> t = "Troops must leave no later than June 30, officials said."
    >>> _limit_date(t, DateMention(t.index("June"), t.index(","), "June 30",
    ...             date(2024, 6, 30), date(2024, 6, 30), 1))
    True
    >>> t = "Troops clashed on June 30, officials said."
    >>> _limit_date(t, DateMention(t.index("June"), t.index(","), "June 30",
    ...             date(2024, 6, 30), date(2024, 6, 30), 1))
    False
    """
    return bool(
        _LIMIT_BEFORE.search(text, max(0, d.start - 40), d.start)
        or _DEADLINE_AFTER.match(text, d.end)
    )


#: A restrictive relative clause with a verb of its own: "a standoff that turned violent in
#: August", "the talks which were held on Monday".
_RELATIVE = re.compile(
    r"(?<=\w)\s+(?:that|which)\s+(?:[\w’'-]+\s+){0,3}?(?:was|were|is|are|has|have|had|[a-z]+ed)"
    r"\b[^,;:()]*"
)
_WORD_BEFORE = re.compile(r"[\w’'-]+$")


def _outside_relatives(sent_dates: list[DateMention], text: str, trigger: int) -> list[DateMention]:
    """The dates not in a relative clause that tells of another noun than the trigger.

    "an understanding ... should end a standoff that turned violent in August": August
    is the standoff's; "the truce that was agreed on Monday": Monday is the truce's own.

    >>> from datetime import date
    >>> text = "An accord should end a standoff that turned violent in August."
    >>> d = DateMention(text.index("in Aug"), len(text) - 1, "in August", date(2023, 8, 1),
    ...                 date(2023, 8, 31), 3)
    >>> _outside_relatives([d], text, text.index("accord"))
    []
    >>> text = "They kept the truce that was agreed in August."
    >>> d = replace(d, start=text.index("in Aug"), end=len(text) - 1)
    >>> len(_outside_relatives([d], text, text.index("truce")))
    1
    """
    if "that" not in text and "which" not in text:
        return sent_dates
    spans = []
    for m in _RELATIVE.finditer(text):
        head = _WORD_BEFORE.search(text, 0, m.start())
        if m.start() <= trigger < m.end() or (head is not None and head.start() <= trigger):
            continue  # the trigger's own clause, or the noun it tells of is the trigger
        spans.append((m.start(), m.end()))
    return [d for d in sent_dates if not any(a <= d.start < b for a, b in spans)]


#: A state told in the present as still holding: "remains shut", "clashes continue",
#: "is still in use", "stay closed".
_ONGOING = re.compile(
    r"\b(?:remains?|stays?|continues?|is\s+still|are\s+still)\b"
    r"|\b(?:is|are)\b[^,;.]{0,80}\bstill\b",
    re.IGNORECASE,
)


def ongoing(text: str, trigger: int, sent_dates: list[DateMention]) -> bool:
    """Whether the trigger's clause tells a state still holding, with no day of its own.

    Such a state is dated by the report's own day (the dateline's or publication date),
    not by a date another clause tells.

    >>> ongoing("The crossing remains shut.", 20, [])
    True
    >>> s = "The crossing remained shut after the attack."
    >>> ongoing(s, s.index("shut"), [])
    False
    >>> s = "Clashes continue near the border, and the road was closed on Monday."
    >>> ongoing(s, s.index("closed"), [])
    False
    >>> s = "The army, whose troops remain inside the strip, warned civilians."
    >>> ongoing(s, s.index("warned"), [])
    False
    """
    lo, hi = _clause_bounds(text, trigger)
    asides = [(m.start(), m.end()) for m in _ASIDE.finditer(text, lo, hi)]
    if not any(
        not any(a <= m.start() < b and not a <= trigger < b for a, b in asides)
        for m in _ONGOING.finditer(text, lo, hi)
    ):
        return False  # none, or only in an aside: "the army, whose troops remain there, warned"
    return not any(lo <= d.start < hi and not d.statement for d in sent_dates)


def _pick_date(
    sent_dates: list[DateMention], trigger: int, event_type: str, text: str = ""
) -> tuple[date | None, date | None, int, str] | None:
    sent_dates = _outside_asides(sent_dates, text, trigger)
    if text and sent_dates:
        sent_dates = _outside_relatives(sent_dates, text, trigger)
    if text and sent_dates and not in_backdrop_clause(text, trigger):
        # ", as tension remained high after last Sunday's shootout": that day is the
        # backdrop's, not the event's
        sent_dates = [d for d in sent_dates if not in_backdrop_clause(text, d.start)]
    if text and any(d.text[:5].lower() == "since" for d in sent_dates):
        # "have patrolled since 2009, and guards detained two": a "since" date measures
        # its own clause's state, not another clause's happening
        lo, hi = _clause_bounds(text, trigger)
        sent_dates = [
            d
            for d in sent_dates
            if d.text[:5].lower() != "since"
            or lo <= d.start < hi
            or _WHEN_AFTER.match(text, d.end)  # "since late May, when ...": the when-clause's
        ]
    event_dates = [d for d in sent_dates if not d.statement]
    if len(event_dates) > 1 and text:
        lo, hi = _clause_bounds(text, trigger)
        # a day or a week told in the trigger's own clause ("..., and drones struck B on
        # Tuesday"); a coarser date there ("since ... last year") is no better a guess
        event_dates = [
            d for d in event_dates if lo <= d.start < hi and d.precision <= 2
        ] or event_dates
    if event_dates:
        d = min(event_dates, key=lambda m: abs(m.start - trigger))
        return d.date, d.end_date if d.end_date != d.date else None, d.precision, "sentence"
    if sent_dates:
        d = min(sent_dates, key=lambda m: abs(m.start - trigger))
        if event_type in STATEMENT_TYPES:
            return d.date, d.end_date if d.end_date != d.date else None, d.precision, "statement"
        return d.date, None, max(d.precision, 2), "statement"
    return None


_PREP_BEFORE = re.compile(
    r"\b(?:to|from|with|against|of|for|at|on|into|towards?|amid|after|before)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


_COORD_VERB = re.compile(
    r"\b(?:and|but)\s+(?:also\s+)?(?:urged|urges|called|calls|appealed|appeals|asked|offered"
    r"|offers|pledged|promised|vowed|demanded|proposed)\b"
)
#: Between a subject and its verb ("after Taliban militants attacked": a clause, not a
#: prepositional object).
_SUBJECT_GAP = re.compile(
    r"\s+(?:(?:militants|fighters|insurgents|rebels|gunmen|forces|troops|units|soldiers)\s+)?"
    r"(?:(?:have|has|had|reportedly|allegedly|then|also|later|again|briefly|repeatedly)\s+)*"
)


_CAPTIVE_CIVIL = re.compile(
    rf"(?:\b(?P<dem>[A-Z][\w’'-]+)\s+)?\b(?:{FRAGMENTS['captive_civil']})\b", re.IGNORECASE
)


def civilians_taken_abroad(
    text: str, start: int, end: int, actors: list[ActorMention], actor1: str | None
) -> bool:
    """Whether a detention by one state's forces takes another country's civilians.

    Forces holding people of the other side ("troops detained two Ruritanian
    shepherds") abduct them (ACLED: Abduction/forced disappearance); forces detaining
    suspects on their own ground arrest.

    >>> from geo.events.actors import find_actors
    >>> s = "Kyrgyz border guards detained two Tajik farmers near the line."
    >>> civilians_taken_abroad(s, s.index("detained"), s.index(" two"), find_actors(s),
    ...                        "Kyrgyz border guards")
    True
    >>> s = "Kyrgyz border guards detained two suspects near the line."
    >>> civilians_taken_abroad(s, s.index("detained"), s.index(" two"), find_actors(s),
    ...                        "Kyrgyz border guards")
    False
    """
    captor = next((a for a in actors if a.name == actor1 and a.kind != "civilians"), None)
    if captor is None or captor.country is None:
        return False
    for m in _CAPTIVE_CIVIL.finditer(text, max(0, start - 80), min(len(text), end + 60)):
        dem = m.group("dem")
        cc = country_of_word(dem) if dem else None
        if cc is not None and cc != captor.country:
            return True
    return False


#: Types whose actor named after the trigger is the one acted on ("captured X", "detained X").
PATIENT_AFTER = frozenset({"capture", "armed_clash", "control_claim", "arrest", "abduction"})


def _actor_roles(
    sentence: str, trig_s: int, trig_e: int, actors: list[ActorMention], event_type: str
) -> tuple[str | None, str | None]:
    """actor1, actor2 for a trigger (sentence-relative offsets)."""
    if not actors:
        return None, None
    named = [a for a in actors if a.kind != "civilians" or event_type == "displacement"]
    if event_type == "displacement":
        civ = [a for a in actors if a.kind == "civilians"]
        if civ:
            first = min(civ, key=lambda a: abs(a.start - trig_s))
            other = next((a.name for a in actors if a.kind != "civilians"), None)
            return first.name, other
    if not named:
        return None, None
    between = re.search(r"\bbetween\b", sentence)
    if between is not None:
        after = [a for a in named if a.start >= between.end()]
        if len(after) >= 2 and after[0].name != after[1].name:
            return after[0].name, after[1].name
    # Coordinated demonyms ("Kyrgyz and Tajik border guards") share one span end.
    for i in range(len(named) - 1):
        a, b = named[i], named[i + 1]
        if (
            a.end == b.end
            and a.name != b.name
            and event_type in ("armed_clash", "ceasefire_or_talks")
        ):
            return a.name, b.name
    if event_type in ("armed_clash", "ceasefire_or_talks"):
        pre = [a for a in named if a.start < trig_s]
        for i in range(len(pre) - 1):
            a, b = pre[i], pre[i + 1]
            if a.name != b.name and re.fullmatch(
                r"\s*(?:,|and|,\s*and)\s*", sentence[a.end : b.start]
            ):
                return a.name, b.name
    passive = re.match(r"\s*(?:\w+\s+){0,3}?by\s+", sentence[trig_e : trig_e + 40])
    if passive:
        agent_pos = trig_e + passive.end()
        agent = next((a for a in named if a.start >= agent_pos - 1), None)
        if agent is not None:
            patient = next((a for a in reversed(named) if a.end <= trig_s), None)
            return agent.name, patient.name if patient and patient.name != agent.name else None
    before = [
        a
        for a in named
        if a.start < trig_s
        and (
            not _PREP_BEFORE.search(sentence[max(0, a.start - 20) : a.start])
            or _SUBJECT_GAP.fullmatch(sentence[a.end : trig_s])
        )
    ] or [a for a in named if a.start < trig_s]
    after = [a for a in named if a.start >= trig_s]
    actor1 = before[-1] if before else None
    if actor1 is None and after:
        first = after[0]
        agentive = re.search(
            r"\b(?:by|to)\s+(?:the\s+)?$", sentence[max(0, first.start - 12) : first.start]
        )
        # "the capture of X" / "captured X": an actor after the trigger is the patient.
        if event_type not in PATIENT_AFTER or agentive:
            actor1 = first
    actor2 = next((a for a in after if actor1 is None or a.name != actor1.name), None)
    if actor1 is not None and actor2 is None:
        actor2 = next((a for a in reversed(before[:-1]) if a.name != actor1.name), None)
        if actor2 is not None and event_type not in (
            "armed_clash",
            "capture",
            "arrest",
            "abduction",
        ):
            actor2 = None
    return (actor1.name if actor1 else None), (actor2.name if actor2 else None)


_MEDIA = re.compile(
    r"\b(?:media|news|radio|television|TV|agency|newspaper|press|report|journalists?|outlet"
    r"|observers?|monitors?|analysts?|experts?|witnesses|residents)\b",
    re.IGNORECASE,
)


def _is_party(claimant: str, actor_names: set[str], actor_countries: set[str]) -> bool:
    """A claimant speaks for a party: it names an event actor, or a party's state or capital."""
    if any(name in claimant for name in actor_names if name):
        return True
    if countries_named(claimant) & actor_countries and not _MEDIA.search(claimant):
        return True
    for a in find_actors(claimant):
        if a.name in actor_names:
            return True
        if (
            a.country
            and a.country in actor_countries
            and a.kind
            in (
                "government",
                "forces",
                "border",
                "org",
            )
        ):
            return True
    return False


def _context_other(ctx: _Context, country: str, prefer: Iterable[str | None] = ()) -> str | None:
    """The other side of a border named from one side ("its border with Iran").

    The first of ``prefer`` (the event's actors' countries, then the place the
    event is located) and then the article's countries by mentions (its focus)
    that shares a land border with ``country``.
    """
    for code in (*prefer, *(c for c, _ in ctx.countries.most_common())):
        if code and code != country and land_border(code, country):
            return code
    return None


_AREA_UNIT = re.compile(r"square|km2|sq km", re.IGNORECASE)
_AREA_OF = re.compile(
    r"\s+of\s+(?:the\s+)?(?P<np>(?:[\w’'-]+\s+){0,2}?(?:territory|land|soil|farmland|forest"
    r"|areas?|districts?|provinces?|regions?))\b",
    re.IGNORECASE,
)
_FAR_BEFORE = re.compile(
    r"\b(?:border|frontier|crossing|post|checkpoint|boundary)s?\s+with\s+(?:neighbo(?:u)?ring\s+)?$",
    re.IGNORECASE,
)
_NP_LEAD = re.compile(
    r"^(?:(?:of|the|a|an|some|its|their|his|her|all|other|several|many|more|most)\s+)+",
    re.IGNORECASE,
)


#: "the crossing", "the village": a definite place noun and the features it refers back to.
_ANAPHORA = re.compile(
    r"\b[Tt]he\s+(?:(?:same|border|port|spa|frontier|river|market|small|little|nearby)\s+)?"
    r"(crossing|checkpoint|border post|post|outpost|base|bridge|village|town|city)\b"
    # "the town of Alpha" names a place of its own; "the town of about 12,000 people" does not
    r"(?!\s+of\s+(?!about\b|some\b|around\b|nearly\b|roughly\b|more\b|over\b|\d))"
)
_ANAPHORA_FEATURES = {
    "crossing": frozenset({"border_crossing"}),
    "checkpoint": frozenset({"border_crossing", "border_post"}),
    "border post": frozenset({"border_post", "border_crossing"}),
    "post": frozenset({"border_post", "border_crossing"}),
    "outpost": frozenset({"border_post", "military_base"}),
    "base": frozenset({"military_base"}),
    "city": frozenset({"populated_place"}),
    "bridge": frozenset({"bridge", "border_crossing"}),
    "village": frozenset({"village", "populated_place"}),
    "town": frozenset({"populated_place"}),
}


def _anaphoric_place(ctx: _Context, sent: Sentence) -> Toponym | None:
    """The place a definite noun in ``sent`` refers back to ("the crossing" -> Torkham).

    A modifier may come between ("the port town", "the border village").
    The last confidently placed toponym of a fitting feature before the
    sentence; ``None`` when the sentence has no such noun or nothing fits.
    A place named only as where the story was filed (the dateline) or where a
    speaker spoke ("a spokesman in Alpha") is no antecedent: nothing was told
    to happen there, and the noun then has none (an older place of that kind
    would be a guess).
    """
    m = _ANAPHORA.search(sent.text)
    if m is None:
        return None
    kinds = _ANAPHORA_FEATURES[m.group(1)]
    hi = bisect.bisect_left(ctx.topo_starts, sent.start)
    office = _dateline_end(ctx.text)
    text = ctx.text
    for t in reversed(ctx.toponyms[:hi]):
        if t.feature in kinds and t.score >= MIN_LOCATION_SCORE:
            if t.start < office or _SPEAKER_PLACE_BEFORE.search(
                text, max(0, t.start - 60), t.start
            ):
                return None
            return t
    return None


def _context_border(ctx: _Context, index: int) -> str | None:
    """The border the article talked about last.

    A two-sided dyad named in an earlier sentence (back to the headline), else
    the border toponym named most.
    """
    for sent in reversed(ctx.sentences[:index]):
        for d in reversed(border_dyads(sent.text)):
            if len(d.countries) == 2:
                return dyad(*d.countries)
    named = Counter(t.name for t in ctx.toponyms if _is_border(t) and "–" in t.name)
    return named.most_common(1)[0][0] if named else None


def _object_country(
    ctx: _Context, sent: Sentence, trig: int, tops: list[Toponym], controller_country: str | None
) -> str | None:
    """The country a counted object lies in ("dozens of districts" of which country).

    A country named in the trigger's clause (not an attributive mention nor a destination),
    else a non-state controller's home country, else the article's most-mentioned country.
    """
    clause = _same_clause(tops, sent, trig)
    for t in clause:
        if (
            _feature_rank(t) == 4
            and t.country_code
            and not _attributive(ctx.text, t)
            and not _INTO_BEFORE.search(ctx.text[max(sent.start, t.start - 20) : t.start])
            and not _FAR_BEFORE.search(ctx.text[max(sent.start, t.start - 30) : t.start])
        ):
            return t.country_code
    if controller_country:
        return controller_country
    top = ctx.countries.most_common(1)
    return top[0][0] if top else None


#: What a control claim with no stated extent may be about, right after its verb: a border,
#: a crossing or post, a unit, or a stretch of ground ("controls the border district",
#: "occupied the town", "considers the island its own").
_CLAIMED_UNIT = re.compile(
    r"\s+(?:of\s+)?(?:the\s+)?(?:[\w’'-]+\s+){0,3}?(?:"
    + ground_alternation("claimed_unit")
    + r")\b",
    re.IGNORECASE,
)
#: Between a claim's verb and the place it names: "of", "the", a kind of place ("held the
#: town of X", "controls X").
_CLAIM_GAP = re.compile(
    r"\s+(?:(?:full|complete|total|effective)\s+)?(?:control\s+)?(?:of\s+|over\s+)?(?:the\s+)?"
    r"(?:(?:border\s+)?(?:" + ground_alternation("claim_gap") + r")\s+(?:of\s+)?)?",
    re.IGNORECASE,
)


#: Control-claim cues that state ownership of ground the sentence names around them ("the
#: post stands on its territory", "considers the island part of its territory").
SOVEREIGN_KINDS = ground_terms("ground_around")
#: A control verb in the passive ("the crossing was secured", "X is firmly held"): its
#: ground comes before it.
_PASSIVE_BEFORE = re.compile(
    r"\b(?:was|were|is|are|been|being)\s+(?:(?:now|still|fully|completely|firmly|entirely)\s+)?$",
    re.IGNORECASE,
)
_PARTICIPLE = re.compile(r"(?:\w+(?:ed|en)|held|won|lost|kept)\b", re.IGNORECASE)
_GROUND_FIRST = re.compile(
    r"(?:the\s+)?(?:" + ground_alternation("ground_first") + r")\b", re.IGNORECASE
)


def _ground_named_around(text: str, cand: Candidate) -> bool:
    """Whether a control claim's ground may lie before or around its cue, not after it.

    Cues of sovereignty, annexation and boundary marks name their ground anywhere in the
    sentence; a control verb in the passive, or a cue that starts with the kind of ground,
    names it first.

    >>> def cue(text):
    ...     i = text.index("secured")
    ...     return Candidate("control_claim", "stated control", i, i + 7, True)
    >>> s = "The crossing was secured."
    >>> _ground_named_around(s, cue(s))
    True
    >>> s = "The army has secured it."
    >>> _ground_named_around(s, cue(s))
    False
    """
    if cand.sub_event_type in SOVEREIGN_KINDS:
        return True
    return bool(
        (
            _PARTICIPLE.match(text, cand.start)
            and _PASSIVE_BEFORE.search(text, max(0, cand.start - 30), cand.start)
        )
        or _GROUND_FIRST.match(text, cand.start)
    )


_OWNED_NOUN = re.compile(
    r"\b(?:the|this|that)\s+(?:disputed\s+|border\s+|river\s+)?(?P<noun>"
    + ground_alternation("owned_noun")
    + r")\b",
    re.IGNORECASE,
)


def _sovereign_object(
    tops: Sequence[Toponym], sent: Sentence, cand: Candidate
) -> tuple[str, str] | None:
    """(object, kind) of a sovereignty claim, or None when the sentence names no ground.

    The place named nearest the cue (a sub-national one), else the kind of ground the
    cue names ("the island").

    >>> from types import SimpleNamespace
    >>> text = "The ministry said the disputed post stands on its own territory."
    >>> cand = Candidate("control_claim", "sovereignty claim", text.index("stands"),
    ...                  len(text) - 1, True)
    >>> _sovereign_object([], SimpleNamespace(start=0, text=text), cand)
    ('the post', 'territory')
    """
    fine = [t for t in tops if _feature_rank(t) <= 3]
    if fine:
        mid = sent.start + (cand.start + cand.end) // 2
        t = min(fine, key=lambda t: abs((t.start + t.end) // 2 - mid))
        rank = _feature_rank(t)
        return t.name, {1: "territory", 2: "district", 3: "province"}[rank]
    lo = max(0, cand.start - 60)
    nouns = list(_OWNED_NOUN.finditer(sent.text, lo, cand.end))
    if nouns:
        return f"the {nouns[-1].group('noun').lower()}", "territory"
    return None


def _claimed_place(tops: Sequence[Toponym], sent: Sentence, end: int) -> Toponym | None:
    """The place a control claim's verb names right after it, if any.

    "said it held X", "took control of the town of X".

    >>> from types import SimpleNamespace
    >>> text = "The rebels said they held Alpha and the hills around it."
    >>> sent = SimpleNamespace(start=0, text=text)
    >>> i = text.index("Alpha")
    >>> t = Toponym("d", i, i + 5, "Alpha", "Alpha", 0.0, 0.0, "MM", None, None, "PPL", None,
    ...             "Alpha", 1, 1.0)
    >>> _claimed_place([t], sent, text.index(" Alpha")).name
    'Alpha'
    >>> _claimed_place([t], sent, text.index("said") + 4) is None
    True
    """
    for t in tops:
        gap = sent.text[end : t.start - sent.start]
        if t.start - sent.start >= end and _CLAIM_GAP.fullmatch(gap):
            return t
    return None


def _object_name(
    ctx: _Context,
    sent: Sentence,
    ext: dict[str, Any] | None,
    trig_e: int,
    tops: list[Toponym],
    prefer: list[str | None],
    index: int = 0,
    controller_country: str | None = None,
) -> tuple[str, str]:
    """(object, object_kind) of a control claim.

    A border object is a dyad: named in the sentence, else completed from the
    article's countries, else the border the article named before ("the
    border" after an "Afghan-Tajik border" headline). Counted or vague objects
    without a place name get the country they lie in ("districts of
    Afghanistan").
    """
    text = sent.text
    span = (ext["obj_start"], ext["obj_end"]) if ext else (trig_e, min(len(text), trig_e + 70))
    obj_text = text[span[0] : span[1]]
    noun = ext.get("noun") if ext else None
    kind = object_kind(noun)
    if kind == "border" or re.search(r"\b(?:border|frontier)\b", obj_text, re.IGNORECASE):
        dyads = border_dyads(obj_text) or border_dyads(text)
        for d in dyads:
            name = resolve_dyad(d.countries, lambda b: _context_other(ctx, b, prefer))
            if name:
                return name, "border"
        if noun in ("border", "frontier") or kind == "border":
            if not re.search(r"\b(?:with|between|of)\b", obj_text):
                earlier = _context_border(ctx, index)
                if earlier:
                    return earlier, "border"
            return obj_text.strip(), "border"
    for t in tops:
        ts, te = t.start - sent.start, t.end - sent.start
        if span[0] <= ts < span[1] + 20:
            if noun:
                if kind in ("district", "province"):
                    return t.name, kind
                break
            after = text[te : te + 25].lower()
            if "crossing" in after or "checkpoint" in after or "post" in after:
                return t.name, "crossing"
            if "district" in after:
                return t.name, "district"
            if "province" in after or "region" in after:
                return t.name, "province"
            rank = _feature_rank(t)
            kind = {1: "territory", 2: "district", 3: "province", 4: "territory"}[rank]
            return t.name, kind
    if noun and _AREA_UNIT.match(noun):
        # "10 square kilometres of Armenian territory": the territory is the object.
        of = _AREA_OF.match(text, span[1])
        if of:
            words = of.group("np").split()
            code = country_of_word(words[0]) if len(words) > 1 else None
            if code:
                return f"{' '.join(words[1:])} of {country_name(code)}", "territory"
            return of.group("np"), "territory"
    if noun:
        np = re.search(rf"(?:[\w’'-]+\s+){{0,3}}{re.escape(noun)}", obj_text, re.IGNORECASE)
        phrase = np.group(0).strip() if np else noun
        phrase = _NP_LEAD.sub("", phrase) or noun
        if kind in ("district", "province", "territory") and noun.lower() not in (
            "the country",
            "north",
            "the north",
            "south",
            "the south",
        ):
            code = _object_country(ctx, sent, trig_e, tops, controller_country)
            if code:
                phrase = f"{phrase} of {country_name(code)}"
        return phrase, kind
    return obj_text.strip(" ,."), kind


def _sub_type(cand: Candidate, text: str) -> str:
    if cand.event_type != "capture":
        return cand.sub_event_type
    tail = text[cand.end : cand.end + 70].lower()
    for word, label in (
        ("crossing", "capture of a border crossing"),
        ("checkpoint", "capture of a post"),
        ("post", "capture of a post"),
        ("base", "capture of a base"),
        ("district", "capture of a district"),
        ("province", "capture of a province"),
        ("village", "capture of territory"),
        ("town", "capture of territory"),
        ("city", "capture of territory"),
        ("territory", "capture of territory"),
        ("soldier", "capture of people"),
        ("members", "capture of people"),
        ("troops", "capture of people"),
        ("guards", "capture of people"),
        ("prisoner", "capture of people"),
        ("hostage", "capture of people"),
    ):
        if word in tail:
            return label
    if "prisoner" in text[cand.start : cand.end + 20].lower():
        return "capture of people"
    return "capture"


_INTO_COUNTRY = re.compile(
    r"\b(?:into|to|in)\s+(?:the|their|its|that|this|neighbou?ring)\s+(?:neighbou?ring\s+)?"
    r"(?:country|territory|republic|state)\b",
    re.IGNORECASE,
)


def _country_location(ctx: _Context, code: str | None) -> EventLocation | None:
    """The article's own country-level mention of ``code`` as a location, if any."""
    if not code:
        return None
    for t in ctx.toponyms:
        if t.country_code == code and t.feature == "country":
            return _location_of(t)
    return None


def _complete_crossing(
    ctx: _Context,
    sent: Sentence,
    actors: Sequence[Any],
    actor1: str | None,
    origin: EventLocation | None,
    dest: EventLocation | None,
) -> tuple[EventLocation | None, EventLocation | None]:
    """Fill a crossing's missing end from general cues, so it can be drawn as a movement.

    * No destination, and the sentence says "into the country / their
      territory": the destination is the nearest country named before that
      phrase in the sentence other than the origin's ("Tajikistan's border
      service said 17 soldiers fled into the country").
    * No origin: the fleeing forces' own country (the actor's country, e.g.
      "Afghan soldiers" → Afghanistan), when it differs from the destination.
    Both only use countries the article itself mentions.
    """
    if dest is None:
        m = _INTO_COUNTRY.search(sent.text)
        if m is not None:
            cut = sent.start + m.start()
            for t in reversed([t for t in ctx.toponyms if sent.start <= t.start < cut]):
                if t.feature == "country" and (
                    origin is None or t.country_code != origin.country_code
                ):
                    dest = _location_of(t)
                    break
    if origin is None:
        codes = [a.country for a in actors if a.name == actor1 and a.country]
        home = _country_location(ctx, codes[0]) if codes else None
        if home is not None and (dest is None or home.country_code != dest.country_code):
            origin = home
    return origin, dest


def _cross_ends(
    ctx: _Context, sent: Sentence, tops: list[Toponym], trig_s: int
) -> tuple[Toponym | None, Toponym | None]:
    origin = dest = None
    for t in tops:
        before = ctx.text[max(sent.start, t.start - 30) : t.start]
        rel = t.start - sent.start
        into = _INTO.search(before)
        if (
            rel >= trig_s
            and dest is None
            and into is not None
            # a bare "in" far from the verb places something else ("... in the Kaldor district")
            and (not into.group(0).lower().startswith("in ") or rel - trig_s < 30)
        ):
            dest = t
        elif (
            origin is None
            and _FROM.search(before)
            and (rel < trig_s or not before.rstrip().endswith(" in"))
        ):
            origin = t
    return origin, dest


@functools.lru_cache(maxsize=32)
def _warn_once(message: str) -> None:
    log.warning(message)


def join_targets(events: Sequence[Event]) -> list[int]:
    """Indices of the events whose location the border join looks at (placed, not coarse)."""
    return [
        i
        for i, e in enumerate(events)
        if e.location is not None and e.location.lat is not None and e.location.precision < 3
    ]


def join_points_of(events: Sequence[Event]) -> tuple[list[float], list[float]]:
    """The (lats, lons) :func:`finish_events` passes to the join for ``events``."""
    idx = join_targets(events)
    return (
        [events[i].location.lat for i in idx],  # type: ignore[union-attr, misc]
        [events[i].location.lon for i in idx],  # type: ignore[union-attr, misc]
    )


def finish_events(
    events: list[Event], *, join: JoinFn | str | None = AUTO, merge: bool = True
) -> list[Event]:
    """The last steps of :func:`extract_events`: border join, then merging within the article.

    ``extract_events(..., join=j, merge=m)`` equals
    ``finish_events(extract_events(..., join=None, merge=False), join=j, merge=m)``,
    so a caller can join the points of many articles at once in between.
    """
    events = _apply_join(events, _resolve_join(join))
    if merge:
        from geo.events.merge import merge_events

        return merge_events(events)
    return events


def _apply_join(events: list[Event], join: JoinFn | None) -> list[Event]:
    if join is None:
        return events
    idx = join_targets(events)
    if not idx:
        return events
    lats, lons = join_points_of(events)
    try:
        frame = join(lats, lons)
    except Exception as err:
        _warn_once(f"border join failed, events keep text borders only: {err}")
        return events
    borders, distances = list(frame["border"]), list(frame["border_distance_km"])
    admins = list(frame["admin1"]) if "admin1" in frame else None
    out = list(events)
    for row, i in enumerate(idx):
        ev = out[i]
        loc = ev.location
        if loc is None or loc.border_distance_km is not None:
            continue
        border = borders[row]
        dist = distances[row]
        if border is None or dist is None or dist != dist:
            continue
        says_border = any(
            re.search(r"\b(?:border|frontier|crossing)\b", s.sentence, re.IGNORECASE)
            for s in ev.sources
        )
        if loc.border is not None and loc.border != border:
            continue
        if float(dist) <= BORDER_KM or says_border:
            admin1 = loc.admin1
            if admin1 is None and admins is not None:
                admin1 = admins[row]
            out[i] = replace(
                ev,
                location=replace(
                    loc, border=str(border), border_distance_km=round(float(dist), 1), admin1=admin1
                ),
            )
    return out


def _resolve_join(join: JoinFn | str | None) -> JoinFn | None:
    if join != AUTO:
        return join  # type: ignore[return-value]
    try:
        from geo.joins import join_points  # type: ignore[import-not-found]
    except ImportError:
        log.debug("geo.joins not available: events get border dyads from the text only")
        return None
    return join_points  # type: ignore[no-any-return]


def _confidence(
    cand: Candidate,
    date_src: str | None,
    precision: int,
    loc: EventLocation | None,
    actor1: str | None,
    claimant: str | None,
    hedged: bool,
    disputed: bool,
    model: bool,
) -> float:
    c = 0.5 + (0.1 if cand.strong else -0.1)
    if date_src == "sentence" and precision == 1:
        c += 0.1
    if loc is not None and loc.precision < 3 and loc.lat is not None:
        c += 0.1
    if actor1:
        c += 0.05
    if claimant:
        c += 0.05
    if hedged:
        c -= 0.15
    if disputed:
        c -= 0.05
    if not model:
        c -= 0.1
    return round(min(0.95, max(0.05, c)), 2)


def _build_context(article: Any, toponyms: Sequence[Toponym], doc: Any) -> _Context:
    text = article.text
    published = getattr(article, "published", None)
    if doc is not None and doc.has_annotation("SENT_START"):
        sentences = doc_sentences(text, doc)
        model = True
    else:
        sentences = split_sentences(text)
        model = False
    tops = sorted(
        (t for t in toponyms if t.document in (article.id, None, "")), key=lambda t: t.start
    )
    countries: Counter[str] = Counter(t.country_code for t in tops if t.country_code)
    line = dateline(text, published)
    ctx = _Context(
        article=article,
        text=text,
        published=published,
        sentences=sentences,
        date_cache={},
        conflict=CONTEXT.search(text) is not None,
        toponyms=tops,
        topo_starts=[t.start for t in tops],
        countries=countries,
        model=model,
        reference=line[0] if line else published,
        dateline_span=(line[1], line[2]) if line else (0, 0),
    )
    if sentences:
        first = sentences[0]
        dated = [
            d
            for d in _sentence_dates(ctx, first)
            # a night ("overnight") straddles two days: no day for the rest of the story
            if not d.text.lower().startswith("overnight")
            and not in_backdrop_clause(first.text, d.start)
        ]
        own = [d for d in dated if not d.statement]
        if own and own[0].precision == 1:
            ctx = replace(ctx, lead=(own[0].date, None, 1))
    return ctx


_DATE_WORD = re.compile(
    r"\d|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March"
    r"|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul"
    r"|Aug|Sep|Sept|Oct|Nov|Dec|yesterday|today|tonight|night|morning|week|weeks|month|months"
    r"|year|years|day|days|ago|overnight|weekend)\b",
    re.IGNORECASE,
)


def has_date_word(text: str) -> bool:
    """Cheap pre-check before the date regexes run.

    >>> has_date_word("Troops massed."), has_date_word("Troops massed on Monday.")
    (False, True)
    """
    return _DATE_WORD.search(text) is not None


def _sentence_dates(ctx: _Context, sent: Sentence) -> list[DateMention]:
    """Date mentions of one sentence, sentence-relative offsets, computed once."""
    got = ctx.date_cache.get(sent.index)
    if got is None:
        got = []
        if has_date_word(sent.text):
            got = [
                replace(d, start=d.start - sent.start, end=d.end - sent.start)
                for d in find_dates(ctx.text, ctx.reference, sent.start, sent.end)
                if not (ctx.dateline_span[0] <= d.start < ctx.dateline_span[1])
            ]
        ctx.date_cache[sent.index] = got
    return got


def extract_events(
    article: Any,
    toponyms: Sequence[Toponym] = (),
    *,
    nlp: Any = None,
    doc: Any = None,
    join: JoinFn | str | None = AUTO,
    merge: bool = True,
    model: bool | None = None,
) -> list[Event]:
    """Events reported by one article, deduplicated within it (``merge=False`` keeps all).

    ``model`` says whether a spaCy model took part in the article's analysis
    (it lowers confidence by 0.1 when false); by default it is true exactly
    when spaCy sentences are used. The pipeline, whose model is NER plus a
    rule-based sentencizer, passes ``model=True`` with the regex sentences,
    which are as good and faster.

    ``doc`` is the article text already parsed by spaCy (its sentences are
    used); else ``nlp(article.text)`` when ``nlp`` is given; else a regex
    sentence splitter (confidence −0.1). ``join(lats, lons)`` returns a frame
    (or a mapping of column name to values) with ``border`` and
    ``border_distance_km``, optionally ``admin1`` (default:
    ``geo.joins.join_points`` when installed; ``None`` for none).

    >>> from datetime import date
    >>> from types import SimpleNamespace
    >>> art = SimpleNamespace(id="n1", published=date(2021, 7, 9), outlet="AFP", url=None,
    ...     text="The Taliban now control about two-thirds of the border with Tajikistan.")
    >>> ev = extract_events(art, [], join=None)[0]
    >>> ev.event_type, ev.claim.controller, ev.claim.object, ev.claim.extent["fraction"]
    ('control_claim', 'Taliban', 'AFG–TJK', 0.67)
    """
    article, toponyms = events_view(article, toponyms)  # no events from boilerplate
    if doc is None and nlp is not None:
        doc = nlp(article.text)
    ctx = _build_context(article, toponyms, doc)
    if model is not None:
        ctx = replace(ctx, model=model)
    events: list[Event] = []
    refs: list[int] = []  # per event: its trigger refers back to a happening told before
    prev_claimant: str | None = None
    for i, sent in enumerate(ctx.sentences):
        claimant_obj = find_claimant(sent.text) if _maybe_speech(sent.text) else None
        claimant: str | None = None
        if claimant_obj is not None:
            if claimant_obj.pronoun:
                claimant = prev_claimant
                if claimant and claimant_obj.via:
                    claimant = f"{claimant}, quoted by {claimant_obj.via}"
            else:
                claimant = claimant_obj.text
                if claimant_obj.via:
                    claimant = f"{claimant}, quoted by {claimant_obj.via}"
                prev_claimant = claimant_obj.text
        starts = word_starts(sent.text)
        use = DETECTOR
        cue = has_cue(sent.text, starts)
        if not cue and use is None:
            continue
        if is_context_frame(sent.text):
            continue
        cands = classify(sent.text, starts, ctx.conflict) if cue else []
        if use is not None:
            cands = _detected(use, ctx, sent, cands, cue)
        if not cands:
            continue
        sent_dates = _sentence_dates(ctx, sent)
        cands = cands + _own_clauses(ctx, sent, cands, sent_dates)
        cands = second_readings(sent.text, cands, ctx.conflict, sent_dates)
        prev_date = None
        if i > 0 and ctx.sentences[i - 1].paragraph == sent.paragraph:
            before = ctx.sentences[i - 1]
            own = [
                d
                for d in _outside_asides(_sentence_dates(ctx, before), before.text, -1)
                if not d.statement and not d.text.lower().startswith(("since", "ever since"))
            ]
            if own:  # a "since" date starts a state; it dates no next happening
                prev_date = (own[0].date, None, own[0].precision, "inherited")
        later = days_later(sent.text)
        anchor = _anchor_day(ctx, i) if later else None
        if later and anchor is None and ctx.lead is not None:
            anchor = ctx.lead[0]  # "only days earlier": before the story's own day
        events.extend(
            _sentence_events(
                ctx,
                i,
                sent,
                cands,
                sent_dates,
                claimant,
                claimant_obj,
                prev_date,
                (later, anchor),
                refs,
            )
        )
    if any(refs):
        # a definite re-mention ("claimed the attack") joins the record it refers to,
        # with or without merging, so that every path sees the same records
        from geo.events.merge import fold_back_references

        events = fold_back_references(events, refs)
    return finish_events(events, join=join, merge=merge)


#: The sub-type a detector candidate gets: the plainest one of its type in the trigger table.
_DETECTED_SUB_TYPE = {
    "armed_clash": "clash",
    "capture": "seizure",
    "control_claim": "stated control",
    "forces_cross_border": "incursion",
    "deployment": "deployment",
    "displacement": "civilians fled",
    "ceasefire_or_talks": "negotiation",
    "assistance": "assistance mention",
    "blockade": "road blocked",
}


def _detected(
    use: DetectorUse,
    ctx: _Context,
    sent: Sentence,
    cands: list[Candidate],
    cue: bool,
) -> list[Candidate]:
    """The rule candidates after the detector's veto, or its proposals where there are none."""
    if cands and not use.veto:
        return cands
    if not cands and not use.propose:
        return cands
    from geo.events.detect import sentence_features

    lo = bisect.bisect_left(ctx.topo_starts, sent.start)
    hi = bisect.bisect_left(ctx.topo_starts, sent.end)
    tops = ctx.toponyms[lo:hi]
    place = any(not (t.feature or "").startswith("PCL") for t in tops)
    feats = sentence_features(
        sent.text,
        place=place,
        country=any((t.feature or "").startswith("PCL") for t in tops),
        rules=[c.event_type for c in cands],
        cue=cue,
        actor=bool(find_actors(sent.text)),
    )
    probs = use.detector.scores(feats)
    if cands:
        return [c for c in cands if probs.get(c.event_type, 1.0) >= use.veto]
    out = []
    for event_type, p in sorted(probs.items(), key=lambda kv: -kv[1]):
        if p < use.threshold or not (place or event_type in use.place_free):
            continue
        span = use.detector.trigger(sent.text, event_type)
        if span is None:
            continue
        sub = _DETECTED_SUB_TYPE.get(event_type, event_type)
        out.append(Candidate(event_type, sub, span[0], span[1], strong=False))
    return sorted(out, key=lambda c: c.start)


_CONTEXT_FRAME = re.compile(
    r"^\W*(?:The|This|These|That|Those|Its|Their)\s+(?:[\w’'-]+\s+){0,3}?"
    r"(?:comes?|came|have\s+come|has\s+come)\s+(?:as|amid|at\s+a\s+time)\b",
    re.IGNORECASE,
)


def is_context_frame(text: str) -> bool:
    """Whether a sentence is the "The clashes come as ..." frame.

    Its subject refers back to a happening already told, and its "as"/"amid" clause
    is the backdrop, so it reports nothing new.

    >>> is_context_frame("The clashes come as Sudan struggles to shelter refugees.")
    True
    >>> is_context_frame("The latest fighting came amid rising tension.")
    True
    >>> is_context_frame("Clashes came to the town of Jermuk on Monday.")
    False
    """
    return _CONTEXT_FRAME.search(text) is not None


_BACKDROP_CLAUSE = re.compile(
    r"(?:,\s*as\s|\b(?:after|following)\s+(?:[\w-]+\s+){0,2}(?:days?|weeks?|months?|years?)"
    r"\s+of\s)[^,;:()\u2013\u2014\"]*$",
    re.IGNORECASE,
)


#: "closed the crossings after the attack": the attack already told.
_AFTER_THE = re.compile(r"\b(?:after|following)\s+the\s+(?:[\w’'-]+\s+){0,2}$", re.IGNORECASE)


def in_backdrop_clause(text: str, start: int) -> bool:
    """Whether offset ``start`` lies in a backdrop clause of the sentence.

    ", as a truce held ..." and "after five days of fighting ..." tell the
    state of things around the sentence's own event.

    >>> s = "Troops fanned out on Thursday, as a ceasefire held for a second day."
    >>> in_backdrop_clause(s, s.index("ceasefire")), in_backdrop_clause(s, s.index("fanned"))
    (True, False)
    >>> s = "They agreed to a ceasefire after five days of border fighting."
    >>> in_backdrop_clause(s, s.index("fighting"))
    True
    """
    return _BACKDROP_CLAUSE.search(text, 0, start) is not None


_SINCE_CLAUSE = re.compile(
    r"\b(?:ever\s+)?since\b(?![^,;:()\u2013\u2014]*\b(?:when|as)\b)[^,;:()\u2013\u2014\"]*$",
    re.IGNORECASE,
)


def in_since_clause(text: str, start: int) -> bool:
    """Whether offset ``start`` lies in a "since ..." clause (a story's background).

    The happening a story measures from ("50,000 have fled since fighting broke
    out") is not a new one.

    >>> s = "More than 50,000 people have fled since fighting broke out in November."
    >>> in_since_clause(s, s.index("fighting")), in_since_clause(s, s.index("fled"))
    (True, False)
    >>> s = "Since the truce, the army has shelled the town twice."
    >>> in_since_clause(s, s.index("shelled"))
    False
    >>> s = "Since early May guards have closed the road twice."
    >>> in_since_clause(s, s.index("closed"))
    False
    """
    m = _SINCE_CLAUSE.search(text, 0, start)
    if m is None:
        return False
    d = _SINCE_DATE.match(text, m.start())
    # "Since mid-August police have sealed the road": the date opens the main clause
    return d is None or d.end() > start


def dated_since(text: str, start: int, sent_dates: list[DateMention]) -> bool:
    """Whether a "since ..." clause tells its happening with a day of its own.

    "since the militants tried to break in on July 21": a happening the story dates
    to the day, told for the first time (docs/annotation.md: a happening told, in the
    period or the background, is an event); "since fighting broke out in 2011" only
    measures a period.

    >>> from datetime import date
    >>> s = "Troops have killed 800 fighters since the militants tried to break in on July 21."
    >>> dated_since(s, s.index("break in"), find_dates(s, date(2022, 8, 6)))
    True
    >>> s = "More than 50,000 people have fled since fighting broke out in November."
    >>> dated_since(s, s.index("fighting"), find_dates(s, date(2022, 8, 6)))
    False
    """
    m = _SINCE_CLAUSE.search(text, 0, start)
    if m is None:
        return False
    end = _span_end(text, start)
    return any(
        m.start() < d.start < end and d.precision == 1 and not d.statement for d in sent_dates
    )


#: "since" + a date phrase alone: a time adverbial of the clause that follows it.
_SINCE_DATE = re.compile(
    r"(?:ever\s+)?since\s+(?:the\s+(?:start|beginning|end|middle)\s+of\s+)?"
    r"(?:(?:early|mid|late)[\s-]*)?(?:(?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December)(?:\s+\d{1,2}\b)?|(?:19|20)\d\d|last\s+(?:week|month"
    r"|year)|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))(?:,?\s+(?:19|20)\d\d)?"
    r"\b,?\s+",
    re.IGNORECASE,
)


_WHEN_AFTER = re.compile(r",?\s+when\b", re.IGNORECASE)
_ITERATIVE = re.compile(
    r"\b(?:repeated(?:ly)?|several times|many times|time and again|frequent(?:ly)?|regularly"
    r"|routinely)\b",
    re.IGNORECASE,
)


def habitual(text: str, trigger: int) -> bool:
    """Whether the trigger's clause sums up a repeated happening in the perfect tense.

    "has seen repeated clashes", "have been hit several times": a summary, not one
    happening — unless the sentence goes on to name one ("most recently in May").

    >>> s = "The valley has seen repeated clashes since the truce."
    >>> habitual(s, s.index("clashes"))
    True
    >>> s = "The post has been closed repeatedly, most recently in May."
    >>> habitual(s, s.index("closed"))
    False
    >>> s = "Troops repeatedly shelled the village on Monday."
    >>> habitual(s, s.index("shelled"))
    False
    """
    lo, hi = _clause_bounds(text, trigger)
    return (
        PERFECT.search(text, lo, trigger) is not None
        and _ITERATIVE.search(text, lo, hi) is not None
        and MOST_RECENT.search(text) is None
    ) or is_habit(text, lo, hi, trigger)


#: How long before the story a "since" date must lie for its perfect tense to be a
#: standing state rather than news.
STANDING_DAYS = 365


def standing_state(
    text: str, trigger: int, sent_dates: list[DateMention], reference: date | None
) -> bool:
    """Whether the trigger is a state held since long before the story.

    "has been shut since 1994", "has monitored the truce since 1991": background, not
    a happening.

    >>> from datetime import date
    >>> s = "The land border has been shut since 1994, and trade is low."
    >>> ds = find_dates(s, date(2021, 3, 19))
    >>> standing_state(s, s.index("shut"), ds, date(2021, 3, 19))
    True
    >>> s = "Attacks have killed close to 1,000 people in the country since 2015."
    >>> ds = find_dates(s, date(2020, 6, 11))
    >>> standing_state(s, s.index("Attacks"), ds, date(2020, 6, 11))
    True
    >>> s = "More than 50,000 people have crossed into the state over the past three years."
    >>> standing_state(s, s.index("crossed"), [], None)
    True
    >>> s = "Troops crossed into the state on Monday, the first time in the past three years."
    >>> standing_state(s, s.index("crossed"), [], None)
    False
    >>> s = "The town has suffered several attacks in recent months, traders say."
    >>> standing_state(s, s.index("attacks"), [], None)
    True
    >>> s = "Rebels have taken control of dozens of villages in recent months."
    >>> standing_state(s, s.index("taken"), [], None)
    False
    >>> s = "The land border had been shut since the start of the crisis."
    >>> standing_state(s, s.index("shut"), [], None)
    True
    >>> s = "The land border was shut at the start of the crisis."
    >>> standing_state(s, s.index("shut"), [], None)
    False
    >>> s = "The crossing has been shut since Monday."
    >>> ds = find_dates(s, date(2021, 3, 19))
    >>> standing_state(s, s.index("shut"), ds, date(2021, 3, 19))
    False
    """
    lo, hi = _clause_bounds(text, trigger)
    if PERFECT.search(text, lo, trigger) is not None and _PAST_SPAN.search(
        text, trigger, _span_end(text, trigger)
    ):
        return True  # "have crossed into the state over the past three years": a sum
    if (
        PERFECT.search(text, lo, trigger) is not None
        and _SEVERAL_BEFORE.search(text, max(0, trigger - 30), trigger)
        and _RECENT_MONTHS.search(text, trigger, _span_end(text, trigger))
    ):
        return True  # "has suffered several attacks in its north in recent months": a sum
    if _SINCE_HISTORY.search(text, max(0, trigger - 30), _span_end(text, trigger)):
        return True  # "had been shut since the start of the crisis": a state, no day
    if _SINCE_THEN.match(text) and PERFECT.search(text, lo, _span_end(text, trigger)):
        return True  # "Since then, guards have been shut out of the park": the state it left
    if reference is None or not sent_dates:
        return False
    for d in sent_dates:
        if (
            trigger < d.start < hi
            and d.text.lower().startswith(("since", "ever since"))
            and (reference - d.end_date).days > STANDING_DAYS
        ):
            # "has been shut since 1994"; "attacks have killed 1,000 people since 2015"
            return (
                PERFECT.search(text, lo, trigger) is not None
                or _SUBJECT_PERFECT.match(text, trigger) is not None
            )
    return False


#: A span of years a perfect-tense clause sums up ("over the past three years").
_PAST_SPAN = re.compile(
    r"\b(?:over|in|during|throughout)\s+the\s+(?:past|last)\s+(?:[\w-]+\s+)?(?:years|decades?)\b",
    re.IGNORECASE,
)
#: "has suffered several attacks in recent months": many happenings summed over months (a
#: plural with a vague quantifier; "have taken control of dozens of villages in recent
#: months" is one claim of control, kept).
_RECENT_MONTHS = re.compile(r"\bin\s+recent\s+months\b", re.IGNORECASE)
_SEVERAL_BEFORE = re.compile(
    r"\b(?:several|many|numerous|multiple|repeated|frequent|a\s+(?:string|series|spate|wave)"
    r"\s+of)\s+(?:[\w’'-]+\s+)?$",
    re.IGNORECASE,
)
#: A perfect passive held "since" a stretch of history, not a day: "had been shut since the
#: start of the crisis", "has long been closed since the war".
_SINCE_HISTORY = re.compile(
    r"\b(?:has|have|had)\s+(?:long\s+|also\s+)?been\s+[a-z]+\s+(?:[\w’'-]+\s+){0,3}?since\s+"
    r"(?:the|its|their|a)\s+(?:[\w’'-]+\s+)?(?:start|beginning|outbreak|onset|crisis|war|conflict"
    r"|dispute|row|rift|standoff|pandemic|coup|independence|split|break-?up)\b",
    re.IGNORECASE,
)
#: A sentence opening "Since then": what a happening told before left behind.
_SINCE_THEN = re.compile(r"\W*(?:Ever\s+)?[Ss]ince\s+then\b")
#: The trigger noun as the subject of a perfect verb ("attacks have killed").
_SUBJECT_PERFECT = re.compile(
    r"[\w’'-]+\s+(?:[\w’'-]+\s+)?(?:have|has)\s+(?!(?:\w+\s+)?been\b)", re.IGNORECASE
)
_SPAN_END = re.compile(r";|,\s+(?:and|but|while)\s|\.\s")


def _span_end(text: str, start: int) -> int:
    """Where the stretch of ``text`` from ``start`` ends: a semicolon or ", and" / ", but"."""
    m = _SPAN_END.search(text, start)
    return m.start() if m else len(text)


_MAYBE_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|report|reported|reports|announced|announces|claim|claimed"
    r"|claims|stated|states|added|noted|confirmed|warned|denied|insisted|stressed|declared"
    r"|wrote|tweeted|alleged|accused|blamed|according|citing|quoting|quoted|explained"
    r"|informed|emphasi[sz]ed|revealed|acknowledged|admitted|underlined|pointed)\b"
)


def _maybe_speech(text: str) -> bool:
    return _MAYBE_SPEECH.search(text) is not None


def _own_clauses(
    ctx: _Context, sent: Sentence, cands: list[Candidate], sent_dates: list[DateMention]
) -> list[Candidate]:
    """Candidates of later coordinated clauses that name a place or a day of their own.

    A clause that only goes on about the first happening ("..., and troops fired back")
    is no second happening; one that says where or when it was is.
    """
    if len(sent.text) < 60:
        return []
    out = []
    for cand, lo, hi in clause_candidates(sent.text, cands, ctx.conflict):
        before = {t.name for t in ctx.toponyms if sent.start <= t.start < sent.start + lo}
        own_place = any(
            sent.start + lo <= t.start < sent.start + hi and t.name not in before
            for t in ctx.toponyms
        )
        own_day = any(lo <= d.start < hi and not d.statement for d in sent_dates)
        if own_place or own_day:
            out.append(cand)
    return out


@functools.lru_cache(maxsize=256)
def _no_happening(text: str, cand: Candidate, cands: tuple[Candidate, ...]) -> str | None:
    """:func:`geo.events.filters.no_happening`, asked once per sentence and candidate."""
    return no_happening(text, cand, cands)


def _dropped(text: str, cand: Candidate, cands: list[Candidate], dates: list[DateMention]) -> bool:
    return (in_since_clause(text, cand.start) and not dated_since(text, cand.start, dates)) or (
        _no_happening(text, cand, tuple(cands)) is not None
    )


def second_readings(
    text: str,
    cands: list[Candidate],
    article_context: bool = True,
    sent_dates: list[DateMention] | None = None,
) -> list[Candidate]:
    """The candidates, each one that tells no happening replaced by a later trigger of its type.

    :func:`classify` keeps one trigger per type, the first that fires; when that one is
    a label, a look-alike or a "since" backdrop, a real happening of the same type
    later in the sentence would be lost with it.

    >>> s = "It was the first attack there since 2016, when gunmen killed 19 people."
    >>> [(c.event_type, s[c.start:c.end]) for c in second_readings(s, classify(s))]
    [('armed_clash', 'killed')]
    >>> s = "Gunmen attacked the post on Monday."
    >>> [s[c.start:c.end] for c in second_readings(s, classify(s))]
    ['attacked']
    """
    dates = sent_dates or []
    out = list(cands)
    for i, c in enumerate(cands):
        if not _dropped(text, c, cands, dates):
            continue
        masked = text[: c.start] + " " * (c.end - c.start) + text[c.end :]
        for n in classify(masked, None, article_context):
            if n.event_type != c.event_type or n.sub_event_type == "assistance mention":
                continue
            others = [n if x is c else x for x in cands]
            if not _dropped(text, n, others, dates):
                out[i] = n
            break
    return out


#: Sentences back an "a day later" may count from.
ANCHOR_SENTENCES = 3


def _anchor_day(ctx: _Context, index: int) -> date | None:
    """The last day (to the day, not a statement's) told in the sentences before ``index``."""
    for j in range(index - 1, max(-1, index - 1 - ANCHOR_SENTENCES), -1):
        own = [d for d in _sentence_dates(ctx, ctx.sentences[j]) if not d.statement]
        if own and own[-1].precision == 1:
            return own[-1].date
    return None


def _applies(
    text: str, trigger: int, phrase: tuple[int, int, int, int], sent_dates: list[DateMention]
) -> bool:
    """Whether a relative-day phrase of :func:`days_later` can date the trigger.

    An "after" phrase ("a day after <what>") dates only what follows it in its clause.
    """
    start, end, _n, _p = phrase
    if not text[start:end].lower().endswith("after"):
        return True
    lo, hi = _clause_bounds(text, trigger)
    return (
        start < trigger
        and lo <= start
        and not any(end <= d.start < hi and not d.statement for d in sent_dates)
    )


def _later_date(
    text: str,
    trigger: int,
    sent_dates: list[DateMention],
    later: list[tuple[int, int, int, int]],
    anchor: date | None,
) -> tuple[date, int] | None:
    """The day (and precision) an "N days later" nearest the trigger gives, from its anchor.

    The anchor is the last day told in the sentence before those words when the trigger
    follows it ("spoke on July 5, and the sides pulled back the next day"), else the
    last day told in the sentences just before ("On Oct. 10 ... A day later ...").

    >>> from datetime import date
    >>> s = "A day later two peacekeepers were hurt."
    >>> _later_date(s, s.index("hurt"), [], days_later(s), date(2024, 10, 10))
    (datetime.date(2024, 10, 11), 1)
    >>> _later_date(s, s.index("hurt"), [], days_later(s), None) is None
    True

    "a day after" / "days after" date only what follows them in their clause, and not a
    happening the clause dates itself ("three days after police detained two on Tuesday").

    >>> s = "Guards closed the post on Friday, a day after smugglers crossed."
    >>> ds = find_dates(s, date(2024, 5, 24))
    >>> _later_date(s, s.index("crossed"), ds, days_later(s), None)
    (datetime.date(2024, 5, 23), 1)
    >>> _later_date(s, s.index("closed"), ds, days_later(s), None) is None
    True
    """
    later = [m for m in later if _applies(text, trigger, m, sent_dates)]
    if not later:
        return None
    start, _end, n, precision = min(later, key=lambda m: abs(m[0] - trigger))
    before = [d for d in sent_dates if not d.statement and d.end <= start]
    if before:
        if before[-1].precision != 1 or trigger < before[-1].end:
            return None  # the trigger tells of the anchor's own day
        anchor = before[-1].date
    return (anchor + timedelta(days=n), precision) if anchor is not None else None


def _sentence_events(
    ctx: _Context,
    index: int,
    sent: Sentence,
    cands: list[Candidate],
    sent_dates: list[DateMention],
    claimant: str | None,
    claimant_obj: Any,
    prev_date: tuple[date | None, date | None, int, str] | None,
    later: tuple[list[tuple[int, int, int, int]], date | None] = ([], None),
    refs: list[int] | None = None,
) -> list[Event]:
    """The events of one sentence; ``refs`` gets, per event, whether it refers back."""
    text = sent.text
    art = ctx.article
    doc_id = art.id
    skip_rel: list[tuple[int, int]] = []
    if claimant_obj is not None and not claimant_obj.pronoun:
        skip_rel.append((claimant_obj.start, claimant_obj.end))
    actors_all = find_actors(text)
    actors = [a for a in actors_all if not _in_span(a.start, a.end, skip_rel)]
    skip_abs = [(s + sent.start, e + sent.start) for s, e in skip_rel]
    skip_abs += [
        (a.start + sent.start, a.end + sent.start)
        for a in actors_all
        if a.kind in ("border", "forces", "government", "civilians") and a.end - a.start > 0
    ]
    tops = _usable_toponyms(ctx, sent, skip_abs)
    # Country toponyms inside actor phrases ("Kyrgyz border guards" has none) are skipped
    # above; countries standing alone stay usable as the coarsest location.
    dyads = border_dyads(text)
    far = [(sent.start + d.start, sent.start + d.end) for d in dyads if len(d.countries) == 1]
    hedged = HEDGE.search(text) is not None
    prev_text = ctx.sentences[index - 1].text if index > 0 else ""
    next_text = ctx.sentences[index + 1].text if index + 1 < len(ctx.sentences) else ""
    neighbour_dispute = any(
        DISPUTE.search(t) is not None
        for t, s in ((prev_text, index - 1), (next_text, index + 1))
        if t and ctx.sentences[s].paragraph == sent.paragraph
    )
    disputed = DISPUTE.search(text) is not None or neighbour_dispute
    source = SourceRef(
        document=doc_id,
        sentence=text,
        start=sent.start,
        end=sent.end,
        published=ctx.published,
        url=getattr(art, "url", None),
        outlet=getattr(art, "outlet", None),
    )
    out: list[Event] = []
    for cand in cands:
        event_type = cand.event_type
        if in_since_clause(text, cand.start) and not dated_since(text, cand.start, sent_dates):
            continue
        if standing_state(text, cand.start, sent_dates, ctx.reference) or habitual(
            text, cand.start
        ):
            continue
        if (
            in_backdrop_clause(text, cand.start)
            or (
                event_type == "armed_clash"
                and _AFTER_THE.search(text, 0, cand.start)
                and not own_day_after(text, cand.end)
            )
        ) and any(c.start < cand.start and not in_backdrop_clause(text, c.start) for c in cands):
            continue  # the sentence's own event comes first; the backdrop is not new
        if _no_happening(text, cand, tuple(cands)) is not None:
            continue  # a label, a purpose, a possibility, a look-alike... (geo.events.filters)
        n_before = len(out)
        actor1, actor2 = _actor_roles(text, cand.start, cand.end, actors, event_type)
        if event_type == "arrest" and civilians_taken_abroad(
            text, cand.start, cand.end, actors, actor1
        ):
            event_type = "abduction"
            cand = replace(cand, event_type="abduction", sub_event_type="abduction")
        if actor1 is None and claimant_obj is not None and not claimant_obj.pronoun:
            speaker = [a for a in actors_all if _in_span(a.start, a.end, skip_rel)]
            between = text[claimant_obj.end : cand.start]
            if speaker and (
                _PRONOUN_SUBJ.search(between)
                or event_type in STATEMENT_TYPES
                or event_type == "deployment"
            ):
                actor1 = speaker[0].name
                if actor2 == actor1:
                    actor2 = None
        # "X said ... and urged ...": the speaker makes the call or the offer.
        if (
            event_type in ("assistance", "ceasefire_or_talks")
            and claimant_obj is not None
            and not claimant_obj.pronoun
            and claimant_obj.end <= cand.start
            and _COORD_VERB.search(text, claimant_obj.end, cand.end)
        ):
            speaker = [a for a in actors_all if _in_span(a.start, a.end, skip_rel)]
            if speaker and speaker[0].name != actor1:
                actor1, actor2 = speaker[0].name, (actor2 if actor2 != speaker[0].name else None)
        # Dates. Forces pulling back is a happening, not a statement, whatever its type.
        dating = "withdrawal" if cand.sub_event_type == "withdrawal" else event_type
        picked = _pick_date(sent_dates, cand.start, dating, text)
        shifted = _later_date(text, cand.start, sent_dates, *later) if later[0] else None
        if shifted is not None:
            picked = (shifted[0], None, shifted[1], "sentence")
        if ctx.reference is not None and ongoing(text, cand.start, sent_dates):
            picked = (ctx.reference, None, 2, "sentence")  # "remains shut": as of the report
        if picked is None and prev_date is not None:
            picked = prev_date
        if picked is None:
            if ctx.lead is not None:
                # An undated sentence of a story tells of the lead's day, as far as a week.
                picked = (ctx.lead[0], None, 2, "lead")
            elif ctx.reference is not None:
                # the story's own day: its dateline's, else its publication date
                prec = 2 if dating in STATEMENT_TYPES else 3
                picked = (ctx.reference, None, prec, "published")
            else:
                picked = (None, None, 3, "none")
        ev_date, end_date, precision, date_src = picked
        # Claim and control.
        claim = None
        ext = None
        if event_type in ("capture", "control_claim"):
            ext = control_extent(text, cand.end)
            if ext is None and event_type == "control_claim":
                ext = control_extent_before(text, cand.start)
            if ext is not None and "count" in ext and object_kind(ext.get("noun")) == "crossing":
                ext = None  # "overran two outposts" is a capture, not a stated extent
            if ext is not None and ext.get("noun") is None and "count" in ext:
                ext = None
            if ext is not None or event_type == "control_claim":
                if (
                    event_type == "control_claim"
                    and ext is None
                    and not _CLAIMED_UNIT.match(text, cand.end)
                    and not _claimed_place(tops, sent, cand.end)
                    and not (
                        _ground_named_around(text, cand)
                        and _sovereign_object(tops, sent, cand) is not None
                    )
                ):
                    continue
                prefer = [a.country for a in actors if a.name == actor1]
                controller_cc = next(
                    (a.country for a in actors_all if a.name == actor1 and a.kind == "org"), None
                )
                owned = (
                    _sovereign_object(tops, sent, cand)
                    if ext is None and _ground_named_around(text, cand)
                    else None
                )
                if owned is not None:
                    obj, kind = owned
                else:
                    obj, kind = _object_name(
                        ctx, sent, ext, cand.end, tops, prefer, index, controller_cc
                    )
                extent: dict[str, Any] = {}
                if ext is not None:
                    extent = {
                        k: ext[k]
                        for k in ("fraction", "count", "qualifier", "text")
                        if k in ext and ext[k] is not None
                    }
                claim = ControlClaim(
                    controller=actor1 or "unknown", object=obj, object_kind=kind, extent=extent
                )
                event_type = "control_claim"
        # Location.
        origin = dest = fire_from = None
        if event_type == "forces_cross_border":
            o, d = _cross_ends(ctx, sent, tops, cand.start)
            origin = _location_of(o) if o else None
            dest = _location_of(d) if d else None
            rest = [t for t in tops if t is not d]
            rest = _same_clause(rest, sent, cand.start) or rest
            best = _best_toponym(rest, sent.start + cand.start, ctx.text, sent.start) or d
            if best is not None and best is not o and o is not None:
                best = o if _feature_rank(o) <= _feature_rank(best) else best
            if d is not None and _feature_rank(d) <= 2 and _feature_rank(best) > _feature_rank(d):
                best = d  # "crossed into the Grayvoron district of Belgorod region"
        else:
            moving_to = [t for t in tops if _moving_to(ctx.text, t, sent.start)]
            # A deployment's place is where the forces go ("sent troops to Pacaraima");
            # another happening's, where it went on, else the place it reached ("pushed
            # into Heglig"), unless that is only a country or a border line.
            rest = (
                (moving_to or tops)
                if event_type == "deployment"
                else [t for t in tops if t not in moving_to]
                or [t for t in moving_to if _feature_rank(t) < 4 and not _is_border(t)]
            )
            if event_type != "ceasefire_or_talks":
                # talks are where they "were held", a protest where it was lodged
                rest = _outside_rel_asides(rest, sent, cand.start) or rest
            rest = _same_clause(rest, sent, cand.start) or rest
            if event_type != "ceasefire_or_talks":
                rest = _what_clause(rest, sent, cand.start) or rest
            best = _best_toponym(rest, sent.start + cand.start, ctx.text, sent.start, far)
            if event_type == "armed_clash" and best is not None:
                fired_from = [t for t in rest if fire_origin(ctx.text, t.start, sent.start)]
                others = [t for t in rest if t not in fired_from]
                if fired_from and best in fired_from:
                    fire_from = _location_of(best)
                    # "fire from A on B": B is where it happened, A where it came from
                    best = (
                        _best_toponym(others, sent.start + cand.start, ctx.text, sent.start, far)
                        or best
                    )
        loc = _location_of(best) if best is not None else None
        border_name = None
        near: str | None = None
        # A border toponym already is a resolved dyad: the text's dyads do not override it.
        on_line = best is not None and _is_border(best) and "–" in best.name
        for dm in () if on_line else dyads:
            prefer_c: list[str | None] = [
                a.country
                for a in actors_all
                if a.name in (actor1, actor2)
                and a.kind in ("government", "forces", "border", "org")
            ]
            if origin is not None:
                prefer_c.insert(0, origin.country_code)
            if loc is not None and best is not None and _feature_rank(best) < 4:
                prefer_c.insert(0, loc.country_code)  # a place in the sentence outranks actors
            elif loc is not None and not (best is not None and _attributive(ctx.text, best)):
                prefer_c.append(loc.country_code)
            border_name = resolve_dyad(
                dm.countries, lambda b, p=prefer_c: _context_other(ctx, b, p)
            )
            if border_name:
                if len(dm.countries) == 1:
                    far_side = iso3(dm.countries[0])
                    near = next(
                        (c for c in border_countries(border_name) if iso3(c) != far_side), None
                    )
                break
        if border_name is None and event_type == "forces_cross_border" and dest is not None:
            from_cc = origin.country_code if origin is not None else None
            if from_cc is None:
                from_cc = next((a.country for a in actors if a.name == actor1), None)
            if from_cc and dest.country_code and from_cc != dest.country_code:
                border_name = dyad(from_cc, dest.country_code)
        if (
            border_name is None
            and claim is not None
            and claim.object_kind == "border"
            and ("–" in claim.object)
        ):
            border_name = claim.object
        if (
            loc is not None
            and best is not None
            and border_name is not None
            and _feature_rank(best) == 4
            and (
                loc.country_code not in border_countries(border_name)
                or (near is not None and loc.country_code != near)
            )
        ):
            # A country off the border named ("the U.S. withdrawal", the far side): use the
            # near side named from the article, or the border alone.
            side = [
                t for t in ctx.toponyms if near and t.country_code == near and _feature_rank(t) == 4
            ]
            loc = _location_of(side[0]) if side else None
        if on_line:
            border_name = None  # loc keeps its own dyad
        if loc is not None and border_name is not None:
            loc = replace(loc, border=border_name)
        elif loc is None and border_name is not None:
            earlier = _anaphoric_place(ctx, sent)
            if earlier is not None and earlier.country_code in border_countries(border_name):
                # "clashes around the post": the post named before, on this border
                loc = replace(_location_of(earlier), border=border_name)
            else:
                loc = EventLocation(
                    name=f"{border_name} border",
                    lat=None,
                    lon=None,
                    precision=3,
                    border=border_name,
                )
        elif loc is None or (best is not None and _feature_rank(best) == 4):
            earlier = _anaphoric_place(ctx, sent)
            if earlier is not None and (
                loc is None
                or earlier.country_code == loc.country_code
                # "Alpha recaptured the village": the captor, not where it lies
                or (best is not None and _COUNTRY_ACTS.match(ctx.text, best.end) is not None)
            ):
                # "The crossing was reopened", "Ruritania closed its side of the crossing":
                # the crossing named before (in the country the sentence names)
                loc = _location_of(earlier)
        counts = find_counts(text, event_type, doc_id) if event_type != "control_claim" else {}
        actor_names = {n for n in (actor1, actor2) if n}
        actor_countries = {a.country for a in actors if a.name in actor_names and a.country}
        if event_type == "forces_cross_border":
            origin, dest = _complete_crossing(ctx, sent, actors, actor1, origin, dest)
        if (claimant and disputed) or disputed:
            status = "disputed"
        elif claimant and _is_party(claimant, actor_names, actor_countries):
            status = "claimed"
        else:
            status = "reported"
        conf = _confidence(
            cand,
            date_src,
            precision,
            loc,
            actor1,
            claimant,
            hedged,
            status == "disputed",
            ctx.model,
        )
        out.append(
            Event(
                id="",
                event_type=event_type,
                event_date=ev_date,
                time_precision=precision,
                location=loc,
                sub_event_type=_sub_type(cand, text) if claim is None else "control claim",
                end_date=end_date,
                actor1=actor1,
                actor2=actor2,
                counts=counts,
                origin=origin if origin is not None else fire_from,
                destination=dest,
                claimant=claimant,
                claim_status=status,
                confidence=conf,
                sources=(source,),
                claim=claim,
            )
        )
        base = out[-1]
        if (
            date_src == "sentence"
            and precision == 1
            and ev_date is not None
            and event_type != "ceasefire_or_talks"  # "met on Wednesday and Thursday": one round
        ):
            # "halted on Friday and Saturday": one happening per day, as ACLED codes them
            for day in coordinated_days(sent_dates, ev_date, text):
                out.append(replace(base, event_date=day, end_date=None, counts={}))
        if event_type in SPLIT_TYPES and best is not None and _feature_rank(best) <= 2:
            # "heavy fighting in A, ..., and in B": one happening per place
            told_after = sent.start + cand.end <= best.start  # "attacked A, B and C"
            for t in coordinated_places(ctx.text, sent.start, tops, best, cands, told_after):
                there = _location_of(t)
                if border_name is not None and there.border is None:
                    there = replace(there, border=border_name)
                out.append(replace(base, location=there, counts={}))
        # one event per place of a list ("shelled A, B and C"): geo.events.split
        out[n_before:] = split_listed(
            out[n_before:], ctx.text, sent, tops, best, cands, _location_of
        )
        if refs is not None:
            # a re-mention naming no place of its own in its clause ("claimed the attack"),
            # or a toll alone, nobody's report ("A further 47 soldiers were wounded."): the
            # happening told before (a side's own count is a report of its own)
            ref = (
                index > 0
                and (
                    back_reference(text, cand)
                    or (cand.sub_event_type == "casualties" and not _maybe_speech(text))
                )
                and (
                    decision_content(text)
                    or opening_reference(text, cand)
                    or not any(_feature_rank(t) <= 2 for t in _same_clause(tops, sent, cand.start))
                )
            )
            # a definite noun opening the sentence ("The attack happened on Monday."):
            # its own day and place are the told happening's
            if not ref:
                kind = NEW_REPORT
            elif opening_reference(text, cand):
                kind = OPENING_RE_MENTION
            else:
                kind = RE_MENTION
            refs.extend([kind] * (len(out) - n_before))
    return out


#: Types told once for several places each with its own locative ("fighting in A and in
#: B") that are one happening per place; a closure of "A and B crossings" stays one.
SPLIT_TYPES = frozenset({"armed_clash", "capture"})
_AND_LOCATIVE = re.compile(
    r"\band\s+(?:also\s+)?(?:in|at|near|around|outside|inside)\s+(?:the\s+)?"
    r"(?:(?:village|town|city|area|district|outskirts|region)\s+of\s+)?$",
    re.IGNORECASE,
)


#: What may stand between two names of one list ("A, B and C", "A and also B", "A as well
#: as the village of B"): commas, one "and" / "or" / "as well as", an article or a place noun.
_LIST_GAP = re.compile(
    r"(?:\s*,\s*[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)*"  # names the gazetteer lacks
    r"\s*(?:,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+|,?\s+as\s+well\s+as\s+)"
    r"(?:(?:also|then|later)\s+)?(?:the\s+)?"
    r"(?:(?:village|town|city|settlement|post|outpost|crossing|camp|base)s?\s+of\s+)?",
    re.IGNORECASE,
)
_LIST_CLOSED = re.compile(r"\s*,?\s+(?:and|or|as\s+well\s+as)\s", re.IGNORECASE)


def _plain_list(
    text: str, tops: list[Toponym], best: Toponym, cands: list[Candidate], floor: int = 0
) -> list[Toponym]:
    """Places listed right after ``best`` with nothing but commas and one "and" between them.

    "attacks in A, B and C", "took both A and B": one verb told of several places of the
    same kind, one happening at each. The list must be a real one, closed by "and" / "or" /
    "as well as" (a bare comma is an apposition: "A, B district"), of places no coarser than
    a district, none coarser than the one before it, with no other trigger in between.

    >>> text = "Rebels attacked Alpha, Beta and Gamma on Friday; Delta was calm."
    >>> def top(word):
    ...     i = text.index(word)
    ...     return Toponym("d", i, i + len(word), word, word, 0.0, 0.0, "MM", None, None,
    ...                    "PPL", None, word, 1, 1.0)
    >>> tops = [top(w) for w in ("Alpha", "Beta", "Gamma", "Delta")]
    >>> [t.name for t in _plain_list(text, tops, tops[0], [])]
    ['Beta', 'Gamma']
    >>> text = "Rebels attacked Alpha, Beta district, on Friday."
    >>> tops = [top("Alpha"), top("Beta")]
    >>> _plain_list(text, tops, tops[0], [])
    []
    """
    after = sorted((t for t in tops if t.start >= best.end), key=lambda t: t.start)
    chain: list[Toponym] = []
    closed = False
    prev = best
    for t in after:
        gap = text[prev.end : t.start]
        m = _LIST_GAP.fullmatch(gap)
        if m is None or _feature_rank(t) > 2 or _feature_rank(t) > _feature_rank(prev):
            break
        if any(prev.end <= floor + c.start < t.start for c in cands):
            break
        closed = closed or "," not in gap.strip() or bool(_LIST_CLOSED.match(gap))
        if t.name != best.name and all(t.name != c.name for c in chain):
            chain.append(t)
        prev = t
    if not chain:
        return []
    if not closed and not _LIST_CLOSED.match(text, prev.end):
        return []  # "A, B" with no "and": an apposition, not a list
    return chain


_NAME = r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?"
#: Names listed before one plural place noun ("the Mahbes, Hawza and Farsia sectors"):
#: several places of one kind, each where the happening was.
_NAME_LIST = re.compile(
    rf"{_NAME}(?:\s*,\s*{_NAME})*\s*,?\s+and\s+{_NAME}\s+(?:sectors|villages|towns|districts"
    r"|areas|provinces|regions|localities|camps|bases|positions|posts|outposts|settlements"
    r"|communes|municipalities|neighbou?rhoods)\b"
)


def _listed_with(text: str, floor: int, tops: list[Toponym], best: Toponym) -> list[Toponym]:
    """The other places of a list of names before one plural place noun that holds ``best``.

    >>> text = "Fighters attacked positions in the Alpha, Beta and Gamma sectors on Friday."
    >>> def top(word):
    ...     i = text.index(word)
    ...     return Toponym("d", i, i + len(word), word, word, 0.0, 0.0, "EH", None, None,
    ...                    "PPL", None, word, 1, 1.0)
    >>> tops = [top("Alpha"), top("Beta"), top("Gamma")]
    >>> [t.name for t in _listed_with(text, 0, tops, tops[0])]
    ['Beta', 'Gamma']
    """
    lo = max(floor, best.start - 120)
    for m in _NAME_LIST.finditer(text, lo, best.end + 200):
        if m.start() <= best.start < m.end():
            return [
                t
                for t in tops
                if t is not best and m.start() <= t.start < m.end() and t.name != best.name
            ]
    return []


def coordinated_places(
    text: str,
    floor: int,
    tops: list[Toponym],
    best: Toponym,
    cands: list[Candidate],
    plain: bool = True,
) -> list[Toponym]:
    """Places after ``best`` joined to it by "and" with a locative of their own.

    ``plain``: a bare list of names ("attacked A, B and C") counts too; only when the
    verb comes before the list ("A, B and the town of C, which fell" is one capture).

    "struck around A and near B", "fighting in A, where ..., and in B": each place has
    its own preposition, so each is a place where it happened. A place whose stretch
    holds another trigger is that trigger's (its clause tells its own event).

    >>> text = "Aircraft struck around Bentiu and near Mayom on Monday."
    >>> def top(word):
    ...     i = text.index(word)
    ...     return Toponym("d", i, i + len(word), word, word, 0.0, 0.0, "SS", None, None,
    ...                    "PPL", None, word, 1, 1.0)
    >>> [t.name for t in coordinated_places(text, 0, [top("Bentiu"), top("Mayom")],
    ...                                     top("Bentiu"), [])]
    ['Mayom']
    """
    listed = _listed_with(text, floor, tops, best) or (
        _plain_list(text, tops, best, cands, floor) if plain else []
    )
    if listed:
        return listed
    if not _LOCATIVE_BEFORE.search(text[max(floor, best.start - 45) : best.start]):
        return []
    out = []
    for t in tops:
        if t.start <= best.end or t.name == best.name or _feature_rank(t) > 2:
            continue
        if not _AND_LOCATIVE.search(text[max(floor, t.start - 60) : t.start]):
            continue
        if any(best.end <= floor + c.start < t.start for c in cands):
            continue
        out.append(t)
    return out
