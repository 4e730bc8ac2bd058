"""Atomic output: files written beside their target and renamed; whole build generations.

A reader (or a build killed half-way) sees either the old file or the new
one, never a partial one. :func:`new_generation` does the same for a whole
build directory (see the section "build generations" below).

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     target = pathlib.Path(tmp) / "out.txt"
...     with atomic_write(target) as fh:
...         _ = fh.write("hello")
...     print(target.read_text())
hello
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from geo.errors import SitmapError

log = logging.getLogger("sitmap.atomic")


@functools.lru_cache(maxsize=1)
def _umask() -> int:
    """The process umask (read once)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _file_mode() -> int:
    """Permissions a newly created file gets under the process umask (0o666 & ~umask)."""
    return 0o666 & ~_umask()


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """Open a temporary file for writing; on success rename it over ``path``.

    ``mode`` is ``"w"`` (text, UTF-8 unless ``encoding`` is given) or
    ``"wb"``. On an exception the temporary file is removed and ``path`` is
    left untouched.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_write mode must be 'w' or 'wb', not {mode!r}")
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if mode == "w":
        kwargs.setdefault("encoding", "utf-8")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes 0600 files; give the output the usual permissions.
        os.chmod(tmp_name, _file_mode())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    checkpoint()


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` for a library that writes files itself.

    After the block the temporary file replaces ``path``; on an exception it
    is removed. Use it for writers that take a file name (GeoPackage,
    Parquet, matplotlib).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=target.suffix, dir=target.parent
    )
    os.close(fd)
    os.unlink(tmp_name)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if tmp.exists():
            os.chmod(tmp, _file_mode())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    checkpoint()


# -- build generations -------------------------------------------------------------------
#
# A build directory holds complete *generations* of outputs. Each is written
# into a staging directory ``OUT/.staging-*``, finished with ``manifest.json``,
# renamed to ``OUT/.gen-<id>`` (``<id>`` is the manifest's hash) and made
# current by renaming one symlink, ``OUT/current``. The documented paths
# (``OUT/map.html``, ``OUT/layers/`` ...) are fixed symlinks through
# ``current``, so a reader always sees one whole generation: the old one
# until the rename, the new one after it. A build killed at any moment leaves
# stale staging directories, which the next build removes.

#: The symlink naming the current generation.
CURRENT = "current"
#: The manifest, written last into every generation.
MANIFEST = "manifest.json"
#: The lock file taken by every writer of a build directory.
LOCK_FILE = ".lock"
GEN_PREFIX = ".gen-"
STAGING_PREFIX = ".staging-"
_TEMP_PREFIXES = (STAGING_PREFIX, ".current-", ".link-", ".old-")
#: Environment variable of the fault-injection hook (tests): SIGKILL at this checkpoint.
KILL_AT_ENV = "SITMAP_TEST_KILL_AT"
_checkpoints = [0]


def checkpoint() -> None:
    """Count one durable step; the test hook kills the process at step ``$SITMAP_TEST_KILL_AT``.

    Called after every file written and at every step of a commit, so a test
    can kill a build between any two of them. Without the variable it only counts.
    """
    _checkpoints[0] += 1
    wanted = os.environ.get(KILL_AT_ENV)
    if wanted and wanted.isdigit() and int(wanted) == _checkpoints[0]:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


class OutputBusyError(SitmapError):
    """Another process is writing into the same build directory."""


class ForeignOutputError(SitmapError):
    """A directory in the output folder holds files sitmap did not write; it is never replaced."""


def _check_replaceable(out: Path, stage: Path) -> None:
    """Refuse to turn a real directory with foreign files into a link (``--out .`` in a checkout).

    A real directory in ``out`` named like one of the new generation is an
    output of an older build only if it holds nothing but files of the kinds
    (suffixes) the generation writes there, and temporaries.
    """
    for entry in stage.iterdir():
        folder = out / entry.name
        if not entry.is_dir() or folder.is_symlink() or not folder.is_dir():
            continue
        kinds = {p.suffix for p in entry.rglob("*") if p.is_file()}
        for path in folder.rglob("*"):
            if path.is_file() and not path.name.startswith(".") and path.suffix not in kinds:
                raise ForeignOutputError(
                    f"{folder} holds files sitmap did not write ({path.name}); "
                    "choose another output directory"
                )


@contextlib.contextmanager
def output_lock(out_dir: str | os.PathLike[str], *, wait: bool = True) -> Iterator[Path]:
    """Hold the exclusive lock of a build directory (``OUT/.lock``, an ``flock``).

    With ``wait`` a second writer blocks until the first is done (a warning
    is logged once); without it, :class:`OutputBusyError` is raised at once.
    The kernel releases the lock when its holder dies, so a killed build never
    leaves a stale lock behind.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp, output_lock(tmp) as out:
    ...     try:
    ...         with output_lock(tmp, wait=False):
    ...             pass
    ...     except OutputBusyError as err:
    ...         print(str(err).split(":")[0])
    another sitmap process is writing into this directory
    """
    import fcntl

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise OutputBusyError(
                    f"another sitmap process is writing into this directory: {out} "
                    "(wait for it to finish, or choose another --out)"
                ) from None
            log.warning("another sitmap process is writing into %s; waiting for it", out)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield out
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def file_entry(path: str | os.PathLike[str]) -> dict[str, Any]:
    """``{"sha256": hex digest, "size": bytes}`` of one file (a manifest row)."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return {"sha256": digest.hexdigest(), "size": size}


def file_entries(folder: Path) -> dict[str, dict[str, Any]]:
    """``{relative path: {"sha256", "size"}}`` of every file under ``folder``, sorted.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "a.txt").write_text("hi")
    ...     file_entries(Path(tmp))["a.txt"]["size"]
    2
    """
    return {
        p.relative_to(folder).as_posix(): file_entry(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def current_generation(out_dir: str | os.PathLike[str]) -> Path | None:
    """The current generation directory of ``out_dir``, or ``None``."""
    link = Path(out_dir) / CURRENT
    if not link.is_symlink():
        return None
    target = link.resolve()
    return target if target.is_dir() else None


def read_manifest(out_dir: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The current generation's manifest (``None`` when there is none)."""
    gen = current_generation(out_dir)
    if gen is None or not (gen / MANIFEST).is_file():
        return None
    return json.loads((gen / MANIFEST).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _swap_symlink(link: Path, target: str) -> None:
    """Point ``link`` at ``target`` in one rename (whatever ``link`` was before)."""
    tmp = link.parent / f".link-{os.getpid()}-{secrets.token_hex(4)}"
    os.symlink(target, tmp)
    if link.is_dir() and not link.is_symlink():
        # A real directory (an old-style build): swap it for the link in one
        # step where the kernel can, else move it aside first.
        if not _exchange(tmp, link):
            os.rename(link, tmp.with_name(tmp.name + ".old"))
            os.rename(tmp, link)
            tmp = tmp.with_name(tmp.name + ".old")
        shutil.rmtree(tmp, ignore_errors=True)
        return
    os.replace(tmp, link)


def _exchange(a: Path, b: Path) -> bool:
    """Exchange two paths in one step (Linux ``renameat2``); False where unsupported."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    ok = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0
    return bool(ok)


def _link_names(out: Path, gen: Path) -> None:
    """Make every top-level entry of ``gen`` reachable as ``OUT/<name>`` → ``current/<name>``."""
    for entry in sorted(gen.iterdir()):
        link = out / entry.name
        want = f"{CURRENT}/{entry.name}"
        if link.is_symlink() and os.readlink(link) == want:
            continue
        _swap_symlink(link, want)
        checkpoint()


def _adopt_legacy(out: Path, names: list[str]) -> None:
    """Turn outputs of an old-style build (plain files in ``OUT``) into the current generation.

    Hard links (copies where links fail) keep the bytes the readers see, so
    replacing the plain files by links afterwards changes nothing they read.
    """
    found = [n for n in names if (out / n).exists() and not (out / n).is_symlink()]
    if not found or (out / CURRENT).is_symlink():
        return
    stage = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}legacy-", dir=out))
    os.chmod(stage, 0o777 & ~_umask())
    for name in found:
        src = out / name
        if src.is_dir():
            shutil.copytree(
                src, stage / name, copy_function=_link_or_copy, ignore=shutil.ignore_patterns(".*")
            )
        else:
            _link_or_copy(src, stage / name)
    _finish(out, stage, {"legacy": True}, adopt=False)


def _link_or_copy(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _finish(out: Path, stage: Path, meta: dict[str, Any], *, adopt: bool = True) -> Path:
    """Write the manifest into ``stage``, name it by its hash and make it current."""
    manifest = dict(meta)
    manifest["files"] = file_entries(stage)
    text = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    with atomic_write(stage / MANIFEST) as fh:
        fh.write(text)
    _fsync_dir(stage)
    _check_replaceable(out, stage)
    gen = out / f"{GEN_PREFIX}{hashlib.sha256(text.encode()).hexdigest()[:16]}"
    if current_generation(out) == gen.resolve():
        # The same outputs as now. If the current files were changed by hand,
        # put the fresh ones in their place in one step.
        if file_entries(gen) != file_entries(stage) and _exchange(stage, gen):
            checkpoint()
        shutil.rmtree(stage)
    else:
        if gen.exists():
            shutil.rmtree(gen)
        os.rename(stage, gen)
        _fsync_dir(out)
        checkpoint()
    if adopt:
        _adopt_legacy(out, sorted(p.name for p in gen.iterdir()))
    # Links go through ``current``: made before the swap they show the old
    # generation until it; with no generation yet (plain files of an old
    # build stay readable meanwhile) they follow it.
    first = current_generation(out) is None
    if not first:
        _link_names(out, gen)
    _swap_symlink(out / CURRENT, gen.name)
    _fsync_dir(out)
    checkpoint()
    if first:
        _link_names(out, gen)
    return gen


def clean_stale(out_dir: str | os.PathLike[str]) -> list[Path]:
    """Remove what killed writers left in ``out_dir``: staging dirs, old generations, temporaries.

    Keeps the current generation, the lock and everything not made by sitmap's
    writers. Call it only while holding :func:`output_lock`. Returns what was removed.
    """
    out = Path(out_dir)
    if not out.is_dir():
        return []
    current = current_generation(out)
    removed = []
    for entry in sorted(out.iterdir()):
        name = entry.name
        stale = (
            name.startswith(_TEMP_PREFIXES)
            or (name.startswith(GEN_PREFIX) and entry.resolve() != current)
            or _OLD_TEMP.match(name) is not None
        )
        if not stale:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                entry.unlink()
        removed.append(entry)
    return removed


#: Temporaries of :func:`atomic_write` / :func:`atomic_path` (``.map.html.k2j3h4x_.tmp``,
#: ``.situation.k2j3h4x_.gpkg``) left by a killed writer.
_OLD_TEMP = re.compile(r"\A\.[^/]+\.[a-z0-9_]{8}(\.tmp|\.[A-Za-z0-9]{1,8})\Z")


class Stage:
    """A generation being written: files go under ``path``, manifest fields into ``meta``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.meta: dict[str, Any] = {}


@contextlib.contextmanager
def new_generation(
    out_dir: str | os.PathLike[str], *, from_current: bool = False
) -> Iterator[Stage]:
    """Write a new generation of ``out_dir``; it becomes current when the block ends.

    Write every output under ``stage.path`` and put manifest fields in
    ``stage.meta``; on leaving the block, ``manifest.json`` (every file with
    its sha256 and size, plus ``meta``) is written last and the generation
    replaces the current one in one rename. On an exception nothing changes
    and the staging directory is removed. ``from_current`` starts from (hard
    links to) the current generation's files, for commands that replace a few
    of them. Hold :func:`output_lock` around it.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     with new_generation(tmp) as stage:
    ...         _ = (stage.path / "a.txt").write_text("one")
    ...         stage.meta["version"] = "1"
    ...     print((Path(tmp) / "a.txt").read_text(), sorted(read_manifest(tmp)["files"]))
    one ['a.txt']
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    clean_stale(out)
    stage = Stage(Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out)))
    os.chmod(stage.path, 0o777 & ~_umask())  # mkdtemp makes 0700 directories
    try:
        current = current_generation(out)
        if from_current and current is not None:
            old = read_manifest(out) or {}
            stage.meta.update({k: v for k, v in old.items() if k != "files"})
            for entry in current.iterdir():
                if entry.name == MANIFEST:
                    continue
                if entry.is_dir():
                    shutil.copytree(entry, stage.path / entry.name, copy_function=_link_or_copy)
                else:
                    _link_or_copy(entry, stage.path / entry.name)
        yield stage
        _finish(out, stage.path, stage.meta)
    except BaseException:
        shutil.rmtree(stage.path, ignore_errors=True)
        raise
    clean_stale(out)
