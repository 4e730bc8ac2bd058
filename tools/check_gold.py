#!/usr/bin/env python3
"""Check the event gold of the evaluation sets against the conventions of ``docs/annotation.md``.

``bench/dev/check_dev.py`` checks the *format* of a set; this checks the *conventions* the
writers of different sets drew differently, so that one-to-one event scores compare like
with like. Two kinds of finding:

* **errors** (a rule the gold can follow mechanically; the test ``tests/test_gold_conventions.py``
  asks for none on every set):

  - ``fine-type``: a ``fine_type`` under a ``type`` it does not belong to (a withdrawal is
    ``ceasefire_or_talks``, an arrest or abduction a ``capture``, a protest between states
    ``ceasefire_or_talks`` ...; :data:`FINE_TYPE_OF`);
  - ``month-only``: a date the sentence gives only as a month ("in March 2021") not coded on
    the month's mid-point at time precision 3, or a part of a month ("late April") not on the
    part's mid-point at precision 2 (ACLED codes a month-precise event on the month's mid-point;
    "last month" / "this month" read against the article's ``published:`` date;
    :func:`month_date`; :data:`ACCEPTED` lists the few the text dates otherwise);
  - ``duplicate``: two events of one article alike in sentence, type, fine type, date,
    place, actors and counts (ACLED's unit: same day, place, actors and kind is one event).

* **hints** (a pattern worth a reader's look; printed with ``--hints``, never failing):

  - ``withdrawal-words``: a sentence with a verb of pulling back coded as a deployment or
    a crossing;
  - ``state-or-habit``: a sentence of a standing state or habit ("remain", "routine",
    "every day", "is common");
  - ``re-mention``: a later event of the article with the same type, date and place as an
    earlier one, from another sentence;
  - ``place-not-in-sentence``: the event's place is not named in its sentence (a speaker's
    city, the dateline, or a place known from before);
  - ``listed-places``: a sentence that lists places ("A, B and C") with fewer events of a
    type than places listed (one event per named place; a figure given for the whole list
    stays on one event);
  - ``month-start``: a date on a month's first day at day precision whose sentence names
    no first day (often a month given as its first day, or a day from elsewhere).

Usage::

    python tools/check_gold.py [--hints] [--table] [SET_DIR ...]

With no set, every ``bench/dev`` and ``bench/heldout*`` folder is checked. ``--table`` prints,
per ``fine_type``, the ``type`` each set gives it. Exit status 1 when there are errors.
"""

from __future__ import annotations

import argparse
import calendar
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

#: The ``type`` (or types) each ``fine_type`` belongs to (docs/annotation.md, "Types").
FINE_TYPE_OF: dict[str, tuple[str, ...]] = {
    "shelling": ("armed_clash",),
    "air_drone_strike": ("armed_clash",),
    "attack": ("armed_clash",),
    "sabotage_accusation": ("armed_clash",),
    "surrender": ("armed_clash", "capture", "forces_cross_border"),
    "arrest": ("capture",),
    "abduction": ("capture",),
    "recapture": ("capture",),
    "trade_or_border_closure": ("blockade",),
    "mediation_talks": ("ceasefire_or_talks",),
    "ceasefire_agreement": ("ceasefire_or_talks",),
    "commanders_meeting": ("ceasefire_or_talks",),
    "protest": ("ceasefire_or_talks",),
    "withdrawal": ("ceasefire_or_talks",),
    "reinforcement": ("deployment",),
    "evacuation": ("displacement",),
}

#: Gold events a rule flags whose reading the text itself settles otherwise, with the reason.
ACCEPTED: dict[tuple[str, str, str], str] = {
    ("heldout6", "bolivia_peru_desaguadero_2023", "02-e3"): (
        "'since this month's blockades began': the sentence before dates their start to Jan. 4"
    ),
    ("heldout5", "chad_sudan_adre_2023", "01-e6"): (
        "the war in Khartoum 'about a week' before fighting that broke out in late April: "
        "the text's own reckoning gives mid-April"
    ),
}

#: Toponym categories of places an event can be at, one event each when a sentence lists them.
_PLACE_CATEGORIES = frozenset({"populated place", "border crossing", "admin2", "facility"})

MONTHS = {name: i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name: i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["Sept"] = 9
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
#: A month named with a day before or after it: "3 March", "March 3", "Jan. 4", "3rd of March".
_DAY_MONTH = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?)\b(?!\d)"
)
#: A month named alone (capitalised, as English writes it), with the part of it the text
#: gives ("early", "mid-", "late", "the end of" ...) and a year: "in March", "late April 2023".
_MONTH_WORD = re.compile(
    r"(?:\b(?P<part>[Ee]arly|[Ll]ate|[Mm]id-|[Mm]iddle of|(?:the )?(?:start|beginning|end) of)\s*)?"
    rf"\b(?P<month>{_MONTH})(?![\w-])(?:,?\s+(?P<year>\d{{4}}))?"
)
#: A month named by its place before publication: "last month", "late last month", "this month"
#: (not "earlier this month", a span from the month's start to the story's day).
_RELATIVE_MONTH = re.compile(
    r"(?:\b(?P<part>[Ee]arly|[Ll]ate|[Mm]id-|(?:the )?(?:start|beginning|end) of)\s*)?"
    r"(?<![Ee]arlier )(?<![Ll]ater )\b(?P<which>[Ll]ast|[Tt]his) month\b"
)
#: Where ACLED puts an event known to a part of a month: the part's mid-point, and the
#: precision of a period about a week long (2); a whole month is its mid-point at precision 3.
_PART_DAY = {"early": 5, "start": 5, "beginning": 5, "mid": 15, "middle": 15, "late": 25, "end": 25}
#: Words that give a day without a day number.
_DAY_WORDS = re.compile(
    r"\b(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|yesterday|today|tonight|overnight|"
    r"this morning|this afternoon|this evening|last night|the day before|the next day|"
    r"the following day|a day later|hours? later|days? later|same day|that day)\b",
    re.I,
)
_FIRST_DAY = re.compile(r"\b(?:1|1st|first)\b", re.I)
_WITHDRAWAL = re.compile(
    r"\b(?:withdr[ae]w\w*|withdrawn|withdrawals?|pull(?:ed|ing|s)?\s+(?:back|out)|"
    r"(?:fell|fall(?:ing|s)?)\s+back|retreat\w*|disengag\w*)\b",
    re.I,
)
_STATE_OR_HABIT = re.compile(
    r"\b(?:remains?|remained|remaining|routine(?:ly)?|every (?:day|week|night)|daily|"
    r"(?:is|are|was|were) common|usually|regularly|habitually|still (?:shut|closed|held|"
    r"stationed|deployed)|has been (?:shut|closed) since|have been (?:shut|closed) since)\b",
    re.I,
)


@dataclass(frozen=True)
class Finding:
    """One finding: where (set, conflict, file, event id), which rule, what."""

    set: str
    conflict: str
    file: str
    event: str
    rule: str
    message: str
    error: bool

    def __str__(self) -> str:
        kind = "error" if self.error else "hint"
        return (
            f"{self.set}/{self.conflict}/{self.file}: {self.event}: {kind} {self.rule}: "
            f"{self.message}"
        )


def _mid_point(year: str, month: int, part: str | None) -> tuple[str, int]:
    """ACLED's day and precision for a month (mid-point, 3) or a part of it (its mid-point, 2).

    >>> _mid_point("2021", 3, None), _mid_point("2021", 3, "the end of")
    (('2021-03-15', 3), ('2021-03-25', 2))
    """
    if part:
        key = part.lower().replace("the ", "").replace(" of", "").rstrip("-")
        return f"{year}-{month:02d}-{_PART_DAY[key]:02d}", 2
    return f"{year}-{month:02d}-15", 3


def month_date(
    sentence: str, date: str | None, published: str | None = None
) -> tuple[str, int] | None:
    """The date and precision of ``date`` when ``sentence`` gives it only by its month, else None.

    A month alone is the month's mid-point at time precision 3; a part of a month ("early",
    "mid-", "late", "the end of") the part's mid-point at precision 2. A sentence that names a
    day (a number with the month, a weekday, "yesterday") gives more than the month: None.
    With the article's ``published`` date, "last month" and "this month" (and their parts)
    are the month before or of publication.

    >>> month_date("Troops crossed in March 2021, officials said.", "2021-03-01")
    ('2021-03-15', 3)
    >>> month_date("The row flared in late October, when soldiers came.", "2010-10-21")
    ('2010-10-25', 2)
    >>> month_date("Since early August migrants have been stuck.", "2021-08-08")
    ('2021-08-05', 2)
    >>> month_date("Troops crossed on 3 March, officials said.", "2021-03-03") is None
    True
    >>> month_date("Troops crossed on Monday, as they had in March.", "2021-03-15") is None
    True
    >>> month_date("Officials may meet in June.", "2021-05-15") is None
    True
    >>> month_date("In November the council met, and in December it voted.", "2010-12-07")
    ('2010-12-15', 3)
    >>> month_date("Aircraft bombed the county last month.", "2012-03-01", "2012-04-11")
    ('2012-03-15', 3)
    >>> month_date("The chiefs met late last month.", "2020-12-22", "2021-01-09")
    ('2020-12-25', 2)
    >>> month_date("Forces came in February and again this month.", "2021-02-11", "2021-03-20")
    ('2021-02-15', 3)
    """
    if not date or _DAY_MONTH.search(sentence) or _DAY_WORDS.search(sentence):
        return None
    month = int(date[5:7])
    for m in _MONTH_WORD.finditer(sentence):
        word, part = m.group("month").rstrip("."), m.group("part")
        if (
            word == "May"
            and not (part or m.group("year"))
            and not re.search(
                r"\b(?:[Ii]n|[Oo]f|[Ss]ince|[Ll]ast|[Tt]hat|[Bb]y|[Uu]ntil)\s+$",
                sentence[: m.start()],
            )
        ):
            continue  # the verb "may" opening a sentence
        if MONTHS.get(word) != month or (m.group("year") and m.group("year") != date[:4]):
            continue
        return _mid_point(date[:4], month, part)
    rel = _RELATIVE_MONTH.search(sentence) if published else None
    if rel and published:
        year, mon = int(published[:4]), int(published[5:7])
        if rel.group("which").lower() == "last":
            year, mon = (year - 1, 12) if mon == 1 else (year, mon - 1)
        return _mid_point(f"{year:04d}", mon, rel.group("part"))
    return None


def _events(gold: dict) -> Iterator[tuple[str, dict, dict]]:
    for fname, entry in gold["files"].items():
        for ev in entry.get("events", []):
            yield fname, entry, ev


def _loc(ev: dict) -> str | None:
    return ev["location"]["surface"] if ev.get("location") else None


def check_gold(
    gold: dict, set_name: str = "", published: dict[str, str] | None = None
) -> list[Finding]:
    """Findings of one conflict's ``gold.json`` (loaded); ``published``: file name -> ISO date.

    >>> ev = {"id": "01-e1", "type": "deployment", "fine_type": "withdrawal", "date": "2021-03-01",
    ...       "time_precision": 1, "actors": ["A"], "location": None,
    ...       "sentence": "In March 2021 the troops withdrew."}
    >>> gold = {"conflict": "c", "files": {"01_a.txt": {"toponyms": [], "events": [ev]}}}
    >>> for f in check_gold(gold, "dev"): print(f.rule, f.error)
    fine-type True
    month-only True
    withdrawal-words False
    >>> ev.update(type="ceasefire_or_talks", date="2021-03-15", time_precision=3)
    >>> check_gold(gold, "dev")
    []
    """
    out: list[Finding] = []
    conflict = gold.get("conflict", "")

    def add(fname: str, ev: dict, rule: str, msg: str, error: bool) -> None:
        out.append(Finding(set_name, conflict, fname, ev.get("id", "?"), rule, msg, error))

    for fname, _entry, ev in _events(gold):
        fine, typ, sent = ev.get("fine_type"), ev["type"], ev["sentence"]
        if fine and typ not in FINE_TYPE_OF.get(fine, (typ,)):
            add(
                fname,
                ev,
                "fine-type",
                f"{typ}/{fine}: a {fine} is {' or '.join(FINE_TYPE_OF[fine])}",
                True,
            )
        date, tp = ev.get("date"), ev.get("time_precision")
        want = month_date(sent, date, (published or {}).get(fname))
        accepted = (set_name, conflict, ev.get("id", "")) in ACCEPTED
        if want and want != (date, tp) and not accepted:
            add(
                fname,
                ev,
                "month-only",
                f"{date} p{tp}: the sentence gives only the month: {want[0]} p{want[1]}",
                True,
            )
        elif date and date.endswith("-01") and tp == 1 and not _FIRST_DAY.search(sent):
            add(fname, ev, "month-start", f"{date} p1 and no first day in the sentence", False)
        if typ in ("deployment", "forces_cross_border") and _WITHDRAWAL.search(sent):
            add(fname, ev, "withdrawal-words", f"{typ}/{fine or '-'}: {sent[:100]!r}", False)
        if _STATE_OR_HABIT.search(sent):
            word = _STATE_OR_HABIT.search(sent).group(0)  # type: ignore[union-attr]
            add(fname, ev, "state-or-habit", f"{typ} {word!r}: {sent[:100]!r}", False)
        loc = _loc(ev)
        if loc and not re.search(r"(?<!\w)" + re.escape(loc) + r"(?!\w)", sent):
            add(fname, ev, "place-not-in-sentence", f"{loc!r} not in {sent[:80]!r}", False)
    for fname, entry in gold["files"].items():
        events = entry.get("events", [])
        seen: dict[tuple, dict] = {}
        by_kind: dict[tuple, dict] = {}
        for ev in events:
            key = (
                ev["sentence"],
                ev["type"],
                ev.get("fine_type"),
                ev.get("date"),
                _loc(ev),
                tuple(sorted(ev.get("actors", []))),
                json.dumps(ev.get("counts"), sort_keys=True),
            )
            if key in seen:
                add(
                    fname,
                    ev,
                    "duplicate",
                    f"same sentence, kind, day, place, actors as {seen[key]['id']}",
                    True,
                )
            seen.setdefault(key, ev)
            kind = (ev["type"], ev.get("date"), _loc(ev))
            first = by_kind.get(kind)
            if first and _loc(ev) and first["sentence"] != ev["sentence"]:
                add(
                    fname,
                    ev,
                    "re-mention",
                    f"{ev['type']} {ev.get('date')} at {_loc(ev)!r} as {first['id']}",
                    False,
                )
            by_kind.setdefault(kind, ev)
        places = {
            t["surface"] for t in entry.get("toponyms", []) if t["category"] in _PLACE_CATEGORIES
        }
        by_sentence: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for ev in events:
            by_sentence[(ev["sentence"], ev["type"])].append(ev)
        for (sent, typ), evs in by_sentence.items():
            listed = listed_places(sent, places)
            if len(listed) > len(evs):
                add(
                    fname,
                    evs[0],
                    "listed-places",
                    f"{len(listed)} places listed {listed}, {len(evs)} {typ} event(s)",
                    False,
                )
    return out


def listed_places(sentence: str, places: set[str]) -> list[str]:
    """The places of ``places`` the sentence lists together ("A, B and C", "A and B"), sorted.

    >>> towns = {"Halta", "Kfarchouba", "Habbariyeh"}
    >>> listed_places("Fire hit Kfarchouba, Halta and Habbariyeh.", towns)
    ['Habbariyeh', 'Halta', 'Kfarchouba']
    >>> listed_places("Fire from Halta hit Kfarchouba.", {"Halta", "Kfarchouba"})
    []
    """
    named = sorted(
        (p for p in places if re.search(r"(?<!\w)" + re.escape(p) + r"(?!\w)", sentence)),
        key=len,
        reverse=True,
    )
    if len(named) < 2:
        return []
    alt = "|".join(re.escape(p) for p in named)
    sep = r"(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?"
    out: set[str] = set()
    for m in re.finditer(rf"(?<!\w)(?:{alt})(?:{sep}(?:{alt}))+(?!\w)", sentence):
        out |= {p for p in named if re.search(r"(?<!\w)" + re.escape(p) + r"(?!\w)", m.group(0))}
    return sorted(out)


def set_dirs(root: Path = REPO / "bench") -> list[Path]:
    """The evaluation sets under ``root``: ``dev`` and every ``heldout*`` folder, sorted.

    >>> [p.name for p in set_dirs()][:2]
    ['dev', 'heldout']
    """
    return sorted(
        (p for p in root.iterdir() if p.is_dir() and re.fullmatch(r"dev|heldout\d*", p.name)),
        key=lambda p: (p.name != "dev", len(p.name), p.name),
    )


def check_set(set_dir: Path) -> list[Finding]:
    """Findings of every ``gold.json`` of one set folder."""
    out: list[Finding] = []
    for path in sorted(set_dir.glob("*/gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        out.extend(check_gold(gold, set_dir.name, published_dates(path.parent)))
    return out


def published_dates(conflict_dir: Path) -> dict[str, str]:
    """The ``published:`` header date of each article file of a conflict folder.

    >>> published_dates(REPO / "bench" / "dev" / "kosovo_serbia_2023")["02_serbian_buildup.txt"]
    '2023-09-30'
    """
    out: dict[str, str] = {}
    for art in sorted(conflict_dir.glob("*.txt")):
        m = re.search(r"^published:\s*(\d{4}-\d\d-\d\d)\s*$", art.read_text(encoding="utf-8"), re.M)
        if m:
            out[art.name] = m.group(1)
    return out


def fine_type_table(dirs: Iterable[Path]) -> dict[str, Counter]:
    """Per ``fine_type`` (``-`` for none), how often each set gives it each ``type``."""
    table: dict[str, Counter] = defaultdict(Counter)
    for d in dirs:
        for path in sorted(d.glob("*/gold.json")):
            for _, _, ev in _events(json.loads(path.read_text(encoding="utf-8"))):
                table[ev.get("fine_type") or "-"][(d.name, ev["type"])] += 1
    return dict(table)


def main(argv: list[str] | None = None) -> int:
    """Command line: print findings, exit 1 on errors."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sets", nargs="*", type=Path, help="set folders (default: all)")
    ap.add_argument("--hints", action="store_true", help="print hints too")
    ap.add_argument("--table", action="store_true", help="print fine_type -> type per set")
    args = ap.parse_args(argv)
    dirs = args.sets or set_dirs()
    findings = [f for d in dirs for f in check_set(d)]
    for f in findings:
        if f.error or args.hints:
            print(f)
    if args.table:
        for fine, counts in sorted(fine_type_table(dirs).items()):
            types = Counter()
            for (_, typ), n in counts.items():
                types[typ] += n
            print(f"{fine}: " + ", ".join(f"{t} {n}" for t, n in types.most_common()))
    by_rule = Counter((f.rule, f.error) for f in findings)
    print(
        "; ".join(f"{r} {'error' if e else 'hint'} {n}" for (r, e), n in sorted(by_rule.items()))
        or "no findings",
        file=sys.stderr,
    )
    return 1 if any(f.error for f in findings) else 0


if __name__ == "__main__":
    sys.exit(main())
