"""Movements: arrows origin → destination for cross-border forces and displacement.

Arrow width grows with the reported number of people; ``bearing`` (degrees
clockwise from north) orients the arrowhead.

>>> from datetime import date
>>> from geo.situation import Count, Event, EventLocation, Situation
>>> ev = Event(id="m1", event_type="displacement", event_date=date(2022, 1, 28),
...            time_precision=1, location=None,
...            origin=EventLocation(name="Tort-Kocho", lat=39.95, lon=70.53, precision=1),
...            destination=EventLocation(name="Batken", lat=40.06, lon=70.82, precision=1),
...            counts={"evacuated": (Count(10000, None, "10,000"),)})
>>> row = build(Situation(events=(ev,))).iloc[0]
>>> float(row["width"]), round(row["bearing"])
(10.0, 64)
"""

from __future__ import annotations

import math
from typing import Any

import geopandas as gpd

from geo.situation import Situation
from layers.base import BoundariesLike, event_title, frame, iso_span
from layers.incidents import panel_fields
from layers.placement import Placer, place_movement
from layers.style import MOVEMENTS, count_total, line_width
from layers.text import span_label

NAME = "movements"
TITLE = "Movements"
TIME_AWARE = True
KINDS: tuple[str, ...] = tuple(MOVEMENTS)
COLUMNS = (
    "event_id",
    "width",
    "bearing",
    "count",
    "placement",
    "dyad",
    "note",
    "precision",
    "status",
    "confidence",
    "actors",
    "country",
    "country_name",
    "admin1",
)


def bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial great-circle bearing in degrees clockwise from north.

    >>> round(bearing(0, 0, 1, 0)), round(bearing(0, 0, 0, 1))
    (0, 90)
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return (math.degrees(math.atan2(x, y)) + 360.0) % 360.0


def style(row: dict[str, Any]) -> dict[str, Any]:
    """Line colour and width of one movement row."""
    return {"color": row["color"], "weight": row["width"]}


def build(situation: Situation, boundaries: BoundariesLike | None = None) -> gpd.GeoDataFrame:
    """One arrow per movement event, never centre-to-centre (:func:`place_movement`).

    A movement whose ends are both known only to countries, with no finer
    place in its articles, has no geometry (``placement == "list"``): the
    event panel lists it.
    """
    placer = Placer(situation, boundaries)
    rows = []
    for event in situation.events:
        if event.event_type not in MOVEMENTS:
            continue
        o, d = event.origin, event.destination
        if o is None and d is None:
            continue
        placement, line, dyad, note = place_movement(placer, event)
        t0, t1 = iso_span(event)
        count = count_total(event.counts)
        title = event_title(event)
        oname, dname = (o.name if o else "?"), (d.name if d else "?")
        head = line.coords[-2:] if line is not None else None
        rows.append(
            {
                "layer": NAME,
                "kind": event.event_type,
                "name": f"{oname} → {dname}",
                "label": f"{title}: {oname} → {dname}, {span_label(event)}",
                "color": MOVEMENTS[event.event_type],
                "t0": t0,
                "t1": t1,
                "event_id": event.id,
                "width": line_width(count),
                "bearing": round(bearing(head[0][1], head[0][0], head[1][1], head[1][0]), 1)
                if head
                else None,
                "count": count,
                "placement": placement,
                "dyad": dyad,
                "note": note,
                "precision": max((x.precision for x in (o, d) if x is not None), default=3),
                **panel_fields(event, placer, (d or o).country_code if (d or o) else None),
                "geometry": line,
            }
        )
    return frame(rows, COLUMNS)
