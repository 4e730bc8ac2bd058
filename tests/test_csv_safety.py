"""No CSV cell sitmap writes can become a spreadsheet formula (issue #14, item 3).

The files are opened with a real spreadsheet program: headless LibreOffice Calc
(``tools/ensure_libreoffice.sh`` installs it) imports each CSV with formula evaluation
on — as a user double-clicking the file gets — and converts it to flat ODS, whose XML
says for every cell whether it is a formula, a number or text. A control file written
without the protection proves the check can fail.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.situation import (
    ArticleInfo,
    Event,
    EventLocation,
    Situation,
    SourceRef,
    Unresolved,
)
from layers.exports import FORMULA_TRIGGERS, events_table, unresolved_table, write_csv

HOSTILE = (
    '=HYPERLINK("http://example.invalid/x","click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "Fine.\r=1+1",
    "Fine.\r\n-1+1",
)
NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
#: LibreOffice's CSV import options: comma, double quote, UTF-8, from line 1, …,
#: token 13 = evaluate formulas (on, as when a user opens the file).
CSV_FILTER = "CSV:44,34,76,1,,0,false,true,false,false,false,-1,true"


def hostile_situation() -> Situation:
    events = []
    for n, payload in enumerate(HOSTILE):
        src = SourceRef(f"doc{n}", payload, 0, len(payload), date(2022, 1, 28), payload, payload)
        events.append(
            Event(
                id=f"e{n}",
                event_type="armed_clash",
                event_date=date(2022, 1, 27),
                time_precision=1,
                location=EventLocation(payload, 40.5, -70.53, 1, "US", payload, payload),
                sub_event_type=payload,
                actor1=payload,
                actor2=payload,
                sources=(src,),
            )
        )
    unresolved = tuple(Unresolved(f"doc{n}", 0, 5, p, p) for n, p in enumerate(HOSTILE))
    articles = tuple(ArticleInfo(f"doc{n}", url=p) for n, p in enumerate(HOSTILE))
    return Situation(articles=articles, unresolved=unresolved, events=tuple(events))


def cells(fods: Path) -> list[tuple[str | None, str | None, str, str | None]]:
    """(formula, value type, text, numeric value) of every cell LibreOffice made."""
    out = []
    root = ET.parse(fods).getroot()
    for cell in root.iter(f"{{{NS['table']}}}table-cell"):
        text = "\n".join("".join(p.itertext()) for p in cell.findall("text:p", NS))
        out.append(
            (
                cell.get(f"{{{NS['table']}}}formula"),
                cell.get(f"{{{NS['office']}}}value-type"),
                text,
                cell.get(f"{{{NS['office']}}}value"),
            )
        )
    return out


def open_in_calc(tmp_path: Path, *files: Path) -> list[Path]:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice missing (tools/ensure_libreoffice.sh installs it)")
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
         f"--infilter={CSV_FILTER}", "--convert-to", "fods", "--outdir", str(tmp_path / "out"),
         *map(str, files)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    return [tmp_path / "out" / f"{f.stem}.fods" for f in files]


def test_libreoffice_reads_every_hostile_cell_as_text(tmp_path):
    situation = hostile_situation()
    events_csv = write_csv(events_table(situation), tmp_path / "events.csv")
    unresolved_csv = write_csv(unresolved_table(situation), tmp_path / "unresolved.csv")
    control = tmp_path / "control.csv"
    events_table(situation).to_csv(control, index=False)  # what sitmap wrote before
    ev_fods, un_fods, control_fods = open_in_calc(tmp_path, events_csv, unresolved_csv, control)

    # The check can fail: unprotected, Calc runs the payloads.
    assert sum(1 for f, *_ in cells(control_fods) if f) >= 4

    for fods in (ev_fods, un_fods):
        got = cells(fods)
        assert [c for c in got if c[0]] == [], f"formula in {fods.name}"
        texts = [t for _f, _k, t, _v in got]
        assert "'" + HOSTILE[0] in texts and "'=cmd|' /C calc'!A0" in texts
    # Numbers stay numbers: the negative longitude is a float cell, not text.
    ev_cells = cells(ev_fods)
    assert ("float", "-70.53") in {(k, v) for _f, k, _t, v in ev_cells}
    assert not any(t == "'-70.53" for _f, _k, t, _v in ev_cells)


def read_back(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=1, max_size=6))
def test_no_written_text_cell_starts_like_a_formula(tmp_path_factory, values):
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    write_csv(pd.DataFrame({"text": values, "lon": [-1.5] * len(values)}), path)
    rows = read_back(path)[1:]
    assert len(rows) == len(values)
    for (cell, lon), original in zip(rows, values, strict=True):
        assert not cell.startswith(FORMULA_TRIGGERS) and not cell.startswith("\n")
        assert "\r" not in cell  # a bare CR would start a new spreadsheet row
        text = original.replace("\r\n", "\n").replace("\r", "\n")
        risky = original.startswith(FORMULA_TRIGGERS) or text.startswith("\n")
        assert cell == ("'" + text if risky else text)
        assert lon == "-1.5"


def test_every_csv_writer_goes_through_the_safe_writer():
    """Every CSV the package writes passes through ``write_csv`` (grep the code)."""
    root = Path(__file__).resolve().parents[1]
    offenders = []
    for folder in ("geo", "layers", "sitmap"):
        for py in (root / folder).rglob("*.py"):
            text = py.read_text(encoding="utf-8")
            if py.name == "exports.py":
                text = text.replace("safe_frame(frame).to_csv(", "")
            if ".to_csv(" in text or "csv.writer(" in text or "DictWriter(" in text:
                offenders.append(str(py.relative_to(root)))
    assert offenders == []


def test_unresolved_offsets_are_integers():
    frame = unresolved_table(hostile_situation())
    assert str(frame["start"].dtype) == "Int64"
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    assert ",0,5," in buf.getvalue()
