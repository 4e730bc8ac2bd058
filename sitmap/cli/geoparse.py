"""``sitmap geoparse`` and ``sitmap events``: JSON Lines on stdout."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

import click

from geo.errors import InputError
from sitmap.cli.options import corpus_arg
from sitmap.cli.output import warn


def _articles(corpus: Iterable[str]) -> Iterator[Any]:
    """Stream readable articles; warn about each unreadable input as it comes."""
    from geo.articles import ReadProblem, iter_articles

    seen = 0
    problems: list[str] = []
    for item in iter_articles(list(corpus)):
        if isinstance(item, ReadProblem):
            problems.append(str(item))
            warn(str(item))
        else:
            seen += 1
            yield item
    if not seen:
        raise InputError("no article could be read" + (f": {problems[0]}" if problems else ""))


def _emit(record: dict[str, Any]) -> None:
    click.echo(json.dumps(record, ensure_ascii=False))


@click.command()
@corpus_arg
def geoparse(corpus: tuple[str, ...]) -> None:
    """Find every place mention in CORPUS and resolve it; one JSON object per article.

    CORPUS is files or directories of .txt/.md/.html, .jsonl (one article per
    line, "text" required) or .csv. Each output line is {"id", "published",
    "toponyms": [...], "unresolved": [...]}; offsets index the article text.
    A .jsonl line with "spans": [[start, end], ...] resolves exactly those
    spans. Unreadable inputs are reported on stderr and skipped.

    \b
    Example:
      sitmap geoparse seeds/
      sitmap geoparse articles.jsonl > places.jsonl
    """
    if not corpus:
        raise click.UsageError("give at least one CORPUS file or directory")
    from geo.geoparse import geoparse as run_geoparse
    from geo.pipeline import load_resources

    res = load_resources()
    for result in run_geoparse(
        _articles(corpus),
        gazetteer=res.gazetteer,
        nlp=res.nlp if res.nlp is not None else False,
        boundaries=res.boundaries,
    ):
        _emit(result.to_dict())


@click.command()
@corpus_arg
def events(corpus: tuple[str, ...]) -> None:
    """Code the events and control claims reported in CORPUS; one JSON event per line.

    Events told by several articles are merged into one, with every source
    sentence (document id and character offsets). Figures that differ
    between sources stay side by side in "counts".

    \b
    Example:
      sitmap events seeds/
      sitmap events articles/ | jq -c 'select(.event_type == "control_claim")'
    """
    if not corpus:
        raise click.UsageError("give at least one CORPUS file or directory")
    from geo.pipeline import build_situation

    result = build_situation(list(corpus))
    for problem in result.problems:
        warn(str(problem))
    if not result.situation.articles:
        raise InputError(
            "no article could be read" + (f": {result.problems[0]}" if result.problems else "")
        )
    for event in result.situation.events:
        _emit(event.to_dict())
