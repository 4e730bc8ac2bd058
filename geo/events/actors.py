"""Actor mentions normalised to a short canonical name, with their home country.

Two layers, both documented here and nowhere else:

* :data:`ALIASES` — named organisations (``CSTO``, ``Taliban``, ``NATO``,
  ``Hezbollah``...) and their spellings;
* rules over :mod:`geo.events.lexicon` demonyms and country names:

  - ``Kyrgyz border guards`` / ``Tajikistan's border service`` /
    ``border guards of Kyrgyzstan`` → ``"Kyrgyz border guards"``;
  - ``Russian troops|soldiers|army|military|servicemen|forces`` / ``troops of
    Russia`` → ``"Russian armed forces"`` (:data:`FORCE_OVERRIDES` renames a
    few: Afghan → ``"Afghan government forces"``);
  - ``Tajik authorities|government|officials|foreign ministry|president`` or a
    country or capital used as a subject (``Russia said``, ``Moscow is ready``)
    → ``"Government of Tajikistan"``;
  - ``Tajik residents|civilians|villagers|refugees`` → ``"Civilians (Tajikistan)"``.

  Coordinations share the noun: ``Kyrgyz and Tajik border guards`` gives two actors.

>>> [(a.name, a.country) for a in find_actors("Clashes between Kyrgyz and Tajik border guards.")]
[('Kyrgyz border guards', 'KG'), ('Tajik border guards', 'TJ')]
>>> [a.name for a in find_actors("A checkpoint was captured by Taliban fighters.")]
['Taliban']
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from geo.events.lexicon import COUNTRIES, country_of_word, demonym, demonym_words

#: Named organisations: canonical name → (home country or None, regex alternatives).
ALIASES: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "Taliban": ("AF", (r"Taliban", r"Taleban", r"Islamic Emirate of Afghanistan")),
    "Afghan government forces": (
        "AF",
        (
            r"ANDSF",
            r"Afghan National (?:Defen[cs]e and )?Security Forces",
            r"Afghan National Army",
            r"Afghan (?:government|govt\.?|army|national|security|regular)"
            r"(?: (?:security|army|government))? (?:forces|troops|soldiers|servicemen|personnel)",
        ),
    ),
    "CSTO": (
        None,
        (
            r"CSTO",
            r"ODKB",
            r"Collective Security Treaty Organi[sz]ation",
            r"(?:Russia|Moscow)[- ]led (?:security |military )?(?:alliance|bloc)",
        ),
    ),
    "NATO": (None, (r"NATO", r"North Atlantic Alliance")),
    "United Nations": (None, (r"United Nations", r"UN(?= Security| peacekeep| mission)")),
    "UNIFIL": ("LB", (r"UNIFIL",)),
    "Islamic State": (None, (r"Islamic State", r"ISIS", r"ISIL", r"ISKP", r"IS-K", r"Daesh")),
    "Hezbollah": ("LB", (r"Hezbollah", r"Hizbollah", r"Hizbullah")),
    "Hamas": ("PS", (r"Hamas",)),
    "Israeli armed forces": ("IL", (r"IDF", r"Israel Defen[cs]e Forces")),
    "Chinese armed forces": ("CN", (r"PLA", r"People's Liberation Army")),
    "Rapid Support Forces": ("SD", (r"Rapid Support Forces", r"RSF")),
    "TPLF": ("ET", (r"TPLF", r"Tigray People's Liberation Front", r"Tigrayan forces")),
    "al-Shabaab": ("SO", (r"al-Shabaab", r"al-Shabab", r"Al Shabaab")),
    "Wagner Group": ("RU", (r"Wagner(?: Group| mercenaries)?",)),
    "Russian armed forces": ("RU", (r"201st (?:Russian )?(?:military )?base",)),
    "Islamic Movement of Uzbekistan": ("UZ", (r"Islamic Movement of Uzbekistan", r"IMU")),
    "Unidentified armed group": (
        None,
        (r"(?:unidentified|unknown) (?:gunmen|militants|attackers)",),
    ),
}

#: Demonym + force noun → canonical name, where the default "<Demonym> armed forces" is wrong.
FORCE_OVERRIDES: dict[str, str] = {"AF": "Afghan government forces"}

#: Capitals used as metonyms for their governments.
CAPITALS: dict[str, str] = {
    "Moscow": "RU", "Dushanbe": "TJ", "Bishkek": "KG", "Kabul": "AF", "Tashkent": "UZ",
    "Beijing": "CN", "New Delhi": "IN", "Islamabad": "PK", "Tehran": "IR", "Baku": "AZ",
    "Yerevan": "AM", "Tbilisi": "GE", "Kyiv": "UA", "Minsk": "BY", "Jerusalem": "IL",
    "Beirut": "LB", "Addis Ababa": "ET", "Khartoum": "SD", "Washington": "US", "Ankara": "TR",
    "Damascus": "SY", "Baghdad": "IQ", "Asmara": "ER", "Astana": "KZ", "Ashgabat": "TM",
}  # fmt: skip

_FORCE_NOUN = (
    r"(?i:(?:armed |security |government |regular |military |special |elite )*"
    r"(?:forces|troops|soldiers|servicemen|service ?members|army|military|army units|units"
    r"|paratroopers|commandos|special forces|reservists|marines|sailors|conscripts|recruits"
    r"|personnel|soldier|serviceman|troop|militaries|defen[cs]e forces|gunmen|fighters))"
    r"(?!\s+(?i:bases?|sites?|facilit|installations?|equipment|aid|assistance|hardware|exercises"
    r"|drills|spending|budgets?|vehicles|aircraft|presence|cooperation|ties|doctrine|experts?))"
)
_BORDER_NOUN = (
    r"(?i:(?:state )?border (?:guards?|guard service|troops|forces|police|service|units?|posts?"
    r"|guard units?|officers|detachments?)|frontier (?:guards|troops|forces|service)"
    r"|border service of the State Committee for National Security)"
)
_GOV_NOUN = (
    r"(?i:government|authorities|officials|leadership|president|prime minister|foreign minister"
    r"|defen[cs]e minister|foreign ministry|defen[cs]e ministry|ministry of defen[cs]e"
    r"|ministry of foreign affairs|interior ministry|security council|state committee"
    r"|national security committee|emergencies ministry|embassy|envoy|ambassador|diplomats?"
    r"|side|delegation|parliament|leader|officials|representatives?|delegates?|spokes(?:man|woman"
    r"|person)|military spokes(?:man|woman))"
)
_STANCE_NOUN = (
    r"(?i:obligations|commitments|offer|request|proposal|decision|position|readiness|pledge"
    r"|promise|plans?|warning|call|demands?|response|appeal|stance|policy|guarantees)"
)
_CIVIL_NOUN = (
    r"(?i:civilians|residents|villagers|refugees|families|inhabitants|locals|citizens"
    r"|nationals|population|people|children|women|migrants|asylum seekers|herders|farmers)"
)
_CIVIL_FREE = r"(?:civilians|residents|villagers|refugees|inhabitants|locals|asylum seekers)"
_SUBJ_VERB = (
    r"(?i:has|have|had|is|was|were|will|would|said|says|asked|requested|called|urged|deployed"
    r"|sent|activated|announced|accused|blamed|closed|opened|reopened|mobili[sz]ed|ordered"
    r"|appealed|agreed|denied|claimed|reported|warned|stated|rejected|offered|promised"
    r"|vowed|pledged|plans|threatened|on \w+ said|is ready|is prepared|stands ready|ready|prepared"
    r"|says|urges|calls|asks|wants|insists|warns|demands|accuses|denies|rejects|supports|offers"
    r"|expects|seeks|sought|seeking|requests|appeals|blames|claims|hosts|hosted|shelled|attacked"
    r"|fired|launched|moved|massed|sends|deploys|responded|retaliated|intends|hopes|believes"
    r"|considers|agrees|refused|refuses|condemned|condemns|protested)"
)


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor found in text: canonical name, kind and home country (ISO2 or ``None``)."""

    start: int
    end: int
    text: str
    name: str
    kind: str  # "org" | "forces" | "border" | "government" | "civilians"
    country: str | None


def _dem_alt() -> str:
    return "|".join(re.escape(w) for w in demonym_words())


@functools.lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    dem = _dem_alt()
    names = "|".join(
        re.escape(w)
        for w in sorted(
            {n for n, extra, _ in COUNTRIES.values() for n in (n, *extra)}, key=len, reverse=True
        )
    )
    caps = "|".join(re.escape(c) for c in sorted(CAPITALS, key=len, reverse=True))
    # "Kyrgyz and Tajik", "Russian, Uzbek and Tajik", "Kyrgyz/Tajik"; a bare comma list
    # without "and" is not a coordination ("into Tajikistan, Tajik officials").
    coord = (
        rf"(?P<dems>(?:{dem})(?:(?:,\s*(?:{dem}))*(?:,?\s+and\s+|\s*/\s*)(?:{dem}))?)"
    )
    out: list[tuple[re.Pattern[str], str]] = []
    for canonical, (_, alts) in ALIASES.items():
        rx = re.compile(r"\b(?:" + "|".join(alts) + r")(?:'s|’s)?(?:\b|(?<=\.))")
        out.append((rx, "alias:" + canonical))
    out.append((re.compile(rf"\b{coord}\s+{_BORDER_NOUN}\b"), "border"))
    out.append(
        (re.compile(rf"\b(?P<dems>{names})(?:'s|’s)\s+(?:own\s+)?{_BORDER_NOUN}\b"), "border")
    )
    out.append(
        (
            re.compile(
                rf"\b{_BORDER_NOUN}\s+of\s+(?:the\s+(?:Republic\s+of\s+)?)?(?P<dems>{names})\b"
            ),
            "border",
        )
    )
    out.append((re.compile(rf"\b{coord}\s+{_FORCE_NOUN}\b"), "forces"))
    out.append(
        (re.compile(rf"\b(?P<dems>{names})(?:'s|’s)\s+(?:own\s+)?{_FORCE_NOUN}\b"), "forces")
    )
    out.append(
        (
            re.compile(
                rf"\b{_FORCE_NOUN}\s+of\s+(?:the\s+(?:Republic\s+of\s+)?)?(?P<dems>{names})\b"
            ),
            "forces",
        )
    )
    out.append((re.compile(rf"\b{coord}\s+{_GOV_NOUN}\b"), "government"))
    out.append((re.compile(rf"\b(?P<dems>{names})(?:'s|’s)\s+{_GOV_NOUN}\b"), "government"))
    out.append(
        (
            re.compile(rf"\b(?P<dems>{names}|{caps})(?:'s|’s)\s+(?:{_STANCE_NOUN})\b"),
            "government",
        )
    )
    out.append((re.compile(rf"\b{coord}\s+{_CIVIL_NOUN}\b"), "civilians"))
    out.append((re.compile(rf"\b{_CIVIL_NOUN}\s+(?:of|from)\s+(?P<dems>{names})\b"), "civilians"))
    out.append((re.compile(rf"\b{_CIVIL_FREE}\b", re.IGNORECASE), "civilians-free"))
    out.append(
        (
            re.compile(
                rf"\b(?P<dems>{names}|{caps})(?=\s+(?:(?i:on|last|this)\s+\w+\s+)?(?:\w+ly\s+)?"
                rf"{_SUBJ_VERB}\b)"
            ),
            "government",
        )
    )
    return out


_SPLIT_DEMS = re.compile(r"\s*(?:,|\band\b|/)\s*")


def _canonical(kind: str, code: str | None) -> str:
    if code is None:
        return {"civilians": "Civilians", "civilians-free": "Civilians"}.get(kind, kind)
    if kind == "border":
        return f"{demonym(code)} border guards"
    if kind == "forces":
        return FORCE_OVERRIDES.get(code, f"{demonym(code)} armed forces")
    if kind == "government":
        from geo.events.lexicon import country_name

        return f"Government of {country_name(code)}"
    return f"Civilians ({_name(code)})"


def _name(code: str) -> str:
    from geo.events.lexicon import country_name

    return country_name(code)


def actor_side(name: str) -> str:
    """The side an actor stands for: its country for state actors, else its own name.

    >>> actor_side("Government of Russia") == actor_side("Russian armed forces") == "RU"
    True
    >>> actor_side("Taliban"), actor_side("Civilians (Tajikistan)")
    ('Taliban', 'civilians:TJ')
    """
    if name in ALIASES:
        home = ALIASES[name][0]
        if name in FORCE_OVERRIDES.values() or name.endswith("armed forces"):
            return home or name
        return name
    if name.startswith("Government of "):
        return country_of_word(name[len("Government of ") :]) or name
    if name.startswith("Civilians (") and name.endswith(")"):
        code = country_of_word(name[len("Civilians (") : -1])
        return f"civilians:{code}" if code else name
    for suffix in (" armed forces", " border guards"):
        if name.endswith(suffix):
            return country_of_word(name[: -len(suffix)]) or name
    for code, override in FORCE_OVERRIDES.items():
        if name == override:
            return code
    return name


def find_actors(text: str, start: int = 0, end: int | None = None) -> list[ActorMention]:
    """Every actor mention in ``text[start:end]``, in text order, longest match first.

    >>> [a.name for a in find_actors("Tajikistan's border service said 17 Afghan soldiers fled.")]
    ['Tajik border guards', 'Afghan government forces']
    >>> [a.name for a in find_actors("Moscow is ready to help; Azerbaijani troops shelled Armenian positions.")]
    ['Government of Russia', 'Azerbaijani armed forces']
    """
    end = len(text) if end is None else end
    found: list[tuple[int, int, int, ActorMention]] = []
    for order, (rx, kind) in enumerate(_patterns()):
        for m in rx.finditer(text, start, end):
            if kind.startswith("alias:"):
                name = kind[6:]
                code = ALIASES[name][0]
                found.append(
                    (
                        m.start(),
                        -m.end(),
                        order,
                        ActorMention(m.start(), m.end(), m.group(0), name, "org", code),
                    )
                )
                continue
            dems = m.groupdict().get("dems")
            if not dems:
                mention = ActorMention(
                    m.start(), m.end(), m.group(0), "Civilians", "civilians", None
                )
                found.append((m.start(), -m.end(), order, mention))
                continue
            offsets = []
            cursor = 0
            for piece in _SPLIT_DEMS.split(dems):
                if piece:
                    at = dems.index(piece, cursor)
                    offsets.append((piece, at))
                    cursor = at + len(piece)
            for i, (part, at) in enumerate(offsets):
                code = country_of_word(part) or CAPITALS.get(part)
                if code is None:
                    continue
                real_kind = "civilians" if kind == "civilians-free" else kind
                # The first of a coordination starts where the match starts.
                s = m.start("dems") + at if i else m.start()
                mention = ActorMention(
                    s, m.end(), m.group(0), _canonical(real_kind, code), real_kind, code
                )
                found.append((s if i == 0 else m.start(), -m.end(), order * 10 + i, mention))
    found.sort(key=lambda f: (f[0], f[1], f[2]))
    out: list[ActorMention] = []
    taken_end = -1
    group_start = -1
    for s, neg_end, _, mention in found:
        if s < taken_end and s != group_start:
            continue
        if s == group_start and out and out[-1].end == -neg_end and out[-1].name != mention.name:
            out.append(mention)
            continue
        if s < taken_end:
            continue
        out.append(mention)
        taken_end = -neg_end
        group_start = s
    return out
