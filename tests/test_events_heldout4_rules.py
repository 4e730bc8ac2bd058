"""Rules of language written from the classified misses and extras of held-out set 4.

``docs/event_errors.md`` ("Held-out set 4") counts every missed and extra event of that
set by mechanism. Its articles carry much history and analysis: standing states ("a closed
gate", "had been shut since the start of the crisis"), summaries ("in recent months"),
trends ("the insurgency is spilling across the frontier"), generic tolls ("people who
refuse have been killed") and adjectives or names that look like triggers. Each rule has
sentences in our own words (never an article's) that must give the event, and a look-alike
with the same words that must not — or the other way round.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from geo.events import extract_events

CLASH, BLOCK, CAPTURE, CROSS = "armed_clash", "blockade", "capture", "forces_cross_border"
TALKS, DEPLOY, DISPL, ARREST, HELP = (
    "ceasefire_or_talks",
    "deployment",
    "displacement",
    "arrest",
    "assistance",
)


def _types(text: str) -> set[str]:
    art = SimpleNamespace(id="t", published=date(2024, 3, 8), outlet="T", url=None, text=text)
    return {e.event_type for e in extract_events(art, [], join=None)}


#: (sentence, type that must NOT be coded) — background, states and look-alikes.
NO_EVENT = [
    # a closing word used as an adjective of a state
    ("Past the checkpoint the old highway now ends at a closed gate.", BLOCK),
    ("The pass had become a symbol of the closed mountain route.", BLOCK),
    ("With the northern road still shut, traders wait at the depot.", BLOCK),
    # a perfect passive held "since" a stretch of history, not since a day
    ("The ferry link had been shut since the start of the dispute.", BLOCK),
    # a perfect summed up "in recent months"
    ("The neighbouring state has suffered several attacks in its south in recent months.", CLASH),
    # an adjective, a path, a trend, people already counted
    ("Talks dragged on because of clashing grazing claims on the plateau.", CLASH),
    ("Much of the grain has been routed through the southern port since the war.", CAPTURE),
    ("Analysts say the rebellion in the north is spilling across the frontier.", CROSS),
    ("An official suggested some of the dead may have been smugglers.", CLASH),
    # what befalls anyone who does something: a generic toll
    ("Gangs tax the farms, and people who resist have been killed, residents say.", CLASH),
    # a habit of a place, told in a reduced relative clause
    ("The frontier, crossed by herders on foot every day, is hard to patrol.", DISPL),
    # people or a place named by a happening already told
    ("Herders from the hills were also among those who fled, a chief said.", DISPL),
    ("Police reached the hamlet, from where dozens of families had fled.", DISPL),
    # a participle saying who the forces were, while the sentence tells another happening
    ("Peacekeepers patrolling the coast road came under fire near the bridge.", DEPLOY),
    # a capitalised word inside an organisation's name
    ("Blame fell on the Front for the Support of Islam, which operates in the hills.", HELP),
]

#: (sentence, type that MUST be coded) — the look-alikes of the rules above, and the new
#: trigger patterns.
EVENT = [
    # the act of closing, not a state
    ("Guards closed the gate at the crossing on Monday.", BLOCK),
    ("The ferry link was shut at the start of the dispute.", BLOCK),
    # one happening, not a sum
    ("The neighbouring state suffered an attack on a border post on Monday.", CLASH),
    ("Herders clashing with guards were wounded near the well.", CLASH),
    ("Fighters spilled across the frontier and attacked a post.", CROSS),
    ("Gunmen raided the farms on Monday, and two people who resisted were killed.", CLASH),
    ("The frontier, crossed by herders fleeing a raid on Monday night, is hard to patrol.", DISPL),
    ("Dozens of families fled the hamlet where gunmen had opened fire.", DISPL),
    ("Police reached the hamlet where dozens of families fled on Monday.", DISPL),
    ("Peacekeepers were patrolling the coast road near the bridge on Monday.", DEPLOY),
    ("Soldiers patrolling the coast road were seen near the bridge on Monday.", DEPLOY),
    # new patterns of language
    ("Farmers came to blows with border guards at the ditch on Sunday.", CLASH),
    ("A police launch collided with a fishing boat off the reef on Thursday.", CLASH),
    ("Soldiers took four fishermen from the riverside village of Lower Ford into custody.", ARREST),
    ("A plane on night patrol had wrongly struck a group of herders.", CLASH),
    ("The two capitals struck a late agreement on Thursday to keep the crossing open.", TALKS),
    ("In March the two ministers agreed in the capital to have surveyors check old maps.", TALKS),
    ("The neighbours launched a joint survey of the lake boundary on May 3.", TALKS),
    ("A third joint team was set up in March without result.", TALKS),
    ("Armed soldiers drove into the neighbours' farmland late last month.", CROSS),
    ("A detachment rushed to the area had halted the killing, the army said.", DEPLOY),
    ("Three patrol boats then arrived to shield the fishermen.", DEPLOY),
    ("Gunmen burst into the hamlet on Tuesday and ordered everyone out.", DISPL),
    ("The neighbour has taken down its national flag on the disputed rock.", TALKS),
    ("Fishing boats escorted by police vessels sailed into waters off the reef.", CROSS),
]

#: Look-alikes of the new patterns that must not be coded as the pattern's type.
NOT_THE_PATTERN = [
    ("A car drove into a ditch near the market on Monday.", CROSS),
    ("Flags were lowered to half-mast at the border post.", TALKS),
    ("The company reached for new markets abroad.", TALKS),
]


@pytest.mark.parametrize(("text", "kind"), NO_EVENT)
def test_background_and_look_alikes_are_no_event(text: str, kind: str) -> None:
    assert kind not in _types(text)


@pytest.mark.parametrize(("text", "kind"), EVENT)
def test_happenings_are_coded(text: str, kind: str) -> None:
    assert kind in _types(text)


@pytest.mark.parametrize(("text", "kind"), NOT_THE_PATTERN)
def test_new_patterns_keep_their_look_alikes_out(text: str, kind: str) -> None:
    assert kind not in _types(text)
