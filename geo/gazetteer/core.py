"""The :class:`Gazetteer`: places by name (exact, variant, fuzzy) and by coordinate.

Ranking rule of :meth:`Gazetteer.lookup`
-----------------------------------------

1. **Match class** — the query is folded (:func:`geo.names.fold`). Names
   whose fold equals it are *exact* matches. Only when no exact match passes
   the filters are *variant* matches tried (same
   :func:`geo.names.variant_key`), and only when there is none of those either
   (and the folded query has at least 5 characters) *fuzzy* matches: folded
   names within Levenshtein distance 1 (queries up to 8 characters) or 2.
2. **Generic term** — a query such as "Balkh Province", "Kaldor district"
   or "city of Mazar-i-Sharif" is also looked up without the term
   (:func:`geo.names.split_generic`); places whose feature does not fit the
   term rank after those that do.
3. **Prior** — among the rest, a fixed order of tiers: countries; regional
   centres (a populated place of at least 100,000 people that is the largest
   GeoNames place of its admin-1 unit: Kunduz, Osh, Moscow, Dushanbe);
   admin-1 units; admin-2 units; curated border-zone places; other populated
   places. Within a tier, larger population first.

The score in [0, 1] encodes the same order: a base of 1.0 (exact), 0.7
(variant) or 0.4 / 0.3 (fuzzy at distance 1 / 2), minus 0.1 for a feature
that does not fit the generic term, minus :func:`prior_penalty` (0.02 per
tier plus up to 0.02 for a small population). Every exact match outscores
every variant match, which outscores every fuzzy one.

>>> from geo.model import Place
>>> gaz = Gazetteer.from_places([
...     Place("gn:1", "Batken", 40.06, 70.82, "KG", "populated_place", population=27730),
...     Place("adm1:KG-B", "Batken", 40.0, 70.9, "KG", "admin1"),
... ])
>>> [c.place.feature for c in gaz.lookup("Batken")]
['admin1', 'populated_place']
>>> [c.place.feature for c in gaz.lookup("Batken town")]
['populated_place', 'admin1']
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from geo.errors import InputError
from geo.gazetteer.layout import Layout, SortedText, pack
from geo.gazetteer.records import (
    CENTRE_POPULATION,
    MAX_NAME_LENGTH,
    TIER_ADMIN1,
    TIER_ADMIN2,
    TIER_CENTRE,
    TIER_COUNTRY,
    TIER_CURATED,
    TIER_PLACE,
    GazetteerData,
    PlaceRecord,
    index_records,
)
from geo.geocoders.base import check_country_codes, check_feature, check_query
from geo.model import ACCURACIES, FEATURES, Candidate, Place
from geo.names import fold, split_generic, variant_key_folded
from geo.points import check_latlon

EXACT, VARIANT, FUZZY1, FUZZY2 = 1.0, 0.7, 0.4, 0.3
HINT_PENALTY = 0.1
MIN_FUZZY_LENGTH = 5
EARTH_RADIUS_KM = 6371.0088
_KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180.0
#: Folded names whose place in the index is kept in memory (see ``Gazetteer._key``).
KEY_CACHE_SIZE = 200_000
_UNSEEN = object()
_UNIT_CODES = frozenset(FEATURES.index(f) for f in ("country", "admin1", "admin2"))


def _feature_codes(kind: str | None) -> frozenset[int] | None:
    """Feature codes a requested kind accepts ("populated_place" also takes "village")."""
    if kind is None:
        return None
    if kind == "populated_place":
        return frozenset((FEATURES.index("populated_place"), FEATURES.index("village")))
    return frozenset((FEATURES.index(kind),))


def _check_positive(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError(f"{what} must be a positive whole number, not {value!r}")
    return value


def data_of(places: Iterable[Place]) -> GazetteerData:
    """The columns and name index of a few :class:`Place` objects (for small gazetteers).

    Tiers follow the ranking rule: ``source == "curated"`` is the curated
    tier; a populated place of at least 100,000 people that is the largest
    of its (country, admin1) is a regional centre.

    >>> data_of([Place("cur:x", "X", 1, 2, "KG", "village")]).stats["places"]
    1
    """
    places = list(places)
    largest: dict[tuple[str, str | None], Place] = {}
    for p in places:
        if p.feature in ("populated_place", "village"):
            key = (p.country_code, p.admin1)
            if key not in largest or p.population > largest[key].population:
                largest[key] = p
    centres = {p.id for p in largest.values() if p.population >= CENTRE_POPULATION}
    tiers = {"country": TIER_COUNTRY, "admin1": TIER_ADMIN1, "admin2": TIER_ADMIN2}
    records = []
    for p in places:
        if p.id in centres:
            tier = TIER_CENTRE
        elif p.feature in tiers:
            tier = tiers[p.feature]
        else:
            tier = TIER_CURATED if p.source == "curated" else TIER_PLACE
        records.append(
            PlaceRecord(
                id=p.id,
                name=p.name,
                lat=p.lat,
                lon=p.lon,
                country_code=p.country_code,
                feature=p.feature,
                tier=tier,
                admin1=p.admin1,
                admin2=p.admin2,
                population=p.population,
                source=p.source,
                geonameid=p.geonameid,
                accuracy=p.accuracy,
                alt_names=list(p.alt_names),
            )
        )
    return index_records(records)


class Gazetteer:
    """Places by name and by coordinate, over a :class:`GazetteerData` index.

    Build one with :func:`geo.gazetteer.load_gazetteer` (real data, cached) or
    :meth:`from_places` (a handful of places, for tests).
    """

    def __init__(self, data: GazetteerData | Layout) -> None:
        lay = data if isinstance(data, Layout) else Layout(pack(data))
        self._layout = lay
        head = lay.header
        self._n: int = head["places"]
        self._ids = lay.text("ids")
        self._names = lay.text("names")
        self._alt_names = lay.text("alt_names")
        self._country_codes = lay.view("country_codes")
        self._country_values: list[str] = head["country_values"]
        self._feature = lay.view("feature")
        self._prior = lay.view("prior")
        self._keys = lay.sorted_text("keys")
        self._displays = lay.text("displays")
        self._post_starts = lay.view("post_starts")
        self._post_rows = lay.view("post_rows")
        self._admin_values = lay.text("admin_values")
        self._admin_null = frozenset(head["admin_null"])
        # built on first use
        self._variants: SortedText | None = None
        self._by_length: dict[int, list[str]] = {}
        self._places: dict[int, Place] = {}
        self._by_id: dict[str, int] | None = None
        self._key_cache: dict[str, tuple[int, str] | None] = {}
        self._grids: dict[bool, tuple[np.ndarray, np.ndarray]] = {}

    def __reduce__(self) -> tuple[Any, ...]:
        return (Gazetteer, (self._layout,))

    # --- construction ------------------------------------------------------

    @classmethod
    def from_places(cls, places: Iterable[Place]) -> Gazetteer:
        """Build a small in-memory gazetteer from :class:`Place` objects (see :func:`data_of`)."""
        return cls(data_of(places))

    # --- places ------------------------------------------------------------

    def __len__(self) -> int:
        """Number of places."""
        return self._n

    def __repr__(self) -> str:
        return f"<Gazetteer {len(self):,} places, {len(self._keys.text):,} names>"

    @property
    def stats(self) -> dict[str, int]:
        """Counts from the build (places, names, units without polygon ...)."""
        return dict(self._layout.header["stats"])

    @property
    def max_name_words(self) -> int:
        """The most words in one folded name.

        >>> from geo.model import Place
        >>> Gazetteer.from_places([Place("cur:x", "Sher Khan Bandar", 1, 2, "AF", "village")]
        ...                      ).max_name_words
        3
        """
        return int(self._layout.header["longest_words"])

    def has_name(self, key: str) -> bool:
        """Whether ``key`` is a folded name of some place (what :meth:`iter_names` yields).

        >>> from geo.model import Place
        >>> gaz = Gazetteer.from_places([Place("cur:x", "Chir-Dobo", 1, 2, "KG", "village")])
        >>> gaz.has_name("chir dobo"), gaz.has_name("chir")
        (True, False)
        """
        return self._key(key) is not None

    def _key(self, key: str) -> tuple[int, str] | None:
        """(position in the sorted key list, display spelling) of a folded name, or ``None``.

        Searched in the file, then kept: a corpus asks for the same names
        again and again (bounded: forgotten all at once when it grows large).
        """
        found = self._key_cache.get(key, _UNSEEN)
        if found is _UNSEEN:
            k = self._keys.find(key)
            found = None if k is None else (k, self._displays[k])
            if len(self._key_cache) >= KEY_CACHE_SIZE:
                self._key_cache.clear()
            self._key_cache[key] = found
        return found  # type: ignore[return-value]

    def _key_number(self, key: str) -> int | None:
        """Position of a folded name in the sorted key list, or ``None``."""
        found = self._key(key)
        return None if found is None else found[0]

    def _country(self, row: int) -> str:
        return self._country_values[self._country_codes[row]]

    def _admin(self, code: int) -> str | None:
        return None if code in self._admin_null else self._admin_values[code]

    def _country_filter(self, codes: Sequence[str] | None) -> frozenset[int] | None:
        """The country category codes of ``codes`` (``None``: no filter)."""
        if codes is None:
            return None
        wanted = set(codes)
        return frozenset(i for i, c in enumerate(self._country_values) if c in wanted)

    def _place(self, row: int) -> Place:
        place = self._places.get(row)
        if place is None:
            item = self._layout.item
            alt = self._alt_names[row]
            gid = item("geonameid", row)
            place = Place(
                id=self._ids[row],
                name=self._names[row],
                lat=item("lat", row),
                lon=item("lon", row),
                country_code=self._country(row),
                feature=FEATURES[self._feature[row]],
                admin1=self._admin(item("admin1_codes", row)),
                admin2=self._admin(item("admin2_codes", row)),
                population=item("population", row),
                source=self._layout.header["source_values"][item("source_codes", row)],
                geonameid=gid or None,
                accuracy=ACCURACIES[item("accuracy", row)],
                alt_names=tuple(alt.split("|")) if alt else (),
            )
            self._places[row] = place
        return place

    def get(self, place_id: str) -> Place:
        """Return the place with this id or raise :class:`~geo.errors.NotFoundError`.

        >>> from geo.model import Place
        >>> Gazetteer.from_places([Place("cur:x", "X", 1, 2, "KG", "village")]).get("cur:x").name
        'X'
        """
        from geo.errors import NotFoundError

        if self._by_id is None:
            self._by_id = {pid: row for row, pid in enumerate(self._ids)}
        row = self._by_id.get(place_id) if isinstance(place_id, str) else None
        if row is None:
            raise NotFoundError(f"no place with id {place_id!r}")
        return self._place(row)

    def iter_names(self, country_codes: Sequence[str] | None = None) -> Iterator[str]:
        """Yield every folded name once (optionally only names of places in these countries).

        These are the keys :meth:`lookup_folded` answers, e.g. for an
        Aho-Corasick automaton over article text folded with
        :func:`geo.names.fold`.

        >>> from geo.model import Place
        >>> gaz = Gazetteer.from_places([Place("cur:x", "Tört-Köchö", 1, 2, "KG", "village",
        ...                                    alt_names=("Торт-Кочо",))])
        >>> list(gaz.iter_names())
        ['tort kocho']
        """
        wanted = self._country_filter(check_country_codes(country_codes))
        if wanted is None:
            yield from self._keys.text
            return
        country, starts, post = self._country_codes, self._post_starts, self._post_rows
        for k, key in enumerate(self._keys.text):
            if any(country[row] in wanted for row in post[starts[k] : starts[k + 1]]):
                yield key

    # --- lookup ----------------------------------------------------------------

    def _gather(
        self,
        hits: list[tuple[str, float]],
        codes: tuple[str, ...] | None,
        kinds: frozenset[int] | None,
        hint: frozenset[int] | None,
        match: str,
        limit: int | None,
    ) -> list[Candidate]:
        """Turn (folded key, base score) hits into ranked candidates."""
        index, starts, post = self._key, self._post_starts, self._post_rows
        country = self._country_codes
        wanted = self._country_filter(codes)
        feature = self._feature
        prior = self._prior
        best: dict[int, tuple[float, str]] = {}
        simple = len(hits) == 1 and hint is None and limit is not None
        for key, base in hits:
            found = index(key)
            if found is None:
                continue
            k, display = found
            for row in post[starts[k] : starts[k + 1]]:
                if wanted is not None and country[row] not in wanted:
                    continue
                if kinds is not None and feature[row] not in kinds:
                    continue
                score = base - prior[row]
                if hint is not None and feature[row] not in hint:
                    score -= HINT_PENALTY
                old = best.get(row)
                if old is None or score > old[0]:
                    best[row] = (score, display)
                if simple and len(best) >= limit:  # rows are already in rank order
                    break
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
        if limit is not None:
            ranked = ranked[:limit]
        return [
            Candidate(self._place(row), max(0.0, min(1.0, score)), display, match)
            for row, (score, display) in ranked
        ]

    def lookup_folded(
        self,
        key: str,
        *,
        country_codes: Sequence[str] | None = None,
        feature: str | None = None,
        limit: int | None = None,
    ) -> list[Candidate]:
        """Return the exact matches of an already folded name, best first (fast path).

        No query checks and no generic-term, variant or fuzzy matching.

        >>> from geo.model import Place
        >>> gaz = Gazetteer.from_places([Place("cur:x", "Chir-Dobo", 1, 2, "KG", "village")])
        >>> [c.place.id for c in gaz.lookup_folded("chir dobo")]
        ['cur:x']
        """
        codes = check_country_codes(country_codes)
        kinds = _feature_codes(check_feature(feature))
        return self._gather([(key, EXACT)], codes, kinds, None, "exact", limit)

    def lookup(
        self,
        name: str,
        *,
        country_codes: Sequence[str] | None = None,
        feature: str | None = None,
        limit: int = 10,
        fuzzy: bool = True,
    ) -> list[Candidate]:
        """Return the places called ``name``, best first (see the module docstring).

        ``country_codes`` keeps only places in those countries, ``feature``
        only that kind ("populated_place" also keeps "village"). Raises
        :class:`~geo.errors.InputError` for an empty, over-long or
        control-character query; returns ``[]`` when nothing matches.

        >>> from geo.model import Place
        >>> gaz = Gazetteer.from_places([Place("adm0:TJ", "Tajikistan", 39, 71, "TJ", "country")])
        >>> [(c.place.name, c.match) for c in gaz.lookup("Tajikastan")]
        [('Tajikistan', 'fuzzy')]
        """
        query = check_query(name)
        codes = check_country_codes(country_codes)
        kinds = _feature_codes(check_feature(feature))
        limit = _check_positive(limit, "limit")
        key = fold(query)
        if not key:
            return []
        core, term = split_generic(key)
        hint = _feature_codes(term) if term else None
        keys = [key] if core == key else [key, core]
        found = self._gather([(k, EXACT) for k in keys], codes, kinds, hint, "exact", limit)
        if found:
            return found
        hits: dict[str, float] = {}
        for k in keys:
            for vk in self._variants_of(k):
                hits[vk] = VARIANT
        found = self._gather(list(hits.items()), codes, kinds, hint, "variant", limit)
        if found or not fuzzy or len(core) < MIN_FUZZY_LENGTH:
            return found
        hits = {}
        for k in keys:
            if len(k) >= MIN_FUZZY_LENGTH:
                for vk, dist in self._near_keys(k, 1 if len(k) <= 8 else 2):
                    hits[vk] = max(hits.get(vk, 0.0), FUZZY1 if dist <= 1 else FUZZY2)
        return self._gather(list(hits.items()), codes, kinds, hint, "fuzzy", limit)

    def _variants_of(self, key: str) -> list[str]:
        """Folded names sharing the variant key of ``key``."""
        lay = self._layout
        if self._variants is None:
            self._variants = lay.sorted_text("variant_keys")
        v = self._variants.find(variant_key_folded(key))
        if v is None:
            return []
        starts = lay.view("variant_starts")
        keys = self._keys.text
        return [keys[k] for k in lay.view("variant_members")[starts[v] : starts[v + 1]]]

    def _near_keys(self, key: str, max_dist: int, limit: int = 200) -> list[tuple[str, int]]:
        """Folded names within ``max_dist`` edits of ``key`` (only names of about its length)."""
        choices: list[str] = []
        for length in range(
            max(0, len(key) - max_dist), min(MAX_NAME_LENGTH + 1, len(key) + max_dist + 1)
        ):
            choices += self._names_of_length(length)
        found = process.extract(
            key, choices, scorer=Levenshtein.distance, score_cutoff=max_dist, limit=limit
        )
        return [(choice, int(dist)) for choice, dist, _ in found]

    def _names_of_length(self, length: int) -> list[str]:
        """The folded names of ``length`` characters, in key order (decoded on first use)."""
        found = self._by_length.get(length)
        if found is None:
            starts = self._layout.view("length_starts")
            found = self._layout.text("keys@by_length").slice(starts[length], starts[length + 1])
            self._by_length[length] = found
        return found

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """Return up to ``limit`` known spellings close to ``name``, closest first.

        For "no place named 'X'; did you mean ...?" messages: names within
        about a third of the query's length in edits, the more prominent
        place first among equally close names.

        >>> from geo.model import Place
        >>> gaz = Gazetteer.from_places([Place("adm0:KG", "Kyrgyzstan", 41, 75, "KG", "country")])
        >>> gaz.suggest("Kyrgystan")
        ['Kyrgyzstan']
        """
        query = check_query(name)
        limit = _check_positive(limit, "limit")
        key = fold(query)
        if not key:
            return []
        max_dist = max(1, min(4, len(key) // 3))
        index, starts, post = self._key_number, self._post_starts, self._post_rows
        ranked = sorted(
            self._near_keys(key, max_dist, limit=max(50, limit * 10)),
            key=lambda kd: (kd[1], self._prior[post[starts[index(kd[0]) or 0]]], kd[0]),
        )
        out: list[str] = []
        for k, _ in ranked:
            display = self._displays[index(k) or 0]
            if display not in out:
                out.append(display)
            if len(out) >= limit:
                break
        return out

    # --- reverse ---------------------------------------------------------------

    def _grid(self, units: bool) -> tuple[np.ndarray, np.ndarray]:
        """Rows sorted by 1-degree cell id, and those cell ids (built on first use)."""
        grid = self._grids.get(units)
        if grid is None:
            lay = self._layout
            rows = np.arange(self._n)
            if not units:
                feature = lay.array("feature")
                is_unit = np.isin(feature, np.array(sorted(_UNIT_CODES), dtype=np.int8))
                rows = rows[~is_unit]
            ci = np.floor(lay.array("lat")[rows]).astype(np.int64) + 90
            cj = np.floor(lay.array("lon")[rows]).astype(np.int64) + 180
            cell = ci * 361 + cj
            order = np.argsort(cell, kind="stable")
            grid = (rows[order], cell[order])
            self._grids[units] = grid
        return grid

    def nearest(
        self,
        lat: float,
        lon: float,
        *,
        k: int = 1,
        max_km: float | None = None,
        units: bool = False,
    ) -> list[tuple[Place, float]]:
        """Return up to ``k`` places nearest to ``(lat, lon)`` with their distance in km.

        Administrative units (whose points only stand for an area) are left
        out unless ``units``. ``max_km`` drops anything farther. Candidates
        come from 1-degree grid cells around the point, widened until the
        ``k`` nearest are certain; distances are haversine.

        >>> from geo.model import Place
        >>> gaz = Gazetteer.from_places([Place("gn:1", "Batken", 40.06, 70.82, "KG",
        ...                                    "populated_place")])
        >>> [(p.name, round(km, 1)) for p, km in gaz.nearest(40.0, 70.8)]
        [('Batken', 6.9)]
        """
        la, lo = check_latlon(lat, lon)
        k = _check_positive(k, "k")
        if max_km is not None and (not isinstance(max_km, int | float) or not max_km > 0):
            raise InputError(f"max_km must be a positive number, not {max_km!r}")
        rows, cells = self._grid(units)
        if rows.size == 0:
            return []
        ci = min(math.floor(la) + 90, 180)
        cj = min(math.floor(lo) + 180, 359)
        radius = 1
        while True:
            i_lo, i_hi = max(ci - radius, 0), min(ci + radius, 180)
            edge = max(abs(i_lo - 90), abs(i_hi + 1 - 90))
            cos_edge = math.cos(math.radians(min(edge, 89.99)))
            half = math.ceil(radius / cos_edge)
            whole = 2 * half + 1 >= 360 or (i_lo == 0 and i_hi == 180)
            picks = []
            for i in range(i_lo, i_hi + 1):
                spans = [(0, 360)] if whole else _lon_spans(cj - half, cj + half)
                for a, b in spans:
                    s = np.searchsorted(cells, i * 361 + a)
                    e = np.searchsorted(cells, i * 361 + b)
                    if e > s:
                        picks.append(rows[s:e])
            cand = np.concatenate(picks) if picks else np.empty(0, dtype=np.int64)
            lats, lons = self._layout.array("lat"), self._layout.array("lon")
            dist = _haversine_km(la, lo, lats[cand], lons[cand])
            sure = 0.9 * radius * _KM_PER_DEGREE
            if max_km is not None:
                keep = dist <= max_km
                cand, dist = cand[keep], dist[keep]
            enough = np.count_nonzero(dist <= sure) >= k
            if whole or enough or (max_km is not None and sure >= max_km):
                break
            radius *= 2
        order = np.argsort(dist, kind="stable")[:k]
        return [(self._place(int(cand[j])), float(dist[j])) for j in order]


def _lon_spans(a: int, b: int) -> list[tuple[int, int]]:
    """Half-open column ranges covering columns a..b (inclusive), wrapping at 360."""
    if a < 0:
        return [(a + 360, 360), (0, b + 1)]
    if b >= 360:
        return [(a, 360), (0, b - 360 + 1)]
    return [(a, b + 1)]


def _haversine_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Great-circle distances in km from one point to many (vectorised)."""
    p1, p2 = math.radians(lat), np.radians(lats)
    dphi = p2 - p1
    dlmb = np.radians(lons) - math.radians(lon)
    h = np.sin(dphi / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
