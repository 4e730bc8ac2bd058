"""The gazetteer file layout: columns read back exactly, names found by bisection, little held."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.gazetteer import Gazetteer, store
from geo.gazetteer.core import data_of
from geo.gazetteer.layout import SAMPLE, Layout, SortedText, Text, open_layout, pack
from geo.model import Place

PLACES = [
    Place("adm0:TJ", "Tajikistan", 39.0, 71.0, "TJ", "country", population=9_000_000),
    Place("gn:1", "Isfara", 40.13, 70.63, "TJ", "populated_place", admin1="Sughd",
          population=40_000),
    Place("gn:2", "Vorukh", 39.85, 70.58, "TJ", "village", admin1="Sughd", geonameid=2),
    Place("gn:3", "Osh", 40.53, 72.8, "KG", "populated_place", population=250_000,
          alt_names=("Ош",)),
    Place("cur:tk", "Tört-Köchö", 39.95, 70.53, "KG", "village", source="curated",
          accuracy="approximate", alt_names=("Tort-Kocho", "Торт-Кочо")),
]  # fmt: skip


def _answers(gaz: Gazetteer) -> list[object]:
    out: list[object] = []
    for query in ("Isfara", "Osh", "Ош", "Tort Kocho", "Isfarra", "Vorukh village", "Nowhere"):
        out.append([(c.place, c.score, c.matched_name, c.match) for c in gaz.lookup(query)])
    out.append(gaz.suggest("Tajikstan"))
    out.append([(p, round(km, 6)) for p, km in gaz.nearest(40.0, 70.6, k=3)])
    out.append(sorted(gaz.iter_names(country_codes=["KG"])))
    return out


def test_a_file_gives_the_answers_of_the_gazetteer_in_memory(tmp_path: Path) -> None:
    path = store.cache_path(tmp_path, "0123456789abcdef")
    store.write_cache(path, "0123456789abcdef", data_of(PLACES))
    from_file = Gazetteer(open_layout(path))
    in_memory = Gazetteer.from_places(PLACES)
    assert _answers(from_file) == _answers(in_memory)
    assert (
        from_file.get("gn:2").geonameid == 2 and from_file.get("cur:tk").accuracy == "approximate"
    )
    assert from_file.has_name("tort kocho") and not from_file.has_name("tort")
    assert from_file.max_name_words == 2 and from_file.stats["places"] == len(PLACES)


def test_gazetteers_pickle_both_ways(tmp_path: Path) -> None:
    path = store.cache_path(tmp_path, "0123456789abcdef")
    store.write_cache(path, "0123456789abcdef", data_of(PLACES))
    for gaz in (Gazetteer(open_layout(path)), Gazetteer.from_places(PLACES)):
        again = pickle.loads(pickle.dumps(gaz))
        assert _answers(again) == _answers(gaz)


def test_a_lookup_reads_rows_not_columns(tmp_path: Path) -> None:
    path = store.cache_path(tmp_path, "0123456789abcdef")
    store.write_cache(path, "0123456789abcdef", data_of(PLACES))
    gaz = Gazetteer(open_layout(path))
    gaz.lookup("Osh", fuzzy=False)
    # only the small columns the ranking loop needs (and the offsets of the names it
    # searches) are read whole; names, ids and the per-place columns one row at a time
    assert set(gaz._layout._whole) <= {
        "post_starts", "post_rows", "prior", "country_codes", "feature",
        "keys@starts", "displays@starts",
    }  # fmt: skip


def test_a_truncated_or_foreign_file_is_refused(tmp_path: Path) -> None:
    blob = pack(data_of(PLACES), "k")
    with pytest.raises(ValueError):
        Layout(b"PK\x03\x04" + blob[4:])
    cut = tmp_path / "cut.gaz"
    cut.write_bytes(blob[: len(blob) // 2])
    with pytest.raises(ValueError, match="outside the file"):
        open_layout(cut)


_words = st.lists(st.text(alphabet="abcz -", min_size=1, max_size=6), max_size=200, unique=True)


@settings(max_examples=60, deadline=None)
@given(words=_words, probes=st.lists(st.text(alphabet="abcz -é", max_size=6), max_size=20))
def test_sorted_text_finds_exactly_the_members(words: list[str], probes: list[str]) -> None:
    words = sorted(words)
    found = SortedText(Text.of(words), words[::SAMPLE])
    for i, word in enumerate(words):
        assert found.find(word) == i
    for probe in probes:
        assert found.find(probe) == (words.index(probe) if probe in words else None)


@settings(max_examples=40, deadline=None)
@given(items=st.lists(st.text(st.characters(blacklist_characters="\n"), max_size=8), max_size=50))
def test_text_round_trips(items: list[str]) -> None:
    text = Text.of(items)
    assert list(text) == items and [text[i] for i in range(len(items))] == items
    assert text.slice(1, len(items)) == items[1:]
