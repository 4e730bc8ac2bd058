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
from shapely.geometry import Point

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
