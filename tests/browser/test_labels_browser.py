"""Maps of borders far from the seed region in real Chromium: land, borders, labels, no overlaps."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from chromium import open_page

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from label_situations import situation

pytestmark = pytest.mark.browser

STATE = "Sitmap.last"

#: Visible label boxes (client rects of .sm-maplabel nodes inside the map).
BOXES = """() => Array.from(document.querySelectorAll('.sm-maplabel')).map(el => {
  const r = el.getBoundingClientRect();
  return {text: el.textContent, kind: el.dataset.kind, x0: r.left, y0: r.top, x1: r.right,
          y1: r.bottom};
})"""

#: Colour of the map at a container point, read from the basemap canvas.
PIXEL = """([x, y]) => {
  const canvases = Array.from(document.querySelectorAll('.leaflet-sm-basemap-pane canvas'));
  for (const c of canvases) {
    const r = c.getBoundingClientRect();
    const px = c.getContext('2d').getImageData((x - r.left) * c.width / r.width,
                                               (y - r.top) * c.height / r.height, 1, 1).data;
    if (px[3] > 0) return Array.from(px.slice(0, 3));
  }
  return null;
}"""


@pytest.fixture(scope="module")
def maps(tmp_path_factory):
    from geo.boundaries import load_boundaries
    from layers.map import build_map, save_map

    out = tmp_path_factory.mktemp("label-maps")
    return {
        key: save_map(build_map(situation(key), boundaries=load_boundaries()), out / f"{key}.html")
        for key in ("thailand_cambodia", "drc_rwanda")
    }


def overlapping(boxes):
    return [
        (a["text"], b["text"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["x0"] < b["x1"] - 0.5
        and b["x0"] < a["x1"] - 0.5
        and a["y0"] < b["y1"] - 0.5
        and b["y0"] < a["y1"] - 0.5
    ]


@pytest.mark.parametrize("key", ["thailand_cambodia", "drc_rwanda"])
def test_land_borders_and_labels(chromium_browser, maps, artifacts, key):
    with open_page(chromium_browser, maps[key], width=1200, height=800) as (page, rec, _t):
        page.wait_for_timeout(300)
        page.screenshot(path=str(artifacts / f"labels_{key}.png"))
        assert rec.console_errors() == []
        assert rec.remote_requests() == []
        # land, not a blue void: most of a grid of basemap pixels has the land colour
        # (one of them may fall on a lake, a river or the panel's edge)
        grid = [[x, y] for x in (450, 700, 900) for y in (250, 400, 550)]
        land = [page.evaluate(PIXEL, xy) == [0xF4, 0xF1, 0xEA] for xy in grid]
        assert sum(land) >= 5, land
        assert page.evaluate(f"{STATE}.cfg.basemap.land.features.length") > 0
        assert page.evaluate(f"{STATE}.layers.borders.count") > 5
        boxes = page.evaluate(BOXES)
        kinds = {b["kind"] for b in boxes}
        assert len(boxes) >= 15 and {"news", "town"} <= kinds, kinds
        assert overlapping(boxes) == []
        news = {b["text"] for b in boxes if b["kind"] == "news"}
        assert news, "the places in the news are labelled"
        # labels follow the zoom: fewer when zoomed out, still without overlaps
        page.evaluate(
            f"() => {{ {STATE}.map.setZoom({STATE}.map.getZoom() - 3, {{animate: false}}); }}"
        )
        page.wait_for_timeout(200)
        wide = page.evaluate(BOXES)
        assert overlapping(wide) == []
        assert "country" in {b["kind"] for b in wide}
        # the basemap's entry in the layer control switches them off and on
        page.locator("input[data-layer=basemap_land]").uncheck()
        assert page.locator(".sm-maplabel").count() == 0
        page.locator("input[data-layer=basemap_land]").check()
        assert page.locator(".sm-maplabel").count() > 0


def test_greedy_placement_skips_overlaps(chromium_browser, maps):
    with open_page(chromium_browser, maps["drc_rwanda"]) as (page, _rec, _t):
        placed = page.evaluate(
            """() => Sitmap.placeLabels([
                {x: 100, y: 100, w: 60, dot: true},
                {x: 110, y: 102, w: 60, dot: true},
                {x: 100, y: 140, w: 60, dot: false},
                {x: -500, y: 100, w: 60, dot: false}], 800, 600)"""
        )
        assert placed == [0, 2]
