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
