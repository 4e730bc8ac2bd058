"""Big maps' canvas (#15): circles of one look are one path; rings only while few are drawn.

6,317 control circles stroked one by one held the page 200-400 ms after every move
in software rasterising (``bench/bench_map.py --events 100000``); ``Sitmap.LaterCanvas``
fills each run of circles with the same ``smBatch`` key as one path and leaves their
rings out while more than ``Sitmap.OUTLINE_MAX`` are in the canvas.
"""

from __future__ import annotations

import pytest
from chromium import open_page

pytestmark = pytest.mark.browser

#: 60 circles of two looks on a LaterCanvas; counts fills and strokes of one redraw
DRAW = """async (limit) => {
    const st = Sitmap.last, map = st.map, c = new Sitmap.LaterCanvas({ padding: 0 });
    const center = map.getCenter(), made = [];
    for (let i = 0; i < 60; i++) {
        const look = i < 40 ? 'a' : 'b', color = look === 'a' ? '#d62728' : '#1f77b4';
        made.push(L.circle([center.lat + (i % 6) * 0.02, center.lng + Math.floor(i / 6) * 0.02], {
            radius: 1500, renderer: c, color: color, fillColor: color, fillOpacity: 0.5,
            weight: 2, smBatch: look }).addTo(map));
    }
    made.push(L.circle([center.lat - 0.3, center.lng - 0.3], { radius: 1500, renderer: c,
        color: '#2ca02c', fillColor: '#2ca02c', fillOpacity: 0.5 }).addTo(map));
    Sitmap.OUTLINE_MAX = limit;
    const ctx = c._ctx, fill = ctx.fill, stroke = ctx.stroke, calls = { fill: 0, stroke: 0 };
    ctx.fill = function () { calls.fill += 1; return fill.apply(this, arguments); };
    ctx.stroke = function () { calls.stroke += 1; return stroke.apply(this, arguments); };
    c._redraw();
    ctx.fill = fill; ctx.stroke = stroke;
    const pt = map.latLngToLayerPoint(made[0].getLatLng());
    const at = c._bounds.min, img = ctx.getImageData(pt.x - at.x, pt.y - at.y, 1, 1);
    made.forEach(l => map.removeLayer(l));
    return { calls, alpha: img.data[3], red: img.data[0] };
}"""


@pytest.fixture(scope="module")
def small_map(tmp_path_factory, fx):
    from layers.map import build_map, save_map

    m = build_map(fx.make_situation(), boundaries=None)
    return save_map(m, tmp_path_factory.mktemp("canvas") / "map.html")


def test_a_run_of_circles_of_one_look_is_one_path(chromium_browser, small_map):
    with open_page(chromium_browser, small_map, width=1000, height=700) as (page, rec, _t):
        got = page.evaluate(DRAW, 1000)
        # two batches (40 red, 20 blue) and one circle without a key: 3 fills, 3 strokes
        assert got["calls"] == {"fill": 3, "stroke": 3}, got
        assert got["alpha"] > 0 and got["red"] > 150, got  # the red batch is drawn
        assert not rec.console_errors()


def test_rings_are_left_out_while_many_circles_are_drawn(chromium_browser, small_map):
    with open_page(chromium_browser, small_map, width=1000, height=700) as (page, rec, _t):
        got = page.evaluate(DRAW, 10)
        # 60 batched circles > 10: their fills only; the unbatched circle keeps its ring
        assert got["calls"] == {"fill": 3, "stroke": 1}, got
        assert got["alpha"] > 0, got
        assert not rec.console_errors()


#: 60 circles on a LaterCanvas, PROJECT_CHUNK 7; an animated zoom: how many were projected
#: by the first task after the move, and whether every one ends projected as Leaflet would
PROJECT = """async () => {
    const map = Sitmap.last.map, c = new Sitmap.LaterCanvas({ padding: 0 });
    const center = map.getCenter(), made = [];
    for (let i = 0; i < 60; i++) {
        made.push(L.circle([center.lat + (i % 6) * 0.02, center.lng + Math.floor(i / 6) * 0.02],
            { radius: 1500, renderer: c, smBatch: 'a' }).addTo(map));
    }
    Sitmap.LaterCanvas.PROJECT_CHUNK = 7;
    let projected = 0, updates = 0;
    made.forEach(l => {
        const f = l._project;
        l._project = function () { projected += 1; return f.call(this); };
    });
    const update = c._update;
    c._update = function () { updates += 1; return update.apply(this, arguments); };
    const wait = ms => new Promise(r => setTimeout(r, ms));
    let first = null;
    const moved = new Promise(r => map.once('moveend', () => {
        projected = 0; updates = 0;
        setTimeout(() => { first = { projected, updates }; r(); }, 0);  // after the first run
    }));
    map.setZoom(map.getZoom() + 1);  // animated, as a wheel zoom: no view reset
    await moved;
    for (let t = 0; t < 100 && updates === 0; t++) { await wait(20); }
    const after = { projected, updates };
    const same = made.every(l => {
        const p = l._point.clone();
        l._project();
        return p.equals(l._point);
    });
    made.forEach(l => map.removeLayer(l));
    return { first, after, same };
}"""


def test_after_a_zoom_the_canvas_projects_a_chunk_per_task_then_redraws_once(
    chromium_browser, small_map
):
    with open_page(chromium_browser, small_map, width=1000, height=700) as (page, rec, _t):
        got = page.evaluate(PROJECT)
        assert got["first"] == {"projected": 7, "updates": 0}, got
        assert got["after"] == {"projected": 60, "updates": 1}, got
        assert got["same"], got
        assert not rec.console_errors()
