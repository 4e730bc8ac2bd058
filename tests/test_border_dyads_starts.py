"""border_dyads tries its demonym-led patterns only where a demonym can start.

The result must be exactly what scanning every offset gives: checked on every
sentence of the seed, development and held-out articles, and on generated
sentences built from demonyms, border words and punctuation.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.events import claims
from geo.events.claims import DyadMention, border_dyads, dyads_of_matches

REPO = Path(__file__).resolve().parents[1]


def _reference(sentence: str) -> list[DyadMention]:
    """border_dyads as it was: every pattern scanned over every offset."""
    low = sentence.lower()
    if not any(k in low for k in claims._BORDER_WORDS) and "LAC" not in sentence:
        return []
    return dyads_of_matches((kind, rx.finditer(sentence)) for rx, kind in claims._dyad_patterns())


def _corpus_sentences() -> list[str]:
    out = []
    for root in ("seeds", "bench/dev", "bench/heldout", "bench/heldout2"):
        for path in sorted((REPO / root).rglob("*.txt")):
            text = path.read_text(encoding="utf-8")
            out.extend(s for s in text.replace("\n", " ").split(". ") if s.strip())
    return out


def test_same_dyads_as_scanning_every_offset_on_the_corpora():
    sentences = _corpus_sentences()
    assert len(sentences) > 500
    with_border = 0
    for s in sentences:
        got = border_dyads(s)
        assert got == _reference(s), s
        with_border += bool(got)
    assert with_border > 50


_WORDS = [
    "Afghan", "Tajik", "Kyrgyz", "Thai", "Cambodian", "Lao", "Indian", "Chinese", "Pakistan's",
    "South Sudanese", "Sudanese", "border", "Border", "frontier", "boundary", "state", "with",
    "between", "and", "the", "of", "neighbouring", "crossing", "-", "–", "/", "'s", "LAC",
    "line of actual control", "troops", "at", "Afghanistan",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14), st.sampled_from([" ", "", "  "]))
def test_same_dyads_as_scanning_every_offset_on_generated_text(words, sep):
    sentence = sep.join(words) if sep else " ".join(words).replace(" - ", "-")
    assert border_dyads(sentence) == _reference(sentence)
