r"""Split an article file's text into its header (metadata) and its body.

Two header forms are recognised at the very start of the text:

* YAML front matter between a ``---`` line and a ``---`` (or ``...``) line,
  read with ``yaml.safe_load`` only. If the block is not a YAML mapping (the
  seed style ``title: [remark] Headline`` is not valid YAML), it is read as
  ``key: value`` lines instead; if that fails too, there is no header.
* A leading block of ``key: value`` lines ended by a blank line. Every line of
  the block must have a short identifier-like key (a letter, then letters,
  digits, ``_`` or ``-``; at most 32 characters) and at least one key must be
  a known header key (:data:`KNOWN_KEYS`). So a first paragraph such as
  ``MOSCOW: Russia said ...`` or ``Update: the ministry ...`` stays body text.

The body is what follows the header's terminating blank line (or fence),
with blank or whitespace-only lines at its very start and end removed (the
last line's own trailing spaces are kept, its newline is not). Offsets are
``str`` indices; the caller normalises newlines to ``\n`` first.

>>> h = split_header("title: Clash at Vorukh\nurl: https://x.example/a\n\n\nBody line.\n")
>>> h.kind, dict(h.meta), h.body, h.offset
('keyvalue', {'title': 'Clash at Vorukh', 'url': 'https://x.example/a'}, 'Body line.', 50)
>>> split_header("MOSCOW: Russia said on Friday.\n\nMore.").kind
'none'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import yaml

#: Header keys sitmap knows; a ``key: value`` block needs at least one of them.
KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "title",
        "headline",
        "outlet",
        "source",
        "publisher",
        "url",
        "link",
        "published",
        "published_at",
        "published_source",
        "date",
        "pubdate",
        "datepublished",
        "author",
        "byline",
        "language",
        "lang",
        "id",
        "source_file",
        "tags",
    }
)

#: Largest front-matter block looked at, in characters.
MAX_FRONT_MATTER = 64 * 1024
#: Deepest ``[``/``{`` nesting handed to the YAML parser.
MAX_YAML_DEPTH = 16

_KEY_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_-]{0,31})[ \t]*:(?:[ \t]+(.*)|[ \t]*)\Z")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_FENCE_OPEN = re.compile(r"---[ \t]*\n")
_FENCE_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class HeaderSplit:
    """The result of :func:`split_header`.

    ``meta`` holds the header's keys (``{}`` without a header); ``kind`` is
    ``"yaml"``, ``"keyvalue"`` or ``"none"``; ``body == text[offset:offset + len(body)]``.
    """

    meta: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    body: str = ""
    offset: int = 0
    kind: str = "none"


def parse_key_values(lines: list[str]) -> dict[str, str] | None:
    """Parse ``key: value`` lines; ``None`` unless every line is one.

    A repeated key keeps its first value.

    >>> parse_key_values(["title: A: B", "published: 2021-07-09 [remark]"])
    {'title': 'A: B', 'published': '2021-07-09 [remark]'}
    >>> parse_key_values(["A sentence: with a colon"]) is None
    True
    """
    if not lines:
        return None
    out: dict[str, str] = {}
    for line in lines:
        m = _KEY_LINE.match(line.rstrip())
        if m is None:
            return None
        out.setdefault(m.group(1), (m.group(2) or "").strip())
    return out


def trim_blank_lines(text: str, start: int = 0, end: int | None = None) -> tuple[int, int]:
    r"""Return ``(start, end)`` of ``text[start:end]`` without whitespace-only lines at its ends.

    >>> t = "\n  \n  first\nlast  \n \n"
    >>> s, e = trim_blank_lines(t)
    >>> t[s:e]
    '  first\nlast  '
    """
    end = len(text) if end is None else end
    s = start
    while s < end:
        nl = text.find("\n", s, end)
        line_end = end if nl == -1 else nl
        if text[s:line_end].strip():
            break
        s = end if nl == -1 else nl + 1
    if s >= end:
        return end, end
    e = end
    while e > s:
        nl = text.rfind("\n", s, e)
        line_start = s if nl == -1 else nl + 1
        if text[line_start:e].strip():
            break
        e = nl if nl != -1 else s
    return s, e


def split_header(text: str) -> HeaderSplit:
    r"""Split ``text`` into header metadata and body (see the module docstring).

    Never raises for any ``str``.

    >>> h = split_header("---\ntitle: Border clash\ntags: [kg, tj]\n---\n\nText.\n")
    >>> h.kind, h.meta["tags"], h.body
    ('yaml', ['kg', 'tj'], 'Text.')
    """
    found = _front_matter(text) or _key_value_block(text)
    if found is None:
        meta: dict[str, Any] = {}
        kind, body_start = "none", 0
    else:
        meta, kind, body_start = found
    s, e = trim_blank_lines(text, body_start)
    return HeaderSplit(meta=MappingProxyType(meta), body=text[s:e], offset=s, kind=kind)


def _front_matter(text: str) -> tuple[dict[str, Any], str, int] | None:
    opening = _FENCE_OPEN.match(text)
    if opening is None:
        return None
    close = _FENCE_CLOSE.search(text, opening.end(), opening.end() + MAX_FRONT_MATTER)
    if close is None:
        return None
    block = text[opening.end() : close.start()]
    data = _safe_yaml(block)
    if isinstance(data, dict) and data:
        return {str(k): v for k, v in data.items()}, "yaml", close.end()
    kv = parse_key_values([ln for ln in block.split("\n") if ln.strip()])
    if kv is not None:
        return dict(kv), "keyvalue", close.end()
    return None


def _flow_depth(block: str) -> int:
    depth = deepest = 0
    for ch in block:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}" and depth:
            depth -= 1
    return deepest


def _safe_yaml(block: str) -> Any:
    if _flow_depth(block) > MAX_YAML_DEPTH:
        return None  # PyYAML's scanner is slow (and recursive) on deep nesting
    try:
        if "*" in block and any(
            isinstance(tok, yaml.AliasToken) for tok in yaml.scan(block, Loader=yaml.SafeLoader)
        ):
            # Aliases: refuse rather than risk an alias bomb ("billion laughs")
            # when the values are later copied into read-only structures.
            return None
        return yaml.safe_load(block)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError, OverflowError):
        return None


def _key_value_block(text: str) -> tuple[dict[str, Any], str, int] | None:
    start, _ = trim_blank_lines(text)
    blank = _BLANK_LINE.search(text, start)
    if blank is None:
        return None
    block = text[start : blank.start()]
    kv = parse_key_values(block.split("\n"))
    if kv is None or not any(k.lower() in KNOWN_KEYS for k in kv):
        return None
    return dict(kv), "keyvalue", blank.start() + 1
