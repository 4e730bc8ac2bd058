"""Wire-copy boilerplate: the recogniser, its look-alikes, and its use by geoparse and events.

The articles under ``tests/data/wire/`` are invented (agency and web-page style
around made-up bodies); ``expected.json`` there says what each must give.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.articles import Article, read_articles
from geo.articles.boilerplate import (
    CUES_PATH,
    EVENTS_MASKED,
    GEOPARSE_MASKED,
    KINDS,
    USE,
    WHERES,
    credit_places,
    find_boilerplate,
    load_cues,
    mask,
)
from geo.articles.wire import events_view, geoparse_view
from geo.events import extract_events
from geo.gazetteer import Gazetteer
from geo.geoparse import geoparse_article
from geo.model import Place

WIRE = Path(__file__).resolve().parent / "data" / "wire"
EXPECTED = {
    k: v for k, v in json.loads((WIRE / "expected.json").read_text()).items() if k[0] != "_"
}


def kinds(text: str) -> list[str]:
    return [s.kind for s in find_boilerplate(text)]


# --- the cue table ---------------------------------------------------------------------


def test_cue_table_rows_are_cited_and_known():
    with open(CUES_PATH, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(load_cues()) >= 60
    seen = set()
    for row in rows:
        assert row["kind"] in (*KINDS, "agency"), row
        assert row["where"] in WHERES, row
        assert row["source"].startswith(("http://", "https://")), row
        assert row["note"], row
        key = (row["kind"], row["cue"], row["where"])
        assert key not in seen, key
        seen.add(key)
    assert set(USE) == set(KINDS)
    assert "caption" not in GEOPARSE_MASKED and "caption" in EVENTS_MASKED
    assert "tag" not in EVENTS_MASKED


# --- recognition -----------------------------------------------------------------------

POSITIVE = [
    (
        "Reporting by Hamid Noori in Kabul and Sana Iqbal in Islamabad; Additional reporting "
        "by Emma Roth in Geneva; Writing by Tom Ashby; Editing by Lucy Marks",
        "credit",
    ),
    ("(Reporting by Ann Lee; editing by Bob Roe)", "credit"),
    ("Writing by Jean-Paul de la Tour, editing by Ali al-Hashimi", "credit"),
    (
        "Associated Press writers Faith Wambui in Nairobi and Peter Okello in Kampala "
        "contributed to this report.",
        "credit",
    ),
    ("Ann Lee in Goma contributed reporting.", "credit"),
    ("Contributing: Amina Diallo in Kinshasa", "credit"),
    (
        "FILE PHOTO: Trucks wait at the crossing in Alpha, Country, March 3, 2021. "
        "REUTERS/Ann Marlow/File Photo",
        "caption",
    ),
    (
        "FILE - Soldiers patrol a road, Friday, Dec. 11, 2020. (AP Photo/Jane Okafor, File)",
        "caption",
    ),
    ("Families walk along the road to Alpha on May 7. Photo: Jean Mukendi/AFP", "caption"),
    ("A soldier stands guard in Alpha, on Monday. Ann Lee/AFP via Getty Images", "caption"),
    ("Our Standards: The Thomson Reuters Trust Principles.", "standards"),
    ("Read more: Floods swamp Alpha as rains persist", "related"),
    ("Sign up here for our morning briefing.", "signup"),
    ("Follow us on Telegram", "signup"),
    ("Updated 3 hours ago", "share"),
    ("Share on WhatsApp", "share"),
    ("This story has been corrected to show the clash was on Tuesday, not Monday.", "correction"),
    ("(Corrects name of village in paragraph 3)", "correction"),
    ("Editor's note: An earlier version misstated the county.", "correction"),
    ("Copyright 2024 The Associated Press. All rights reserved.", "copyright"),
    ("© 2024 Agence France-Presse", "copyright"),
]


@pytest.mark.parametrize(("line", "kind"), POSITIVE)
def test_recognised(line, kind):
    text = f"Troops were seen near the river on Monday, officials said.\n\n{line}\n\nCalm returned."
    segs = find_boilerplate(text)
    assert [s.kind for s in segs] == [kind]
    assert segs[0].text == line.strip()
    assert text[segs[0].start : segs[0].end] == segs[0].text


LOOKALIKES = [
    "Reporting by state media said troops crossed the river near Alpha on Monday.",
    "Editing of the treaty text was finished in Beta last month, officials said.",
    "Writing by candlelight, villagers in Gamma described the shelling.",
    "Reporting by Al Jazeera showed that troops had crossed into Delta on Monday.",
    "Related talks in Moscow are due next week, a diplomat said.",
    "Published reports said both sides sent reinforcements on Thursday.",
    "Updated maps were drawn two years ago.",
    "Copyright disputes flared in 2019 over the channel's name.",
    "Sign up for military service was extended to men aged 40, the ministry said.",
    "Photo evidence showed the post had been burnt, the army said.",
    "Officials from both sides met in Alpha and agreed to contribute to this report on the clash.",
    "The commander, who said several journalists contributed to this report of the army, left.",
    "Share prices fell in Beta after the border closed.",
    "Most residents of the village fled on Monday.",
]


@pytest.mark.parametrize("line", LOOKALIKES)
def test_lookalikes_are_story(line):
    assert find_boilerplate(f"ALPHA, May 3 - Shells fell.\n\n{line}\n\nCalm returned.") == ()


def test_agency_tags_are_found_but_kept():
    text = "KABUL, Feb 21 (Reuters) - Shots were fired.\n\nThe post was quiet, police said. — AFP"
    segs = find_boilerplate(text)
    assert [(s.kind, s.text) for s in segs] == [("tag", "(Reuters) -"), ("tag", "— AFP")]
    assert mask(text, segs, EVENTS_MASKED) == text


def test_related_block_takes_headlines_not_the_next_paragraph():
    text = (
        "Shells fell on Alpha.\n\nRelated coverage\n\nUkraine says it took villages\n"
        "Floods hit Beta\n\nRussia said it had brokered a ceasefire that took effect on Wednesday "
        "evening, after two days of fighting along the border."
    )
    (seg,) = find_boilerplate(text)
    assert seg.kind == "related" and seg.text.endswith("Floods hit Beta")


def test_credit_places_only_after_in_or_from():
    line = (
        "Reporting by Sultan Khan in Kabul and Asif Shah in Dar es Salaam; Additional reporting "
        "by Jordan Paris from Geneva and Lausanne; Editing by Victoria Washington"
    )
    (seg,) = find_boilerplate(line)
    places = [line[a:b] for a, b in credit_places(line, seg)]
    # reporters' names that are also places (Jordan, Paris, Victoria, Washington) are not places
    assert places == ["Kabul", "Dar es Salaam", "Geneva", "Lausanne"]


def test_inline_credit_at_end_of_paragraph():
    text = "The army said troops pulled back. (Reporting by Rina Kapoor in New Delhi)"
    (seg,) = find_boilerplate(text)
    assert seg.kind == "credit" and seg.text.startswith("(Reporting")
    assert [text[a:b] for a, b in credit_places(text, seg)] == ["New Delhi"]
    # a parenthesis of prose is not a credit
    assert find_boilerplate("Troops (reporting by radio to the base) pulled back.") == ()


# --- robustness (hypothesis) -------------------------------------------------------------

_PROSE_WORD = st.sampled_from(
    re.findall(
        r"\w+",
        "the troops said on monday near village border shelling crossed post army police "
        "reporting editing writing by in from and related updated copyright photo file",
    )
)
_CAP = st.from_regex(r"[A-Z][a-z]{2,9}", fullmatch=True)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_any_text_gives_sound_segments(text):
    segs = find_boilerplate(text)
    prev = -1
    for s in segs:
        assert 0 <= s.start < s.end <= len(text) and s.start >= prev
        assert text[s.start : s.end] == s.text and s.kind in KINDS
        prev = s.end
    masked = mask(text, segs, KINDS)
    assert len(masked) == len(text)
    assert [i for i, c in enumerate(masked) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_PROSE_WORD, min_size=3, max_size=20), min_size=1, max_size=6))
def test_lowercase_prose_is_never_boilerplate(paragraphs):
    text = "\n\n".join(" ".join(words).capitalize() + "." for words in paragraphs)
    assert [s for s in find_boilerplate(text) if s.kind != "tag"] == []


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(_CAP, _CAP, _CAP), min_size=1, max_size=3),
    st.lists(st.lists(_PROSE_WORD, min_size=3, max_size=15), min_size=1, max_size=4),
)
def test_credit_line_found_with_its_places(people, paragraphs):
    body = "\n\n".join(" ".join(words).capitalize() + "." for words in paragraphs)
    line = "Reporting by " + " and ".join(f"{a} {b} in {c}" for a, b, c in people)
    line += "; Editing by Ann Lee"
    text = f"{body}\n\n{line}"
    segs = [s for s in find_boilerplate(text) if s.kind == "credit"]
    assert len(segs) == 1 and segs[0].text == line
    assert [text[a:b] for a, b in credit_places(text, segs[0])] == [c for _, _, c in people]


# --- use by geoparse and events (small gazetteer, no NER) -------------------------------------


@pytest.fixture(scope="module")
def tiny_gazetteer():
    return Gazetteer.from_places(
        [
            Place("adm0:KG", "Kyrgyzstan", 41.0, 75.0, "KG", "country"),
            Place("gn:1", "Batken", 40.06, 70.82, "KG", "populated_place", population=20000),
            Place("gn:2", "Geneva", 46.2, 6.15, "CH", "populated_place", population=180000),
            Place("gn:3", "Kharkiv", 50.0, 36.23, "UA", "populated_place", population=1400000),
            Place("gn:4", "Isfana", 39.84, 69.53, "KG", "populated_place", population=20000),
        ]
    )


TINY = (
    "FILE PHOTO: Guards stand at a post near Isfana, Kyrgyzstan, March 3, 2021. REUTERS/Ann Lee\n\n"
    "Kyrgyz and Tajik border guards exchanged fire near Batken on Monday, officials said.\n\n"
    "Related coverage\n\nShelling hits Kharkiv\n\n"
    "Reporting by Olga Dyakova in Geneva; Editing by Peter Hall"
)


def test_geoparse_keeps_credit_places_apart(tiny_gazetteer):
    art = Article(id="t", text=TINY)
    res = geoparse_article(art, gazetteer=tiny_gazetteer)
    names = {t.name for t in res.toponyms}
    assert {"Batken", "Isfana"} <= names  # the caption names real places
    assert not names & {"Geneva", "Kharkiv"}
    assert [(t.name, t.start) for t in res.credits] == [("Geneva", TINY.index("Geneva"))]
    out = res.to_dict()
    assert out["credits"][0]["usage"] == "credit"
    assert [b["kind"] for b in out["boilerplate"]] == ["caption", "related", "credit"]
    skipped = [b for b in out["boilerplate"] if b["use"] == "skipped"]
    assert "Kharkiv" in skipped[0]["text"]  # listed, not silently lost
    # an article without boilerplate keeps the old JSON keys
    plain = geoparse_article(Article(id="p", text="Shots near Batken."), gazetteer=tiny_gazetteer)
    assert sorted(plain.to_dict()) == ["id", "published", "toponyms", "unresolved"]


def test_events_never_come_from_captions_or_credits(tiny_gazetteer):
    from datetime import date

    art = Article(id="t", text=TINY, published=date(2024, 5, 7))
    res = geoparse_article(art, gazetteer=tiny_gazetteer)
    events = extract_events(art, res.toponyms, join=None)
    assert events, "the body's clash is still coded"
    for ev in events:
        assert ev.event_date != date(2021, 3, 3)
        assert ev.location is None or ev.location.name not in ("Geneva", "Isfana", "Kharkiv")
        for src in ev.sources:
            assert TINY.index("Kyrgyz and Tajik") <= src.start < TINY.index("Related")


def test_views_keep_offsets_and_objects():
    art = Article(id="t", text=TINY)
    view = geoparse_view(art)
    assert len(view.text) == len(TINY) and view.text.startswith("FILE PHOTO")
    assert "Geneva" not in view.text and "Kharkiv" not in view.text
    ev_art, _ = events_view(view, [])
    assert "Isfana" not in ev_art.text and len(ev_art.text) == len(TINY)
    plain = Article(id="p", text="Shots near Batken.")
    assert geoparse_view(plain) is plain and events_view(plain, ())[0] is plain
    gold = Article(id="g", text=TINY, meta={"spans": [[0, 4]]})
    assert geoparse_view(gold) is gold  # resolution with gold spans reads everything


# --- the invented wire articles ----------------------------------------------------------------


@pytest.fixture(scope="module")
def wire_articles():
    return {a.id: a for a in read_articles([WIRE]).articles}


def test_wire_articles_recognised_as_expected(wire_articles):
    assert set(wire_articles) == set(EXPECTED)
    for name, art in wire_articles.items():
        exp = EXPECTED[name]
        segs = find_boilerplate(art.text)
        assert [s.kind for s in segs] == exp["kinds"], name
        lines = {s.text for s in segs if s.kind != "tag"}
        want = exp["boilerplate_lines"] + exp["caption_lines"] + [x.strip() for x in exp["inline"]]
        for line in want:  # every expected line is inside a segment
            assert any(line in got for got in lines), (name, line)
        places = [art.text[a:b] for s in segs for a, b in credit_places(art.text, s)]
        assert places == exp["credit_places"], name


def test_wire_events_same_as_without_boilerplate(wire_articles, gazetteer):
    """Events of each noisy article equal those of its body and captions (lines cut by hand)."""
    for name, art in wire_articles.items():
        exp = EXPECTED[name]
        clean = "\n".join(x for x in art.text.split("\n") if x not in exp["boilerplate_lines"])
        for piece in exp["inline"]:
            clean = clean.replace(piece, "")
        got = []
        for a in (art, dataclasses.replace(art, text=clean)):
            res = geoparse_article(a, gazetteer=gazetteer)
            events = extract_events(a, res.toponyms, join=None)
            got.append(
                sorted(
                    (e.event_type, e.event_date, e.location.name if e.location else None)
                    for e in events
                )
            )
        assert got[0] == got[1], name


@pytest.fixture(scope="module")
def cli_outputs():
    from sitmap.cli import main

    runner = CliRunner()
    out = {}
    for cmd in ("geoparse", "events"):
        result = runner.invoke(main, [cmd, str(WIRE)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        out[cmd] = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return out


def test_cli_geoparse_on_wire_articles(cli_outputs):
    rows = {r["id"]: r for r in cli_outputs["geoparse"]}
    assert set(rows) == set(EXPECTED)
    for name, exp in EXPECTED.items():
        row = rows[name]
        names = {t["text"] for t in row["toponyms"]}
        assert not names & set(exp["not_toponyms"]), name
        credits = [t["text"] for t in row.get("credits", [])]
        assert set(credits) <= set(exp["credit_places"]), name
        assert len(credits) >= len(exp["credit_places"]) - 1, name  # a place may be unknown
        assert all(t["usage"] == "credit" for t in row.get("credits", [])), name
        kinds_out = [b["kind"] for b in row.get("boilerplate", ())]
        assert kinds_out == exp["kinds"], name
        for u in row["unresolved"]:
            assert u["text"] not in exp["not_toponyms"] or u["reason"].startswith("in a credit")


def test_cli_events_on_wire_articles(cli_outputs, wire_articles):
    events = cli_outputs["events"]
    assert len(events) >= len(EXPECTED)  # every article's story is still coded
    for ev in events:
        for src in ev["sources"]:
            name = src["document"]
            exp, text = EXPECTED[name], wire_articles[name].text
            for seg in find_boilerplate(text):
                if seg.kind != "tag":
                    assert not seg.start <= src["start"] < seg.end, (name, src["sentence"])
            assert ev["event_date"] not in exp["caption_dates"], (name, ev["event_date"])
            loc = ev["location"]["name"] if ev["location"] else None
            assert loc not in exp["not_toponyms"], (name, loc)  # credit-only and skipped places


def test_a_doc_of_the_original_text_adds_no_entities_from_blanked_lines(gazetteer, nlp):
    art = read_articles([WIRE / "01_torkham_reuters.txt"]).articles[0]
    res = geoparse_article(art, gazetteer=gazetteer, doc=nlp(art.text))
    for rec in (*res.toponyms, *res.unresolved):
        assert rec.text.strip() and rec.text == art.text[rec.start : rec.end]
    assert not {t.text for t in res.toponyms} & {"Islamabad", "Geneva"}
    assert {t.text for t in res.credits} == {"Kabul", "Islamabad", "Geneva"}
