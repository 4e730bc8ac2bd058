"""The JS/CSS a map needs, read from the installed registry packages at build time.

Leaflet and Leaflet.markercluster come from the ``xstatic-leaflet`` and
``xstatic-leaflet-markercluster`` wheels (their ``BASE_DIR``); images their CSS
refers to become ``data:`` URIs and source-map comments are dropped, so the
inlined file makes no request. Our own ``sitmap.js``/``sitmap.css`` are read
with :mod:`importlib.resources`. With ``cdn=True`` the third-party assets are
referenced by versioned URLs instead (our own are always inlined).

>>> [a.name for a in map_assets()]
['leaflet.css', 'MarkerCluster.css', 'MarkerCluster.Default.css', 'sitmap.css', 'labels.css', \
'leaflet.js', 'leaflet.markercluster.js', 'sitmap.js', 'labels.js']
"""

from __future__ import annotations

import base64
import mimetypes
import re
from dataclasses import dataclass
from functools import cache
from importlib import import_module, resources
from pathlib import Path

from geo.errors import SitmapError

LEAFLET = "xstatic.pkg.leaflet"
CLUSTER = "xstatic.pkg.leaflet_markercluster"
CDN = "https://unpkg.com"

# (xstatic module, file in BASE_DIR, npm package for the CDN URL, path in the npm package)
THIRD_PARTY_CSS = (
    (LEAFLET, "leaflet.css", "leaflet", "dist/leaflet.css"),
    (CLUSTER, "MarkerCluster.css", "leaflet.markercluster", "dist/MarkerCluster.css"),
    (
        CLUSTER,
        "MarkerCluster.Default.css",
        "leaflet.markercluster",
        "dist/MarkerCluster.Default.css",
    ),
)
THIRD_PARTY_JS = (
    (LEAFLET, "leaflet.js", "leaflet", "dist/leaflet.js"),
    (CLUSTER, "leaflet.markercluster.js", "leaflet.markercluster", "dist/leaflet.markercluster.js"),
)
OWN_CSS = ("sitmap.css", "labels.css")
OWN_JS = ("sitmap.js", "labels.js")


class AssetError(SitmapError):
    """A JS/CSS asset could not be found in the installed packages."""


@dataclass(frozen=True)
class Asset:
    """One stylesheet or script: inline ``text`` or an external ``url``."""

    name: str
    kind: str  # "css" or "js"
    text: str | None = None
    url: str | None = None


def _package(module: str) -> tuple[Path, str]:
    try:
        pkg = import_module(module)
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise AssetError(f"{module} is not installed (pip install xstatic-...)") from err
    return Path(pkg.BASE_DIR), str(pkg.VERSION)


_URL_RE = re.compile(r"url\(\s*['\"]?(?!data:|#)([^'\")]+?)['\"]?\s*\)")
_MAP_RE = re.compile(r"^\s*//[#@] sourceMappingURL=.*$|/\*# sourceMappingURL=.*?\*/", re.M)


def inline_css_urls(css: str, base: Path) -> str:
    """Replace ``url(relative/file)`` with ``data:`` URIs of the files under *base*.

    A reference to a missing file is dropped (``none``) rather than left to fetch.
    """

    def repl(match: re.Match[str]) -> str:
        path = (base / match.group(1)).resolve()
        if not path.is_file() or base.resolve() not in path.parents:
            return "none"
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f'url("data:{mime};base64,{data}")'

    return _URL_RE.sub(repl, css)


def safe_inline(text: str, kind: str) -> str:
    """Text that can sit inside ``<script>``/``<style>``: no closing tag, no source map."""
    text = _MAP_RE.sub("", text)
    tag = "script" if kind == "js" else "style"
    return re.sub(rf"</({tag})", r"<\\/\1", text, flags=re.IGNORECASE)


@cache
def _third_party(
    module: str, filename: str, kind: str, cdn: bool, npm: str, npm_path: str
) -> Asset:
    base, version = _package(module)
    if cdn:
        return Asset(filename, kind, url=f"{CDN}/{npm}@{version}/{npm_path}")
    path = base / filename
    if not path.is_file():
        raise AssetError(f"{filename} missing from {module} ({base})")
    text = path.read_text(encoding="utf-8")
    if kind == "css":
        text = inline_css_urls(text, base)
    return Asset(filename, kind, text=safe_inline(text, kind))


@cache
def own_asset(filename: str) -> Asset:
    """One of our files from ``layers/static``."""
    kind = "css" if filename.endswith(".css") else "js"
    text = resources.files("layers").joinpath("static", filename).read_text(encoding="utf-8")
    return Asset(filename, kind, text=safe_inline(text, kind))


def map_assets(cdn: bool = False) -> tuple[Asset, ...]:
    """Every asset of a situation map, CSS first, in load order."""
    css = [_third_party(m, f, "css", cdn, n, p) for m, f, n, p in THIRD_PARTY_CSS]
    js = [_third_party(m, f, "js", cdn, n, p) for m, f, n, p in THIRD_PARTY_JS]
    return (*css, *(own_asset(f) for f in OWN_CSS), *js, *(own_asset(f) for f in OWN_JS))


def versions() -> dict[str, str]:
    """Installed versions of the third-party JS packages, e.g. ``{"leaflet": "1.9.3"}``."""
    return {"leaflet": _package(LEAFLET)[1], "leaflet.markercluster": _package(CLUSTER)[1]}
