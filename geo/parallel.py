"""Run a function over many items, in batches: in-process, or through Dask.

``workers=1`` and no scheduler runs in this process (no Dask import at all).
``workers=N`` starts a ``dask.distributed.LocalCluster`` of N single-threaded
worker processes; ``scheduler="tcp://host:8786"`` sends the work to an
existing Dask cluster. Results always come back in input order, so a
parallel run gives exactly what a single-process run gives.

Work goes to Dask one *batch* per task (:func:`map_batches`: the task
function gets a list of items, so a batch can share one NER pass), and
only a bounded number of tasks is in flight at once: items are drawn from
the input iterable as results come back, so neither the inputs nor the
results need to be held in the driver all at once. Dask's own INFO logs
stay quiet unless sitmap's logger is at INFO (``sitmap -v``).

>>> list(map_ordered(abs, [-2, 3, -1]))
[2, 3, 1]
>>> list(map_batches(lambda xs: [sum(xs)] * len(xs), [1, 2, 3, 4, 5], batch_size=2))
[3, 3, 7, 7, 5]
"""

from __future__ import annotations

import functools
import itertools
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from geo.errors import InputError, SitmapError

T = TypeVar("T")
R = TypeVar("R")

log = logging.getLogger("sitmap.parallel")

#: Items handed to Dask per task by :func:`map_ordered`: big enough to
#: amortise scheduling, small enough to balance two workers.
DEFAULT_BATCH = 16

#: Tasks kept in flight per worker thread (the rest of the input waits).
IN_FLIGHT_PER_WORKER = 3

#: Loggers of Dask and the libraries under it that speak at INFO.
_DASK_LOGGERS = ("distributed", "dask", "tornado", "bokeh")

#: Dask settings for sitmap's runs (this process and the workers of its
#: LocalCluster): no statistical profiler sampling every worker's stack each
#: 10 ms, and the event-loop, system and memory monitors woken once a second
#: instead of every 20 to 500 ms. With no dashboard nobody reads what they
#: gather; measured idle, they cost a two-worker cluster about 5 % of a core.
DASK_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.system-monitor.disk": False,
    "distributed.worker.memory.monitor-interval": "1s",
}


def _run_batch(func: Callable[[Any], Any], batch: Sequence[Any]) -> list[Any]:
    return [func(item) for item in batch]


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def dask_log_level() -> int:
    """The level Dask's loggers get: ERROR, or sitmap's own when that is INFO or finer.

    Dask's INFO and WARNING messages (workers starting, a worker killed at
    shutdown) mean nothing to a sitmap user; ``sitmap -v`` shows them.

    >>> import logging
    >>> dask_log_level() in (logging.ERROR, logging.INFO, logging.DEBUG)
    True
    """
    own = logging.getLogger("sitmap").getEffectiveLevel()
    return own if own <= logging.INFO else logging.ERROR


def _quiet_dask() -> dict[str, int]:
    """Set Dask's loggers to :func:`dask_log_level`; return their former levels."""
    level = dask_log_level()
    before = {}
    for name in _DASK_LOGGERS:
        logger = logging.getLogger(name)
        before[name] = logger.level
        logger.setLevel(level)
    return before


def map_batches(
    func: Callable[[list[T]], Sequence[R]],
    items: Iterable[T],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    batch_size: int = DEFAULT_BATCH,
) -> Iterator[R]:
    """Yield the results of ``func`` over batches of ``items``, flattened, in input order.

    ``func`` takes a list of up to ``batch_size`` items and returns one
    result per item. With Dask it must be picklable (a module-level function
    or a :func:`functools.partial` of one); heavy resources it needs should
    come from cached ``load_*`` functions so that each worker process loads
    them once and keeps them for every later task.
    """
    if workers < 1:
        raise InputError(f"--workers must be at least 1, not {workers}")
    if batch_size < 1:
        raise InputError(f"batch size must be at least 1, not {batch_size}")
    if workers == 1 and scheduler is None:
        for batch in _batches(items, batch_size):
            yield from func(batch)
        return
    with dask_client(workers=workers, scheduler=scheduler) as client:
        threads = sum(client.nthreads().values()) or workers
        window = max(2, IN_FLIGHT_PER_WORKER * threads)
        pending: deque[Any] = deque()
        for batch in _batches(items, batch_size):
            pending.append(client.submit(func, batch, pure=False))
            if len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


@contextmanager
def dask_client(*, workers: int = 1, scheduler: str | None = None) -> Iterator[Any]:
    """A ``dask.distributed.Client``: of the scheduler at ``scheduler``, else of a local cluster.

    The local cluster has ``workers`` single-threaded worker processes; both
    are closed on exit, and Dask's loggers are quiet meanwhile (see
    :func:`dask_log_level`).
    """
    try:
        import dask
        from dask.distributed import Client, LocalCluster
    except ImportError as err:  # pragma: no cover - dask is a dependency
        raise SitmapError("parallel runs need dask[distributed] installed") from err
    levels = _quiet_dask()
    cluster = None
    settings = dask.config.set(DASK_CONFIG)  # a LocalCluster's workers get them too
    try:
        if scheduler is not None:
            log.info("sending work to the Dask scheduler at %s", scheduler)
            try:
                client = Client(scheduler, timeout="10s")
            except (OSError, TimeoutError) as err:
                raise SitmapError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from err
        else:
            log.info("starting a local Dask cluster of %d worker processes", workers)
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                # no dashboard; its small HTTP server on a free port, not on 8787
                # (taken by another run: a warning on stderr)
                scheduler_kwargs={"dashboard_address": ":0"},
                silence_logs=dask_log_level(),
            )
            client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()
        settings.__exit__(None, None, None)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


class Done:
    """An already computed result with a future's ``result()`` (the in-process runner's futures).

    >>> Done(3).result()
    3
    """

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        """The value."""
        return self.value


def _resolve(value: Any) -> Any:
    if isinstance(value, Done):
        return value.value
    if isinstance(value, list):
        return [_resolve(v) for v in value]
    return value


class LocalRunner:
    """Runs each task at once in this process: :class:`DaskRunner`'s interface, no Dask.

    >>> runner = LocalRunner()
    >>> a = runner.submit(sum, [1, 2])
    >>> runner.gather([runner.submit(max, [a, 5])])
    [5]
    """

    workers = 1

    def submit(self, func: Callable[..., R], *args: Any) -> Done:
        """Run ``func(*args)`` now (arguments that are futures are replaced by their values)."""
        return Done(func(*(_resolve(a) for a in args)))

    def gather(self, futures: Sequence[Any]) -> list[Any]:
        """The futures' values, in order."""
        return [f.result() for f in futures]

    def as_completed(self, futures: Sequence[Any]) -> Iterator[Any]:
        """The futures as they finish (here: in order)."""
        yield from futures

    def on_every_worker(self, func: Callable[[], R]) -> list[R]:
        """``func()`` in each worker process (here: this one), e.g. to read per-process figures."""
        return [func()]


class DaskRunner:
    """Tasks on a Dask cluster: futures passed as arguments stay on the workers."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.workers = max(1, len(client.nthreads()))

    def submit(self, func: Callable[..., Any], *args: Any) -> Any:
        """``client.submit`` (never reused from an earlier identical call: tasks read files)."""
        return self.client.submit(func, *args, pure=False)

    def gather(self, futures: Sequence[Any]) -> list[Any]:
        """The futures' values, in order."""
        return list(self.client.gather(list(futures)))

    def as_completed(self, futures: Sequence[Any]) -> Iterator[Any]:
        """The futures as they finish."""
        from dask.distributed import as_completed

        yield from as_completed(list(futures))

    def on_every_worker(self, func: Callable[[], R]) -> list[R]:
        """``func()`` in each worker process (``Client.run``), in the workers' order.

        It runs beside the tasks, not as one: keep it short.
        """
        got = self.client.run(func)
        return [got[address] for address in sorted(got)]


@contextmanager
def task_runner(*, workers: int = 1, scheduler: str | None = None) -> Iterator[Any]:
    """A :class:`LocalRunner` (``workers=1``, no scheduler) or a :class:`DaskRunner`."""
    if workers < 1:
        raise InputError(f"--workers must be at least 1, not {workers}")
    if workers == 1 and scheduler is None:
        yield LocalRunner()
        return
    with dask_client(workers=workers, scheduler=scheduler) as client:
        yield DaskRunner(client)


def map_ordered(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    batch_size: int = DEFAULT_BATCH,
) -> Iterator[R]:
    """Yield ``func(item)`` for every item, in input order (see :func:`map_batches`).

    ``func`` must be a picklable module-level function when Dask is used.
    """
    if workers == 1 and scheduler is None:
        for item in items:
            yield func(item)
        return
    yield from map_batches(
        functools.partial(_run_batch, func),
        items,
        workers=workers,
        scheduler=scheduler,
        batch_size=batch_size,
    )
