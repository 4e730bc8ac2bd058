"""Actor mentions normalised to a short canonical name, with their home country.

Two layers, both documented here and nowhere else:

* the cited actor table ``geo/data/actors/actors.csv``
  (:mod:`geo.events.actor_table`) — named forces, services, armed groups,
  international organisations and missions (``CSTO``, ``Taliban``, ``M23``,
  ``UNIFIL``...) and their spellings; a state force named by its own name
  ("IDF", "Border Security Force") is its state's forces or border guards;
* armed groups no table lists, recognised by their form ("X Liberation
  Front", "47th Brigade": :data:`_GROUP_FORM`);
* rules over :mod:`geo.events.lexicon` demonyms and country names:

  - ``Kyrgyz border guards`` / ``Tajikistan's border service`` /
    ``border guards of Kyrgyzstan`` → ``"Kyrgyz border guards"``;
  - ``Russian troops|soldiers|army|military|servicemen|forces`` / ``troops of
    Russia`` → ``"Russian armed forces"`` (a table row marked
    ``country_forces`` renames a state's forces: Afghan → ``"Afghan government
    forces"``);
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

from geo.countries import CAPITALS
from geo.events.actor_table import ActorRow, load_actor_table
from geo.events.lexicon import COUNTRIES, country_of_word, demonym

#: Unknown armed groups recognised by their form: a capitalised name ending in a
#: group noun ("Patriotic Liberation Front", "Sahel Defence Brigade") or an
#: ordinal unit ("47th Mechanised Brigade"). Only used where the table has no row.
_GROUP_FORM = re.compile(
    r"\b(?!(?:The|A|An|This|That|Its|Their)\s)(?:[A-Z][\w'’-]+\s+){1,4}"
    r"(?:Liberation|Resistance|Patriotic|Revolutionary|Popular|Islamic|Defen[cs]e|Self-Defen[cs]e"
    r"|Mujahideen|Jihad|Rebel|Insurgent)\s+"
    r"(?:Front|Army|Movement|Forces?|Brigades?|Battalions?|Militia|Alliance|Group|Coalition)\b"
    r"|\b\d{1,3}(?:st|nd|rd|th)\s+(?:[A-Z][\w-]+\s+){0,2}"
    r"(?:Brigade|Battalion|Regiment|Division|Corps|Army|Front|Detachment)\b"
)


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
    r"|state department|foreign office|interior minister|foreign affairs ministry"
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


@functools.lru_cache(maxsize=1)
def _index() -> tuple[dict[str, list[tuple[str, str, str]]], re.Pattern[str]]:
    """First word → [(full phrase, ISO2, kind)], kind "name" | "dem" | "capital"; longest first."""
    index: dict[str, list[tuple[str, str, str]]] = {}

    def add(phrase: str, code: str, kind: str) -> None:
        index.setdefault(phrase.split()[0], []).append((phrase, code, kind))

    for code, (name, extra, demonyms) in COUNTRIES.items():
        for n in (name, *extra):
            add(n, code, "name")
        for d in demonyms:
            add(d, code, "dem")
    for cap, code in CAPITALS.items():
        add(cap, code, "capital")
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index, re.compile(r"\b[A-Z][\w.’'-]*")


_AFTER_BORDER = re.compile(rf"(?:'s|’s)?\s+(?:own\s+)?{_BORDER_NOUN}\b")
_AFTER_FORCE = re.compile(rf"(?:'s|’s)?\s+(?:own\s+)?{_FORCE_NOUN}\b")
_AFTER_GOV = re.compile(rf"(?:'s|’s)?\s+{_GOV_NOUN}\b")
_AFTER_STANCE = re.compile(rf"(?:'s|’s)\s+{_STANCE_NOUN}\b")
_AFTER_CIVIL = re.compile(rf"\s+{_CIVIL_NOUN}\b")
_AFTER_SUBJ = re.compile(rf"(?=\s+(?:(?i:on|last|this)\s+\w+\s+)?(?:\w+ly\s+)?{_SUBJ_VERB}\b)")
_BEFORE_OF = re.compile(
    rf"(?:(?P<border>{_BORDER_NOUN})|(?P<forces>{_FORCE_NOUN}))\s+of\s+"
    r"(?:the\s+(?:Republic\s+of\s+)?)?$"
)
_BEFORE_CIVIL = re.compile(rf"{_CIVIL_NOUN}\s+(?:of|from)\s+$")
_COORD_SEP = re.compile(r",\s*|,?\s+and\s+|\s*/\s*")
_CIVIL_FREE_RX = re.compile(rf"\b{_CIVIL_FREE}\b", re.IGNORECASE)
_CIVIL_FREE_WORDS = ("civilian", "resident", "villager", "refugee", "inhabitant", "local", "asylum")


def _table_mention(start: int, end: int, text: str, row: ActorRow) -> ActorMention:
    """The mention of a table actor: its own name, or its state's forces or border guards.

    >>> row = load_actor_table().by_name["Indo-Tibetan Border Police"]
    >>> _table_mention(0, 4, "ITBP", row).name
    'Indian border guards'
    """
    if row.generic in ("forces", "border") and row.country:
        kind = row.generic
        return ActorMention(start, end, text, _canonical(kind, row.country), kind, row.country)
    return ActorMention(start, end, text, row.name, "org", row.country)


def _canonical(kind: str, code: str | None) -> str:
    if code is None:
        return {"civilians": "Civilians", "civilians-free": "Civilians"}.get(kind, kind)
    if kind == "border":
        return f"{demonym(code)} border guards"
    if kind == "forces":
        return load_actor_table().country_forces.get(code, f"{demonym(code)} armed forces")
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
    table = load_actor_table()
    row = table.by_name.get(name)
    if row is not None:
        return (row.country or name) if row.is_state else name
    if name.startswith("Government of "):
        return country_of_word(name[len("Government of ") :]) or name
    if name.startswith("Civilians (") and name.endswith(")"):
        code = country_of_word(name[len("Civilians (") : -1])
        return f"civilians:{code}" if code else name
    for suffix in (" armed forces", " border guards"):
        if name.endswith(suffix):
            return country_of_word(name[: -len(suffix)]) or name
    return name


#: A possessive ending, cut from a word before it is looked up (compiled once).
_POSSESSIVE_END = re.compile(r"(?:'s|’s)$")


def _anchors(text: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """Country names, demonyms and capitals in text order: (start, end, ISO2, kind)."""
    index, capword = _index()
    out = []
    pos = start
    for m in capword.finditer(text, start, end):
        if m.start() < pos:
            continue
        word = m.group(0).rstrip(".")
        for key in dict.fromkeys((word, m.group(0), _POSSESSIVE_END.sub("", word))):
            entries = index.get(key)
            if not entries:
                continue
            for phrase, code, kind in entries:
                if text.startswith(phrase, m.start()):
                    e = m.start() + len(phrase)
                    if e < len(text) and (text[e].isalnum() or (text[e] == "-" and kind == "dem")):
                        continue
                    out.append((m.start(), e, code, kind))
                    pos = e
                    break
            break
    return out


def countries_named(text: str) -> set[str]:
    """ISO2 codes of every country name, demonym or capital in ``text``.

    >>> sorted(countries_named("Caracas said Colombian soldiers crossed"))
    ['CO', 'VE']
    """
    return {code for _s, _e, code, _k in _anchors(text, 0, len(text))}


def find_actors(text: str, start: int = 0, end: int | None = None) -> list[ActorMention]:
    """Every actor mention in ``text[start:end]``, in text order, longest match first.

    >>> [a.name for a in find_actors("Tajikistan's border service said 17 Afghan soldiers fled.")]
    ['Tajik border guards', 'Afghan government forces']
    >>> text = "Moscow is ready to help; Azerbaijani troops shelled Armenian positions."
    >>> [a.name for a in find_actors(text)]
    ['Government of Russia', 'Azerbaijani armed forces']
    >>> [a.name for a in find_actors("Russian, Uzbek and Tajik troops; servicemen of Kyrgyzstan")]
    ['Russian armed forces', 'Uzbek armed forces', 'Tajik armed forces', 'Kyrgyz armed forces']
    >>> [a.name for a in find_actors("clashes between troops of Eritrea and Ethiopia")]
    ['Eritrean armed forces', 'Ethiopian armed forces']
    """
    end = len(text) if end is None else end
    # (start, end, priority, group, mention)
    found: list[tuple[int, int, int, int, ActorMention]] = []
    table = load_actor_table()
    for order, hit in enumerate(table.find(text, start, end)):
        found.append(
            (hit.start, hit.end, order, -1, _table_mention(hit.start, hit.end, hit.text, hit.row))
        )
    for m in _GROUP_FORM.finditer(text, start, end):
        mention = ActorMention(m.start(), m.end(), m.group(0), m.group(0), "org", None)
        found.append((m.start(), m.end(), 50, -1, mention))
    anchors = _anchors(text, start, end)
    group_id = 0
    i = 0
    while i < len(anchors):
        # Coordination: "Kyrgyz and Tajik", "Russian, Uzbek and Tajik", "Kyrgyz/Tajik".
        chain = [anchors[i]]
        seps: list[str] = []
        j = i
        while j + 1 < len(anchors):
            sep = _COORD_SEP.match(text, chain[-1][1])
            if sep is None or sep.end() != anchors[j + 1][0]:
                break
            chain.append(anchors[j + 1])
            seps.append(sep.group(0))
            j += 1
        if seps and not re.search(r"and|/", seps[-1]):
            # a bare comma list without "and" is not a coordination
            chain, seps = chain[:1], []
            j = i
        g_end = chain[-1][1]
        kind = None
        noun_end = g_end
        for rx, k in (
            (_AFTER_BORDER, "border"),
            (_AFTER_FORCE, "forces"),
            (_AFTER_GOV, "government"),
            (_AFTER_CIVIL, "civilians"),
        ):
            m = rx.match(text, g_end, end)
            if m:
                kind, noun_end = k, m.end()
                break
        if kind is None and len(chain) == 1:
            m = _AFTER_STANCE.match(text, g_end, end)
            if m and chain[0][3] in ("name", "capital"):
                kind, noun_end = "government", m.end()
            elif chain[0][3] in ("name", "capital") and _AFTER_SUBJ.match(text, g_end, end):
                kind, noun_end = "government", g_end
        if kind is not None:
            group_id += 1
            s0 = chain[0][0]
            for n, (a_s, _a_e, code, _k) in enumerate(chain):
                mention = ActorMention(
                    a_s if n else s0,
                    noun_end,
                    text[s0:noun_end],
                    _canonical(kind, code),
                    kind,
                    code,
                )
                found.append((s0, noun_end, 100 + n, group_id, mention))
            i = j + 1
            continue
        # "border guards of Kyrgyzstan", "troops of Russia", "residents of Tajikistan".
        a_s, a_e, code, k = chain[0]
        if k == "name":
            window = text[max(start, a_s - 90) : a_s]
            m = _BEFORE_OF.search(window)
            kind2 = None
            if m:
                kind2 = "border" if m.group("border") else "forces"
            else:
                m = _BEFORE_CIVIL.search(window)
                kind2 = "civilians" if m else None
            if m is not None and kind2 is not None:
                s0 = a_s - len(window) + m.start()
                mention = ActorMention(s0, a_e, text[s0:a_e], _canonical(kind2, code), kind2, code)
                found.append((s0, a_e, 200, -1, mention))
                # "servicemen of Kyrgyzstan and Tajikistan": each coordinated state.
                for b_s, b_e, b_code, b_k in chain[1:]:
                    if b_k == "name" and b_code != code:
                        other = ActorMention(
                            b_s, b_e, text[b_s:b_e], _canonical(kind2, b_code), kind2, b_code
                        )
                        found.append((b_s, b_e, 200, -1, other))
                if len(chain) > 1:
                    i = j + 1
                    continue
        i += 1
    low = text[start:end].lower()
    if any(w in low for w in _CIVIL_FREE_WORDS):
        for m in _CIVIL_FREE_RX.finditer(text, start, end):
            mention = ActorMention(m.start(), m.end(), m.group(0), "Civilians", "civilians", None)
            found.append((m.start(), m.end(), 300, -1, mention))
    found.sort(key=lambda f: (f[0], -f[1], f[2]))
    out: list[ActorMention] = []
    taken_end = -1
    taken_group = None
    for s0, e0, _, group, mention in found:
        if s0 < taken_end:
            if group != -1 and group == taken_group:
                out.append(mention)
            continue
        out.append(mention)
        taken_end = e0
        taken_group = group if group != -1 else None
    return out
