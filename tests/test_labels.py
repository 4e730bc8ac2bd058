"""Label selection (layers/labels.py) on several continents and across the antimeridian."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from label_situations import situation

from geo.boundaries import load_boundaries
from geo.situation import Situation
from layers.labels import (
    CELL_PX,
    MAX_ZOOM,
    Label,
    labels_config,
    load_towns,
    mercator_y,
    select_labels,
    static_zoom,
    thin_by_grid,
    town_minzoom,
)


@pytest.fixture(scope="module")
def boundaries():
    return load_boundaries()


def names(labels, kind=None):
    return {lab.name for lab in labels if kind is None or lab.kind == kind}


@pytest.mark.parametrize(
    ("bbox", "countries", "capitals"),
    [
        ((100.0, 12.0, 106.0, 16.0), {"Thailand", "Cambodia"}, {"Bangkok", "Phnom Penh"}),
        ((28.0, -3.0, 30.5, -1.0), {"Rwanda", "Burundi"}, {"Kigali", "Gitega"}),
        ((-70.0, -18.0, -67.0, -15.0), {"Bolivia", "Peru"}, {"Sucre"}),  # GeoNames
        ((35.0, 47.0, 40.0, 51.0), {"Ukraine", "Russia"}, set()),
        ((68.0, 36.0, 72.0, 40.0), {"Tajikistan", "Afghanistan"}, {"Dushanbe"}),
    ],
)
def test_countries_and_capitals_on_every_continent(boundaries, bbox, countries, capitals):
    labels = select_labels(bbox, boundaries, Situation())
    assert countries <= names(labels, "country")
    assert capitals <= names(labels, "capital")
    assert names(labels, "admin1"), "first-level units are labelled"
    assert len(names(labels, "town")) >= 20
    towns = [lab for lab in labels if lab.kind == "town"]
    assert {lab.minzoom for lab in towns} >= {7, 8}, "towns come in at several zooms"


def test_rank_order_and_zoom_ranges(boundaries):
    labels = select_labels((100.0, 12.0, 106.0, 16.0), boundaries, situation("thailand_cambodia"))
    ranks = [lab.rank for lab in labels]
    assert ranks == sorted(ranks)
    assert labels[0].kind == "news"
    admin1 = [lab for lab in labels if lab.kind == "admin1" and not lab.news]
    assert admin1 and all(lab.minzoom >= 5 and lab.maxzoom <= 10 for lab in admin1)
    assert all(lab.minzoom <= lab.maxzoom for lab in labels)


def test_news_places_are_labelled_prominently(boundaries):
    labels = select_labels((100.0, 12.0, 106.0, 16.0), boundaries, situation("thailand_cambodia"))
    news = [lab for lab in labels if lab.kind == "news"]
    assert {"Preah Vihear", "Aranyaprathet", "Poipet"} == {lab.name for lab in news}
    assert all(lab.news and lab.minzoom == 3 and lab.maxzoom == MAX_ZOOM for lab in news)
    # a country the news names is emphasised, never labelled at its conventional point
    cambodia = [lab for lab in labels if lab.name == "Cambodia"]
    assert [lab.kind for lab in cambodia] == ["country"] and cambodia[0].news
    thailand = [lab for lab in labels if lab.name == "Thailand"]
    assert not thailand[0].news


def test_news_province_is_emphasised(boundaries):
    labels = select_labels((28.0, -3.0, 30.5, -1.0), boundaries, situation("drc_rwanda"))
    kivu = [lab for lab in labels if lab.name == "Nord-Kivu"]  # NE's name for North Kivu
    assert [(lab.kind, lab.news, lab.minzoom) for lab in kivu] == [("admin1", True, 3)]
    assert not next(lab for lab in labels if lab.name == "Sud-Kivu").news
    # naming a province does not put its country in the news
    assert not [lab for lab in labels if lab.kind == "country" and lab.news]
    assert {"Goma", "Gisenyi", "Bukavu"} <= names(labels, "news")
    # the news label replaces the town label of the same place
    assert "Goma" not in names(labels, "town")


def test_antimeridian_labels_are_shifted_east(boundaries):
    labels = select_labels((176.0, -20.0, -178.0, -15.0), boundaries, situation("fiji"), margin=1)
    suva = [lab for lab in labels if lab.name == "Suva"]
    assert suva and suva[0].kind == "news"
    assert "Fiji" in names(labels, "country")
    xs = [lab.lon for lab in labels if lab.maxzoom > 5]  # not the world view's countries
    assert min(xs) >= 175.0 and max(xs) <= 183.0
    assert any(x > 180.0 for x in xs), "places west of 180° are moved next to the others"


def test_towns_thinned_per_zoom(boundaries):
    labels = select_labels((-75.0, 38.0, -72.0, 42.0), boundaries, Situation())  # New York
    towns = [lab for lab in labels if lab.kind in ("town", "capital")]
    counts = [sum(lab.minzoom <= z for lab in towns) for z in range(3, 13)]
    assert counts == sorted(counts) and counts[-1] > 3 * max(counts[2], 1)
    for zoom in range(3, 12):
        cell = CELL_PX * 360.0 / (256.0 * 2.0**zoom)
        shown = [lab for lab in towns if lab.minzoom <= zoom]
        keys = {(np.floor(lab.lon / cell), np.floor(mercator_y(lab.lat) / cell)) for lab in shown}
        assert len(keys) == len(shown), f"two towns share a grid cell at zoom {zoom}"


def test_small_towns_only_near_the_news(boundaries):
    quiet = select_labels((28.0, -3.0, 30.5, -1.0), boundaries, Situation())
    busy = select_labels((28.0, -3.0, 30.5, -1.0), boundaries, situation("drc_rwanda"))
    news = [lab for lab in busy if lab.kind == "news"]
    extra = [lab for lab in busy if lab.kind == "town" and lab.name not in names(quiet, "town")]
    assert len(extra) >= 5
    for lab in extra:
        assert any(abs(lab.lon - n.lon) <= 1.5 and abs(lab.lat - n.lat) <= 1.5 for n in news)


def test_max_labels_keeps_the_important_ones(boundaries):
    labels = select_labels(
        (100.0, 12.0, 106.0, 16.0), boundaries, situation("thailand_cambodia"), max_labels=30
    )
    assert len(labels) == 30
    assert {"Preah Vihear", "Thailand", "Bangkok"} <= names(labels)


def test_world_view_names_large_countries_only_when_zoomed_out(boundaries):
    labels = select_labels((28.0, -3.0, 30.5, -1.0), boundaries, Situation())
    far = {lab.name: lab for lab in labels if lab.kind == "country" and lab.maxzoom <= 5}
    assert {"Brazil", "China", "Australia"} <= set(far)
    assert "Malta" not in far and "Rwanda" not in far


def test_no_boundaries_still_gives_towns():
    labels = select_labels((100.0, 12.0, 106.0, 16.0), None, Situation())
    assert "Bangkok" in names(labels) and not names(labels, "country")


def test_empty_extent_without_towns():
    empty = load_towns().iloc[:0]
    assert select_labels((0.0, 0.0, 1.0, 1.0), None, Situation(), towns=empty, margin=0) == []


def test_town_tiers_and_grid():
    assert town_minzoom(np.array([5_000_000, 400_000, 150_000, 40_000, 600])).tolist() == [
        4,
        5,
        6,
        7,
        11,
    ]
    lon = np.array([10.0, 10.001, 10.5])
    shown = thin_by_grid(lon, np.zeros(3), np.array([3, 3, 3]), (3, 12))
    assert shown[0] == 3 and shown[1] == -1  # a near-duplicate never wins a cell
    assert shown[2] > 3


def test_town_table():
    towns = load_towns()
    assert len(towns) > 200_000
    assert towns["population"].is_monotonic_decreasing
    caps = towns[towns["capital"]]
    assert {"Kigali", "Bangkok", "Dushanbe", "Suva", "Lima"} <= set(caps["name"])
    assert not caps.duplicated("country").any()


def test_config_is_compact_and_ordered():
    cfg = labels_config([Label("Goma", 29.2228, -1.6792, "news", 3, 18, 0, news=True)])
    assert cfg["kinds"][0] == "news"
    assert cfg["items"] == [["Goma", 29.2228, -1.6792, 0, 3, 18, 1]]


def test_static_zoom_matches_web_zoom():
    assert static_zoom((0.0, 0.0, 360.0, 1.0), 512.0) == pytest.approx(1.0)
    assert static_zoom((170.0, 0.0, -170.0, 1.0), 256.0) == pytest.approx(np.log2(18.0))


def test_towns_frame_shape():
    towns = load_towns()
    assert list(towns.columns) == [
        "geonameid",
        "name",
        "lon",
        "lat",
        "country",
        "population",
        "capital",
    ]
    assert pd.api.types.is_bool_dtype(towns["capital"])


def test_static_export_has_labels_without_overlaps(boundaries, tmp_path):
    from matplotlib.figure import Figure

    from layers.static import draw_labels, render_static

    fig = Figure(figsize=(8, 6), dpi=100)
    ax = fig.add_axes((0.05, 0.05, 0.9, 0.9))
    bbox = (27.5, -3.5, 31.0, -0.5)
    ax.set_xlim(bbox[0], bbox[2])
    ax.set_ylim(bbox[1], bbox[3])
    placed = draw_labels(fig, ax, situation("drc_rwanda"), boundaries, bbox)
    assert placed >= 15
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert len(boxes) == placed
    assert not [(i, j) for i, a in enumerate(boxes) for j in range(i) if a.overlaps(boxes[j])]
    texts = {t.get_text() for t in ax.texts}
    assert {"Bukavu", "Kigali", "RWANDA"} <= texts

    out = render_static(situation("drc_rwanda"), tmp_path / "drc.svg", boundaries=boundaries,
                        bbox=bbox)  # fmt: skip
    svg = out.read_text(encoding="utf-8")
    assert svg.count('id="sm-label-') >= 15


def test_lines_and_units_get_no_point_label(boundaries):
    from dataclasses import replace

    base = situation("thailand_cambodia")
    extra = tuple(
        replace(base.toponyms[0], name=name, feature=feature, place_id=name)
        for name, feature in (
            ("KHM–THA", "border"),
            ("Route 67", "road"),
            ("Anlong Veng", "admin2"),
        )
    )
    labels = select_labels(
        (100.0, 12.0, 106.0, 16.0), boundaries, replace(base, toponyms=base.toponyms + extra)
    )
    assert not {"KHM–THA", "Route 67", "Anlong Veng"} & names(labels, "news")


def test_unit_anchors_only_near_the_extent(boundaries, monkeypatch):
    """A map of one region computes the inscribed-circle anchors of its units, not the world's
    (#15: the world's 4,600 provinces took 2–3 s of every map build); same labels either way.
    """
    import copy

    import layers.labels as lab

    bbox = (68.0, 36.0, 72.0, 40.0)
    fresh = copy.copy(boundaries)  # hashes by identity: a cache of its own
    computed = []
    real = lab._interior_points

    def counting(geoms):
        computed.append(len(geoms))
        return real(geoms)

    monkeypatch.setattr(lab, "_interior_points", counting)
    near = select_labels(bbox, fresh, Situation())
    first = sum(computed)
    assert first < 600, f"{first} anchors computed for a 4°×4° map"
    assert len(boundaries.admin1) > 4000
    computed.clear()
    assert select_labels(bbox, fresh, Situation()) == near
    assert sum(computed) <= first // 2, "anchors are computed once per unit"
    # the same labels as from the anchors of every unit in the world
    whole = lab._compute_all_unit_points
    monkeypatch.setattr(lab, "_unit_points", lambda b, level, extent=None: whole(b, level))
    assert select_labels(bbox, fresh, Situation()) == near
