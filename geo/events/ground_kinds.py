"""Kinds of ground a control claim is about: the word table ``geo/data/events/ground_kinds.csv``.

One row per term: a ``noun`` ("town", "border post") or a ``sub_event_type`` of the
trigger table, with the ``roles`` it plays in the control-claim rules of
:mod:`geo.events.extract` (``|``-separated):

* ``claimed_unit``: the unit a claim's verb names right after it ("controls the border
  district", "occupied the town");
* ``claim_gap``: a kind word between a claim's verb and the place it names ("held the
  town of X");
* ``owned_noun``: ground a sovereignty cue calls one's own ("the disputed post stands on
  its territory");
* ``ground_first``: ground named first, the cue after it ("the crossing was secured");
* ``ground_around`` (sub-event types only): cues that name their ground anywhere in the
  sentence.

The rules are patterns of language and stay in code; the words live here, once.

>>> "island" in ground_terms("owned_noun"), "island" in ground_terms("claim_gap")
(True, True)
>>> sorted(ground_terms("ground_around"))[0]
'annexation or new unit'
>>> import re
>>> bool(re.fullmatch(ground_alternation("ground_first"), "border post"))
True
"""

from __future__ import annotations

import csv
import functools
import re
from importlib import resources

from geo.errors import DataError

#: The roles a term may play.
ROLES: tuple[str, ...] = (
    "claimed_unit",
    "claim_gap",
    "owned_noun",
    "ground_first",
    "ground_around",
)
#: Kinds of term, and the roles each may play.
KIND_ROLES: dict[str, frozenset[str]] = {
    "noun": frozenset(ROLES[:4]),
    "sub_event_type": frozenset({"ground_around"}),
}
COLUMNS: tuple[str, ...] = ("term", "kind", "roles", "note")
_TERM = re.compile(r"^[a-z]+(?: [a-z]+)*$")


def check_rows(rows: list[dict[str, str]]) -> list[str]:
    """The problems of the table's rows (empty: the table is fine).

    >>> check_rows([{"term": "town", "kind": "noun", "roles": "claim_gap", "note": "a town"}])
    []
    >>> check_rows([{"term": "Town", "kind": "noun", "roles": "ground_around|x", "note": ""},
    ...             {"term": "town", "kind": "verb", "roles": "", "note": "n"}])
    ... # doctest: +NORMALIZE_WHITESPACE
    ["row 2: term 'Town' is not lower-case words", "row 2: role 'ground_around' not for a noun",
     "row 2: unknown role 'x'", 'row 2: empty note', "row 3: unknown kind 'verb'",
     'row 3: no role']
    """
    problems = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        term, kind = (row.get("term") or "").strip(), (row.get("kind") or "").strip()
        roles = [r for r in (row.get("roles") or "").split("|") if r]
        if not _TERM.match(term):
            problems.append(f"row {line}: term {term!r} is not lower-case words")
        if term in seen:
            problems.append(f"row {line}: term {term!r} repeated")
        seen.add(term)
        if kind not in KIND_ROLES:
            problems.append(f"row {line}: unknown kind {kind!r}")
        if not roles:
            problems.append(f"row {line}: no role")
        for role in roles:
            if role not in ROLES:
                problems.append(f"row {line}: unknown role {role!r}")
            elif kind in KIND_ROLES and role not in KIND_ROLES[kind]:
                problems.append(f"row {line}: role {role!r} not for a {kind}")
        if not (row.get("note") or "").strip():
            problems.append(f"row {line}: empty note")
    return problems


@functools.lru_cache(maxsize=1)
def load_ground_kinds() -> tuple[dict[str, str], ...]:
    """The rows of ``ground_kinds.csv``; a bad table raises :class:`DataError`.

    >>> load_ground_kinds()[0]["term"]
    'border'
    """
    path = resources.files("geo") / "data" / "events" / "ground_kinds.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise DataError(f"ground_kinds.csv: columns must be {', '.join(COLUMNS)}")
        rows = [dict(r) for r in reader]
    problems = check_rows(rows)
    if problems:
        raise DataError("ground_kinds.csv: " + "; ".join(problems))
    return tuple(rows)


def ground_terms(role: str) -> frozenset[str]:
    """The terms playing ``role``.

    >>> sorted(ground_terms("claimed_unit"))[:3]
    ['area', 'border', 'checkpoint']
    """
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    return frozenset(r["term"] for r in load_ground_kinds() if role in r["roles"].split("|"))


def ground_alternation(role: str) -> str:
    """A regex alternation of the terms playing ``role``, longest first, escaped.

    >>> ground_alternation("claim_gap").split("|")[:2]
    ['crossing', 'district']
    """
    terms = sorted(ground_terms(role), key=lambda t: (-len(t), t))
    return "|".join(re.escape(t) for t in terms)
