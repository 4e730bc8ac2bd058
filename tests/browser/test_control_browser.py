"""The control layer in real headless Chromium: each object's state as of the window's end."""

from __future__ import annotations

from pathlib import Path

import pytest
from chromium import open_page

pytestmark = pytest.mark.browser

DATA = Path(__file__).parents[1] / "data" / "control"
CROSSING = "cur:bab-al-hawa-crossing"


@pytest.fixture(scope="module")
def control_situation(settings):
    from geo.pipeline import build_situation

    return build_situation([DATA], settings=settings).situation


@pytest.fixture(scope="module")
def control_map(tmp_path_factory, control_situation, boundaries) -> Path:
    from layers.map import build_map, save_map

    situation = control_situation
    out = tmp_path_factory.mktemp("control-map") / "control.html"
    return save_map(build_map(situation, boundaries=boundaries, title="Control test"), out)


def set_window(page, start: str, end: str) -> None:
    """Move the time control's sliders (as a reader would) to [start, end]."""
    page.evaluate(
        """([a, b]) => {
            const day = s => Math.round(Date.parse(s + 'T00:00:00Z') / 86400000);
            const from = document.querySelector('.sm-time input[data-role=from]');
            const to = document.querySelector('.sm-time input[data-role=to]');
            from.value = day(a); from.dispatchEvent(new Event('input'));
            to.value = day(b); to.dispatchEvent(new Event('input'));
        }""",
        [start, end],
    )


def crossing_states(page) -> list[dict]:
    """The crossing's state features: start, shown or not, drawn class and stroke colour."""
    return page.evaluate(
        """id => Sitmap.last.entries
            .filter(e => e.layer === 'control')
            .map(e => ({ layer: e.items[0][0], box: e.items[0][1], t0: e.t0 }))
            .filter(x => x.layer.sitmapProps.object_id === id)
            .map(x => {
                const path = x.layer._path;
                return { t0: x.t0, shown: x.box.hasLayer(x.layer),
                         holder: x.layer.sitmapProps.label,
                         cls: path ? path.getAttribute('class') : null,
                         fill: path ? path.getAttribute('fill') : null,
                         stroke: path ? path.getAttribute('stroke') : null };
            })""",
        CROSSING,
    )


def test_control_layer_at_two_dates(chromium_browser, control_map, artifacts):
    with open_page(chromium_browser, control_map) as (page, rec, _elapsed):
        assert page.evaluate("() => Sitmap.last.map.hasLayer(Sitmap.last.layers.control.group)")
        set_window(page, "2021-06-22", "2025-03-05")
        early = crossing_states(page)
        assert [s["shown"] for s in early] == [True, False]
        assert "Islamic State" in early[0]["holder"]
        assert "sm-control-hatched" in early[0]["cls"]  # reported by one outlet: hatched
        assert early[0]["fill"].startswith("url(#sm-hatch-")
        page.evaluate("() => { Sitmap.last.map.setView([36.23, 36.69], 9, { animate: false }); }")
        page.wait_for_timeout(200)
        page.screenshot(path=str(artifacts / "control_2025-03-05.png"))
        set_window(page, "2021-06-22", "2025-03-20")
        late = crossing_states(page)
        assert [s["shown"] for s in late] == [False, True]
        assert "Syrian armed forces" in late[1]["holder"]
        assert "sm-control-solid" in late[1]["cls"]  # confirmed by two outlets: solid
        assert late[1]["stroke"] != early[0]["stroke"]  # one colour per controller
        page.screenshot(path=str(artifacts / "control_2025-03-20.png"))
        # an instant window shows the state holding on that day
        set_window(page, "2025-03-10", "2025-03-10")
        assert [s["shown"] for s in crossing_states(page)] == [True, False]
        assert rec.console_errors() == []
        assert rec.dialogs == []
        assert rec.remote_requests() == []


def test_disputed_dotted_fraction_thin_and_legend(chromium_browser, control_map):
    with open_page(chromium_browser, control_map) as (page, rec, _elapsed):
        set_window(page, "2021-06-22", "2025-03-20")
        classes = page.eval_on_selector_all(
            "path.sm-control", "els => els.map(e => e.getAttribute('class'))"
        )
        assert any("sm-control-dotted" in c for c in classes)  # Vovchansk, Puerto Santander
        fraction = page.eval_on_selector_all(
            "path.sm-control-fraction",
            "els => els.map(e => [e.getAttribute('stroke-width'),"
            " e.getAttribute('stroke-dasharray')])",
        )
        assert fraction and all(float(w) <= 2 and dash for w, dash in fraction)
        labels = page.locator(".sm-label").all_inner_texts()
        assert any(t.startswith("claimed: ≈ 1/2 of the SDN–TCD border") for t in labels)
        legend = page.locator(".sm-legend").inner_text()
        for holder in ("Islamic State", "Syrian armed forces", "Rapid Support Forces", "Taliban"):
            assert holder in legend
        assert rec.console_errors() == []


def test_control_popup_shows_timeline_and_escaped_sources(chromium_browser, control_map):
    with open_page(chromium_browser, control_map) as (page, rec, _elapsed):
        set_window(page, "2021-06-22", "2025-03-20")
        page.evaluate(
            """() => {
                const e = Sitmap.last.entries.find(x => x.layer === 'control'
                    && x.items[0][0].sitmapProps.name === 'Puerto Santander');
                const l = e.items[0][0];
                Sitmap.ensurePopup(l).setLatLng(l.getLatLng()).openOn(Sitmap.last.map);
            }"""
        )
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        text = popup.inner_text()
        assert "Timeline" in text and "disputed" in text
        assert "<img src=x onerror=alert(1)>" in text  # the outlet name, shown as text
        assert popup.locator("img").count() == 0
        assert rec.dialogs == [] and rec.console_errors() == []


def test_control_popups_built_in_the_page_are_the_python_ones(
    chromium_browser, control_map, control_situation
):
    """Every state's popup, built from plain text (``Sitmap.controlPopup``, #15), is the DOM
    of ``layers.control.control_popup``'s escaped HTML: same text, same markup, links only
    for http(s) URLs."""
    from geo.control import control_timeline
    from layers.control import control_popup, popup_table

    records = control_timeline(control_situation)
    names = {r.id: r.name for r in records}
    _table, rows = popup_table(records)
    want = {
        rows[(r.id, st.start.isoformat())]: control_popup(r, st, names)
        for r in records
        for st in r.states
    }
    with open_page(chromium_browser, control_map) as (page, rec, _elapsed):
        got = page.evaluate(
            """want => {
                const out = {};
                for (const [i, html] of Object.entries(want)) {
                    const t = document.createElement('template');
                    t.innerHTML = html;
                    const mine = Sitmap.controlPopup(Sitmap.last, Number(i));
                    out[i] = [t.content.firstChild.outerHTML, mine.outerHTML,
                              [...mine.querySelectorAll('a')].map(a => a.getAttribute('href'))];
                }
                return out;
            }""",
            {str(k): v for k, v in want.items()},
        )
        assert len(got) == len(want) >= 9
        for python, page_built, links in got.values():
            assert page_built == python
            assert all(u.lower().startswith(("http://", "https://")) for u in links)
        assert any("onerror=alert(1)&gt;" in p for _py, p, _l in got.values())
        assert page.evaluate("() => document.querySelectorAll('img[src=x]').length") == 0
        assert rec.dialogs == [] and rec.console_errors() == []
