"""`shieldmap borders` and the global options, through click's CliRunner and the console script.

Exit codes: 0 ok, 1 a handled error (one line "Error: ..." on stderr), 2 a usage error.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pytest
from click.testing import Result
from conftest import run, shieldmap_script, synthetic_countries, write_layer

from geo import __version__
from geo.borders import DEFAULT_TOLERANCE_M
from geo.cli.borders import COLUMNS, CSV_COLUMNS
from geo.cli.options import Inputs

PAIRS = [
    ("POL-BLR", ""),
    ("POL-RUS", "Kaliningrad Oblast"),
    ("LTU-BLR", ""),
    ("LTU-RUS", "Kaliningrad Oblast"),
    ("LVA-BLR", ""),
    ("LVA-RUS", "mainland"),
    ("EST-RUS", "mainland"),
]
JSON_KEYS = {"pair", "a", "b", "region", "length_km", "official_km", "official_source"}


def assert_one_error_line(result: Result | subprocess.CompletedProcess[str]) -> str:
    """Exit 1, nothing on stdout, one line on stderr starting 'Error:', no traceback."""
    if isinstance(result, Result):
        code, out, err = result.exit_code, result.stdout, result.stderr
    else:
        code, out, err = result.returncode, result.stdout, result.stderr
    assert code == 1, (code, out, err)
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in err
    return lines[0]


# ------------------------------------------------------------------------------ global options


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"shieldmap, version {__version__}"


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "borders" in result.stdout and "check" in result.stdout


def test_unknown_option_is_a_usage_error() -> None:
    result = run("--no-such-option", "borders")
    assert result.exit_code == 2
    assert "No such option" in result.stderr
    result = run("borders", "--no-such-option")
    assert result.exit_code == 2


def test_unknown_command_is_a_usage_error() -> None:
    assert run("frontiers").exit_code == 2


def test_negative_tolerance_is_a_usage_error() -> None:
    result = run("--tolerance", "-5", "borders")
    assert result.exit_code == 2
    assert "--tolerance" in result.stderr


# ------------------------------------------------------------------------------ borders output


@pytest.mark.realdata
@pytest.mark.usefixtures("cached_embedded")
def test_borders_table_prints_every_pair() -> None:
    result = run("borders")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("pair")
    for column in COLUMNS:
        assert column in lines[0]
    rows = [line for line in lines if line[:7] in {pair for pair, _ in PAIRS}]
    assert [line.split()[0] for line in rows] == [pair for pair, _ in PAIRS]
    for (_, region), line in zip(PAIRS, rows, strict=True):
        assert region in line
    assert "FIN-RUS" not in result.stdout
    assert "Natural Earth" in result.stdout  # the note naming the boundary source


@pytest.mark.realdata
@pytest.mark.usefixtures("cached_embedded")
def test_borders_json() -> None:
    result = run("borders", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    assert [(r["pair"], r["region"] or "") for r in rows] == PAIRS
    for row in rows:
        assert set(row) >= JSON_KEYS, row["pair"]
        assert row["pair"] == f"{row['a']}-{row['b']}"
        assert row["length_km"] > 0
        assert isinstance(row["official_km"], int | float) and row["official_km"] > 0
        assert row["official_source"]
        assert all(isinstance(s, str) and s for s in row["official_source"])


@pytest.mark.realdata
@pytest.mark.usefixtures("cached_embedded")
def test_borders_csv_with_finland() -> None:
    result = run("borders", "--csv", "--finland")
    assert result.exit_code == 0, result.stderr
    reader = csv.reader(io.StringIO(result.stdout))
    header, *rows = list(reader)
    assert tuple(header) == CSV_COLUMNS
    assert [(r[0], r[1]) for r in rows] == [*PAIRS, ("FIN-RUS", "mainland")]
    for row in rows:
        assert len(row) == len(CSV_COLUMNS)
        assert float(row[2]) > 0  # measured km
        assert float(row[3]) > 0  # official km
        assert row[4]  # its source ids


def test_json_and_csv_together_is_a_usage_error() -> None:
    result = run("borders", "--json", "--csv")
    assert result.exit_code == 2
    assert "--json" in result.stderr and "--csv" in result.stderr
    assert result.stdout == ""


# ------------------------------------------------------------------------------ --boundaries


def _missing_file(tmp_path: Path) -> Path:
    return tmp_path / "missing.gpkg"


def _txt_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("these are not borders\n")
    return path


def _text_file(tmp_path: Path) -> Path:
    path = tmp_path / "countries.csv"  # GDAL reads it, but as a table without geometry
    path.write_text("iso3,name\nPOL,Poland\n")
    return path


def _no_crs_file(tmp_path: Path) -> Path:
    frame = gpd.GeoDataFrame(
        {"ISO3": list(synthetic_countries())}, geometry=list(synthetic_countries().values())
    )
    return write_layer(frame, tmp_path / "nocrs.gpkg")


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (_missing_file, "boundary file not found"),
        (_txt_file, "cannot read"),
        (_text_file, "no geometry"),
        (_no_crs_file, "no coordinate reference system"),
    ],
    ids=["missing", "text", "csv-table", "no-crs"],
)
def test_bad_boundaries_give_one_error_line(
    tmp_path: Path, make: Callable[[Path], Path], expected: str
) -> None:
    path = make(tmp_path)
    result = run("--boundaries", str(path), "borders")
    line = assert_one_error_line(result)
    assert expected in line
    assert str(path) in line


def test_missing_iso_field_gives_one_error_line(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {"ISO3": list(synthetic_countries())},
        geometry=list(synthetic_countries().values()),
        crs="EPSG:4326",
    )
    path = write_layer(frame, tmp_path / "c.gpkg")
    line = assert_one_error_line(
        run("--boundaries", str(path), "--iso-field", "ISO_A3", "borders", "--json")
    )
    assert "'ISO_A3'" in line and "ISO3" in line


@pytest.mark.realdata
def test_user_geopackage_with_iso_field(tmp_path: Path, ne_countries: gpd.GeoDataFrame) -> None:
    frame = ne_countries.rename(columns={"iso3": "ISO3", "name": "LABEL"})
    path = write_layer(frame, tmp_path / "countries.gpkg")
    result = run("--boundaries", str(path), "--iso-field", "ISO3", "borders", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["pair"], r["region"] or "") for r in rows] == PAIRS
    for row in rows:
        assert row["length_km"] > 0
        assert row["measured_with"] == "countries.gpkg user file (unknown)"
        assert row["length_source_id"] == "user_boundaries"
        assert row["length_scale"] == "unknown"
        assert row["length_note"] == ""


# ------------------------------------------------------------------------------ console script


def test_console_script_version() -> None:
    done = subprocess.run(
        [shieldmap_script(), "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert __version__ in done.stdout


def test_console_script_bad_boundaries(tmp_path: Path) -> None:
    path = _text_file(tmp_path)
    done = subprocess.run(
        [shieldmap_script(), "--boundaries", str(path), "borders"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "no geometry" in assert_one_error_line(done)


@pytest.mark.parametrize(
    ("boundaries", "tolerance", "effective"),
    [
        (None, None, None),  # embedded data: exact arcs
        (Path("user.gpkg"), None, DEFAULT_TOLERANCE_M),  # user file: snap by default
        (Path("user.gpkg"), 0.0, None),  # --tolerance 0: exact arcs
        (None, 50.0, 50.0),
        (Path("user.gpkg"), 500.0, 500.0),
    ],
)
def test_effective_tolerance(
    boundaries: Path | None, tolerance: float | None, effective: float | None
) -> None:
    assert Inputs(None, boundaries, None, tolerance).effective_tolerance_m == effective
