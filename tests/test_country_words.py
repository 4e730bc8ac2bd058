"""Country words: every country's names, demonyms and capitals, curated rows first."""

from __future__ import annotations

import csv
from pathlib import Path

from geo.countries import CAPITALS, country_by_alpha2, country_words
from geo.events.actors import find_actors
from geo.geoparse.lexicon import DEMONYMS

DATA = Path(__file__).resolve().parents[1] / "geo" / "data" / "countries"


def test_every_country_has_words():
    words = country_words()
    assert len(words) >= 245
    with_demonym = [w for w in words.values() if w.demonyms]
    assert len(with_demonym) >= 240


def test_curated_rows_are_well_formed_and_cited():
    rows = list(csv.DictReader((DATA / "country_words.csv").open(encoding="utf-8")))
    assert rows and list(rows[0]) == ["iso2", "name", "alt_names", "demonyms", "capitals", "source"]
    for row in rows:
        assert country_by_alpha2(row["iso2"]) is not None or row["iso2"] in {"XK", "PS"}, row
        assert row["source"].startswith("https://"), row
        assert row["name"] or row["alt_names"] or row["demonyms"] or row["capitals"], row


def test_curated_words_win_and_shared_words_go_to_the_larger_country():
    words = country_words()
    assert words["TJ"].demonyms[0] == "Tajik"  # curated, not the derived "Tadzhik"
    assert "Dominican" in words["DO"].demonyms and "Dominican" not in words["DM"].demonyms
    assert "Congolese" in words["CD"].demonyms and "Congolese" not in words["CG"].demonyms
    assert "DRC" in words["CD"].names


def test_demonyms_and_capitals_reach_the_recogniser_and_the_event_coder():
    assert DEMONYMS["haitian"] == "HT" and DEMONYMS["guyanese"] == "GY"
    assert CAPITALS["Port-au-Prince"] == "HT"
    assert "Victoria" not in CAPITALS  # a common name: only a curated row could add it
    found = [(a.name, a.country) for a in find_actors("Guyanese soldiers and Dominican troops")]
    assert found == [("Guyanese armed forces", "GY"), ("Dominican armed forces", "DO")]


def test_derived_file_is_what_the_build_script_writes():
    rows = list(csv.DictReader((DATA / "countries.csv").open(encoding="utf-8")))
    assert [r["iso2"] for r in rows] == sorted(r["iso2"] for r in rows)
    assert list(rows[0]) == [
        "iso2",
        "iso3",
        "name",
        "official",
        "alt_names",
        "demonyms",
        "capitals",
    ]
    for row in rows:
        for cell in ("alt_names", "capitals"):
            assert all(len(v) > 2 and "," not in v for v in row[cell].split("|") if v), row
