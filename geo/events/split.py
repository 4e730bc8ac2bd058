"""One event per named place: a happening told of a list of places is one event at each.

A sentence that lists the places a happening struck, closed, took or reached ("shelled
Alpha, Beta and Gamma", "closed the Alpha and Beta crossings", "took the villages of Alpha
and Beta", "fired on posts at Alpha, in Beta, and at points in Gamma") tells one happening
per place (``docs/annotation.md``, "One event per named place"; ACLED disaggregates events
that differ in place). :func:`split_listed` turns the event a sentence gave for one place of
such a list into one event per listed place, each located at its own place and sharing
the sentence, date, actors and type.

What is not a list of the happening's places:

* a figure for the whole list: it cannot be divided, so it stays on the first place's
  event only (never split, never copied);
* people displaced, arrested or taken over the whole list ("371 migrants rounded up in A,
  B and C"): one happening, counted once, so one event;
* statements, talks and offers of help (capitals that speak or meet);
* an origin ("fire from A and B"), a route ("the road between A and B", "via A and B"),
  places that speak ("officials in A and B said"), a country list;
* names joined by a dash or a slash (one crossing with two names): not a list;
* places in another clause (a relative clause, another verb's clause): the list must
  hold the place the event was given and have no other trigger inside it.

The within-article merge (:mod:`geo.events.merge`) never folds two records of the same
sentence together, so the events made here stay apart.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from geo.situation import Event, EventLocation, Toponym

#: Types whose happening is at each place of a list. Not: people moving or taken
#: (displacement, arrests, abductions: counted over the list, one happening), statements
#: (talks, help), and crossings of a border (their ends are origin and destination).
SPLIT_TYPES = frozenset({"armed_clash", "capture", "control_claim", "deployment", "blockade"})

#: Figures that count people taken or moved over a whole list (a roundup): one event.
_WHOLE_LIST_KEYS = frozenset({"captured", "displaced", "fled"})

#: What may stand between two places of one list: a comma, "and" / "or" / "as well as",
#: each place optionally with its own preposition, article and place noun ("and at points
#: in", ", in", "and the village of").
_GAP = re.compile(
    r"(?:\s*,\s*[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)*"  # names the gazetteer lacks
    r"\s*(?:,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+|,?\s+as\s+well\s+as\s+)"
    r"(?:(?:also|then|later)\s+)?"
    r"(?:(?:in|at|near|around|on|outside|inside|into|to)\s+)?(?:the\s+)?"
    r"(?:(?:villages?|towns?|city|cities|settlements?|posts?|outposts?|crossings?|"
    r"crossing\s+points?|checkpoints?|camps?|bases?|positions?|points?|areas?|districts?|"
    r"outskirts|markets?)\s+(?:of|in|at|near)\s+)?",
    re.IGNORECASE,
)
_CLOSED = re.compile(r"\b(?:and|or|as\s+well\s+as)\b", re.IGNORECASE)

#: Words before a list that make it an origin, a route or a pair of ends, not the places
#: where the happening was: "from A and B", "between A and B", "via A and B".
_NOT_LOCUS_BEFORE = re.compile(
    r"\b(?:from|between|via|through|linking|connecting|joining)\s+(?:the\s+)?"
    r"(?:(?:\w+\s+){0,2}(?:of|in|at)\s+)?$"
    r"|\bbetween\s+(?:the\s+)?\w+(?:\s+\w+)?\s*,\s*$",  # "between the island, A and B"
    re.IGNORECASE,
)
#: A name right before a place and "in": the place holds the one before ("the crossing at
#: Vartius in Kainuu"), it is not one more place of the list.
_CONTAINER = re.compile(r"\b(?:at|of|near|around)\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?\s+in\s+$")
#: Speakers before a list: "officials in A and B", "the governments of A and B".
_SPEAKER_BEFORE = re.compile(
    r"\b(?:officials?|authorities|leaders?|governments?|ministr(?:y|ies)|spokes(?:man|men|"
    r"woman|women|persons?)|sources?|residents?|envoys?|diplomats?|delegations?|capitals?)"
    r"\s+(?:in|of|from)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: Words before a list that make it examples of something larger ("at several points,
#: including A, B and C"): the happening is told once, for the whole.
_EXAMPLES_BEFORE = re.compile(
    r"\b(?:including|such\s+as|like|among\s+them|notably|especially|particularly)\s+"
    r"(?:in\s+|at\s+)?(?:the\s+)?"
    r"(?:[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?\s*,\s*)*$",  # names the gazetteer lacks
    re.IGNORECASE,
)
#: A plural name of provinces after a list ("in the A and B regions", "A and B counties"):
#: the list names a region where things were reported, not places each struck.
_REGIONS_AFTER = re.compile(
    r"\s+(?:regions|provinces|counties|states|oblasts|governorates|prefectures)\b",
    re.IGNORECASE,
)

#: How far (characters) a list may stand from its trigger: farther, it belongs to
#: another phrase of the sentence ("closed the crossing, ..., a blow to traders at A and B").
NEAR_TRIGGER = 90

#: A speech or agreement verb right after a list: the places speak ("A and B said").
_SPEAKER_AFTER = re.compile(
    r"\s*(?:,\s*)?(?:(?:have|has|had|also|both|jointly)\s+){0,2}"
    r"(?:said|say|says|told|announced|stated|agreed|signed|accused|denied|claimed|warned|"
    r"urged|called|condemned|welcomed|demanded)\b",
    re.IGNORECASE,
)


def _rank(t: Toponym) -> int:
    """4 country, 3 province, 2 district, 1 finer (as :func:`geo.events.extract._feature_rank`)."""
    from geo.events.extract import _feature_rank

    return _feature_rank(t)


def _listable(t: Toponym) -> bool:
    """A place a happening can strike: a province or finer, not a border line or a country.

    (Gazetteers put a district at the first level in some countries.)
    """
    return (t.feature or "").lower() != "border" and _rank(t) <= 3


def listed_around(
    text: str,
    floor: int,
    tops: Sequence[Toponym],
    best: Toponym,
    triggers: Sequence[int] = (),
) -> list[Toponym]:
    """The places of the list that holds ``best``, in the order told (``[]`` for no list).

    ``text`` is the article body, ``floor`` the sentence's start in it, ``tops`` the
    sentence's places and ``triggers`` the body offsets of its event triggers (a list
    does not run across one). A list is closed by "and" / "or" / "as well as" (a bare
    comma is an apposition: "Alpha, Beta district").

    >>> text = "Troops shelled Alpha, Beta and Gamma on Monday."
    >>> def top(word, feature="PPL"):
    ...     i = text.index(word)
    ...     return Toponym("d", i, i + len(word), word, word, 0.0, 0.0, "MM", None, None,
    ...                    feature, None, word, 1, 1.0)
    >>> tops = [top("Alpha"), top("Beta"), top("Gamma")]
    >>> [t.name for t in listed_around(text, 0, tops, tops[1])]
    ['Alpha', 'Beta', 'Gamma']
    >>> text = "Fire from Alpha and Beta hit Gamma."
    >>> tops = [top("Alpha"), top("Beta"), top("Gamma")]
    >>> listed_around(text, 0, tops, tops[0])
    []
    >>> text = "Officials in Alpha and Beta said the post was shelled."
    >>> tops = [top("Alpha"), top("Beta")]
    >>> listed_around(text, 0, tops, tops[0])
    []
    """
    return _dedup(_chain(text, tops, best, triggers), text, floor)


def _dedup(chain: list[Toponym], text: str, floor: int) -> list[Toponym]:
    if len(chain) < 2 or not_locus(text, floor, chain):
        return []
    if _EXAMPLES_BEFORE.search(text[max(floor, chain[0].start - 60) : chain[0].start]):
        return []
    if _REGIONS_AFTER.match(text, chain[-1].end):
        return []
    out: list[Toponym] = []
    for t in chain:
        if _CONTAINER.search(text, max(floor, t.start - 40), t.start):
            continue
        if all(t.name != o.name for o in out):
            out.append(t)
    return out if len(out) > 1 else []


def not_locus(text: str, floor: int, chain: Sequence[Toponym]) -> bool:
    """Whether the listed places are an origin, a route's ends or speakers, not loci.

    >>> text = "A convoy was ambushed on the road between Alpha and Beta."
    >>> def top(word):
    ...     i = text.index(word)
    ...     return Toponym("d", i, i + len(word), word, word, 0.0, 0.0, "MM", None, None,
    ...                    "PPL", None, word, 1, 1.0)
    >>> not_locus(text, 0, [top("Alpha"), top("Beta")])
    True
    """
    before = text[max(floor, chain[0].start - 60) : chain[0].start]
    if _NOT_LOCUS_BEFORE.search(before) or _SPEAKER_BEFORE.search(before):
        return True
    return _SPEAKER_AFTER.match(text, chain[-1].end) is not None


def _chain(
    text: str, tops: Sequence[Toponym], best: Toponym, triggers: Sequence[int]
) -> list[Toponym]:
    """The places joined to ``best`` as one list closed by "and" / "or" (``[]`` for none)."""
    if not _listable(best):
        return []
    ordered: list[Toponym] = []
    for t in sorted(tops, key=lambda t: (t.start, -t.end)):
        if ordered and t.start < ordered[-1].end:
            continue  # a name inside another one
        ordered.append(t)
    if best not in ordered:
        return []
    i = ordered.index(best)

    def joined(a: Toponym, b: Toponym) -> bool:
        gap = text[a.end : b.start]
        if _GAP.fullmatch(gap) is None or not _listable(b) or not _listable(a):
            return False
        return not any(a.end <= s < b.start for s in triggers)

    lo = i
    while lo > 0 and joined(ordered[lo - 1], ordered[lo]):
        lo -= 1
    hi = i
    while hi + 1 < len(ordered) and joined(ordered[hi], ordered[hi + 1]):
        hi += 1
    chain = ordered[lo : hi + 1]
    if len(chain) < 2:
        return []
    if not any(_CLOSED.search(text[a.end : b.start]) for a, b in itertools.pairwise(chain)):
        return []  # "Alpha, Beta": an apposition
    return chain


def _near(listed: Sequence[Toponym], spans: Sequence[tuple[int, int]]) -> bool:
    """Whether a trigger stands within :data:`NEAR_TRIGGER` characters of the list.

    >>> t = Toponym("d", 100, 105, "Alpha", "Alpha", 0.0, 0.0, "MM", None, None, "PPL",
    ...             None, "Alpha", 1, 1.0)
    >>> _near([t], [(40, 48)]), _near([t], [(2, 8)]), _near([t], [(130, 138)])
    (True, False, True)
    """
    first, last = listed[0].start, listed[-1].end
    return any(
        0 <= first - e <= NEAR_TRIGGER or 0 <= s - last <= NEAR_TRIGGER or (s < last and e > first)
        for s, e in spans
    )


def _object_list_on_line(
    text: str, floor: int, tops: Sequence[Toponym], best: Toponym, cands: Sequence[Any]
) -> list[Toponym]:
    """A list of places right after a trigger, when the event was put on a border line.

    The places must lie in the border's countries ("closed the A and B crossings on the
    boundary": the crossings are where it happened, the line only where they are).
    """
    from geo.events.lexicon import border_countries

    if (best.feature or "").lower() != "border":
        return []
    sides = set(border_countries(best.name))
    if not sides:
        return []
    triggers = [floor + c.start for c in cands]
    ends = [floor + c.end for c in cands]
    for t in sorted(tops, key=lambda t: t.start):
        if not any(0 <= t.start - e <= NEAR_TRIGGER // 2 for e in ends):
            continue
        listed = _dedup(_chain(text, tops, t, triggers), text, floor)
        if listed and all(p.country_code in sides for p in listed):
            return listed
    return []


def split_listed(
    group: list[Event],
    text: str,
    sent: Any,
    tops: Sequence[Toponym],
    best: Toponym | None,
    cands: Sequence[Any],
    locate: Callable[[Toponym], EventLocation],
) -> list[Event]:
    """``group`` (one trigger's events, the told one first) and one per other listed place.

    ``sent`` is the sentence (its ``start`` in ``text``), ``cands`` its triggers
    (offsets in the sentence). Places the group already has keep their event; each other
    place gets a copy of the first event at that place, without figures; the figures stay
    on the first place's event.

    >>> from datetime import date
    >>> from types import SimpleNamespace
    >>> from geo.situation import Count, SourceRef
    >>> text = "Rebels attacked the villages of Alpha, Beta and Gamma, killing five."
    >>> def top(word):
    ...     i = text.index(word)
    ...     return Toponym("d", i, i + len(word), word, word, 1.0, 2.0, "MM", None, None,
    ...                    "PPL", None, word, 1, 1.0)
    >>> def loc(t):
    ...     return EventLocation(t.name, t.lat, t.lon, t.precision, t.country_code)
    >>> tops = [top("Alpha"), top("Beta"), top("Gamma")]
    >>> ev = Event("", "armed_clash", date(2024, 5, 2), 1, loc(tops[0]),
    ...            counts={"killed": (Count(5, "", "five", "d"),)},
    ...            sources=(SourceRef("d", text, 0, len(text)),))
    >>> [(e.location.name, sorted(e.counts)) for e in
    ...  split_listed([ev], text, SimpleNamespace(start=0), tops, tops[0],
    ...               [SimpleNamespace(start=16, end=24)], loc)]
    [('Alpha', ['killed']), ('Beta', []), ('Gamma', [])]
    """
    if not group or best is None:
        return group
    base = group[0]
    floor = sent.start
    if base.location is not None and base.location.name == best.name and base.claim is None:
        on_line = _object_list_on_line(text, floor, tops, best, cands)
        if on_line:
            # "closed the A and B crossings on the border": the crossings, not the line
            there = replace(locate(on_line[0]), border=base.location.border)
            base = replace(base, location=there)
            group = [base, *group[1:]]
            best = on_line[0]
    if (
        base.event_type not in SPLIT_TYPES
        or base.location is None
        or base.location.name != best.name
        or _WHOLE_LIST_KEYS & set(base.counts)
    ):
        return group
    claim = base.claim
    if claim is not None and claim.object != best.name:
        return group  # a claim over a border or a stretch, not over the listed places
    triggers = [floor + c.start for c in cands]
    chain = _chain(text, tops, best, triggers)
    if len(chain) > 1 and not_locus(text, floor, chain):
        # "the road between A and B", "fire from A and B": one event, at the told place
        ends = {t.name for t in chain} - {best.name}
        return [e for e in group if e.location is None or e.location.name not in ends]
    listed = _dedup(chain, text, floor)
    spans = [(floor + c.start, floor + c.end) for c in cands]
    if not listed or not _near(listed, spans):
        return group
    have = {e.location.name for e in group if e.location is not None}
    out = list(group)
    first = listed[0]
    for t in listed:
        if t.name in have:
            continue
        there = locate(t)
        if (
            base.location.border
            and there.border is None
            and there.country_code == base.location.country_code
        ):
            there = replace(there, border=base.location.border)
        extra: dict[str, Any] = {"location": there, "counts": {}}
        if claim is not None:
            extra["claim"] = replace(claim, object=t.name)
        out.append(replace(base, **extra))
    if first.name != best.name and base.counts:
        # a figure for the whole list goes with the first place told, never with two
        out = [
            replace(e, counts=base.counts)
            if e.location is not None and e.location.name == first.name and e is not base
            else (replace(e, counts={}) if e is base else e)
            for e in out
        ]
    return out
