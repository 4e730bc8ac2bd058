"""Write the situation's layers and tables to files: GeoJSON, GeoPackage, CSV, GeoParquet.

Every writer is deterministic (same situation → byte-identical file: features
sorted by a stable key, fixed coordinate precision, no wall-clock timestamps)
and atomic (temporary file beside the target, then rename).

>>> import tempfile, pathlib, json
>>> import geopandas as gpd
>>> from shapely.geometry import Point
>>> gdf = gpd.GeoDataFrame({"name": ["Vorukh"], "popup": ["<b>x</b>"]},
...                        geometry=[Point(70.58, 39.85)], crs="EPSG:4326")
>>> out = pathlib.Path(tempfile.mkdtemp()) / "sites.geojson"
>>> data = json.loads(write_geojson(gdf, out).read_text())
>>> data["features"][0]["geometry"], data["features"][0]["properties"]
({'coordinates': [70.58, 39.85], 'type': 'Point'}, {'name': 'Vorukh'})
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping

from geo.acled import acled_frame
from geo.atomic import atomic_path, atomic_write
from geo.situation import Situation

#: Decimal places kept in exported coordinates (~0.1 m).
COORD_DIGITS = 6
#: Columns that only make sense inside the HTML map.
HTML_ONLY_COLUMNS = ("popup",)
#: A fixed timestamp GDAL writes into GeoPackage metadata, so the file is reproducible.
GPKG_TIMESTAMP = "2000-01-01T00:00:00.000Z"


def _plain(value: Any) -> Any:
    """A JSON-ready scalar: NaN/NaT → None, numpy → Python, dates → ISO."""
    if value is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, datetime | date | pd.Timestamp):
        return value.isoformat()
    if value is pd.NaT:
        return None
    return value


def _round_coords(geom: dict[str, Any]) -> dict[str, Any]:
    def rnd(coords: Any) -> Any:
        if isinstance(coords, list | tuple) and coords and isinstance(coords[0], int | float):
            return [round(float(c), COORD_DIGITS) for c in coords]
        return [rnd(c) for c in coords]

    if geom["type"] == "GeometryCollection":
        return {"type": geom["type"], "geometries": [_round_coords(g) for g in geom["geometries"]]}
    return {"type": geom["type"], "coordinates": rnd(geom["coordinates"])}


def iter_features(gdf: gpd.GeoDataFrame) -> Iterator[dict[str, Any]]:
    """The features of :func:`feature_collection`, one at a time."""
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        gdf = gdf.to_crs("EPSG:4326")
    props = [c for c in gdf.columns if c != gdf.geometry.name and c not in HTML_ONLY_COLUMNS]
    shapes = gdf.geometry.values
    # rows in slices: ``iterrows`` boxes, and ``orient_polygons`` copies, every value given
    for at in range(0, len(gdf), ROWS_AT_ONCE):
        part = slice(at, at + ROWS_AT_ONCE)
        geoms = shapely.orient_polygons(shapes[part], exterior_cw=False)
        for geom, (_, row) in zip(geoms, gdf.iloc[part][props].iterrows(), strict=True):
            yield {
                "type": "Feature",
                "geometry": None if geom is None or geom.is_empty else _round_coords(mapping(geom)),
                "properties": {c: _plain(row[c]) for c in props},
            }


#: Rows of a frame turned into features at a time (:func:`iter_features`).
ROWS_AT_ONCE = 1024


def feature_collection(gdf: gpd.GeoDataFrame) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection: WGS84 lon/lat, counter-clockwise outer rings, no ``crs``.

    Features keep the frame's order; properties drop map-only columns.
    """
    return {"type": "FeatureCollection", "features": list(iter_features(gdf))}


def _feature_json(feature: dict[str, Any]) -> str:
    return json.dumps(feature, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _write_features(features: Iterator[dict[str, Any]], path: str | os.PathLike[str]) -> None:
    """Write a FeatureCollection one feature at a time.

    The bytes of ``json.dumps({"type": "FeatureCollection", "features": [...]},
    ensure_ascii=False, sort_keys=True, separators=(",", ":"))`` and a newline
    (sorted keys: ``features`` before ``type``), without holding every feature's
    dict or the whole text.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "f.geojson"
    >>> feats = [{"type": "Feature", "geometry": None, "properties": {"b": "é", "a": 1}}] * 2
    >>> _write_features(iter(feats), out)
    >>> whole = {"type": "FeatureCollection", "features": feats}
    >>> out.read_text(encoding="utf-8") == json.dumps(
    ...     whole, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\\n"
    True
    """
    with atomic_write(path) as fh:
        fh.write('{"features":[')
        sep = ""
        for feature in features:
            fh.write(sep + _feature_json(feature))
            sep = ","
        fh.write('],"type":"FeatureCollection"}\n')


def write_geojson(gdf: gpd.GeoDataFrame, path: str | os.PathLike[str]) -> Path:
    """Write ``gdf`` as RFC 7946 GeoJSON (atomically, deterministically), feature by feature."""
    _write_features(iter_features(gdf), path)
    return Path(path)


def write_geojson_layers(
    frames: Mapping[str, gpd.GeoDataFrame], path: str | os.PathLike[str]
) -> Path:
    """Write several layers as one RFC 7946 FeatureCollection; property ``layer`` names each.

    >>> import tempfile, pathlib, json
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> g = gpd.GeoDataFrame({"name": ["Vorukh"]}, geometry=[Point(70.58, 39.85)], crs=4326)
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "all.geojson"
    >>> data = json.loads(write_geojson_layers({"sites": g}, out).read_text())
    >>> data["features"][0]["properties"]
    {'layer': 'sites', 'name': 'Vorukh'}
    """

    def features() -> Iterator[dict[str, Any]]:
        for name, gdf in frames.items():
            for feature in iter_features(gdf):
                feature["properties"] = {"layer": name, **feature["properties"]}
                yield feature

    _write_features(features(), path)
    return Path(path)


def _gpkg_ready(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    out = gdf.drop(columns=[c for c in HTML_ONLY_COLUMNS if c in gdf.columns])
    for col in out.columns:
        if col == out.geometry.name:
            continue
        if out[col].dtype == object:
            out[col] = out[col].map(lambda v: None if _plain(v) is None else str(_plain(v)))
    return out


#: Geometry families a GeoPackage layer is declared with (single and multi parts together).
GEOMETRY_FAMILIES = {
    "Point": "point", "MultiPoint": "point",
    "LineString": "line", "MultiLineString": "line",
    "Polygon": "polygon", "MultiPolygon": "polygon",
}  # fmt: skip
#: The declared type of a family: the multi type when single and multi parts mix.
_FAMILY_TYPES = {"point": "Point", "line": "LineString", "polygon": "Polygon"}
#: Declared type of a layer that has no feature at all.
EMPTY_LAYER_TYPES = {"borders": "LineString", "movements": "LineString"}


def gpkg_layers(name: str, gdf: gpd.GeoDataFrame) -> list[tuple[str, gpd.GeoDataFrame, str]]:
    """``(layer name, rows, declared geometry type)`` for one frame, split by geometry family.

    The layer's main family (:data:`MAIN_FAMILY`: lines for borders, movements
    and control claims, points for the rest) always keeps the layer's own name,
    so a GeoPackage has the same layer names whatever the data; rows of another
    family go to ``NAME_line``, ``NAME_point`` or ``NAME_polygon``. Rows without
    geometry stay with the main family.

    >>> import geopandas as gpd
    >>> from shapely.geometry import LineString, MultiLineString, Point
    >>> g = gpd.GeoDataFrame({"k": [1, 2, 3]}, geometry=[
    ...     Point(0, 0), LineString([(0, 0), (1, 1)]), MultiLineString([[(0, 0), (1, 0)]])])
    >>> [(n, len(f), t) for n, f, t in gpkg_layers("control_claims", g)]
    [('control_claims', 2, 'MultiLineString'), ('control_claims_point', 1, 'Point')]
    >>> [(n, len(f), t) for n, f, t in gpkg_layers("incidents", g)]
    [('incidents', 1, 'Point'), ('incidents_line', 2, 'MultiLineString')]
    """
    if gdf.empty:
        return [(name, gdf, EMPTY_LAYER_TYPES.get(name, "Point"))]
    types = gdf.geometry.geom_type
    family = types.map(GEOMETRY_FAMILIES)
    found = sorted(set(family.dropna()))
    if not found:
        return [(name, gdf, EMPTY_LAYER_TYPES.get(name, "Point"))]
    main = MAIN_FAMILY.get(name, "point")
    family = family.fillna(main if main in found else found[0])
    out = []
    for fam in sorted(found, key=lambda f: (f != main, f)):
        part = gdf[family == fam]
        single = _FAMILY_TYPES[fam]
        multi = any(str(t).startswith("Multi") for t in types[family == fam].dropna())
        declared = f"Multi{single}" if multi else single
        plain = fam == main or (len(found) == 1 and main not in found)
        out.append((name if plain else f"{name}_{fam}", part, declared))
    return out


#: The geometry family whose rows keep a layer's own name in the GeoPackage.
MAIN_FAMILY: dict[str, str] = {"borders": "line", "movements": "line", "control_claims": "line"}


def write_gpkg(frames: Mapping[str, gpd.GeoDataFrame], path: str | os.PathLike[str]) -> Path:
    """Write every frame as a GeoPackage layer of its real geometry type (opens in QGIS).

    A frame mixing geometry families is split (see :func:`gpkg_layers`).
    """
    import pyogrio

    with atomic_path(path) as tmp:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": GPKG_TIMESTAMP})
        try:
            for name, gdf in frames.items():
                for layer, part, declared in gpkg_layers(name, gdf):
                    ready = _gpkg_ready(part)
                    if ready.empty:
                        ready = gpd.GeoDataFrame(
                            {"name": pd.Series([], dtype=str)},
                            geometry=gpd.GeoSeries([], crs="EPSG:4326"),
                        )
                    multi = declared.startswith("Multi")
                    ready.to_file(
                        tmp,
                        layer=layer,
                        driver="GPKG",
                        engine="pyogrio",
                        geometry_type=declared,
                        promote_to_multi=multi,
                    )
        finally:
            pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})
    return Path(path)


#: Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs: text starting with a formula trigger gets a ``'``.

    OWASP's advice (https://owasp.org/www-community/attacks/CSV_Injection): prefix every
    cell that begins with ``=``, ``+``, ``-``, ``@``, tab or carriage return with a single
    quote. Only text is touched; numbers stay numbers (a negative longitude is ``-70.5``).
    Line breaks inside a cell become ``\\n``: a bare carriage return is not quoted by
    Python's CSV writer and would start a new row — and a formula — in a spreadsheet.

    >>> safe_cell("=SUM(A1:A9)"), safe_cell("-3 killed"), safe_cell("Vorukh")
    ("'=SUM(A1:A9)", "'-3 killed", 'Vorukh')
    >>> safe_cell("Fine.\\r=1+1"), safe_cell("\\r=1+1")
    ('Fine.\\n=1+1', "'\\n=1+1")
    >>> safe_cell(-70.5), safe_cell(None)
    (-70.5, None)
    """
    if not isinstance(value, str):
        return value
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    if value.startswith(FORMULA_TRIGGERS) or text.startswith("\n"):
        return "'" + text
    return text


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell passed through :func:`safe_cell`."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(safe_cell, na_action="ignore")
    return out


def write_csv(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a table as UTF-8 CSV (atomically), every text cell spreadsheet-safe.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> frame = pd.DataFrame({"notes": ["=1+1", "ok"], "longitude": [-70.5, 1.0]})
    >>> print(write_csv(frame, out).read_text(), end="")
    notes,longitude
    '=1+1,-70.5
    ok,1.0
    """
    # in slices of rows: the spreadsheet-safe copy of a slice at a time, not of the table
    # (the same text: no column's format depends on its other rows; no datetime columns)
    table = frame
    with atomic_write(path, newline="") as fh:
        for at in range(0, max(len(table), 1), ROWS_AT_ONCE):  # an empty table: its header
            frame = table.iloc[at : at + ROWS_AT_ONCE]
            safe_frame(frame).to_csv(fh, index=False, header=at == 0, lineterminator="\n")
    return Path(path)


def events_table(situation: Situation) -> pd.DataFrame:
    """The ACLED-compatible event table (see :mod:`geo.acled`)."""
    return acled_frame(situation.events)


def write_events_parquet(
    situation: Situation, path: str | os.PathLike[str], table: pd.DataFrame | None = None
) -> Path:
    """Write the event table as GeoParquet (point geometry, EPSG:4326).

    An event with no known location keeps its row with a null geometry
    (never an empty point, which some readers take for 0, 0). ``table`` is
    :func:`events_table` of the situation when the caller has it already.
    """
    if table is None:
        table = events_table(situation)
    lon = pd.to_numeric(table["longitude"], errors="coerce")
    lat = pd.to_numeric(table["latitude"], errors="coerce")
    located = lon.notna() & lat.notna()
    points = gpd.points_from_xy(lon.fillna(0), lat.fillna(0), crs="EPSG:4326")
    geometry = gpd.GeoSeries(points, index=table.index, crs="EPSG:4326").where(located, None)
    gdf = gpd.GeoDataFrame(table, geometry=geometry)
    with atomic_path(path) as tmp:
        gdf.to_parquet(tmp, index=False, compression="zstd")
    return Path(path)


def unresolved_table(situation: Situation) -> pd.DataFrame:
    """Every place mention not placed, with its reason and the sentence around it."""
    urls = {a.id: a.url for a in situation.articles}
    mentions = situation.unresolved
    # column by column: no dict per mention (the same frame as from one dict per row)
    columns = {
        "document": [u.document for u in mentions],
        "start": [u.start for u in mentions],
        "end": [u.end for u in mentions],
        "text": [u.text for u in mentions],
        "reason": [u.reason for u in mentions],
        "url": [urls.get(u.document) for u in mentions],
    }
    frame = pd.DataFrame(columns if mentions else [], columns=list(columns))  # empty: object
    return frame.astype({"start": "Int64", "end": "Int64"})
