"""Approximate placement of names no gazetteer has, at what the text anchors them to.

Sentences are written for these tests, about borders on several continents (not taken
from any article or benchmark).
"""

from __future__ import annotations

import math

import pytest

from geo.articles import Article
from geo.geoparse import geoparse_article
from geo.geoparse.anchors import find_anchor
from geo.model import Place

TOWN = Place(id="gn:9", name="Chaman", lat=30.92, lon=66.45, country_code="PK",
             feature="populated_place", admin1="Balochistan")  # fmt: skip
DISTRICT = Place(id="adm2:x", name="Rutshuru", lat=-1.19, lon=29.45, country_code="CD",
                 feature="admin2", admin1="Nord-Kivu")  # fmt: skip
PROVINCE = Place(id="adm1:y", name="Surin", lat=14.88, lon=103.49, country_code="TH",
                 feature="admin1")  # fmt: skip
COUNTRY = Place(id="adm0:KH", name="Cambodia", lat=13.0, lon=105.0, country_code="KH",
                feature="country")  # fmt: skip


def anchor_of(text: str, name: str, anchor_name: str, place: Place):
    s = text.index(name)
    a = text.index(anchor_name, s + len(name))
    return find_anchor(text, s, s + len(name), [(a, a + len(anchor_name), place, 1.0)])


@pytest.mark.parametrize(
    ("text", "precision", "radius"),
    [
        ("Mortars hit Kili Faizo, 12 km north of Chaman, overnight.", 2, 14.4),
        ("Mortars hit Kili Faizo, about 7 miles from Chaman, overnight.", 2, 13.5),
        ("Mortars hit Kili Faizo near Chaman overnight.", 2, 10.0),
        ("Mortars hit Kili Faizo, a hamlet on the outskirts of Chaman.", 2, 10.0),
    ],
)
def test_distance_and_nearness_anchor_to_a_town(text, precision, radius):
    a = anchor_of(text, "Kili Faizo", "Chaman", TOWN)
    assert a is not None and a.place is TOWN
    assert (a.precision, a.radius_km) == (precision, radius)
    assert a.reason.endswith("Chaman")


def test_a_unit_anchor_gives_its_precision_and_radius():
    a = anchor_of("Shelling hit Kisharo in Rutshuru territory.", "Kisharo", "Rutshuru", DISTRICT)
    assert (a.precision, a.radius_km) == (2, 30.0)
    a = anchor_of("Shells fell on Ban Nong Khan, Surin province.", "Ban Nong Khan", "Surin",
                  PROVINCE)  # fmt: skip
    assert (a.precision, a.radius_km) == (3, 100.0)


@pytest.mark.parametrize(
    "text",
    [
        "Shells fell on Prey Chan in Cambodia.",  # a country says too little
        "Shells fell on Prey Chan. Later Cambodia said so.",  # another sentence
        "Shells fell on Prey Chan while officials in Phnom Penh and Cambodia talked.",
    ],
)
def test_no_anchor_from_a_country_or_across_sentences(text):
    s = text.index("Prey Chan")
    a = text.index("Cambodia")
    assert find_anchor(text, s, s + 9, [(a, a + 8, COUNTRY, 1.0)]) is None


def test_a_bare_comma_list_of_towns_is_not_an_address():
    text = "Fighting spread to Kibumba, Goma and Sake."
    s = text.index("Kibumba")
    a = text.index("Goma")
    goma = Place(id="gn:1", name="Goma", lat=-1.67, lon=29.22, country_code="CD",
                 feature="populated_place")  # fmt: skip
    assert find_anchor(text, s, s + 7, [(a, a + 4, goma, 1.0)]) is None


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (p1, l1), (p2, l2) = (tuple(map(math.radians, a)), tuple(map(math.radians, b)))
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


@pytest.mark.parametrize(
    ("text", "name", "near", "max_km", "precision"),
    [
        (
            "Rebels shelled Mutaho Ridge, about 20 km north of Goma, on Monday.",
            "Mutaho Ridge", (-1.68, 29.23), 5, 2,
        ),
        (
            "Residents fled Kisharo in Rutshuru territory after the clashes.",
            "Kisharo", (-1.19, 29.45), 60, 2,
        ),
        (
            "Troops shelled Nong Ya Kaew, a village near Surin, the army said.",
            "Nong Ya Kaew", (14.88, 103.49), 25, 2,
        ),
        (
            "Gunmen attacked Barhat Camp, 15 km from Mandera, police said.",
            "Barhat Camp", (3.94, 41.86), 25, 2,
        ),
    ],
)  # fmt: skip
def test_unknown_names_are_placed_at_their_anchor_with_their_own_name(
    gazetteer, text, name, near, max_km, precision
):
    res = geoparse_article(Article(id="t", text=text), gazetteer=gazetteer)
    found = {t.text: t for t in res.toponyms}
    assert name in found, (res.toponyms, res.unresolved)
    top = found[name]
    assert (top.name, top.feature, top.precision) == (name, "approximate", precision)
    assert top.radius_km and top.anchor
    assert _km((top.lat, top.lon), near) <= max_km


def test_a_name_known_once_as_a_place_is_a_place_everywhere_in_the_text(gazetteer):
    text = ("Fighting reached the outskirts of Goma on Monday. By Tuesday Goma was quiet, "
            "and aid convoys left Goma for Sake.")  # fmt: skip
    res = geoparse_article(Article(id="t", text=text), gazetteer=gazetteer)
    assert [t.text for t in res.toponyms if t.text == "Goma"] == ["Goma", "Goma", "Goma"]


def test_a_titled_name_is_never_framed_as_a_place(gazetteer):
    text = "General Makenga, near Bunagana, told reporters the town was calm."
    res = geoparse_article(Article(id="t", text=text), gazetteer=gazetteer)
    assert "Makenga" not in {t.text for t in res.toponyms}
    assert "Makenga" not in {u.text for u in res.unresolved}


def test_a_two_word_demonym_is_not_a_place(gazetteer):
    text = "Sudanese troops clashed with the South Sudanese army near Bentiu."
    res = geoparse_article(Article(id="t", text=text), gazetteer=gazetteer)
    assert "South" not in {t.text for t in res.toponyms}
    assert {t.text for t in res.toponyms} == {"Bentiu"}


def test_a_spelling_variant_of_a_town_far_from_the_story_is_not_placed(gazetteer):
    # "Bunagana" is no spelling of Bulgan (Mongolia): far from everything the article names
    text = ("M23 rebels seized Bunagana on Monday, officials in Goma said. Residents fled to "
            "Kisoro in Uganda.")  # fmt: skip
    res = geoparse_article(Article(id="t", text=text), gazetteer=gazetteer)
    placed = {t.text: t for t in res.toponyms}
    assert "Bunagana" not in placed or placed["Bunagana"].country_code in ("CD", "UG")
