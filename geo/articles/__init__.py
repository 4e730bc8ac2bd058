"""First pipeline stage: read news articles from files into :class:`Article` records.

>>> from pathlib import Path
>>> from geo.articles import read_articles
>>> result = read_articles([Path(__file__).parents[2] / "seeds"])
>>> result.articles[0].id, len(result.articles), result.problems
('00_csto_assistance_tajikistan_chukchuk_asiaplus.txt', 5, ())

Nothing is read or loaded at import time.
"""

from geo.articles.dates import find_text_date, parse_date
from geo.articles.encoding import DecodeError, decode_bytes, guess_single_byte
from geo.articles.header import HeaderSplit, split_header
from geo.articles.htmltext import html_to_text, looks_like_html
from geo.articles.model import Article, ReadProblem, ReadResult, text_sha256
from geo.articles.reader import (
    DEFAULT_MAX_BYTES,
    FORMATS,
    clean_value,
    iter_articles,
    list_sources,
    parse_article,
    read_articles,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "Article",
    "DecodeError",
    "HeaderSplit",
    "ReadProblem",
    "ReadResult",
    "clean_value",
    "decode_bytes",
    "find_text_date",
    "guess_single_byte",
    "html_to_text",
    "iter_articles",
    "list_sources",
    "looks_like_html",
    "parse_article",
    "parse_date",
    "read_articles",
    "split_header",
    "text_sha256",
]
