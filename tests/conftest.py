"""Shared fixtures: one private cache directory per test session, loaded once.

The gazetteer is built from the installed packages into a fresh temporary
cache at the start of the session (never the user's cache), so every run
also exercises the cold build.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    cache = tmp_path_factory.mktemp("sitmap-cache")
    old = os.environ.get("SITMAP_CACHE_DIR")
    os.environ["SITMAP_CACHE_DIR"] = str(cache)
    yield cache
    if old is None:
        os.environ.pop("SITMAP_CACHE_DIR", None)
    else:
        os.environ["SITMAP_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def settings(_private_cache: Path) -> Settings:
    return Settings(cache_dir=_private_cache)


@pytest.fixture(scope="session")
def gazetteer(settings: Settings):
    from geo.gazetteer import load_gazetteer

    return load_gazetteer(settings)


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline sitmap uses (NER); tests that need it skip when no model is installed."""
    from geo.nlp import load_nlp

    loaded = load_nlp()
    if loaded is None:
        pytest.skip("no spaCy model installed")
    return loaded


@pytest.fixture(scope="session")
def boundaries():
    from geo.boundaries import load_boundaries

    return load_boundaries()


@pytest.fixture(scope="session")
def gold() -> dict:
    import json

    return json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))


class NetworkBlocked(RuntimeError):
    """Raised by the socket guard when code tries to reach the network."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every attempt to open a network connection or resolve a name fail loudly."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkBlocked(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
