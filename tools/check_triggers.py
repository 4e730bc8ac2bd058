#!/usr/bin/env python3
"""Validate the trigger lexicon ``geo/data/events/triggers.csv`` and its ``fragments.csv``.

Checks, per trigger row: the exact column list; a known ``event_type`` (the
contract's :data:`geo.situation.EVENT_TYPES`); a ``sub_event_type``; ``strength``
strong/weak; ``modal_blocks`` yes/no; ``scope`` none/sentence/article; ``needs``
empty or a fragment name; every ``%name%`` in the pattern a fragment; the pattern
compiles; an ``example`` that the pattern matches (and the ``needs`` fragment
too), so every row shows what it is for. Fragment rows: unique names, patterns
that compile, a note.

Problems are printed one per line as ``triggers.csv line N: problem``; exit
status 1 when there are problems, 0 otherwise. Usage::

    python tools/check_triggers.py [geo/data/events]
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from geo.situation import EVENT_TYPES  # noqa: E402

TRIGGER_COLUMNS = [
    "event_type",
    "sub_event_type",
    "strength",
    "needs",
    "modal_blocks",
    "scope",
    "pattern",
    "example",
    "note",
]
FRAGMENT_COLUMNS = ["name", "pattern", "note"]
_PLACEHOLDER = re.compile(r"%(\w+)%")


def check_fragments(rows: list[dict[str, str]]) -> list[str]:
    """Problems in fragment rows.

    >>> check_fragments([{"name": "a", "pattern": "x|y", "note": "n"}])
    []
    >>> for m in check_fragments([{"name": "a", "pattern": "(x", "note": ""}]): print(m[:50])
    fragments.csv line 2: pattern does not compile: mi
    fragments.csv line 2: no note
    """
    out: list[str] = []
    seen: set[str] = set()
    for i, row in enumerate(rows, start=2):
        where = f"fragments.csv line {i}"
        if row["name"] in seen:
            out.append(f"{where}: duplicate name {row['name']!r}")
        seen.add(row["name"])
        try:
            re.compile(row["pattern"])
        except re.error as exc:
            out.append(f"{where}: pattern does not compile: {exc}")
        if not row["note"].strip():
            out.append(f"{where}: no note")
    return out


def check_triggers(rows: list[dict[str, str]], fragments: dict[str, str]) -> list[str]:
    """Problems in trigger rows, given the fragments by name.

    >>> row = {"event_type": "armed_clash", "sub_event_type": "clash", "strength": "strong",
    ...        "needs": "", "modal_blocks": "yes", "scope": "none", "pattern": "clash(?:ed)?",
    ...        "example": "Troops clashed.", "note": ""}
    >>> check_triggers([row], {})
    []
    >>> for m in check_triggers([dict(row, example="Troops met.", needs="who")], {}): print(m)
    triggers.csv line 2: needs 'who' is no fragment
    triggers.csv line 2: the pattern does not match the example 'Troops met.'
    """
    out: list[str] = []
    for i, row in enumerate(rows, start=2):
        where = f"triggers.csv line {i}"
        if row["event_type"] not in EVENT_TYPES:
            out.append(f"{where}: unknown event_type {row['event_type']!r}")
        if not row["sub_event_type"].strip():
            out.append(f"{where}: no sub_event_type")
        if row["strength"] not in ("strong", "weak"):
            out.append(f"{where}: strength must be strong or weak")
        if row["modal_blocks"] not in ("yes", "no"):
            out.append(f"{where}: modal_blocks must be yes or no")
        if row["scope"] not in ("none", "sentence", "article"):
            out.append(f"{where}: scope must be none, sentence or article")
        if row["needs"] and row["needs"] not in fragments:
            out.append(f"{where}: needs {row['needs']!r} is no fragment")
        missing = [n for n in _PLACEHOLDER.findall(row["pattern"]) if n not in fragments]
        if missing:
            out.append(f"{where}: unknown fragments {missing}")
            continue
        source = _PLACEHOLDER.sub(lambda m: f"(?:{fragments[m.group(1)]})", row["pattern"])
        try:
            rx = re.compile(rf"\b(?:{source})\b", re.IGNORECASE)
        except re.error as exc:
            out.append(f"{where}: pattern does not compile: {exc}")
            continue
        example = row["example"]
        if not example.strip():
            out.append(f"{where}: no example")
        elif rx.search(example) is None:
            out.append(f"{where}: the pattern does not match the example {example!r}")
        elif row["needs"] in fragments and not re.search(
            rf"\b(?:{fragments[row['needs']]})\b", example, re.IGNORECASE
        ):
            out.append(f"{where}: the example lacks the needed {row['needs']!r}")
    return out


def _read(path: Path, columns: list[str]) -> tuple[list[dict[str, str]], list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    problems = [] if header == columns else [f"{path.name}: columns {header} != {columns}"]
    return rows, problems


def main(argv: list[str] | None = None) -> int:
    """Check the tables in a folder (default ``geo/data/events``); print problems."""
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else REPO / "geo" / "data" / "events"
    frows, problems = _read(folder / "fragments.csv", FRAGMENT_COLUMNS)
    trows, more = _read(folder / "triggers.csv", TRIGGER_COLUMNS)
    problems += more
    if not problems:
        fragments = {r["name"]: r["pattern"] for r in frows}
        problems = check_fragments(frows) + check_triggers(trows, fragments)
    for p in problems:
        print(p)
    if not problems:
        print(f"ok: {len(trows)} triggers, {len(frows)} fragments")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
