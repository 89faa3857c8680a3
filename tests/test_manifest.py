"""manifest.json: every output file with its size and SHA-256, the inputs and the tool version,
and nothing that changes from run to run."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

import geo
from geo.manifest import MANIFEST, describe_inputs, seeds_digest, sha256_of, write_manifest
from geo.seeds import default_seeds_dir

BOUNDARY = {"id": "ne10m_deu", "name": "Natural Earth", "version": "5.1.1"}


@pytest.fixture
def outputs(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "b.html").write_text("<p>zażółć</p>\n", encoding="utf-8")
    (folder / "a.csv").write_bytes(b"x,y\n1,2\n")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "big.bin").write_bytes(bytes(range(256)) * 5000)  # more than one read block
    (folder / ".hidden").write_text("staging", encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "nested.txt").write_text("n", encoding="utf-8")
    return folder


def read(path: Path) -> dict[str, object]:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def test_lists_every_file_with_sha256_and_size(outputs: Path) -> None:
    path = write_manifest(outputs, [BOUNDARY])
    assert path == outputs / MANIFEST
    files = read(path)["files"]
    assert isinstance(files, list)
    assert [f["path"] for f in files] == ["a.csv", "b.html", "big.bin", "empty.txt"]
    for entry in files:
        data = (outputs / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
        assert set(entry) == {"path", "bytes", "sha256"}


def test_lists_the_files_given_with_paths_relative_to_the_folder(outputs: Path) -> None:
    chosen = [outputs / "sub" / "nested.txt", outputs / "a.csv"]
    files = read(write_manifest(outputs, [], chosen))["files"]
    assert files == [
        {"path": "a.csv", "bytes": 8, "sha256": hashlib.sha256(b"x,y\n1,2\n").hexdigest()},
        {"path": "sub/nested.txt", "bytes": 1, "sha256": hashlib.sha256(b"n").hexdigest()},
    ]


def test_does_not_list_itself(outputs: Path) -> None:
    write_manifest(outputs, [])
    files = read(write_manifest(outputs, []))["files"]
    assert MANIFEST not in [f["path"] for f in files]


def test_has_the_tool_version_and_sorted_inputs_and_no_timestamp(outputs: Path) -> None:
    inputs = [
        {"id": "seeds", "path": "seeds/", "sha256": "0" * 64},
        {"id": "annotations", "path": "notes.yaml", "sha256": "1" * 64},
        BOUNDARY,
    ]
    text = write_manifest(outputs, inputs).read_text(encoding="utf-8")
    document = json.loads(text)
    assert document["tool"] == {"name": "shieldmap", "version": geo.__version__}
    assert [i["id"] for i in document["inputs"]] == ["annotations", "ne10m_deu", "seeds"]
    assert set(document) == {"tool", "inputs", "files"}
    lowered = text.lower()
    for word in ("time", "date", "created", "generated"):
        assert word not in lowered
    assert text.endswith("}\n")
    assert "zażółć" not in text  # file contents are hashed, never copied in


def test_the_same_files_give_identical_bytes(outputs: Path) -> None:
    first = write_manifest(outputs, [BOUNDARY]).read_bytes()
    second = write_manifest(outputs, [BOUNDARY]).read_bytes()
    assert first == second


def test_a_changed_file_changes_the_manifest(outputs: Path) -> None:
    first = write_manifest(outputs, []).read_bytes()
    (outputs / "a.csv").write_bytes(b"x,y\n1,3\n")  # same size, other content
    second = write_manifest(outputs, []).read_bytes()
    assert first != second


def test_manifest_is_written_atomically(outputs: Path) -> None:
    write_manifest(outputs, [])
    leftovers = [p.name for p in outputs.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_sha256_of_matches_hashlib(outputs: Path) -> None:
    path = outputs / "big.bin"
    assert sha256_of(path) == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(default_seeds_dir(), folder)
    return folder


def test_describe_inputs_includes_seeds_digest_and_annotations_sha256(
    seeds_copy: Path, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.yaml"
    notes.write_text("annotations: []\n", encoding="utf-8")
    records = describe_inputs(BOUNDARY, seeds_copy, notes)
    by_id = {r["id"]: r for r in records}
    assert set(by_id) == {"ne10m_deu", "seeds", "annotations"}
    assert by_id["ne10m_deu"] == BOUNDARY
    assert by_id["seeds"]["sha256"] == seeds_digest(seeds_copy)
    assert by_id["annotations"] == {
        "id": "annotations",
        "path": "notes.yaml",
        "sha256": hashlib.sha256(b"annotations: []\n").hexdigest(),
    }


def test_describe_inputs_without_annotations(seeds_copy: Path) -> None:
    records = describe_inputs(BOUNDARY, seeds_copy, None)
    assert [r["id"] for r in records] == ["ne10m_deu", "seeds"]


def test_describe_inputs_does_not_alias_the_boundary_record(seeds_copy: Path) -> None:
    boundary = dict(BOUNDARY)
    records = describe_inputs(boundary, seeds_copy, None)
    records[0]["id"] = "changed"
    assert boundary == BOUNDARY


def test_seeds_digest_is_stable_and_matches_the_shipped_copy(seeds_copy: Path) -> None:
    digest = seeds_digest(seeds_copy)
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert seeds_digest(seeds_copy) == digest
    assert seeds_digest(default_seeds_dir()) == digest  # the folder's path does not count


def test_seeds_digest_changes_when_a_seed_file_changes(seeds_copy: Path) -> None:
    before = seeds_digest(seeds_copy)
    places = seeds_copy / "places.yaml"
    places.write_bytes(places.read_bytes() + b"# one more comment\n")
    assert seeds_digest(seeds_copy) != before


def test_seeds_digest_changes_when_a_seed_file_is_renamed_or_added(seeds_copy: Path) -> None:
    before = seeds_digest(seeds_copy)
    (seeds_copy / "extra.yaml").write_text("x: 1\n", encoding="utf-8")
    added = seeds_digest(seeds_copy)
    assert added != before
    (seeds_copy / "extra.yaml").rename(seeds_copy / "other.yaml")
    assert seeds_digest(seeds_copy) not in (before, added)


def test_seeds_digest_ignores_files_that_are_not_seeds(seeds_copy: Path) -> None:
    before = seeds_digest(seeds_copy)
    (seeds_copy / "README.md").write_text("changed\n", encoding="utf-8")
    assert seeds_digest(seeds_copy) == before


def test_seeds_digest_keeps_files_apart(tmp_path: Path) -> None:
    """Bytes moved from one file's end into the next file's name must not hash the same."""
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    (one / "a.yaml").write_bytes(b"")
    (one / "b.yaml").write_bytes(b"x")
    (two / "a.yaml").write_bytes(b"b.yamlx")
    assert seeds_digest(one) != seeds_digest(two)


@pytest.mark.realdata
@pytest.mark.usefixtures("cached_embedded")
def test_build_writes_a_manifest_beside_the_layers_and_the_maps(tmp_path: Path) -> None:
    maps_module = pytest.importorskip("geo.maps", reason="the maps are not built yet")
    if not hasattr(maps_module, "build_maps"):
        pytest.skip("geo.maps.build_maps is not there yet")
    from click.testing import CliRunner

    from geo.cli.main import cli

    notes = tmp_path / "notes.yaml"
    notes.write_text("annotations:\n  - label: x\n    point: [23.6, 53.5]\n", encoding="utf-8")
    maps, layers = tmp_path / "maps", tmp_path / "layers"
    args = ["--annotations", str(notes), "build", "-o", str(maps), "--layers-dir", str(layers)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    for folder in (maps, layers):
        document = read(folder / MANIFEST)
        listed = {entry["path"]: entry for entry in document["files"]}
        on_disk = {
            p.relative_to(folder).as_posix()
            for p in folder.rglob("*")
            if p.is_file() and p.name != MANIFEST
        }
        assert set(listed) == on_disk
        for name, entry in listed.items():
            data = (folder / name).read_bytes()
            assert entry["sha256"] == hashlib.sha256(data).hexdigest()
            assert entry["bytes"] == len(data)
        inputs = {i["id"]: i for i in document["inputs"]}
        assert inputs["seeds"]["sha256"] == seeds_digest(default_seeds_dir())
        assert inputs["annotations"]["sha256"] == sha256_of(notes)
        assert inputs["ne-10m"]["version"] == "5.1.1"


def test_a_boundary_file_is_recorded_with_its_sha256(tmp_path: Path) -> None:
    """The README promises the boundary file's hash among the manifest's inputs."""
    from geo.boundaries import _locate
    from geo.export import boundary_input
    from geo.manifest import sha256_of

    path = tmp_path / "countries.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    source, _, _ = _locate(str(path))
    record = boundary_input(source)
    assert record["sha256"] == sha256_of(path) != ""
    assert record["name"] == "countries.geojson"
