"""Check the development set (``bench/dev/<conflict>/``) against ``_notes/DEVSET.md``.

Usage::

    .venv/bin/python bench/dev/check_dev.py [--fix] [--root DIR] [FOLDER ...]

With no folder, every conflict folder under ``--root`` (default ``bench/dev``;
the held-out set is ``bench/heldout``) is checked. A
conflict folder holds 2–3 articles ``NN_short_slug.txt`` (a ``key: value``
header with exactly ``title``, ``outlet``, ``published``, ``conflict``, a
blank line, then a body of 250–600 words) and ``gold.json``. Checked:

* header keys and values (``conflict`` = folder name, ``published`` ISO date);
* ``gold.json`` keys, types and vocabularies (categories, usages, event types,
  fine types, precisions, count kinds, control statuses), lat/lon ranges and at
  most 4 decimals, ``coord_source`` rules (null point → ``unverified: ...``,
  lines → ``not applicable``);
* every toponym ``surface`` found as a whole word in text order (searching
  forward from the previous toponym's start), every event and control
  ``sentence`` an exact substring of the body, every event location surface
  one of the file's toponym surfaces;
* event ids unique in the conflict and prefixed by their file's ``NN``;
  ``same_as`` pointing to existing ids of other files, and symmetric;
* the file is in canonical formatting (``json.dumps(indent=1,
  ensure_ascii=False)`` plus a newline) and ``CONFLICTS.md`` has the
  conflict's row.

Offsets are indices into the body as sitmap reads it
(:func:`geo.articles.reader.parse_article`, header split off, blank edge
lines trimmed). ``--fix`` writes ``start``/``end`` into each toponym,
``sentence_start``/``sentence_end`` into each event and control entry,
rewrites ``gold.json`` canonically and updates the conflict's row in
``CONFLICTS.md``; it then checks again. Exit status 1 when anything is
wrong, with one message per problem (``path: where: what``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from geo.articles.reader import parse_article  # noqa: E402
from geo.errors import InputError  # noqa: E402

DEV = Path(__file__).resolve().parent

HEADER_KEYS = ("title", "outlet", "published", "conflict")
CONTINENTS = frozenset({"Africa", "Asia", "Europe", "North America", "South America", "Oceania"})
CATEGORIES = frozenset(
    {
        "country",
        "admin1",
        "admin2",
        "populated place",
        "border crossing",
        "facility",
        "physical",
        "region",
        "border",
        "road",
    }
)
LINE_CATEGORIES = frozenset({"border", "road"})
USAGES = frozenset({"locative", "metonymic", "attributive", "org-name"})
EVENT_TYPES = frozenset(
    {
        "armed_clash",
        "capture",
        "control_claim",
        "forces_cross_border",
        "deployment",
        "displacement",
        "ceasefire_or_talks",
        "assistance",
        "blockade",
    }
)
FINE_TYPES = frozenset(
    {
        "shelling",
        "air_drone_strike",
        "attack",
        "surrender",
        "arrest",
        "abduction",
        "sabotage_accusation",
        "trade_or_border_closure",
        "mediation_talks",
        "ceasefire_agreement",
        "reinforcement",
        "commanders_meeting",
        "withdrawal",
        "recapture",
        "evacuation",
        "protest",
    }
)
COUNT_KINDS = frozenset({"killed", "wounded", "missing", "captured", "displaced"})
CONTROL_STATUSES = frozenset({"claimed", "reported", "confirmed", "disputed", "denied"})
PRECISIONS = frozenset({1, 2, 3})
TOPONYM_KEYS = ("surface", "category", "referent", "lat", "lon", "coord_source", "usage")
EVENT_KEYS = (
    "id",
    "type",
    "date",
    "time_precision",
    "actors",
    "actor_sides",
    "claimant",
    "sentence",
    "location",
    "counts",
    "same_as",
)
GOLD_KEYS = ("conflict", "name", "continent", "countries", "facts", "files")
SLUG = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*\Z")
ARTICLE = re.compile(r"(\d\d)_[a-z0-9]+(?:_[a-z0-9]+)*\.txt\Z")
ISO_DATE = re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\Z")
COUNTRY = re.compile(r"[A-Z]{2}\Z")
EVENT_ID = re.compile(r"(\d\d)-e\d+\Z")
MIN_WORDS, MAX_WORDS = 250, 600
TABLE_HEAD = (
    "# sitmap development set: conflicts\n\n"
    "Written by the sitmap developers (see `_notes/DEVSET.md`); rows are kept up to date by\n"
    "`bench/dev/check_dev.py --fix`.\n\n"
    "| slug | name | continent | countries | articles | events |\n"
    "| --- | --- | --- | --- | --- | --- |\n"
)


def dump(data: Any) -> str:
    """Canonical text of a ``gold.json``: indent 1, non-ASCII kept, final newline.

    >>> dump({"b": "Zvečan", "a": [1]})
    '{\\n "b": "Zvečan",\\n "a": [\\n  1\\n ]\\n}\\n'
    """
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def find_word(text: str, surface: str, start: int) -> int:
    """Index of ``surface`` as a whole word in ``text`` at or after ``start``, else -1.

    >>> find_word("Lehman went to Leh.", "Leh", 0)
    15
    >>> find_word("Surin and Surin", "Surin", 1)
    10
    >>> find_word("Kapan", "Goris", 0)
    -1
    """
    m = re.compile(r"(?<!\w)" + re.escape(surface) + r"(?!\w)").search(text, start)
    return m.start() if m else -1


def read_header(raw: str) -> tuple[dict[str, str], list[str]]:
    """The ``key: value`` header of an article file, and problems with its form.

    >>> read_header("title: T\\noutlet: O\\n\\nBody")
    ({'title': 'T', 'outlet': 'O'}, [])
    >>> read_header("no header here\\n\\nBody")[1]
    ["header line 1 is not 'key: value': 'no header here'"]
    """
    head, sep, _ = raw.replace("\r\n", "\n").partition("\n\n")
    problems: list[str] = []
    if not sep:
        return {}, ["no blank line after the header"]
    meta: dict[str, str] = {}
    for i, line in enumerate(head.split("\n"), 1):
        m = re.match(r"([a-z_]+): (.+)\Z", line)
        if not m:
            problems.append(f"header line {i} is not 'key: value': {line!r}")
            continue
        if m.group(1) in meta:
            problems.append(f"header key {m.group(1)!r} repeated")
        meta[m.group(1)] = m.group(2).strip()
    return meta, problems


class Report:
    """Collects ``path: where: what`` messages."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, path: Path | str, where: str, what: str) -> None:
        """Record one problem."""
        self.messages.append(f"{path}: {where + ': ' if where else ''}{what}")


def _is_num(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _decimals_ok(x: float) -> bool:
    return round(x, 4) == x


def _check_point(rep: Report, path: Path, where: str, lat: Any, lon: Any) -> bool:
    """Check a lat/lon pair; True when it is a real point."""
    if lat is None and lon is None:
        return False
    if not (_is_num(lat) and _is_num(lon)):
        rep.add(path, where, f"lat/lon must both be numbers or both null, got {lat!r}, {lon!r}")
        return False
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        rep.add(path, where, f"lat/lon out of range: {lat}, {lon}")
    if not (_decimals_ok(lat) and _decimals_ok(lon)):
        rep.add(path, where, f"lat/lon with more than 4 decimals: {lat}, {lon}")
    return True


def _check_toponym(rep: Report, path: Path, where: str, t: Any) -> bool:
    if not isinstance(t, dict):
        rep.add(path, where, "a toponym must be an object")
        return False
    missing = [k for k in TOPONYM_KEYS if k not in t]
    if missing:
        rep.add(path, where, f"missing keys {missing}")
        return False
    extra = set(t) - set(TOPONYM_KEYS) - {"start", "end"}
    if extra:
        rep.add(path, where, f"unknown keys {sorted(extra)}")
    if not isinstance(t["surface"], str) or not t["surface"].strip():
        rep.add(path, where, "surface must be a non-empty string")
        return False
    if t["surface"] != t["surface"].strip():
        rep.add(path, where, f"surface has edge spaces: {t['surface']!r}")
    if t["category"] not in CATEGORIES:
        rep.add(path, where, f"category {t['category']!r} not in {sorted(CATEGORIES)}")
    if t["usage"] not in USAGES:
        rep.add(path, where, f"usage {t['usage']!r} not in {sorted(USAGES)}")
    if not isinstance(t["referent"], str) or not t["referent"].strip():
        rep.add(path, where, "referent must be a non-empty string")
    src = t["coord_source"]
    if not isinstance(src, str) or not src.strip():
        rep.add(path, where, "coord_source must be a non-empty string")
        src = ""
    point = _check_point(rep, path, where, t["lat"], t["lon"])
    if t["category"] in LINE_CATEGORIES:
        if point:
            rep.add(path, where, f"a {t['category']} has lat/lon null")
        if src != "not applicable":
            rep.add(path, where, f"a {t['category']} has coord_source 'not applicable'")
    elif point and src.startswith(("unverified", "not applicable")):
        rep.add(path, where, "a point needs a cited coord_source, not 'unverified'")
    elif not point and not src.startswith("unverified:"):
        rep.add(path, where, "no point: coord_source must start with 'unverified: '")
    return True


def _check_counts(rep: Report, path: Path, where: str, counts: Any) -> None:
    if not isinstance(counts, dict):
        rep.add(path, where, "counts must be an object")
        return
    for kind, c in counts.items():
        w = f"{where}.counts.{kind}"
        if kind not in COUNT_KINDS:
            rep.add(path, w, f"count kind not in {sorted(COUNT_KINDS)}")
        if not isinstance(c, dict) or set(c) != {"low", "high", "qualifier"}:
            rep.add(path, w, "a count is {'low', 'high', 'qualifier'}")
            continue
        low, high, q = c["low"], c["high"], c["qualifier"]
        for name, v in (("low", low), ("high", high)):
            if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
                rep.add(path, w, f"{name} must be a non-negative integer or null, got {v!r}")
        if low is None and high is None:
            rep.add(path, w, "low and high are both null")
        if isinstance(low, int) and isinstance(high, int) and high < low:
            rep.add(path, w, f"high {high} < low {low}")
        if q is not None and (not isinstance(q, str) or not q.strip()):
            rep.add(path, w, "qualifier must be a non-empty string or null")


def _check_event(rep: Report, path: Path, where: str, ev: Any, nn: str, surfaces: set[str]) -> bool:
    if not isinstance(ev, dict):
        rep.add(path, where, "an event must be an object")
        return False
    missing = [k for k in EVENT_KEYS if k not in ev]
    if missing:
        rep.add(path, where, f"missing keys {missing}")
        return False
    extra = set(ev) - set(EVENT_KEYS) - {"fine_type", "sentence_start", "sentence_end"}
    if extra:
        rep.add(path, where, f"unknown keys {sorted(extra)}")
    m = EVENT_ID.match(ev["id"]) if isinstance(ev["id"], str) else None
    if not m:
        rep.add(path, where, f"id {ev['id']!r} is not 'NN-eK'")
        return False
    if m.group(1) != nn:
        rep.add(path, where, f"id {ev['id']!r} does not start with the file's number {nn}")
    if ev["type"] not in EVENT_TYPES:
        rep.add(path, where, f"type {ev['type']!r} not in {sorted(EVENT_TYPES)}")
    if "fine_type" in ev and ev["fine_type"] not in FINE_TYPES:
        rep.add(path, where, f"fine_type {ev['fine_type']!r} not in {sorted(FINE_TYPES)}")
    if ev["date"] is not None and not (isinstance(ev["date"], str) and ISO_DATE.match(ev["date"])):
        rep.add(path, where, f"date {ev['date']!r} is not YYYY-MM-DD or null")
    if ev["time_precision"] not in PRECISIONS:
        rep.add(path, where, f"time_precision {ev['time_precision']!r} not in 1, 2, 3")
    actors = ev["actors"]
    if not isinstance(actors, list) or not all(isinstance(a, str) and a for a in actors):
        rep.add(path, where, "actors must be a list of names")
        actors = []
    sides = ev["actor_sides"]
    if not isinstance(sides, dict):
        rep.add(path, where, "actor_sides must be an object")
    else:
        for actor, side in sides.items():
            if actor not in actors:
                rep.add(path, where, f"actor_sides names {actor!r}, which is not in actors")
            if not isinstance(side, str) or not side:
                rep.add(path, where, f"side of {actor!r} must be a non-empty string")
    if ev["claimant"] is not None and not isinstance(ev["claimant"], str):
        rep.add(path, where, "claimant must be a string or null")
    if not isinstance(ev["sentence"], str) or not ev["sentence"].strip():
        rep.add(path, where, "sentence must be a non-empty string")
    loc = ev["location"]
    if loc is not None:
        if not isinstance(loc, dict) or set(loc) != {"surface", "lat", "lon", "precision"}:
            rep.add(path, where, "location is null or {'surface', 'lat', 'lon', 'precision'}")
        else:
            if loc["surface"] not in surfaces:
                rep.add(
                    path,
                    where,
                    f"location surface {loc['surface']!r} is not a toponym surface of this file",
                )
            _check_point(rep, path, where + ".location", loc["lat"], loc["lon"])
            if loc["precision"] not in PRECISIONS:
                rep.add(path, where, f"location precision {loc['precision']!r} not in 1, 2, 3")
    _check_counts(rep, path, where, ev["counts"])
    if not isinstance(ev["same_as"], list) or not all(isinstance(x, str) for x in ev["same_as"]):
        rep.add(path, where, "same_as must be a list of event ids")
    return True


def _check_control(rep: Report, path: Path, where: str, c: Any) -> bool:
    keys = {"object", "controller", "status", "date", "sentence"}
    if not isinstance(c, dict) or not keys <= set(c):
        rep.add(path, where, f"a control entry needs keys {sorted(keys)}")
        return False
    extra = set(c) - keys - {"sentence_start", "sentence_end"}
    if extra:
        rep.add(path, where, f"unknown keys {sorted(extra)}")
    if c["status"] not in CONTROL_STATUSES:
        rep.add(path, where, f"status {c['status']!r} not in {sorted(CONTROL_STATUSES)}")
    if c["date"] is not None and not (isinstance(c["date"], str) and ISO_DATE.match(c["date"])):
        rep.add(path, where, f"date {c['date']!r} is not YYYY-MM-DD or null")
    if not isinstance(c["sentence"], str) or not c["sentence"].strip():
        rep.add(path, where, "sentence must be a non-empty string")
        return False
    return True


def _place_sentence(rep: Report, path: Path, where: str, item: dict, body: str, fix: bool) -> None:
    """Check (or with ``fix`` write) ``sentence_start``/``sentence_end`` of one entry."""
    sentence = item.get("sentence")
    if not isinstance(sentence, str) or not sentence.strip():
        return
    pos = body.find(sentence)
    if pos < 0:
        rep.add(path, where, f"sentence is not an exact substring of the body: {sentence[:70]!r}")
        return
    want = (pos, pos + len(sentence))
    if fix:
        ordered: dict[str, Any] = {}
        for k, v in item.items():
            if k in ("sentence_start", "sentence_end"):
                continue
            ordered[k] = v
            if k == "sentence":
                ordered["sentence_start"], ordered["sentence_end"] = want
        item.clear()
        item.update(ordered)
    elif (item.get("sentence_start"), item.get("sentence_end")) != want:
        rep.add(path, where, f"sentence_start/end missing or not {want} (run --fix)")


def check_article(rep: Report, path: Path, slug: str) -> str | None:
    """Check one article file's header and length; return its body (``None`` if unreadable)."""
    raw = path.read_text(encoding="utf-8")
    meta, problems = read_header(raw)
    for p in problems:
        rep.add(path, "header", p)
    keys = list(meta)
    if keys != list(HEADER_KEYS):
        rep.add(path, "header", f"keys must be exactly {list(HEADER_KEYS)} in order, got {keys}")
    if meta.get("conflict", slug) != slug:
        rep.add(path, "header", f"conflict {meta['conflict']!r} is not the folder name {slug!r}")
    if "published" in meta and not ISO_DATE.match(meta["published"]):
        rep.add(path, "header", f"published {meta['published']!r} is not YYYY-MM-DD")
    try:
        article = parse_article(raw, id=path.name)
    except InputError as exc:
        rep.add(path, "", f"sitmap cannot read it: {exc}")
        return None
    if article.title is None or article.published is None:
        rep.add(path, "header", "sitmap does not read a title and a published date from it")
    words = len(article.text.split())
    if not MIN_WORDS <= words <= MAX_WORDS:
        rep.add(path, "body", f"{words} words, not {MIN_WORDS}–{MAX_WORDS}")
    return article.text


def check_file_gold(
    rep: Report, gpath: Path, fname: str, entry: Any, body: str, fix: bool
) -> list[dict]:
    """Check one ``files`` entry against its body; return its valid events."""
    w0 = f"files.{fname}"
    if not isinstance(entry, dict):
        rep.add(gpath, w0, "must be an object")
        return []
    missing = [k for k in ("toponyms", "events") if k not in entry]
    if missing:
        rep.add(gpath, w0, f"missing keys {missing}")
        return []
    extra = set(entry) - {"toponyms", "events", "control"}
    if extra:
        rep.add(gpath, w0, f"unknown keys {sorted(extra)}")
    prev = -1
    surfaces: set[str] = set()
    for i, t in enumerate(entry["toponyms"] or []):
        where = f"{w0}.toponyms[{i}]"
        if not _check_toponym(rep, gpath, where, t):
            continue
        where += f" {t['surface']!r}"
        surfaces.add(t["surface"])
        pos = find_word(body, t["surface"], prev + 1)
        if pos < 0:
            near = body[max(prev, 0) : max(prev, 0) + 40]
            rep.add(gpath, where, f"not found after offset {prev} (text there: {near!r})")
            continue
        prev = pos
        want = (pos, pos + len(t["surface"]))
        if fix:
            ordered = {"surface": t["surface"], "start": want[0], "end": want[1]}
            ordered |= {k: v for k, v in t.items() if k not in ("surface", "start", "end")}
            t.clear()
            t.update(ordered)
        elif (t.get("start"), t.get("end")) != want:
            rep.add(gpath, where, f"start/end missing or not {want} (run --fix)")
    nn = fname[:2]
    events = []
    for i, ev in enumerate(entry["events"] or []):
        where = f"{w0}.events[{i}]"
        if _check_event(rep, gpath, where, ev, nn, surfaces):
            _place_sentence(rep, gpath, f"{where} {ev['id']}", ev, body, fix)
            events.append(ev)
    for i, c in enumerate(entry.get("control") or []):
        where = f"{w0}.control[{i}]"
        if _check_control(rep, gpath, where, c):
            _place_sentence(rep, gpath, where, c, body, fix)
    return events


def conflict_row(gold: dict) -> str:
    """The ``CONFLICTS.md`` table row of one conflict.

    >>> conflict_row({"conflict": "a_b", "name": "A–B", "continent": "Asia",
    ...               "countries": ["AA", "BB"], "files": {"01_x.txt": {"events": [1, 2]}}})
    '| a_b | A–B | Asia | AA, BB | 1 | 2 |'
    """
    n_events = sum(len(e.get("events") or []) for e in gold["files"].values())
    return (
        f"| {gold['conflict']} | {gold['name']} | {gold['continent']} | "
        f"{', '.join(gold['countries'])} | {len(gold['files'])} | {n_events} |"
    )


def read_table(path: Path) -> dict[str, str]:
    """Rows of ``CONFLICTS.md`` by slug (empty when the file does not exist)."""
    if not path.exists():
        return {}
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and cells and SLUG.match(cells[0]) and cells[0] != "slug":
            rows[cells[0]] = line.rstrip()
    return rows


def table_head(path: Path) -> str:
    """Head of a ``CONFLICTS.md``: a held-out set (folder ``heldout``, ``heldout2``, ...) says so.

    >>> table_head(Path("bench/heldout/CONFLICTS.md")).splitlines()[0]
    '# sitmap held-out set (nobody tunes rules on it): conflicts'
    >>> "--root bench/heldout2`" in table_head(Path("bench/heldout2/CONFLICTS.md"))
    True
    >>> table_head(Path("bench/dev/CONFLICTS.md")) == TABLE_HEAD
    True
    """
    if not path.parent.name.startswith("heldout"):
        return TABLE_HEAD
    return TABLE_HEAD.replace("development set", "held-out set (nobody tunes rules on it)").replace(
        "check_dev.py --fix`", f"check_dev.py --fix --root bench/{path.parent.name}`"
    )


def write_table(path: Path, rows: dict[str, str]) -> None:
    """Write ``CONFLICTS.md`` with ``rows`` sorted by slug.

    An existing file keeps its own head (its title and note, up to the table's rule line), so a
    set's title such as "held-out set 6" survives ``--fix``; a new file gets :func:`table_head`.
    """
    head = table_head(path)
    if path.exists():
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        rule = next((i for i, line in enumerate(lines) if line.startswith("| ---")), None)
        if rule is not None:
            head = "".join(lines[: rule + 1])
    body = "".join(rows[k] + "\n" for k in sorted(rows))
    path.write_text(head + body, encoding="utf-8")


def check_conflict(rep: Report, folder: Path, fix: bool = False) -> dict | None:
    """Check (and with ``fix`` complete) one conflict folder; return its gold if readable."""
    slug = folder.name
    if not SLUG.match(slug):
        rep.add(folder, "", "folder name is not a lowercase ascii slug with '_'")
    articles = sorted(p for p in folder.iterdir() if p.suffix == ".txt")
    for p in articles:
        if not ARTICLE.match(p.name):
            rep.add(p, "", "article file name is not 'NN_short_slug.txt'")
    others = [
        p.name
        for p in folder.iterdir()
        if p.suffix != ".txt" and p.name != "gold.json" and not p.name.startswith(".")
    ]
    if others:
        rep.add(folder, "", f"unexpected files {sorted(others)}")
    if not 2 <= len(articles) <= 3:
        rep.add(folder, "", f"{len(articles)} articles, not 2–3")
    bodies = {p.name: check_article(rep, p, slug) for p in articles}
    gpath = folder / "gold.json"
    if not gpath.exists():
        rep.add(gpath, "", "missing")
        return None
    raw = gpath.read_text(encoding="utf-8")
    try:
        gold = json.loads(raw)
    except json.JSONDecodeError as exc:
        rep.add(gpath, "", f"not JSON: {exc}")
        return None
    if not isinstance(gold, dict):
        rep.add(gpath, "", "must be a JSON object")
        return None
    missing = [k for k in GOLD_KEYS if k not in gold]
    if missing:
        rep.add(gpath, "", f"missing keys {missing}")
        return None
    extra = set(gold) - set(GOLD_KEYS)
    if extra:
        rep.add(gpath, "", f"unknown keys {sorted(extra)}")
    if gold["conflict"] != slug:
        rep.add(gpath, "conflict", f"{gold['conflict']!r} is not the folder name {slug!r}")
    if not isinstance(gold["name"], str) or not gold["name"].strip():
        rep.add(gpath, "name", "must be a non-empty string")
    if gold["continent"] not in CONTINENTS:
        rep.add(gpath, "continent", f"{gold['continent']!r} not in {sorted(CONTINENTS)}")
    countries = gold["countries"]
    if not isinstance(countries, list) or not countries:
        rep.add(gpath, "countries", "must be a non-empty list of ISO alpha-2 codes")
        countries = []
    for c in countries:
        if not isinstance(c, str) or not COUNTRY.match(c):
            rep.add(gpath, "countries", f"{c!r} is not an ISO alpha-2 code")
    facts = gold["facts"]
    if not isinstance(facts, list) or not facts:
        rep.add(gpath, "facts", "must be a non-empty list")
        facts = []
    for i, f in enumerate(facts):
        ok = isinstance(f, dict) and set(f) == {"fact", "source"}
        if not ok or not all(isinstance(v, str) and v.strip() for v in f.values()):
            rep.add(gpath, f"facts[{i}]", "must be {'fact': str, 'source': str}, both non-empty")
    files = gold["files"]
    if not isinstance(files, dict):
        rep.add(gpath, "files", "must be an object")
        return None
    for name in sorted(set(bodies) - set(files)):
        rep.add(gpath, "files", f"no entry for article {name}")
    events: dict[str, tuple[str, dict]] = {}
    for fname, entry in files.items():
        if fname not in bodies:
            rep.add(gpath, f"files.{fname}", "no such article file in the folder")
            continue
        if bodies[fname] is None:
            continue
        for ev in check_file_gold(rep, gpath, fname, entry, bodies[fname], fix):
            if ev["id"] in events:
                rep.add(gpath, f"files.{fname}", f"event id {ev['id']!r} used twice")
            events[ev["id"]] = (fname, ev)
    for eid, (fname, ev) in events.items():
        same = ev["same_as"] if isinstance(ev["same_as"], list) else []
        for other in same:
            if not isinstance(other, str):
                continue
            where = f"files.{fname} event {eid}"
            if other not in events:
                rep.add(gpath, where, f"same_as {other!r} is not an event id of this conflict")
            elif events[other][0] == fname:
                rep.add(gpath, where, f"same_as {other!r} is in the same file")
            elif eid not in (events[other][1]["same_as"] or []):
                rep.add(gpath, where, f"same_as {other!r} but {other} does not list {eid}")
    if fix:
        gpath.write_text(dump(gold), encoding="utf-8")
    elif raw != dump(gold):
        rep.add(gpath, "", "not in canonical formatting (indent 1, ensure_ascii False; run --fix)")
    return gold


def conflict_folders(root: Path) -> list[Path]:
    """Conflict folders under ``root`` (directories not starting with ``.``/``_``)."""
    return sorted(
        p
        for p in root.iterdir()
        if p.is_dir() and not p.name.startswith((".", "_")) and p.name != "__pycache__"
    )


def check(folders: Iterable[Path], fix: bool = False, table: Path | None = None) -> list[str]:
    """Check conflict folders; return the problems (empty when all is well).

    ``table`` is the ``CONFLICTS.md`` holding one row per conflict (default:
    next to the folders). With ``fix``, offsets are written first and the
    checks run again on the result.
    """
    folders = list(folders)
    if fix:
        golds = {}
        for folder in folders:
            gold = check_conflict(Report(), folder, fix=True)
            if gold is not None:
                golds[folder] = gold
        for folder, gold in golds.items():
            tpath = table or folder.parent / "CONFLICTS.md"
            rows = read_table(tpath)
            try:
                rows[gold["conflict"]] = conflict_row(gold)
            except (KeyError, TypeError, AttributeError):
                continue
            rows = {k: v for k, v in rows.items() if (tpath.parent / k).is_dir()}
            write_table(tpath, rows)
    rep = Report()
    for folder in folders:
        gold = check_conflict(rep, folder, fix=False)
        if gold is None:
            continue
        tpath = table or folder.parent / "CONFLICTS.md"
        try:
            want = conflict_row(gold)
        except (KeyError, TypeError, AttributeError):
            continue
        if read_table(tpath).get(folder.name) != want:
            rep.add(tpath, folder.name, f"row missing or out of date; want {want!r} (run --fix)")
    return rep.messages


def main(argv: list[str] | None = None) -> int:
    """Command line: check (``--fix``: complete, then check) the given folders or all."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, help="conflict folders (default: all)")
    parser.add_argument("--fix", action="store_true", help="write offsets and CONFLICTS.md rows")
    parser.add_argument(
        "--root", type=Path, default=DEV, help="set folder when none is given (bench/heldout)"
    )
    args = parser.parse_args(argv)
    folders = args.folders or conflict_folders(args.root)
    for f in folders:
        if not f.is_dir():
            print(f"{f}: not a directory", file=sys.stderr)
            return 1
    messages = check(folders, fix=args.fix)
    for m in messages:
        print(m)
    n_art = sum(len(list(f.glob("*.txt"))) for f in folders)
    status = f"{len(messages)} problem(s)" if messages else "OK"
    print(f"{len(folders)} conflict folder(s), {n_art} article(s): {status}", file=sys.stderr)
    return 1 if messages else 0


if __name__ == "__main__":
    raise SystemExit(main())
