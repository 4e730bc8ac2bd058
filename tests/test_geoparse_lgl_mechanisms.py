"""Mechanisms behind far placements on local news (LGL, TR-News), each beside a look-alike.

The texts are our own, written to show one pattern of language each (not the
corpora's sentences); the gazetteer is the real one, since GeoNames namesakes
are the point. ``bench/bench_resolution.py --end-to-end --mechanisms K`` counts
the mechanisms. Each fix has a look-alike that must not change.
"""

from __future__ import annotations

import csv
from pathlib import Path

from helpers import parse_text as _parse
from helpers import placed as _placed

DATA = Path(__file__).resolve().parents[1] / "geo" / "data" / "countries"


# --- constituent countries, from a cited table -------------------------------------------


def test_constituent_country_rows_are_cited_and_name_gazetteer_units(gazetteer):
    from geo.geoparse.index import name_index
    from geo.names import fold

    rows = list(csv.DictReader((DATA / "constituent_countries.csv").open(encoding="utf-8")))
    assert rows and list(rows[0]) == ["code", "name", "iso2", "status", "source"]
    index = name_index(gazetteer)
    for row in rows:
        assert row["source"].startswith("https://"), row
        assert row["code"].startswith(row["iso2"] + "-"), row
        ids = {c.place.id for c in index.candidates(fold(row["name"]))}
        assert f"adm1:{row['code']}" in ids, row


def test_a_constituent_country_named_alone_is_the_country_not_a_us_town(gazetteer):
    """ "England" in a story on the US and Russia is not England, Arkansas."""
    res = _parse(
        "The United States and Russia held talks in Moscow on Friday. Officials from "
        "England and Canada joined them.",
        gazetteer,
    )
    assert _placed(res, "England") == [("GB", "adm1:GB-ENG")]


def test_a_town_named_like_a_constituent_country_keeps_its_state(gazetteer):
    """Look-alikes: "England, Arkansas" and a bare England among Arkansas towns stay the town."""
    res = _parse("He grew up in England, Arkansas, and moved to Little Rock.", gazetteer)
    assert {c for c, _ in _placed(res, "England")} == {"US"}
    res = _parse(
        "The sheriff of Lonoke County said the England police chief would retire. "
        "Deputies from Cabot and Lonoke helped.",
        gazetteer,
    )
    assert {c for c, _ in _placed(res, "England")} == {"US"}


# --- a place after "in" or ", of" inside a person's or organisation's entity ---------------


def test_a_place_after_in_inside_an_organisations_entity_is_its_seat(gazetteer, nlp):
    """NER runs "St. John's Lutheran School in Lombard" as one organisation: Lombard is a place."""
    res = _parse(
        "Charlotte Graham, students at St. John's Lutheran School in Lombard, won "
        "first-place awards.",
        gazetteer,
        nlp,
    )
    assert {c for c, _ in _placed(res, "Lombard")} == {"US"}


def test_a_place_that_begins_an_organisations_name_is_still_set_aside(gazetteer, nlp):
    """Look-alikes: "Huntsville Police Department", "University of Nebraska-Lincoln's Center"."""
    res = _parse("Officers from the Huntsville Police Department arrested him.", gazetteer, nlp)
    assert _placed(res, "Huntsville") == []
    res = _parse(
        "The survey is conducted by the University of Nebraska-Lincoln’s Center for Applied "
        "Rural Innovation.",
        gazetteer,
        nlp,
    )
    assert _placed(res, "Nebraska") == []


# --- a province abroad over a town named after it --------------------------------------


def test_a_province_abroad_beats_a_town_named_after_it_backed_only_by_its_country(gazetteer, nlp):
    """ "central Ontario" in a story on Texans, with Ottawa named: the province, not the town."""
    res = _parse(
        "Two men from Dallas and a woman from Austin died Sunday at a family cottage in "
        "central Ontario, officers in Ottawa said.",
        gazetteer,
        nlp,
    )
    assert _placed(res, "Ontario") == [("CA", "adm1:CA-ON")]


def test_a_town_named_after_a_province_abroad_keeps_its_name_with_support(gazetteer, nlp):
    """Look-alikes: no Canadian place named; the town beside its neighbours; "Ontario, Calif."."""
    for text in (
        "Two men from Dallas and a woman from Austin died Sunday at a family cottage in "
        "central Ontario, officers said.",
        "Two men from Dallas and Austin were hurt Sunday in a crash in Ontario, near "
        "Riverside and San Bernardino, officers said.",
        "A warehouse fire in Ontario, Calif., closed a freeway on Sunday, officers in Ottawa said.",
    ):
        res = _parse(text, gazetteer, nlp)
        assert {c for c, _ in _placed(res, "Ontario")} == {"US"}, text
