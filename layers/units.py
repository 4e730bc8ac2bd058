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
