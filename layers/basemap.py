"""The offline vector basemap: land, countries, lakes and rivers (Natural Earth 1:50m).

Stored in ``layers/data/basemap.geojson`` (see ``layers/data/SOURCES.md``;
regenerate with ``tools/build_basemap.py``). Loaded on first use, never at import.

>>> sorted(k for k in load_basemap() if k in LAYERS)
['countries', 'lakes', 'land', 'rivers']
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import geopandas as gpd

from layers.style import BASEMAP

LAYERS: tuple[str, ...] = ("land", "countries", "lakes", "rivers")


@cache
def load_basemap() -> dict[str, Any]:
    """The basemap document: one GeoJSON FeatureCollection per layer, plus provenance."""
    text = resources.files("layers").joinpath("data", "basemap.geojson").read_text("utf-8")
    return json.loads(text)


def basemap_frames() -> dict[str, gpd.GeoDataFrame]:
    """Each basemap layer as a GeoDataFrame in EPSG:4326 (for the static figures)."""
    doc = load_basemap()
    return {
        name: gpd.GeoDataFrame.from_features(doc[name]["features"], crs="EPSG:4326")
        for name in LAYERS
    }


def basemap_config() -> dict[str, Any]:
    """What the map's JavaScript needs to draw the basemap."""
    doc = load_basemap()
    return {
        **{name: doc[name] for name in LAYERS},
        "colors": dict(BASEMAP),
        "titles": {"land": "Land & countries", "water": "Rivers & lakes"},
    }
