"""Named lines ("Line of Control", "Blue Line"): the cited table, checker, recognition, resolution.

A synthetic gazetteer (a few countries and towns whose names are also words of line
names: Durand, Green, Blue) and straight fake border lines keep these tests small.
"""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import pytest
from helpers import load_tool
from shapely.geometry import LineString

from geo.articles import Article
from geo.gazetteer import Gazetteer
from geo.geoparse import geoparse_article, recognize
from geo.geoparse.lines import (
    LINE_COLUMNS,
    LINES_DIR,
    check_line_rows,
    choose_line,
    line_index,
    load_lines,
)
from geo.model import Place

check_lines = load_tool("check_lines")

COUNTRIES = {
    "AF": ("Afghanistan", 33.0, 65.0),
    "PK": ("Pakistan", 30.0, 70.0),
    "IN": ("India", 20.0, 77.0),
    "CN": ("China", 35.0, 105.0),
    "BD": ("Bangladesh", 24.0, 90.0),
    "IL": ("Israel", 31.5, 34.75),
    "LB": ("Lebanon", 33.83, 35.83),
    "PS": ("Palestine", 31.9, 35.2),
    "CY": ("Cyprus", 35.0, 33.0),
    "TR": ("Turkey", 39.0, 35.0),
    "UA": ("Ukraine", 49.0, 32.0),
    "US": ("United States", 38.0, -97.0),
}
DYADS = {
    "AFG–PAK": [(61.0, 29.5), (71.5, 36.5)],
    "CHN–IND": [(78.0, 35.5), (97.0, 28.0)],
    "IND–PAK": [(68.0, 23.7), (75.0, 32.5)],
    "BGD–IND": [(88.0, 22.0), (92.5, 25.0)],
    "ISR–LBN": [(35.1, 33.09), (35.8, 33.3)],
    "ISR–PSE": [(34.9, 31.4), (35.5, 32.5)],
}


class FakeBoundaries:
    """Straight border lines for the dyads the tests name."""

    def __init__(self) -> None:
        self.borders = gpd.GeoDataFrame(
            {"dyad": list(DYADS)}, geometry=[LineString(c) for c in DYADS.values()], crs=4326
        )


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    places = [
        Place(f"adm0:{code}", name, lat, lon, code, "country")
        for code, (name, lat, lon) in COUNTRIES.items()
    ]
    places += [
        Place("gn:1", "Durand", 44.63, -91.97, "US", "populated_place", population=1900),
        Place("gn:2", "Green", 43.15, -123.37, "US", "populated_place", population=7000),
        Place("gn:3", "Blue", 33.7, -109.1, "US", "populated_place", population=100),
        Place("gn:4", "Nicosia", 35.17, 33.36, "CY", "populated_place", population=200000),
    ]
    return Gazetteer.from_places(places)


def parse(gaz: Gazetteer, text: str):
    return geoparse_article(Article(id="t", text=text), gazetteer=gaz, boundaries=FakeBoundaries())


def lines_of(res) -> list[tuple[str, str]]:
    return [(t.text, t.name) for t in res.toponyms if (t.anchor or "").startswith("named line")]


# --- the table and its checker -----------------------------------------------------------


def test_table_is_clean_large_and_on_four_continents() -> None:
    assert check_lines.main([]) == 0
    lines = load_lines()
    assert len(lines) >= 25
    countries = {c for line in lines for c in line.countries}
    # Asia, Europe, Africa, the Americas
    assert {"IN", "DE", "ER", "GY"} <= countries
    assert all("http" in line.source for line in lines)


def _rows() -> list[dict[str, str]]:
    with (LINES_DIR / "lines.csv").open(encoding="utf-8", newline="") as fh:
        return [dict(r) for r in csv.DictReader(fh)]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"pairs": "IN-ZZ"}, "country 'ZZ' unknown"),
        ({"pairs": "PK-IN"}, "not in alphabetical order"),
        ({"pairs": "IN-PK", "within": "IN"}, "give pairs or within, not both"),
        ({"source": ""}, "empty source"),
        ({"source": "a book"}, "source cites no page address"),
        ({"kind": "road"}, "kind 'road'"),
        ({"lat": "34", "lon": ""}, "lat/lon must be both empty or a point"),
        ({"context": "XX"}, "country 'XX' unknown"),
    ],
)
def test_checker_catches_a_bad_row(change: dict[str, str], message: str) -> None:
    rows = _rows()
    rows[0] = dict(rows[0], **change)
    assert any(message in p for p in check_line_rows(rows))


def test_checker_wants_unique_names_per_country_pair(tmp_path: Path) -> None:
    rows = _rows()
    durand = next(r for r in rows if r["id"] == "durand-line")
    # a second AF–PK line called "Durand Line": one pair, one line per name
    rows.append(dict(durand, id="durand-line-2", alt_names=""))
    assert any("also names durand-line" in p for p in check_line_rows(rows))
    # the same short form for the same pair twice
    rows = _rows()
    loc = next(r for r in rows if r["id"] == "line-of-control")
    rows.append(dict(loc, id="loc-2", name="Kashmir Ceasefire Line", alt_names=""))
    assert any("'LoC' also names line-of-control" in p for p in check_line_rows(rows))
    # a shared name between different countries is fine (the three Green Lines)
    assert check_line_rows(_rows()) == []
    # the tool reports a file with a bad row and exits 1
    bad = tmp_path / "bad.csv"
    with bad.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=LINE_COLUMNS)
        writer.writeheader()
        writer.writerow({k: v for k, v in dict(durand, pairs="AF-XX").items() if k in LINE_COLUMNS})
    assert check_lines.main(["--csv", str(bad)]) == 1


def test_choose_line_needs_the_articles_countries() -> None:
    senses = line_index().senses("line of contact")
    assert choose_line(senses, {"UA": 1.0, "RU": 0.5}).id == "line-of-contact-ukraine"
    assert choose_line(senses, {"AZ": 1.0}).id == "line-of-contact-karabakh"
    assert "names none of its countries" in choose_line(senses, {"FR": 3.0})
    # one sense is not enough on its own: a country of it must be named
    assert isinstance(choose_line(line_index().senses("durand line"), {}), str)


# --- recognition -------------------------------------------------------------------------


def _mentions(gaz: Gazetteer, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.kind) for m in recognize(text, gaz).mentions]


def test_whole_names_never_fragments(gaz: Gazetteer) -> None:
    text = "Pakistani troops fired across the Durand Line, Afghan officials said."
    assert ("Durand Line", "line") in _mentions(gaz, text)
    assert not any(t == "Durand" for t, _ in _mentions(gaz, text))
    text = "Indian and Chinese troops clashed on the Line of Actual Control in June."
    assert _mentions(gaz, text) == [("Line of Actual Control", "line")]
    assert ("Oder–Neisse line", "line") in _mentions(gaz, "Poland and the Oder–Neisse line.")


@pytest.mark.parametrize(
    "text",
    [
        "A green line on the map shows the route.",
        "Take the Blue Line bus to the airport.",
        "The Green Line trains were delayed in Boston.",
        "Both sides pulled back from the line of contact.",
        "Soldiers on the front line held.",
        "The green line of trees marks the field.",
    ],
)
def test_look_alikes_are_no_line(gaz: Gazetteer, text: str) -> None:
    assert not any(kind == "line" for _, kind in _mentions(gaz, text))


def test_short_forms_need_the_full_name_or_a_country(gaz: Gazetteer) -> None:
    # "LAC" alone in a text about nothing Indian or Chinese is some other acronym
    assert _mentions(gaz, "The LAC region grew by 2 percent.") == []
    full = "Troops held the Line of Actual Control (LAC). The LAC stayed calm."
    assert [m for m in _mentions(gaz, full) if m[1] == "line"] == [
        ("Line of Actual Control", "line"),
        ("LAC", "line"),
        ("LAC", "line"),
    ]
    assert ("LoC", "line") in _mentions(gaz, "Shelling across the LoC, India said.")


# --- resolution --------------------------------------------------------------------------


def test_a_line_between_two_countries_is_their_border(gaz: Gazetteer) -> None:
    res = parse(gaz, "Pakistan fenced the Durand Line, which Afghanistan rejects.")
    [line] = [t for t in res.toponyms if t.text == "Durand Line"]
    assert (line.name, line.feature, line.place_id, line.precision) == (
        "AFG–PAK",
        "border",
        "dyad:AFG–PAK",
        3,
    )
    assert line.anchor == "named line: Durand Line"


def test_a_line_with_two_pairs_takes_the_one_the_article_names(gaz: Gazetteer) -> None:
    res = parse(gaz, "Bangladesh and India still argue over the Radcliffe Line.")
    assert lines_of(res) == [("Radcliffe Line", "BGD–IND")]
    res = parse(gaz, "India and Pakistan were split by the Radcliffe Line.")
    assert lines_of(res) == [("Radcliffe Line", "IND–PAK")]


def test_green_line_by_the_articles_countries(gaz: Gazetteer) -> None:
    res = parse(gaz, "Israel built homes beyond the Green Line, Palestinian officials said.")
    assert lines_of(res) == [("Green Line", "ISR–PSE")]
    # Cyprus: the line lies inside one state and has no cited point: unresolved, with why
    res = parse(gaz, "Peacekeepers patrol the Green Line that divides Cyprus.")
    assert lines_of(res) == []
    [why] = [u.reason for u in res.unresolved if u.text == "Green Line"]
    assert "Green Line (in CY)" in why
    # Beirut, by Lebanon
    res = parse(gaz, "Snipers watched the Green Line during Lebanon's civil war.")
    [why] = [u.reason for u in res.unresolved if u.text == "Green Line"]
    assert "in LB" in why
    # the article does not say which: unresolved, never a guess
    res = parse(gaz, "Protesters marched along the Green Line on Sunday.")
    assert lines_of(res) == []
    [why] = [u.reason for u in res.unresolved if u.text == "Green Line"]
    assert "names none of its countries" in why
    # two senses equally named: unresolved
    res = parse(gaz, "Israel and Cyprus both have a Green Line.")
    [why] = [u.reason for u in res.unresolved if u.text == "Green Line"]
    assert "several of its senses" in why


def test_blue_line_and_fragments_are_not_placed_elsewhere(gaz: Gazetteer) -> None:
    res = parse(gaz, "Hezbollah fired across the Blue Line into Israel, Lebanon said.")
    assert lines_of(res) == [("Blue Line", "ISR–LBN")]
    assert not any(t.text in ("Blue", "Green", "Durand") for t in res.toponyms)
    res = parse(gaz, "The Blue Line bus from Green stops in Durand.")
    assert not any(u.reason.startswith("named line") for u in res.unresolved)
    assert {t.text for t in res.toponyms} <= {"Green", "Durand"}
