"""Nothing half-done or stale is published (red-team M4, M5, L1, L10, I1; issue #15 part 5):
runs stage every file and swap them in at the end, remove what their previous manifest listed
but they did not write, and fail with one line (a full disk included) leaving both output
folders as they were."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pyogrio.errors
import pytest
from click.testing import Result
from conftest import run

pytestmark = [pytest.mark.realdata, pytest.mark.usefixtures("cached_embedded")]

NOTES = "annotations:\n  - {label: Crossing, point: [23.65, 53.51]}\n  - {label: Ditch, line: [[23.1, 53.2], [23.5, 53.4]]}\n"  # noqa: E501


def error_line(result: Result) -> str:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines and lines[-1].startswith("Error: ")
    assert sum(line.startswith("Error") for line in lines) == 1
    return lines[-1]


def snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def assert_manifest_matches(folder: Path, foreign: set[str] = frozenset()) -> list[str]:
    """The manifest lists exactly the folder's files (but ``foreign`` ones), with their hashes."""
    document = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = {entry["path"]: entry["sha256"] for entry in document["files"]}
    present = {p.name for p in folder.iterdir() if p.name != "manifest.json" and p.name[0] != "."}
    assert set(listed) == present - set(foreign)
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    assert not [p for p in folder.iterdir() if p.name.startswith(".shieldmap-")]
    return sorted(listed)


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("notes") / "notes.yaml"
    path.write_text(NOTES, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory, notes: Path) -> Path:
    """One build with annotations, English maps only (to keep the suite fast)."""
    root = tmp_path_factory.mktemp("built")
    result = run(
        "--annotations", str(notes), "build", "-o", str(root / "out"),
        "--layers-dir", str(root / "lay"), "--lang", "en",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return root


@pytest.fixture
def previous(first_build: Path, tmp_path: Path) -> Path:
    shutil.copytree(first_build, tmp_path / "run")
    return tmp_path / "run"


def build(root: Path, *before: str, same: bool = False) -> Result:
    layers = root / ("out" if same else "lay")
    return run(
        *before, "build", "-o", str(root / "out"), "--layers-dir", str(layers), "--lang", "en"
    )


# --------------------------------------------------------------------------- stale files


def test_removed_annotations_disappear_from_the_layers(previous: Path) -> None:
    """M5: the annotations layers of the first build stayed published."""
    assert list((previous / "lay").glob("annotations_*"))
    (previous / "lay" / "my-notes.txt").write_text("not the tool's", encoding="utf-8")
    result = build(previous)
    assert result.exit_code == 0, result.stderr
    assert not list((previous / "lay").glob("annotations_*"))
    assert (previous / "lay" / "my-notes.txt").read_text(encoding="utf-8") == "not the tool's"
    assert_manifest_matches(previous / "lay", foreign={"my-notes.txt"})
    assert_manifest_matches(previous / "out")


def test_layers_with_fewer_formats_leaves_no_stale_file(previous: Path) -> None:
    """#15 part 5: files of formats not asked this time go; the manifest matches."""
    lay = previous / "lay"
    result = run("layers", "-o", str(lay), "--format", "gpkg,csv")
    assert result.exit_code == 0, result.stderr
    names = assert_manifest_matches(lay)
    suffixes = {Path(n).suffix for n in names}
    assert suffixes == {".gpkg", ".qgs", ".csv", ".md", ".cff", ".json"}  # + citation, datapackage
    assert not any(n.endswith((".geojson", ".fgb", ".parquet")) for n in names)


def test_manifest_of_layers_records_the_inputs(tmp_path: Path, notes: Path) -> None:
    result = run("--annotations", str(notes), "layers", "-o", str(tmp_path), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    document = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert {i["id"] for i in document["inputs"]} == {"ne-10m", "seeds", "annotations"}
    assert_manifest_matches(tmp_path)


def test_same_folder_gets_one_merged_manifest(tmp_path: Path) -> None:
    """L10: the maps' manifest used to overwrite the layers' one."""
    result = build(tmp_path, same=True)
    assert result.exit_code == 0, result.stderr
    names = assert_manifest_matches(tmp_path / "out")
    assert "shieldmap.gpkg" in names and "index.html" in names
    # and a second run into it keeps every file of both
    result = build(tmp_path, same=True)
    assert result.exit_code == 0, result.stderr
    assert assert_manifest_matches(tmp_path / "out") == names


def test_leftover_staging_folders_are_cleaned(previous: Path) -> None:
    """I1: a killed run's staging folder stayed forever; a live run's is left alone."""
    dead = previous / "lay" / ".shieldmap-999999999-abc"
    dead.mkdir()
    (dead / "shieldmap.gpkg-journal").write_bytes(b"x")
    live = previous / "lay" / f".shieldmap-{os.getppid()}-xyz"
    live.mkdir()
    result = run("layers", "-o", str(previous / "lay"), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert not dead.exists()
    assert live.exists()


# --------------------------------------------------------------------------- failures


def test_unwritable_maps_folder_leaves_the_layers_folder_unchanged(previous: Path) -> None:
    """L1 (a): the layers were written before the maps' folder was found unwritable."""
    before = snapshot(previous / "lay")
    blocker = previous / "blocker"
    blocker.write_text("a file", encoding="utf-8")
    result = run(
        "build", "-o", str(blocker / "out"), "--layers-dir", str(previous / "lay"), "--lang", "en"
    )
    assert result.exit_code in (1, 2)
    assert "Traceback" not in result.stderr
    assert snapshot(previous / "lay") == before


def test_folder_in_the_way_leaves_the_bundle_whole(previous: Path) -> None:
    """L1 (b): a folder named like an output file left a mixed bundle."""
    lay = previous / "lay"
    (lay / "sources.csv").unlink()
    (lay / "sources.csv").mkdir()
    before = snapshot(lay)
    line = error_line(build(previous, "--annotations", str(previous / "none.yaml")))
    assert "not found" in line  # a bad input: nothing written
    line = error_line(build(previous))
    assert "sources.csv" in line and "folder of that name is in the way" in line
    assert snapshot(lay) == before
    assert not [p for p in lay.iterdir() if p.name.startswith(".shieldmap-")]


def test_disk_full_during_the_maps_leaves_both_folders_as_they_were(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """L1 (c) and M4: a full disk halfway through the maps left a partial set of maps."""
    import geo.maps.build

    before = {name: snapshot(previous / name) for name in ("out", "lay")}
    real = geo.maps.build.write_text
    calls = {"n": 0}

    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def filling(target: Path, text: str) -> Path:
        """The third file finds the disk full, as the real write would."""
        calls["n"] += 1
        if calls["n"] < 3:
            return real(target, text)
        original = Path.write_bytes
        setattr(Path, "write_bytes", full)  # noqa: B010 - restored below
        try:
            return real(target, text)
        finally:
            setattr(Path, "write_bytes", original)  # noqa: B010

    monkeypatch.setattr(geo.maps.build, "write_text", filling)
    line = error_line(build(previous))
    assert "No space left on device" in line and "free some space" in line
    assert {name: snapshot(previous / name) for name in ("out", "lay")} == before


@pytest.mark.parametrize(
    "error",
    [
        pyogrio.errors.FeatureError("Could not add feature to layer at index 3"),
        pyogrio.errors.DataSourceError(
            "Failed to write features to dataset: Unexpected I/O failure"
        ),
        pyogrio.errors.DataSourceError("Failed to commit transaction"),
        sqlite3.OperationalError("database or disk is full"),
        OSError(errno.ENOSPC, "No space left on device"),
    ],
    ids=["feature", "io", "commit", "sqlite", "oserror"],
)
def test_layer_writer_failures_are_one_line(
    error: Exception, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """M4: what GDAL raises when the disk is full gave a traceback."""
    import geo.export

    def full(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(geo.export.pyogrio, "write_dataframe", full)
    monkeypatch.setattr(geo.export.gpd.GeoDataFrame, "to_parquet", full)
    out = tmp_path / "lay"
    line = error_line(run("layers", "-o", str(out), "--format", "gpkg,geojson,fgb,parquet"))
    assert line.startswith(f"Error: cannot write the layers into {out}")
    assert "free some space" in line
    assert [p.name for p in out.iterdir()] == []


def test_map_into_a_built_folder_merges_into_its_manifest(previous: Path) -> None:
    """`map` into a folder a build published keeps its manifest true: the files it rewrote
    get their new hashes, new ones are added, the inputs of both runs are recorded."""
    out = previous / "out"
    before = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    other = previous / "other.yaml"
    other.write_text("annotations:\n  - {label: Post, point: [23.5, 54.0]}\n", encoding="utf-8")
    result = run("--annotations", str(other), "map", "suwalki-gap", "-d", str(out))
    assert result.exit_code == 0, result.stderr
    assert str(out / "manifest.json") in result.stdout.splitlines()
    listed = assert_manifest_matches(out)
    assert set(listed) == {entry["path"] for entry in before["files"]}
    after = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    old = {entry["path"]: entry["sha256"] for entry in before["files"]}
    new = {entry["path"]: entry["sha256"] for entry in after["files"]}
    assert new["suwalki-gap.en.html"] != old["suwalki-gap.en.html"]  # the other annotations
    assert new["overview.en.html"] == old["overview.en.html"]
    # its previews are drawn again, so the index's gallery shows the map as it now is
    for preview in ("suwalki-gap.en.svg", "suwalki-gap.en.png"):
        assert new[preview] != old[preview]
        assert str(out / preview) in result.stdout.splitlines()
    assert "note:" not in result.stderr  # the index lists it already
    notes = [i for i in after["inputs"] if i["id"] == "annotations"]
    assert len(notes) == 2 and {i["path"] for i in notes} == {"notes.yaml", "other.yaml"}

    # a map the build did not write (Polish, a static social card) is added; the index cannot
    # list it (one map does not know the build's other maps), and the reader is told so
    result = run("map", "treaty", "--lang", "pl", "-d", str(out))
    assert result.exit_code == 0, result.stderr
    assert f"note: {out / 'index.html'} does not list treaty.pl.html" in result.stderr
    assert not (out / "treaty.pl.png").exists()  # no previews where the build drew none
    card = ("map", "treaty", "--format", "svg", "--size", "social", "-d", str(out))
    assert run(*card).exit_code == 0
    listed = assert_manifest_matches(out)
    assert {"treaty.pl.html", "treaty.pl.embed.html", "treaty.en.social.svg"} <= set(listed)
    # and it is the tool's, so the next build that does not write it removes it
    assert build(previous).exit_code == 0
    assert not (out / "treaty.pl.html").exists()
    assert not (out / "treaty.en.social.svg").exists()
    assert_manifest_matches(out)


def test_map_into_a_folder_without_a_manifest_writes_none(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text('{"tool": "someone else"}', encoding="utf-8")
    result = run("map", "suwalki-gap", "-d", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "manifest.json").read_text(encoding="utf-8") == '{"tool": "someone else"}'
    assert str(tmp_path / "manifest.json") not in result.stdout
    (tmp_path / "manifest.json").unlink()
    assert run("map", "suwalki-gap", "-d", str(tmp_path)).exit_code == 0
    assert not (tmp_path / "manifest.json").exists()


def test_layers_into_a_folder_shared_with_maps_keeps_the_maps(tmp_path: Path) -> None:
    """A run removes stale files of the kinds it writes only: `layers` into the folder a
    build shared between maps and layers used to delete every map."""
    assert build(tmp_path, same=True).exit_code == 0
    same = tmp_path / "out"
    maps = {p.name for p in same.glob("*.html")}
    assert "index.html" in maps and "shieldmap.gpkg" in assert_manifest_matches(same)
    result = run("layers", "-o", str(same), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    names = assert_manifest_matches(same)
    assert maps <= set(names) and "countries.csv" in names
    assert not (same / "shieldmap.gpkg").exists()  # the layers' own stale files still go
    # and the other way round: maps only, the layers stay
    result = run("build", "-o", str(same), "--no-layers", "--lang", "pl")
    assert result.exit_code == 0, result.stderr
    names = assert_manifest_matches(same)
    assert "countries.csv" in names and "overview.pl.html" in names
    assert "overview.en.html" not in names and not (same / "overview.en.html").exists()
