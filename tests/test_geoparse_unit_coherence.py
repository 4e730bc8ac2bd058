"""A district's town stays in the district; a far province of an unnamed country is no place.

Small gazetteers of real GeoNames / geoBoundaries points, each test one rule.
"""

from __future__ import annotations

from geo.articles import Article
from geo.gazetteer import Gazetteer
from geo.geoparse import geoparse_article
from geo.model import Place


def _parse(places: list[Place], text: str):
    return geoparse_article(Article(id="t", text=text), gazetteer=Gazetteer.from_places(places))


CABO_DELGADO = [
    Place("adm0:MZ", "Mozambique", -18.25, 35.0, "MZ", "country"),
    Place("adm0:TZ", "Tanzania", -6.0, 35.0, "TZ", "country"),
    Place("adm2:MZ-palma", "Palma", -10.78, 40.37, "MZ", "admin2", admin1="Cabo Delgado"),
    Place("gn:1024699", "Mocímboa da Praia", -11.35, 40.35, "MZ", "populated_place",
          admin1="Cabo Delgado", population=30_000, alt_names=("Mocimboa da Praia",)),
    Place("gn:2512989", "Palma", 39.57, 2.65, "ES", "populated_place", admin1="Illes Balears",
          population=438_234),
]  # fmt: skip


def test_a_town_named_after_its_district_is_placed_in_that_district():
    text = (
        "Insurgents raided villages in the south of Palma district in Mozambique on the road "
        "to Mocimboa da Praia, and residents fled north to Palma town."
    )
    top = [t for t in _parse(CABO_DELGADO, text).toponyms if t.text == "Palma"]
    assert [t.country_code for t in top] == ["MZ", "MZ"]
    town = top[-1]
    assert town.feature == "approximate" and town.precision == 2
    assert (town.lat, town.lon) == (-10.78, 40.37)


AMAZON = [
    Place("adm0:PE", "Peru", -10.0, -76.0, "PE", "country"),
    Place("adm0:CO", "Colombia", 4.0, -72.0, "CO", "country"),
    Place("gn:3678412", "Leticia", -4.22, -69.94, "CO", "populated_place", population=33_000),
    Place("gn:3936456", "Lima", -12.04, -77.03, "PE", "populated_place", population=7_737_002),
    Place("adm1:GT-06", "Santa Rosa", 14.17, -90.33, "GT", "admin1"),
]  # fmt: skip


def test_a_province_of_a_country_nobody_names_far_from_the_story_is_not_placed():
    text = (
        "LETICIA, Colombia, Aug 8 - Two ministers from Peru visited Santa Rosa on Sunday, "
        "a day after Colombia protested to Lima. Residents of Santa Rosa cross daily to Leticia."
    )
    res = _parse(AMAZON, text)
    assert "Santa Rosa" not in {t.text for t in res.toponyms}
    reasons = {u.text: u.reason for u in res.unresolved}
    assert reasons["Santa Rosa"].startswith("far from the article's other places")


def test_the_same_province_is_placed_when_its_country_is_in_the_story():
    text = (
        "GUATEMALA CITY, Aug 8 - Guatemala sent troops to Santa Rosa on Sunday, a day after "
        "floods cut the road near Leticia's sister town."
    )
    places = [*AMAZON, Place("adm0:GT", "Guatemala", 15.5, -90.25, "GT", "country")]
    res = _parse(places, text)
    assert {t.text: t.country_code for t in res.toponyms}["Santa Rosa"] == "GT"
