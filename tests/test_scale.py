"""Scale fixes keep results: indexed popup highlighting, bulk cache reads and batched commits."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

import geo.pipeline as pipeline
from geo.articles import Article
from geo.settings import Settings
from geo.situation import Event, SourceRef, Toponym
from geo.store import ArticleStore
from layers import text


def _top(doc: str, start: int, end: int, name: str, sentence: str = "") -> Toponym:
    return Toponym(
        document=doc,
        start=start,
        end=end,
        text=sentence[start:end] or name,
        name=name,
        lat=1.0,
        lon=2.0,
        country_code=None,
        admin1=None,
        admin2=None,
        feature="city",
        geonameid=None,
        place_id=f"p-{name}",
        precision=1,
        score=1.0,
    )


def _naive_spans(
    sentence: str, source: SourceRef, names: Iterable[str], toponyms: Sequence[Toponym]
) -> list[tuple[int, int]]:
    """The former quadratic implementation: every toponym for every sentence."""
    spans = []
    for top in toponyms:
        if top.document != source.document:
            continue
        lo, hi = top.start - source.start, top.end - source.start
        if 0 <= lo < hi <= len(sentence) and sentence[lo:hi] == top.text and top.name in names:
            spans.append((lo, hi))
    if not spans:
        for name in names:
            if name:
                spans += [m.span() for m in re.finditer(re.escape(name), sentence, re.IGNORECASE)]
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if merged and lo < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


BODY = "Clashes in Osh and near Osh-Kala; Batken shelled. Sokh quiet, Osh again."
NAMES = ["Osh", "Batken", "Sokh", "Osh-Kala", ""]

toponym_st = st.builds(
    lambda doc, a, n, name: _top(doc, a, min(a + n, len(BODY)), name, BODY),
    st.sampled_from(["d1", "d2"]),
    st.integers(0, len(BODY) - 1),
    st.integers(1, 8),
    st.sampled_from(NAMES[:-1]),
)


@settings(max_examples=200, deadline=None)
@given(
    tops=st.lists(toponym_st, max_size=12),
    start=st.integers(0, 40),
    length=st.integers(0, 40),
    doc=st.sampled_from(["d1", "d2", "d3"]),
    names=st.lists(st.sampled_from(NAMES), max_size=3),
)
def test_indexed_spans_equal_the_quadratic_ones(tops, start, length, doc, names):
    sentence = BODY[start : start + length]
    source = SourceRef(document=doc, sentence=sentence, start=start, end=start + length)
    want = _naive_spans(sentence, source, names, tops)
    assert text._spans(sentence, source, names, tuple(tops)) == want
    assert text._spans(sentence, source, names, list(tops)) == want
    assert text._spans(sentence, source, names, text.ToponymIndex(tops)) == want


def test_the_index_is_built_once_per_situation_tuple(monkeypatch):
    built = []
    real = text.ToponymIndex.__init__

    def counting(self, toponyms):
        built.append(1)
        real(self, toponyms)

    monkeypatch.setattr(text.ToponymIndex, "__init__", counting)
    tops = tuple(_top("d1", 11, 14, "Osh", BODY) for _ in range(3))
    source = SourceRef(document="d1", sentence=BODY[:49], start=0, end=49)
    event = Event(
        id="e",
        event_type="armed_clash",
        event_date=date(2021, 7, 1),
        time_precision=1,
        location=None,
        sources=(source,) * 5,
    )
    first = text.event_popup(event, "Armed clash", tops)
    for _ in range(20):
        assert text.event_popup(event, "Armed clash", tops) == first
    assert len(built) == 1
    assert "<mark>Osh</mark>" not in first  # the event names no place: nothing marked
    assert text.event_popup(event, "Armed clash", list(tops)) == first


def test_get_many_reads_hits_in_chunks_and_skips_corrupt_rows(tmp_path, monkeypatch):
    import sqlite3

    import geo.store

    monkeypatch.setattr(geo.store, "LOOKUP_CHUNK", 2)
    path = tmp_path / "c.sqlite"
    with ArticleStore(path, pipeline_version="v1") as store:
        store.put_many([(f"k{i}", {"n": i}) for i in range(5)])
    with ArticleStore(path, pipeline_version="v2") as store:
        store.put("k9", {"n": 9})
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE processed SET value = ? WHERE key = 'k3'", (b"garbage",))
    with ArticleStore(path, pipeline_version="v1") as store:
        got = store.get_many(["k0", "k4", "k3", "k9", "missing", "k0", "k1"])
    assert got == {"k0": {"n": 0}, "k4": {"n": 4}, "k1": {"n": 1}}


def _fake_results(articles: Sequence[Article], resources: object) -> list[object]:
    return [pipeline.ArticleResult(document=a.id, published=a.published) for a in articles]


def test_the_article_cache_is_committed_in_batches(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "".join(f'{{"id": "a{i}", "text": "Text number {i}."}}\n' for i in range(7)),
        encoding="utf-8",
    )
    commits: list[int] = []
    real_put_many = ArticleStore.put_many

    def recording(self, items):
        items = list(items)
        commits.append(len(items))
        real_put_many(self, items)

    monkeypatch.setattr(ArticleStore, "put_many", recording)
    monkeypatch.setattr(ArticleStore, "put", lambda *a: (_ for _ in ()).throw(AssertionError))
    monkeypatch.setattr(pipeline, "process_articles", _fake_results)
    monkeypatch.setattr(pipeline, "CACHE_COMMIT", 3)
    resources = SimpleNamespace(settings=Settings(cache_dir=tmp_path), version="v")
    cache = tmp_path / "cache.sqlite"
    first = pipeline.build_situation([corpus], resources=resources, cache=cache)  # type: ignore[arg-type]
    assert (first.processed, first.cached) == (7, 0)
    assert commits == [3, 3, 1]
    again = pipeline.build_situation([corpus], resources=resources, cache=cache)  # type: ignore[arg-type]
    assert (again.processed, again.cached) == (0, 7)
    assert [r.document for r in again.results] == [f"a{i}" for i in range(7)]
    assert commits == [3, 3, 1], "cache hits are not written again"


def test_cached_and_fresh_articles_interleave_in_input_order(tmp_path, monkeypatch):
    lines = [f'{{"id": "a{i}", "text": "Text number {i}."}}\n' for i in range(9)]
    some, every = tmp_path / "some.jsonl", tmp_path / "every.jsonl"
    some.write_text("".join(lines[::3]), encoding="utf-8")  # a0, a3, a6
    every.write_text("".join(lines), encoding="utf-8")
    batches: list[list[str]] = []

    def fake(articles: Sequence[Article], resources: object) -> list[object]:
        batches.append([a.id for a in articles])
        return _fake_results(articles, resources)

    monkeypatch.setattr(pipeline, "process_articles", fake)
    monkeypatch.setattr(pipeline, "ARTICLE_BATCH", 4)
    monkeypatch.setattr(pipeline, "READ_CHUNK", 2)
    resources = SimpleNamespace(settings=Settings(cache_dir=tmp_path), version="v")
    cache = tmp_path / "cache.sqlite"
    pipeline.build_situation([some], resources=resources, cache=cache)  # type: ignore[arg-type]
    batches.clear()
    seen: list[int] = []
    got = pipeline.build_situation(
        [every],
        resources=resources,  # type: ignore[arg-type]
        cache=cache,
        progress=seen.append,
    )
    assert (got.processed, got.cached) == (6, 3)
    assert [r.document for r in got.results] == [f"a{i}" for i in range(9)]
    assert [a.id for a in got.situation.articles] == [f"a{i}" for i in range(9)]
    assert batches == [["a1", "a2", "a4", "a5"], ["a7", "a8"]]
    assert seen == list(range(10))


@settings(max_examples=300, deadline=None)
@given(
    name=st.text(alphabet="oshOSH-ka KİıſK.", min_size=1, max_size=4),
    sentence=st.text(alphabet="oshOSH-ka KİıſK. ", max_size=30),
)
def test_name_search_equals_the_case_insensitive_regex(name, sentence):
    want = [m.span() for m in re.finditer(re.escape(name), sentence, flags=re.IGNORECASE)]
    assert text._find_all(name, sentence) == want
