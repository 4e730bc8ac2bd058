#!/usr/bin/env python3
"""Validate the named-line files ``geo/data/places/lines/*.csv``.

Every row is checked (:func:`geo.geoparse.lines.check_line_rows`): the exact column
list, a lower-case slug id unique across the files, a name, ``kind`` from
:data:`~geo.geoparse.lines.LINE_KINDS`, country pairs (``IN-PK``, alphabetical, two
different countries) or one containing state (``within``), never both, every country
code (pairs, ``within``, ``context``) a known country, a ``source`` citing a page
address, an optional point (both ``lat`` and ``lon`` or neither), no name repeated in a
row and no name or short name used twice for the same country pair (two lines may share
a name, "Green Line", only between different countries). Problems are printed one per
line as ``id: message``; the exit status is 1 when there are problems, 0 otherwise.

Usage::

    python tools/check_lines.py                 # every lines/*.csv
    python tools/check_lines.py --csv more.csv  # other files
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(REPO_ROOT))

from geo.errors import DataError  # noqa: E402
from geo.geoparse.lines import LINES_DIR, check_line_rows, read_line_rows  # noqa: E402


def check_files(paths: Sequence[Path]) -> list[str]:
    """The problems of the given line files, as printable lines.

    >>> check_files([LINES_DIR / "lines.csv"])
    []
    """
    try:
        rows = read_line_rows(paths)
    except DataError as err:
        return [str(err)]
    return [f"{row_file}: {p}" for p in check_line_rows(rows) for row_file in _file_of(rows, p)]


def _file_of(rows: Sequence[dict[str, str]], problem: str) -> list[str]:
    rid = problem.split(":", 1)[0]
    return [next((r["_file"] for r in rows if r.get("id") == rid), "?")]


def main(argv: Sequence[str] | None = None) -> int:
    """Check the files; print problems; 1 when there are any.

    >>> main([])
    0
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", type=Path, action="append", help="check this file (repeatable)")
    args = parser.parse_args(argv)
    paths = args.csv or sorted(LINES_DIR.glob("*.csv"))
    problems = check_files(paths)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
