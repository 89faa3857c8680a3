"""The GeoPackage and project opened in real QGIS (Debian's python3-qgis, run headless):
every layer valid, styled, labelled and documented, the project readable.

QGIS's Python bindings belong to Debian's own Python, so the check runs there in a subprocess.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from geo import style
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


def test_qgis_draws_borders_and_programmes_as_the_web_maps_do(seen: dict) -> None:
    """The colours, widths and dashes QGIS read are geo/style.py's, the table the web maps use."""
    pairs = {
        ("borders", "RUS"): "border.rus",
        ("borders", "BLR"): "border.blr",
        ("eastern_shield", ""): "program.eastern_shield",
        ("baltic_defence_line", ""): "program.baltic_defence_line",
        ("suwalki_gap", "pl_lt_border"): "border.pol_ltu",
        ("suwalki_gap", "kaliningrad_belarus_shortest"): "gap",
    }
    for (layer, value), name in pairs.items():
        drawn = seen["layers"][layer]["symbols"][value]
        line = style.symbol(name)
        assert isinstance(line, style.Line)
        assert drawn["color"] == line.color.upper(), (layer, value)
        assert drawn["width"] == pytest.approx(line.width * style.MM_PER_PX, abs=0.01)
        assert drawn["dash"] == pytest.approx([d * style.MM_PER_PX for d in line.dash], abs=0.01)


def test_qgis_reads_the_project(seen: dict) -> None:
    project = seen["project"]
    assert project["read"] is True
    assert project["crs"] == "EPSG:3035"
    assert len(project["layers"]) == len(LAYER_ORDER)
    assert all(valid for _, valid in project["layers"])
