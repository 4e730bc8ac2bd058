"""Who says so, how sure, and what a control claim claims.

* :func:`find_claimant` — attribution: ``according to X``, ``citing X``,
  ``X said|told|reported|announced...``, ``..., said X``, ``X was quoted as
  saying``. The speaker phrase is read backwards from the verb over
  capitalised words and role nouns (spokeswoman, ministry, service, media...),
  skipping date words (``Russia on Friday said``). Pronouns (``he said``) are
  returned as ``None`` with ``pronoun=True`` so the caller can reuse the
  article's previous speaker.
* :data:`DISPUTE` — cues of conflicting accounts: denials, mutual blame,
  "conflicting reports".
* :func:`control_extent` / :func:`border_dyads` — the extent and object of a
  control claim, and the border dyads a sentence names.

>>> find_claimant("Tajikistan's border service said that 17 Afghan soldiers fled.").text
"Tajikistan's border service"
>>> find_claimant("Russia on Friday said the Taliban controls the border.").text
'Russia'
>>> find_claimant("Another group fled, according to Radio Liberty.").text
'Radio Liberty'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from geo.events.lexicon import country_of_word, demonym_words, dyad
from geo.events.quantities import find_quantities

_SPEECH_VERB = (
    r"(?:said|says|say|told|tells|reported|reports|announced|announces|claimed|claims|stated"
    r"|added|noted|confirmed|confirms|warned|denied|denies|insisted|stressed|declared"
    r"|wrote|tweeted|alleged|alleges|accused|blamed|explained|quoted|cited|informed|underlined"
    r"|emphasi[sz]ed|pointed out|revealed|disclosed|acknowledged|admitted)"
)
_SPEECH = re.compile(rf"\b{_SPEECH_VERB}\b")
_ACCORDING = re.compile(
    r"\b(?:according to|citing|quoting|as reported by|reported by|a statement (?:from|by)"
    r"|sources? (?:in|at|within))\s+(?P<who>[^,.;:()“”\"]{2,90})"
)
_INVERTED = re.compile(
    rf"[,”\"’]\s*(?:{_SPEECH_VERB})(?:\s+(?:on\s+)?\w+day)?\s+(?P<who>[A-Z][^,;:“”\"]{{1,90}})"
)
_APPOSITIVE = re.compile(
    rf"^(?P<who>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){{0,4}}),\s+(?:who|whose)\b[^;]{{3,160}}?,\s+"
    rf"(?:also\s+)?{_SPEECH_VERB}\b"
)
_NAME_ROLE = re.compile(
    rf"(?P<who>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){{0,3}},\s+(?:the|a|an)\s+[^,;“”\"]{{3,90}}?),"
    rf"\s+(?:also\s+)?{_SPEECH_VERB}\b"
)
_QUOTED = re.compile(r"\b(?P<via>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*)\s+quoted\s+(?P<who>\w+)")
_ROLE = frozenset(
    (
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "spokespeople",
        "minister",
        "ministry",
        "service",
        "services",
        "media",
        "officials",
        "official",
        "authorities",
        "authority",
        "agency",
        "news",
        "state",
        "foreign",
        "defence",
        "defense",
        "border",
        "press",
        "secretary",
        "general",
        "secretary-general",
        "office",
        "committee",
        "council",
        "source",
        "sources",
        "military",
        "army",
        "government",
        "president",
        "deputy",
        "head",
        "chief",
        "commander",
        "representative",
        "representatives",
        "department",
        "police",
        "guards",
        "guard",
        "troops",
        "forces",
        "service's",
        "reports",
        "report",
        "outlet",
        "newspaper",
        "broadcaster",
        "channel",
        "television",
        "tv",
        "radio",
        "of",
        "the",
        "for",
        "and",
        "on",
        "in",
        "'s",
        "’s",
        "national",
        "security",
        "interior",
        "emergency",
        "emergencies",
        "situations",
        "regional",
        "local",
        "district",
        "provincial",
        "senior",
        "top",
        "diplomat",
        "diplomats",
        "envoy",
        "ambassador",
        "embassy",
        "ministers",
        "leader",
        "leaders",
        "observers",
        "monitors",
        "witnesses",
        "residents",
        "eyewitnesses",
        "analysts",
        "experts",
        "officer",
        "officers",
        "group",
        "militants",
        "fighters",
        "insurgents",
        "rebels",
        "statement",
    )
)
_STOP_LEAD = frozenset(["the", "of", "and", "for", "in", "on", "'s", "’s"])
_PRONOUNS = frozenset(
    ("he", "she", "they", "it", "we", "i", "him", "her", "them", "this", "that", "who", "which")
)
_STRIP_TAIL = re.compile(
    r"(?:\s+(?:also|earlier|later|previously|then|reportedly|again|further|has|had|have|had also"
    r"|in a statement|in a press release|at a (?:news|press) (?:conference|briefing)"
    r"|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|(?:on\s+)?(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\s+\d{1,2}(?:,\s*\d{4})?|on \d{1,2} \w+(?: \d{4})?|today|yesterday"
    r"|last \w+|this \w+))+\s*$"
)
_TOKEN = re.compile(r"[\w.’'-]+|[^\w\s]")

#: Cues of conflicting accounts (a claim_status of "disputed").
DISPUTE = re.compile(
    r"\b(?:den(?:ied|ies|y|ying|ial)|rejected (?:the |these |those )?(?:claims?|reports?"
    r"|allegations?|accusations?)|blam(?:ed|es|e|ing) (?:each other|one another|the other)"
    r"|accus(?:ed|es|e|ing) (?:each other|one another|the other)|each (?:side|party|country)"
    r" (?:blamed|accused)|both (?:sides|parties|countries) (?:blamed|accused)|traded "
    r"(?:accusations|blame)|mutual (?:accusations|recriminations)|conflicting (?:reports|accounts"
    r"|claims|information)|contradict(?:ed|s|ory)|disputed (?:the|this|that) (?:claim|account"
    r"|report)|false (?:claims?|reports?)|fake news|provocation by the (?:other|\w+) side)\b",
    re.IGNORECASE,
)
#: Hedges lower confidence ("some media reports say", "reportedly", "unconfirmed").
HEDGE = re.compile(
    r"\b(?:reportedly|allegedly|unconfirmed|could not be (?:independently )?(?:verified|confirmed)"
    r"|some (?:media )?reports|rumou?rs?|unverified|purportedly|is said to|are said to"
    r"|claimed to have)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Claimant:
    """A speaker phrase (sentence-relative offsets); ``pronoun`` when only "he/she/they"."""

    text: str
    start: int
    end: int
    pronoun: bool = False
    via: str | None = None


def _backward_np(text: str, end: int) -> tuple[int, int] | None:
    head = _STRIP_TAIL.sub("", text[:end])
    tokens = list(_TOKEN.finditer(head))
    start = None
    for tok in reversed(tokens):
        word = tok.group(0)
        low = word.lower()
        if word[0].isupper() or word[0].isdigit() or low in _ROLE or low.endswith(("’s", "'s")):
            if low in ("that", "and") and start is not None:
                break
            start = tok.start()
            continue
        if low in _PRONOUNS and start is None:
            return (tok.start(), tok.end())
        break
    if start is None:
        return None
    np_end = len(head.rstrip())
    # Drop leading function words.
    while True:
        m = re.match(r"(?:the|of|and|for|in|on|'s|’s)\s+", head[start:np_end], re.IGNORECASE)
        if not m or start + m.end() >= np_end:
            break
        start += m.end()
    return (start, np_end) if np_end > start else None


def _clean(who: str) -> str:
    who = re.sub(r"\s+", " ", who).strip(" ,.;:-–—")
    who = re.sub(r"^(?:the|a|an)\s+", "", who, flags=re.IGNORECASE)
    words = who.split()
    if len(words) > 12:
        who = " ".join(words[:12])
    return who


#: "according to updated data": an account, not who gives it.
_NOT_A_SOURCE = re.compile(
    r"(?:(?:the|updated|latest|preliminary|initial|new|official|available|some|unconfirmed"
    r"|local|early|other|these|those|all)\s+)*(?:data|information|figures|estimates|reports?"
    r"|accounts?|statistics|calculations|plans?|schedule|rules|law|agreement|treaty)",
    re.IGNORECASE,
)


def find_claimant(sentence: str) -> Claimant | None:
    """The speaker or source of a sentence, if it names one.

    >>> text = "“We will help,” said Russian Foreign Ministry spokeswoman Maria Zakharova."
    >>> find_claimant(text).text
    'Russian Foreign Ministry spokeswoman Maria Zakharova'
    >>> find_claimant("He said the border was calm.").pronoun
    True
    >>> find_claimant("Troops were deployed to the border.") is None
    True
    >>> find_claimant("The road, according to updated data, was blocked.") is None
    True
    """
    m = _ACCORDING.search(sentence)
    if m:
        who = _clean(re.split(r"\s+(?:that|who|which|as|on|in)\s+", m.group("who"))[0])
        if who and not _NOT_A_SOURCE.fullmatch(who):
            return Claimant(who, m.start("who"), m.start("who") + len(who))
    m = _QUOTED.search(sentence)
    if m:
        who = m.group("who")
        if who.lower() in _PRONOUNS:
            return Claimant(who, m.start("who"), m.end("who"), pronoun=True, via=m.group("via"))
        return Claimant(who, m.start("who"), m.end("who"), via=m.group("via"))
    m = _NAME_ROLE.search(sentence)
    if m:
        return Claimant(m.group("who"), m.start("who"), m.end("who"))
    m = _APPOSITIVE.search(sentence)
    if m:
        return Claimant(m.group("who"), m.start("who"), m.end("who"))
    m = _INVERTED.search(sentence)
    if m:
        parts = re.split(r"(\s+(?:that|who|which|as|on|in|at)\s+|\s*[“\"(])", m.group("who"))
        who = _clean(parts[0])
        rest = m.group("who")[len(parts[0]) :].strip()
        words = who.split()
        plausible = bool(words) and all(
            w[0].isupper() or w.lower() in _ROLE or w.lower().rstrip("’'s") in _ROLE for w in words
        )
        if (
            plausible
            and words[0].lower() not in _PRONOUNS
            and (not rest or rest[0] in ",.;" or re.match(r"(?:who|as|on|in|at)\b", rest))
        ):
            return Claimant(who, m.start("who"), m.start("who") + len(who))
    for m in _SPEECH.finditer(sentence):
        span = _backward_np(sentence, m.start())
        if span is None:
            continue
        who = sentence[span[0] : span[1]]
        if who.lower() in _PRONOUNS:
            return Claimant(who, span[0], span[1], pronoun=True)
        who_clean = _clean(who)
        if not who_clean or who_clean.lower() in _ROLE:
            continue
        if not any(w[0].isupper() for w in who_clean.split()) and not re.search(
            r"\b(?:media|officials|authorities|sources|ministry|service|agency|witnesses)\b",
            who_clean,
            re.IGNORECASE,
        ):
            continue
        return Claimant(who_clean, span[0], span[0] + len(who_clean))
    return None


# --- control claims --------------------------------------------------------------------

_FRACTIONS: dict[str, float | None] = {
    "two-thirds": 0.67, "two thirds": 0.67, "one-third": 0.33, "one third": 0.33,
    "a third": 0.33, "half": 0.5, "one-half": 0.5, "a quarter": 0.25, "one-quarter": 0.25,
    "one quarter": 0.25, "three-quarters": 0.75, "three quarters": 0.75, "all": 1.0,
    "the whole": 1.0, "the entire": 1.0, "most": 0.5, "the majority": 0.5, "much": 0.5,
    "a fifth": 0.2, "one-fifth": 0.2, "two-fifths": 0.4, "three-fifths": 0.6,
    "a large part": None, "large parts": None, "a significant part": None, "a major part": None,
    "the bulk": None, "swathes": None, "large swathes": None, "a large swathe": None,
    "parts": None, "part": None,
}  # fmt: skip
_FRACTION_QUAL = {"most": "more than", "the majority": "more than", "much": "about"}
_QUAL_CANON = {
    "some": "about",
    "around": "about",
    "roughly": "about",
    "nearly": "about",
    "almost": "about",
    "approximately": "about",
    "an estimated": "about",
    "close to": "about",
    "over": "more than",
    "well over": "more than",
}
_QUALS = (
    r"(?:about|around|nearly|almost|some|roughly|over|more than|at least|approximately"
    r"|close to|up to|an estimated|well over)"
)
_FRACTION_WORDS = "|".join(sorted(map(re.escape, _FRACTIONS), key=len, reverse=True))
_FRACTION = re.compile(
    rf"\b(?:(?P<qual>{_QUALS})\s+)?(?:(?P<frac>{_FRACTION_WORDS})"
    r"|(?P<pct>\d+(?:\.\d+)?)\s?(?:%|percent|per cent))(?:\s+of)?\s+(?P<obj>[^,.;]{2,80})",
    re.IGNORECASE,
)
_OBJ_NOUN = re.compile(
    r"\b(?P<noun>districts?|provinces?|regions?|villages?|towns?|settlements?|cities|positions"
    r"|posts|outposts|checkpoints|(?:border )?crossings?|territor(?:y|ies)|areas?|border"
    r"|frontier|square (?:kilometres|kilometers|miles)|km2|sq km|the country|(?:the )?north"
    r"|(?:the )?south)\b",
    re.IGNORECASE,
)
_KIND_OF_NOUN = {
    "district": "district", "province": "province", "region": "province", "village": "territory",
    "town": "territory", "settlement": "territory", "citie": "territory", "position": "territory",
    "post": "crossing", "outpost": "crossing", "checkpoint": "crossing", "crossing": "crossing",
    "border crossing": "crossing", "territory": "territory", "territorie": "territory",
    "area": "territory", "border": "border", "frontier": "border",
}  # fmt: skip


def _dem_alt() -> str:
    return "|".join(re.escape(w) for w in demonym_words())


_DYAD_RXS: list[tuple[re.Pattern[str], str]] = []


def _dyad_patterns() -> list[tuple[re.Pattern[str], str]]:
    if not _DYAD_RXS:
        dem = _dem_alt()
        _DYAD_RXS.extend(
            [
                (
                    re.compile(
                        rf"\b(?P<a>{dem})\s*[-–‑/]\s*(?P<b>{dem})\s+(?i:(?:state |common |shared "
                        rf"|international |de facto )?(?:border|frontier|boundary|line of "
                        rf"actual control|LAC))"
                    ),
                    "pair",
                ),
                (
                    re.compile(
                        rf"\b(?i:border|frontier|boundary)\s+between\s+(?:the\s+)?(?P<a>{dem})"
                        rf"\s+and\s+(?:the\s+)?(?P<b>{dem})\b"
                    ),
                    "pair",
                ),
                (
                    re.compile(
                        rf"\b(?i:border|frontier"
                        rf"|boundary)\s+of\s+(?P<a>{dem})\s+with\s+(?P<b>{dem})\b"
                    ),
                    "pair",
                ),
                (
                    re.compile(
                        rf"\b(?P<a>{dem})(?:'s|’s)\s+(?:\w+\s+){{0,2}}(?i:border|frontier)\s+with"
                        rf"\s+(?P<b>{dem})\b"
                    ),
                    "pair",
                ),
                (
                    re.compile(
                        rf"\b(?i:border|frontier|boundary)(?:\s+(?i:crossings?|posts?|checkpoints?"
                        rf"|points?|areas?|regions?"
                        rf"|districts?))?\s+with\s+(?:neighbo(?:u)?ring\s+)?"
                        rf"(?P<b>{dem})\b"
                    ),
                    "single",
                ),
                (re.compile(rf"\b(?P<b>{dem})\s+(?i:(?:state\s+)?border)\b"), "single"),
            ]
        )
    return _DYAD_RXS


_BORDER_WORDS = ("border", "frontier", "boundary", "line of actual control")
#: Where a name of a country's people can start: a word boundary, then one of their first letters.
_DEM_START: list[re.Pattern[str]] = []


def _dem_starts(sentence: str) -> list[int]:
    """Offsets in ``sentence`` where a demonym (see :func:`demonym_words`) could begin.

    >>> 15 in _dem_starts("Clashes on the Kyrgyz-Tajik border.")
    True
    """
    if not _DEM_START:
        first = "".join(sorted({w[0] for w in demonym_words()}))
        _DEM_START.append(re.compile(rf"\b[{re.escape(first)}]"))
    return [m.start() for m in _DEM_START[0].finditer(sentence)]


def _matches_from(rx: re.Pattern[str], sentence: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """``rx.finditer(sentence)`` for a pattern whose every match begins at one of ``starts``.

    Trying the pattern only there, not at every offset, is what makes it cheap:
    the patterns open with an alternation of a thousand demonyms.

    >>> rx = re.compile("Thai|Lao")
    >>> text = "Thai and Lao troops"
    >>> [m.group(0) for m in _matches_from(rx, text, [0, 5, 9, 13])]
    ['Thai', 'Lao']
    """
    pos = 0
    for start in starts:
        if start < pos:
            continue
        m = rx.match(sentence, start)
        if m is not None and m.end() > m.start():
            yield m
            pos = m.end()


@dataclass(frozen=True, slots=True)
class DyadMention:
    """A border named in a sentence, as a dyad; ``partial`` when only one side is stated."""

    start: int
    end: int
    text: str
    countries: tuple[str, ...]


def border_dyads(sentence: str) -> list[DyadMention]:
    """Borders named in a sentence, with the countries stated (one or two).

    >>> [(d.text, d.countries) for d in border_dyads("Clashes on the Kyrgyz-Tajik border.")]
    [('Kyrgyz-Tajik border', ('KG', 'TJ'))]
    >>> [d.countries for d in border_dyads("its border with Afghanistan")]
    [('AF',)]
    """
    low = sentence.lower()
    if not any(k in low for k in _BORDER_WORDS) and "LAC" not in sentence:
        return []
    starts: list[int] | None = None
    found: list[tuple[str, Iterable[re.Match[str]]]] = []
    for rx, kind in _dyad_patterns():
        if rx.pattern.startswith(r"\b(?P<a>") or rx.pattern.startswith(r"\b(?P<b>"):
            starts = _dem_starts(sentence) if starts is None else starts
            found.append((kind, _matches_from(rx, sentence, starts)))
        else:
            found.append((kind, rx.finditer(sentence)))
    return dyads_of_matches(found)


def dyads_of_matches(found: Iterable[tuple[str, Iterable[re.Match[str]]]]) -> list[DyadMention]:
    """Dyad mentions from each pattern's matches, in pattern order; earlier patterns win overlaps.

    ``found`` holds ``(kind, matches)`` per pattern of :func:`_dyad_patterns`.

    >>> rx = _dyad_patterns()[-1][0]
    >>> [d.countries for d in dyads_of_matches([("single", rx.finditer("the Thai border"))])]
    [('TH',)]
    """
    out: list[DyadMention] = []
    taken: list[tuple[int, int]] = []
    for kind, matches in found:
        for m in matches:
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            b = country_of_word(m.group("b"))
            if kind == "pair":
                a = country_of_word(m.group("a"))
                if a and b and a != b:
                    out.append(DyadMention(m.start(), m.end(), m.group(0), (a, b)))
                    taken.append((m.start(), m.end()))
            elif b:
                out.append(DyadMention(m.start(), m.end(), m.group(0), (b,)))
                taken.append((m.start(), m.end()))
    return sorted(out, key=lambda d: d.start)


def resolve_dyad(countries: tuple[str, ...], context: Callable[[str], str | None]) -> str | None:
    """A dyad name from one or two countries; ``context(b)`` supplies the missing side.

    >>> resolve_dyad(("TJ",), lambda b: "AF"), resolve_dyad(("KG", "TJ"), lambda b: None)
    ('AFG–TJK', 'KGZ–TJK')
    """
    if len(countries) == 2:
        return dyad(*countries)
    other = context(countries[0])
    return dyad(other, countries[0]) if other and other != countries[0] else None


def control_extent(sentence: str, trigger_end: int) -> dict[str, Any] | None:
    """The stated extent after a control/capture trigger: a fraction or a count, with its object.

    Returns ``{"fraction"|"count", "qualifier", "text", "noun", "obj_start", "obj_end"}``.

    >>> e = control_extent("the Taliban controls about two-thirds of the border", 19)
    >>> e["fraction"], e["qualifier"], e["text"]
    (0.67, 'about', 'about two-thirds')
    >>> e = control_extent("the Taliban seized dozens of districts", 18)
    >>> e["count"], e["qualifier"], e["noun"]
    (24, 'dozens', 'districts')
    >>> s = "Rebels entered the Munigi neighbourhood, about 9 km north of the centre."
    >>> control_extent(s, s.index(",")) is None
    True
    >>> control_extent("Troops seized 10 square kilometres of Armenian territory.", 13)["count"]
    10
    """
    window_end = min(len(sentence), trigger_end + 90)
    cut = _NEXT_PREDICATE.search(sentence, trigger_end, window_end)
    if cut is not None:
        window_end = cut.start()
    tail = sentence[trigger_end:window_end]
    m = _FRACTION.search(tail)
    if m and m.start() <= 25:
        obj = m.group("obj")
        noun = head_noun(obj)
        fraction: float | None
        if m.group("pct"):
            fraction = round(float(m.group("pct")) / 100, 2)
            frac_word = None
        else:
            frac_word = m.group("frac").lower()
            fraction = _FRACTIONS[frac_word]
            if fraction is None and noun is None:
                return None
        qual_word = (m.group("qual") or "").lower()
        qualifier = _QUAL_CANON.get(qual_word, qual_word or (_FRACTION_QUAL.get(frac_word or "")))
        text = tail[m.start() : m.start("obj")].strip()
        text = re.sub(r"\s+of$", "", text)
        return {
            "fraction": fraction,
            "qualifier": qualifier or ("vague" if fraction is None else None),
            "text": text,
            "noun": noun.group("noun").lower() if noun else None,
            "obj_start": trigger_end + m.start("obj"),
            "obj_end": trigger_end + m.end("obj"),
        }
    for q in find_quantities(sentence, trigger_end, window_end):
        if q.start - trigger_end > 30:
            break
        after = sentence[q.end : q.end + 40]
        if _DISTANCE_AFTER.match(after):
            continue  # "about 9 km north of the centre": how far, not how much is held
        noun = re.match(
            r"\s+(?:of\s+)?(?:the\s+)?(?:(?!of\b)[\w’'-]+\s+){0,2}?" + _OBJ_NOUN.pattern,
            after,
            re.IGNORECASE,
        )
        if noun:
            return {
                "count": q.value,
                "qualifier": q.qualifier,
                "text": sentence[q.start : q.end + noun.end()].strip(),
                "noun": noun.group("noun").lower(),
                "obj_start": q.end,
                "obj_end": q.end + noun.end(),
            }
    return None


#: A length that measures a distance ("9 km north of", "5 miles from"), not held ground
#: ("5 km of the road", "10 square kilometres").
_DISTANCE_AFTER = re.compile(
    r"\s*(?:km|kilomet(?:re|er)s?|miles?|met(?:re|er)s?|m)\b(?!\s+of\b|\s*(?:2|²))",
    re.IGNORECASE,
)


#: Where a coordinated second predicate starts ("... districts and currently controls ...").
_NEXT_PREDICATE = re.compile(
    r"\s+(?:and|while|but)\s+(?:[a-z]+ly\s+|now\s+|still\s+)*(?:controls?|controlled|holds?"
    r"|held|seized|captured|took|takes|occupied|occupies|has|have|had|is|are|was|were|now"
    r"|still|also|says|said)\b"
)


def head_noun(obj: str) -> re.Match[str] | None:
    """The head object noun of a phrase: the last of a run of nouns ("border districts").

    >>> head_noun("border districts of Badakhshan").group("noun")
    'districts'
    >>> head_noun("the border with Tajikistan").group("noun")
    'border'
    """
    found = None
    for m in _OBJ_NOUN.finditer(obj):
        if found is not None and obj[found.end() : m.start()].strip():
            break
        found = m
    return found


def control_extent_before(sentence: str, trigger_start: int) -> dict[str, Any] | None:
    """The extent stated before a passive control trigger ("half of the border is under ...").

    >>> e = control_extent_before("Half of the border with Pakistan is under Taliban control", 33)
    >>> e["fraction"], e["noun"]
    (0.5, 'border')
    """
    lo = max(0, trigger_start - 90)
    window = sentence[lo:trigger_start]
    last = None
    for m in _FRACTION.finditer(window):
        last = m
    if last is None:
        return None
    obj = re.split(
        r"\s+(?:is|are|was|were|has|have|had|remains?|remained|now|fell|came)\b", last.group("obj")
    )[0]
    noun = _OBJ_NOUN.search(obj)
    if noun is None:
        return None
    frac_word = (last.group("frac") or "").lower()
    if last.group("pct"):
        fraction: float | None = round(float(last.group("pct")) / 100, 2)
    else:
        fraction = _FRACTIONS[frac_word]
    qual_word = (last.group("qual") or "").lower()
    return {
        "fraction": fraction,
        "qualifier": _QUAL_CANON.get(qual_word, qual_word or _FRACTION_QUAL.get(frac_word)) or None,
        "text": window[last.start() : last.start("obj")].strip().removesuffix(" of").strip(),
        "noun": noun.group("noun").lower(),
        "obj_start": lo + last.start("obj"),
        "obj_end": lo + last.start("obj") + len(obj),
    }


def object_kind(noun: str | None) -> str:
    """Map an object noun ("districts", "border crossing") to an OBJECT_KINDS value.

    >>> object_kind("districts"), object_kind("border crossing"), object_kind(None)
    ('district', 'crossing', 'territory')
    """
    if not noun:
        return "territory"
    key = noun.lower()
    if key in _KIND_OF_NOUN:
        return _KIND_OF_NOUN[key]
    if key.endswith("s") and key[:-1] in _KIND_OF_NOUN:
        return _KIND_OF_NOUN[key[:-1]]
    if "crossing" in key:
        return "crossing"
    return "territory"
