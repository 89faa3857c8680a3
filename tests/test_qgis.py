"""The GeoPackage and project opened in real QGIS (Debian's python3-qgis, run headless):
every layer valid, styled, labelled and documented, the project readable.

QGIS's Python bindings belong to Debian's own Python, so the check runs there in a subprocess.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

import geo
from geo.boundaries import load_countries
from geo.datadict import LAYER_INFO
from geo.export import write_bundle
from geo.layers import LAYER_ORDER, build_layers
from geo.seeds import load_seeds

SYSTEM_PYTHON = "/usr/bin/python3"
SCRIPT = Path(__file__).parent / "qgis" / "inspect_bundle.py"
SPATIAL = ("countries", "borders", "eastern_shield", "baltic_defence_line", "suwalki_gap", "places")


def _has_qgis() -> bool:
    try:
        probe = subprocess.run(
            [SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


pytestmark = [
    pytest.mark.qgis,
    pytest.mark.skipif(not _has_qgis(), reason="Debian's python3-qgis is not installed"),
]


@pytest.fixture(scope="module")
def seen(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("bundle")
    countries, source = load_countries()
    write_bundle(build_layers(countries, source, load_seeds()), out, formats=("gpkg",))
    run = subprocess.run(
        [
            SYSTEM_PYTHON,
            str(SCRIPT),
            str(out / "shieldmap.gpkg"),
            str(out / "shieldmap.qgs"),
            ",".join(LAYER_ORDER),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", LAYER_ORDER)
def test_qgis_opens_every_layer_with_its_metadata(seen: dict, name: str) -> None:
    layer = seen["layers"][name]
    assert layer["valid"] and layer["features"] > 0
    assert layer["title"] == LAYER_INFO[name].title
    assert layer["abstract"]
    assert layer["licences"]
    assert any(alias for alias in layer["aliases"])  # field aliases came from the style


@pytest.mark.parametrize("name", SPATIAL)
def test_qgis_applies_the_stored_style(seen: dict, name: str) -> None:
    layer = seen["layers"][name]
    assert layer["labels"], "labels are switched on by the stored style"
    # a layer without a stored style would come up as QGIS's random single symbol, unlabelled
    expected = "categorizedSymbol" if name in ("countries", "borders", "places") else None
    if expected:
        assert layer["renderer"] == expected


@pytest.mark.parametrize("name", LAYER_ORDER)
def test_qgis_shows_the_layer_metadata_of_the_project(seen: dict, name: str) -> None:
    # what Layer Properties > Metadata shows for the layers of shieldmap.qgs
    metadata = seen["project"]["metadata"][name]
    assert metadata["title"] == LAYER_INFO[name].title
    assert f"shieldmap {geo.__version__}" in metadata["abstract"]
    assert len(metadata["licences"]) == 2
    assert "CC-BY-4.0" in metadata["licences"][0]
    assert "Public domain" in metadata["licences"][1]
    assert any("Cite as:" in line for line in metadata["rights"])
    assert any(geo.__version__ in step for step in metadata["history"])


def test_qgis_shows_the_project_metadata(seen: dict) -> None:
    about = seen["project"]["about"]
    assert about["author"] == "shieldmap contributors"
    assert about["title"].startswith("shieldmap")
    assert geo.__version__ in about["abstract"] and "CC-BY-4.0" in about["abstract"]


def test_qgis_reads_the_project(seen: dict) -> None:
    project = seen["project"]
    assert project["read"] is True
    assert project["crs"] == "EPSG:3035"
    assert len(project["layers"]) == len(LAYER_ORDER)
    assert all(valid for _, valid in project["layers"])
