"""Control claims: who is said to control which border, crossing or district, and when.

* ``object_kind == "border"`` → the dyad's border line coloured by the claimed
  controller, labelled with the stated extent, e.g.
  ``"claimed: ≈ 2/3 of AFG–TJK, Taliban, per Russian MFA, 9 Jul 2021"``. A
  stated fraction ("about two-thirds", "a large part") is not a located
  segment: such a row is ``partial`` and drawn as a thin dashed line with its
  label, never as the whole line held (the located stretches are in
  :mod:`layers.control`).
* ``"crossing"`` → a point with its status: seized, closed or open.
* ``"district"``/``"province"``/``"territory"`` → the admin-2/admin-1 polygon
  (or a shaded circle when the unit is unknown), captured or contested.

Every row carries its time span (``t0``/``t1``).

>>> status_of("capture", "reported", {})
'seized'
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
from shapely.geometry import Point

from geo.situation import Event, Situation
from layers.base import BoundariesLike, frame, has_point, iso_span, normalize_dyad
from layers.style import STATUS_COLORS, controller_color
from layers.text import event_popup, extent_label, format_date
from layers.units import district_candidates, unit_rows

NAME = "control_claims"
TITLE = "Control claims"
TIME_AWARE = True
COLUMNS = (
    "event_id",
    "object_kind",
    "controller",
    "status",
    "claimant",
    "radius_m",
    "extent",
    "anchor",
    "partial",
)
AREA_KINDS = ("district", "province", "territory")
FALLBACK_RADIUS_M = 20_000.0


def style(row: dict[str, Any]) -> dict[str, Any]:
    """Colour of one claim row: controller for borders, status otherwise."""
    return {"color": row["color"], "dash": "10 6" if row["kind"] == "border_claim" else None}


def status_of(event_type: str, claim_status: str, extent: dict[str, Any]) -> str:
    """Reported status of a crossing or unit.

    >>> status_of("control_claim", "disputed", {}), status_of("blockade", "reported", {})
    ('contested', 'closed')
    """
    stated = str(extent.get("status") or "").lower()
    if stated in STATUS_COLORS:
        return stated
    if event_type == "blockade":
        return "closed"
    if claim_status == "disputed":
        return "contested"
    if event_type in ("capture", "control_claim"):
        return "seized"
    return "contested"


def short_claimant(claimant: str, limit: int = 32) -> str:
    """The first of several claimants, cut to *limit* characters.

    Labels sit on the map; the popup keeps the full text.

    >>> short_claimant("Russia; Russian Foreign Ministry spokeswoman Maria Zakharova")
    'Russia'
    >>> short_claimant("Russian Foreign Ministry spokeswoman Maria Zakharova")
    'Russian Foreign Ministry spokes…'
    """
    first = claimant.split(";")[0].strip() or claimant.strip()
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def claim_label(event: Event, dyad: str | None = None, status: str | None = None) -> str:
    """Short label of a claim: extent or status, object, controller, claimant, date."""
    claim = event.claim
    if claim is None:
        return ""
    extent = extent_label(claim.extent)
    obj = dyad or claim.object
    if status:
        parts = [f"{obj}: {status}", f"by {claim.controller}"]
    else:
        parts = [f"{extent} of {obj}" if extent else obj, claim.controller]
    if event.claimant:
        parts.append(f"per {short_claimant(event.claimant)}")
    if event.event_date:
        parts.append(format_date(event.event_date, event.time_precision))
    return ", ".join(parts)


def is_partial(extent: dict[str, Any] | None) -> bool:
    """True when a claim's extent is a fraction short of the whole, or a vague part.

    >>> is_partial({"fraction": 0.67}), is_partial({"fraction": 1.0}), is_partial({})
    (True, False, False)
    >>> is_partial({"fraction": None, "qualifier": "vague", "text": "a large part"})
    True
    """
    if not extent:
        return False
    fraction = extent.get("fraction")
    if fraction is None:
        return bool(extent.get("text"))
    return float(fraction) < 1.0


def _unit_polygon(event: Event, boundaries: BoundariesLike | None) -> Any:
    if boundaries is None or event.claim is None:
        return None
    kind = event.claim.object_kind
    names = {event.claim.object.casefold()}
    loc = event.location
    if loc is not None:
        names.add(((loc.admin2 if kind == "district" else loc.admin1) or "").casefold())
    if kind == "district":
        country = loc.country_code if loc is not None else None
        units = district_candidates(boundaries, names - {""}, country, exact_case=True)
    else:
        units = boundaries.admin1
    if units is None or units.empty:
        return None
    rows = sorted({i for name in names - {""} for i in unit_rows(units, name, exact_case=True)})
    match = units.iloc[rows]
    if loc is not None and loc.country_code and not match.empty:
        same = match[match["iso_a2"] == loc.country_code]
        match = same if not same.empty else match
    return None if match.empty else match.geometry.iloc[0]


def label_anchor(geom: Any) -> list[float] | None:
    """``[lat, lon]`` halfway along the longest part of a line (where its label goes).

    >>> from shapely.geometry import LineString
    >>> label_anchor(LineString([(67, 37), (69, 37), (69, 38)]))
    [37.0, 68.5]
    """
    if geom is None or geom.is_empty or geom.geom_type not in ("LineString", "MultiLineString"):
        return None
    from shapely.ops import linemerge

    merged = linemerge(geom) if geom.geom_type == "MultiLineString" else geom
    parts = list(getattr(merged, "geoms", [merged]))
    longest = max(parts, key=lambda g: g.length)
    mid = longest.interpolate(0.5, normalized=True)
    return [round(mid.y, 4), round(mid.x, 4)]


def _border_geometry(dyad: str | None, boundaries: BoundariesLike | None) -> Any:
    if boundaries is None or dyad is None or boundaries.borders.empty:
        return None
    borders = boundaries.borders
    match = borders[borders["dyad"].map(normalize_dyad) == dyad]
    return None if match.empty else match.geometry.iloc[0]


def build(situation: Situation, boundaries: BoundariesLike | None = None) -> gpd.GeoDataFrame:
    """One row per claim-bearing event whose object can be placed."""
    rows = []
    for event in situation.events:
        claim = event.claim
        if claim is None:
            continue
        t0, t1 = iso_span(event)
        loc = event.location
        point = Point(loc.lon, loc.lat) if loc is not None and has_point(loc) else None
        base = {
            "layer": NAME,
            "t0": t0,
            "t1": t1,
            "event_id": event.id,
            "object_kind": claim.object_kind,
            "controller": claim.controller,
            "claimant": event.claimant,
            "extent": extent_label(claim.extent) or None,
            "radius_m": None,
        }
        if claim.object_kind == "border":
            dyad = normalize_dyad(loc.border if loc is not None else None) or normalize_dyad(
                claim.object
            )
            geom = _border_geometry(dyad, boundaries) or point
            if geom is None:
                continue
            label = claim_label(event, dyad)
            partial = is_partial(claim.extent)
            if partial:
                label = f"claimed: {label}"
            rows.append(
                {
                    **base,
                    "kind": "border_claim",
                    "name": dyad or claim.object,
                    "label": label,
                    "color": controller_color(claim.controller),
                    "status": None,
                    "anchor": label_anchor(geom),
                    "partial": partial,
                    "geometry": geom,
                    "popup": event_popup(event, label, situation.toponyms),
                }
            )
            continue
        status = status_of(event.event_type, event.claim_status, claim.extent)
        if claim.object_kind == "crossing":
            if point is None:
                continue
            label = claim_label(event, status=status)
            rows.append(
                {
                    **base,
                    "kind": "crossing",
                    "name": claim.object,
                    "label": label,
                    "color": STATUS_COLORS[status],
                    "status": status,
                    "geometry": point,
                    "popup": event_popup(event, label, situation.toponyms),
                }
            )
            continue
        if claim.object_kind in AREA_KINDS:
            polygon = _unit_polygon(event, boundaries)
            if polygon is None and point is None:
                continue
            if status == "seized":
                status = "captured"
            label = claim_label(event, status=status)
            rows.append(
                {
                    **base,
                    "kind": "area",
                    "name": claim.object,
                    "label": label,
                    "color": STATUS_COLORS[status],
                    "status": status,
                    "radius_m": None if polygon is not None else FALLBACK_RADIUS_M,
                    "geometry": polygon if polygon is not None else point,
                    "popup": event_popup(event, label, situation.toponyms),
                }
            )
    return frame(rows, COLUMNS)
