"""The situation-report notebook runs top to bottom, and is stored without outputs."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "situation_report.ipynb"


def test_notebook_is_stored_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.slow
def test_notebook_executes(tmp_path, gazetteer, boundaries, monkeypatch):
    from nbclient import NotebookClient

    # Run from a directory outside any checkout: the notebook finds the seeds
    # through the installed package (this checkout, via PYTHONPATH for the kernel).
    copy = tmp_path / "elsewhere" / NOTEBOOK.name
    copy.parent.mkdir()
    shutil.copy(NOTEBOOK, copy)
    monkeypatch.setenv("PYTHONPATH", str(NOTEBOOK.parents[1]))
    monkeypatch.delenv("SITMAP_SEEDS", raising=False)
    nb = nbformat.read(copy, as_version=4)
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(copy.parent)}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o for o in outputs if "text/html" in o.get("data", {})]
    assert any("leaflet" in o["data"]["text/html"].lower() for o in html), "no inline map"
    assert any("image/png" in o.get("data", {}) for o in outputs), "no static figure"
    assert (copy.parent / "situation-report.png").stat().st_size > 10_000
