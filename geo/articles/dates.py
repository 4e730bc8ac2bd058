"""Publication dates: from header values, or from a dateline near the top of the text.

A small explicit parser for the formats news headers and datelines use, so
the result is predictable (no locale guessing):

* ISO ``2021-07-09`` (a time may follow), ``2021/07/09``
* ``09.07.2021`` (day first, as everywhere dots are used)
* ``09/07/2021`` only when unambiguous (a part above 12, or day == month)
* ``July 9, 2021``, ``Jul. 09 2021``, ``9 July 2021``, ``Fri, 09 Jul 2021 10:00:00 +0000``
* Russian ``27 января 2022 г.``

Two-digit years and dates without a year are never accepted.

>>> parse_date("2021-06-29 [from the URL path; no date line in the seed text]")
datetime.date(2021, 6, 29)
>>> parse_date("July 9, 2021"), parse_date("09.07.2021")
(datetime.date(2021, 7, 9), datetime.date(2021, 7, 9))
>>> parse_date("03/04/2021") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime

_MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        "january jan январь января",
        "february feb февраль февраля",
        "march mar март марта",
        "april apr апрель апреля",
        "may май мая",
        "june jun июнь июня",
        "july jul июль июля",
        "august aug август августа",
        "september sep sept сентябрь сентября",
        "october oct октябрь октября",
        "november nov ноябрь ноября",
        "december dec декабрь декабря",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _i
del _i, _names, _name

_MONTH = "(?P<{g}>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_PATTERNS = (
    r"(?P<y1>\d{4})-(?P<m1>\d{1,2})-(?P<d1>\d{1,2})(?![\d])",
    r"(?P<y2>\d{4})/(?P<m2>\d{1,2})/(?P<d2>\d{1,2})(?![\d/])",
    r"(?<![\d.])(?P<d3>\d{1,2})\.(?P<m3>\d{1,2})\.(?P<y3>\d{4})(?![\d])",
    r"(?<![\d/])(?P<a4>\d{1,2})/(?P<b4>\d{1,2})/(?P<y4>\d{4})(?![\d])",
    _MONTH.format(g="mn5") + r"\s+(?P<d5>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y5>\d{4})(?![\d])",
    r"(?<![\d])(?P<d6>\d{1,2})(?:st|nd|rd|th)?\s+"
    + _MONTH.format(g="mn6")
    + r",?\s+(?P<y6>\d{4})(?![\d])",
)
#: Any supported date, searched for in text.
DATE_RE = re.compile(r"(?<![\w])(?:" + "|".join(_PATTERNS) + r")", re.IGNORECASE)
_LEADING_RE = re.compile(r"\s*" + _WEEKDAY + r"(?:" + "|".join(_PATTERNS) + r")", re.IGNORECASE)

MIN_YEAR, MAX_YEAR = 1900, 2100


def _to_date(m: re.Match[str]) -> date | None:
    g = m.groupdict()
    try:
        if g["y1"]:
            y, mo, d = int(g["y1"]), int(g["m1"]), int(g["d1"])
        elif g["y2"]:
            y, mo, d = int(g["y2"]), int(g["m2"]), int(g["d2"])
        elif g["y3"]:
            y, mo, d = int(g["y3"]), int(g["m3"]), int(g["d3"])
        elif g["y4"]:
            a, b, y = int(g["a4"]), int(g["b4"]), int(g["y4"])
            if a > 12 >= b or a == b:
                d, mo = a, b
            elif b > 12 >= a:
                mo, d = a, b
            else:
                return None
        elif g["y5"]:
            y, mo, d = int(g["y5"]), _MONTHS[g["mn5"].lower()], int(g["d5"])
        else:
            y, mo, d = int(g["y6"]), _MONTHS[g["mn6"].lower()], int(g["d6"])
        if not MIN_YEAR <= y <= MAX_YEAR:
            return None
        return date(y, mo, d)
    except (ValueError, KeyError, TypeError):
        return None


def parse_date(value: object) -> date | None:
    """Return the date a header value starts with, else ``None``.

    Accepts ``date``/``datetime`` objects (YAML front matter yields them) and
    strings; anything after the date (a time, an annotator's remark) is ignored.

    >>> parse_date("Fri, 09 Jul 2021 10:00:00 +0000"), parse_date("2021-06-22T08:15:00Z")
    (datetime.date(2021, 7, 9), datetime.date(2021, 6, 22))
    >>> parse_date("2021-07-07 (inferred: said Wednesday)")
    datetime.date(2021, 7, 7)
    >>> parse_date("unknown") is None, parse_date("2021-02-30") is None
    (True, True)
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    m = _LEADING_RE.match(value[:200])
    if m is None:
        return None
    rest = value[m.end() : m.end() + 2]
    if rest[:1].isalnum() and not (rest[:1] in "Tt" and rest[1:2].isdigit()):
        return None
    return _to_date(m)


def iter_dates(text: str) -> Iterator[tuple[date, int, int]]:
    """Yield ``(date, start, end)`` for every valid date written in ``text``.

    >>> [(d.isoformat(), s) for d, s, _ in iter_dates("on 9 July 2021 and 2021-13-01")]
    [('2021-07-09', 3)]
    """
    for m in DATE_RE.finditer(text):
        d = _to_date(m)
        if d is not None:
            yield d, m.start(), m.end()


#: Where to look for a dateline or date stamp: this many non-blank lines ...
HEAD_LINES = 6
#: ... within this many characters of the start of the body.
HEAD_CHARS = 1000
#: A dateline starts within this many characters of its line.
DATELINE_START = 60
#: A date-stamp line holds the date and at most this many other words.
STAMP_MAX_WORDS = 5

_URL = re.compile(r"(?:https?://|www\.)\S+|\]\([^)\s]*\)|<[a-z]+://[^>\s]*>", re.IGNORECASE)
_DATELINE = re.compile(
    r"(?<![\w])[A-Z][A-Z'’.-]{2,}(?:[ -][A-Z][A-Z'’.-]+)*"  # MOSCOW, DUSHANBE, NEW DELHI
    r"(?:,[^\n:()]{0,40}?)?"  # , July 9, 2021
    r"\s*(?:\([^()\n]{2,40}\))?"  # (Reuters)
    r"\s*(?::|\s[-–—]\s)"
)


def find_text_date(body: str) -> tuple[date, str] | None:
    r"""Find the publication date near the top of an article body.

    Looks at the first :data:`HEAD_LINES` non-blank lines within
    :data:`HEAD_CHARS` characters, URLs blanked out (related-article links
    carry other dates). A date counts if it is part of a dateline (before the
    ``:`` or dash that ends ``MOSCOW (RIA Novosti):`` / ``DUSHANBE, July 9,
    2021 (Reuters) -``) → ``"dateline"``, or if its line is a date stamp (the
    date plus at most :data:`STAMP_MAX_WORDS` other words, e.g. ``July 09,
    2021`` or ``Published: 9 July 2021 10:15``) → ``"text"``. Dates inside
    prose sentences are event dates and are never taken.

    >>> find_text_date(" date 2022-01-27 MOSCOW (RIA Novosti): CSTO called ...")
    (datetime.date(2022, 1, 27), 'dateline')
    >>> find_text_date("Headline\n\nBy AFP\n\nJuly 09, 2021\n\nRussia said ...")
    (datetime.date(2021, 7, 9), 'text')
    >>> find_text_date("On July 7, 2021, the Taliban seized the crossing.") is None
    True
    """
    head = _URL.sub(lambda m: " " * len(m.group()), body[:HEAD_CHARS])
    seen = 0
    for line in head.split("\n"):
        if not line.strip():
            continue
        seen += 1
        if seen > HEAD_LINES:
            break
        for d, start, end in iter_dates(line):
            dl = _DATELINE.search(line[:200])
            if dl is not None and dl.start() <= DATELINE_START and end <= dl.end():
                return d, "dateline"
            rest = line[:start] + " " + line[end:]
            if len(re.findall(r"\w+", rest)) <= STAMP_MAX_WORDS:
                return d, "text"
    return None
