"""Rules of language written from the classified misses of held-out sets 2 and 3.

``docs/event_errors.md`` counts every missed and extra event of those sets by mechanism;
the rules here answer the mechanisms that are patterns of language. Each rule has
positive sentences (our own words, never an article's) and a look-alike that uses the
same words for no event, or for another kind of event, and must not fire.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from geo.events import extract_events
from geo.events.classify import asked_to, classify, denied_that, in_name
from geo.events.filters import told_outcome

DEPLOY, DISPL, ARREST, CAPTURE = "deployment", "displacement", "arrest", "capture"
TALKS, CLASH, CROSS, BLOCK = "ceasefire_or_talks", "armed_clash", "forces_cross_border", "blockade"


def _types(text: str) -> set[str]:
    return {c.event_type for c in classify(text)}


def _events(text: str) -> list[tuple[str, str]]:
    art = SimpleNamespace(id="t", published=date(2024, 3, 8), outlet="T", url=None, text=text)
    return [(e.event_type, e.sub_event_type) for e in extract_events(art, [], join=None)]


POSITIVE = [
    # deployments: police, helicopters, naval ships, battalions sent; passives; units brought in
    ("The interior ministry sent dozens of police officers to the frontier village.", DEPLOY),
    ("The government sent police to the border and appealed to the regional bloc.", DEPLOY),
    ("The army has sent attack helicopters to hunt raiders massing across the line.", DEPLOY),
    ("Officials said navy ships had been sent to the strait to stop boats crossing.", DEPLOY),
    ("Four more battalions had been sent to the province since Saturday, he said.", DEPLOY),
    ("The army says most of its troops have since been moved to the northern border.", DEPLOY),
    ("Riot officers were among the units brought in, and helicopters circled overhead.", DEPLOY),
    ("Federal forces began arriving in the border town on Monday.", DEPLOY),
    ("A convoy of some 40 army vehicles moved into the divided village on Tuesday.", DEPLOY),
    # people turned back or kept from crossing
    ("Guards turned back dozens of migrants overnight near the river.", DISPL),
    ("The border guard said it had prevented 90 people from crossing on Sunday.", DISPL),
    ("Villagers near the ridge were told to leave on Monday night.", DISPL),
    ("Refugees kept crossing on foot along the trails beside the road.", DISPL),
    # detentions: rounding up; prisoners taken
    ("Police were seen rounding up several migrants near the forest.", ARREST),
    ("The army said it had taken about 100 enemy soldiers prisoner.", CAPTURE),
    # protests, court orders, calls for forces to leave, prisoners released
    ("The neighbouring capital lodged what it called the strongest possible protest.", TALKS),
    ("In March the court ordered both countries to keep their personnel out of the area.", TALKS),
    ("The International Court of Justice ruled on Wednesday that the island is theirs.", TALKS),
    ("The regional council called for forces to be kept out of the disputed area.", TALKS),
    ("Its intelligence branch was talking to its counterparts across the border.", TALKS),
    ("The neighbour has released four soldiers captured during the war.", TALKS),
    # clashes: fighting that reached a place; a standoff that turned deadly
    ("Residents said fighting had reached the villages north of the town.", CLASH),
    ("The standoff turned deadly on Friday in a village on the main road.", CLASH),
    # closures of some crossings
    ("The government has also suspended two of its crossings with its neighbour.", BLOCK),
]


@pytest.mark.parametrize(("text", "kind"), POSITIVE)
def test_language_rule_fires(text: str, kind: str) -> None:
    assert kind in _types(text)


NEGATIVE = [
    # a letter sent to the police, officers sent to hospital, forces described as flown in
    ("The embassy sent a letter to police officers in the capital.", DEPLOY),
    ("Two wounded officers had been sent to hospital in the capital.", DEPLOY),
    ("The rebels said they had defeated federal forces flown in from the capital.", DEPLOY),
    ("A convoy of aid trucks moved into the town on Tuesday.", DEPLOY),
    # turning back the clock or an attack, a crowd kept from a stadium
    ("The reform turned back the clock on press freedom.", DISPL),
    ("Troops turned back an attack on the post at dawn.", DISPL),
    ("Diplomats were told to leave the meeting room during the vote.", DISPL),
    # a figure rounded up, a prisoner exchange
    ("The ministry rounded up the figures to the nearest thousand.", ARREST),
    ("The two sides took part in a prisoner exchange last year.", CAPTURE),
    # a court that orders one person's arrest, people lodged near a protest camp
    ("A court ordered the mayor to pay a fine for the unpaid bills.", TALKS),
    ("Hundreds were lodged in tents near the protest camp.", TALKS),
    ("The army released 500 soldiers from service at the end of the year.", TALKS),
    # a debate that turned heated, an investor fighting to reach a deal
    ("The debate in parliament turned heated on Friday.", CLASH),
    # "of" a non-closure
    ("The minister criticised two of its crossings for their long queues.", BLOCK),
]


@pytest.mark.parametrize(("text", "kind"), NEGATIVE)
def test_language_rule_look_alike_does_not_fire(text: str, kind: str) -> None:
    assert kind not in _types(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # a denial is no event of its own (docs/annotation.md)
        ("The capital has always denied that its soldiers entered the area.", CROSS),
        ("The commander dismissed reports that the guards had shelled the village.", CLASH),
        # a negated subject, nothing to do
        ("He said none of the intruders had surrendered.", CLASH),
        ("The president says there is nothing to negotiate until the soldiers leave.", TALKS),
        # something asked for or demanded is not done yet
        ("The governor has asked the capital to temporarily close the border.", BLOCK),
        ("Hundreds gathered at the gate, demanding to be let into the country.", CROSS),
        # a warrant is no arrest
        ("A prosecutor issued an arrest warrant for the landowner on Monday.", ARREST),
    ],
)
def test_sentence_rule_blocks(text: str, kind: str) -> None:
    assert kind not in _types(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # the same words, told as a happening
        ("The army denied the report, and its soldiers crossed the border on Monday.", CROSS),
        ("He said the intruders had surrendered to the police.", CLASH),
        ("The governor asked for calm, and the capital closed the border on Friday.", BLOCK),
        ("Police arrested the landowner on Monday.", ARREST),
        ("Gunmen of the group attacked the post and seized weapons.", CLASH),
    ],
)
def test_sentence_rule_look_alike_still_fires(text: str, kind: str) -> None:
    assert kind in _types(text)


def test_a_name_is_no_trigger() -> None:
    s = "It was carried out by gunmen of the Group to Support Islam and Muslims."
    assert "assistance" not in _types(s)
    assert in_name(s, s.index("Support"), s.index("Support") + 7)
    s = "The village asked the army for support on Monday."
    assert not in_name(s, s.index("support"), s.index("support") + 7)


def test_assistance_word_in_an_office_or_dependence_is_no_event() -> None:
    assert "assistance" not in _types("The head of the refugee assistance office thanked them.")
    assert "assistance" not in _types("Millions there are dependent on aid after years of war.")
    assert "assistance" in _types("The army asked for support as the militants advanced.")


def test_a_denied_capture_stays_a_candidate_for_control() -> None:
    """A denied capture is kept: it joins the capture it denies, which control draws disputed.

    (``tests/test_control.py::test_a_denial_makes_the_capture_disputed`` checks the
    record; here the sentence rule leaves captures and control claims alone.)
    """
    s = "The commander dismissed reports that the guards had taken over the ridge."
    assert denied_that(s, s.index("taken"))
    assert CAPTURE in _types(s)
    assert CAPTURE in _types("The army denied that the town had been captured.")


def test_helpers() -> None:
    s = "The capital has always denied that its soldiers entered the area."
    assert denied_that(s, s.index("entered"))
    s = "The ministry said that its soldiers entered the area."
    assert not denied_that(s, s.index("entered"))
    s = "The governor has asked the capital to temporarily close the border."
    assert asked_to(s, s.index("close"))


def test_detention_survives_goods_seized() -> None:
    """Migrants rounded up with rifles seized: the goods are no capture, the detention stays."""
    s = "Days later police rounded up 371 migrants in three districts and seized four rifles."
    assert ("arrest", "arrest") in _events(s)
    s = "Rebels seized the border post and detained the guards."
    assert [k for k, _ in _events(s)] == ["capture"]


def test_summary_since_long_ago_is_no_event() -> None:
    assert (
        _events("Militant attacks have killed close to 1,000 people in the country since 2015.")
        == []
    )
    s = "More than 50,000 people have crossed into the province over the past three years."
    assert _events(s) == []
    assert _events("Militants attacked two villages on Monday, killing 12 people.")


def test_outcome_of_attacks_told_before_is_no_new_event() -> None:
    text = (
        "Gunmen attacked an army post at Kessa on Monday night.\n\n"
        "Another group raided a police post at Lowmoor on Tuesday.\n\n"
        "The army said three assailants were killed and four captured in the two attacks."
    )
    art = SimpleNamespace(id="t", published=date(2024, 3, 8), outlet="T", url=None, text=text)
    events = extract_events(art, [], join=None)
    last = text.rindex("The army said")
    assert not any(
        e.event_type == "capture" and all(s.start >= last for s in e.sources) for e in events
    )
    s = "The army said three were killed and four captured in the two attacks."
    i = s.index("captured")
    from geo.events.classify import Candidate

    assert told_outcome(s, Candidate("capture", "x", i, i + 8, True))
    s = "Rebels captured four soldiers in an attack on the post."
    i = s.index("captured")
    assert not told_outcome(s, Candidate("capture", "x", i, i + 8, True))


def test_a_since_clause_dated_to_the_day_is_an_event() -> None:
    s = "Troops have killed 800 since militants tried to break into the country on July 21."
    assert "forces_cross_border" in [k for k, _ in _events(s)]
    # look-alike: a since clause that only measures a period
    s = "More than 50,000 people have fled since fighting broke out in November."
    assert "armed_clash" not in [k for k, _ in _events(s)]


def test_a_dropped_first_trigger_does_not_hide_a_later_one() -> None:
    s = "It was the first attack there since 2016, when gunmen killed 19 people at a resort."
    assert "armed_clash" in [k for k, _ in _events(s)]
    # look-alike: the only trigger is a label; nothing else to read
    assert _events("It was the first attack on the country's soil in years.") == []


def test_people_taken_with_them_is_an_abduction() -> None:
    s = "Raiders burned a warehouse and took an unknown number of people with them."
    assert "abduction" in _types(s)
    assert "abduction" not in _types("The raiders took the cattle and the grain with them.")
