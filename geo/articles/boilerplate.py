"""Wire-copy and web-page boilerplate: credit lines, captions, link blocks, notes.

Real articles carry text around the story that is not the story: a credit
line naming where each reporter filed from, photo captions, "Related
coverage" link blocks, newsletter prompts, the outlet's standards, share
buttons and relative time stamps, correction notes, rights lines and agency
tags. :func:`find_boilerplate` finds them by the language they are written
in — cue phrases from a cited table (``geo/data/wire/boilerplate_cues.csv``)
plus the shape of the line (a credit line holds only names, places and
joining words; a caption ends with a photo credit) — and returns character
spans with a kind. What each kind is used for is :data:`USE`.

>>> text = ("Troops crossed the river near Alpha on Monday, officials said.\\n\\n"
...         "Reporting by Ann Lee in Kabul and Tom Roe in Islamabad; Editing by Max Day")
>>> [(s.kind, s.text[:12]) for s in find_boilerplate(text)]
[('credit', 'Reporting by')]
>>> credit_places(text, find_boilerplate(text)[0])
[(88, 93), (109, 118)]
>>> find_boilerplate("Reporting by state media said troops crossed at dawn.")
()
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

#: The cue table: kind, cue, where, case, source, note.
CUES_PATH = Path(__file__).resolve().parents[1] / "data" / "wire" / "boilerplate_cues.csv"

#: Segment kinds, and the table's own kind for news agency names (used by ``tag``).
KINDS: tuple[str, ...] = (
    "credit", "caption", "related", "signup", "standards", "share", "correction",
    "copyright", "tag",
)  # fmt: skip
#: Where a cue is looked for in its line.
WHERES: tuple[str, ...] = ("start", "end", "tail", "heading", "stamp", "tag", "word")

#: What each kind is used for downstream (see ``docs/wire-copy.md``).
USE: dict[str, str] = {
    "credit": "credit places",  # its places kept apart (usage "credit"), no focus, no events
    "caption": "places only",  # geoparsed, never events or dates
    "correction": "places only",
    "related": "skipped",  # neither places nor events; listed in the output
    "signup": "skipped",
    "standards": "skipped",
    "share": "skipped",
    "copyright": "skipped",
    "tag": "none",  # read by the dateline and agency rules already
}
#: Kinds blanked out of the text the geoparser reads.
GEOPARSE_MASKED: frozenset[str] = frozenset(
    k for k, use in USE.items() if use in ("credit places", "skipped")
)
#: Kinds blanked out of the text event coding reads.
EVENTS_MASKED: frozenset[str] = frozenset(k for k, use in USE.items() if use != "none")

#: Longest line (in words) taken as a caption, a note or a prompt.
MAX_NOTE_WORDS = 120
#: Longest line (in words) taken as a prompt, a standards or rights line.
MAX_PROMPT_WORDS = 60
#: Longest line (in words) taken as a share line or a time stamp.
MAX_STAMP_WORDS = 12
#: A ``tail`` cue must start within this many characters of the line's end.
TAIL_CHARS = 90
#: Longest link title (in words) inside a related-links block, and most links.
MAX_LINK_WORDS = 16
MAX_LINKS = 10


@dataclass(frozen=True, slots=True)
class Cue:
    """One row of the cue table."""

    kind: str
    cue: str
    where: str
    case: str  # "i": any case, "s": as written


@dataclass(frozen=True, slots=True)
class Segment:
    """A boilerplate span of an article's text: ``text[start:end]`` is ``text``.

    >>> Segment(0, 5, "share", "Share on", "Share").to_dict()
    {'start': 0, 'end': 5, 'kind': 'share', 'use': 'skipped', 'text': 'Share'}
    """

    start: int
    end: int
    kind: str
    cue: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        """The segment as JSON-ready data, with what it was used for."""
        return {
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "use": USE[self.kind],
            "text": self.text,
        }


@lru_cache(maxsize=1)
def load_cues(path: Path = CUES_PATH) -> tuple[Cue, ...]:
    """The cue table, checked: known kinds and places, a cue and a source on every row.

    >>> cues = load_cues()
    >>> any(c.kind == "credit" and c.cue == "Editing by" for c in cues)
    True
    """
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            kind, where = row["kind"], row["where"]
            ok = (kind in KINDS or kind == "agency") and where in WHERES
            if not ok or not row["cue"] or row["case"] not in ("i", "s"):
                raise ValueError(f"{path}:{n}: bad cue row {row}")
            if not row["source"].startswith("http"):
                raise ValueError(f"{path}:{n}: a cue row needs a source URL")
            out.append(Cue(kind, row["cue"], where, row["case"]))
    return tuple(out)


def _alt(cues: Iterable[Cue]) -> str:
    parts = []
    for c in sorted(cues, key=lambda c: -len(c.cue)):
        pat = re.escape(c.cue)
        parts.append(f"(?i:{pat})" if c.case == "i" else pat)
    return "|".join(parts) or r"(?!x)x"


@dataclass(frozen=True)
class _Compiled:
    start: re.Pattern[str]  # a line-start cue (any where but tail/end/tag)
    anywhere: re.Pattern[str]  # a tail or end cue, an inline credit, a tag
    by_where: dict[str, tuple[Cue, ...]]
    credit_start: re.Pattern[str]
    credit_split: re.Pattern[str]
    tag: re.Pattern[str]


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    cues = [c for c in load_cues() if c.kind != "agency"]
    by_where = {w: tuple(c for c in cues if c.where == w) for w in WHERES}
    heads = [c for c in cues if c.where in ("start", "heading", "stamp")]
    tails = [c for c in cues if c.where in ("tail", "end")]
    credit_alt = _alt(c for c in by_where["start"] if c.kind == "credit" and c.cue.endswith(" by"))
    agencies = _alt(c for c in load_cues() if c.kind == "agency")
    tag = (
        rf"\((?:{agencies})(?:/[^()\n]{{1,30}})?\)\s*(?:-{{1,2}}|[—–])"
        rf"|[—–-]\s*(?:{agencies})\s*\.?[ \t]*$"
    )
    return _Compiled(
        start=re.compile(rf"^[ \t]*\(?(?:{_alt(heads)})", re.MULTILINE),
        anywhere=re.compile(rf"{_alt(tails)}|\((?:{credit_alt}) |{tag}", re.MULTILINE),
        by_where=by_where,
        credit_start=re.compile(rf"(?:{credit_alt})\s", re.IGNORECASE),
        credit_split=re.compile(rf";|,\s*(?=(?:{credit_alt})\s)", re.IGNORECASE),
        tag=re.compile(tag, re.MULTILINE),
    )


# --- credit lines: names, places and joining words only ---------------------------

_TOKEN = re.compile(r"[^\W\d_][\w'’.\-]*|\S")
#: Lower-case words a personal or place name may hold ("Dar es Salaam", "Ali al Hashimi").
_PARTICLES = frozenset(
    [
        "de",
        "da",
        "del",
        "della",
        "di",
        "du",
        "dos",
        "das",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
        "al",
        "el",
        "es",
        "bin",
        "ibn",
        "ben",
        "ul",
        "ud",
        "y",
        "sur",
        "am",
    ]
)
#: Words joining names and places in a credit line.
_JOINERS = frozenset({",", "and", "&", "in", "from", "."})
#: Words an "... contributed to this report" line may also hold.
_ROLES = frozenset(
    re.findall(
        r"\w+",
        "writer writers correspondent correspondents reporter reporters journalist journalists "
        "staff also photographer photographers the",
    )
)
#: A name with an attached particle ("al-Hashimi").
_PREFIXED = re.compile(r"(?:al|el|ad|ash|as|bin|ibn)-")
#: Most tokens in one credit clause.
MAX_CREDIT_TOKENS = 40


def _name_like(tokens: Sequence[str], extra: frozenset[str] = frozenset()) -> bool:
    """True when every token is a capitalised word, a name particle or a joiner.

    >>> _name_like(["Ann", "Lee", "in", "Kabul"]), _name_like(["state", "media", "said"])
    (True, False)
    """
    if not tokens or len(tokens) > MAX_CREDIT_TOKENS:
        return False
    caps = 0
    for tok in tokens:
        low = tok.lower()
        if tok[0].isupper():
            caps += 1
        elif not (low in _PARTICLES or low in _JOINERS or low in extra or _PREFIXED.match(low)):
            return False
    return caps > 0


def _credit_clauses(line: str) -> list[tuple[int, int]] | None:
    """Clause spans (line offsets, after the cue) when the whole line is credit clauses."""
    spans = []
    pos = 0
    cc = _compiled()
    for part in [*cc.credit_split.split(line), None]:
        if part is None:
            break
        start = line.index(part, pos)
        pos = start + len(part)
        lead = len(part) - len(part.lstrip())
        m = cc.credit_start.match(part, lead)
        if m is None:
            return None
        body = part[m.end() :].rstrip()
        if not _name_like(_TOKEN.findall(body)):
            return None
        spans.append((start + m.end(), start + m.end() + len(body)))
    return spans


def _contributor_line(line: str, cue: Cue) -> tuple[int, int] | None:
    """The span before an ``end`` cue when it holds only names, places and role words."""
    stripped = line.rstrip().rstrip(").").rstrip()
    if not stripped.lower().endswith(cue.cue.lower()):
        return None
    head = stripped[: len(stripped) - len(cue.cue)]
    if not _name_like(_TOKEN.findall(head), _ROLES):
        return None
    return (0, len(head))


def credit_places(text: str, segment: Segment) -> list[tuple[int, int]]:
    """Spans of the places a credit line names ("A in Kabul", "B from Goma").

    A capitalised run right after "in" or "from" is a place; so is a
    one-word run joined to a place by "and" and closing its clause ("in
    Kabul and Islamabad"). Offsets index ``text``.

    >>> t = "Writing by Ann Lee; Reporting by Bo Li in Dar es Salaam and Mombasa"
    >>> [t[a:b] for a, b in credit_places(t, find_boilerplate(t)[0])]
    ['Dar es Salaam', 'Mombasa']
    """
    if segment.kind != "credit":
        return []
    out: list[tuple[int, int]] = []
    chunk = text[segment.start : segment.end]
    for clause in re.split(r"[;()]", chunk):
        base = segment.start + chunk.index(clause)
        toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(clause)]
        i = 0
        last_place = False
        while i < len(toks):
            word = toks[i][2]
            if word in ("in", "from") and i + 1 < len(toks) and toks[i + 1][2][0].isupper():
                j = _cap_run(toks, i + 1)
                out.append(_trimmed(clause, base, toks[i + 1][0], toks[j - 1][1]))
                last_place, i = True, j
                continue
            closing = i + 1 < len(toks) and toks[i + 1][2][0].isupper() and _closes(toks, i + 2)
            if last_place and word == "and" and closing:
                out.append(_trimmed(clause, base, toks[i + 1][0], toks[i + 1][1]))
                break
            last_place = False
            i += 1
    return out


def _closes(toks: Sequence[tuple[int, int, str]], i: int) -> bool:
    """True when nothing but a full stop follows ``toks[i - 1]`` in the clause."""
    return all(t[2] == "." for t in toks[i:])


def _trimmed(clause: str, base: int, a: int, b: int) -> tuple[int, int]:
    """A place span without the full stop that ends the line ("in Kabul.")."""
    if clause[a:b].endswith(".") and len(clause[a:b].split()[-1]) > 4:
        b -= 1
    return (base + a, base + b)


def _cap_run(toks: Sequence[tuple[int, int, str]], i: int) -> int:
    """End (exclusive) of the capitalised run starting at ``toks[i]`` (particles inside)."""
    j = i
    while j < len(toks):
        w = toks[j][2]
        inner = w.lower() in _PARTICLES and j + 1 < len(toks) and toks[j + 1][2][0].isupper()
        if not (w[0].isupper() or inner):
            break
        j += 1
    return j


# --- the line classifier -----------------------------------------------------------


def _words(s: str) -> int:
    return len(s.split())


def _starts(line: str, cue: Cue) -> bool:
    head = line.lstrip(" \t") if cue.cue.startswith("(") else line.lstrip(" \t(")
    if cue.case == "i":
        return head[: len(cue.cue)].lower() == cue.cue.lower()
    return head.startswith(cue.cue)


def _has_tail(line: str, cue: Cue) -> bool:
    hay = line[-TAIL_CHARS:]
    return (cue.cue.lower() in hay.lower()) if cue.case == "i" else cue.cue in hay


#: What a rights line starts with after its cue: a year, or a sign and a year.
_RIGHTS = re.compile(r"\s*(?:©|\(c\))?\s*(?:19|20)\d\d\b", re.IGNORECASE)
#: What a relative time stamp holds after its cue ("Updated: 3 hours ago", "Posted just now").
_AGO = re.compile(
    r"\s*:?\s*(?:(?:\d+|an?|one)\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)"
    r"\s+ago|just now)\.?",
    re.IGNORECASE,
)


def _classify(line: str) -> tuple[str, str, int, int] | None:
    """``(kind, cue, start, end)`` for one line (offsets in the line), else ``None``.

    >>> _classify("FILE PHOTO: Guards at the gate in Alpha, May 3, 2021. REUTERS/Ann Lee")[:2]
    ('caption', 'FILE PHOTO:')
    >>> _classify("Updated 3 hours ago")[:2], _classify("Updated figures came out today.")
    (('share', 'Updated'), None)
    """
    cc = _compiled()
    s = line.strip()
    if not s:
        return None
    lo = len(line) - len(line.lstrip())
    hi = len(line.rstrip())
    words = _words(s)
    inner = s[1:-1] if s.startswith("(") and s.endswith(")") else s
    # credit lines: every clause a credit cue + names and places
    for cue in cc.by_where["start"]:
        if cue.kind == "credit" and _starts(inner, cue):
            if cue.cue.endswith(":"):  # "Contributing: A in X"
                body = inner.lstrip()[len(cue.cue) :]
                if _name_like(_TOKEN.findall(body)):
                    return ("credit", cue.cue, lo, hi)
            elif _credit_clauses(inner) is not None:
                return ("credit", cue.cue, lo, hi)
            break
    for cue in cc.by_where["end"]:
        if _contributor_line(inner, cue) is not None:
            return ("credit", cue.cue, lo, hi)
    # headings of link blocks: the line is the cue alone
    bare = s.rstrip(":").strip().lower()
    for cue in cc.by_where["heading"]:
        if bare == cue.cue.lower():
            return ("related", cue.cue, lo, hi)
    for cue in cc.by_where["start"]:
        if cue.kind == "credit" or not _starts(s, cue):
            continue
        limit = MAX_NOTE_WORDS if cue.kind in ("caption", "correction") else MAX_PROMPT_WORDS
        if cue.kind == "share":
            limit = MAX_STAMP_WORDS
        if words > limit:
            continue
        if cue.cue.startswith("(") and not (s.startswith("(") and s.endswith(")")):
            continue  # an advisory line is one parenthesised line
        rest = s.lstrip(" \t(")[len(cue.cue) :]
        if cue.kind == "copyright" and not (cue.cue == "©" or _RIGHTS.match(rest)):
            continue  # "Copyright 2024 ...", "© AFP"; not "Copyright disputes ..."
        if cue.kind == "signup" and not _has_word(s, "signup"):
            continue  # "Sign up for our newsletter"; not "Sign up for military service ..."
        return (cue.kind, cue.cue, lo, hi)
    for cue in cc.by_where["stamp"]:
        if _starts(s, cue) and _AGO.fullmatch(s.lstrip(" \t(")[len(cue.cue) :]):
            return ("share", cue.cue, lo, hi)
    for cue in cc.by_where["tail"]:
        limit = MAX_NOTE_WORDS if cue.kind == "caption" else MAX_PROMPT_WORDS
        if words <= limit and _has_tail(s, cue):
            return (cue.kind, cue.cue, lo, hi)
    return None


def _has_word(line: str, kind: str) -> bool:
    """True when ``line`` holds one of the table's ``word`` cues of ``kind`` as a word."""
    for cue in _compiled().by_where["word"]:
        if cue.kind == kind:
            flags = re.IGNORECASE if cue.case == "i" else 0
            if re.search(rf"\b{re.escape(cue.cue)}\b", line, flags):
                return True
    return False


def _link_like(line: str) -> bool:
    """A line of a related-links block: a short headline or a bullet."""
    s = line.strip()
    if s[:2] in ("- ", "• ", "* ", "– "):
        return _words(s) <= MAX_LINK_WORDS + 8
    return _words(s) <= MAX_LINK_WORDS and not s.endswith((".", ":", ";", ","))


def _lines(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


@lru_cache(maxsize=64)
def find_boilerplate(text: str) -> tuple[Segment, ...]:
    """Boilerplate segments of ``text``, in order, not overlapping.

    Kinds: ``credit``, ``caption``, ``related``, ``signup``, ``standards``,
    ``share``, ``correction``, ``copyright`` (whole lines, or a parenthesised
    credit inside one) and ``tag`` (an agency tag such as ``(AFP) -``).

    >>> t = ("BEIRUT (Reuters) - Shells fell.\\n\\nRelated coverage\\n\\nA story\\nAnother"
    ...      "\\n\\nMore text.")
    >>> [(s.kind, s.text) for s in find_boilerplate(t)]
    [('tag', '(Reuters) -'), ('related', 'Related coverage\\n\\nA story\\nAnother')]
    """
    cc = _compiled()
    hits = {m.start() for m in cc.start.finditer(text)}
    hits.update(m.start() for m in cc.anywhere.finditer(text))
    if not hits:
        return ()
    lines = _lines(text)
    starts = [a for a, _ in lines]
    todo = sorted({_line_of(starts, h) for h in hits})
    out: list[Segment] = []
    done_to = -1
    for k in todo:
        a, b = lines[k]
        if a < done_to:
            continue
        line = text[a:b]
        got = _classify(line)
        if got is not None:
            kind, cue, s, e = got
            end = a + e
            if kind == "related" and line.strip().rstrip(":").strip().lower() == cue.lower():
                end = _block_end(text, lines, k, end)
            out.append(Segment(a + s, end, kind, cue, text[a + s : end]))
            done_to = end
            continue
        out.extend(_inline(text, a, b))
    return tuple(sorted(out, key=lambda s: s.start))


def _line_of(starts: list[int], pos: int) -> int:
    return bisect_right(starts, pos) - 1


def _block_end(text: str, lines: list[tuple[int, int]], k: int, end: int) -> int:
    """End of a related-links block whose heading is line ``k``."""
    links = 0
    for a, b in lines[k + 1 :]:
        line = text[a:b]
        if not line.strip():
            continue
        if links >= MAX_LINKS or not _link_like(line) or _classify(line) is not None:
            break
        links += 1
        end = a + len(line.rstrip())
    return end


def _inline(text: str, a: int, b: int) -> list[Segment]:
    """Agency tags and parenthesised credits inside a line of prose."""
    cc = _compiled()
    line = text[a:b]
    out = [
        Segment(a + m.start(), a + m.end(), "tag", m.group(), m.group())
        for m in cc.tag.finditer(line)
    ]
    for m in re.finditer(r"\(([^()\n]{4,400})\)", line):
        if _credit_clauses(m.group(1)) is not None:
            out.append(Segment(a + m.start(), a + m.end(), "credit", "(", m.group()))
    return out


def mask(text: str, segments: Sequence[Segment], kinds: Iterable[str]) -> str:
    r"""``text`` with the segments of ``kinds`` blanked: spaces, newlines kept (offsets hold).

    >>> mask("ab\ncd", [Segment(1, 4, "share", "x", "b\nc")], ["share"])
    'a \n d'
    """
    want = frozenset(kinds)
    chosen = [s for s in segments if s.kind in want]
    if not chosen:
        return text
    parts = []
    pos = 0
    for seg in chosen:
        parts.append(text[pos : seg.start])
        parts.append(re.sub(r"[^\n]", " ", text[seg.start : seg.end]))
        pos = seg.end
    parts.append(text[pos:])
    return "".join(parts)
