"""Triggers that tell no new happening (geo.events.filters), each beside a look-alike
sentence that does tell one. Every sentence here is our own.
"""

from __future__ import annotations

from datetime import date

import pytest

from geo.articles import Article
from geo.events import extract_events
from geo.situation import Event

PUBLISHED = date(2023, 5, 12)  # a Friday


def events(text: str, merge: bool = True) -> list[Event]:
    return extract_events(
        Article(id="p1", text=text, published=PUBLISHED, outlet="Test Wire"),
        [],
        join=None,
        merge=merge,
    )


def types(text: str) -> set[str]:
    return {e.event_type for e in events(text)}


# --- a name given is not a report ----------------------------------------------------------


@pytest.mark.parametrize(
    "text, kind",
    [
        (
            "Opposition deputies called the minister's remarks an attack on the republic.",
            "armed_clash",
        ),
        (
            "The ministry called the detentions a kidnapping and demanded their release.",
            "abduction",
        ),
        (
            '"This is a kidnapping," the minister wrote on Friday.',
            "abduction",
        ),
        (
            "A trader died in what officers described as a confrontation with smugglers.",
            "armed_clash",
        ),
    ],
)
def test_a_name_given_is_not_a_happening(text: str, kind: str) -> None:
    assert kind not in types(text)


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Gunmen attacked a police post near the river on Thursday.", "armed_clash"),
        ("Rebels kidnapped four engineers from a road camp on Thursday.", "abduction"),
        ("Both sides called for a ceasefire on Thursday.", "ceasefire_or_talks"),
    ],
)
def test_a_happening_told_beside_a_naming_verb_stays(text: str, kind: str) -> None:
    assert kind in types(text)


def test_an_accusation_of_a_hybrid_attack_is_itself_a_name_and_stays() -> None:
    text = '"It is a hybrid attack on our country," the prime minister said on Monday.'
    assert ("armed_clash", "sabotage accusation") in {
        (e.event_type, e.sub_event_type) for e in events(text)
    }


# --- aims, possibilities, proceedings -----------------------------------------------------


@pytest.mark.parametrize(
    "text, kind",
    [
        ("The council accuses its rival of arming bandits to attack the garrison.", "armed_clash"),
        ("Rockets hit the road, apparently to slow any reinforcements.", "deployment"),
        ("The regiment gathered at the depot for a drive to retake the hill town.", "capture"),
        (
            "Officials said the border crossing could be shut again if the protests go on.",
            "blockade",
        ),
        (
            "The premier said the border crossing cannot fully reopen for security reasons.",
            "blockade",
        ),
        ("Two guards suspected of throwing stones at the crowd were suspended.", "armed_clash"),
        ("A judge sentenced 12 of those detained after the riot to a year in jail.", "arrest"),
    ],
)
def test_aims_possibilities_and_court_cases_are_no_happening(text: str, kind: str) -> None:
    assert kind not in types(text)


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Bandits attacked the army garrison on Thursday.", "armed_clash"),
        ("Militia fighters tried to retake the hill town on Thursday.", "capture"),
        (
            "Gunmen forced the guards to flee across the border into the next country.",
            "forces_cross_border",
        ),
        ("The bridge was shut again on Thursday after the protests.", "blockade"),
        ("Police detained 12 people after the riot on Thursday.", "arrest"),
    ],
)
def test_attempts_forced_moves_and_plain_reports_stay(text: str, kind: str) -> None:
    assert kind in types(text)


# --- cue words in another sense -------------------------------------------------------------


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Four light attack helicopters landed at the airfield on Thursday.", "armed_clash"),
        ("The mayor had the flag removed with the help of police and troops.", "assistance"),
        ("Customs officers at the border seized 300 kg of cocaine and two trucks.", "capture"),
        (
            "Prosecutors closed their investigation into the deaths at the border crossing.",
            "blockade",
        ),
        ("The chief of deployment for the army spoke to reporters.", "deployment"),
        ("A crowd of migrants massed overnight near the fence.", "deployment"),
        (
            "Militia fighters took the border town apart from a military base on its edge.",
            "deployment",
        ),
        ("Two wounded Afghan soldiers were taken to hospital near the border.", "armed_clash"),
    ],
)
def test_cue_words_in_another_sense(text: str, kind: str) -> None:
    assert kind not in types(text)


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Two attack helicopters fired on the convoy near the border on Thursday.", "armed_clash"),
        ("The government asked its allies for help to defend the border.", "assistance"),
        ("Rebels seized the border town on Thursday.", "capture"),
        ("Guards closed the border crossing on Thursday.", "blockade"),
        ("The army massed troops near the frontier overnight.", "deployment"),
        ("The navy has expanded its military base near the border island.", "deployment"),
        ("Shelling left two soldiers wounded near the border.", "armed_clash"),
    ],
)
def test_the_same_words_telling_a_happening(text: str, kind: str) -> None:
    assert kind in types(text)


# --- habits, descriptions, backdrops --------------------------------------------------------


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Herders from the valley are frequently detained there by border guards.", "arrest"),
        ("Frontier hamlets are shelled almost daily by the army.", "armed_clash"),
        ("Militia units have been stationed on the ridge for years.", "deployment"),
        (
            "The battalion laid down its arms after talks with the rebels on Monday.",
            "ceasefire_or_talks",
        ),
    ],
)
def test_habits_and_backdrops_are_no_new_happening(text: str, kind: str) -> None:
    assert kind not in types(text)


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Border guards detained three herders from the valley on Monday.", "arrest"),
        ("The army shelled two frontier hamlets on Monday.", "armed_clash"),
        ("Border guards fled across the frontier after their post came under fire.", "armed_clash"),
        ("Talks between the two armies began on Monday at the border post.", "ceasefire_or_talks"),
    ],
)
def test_single_happenings_stay(text: str, kind: str) -> None:
    assert kind in types(text)


def test_a_raid_to_detain_people_is_the_detention() -> None:
    text = "Police raided two camps in the forest on Thursday and detained dozens of people."
    assert types(text) == {"arrest"}
    text = "Police raided two camps on Thursday, killed two men and detained dozens of people."
    assert {"armed_clash", "arrest"} <= types(text)


# --- a definite re-mention joins what it refers to -----------------------------------------


@pytest.mark.parametrize("merge", [True, False])
def test_a_definite_re_mention_joins_the_happening_told_before(merge: bool) -> None:
    text = (
        "Gunmen attacked a border post near the river on Thursday. "
        "No group has said it carried out the attack."
    )
    got = [e for e in events(text, merge) if e.event_type == "armed_clash"]
    assert len(got) == 1 and len(got[0].sources) == 2


def test_a_re_mention_with_figures_of_its_own_stays_a_report() -> None:
    # it is not folded; merging may still join it, by the merging rules
    text = (
        "Gunmen attacked a border post near the river on Thursday. "
        "A radio station said two guards were killed in the attack."
    )
    got = [e for e in events(text, merge=False) if e.event_type == "armed_clash"]
    assert len(got) == 2


def test_a_re_mention_that_says_it_is_another_happening_is_not_folded() -> None:
    text = (
        "Gunmen attacked a border post near the river on Thursday. "
        "On the same day as the post attack, other gunmen struck a village."
    )
    got = [e for e in events(text, merge=False) if e.event_type == "armed_clash"]
    assert len(got) == 2


def test_a_definite_mention_with_nothing_before_stays_an_event() -> None:
    got = [e for e in events("Soldiers repelled the attack on the post on Thursday.")]
    assert [e.event_type for e in got] == ["armed_clash"]


# --- generic acts, states told alongside, figures of a fight -------------------------------


@pytest.mark.parametrize(
    "text, kind",
    [
        ('"Detaining our fishermen will not change our position," the minister said.', "arrest"),
        (
            "Police hold the line, with two more battalions deployed under an old treaty.",
            "deployment",
        ),
        (
            "The governor said 60 fighters had been killed and about 40 captured near the border.",
            "capture",
        ),
    ],
)
def test_generic_acts_states_and_tallies_are_no_new_happening(text: str, kind: str) -> None:
    assert kind not in types(text)


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Coast guards detained 12 fishermen near the maritime border on Monday.", "arrest"),
        ("Two battalions with armoured vehicles deployed to the border on Monday.", "deployment"),
        ("Rebels captured the border town of Kalo on Monday.", "capture"),
    ],
)
def test_the_same_acts_told_as_happenings_stay(text: str, kind: str) -> None:
    assert kind in types(text)


def test_the_content_of_a_decision_told_before_joins_it() -> None:
    text = (
        "The government closed the border with its neighbour on Monday. "
        "Under the cabinet's decision the northern crossing will be closed altogether."
    )
    got = [e for e in events(text, merge=False) if e.event_type == "blockade"]
    assert len(got) == 1 and len(got[0].sources) == 2


def test_a_pronoun_passive_re_mention_joins_the_happening() -> None:
    text = (
        "Guards closed the two border crossings on Monday. "
        "Hundreds of trucks were stuck at the border crossings when they were shut."
    )
    got = [e for e in events(text, merge=False) if e.event_type == "blockade"]
    assert len(got) == 1 and len(got[0].sources) == 2


# --- one reading per words; tolls join the fight --------------------------------------------


def test_two_kinds_read_off_the_same_words_give_one_event() -> None:
    got = [e.sub_event_type for e in events("Officials said the troops had pulled out at dawn.")]
    assert got == ["withdrawal"]


def test_a_toll_alone_joins_the_fight_told_before() -> None:
    text = (
        "Gunmen attacked an army base near the lake on Monday, killing 12 soldiers. "
        "A further 30 soldiers were wounded."
    )
    got = [e for e in events(text, merge=False) if e.event_type == "armed_clash"]
    assert len(got) == 1 and len(got[0].sources) == 2
    assert {"killed", "wounded"} <= set(got[0].counts)


def test_a_sides_own_toll_stays_a_report() -> None:
    text = (
        "Gunmen attacked an army base near the lake on Monday, killing 12 soldiers. "
        "The army said 30 soldiers were wounded."
    )
    got = [e for e in events(text, merge=False) if e.event_type == "armed_clash"]
    assert len(got) == 2
