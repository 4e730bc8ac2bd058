"""Toponym resolution with gold spans on LGL and TR-News (measurement only).

Usage::

    .venv/bin/python bench/bench_resolution.py [--corpus lgl|trnews|both] [--limit N]
                                               [--bench-dir /work/shared/bench] [--errors K]
    .venv/bin/python bench/bench_resolution.py --end-to-end [--corpus ...] [--limit N]
                                               [--far FILE] [--mechanisms]

Each article is geoparsed in resolution-only mode (``meta["spans"]`` = the
gold spans, so exactly those spans are resolved, with no NER). Scored over
gold toponyms that have a gold point (a ``gaztag``):

* acc@161: share within 161 km (100 miles) of the gold point; a span left
  unresolved counts as wrong ("all") — also given over resolved spans only;
* AUC (Gritta et al. 2018): mean of ln(1 + error_km) / ln(20039), unresolved
  spans at the maximum error (lower is better);
* mean and median error in km (resolved spans); coverage = resolved / gold;
* acc@161km (right unit): as acc@161km, but a country or admin-1 answer also
  counts as right when the gold point lies inside that unit's polygon. It
  separates choosing the wrong place from choosing the right unit whose
  conventional point differs from GeoNames' (Canada: 60 N 95 W in the
  Factbook, 60.1 N 113.6 W in GeoNames, 1,031 km apart). Secondary only: the
  first figure is the one comparable with published results.

``--end-to-end`` geoparses the raw text instead, as ``sitmap`` does (NER
windows and all, no gold spans), and scores each gold toponym with a point:
found (a predicted place overlaps its span), found and placed within 161 km
(the end-to-end figure GeoWebNews is usually reported with: Mordecai 3, 62.5 %
there), and found but placed over 500 km away (a country or province that holds
the gold point is not counted there: see "right unit"). LGL and TR-News do not mark
every place name, so no precision is given: a place the gold leaves out is
not an error.

``--mechanisms K`` (with ``--end-to-end``) sorts the far placements and the
misses by mechanism, largest first, with K examples each: a namesake abroad or
in another province (split by what in the text could have chosen: the gold's
province named, other places near the gold, nothing), a country or unit for a
town named like it and the reverse, another place's alternate name, a span
that differs from the gold name; a miss is a demonym, a name inside a longer
capitalised name, a name the gazetteer lacks or has, or an unresolved mention
by its reason. The classes are read off the text by simple tests, so a
"longer capitalised name" is sometimes a headline's next word.

The corpora are read from ``--bench-dir`` and never copied into the repo.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from geo.articles import Article  # noqa: E402
from geo.geoparse import geoparse  # noqa: E402

MAX_KM = 20039.0
FILES = {"lgl": "lgl.xml", "trnews": "TR-News.xml"}
PUBLISHED = {"lgl": (82.7, "Mordecai 3"), "trnews": (87.3, "Mordecai 3")}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def realign(text: str, phrase: str, start: int) -> tuple[int, int]:
    """The occurrence of ``phrase`` nearest to ``start`` (some TR-News offsets are shifted)."""
    best = None
    pos = text.find(phrase)
    while pos != -1:
        if best is None or abs(pos - start) < abs(best - start):
            best = pos
        pos = text.find(phrase, pos + 1)
    if best is None:
        return start, start + len(phrase)
    return best, best + len(phrase)


def read_corpus(path: Path) -> list[tuple[Article, list[dict]]]:
    """Articles with their gold spans as ``meta["spans"]``, and the gold toponyms.

    Gold spans whose text differs from the gold phrase (TR-News has some) are
    moved to the nearest occurrence of the phrase; the count is printed.
    """
    out = []
    realigned = [0]
    root = ET.parse(path).getroot()
    for k, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        golds = []
        for top in art.iter("toponym"):
            start, end = int(top.findtext("start")), int(top.findtext("end"))
            phrase = top.findtext("phrase") or ""
            if text[start:end] != phrase:
                start, end = realign(text, phrase, start)
                realigned[0] += 1
            tag = top.find("gaztag")
            g = {"start": start, "end": end, "phrase": phrase}
            if tag is not None and tag.findtext("lat") not in (None, ""):
                g.update(
                    lat=float(tag.findtext("lat")),
                    lon=float(tag.findtext("lon")),
                    fcode=tag.findtext("fcode"),
                    name=tag.findtext("name"),
                    country=tag.findtext("country") or "",
                    admin1=tag.findtext("admin1") or "",
                )
            golds.append(g)
        spans = [[g["start"], g["end"]] for g in golds]
        doc_id = art.get("docid") or f"{path.stem}-{k}"
        out.append(
            (Article(id=f"{path.stem}:{doc_id}:{k}", text=text, meta={"spans": spans}), golds)
        )
    if realigned[0]:
        print(f"{path.name}: {realigned[0]} gold spans realigned to their phrase")
    return out


class UnitPolygons:
    """Country and admin-1 polygons of ``geo.boundaries``, by place id."""

    def __init__(self) -> None:
        from geo.boundaries import load_boundaries

        b = load_boundaries()
        self.admin0 = {}
        for code, geom in zip(b.admin0["iso_a2"], b.admin0.geometry, strict=True):
            if isinstance(code, str) and geom is not None:
                key = code.upper()
                self.admin0[key] = geom if key not in self.admin0 else self.admin0[key].union(geom)
        self.admin1 = {
            str(code).upper(): geom
            for code, geom in zip(b.admin1["code"], b.admin1.geometry, strict=True)
            if isinstance(code, str) and code and geom is not None
        }

    def contains(self, toponym, lat: float, lon: float) -> bool:
        """Whether ``toponym`` is a country or admin-1 unit whose polygon holds the point."""
        import shapely

        geom = None
        if toponym.feature == "country" and toponym.country_code:
            geom = self.admin0.get(toponym.country_code.upper())
        elif toponym.feature == "admin1" and toponym.place_id.startswith("adm1:"):
            geom = self.admin1.get(toponym.place_id[5:].upper())
        return geom is not None and bool(geom.intersects(shapely.Point(lon, lat)))


def evaluate(name: str, path: Path, gazetteer, limit: int | None, show_errors: int) -> dict:
    corpus = read_corpus(path)
    if limit:
        corpus = corpus[:limit]
    golds_by_id = {a.id: g for a, g in corpus}
    units = UnitPolygons()
    unit_ok = 0
    t0 = time.perf_counter()
    errors: list[float] = []
    resolved = 0
    total = 0
    by_fcode: dict[str, Counter] = {}
    worst: list[tuple[float, str, str, str]] = []
    for res in geoparse([a for a, _ in corpus], gazetteer=gazetteer, nlp=False):
        golds = golds_by_id[res.document]
        by_span = {(t.start, t.end): t for t in res.toponyms}
        for g in golds:
            if "lat" not in g:
                continue
            total += 1
            t = by_span.get((g["start"], g["end"]))
            fc = by_fcode.setdefault(g.get("fcode") or "?", Counter())
            fc["n"] += 1
            if t is None:
                errors.append(MAX_KM)
                fc["unresolved"] += 1
                continue
            resolved += 1
            d = haversine_km(t.lat, t.lon, g["lat"], g["lon"])
            errors.append(d)
            fc["ok"] += d <= 161
            unit_ok += d <= 161 or units.contains(t, g["lat"], g["lon"])
            if d > 161:
                worst.append(
                    (
                        d,
                        g["phrase"],
                        f"{t.name} ({t.country_code}, {t.feature})",
                        f"{g.get('name')} [{g.get('fcode')}]",
                    )
                )
    elapsed = time.perf_counter() - t0
    ok = sum(1 for e in errors if e <= 161)
    resolved_errors = [e for e in errors if e < MAX_KM]
    auc = sum(math.log(1 + e) / math.log(MAX_KM) for e in errors) / max(1, len(errors))
    ref, who = PUBLISHED[name]
    print(f"{name}: {len(corpus)} articles, {total} gold toponyms with a point, {elapsed:.1f} s")
    print(
        f"  acc@161km (all gold)      {100 * ok / max(1, total):.1f}%   (published {who}: {ref}%)"
    )
    print(f"  acc@161km (resolved only) {100 * ok / max(1, resolved):.1f}%")
    print(f"  acc@161km (right unit)    {100 * unit_ok / max(1, total):.1f}%   (secondary)")
    print(f"  AUC                       {auc:.3f}")
    if resolved_errors:
        print(f"  mean error                {statistics.fmean(resolved_errors):.0f} km")
        print(f"  median error              {statistics.median(resolved_errors):.1f} km")
    print(f"  coverage                  {100 * resolved / max(1, total):.1f}%")
    print("  by gold feature code (n, acc@161, unresolved):")
    for code, c in sorted(by_fcode.items(), key=lambda kv: -kv[1]["n"])[:12]:
        print(f"    {code:6s} {c['n']:5d}  {100 * c['ok'] / c['n']:5.1f}%  {c['unresolved']:4d}")
    if show_errors:
        print(f"  {show_errors} largest errors:")
        for d, phrase, got, want in sorted(worst, reverse=True)[:show_errors]:
            print(f"    {d:8.0f} km  {phrase!r}: {got} vs gold {want}")
    return {"acc161": ok / max(1, total), "auc": auc, "coverage": resolved / max(1, total)}


def end_to_end(
    name: str,
    path: Path,
    gazetteer,
    limit: int | None,
    show_errors: int,
    far_out: Path | None = None,
    mechanisms: int = 0,
) -> dict:
    """Geoparse raw text (NER on) and score found / found within 161 km per gold toponym.

    ``far_out``: append one JSON line per far placement (the gold, the answer,
    the sentence around it and the article's other answers) for classifying them.
    ``mechanisms``: print the far placements and the misses by mechanism
    (:func:`classify_far`, :func:`classify_miss`), with that many examples each.
    """
    corpus = read_corpus(path)
    if limit:
        corpus = corpus[:limit]
    golds_by_id = {a.id: g for a, g in corpus}
    raw = [Article(id=a.id, text=a.text) for a, _ in corpus]
    units = UnitPolygons()
    t0 = time.perf_counter()
    total = found = ok = unit_ok = far = 0
    worst: list[tuple[float, str, str]] = []
    far_rows: list[dict] = []
    text_of = {a.id: a.text for a in raw}
    far_mech: list[tuple[str, str]] = []
    miss_mech: list[tuple[str, str]] = []
    index = None
    if mechanisms:
        from geo.geoparse.index import name_index

        index = name_index(gazetteer)
    for res in geoparse(raw, gazetteer=gazetteer):
        tops = sorted(res.toponyms, key=lambda t: t.start)
        for g in golds_by_id[res.document]:
            if "lat" not in g:
                continue
            total += 1
            hit = next((t for t in tops if t.start < g["end"] and g["start"] < t.end), None)
            if hit is None:
                if mechanisms:
                    mech = classify_miss(g, text_of[res.document], res.unresolved, index)
                    miss_mech.append((mech, f"{g['phrase']!r} [{g.get('fcode')}] {res.document}"))
                continue
            found += 1
            d = haversine_km(hit.lat, hit.lon, g["lat"], g["lon"])
            ok += d <= 161
            right_unit = d <= 161 or units.contains(hit, g["lat"], g["lon"])
            unit_ok += right_unit
            far += d > 500 and not right_unit
            if d > 500 and not right_unit:
                worst.append((d, g["phrase"], f"{hit.name} ({hit.country_code}, {hit.feature})"))
                if mechanisms:
                    mech = classify_far(g, hit, text_of[res.document], tops)
                    far_mech.append(
                        (
                            mech,
                            f"{g['phrase']!r}: {hit.name} ({hit.admin1}, {hit.country_code}) vs "
                            f"{g.get('name')} ({g.get('admin1')}, {g.get('country')}) "
                            f"{round(d)} km {res.document}",
                        )
                    )
                if far_out is not None:
                    far_rows.append(_far_row(name, res, hit, g, d, text_of[res.document], tops))
    elapsed = time.perf_counter() - t0
    print(
        f"{name} end to end: {len(corpus)} articles, {total} gold toponyms with a point, "
        f"{elapsed:.1f} s"
    )
    print(f"  found                     {100 * found / max(1, total):.1f}%")
    print(
        f"  found and ≤ 161 km        {100 * ok / max(1, total):.1f}%   "
        f"(GeoWebNews, Mordecai 3: 62.5%)"
    )
    print(f"  found, right unit         {100 * unit_ok / max(1, total):.1f}%   (secondary)")
    print(f"  found and > 500 km off    {far}   (not counting a right country or province)")
    if show_errors:
        for d, phrase, got in sorted(worst, reverse=True)[:show_errors]:
            print(f"    {d:8.0f} km  {phrase!r}: {got}")
    if mechanisms:
        print_mechanisms("found and > 500 km off", far_mech, mechanisms)
        print_mechanisms("not found", miss_mech, mechanisms)
    if far_out is not None:
        with far_out.open("a", encoding="utf-8") as fh:
            for row in far_rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return {"found": found / max(1, total), "acc161": ok / max(1, total), "far": far}


#: GeoNames feature codes of countries and first-order units.
_COUNTRY_FCODES = frozenset({"PCLI", "PCLD", "PCLIX", "PCLS", "PCLF", "PCL", "TERR"})
_TOWN_FEATURES = frozenset({"populated_place", "village"})
_UNIT_FEATURES = frozenset({"admin1", "admin2", "region", "continent"})


def _named_elsewhere(text: str, name: str, span: tuple[int, int]) -> bool:
    """Whether ``name`` (or its press abbreviation, "Mo." for Missouri) stands in ``text``
    outside ``span``.

    >>> _named_elsewhere("Holliday, Mo. - A man in Holliday", "Missouri", (0, 8))
    True
    >>> _named_elsewhere("Georgia police said", "Georgia", (0, 7))
    False
    """
    import re

    from geo.geoparse.lexicon import US_STATE_ABBREVIATIONS

    if not name:
        return False
    forms = [re.escape(name)] + [
        re.escape(abbr.capitalize()) + r"\."
        for abbr, full in US_STATE_ABBREVIATIONS.items()
        if full == name
    ]
    for match in re.finditer(r"\b(?:" + "|".join(forms) + r")(?!\w)", text):
        if match.end() <= span[0] or match.start() >= span[1]:
            return True
    return False


def classify_far(gold: dict, hit, text: str, tops) -> str:
    """The mechanism of one far placement (a gold toponym found and placed > 500 km off).

    Tried in order: the span differs from the gold name; a unit for a town or
    a town for a unit of that name; another place's alternate name; else a
    namesake (abroad or in another province), split by what in the text
    could have chosen: the gold's province or state named, other places of
    the story near the gold, or nothing.
    """
    from geo.names import fold

    fcode = gold.get("fcode") or ""
    if (hit.start, hit.end) != (gold["start"], gold["end"]):
        return "span differs from the gold name (fragment or longer name)"
    if fcode.startswith("PPL") and hit.feature == "country":
        return "a country for a town named like it"
    if fcode.startswith("PPL") and hit.feature in _UNIT_FEATURES:
        return "a unit for a town of that name"
    if (fcode in _COUNTRY_FCODES or fcode == "ADM1") and hit.feature in _TOWN_FEATURES:
        if gold.get("country") == "United Kingdom" and fcode == "ADM1":
            return "a town for a constituent country (England, Scotland, Wales)"
        return "a town for a country or province of that name"
    name = fold(hit.name.split(" (")[0])
    if not (name.startswith(fold(hit.text)) or fold(hit.text).startswith(name)):
        return "another place's alternate, former or variant name"
    where = "abroad" if hit.country_code and _country_of(gold) != hit.country_code else "in-country"
    admin1 = gold.get("admin1") or ""
    if fold(admin1) != fold(gold["phrase"]) and _named_elsewhere(
        text, admin1, (gold["start"], gold["end"])
    ):
        why = "the text names the gold's province or state"
    elif any(
        t is not hit
        and t.feature not in ("country", "admin1", "continent")
        and haversine_km(t.lat, t.lon, gold["lat"], gold["lon"]) <= 161
        for t in tops
    ):
        why = "other places of the story lie near the gold"
    else:
        why = "nothing in the text points to the gold"
    return f"namesake {where}: {why}"


def _country_of(gold: dict) -> str:
    """ISO alpha-2 of the gold's country name ("" when unknown)."""
    from geo.countries import _countries

    by_name = {c.name: c.alpha2 for c in _countries().values()}
    return by_name.get(gold.get("country") or "", "")


def classify_miss(gold: dict, text: str, unresolved, index) -> str:
    """The mechanism of one gold toponym that was not found (no placed mention overlaps it)."""
    from geo.geoparse.lexicon import DEMONYMS
    from geo.names import fold

    u = next((u for u in unresolved if u.start < gold["end"] and gold["start"] < u.end), None)
    if u is not None:
        if u.set_aside or u.unconfirmed:
            # set aside by recognition: the rule that set it aside
            return "unresolved: " + u.reason.split(" (closest")[0]
        reason = u.reason.split(" (")[0].split(":")[0]
        return "unresolved: " + (
            "not in gazetteer" if reason.startswith("not in gazetteer") else reason
        )
    phrase = gold["phrase"]
    key = fold(phrase)
    if key in DEMONYMS or (key.endswith("s") and key[:-1] in DEMONYMS):
        return "not found: a demonym (no place by design)"
    if phrase[:1].islower():
        return "not found: written in lower case"
    before = text[max(0, gold["start"] - 30) : gold["start"]].split()
    after = text[gold["end"] : gold["end"] + 30].split()
    glue = {"The", "In", "At", "From", "To", "Of", "And", "For", "On", "By", "A", "An", "Near"}
    if (
        before
        and before[-1][:1].isupper()
        and before[-1] not in glue
        and not before[-1].endswith((".", ",", ":", '"'))
    ) or (after and after[0][:1].isupper() and text[gold["end"] : gold["end"] + 1] == " "):
        return "not found: inside a longer capitalised name (organisation, street, team)"
    if not index.candidates(key):
        return "not found: gazetteer lacks the name"
    return "not found: the gazetteer has the name"


def print_mechanisms(name: str, rows: list[tuple[str, str]], examples: int = 3) -> None:
    """Counts per mechanism, largest first, each with a few examples."""
    counts = Counter(m for m, _ in rows)
    print(f"  {name}: {len(rows)} by mechanism")
    for mech, n in counts.most_common():
        shown = [e for m, e in rows if m == mech][:examples]
        print(f"    {n:5d}  {mech}")
        for e in shown:
            print(f"             {e}")


def _far_row(corpus: str, res, hit, gold: dict, km: float, text: str, tops) -> dict:
    """One far placement with what a reader needs to say why it happened."""
    a = text.rfind("\n", 0, hit.start) + 1
    b = text.find("\n", hit.end)
    b = len(text) if b == -1 else b
    a, b = max(a, hit.start - 200), min(b, hit.end + 200)
    return {
        "corpus": corpus,
        "doc": res.document,
        "km": round(km),
        "phrase": gold["phrase"],
        "gold": [gold.get("name"), gold.get("fcode"), gold["lat"], gold["lon"]],
        "got": [hit.text, hit.name, hit.country_code, hit.admin1, hit.feature, hit.score],
        "got_point": [hit.lat, hit.lon],
        "context": text[a:b].replace("\n", " "),
        "title": text[:80].replace("\n", " "),
        "others": Counter(t.country_code for t in tops if t is not hit).most_common(5),
    }


def main(gazetteer=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("lgl", "trnews", "both"), default="both")
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--bench-dir", type=Path, default=Path("/work/shared/bench"))
    parser.add_argument("--errors", type=int, default=0, help="list the K largest errors")
    parser.add_argument(
        "--far", type=Path, default=None, help="with --end-to-end: far placements to this JSONL"
    )
    parser.add_argument(
        "--end-to-end", action="store_true", help="geoparse raw text (NER on), no gold spans"
    )
    parser.add_argument(
        "--mechanisms",
        type=int,
        default=0,
        metavar="K",
        help="with --end-to-end: far placements and misses by mechanism, K examples each",
    )
    args = parser.parse_args()
    if gazetteer is None:
        from geo.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    names = ("lgl", "trnews") if args.corpus == "both" else (args.corpus,)
    for name in names:
        if args.end_to_end:
            end_to_end(
                name,
                args.bench_dir / FILES[name],
                gazetteer,
                args.limit,
                args.errors,
                args.far,
                mechanisms=args.mechanisms,
            )
        else:
            evaluate(name, args.bench_dir / FILES[name], gazetteer, args.limit, args.errors)


if __name__ == "__main__":
    main()
