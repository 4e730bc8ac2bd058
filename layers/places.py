"""Places: every resolved toponym, once per place, for auditing the geoparser.

Off by default on the map.

>>> from geo.situation import Situation
>>> list(build(Situation()).columns)[:3]
['layer', 'kind', 'name']
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
from shapely.geometry import Point

from geo.situation import Situation
from layers.base import BoundariesLike, frame
from layers.sites import group_toponyms
from layers.text import toponym_popup

NAME = "places"
TITLE = "All resolved places (audit)"
TIME_AWARE = False
COLOR = "#34495e"
COLUMNS = ("place_id", "feature", "mentions", "precision")


def style(row: dict[str, Any]) -> dict[str, Any]:
    """Small neutral dot; precision 3 places drawn hollow."""
    return {"color": COLOR, "hollow": row.get("precision", 1) >= 3}


def build(situation: Situation, boundaries: BoundariesLike | None = None) -> gpd.GeoDataFrame:
    """One row per distinct ``place_id`` with its number of mentions."""
    del boundaries
    rows = []
    for place_id, mentions in group_toponyms(situation.toponyms).items():
        first = mentions[0]
        rows.append(
            {
                "layer": NAME,
                "kind": first.feature,
                "name": first.name,
                "label": f"{first.name} ({first.feature}, {len(mentions)}×)",
                "color": COLOR,
                "t0": None,
                "t1": None,
                "popup": toponym_popup(first.name, first.feature, mentions),
                "place_id": place_id,
                "feature": first.feature,
                "mentions": len(mentions),
                "precision": first.precision,
                "geometry": Point(first.lon, first.lat),
            }
        )
    return frame(rows, COLUMNS)
