"""tokenize (the fast one) equals the straightforward per-token implementation."""

from __future__ import annotations

import bisect
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.geoparse.tokens import (
    _TOKEN_RE,
    _URL_RE,
    Token,
    _fold,
    tokenize,
    url_spans,
)

_POSSESSIVE_RE = re.compile(r"['’]s$", re.IGNORECASE)


def _is_sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and (text[i] in " \t" or text[i] in "\"“‘'([«*"):
        i -= 1
    return i < 0 or text[i] == "\n" or text[i] in ".!?:;" or text[i] in '”"»'


def reference_tokenize(text: str) -> tuple[Token, ...]:
    """The former implementation: a regex per word, a binary search per token."""
    urls = [m.span() for m in _URL_RE.finditer(text)]
    raw = []
    for m in _TOKEN_RE.finditer(text):
        start, end = m.span()
        word = m.group()
        if _POSSESSIVE_RE.search(word) and len(word) > 3:
            end -= 2
            word = word[:-2]
        raw.append((start, end, word))
    line_start = [0, *(m.end() for m in re.finditer("\n", text))]
    lines: dict[int, list[str]] = {}
    for start, _end, word in raw:
        lines.setdefault(line_start[bisect.bisect_right(line_start, start) - 1], []).append(word)
    headlines = set()
    for first, words in lines.items():
        content = [w for w in words if len(w) > 3 and w[0].isalpha()]
        if len(content) >= 3:
            caps = sum(1 for w in content if w[0].isupper())
            if caps / len(content) >= 0.8 and len(words) <= 30:
                headlines.add(first)
    tokens = []
    for start, end, word in raw:
        in_url = any(s <= start < e for s, e in urls)
        upper = word.isupper() and sum(1 for c in word if c.isalpha()) > 1
        tokens.append(
            Token(
                start=start,
                end=end,
                text=word,
                fold=_fold(word),
                cap=word[0].isupper(),
                upper=upper,
                sent_start=_is_sentence_start(text, start),
                in_url=in_url,
                headline=line_start[bisect.bisect_right(line_start, start) - 1] in headlines,
            )
        )
    return tuple(tokens)


PIECES = st.sampled_from(
    [
        "Kunduz",
        "Kyrgyzstan’s",
        "Taliban's",
        "ALLIES'S",
        "Isfaraſ",
        "’ſ",
        "US'S",
        "it's",
        "U.S.",
        "MOSCOW",
        "201st",
        "Qo'qon",
        "www.kabul.af",
        "24.kg",
        "https://x.com/a_b",
        "mail@asia.tj",
        "news.tv",
        " ",
        "  ",
        "\n",
        "\n\n",
        ". ",
        "! ",
        ", ",
        "-",
        "—",
        '"',
        "“",
        "(",
        "*",
        "Border Guards Said",
        "near",
        "the",
        "In",
        "é",
        "Ōsh",
        "x.com",
        "co",
        ".co ",
    ]
)
TEXTS = st.lists(PIECES, max_size=60).map("".join) | st.text(max_size=200)


@settings(max_examples=400, deadline=None)
@given(text=TEXTS)
def test_tokenize_equals_reference(text: str) -> None:
    assert tokenize(text) == reference_tokenize(text)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_url_precheck_never_hides_a_url(text: str) -> None:
    assert url_spans(text) == [m.span() for m in _URL_RE.finditer(text)]
