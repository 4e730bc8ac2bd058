"""One error tree for sitmap.

Every error sitmap raises on purpose is a :class:`SitmapError`. Where a
built-in exception means the same thing, the sitmap error subclasses it too,
so callers can catch either (``GeocoderTimedOut`` is also a ``TimeoutError``).
The CLI turns these into one-line messages and exit codes; nothing here prints.

>>> try:
...     raise InputError("latitude 91 is out of range")
... except ValueError as err:
...     print(type(err).__name__, err)
InputError latitude 91 is out of range
"""

from __future__ import annotations


class SitmapError(Exception):
    """Base class of every error sitmap raises on purpose."""


class InputError(SitmapError, ValueError):
    """The user gave something sitmap cannot use (a query, a coordinate, a file)."""


class NotFoundError(SitmapError, LookupError):
    """Nothing matched; ``suggestions`` holds the closest known spellings."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.suggestions = tuple(suggestions)


class DataError(SitmapError):
    """A data file sitmap ships or caches is missing, corrupt or of the wrong version."""


class GeocoderError(SitmapError):
    """A geocoding service failed."""


class GeocoderTimedOut(GeocoderError, TimeoutError):
    """A geocoding service did not answer in time."""


class GeocoderUnavailable(GeocoderError, ConnectionError):
    """A geocoding service could not be reached or answered with an HTTP error."""


class GeocoderResponseError(GeocoderError):
    """A geocoding service answered with a payload sitmap cannot read."""
