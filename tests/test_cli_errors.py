"""The error catalogue: every bad input or impossible output gives exit 1 and one line on stderr
starting ``Error:`` that names the problem, with no traceback and nothing written; usage errors
give exit 2 with click's usage message."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from click.testing import Result
from conftest import error_line, run, usage_error, write_layer

from geo.seeds import default_seeds_dir

pytestmark = [pytest.mark.realdata, pytest.mark.usefixtures("cached_embedded")]

NEEDED = ("POL", "LTU", "LVA", "EST", "BLR", "RUS")


def layers(out: Path, *before: str, fmt: str = "csv") -> Result:
    """``shieldmap [before...] layers -o out --format fmt``."""
    return run(*before, "layers", "-o", str(out), "--format", fmt)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(default_seeds_dir(), folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def annotations(tmp_path: Path, text: str, name: str = "notes.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def needed_countries(ne_countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The embedded countries the tool needs, under a field name it guesses (ISO_A3)."""
    frame = ne_countries[ne_countries["iso3"].isin(NEEDED)].rename(columns={"iso3": "ISO_A3"})
    return frame.reset_index(drop=True)


# --------------------------------------------------------------------------- the control case


def test_good_inputs_write_the_layers(out: Path) -> None:
    result = layers(out)
    assert result.exit_code == 0, result.stderr
    assert (out / "borders.csv").is_file()


# --------------------------------------------------------------------------- seeds


def test_malformed_seed_yaml(seeds: Path, out: Path) -> None:
    edit(seeds / "countries.yaml", "focus: true", "focus: [true")
    line = error_line(layers(out, "--seeds", str(seeds)))
    assert "problem" in line and "in seeds: countries.yaml: line " in line
    assert "malformed YAML" in line
    assert not out.exists()


def test_unknown_seed_key_suggests_the_right_one(seeds: Path, out: Path) -> None:
    edit(seeds / "countries.yaml", "capital: warsaw", "capitol: warsaw")
    line = error_line(layers(out, "--seeds", str(seeds)))
    assert "countries.yaml: countries[0]: unknown key 'capitol' (did you mean 'capital'?)" in line
    assert not out.exists()


def test_wrong_seed_type(seeds: Path, out: Path) -> None:
    edit(seeds / "countries.yaml", "focus: true", 'focus: "yes"')
    line = error_line(layers(out, "--seeds", str(seeds)))
    assert "countries.yaml: countries[0].focus: expected true or false, got 'yes' (str)" in line
    assert not out.exists()


def test_impossible_seed_date(seeds: Path, out: Path) -> None:
    edit(seeds / "countries.yaml", "date: 1997-12-04", "date: 2025-02-30")
    line = error_line(layers(out, "--seeds", str(seeds)))
    assert "countries.yaml: line " in line
    assert "expected a date YYYY-MM-DD, got '2025-02-30'" in line
    assert not out.exists()


def test_unknown_iso_code_in_seeds(seeds: Path, out: Path) -> None:
    edit(seeds / "places.yaml", "iso3: POL", "iso3: XYZ")
    line = error_line(layers(out, "--seeds", str(seeds)))
    assert line == (
        "Error: 1 problem in seeds: places.yaml: places[0].iso3: "
        "unknown ISO 3166-1 alpha-3 code 'XYZ'"
    )
    assert not out.exists()


def test_missing_seed_file(seeds: Path, out: Path) -> None:
    (seeds / "places.yaml").unlink()
    line = error_line(layers(out, "--seeds", str(seeds)))
    assert "places.yaml: file not found" in line
    assert not out.exists()


def test_missing_seed_folder(tmp_path: Path, out: Path) -> None:
    line = error_line(layers(out, "--seeds", str(tmp_path / "nowhere")))
    assert "seed folder" in line and "does not exist" in line
    assert not out.exists()


def test_seeds_folder_that_is_a_file_is_a_usage_error(tmp_path: Path, out: Path) -> None:
    file = tmp_path / "seeds.yaml"
    file.write_text("x: 1\n", encoding="utf-8")
    message = usage_error(layers(out, "--seeds", str(file)))
    assert "Invalid value for '--seeds'" in message and "is a file" in message
    assert not out.exists()


# --------------------------------------------------------------------------- annotations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "annotations:\n  - label: x\n    point: []\n",
            "notes.yaml: annotations[0].point: empty geometry",
        ),
        (
            "annotations:\n  - label: x\n    line: []\n",
            "notes.yaml: annotations[0].line: empty geometry",
        ),
        (
            "annotations:\n  - label: x\n    line: [[23, 54], [24, 55], [24, 54], [23, 55]]\n",
            "notes.yaml: annotations[0].line: self-intersecting line",
        ),
        (
            "annotations:\n  - lable: x\n    point: [23, 54]\n",
            "unknown key 'lable' (did you mean 'label'?)",
        ),
        (
            "annotations:\n  - label: x\n    point: [200, 54]\n",
            "expected lon from -180 to 180 and lat from -90 to 90, got [200, 54]",
        ),
        ("annotations:\n  - label: x\n    point: [23, 54\n", "notes.yaml: line "),
        (
            "annotations:\n  - label: x\n    area: [[23, 54], [24, 55], [24, 54], [23, 55]]\n",
            "notes.yaml: annotations[0].area: invalid area (self-intersection)",
        ),
        (
            "annotations:\n  - label: x\n    point: [23, 54]\n    marker: star\n",
            "annotations[0].marker: expected one of dot, square, triangle, cross, got 'star'",
        ),
        (
            "annotations:\n  - label: x\n    point: [23, 54]\n    color: vermilion\n",
            "(did you mean 'vermillion'?)",
        ),
        (
            "annotations:\n  - label: x\n    point: [23, 54]\n    url: www.strazgraniczna.pl\n",
            "expected a URL starting with https://, got 'www.strazgraniczna.pl'; write "
            "'https://www.strazgraniczna.pl'",
        ),
        (
            "annotations:\n  - label: x\n    line: [[23, 54], [24, 54]]\n    marker: dot\n",
            "'marker' is for points, not for a line; remove it",
        ),
        (
            "annotations:\n  - label: x\n    note: {en: a line, not real data}\n"
            "    point: [23, 54]\n",
            "a text that holds a comma must be in quotes",
        ),
    ],
)
def test_bad_annotations(tmp_path: Path, out: Path, text: str, expected: str) -> None:
    notes = annotations(tmp_path, text)
    line = error_line(layers(out, "--annotations", str(notes)))
    assert line.startswith("Error: ") and "in annotations: " in line
    assert expected in line
    assert not out.exists()


def test_geojson_annotations_with_a_null_geometry(tmp_path: Path, out: Path) -> None:
    data = {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": None}]}
    notes = annotations(tmp_path, json.dumps(data), "notes.geojson")
    line = error_line(layers(out, "--annotations", str(notes)))
    assert "notes.geojson: features[0].geometry: empty geometry" in line
    assert not out.exists()


def test_geojson_annotations_malformed(tmp_path: Path, out: Path) -> None:
    notes = annotations(tmp_path, '{"type": "FeatureCollection",', "notes.geojson")
    line = error_line(layers(out, "--annotations", str(notes)))
    assert "notes.geojson: line 1: malformed JSON" in line
    assert not out.exists()


def test_missing_annotations_file(tmp_path: Path, out: Path) -> None:
    line = error_line(layers(out, "--annotations", str(tmp_path / "absent.yaml")))
    assert "absent.yaml: file not found" in line
    assert "--annotations" in line
    assert not out.exists()


def test_annotations_directory_instead_of_a_file(tmp_path: Path, out: Path) -> None:
    line = error_line(layers(out, "--annotations", str(tmp_path)))
    assert f"{tmp_path.name}: expected a file, got a directory" in line
    assert not out.exists()


# --------------------------------------------------------------------------- boundaries


def test_projected_boundary_file_is_reprojected(
    tmp_path: Path, out: Path, needed_countries: gpd.GeoDataFrame
) -> None:
    path = write_layer(needed_countries.to_crs("EPSG:3035"), tmp_path / "laea.gpkg")
    result = run("--boundaries", str(path), "borders", "--json")
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    rows = json.loads(result.stdout)
    by_pair = {(r["pair"], r.get("region") or ""): r["length_km"] for r in rows}
    # The embedded data measures POL-BLR at 340.1 km; the reprojected copy must agree.
    assert by_pair[("POL-BLR", "")] == pytest.approx(340.1, rel=0.01)
    result = layers(out, "--boundaries", str(path))
    assert result.exit_code == 0, result.stderr
    assert (out / "borders.csv").is_file()


def test_boundary_file_without_crs(
    tmp_path: Path, out: Path, needed_countries: gpd.GeoDataFrame
) -> None:
    frame = needed_countries.set_crs(None, allow_override=True)
    # GeoJSON always means WGS84; a shapefile without .prj is the usual CRS-less file.
    path = write_layer(frame, tmp_path / "nocrs.shp")
    line = error_line(layers(out, "--boundaries", str(path)))
    assert "has no coordinate reference system" in line
    assert "CRS" in line
    assert not out.exists()


def test_missing_boundary_file(tmp_path: Path, out: Path) -> None:
    line = error_line(layers(out, "--boundaries", str(tmp_path / "absent.gpkg")))
    assert line.startswith("Error: boundary file not found: ")
    assert "absent.gpkg" in line
    assert not out.exists()


def test_boundary_directory_instead_of_a_file(tmp_path: Path, out: Path) -> None:
    line = error_line(layers(out, "--boundaries", str(tmp_path)))
    assert line == (
        f"Error: expected a boundary file, got a directory: {tmp_path}; name the file inside it"
    )
    assert not out.exists()


def test_boundary_file_that_gdal_cannot_read(tmp_path: Path, out: Path) -> None:
    path = tmp_path / "countries.gpkg"
    path.write_text("not a GeoPackage\n", encoding="utf-8")
    line = error_line(layers(out, "--boundaries", str(path)))
    assert line.startswith(f"Error: cannot read boundary file {path}: ")
    assert not out.exists()


def test_boundary_file_lacking_a_country(
    tmp_path: Path, out: Path, needed_countries: gpd.GeoDataFrame
) -> None:
    frame = needed_countries[needed_countries["ISO_A3"] != "BLR"]
    path = write_layer(frame, tmp_path / "no_blr.gpkg")
    line = error_line(layers(out, "--boundaries", str(path)))
    assert "lacks required countries BLR" in line
    assert not out.exists()


def shrunk(frame: gpd.GeoDataFrame, codes: tuple[str, ...]) -> gpd.GeoDataFrame:
    """``frame`` with the countries ``codes`` shrunk by 0.3° (tens of km) from their borders."""
    out = frame.copy()
    chosen = out["ISO_A3"].isin(codes)
    out.loc[chosen, "geometry"] = shapely.buffer(out.loc[chosen].geometry.to_numpy(), -0.3)
    return out


def test_boundary_file_whose_countries_do_not_meet(
    tmp_path: Path, out: Path, needed_countries: gpd.GeoDataFrame
) -> None:
    """Every country present, none touching: no border to measure, one line, nothing written."""
    path = write_layer(shrunk(needed_countries, NEEDED), tmp_path / "apart.gpkg")
    for command in (
        layers(out, "--boundaries", str(path)),
        run("--boundaries", str(path), "borders"),
    ):
        line = error_line(command)
        assert "no border between Poland, Lithuania, Latvia or Estonia" in line
        assert "--tolerance" in line
    assert not out.exists()


def test_boundary_file_where_one_state_has_no_border(
    tmp_path: Path, out: Path, needed_countries: gpd.GeoDataFrame
) -> None:
    """Estonia shrunk away from Russia: the rest is built, with one warning naming it."""
    path = write_layer(shrunk(needed_countries, ("EST",)), tmp_path / "shrunk.gpkg")
    result = run("--boundaries", str(path), "borders")
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "no border" in line]
    assert warnings == [
        "WARNING: no border with Russia or Belarus found for EST: those borders are left out "
        "of the layers and maps; check the boundary file's polygons there"
    ]
    assert "EST-RUS" not in result.stdout and "LVA-RUS" in result.stdout


def test_unknown_iso_field(tmp_path: Path, out: Path, needed_countries: gpd.GeoDataFrame) -> None:
    path = write_layer(needed_countries, tmp_path / "countries.gpkg")
    line = error_line(layers(out, "--boundaries", str(path), "--iso-field", "ISO_X"))
    assert "has no field 'ISO_X'" in line and "ISO_A3" in line
    assert not out.exists()


# --------------------------------------------------------------------------- outputs


def test_output_folder_under_a_regular_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("keep me", encoding="utf-8")
    line = error_line(layers(blocker / "sub"))
    assert line.startswith(f"Error: cannot write into {blocker / 'sub'}: ")
    assert "-o" in line
    assert blocker.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_output_folder_that_is_a_regular_file(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("keep me", encoding="utf-8")
    line = error_line(layers(target))
    assert "expected an output folder, got a file" in line
    assert target.read_text(encoding="utf-8") == "keep me"


def test_a_failed_run_leaves_the_previous_output_as_it_was(seeds: Path, out: Path) -> None:
    assert layers(out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    edit(seeds / "countries.yaml", "focus: true", "focus: [true")
    error_line(layers(out, "--seeds", str(seeds)))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


# --------------------------------------------------------------------------- usage errors


def test_unknown_format(out: Path) -> None:
    message = usage_error(layers(out, fmt="shp"))
    assert "Invalid value for '--format'" in message
    assert "expected formats from gpkg, geojson, fgb, parquet, csv" in message
    assert "got shp" in message
    assert not out.exists()


def test_unknown_crs(out: Path) -> None:
    message = usage_error(run("layers", "-o", str(out), "--crs", "EPSG:999999999"))
    assert "Invalid value for '--crs'" in message
    assert not out.exists()


def test_negative_tolerance(out: Path) -> None:
    message = usage_error(run("--tolerance", "-1", "layers", "-o", str(out)))
    assert "Invalid value for '--tolerance'" in message
    assert not out.exists()


def test_unknown_command() -> None:
    message = usage_error(run("frobnicate"))
    assert "No such command 'frobnicate'" in message


def test_unknown_option(out: Path) -> None:
    message = usage_error(run("layers", "-o", str(out), "--colour", "red"))
    assert "No such option" in message and "--colour" in message
    assert not out.exists()
