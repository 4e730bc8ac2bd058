"""Rules of language for the event mechanisms that came back on held-out set 6.

``docs/event_errors.md`` ("Held-out set 6") counts every missed and extra event of the
sixth held-out set by mechanism and sets them beside sets 2 to 5: states and summaries
(who holds a place, told in a relative clause; a perfect summed since a year or over
successive rounds), re-mentions named by a report or a blame, look-alike words (a coup's
"seized power", "resisted arrest", "ceasefire violations", "the face-off site"), habits
and feared happenings; and, among the missing triggers, the diplomatic class (envoys
recalled in the plural, a ministry that protested, a demarche, an offer to mediate),
passive fire ("shots were fired from"), shells that killed, explosives dropped from a
drone, suspended train services and checkpoints set up. Each rule has sentences in our
own words (never an article's) that must give the event, and a look-alike with the same
words that must not — or the other way round.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from geo.events import extract_events

CLASH, BLOCK, CAPTURE, CROSS = "armed_clash", "blockade", "capture", "forces_cross_border"
TALKS, DEPLOY, DISPL, ARREST, CLAIM, ABDUCT = (
    "ceasefire_or_talks",
    "deployment",
    "displacement",
    "arrest",
    "control_claim",
    "abduction",
)
PUBLISHED = date(2024, 3, 8)  # a Friday


def _events(text: str) -> list:
    art = SimpleNamespace(id="t", published=PUBLISHED, outlet="T", url=None, text=text)
    return extract_events(art, [], join=None)


def _types(text: str) -> set[str]:
    return {e.event_type for e in _events(text)}


#: (sentence, type that must NOT be coded): states, summaries, habits, look-alikes,
#: possibilities and happenings named again.
NO_EVENT = [
    # a coup is no ground taken
    ("The generals, who seized power in a coup last year, named a new cabinet.", CAPTURE),
    # a struggle named as such, not an arrest
    ("The driver resisted arrest and ran towards the river, police said.", ARREST),
    # a standing accusation in the present
    ("The opposition accuses the police of arresting and beating its members.", ARREST),
    # who holds a place, told in a relative clause about someone or something named
    ("Shells hit the market, according to the militia that holds the valley.", CLAIM),
    ("The oasis, a trading post that is held by a rebel front, lies to the east.", CLAIM),
    # a closure as the state a feud keeps up
    ("Troops clashed again in a dispute that has kept the ferry port closed since May.", BLOCK),
    # a perfect summed since a year, and a sum over successive rounds
    ("The two clans have fought since early 2019 over wells along the river.", CLASH),
    ("Hundreds of families have been displaced in repeated rounds of violence.", DISPL),
    # a group's record in the perfect
    ("The front, set up in 2015, has claimed bombings and kidnappings across the region.", ABDUCT),
    # breaches counted, no truce
    ("Officers counted about 40 ceasefire violations along the line last month.", TALKS),
    # a place named after a happening
    ("The village lies about 20 km from the standoff site on the ridge.", CLASH),
    # a report about a happening told before
    ("Their accounts of the skirmish could not be checked on the ground.", CLASH),
    # a blame naming a happening with a definite noun
    ("He sacked the police chief whom the neighbour blamed for the detention of traders.", ARREST),
    # a happening named by its day, told before
    ("The path to Tuesday's reopening had taken two years.", BLOCK),
    # people named by an adjective
    ("Bandits ambushed a lorry carrying displaced farmers, killing six.", DISPL),
    # a role held, not talks held
    ("The capital resents its rival's long role as mediator in the north.", TALKS),
    # what gangs do, in the present
    ("Armed gangs rob and assault travellers on the mountain tracks.", CLASH),
    # a feared use of ground
    ("The minister has long called the enclave a possible launch pad for an invasion.", CLASH),
    # people as a category of law
    ("The government pledged to protect the rights of migrants and refugees.", DISPL),
    # talks that may come
    ("Analysts said the visit could start a de-escalation on the border.", TALKS),
    # a person named by a hurt inside a protest
    ("The ministry protested at the treatment of an injured soldier held abroad.", CLASH),
    # a means refused
    ("The leader said the crisis would not be solved with expulsions.", DISPL),
    # a ministry whose protest has no day (the perfect, "has since")
    ("The foreign ministry has since protested against the arrests.", TALKS),
]

#: (sentence, type that MUST be coded): the look-alikes' twins, and trigger rows of the
#: kinds that came back.
EVENT = [
    # ground seized, not power
    ("Rebels seized the border town of Kor on Monday.", CAPTURE),
    # an arrest made
    ("Police arrested three traders at the crossing on Monday.", ARREST),
    # a past accusation of one deed with its day stays a happening
    ("Rebels fought soldiers near the dam on Tuesday, the army said.", CLASH),
    # fighting since a day is news, not a stretch of years
    ("The two clans clashed on Monday over wells along the river.", CLASH),
    # displaced people who fled: the verb, not the adjective
    ("Thousands of people were displaced by the fighting on Wednesday.", DISPL),
    # a ceasefire agreed, not violated
    ("The two armies agreed a ceasefire on Tuesday.", TALKS),
    # diplomacy: envoys recalled in the plural, a protest, a demarche, an offer to mediate
    ("The three states recalled their ambassadors from the capital on Sunday.", TALKS),
    ("The foreign ministry protested in the strongest terms on Thursday.", TALKS),
    ("The kingdom served a formal demarche on its neighbour on Tuesday.", TALKS),
    ("A third country offered on Monday to play a constructive role in easing the tension.", TALKS),
    ("The two presidents met again at a summit on the bridge on Wednesday.", TALKS),
    # fire told in the passive, shells that killed, explosives dropped from a drone
    ("Officials said shots had been fired from across the river at the village.", CLASH),
    ("Enemy shells killed a farmer in a border village overnight.", CLASH),
    ("Two explosive devices were dropped from a drone near the airfield on Thursday.", CLASH),
    ("The rebels beat the army during three days of fighting outside the town in May.", CLASH),
    # a cross-border service suspended, a gate kept shut by refusal
    ("The government suspended the weekly train to the neighbouring capital on Thursday.", BLOCK),
    ("Since Monday the guards have refused to open the gate at the pass.", BLOCK),
    # forces that crossed from their side; checkpoints put up
    ("Soldiers crossed from their posts on the ridge on Sunday to stop the work.", CROSS),
    ("Checkpoints are being set up at the entrances to the towns.", DEPLOY),
    # fighting between two named sides that broke out; a mountain pass closed
    ("Fighting between the army and a rebel militia broke out in the capital on Monday.", CLASH),
    ("Guards closed the mountain pass to lorries on Monday.", BLOCK),
    # people massed at a border
    ("About 2,000 migrants had gathered on the other side of the border on Saturday.", DISPL),
]

#: A trigger of the new rows that must not fire: civilians who crossed, aid dropped.
NO_TRIGGER = [
    ("A smuggler who had crossed from the hills was stopped at the post.", CROSS),
    ("Food parcels were dropped from a plane over the camp.", CLASH),
    ("Farmers protested at the new tax outside the ministry.", TALKS),
    ("Troops massed on the other side of the border on Monday.", DISPL),
    ("The gunmen fired shots into the air and fled.", TALKS),
    # days of fighting with no place: the outcome or the time of fighting told before
    ("Markets reopened in the town after two days of fighting.", CLASH),
]


@pytest.mark.parametrize(("text", "kind"), NO_EVENT)
def test_no_event(text: str, kind: str) -> None:
    """A state, summary, habit, look-alike or happening told before is no event of its type."""
    assert kind not in _types(text)


@pytest.mark.parametrize(("text", "kind"), EVENT)
def test_event(text: str, kind: str) -> None:
    """A happening told in the forms that came back on held-out set 6 is coded."""
    assert kind in _types(text)


@pytest.mark.parametrize(("text", "kind"), NO_TRIGGER)
def test_new_rows_keep_their_objects(text: str, kind: str) -> None:
    """The new trigger rows need forces, weapons or a place: not civilians or aid."""
    assert kind not in _types(text)


def test_shelling_keeps_its_day() -> None:
    """Shells that killed "overnight" are dated to the night's day, as any shelling."""
    (ev,) = [e for e in _events("Shells killed two herders near the river on Tuesday.")]
    assert ev.event_type == CLASH and ev.event_date == date(2024, 3, 5)
