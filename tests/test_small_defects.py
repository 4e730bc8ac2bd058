"""The smaller output defects of issue 14, one test each: exports, exit codes, static figures."""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import pytest
from click.testing import CliRunner
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from shapely.geometry import LineString, Point
from test_layers_build import fx

from geo.situation import Situation
from layers import exports, static
from layers.build import save_situation
from layers.map import build_layers
from sitmap.cli import main


@pytest.fixture(scope="module")
def situation_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("situation")
    save_situation(fx.make_situation(), folder / "situation.json")
    return folder


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_geojson_export_without_out_stays_out_of_the_package(
    situation_dir, tmp_path, monkeypatch, boundaries
):
    monkeypatch.chdir(tmp_path)
    result = invoke(
        "export",
        "--format",
        "geojson",
        "--situation",
        str(situation_dir),
        "--layers",
        "incidents,sites",
    )
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "layers").exists()
    assert sorted(p.name for p in (tmp_path / "sitmap-export").iterdir()) == [
        "incidents.geojson",
        "sites.geojson",
    ]


def test_geojson_export_to_a_file_is_one_feature_collection(situation_dir, tmp_path, boundaries):
    out = tmp_path / "x.geojson"
    result = invoke(
        "export",
        "--format",
        "geojson",
        "--situation",
        str(situation_dir),
        "--layers",
        "incidents,sites",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert out.is_file()
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert {f["properties"]["layer"] for f in data["features"]} == {"incidents", "sites"}


@pytest.mark.parametrize(
    "args",
    [
        ["map", "--bbox", "1,2,3"],
        ["map", "--from", "2021-13-01"],
        ["map", "--from", "2021-07-05", "--to", "2021-07-01"],
        ["map", "--layers", "nope"],
        ["map", "--tiles", "No.Such.Tiles"],
        ["export", "--format", "gpkg", "--layers", "incidents,nope"],
        ["export", "--format", "png", "--bbox", "x", "--out", "a.png"],
        ["export", "--format", "png", "--out", "a.jpg"],
        ["export", "--format", "geojson", "--out", "a.json"],
        ["layers", "build", "nope"],
        ["where", "abc", "70"],
        ["where", "91", "70"],
        ["where", "40", "181"],
        ["build", "--workers", "0"],
        ["geoparse"],
        ["export"],
        ["nonsense"],
    ],
)
def test_usage_errors_exit_2(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, (args, result.output)
    assert "Traceback" not in result.output
    assert not list(tmp_path.iterdir()), "a usage error wrote something"


def test_title_with_dollars_is_plain_text(situation_dir, tmp_path, boundaries):
    out = tmp_path / "m.svg"
    result = invoke(
        "export",
        "--format",
        "svg",
        "--situation",
        str(situation_dir),
        "--title",
        "Costs: $5 and $x^2$ $",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert "Costs: $5 and $x^2$ $" in out.read_text(encoding="utf-8")


@pytest.fixture
def drawn(monkeypatch):
    """Render with the figure kept for inspection."""
    kept: list[Figure] = []
    real = Figure.savefig

    def savefig(self, *args, **kwargs):
        kept.append(self)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", savefig)
    return kept


def test_movement_arrows_are_clipped_to_the_map(drawn, tmp_path):
    situation = fx.make_situation()
    frames = build_layers(situation, ["movements"], None)
    assert not frames["movements"].empty
    (x0, y0), (x1, y1) = (
        frames["movements"].geometry.iloc[0].coords[0],
        frames["movements"].geometry.iloc[0].coords[-1],
    )
    # A window holding the start of the movement only: the arrow must stop at its edge.
    bbox = (x0 - 0.05, y0 - 0.05, x0 + 0.05 + abs(x1 - x0) / 3, y0 + 0.05 + abs(y1 - y0) / 3)
    static.render_static(
        situation, tmp_path / "m.png", layers=["movements"], boundaries=None, bbox=bbox
    )
    ax = drawn[0].axes[0]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert arrows
    for arrow in arrows:  # the axes rectangle becomes a clip box
        assert arrow.get_clip_on()
        assert arrow.get_clip_box() is not None or arrow.get_clip_path() is not None


def test_axis_labels_fit_on_the_page(drawn, tmp_path):
    static.render_static(
        fx.make_situation(), tmp_path / "m.png", boundaries=None, bbox=(69.5, 39.3, 71.5, 40.5)
    )
    fig = drawn[0]
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    page = fig.bbox
    ax = fig.axes[0]
    assert ax.get_ylabel() and ax.get_xlabel()
    for text in [ax.yaxis.label, ax.xaxis.label, *ax.get_yticklabels(), *ax.get_xticklabels()]:
        if not text.get_text():
            continue
        box = text.get_window_extent(renderer)
        assert page.x0 <= box.x0 and box.x1 <= page.x1, text.get_text()
        assert page.y0 <= box.y0 and box.y1 <= page.y1, text.get_text()


def test_borders_are_drawn_when_called_as_in_the_readme(monkeypatch, tmp_path):
    calls = []

    def default():
        calls.append(1)
        return fx.make_boundaries()

    monkeypatch.setattr(static, "default_boundaries", default)
    out = static.render_static(
        fx.make_situation(), tmp_path / "figure.svg", bbox=(69.5, 39.3, 71.5, 40.5)
    )
    assert calls == [1]
    assert "Border in the news" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("page,size", [("A4", (595.3, 841.9)), ("Letter", (612.0, 792.0))])
@pytest.mark.parametrize("bbox", [(60.0, 35.0, 75.0, 41.0), (70.0, 30.0, 71.0, 42.0)])
def test_pdf_page_is_a4_or_letter(tmp_path, page, size, bbox):
    out = static.render_static(
        Situation(), tmp_path / "m.pdf", boundaries=None, bbox=bbox, page=page
    )
    box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", out.read_bytes())
    assert box is not None
    got = sorted((float(box.group(1)), float(box.group(2))))
    assert got == pytest.approx(sorted(size), abs=1.5)


def test_gpkg_layers_have_real_geometry_types_and_never_mix():
    import pyogrio

    mixed = gpd.GeoDataFrame(
        {"name": ["a", "b"]},
        geometry=[Point(70, 40), LineString([(70, 40), (71, 41)])],
        crs="EPSG:4326",
    )
    frames = {
        **build_layers(fx.make_situation(), None, fx.make_boundaries()),
        "control_claims": mixed,
    }
    path = Path(pytest.importorskip("tempfile").mkdtemp()) / "s.gpkg"
    exports.write_gpkg(frames, path)
    layers = {name: kind for name, kind in pyogrio.list_layers(path)}
    assert "Unknown" not in layers.values()
    assert layers["control_claims_point"] == "Point"
    assert layers["control_claims"] == "LineString"  # the main family keeps the name
    assert layers["incidents"] == "Point"
    for name in layers:
        kinds = set(gpd.read_file(path, layer=name).geom_type.dropna())
        assert len({k.removeprefix("Multi") for k in kinds}) <= 1, name


def test_geoparquet_has_no_empty_points(tmp_path):
    situation = fx.make_situation()
    out = exports.write_events_parquet(situation, tmp_path / "e.parquet")
    gdf = gpd.read_parquet(out)
    assert len(gdf) == len(situation.events)
    assert not gdf.geometry.dropna().is_empty.any()
    unlocated = gdf["latitude"].isna()
    assert gdf.geometry[unlocated].isna().all()
    assert gdf.geometry[~unlocated].notna().all()
