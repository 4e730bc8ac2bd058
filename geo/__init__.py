"""sitmap's engine: articles -> toponyms -> places -> events and claims -> border joins.

Importing ``geo`` loads no data. Heavy resources come from explicit, cached
``load_*`` functions (``geo.gazetteer.load_gazetteer``,
``geo.boundaries.load_boundaries``) and are passed in where they are used.
"""

from geo.errors import (
    DataError,
    GeocoderError,
    GeocoderResponseError,
    GeocoderTimedOut,
    GeocoderUnavailable,
    InputError,
    NotFoundError,
    SitmapError,
)
from geo.points import check_latlon, to_point
from geo.settings import Settings

__all__ = [
    "DataError",
    "GeocoderError",
    "GeocoderResponseError",
    "GeocoderTimedOut",
    "GeocoderUnavailable",
    "InputError",
    "NotFoundError",
    "Settings",
    "SitmapError",
    "check_latlon",
    "to_point",
]
