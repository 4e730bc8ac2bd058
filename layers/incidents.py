"""Incidents: one marker per located event, symbol by type, size by counts.

Geo precision stays visible: precision 1 is a plain point; 2 and 3 carry a
``radius_m`` the map shades around the point (and the static figure buffers).
Events known only to a country or a border are placed by
:mod:`layers.placement`: on the border segment, as a light outline, or listed.
The popup is not in the frame: the map builds it in the page from
:func:`layers.popups.popup_table` (``popup`` stays empty).

>>> from geo.situation import Situation
>>> build(Situation()).empty
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import geopandas as gpd
import shapely

from geo.situation import Situation
from layers.base import (
    BoundariesLike,
    event_dates,
    event_title,
    normalize_dyad,
    tuples_frame,
)
from layers.placement import Placement, Placer, place_event
from layers.style import (
    MOVEMENTS,
    PRECISION_RADIUS_M,
    count_total,
    incident_style,
    size_for_count,
)
from layers.text import actors_text

NAME = "incidents"
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
    "placement",
    "dyad",
    "note",
    "status",
    "confidence",
    "actors",
    "country",
    "country_name",
    "admin1",
)


def style(row: dict[str, Any]) -> dict[str, Any]:
    """Leaflet/matplotlib style of one incident row."""
    return {"color": row["color"], "shape": row["shape"], "size": row["size"]}


def build(situation: Situation, boundaries: BoundariesLike | None = None) -> gpd.GeoDataFrame:
    """One row per event that has a location, drawn only as precisely as the text allows.

    ``placement`` says how: ``point`` (a marker), ``border`` (a segment of the
    dyad line), ``area`` (the country's outline) or ``list`` (no geometry: the
    event panel only). A country-level event is never a point at the
    country's centre.

    >>> from datetime import date
    >>> from geo.situation import Event, EventLocation, Situation
    >>> loc = EventLocation(name="Tort-Kocho", lat=39.95, lon=70.53, precision=1)
    >>> ev = Event(id="e1", event_type="armed_clash", event_date=date(2022, 1, 27),
    ...            time_precision=1, location=loc)
    >>> build(Situation(events=(ev,)))[["event_type", "precision", "t0"]].values.tolist()
    [['armed_clash', 1, '2022-01-27']]
    >>> far = EventLocation(name="Guyana", lat=4.9, lon=-58.9, precision=3, country_code="GY")
    >>> ev2 = Event(id="e2", event_type="deployment", event_date=date(2023, 12, 1),
    ...             time_precision=1, location=far)
    >>> row = build(Situation(events=(ev2,))).iloc[0]
    >>> row["placement"], row["geometry"] is None
    ('list', True)
    """
    placer = Placer(situation, boundaries)
    rows: list[tuple[Any, ...]] = []  # one tuple per event, in the order of _ROW below
    points: list[tuple[int, float, float]] = []  # (row, lon, lat): made in one call below
    styles: dict[str, tuple[str, str, str]] = {}  # event type → colour, shape, title
    names: dict[str, str | None] = {}  # country code → name
    actors: dict[tuple[str | None, str | None], str | None] = {}  # (actor1, actor2) → text
    for event in situation.events:
        loc = event.location
        if loc is None:
            continue
        placed = place_event(placer, event, make_point=False)
        if placed is None:
            continue
        moving = event.event_type in MOVEMENTS and (event.origin or event.destination)
        if moving and placed.kind != "point":
            # a movement known only to countries is drawn by the movements layer, or listed
            placed = Placement("list", None, placed.dyad, "Drawn as a movement (or listed)")
        sty = styles.get(event.event_type)
        if sty is None:
            style = incident_style(event.event_type)
            sty = styles[event.event_type] = (style["color"], style["shape"], event_title(event))
        t0, t1, span = event_dates(event)
        country_level = placed.kind != "point"
        if placed.kind == "point" and placed.geometry is None:
            points.append((len(rows), loc.lon, loc.lat))  # type: ignore[arg-type]
        count = count_total(event.counts)
        where = loc.name if not country_level else f"{loc.name} ({placed.kind} only)"
        code = loc.country_code
        if code not in names:
            names[code] = placer.country_name(code) if code else None  # type: ignore[index]
        rows.append(
            (
                event.event_type,
                loc.name,
                f"{sty[2]}: {where}, {span} (geo precision {loc.precision})",
                sty[0],
                t0,
                t1,
                event.id,
                event.event_type,
                sty[1],
                size_for_count(count),
                loc.precision,
                0.0
                if country_level
                else PRECISION_RADIUS_M.get(loc.precision, PRECISION_RADIUS_M[3]),
                count,
                country_level,
                event.claim_status,
                float(event.confidence),
                actors[pair]
                if (pair := (event.actor1, event.actor2)) in actors
                else actors.setdefault(pair, actors_text(*pair)),
                code.upper() if code else None,
                names[code],  # type: ignore[index]
                loc.admin1,
                placed.kind,
                placed.dyad or normalize_dyad(loc.border),
                placed.note,
                placed.geometry,
            )
        )
    made: Iterable[tuple[int, Any]] = ()
    if points:
        at, xs, ys = zip(*points, strict=True)
        made = zip(at, shapely.points(xs, ys).tolist(), strict=True)
    return tuples_frame(NAME, _ROW, rows, made, COLUMNS, digits={"confidence": 2})


#: The columns of an incident row, in the order :func:`build` fills them.
_ROW = (
    "kind",
    "name",
    "label",
    "color",
    "t0",
    "t1",
    "event_id",
    "event_type",
    "shape",
    "size",
    "precision",
    "radius_m",
    "count",
    "country_level",
    "status",
    "confidence",
    "actors",
    "country",
    "country_name",
    "admin1",
    "placement",
    "dyad",
    "note",
    "geometry",
)
