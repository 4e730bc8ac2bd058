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

import functools
import re
from dataclasses import dataclass

_PERSONNEL = (
    r"(?:soldiers?|troops?|servicem[ae]n|service ?members|personnel|border guards?|guards"
    r"|officers|army|forces|military|commandos|policem[ae]n|police|fighters|militants"
    r"|conscripts|recruits|units|sailors|paratroopers|men in uniform|members of the)"
)
_CIVIL = (
    r"(?:civilians|residents|villagers|refugees|families|inhabitants|locals|people|children"
    r"|women|population|citizens|migrants|asylum[- ]seekers|households|herders|farmers)"
)
_FLEE = (
    r"(?:fled|flee|flees|fleeing|retreated|retreat|retreating|escaped|escaping|crossed(?: over)?"
    r"|crossing over|sought (?:refuge|shelter|asylum)|took refuge|taken refuge|seeking refuge"
    r"|withdrew|were pushed|was pushed|ran|deserted|defected)"
)
_BORDERISH = (
    r"(?:border|frontier|into|enter(?:ed|ing)?\s+(?:the\s+)?(?:territory|[A-Z])"
    r"|to (?:neighbo(?:u)?ring|the neighbo)|across|over to|neighbo(?:u)?ring"
    r"|the other side|abroad|territory of)"
)

CONTEXT = re.compile(
    r"\b(?:border|frontier|troops?|soldiers?|military|army|forces|militants?|fighters|guards?"
    r"|clash(?:es)?|fighting|war|conflict|ceasefire|cease-fire|truce|Taliban|CSTO|NATO|armed"
    r"|security|defen[cs]e|insurgents?|rebels?|offensive|hostilities|shelling|attack|violence"
    r"|peace|refugees?|escalation|tension|tensions|separatists?|Hezbollah|Hamas|IDF|PLA|RSF"
    r"|enclave|disputed|crisis|aggression|incursion|checkpoint|outpost|ally|allies|allied"
    r"|alliance|treaty|humanitarian)\b",
    re.IGNORECASE,
)

_NEG_TALKS = re.compile(
    r"\b(?:trade|tariffs?|climate|wage|pay|contract|budget|merger|business|coalition|labou?r"
    r"|commercial|investment|tax|gas|oil|price|transfer|sponsorship|licensing)\s+"
    r"(?:[\w’'-]+\s+)?(?:talks|negotiations)\b|\b(?:talks|negotiations)\s+(?:on|over|about)\s+"
    r"(?:trade|tariffs?|climate|wages?|pay|a contract|the budget|prices?|gas|oil|taxes)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|never|no|n't|neither|nor|without|denied|deny|denies|refused to|rejected)\s+"
    r"(?:[\w’'-]+\s+){0,2}$",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r",\s+(?:which|who|whose)\b[^,;]{3,160},")
_MODAL_BEFORE = re.compile(
    r"\b(?:vow(?:s|ed)? to|threat(?:en|ens|ened) to|plans? to|planning to|aims? to|aiming to"
    r"|intends? to|seek(?:s|ing)? to|tried to|try to|trying to|attempt(?:s|ed)? to|could|might"
    r"|may|would|will|won't|wants? to|hopes? to|to retake|prevent(?:ed|ing)?|avoid|fears? of"
    r"|fear(?:ed|s)? (?:a|an|that)|risk of|threat of|possible|potential|no)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)


_CAUSE_BEFORE = re.compile(
    r"\b(?:escap\w*|flee\w*|fled|amid|due to|because of|days of|weeks of|months of"
    r"|as a result of|caused by|in response to)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:[\w’'-]+\s+){0,2}$",
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
    return _ALL_KEYS | _CONTEXT_KEYS | frozenset().union(*(n for _, _, n in _KEYED))


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
    #: or anywhere in the article (road closures are rarely described with war words).
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


_PERSONNEL_NEAR = _rx(rf"\b{_PERSONNEL}\b")
_CIVIL_NEAR = _rx(rf"\b{_CIVIL}\b")

CUES: tuple[Cue, ...] = (
    # --- armed clash
    Cue(
        "armed_clash",
        "exchange of fire",
        _rx(
            r"\b(?:exchang(?:ed|es|ing)\s+(?:\w+\s+)?(?:fire|gunfire|shots)|exchanges? of "
            r"(?:fire|gunfire)|shootouts?|firefights?|gunfights?|gun battles?|traded fire)\b"
        ),
        modal_blocks=True,
    ),
    Cue(
        "armed_clash",
        "clash",
        _rx(
            r"\b(?:clash(?:es|ed|ing)?|skirmish(?:es|ed)?|confrontations?|armed incidents?"
            r"|armed conflict on the border|border conflict)\b"
        ),
        modal_blocks=True,
    ),
    Cue(
        "armed_clash",
        "shelling or strike",
        _rx(
            r"\b(?:shell(?:ed|ing)|bombard(?:ed|ment)|air ?strikes?|drone strikes?|drone attacks?"
            r"|rocket (?:fire|attacks?)|mortar (?:fire|attacks?)|artillery (?:fire|strikes?)"
            r"|fired (?:rockets|missiles|shells|mortars))\b"
        ),
        modal_blocks=True,
    ),
    Cue(
        "armed_clash",
        "attack",
        _rx(
            r"\b(?:attack(?:ed|s)?|ambush(?:ed|es)?|opened fire|fired (?:on|at|upon)|stormed"
            r"|assault(?:ed)?|raid(?:ed)?|came under fire|under attack|shooting|shootings|gunfire"
            r"|fire (?:erupted|broke out))\b"
        ),
        strong=False,
        modal_blocks=True,
    ),
    Cue(
        "armed_clash",
        "fighting",
        _rx(
            r"\b(?:(?:heavy|fierce|intense|renewed|fresh) fighting|fighting (?:broke out|erupted"
            r"|flared|resumed|continued|raged)|fought|battled|battles? for|hostilities (?:broke"
            r"|erupted|resumed))\b"
        ),
        modal_blocks=True,
    ),
    Cue(
        "armed_clash",
        "offensive",
        _rx(
            r"\b(?:launch(?:ed|es|ing)?|press(?:ed|es|ing)?|mount(?:ed|s|ing)?|beg[au]n|start(?:ed"
            r"|s)?"
            r"|step(?:ped)? up|continu(?:ed|es|ing)|intensif(?:ied|ies|y)) (?:[\w’'.,-]+ ){0,2}"
            r"(?:offensives?|assaults?|attacks?|incursions?)\b"
        ),
        modal_blocks=True,
    ),
    Cue(
        "armed_clash",
        "casualties",
        _rx(r"\b(?:killed|killing|shot dead|wounded|injured|death toll|casualties|dead)\b"),
        strong=False,
        modal_blocks=True,
    ),
    # --- capture
    Cue(
        "capture",
        "seizure",
        _rx(
            r"\b(?:captur(?:ed|es|e|ing)|seiz(?:ed|es|e|ing)|seizure|overr(?:an|un)|fell to"
            r"|(?:took|taken|take|taking|gained|seized|assumed|established) (?:full |complete )?"
            r"control|retook|retaken|retake|recaptur(?:ed|e)|occup(?:ied|y)|stormed and took"
            r"|took over|taken over|took (?:[\w’'.,-]+ ){0,3}prisoner|taken prisoner|surrendered"
            r"|detain(?:ed)?|abducted|were? disarmed|hostage)\b"
        ),
        modal_blocks=True,
    ),
    # --- stative control (becomes control_claim with an extent or object)
    Cue(
        "control_claim",
        "stated control",
        _rx(
            r"\b(?:controls?|controlled|controlling|in control of|under (?:[\w’'.,-]+ ){0,2}control"
            r"|holds?|held sway)\b"
        ),
        strong=False,
    ),
    # --- forces crossing a border
    Cue(
        "forces_cross_border",
        "forces fled across border",
        _rx(rf"\b{_FLEE}\b"),
        needs=_PERSONNEL_NEAR,
        modal_blocks=True,
    ),
    Cue(
        "forces_cross_border",
        "forces let across border",
        _rx(
            r"\b(?:let (?:[\w’'.,-]+ ){0,3}(?:in|into|cross|enter)"
            r"|allowed (?:[\w’'.,-]+ ){0,3}to (?:enter|cross)"
            r"|granted (?:[\w’'.,-]+ ){0,2}(?:entry|refuge|asylum)"
            r"|sent (?:[\w’'.,-]+ ){0,4}fleeing)\b"
        ),
        needs=_PERSONNEL_NEAR,
    ),
    # --- deployment
    Cue(
        "deployment",
        "deployment",
        _rx(
            r"\b(?:deploy(?:ed|s|ing|ment|ments)?|redeploy(?:ed|ment)?|dispatch(?:ed)?|sent "
            r"(?:[\w’'.,-]+ ){0,6}(?:troops|reinforcements|soldiers|forces|units|border guards"
            r"|commandos)"
            r"(?! fleeing| running| packing| back| home)"
            r"|reinforc(?:ed|ements?|ing)|moved (?:[\w’'.,-]+ ){0,3}(?:troops|forces|units)|massed"
            r"|massing|build-?up|stationed|garrison(?:ed)?|bolster(?:ed|ing)? (?:[\w’'.,-]+ ){0,3}"
            r"(?:border|defen[cs]es|security|presence)|strengthen(?:ed|ing)? (?:[\w’'.,-]+ ){0,3}"
            r"(?:border|protection|security|defen[cs]es))\b"
        ),
    ),
    Cue(
        "deployment",
        "mobilisation",
        _rx(
            r"\b(?:mobili[sz](?:ed|ation|e|ing)|reservists?|call(?:ed|s|ing)?[- ]up|conscript"
            r"(?:ion|ed)|drafted)\b"
        ),
    ),
    Cue(
        "deployment",
        "base activation",
        _rx(
            r"\b(?:(?:activat|us)(?:e|ed|es|ing) (?:[\w’'.,-]+ ){0,4}(?:military )?bases?"
            r"|capabilities of (?:[\w’'.,-]+ ){0,3}(?:military )?base|military bases?)\b"
        ),
        strong=False,
    ),
    Cue(
        "deployment",
        "exercise",
        _rx(
            r"\b(?:military )?(?:exercises|drills|manoeuvres|maneuvers|war games|combat readiness"
            r"|high alert|full alert|heightened alert|combat alert|put on alert)\b"
        ),
        strong=False,
    ),
    # --- displacement
    Cue(
        "displacement",
        "civilians fled",
        _rx(
            rf"\b(?:{_FLEE}|(?:left|leave|leaving|leaves|fled|flee|fleeing) their (?:homes|houses"
            rf"|villages)|forced from their homes"
            r"|abandon(?:ed|ing) their)\b"
        ),
        needs=_CIVIL_NEAR,
    ),
    Cue(
        "displacement",
        "evacuation",
        _rx(
            r"\b(?:evacuat(?:ed|ion|e|ing|ions)|displaced|displacement|relocat(?:ed|ion)"
            r"|(?:moved|taken|brought|sent) to (?:temporary |emergency )?shelters"
            r"|took shelter|taken to safety|moved to safety|sheltering in)\b"
        ),
    ),
    Cue(
        "displacement",
        "refugee flow or preparation",
        _rx(
            r"\b(?:refugees?|influx|exodus|asylum[- ]seekers|(?:refugee|tent"
            r"|displacement) camps?)\b"
        ),
        strong=False,
    ),
    Cue(
        "displacement",
        "closure forced by fighting",
        _rx(
            r"\b(?:clos(?:e|ed|ing|ure of) (?:[\w’'.,-]+ ){0,2}(?:consulate|embassy"
            r"|diplomatic mission|"
            r"schools)|suspend(?:ed)? (?:[\w’'.,-]+ ){0,2}(?:consulate|embassy|mission))\b"
        ),
    ),
    # --- ceasefire or talks
    Cue(
        "ceasefire_or_talks",
        "call to stop fighting",
        _rx(
            r"\b(?:must|should|needs? to|has to|have to) (?:be )?(?:immediately |urgently "
            r"|quickly )?"
            r"(?:stop(?:ped)?|halt(?:ed)?|end(?:ed)?|cease[ds]?|settled|resolved|de-?escalated)\b"
        ),
        needs=CONTEXT,
    ),
    Cue(
        "ceasefire_or_talks",
        "ceasefire",
        _rx(
            r"\b(?:cease-?fires?|truce|armistice|cessation of hostilities|stop (?:the )?firing"
            r"|stop shooting|halt (?:the )?fighting|silence the guns)\b"
        ),
    ),
    Cue(
        "ceasefire_or_talks",
        "restraint or de-escalation call",
        _rx(
            r"\b(?:(?:show|exercise|showed|exercised|urged|calls? for"
            r"|called for) (?:[\w’'.,-]+ )?restraint"
            r"|de-?escalat(?:e|ion|ing)|disengage(?:ment)?"
            r"|withdr(?:aw|ew|awn|awing)(?:al of)? (?:[\w’'.,-]+ ){0,2}(?:troops|forces)"
            r"|pull(?:ed)? back (?:[\w’'.,-]+ ){0,2}(?:troops|forces)"
            r"|return(?:ed)? to (?:their|the) (?:original |previous )?positions)\b"
        ),
    ),
    Cue(
        "ceasefire_or_talks",
        "negotiation",
        _rx(
            r"\b(?:negotiat(?:ions?|e|ed|ing)|talks|peace (?:deal|agreement|process|plan|accord)"
            r"|mediat(?:e|ed|ion|ing|or)|dialogue|delimitation|demarcation|agreed to (?:stop|halt|"
            r"withdraw|a ceasefire)|(?:border|government|intergovernmental) commissions?)\b"
        ),
        strong=False,
    ),
    # --- assistance
    Cue(
        "assistance",
        "request",
        _rx(
            r"\b(?:(?:request(?:ed|s|ing)?|ask(?:ed|s|ing)?|appeal(?:ed|s)?|turn(?:ed|s)? to"
            r"|call(?:ed|s)? on|sought|seek(?:s|ing)?|applied to|appl(?:y"
            r"|ies)) (?:[\w’'.,-]+ ){0,8}"
            r"(?:help|assistance|aid|support|protection)|requests? for (?:[\w’'.,-]+ ){0,3}"
            r"(?:help|assistance|aid|support)|(?:seeks?|sought|requests?"
            r"|asks?) (?:[\w’'.,-]+ ){0,5}"
            r"(?:alliance|bloc|CSTO|NATO)['’]?s? (?:help|aid|assistance|support))\b"
        ),
        scope="sentence",
    ),
    Cue(
        "assistance",
        "request",
        _rx(
            r"\b(?:(?:cannot|can't|could not|couldn't|unable to|not able to|difficult|impossible"
            r"|too hard)\b[^.;]{0,80}\bon (?:our|its|their|my) own|on (?:our|its|their|my) own"
            r"\b[^.;]{0,40}\b(?:difficult|impossible|too hard|not possible)|(?:need|needs|needed)"
            r" (?:outside|external|international|foreign) (?:help|assistance|support))\b"
        ),
        needs=CONTEXT,
    ),
    Cue(
        "assistance",
        "offer",
        _rx(
            r"\b(?:(?:offer(?:ed|s|ing)?|provid(?:e|ed|es|ing)|give|giv(?:en|es|ing)|send|sen[dt]"
            r"|pledg(?:e|ed|es)|promis(?:e|ed|es)|ready to (?:provide|give|offer)|deliver(?:ed)?)"
            r" (?:[\w’'.,-]+ ){0,6}(?:help|assistance|aid|support|weapons|equipment|ammunition)"
            r"|(?:ready|prepared|willing) to (?:help|assist|defend|protect|support)|come to "
            r"(?:[\w’'.,-]+ )?(?:aid|assistance|defen[cs]e)|(?:help|assist|defend"
            r"|protect) (?:[\w’'.,-]+ ){0,3}"
            r"(?:ally|allies|partner)|alli(?:ed|ance) obligations|collective (?:security"
            r"|defen[cs]e)(?! treaty)"
            r"|(?:obligations|commitments) under|military[- ]technical (?:aid|assistance)"
            r"|humanitarian (?:aid|assistance|convoy|supplies))\b"
        ),
        scope="sentence",
    ),
    Cue(
        "assistance",
        "offer",
        _rx(
            r"\b(?:(?:prevent|repel|counter|deter|stop)(?:s|ing|ed)? (?:[\w’'.,-]+ ){0,3}aggression"
            r"|(?:additional|necessary|all) measures|protect|defend|security guarantees)\b"
        ),
        needs=_rx(r"\b(?:ally|allies|allied|partners?|treaty)\b"),
    ),
    Cue(
        "assistance",
        "assistance mention",
        _rx(r"\b(?:assistance|aid|help|support)\b"),
        strong=False,
    ),
    # --- blockade
    Cue(
        "blockade",
        "road blocked",
        _rx(
            r"\b(?:block(?:ed|ing|s|ade|aded|ades)?|barricad(?:ed|es|ing)|cut off|closed|shut"
            r"|sealed)\b"
        ),
        needs=_rx(
            r"\b(?:roads?|highways?|route|routes|bridges?|pass|traffic|motorway|railway"
            r"|crossings?|checkpoints?|border posts?|streets?|border)\b"
        ),
        scope="article",
    ),
    Cue(
        "blockade",
        "road reopened",
        _rx(
            r"\b(?:reopen(?:ed|ing|s)?|unblock(?:ed|ing)?|lift(?:ed|ing)? the blockade"
            r"|(?:traffic|movement) (?:was |has been )?(?:resumed|restored))\b"
        ),
        needs=_rx(
            r"\b(?:roads?|highways?|route|routes|bridges?|pass|traffic|motorway|railway"
            r"|crossings?|checkpoints?|border)\b"
        ),
        scope="article",
    ),
)

#: Each cue with its keys and its ``needs`` keys (see :func:`pattern_keys`).
_KEYED: tuple[tuple[Cue, frozenset[str], frozenset[str]], ...] = tuple(
    (c, pattern_keys(c.pattern), pattern_keys(c.needs) if c.needs is not None else frozenset())
    for c in CUES
)
#: Every cue's keys: a sentence with none of these word-starts has no event.
_ALL_KEYS: frozenset[str] = frozenset().union(*(k for _, k, _ in _KEYED))
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
    for cue, keys, need_keys in _KEYED:
        if cue.event_type in best and best[cue.event_type].strong:
            continue
        if keys.isdisjoint(starts):
            continue
        if cue.needs is not None and (need_keys.isdisjoint(starts) or not cue.needs.search(text)):
            continue
        if (not cue.strong or cue.scope) and context is None:
            context = not _CONTEXT_KEYS.isdisjoint(starts) and CONTEXT.search(text) is not None
        if cue.scope == "sentence" and not context:
            continue
        if cue.scope == "article" and not (context or article_context):
            continue
        for m in cue.pattern.finditer(text):
            if not cue.strong and not context:
                continue
            if cue.modal_blocks and modal_before(text, m.start()):
                continue
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
            if not cue.strong and any(
                r.start() < m.start() < r.end() for r in _RELATIVE.finditer(text)
            ):
                continue
            if cue.event_type == "armed_clash" and _STOP_AFTER.match(text, m.end()):
                continue
            if cue.event_type == "control_claim" and re.search(
                r"\bto\s+$", text[max(0, m.start() - 4) : m.start()]
            ):
                continue  # "to hold the border": a purpose, not a claim
            if cue.event_type == "ceasefire_or_talks" and _NEG_TALKS.search(text):
                continue
            if cue.event_type == "forces_cross_border" and not _crossing_ok(text, m):
                continue
            if (
                cue.event_type == "displacement"
                and cue.needs is not None
                and not _civil_ok(text, m)
            ):
                continue
            cand = Candidate(cue.event_type, cue.sub_event_type, m.start(), m.end(), cue.strong)
            prev = best.get(cue.event_type)
            if prev is None or (cand.strong and not prev.strong):
                best[cue.event_type] = cand
            break
    return _resolve(text, best)


def _nearest(rx: re.Pattern[str], text: str, pos: int, window: int = 60) -> int | None:
    lo = max(0, pos - window)
    best: int | None = None
    for m in rx.finditer(text, lo, min(len(text), pos + window)):
        d = abs(m.start() - pos)
        if best is None or d < best:
            best = d
    return best


def _crossing_ok(text: str, m: re.Match[str]) -> bool:
    """Fleeing personnel: soldiers nearer the verb than civilians, and a border-ish direction."""
    d_pers = _nearest(_PERSONNEL_NEAR, text, m.start(), 90)
    if d_pers is None:
        return False
    d_civ = _nearest(_CIVIL_NEAR, text, m.start(), 90)
    if d_civ is not None and d_civ < d_pers:
        return False
    around = text[max(0, m.start() - 50) : m.end() + 80]
    return re.search(rf"\b{_BORDERISH}", around, re.IGNORECASE) is not None


_DIRECTIONAL = re.compile(
    r"(?:crossed|crossing|ran|withdrew|deserted|defected|retreat\w*|were pushed|was pushed)",
    re.IGNORECASE,
)


def _civil_ok(text: str, m: re.Match[str]) -> bool:
    if re.search(r"\btheir (?:homes|houses|villages)\b", m.group(0), re.IGNORECASE):
        return True
    d_civ = _nearest(_CIVIL_NEAR, text, m.start(), 90)
    if d_civ is None:
        return False
    if _DIRECTIONAL.fullmatch(m.group(0)):
        around = text[max(0, m.start() - 50) : m.end() + 80]
        if re.search(rf"\b{_BORDERISH}", around, re.IGNORECASE) is None:
            return False
    d_pers = _nearest(_PERSONNEL_NEAR, text, m.start(), 90)
    return d_pers is None or d_civ <= d_pers


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
    # Casualty words alone go with the event that caused them.
    clash = out.get("armed_clash")
    if (
        clash is not None
        and clash.sub_event_type == "casualties"
        and strong_types
        & {
            "capture",
            "forces_cross_border",
            "displacement",
            "deployment",
            "blockade",
        }
    ):
        out.pop("armed_clash")
    # Stative control with no capture: kept as a candidate control claim.
    # A second, coordinated predicate ("occupied X and now controls Y") is a claim of its own.
    ctl = out.get("control_claim")
    cap = out.get("capture")
    if ctl is not None and cap is not None:
        first, second = (cap, ctl) if cap.start < ctl.start else (ctl, cap)
        if not _SECOND_PREDICATE.search(text[first.end : second.start]):
            out.pop("control_claim")
    # A border closure that is a displacement cue stays displacement; refugees in a
    # fleeing-soldiers sentence are context.
    ref = out.get("displacement")
    if ref is not None and not ref.strong and "forces_cross_border" in out:
        out.pop("displacement")
    return sorted(out.values(), key=lambda c: c.start)
