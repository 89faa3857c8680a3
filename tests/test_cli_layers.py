"""`shieldmap layers`: exit codes 0 / 1 / 2, messages, and no partial files."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli.main import cli

pytestmark = [pytest.mark.realdata, pytest.mark.usefixtures("cached_embedded")]


def _entries(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_writes_the_bundle_into_layers_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["layers"])
    assert result.exit_code == 0, result.output
    written = result.stdout.split()
    assert written[0] == str(Path("layers") / "shieldmap.gpkg")
    assert {Path(p).name for p in written} == set(_entries(tmp_path / "layers"))
    # 6 layers x 3 formats, 11 CSV, gpkg, qgs, README, CITATION, datapackage, manifest.json
    assert len(written) == 35
    assert "wrote 35 files to layers" in result.stderr
    # the repository's layers/README.md is this README: regenerate it when layers change
    # (`shieldmap layers`, then commit layers/README.md)
    committed = Path(__file__).parent.parent / "layers" / "README.md"
    written_readme = (tmp_path / "layers" / "README.md").read_text(encoding="utf-8")
    assert written_readme == committed.read_text(encoding="utf-8")


def test_format_and_crs_options(tmp_path: Path) -> None:
    out = tmp_path / "out"
    notes = tmp_path / "notes.yaml"
    notes.write_text("annotations:\n  - label: Crossing\n    point: [23.65, 53.51]\n")
    args = ["--annotations", str(notes), "layers", "-o", str(out)]
    result = CliRunner().invoke(cli, [*args, "--format", "csv,gpkg", "--crs", "EPSG:3035"])
    assert result.exit_code == 0, result.output
    names = set(_entries(out))
    assert {"shieldmap.gpkg", "shieldmap.qgs", "README.md", "annotations_points.csv"} <= names
    assert not any(n.endswith((".geojson", ".fgb", ".parquet")) for n in names)
    assert "**EPSG:3035**" in (out / "README.md").read_text(encoding="utf-8")


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["layers", "-o", str(out), "--format", "gpkg,shp"])
    assert result.exit_code == 2
    assert "gpkg, geojson, fgb, parquet, csv" in result.output
    assert "got shp" in result.output
    assert not out.exists()


@pytest.mark.parametrize("crs", ["EPSG:999999", "nonsense"])
def test_invalid_crs_is_a_usage_error(tmp_path: Path, crs: str) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["layers", "-o", str(out), "--crs", crs])
    assert result.exit_code == 2
    assert "--crs" in result.output and "EPSG:3035" in result.output
    assert not out.exists()


def test_unwritable_folder_exits_1_with_one_line(tmp_path: Path) -> None:
    # Tests run as root, where chmod does not stop writes; a path under a file always fails.
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    result = CliRunner().invoke(cli, ["layers", "-o", str(blocker / "sub")])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot write into")
    assert "Traceback" not in result.output
    assert set(tmp_path.iterdir()) == {blocker}


def test_failing_writer_keeps_previous_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import geo.export

    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(cli, ["layers", "-o", str(out), "--format", "gpkg,csv"]).exit_code == 0
    before = _entries(out)

    def full_disk(*args: object, **kwargs: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(geo.export, "_write_csv", full_disk)
    result = runner.invoke(cli, ["layers", "-o", str(out), "--format", "gpkg,csv"])
    assert result.exit_code == 1
    assert "Error: cannot write the layers into" in result.stderr
    assert "No space left on device" in result.stderr
    assert "Traceback" not in result.output
    assert _entries(out) == before  # nothing replaced, no staging folder left
