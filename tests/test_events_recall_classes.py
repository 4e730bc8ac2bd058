"""Recall by class of language: conflict-news verbs and constructions no older row caught.

Each class is a pattern of English news usage (with the ACLED or CAMEO category it
reports cited in its row's note), never a sentence of one article. The sentences are our
own. Positives say what a wire story says when the construction reports a happening;
negatives use the same words for no event (economics, politics, sport, media, figures of
speech, background), so that precision does not pay for recall.
"""

from __future__ import annotations

import pytest

from geo.events.classify import classify

CAPTURE, CROSS, CLASH, TALKS = "capture", "forces_cross_border", "armed_clash", "ceasefire_or_talks"
BLOCK, DEPLOY, CLAIM, DISPL = "blockade", "deployment", "control_claim", "displacement"


def _types(text: str, article_context: bool = True) -> set[str]:
    return {c.event_type for c in classify(text, None, article_context)}


POSITIVE = [
    # capture: a named place as the object of take/retake; a place that fell; expelled from it
    ("The rebels took Northbridge on Saturday after a week of fighting.", CAPTURE),
    ("By Sunday the insurgents had taken both Eastwick and Lowmoor.", CAPTURE),
    ("Government troops retook Harrowgate from the militia overnight.", CAPTURE),
    ("The garrison town fell on the third day of the siege, the army said.", CAPTURE),
    ("Militants attacked the border post of Kessa, which fell within hours.", CAPTURE),
    ("Army units said they had driven the rebels out of Port Anvers.", CAPTURE),
    ("The militants retreated after overrunning the army camp in the hills.", CAPTURE),
    # forces across a border: slipping, pushing, coming over, crossing a river into
    ("Militants slipped across the frontier at night and attacked a police post.", CROSS),
    ("By Thursday some of the fighters had pushed across the border into the north.", CROSS),
    ("About 300 insurgents who came over from the neighbouring country raided the village.", CROSS),
    ("Insurgents crossed the wide river into the neighbouring province last week.", CROSS),
    ("Two military planes carrying 80 soldiers landed after crossing into the country.", CROSS),
    ("Jihadists tried to break into the country on Monday, the army said.", CROSS),
    (
        "The neighbouring state allowed two planes carrying 100 soldiers in all to land there.",
        CROSS,
    ),
    # withdrawal: armed men going back to their side
    ("The raiders had gone back across the border before the police arrived.", TALKS),
    # armed clash: raids on, advance on, shot at, burned, brought down, destroyed by the air force
    ("The fighting began on Tuesday with raids on two border villages.", CLASH),
    ("After the ambush the rebels advanced on the provincial capital.", CLASH),
    ("They then moved on Kessa, some 40 km away, with dozens of fighters.", CLASH),
    (
        "Citizens were told to leave the town, which militants have been closing in on for days.",
        CLASH,
    ),
    ("A teenager was shot near the fence while crossing at night, border villagers said.", CLASH),
    ("He was shot by border guards as he walked home.", CLASH),
    ("Many still remember the girl shot at the border fence in 2011.", CLASH),
    ("In the next village, houses were burned and families fled south.", CLASH),
    ("Gunmen attacked the hamlet, burning a warehouse and two shops.", CLASH),
    ("Air defences brought down a military aircraft near the frontier.", CLASH),
    ("The air force, he said, had destroyed the group's weapons stores.", CLASH),
    ("Attacks have also been reported in recent weeks in two northern counties.", CLASH),
    # blockade: vehicles barred from crossing, a closure ordered, flights restricted
    (
        "Two days later the government barred trucks with foreign plates from crossing.",
        BLOCK,
    ),
    ("The ministry ordered the crossings closed at midnight.", BLOCK),
    ("In retaliation the junta ordered the pipeline valves shut from Friday.", BLOCK),
    ("The airport restricted flights for an hour after balloons drifted over the border.", BLOCK),
    # deployment: jets scrambled, patrols at the border, a force flown in, arrivals, missions
    ("The air force scrambled two fighter jets after the drone crossed the border.", DEPLOY),
    ("Two fighters went up to escort the planes to the airfield, the ministry said.", DEPLOY),
    ("Armed soldiers patrolled the crossings as the border was shut.", DEPLOY),
    ("Navy patrols kept watch on the river between the two towns.", DEPLOY),
    ("The neighbour began flying in a force of 1,000 troops on Friday.", DEPLOY),
    ("Troops from the regional bloc started arriving later that month.", DEPLOY),
    ("The regional bloc launched its standby force in the province on Friday.", DEPLOY),
    ("Soldiers had moved into the customs compound on Monday.", DEPLOY),
    # talks: protest letters and notes, a meeting with one chief, talks proposed
    ("A strong protest letter had gone to the neighbouring force, the commander said.", TALKS),
    ("The capital objected in diplomatic notes dated June 20 and July 3.", TALKS),
    ("The shelling drew an angry protest from the government across the river.", TALKS),
    ("The vice foreign minister and the envoy met army chief Hollis in the capital.", TALKS),
    ("The government has proposed bringing forward a joint technical meeting.", TALKS),
    # control: flags raised or planted, ground held or claimed as one's own
    ("The president watched soldiers raise the national flag on the island.", CLAIM),
    ("Boatmen spotted a foreign flag planted at the tip of the disputed island.", CLAIM),
    ("Troops built bunkers on ground the other side regards as its own.", CLAIM),
    ("The note demanded a withdrawal from what it calls its own territory.", CLAIM),
    ("Officers said the border town remained in their hands.", CLAIM),
    # displacement: crowds trying to get over a fence, turned back, let out
    ("Some 2,000 people tried to storm into the enclave on Friday, officials said.", DISPL),
    ("Late last year some 500 people tried to get over the border fence before dawn.", DISPL),
    ("Hundreds of people were turned back to the other side of the border.", DISPL),
    ("The soldiers' families were allowed to leave for the provincial capital.", DISPL),
    # securing a place: taking and holding it
    ("Army units secured the bridge and the airfield before dawn.", CAPTURE),
    ("The rebels secured Eastwick after two days of fighting.", CAPTURE),
    ("By evening the army said the crossing was completely secured.", CLAIM),
    # third batch: passives with the auxiliary split, people picked up, forces by their unit
    ("Officials said the town, the district centre, had also been hit.", CLASH),
    ("They had been picked up on June 23 during a sweep of the hills.", "arrest"),
    ("Work began to turn an old outpost near the mouth of the river into a naval base.", DEPLOY),
    ("The regional bloc formally launched the Standby Mission in Norland on Friday.", DEPLOY),
    ("A shell landed in the town, drawing an angry protest from Eastport on Sunday.", TALKS),
    (
        "The unit, backed by elements of the People's Liberation Front, crossed into the"
        " neighbouring territory.",
        CROSS,
    ),
    ("An army unit crossed into the neighbouring territory on Monday.", CROSS),
    # vocabulary by category (ACLED sub-event types, CAMEO codes): engage, massacre,
    # assassinate, detonate, clear of, return prisoners, dig trenches, violate airspace, chase
    ("Government troops engaged the rebels near the border town on Monday.", CLASH),
    ("The two units were engaged in heavy fighting all night.", CLASH),
    ("Gunmen massacred dozens of villagers in the border district.", CLASH),
    ("A provincial governor was assassinated near the border on Friday.", CLASH),
    ("A suicide bomber blew himself up at a checkpoint near the border.", CLASH),
    ("Soldiers beat up two traders at the checkpoint.", CLASH),
    ("Militants detonated a bomb under the bridge near the front line.", CLASH),
    ("Troops cleared the village of militants after a day of fighting.", CAPTURE),
    ("The army handed over the bodies of five soldiers at the crossing.", TALKS),
    ("Both sides released dozens of prisoners of war on Sunday.", TALKS),
    ("Troops dug trenches along the disputed border.", DEPLOY),
    ("The army sent tanks to the frontier.", DEPLOY),
    ("Jets violated the country's airspace twice on Monday.", CROSS),
    ("Soldiers chased the raiders across the border.", CROSS),
]

NEGATIVE = [
    # take + a name that is no place taken
    ("The army took Reuters to court over its report on the border clashes.", CAPTURE),
    ("The offensive took Washington by surprise, officials said.", CAPTURE),
    ("The border talks took Monday and Tuesday, the foreign ministry said.", CAPTURE),
    ("Troops took President Adler on a tour of the front line.", CAPTURE),
    ("The rebels took Moscow's side in the dispute over the border.", CAPTURE),
    # fell: no place taken
    ("Oil prices fell sharply after the border clashes.", CAPTURE),
    ("The village fell silent after the shelling stopped.", CAPTURE),
    ("Trade through the border district fell 5% in May, officials said.", CAPTURE),
    ("The capital fell into recession as the war dragged on.", CAPTURE),
    # crossing words without armed men, or nothing crossed
    ("Villagers slipped across the border to escape the fighting.", CROSS),
    ("Goods that came over from the neighbouring country were seized at the border.", CROSS),
    ("Hackers broke into the defence ministry's servers during the border crisis.", CROSS),
    ("The trade delegation went back across the border by bus.", TALKS),
    # raids, advances, shots, fires, downings in other senses
    (
        "Security sources believe the attackers cross over and hide in the forest between raids.",
        CLASH,
    ),
    ("The border talks moved on Monday to the question of water.", CLASH),
    ("Shares in the arms maker advanced on Tuesday as the war went on.", CLASH),
    ("Negotiators closed in on a deal for the border railway.", CLASH),
    ("The minister took a shot at his rivals over the border policy.", CLASH),
    ("Footage shot at the border crossing was shared by soldiers online.", CLASH),
    ("Video shot near the front line showed empty trenches.", CLASH),
    ("The scandal brought down the government before the border talks.", CLASH),
    ("Rents burned a hole in the budgets of the soldiers' families.", CLASH),
    # blockade, deployment, talks, control, displacement look-alikes
    ("The ministry restricted spending on the border wall.", BLOCK),
    ("The judge ordered the file closed after the clash.", BLOCK),
    ("Travellers scrambled to find planes out of the war zone.", DEPLOY),
    ("Police patrol the border every night, the ministry says.", DEPLOY),
    ("Guests started arriving at the border town's festival.", DEPLOY),
    ("The agency launched a trade mission to the capital after the war.", DEPLOY),
    ("Students held an angry protest against the fees near the border.", TALKS),
    ("Auditors raised red flags about the army budget.", CLAIM),
    ("The decision on the border remains in the hands of the court.", CLAIM),
    ("He turned back to his notes before the talks on the border resumed.", DISPL),
    ("By October, 17 migrants had died this year trying to cross the border.", DISPL),
    ("The story was picked up by the media after the border clash.", "arrest"),
    ("The army secured a loan for new trucks after the border clash.", CAPTURE),
    ("Mediators secured the release of the soldiers held since the clash.", CAPTURE),
    ("The rebels secured Moscow's backing for the offensive.", CAPTURE),
    ("He was picked up by a taxi at the border crossing.", "arrest"),
    ("Dozens of balloons were picked up in its airspace near the border.", "arrest"),
    ("The ministry engaged the rebels in talks on the border.", CLASH),
    ("The envoy called it character assassination after the border talks.", CLASH),
    ("The team beat the army side 2-0 in the border derby.", CLASH),
    ("Officials cleared the report of errors after the clash.", CAPTURE),
    ("The ministry released a statement on the prisoners of the border war.", TALKS),
    ("Farmers dug trenches to water their fields near the river.", DEPLOY),
    ("The air force sent fighter jets against targets across the border.", DEPLOY),
    ("Police chased the thieves across the market square.", CROSS),
    ("The unit's families crossed into the neighbouring territory to escape the fighting.", CROSS),
]


@pytest.mark.parametrize(("text", "event_type"), POSITIVE)
def test_recall_class_fires(text: str, event_type: str) -> None:
    assert event_type in _types(text), (text, classify(text))


@pytest.mark.parametrize(("text", "event_type"), NEGATIVE)
def test_look_alike_stays_silent(text: str, event_type: str) -> None:
    assert event_type not in _types(text), (text, classify(text))


@pytest.mark.parametrize(
    "text",
    [
        "The rebels vowed to take Northbridge before the rains.",
        "If the rebels take Northbridge, the road to the border is open.",
        "Militants could slip across the frontier at any time, the army warned.",
        "The town did not fall, the army said, though it was under attack.",
    ],
)
def test_intent_condition_negation_still_block(text: str) -> None:
    assert not _types(text) & {"capture", "forces_cross_border"}, classify(text)


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("The board proposed a meeting of shareholders in May.", TALKS),
        ("People tried to cross the flooded road near the bridge.", DISPL),
        ("Residents were allowed to leave work early for the holiday.", DISPL),
        ("They then moved on Kessa, some 40 km away.", CLASH),
        ("They had been picked up on June 23 near the school.", "arrest"),
    ],
)
def test_article_scoped_rows_need_a_conflict_story(text: str, event_type: str) -> None:
    assert event_type not in _types(text, article_context=False), classify(text, None, False)


def test_passive_casualties_need_a_conflict_story() -> None:
    """Killings told in the passive count in a conflict story even with no war word."""
    text = "In the next village two farmers were shot dead in the afternoon."
    assert "armed_clash" in _types(text, article_context=True)
    assert "armed_clash" not in _types(text, article_context=False)


@pytest.mark.parametrize(
    "text",
    [
        "They mourned the three farmers who were killed last year.",
        "Exporters were hit hard by the closure of the crossing.",
        "Traders had been hit by the sanctions for months.",
    ],
)
def test_passive_casualty_look_alikes(text: str) -> None:
    assert "armed_clash" not in _types(text, article_context=True), classify(text)


def test_killing_measured_since_a_crossing_is_news() -> None:
    """The killing is the sentence's news; the crossing only the point it measures from."""
    text = "Troops have killed 800 militants since the fighters tried to break into the country."
    assert {"armed_clash", "forces_cross_border"} <= _types(text)


def test_casualties_still_go_with_the_crossing_that_caused_them() -> None:
    text = "Two wounded soldiers were among forty who fled across the border into the country."
    assert _types(text) == {"forces_cross_border"}


def test_key_prefilter_changes_no_answer() -> None:
    """The word-start pre-filter (keys ranked so that common words are avoided) only skips
    cues that cannot match: every sentence gets the answer it gets with no pre-filter."""
    from geo.events.classify import _universe

    every_key = _universe()
    for text, _ in POSITIVE + NEGATIVE:
        assert classify(text) == classify(text, every_key), text
