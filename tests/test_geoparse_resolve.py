"""Resolution and the geoparse API over the synthetic gazetteer (plus a real-data check)."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
from shapely.geometry import LineString
from test_geoparse_recognize import load_places

from geo.articles import Article
from geo.errors import DataError
from geo.gazetteer import Gazetteer
from geo.geoparse import GeoparseResult, geoparse, geoparse_article
from geo.geoparse.borders import border_point, dyad_name


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_places(load_places())


class FakeBoundaries:
    """Two straight border lines, enough for border toponyms."""

    def __init__(self) -> None:
        self.borders = gpd.GeoDataFrame(
            {"dyad": ["ERI–ETH", "ARM–AZE"]},
            geometry=[
                LineString([(36.5, 14.5), (38.5, 14.6), (40.0, 14.4)]),
                LineString([(45.0, 41.0), (46.5, 39.0)]),
            ],
            crs=4326,
        )


def parse(gaz, text, **kw):
    res = geoparse_article(
        Article(id="t", text=text),
        gazetteer=gaz,
        boundaries=kw.pop("boundaries", FakeBoundaries()),
        **kw,
    )
    return res


def placed(res):
    return [(t.text, t.place_id) for t in res.toponyms]


def test_population_prior_without_context(gaz):
    assert placed(parse(gaz, "Protests were held in Paris.")) == [("Paris", "gn:2988507")]


def test_containment_comma_state(gaz):
    res = parse(gaz, "A tornado hit Paris, Texas, on Sunday.")
    assert placed(res)[0] == ("Paris", "gn:4717560")


def test_ap_state_abbreviation_after_comma(gaz):
    res = parse(gaz, "The crash happened in Paris, Tex., late Friday.")
    assert placed(res)[0] == ("Paris", "gn:4717560")


def test_country_focus_picks_georgia_the_country(gaz):
    res = parse(gaz, "Russia and Georgia traded accusations; Tbilisi protested.")
    assert ("Georgia", "adm0:GE") in placed(res)


def test_containment_picks_georgia_the_state(gaz):
    res = parse(gaz, "Flights from Atlanta, Georgia were cancelled.")
    assert ("Georgia", "adm1:US-GA") in placed(res)


def test_feature_word_picks_province_over_city(gaz):
    res = parse(gaz, "The Taliban took Imam Sahib district in Kunduz province.")
    assert placed(res) == [("Imam Sahib", "adm2:AF-IMS"), ("Kunduz", "adm1:AF-KDZ")]
    assert [t.precision for t in res.toponyms] == [2, 3]


def test_bare_city_name_resolves_to_city(gaz):
    res = parse(gaz, "Taliban fighters entered Kunduz on Sunday.")
    assert placed(res) == [("Kunduz", "gn:1135689")]
    assert res.toponyms[0].precision == 1


def test_unknown_village_falls_back_to_named_region(gaz):
    res = parse(gaz, "Gunmen attacked the village of Zalambessa in Tigray region.")
    by_text = {t.text: t for t in res.toponyms}
    village = by_text["Zalambessa"]
    # placed at the region the text names, under its own name, said to be approximate
    assert village.place_id == "approx:zalambessa@adm1:ET-TI"
    assert (village.name, village.feature, village.precision) == ("Zalambessa", "approximate", 3)
    assert village.anchor.startswith("in Tigray") and village.radius_km >= 50
    assert res.unresolved == ()


def test_unknown_name_without_container_is_unresolved_with_reason(gaz):
    res = parse(gaz, "Residents fled the village of Qoziqul.")
    assert [(u.text, u.reason) for u in res.unresolved] == [("Qoziqul", "not in gazetteer")]


def test_curated_approximate_point_has_precision_two(gaz):
    res = parse(gaz, "Shooting resumed near Tort-Kocho and Vorukh.")
    assert [(t.place_id, t.precision) for t in res.toponyms] == [
        ("cur:tort-kocho", 2),
        ("cur:vorukh", 2),
    ]


def test_typo_resolves_with_lower_score(gaz):
    res = parse(gaz, "Refugees crossed into Etiopia.")
    (t,) = res.toponyms
    assert t.place_id == "adm0:ET" and t.score < 1.0


def test_border_toponym_point_on_the_dyad_line(gaz):
    res = parse(gaz, "Troops massed on the Eritrean-Ethiopian border.")
    (t,) = res.toponyms
    assert (t.name, t.place_id, t.feature, t.precision) == (
        "ERI–ETH",
        "dyad:ERI–ETH",
        "border",
        3,
    )
    assert 14.3 < t.lat < 14.7


def test_border_point_anchored_near_named_towns(gaz):
    res = parse(gaz, "Shelling near Adigrat: the Ethiopian-Eritrean border is tense.")
    border = next(t for t in res.toponyms if t.feature == "border")
    assert border.precision == 2 and abs(border.lon - 39.46) < 0.6


def test_one_sided_border_takes_the_other_side_from_focus(gaz):
    res = parse(gaz, "Ethiopia said shots were fired across the Eritrean border.")
    assert [t.name for t in res.toponyms if t.feature == "border"] == ["ERI–ETH"]


def test_border_missing_from_boundaries_is_unresolved(gaz):
    res = parse(gaz, "Guards patrolled the Ukrainian-Russian border.")
    assert [u.reason for u in res.unresolved] == [
        "border RUS–UKR: not a land border in the boundary data",
    ]


def test_road_point_between_its_towns(gaz):
    res = parse(gaz, "Residents blocked the Isfara-Batken road.")
    road = next(t for t in res.toponyms if t.feature == "road")
    assert road.precision == 2 and 70.6 < road.lon < 70.9


def test_every_mention_is_placed_or_unresolved(gaz):
    text = (
        "KYIV (AP) — Shelling hit Kharkiv and the village of Qoziqul near the "
        "Ukrainian-Russian border, officials in Donetsk oblast said."
    )
    res = parse(gaz, text)
    spans = sorted(
        [(t.start, t.end) for t in res.toponyms] + [(u.start, u.end) for u in res.unresolved]
    )
    assert len(spans) == 5
    for t in res.toponyms:
        assert text[t.start : t.end] == t.text
        assert 0.0 <= t.score <= 1.0 and t.precision in (1, 2, 3)


def test_spans_mode_resolves_exactly_the_given_spans(gaz):
    text = "Talks in Paris and Xyzzyville; police in Mobile."
    art = Article(id="s", text=text, meta={"spans": [[9, 14], [19, 29], [41, 47]]})
    res = geoparse_article(art, gazetteer=gaz)
    assert [(t.start, t.end) for t in res.toponyms] == [(9, 14), (41, 47)]
    assert [(u.start, u.end) for u in res.unresolved] == [(19, 29)]


def test_to_dict_contract(gaz):
    art = Article(id="d", text="Clashes near Kharkiv and in Qoziqul village.")
    data = geoparse_article(art, gazetteer=gaz).to_dict()
    assert sorted(data) == ["id", "published", "toponyms", "unresolved"]
    assert set(data["toponyms"][0]) == {
        "start",
        "end",
        "text",
        "name",
        "lat",
        "lon",
        "country_code",
        "admin1",
        "admin2",
        "feature",
        "geonameid",
        "place_id",
        "precision",
        "score",
        "radius_km",
        "anchor",
    }
    assert set(data["unresolved"][0]) == {"start", "end", "text", "reason"}
    json.dumps(data)


def test_geoparse_streams_in_order_without_model(gaz):
    arts = [Article(id=str(k), text=f"Day {k}: shelling near Kharkiv.") for k in range(40)]
    results = list(geoparse(arts, gazetteer=gaz, nlp=False))
    assert [r.document for r in results] == [str(k) for k in range(40)]
    assert all(isinstance(r, GeoparseResult) and len(r.toponyms) == 1 for r in results)


def test_results_are_frozen(gaz):
    res = parse(gaz, "Kyiv")
    with pytest.raises(AttributeError):
        res.document = "x"  # type: ignore[misc]


def test_border_helpers():
    assert dyad_name(("UA", "RU")) == "RUS–UKR"
    lat, lon, anchored = border_point(LineString([(0, 0), (2, 0)]))
    assert (lat, lon, anchored) == (0.0, 1.0, False)


# --- real data (the session gazetteer; skipped while its boundary files are missing) ----------


@pytest.fixture(scope="module")
def real_gazetteer(settings):
    from geo.gazetteer import load_gazetteer

    try:
        return load_gazetteer(settings)
    except DataError as err:
        pytest.skip(f"real gazetteer unavailable: {err}")


def test_real_gazetteer_kaldor_district_and_kunduz(real_gazetteer):
    text = (
        "Afghan soldiers fled after the Taliban attacked a post in the town of Chukchuk "
        "in Kaldor district of Balkh Province, and pressed on Kunduz and Mazar-i-Sharif."
    )
    res = geoparse_article(Article(id="r", text=text), gazetteer=real_gazetteer)
    by_text = {t.text: t for t in res.toponyms}
    assert by_text["Kunduz"].country_code == "AF"
    assert by_text["Mazar-i-Sharif"].country_code == "AF"
    assert by_text["Balkh"].feature == "admin1"
    assert by_text["Chukchuk"].country_code == "AF"


def test_us_focus_picks_georgia_the_state(gaz):
    # no containment: the article's places are all in the US
    res = parse(gaz, "Storms hit Atlanta and Paris, Tex. Georgia declared an emergency.")
    assert ("Georgia", "adm1:US-GA") in placed(res)


def test_country_name_keeps_country_sense_under_foreign_focus(gaz):
    # "Russia" is also a US town, but no US unit is called that
    res = parse(gaz, "Officials in Atlanta and Paris, Tex. discussed sanctions on Russia.")
    assert ("Russia", "adm0:RU") in placed(res)


def test_canadian_province_abbreviation():
    from geo.geoparse.resolve import _region_abbreviation

    assert _region_abbreviation("bc") == ("CA", "British Columbia")
    assert _region_abbreviation("pei") == ("CA", "Prince Edward Island")
    assert _region_abbreviation("tex") == ("US", "Texas")
