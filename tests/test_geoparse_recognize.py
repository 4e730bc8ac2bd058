"""Recognition: gazetteer matches, rules, vetoes — over our own varied sentences."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from geo.gazetteer import Gazetteer
from geo.geoparse import recognize
from geo.geoparse.recognize import Pending, sentence_spans
from geo.geoparse.tokens import tokenize, url_spans
from geo.model import Place

DATA = Path(__file__).parent / "data" / "geoparse" / "places.csv"


def load_places(path: Path = DATA) -> list[Place]:
    with path.open(encoding="utf-8") as fh:
        return [
            Place(
                id=r["id"],
                name=r["name"],
                lat=float(r["lat"]),
                lon=float(r["lon"]),
                country_code=r["country_code"],
                feature=r["feature"],
                admin1=r["admin1"] or None,
                admin2=r["admin2"] or None,
                population=int(r["population"]),
                source=r["source"],
                geonameid=int(r["id"][3:]) if r["id"].startswith("gn:") else None,
                accuracy=r["accuracy"],
                alt_names=tuple(a for a in r["alt_names"].split("|") if a),
            )
            for r in csv.DictReader(fh)
        ]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_places(load_places())


def texts(gaz, text, ents=None, kind=None):
    rec = recognize(text, gaz, ents=ents)
    for m in rec.mentions:
        assert text[m.start : m.end] == m.text  # offsets are exact str indices
    return [m.text for m in rec.mentions if kind is None or m.kind == kind]


# --- gazetteer matching ------------------------------------------------------------------


def test_single_and_multiword_names(gaz):
    assert texts(gaz, "Shelling hit Kharkiv and Addis Ababa overnight.") == [
        "Kharkiv",
        "Addis Ababa",
    ]


def test_hyphenated_name_folds_to_gazetteer_key(gaz):
    assert texts(gaz, "The consulate in Mazar-i-Sharif closed.") == ["Mazar-i-Sharif"]


def test_alternate_spelling_and_diacritics(gaz):
    assert texts(gaz, "Fighting near Laçın and in Kharkov continued.") == ["Laçın", "Kharkov"]


def test_possessive_is_cut_off(gaz):
    assert texts(gaz, "Ethiopia's army entered Mekelle's outskirts.") == ["Ethiopia", "Mekelle"]


def test_name_across_line_break(gaz):
    assert texts(gaz, "delegates flew to Addis\nAbaba on Monday") == ["Addis\nAbaba"]


def test_offsets_survive_non_ascii_text(gaz):
    text = "«Сводка» — shelling near Kharkiv; ‘Donetsk’ too."
    assert texts(gaz, text) == ["Kharkiv", "Donetsk"]


# --- common words, function words, acronyms ----------------------------------------------


def test_lowercase_common_words_are_not_places(gaz):
    assert texts(gaz, "the police said the march was peaceful and reading helped") == []


def test_capitalised_common_word_needs_corroboration(gaz):
    assert texts(gaz, "Police said the convoy was attacked.") == []
    assert texts(gaz, "March was the deadliest month.") == []


def test_common_word_with_locative_preposition_is_a_place(gaz):
    assert texts(gaz, "A man was arrested in Mobile on Friday.") == ["Mobile"]


def test_common_word_confirmed_by_ner(gaz):
    text = "Reading council said Reading will reopen."
    assert texts(gaz, text, ents=[(0, 7, "GPE")]) == ["Reading", "Reading"]


def test_common_word_once_confirmed_counts_everywhere_in_the_article(gaz):
    text = "Flooding in Reading. Reading officials met later."
    assert texts(gaz, text) == ["Reading", "Reading"]


def test_function_word_alternate_names_never_match(gaz):
    assert texts(gaz, "The talks resumed. The ceasefire held.") == []


def test_acronyms_are_not_places(gaz):
    assert texts(gaz, "NATO and the CSTO met in Kyiv.") == ["Kyiv"]


def test_short_country_code_in_capitals_is_a_place(gaz):
    assert texts(gaz, "the U.S. embassy and US troops") == ["U.S.", "US"]


def test_month_names_are_never_places(gaz):
    assert texts(gaz, "On March 3 troops left Kyiv.") == ["Kyiv"]


# --- demonyms ----------------------------------------------------------------------------


def test_demonyms_are_context_not_toponyms(gaz):
    rec = recognize("Ukrainian and Russian troops clashed near Kharkiv.", gaz)
    assert [m.text for m in rec.mentions] == ["Kharkiv"]
    assert [code for *_, code in rec.demonyms] == ["UA", "RU"]


def test_demonym_republic_is_the_country(gaz):
    rec = recognize("talks between the Kyrgyz Republic and Tajikistan", gaz)
    assert [(m.text, m.key) for m in rec.mentions] == [
        ("Kyrgyz Republic", "kyrgyz republic"),
        ("Tajikistan", "tajikistan"),
    ]


# --- persons and organisations -----------------------------------------------------------


def test_place_named_person_is_vetoed_and_remembered(gaz):
    text = "General Ramil Lachin said the road was open. Later Lachin left for Kyiv."
    assert texts(gaz, text) == ["Kyiv"]


def test_ner_person_vetoes_place_inside_a_name(gaz):
    text = "Paris Hilton visited Tbilisi."
    assert texts(gaz, text, ents=[(0, 12, "PERSON"), (21, 28, "GPE")]) == ["Tbilisi"]


def test_outlets_are_vetoed(gaz):
    text = "according to RIA Novosti and Radio Liberty, Donetsk was shelled."
    assert texts(gaz, text) == ["Donetsk"]


def test_country_inside_organisation_is_a_mention(gaz):
    text = "he told Radio Free Armenia and the Security Council of the Republic of Tajikistan"
    assert texts(gaz, text) == ["Armenia", "Republic of Tajikistan"]


def test_ner_org_vetoes_town_inside_it(gaz):
    text = "the Liberty Mutual Insurance office in Tbilisi"
    ents = [(4, 31, "ORG"), (42, 49, "GPE")]
    assert texts(gaz, text, ents=ents) == ["Tbilisi"]


def test_ner_mislabel_of_whole_curated_place_is_ignored(gaz):
    text = "Mortars hit Tort-Kocho on Thursday."
    assert texts(gaz, text, ents=[(12, 22, "PERSON")]) == ["Tort-Kocho"]


# --- datelines and URLs ------------------------------------------------------------------


def test_dateline_is_a_toponym_and_agency_is_not(gaz):
    rec = recognize("KYIV (RIA Novosti): Talks failed.", gaz)
    assert [(m.text, m.dateline) for m in rec.mentions] == [("KYIV", True)]


def test_dateline_with_country_and_dash(gaz):
    text = "ADDIS ABABA, Ethiopia (AP) — The government said"
    assert texts(gaz, text) == ["ADDIS ABABA", "Ethiopia"]


def test_words_inside_urls_never_match(gaz):
    text = "Read https://news.example.com/kharkiv-donetsk and www.kyiv.ua today in Kyiv."
    assert texts(gaz, text) == ["Kyiv"]


def test_url_spans_cover_domains():
    text = "see kyiv.ua and mail press@tbilisi.ge"
    assert [text[s:e] for s, e in url_spans(text)] == ["kyiv.ua", "press@tbilisi.ge"]


# --- rules: generic terms ----------------------------------------------------------------


def test_generic_term_after_name_gives_feature_hint(gaz):
    rec = recognize("Fighting spread across Tigray region and Donetsk oblast.", gaz)
    assert [(m.text, m.feature_hint) for m in rec.mentions] == [
        ("Tigray", "admin1"),
        ("Donetsk", "admin1"),
    ]


def test_generic_term_before_name(gaz):
    rec = recognize("in the city of Kharkiv and the province of Kunduz", gaz)
    assert [(m.text, m.feature_hint) for m in rec.mentions] == [
        ("Kharkiv", "populated_place"),
        ("Kunduz", "admin1"),
    ]


def test_unknown_name_with_generic_term_is_still_a_mention(gaz):
    rec = recognize("Gunmen attacked the village of Zalambessa in Tigray region.", gaz)
    assert [(m.text, m.source) for m in rec.mentions] == [
        ("Zalambessa", "rule"),
        ("Tigray", "gazetteer"),
    ]


def test_district_rule_for_unknown_name(gaz):
    rec = recognize("Taliban fighters overran Dasht-e Archi district.", gaz)
    assert [(m.text, m.feature_hint) for m in rec.mentions] == [("Dasht-e Archi", "admin2")]


def test_numbered_base_is_a_facility(gaz):
    rec = recognize("Reservists joined the 201st military base in Tajikistan.", gaz)
    assert [(m.text, m.kind) for m in rec.mentions] == [
        ("201st military base", "facility"),
        ("Tajikistan", "place"),
    ]


# --- rules: borders and roads ------------------------------------------------------------


def test_named_border_from_demonyms(gaz):
    rec = recognize("Shots were fired on the Armenian-Azerbaijani border.", gaz)
    assert [(m.text, m.kind, m.sides) for m in rec.mentions] == [
        ("Armenian-Azerbaijani border", "border", ("AM", "AZ")),
    ]


def test_border_between_two_countries(gaz):
    rec = recognize("troops massed on the border between Ethiopia and Eritrea", gaz)
    got = [(m.text, m.kind) for m in rec.mentions]
    assert got == [
        ("border between Ethiopia and Eritrea", "border"),
        ("Ethiopia", "place"),
        ("Eritrea", "place"),
    ]


def test_border_with_one_country(gaz):
    rec = recognize("villages on the border with Eritrea were emptied", gaz)
    assert [(m.kind, m.sides) for m in rec.mentions] == [("border", ("ER",)), ("place", ())]


def test_section_of_the_state_border(gaz):
    text = "the Armenian-Azerbaijani section of the state border is calm"
    rec = recognize(text, gaz)
    (m,) = rec.mentions
    assert (m.text, text[m.ext_start : m.ext_end]) == (
        "Armenian-Azerbaijani",
        "Armenian-Azerbaijani section of the state border",
    )


def test_border_guards_are_not_a_border(gaz):
    assert texts(gaz, "Ethiopian border guards and the Russian border service") == []


def test_country_name_border_with_en_dash(gaz):
    rec = recognize("along the Ukraine–Russia border", gaz)
    assert next((m.text, m.kind) for m in rec.mentions) == ("Ukraine–Russia border", "border")


def test_road_between_two_towns(gaz):
    rec = recognize("They blocked the Isfara-Batken road at dawn.", gaz)
    road = [m for m in rec.mentions if m.kind == "road"]
    assert [(m.text, len(m.components)) for m in road] == [("Isfara-Batken", 2)]
    assert {m.text for m in rec.mentions if m.kind == "place"} == {"Isfara", "Batken"}


# --- typos and NER-only places -----------------------------------------------------------


def test_one_edit_typo_of_a_country(gaz):
    rec = recognize("Refugees crossed into Etiopia and Azerbaijn.", gaz)
    assert [(m.text, m.key, m.typo) for m in rec.mentions] == [
        ("Etiopia", "ethiopia", True),
        ("Azerbaijn", "azerbaijan", True),
    ]


def test_typo_rule_leaves_ordinary_words_alone(gaz):
    assert texts(gaz, "Armenians and Georgians met; Russians stayed.") == []


def test_ner_only_place_outside_gazetteer(gaz):
    text = "Clashes were reported near Xanadu Heights."
    rec = recognize(text, gaz, ents=[(27, 41, "GPE")])
    assert [(m.text, m.source) for m in rec.mentions] == [("Xanadu Heights", "ner")]


def test_title_case_headline(gaz):
    assert texts(gaz, "Clashes Erupt Near Kharkiv As Talks Stall In Donetsk") == [
        "Kharkiv",
        "Donetsk",
    ]


def test_no_model_fallback_still_finds_places(gaz):
    assert texts(gaz, "Residents of Vorukh fled to Isfara.") == ["Vorukh", "Isfara"]


# --- two-step recognition and helpers ----------------------------------------------------


def test_ner_windows_skip_sentences_with_only_strong_names(gaz):
    text = "Ukraine and Russia met. A convoy reached Adigrat."
    pending = Pending(text, gaz)
    assert [text[s:e] for s, e in pending.windows] == ["A convoy reached Adigrat."]


def test_sentence_spans_and_tokens():
    text = "Fighting in Kunduz. Talks in Doha!\nKabul"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Fighting in Kunduz.",
        "Talks in Doha!",
        "Kabul",
    ]
    toks = tokenize("Kyrgyzstan’s U.S.-led")
    assert [t.text for t in toks] == ["Kyrgyzstan", "U.S.", "led"]


# --- short forms, demonym borders, roads, particle-led names (issue 11, item 4) ----------


@pytest.fixture(scope="module")
def world() -> Gazetteer:
    """Countries and provinces under their full names, plus a few towns and homonyms."""
    return Gazetteer.from_places(
        [
            Place("adm0:AE", "United Arab Emirates", 24.0, 54.0, "AE", "country"),
            Place("adm0:CD", "Democratic Republic of the Congo", -2.9, 23.6, "CD", "country",
                  alt_names=("DRC",)),
            Place("adm0:CF", "Central African Republic", 6.6, 20.9, "CF", "country",
                  alt_names=("CAR",)),
            Place("adm0:US", "United States", 39.8, -98.6, "US", "country",
                  alt_names=("US", "U.S.")),
            Place("adm0:SA", "Saudi Arabia", 24.0, 45.0, "SA", "country"),
            Place("adm0:MX", "Mexico", 23.0, -102.0, "MX", "country"),
            Place("adm0:SD", "Sudan", 15.0, 30.0, "SD", "country"),
            Place("adm1:US-TX", "Texas", 31.0, -99.0, "US", "admin1"),
            Place("adm1:CA-ON", "Ontario", 50.0, -85.0, "CA", "admin1"),
            Place("gn:1", "Austin", 30.27, -97.74, "US", "populated_place", population=900000),
            Place("gn:2", "Toronto", 43.7, -79.4, "CA", "populated_place", population=2700000),
            Place("gn:3", "Bangui", 4.36, 18.55, "CF", "populated_place", population=500000),
            Place("gn:4", "Goma", -1.68, 29.22, "CD", "populated_place", population=600000),
            Place("gn:5", "Rutshuru", -1.19, 29.45, "CD", "populated_place", population=50000),
            Place("gn:6", "Baalbek", 34.0, 36.2, "LB", "populated_place", population=80000),
            Place("gn:7", "Jebel", 39.6, 54.2, "TM", "populated_place", population=20000),
            Place("gn:8", "Ras", 40.0, 20.0, "AL", "populated_place", population=300),
            Place("gn:9", "Fashaga", 13.9, 36.2, "SD", "populated_place", population=2000),
            Place("gn:10", "El", 41.3, -72.9, "US", "populated_place", population=100),
        ]
    )  # fmt: skip


def found(gaz, text, kind=None):
    rec = recognize(text, gaz)
    for m in rec.mentions:
        assert text[m.start : m.end] == m.text
    return [(m.text, m.key) for m in rec.mentions if kind is None or m.kind == kind]


def test_country_short_forms_in_capitals_name_their_country(world):
    text = "The EU and the UAE condemned the attack in the DRC; KSA stayed silent."
    assert found(world, text) == [
        ("EU", "european union"),
        ("UAE", "united arab emirates"),
        ("DRC", "democratic republic of the congo"),
        ("KSA", "saudi arabia"),
    ]


def test_ambiguous_short_forms_only_in_their_context(world):
    # CAR is a word: only "the CAR", never "Car" or a shouted headline
    assert found(world, "Car Bomb Kills Five In Bangui Market") == [("Bangui", "bangui")]
    assert found(world, "A CAR BOMB KILLED FIVE IN BANGUI\n\nFive died.") == [("BANGUI", "bangui")]
    assert found(world, "Rebels in the CAR attacked Bangui.") == [
        ("CAR", "central african republic"),
        ("Bangui", "bangui"),
    ]
    # state symbols that are English words are never places outside "City, ST"
    assert found(world, "IN OTHER NEWS, troops moved. He said OR maybe not. ME TOO.") == []
    assert found(world, "Tell Us What You Think") == []


def test_state_and_province_symbols_after_a_place_or_in_a_party_label(world):
    assert found(world, "He spoke in Austin, TX, on Monday.") == [
        ("Austin", "austin"),
        ("TX", "texas"),
    ]
    assert found(world, "Protests in Toronto, ON and elsewhere.") == [
        ("Toronto", "toronto"),
        ("ON", "ontario"),
    ]
    assert found(world, "Senator Jane Roe (R-TX) said so.") == [("TX", "texas")]
    # a symbol before another capitalised word is the start of something else
    assert found(world, "Austin, TX Energy said.")[1:] == []


def test_a_short_form_resolves_as_its_full_name_or_stays_unresolved(world):
    from geo.articles import Article
    from geo.geoparse import geoparse_article

    res = geoparse_article(
        Article(id="a", text="The EU sent envoys to Austin, TX, and the UAE."), gazetteer=world
    )
    assert [(t.text, t.place_id) for t in res.toponyms] == [
        ("Austin", "gn:1"),
        ("TX", "adm1:US-TX"),
        ("UAE", "adm0:AE"),
    ]
    assert [(u.text, u.reason.split(":")[0]) for u in res.unresolved] == [
        ("EU", "short form of 'european union'")
    ]


def test_dotted_and_hyphenated_short_forms_keep_working(world):
    assert [t for t, _ in found(world, "A U.S. envoy arrived.")] == ["U.S."]
    assert found(world, "US-Mexico border talks resumed.", kind="border") == [
        ("US-Mexico border", "US–MX")
    ]


def test_every_neighbouring_pair_of_countries_by_demonyms(world):
    from geo.countries import all_countries, country_words
    from geo.geoparse.borders import neighbours
    from geo.geoparse.lexicon import DEMONYMS
    from geo.names import fold

    words = country_words()

    def demonym(code):
        w = words.get(code)
        for d in w.demonyms if w else ():
            if "." not in d and DEMONYMS.get(fold(d)) == code:
                return d
        return None

    pairs = 0
    for country in all_countries():
        a = country.alpha2
        for b in neighbours(a):
            da, db = demonym(a), demonym(b)
            if a > b or da is None or db is None:
                continue
            for dash in "-–":
                text = f"Troops massed on the {da}{dash}{db} border."
                borders = [m for m in recognize(text, world).mentions if m.kind == "border"]
                assert [set(m.sides) for m in borders] == [{a, b}], text
                pairs += 1
    assert pairs > 500


def test_multiword_demonyms_and_combining_forms_make_border_sides(world):
    assert found(world, "on the Sudanese–South Sudanese frontier", kind="border") == [
        ("Sudanese–South Sudanese frontier", "SD–SS")
    ]
    assert found(world, "The Sino-Indian border and the Indo-Pakistani border.", kind="border") == [
        ("Sino-Indian border", "CN–IN"),
        ("Indo-Pakistani border", "IN–PK"),
    ]
    # a combining form before a name that is no demonym is no side
    assert found(world, "Indo-Pacific border security", kind="border") == []


def test_roads_between_two_places_known_or_not(world):
    assert found(world, "Clashes closed the Goma–Rutshuru road.", kind="road") == [
        ("Goma–Rutshuru", "goma rutshuru")
    ]
    text = "M23 held the Bunagana–Kiwanja road."
    assert found(world, text, kind="road") == [("Bunagana–Kiwanja", "bunagana kiwanja")]
    assert ("Kiwanja", "kiwanja") in found(world, text)


def test_a_road_between_two_placed_ends_is_placed_between_them(world):
    from geo.articles import Article
    from geo.geoparse import geoparse_article

    text = "Clashes closed the Goma–Rutshuru road in Congo."
    res = geoparse_article(Article(id="r", text=text), gazetteer=world)
    road = next(t for t in res.toponyms if t.feature == "road")
    assert road.precision == 2
    assert abs(road.lat - (-1.68 - 1.19) / 2) < 0.01
    assert 25 < road.radius_km < 35  # half of ~60 km between the ends
    res = geoparse_article(Article(id="s", text="M23 held the Bunagana–Kiwanja road."),
                           gazetteer=world)  # fmt: skip
    assert [u.reason for u in res.unresolved if u.text == "Bunagana–Kiwanja"] == [
        "road: component 'Bunagana' not placed"
    ]


def test_particle_and_generic_led_names_are_kept_whole(world):
    text = "Fighting in al-Fashaga near Jebel Abu Tuyour and in Ras Baalbek, near El Usra."
    assert found(world, text) == [
        ("al-Fashaga", "fashaga"),  # the article's remainder is the same place
        ("Jebel Abu Tuyour", "jebel abu tuyour"),  # never "Jebel" alone
        ("Ras Baalbek", "ras baalbek"),  # not Baalbek
        ("El Usra", "el usra"),  # never "El" alone
    ]


def test_particle_led_names_of_organisations_are_not_places(world):
    assert found(world, "Fighters of al-Shabaab attacked. Al Jazeera reported it.") == []
    assert found(world, "Ban Ki-moon said the talks would go on.") == []


def test_abbreviation_table_is_well_formed():
    from geo.countries import country_by_alpha2
    from geo.geoparse.lexicon import ABBREVIATIONS_CSV, load_abbreviations

    with ABBREVIATIONS_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["abbreviation", "name", "country", "kind", "context", "source"]
    seen = set()
    for r in rows:
        assert r["abbreviation"] and r["name"] and r["source"].count("http") >= 1, r
        assert r["kind"] in {"country", "admin1", "union", "combining_form"}, r
        assert r["country"] == "" or country_by_alpha2(r["country"]) is not None, r
        assert (r["abbreviation"], r["country"]) not in seen, r
        seen.add((r["abbreviation"], r["country"]))
        if r["kind"] == "admin1" and len(r["abbreviation"]) == 2:
            # two-letter symbols are words or other things elsewhere: never bare
            assert "upper" not in r["context"].split("|"), r
    assert len(load_abbreviations()) == len(rows)
