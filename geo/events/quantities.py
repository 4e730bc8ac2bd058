"""Numbers as news writes them: digits, words, vague quantities, qualifiers.

>>> parse_number("1,000"), parse_number("seventeen"), parse_number("two dozen")
(1000, 17, 24)
>>> parse_number("1.5 thousand"), parse_number("twenty-five"), parse_number("20 000")
(1500, 25, 20000)
>>> parse_number("one and a half thousand")
1500
>>> text = "more than 1,000 soldiers and dozens of posts"
>>> [(q.value, q.qualifier, q.text) for q in find_quantities(text)]
[(1000, 'more than', 'more than 1,000'), (24, 'dozens', 'dozens')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"dozen": 12, "score": 20, "hundred": 100, "thousand": 1000, "million": 1_000_000}
_SCALE_ABBR = {"k": 1000, "m": 1_000_000, "mln": 1_000_000}

#: Vague plurals → (lower bound, upper bound). The lower bound is the Count value.
VAGUE: dict[str, tuple[int, int]] = {
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2000, 9999),
    "tens of thousands": (20000, 99999),
    "hundreds of thousands": (200000, 999999),
    "a dozen": (12, 12),
    "a few dozen": (24, 60),
    "several dozen": (24, 99),
    "a handful": (3, 6),
}

#: Qualifier words → canonical qualifier.
QUALIFIERS: dict[str, str] = {
    "at least": "at least",
    "no fewer than": "at least",
    "no less than": "at least",
    "a minimum of": "at least",
    "more than": "more than",
    "over": "more than",
    "upwards of": "more than",
    "in excess of": "more than",
    "about": "about",
    "around": "about",
    "some": "about",
    "roughly": "about",
    "approximately": "about",
    "an estimated": "about",
    "estimated": "about",
    "nearly": "about",
    "almost": "about",
    "close to": "about",
    "up to": "up to",
    "as many as": "up to",
    "fewer than": "less than",
    "less than": "less than",
    "under": "less than",
}

_WORD_NUM = "|".join(sorted(list(_UNITS) + list(_SCALES), key=len, reverse=True))
_NUM_WORDS = rf"(?:(?:{_WORD_NUM})(?:[\s-]+(?:and\s+)?(?:a\s+half|{_WORD_NUM}))*)"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:\u00a0|\s)\d{3}(?!\d)|\d+(?:\.\d+)?)"
_NUMBER = rf"(?:{_DIGITS}(?:\s*(?:{'|'.join(_SCALES)})s?\b|\s?(?:k|mln)\b)?|{_NUM_WORDS})"
_VAGUE = "|".join(sorted(map(re.escape, VAGUE), key=len, reverse=True))
_QUAL = "|".join(sorted(map(re.escape, QUALIFIERS), key=len, reverse=True))

QUANTITY = re.compile(
    rf"(?<![\w.,])(?:(?P<qual>{_QUAL})\s+)?(?:(?P<vague>{_VAGUE})|(?P<num>{_NUMBER}))(?![\w])",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"[\s-]+")


def parse_number(text: str) -> int | None:
    """Value of a written number ("two thousand", "1.5 thousand", "20,000"); ``None`` if not one.

    >>> parse_number("three hundred and fifty"), parse_number("flowers")
    (350, None)
    """
    t = text.strip().lower().replace("\u00a0", " ")
    m = re.fullmatch(rf"({_DIGITS})\s*([a-z]+)?", t)
    if m:
        raw = m.group(1).replace(",", "").replace(" ", "")
        try:
            value = float(raw)
        except ValueError:
            return None
        scale_word = (m.group(2) or "").rstrip("s") if m.group(2) not in _SCALE_ABBR else m.group(2)
        if scale_word:
            scale = _SCALES.get(scale_word) or _SCALE_ABBR.get(scale_word)
            if scale is None:
                return None
            value *= scale
        return round(value)
    half = re.fullmatch(r"(.+?)\s+and\s+a\s+half\s+(hundred|thousand|million)", t)
    if half:
        base = parse_number(half.group(1))
        return None if base is None else round((base + 0.5) * _SCALES[half.group(2)])
    total = 0
    current = 0
    seen = False
    for word in _SPLIT.split(t):
        if word in ("", "and"):
            continue
        if word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word in _SCALES:
            scale = _SCALES[word]
            current = max(current, 1) * scale
            if scale >= 1000:
                total += current
                current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number found in text: lower-bound value, qualifier, upper bound for ranges."""

    start: int
    end: int
    text: str
    value: int
    qualifier: str | None
    upper: int | None = None


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every number or vague quantity in ``text[start:end]`` (single "a"/"an" excluded).

    >>> [(q.value, q.qualifier) for q in find_quantities("at least seventeen, up to 1.5 thousand")]
    [(17, 'at least'), (1500, 'up to')]
    """
    end = len(text) if end is None else end
    out: list[Quantity] = []
    for m in QUANTITY.finditer(text, start, end):
        qual_word = (m.group("qual") or "").lower()
        qualifier = QUALIFIERS.get(qual_word) if qual_word else None
        vague = m.group("vague")
        if vague:
            low, high = VAGUE[vague.lower()]
            vq = "dozens" if "dozen" in vague.lower() and low != high else vague.lower()
            if low == high:
                vq = qualifier or "about"
            out.append(Quantity(m.start(), m.end(), m.group(0), low, qualifier or vq, high))
            continue
        num = m.group("num")
        if num.lower() in ("a", "an", "one") and not qualifier:
            continue
        value = parse_number(num)
        if value is None:
            continue
        if qual_word == "some" and value < 2:
            continue
        out.append(Quantity(m.start(), m.end(), m.group(0), value, qualifier))
    return out
