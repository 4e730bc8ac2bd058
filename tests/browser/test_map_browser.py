"""The situation map in real headless Chromium: offline, toggles, time window, escaping."""

from __future__ import annotations

import pytest
from chromium import open_page

pytestmark = pytest.mark.browser

STATE = "Sitmap.last"


def open_incident_popup(page, event_id: str) -> None:
    """Open the popup of an incident marker (bound on first use: ``Sitmap.ensurePopup``).

    MarkerCluster's zoomToShowLayer callback fires only after its zoom
    animation, which a busy headless browser may never finish; after 3 s
    the marker's own bound popup is opened on the map at its position.
    """
    page.evaluate(
        f"""id => new Promise(done => {{
            const st = {STATE};
            const e = st.entries.find(x => x.id === id && x.layer === 'incidents');
            const [marker, cluster] = e.items[0];
            let finished = false;
            const finish = () => {{
                if (finished) return;
                finished = true;
                const popup = Sitmap.ensurePopup(marker);  // popups are bound lazily
                if (marker._map) {{
                    marker.openPopup();
                }} else {{
                    popup.setLatLng(marker.getLatLng()).openOn(st.map);
                }}
                done();
            }};
            cluster.zoomToShowLayer(marker, finish);
            setTimeout(finish, 3000);
        }})""",
        event_id,
    )


def on_map(page, name: str) -> bool:
    return page.evaluate(f"n => {STATE}.map.hasLayer({STATE}.layers[n].group)", name)


def test_opens_offline_without_errors(chromium_browser, map_file, artifacts):
    with open_page(chromium_browser, map_file) as (page, rec, _elapsed):
        page.wait_for_timeout(300)
        page.screenshot(path=str(artifacts / "map.png"))
        assert rec.console_errors() == []
        assert rec.remote_requests() == [], rec.remote_requests()
        assert all(u.startswith(("file:", "data:")) for u in rec.requests)
        assert rec.dialogs == []
        assert page.locator(".sm-icon").count() > 0
        assert page.locator(".leaflet-control-scale").count() == 1
        assert page.locator(".sm-legend li").count() >= 10
        attribution = page.locator(".leaflet-control-attribution").inner_text()
        for name in ("GeoNames", "geoBoundaries", "Natural Earth"):
            assert name in attribution
        # basemap rivers (Panj/Amu Darya) and our layers are drawn
        assert page.evaluate(f"{STATE}.map.hasLayer({STATE}.layers.basemap_water.group)")
        assert page.locator("path.leaflet-interactive").count() > 0


def test_each_layer_toggles(chromium_browser, map_file):
    with open_page(chromium_browser, map_file) as (page, rec, _elapsed):
        names = page.eval_on_selector_all(
            ".sm-layers input", "els => els.map(e => e.dataset.layer)"
        )
        assert set(names) >= {
            "incidents",
            "movements",
            "control_claims",
            "sites",
            "borders",
            "places",
            "basemap_land",
            "basemap_water",
        }
        assert not on_map(page, "places")  # audit layer off by default
        for name in names:
            box = page.locator(f'.sm-layers input[data-layer="{name}"]')
            before = on_map(page, name)
            box.click()
            assert on_map(page, name) is (not before), name
            box.click()
            assert on_map(page, name) is before, name
        icons = page.locator(".sm-icon").count()
        page.locator('.sm-layers input[data-layer="incidents"]').click()
        assert page.locator(".sm-icon").count() < icons
        assert rec.console_errors() == []


def _set_window(page, start: str, end: str) -> None:
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


def _shown(page) -> dict[str, bool]:
    return page.evaluate(
        f"""() => {{
            const out = {{}};
            {STATE}.entries.forEach(e => {{
                if (!e.items.length || e.asOf) return;  // listed in the panel only; control states
                const [layer, container] = e.items[0];
                out[e.layer + ':' + e.id] = container.hasLayer(layer);
            }});
            return out;
        }}"""
    )


def test_time_control_filters_instants_and_intervals(chromium_browser, map_file):
    with open_page(chromium_browser, map_file) as (page, rec, _elapsed):
        assert all(_shown(page).values())
        _set_window(page, "2022-01-01", "2022-01-31")
        # the sliders clamp to the data range (last date: 30 Jan 2022)
        assert page.locator(".sm-time .sm-window").inner_text() == "1 Jan 2022 – 30 Jan 2022"
        shown = _shown(page)
        assert shown["incidents:e-tk"] and shown["movements:e-evac"]
        assert not shown["incidents:e-flee"] and not shown["control_claims:e-claim"]
        assert not shown["movements:e-flee"]
        # 29 Jan: the Kyzyl-Bel closure (27–30 Jan) is on, the 27 Jan clash is not
        _set_window(page, "2022-01-29", "2022-01-29")
        shown = _shown(page)
        assert shown["incidents:e-kb"] and shown["control_claims:e-kb"]
        assert not shown["incidents:e-tk"]
        assert page.locator(".sm-time .sm-window").inner_text() == "29 Jan 2022"
        # a month-precision event (Jul 2021) overlaps a window inside July
        _set_window(page, "2021-07-15", "2021-07-16")
        shown = _shown(page)
        assert shown["incidents:e-201"] and shown["control_claims:e-bad"]
        assert not shown["incidents:e-claim"]
        count = page.locator(".sm-time .sm-count").inner_text()
        assert count.startswith(f"{sum(shown.values())} of {len(shown)}")
        page.locator(".sm-time button", has_text="All").click()
        assert all(_shown(page).values())
        assert rec.console_errors() == []


def test_hostile_sentence_shows_as_text(chromium_browser, map_file, fx, artifacts):
    with open_page(chromium_browser, map_file) as (page, rec, _elapsed):
        open_incident_popup(page, "e-evil")
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        text = popup.inner_text()
        assert '<script>alert("xss")</script>' in text
        assert '"><img src=x onerror=alert(1)>' in text
        assert fx.HOSTILE_OUTLET in text
        assert popup.locator("img").count() == 0
        assert popup.locator("script").count() == 0
        assert popup.locator("mark").inner_text() == "Khorog"
        assert popup.locator("a").count() == 0  # javascript: link dropped
        page.wait_for_timeout(200)
        page.screenshot(path=str(artifacts / "map-hostile-popup.png"))
        assert rec.dialogs == []
        assert page.evaluate("() => document.querySelectorAll('img[src=x]').length") == 0
        assert rec.console_errors() == []


def test_popup_fields_and_links(chromium_browser, map_file):
    with open_page(chromium_browser, map_file) as (page, rec, _elapsed):
        open_incident_popup(page, "e-tk")
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        text = popup.inner_text()
        for part in (
            "Armed clash",
            "27 Jan 2022",
            "Kyrgyz border guards",
            "killed: 2",
            "Confidence",
            "AKIpress",
            "Tort-Kocho",
        ):
            assert part in text, part
        href = popup.locator("a").first.get_attribute("href")
        assert href == "https://example.org/akipress/tort-kocho"
        assert rec.remote_requests() == []


def test_popups_are_bound_lazily_and_movements_share_their_incidents(chromium_browser, map_file):
    with open_page(chromium_browser, map_file) as (page, rec, _elapsed):
        result = page.evaluate(
            f"""() => {{
                const st = {STATE};
                const bound = st.entries.filter(e => e.items[0][0].getPopup()).length;
                const mov = st.entries.find(e => e.layer === 'movements');
                const inc = st.entries.find(e => e.layer === 'incidents' && e.id === mov.id);
                const a = Sitmap.ensurePopup(mov.items[0][0]);
                const b = inc ? Sitmap.ensurePopup(inc.items[0][0]) : null;
                const body = p => p && p.getContent().querySelector('.sm-popup').outerHTML;
                return {{bound, mov: body(a),
                        inc: body(b)}};
            }}"""
        )
        assert result["bound"] == 0  # nothing bound before a click
        assert result["mov"] and "sm-popup" in result["mov"]
        if result["inc"]:
            assert result["mov"] == result["inc"]
        assert rec.console_errors() == []


def test_initial_view_holds_every_precise_incident(chromium_browser, map_file):
    with open_page(chromium_browser, map_file) as (page, _rec, _elapsed):
        outside = page.evaluate(
            f"""() => {{
                const st = {STATE}, view = st.map.getBounds();
                const spec = st.cfg.layers.find(l => l.name === 'incidents'), out = [];
                Sitmap.eachFeature(spec, f => {{
                    if ((f.properties.precision || 3) <= 2) {{
                        out.push([f.geometry.coordinates[1], f.geometry.coordinates[0]]);
                    }}
                }});
                return out.filter(ll => !view.contains(ll));
            }}"""
        )
        assert outside == []


def test_packed_config_unpacks_offline(chromium_browser, fx, tmp_path, monkeypatch):
    """Big maps ship their data gzip + base64; the page unpacks it with no request."""
    from layers import controls
    from layers.map import build_map, save_map

    monkeypatch.setattr(controls, "PACK_ABOVE", 0)
    m = build_map(fx.make_situation(), boundaries=fx.make_boundaries())
    path = save_map(m, tmp_path / "packed.html")
    html = path.read_text("utf-8")
    assert 'data-encoding="gzip+base64"' in html and "application/json" not in html
    with open_page(chromium_browser, path) as (page, rec, _elapsed):
        page.wait_for_function(f"() => {STATE}.layers.incidents && {STATE}.listeners")
        assert page.locator(".sm-layers input").count() >= 8
        assert page.locator(".sm-time").count() == 1
        open_incident_popup(page, "e-tk")
        page.locator(".leaflet-popup-content").wait_for()
        assert "Armed clash" in page.locator(".leaflet-popup-content").inner_text()
        assert rec.console_errors() == []
        assert rec.remote_requests() == []


def test_panel_shows_article_text_as_text(chromium_browser, map_file):
    with open_page(chromium_browser, map_file) as (page, rec, _elapsed):
        row = page.locator('.sm-list li[data-id="e-evil"]')
        assert '<b onmouseover="alert(4)">Militants</b>' in row.inner_text()
        assert page.locator(".sm-list b, .sm-list img, .sm-list script").count() == 0
        page.fill(".sm-search", "onerror")  # search reads the escaped sentence as text
        page.wait_for_function(
            "() => document.querySelector('.sm-panel-count').dataset.shown === '1'"
        )
        assert page.eval_on_selector_all(".sm-list li", "e => e.map(x => x.dataset.id)") == [
            "e-evil"
        ]
        assert rec.dialogs == [] and rec.console_errors() == []


def test_event_popups_are_built_as_text_from_the_popup_table(chromium_browser, map_file, fx):
    """Event popups come from plain-text columns (``Sitmap.eventPopup``): no article string
    becomes markup, only http(s) links survive, and search and downloads read the same text."""
    with open_page(chromium_browser, map_file) as (page, rec, _elapsed):
        got = page.evaluate(
            f"""() => {{
                const st = {STATE};
                const e = st.entries.find(x => x.id === 'e-evil' && x.layer === 'incidents');
                const box = Sitmap.eventPopup(st, e.props.ev);
                const tags = new Set(), attrs = new Set();
                box.querySelectorAll('*').forEach(el => {{
                    tags.add(el.tagName.toLowerCase());
                    for (const a of el.attributes) attrs.add(a.name);
                }});
                const urls = ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,x',
                    'java\\tscript:alert(1)', 'https://example.org/a', 'HTTP://x.org'];
                return {{ text: box.textContent, tags: [...tags].sort(), attrs: [...attrs].sort(),
                    marks: [...box.querySelectorAll('mark')].map(m => m.textContent),
                    urls: urls.map(Sitmap.safeUrl), search: Sitmap.eventText(st, e.props.ev),
                    csv: Sitmap.exportText('csv') }};
            }}"""
        )
        assert fx.HOSTILE_SENTENCE in got["text"] and fx.HOSTILE_OUTLET in got["text"]
        allowed = {"b", "blockquote", "div", "h4", "li", "mark", "ol", "small", "table"}
        assert set(got["tags"]) <= allowed | {"tbody", "td", "th", "tr"}, got["tags"]
        assert set(got["attrs"]) <= {"class"}, got["attrs"]  # no href: javascript: dropped
        assert got["marks"] == ["Khorog"]
        assert got["urls"] == [None, None, None, None, "https://example.org/a", "HTTP://x.org"]
        assert fx.HOSTILE_SENTENCE in got["search"]
        assert "onerror=alert(1)>" in got["csv"]
        assert page.evaluate("() => document.querySelectorAll('img[src=x]').length") == 0
        assert rec.dialogs == [] and rec.console_errors() == []


def test_event_labels_derived_in_the_page_match_the_layers(chromium_browser, map_file, fx):
    """Event layers ship no label: ``Sitmap.labelOf`` writes what the layer frames hold."""
    from layers import incidents, movements

    sit, bounds = fx.make_situation(), fx.make_boundaries()
    want = {}
    for name, module in (("incidents", incidents), ("movements", movements)):
        frame = module.build(sit, bounds)
        for event_id, label in zip(frame["event_id"], frame["label"], strict=True):
            want[f"{name}:{event_id}"] = label
    with open_page(chromium_browser, map_file) as (page, rec, _elapsed):
        got = page.evaluate(
            f"""() => {{
                const out = {{}};
                {STATE}.entries.filter(e => e.layer === 'incidents' || e.layer === 'movements')
                    .forEach(e => {{ out[e.layer + ':' + e.id] = Sitmap.labelOf(e.props); }});
                const e = {STATE}.entries.find(x => x.layer === 'incidents' && x.items.length);
                const m = e.items[0][0];
                m.fire("mouseover", {{ latlng: m.getLatLng() }}, true);  // binds the tooltip
                const tip = m.getTooltip() && m.getTooltip().getContent();
                return {{ out, tip: [typeof tip === 'function' ? tip(m).textContent : null,
                                     Sitmap.labelOf(e.props)] }};
            }}"""
        )
        assert got["out"] == want
        assert got["tip"][0] == got["tip"][1]
        assert rec.console_errors() == []
