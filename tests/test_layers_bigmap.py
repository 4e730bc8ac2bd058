"""Big maps (#15): the fast paths give what the plain ones gave, value for value."""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, MultiLineString, Point, mapping

from geo.control import _actions_matcher, actions_of, load_actions, sentence_actions
from geo.situation import Count, Event, EventLocation, Situation, SourceRef
from layers.base import (
    _PLACES_MEMO,
    core_extent,
    event_places,
    places_remembered,
    situation_dyads,
)
from layers.map import LINE_DIGITS, _round, build_map, render_html, round_like_python, to_columns


def _event(i: int, sentence: str = "Shelling at Vorukh.", actor: str = "Army", **loc) -> Event:
    where = {"name": f"P{i}", "lat": 39.8, "lon": 70.5, "precision": 1, **loc}
    src = SourceRef(document=f"d{i}", sentence=sentence, start=0, end=len(sentence))
    return Event(
        id=f"e{i}",
        event_type="armed_clash",
        event_date=date(2022, 1, 27),
        time_precision=1,
        location=EventLocation(**where),
        actor1=actor,
        sources=(src,),
    )


def test_template_syntax_in_article_text_is_written_as_it_is():
    # the small map's inline JSON once went through Jinja again: "{{ 7*7 }}" became 49,
    # and an unbalanced "{%" stopped the build
    ev = _event(1, sentence="He said {% if x and {{ 7*7 }} {# no", actor="{{ 6*7 }} Brigade")
    html = render_html(build_map(Situation(events=(ev,)), boundaries=None))
    assert "{{ 6*7 }} Brigade" in html
    assert "He said {% if x and {{ 7*7 }} {# no" in html
    assert "42 Brigade" not in html


@settings(max_examples=200)
@given(st.lists(st.floats(-180, 180, allow_nan=False), min_size=1, max_size=50))
def test_round_like_python(values):
    halves = [round(v, 4) + 0.00005 for v in values]  # the ties numpy gets wrong
    arr = np.array(values + halves, dtype=float).reshape(-1, 1)
    assert round_like_python(arr, 4).ravel().tolist() == [round(v, 4) for v in values + halves]


def test_line_columns_match_the_geojson_of_each_line():
    lines = [
        LineString([(70.123456, 39.000051), (70.5, 39.25), (71.000049999, 40.1)]),
        MultiLineString([[(1.23456, 2.0), (3.0, 4.00005)], [(5.0, 6.0), (7.0, 8.0)]]),
        Point(1.0, 2.0),
        None,
        LineString([(-179.99995, 10.00005), (179.99995, -10.00005)]),
    ]
    gdf = gpd.GeoDataFrame({"kind": list("abcde")}, geometry=lines)
    geom = to_columns(gdf, ("kind",))["geom"]
    for i in (0, 1, 4):
        g = mapping(lines[i])
        assert geom[i] == {"type": g["type"], "coordinates": _round(g["coordinates"], LINE_DIGITS)}
    assert geom[2] == [1.0, 2.0] and geom[3] is None


PHRASES = [phrase for phrase, _ in load_actions()]


@settings(max_examples=300)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(PHRASES),
            st.sampled_from(["the", "army", "town", ".", ",", "Re", "took", "-", "won't", "d"]),
            st.text(alphabet="abcdeinortw RW.,'", max_size=8),
        ),
        max_size=12,
    ),
    st.sampled_from([" ", "", "-"]),
)
def test_sentence_actions_as_the_whole_pattern_finds_them(words, sep):
    sentence = sep.join(w.upper() if i % 3 == 0 else w for i, w in enumerate(words))
    pattern, action_of, firsts = _actions_matcher()
    assert firsts is not None
    plain = frozenset(action_of[m.group(0)] for m in pattern.finditer(sentence.lower()))
    assert sentence_actions(sentence) == plain


@settings(max_examples=200)
@given(
    st.lists(
        st.lists(
            st.one_of(
                st.sampled_from(PHRASES),
                st.sampled_from(["the", "army", "İ", "Σ", "\x00", "took", "won't", "K"]),
                st.text(alphabet="abcdeinortw RWİ.,'\x00", max_size=8),
            ),
            max_size=8,
        ).map(" ".join),
        max_size=12,
    )
)
def test_actions_in_bulk_are_each_sentences_own(sentences):
    # one search per first word over all sentences joined (letters that lowercase to two
    # characters, separators inside a sentence) gives what each sentence gives alone
    found = actions_of(sentences)
    assert list(found) == list(dict.fromkeys(sentences))
    assert all(found[s] == sentence_actions(s) for s in sentences)


def test_event_places_one_pass_and_per_situation():
    with places_remembered():
        _event_places_per_situation()
    _event_places_per_situation()
    assert not _PLACES_MEMO  # nothing (no situation) is held after a build


def _event_places_per_situation():
    a = Situation(events=(_event(1, country_code="TJ", border="tjk-kgz"), _event(2, lat=None)))
    b = Situation(events=(_event(3, country_code="AF", border="AFG–TJK", precision=None),))
    assert event_places(a).points == [(70.5, 39.8, 1)]
    assert situation_dyads(a) == {"KGZ–TJK"} and event_places(a).countries == {"TJ"}
    assert event_places(b).points == [(70.5, 39.8, 3)]  # precision unknown: a region
    assert situation_dyads(b) == {"AFG–TJK"}
    assert situation_dyads(a) == {"KGZ–TJK"}  # the memo follows the situation asked about


def _core_extent_plain(points, spread=10.0):
    pts = [(float(x), float(y), int(p or 3)) for x, y, p in points]
    if not pts:
        return None
    precise = [(x, y) for x, y, p in pts if p <= 2]
    xy = precise or [(x, y) for x, y, _ in pts]
    xs, ys = sorted(x for x, _ in xy), sorted(y for _, y in xy)
    mx, my = xs[(len(xs) - 1) // 2], ys[(len(ys) - 1) // 2]
    core = [(x, y) for x, y in xy if abs(x - mx) <= spread and abs(y - my) <= spread] or [(mx, my)]
    xs, ys = [x for x, _ in core], [y for _, y in core]
    return (min(xs), min(ys), max(xs), max(ys))


@given(
    st.lists(
        st.tuples(
            st.floats(-180, 180, allow_nan=False),
            st.floats(-90, 90, allow_nan=False),
            st.sampled_from([None, 1, 2, 3]),
        ),
        max_size=30,
    ),
    st.sampled_from([0.5, 10.0]),
)
def test_core_extent_as_before(points, spread):
    assert core_extent(points, spread) == _core_extent_plain(points, spread)


def _varied_events() -> list[Event]:
    """Events covering every popup field: claims, movements, counts, borders, no location."""
    from geo.situation import Count
    from tests.test_layers_build import load_fixture

    fx = load_fixture()
    events = list(fx.make_situation().events) + list(fx.make_large_situation(150).events)
    src = SourceRef(document="dz", sentence="<b>x</b>", start=0, end=8, url="javascript:1")
    loc = EventLocation(name="Kunduz", lat=36.7, lon=68.9, precision=1, admin2="Kunduz",
                        admin1="Kunduz", country_code="AF", border="AFG–TJK",
                        border_distance_km=12.345)  # fmt: skip
    events += [
        Event(id="z1", event_type="armed_clash", event_date=None, time_precision=2,
              location=loc, actor2="<M23>", sub_event_type="shelling",
              counts={"killed": (Count(None, "dozens", "dozens", None),)}, sources=(src,)),
        Event(id="z2", event_type="displacement", event_date=date(2022, 1, 1), time_precision=3,
              location=None, destination=loc, confidence=0.125, sources=(src, src)),
    ]  # fmt: skip
    return events


def test_popup_columns_equal_the_popup_of_each_event():
    from layers.base import event_title
    from layers.popups import popup_table
    from layers.text import POPUP_FIELDS, place_names, popup_values

    events = _varied_events()
    assert any(e.claim is not None for e in events) and any(e.origin for e in events)
    ids = [e.id for e in reversed(events)] + ["unknown"]
    table, sources, rows = popup_table(Situation(events=tuple(events)), ids)
    by_id = {e.id: e for e in events}
    assert list(rows) == [i for i in dict.fromkeys(ids) if i in by_id]
    assert list(table) == [*POPUP_FIELDS, "names", "src"]
    for event_id, row in rows.items():
        event = by_id[event_id]
        want = (*popup_values(event, event_title(event)), place_names(event))
        got = tuple(table[k][row] for k in (*POPUP_FIELDS, "names"))
        assert got == want, event_id
        texts = [sources["text"][s] for s in table["src"][row]]
        assert texts == [s.sentence for s in event.sources]


def test_constant_columns_are_shipped_once():
    from layers.map import coded

    assert coded(["reported"] * 70) == {"k": ["reported"], "n": 70}
    assert coded([None] * 70) == {"k": [None], "n": 70}
    mixed = coded(["a"] * 69 + [None])
    assert [mixed["k"][i] for i in mixed["i"]] == ["a"] * 69 + [None]
    assert coded([1] * 70) == [1] * 70  # numbers stay as they are


@settings(max_examples=100)
@given(
    st.integers(1, 40).flatmap(
        lambda k: st.lists(st.sampled_from([None, *(f"v{i}" for i in range(k))]), max_size=400)
    )
)
def test_coded_reads_back_and_codes_only_few_distinct_strings(values):
    from layers.map import coded

    got = coded(list(values))
    if isinstance(got, dict):
        plain = [got["k"][0]] * got["n"] if "n" in got else [got["k"][i] for i in got["i"]]
        assert plain == values
    else:
        assert got == values
    few = len(values) >= 64 and len(set(values)) * 16 <= len(values)
    assert isinstance(got, dict) == few


_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.dictionaries(st.text(max_size=5) | st.integers(-9, 9), inner, max_size=5)
    ),
    max_leaves=30,
)


@settings(max_examples=300)
@given(_json_values)
def test_json_text_reads_back_as_the_standard_library_writes_it(value):
    # orjson writes the packed config: the same value as json.dumps, and the same text
    # but for floats below 1e-4 (no exponent) -- the big map's config is byte-identical
    import json

    from layers.controls import json_text

    plain = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    try:
        plain.encode()
    except UnicodeEncodeError:  # a lone surrogate: not text any page could get
        return
    fast = json_text(value)
    assert json.loads(fast) == json.loads(plain)
    if not any(0 < abs(v) < 1e-4 for v in _floats(value)):
        assert fast == plain


def _floats(value):
    if isinstance(value, float):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _floats(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _floats(v)


def test_basemap_frames_from_the_cache_equal_the_document(tmp_path, caplog):
    from geopandas.testing import assert_geodataframe_equal

    from layers import basemap

    made = basemap.frames_cached(tmp_path)  # derived from the document and written
    (path,) = tmp_path.glob("basemap-*.parquet")
    read = basemap.frames_cached(tmp_path)  # read back
    plain = basemap.frames_from_document(basemap.load_basemap())
    assert list(made) == list(read) == list(plain) == list(basemap.LAYERS)
    for name, frame in plain.items():
        for got in (made[name], read[name]):
            assert_geodataframe_equal(got, frame)
            assert got.geometry.to_wkb().tolist() == frame.geometry.to_wkb().tolist()
    path.write_bytes(b"not parquet")  # a damaged cache is rebuilt, with a warning
    again = basemap.frames_cached(tmp_path)
    assert "unreadable" in caplog.text
    assert_geodataframe_equal(again["countries"], plain["countries"])


def _linked_pairs_clusters(points, link_km):
    # single linkage by brute force over every pair (the chord of link_km on the unit sphere)
    import math

    from layers.view import EARTH_KM, _unit_vectors

    arr = np.asarray(points, dtype=float).reshape(len(points), 2)
    xyz = _unit_vectors(arr[:, 0], arr[:, 1])
    chord = 2.0 * math.sin(min(math.pi, link_km / EARTH_KM) / 2.0)
    close = np.sqrt(((xyz[:, None, :] - xyz[None, :, :]) ** 2).sum(axis=2)) < chord
    parent = list(range(len(points)))

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in zip(*np.nonzero(close), strict=True):
        ri, rj = find(int(i)), find(int(j))
        parent[max(ri, rj)] = min(ri, rj)
    groups = {}
    for i in range(len(points)):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


_clumps = st.lists(
    st.tuples(st.floats(-179, 179), st.floats(-70, 70), st.floats(0.01, 8), st.integers(1, 40)),
    min_size=1,
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(_clumps, st.integers(0, 2**31 - 1), st.sampled_from([50.0, 400.0, 1500.0]))
def test_clusters_are_single_linkage_whether_a_witness_or_the_tree_links_cells(clumps, seed, km):
    # dense clumps link through a witness pair, sparse ones through the k-d tree: the groups
    # are those of single linkage over every pair
    from layers.view import clusters

    rng = np.random.default_rng(seed)
    points = [
        (float(np.clip(x + dx, -180, 180)), float(np.clip(y + dy, -85, 85)))
        for x, y, spread, n in clumps
        for dx, dy in rng.normal(0, spread, size=(n, 2))
    ]
    assert clusters(points, km) == _linked_pairs_clusters(points, km)


@settings(max_examples=300)
@given(
    st.dictionaries(
        st.sampled_from(["killed", "injured", "people"]),
        st.one_of(
            st.tuples(st.one_of(st.integers(-5, 10**6), st.booleans(), st.floats(-1, 1e6))),
            st.lists(st.integers(-5, 10**6), max_size=3),
            st.tuples(st.builds(Count, st.one_of(st.none(), st.integers(-5, 10**6)))),
        ),
        max_size=2,
    )
)
def test_count_total_fast_path_is_the_general_one(counts):
    from layers import style

    best = 0  # the general rule, written out
    for value in counts.values():
        for item in value if isinstance(value, (list, tuple)) else (value,):
            number = getattr(item, "value", item)
            if isinstance(number, (int, float)) and number > best:
                best = int(number)
    got = style.count_total(counts)
    assert got == best and type(got) is int
