"""Control claims with no stated extent: a named place held, ground called one's own.

"The rebels said they controlled X", "the post stands on its territory", "does not
recognise its sovereignty over the island": who claims what, without a percentage or a
count. Look-alikes (talks held somewhere, a controlled explosion, sovereignty as the
topic of a background phrase) are no claim. Own sentences, invented places.
"""

from __future__ import annotations

import pytest

from tests.test_events_kinds import events, place


def _claims(text: str, *names: str) -> list:
    tops = tuple(
        place(text, n, 21.0 + i, 97.0, "MM", "PPL") for i, n in enumerate(names) if n in text
    )
    return [e for e in events(text, toponyms=tops) if e.event_type == "control_claim"]


def test_a_named_place_held_is_a_claim_without_an_extent() -> None:
    text = "The rebels said on Monday they controlled Alpha after days of fighting."
    got = _claims(text, "Alpha")
    assert [e.claim.object for e in got] == ["Alpha"]


def test_the_town_of_a_place_is_the_object() -> None:
    text = "The militia said it was in full control of the town of Alpha, where troops fought."
    assert [e.claim.object for e in _claims(text, "Alpha")] == ["Alpha"]


@pytest.mark.parametrize(
    "text",
    [
        "The border service said the disputed post stands on its own territory.",
        "The foreign minister said the government considers the island part of its territory.",
        "The president said his country does not recognise the neighbour's sovereignty over "
        "the island.",
        "Parliament created a new district on the disputed island last month.",
    ],
)
def test_ground_called_ones_own_is_a_claim(text: str) -> None:
    got = _claims(text)
    assert len(got) == 1 and got[0].claim is not None


@pytest.mark.parametrize(
    "text",
    [
        "The two sides held talks in Alpha on Monday.",
        "The talks were held in Alpha on Monday.",
        "Police carried out a controlled explosion in Alpha on Monday.",
        "The dispute over sovereignty of the islands goes back two centuries.",
        "Troops were holding a training exercise near Alpha.",
    ],
)
def test_look_alikes_are_no_claim(text: str) -> None:
    assert _claims(text, "Alpha") == []


@pytest.mark.parametrize(
    "text",
    [
        "By Friday evening the army said the crossing at Alpha was completely secured.",
        "Border guards said a flag had been planted on the island of Alpha overnight.",
    ],
)
def test_ground_named_before_a_passive_or_a_mark_is_a_claim(text: str) -> None:
    got = _claims(text, "Alpha")
    assert len(got) == 1 and got[0].claim.object == "Alpha"


def test_an_active_verb_with_no_ground_after_it_is_no_claim() -> None:
    assert _claims("The army said near Alpha that it had secured its supply lines.", "Alpha") == []
