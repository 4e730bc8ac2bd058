"""Word tokens with exact offsets, their folded forms, and where they stand.

The recogniser works on these tokens, not on spaCy's: they exist with or
without a model, and their offsets are Python ``str`` indices into the text.

>>> toks = tokenize("Fighting near Mazar-i-Sharif, Kyrgyzstan’s U.S. ally.")
>>> [(t.text, t.fold) for t in toks][2:6]
[('Mazar', 'mazar'), ('i', 'i'), ('Sharif', 'sharif'), ('Kyrgyzstan', 'kyrgyzstan')]
>>> toks[0].sent_start, toks[1].sent_start, toks[6].text
(True, False, 'U.S.')
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from geo.names import fold

_TOKEN_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.S., N.Y.
    r"|[^\W\d_](?:[^\W_]|['’ʼʻ`](?=[^\W\d_]))*"  # words, Qo'qon, Kyrgyzstan's
    r"|\d+(?:st|nd|rd|th)?\b"  # 201st
)
_POSSESSIVE_RE = re.compile(r"['’]s$", re.IGNORECASE)
#: URLs, e-mail addresses and bare domain names: never matched inside.
_URL_RE = re.compile(
    r"(?:https?://|ftp://|www\.)[^\s<>\"'\]\)]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|info|int|mil|io|co|news|tv|fm|uk|ru|kg|tj|"
    r"af|uz|kz|tm|pk|in|cn|de|fr|ua|by|am|ge|az|ir|tr|us|eu|me)\b(?:/[^\s<>\"'\]\)]*)?"
)
#: Gaps allowed between two words of one name: spaces or one line break,
#: a hyphen or dash without spaces, or an abbreviation dot ("St. Louis").
_NAME_GAP_RE = re.compile(r"[ \t]*\n?[ \t]*|[-‐‑–—]|\.[ \t]+|\.")
_OPENERS = "\"“‘'([«*"
_SENTENCE_ENDS = ".!?:;"


class Token(NamedTuple):
    """One word: offsets into the text, surface, fold and position flags.

    An immutable named tuple (cheap to build: an article has thousands).
    """

    start: int
    end: int
    text: str
    fold: str
    #: Starts with an upper-case letter (or is all digits-and-caps like "U.S.").
    cap: bool
    #: Every letter is upper case ("MOSCOW", "CSTO").
    upper: bool
    #: First word of a sentence or line (capitalised for grammar, not as a name).
    sent_start: bool
    #: Inside a URL, e-mail address or domain name.
    in_url: bool
    #: On a title-case line (a headline or link text).
    headline: bool


#: Every match of :data:`_URL_RE` contains one of these (a cheap pre-check).
_URL_HINT_RE = re.compile(
    r"://|www\.|@|\.(?:com|org|net|gov|edu|info|int|mil|io|co|news|tv|fm|uk|ru|kg|tj|"
    r"af|uz|kz|tm|pk|in|cn|de|fr|ua|by|am|ge|az|ir|tr|us|eu|me)\b"
)
#: Possessive endings ``_POSSESSIVE_RE`` matches (``s`` case-insensitively is s, S, ſ).
_POSSESSIVE_ENDS = tuple(q + s for q in "'’" for s in "sSſ")


def url_spans(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) spans of URLs, e-mail addresses and domain names.

    >>> text = "See https://x.com/tajikistan and 24.kg today."
    >>> [text[s:e] for s, e in url_spans(text)]
    ['https://x.com/tajikistan', '24.kg']
    """
    if _URL_HINT_RE.search(text) is None:
        return []
    return [m.span() for m in _URL_RE.finditer(text)]


#: Characters skipped backwards, and those that then mark a sentence start.
_BEFORE_WORD = frozenset(" \t" + _OPENERS)
_STARTS_AFTER = frozenset("\n" + _SENTENCE_ENDS + '”"»')


def _is_sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _BEFORE_WORD:
        i -= 1
    return i < 0 or text[i] in _STARTS_AFTER


_NEWLINE_RE = re.compile("\n")


@functools.lru_cache(maxsize=100_000)
def _fold(word: str) -> str:
    return fold(word)


#: ``Token(*fields)`` without the named tuple's Python-level ``__new__`` (a call less per word).
_new_token = tuple.__new__


def tokenize(text: str) -> tuple[Token, ...]:
    """Split ``text`` into word tokens with folded forms and flags.

    A possessive ``'s`` is cut off ("Kyrgyzstan’s" gives "Kyrgyzstan").

    >>> [t.text for t in tokenize("Visit www.kabul.af or Kabul's bazaar")]
    ['Visit', 'www', 'kabul', 'af', 'or', 'Kabul', 'bazaar']
    >>> [t.in_url for t in tokenize("Visit www.kabul.af or Kabul's bazaar")][1:4]
    [True, True, True]
    """
    urls = url_spans(text)
    # Offsets where lines begin; tokens come in text order, so each token's
    # line is found by walking forward (no search per token).
    line_start = [0, *(m.end() for m in _NEWLINE_RE.finditer(text))]
    n_lines = len(line_start)
    raw: list[tuple[int, int, str, int]] = []  # start, end, word, line start
    line_i = 0
    for m in _TOKEN_RE.finditer(text):
        start, end = m.span()
        word = m.group()
        if len(word) > 3 and word.endswith(_POSSESSIVE_ENDS):
            end -= 2
            word = word[:-2]
        while line_i + 1 < n_lines and line_start[line_i + 1] <= start:
            line_i += 1
        raw.append((start, end, word, line_start[line_i]))
    headlines = _headline_lines(raw)
    tokens = []
    url_i = 0
    n_urls = len(urls)
    for start, end, word, line in raw:
        in_url = False
        if n_urls:
            while url_i < n_urls and urls[url_i][1] <= start:
                url_i += 1
            in_url = url_i < n_urls and urls[url_i][0] <= start < urls[url_i][1]
        # str.isupper: every cased character upper case and at least one of them.
        upper = word.isupper() and sum(1 for c in word if c.isalpha()) > 1
        fields = (
            start,
            end,
            word,
            _fold(word),
            word[0].isupper(),
            upper,
            _is_sentence_start(text, start),
            in_url,
            line in headlines,
        )
        tokens.append(_new_token(Token, fields))
    return tuple(tokens)


def _headline_lines(raw: list[tuple[int, int, str, int]]) -> set[int]:
    """Return the start offsets of lines written in Title Case.

    ``raw`` holds (start, end, word, start of the word's line) per word.
    """
    lines: dict[int, list[str]] = {}
    for _start, _end, word, line in raw:
        lines.setdefault(line, []).append(word)
    out = set()
    for line_start, words in lines.items():
        content = [w for w in words if len(w) > 3 and w[0].isalpha()]
        if len(content) >= 3:
            caps = sum(1 for w in content if w[0].isupper())
            if caps / len(content) >= 0.8 and len(words) <= 30:
                out.add(line_start)
    return out


def joinable(text: str, left: Token, right: Token) -> bool:
    """Return True when ``left`` and ``right`` may be words of one name.

    >>> text = "Mazar-i Sharif, Balkh"
    >>> a, b, c, d = tokenize(text)
    >>> joinable(text, a, b), joinable(text, b, c), joinable(text, c, d)
    (True, True, False)
    """
    gap = text[left.end : right.start]
    if not _NAME_GAP_RE.fullmatch(gap):
        return False
    if gap.startswith("."):
        # only after a short abbreviation: "St. Louis", "Ft. Worth"
        return left.cap and len(left.text) <= 3 and not left.upper
    return True
