"""Run the examples in the layers package's docstrings."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import layers

MODULES = sorted(m.name for m in pkgutil.iter_modules(layers.__path__, "layers."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
