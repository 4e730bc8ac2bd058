"""Huge maps: incident markers aggregated on a screen grid (``GridGroup``), recomputed per move.

The threshold is lowered (``layers.map.GRID_ABOVE``) so that 1,500 synthetic events
exercise the same code as 100,000 (``bench/bench_map.py --events 100000``).
"""

from __future__ import annotations

import pytest
from chromium import open_page

pytestmark = pytest.mark.browser

STATE = "Sitmap.last"
#: markers drawn alone, the badges' counts, the areas drawn, areas whose marker is not drawn
COUNTS = f"""() => {{
    const g = {STATE}.layers.incidents.subs.points, a = {STATE}.layers.incidents.subs.areas;
    const badges = g._badges.map(b => Number(b.getElement().textContent));
    let orphans = 0;
    const drawn = Array.from(g._shown);
    a._shown.forEach(l => {{ if (!drawn.some(m => m.sitmapArea === l)) orphans++; }});
    return {{ singles: g._shown.size, badges: badges.length,
             inBadges: badges.reduce((x, y) => x + y, 0), areas: a._shown.size, orphans,
             members: g._members.length, zoom: {STATE}.map.getZoom(),
             onMap: document.querySelectorAll('.leaflet-marker-icon.sm-icon').length }};
}}"""


@pytest.fixture(scope="module")
def grid_map(tmp_path_factory, fx, world_boundaries):
    import layers.map as lm

    old = lm.GRID_ABOVE
    lm.GRID_ABOVE = 100
    try:
        m = lm.build_map(fx.make_large_situation(1500), boundaries=world_boundaries)
    finally:
        lm.GRID_ABOVE = old
    return lm.save_map(m, tmp_path_factory.mktemp("grid") / "grid.html")


def test_markers_aggregate_per_cell_and_follow_filters_and_zoom(chromium_browser, grid_map):
    with open_page(chromium_browser, grid_map, width=1200, height=800) as (page, rec, _elapsed):
        assert page.evaluate(
            f"() => {STATE}.layers.incidents.subs.points instanceof Sitmap.GridGroup"
        )
        start = page.evaluate(COUNTS)
        # 1,500 events in a few hundred pixels: mostly badges, every marker counted once
        assert start["members"] == 1500 and start["badges"] > 0
        assert start["singles"] + start["inBadges"] <= 1500
        assert start["singles"] + start["inBadges"] > 1000
        assert start["onMap"] == start["singles"] and start["orphans"] == 0
        # the time window and the panel's search narrow what the grid counts
        page.evaluate(f"() => Sitmap.setWindow({STATE}, '2021-07-01', '2021-07-31')")
        page.evaluate("() => new Promise(r => setTimeout(r, 50))")
        month = page.evaluate(COUNTS)
        assert month["singles"] + month["inBadges"] < start["singles"] + start["inBadges"]
        page.evaluate(f"() => Sitmap.setWindow({STATE}, null, null)")
        page.fill(".sm-search", "Place 1234")
        page.wait_for_function(
            "() => document.querySelector('.sm-panel-count').dataset.shown === '1'"
        )
        page.evaluate("() => new Promise(r => setTimeout(r, 50))")
        one = page.evaluate(COUNTS)
        assert one["singles"] + one["inBadges"] <= 1 and one["badges"] == 0
        page.fill(".sm-search", "")
        page.wait_for_function(
            "() => document.querySelector('.sm-panel-count').dataset.shown === '1500'"
        )
        # a badge's click zooms in to its markers
        page.evaluate("() => new Promise(r => setTimeout(r, 50))")
        z0 = page.evaluate(COUNTS)["zoom"]
        page.locator(".sm-cluster").first.dispatch_event("click")  # badges may overlap
        page.wait_for_function(f"() => {STATE}.map.getZoom() > {z0}")
        # at the deepest zoom every marker in view is drawn on its own, with its area
        page.evaluate(
            f"() => {{ {STATE}.map.setZoom({STATE}.map.getMaxZoom(), {{animate: false}}); }}"
        )
        page.evaluate("() => new Promise(r => setTimeout(r, 50))")
        deep = page.evaluate(COUNTS)
        assert deep["badges"] == 0 and deep["singles"] >= 1 and deep["orphans"] == 0
        assert deep["areas"] >= 1
        # a drawn marker opens its popup on click
        page.locator(".leaflet-marker-icon.sm-icon").first.dispatch_event("click")
        page.wait_for_selector(".leaflet-popup .sm-popup")
        assert not rec.console_errors() and not rec.remote_requests()


def test_an_event_opened_from_the_panel_is_drawn_on_its_own(chromium_browser, grid_map):
    with open_page(chromium_browser, grid_map, width=1200, height=800) as (page, rec, _elapsed):
        page.locator(".sm-list li").first.click()
        page.wait_for_selector(".leaflet-popup .sm-popup")
        drawn = page.evaluate(
            f"""() => {{
                const g = {STATE}.layers.incidents.subs.points;
                return !!g._reveal && g._shown.has(g._reveal);
            }}"""
        )
        assert drawn
        # big control layers are drawn on canvas, hatching as a canvas pattern
        hatch = page.evaluate("() => Sitmap.canvasHatch('#aa3300') instanceof CanvasPattern")
        assert hatch
        # dots (disputed) are a pattern of their own, not the hatch made for the same colour
        dots = page.evaluate(
            """() => Sitmap.canvasDots('#aa3300') instanceof CanvasPattern
                && Sitmap.canvasDots('#aa3300') !== Sitmap.canvasHatch('#aa3300')
                && Sitmap.canvasDots('#aa3300') === Sitmap.canvasDots('#aa3300')"""
        )
        assert dots
        assert not rec.console_errors()


def test_badges_and_markers_leave_the_map_when_the_grid_is_redrawn(chromium_browser, grid_map):
    """After zooms and pans the page holds only the current badges and markers (no leak)."""
    with open_page(chromium_browser, grid_map, width=1200, height=800) as (page, rec, _elapsed):
        counts = page.evaluate(
            f"""async () => {{
                const map = {STATE}.map, z = map.getZoom(), out = [];
                const moves = [() => map.setZoom(z + 1, {{animate: false}}),
                    () => map.panBy([200, 100], {{animate: false}}),
                    () => map.setZoom(z + 2, {{animate: false}}),
                    () => map.setZoom(z, {{animate: false}})];
                for (const move of moves) {{
                    move();
                    await new Promise(r => setTimeout(r, 50));
                    const g = {STATE}.layers.incidents.subs.points;
                    out.push([document.querySelectorAll('.leaflet-marker-icon').length,
                              g._badges.length + g._shown.size,
                              Object.keys(g._layers).length]);
                }}
                return out;
            }}"""
        )
        for on_page, drawn, held in counts:
            assert on_page == drawn == held, counts
        assert not rec.console_errors()


def test_work_after_a_move_runs_in_tasks_of_its_own(chromium_browser, grid_map):
    """A zoom or pan does not run the grid, the culled lines, the URL and the canvases in its
    ``moveend`` task (#15: their sum made tasks over 200 ms): each runs in a task of its own,
    once."""
    with open_page(chromium_browser, grid_map, width=1200, height=800) as (page, rec, _elapsed):
        got = page.evaluate(
            f"""async () => {{
                const st = {STATE}, map = st.map, g = st.layers.incidents.subs.points;
                await new Promise(r => setTimeout(r, 100));  // the URL state is ready
                let redraws = 0, hashes = 0, canvas = 0;
                const update = st.canvas._update;
                st.canvas._update = function () {{
                    canvas += 1;
                    return update.apply(this, arguments);
                }};
                const redraw = g.redraw;
                g.redraw = function () {{ redraws += 1; return redraw.apply(this, arguments); }};
                const replace = history.replaceState;
                history.replaceState = function () {{
                    hashes += 1;
                    return replace.apply(history, arguments);
                }};
                let during;
                map.once('moveend', () => {{ during = [redraws, hashes, canvas]; }});
                map.setZoom(map.getZoom() + 1, {{animate: false}});
                map.panBy([100, 50], {{animate: false}});  // queued again before it ran: once
                await new Promise(r => setTimeout(r, 100));
                return {{ during, after: [redraws, hashes, canvas],
                         v: location.hash.includes('v=') }};
            }}"""
        )
        # the canvas: redrawn at once by the zoom's view reset, after the pan in a task of its own
        assert got["during"] == [0, 0, 0], got
        assert got["after"] == [1, 1, 2], got
        assert got["v"]
        assert not rec.console_errors()


#: What the grid shows, and what one pass over every member (the grid's algorithm before its
#: x index: string keys, members in order) would show at the same view.
SAME_AS_A_FULL_PASS = f"""() => {{
    const g = {STATE}.layers.incidents.subs.points, map = {STATE}.map;
    const z = map.getZoom(), scale = Math.pow(2, z), pb = map.getPixelBounds(), pad = 64 * 2;
    const x0 = pb.min.x - pad, y0 = pb.min.y - pad, x1 = pb.max.x + pad, y1 = pb.max.y + pad;
    const single = z >= map.getMaxZoom(), cells = new Map(), ms = g._members;
    for (let i = 0; i < ms.length; i++) {{
      const l = ms[i];
      if (!l._gOn) continue;
      const x = l._gx * scale, y = l._gy * scale;
      if (x < x0 || x > x1 || y < y0 || y > y1) continue;
      const key = single || l === g._reveal
        ? 'm' + i : Math.floor(x / 64) + ':' + Math.floor(y / 64);
      const c = cells.get(key);
      if (!c) {{ cells.set(key, {{ n: 1, first: l, sx: x, sy: y }}); continue; }}
      c.n += 1; c.sx += x; c.sy += y;
    }}
    const alone = [], ids = [];
    cells.forEach(c => {{
      if (c.n === 1) alone.push(ms.indexOf(c.first));
      else ids.push(z + '|' + Math.round(c.sx / c.n) + '|' + Math.round(c.sy / c.n) + '|' + c.n);
    }});
    const shown = Array.from(g._shown).map(l => ms.indexOf(l));
    return {{ alone, ids, shown, badges: Array.from(g._badgeByKey.keys()) }};
}}"""


def test_grid_cells_are_those_of_a_pass_over_every_marker(chromium_browser, grid_map):
    # the grid looks only at the markers in the view's columns (an index sorted by x) and
    # keys cells by number: the same markers alone and the same badges, in the same order
    with open_page(chromium_browser, grid_map, width=1200, height=800) as (page, rec, _elapsed):
        moves = [
            "m.setZoom(m.getZoom() + 1, {animate: false})",
            "m.panBy([300, 150], {animate: false})",
            "m.setZoom(m.getZoom() + 2, {animate: false})",
            "m.panBy([-700, -200], {animate: false})",
            "m.setZoom(m.getZoom() - 4, {animate: false})",
            "m.setZoom(m.getMaxZoom(), {animate: false})",
        ]
        seen = 0
        for move in moves:
            got = page.evaluate(SAME_AS_A_FULL_PASS)
            assert got["shown"] == got["alone"]
            assert got["badges"] == got["ids"]
            seen += len(got["alone"]) + len(got["ids"])
            page.evaluate(f"() => {{ const m = {STATE}.map; {move}; }}")
            page.evaluate("() => new Promise(r => setTimeout(r, 80))")
        assert seen > 50
        assert not rec.console_errors()


def test_markers_are_drawn_a_chunk_per_task_and_a_new_redraw_stops_the_old_queue(
    chromium_browser, grid_map
):
    # a zoom that brings many markers into view draws them DRAW_CHUNK at a time, each run
    # in a task of its own; what ends on the map is exactly what the grid shows
    with open_page(chromium_browser, grid_map, width=1200, height=800) as (page, rec, _elapsed):
        got = page.evaluate(
            f"""async () => {{
            const g = {STATE}.layers.incidents.subs.points, m = {STATE}.map;
            const wait = ms => new Promise(r => setTimeout(r, ms));
            Sitmap.GridGroup.DRAW_CHUNK = 10;
            const before = new Set(g._drawn);
            m.setZoom(m.getZoom() + 3, {{animate: false}});
            g.redraw();
            const first = Array.from(g._drawn).filter(l => !before.has(l)).length;
            const wanted = g._shown.size + g._badges.length;
            m.panBy([250, 120], {{animate: false}});
            g.redraw();  // while the first queue is still running
            const all = new Set([...g._shown, ...g._badges]), drawn = g._drawn;
            for (let t = 0; t < 100 && Array.from(all).some(l => !drawn.has(l)); t++) {{
              await wait(50);
            }}
            await wait(100);
            const extra = Array.from(drawn).filter(l => !all.has(l)).length;
            const missing = Array.from(all).filter(l => !drawn.has(l)).length;
            const icons = document.querySelectorAll('.leaflet-marker-icon').length;
            return {{ first, wanted, extra, missing, drawn: drawn.size, icons }};
        }}"""
        )
        assert got["wanted"] > 30 and got["first"] <= 10
        assert got["extra"] == 0 and got["missing"] == 0
        assert got["icons"] == got["drawn"] > 30
        assert not rec.console_errors()
