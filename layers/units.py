"""Administrative units found by name without scanning the whole table each time.

The control and control-claim layers draw a district or province a record names. The
world's second-level units are about 140,000 rows, so normalising every name of the
table once per record (as both layers did) cost seconds per build whatever the corpus
size. :func:`unit_rows` normalises a frame's names once, keeps the index as long as
the frame lives, and answers each lookup from a dictionary, with the frame's row order.

>>> import geopandas as gpd
>>> from shapely.geometry import Point
>>> units = gpd.GeoDataFrame({"name": ["Vose", "Vosé", "Isfara"],
...     "name_alt": [None, "Vose District|Vose'", None],
...     "iso_a2": ["TJ", "TJ", "TJ"]}, geometry=[Point(0, 0)] * 3, crs="EPSG:4326")
>>> list(unit_rows(units, "vose"))
[0, 1]
>>> list(unit_rows(units, "Vose District", alternates=True))
[1]
>>> list(unit_rows(units, "Vosé", exact_case=True)), list(unit_rows(units, "Nowhere"))
([1], [])
"""

from __future__ import annotations

import unicodedata
import weakref
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

#: frame id → (weak reference to the frame, its three indexes).
_CACHE: dict[int, tuple[weakref.ref[Any], dict[str, dict[str, tuple[int, ...]]]]] = {}


def name_key(name: object) -> str:
    """A unit name compared without accents, case or surrounding space.

    >>> name_key(" Ḩirāt "), name_key(None)
    ('hirat', '')
    """
    if not isinstance(name, str):
        return ""
    if name.isascii():
        return name.casefold().strip()
    text = unicodedata.normalize("NFKD", name)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


def _build(units: Any) -> dict[str, dict[str, tuple[int, ...]]]:
    keyed: defaultdict[str, list[int]] = defaultdict(list)
    folded: defaultdict[str, list[int]] = defaultdict(list)
    alternate: defaultdict[str, list[int]] = defaultdict(list)
    for i, name in enumerate(units["name"].tolist()):
        keyed[name_key(name)].append(i)
        if isinstance(name, str):
            folded[name.casefold()].append(i)
    if "name_alt" in units.columns:
        for i, value in enumerate(units["name_alt"].fillna("").tolist()):
            for alt in {name_key(x) for x in str(value).split("|")}:
                alternate[alt].append(i)
    return {
        "key": {k: tuple(v) for k, v in keyed.items()},
        "casefold": {k: tuple(v) for k, v in folded.items()},
        "alternate": {k: tuple(v) for k, v in alternate.items()},
    }


def _indexes(units: Any) -> dict[str, dict[str, tuple[int, ...]]]:
    hit = _CACHE.get(id(units))
    if hit is not None and hit[0]() is units:
        return hit[1]
    built = _build(units)
    key = id(units)
    try:
        ref = weakref.ref(units, lambda _r, k=key: _CACHE.pop(k, None))
    except TypeError:  # not weak-referenceable: index it each time
        return built
    _CACHE[id(units)] = (ref, built)
    return built


def unit_rows(
    units: Any, name: str, *, alternates: bool = False, exact_case: bool = False
) -> tuple[int, ...]:
    """Row positions (in frame order) of the units called *name*.

    By default names compare by :func:`name_key`; ``exact_case`` compares Python's
    ``casefold`` of the name as written (accents count); ``alternates`` looks in the
    ``|``-separated ``name_alt`` column instead of ``name``.
    """
    index = _indexes(units)
    if exact_case:
        return index["casefold"].get(name.casefold(), ())
    return index["alternate" if alternates else "key"].get(name_key(name), ())


# --------------------------------------------------------------------------- districts


def districts_of(boundaries: Any, codes: Iterable[str]) -> Any:
    """The districts of these countries, in the order of ``boundaries.admin2``.

    Read one country at a time when *boundaries* can
    (:meth:`geo.boundaries.Boundaries.districts`), else cut from its ``admin2``.

    >>> from geo.boundaries import load_boundaries
    >>> sorted(set(districts_of(load_boundaries(), {"TJ"})["iso_a2"]))
    ['TJ']
    """
    codes = [c for c in codes if isinstance(c, str)]
    getter = getattr(boundaries, "districts", None)
    if getter is not None:
        return getter(codes)
    units = boundaries.admin2
    return units if units is None or units.empty else units[units["iso_a2"].isin(codes)]


def district_candidates(
    boundaries: Any, names: Iterable[str], country: str | None = None, *, exact_case: bool = False
) -> Any:
    """Districts among which a look-up of *names* finds what it would find in the world's.

    For the control layers, which look districts up by name (:func:`unit_rows`
    with *exact_case*, then ``alternates``) and prefer those of *country*:
    that country's districts when one of them has one of the names, else the
    districts of every country where a district has one of them (by any of
    the look-ups). Either way each row a look-up in the world's districts
    would find is here, in the same order, so the layers draw the same
    polygon; only those countries are read
    (:meth:`geo.boundaries.Boundaries.districts`). Objects without that
    method give their ``admin2`` as it is.

    >>> from geo.boundaries import load_boundaries
    >>> b = load_boundaries()
    >>> sorted(set(district_candidates(b, ["Batken"], "KG")["iso_a2"]))
    ['KG']
    >>> "KG" in set(district_candidates(b, ["batken"])["iso_a2"])
    True
    >>> district_candidates(b, ["No such district"]).empty
    True
    """
    getter = getattr(boundaries, "districts", None)
    if getter is None:
        return boundaries.admin2
    names = [n for n in names if isinstance(n, str) and n]
    if country:
        own = getter([country])
        if any(unit_rows(own, n, exact_case=exact_case) for n in names):
            return own
    index = _name_countries(boundaries)
    return getter(index.countries([k for n in names for k in (name_key(n), n.casefold())]))


class NameCountries:
    """Which countries have a district found by a key (:func:`name_key`, casefold, alternates).

    Kept small for the world's 140,000 districts: each key is stored as its
    64-bit hash, sorted, beside the number of its country, so the index
    takes a few MB instead of a dictionary of strings. A hash shared by two
    keys only adds a country to look in (the look-up itself is by name).

    >>> import pandas as pd
    >>> names = pd.DataFrame({"iso_a2": ["TJ", "KG", "KG"], "name": ["Vosé", "Osh", "Vose"]})
    >>> NameCountries(names).countries(["vose"]), NameCountries(names).countries(["Nowhere"])
    (['KG', 'TJ'], [])
    """

    def __init__(self, names: Any) -> None:
        import numpy as np

        codes = names["iso_a2"].tolist()
        pairs: set[tuple[int, str]] = set()
        for code, name in zip(codes, names["name"].tolist(), strict=True):
            if isinstance(name, str):
                pairs.add((hash(name_key(name)), code))
                pairs.add((hash(name.casefold()), code))
        if "name_alt" in names.columns:
            for code, value in zip(codes, names["name_alt"].fillna("").tolist(), strict=True):
                for alt in str(value).split("|"):
                    pairs.add((hash(name_key(alt)), code))
        self._codes = sorted({c for _, c in pairs if isinstance(c, str)})
        number = {c: i for i, c in enumerate(self._codes)}
        ordered = sorted((h, number[c]) for h, c in pairs if isinstance(c, str))
        self._hashes = np.array([h for h, _ in ordered], dtype=np.int64)
        self._country = np.array([i for _, i in ordered], dtype=np.int32)

    def countries(self, keys: Iterable[str]) -> list[str]:
        """The countries (sorted) with a district found by one of *keys*."""
        import numpy as np

        wanted = np.array(sorted({hash(k) for k in keys}), dtype=np.int64)
        lo = np.searchsorted(self._hashes, wanted, side="left")
        hi = np.searchsorted(self._hashes, wanted, side="right")
        found = {int(i) for a, b in zip(lo, hi, strict=True) for i in self._country[a:b]}
        return sorted(self._codes[i] for i in found)


#: boundaries → the :class:`NameCountries` of their districts.
_COUNTRIES: weakref.WeakKeyDictionary[Any, NameCountries] = weakref.WeakKeyDictionary()


def _name_countries(boundaries: Any) -> NameCountries:
    try:
        return _COUNTRIES[boundaries]
    except KeyError:
        pass
    except TypeError:  # not weak-referenceable: build it each time
        return NameCountries(boundaries.district_names())
    index = _COUNTRIES[boundaries] = NameCountries(boundaries.district_names())
    return index
