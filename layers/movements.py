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
from collections.abc import Iterable
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from geo.situation import Situation
from layers.base import BASE_COLUMNS, BoundariesLike, event_dates, event_title, tuples_frame
from layers.placement import Placer, place_movement
from layers.style import MOVEMENTS, count_total, line_width
from layers.text import actors_text

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
    rows: list[tuple[Any, ...]] = []  # one tuple per movement, in the order of _ROW below
    lines: list[tuple[int, float, float, float, float]] = []  # (row, x0, y0, x1, y1)
    titles: dict[str, str] = {}
    names: dict[str | None, str | None] = {}
    actors: dict[tuple[str | None, str | None], str | None] = {}  # (actor1, actor2) → text
    for event in situation.events:
        if event.event_type not in MOVEMENTS:
            continue
        o, d = event.origin, event.destination
        if o is None and d is None:
            continue
        placement, line, dyad, note = place_movement(placer, event, make_line=False)
        if placement == "point" and line is None:  # two fine ends: a line made below
            x0, y0, x1, y1 = o.lon, o.lat, d.lon, d.lat  # type: ignore[union-attr]
            lines.append((len(rows), x0, y0, x1, y1))  # type: ignore[arg-type]
            head: Any = ((x0, y0), (x1, y1))
        else:
            head = line.coords[-2:] if line is not None else None
        t0, t1, span = event_dates(event)
        count = count_total(event.counts)
        title = titles.get(event.event_type) or titles.setdefault(
            event.event_type, event_title(event)
        )
        oname, dname = (o.name if o else "?"), (d.name if d else "?")
        end = d or o
        code = end.country_code if end else None
        if code not in names:
            names[code] = placer.country_name(code) if code else None
        rows.append(
            (
                event.event_type,
                f"{oname} → {dname}",
                f"{title}: {oname} → {dname}, {span}",
                MOVEMENTS[event.event_type],
                t0,
                t1,
                event.id,
                line_width(count),
                round(bearing(head[0][1], head[0][0], head[1][1], head[1][0]), 1) if head else None,
                count,
                placement,
                dyad,
                note,
                max((x.precision for x in (o, d) if x is not None), default=3),
                event.claim_status,
                float(event.confidence),
                actors[pair]
                if (pair := (event.actor1, event.actor2)) in actors
                else actors.setdefault(pair, actors_text(*pair)),
                code.upper() if code else None,
                names[code],
                event.location.admin1 if event.location is not None else None,
                line,
            )
        )
    made: Iterable[tuple[int, Any]] = ()
    if lines:
        at, x0s, y0s, x1s, y1s = zip(*lines, strict=True)
        coords = np.stack([np.column_stack([x0s, y0s]), np.column_stack([x1s, y1s])], axis=1)
        made = zip(at, shapely.linestrings(coords).tolist(), strict=True)
    return tuples_frame(NAME, _ROW, rows, made, COLUMNS, digits={"confidence": 2})


#: The columns of a movement row, in the order :func:`build` fills them.
_ROW = (*BASE_COLUMNS[1:7], *COLUMNS, "geometry")
