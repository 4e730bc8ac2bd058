"""Event kinds that unseen conflicts report: withdrawals, people stranded or expelled at a
border, closures announced ahead, interceptions, repelled attacks, hybrid-attack
accusations; and what is not news (standing states, habitual summaries, threats,
back-references). Every sentence here is our own.
"""

from __future__ import annotations

from datetime import date

import pytest

from geo.articles import Article
from geo.events import extract_events
from geo.situation import Event, Toponym

PUBLISHED = date(2022, 9, 28)  # a Wednesday


def events(
    text: str, published: date = PUBLISHED, toponyms: tuple[Toponym, ...] = ()
) -> list[Event]:
    return extract_events(
        Article(id="k1", text=text, published=published, outlet="Test Wire"),
        list(toponyms),
        join=None,
    )


def kinds(text: str, published: date = PUBLISHED) -> list[tuple[str, str | None]]:
    return sorted((e.event_type, e.sub_event_type) for e in events(text, published))


def types(text: str, published: date = PUBLISHED) -> set[str]:
    return {e.event_type for e in events(text, published)}


def place(text: str, name: str, lat: float, lon: float, cc: str, feature: str) -> Toponym:
    i = text.index(name)
    precision = 3 if feature in ("PCLI", "ADM1") else 1
    return Toponym(
        "k1", i, i + len(name), name, name, lat, lon, cc, None, None, feature, None, name,
        precision, 1.0,
    )  # fmt: skip


# --- withdrawals -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The rebel fighters pulled back from the hilltop village on Tuesday.",
        "Both units fell back to the old fort after dark.",
        "The president ordered home the marines sent to the coast last week.",
        "The patrol boats stayed for an hour before pulling back, officials said.",
    ],
)
def test_forces_pulling_back_are_a_withdrawal(text: str) -> None:
    assert ("ceasefire_or_talks", "withdrawal") in kinds(text)


def test_withdrawing_across_a_border_is_a_crossing_only() -> None:
    got = kinds("Twenty soldiers withdrew across the border into the neighbouring country.")
    assert [k for k, _ in got] == ["forces_cross_border"]


def test_ordering_troops_to_withdraw_is_no_deployment() -> None:
    text = "The premier said he had ordered all his forces in the area to withdraw by Sunday."
    assert "deployment" not in types(text)


# --- people at a border ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, sub",
    [
        ("About 300 migrants have been stranded at the mountain crossing for a week.", None),
        ("Some 2,000 people have been camped near the frontier post since Friday.", None),
        ("Officials said 40 Haitians were sent back across the border by truck on Monday.", None),
        ("The first deportation flight carrying 90 foreigners left the coast on Monday.", None),
        ("Some 500 people walked into the border town from the neighbouring village.", None),
        ("On Sunday 40 people applied for asylum at the northern checkpoint.", None),
        ("Around 200 have been moved by bus to the regional capital.", "evacuation"),
        ("About 30 farmers were forced off their land on Thursday.", None),
        ("Villagers were still leaving the valley on foot, he said.", None),
    ],
)
def test_people_held_sent_back_or_arriving_are_displacement(text: str, sub: str | None) -> None:
    got = [s for t, s in kinds(text) if t == "displacement"]
    assert got, kinds(text)
    if sub is not None:
        assert sub in got


def test_expelled_diplomats_are_no_displacement() -> None:
    assert "displacement" not in types("The government expelled two diplomats on Friday.")


# --- closures, interceptions ---------------------------------------------------------------


def test_a_closure_announced_with_will_is_an_event_other_modals_are_not() -> None:
    assert "blockade" in types("The government will close two more border crossings on Friday.")
    assert "blockade" not in types("The government could close the border crossings, he said.")


def test_crossing_points_closed() -> None:
    assert "blockade" in types("Guards closed three crossing points on the frontier on Friday.")


def test_boats_stopping_a_flotilla_is_an_interception() -> None:
    text = "Two navy patrol boats intercepted a flotilla of activists near the island on Sunday."
    assert ("blockade", "interception") in kinds(text)


def test_since_a_date_opens_the_main_clause() -> None:
    assert "blockade" in types("Since early May border police have blocked the road to the camp.")


# --- violence ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "An attempted move on the hill post was repelled with machine guns, the army said.",
        "A supply column sent to the lake was ambushed on the road.",
        "Its fighters struck several army positions along the ridge on Saturday.",
        "Police in plain clothes pushed back the peacekeepers at the building site.",
        "A refugee camp near the mountains was also targeted, a news agency said.",
    ],
)
def test_violence_told_by_its_effect_on_forces(text: str) -> None:
    assert "armed_clash" in types(text)


@pytest.mark.parametrize(
    "text",
    [
        "The minister described the sudden arrivals as a hybrid attack by its neighbour.",
        "The ministry said the guards had also tried to wreck parts of the border fence.",
    ],
)
def test_hybrid_attack_accusations(text: str) -> None:
    assert ("armed_clash", "sabotage accusation") in kinds(text)


def test_a_clash_referred_back_to_is_not_new() -> None:
    text = "The clash came two weeks after soldiers seized a ferry on the river."
    assert types(text) == {"capture"}


# --- talks, deployments ---------------------------------------------------------------------


def test_commanders_speaking_to_counterparts() -> None:
    text = "The general said he had spoken to his counterpart while the standoff went on."
    assert ("ceasefire_or_talks", "commanders' meeting") in kinds(text)


def test_leaders_agreeing_to_ease_tension() -> None:
    text = "The two presidents agreed to ease the tension on the frontier on Saturday."
    assert ("ceasefire_or_talks", "agreement") in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Late on Friday dozens of armoured vehicles rolled into the garrison town.",
        "Border guards pitched three tents on the ridge to watch the valley.",
        "Government troops entered the area last month to survey it.",
        "Ten days ago soldiers joined the border guards at the camp.",
    ],
)
def test_forces_arriving_or_setting_up_are_a_deployment(text: str) -> None:
    assert "deployment" in types(text)


# --- not news --------------------------------------------------------------------------------


def test_a_threat_of_arrest_is_no_arrest() -> None:
    assert "arrest" not in types("Farmers were told to leave by Monday or risk arrest.")


def test_aid_workers_are_no_assistance() -> None:
    text = "Soldiers kept journalists and aid workers away from the border zone."
    assert "assistance" not in types(text)


def test_a_state_held_for_years_is_background() -> None:
    assert types("The land border has been closed since 1994, officials said.") == set()
    text = "The UN mission has monitored the ceasefire since 1991."
    assert "ceasefire_or_talks" not in types(text)
    assert "blockade" in types("The border crossing has been closed since Monday.")


def test_a_habitual_summary_is_background() -> None:
    assert "armed_clash" not in types("The valley has seen repeated clashes since the truce.")
    text = "Border guards have closed the road repeatedly, most recently for a week in May."
    assert "blockade" in types(text)


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, day",
    [
        ("In March this year, rockets struck targets in the town.", date(2022, 3, 1)),
        ("In April last year, rebels attacked the border post.", date(2021, 4, 1)),
        ("In 2000, soldiers detained a patrol near the border.", date(2000, 1, 1)),
        (
            "It was the widest strike since 2018, when missiles hit the party's headquarters.",
            date(2018, 1, 1),
        ),
    ],
)
def test_background_dates(text: str, day: date) -> None:
    got = events(text)
    assert got and got[0].event_date == day and got[0].time_precision == 3


def test_a_since_date_does_not_date_another_clause() -> None:
    text = "Guards have patrolled the line since 2009, and they detained two farmers."
    got = [e for e in events(text) if e.event_type in ("arrest", "abduction")]
    assert got and got[0].event_date == PUBLISHED


# --- places ----------------------------------------------------------------------------------


def test_the_place_a_speaker_spoke_at_is_not_the_event_place() -> None:
    text = (
        "Speaking at a ceremony at the palace in Capitalia, the premier said 30 soldiers "
        "had crossed the river into Ruritania in April."
    )
    tops = (
        place(text, "Capitalia", 11.5, 104.9, "KH", "PPLC"),
        place(text, "Ruritania", 13.0, 105.0, "KH", "PCLI"),
    )
    got = [e for e in events(text, toponyms=tops) if e.event_type == "forces_cross_border"]
    assert got and got[0].location is not None and got[0].location.name != "Capitalia"


# --- one story, several happenings ---------------------------------------------------------


def _clashes(text: str, places: tuple[tuple[str, float, float], ...]) -> list[Event]:
    tops = tuple(place(text, name, lat, lon, "KG", "PPL") for name, lat, lon in places)
    return [e for e in events(text, toponyms=tops) if e.event_type == "armed_clash"]


def test_a_separate_incident_is_not_merged() -> None:
    text = (
        "Tajik guards shelled the village of Kok-Tash on Monday.\n\n"
        "In a separate incident, Tajik guards shelled a post near Kok-Tash on Monday."
    )
    assert len(_clashes(text, (("Kok-Tash", 39.93, 70.55),))) == 2


def test_two_villages_named_apart_are_two_happenings_however_near() -> None:
    text = (
        "Tajik mortars hit the village of Kulundu on Monday.\n\n"
        "Tajik mortars also hit the village of Ovchi on Monday."
    )
    got = _clashes(text, (("Kulundu", 40.20, 70.30), ("Ovchi", 40.22, 70.33)))
    assert sorted(e.location.name for e in got if e.location) == ["Kulundu", "Ovchi"]


def test_a_village_and_a_border_only_record_stay_apart() -> None:
    text = (
        "Tajik guards fired on the village of Kok-Tash on Monday.\n\n"
        "Kyrgyz and Tajik guards exchanged fire along the Kyrgyz-Tajik border on Monday."
    )
    got = _clashes(text, (("Kok-Tash", 39.93, 70.55),))
    assert len(got) == 2
    # "guards fired on the village of Kok-Tash": the village is where, not whose guards
    assert any(e.location is not None and e.location.name == "Kok-Tash" for e in got)


def test_fighting_in_one_place_and_in_another_is_two_events() -> None:
    text = "Guards reported heavy fighting in Kulundu, where homes burned, and in Ovchi on Monday."
    got = _clashes(text, (("Kulundu", 40.20, 70.30), ("Ovchi", 40.32, 70.43)))
    assert sorted(e.location.name for e in got if e.location) == ["Kulundu", "Ovchi"]
    text = "Guards closed the Kulundu and Ovchi crossings on Monday."
    tops = (
        place(text, "Kulundu", 40.20, 70.30, "KG", "PPL"),
        place(text, "Ovchi", 40.32, 70.43, "KG", "PPL"),
    )
    # one event per named place (docs/annotation.md, ACLED's disaggregation): each crossing
    # closed is a blockade at that crossing
    closed = [e for e in events(text, toponyms=tops) if e.event_type == "blockade"]
    assert sorted(e.location.name for e in closed if e.location) == ["Kulundu", "Ovchi"]


# --- sub-kinds kept apart, and more that is not news ------------------------------------------


def test_a_withdrawal_is_not_the_talks_around_it() -> None:
    text = (
        "Commanders of both armies met at the border post on Saturday.\n\n"
        "The troops pulled back from the ridge on Saturday."
    )
    got = [e for e in events(text) if e.event_type == "ceasefire_or_talks"]
    assert sorted(e.sub_event_type for e in got) == ["commanders' meeting", "withdrawal"]


def test_people_sent_back_are_not_people_arriving() -> None:
    text = (
        "Officials said 40 Haitians were sent back across the border on Monday.\n\n"
        "Some 500 people walked into the border town on Monday."
    )
    assert len([e for e in events(text) if e.event_type == "displacement"]) == 2


def test_nationals_are_people() -> None:
    assert "displacement" in types("More than 500 Ethiopians have crossed into Sudan this week.")


def test_a_feared_clash_is_no_clash() -> None:
    text = "Aid workers fear the renewed fighting will push more people into the camps."
    assert "armed_clash" not in types(text)


def test_a_relative_clause_that_goes_on_with_then_is_told() -> None:
    text = "Soldiers fell back to a base, which the rebels then also attacked, sources said."
    assert "armed_clash" in types(text)


def test_refugees_where_a_strike_hit_are_no_displacement() -> None:
    assert types("A missile struck a school in the refugee settlement, the agency said.") == {
        "armed_clash"
    }
    assert "displacement" not in types("A refugee charity says 32 people are at the border.")


def test_overnight_from_one_day_to_the_next() -> None:
    got = events("Border guards shut the road overnight from Thursday to Friday.")
    assert got and got[0].event_date == date(2022, 9, 22)


def test_an_open_post_shut() -> None:
    assert "blockade" in types("Guards shut the last open post in the north on Friday.")


def test_a_second_closure_in_its_own_clause_but_not_a_state() -> None:
    text = (
        "Guards closed the Alpha crossing on Friday, and at midnight they shut the Beta crossing."
    )
    tops = (
        place(text, "Alpha", 61.0, 29.0, "FI", "CROSSING"),
        place(text, "Beta", 60.6, 28.6, "FI", "CROSSING"),
    )
    got = [e for e in events(text, toponyms=tops) if e.event_type == "blockade"]
    assert sorted(e.location.name for e in got if e.location) == ["Alpha", "Beta"]
    text = "The border reopened to trade on Wednesday, but gates at Beta stayed closed."
    tops = (place(text, "Beta", 60.6, 28.6, "FI", "CROSSING"),)
    assert len([e for e in events(text, toponyms=tops) if e.event_type == "blockade"]) == 1


def test_a_withdrawal_beside_talks_in_one_sentence() -> None:
    text = (
        "After the two ministers spoke by telephone on July 5, the two sides began pulling "
        "back troops the next day."
    )
    got = sorted(
        (e.sub_event_type, e.event_date)
        for e in events(text, date(2020, 7, 8))
        if e.event_type == "ceasefire_or_talks"
    )
    assert [s for s, _ in got] == ["mediation or talks", "withdrawal"]
    assert dict(got)["withdrawal"] == date(2020, 7, 6)


def test_arriving_in_vehicles_is_how_not_a_deployment() -> None:
    text = "The attackers, who arrived in armoured vehicles, then seized the monastery."
    assert "deployment" not in types(text)


def test_a_closure_kept_in_force_is_not_a_new_one() -> None:
    text = "Under the new order all border crossings will stay shut until May."
    assert "blockade" not in types(text)
    assert "blockade" in types("Under the new order guards shut all crossings on Friday.")


def test_a_standoff_named_is_no_deployment() -> None:
    assert "deployment" not in types("The standoff at the border has hardened in recent weeks.")
    text = "Images showed three patrol boats moored at the naval base near the border."
    assert "deployment" in types(text)


def test_attacks_on_a_list_of_sectors_are_one_event_per_sector() -> None:
    text = "Fighters attacked army positions in the Kulundu, Ovchi and Dostuk sectors on Friday."
    got = _clashes(
        text, (("Kulundu", 40.20, 70.30), ("Ovchi", 40.32, 70.43), ("Dostuk", 40.0, 70.6))
    )
    assert sorted(e.location.name for e in got if e.location) == ["Dostuk", "Kulundu", "Ovchi"]


def test_days_earlier_counts_back_from_the_story_day() -> None:
    text = (
        "Soldiers clashed at the river post on Saturday, officials said.\n\n"
        "The commander said the two armies had met at the highest level only days earlier."
    )
    got = [e for e in events(text) if e.event_type == "ceasefire_or_talks"]
    assert got and got[0].event_date == date(2022, 9, 21) and got[0].time_precision == 2


# --- places that are no event's place ---------------------------------------------------------


def _located(text: str, names: tuple[tuple[str, str, str], ...]) -> list[Event]:
    coords = {"PPLC": (41.0, 49.0), "PPL": (39.9, 45.9), "PCLI": (40.0, 45.0)}
    tops = tuple(place(text, name, *coords[feature], cc, feature) for name, cc, feature in names)
    return events(text, toponyms=tops)


def test_a_capital_that_did_not_comment_is_a_speaker() -> None:
    text = "Troops had also tried to advance on Jermuk, an account Baku did not address."
    got = _located(text, (("Baku", "AZ", "PPLC"),))
    assert all(e.location is None or e.location.name != "Baku" for e in got)


def test_a_city_naming_an_organisation_or_an_accord_is_no_place() -> None:
    text = "The presidents met at the Shanghai Cooperation Organization summit on Friday."
    got = _located(text, (("Shanghai", "CN", "PPL"),))
    assert got and all(e.location is None or e.location.name != "Shanghai" for e in got)


def test_a_backer_is_no_place() -> None:
    text = "The army set up a new unit for the border to fight rebels backed from Capitalia."
    got = _located(text, (("Capitalia", "CO", "PPLC"),))
    assert got and all(e.location is None or e.location.name != "Capitalia" for e in got)


def test_meeting_an_envoy_is_talks_a_session_is_not() -> None:
    assert "ceasefire_or_talks" in types("The deputy minister met the ambassador on Monday.")
    text = "The security council met in emergency session on Monday."
    assert "ceasefire_or_talks" not in types(text)


def test_a_capital_that_describes_is_a_speaker() -> None:
    text = "Some 50 protesters, whom Baku describes as soldiers in plain clothes, blocked the road."
    got = _located(text, (("Baku", "AZ", "PPLC"),))
    assert got and all(e.location is None or e.location.name != "Baku" for e in got)
