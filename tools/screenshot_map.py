"""Screenshot a built situation map (``map.html`` in a build dir) with headless Chromium.

Run: .venv/bin/python tools/screenshot_map.py BUILD_DIR docs/map.png [--width 1200 --height 800]
     .venv/bin/python tools/screenshot_map.py --corpus two-theatres docs/map-world.png

``--corpus`` draws one of the test corpora of ``tests/data/world`` (``world``,
``two-theatres``, ``country-only``: borders on four continents) with the real
boundaries instead of reading a build directory.

Uses Debian's /usr/bin/chromium through Playwright (never ``playwright install``);
the page is opened from disk, nothing is fetched from the network. The PNG is
quantised to a palette (Pillow) to stay small enough for a README.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
from pathlib import Path

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def chromium() -> str:
    """Path of the Chromium binary."""
    for cand in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if cand and Path(cand).exists():
            return cand
    raise SystemExit("chromium not found (run tools/ensure_chromium.sh)")


def screenshot(
    html: Path,
    out: Path,
    *,
    width: int = 1200,
    height: int = 800,
    open_popup: bool = False,
    colors: int = 256,
) -> dict[str, object]:
    """Render *html* at width×height, write a palette PNG to *out*; return what the page did."""
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(html.resolve().as_uri(), wait_until="load")
            page.wait_for_function("() => window.Sitmap && window.Sitmap.last")
            page.wait_for_timeout(600)  # cluster animation, canvas redraw
            if open_popup:
                page.evaluate(
                    """() => { const el = document.querySelector(
                        '.leaflet-marker-pane .sm-icon'); if (el) el.click(); }"""
                )
                page.wait_for_timeout(400)
            png = page.screenshot(full_page=False)
        finally:
            browser.close()
    data = _quantise(png, colors)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    remote = [u for u in requests if not u.startswith(("file:", "data:", "about:"))]
    return {"bytes": len(data), "remote_requests": remote, "errors": errors}


def _quantise(png: bytes, colors: int) -> bytes:
    try:
        from PIL import Image
    except ImportError:
        return png
    img = Image.open(io.BytesIO(png)).convert("RGB")
    pal = img.quantize(colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buf = io.BytesIO()
    pal.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


CORPORA = {
    "world": "world_situation",
    "two-theatres": "two_theatres",
    "country-only": "country_only",
}


def corpus_map(name: str, folder: Path) -> Path:
    """Build the map of a test corpus (tests/data/world) into *folder*; return its path."""
    import importlib.util

    repo = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(repo))
    spec = importlib.util.spec_from_file_location(
        "world_fixture", repo / "tests" / "data" / "world" / "world_fixture.py"
    )
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["world_fixture"] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    from geo.boundaries import load_boundaries
    from layers.map import build_map, save_map

    situation = getattr(module, CORPORA[name])()
    m = build_map(situation, boundaries=load_boundaries(), title=f"sitmap: {name} test corpus")
    return save_map(m, folder / "map.html")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build_dir", type=Path, nargs="?", help="build directory holding map.html")
    parser.add_argument("out", type=Path, help="PNG to write")
    parser.add_argument("--corpus", choices=sorted(CORPORA), help="draw a test corpus instead")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--popup", action="store_true", help="open the first marker's popup")
    args = parser.parse_args(argv)
    if args.corpus:
        import tempfile

        args.build_dir = corpus_map(args.corpus, Path(tempfile.mkdtemp(prefix="sitmap-shot-")))
    if args.build_dir is None:
        parser.error("give a build directory (or --corpus)")
    html = args.build_dir / "map.html" if args.build_dir.is_dir() else args.build_dir
    if not html.exists():
        raise SystemExit(f"{html} not found")
    info = screenshot(html, args.out, width=args.width, height=args.height, open_popup=args.popup)
    print(f"{args.out}: {info['bytes']:,} bytes")
    if info["remote_requests"] or info["errors"]:
        print("WARNING:", info["remote_requests"][:3], info["errors"][:3], file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
