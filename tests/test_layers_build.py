"""Each layer's build(): rows, columns, styles and time spans from the synthetic situation."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from layers import LAYER_NAMES, borders, control_claims, incidents, movements, places, sites
from layers.base import normalize_dyad
from layers.text import esc, extent_label, highlight, safe_url

FIXTURE = Path(__file__).parent / "data" / "layers" / "layers_fixture.py"


def load_fixture():
    if "layers_fixture" in sys.modules:
        return sys.modules["layers_fixture"]
    spec = importlib.util.spec_from_file_location("layers_fixture", FIXTURE)
    module = importlib.util.module_from_spec(spec)
    sys.modules["layers_fixture"] = module
    spec.loader.exec_module(module)
    return module


fx = load_fixture()


@pytest.fixture(scope="module")
def situation():
    return fx.make_situation()


@pytest.fixture(scope="module")
def bounds():
    return fx.make_boundaries()


@pytest.mark.parametrize("module", [borders, control_claims, incidents, movements, places, sites])
def test_every_layer_has_base_columns_and_wgs84(module, situation, bounds):
    gdf = module.build(situation, bounds)
    assert gdf.crs.to_epsg() == 4326
    for col in ("layer", "kind", "name", "label", "color", "t0", "t1", "popup"):
        assert col in gdf.columns
    assert not gdf.empty
    assert set(gdf["layer"]) == {module.NAME}
    assert module.NAME in LAYER_NAMES


def test_incidents_one_per_located_event(situation):
    gdf = incidents.build(situation)
    located = [e for e in situation.events if e.location and e.location.lat is not None]
    assert len(gdf) == len(located)
    row = gdf.set_index("event_id").loc["e-tk"]
    assert row["shape"] == "star" and row["precision"] == 1 and row["radius_m"] == 0
    vorukh = gdf.set_index("event_id").loc["e-vor"]
    assert vorukh["precision"] == 2 and vorukh["radius_m"] > 0
    # size grows with counts
    sizes = gdf.set_index("event_id")["size"]
    assert sizes["e-mob"] > sizes["e-tk"] > sizes["e-vor"]


def test_time_spans_cover_precision_and_intervals(situation):
    gdf = incidents.build(situation).set_index("event_id")
    assert (gdf.loc["e-tk", "t0"], gdf.loc["e-tk", "t1"]) == ("2022-01-27", "2022-01-27")
    assert (gdf.loc["e-kb", "t0"], gdf.loc["e-kb", "t1"]) == ("2022-01-27", "2022-01-30")
    assert (gdf.loc["e-shk", "t0"], gdf.loc["e-shk", "t1"]) == ("2021-06-22", "2021-06-28")
    assert (gdf.loc["e-201", "t0"], gdf.loc["e-201", "t1"]) == ("2021-07-01", "2021-07-31")


def test_movements_arrow_from_origin_to_destination(situation):
    gdf = movements.build(situation).set_index("event_id")
    assert set(gdf.index) == {"e-flee", "e-evac"}
    line = gdf.loc["e-flee", "geometry"]
    assert line.coords[0] == (68.857, 36.728) and line.coords[-1] == (69.098, 37.237)
    assert gdf.loc["e-evac", "width"] > gdf.loc["e-flee", "width"]


def test_control_claim_label_and_geometry(situation, bounds):
    gdf = control_claims.build(situation, bounds).set_index("event_id")
    border = gdf.loc["e-claim"]
    assert border["kind"] == "border_claim"
    # a stated fraction is a claim drawn thin and labelled, never the whole line held
    assert border["label"] == "claimed: ≈ 2/3 of AFG–TJK, Taliban, per Russian MFA, 9 Jul 2021"
    assert bool(border["partial"]) is True
    assert border["geometry"].geom_type == "MultiLineString"
    assert gdf.loc["e-shk", "status"] == "seized"
    assert gdf.loc["e-kb", "status"] == "closed"
    assert gdf.loc["e-ish", "status"] == "captured"
    assert gdf.loc["e-ish", "geometry"].geom_type == "Polygon"  # admin-2 polygon found
    assert gdf.loc["e-bad", "status"] == "contested"
    assert gdf.loc["e-bad", "t1"] == "2021-07-31"


def test_control_claims_without_boundaries_fall_back_to_points(situation):
    gdf = control_claims.build(situation, None).set_index("event_id")
    assert gdf.loc["e-claim", "geometry"].geom_type == "Point"
    assert gdf.loc["e-ish", "radius_m"] > 0


def test_borders_emphasise_the_situations_dyads(situation, bounds):
    gdf = borders.build(situation, bounds)
    focus = gdf[gdf["kind"] == "focus"]
    assert set(focus["dyad"]) == {"AFG–TJK", "KGZ–TJK"}
    assert {"admin1", "admin2"} <= set(gdf["kind"])
    assert borders.build(situation, None).empty


def test_sites_and_places(situation):
    s = sites.build(situation)
    assert set(s["kind"]) == {"military_base", "training_ground", "border_post", "border_crossing"}
    assert "Harb-Maidon" in set(s["name"])
    p = places.build(situation)
    assert len(p) == len({t.place_id for t in situation.toponyms})
    assert p["mentions"].sum() == len(situation.toponyms)


@pytest.mark.parametrize("module", [incidents, movements])
def test_event_layers_are_built_column_wise(module, bounds, monkeypatch):
    """No dict per event (#15): the frame comes from one list per column, same columns."""
    large = fx.make_large_situation(400)
    columns = list(module.build(large, bounds).columns)
    import layers.base

    original = layers.base.frame

    def no_rows(rows, columns=()):
        rows = list(rows)
        assert not rows, "event rows handed over as dicts"
        return original(rows, columns)

    # the layer and the shared frame builders it calls (layers.base.tuples_frame)
    monkeypatch.setattr(layers.base, "frame", no_rows)
    monkeypatch.setattr(module, "frame", no_rows, raising=False)
    gdf = module.build(large, bounds)
    assert list(gdf.columns) == columns and len(gdf) > 50
    assert gdf.geometry.notna().sum() > 50
    # text is kept as Python strings: read back as lists (the map's columns), not copied
    assert gdf["label"].tolist()[0] is gdf["label"].tolist()[0]


def test_popup_html_escapes_article_strings(situation):
    """The HTML popups (control claims, static exports) escape every article string."""
    from layers.base import event_title
    from layers.text import event_popup

    event = next(e for e in situation.events if e.id == "e-evil")
    popup = event_popup(event, event_title(event), situation.toponyms)
    assert "<script" not in popup and "<img" not in popup and "<b onmouseover" not in popup
    assert "&lt;script&gt;" in popup and "&lt;img src=x onerror=alert(1)&gt;" in popup
    assert "javascript:" not in popup  # unsafe link dropped
    assert "<mark>Khorog</mark>" in popup


def test_event_layers_carry_no_popup_html(situation):
    """Incident and movement popups are built in the page from the popup table."""
    assert incidents.build(situation)["popup"].isna().all()
    assert movements.build(situation)["popup"].isna().all()


def test_popup_table_has_every_field_as_plain_text(situation):
    from layers.popups import popup_table

    events, sources, rows = popup_table(situation, ["e-tk", "e-evil", "nope", "e-tk"])
    assert rows == {"e-tk": 0, "e-evil": 1}  # once each, unknown ids skipped
    tk = {k: v[0] for k, v in events.items()}
    assert tk["title"] == "Armed clash" and tk["date"] == "27 Jan 2022" and tk["tprec"] == 1
    assert "Kyrgyz border guards" in tk["actors"]
    assert "killed: 2" in tk["counts"] and "injured: 11" in tk["counts"]
    (src,) = tk["src"]
    assert sources["outlet"][src] == "AKIpress"
    assert sources["url"][src] == "https://example.org/akipress/tort-kocho"
    text = sources["text"][src]
    # the toponyms the page may highlight: offsets into the sentence, with the place's name
    assert [name for lo, hi, name in sources["tops"][src] if text[lo:hi] == "Tort-Kocho"] == [
        "Tort-Kocho"
    ]
    assert "Tort-Kocho" in events["names"][0]
    # article text stays as written (the page sets it as text, never as HTML)
    evil = sources["text"][events["src"][1][0]]
    assert evil == fx.HOSTILE_SENTENCE
    assert sources["outlet"][events["src"][1][0]] == fx.HOSTILE_OUTLET


def test_text_helpers():
    assert esc("<a>") == "&lt;a&gt;"
    assert extent_label({"fraction": 0.5}) == "≈ 1/2"
    assert extent_label({"fraction": 0.37}) == "≈ 37%"
    assert extent_label({"text": "most"}) == "most"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("https://x.org/a") == "https://x.org/a"
    assert highlight("a <b> c", [(2, 5)]) == "a <mark>&lt;b&gt;</mark> c"
    assert normalize_dyad("TJK-KGZ") == "KGZ–TJK"
    assert normalize_dyad("nonsense") is None


WORLD = Path(__file__).parent / "data" / "world" / "world_fixture.py"


@pytest.fixture(scope="module")
def wfx():
    spec = importlib.util.spec_from_file_location("world_fixture", WORLD)
    module = importlib.util.module_from_spec(spec)
    sys.modules["world_fixture"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def world_boundaries():
    from geo.boundaries import load_boundaries

    return load_boundaries()


def test_country_only_events_are_never_points(wfx, world_boundaries):
    sit = wfx.country_only()
    inc = incidents.build(sit, world_boundaries).set_index("event_id")
    assert inc.loc["co-rw", "placement"] == "border" and inc.loc["co-rw", "dyad"] == "COD–RWA"
    assert inc.loc["co-sd", "placement"] == "border" and inc.loc["co-sd", "dyad"] == "SDN–SSD"
    assert inc.loc["co-gy", "placement"] == "area"
    assert inc.loc["co-cam", "dyad"] == "KHM–THA"
    points = {
        (round(g.x, 3), round(g.y, 3))
        for g in inc.geometry
        if g is not None and g.geom_type == "Point"
    }
    for _name, lat, lon in wfx.country_points().values():
        assert (round(lon, 3), round(lat, 3)) not in points
    # the same event without boundaries: listed only, still in the frame
    bare = incidents.build(sit).set_index("event_id")
    assert bare.loc["co-gy", "placement"] == "list" and bare.loc["co-gy", "geometry"] is None


def test_movements_never_run_centre_to_centre(wfx, world_boundaries):
    from geo.boundaries import load_boundaries

    mov = movements.build(wfx.country_only(), load_boundaries()).set_index("event_id")
    borders = world_boundaries.borders.set_index("dyad").geometry
    ve = mov.loc["mv-ve", "geometry"]
    assert ve.intersects(borders["COL–VEN"]) and ve.length < 1.0
    assert mov.loc["mv-am", "placement"] == "list" and mov.loc["mv-am", "geometry"] is None
    pl = mov.loc["mv-pl", "geometry"]
    assert pl.coords[-1] == pytest.approx((23.65, 53.51)) and pl.length < 0.6
    # two fine ends: the arrow joins them as before
    two = movements.build(wfx.world_situation(), world_boundaries).set_index("event_id")
    assert two.loc["co-1", "geometry"].coords[0] == (-72.44, 7.81)
