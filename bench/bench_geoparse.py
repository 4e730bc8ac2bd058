"""Seed gold benchmark of the geoparser: recognition P/R/F1 and placement distances.

Usage::

    .venv/bin/python bench/bench_geoparse.py [--no-ner] [--seeds DIR] [--speed]
    .venv/bin/python bench/bench_geoparse.py --dev [bench/dev] [--only SLUG ...] [--verbose]
    .venv/bin/python bench/bench_geoparse.py --heldout [--only SLUG ...] [--verbose]
    .venv/bin/python bench/bench_geoparse.py --heldout2 [--only SLUG ...] [--verbose]
    .venv/bin/python bench/bench_geoparse.py --heldout3 [--only SLUG ...] [--verbose]

``--dev`` measures on the development set (``bench/dev/<conflict>/``, see
``_notes/DEVSET.md``), per conflict and overall: recognition P/R/F1 (span
match by overlap, every gold usage class counts; a predicted mention is a
toponym or an unresolved mention), sub-national places found and placed
within 25 km (gold toponyms with a checked point, not a country, border or
road: the share whose overlapping prediction lies within 25 km), and the
placements more than 500 km from the gold point (any gold toponym with a
point that a prediction overlaps; listed with ``--verbose``, with misses,
false positives and the sub-national places found but not placed within
25 km, ``>25 km``).

Matching rule. A predicted mention is every toponym *and* every unresolved
mention (both are recognised place mentions) except the names the geoparser
lists as set aside, "not taken as a place" (a gazetteer name inside a person's
or organisation's name: accounted for, but not claimed to be a place), or as an
"unconfirmed place" (a name the text neither confirms nor rules out as a place).
A gold mention is found when some predicted span overlaps its span or its
extended span (e.g. "Balkh" / "Balkh Province"); a predicted mention is correct
when it overlaps some gold span or extended span. Road components lie inside their road's span.

Classes. All usage classes (locative, metonymic, attributive, org-name,
non-locative) are gold place mentions and count in the headline figures;
recall is also printed per usage class. Page furniture (mentions inside
related-article link lines) is reported two ways: counted like any mention
("all"), and dropped ("no furniture": furniture gold leaves recall, and a
prediction overlapping only furniture gold is neither right nor wrong).

Placement. Every gold mention below country level (not a country, border
or road) with a verified coordinate must be placed within 25 km; each is
listed with its distance. Countries are checked by country code.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

sys.path.insert(0, str(Path(__file__).resolve().parent))

from devset import add_set_options, haversine_km, overlaps, prf  # noqa: E402

from geo.articles import read_articles  # noqa: E402
from geo.geoparse import geoparse  # noqa: E402

COUNTRY_CODES = {
    "Tajikistan (country)": "TJ", "Afghanistan (country)": "AF", "Russia (country)": "RU",
    "United States (country)": "US", "Kyrgyzstan (country)": "KG", "Laos (country)": "LA",
    "Iran (country)": "IR", "Uzbekistan (country)": "UZ",
}  # fmt: skip


def _recognised(u) -> bool:
    """An unresolved mention the geoparser claims is a place (not a set-aside or
    unconfirmed name: those are accounted for, not claimed)."""
    return not (u.set_aside or u.unconfirmed)


def gold_spans(t: dict) -> list[tuple[int, int]]:
    spans = [(t["start"], t["end"])]
    if t.get("extended_start") is not None:
        spans.append((t["extended_start"], t["extended_end"]))
    return spans


def run(gazetteer=None, *, use_ner: bool = True, seeds: Path = REPO / "seeds") -> dict:
    gold = json.loads((seeds / "gold.json").read_text(encoding="utf-8"))
    result = read_articles([seeds])
    articles = [a for a in result.articles if a.id in gold["files"]]
    t0 = time.perf_counter()
    results = {
        r.document: r
        for r in geoparse(articles, gazetteer=gazetteer, nlp=None if use_ner else False)
    }
    elapsed = time.perf_counter() - t0
    texts = {a.id: a.text for a in articles}

    counts = {"all": Counter(), "no furniture": Counter()}
    usage_found: dict[str, Counter] = defaultdict(Counter)
    false_pos: list[str] = []
    missed: list[str] = []
    placements: list[tuple[str, str, str, float | None]] = []
    country_checks = Counter()
    for fname, entry in gold["files"].items():
        text = texts[fname]
        res = results[fname]
        golds = entry["toponyms"]
        for t in golds:
            if text[t["start"] : t["end"]] != t["surface"]:
                raise SystemExit(f"{fname}: gold offsets do not match the body at {t['start']}")
        preds = [(x.start, x.end, x.text, "T") for x in res.toponyms]
        preds += [(x.start, x.end, x.text, "U") for x in res.unresolved if _recognised(x)]
        for mode in counts:
            gset = [t for t in golds if mode == "all" or not t.get("page_furniture")]
            furniture = [t for t in golds if t.get("page_furniture")]
            c = counts[mode]
            c["gold"] += len(gset)
            for t in gset:
                hit = any(overlaps((p[0], p[1]), s) for p in preds for s in gold_spans(t))
                c["gold_found"] += hit
                if mode == "all":
                    usage_found[t.get("usage", "locative")]["gold"] += 1
                    usage_found[t.get("usage", "locative")]["found"] += hit
                    if not hit:
                        missed.append(
                            f"{fname[:2]} {t['start']}-{t['end']} {t['surface']!r}"
                            f" ({t['category']}, {t.get('usage')})"
                        )
            for p in preds:
                good = any(overlaps((p[0], p[1]), s) for t in gset for s in gold_spans(t))
                only_furniture = not good and any(
                    overlaps((p[0], p[1]), s) for t in furniture for s in gold_spans(t)
                )
                if mode == "no furniture" and only_furniture:
                    continue
                c["pred"] += 1
                c["pred_ok"] += good
                if mode == "all" and not good:
                    false_pos.append(f"{fname[:2]} {p[0]}-{p[1]} {p[2]!r} [{p[3]}]")
        # placements
        for t in golds:
            if t["category"] in ("country", "border", "road"):
                if t["category"] == "country":
                    want = COUNTRY_CODES.get(t.get("referent", ""))
                    got = [
                        x
                        for x in res.toponyms
                        if overlaps((x.start, x.end), (t["start"], t["end"]))
                    ]
                    ok = bool(got) and any(x.country_code == want for x in got)
                    country_checks["ok" if ok else "wrong"] += 1
                continue
            if t.get("lat") is None:
                continue
            got = [
                x for x in res.toponyms if any(overlaps((x.start, x.end), s) for s in gold_spans(t))
            ]
            if not got:
                placements.append((fname[:2], t["surface"], "not placed", None))
                continue
            x = min(got, key=lambda x: haversine_km(x.lat, x.lon, t["lat"], t["lon"]))
            d = haversine_km(x.lat, x.lon, t["lat"], t["lon"])
            placements.append((fname[:2], t["surface"], f"{x.name} ({x.place_id})", d))

    words = sum(len(t.split()) for t in texts.values())
    print(
        f"seed gold: {len(articles)} articles, {words} words, NER {'on' if use_ner else 'off'}, "
        f"{elapsed:.2f} s"
    )
    for mode, c in counts.items():
        p, r, f = prf(c["pred_ok"], c["pred"], c["gold_found"], c["gold"])
        print(
            f"  recognition ({mode}): P {p:.3f} ({c['pred_ok']}/{c['pred']})  "
            f"R {r:.3f} ({c['gold_found']}/{c['gold']})  F1 {f:.3f}"
        )
    print("  recall by usage class (all):")
    for usage, c in sorted(usage_found.items()):
        print(f"    {usage:13s} {c['found']}/{c['gold']} = {c['found'] / c['gold']:.3f}")
    print(
        f"  country mentions with the right country code: {country_checks['ok']}/"
        f"{country_checks['ok'] + country_checks['wrong']}"
    )
    within = sum(1 for *_, d in placements if d is not None and d <= 25)
    print(f"  sub-national gold coordinates placed within 25 km: {within}/{len(placements)}")
    for f, surface, name, d in placements:
        dist = "—" if d is None else f"{d:7.1f} km"
        print(f"    {f} {surface!r:22s} -> {name:40s} {dist}")
    if false_pos:
        print("  false positives:")
        for line in false_pos:
            print("    " + line)
    if missed:
        print("  missed gold mentions:")
        for line in missed:
            print("    " + line)
    p, r, f = prf(
        counts["all"]["pred_ok"],
        counts["all"]["pred"],
        counts["all"]["gold_found"],
        counts["all"]["gold"],
    )
    return {
        "precision": p,
        "recall": r,
        "f1": f,
        "placed_within_25km": within,
        "placements": len(placements),
    }


def speed(
    gazetteer=None, *, use_ner: bool = True, seeds: Path = REPO / "seeds", megabytes: float = 1.0
) -> None:
    """Words per second on a corpus of >= ``megabytes`` built by varying the seed articles.

    Variants: each seed body with its paragraphs rotated and its article id
    changed, so no two corpus articles are identical. One process (one core).
    Peak RSS includes the gazetteer and the spaCy model.
    """
    import resource

    from geo.articles import Article

    if gazetteer is None:
        from geo.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    nlp = None
    if use_ner:
        from geo.nlp import load_nlp

        nlp = load_nlp()
    seeds_ = [a for a in read_articles([seeds]).articles]
    corpus: list[Article] = []
    size = 0
    k = 0
    while size < megabytes * 1_000_000:
        base = seeds_[k % len(seeds_)]
        paras = base.text.split("\n\n")
        r = (k // len(seeds_)) % max(1, len(paras))
        text = "\n\n".join(paras[r:] + paras[:r])
        corpus.append(Article(id=f"v{k}", text=text, title=base.title))
        size += len(text.encode("utf-8"))
        k += 1
    words = sum(len(a.text.split()) for a in corpus)
    list(geoparse(corpus[:3], gazetteer=gazetteer, nlp=nlp if use_ner else False))
    t0 = time.perf_counter()
    n = sum(
        len(r.toponyms)
        for r in geoparse(corpus, gazetteer=gazetteer, nlp=nlp if use_ner else False)
    )
    dt = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"speed (NER {'on' if use_ner else 'off'}): {size / 1e6:.2f} MB, {len(corpus)} "
        f"articles, {words} words, {n} toponyms in {dt:.1f} s = {words / dt:,.0f} words/s "
        f"on one core; peak RSS {rss:,.0f} MB"
    )


_DEV_KEYS = ("gold", "pred", "gold_found", "pred_ok", "subnational", "within_25", "off_500")


def run_dev(
    root: Path,
    gazetteer=None,
    *,
    use_ner: bool = True,
    only: list[str] | None = None,
    verbose: bool = False,
) -> dict:
    """Recognition and placement figures on the development set, per conflict and overall."""
    from devset import load_dev

    conflicts = load_dev(root, only or ())
    articles = [a for c in conflicts for a in c.articles]
    t0 = time.perf_counter()
    results = {
        r.document: r
        for r in geoparse(articles, gazetteer=gazetteer, nlp=None if use_ner else False)
    }
    elapsed = time.perf_counter() - t0
    texts = {a.id: a.text for a in articles}
    rows = []
    for c in conflicts:
        n = Counter()
        off: list[str] = []
        near_miss: list[str] = []
        missed: list[str] = []
        false_pos: list[str] = []
        for doc, entry in c.files().items():
            text = texts[doc]
            res = results[doc]
            golds = entry["toponyms"]
            for t in golds:
                if text[t["start"] : t["end"]] != t["surface"]:
                    raise SystemExit(f"{doc}: gold offsets do not match the body at {t['start']}")
            preds = [(x.start, x.end, x.text, x) for x in res.toponyms]
            preds += [(x.start, x.end, x.text, None) for x in res.unresolved if _recognised(x)]
            n["gold"] += len(golds)
            n["pred"] += len(preds)
            for t in golds:
                span = (t["start"], t["end"])
                hit = [p for p in preds if overlaps((p[0], p[1]), span)]
                n["gold_found"] += bool(hit)
                if not hit:
                    missed.append(f"{doc} {t['surface']!r} ({t['category']}, {t['usage']})")
                placed = [p[3] for p in hit if p[3] is not None]
                if t["lat"] is None:
                    continue
                dists = [haversine_km(x.lat, x.lon, t["lat"], t["lon"]) for x in placed]
                if dists and min(dists) > 500:
                    n["off_500"] += 1
                    x = placed[dists.index(min(dists))]
                    off.append(
                        f"{doc} {t['surface']!r} -> {x.name} ({x.place_id}, {x.country_code})"
                        f" {min(dists):,.0f} km from {t['referent']}"
                    )
                if t["category"] in ("country", "border", "road"):
                    continue
                n["subnational"] += 1
                n["within_25"] += bool(dists) and min(dists) <= 25
                if hit and not (dists and min(dists) <= 25):
                    if dists:
                        x = placed[dists.index(min(dists))]
                        how = f"-> {x.name} ({x.place_id}, {x.country_code}) {min(dists):,.0f} km"
                    else:
                        how = "found, not placed"
                    near_miss.append(f"{doc} {t['surface']!r} {how} [{t['referent']}]")
            for p in preds:
                good = any(overlaps((p[0], p[1]), (t["start"], t["end"])) for t in golds)
                n["pred_ok"] += good
                if not good:
                    kind = "U" if p[3] is None else f"{p[3].name}, {p[3].country_code}"
                    false_pos.append(f"{doc} {p[0]}-{p[1]} {p[2]!r} [{kind}]")
        p_, r_, f_ = prf(n["pred_ok"], n["pred"], n["gold_found"], n["gold"])
        row = {"conflict": c.slug, "p": p_, "r": r_, "f1": f_}
        row |= {k: n[k] for k in _DEV_KEYS}
        rows.append(
            row | {"off": off, "near_miss": near_miss, "missed": missed, "false_pos": false_pos}
        )
    words = sum(len(t.split()) for t in texts.values())
    print(
        f"development set {root}: {len(conflicts)} conflicts, {len(articles)} articles, "
        f"{words} words, NER {'on' if use_ner else 'off'}, {elapsed:.1f} s"
    )
    w = max([len(r["conflict"]) for r in rows] + [12])
    head = f"  {'conflict':{w}s} {'P':>6s} {'R':>6s} {'F1':>6s}  {'placed<=25km':>14s}  >500km"
    print(head)
    total = Counter()
    for r in rows:
        for k in _DEV_KEYS:
            total[k] += r[k]
        share = r["within_25"] / r["subnational"] if r["subnational"] else float("nan")
        print(
            f"  {r['conflict']:{w}s} {r['p']:6.3f} {r['r']:6.3f} {r['f1']:6.3f}  "
            f"{r['within_25']:3d}/{r['subnational']:<3d} {share:5.3f}  {r['off_500']:5d}"
        )
    p_, r_, f_ = prf(total["pred_ok"], total["pred"], total["gold_found"], total["gold"])
    share = total["within_25"] / total["subnational"] if total["subnational"] else float("nan")
    print(
        f"  {'ALL (micro)':{w}s} {p_:6.3f} {r_:6.3f} {f_:6.3f}  "
        f"{total['within_25']:3d}/{total['subnational']:<3d} {share:5.3f}  {total['off_500']:5d}"
    )
    print(
        f"  mentions: gold {total['gold']}, found {total['gold_found']}; "
        f"predicted {total['pred']}, correct {total['pred_ok']}"
    )
    if verbose:
        for r in rows:
            if r["off"] or r["near_miss"] or r["missed"] or r["false_pos"]:
                print(f"\n-- {r['conflict']}")
            for line in r["off"]:
                print("  >500 km  " + line)
            for line in r["near_miss"]:
                print("  >25 km   " + line)
            for line in r["missed"]:
                print("  missed   " + line)
            for line in r["false_pos"]:
                print("  false +  " + line)
    return {
        "conflicts": rows,
        "precision": p_,
        "recall": r_,
        "f1": f_,
        "placed_within_25km": total["within_25"],
        "subnational": total["subnational"],
        "off_500km": total["off_500"],
    }


def main(gazetteer=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_set_options(parser, "measure")
    parser.add_argument("--only", nargs="*", default=None, help="with --dev: these conflicts")
    parser.add_argument("--verbose", action="store_true", help="with --dev: list the errors")
    parser.add_argument("--no-ner", action="store_true", help="gazetteer-and-rules only")
    parser.add_argument("--seeds", type=Path, default=REPO / "seeds")
    parser.add_argument(
        "--speed", action="store_true", help="also time a >= 1 MB corpus of varied seed articles"
    )
    args = parser.parse_args()
    if args.dev is not None:
        run_dev(args.dev, gazetteer, use_ner=not args.no_ner, only=args.only, verbose=args.verbose)
        return
    run(gazetteer, use_ner=not args.no_ner, seeds=args.seeds)
    if args.speed:
        speed(gazetteer, use_ner=not args.no_ner, seeds=args.seeds)


if __name__ == "__main__":
    main()
