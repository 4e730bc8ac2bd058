"""What the text says about a place outranks how common its name is elsewhere.

Each test builds a small gazetteer of real places (GeoNames-like points) and
checks one rule: a name the text puts "in" a unit is never placed outside it;
a name listed among countries is the country; a small namesake continents
from the named countries is not placed; a common word that opens a longer
capitalised name ("Coast Guard") is no place; a crossing "at X" is a place
mention even when no gazetteer knows X.
"""

from __future__ import annotations

from geo.articles import Article
from geo.gazetteer import Gazetteer
from geo.geoparse import geoparse_article
from geo.model import Place

PLACES = [
    Place("adm0:NG", "Nigeria", 10.0, 8.0, "NG", "country"),
    Place("adm0:NE", "Niger", 16.0, 8.0, "NE", "country", population=22_000_000),
    Place("adm0:TD", "Chad", 15.0, 19.0, "TD", "country"),
    Place("adm0:IQ", "Iraq", 33.0, 44.0, "IQ", "country"),
    Place("adm0:PL", "Poland", 52.0, 19.0, "PL", "country"),
    Place("adm0:KE", "Kenya", 0.5, 38.0, "KE", "country"),
    Place("adm0:BZ", "Belize", 17.25, -88.75, "BZ", "country"),
    Place("adm1:NG-NI", "Niger", 9.94, 5.6, "NG", "admin1"),
    Place("adm1:NG-BO", "Borno", 11.89, 13.17, "NG", "admin1"),
    Place("adm1:PL-20", "Podlaskie", 53.28, 22.88, "PL", "admin1"),
    Place("adm1:KE-300", "Coast", -2.5, 39.31, "KE", "admin1"),
    Place("gn:1", "Bobrowniki", 52.06, 20.02, "PL", "populated_place", admin1="Łódzkie",
          population=1200),
    Place("gn:2", "Kukawa", 12.92, 13.57, "NG", "populated_place", admin1="Borno",
          population=20000),
    Place("gn:3", "Kōya", 34.21, 135.62, "JP", "populated_place", admin1="Wakayama",
          population=3279, alt_names=("Koya",)),
    Place("gn:4", "Punta Gorda", 16.1, -88.81, "BZ", "populated_place", population=5000),
    Place("gn:5", "Red", 17.0, 74.15, "IN", "populated_place", population=4000),
    Place("gn:7", "Tyre", 33.27, 35.19, "LB", "populated_place", population=135204),
    Place("adm1:LB-NA", "Nabatieh", 33.3, 35.51, "LB", "admin1"),
    Place("gn:8", "El Fasher", 13.63, 25.35, "SD", "populated_place", population=252609),
    Place("adm0:SD", "Sudan", 15.0, 30.0, "SD", "country"),
    Place("adm1:MT-14", "Isla", 35.89, 14.51, "MT", "admin1"),
    Place("adm0:CR", "Costa Rica", 10.0, -84.0, "CR", "country"),
]  # fmt: skip


def _parse(text: str):
    gaz = Gazetteer.from_places(PLACES)
    return geoparse_article(Article(id="t", text=text), gazetteer=gaz)


def _placed(res) -> dict[str, tuple[str | None, str]]:
    return {t.text: (t.country_code, t.feature) for t in res.toponyms}


def test_a_name_put_in_a_province_is_not_placed_in_another():
    res = _parse("Police closed the checkpoint at Bobrowniki, in Podlaskie province, on Monday.")
    top = {t.text: t for t in res.toponyms}
    assert top["Bobrowniki"].feature == "approximate"
    assert (top["Bobrowniki"].lat, top["Bobrowniki"].lon) == (53.28, 22.88)
    assert top["Bobrowniki"].anchor == "in Podlaskie"


def test_a_name_put_in_a_province_takes_the_sense_inside_it():
    res = _parse("Gunmen seized the base at Kukawa in Borno State on Friday.")
    assert _placed(res)["Kukawa"] == ("NG", "populated_place")


def test_a_country_listed_among_countries_is_the_country():
    res = _parse("Troops from Nigeria, Niger and Chad make up the force. Borno was quiet.")
    assert _placed(res)["Niger"] == ("NE", "country")


def test_a_small_namesake_continents_from_the_named_countries_is_not_placed():
    res = _parse("Drones struck a camp near Koya in northern Iraq on Monday, Iraq said.")
    assert "Koya" not in _placed(res)
    assert any(u.text == "Koya" for u in res.unresolved)


def test_a_common_word_opening_an_organisation_name_is_no_place():
    res = _parse("Members of the Belize Coast Guard escorted the boat near Punta Gorda.")
    placed = _placed(res)
    assert "Coast" not in placed
    assert placed["Belize"] == ("BZ", "country") and placed["Punta Gorda"][0] == "BZ"


def test_the_same_word_alone_before_a_lower_case_word_is_still_the_unit():
    res = _parse("Kenya sent troops to the Coast region on Monday.")
    assert _placed(res)["Coast"] == ("KE", "admin1")


def test_an_unknown_crossing_at_a_name_is_a_mention():
    res = _parse("Poland shut the crossings at Zorbowo and Kukawa on Friday.")
    assert "Zorbowo" in {u.text for u in res.unresolved} | set(_placed(res))


def test_a_name_recognised_once_is_recognised_at_its_other_occurrences():
    res = _parse(
        "Gunboats patrolled the Zorbatoon River near Punta Gorda on Monday. Belize said "
        "soldiers later returned to the Zorbatoon."
    )
    found = [m.text for m in (*res.toponyms, *res.unresolved)]
    assert found.count("Zorbatoon") + found.count("Zorbatoon River") == 2


def test_a_river_is_not_placed_at_a_town_of_the_same_name():
    res = _parse("Belize said the Red River flooded near Punta Gorda.")
    assert "Red" not in _placed(res)


def test_a_dateline_city_spelt_otherwise_is_read_in_the_named_country():
    gaz = Gazetteer.from_places(
        [*PLACES, Place("gn:6", "Sulaymaniyah", 35.56, 45.43, "IQ", "populated_place",
                        population=878146)]
    )  # fmt: skip
    text = "SULAIMANIYAH, Iraq, Nov 21 - Drones struck a camp on Monday, Iraq said."
    res = geoparse_article(Article(id="t", text=text), gazetteer=gaz)
    assert _placed(res)["SULAIMANIYAH"] == ("IQ", "populated_place")


def test_a_dateline_of_common_words_is_no_place():
    res = _parse("BREAKING NEWS - Troops moved near Punta Gorda.")
    assert not any(m.text == "BREAKING NEWS" for m in (*res.toponyms, *res.unresolved))


def test_a_town_named_by_a_common_word_is_a_place_when_listed_beside_one():
    res = _parse("Jets struck targets in Nabatieh and Tyre on Monday. The tyre burst.")
    assert [t.text for t in res.toponyms if t.text.lower() == "tyre"] == ["Tyre"]


def test_a_city_whose_name_starts_with_an_article_needs_no_cue():
    res = _parse("Fighters attacked El Fasher on Monday, Sudan's army said.")
    assert _placed(res)["El Fasher"] == ("SD", "populated_place")


def test_an_island_name_is_kept_whole_not_read_as_a_unit_called_isla():
    res = _parse("Troops camped on Isla Calero and on Isla de Zorba, Costa Rica said.")
    assert "Isla" not in _placed(res)
    assert {"Isla Calero", "Isla de Zorba"} <= {u.text for u in res.unresolved}
