"""Batched in-process processing gives exactly the per-article results."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.articles import Article, read_articles
from geo.events import extract_events
from geo.geoparse import geoparse_article, geoparse_batch
from geo.pipeline import ArticleResult, build_situation, load_resources, process_articles

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def resources(settings, gazetteer, boundaries):
    return load_resources(settings)


@pytest.fixture(scope="module")
def seeds() -> list[Article]:
    arts = list(read_articles([SEEDS]).articles)
    # the same sentences under another id, and an article with gold spans
    arts.append(Article(id="copy", text=arts[0].text, published=arts[0].published))
    arts.append(
        Article(
            id="spans", text="Talks in Osh and Xyzzyville.", meta={"spans": [[9, 12], [17, 27]]}
        )
    )
    return arts


def test_geoparse_batch_equals_one_article_at_a_time(resources, seeds):
    batch = geoparse_batch(
        seeds, gazetteer=resources.gazetteer, nlp=resources.nlp, boundaries=resources.boundaries
    )
    for article, got in zip(seeds, batch, strict=True):
        one = geoparse_article(
            article,
            gazetteer=resources.gazetteer,
            nlp=resources.nlp,
            boundaries=resources.boundaries,
        )
        assert got.to_dict() == one.to_dict()


def test_process_articles_equals_the_unbatched_pipeline(resources, seeds):
    from geo.joins import join_points

    def uncached(lats, lons):
        return join_points(lats, lons, boundaries=resources.boundaries)

    got = process_articles(seeds, resources)
    for article, res in zip(seeds, got, strict=True):
        geo = geoparse_article(
            article,
            gazetteer=resources.gazetteer,
            nlp=resources.nlp,
            boundaries=resources.boundaries,
        )
        events = extract_events(article, geo.toponyms, join=uncached, model=True)
        assert res.toponyms == geo.toponyms and res.unresolved == geo.unresolved
        assert [e.to_dict() for e in res.events] == [e.to_dict() for e in events]


def test_results_survive_the_dict_round_trip(resources, seeds):
    """In-process results skip the to_dict/from_dict round trip: it must be the identity."""
    for res in process_articles(seeds, resources):
        assert ArticleResult.from_dict(res.to_dict()) == res


def test_cached_build_equals_fresh_build(resources, tmp_path):
    fresh = build_situation([SEEDS], resources=resources)
    cache = tmp_path / "cache.sqlite"
    first = build_situation([SEEDS], resources=resources, cache=cache)
    again = build_situation([SEEDS], resources=resources, cache=cache)
    assert again.cached == len(again.situation.articles) and again.processed == 0
    assert fresh.situation == first.situation == again.situation
