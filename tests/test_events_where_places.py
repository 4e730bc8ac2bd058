"""Where an event happened: the target place, not the filing office, a route's end or a country.

Own sentences with invented places (Ostrava-like names are placeholders), placed where the
words occur as the geoparser would give them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest

from geo.events import extract_events
from geo.situation import Toponym
from tests.test_events_locations import _toponyms as place_toponyms

#: word → (name, lat, lon, country, feature, precision)
PLACES = {
    "KORVAT": ("Korvat", 10.0, 20.0, "RA", "populated_place", 1),
    "Korvat": ("Korvat", 10.0, 20.0, "RA", "populated_place", 1),
    "Ruritania": ("Ruritania", 12.0, 22.0, "RA", "country", 3),
    "Borduria": ("Borduria", 14.0, 24.0, "BA", "country", 3),
    "Syldavia": ("Syldavia", 8.0, 18.0, "SY", "country", 3),
    "Tesk": ("Tesk", 10.5, 20.5, "RA", "populated_place", 1),
    "Velm": ("Velm", 11.0, 21.0, "RA", "populated_place", 1),
    "Dravo district": ("Dravo", 10.2, 20.1, "RA", "admin2", 2),
    "Osk region": ("Osk", 11.5, 21.5, "RA", "admin1", 3),
    "Grun": ("Grun", 10.3, 20.3, "RA", "populated_place", 1),
}


def _toponyms(doc: str, text: str) -> list[Toponym]:
    return place_toponyms(doc, text, PLACES)


def _where(text: str, event_type: str, published: date = date(2024, 3, 8)) -> list[str | None]:
    art = SimpleNamespace(id="t", text=text, published=published, outlet=None, url=None)
    evs = extract_events(art, _toponyms("t", text), join=None, merge=False)
    return [e.location.name if e.location else None for e in evs if e.event_type == event_type]


def test_the_dateline_country_is_the_office_s_not_the_event_s() -> None:
    text = (
        "KORVAT, Ruritania, March 8 (Wire) - Borduria's Revolutionary Guards fired missiles at "
        "camps in Syldavia on Thursday, killing four people, officials said."
    )
    got = _where(text, "armed_clash")
    assert got and all(g == "Syldavia" for g in got)


def test_a_story_about_this_town_is_at_its_dateline() -> None:
    text = (
        "KORVAT, Ruritania, March 8 (Wire) - Nearly 4,000 people have fled across the river "
        "into this border town since Sunday to escape fighting in Osk region, officials said."
    )
    assert _where(text, "displacement") == ["Korvat"]


def test_a_place_reached_is_where_a_capture_was_when_no_other_place_is_named() -> None:
    text = "Rebel troops pushed into Tesk on Tuesday afternoon, a spokesman said."
    assert _where(text, "capture") == ["Tesk"]
    # a country reached is no point
    assert _where("Rebel troops pushed into Ruritania on Tuesday.", "capture") in ([None], [])


def test_the_end_of_a_road_is_not_where_troops_went() -> None:
    text = (
        "Troops moved into the buffer zone in the far south of Ruritania on Friday and "
        "reopened the only road to Borduria."
    )
    assert _where(text, "deployment") == ["Ruritania"]


def test_a_place_on_the_road_to_another_is_not_that_other() -> None:
    text = (
        "In Grun, a village in the south of Dravo district on the road to Velm, houses were "
        "burned and attackers killed two people."
    )
    assert _where(text, "armed_clash") == ["Grun"]
    # the village unknown to the gazetteer: its district, not the road's end
    assert _where(text.replace("Grun", "Namalo"), "armed_clash") == ["Dravo"]


def test_forces_crossing_into_a_district_are_placed_there() -> None:
    text = "Armed volunteers briefly crossed into the Dravo district of Osk region."
    assert _where(text, "forces_cross_border") == ["Dravo"]


def test_a_site_named_after_its_town_is_in_that_town() -> None:
    text = "Rebel forces had taken the Tesk gas metering station, a lawmaker in Ruritania said."
    assert _where(text, "capture") == ["Tesk"]


@pytest.mark.parametrize("noun", ["port town", "border town", "spa town"])
def test_a_modified_definite_town_refers_back(noun: str) -> None:
    text = f"Insurgents have long operated around Tesk. They seized the {noun} in August."
    assert _where(text, "capture") == ["Tesk"]


def test_a_town_followed_by_between_is_a_place_not_a_modifier() -> None:
    text = (
        "Heavy fighting broke out in the border town of Velm between army troops and "
        "militia fighters, and Borduria accused Ruritania of organising the attack."
    )
    assert _where(text, "armed_clash")[0] == "Velm"


def test_the_place_of_what_the_event_followed_is_not_its_place() -> None:
    text = "Guards closed the border crossing in the days after the July 26 coup in Velm."
    assert _where(text, "blockade") in ([None], [])
    # the same words, the trigger inside the phrase: that happening's own place
    text = "The coup in Velm came after the July 26 clashes in Tesk."
    assert "Velm" not in _where(text, "armed_clash")


def test_a_country_gives_way_to_the_crossing_named_before_in_it() -> None:
    text = (
        "Trucks queued at the Tesk border crossing for days. "
        "Ruritania closed its side of the crossing on Friday."
    )
    tops = _toponyms("t", text)
    tops = [replace(t, feature="border_crossing") if t.name == "Tesk" else t for t in tops]
    art = SimpleNamespace(id="t", text=text, published=date(2024, 3, 8), outlet=None, url=None)
    evs = [e for e in extract_events(art, tops, join=None, merge=False)
           if e.event_type == "blockade" and "Friday" in e.sources[0].sentence]  # fmt: skip
    assert evs and evs[0].location is not None and evs[0].location.name == "Tesk"
