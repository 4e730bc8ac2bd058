"""``sitmap geocode`` says no to nonsense and to ordinary words (issue #14 item 4)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from geo.geocoders.offline import COMMON_ZIPF, plausible, similarity
from sitmap.cli import main


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize(
    "query",
    ["zzzzzz", "xxxxxx", "aaaaaa", "qwertyuiop", "the Western exit", "Western", "Central",
     "the northern checkpoint area"],
)  # fmt: skip
def test_nonsense_and_ordinary_words_exit_1(gazetteer, query):
    result = invoke("geocode", query)
    assert result.exit_code == 1, result.output
    assert f"no place named {query!r}" in result.stderr
    assert "did you mean" not in result.stderr  # nothing is really similar
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Osh", "KG"), ("Jordan", "JO"), ("Nice", "FR"), ("Tajikstan", "TJ"), ("Vorukhh", "TJ"),
     ("Batkenn", "KG"), ("Kabul", "AF")],
)  # fmt: skip
def test_real_places_and_close_misspellings_still_answer(gazetteer, query, expected):
    result = invoke("geocode", query, "--json", "--limit", "3")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["country_code"] == expected


def test_an_ordinary_word_answers_when_the_user_says_what_is_meant(gazetteer):
    result = invoke("geocode", "Western", "--country", "FJ", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["feature"] == "admin1"


def test_suggestions_are_really_similar(gazetteer):
    result = invoke("geocode", "Kyrgyzzztanya")
    assert result.exit_code == 1 and "did you mean: Kyrgyzstan" in result.stderr


def test_the_geoparser_and_the_geocoder_agree_on_common_words():
    from geo.geoparse.lexicon import COMMON_ZIPF as GEOPARSE_ZIPF

    assert COMMON_ZIPF == GEOPARSE_ZIPF


def test_similarity_is_length_aware():
    assert similarity("Tajikstan", "Tajikistan") >= 0.8  # 1 edit in 10
    assert similarity("zzzzzz", "ZZZ") < 0.8  # half the letters differ
    assert plausible("zz", []) == []


def test_bad_service_url_is_a_usage_error():
    result = invoke("geocode", "Osh", "--service", "nominatim", "--service-url", "ftp://x")
    assert result.exit_code == 2 and "service URL" in result.stderr


def test_geonames_without_an_account_says_which_variable(monkeypatch):
    monkeypatch.delenv("SITMAP_GEONAMES_USERNAME", raising=False)
    monkeypatch.setenv("SITMAP_USER_AGENT", "sitmap-tests/0.1")
    result = invoke("geocode", "Osh", "--service", "geonames")
    assert result.exit_code == 1 and "SITMAP_GEONAMES_USERNAME" in result.stderr
