"""Resolution context on the real gazetteer: continents, named provinces, one sense per text.

Sentences are written for these tests (not taken from any benchmark).
"""

from __future__ import annotations

import math

import pytest

from geo.articles import Article
from geo.geoparse import geoparse_article


def parse(gazetteer, text: str, spans: list[list[int]] | None = None):
    meta = {"spans": spans} if spans is not None else {}
    art = Article(id="t", text=text, meta=meta)
    return geoparse_article(art, gazetteer=gazetteer)


def by_text(res) -> dict:
    return {t.text: t for t in res.toponyms}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(a))


@pytest.mark.parametrize(
    ("sentence", "name", "continent"),
    [
        ("Gas prices rose across Europe this winter.", "Europe", "Europe"),
        ("Exports to Africa doubled, the ministry said.", "Africa", "Africa"),
        ("Storms hit the east coast of North America on Monday.", "North America",
         "North America"),
    ],
)  # fmt: skip
def test_continents_resolve_to_the_continent(gazetteer, sentence, name, continent):
    t = by_text(parse(gazetteer, sentence))[name]
    assert t.feature == "continent"
    assert t.name == continent
    assert t.precision == 3
    assert t.geonameid is not None


def test_continental_adjective_as_a_given_span_is_the_continent(gazetteer):
    text = "Asian markets fell sharply on Friday."
    t = parse(gazetteer, text, spans=[[0, 5]]).toponyms[0]
    assert (t.name, t.feature) == ("Asia", "continent")


def test_a_continent_does_not_pull_the_country_focus(gazetteer):
    res = parse(gazetteer, "Europe watched as Georgia and Russia traded fire near Tbilisi.")
    assert by_text(res)["Georgia"].feature == "country"


def test_united_states_point_is_the_geographic_centre(gazetteer):
    t = by_text(parse(gazetteer, "Officials in the United States declined to comment."))[
        "United States"
    ]
    assert km(t.lat, t.lon, 39.8333, -98.5833) < 5


def test_a_named_state_decides_between_same_name_cities(gazetteer):
    # Springfield, Missouri is the larger city; naming Illinois decides it.
    text = "Illinois lawmakers met in Springfield on Tuesday to pass the budget."
    assert by_text(parse(gazetteer, text))["Springfield"].admin1 == "Illinois"


def test_own_mentions_do_not_vote_for_their_province(gazetteer):
    # Two Indiana towns and a Columbus: the Indiana one, not the Ohio capital
    # that would win on size alone (its own mentions must not count for Ohio).
    text = (
        "Fire crews from Seymour and North Vernon were sent to Columbus. "
        "The blaze in Columbus was out by noon, Seymour officials said."
    )
    assert by_text(parse(gazetteer, text))["Columbus"].admin1 == "Indiana"


def test_bare_name_takes_the_county_named_in_full(gazetteer):
    text = (
        "Voters in Oconee County approved the levy. Oconee will use it for roads, "
        "officials in Walhalla said."
    )
    spans = [[10, 23], [43, 49], [text.index("Walhalla"), text.index("Walhalla") + 8]]
    assert [text[s:e] for s, e in spans] == ["Oconee County", "Oconee", "Walhalla"]
    res = parse(gazetteer, text, spans=spans)
    bare = [t for t in res.toponyms if t.text == "Oconee"]
    full = by_text(res)["Oconee County"]
    assert bare, res.unresolved
    assert km(bare[0].lat, bare[0].lon, full.lat, full.lon) < 60
    assert bare[0].admin1 == full.admin1


def test_bare_province_name_is_still_its_big_city(gazetteer):
    t = by_text(parse(gazetteer, "Taliban fighters entered Kunduz on Sunday."))["Kunduz"]
    assert t.feature == "populated_place"


def test_a_town_and_its_county_are_read_together(gazetteer):
    # Paris, Texas is the seat of Lamar County, Texas; both names alone would
    # go elsewhere (Paris, France; the largest Lamar County).
    res = parse(gazetteer, "A storm damaged homes in Paris and across Lamar County on Tuesday.")
    places = by_text(res)
    assert places["Paris"].admin1 == "Texas"
    # "County" is read as the unit word of the name (the mention is "Lamar", a county)
    (county,) = [t for t in res.toponyms if t.text in ("Lamar", "Lamar County")]
    assert county.admin1 == "Texas" and county.feature == "admin2"


def test_far_apart_namesakes_do_not_pair(gazetteer):
    # no sense of "Lamar County" lies near Paris, France: nothing pulls Paris away
    res = parse(gazetteer, "Ministers met in Paris while floods hit Berlin and Vienna.")
    assert by_text(res)["Paris"].country_code == "FR"


@pytest.mark.parametrize(
    ("name", "code", "lat", "lon"),
    [
        ("Scotland", "GB", 56.5, -4.2),
        ("Wales", "GB", 52.3, -3.7),
        ("Catalonia", "ES", 41.8, 1.5),
        ("Andalucía", "ES", 37.4, -4.6),
        ("Sicily", "IT", 37.5, 14.2),
    ],
)
def test_first_level_units_without_a_polygon_are_placed(gazetteer, name, code, lat, lon):
    # Natural Earth has no polygon for these (it draws their counties or
    # provinces); they stand at the median of their places, inside the unit.
    text = f"Voters in {name} went to the polls on Sunday."
    t = by_text(parse(gazetteer, text))[name]
    assert (t.country_code, t.feature) == (code, "admin1")
    assert km(t.lat, t.lon, lat, lon) < 150


def test_county_abbreviation_is_the_county(gazetteer):
    text = "The fire spread from Loudon Co. into the neighbouring hills."
    t = parse(gazetteer, text, spans=[[21, 31]]).toponyms[0]
    assert (t.text, t.name, t.feature) == ("Loudon Co.", "Loudon County", "admin2")


def test_a_curated_border_name_beats_a_lone_namesake_far_away(gazetteer):
    # GeoNames' only "Moldo" is a Norwegian village (Måløy); the curated India–China
    # file knows it as the Chinese camp at Spanggur Tso, where corps commanders met
    text = (
        "Indian and Chinese commanders met at Moldo after clashes in Ladakh, "
        "officials in Leh and New Delhi said."
    )
    names = ["Moldo", "Ladakh", "Leh", "New Delhi"]
    spans = [[text.index(n), text.index(n) + len(n)] for n in names]
    res = parse(gazetteer, text, spans=spans)
    assert [t.text for t in res.toponyms] == names
    assert res.toponyms[0].place_id == "cur:spanggur-tso"
    assert res.toponyms[0].country_code == "CN"


def test_a_name_only_a_far_spelling_variant_had_reads_as_the_curated_border_place(gazetteer):
    # "Khyber" once matched only a small US town through a spelling variant (and was
    # then left unresolved); the curated Durand Line file knows it as the Khyber Pass
    text = "Pakistani troops in Islamabad and Peshawar said the clash in Khyber was over."
    names = ["Islamabad", "Peshawar", "Khyber"]
    spans = [[text.index(n), text.index(n) + len(n)] for n in names]
    res = parse(gazetteer, text, spans=spans)
    assert res.unresolved == ()
    khyber = [t for t in res.toponyms if t.text == "Khyber"]
    assert [(t.place_id, t.country_code) for t in khyber] == [("cur:khyber-pass", "PK")]


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Water shortages worsened across the Fergana Valley this summer.", "Fergana Valley"),
        ("Resistance fighters withdrew into the Panjshir Valley.", "Panjshir Valley"),
        ("Shelling was reported on the Golan Heights overnight.", "Golan Heights"),
    ],
)
def test_named_regions_are_area_toponyms(gazetteer, sentence, name):
    t = by_text(parse(gazetteer, sentence))[name]
    assert (t.feature, t.precision) == ("region", 3)
