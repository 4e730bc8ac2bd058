"""Named lines: de facto and historical lines the news names ("Line of Control", "Blue Line").

The cited table ``geo/data/places/lines/*.csv`` (columns :data:`LINE_COLUMNS`, described
in ``geo/data/places/SOURCES.md``, checked by ``tools/check_lines.py``) lists each line
with its names, short forms, the country pair(s) it separates (``pairs``, ``IN-PK``) or
the one state it lies inside (``within``), other countries an article about it names
(``context``) and, only where a page gives one, a representative point.

A line is a *named border*: the geoparser recognises its whole name as one mention
(never "Blue" or "Durand" alone) and resolves it like "the Tajik-Afghan border", to the
dyad of its pair, with no confident point (:func:`choose_line`, then the resolver's border
code). A name several lines share ("Green Line": Cyprus, Israel/Palestine, Beirut) is
resolved by the countries the article names, and stays unresolved with the reason when
they do not decide. A line inside one state, or at sea, has no border geometry: it is
placed at its cited point (precision 3) or stays unresolved.

>>> idx = line_index()
>>> [line.id for line in idx.senses("green line")]
['green-line-israel', 'green-line-beirut', 'green-line-cyprus']
>>> choose_line(idx.senses("durand line"), {"AF": 1.0}).pairs
(('AF', 'PK'),)
>>> choose_line(idx.senses("green line"), {"US": 2.0})[:41]
"named line 'Green Line': the article name"
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from geo.errors import DataError
from geo.names import fold

#: Columns of a line file, in order.
LINE_COLUMNS: tuple[str, ...] = (
    "id", "name", "alt_names", "short_names", "kind", "pairs", "within", "context",
    "lat", "lon", "source", "notes",
)  # fmt: skip
#: ``kind``: a line, a zone along a line (buffer zones), a line at sea.
LINE_KINDS: tuple[str, ...] = ("line", "zone", "maritime")
#: Folder of the line files under ``geo/data/places``.
LINES_DIR = Path(__file__).resolve().parents[1] / "data" / "places" / "lines"
LINE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CODE = re.compile(r"^[A-Z]{2}$")
#: Words after a line's name that make it a transit line ("the Blue Line bus").
_TRANSIT = (
    "bus buses train trains tram trams metro subway station stations stop stops route routes "
    "service services extension platform platforms car cars rail railway trolley riders "
    "ridership commuters commuter light passengers trip trips schedule fares"
)
TRANSIT_WORDS = frozenset(_TRANSIT.split())


@dataclass(frozen=True)
class NamedLine:
    """One row of the line table.

    ``pairs`` are alphabetically ordered ISO alpha-2 pairs; ``within`` the state a line
    lies inside; ``countries`` every country an article about the line may name.
    """

    id: str
    name: str
    names: tuple[str, ...]
    short_names: tuple[str, ...]
    kind: str
    pairs: tuple[tuple[str, str], ...]
    within: str
    context: tuple[str, ...]
    lat: float | None
    lon: float | None
    source: str

    @property
    def countries(self) -> tuple[str, ...]:
        """The pair countries, the containing state and the context countries, once each.

        >>> line_index().senses("blue line")[0].countries
        ('IL', 'LB')
        """
        codes = [c for pair in self.pairs for c in pair]
        codes += [self.within] if self.within else []
        return tuple(dict.fromkeys([*codes, *self.context]))

    @property
    def label(self) -> str:
        """The line's name and where it lies, for reasons.

        >>> line_index().senses("blue line")[0].label
        'Blue Line (IL–LB)'
        """
        where = ", ".join("–".join(p) for p in self.pairs) or f"in {self.within}"
        return f"{self.name} ({where})"


def _split(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split("|") if p.strip()]


def _pairs(text: str | None) -> list[tuple[str, ...]]:
    return [tuple(p.strip() for p in part.split("-")) for part in _split(text)]


def check_line_row(row: Mapping[str, str | None]) -> list[str]:
    """The problems of one row (cross-row checks are in :func:`check_line_rows`).

    >>> row = {"id": "blue-line", "name": "Blue Line", "alt_names": "", "short_names": "",
    ...        "kind": "line", "pairs": "IL-LB", "within": "", "context": "", "lat": "",
    ...        "lon": "", "source": "https://x.org", "notes": ""}
    >>> check_line_row(row)
    []
    >>> check_line_row(dict(row, pairs="LB-IL|IL-ZZ", within="LB", source="", lat="91"))
    ... # doctest: +NORMALIZE_WHITESPACE
    ["pair 'LB-IL' not in alphabetical order", "country 'ZZ' unknown",
     'give pairs or within, not both', 'empty source', 'lat/lon must be both empty or a point']
    """
    from geo.countries import country_by_alpha2

    problems = []
    if None in row:
        problems.append("more cells than columns")
    if not LINE_ID.match((row.get("id") or "").strip()):
        problems.append(f"id {row.get('id')!r} is not a lower-case slug")
    if not (row.get("name") or "").strip():
        problems.append("empty name")
    if row.get("kind") not in LINE_KINDS:
        problems.append(f"kind {row.get('kind')!r} not in {', '.join(LINE_KINDS)}")
    pairs = _pairs(row.get("pairs"))
    within = (row.get("within") or "").strip()
    codes = [c for p in pairs for c in p] + ([within] if within else [])
    codes += _split(row.get("context"))
    for pair in pairs:
        if len(pair) != 2 or pair[0] == pair[1]:
            problems.append(f"pair {'-'.join(pair)!r} is not two different countries")
        elif list(pair) != sorted(pair):
            problems.append(f"pair {'-'.join(pair)!r} not in alphabetical order")
    for code in codes:
        if not _CODE.match(code) or country_by_alpha2(code) is None:
            problems.append(f"country {code!r} unknown")
    if bool(pairs) == bool(within):
        problems.append("give pairs or within, not both" if pairs else "give pairs or within")
    if not (row.get("source") or "").strip():
        problems.append("empty source")
    elif "http" not in (row.get("source") or ""):
        problems.append("source cites no page address")
    lat, lon = (row.get("lat") or "").strip(), (row.get("lon") or "").strip()
    try:
        point_ok = (not lat and not lon) or (-90 <= float(lat) <= 90 and -180 <= float(lon) <= 180)
    except ValueError:
        point_ok = False
    if not point_ok:
        problems.append("lat/lon must be both empty or a point")
    names = [row.get("name") or "", *_split(row.get("alt_names"))]
    folded = [fold(n) for n in names]
    for k, key in enumerate(folded):
        if not key:
            problems.append(f"name {names[k]!r} folds to nothing")
        elif key in folded[:k]:
            problems.append(f"name {names[k]!r} repeats another name of the row")
    shorts = _split(row.get("short_names"))
    if len(set(shorts)) != len(shorts):
        problems.append("a short name repeats")
    return problems


def check_line_rows(rows: Sequence[Mapping[str, str | None]]) -> list[str]:
    """The problems of a whole table, ``id: message``: rows, unique ids, unique names per pair.

    Two lines may share a name ("Green Line") only if they lie between different
    countries: within one country pair (or one state) every name and short name is unique.

    >>> base = {"id": "a", "name": "Blue Line", "alt_names": "", "short_names": "",
    ...         "kind": "line", "pairs": "IL-LB", "within": "", "context": "", "lat": "",
    ...         "lon": "", "source": "https://example.org", "notes": ""}
    >>> check_line_rows([base, dict(base, id="b", name="UN Line", alt_names="Blue line")])
    ["b: name 'Blue line' also names a (same countries IL-LB)"]
    """
    problems = []
    seen_ids: set[str] = set()
    owner: dict[tuple[str, str], str] = {}
    for row in rows:
        rid = (row.get("id") or "").strip()
        problems += [f"{rid}: {p}" for p in check_line_row(row)]
        if rid in seen_ids:
            problems.append(f"{rid}: id repeated")
        seen_ids.add(rid)
        places = ["-".join(p) for p in _pairs(row.get("pairs"))] or [(row.get("within") or "")]
        names = [row.get("name") or "", *_split(row.get("alt_names"))]
        keys = [fold(n) for n in names] + [f"short:{s}" for s in _split(row.get("short_names"))]
        labels = names + _split(row.get("short_names"))
        for place in places:
            for key, label in zip(keys, labels, strict=True):
                other = owner.setdefault((place, key), rid)
                if other != rid:
                    problems.append(
                        f"{rid}: name {label!r} also names {other} (same countries {place})"
                    )
    return problems


def _line(row: Mapping[str, str]) -> NamedLine:
    lat, lon = (row.get("lat") or "").strip(), (row.get("lon") or "").strip()
    return NamedLine(
        id=row["id"].strip(),
        name=row["name"].strip(),
        names=tuple(dict.fromkeys([row["name"].strip(), *_split(row.get("alt_names"))])),
        short_names=tuple(_split(row.get("short_names"))),
        kind=row["kind"].strip(),
        pairs=tuple((p[0], p[1]) for p in _pairs(row.get("pairs"))),
        within=(row.get("within") or "").strip(),
        context=tuple(_split(row.get("context"))),
        lat=float(lat) if lat else None,
        lon=float(lon) if lon else None,
        source=row["source"].strip(),
    )


def read_line_rows(paths: Iterable[Path]) -> list[dict[str, str]]:
    """The rows of the line files, each with its file name under ``_file``."""
    rows = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if tuple(reader.fieldnames or ()) != LINE_COLUMNS:
                raise DataError(f"{path}: columns must be {', '.join(LINE_COLUMNS)}")
            rows += [dict(r, _file=path.name) for r in reader]
    return rows


@functools.lru_cache(maxsize=4)
def load_lines(folder: Path = LINES_DIR) -> tuple[NamedLine, ...]:
    """Every named line of ``folder/*.csv``; a bad table raises :class:`DataError`.

    >>> len(load_lines()) >= 25
    True
    """
    rows = read_line_rows(sorted(folder.glob("*.csv")))
    problems = check_line_rows(rows)
    if problems:
        raise DataError(f"{folder}: " + "; ".join(problems[:5]))
    return tuple(_line(r) for r in rows)


@dataclass(frozen=True)
class LineIndex:
    """Folded full names and exact short names -> the lines they name, in table order."""

    by_name: Mapping[str, tuple[NamedLine, ...]]
    by_short: Mapping[str, tuple[NamedLine, ...]]
    max_words: int
    #: The first word (folded) of every full name: where a name may start.
    first_words: frozenset[str] = frozenset()

    def senses(self, key: str) -> tuple[NamedLine, ...]:
        """The lines a folded full name names.

        >>> [x.id for x in line_index().senses("line of contact")]
        ['line-of-contact-karabakh', 'line-of-contact-ukraine']
        """
        return self.by_name.get(key, ())


@functools.lru_cache(maxsize=4)
def line_index(folder: Path = LINES_DIR) -> LineIndex:
    """The index of :func:`load_lines`.

    >>> line_index().by_short["LAC"][0].name
    'Line of Actual Control'
    """
    by_name: dict[str, list[NamedLine]] = {}
    by_short: dict[str, list[NamedLine]] = {}
    for line in load_lines(folder):
        for name in line.names:
            by_name.setdefault(fold(name), []).append(line)
        for short in line.short_names:
            by_short.setdefault(short, []).append(line)
    words = max((len(k.split()) for k in by_name), default=0)
    return LineIndex(
        {k: tuple(dict.fromkeys(v)) for k, v in by_name.items()},
        {k: tuple(dict.fromkeys(v)) for k, v in by_short.items()},
        words,
        frozenset(k.split()[0] for k in by_name),
    )


def choose_line(senses: Sequence[NamedLine], focus: Mapping[str, float]) -> NamedLine | str:
    """The sense of a line name the article's countries (``focus``) pick, or the reason why none.

    Every sense needs a country of it named in the article (a line is never placed by
    its name alone: "the Blue Line" of a city's metro names no country); several senses
    need one that wins.

    >>> senses = line_index().senses("green line")
    >>> choose_line(senses, {"CY": 1.0, "TR": 0.5}).id
    'green-line-cyprus'
    >>> choose_line(senses, {"LB": 1.0}).id
    'green-line-beirut'
    >>> print(choose_line(senses, {"IL": 1.0, "CY": 1.0}).split(": ")[1])
    the article's countries fit several of its senses (Green Line (in CY), Green Line (IL–PS))
    """
    if not senses:
        return "named line: not in the line table"
    scored = sorted(
        ((sum(focus.get(c, 0.0) for c in line.countries), k) for k, line in enumerate(senses)),
        reverse=True,
    )
    best, k = scored[0]
    name = senses[0].name
    if best <= 0:
        where = "; ".join(line.label for line in senses)
        return f"named line {name!r}: the article names none of its countries ({where})"
    if len(scored) > 1 and scored[1][0] >= best:
        tied = ", ".join(senses[j].label for s, j in scored if s >= best)
        return f"named line {name!r}: the article's countries fit several of its senses ({tied})"
    return senses[k]


def pick_pair(line: NamedLine, focus: Mapping[str, float]) -> tuple[str, str] | None:
    """The country pair of ``line`` the article's countries favour (the first on a tie).

    >>> radcliffe = line_index().senses("radcliffe line")[0]
    >>> pick_pair(radcliffe, {"BD": 1.0, "IN": 1.0})
    ('BD', 'IN')
    >>> pick_pair(radcliffe, {})
    ('IN', 'PK')
    """
    if not line.pairs:
        return None
    return max(line.pairs, key=lambda p: (sum(focus.get(c, 0.0) for c in p), -line.pairs.index(p)))
