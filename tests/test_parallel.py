from __future__ import annotations

import pytest

from geo.errors import InputError
from geo.parallel import map_ordered


def square(x: int) -> int:
    return x * x


def test_in_process_keeps_order():
    assert list(map_ordered(square, range(10))) == [x * x for x in range(10)]


def test_bad_worker_count():
    with pytest.raises(InputError):
        list(map_ordered(square, [1], workers=0))


@pytest.mark.slow
def test_two_worker_local_cluster_matches_single_process():
    items = list(range(100))
    assert list(map_ordered(square, items, workers=2, batch_size=7)) == [x * x for x in items]


@pytest.mark.slow
def test_existing_scheduler_address_is_used():
    from dask.distributed import LocalCluster

    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        out = list(
            map_ordered(square, range(20), scheduler=cluster.scheduler_address, batch_size=3)
        )
    assert out == [x * x for x in range(20)]


def test_unreachable_scheduler_is_a_clean_error():
    from geo.errors import SitmapError

    with pytest.raises(SitmapError, match="cannot reach the Dask scheduler"):
        list(map_ordered(square, [1], scheduler="tcp://127.0.0.1:9"))


@pytest.mark.slow
def test_local_cluster_workers_get_sitmaps_dask_settings():
    """No statistical profiler in the workers, monitors woken once a second (geo.parallel)."""
    import dask

    from geo.parallel import DASK_CONFIG, dask_client

    with dask_client(workers=1) as client:
        got = client.run(lambda: {k: dask.config.get(k) for k in DASK_CONFIG})
    assert list(got.values()) == [DASK_CONFIG]
    assert dask.config.get("distributed.worker.profile.enabled") is True, "restored after"
