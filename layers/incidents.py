"""Incidents: one marker per located event, symbol by type, size by counts.

Geo precision stays visible: precision 1 is a plain point; 2 and 3 carry a
``radius_m`` the map shades around the point (and the static figure buffers).

>>> from geo.situation import Situation
>>> build(Situation()).empty
True
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
from shapely.geometry import Point

from geo.situation import Situation
from layers.base import BoundariesLike, event_title, frame, has_point, iso_span
from layers.style import PRECISION_RADIUS_M, count_total, incident_style, marker_size
from layers.text import event_popup, span_label

NAME = "incidents"
#: Toponym features that stand for a whole area, not a point.
AREA_FEATURES = frozenset({"country", "continent", "region"})
TITLE = "Incidents"
TIME_AWARE = True
COLUMNS = (
    "event_id",
    "event_type",
    "shape",
    "size",
    "precision",
    "radius_m",
    "count",
    "country_level",
)


def style(row: dict[str, Any]) -> dict[str, Any]:
    """Leaflet/matplotlib style of one incident row."""
    return {"color": row["color"], "shape": row["shape"], "size": row["size"]}


def build(situation: Situation, boundaries: BoundariesLike | None = None) -> gpd.GeoDataFrame:
    """One row per event that has a point location.

    >>> from datetime import date
    >>> from geo.situation import Event, EventLocation, Situation
    >>> loc = EventLocation(name="Tort-Kocho", lat=39.95, lon=70.53, precision=1)
    >>> ev = Event(id="e1", event_type="armed_clash", event_date=date(2022, 1, 27),
    ...            time_precision=1, location=loc)
    >>> build(Situation(events=(ev,)))[["event_type", "precision", "t0"]].values.tolist()
    [['armed_clash', 1, '2022-01-27']]
    """
    del boundaries  # incidents are points; boundaries are not needed
    # Places that are whole countries, continents or named regions: the point is
    # only their centre, so a shaded radius around it would claim a precision the
    # source does not give.
    countries = {
        (t.name, round(t.lat, 4), round(t.lon, 4)): t.feature
        for t in situation.toponyms
        if t.feature in AREA_FEATURES
    }
    rows = []
    for event in situation.events:
        loc = event.location
        if not has_point(loc):
            continue
        sty = incident_style(event.event_type)
        t0, t1 = iso_span(event)
        title = event_title(event)
        area = countries.get((loc.name, round(loc.lat, 4), round(loc.lon, 4)))
        country_level = area is not None
        where = f"{loc.name} ({area} only)" if area else loc.name
        rows.append(
            {
                "layer": NAME,
                "kind": event.event_type,
                "name": loc.name,
                "label": f"{title}: {where}, {span_label(event)}",
                "color": sty["color"],
                "t0": t0,
                "t1": t1,
                "popup": event_popup(event, title, situation.toponyms),
                "event_id": event.id,
                "event_type": event.event_type,
                "shape": sty["shape"],
                "size": marker_size(event.counts),
                "precision": loc.precision,
                "radius_m": 0.0
                if country_level
                else PRECISION_RADIUS_M.get(loc.precision, PRECISION_RADIUS_M[3]),
                "count": count_total(event.counts),
                "country_level": country_level,
                "geometry": Point(loc.lon, loc.lat),
            }
        )
    return frame(rows, COLUMNS)
