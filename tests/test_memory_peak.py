"""What the exports and the map hold at their peak does not grow with the layer (#15).

tracemalloc counts the bytes Python allocates while a writer runs, above what was
held before it started; a writer that held every feature as a dict, or the whole
file as one string, would peak about ten times higher for ten times the features.
"""

from __future__ import annotations

import gc
import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from geo.acled import (
    ACLED_COLUMNS,
    EXTRA_COLUMNS,
    INTEGER_COLUMNS,
    NO_COUNTRY_PREFIX,
    acled_frame,
    acled_row,
)
from geo.situation import Event
from layers.controls import SituationLayers, json_chunks, json_fragment, json_text
from layers.exports import feature_collection, write_geojson, write_geojson_layers


def _frame(n: int) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "name": [f'Place «{i}» "quoted"' for i in range(n)],
            "popup": ["<b>map only</b>"] * n,
            "mentions": list(range(n)),
            "share": [i / 7 for i in range(n)],
            "note": [None if i % 3 else "é\n<x>" for i in range(n)],
        },
        geometry=[Point(60 + i * 1e-4, 35 + (i % 97) * 1e-3) for i in range(n)],
        crs="EPSG:4326",
    )


def _peak(run: Callable[[], object]) -> int:
    """Bytes allocated at the peak of ``run()`` above what was held when it started."""
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        run()
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


def test_geojson_export_is_the_text_json_dumps_gives(tmp_path: Path) -> None:
    gdf = _frame(50)
    path = write_geojson(gdf, tmp_path / "a.geojson")
    whole = json.dumps(
        feature_collection(gdf), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    assert path.read_text(encoding="utf-8") == whole + "\n"
    empty = write_geojson(_frame(0), tmp_path / "e.geojson").read_text(encoding="utf-8")
    assert json.loads(empty) == {"type": "FeatureCollection", "features": []}
    both = write_geojson_layers({"a": gdf, "b": _frame(3)}, tmp_path / "b.geojson")
    features = json.loads(both.read_text(encoding="utf-8"))["features"]
    assert [f["properties"]["layer"] for f in features] == ["a"] * 50 + ["b"] * 3


def test_geojson_export_peak_does_not_grow_with_the_layer(tmp_path: Path) -> None:
    small, big = _frame(1_000), _frame(10_000)
    write_geojson(small, tmp_path / "warm.geojson")  # imports and caches outside the figures
    peak_small = _peak(lambda: write_geojson(small, tmp_path / "small.geojson"))
    peak_big = _peak(lambda: write_geojson(big, tmp_path / "big.geojson"))
    size_big = (tmp_path / "big.geojson").stat().st_size
    # the whole text alone (held before) would be size_big bytes, its dicts several times that
    assert peak_big < size_big / 2
    assert peak_big < 1.5 * peak_small


def test_map_config_fragment_is_the_same_json() -> None:
    features = {"type": "FeatureCollection", "features": [{"a": i, "b": "é"} for i in range(500)]}
    config = {"layers": [{"name": "x", "features": features}], "n": 1}
    packed = {"layers": [{"name": "x", "features": json_fragment(features)}], "n": 1}
    assert "".join(json_chunks(packed)) == "".join(json_chunks(config)) == json_text(config)


def test_packed_config_depends_on_its_json_text_alone() -> None:
    """Layers held as JSON text pack to the same bytes as layers held as dicts."""
    features = {
        "type": "FeatureCollection",
        "features": [{"p": [i, i / 3], "q": f"«{i}»"} for i in range(3_000)],
    }
    as_dicts = {"layers": [{"name": "x", "features": features}], "t": "é"}
    as_text = {"layers": [{"name": "x", "features": json_fragment(features)}], "t": "é"}
    packed = SituationLayers(as_dicts, pack_above=1_000).packed
    assert packed is not None
    assert SituationLayers(as_text, pack_above=1_000).packed == packed


def test_packing_a_config_does_not_hold_a_whole_column_as_text() -> None:
    """The popup table's columns are packed a slice at a time (#15: the map's peak).

    Before, each column became one JSON string, then its UTF-8 bytes, then a copy in
    the compressor's pending buffer: about six times the config's text at the peak.
    """
    n = 100_000
    sentences = [f"Clashes at post «{i}» – the border guards said {i * 7}." for i in range(n)]
    config = {"events": {"src": sentences, "n": list(range(n))}, "title": "é"}
    text = json_text(config).encode()
    peak = _peak(lambda: SituationLayers(config, pack_above=1_000))
    # what is left is the packed output (gzip, then base64) and one block of text
    assert peak < len(text)
    # the same bytes as packing the whole text at once
    whole = {"events": {"src": json_fragment(sentences), "n": json_fragment(list(range(n)))}}
    whole["title"] = "é"
    assert SituationLayers(config, pack_above=1_000).packed == (
        SituationLayers(whole, pack_above=1_000).packed
    )


def test_unresolved_table_is_the_frame_of_one_dict_per_mention() -> None:
    import pandas as pd

    from geo.situation import ArticleInfo, Situation, Unresolved
    from layers.exports import unresolved_table

    def by_rows(situation: Situation) -> pd.DataFrame:  # how the table was made before
        articles = {a.id: a for a in situation.articles}
        rows = [
            {
                "document": u.document,
                "start": u.start,
                "end": u.end,
                "text": u.text,
                "reason": u.reason,
                "url": articles[u.document].url if u.document in articles else None,
            }
            for u in situation.unresolved
        ]
        frame = pd.DataFrame(rows, columns=["document", "start", "end", "text", "reason", "url"])
        return frame.astype({"start": "Int64", "end": "Int64"})

    mentions = (
        Unresolved("a", 0, 5, "Xland", "not_found"),
        Unresolved("b", 7, 9, "=Y", "ambiguous: 2"),
        Unresolved("gone", 1, 2, "Z", "not_found"),
    )
    articles = (ArticleInfo("a", url="https://example.org/a"), ArticleInfo("b"))
    for situation in (
        Situation(),
        Situation(articles=articles, unresolved=mentions),
        Situation(articles=articles[1:], unresolved=mentions[1:]),
    ):
        pd.testing.assert_frame_equal(unresolved_table(situation), by_rows(situation))


def _events(n: int, sources: int = 8) -> list[Event]:
    """``n`` merged events, each told by ``sources`` articles of a long sentence."""
    from datetime import date

    from geo.situation import Count, EventLocation, SourceRef

    places = [
        EventLocation("Tort-Kocho", 39.95, 70.53, 1, "KG", "Batken", None, "KGZ–TJK", 0.4),
        EventLocation("On the border", None, None, 4, None, None, None, "KGZ–TJK", None),
        None,
    ]
    kinds = ["armed_clash", "capture", "deployment", "control_claim"]
    out = []
    for i in range(n):
        refs = tuple(
            SourceRef(
                f"doc{i}-{k}.txt",
                f"Shelling near the post «{i}» went on for hours; {k} soldiers were hurt. " * 7,
                0,
                10,
                date(2022, 1, 1 + i % 28) if k % 3 else None,
                None if k % 2 else f"https://example.org/{i}/{k}",
                "Outlet" if k % 4 else None,
            )
            for k in range(sources)
        )
        counts = {"killed": (Count(i % 5, f"{i % 5}", f"doc{i}-0.txt"),)} if i % 2 else {}
        out.append(
            Event(
                f"ev{i:06d}",
                kinds[i % len(kinds)],
                date(2022, 1 + i % 12, 1 + i % 28) if i % 7 else None,
                1 + i % 3,
                places[i % len(places)],
                actor1="Military Forces of Kyrgyzstan" if i % 3 else None,
                actor2="Military Forces of Tajikistan" if i % 5 else None,
                counts=counts,
                sources=refs,
            )
        )
    return out


def acled_frame_by_rows(events: list[Event]) -> pd.DataFrame:
    """The events table made the plain way, one :func:`acled_row` dict per event (the oracle)."""
    running: dict[str, int] = {}
    rows = []
    for ev in sorted(
        events, key=lambda e: (e.event_date.isoformat() if e.event_date else "", e.id)
    ):
        row = acled_row(ev)
        prefix = str(row.pop("_alpha3") or NO_COUNTRY_PREFIX)
        running[prefix] = running.get(prefix, 0) + 1
        row["event_id_cnty"] = f"{prefix}{running[prefix]}"
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[*ACLED_COLUMNS, *EXTRA_COLUMNS])
    for col in INTEGER_COLUMNS:
        frame[col] = pd.array([None if pd.isna(v) else int(v) for v in frame[col]], dtype="Int64")
    return frame


def test_events_table_made_column_wise_is_the_one_made_row_by_row() -> None:
    events = _events(300, sources=3)
    by_columns, by_rows = acled_frame(events), acled_frame_by_rows(events)
    assert list(by_columns.dtypes) == list(by_rows.dtypes)
    pd.testing.assert_frame_equal(by_columns, by_rows, check_exact=True)
    pd.testing.assert_frame_equal(acled_frame([]), acled_frame_by_rows([]), check_exact=True)
    one = acled_frame(events[:1])
    pd.testing.assert_frame_equal(one, acled_frame_by_rows(events[:1]), check_exact=True)


def test_events_table_peak_does_not_hold_a_dict_or_the_text_of_every_event() -> None:
    small, large = _events(1500), _events(3000)
    acled_frame(small[:10])  # the codebook's tables read once, before counting
    by_rows = _peak(lambda: acled_frame_by_rows(large))
    by_columns = _peak(lambda: acled_frame(large))
    # the source sentences alone are about 7 MB of Python text at 3,000 events
    assert by_columns < 0.5 * by_rows, (by_columns, by_rows)
    # doubling the events: the per-row version about doubles, this one grows far less
    assert by_columns < 1.5 * _peak(lambda: acled_frame(small)), by_columns
