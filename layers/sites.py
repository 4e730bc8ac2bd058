"""Sites: named military bases, training grounds, border posts and crossings.

>>> from geo.situation import Situation, Toponym
>>> t = Toponym(document="a1", start=0, end=8, text="Harb-Maidon", name="Harb-Maidon",
...             lat=37.56, lon=68.77, country_code="TJ", admin1="Khatlon", admin2=None,
...             feature="training_ground", geonameid=None, place_id="cur:harb-maidon",
...             precision=1, score=0.9)
>>> build(Situation(toponyms=(t,)))["kind"].tolist()
['training_ground']
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import geopandas as gpd
from shapely.geometry import Point

from geo.situation import Situation, Toponym
from layers.base import BoundariesLike, frame
from layers.style import SITES
from layers.text import toponym_popup

NAME = "sites"
TITLE = "Military sites & border posts"
TIME_AWARE = False
FEATURES: tuple[str, ...] = tuple(SITES)
COLUMNS = ("place_id", "feature", "mentions")


def style(row: dict[str, Any]) -> dict[str, Any]:
    """Colour of one site row."""
    return {"color": row["color"]}


def group_toponyms(
    toponyms: tuple[Toponym, ...], features: tuple[str, ...] | None = None
) -> dict[str, list[Toponym]]:
    """Mentions grouped by ``place_id`` (optionally only of some features), in order."""
    groups: dict[str, list[Toponym]] = defaultdict(list)
    for top in toponyms:
        if features is None or top.feature in features:
            groups[top.place_id].append(top)
    return dict(groups)


def build(situation: Situation, boundaries: BoundariesLike | None = None) -> gpd.GeoDataFrame:
    """One row per distinct named site among the resolved toponyms."""
    del boundaries
    rows = []
    for place_id, mentions in group_toponyms(situation.toponyms, FEATURES).items():
        first = mentions[0]
        sty = SITES[first.feature]
        rows.append(
            {
                "layer": NAME,
                "kind": first.feature,
                "name": first.name,
                "label": f"{sty['label']}: {first.name}",
                "color": sty["color"],
                "t0": None,
                "t1": None,
                "popup": toponym_popup(first.name, sty["label"], mentions),
                "place_id": place_id,
                "feature": first.feature,
                "mentions": len(mentions),
                "geometry": Point(first.lon, first.lat),
            }
        )
    return frame(rows, COLUMNS)
