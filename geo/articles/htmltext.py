r"""Turn an HTML article into plain text, safely, with the standard library only.

``html.parser`` tokenises; nothing is fetched, rendered or executed. The
content of ``<script>``, ``<style>``, ``<noscript>``, ``<template>``,
``<iframe>``, ``<object>``, ``<svg>``, ``<math>``, ``<canvas>``, ``<textarea>``
and ``<select>`` is dropped, comments and processing instructions too; entities
are unescaped; block elements become line breaks. ``<title>``, ``<html
lang>`` and ``<meta name/property content>`` are returned as metadata.

>>> r = html_to_text('<html lang="ru"><head><title>Clash</title>'
...                  '<script>alert(1)</script></head><body><p>Tom &amp; Jerry</p>'
...                  '<p>Vorukh<br>Isfara</p></body></html>')
>>> r.text, r.title, r.language
('Tom & Jerry\n\nVorukh\nIsfara', 'Clash', 'ru')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from types import MappingProxyType

from geo.errors import InputError

_DROP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "svg",
        "math",
        "canvas",
        "textarea",
        "select",
        "head",
        "title",
    }
)
_BLOCK = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "nav",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "form",
        "hr",
        "address",
        "body",
    }
)
_LINE = frozenset({"br", "td", "th"})

_DOC_START = re.compile(
    r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|\?xml)",
    re.IGNORECASE | re.DOTALL,
)
_ACTIVE = re.compile(
    r"<\s*/?\s*(?:script|style|iframe|object|embed|applet|frame|frameset|svg|math|base|meta|link)\b"
    r"|<[a-z][^<>]*\son[a-z]+\s*="
    r"|<[a-z][^<>]*\s(?:href|src|action)\s*=\s*['\"]?\s*(?:javascript|vbscript|data):",
    re.IGNORECASE,
)
_TAG = re.compile(
    r"</?(?:p|div|span|a|br|hr|h[1-6]|ul|ol|li|table|tr|td|th|article|section|header|footer"
    r"|nav|main|em|strong|b|i|u|img|figure|figcaption|blockquote|pre|code|body|html)"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
#: A text with at least this many HTML tags is HTML.
MIN_TAGS = 3


def looks_like_html(text: str) -> bool:
    """Return True if ``text`` is an HTML document or carries active HTML.

    True for a document start (``<!DOCTYPE html>``, ``<html>``, ``<body>``),
    for any script-capable construct (``<script>``, ``<iframe>``, ``on*=``
    handlers, ``javascript:`` links ...), or for :data:`MIN_TAGS` or more
    ordinary tags. Markdown autolinks such as ``<https://...>`` are not tags.

    >>> looks_like_html("See <https://example.org/a> for more.")
    False
    >>> looks_like_html('Nice photo <img src=x onerror="steal()">')
    True
    """
    sample = text[: 1 << 20]
    if _DOC_START.match(sample) or _ACTIVE.search(sample):
        return True
    return len(_TAG.findall(sample, 0, 200_000)) >= MIN_TAGS


@dataclass(frozen=True, slots=True)
class HtmlText:
    """Plain text of an HTML article, with the metadata found in its markup."""

    text: str
    title: str | None = None
    language: str | None = None
    meta: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.meta: dict[str, str] = {}
        self.language: str | None = None
        self.drop: list[str] = []
        self.in_title = False
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html" and a.get("lang"):
            self.language = a["lang"].strip()[:35] or None
        elif tag == "meta":
            key = (a.get("name") or a.get("property") or a.get("itemprop") or "").strip().lower()
            if key and "content" in a and len(self.meta) < 200:
                self.meta.setdefault(key[:100], a["content"].strip()[:2000])
        if tag == "title" and not self.title and set(self.drop) <= {"head"}:
            self.in_title = True
        if tag in _DROP:
            self.drop.append(tag)
        elif tag in _BLOCK:
            self.parts.append("\n\n")
        elif tag in _LINE:
            self.parts.append("\n" if tag == "br" else " ")
        if tag == "pre":
            self.pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _DROP:
            if tag in self.drop:
                while self.drop and self.drop.pop() != tag:
                    pass
        elif tag in _BLOCK:
            self.parts.append("\n\n")
        if tag == "pre" and self.pre:
            self.pre -= 1

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if self.drop:
            return
        self.parts.append(data if self.pre else re.sub(r"\s+", " ", data))


def html_to_text(markup: str) -> HtmlText:
    """Return the visible text of ``markup`` (see the module docstring).

    Raises :class:`~geo.errors.InputError` if the parser gives up.

    >>> html_to_text("<p>a &lt;b&gt; &#169;</p><style>p{}</style>").text
    'a <b> ©'
    """
    parser = _Extractor()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError, IndexError) as err:  # html.parser's own failures
        raise InputError(f"cannot parse HTML: {err}") from err
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\f\v]*\n[ \t\f\v]*", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    title = re.sub(r"\s+", " ", "".join(parser.title)).strip() or None
    return HtmlText(
        text=text,
        title=title,
        language=parser.language,
        meta=MappingProxyType(dict(parser.meta)),
    )
