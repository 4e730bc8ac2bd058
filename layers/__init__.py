"""Map layers of a :class:`geo.situation.Situation`, and the maps drawn from them.

One module per layer, each with ``build(situation, boundaries=...) ->
GeoDataFrame`` and its style: :mod:`layers.borders`,
:mod:`layers.control_claims`, :mod:`layers.incidents`, :mod:`layers.movements`,
:mod:`layers.sites`, :mod:`layers.places`. :mod:`layers.map` assembles the
self-contained Leaflet map, :mod:`layers.static` renders PNG/SVG/PDF figures
of the same layers. Nothing is loaded at import time.
"""

#: Layer names in drawing order (bottom to top).
LAYER_NAMES: tuple[str, ...] = (
    "borders",
    "control_claims",
    "control",
    "places",
    "sites",
    "movements",
    "incidents",
)
