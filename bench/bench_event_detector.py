"""Leave-one-conflict-out (LOCO) evaluation of the sentence-level event detector.

Usage::

    .venv/bin/python bench/bench_event_detector.py [--no-e2e] [--folds] [--only SLUG ...]

Folds: every conflict of the open sets ``bench/dev``, ``bench/heldout`` and
``bench/heldout2`` (35). For each fold the detector is trained (as
``tools/train_event_detector.py`` does) on every other conflict and the seeds,
and tested on the held-out conflict; the seeds are never a test fold. The
blind set ``bench/heldout3`` is never read. Printed, per fold with
``--folds`` and pooled:

(a) sentence level: precision and recall of "this sentence reports a new event
    of type T" (a sentence × type is positive when a gold event of type T names
    the sentence), at thresholds 0.3/0.5/0.7, beside the rules' own candidates
    (``classify()`` before the filters);
(b) gold events whose sentence gets no rule candidate at all: how many the
    detector finds (its type scored ≥ threshold), and the share of sentences
    with no gold event (and no rule candidate) where it fires;
(c) end to end: the real pipeline (real geoparser toponyms, ``code_events``)
    per fold, one-to-one recall/precision/F1 with ``bench_events``' scoring
    (:func:`bench_events.evaluate_dev`), rules alone vs rules + the fold's
    detector proposing events where the rules give nothing (threshold, with or
    without a place in the sentence), and as a veto on rule events scored very
    low. Thresholds are picked on these pooled LOCO figures only.

The place/country features of (a) and (b) come from the gold toponyms, as in
training; (c) uses the real geoparser's.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tools"))

from train_event_detector import SEEDS, Sample, article_samples, load_open, train  # noqa: E402

from geo.events.detect import TYPES, Detector  # noqa: E402

THRESHOLDS = (0.3, 0.5, 0.7)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "  -  "


def fold_models(samples: list[Sample], folds: list[str], **hyper: Any) -> dict[str, Detector]:
    """One detector per held-out conflict, trained on all other samples (seeds included)."""
    return {f: train([s for s in samples if s.conflict != f], **hyper) for f in folds}


def sentence_level(
    samples: list[Sample], models: dict[str, Detector], show_folds: bool
) -> dict[str, Any]:
    """(a) and (b): sentence-level figures per fold and pooled."""
    pooled: dict[str, int] = defaultdict(int)
    print("(a) sentence × type: precision / recall")
    head = "  ".join(f"th={t:.1f} P     R   " for t in THRESHOLDS)
    print(f"  {'fold':36s} {'pos':>4s}  rules P     R     {head}")
    rows = []
    for fold, det in models.items():
        n: dict[str, int] = defaultdict(int)
        for s in (s for s in samples if s.conflict == fold):
            probs = det.scores(s.features)
            rules = {f[5:] for f in s.features if f.startswith("rule:") and f != "rule:any"}
            n["pos"] += len(s.labels)
            n["rule_pred"] += len(rules & set(TYPES))
            n["rule_tp"] += len(rules & s.labels)
            for th in THRESHOLDS:
                pred = {t for t, p in probs.items() if p >= th}
                n[f"pred{th}"] += len(pred)
                n[f"tp{th}"] += len(pred & s.labels)
                if not s.labels:
                    n["neg"] += th == THRESHOLDS[0]
                    n[f"fp_any{th}"] += bool(pred)
                    if "rule:any" not in s.features:
                        n["neg_norule"] += th == THRESHOLDS[0]
                        n[f"fp_norule{th}"] += bool(pred)
        rows.append((fold, n))
        for k, v in n.items():
            pooled[k] += v
    for fold, n in [*(rows if show_folds else []), ("POOLED (micro)", pooled)]:
        cells = "  ".join(
            f"{_ratio(n[f'tp{t}'], n[f'pred{t}'])} {_ratio(n[f'tp{t}'], n['pos'])}"
            for t in THRESHOLDS
        )
        print(
            f"  {fold:36s} {n['pos']:4d}  {_ratio(n['rule_tp'], n['rule_pred'])} "
            f"{_ratio(n['rule_tp'], n['pos'])}       {cells}"
        )
    return dict(pooled)


def rule_silent_events(
    articles: list[Any], samples: list[Sample], models: dict[str, Detector]
) -> dict[str, int]:
    """(b) gold events none of whose sentences gets a rule candidate, found by the detector."""
    by_doc: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        by_doc[s.document].append(s)
    n: dict[str, int] = defaultdict(int)
    for a in articles:
        if a.conflict not in models:
            continue
        det = models[a.conflict]
        for ev in a.events:
            sents = [
                s
                for s in by_doc[a.id]
                if s.start < ev["sentence_end"] and ev["sentence_start"] < s.end
            ]
            if not sents or ev["type"] not in TYPES:
                continue
            n["gold"] += 1
            if any("rule:any" in s.features for s in sents):
                continue
            n["silent"] += 1
            best = max(det.scores(s.features)[ev["type"]] for s in sents)
            for th in THRESHOLDS:
                n[f"found{th}"] += best >= th
    return dict(n)


def print_b(silent: dict[str, int], pooled: dict[str, int]) -> None:
    print(
        f"\n(b) gold events with no rule candidate in their sentence: {silent['silent']} of "
        f"{silent['gold']}"
    )
    for th in THRESHOLDS:
        print(
            f"  th={th:.1f}: found {silent[f'found{th}']:3d}/{silent['silent']} "
            f"({_ratio(silent[f'found{th}'], silent['silent'])}); fires on "
            f"{pooled[f'fp_norule{th}']}/{pooled['neg_norule']} "
            f"({_ratio(pooled[f'fp_norule{th}'], pooled['neg_norule'])}) no-gold sentences "
            f"without a rule candidate, {pooled[f'fp_any{th}']}/{pooled['neg']} "
            f"({_ratio(pooled[f'fp_any{th}'], pooled['neg'])}) of all no-gold sentences"
        )


def unsupported_rows(articles: list[Any], fold: str) -> set[int]:
    """Trigger rows that match a gold sentence of their own type only in conflict ``fold``.

    Such a row has no support in the other conflicts: it stands for what a rule writer
    who never read ``fold`` would not have written (at row granularity; rows matching
    no gold at all are kept).
    """
    from geo.events.classify import CUES

    seen: dict[int, set[str]] = defaultdict(set)
    for a in articles:
        for ev in a.events:
            for i, c in enumerate(CUES):
                if c.event_type == ev["type"] and c.pattern.search(ev["sentence"]):
                    seen[i].add(a.conflict)
    return {i for i, confs in seen.items() if confs == {fold}}


@contextlib.contextmanager
def ablated(rows: set[int]) -> Iterator[None]:
    """The trigger rows ``rows`` never fire inside the block (the table is restored after)."""
    import re

    from geo.events import classify as cl

    keep = cl._KEYED
    never = re.compile(r"(?!x)x")
    cl._KEYED = tuple(
        (dataclasses.replace(cue, pattern=never), keys, needs) if i in rows else (cue, keys, needs)
        for i, (cue, keys, needs) in enumerate(keep)
    )
    try:
        yield
    finally:
        cl._KEYED = keep


def end_to_end(
    articles: list[Any],
    models: dict[str, Detector],
    variants: list[tuple[str, Any]],
    show_folds: bool,
    ablate: bool = False,
) -> list[tuple[str, float, float, float]]:
    """(c) one-to-one recall/precision/F1 per variant, pooled over the folds.

    ``ablate``: in each fold the trigger rows only that fold supports are switched off
    (:func:`unsupported_rows`), to mimic rules that never saw the conflict.
    """
    from bench_events import evaluate_dev, real_toponyms
    from devset import load_dev

    import geo.events.extract as extract
    from geo.events import code_events
    from geo.nlp import load_nlp

    nlp = load_nlp()
    conflicts = []
    for s in ("dev", "heldout", "heldout2"):
        conflicts += [c for c in load_dev(REPO / "bench" / s) if c.slug in models]
    t0 = time.perf_counter()
    arts = [a for c in conflicts for a in c.articles]
    items, join = real_toponyms(arts, nlp)
    what = ", trigger rows only the test conflict supports switched off" if ablate else ""
    print(f"\n(c) end to end, one to one{what} — real geoparser ({time.perf_counter() - t0:.1f} s)")
    dropped = {c.slug: unsupported_rows(articles, c.slug) if ablate else set() for c in conflicts}
    if ablate:
        print(f"  rows switched off per fold: {sum(map(len, dropped.values()))} in all")
    by_conflict: dict[str, list] = defaultdict(list)
    for item in items:
        by_conflict[item[0].id.split("/")[0]].append(item)
    out = []
    print(
        f"  {'variant':44s} {'gold':>4s} {'pred':>4s} {'match':>5s} {'recall':>6s} "
        f"{'prec':>6s} {'F1':>6s} {'s':>5s}"
    )
    for name, make in variants:
        tot: dict[str, int] = defaultdict(int)
        t0 = time.perf_counter()
        lines = []
        for c in conflicts:
            extract.DETECTOR = make(models[c.slug]) if make is not None else None
            try:
                with ablated(dropped[c.slug]):
                    events = code_events(by_conflict[c.slug], nlp=nlp, join=join)
            finally:
                extract.DETECTOR = None
            res = evaluate_dev(events, [c])
            row = res["rows"][0]
            for k in ("gold", "pred", "matched"):
                tot[k] += row.get(k, 0)
            lines.append((c.slug, row))
        el = time.perf_counter() - t0
        r = tot["matched"] / tot["gold"]
        p = tot["matched"] / tot["pred"] if tot["pred"] else 1.0
        f = _f1(p, r)
        out.append((name, r, p, f))
        print(
            f"  {name:44s} {tot['gold']:4d} {tot['pred']:4d} {tot['matched']:5d} {r:6.3f} "
            f"{p:6.3f} {f:6.3f} {el:5.1f}"
        )
        if show_folds:
            for slug, row in lines:
                print(
                    f"      {slug:40s} {row['gold']:4d} {row['pred']:4d} {row['matched']:5d} "
                    f"{_ratio(row['matched'], row['gold'])} {_ratio(row['matched'], row['pred'])}"
                )
    return out


def variants() -> list[tuple[str, Any]]:
    """The end-to-end settings compared: rules alone, then the detector's uses."""
    from geo.events.extract import STATEMENT_TYPES, DetectorUse

    out: list[tuple[str, Any]] = [("rules alone", None)]
    for th in THRESHOLDS:
        out.append(
            (f"+ detector th={th} (place needed)", lambda d, th=th: DetectorUse(d, threshold=th))
        )
        out.append(
            (
                f"+ detector th={th} (statements need no place)",
                lambda d, th=th: DetectorUse(d, threshold=th, place_free=STATEMENT_TYPES),
            )
        )
    for veto in (0.02, 0.05, 0.1):
        out.append(
            (
                f"rules, detector veto p<{veto}",
                lambda d, v=veto: DetectorUse(d, propose=False, veto=v),
            )
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-e2e", action="store_true", help="skip (c), the pipeline runs")
    parser.add_argument("--folds", action="store_true", help="print every fold")
    parser.add_argument("--only", nargs="*", default=None, help="these conflicts as test folds")
    parser.add_argument(
        "--lexical", action="store_true", help="the detector without the rules' features"
    )
    parser.add_argument("--l2", type=float, default=None, help="L2 strength (default: shipped)")
    parser.add_argument(
        "--ablate",
        action="store_true",
        help="(c) with the trigger rows only the test conflict supports switched off",
    )
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    arts, _ = load_open()
    samples = [s for a in arts for s in article_samples(a)]
    folds = sorted({a.conflict for a in arts} - {SEEDS})
    if args.only:
        folds = [f for f in folds if f in args.only]
    hyper: dict[str, Any] = {"rule_features": not args.lexical}
    if args.l2 is not None:
        hyper["l2"] = args.l2
    models = fold_models(samples, folds, **hyper)
    print(
        f"detector {hyper}; LOCO over {len(folds)} conflicts, {len(samples)} sentences "
        f"({sum(bool(s.labels) for s in samples)} with a gold event); "
        f"{len(folds)} fits in {time.perf_counter() - t0:.1f} s\n"
    )
    pooled = sentence_level(samples, models, args.folds)
    print_b(rule_silent_events(arts, samples, models), pooled)
    if not args.no_e2e:
        end_to_end(arts, models, variants(), args.folds, ablate=args.ablate)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
