"""Drive Debian's Chromium with Playwright (never ``playwright install``).

``open_page(path)`` loads a local HTML file and records every console message,
page error, dialog and network request, so tests can assert a map is offline.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)


def chromium_path() -> Path | None:
    """The Chromium binary, or ``None`` when it is not installed."""
    if CHROMIUM.exists():
        return CHROMIUM
    found = shutil.which("chromium")
    return Path(found) if found else None


def skip_reason() -> str | None:
    """Why browser tests cannot run here, or ``None``."""
    if chromium_path() is None:
        return "chromium not installed (run tools/ensure_chromium.sh)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright not installed (pip install playwright==1.65.2)"
    return None


@dataclass
class Record:
    """What happened while a page was open."""

    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind == "error"] + self.errors

    def remote_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file:", "data:", "about:"))]


@contextmanager
def browser() -> Iterator[Any]:
    """A headless Chromium browser (Playwright) that is closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(chromium_path()), args=list(ARGS), headless=True)
        try:
            yield b
        finally:
            b.close()


@contextmanager
def open_page(
    b: Any,
    path: Path,
    *,
    width: int = 1280,
    height: int = 860,
    init_script: str | None = None,
    timeout_ms: float = 30_000,
) -> Iterator[tuple[Any, Record, float]]:
    """Open *path*; yield the page, its :class:`Record` and the load time in seconds.

    *init_script* runs in the page before any of its own scripts (e.g. a
    ``PerformanceObserver`` that records long tasks from the start);
    *timeout_ms* bounds the load and every later wait on the page.
    """
    context = b.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    if init_script:
        page.add_init_script(init_script)
    rec = Record()
    page.on("console", lambda msg: rec.console.append((msg.type, msg.text)))
    page.on("pageerror", lambda err: rec.errors.append(str(err)))
    page.on("request", lambda req: rec.requests.append(req.url))

    def on_dialog(dialog: Any) -> None:
        rec.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    t0 = time.perf_counter()
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_function("() => window.Sitmap && window.Sitmap.last")
    elapsed = time.perf_counter() - t0
    try:
        yield page, rec, elapsed
    finally:
        context.close()
