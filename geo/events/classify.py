"""Event cues: which sentences report which event types, and where the trigger is.

Each event type has a few cue patterns (:data:`CUES`), each with a free-text
``sub_event_type`` and a strength. *Strong* cues make an event on their own;
*weak* cues (``fighting``, ``attack``, ``help``, ``talks``...) need
conflict context in the sentence (:data:`CONTEXT`: border, troops, a named
armed actor, a clash word...). Some cues need a participant: fleeing across
a border needs military personnel (soldiers, troops, guards...) — civilians
fleeing is displacement. Triggers under a modal of intent (``vowed to``,
``threatened to``, ``could``...) give no armed clash, capture or crossing:
those did not happen (offers and preparations still count as assistance,
deployment, displacement). No trigger inside a condition (``if``, ``unless``,
``should``, ``in case``, ``whether`` up to the clause's comma) gives an
event of any type. A stative control cue coordinated after a capture
(``occupied X and now controls Y``) stays a second candidate. Negative
contexts (``trade talks``, ``a border of flowers``) never match.

>>> text = "Kyrgyz and Tajik border guards exchanged fire."
>>> [(c.event_type, c.sub_event_type) for c in classify(text)]
[('armed_clash', 'exchange of fire')]
>>> classify("The talks on tariffs resumed.")
[]
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

_DATA = resources.files("geo") / "data" / "events"


def _read_csv(name: str) -> list[dict[str, str]]:
    with (_DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


#: Named pattern fragments (``geo/data/events/fragments.csv``): word classes the triggers
#: and the rules share (personnel, civilians, fleeing verbs, conflict context...).
FRAGMENTS: dict[str, str] = {r["name"]: r["pattern"] for r in _read_csv("fragments.csv")}
_PLACEHOLDER = re.compile(r"%(\w+)%")


def expand(pattern: str) -> str:
    """A trigger pattern with its ``%name%`` fragments spelled out.

    >>> expand("%allies% help")
    '(?:ally|allies|allied|partners?|treaty) help'
    """
    return _PLACEHOLDER.sub(lambda m: f"(?:{FRAGMENTS[m.group(1)]})", pattern)


_PERSONNEL = f"(?:{FRAGMENTS['personnel']})"
_CIVIL = f"(?:{FRAGMENTS['civil']})"
_FLEE = f"(?:{FRAGMENTS['flee']})"
_BORDERISH = f"(?:{FRAGMENTS['borderish']})"

CONTEXT = re.compile(rf"\b(?:{FRAGMENTS['context']})\b", re.IGNORECASE)

_NEG_TALKS = re.compile(
    r"\b(?:trade|tariffs?|climate|wage|pay|contract|budget|merger|business|coalition|labou?r"
    r"|commercial|investment|tax|gas|oil|price|transfer|sponsorship|licensing)\s+"
    r"(?:[\w’'-]+\s+)?(?:talks|negotiations)\b|\b(?:talks|negotiations)\s+(?:on|over|about)\s+"
    r"(?:trade|tariffs?|climate|wages?|pay|a contract|the budget|prices?|gas|oil|taxes)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:(?:not|never|no|n't|neither|nor|without|denied|deny|denies|refused to|rejected)\s+"
    r"(?:[\w’'-]+\s+){0,2}|none\s+of\s+(?:[\w’'-]+\s+){1,4}|nothing\s+to\s+)$",
    re.IGNORECASE,
)
#: "denied that its soldiers entered", "dismissed reports that the guards had taken over":
#: what is denied is no happening told (docs/annotation.md: a denial is not an event).
_DENIED_THAT = re.compile(
    r"\b(?:den(?:ied|ies|y|ying)|dismiss(?:ed|es|ing)?|reject(?:ed|s|ing)?|refut(?:ed|es|ing))\s+"
    r"(?:[\w’'-]+\s+){0,3}?(?:(?:reports?|claims?|allegations?|accusations?|suggestions?)\s+)?"
    r"that\s+[^,;:()\u2013\u2014\"“”]*$",
    re.IGNORECASE,
)
#: "asked the capital to close the border", "demanding to be let in": an act someone asks
#: for is not yet done (a call's content is a statement's own event: talks, help, claims).
_ASKED_TO = re.compile(
    r"\b(?:ask(?:s|ed|ing)?|urg(?:e|es|ed|ing)|press(?:es|ed|ing)?|call(?:s|ed|ing)?\s+on"
    r"|demand(?:s|ed|ing)?|want(?:s|ed)?|appeal(?:s|ed|ing)?\s+to)\s+(?:[\w’'-]+\s+){0,3}?to\s+"
    r"(?:be\s+)?(?:[a-z]+ly\s+)?$",
    re.IGNORECASE,
)
_CALL_CONTENT_TYPES = frozenset({"assistance", "ceasefire_or_talks", "control_claim"})
_RELATIVE = re.compile(r",\s+(?:which|who|whose)\b[^,;]{3,160},")
_STATE_KEPT = re.compile(
    r"\b(?:stay|stays|stayed|staying|remain|remains|remained|remaining|kept|keep|keeps)\s+"
    r"(?:[a-z]+ly\s+)?(?:shut|closed|sealed|suspended|blocked|cut off)\b",
    re.IGNORECASE,
)
_NARRATIVE_THEN = re.compile(r"\bthen\b", re.IGNORECASE)
_FEAR_BEFORE = re.compile(
    r"\b(?:fear|fears|feared|worry|worries|worried|warn|warns|warned)\s+(?:that\s+)?"
    r"(?:[\w’'-]+\s+){0,3}$",
    re.IGNORECASE,
)
_FEARED = re.compile(r"\s+(?:[\w’'-]+\s+){0,2}?(?:will|would|could|might|may)\s", re.IGNORECASE)
_MODAL_BEFORE = re.compile(
    r"\b(?:vow(?:s|ed)? to|threat(?:en|ens|ened) to|plans? to|planning to|aims? to|aiming to"
    r"|intends? to|seek(?:s|ing)? to|try to|attempts? to|could|might"
    r"|may|would|will|won't|wants? to|hopes? to|to retake|prevent(?:ed|ing)?|avoid|fears? of"
    r"|fear(?:ed|s)? (?:a|an|that)|risk of|threat of|possible|potential|no)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)


#: A relative clause opening just before a trigger: it tells about someone already named.
_RELATIVE_BEFORE = re.compile(
    r"\b(?:who|that|which|after (?:they|he|she))\s+(?:(?:had|have|has|allegedly|reportedly)\s+)*$",
    re.IGNORECASE,
)
#: "... who tried to" right before a crossing: an attempt said of the people named.
_ATTEMPT_RELATIVE = re.compile(
    r"\b(?:who|that|which)\s+(?:had\s+)?(?:tried|attempted|sought)\s+to\s+$", re.IGNORECASE
)
_CAUSE_BEFORE = re.compile(
    r"\b(?:escap\w*|flee\w*|fled|amid|due to|because of|days of|weeks of|months of"
    r"|as a result of|caused by|in response to)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:[\w’'-]+\s+){0,2}$",
    re.IGNORECASE,
)
#: What is seized that is no ground taken: goods, weapons, vehicles, money.
GOODS_AFTER = re.compile(
    r"\s+(?:(?!and\b|or\b)[\w’'-]+\s+){0,3}?(?:weapons|arms|ammunition|munitions|rifles|guns"
    r"|explosives|drugs|narcotics|cocaine|heroin|cannabis|cash|money|goods|cargo|contraband"
    r"|cigarettes|fuel|vehicles|cars|trucks|lorries|motorcycles|documents|equipment|phones"
    r"|laptops|cattle|livestock|property|assets|timber|gold|passports|shipments?|consignments?"
    r"|supplies|materiel|hardware)\b",
    re.IGNORECASE,
)
_STOP_AFTER = re.compile(
    r"(?:\s+[\w’'-]+){0,4}?\s+(?:must|should|needs? to|has to) (?:be )?(?:immediately |urgently )?"
    r"(?:stop|halt|end|cease)",
    re.IGNORECASE,
)


_ESCAPES = re.compile(r"\\[a-zA-Z]|\(\?[a-zA-Z]+[:)]|\(\?P<\w+>|\{[^}]*\}")
#: Never keys: every cue alternative that has one also has a content word.
_FUNCTION_WORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "from",
        "with",
        "into",
        "its",
        "their",
        "our",
        "was",
        "were",
        "has",
        "have",
        "had",
        "are",
        "been",
        "being",
        "his",
        "her",
        "this",
        "that",
        "which",
        "who",
        "than",
    ]
)
_OPTIONAL_CHAR = re.compile(r"[a-zA-Z][?*]")
_RUN = re.compile(r"[a-z]{3,}")
_WORDS = re.compile(r"[a-z]+")
KEY_LEN = 7


@functools.lru_cache(maxsize=256)
def pattern_keys(pattern: re.Pattern[str]) -> frozenset[str]:
    """Lower-case literal letter runs (≥ 3, cut to 7) of a cue pattern: a cheap pre-filter.

    Every cue alternative contains a literal word, so a sentence none of whose
    word-starts is a key cannot match the pattern.

    >>> sorted(pattern_keys(re.compile(r"\\b(?:clash(?:es|ed)?|skirmish)\\b")))
    ['clash', 'skirmis']
    """
    source = _OPTIONAL_CHAR.sub(" ", _ESCAPES.sub(" ", pattern.pattern)).lower()
    return frozenset(run[:KEY_LEN] for run in _RUN.findall(source) if run not in _FUNCTION_WORDS)


def word_starts(text: str) -> frozenset[str]:
    """The 3-7 letter starts (and whole forms) of the words of ``text`` that are cue keys.

    >>> sorted(word_starts("Clashed"))
    ['clash']
    """
    out: set[str] = set()
    for w in _WORDS.findall(text.lower()):
        if len(w) >= 3:
            out.update(_word_keys(w))
    return frozenset(out)


@functools.lru_cache(maxsize=65536)
def _word_keys(word: str) -> frozenset[str]:
    cands = {word[:k] for k in range(3, min(len(word), KEY_LEN) + 1)}
    cands.add(word)
    return frozenset(cands & _universe())


@functools.lru_cache(maxsize=1)
def _universe() -> frozenset[str]:
    gates = frozenset().union(*_GATES)
    return _ALL_KEYS | _CONTEXT_KEYS | gates | frozenset().union(*(n for _, _, n in _KEYED))


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue pattern for an event type."""

    event_type: str
    sub_event_type: str
    pattern: re.Pattern[str]
    strong: bool = True
    needs: re.Pattern[str] | None = None  # must also occur in the sentence
    modal_blocks: bool = False
    #: "" none; "sentence": conflict context in the sentence; "article": in the sentence
    #: or anywhere in the article (road closures are rarely described with war words); a
    #: weak cue with scope "article" also takes the article's context for its own.
    scope: str = ""


@dataclass(frozen=True, slots=True)
class Candidate:
    """An event type found in a sentence, with its trigger span (sentence-relative)."""

    event_type: str
    sub_event_type: str
    start: int
    end: int
    strong: bool


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _word_rx(fragment: str) -> re.Pattern[str]:
    return _rx(rf"\b(?:{FRAGMENTS[fragment]})\b")


def load_cues() -> tuple[Cue, ...]:
    """The trigger table ``geo/data/events/triggers.csv`` as cues, in its order.

    Columns: ``event_type, sub_event_type, strength`` (strong/weak), ``needs`` (a
    fragment that must also occur in the sentence), ``modal_blocks`` (yes/no),
    ``scope`` (none/sentence/article), ``pattern`` (a regex, matched between word
    boundaries, case-insensitive, ``%name%`` for a fragment), ``example``, ``note``.
    Order matters: per event type the first strong cue that fires wins.

    >>> cues = load_cues()
    >>> cues[0].event_type, cues[0].pattern.search("rivals had laid mines") is not None
    ('armed_clash', True)
    """
    out = []
    for row in _read_csv("triggers.csv"):
        out.append(
            Cue(
                row["event_type"],
                row["sub_event_type"],
                _rx(rf"\b(?:{expand(row['pattern'])})\b"),
                strong=row["strength"] == "strong",
                needs=_word_rx(row["needs"]) if row["needs"] else None,
                modal_blocks=row["modal_blocks"] == "yes",
                scope="" if row["scope"] == "none" else row["scope"],
            )
        )
    return tuple(out)


_PERSONNEL_NEAR = _word_rx("personnel")
_CIVIL_NEAR = _word_rx("civil")


#: Every plural nationality is a capitalised word ending in "ns" (a cheap gate).
_NATIONALS_GATE = re.compile(r"\b[A-Z][\w-]*ns\b")


@functools.lru_cache(maxsize=1)
def _nationals_rx() -> re.Pattern[str]:
    from geo.events.lexicon import COUNTRIES

    words = {
        d + "s"
        for _name, _extra, demonyms in COUNTRIES.values()
        for d in demonyms
        if d.endswith("n") and d[:1].isupper() and " " not in d
    }
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words), key=len)[::-1]) + r")\b")


def nationals(text: str, pos: int | None = None, window: int = 90) -> int | None:
    """People named by their nationality ("Ethiopians", "Haitians"): civilians.

    Without ``pos``, the first one's offset; with it, the distance of the nearest within
    ``window``.

    >>> nationals("More than 500 Ethiopians crossed into Sudan.")
    14
    >>> nationals("Ethiopian troops crossed.") is None
    True
    """
    if _NATIONALS_GATE.search(text) is None:
        return None
    rx = _nationals_rx()
    if pos is None:
        m = rx.search(text)
        return m.start() if m else None
    return _nearest(rx, text, pos, window)


#: Every trigger of the table (see :func:`load_cues`).
CUES: tuple[Cue, ...] = load_cues()


#: Words too common in news to be a good pre-filter key: a cue keyed by its verbs rather
#: than by "over" or "into" is tried on far fewer sentences.
_COMMON_KEYS = _FUNCTION_WORDS | frozenset(
    ["over", "into", "across", "back", "also", "down", "out", "off", "then", "than"]
)


def _key_rank(keys: frozenset[str]) -> tuple[bool, int]:
    """How good a set of keys is as a pre-filter: no common word first, then fewest keys.

    >>> _key_rank(frozenset({"across", "over"})) > _key_rank(frozenset({"slip", "push", "came"}))
    True
    """
    return (not _COMMON_KEYS.isdisjoint(keys), len(keys))


#: Each cue with its keys and its ``needs`` keys (see :func:`pattern_keys`).
def _word_start_keys(
    node: Any, at_start: bool, prefix: str = "", through: bool = False
) -> frozenset[str] | None:
    """Keys one of which every match of a parsed (sub)pattern has as a word start.

    ``None`` when some match needs no literal word (then no key can rule it out).
    A literal run counts from a word start only: after a boundary, a non-letter
    literal or the start of an alternative that itself begins a word. ``prefix`` is
    a word start's letters just before ``node`` (the parser factors "held|hold" into
    "h" + "eld|old"). ``through``: a word start also holds after a group, repeat or
    look-around that ends at one (see :func:`_ends_at_word_start`).
    """
    from re import _constants as c  # type: ignore[attr-defined]

    best: frozenset[str] | None = None
    run: list[str] = list(prefix)
    run_at_start = at_start
    word_start = at_start and not prefix

    def close() -> None:
        nonlocal best
        if run_at_start and len(run) >= 3:
            key = frozenset({"".join(run)[:KEY_LEN]})
            if best is None or _key_rank(key) < _key_rank(best):
                best = key
        run.clear()

    for op, av in node:
        if op is c.LITERAL:
            ch = chr(av).lower()
            if "a" <= ch <= "z":
                if not run:
                    run_at_start = word_start
                run.append(ch)
                word_start = False
                continue
            close()
            word_start = True
            continue
        pending = "".join(run) if run and run_at_start else ""
        close()
        inner: frozenset[str] | None = None
        if op is c.AT:
            word_start = word_start or av is c.AT_BOUNDARY
            continue
        starts = word_start or bool(pending)
        if op is c.SUBPATTERN:
            inner = _word_start_keys(av[3], starts, pending, through)
        elif op is c.BRANCH:
            parts = [_word_start_keys(b, starts, pending, through) for b in av[1]]
            inner = None if any(p is None for p in parts) else frozenset().union(*parts)  # type: ignore[arg-type]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            inner = _word_start_keys(av[2], word_start, "", through)
        if inner is not None and (best is None or _key_rank(inner) < _key_rank(best)):
            best = inner
        word_start = through and not pending and _ends_at_word_start([(op, av)], word_start)
    close()
    return best


@functools.lru_cache(maxsize=256)
def cue_keys(pattern: re.Pattern[str]) -> frozenset[str]:
    """The word starts a sentence must have for ``pattern`` to match: one per alternative.

    Tighter than :func:`pattern_keys` (which takes every literal, optional ones too);
    falls back to it when some alternative has no literal word.

    >>> sorted(cue_keys(re.compile(r"\\b(?:hand(?:ed)? (?:over )?weapons|laid down arms)\\b")))
    ['hand', 'laid']
    """
    from re import _parser  # type: ignore[attr-defined]

    got = _word_start_keys(_parser.parse(pattern.pattern, pattern.flags), True)
    return got if got else pattern_keys(pattern)


def _ends_at_word_start(node: Any, state: bool) -> bool:
    r"""Whether a match of a parsed (sub)pattern ends where a word may start.

    That is after a non-letter literal, or where the match began (``state``: a word
    start or not) when it may take nothing (an optional group, a look-around).

    >>> from re import _parser
    >>> _ends_at_word_start(_parser.parse(r"(?:[\w-]+ ){0,3}"), True)
    True
    >>> _ends_at_word_start(_parser.parse(r"(?:[\w-]+ ){0,3}"), False)
    False
    >>> _ends_at_word_start(_parser.parse(r"(?:down|off)"), True)
    False
    """
    from re import _constants as c  # type: ignore[attr-defined]

    for op, av in node:
        if op is c.LITERAL:
            state = not ("a" <= chr(av).lower() <= "z")
        elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # no character taken
        elif op is c.SUBPATTERN:
            state = _ends_at_word_start(av[3], state)
        elif op is c.BRANCH:
            state = all(_ends_at_word_start(b, state) for b in av[1])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            state = (av[0] >= 1 or state) and _ends_at_word_start(av[2], False)
        else:
            state = False  # a class or any character: may end inside a word
    return state


@functools.lru_cache(maxsize=256)
def gate_keys(pattern: re.Pattern[str]) -> frozenset[str]:
    r"""Word starts a sentence must have for ``pattern`` to match, followed through groups.

    :func:`cue_keys` loses the word start after an optional group or a look-around
    and then falls back on every literal of the pattern (those of negative
    look-aheads too), a key set most sentences pass. Followed through them, the
    keys are the pattern's own words; :func:`classify` skips a cue whose gate keys
    the sentence lacks. Only a gate: :func:`cue_keys` still decides :func:`has_cue`.

    >>> p = re.compile(r"\b(?:sea )?ports? (?:[\w-]+ ){0,3}(?:were )?(?:shut|halted)(?! talks)")
    >>> sorted(cue_keys(p)), sorted(gate_keys(p))
    (['halted', 'port', 'sea', 'shut', 'talks'], ['port'])
    """
    from re import _parser  # type: ignore[attr-defined]

    got = _word_start_keys(_parser.parse(pattern.pattern, pattern.flags), True, through=True)
    return got if got else cue_keys(pattern)


_KEYED: tuple[tuple[Cue, frozenset[str], frozenset[str]], ...] = tuple(
    (c, cue_keys(c.pattern), pattern_keys(c.needs) if c.needs is not None else frozenset())
    for c in CUES
)
#: Every cue's keys: a sentence with none of these word-starts has no event.
_ALL_KEYS: frozenset[str] = frozenset().union(*(k for _, k, _ in _KEYED))
#: Each cue's :func:`gate_keys`, in :data:`_KEYED` order.
_GATES: tuple[frozenset[str], ...] = tuple(gate_keys(c.pattern) for c, _, _ in _KEYED)
_CONTEXT_KEYS = pattern_keys(CONTEXT)
_FIGURATIVE = re.compile(
    r"\bborders? of (?:flowers|trees|shrubs|hedges|stones|lace|gold|silver)\b|\bborderline\b",
    re.IGNORECASE,
)


def has_cue(text: str, starts: frozenset[str] | None = None) -> bool:
    """Cheap test whether ``text`` could report an event (a superset of :func:`classify`).

    >>> has_cue("The cat sat on the mat."), has_cue("Troops were deployed.")
    (False, True)
    """
    return not _ALL_KEYS.isdisjoint(word_starts(text) if starts is None else starts)


def modal_before(text: str, start: int) -> bool:
    """Whether the trigger at ``start`` sits under a modal of intent or negation.

    >>> modal_before("Afghan authorities have vowed to retake all districts", 33)
    True
    """
    return _MODAL_BEFORE.search(text[max(0, start - 40) : start]) is not None


_APPEAL_BEFORE = re.compile(
    r"\b(?:to\s+(?:stop|halt|end|cease|refrain\s+from)|condemn(?:s|ed|ing)?"
    r"|call(?:s|ed|ing)?\s+for|demand(?:s|ed|ing)?"
    r"|deplor(?:es|ed|ing)|denounc(?:es|ed|ing))\s+(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)


#: Sub-types a government decides and announces ahead ("Finland will close the crossings
#: from Friday"): the announced decision is the event, so a plain "will" does not block it.
DECIDED_TYPES = frozenset({"trade or border closure"})
_WILL_BEFORE = re.compile(r"\bwill\s+(?:also\s+|again\s+|now\s+|then\s+)?$", re.IGNORECASE)


def will_before(text: str, start: int) -> bool:
    """Whether the trigger at ``start`` follows a plain "will" (a decision announced).

    >>> s = "The government will close two crossings from Friday."
    >>> will_before(s, s.index("close")), modal_before(s, s.index("close"))
    (True, True)
    >>> s = "The government could close the border."
    >>> will_before(s, s.index("close"))
    False
    """
    return _WILL_BEFORE.search(text[max(0, start - 20) : start]) is not None


#: A clash noun as the subject of "came/followed ... after": it refers back to a happening
#: already told ("The confrontation came two weeks after ...", "The barrage followed ...").
_BACK_REFERENCE = re.compile(
    r"\s+(?:comes?|came|follow(?:s|ed))\s+(?:(?:[\w’'-]+\s+){0,3}(?:after|before|as|amid)\b"
    r"|(?:[\w’'-]+\s+){0,2}(?:days?|weeks?|months?|hours?)\s+of\b)",
    re.IGNORECASE,
)


#: Types whose denial is kept: "denied that the town had been captured" is a source of the
#: capture it denies (merged with it), so that control draws that capture as disputed.
_DISPUTABLE_TYPES = frozenset({"capture", "control_claim"})


def denied_that(text: str, start: int) -> bool:
    """Whether the trigger at ``start`` lies in a "that" clause of a denial.

    >>> s = "The capital has always denied that its soldiers entered the area."
    >>> denied_that(s, s.index("entered"))
    True
    >>> s = "The army denied the report, and its soldiers entered the area on Monday."
    >>> denied_that(s, s.index("entered"))
    False
    >>> s = "The ministry said that its soldiers entered the area."
    >>> denied_that(s, s.index("entered"))
    False
    """
    return _DENIED_THAT.search(text[max(0, start - 120) : start]) is not None


def asked_to(text: str, start: int) -> bool:
    """Whether the trigger at ``start`` is what someone asks, urges or demands be done.

    >>> s = "The governor has asked the capital to temporarily close the border."
    >>> asked_to(s, s.index("close"))
    True
    >>> s = "The governor asked for calm, and the capital closed the border."
    >>> asked_to(s, s.index("closed"))
    False
    >>> s = "Hundreds gathered, demanding to be let into the country."
    >>> asked_to(s, s.index("let into"))
    True
    """
    return _ASKED_TO.search(text[max(0, start - 60) : start]) is not None


_CAPITALISED = re.compile(r"[A-Z][\w’'-]*")
#: "of Islam", "for the Liberation of": a capitalised word after "of"/"for"/"and" goes on
#: with a name.
_OF_NAME = re.compile(r" (?:of|for|and) (?:the )?[A-Z][\w’'-]*")


def in_name(text: str, start: int, end: int) -> bool:
    """Whether the trigger word is capitalised inside a proper name, mid-sentence.

    "the Group to Support Islam and Muslims", "the Peace and Security Council": the word
    names an organisation; it reports nothing. A capitalised first word of a sentence
    does not count.

    >>> s = "Gunmen of the Group to Support Islam and Muslims attacked the post."
    >>> in_name(s, s.index("Support"), s.index("Support") + 7)
    True
    >>> s = "Fighters of the Group for the Support of Islam attacked the post."
    >>> in_name(s, s.index("Support"), s.index("Support") + 7)
    True
    >>> s = "Villagers asked for the support of Kenya on Monday."
    >>> in_name(s, s.index("support"), s.index("support") + 7)
    False
    >>> s = "Support for the refugees arrived on Monday."
    >>> in_name(s, 0, 7)
    False
    >>> s = "Rebels Say They Hold Half of the Border"
    >>> in_name(s, s.index("Hold"), s.index("Hold") + 4)
    False
    >>> s = "Villagers asked the army for support on Monday."
    >>> in_name(s, s.index("support"), s.index("support") + 7)
    False
    """
    if start == 0 or not text[start].isupper() or not text[:start].strip(" \"“‘'(").strip():
        return False
    words = re.findall(r"[^\W\d_][\w’'-]*", text)
    if 2 * sum(w[0].isupper() for w in words) > len(words):
        return False  # a headline in title case ("Rebels Hold Half of the Border")
    before = text[max(0, start - 30) : start]
    prev = re.search(r"([\w’'-]+)\s+$", before)
    nxt = _CAPITALISED.match(text, end + 1) if text[end : end + 1] == " " else None
    if nxt is None and prev is not None and prev.group(1).lower() == "the":
        nxt = _OF_NAME.match(text, end)  # "the Group for the Support of Islam"
    return nxt is not None or (prev is not None and prev.group(1)[0].isupper())


def appeal_before(text: str, start: int) -> bool:
    """Whether the trigger at ``start`` is the object of a call or a condemnation.

    >>> s = "The UN called on Sudan to stop air raids on the South."
    >>> appeal_before(s, s.index("air raids"))
    True
    >>> s = "Sudanese aircraft carried out air raids on the South."
    >>> appeal_before(s, s.index("air raids"))
    False
    >>> s = "The assembly called for a general mobilisation."
    >>> appeal_before(s, s.index("mobilisation"))
    True
    """
    return _APPEAL_BEFORE.search(text[max(0, start - 60) : start]) is not None


_TRUCE_STATE_AFTER = re.compile(
    r"^[\w\s’'-]{0,60}?\b(?:(?:had|has|have)\s+)?(?:collapsed|broke\s+down|broken\s+down"
    r"|held|holds|was\s+holding|is\s+holding|was\s+holding\s+up|took\s+hold|frayed"
    r"|was\s+violated|were\s+violated|as\s+open-ended)\b",
    re.IGNORECASE,
)


def truce_state_after(text: str, end: int) -> bool:
    """Whether a truce word is followed by its state ("broke down", "held", "took hold").

    Such a sentence tells of a truce already agreed (its agreement is the event), not of
    a new one.

    >>> s = "The truce broke down within hours."
    >>> truce_state_after(s, s.index("truce") + 5)
    True
    >>> s = "Both sides agreed to a truce on Friday."
    >>> truce_state_after(s, s.index("truce") + 5)
    False
    """
    return _TRUCE_STATE_AFTER.search(text[end : end + 80]) is not None


_CASUALTY_NOUN_AFTER = re.compile(
    r"\s+(?:soldiers|troops|civilians|people|fighters|men|women|children|residents"
    r"|servicemen|officers|policemen|guards|patients|survivors)\b",
    re.IGNORECASE,
)
_CASUALTY_VERB_BEFORE = re.compile(
    r"\b(?:were|was|been|be|left|leaving|leave|and|or|had|have|has|the)\s+$", re.IGNORECASE
)


def attributive_casualty(text: str, start: int, end: int) -> bool:
    """Whether a casualty word only describes people ("wounded soldiers arrived").

    >>> s = "Helicopters were carrying wounded soldiers to the hospital."
    >>> attributive_casualty(s, s.index("wounded"), s.index("wounded") + 7)
    True
    >>> s = "Shelling left wounded civilians in the streets."
    >>> attributive_casualty(s, s.index("wounded"), s.index("wounded") + 7)
    False
    """
    word = text[start:end].lower()
    if word not in ("wounded", "injured", "dead"):
        return False
    if not _CASUALTY_NOUN_AFTER.match(text, end):
        return False
    return _CASUALTY_VERB_BEFORE.search(text[max(0, start - 20) : start]) is None


_CONDITIONAL = re.compile(
    r"\b(?:[Ii]f|[Uu]nless|[Ss]hould|[Ii]n case|[Ii]n the event (?:that|of)|[Ww]hether)\b[^,;:.]*$"
)


_HYPOTHETICAL = re.compile(r"\b(?:could|might|may|would)\s+(?:\w+\s+)?$", re.IGNORECASE)


def conditional_before(text: str, start: int) -> bool:
    """Whether the trigger at ``start`` sits in a condition ("if X seize the pass, ...").

    >>> conditional_before("If rebels seize the pass, the army will respond.", 11)
    True
    >>> conditional_before("Rebels seized the pass, officials said.", 7)
    False
    """
    return _CONDITIONAL.search(text[max(0, start - 80) : start]) is not None


#: Where only craft go: a crossing into an airspace or territorial waters needs no soldiers
#: named beside it.
_CRAFT_ROUTE = re.compile(r"\b(?:airspace|territorial waters)\b", re.IGNORECASE)

_SECOND_PREDICATE = re.compile(r"\s(?:and|while|but)\s+(?:[a-z]+ly\s+|now\s+|still\s+)*$")


def classify(
    text: str, starts: frozenset[str] | None = None, article_context: bool = True
) -> list[Candidate]:
    """Event types reported by one sentence, one candidate per type (first strong trigger).

    >>> [c.event_type for c in classify("A checkpoint was captured by Taliban fighters.")]
    ['capture']
    >>> text = "Seventeen soldiers fled across the border into Tajikistan."
    >>> [c.event_type for c in classify(text)]
    ['forces_cross_border']
    """
    if starts is None:
        starts = word_starts(text)
    if _ALL_KEYS.isdisjoint(starts) or _FIGURATIVE.search(text):
        return []
    context: bool | None = None
    hypothetical_request = False
    best: dict[str, Candidate] = {}
    for index in sorted({i for key in starts for i in _CUES_BY_KEY.get(key, ())}):
        cue, _keys, need_keys = _KEYED[index]
        if _GATES[index].isdisjoint(starts):
            continue  # none of the cue's own words
        slot = _SLOTS[index]
        if slot in best and best[slot].strong:
            continue
        if (
            cue.needs is not None
            and (need_keys.isdisjoint(starts) or not cue.needs.search(text))
            and not (cue.needs.pattern == _CIVIL_NEAR.pattern and nationals(text) is not None)
        ):
            continue
        if (not cue.strong or cue.scope) and context is None:
            context = not _CONTEXT_KEYS.isdisjoint(starts) and CONTEXT.search(text) is not None
        if cue.scope == "sentence" and not context:
            continue
        if cue.scope == "article" and not (context or article_context):
            continue
        for m in cue.pattern.finditer(text):
            if not cue.strong and not context and not (cue.scope == "article" and article_context):
                continue  # a weak cue needs conflict context (in the article, for scope article)
            if (
                cue.modal_blocks
                and modal_before(text, m.start())
                and not (cue.sub_event_type in DECIDED_TYPES and will_before(text, m.start()))
            ):
                continue
            if cue.event_type == "armed_clash" and _BACK_REFERENCE.match(text, m.end()):
                continue  # "The confrontation came two weeks after ...": told before
            if conditional_before(text, m.start()):
                continue  # any event inside a condition is only supposed
            if cue.sub_event_type == "request" and _HYPOTHETICAL.search(
                text[max(0, m.start() - 30) : m.start()]
            ):
                hypothetical_request = True
                continue  # "could ask for help": no request made
            if cue.sub_event_type == "assistance mention" and hypothetical_request:
                continue
            if _NEGATION.search(text[max(0, m.start() - 30) : m.start()]):
                continue
            if cue.event_type not in _DISPUTABLE_TYPES and denied_that(text, m.start()):
                continue  # "denied that its soldiers entered": no happening told
            if cue.event_type not in _CALL_CONTENT_TYPES and asked_to(text, m.start()):
                continue  # "asked the capital to close the border": not done yet
            if not cue.strong and in_name(text, m.start(), m.end()):
                continue  # "the Group to Support Islam": a word of a name
            if cue.event_type in ("armed_clash", "deployment") and appeal_before(text, m.start()):
                continue  # "urged X to halt the air raids": a call, not a report of them
            if cue.sub_event_type == "ceasefire" and truce_state_after(text, m.end()):
                continue  # "the truce broke down": a truce told before, its state now
            if cue.sub_event_type == "casualties" and attributive_casualty(
                text, m.start(), m.end()
            ):
                continue  # "carrying wounded soldiers to hospital": people, not a new clash
            if not cue.strong and any(
                r.start() < m.start() < r.end() and not _NARRATIVE_THEN.search(r.group(0))
                for r in _RELATIVE.finditer(text)
            ):
                continue  # ", which was attacked last year,": a description (but ", which
                # the rebels then attacked,": the story goes on)
            if _FEARED.match(text, m.end()) and _FEAR_BEFORE.search(
                text[max(0, m.start() - 50) : m.start()]
            ):
                continue  # "aid workers fear the fighting will push ...": a feared future
            if cue.event_type == "armed_clash" and _STOP_AFTER.match(text, m.end()):
                continue
            if cue.event_type == "control_claim" and re.search(
                r"\bto\s+$", text[max(0, m.start() - 4) : m.start()]
            ):
                continue  # "to hold the border": a purpose, not a claim
            if cue.event_type == "ceasefire_or_talks" and _NEG_TALKS.search(text):
                continue
            if cue.event_type == "blockade" and _STATE_KEPT.search(
                text, max(0, m.start() - 30), m.end()
            ):
                continue  # "the crossings will stay shut until May": a closure already told
            if (
                cue.event_type == "forces_cross_border"
                and not _crossing_ok(text, m, directed=cue.sub_event_type == "incursion")
                and _CRAFT_ROUTE.search(m.group(0)) is None
            ):
                continue  # no forces near the verb (an airspace or waters entered needs none)
            if (
                cue.event_type == "displacement"
                and cue.needs is not None
                and not _civil_ok(text, m)
            ):
                continue
            cand = Candidate(cue.event_type, cue.sub_event_type, m.start(), m.end(), cue.strong)
            prev = best.get(slot)
            if prev is None or (cand.strong and not prev.strong):
                best[slot] = cand
            break
    return _with_second_kinds(text, best)


#: Kinds of ``ceasefire_or_talks`` one sentence may tell side by side, each an event:
#: forces pulling back, and the talks, calls or agreement around it ("a ceasefire
#: brokered by" is one agreement, not talks and an agreement).
_TALKS_KIND = {"withdrawal": "withdrawal"}


def _slot(event_type: str, sub_event_type: str) -> str:
    """Where :func:`classify` keeps a cue's candidate: its type, or a kind of talks.

    >>> _slot("ceasefire_or_talks", "withdrawal"), _slot("capture", "seizure")
    ('ceasefire_or_talks/withdrawal', 'capture')
    """
    if event_type == "ceasefire_or_talks" and sub_event_type in _TALKS_KIND:
        return f"{event_type}/{_TALKS_KIND[sub_event_type]}"
    return event_type


#: Each cue's slot (see :func:`_slot`), in :data:`_KEYED` order.
_SLOTS: tuple[str, ...] = tuple(_slot(c.event_type, c.sub_event_type) for c, _, _ in _KEYED)


def _index_keys() -> dict[str, tuple[int, ...]]:
    """Key → positions in :data:`_KEYED` of the cues with that key.

    A sentence is tested only against the cues one of whose keys it has, in table order.
    """
    index: dict[str, list[int]] = {}
    for i, (_cue, keys, _needs) in enumerate(_KEYED):
        for key in keys:
            index.setdefault(key, []).append(i)
    return {k: tuple(v) for k, v in index.items()}


_CUES_BY_KEY = _index_keys()


def _with_second_kinds(text: str, best: dict[str, Candidate]) -> list[Candidate]:
    """:func:`_resolve` over one candidate per type, plus a withdrawal beside other talks.

    "Troops pulled back after the leaders agreed a truce": a withdrawal and an agreement.

    >>> s = "Troops pulled back on Sunday after the leaders agreed to a ceasefire."
    >>> [c.sub_event_type for c in classify(s)]
    ['withdrawal', 'agreement']
    """
    if not any("/" in slot for slot in best):
        return _resolve(text, best)
    by_type: dict[str, Candidate] = {}
    extra: list[Candidate] = []
    for c in sorted(best.values(), key=lambda c: (not c.strong, c.start)):
        if c.event_type not in by_type:
            by_type[c.event_type] = c
        elif c.strong and not any(c.start < o.end and o.start < c.end for o in extra):
            extra.append(c)
    out = _resolve(text, by_type)
    if not any(c.event_type == "ceasefire_or_talks" for c in out):
        return out  # the talks were explained away by a stronger reading
    if "forces_cross_border" in by_type:
        extra = [c for c in extra if c.sub_event_type != "withdrawal"]
    return sorted(out + extra, key=lambda c: c.start)


#: Where a sentence's coordinated clauses meet: "...; ...", ", and ...", ", while ...",
#: "... and that ..." (a second reported happening after a speech verb).
_COORD_BREAK = re.compile(
    r";\s+|,\s+(?:and|while|whereas|but)\s+|\s+and\s+that\s+"
    # ", a day after ...": a second happening dated from the first ("ambushed on
    # Saturday, a day after a gunfight at B")
    r"|,\s+(?:(?:a|an|one|two|three|four|five|six|seven|several|\d+)\s+"
    r"(?:days?|hours?|weeks?|nights?)\s+)(?:after|before)\s+"
)

#: Types a second coordinated clause may report again, as a happening of its own.
CLAUSE_TYPES = frozenset({"armed_clash", "capture", "deployment", "blockade"})


def clause_candidates(
    text: str, cands: list[Candidate], article_context: bool = True
) -> list[tuple[Candidate, int, int]]:
    """Further candidates of a type already found, each in another coordinated clause.

    "Shells hit the market in A on Monday, and drones struck B on Tuesday" tells two
    clashes. Returns ``(candidate, clause_start, clause_end)``; the caller keeps one
    only when its clause names a place or a day of its own.

    >>> s = "Shells hit the market on Monday, and drones struck a depot on Tuesday."
    >>> [(c.event_type, s[c.start:c.end], s[a:b]) for c, a, b in clause_candidates(
    ...     s, classify(s))]
    [('armed_clash', 'Shells hit', 'Shells hit the market on Monday')]
    >>> s = "Six were killed in an ambush at A on Saturday, a day after a gunfight at B."
    >>> [(s[c.start:c.end], s[a:b]) for c, a, b in clause_candidates(s, classify(s))]
    [('were killed', 'Six were killed in an ambush at A on Saturday')]
    >>> clause_candidates("Troops shelled the village and killed two.", classify(
    ...     "Troops shelled the village and killed two."))
    []
    """
    breaks = [m for m in _COORD_BREAK.finditer(text)]
    if not breaks:
        return []
    spans = list(
        zip([0] + [m.end() for m in breaks], [m.start() for m in breaks] + [len(text)], strict=True)
    )
    out: list[tuple[Candidate, int, int]] = []
    for cand in cands:
        if cand.event_type not in CLAUSE_TYPES or not cand.strong:
            continue
        for lo, hi in spans:
            if lo <= cand.start < hi:
                continue
            for c in classify(text[lo:hi], None, article_context):
                if c.event_type == cand.event_type and (
                    c.event_type != "blockade"
                    or ("reopen" in c.sub_event_type) == ("reopen" in cand.sub_event_type)
                ):
                    out.append((replace(c, start=c.start + lo, end=c.end + lo), lo, hi))
    return out


def _nearest(rx: re.Pattern[str], text: str, pos: int, window: int = 60) -> int | None:
    lo = max(0, pos - window)
    best: int | None = None
    for m in rx.finditer(text, lo, min(len(text), pos + window)):
        d = abs(m.start() - pos)
        if best is None or d < best:
            best = d
    return best


def _crossing_ok(text: str, m: re.Match[str], directed: bool = False) -> bool:
    """Fleeing personnel: soldiers nearer the verb than civilians, and a border-ish direction.

    A ``directed`` trigger (an incursion, crossing the line) carries its direction itself.
    """
    d_pers = _nearest(_PERSONNEL_NEAR, text, m.start(), 90)
    if d_pers is None:
        return False
    d_civ = _nearest(_CIVIL_NEAR, text, m.start(), 90)
    if d_civ is not None and d_civ < d_pers:
        return False
    if directed:
        return True
    around = text[max(0, m.start() - 50) : m.end() + 80]
    return re.search(rf"\b{_BORDERISH}", around, re.IGNORECASE) is not None


_DIRECTIONAL = re.compile(
    r"(?:crossed|crossing|ran|withdrew|deserted|defected|retreat\w*|were pushed|was pushed)",
    re.IGNORECASE,
)


def _civil_ok(text: str, m: re.Match[str]) -> bool:
    if re.search(r"\btheir (?:homes|houses|villages)\b", m.group(0), re.IGNORECASE):
        return True
    d_civ = min(
        (
            d
            for d in (_nearest(_CIVIL_NEAR, text, m.start(), 90), nationals(text, m.start()))
            if d is not None
        ),
        default=None,
    )
    if d_civ is None:
        return False
    if _DIRECTIONAL.fullmatch(m.group(0)):
        around = text[max(0, m.start() - 50) : m.end() + 80]
        if re.search(rf"\b{_BORDERISH}", around, re.IGNORECASE) is None:
            return False
    d_pers = _nearest(_PERSONNEL_NEAR, text, m.start(), 90)
    return d_pers is None or d_civ <= d_pers


_SINCE = re.compile(r"\bsince\b", re.IGNORECASE)


def _since_between(text: str, start: int, end: int) -> bool:
    """Whether a "since" opens between ``start`` and ``end`` (a later trigger's clause).

    >>> s = "Troops have killed 800 militants since they crossed the border."
    >>> _since_between(s, s.index("killed"), s.index("crossed"))
    True
    >>> _since_between(s, s.index("killed"), s.index("militants"))
    False
    """
    return start < end and _SINCE.search(text, start, end) is not None


def _resolve(text: str, best: dict[str, Candidate]) -> list[Candidate]:
    """Drop candidates a more specific one explains (weak duplicates of the same trigger)."""
    out = dict(best)
    strong_types = {t for t, c in out.items() if c.strong}
    # A weak cue shadowed by a strong cue of another type on an overlapping span goes.
    for t, c in list(out.items()):
        if c.strong:
            continue
        for other in out.values():
            if other is c or not other.strong:
                continue
            if other.start < c.end and c.start < other.end:
                out.pop(t, None)
                break
    # "help"/"support" alone is not an assistance event when something stronger happened.
    a = out.get("assistance")
    if a is not None and not a.strong and strong_types - {"assistance"}:
        out.pop("assistance")
    # A clash named only as the cause of another event ("to escape heavy fighting",
    # "due to shooting") is background, not an event of its own.
    clash = out.get("armed_clash")
    if (
        clash is not None
        and strong_types - {"armed_clash"}
        and _CAUSE_BEFORE.search(text[max(0, clash.start - 40) : clash.start])
    ):
        out.pop("armed_clash")
    # People killed as they tried to cross ("killed 27 smugglers who tried to cross the
    # border"): the attempt, told in a relative clause about them, is the killing's.
    cross = out.get("forces_cross_border")
    clash = out.get("armed_clash")
    if (
        cross is not None
        and clash is not None
        and clash.end <= cross.start
        and _ATTEMPT_RELATIVE.search(text, max(clash.end, cross.start - 50), cross.start)
    ):
        out.pop("forces_cross_border")
    # Casualty words alone go with the event that caused them, unless that event is only
    # the point a "since" clause measures from ("have killed 800 since the militants
    # crossed"): then the killing is the sentence's own news.
    clash = out.get("armed_clash")
    if clash is not None and clash.sub_event_type == "casualties":
        causes = [
            c
            for t, c in out.items()
            if c.strong
            and t in ("capture", "forces_cross_border", "displacement", "deployment", "blockade")
        ]
        if causes and not all(_since_between(text, clash.end, c.start) for c in causes):
            out.pop("armed_clash")
    # People detained in a sentence that tells a capture go with it ("seized the post and
    # detained the guards").
    if (
        "capture" in out
        and out["capture"].strong
        and not GOODS_AFTER.match(text, out["capture"].end)
    ):
        out.pop("arrest", None)  # but "rounded up 371 migrants and seized rifles": arrests
    # Stative control with no capture: kept as a candidate control claim.
    # A second, coordinated predicate ("occupied X and now controls Y") is a claim of its own.
    ctl = out.get("control_claim")
    cap = out.get("capture")
    if ctl is not None and cap is not None:
        first, second = (cap, ctl) if cap.start < ctl.start else (ctl, cap)
        if not _SECOND_PREDICATE.search(text[first.end : second.start]):
            out.pop("control_claim")
    # People detained for crossing ("detained six soldiers who strayed across the border"):
    # the crossing, told in a relative clause about them, goes with the detention.
    cross = out.get("forces_cross_border")
    held = out.get("arrest") or out.get("abduction")
    if (
        cross is not None
        and held is not None
        and held.strong
        and held.end <= cross.start
        and _RELATIVE_BEFORE.search(text[max(held.end, cross.start - 40) : cross.start])
    ):
        out.pop("forces_cross_border")
    # Forces going across a border are a crossing: not also a withdrawal from ground held,
    # nor people expelled.
    if "forces_cross_border" in out:
        for kind, sub in (("ceasefire_or_talks", "withdrawal"), ("displacement", "expulsion")):
            c = out.get(kind)
            if c is not None and c.sub_event_type == sub:
                out.pop(kind)
    # A border closure that is a displacement cue stays displacement; refugees in a
    # fleeing-soldiers sentence are context.
    ref = out.get("displacement")
    if ref is not None and not ref.strong and "forces_cross_border" in out:
        out.pop("displacement")
    # "a missile struck a school in the refugee camp": the refugees are where it hit
    clash = out.get("armed_clash")
    if ref is not None and not ref.strong and clash is not None and clash.strong:
        out.pop("displacement", None)
    return sorted(out.values(), key=lambda c: c.start)
