"""CLI tests: every command through click's CliRunner, and the installed script once."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyproj import Geod

from sitmap.cli import main

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str):
    return runner.invoke(main, list(args), catch_exceptions=False)


# --- geocode -------------------------------------------------------------------------


def test_geocode_json_has_contract_keys(runner, gazetteer):
    result = invoke(runner, "geocode", "Tort-Kocho", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows, "no candidates"
    for key in (
        "name",
        "lat",
        "lon",
        "country_code",
        "feature",
        "admin1",
        "admin2",
        "geonameid",
        "population",
        "source",
        "score",
    ):
        assert key in rows[0]
    assert rows[0]["country_code"] == "KG"


def test_geocode_ranked_best_first(runner, gazetteer):
    rows = json.loads(invoke(runner, "geocode", "Balkh", "--json").stdout)
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert {r["feature"] for r in rows} >= {"admin1", "admin2", "populated_place"}


def test_geocode_isfana_is_kyrgyz_razzakov(runner, gazetteer):
    rows = json.loads(invoke(runner, "geocode", "Isfana", "--json").stdout)
    assert rows[0]["country_code"] == "KG"
    assert rows[0]["geonameid"] == 1222662


def test_geocode_filters(runner, gazetteer):
    rows = json.loads(invoke(runner, "geocode", "Batken", "--feature", "admin1", "--json").stdout)
    assert rows and all(r["feature"] == "admin1" for r in rows)
    rows = json.loads(
        invoke(runner, "geocode", "Kunduz", "--country", "af", "--limit", "2", "--json").stdout
    )
    assert 0 < len(rows) <= 2 and all(r["country_code"] == "AF" for r in rows)


def test_geocode_text_table(runner, gazetteer):
    result = invoke(runner, "geocode", "Dushanbe")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split()[:2] == ["name", "feature"]
    assert "Dushanbe" in result.stdout


def test_geocode_no_match_suggests(runner, gazetteer):
    result = invoke(runner, "geocode", "Kyrgyzzztanya")
    assert result.exit_code == 1
    assert "no place named 'Kyrgyzzztanya'" in result.stderr
    assert "Kyrgyzstan" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["geocode", ""],
        ["geocode", "   "],
        ["geocode", "x" * 10_000],
        ["geocode", "Osh\x00\x07"],
        ["geocode", "Osh", "--country", "KGZ1"],
        ["geocode", "Osh", "--feature", "spaceport"],
    ],
)
def test_geocode_bad_input_is_clean(runner, args):
    result = invoke(runner, *args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.output
    assert len(result.stderr) < 400


# --- where ---------------------------------------------------------------------------


def test_where_tort_kocho(runner, boundaries):
    lat, lon = 39.9540, 70.5319
    result = invoke(runner, "where", str(lat), str(lon), "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["country_code"] == "KG"
    assert answer["admin1"] == "Batken"
    assert answer["border"] == "KGZ–TJK"
    # Independent figure: densify the KGZ–TJK line from the boundary file and take
    # the smallest geodesic distance to any of its points.
    line = boundaries.borders.set_index("dyad").loc["KGZ–TJK", "geometry"]
    dense = line.segmentize(0.0005)
    xs, ys = [], []
    for part in getattr(dense, "geoms", [dense]):
        x, y = part.xy
        xs.extend(x)
        ys.extend(y)
    geod = Geod(ellps="WGS84")
    _, _, dist = geod.inv([lon] * len(xs), [lat] * len(xs), xs, ys)
    assert math.isclose(answer["border_distance_km"], min(dist) / 1000, abs_tol=0.1)


def test_where_text_and_negative_coordinates(runner, boundaries):
    result = invoke(runner, "where", "-33.45", "-70.66")
    assert result.exit_code == 0, result.output
    assert "CL" in result.stdout


@pytest.mark.parametrize(
    "lat,lon",
    [("nan", "10"), ("91", "10"), ("10", "181"), ("north", "10"), ("inf", "0"), ("", "1")],
)
def test_where_bad_coordinates_are_clean(runner, lat, lon):
    result = invoke(runner, "where", lat, lon)
    assert result.exit_code == 2  # a bad argument is a usage error
    assert "Error: " in result.stderr
    assert "Traceback" not in result.output


def test_usage_error_exits_2(runner):
    result = invoke(runner, "where", "1")
    assert result.exit_code == 2


# --- help and docs ---------------------------------------------------------------------


def _commands(group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        yield (*prefix, name), cmd
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, (*prefix, name))


def test_every_command_has_help_with_example_and_is_in_readme(runner):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for path, _cmd in _commands(main):
        result = invoke(runner, *path, "--help")
        assert result.exit_code == 0
        assert "Example" in result.output, f"sitmap {' '.join(path)} --help has no example"
        assert f"sitmap {' '.join(path)}" in readme, f"sitmap {' '.join(path)} not in README"


# --- the installed script ----------------------------------------------------------------


def test_installed_script_runs_offline(tmp_path, gazetteer):
    script = shutil.which("sitmap", path=str(Path(sys.executable).parent))
    assert script, "the sitmap console script is not installed next to this Python"
    # sitecustomize on PYTHONPATH blocks every socket in the child process.
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(
        "import socket\n"
        "def _refuse(*a, **k):\n"
        "    raise OSError('network access blocked by the sitmap offline test')\n"
        "socket.socket.connect = _refuse\n"
        "socket.create_connection = _refuse\n"
        "socket.getaddrinfo = _refuse\n",
        encoding="utf-8",
    )
    env = dict(os.environ, PYTHONPATH=str(guard))
    out = subprocess.run(
        [script, "geocode", "Chir-Dobo", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)[0]["country_code"] == "KG"
    out = subprocess.run(
        [script, "where", "37.18", "68.60", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["border"] == "AFG–TJK"
