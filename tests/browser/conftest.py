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
