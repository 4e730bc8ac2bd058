"""Coherence: a name far from the story's picture is not placed on weak evidence."""

from __future__ import annotations

from pathlib import Path

from geo.articles import Article, read_articles
from geo.gazetteer import Gazetteer
from geo.geoparse import geoparse_article
from geo.model import Place

DEV = Path(__file__).resolve().parents[1] / "bench" / "dev"


def _gaz(*extra: Place) -> Gazetteer:
    countries = [
        Place("adm0:VE", "Venezuela", 7.0, -66.0, "VE", "country"),
        Place("adm0:GY", "Guyana", 5.0, -59.0, "GY", "country"),
        Place("adm0:US", "United States", 39.8, -98.6, "US", "country", alt_names=("US",)),
        Place(
            "adm0:CD",
            "Democratic Republic of the Congo",
            -2.9,
            23.6,
            "CD",
            "country",
            alt_names=("Congo",),
        ),
        Place("adm0:UG", "Uganda", 1.4, 32.3, "UG", "country"),
    ]
    towns = [
        Place("gn:3639725", "Güiria", 10.57, -62.30, "VE", "populated_place", population=30000),
        Place(
            "gn:3645528", "Ciudad Guayana", 8.35, -62.64, "VE", "populated_place", population=700000
        ),
        Place("gn:3378644", "Georgetown", 6.80, -58.16, "GY", "populated_place", population=235000),
        Place("gn:4671212", "Argyle", 33.12, -97.18, "US", "populated_place", population=3905),
        Place("gn:2314302", "Goma", -1.68, 29.23, "CD", "populated_place", population=670000),
        Place("gn:2032201", "Bulgan", 48.81, 103.53, "MN", "populated_place", population=12000),
    ]
    return Gazetteer.from_places([*countries, *towns, *extra])


def _parse(text: str):
    return geoparse_article(Article(id="t", text=text), gazetteer=_gaz())


def test_small_foreign_place_far_from_the_story_is_not_placed():
    res = _parse(
        "Venezuelan troops massed at Güiria and Ciudad Guayana, Venezuela's defence "
        "ministry said, as Guyana asked the US for help. Venezuela and Guyana pledged at "
        "Argyle not to use force."
    )
    placed = {t.text: t.country_code for t in res.toponyms}
    assert placed.get("Güiria") == "VE" and placed.get("Ciudad Guayana") == "VE"
    assert "Argyle" not in placed
    reasons = [u.reason for u in res.unresolved if u.text == "Argyle"]
    assert reasons and "far from the article's other places" in reasons[0]


def test_small_foreign_place_in_a_story_about_its_country_is_placed():
    res = _parse("Storms hit Argyle in the United States on Monday; the US weather service said.")
    assert [(t.text, t.country_code) for t in res.toponyms if t.text == "Argyle"] == [
        ("Argyle", "US")
    ]


def test_a_spelling_guess_does_not_vouch_for_its_own_country(gazetteer):
    """The real gazetteer reads "Bunagana" as a misspelling of Mongolia's Bulgan; the
    first round's guess must not make Mongolia a focus country for the second."""
    path = DEV / "drc_rwanda_m23_2022_2025" / "01_bunagana_falls.txt"
    article = read_articles([path]).articles[0]
    res = geoparse_article(article, gazetteer=gazetteer)
    assert not [t for t in res.toponyms if t.country_code == "MN"]


def test_airport_codes_are_no_names(gazetteer):
    """GeoNames lists "HAR" for Harrisburg and "BEG" for Belgrade: not names in prose."""
    for fragment, city in (("Har", "Harrisburg"), ("Beg", "Belgrade"), ("Und", "Kunduz")):
        assert city not in {c.place.name for c in gazetteer.lookup(fragment, fuzzy=False)}
    assert "Belgrade" in {c.place.name for c in gazetteer.lookup("Beograd", fuzzy=False)}


def test_a_curated_border_village_beats_a_distant_namesake_city(gazetteer):
    """Context, not size, decides: La Victoria on the Arauca, not the city in Aragua."""
    text = (
        "Thousands fled La Victoria, a Venezuelan village in Apure state, across the "
        "Arauca river to Arauquita in Colombia after clashes on Sunday."
    )
    res = geoparse_article(Article(id="t", text=text), gazetteer=gazetteer)
    ids = [t.place_id for t in res.toponyms if t.text == "La Victoria"]
    assert ids == ["cur:la-victoria-apure"]
