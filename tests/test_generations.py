"""A build is one generation: killed at any step, --out holds one whole set and its manifest.

The fast tests drive :func:`geo.atomic.new_generation` from a small script
in a subprocess and SIGKILL it at every checkpoint (the fault-injection hook
``SITMAP_TEST_KILL_AT`` counts every file written and every commit step).
The slow ones kill real ``sitmap build`` processes and overlap two builds.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.atomic import (
    KILL_AT_ENV,
    ForeignOutputError,
    OutputBusyError,
    clean_stale,
    new_generation,
    output_lock,
)
from sitmap.cli import main

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
NAMES = ("situation.json", "layers/a.geojson", "layers/b.geojson", "map.html", "report.md")

#: Writes one generation of NAMES, each file saying which version it belongs to.
WRITER = f"""
import sys, time
from pathlib import Path
from geo.atomic import atomic_write, new_generation, output_lock
out, version, pause = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
with output_lock(out), new_generation(out) as stage:
    for name in {NAMES!r}:
        with atomic_write(stage.path / name) as fh:
            fh.write(f"{{name}} {{version}}\\n" * 2000)
        time.sleep(pause)
    stage.meta["version"] = version
"""


def write(out: Path, version: str, kill_at: int | None = None, pause: float = 0.0):
    env = {k: v for k, v in os.environ.items() if k != KILL_AT_ENV}
    if kill_at is not None:
        env[KILL_AT_ENV] = str(kill_at)
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(out), version, str(pause)], cwd=REPO, env=env
    )


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def one_generation(out: Path) -> dict:
    """Check that OUT holds exactly one generation matching its manifest; return the manifest."""
    manifest = json.loads((out / "manifest.json").read_bytes())
    files = manifest["files"]
    for rel, entry in files.items():
        data = (out / rel).read_bytes()  # through the documented paths
        assert (sha(data), len(data)) == (entry["sha256"], entry["size"]), rel
    gen = (out / "current").resolve()
    held = sorted(p.relative_to(gen).as_posix() for p in gen.rglob("*") if p.is_file())
    assert held == sorted([*files, "manifest.json"])
    return manifest


def versions_read(out: Path) -> set[str]:
    """The versions the documented paths give (one set member if consistent)."""
    return {(out / n).read_text(encoding="utf-8").split()[1] for n in NAMES}


def leftovers(out: Path) -> list[str]:
    current = os.readlink(out / "current") if (out / "current").is_symlink() else None
    return sorted(
        p.name
        for p in out.iterdir()
        if p.name.startswith((".staging-", ".link-", ".current-"))
        or (p.name.startswith(".gen-") and p.name != current)
        or p.name.endswith(".tmp")
    )


def test_killed_at_every_step_leaves_one_generation(tmp_path):
    out = tmp_path / "out"
    assert write(out, "v1").wait() == 0
    assert one_generation(out)["version"] == "v1"
    step = 1
    while True:
        code = write(out, f"k{step}", kill_at=step).wait()
        manifest = one_generation(out)
        assert versions_read(out) == {manifest["version"]}
        if code == 0:
            assert manifest["version"] == f"k{step}"
            break
        assert code == -signal.SIGKILL, code
        step += 1
        assert step < 100
    assert step > 8, "the hook should have stopped the writer at many steps"
    assert write(out, "v3").wait() == 0
    assert versions_read(out) == {"v3"} and one_generation(out)["version"] == "v3"
    assert leftovers(out) == []


def test_old_style_build_directory_is_taken_over_safely(tmp_path):
    """Plain files from before generations: killed anywhere in the takeover, readers see one set."""
    step = 1
    while True:
        out = tmp_path / f"out{step}"
        for name in NAMES:
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_text(f"{name} v0\n", encoding="utf-8")
        (out / ".map.html.abcd1234.tmp").write_text("half", encoding="utf-8")
        (out / ".situation.k2j3h4x_.gpkg").write_text("half", encoding="utf-8")
        code = write(out, "v1", kill_at=step).wait()
        assert len(versions_read(out)) == 1
        if (out / "manifest.json").exists():
            one_generation(out)
        else:
            assert versions_read(out) == {"v0"}
        if code == 0:
            break
        step += 1
        assert step < 100
    assert versions_read(out) == {"v1"}
    assert leftovers(out) == [] and not (out / ".situation.k2j3h4x_.gpkg").exists()


def test_random_kills_and_overlapping_writers(tmp_path):
    out = tmp_path / "out"
    assert write(out, "v1").wait() == 0
    rng = random.Random(14)
    for i in range(6):
        proc = write(out, f"r{i}", pause=0.02)
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        manifest = one_generation(out)
        assert versions_read(out) == {manifest["version"]}
    # Two writers at once: the second waits for the lock; both finish, one set remains.
    first, second = write(out, "a", pause=0.05), write(out, "b", pause=0.05)
    assert first.wait() == 0 and second.wait() == 0
    manifest = one_generation(out)
    assert versions_read(out) == {manifest["version"]} and manifest["version"] in ("a", "b")
    assert leftovers(out) == []


def test_failed_block_changes_nothing(tmp_path):
    with new_generation(tmp_path) as stage:
        (stage.path / "a.txt").write_text("one", encoding="utf-8")
    with pytest.raises(RuntimeError), new_generation(tmp_path) as stage:
        (stage.path / "a.txt").write_text("two", encoding="utf-8")
        raise RuntimeError("disk full")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "one"
    assert leftovers(tmp_path) == [] and clean_stale(tmp_path) == []


def test_second_writer_fails_clearly_without_wait(tmp_path, gazetteer, boundaries):
    out = tmp_path / "out"
    with output_lock(out):
        with pytest.raises(OutputBusyError), output_lock(out, wait=False):
            pass
        result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(out), "--no-wait"])
    assert result.exit_code == 1
    assert "another sitmap process is writing" in result.output
    assert "Traceback" not in result.output


def test_generation_directory_is_readable_by_others(tmp_path):
    with new_generation(tmp_path) as stage:
        (stage.path / "a.txt").write_text("one", encoding="utf-8")
    mode = (tmp_path / "current").resolve().stat().st_mode & 0o777
    assert mode & 0o055 == 0o055 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# -- real builds -------------------------------------------------------------------------


def sitmap(*args: str, kill_at: int | None = None) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != KILL_AT_ENV}
    if kill_at is not None:
        env[KILL_AT_ENV] = str(kill_at)
    return subprocess.Popen(
        [sys.executable, "-m", "sitmap.cli", "-q", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def corpus_inputs(manifest: dict) -> set[str]:
    return {Path(row["path"]).name for row in manifest["inputs"]}


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_killed_real_builds_leave_one_generation(tmp_path, gazetteer, boundaries):
    """sitmap build killed at sampled checkpoints and at random moments; then two at once."""
    small, big = tmp_path / "small", tmp_path / "big"
    shutil.copytree(SEEDS, small, ignore=shutil.ignore_patterns("gold.json", "0[2-4]*"))
    shutil.copytree(SEEDS, big, ignore=shutil.ignore_patterns("gold.json"))
    out = tmp_path / "out"
    proc = sitmap("build", str(small), "--out", str(out))
    assert proc.wait() == 0, proc.stderr.read()
    old = corpus_inputs(one_generation(out))
    new = {p.name for p in big.iterdir()}
    # Checkpoints of a build: 14 files written, the rename, 9 links, the swap.
    for step in (1, 14, 16):
        proc = sitmap("build", str(big), "--out", str(out), kill_at=step)
        proc.wait()
        assert corpus_inputs(one_generation(out)) in (old, new), step
        proc = sitmap("build", str(small), "--out", str(out))
        assert proc.wait() == 0
    rng = random.Random(5)
    for _ in range(1):
        proc = sitmap("build", str(big), "--out", str(out))
        time.sleep(rng.uniform(2.0, 12.0))
        proc.kill()
        proc.wait()
        assert corpus_inputs(one_generation(out)) in (old, new)
    first = sitmap("build", str(big), "--out", str(out))
    second = sitmap("build", str(small), "--out", str(out))
    assert first.wait() == 0 and second.wait() == 0
    assert corpus_inputs(one_generation(out)) in (old, new)
    assert leftovers(out) == []


def test_a_foreign_directory_is_never_replaced(tmp_path):
    """``--out .`` in a checkout: its ``layers/`` package must survive, untouched."""
    package = tmp_path / "layers"
    package.mkdir()
    (package / "map.py").write_text("code", encoding="utf-8")
    with pytest.raises(ForeignOutputError), new_generation(tmp_path) as stage:
        (stage.path / "layers").mkdir()
        (stage.path / "layers" / "a.geojson").write_text("{}", encoding="utf-8")
    assert (package / "map.py").read_text(encoding="utf-8") == "code"
    assert not package.is_symlink() and not (tmp_path / "current").exists()
