r"""``read_articles``: files and directories in, :class:`Article` records out.

Inputs are processed in the order given; directories are walked recursively
in sorted order of their relative paths (hidden files and directories,
names starting with ``.``, are skipped, as are files with an unsupported
extension — an unsupported file named explicitly is a problem). The same
file reached twice (named and inside a named directory) is read once.

Formats, by extension (case-insensitive):

* ``.txt``, ``.md``, ``.markdown`` — one article per file; optional header
  (:mod:`geo.articles.header`); id = file name.
* ``.html``, ``.htm`` — one article per file, tags stripped
  (:mod:`geo.articles.htmltext`); a ``.txt``/``.md`` body that looks like HTML
  is stripped the same way; ``meta["_html"]`` records it.
* ``.jsonl`` — one JSON object per line with a ``text`` string; id = its
  ``id``, else the 0-based physical line number. Every other key goes to meta.
* ``.csv`` — a header row with a ``text`` column; id = the ``id`` cell, else
  the 0-based data-row number (blank rows not counted).

Text is decoded by :func:`geo.articles.encoding.decode_bytes` (``.jsonl``:
UTF-8, or UTF-16/32 with a BOM; ``.csv``: that, or the single-byte guess made
on its first 64 KiB). Newlines are normalised (``\r\n`` and ``\r`` → ``\n``)
*before* the header is split and before any offset is computed, so offsets
are always indices into ``Article.text`` as returned.

Duplicate ids: the first article (in reading order) keeps its id; later
ones get ``#2``, ``#3``... appended and ``meta["_duplicate_of"]`` naming the
original id. This is deterministic for the same inputs in the same order.

Publication date: a ``published``/``date``/``pubDate``/... header value
(``published_source="metadata"``), else a dateline or date stamp near the
top of the body (``"dateline"``/``"text"``, see
:func:`geo.articles.dates.find_text_date`), else ``None``. Never from URLs.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("title: Clash\npublished: 2021-04-29\n\nFighting at Vorukh.\n")
>>> _ = (d / "b.jsonl").write_text('{"text": "x"}\nnot json\n')
>>> r = read_articles([d, d / "missing.txt"])
>>> [(a.id, a.title, str(a.published)) for a in r.articles]
[('a.txt', 'Clash', '2021-04-29'), ('0', None, 'None')]
>>> for p in r.problems:
...     print(p.path.name, p.line, p.message)
b.jsonl 2 not JSON: Expecting value (column 1)
missing.txt None no such file or directory
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from geo.articles.dates import find_text_date, parse_date
from geo.articles.encoding import (
    bom_encoding,
    decode_bytes,
    guess_single_byte,
    normalise_newlines,
)
from geo.articles.header import split_header, trim_blank_lines
from geo.articles.htmltext import html_to_text, looks_like_html
from geo.articles.model import Article, ReadProblem, ReadResult
from geo.errors import InputError

#: Largest article accepted by default, in bytes (a file, a .jsonl line, a .csv text cell).
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

#: Extension → format.
FORMATS: Mapping[str, str] = {
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".csv": "csv",
}

#: Header keys read into each ``Article`` field, in order of preference (case-insensitive).
FIELD_KEYS: Mapping[str, tuple[str, ...]] = {
    "title": ("title", "headline", "og:title"),
    "outlet": ("outlet", "publisher", "site_name", "og:site_name"),
    "url": ("url", "link", "canonical", "og:url"),
    "author": ("author", "byline", "creator", "article:author"),
    "language": ("language", "lang", "inlanguage"),
    "published": (
        "published",
        "date",
        "pubdate",
        "published_at",
        "publication_date",
        "datepublished",
        "article:published_time",
        "dc.date",
    ),
}

_STREAM_CODECS = {"utf-8": "utf-8-sig", "utf-16-le": "utf-16", "utf-16-be": "utf-16"}
_STREAM_CODECS |= {"utf-32-le": "utf-32", "utf-32-be": "utf-32"}
_REMARK = re.compile(r"\A\s*\[[^\[\]]*\]\s*|\s*\[[^\[\]]*\]\s*\Z")
_NO_VALUE = frozenset({"", "unknown", "none", "null", "n/a", "-", "?"})
_URL = re.compile(r"https?://\S+", re.IGNORECASE)


def iter_articles(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | ReadProblem]:
    """Yield articles and problems one by one, in reading order (for big corpora).

    ``paths`` is one path or an iterable of paths (files or directories).
    Nothing is raised for bad input: each problem is yielded as a
    :class:`ReadProblem` and reading goes on. Only a bad ``max_bytes``
    raises :class:`~geo.errors.InputError`.

    >>> [type(x).__name__ for x in iter_articles(["no/such/dir"])]
    ['ReadProblem']
    """
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0:
        raise InputError(f"max_bytes must be a positive integer, not {max_bytes!r}")
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    seen_ids: set[str] = set()
    for source in _iter_sources(paths):
        if isinstance(source, ReadProblem):
            yield source
            continue
        for item in _read_file(source, max_bytes):
            yield _unique(item, seen_ids) if isinstance(item, Article) else item


def read_articles(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ReadResult:
    """Read every article under ``paths``; collect articles and problems.

    See the module docstring for formats, ids, encodings and dates. Reading a
    ``.csv`` raises the process-wide ``csv.field_size_limit`` to ``max_bytes``
    if it is lower (it is never lowered).

    >>> seeds = Path(__file__).parents[2] / "seeds"
    >>> r = read_articles(seeds)
    >>> [a.published.isoformat() for a in r.articles], r.problems
    (['2021-06-29', '2021-07-08', '2021-07-07', '2021-07-09', '2022-01-27'], ())
    """
    articles: list[Article] = []
    problems: list[ReadProblem] = []
    for item in iter_articles(paths, max_bytes=max_bytes):
        if isinstance(item, Article):
            articles.append(item)
        else:
            problems.append(item)
    return ReadResult(articles=tuple(articles), problems=tuple(problems))


def list_sources(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
) -> list[Path]:
    """The article files :func:`read_articles` would open for ``paths``, in reading order.

    >>> [p.name for p in list_sources(Path(__file__).parents[2] / "seeds")][:1]
    ['00_csto_assistance_tajikistan_chukchuk_asiaplus.txt']
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    return [p for p in _iter_sources(paths) if isinstance(p, Path)]


def parse_article(
    text: str,
    *,
    id: str,
    path: Path | None = None,
    html: bool | None = None,
    meta: Mapping[str, Any] | None = None,
) -> Article:
    r"""Build an :class:`Article` from the decoded text of one article file.

    Newlines are normalised first; the header (if any) is split off into
    ``meta``; HTML is stripped when ``html`` is true, or when it is ``None``
    and the body looks like HTML. ``meta`` adds reader keys. Raises
    :class:`~geo.errors.InputError` if no article text is left.

    >>> a = parse_article("title: T\r\ndate: July 9, 2021\r\n\r\nBody\r\ntext\r\n", id="x")
    >>> a.text, a.published, a.published_source
    ('Body\ntext', datetime.date(2021, 7, 9), 'metadata')
    """
    text = normalise_newlines(text)
    if html:
        header: dict[str, Any] = {}
        body = text
    else:
        split = split_header(text)
        header, body = dict(split.meta), split.body
    header.update(meta or {})
    return _build(id, body, header, path, html)


def _build(
    article_id: str,
    body: str,
    meta: dict[str, Any],
    path: Path | None,
    html: bool | None,
    *,
    trim: bool = True,
) -> Article:
    html_meta: Mapping[str, str] = {}
    fallback: dict[str, str | None] = {}
    if html or (html is None and looks_like_html(body)):
        stripped = html_to_text(body)
        body, html_meta = stripped.text, stripped.meta
        meta["_html"] = True
        if html_meta:
            meta["_html_meta"] = dict(html_meta)
        fallback = {"title": stripped.title, "language": stripped.language}
    elif trim:
        s, e = trim_blank_lines(body)
        body = body[s:e]
    if not body.strip():
        raise InputError("no article text")
    keys = {str(k).lower(): v for k, v in reversed(list(html_meta.items()))}
    keys |= {str(k).lower(): v for k, v in reversed(list(meta.items()))}
    fields: dict[str, Any] = {
        name: _first(keys, FIELD_KEYS[name]) or fallback.get(name)
        for name in ("title", "outlet", "author", "language")
    }
    url = _first(keys, FIELD_KEYS["url"])
    m = _URL.match(url or "")
    fields["url"] = m.group() if m else None
    published, source = _published(keys, body)
    return Article(
        id=article_id,
        text=body,
        published=published,
        published_source=source,
        path=path,
        meta=meta,
        **fields,
    )


def clean_value(value: object) -> str | None:
    """Return a header value fit for an ``Article`` field, or ``None``.

    Annotator remarks in square brackets at the start or end are dropped;
    placeholders such as ``unknown`` mean no value; non-scalars are ignored.

    >>> clean_value("[headline unknown] Russia ready to act [derived]")
    'Russia ready to act'
    >>> clean_value("unknown [not found]"), clean_value(["a"])
    (None, None)
    """
    if isinstance(value, bool) or not isinstance(value, str | int | float | date):
        return None
    text = value.isoformat() if isinstance(value, date) else str(value)
    previous = None
    while previous != text:
        previous, text = text, _REMARK.sub("", text, count=1)
    text = text.strip()
    return None if text.lower() in _NO_VALUE else text


def _first(keys: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        if name in keys:
            value = clean_value(keys[name])
            if value is not None:
                return value
    return None


def _published(keys: Mapping[str, Any], body: str) -> tuple[date | None, str | None]:
    for name in FIELD_KEYS["published"]:
        if name in keys:
            d = parse_date(keys[name])
            if d is not None:
                return d, "metadata"
    found = find_text_date(body)
    return found if found is not None else (None, None)


def _unique(article: Article, seen: set[str]) -> Article:
    if article.id not in seen:
        seen.add(article.id)
        return article
    n = 2
    while f"{article.id}#{n}" in seen:
        n += 1
    new_id = f"{article.id}#{n}"
    seen.add(new_id)
    meta = dict(article.meta)
    meta["_duplicate_of"] = article.id
    return dataclasses.replace(article, id=new_id, meta=meta)


# -- finding the files -----------------------------------------------------------------


def _iter_sources(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | ReadProblem]:
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        try:
            os.lstat(path)
            is_dir = path.is_dir()
        except FileNotFoundError:
            yield ReadProblem(path, None, "no such file or directory")
            continue
        except OSError as err:
            yield ReadProblem(path, None, f"cannot access: {err.strerror or err}")
            continue
        if is_dir:
            candidates: Iterable[Path | ReadProblem] = _walk(path)
        elif path.suffix.lower() not in FORMATS:
            yield ReadProblem(
                path,
                None,
                f"unsupported file type {path.suffix or '(no extension)'!r}; "
                f"expected one of {', '.join(sorted(FORMATS))}",
            )
            continue
        else:
            candidates = [path]
        for item in candidates:
            if isinstance(item, ReadProblem):
                yield item
                continue
            if not item.is_file():
                yield ReadProblem(item, None, "not a regular file")
                continue
            key = item.resolve()
            if key not in seen:
                seen.add(key)
                yield item


def _walk(top: Path) -> Iterator[Path | ReadProblem]:
    errors: list[OSError] = []
    found: list[tuple[tuple[str, ...], Path]] = []
    for root, dirs, files in os.walk(top, onerror=errors.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith(".") or Path(name).suffix.lower() not in FORMATS:
                continue
            path = Path(root, name)
            found.append((path.relative_to(top).parts, path))
    for err in errors:
        yield ReadProblem(Path(err.filename or top), None, f"cannot list directory: {err.strerror}")
    if not found and not errors:
        kinds = ", ".join(sorted(FORMATS))
        yield ReadProblem(top, None, f"no article files ({kinds}) in this directory")
    for _, path in sorted(found):
        yield path


# -- reading one file ------------------------------------------------------------------


def _read_file(path: Path, max_bytes: int) -> Iterator[Article | ReadProblem]:
    fmt = FORMATS[path.suffix.lower()]
    try:
        if fmt in ("text", "html"):
            yield _read_single(path, fmt, max_bytes)
        else:
            with path.open("rb") as raw:
                reader = _read_jsonl if fmt == "jsonl" else _read_csv
                yield from reader(path, raw, max_bytes)
    except OSError as err:
        yield ReadProblem(path, None, f"cannot read: {err.strerror or err}")


def _read_single(path: Path, fmt: str, max_bytes: int) -> Article | ReadProblem:
    size = path.stat().st_size
    if size > max_bytes:
        return ReadProblem(path, None, _too_big(size, max_bytes))
    with path.open("rb") as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        return ReadProblem(path, None, _too_big(len(data), max_bytes))
    try:
        text, codec = decode_bytes(data)
        return parse_article(
            text,
            id=path.name,
            path=path,
            html=True if fmt == "html" else None,
            meta={"_format": fmt, "_encoding": codec},
        )
    except InputError as err:
        return ReadProblem(path, None, str(err))


def _too_big(size: int, max_bytes: int) -> str:
    return f"too large: {size} bytes, over the limit of {max_bytes} (max_bytes)"


def _stream_codec(head: bytes) -> str | None:
    bom = bom_encoding(head)
    return _STREAM_CODECS[bom[0]] if bom else None


#: Replaces each undecodable byte run while a .jsonl/.csv file is read (a lone
#: surrogate: no valid UTF-8/16/32 text decodes to one), so a bad line costs that line.
_BAD = "\udcff"
_BAD_HANDLER = "sitmap-mark-undecodable"
#: Share of NUL bytes in a file's first block above which it is binary, not text with a bad line.
MAX_NUL_SHARE = 0.05


def _mark_errors() -> str:
    """The name of the codec error handler that marks undecodable bytes with :data:`_BAD`."""
    try:
        codecs.lookup_error(_BAD_HANDLER)
    except LookupError:
        codecs.register_error(_BAD_HANDLER, _mark)
    return _BAD_HANDLER


def _mark(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return _BAD, err.end


def _binary(head: bytes) -> bool:
    """Mostly NUL bytes and no byte-order mark: binary or BOM-less UTF-16, not a text file."""
    return bom_encoding(head) is None and head.count(b"\x00") > MAX_NUL_SHARE * len(head)


def _line_problem(text: str, codec: str) -> str | None:
    """Why one decoded line of a .jsonl/.csv file cannot be used, or None."""
    if _BAD in text:
        return f"not valid {codec}; line skipped"
    if "\x00" in text:
        return "contains NUL bytes; line skipped"
    return None


def _jsonl_line(
    path: Path, lineno: int, line: str, label: str, max_bytes: int
) -> Article | ReadProblem | None:
    """One decoded line of a .jsonl file: its article, why it cannot be used, or None if blank.

    >>> _jsonl_line(Path("a.jsonl"), 3, "{", "utf-8", 100).message
    'not JSON: Expecting property name enclosed in double quotes (column 2)'
    >>> _jsonl_line(Path("a.jsonl"), 4, "  \\n", "utf-8", 100) is None
    True
    """
    if not line.strip():
        return None
    bad = _line_problem(line, label)
    if bad:
        return ReadProblem(path, lineno, bad)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return ReadProblem(path, lineno, f"not JSON: {err.msg} (column {err.colno})")
    except RecursionError:
        return ReadProblem(path, lineno, "not JSON: nested too deeply")
    return _record(path, lineno, record, str(lineno - 1), "jsonl", label, max_bytes)


def _read_jsonl(path: Path, raw: BinaryIO, max_bytes: int) -> Iterator[Article | ReadProblem]:
    head = raw.read(8192)
    raw.seek(0)
    if not head:
        yield ReadProblem(path, None, "empty file")
        return
    codec = _stream_codec(head) or "utf-8-sig"
    label = codec if head.startswith(codecs.BOM_UTF8) or codec != "utf-8-sig" else "utf-8"
    if codec == "utf-8-sig" and _binary(head):
        yield ReadProblem(path, None, "binary file (mostly NUL bytes and no byte-order mark)")
        return
    stream = io.TextIOWrapper(raw, encoding=codec, errors=_mark_errors(), newline="\n")
    lineno = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        lineno += 1
        if len(line) > max_bytes and not line.endswith("\n"):
            while line and not line.endswith("\n"):
                line = stream.readline(max_bytes + 1)
            yield ReadProblem(path, lineno, f"line longer than the limit of {max_bytes}")
            continue
        got = _jsonl_line(path, lineno, line, label, max_bytes)
        if got is not None:
            yield got


def _read_csv(path: Path, raw: BinaryIO, max_bytes: int) -> Iterator[Article | ReadProblem]:
    head = raw.read(64 * 1024)
    raw.seek(0)
    if not head:
        yield ReadProblem(path, None, "empty file")
        return
    codec = _stream_codec(head)
    if codec is None:
        if _binary(head):
            yield ReadProblem(path, None, "binary file (mostly NUL bytes and no byte-order mark)")
            return
        codec = "utf-8" if _mostly_utf8(head) else guess_single_byte(head)
    # The csv module's field limit is process-wide; it is only ever raised, never lowered.
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes + 1))
    stream = io.TextIOWrapper(raw, encoding=codec, errors=_mark_errors(), newline="")
    rows = csv.reader(stream)
    try:
        header = [c.strip() for c in next(rows)]
        if header and header[0].startswith("\ufeff"):
            header[0] = header[0][1:]
    except StopIteration:
        yield ReadProblem(path, None, "empty file")
        return
    except csv.Error as err:
        yield ReadProblem(path, 1, f"bad CSV header: {err}")
        return
    bad = _line_problem(",".join(header), codec)
    if bad:
        yield ReadProblem(path, 1, f"bad CSV header: {bad.split(';')[0]}")
        return
    if "text" not in header:
        shown = ", ".join(repr(c) for c in header[:10])
        yield ReadProblem(path, 1, f"no 'text' column (columns: {shown})")
        return
    index, prev_line = 0, rows.line_num
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as err:
            # The reader starts afresh on the next line: only this row is lost.
            yield ReadProblem(path, prev_line + 1, f"bad CSV ({err}); row skipped")
            prev_line = rows.line_num
            continue
        start, prev_line = prev_line + 1, rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        row_id, index = str(index), index + 1
        if len(row) > len(header):
            yield ReadProblem(path, start, f"row has {len(row)} fields, the header {len(header)}")
            continue
        bad = next((b for b in (_line_problem(c, codec) for c in row) if b), None)
        if bad:
            yield ReadProblem(path, start, bad.replace("line", "row"))
            continue
        record = {k: v for k, v in zip(header, row, strict=False) if k and v != ""}
        record.setdefault("text", "")
        yield _record(path, start, record, row_id, "csv", codec, max_bytes)


def _mostly_utf8(head: bytes) -> bool:
    """UTF-8 unless the block has no well-formed multi-byte sequence but stray high bytes.

    A few undecodable lines in real UTF-8 then cost only those lines, while
    a file in a single-byte code page is still read in that code page.

    >>> _mostly_utf8("Ворух".encode() + b" \\xff"), _mostly_utf8("Café bar".encode("cp1252"))
    (True, False)
    """
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return True
    except UnicodeDecodeError:
        pass
    good = len(_UTF8_SEQ.findall(head))
    stray = sum(1 for b in head if b >= 0x80) - sum(len(m) for m in _UTF8_SEQ.findall(head))
    return good > 0 and good >= stray


_UTF8_SEQ = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _record(
    path: Path,
    line: int,
    record: object,
    default_id: str,
    fmt: str,
    codec: str,
    max_bytes: int,
) -> Article | ReadProblem:
    if not isinstance(record, dict):
        return ReadProblem(path, line, f"not a JSON object but {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str):
        return ReadProblem(path, line, "no 'text' string")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        return ReadProblem(path, line, _too_big(size, max_bytes))
    raw_id = record.get("id")
    has_id = isinstance(raw_id, str | int) and not isinstance(raw_id, bool) and str(raw_id)
    meta = {str(k): v for k, v in record.items() if k != "text"}
    meta |= {"_format": fmt, "_encoding": codec, "_line": line}
    try:
        return _build(
            str(raw_id).strip() if has_id else default_id,
            normalise_newlines(text),
            meta,
            path,
            None,
            trim=False,
        )
    except InputError as err:
        return ReadProblem(path, line, str(err))
