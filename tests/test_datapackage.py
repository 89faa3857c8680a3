"""``datapackage.json``: validated by the Frictionless library itself (schema, types, keys,
foreign keys, sizes and SHA-256 of every file), listing every file of the bundle, with the
licences and the data dictionary's fields. Real data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import frictionless
import geopandas as gpd
import pytest

import geo
from geo import citation, export
from geo.datadict import FIELDS, LAYER_INFO
from geo.layers import Layers, build_layers
from geo.seeds import load_seeds

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def layers(ne_countries: gpd.GeoDataFrame) -> Layers:
    from geo.boundaries import load_countries

    _, source = load_countries()
    return build_layers(ne_countries.copy(), source, load_seeds())


@pytest.fixture(scope="module")
def bundle(layers: Layers, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    export.write_bundle(layers, out)
    return out


def _package(folder: Path) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def _errors(folder: Path) -> list[str]:
    report = frictionless.validate(str(folder / "datapackage.json"))
    found = [f"package: {e.message}" for e in report.errors]
    for task in report.tasks:
        found += [f"{task.name}: {e.type}: {e.message}" for e in task.errors]
    return found


def test_datapackage_validates(bundle: Path) -> None:
    assert _errors(bundle) == []


def test_datapackage_lists_every_file(bundle: Path) -> None:
    listed = [r["path"] for r in _package(bundle)["resources"]]
    assert len(listed) == len(set(listed))
    # the package describes the data; manifest.json, written last, checksums the package itself
    on_disk = {p.name for p in bundle.iterdir()} - {"datapackage.json", "manifest.json"}
    assert set(listed) == on_disk


def test_validation_catches_a_changed_file(bundle: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(bundle, copy)
    with (copy / "countries.fgb").open("ab") as handle:
        handle.write(b"\0")  # a file that is not what the package describes
    rows = (copy / "programmes.csv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    broken = rows[1].split(",")
    broken[header.index("program_id")] = "eastern_shield"  # a duplicate primary key
    (copy / "programmes.csv").write_text("\n".join([*rows, ",".join(broken)]) + "\n")
    errors = _errors(copy)
    assert any(e.startswith("countries-fgb: hash-count") for e in errors), errors
    assert any(e.startswith("countries-fgb: byte-count") for e in errors), errors
    assert any(e.startswith("programmes-csv:") for e in errors), errors


def test_tables_carry_the_data_dictionary(bundle: Path) -> None:
    resources = {r["name"]: r for r in _package(bundle)["resources"]}
    for name, documented in FIELDS.items():
        resource = resources.get(f"{name}-csv")
        if resource is None:
            assert name.startswith("annotations"), name
            continue
        assert resource["title"] == LAYER_INFO[name].title
        header = (bundle / f"{name}.csv").read_text(encoding="utf-8").split("\n", 1)[0]
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == header.split(",")
        for field in fields:
            if field["name"] == "geometry":
                continue
            about = documented[field["name"]]
            assert field["title"] == about.alias and field["description"] == about.meaning
            if about.unit == "km":
                assert field["unit"] == "km" and field["type"] == "number"
    assert resources["programmes-csv"]["schema"]["primaryKey"] == ["program_id"]
    foreign = resources["baltic_defence_line-csv"]["schema"]["foreignKeys"]
    targets = {(f["fields"], f["reference"]["resource"]) for f in foreign}
    assert ("segment_id", "programme_segments-csv") in targets
    assert ("program_id", "programmes-csv") in targets


def test_licences_version_and_date(bundle: Path, layers: Layers) -> None:
    package = _package(bundle)
    assert package["version"] == geo.__version__
    assert layers.data_as_of is not None
    assert package["shieldmap:data_as_of"] == layers.data_as_of.isoformat()
    names = [licence["name"] for licence in package["licenses"]]
    assert names == ["CC-BY-4.0", "other-pd"]  # facts, then Natural Earth's public domain
    for resource in package["resources"]:
        own = [licence["name"] for licence in resource["licenses"]]
        assert own[0] == "CC-BY-4.0", resource["name"]
        spatial = resource["path"] == "shieldmap.gpkg" or resource["format"] in (
            "geojson",
            "fgb",
            "parquet",
        )
        if resource["path"] in ("countries.csv", "borders.csv"):
            spatial = True
        if spatial:
            assert own == ["CC-BY-4.0", "other-pd"], resource["name"]
        if resource["path"] in ("sources.csv", "programmes.csv", "README.md"):
            assert own == ["CC-BY-4.0"], resource["name"]


def test_bundle_carries_the_citation_file(bundle: Path) -> None:
    assert (bundle / "CITATION.cff").read_text(encoding="utf-8") == citation.cff_text()
    readme = (bundle / "README.md").read_text(encoding="utf-8")
    assert "## How to cite" in readme and citation.citation().split(".")[0] in readme
    assert f"Version **{geo.__version__}**" in readme


def test_a_smaller_bundle_describes_only_its_files(layers: Layers, tmp_path: Path) -> None:
    export.write_bundle(layers, tmp_path, formats=("geojson",))
    listed = {r["path"] for r in _package(tmp_path)["resources"]}
    assert listed == {p.name for p in tmp_path.iterdir()} - {"datapackage.json", "manifest.json"}
    assert not any(path.endswith(".csv") for path in listed)
    assert _errors(tmp_path) == []
