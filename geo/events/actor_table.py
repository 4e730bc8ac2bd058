"""The cited actor table (``geo/data/actors/actors.csv``) and its matcher.

Each row names one actor the news reports on — a state's armed forces,
border guards, police or security service, a non-state armed group, an
international organisation or a peacekeeping mission — with its aliases, its
home country, its kind and the ACLED actor category it falls under. A new
conflict is new rows here, not new code.

Columns: ``name`` (canonical), ``aliases`` (``|``-separated literal spellings,
the name included when it is used as written), ``country`` (ISO 3166-1
alpha-2 of the home state, empty for international bodies), ``kind`` (one of
:data:`KINDS`), ``acled_inter`` (ACLED's 1–8 category code, see
:data:`ACLED_INTER`), ``generic`` (how a mention reads, see below) and
``source`` (a public page about the actor).

``generic`` says what a mention stands for:

* empty — the actor itself, under ``name``;
* ``forces`` / ``border`` — the state's armed forces / border guards as a
  whole ("IDF" is the Israeli armed forces, "BSF" India's border guards): the
  mention takes the same canonical name that "Israeli troops" or "Indian border
  guards" get, so one state's forces are one actor whatever the wording;
* ``country_forces`` — this row's name replaces the default "<Demonym> armed
  forces" of its country for every generic mention ("Afghan soldiers").

Matching is literal and whole-word: all-capital acronyms and short aliases
must match their case exactly ("ELN", not "eln"); longer aliases match in any
ASCII case ("Indian army" = "Indian Army"). A possessive ``'s`` belongs to the
mention.

>>> table = load_actor_table()
>>> table.by_name["M23"].country, table.by_name["M23"].acled_inter
('CD', 2)
>>> [(m.row.name, m.text) for m in table.find("Clashes with M23 rebels near Goma.")]
[('M23', 'M23')]
>>> [m.row.name for m in table.find("UNIFIL's chief and the Lebanese army met.")]
['UNIFIL', 'Lebanese Armed Forces']
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

import ahocorasick

from geo.errors import DataError

#: The table's columns, in order.
COLUMNS: tuple[str, ...] = (
    "name", "aliases", "country", "kind", "acled_inter", "generic", "source",
)  # fmt: skip

#: Kinds of actor rows.
KINDS: tuple[str, ...] = (
    "state_forces", "border_force", "police", "intelligence", "government_body",
    "rebel_group", "political_militia", "identity_militia", "private_military",
    "international_org", "international_mission", "international_force",
    "peacekeeping_mission", "unidentified",
)  # fmt: skip

#: ACLED's actor categories (the ``inter`` codes of the ACLED codebook).
ACLED_INTER: dict[int, str] = {
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}

GENERIC_VALUES: tuple[str, ...] = ("", "forces", "border", "country_forces")

#: Kinds whose actors stand for their state (their side is the state's side).
STATE_KINDS: frozenset[str] = frozenset(
    {"state_forces", "border_force", "police", "intelligence", "government_body"}
)

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True, slots=True)
class ActorRow:
    """One row of the actor table."""

    name: str
    aliases: tuple[str, ...]
    country: str | None
    kind: str
    acled_inter: int
    generic: str
    source: str

    @property
    def is_state(self) -> bool:
        """Whether the actor acts for its state (armed forces, border guards, police...).

        >>> load_actor_table().by_name["Border Security Force"].is_state
        True
        """
        return self.kind in STATE_KINDS


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """A table actor found in text: offsets, the text as written and its row."""

    start: int
    end: int
    text: str
    row: ActorRow


def _case_sensitive(alias: str) -> bool:
    """Acronyms and short aliases must match their case exactly.

    >>> _case_sensitive("ELN"), _case_sensitive("M23"), _case_sensitive("Indian Army")
    (True, True, False)
    """
    letters = [c for c in alias if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return len(alias) <= 5 or (len(letters) > 0 and upper * 2 > len(letters))


class ActorTable:
    """The rows, indexed by name, with a whole-word alias matcher."""

    def __init__(self, rows: tuple[ActorRow, ...]) -> None:
        self.rows = rows
        self.by_name: dict[str, ActorRow] = {r.name: r for r in rows}
        self.country_forces: dict[str, str] = {
            r.country: r.name for r in rows if r.generic == "country_forces" and r.country
        }
        auto = ahocorasick.Automaton()
        keys: dict[str, list[tuple[str, bool, ActorRow]]] = {}
        for row in rows:
            for alias in row.aliases:
                key = alias.translate(_ASCII_LOWER)
                keys.setdefault(key, []).append((alias, _case_sensitive(alias), row))
        for key, entries in keys.items():
            auto.add_word(key, (len(key), tuple(entries)))
        auto.make_automaton()
        self._automaton = auto

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[ActorMatch]:
        """Whole-word alias matches in ``text[start:end]``, longest first, not overlapping."""
        end = len(text) if end is None else end
        low = text.translate(_ASCII_LOWER)
        hits: list[ActorMatch] = []
        for last, (length, entries) in self._automaton.iter(low, start, end):
            s, e = last - length + 1, last + 1
            if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "-_"):
                continue
            if e < len(text) and (text[e].isalnum() or (text[e] == "-" and text[e - 1] != ".")):
                continue
            written = text[s:e]
            row = next((r for alias, cs, r in entries if not cs or alias == written), None)
            if row is None:
                continue
            if text.startswith(("'s", "’s"), e) and not text[e + 2 : e + 3].isalnum():
                e += 2
            hits.append(ActorMatch(s, e, text[s:e], row))
        hits.sort(key=lambda h: (h.start, -h.end))
        out: list[ActorMatch] = []
        taken = -1
        for h in hits:
            if h.start >= taken:
                out.append(h)
                taken = h.end
        return out

    def __iter__(self) -> Iterator[ActorRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def parse_rows(lines: list[str], origin: str = "actors.csv") -> tuple[ActorRow, ...]:
    """Rows of an actor table from CSV lines; :class:`DataError` on a malformed row.

    >>> text = ["name,aliases,country,kind,acled_inter,generic,source",
    ...         "M23,M23|March 23 Movement,CD,rebel_group,2,,https://example.org/m23"]
    >>> parse_rows(text)[0].aliases
    ('M23', 'March 23 Movement')
    """
    reader = csv.DictReader(lines)
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise DataError(f"{origin}: columns must be {','.join(COLUMNS)}")
    rows = []
    for n, rec in enumerate(reader, start=2):
        try:
            inter = int(rec["acled_inter"])
        except (TypeError, ValueError):
            raise DataError(f"{origin}:{n}: acled_inter must be 1-8") from None
        if rec["kind"] not in KINDS or inter not in ACLED_INTER:
            raise DataError(f"{origin}:{n}: unknown kind {rec['kind']!r} or inter {inter}")
        if rec["generic"] not in GENERIC_VALUES:
            raise DataError(f"{origin}:{n}: generic must be one of {GENERIC_VALUES}")
        aliases = tuple(a.strip() for a in rec["aliases"].split("|") if a.strip())
        rows.append(
            ActorRow(
                name=rec["name"].strip(),
                aliases=aliases,
                country=rec["country"].strip() or None,
                kind=rec["kind"],
                acled_inter=inter,
                generic=rec["generic"],
                source=rec["source"].strip(),
            )
        )
    return tuple(rows)


@functools.lru_cache(maxsize=1)
def load_actor_table() -> ActorTable:
    """The packaged actor table (read once per process)."""
    path = resources.files("geo") / "data" / "actors" / "actors.csv"
    text = path.read_text(encoding="utf-8")
    return ActorTable(parse_rows(text.splitlines(), "geo/data/actors/actors.csv"))


__all__ = [
    "ACLED_INTER",
    "COLUMNS",
    "KINDS",
    "STATE_KINDS",
    "ActorMatch",
    "ActorRow",
    "ActorTable",
    "load_actor_table",
    "parse_rows",
]
