"""Events as an ACLED table: ACLED's 31 columns in ACLED's order, then sitmap's extras.

The columns and their order follow ACLED's codebook (ACLED, *Codebook*, 2023, last updated
3 October 2024, "ACLED Data Columns at a Glance", https://acleddata.com/knowledge-base/codebook;
the same list, with ``disorder_type``, ``civilian_targeting`` and ``tags`` added on 20 March 2023,
in https://acleddata.com/knowledge-base/guide-to-2023-acled-column-changes and in the
``acled_old_dummy`` data of ACLED's R package acledR, https://dtacled.github.io/acledR/):
``event_id_cnty, event_date, year, time_precision, disorder_type, event_type, sub_event_type,
actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction, civilian_targeting,
iso, region, country, admin1, admin2, admin3, location, latitude, longitude, geo_precision,
source, source_scale, notes, fatalities, tags, timestamp``. Integer columns are nullable
integers (``Int64``): a precision is ``3``, never ``3.0``; an unknown value is empty.

**Event and sub-event types.** :data:`SUB_EVENT_TYPES` is the codebook's list of the 25
sub-event types with their event type and disorder type. :data:`RULES` maps each sitmap
``event_type`` (and, where it matters, its ``sub_event_type``) to one of them; the first rule
whose condition holds wins. A condition reads only the event's own fields — its sitmap sub-type,
its actors' ACLED categories and the words of its source sentences (:data:`CONDITIONS`):

===================  ==============================  =====  ===================================
sitmap type          sitmap sub-type / condition     type   ACLED sub-event type
===================  ==============================  =====  ===================================
armed_clash          sabotage accusation             SD     Other (an accusation, no violence)
armed_clash          surrender                       SD     Change to group/activity
armed_clash          air or drone strike             E/RV   Air/drone strike
armed_clash          explosion + mine/IED words      E/RV   Remote explosive/landmine/IED
armed_clash          shelling or strike + air words  E/RV   Air/drone strike
armed_clash          shelling or strike              E/RV   Shelling/artillery/missile attack
armed_clash          attack on civilians (inter 7)   VAC    Attack
armed_clash          (any other)                     B      Armed clash
capture              people taken, civilians         VAC    Abduction/forced disappearance
capture              people taken (soldiers...)      SD     Arrests
capture              handed over, without a fight    SD     Non-violent transfer of territory
capture              captor state forces (1, 8)      B      Government regains territory
capture              captor non-state (2, 3, 4)      B      Non-state actor overtakes territory
capture              captor unknown                  B      Armed clash
control_claim        —                               SD     Other
forces_cross_border  troops crossing, fleeing        SD     Change to group/activity
deployment           base set up / established       SD     Headquarters or base established
deployment           deployments, reinforcements     SD     Change to group/activity
displacement         consulate or embassy closure    SD     Other (not a displacement)
displacement         people displaced                SD     Other
ceasefire_or_talks   ceasefire/agreement + concluded SD     Agreement
ceasefire_or_talks   mediation or talks, commanders' SD     Other (meetings, calls, mediation,
                     meeting                                protests: no agreement concluded)
ceasefire_or_talks   withdrawal carried out          SD     Change to group/activity
ceasefire_or_talks   calls, talks, restraint         SD     Other (a call is no agreement)
assistance           requests and offers             SD     Other
blockade             roads, crossings closed; trade  SD     Change to group/activity
                     or border closure (links, visas,
                     markets, flights)
surrender            —                               SD     Change to group/activity
arrest               victims civilians (inter 7)     VAC    Abduction/forced disappearance
abduction            victims civilians (inter 7 or   VAC    Abduction/forced disappearance
                     civilian words: herders...)
arrest, abduction    others                          SD     Arrests
agreement            —                               SD     Agreement
shelling, air_strike air words → air/drone strike    E/RV   Shelling/artillery/missile attack
attack               civilians → VAC Attack          B      Armed clash
base_established     —                               SD     Headquarters or base established
territory_transfer   —                               SD     Non-violent transfer of territory
border_closure,      —                               SD     Change to group/activity
trade_halt
talks                concluded (agreed, signed...)   SD     Agreement
mediation, talks,    offers, meetings, accusations   SD     Other
sabotage_accusation
(any other type)     —                               SD     Other
===================  ==============================  =====  ===================================

B Battles, E/RV Explosions/Remote violence, VAC Violence against civilians, SD Strategic
developments. Disorder type follows the sub-event type (:data:`SUB_EVENT_TYPES`).

The codebook's definitions behind the table: a capture of territory is "Government regains
territory" when government forces or their affiliates regain a place and "Non-state actor
overtakes territory" when a non-state actor wins it; abduction is of *civilians* ("Violence
against civilians"), while detentions by forces in control of the ground are "Arrests";
"Agreement" records agreements concluded (ceasefires, peace deals, prisoner exchanges), so calls
for restraint or talks without an outcome are "Other"; "Change to group/activity" covers
movements of forces and security measures; displacement is listed under "Other"
(acledR vignette *Event and Sub-Event Types*, https://dtacled.github.io/acledR/articles/event_types.html).

**Actors.** ``inter1``/``inter2`` are ACLED's actor categories (1 state forces, 2 rebel groups,
3 political militias, 4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8
external/other forces), read from ``geo/data/acled/actor_categories.csv`` by the actor's name or
its form (``… armed forces``, ``… border guards``, ``Government of …``, ``Civilians …``). State
forces (not governments) acting outside their own country are category 8, as the codebook says
of "External/Other Forces"; on a border known only by its dyad neither side is abroad. An
actor the table does not know gets no category (never a guess), and
then no ``interaction``. ``interaction`` is the two categories joined, smaller first (``13``, not
``31``); a single actor gives ``10``, ``20`` … (acledR vignette *Actors and Interactions*).

**Where.** ``country``/``iso``/``region`` are those of the side of the border where the event
happened (the location's country). A border event known only by its dyad (``KGZ–TJK``) takes the
dyad's first country; the other is named in ``notes`` and ``tags``. ``region`` comes from
``geo/data/acled/regions.csv``. An event with no country at all gets the id ``NOCOUNTRY<n>`` (no
ISO code is invented) and empty ``country``/``iso``/``region``.

**Ids, fatalities, timestamp.** ``event_id_cnty`` is the ISO alpha-3 code plus a running number
in (date, sitmap id) order, stable for the same events. ``fatalities`` is the *lowest* killed
figure any source gives (ACLED's conservative rule), 0 when none is reported. ``timestamp`` is
the event's newest source publication date as a Unix time (00:00 UTC), so the same articles give
the same table; empty when no source is dated.

>>> from geo.situation import Event, EventLocation, Count
>>> from datetime import date
>>> ev = Event(id="e1", event_type="armed_clash", event_date=date(2022, 1, 27),
...            time_precision=1, location=EventLocation("Tort-Kocho", 39.95, 70.53, 1, "KG",
...            "Batken"), actor1="Kyrgyz border guards", actor2="Tajik border guards",
...            counts={"killed": (Count(2, None, "two", "a"), Count(1, None, "", "b"))})
>>> row = acled_frame([ev]).iloc[0]
>>> row["event_id_cnty"], row["event_type"], int(row["iso"]), int(row["fatalities"])
('KGZ1', 'Battles', 417, 1)
>>> int(row["inter1"]), int(row["inter2"]), int(row["interaction"]), row["region"]
(1, 8, 18, 'Caucasus and Central Asia')
"""

from __future__ import annotations

import csv
import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import resources

import pandas as pd

from geo.errors import DataError
from geo.situation import Event

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)  # fmt: skip
EXTRA_COLUMNS: tuple[str, ...] = (
    "sitmap_id", "sitmap_event_type", "sitmap_sub_event_type", "claimant", "claim_status",
    "confidence", "border", "border_distance_km", "counts", "claim", "source_sentences",
    "source_urls", "source_documents",
)  # fmt: skip
#: Nullable integer columns (``3``, never ``3.0``).
INTEGER_COLUMNS: tuple[str, ...] = (
    "year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
    "fatalities", "timestamp",
)  # fmt: skip

POLITICAL_VIOLENCE = "Political violence"
DEMONSTRATIONS = "Demonstrations"
STRATEGIC = "Strategic developments"

#: The codebook's 25 sub-event types → (event type, disorder type).
SUB_EVENT_TYPES: dict[str, tuple[str, str]] = {
    "Government regains territory": ("Battles", POLITICAL_VIOLENCE),
    "Non-state actor overtakes territory": ("Battles", POLITICAL_VIOLENCE),
    "Armed clash": ("Battles", POLITICAL_VIOLENCE),
    "Excessive force against protesters": ("Protests", f"{POLITICAL_VIOLENCE}; {DEMONSTRATIONS}"),
    "Protest with intervention": ("Protests", DEMONSTRATIONS),
    "Peaceful protest": ("Protests", DEMONSTRATIONS),
    "Violent demonstration": ("Riots", DEMONSTRATIONS),
    "Mob violence": ("Riots", POLITICAL_VIOLENCE),
    "Chemical weapon": ("Explosions/Remote violence", POLITICAL_VIOLENCE),
    "Air/drone strike": ("Explosions/Remote violence", POLITICAL_VIOLENCE),
    "Suicide bomb": ("Explosions/Remote violence", POLITICAL_VIOLENCE),
    "Shelling/artillery/missile attack": ("Explosions/Remote violence", POLITICAL_VIOLENCE),
    "Remote explosive/landmine/IED": ("Explosions/Remote violence", POLITICAL_VIOLENCE),
    "Grenade": ("Explosions/Remote violence", POLITICAL_VIOLENCE),
    "Sexual violence": ("Violence against civilians", POLITICAL_VIOLENCE),
    "Attack": ("Violence against civilians", POLITICAL_VIOLENCE),
    "Abduction/forced disappearance": ("Violence against civilians", POLITICAL_VIOLENCE),
    "Agreement": ("Strategic developments", STRATEGIC),
    "Arrests": ("Strategic developments", STRATEGIC),
    "Change to group/activity": ("Strategic developments", STRATEGIC),
    "Disrupted weapons use": ("Strategic developments", STRATEGIC),
    "Headquarters or base established": ("Strategic developments", STRATEGIC),
    "Looting/property destruction": ("Strategic developments", STRATEGIC),
    "Non-violent transfer of territory": ("Strategic developments", STRATEGIC),
    "Other": ("Strategic developments", STRATEGIC),
}

#: ACLED's actor categories (``inter`` codes).
INTER_CODES: dict[int, str] = {
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}

#: Words in an event's source sentences that decide a sub-type (patterns of language only).
_WORDS: dict[str, re.Pattern[str]] = {
    "air": re.compile(
        r"\b(?:air ?strikes?|air raids?|airstrikes?|drones?|warplanes?|aircraft|helicopters?"
        r"|bombers?|fighter jets?|jets|aerial|from the air)\b",
        re.IGNORECASE,
    ),
    "people": re.compile(
        r"\b(?:detain(?:ed|s|ing)?|arrest(?:ed|s|ing)?|prisoners?|hostages?|abduct(?:ed|s|ion)?"
        r"|kidnapp?(?:ed|ing|s)?|taken captive|captives?)\b",
        re.IGNORECASE,
    ),
    "non_violent": re.compile(
        r"\b(?:handed (?:\w+ )?over|hand(?:s|ing)? over|transferr?(?:ed|ing) (?:control|to)"
        r"|without (?:a fight|resistance|firing a shot|a shot)|peacefully)\b",
        re.IGNORECASE,
    ),
    "concluded": re.compile(
        r"\b(?:agreed|signed|reached|brokered|concluded|struck|sealed)\b(?:\s+[\w’'-]+){0,4}?\s+"
        r"(?:agreements?|deals?|cease-?fires?|truces?|accords?|armistice|memorandum)\b"
        r"|\b(?:agreements?|deals?|cease-?fires?|truces?|accords?|armistice)\b[^.;]{0,40}?"
        r"\b(?:was|were|has been|have been|had been|is|are)\s+(?:\w+\s+)?"
        r"(?:agreed|signed|reached|brokered|concluded|struck|sealed)\b"
        r"|\bagreed (?:on|to|upon) (?:a |an |the )?(?:cease-?fire|truce|stop|halt|cease|withdraw"
        r"|end|exchange|pull)\w*"
        r"|\b(?:took effect|came into (?:force|effect)|entered into force|went into effect)\b",
        re.IGNORECASE,
    ),
    "withdrawal_done": re.compile(
        r"(?<!to )\b(?:withdrew|pulled (?:back|out)|have withdrawn|has withdrawn|had withdrawn"
        r"|were withdrawn|returned to (?:their|the) (?:original |previous )?positions)\b",
        re.IGNORECASE,
    ),
    "base": re.compile(
        r"\b(?:(?:establish|set)(?:ed|es|ing)? up (?:a |an |its |new )*(?:military |army )?"
        r"(?:base|outpost|headquarters)|establish(?:ed|es|ing)? (?:a |an |its |new )*"
        r"(?:military |army )?(?:base|outpost|headquarters)|new (?:military |army )?"
        r"(?:base|outpost|headquarters))\b",
        re.IGNORECASE,
    ),
    "civilians": re.compile(
        r"\b(?:civilians?|residents?|villagers?|herders?|farmers?|shepherds?|fishermen"
        r"|journalists?|aid workers?|teachers?|traders?|students?|citizens?|children|women)\b",
        re.IGNORECASE,
    ),
    "diplomatic": re.compile(r"\b(?:consulates?|embass(?:y|ies)|diplomatic missions?)\b", re.I),
    "explosive": re.compile(
        r"\b(?:(?:land)?mines?|improvised explosive devices?|IEDs?|roadside bombs?"
        r"|explosive devices?|booby[- ]traps?)\b",
        re.IGNORECASE,
    ),
}


@dataclass(frozen=True, slots=True)
class EventFacts:
    """What the rules may look at: the event's sitmap types, actor categories and sentences."""

    sitmap_type: str
    sitmap_sub: str
    inter1: int | None
    inter2: int | None
    text: str

    def says(self, key: str) -> bool:
        """Whether the source sentences use the words of :data:`_WORDS` ``key``, not negated.

        >>> EventFacts("x", "", None, None, "No agreement was reached.").says("concluded")
        False
        >>> EventFacts("x", "", None, None, "A truce was agreed on Friday.").says("concluded")
        True
        """
        for m in _WORDS[key].finditer(self.text):
            if not _NEGATED.search(self.text, max(0, m.start() - 30), m.start()):
                return True
        return False


_NEGATED = re.compile(
    r"\b(?:no|not|never|n't|without|failed to|fail to|refused to|yet to)\s+(?:[\w’'-]+\s+){0,2}$",
    re.IGNORECASE,
)


def _civilian_target(f: EventFacts) -> bool:
    return f.inter2 == 7 or f.inter1 == 7


def _people_taken(f: EventFacts) -> bool:
    """People (not ground) were taken: the coder says so, or a bare capture names detainees."""
    return f.sitmap_sub == "capture of people" or (f.sitmap_sub == "capture" and f.says("people"))


#: Named conditions of :data:`RULES` (each reads only :class:`EventFacts`).
CONDITIONS: dict[str, Callable[[EventFacts], bool]] = {
    "always": lambda f: True,
    "air": lambda f: f.says("air"),
    "civilian target": _civilian_target,
    "civilians named": lambda f: _civilian_target(f) or f.says("civilians"),
    "civilians taken": lambda f: _people_taken(f) and _civilian_target(f),
    "people taken": lambda f: _people_taken(f),
    "handed over": lambda f: f.says("non_violent"),
    "state captor": lambda f: f.inter1 in (1, 8),
    "non-state captor": lambda f: f.inter1 in (2, 3, 4),
    "concluded": lambda f: f.says("concluded"),
    "withdrawal done": lambda f: f.says("withdrawal_done"),
    "base set up": lambda f: f.says("base"),
    "diplomatic mission": lambda f: f.says("diplomatic"),
    "explosive": lambda f: f.says("explosive"),
}


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the mapping: sitmap type (and sub-type) + condition → ACLED sub-event type."""

    sitmap_type: str  # "*" matches any type
    sitmap_subs: tuple[str, ...]  # empty matches any sub-type
    condition: str  # a key of CONDITIONS
    sub_event_type: str  # a key of SUB_EVENT_TYPES

    def matches(self, facts: EventFacts) -> bool:
        """Whether this rule applies to the event."""
        if self.sitmap_type not in ("*", facts.sitmap_type):
            return False
        if self.sitmap_subs and facts.sitmap_sub not in self.sitmap_subs:
            return False
        return CONDITIONS[self.condition](facts)


_CEASEFIRE_SUBS = ("ceasefire", "negotiation", "ceasefire agreed", "agreement")

#: The whole sitmap → ACLED mapping, first match wins (see the module docstring's table).
RULES: tuple[Rule, ...] = (
    Rule("armed_clash", ("sabotage accusation",), "always", "Other"),
    Rule("armed_clash", ("surrender",), "always", "Change to group/activity"),
    Rule("armed_clash", ("air or drone strike",), "always", "Air/drone strike"),
    Rule("armed_clash", ("explosion or destruction",), "explosive",
         "Remote explosive/landmine/IED"),
    Rule("armed_clash", ("shelling or strike", "air strike", "drone strike"), "air",
         "Air/drone strike"),
    Rule("armed_clash", ("shelling or strike", "shelling"), "always",
         "Shelling/artillery/missile attack"),
    Rule("armed_clash", ("attack", "casualties", "shooting", "explosion or destruction"),
         "civilian target", "Attack"),
    Rule("armed_clash", (), "always", "Armed clash"),
    Rule("capture", (), "civilians taken", "Abduction/forced disappearance"),
    Rule("capture", (), "people taken", "Arrests"),
    Rule("capture", (), "handed over", "Non-violent transfer of territory"),
    Rule("capture", (), "state captor", "Government regains territory"),
    Rule("capture", (), "non-state captor", "Non-state actor overtakes territory"),
    Rule("capture", (), "always", "Armed clash"),
    Rule("control_claim", (), "always", "Other"),
    Rule("forces_cross_border", (), "always", "Change to group/activity"),
    Rule("deployment", (), "base set up", "Headquarters or base established"),
    Rule("deployment", (), "always", "Change to group/activity"),
    Rule("displacement", (), "diplomatic mission", "Other"),
    Rule("displacement", (), "always", "Other"),
    Rule("ceasefire_or_talks", _CEASEFIRE_SUBS, "concluded", "Agreement"),
    Rule("ceasefire_or_talks", ("mediation or talks", "commanders' meeting"), "always", "Other"),
    Rule("ceasefire_or_talks", (), "withdrawal done", "Change to group/activity"),
    Rule("ceasefire_or_talks", (), "always", "Other"),
    Rule("assistance", (), "always", "Other"),
    Rule("blockade", (), "always", "Change to group/activity"),
    Rule("surrender", (), "always", "Change to group/activity"),
    Rule("arrest", (), "civilian target", "Abduction/forced disappearance"),
    Rule("arrest", (), "always", "Arrests"),
    Rule("abduction", (), "civilians named", "Abduction/forced disappearance"),
    Rule("abduction", (), "always", "Arrests"),
    Rule("agreement", (), "always", "Agreement"),
    Rule("shelling", (), "air", "Air/drone strike"),
    Rule("shelling", (), "always", "Shelling/artillery/missile attack"),
    Rule("air_strike", (), "always", "Air/drone strike"),
    Rule("attack", (), "civilian target", "Attack"),
    Rule("attack", (), "always", "Armed clash"),
    Rule("base_established", (), "always", "Headquarters or base established"),
    Rule("territory_transfer", (), "always", "Non-violent transfer of territory"),
    Rule("border_closure", (), "always", "Change to group/activity"),
    Rule("trade_halt", (), "always", "Change to group/activity"),
    Rule("mediation", (), "always", "Other"),
    Rule("talks", (), "concluded", "Agreement"),
    Rule("talks", (), "always", "Other"),
    Rule("sabotage_accusation", (), "always", "Other"),
    Rule("*", (), "always", "Other"),
)  # fmt: skip


def acled_type(facts: EventFacts) -> tuple[str, str, str]:
    """(disorder type, event type, sub-event type) for an event's facts.

    >>> acled_type(EventFacts("capture", "capture of people", 1, 1, "17 soldiers detained"))
    ('Strategic developments', 'Strategic developments', 'Arrests')
    >>> acled_type(EventFacts("ceasefire_or_talks", "restraint or de-escalation call",
    ...                       1, None, "Moscow called for restraint."))[2]
    'Other'
    """
    for rule in RULES:
        if rule.matches(facts):
            event_type, disorder = SUB_EVENT_TYPES[rule.sub_event_type]
            return disorder, event_type, rule.sub_event_type
    raise AssertionError("the catch-all rule always matches")  # pragma: no cover


# ---------------------------------------------------------------- data tables


def _read_table(name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    path = resources.files("geo").joinpath("data", "acled", name)
    try:
        with path.open("r", encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as err:
        raise DataError(f"cannot read geo/data/acled/{name}: {err}") from err
    if rows and tuple(rows[0]) != columns:
        raise DataError(f"geo/data/acled/{name}: columns {tuple(rows[0])}, expected {columns}")
    return rows


@functools.lru_cache(maxsize=1)
def acled_regions() -> dict[str, str]:
    """ISO alpha-2 → ACLED region, from ``geo/data/acled/regions.csv``.

    >>> acled_regions()["TJ"], acled_regions()["AF"]
    ('Caucasus and Central Asia', 'South Asia')
    """
    rows = _read_table("regions.csv", ("iso2", "country", "region", "source"))
    return {r["iso2"]: r["region"] for r in rows}


@dataclass(frozen=True, slots=True)
class ActorCategory:
    """One row of ``actor_categories.csv``: how an actor's name gives its ACLED category."""

    match: str  # exact | prefix | suffix
    text: str
    inter: int
    abroad_inter: int | None  # the category when acting outside the home country
    valid_from: date | None
    valid_to: date | None

    def applies(self, name: str, when: date | None) -> bool:
        """Whether the row covers actor ``name`` on date ``when``."""
        ok = {
            "exact": name == self.text,
            "prefix": name.startswith(self.text),
            "suffix": name.endswith(self.text),
        }[self.match]
        if not ok:
            return False
        if when is None:
            return self.valid_from is None and self.valid_to is None
        if self.valid_from is not None and when < self.valid_from:
            return False
        return self.valid_to is None or when <= self.valid_to


@functools.lru_cache(maxsize=1)
def actor_categories() -> tuple[ActorCategory, ...]:
    """The rows of ``geo/data/acled/actor_categories.csv`` (exact names first)."""
    rows = _read_table(
        "actor_categories.csv",
        ("match", "text", "inter", "abroad_inter", "valid_from", "valid_to", "note", "source"),
    )
    out = []
    for r in rows:
        if r["match"] not in ("exact", "prefix", "suffix") or int(r["inter"]) not in INTER_CODES:
            raise DataError(f"actor_categories.csv: bad row {r}")
        out.append(
            ActorCategory(
                r["match"],
                r["text"],
                int(r["inter"]),
                int(r["abroad_inter"]) if r["abroad_inter"] else None,
                date.fromisoformat(r["valid_from"]) if r["valid_from"] else None,
                date.fromisoformat(r["valid_to"]) if r["valid_to"] else None,
            )
        )
    order = {"exact": 0, "prefix": 1, "suffix": 2}
    return tuple(sorted(out, key=lambda c: order[c.match]))


def _home_country(name: str) -> str | None:
    """The ISO alpha-2 home of a state actor (``"Tajik border guards"`` → ``"TJ"``)."""
    from geo.events.actor_table import load_actor_table
    from geo.events.actors import actor_side

    row = load_actor_table().by_name.get(name)
    if row is not None:
        return row.country
    side = actor_side(name)
    return side if len(side) == 2 and side.isupper() else None


def inter_code(
    name: str | None, when: date | None = None, country: str | Iterable[str] | None = None
) -> int | None:
    """ACLED actor category of actor ``name`` on ``when`` in an event in ``country`` (ISO2).

    Forces outside their own country are external forces (8) when their table row says so
    (``abroad_inter``); ``country`` may name both sides of a border event, where neither
    side's forces are abroad. An actor the table does not know has no category.

    >>> inter_code("Kyrgyz border guards", country="KG"), inter_code("Kyrgyz border guards",
    ...                                                               country="TJ")
    (1, 8)
    >>> inter_code("Tajik border guards", country=("KG", "TJ"))
    1
    >>> inter_code("Government of Russia", country="TJ")
    1
    >>> inter_code("Taliban", date(2021, 7, 1)), inter_code("Taliban", date(2021, 9, 1))
    (2, 1)
    >>> inter_code("Some new front") is None
    True
    """
    if not name:
        return None
    from geo.events.actor_table import load_actor_table

    rows = actor_categories()
    exact = [r for r in rows if r.match == "exact" and r.text == name]
    row = next((r for r in exact if r.applies(name, when)), None)
    if exact and row is None:
        return None  # the category depends on a date the event does not have
    named = load_actor_table().by_name.get(name)
    if row is None and named is not None:
        # the cited actor table (geo/data/actors/actors.csv) gives the category;
        # a state's own forces abroad are external forces
        where = {country} if isinstance(country, str) else set(country or ())
        if named.is_state and named.country and where and named.country not in where:
            return 8
        return named.acled_inter
    if row is None:
        row = next((r for r in rows if r.match != "exact" and r.applies(name, when)), None)
    if row is None:
        return None
    where = {country} if isinstance(country, str) else set(country or ())
    if row.abroad_inter is not None and where:
        home = _home_country(name)
        if home and home not in where:
            return row.abroad_inter
    return row.inter


def interaction_code(inter1: int | None, inter2: int | None, *, has_actor2: bool) -> int | None:
    """ACLED's joined interaction code: smaller category first; one actor gives ``N0``.

    >>> interaction_code(3, 1, has_actor2=True), interaction_code(2, None, has_actor2=False)
    (13, 20)
    >>> interaction_code(1, None, has_actor2=True) is None
    True
    """
    if inter1 is None:
        return None
    if not has_actor2:
        return inter1 * 10
    if inter2 is None:
        return None
    low, high = sorted((inter1, inter2))
    return low * 10 + high


# ---------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class _Place:
    alpha2: str | None
    other_alpha2: str | None


def _split_dyad(border: str | None) -> list[str]:
    return [p for p in re.split(r"[–—-]", border or "") if len(p) == 3]


def _event_place(event: Event) -> _Place:
    """The event's country (ISO2), and for a dyad-only border event the other side."""
    from geo.countries import country_by_alpha3

    loc = event.location
    if loc is None:
        return _Place(None, None)
    if loc.country_code:
        return _Place(loc.country_code.upper(), None)
    codes = [country_by_alpha3(a) for a in _split_dyad(loc.border)]
    codes = [c for c in codes if c is not None]
    if not codes:
        return _Place(None, None)
    return _Place(codes[0].alpha2, codes[1].alpha2 if len(codes) > 1 else None)


def _country(alpha2: str | None) -> tuple[str | None, int | None, str | None, str | None]:
    """(alpha-3, numeric, name, ACLED region) of an ISO alpha-2 code."""
    if not alpha2:
        return None, None, None, None
    from geo.countries import country_by_alpha2

    info = country_by_alpha2(alpha2)
    if info is None:
        return None, None, None, None
    return info.alpha3, info.numeric, info.name, acled_regions().get(info.alpha2)


def _fatalities(event: Event) -> int:
    killed = [c.value for c in event.counts.get("killed", ())]
    return min(killed) if killed else 0


def _timestamp(event: Event) -> int | None:
    dates = [s.published for s in event.sources if s.published is not None]
    if not dates:
        return None
    newest = max(dates)
    return int(datetime(newest.year, newest.month, newest.day, tzinfo=UTC).timestamp())


def acled_row(event: Event) -> dict[str, object]:
    """One event as a dict of ACLED columns and sitmap extras (``event_id_cnty`` left empty)."""
    row = _row(event)
    row["source_sentences"] = source_sentences(event)
    return row


def source_sentences(event: Event) -> str:
    """The ``source_sentences`` cell: every source's sentence, joined by `` | ``.

    >>> from geo.situation import Event
    >>> source_sentences(Event("e", "armed_clash", None, 1, None))
    ''
    """
    return " | ".join(s.sentence for s in event.sources)


def _row(event: Event) -> dict[str, object]:
    """:func:`acled_row` without ``source_sentences`` (the largest cell, made apart)."""
    loc = event.location
    place = _event_place(event)
    alpha3, numeric, country, region = _country(place.alpha2)
    _o3, _on, other_name, _or = _country(place.other_alpha2)
    sides = tuple(c for c in (place.alpha2, place.other_alpha2) if c)
    inter1 = inter_code(event.actor1, event.event_date, sides)
    inter2 = inter_code(event.actor2, event.event_date, sides)
    text = " ".join(s.sentence for s in event.sources)
    facts = EventFacts(event.event_type, event.sub_event_type, inter1, inter2, text)
    disorder, kind, sub = acled_type(facts)
    civilian = kind in ("Violence against civilians", "Explosions/Remote violence") and (
        _civilian_target(facts)
    )
    notes = event.sources[0].sentence if event.sources else ""
    tags = []
    if loc is not None and loc.border:
        tags.append(f"border={loc.border}")
    if other_name:
        dyad = loc.border if loc is not None else ""
        notes = f"{notes} [Border event on the {dyad} border; the other side is {other_name}.]"
        tags.append(f"other country={other_name}")
    outlets = sorted({s.outlet or s.document for s in event.sources})
    return {
        "event_id_cnty": None,
        "event_date": event.coded_date.isoformat() if event.coded_date else None,
        "year": event.coded_date.year if event.coded_date else None,
        "time_precision": event.time_precision,
        "disorder_type": disorder,
        "event_type": kind,
        "sub_event_type": sub,
        "actor1": event.actor1,
        "assoc_actor_1": None,
        "inter1": inter1,
        "actor2": event.actor2,
        "assoc_actor_2": None,
        "inter2": inter2,
        "interaction": interaction_code(inter1, inter2, has_actor2=bool(event.actor2)),
        "civilian_targeting": "Civilian targeting" if civilian else None,
        "iso": numeric,
        "region": region,
        "country": country,
        "admin1": loc.admin1 if loc else None,
        "admin2": loc.admin2 if loc else None,
        "admin3": None,
        "location": loc.name if loc else None,
        "latitude": loc.lat if loc else None,
        "longitude": loc.lon if loc else None,
        "geo_precision": loc.precision if loc else None,
        "source": "; ".join(outlets),
        "source_scale": None,
        "notes": notes,
        "fatalities": _fatalities(event),
        "tags": "; ".join(tags) or None,
        "timestamp": _timestamp(event),
        "_alpha3": alpha3,
        "sitmap_id": event.id,
        "sitmap_event_type": event.event_type,
        "sitmap_sub_event_type": event.sub_event_type,
        "claimant": event.claimant,
        "claim_status": event.claim_status,
        "confidence": event.confidence,
        "border": loc.border if loc else None,
        "border_distance_km": loc.border_distance_km if loc else None,
        "counts": "; ".join(
            f"{name}: {c.text or c.value} ({c.document})"
            for name, cs in sorted(event.counts.items())
            for c in cs
        ),
        "claim": (
            f"{event.claim.controller} / {event.claim.object} / "
            f"{event.claim.extent.get('text', '')}"
        )
        if event.claim
        else None,
        "source_urls": " | ".join(s.url or "" for s in event.sources),
        "source_documents": " | ".join(s.document for s in event.sources),
    }


#: ``event_id_cnty`` prefix of events with no known country (no ISO code is invented).
NO_COUNTRY_PREFIX = "NOCOUNTRY"


#: Events whose ``source_sentences`` cells exist as Python text at once (:func:`acled_columns`).
ROWS_AT_ONCE = 1024


def _ordered(events: Iterable[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.event_date.isoformat() if e.event_date else "", e.id))


def acled_columns(events: Iterable[Event]) -> Iterator[tuple[str, object]]:
    """The columns of :func:`acled_frame`, one at a time, without a dict per event held.

    Every column but ``source_sentences`` is filled as a list, event by event (each
    event's values made once, then spread over the lists), and each list is let go
    of as soon as its column is made. ``source_sentences`` — most of the table's
    text when merged events carry every article's sentence — is made last, straight
    into Arrow strings, :data:`ROWS_AT_ONCE` events' cells at a time.

    >>> from geo.situation import Event
    >>> [name for name, _ in acled_columns([Event("e", "armed_clash", None, 1, None)])][:3]
    ['event_id_cnty', 'event_date', 'year']
    """
    import numpy as np
    import pyarrow as pa

    ordered = _ordered(events)
    names = [*ACLED_COLUMNS, *EXTRA_COLUMNS]
    lists: dict[str, list[object]] = {n: [] for n in names if n != "source_sentences"}
    running: dict[str, int] = defaultdict(int)
    for ev in ordered:
        row = _row(ev)
        prefix = str(row.pop("_alpha3") or NO_COUNTRY_PREFIX)
        running[prefix] += 1
        row["event_id_cnty"] = f"{prefix}{running[prefix]}"
        for name, values in lists.items():
            values.append(row[name])
        del row
    for name in names:
        if name == "source_sentences":
            # never None: a str column (an empty table is made by acled_frame)
            cells = pa.chunked_array(
                [
                    pa.array([source_sentences(ev) for ev in part], type=pa.large_string())
                    for part in (
                        ordered[at : at + ROWS_AT_ONCE]
                        for at in range(0, len(ordered), ROWS_AT_ONCE)
                    )
                ],
                type=pa.large_string(),
            )
            yield name, pd.array(cells, dtype=pd.StringDtype("pyarrow", na_value=np.nan))
            continue
        values = lists.pop(name)
        if name in INTEGER_COLUMNS:
            yield name, pd.array([None if pd.isna(v) else int(v) for v in values], dtype="Int64")
        else:
            yield name, pd.Series(values)  # the dtype a frame of the rows infers (tested)
        del values


def acled_frame(events: Iterable[Event]) -> pd.DataFrame:
    """One row per event: ACLED's 31 columns first, then sitmap's extras.

    Made column by column (:func:`acled_columns`); the same frame as from one
    :func:`acled_row` dict per event (tested against that in ``tests/test_memory_peak.py``).
    """
    events = list(events)
    names = [*ACLED_COLUMNS, *EXTRA_COLUMNS]
    if not events:
        frame = pd.DataFrame([], columns=names)
        for col in INTEGER_COLUMNS:
            frame[col] = pd.array([], dtype="Int64")
        return frame
    frame = pd.DataFrame(index=pd.RangeIndex(len(events)))
    for name, column in acled_columns(events):
        frame[name] = column
        del column
    return frame


def codebook_problems(frame: pd.DataFrame) -> list[str]:
    """Every way an events table (as written or read back from CSV) breaks ACLED's codebook.

    Checks the 31 columns and their order, the event/sub-event/disorder types, the integer
    columns, ``inter`` codes 1–8 and their ``interaction``, ids of ISO alpha-3 + number (or
    ``NOCOUNTRY``) and a country for every id that names one.

    >>> from geo.situation import Event
    >>> codebook_problems(acled_frame([Event("e", "armed_clash", date(2022, 1, 27), 1, None)]))
    []
    >>> codebook_problems(acled_frame([]).drop(columns=["tags"]))[0]
    'columns differ from the codebook at position 29: timestamp'
    """
    problems: list[str] = []
    cols = list(frame.columns[: len(ACLED_COLUMNS)])
    if cols != list(ACLED_COLUMNS):
        at = next(i for i, want in enumerate(ACLED_COLUMNS) if i >= len(cols) or cols[i] != want)
        found = cols[at] if at < len(cols) else None
        return [f"columns differ from the codebook at position {at}: {found}"]
    for i, row in frame.iterrows():
        sub = row["sub_event_type"]
        if sub not in SUB_EVENT_TYPES:
            problems.append(f"row {i}: unknown sub-event type {sub!r}")
        elif (row["event_type"], row["disorder_type"]) != SUB_EVENT_TYPES[sub]:
            problems.append(
                f"row {i}: {sub!r} is not {row['event_type']!r}/{row['disorder_type']!r}"
            )
        for col in INTEGER_COLUMNS:
            value = row[col]
            if not pd.isna(value) and float(value) != int(float(value)):
                problems.append(f"row {i}: {col} {value!r} is not an integer")
            if isinstance(value, str) and "." in value:
                problems.append(f"row {i}: {col} {value!r} is written as a decimal")
        codes = [int(row[c]) for c in ("inter1", "inter2") if not pd.isna(row[c])]
        if any(c not in INTER_CODES for c in codes):
            problems.append(f"row {i}: inter codes {codes} outside 1-8")
        if not pd.isna(row["interaction"]) and not pd.isna(row["inter1"]):
            expected = interaction_code(
                int(row["inter1"]),
                None if pd.isna(row["inter2"]) else int(row["inter2"]),
                has_actor2=not pd.isna(row["actor2"]) and bool(row["actor2"]),
            )
            if expected != int(row["interaction"]):
                problems.append(f"row {i}: interaction {row['interaction']} is not {expected}")
        ident = str(row["event_id_cnty"])
        m = re.fullmatch(r"([A-Z]{3}|" + NO_COUNTRY_PREFIX + r")(\d+)", ident)
        if m is None:
            problems.append(f"row {i}: id {ident!r} is not ISO alpha-3 + number")
        elif m.group(1) != NO_COUNTRY_PREFIX and (pd.isna(row["country"]) or not row["country"]):
            problems.append(f"row {i}: id {ident!r} names a country but country is empty")
    return problems
