"""`shieldmap check`: exit 0 on the shipped seeds and data, 1 with every problem listed."""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import pytest
from click.testing import Result
from conftest import run, square, write_layer

from geo.seeds import default_seeds_dir, load_seeds

SEED_FILES = ("sources", "countries", "borders", "programs", "places")


def _errors(result: Result) -> list[str]:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines
    assert all(line.startswith("Error: ") for line in lines), lines
    return lines


def _seed_countries_file(tmp_path: Path, codes: list[str], crs: str = "EPSG:4326") -> Path:
    """A tiny boundary file with one square per code."""
    frame = gpd.GeoDataFrame(
        {"ISO3": codes}, geometry=[square(i, 0) for i in range(len(codes))], crs="EPSG:4326"
    )
    return write_layer(frame.to_crs(crs), tmp_path / "countries.gpkg")


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(default_seeds_dir(), folder)
    return folder


@pytest.mark.realdata
@pytest.mark.usefixtures("cached_embedded")
def test_check_passes_on_shipped_data() -> None:
    result = run("check")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: ")
    seeds = load_seeds()
    assert f"{len(seeds.countries)} countries" in result.stdout
    assert "Natural Earth" in result.stdout
    assert result.stderr == ""


def test_check_on_an_empty_seeds_dir_lists_every_missing_file(tmp_path: Path) -> None:
    boundaries = _seed_countries_file(tmp_path, sorted(load_seeds().countries))
    result = run("--seeds", str(tmp_path), "--boundaries", str(boundaries), "check")
    lines = _errors(result)
    assert len(lines) == len(SEED_FILES)
    for kind, line in zip(SEED_FILES, lines, strict=True):
        assert f"{kind}.yaml" in line and "not found" in line


def test_check_on_a_missing_seeds_dir(tmp_path: Path) -> None:
    boundaries = _seed_countries_file(tmp_path, sorted(load_seeds().countries))
    missing = tmp_path / "nowhere"
    result = run("--seeds", str(missing), "--boundaries", str(boundaries), "check")
    (line,) = _errors(result)
    assert str(missing) in line


def test_check_lists_seed_and_boundary_problems_together(seeds_copy: Path, tmp_path: Path) -> None:
    (seeds_copy / "places.yaml").write_text("places: [unclosed\n", encoding="utf-8")
    (seeds_copy / "programs.yaml").unlink()
    text = tmp_path / "notes.txt"
    text.write_text("not borders\n")
    result = run("--seeds", str(seeds_copy), "--boundaries", str(text), "check")
    lines = _errors(result)
    assert any("places.yaml" in line and "YAML" in line for line in lines), lines
    assert any("programs.yaml" in line and "not found" in line for line in lines), lines
    assert any("cannot read boundary file" in line for line in lines), lines


def test_check_names_seed_countries_the_boundaries_lack(tmp_path: Path) -> None:
    codes = sorted(load_seeds().countries)
    boundaries = _seed_countries_file(tmp_path, [c for c in codes if c not in {"FIN", "UKR"}])
    lines = _errors(run("--boundaries", str(boundaries), "check"))
    assert lines == [
        "Error: seeds name country FIN, which the boundary source lacks",
        "Error: seeds name country UKR, which the boundary source lacks",
    ]


def test_check_on_a_projected_user_file_with_verbose_logging(tmp_path: Path) -> None:
    boundaries = _seed_countries_file(tmp_path, sorted(load_seeds().countries), "EPSG:3035")
    verbose = run("-v", "--boundaries", str(boundaries), "check")  # cold: the file is read
    assert verbose.exit_code == 0, verbose.stderr
    assert "INFO: reprojecting boundaries from EPSG:3035" in verbose.stderr
    quiet = run("--boundaries", str(boundaries), "check")
    assert quiet.exit_code == 0, quiet.stderr
    assert quiet.stdout.startswith("ok: ")
    assert "countries.gpkg" in quiet.stdout
    assert quiet.stderr == ""  # INFO is below the default level
    warm = run("-v", "--boundaries", str(boundaries), "check")  # the prepared region is reused
    assert "INFO: prepared region read from" in warm.stderr
    assert "reprojecting" not in warm.stderr


def test_check_seeds_pointing_at_a_file_is_a_usage_error(tmp_path: Path) -> None:
    file = tmp_path / "seeds.yaml"
    file.write_text("{}\n")
    result = run("--seeds", str(file), "check")
    assert result.exit_code == 2
    assert "--seeds" in result.stderr
