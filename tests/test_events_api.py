"""extract_events / code_events contracts: offsets, docs, joins, articles, speed."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo.articles import Article
from geo.events import code_events, extract_events
from geo.events.text import split_sentences
from geo.situation import EVENT_TYPES, Toponym

TEXT = (
    "Kyrgyz and Tajik border guards exchanged fire near Tort-Kocho on Thursday, the Kyrgyz "
    "border service said.\n\nTajik officials denied the claim and blamed the Kyrgyz side.\n\n"
    "Residents blocked the road\nbetween Batken and Isfana.\n\nThe garden has a border of "
    "flowers."
)


def article(text: str = TEXT, published: date | None = date(2022, 1, 28)) -> Article:
    return Article(
        id="wire-1", text=text, published=published, outlet="Test Wire", url="https://example.org/1"
    )


def tops(text: str = TEXT) -> list[Toponym]:
    out = []
    for name, lat, lon, cc, feature, prec in (
        ("Tort-Kocho", 39.95, 70.53, "KG", "PPL", 1),
        ("Batken", 40.06, 70.82, "KG", "PPL", 1),
        ("Isfana", 39.84, 69.53, "KG", "PPL", 1),
    ):
        i = text.find(name)
        if i >= 0:
            out.append(
                Toponym(
                    "wire-1",
                    i,
                    i + len(name),
                    name,
                    name,
                    lat,
                    lon,
                    cc,
                    "Batken",
                    None,
                    feature,
                    None,
                    name,
                    prec,
                    1.0,
                )
            )
    return out


def test_real_article_without_model() -> None:
    events = extract_events(article(), tops(), join=None)
    types = sorted(e.event_type for e in events)
    assert types == ["armed_clash", "blockade"]
    clash = next(e for e in events if e.event_type == "armed_clash")
    assert clash.event_date == date(2022, 1, 27) and clash.time_precision == 1
    assert clash.location is not None and clash.location.name == "Tort-Kocho"
    assert clash.location.border == "KGZ–TJK"
    assert clash.claim_status == "disputed"
    assert clash.sources[0].outlet == "Test Wire"
    for e in events:
        assert e.event_type in EVENT_TYPES
        for s in e.sources:
            assert TEXT[s.start : s.end] == s.sentence


def test_doc_is_used_and_not_reparsed(nlp) -> None:
    art = article()
    doc = nlp(art.text)

    class Boom:
        def __call__(self, text: str):
            raise AssertionError("must not parse again")

    with_doc = extract_events(art, tops(), doc=doc, nlp=Boom(), join=None)
    with_nlp = extract_events(art, tops(), nlp=nlp, join=None)
    assert [e.to_dict() for e in with_doc] == [e.to_dict() for e in with_nlp]
    without = extract_events(art, tops(), join=None)
    assert max(e.confidence for e in with_doc) > max(e.confidence for e in without)


def test_doc_without_sentence_boundaries_falls_back(nlp) -> None:
    art = article()
    sentence_pipes = [n for n in nlp.pipe_names if n in ("parser", "senter", "sentencizer")]
    with nlp.select_pipes(disable=sentence_pipes):
        doc = nlp(art.text)
    assert not doc.has_annotation("SENT_START")
    events = extract_events(art, tops(), doc=doc, join=None)
    assert {e.event_type for e in events} == {"armed_clash", "blockade"}


def test_border_join_is_called_once_and_applied() -> None:
    calls = []

    def join(lats, lons):
        calls.append(len(lats))
        return pd.DataFrame(
            {
                "country_code": ["KG"] * len(lats),
                "admin1": ["Batken"] * len(lats),
                "admin1_code": ["KG.09"] * len(lats),
                "admin2": [None] * len(lats),
                "border": ["KGZ–TJK"] * len(lats),
                "border_distance_km": [3.2] * len(lats),
            }
        )

    events = extract_events(article(), tops(), join=join)
    assert len(calls) == 1
    clash = next(e for e in events if e.event_type == "armed_clash")
    assert clash.location.border_distance_km == 3.2


def test_failing_join_keeps_events() -> None:
    def join(lats, lons):
        raise RuntimeError("no boundaries")

    assert len(extract_events(article(), tops(), join=join)) == 2


def test_no_publication_date_gives_no_relative_dates() -> None:
    events = extract_events(article(published=None), tops(), join=None)
    assert all(e.event_date is None for e in events)


def test_toponyms_of_other_documents_are_ignored() -> None:
    other = [
        Toponym(
            "other",
            t.start,
            t.end,
            t.text,
            t.name,
            t.lat,
            t.lon,
            t.country_code,
            None,
            None,
            t.feature,
            None,
            t.place_id,
            1,
            1.0,
        )
        for t in tops()
    ]
    events = extract_events(article(), other, join=None)
    assert all(e.location is None or e.location.lat is None for e in events)


def test_regex_sentences_keep_wrapped_lines_together() -> None:
    sents = split_sentences(TEXT)
    assert any(s.text == "Residents blocked the road\nbetween Batken and Isfana." for s in sents)
    assert all(TEXT[s.start : s.end] == s.text for s in sents)


def test_events_without_model_never_build_a_spacy_pipeline(monkeypatch) -> None:
    """With no ``nlp`` the extractor reads regex sentences only; no model is loaded or run.

    (Speed is measured by ``bench/bench_events.py`` and ``bench/bench_pass.py``, not timed here.)
    """
    spacy = pytest.importorskip("spacy")

    def refuse(*args, **kwargs):
        raise AssertionError("a spaCy pipeline was built without a model being asked for")

    monkeypatch.setattr(spacy, "load", refuse)
    monkeypatch.setattr(spacy, "blank", refuse)
    body = "\n\n".join([TEXT] * 40)
    events = extract_events(article(body), [], join=None)
    one = extract_events(article(), [], join=None)
    assert one and len(events) >= len(one)


def test_code_events_with_model_parses_once_per_article(nlp) -> None:
    events = code_events([(article(), tops())], nlp=nlp, join=None)
    assert {e.event_type for e in events} == {"armed_clash", "blockade"}
