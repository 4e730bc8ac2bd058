"""Batched Dask tasks: order, bounded input, quiet logs, and an external scheduler."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time

import pytest

from geo.errors import InputError
from geo.parallel import map_batches


def test_batches_keep_order_and_size():
    seen: list[int] = []

    def func(batch: list[int]) -> list[int]:
        seen.append(len(batch))
        return [x * 10 for x in batch]

    assert list(map_batches(func, range(7), batch_size=3)) == [x * 10 for x in range(7)]
    assert seen == [3, 3, 1]
    with pytest.raises(InputError):
        list(map_batches(func, [1], batch_size=0))


def test_input_is_drawn_lazily():
    drawn: list[int] = []

    def items():
        for x in range(100):
            drawn.append(x)
            yield x

    out = map_batches(lambda b: b, items(), batch_size=4)
    assert [next(out) for _ in range(5)] == [0, 1, 2, 3, 4]
    assert len(drawn) == 8, "only the batches needed so far are read"


@pytest.mark.slow
def test_local_cluster_is_quiet_and_gives_the_same_results(capfd, recwarn):
    items = [5, 3, 9, 1, 7, 2, 8]
    with socket.socket() as taken:  # another run's scheduler on Dask's usual port: no warning
        try:
            taken.bind(("127.0.0.1", 8787))
            taken.listen()
        except OSError:
            pass  # already taken by someone else: the same situation
        got = list(map_batches(sorted, items, workers=2, batch_size=3))
    assert got == sorted(items[:3]) + sorted(items[3:6]) + sorted(items[6:])
    err = capfd.readouterr().err
    assert "distributed." not in err and "INFO" not in err, err
    assert "Port 8787" not in err and "Warning" not in err, err
    assert not [w for w in recwarn if "already in use" in str(w.message)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_a_dask_scheduler_started_by_the_test(settings, gazetteer, tmp_path):
    """Batches, and the partitioned build of the seeds, on a scheduler and worker started here."""
    from dask.distributed import Client

    from geo.pipeline import build_situation, load_resources

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "distributed.cli.dask_scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--dashboard-address",
            ":0",
        ],
        **quiet,
    )
    procs = [scheduler]
    try:
        deadline = time.monotonic() + 120
        while True:  # the scheduler takes a few seconds to listen
            try:
                probe = Client(address, timeout="5s")
                break
            except (OSError, TimeoutError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "distributed.cli.dask_worker",
                    address,
                    "--nthreads",
                    "1",
                    "--no-dashboard",
                ],
                **quiet,
            )
        )
        probe.wait_for_workers(1, timeout=120)
        probe.close()
        got = list(map_batches(sorted, [4, 2, 3, 1, 0], scheduler=address, batch_size=2))
        assert got == [2, 4, 1, 3, 0]
        # the worker reads the seed files itself and writes its partition beside the cache
        cache = tmp_path / "cache.sqlite"
        remote = build_situation(["seeds"], settings=settings, scheduler=address, cache=cache)
        local = build_situation(["seeds"], resources=load_resources(settings))
        assert remote.situation == local.situation
        assert (remote.processed, remote.cached) == (5, 0)
        assert not [p for p in tmp_path.iterdir() if p.is_dir()], "partitions removed"
        # and the command line: sitmap build --scheduler ADDRESS
        from click.testing import CliRunner

        from sitmap.cli import main

        out = tmp_path / "build"
        args = ["build", "seeds", "--out", str(out), "--scheduler", address, "--json"]
        cli = CliRunner().invoke(main, args, catch_exceptions=False)
        assert cli.exit_code == 0, cli.output
        report = json.loads(cli.stdout)
        assert (report["articles"], report["events"]) == (5, len(local.situation.events))
        assert (out / "map.html").is_file()
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)
