"""Browser-test fixtures: Debian Chromium through Playwright, skipped when absent."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
REPO = HERE.parents[1]
ARTIFACTS = REPO / "artifacts"
sys.path.insert(0, str(HERE))

from chromium import browser, skip_reason  # noqa: E402


def _fixture_module():
    if "layers_fixture" not in sys.modules:
        path = REPO / "tests" / "data" / "layers" / "layers_fixture.py"
        spec = importlib.util.spec_from_file_location("layers_fixture", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules["layers_fixture"] = module
        spec.loader.exec_module(module)
    return sys.modules["layers_fixture"]


def pytest_collection_modifyitems(config, items):
    reason = skip_reason()
    if reason is None:
        return
    if os.environ.get("CI") and any("browser" in item.keywords for item in items):
        # In CI the browser tests must run: make test installs Chromium.
        pytest.exit(f"browser tests cannot run in CI: {reason}", returncode=1)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def fx():
    return _fixture_module()


@pytest.fixture(scope="session")
def chromium_browser():
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    with browser() as b:
        yield b


@pytest.fixture(scope="session")
def map_file(tmp_path_factory, fx) -> Path:
    from layers.map import build_map, save_map

    out = tmp_path_factory.mktemp("maps") / "situation.html"
    m = build_map(fx.make_situation(), boundaries=fx.make_boundaries(), title="Test situation")
    return save_map(m, out)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def _world_module():
    if "world_fixture" not in sys.modules:
        path = REPO / "tests" / "data" / "world" / "world_fixture.py"
        spec = importlib.util.spec_from_file_location("world_fixture", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules["world_fixture"] = module
        spec.loader.exec_module(module)
    return sys.modules["world_fixture"]


@pytest.fixture(scope="session")
def wfx():
    return _world_module()


@pytest.fixture(scope="session")
def world_boundaries():
    from geo.boundaries import load_boundaries

    return load_boundaries()


@pytest.fixture(scope="session")
def world_maps(tmp_path_factory, wfx, world_boundaries) -> dict[str, Path]:
    """The world, two-theatre and country-only corpora as maps (real boundaries)."""
    from layers.map import build_map, save_map

    out = tmp_path_factory.mktemp("world")
    maps = {}
    for name, make in (
        ("world", wfx.world_situation),
        ("two", wfx.two_theatres),
        ("country", wfx.country_only),
    ):
        m = build_map(make(), boundaries=world_boundaries, title=f"Test {name}")
        maps[name] = save_map(m, out / f"{name}.html")
    return maps


@pytest.fixture(scope="session")
def big_map(tmp_path_factory, fx, world_boundaries) -> Path:
    """10,000 synthetic events (the panel open)."""
    from layers.map import build_map, save_map

    m = build_map(fx.make_large_situation(10_000), boundaries=world_boundaries)
    return save_map(m, tmp_path_factory.mktemp("big") / "big.html")
