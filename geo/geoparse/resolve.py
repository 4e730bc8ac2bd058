"""Choose a place for every mention: context, containment, feature words, distance, prior.

Every candidate sense of a mention gets a score::

    gazetteer score (exact 1.0 / variant 0.7 / fuzzy 0.4, minus the tier and population prior)
    + 0.45 x share of the article's country focus held by its country
    + 0.20 x share of the admin-1 focus held by its admin-1 unit (places below admin-1)
    + 0.50 x log10(population + 1) / 7 (units: 1.0 country or continent, 0.85 admin-1
      or named region, 0.7 admin-2)
    + 0.50 if a country, continent or named region ("the Fergana Valley"), less 0.50 x
      the focus share of another country
      where the name is also a unit ("Georgia" in an article about the US)
    + 0.25 if the name matched is its main name, not an alternate one
    + 0.50 if its feature fits a generic term beside the mention ("Balkh *province*"),
      - 0.40 if it does not
    + 0.60 if it lies inside a containing place named beside it ("Kaldor district *in Balkh*",
      "Kunduz, *Afghanistan*", "Alexandria, *La.*", "*Afghanistan's* Kunduz"), and
      + 0.60 if it contains the place named before it ("Atlanta, *Georgia*")
    + 0.35 if a demonym names its country ("the *Afghan* city of Kunduz")
    + 0.25 x exp(-d / 200 km), d = distance to the nearest other place the article names
      (first pass: to the nearest of the three leading senses of every other
      name, so "Huntsville" and "Walker County" settle in one state together)
    + 0.30 x exp(-d / 15 km), d = distance to the nearest sense of any other name,
      one of the two an admin-2 unit (a town and its county: "Paris" and
      "Lamar County" in Texas)
    + 0.60 if it is, or lies in, the unit a bare name names in full elsewhere
      ("Oconee" after "Oconee County")
    + 0.15 if a bare name is shared by a city of 100,000 or more and its own
      province, for the city ("entered Kunduz")

A name with no context takes its best sense all the same (its softmax
share, the score, says how unsure that is), unless it is a town with a
namesake over 500 km away that the text supports as well and that is not a
third its size: then it stays unresolved as ambiguous (``Resolver._ambiguous``).
A name set in a unit ("in Borno State", "Holliday, Missouri", "Holliday, Mo.")
takes only senses inside it; a small town far outside the compact picture the
story's other places draw is refused (``Resolver._off_picture``). Far
placements and these rules are described in ``docs/far-placements.md``.

Country focus: 1 per country mention, 0.5 per demonym, 0.5 per place
resolved in a first pass. Admin-1 focus: the confidence of each place in the
unit, 3 x for the unit named outright. A name's own mentions count for
neither focus, nor as its own distance anchor.
Mentions of one name with the same generic term
share one sense per article (their evidence is pooled). The reported
``score`` is the chosen sense's share of a softmax over the candidates,
times 1 / 0.85 / 0.6 for exact / variant / fuzzy matches.

``precision`` follows ACLED: 1 the place itself; 2 an admin-2 unit, a
point the gazetteer marks approximate or unit-level, a border point
anchored near named places, a road, or a fallback to a containing
district; 3 a country, an admin-1 unit, a whole border, or a fallback to a
containing province or country.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from geo.errors import SitmapError
from geo.geoparse.anchors import RADIUS_KM, find_alias, find_anchor, named_as_alias
from geo.geoparse.borders import (
    border_geometry,
    cached_border_point,
    dyad_name,
    haversine_km,
    neighbours,
)
from geo.geoparse.index import GazetteerLike, NameIndex, is_world_district
from geo.geoparse.lexicon import (
    CA_PROVINCE_ABBREVIATIONS,
    CONTINENT_DEMONYMS,
    COUNTRY_PRESS_NAMES,
    DEMONYMS,
    NAME_KIND_SUFFIXES,
    PHYSICAL_HINTS,
    US_STATE_ABBREVIATIONS,
    is_common_word,
)
from geo.geoparse.lines import choose_line, line_index, pick_pair
from geo.geoparse.recognize import Mention
from geo.model import Candidate, Place
from geo.names import GENERIC_TERMS, fold, split_generic
from geo.situation import Toponym, Unresolved

W_FOCUS = 0.45
W_ADMIN1 = 0.20
#: An admin-1 unit named outright counts this many times a place inside it
#: towards the admin-1 focus ("Georgia" named beats three towns in Illinois).
W_ADMIN1_NAMED = 3.0
#: One sense per text: a bare name whose unit is named in full elsewhere
#: ("Barrow" after "Barrow County") takes that unit, or a place inside it.
W_SAME_UNIT = 0.6
#: A bare name shared by a province and a town in it means the town
#: ("entered Kunduz"); the province needs its generic term or context.
W_HOMONYM_TOWN = 0.15
#: ... when the town is a city of at least this many people, under that very name.
HOMONYM_TOWN_POPULATION = 100_000
W_POP = 0.50
W_COUNTRY = 0.5
#: How much the article's focus on *another* country takes off the country
#: bonus (1: all of it when another country holds the whole focus).
W_COUNTRY_ELSEWHERE = 1.0
W_MAIN_NAME = 0.25
#: The population prior of a curated border place (it has no population): that of
#: a town of about 3,000 people, so that context, not size, decides among namesakes.
CURATED_PRIOR = 0.5
W_HINT = 0.50
W_HINT_MISS = 0.40
#: Population-prior stand-ins for units (whose gazetteer population is 0).
UNIT_POPULATION = {
    "country": 1.0,
    "continent": 1.0,
    "region": 0.85,
    "admin1": 0.85,
    "admin2": 0.7,
}
W_CONTAIN = 0.60
#: A dateline's name that is the capital of a country the text names: that capital
#: ("SANTO DOMINGO - ... a summit in the Dominican Republic", not a namesake in the
#: story's other countries; see Resolver._dateline_capital).
W_DATELINE_CAPITAL = 0.60
W_DEMONYM = 0.35
W_PROX = 0.25
PROX_KM = 200.0
#: A sense in the country of a place listed beside it ("the towns of A and B") ...
W_SIBLING = 0.35
#: ... among namesakes of comparable size: not a tenth of the largest one's people
#: ("Washington, Paris and Moscow" keeps Paris in France).
SIBLING_POPULATION_SHARE = 0.1
#: ... and only from a neighbour placed with at least this confidence.
SIBLING_CONFIDENCE = 0.7
#: Any sense of another name within a few km (a town and its county).
W_PAIR = 0.30
PAIR_KM = 15.0
_PAIR_BLOCK = 256
#: First pass: how many leading senses of each other name count as anchors.
W_PROX_CANDIDATES = 3
SOFTMAX_T = 0.12
#: A place of fewer people than this with less context support than that, in an
#: article whose other names point elsewhere, keeps this share of its
#: confidence (see Resolver._choose).
OUT_OF_AREA_POPULATION = 15_000
OUT_OF_AREA_CTX = 0.02
OUT_OF_AREA_FACTOR = 0.3
#: ... or farther than this from every other place of the article (see Resolver._isolated).
ISOLATED_KM = 1_500.0
#: ... measured from a named country's or province's point when no town is named.
UNIT_SLACK_KM = 1_500.0
#: A place whose admin-1 name differs from a named province's lies in it only this close to
#: the province's point (sources spell provinces differently; see ``_inside``).
ADMIN1_NAME_MISMATCH_KM = 60.0
#: The confidence of a district taken for a bare name because the name's best sense
#: lies continents away from the story and the district lies in it (see _choose).
NAMESAKE_DISTRICT_CONFIDENCE = 0.5
#: ... and only when the district lies this close to another place of the story.
NAMESAKE_DISTRICT_KM = 300.0
#: A fuzzy (misspelt) match needs this much context support (focus, containment ...).
MIN_FUZZY_CONTEXT = 0.3
#: ... and a misspelt town must lie this close to another place the article names:
#: "Kasindi" beside Mpondwe and Kasese is no spelling of Masindi, 290 km away.
FUZZY_NEAR_KM = 100.0
MATCH_FACTOR = {"exact": 1.0, "variant": 0.85, "fuzzy": 0.6}
#: A town of fewer people than this, no containing place named, lying over
#: PICTURE_KM (or PICTURE_SPREAD times the spread of the story's other places, if
#: more) from every other place the story names, when at least PICTURE_MIN_PLACES
#: of them are placed, is far from the story's picture (see Resolver._off_picture).
PICTURE_TOWN_POPULATION = 100_000
PICTURE_KM = 500.0
PICTURE_SPREAD = 3.0
PICTURE_MIN_PLACES = 2
#: Two towns of one name this far apart are different answers, not near misses.
AMBIGUOUS_KM = 500.0
#: A town is taken over a far namesake only when the text supports it more (context
#: score higher by more than this) or it is this many times as populous: else the name
#: is ambiguous ("a Paris man", "Brandon" with no state named: US or Canada).
AMBIGUOUS_CTX = 0.05
AMBIGUOUS_POPULATION_RATIO = 3.0
#: A town backed by nothing but its country's share of the story (a context score
#: no higher than this) is not taken over a city of at least WORLD_CITY_POPULATION
#: people, ten times its size, whose country the story names too: "Paris" in a story
#: on the US that also names France.
FOCUS_ONLY_CTX = W_FOCUS + 0.02
WORLD_CITY_POPULATION = 1_000_000
#: ... "names too": the city's own context score is at least this.
NAMED_TOO_CTX = 0.02

#: A province of another country named like a town backed only by its country is
#: taken when its own context score is at least this (see Resolver._province_over_town).
PROVINCE_NAMED_CTX = 0.1

_UNIT = frozenset({"country", "admin1", "continent", "region"})
#: Reasons that say no gazetteer sense of a name is it (not "set aside", not a
#: short form): such a name may still be placed at what the text anchors it to.
_NO_SENSE = (
    "not in gazetteer",
    "far from the article's other places",
    "outside the article's area",
    "ambiguous",
    "no ",
)
#: Reasons that say every sense of a name lies far from the story.
_FAR_REASONS = ("far from the article's other places", "outside the article's area")
#: Mention sources whose key is looked up exactly, never by spelling: gazetteer
#: matches, country typos, short forms keyed by their full name ("EU" ->
#: "european union") and particle-led names ("Ras Baalbek").
#: Unknown names made places by a kind word ("Afder zone") or a list ("Muse and
#: Chinshwehaw") are looked up exactly too: a near spelling is another place.
_EXACT_SOURCES = frozenset({"gazetteer", "typo", "abbreviation", "particle", "kind", "list"})
#: Units that take the country bonus (W_COUNTRY): named alone, they mean the unit.
_TOP_UNITS = frozenset({"country", "continent", "region"})
_SUB_UNITS = frozenset({"admin1", "admin2"})
_HINT_FITS: dict[str, frozenset[str]] = {
    "country": frozenset({"country"}),
    "admin1": frozenset({"admin1"}),
    "admin2": frozenset({"admin2"}),
    "county": frozenset({"admin1", "admin2"}),
    "populated_place": frozenset({"populated_place", "village", "border_post", "enclave"}),
    "border_crossing": frozenset({"border_crossing", "border_post", "bridge"}),
    "border_post": frozenset({"border_post", "border_crossing", "military_base"}),
    "military_base": frozenset({"military_base", "training_ground"}),
    "river": frozenset({"river"}),
    "enclave": frozenset({"enclave", "village", "populated_place"}),
    "road": frozenset({"road"}),
}
_PLACE_NOUNS = frozenset(
    set(GENERIC_TERMS)
    | set(
        [
            "the",
            "of",
            "capital",
            "port",
            "northern",
            "southern",
            "eastern",
            "western",
            "central",
            "north",
            "south",
            "east",
            "west",
            "northeastern",
            "northwestern",
            "southeastern",
            "southwestern",
            "remote",
            "mountainous",
            "mountain",
            "provincial",
            "regional",
            "border",
            "frontier",
            "villages",
            "towns",
            "cities",
            "provinces",
            "districts",
            "regions",
            "hometown",
            "home",
            # "the Ukrainian post of Shehyni", "the Afghan border post of X"
            "post",
            "posts",
        ]
    )
)
_CONTAIN_GAP = re.compile(
    r"\s*,\s*(?:in\s+)?(?:the\s+)?|\s+(?:in|of|inside|within)\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}"
)
_POSSESSIVE_GAP = re.compile(r"['’]s?\s+(?:[a-z-]+\s+){0,2}")
#: The unit word "county" after a name, or after a list of names ("Jackson and Barrow counties").
_COUNTY_AFTER = re.compile(
    r"(?:\s*,?\s*(?:and\s+|or\s+|&\s+)?[A-Z][\w.'’-]*)*\s+(?i:county|counties)\b"
)
#: The office of a unit's head right before a name ("the mayor of Gran Sabana").
_UNIT_HEAD_BEFORE = re.compile(r"\b(?:mayors?|governors?|prefects?)\s+of\s+(?:the\s+)?$")
#: A lower-case word right after a name: the name modifies a noun ("Schengen rules").
_NOUN_AFTER = re.compile(r" [a-z][a-z-]*\b")
#: A preposition of place right before a name ("in Schengen", "from Kasese").
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|from|near|to|into|outside|inside|around|towards?|via|through)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: "the", and at most two lower-case words, right before a name ("the two Gulf neighbours").
_THE_BEFORE = re.compile(r"\bthe\s+(?:[a-z-]+\s+){0,2}$", re.IGNORECASE)
#: "-based" right after a name: the seat of an organisation ("a London-based group").
_BASED = re.compile(r"[-‐–]based\b")
#: "the Hunan city of Yueyang", "the Texas town of Paris": the first name holds the second.
_KIND_OF_GAP = re.compile(
    r"\s+(?:"
    + "|".join(sorted((re.escape(t) for t in GENERIC_TERMS), key=len, reverse=True))
    + r")\s+of\s+"
)
#: "Algeria, whose own settlement of Tin Zaouatine ...": the first name holds the second.
_WHOSE_KIND_OF_GAP = re.compile(
    r"\s*,\s+whose\s+(?:own\s+)?(?:[a-z-]+\s+)?(?:"
    + "|".join(sorted((re.escape(t) for t in GENERIC_TERMS), key=len, reverse=True))
    + r")\s+(?:of\s+)?"
)
#: A gap that says in so many words that the first name lies in the second
#: ("Kukawa in Borno State", "X, in the Y region", "X of Y province").
_EXPLICIT_IN_GAP = re.compile(r"(?:\s*,)?\s+(?:in|inside|within)\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}")
#: A kind word of a part of a unit between a name and the unit: the name lies in it
#: ("the Nowshera sector of Rajouri district", "the Kiruhura area in Rukiga").
_PART_OF_GAP = re.compile(
    r"\s+(?:sector|sub-sector|subsector|area|cell|zone|locality)\s+(?:of|in|inside|within)\s+"
    r"(?:the\s+)?(?:[a-z-]+\s+){0,2}"
)
#: A bare comma between a name and the unit it lies in ("Holliday, Missouri").
_APPOSED_GAP = re.compile(r"\s*,\s*")
#: The gap between two items of a list ("Nigeria, Niger and Chad").
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)")
#: A finite verb right after a name: the name is the subject of a new clause, not a unit set
#: after the name before the comma ("At a news conference in Madrid, Gibraltar is to join").
_CLAUSE_VERB_AFTER = re.compile(
    r"\s+(?:is|are|was|were|has|have|had|will|would|can|could|may|might|must|should|shall"
    r"|said|says|did|does)\b"
)
#: Units a name can be said to lie in, for :meth:`Resolver._outside_named_unit`.
_NAMED_UNITS = frozenset({"country", "admin1", "admin2"})
#: A folded name with the press abbreviation of "county" ("loudon co").
_COUNTY_ABBREVIATION = re.compile(r"(.+?) (?:co|cnty)")
_ABBREVIATION = re.compile(r"[A-Z][a-z]{1,4}\.|[A-Z]\.\s?[A-Z]\.(?:\s?[A-Z]\.)?")
_STATE_ABBR = re.compile(r",\s*([A-Z][a-z]{1,4}\.|[A-Z]\.\s?[A-Z]\.(?:\s?[A-Z]\.)?|[A-Z]{2}\b)")


@dataclass
class _Group:
    """Mentions that share a name and generic term; resolved together."""

    key: str
    hint: str | None
    mentions: list[int]
    cands: list[Candidate]
    containers: list[int]
    state_places: list[Place]
    demonym_codes: list[str]
    fuzzy_ok: bool
    contained: list[int] = field(default_factory=list)
    #: Containers the text names with "in" ("Kukawa in Borno State").
    said_in: list[int] = field(default_factory=list)
    #: Containers set right after a mention with a comma ("Holliday, Missouri").
    apposed: list[int] = field(default_factory=list)
    #: The unit this bare name stands for, named in full elsewhere in the text.
    same_unit: Place | None = None
    #: Place id -> km to the nearest sense of another name of the text.
    pair_km: dict[str, float] = field(default_factory=dict)
    #: Places listed beside one of the mentions ("Laayoune and Dakhla").
    siblings: list[int] = field(default_factory=list)
    #: Mentions written as the seat of something ("a New York-based group").
    based: int = 0


@functools.lru_cache(maxsize=1)
def _capital_codes() -> dict[str, str]:
    """Folded capital name -> ISO alpha-2 of its country (``geo.countries.CAPITALS``).

    >>> _capital_codes()["santo domingo"], _capital_codes()["kabul"]
    ('DO', 'AF')
    """
    from geo.countries import CAPITALS

    return {fold(cap): code for cap, code in CAPITALS.items()}


def _region_abbreviation(key: str) -> tuple[str, str] | None:
    """(country code, admin-1 name) of a folded press abbreviation, or ``None``.

    >>> _region_abbreviation("tex"), _region_abbreviation("bc"), _region_abbreviation("x")
    (('US', 'Texas'), ('CA', 'British Columbia'), None)
    """
    if key in US_STATE_ABBREVIATIONS:
        return "US", US_STATE_ABBREVIATIONS[key]
    if key in CA_PROVINCE_ABBREVIATIONS:
        return "CA", CA_PROVINCE_ABBREVIATIONS[key]
    return None


def _demonym_code(key: str) -> str | None:
    """Country code of a demonym, singular or plural ("Russians", "Palestinians").

    >>> _demonym_code("russians"), _demonym_code("afghan"), _demonym_code("kunduz")
    ('RU', 'AF', None)
    """
    code = DEMONYMS.get(key)
    if code is None and key.endswith("s") and len(key) > 4:
        code = DEMONYMS.get(key[:-1])
    return code


def _fits(hint: str | None, feature: str) -> bool | None:
    if hint is None:
        return None
    return feature in _HINT_FITS.get(hint, frozenset({hint}))


def _km(lat1: float, lon1: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    p1 = math.radians(lat1)
    p2 = np.radians(lats)
    dp = p2 - p1
    dl = np.radians(lons - lon1)
    a = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def _inside(place: Place, container: Place) -> bool:
    if place.id == container.id or place.country_code != container.country_code:
        return False
    if container.feature == "country":
        return place.feature != "country"
    d = float(_km(place.lat, place.lon, np.array([container.lat]), np.array([container.lon]))[0])
    if container.feature == "admin1":
        if place.feature in _UNIT:
            return False
        names = {fold(container.name), fold(container.admin1 or "")} - {""}
        names |= {_main_name_of_unit(n) for n in names}
        if not place.admin1:
            return d <= 250.0
        own = fold(place.admin1)
        # a place whose own province has another name lies in it only when close
        # to its middle (sources spell provinces differently)
        return own in names or _main_name_of_unit(own) in names or d <= ADMIN1_NAME_MISMATCH_KM
    if container.feature == "admin2":
        names = {fold(container.name), fold(container.admin2 or "")} - {""}
        return place.feature not in ("admin1", "admin2", "country") and (
            fold(place.admin2 or "") in names or d <= 80.0
        )
    return d <= 40.0 and place.feature not in _UNIT


#: Features of towns and villages (see :meth:`Resolver._ambiguous`).
_TOWNS = frozenset({"populated_place", "village"})


def _world_city_of(
    unit: Place, scored: list[tuple[float, Candidate, float]], totals: np.ndarray
) -> tuple[Place, float] | None:
    """The namesake world city inside a province refused as far from the story, if any.

    A province of a country the story does not name is no place of the story,
    but the city of a million people that shares its name and lies in it is a
    place any story may name: "signed at Green Tree, outside New York" in a
    story on Nigeria is New York City. Its confidence is its softmax share.

    >>> ny = Place("a", "New York", 43.0, -75.5, "US", "admin1")
    >>> nyc = Place("c", "New York City", 40.71, -74.0, "US", "populated_place",
    ...             admin1="New York", population=8_804_190)
    >>> rows = [(1.6, Candidate(ny, 0.94, "New York"), 0.0),
    ...         (1.5, Candidate(nyc, 0.98, "New York"), 0.0)]
    >>> _world_city_of(ny, rows, np.array([1.6, 1.5]))[0].name
    'New York City'
    >>> _world_city_of(nyc, rows, np.array([1.6, 1.5])) is None
    True
    """
    if unit.feature not in _SUB_UNITS:
        return None
    weights = np.exp((totals - totals.max()) / SOFTMAX_T)
    for k, (_, cand, _) in enumerate(scored):
        p = cand.place
        if p.population >= WORLD_CITY_POPULATION and p.feature in _TOWNS and _inside(p, unit):
            share = float(weights[k] / weights.sum())
            return p, round(share * MATCH_FACTOR.get(cand.match, 0.6), 3)
    return None


def _where(place: Place) -> str:
    """A place's name with its province and country, for a reason.

    >>> _where(Place("a", "Brandon", 49.8, -99.9, "CA", "populated_place", admin1="Manitoba"))
    'Brandon (Manitoba, CA)'
    """
    inside = ", ".join(x for x in (place.admin1, place.country_code) if x)
    return f"{place.name} ({inside})" if inside else place.name


#: Features that stand on a border line and so belong to both sides' units.
_ON_THE_LINE = frozenset({"border_crossing", "border_post", "bridge"})


def _lies_in(place: Place, unit: Place) -> bool:
    """Whether ``place`` may lie in the ``unit`` the text names ("X in Surin province").

    A crossing or post stands on the line: it counts as in a unit of either
    side when it is near (within 250 km of the unit's point).

    >>> surin = Place("a1", "Surin", 14.88, 103.49, "TH", "admin1")
    >>> post = Place("c", "Chong Chom", 14.41, 103.69, "KH", "border_crossing")
    >>> pailin = Place("t", "Pailin", 12.85, 102.6, "KH", "populated_place")
    >>> _lies_in(post, surin), _lies_in(pailin, surin)
    (True, False)
    """
    if _inside(place, unit):
        return True
    if place.feature not in _ON_THE_LINE or unit.feature == "country":
        return False
    d = float(_km(place.lat, place.lon, np.array([unit.lat]), np.array([unit.lon]))[0])
    return d <= 250.0


def _part_of(place: Place, unit: Place) -> bool:
    """Whether ``place`` may lie in ``unit``, a district of a finer layer included.

    District layers mix levels (a tehsil beside the district holding it), so a
    district within 80 km of a district's point, or in a province of that
    name, may be a part of it.

    >>> rajouri = Place("a", "Rajouri", 33.40, 74.36, "IN", "admin2")
    >>> tehsil = Place("b", "Nowshera", 33.16, 74.25, "IN", "admin2")
    >>> far = Place("c", "Nowshera", 33.93, 72.04, "PK", "admin2")
    >>> _part_of(tehsil, rajouri), _part_of(far, rajouri)
    (True, False)
    """
    if _lies_in(place, unit):
        return True
    if place.feature != "admin2" or place.country_code != unit.country_code:
        return False
    if unit.feature == "admin1":
        return fold(place.admin1 or "") in {fold(unit.name), _main_name_of_unit(fold(unit.name))}
    d = float(_km(place.lat, place.lon, np.array([unit.lat]), np.array([unit.lon]))[0])
    return unit.feature == "admin2" and d <= 80.0


def _admin1_key(place: Place) -> str:
    """Folded name of the admin-1 unit a place is (or lies in); "" if unknown."""
    return fold(place.name) if place.feature == "admin1" else fold(place.admin1 or "")


#: Unit words of English-language press names that are not generic terms of
#: the recogniser ("Barrow County", "Avoyelles Parish").
_UNIT_SUFFIX = re.compile(r"^(.+?) (?:county|parish|governorate|prefecture|borough)$")


def _main_name_of_unit(name: str) -> str:
    """Folded name of a unit without its generic term ("Kunduz Province" -> "kunduz").

    >>> _main_name_of_unit("Barrow County"), _main_name_of_unit("Balkh Province")
    ('barrow', 'balkh')
    """
    core, term = split_generic(fold(name))
    if term is None:
        match = _UNIT_SUFFIX.match(core)
        if match:
            core = match.group(1)
    return core


def _main_name(place: Place) -> str:
    """Folded main name without a generic term ("Balkh Province" -> "balkh").

    >>> _main_name(Place("a", "Barrow County", 34.0, -83.7, "US", "admin2"))
    'barrow'
    >>> _main_name(Place("b", "La Victoria (Apure)", 7.0, -71.4, "VE", "village"))
    'la victoria'
    """
    if place.feature not in ("admin1", "admin2"):
        # a curated name's bracketed qualifier is no part of it: "La Victoria (Apure)"
        return fold(place.name.split(" (")[0]) if place.name.endswith(")") else fold(place.name)
    return _main_name_of_unit(place.name)


def _named_as(place: Place, key: str) -> bool:
    """Whether ``key`` is the place's main name, alone or with a kind word after it.

    >>> _named_as(Place("r", "Galwan River", 34.7, 78.2, "IN", "river"), "galwan")
    True
    >>> _named_as(Place("b", "Bonn", 50.7, 7.1, "DE", "populated_place"), "boni")
    False
    """
    name = fold(place.name.split(" (")[0])
    if key == name:
        return True
    rest = name[len(key) + 1 :] if name.startswith(key + " ") else ""
    return rest in NAME_KIND_SUFFIXES or split_generic(name)[0] == key


def _country_name_key(code: str) -> str:
    from geo.countries import country_by_alpha2

    country = country_by_alpha2(code)
    return fold(country.name) if country else ""


def _is_constituent_country(place: Place) -> bool:
    """Whether ``place`` is a first-level unit the press names as a country ("England").

    The cited table ``geo/data/countries/constituent_countries.csv``; named
    alone such a unit takes the country bonus, as a country does.

    >>> _is_constituent_country(Place("adm1:GB-ENG", "England", 52.5, -1.5, "GB", "admin1"))
    True
    >>> _is_constituent_country(Place("adm1:US-AR", "Arkansas", 34.8, -92.2, "US", "admin1"))
    False
    """
    if place.feature != "admin1" or not place.id.startswith("adm1:"):
        return False
    from geo.countries import constituent_countries

    return place.id[5:] in constituent_countries()


def precision_of(place: Place) -> int:
    """ACLED geo-precision of pointing at ``place`` itself.

    >>> precision_of(Place("x", "X", 0, 0, "AF", "admin1")), precision_of(
    ...     Place("y", "Y", 0, 0, "AF", "populated_place"))
    (3, 1)
    """
    if place.feature in _UNIT:
        return 3
    if place.feature == "admin2" or place.accuracy in ("approximate", "unit"):
        return 2
    return 1


class Resolver:
    """Resolves the mentions of one text (see the module docstring)."""

    def __init__(
        self,
        document: str,
        text: str,
        mentions: Sequence[Mention],
        *,
        gazetteer: GazetteerLike,
        index: NameIndex,
        demonyms: Sequence[tuple[int, int, str]] = (),
        boundaries: Any = None,
        context_codes: Sequence[str] = (),
    ) -> None:
        self.document = document
        self.text = text
        # text order: containment reads each mention's neighbours
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        #: names the text calls a district somewhere ("Oconee County" ... "Oconee")
        self.district_keys = {m.key for m in self.mentions if m.feature_hint == "admin2"}
        #: mention indices by name (any generic term): a name's own mentions
        self.key_index: dict[str, set[int]] = defaultdict(set)
        for k, m in enumerate(self.mentions):
            self.key_index[m.key].add(k)
        self.gazetteer = gazetteer
        self.index = index
        self.demonyms = list(demonyms)
        self.boundaries = boundaries
        self.context_codes = list(context_codes)
        self.chosen: dict[int, tuple[Place, float, int]] = {}
        #: mentions whose chosen sense is only a spelling variant or a fuzzy match:
        #: they never vouch for a focus country (else "Bunagana" read as Mongolia's
        #: Bulgan in the first round would make Mongolia a focus in the second)
        self.inexact: set[int] = set()
        #: the countries the article's mentions point to most (second round)
        self.lead_countries: set[str] = set()
        #: the countries the text names outright (set in :meth:`_resolve_places`)
        self.named_countries: set[str] = set()
        self.unresolved: dict[int, str] = {}

    # --- candidates ----------------------------------------------------------------

    def candidates(self, m: Mention) -> list[Candidate]:
        """Gazetteer senses of a mention: exact for matched names, else fuzzy lookup.

        A name whose generic word belongs to it ("Iowa City", "Dodge City") takes
        the senses of the whole name when the gazetteer has it whole: "Iowa" with a
        town's kind word is no town called Iowa.
        """
        whole = self._whole_name(m)
        if whole:
            return whole
        if m.source in _EXACT_SOURCES:
            return self._without_bare_districts(m, list(self.index.candidates(m.key)))
        extra: list[Candidate] = []
        code = _demonym_code(m.key)
        if code is not None:  # "Canadian" given as a toponym span: the country
            extra = [
                c
                for c in self.index.candidates(_country_name_key(code))
                if c.place.feature == "country"
            ][:1]
        elif m.key in CONTINENT_DEMONYMS:  # "European" given as a toponym span: Europe
            extra = [
                c
                for c in self.index.candidates(fold(CONTINENT_DEMONYMS[m.key]))
                if c.place.feature == "continent"
            ][:1]
        region = _region_abbreviation(m.key) if _ABBREVIATION.fullmatch(m.text) else None
        if region is not None:  # "Pa.", "N.D.", "B.C.": a US state, a Canadian province
            extra = self._admin1(*region)
        county = _COUNTY_ABBREVIATION.fullmatch(m.key)
        if county is not None:  # "Loudon Co." -> Loudon County
            extra += [
                c
                for c in self.index.candidates(f"{county.group(1)} county")
                if c.place.feature == "admin2"
            ]
        if m.key.endswith(" county"):
            # "Dallas County" named whole: a county of that name, not the city of Dallas
            # (the unit word became a generic term, so the lookup also tries "Dallas")
            whole = [c for c in self.index.candidates(m.key) if _fits("county", c.place.feature)]
            if whole:
                return extra + [c for c in whole if all(c.place.id != e.place.id for e in extra)]
        found = self._without_bare_districts(m, self.index.lookup(m.text, fuzzy=m.source != "ner"))
        return extra + [c for c in found if all(c.place.id != e.place.id for e in extra)]

    def _whole_name(self, m: Mention) -> list[Candidate]:
        """Exact senses of the name with its generic word, when one fits that word.

        >>> from geo.gazetteer import Gazetteer
        >>> gaz = Gazetteer.from_places([
        ...     Place("a", "Iowa City", 41.66, -91.53, "US", "populated_place", population=67862),
        ...     Place("b", "Iowa", 30.24, -93.01, "US", "populated_place", population=3219)])
        >>> from geo.geoparse.index import name_index
        >>> r = Resolver("d", "in Iowa City", [], gazetteer=gaz, index=name_index(gaz))
        >>> m = Mention(3, 7, "Iowa", "iowa", feature_hint="populated_place", ext_end=12)
        >>> [c.place.name for c in r._whole_name(m)]
        ['Iowa City']
        """
        if m.feature_hint is None or (m.ext_end is None and m.ext_start is None):
            return []
        start = m.start if m.ext_start is None else min(m.start, m.ext_start)
        end = m.end if m.ext_end is None else max(m.end, m.ext_end)
        full = fold(self.text[start:end])
        if full == m.key:
            return []
        return [
            c
            for c in self.index.candidates(full)
            if _fits(m.feature_hint, c.place.feature) and _named_as(c.place, full)
        ]

    def _without_bare_districts(self, m: Mention, found: list[Candidate]) -> list[Candidate]:
        """Senses of ``m`` less the districts the text does not call districts.

        A district of the world's district layers is a sense only when the text
        calls it one ("district", "county", "rayon" ... here or at another mention
        of the same name): bare, such names are towns, rivers or nothing we know.
        """
        if m.feature_hint == "admin2" or m.key in self.district_keys:
            return found
        if _UNIT_HEAD_BEFORE.search(self.text, max(0, m.start - 20), m.start):
            return found  # "the mayor of Gran Sabana": a municipality, whatever its layer
        return [c for c in found if not is_world_district(c.place)]

    # --- context ---------------------------------------------------------------------

    def _containment(
        self,
    ) -> tuple[
        dict[int, list[int]], dict[int, list[int]], dict[int, list[Place]], dict[int, list[int]]
    ]:
        """Containers of each mention: all, those said "in" so many words, US states, apposed.

        (container mentions, the subset the text ties with "in", US states named by
        abbreviation, the subset set after a bare comma), each keyed by the contained
        mention's index.
        """
        places = [k for k, m in enumerate(self.mentions) if m.kind in ("place", "facility")]
        containers: dict[int, list[int]] = defaultdict(list)
        said_in: dict[int, list[int]] = defaultdict(list)
        states: dict[int, list[Place]] = defaultdict(list)
        apposed: dict[int, list[int]] = defaultdict(list)
        text = self.text
        for a, b in itertools.pairwise(places):
            ma, mb = self.mentions[a], self.mentions[b]
            end = ma.ext_end if ma.ext_end is not None else ma.end
            gap = text[end : mb.start] if end <= mb.start else None
            # "X, in the jungle province of Y": a comma before "in" and its words still says in
            if gap is not None and (_CONTAIN_GAP.fullmatch(gap) or _EXPLICIT_IN_GAP.fullmatch(gap)):
                containers[a].append(b)
                if _EXPLICIT_IN_GAP.fullmatch(gap):
                    said_in[a].append(b)
                elif _APPOSED_GAP.fullmatch(gap):
                    apposed[a].append(b)
            elif gap is not None and _PART_OF_GAP.fullmatch(gap):
                containers[a].append(b)
                said_in[a].append(b)
            elif ma.end <= mb.start and _POSSESSIVE_GAP.fullmatch(text[ma.end : mb.start]):
                containers[b].append(a)
            elif ma.end <= mb.start and _WHOSE_KIND_OF_GAP.fullmatch(text[ma.end : mb.start]):
                containers[b].append(a)  # "Algeria, whose own settlement of X"
                said_in[b].append(a)
            elif (
                ma.end <= mb.start
                and _KIND_OF_GAP.fullmatch(text[ma.end : mb.start])
                and text[: ma.start].rstrip().casefold().endswith(" the")
            ):
                containers[b].append(a)  # "the Hunan city of Yueyang"
        for k in places:
            m = self.mentions[k]
            end = m.ext_end if m.ext_end is not None else m.end
            match = _STATE_ABBR.match(text, end)
            if match:
                region = _region_abbreviation(fold(match.group(1)))
                if region:
                    states[k].extend(c.place for c in self._admin1(*region))
        return containers, said_in, states, apposed

    def _admin1(self, code: str, name: str) -> list[Candidate]:
        """The admin-1 unit of country ``code`` called ``name`` (at most one)."""
        return [
            c
            for c in self.index.candidates(fold(name))
            if c.place.feature == "admin1" and c.place.country_code == code
        ][:1]

    def _demonym_hints(self) -> dict[int, list[str]]:
        hints: dict[int, list[str]] = defaultdict(list)
        starts = sorted(
            (m.start, k) for k, m in enumerate(self.mentions) if m.kind in ("place", "facility")
        )
        pos = [s for s, _ in starts]
        import bisect

        for _start, e, code in self.demonyms:
            i = bisect.bisect_left(pos, e)
            if i >= len(starts):
                continue
            start, k = starts[i]
            gap = self.text[e:start]
            if len(gap) <= 40 and all(w in _PLACE_NOUNS for w in gap.split()):
                hints[k].append(code)
        return hints

    def _listed(self) -> tuple[set[int], dict[int, list[int]]]:
        """Place mentions listed side by side: (those in a list of countries, the other neighbours).

        A name that is a country and also a unit elsewhere reads as the country in
        a list of countries: in "Nigeria, Niger, Chad and Cameroon", "Niger" is the
        state, not Nigeria's Niger State. Places listed below the country level
        ("Laayoune and Dakhla") usually lie in one country, so a namesake in a
        listed neighbour's country is the likelier sense (see :data:`W_SIBLING`).
        """
        places = [k for k, m in enumerate(self.mentions) if m.kind == "place"]
        countries: set[int] = set()
        siblings: dict[int, list[int]] = {}
        for a, b in itertools.pairwise(places):
            ma, mb = self.mentions[a], self.mentions[b]
            if ma.end > mb.start or not _LIST_GAP.fullmatch(self.text[ma.end : mb.start]):
                continue
            country_a, country_b = self.index.is_country(ma.key), self.index.is_country(mb.key)
            if country_a and country_b:
                countries.update((a, b))
            elif not country_a and not country_b:
                siblings.setdefault(a, []).append(b)
                siblings.setdefault(b, []).append(a)
        return countries, siblings

    def _groups(self) -> list[_Group]:
        containers, said_in, states, apposed = self._containment()
        listed, siblings = self._listed()
        demonym_hints = self._demonym_hints()
        groups: dict[tuple[str, str | None], _Group] = {}
        for k, m in enumerate(self.mentions):
            if m.kind not in ("place", "facility"):
                continue
            hint = m.feature_hint
            if hint is None and k in listed:
                hint = "country"
            elif hint == "admin2" and _COUNTY_AFTER.match(self.text, m.end):
                # a county is an admin-2 unit in the US, an admin-1 unit in Kenya or Liberia
                hint = "county"
            gkey = (m.key, hint)
            g = groups.get(gkey)
            if g is None:
                g = _Group(m.key, hint, [], self.candidates(m), [], [], [], m.source == "span")
                groups[gkey] = g
            g.mentions.append(k)
            g.based += _BASED.match(self.text, m.end) is not None
            g.containers.extend(containers.get(k, ()))
            g.said_in.extend(said_in.get(k, ()))
            g.apposed.extend(apposed.get(k, ()))
            g.contained.extend(inner for inner, outs in containers.items() if k in outs)
            g.state_places.extend(states.get(k, ()))
            g.demonym_codes.extend(demonym_hints.get(k, ()))
            g.siblings.extend(siblings.get(k, ()))
        return list(groups.values())

    # --- scoring ------------------------------------------------------------------------

    def _score(
        self,
        g: _Group,
        focus: Counter[str],
        admin1_focus: Counter[tuple[str, str]],
        anchors: tuple[np.ndarray, np.ndarray, list[str]] | None,
    ) -> list[tuple[float, Candidate, float]]:
        # the group's own mentions do not vote for their own country or province
        focus = focus.copy()
        admin1_focus = admin1_focus.copy()
        for k in g.mentions:
            if k in self.chosen:
                place, conf, _ = self.chosen[k]
                if not place.country_code:
                    continue
                focus[place.country_code] -= 1.0 if place.feature == "country" else 0.5 * conf
                if place.feature != "country":
                    a1 = _admin1_key(place)
                    if a1:
                        weight = W_ADMIN1_NAMED if place.feature == "admin1" else 1.0
                        admin1_focus[(place.country_code, a1)] -= weight * conf
        top_focus = max([0.0, *focus.values()]) or 1.0
        top_admin1 = max([0.0, *admin1_focus.values()]) or 1.0
        container_places = [self.chosen[c][0] for c in g.containers if c in self.chosen]
        container_places.extend(g.state_places)
        inner_places = [self.chosen[c][0] for c in g.contained if c in self.chosen]
        sibling_codes = {
            self.chosen[s][0].country_code
            for s in g.siblings
            if s in self.chosen and s not in g.mentions and self.chosen[s][1] >= SIBLING_CONFIDENCE
        }
        largest = max(
            (c.place.population for c in g.cands if c.place.feature not in _UNIT), default=0
        )
        # Focus share of the strongest *other* country, per candidate country:
        # only when the name is also a unit of that country (US "Georgia").
        elsewhere: dict[str, float] = {}
        unit_codes = {c.place.country_code for c in g.cands if c.place.feature in _SUB_UNITS}
        ranked = focus.most_common(2) if unit_codes else []
        if ranked and ranked[0][1] > 0 and unit_codes:
            total = sum(v for v in focus.values() if v > 0)
            first, second = ranked[0], ranked[1] if len(ranked) > 1 else ("", 0.0)
            for cand in g.cands:
                code = cand.place.country_code
                other = second if code == first[0] else first
                if other[0] in unit_codes:
                    elsewhere[code] = max(0.0, other[1]) / total
        # A name several countries bear ("Congo"): the main-name bonus goes to the
        # country the press means by it, not to the one whose gazetteer name it is;
        # the article's focus can still outweigh it ("Congo-Brazzaville", "Brazzaville").
        shared_country = (
            len({c.place.country_code for c in g.cands if c.place.feature == "country"}) > 1
        )
        capital = self._dateline_capital(g)
        # the anchors that are not this name's (a name is not its own anchor, under any kind word)
        own = f"name:{g.key}"
        mask = None if anchors is None else np.array([i != own for i in anchors[2]])
        near = mask is not None and bool(mask.any())
        scored = []
        for cand in g.cands:
            p = cand.place
            ctx = W_FOCUS * max(0.0, focus.get(p.country_code, 0.0)) / top_focus
            if capital is not None and p.id == capital.id:
                ctx += W_DATELINE_CAPITAL
            if p.feature not in _UNIT and p.admin1:
                ctx += (
                    W_ADMIN1
                    * max(0.0, admin1_focus.get((p.country_code, fold(p.admin1)), 0.0))
                    / top_admin1
                )
            fit = _fits(g.hint, p.feature)
            if fit is True:
                ctx += W_HINT
            elif fit is False:
                ctx -= W_HINT_MISS
            if any(_inside(p, c) for c in container_places):
                ctx += W_CONTAIN
            if any(_inside(c, p) for c in inner_places):
                ctx += W_CONTAIN
            if (
                g.hint is None
                and p.feature == "populated_place"
                and p.population >= HOMONYM_TOWN_POPULATION
                and p.admin1
                and g.key == _main_name_of_unit(p.admin1)
                and (
                    fold(p.name) == g.key
                    # "a New York-based group": a seat is a city, called by its short name
                    or (g.based == len(g.mentions) and fold(cand.matched_name) == g.key)
                )
            ):
                ctx += W_HOMONYM_TOWN
            if g.same_unit is not None and (p.id == g.same_unit.id or _inside(p, g.same_unit)):
                ctx += W_SAME_UNIT
            if p.country_code in g.demonym_codes and p.feature != "country":
                ctx += W_DEMONYM
            if (
                p.country_code in sibling_codes
                and p.feature not in _TOP_UNITS
                and (p.feature in _UNIT or p.population >= SIBLING_POPULATION_SHARE * largest)
            ):
                ctx += W_SIBLING
            if near and anchors is not None and p.feature not in _UNIT:
                lats, lons, _ids = anchors
                d = _km(p.lat, p.lon, lats, lons)
                ctx += W_PROX * math.exp(-float(d[mask].min()) / PROX_KM)
            if p.id in g.pair_km:
                ctx += W_PAIR * math.exp(-g.pair_km[p.id] / PAIR_KM)
            pop = UNIT_POPULATION.get(p.feature, min(1.0, math.log10(p.population + 1) / 7.0))
            if p.source == "curated":
                # a border place curated with a citation because the news names it
                pop = max(pop, CURATED_PRIOR)
            s = cand.score + ctx + W_POP * pop
            if shared_country and p.feature == "country":
                if COUNTRY_PRESS_NAMES.get(fold(cand.matched_name)) == p.country_code:
                    s += W_MAIN_NAME
            elif _main_name(p) == fold(cand.matched_name):
                s += W_MAIN_NAME
            if p.feature in _TOP_UNITS or _is_constituent_country(p):
                s += W_COUNTRY * (1.0 - W_COUNTRY_ELSEWHERE * elsewhere.get(p.country_code, 0.0))
            scored.append((s, cand, ctx))
        scored.sort(key=lambda x: -x[0])
        return scored

    def _dateline_capital(self, g: _Group) -> Place | None:
        """The capital a dateline names, when the text names the capital's country.

        A wire dateline names where the story was filed, and a capital stands
        there alone: "SANTO DOMINGO, March 7 - ... at a summit in the Dominican
        Republic" is the Dominican capital, not Ecuador's Santo Domingo de los
        Colorados in a story on Ecuador. The capital is the most populous town of
        that name in the capital's country; the country must be named in the text.
        """
        if not any(self.mentions[k].dateline for k in g.mentions):
            return None
        code = _capital_codes().get(g.key)
        if code is None or code not in self.named_countries:
            return None
        towns = [
            c.place for c in g.cands if c.place.country_code == code and c.place.feature in _TOWNS
        ]
        return max(towns, key=lambda p: p.population, default=None)

    def _choose(
        self, g: _Group, scored: list[tuple[float, Candidate, float]], focused: bool = False
    ) -> tuple[Place, float] | str:
        """The best sense and its confidence, or the reason there is none.

        ``focused``: the article's other mentions point somewhere; then a
        small place with no support at all (not in a focus country, nowhere
        near the other places, no containing place or generic term) keeps
        only :data:`OUT_OF_AREA_FACTOR` of its confidence (a home town in a
        report from abroad looks the same), and is not placed at all when it
        lies over :data:`ISOLATED_KM` from every other place of the article:
        "Moldo" read as a Norwegian village in an article on Ladakh goes to
        ``unresolved`` with the reason and its closest sense.
        """
        if not scored:
            return "not in gazetteer"
        units = self._named_units(g)
        if units:
            # "Kukawa in Borno State": only a sense inside the unit the text names
            inside = [row for row in scored if any(_lies_in(row[1].place, u) for u in units)]
            if not inside and scored[0][1].place.feature not in _UNIT:
                local = self._sense_in_units(g, units)
                if local is not None:
                    return local
                return f"no place of that name in {units[0].name} in the gazetteer"
            if inside and inside[0] is not scored[0] and scored[0][1].place.feature not in _UNIT:
                scored = [inside[0], *[row for row in scored if row is not inside[0]]]
        best_s, best, ctx = scored[0]
        if (
            focused
            and not g.containers
            and best.place.feature in ("populated_place", "village")
            and OUT_OF_AREA_POPULATION <= best.place.population < WORLD_CITY_POPULATION
            and best.place.country_code not in self.lead_countries
            and self._far_from(g, best.place, self.lead_countries)
        ):
            # "stormed Palma" in a story on Mozambique: a district of that name in the
            # story's country, close to its other places, holds the town (approximate,
            # precision 2), rather than a city of that name on another continent; a world
            # city keeps its name ("returned from London" in a story on Kenya is not the
            # Kenyan district of that name)
            unit = next(
                (
                    c.place
                    for c in self.index.candidates(g.key)
                    if is_world_district(c.place)
                    and c.place.country_code in self.lead_countries
                    and not self._far_from(
                        g, c.place, self.lead_countries, limit=NAMESAKE_DISTRICT_KM
                    )
                ),
                None,
            )
            if unit is not None:
                return unit, NAMESAKE_DISTRICT_CONFIDENCE
        if g.hint == "river" and best.place.feature in ("populated_place", "village"):
            # "the Red River" is no town called Red
            return f"no river of that name in the gazetteer (closest sense: {best.place.name})"
        if g.hint in PHYSICAL_HINTS and (
            best.place.feature in _NAMED_UNITS
            or (g.hint != "island" and not _named_as(best.place, g.key))
        ):
            # "Santa Rosa, a river island in the Amazon" is no municipality of that name;
            # "the Boni forest" is not Bonn (whose other names include "Boni")
            return (
                f"no {g.hint} of that name in the gazetteer (closest sense: {best.place.name}, "
                f"{best.place.country_code})"
            )
        province = self._province_over_town(g, scored)
        if province is not None:
            scored = [province, *[row for row in scored if row is not province]]
            best_s, best, ctx = scored[0]
        namesake = self._ambiguous(g, scored)
        if namesake is not None:
            return namesake
        unsupported = (
            focused
            and ctx < OUT_OF_AREA_CTX
            and best.place.feature in ("populated_place", "village")
            and best.place.population < OUT_OF_AREA_POPULATION
        )
        totals = np.array([s for s, _, _ in scored])
        weights = np.exp((totals - best_s) / SOFTMAX_T)
        share = float(weights[0] / weights.sum())
        conf = share * MATCH_FACTOR.get(best.match, 0.6)
        min_ctx = MIN_FUZZY_CONTEXT / 2 if g.fuzzy_ok else MIN_FUZZY_CONTEXT
        if best.match != "exact" and all(
            self.mentions[k].source == "frame" and named_as_alias(self.text, self.mentions[k].start)
            for k in g.mentions
        ):
            # "the village, which locals call Voronkovo": another name of a place named
            # before, not a town spelt a little like it (see :func:`anchors.find_alias`)
            return f"not in gazetteer (closest: {best.place.name}, {best.place.country_code})"
        if best.match == "fuzzy" and ctx < min_ctx:
            return f"not in gazetteer (closest: {best.place.name}, {best.place.country_code})"
        kind = g.hint or split_generic(g.key)[1]
        if (
            best.match == "fuzzy"
            and kind in _NAMED_UNITS
            and _fits(kind, best.place.feature) is False
        ):
            # a spelling guess of another unit than the text names: "Kampong Ro district"
            # is no province one or two letters away (a "Bundibugio border post" may still
            # be a misspelt town: posts bear towns' names)
            return f"not in gazetteer (closest: {best.place.name}, {best.place.country_code})"
        if (
            focused
            and best.match == "fuzzy"
            and best.place.feature not in _UNIT
            and not g.containers
            and not g.state_places
            and self._far_from(g, best.place, None, limit=FUZZY_NEAR_KM)
        ):
            # a spelling guess far from every other place the story names is another place
            return f"not in gazetteer (closest: {best.place.name}, {best.place.country_code})"
        # An ambiguous name without context still takes its best sense (the
        # prior: the most prominent unit or most populous place); the low
        # score (the softmax share) tells the reader how unsure it is.
        if unsupported and best.match != "exact":
            # a spelling variant of a small place nowhere near the story: not it
            return f"not in gazetteer (closest: {best.place.name}, {best.place.country_code})"
        if (
            focused
            and best.match != "exact"
            and best.place.feature not in _UNIT
            and (ctx < OUT_OF_AREA_CTX or best.place.country_code not in self.focus_codes)
        ):
            # a spelling variant of any town nowhere near the story ("Shebaa" is not Chiba)
            return f"not in gazetteer (closest: {best.place.name}, {best.place.country_code})"
        if (
            focused
            and best.place.feature in ("populated_place", "village")
            and best.place.population < HOMONYM_TOWN_POPULATION
            and best.place.country_code not in self.lead_countries
            and not g.containers
            and self._only_attributive(g)
            and self._far_from(g, best.place, self.lead_countries, limit=PICTURE_KM)
        ):
            # a small town far from the story's lead countries, named only as a modifier
            # ("the Schengen area", "Schengen rules") and never as a location ("in X"),
            # names a concept (an agreement, a product), not the town
            return (
                f"named only as a modifier, far from the article's other places "
                f"(closest sense: {best.place.name}, {best.place.country_code})"
            )
        if focused and self._alias_abroad(g, best):
            return (
                f"far from the article's other places (closest sense: {best.place.name}, "
                f"{best.place.country_code}, known also as {best.matched_name})"
            )
        if (
            not unsupported
            and focused
            and (self._isolated(g, best.place) or self._off_picture(g, best.place))
        ):
            city = _world_city_of(best.place, scored, totals)
            if city is not None:
                # "outside New York" in a story abroad: not the state, its city
                return city
            return (
                f"far from the article's other places (closest sense: {best.place.name}, "
                f"{best.place.country_code})"
            )
        if unsupported and self._far_from(g, best.place, countries=None):
            # a small place in none of the story's countries, with no containing place
            # named, continents away from its other places: a wrong point is worse than
            # none ("Moldo" in a story on Ladakh is not the Norwegian village)
            return (
                f"outside the article's area (closest sense: {best.place.name}, "
                f"{best.place.country_code})"
            )
        if unsupported:
            conf *= OUT_OF_AREA_FACTOR
        return best.place, round(max(0.0, min(1.0, conf)), 3)

    def _ambiguous(self, g: _Group, scored: list[tuple[float, Candidate, float]]) -> str | None:
        """The reason a town's name is left unplaced: a far namesake the text fits as well.

        The best town and the first town of that name over :data:`AMBIGUOUS_KM`
        away in the ranking are weighed on what sets them apart: the text (its
        context score) and size. When the text supports the best no more than
        the namesake (by :data:`AMBIGUOUS_CTX`) and it has under
        :data:`AMBIGUOUS_POPULATION_RATIO` times its people, the choice would
        be a coin toss between answers hundreds of km apart: "a Brandon man"
        in a story naming no state or province. Nor is a town that only its
        country's share of the story backs (:data:`FOCUS_ONLY_CTX`) taken over
        a far city of a million people, ten times its size, whose country the
        text names too: "Paris" in a US story that names France is not Paris,
        Texas (in a Kentucky story that names Lexington it is Paris, Kentucky).
        A containing place or a state named beside the name, or a curated
        border place, is never ambiguous.
        """
        _, best, ctx = scored[0]
        p = best.place
        if p.feature not in _TOWNS or g.containers or g.state_places or p.source == "curated":
            return None
        far = [
            (cand.place, other_ctx)
            for _, cand, other_ctx in scored[1:]
            if cand.place.feature in _TOWNS
            and haversine_km(p.lat, p.lon, cand.place.lat, cand.place.lon) > AMBIGUOUS_KM
        ]
        if ctx <= FOCUS_ONLY_CTX:
            for q, other_ctx in far:
                if (
                    q.population >= WORLD_CITY_POPULATION
                    and q.population >= 10 * p.population
                    and other_ctx >= NAMED_TOO_CTX
                ):
                    return (
                        f"ambiguous: {_where(p)}, backed only by its country, or "
                        f"{_where(q)}, a city of {q.population:,} in a country the text "
                        "names too"
                    )
        for _, cand, other_ctx in scored[1:]:
            q = cand.place
            if q.feature not in _TOWNS:
                continue
            if haversine_km(p.lat, p.lon, q.lat, q.lon) <= AMBIGUOUS_KM:
                continue
            if ctx - other_ctx > AMBIGUOUS_CTX:
                return None
            if p.population >= AMBIGUOUS_POPULATION_RATIO * max(1, q.population):
                return None
            return (
                f"ambiguous: {_where(p)} or {_where(q)}, "
                f"{round(haversine_km(p.lat, p.lon, q.lat, q.lon)):,} km apart, and nothing "
                "in the text chooses"
            )
        return None

    def _province_over_town(
        self, g: _Group, scored: list[tuple[float, Candidate, float]]
    ) -> tuple[float, Candidate, float] | None:
        """A province of another country named just so, over a town backed only by its country.

        Towns are named after provinces abroad (Ontario, California; Ontario,
        New York); a bare name whose best sense is such a town, backed by
        nothing but its country's share of the story (context score no more
        than :data:`FOCUS_ONLY_CTX`, no containing place named), means the
        province when the story is also about the province's country (its
        context score at least :data:`PROVINCE_NAMED_CTX`): "central Ontario's cottage
        country" is the province. A town the text places ("Ontario, Calif.")
        or supports beyond its country keeps its name; a province of the
        town's own country (Washington, Kansas) is left to the scores.
        """
        _, best, ctx = scored[0]
        p = best.place
        if (
            p.feature not in _TOWNS
            or g.key in _PLACE_NOUNS  # "Interstate 64 West" names no region "West"
            or ctx > FOCUS_ONLY_CTX
            or g.containers
            or g.state_places
            or p.source == "curated"
        ):
            return None
        for row in scored[1:]:
            q = row[1].place
            if (
                q.feature == "admin1"
                and q.country_code != p.country_code
                and row[1].match == "exact"
                and row[2] >= PROVINCE_NAMED_CTX
                and _main_name_of_unit(q.name) == g.key
            ):
                return row
        return None

    def _named_units(self, g: _Group) -> list[Place]:
        """Units (country, admin-1, admin-2) the text puts the name in.

        Said in so many words ("Kukawa in Borno State"), or set after it with a
        comma ("Holliday, Missouri", "Holliday, Mo.") where the unit does not
        open a list ("Kandahar, Helmand and Uruzgan" lists provinces) or own
        what follows ("In Naypyitaw, China's ambassador met ...").
        """
        ks = [*g.said_in, *(c for c in g.apposed if not self._loose(c))]
        units = [
            self.chosen[c][0]
            for c in ks
            if c in self.chosen and self.chosen[c][0].feature in _NAMED_UNITS
        ]
        units += [p for p in g.state_places if p not in units]
        return [u for u in units if self._demonym_allows(g, u)]

    def _sense_in_units(self, g: _Group, units: list[Place]) -> tuple[Place, float] | None:
        """A sense of ``g`` inside a unit the text names, when no usual sense lies there.

        "the Nowshera sector of Rajouri district": the town of that name in
        another country is not it, but the text vouches for a place of that
        name inside the unit, so a district of the world's district layers
        named so (bare names are not read as districts elsewhere) is the
        place, at a lower confidence. Exact names only (cached): no spelling
        search.
        """
        found = [
            c
            for c in self.index.candidates(g.key)
            if c.place.feature not in _UNIT
            and any(c.place.id != u.id and _part_of(c.place, u) for u in units)
        ]
        if not found:
            return None
        best = max(found, key=lambda c: (c.score, c.place.population))
        return best.place, round(0.5 * MATCH_FACTOR.get(best.match, 0.6), 3)

    @staticmethod
    def _demonym_allows(g: _Group, unit: Place) -> bool:
        """Whether a unit set after a name may hold it, given a demonym before the name.

        "outside Medyka, opposite the *Ukrainian* post of Shehyni, in the
        Subcarpathian region": the demonym right before the name says its
        country; a unit of another country named after it holds the place
        before, not this one.

        >>> g = _Group("shehyni", None, [], [], [], [], ["UA"], False)
        >>> pl = Place("a", "Podkarpackie", 50.0, 22.0, "PL", "admin1")
        >>> bare = replace(g, demonym_codes=[])
        >>> Resolver._demonym_allows(g, pl), Resolver._demonym_allows(bare, pl)
        (False, True)
        """
        return not g.demonym_codes or unit.country_code in g.demonym_codes

    def _only_attributive(self, g: _Group) -> bool:
        """Whether every mention of ``g`` modifies a noun and none follows "in", "at" ...

        "the Schengen area", "Schengen rules"; never "in Schengen".
        """
        for k in g.mentions:
            m = self.mentions[k]
            if not _NOUN_AFTER.match(self.text, m.end):
                return False
            if _LOCATIVE_BEFORE.search(self.text, max(0, m.start - 20), m.start):
                return False
        return True

    def _loose(self, k: int) -> bool:
        """Whether mention ``k`` opens a list ("Helmand and Zabul") or owns ("China's envoy").

        Or opens a clause: "in Madrid, Gibraltar is to join ..." (a finite verb follows).
        """
        m = self.mentions[k]
        end = m.ext_end if m.ext_end is not None else m.end
        if self.text.startswith(("'s", "’s", "'", "’"), end):
            return True
        if (
            _CLAUSE_VERB_AFTER.match(self.text, end)
            and k in self.chosen
            and self.chosen[k][0].feature == "country"
        ):
            # a country opening a clause; "Lincoln, Nebraska said" keeps its state
            return True
        nxt = next((o for o in self.mentions[k + 1 :] if o.start >= end), None)
        return nxt is not None and bool(_LIST_GAP.fullmatch(self.text[end : nxt.start]))

    def _alias_abroad(self, g: _Group, best: Candidate) -> bool:
        """Whether the best sense is a small town abroad that has the name only as another name.

        "the coastal town of Ibeka" in a story on Nigeria and Cameroon is not
        Abalak in Niger (one of whose other names is Ibeka): a town of fewer
        than :data:`HOMONYM_TOWN_POPULATION` people matched by another name,
        in a country nothing else in the text names, with no containing place
        named, over :data:`PICTURE_KM` from every other place of the story.
        """
        p = best.place
        return (
            p.feature in _TOWNS
            and p.population < HOMONYM_TOWN_POPULATION
            and p.source != "curated"
            and _main_name(p) != fold(best.matched_name)
            and not g.containers
            and not g.state_places
            and not self._backed(g, p.country_code)
            and self._far_from(g, p, None, limit=PICTURE_KM)
        )

    def _isolated(self, g: _Group, place: Place) -> bool:
        """Whether a small place stands alone, far from the story's picture.

        True for a village or small town (fewer than
        :data:`OUT_OF_AREA_POPULATION` people), or a province or district of a
        country no other name of the text is in, that no container named in the
        text holds, outside the article's leading countries, and more than
        :data:`ISOLATED_KM` from every place chosen so far in those countries,
        when there are any: "Argyle" in a story on Essequibo that also names
        "the US" and "Washington" is not a village in Texas.
        """
        if g.containers or g.state_places or _is_constituent_country(place):
            return False  # a unit named as a country ("England") is never isolated
        if place.feature in _SUB_UNITS:
            # a province or district of a country no other name of the text is in
            own = set(g.mentions)
            if any(
                p.country_code == place.country_code
                for k, (p, _, _) in self.chosen.items()
                if k not in own
            ):
                return False
        elif (
            place.feature not in ("populated_place", "village")
            or place.population >= OUT_OF_AREA_POPULATION
        ):
            return False
        if place.country_code in self.lead_countries and self._backed(g, place.country_code):
            # a leading country only by this name's own mentions is no support
            # ("Berea police" five times is not Lesotho's Berea district)
            return False
        return self._far_from(g, place, self.lead_countries)

    def _off_picture(self, g: _Group, place: Place) -> bool:
        """Whether a town lies far outside the compact picture the story's other places draw.

        The story's other places (placed with some confidence, below the
        country level, not this name's own mentions) lie within some spread of
        their middle; a town of fewer than :data:`PICTURE_TOWN_POPULATION`
        people with no containing place named, over :data:`PICTURE_KM` and
        :data:`PICTURE_SPREAD` times that spread from every one of them, is not
        the story's place: "Kent" in a Minnesota road report that names five
        Minnesota towns is not Kent, Washington. A story whose places are spread
        wide (a war across a country, a summit abroad) has a spread too large
        for the rule to refuse anything.
        """
        if (
            g.containers
            or g.state_places
            or place.feature not in _TOWNS
            or place.population >= PICTURE_TOWN_POPULATION
            or place.source == "curated"
        ):
            return False
        own = self.key_index.get(g.key, set())
        pts = {
            (p.lat, p.lon)
            for k, (p, conf, _) in self.chosen.items()
            if k not in own and p.feature not in _UNIT and conf >= 0.4
        }
        if len(pts) < PICTURE_MIN_PLACES:
            return False
        lats = np.array([a for a, _ in pts])
        lons = np.array([b for _, b in pts])
        middle = int(np.argmin([_km(a, b, lats, lons).sum() for a, b in pts]))
        spread = float(_km(lats[middle], lons[middle], lats, lons).max())
        limit = max(PICTURE_KM, PICTURE_SPREAD * spread)
        return float(_km(place.lat, place.lon, lats, lons).min()) > limit

    def _backed(self, g: _Group, code: str) -> bool:
        """Whether a country has support in the text besides the group's own mentions.

        A name read first as a village abroad puts that country in the focus by
        itself ("Koya" twice as the Japanese village): its own mentions, under
        any generic term, are no support.
        """
        own = self.key_index.get(g.key, set())
        return any(c == code for _, _, c in self.demonyms) or any(
            p.country_code == code for k, (p, _, _) in self.chosen.items() if k not in own
        )

    def _far_from(
        self, g: _Group, place: Place, countries: set[str] | None, limit: float = ISOLATED_KM
    ) -> bool:
        """Whether ``place`` lies over ``limit`` km from every other chosen place.

        Only places in ``countries`` count (all, when ``None``); with none to
        measure from, the answer is False: no evidence either way. The name's own
        mentions, under any generic term, are no place to measure from.
        """
        own = self.key_index.get(g.key, set())
        pts = [
            (p.lat, p.lon)
            for k, (p, conf, _) in self.chosen.items()
            if k not in own
            and p.feature not in _UNIT
            and conf >= 0.4
            and (countries is None or p.country_code in countries)
        ]
        if not pts:
            # only countries or provinces named: measure from their points, with room
            # for their size ("Koya" in a story on Iraq is not the Japanese town)
            pts = [
                (p.lat, p.lon)
                for k, (p, conf, _) in self.chosen.items()
                if k not in own
                and p.feature in ("country", "admin1")
                and conf >= 0.4
                and (countries is None or p.country_code in countries)
            ]
            limit += UNIT_SLACK_KM
        if not pts:
            return False
        lats, lons = np.array([a for a, _ in pts]), np.array([b for _, b in pts])
        return float(_km(place.lat, place.lon, lats, lons).min()) > limit

    def _focus(self, with_places: bool) -> tuple[Counter[str], Counter[tuple[str, str]]]:
        """Country focus and admin-1 focus of the mentions (with their places, if chosen)."""
        focus: Counter[str] = Counter()
        admin1: Counter[tuple[str, str]] = Counter()
        for _, _, code in self.demonyms:
            focus[code] += 0.5
        for code in self.context_codes:
            focus[code] += 0.5
        for k, m in enumerate(self.mentions):
            if m.kind == "border":
                for side in m.sides:
                    focus[side] += 0.5
            if m.kind not in ("place", "facility"):
                continue
            if not with_places:
                cands = self.index.candidates(m.key) if m.source in _EXACT_SOURCES else ()
                if cands and cands[0].place.feature == "country":
                    focus[cands[0].place.country_code] += 1.0
                continue
            if k in self.chosen:
                place, conf, _ = self.chosen[k]
                if not place.country_code or k in self.inexact:
                    # a continent: no country focus; a spelling guess: no evidence
                    continue
                if place.feature == "country":
                    focus[place.country_code] += 1.0
                else:
                    focus[place.country_code] += 0.5 * conf
                    a1 = _admin1_key(place)
                    if a1:
                        # a province named outright says more than a town in it
                        weight = W_ADMIN1_NAMED if place.feature == "admin1" else 1.0
                        admin1[(place.country_code, a1)] += weight * conf
        return focus, admin1

    def _link_same_units(self, groups: list[_Group]) -> None:
        """Give a bare name the unit it names in full elsewhere ("Barrow" / "Barrow County").

        A name called a town ("Palma town") after its district was named in
        full ("Palma district") is read inside that district.
        """
        named: dict[str, tuple[Place, int]] = {}
        for g in groups:
            for k in g.mentions:
                place = self.chosen[k][0] if k in self.chosen else None
                # named in full: with its generic term ("Barrow County", "Balkh province")
                if place is not None and place.feature in _SUB_UNITS:
                    main = _main_name(place)
                    if _fits(g.hint, place.feature) or g.key != main:
                        named.setdefault(main, (place, k))
        for g in groups:
            unit_k = named.get(g.key)
            if unit_k is not None and g.hint == "populated_place" and unit_k[1] not in g.mentions:
                # "Palma district" ... "Palma town": the town of that district; when the
                # gazetteer has none there, the town is placed in the district
                g.said_in.append(unit_k[1])
                g.containers.append(unit_k[1])
                continue
            unit = unit_k[0] if unit_k is not None and g.hint is None else None
            if unit is None and g.hint is None:
                unit = self._short_form_of(g, groups)
            if unit is None:
                continue
            g.same_unit = unit
            if all(c.place.id != unit.id for c in g.cands):
                g.cands.append(Candidate(unit, MATCH_FACTOR["variant"], unit.name, "variant"))

    def _short_form_of(self, g: _Group, groups: list[_Group]) -> Place | None:
        """The town a bare name shortens, when the article names it in full elsewhere.

        "Santa Elena" after "Santa Elena de Uairén": the gazetteer lists the short
        form as one of that town's names, and the longer name, placed in the same
        article, says which of the short form's namesakes the text means. A
        country's name is no short form of the city named after it: "Panama"
        after "PANAMA CITY" is still the country.
        """
        mine = {c.place.id for c in g.cands if c.place.feature in _TOWNS}
        if not mine or any(c.place.feature == "country" for c in g.cands):
            return None
        prefix = g.key + " "
        for other in groups:
            if other is g or not other.key.startswith(prefix):
                continue
            for k in other.mentions:
                if k in self.chosen and self.chosen[k][0].id in mine:
                    return self.chosen[k][0]
        return None

    def _pair_distances(self, groups: list[_Group]) -> None:
        """For every sense, the distance to the nearest sense of *another* name.

        Two names with senses a few km apart, one of them a district or
        county, are read together: a town and its county ("Athens" and
        "Henderson County" in Texas). Two towns never pair: small namesakes
        of famous places cluster by chance (Russia, Versailles and Paris are
        all villages in one corner of Ohio).
        """
        pts = [
            (c.place.lat, c.place.lon, gi, c.place.feature == "admin2")
            for gi, g in enumerate(groups)
            for c in g.cands
            if c.place.feature not in _UNIT
        ]
        if len(pts) < 2:
            return
        lat = np.radians(np.array([p[0] for p in pts]))
        lon = np.radians(np.array([p[1] for p in pts]))
        owner = np.array([p[2] for p in pts])
        district = np.array([p[3] for p in pts], dtype=bool)
        # haversine between every two senses (in row blocks, to bound memory);
        # senses of one name never pair
        nearest = np.empty(len(pts))
        coslat = np.cos(lat)
        for lo in range(0, len(pts), _PAIR_BLOCK):
            hi = min(len(pts), lo + _PAIR_BLOCK)
            a = (
                np.sin((lat[lo:hi, None] - lat[None, :]) / 2) ** 2
                + coslat[lo:hi, None] * coslat[None, :]
                * np.sin((lon[lo:hi, None] - lon[None, :]) / 2) ** 2
            )  # fmt: skip
            d = 2 * 6371.0088 * np.arcsin(np.minimum(1.0, np.sqrt(a)))
            d[owner[lo:hi, None] == owner[None, :]] = np.inf
            d[~(district[lo:hi, None] | district[None, :])] = np.inf
            nearest[lo:hi] = d.min(axis=1)
        k = 0
        for g in groups:
            for c in g.cands:
                if c.place.feature not in _UNIT:
                    if np.isfinite(nearest[k]):
                        g.pair_km[c.place.id] = float(nearest[k])
                    k += 1

    def _resolve_places(self) -> None:
        self.contained: dict[int, Place] = {}
        groups = self._groups()
        self._pair_distances(groups)
        focus, admin1 = self._focus(with_places=False)
        #: countries the article's mentions point to: a misspelt or variant name is
        #: read only as a place there ("Bunagana" is no spelling of Mongolia's Bulgan)
        self.focus_codes = {c for c, v in focus.items() if v > 0}
        self.named_countries = {
            self.index.candidates(m.key)[0].place.country_code
            for m in self.mentions
            if m.kind == "place" and m.source in _EXACT_SOURCES and self.index.is_country(m.key)
        }
        for rnd in range(2):
            anchors = None
            if rnd == 0 and W_PROX_CANDIDATES:
                # first pass: near the leading senses of the other names
                # ("Huntsville" and "Walker County" in the same state)
                pts = [
                    (c.place.lat, c.place.lon, f"name:{g.key}")
                    for g in groups
                    for c in [c for c in g.cands if c.place.feature not in _UNIT][
                        : int(W_PROX_CANDIDATES)
                    ]
                ]
                if pts:
                    anchors = (
                        np.array([a for a, _, _ in pts]),
                        np.array([b for _, b, _ in pts]),
                        [c for _, _, c in pts],
                    )
            if rnd == 1:
                focus, admin1 = self._focus(with_places=True)
                self.focus_codes |= {c for c, v in focus.items() if v > 0}
                self._link_same_units(groups)
                # anchors: the places chosen so far, each tagged with its group
                # (a name is never its own anchor)
                group_of = {k: f"name:{g.key}" for g in groups for k in g.mentions}
                pts = [
                    (p.lat, p.lon, group_of[k])
                    for k, (p, conf, _) in self.chosen.items()
                    if p.feature not in _UNIT and conf >= 0.4
                ]
                if pts:
                    anchors = (
                        np.array([a for a, _, _ in pts]),
                        np.array([b for _, b, _ in pts]),
                        [c for _, _, c in pts],
                    )
            # containers first: groups whose mentions contain others
            focused = rnd == 1 and any(v > 0 for v in focus.values())
            top = max(focus.values(), default=0.0)
            # the countries the story is about: those with at least half the top focus
            self.lead_countries = {c for c, v in focus.items() if focused and v >= top / 2}
            for g in groups:
                scored = self._score(g, focus, admin1, anchors)
                result = self._choose(g, scored, focused)
                for k in g.mentions:
                    if isinstance(result, str):
                        self.chosen.pop(k, None)
                        self.unresolved[k] = result
                    else:
                        self.unresolved.pop(k, None)
                        self.chosen[k] = (result[0], result[1], precision_of(result[0]))
                        if scored[0][1].match == "exact":
                            self.inexact.discard(k)
                        else:
                            self.inexact.add(k)
        # fall back to a named container for mentions that could not be placed
        for g in groups:
            for k in g.mentions:
                if k in self.chosen:
                    continue
                cont = [self.chosen[c][0] for c in g.containers if c in self.chosen]
                cont.extend(g.state_places)
                # a country is no location for a village: no country-centre points; nor
                # is a unit of another country than a demonym gives the name
                cont = [
                    p
                    for p in cont
                    if p.feature not in ("country", "continent") and self._demonym_allows(g, p)
                ]
                if cont:
                    place = cont[0]
                    prec = 3 if place.feature in _UNIT else 2
                    self.chosen[k] = (place, 0.3, prec)
                    self.contained[k] = place
                    self.unresolved.pop(k, None)

    # --- borders and roads ------------------------------------------------------------------

    def _boundaries(self) -> Any:
        if self.boundaries is None:
            try:
                from geo.boundaries import load_boundaries
            except ImportError:
                return None
            try:
                self.boundaries = load_boundaries()
            except SitmapError:
                return None
        return self.boundaries

    def _resolve_border(self, k: int, m: Mention, focus: Counter[str]) -> Toponym | str:
        sides = list(m.sides)
        if len(sides) == 1:
            near = set(neighbours(sides[0]))
            others = [(w, c) for c, w in focus.items() if c in near and c != sides[0]]
            if not others:
                return f"border of {sides[0]}: the other country is not named"
            sides.append(max(others)[1])
        dyad = dyad_name(sides)
        if dyad is None:
            return f"border {'–'.join(sides)}: not a pair of countries"
        boundaries = self._boundaries()
        if boundaries is None:
            return f"border {dyad}: no boundary data"
        geom = border_geometry(boundaries, dyad)
        if geom is None:
            return f"border {dyad}: not a land border in the boundary data"
        anchors = [
            (p.lat, p.lon)
            for (p, conf, _) in self.chosen.values()
            if p.feature not in _UNIT and p.country_code in sides and conf >= 0.3
        ]
        lat, lon, anchored = cached_border_point(dyad, geom, anchors)
        return Toponym(
            document=self.document,
            start=m.start,
            end=m.end,
            text=m.text,
            name=dyad,
            lat=lat,
            lon=lon,
            country_code=None,
            admin1=None,
            admin2=None,
            feature="border",
            geonameid=None,
            place_id=f"dyad:{dyad}",
            precision=2 if anchored else 3,
            score=0.9 if len(m.sides) == 2 else 0.6,
        )

    def _resolve_line(self, k: int, m: Mention, focus: Counter[str]) -> Toponym | str:
        """A named line ("the Line of Control"): the sense the article's countries pick.

        A line between two countries is that border (a dyad, no confident point); a
        line inside one state or at sea is placed at its cited point, if it has one.
        """
        idx = line_index()
        line = choose_line(idx.senses(m.key) or idx.by_short.get(m.key, ()), focus)
        if isinstance(line, str):
            return line
        pair = pick_pair(line, focus)
        if pair is not None and line.kind != "maritime":
            result = self._resolve_border(k, replace(m, kind="border", sides=pair), focus)
            if not isinstance(result, str):
                return replace(result, anchor=f"named line: {line.name}")
            if line.lat is None:
                return f"named line {line.label}: {result}"
        if line.lat is None or line.lon is None:
            return f"named line {line.label}: no border line and no cited point"
        return Toponym(
            document=self.document,
            start=m.start,
            end=m.end,
            text=m.text,
            name=line.name,
            lat=line.lat,
            lon=line.lon,
            country_code=line.within or None,
            admin1=None,
            admin2=None,
            feature="region",
            geonameid=None,
            place_id=f"line:{line.id}",
            precision=3,
            score=0.6,
            radius_km=RADIUS_KM.get("region", 50.0),
            anchor=f"named line: {line.name}, its cited point",
        )

    def _resolve_road(self, m: Mention) -> Toponym | str:
        found = []
        try:
            cands = self.gazetteer.lookup(
                self.text[m.start : m.ext_end or m.end], limit=5, feature="road", fuzzy=False
            )
        except SitmapError:
            cands = []
        if cands:
            place = cands[0].place
            return self._toponym_from(m, place, round(cands[0].score, 3), precision_of(place))
        by_span = {(self.mentions[k].start, self.mentions[k].end): k for k in self.chosen}
        for span in m.components:
            k = by_span.get(span)
            if k is None:
                return f"road: component {self.text[span[0] : span[1]]!r} not placed"
            found.append(self.chosen[k])
        lat = sum(p.lat for p, _, _ in found) / len(found)
        lon = sum(p.lon for p, _, _ in found) / len(found)
        codes = {p.country_code for p, _, _ in found}
        admin1 = {p.admin1 for p, _, _ in found}
        name = "–".join(p.name for p, _, _ in found) + " road"
        # the road runs between its ends: half their distance apart, as a radius
        half = max(
            haversine_km(p.lat, p.lon, q.lat, q.lon) / 2
            for (p, _, _), (q, _, _) in itertools.combinations(found, 2)
        )
        return Toponym(
            document=self.document,
            start=m.start,
            end=m.end,
            text=m.text,
            name=name,
            lat=round(lat, 5),
            lon=round(lon, 5),
            country_code=codes.pop() if len(codes) == 1 else None,
            admin1=admin1.pop() if len(admin1) == 1 else None,
            admin2=None,
            feature="road",
            geonameid=None,
            place_id="road:" + "–".join(p.id for p, _, _ in found),
            precision=2,
            score=round(0.9 * min(c for _, c, _ in found), 3),
            radius_km=round(max(5.0, half), 1),
            anchor="between " + " and ".join(p.name for p, _, _ in found),
        )

    def _toponym_from(self, m: Mention, place: Place, score: float, precision: int) -> Toponym:
        return Toponym(
            document=self.document,
            start=m.start,
            end=m.end,
            text=m.text,
            name=place.name,
            lat=place.lat,
            lon=place.lon,
            country_code=place.country_code,
            admin1=place.admin1,
            admin2=place.admin2,
            feature=place.feature,
            geonameid=place.geonameid,
            place_id=place.id,
            precision=precision,
            score=score,
        )

    def _approximate(self, m: Mention) -> Toponym | None:
        """An unknown name placed at the place the text ties it to (:mod:`anchors`)."""
        if self._anchor_pool is None:
            self._anchor_pool = [
                (self.mentions[k].start, self.mentions[k].end, place, conf)
                for k, (place, conf, _prec) in sorted(self.chosen.items())
                if conf >= 0.4
            ]
        anchor = find_anchor(self.text, m.start, m.end, self._anchor_pool)
        if anchor is None:
            # "Ras Doumeira, which Djiboutians also call Mount Gabla": the same place
            anchor = find_alias(self.text, m.start, m.end, self._anchor_pool)
        if anchor is None:
            return None
        toponym = self._approximate_at(
            m, anchor.place, anchor.precision, anchor.confidence, anchor.reason, anchor.radius_km
        )
        if not anchor.same_side:
            # across a border or river from its anchor: near it, in a country not known
            return replace(toponym, country_code=None, admin1=None, admin2=None)
        return toponym

    def _approximate_at(
        self,
        m: Mention,
        place: Place,
        precision: int,
        confidence: float,
        reason: str,
        radius_km: float | None = None,
    ) -> Toponym:
        """A toponym for ``m`` under its own name, at ``place``'s point."""
        return Toponym(
            document=self.document,
            start=m.start,
            end=m.end,
            text=m.text,
            name=m.text,
            lat=place.lat,
            lon=place.lon,
            country_code=place.country_code,
            admin1=place.admin1 if place.feature != "admin1" else place.name,
            admin2=place.admin2 if place.feature != "admin2" else place.name,
            feature="approximate",
            geonameid=None,
            place_id=f"approx:{m.key}@{place.id}",
            precision=precision,
            score=round(confidence, 3),
            radius_km=radius_km if radius_km is not None else RADIUS_KM.get(place.feature, 50.0),
            anchor=reason,
        )

    def _common_word_far(self, m: Mention, reason: str) -> bool:
        """Whether a refused one-word name is read better as the common word it is.

        "its Western partners", "Federal officials said": a capitalised common
        word with no kind word and no locative word before it, whose every sense
        lies far from the story, and which modifies the lower-case noun after it,
        is the adjective, not an unplaced place ("in the Gulf", "the two Gulf
        neighbours", "a Gulf Cooperation Council summit" stay places the
        gazetteer could not place: "the" or a longer name makes the word a name).
        """
        return (
            reason.startswith(_FAR_REASONS)
            and m.feature_hint is None
            and " " not in m.key
            and is_common_word(m.key)
            and not _LOCATIVE_BEFORE.search(self.text, max(0, m.start - 20), m.start)
            and not _THE_BEFORE.search(self.text, max(0, m.start - 30), m.start)
            and _NOUN_AFTER.match(self.text, m.end) is not None
        )

    # --- the whole ----------------------------------------------------------------------------

    def run(self) -> tuple[tuple[Toponym, ...], tuple[Unresolved, ...]]:
        """Resolve every mention: (toponyms, unresolved), each in text order."""
        self._resolve_places()
        self._anchor_pool: list[tuple[int, int, Place, float]] | None = None
        focus, _ = self._focus(with_places=True)
        toponyms: list[Toponym] = []
        unresolved: list[Unresolved] = []
        placed_at: dict[str, Toponym] = {}
        for k, m in enumerate(self.mentions):
            result: Toponym | str
            if m.kind == "border":
                result = self._resolve_border(k, m, focus)
            elif m.kind == "line":
                result = self._resolve_line(k, m, focus)
            elif m.kind == "road":
                result = self._resolve_road(m)
            elif k in self.contained:
                # a name known only by the unit the text puts it in: placed there, own name
                place, conf, prec = self.chosen[k]
                result = self._approximate_at(m, place, prec, conf, f"in {place.name}")
            elif k in self.chosen:
                place, conf, prec = self.chosen[k]
                if m.typo:
                    conf = round(conf * 0.8, 3)
                result = self._toponym_from(m, place, conf, prec)
            else:
                result = self.unresolved.get(k, "not in gazetteer")
                if result == "not in gazetteer" and m.source == "abbreviation":
                    result = f"short form of {m.key!r}: no single place in the gazetteer"
                elif m.kind in ("place", "facility") and result.startswith(_NO_SENSE):
                    # no sense of the name fits the story: placed at what the text
                    # ties it to, if anything ("Koya, a town east of Erbil")
                    result = self._approximate(m) or result
                    if isinstance(result, str) and self._common_word_far(m, result):
                        result = "not taken as a place: a common word, no sense near the story"
            if isinstance(result, str):
                unresolved.append(Unresolved(self.document, m.start, m.end, m.text, result))
            else:
                toponyms.append(result)
                if result.feature == "approximate" and m.key not in placed_at:
                    placed_at[m.key] = result
        if placed_at:
            # one sense per discourse: a name the text anchors once is placed there
            # wherever else it stands with no sense of its own
            keys = {(m.start, m.end): m.key for m in self.mentions}
            still: list[Unresolved] = []
            for u in unresolved:
                same = placed_at.get(keys.get((u.start, u.end), ""))
                if same is not None and u.reason.startswith(_NO_SENSE):
                    toponyms.append(replace(same, start=u.start, end=u.end, text=u.text))
                else:
                    still.append(u)
            if len(still) < len(unresolved):
                toponyms.sort(key=lambda t: (t.start, -t.end))
            unresolved = still
        return tuple(toponyms), tuple(unresolved)


def resolve(
    document: str,
    text: str,
    mentions: Sequence[Mention],
    *,
    gazetteer: GazetteerLike,
    index: NameIndex,
    demonyms: Sequence[tuple[int, int, str]] = (),
    boundaries: Any = None,
    context_codes: Sequence[str] = (),
) -> tuple[tuple[Toponym, ...], tuple[Unresolved, ...]]:
    """Resolve ``mentions`` of ``text``: every one ends in toponyms or unresolved.

    ``context_codes`` are extra country codes that count as focus (e.g. from
    the headline). See the module docstring for the scoring rule.
    """
    return Resolver(
        document,
        text,
        mentions,
        gazetteer=gazetteer,
        index=index,
        demonyms=demonyms,
        boundaries=boundaries,
        context_codes=context_codes,
    ).run()
