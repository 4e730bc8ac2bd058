"""Where and when, eleventh round: rules read off the set-wide classification.

`docs/event_errors.md`, "Where and when: set-wide classification, eleventh round". Each rule
is a pattern of language, with sentences of our own (invented places) that must change and
look-alikes that must not.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from geo.events import extract_events
from geo.events.dates import find_dates
from tests.test_events_locations import _toponyms as place_toponyms

#: word → (name, lat, lon, country, feature, precision)
PLACES = {
    "KORVAT": ("Korvat", 10.0, 20.0, "RA", "populated_place", 1),
    "TESKA": ("Teska", 10.6, 20.6, "BA", "populated_place", 1),
    "Korvat": ("Korvat", 10.0, 20.0, "RA", "populated_place", 1),
    "Ruritania": ("Ruritania", 12.0, 22.0, "RA", "country", 3),
    "Borduria": ("Borduria", 14.0, 24.0, "BA", "country", 3),
    "Syldavia": ("Syldavia", 8.0, 18.0, "SY", "country", 3),
    "Tesk": ("Tesk", 10.5, 20.5, "RA", "populated_place", 1),
    "Velm": ("Velm", 11.0, 21.0, "RA", "populated_place", 1),
    "Grun": ("Grun", 10.3, 20.3, "RA", "populated_place", 1),
}
PUBLISHED = date(2024, 3, 8)


def _where(text: str, event_type: str) -> list[str | None]:
    art = SimpleNamespace(id="t", text=text, published=PUBLISHED, outlet=None, url=None)
    evs = extract_events(art, place_toponyms("t", text, PLACES), join=None, merge=False)
    return [e.location.name if e.location else None for e in evs if e.event_type == event_type]


# -- a visit's destination is where the talks were held ---------------------------------------


def test_talks_on_a_visit_are_where_the_visit_went() -> None:
    text = (
        "The truce came a day after the foreign minister of Borduria, on a visit to Velm, "
        "backed a proposal for a ceasefire."
    )
    assert _where(text, "ceasefire_or_talks") == ["Velm"]


def test_look_alike_a_speaker_s_visit_is_the_speaker_s_place() -> None:
    text = (
        "The minister, who was speaking during his visit to Velm, said Borduria was ready "
        "to send aid."
    )
    assert "Velm" not in _where(text, "assistance")


def test_look_alike_a_place_people_fled_to_is_not_the_attack_s() -> None:
    text = "Gunmen attacked Tesk on Monday, and residents fled to Velm."
    assert _where(text, "armed_clash") == ["Tesk"]


# -- a dateline of two offices is the offices' ------------------------------------------------


def test_a_two_office_dateline_locates_nothing() -> None:
    text = "KORVAT/TESKA, March 8 (Wire) - Jets shot down two planes over Syldavia on Thursday."
    assert _where(text, "armed_clash") == ["Syldavia"]


def test_look_alike_a_one_office_dateline_is_unchanged() -> None:
    text = "KORVAT, March 8 (Wire) - Jets shot down two planes over Syldavia on Thursday."
    assert _where(text, "armed_clash") == ["Syldavia"]


# -- "the town" never refers back to the dateline or a speaker's city -------------------------


def test_the_town_is_not_the_dateline_place() -> None:
    text = (
        "KORVAT, March 8 (Wire) - Drones struck a market in Syldavia on Thursday.\n\n"
        "On Tuesday, fighters ambushed a convoy of soldiers heading for the town."
    )
    art = SimpleNamespace(id="t", text=text, published=PUBLISHED, outlet=None, url=None)
    evs = extract_events(art, place_toponyms("t", text, PLACES), join=None, merge=False)
    ambush = [e for e in evs if "ambushed" in e.sources[0].sentence]
    assert ambush and all(e.location is None or e.location.name != "Korvat" for e in ambush)


def test_the_town_is_not_where_a_speaker_spoke() -> None:
    text = (
        "A spokesman in Velm said the situation was calm. "
        "Later a mortar round struck a house in the town, killing two children."
    )
    assert "Velm" not in _where(text, "armed_clash")


def test_look_alike_the_town_named_before_as_a_place_is_kept() -> None:
    text = (
        "Rebels entered Tesk on Monday. "
        "Later a mortar round struck a house in the town, killing two children."
    )
    assert "Tesk" in _where(text, "armed_clash")


def test_the_town_of_about_n_people_refers_back() -> None:
    text = (
        "Rioters burned two camps in Tesk on Saturday. "
        "By Sunday gunmen had attacked the town of about 12,000 people again."
    )
    assert "Tesk" in _where(text, "armed_clash")


def test_look_alike_the_town_of_a_name_is_that_place() -> None:
    text = (
        "Rioters burned two camps in Tesk on Saturday. "
        "By Sunday gunmen had attacked the town of Grun."
    )
    assert _where(text, "armed_clash")[-1] == "Grun"


# -- a reason told "over what" keeps its own place --------------------------------------------


def test_a_clash_told_over_what_is_not_at_the_protesting_capital() -> None:
    text = (
        "In Korvat, the foreign ministry summoned the envoy over what it said were shelling "
        "attacks along the border with Syldavia."
    )
    assert _where(text, "armed_clash") == ["Syldavia"]


def test_look_alike_the_protest_itself_stays_where_it_was_lodged() -> None:
    text = (
        "In Korvat, the foreign ministry summoned the envoy over what it said were shelling "
        "attacks along the border with Syldavia."
    )
    assert _where(text, "ceasefire_or_talks") == ["Korvat"]


# -- dates: a range told with "to", a day's year told with its month --------------------------


def _dates(text: str, published: date = PUBLISHED) -> list[tuple[str, str, str, int]]:
    return [
        (m.text, m.date.isoformat(), m.end_date.isoformat(), m.precision)
        for m in find_dates(text, published)
    ]


def test_a_range_of_days_with_to_takes_the_year_after_it() -> None:
    text = "The post was attacked again on the night of March 28 to 29, 2021."
    assert _dates(text) == [("March 28 to 29, 2021", "2021-03-28", "2021-03-29", 2)]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("On March 28 to 30 soldiers crossed.", ("On March 28", "2023-03-28", "2023-03-28", 1)),
        ("Talks ran from March 2 to March 4.", ("from March 2", "2024-03-02", "2024-03-02", 1)),
    ],
)
def test_look_alike_a_number_after_to_is_no_day(text: str, first: tuple) -> None:
    assert _dates(text)[0] == first


def test_a_day_takes_the_year_its_month_was_told_with() -> None:
    text = "In June 2019 trucks were let through Tesk for trials, from June 10 to 22."
    got = _dates(text, date(2022, 1, 31))[-1]
    assert got == ("from June 10 to 22", "2019-06-10", "2019-06-22", 2)


def test_look_alike_a_day_of_another_month_keeps_the_publication_year() -> None:
    text = "In May 2019 trucks were let through Tesk, and on June 10 the crossing shut."
    assert _dates(text, date(2022, 7, 31))[-1][1] == "2022-06-10"


# -- a place named in an aside about another place is not where it happened -------------------


def test_a_sea_named_in_an_aside_about_a_cape_is_not_the_fighting_s() -> None:
    text = (
        "Three days of fighting on the Tesk promontory, which overlooks the strait at the "
        "mouth of the Syldavia gulf, killed dozens of soldiers in June 2008."
    )
    assert _where(text, "armed_clash") == ["Tesk"]


def test_look_alike_the_place_an_aside_describes_stays() -> None:
    text = "Gunmen attacked two villages near Velm, which lies on the road to Grun, on Monday."
    assert _where(text, "armed_clash") == ["Velm"]


# -- "the roads to A, B and C": every name of the list is a road's end -------------------------


def test_every_name_listed_after_roads_to_is_a_road_s_end() -> None:
    text = "Truckers began blocking the roads to Tesk, Grun and Velm on Nov 6."
    assert _where(text, "blockade")[0] == "Tesk"


# -- a country that took a place is the captor, not where the place lies -----------------------


def test_a_country_that_recaptured_the_village_is_not_its_place() -> None:
    text = (
        "Fighting broke out at Grun in May 1998. Rebels took the village in the first "
        "weeks, and Borduria recaptured it in February 1999."
    )
    assert _where(text, "capture")[-1] == "Grun"


def test_look_alike_a_country_that_only_speaks_keeps_the_village_unplaced() -> None:
    text = (
        "Fighting broke out at Grun in May 1998. Ruritania said the village had been shelled again."
    )
    assert "Ruritania" not in _where(text, "armed_clash")
