"""Borders: international borders by dyad, admin-1 and admin-2 outlines.

The dyads the situation is about are emphasised; admin outlines are drawn for
the countries involved.

>>> from geo.situation import Situation
>>> build(Situation(), boundaries=None).empty
True
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from geo.situation import Situation
from layers.base import (
    BoundariesLike,
    core_extent,
    event_places,
    frame,
    normalize_dyad,
    situation_dyads,
)
from layers.style import BORDERS
from layers.text import esc
from layers.units import districts_of

NAME = "borders"
TITLE = "Borders"
TIME_AWARE = False
COLUMNS = ("dyad", "length_km", "weight", "dash", "iso_a2")
#: Degrees added around the situation's extent when no bbox is given.
PAD_DEG = 3.0
#: A border in the news wider than this (degrees) is not drawn whole.
FOCUS_MAX_DEG = 15.0
#: Degrees kept around a border in the news drawn whole.
FOCUS_PAD_DEG = 1.0
#: Douglas–Peucker tolerance in degrees (≈ 500 m) for web output.
TOLERANCE = 0.005
#: Admin outlines are reference lines, not drawn at full detail: tolerance multiplier by level.
ADMIN_TOLERANCE = {1: 1.0, 2: 2.0}


def style(row: dict[str, Any]) -> dict[str, Any]:
    """Line colour, weight and dash of one border row."""
    sty = BORDERS[row["kind"]]
    return {"color": sty["color"], "weight": sty["weight"], "dash": sty["dash"]}


def situation_bbox(
    situation: Situation, pad: float = PAD_DEG
) -> tuple[float, float, float, float] | None:
    """(lon_min, lat_min, lon_max, lat_max) around the situation's core, padded.

    The core (:func:`layers.base.core_extent`) is the located events, precise
    ones first, without outliers; toponyms count only when no event is located
    (an article mentioning Washington must not pull US states into the map).
    """
    points = event_places(situation).points
    if not points:
        points = [(t.lon, t.lat, t.precision) for t in situation.toponyms]
    ext = core_extent(points)
    if ext is None:
        return None
    return (ext[0] - pad, ext[1] - pad, ext[2] + pad, ext[3] + pad)


def involved_countries(situation: Situation, boundaries: BoundariesLike) -> set[str]:
    """ISO alpha-2 codes of every country an event, toponym or dyad names."""
    codes = {t.country_code for t in situation.toponyms if t.country_code}
    codes |= event_places(situation).countries
    a3 = {c for dyad in situation_dyads(situation) for c in dyad.split("–")}
    if a3 and not boundaries.admin0.empty:
        admin0 = boundaries.admin0
        codes.update(admin0.loc[admin0["iso_a3"].isin(a3), "iso_a2"].dropna())
    return {c.upper() for c in codes}


def event_countries(situation: Situation) -> set[str]:
    """ISO alpha-2 codes of the countries the situation's events are located in."""
    return {code.upper() for code in event_places(situation).countries}


def _with_focus(
    bbox: tuple[float, float, float, float], borders: gpd.GeoDataFrame, focus: set[str]
) -> tuple[float, float, float, float]:
    """*bbox* grown to hold the whole of every border in the news that it touches.

    Borders longer than :data:`FOCUS_MAX_DEG` on either axis are left clipped.
    """
    if borders.empty or not focus:
        return bbox
    x0, y0, x1, y1 = bbox
    window = box(*bbox)
    dyads = borders["dyad"].map(lambda d: normalize_dyad(d) or str(d))
    for geom in borders.loc[dyads.isin(focus)].geometry:
        bx0, by0, bx1, by1 = geom.bounds
        if bx1 - bx0 > FOCUS_MAX_DEG or by1 - by0 > FOCUS_MAX_DEG or not geom.intersects(window):
            continue
        x0, y0 = min(x0, bx0 - FOCUS_PAD_DEG), min(y0, by0 - FOCUS_PAD_DEG)
        x1, y1 = max(x1, bx1 + FOCUS_PAD_DEG), max(y1, by1 + FOCUS_PAD_DEG)
    return (x0, y0, x1, y1)


def _clip(geom: BaseGeometry, window: BaseGeometry | None, tolerance: float) -> BaseGeometry:
    if window is not None:
        geom = geom.intersection(window)
    return geom.simplify(tolerance, preserve_topology=True) if tolerance else geom


def build(
    situation: Situation,
    boundaries: BoundariesLike | None = None,
    *,
    bbox: tuple[float, float, float, float] | None = None,
    tolerance: float = TOLERANCE,
    admin_levels: tuple[int, ...] = (1, 2),
) -> gpd.GeoDataFrame:
    """Border lines and admin outlines clipped to *bbox* (default: the situation's extent)."""
    if boundaries is None:
        return frame([], COLUMNS)
    focus = situation_dyads(situation)
    borders = boundaries.borders
    if bbox is None:
        bbox = situation_bbox(situation)
        if bbox is not None:
            bbox = _with_focus(bbox, borders, focus)
    window = box(*bbox) if bbox else None
    rows: list[dict[str, Any]] = []
    if window is not None and not borders.empty:
        borders = borders[borders.intersects(window)]
    for rec in borders.itertuples(index=False):
        dyad = normalize_dyad(rec.dyad) or str(rec.dyad)
        kind = "focus" if dyad in focus else "international"
        geom = _clip(rec.geometry, window, tolerance)
        if geom.is_empty:
            continue
        length = float(rec.length_km) if rec.length_km is not None else None
        km = f", {length:,.0f} km" if length else ""
        rows.append(
            {
                "layer": NAME,
                "kind": kind,
                "name": dyad,
                "label": f"{dyad} border{km}",
                "color": BORDERS[kind]["color"],
                "t0": None,
                "t1": None,
                "popup": f'<div class="sm-popup"><h4>{esc(dyad)} border</h4>{esc(km[2:])}</div>',
                "dyad": dyad,
                "length_km": length,
                "weight": BORDERS[kind]["weight"],
                "dash": BORDERS[kind]["dash"],
                "iso_a2": None,
                "geometry": geom,
            }
        )
    countries = involved_countries(situation, boundaries)
    # districts only where events are: a neighbour named by a dyad gets its provinces
    where = event_countries(situation) or countries
    for level in admin_levels:
        units = boundaries.admin1 if level == 1 else districts_of(boundaries, where)
        kind = f"admin{level}"
        if units is None or units.empty:
            continue
        units = units[units["iso_a2"].isin(countries if level == 1 else where)]
        if window is not None:
            units = units[units.intersects(window)]
        for rec in units.itertuples(index=False):
            geom = _clip(rec.geometry.boundary, window, tolerance * ADMIN_TOLERANCE[level])
            if geom.is_empty:
                continue
            rows.append(
                {
                    "layer": NAME,
                    "kind": kind,
                    "name": rec.name,
                    "label": f"{rec.name} ({rec.iso_a2}, admin-{level})",
                    "color": BORDERS[kind]["color"],
                    "t0": None,
                    "t1": None,
                    "popup": f'<div class="sm-popup"><h4>{esc(rec.name)}</h4>'
                    f"{esc(rec.iso_a2)} admin-{level}</div>",
                    "dyad": None,
                    "length_km": None,
                    "weight": BORDERS[kind]["weight"],
                    "dash": BORDERS[kind]["dash"],
                    "iso_a2": rec.iso_a2,
                    "geometry": geom,
                }
            )
    return frame(rows, COLUMNS)
