"""Progress bars that show only on a terminal."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator

import click


@contextlib.contextmanager
def progress_bar(
    label: str, total: int | None, *, quiet: bool = False
) -> Iterator[Callable[[int], None]]:
    """Yield a ``report(done)`` callback; draws a bar only when stderr is a terminal."""
    if quiet or total is None or not sys.stderr.isatty():
        yield lambda done: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        seen = 0

        def report(done: int) -> None:
            nonlocal seen
            if done > seen:
                bar.update(done - seen)
                seen = done

        yield report
