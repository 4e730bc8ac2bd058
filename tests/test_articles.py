"""Tests for geo.articles: formats, encodings, headers, dates, bad input, the seed corpus."""

from __future__ import annotations

import codecs
import dataclasses
import inspect
import json
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.articles import (
    Article,
    DecodeError,
    ReadProblem,
    decode_bytes,
    find_text_date,
    guess_single_byte,
    html_to_text,
    iter_articles,
    looks_like_html,
    parse_article,
    parse_date,
    read_articles,
    split_header,
    text_sha256,
)
from geo.errors import InputError

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
DATA = Path(__file__).resolve().parent / "data" / "articles"

SEED_IDS = [
    "00_csto_assistance_tajikistan_chukchuk_asiaplus.txt",
    "01_russia_tajik_base_reservists_antiwar.txt",
    "02_lavrov_laos_201st_base_moscowtimes.txt",
    "03_taliban_two_thirds_afghan_tajik_border_moscowtimes.txt",
    "04_csto_ceasefire_tort_kocho_clash_frontierpost.txt",
]
SEED_DATES = ["2021-06-29", "2021-07-08", "2021-07-07", "2021-07-09", "2022-01-27"]

BODY = "Border guards clashed near Vorukh.\n\nTwo posts were hit on the Isfara river."
HEADER = "title: Clash near Vorukh\npublished: 2021-04-29\n\n"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def only(result_or_items) -> Article:
    articles = [a for a in result_or_items if isinstance(a, Article)]
    assert len(articles) == 1, articles
    return articles[0]


# -- the seed corpus ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds():
    return read_articles(SEEDS)


def test_seed_ids_dates_and_no_problems(seeds) -> None:
    assert seeds.problems == ()
    assert [a.id for a in seeds.articles] == SEED_IDS
    assert [a.published.isoformat() for a in seeds.articles] == SEED_DATES
    assert {a.published_source for a in seeds.articles} == {"metadata"}


def test_seed_bodies_match_gold_offsets(seeds, gold) -> None:
    for article in seeds.articles:
        entry = gold["files"][article.id]
        raw = article.path.read_text(encoding="utf-8")
        body = raw[entry["body_offset_in_file"] :]
        # Gold: the file from body_offset_in_file, whitespace-only lines at the ends removed.
        assert article.text == body.rstrip("\n")
        assert article.text == body[: len(article.text)]
        assert entry["toponyms"], article.id
        for top in entry["toponyms"]:
            assert article.text[top["start"] : top["end"]] == top["surface"], (article.id, top)


def test_seed_header_fields(seeds) -> None:
    by_id = seeds.by_id()
    a0 = by_id[SEED_IDS[0]]
    assert a0.title.startswith("CSTO to provide assistance") and "[" not in a0.title
    assert a0.url.startswith("https://www.asiaplustj.info/en/news/")
    assert a0.meta["source_file"] == "000_3c32ab74b212acf3.txt"
    assert a0.meta["published"].startswith("2021-06-29 [from the URL path")
    a2 = by_id[SEED_IDS[2]]
    assert a2.title.startswith("Russia ready to activate")
    assert a2.url is None  # "unknown [not found ...]"
    assert a2.text.startswith(" More than 1,000")  # leading space of the first line is kept
    for article in seeds.articles:
        assert article.sha256 == text_sha256(article.text)
        assert article.path.name == article.id


def test_seed_text_dates_ignore_urls(seeds) -> None:
    by_id = seeds.by_id()
    # 02 has a related-article URL with /2024/04/27/ and no date line.
    assert find_text_date(by_id[SEED_IDS[2]].text) is None
    assert find_text_date(by_id[SEED_IDS[3]].text) == (date(2021, 7, 9), "text")
    assert find_text_date(by_id[SEED_IDS[4]].text) == (date(2022, 1, 27), "dateline")


# -- fixtures directory ------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixtures():
    return read_articles(DATA)


def test_fixture_dir_order_and_problems(fixtures) -> None:
    assert [a.id for a in fixtures.articles] == [
        "a_keyvalue.txt",
        "b_front_matter.md",
        "c_colon_paragraph.txt",
        "d_dateline.txt",
        "e_hostile.html",
        "kg-001",
        "1",
        "5",
        "row-a",
        "1#2",
        "h_stamp.md",
    ]
    assert [(p.path.name, p.line) for p in fixtures.problems] == [
        ("f_records.jsonl", 4),
        ("f_records.jsonl", 5),
    ]
    assert "not JSON" in fixtures.problems[0].message
    assert "text" in fixtures.problems[1].message


def test_keyvalue_header(fixtures) -> None:
    a = fixtures.by_id()["a_keyvalue.txt"]
    assert a.title == "Border guards exchange fire near Vorukh"
    assert (a.outlet, a.author, a.language) == ("Example Wire", "Jane Roe", "en")
    assert a.url == "https://news.example.org/2021/04/29/border-guards-exchange-fire"
    assert (a.published, a.published_source) == (date(2021, 4, 29), "metadata")
    assert a.text.startswith("Border guards of Kyrgyzstan") and a.text.endswith("river.")
    assert a.meta["_encoding"] == "utf-8"


def test_yaml_front_matter(fixtures) -> None:
    a = fixtures.by_id()["b_front_matter.md"]
    assert a.title == "Ceasefire holds at Tort-Kocho: officials"
    assert a.meta["date"] == date(2022, 1, 28)
    assert a.meta["tags"] == ("kg", "tj", "border")
    assert (a.published, a.published_source) == (date(2022, 1, 28), "metadata")
    assert a.text.startswith("# Ceasefire holds")


def test_first_paragraph_with_colon_is_not_eaten(fixtures) -> None:
    a = fixtures.by_id()["c_colon_paragraph.txt"]
    assert a.text.startswith("MOSCOW: Russia said")
    assert "Note: the statement" in a.text
    assert not [k for k in a.meta if not k.startswith("_")]
    for text in (
        "Update: the ministry said two posts were hit.\n\nMore text.",
        "title: looks like a key\nbut this line is prose\n\nbody",
        "author: someone\n",  # no terminating blank line
    ):
        assert split_header(text).kind == "none"
        assert parse_article(text, id="x").text == text.strip("\n")


def test_dateline_not_urls_not_events(fixtures) -> None:
    a = fixtures.by_id()["d_dateline.txt"]
    assert (a.published, a.published_source) == (date(2021, 7, 5), "dateline")
    h = fixtures.by_id()["h_stamp.md"]
    assert (h.published, h.published_source) == (date(2021, 7, 9), "text")


def test_hostile_html(fixtures) -> None:
    a = fixtures.by_id()["e_hostile.html"]
    assert a.meta["_html"] is True
    assert a.title == "Taliban reach the Panj & Shir Khan Bandar"
    assert (a.published, a.published_source) == (date(2021, 6, 22), "metadata")
    assert a.language == "en"
    assert "Shir Khan Bandar, officials said <Tuesday>." in a.text
    for bad in ("alert", "cookie", "evil", "Frame text", "hidden comment", "not text", "<", "&"):
        assert bad not in a.text.replace("<Tuesday>", "").replace("& Shir", ""), bad


def test_html_inside_txt_is_stripped(tmp_path: Path) -> None:
    p = write(tmp_path / "x.txt", "title: T\n\n<p>Hello <b>world</b></p><script>evil()</script>\n")
    a = only(read_articles(p).articles)
    assert a.text == "Hello world" and a.meta["_html"] is True
    assert not looks_like_html("See <https://example.org/x> and a < b > c.")


def test_html_parser_never_executes_and_survives_garbage() -> None:
    for markup in (
        "<![CDATA[x",
        "<!",
        "</",
        "<a href='javascript:x'>y",
        "<script>",
        "&#xFFFFFFFF;",
    ):
        html_to_text(markup)


def test_jsonl_records(fixtures) -> None:
    by_id = fixtures.by_id()
    a = by_id["kg-001"]
    assert a.meta["spans"] == ((13, 21),)
    s, e = a.meta["spans"][0]
    assert a.text[s:e] == "Kok-Tash"
    assert a.path.name == "f_records.jsonl" and a.meta["_line"] == 1
    assert by_id["1"].url == "https://x.example/2"  # no id: 0-based line number
    five = by_id["5"]
    assert five.text == "Integer ids become strings.\nCRLF inside JSON strings is normalised."
    assert five.published == date(2021, 7, 9)


def test_csv_records(fixtures) -> None:
    by_id = fixtures.by_id()
    assert by_id["row-a"].published == date(2021, 7, 9)
    assert by_id["row-a"].outlet == "Wire"
    second = by_id["1#2"]  # row number 1 collides with the .jsonl line id "1"
    assert second.text == "Line one\nline two of the second row"
    assert second.meta["_duplicate_of"] == "1"
    assert second.meta["_line"] == 3


# -- encodings ---------------------------------------------------------------------------

SAMPLES = {
    "utf-8": "Столкновения у Ворух — Vorukh, Tajikistan.",
    "utf-8-sig": "Столкновения у Ворух — Vorukh.",
    "utf-16-le": "Столкновения у Ворух — Vorukh 🇹🇯.",
    "utf-16-be": "Столкновения у Ворух — Vorukh 🇰🇬.",
    "utf-32-le": "Ворух",
    "cp1251": "Пограничники Кыргызстана и Таджикистана открыли огонь у Ворух.",
    "cp1252": "Les gardes-frontières ont échangé des tirs près de Vorukh — très tôt.",
}


@pytest.mark.parametrize("codec", sorted(SAMPLES))
def test_every_encoding(tmp_path: Path, codec: str) -> None:
    text = SAMPLES[codec]
    data = text.encode(codec)
    boms = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
    boms["utf-32-le"] = codecs.BOM_UTF32_LE
    data = boms.get(codec, b"") + data
    assert decode_bytes(data) == (text, codec)
    a = only(read_articles(write(tmp_path / "a.txt", data)).articles)
    assert a.text == text and a.meta["_encoding"] == codec


def test_latin1_fallback_and_detector() -> None:
    raw = b"Le caf\xe9 est ferm\xe9 \x81 depuis hier soir."
    assert decode_bytes(raw) == (raw.decode("latin-1"), "latin-1")
    assert guess_single_byte("привет мир".encode("cp1251")) == "cp1251"
    assert guess_single_byte("naïve café".encode("cp1252")) == "cp1252"


def test_crlf_and_bom_keep_offsets(tmp_path: Path) -> None:
    lf = only(read_articles(write(tmp_path / "lf.txt", HEADER + BODY + "\n")).articles)
    crlf_bytes = codecs.BOM_UTF8 + (HEADER + BODY + "\n").replace("\n", "\r\n").encode()
    crlf = only(read_articles(write(tmp_path / "crlf.txt", crlf_bytes)).articles)
    cr = only(
        read_articles(write(tmp_path / "cr.txt", (HEADER + BODY).replace("\n", "\r"))).articles
    )
    assert lf.text == crlf.text == cr.text == BODY
    assert crlf.title == "Clash near Vorukh" and crlf.published == date(2021, 4, 29)
    assert "\r" not in crlf.text and crlf.sha256 == lf.sha256


def test_utf16_jsonl_and_cp1251_csv(tmp_path: Path) -> None:
    line = json.dumps({"id": "u16", "text": "Ворух\r\nIsfara"}, ensure_ascii=False) + "\r\n"
    j = write(tmp_path / "a.jsonl", codecs.BOM_UTF16_LE + line.encode("utf-16-le"))
    c = write(tmp_path / "b.csv", "id,text\nc1,Пограничники открыли огонь\n".encode("cp1251"))
    r = read_articles([j, c])
    assert r.problems == ()
    assert [(a.id, a.text) for a in r.articles] == [
        ("u16", "Ворух\nIsfara"),
        ("c1", "Пограничники открыли огонь"),
    ]
    assert r.articles[1].meta["_encoding"] == "cp1251"


# -- bad input ---------------------------------------------------------------------------


def test_every_bad_input_is_a_named_problem(tmp_path: Path) -> None:
    d = tmp_path / "corpus"
    good = write(d / "00_good.txt", HEADER + BODY)
    bad = {
        "empty.txt": b"",
        "blank.md": b"  \n\n \t\n",
        "bom_only.txt": codecs.BOM_UTF8,
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(100)),
        "controls.txt": bytes(range(1, 32)) * 3,
        "bad_bom.txt": codecs.BOM_UTF8 + b"caf\xe9",
        "bad_utf16.txt": codecs.BOM_UTF16_LE + b"a\x00\x00\xd8",  # lone surrogate
        "mixed_utf8.txt": "Душанбе и Ворух".encode() + b" \xff",
        "big.txt": b"x" * 300,
        "no_text_col.csv": b"id,title\n1,x\n",
        "empty.csv": b"",
        "empty.jsonl": b"",
        "binary.jsonl": b"\x00\x01\x02" * 10,
    }
    for name, data in bad.items():
        write(d / name, data)
    write(d / "lines.jsonl", '{"id": "ok", "text": "fine"}\n[1, 2]\n{"text": 3}\n{bad\n')
    write(d / "notes.pdf", b"%PDF-1.4")  # skipped inside a directory
    write(d / ".hidden.txt", "hidden")  # skipped: hidden
    unknown = write(tmp_path / "explicit.docx", b"PK")
    missing = tmp_path / "nope.txt"

    result = read_articles([d, unknown, missing, good], max_bytes=200)
    assert [a.id for a in result.articles] == ["00_good.txt", "ok"]  # good read once
    named = {(p.path.name, p.line) for p in result.problems}
    expected = {(name, None) for name in bad if name != "no_text_col.csv"}
    expected |= {("no_text_col.csv", 1), ("lines.jsonl", 2), ("lines.jsonl", 3)}
    expected |= {("lines.jsonl", 4), ("explicit.docx", None), ("nope.txt", None)}
    assert named == expected
    messages = {p.path.name: p.message for p in result.problems if p.line in (None, 1)}
    assert "binary" in messages["binary.txt"] and "binary" in messages["controls.txt"]
    assert "undecodable" in messages["bad_bom.txt"]
    assert "undecodable" in messages["bad_utf16.txt"]
    assert "undecodable" in messages["mixed_utf8.txt"]
    assert "too large" in messages["big.txt"]
    assert "empty" in messages["empty.txt"] and "no article text" in messages["blank.md"]
    assert "unsupported" in messages["explicit.docx"]
    assert "no such file" in messages["nope.txt"]
    for p in result.problems:
        assert isinstance(p, ReadProblem) and str(p).startswith(str(p.path))


def test_record_level_size_limit(tmp_path: Path) -> None:
    j = write(tmp_path / "a.jsonl", json.dumps({"text": "y" * 500}) + "\n" + '{"text": "ok"}\n')
    c = write(tmp_path / "b.csv", "text\n" + "z" * 500 + "\nsmall\n")
    r = read_articles([j, c], max_bytes=100)
    assert [(a.id, a.text) for a in r.articles] == [("1", "ok"), ("1#2", "small")]
    assert [(p.path.name, p.line) for p in r.problems] == [("a.jsonl", 1), ("b.csv", 2)]


def test_bad_max_bytes_raises() -> None:
    with pytest.raises(InputError):
        read_articles([], max_bytes=0)


def test_decode_error_is_input_error() -> None:
    with pytest.raises(InputError):
        decode_bytes(b"")
    assert issubclass(DecodeError, InputError)


# -- ids, order, streaming ---------------------------------------------------------------


def test_duplicate_ids_get_deterministic_suffix(tmp_path: Path) -> None:
    for sub in ("x", "y", "z"):
        write(tmp_path / sub / "same.txt", f"{sub} text")
    r = read_articles([tmp_path / "z", tmp_path / "x", tmp_path / "y"])
    assert [(a.id, a.text) for a in r.articles] == [
        ("same.txt", "z text"),
        ("same.txt#2", "x text"),
        ("same.txt#3", "y text"),
    ]
    assert r.articles[2].meta["_duplicate_of"] == "same.txt"
    assert r == read_articles([tmp_path / "z", tmp_path / "x", tmp_path / "y"])


def test_recursive_sorted_order(tmp_path: Path) -> None:
    for rel in ("b.txt", "a/z.txt", "a/b/c.md", "c.jsonl"):
        write(tmp_path / rel, '{"text": "j"}' if rel.endswith("jsonl") else rel)
    r = read_articles(str(tmp_path))
    assert [str(a.path.relative_to(tmp_path)) for a in r.articles] == [
        "a/b/c.md",
        "a/z.txt",
        "b.txt",
        "c.jsonl",
    ]


def test_iter_articles_streams(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "one")
    write(tmp_path / "b.jsonl", '{"text": "two"}\nnope\n')
    it = iter_articles(tmp_path)
    assert inspect.isgenerator(it)
    first = next(it)
    assert isinstance(first, Article) and first.text == "one"
    rest = list(it)
    assert [type(x).__name__ for x in rest] == ["Article", "ReadProblem"]


def test_article_is_frozen_and_hashable() -> None:
    a = parse_article(HEADER + BODY, id="x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.text = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        a.meta["title"] = "changed"  # type: ignore[index]
    assert hash(a) == hash(parse_article(HEADER + BODY, id="x"))
    assert a.sha256 == text_sha256(BODY)


# -- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-07-09", date(2021, 7, 9)),
        ("2021-07-09T10:00:00+03:00", date(2021, 7, 9)),
        ("2021/07/09", date(2021, 7, 9)),
        ("09.07.2021", date(2021, 7, 9)),
        ("July 9, 2021", date(2021, 7, 9)),
        ("Jul. 09 2021", date(2021, 7, 9)),
        ("9 July 2021", date(2021, 7, 9)),
        ("Friday, July 9th, 2021", date(2021, 7, 9)),
        ("Fri, 09 Jul 2021 10:00:00 GMT", date(2021, 7, 9)),
        ("27 января 2022 г.", date(2022, 1, 27)),
        ("25/12/2021", date(2021, 12, 25)),
        ("2021-07-07 (inferred: said Wednesday)", date(2021, 7, 7)),
        (date(2021, 7, 9), date(2021, 7, 9)),
        ("03/04/2021", None),  # ambiguous
        ("July 9", None),  # no year
        ("2021-02-30", None),
        ("20210709x", None),
        ("unknown", None),
        (None, None),
        (20210709, None),
    ],
)
def test_parse_date(value, expected) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (" date 2022-01-27 MOSCOW (RIA Novosti): CSTO said", (date(2022, 1, 27), "dateline")),
        ("DUSHANBE, July 9, 2021 (Reuters) - Troops fled.", (date(2021, 7, 9), "dateline")),
        ("Headline\n\nPublished: 9 July 2021 10:15\n\nText.", (date(2021, 7, 9), "text")),
        ("DUSHANBE, June 29 (Reuters) - no year here.", None),
        ("MOSCOW (TASS): On July 7, 2021 the Taliban took a crossing.", None),
        ("See https://x.example/2021/07/09/story and www.y.example/2021-07-09 now.", None),
        ("The Taliban on 9 July 2021 seized the Shir Khan Bandar crossing near Kunduz.", None),
        ("L1\n\nL2\n\nL3\n\nL4\n\nL5\n\nL6\n\nJuly 09, 2021", None),  # too far down
    ],
)
def test_find_text_date(body, expected) -> None:
    assert find_text_date(body) == expected


def test_metadata_date_wins_over_text() -> None:
    a = parse_article("date: 2021-07-10\n\nDUSHANBE, July 9, 2021 (Reuters) - X.", id="x")
    assert (a.published, a.published_source) == (date(2021, 7, 10), "metadata")
    b = parse_article("date: unknown\n\nNo date anywhere.", id="y")
    assert (b.published, b.published_source) == (None, None)


# -- property tests ----------------------------------------------------------------------

_TEXT_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
_PLAIN = st.text(st.one_of(_TEXT_CHARS, st.sampled_from("\n\t ")), min_size=1, max_size=200)
_CYR = "абвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
_WORD_CYR = st.text(st.sampled_from(_CYR), min_size=2, max_size=12)
_WORD_ASCII = st.text(st.sampled_from("abcdefXYZ0123-.,"), min_size=1, max_size=8)
_ACCENTED = "àáâäçèéêëìíîïñòóôöùúûüÀÉÖÜß"


@st.composite
def _latin_word(draw: st.DrawFn) -> str:
    # Accented letters sit between ASCII letters, as in Western European text.
    parts = draw(st.lists(st.tuples(st.sampled_from("rtnslm"), st.sampled_from(_ACCENTED))))
    return "".join(a + b for a, b in parts) + draw(st.sampled_from("aeiou"))


@given(text=_PLAIN, codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_unicode_round_trip(text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec))[0] == text


@settings(max_examples=50)
@given(words=st.lists(st.one_of(_WORD_CYR, _WORD_ASCII), min_size=1), first=_WORD_CYR)
def test_cp1251_round_trip(words: list[str], first: str) -> None:
    text = " ".join([first, *words])
    assert decode_bytes(text.encode("cp1251")) == (text, "cp1251")


@settings(max_examples=50)
@given(words=st.lists(st.one_of(_latin_word(), _WORD_ASCII), min_size=1))
def test_cp1252_round_trip(words: list[str]) -> None:
    text = " ".join(words)
    assert decode_bytes(text.encode("cp1252"))[0] == text


@given(text=st.text(max_size=300))
def test_split_header_never_raises_and_keeps_offsets(text: str) -> None:
    h = split_header(text)
    assert text[h.offset : h.offset + len(h.body)] == h.body
    if h.body:
        assert h.body.split("\n")[0].strip() and h.body.split("\n")[-1].strip()


@given(
    text=st.text(
        st.one_of(st.sampled_from("-:\n []#&*{}\"'"), st.characters(max_codepoint=0x7F)),
        max_size=200,
    )
)
def test_header_like_input_never_raises(text: str) -> None:
    for candidate in (text, "---\n" + text + "\n---\n\nbody", "title: t\n" + text):
        h = split_header(candidate)
        assert candidate[h.offset : h.offset + len(h.body)] == h.body
        parse_date(candidate)
        find_text_date(candidate)


_BODY_LINE = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="<\ufeff"),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    lines=st.lists(st.one_of(_BODY_LINE, st.just("")), min_size=1, max_size=6),
    codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_file_offsets_preserved(lines: list[str], codec: str, newline: str) -> None:
    body = "\n".join(["first line", *lines, "last line"])
    content = (HEADER + body + "\n").replace("\n", newline)
    with tempfile.TemporaryDirectory() as tmp:
        path = write(Path(tmp) / "p.txt", content.encode(codec))
        result = read_articles(path)
    assert result.problems == ()
    a = only(result.articles)
    assert a.text == body
    i = a.text.index("last line")
    assert a.text[i : i + 9] == "last line"
