"""Press forms of place names: dotted state abbreviations and datelines after a headline.

Each rule beside a look-alike that must not be taken: "Macon, Ga." names Georgia
but "Miss. Smith" and "Mass. was said" name nothing; a dateline run on after a
one-sentence headline ("Diner reopens. AKRON -- ") is a place, an acronym after a
later sentence is not. NER entities are given by hand (none), so the tests do not
depend on the model. Sentences are our own.
"""

from __future__ import annotations

import pytest

from geo.gazetteer import Gazetteer
from geo.geoparse.recognize import recognize
from geo.model import Place

PLACES = [
    Place("adm1:US.GA", "Georgia", 32.75, -83.5, "US", "admin1", population=10_000_000),
    Place("adm1:US.MS", "Mississippi", 32.75, -89.75, "US", "admin1", population=3_000_000),
    Place("adm1:US.MA", "Massachusetts", 42.36, -71.9, "US", "admin1", population=7_000_000),
    Place("adm1:US.WV", "West Virginia", 38.5, -80.5, "US", "admin1", population=1_800_000),
    Place("adm1:US.VA", "Virginia", 37.5, -78.85, "US", "admin1", population=8_600_000),
    Place("adm1:US.SC", "South Carolina", 34.0, -81.0, "US", "admin1", population=5_100_000),
    Place("adm1:CA.BC", "British Columbia", 53.9, -124.6, "CA", "admin1", population=5_000_000),
    Place("gn:1", "Macon", 32.84, -83.63, "US", "populated_place", population=150_000),
    Place("gn:2", "Jackson", 32.3, -90.18, "US", "populated_place", population=150_000),
    Place("gn:3", "Akron", 41.08, -81.52, "US", "populated_place", population=190_000),
    Place("gn:4", "Wheeling", 40.06, -80.72, "US", "populated_place", population=27_000),
    Place("gn:5", "Nelson", 49.49, -117.29, "CA", "populated_place", population=11_000),
]
GAZ = Gazetteer.from_places(PLACES)


def _found(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.key) for m in recognize(text, GAZ, ents=[]).mentions]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The trial opened in Macon, Ga., on Monday.", ("Ga", "georgia")),
        ("Floods reached Jackson, Miss. Schools closed.", ("Miss", "mississippi")),
        ("WHEELING, W.Va. -- The plant will close.", ("W.Va", "west virginia")),
        ("The bill's sponsor, Rep. Ann Doe, D-W. Va., objected.", ("W. Va", "west virginia")),
        ("Sen. John Roe (R-S.C.) voted against it.", ("S.C.", "south carolina")),
        ("Crews reached Nelson, B.C. late on Friday.", ("B.C.", "british columbia")),
        ("In B.C., up to 20 centimetres of snow fell.", ("B.C.", "british columbia")),
    ],
)
def test_a_dotted_state_or_province_form_after_a_place_or_in_a_party_label(
    text: str, want: tuple[str, str]
) -> None:
    assert want in _found(text)


def test_the_longer_dotted_form_wins() -> None:
    keys = [k for _, k in _found("Rep. Ann Doe, D-W. Va., objected.")]
    assert "west virginia" in keys and "virginia" not in keys


@pytest.mark.parametrize(
    "text",
    [
        "He thanked Miss. Smith for the flowers.",
        "Mass. was said at noon in the old chapel.",
        "The Ga. of the report is a typo.",
        "Prices rose in Jackson. Mass layoffs followed.",
        "She taught in Ga. for a decade, the report said.",
    ],
)
def test_a_dotted_form_outside_its_contexts_names_no_state(text: str) -> None:
    keys = [k for _, k in _found(text)]
    assert not {"georgia", "mississippi", "massachusetts"} & set(keys)


def test_a_dateline_after_a_one_sentence_headline_is_a_place() -> None:
    text = "Tire plant to close in spring. AKRON -- Workers were told on Tuesday."
    assert ("AKRON", "akron") in _found(text)
    found = _found("Tire plant to close. AKRON -- Workers were told.")
    assert [t for t, _ in found] == ["AKRON"]


def test_an_upper_case_word_after_a_later_sentence_is_no_dateline() -> None:
    text = "Workers were told on Tuesday. The union met. AKRON -- a word in capitals."
    assert _found(text) == []
    long_head = "A headline " + "that runs on " * 20 + "and on. AKRON -- Workers left."
    assert _found(long_head) == []


def test_a_dateline_word_is_never_a_place_on_its_own() -> None:
    gaz = Gazetteer.from_places([*PLACES, Place("gn:9", "Paul", 17.1, -25.0, "CV", "admin1")])
    text = "Worker charged over threats. ST. PAUL -- The man was arrested on Friday."
    found = [(m.text, m.key) for m in recognize(text, gaz, ents=[]).mentions]
    assert ("PAUL", "paul") not in found
    assert [t for t, _ in found] == ["ST. PAUL"]
    whole = [m.text for m in recognize("PAUL -- The man was arrested.", gaz, ents=[]).mentions]
    assert whole == ["PAUL"]


def test_a_district_whose_own_name_ends_in_its_unit_word_is_a_place(gazetteer) -> None:
    """With the real gazetteer: world districts whose first word is a common word or name."""

    def names(text: str) -> list[str]:
        # the name with its unit word ("Laurel" and the kind word "County")
        return [
            text[m.start : m.ext_end if m.ext_end is not None else m.end]
            for m in recognize(text, gazetteer, ents=[]).mentions
        ]

    assert names("The Laurel County clerk was honored on Friday.") == ["Laurel County"]
    assert names("Henry County stands to receive the money.") == ["Henry County"]
    assert names("Henry stands to receive the money.") == []
    assert names("The laurel county fair was a joke name.") == []
