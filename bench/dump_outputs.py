"""Dump every geoparse and event output over the open article sets, to diff two trees.

A speed change must not change a single output. This script runs the
engine of one tree (``--root``, default this checkout) over the seeds, the
development set, the open held-out sets and a synthetic corpus from
``bench_scale.make_corpus``, in three ways — the build path
(``geo.pipeline.process_articles``: NER on flagged sentences, batched, then
the border join), the cross-article merge of those events, and the
whole-document path (``geoparse_article`` with a spaCy ``Doc``, then
``extract_events`` with that ``Doc``) — and writes one JSON line per article
and per merged set. Run it from two trees and compare the files::

    .venv/bin/python bench/dump_outputs.py --out /tmp/after.jsonl
    .venv/bin/python bench/dump_outputs.py --root OTHER_TREE --out /tmp/before.jsonl
    cmp /tmp/before.jsonl /tmp/after.jsonl

The blind held-out set is never read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OPEN_SETS = ("dev", "heldout", "heldout2", "heldout3")


def _articles(root: Path, synthetic: int) -> list[tuple[str, list[Any]]]:
    """(set name, articles) for every set read."""
    import tempfile

    from devset import load_dev

    from geo.articles import read_articles

    sets = [("seeds", list(read_articles([root / "seeds"]).articles))]
    for name in OPEN_SETS:
        folder = root / "bench" / name
        if folder.is_dir():
            sets.append((name, [a for c in load_dev(folder) for a in c.articles]))
    if synthetic:
        from bench_scale import make_corpus

        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "synthetic.jsonl"
            make_corpus(synthetic, corpus)
            sets.append(("synthetic", list(read_articles([corpus]).articles)))
    return sets


def main(argv: list[str] | None = None) -> int:
    """Write the dump; ``--synthetic N`` articles of the synthetic corpus (0: none)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=HERE.parent, help="tree whose engine runs")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--synthetic", type=int, default=200)
    parser.add_argument("--no-doc", action="store_true", help="skip the whole-document path")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    sys.path[:0] = [str(root), str(HERE)]
    from geo.events import extract_events, merge_events
    from geo.geoparse import geoparse_article
    from geo.pipeline import ARTICLE_BATCH, load_resources, process_articles

    resources = load_resources()
    print(f"engine: {sys.modules['geo'].__file__}", file=sys.stderr)
    with args.out.open("w", encoding="utf-8") as out:

        def write(record: dict[str, Any]) -> None:
            out.write(json.dumps(record, sort_keys=True, ensure_ascii=False, default=str) + "\n")

        for name, articles in _articles(root, args.synthetic):
            print(f"{name}: {len(articles)} articles", file=sys.stderr)
            results = []
            for i in range(0, len(articles), ARTICLE_BATCH):
                results += process_articles(articles[i : i + ARTICLE_BATCH], resources)
            for r in results:
                write({"set": name, "path": "build", "result": r.to_dict()})
            merged = merge_events([e for r in results for e in r.events])
            write({"set": name, "path": "merged", "events": [e.to_dict() for e in merged]})
            if args.no_doc or resources.nlp is None:
                continue
            for a in articles:
                doc = resources.nlp(a.text)
                parsed = geoparse_article(
                    a, gazetteer=resources.gazetteer, boundaries=resources.boundaries, doc=doc
                )
                events = extract_events(a, list(parsed.toponyms), doc=doc, join=None, merge=False)
                write(
                    {
                        "set": name,
                        "path": "doc",
                        "geoparse": parsed.to_dict(),
                        "events": [e.to_dict() for e in events],
                    }
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
