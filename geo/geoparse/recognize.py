"""Find every place mention in a text: gazetteer matches, rules and spaCy NER, with vetoes.

Signals, in the order they are combined:

1. **Gazetteer**: capitalised word n-grams (folded) that are gazetteer
   names, longest match first ("Mazar-i-Sharif", "New York").
2. **Rules**: named borders ("the Tajik-Afghan border", "the border
   between Kyrgyzstan and Tajikistan"), named lines ("the Line of Control",
   "the Durand Line": whole names from :mod:`geo.geoparse.lines`), roads ("the Batken-Isfana road"),
   generic terms ("Kaldor district", "the town of Chukchuk"), numbered
   bases ("201st military base"), "Kyrgyz Republic", datelines
   ("MOSCOW (RIA Novosti):") and one-edit typos of country names.
3. **NER** (when a spaCy doc is given): GPE/LOC/FAC corroborate, PERSON/ORG
   veto; places NER finds that the gazetteer lacks become mentions too.

Vetoes: matches inside person names ("Stanislav Zas", and later a bare
"Zas"), inside organisation names ("RIA Novosti", "Radio Liberty"; a
country or admin-1 name inside one stays a mention: "Radio Free
Afghanistan"), demonyms ("Afghan"), month names, and common English words
("Police", "March") unless something corroborates them (NER, a locative
preposition, a generic term, a known sense as country/province).

>>> from geo.gazetteer import Gazetteer
>>> from geo.model import Place
>>> gaz = Gazetteer.from_places([
...     Place("adm0:TJ", "Tajikistan", 39, 71, "TJ", "country"),
...     Place("gn:2", "Police", 50.6, 15.9, "CZ", "populated_place", population=2000)])
>>> rec = recognize("Police said Tajikistan closed the Tajik-Afghan border.", gaz)
>>> [(m.text, m.kind) for m in rec.mentions]
[('Tajikistan', 'place'), ('Tajik-Afghan border', 'border')]
"""

from __future__ import annotations

import copy
import itertools
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass, field, replace
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from geo.geoparse.index import GazetteerLike, NameIndex, is_world_district, name_index
from geo.geoparse.lexicon import (
    APPOSITIVE_KINDS,
    ARABIC_ARTICLES,
    ARTICLE_PARTICLES,
    BORDER_FILLERS,
    BORDER_WORDS,
    CALENDAR_WORDS,
    CONNECTORS,
    COUNTRY_PRESS_NAMES,
    DEMONYMS,
    FACILITY_WORDS,
    GROUP_NAME_WORDS,
    LOCATIVE_PREPOSITIONS,
    MODIFIED_KIND_WORDS,
    MODIFIER_ORG_WORDS,
    NAME_KIND_MODIFIERS,
    NAME_KIND_SUFFIXES,
    ORG_WORDS,
    PEOPLE_NOUNS,
    PERSONAL_PREFIXES,
    PHYSICAL_HINTS,
    PLACE_KIND_WORDS,
    ROAD_WORDS,
    STOP_WORDS,
    TITLE_WORDS,
    TOPONYM_PREFIXES,
    US_STATE_ABBREVIATIONS,
    Abbreviation,
    dotted_abbreviations,
    is_common_word,
    load_abbreviations,
    word_commonness,
)
from geo.geoparse.lines import TRANSIT_WORDS, NamedLine, line_index
from geo.geoparse.tokens import Token, joinable, tokenize
from geo.names import GENERIC_TERMS, fold

#: Lower-case words inside a line's name ("Line *of* Control"), and head words that
#: may be lower case after a proper name ("the Oder–Neisse *line*").
_LINE_CONNECTORS = frozenset({"of", "the", "in", "de", "la"})
_LINE_HEADS = frozenset({"line", "border", "zone", "wall"})
#: NER labels that say "a place".
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: A town whose name is a common word ("Tyre", "Mobile") is a place mention when
#: listed beside another place and at least this populous.
LISTED_TOWN_POPULATION = 50_000
#: Lower-case words inside a name a lead word opens ("Isla de Margarita").
_NAME_CONNECTORS = frozenset({"de", "del", "da", "do", "dos", "das", "des", "di"})
#: A city this populous whose name starts with an article ("El Fasher") needs no
#: locative cue: it is the city, whatever NER calls it.
LED_CITY_POPULATION = 100_000
#: NER labels that say "not a place here" (a person, an organisation).
_NOT_PLACE_LABELS = frozenset({"PERSON", "ORG"})
#: Words that, followed by "of"/"from", put the next name in a location frame.
_RELATIVE_PLACE_WORDS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "north-east",
        "north-west",
        "south-east",
        "south-west",
        "northern",
        "southern",
        "eastern",
        "western",
        "km",
        "kms",
        "kilometres",
        "kilometers",
        "miles",
        "mile",
        "outskirts",
        "edge",
        "vicinity",
        "suburbs",
        "outside",
        "heart",
        "centre",
        "center",
    ]
)
#: A capitalised name that no gazetteer has is a place when the text frames it as
#: one: after "the village of", or before ", a village", "near Y", "N km from Y",
#: "in Y district" (Y itself a recognised place). The frame is the evidence.
_FRAME_BEFORE = re.compile(
    r"(?i:\b(?:village|villages|town|hamlet|settlement|locality|outpost|hill|hills|camp|area"
    r"|commune|neighbou?rhood|suburb|post|checkpoint|crossing|valley)\s+of\s+(?:the\s+)?"
    r"|\b(?:crossings?|checkpoints?|(?:border\s+)?posts?|outposts?|crossing\s+points?|gates?"
    r"|(?:army|military|naval|air)\s+bases?|positions?|(?:border|frontier)(?:\s+line)?)"
    r"\s+(?:at|in|near)\s+"
    r"|\b(?:spot|place|area|village|town|site|crossing|island|hill|post|point|position|base"
    r"|camp)\s+(?:(?:is|was)\s+(?:also\s+)?known\s+(?:locally\s+)?as|called|named)\s+"
    r"|\b(?:lies|lying|sits|sitting|located|situated)\s+between\s+"
    r"|(?<=,\s)opposite\s+)$"
)
#: Offices that head a municipality, district or province ("the mayor of X").
_UNIT_HEADS = frozenset({"mayor", "mayors", "governor", "governors", "prefect", "prefects"})
#: Another name of a place just named: "Pyla, known in Turkish as Pile", "El Arja,
#: known to Algerians as Laaroda", "Isla Portillos, which Costa Ricans call Isla
#: Calero" (the name before the comma must be a place mention).
_KNOWN_AS = re.compile(
    r",\s+(?:(?:also\s+)?known\s+(?:locally\s+|(?:in|to)\s+(?:[A-Z][\w'’-]+\s+){1,2})?as"
    r"|(?:which|that)\s+(?:[\w'’-]+\s+){0,3}?(?:also\s+|sometimes\s+|locally\s+|still\s+)?call)"
    r"\s+$"
)
#: Capitalised words that make a continent's name a region of it ("Southern Europe").
_PART_OF_CONTINENT = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central"}
)
#: A definite kind noun right before a "which locals call" frame ("The village, which ...").
_KIND_BEFORE_ALIAS = re.compile(
    r"\b(?:the|this|that)\s+(?:village|town|settlement|hamlet|city|crossing|post)$",
    re.IGNORECASE,
)
#: What may follow the kind noun of an appositive: punctuation, or a word that
#: goes on to place or describe it ("a village *in* ...", "a village *further*
#: back"), never a noun the kind word modifies ("Kunduz, a city *official* said",
#: "the resident district *commissioner*").
_APPOSITIVE_END = (
    r"(?=\s*(?:[,.;:)\]\u2014\u2013]|$)|\s+(?:in|on|near|of|at|to|for|that|which|where|whose|with"
    r"|facing|opposite|across|along|about|some|just|close|between|by|from|under|held"
    r"|controlled|run|north|south|east|west|northeast|northwest|southeast|southwest"
    r"|upstream|downstream|further|farther|deep|deeper|well|only|barely|roughly|around"
    r"|nearly|located|situated|known|now|still|home|populated|inhabited|surrounded"
    r"|perched|set|straddling|overlooking|bordering|lying|sitting|inside|within|beyond"
    r"|off|up|down|\d)\b)"
)
#: An appositive giving a name its kind: "Aato, a Somali border town", "Santa Rosa,
#: a river island in the Amazon", "the Sota, a tributary of the Niger".
_APPOSITIVE = re.compile(
    r",\s+(?:a|an|the)\s+(?:(?!(?:of|for|from|the|in|at|to|with|and|or|by|who|whose)\s)"
    r"(?:[a-z][\w'’-]*|[A-Z][a-z]+)\s+){0,3}?(?P<kind>"
    + "|".join(sorted((k.replace(" ", r"\s+") for k in APPOSITIVE_KINDS), key=len, reverse=True))
    + r")\b"
    + _APPOSITIVE_END
)
#: The same said with a verb: "Mongla is the only official crossing to China".
_COPULA = r"\s+(?:is|was|remains)\s+" + _APPOSITIVE.pattern.removeprefix(r",\s+").replace(
    "(?P<kind>", "(?:"
)
_FRAME_AFTER = re.compile(
    r"(?:"
    + _APPOSITIVE.pattern
    + r"|"
    + _COPULA
    + r"|,?\s+(?i:(?:near|outside|close\s+to|not\s+far\s+from|on\s+the\s+outskirts\s+of)\s+)"
    r"(?i:the\s+(?:(?:border|frontier|market|district|provincial)\s+)?(?:town|city|village)"
    r"\s+of\s+)?(?=[A-Z])"
    r"|\s+(?:lies|lay|sits|stands)\s+(?:on|in|near|along|at|just|close|across|\d)\b"
    r"|,\s*(?i:(?:about|some|roughly|around|nearly)\s+)?\d+(?:[.,]\d+)?\s*"
    r"(?i:km|kilometres|kilometers|miles)\b"
    r"|,?\s+in\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+(?i:territory|district"
    r"|province|region|county|governorate|state|prefecture|oblast|municipality|department)\b)"
)
#: Words after "border" that make it an agency or a post, not the line.
_BORDER_NOT_LINE = frozenset(
    [
        "service",
        "services",
        "guard",
        "guards",
        "guardsman",
        "guardsmen",
        "troops",
        "police",
        "force",
        "forces",
        "agency",
        "department",
        "committee",
        "detachment",
        "detachments",
        "unit",
        "units",
        "officer",
        "officers",
        "official",
        "officials",
        "post",
        "posts",
        "outpost",
        "outposts",
        "crossing",
        "crossings",
        "checkpoint",
        "checkpoints",
        "point",
        "points",
        "control",
        "patrol",
        "patrols",
        "security",
        "authorities",
        "authority",
        "regime",
        "village",
        "villages",
        "town",
        "towns",
        "city",
        "cities",
        "area",
        "areas",
        "region",
        "regions",
        "district",
        "districts",
        "zone",
        "zones",
        "dispute",
        "disputes",
        "issue",
        "issues",
    ]
)
_SECTION_FILLERS = frozenset(
    [
        "section",
        "sections",
        "stretch",
        "stretches",
        "part",
        "parts",
        "segment",
        "segments",
        "portion",
        "length",
        "of",
    ]
)
_SIDE_JOINERS = re.compile(r"\s*(?:[-‐‑–—/]|\s+and\s+)\s*|\s+and\s+")
_ORDINAL_RE = re.compile(r"\d+(?:st|nd|rd|th)$")
#: A dateline: an upper-case place, optional ", Country" and "(Agency)", then a colon or dash.
_DATELINE_RE = re.compile(
    r"(?:^|\n|\d\s|(?<=[.!?])[ \t]+)[ \t]*(?P<name>[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+){0,3}"
    # two filing places joined by a slash ("ISLAMABAD/NEW DELHI")
    r"(?:/[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+){0,3})?)"
    r"(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+){0,2})?"
    r"(?:,?\s+(?:\d{1,2}\s)?[A-Z][a-z]{2,8}\.?(?:\s\d{1,2})?)?"
    r"\s*(?:\((?P<agency>[^()\n]{1,40})\)\s*)?(?:[:—–]|-{1,2})\s"
)
_GENERIC_TWO_WORD = {k for k in GENERIC_TERMS if " " in k}
#: Every text before a space in those terms: a token not among them starts none of them.
_GENERIC_TWO_FIRST = frozenset(
    k[:i] for k in _GENERIC_TWO_WORD for i, c in enumerate(k) if c == " "
)
#: Unit words that, written as the last word of a district's own name ("Laurel
#: County", "Rapides Parish"), make the name say it is a unit.
UNIT_WORDS = frozenset(
    {"county", "district", "parish", "province", "governorate", "prefecture", "oblast"}
    | {"rayon", "upazila", "tehsil", "taluk", "municipality", "borough"}
)
#: A headline a dateline may follow in the same line is at most this long.
_HEADLINE_MAX = 200
_SENTENCE_END = re.compile(r"[.!?]\s")
#: "in" or ", of" right before a name inside an entity: the entity's seat
#: ("St. John's School in Lombard", "Bob Gibbs, of Lakeville").
_SEAT_BEFORE = re.compile(r"(?:\s+in|,\s*of)\s+$")
_STOPWORDS_CAP = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "his",
        "her",
        "their",
        "our",
        "we",
        "they",
        "he",
        "she",
        "i",
        "you",
        "in",
        "on",
        "at",
        "of",
        "for",
        "by",
        "with",
        "from",
        "and",
        "or",
        "but",
        "as",
    ]
)


@dataclass(frozen=True, slots=True)
class Mention:
    """One place mention found in a text, before resolution.

    ``kind`` is ``place`` (a named place), ``border`` (a state border; its
    ``sides`` are ISO alpha-2 codes), ``road`` (``components`` are the spans
    of the places it is named after) or ``facility``. ``key`` is the folded
    name looked up in the gazetteer; ``feature_hint`` comes from a generic
    term beside the name, whose extended span is ``ext_start``-``ext_end``.
    """

    start: int
    end: int
    text: str
    key: str
    kind: str = "place"
    source: str = "gazetteer"
    feature_hint: str | None = None
    ext_start: int | None = None
    ext_end: int | None = None
    sides: tuple[str, ...] = ()
    components: tuple[tuple[int, int], ...] = ()
    dateline: bool = False
    typo: bool = False


@dataclass(frozen=True, slots=True)
class Recognition:
    """The mentions of one text plus the context the resolver reads."""

    mentions: tuple[Mention, ...]
    #: (start, end, ISO alpha-2) of every demonym ("Afghan" -> AF).
    demonyms: tuple[tuple[int, int, str], ...] = ()
    #: Spans vetoed as (part of) person or organisation names.
    vetoed: tuple[tuple[int, int, str], ...] = field(default=())
    tokens: tuple[Token, ...] = field(default=(), repr=False)
    #: The recogniser as it stood before NER, to read the text again without NER
    #: (see :meth:`Pending.finish`); ``None`` when there is none.
    rules_only: Any = field(default=None, repr=False, compare=False)
    #: Gazetteer names and NER place entities recognition did not take as places,
    #: as (start, end, why): ``why`` is a key of ``geo.geoparse.DROP_REASONS``.
    dropped: tuple[tuple[int, int, str], ...] = field(default=(), compare=False)


@dataclass(slots=True)
class _Hit:
    i: int  # first token
    j: int  # last token + 1
    key: str
    feature_hint: str | None = None
    ext_end: int | None = None
    ext_start: int | None = None
    dateline: bool = False
    corroborated: bool = False
    #: ``gazetteer``; ``abbreviation`` (a short form from the abbreviations table,
    #: ``key`` the full name); ``particle`` (a name led by a particle or generic
    #: word whose whole is not in the gazetteer: "Ras Baalbek", "El Usra").
    source: str = "gazetteer"


#: Hyphens and dashes written between the parts of one name ("al-Fashaga").
_HYPHENS = frozenset("-‐‑–—")
#: What may follow "<Name>, ST" for ST to be a state or province symbol.
_AFTER_SYMBOL = re.compile(r"(?:[\s.,;:)\]\"'’”—–-]|$)")
_PARTY_BEFORE = re.compile(r"\(\s*[DRI]\s*[-–]\s*$")
_PARTY_AFTER = re.compile(r"\s*[),]")
#: Before a dotted state or province form: a capitalised name and a comma ("Macon, ").
_DOTTED_AFTER_PLACE = re.compile(r"[A-Z][\w'’.-]*,\s?$")
#: Before a dotted form in a party label: "(D-", ", R-".
#: The word right before a dotted form ("in " of "in B.C.").
_LAST_WORD = re.compile(r"\b([A-Za-z]+)\s+$")
_DOTTED_PARTY = re.compile(r"[(,]\s*[DRI]\s*[-–]\s*$")
_LEAD_WORDS = ARTICLE_PARTICLES | TOPONYM_PREFIXES
#: First words of a kind phrase after a name ("checkpoint", "border checkpoint").
_KIND_STARTS = (
    frozenset(NAME_KIND_SUFFIXES)
    | frozenset(k + "s" for k in NAME_KIND_SUFFIXES)
    | NAME_KIND_MODIFIERS
)
#: Prepositions after which a name NER calls a place is one ("in X", "near X"; not
#: "lost to X", "went to X", where X may be a team or a person).
_IN_WORDS = frozenset({"in", "at", "near", "inside", "outside", "into", "around", "across"})
#: Verbs in -s that may follow a list of names ("Muse and Chinshwehaw remains shut").
_VERBS_IN_S = frozenset(
    {"says", "remains", "lies", "sits", "stands", "shows", "sees", "gets", "holds",
     "makes", "takes", "was", "has", "does", "goes", "looks", "seems", "becomes"}
)  # fmt: skip
#: Words that may follow "<Name> state" when "state" is the province's generic word.
_AFTER_STATE = frozenset(
    {"in", "on", "at", "near", "of", "and", "or", "said", "says", "has", "have", "had",
     "is", "was", "where", "which", "that", "last", "this", "earlier", "to", "from",
     "since", "after", "before", "during", "officials", "authorities", "governor"}
)  # fmt: skip
#: Kind words that also follow a person's name ("the Trump camp", "his political base").
_PERSON_KINDS = frozenset({"camp", "base"})
#: Words before "<Name> <kind>" that make the name an owner, not the place's name:
#: "a Hezbollah post", "an Israeli base", "their Himalayan frontier".
_OWNER_WORDS = frozenset({"a", "an", "its", "their", "his", "her", "our", "my", "your"})
#: Every kind word, with those that need a modifier ("reception point").
_KIND_WORDS = frozenset(NAME_KIND_SUFFIXES) | MODIFIED_KIND_WORDS
#: NER labels under which a name is a people or a group ("Ossetian", "Hezbollah"), never a place.
_GROUP_LABELS = frozenset({"NORP"})


def _ents_from_doc(doc: object) -> list[tuple[int, int, str]]:
    ents = getattr(doc, "ents", None) or ()
    return [(e.start_char, e.end_char, e.label_) for e in ents]


#: (table, the table keyed by folded form): built once per abbreviations table, not per text.
_FOLDED_ABBREVIATIONS: list[tuple[object, dict[str, tuple[Abbreviation, ...]]]] = []


def _folded_abbreviations(
    table: dict[str, tuple[Abbreviation, ...]],
) -> dict[str, tuple[Abbreviation, ...]]:
    """The rows of the abbreviations ``table`` keyed by the folded form tokens see.

    >>> _folded_abbreviations(load_abbreviations())["uae"][0].name
    'United Arab Emirates'
    """
    if _FOLDED_ABBREVIATIONS and _FOLDED_ABBREVIATIONS[0][0] is table:
        return _FOLDED_ABBREVIATIONS[0][1]
    folded: dict[str, tuple[Abbreviation, ...]] = {}
    for form, rows in table.items():
        # "Miss." also keys the bare word, which tokens see ("Miss")
        key = fold(form[:-1]) if form.endswith(".") and form.count(".") == 1 else fold(form)
        folded[key] = folded.get(key, ()) + rows
    _FOLDED_ABBREVIATIONS[:] = [(table, folded)]
    return folded


class _Recognizer:
    """The state of recognising one text (tokens, hits, spans)."""

    def __init__(self, text: str, index: NameIndex, toks: Sequence[Token] = ()) -> None:
        self.text = text
        self.index = index
        self.toks = tuple(toks) if toks else tokenize(text)
        self.starts = [t.start for t in self.toks]
        self.use_ner = False
        self.ents: list[tuple[int, int, str]] = []
        self.demonym_at: dict[int, str] = {}
        self.superseded: set[int] = set()
        self.vetoed: list[tuple[int, int, str]] = []
        #: (start, end, why) of names not taken as places (see Recognition.dropped);
        #: ``early_dropped``: those set aside before :meth:`run` (short forms)
        self.dropped: list[tuple[int, int, str]] = []
        self.early_dropped: list[tuple[int, int, str]] = []
        self.find_demonyms()
        # demonyms are context, not places; month and weekday names and function
        # words (GeoNames has alternate names such as "The" and "In") never places
        self.raw_hits: list[_Hit] = [
            h
            for h in self.gazetteer_hits()
            if not (
                h.j - h.i == 1
                and (
                    h.i in self.demonym_at
                    or h.key in CALENDAR_WORDS
                    or (h.key in STOP_WORDS and not self.toks[h.i].upper)
                )
            )
        ]
        self.apply_abbreviations()
        self.lines = self.named_lines()
        if self.lines:  # "Blue" of "the Blue Line" is no place of its own
            spans = [(m.start, m.end) for m in self.lines]
            self.raw_hits = [
                h
                for h in self.raw_hits
                if not _overlaps(self.toks[h.i].start, self.toks[h.j - 1].end, spans)
            ]

    def named_lines(self) -> list[Mention]:
        """Whole names of de facto and historical lines (:mod:`geo.geoparse.lines`).

        "the Line of Actual Control", "the Durand line", "the Blue Line": every
        word capitalised, but a head word ("line") after a proper name; not before
        a transit word ("the Blue Line bus"). A short form ("LAC", "LoC") counts
        where the text names the line in full or one of its countries.
        """
        idx = line_index()
        toks, text = self.toks, self.text
        out: list[Mention] = []
        shorts: list[tuple[int, tuple[NamedLine, ...]]] = []
        k = 0
        while k < len(toks):
            t = toks[k]
            if t.in_url or not t.cap:
                k += 1
                continue
            if t.text in idx.by_short:
                shorts.append((k, idx.by_short[t.text]))
            if t.fold not in idx.first_words:
                k += 1
                continue
            found = None
            for n in range(min(idx.max_words, len(toks) - k), 0, -1):
                words = toks[k : k + n]
                if any(not joinable(text, a, b) for a, b in itertools.pairwise(words)):
                    continue
                key = " ".join(w.fold for w in words)
                if key in idx.by_name and self._line_cased(words):
                    found = n
                    break
            if found is None:
                k += 1
                continue
            end = k + found
            if end < len(toks) and toks[end].fold in TRANSIT_WORDS:
                k = end
                continue
            start_c, end_c = t.start, toks[end - 1].end
            key = " ".join(w.fold for w in toks[k:end])
            span = text[start_c:end_c]
            out.append(Mention(start_c, end_c, span, key, kind="line", source="line"))
            k = end
        if shorts:
            named = {m.key for m in out}
            codes = set(self.demonym_at.values())
            for h in self.raw_hits:
                if self.index.is_country(h.key):
                    codes.add(self.index.candidates(h.key)[0].place.country_code)
            taken = [(m.start, m.end) for m in out]
            for k, senses in shorts:
                t = toks[k]
                full = any(fold(name) in named for line in senses for name in line.names)
                named_country = any(c in codes for line in senses for c in line.countries)
                if (full or named_country) and not _overlaps(t.start, t.end, taken):
                    out.append(Mention(t.start, t.end, t.text, t.text, kind="line", source="line"))
        return sorted(out, key=lambda m: m.start)

    def _line_cased(self, words: Sequence[Token]) -> bool:
        """Whether a run of words is written as a line's name: capitalised words, connectors.

        A last head word may be lower case after a proper name ("the Durand line"), never
        after a common word ("a green line", "the front line").
        """
        for w in words[:-1]:
            if not (w.cap or w.fold in _LINE_CONNECTORS or w.text[0].isdigit()):
                return False
        last = words[-1]
        if last.cap or last.text[0].isdigit():
            return True
        return (
            len(words) > 1
            and last.fold in _LINE_HEADS
            and words[-2].cap
            and not is_common_word(words[-2].fold)
        )

    def ner_windows(self) -> list[tuple[int, int]]:
        """Sentences where NER could change a decision, as (start, end) character spans.

        A sentence needs NER when it has a gazetteer match that is not a
        country, admin-1 unit or curated place (a person? an organisation? a
        common word?), or an unknown capitalised word after a locative
        preposition (a place the gazetteer lacks?).
        """
        toks, index = self.toks, self.index
        flagged: list[int] = []
        for h in self.raw_hits:
            if index.is_strong(h.key):
                continue
            if h.j - h.i == 1 and toks[h.i].upper and len(h.key) <= 4:
                continue  # acronyms are dropped whatever NER says
            if is_common_word(h.key):
                continue  # kept only with a locative cue, which NER does not change
            flagged.append(toks[h.i].start)
        in_hit = set()
        for h in self.raw_hits:
            in_hit.update(range(h.i, h.j))
        for h in self.raw_hits:
            # a name listed beside a gazetteer name ("Bush and Steele", "Muse and
            # Chinshwehaw"): NER says whether the two are people or places
            if index.is_strong(h.key):
                continue  # "Kenya and ...": a country or province vouches for its list
            for side in (self.joined_before(h.i), self.joined_after(h.j)):
                if side is not None and not in_hit.issuperset(range(*side[0])):
                    flagged.append(toks[h.i].start)
                    break
        for k in range(1, len(toks)):
            t, prev = toks[k], toks[k - 1]
            if (
                t.cap
                and not t.sent_start
                and not t.in_url
                and not t.upper
                and k not in in_hit
                and k not in self.demonym_at
                and prev.fold in LOCATIVE_PREPOSITIONS
                and not prev.cap
                and t.fold not in ORG_WORDS
                and t.fold not in CALENDAR_WORDS
                and t.fold not in _STOPWORDS_CAP
            ):
                flagged.append(t.start)
            elif (
                t.fold in _PERSON_KINDS
                and prev.cap
                and k - 1 not in in_hit
                and not prev.in_url
                and joinable(self.text, prev, t)
            ):
                flagged.append(prev.start)  # "the Trump camp": NER says whose, or which
        if not flagged:
            return []
        windows: list[tuple[int, int]] = []
        for start, end in sentence_spans(self.text):
            if any(start <= f < end for f in flagged):
                if windows and windows[-1][1] >= start - 1:
                    windows[-1] = (windows[-1][0], end)
                else:
                    windows.append((start, end))
        return windows

    def snapshot(self) -> _Recognizer:
        """A copy of this recogniser in its present state that :meth:`run` on either leaves alone.

        Its hits and containers are its own; the text, index, tokens and token starts
        (never changed) are shared. Cheaper than recognising the text again (about half
        the time).
        """
        memo: dict[int, Any] = {id(x): x for x in (self.index, self.toks, self.text, self.starts)}
        clone = copy.deepcopy(self, memo)
        # hits are told apart by identity: the copy's set names the copied hits
        clone.superseded = {id(memo[i]) if i in memo else i for i in self.superseded}
        return clone

    # --- token helpers -------------------------------------------------------

    def tok_range(self, start: int, end: int) -> tuple[int, int]:
        """Token indices [i, j) covering the characters [start, end)."""
        i = bisect_left(self.starts, start)
        if i > 0 and self.toks[i - 1].end > start:
            i -= 1
        j = bisect_left(self.starts, end)
        return i, j

    def is_demonym(self, k: int) -> bool:
        return k in self.demonym_at

    def prev_word(self, k: int) -> Token | None:
        return self.toks[k - 1] if k > 0 else None

    def gap(self, a: int, b: int) -> str:
        """Text between token a's end and token b's start."""
        return self.text[self.toks[a].end : self.toks[b].start]

    # --- 1. gazetteer n-grams ------------------------------------------------

    def gazetteer_hits(self) -> list[_Hit]:
        toks = self.toks
        n = len(toks)
        hits: list[_Hit] = []
        i = 0
        while i < n:
            t = toks[i]
            # a lead word spaced from the name must not be an English word ("As",
            # "At", "Do") nor capitalised only by a title-case line
            lead = (
                t.fold in _LEAD_WORDS
                and not t.in_url
                and (
                    self.hyphen_name_after(i)
                    or (t.fold not in STOP_WORDS and not t.headline and not t.upper)
                )
            )
            if t.in_url or not (t.cap or (lead and self.hyphen_name_after(i))):
                i += 1
                continue
            best, key = self.longest_at(i)
            if lead:
                run_end = self.name_after_lead(i)
                if run_end is not None and best < 2:
                    hit = self.lead_hit(i, run_end)
                    if hit is not None:
                        hits.append(hit)
                    i = run_end
                    continue
            if best:
                hit = _Hit(i, i + best, key)
                self._strip_generic(hit)
                hits.append(hit)
                i += best
            else:
                i += 1
        return hits

    def longest_at(self, i: int) -> tuple[int, str]:
        """(tokens, key) of the longest gazetteer name starting at token i ((0, "") if none)."""
        toks, index, text = self.toks, self.index, self.text
        n = len(toks)
        best = 0
        key = toks[i].fold
        if key in index:
            best = 1
        parts = [key]
        for k in range(i + 1, min(n, i + index.max_words)):
            u = toks[k]
            if u.in_url or not joinable(text, toks[k - 1], u):
                break
            trailing = not u.cap and (
                u.fold in ROAD_WORDS or u.fold in GENERIC_TERMS or u.fold in FACILITY_WORDS
            )
            if (
                not u.cap
                and u.fold not in CONNECTORS
                and u.fold not in ARTICLE_PARTICLES
                and not trailing
            ):
                break
            parts.append(u.fold)
            if u.cap or trailing:
                cand = " ".join(parts)
                if cand in index:
                    best = k - i + 1
                    key = cand
        return best, (key if best else "")

    def hyphen_name_after(self, k: int) -> bool:
        """Whether token k is joined by a hyphen to a capitalised word ("al-Fashaga")."""
        toks = self.toks
        return (
            k + 1 < len(toks)
            and toks[k + 1].cap
            and self.text[toks[k].end : toks[k + 1].start] in _HYPHENS
        )

    def name_after_lead(self, i: int) -> int | None:
        """End token of the name a particle or generic word at token i leads, or ``None``.

        "al-Fashaga", "El Usra", "Jebel Abu Tuyour", "Deir ez-Zor": up to four
        words after the lead, capitalised or particles hyphenated to one.
        """
        toks, text = self.toks, self.text
        j = i + 1
        while j < len(toks) and j - i <= 4:
            u = toks[j]
            if u.in_url or not joinable(text, toks[j - 1], u):
                break
            if (
                not u.cap
                and u.fold in _NAME_CONNECTORS
                and j + 1 < len(toks)
                and toks[j + 1].cap
                and joinable(text, u, toks[j + 1])
            ):
                j += 1  # "Isla de Margarita", "Cerro del Cristo"
                continue
            if not u.cap and not (u.fold in ARTICLE_PARTICLES and self.hyphen_name_after(j)):
                break
            if u.fold in TITLE_WORDS or u.fold in CALENDAR_WORDS or u.fold in ORG_WORDS:
                break
            if (u.fold in _STOPWORDS_CAP or j in self.demonym_at) and u.cap:
                break
            if u.upper and len(u.text) <= 3:
                break
            j += 1
        while j > i + 1 and not toks[j - 1].cap:
            j -= 1
        return j if j > i + 1 else None

    def lead_hit(self, i: int, end: int) -> _Hit | None:
        """The hit of a name led by a particle or generic word that is not in the gazetteer whole.

        After an Arabic article the rest is the same name ("al-Fashaga" is
        Fashaga), so the rest's gazetteer name is the key, over the whole span;
        otherwise the whole span is an unknown name (``source="particle"``),
        never the lead word or the rest on its own.
        """
        toks = self.toks
        if toks[i].fold in ARABIC_ARTICLES:
            best, key = self.longest_at(i + 1)
            if best and i + 1 + best == end:
                return _Hit(i, end, key)
        span = self.text[toks[i].start : toks[end - 1].end]
        return _Hit(i, end, fold(span), source="particle")

    # --- short forms ---------------------------------------------------------------

    def kind_word_at(self, k: int) -> bool:
        """Whether token k is a lower-case word naming a kind of place ("canal", "village")."""
        u = self.toks[k]
        return not u.cap and (
            u.fold in ROAD_WORDS or u.fold in GENERIC_TERMS or u.fold in FACILITY_WORDS
        )

    def office_of(self, h: _Hit) -> bool:
        """Whether the name follows the office of a unit's head: "the mayor of Gran Sabana".

        A mayor, governor or prefect heads a municipality, province or district,
        so the name is that unit even where the text gives no unit word.
        """
        toks = self.toks
        return (
            h.i >= 2
            and toks[h.i - 1].fold == "of"
            and not toks[h.i - 2].cap
            and toks[h.i - 2].fold in _UNIT_HEADS
        )

    def names_a_group(self, k: int) -> bool:
        """Whether a group word ends the name run that starts at token k ("Cartel").

        "the Sinaloa Cartel", "the Jalisco New Generation Cartel", "the Jalisco New
        Generation and Sinaloa cartels": the place names the group, not a location.

        >>> from geo.gazetteer import Gazetteer
        >>> from geo.geoparse.index import name_index
        >>> r = _Recognizer("the Sinaloa Cartel and violence in Sinaloa state",
        ...                 name_index(Gazetteer.from_places([])))
        >>> [r.names_a_group(k) for k in (2, 6)]
        [True, False]
        """
        toks = self.toks
        for _ in range(5):
            if k >= len(toks):
                return False
            t = toks[k]
            if t.fold in GROUP_NAME_WORDS:
                return True
            if not (t.cap or t.fold == "and") or t.in_url:
                return False
            k += 1
        return False

    def place_kind_follows(self, k: int) -> bool:
        """Whether a lower-case generic term of places starts at token k.

        "the Silene road crossing", "Moulhoule village": a name NER calls a
        person is a place when its kind word follows it. Words that follow
        people's names as well ("the Biden camp", "Smith station") are not
        generic terms.

        >>> from geo.gazetteer import Gazetteer
        >>> from geo.geoparse.index import name_index
        >>> r = _Recognizer("closed the Silene road crossing and the Biden camp",
        ...                 name_index(Gazetteer.from_places([])))
        >>> [r.place_kind_follows(k) for k in (3, 8)]
        [True, False]
        """
        toks = self.toks
        if k >= len(toks) or toks[k].cap:
            return False
        if toks[k].fold in GENERIC_TERMS:
            return True
        return (
            toks[k].fold in ("road", "border", "rail")
            and k + 1 < len(toks)
            and not toks[k + 1].cap
            and toks[k + 1].fold in GENERIC_TERMS
        )

    def caps_line(self, k: int) -> bool:
        """Whether token k stands on a line written in capitals (a shouted headline)."""
        text, t = self.text, self.toks[k]
        a = text.rfind("\n", 0, t.start) + 1
        b = text.find("\n", t.end)
        b = len(text) if b < 0 else b
        words = [w for w in re.findall(r"[^\W\d_]{2,}", text[a:b])]
        return len(words) >= 3 and sum(w.isupper() for w in words) / len(words) >= 0.6

    def abbreviation_fits(self, k: int, row: Abbreviation) -> bool:
        """Whether token k is written and placed as ``row`` requires (its contexts)."""
        toks, text = self.toks, self.text
        t = toks[k]
        if t.text != row.abbreviation or t.in_url:
            return False
        prev = toks[k - 1] if k > 0 else None
        for ctx in row.contexts:
            if ctx == "upper" and not self.caps_line(k):
                return True
            if (
                ctx == "the_upper"
                and prev is not None
                and prev.fold == "the"
                and text[prev.end : t.start] == " "
                and not self.caps_line(k)
            ):
                return True
            if (
                ctx == "after_place"
                and prev is not None
                and prev.cap
                and not prev.upper
                and re.fullmatch(r" ?, ?", text[prev.end : t.start])
                and _AFTER_SYMBOL.match(text, t.end)
                and not (k + 1 < len(toks) and toks[k + 1].cap and self.gap(k, k + 1) == " ")
            ):
                return True
            if (
                ctx == "party"
                and _PARTY_BEFORE.search(text, max(0, t.start - 6), t.start)
                and _PARTY_AFTER.match(text, t.end)
            ):
                return True
        return False

    def abbreviation_key(self, row: Abbreviation) -> str:
        return fold(row.name)

    def apply_abbreviations(self) -> None:
        """Short forms from the abbreviations table, only where their context holds.

        A fitting form becomes a hit keyed by the full name ("TX" in "Austin,
        TX" is Texas; "the EU"); a gazetteer match of a form that does not fit
        ("Car", "CAR BOMB", "Us") is no place.
        """
        folded = _folded_abbreviations(load_abbreviations())
        single = {h.i: h for h in self.raw_hits if h.j - h.i == 1}
        inside = {k for h in self.raw_hits if h.j - h.i > 1 for k in range(h.i, h.j)}
        drop: set[int] = set()
        added = self.dotted_abbreviation_hits(single, inside, drop)
        for k, t in enumerate(self.toks):
            rows = folded.get(t.fold)
            if rows is None or k in inside or t.in_url:
                continue
            rows = tuple(r for r in rows if r.kind != "combining_form")
            # dotted forms ("Miss.") were fitted in the text; here they only refuse
            fit = next(
                (r for r in rows if "." not in r.abbreviation and self.abbreviation_fits(k, r)),
                None,
            )
            hit = single.get(k)
            if fit is None:
                if t.text.isalpha() and hit is not None and self._names_row_place(hit.key, rows):
                    drop.add(id(hit))
                    self.early_dropped.append((t.start, t.end, "short form"))
                continue
            key = self.abbreviation_key(fit)
            hint = fit.kind if fit.kind in ("country", "admin1") else None
            if hit is None:
                hit = _Hit(k, k + 1, key)
                added.append(hit)
            hit.key, hit.source, hit.corroborated = key, "abbreviation", True
            if hint is not None and hit.feature_hint is None:
                hit.feature_hint = hint
        if drop or added:
            kept = [h for h in self.raw_hits if id(h) not in drop]
            self.raw_hits = sorted([*kept, *added], key=lambda h: h.i)

    def dotted_abbreviation_hits(
        self, single: dict[int, _Hit], inside: set[int], drop: set[int]
    ) -> list[_Hit]:
        """Short forms written with periods ("Macon, Ga.", "D-W. Va."), found in the text.

        Only after "<Name>, " (a dateline's upper-case name too) or in a party label
        ("(D-S.C.)", ", R-Ga.,"); the single tokens the form covers are replaced
        (their ids go into *drop*); a form inside a longer name is left alone.
        """
        found = dotted_abbreviations()
        if found is None or "." not in self.text:
            return []
        rx, rows = found
        toks, text = self.toks, self.text
        starts = self.starts
        out: list[_Hit] = []
        for m in rx.finditer(text):
            row = rows[m.group(0).replace(" ", "")]
            before = text[max(0, m.start() - 40) : m.start()]
            fits = (
                "after_place" in row.contexts
                and _DOTTED_AFTER_PLACE.search(before) is not None
                and _AFTER_SYMBOL.match(text, m.end()) is not None
            ) or ("party" in row.contexts and _DOTTED_PARTY.search(before) is not None)
            if not fits and row.abbreviation.count(".") >= 2 and row.kind == "admin1":
                # "In B.C., up to 20 cm", "across N.Y.": initials with periods are no word
                prev = _LAST_WORD.search(before)
                fits = prev is not None and prev.group(1).lower() in LOCATIVE_PREPOSITIONS
            if not fits:
                if m.group(0)[:1].isupper():
                    self.early_dropped.append((m.start(), m.end(), "short form"))
                continue
            i = bisect_left(starts, m.start())
            j = bisect_left(starts, m.end())
            if i >= j or any(k in inside or toks[k].in_url for k in range(i, j)):
                continue
            for k in range(i, j):
                if k in single:
                    drop.add(id(single[k]))
            out.append(
                _Hit(
                    i,
                    j,
                    fold(row.name),
                    feature_hint=row.kind if row.kind == "admin1" else None,
                    corroborated=True,
                    source="abbreviation",
                )
            )
        return out

    def _names_row_place(self, key: str, rows: Sequence[Abbreviation]) -> bool:
        """Whether the best sense of ``key`` is the country or province a row names."""
        cands = self.index.candidates(key)
        if not cands:
            return False
        place = cands[0].place
        return any(
            place.country_code == r.country and place.feature in ("country", "admin1") for r in rows
        )

    def _strip_generic(self, hit: _Hit) -> None:
        """A whole match such as "Tigray Region": the name is "Tigray", "region" the hint."""
        if hit.j - hit.i < 2:
            return
        last = self.toks[hit.j - 1]
        feature = GENERIC_TERMS.get(last.fold)
        if feature is None or feature == "country" or last.upper:
            return
        shorter = " ".join(t.fold for t in self.toks[hit.i : hit.j - 1])
        if shorter in self.index and self.toks[hit.j - 2].cap:
            hit.j -= 1
            hit.key = shorter
            hit.feature_hint = feature
            hit.ext_end = last.end
            hit.corroborated = True

    # --- 2. demonyms ------------------------------------------------------------

    def find_demonyms(self) -> None:
        toks = self.toks
        k = 0
        while k < len(toks):
            t = toks[k]
            if not t.cap or t.in_url:
                k += 1
                continue
            # multi-word demonyms first ("South Sudanese", "Papua New Guinean")
            for n in (3, 2):
                if (
                    k + n > len(toks)
                    or not toks[k + 1].cap  # most names: no generator, no slice
                    or not all(x.cap for x in toks[k : k + n])
                ):
                    continue
                code = DEMONYMS.get(" ".join(x.fold for x in toks[k : k + n]))
                if code is not None:
                    for x in range(k, k + n):
                        self.demonym_at[x] = code
                    k += n
                    break
            else:
                code = DEMONYMS.get(t.fold)
                if (
                    code is not None
                    and not (t.upper and len(t.text) <= 3)
                    and not self.country_named(t.fold)
                ):
                    self.demonym_at[k] = code
                k += 1
        # combining forms before a hyphen and a demonym: "Sino-Indian", "Indo-Pakistani"
        table = load_abbreviations()
        for k, t in enumerate(toks[:-1]):
            for row in table.get(t.text, ()):
                if (
                    "before_hyphen" in row.contexts
                    and self.text[t.end : toks[k + 1].start] in _HYPHENS
                    and (k + 1) in self.demonym_at
                ):
                    self.demonym_at[k] = row.country

    def state_after(self, h: _Hit) -> bool:
        """Whether a lower-case "state" after a (non-country) name makes it a province.

        "a town in Roraima state", "Kassala state said"; not "a Kenya state
        visit", "Yemen state television" (a noun after "state" is what it modifies).
        """
        toks, k = self.toks, h.j
        if k >= len(toks) or toks[k].fold != "state" or toks[k].cap:
            return False
        if self.index.is_country(h.key) or not joinable(self.text, toks[k - 1], toks[k]):
            return False
        if k + 1 >= len(toks) or not joinable(self.text, toks[k], toks[k + 1]):
            return True
        nxt = toks[k + 1]
        return nxt.cap or nxt.fold in _AFTER_STATE

    def city_named(self, key: str) -> bool:
        """Whether ``key`` is the main name of a city of :data:`LED_CITY_POPULATION` or more.

        A lone word NER calls a person is such a city ("Tallinn called the
        operation a provocation", "militants stormed Palma"); a city that has
        the word only as another name ("Boni" for Bonn) does not count.
        """
        return any(
            c.place.population >= LED_CITY_POPULATION and fold(c.place.name) == key
            for c in self.index.candidates(key)
        )

    def after_name_particles(self, i: int) -> bool:
        """Whether token ``i`` follows a capitalised word and one or two lower-case particles.

        "Ursula von der Leyen", "Jaish al-Adl", "Leonardo da Vinci": the word is
        the end of a longer name (a person's, a group's), not a place on its own,
        when the gazetteer does not know the longer name whole.

        >>> from geo.gazetteer import Gazetteer
        >>> r = _Recognizer("Ursula von der Leyen met officials in Vinci.",
        ...                 name_index(Gazetteer.from_places([])))
        >>> r.after_name_particles(3), r.after_name_particles(7)
        (True, False)
        >>> r = _Recognizer("Jaish al-Adl, known to Algerians as Laaroda.",
        ...                 name_index(Gazetteer.from_places([])))
        >>> r.after_name_particles(2), r.after_name_particles(7)
        (True, False)
        """
        toks = self.toks
        k = i - 1
        while k >= 0 and i - k <= 2 and not toks[k].cap and toks[k].fold in ARTICLE_PARTICLES:
            if not joinable(self.text, toks[k], toks[k + 1]):
                return False
            if toks[k].fold in ARABIC_ARTICLES and self.gap(k, k + 1) not in _HYPHENS:
                return False  # "known to Algerians as Laaroda": "as" is English there
            k -= 1
        return (
            k < i - 1
            and k >= 0
            and toks[k].cap
            and toks[k].fold not in _STOPWORDS_CAP
            and joinable(self.text, toks[k], toks[k + 1])
        )

    def people_named(self, h: _Hit) -> bool:
        """Whether a lone name is a people's, not the province it is another name of.

        "ethnic Karen fighters", "Karen sources": a word that is only another
        name of a province (Kayin State is "Karen State" too), with no kind
        word, before a noun of people (:data:`PEOPLE_NOUNS`) or after "ethnic",
        names the people; so does a word that is only another spelling of small
        towns' names ("Nuer fighters": "Nu'er" is a Chinese village). A place's
        own name stays a place ("Tigray forces"), and so does a city's other name.

        >>> from geo.gazetteer import Gazetteer
        >>> from geo.geoparse.index import name_index
        >>> from geo.model import Place
        >>> kayin = Place("a", "Kayin", 17.1, 97.8, "MM", "admin1", alt_names=("Karen",))
        >>> idx = name_index(Gazetteer.from_places([kayin]))
        >>> r = _Recognizer("Karen fighters took Kayin. Kayin fighters rested.", idx)
        >>> [r.people_named(_Hit(i, i + 1, r.toks[i].fold)) for i in (0, 5)]
        [True, False]
        """
        toks = self.toks
        if h.j - h.i != 1 or h.feature_hint is not None:
            return False
        nxt = toks[h.j] if h.j < len(toks) else None
        cue = (nxt is not None and not nxt.cap and nxt.fold in PEOPLE_NOUNS) or (
            h.i > 0 and toks[h.i - 1].fold == "ethnic"
        )
        if not cue:
            return False
        senses = [c.place for c in self.index.candidates(h.key) if not is_world_district(c.place)]
        if not senses or any(p.feature == "country" or fold(p.name) == h.key for p in senses):
            return False
        # another name of a province ("Karen" for Kayin State), or only another name of
        # small towns ("Nuer" is a spelling of a Chinese village's name): the people
        return any(p.feature == "admin1" for p in senses) or all(
            p.feature in ("populated_place", "village") and p.population < LED_CITY_POPULATION
            for p in senses
        )

    def country_named(self, key: str) -> bool:
        """Whether ``key`` is a country's own name, used also as its adjective ("Myanmar").

        Such a word is the country wherever it stands ("Myanmar's army", "the
        Myanmar border"): a place mention, not only context like "Burmese".
        """
        if not self.index.is_country(key):
            return False
        cands = self.index.candidates(key)
        return bool(cands) and fold(cands[0].place.name) == key

    # --- 3. borders ---------------------------------------------------------------

    def side_at(self, k: int, hit_by_end: dict[int, _Hit]) -> tuple[str, int] | None:
        """(country code, first token) of a demonym or country name ending at token k."""
        if k < 0:
            return None
        if k in self.demonym_at:
            code, first = self.demonym_at[k], k
            # the first word of a multi-word demonym ("South Sudanese")
            while (
                first > 0
                and self.demonym_at.get(first - 1) == code
                and self.gap(first - 1, first) == " "
            ):
                first -= 1
            return code, first
        hit = hit_by_end.get(k + 1)
        if hit is not None and self.index.is_country(hit.key):
            return self.index.candidates(hit.key)[0].place.country_code, hit.i
        return None

    def side_from(self, k: int, hit_by_start: dict[int, _Hit]) -> tuple[str, int] | None:
        """(country code, last token + 1) of a demonym or country name starting at token k."""
        if k >= len(self.toks):
            return None
        hit = hit_by_start.get(k)
        if hit is not None and self.index.is_country(hit.key):
            return self.index.candidates(hit.key)[0].place.country_code, hit.j
        if k in self.demonym_at:
            return self.demonym_at[k], k + 1
        return None

    def borders(self, hits: list[_Hit]) -> list[Mention]:
        toks, text = self.toks, self.text
        hit_by_end = {h.j: h for h in hits}
        hit_by_start = {h.i: h for h in hits}
        out: list[Mention] = []
        for b, t in enumerate(toks):
            if t.fold not in BORDER_WORDS or t.in_url:
                continue
            nxt = toks[b + 1] if b + 1 < len(toks) else None
            if nxt is not None and joinable(text, t, nxt) and nxt.fold in _BORDER_NOT_LINE:
                continue
            # backward: "<A>-<B> (section of the state) border"
            k = b - 1
            fillers: list[str] = []
            while k >= 0 and len(fillers) < 5 and toks[k].fold in BORDER_FILLERS:
                if toks[k].cap and toks[k].fold not in ("state",) and not toks[k].sent_start:
                    break
                fillers.append(toks[k].fold)
                k -= 1
            sides: list[str] = []
            first = None
            side = self.side_at(k, hit_by_end)
            while side is not None and len(sides) < 3:
                sides.insert(0, side[0])
                first = side[1]
                sep = self.text[toks[first - 1].end : toks[first].start] if first > 0 else ""
                if first > 0 and _SIDE_JOINERS.fullmatch(sep):
                    side = self.side_at(first - 1, hit_by_end)
                else:
                    side = None
            start_tok = first
            end_char = t.end
            ext_end = None
            if sides and any(f in _SECTION_FILLERS for f in fillers):
                end_char = toks[k].end
                ext_end = t.end
            # forward: "border between A and B", "border with A", "border of A and B"
            fwd: list[str] = []
            last = b
            m = b + 1
            if m < len(toks) and toks[m].fold in ("between", "with", "of", "along"):
                m += 1
                if m < len(toks) and toks[m].fold == "the":
                    m += 1
                side2 = self.side_from(m, hit_by_start)
                while side2 is not None and len(fwd) < 3:
                    if side2[1] - 1 < len(toks) and m < len(toks) and self.demonym_at.get(m):
                        break  # "border with Afghan forces": a demonym is not a side here
                    fwd.append(side2[0])
                    last = side2[1] - 1
                    m = side2[1]
                    if m < len(toks) and toks[m].fold in ("and", "&"):
                        m += 1
                        if m < len(toks) and toks[m].fold == "the":
                            m += 1
                        side2 = self.side_from(m, hit_by_start)
                    else:
                        side2 = None
            if not sides and not fwd:
                continue
            if fwd:
                if start_tok is None:
                    start_tok = b
                end_char = toks[last].end
                ext_end = None
            all_sides = tuple(dict.fromkeys([*sides, *fwd]))
            if len(all_sides) > 2:
                all_sides = all_sides[:2]
            if start_tok is None:
                continue
            start = toks[start_tok].start
            out.append(
                Mention(
                    start=start,
                    end=end_char,
                    text=text[start:end_char],
                    key="–".join(all_sides),
                    kind="border",
                    source="rule",
                    ext_start=start if ext_end else None,
                    ext_end=ext_end,
                    sides=all_sides,
                )
            )
        return out

    # --- 4. roads ---------------------------------------------------------------

    def road_end_name(self, k: int) -> _Hit | None:
        """An unknown capitalised name of up to three words ending at token k (a road's end).

        Words are joined by spaces only (a dash separates a road's two ends).
        """
        toks = self.toks
        i = k
        while i >= 0 and k - i < 3:
            u = toks[i]
            if (
                not u.cap
                or u.in_url
                or u.headline
                or (u.upper and len(u.text) <= 3)
                or i in self.demonym_at
                or u.fold in _STOPWORDS_CAP
                or u.fold in TITLE_WORDS
                or u.fold in ORG_WORDS
                or u.fold in CALENDAR_WORDS
            ):
                break
            if i < k and self.gap(i, i + 1) != " ":
                break
            i -= 1
            if u.sent_start:
                break
        i += 1
        if i > k or not self.acceptable_run(i, k + 1):
            return None
        span = self.text[toks[i].start : toks[k].end]
        return _Hit(i, k + 1, fold(span), source="frame")

    def roads(self, hits: list[_Hit]) -> list[Mention]:
        """Roads named by their ends: "the Goma–Rutshuru road", "the Bunagana–Kiwanja highway".

        Ends the gazetteer lacks are unknown names (``source="frame"``): the
        road is the frame that makes them places; they are added to
        :attr:`road_ends`.
        """
        toks, text = self.toks, self.text
        hit_by_end = {h.j: h for h in hits}
        out = []
        self.road_ends: list[Mention] = []
        for r, t in enumerate(toks):
            if t.fold not in ROAD_WORDS or r == 0 or t.in_url:
                continue
            comps: list[_Hit] = []
            k = r - 1
            while k >= 0:
                hit = hit_by_end.get(k + 1)
                if hit is None:
                    hit = self.road_end_name(k)
                if hit is None:
                    break
                comps.insert(0, hit)
                if hit.i > 0 and re.fullmatch(r"\s*[-‐‑–—]\s*", self.gap(hit.i - 1, hit.i)):
                    k = hit.i - 1
                else:
                    break
            if len(comps) < 2 or not joinable(text, toks[comps[-1].j - 1], t):
                continue
            if all(c.source == "frame" for c in comps) and not any(
                toks[x].fold in ("the", "a") for x in (comps[0].i - 1,) if x >= 0
            ):
                continue  # two unknown names and a road word, no article: a name
            for c in comps:
                if c.source == "frame":
                    a, b = toks[c.i].start, toks[c.j - 1].end
                    self.road_ends.append(Mention(a, b, text[a:b], c.key, source="frame"))
            start, end = toks[comps[0].i].start, toks[comps[-1].j - 1].end
            out.append(
                Mention(
                    start=start,
                    end=end,
                    text=text[start:end],
                    key=fold(text[start:end]),
                    kind="road",
                    source="rule",
                    feature_hint="road",
                    ext_start=start,
                    ext_end=t.end,
                    components=tuple((toks[c.i].start, toks[c.j - 1].end) for c in comps),
                )
            )
        return out

    # --- 5. generic terms ------------------------------------------------------------

    def generic_at(self, k: int) -> tuple[str, int] | None:
        """(generic term, tokens it spans) starting at token k ("district", "border crossing")."""
        toks = self.toks
        if k >= len(toks) or toks[k].in_url:
            return None
        if k + 1 < len(toks) and toks[k].fold in _GENERIC_TWO_FIRST:
            two = toks[k].fold + " " + toks[k + 1].fold
            if two in _GENERIC_TWO_WORD and joinable(self.text, toks[k], toks[k + 1]):
                return two, 2
        term = toks[k].fold
        if term in GENERIC_TERMS and not toks[k].upper:
            return term, 1
        return None

    def term_of_next(
        self, k: int, end_k: int, hit_by_end: dict[int, _Hit], hit_by_start: dict[int, _Hit]
    ) -> bool:
        """Whether the lower-case term at ``k..end_k`` belongs to the name after "of".

        "the Hunan city of Yueyang", "the Texas town of Paris": the name before
        the term, led by "the", is where the next one lies, and the term is the
        next one's kind. A country after "of" is a container instead ("the Balkh
        province of Afghanistan").
        """
        toks = self.toks
        nxt = end_k + 2
        if toks[k].cap or nxt >= len(toks) or toks[end_k + 1].fold != "of" or not toks[nxt].cap:
            return False
        before = hit_by_end.get(k)
        if before is None or before.i == 0 or toks[before.i - 1].fold != "the":
            return False
        after = hit_by_start.get(nxt)
        return after is not None and not self.index.is_country(after.key)

    def plural_generic_at(self, k: int) -> str | None:
        """The singular generic term of a plural one at token k ("provinces" -> "province").

        Plurals name the kind of every name coordinated before them ("the
        Syunik and Vayots Dzor provinces"); see :meth:`generics`.
        """
        t = self.toks[k]
        if t.in_url or t.upper or not t.fold.endswith("s"):
            return None
        for singular in (t.fold[:-1], t.fold[:-3] + "y" if t.fold.endswith("ies") else ""):
            if singular in GENERIC_TERMS and " " not in singular:
                return singular
        return None

    def coordinated_before(self, hit: _Hit, hit_by_end: dict[int, _Hit]) -> list[_Hit]:
        """Hits joined to ``hit`` by commas and "and"/"or", nearest first ("A, B and C")."""
        out = []
        cur = hit
        while True:
            prev = self.coordinated_neighbour(cur.i, hit_by_end, before=True)
            if prev is None:
                return out
            out.append(prev)
            cur = prev

    def coordinated_neighbour(self, k: int, hits: dict[int, _Hit], *, before: bool) -> _Hit | None:
        """The hit listed just before token ``k`` (or just after token ``k - 1``).

        ``hits`` maps end tokens (``before``) or start tokens (after) to hits;
        the two are separated by a comma, "and"/"or", or both ("A, and B").
        """
        toks = self.toks
        if before:
            i = k - 1  # last token that could belong to the neighbour
            if i >= 1 and toks[i].fold in ("and", "or") and self.gap(i - 1, i).strip() in ("", ","):
                return hits.get(i)
            if i >= 0 and self.gap(i, k).strip() == ",":
                return hits.get(k)
            return None
        j = k  # first token after the hit
        if j >= len(toks):
            return None
        if toks[j].fold in ("and", "or") and self.gap(j - 1, j).strip() in ("", ","):
            return hits.get(j + 1)
        if self.gap(j - 1, j).strip() == ",":
            return hits.get(j)
        return None

    def name_run_before(self, k: int) -> tuple[int, int] | None:
        """A capitalised run of up to 3 words ending at token k-1, as [i, j)."""
        toks = self.toks
        j = k
        i = k
        while i > 0 and j - i < 4:
            u = toks[i - 1]
            connector = (
                not u.cap
                and u.fold in CONNECTORS
                and i - 2 >= 0
                and toks[i - 2].cap
                and self.text[toks[i - 2].end : u.start] in ("-", "‐", "‑", "–", "—")
            )
            if u.in_url or (not u.cap and not connector) or (u.upper and len(u.text) <= 3):
                break
            if not connector and (
                u.fold in TITLE_WORDS or u.fold in _STOPWORDS_CAP or u.fold in CALENDAR_WORDS
            ):
                break
            if (i - 1) in self.demonym_at or u.fold in ORG_WORDS:
                break
            if i < j and not joinable(self.text, u, toks[i]):
                break
            i -= 1
            if u.sent_start:
                break
        return (i, j) if i < j else None

    def numbered_run_before(self, k: int) -> tuple[int, int] | None:
        """A name run ending at token k-1, a number after its words or not ("Kaliachak 3")."""
        toks = self.toks
        if (
            k >= 2
            and toks[k - 1].text.isdigit()
            and len(toks[k - 1].text) <= 3
            and self.gap(k - 2, k - 1) == " "
        ):
            run = self.name_run_before(k - 1)
            return None if run is None else (run[0], k)
        return self.name_run_before(k)

    def name_run_after(self, k: int) -> tuple[int, int] | None:
        """A capitalised run of up to 4 words starting at token k, as [i, j)."""
        toks = self.toks
        i = j = k
        while j < len(toks) and j - i < 4:
            u = toks[j]
            if u.in_url:
                break
            if not u.cap and not (
                j > i
                and u.fold in CONNECTORS
                and j + 1 < len(toks)
                and toks[j + 1].cap
                and joinable(self.text, u, toks[j + 1])
                and self.text[toks[j - 1].end : u.start] in "-‐‑–—"
            ):
                break
            if u.fold in TITLE_WORDS or u.fold in CALENDAR_WORDS or j in self.demonym_at:
                break
            if j > i and not joinable(self.text, toks[j - 1], u):
                break
            j += 1
        while j > i and not toks[j - 1].cap:
            j -= 1
        return (i, j) if i < j else None

    def acceptable_run(self, i: int, j: int) -> bool:
        """A run not in the gazetteer may still be a name: not all common words."""
        words = [self.toks[k].fold for k in range(i, j)]
        return any(not is_common_word(w) for w in words if len(w) > 1)

    def generics(self, hits: list[_Hit]) -> list[Mention]:
        """Attach generic terms to hits; return new mentions for unknown names."""
        toks, text = self.toks, self.text
        hit_by_end = {h.j: h for h in hits}
        hit_by_start = {h.i: h for h in hits}
        covered = set()
        for h in hits:
            covered.update(range(h.i, h.j))
        out: list[Mention] = []
        for k, t in enumerate(toks):
            if k in covered:
                continue
            plural = self.plural_generic_at(k)
            if plural is not None and k > 0 and joinable(text, toks[k - 1], t):
                # "the Syunik and Vayots Dzor provinces": only coordinated names
                last = hit_by_end.get(k)
                before = self.coordinated_before(last, hit_by_end) if last is not None else []
                if last is not None and before:
                    for h in (last, *before):
                        if h.feature_hint is None:
                            h.feature_hint = GENERIC_TERMS[plural]
                        h.corroborated = True
                continue
            gen = self.generic_at(k)
            if gen is None:
                continue
            term, width = gen
            feature = GENERIC_TERMS[term]
            end_k = k + width - 1
            # suffix: "<Name> district" (not "the Hunan city of Yueyang": see term_of_next)
            if (
                k > 0
                and joinable(text, toks[k - 1], t)
                and not self.term_of_next(k, end_k, hit_by_end, hit_by_start)
            ):
                if feature == "country" and (k - 1) in self.demonym_at:
                    code = self.demonym_at[k - 1]
                    name = _country_key(self.index, code)
                    if name and toks[k].cap:
                        start, end = toks[k - 1].start, toks[end_k].end
                        out.append(
                            Mention(
                                start,
                                end,
                                text[start:end],
                                name,
                                source="rule",
                                feature_hint="country",
                            )
                        )
                    continue
                hit = hit_by_end.get(k)
                run = self.name_run_before(k)
                if (
                    hit is not None
                    and run is not None
                    and run[0] < hit.i
                    and not any(h.j > run[0] and h.i < hit.i for h in hits)
                ):
                    self.superseded.add(id(hit))
                    hit = None
                if hit is not None:
                    if hit.feature_hint is None:
                        hit.feature_hint = feature
                        hit.ext_end = toks[end_k].end
                    hit.corroborated = True
                    continue
                if run and feature != "country" and self.acceptable_run(*run):
                    i, j = run
                    start, end = toks[i].start, toks[j - 1].end
                    out.append(
                        Mention(
                            start,
                            end,
                            text[start:end],
                            fold(text[start:end]),
                            source="rule",
                            feature_hint=feature,
                            ext_start=start,
                            ext_end=toks[end_k].end,
                        )
                    )
                    covered.update(range(i, j))
                    continue
            # prefix: "<term> of <Name>"
            m = end_k + 1
            if m + 1 < len(toks) and toks[m].fold == "of" and joinable(text, toks[end_k], toks[m]):
                hit = hit_by_start.get(m + 1)
                run = self.name_run_after(m + 1)
                if (
                    hit is not None
                    and run is not None
                    and run[1] > hit.j
                    and not any(h.i < run[1] and h.j > hit.j for h in hits)
                ):
                    self.superseded.add(id(hit))
                    hit = None
                if hit is not None:
                    if self.generic_at(hit.j) is None:
                        if hit.feature_hint is None:
                            hit.feature_hint = feature
                            hit.ext_start = t.start
                        if feature == "country" and t.cap:
                            hit.ext_start = t.start  # "Republic of Tajikistan" is the name
                    hit.corroborated = True
                    continue
                if run and feature != "country":
                    i, j = run
                    if self.generic_at(j) is None and (self.acceptable_run(i, j) or j - i > 1):
                        start, end = toks[i].start, toks[j - 1].end
                        out.append(
                            Mention(
                                start,
                                end,
                                text[start:end],
                                fold(text[start:end]),
                                source="rule",
                                feature_hint=feature,
                                ext_start=t.start,
                                ext_end=end,
                            )
                        )
                        covered.update(range(i, j))
        return out

    # --- 6. facilities -----------------------------------------------------------------

    def facilities(self) -> list[Mention]:
        toks, text = self.toks, self.text
        out = []
        for k, t in enumerate(toks):
            if not _ORDINAL_RE.match(t.text) or t.in_url:
                continue
            for w in range(k + 1, min(k + 4, len(toks))):
                if not joinable(text, toks[w - 1], toks[w]):
                    break
                if toks[w].fold in FACILITY_WORDS:
                    start, end = t.start, toks[w].end
                    out.append(
                        Mention(
                            start,
                            end,
                            text[start:end],
                            fold(text[start:end]),
                            kind="facility",
                            source="rule",
                            feature_hint="military_base"
                            if toks[w].fold in ("base", "airbase")
                            else None,
                        )
                    )
                    break
        return out

    # --- 7. datelines --------------------------------------------------------------------

    def datelines(self, hits: list[_Hit]) -> list[tuple[int, int]]:
        """Mark the hits of datelines; return the dateline names no hit covers."""
        unknown: list[tuple[int, int]] = []
        for m in _DATELINE_RE.finditer(self.text):
            if m.group("agency") is None and not (
                (
                    m.group(0).lstrip()[:1].isupper()
                    and "\n" in self.text[max(0, m.start() - 1) : m.start() + 1]
                )
                or m.start() == 0
                or self._after_headline(m)
            ):
                continue
            s, e = m.span("name")
            inside = [h for h in hits if self.toks[h.i].start >= s and self.toks[h.j - 1].end <= e]
            covered = {k for h in inside for k in range(h.i, h.j)}
            if inside and any(
                k not in covered for k in range(*self.tok_range(s, e)) if self.toks[k].fold
            ):
                # "ST. PAUL": "PAUL" alone is a fragment of the dateline's name
                self.superseded.update(id(h) for h in inside)
                unknown.append((s, e))
                inside = []
            for h in inside:
                h.dateline = True
                h.corroborated = True
            words = fold(self.text[s:e]).split()
            if (
                not inside
                and (s, e) not in unknown
                and e - s >= 4
                and not all(is_common_word(w) or w in ORG_WORDS for w in words)
            ):
                # a dateline city no gazetteer name matches as written
                # ("SULAIMANIYAH, Iraq"): a place mention; resolution may read the spelling
                unknown.append((s, e))
            if m.group("agency"):
                a, b = m.span("agency")
                self.vetoed.append((a, b, "agency"))
        return unknown

    def _after_headline(self, m: re.Match[str]) -> bool:
        """A dateline run on after a headline sentence ("Mill to close. AKRON, Ohio -- ").

        Only right after the text's first sentence, a short one, and before a dash.
        """
        head = self.text[: m.start()]
        return (
            0 < len(head) <= _HEADLINE_MAX
            and head[-1] in ".!?"
            and _SENTENCE_END.search(head[:-1]) is None
            and not m.group(0).rstrip().endswith(":")
            and m.group("name").upper() == m.group("name")
            and len(m.group("name").replace(".", "")) >= 3
        )

    # --- 8. persons and organisations ------------------------------------------------------

    def person_spans(self) -> list[tuple[int, int]]:
        toks = self.toks
        spans = []
        for s, e, lab in self.ents:
            if lab != "PERSON":
                continue
            # "By Tuesday Goma": a day or month name is not part of a person's name
            i, j = self.tok_range(s, e)
            while i < j and (toks[i].fold in CALENDAR_WORDS or toks[i].fold in _STOPWORDS_CAP):
                i += 1
            if i < j - 1 and not toks[j - 1].cap and toks[j - 1].fold in GENERIC_TERMS:
                # "reached Kampong Ro district": a span that ends in a lower-case kind
                # word of places is a place named with its kind, not a person
                continue
            if i < j:
                spans.append((toks[i].start, e))
        return spans + self.titled_person_spans()

    def titled_person_spans(self) -> list[tuple[int, int]]:
        """Names after a title word ("General Makenga", "Mr Karimov")."""
        toks = self.toks
        spans: list[tuple[int, int]] = []
        for k, t in enumerate(toks):
            if t.fold not in TITLE_WORDS or t.in_url:
                continue
            i = k + 1
            if i < len(toks) and toks[i].text == "." and False:
                i += 1
            j = i
            while (
                j < len(toks)
                and j - i < 3
                and toks[j].cap
                and not toks[j].upper
                and toks[j].fold not in TITLE_WORDS
                and j not in self.demonym_at
                and toks[j].fold not in ORG_WORDS
                and toks[j].fold not in _STOPWORDS_CAP
                and joinable(self.text, toks[j - 1], toks[j])
            ):
                j += 1
            if j > i and not (j - i == 1 and self.index.is_unit(toks[i].fold)):
                key = " ".join(toks[x].fold for x in range(i, j))
                if j - i > 1 and self.index.is_unit(key):
                    continue
                spans.append((toks[i].start, toks[j - 1].end))
        return spans

    def org_spans(self) -> list[tuple[int, int]]:
        toks, text = self.toks, self.text
        spans = [(s, e) for s, e, lab in self.ents if lab == "ORG"]
        k = 0
        while k < len(toks):
            t = toks[k]
            if not t.cap or t.in_url or t.headline:
                k += 1
                continue
            j = k + 1
            while j < len(toks):
                u = toks[j]
                if not joinable(text, toks[j - 1], u) and text[
                    toks[j - 1].end : u.start
                ].strip() not in ("", "&"):
                    break
                if u.cap or (
                    u.fold in ("of", "the", "for", "and", "on")
                    and j + 1 < len(toks)
                    and toks[j + 1].cap
                ):
                    j += 1
                    continue
                break
            words = [toks[x].fold for x in range(k, j) if toks[x].cap]
            if len(words) >= 2 and any(w in ORG_WORDS for w in words):
                s = k
                while s < j and toks[s].fold in _STOPWORDS_CAP:
                    s += 1
                if s < j:
                    spans.append((toks[s].start, toks[j - 1].end))
            k = j
        return spans

    # --- the whole -----------------------------------------------------------------------

    def ent_label_over(self, start: int, end: int) -> set[str]:
        labels = set()
        for s, e, lab in self.ents:
            if s < end and e > start:
                labels.add(lab)
        return labels

    def ent_label_within(self, start: int, end: int) -> set[str]:
        """Labels of entities that overlap ``start``-``end`` without running past it."""
        return {lab for s, e, lab in self.ents if start <= s and e <= end and s < e}

    def of_name_at(self, k: int) -> bool:
        """Whether tokens from ``k`` read "of" + a capitalised word ("... of Mexico").

        The common word before them is the head of a longer name ("Gulf of Mexico",
        "Sea of Marmara"), not a place on its own.
        """
        toks = self.toks
        return (
            k + 1 < len(toks)
            and toks[k].fold == "of"
            and not toks[k].cap
            and toks[k + 1].cap
            and not toks[k + 1].sent_start
            and joinable(self.text, toks[k - 1], toks[k])
            and joinable(self.text, toks[k], toks[k + 1])
        )

    def inside_longer_name(self, h: _Hit, hit_tokens: Set[int] = frozenset()) -> bool:
        """Whether a place entity runs past ``h`` with another capitalised word.

        "Ta" in the entity "Ta Muen Thom" is part of a longer name; "Kunduz"
        in "Kunduz province" or "northern Kunduz" is not (a generic term or
        a lower-case word is all the entity adds). Nor is "Korczowa" in
        "Korczowa-Krakovets": two known names joined by a hyphen are the two
        ends of a crossing or road (``hit_tokens``: the tokens of every hit).
        """
        toks = self.toks
        start, end = toks[h.i].start, toks[h.j - 1].end
        for s, e, lab in self.ents:
            if lab not in PLACE_LABELS or not (s <= start and end <= e) or (s, e) == (start, end):
                continue
            i, j = self.tok_range(s, e)
            if self.hyphen_pair(h, i, j, hit_tokens):
                continue
            for k in (*range(i, h.i), *range(h.j, j)):
                t = toks[k]
                if t.cap and t.fold not in GENERIC_TERMS and t.fold not in _STOPWORDS_CAP:
                    return True
        return False

    def hyphen_pair(self, h: _Hit, i: int, j: int, hit_tokens: Set[int]) -> bool:
        """Whether tokens ``i``-``j`` are ``h`` and other hits joined to it by bare hyphens.

        "Dorohusk-Yahodyn", "Hrebenne-Rava-Ruska": every other word of the
        span is a word of another known name, and a hyphen or dash with no
        space stands at each edge of ``h`` inside the span.
        """
        toks = self.toks
        if any(k not in hit_tokens for k in (*range(i, h.i), *range(h.j, j))):
            return False
        edges = []
        if i < h.i:
            edges.append(self.text[toks[h.i - 1].end : toks[h.i].start])
        if h.j < j:
            edges.append(self.text[toks[h.j - 1].end : toks[h.j].start])
        return bool(edges) and all(len(g) == 1 and g in _HYPHENS for g in edges)

    def in_place_list(
        self, h: _Hit, hit_by_start: dict[int, _Hit], hit_by_end: dict[int, _Hit]
    ) -> bool:
        """Whether ``h`` is listed beside a place ("near Jermuk, *Goris* and Kapan").

        A neighbour across a comma or "and"/"or" counts when NER calls it a
        place, a generic term names its kind, or it is a country or unit.
        """
        toks = self.toks
        neighbours = [
            self.coordinated_neighbour(h.i, hit_by_end, before=True),
            self.coordinated_neighbour(h.j, hit_by_start, before=False),
        ]
        for n in neighbours:
            if n is None:
                continue
            s, e = toks[n.i].start, toks[n.j - 1].end
            if (
                n.feature_hint
                or self.index.is_unit(n.key)
                or self.ent_label_within(s, e) & PLACE_LABELS
            ):
                return True
        return False

    def seat_in_name(self, span_start: int, start: int) -> bool:
        """Whether a name inside a person's or organisation's entity is where it is.

        NER often runs an entity on over "in X" or ", of X": "St. John's School
        in Lombard", "Amstutz, of Wooster". The name after "in" or ", of" is the
        place the school or person is in, not part of their name; "University of
        Nebraska" (no comma) stays one name.
        """
        return _SEAT_BEFORE.search(self.text, span_start, start) is not None

    def locative_cue(self, h: _Hit) -> bool:
        toks = self.toks
        if h.feature_hint or h.dateline:
            return True
        prev = toks[h.i - 1] if h.i > 0 else None
        if prev is not None and prev.fold in LOCATIVE_PREPOSITIONS and not prev.cap:
            return True
        if (
            prev is not None
            and prev.fold in ("of", "from")
            and h.i > 1
            and toks[h.i - 2].fold in _RELATIVE_PLACE_WORDS
        ):
            return True  # "north of Goma", "20 km from Chaman", "the outskirts of Sake"
        if (
            prev is not None
            and prev.fold == "of"
            and h.i > 1
            and (toks[h.i - 2].fold in GENERIC_TERMS or toks[h.i - 2].fold in NAME_KIND_SUFFIXES)
            and not toks[h.i - 2].cap
        ):
            return True  # "Kaliganj upazila of Lalmonirhat", "the district of Kurram"
        if (
            prev is not None
            and prev.fold in ("the",)
            and h.i > 1
            and toks[h.i - 2].fold in LOCATIVE_PREPOSITIONS
        ):
            return False
        nxt = h.j
        if nxt < len(toks) and self.text[toks[h.j - 1].end : toks[nxt].start].strip() == ",":
            u = toks[nxt]
            if u.cap and (self.index.is_unit(u.fold) or u.fold in US_STATE_ABBREVIATIONS):
                return True
        return False

    def run(self, ents: Sequence[tuple[int, int, str]] | None = None) -> Recognition:
        """Finish recognition with NER entities (``None``: no NER at all)."""
        toks, text, index = self.toks, self.text, self.index
        self.use_ner = ents is not None
        self.ents = sorted(ents or ())
        self.dropped = list(self.early_dropped)
        drop = self._drop
        # demonyms are context, not places; month and weekday names never places
        hits = self.raw_hits
        borders = self.borders(hits)
        roads = self.roads(hits)
        rule_mentions = self.generics(hits)
        hits = [h for h in hits if id(h) not in self.superseded]
        rule_mentions.extend(self.road_ends)
        facilities = self.facilities()
        unknown_datelines = self.datelines(hits)
        hits = [h for h in hits if id(h) not in self.superseded]
        persons = self.person_spans()
        orgs = self.org_spans()
        surnames: set[str] = set()
        for s, e in persons:
            i, j = self.tok_range(s, e)
            if j - i > 1 and not self.seat_in_name(s, toks[j - 1].start):
                surnames.add(toks[j - 1].fold)
        for s, e in orgs:
            self.vetoed.append((s, e, "organisation"))
        for s, e in persons:
            self.vetoed.append((s, e, "person"))

        hit_tokens: set[int] = set()
        for h in hits:
            hit_tokens.update(range(h.i, h.j))
        hit_by_start = {h.i: h for h in hits}
        hit_by_end = {h.j: h for h in hits}
        # names the text calls a district somewhere; a name that is only a district of
        # the world's district layers is no place mention where the text does not
        district_keys = {h.key for h in hits if h.feature_hint == "admin2"}
        kept: list[_Hit] = []
        pending_common: list[_Hit] = []
        pending_why: dict[int, str] = {}
        # a lone name NER calls a person is kept where the same name is a place
        # elsewhere in the text (one sense per discourse); a titled name never is
        pending_person: list[_Hit] = []
        titled = set(self.titled_person_spans())
        title_persons = {span for span in persons if span in titled}
        # the given name of a titled person ("Prime Minister Abiy Ahmed") is that person
        # when it stands alone elsewhere in the text ("Abiy said"), unless a locative
        # word makes it a place there ("in Abiy")
        given: set[str] = set()
        for s, e in title_persons:
            i, j = self.tok_range(s, e)
            if j - i > 1 and not index.is_strong(toks[i].fold):
                given.add(toks[i].fold)
        # one sense per discourse: a people's name before a noun of people is that
        # people wherever it stands without a word of place ("the Nuer spiritual leader")
        peoples = {h.key for h in hits if self.people_named(h)}
        for h in hits:
            start, end = toks[h.i].start, toks[h.j - 1].end
            words = h.j - h.i
            key = h.key
            strong = index.is_strong(key)
            # a short form from the abbreviations table stands for its full name
            unit = index.is_unit(key) or h.source == "abbreviation"
            country = index.is_country(key)
            first = toks[h.i]
            if (
                h.i > 0
                and toks[h.i - 1].cap
                and toks[h.i - 1].fold in _PART_OF_CONTINENT
                and joinable(text, toks[h.i - 1], first)
                and all(c.place.feature == "continent" for c in index.candidates(key))
            ):
                continue  # "Southern Europe", "West Africa": a part of the continent, not it
            if (
                all(toks[x].upper for x in range(h.i, h.j))
                and len(key.replace(" ", "")) <= 4
                and not country
                and not h.dateline
            ):
                drop(h, "acronym")
                continue
            if words > 1 and not toks[h.j - 1].cap and toks[h.j - 1].fold in CONNECTORS:
                drop(h, "connector")
                continue
            led = words > 1 and first.fold in ARTICLE_PARTICLES
            unit_named = words > 1 and toks[h.j - 1].cap and toks[h.j - 1].fold in UNIT_WORDS
            if unit_named and any(
                c.place.feature in ("admin1", "admin2") for c in index.candidates(key)
            ):
                h.corroborated = True  # "Laurel County clerk": the name says it is a unit
            if (
                h.feature_hint is None
                and key not in district_keys
                and not led
                and not unit_named
                and not self.office_of(h)
                and _only_districts(index, key)
            ):
                plain = len(key) > 2 and not is_common_word(key)
                drop(h, "district only" if plain else "district word")
                continue  # "Henry" alone is no district; "Henry County" names one
            if any(
                s <= start and end <= e and (s, e) != (start, end)
                for s, e, r in self.vetoed
                if r == "agency"
            ):
                drop(h, "agency")
                continue
            # persons
            vetoed = False
            lone_person = False
            why = "person"
            for s, e in persons:
                if s <= start and end <= e:
                    if (s, e) == (start, end) and (s, e) in title_persons:
                        vetoed = True
                    elif (s, e) == (start, end):
                        # a lone name NER calls a person, unless the text treats it as
                        # a place (a locative word, or listed among places)
                        if not (
                            strong
                            or self.locative_cue(h)
                            or self.in_place_list(h, hit_by_start, hit_by_end)
                            or (words == 1 and self.city_named(key))
                            or self.place_kind_follows(h.j)
                        ):
                            vetoed = lone_person = True
                    elif not (
                        country and s == start and key in COUNTRY_PRESS_NAMES
                    ) and not self.seat_in_name(s, start):
                        # a country's foreign name is a first name there: "Maurice Kamto"
                        vetoed = True
            if words == 1 and key in surnames and not country:
                vetoed = True
                lone_person = False
                why = "surname"
            if words == 1 and key in given and not country and not self.locative_cue(h):
                vetoed = True
                lone_person = False
                why = "given name"
            if not vetoed and (
                self.people_named(h)
                or (
                    key in peoples
                    and words == 1
                    and h.feature_hint is None
                    and not self.locative_cue(h)
                )
            ):
                self.vetoed.append((start, end, "people"))
                drop(h, "people")
                continue
            if vetoed:
                if lone_person:
                    pending_person.append(h)
                else:
                    drop(h, why)
                continue
            # organisations
            for s, e in orgs:
                # a dateline names where the story was filed, whatever NER makes of it
                # ("ISLAMABAD/NEW DELHI" read as one organisation)
                if h.dateline:
                    break
                if s <= start and end <= e and (s, e) != (start, end) and not unit:
                    if e == end and text[s:start].strip().casefold() == "the":
                        continue  # NER's "the Lahad Datu" is the name with its article
                    org_i, org_j = self.tok_range(s, e)
                    modifier = h.i == org_i and h.j < org_j and toks[h.j].fold in MODIFIER_ORG_WORDS
                    if not modifier and not self.seat_in_name(s, start):
                        vetoed = True
            if vetoed or self.names_a_group(h.j):
                drop(h, "organisation" if vetoed else "group")
                continue
            # a place entity corroborates a hit it does not run past; a longer
            # one ("Patrolling Point 14", "Line of Actual Control") is another name
            labels = self.ent_label_within(start, end)
            if labels & PLACE_LABELS:
                h.corroborated = True
            if (
                (first.fold in ARTICLE_PARTICLES or first.fold in PERSONAL_PREFIXES)
                and (h.source == "particle" or (first.fold in ARABIC_ARTICLES and not strong))
                and not h.corroborated
                and index.max_population(key) < LED_CITY_POPULATION
                and not self.locative_cue(h)
                and not (h.j < len(toks) and self.kind_word_at(h.j))
            ):
                # "al-Shabaab fighters", "told Al Jazeera": a name, not a place, unless
                # the same name is a place elsewhere in the text
                pending_common.append(h)
                pending_why[id(h)] = "particle"
                continue
            elif not (
                strong or unit or country or h.corroborated or h.feature_hint
            ) and self.inside_longer_name(h, hit_tokens):
                drop(h, "longer")
                continue  # "Ta" of "the Ta Muen Thom temple"
            # a common word that names a unit only as the first word of a longer
            # capitalised name: "Coast" of "Coast Guard", "West" of "West Africa
            # Province", "Gulf" of "Gulf of Mexico" (a name the gazetteer knows
            # whole, "West Bank", is one hit)
            if (
                words == 1
                and not country
                and not first.headline
                and not first.upper
                and is_common_word(key)
                and index.max_population(key) < 100_000
                and h.j < len(toks)
                and (
                    (
                        toks[h.j].cap
                        and not toks[h.j].sent_start
                        and joinable(text, first, toks[h.j])
                        and self.generic_at(h.j) is None
                    )
                    or self.of_name_at(h.j)
                )
                and not any(
                    s == start and e == end and lab in PLACE_LABELS for s, e, lab in self.ents
                )
            ):
                if strong:
                    # "the Texas Military Department" in a story that names Texas on
                    # its own elsewhere: one sense per discourse, the state
                    pending_common.append(h)
                    pending_why[id(h)] = "opens a name"
                else:
                    drop(h, "opens a name")
                continue
            # adjacent capitalised words: part of a longer proper name that no place
            # entity vouches for ("Beg" of "Daulat Beg Oldi", "Dov" of "Har Dov"), or
            # joined to it by particles ("Adl" of "Jaish al-Adl")
            if not strong and not first.headline and not h.corroborated:
                if self.after_name_particles(h.i):
                    drop(h, "capitalised run")
                    continue
                prev = toks[h.i - 1] if h.i > 0 else None
                nxt = toks[h.j] if h.j < len(toks) else None
                if (
                    prev is not None
                    and prev.cap
                    and not prev.sent_start
                    and (h.i - 1) not in hit_tokens
                    and joinable(text, prev, first)
                    and prev.fold not in _STOPWORDS_CAP
                    and prev.fold not in CALENDAR_WORDS
                    and (h.i - 1) not in self.demonym_at
                    and prev.fold not in TITLE_WORDS
                ):
                    drop(h, "capitalised run")
                    continue
                if (
                    nxt is not None
                    and nxt.cap
                    and h.j not in hit_tokens
                    and joinable(text, toks[h.j - 1], nxt)
                    and self.generic_at(h.j) is None
                    and nxt.fold not in MODIFIER_ORG_WORDS
                ):
                    drop(h, "capitalised run")
                    continue
            function_word = (
                words == 1
                and not first.upper
                and (key in STOP_WORDS or word_commonness(key) >= 6.0)
            )
            if function_word and not any(
                s == start and e == end and lab in PLACE_LABELS for s, e, lab in self.ents
            ):
                drop(h, "function word")
                continue
            common = is_common_word(key) or (
                first.sent_start and words == 1 and word_commonness(key) >= 2.5
            )
            if common and not strong and not h.corroborated:
                if (
                    self.locative_cue(h)
                    or (index.max_population(key) >= 1_000_000 and word_commonness(key) < 5.0)
                    or (
                        # "in Nabatieh and Tyre": a town listed beside a place
                        index.max_population(key) >= LISTED_TOWN_POPULATION
                        and self.in_place_list(h, hit_by_start, hit_by_end)
                    )
                ):
                    h.corroborated = True
                else:
                    pending_common.append(h)
                    pending_why[id(h)] = "no cue"
                    continue
            kept.append(h)
        # one sense per discourse: a common word corroborated once counts everywhere
        confirmed = {h.key for h in kept}
        kept.extend(h for h in pending_common if h.key in confirmed)
        kept.extend(h for h in pending_person if h.key in confirmed)
        for h in pending_common:
            if h.key not in confirmed:
                drop(h, pending_why[id(h)])
        kept.sort(key=lambda h: h.i)

        mentions: list[Mention] = []
        for h in kept:
            start, end = toks[h.i].start, toks[h.j - 1].end
            kind = self.kind_after(h.j) if h.feature_hint is None and h.j < len(toks) else None
            if kind is not None and NAME_KIND_SUFFIXES.get(kind[0]) in PHYSICAL_HINTS:
                h.feature_hint = NAME_KIND_SUFFIXES[kind[0]]  # "the Boni forest" is no town
            elif h.feature_hint is None and self.state_after(h):
                h.feature_hint = "admin1"  # "a town in Roraima state"
                h.ext_end = toks[h.j].end
            ext_start = h.ext_start if h.ext_start is not None else None
            if h.ext_start is not None and index.is_country(h.key) and h.feature_hint == "country":
                start = h.ext_start
                ext_start = None
            mentions.append(
                Mention(
                    start,
                    end,
                    text[start:end],
                    h.key,
                    feature_hint=h.feature_hint,
                    ext_start=ext_start,
                    ext_end=h.ext_end,
                    dateline=h.dateline,
                    source=h.source,
                )
            )
        mentions.extend(self.lines)
        taken = [(m.start, m.end) for m in mentions]
        mentions.extend(borders)
        mentions.extend(roads)
        for m in [*rule_mentions, *facilities]:
            if not _overlaps(m.start, m.end, taken):
                mentions.append(m)
                taken.append((m.start, m.end))
        mentions.extend(self.typos(taken, persons))
        taken = [(m.start, m.end) for m in mentions]
        vetoed_spans = [(s, e) for s, e, _ in self.vetoed]
        mentions.extend(self.ner_only(taken, vetoed_spans, surnames | given))
        mentions.extend(self.framed(taken, title_persons))
        for s, e in unknown_datelines:
            if not _overlaps(s, e, [(m.start, m.end) for m in mentions]):
                span = text[s:e]
                mentions.append(Mention(s, e, span, fold(span), dateline=True, source="dateline"))
        taken = [(m.start, m.end) for m in mentions]
        mentions.extend(self.kinded(taken, persons, surnames))
        mentions.extend(self.repeats(mentions, surnames, title_persons))
        taken = [(m.start, m.end) for m in mentions]
        pending = [h for h in pending_person if h.key not in confirmed]
        before = len(mentions)
        mentions.extend(self.listed(mentions, taken, pending, persons, surnames))
        # one sense per discourse: a name NER read as a person is the place the
        # text makes it elsewhere (by a kind word, a list, a frame)
        known = {m.key for m in mentions if m.kind == "place"}
        for h in pending:
            s, e = toks[h.i].start, toks[h.j - 1].end
            if h.key in known and not _overlaps(s, e, taken):
                mentions.append(Mention(s, e, text[s:e], h.key))
                taken.append((s, e))
            elif h.key not in known:
                drop(h, "person")
        if len(mentions) > before:  # names the lists added recur too
            mentions.extend(self.repeats(mentions, surnames, title_persons, mentions[before:]))
        mentions = self.appositive_hints(mentions)
        mentions.sort(key=lambda m: (m.start, -m.end, m.kind))
        demonyms = tuple(
            (toks[k].start, toks[k].end, c) for k, c in sorted(self.demonym_at.items())
        )
        return Recognition(
            tuple(_dedupe(mentions)),
            demonyms,
            tuple(self.vetoed),
            toks,
            dropped=tuple(self.dropped),
        )

    def _drop(self, h: _Hit, why: str) -> None:
        """Note that the gazetteer name ``h`` was not taken as a place, and why."""
        self.dropped.append((self.toks[h.i].start, self.toks[h.j - 1].end, why))

    def typos(self, taken: list[tuple[int, int]], persons: list[tuple[int, int]]) -> list[Mention]:
        """One-edit misspellings of country names ("Tajikastan")."""
        keys = self.index.country_keys
        out = []
        for k, t in enumerate(self.toks):
            if (
                not t.cap
                or t.in_url
                or len(t.fold) < 6
                or k in self.demonym_at
                or t.fold in self.index
                or " " in t.fold
            ):
                continue
            if _overlaps(t.start, t.end, taken) or any(s <= t.start < e for s, e in persons):
                continue
            if word_commonness(t.fold) >= 2.0:
                continue
            match = process.extractOne(
                t.fold, keys.keys(), scorer=Levenshtein.distance, score_cutoff=1
            )
            if match is None or match[0][0] != t.fold[0] or " " in match[0]:
                continue
            out.append(Mention(t.start, t.end, t.text, match[0], source="typo", typo=True))
        return out

    def framed(
        self, taken: list[tuple[int, int]], title_persons: set[tuple[int, int]]
    ) -> list[Mention]:
        """Unknown capitalised names the text frames as places (:data:`_FRAME_AFTER`).

        "Kisharo in Rutshuru territory", "Nyamilima, a village near Rutshuru",
        "the village of Tort-Kocho": the frame is the evidence, whatever NER
        thought of the name (never a name after a title such as "General").
        """
        toks, text = self.toks, self.text
        out: list[Mention] = []
        k = 0
        while k < len(toks):
            t = toks[k]
            if not t.cap or t.in_url or t.headline or k in self.demonym_at:
                k += 1
                continue
            j = k + 1
            while (
                j < len(toks)
                and j - k < 4
                and toks[j].cap
                and joinable(text, toks[j - 1], toks[j])
                and j not in self.demonym_at
            ):
                j += 1
            s, e = t.start, toks[j - 1].end
            k_next = j
            words = toks[k:j]
            if (
                _overlaps(s, e, taken)
                or any(a <= s and e <= b for a, b in title_persons)
                or (k > 0 and toks[k - 1].fold in TITLE_WORDS)
                or self.after_name_particles(k)
                or all(
                    w.fold in _STOPWORDS_CAP
                    or w.fold in CALENDAR_WORDS
                    or w.fold in TITLE_WORDS
                    or w.fold in ORG_WORDS
                    or is_common_word(w.fold)
                    or (w.sent_start and word_commonness(w.fold) >= 2.5)
                    for w in words
                )
                or (words[0].fold in _STOPWORDS_CAP and len(words) == 1)
            ):
                k = k_next
                continue
            if words[0].fold in _STOPWORDS_CAP:  # "The Kisharo" -> "Kisharo"
                s = words[1].start
            kind_named = (
                len(words) > 1
                and words[-1].fold in PLACE_KIND_WORDS
                and not is_common_word(words[0].fold)
            )
            known_as = _KNOWN_AS.search(text, max(0, s - 40), s)
            if (
                kind_named
                or _FRAME_AFTER.match(text, e)
                or _FRAME_BEFORE.search(text, max(0, s - 40), s)
                or (
                    known_as is not None
                    and not all(w.upper for w in words)
                    and (
                        any(b == known_as.start() for _, b in taken)
                        # "The village, which locals call Y": the kind word refers back
                        or _KIND_BEFORE_ALIAS.search(
                            text, max(0, known_as.start() - 20), known_as.start()
                        )
                        is not None
                    )
                )
            ):
                span = text[s:e]
                out.append(Mention(s, e, span, fold(span), source="frame"))
                taken.append((s, e))
            k = k_next
        return out

    def kind_after(self, k: int) -> tuple[str, int] | None:
        """(kind word, last token + 1) of a kind phrase starting at token k, or ``None``.

        "checkpoint", "border checkpoint", "rail station", "reception point",
        "crossings" (a plural, for the names listed before it).
        """
        toks = self.toks
        j = k
        while j < len(toks) and j - k < 2 and toks[j].fold in NAME_KIND_MODIFIERS:
            j += 1
        for end in (j + 1, j):  # the kind word itself may be a modifier ("border")
            if end <= k or end > len(toks):
                continue
            u = toks[end - 1]
            if (
                u.cap
                or u.in_url
                or not all(joinable(self.text, toks[x - 1], toks[x]) for x in range(k + 1, end))
            ):
                continue
            word = u.fold
            singular = word[:-1] if word.endswith("s") and word[:-1] in NAME_KIND_SUFFIXES else word
            if singular in MODIFIED_KIND_WORDS and end - 1 > k:
                return singular, end
            if singular in NAME_KIND_SUFFIXES or (singular == "border" and end - 1 == k):
                return word, end
        return None

    def name_ok(self, i: int, j: int, persons: list[tuple[int, int]], surnames: set[str]) -> bool:
        """Whether tokens [i, j) may be an unknown place name that the context vouches for.

        Not all common words, no acronym, title, organisation word or demonym, not
        a known person's name, not part of a longer capitalised name.
        """
        toks = self.toks
        words = toks[i:j]
        if not words or any(t.in_url or t.headline for t in words):
            return False
        if all(t.upper for t in words) or not self.acceptable_run(i, j):
            return False
        if any(t.fold in TITLE_WORDS or t.fold in ORG_WORDS for t in words):
            return False
        if any(x in self.demonym_at for x in range(i, j)):
            return False
        if i > 0 and (toks[i - 1].fold in TITLE_WORDS or toks[i - 1].fold in PERSONAL_PREFIXES):
            return False
        if j - i == 1 and words[0].fold in surnames:
            return False
        start, end = words[0].start, words[-1].end
        if any(s <= start and end <= e and (s, e) != (start, end) for s, e in persons):
            return False  # a part of a person's longer name
        return not (words[0].sent_start and j - i == 1 and word_commonness(words[0].fold) >= 2.5)

    def group_names(self) -> set[str]:
        """Folded names NER calls a people or a group somewhere in the text ("Hezbollah").

        Only where no kind word follows (NER calls many an unknown name before
        "area" or "plain" a people), and the last word of a longer one ("South
        Ossetian" makes "Ossetian" a people's name too).
        """
        out: set[str] = set()
        for s, e, lab in self.ents:
            if lab not in _GROUP_LABELS:
                continue
            _, j = self.tok_range(s, e)
            if j < len(self.toks) and self.kind_after(j) is not None:
                continue
            out.add(fold(self.text[s:e]))
            out.add(self.toks[j - 1].fold)
        return out

    def kinded(
        self, taken: list[tuple[int, int]], persons: list[tuple[int, int]], surnames: set[str]
    ) -> list[Mention]:
        """Unknown names a kind word right after them makes places (:data:`NAME_KIND_SUFFIXES`).

        "Afder zone", "the Gurugu forest", "the Luhamaa border checkpoint", "the
        Jarinje and Brnjak crossings" (a plural kind names each listed name).
        The kind is the evidence, whatever NER thought of the name; a person's
        name ("the Trump camp") is never one.
        """
        toks, text = self.toks, self.text
        out: list[Mention] = []
        groups = self.group_names()
        for k in range(1, len(toks)):
            if toks[k].cap or toks[k].fold not in _KIND_STARTS:
                continue
            numbered = k >= 2 and toks[k - 1].text.isdigit() and toks[k - 2].cap
            if not (toks[k - 1].cap or numbered):
                continue
            if not joinable(text, toks[k - 1], toks[k]):
                continue
            kind = self.kind_after(k)
            if kind is None:
                continue
            word, end_k = kind
            singular = (
                word[:-1]
                if word not in _KIND_WORDS and word.endswith("s") and word[:-1] in _KIND_WORDS
                else word
            )  # "crossings" names several; "the Gurugu hills" one place
            plural = singular != word
            run = self.numbered_run_before(k)
            if run is None:
                continue
            runs = [run]
            if plural:
                prev = self.joined_before(run[0])
                while prev is not None:
                    runs.append(prev[0])
                    prev = self.joined_before(prev[0][0])
                if len(runs) < 2:
                    continue  # "Shiite villages", "Kurdish towns": an adjective, not names
            before = toks[run[0] - 1].fold if run[0] > 0 else ""
            if before in _OWNER_WORDS:
                continue  # "a Hezbollah post", "their Himalayan frontier": whose, not which
            if singular in ("border", "frontier") and before != "the":
                continue  # "the Jhalangi frontier"
            hint = NAME_KIND_SUFFIXES.get(singular)
            for i, j in runs:
                s, e = toks[i].start, toks[j - 1].end
                if _overlaps(s, e, taken) or not self.name_ok(i, j, persons, surnames):
                    continue
                if fold(text[s:e]) in groups:
                    continue  # "a Hezbollah post": NER reads the name as a group's
                if (
                    not plural
                    and singular in ("camp", "base", "market")
                    and (self.ent_label_over(s, e) & {"PERSON"})
                ):
                    continue
                span = text[s:e]
                out.append(
                    Mention(
                        s, e, span, fold(span), source="kind", feature_hint=hint,
                        ext_end=toks[end_k - 1].end if (i, j) == run else None,
                    )
                )  # fmt: skip
                taken.append((s, e))
        return out

    def joined_before(self, i: int) -> tuple[tuple[int, int], str] | None:
        """The name run listed just before token ``i`` and its join ("and" or ",")."""
        toks = self.toks
        if (
            i >= 2
            and toks[i - 1].fold in ("and", "or")
            and self.gap(i - 2, i - 1).strip() in ("", ",")
        ):
            run, join = self.numbered_run_before(i - 1), "and"
        elif i >= 1 and self.gap(i - 1, i).strip() == ",":
            run, join = self.numbered_run_before(i), ","
        else:
            return None
        return None if run is None else (run, join)

    def joined_after(self, j: int) -> tuple[tuple[int, int], str] | None:
        """The name run listed just after token ``j - 1`` and its join, if a whole name."""
        toks = self.toks
        if (
            j + 1 < len(toks)
            and toks[j].fold in ("and", "or")
            and self.gap(j - 1, j).strip() in ("", ",")
        ):
            nearby = j + 2 < len(toks) and toks[j + 1].fold == "nearby"  # "and nearby X"
            run, join = self.name_run_after(j + 2 if nearby else j + 1), "and"
        elif 0 < j < len(toks) and self.gap(j - 1, j).strip() == ",":
            run, join = self.name_run_after(j), ","
        else:
            return None
        if run is None or run[0] < j:
            return None
        e = run[1]
        if e < len(toks) and toks[e].cap and joinable(self.text, toks[e - 1], toks[e]):
            return None  # the start of a longer name
        return run, join

    def vouched(self, m: Mention) -> bool:
        """Whether more than a bare gazetteer match makes ``m`` a place.

        A kind word, a frame, a list, a dateline, NER's place label, or a
        country, province or curated place ("Tim and Kristina said": a bare
        match of "Kristina" vouches for nothing).
        """
        if m.feature_hint or m.dateline or m.source not in ("gazetteer", "abbreviation"):
            return True
        if self.index.is_strong(m.key) or self.index.is_unit(m.key):
            return True
        return bool(self.ent_label_within(m.start, m.end) & PLACE_LABELS)

    def modifier_list(self, k: int) -> bool:
        """Whether the token at k is a plural noun the listed names modify ("avenues")."""
        toks = self.toks
        if k >= len(toks) or toks[k].cap or self.gap(k - 1, k) != " ":
            return False
        word = toks[k].fold
        return (
            len(word) > 3
            and word.endswith("s")
            and not word.endswith("ss")
            and word not in _VERBS_IN_S
            and word[:-1] not in NAME_KIND_SUFFIXES
        )

    def listed(
        self,
        mentions: list[Mention],
        taken: list[tuple[int, int]],
        pending: list[_Hit],
        persons: list[tuple[int, int]],
        surnames: set[str],
    ) -> list[Mention]:
        """Names listed with a recognised place ("Muse and Chinshwehaw").

        "Kfarchouba, Halta and Habbariyeh", "Salla, Kuusamo and Vartius".

        A list is two names joined by "and"/"or", or three or more joined by
        commas (with or without a last "and"). When one of its names is a place
        below country level, the others are places too: an unknown name, or a
        gazetteer name NER read as a person's (a word NER calls a person that no
        gazetteer has only in a list of three or more, one it calls an
        organisation only there or without "the"; never a person's name in the
        text, nor a name NER calls a people or group elsewhere).
        """
        toks = self.toks
        anchors = set()
        vouched: set[tuple[int, int]] = set()
        for m in mentions:
            if m.kind not in ("place", "facility") or m.feature_hint == "country":
                continue
            if self.index.is_country(m.key) or m.key in DEMONYMS:
                continue
            span = self.tok_range(m.start, m.end)
            anchors.add(span)
            if self.vouched(m):
                vouched.add(span)
        if not anchors:
            return []
        pending_at = {(h.i, h.j): h for h in pending}
        groups = self.group_names()
        out: list[Mention] = []
        seen: set[tuple[int, int]] = set()
        for anchor in sorted(anchors):
            if anchor in seen:
                continue
            items, joins = [anchor], []
            prev = self.joined_before(anchor[0])
            while prev is not None:
                items.insert(0, prev[0])
                joins.insert(0, prev[1])
                prev = self.joined_before(prev[0][0])
            nxt = self.joined_after(anchor[1])
            while nxt is not None:
                items.append(nxt[0])
                joins.append(nxt[1])
                nxt = self.joined_after(nxt[0][1])
            # "A and B", "A, B and C", "A, B, C": never "In Goma, Nangaa said"
            if not ("and" in joins or len(items) >= 3):
                continue
            if self.modifier_list(items[-1][1]):
                continue  # "between North and Strickland avenues": names of other things
            first = items[0][0]
            framed_list = first > 0 and (
                toks[first - 1].fold in _IN_WORDS
                or _FRAME_BEFORE.search(
                    self.text, max(0, toks[first].start - 40), toks[first].start
                )
                is not None
            )  # "the checkpoints at Medininkai and Salcininkai"
            seen.update(items)
            for i, j in items:
                s, e = toks[i].start, toks[j - 1].end
                if (i, j) in anchors or _overlaps(s, e, taken):
                    continue
                hit = pending_at.get((i, j))
                if hit is not None and (len(items) >= 3 or vouched & set(items) or framed_list):
                    out.append(Mention(s, e, self.text[s:e], hit.key, source="gazetteer"))
                    taken.append((s, e))
                    continue
                if hit is not None or not self.name_ok(i, j, persons, surnames):
                    continue  # a name NER calls a person, in a list nothing vouches for
                labels = self.ent_label_over(s, e)
                if labels & _NOT_PLACE_LABELS and (j - i > 1 or fold(self.text[s:e]) in groups):
                    continue
                if "PERSON" in labels and len(items) < 3:
                    continue
                if "ORG" in labels and len(items) < 3 and i > 0 and toks[i - 1].fold == "the":
                    continue  # NER's person or organisation, and no gazetteer place
                span = self.text[s:e]
                out.append(Mention(s, e, span, fold(span), source="list"))
                taken.append((s, e))
        return out

    def appositive_hints(self, mentions: list[Mention]) -> list[Mention]:
        """Kinds that appositives give names ("Santa Rosa, a river island in ...").

        The mention takes the kind as its feature hint when it has none; a
        physical kind (island, river, forest ...) holds for the name's other
        bare mentions too: one sense per discourse.
        """
        hints: dict[int, str] = {}
        physical: dict[str, str] = {}
        for n, m in enumerate(mentions):
            if m.kind != "place" or m.feature_hint is not None:
                continue
            a = _APPOSITIVE.match(self.text, m.end)
            hint = APPOSITIVE_KINDS.get(re.sub(r"\s+", " ", a.group("kind"))) if a else None
            if hint is not None:
                hints[n] = hint
                if hint in PHYSICAL_HINTS:
                    physical.setdefault(m.key, hint)
        if not hints:
            return mentions
        out = []
        for n, m in enumerate(mentions):
            hint = hints.get(n)
            if hint is None and m.kind == "place" and m.feature_hint is None:
                hint = physical.get(m.key)
            out.append(m if hint is None else replace(m, feature_hint=hint))
        return out

    def repeats(
        self,
        mentions: list[Mention],
        surnames: set[str],
        title_persons: set[tuple[int, int]] = frozenset(),  # type: ignore[assignment]
        sources: list[Mention] | None = None,
    ) -> list[Mention]:
        """Other occurrences of names recognised once: one sense per discourse.

        "The Sarstoon River ... back to the Sarstoon": a capitalised name that is
        a place mention once is one at every other occurrence in the text that
        nothing else claims (not inside a person's or organisation's name).
        A name with its kind word ("Sarstoon River") also recurs bare.
        ``sources``: only these mentions' names (default: all of ``mentions``).
        """
        toks = self.toks
        forms: dict[str, list[tuple[tuple[str, ...], Mention]]] = defaultdict(list)
        for m in mentions if sources is None else sources:
            if m.kind not in ("place", "facility") or not m.text[:1].isupper():
                continue
            i, j = self.tok_range(m.start, m.end)
            if m.source == "ner" and (
                not (i > 0 and toks[i - 1].fold in _IN_WORDS) or m.text.isupper()
            ):
                continue  # NER's own guesses are evidence enough only after "in", "at" ...

            folds = tuple(t.fold for t in toks[i:j])
            variants = {folds}
            if len(folds) > 1 and folds[-1] in PLACE_KIND_WORDS:
                variants.add(folds[:-1])
            for v in variants:
                if len(v) == 1 and v[0] in surnames:
                    continue  # "President Salva Kiir ... Kiir said": a surname
                if v and not all(is_common_word(f) for f in v):
                    forms[v[0]].append((v, m))
        if not forms:
            return []
        taken = [(m.start, m.end) for m in mentions]
        # a lone word NER calls a person does not block a name the text makes a
        # place elsewhere ("Yeed had come under attack"); a titled name does
        blocked = [
            (s, e)
            for s, e, why in self.vetoed
            if not (
                why in ("person", "organisation")
                and (s, e) not in title_persons
                and " " not in self.text[s:e]
            )
        ]
        # nor does NER's person or organisation reading of exactly the name the text makes
        # a place elsewhere ("reach Bajo Chiquito, the first village ... From Bajo
        # Chiquito, boats ...")
        persons_named = {
            (s, e)
            for s, e, why in self.vetoed
            if why in ("person", "organisation")
            and (s, e) not in title_persons
            and " " in self.text[s:e]
        }
        out: list[Mention] = []
        groups = self.group_names()
        for k, t in enumerate(toks):
            if not t.cap or t.in_url or t.fold not in forms:
                continue
            for v, m in sorted(forms[t.fold], key=lambda x: -len(x[0])):
                j = k + len(v)
                if j > len(toks) or tuple(x.fold for x in toks[k:j]) != v:
                    continue
                if j < len(toks) and toks[j].cap and joinable(self.text, toks[j - 1], toks[j]):
                    break  # part of a longer name
                if m.source != "gazetteer" and (
                    (
                        k > 0
                        and toks[k - 1].cap
                        and not t.sent_start
                        and toks[k - 1].fold not in _STOPWORDS_CAP
                        and joinable(self.text, toks[k - 1], t)
                    )
                    or " ".join(v) in groups
                ):
                    break  # "Operation Amani Boni", "Hezbollah said": not the place
                s, e = t.start, toks[j - 1].end
                if _overlaps(s, e, taken) or any(
                    a <= s and e <= b and not ((a, b) == (s, e) and (s, e) in persons_named)
                    for a, b in blocked
                ):
                    break
                if self.ent_label_over(s, e) & _NOT_PLACE_LABELS and not any(
                    (a, b) == (s, e) for a, b, _ in self.ents
                ):
                    break  # "Kiir said": NER reads this occurrence as (part of) a name
                out.append(
                    Mention(
                        s, e, self.text[s:e], m.key, kind=m.kind,
                        feature_hint=m.feature_hint, source=m.source,
                    )
                )  # fmt: skip
                taken.append((s, e))
                break
        return out

    def ner_only(
        self, taken: list[tuple[int, int]], vetoed: list[tuple[int, int]], surnames: set[str]
    ) -> list[Mention]:
        """Places NER finds that no other signal covers."""
        out = []
        for s, e, lab in self.ents:
            if lab not in PLACE_LABELS or _overlaps(s, e, taken):
                continue
            span = self.text[s:e]
            lead = re.match(r"(?i)the\s+", span)
            if lead:
                s += lead.end()
                span = self.text[s:e]
            span_stripped = span.rstrip(" .,'’")
            e = s + len(span_stripped)
            span = span_stripped
            if not span or not span[0].isupper() or "\n\n" in span:
                continue
            i, j = self.tok_range(s, e)
            words = [t for t in self.toks[i:j]]
            if not words or any(t.in_url for t in words):
                continue
            key = fold(span)
            if key in DEMONYMS or all(k in self.demonym_at for k in range(i, j)):
                self.dropped.append((s, e, "ner demonym"))
                continue
            if span.isupper() and len(span) <= 5:
                self.dropped.append((s, e, "acronym"))
                continue
            if lab == "FAC" and not any(t.fold in FACILITY_WORDS for t in words):
                self.dropped.append((s, e, "ner facility"))
                continue
            if any(a <= s and e <= b for a, b in vetoed) or key in surnames:
                self.dropped.append((s, e, "ner vetoed"))
                continue
            if all(is_common_word(t.fold) or t.fold in _STOPWORDS_CAP for t in words):
                self.dropped.append((s, e, "ner common"))
                continue
            if self.after_name_particles(i):
                # "von der Leyen": NER's place is the end of a person's name
                self.dropped.append((s, e, "ner vetoed"))
                continue
            out.append(
                Mention(s, e, span, key, kind="facility" if lab == "FAC" else "place", source="ner")
            )
            taken.append((s, e))
        return out


def _only_districts(index: NameIndex, key: str) -> bool:
    """Whether every sense of ``key`` is a unit of the world's district layers."""
    cands = index.candidates(key)
    return bool(cands) and all(is_world_district(c.place) for c in cands)


def _country_key(index: NameIndex, code: str) -> str | None:
    for key, cc in index.country_keys.items():
        if cc == code:
            return key
    return None


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    # a plain loop: called for most tokens, about twice as fast as any() over a generator
    for s, e in spans:  # noqa: SIM110
        if s < end and start < e:
            return True
    return False


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for m in mentions:
        k = (m.start, m.end, m.kind)
        if k not in seen:
            seen.add(k)
            out.append(m)
    return out


def recognize(
    text: str,
    gazetteer: GazetteerLike,
    *,
    doc: object | None = None,
    ents: Sequence[tuple[int, int, str]] | None = None,
    tokens: Sequence[Token] = (),
) -> Recognition:
    """Find the place mentions of ``text`` (see the module docstring).

    ``doc`` is a spaCy ``Doc`` of ``text`` (its entities are read), or give
    ``ents`` as ``(start_char, end_char, label)`` triples; with neither, the
    gazetteer and the rules work alone. ``tokens``: the text's tokens from an
    earlier :class:`Recognition` of the same text (not tokenised again).

    >>> from geo.gazetteer import Gazetteer
    >>> from geo.model import Place
    >>> gaz = Gazetteer.from_places([Place("gn:1", "Zas", 1, 2, "BY", "populated_place")])
    >>> recognize("Secretary General Stanislav Zas said. Zas left.", gaz).mentions
    ()
    """
    if ents is None and doc is not None:
        ents = _ents_from_doc(doc)
    return _Recognizer(text, name_index(gazetteer), tokens).run(ents)


class Pending:
    """Recognition in two steps, so that NER runs only where it matters.

    >>> from geo.gazetteer import Gazetteer
    >>> from geo.model import Place
    >>> gaz = Gazetteer.from_places([Place("gn:1", "Zas", 54.0, 27.0, "BY",
    ...                                    "populated_place", population=300)])
    >>> text = "Talks went on. Zas said so."
    >>> p = Pending(text, gaz)
    >>> p.windows
    [(15, 27)]
    >>> p.finish([(15, 18, "PERSON")]).mentions
    ()
    """

    def __init__(self, text: str, gazetteer: GazetteerLike) -> None:
        self._rec = _Recognizer(text, name_index(gazetteer))
        #: Sentences to run NER on, as (start, end) character spans.
        self.windows = self._rec.ner_windows()

    def finish(self, ents: Sequence[tuple[int, int, str]] | None) -> Recognition:
        """Complete recognition with entities found in :attr:`windows` (text offsets).

        With entities, the result's ``rules_only`` reads the text again without
        them (``rules_only.run(None)``, as ``recognize(text, gazetteer)`` would).
        """
        if ents is None:
            return self._rec.run(ents)
        before = self._rec.snapshot()
        return replace(self._rec.run(ents), rules_only=before)


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n\s*")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    r"""Split ``text`` into rough sentences (line breaks and end punctuation).

    >>> text = "Clashes near Vorukh. Residents fled.\nKabul, June 3"
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['Clashes near Vorukh.', 'Residents fled.', 'Kabul, June 3']
    """
    out = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def shift(mention: Mention, offset: int) -> Mention:
    """Return ``mention`` with every offset moved by ``offset``.

    >>> shift(Mention(0, 4, "Osh.", "osh"), 10).start
    10
    """
    return replace(
        mention,
        start=mention.start + offset,
        end=mention.end + offset,
        ext_start=None if mention.ext_start is None else mention.ext_start + offset,
        ext_end=None if mention.ext_end is None else mention.ext_end + offset,
        components=tuple((s + offset, e + offset) for s, e in mention.components),
    )


__all__ = [
    "PLACE_LABELS",
    "Mention",
    "Pending",
    "Recognition",
    "recognize",
    "sentence_spans",
    "shift",
]
