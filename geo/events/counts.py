"""Counts of people and things in an event sentence, keyed by what happened to them.

A number counts only when a counted noun follows it (``17 Afghan soldiers``,
``dozens of civilians``, ``20,000 reservists``) or a casualty word sits next to
it (``killing 13``, ``13 dead``). Its key comes from the nearest cue word:

====================  ===================================================
key                   cues
====================  ===================================================
killed                killed, dead, died, death toll, lost their lives
wounded               wounded, injured, hurt
captured              captured, seized, taken prisoner, detained, surrendered
fled                  fled, crossed, retreated, escaped, sought refuge (personnel)
displaced             fled/evacuated/displaced/refugees (civilians)
deployed              deployed, sent, mobilised, reservists, stationed, called up
====================  ===================================================

With no cue, the event type gives the key (a crossing's number is ``fled``).
Vague quantities keep their range in the qualifier (``dozens`` = 24-99).

>>> text = "Tajik officials said 17 Afghan soldiers fled on June 27."
>>> c = find_counts(text, "forces_cross_border")
>>> [(k, v.value, v.qualifier, v.text) for k, vs in c.items() for v in vs]
[('fled', 17, None, '17 Afghan soldiers')]
"""

from __future__ import annotations

import re

from geo.events.quantities import find_quantities

_PERSON = (
    r"(?:soldiers?|troops?|servicem[ae]n|service ?members|personnel|border guards?|guards"
    r"|officers|commandos|policem[ae]n|police officers|fighters|militants|insurgents|rebels"
    r"|conscripts|recruits|reservists|paratroopers|sailors|marines|members|men|people|persons"
    r"|civilians|residents|villagers|refugees|families|households|inhabitants|citizens|children"
    r"|women|migrants|asylum[- ]seekers|nationals|prisoners|hostages|workers|herders|farmers"
    r"|staff|diplomats|employees|wounded|dead|bodies|casualties|servicemen and women|units"
    r"|battalions|brigades|companies|divisions|tanks|vehicles|aircraft|helicopters|drones"
    r"|districts?|provinces?|villages?|posts?|outposts?|checkpoints?|positions|bases?"
    r"|crossings?|towns?|settlements?|cities|houses|homes)"
)
_CIVIL = re.compile(
    r"\b(?:people|persons|civilians|residents|villagers|refugees|families|households"
    r"|inhabitants|citizens|children|women|migrants|asylum|nationals|herders|farmers|workers)\b",
    re.IGNORECASE,
)
_NOUN_AFTER = re.compile(
    rf"^\s*(?:of\s+)?(?:the\s+|their\s+|its\s+)?(?:[\w’'-]+\s+){{0,3}}?(?P<noun>{_PERSON})\b",
    re.IGNORECASE,
)
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "killed",
        re.compile(
            r"\b(?:killed|killing|dead|died|death toll|deaths|lost their lives|"
            r"fatalities|shot dead|slain|perished|bodies)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "wounded",
        re.compile(r"\b(?:wounded|injured|injuring|wounding|hurt|injuries)\b", re.IGNORECASE),
    ),
    (
        "captured",
        re.compile(
            r"\b(?:captured|capturing|seized|taken prisoner|took \w+ prisoner|"
            r"detained|surrendered|abducted|disarmed|hostages?|prisoners)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "fled",
        re.compile(
            r"\b(?:fled|flee|fleeing|crossed|crossing|retreated|escaped|sought refuge|"
            r"took refuge|let in|allowed to enter|entered)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "displaced",
        re.compile(
            r"\b(?:evacuated|evacuating|displaced|refugees|left their homes)\b", re.IGNORECASE
        ),
    ),
    (
        "deployed",
        re.compile(
            r"\b(?:deployed|deploying|deploy|sent|sending|mobili[sz]ed|mobili[sz]ing|"
            r"reservists|stationed|called up|call-up|drafted|dispatched|massed|"
            r"moved|activated|servicemen deployed|host to|reinforcements)\b",
            re.IGNORECASE,
        ),
    ),
)
_DEFAULT_KEY = {
    "forces_cross_border": "fled",
    "displacement": "displaced",
    "deployment": "deployed",
    "capture": "captured",
    "arrest": "captured",
    "abduction": "captured",
    "assistance": "deployed",
}
#: Which keys an event type keeps.
ACCEPTS: dict[str, frozenset[str]] = {
    "armed_clash": frozenset({"killed", "wounded", "captured"}),
    "capture": frozenset({"captured", "killed", "wounded"}),
    "arrest": frozenset({"captured", "killed", "wounded"}),
    "abduction": frozenset({"captured", "killed", "wounded"}),
    "forces_cross_border": frozenset({"fled", "killed", "wounded"}),
    "deployment": frozenset({"deployed"}),
    "displacement": frozenset({"displaced", "killed", "wounded"}),
    "assistance": frozenset({"deployed"}),
    "blockade": frozenset(),
    "ceasefire_or_talks": frozenset(),
    "control_claim": frozenset(),
}
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_CASUALTY_ADJ = re.compile(
    r"^\s*(?:were\s+|are\s+|have been\s+)?(?:killed|dead|wounded|injured)", re.IGNORECASE
)
_CASUALTY_BEFORE = re.compile(
    r"(?:killing|injuring|wounding|death toll (?:rose|climbed)?\s*(?:to)?)"
    r"\s*$",
    re.IGNORECASE,
)


_FLEEING_AFTER = re.compile(
    r"\s+(?:fleeing|running|retreating|escaping|scrambling|streaming)\b", re.IGNORECASE
)


def _key_for(sentence: str, start: int, end: int, noun: str, event_type: str) -> str | None:
    lo, hi = max(0, start - 60), min(len(sentence), end + 70)
    best: tuple[int, str] | None = None
    for key, rx in _CUES:
        for m in rx.finditer(sentence, lo, hi):
            # cues before the number are a little less telling than cues after it
            d = max(m.start() - end, 0) if m.start() >= end else max(start - m.end(), 0) + 5
            if best is None or d < best[0]:
                best = (d, key)
    key = best[1] if best else _DEFAULT_KEY.get(event_type)
    civil = bool(_CIVIL.search(noun))
    if key == "fled" and (civil or event_type == "displacement"):
        key = "displaced"
    if key == "displaced" and not civil and event_type == "forces_cross_border":
        key = "fled"
    if noun.lower() == "reservists":
        key = "deployed"
    return key


def find_counts(
    sentence: str, event_type: str, document: str | None = None, offset: int = 0
) -> dict[str, tuple]:
    """Counts in ``sentence`` that an event of ``event_type`` keeps, as ``Count`` tuples by key.

    ``offset`` is unused in the values but kept for callers that work on article text.

    >>> c = find_counts("At least two dozen civilians were evacuated from Vorukh.", "displacement")
    >>> [(k, v.value, v.qualifier) for k, vs in c.items() for v in vs]
    [('displaced', 24, 'at least')]
    >>> find_counts("In 2021 the border was calm.", "armed_clash")
    {}
    >>> c = find_counts("The raid sent 40 Malian soldiers fleeing.", "forces_cross_border")
    >>> [(k, v.value) for k, vs in c.items() for v in vs]
    [('fled', 40)]
    """
    from geo.situation import Count

    accepts = ACCEPTS.get(event_type, frozenset())
    if not accepts:
        return {}
    out: dict[str, list[Count]] = {}
    for q in find_quantities(sentence):
        if _YEAR.match(q.text.strip()) and q.qualifier is None:
            continue
        tail = sentence[q.end : q.end + 60]
        m = _NOUN_AFTER.match(tail)
        if m and m.start("noun") > 0 and re.search(r"[,.;]", tail[: m.start("noun")]):
            m = None
        if m:
            noun = m.group("noun")
            text = sentence[q.start : q.end + m.end("noun")]
        elif _CASUALTY_ADJ.match(tail) or _CASUALTY_BEFORE.search(sentence[: q.start]):
            noun = "people"
            text = q.text
        else:
            continue
        if (
            re.match(
                r"(?:districts?|provinces?|villages?|towns?|cities|settlements?)$",
                noun,
                re.IGNORECASE,
            )
            and event_type != "capture"
        ):
            continue
        key = _key_for(sentence, q.start, q.end, noun, event_type)
        if key == "deployed" and m and _FLEEING_AFTER.match(sentence, q.end + m.end("noun")):
            key = "fled"  # "sent 134 soldiers fleeing": a causative, not a deployment
        if key is None or key not in accepts:
            continue
        out.setdefault(key, []).append(Count(q.value, q.qualifier, text.strip(), document))
    return {k: tuple(v) for k, v in out.items()}
