"""Geocoders by name: ``get_geocoder("offline" | "nominatim" | "geonames", settings)``.

Importing this module imports no geocoder: each is imported when first asked
for, so ``get_geocoder("nominatim")`` never loads the gazetteer code and the
offline default never loads geopy's services.

>>> get_geocoder("photon")
Traceback (most recent call last):
...
geo.errors.InputError: unknown geocoder 'photon'; known: offline, nominatim, geonames
"""

from __future__ import annotations

from typing import Any

from geo.errors import InputError
from geo.geocoders.base import Geocoder
from geo.settings import Settings

#: Names :func:`get_geocoder` knows, the default first.
GEOCODERS: tuple[str, ...] = ("offline", "nominatim", "geonames")


def _offline(settings: Settings, **kwargs: Any) -> Geocoder:
    from geo.geocoders.offline import OfflineGeocoder

    return OfflineGeocoder(settings=settings, **kwargs)


def _nominatim(settings: Settings, **kwargs: Any) -> Geocoder:
    from geo.geocoders.online import NominatimGeocoder

    return NominatimGeocoder(settings, **kwargs)


def _geonames(settings: Settings, **kwargs: Any) -> Geocoder:
    from geo.geocoders.online import GeoNamesWebGeocoder

    return GeoNamesWebGeocoder(settings, **kwargs)


_FACTORIES = {"offline": _offline, "nominatim": _nominatim, "geonames": _geonames}


def get_geocoder(
    name: str = "offline",
    settings: Settings | None = None,
    *,
    fallback: bool | Geocoder = False,
    **kwargs: Any,
) -> Geocoder:
    """Return the geocoder called ``name`` (case-insensitive), configured by ``settings``.

    ``settings`` defaults to :meth:`Settings.from_env` (so ``SITMAP_USER_AGENT``
    and ``SITMAP_CACHE_DIR`` apply). Other keyword arguments go to the
    geocoder's constructor (``username=`` for ``geonames``; ``domain=``,
    ``scheme=``, ``cache=`` for the online ones; ``gazetteer=`` offline).

    ``fallback`` only concerns the online geocoders: ``True`` wraps the
    geocoder in a :class:`~geo.geocoders.online.FallbackGeocoder` that answers
    from a new offline geocoder when the service fails; a :class:`Geocoder`
    instance is used as that fallback instead. For ``offline`` it is ignored
    (there is nothing to fall back from).

    >>> from geo.settings import Settings
    >>> g = get_geocoder("Nominatim", Settings(user_agent="sitmap-doc"), cache=False)
    >>> type(g).__name__
    'NominatimGeocoder'
    """
    if not isinstance(name, str):
        raise InputError(f"the geocoder name must be text, not {type(name).__name__}")
    key = name.strip().lower()
    factory = _FACTORIES.get(key)
    if factory is None:
        raise InputError(f"unknown geocoder {name!r}; known: {', '.join(GEOCODERS)}")
    if fallback is not False and not isinstance(fallback, bool | Geocoder):
        raise InputError(f"fallback must be True, False or a Geocoder, not {fallback!r}")
    settings = Settings.from_env() if settings is None else settings
    geocoder = factory(settings, **kwargs)
    if key == "offline" or fallback is False:
        return geocoder

    from geo.geocoders.online import FallbackGeocoder

    backup = _offline(settings) if fallback is True else fallback
    return FallbackGeocoder(geocoder, backup)
