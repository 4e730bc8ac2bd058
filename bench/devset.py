"""Shared helpers for the development-set benchmarks (``bench/dev``, see ``_notes/DEVSET.md``).

Each conflict folder holds articles and a ``gold.json``. Article ids are made
unique across folders as ``<slug>/<file name>`` so that every conflict can be
run through the pipeline together (cross-conflict merges are then visible).

>>> haversine_km(0.0, 0.0, 0.0, 1.0) > 111
True
>>> overlaps((0, 5), (4, 9)), overlaps((0, 5), (5, 9))
(True, False)
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEV = REPO / "bench" / "dev"


@dataclass
class Conflict:
    """One conflict folder: its gold and its articles (ids ``slug/file``)."""

    slug: str
    gold: dict
    articles: list = field(default_factory=list)

    def files(self) -> dict[str, dict]:
        """Gold ``files`` entries keyed by unique article id."""
        return {f"{self.slug}/{name}": entry for name, entry in self.gold["files"].items()}


def add_set_options(parser: Any, verb: str = "measure") -> None:
    """Add ``--dev [PATH]`` and ``--heldout``, ``--heldout2`` ... ``--heldout7`` to ``parser``.

    All of them set ``dev``.

    >>> import argparse
    >>> p = argparse.ArgumentParser()
    >>> add_set_options(p)
    >>> p.parse_args(["--heldout7"]).dev.name, p.parse_args([]).dev
    ('heldout7', None)
    """
    parser.add_argument(
        "--dev",
        nargs="?",
        const=DEV,
        type=Path,
        default=None,
        help=f"{verb} on the development set (default folder bench/dev) or another folder",
    )
    for flag, folder, what in (
        ("--heldout", "heldout", "the first held-out set (opened for tuning)"),
        ("--heldout2", "heldout2", "the second held-out set (opened for tuning)"),
        ("--heldout3", "heldout3", "the third held-out set (opened for tuning)"),
        ("--heldout4", "heldout4", "the fourth held-out set (opened for tuning)"),
        ("--heldout5", "heldout5", "the fifth held-out set (opened for tuning)"),
        ("--heldout6", "heldout6", "the sixth held-out set (opened for tuning)"),
        ("--heldout7", "heldout7", "the seventh held-out set (nobody tunes rules on it)"),
    ):
        parser.add_argument(
            flag,
            dest="dev",
            action="store_const",
            const=REPO / "bench" / folder,
            help=f"as --dev, over {what}, bench/{folder}",
        )


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when two half-open spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from matched/total counts (1.0 for empty sides).

    >>> prf(3, 4, 3, 6)
    (0.75, 0.5, 0.6)
    """
    p = tp_p / n_p if n_p else 1.0
    r = tp_g / n_g if n_g else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 6), round(r, 6), round(f, 6)


def load_dev(root: Path = DEV, only: Iterable[str] = ()) -> list[Conflict]:
    """Read every conflict folder under ``root`` (or only the slugs in ``only``).

    Articles are read with sitmap's own reader, so offsets match the gold's.
    """
    from geo.articles import read_articles

    wanted = set(only)
    out = []
    for folder in sorted(p for p in root.iterdir() if (p / "gold.json").is_file()):
        if wanted and folder.name not in wanted:
            continue
        gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
        result = read_articles([folder])
        articles = [
            dataclasses.replace(a, id=f"{folder.name}/{a.id}")
            for a in result.articles
            if a.id in gold["files"]
        ]
        out.append(Conflict(folder.name, gold, articles))
    return out


def match_one_to_one(
    n_pred: int, n_gold: int, score: Callable[[int, int], float]
) -> list[tuple[int, int]]:
    """Pairs (pred, gold) maximising the total score, each side used at most once.

    Only pairs with a positive score can be matched (Hungarian algorithm,
    ``scipy.optimize.linear_sum_assignment``).

    >>> s = {(0, 0): 1.0, (0, 1): 0.9, (1, 0): 0.8}
    >>> match_one_to_one(2, 2, lambda i, j: s.get((i, j), 0.0))
    [(0, 1), (1, 0)]
    >>> match_one_to_one(1, 3, lambda i, j: 1.0 if j == 2 else 0.0)
    [(0, 2)]
    """
    if not n_pred or not n_gold:
        return []
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    m = np.zeros((n_pred, n_gold))
    for i in range(n_pred):
        for j in range(n_gold):
            m[i, j] = score(i, j)
    rows, cols = linear_sum_assignment(m, maximize=True)
    return sorted((int(i), int(j)) for i, j in zip(rows, cols, strict=True) if m[i, j] > 0)


def gold_types(ev: dict) -> set[str]:
    """The sitmap event types a gold event accepts: its ``type`` and its ``fine_type``.

    >>> sorted(gold_types({"type": "blockade", "fine_type": "trade_or_border_closure"}))
    ['blockade', 'trade_or_border_closure']
    """
    return {ev["type"]} | ({ev["fine_type"]} if ev.get("fine_type") else set())


def summarize(rows: list[dict[str, Any]], keys: list[str]) -> dict[str, Any]:
    """Sum the count columns ``keys`` over rows."""
    return {k: sum(r[k] for r in rows) for k in keys}
