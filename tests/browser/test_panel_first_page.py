"""The event panel's first page comes before its whole list is sorted (#15 first render).

Sorting every event and collecting the filters' values wait until after the first
paint; what the panel shows must not change: the first page is the first page of
the sorted list, "Show more" goes on in order, and the filters get every value.
"""

from __future__ import annotations

import pytest
from chromium import open_page

pytestmark = pytest.mark.browser

STATE = "Sitmap.last"

#: Hold back every timer set while the page loads, until ``__release()``: what runs
#: "after the first paint" is then seen not to have run yet.
HOLD_TIMERS = """
window.__held = [];
(function () {
  var real = window.setTimeout;
  window.__release = function () {
    var held = window.__held; window.__held = null;
    held.forEach(function (h) { h[0].apply(null, h[1]); });
  };
  window.setTimeout = function (fn, ms) {
    var args = Array.prototype.slice.call(arguments, 2);
    if (window.__held && typeof fn === 'function') { window.__held.push([fn, args]); return 0; }
    return real.apply(window, arguments);
  };
})();
"""

ROWS = "() => Array.from(document.querySelectorAll('.sm-list li')).map(li => li.dataset.id)"
OPTIONS = (
    "() => Array.from(document.querySelectorAll('.sm-filters select'))"
    ".map(s => [s.dataset.filter, s.options.length])"
)
#: The panel's order: date (undated last), then id.
SORTED = f"""() => {STATE}.events.slice().sort((a, b) => {{
  const x = a.t0 || '9999', y = b.t0 || '9999';
  return x < y ? -1 : x > y ? 1 : (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}}).map(e => e.id)"""


@pytest.fixture(scope="module")
def many_events_map(tmp_path_factory, fx):
    from layers.map import build_map, save_map

    m = build_map(fx.make_large_situation(700), boundaries=fx.make_boundaries())
    return save_map(m, tmp_path_factory.mktemp("panel") / "many.html")


def test_first_page_before_the_sort_is_the_sorted_first_page(chromium_browser, many_events_map):
    with open_page(
        chromium_browser, many_events_map, width=1200, height=800, init_script=HOLD_TIMERS
    ) as (page, rec, _elapsed):
        page.wait_for_function("() => document.querySelector('.sm-panel-count')")
        first = page.evaluate(ROWS)
        before = dict(page.evaluate(OPTIONS))
        order = page.evaluate(SORTED)
        assert page.evaluate(f"() => {STATE}.events.map(e => e.id)") != order  # not sorted yet
        assert len(first) == 200 and first == order[:200]
        assert before["type"] == before["actor"] == before["country"] == 1  # "any" alone
        assert before["precision"] == 4 and before["confidence"] == 3
        count = page.inner_text(".sm-panel-count")
        page.evaluate("() => window.__release()")
        assert page.evaluate(f"() => {STATE}.events.map(e => e.id)") == order
        assert page.evaluate(ROWS) == first and page.inner_text(".sm-panel-count") == count
        after = dict(page.evaluate(OPTIONS))
        assert after["type"] > 2 and after["actor"] > 2 and after["country"] > 2
        page.click(".sm-more")
        page.click(".sm-more")
        assert page.evaluate(ROWS) == order[:600]
        assert rec.console_errors() == []


def test_a_filter_in_the_url_is_applied_before_the_options_would_be_filled(
    chromium_browser, many_events_map
):
    with open_page(chromium_browser, many_events_map, init_script=HOLD_TIMERS) as (page, rec, _):
        page.wait_for_function("() => document.querySelector('.sm-panel-count')")
        kind = page.evaluate(f"() => {STATE}.events[0].p.kind")
        page.evaluate("k => { location.hash = 'type=' + k; }", kind)
        page.wait_for_function(
            "k => document.querySelector('.sm-filters select[data-filter=\"type\"]').value === k",
            arg=kind,
        )
        shown = page.evaluate(f"k => {STATE}.events.filter(e => e.p.kind === k).length", kind)
        page.wait_for_function(
            "n => document.querySelector('.sm-panel-count').dataset.shown === String(n)",
            arg=shown,
        )
        assert rec.console_errors() == []
