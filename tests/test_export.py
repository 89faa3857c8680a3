"""The layer bundle: data dictionary, every format round-tripped, QGIS styles, metadata and
project, determinism, and atomic replacement. Real data: built once per module."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from pyproj import CRS

import geo
from geo import export
from geo.datadict import FIELDS, LAYER_INFO, md, render_readme
from geo.errors import OutputError, ShieldmapError
from geo.layers import Layers

pytestmark = pytest.mark.realdata

SPATIAL = (
    "countries",
    "borders",
    "eastern_shield",
    "baltic_defence_line",
    "suwalki_gap",
    "places",
    "annotations_points",
    "annotations_lines",
    "annotations_areas",
)
TABLES = ("programmes", "programme_segments", "programme_notes", "sources", "events")
PUBLISHED = (*SPATIAL, *TABLES)


ANNOTATIONS = """\
annotations:
  - label: "<script>alert('x')</script> | [crossing](javascript:alert(1))"
    note: Closed to traffic since 2023
    url: https://example.org/report
    point: [23.65, 53.51]
  - label: {en: Planned ditch, pl: Planowany rów}
    line: [[23.1, 53.2], [23.5, 53.4]]
  - label: Exclusion zone
    area: [[23.4, 53.9], [23.6, 53.9], [23.6, 54.1], [23.4, 54.1]]
    color: vermillion
"""


@pytest.fixture(scope="module")
def layers(ne_countries: gpd.GeoDataFrame, tmp_path_factory: pytest.TempPathFactory) -> Layers:
    """The real layers plus a point and a line annotation (so the mixed layer is covered)."""
    from geo.annotations import load_annotations
    from geo.boundaries import NATURAL_EARTH, embedded_path
    from geo.layers import build_layers
    from geo.seeds import load_seeds

    notes = tmp_path_factory.mktemp("notes") / "notes.yaml"
    notes.write_text(ANNOTATIONS, encoding="utf-8")
    source = replace(NATURAL_EARTH, path=embedded_path())
    return build_layers(
        ne_countries.copy(), source, load_seeds(), annotations=load_annotations(notes)
    )


@pytest.fixture(scope="module")
def prepared(layers: Layers) -> dict[str, pd.DataFrame]:
    return export.prepare(layers.frames)


@pytest.fixture(scope="module")
def bundle(layers: Layers, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    export.write_bundle(layers, out)
    return out


@pytest.fixture(scope="module")
def bundle_3035(layers: Layers, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle3035")
    export.write_bundle(layers, out, crs="EPSG:3035")
    return out


def _columns(frame: pd.DataFrame) -> list[str]:
    geometry = getattr(frame, "_geometry_column_name", None)
    return [c for c in frame.columns if c != geometry]


# --------------------------------------------------------------------------- data dictionary


def test_every_column_of_every_layer_is_documented(layers: Layers) -> None:
    assert "annotations" in layers.frames
    assert set(layers.frames) <= set(FIELDS) == set(LAYER_INFO)
    for name, frame in layers.frames.items():
        assert set(_columns(frame)) == set(FIELDS[name]), name
        for column, field in FIELDS[name].items():
            assert field.alias and field.meaning, f"{name}.{column}"
            assert field.type in ("text", "integer", "real", "boolean"), f"{name}.{column}"


def test_prepare_casts_documented_types_and_sorts(prepared: dict[str, pd.DataFrame]) -> None:
    assert set(prepared) == set(PUBLISHED)  # annotations split into points and lines
    assert set(prepared["annotations_points"].geom_type) == {"Point"}
    assert set(prepared["annotations_lines"].geom_type) == {"LineString"}
    assert set(prepared["annotations_areas"].geom_type) == {"Polygon"}
    assert list(prepared["annotations_areas"]["color"]) == ["vermillion"]
    kinds = {"integer": "Int64", "real": "float64", "boolean": "bool"}
    for name, frame in prepared.items():
        for column, field in FIELDS[name].items():
            if field.type in kinds:
                assert str(frame[column].dtype) == kinds[field.type], f"{name}.{column}"
    assert list(prepared["countries"]["iso3"]) == sorted(prepared["countries"]["iso3"])
    # Both programme layers get one schema, even where one has only empty values.
    assert dict(prepared["eastern_shield"].dtypes) == dict(prepared["baltic_defence_line"].dtypes)


def test_markdown_escaping_makes_hostile_text_inert() -> None:
    text = md("<script>alert(1)</script> | [x](javascript:alert(1)) `code` *b*\nnext")
    assert "<" not in text and ">" not in text
    assert "\n" not in text
    for char in "|[]`*":
        assert all(text[i - 1] == "\\" for i, c in enumerate(text) if c == char)


def test_readme_survives_hostile_seed_text(layers: Layers) -> None:
    frames = export.prepare(layers.frames)
    hostile = "<script>alert('x')</script> | [click](javascript:alert(1)) `rm -rf`"
    sources = frames["sources"].copy()
    sources.loc[1, ["title", "publisher"]] = hostile
    sources.loc[1, "url"] = "javascript:alert(1)"
    frames["sources"] = sources
    text = render_readme(frames, layers.boundary_source, {"CSV": ["sources.csv"]}, "EPSG:4326")
    assert "<script" not in text and "<javascript" not in text
    assert not re.search(r"(?<!\\)\]\(", text)  # no live Markdown link
    table = [line for line in text.splitlines() if line.startswith("| ")]
    source_rows = [line for line in table if "alert" in line]
    assert source_rows
    # Escaped pipes do not add cells: 6 columns -> 7 unescaped bars.
    for line in source_rows:
        assert line.replace("\\|", "").count("|") == 7


def test_readme_documents_layers_sources_and_attribution(bundle: Path, layers: Layers) -> None:
    text = (bundle / "README.md").read_text(encoding="utf-8")
    assert "Boundaries: Made with Natural Earth" in text
    assert "facts: shieldmap seeds (CC-BY-4.0), see sources" in text
    for name in PUBLISHED:
        assert f"### `{name}`" in text
        for column in FIELDS[name]:
            assert f"| `{column}` |" in text
    for url in layers.frames["sources"]["url"].dropna():
        if url.startswith("http"):
            assert f"<{url}>" in text
    assert "before any simplification" in text
    assert "always WGS84" in text


# --------------------------------------------------------------------------- formats


def test_bundle_lists_every_file(bundle: Path) -> None:
    names = {p.name for p in bundle.iterdir()}
    expected = {
        "shieldmap.gpkg",
        "shieldmap.qgs",
        "README.md",
        "CITATION.cff",
        "datapackage.json",
        "manifest.json",
    }
    expected |= {f"{n}.{ext}" for n in SPATIAL for ext in ("geojson", "fgb", "parquet")}
    expected |= {f"{n}.csv" for n in SPATIAL + TABLES}
    assert names == expected  # and no staging folder left behind


@pytest.mark.parametrize("out", ["bundle", "bundle_3035"])
def test_geopackage_round_trip(
    out: str, request: pytest.FixtureRequest, prepared: dict[str, pd.DataFrame]
) -> None:
    path = request.getfixturevalue(out) / "shieldmap.gpkg"
    expected_crs = CRS.from_user_input("EPSG:3035" if out == "bundle_3035" else "EPSG:4326")
    listed = {name for name, _ in pyogrio.list_layers(path)}
    assert listed == set(PUBLISHED) | {"layer_styles"}
    for name, frame in prepared.items():
        back = pyogrio.read_dataframe(path, layer=name)
        assert len(back) == len(frame), name
        assert _columns(back) == _columns(frame), name
        if name in SPATIAL:
            assert CRS.from_user_input(back.crs).equals(expected_crs), name
        else:
            assert not isinstance(back, gpd.GeoDataFrame) or back.crs is None


@pytest.mark.parametrize("out", ["bundle", "bundle_3035"])
def test_geojson_is_wgs84_whatever_the_crs(
    out: str, request: pytest.FixtureRequest, prepared: dict[str, pd.DataFrame]
) -> None:
    folder = request.getfixturevalue(out)
    for name in SPATIAL:
        text = (folder / f"{name}.geojson").read_text(encoding="utf-8")
        assert '"crs"' not in text  # RFC 7946 has no crs member
        back = pyogrio.read_dataframe(folder / f"{name}.geojson")
        assert len(back) == len(prepared[name])
        assert _columns(back) == _columns(prepared[name])
        assert back.crs.to_epsg() == 4326
        minx, miny, maxx, maxy = back.total_bounds
        assert -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90


@pytest.mark.parametrize(("out", "epsg"), [("bundle", 4326), ("bundle_3035", 3035)])
def test_flatgeobuf_and_geoparquet_round_trip(
    out: str, epsg: int, request: pytest.FixtureRequest, prepared: dict[str, pd.DataFrame]
) -> None:
    folder = request.getfixturevalue(out)
    for name in SPATIAL:
        for back in (
            pyogrio.read_dataframe(folder / f"{name}.fgb"),
            gpd.read_parquet(folder / f"{name}.parquet"),
        ):
            assert len(back) == len(prepared[name]), name
            assert _columns(back) == _columns(prepared[name]), name
            assert back.crs.to_epsg() == epsg, name


def test_csv_round_trip_with_wkt_in_wgs84(
    bundle_3035: Path, prepared: dict[str, pd.DataFrame]
) -> None:
    for name, frame in prepared.items():
        back = pd.read_csv(bundle_3035 / f"{name}.csv", keep_default_na=False)
        assert len(back) == len(frame), name
        if name in SPATIAL:
            assert list(back.columns) == [*_columns(frame), "geometry"]
            # WKT only where it fits a spreadsheet cell; a longer one is a note naming the
            # GeoJSON (geo.csvout)
            notes = back["geometry"].str.startswith("(geometry of ")
            assert back.loc[notes, "geometry"].str.contains(f"see {name}.geojson").all()
            assert (back["geometry"].str.len() <= 32_767).all(), name
            geoms = shapely.from_wkt(back.loc[~notes, "geometry"])
            minx, miny, maxx, maxy = shapely.total_bounds(geoms)
            assert -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
            assert not back["geometry"].str.contains(r"\.\d{7,}").any()  # 6 decimals at most
        else:
            assert list(back.columns) == _columns(frame)


# --------------------------------------------------------------------------- GeoPackage extras


def _query(path: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_layer_styles_meet_qgis_conditions(bundle: Path, prepared: dict[str, pd.DataFrame]) -> None:
    path = bundle / "shieldmap.gpkg"
    geometry_columns = dict(
        _query(path, "SELECT table_name, column_name FROM gpkg_geometry_columns")  # type: ignore[arg-type]
    )
    rows = _query(
        path,
        "SELECT f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleQML, "
        "useAsDefault FROM layer_styles",
    )
    assert sorted(r[2] for r in rows) == sorted(PUBLISHED)  # one row, one default, per layer
    for catalog, schema, table, geometry_column, qml, default in rows:
        assert catalog == "" and schema == ""
        assert geometry_column == geometry_columns.get(table, "")
        assert default == 1
        root = ET.fromstring(str(qml))
        assert root.tag == "qgis"
        columns = _columns(prepared[str(table)])
        assert {a.get("field") for a in root.iter("alias")} == set(columns)
        if table in SPATIAL:
            renderer = root.find("renderer-v2")
            assert renderer is not None
            if renderer.get("type") == "categorizedSymbol":
                assert renderer.get("attr") in columns
                values = {c.get("value") for c in renderer.iter("category")}
                assert set(prepared[str(table)][renderer.get("attr")]) <= values
            assert root.get("labelsEnabled") == "1"
    assert geometry_columns == dict.fromkeys(SPATIAL, "geom")


def test_line_styles_differ_in_colour_and_dash(bundle: Path) -> None:
    rows = _query(bundle / "shieldmap.gpkg", "SELECT f_table_name, styleQML FROM layer_styles")
    seen = []
    casings = set()
    for table, qml in rows:
        for symbol in ET.fromstring(str(qml)).iter("symbol"):
            *under, layer = symbol.findall("layer")  # the line itself is the top layer
            if under:
                casings.add(table)
                below = {p.get("k"): p.get("v") for p in under[0].iter("prop")}
                top = {p.get("k"): p.get("v") for p in layer.iter("prop")}
                assert float(below["line_width"]) > float(top["line_width"])
                assert (under[0].get("pass"), layer.get("pass")) == ("0", "1")
            if layer.get("class") == "SimpleLine":
                props = {p.get("k"): p.get("v") for p in layer.iter("prop")}
                custom = props["use_custom_dash"] == "1"
                dash = props["customdash"] if custom else props["line_style"]
                seen.append((table, props["line_color"], (dash, props["line_width"])))
    by_table = {t for t, _, _ in seen}
    assert {"borders", "eastern_shield", "baltic_defence_line", "suwalki_gap"} <= by_table
    story = ("borders", "eastern_shield", "baltic_defence_line", "suwalki_gap")
    colours = [c for t, c, _ in seen if t in story]
    assert len(set(colours)) == len(colours)
    assert len(set(seen)) == len(seen)  # a newsroom's annotations look different again
    # a programme runs along a border: the two must differ in dash or width, not colour alone
    programme_looks = {s for t, _, s in seen if t in ("eastern_shield", "baltic_defence_line")}
    border_looks = {s for t, _, s in seen if t == "borders"}
    assert len(programme_looks) == 2 and not programme_looks & border_looks
    assert "borders" in casings  # a white casing lifts each border off the band beneath


def test_qgis_metadata_references_every_layer(bundle: Path) -> None:
    path = bundle / "shieldmap.gpkg"
    rows = _query(
        path,
        "SELECT r.reference_scope, r.table_name, r.column_name, m.md_scope, m.md_standard_uri, "
        "m.mime_type, m.metadata FROM gpkg_metadata_reference r "
        "JOIN gpkg_metadata m ON m.id = r.md_file_id",
    )
    assert sorted(r[1] for r in rows) == sorted(PUBLISHED)
    for scope, table, column, md_scope, uri, mime, xml in rows:
        assert (scope, column, md_scope, uri, mime) == (
            "table",
            None,
            "dataset",
            "http://mrcc.com/qgis.dtd",
            "text/xml",
        )
        root = ET.fromstring(str(xml))
        assert root.findtext("title") == LAYER_INFO[str(table)].title
        assert root.findtext("abstract") and root.findtext("rights")
        licences = [e.text or "" for e in root.findall("license")]
        assert len(licences) == 2
        assert licences[0].startswith("Facts: Creative Commons Attribution 4.0")
        assert licences[1].startswith("Boundaries: Public domain (Natural Earth")
        assert f"shieldmap {geo.__version__}" in str(root.findtext("abstract"))
        assert "Cite as: shieldmap contributors" in str(root.findtext("rights"))
        assert root.findtext("contact/name") == "shieldmap contributors"
        assert root.findall("history") and root.find("links/link") is not None
        assert root.findtext("crs/spatialrefsys/authid") == "EPSG:4326"
    extensions = _query(
        path, "SELECT table_name, extension_name FROM gpkg_extensions WHERE column_name IS NULL"
    )
    assert set(extensions) == {
        ("gpkg_metadata", "gpkg_metadata"),
        ("gpkg_metadata_reference", "gpkg_metadata"),
    }


def test_contents_have_identifier_and_description_and_version_1_2(bundle: Path) -> None:
    path = bundle / "shieldmap.gpkg"
    contents = dict(
        (
            (t, (i, d))
            for t, i, d in _query(  # type: ignore[misc]
                path, "SELECT table_name, identifier, description FROM gpkg_contents"
            )
        )
    )
    for name in PUBLISHED:
        identifier, description = contents[name]
        assert identifier == LAYER_INFO[name].title
        assert description == LAYER_INFO[name].abstract
    assert _query(path, "PRAGMA user_version") == [(10200,)]


@pytest.mark.gdal
def test_ogrinfo_lists_every_layer_without_warnings(bundle: Path) -> None:
    ogrinfo = shutil.which("ogrinfo")
    if ogrinfo is None:
        pytest.skip("ogrinfo not installed (apt-get install gdal-bin); CI installs it")
    result = subprocess.run(
        [ogrinfo, "-so", "-al", str(bundle / "shieldmap.gpkg")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "warning" not in (result.stdout + result.stderr).lower()
    for name in PUBLISHED:
        assert f"Layer name: {name}\n" in result.stdout


# --------------------------------------------------------------------------- QGIS project


def test_qgis_project_opens_every_layer_relative_in_3035(bundle: Path) -> None:
    root = ET.parse(bundle / "shieldmap.qgs").getroot()
    assert root.findtext("projectCrs/spatialrefsys/authid") == "EPSG:3035"
    assert root.findtext("projectCrs/spatialrefsys/wkt")
    assert root.findtext("properties/SpatialRefSys/ProjectionsEnabled") == "1"
    assert root.findtext("properties/Paths/Absolute") == "false"
    sources = {m.findtext("datasource"): m for m in root.iter("maplayer")}
    assert set(sources) == {f"./shieldmap.gpkg|layername={n}" for n in PUBLISHED}
    for name in SPATIAL:
        layer = sources[f"./shieldmap.gpkg|layername={name}"]
        assert layer.find("renderer-v2") is not None
        assert layer.findtext("srs/spatialrefsys/authid") == "EPSG:4326"
    tree = [e.get("source", "").rsplit("=", 1)[-1] for e in root.iter("layer-tree-layer")]
    assert tree.index("places") < tree.index("borders") < tree.index("countries")
    assert tree[-len(TABLES) :] == list(TABLES)


def _flat(element: ET.Element) -> list[tuple[str, str, dict[str, str]]]:
    """Every element below ``element``: tag, text without layout whitespace, attributes."""
    return [(e.tag, (e.text or "").strip(), dict(e.attrib)) for e in element.iter()][1:]


def test_qgis_project_carries_every_layers_metadata(bundle: Path, layers: Layers) -> None:
    root = ET.parse(bundle / "shieldmap.qgs").getroot()
    gpkg = bundle / "shieldmap.gpkg"
    stored = dict(
        _query(  # type: ignore[arg-type]
            gpkg,
            "SELECT r.table_name, m.metadata FROM gpkg_metadata_reference r "
            "JOIN gpkg_metadata m ON m.id = r.md_file_id",
        )
    )
    for layer in root.iter("maplayer"):
        name = str(layer.findtext("datasource")).rsplit("=", 1)[-1]
        metadata = layer.find("resourceMetadata")
        assert metadata is not None, name
        assert metadata.findtext("title") == LAYER_INFO[name].title
        licences = [e.text or "" for e in metadata.findall("license")]
        assert any("CC-BY-4.0" in text for text in licences), name
        assert any("Public domain" in text for text in licences), name
        # the very same metadata as in the GeoPackage
        in_gpkg = ET.fromstring(str(stored[name]))
        assert _flat(metadata) == _flat(in_gpkg)
    project = root.find("projectMetadata")
    assert project is not None
    assert project.findtext("author") == "shieldmap contributors"
    abstract = project.findtext("abstract") or ""
    assert geo.__version__ in abstract and "CC-BY-4.0" in abstract
    assert layers.data_as_of is not None
    assert f"data as of {layers.data_as_of.isoformat()}" in abstract.lower()


def test_qgis_project_uses_the_output_crs(bundle_3035: Path) -> None:
    root = ET.parse(bundle_3035 / "shieldmap.qgs").getroot()
    for layer in root.iter("maplayer"):
        if layer.get("geometry") != "No geometry":
            assert layer.findtext("srs/spatialrefsys/authid") == "EPSG:3035"


def test_every_geometry_is_valid_after_crs_3035(bundle_3035: Path) -> None:
    # Russia, split at the antimeridian, touched itself along the cut once projected
    for name in SPATIAL:
        for back in (
            pyogrio.read_dataframe(bundle_3035 / "shieldmap.gpkg", layer=name),
            pyogrio.read_dataframe(bundle_3035 / f"{name}.fgb"),
            gpd.read_parquet(bundle_3035 / f"{name}.parquet"),
        ):
            assert back.crs.to_epsg() == 3035
            reasons = {shapely.is_valid_reason(g) for g in back.geometry[~back.is_valid]}
            assert back.is_valid.all(), (name, reasons)
    countries = pyogrio.read_dataframe(bundle_3035 / "countries.fgb")
    assert set(countries.geom_type) <= {"Polygon", "MultiPolygon"}
    # repaired, not cut away: Russia still reaches the Bering Strait
    russia = countries[countries["iso3"] == "RUS"].to_crs("EPSG:4326")
    assert russia.total_bounds[2] > 179.9


@pytest.mark.parametrize("crs", ["EPSG:2180", "EPSG:32635", "EPSG:3857"])
def test_every_polygon_is_valid_in_other_projections(layers: Layers, crs: str) -> None:
    frames = export.prepare(layers.frames)
    projected = export._to_crs(frames["countries"], CRS.from_user_input(crs))
    assert projected.is_valid.all()
    assert len(projected) == len(frames["countries"])


def test_a_crs_that_cannot_hold_the_layers_is_refused(layers: Layers, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(ShieldmapError, match="cannot project some coordinates"):
        export.write_bundle(layers, out, formats=("fgb",), crs="+proj=ortho +lat_0=54 +lon_0=25")
    assert not any(out.iterdir())  # nothing half-written


# --------------------------------------------------------------------------- determinism


def _dump(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def test_two_builds_are_identical(layers: Layers, bundle: Path, tmp_path: Path) -> None:
    export.write_bundle(layers, tmp_path)
    for first in sorted(bundle.iterdir()):
        second = tmp_path / first.name
        if first.suffix == ".gpkg":
            assert _dump(first) == _dump(second)
        elif first.suffix in (".geojson", ".csv", ".md", ".qgs"):
            assert first.read_bytes() == second.read_bytes(), first.name


def test_gdal_date_option_is_restored(layers: Layers, tmp_path: Path) -> None:
    before = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    export.write_bundle(layers, tmp_path, formats=("gpkg",))
    assert pyogrio.get_gdal_config_option("OGR_CURRENT_DATE") == before
    assert before is None


# --------------------------------------------------------------------------- bad input


def test_parse_formats() -> None:
    assert export.parse_formats("csv, GPKG,csv") == ("gpkg", "csv")
    with pytest.raises(ValueError, match="gpkg, geojson, fgb, parquet, csv"):
        export.parse_formats("gpkg,shp")
    with pytest.raises(ValueError, match="got nothing"):
        export.parse_formats(" , ")


@pytest.mark.parametrize("value", ["EPSG:999999", "nonsense", "EPSG:4978"])
def test_resolve_crs_rejects(value: str) -> None:
    with pytest.raises(ShieldmapError, match="expected a"):
        export.resolve_crs(value)


def test_unwritable_folder_raises_output_error(layers: Layers, tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match="cannot write into"):
        export.write_bundle(layers, blocker / "sub")
    assert blocker.read_text() == "not a folder"


def test_failing_writer_keeps_previous_files_and_leaves_no_temp(
    layers: Layers, bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    shutil.copytree(bundle, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def boom(*args: object, **kwargs: object) -> str:
        raise RuntimeError("simulated writer failure")

    monkeypatch.setattr(export, "_write_csv", boom)
    changed = replace(layers, frames={**layers.frames, "places": layers.frames["places"][:1]})
    with pytest.raises(RuntimeError, match="simulated"):
        export.write_bundle(changed, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_programme_lines_are_labelled_with_the_programme_name(bundle: Path) -> None:
    styles = dict(
        _query(bundle / "shieldmap.gpkg", "SELECT f_table_name, styleQML FROM layer_styles")  # type: ignore[arg-type]
    )
    names = dict(
        pd.read_csv(bundle / "programmes.csv", keep_default_na=False)[
            ["program_id", "name_en"]
        ].itertuples(index=False, name=None)
    )
    for name in ("eastern_shield", "baltic_defence_line"):
        root = ET.fromstring(str(styles[name]))
        (text,) = root.iter("text-style")
        assert text.get("isExpression") == "1"
        assert text.get("fieldName") == f"'{names[name]}'"
        assert root.get("labelsEnabled") == "1"


def test_scale_limits_follow_the_boundary_source(bundle: Path) -> None:
    from geo.qgis import max_zoom_scale

    assert max_zoom_scale("1:10,000,000") == 1_000_000
    assert max_zoom_scale("1:1,000,000") == 100_000
    assert max_zoom_scale("unknown") is None  # a user's own file: no limit is guessed
    styles = dict(
        _query(bundle / "shieldmap.gpkg", "SELECT f_table_name, styleQML FROM layer_styles")  # type: ignore[arg-type]
    )
    for name in ("countries", "borders", "eastern_shield", "places"):
        root = ET.fromstring(str(styles[name]))
        assert (root.get("hasScaleBasedVisibilityFlag"), root.get("maxScale")) == ("1", "1000000")
    assert (
        ET.fromstring(str(styles["annotations_points"])).get("hasScaleBasedVisibilityFlag") == "0"
    )
