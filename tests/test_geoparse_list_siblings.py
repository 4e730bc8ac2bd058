"""Places listed side by side lie, as a rule, in one country.

"the main towns of Laayoune and Dakhla": of two towns called Dakhla, the one
in the country of the listed Laayoune is meant, even when the article names
the other country more often. A small gazetteer of real GeoNames points.
"""

from __future__ import annotations

from geo.articles import Article
from geo.gazetteer import Gazetteer
from geo.geoparse import geoparse_article
from geo.model import Place

PLACES = [
    Place("adm0:MA", "Morocco", 32.0, -5.0, "MA", "country"),
    Place("adm0:EH", "Western Sahara", 24.5, -13.0, "EH", "country"),
    Place("gn:2538475", "Rabat", 34.01, -6.83, "MA", "populated_place", population=1_655_753),
    Place("gn:2462881", "Laayoune", 27.14, -13.19, "EH", "populated_place", population=196_331),
    # two towns of one name; the Moroccan one is the nearer to the article's focus
    Place("gn:2463447", "Dakhla", 23.68, -15.96, "EH", "populated_place", population=60_000),
    Place("gn:8542188", "Dakhla", 30.41, -9.55, "MA", "populated_place", population=55_618,
          admin1="Souss-Massa"),
]  # fmt: skip

STORY = (
    "RABAT, Nov 14 - Morocco said on Saturday its troops had reopened the road. "
    "Morocco's army has held the crossing since Friday, Morocco's foreign ministry said. "
    "Morocco controls most of Western Sahara, including the towns of {}."
)


def _country_of(text: str, name: str) -> str | None:
    gaz = Gazetteer.from_places(PLACES)
    res = geoparse_article(Article(id="t", text=text), gazetteer=gaz)
    return next(t.country_code for t in res.toponyms if t.text == name)


def test_a_name_listed_beside_a_place_takes_that_place_s_country():
    assert _country_of(STORY.format("Laayoune and Dakhla"), "Dakhla") == "EH"
    assert _country_of(STORY.format("Dakhla, Laayoune"), "Dakhla") == "EH"


def test_without_the_list_the_article_s_focus_decides():
    # the same name alone: Morocco is named five times, Western Sahara once
    assert _country_of(STORY.format("Dakhla"), "Dakhla") == "MA"


def test_a_listed_neighbour_does_not_shrink_a_capital_to_a_namesake_town(gazetteer):
    # the real gazetteer: "Washington" is a US city, and Paris, Texas is in the US too
    text = (
        "YEREVAN, Sept 15 - Armenia and Azerbaijan agreed a truce on Wednesday after two "
        "days of shelling along their border. Officials in Yerevan said the truce held. "
        "Washington, Paris and Moscow urged both sides to return to talks."
    )
    res = geoparse_article(Article(id="t", text=text), gazetteer=gazetteer)
    by_text = {t.text: t.country_code for t in res.toponyms}
    assert by_text["Washington"] == "US"
    assert by_text["Paris"] == "FR"
