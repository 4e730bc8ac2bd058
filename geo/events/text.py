r"""Sentences with exact character offsets, from a spaCy doc or a regex splitter.

Every sentence satisfies ``text[s.start:s.end] == s.text`` and carries no
leading or trailing whitespace. Blank lines always end a sentence; a single
line break ends one only after closing punctuation (news copy is often
hard-wrapped mid-sentence).

>>> [s.text for s in split_sentences("Clashes erupted. Guards fled.\n\nHeadline")]
['Clashes erupted.', 'Guards fled.', 'Headline']
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

#: Abbreviations after which a full stop does not end a sentence.
_ABBREV = (
    "Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Gov|Sen|Rep|Pres|Prof|St|Mt|Jan|Feb|Mar|Apr|Jun|Jul"
    "|Aug|Sep|Sept|Oct|Nov|Dec|No|vs|etc|approx|U\\.S|U\\.N|e\\.g|i\\.e|a\\.m|p\\.m"
)
_BLANK = re.compile(r"\n[ \t\u00a0]*\n\s*")
_LINE_END = re.compile(r"(?<=[.!?:\"”’])[ \t\u00a0]*\n\s*")
_ABBREV_TAIL = re.compile(r"(?:\b(?:" + _ABBREV + r")|\b[A-Z])\.$")
_SENT_END = re.compile(r"[.!?][\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its index, offsets into the article text, and its text."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """Split ``text[start:end]`` at blank lines and punctuation-ended lines → (s, e, para)."""
    out: list[tuple[int, int, int]] = []
    para = 0
    pos = start
    cuts: list[tuple[int, int, bool]] = []
    for m in _BLANK.finditer(text, start, end):
        cuts.append((m.start(), m.end(), True))
    for m in _LINE_END.finditer(text, start, end):
        cuts.append((m.start(), m.end(), False))
    cuts.sort()
    for cut_start, cut_end, blank in cuts:
        if cut_start < pos:
            continue
        span = _trimmed(text, pos, cut_start)
        if span:
            out.append((span[0], span[1], para))
        if blank:
            para += 1
        pos = cut_end
    span = _trimmed(text, pos, end)
    if span:
        out.append((span[0], span[1], para))
    return out


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _SENT_END.finditer(text, start, end):
        head = text[max(start, m.start() - 12) : m.start() + 1]
        if _ABBREV_TAIL.search(head):
            continue
        span = _trimmed(text, pos, m.end())
        if span:
            spans.append(span)
        pos = m.end()
    span = _trimmed(text, pos, end)
    if span:
        spans.append(span)
    return spans


def split_sentences(text: str) -> list[Sentence]:
    r"""Regex sentence splitter (no model): blank lines, line ends after punctuation, ``. X``.

    >>> [s.text for s in split_sentences("Gen. Ali said. The U.S. left.\nIt was\nwrapped.")]
    ['Gen. Ali said.', 'The U.S. left.', 'It was\nwrapped.']
    """
    out: list[Sentence] = []
    for b_start, b_end, para in _blocks(text, 0, len(text)):
        for s, e in _split_block(text, b_start, b_end):
            out.append(Sentence(len(out), s, e, text[s:e], para))
    return out


def doc_sentences(text: str, doc: Any) -> list[Sentence]:
    """Sentences of a parsed spaCy ``doc`` of ``text``, re-split at blank lines and line ends.

    Paragraph numbers come from blank lines in ``text``.
    """
    para_of = _paragraph_starts(text)
    out: list[Sentence] = []
    for sent in doc.sents:
        for s, e, _ in _blocks(text, sent.start_char, sent.end_char):
            out.append(Sentence(len(out), s, e, text[s:e], _para_at(para_of, s)))
    return out


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _BLANK.finditer(text)]


def _para_at(starts: list[int], pos: int) -> int:
    return max(bisect_right(starts, pos) - 1, 0)
