"""Word lists the recogniser and the resolver share (general English, not fitted to any text).

All keys are folded (:func:`geo.names.fold`): lower case, no diacritics.

>>> DEMONYMS["tajik"], DEMONYMS["kyrgyz"]
('TJ', 'KG')
>>> "near" in LOCATIVE_PREPOSITIONS
True
>>> word_commonness("police") > word_commonness("kunduz")
True
"""

from __future__ import annotations

import csv
import functools
import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from geo.countries import LazyMapping, country_words
from geo.nlp import english_stop_words

log = logging.getLogger("sitmap.geoparse")

#: spaCy's English stop words (read without importing spaCy).
STOP_WORDS: frozenset[str] = english_stop_words()


def _demonym_index() -> dict[str, str]:
    from geo.names import fold

    return {
        fold(d): code
        for code, w in country_words().items()
        for d in w.demonyms
        if not d.replace(".", "").isupper()  # "U.S." used as an adjective is still a place
    }


#: Demonyms and national adjectives (folded) -> ISO 3166-1 alpha-2, for every
#: country (data: ``geo/data/countries/``). Not toponyms, but country context
#: ("Afghan soldiers"), and the parts of named borders ("the Thai-Cambodian border").
DEMONYMS: Mapping[str, str] = LazyMapping(_demonym_index)


def _press_name_index() -> dict[str, str]:
    from geo.names import fold

    return {fold(n): code for code, w in country_words().items() for n in (w.name, *w.names)}


#: The names the press gives each country (folded) -> ISO 3166-1 alpha-2; a name two
#: countries share belongs to one of them (``geo.countries.country_words``: "Congo"
#: alone is the Democratic Republic's, as in the curated row's sources).
COUNTRY_PRESS_NAMES: Mapping[str, str] = LazyMapping(_press_name_index)

#: Prepositions that introduce a location ("in Kunduz", "near Vorukh").
#: Continental adjectives (folded) -> the continent's English name: "European
#: leaders" speaks of Europe as "Afghan" speaks of Afghanistan.
CONTINENT_DEMONYMS: dict[str, str] = {
    "european": "Europe",
    "asian": "Asia",
    "african": "Africa",
    "north american": "North America",
    "south american": "South America",
    "latin american": "South America",
    "oceanian": "Oceania",
    "antarctic": "Antarctica",
}

LOCATIVE_PREPOSITIONS: frozenset[str] = frozenset(
    [
        "in",
        "at",
        "near",
        "from",
        "to",
        "into",
        "outside",
        "inside",
        "around",
        "across",
        "towards",
        "toward",
        "via",
        "through",
        "throughout",
        "within",
        "between",
        "along",
        "nearby",
        "beyond",
        "off",
        "onto",
        "across",
        "past",
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
    ]
)

#: Words before a capitalised name that make it a person ("spokesman Vladimir ...").
TITLE_WORDS: frozenset[str] = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "lord",
        "lady",
        "president",
        "presidents",
        "minister",
        "ministers",
        "premier",
        "chancellor",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "secretary",
        "general",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "adm",
        "colonel",
        "major",
        "captain",
        "lieutenant",
        "sergeant",
        "admiral",
        "commander",
        "chief",
        "ambassador",
        "envoy",
        "governor",
        "mayor",
        "senator",
        "sen",
        "rep",
        "representative",
        "congressman",
        "congresswoman",
        "judge",
        "justice",
        "officer",
        "deputy",
        "director",
        "chairman",
        "chairwoman",
        "chair",
        "leader",
        "king",
        "queen",
        "prince",
        "princess",
        "emir",
        "sheikh",
        "mullah",
        "imam",
        "pope",
        "bishop",
        "father",
        "reverend",
        "rev",
        "saint",
        "correspondent",
        "reporter",
        "analyst",
        "professor",
        "coach",
        "president-elect",
        "head",
        "founder",
        "ceo",
        "manager",
        "editor",
        "sheriff",
        "attorney",
        "detective",
        "trooper",
        "councilman",
        "councilwoman",
        "councillor",
        "councilor",
        "commissioner",
        "superintendent",
    ]
)

#: Capitalised words that make a run of capitalised words an organisation.
ORG_WORDS: frozenset[str] = frozenset(
    [
        "radio",
        "news",
        "agency",
        "ministry",
        "council",
        "committee",
        "service",
        "services",
        "organization",
        "organisation",
        "university",
        "college",
        "school",
        "academy",
        "institute",
        "foundation",
        "fund",
        "times",
        "post",
        "press",
        "tribune",
        "herald",
        "journal",
        "gazette",
        "daily",
        "weekly",
        "bank",
        "company",
        "corporation",
        "corp",
        "inc",
        "ltd",
        "llc",
        "group",
        "party",
        "front",
        "movement",
        "army",
        "forces",
        "force",
        "guard",
        "guards",
        "police",
        "department",
        "office",
        "court",
        "assembly",
        "parliament",
        "senate",
        "congress",
        "union",
        "federation",
        "association",
        "society",
        "commission",
        "bureau",
        "authority",
        "administration",
        "government",
        "cabinet",
        "treaty",
        "mission",
        "command",
        "brigade",
        "battalion",
        "regiment",
        "division",
        "corps",
        "hospital",
        "church",
        "mosque",
        "airlines",
        "airways",
        "network",
        "channel",
        "television",
        "tv",
        "broadcasting",
        "telegraph",
        "guardian",
        "observer",
        "review",
        "monitor",
        "chronicle",
        "express",
        "mirror",
        "standard",
        "novosti",
        "liberty",
        "international",
        "club",
        "team",
        "league",
        "federal",
        "agency",
        "interfax",
        "tass",
        "reuters",
        "associated",
        "program",
        "programme",
        "project",
        "initiative",
        "alliance",
        "coalition",
        "center",
        "centre",
        "secretariat",
        "board",
        "directorate",
        "inspectorate",
        "prosecutor",
        "prosecutors",
        "procuracy",
    ]
)

#: Words for criminal organisations that take the name of their home region: the
#: place names before them (up to a few capitalised words and "and", either case) name
#: the group, not where anything happens ("the Sinaloa Cartel", "the Jalisco New
#: Generation and Sinaloa cartels").
GROUP_NAME_WORDS: frozenset[str] = frozenset({"cartel", "cartels"})

#: Nouns of people that, after a province's other name, make that name a people's
#: ("Karen fighters", "Karen sources": the Karen, not Kayin State).
PEOPLE_NOUNS: frozenset[str] = frozenset(
    [
        "fighters",
        "rebels",
        "guerrillas",
        "insurgents",
        "militants",
        "militiamen",
        "militias",
        "militia",
        "forces",
        "troops",
        "sources",
        "leaders",
        "villagers",
        "refugees",
        "civilians",
        "people",
        "elders",
        "communities",
        "community",
        "youth",
        "herders",
        "tribesmen",
    ]
)

#: Organisation words that, after a place name, still leave the place a
#: locating modifier ("Alexandria Police", "Kabul University", "Moscow Times").
MODIFIER_ORG_WORDS: frozenset[str] = frozenset(
    [
        "police",
        "university",
        "college",
        "school",
        "times",
        "post",
        "press",
        "tribune",
        "herald",
        "journal",
        "gazette",
        "daily",
        "airport",
        "hospital",
        "council",
        "city",
        "county",
        "court",
        "department",
        "fire",
        "sheriff",
        "government",
        "administration",
    ]
)

#: Line-feature words after a name pair: "the Batken-Isfana road".
ROAD_WORDS: dict[str, str] = {
    "road": "road", "highway": "road", "motorway": "road", "route": "road",
    "expressway": "road", "railway": "road", "railroad": "road", "pipeline": "road",
    "corridor": "road", "freeway": "road", "canal": "road",
}  # fmt: skip

#: Words naming a state border.
BORDER_WORDS: frozenset[str] = frozenset({"border", "frontier", "boundary", "borders"})
#: Capitalised last words that make an unknown name a place by its own form
#: ("Sarstoon River", "Tirah Valley", "Kambar Pass"): physical features and
#: crossings, never organisations.
PLACE_KIND_WORDS: frozenset[str] = frozenset(
    {
        "river", "valley", "pass", "mountains", "hills", "gorge", "plateau", "desert",
        "creek", "reservoir", "glacier", "crossing", "checkpoint", "lagoon", "estuary",
        "island", "peninsula", "forest", "plain",
    }
)  # fmt: skip

#: Section words between a named border pair and "border":
#: "the Kyrgyz-Tajik section of the state border".
BORDER_FILLERS: frozenset[str] = frozenset(
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
        "the",
        "state",
        "common",
        "shared",
        "national",
        "international",
        "disputed",
    ]
)

#: Words that make a capitalised NER FAC span or a numbered base a facility.
FACILITY_WORDS: frozenset[str] = frozenset(
    [
        "base",
        "airbase",
        "airport",
        "airfield",
        "bridge",
        "dam",
        "checkpoint",
        "crossing",
        "outpost",
        "post",
        "station",
        "port",
        "harbour",
        "harbor",
        "camp",
        "garrison",
        "fort",
        "fortress",
        "barracks",
        "terminal",
        "range",
        "ground",
        "grounds",
        "plant",
    ]
)

#: Lower-case words allowed inside a multi-word place name ("Mazar-i-Sharif",
#: "Stratford-upon-Avon", "Rostov-on-Don", "Bosnia and Herzegovina").
CONNECTORS: frozenset[str] = frozenset(
    [
        "i",
        "e",
        "y",
        "a",
        "al",
        "el",
        "ul",
        "ur",
        "as",
        "ad",
        "ash",
        "at",
        "an",
        "of",
        "the",
        "de",
        "del",
        "della",
        "di",
        "da",
        "do",
        "dos",
        "das",
        "du",
        "des",
        "la",
        "le",
        "les",
        "los",
        "las",
        "van",
        "von",
        "der",
        "den",
        "ter",
        "upon",
        "on",
        "sur",
        "en",
        "am",
        "im",
        "and",
        "bin",
        "ibn",
    ]
)

#: AP-style abbreviations of US states, folded, -> state name ("Ga." -> "Georgia").
US_STATE_ABBREVIATIONS: dict[str, str] = {
    "ala": "Alabama", "ariz": "Arizona", "ark": "Arkansas", "calif": "California",
    "cal": "California", "colo": "Colorado", "conn": "Connecticut", "del": "Delaware",
    "fla": "Florida", "ga": "Georgia", "ill": "Illinois", "ind": "Indiana", "kan": "Kansas",
    "kans": "Kansas", "ky": "Kentucky", "la": "Louisiana", "md": "Maryland",
    "mass": "Massachusetts", "mich": "Michigan", "minn": "Minnesota", "miss": "Mississippi",
    "mo": "Missouri", "mont": "Montana", "neb": "Nebraska", "nebr": "Nebraska",
    "nev": "Nevada", "nh": "New Hampshire", "nj": "New Jersey", "nm": "New Mexico",
    "ny": "New York", "nc": "North Carolina", "nd": "North Dakota", "okla": "Oklahoma",
    "ore": "Oregon", "pa": "Pennsylvania", "penn": "Pennsylvania", "ri": "Rhode Island",
    "sc": "South Carolina", "sd": "South Dakota", "tenn": "Tennessee", "tex": "Texas",
    "vt": "Vermont", "va": "Virginia", "wash": "Washington", "wva": "West Virginia",
    "wis": "Wisconsin", "wisc": "Wisconsin", "wyo": "Wyoming", "dc": "District of Columbia",
}  # fmt: skip

#: Canadian province abbreviations of the press (folded): "Vancouver, B.C.".
CA_PROVINCE_ABBREVIATIONS: dict[str, str] = {
    "bc": "British Columbia", "alta": "Alberta", "sask": "Saskatchewan",
    "man": "Manitoba", "ont": "Ontario", "que": "Quebec", "ns": "Nova Scotia",
    "nb": "New Brunswick", "nl": "Newfoundland and Labrador",
    "nfld": "Newfoundland and Labrador", "pei": "Prince Edward Island",
}  # fmt: skip

#: Month and weekday names: capitalised by rule, never places on their own.
CALENDAR_WORDS: frozenset[str] = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)

#: Zipf frequency (wordfreq) at or above which a word counts as common English.
COMMON_ZIPF = 3.3

#: Words common enough in English to need corroboration when there is no
#: word-frequency table (wordfreq not installed): stop words and calendar words.
_FALLBACK_COMMON: frozenset[str] = frozenset(STOP_WORDS) | CALENDAR_WORDS


@functools.lru_cache(maxsize=1)
def _zipf():  # type: ignore[no-untyped-def]
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        log.warning("wordfreq not installed; using stop words to spot common-word place names")
        return None
    return zipf_frequency


@functools.lru_cache(maxsize=200_000)
def word_commonness(folded: str) -> float:
    """Return the Zipf frequency of a folded word or phrase in English (0 = unseen).

    Without wordfreq, 7.0 for stop words and calendar words, else 0.

    >>> word_commonness("of") > 6
    True
    """
    zipf = _zipf()
    if zipf is None:
        return 7.0 if folded in _FALLBACK_COMMON else 0.0
    return float(zipf(folded, "en"))


def is_common_word(folded: str) -> bool:
    """Return True when ``folded`` is a common English word ("police", "march", "mobile").

    >>> is_common_word("march"), is_common_word("kunduz")
    (True, False)
    """
    return folded in CALENDAR_WORDS or word_commonness(folded) >= COMMON_ZIPF


# --- short forms that name places ------------------------------------------------------


#: Where an abbreviation names a place (``context`` column of ``abbreviations.csv``):
#: ``upper`` written in capitals outside an all-capitals line ("the EU", "UAE");
#: ``the_upper`` the same right after "the" ("the CAR", never "car" or "CAR BOMB");
#: ``after_place`` right after "<Name>, " ("Austin, TX", "Calgary, AB");
#: ``party`` in a party label ("(D-TX)", "(R-NY)"); ``before_hyphen`` a combining
#: form before a hyphen and a name ("Sino-Indian", "Indo-Pakistani").
ABBREVIATION_CONTEXTS: frozenset[str] = frozenset(
    {"upper", "the_upper", "after_place", "party", "before_hyphen"}
)


class Abbreviation(NamedTuple):
    """One row of ``geo/data/places/abbreviations.csv``."""

    abbreviation: str
    name: str
    country: str
    kind: str
    contexts: frozenset[str]
    source: str


ABBREVIATIONS_CSV = Path(__file__).resolve().parents[1] / "data" / "places" / "abbreviations.csv"


@functools.lru_cache(maxsize=4)
def load_abbreviations(path: Path = ABBREVIATIONS_CSV) -> dict[str, tuple[Abbreviation, ...]]:
    """Short forms that name places, by their exact written form (cited data).

    >>> rows = load_abbreviations()
    >>> rows["UAE"][0].name, sorted(rows["TX"][0].contexts)
    ('United Arab Emirates', ['after_place', 'party'])
    >>> rows["Sino"][0].country, "IN" in rows
    ('CN', True)
    """
    out: dict[str, list[Abbreviation]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            contexts = frozenset(row["context"].split("|"))
            unknown = contexts - ABBREVIATION_CONTEXTS
            if unknown:
                raise ValueError(f"{path.name}: {row['abbreviation']}: unknown context {unknown}")
            out.setdefault(row["abbreviation"], []).append(
                Abbreviation(
                    row["abbreviation"],
                    row["name"],
                    row["country"],
                    row["kind"],
                    contexts,
                    row["source"],
                )
            )
    return {k: tuple(v) for k, v in out.items()}


def dotted_abbreviations() -> tuple[re.Pattern[str], dict[str, Abbreviation]] | None:
    """One pattern over the table's short forms written with periods ("W.Va.", "Ga.").

    Tokens split such forms ("W", "Va"), so they are found in the text instead: the
    pattern's match, spaces after periods removed, keys the row. Longer forms first,
    so "W. Va." is West Virginia and not Virginia.

    >>> rx, rows = dotted_abbreviations()
    >>> m = rx.search("Rahall, D-W. Va., said")
    >>> m.group(0), rows[m.group(0).replace(" ", "")].name
    ('W. Va.', 'West Virginia')
    >>> rx.search("Gazan") is None, rx.search("Hesa.") is None
    (True, True)
    """
    return _dotted_abbreviations(ABBREVIATIONS_CSV)


@functools.lru_cache(maxsize=4)
def _dotted_abbreviations(
    path: Path,
) -> tuple[re.Pattern[str], dict[str, Abbreviation]] | None:
    rows = {
        form: group[0] for form, group in load_abbreviations(path).items() if form.endswith(".")
    }
    if not rows:
        return None
    forms = sorted(rows, key=len, reverse=True)
    alternatives = "|".join(r"\.\s?".join(map(re.escape, f[:-1].split("."))) + r"\." for f in forms)
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?!\w)"), rows


#: Article particles that begin place names, folded ("al-Fashaga", "El Usra",
#: "ad-Damazin", "La Victoria", "De Aar"): the particle and the name after it are one
#: name; the particle alone is never a place. Arabic article forms (the first group)
#: are the same name with or without the article ("al-Fashaga" = "Fashaga").
ARABIC_ARTICLES: frozenset[str] = frozenset(
    {"al", "el", "ad", "ag", "an", "ar", "as", "ash", "at", "az", "ed", "en", "er", "es",
     "et", "ez", "ul", "ud"}
)  # fmt: skip
ARTICLE_PARTICLES: frozenset[str] = ARABIC_ARTICLES | frozenset(
    {"de", "del", "della", "di", "da", "do", "dos", "das", "du", "des", "la", "le", "les",
     "los", "las", "van", "von", "der", "den", "ter"}
)  # fmt: skip

#: Leading generic words of place names (folded): Arabic, Hebrew, Berber and Thai
#: terms for hill, cape, valley, village, well, house, spring, monastery ("Ras
#: Baalbek", "Wadi Saluki", "Jebel Abu Tuyour", "Kfar Kila", "Beit Lif", "Ban Nong
#: Chan"). "Ras Baalbek" is not Baalbek: the whole name is the mention, never the
#: generic word or the rest on its own.
TOPONYM_PREFIXES: frozenset[str] = frozenset(
    {"ban", "bir", "tel", "tell", "tall", "ras", "wadi", "wad", "jebel", "jabal", "djebel",
     "kafr", "kfar", "beit", "bayt", "ain", "ayn", "deir", "dayr", "khirbet", "khirbat",
     "umm", "nahr", "hassi", "oued", "qasr", "ksar", "mount", "gebel",
     "isla", "islas", "ilha", "ile", "isle", "cerro", "laguna"}
)  # fmt: skip

#: Leading words of place names that also lead people's names ("Ban Ki-moon",
#: "Umm Kulthum"): a name they lead needs a locative cue to be a place.
PERSONAL_PREFIXES: frozenset[str] = frozenset({"ban", "umm"})

#: Lower-case kind words that, right after an unknown capitalised name, make it a
#: place by its form ("Afder zone", "the Gurugu forest", "the Seme-Kpodji terminal",
#: "the Luhamaa border checkpoint"), with the feature they hint (``None``: a kind the
#: gazetteer has no feature for). Plurals ("the Jarinje and Brnjak crossings") name
#: every name listed before them. Words that also end organisation names ("group",
#: "office", "company") are not here.
NAME_KIND_SUFFIXES: dict[str, str | None] = {
    # units below the province
    "district": "admin2", "upazila": "admin2", "tehsil": "admin2", "taluk": "admin2",
    "block": "admin2", "zone": "admin2", "commune": None, "municipality": None,
    "parish": None, "locality": None, "sector": None, "union": None, "county": None,
    "township": None, "governorate": "admin1", "prefecture": None, "subdistrict": None,
    # settlements and parts of them
    "village": "populated_place", "town": "populated_place", "hamlet": "populated_place",
    "settlement": "populated_place", "neighbourhood": None, "neighborhood": None,
    "suburb": None, "quarter": None, "area": None,
    # posts, crossings and sites
    "checkpoint": "border_post", "crossing": "border_crossing", "post": "border_post",
    "outpost": "border_post", "gate": "border_crossing", "frontier": None,
    "camp": None, "terminal": None, "station": None, "dock": None, "port": None,
    "base": "military_base", "airbase": "military_base", "airfield": None,
    "bridge": None, "dam": None,
    # physical features
    "river": "river", "island": "island", "forest": "forest", "hills": "hill",
    "hill": "hill", "mountains": "mountain", "mountain": "mountain", "peninsula": "island",
    "plain": None, "plains": None, "valley": None, "lake": None, "creek": None,
    "gorge": None, "plateau": None, "desert": None, "pass": None, "swamp": None,
}  # fmt: skip

#: Lower-case words that may stand between such a name and its kind word
#: ("the Luhamaa border checkpoint", "the Vainikkala rail station", "the Lugdi
#: reception point"); "point" only ends a kind after one of them.
NAME_KIND_MODIFIERS: frozenset[str] = frozenset(
    {"border", "rail", "railway", "train", "bus", "transit", "reception", "refugee",
     "army", "military", "police", "naval", "river", "ferry", "trade", "customs",
     "crossing", "displacement", "frontier", "boundary"}
)  # fmt: skip
#: Kind words that count only after a modifier ("reception point", "transit centre").
MODIFIED_KIND_WORDS: frozenset[str] = frozenset({"point", "centre", "center"})

#: Kinds an appositive gives a name ("Aato, a Somali border town", "Santa Rosa, a
#: river island in the Amazon", "the Sota, a tributary of the Niger") and the
#: feature they hint.
APPOSITIVE_KINDS: dict[str, str | None] = {
    "village": "populated_place", "town": "populated_place", "hamlet": "populated_place",
    "settlement": "populated_place", "city": "populated_place", "locality": None,
    "outpost": "border_post", "checkpoint": "border_post", "camp": None, "hill": "hill",
    "island": "island", "tributary": "river", "river": "river", "forest": "forest",
    "district": "admin2", "border post": "border_post", "border crossing": "border_crossing",
    "crossing": "border_crossing", "neighbourhood": None, "neighborhood": None,
    "suburb": None, "base": "military_base", "port": None, "peninsula": "island",
}  # fmt: skip
#: Feature hints of physical kinds: a province or district of the same name is not it
#: ("Santa Rosa, a river island" is no Colombian municipality).
PHYSICAL_HINTS: frozenset[str] = frozenset({"island", "forest", "hill", "mountain", "river"})
