"""events.csv against ACLED's codebook (issue #14 item 2, issue #12 item 6)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from geo.acled import (
    ACLED_COLUMNS,
    CONDITIONS,
    INTER_CODES,
    RULES,
    SUB_EVENT_TYPES,
    EventFacts,
    acled_frame,
    acled_regions,
    acled_type,
    actor_categories,
    inter_code,
    interaction_code,
)
from geo.situation import EVENT_TYPES, Count, Event, EventLocation, SourceRef

#: The codebook's columns, in order (ACLED Codebook 2023/2024, "ACLED Data Columns at a Glance").
CODEBOOK_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]  # fmt: skip
#: The codebook's event types and their sub-event types.
CODEBOOK = {
    "Battles": {
        "Armed clash", "Government regains territory", "Non-state actor overtakes territory",
    },
    "Explosions/Remote violence": {
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {
        "Peaceful protest", "Protest with intervention", "Excessive force against protesters",
    },
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    },
}  # fmt: skip
DISORDER = {"Political violence", "Demonstrations", "Strategic developments",
            "Political violence; Demonstrations"}  # fmt: skip

KG = EventLocation("Tort-Kocho", 39.95, 70.53, 1, "KG", "Batken", None, "KGZ–TJK", 0.4)


def event(kind: str, sub: str = "", sentence: str = "", actor1=None, actor2=None, **kw) -> Event:
    src = SourceRef("a.txt", sentence, 0, len(sentence), date(2022, 1, 28), None, "Outlet")
    base = dict(
        id="e1",
        event_type=kind,
        event_date=date(2022, 1, 27),
        time_precision=1,
        location=KG,
        sub_event_type=sub,
        actor1=actor1,
        actor2=actor2,
        sources=(src,),
    )
    base.update(kw)
    return Event(**base)  # type: ignore[arg-type]


def row(ev: Event) -> dict:
    return acled_frame([ev]).iloc[0].to_dict()


def test_columns_are_acleds_31_in_order():
    assert list(ACLED_COLUMNS) == CODEBOOK_COLUMNS and len(CODEBOOK_COLUMNS) == 31
    frame = acled_frame([event("armed_clash", "clash", "They clashed.")])
    assert list(frame.columns[:31]) == CODEBOOK_COLUMNS
    assert {"sitmap_event_type", "sitmap_sub_event_type"} <= set(frame.columns[31:])


def test_sub_event_table_is_the_codebooks():
    flat = {sub: kind for kind, subs in CODEBOOK.items() for sub in subs}
    assert {s: k for s, (k, _d) in SUB_EVENT_TYPES.items()} == flat
    assert {d for _k, d in SUB_EVENT_TYPES.values()} == DISORDER
    assert SUB_EVENT_TYPES["Excessive force against protesters"][1] == (
        "Political violence; Demonstrations"
    )
    for rule in RULES:
        assert rule.sub_event_type in SUB_EVENT_TYPES, rule
        assert rule.condition in CONDITIONS, rule
    # every sitmap type has a rule of its own and the catch-all is last
    assert {r.sitmap_type for r in RULES} >= set(EVENT_TYPES)
    assert RULES[-1].sitmap_type == "*" and RULES[-1].condition == "always"


def test_integers_are_integers_in_the_csv():
    ev = event(
        "armed_clash",
        "clash",
        "Guards clashed.",
        "Kyrgyz border guards",
        "Tajik border guards",
        counts={"killed": (Count(2, None, "two", "a"),)},
    )
    frame = acled_frame([ev])
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    got = next(csv.DictReader(io.StringIO(buf.getvalue())))
    for col in (
        "year",
        "time_precision",
        "geo_precision",
        "iso",
        "inter1",
        "inter2",
        "interaction",
        "fatalities",
        "timestamp",
    ):
        assert got[col].lstrip("-").isdigit(), (col, got[col])
    assert got["geo_precision"] == "1" and got["interaction"] == "18"
    assert got["timestamp"] == "1643328000"  # 2022-01-28 00:00 UTC, from the source's date


@pytest.mark.parametrize(
    ("kind", "sub", "sentence", "actor1", "actor2", "expected"),
    [
        # capture of people is arrest or abduction, never territory
        ("capture", "capture of people", "Tajik guards detained 17 Kyrgyz soldiers.",
         "Tajik border guards", "Kyrgyz border guards", "Arrests"),
        ("capture", "capture", "Soldiers were taken prisoner.", None, None, "Arrests"),
        ("capture", "capture of people", "Gunmen abducted three villagers.",
         "Unidentified armed group", "Civilians (Kyrgyzstan)", "Abduction/forced disappearance"),
        # territory: government vs non-state captor; unknown captor is no guess
        ("capture", "capture of a border crossing", "IS fighters captured the crossing.",
         "Islamic State", None, "Non-state actor overtakes territory"),
        ("capture", "capture of territory", "Army retook the village.",
         "Kyrgyz armed forces", None, "Government regains territory"),
        ("capture", "capture of territory", "The village was captured.", None, None,
         "Armed clash"),
        ("capture", "capture of a post", "The post was handed over without a fight.",
         "Kyrgyz border guards", None, "Non-violent transfer of territory"),
        # calls and talks are no agreement; a concluded ceasefire is
        ("ceasefire_or_talks", "restraint or de-escalation call", "Russia called for restraint.",
         "Government of Russia", None, "Other"),
        ("ceasefire_or_talks", "call to stop fighting", "The fighting must stop.", None, None,
         "Other"),
        ("ceasefire_or_talks", "ceasefire", "Both sides called for a ceasefire.", None, None,
         "Other"),
        ("ceasefire_or_talks", "ceasefire", "No ceasefire was agreed.", None, None, "Other"),
        ("ceasefire_or_talks", "ceasefire", "The two sides agreed a ceasefire on Friday.",
         None, None, "Agreement"),
        ("ceasefire_or_talks", "negotiation", "A truce was signed in Batken.", None, None,
         "Agreement"),
        ("ceasefire_or_talks", "restraint or de-escalation call",
         "Both sides withdrew their troops.", None, None, "Change to group/activity"),
        # closures are not displacement
        ("displacement", "closure forced by fighting", "Russia closed its consulate in Osh.",
         "Government of Russia", None, "Other"),
        # shelling and air strikes
        ("armed_clash", "shelling or strike", "Tajik forces shelled the village.",
         "Tajik armed forces", None, "Shelling/artillery/missile attack"),
        ("armed_clash", "shelling or strike", "A drone strike hit the post.", None, None,
         "Air/drone strike"),
        ("armed_clash", "attack", "Soldiers attacked villagers.", "Tajik armed forces",
         "Civilians (Kyrgyzstan)", "Attack"),
        ("armed_clash", "exchange of fire", "Guards exchanged fire.", None, None, "Armed clash"),
        # movements of forces
        ("forces_cross_border", "forces fled across border", "Soldiers fled into Tajikistan.",
         "Afghan government forces", None, "Change to group/activity"),
        ("deployment", "deployment", "Reinforcements were sent to the border.", None, None,
         "Change to group/activity"),
        ("deployment", "deployment", "The army set up a new base near the border.", None, None,
         "Headquarters or base established"),
        ("blockade", "road blocked", "The road was blocked.", None, None,
         "Change to group/activity"),
        ("assistance", "request", "Tajikistan asked the CSTO for help.", None, None, "Other"),
        ("control_claim", "control claim", "The Taliban control 85%.", None, None, "Other"),
        ("a_type_nobody_knows", "", "Something happened.", None, None, "Other"),
    ],
)  # fmt: skip
def test_sub_event_types_follow_the_codebook(kind, sub, sentence, actor1, actor2, expected):
    got = row(event(kind, sub, sentence, actor1, actor2))
    assert got["sub_event_type"] == expected
    assert (got["event_type"], got["disorder_type"]) == SUB_EVENT_TYPES[expected]
    assert got["sitmap_event_type"] == kind and got["sitmap_sub_event_type"] == sub


def test_inter_codes_from_actor_forms_and_names():
    assert inter_code("Kyrgyz border guards", country="KG") == 1
    assert inter_code("Tajik armed forces", country="KG") == 8  # abroad: external forces
    assert inter_code("Government of Russia", country="RU") == 1
    assert inter_code("Civilians (Tajikistan)") == 7
    assert inter_code("CSTO") == 8 and inter_code("Wagner Group") == 8
    assert inter_code("Taliban", date(2021, 6, 22)) == 2
    assert inter_code("Taliban", date(2022, 1, 27)) == 1
    assert inter_code("Taliban") is None  # undated: the row is time-bound, so no guess
    assert inter_code("Hezbollah") == 2  # from the cited actor table
    assert inter_code("Some New Front") is None and inter_code(None) is None
    assert inter_code("Indian Army", country="IN") == 1
    assert inter_code("Indian Army", country="CN") == 8  # forces abroad: external
    assert interaction_code(8, 1, has_actor2=True) == 18
    assert interaction_code(7, 7, has_actor2=True) == 77
    assert set(INTER_CODES) == set(range(1, 9))
    for cat in actor_categories():
        assert cat.inter in INTER_CODES


def test_civilian_targeting_and_interaction_in_rows():
    got = row(
        event(
            "armed_clash",
            "attack",
            "Soldiers attacked villagers.",
            "Kyrgyz armed forces",
            "Civilians (Kyrgyzstan)",
        )
    )
    assert got["civilian_targeting"] == "Civilian targeting"
    assert (got["inter1"], got["inter2"], got["interaction"]) == (1, 7, 17)
    clash = row(event("armed_clash", "clash", "They clashed.", "Kyrgyz border guards", None))
    assert clash["interaction"] == 10 and clash["civilian_targeting"] is None
    unknown = row(event("armed_clash", "clash", "x", "Kyrgyz border guards", "Some Front"))
    assert unknown["inter2"] is None and unknown["interaction"] is None  # never guessed


def test_border_events_get_a_country_region_and_the_other_side():
    on_dyad = EventLocation("KGZ–TJK border", None, None, 3, None, None, None, "KGZ–TJK", None)
    got = row(event("armed_clash", "clash", "Guards clashed on the border.", "Kyrgyz border guards",
                    "Tajik border guards", location=on_dyad))  # fmt: skip
    assert got["interaction"] == 11  # on the line itself neither side's forces are abroad
    assert (got["country"], got["iso"], got["region"]) == (
        "Kyrgyzstan",
        417,
        "Caucasus and Central Asia",
    )
    assert got["event_id_cnty"] == "KGZ1"
    assert "Tajikistan" in got["notes"] and "other country=Tajikistan" in got["tags"]
    assert "border=KGZ–TJK" in got["tags"]
    placed = row(
        event(
            "armed_clash",
            "clash",
            "Clash in Vorukh.",
            location=EventLocation("Vorukh", 39.85, 70.58, 1, "TJ", "Sughd", None, "KGZ–TJK", 1.0),
        )
    )
    assert (placed["country"], placed["event_id_cnty"]) == ("Tajikistan", "TJK1")


def test_unlocated_events_get_an_honest_id_and_no_country():
    frame = acled_frame(
        [
            event("assistance", "offer", "Help was offered.", location=None),
            event("assistance", "offer", "More help.", id="e2", location=None),
        ]
    )
    assert list(frame["event_id_cnty"]) == ["NOCOUNTRY1", "NOCOUNTRY2"]
    assert frame["country"].isna().all() and frame["iso"].isna().all()
    assert not frame["event_id_cnty"].str.startswith("XXX").any()


def test_timestamp_is_reproducible_and_empty_without_dates():
    ev = event("armed_clash", "clash", "x")
    assert acled_frame([ev]).equals(acled_frame([ev]))
    undated = event("armed_clash", "clash", "x", sources=(SourceRef("a", "x", 0, 1),))
    assert row(undated)["timestamp"] is None or str(row(undated)["timestamp"]) == "<NA>"


def test_regions_table_is_complete_and_honest():
    regions = acled_regions()
    allowed = {"Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa",
               "Northern Africa", "South Asia", "Southeast Asia", "Middle East", "Europe",
               "Caucasus and Central Asia", "Central America", "South America", "Caribbean",
               "East Asia", "North America", "Oceania", "Antarctica"}  # fmt: skip
    assert set(regions.values()) <= allowed
    assert regions["KG"] == regions["TJ"] == "Caucasus and Central Asia"
    assert regions["RU"] == "Europe" and regions["TR"] == "Middle East"
    assert "AO" not in regions  # unconfirmed assignments are left out, not guessed


def test_every_sub_type_rule_is_reachable_from_facts():
    facts = EventFacts("capture", "capture of people", None, None, "")
    assert acled_type(facts)[2] == "Arrests"


def test_codebook_check_passes_written_tables_and_catches_breaks(tmp_path):
    import pandas as pd

    from geo.acled import codebook_problems
    from layers.exports import write_csv

    events = [
        event("armed_clash", "clash", "x", "Kyrgyz border guards", "Tajik border guards"),
        event("capture", "capture of people", "17 soldiers detained.", "Tajik border guards",
              id="e2"),
        event("assistance", "offer", "Help.", location=None, id="e3"),
    ]  # fmt: skip
    frame = acled_frame(events)
    assert codebook_problems(frame) == []
    back = pd.read_csv(write_csv(frame, tmp_path / "events.csv"), dtype=str)
    assert codebook_problems(back) == []
    broken = back.copy()
    broken.loc[0, "geo_precision"] = "3.0"
    broken.loc[1, "sub_event_type"] = "Capture"
    broken.loc[2, "event_id_cnty"] = "XXX1"
    problems = " | ".join(codebook_problems(broken))
    assert "decimal" in problems and "'Capture'" in problems and "'XXX1'" in problems


@pytest.mark.parametrize(
    ("sitmap", "sub", "text", "expected"),
    [
        ("armed_clash", "air or drone strike", "Aircraft struck camps.", "Air/drone strike"),
        ("armed_clash", "shelling", "Shells landed in the town.",
         "Shelling/artillery/missile attack"),
        ("armed_clash", "sabotage accusation", "It said rivals had laid mines.", "Other"),
        ("armed_clash", "surrender", "Soldiers handed weapons over.", "Change to group/activity"),
        ("armed_clash", "explosion or destruction", "A roadside bomb killed two soldiers.",
         "Remote explosive/landmine/IED"),
        ("armed_clash", "explosion or destruction", "The checkpoint was destroyed.",
         "Armed clash"),
        ("ceasefire_or_talks", "mediation or talks", "The ministers met in Geneva.", "Other"),
        ("ceasefire_or_talks", "commanders' meeting", "A flag meeting was held.", "Other"),
        ("ceasefire_or_talks", "agreement", "They signed a ceasefire agreement.", "Agreement"),
        ("blockade", "trade or border closure", "Markets were ordered shut.",
         "Change to group/activity"),
        ("deployment", "reinforcement", "More soldiers were sent.", "Change to group/activity"),
        ("forces_cross_border", "incursion", "Troops crossed the border.",
         "Change to group/activity"),
        ("abduction", "abduction", "Gunmen abducted two herders.",
         "Abduction/forced disappearance"),
        ("arrest", "arrest", "Police detained two smugglers.", "Arrests"),
    ],
)  # fmt: skip
def test_new_sub_types_map_to_acled(sitmap, sub, text, expected) -> None:
    from geo.acled import SUB_EVENT_TYPES, EventFacts, acled_type

    disorder, event_type, got = acled_type(EventFacts(sitmap, sub, 1, 1, text))
    assert got == expected
    assert (event_type, disorder) == SUB_EVENT_TYPES[expected]
