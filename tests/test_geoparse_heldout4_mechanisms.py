"""Mechanisms behind the misses and far placements of held-out set 4, each beside a look-alike.

The texts are our own, written to show one pattern of language each (not the
held-out articles' sentences); the gazetteer is the real one, since GeoNames
namesakes and the curated rows are the point. Each fix has a look-alike that
must not change.
"""

from __future__ import annotations

import pytest
from helpers import parse_text as _parse
from helpers import placed as _placed

# --- a country after a comma that opens a new clause ------------------------------------


def test_a_country_that_opens_a_clause_after_a_comma_does_not_hold_the_city(gazetteer):
    """ "in Madrid, Gibraltar is to ...": Gibraltar is the subject, not Madrid's unit."""
    res = _parse(
        "Spain and Britain agreed on Thursday. Speaking at a press briefing in Madrid, "
        "Gibraltar is to stay open, the minister said. Madrid will hold talks in La Linea.",
        gazetteer,
    )
    assert {c for c, _ in _placed(res, "Madrid")} == {"ES"}


def test_a_country_after_a_comma_that_holds_the_town_still_places_it(gazetteer):
    """ "Police in Kilkis, Greece said": the town lies in the country; still placed there."""
    res = _parse(
        "Police in Kilkis, Greece said on Monday that two men were held near Idomeni.",
        gazetteer,
    )
    assert _placed(res, "Kilkis") == [("GR", "gn:735736")]


# --- a world city against a namesake district of the story's country ------------------


def test_a_world_city_keeps_its_name_over_a_district_of_the_storys_country(gazetteer):
    """ "returned from London" in a story on Kenya is not Kenya's London district."""
    res = _parse(
        "Kenyan police patrolled Lake Victoria near Kisumu and Homa Bay on Monday. "
        "Surveyors from Nairobi have just returned from London, where they read "
        "colonial maps in the archives.",
        gazetteer,
    )
    assert _placed(res, "London") == [("GB", "gn:2643743")]


def test_a_town_abroad_still_yields_to_a_namesake_district_at_home(gazetteer):
    """The 'stormed Palma' rule holds for a town under a million people."""
    res = _parse(
        "Insurgents stormed Palma in Cabo Delgado on Wednesday, days after attacks near "
        "Mocimboa da Praia and Pemba, Mozambique's army said.",
        gazetteer,
    )
    assert {c for c, _ in _placed(res, "Palma")} == {"MZ"}


# --- a far small town named only as a modifier ----------------------------------------


def test_a_far_small_town_named_only_as_a_modifier_is_not_placed(gazetteer):
    """ "the Schengen area", "Schengen rules": an agreement, not the Luxembourg village."""
    res = _parse(
        "Spain and Gibraltar agreed on Thursday that Gibraltar would join the Schengen "
        "area. Spain will apply Schengen rules at the port, officials in Madrid said, "
        "and queues at La Linea should end.",
        gazetteer,
    )
    assert _placed(res, "Schengen") == []


def test_a_far_small_town_named_as_a_location_is_still_placed(gazetteer):
    """ "a meeting in Schengen": the village itself, far or not."""
    res = _parse(
        "Spain and Gibraltar agreed on Thursday that Gibraltar would join the Schengen "
        "area. Ministers will sign the text at a meeting in Schengen next month, officials "
        "in Madrid said, and queues at La Linea should end.",
        gazetteer,
    )
    assert {c for c, _ in _placed(res, "Schengen")} == {"LU"}


# --- a person span that ends in a kind word --------------------------------------------


def test_a_person_span_ending_in_a_kind_word_is_a_place(gazetteer, nlp):
    """NER reads "Svay Rieng province" as a person: the kind word says place."""
    res = _parse(
        "Convoys left Phnom Penh before dawn and reached Kampong Ro district of "
        "Svay Rieng province in the afternoon, Cambodian officials said.",
        gazetteer,
        nlp,
    )
    assert {c for c, _ in _placed(res, "Svay Rieng")} == {"KH"}


def test_a_person_name_without_a_kind_word_stays_a_person(gazetteer, nlp):
    res = _parse(
        "Opposition lawmaker Cheam Channy said the convoy reached the border near Svay "
        "Rieng town before dusk.",
        gazetteer,
        nlp,
    )
    assert _placed(res, "Cheam Channy") == []


# --- a spelling guess of another kind than the text names -------------------------------


def test_a_spelling_guess_of_another_kind_than_the_text_names_is_not_taken(gazetteer):
    """ "KAMPONG RO DISTRICT" is no province whose other name is two letters away."""
    res = _parse(
        "KAMPONG RO DISTRICT, Cambodia, July 20 - Opposition lawmakers marched to the "
        "border with Vietnam on Sunday, officials in Phnom Penh said.",
        gazetteer,
    )
    assert [t for t in res.toponyms if t.text.casefold().startswith("kampong")] == []


def test_a_spelling_guess_of_the_named_kind_is_still_read(gazetteer):
    """A one-letter slip in a district called a district is still that district."""
    res = _parse(
        "Clashes broke out in Kaldor district of Balkh province on Monday, near the "
        "Amu Darya, Afghan officials said. Mazar-i-Sharif sent police.",
        gazetteer,
    )
    assert {c for c, _ in _placed(res, "Balkh")} == {"AF"}


# --- a place name before "cartel" names the group ------------------------------------------


def test_a_place_name_before_cartel_names_the_group(gazetteer):
    res = _parse(
        "Families fled Frontera Comalapa in Chiapas as the Sinaloa Cartel and the Jalisco "
        "New Generation Cartel fought near the border with Guatemala.",
        gazetteer,
    )
    assert _placed(res, "Sinaloa") == []
    assert _placed(res, "Jalisco") == []
    assert {c for c, _ in _placed(res, "Chiapas")} == {"MX"}


def test_a_place_name_after_cartel_violence_in_is_still_a_place(gazetteer):
    res = _parse(
        "Cartel violence in Sinaloa drove hundreds of families from their homes on Monday, "
        "officials in Culiacan said.",
        gazetteer,
    )
    assert {c for c, _ in _placed(res, "Sinaloa")} == {"MX"}


# --- curated rows (geo/data/places) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "place_id"),
    [
        (
            "Migrants waited at Idomeni, on Greece's border with North Macedonia.",
            "Idomeni",
            "cur:idomeni",
        ),
        (
            "Fishermen from Orealla, on the Courantyne in Guyana, were held in Suriname.",
            "Orealla",
            "cur:orealla",
        ),
        ("Police in Apoera, Suriname, on the Courantyne, held the boat.", "Apoera", "cur:apoera"),
        (
            "Ugandan police raised a flag on Migingo in Lake Victoria, Kenya said.",
            "Migingo",
            "cur:migingo-island",
        ),
        (
            "Qatar closed the Abu Samra crossing on its border with Saudi Arabia.",
            "Abu Samra",
            "cur:abu-samra",
        ),
    ],
)
def test_curated_border_places_are_found(gazetteer, text, name, place_id):
    res = _parse(text, gazetteer)
    assert [p for _, p in _placed(res, name)] == [place_id]


def test_the_tigri_area_is_the_disputed_region_not_an_indian_village(gazetteer):
    res = _parse(
        "Guyana and Suriname both claim the Tigri area, upriver on the Courantyne, and "
        "Georgetown sent soldiers there in 1969.",
        gazetteer,
    )
    assert {c for c, _ in _placed(res, "Tigri area")} != {"IN"}
    assert all(p != "gn:10263233" for _, p in _placed(res, "Tigri area"))
