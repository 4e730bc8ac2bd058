"""Benchmark event coding against the seed gold, and its speed on a synthetic corpus.

Usage::

    .venv/bin/python bench/bench_events.py [--no-model] [--mb 1.0] [--verbose]
    .venv/bin/python bench/bench_events.py --dev [bench/dev] [--only SLUG ...] [--verbose]
    .venv/bin/python bench/bench_events.py --heldout [--only SLUG ...] [--verbose]
    .venv/bin/python bench/bench_events.py --heldout2 [--only SLUG ...] [--verbose]
    .venv/bin/python bench/bench_events.py --heldout3 [--only SLUG ...] [--verbose]

``--dev`` runs the real pipeline (real geoparser toponyms, ``code_events``
over all development articles at once, so merges across conflicts can
happen) and matches one to one, per article: a predicted event is present
in an article through its sources there; it can stand for at most one gold
event of that article. A (predicted event, gold event) pair is a candidate
when the predicted ``event_type`` is the gold ``type`` or its ``fine_type``
and one of its sources in that article overlaps the gold sentence; pairs
are chosen by the Hungarian algorithm (score = overlap share of the gold
sentence, +1 when the date is right). Reported per conflict and overall:
recall (matched gold / gold), precision (matched (event, article) pairs /
all pairs), location accuracy (matched pairs whose gold location has a
point: the event's point within 50 km of it), date accuracy (matched pairs
with a gold date: ``Event.coded_date`` equal to it, the day or the middle of
a stated week or month, as ACLED and the gold code it), and events whose
sources span more than one conflict (merged across conflicts).

Gold event types map to sitmap's as follows (``secondary_type`` is accepted too):

==================================  ====================
gold ``type``                       sitmap ``event_type``
==================================  ====================
armed clash                         armed_clash
capture/seizure                     capture
troops fleeing across border        forces_cross_border
control claim with stated extent    control_claim
deployment/mobilization             deployment
assistance request/offer            assistance
ceasefire/negotiation               ceasefire_or_talks
displacement/evacuation             displacement
road blockade/reopening             blockade
==================================  ====================

Measures (all on the merged output of ``code_events``):

* recall: a gold event is found when an event of the mapped type has a source
  sentence in the same article overlapping the gold ``sentence_start/end``;
  "+date" also requires ``Event.coded_date`` == gold ``date`` when gold has one;
  "lenient" also accepts overlap with the gold ``extra_sentence_spans``;
* precision: share of events (and of event sources) whose source sentence
  overlaps a gold event's sentence or extra sentences of a compatible type;
* same_as: every gold ``same_as`` group ends in one merged event;
* events without a source sentence (must be 0);
* speed in words/s on a ≥ 1 MB corpus built from the rule-test sentences in
  ``tests/data/events/sentences.jsonl`` (shuffled, with numbers, weekdays and
  places perturbed): events only (docs parsed beforehand), spaCy parse, both;
  and the regex-only mode. Peak memory: max RSS of the process.

Toponyms: by default the REAL geoparser output
(``geo.geoparse.geoparse_article`` over ``geo.gazetteer.load_gazetteer()``,
border join over ``geo.boundaries.load_boundaries()``), as the pipeline runs;
``--oracle`` feeds gold toponyms instead (gold lat/lon, or the annotator's
proxy point): the output says which.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from geo.events import code_events, extract_events  # noqa: E402
from geo.events.lexicon import COUNTRIES  # noqa: E402
from geo.situation import Toponym  # noqa: E402

TYPE_MAP = {
    "armed clash": "armed_clash",
    "capture/seizure": "capture",
    "troops fleeing across border": "forces_cross_border",
    "control claim with stated extent": "control_claim",
    "deployment/mobilization": "deployment",
    "assistance request/offer": "assistance",
    "ceasefire/negotiation": "ceasefire_or_talks",
    "displacement/evacuation": "displacement",
    "road blockade/reopening": "blockade",
}
FEATURE = {
    "country": ("PCLI", 3),
    "admin1": ("ADM1", 3),
    "admin2": ("ADM2", 2),
    "populated place": ("PPL", 1),
    "border crossing": ("CROSSING", 1),
    "facility": ("FAC", 1),
}


def _country_of(referent: str, referent_id: str, category: str) -> str | None:
    if category == "country" and len(referent_id) == 2:
        return referent_id
    best = None
    best_pos = -1
    for code, (name, extra, _dem) in COUNTRIES.items():
        for n in (name, *extra):
            pos = referent.rfind(n)
            if pos > best_pos:
                best, best_pos = code, pos
    return best


def gold_toponyms(doc_id: str, entry: dict) -> list[Toponym]:
    """Gold mentions as Toponym records (points only; proxies where no checked point)."""
    out = []
    for t in entry["toponyms"]:
        lat, lon = t.get("lat"), t.get("lon")
        if lat is None and t.get("proxy_coordinate"):
            lat, lon = t["proxy_coordinate"]["lat"], t["proxy_coordinate"]["lon"]
        if lat is None or t["category"] not in FEATURE:
            continue
        feature, precision = FEATURE[t["category"]]
        name = t["referent"].split(" (")[0].split(":")[0].split(",")[0]
        out.append(
            Toponym(
                document=doc_id,
                start=t["start"],
                end=t["end"],
                text=t["surface"],
                name=name,
                lat=lat,
                lon=lon,
                country_code=_country_of(t["referent"], t["referent_id"], t["category"]),
                admin1=None,
                admin2=None,
                feature=feature,
                geonameid=None,
                place_id=t["referent_id"],
                precision=precision,
                score=1.0,
            )
        )
    return out


def _overlaps(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < b and a < e for a, b in spans)


def _gold_types(ev: dict) -> set[str]:
    types = {TYPE_MAP[ev["type"]]}
    if ev.get("secondary_type") in TYPE_MAP:
        types.add(TYPE_MAP[ev["secondary_type"]])
    return types


def evaluate(events: list, gold: dict, verbose: bool = False) -> dict:
    files = gold["files"]
    gold_events = [(doc, ev) for doc, entry in files.items() for ev in entry["events"]]

    def main_span(ev: dict) -> list[tuple[int, int]]:
        return [(ev["sentence_start"], ev["sentence_end"])]

    def all_spans(ev: dict) -> list[tuple[int, int]]:
        return main_span(ev) + [tuple(x) for x in ev.get("extra_sentence_spans", [])]

    def found(doc: str, ev: dict, spans_of, with_date: bool) -> list:
        hits = []
        types = _gold_types(ev)
        for e in events:
            if e.event_type not in types:
                continue
            if (
                with_date
                and ev["date"]
                and (e.coded_date is None or e.coded_date.isoformat() != ev["date"])
            ):
                continue
            if any(
                s.document == doc and _overlaps(s.start, s.end, spans_of(ev)) for s in e.sources
            ):
                hits.append(e)
        return hits

    n = len(gold_events)
    r_type = sum(bool(found(d, ev, main_span, False)) for d, ev in gold_events)
    r_date = sum(bool(found(d, ev, main_span, True)) for d, ev in gold_events)
    r_len = sum(bool(found(d, ev, all_spans, True)) for d, ev in gold_events)
    misses = [(d, ev) for d, ev in gold_events if not found(d, ev, main_span, True)]

    def source_ok(e, s) -> bool:
        return any(
            s.document == d
            and e.event_type in _gold_types(ev)
            and _overlaps(s.start, s.end, all_spans(ev))
            for d, ev in gold_events
        )

    tp_events = sum(any(source_ok(e, s) for s in e.sources) for e in events)
    pairs = [(e, s) for e in events for s in e.sources]
    tp_pairs = sum(source_ok(e, s) for e, s in pairs)
    false = [(e, s) for e, s in pairs if not source_ok(e, s)]

    # same_as groups (connected components).
    by_id = {ev["id"]: (d, ev) for d, ev in gold_events}
    parent = {k: k for k in by_id}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _, ev in gold_events:
        for other in ev.get("same_as", []):
            if other in parent:
                parent[find(ev["id"])] = find(other)
    groups: dict[str, list[str]] = defaultdict(list)
    for k in by_id:
        groups[find(k)].append(k)
    groups_multi = [sorted(g) for g in groups.values() if len(g) > 1]
    merged_ok = []
    for g in groups_multi:
        ok = any(
            all(
                e.event_type in _gold_types(by_id[k][1])
                and any(
                    s.document == by_id[k][0] and _overlaps(s.start, s.end, main_span(by_id[k][1]))
                    for s in e.sources
                )
                for k in g
            )
            for e in events
        )
        merged_ok.append((g, ok))
    no_source = sum(1 for e in events if not e.sources)
    if verbose:
        print("\n-- missed gold events (type+date):")
        for d, ev in misses:
            print(f"  {ev['id']} {ev['type']} {ev['date']} | {ev['sentence'][:110]}")
            for e in events:
                for s in e.sources:
                    if s.document == d and _overlaps(s.start, s.end, main_span(ev)):
                        print(f"      got {e.event_type} {e.event_date} p{e.time_precision}")
        print("\n-- extracted sources matching no gold event:")
        for e, s in false:
            print(f"  {e.event_type} {e.event_date} | {s.document[:3]} {s.sentence[:110]}")
    return {
        "gold_events": n,
        "recall_type": r_type / n,
        "recall_type_date": r_date / n,
        "recall_type_date_lenient": r_len / n,
        "events": len(events),
        "precision_events": tp_events / len(events) if events else 0.0,
        "precision_sources": tp_pairs / len(pairs) if pairs else 0.0,
        "same_as_groups": len(groups_multi),
        "same_as_merged": sum(ok for _, ok in merged_ok),
        "same_as_detail": [(g, ok) for g, ok in merged_ok],
        "events_without_source": no_source,
    }


# --- synthetic speed corpus -----------------------------------------------------------

_PLACES = [
    ("Vorukh", 39.85, 70.58, "TJ"),
    ("Tort-Kocho", 39.95, 70.53, "KG"),
    ("Kunduz", 36.73, 68.86, "AF"),
    ("Galwan Valley", 34.76, 78.2, "IN"),
    ("Lachin", 39.64, 46.55, "AZ"),
    ("Metula", 33.28, 35.58, "IL"),
    ("al-Fashaga", 14.0, 36.6, "SD"),
    ("Isfara", 40.13, 70.63, "TJ"),
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def synthetic_corpus(min_bytes: int, seed: int = 7) -> list[tuple[SimpleNamespace, list[Toponym]]]:
    rows = [
        json.loads(line)
        for line in (REPO / "tests/data/events/sentences.jsonl").read_text("utf-8").splitlines()
        if line
    ]
    sentences = [r["text"] for r in rows]
    rng = random.Random(seed)
    filler = (
        "Officials gave no further details. The region has a long history of disputes over "
        "water and land. Local markets remained open and residents went about their business."
    )
    out = []
    size = 0
    i = 0
    while size < min_bytes:
        picks = rng.sample(sentences, 8)
        body = []
        for s in picks:
            s = re.sub(r"\d+", lambda m: str(int(m.group(0)) + rng.randint(0, 9)), s)
            s = re.sub("|".join(_WEEKDAYS), rng.choice(_WEEKDAYS), s)
            place = rng.choice(_PLACES)
            body.append(f"{s} The incident near {place[0]} was confirmed by local officials.")
            body.append(filler)
        text = "\n\n".join(body)
        published = date(2021, 1, 1) + timedelta(days=rng.randint(0, 600))
        art = SimpleNamespace(
            id=f"syn{i:05d}",
            text=text,
            published=published,
            outlet="Synthetic",
            url=None,
            title=None,
        )
        tops = []
        for name, lat, lon, cc in _PLACES:
            for m in re.finditer(re.escape(name), text):
                tops.append(
                    Toponym(
                        art.id,
                        m.start(),
                        m.end(),
                        name,
                        name,
                        lat,
                        lon,
                        cc,
                        None,
                        None,
                        "PPL",
                        None,
                        name,
                        1,
                        1.0,
                    )
                )
        out.append((art, tops))
        size += len(text.encode("utf-8"))
        i += 1
    return out


def speed(nlp, mb: float) -> dict:
    corpus = synthetic_corpus(int(mb * 1_000_000))
    words = sum(len(a.text.split()) for a, _ in corpus)
    nbytes = sum(len(a.text.encode("utf-8")) for a, _ in corpus)
    result = {"articles": len(corpus), "bytes": nbytes, "words": words}
    t0 = time.perf_counter()
    n_regex = sum(len(extract_events(a, t, join=None)) for a, t in corpus)
    result["regex_only_words_per_s"] = words / (time.perf_counter() - t0)
    result["regex_only_events"] = n_regex
    if nlp is not None:
        # Streamed (docs are not kept): parse time = total − extraction time.
        t0 = time.perf_counter()
        t_events = 0.0
        n = 0
        docs = nlp.pipe((a.text for a, _ in corpus), batch_size=64)
        for (a, t), d in zip(corpus, docs, strict=True):
            t1 = time.perf_counter()
            n += len(extract_events(a, t, doc=d, join=None))
            t_events += time.perf_counter() - t1
        t_parse = time.perf_counter() - t0 - t_events
        result.update(
            spacy_parse_words_per_s=words / t_parse,
            events_only_words_per_s=words / t_events,
            events_ms_per_article=1000 * t_events / len(corpus),
            parse_plus_events_words_per_s=words / (t_parse + t_events),
            events=n,
        )
    return result


def real_toponyms(articles: list, nlp: Any) -> tuple[list[tuple], Any]:
    """``(article, toponyms, doc)`` from the real geoparser, and the boundaries' border join."""
    from geo.boundaries import load_boundaries
    from geo.gazetteer import load_gazetteer
    from geo.geoparse import geoparse_article
    from geo.joins import join_points

    gazetteer = load_gazetteer()
    boundaries = load_boundaries()
    items = []
    for a in articles:
        doc = nlp(a.text) if nlp is not None else None
        parsed = geoparse_article(a, gazetteer=gazetteer, nlp=nlp, boundaries=boundaries, doc=doc)
        items.append((a, list(parsed.toponyms), doc))

    def join(lats: Any, lons: Any) -> Any:
        return join_points(lats, lons, boundaries=boundaries)

    return items, join


def _sources_by_doc(e: Any) -> dict[str, list]:
    out: dict[str, list] = defaultdict(list)
    for src in e.sources:
        out[src.document].append(src)
    return out


def evaluate_dev(events: list, conflicts: list, verbose: bool = False) -> dict:
    """One-to-one matching of predicted events to the development gold (see module doc)."""
    from devset import gold_types, haversine_km, match_one_to_one

    slug_of = {doc: c.slug for c in conflicts for doc in c.files()}
    pairs_by_doc: dict[str, list] = defaultdict(list)
    for e in events:
        for doc, srcs in _sources_by_doc(e).items():
            if doc in slug_of:
                pairs_by_doc[doc].append((e, srcs))
    cross = [e for e in events if len({slug_of.get(s.document) for s in e.sources}) > 1]
    rows = []
    for c in conflicts:
        n: dict[str, int] = defaultdict(int)
        notes: list[str] = []
        for doc, entry in c.files().items():
            golds = entry["events"]
            preds = pairs_by_doc.get(doc, [])

            def score(i: int, j: int, preds=preds, golds=golds) -> float:
                e, srcs = preds[i]
                g = golds[j]
                if e.event_type not in gold_types(g):
                    return 0.0
                a, b = g["sentence_start"], g["sentence_end"]
                ov = max((min(b, s.end) - max(a, s.start) for s in srcs), default=0)
                if ov <= 0:
                    return 0.0
                date_ok = g["date"] and e.coded_date and e.coded_date.isoformat() == g["date"]
                return ov / (b - a) + (1.0 if date_ok else 0.0)

            matches = match_one_to_one(len(preds), len(golds), score)
            n["gold"] += len(golds)
            n["pred"] += len(preds)
            n["matched"] += len(matches)
            matched_g = {j for _, j in matches}
            matched_p = {i for i, _ in matches}
            for i, j in matches:
                e, _ = preds[i]
                g = golds[j]
                if g["date"]:
                    n["dated"] += 1
                    n["date_ok"] += bool(e.coded_date and e.coded_date.isoformat() == g["date"])
                loc = g["location"]
                if loc and loc["lat"] is not None:
                    n["located"] += 1
                    got = e.location
                    d = (
                        None
                        if got is None or got.lat is None
                        else haversine_km(got.lat, got.lon, loc["lat"], loc["lon"])
                    )
                    n["loc_ok"] += d is not None and d <= 50
                    if verbose and (d is None or d > 50):
                        where = "no point" if d is None else f"{got.name} {d:,.0f} km"
                        notes.append(f"  wrong spot {g['id']} {loc['surface']!r}: {where}")
            if verbose:
                for j, g in enumerate(golds):
                    if j not in matched_g:
                        got = [
                            f"{e.event_type} {e.event_date}"
                            for e, srcs in preds
                            if any(
                                s.start < g["sentence_end"] and g["sentence_start"] < s.end
                                for s in srcs
                            )
                        ]
                        notes.append(
                            f"  missed {g['id']} {g['type']}/{g.get('fine_type', '-')} "
                            f"{g['date']} | {g['sentence'][:90]!r} got {got}"
                        )
                for i, (e, srcs) in enumerate(preds):
                    if i not in matched_p:
                        notes.append(
                            f"  extra  {doc.split('/')[-1][:2]} {e.event_type} {e.event_date} | "
                            f"{srcs[0].sentence[:90]!r}"
                        )
        n["cross_conflict_events"] = sum(
            1 for e in cross if c.slug in {slug_of.get(s.document) for s in e.sources}
        )
        rows.append({"conflict": c.slug, **n, "notes": notes})
    return {"rows": rows, "cross": cross}


def raw_trigger_types(text: str) -> set[str]:
    """Event types any trigger pattern matches in ``text``, before every gate and filter.

    >>> sorted(raw_trigger_types("Shells landed around the village overnight."))
    ['armed_clash']
    """
    from geo.events.classify import load_cues

    return {c.event_type for c in load_cues() if c.pattern.search(text)}


def error_mechanisms(events: list, conflicts: list) -> list[dict]:
    """Every false negative and false positive of the one-to-one match, with its mechanism.

    The mechanism is what the match itself shows, before anyone reads the sentence:

    * missed gold event: ``merged`` (a predicted event of its type overlaps its sentence
      but stands for another gold event), ``wrong type`` (only events of other types
      overlap it), ``filtered`` (a trigger of its type matches the sentence but no event
      came out: a gate or a filter said no), ``no trigger`` (no trigger of its type);
    * predicted event matching nothing: ``split`` (a gold event of its type overlaps but
      is matched to another predicted event), ``wrong type`` (only gold events of other
      types overlap), ``no gold`` (no gold event in its sentences).

    Each row also says whether a matched pair has the wrong date or is out of place.
    """
    from devset import gold_types, haversine_km, match_one_to_one

    rows: list[dict] = []
    for c in conflicts:
        for doc, entry in c.files().items():
            golds = entry["events"]
            preds = [
                (e, srcs) for e in events for d, srcs in _sources_by_doc(e).items() if d == doc
            ]

            def ov(srcs: list, g: dict) -> int:
                a, b = g["sentence_start"], g["sentence_end"]
                return max((min(b, s.end) - max(a, s.start) for s in srcs), default=0)

            def score(i: int, j: int, preds=preds, golds=golds) -> float:
                e, srcs = preds[i]
                g = golds[j]
                if e.event_type not in gold_types(g) or ov(srcs, g) <= 0:
                    return 0.0
                date_ok = g["date"] and e.coded_date and e.coded_date.isoformat() == g["date"]
                return ov(srcs, g) / (g["sentence_end"] - g["sentence_start"]) + (
                    1.0 if date_ok else 0.0
                )

            matches = match_one_to_one(len(preds), len(golds), score)
            mg = {j: i for i, j in matches}
            mp = {i: j for i, j in matches}
            for j, g in enumerate(golds):
                over = [(i, e) for i, (e, srcs) in enumerate(preds) if ov(srcs, g) > 0]
                if j in mg:
                    e = preds[mg[j]][0]
                    loc = g["location"]
                    far = None
                    if loc and loc["lat"] is not None:
                        got = e.location
                        far = (
                            "no point"
                            if got is None or got.lat is None
                            else f"{haversine_km(got.lat, got.lon, loc['lat'], loc['lon']):.0f} km"
                        )
                    date_bad = bool(
                        g["date"] and not (e.coded_date and e.coded_date.isoformat() == g["date"])
                    )
                    rows.append(
                        {
                            "conflict": c.slug,
                            "doc": doc,
                            "kind": "hit",
                            "gold": g["id"],
                            "type": e.event_type,
                            "date_bad": date_bad,
                            "gold_date": g["date"],
                            "date": str(e.event_date),
                            "place": far,
                        }
                    )
                    continue
                same = [e for i, e in over if e.event_type in gold_types(g)]
                if same:
                    mech = "merged"
                elif over:
                    mech = "wrong type"
                elif gold_types(g) & raw_trigger_types(g["sentence"]):
                    mech = "filtered"
                else:
                    mech = "no trigger"
                rows.append(
                    {
                        "conflict": c.slug,
                        "doc": doc,
                        "kind": "FN",
                        "gold": g["id"],
                        "type": f"{g['type']}/{g.get('fine_type') or '-'}",
                        "gold_date": g["date"],
                        "mechanism": mech,
                        "got": [f"{e.event_type} {e.event_date}" for _, e in over],
                        "sentence": g["sentence"],
                    }
                )
            for i, (e, srcs) in enumerate(preds):
                if i in mp:
                    continue
                over = [g for g in golds if ov(srcs, g) > 0]
                if any(e.event_type in gold_types(g) for g in over):
                    mech = "split"
                elif over:
                    mech = "wrong type"
                else:
                    mech = "no gold"
                rows.append(
                    {
                        "conflict": c.slug,
                        "doc": doc,
                        "kind": "FP",
                        "type": f"{e.event_type}/{e.sub_event_type}",
                        "date": str(e.event_date),
                        "mechanism": mech,
                        "gold": [f"{g['id']} {g['type']}" for g in over],
                        "sentence": " | ".join(s.sentence for s in srcs),
                    }
                )
    return rows


def print_errors(rows: list[dict]) -> None:
    """Counts of :func:`error_mechanisms` rows per kind and mechanism, then every row."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for r in rows:
        if r["kind"] == "hit":
            counts[("hit", "wrong date")] += r["date_bad"]
            place = r["place"]
            counts[("hit", "out of place")] += place is not None and (
                place == "no point" or float(place.split()[0]) > 50
            )
        else:
            counts[(r["kind"], r["mechanism"])] += 1
    for (kind, mech), n in sorted(counts.items()):
        print(f"  {kind:3s} {mech:12s} {n:4d}")
    for r in rows:
        if r["kind"] == "hit":
            if r["date_bad"]:
                print(
                    f"  DATE {r['doc']} {r['gold']} {r['type']} "
                    f"gold {r['gold_date']} got {r['date']}"
                )
            continue
        print(f"  {r['kind']} {r['mechanism']:10s} {r['doc']} {r['gold']} {r['type']} ", end="")
        print(r.get("gold_date") or r.get("date"), r.get("got", ""))
        print(f"      {r['sentence']}")


def _ratio(a: int, b: int) -> str:
    return f"{a / b:5.3f}" if b else "  -  "


def print_dev(res: dict, verbose: bool = False) -> None:
    """Print the per-conflict table of :func:`evaluate_dev`."""
    keys = ("gold", "pred", "matched", "located", "loc_ok", "dated", "date_ok")
    w = max([len(r["conflict"]) for r in res["rows"]] + [12])
    print(
        f"  {'conflict':{w}s} {'gold':>4s} {'pred':>4s} {'recall':>6s} {'prec':>6s} "
        f"{'loc<=50km':>13s} {'date':>13s} {'x-conf':>6s}"
    )
    total: dict[str, int] = defaultdict(int)
    for r in res["rows"]:
        for k in keys:
            total[k] += r.get(k, 0)
        print(
            f"  {r['conflict']:{w}s} {r.get('gold', 0):4d} {r.get('pred', 0):4d} "
            f"{_ratio(r.get('matched', 0), r.get('gold', 0)):>6s} "
            f"{_ratio(r.get('matched', 0), r.get('pred', 0)):>6s} "
            f"{r.get('loc_ok', 0):3d}/{r.get('located', 0):<3d} "
            f"{_ratio(r.get('loc_ok', 0), r.get('located', 0))} "
            f"{r.get('date_ok', 0):3d}/{r.get('dated', 0):<3d} "
            f"{_ratio(r.get('date_ok', 0), r.get('dated', 0))} "
            f"{r.get('cross_conflict_events', 0):6d}"
        )
    print(
        f"  {'ALL (micro)':{w}s} {total['gold']:4d} {total['pred']:4d} "
        f"{_ratio(total['matched'], total['gold']):>6s} "
        f"{_ratio(total['matched'], total['pred']):>6s} "
        f"{total['loc_ok']:3d}/{total['located']:<3d} {_ratio(total['loc_ok'], total['located'])} "
        f"{total['date_ok']:3d}/{total['dated']:<3d} {_ratio(total['date_ok'], total['dated'])} "
        f"{len(res['cross']):6d}"
    )
    if verbose:
        for e in res["cross"]:
            docs = sorted({s.document for s in e.sources})
            print(f"  merged across conflicts: {e.event_type} {e.event_date} {docs}")
        for r in res["rows"]:
            if r["notes"]:
                print(f"\n-- {r['conflict']}")
                for line in r["notes"]:
                    print(line)


def run_dev(
    root: Path,
    nlp: Any,
    only: list[str] | None = None,
    verbose: bool = False,
    errors: bool = False,
) -> dict:
    """Code events for every development article with the real pipeline and score them."""
    from devset import load_dev

    conflicts = load_dev(root, only or ())
    articles = [a for c in conflicts for a in c.articles]
    t0 = time.perf_counter()
    items, join = real_toponyms(articles, nlp)
    events = code_events(items, nlp=nlp, join=join)
    elapsed = time.perf_counter() - t0
    res = evaluate_dev(events, conflicts, verbose=verbose)
    mode = "spaCy " + nlp.meta["name"] if nlp is not None else "regex sentences (no model)"
    print(
        f"development set {root} — real geoparser toponyms — {mode} — {len(conflicts)} "
        f"conflicts, {len(articles)} articles, {len(events)} events, {elapsed:.1f} s"
    )
    print_dev(res, verbose=verbose)
    if errors:
        print("\n-- errors by mechanism (see error_mechanisms)")
        print_errors(error_mechanisms(events, conflicts))
    return res


def main(argv: list[str] | None = None) -> int:
    from devset import add_set_options

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_set_options(parser, "score")
    parser.add_argument("--only", nargs="*", default=None, help="with --dev: these conflicts")
    parser.add_argument("--no-model", action="store_true", help="regex sentence splitter only")
    parser.add_argument("--mb", type=float, default=1.0, help="synthetic corpus size (MB)")
    parser.add_argument("--verbose", action="store_true", help="list misses and false events")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument(
        "--errors", action="store_true", help="with a set: every miss and extra by mechanism"
    )
    parser.add_argument(
        "--oracle", action="store_true", help="gold toponyms instead of the real geoparser's"
    )
    args = parser.parse_args(argv)

    from geo.articles import read_articles
    from geo.nlp import load_nlp

    nlp = None if args.no_model else load_nlp()
    if args.dev is not None:
        run_dev(args.dev, nlp, only=args.only, verbose=args.verbose, errors=args.errors)
        return 0
    gold = json.loads((REPO / "seeds/gold.json").read_text("utf-8"))
    articles = read_articles([REPO / "seeds"]).articles
    join: Any = "auto"
    if args.oracle:
        items = [(a, gold_toponyms(a.id, gold["files"][a.id])) for a in articles]
        source = "oracle toponyms"
    else:
        items, join = real_toponyms(articles, nlp)
        source = "real geoparser toponyms"
    t0 = time.perf_counter()
    events = code_events(items, nlp=nlp, join=join)
    elapsed = time.perf_counter() - t0
    res = evaluate(events, gold, verbose=args.verbose)
    mode = "spaCy " + nlp.meta["name"] if nlp is not None else "regex sentences (no model)"
    print(f"seed gold — {source} — {mode} — {len(articles)} articles, {elapsed:.2f}s")
    print(f"  gold events            {res['gold_events']}")
    print(f"  recall (type)          {res['recall_type']:.3f}")
    print(f"  recall (type+date)     {res['recall_type_date']:.3f}")
    print(f"  recall (lenient spans) {res['recall_type_date_lenient']:.3f}")
    print(f"  events extracted       {res['events']}")
    print(f"  precision (events)     {res['precision_events']:.3f}")
    print(f"  precision (sources)    {res['precision_sources']:.3f}")
    print(f"  same_as groups merged  {res['same_as_merged']}/{res['same_as_groups']}")
    for g, ok in res["same_as_detail"]:
        print(f"      {'ok ' if ok else 'NO '} {', '.join(g)}")
    print(f"  events without source  {res['events_without_source']}")
    if not args.skip_speed:
        sp = speed(nlp, args.mb)
        print(
            f"speed — synthetic corpus {sp['bytes'] / 1e6:.2f} MB, {sp['words']} words, "
            f"{sp['articles']} articles"
        )
        print(f"  regex-only mode        {sp['regex_only_words_per_s']:,.0f} words/s")
        if "events_only_words_per_s" in sp:
            print(f"  spaCy parse            {sp['spacy_parse_words_per_s']:,.0f} words/s")
            print(
                f"  events given docs      {sp['events_only_words_per_s']:,.0f} words/s "
                f"({sp['events_ms_per_article']:.2f} ms/article)"
            )
            print(f"  parse + events         {sp['parse_plus_events_words_per_s']:,.0f} words/s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS)    {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
