"""The map's HTML: self-contained, escaped, with our controls — no browser needed."""

from __future__ import annotations

import re
from pathlib import Path

import folium
import pytest
from test_layers_build import fx

from geo.errors import InputError
from geo.situation import Situation
from layers.assets import inline_css_urls, map_assets, safe_inline
from layers.embed import embed_html
from layers.map import SituationMap, build_map, render_html, save_map


@pytest.fixture(scope="module")
def html() -> str:
    m = build_map(fx.make_situation(), boundaries=fx.make_boundaries(), title="Test map")
    return render_html(m)


def test_no_external_script_or_stylesheet(html):
    assert "<script src=" not in html
    assert "<link " not in html
    for bad in (
        "jquery",
        "bootstrap",
        "font-awesome",
        "awesome-markers",
        "cdn.jsdelivr",
        "fonts.googleapis",
        "unpkg.com",
    ):
        assert bad not in html.lower(), bad
    # CSS url() all data URIs
    styles = "".join(re.findall(r"<style[^>]*>(.*?)</style>", html, flags=re.S))
    for url in re.findall(r"url\(([^)]*)\)", styles):
        assert url.strip("'\"").startswith(("data:", "#")) or url == "none", url


def test_leaflet_and_markercluster_inlined(html):
    assert 'data-sitmap-asset="leaflet.js"' in html
    assert 'data-sitmap-asset="leaflet.markercluster.js"' in html
    assert 'data-sitmap-asset="sitmap.js"' in html
    assert "sourceMappingURL" not in html
    assert '"maxZoom": 14' in html


def test_hostile_strings_never_raw(html):
    assert "<script>alert" not in html
    assert "<img src=x onerror" not in html
    assert 'onmouseover="alert' not in html
    # the JSON data block escapes '</' so nothing can close the script element
    data = html.split('<script type="application/json"', 1)[1].split(">", 1)[1]
    data = data.split("</script>", 1)[0]
    assert "</" not in data and "<!--" not in data
    # article text travels as plain data, every '<' escaped (the page sets it as text)
    assert '\\u003cscript>alert(\\"xss\\")\\u003c/script>' in data


def test_controls_and_attribution(html):
    for marker in (
        "Sitmap.init(",
        "sm-layers",
        "sm-legend",
        "sm-time",
        "sm-fullscreen",
        "L.control.scale()",
        "GeoNames",
        "Natural Earth",
        "geoBoundaries",
    ):
        assert marker in html, marker
    assert "<title>Test map</title>" in html


def test_cdn_mode_references_versioned_urls():
    m = build_map(Situation(), boundaries=None, cdn=True)
    html = render_html(m)
    assert '<script src="https://unpkg.com/leaflet@1.9.3/dist/leaflet.js">' in html
    assert len(html) < 300_000


def test_tiles_adds_online_layer_and_attribution():
    m = build_map(Situation(), boundaries=None, tiles="OpenStreetMap.Mapnik")
    html = render_html(m)
    assert "tile.openstreetmap.org" in html
    assert "OpenStreetMap" in html and '"basemap": null' not in html
    with pytest.raises(InputError):
        build_map(Situation(), boundaries=None, tiles="No.Such.Provider")


def test_no_class_level_mutation():
    before = (list(folium.Map.default_js), list(folium.Map.default_css))
    build_map(Situation(), boundaries=None)
    assert SituationMap.default_js == () and SituationMap.default_css == ()
    assert (list(folium.Map.default_js), list(folium.Map.default_css)) == before


def test_layer_selection_and_window_validation():
    situation = fx.make_situation()
    html = render_html(
        build_map(
            situation, boundaries=None, layers=["incidents"], start="2021-07-01", end="2021-07-31"
        )
    )
    assert '"name":"incidents"' in html and '"name":"movements"' not in html
    assert '"start":"2021-07-01"' in html
    with pytest.raises(InputError):
        build_map(situation, boundaries=None, layers=["nope"])
    with pytest.raises(InputError):
        build_map(situation, boundaries=None, start="2022-01-01", end="2021-01-01")


def test_save_map_is_atomic(tmp_path: Path):
    out = save_map(build_map(Situation(), boundaries=None), tmp_path / "sub" / "m.html")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in out.parent.iterdir()] == ["m.html"]


def test_embed_and_repr_html():
    m = build_map(Situation(), boundaries=None)
    snippet = m._repr_html_()
    assert snippet.startswith("<iframe srcdoc=") and "sandbox=" in snippet
    assert "<script" not in snippet  # the document is attribute-escaped
    assert embed_html("<b>x</b>").count("&lt;b&gt;") == 1


def test_asset_helpers(tmp_path: Path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "a.png").write_bytes(b"\x89PNG")
    css = inline_css_urls("a{background:url(img/a.png)} b{background:url(../x.png)}", tmp_path)
    assert "data:image/png;base64," in css and "url(../x.png)" not in css
    assert safe_inline("x='</script>'", "js") == "x='<\\/script>'"
    assert [a.kind for a in map_assets()] == ["css"] * 5 + ["js"] * 4


def test_view_and_border_clip_ignore_an_outlier_on_another_continent():
    """One mislocated event (a country centroid in the US) must not zoom out to the world."""
    import dataclasses
    from datetime import date

    from geo.situation import Event, EventLocation
    from layers.map import _bounds, build_layers

    sit = fx.make_situation()
    stray = Event(
        id="e-stray",
        event_type="capture",
        event_date=date(2021, 7, 9),
        time_precision=1,
        location=EventLocation(name="United States", lat=37.26, lon=-99.74, precision=3),
    )
    far = dataclasses.replace(sit, events=(*sit.events, stray))
    frames = build_layers(far, None, fx.make_boundaries())
    (south, west), (north, east) = _bounds(frames, None)
    assert west > 40 and east < 100 and south > 20 and north < 55
    assert frames["borders"].total_bounds[0] > 40  # no US outlines in the clip
    assert "e-stray" in set(frames["incidents"]["event_id"])  # still drawn
    m = build_map(far, boundaries=fx.make_boundaries())
    assert "Outside the focus area" in render_html(m)


def test_two_theatres_get_a_switcher_and_every_map_a_panel():
    import importlib.util
    import json
    import re
    import sys
    from pathlib import Path

    from geo.boundaries import load_boundaries

    path = Path(__file__).parent / "data" / "world" / "world_fixture.py"
    spec = importlib.util.spec_from_file_location("world_fixture", path)
    wfx = importlib.util.module_from_spec(spec)
    sys.modules["world_fixture"] = wfx
    spec.loader.exec_module(wfx)
    html = render_html(build_map(wfx.two_theatres(), boundaries=load_boundaries()))
    assert "Sitmap.theatres(" in html and "Sitmap.panel(" in html
    assert "<script src=" not in html
    cfg = json.loads(
        re.search(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S)[1]
    )
    theatres = cfg["theatres"]
    assert [t["count"] for t in theatres] == [6, 4]
    (s, w), (n, e) = cfg["bounds"]
    assert 95 < w < e < 110 and 5 < s < n < 20  # opens on Cambodia–Thailand


def test_a_theatre_across_the_antimeridian_is_one_small_view():
    import json
    import re
    from datetime import date

    from geo.situation import Event, EventLocation, Situation

    def ev(i, lon):
        loc = EventLocation(f"Place {i}", -16.8 + i * 0.1, lon, 1, "FJ", "Northern")
        return Event(f"f{i}", "armed_clash", date(2024, 1, 1 + i), 1, loc)

    lons = [179.6, 179.9, -179.9, -179.7]
    far = [
        Event(f"t{i}", "armed_clash", date(2024, 2, 1), 1, EventLocation("X", 10.0, 20.0 + i, 1))
        for i in range(2)
    ]
    sit = Situation(events=(*[ev(i, x) for i, x in enumerate(lons)], *far))
    html = render_html(build_map(sit, boundaries=None))
    cfg = json.loads(
        re.search(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S)[1]
    )
    fiji = next(t for t in cfg["theatres"] if t["count"] == 4)
    (s, w), (n, e) = fiji["bounds"]
    assert e - w < 5 and w < 180 < e and s < n  # one small view across 180°, not the globe
    inc = next(spec for spec in cfg["layers"] if spec["name"] == "incidents")
    xs = sorted(g[0] for g in inc["rows"]["geom"][:4])
    assert xs[-1] - xs[0] < 1.0  # the two sides are drawn next to each other


def test_event_layers_do_not_repeat_the_popup_tables_names(html):
    """An incident's name is its first place name and a movement's its ``origin → destination``
    text, both in the popup table: the layers ship no name column (#15); the page reads it."""
    import json

    cfg = json.loads(
        re.search(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S)[1]
    )
    specs = {s["name"]: s for s in cfg["layers"]}
    assert specs["incidents"]["rows"]["from_events"] == {"name": "names"}
    assert specs["movements"]["rows"]["from_events"] == {"name": "move"}
    for name in ("incidents", "movements"):
        assert "name" not in specs[name]["rows"]["props"]
    assert "Tort-Kocho → Batken" in cfg["events"]["move"]


def test_big_config_is_packed_without_its_whole_json_text(monkeypatch):
    """A big map's data is gzipped as it is serialised, column by column (#15: the whole
    JSON text of 100,000 events, 35 MB and twice that as a Python string, was held at once);
    the packed bytes read back to the same JSON."""
    import base64
    import gzip
    import json

    from layers import controls

    config = {"layers": [{"rows": {"props": {c: list(range(30_000)) for c in "abc"}}}], "x": "é"}
    whole = controls.json_text(config)
    longest = []
    real = controls._json_bytes

    def recording(value):
        data = real(value)
        longest.append(len(data))
        return data

    monkeypatch.setattr(controls, "_json_bytes", recording)
    element = controls.SituationLayers(config, pack_above=100_000)
    assert max(longest) < len(whole) / 2
    assert element.json is None
    assert element.config is None  # its columns are not kept while the page is written
    assert gzip.decompress(base64.b64decode(element.packed)).decode() == whole
    monkeypatch.setattr(controls, "_json_bytes", real)
    assert controls.SituationLayers(config, pack_above=100_000).packed == element.packed
    assert json.loads(whole) == config
    small = controls.SituationLayers({"a": "</script>"})
    assert small.packed is None and "<\\/script>" not in small.json and "\\u003c" in small.json


def test_build_map_lets_go_of_the_layer_frames_it_built():
    """The frames a map builds for itself are freed once its columns are made (#15: about
    270 MB for 100,000 events, held until the page was written)."""
    import gc
    import weakref

    import layers.map as lm

    made = []
    real = lm.build_layers

    def recording(*args, **kwargs):
        frames = real(*args, **kwargs)
        made.extend(weakref.ref(f) for f in frames.values())
        return frames

    lm.build_layers = recording
    try:
        m = build_map(fx.make_situation(), boundaries=fx.make_boundaries())
    finally:
        lm.build_layers = real
    gc.collect()
    assert made and all(r() is None for r in made)
    assert not lm._POINTS_MEMO
    assert "Sitmap.init(" in render_html(m)
