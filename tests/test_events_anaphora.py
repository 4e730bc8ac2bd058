"""A definite noun refers back to the place of its kind named before ("the post" -> the post).

Invented places (in real countries, so that the border the sentence names is known);
each case beside a look-alike.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from geo.events import extract_events
from tests.test_events_locations import _toponyms as place_toponyms

PLACES = {
    "Kesh crossing": ("Kesh", 34.1, 71.1, "PK", "border_crossing", 1),
    "Fort Valm": ("Fort Valm", 34.0, 71.3, "PK", "military_base", 1),
    "Tesk": ("Tesk", 34.2, 71.4, "PK", "populated_place", 1),
}


def _where(text: str, event_type: str) -> list[str | None]:
    art = SimpleNamespace(id="t", text=text, published=date(2024, 3, 8), outlet=None, url=None)
    toponyms = place_toponyms("t", text, PLACES)
    evs = extract_events(art, toponyms, join=None, merge=False)
    return [e.location.name if e.location else None for e in evs if e.event_type == event_type]


@pytest.mark.parametrize(
    ("noun", "place"), [("post", "Kesh"), ("base", "Fort Valm"), ("city", "Tesk")]
)
def test_the_noun_of_a_kind_named_before_is_that_place(noun: str, place: str) -> None:
    text = (
        "Traffic through the Kesh crossing stopped on Monday. Troops at Fort Valm were put on "
        "alert, and shops in Tesk closed. Pakistani and Afghan border guards later exchanged fire "
        f"around the {noun}, killing two, officials said."
    )
    assert _where(text, "armed_clash") == [place]


def test_without_a_place_of_that_kind_the_border_is_all_that_is_known() -> None:
    text = (
        "Shops in Tesk closed on Monday. Pakistani and Afghan border guards later exchanged fire "
        "around the post, killing two, officials said."
    )
    assert _where(text, "armed_clash") != ["Tesk"]
