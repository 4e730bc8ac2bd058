"""The ground-kind word table (``geo/data/events/ground_kinds.csv``) and the regexes built from it.

The control-claim regexes of :mod:`geo.events.extract` are built from the table; these tests
pin that they match exactly what the hand-written patterns they replaced matched (the old
patterns are spelled out here as the reference), and that the checker catches bad rows.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.events import extract
from geo.events.classify import load_cues
from geo.events.ground_kinds import check_rows, ground_terms, load_ground_kinds

OLD_CLAIMED_UNIT = re.compile(
    r"\s+(?:of\s+)?(?:the\s+)?(?:[\w’'-]+\s+){0,3}?(?:border|crossing|district|province"
    r"|checkpoint|frontier|town|city|village|island|islands|territory|enclave|strip|area)\b",
    re.IGNORECASE,
)
OLD_CLAIM_GAP = re.compile(
    r"\s+(?:(?:full|complete|total|effective)\s+)?(?:control\s+)?(?:of\s+|over\s+)?(?:the\s+)?"
    r"(?:(?:border\s+)?(?:town|city|village|island|area|region|district|province|crossing"
    r"|post|outpost|base|hills?|heights|valley)\s+(?:of\s+)?)?",
    re.IGNORECASE,
)
OLD_GROUND_FIRST = re.compile(
    r"(?:the\s+)?(?:town|village|city|district|area|crossing|border post|post|base|airport"
    r"|island|hill|heights|region|territory)\b",
    re.IGNORECASE,
)
OLD_OWNED_NOUN = re.compile(
    r"\b(?:the|this|that)\s+(?:disputed\s+|border\s+|river\s+)?(?P<noun>island|islands|post|outpost"
    r"|village|town|area|strip|territory|region|enclave|peninsula|land|hills?|fence|wall)\b",
    re.IGNORECASE,
)

_OLD = (OLD_CLAIMED_UNIT, OLD_CLAIM_GAP, OLD_GROUND_FIRST, OLD_OWNED_NOUN)
#: Words the strings are made of: every table term, near misses, fillers.
_WORDS = sorted(
    {t for r in load_ground_kinds() if r["kind"] == "noun" for t in r["term"].split()}
    | {w for rx in _OLD for w in re.findall(r"[a-z]+", rx.pattern) if len(w) > 2}
    | {"hillside", "towns", "posts", "Island", "TOWN", "of", "the", "this", "over", "full"}
    | {"control", "disputed", "river", "border", "X", "held", "Alpha", "airports", "lands"}
)
_TEXT = st.lists(
    st.tuples(st.sampled_from(_WORDS), st.sampled_from([" ", "  ", "-", "\n", ", "])),
    max_size=7,
).map(lambda parts: "".join(w + sep for w, sep in parts))


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.sampled_from(["", " "]))
def test_regexes_match_as_the_hand_written_ones(text: str, lead: str) -> None:
    s = lead + text
    assert bool(extract._CLAIMED_UNIT.match(s)) == bool(OLD_CLAIMED_UNIT.match(s))
    assert bool(extract._CLAIM_GAP.fullmatch(s)) == bool(OLD_CLAIM_GAP.fullmatch(s))
    assert bool(extract._GROUND_FIRST.match(s)) == bool(OLD_GROUND_FIRST.match(s))
    new = [(m.span(), m.group("noun")) for m in extract._OWNED_NOUN.finditer(s)]
    old = [(m.span(), m.group("noun")) for m in OLD_OWNED_NOUN.finditer(s)]
    assert new == old


def test_examples_and_look_alikes() -> None:
    assert extract._CLAIMED_UNIT.match(" the disputed border district")
    assert not extract._CLAIMED_UNIT.match(" the hillside")
    assert extract._CLAIM_GAP.fullmatch(" control of the border town of ")
    assert not extract._CLAIM_GAP.fullmatch(" the airport of ")  # airport: ground first only
    assert extract._GROUND_FIRST.match("the border post was retaken")
    assert not extract._GROUND_FIRST.match("the towns were")
    assert extract._OWNED_NOUN.search("said the disputed fence stands").group("noun") == "fence"


def test_sovereign_kinds_are_trigger_sub_types() -> None:
    assert {
        "sovereignty claim",
        "annexation or new unit",
        "boundary marking",
    } == extract.SOVEREIGN_KINDS
    sub_types = {c.sub_event_type for c in load_cues() if c.event_type == "control_claim"}
    assert ground_terms("ground_around") <= sub_types


def test_table_is_clean_and_checker_catches_bad_rows() -> None:
    assert check_rows([dict(r) for r in load_ground_kinds()]) == []
    bad = {"term": "town", "kind": "noun", "roles": "claim_gap", "note": "x"}
    assert any("repeated" in p for p in check_rows([bad, dict(bad)]))
    assert any("unknown role" in p for p in check_rows([dict(bad, roles="owned")]))
