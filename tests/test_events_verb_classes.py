"""Trigger vocabulary by verb class: each class fires on its sentences, not on look-alikes.

The sentences are our own. Positives say what a wire story says when the verb reports an
event; negatives use the same verb in a sense that is no event (economics, politics,
sport, weather, figures of speech).
"""

from __future__ import annotations

import pytest

from geo.events.classify import classify


def _types(text: str) -> set[str]:
    return {c.event_type for c in classify(text)}


POSITIVE = [
    ("The army shut all land and air links with its neighbour after the clash.", "blockade"),
    # armed_clash: shooting, arson, fire received, shots and stones, shelling by its effect
    ("Border guards shot dead two smugglers near the river.", "armed_clash"),
    ("Two farmers were gunned down by gunmen at the edge of the village.", "armed_clash"),
    ("Police opened fire on the crowd near the crossing.", "armed_clash"),
    ("Gunmen set fire to houses in the border village.", "armed_clash"),
    ("Raiders torched dozens of huts before dawn.", "armed_clash"),
    ("Militiamen set several trucks ablaze on the highway.", "armed_clash"),
    ("Three police posts were burned down overnight.", "armed_clash"),
    ("A border patrol came under heavy fire near the pass.", "armed_clash"),
    ("The convoy came under small-arms fire on Tuesday.", "armed_clash"),
    ("Coast guard crews fired warning shots at the trawler.", "armed_clash"),
    ("Protesters hurled stones and petrol bombs at the guards.", "armed_clash"),
    ("A navy ship rammed two fishing boats off the island.", "armed_clash"),
    ("Soldiers of both armies fought a brawl with clubs on the ridge.", "armed_clash"),
    ("Troops from the two sides scuffled on the disputed ridge.", "armed_clash"),
    ("Artillery pounded rebel positions on the hills overnight.", "armed_clash"),
    ("A school was hit by a rocket in the border town.", "armed_clash"),
    # capture
    ("The rebels were driven out of the town by army units.", "capture"),
    ("Troops pushed the militants out of the hilltop village.", "capture"),
    ("The hilltop village changed hands twice during the week.", "capture"),
    ("The district fell into the hands of the insurgents on Friday.", "capture"),
    ("The army wrested control of the crossing from the rebels.", "capture"),
    # blockade: closures of borders, ports, flights, traffic, trade; roads cut
    ("The government halted all cross-border traffic on Monday.", "blockade"),
    ("The country shut its land border with its neighbour on Sunday.", "blockade"),
    ("Authorities suspended flights to the capital.", "blockade"),
    ("The authorities closed the airport and the seaport.", "blockade"),
    ("Officials stopped trade at the main crossing point.", "blockade"),
    ("Flights and rail services between the capitals were suspended.", "blockade"),
    ("All trade with the neighbouring state was halted after the clash.", "blockade"),
    ("Rebels cut the main highway to the border town.", "blockade"),
    ("Insurgents cut supply routes to the besieged garrison.", "blockade"),
    ("Rebels besieged the garrison town for a week.", "blockade"),
    ("Militants laid siege to the army camp near the border.", "blockade"),
    # deployment
    ("The ministry airlifted two battalions of paratroopers to the province.", "deployment"),
    ("The army flew in special forces overnight.", "deployment"),
    ("Both sides amassed tanks along the frontier.", "deployment"),
    ("Reinforcements were rushed to the border on Sunday.", "deployment"),
    ("The army tightened security along the border after the attack.", "deployment"),
    # displacement
    ("Troops forced thousands of villagers out of their homes.", "displacement"),
    ("Thousands of villagers fled the fighting on foot.", "displacement"),
    ("The foreign ministry told its citizens to leave the country at once.", "displacement"),
    ("The embassy urged its nationals to leave the border region.", "displacement"),
    # ceasefire_or_talks: summons, protests, meetings
    ("Delhi summoned the acting high commissioner to protest the killings.", "ceasefire_or_talks"),
    ("The ministry summoned the chargé d'affaires on Monday.", "ceasefire_or_talks"),
    ("The ambassador was summoned to the foreign ministry.", "ceasefire_or_talks"),
    ("The foreign ministry handed a protest note to the embassy.", "ceasefire_or_talks"),
    (
        "The defence minister met senior officials of the neighbouring army to ease tension.",
        "ceasefire_or_talks",
    ),
    ("The president telephoned his counterpart about the border clashes.", "ceasefire_or_talks"),
    # control_claim
    ("Guards removed dozens of buoys that marked the river boundary.", "control_claim"),
    ("Troops placed new border markers deep inside the disputed valley.", "control_claim"),
    ("Workers pulled down the border fence near the village.", "control_claim"),
    ("Soldiers planted their national flag on the disputed island.", "control_claim"),
    ("The rebels claimed full control of the district on Friday.", "control_claim"),
    ("Parliament declared sovereignty over the disputed islands.", "control_claim"),
    # arrest, abduction
    ("Border police took three surveyors into custody on the riverbank.", "arrest"),
    ("Soldiers held two fishermen for questioning at the border post.", "arrest"),
    ("Two herders were led away by armed men near the frontier.", "abduction"),
    # forces_cross_border
    ("Troops intruded two kilometres into the neighbouring country.", "forces_cross_border"),
    ("A patrol of soldiers strayed across the line near the lake.", "forces_cross_border"),
    (
        "Army units foiled an infiltration bid by militants along the line of control.",
        "forces_cross_border",
    ),
    ("The two armies exchanged dozens of prisoners at the crossing.", "ceasefire_or_talks"),
    ("Both sides swapped the bodies of fallen soldiers on Monday.", "ceasefire_or_talks"),
]

NEGATIVE = [
    # closures: the object is a compound that is no closure, or a place where someone stopped
    ("Both governments suspended trade talks after the border clash.", "blockade"),
    ("Police stopped him at the checkpoint on Tuesday amid the clashes.", "blockade"),
    # armed_clash look-alikes
    ("The central bank shot down the proposal for a new tax.", "armed_clash"),
    ("The minister set fire to the debate with his remarks.", "armed_clash"),
    ("The fans set the stadium alight with their singing.", "armed_clash"),
    ("The minister came under fire for his remarks on the budget.", "armed_clash"),
    ("The police came under fire from rights groups over the arrests.", "armed_clash"),
    ("The striker fired two shots wide before half time.", "armed_clash"),
    ("The boxer pounded the heavy bag in training.", "armed_clash"),
    ("Fans brawled outside the stadium after the match.", "armed_clash"),
    # capture look-alikes
    ("The company was driven out of the market by cheaper rivals.", "capture"),
    ("The title changed hands three times this season.", "capture"),
    # blockade look-alikes
    ("The central bank cut interest rates on Tuesday.", "blockade"),
    ("The village is close to the border.", "blockade"),
    ("Exports of grain stopped growing last year.", "blockade"),
    ("The senator halted the debate on the budget.", "blockade"),
    ("The storm cut power to ten thousand homes.", "blockade"),
    ("The government cut fuel prices on Monday.", "blockade"),
    ("The ministry halted tariff talks and suspended policy reviews.", "blockade"),
    # deployment look-alikes
    ("Videos posted online showed tanks on a parade ground.", "deployment"),
    ("The airline flew in fresh flowers for the festival.", "deployment"),
    ("The bank tightened security at its branches after a robbery.", "deployment"),
    # displacement look-alikes
    ("Rising rents pushed many tenants out of their homes.", "displacement"),
    ("The coach told his players to leave the pitch.", "displacement"),
    # talks look-alikes
    ("The coach met senior officials of the club to discuss his contract.", "ceasefire_or_talks"),
    ("The court summoned two witnesses on Monday.", "ceasefire_or_talks"),
    ("She called on the president to resign.", "ceasefire_or_talks"),
    # control_claim look-alikes
    ("Analysts raised a red flag over the rising debt.", "control_claim"),
    ("Fans waved flags at the football match.", "control_claim"),
    ("Workers removed the old markers from the running track.", "control_claim"),
    ("The company claimed a record profit on Friday.", "control_claim"),
    # arrest, abduction look-alikes
    ("The team held its ground for questioning the referee.", "arrest"),
    ("The visitors snatched victory in the last minute.", "abduction"),
    ("The old furniture was carried away by the movers.", "abduction"),
    # crossing look-alikes
    ("Hackers intruded into the bank's computer network.", "forces_cross_border"),
    ("Agents infiltrated the party's leadership over the years.", "forces_cross_border"),
    ("Fans besieged the box office for tickets.", "blockade"),
    ("Government troops encircled in the town pulled out at night.", "blockade"),
    ("The old city is encircled by a ring road.", "blockade"),
    ("The sides swapped views on the economy.", "ceasefire_or_talks"),
]


@pytest.mark.parametrize(("text", "event_type"), POSITIVE)
def test_verb_class_fires(text: str, event_type: str) -> None:
    assert event_type in _types(text), classify(text)


@pytest.mark.parametrize(("text", "event_type"), NEGATIVE)
def test_look_alike_does_not_fire(text: str, event_type: str) -> None:
    assert event_type not in _types(text), classify(text)


@pytest.mark.parametrize(
    "text",
    [
        "The government vowed to halt all trade with its neighbour.",
        "The army could airlift paratroopers to the province.",
        "Officials denied that they had summoned the ambassador.",
    ],
)
def test_intent_and_negation_still_block(text: str) -> None:
    """A vow, a possibility or a denial of the new verbs is no event of their type."""
    types = _types(text)
    assert not types & {"blockade", "deployment"}, classify(text)
