"""Run a per-item function over many items: in-process, or through Dask.

``workers=1`` and no scheduler runs in this process (no Dask import at all).
``workers=N`` starts a ``dask.distributed.LocalCluster`` of N single-threaded
worker processes; ``scheduler="tcp://host:8786"`` sends the work to an
existing Dask cluster. Results always come back in input order, so a
parallel run gives exactly what a single-process run gives.

>>> list(map_ordered(abs, [-2, 3, -1]))
[2, 3, 1]
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from geo.errors import InputError, SitmapError

T = TypeVar("T")
R = TypeVar("R")

log = logging.getLogger("sitmap.parallel")

#: Items handed to Dask per task: big enough to amortise scheduling, small
#: enough to balance two workers.
DEFAULT_BATCH = 16


def _run_batch(func: Callable[[Any], Any], batch: Sequence[Any]) -> list[Any]:
    return [func(item) for item in batch]


def map_ordered(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    batch_size: int = DEFAULT_BATCH,
) -> Iterator[R]:
    """Yield ``func(item)`` for every item, in input order.

    ``func`` must be a picklable module-level function when Dask is used;
    heavy resources it needs (gazetteer, spaCy model) should come from
    cached ``load_*`` functions so each worker process loads them once.
    """
    if workers < 1:
        raise InputError(f"--workers must be at least 1, not {workers}")
    if workers == 1 and scheduler is None:
        for item in items:
            yield func(item)
        return
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as err:  # pragma: no cover - dask is a dependency
        raise SitmapError("parallel runs need dask[distributed] installed") from err
    batch_list = list(items)
    batches = [batch_list[i : i + batch_size] for i in range(0, len(batch_list), batch_size)]
    if scheduler is not None:
        log.info("sending %d batches to the Dask scheduler at %s", len(batches), scheduler)
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as err:
            raise SitmapError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from err
        cluster = None
    else:
        log.info("starting a local Dask cluster of %d worker processes", workers)
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        futures = client.map(_run_batch, [func] * len(batches), batches, pure=False)
        for future in futures:
            yield from future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
