"""Far placements: a name is not put hundreds of km away on weak evidence.

Each rule of ``geo.geoparse.resolve`` that refuses a far point is tested
beside a look-alike that must still resolve. The texts are our own; the
gazetteer is the real one (GeoNames namesakes are the point).
"""

from __future__ import annotations

from geo.articles import Article
from geo.gazetteer import Gazetteer
from geo.geoparse import geoparse_article
from geo.model import Place


def _parse(text: str, gazetteer):
    return geoparse_article(Article(id="t", text=text), gazetteer=gazetteer)


def _placed(res, name: str) -> list[tuple[str | None, str | None]]:
    return [(t.country_code, t.admin1) for t in res.toponyms if t.text == name]


def _reasons(res, name: str) -> list[str]:
    return [u.reason for u in res.unresolved if u.text == name]


# --- namesakes the text does not choose between -----------------------------------


def test_a_town_with_a_comparable_far_namesake_and_no_context_is_ambiguous(gazetteer):
    """Brandon, Florida (103,000) or Brandon, Manitoba (49,000): nothing here says which."""
    res = _parse("Fire crews were called to a house in Brandon on Friday, police said.", gazetteer)
    assert _placed(res, "Brandon") == []
    reasons = _reasons(res, "Brandon")
    assert reasons and reasons[0].startswith("ambiguous:")
    assert "km apart" in reasons[0]


def test_the_same_town_with_its_province_named_is_placed(gazetteer):
    res = _parse("A man from Brandon, Manitoba, was charged with arson on Friday.", gazetteer)
    assert [cc for cc, _ in _placed(res, "Brandon")] == ["CA"]


def test_a_town_much_larger_than_its_namesakes_is_still_placed(gazetteer):
    """Size decides when it is decisive: Marseille has no namesake a third its size."""
    res = _parse("Dockers in Marseille went on strike on Monday.", gazetteer)
    assert [cc for cc, _ in _placed(res, "Marseille")] == ["FR"]


# --- a small namesake backed only by its country -------------------------------------


def test_paris_in_a_us_story_that_names_france_is_not_a_us_town(gazetteer):
    text = (
        "NEWARK, N.J. (AP) - An airline apologised to a French woman who boarded a plane "
        "to San Francisco instead of Paris from a New Jersey airport."
    )
    res = _parse(text, gazetteer)
    assert ("US", "Texas") not in _placed(res, "Paris")
    assert all(cc != "US" for cc, _ in _placed(res, "Paris"))


def test_paris_in_a_kentucky_story_is_paris_kentucky(gazetteer):
    text = (
        "GEORGETOWN, Ky. - Storms knocked out power in Georgetown, Paris and Lexington "
        "on Tuesday, Kentucky Utilities said."
    )
    res = _parse(text, gazetteer)
    assert _placed(res, "Paris") == [("US", "Kentucky")]


def test_paris_in_a_france_story_is_paris_france(gazetteer):
    res = _parse("Rail workers struck in Paris and Lyon, France, on Thursday.", gazetteer)
    assert [cc for cc, _ in _placed(res, "Paris")] == ["FR"]


# --- a name whose kind word is part of it ------------------------------------------


def test_iowa_city_is_the_city_not_a_town_called_iowa(gazetteer):
    res = _parse("The band won the district competition in Iowa City on Saturday.", gazetteer)
    placed = [(t.name, t.admin1) for t in res.toponyms if "Iowa" in t.text]
    assert placed and placed[0][0] == "Iowa City" and placed[0][1] == "Iowa"


def test_a_town_called_by_its_kind_word_alone_keeps_its_name(gazetteer):
    """ "Kunduz city" is no place called "Kunduz City": the town Kunduz."""
    res = _parse("Fighting reached Kunduz city, in northern Afghanistan, on Sunday.", gazetteer)
    assert [t.country_code for t in res.toponyms if t.text.startswith("Kunduz")] == ["AF"]


# --- a unit whose country only its own mentions back ---------------------------------


def _unit_gaz() -> Gazetteer:
    return Gazetteer.from_places(
        [
            Place("adm0:US", "United States", 39.8, -98.6, "US", "country"),
            Place("adm0:LS", "Lesotho", -29.6, 28.2, "LS", "country"),
            Place("adm1:LS-D", "Berea", -29.2, 27.9, "LS", "admin1"),
            Place("gn:1", "Richmond", 37.75, -84.29, "US", "populated_place",
                  admin1="Kentucky", population=31000),
            Place("gn:2", "Lexington", 37.99, -84.48, "US", "populated_place",
                  admin1="Kentucky", population=320000),
            Place("gn:3", "Maseru", -29.32, 27.48, "LS", "populated_place", population=118000),
        ]
    )  # fmt: skip


def test_a_foreign_province_backed_only_by_its_own_mentions_is_not_placed():
    text = (
        "Berea police are looking for a man who robbed a store in Richmond. Officers in "
        "Lexington and Berea said the man fled in a red car. Berea police asked for help."
    )
    res = _parse(text, _unit_gaz())
    assert _placed(res, "Berea") == []
    assert _reasons(res, "Berea")
    assert [cc for cc, _ in _placed(res, "Richmond")] == ["US"]


def test_the_same_province_in_a_story_about_its_country_is_placed():
    text = "Floods hit Berea and Maseru, Lesotho's disaster agency said. Berea lost two bridges."
    res = _parse(text, _unit_gaz())
    assert {cc for cc, _ in _placed(res, "Berea")} == {"LS"}


# --- a unit set after the name with a comma --------------------------------------------


def test_a_town_set_in_a_state_with_no_namesake_there_is_not_put_in_another_state(gazetteer):
    """The gazetteer knows Holliday, Texas, not Holliday, Missouri: the text says Missouri."""
    for text in (
        "A truck overturned two miles south of Holliday, Missouri, on Friday night.",
        "HOLLIDAY, Mo. - A truck overturned on Route C on Friday night, the patrol said.",
    ):
        res = _parse(text, gazetteer)
        placed = [(t.admin1, t.feature) for t in res.toponyms if t.text.lower() == "holliday"]
        assert placed and all(a1 == "Missouri" for a1, _ in placed), text


def test_a_province_that_opens_a_list_or_owns_what_follows_is_no_container(gazetteer):
    res = _parse("Fighting spread from Lashkar Gah to Kandahar, Helmand and Uruzgan.", gazetteer)
    kandahar = [(t.country_code, t.feature) for t in res.toponyms if t.text == "Kandahar"]
    assert kandahar == [("AF", "populated_place")]
    res = _parse("In Naypyitaw, China's ambassador met senior officials this week.", gazetteer)
    assert [t.country_code for t in res.toponyms if t.text == "Naypyitaw"] == ["MM"]


# --- a town far outside the compact picture of the story's other places ----------------


def _picture_gaz() -> Gazetteer:
    town = "populated_place"
    return Gazetteer.from_places(
        [
            Place("adm0:US", "United States", 39.8, -98.6, "US", "country"),
            Place("adm1:US-MN", "Minnesota", 46.0, -94.0, "US", "admin1"),
            Place("gn:1", "Fergus Falls", 46.28, -96.08, "US", town, admin1="Minnesota",
                  population=13000),
            Place("gn:2", "Moorhead", 46.87, -96.77, "US", town, admin1="Minnesota",
                  population=44000),
            Place("gn:3", "Breckenridge", 46.26, -96.59, "US", town, admin1="Minnesota",
                  population=3300),
            Place("gn:4", "Kent", 47.38, -122.23, "US", town, admin1="Washington",
                  population=92000),
            Place("gn:5", "Auburn", 47.31, -122.23, "US", town, admin1="Washington",
                  population=80000),
            Place("gn:6", "Renton", 47.48, -122.22, "US", town, admin1="Washington",
                  population=100000),
            Place("gn:7", "Abilene", 32.45, -99.73, "US", town, admin1="Texas",
                  population=55000),
        ]
    )  # fmt: skip


def test_a_town_far_outside_the_storys_compact_picture_is_not_placed():
    """The gazetteer knows only Kent, Washington; the story is about three Minnesota towns."""
    text = (
        "Flooding closed roads near Breckenridge, Fergus Falls and Moorhead on Monday, "
        "and the bridge near Kent was shut, the Minnesota transport department said."
    )
    res = _parse(text, _picture_gaz())
    assert _placed(res, "Kent") == []
    assert _reasons(res, "Kent")[0].startswith("far from the article's other places")
    assert len(_placed(res, "Moorhead")) == 1


def test_the_same_town_in_a_story_about_its_own_area_is_placed():
    text = "Police in Kent, Auburn and Renton searched for the driver on Monday."
    res = _parse(text, _picture_gaz())
    assert _placed(res, "Kent") == [("US", "Washington")]


def test_a_town_in_a_story_spread_over_a_country_is_placed():
    """Places 2,000 km apart draw no compact picture: nothing is refused for distance."""
    text = (
        "Storms hit Moorhead, Fergus Falls and Renton on Monday, and a bridge near "
        "Abilene was shut."
    )
    res = _parse(text, _picture_gaz())
    assert _placed(res, "Abilene") == [("US", "Texas")]
    assert _placed(res, "Renton") == [("US", "Washington")]
