"""Shared output helpers for CLI commands: JSON and aligned text tables."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import click


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def echo_json(data: Any) -> None:
    """Print ``data`` as UTF-8 JSON (NaN becomes null).

    >>> echo_json({"a": float("nan"), "b": "Тор"})
    {"a": null, "b": "Тор"}
    """
    if isinstance(data, Mapping):
        data = {k: _clean(v) for k, v in data.items()}
    elif isinstance(data, list):
        data = [{k: _clean(v) for k, v in d.items()} if isinstance(d, Mapping) else d for d in data]
    click.echo(json.dumps(data, ensure_ascii=False))


def echo_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> None:
    """Print ``rows`` as an aligned text table with a header line.

    >>> echo_table([{"name": "Osh", "lat": 40.5}], ["name", "lat"])
    name  lat
    Osh   40.5
    """
    cells = [[("" if r.get(c) is None else str(r.get(c))) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for row in cells:
        click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


def warn(message: str) -> None:
    """Print a one-line warning on stderr.

    >>> warn("x.txt: the file is empty")
    """
    click.echo(f"sitmap: warning: {message}", err=True)
