"""The GeoPackage and project opened in real QGIS (Debian's python3-qgis, run headless):
every layer valid, styled, labelled and documented, the project readable.

QGIS's Python bindings belong to Debian's own Python, so the check runs there in a subprocess.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import geo
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


RENDER = Path(__file__).parent / "qgis" / "render_project.py"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    """The project's opening view rendered by QGIS: every layer, and the borders alone."""
    out = tmp_path_factory.mktemp("render")
    countries, source = load_countries()
    write_bundle(build_layers(countries, source, load_seeds()), out, formats=("gpkg",))
    run = subprocess.run(
        [
            SYSTEM_PYTHON,
            str(RENDER),
            str(out / "shieldmap.qgs"),
            "borders",
            str(out / "all.png"),
            str(out / "borders.png"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(run.stdout.strip().splitlines()[-1]), out


def _pixels(path: Path, colour: str) -> int:
    """Pixels within a small distance of ``colour`` (#RRGGBB) in a rendered PNG."""
    image = np.asarray(Image.open(path).convert("RGB")).astype(int)
    target = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(image - target).sum(axis=2) < 40).sum())


@pytest.mark.parametrize("name", ["border.rus", "border.blr"])
def test_borders_stay_visible_under_the_programme_bands(
    rendered: tuple[dict, Path], name: str
) -> None:
    report, out = rendered
    assert 3e6 < report["scale"] < 6e6  # the saved opening view, about 1:4.8M
    colour = style.symbol(name).color  # type: ignore[union-attr]
    alone = _pixels(out / "borders.png", colour)
    assert alone > 500
    # the bands lie under the borders: (nearly) every border pixel survives the full map
    assert _pixels(out / "all.png", colour) >= 0.8 * alone


def test_border_and_programme_labels_sit_on_either_side(rendered: tuple[dict, Path]) -> None:
    layers = rendered[0]["layers"]
    half_band = max(
        style.symbol(n).width * style.MM_PER_PX / 2  # type: ignore[union-attr]
        for n in ("program.eastern_shield", "program.baltic_defence_line")
    )
    above, below = 2 | 8, 4 | 8  # QGIS line flags, "above" meaning north on the map
    for name, side in (("borders", above), ("eastern_shield", below), ("suwalki_gap", above)):
        for label in layers[name]["labels"]:
            assert label["flags"] == side, name
            assert label["dist"] > half_band, name  # clear of the band
            assert not label["per_part"] and label["repeat"] == 0, name  # one per feature
    assert not any(label["merge"] for label in layers["borders"]["labels"])
    priorities = {n: max(x["priority"] for x in layers[n]["labels"]) for n in layers}
    assert priorities["borders"] > priorities["eastern_shield"] > priorities["countries"]
    assert all(x["obstacle"] for n in ("borders", "places") for x in layers[n]["labels"])


def test_layers_of_the_1_10m_source_hide_when_zoomed_in_too_far(
    rendered: tuple[dict, Path],
) -> None:
    layers = rendered[0]["layers"]
    for name in ("countries", "borders", "eastern_shield", "baltic_defence_line", "places"):
        assert layers[name]["scale_limited"], name
        assert layers[name]["max_scale"] == 1_000_000, name  # a tenth of 1:10,000,000
