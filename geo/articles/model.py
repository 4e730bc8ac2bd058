"""The records ``read_articles`` produces: articles, problems and the result.

>>> from datetime import date
>>> a = Article(id="a.txt", text="Clashes near Vorukh.", published=date(2021, 4, 29),
...                  published_source="metadata")
>>> a.sha256 == text_sha256(a.text), dict(a.meta)
(True, {})
>>> str(ReadProblem("corpus/b.jsonl", 3, "line is not JSON"))
'corpus/b.jsonl:3: line is not JSON'
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

#: Where ``Article.published`` came from.
PUBLISHED_SOURCES: tuple[str, ...] = ("metadata", "dateline", "text")


def text_sha256(text: str) -> str:
    """Return the hex SHA-256 of ``text`` encoded as UTF-8 (the article content hash).

    >>> text_sha256("")[:16]
    'e3b0c44298fc1c14'
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class Article:
    r"""One news article: its body text and what is known about it.

    ``text`` is the body; every character offset anywhere in sitmap is a
    Python ``str`` index into it. Newlines in it are always ``"\n"``.
    ``meta`` is a read-only view of every header key (as written, annotator
    remarks included); keys starting with ``_`` are added by the reader
    (``_format``, ``_encoding``, ``_html``, ``_duplicate_of``...).
    ``sha256`` is computed: the hash of ``text`` encoded as UTF-8, used as
    cache key. ``meta`` is frozen on construction (:func:`freeze`) and takes
    no part in ``hash(article)``.

    >>> a = Article(id="x", text="abc", meta={"spans": [[0, 3]]})
    >>> a.meta["spans"], a.sha256 == text_sha256("abc")
    (((0, 3),), True)
    """

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    published_source: str | None = None
    author: str | None = None
    language: str | None = None
    path: Path | None = None
    meta: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    sha256: str = field(init=False)

    def __post_init__(self) -> None:
        if not isinstance(self.meta, MappingProxyType):
            object.__setattr__(self, "meta", freeze(self.meta))
        object.__setattr__(self, "sha256", text_sha256(self.text))


def freeze(value: Any) -> Any:
    """Return a read-only copy: mappings become ``MappingProxyType``, lists and sets tuples.

    >>> m = freeze({"spans": [[0, 4]], "k": {"a": 1}})
    >>> m["spans"], type(m["k"]).__name__
    (((0, 4),), 'mappingproxy')
    """
    if isinstance(value, Mapping):
        return MappingProxyType({str(k): freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(freeze(v) for v in value)
    return value


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """Something in the input that could not be read; reading went on without it.

    ``path`` names the file (or the path as given, if it does not exist);
    ``line`` is the 1-based line of a ``.jsonl``/``.csv`` record, else ``None``.
    """

    path: Path | str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else f"{self.path}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class ReadResult:
    """Everything one ``read_articles`` call produced, in input order."""

    articles: tuple[Article, ...] = ()
    problems: tuple[ReadProblem, ...] = ()

    def by_id(self) -> Mapping[str, Article]:
        """Return a read-only ``{id: article}`` mapping.

        >>> ReadResult((Article(id="a", text="t"),)).by_id()["a"].text
        't'
        """
        return MappingProxyType({a.id: a for a in self.articles})
