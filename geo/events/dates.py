"""Date expressions in news text, resolved against the publication date.

Every expression becomes a :class:`DateMention` with a first day (``date``),
a last day (``end``) and an ACLED time precision: 1 a day, 2 a week or a few
days, 3 a month or longer. Rules (news is written in the past tense):

* ``June 27`` / ``27 January`` / ``January 27, 2022`` / ``2022-01-27`` /
  ``27.01.2022``: that day (precision 1). Without a year, the publication
  year; a day more than two days after publication moves back one year.
* ``on Thursday`` / ``said Wednesday``: the most recent such weekday on or
  before publication; ``last Thursday``: strictly before it.
* ``yesterday``, ``today``, ``last night``, ``two days ago``: precision 1.
* A wire story's dateline date (:func:`dateline`) is the reference day of its
  relative dates when it has one (the caller passes it as ``published``).
* ``this week`` (Monday of the publication week → publication), ``last
  week``, ``in the past week``, ``in recent days``: precision 2.
* ``in recent weeks``, ``earlier this month``, ``this month``, ``last
  month``, ``in the past two months``, ``in July``, ``this year``, ``last
  year``, ``in March this year``, ``in April last year``, ``in 2018``,
  ``since 2016``: precision 3 (the whole period).

Relative expressions need the publication date: without one only absolute
dates (with a stated year) resolve; nothing ever falls back to today's date.
``dateparser`` (cached, ``RELATIVE_BASE`` = publication date,
``PREFER_DATES_FROM='current_period'``) only reads numeric dates with slashes.

>>> from datetime import date
>>> [(m.text, m.date.isoformat(), m.precision)
...  for m in find_dates("He said on June 28 that 17 soldiers fled on June 27.", date(2021, 6, 29))]
[('on June 28', '2021-06-28', 1), ('on June 27', '2021-06-27', 1)]
>>> find_dates("Clashes on Thursday.", date(2022, 1, 29))[0].date
datetime.date(2022, 1, 27)
>>> find_dates("Clashes on Thursday.", None)
[]
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from geo.events.quantities import parse_number

MONTHS: dict[str, int] = {}
for _i, _name in enumerate(calendar.month_name):
    if _name:
        MONTHS[_name.lower()] = _i
        MONTHS[_name[:3].lower()] = _i
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

_MON = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMW = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|few|several)"

_MONTH_DAY = re.compile(
    rf"(?:\b(?i:on|since|from|until|by)\s+)?(?:{_WD},?\s+)?\b(?P<mon>{_MON})\s+(?P<day>\d{{1,2}})"
    rf"(?:st|nd|rd|th)?\b(?:(?:\s*[-–]\s*|\s+to\s+)(?P<day2>\d{{1,2}})\b(?!\s+[a-z]))?"
    rf"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
)
_DAY_MONTH = re.compile(
    rf"(?:\b(?i:on|since|from|until|by)\s+)?(?:{_WD},?\s+)?\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:\s*[-–]\s*(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?)?\s+(?:of\s+)?(?P<mon>{_MON})"
    rf"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
)
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b")
_DOTTED = re.compile(r"\b(?P<day>[0-3]?\d)\.(?P<mon>[01]?\d)\.(?P<year>(?:19|20)\d\d)\b")
_SLASHED = re.compile(r"\b\d{1,2}/\d{1,2}/(?:19|20)\d\d\b")
_MONTH_ONLY = re.compile(
    r"\b(?:(?i:in|since|during|until|by|through)\s+)?(?:(?P<part>(?i:early|mid|late))\s*-?\s*)?"
    r"(?:(?P<rel>(?i:last|this))\s+)?"
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November"
    r"|December)(?:,?\s+(?P<year>(?:19|20)\d\d)|\s+(?P<yrel>(?i:this|last))\s+(?i:year))?\b"
)
#: A modal "may" is lower case; the month "May" after a preposition or a part of the
#: month ("in May", "since early May", "last May") is the month.
_MAY_BEFORE = re.compile(
    r"\b(?i:in|since|during|until|by|through|from|early|mid|late|last|this)"
    r"\s+-?$"
)
#: "in the days after (the) July 26 ...", "in the weeks following ...": a period after a day.
_DAYS_AFTER = re.compile(
    r"\b(?:in|during|over)\s+the\s+(?:(?:first|few|following)\s+)?(?P<unit>days|weeks)\s+"
    r"(?:after|following)\s+(?:the\s+)?(?:(?i:on)\s+)?$",
    re.IGNORECASE,
)
#: "... on September 5 of that year": the year the sentence named before.
_THAT_YEAR = re.compile(r"\s*,?\s+(?:of\s+)?that\s+year\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
#: "That year police used tear gas ...", "later that year": the year told before, alone.
_THAT_YEAR_ALONE = re.compile(
    r"\b(?:(?i:in|during|later|earlier|early|late)\s+)?(?i:that)\s+year\b(?![-’'])"
)
#: "back to 2009, when ... on May 11": a year whose "when" clause holds the day that follows.
_YEAR_WHEN = re.compile(r"\b(?P<year>(?:19|20)\d\d),?\s+when\b[^.;]*$")
#: "That August", "in that March": a month of the year told before.
_THAT_BEFORE = re.compile(r"(?:^|(?<=[\s\"“(]))(?:That|(?i:in|by|during|until|of)\s+that)\s+$")
#: How far before a sentence "of that year" may find its year (the sentences just before).
THAT_YEAR_BACK = 600


def year_told_before(text: str, pos: int, start: int = 0) -> int | None:
    """The last year named before ``pos``: in ``text[start:pos]``, else just before ``start``.

    "On June 6 of that year" names no year of its own: it is the year the sentence, or
    the sentences just before it, told last (:data:`THAT_YEAR_BACK` characters).

    >>> t = "Qatar took on the mediation in 2010. On June 6 of that year they signed."
    >>> year_told_before(t, t.index("June"), t.index("On June"))
    2010
    >>> year_told_before("On June 6 of that year they signed.", 3) is None
    True
    """
    found = _YEAR.findall(text, start, pos) or _YEAR.findall(
        text, max(0, start - THAT_YEAR_BACK), start
    )
    return int(found[-1]) if found else None


#: "since the start of February", "since the beginning of the year": the period's first days.
_START_OF = re.compile(
    r"\b(?:(?i:since|from)\s+)?(?i:the\s+(?:start|beginning|outset)\s+of)\s+(?:(?P<this>(?i:the|this))\s+"
    r"(?P<unit>(?i:year|month))|(?P<mon>January|February|March|April|May|June|July|August"
    r"|September|October|November|December)(?:,?\s+(?P<year>(?:19|20)\d\d))?)\b"
)
#: A year alone after a preposition ("in 2018", "since 2016, when ..."): that year.
_YEAR_ONLY = re.compile(
    r"\b(?i:in|since|during|until|by|from)\s+(?:(?i:early|mid|late|mid-)\s*-?)?"
    r"(?P<year>(?:19|20)\d\d)\b(?![-–/.]\d|\s*(?:km|kilomet|miles|metres|people|troops|soldiers))"
)
_WEEKDAY = re.compile(
    rf"\b(?:(?P<mod>(?i:on|last|this past|this|past|since|from|late|early))\s+)?(?P<wd>{_WD})"
    rf"(?:'s)?(?:\s+(?:night|morning|evening|afternoon))?\b"
    rf"(?:(?:\s+(?:and|or|to)\s+(?P<wd2>{_WD}))?(?:\s+(?:night|morning|evening|afternoon))?"
    r"\s+(?:of\s+)?(?P<prev>(?i:last|the\s+previous|the\s+preceding))\s+week\b)?"
)
_RELATIVE = re.compile(
    r"\b(?P<rel>the day before yesterday|yesterday|today|tonight|this morning|earlier today"
    r"|last night|overnight(?!\s+(?:from|into|between|to)\s+(?:Monday|Tuesday|Wednesday|Thursday"
    r"|Friday|Saturday|Sunday))"
    rf"|(?P<n>{_NUMW})\s+(?P<unit>days?|weeks?|months?)\s+ago"
    r"|(?:(?:in|over|during)\s+)?the\s+(?:past|last)\s+(?:(?P<n2>few|couple of|several|\d+|two"
    r"|three"
    r"|four|five|six|seven|eight|nine|ten)\s+)?(?P<unit2>days?|weeks?|months?|24 hours|48 hours)"
    r"|(?:in|over)\s+recent\s+(?P<unit3>days|weeks|months|years)"
    r"|recent\s+(?P<unit4>days|weeks|months)"
    r"|(?:earlier\s+|later\s+)?this\s+(?P<unit5>week|month|year|weekend)"
    r"|(?:(?P<part>early|late|mid-?)\s*)?last\s+(?P<unit6>week|month|year|weekend)"
    r"|(?:over|at|during)\s+the\s+(?P<wkend>weekend)"
    r"|earlier\s+in\s+the\s+(?P<unit7>week|month))\b",
    re.IGNORECASE,
)

_WORD = re.compile(r"[a-z]+")
_NUMERIC_GATE = re.compile(r"\d[./-]\d")
_YEAR_GATE = re.compile(r"\b(?:19|20)\d\d\b")
#: Every relative expression contains one of these words (a cheap gate before the regex).
_RELATIVE_WORDS = frozenset(
    [
        "yesterday",
        "today",
        "tonight",
        "morning",
        "night",
        "overnight",
        "ago",
        "past",
        "last",
        "recent",
        "this",
        "earlier",
        "weekend",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "days",
        "weekend",
    ]
)

#: Speech or publication words: a date attached to them dates a statement, not the event.
_SPEECH_BEFORE = re.compile(
    r"(?:\b(?:said|says|told|announced|reported|stated|claimed|added|noted|warned|declared"
    r"|confirmed|wrote|tweeted|quoted|cited|denied|insisted|stressed|statement|briefing"
    r"|conference|interview|speech|remarks|report|reports|meeting|visit)\b[^.;]{0,12})$",
    re.IGNORECASE,
)
_SPEECH_AFTER = re.compile(
    r"^[\s,]*(?:,\s*)?(?:\b(?:said|says|told|announced|reported|stated|claimed|added|noted"
    r"|warned|declared|confirmed|wrote|tweeted|quoted|denied|insisted|stressed)\b)",
    re.IGNORECASE,
)
#: "On Tuesday the governor said ...": a day told first, then who said it.
_SPEAKER_THEN_SPEECH = re.compile(
    r"\s+(?:the\s+)?(?:[A-Z][\w’'.-]*\s+){1,3}(?:said|says|told|announced|reported|stated"
    r"|claimed|added|confirmed|wrote|denied|insisted)\b"
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A resolved date expression. Offsets index the text that was searched."""

    start: int
    end: int
    text: str
    date: date
    end_date: date
    precision: int
    statement: bool = False
    absolute: bool = False


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    return date(year, month + 1, 1)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_for(month: int, day: int, published: date) -> int:
    """The year of a year-less day: the publication year, unless that is in the future."""
    guess = _safe_date(published.year, month, day)
    if guess is not None and guess > published + timedelta(days=2):
        return published.year - 1
    return published.year


@functools.lru_cache(maxsize=4096)
def dateparser_date(text: str, base: date) -> date | None:
    """Parse ``text`` with dateparser relative to ``base`` (cached); ``None`` if unreadable.

    >>> dateparser_date("27/01/2022", date(2022, 2, 1))
    datetime.date(2022, 1, 27)
    """
    import dateparser

    settings = {
        "RELATIVE_BASE": datetime(base.year, base.month, base.day, 12),
        "PREFER_DATES_FROM": "current_period",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "DATE_ORDER": "DMY",
    }
    parsed = dateparser.parse(text, languages=["en"], settings=settings)  # type: ignore[arg-type]
    return parsed.date() if parsed is not None else None


def _count_word(word: str | None) -> int:
    if not word:
        return 1
    word = word.lower()
    if word in ("few", "a few", "several"):
        return 3
    if word == "couple of":
        return 2
    value = parse_number(word)
    return int(value) if value else 1


def _relative(m: re.Match[str], published: date) -> tuple[date, date, int] | None:
    rel = m.group("rel").lower()
    p = published
    if rel == "the day before yesterday":
        d = p - timedelta(days=2)
        return d, d, 1
    if rel in ("yesterday", "last night") or rel.startswith("overnight"):
        # "overnight" in a report is the night before it: dated by the day it began
        d = p - timedelta(days=1)
        return d, d, 1
    if rel in ("today", "tonight", "this morning", "earlier today"):
        return p, p, 1
    if m.group("wkend"):
        return _last_weekend(p)
    if m.group("unit"):
        n = _count_word(m.group("n"))
        unit = m.group("unit").lower().rstrip("s")
        if unit == "day":
            d = p - timedelta(days=n)
            return d, d, 1
        if unit == "week":
            d = p - timedelta(days=7 * n)
            return d - timedelta(days=3), d + timedelta(days=3), 2
        d = _shift_month(p, -n)
        return (*_month_range(d.year, d.month), 3)
    unit = m.group("unit2")
    if unit:
        n = _count_word(m.group("n2"))
        unit = unit.lower()
        if unit.endswith("hours"):
            return p - timedelta(days=int(unit.split()[0]) // 24), p, 1 if "24" in unit else 2
        if unit.startswith("day"):
            return p - timedelta(days=max(n, 1)), p, 2 if n <= 7 else 3
        if unit.startswith("week"):
            return p - timedelta(days=7 * n), p, 2 if n <= 1 else 3
        return p - timedelta(days=30 * n), p, 3
    unit = (m.group("unit3") or m.group("unit4") or "").lower()
    if unit == "days":
        return p - timedelta(days=7), p, 2
    if unit == "weeks":
        return p - timedelta(days=28), p, 3
    if unit == "months":
        return p - timedelta(days=90), p, 3
    if unit == "years":
        return None
    unit = (m.group("unit5") or m.group("unit7") or "").lower()
    if unit in ("week", "weekend"):
        return _week_start(p), p, 2
    if unit == "month":
        return date(p.year, p.month, 1), p, 3
    if unit == "year":
        return date(p.year, 1, 1), p, 3
    unit = (m.group("unit6") or "").lower()
    part = (m.group("part") or "").lower().rstrip("-")
    if unit == "weekend":
        sat = _week_start(p) - timedelta(days=2)
        return sat, sat + timedelta(days=1), 2
    if unit == "week":
        start = _week_start(p) - timedelta(days=7)
        first, last = _part_of(start, start + timedelta(days=6), part)
        return first, last, 2
    if unit == "month":
        d = _shift_month(p, -1)
        first, last = _part_of(*_month_range(d.year, d.month), part)
        return first, last, 2 if part else 3
    if unit == "year":
        first, last = _part_of(date(p.year - 1, 1, 1), date(p.year - 1, 12, 31), part)
        return first, last, 3
    return None


def _part_of(first: date, last: date, part: str) -> tuple[date, date]:
    """The early, middle or late third of ``first..last`` (the whole span without a part).

    Of a whole month: days 1-10, 11-20 and 21 to the month's end.

    >>> _part_of(date(2021, 6, 1), date(2021, 6, 30), "late")
    (datetime.date(2021, 6, 21), datetime.date(2021, 6, 30))
    >>> _part_of(date(2021, 6, 28), date(2021, 7, 4), "early")
    (datetime.date(2021, 6, 28), datetime.date(2021, 6, 29))
    """
    if not part:
        return first, last
    if first.day == 1 and last == _month_range(first.year, first.month)[1]:
        # a month: days 1-10, 11-20, 21 to its end
        lo, hi = {"early": (1, 10), "mid": (11, 20)}.get(part, (21, last.day))
        return first.replace(day=lo), first.replace(day=hi)
    days = (last - first).days + 1
    third = days // 3
    if part == "early":
        return first, first + timedelta(days=third - 1)
    if part == "late":
        return last - timedelta(days=days - 2 * third - 1), last
    return first + timedelta(days=third), last - timedelta(days=days - 2 * third)


def _last_weekend(p: date) -> tuple[date, date, int]:
    """Saturday and Sunday of the weekend before ``p`` (of ``p`` itself when it is a Sunday).

    >>> _last_weekend(date(2025, 1, 28))  # a Tuesday
    (datetime.date(2025, 1, 25), datetime.date(2025, 1, 26), 2)
    >>> _last_weekend(date(2025, 1, 26))[0]  # a Sunday: the weekend just ending
    datetime.date(2025, 1, 25)
    """
    back = (p.weekday() - 5) % 7 or 7
    sat = p - timedelta(days=back)
    return sat, sat + timedelta(days=1), 2


def _day_expr(m: re.Match[str], published: date | None) -> tuple[date, date, int, bool] | None:
    month = MONTHS.get(m.group("mon").rstrip(".").lower())
    if month is None:
        return None
    day = int(m.group("day"))
    day2 = m.group("day2")
    year_text = m.group("year")
    if year_text:
        year = int(year_text)
    elif published is not None:
        year = _year_for(month, day, published)
    else:
        return None
    first = _safe_date(year, month, day)
    if first is None:
        return None
    if day2:
        last = _safe_date(year, month, int(day2))
        if last is not None and last >= first:
            return first, last, 1 if last == first else 2, bool(year_text)
    return first, first, 1, bool(year_text)


def _weekday(m: re.Match[str], published: date) -> tuple[date, date, int]:
    target = WEEKDAYS[m.group("wd").lower()]
    if m.group("prev"):
        # "on Thursday last week", "Monday and Tuesday of last week": the week before
        start = _week_start(published) - timedelta(days=7)
        d = start + timedelta(days=target)
        if m.group("wd2"):
            d2 = start + timedelta(days=WEEKDAYS[m.group("wd2").lower()])
            if d2 > d:
                return d, d2, 2
        return d, d, 1
    back = (published.weekday() - target) % 7
    mod = (m.group("mod") or "").lower()
    if mod in ("last", "this past", "past") and back == 0:
        back = 7
    d = published - timedelta(days=back)
    return d, d, 1


_DATELINE = re.compile(
    rf"\A\s*[A-Z][A-Z.'’ -]+(?:,\s*[A-Z][\w.'’ -]*){{0,2}},\s*(?P<mon>{_MON})\s+"
    r"(?P<day>\d{1,2})(?:,\s*(?P<year>(?:19|20)\d\d))?\s*[(\-—–:]"
)


def dateline(text: str, published: date | None) -> tuple[date, int, int] | None:
    """The dateline's date of a wire story and its span ("KABUL, March 3 (AP) -").

    Relative days in a datelined story ("yesterday", "on Friday") count from the
    dateline, which may be a day before the publication date.

    >>> dateline("BISHKEK, Sept 17 (dev) - Fighting spread on Friday.", date(2022, 9, 18))
    (datetime.date(2022, 9, 17), 9, 16)
    >>> dateline("Fighting spread on Friday.", date(2022, 9, 18)) is None
    True
    """
    m = _DATELINE.match(text)
    if m is None:
        return None
    month = MONTHS[m.group("mon").lower().rstrip(".")]
    day = int(m.group("day"))
    if m.group("year"):
        year = int(m.group("year"))
    elif published is not None:
        year = _year_for(month, day, published)
    else:
        return None
    d = _safe_date(year, month, day)
    if d is None:
        return None
    return d, m.start("mon"), m.end("day")


def _is_statement(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40) : start]
    after = text[end : end + 20]
    return bool(
        _SPEECH_BEFORE.search(before)
        or _SPEECH_AFTER.match(after)
        or (text[start:end][:3].lower() == "on " and _SPEAKER_THEN_SPEECH.match(text, end))
    )


_LATER = re.compile(
    r"\b(?:(?P<n>a|an|one|two|three|four|five|six|seven|\d{1,2})\s+days?\s+later"
    r"|the\s+(?:next|following)\s+(?P<unit>day|morning|evening|night)"
    r"|the\s+day\s+after"
    r"|(?P<back>a|an|one|two|three|four|five|six|seven|\d{1,2})\s+days?\s+(?:earlier|before)"
    r"|(?P<vague>(?:only\s+|just\s+)?(?:a\s+few\s+|several\s+)?)days\s+(?:earlier|before)"
    r"|(?P<same>(?:that|the\s+same)\s+(?:day|night|evening|morning|afternoon))"
    r"|(?P<aft>a|an|one|two|three|four|five|six|seven|\d{1,2})\s+days?\s+after"
    r"|(?P<vaft>(?:only\s+|just\s+)?(?:a\s+few\s+|several\s+)?)days\s+after)\b",
    re.IGNORECASE,
)
#: Days back of a vague "only days earlier" (precision 2: a few days).
VAGUE_DAYS = 3


def days_later(text: str) -> list[tuple[int, int, int, int]]:
    """``(start, end, days, precision)`` of each "N days later" or "days earlier" of ``text``.

    "the next day", "two days earlier", "only days before" (days back are negative),
    "that day", "the same evening" (0). Such words count from a day the text told before
    (the anchor), not from the publication date. A vague "days earlier" is
    :data:`VAGUE_DAYS` back, to the week. "a day after" / "days after" (their text ends
    in "after") date what follows them, a day or days before the anchor ("declared an
    emergency on Wednesday, a day after troops crossed": the crossing was on Tuesday).

    >>> days_later("A day later two more were hurt; three days later, a truce.")
    [(0, 11, 1, 1), (32, 48, 3, 1)]
    >>> days_later("The two sides pulled back the next day.")
    [(26, 38, 1, 1)]
    >>> days_later("They had met only days earlier."), days_later("They met two days before.")
    ([(13, 30, -3, 2)], [(9, 24, -2, 1)])
    >>> days_later("Later that week the talks resumed.")
    []
    >>> days_later("The same evening police arrested five."), days_later("a day after they met")
    ([(0, 16, 0, 1)], [(0, 11, -1, 1)])
    """
    if not any(w in text for w in ("day", "morning", "evening", "night", "afternoon")):
        return []
    out = []
    for m in _LATER.finditer(text):
        if m.group("same"):
            out.append((m.start(), m.end(), 0, 1))
        elif m.group("aft"):
            out.append((m.start(), m.end(), -max(_count_word(m.group("aft")), 1), 1))
        elif m.group("vaft") is not None:
            out.append((m.start(), m.end(), -VAGUE_DAYS, 2))
        elif m.group("back"):
            out.append((m.start(), m.end(), -max(_count_word(m.group("back")), 1), 1))
        elif m.group("vague") is not None:
            out.append((m.start(), m.end(), -VAGUE_DAYS, 2))
        else:
            n = _count_word(m.group("n")) if m.group("n") else 1
            out.append((m.start(), m.end(), max(n, 1), 1))
    return out


def _same_month_year(text: str, m: re.Match[str], start: int) -> int | None:
    """The year the sentence told the same month with before a day of it names none.

    >>> t = "In June 2019 trucks went through from June 10 to 22, then it shut again."
    >>> _same_month_year(t, _MONTH_DAY.search(t, t.index("from")), 0)
    2019
    >>> t = "In May 2019 trucks went through, and on June 10 it shut again."
    >>> _same_month_year(t, _MONTH_DAY.search(t, t.index("on June")), 0) is None
    True
    """
    mon = m.group("mon").rstrip(".").lower()
    found = None
    for y in _MONTH_YEAR.finditer(text, start, m.start()):
        if y.group("mon").rstrip(".").lower()[:3] == mon[:3]:
            found = int(y.group("year"))
    return found


#: A month told with its year ("June 2019", "in June, 2019").
_MONTH_YEAR = re.compile(rf"\b(?P<mon>{_MON}),?\s+(?P<year>(?:19|20)\d\d)\b")


def find_dates(
    text: str, published: date | None, start: int = 0, end: int | None = None
) -> list[DateMention]:
    """Every resolvable date expression in ``text[start:end]``, in text order, no overlaps.

    ``published`` anchors relative expressions; with ``None`` only dates with a
    stated year are returned.

    >>> from datetime import date
    >>> found = find_dates("Dozens fled in recent weeks, more this week.", date(2021, 7, 9))
    >>> [(m.text, str(m.date), str(m.end_date), m.precision) for m in found][0]
    ('in recent weeks', '2021-06-11', '2021-07-09', 3)
    >>> [(m.text, str(m.date), str(m.end_date), m.precision) for m in found][1]
    ('this week', '2021-07-05', '2021-07-09', 2)
    >>> [(m.text, str(m.date)) for m in find_dates("On 27 January 2022, clashes.", None)]
    [('On 27 January 2022', '2022-01-27')]
    >>> t = "The row dates back to 2009, when the two sides met on May 11."
    >>> [(m.text, str(m.date)) for m in find_dates(t, date(2017, 6, 1))][-1]
    ('on May 11', '2009-05-11')
    >>> t = "The two sides met on May 11, and in 2009 they signed."
    >>> [(m.text, str(m.date)) for m in find_dates(t, date(2017, 6, 1))][0]
    ('on May 11', '2017-05-11')
    >>> t = "Talks failed in 2013. That August boats sailed in."
    >>> [(m.text, str(m.date)) for m in find_dates(t, date(2020, 12, 31), t.index("That"))]
    [('August', '2013-08-01')]
    >>> t = "Talks failed in 2013. Boats sailed in last August."
    >>> [(m.text, str(m.date)) for m in find_dates(t, date(2020, 12, 31), t.index("Boats"))]
    [('in last August', '2020-08-01')]
    """
    end = len(text) if end is None else end
    found: list[tuple[int, int, date, date, int, bool]] = []
    words = set(_WORD.findall(text[start:end].lower()))
    has_month = not words.isdisjoint(MONTHS)
    has_numeric = _NUMERIC_GATE.search(text, start, end) is not None
    has_year = _YEAR_GATE.search(text, start, end) is not None
    for rx in (_MONTH_DAY, _DAY_MONTH) if has_month else ():
        for m in rx.finditer(text, start, end):
            that_year = None if m.group("year") else _THAT_YEAR.match(text, m.end())
            told = year_told_before(text, m.start(), start) if that_year is not None else None
            if that_year is not None and told is not None:
                # "seized on September 5 of that year": the year told before
                year = told
                first = _safe_date(
                    year, MONTHS[m.group("mon").rstrip(".").lower()], int(m.group("day"))
                )
                if first is not None:
                    found.append((m.start(), that_year.end(), first, first, 1, True))
                    continue
            when = None if m.group("year") else _YEAR_WHEN.search(text, start, m.start())
            if when is not None and that_year is None:
                # "dates back to 2009, when they launched a survey on May 11": that year
                first = _safe_date(
                    int(when.group("year")),
                    MONTHS[m.group("mon").rstrip(".").lower()],
                    int(m.group("day")),
                )
                if first is not None:
                    found.append((m.start(), m.end(), first, first, 1, True))
                    continue
            same = None if m.group("year") else _same_month_year(text, m, start)
            if same is not None:
                # "In June 2019 ... from June 10 to 22": the year that month was told with
                got = _day_expr(m, date(same, 12, 31))
                if got is not None:
                    found.append((m.start(), m.end(), got[0], got[1], got[2], True))
                    continue
            got = _day_expr(m, published)
            if got is not None:
                found.append((m.start(), m.end(), got[0], got[1], got[2], got[3]))
    for m in _ISO.finditer(text, start, end) if has_numeric else ():
        d = _safe_date(int(m.group("year")), int(m.group("mon")), int(m.group("day")))
        if d is not None:
            found.append((m.start(), m.end(), d, d, 1, True))
    for m in _DOTTED.finditer(text, start, end) if has_numeric else ():
        d = _safe_date(int(m.group("year")), int(m.group("mon")), int(m.group("day")))
        if d is not None:
            found.append((m.start(), m.end(), d, d, 1, True))
    for m in _SLASHED.finditer(text, start, end) if has_numeric else ():
        base = published or date(int(m.group(0)[-4:]), 1, 1)
        d = dateparser_date(m.group(0), base)
        if d is not None:
            found.append((m.start(), m.end(), d, d, 1, True))
    for m in _MONTH_ONLY.finditer(text, start, end) if has_month else ():
        if (
            m.group("mon") == "May"
            and not (m.group("year") or m.group("part") or m.group("rel"))
            and m.group(0) == "May"
            and not _MAY_BEFORE.search(text, max(start, m.start() - 12), m.start())
        ):
            continue  # "troops may withdraw", "May God help us": not the month
        month = MONTHS[m.group("mon").lower()]
        span_end = m.end()
        that_year = None if m.group("year") else _THAT_YEAR.match(text, m.end())
        told = year_told_before(text, m.start(), start) if that_year is not None else None
        if m.group("year"):
            year = int(m.group("year"))
        elif that_year is not None and told is not None:
            year = told
            span_end = that_year.end()
        elif (
            _THAT_BEFORE.search(text, max(start, m.start() - 12), m.start())
            and (told_that := year_told_before(text, m.start(), start)) is not None
        ):
            year = told_that  # "That August boats sailed in": the year told before
        elif published is None:
            continue
        elif m.group("yrel"):  # "in March this year", "in April last year"
            year = published.year - (m.group("yrel").lower() == "last")
        elif (m.group("rel") or "").lower() == "this":
            year = published.year
        elif (m.group("rel") or "").lower() == "last":  # "last May": before this month
            year = published.year if month < published.month else published.year - 1
        else:
            year = published.year if month <= published.month else published.year - 1
        first, last = _part_of(*_month_range(year, month), (m.group("part") or "").lower())
        precision = 2 if m.group("part") else 3
        found.append((m.start(), span_end, first, last, precision, bool(m.group("year"))))
    for m in _START_OF.finditer(text, start, end) if published is not None else ():
        if m.group("unit"):
            unit = m.group("unit").lower()
            first = date(published.year, 1 if unit == "year" else published.month, 1)
        else:
            month = MONTHS[m.group("mon").lower()]
            year = int(m.group("year")) if m.group("year") else published.year
            if not m.group("year") and month > published.month:
                year -= 1
            first = date(year, month, 1)
        found.append((m.start(), m.end(), first, first + timedelta(days=6), 2, False))
    for m in _THAT_YEAR_ALONE.finditer(text, start, end) if "that" in words else ():
        year = year_told_before(text, m.start(), start)
        if year is not None and (published is None or year <= published.year):
            found.append((m.start(), m.end(), date(year, 1, 1), date(year, 12, 31), 3, True))
    for m in _YEAR_ONLY.finditer(text, start, end) if has_year else ():
        year = int(m.group("year"))
        if published is not None and year > published.year:
            continue
        first, last = date(year, 1, 1), date(year, 12, 31)
        found.append((m.start(), m.end(), first, last, 3, True))
    if published is not None:
        for m in _WEEKDAY.finditer(text, start, end) if not words.isdisjoint(WEEKDAYS) else ():
            d1, d2, p = _weekday(m, published)
            found.append((m.start(), m.end(), d1, d2, p, False))
        rel_ok = not words.isdisjoint(_RELATIVE_WORDS)
        for m in _RELATIVE.finditer(text, start, end) if rel_ok else ():
            got = _relative(m, published)
            if got is not None:
                found.append((m.start(), m.end(), got[0], min(got[1], published), got[2], False))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[DateMention] = []
    last_end = -1
    for s, e, d1, d2, p, absolute in found:
        if s < last_end:
            continue
        after = _DAYS_AFTER.search(text, max(start, s - 40), s) if p == 1 else None
        if after is not None:
            # "in the days after the July 26 coup": the days that followed, not that day
            span = 7 if after.group("unit").lower().startswith("day") else 28
            d1, d2 = d1 + timedelta(days=1), d1 + timedelta(days=span)
            s, p = after.start(), 2 if span == 7 else 3
        out.append(DateMention(s, e, text[s:e], d1, d2, p, _is_statement(text, s, e), absolute))
        last_end = e
    return out


#: What joins two days told of one happening that recurred: "Friday and Saturday",
#: "June 20, June 24 and July 3", "on Monday and again on Wednesday".
_DAY_JOIN = re.compile(
    r"\s+(?:and|or)\s+(?:(?:again|also|then)\s+)?(?:on\s+)?"  # "Friday and (again on) Sunday"
    r"|\s*,\s*(?:(?:and|or)\s+)?",  # a list: "June 20, June 24(,) and July 3"
    re.IGNORECASE,
)
#: A range's first bound: "between June 20 and July 3", "from Friday and ..." is one period.
_RANGE_OPEN = re.compile(r"\b(?:between|from)\s+(?:the\s+)?$", re.IGNORECASE)


def coordinated_days(dates: Sequence[DateMention], day: date, text: str) -> list[date]:
    """The other days told together with ``day``, each a happening of its own.

    ACLED codes one event per day: "air traffic was halted on Friday and Saturday" is two
    closures, "notes dated June 20 and July 3" two notes. Only single days (precision 1,
    not the date of a statement) joined by commas or "and"; "between A and B" is a period.

    >>> text = "Flights were halted on Friday and Saturday, officials said."
    >>> found = find_dates(text, date(2025, 7, 10))
    >>> [str(d) for d in coordinated_days(found, date(2025, 7, 4), text)]
    ['2025-07-05']
    >>> text = "Talks were held between June 20 and July 3."
    >>> coordinated_days(find_dates(text, date(2025, 7, 10)), date(2025, 6, 20), text)
    []
    >>> text = "Shells fell on Monday, and on Wednesday a drone hit the depot."
    >>> coordinated_days(find_dates(text, date(2025, 7, 10)), date(2025, 7, 7), text)
    []
    """
    days = sorted(
        (d for d in dates if d.precision == 1 and not d.statement and d.end_date == d.date),
        key=lambda d: d.start,
    )
    at = next((k for k, d in enumerate(days) if d.date == day), None)
    if at is None:
        return []
    lo = hi = at
    while lo > 0 and _DAY_JOIN.fullmatch(text, days[lo - 1].end, days[lo].start):
        lo -= 1
    while hi + 1 < len(days) and _DAY_JOIN.fullmatch(text, days[hi].end, days[hi + 1].start):
        hi += 1
    gaps = [text[days[k].end : days[k + 1].start].strip() for k in range(lo, hi)]
    if (
        lo == hi
        or _RANGE_OPEN.search(text, 0, days[lo].start)
        or gaps[-1] == ","  # a comma alone: an apposition, not a list closed by "and"
        or (len(gaps) == 1 and gaps[0][:1] == ",")  # ", and on Wednesday ...": a new clause
    ):
        return []
    return sorted({d.date for d in days[lo : hi + 1]} - {day})
