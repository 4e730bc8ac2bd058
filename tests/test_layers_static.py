"""Static figures: PNG, SVG and PDF of the same layers, any bbox and date window."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_layers_build import fx

from geo.errors import InputError
from layers.static import render_static


@pytest.mark.parametrize("ext,magic", [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_formats(tmp_path: Path, ext, magic):
    out = render_static(
        fx.make_situation(), tmp_path / f"m.{ext}", boundaries=fx.make_boundaries(), title="Test"
    )
    assert out.read_bytes().startswith(magic)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"m.{ext}"]


def test_svg_has_title_window_legend_attribution(tmp_path: Path):
    out = render_static(
        fx.make_situation(),
        tmp_path / "m.svg",
        boundaries=fx.make_boundaries(),
        bbox=(69.5, 39.3, 71.5, 40.5),
        start="2022-01-01",
        end="2022-01-31",
        title="Kyrgyz–Tajik clash",
    )
    svg = out.read_text(encoding="utf-8")
    for text in (
        "Kyrgyz–Tajik clash",
        "1 Jan 2022 – 31 Jan 2022",
        "Armed clash",
        "GeoNames",
        "Natural Earth",
    ):
        assert text in svg, text
    assert "Forces cross border" not in svg  # outside the window


def test_bad_format(tmp_path: Path):
    with pytest.raises(InputError):
        render_static(fx.make_situation(), tmp_path / "m.gif", boundaries=None)


def test_every_event_type_has_its_own_style():
    """A new event type of the engine gets a colour and label, not the grey 'Other'."""
    from geo.situation import EVENT_TYPES
    from layers.style import INCIDENTS

    assert set(EVENT_TYPES) <= set(INCIDENTS)
    assert len({v["color"] for v in INCIDENTS.values()}) == len(INCIDENTS)
