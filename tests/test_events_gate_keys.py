"""The cue gate keys of ``geo.events.classify`` rule out only sentences a cue cannot match."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geo.events.classify as cl

#: The cues whose gate keys differ from their keys (elsewhere the gate changes nothing).
GATED = [
    i
    for i, ((_c, keys, _n), gate) in enumerate(zip(cl._KEYED, cl._GATES, strict=True))
    if keys != gate
]


@pytest.mark.parametrize("index", GATED)
def test_a_gate_rules_out_no_match_the_keys_let_through(index: int) -> None:
    """A text with a match of a cue that the cue's keys let through has a gate key too.

    (The keys' own misses stay as they were: "de-?escalat" keyed "escalat" is not
    tried on "deescalate", with or without the gate.)
    """
    cue, keys, _needs = cl._KEYED[index]
    gate = cl._GATES[index]
    strategy = st.from_regex(cue.pattern, alphabet=st.characters(codec="ascii"))

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def check(text: str) -> None:
        assert cue.pattern.search(text)
        starts = cl.word_starts(text)
        assert keys.isdisjoint(starts) or not gate.isdisjoint(starts), (text, sorted(gate))

    check()


def test_some_cues_are_gated() -> None:
    """The gate is tighter than the keys for some cues (else it would be no speed-up)."""
    assert len(GATED) >= 10


def test_gates_are_keys_word_starts_reports() -> None:
    """Every gate key is in the key universe, so ``word_starts`` can report it."""
    assert frozenset().union(*cl._GATES) <= cl._universe()


def test_a_gate_follows_word_starts_through_optional_groups() -> None:
    """After an optional group or a look-ahead, the next word still starts a word."""
    pattern = re.compile(r"\b(?:land |sea )?borders?(?! talks) (?:[\w-]+ ){0,3}(?:shut|halted)\b")
    assert cl.gate_keys(pattern) == frozenset({"border"})
    # the fallback of cue_keys takes every literal, the look-ahead's "talks" too
    assert "talks" in cl.cue_keys(pattern)
    # a letter run glued to a word before it starts no word ("airlift" has no "lift" start)
    assert cl.gate_keys(re.compile(r"\bair-?lift(?:ed)?\b")) == frozenset({"air"})
