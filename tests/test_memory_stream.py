"""Building with less held per article: the same situation, the same files (#15 item 2)."""

from __future__ import annotations

import gc
import io
import json
import weakref
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from geo.pipeline import ArticleResult, build_situation, compact_result, load_resources
from geo.situation import (
    ArticleInfo,
    Count,
    Event,
    EventLocation,
    Situation,
    SourceRef,
    Toponym,
    Unresolved,
)
from layers.build import save_situation, write_situation_json

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
CONTROL = REPO / "tests" / "data" / "control"


@pytest.fixture(scope="module")
def resources(settings, gazetteer, boundaries):
    return load_resources(settings)


@pytest.fixture(scope="module")
def built(resources):
    return build_situation([SEEDS, CONTROL], resources=resources)


def _reference(situation: Situation) -> str:
    """The text ``save_situation`` wrote before it streamed (one ``json.dump`` of the whole)."""
    return json.dumps(situation.to_dict(), ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def test_streamed_situation_file_is_the_one_json_dump_gives(built, tmp_path):
    situation = built.situation
    assert situation.toponyms and situation.events and situation.unresolved
    path = save_situation(situation, tmp_path / "situation.json")
    assert path.read_text(encoding="utf-8") == _reference(situation)


def test_streamed_empty_situation():
    fh = io.StringIO()
    write_situation_json(Situation(), fh)
    assert fh.getvalue() == _reference(Situation())[:-1]


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
maybe = st.none() | texts


@hsettings(max_examples=60, deadline=None)
@given(
    names=st.lists(texts, max_size=4),
    extra=maybe,
    value=st.integers(0, 10**6),
    score=st.floats(allow_nan=False, allow_infinity=False),
    day=st.none() | st.dates(date(1990, 1, 1), date(2030, 1, 1)),
)
def test_streamed_json_equals_json_dump_for_awkward_values(names, extra, value, score, day):
    """Quotes, newlines, non-ASCII, nested records and empty lists keep json.dump's bytes."""
    loc = EventLocation(name=extra or "", lat=score, lon=None, precision=1, admin1=extra)
    source = SourceRef(document="d", sentence="\n".join(names), start=0, end=value, published=day)
    event = Event(
        id="e",
        event_type="armed_clash",
        event_date=day,
        time_precision=1,
        location=loc,
        counts={n: (Count(value, extra, n),) for n in names},
        sources=(source,),
    )
    toponyms = tuple(
        Toponym("d", i, i + 1, n, n, score, 0.0, extra, None, None, "city", None, n, 1, score)
        for i, n in enumerate(names)
    )
    situation = Situation(
        articles=tuple(ArticleInfo(n, title=extra, published=day) for n in names),
        toponyms=toponyms,
        unresolved=(Unresolved("d", 0, 1, extra or "", "reason: \u2014"),) if names else (),
        events=(event,) if value % 2 else (),
    )
    fh = io.StringIO()
    write_situation_json(situation, fh)
    assert fh.getvalue() + "\n" == _reference(situation)


def test_results_let_go_gives_the_same_situation(built, resources):
    lean = build_situation([SEEDS, CONTROL], resources=resources, keep_results=False)
    assert lean.results == ()
    assert lean.situation == built.situation
    assert _reference(lean.situation) == _reference(built.situation)
    assert (lean.processed, lean.cached) == (built.processed, built.cached)


def test_unmerged_events_are_not_held_without_results(resources, monkeypatch):
    """With ``keep_results=False`` no per-article event outlives the merge."""
    import geo.events

    raw: list[weakref.ref] = []
    merge = geo.events.merge_events

    def watching(events, *args, **kwargs):
        raw.extend(weakref.ref(e) for e in events)
        return merge(events, *args, **kwargs)

    monkeypatch.setattr(geo.events, "merge_events", watching)
    lean = build_situation([SEEDS], resources=resources, keep_results=False)
    gc.collect()
    assert raw, "no event reached the merge"
    merged = {id(e) for e in lean.situation.events}
    alive = [r() for r in raw if r() is not None and id(r()) not in merged]
    assert alive == []


def test_compacted_results_equal_and_share_strings(built):
    # as read back from the article cache: every string its own copy
    copies = [ArticleResult.from_dict(json.loads(json.dumps(r.to_dict()))) for r in built.results]
    before = {id(t.text) for r in copies for t in r.toponyms}
    pool: dict[str, str] = {}
    results = [compact_result(r, pool) for r in copies]
    assert results == list(built.results)
    by_text: dict[str, set[int]] = {}
    for r in results:
        for t in r.toponyms:
            by_text.setdefault(t.text, set()).add(id(t.text))
            assert t.name is pool[t.name] and t.place_id is pool[t.place_id]
        for u in r.unresolved:
            assert u.text is pool[u.text]
    assert all(len(ids) == 1 for ids in by_text.values())
    assert len(before) > len(by_text)  # some place is named more than once in the seeds


def test_compact_result_keeps_unchanged_records():
    t = Toponym("a", 0, 3, "Osh", "Osh", 40.5, 72.8, "KG", None, None, "city", 1, "gn:1", 1, 1.0)
    pool = {s: s for s in ("Osh", "KG", "city", "gn:1")}
    result = ArticleResult("a", None, (t,))
    assert compact_result(result, pool).toponyms[0] is t
