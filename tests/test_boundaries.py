"""load_countries on user files written into tmp_path: formats, code fields, CRSs, bad inputs."""

from __future__ import annotations

import logging
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from conftest import LAT0, LON0, SIDE, square, synthetic_countries, write_layer
from shapely.geometry import MultiPolygon, Polygon, box

from geo.boundaries import REQUIRED_ISO3, load_countries
from geo.errors import BoundaryError, ShieldmapError

ISO2 = {"POL": "PL", "LTU": "LT", "LVA": "LV", "EST": "EE", "BLR": "BY", "RUS": "RU"}


def _frame(
    codes: dict[str, Polygon], field: str = "ISO3", crs: str | None = "EPSG:4326"
) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {field: list(codes), "NAME": [f"Country {c}" for c in codes]},
        geometry=list(codes.values()),
        crs=crs,
    )


def test_geopackage_with_iso3_field(tmp_path: Path) -> None:
    shapes = synthetic_countries()
    path = write_layer(_frame(shapes), tmp_path / "countries.gpkg")
    for iso_field in ("ISO3", None):  # named, and guessed
        countries, source = load_countries(path, iso_field=iso_field)
        assert list(countries.columns) == ["iso3", "name", "geometry"]
        assert list(countries["iso3"]) == sorted(REQUIRED_ISO3)
        assert countries.crs.equals("EPSG:4326")
        by_code = countries.set_index("iso3")
        assert by_code.loc["POL", "name"] == "Country POL"
        assert by_code.loc["LTU", "geometry"].hausdorff_distance(shapes["LTU"]) < 1e-9
        assert source.path == str(path)
        assert source.name == "countries.gpkg"


def test_geojson_with_cntr_id_iso2_and_eurostat_el(tmp_path: Path) -> None:
    shapes = {ISO2[code]: geom for code, geom in synthetic_countries().items()}
    shapes["EL"] = square(0, -3)  # Eurostat's code for Greece
    shapes["UK"] = square(1, -3)  # ... and for the United Kingdom
    path = write_layer(_frame(shapes, field="CNTR_ID"), tmp_path / "gisco.geojson")
    for iso_field in ("CNTR_ID", None):
        countries, _ = load_countries(path, iso_field=iso_field, required=(*REQUIRED_ISO3, "GRC"))
        assert set(countries["iso3"]) == {*REQUIRED_ISO3, "GRC", "GBR"}
        by_code = countries.set_index("iso3")
        assert by_code.loc["GRC", "geometry"].hausdorff_distance(square(0, -3)) < 1e-9
        assert by_code.loc["BLR", "name"] == "Country BY"


def test_projected_file_is_reprojected(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    shapes = synthetic_countries()
    frame = _frame(shapes).to_crs("EPSG:3035")
    assert frame.total_bounds[0] > 1e5  # metres, not degrees
    path = write_layer(frame, tmp_path / "laea.gpkg")
    with caplog.at_level(logging.INFO, logger="geo.boundaries"):
        countries, _ = load_countries(path)
    assert countries.crs.equals("EPSG:4326")
    for code, geom in shapes.items():
        back = countries.set_index("iso3").loc[code, "geometry"]
        assert back.hausdorff_distance(geom) < 1e-7, code  # about 1 cm
    assert "reprojecting boundaries from EPSG:3035" in caplog.text


@pytest.mark.parametrize("suffix", [".gpkg", ".shp", ".fgb"])
def test_file_without_crs_is_refused(tmp_path: Path, suffix: str) -> None:
    path = write_layer(_frame(synthetic_countries(), crs=None), tmp_path / f"nocrs{suffix}")
    with pytest.raises(BoundaryError, match="no coordinate reference system") as info:
        load_countries(path)
    assert "CRS" in str(info.value)
    assert str(path) in str(info.value)


def test_missing_iso_field_names_it_and_lists_the_fields(tmp_path: Path) -> None:
    path = write_layer(_frame(synthetic_countries(), field="CODE"), tmp_path / "c.gpkg")
    with pytest.raises(BoundaryError) as info:
        load_countries(path, iso_field="ISO3")
    message = str(info.value)
    assert "'ISO3'" in message
    assert "CODE" in message and "NAME" in message  # the fields the file does have
    assert "--iso-field" in message


def test_no_guessable_code_field(tmp_path: Path) -> None:
    path = write_layer(_frame(synthetic_countries(), field="CODE"), tmp_path / "c.gpkg")
    with pytest.raises(BoundaryError, match="no country-code field"):
        load_countries(path)


def test_file_lacking_poland_names_pol(tmp_path: Path) -> None:
    shapes = synthetic_countries()
    del shapes["POL"]
    path = write_layer(_frame(shapes), tmp_path / "nopol.gpkg")
    with pytest.raises(BoundaryError, match=r"lacks required countries POL;"):
        load_countries(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BoundaryError, match="boundary file not found"):
        load_countries(tmp_path / "nowhere.gpkg")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(BoundaryError, match="got a directory"):
        load_countries(tmp_path)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("notes.txt", "these are not borders\n"),
        ("table.csv", "iso3,name\nPOL,Poland\n"),  # GDAL reads it, as a table without geometry
        ("broken.geojson", '{"type": "FeatureCollection", "features": ['),
        ("fake.gpkg", "not a database"),
        ("empty.shp", ""),
    ],
)
def test_non_geo_file_is_a_boundary_error(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(BoundaryError) as info:
        load_countries(path)
    assert isinstance(info.value, ShieldmapError)
    assert str(path) in str(info.value)


def test_bow_tie_is_repaired_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    shapes: dict[str, Polygon] = dict(synthetic_countries())
    x, y = LON0, LAT0
    # A self-intersecting ring: the two diagonals of Poland's square cross at its centre.
    bow_tie = Polygon([(x, y), (x + SIDE, y + SIDE), (x + SIDE, y), (x, y + SIDE)])
    assert not bow_tie.is_valid
    shapes["POL"] = bow_tie
    path = write_layer(_frame(shapes), tmp_path / "bowtie.gpkg")
    with caplog.at_level(logging.WARNING, logger="geo.boundaries"):
        countries, _ = load_countries(path)
    pol = countries.set_index("iso3").loc["POL", "geometry"]
    assert pol.is_valid
    assert isinstance(pol, MultiPolygon) and len(pol.geoms) == 2  # two triangles
    assert pol.area == pytest.approx(SIDE * SIDE / 2)
    assert countries.geometry.is_valid.all()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "repaired invalid geometries" in warnings[0].getMessage()
    assert "POL" in warnings[0].getMessage()


def test_valid_file_logs_no_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = write_layer(_frame(synthetic_countries()), tmp_path / "ok.gpkg")
    with caplog.at_level(logging.WARNING, logger="geo.boundaries"):
        load_countries(path)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_rows_of_one_country_are_dissolved(tmp_path: Path) -> None:
    frame = _frame(synthetic_countries())
    extra = _frame({"POL": box(LON0, LAT0 - SIDE, LON0 + SIDE, LAT0)})
    path = write_layer(
        gpd.GeoDataFrame(pd.concat([frame, extra], ignore_index=True), crs=4326),
        tmp_path / "m.gpkg",
    )
    countries, _ = load_countries(path)
    assert list(countries["iso3"]).count("POL") == 1
    pol = countries.set_index("iso3").loc["POL", "geometry"]
    assert pol.area == pytest.approx(2 * SIDE * SIDE)


def test_rows_with_unusable_codes_are_named_in_one_warning(tmp_path: Path) -> None:
    """Redteam I9: a row whose code is no country code was dropped without a word."""
    from click.testing import CliRunner

    from geo.cli.main import cli

    frame = _frame(synthetic_countries())
    extra = gpd.GeoDataFrame(
        {"ISO3": ["<script>", "-99", None], "NAME": ["Bad one", "Disputed", "Sea"]},
        geometry=[square(0, 6)] * 3,
        crs="EPSG:4326",
    )
    path = write_layer(pd.concat([frame, extra], ignore_index=True), tmp_path / "codes.gpkg")
    result = CliRunner().invoke(cli, ["--boundaries", str(path), "borders", "--json"])
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "unusable" in line]
    assert len(warnings) == 1, result.stderr
    line = warnings[0]
    assert "ignored 2 row(s)" in line
    assert "'<script>'" in line and "'Bad one'" in line
    assert "'-99'" in line and "'Disputed'" in line
    assert "Sea" not in line  # a row without any code is left out quietly
    assert "--iso-field" in line
