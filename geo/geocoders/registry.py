"""Geocoders by name: ``get_geocoder("offline" | "nominatim" | "geonames", settings)``.

Importing this module imports no geocoder: each is imported when first asked
for, so ``get_geocoder("nominatim")`` never loads the gazetteer code and the
offline default never loads geopy's services.

>>> get_geocoder("photon")
Traceback (most recent call last):
...
geo.errors.InputError: unknown geocoder 'photon'; known: offline, nominatim, geonames

Configuration of the online services (the CLI passes the same):

* ``SITMAP_USER_AGENT`` — the user agent both services require (their usage policies);
* ``SITMAP_GEONAMES_USERNAME`` — the GeoNames web-service account (``username=`` wins);
* ``SITMAP_SERVICE_URL`` — the server, e.g. ``http://127.0.0.1:8080`` or
  ``https://nominatim.example.org/search-api`` (``service_url=`` wins; default: the
  public server of each service);
* ``SITMAP_TIMEOUT`` — seconds to wait for an answer (:class:`~geo.settings.Settings`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from geo.errors import InputError
from geo.geocoders.base import Geocoder
from geo.settings import Settings

#: Names :func:`get_geocoder` knows, the default first.
GEOCODERS: tuple[str, ...] = ("offline", "nominatim", "geonames")

#: Environment variables read for the online services.
ENV_GEONAMES_USERNAME = "SITMAP_GEONAMES_USERNAME"
ENV_SERVICE_URL = "SITMAP_SERVICE_URL"


def parse_service_url(url: str) -> dict[str, str]:
    """Split a service URL into geopy's ``scheme`` and ``domain`` (host, port and path).

    >>> parse_service_url("http://127.0.0.1:8080/")
    {'scheme': 'http', 'domain': '127.0.0.1:8080'}
    >>> parse_service_url("https://geo.example.org/nominatim")
    {'scheme': 'https', 'domain': 'geo.example.org/nominatim'}
    >>> parse_service_url("ftp://x")
    Traceback (most recent call last):
    ...
    geo.errors.InputError: a service URL is http(s)://host[:port][/path], not 'ftp://x'
    """
    parts = urlsplit(url.strip()) if isinstance(url, str) else None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.netloc
        or parts.query
        or parts.fragment
        or "@" in parts.netloc
    ):
        raise InputError(f"a service URL is http(s)://host[:port][/path], not {url!r}")
    return {"scheme": parts.scheme, "domain": parts.netloc + parts.path.rstrip("/")}


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
    service_url: str | None = None,
    environ: Mapping[str, str] | None = None,
    **kwargs: Any,
) -> Geocoder:
    """Return the geocoder called ``name`` (case-insensitive), configured by ``settings``.

    ``settings`` defaults to :meth:`Settings.from_env` (so ``SITMAP_USER_AGENT``
    and ``SITMAP_CACHE_DIR`` apply). Other keyword arguments go to the
    geocoder's constructor (``username=`` for ``geonames``; ``domain=``,
    ``scheme=``, ``cache=`` for the online ones; ``gazetteer=`` offline).

    ``service_url`` (else ``SITMAP_SERVICE_URL`` in ``environ``, default the process
    environment) points an online geocoder at another server; it is ignored offline.

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
    if key != "offline":
        env = os.environ if environ is None else environ
        url = service_url or env.get(ENV_SERVICE_URL, "").strip() or None
        if url is not None and "domain" not in kwargs:
            kwargs.update(parse_service_url(url))
    if key == "geonames" and not kwargs.get("username"):
        username = (os.environ if environ is None else environ).get(ENV_GEONAMES_USERNAME, "")
        if not username.strip():
            raise InputError(
                "the GeoNames web service needs an account name: set the environment "
                f"variable {ENV_GEONAMES_USERNAME} (a free account from "
                "https://www.geonames.org/login with web services enabled)"
            )
        kwargs["username"] = username.strip()
    geocoder = factory(settings, **kwargs)
    if key == "offline" or fallback is False:
        return geocoder

    from geo.geocoders.online import FallbackGeocoder

    backup = _offline(settings) if fallback is True else fallback
    return FallbackGeocoder(geocoder, backup)
