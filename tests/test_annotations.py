"""Annotations: a newsroom's own points and lines, in YAML or GeoJSON, validated like the seeds
(every problem collected, each with its file, key path, what was expected and what came)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pyogrio
import pytest
import yaml
from click.testing import CliRunner
from shapely.geometry import LineString, MultiPolygon, Point, Polygon

from geo.annotations import (
    Annotation,
    AnnotationStyle,
    check_inside,
    colour_names,
    load_annotations,
    outside_problems,
    parse_annotations,
)
from geo.cli.main import cli
from geo.errors import AnnotationError, SeedError

VALID_YAML = """\
annotations:
  - label: Kuźnica crossing closed
    note: Closed to traffic since 2023
    url: https://example.org/report
    point: [23.65, 53.51]
  - id: ditch
    label: {en: Planned ditch, pl: Planowany rów}
    note: {en: Dug in 2025, pl: Wykopany w 2025}
    line: [[23.1, 53.2], [23.5, 53.4], [23.6, 53.3]]
"""


def feature(geometry: object, **properties: object) -> dict[str, object]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def collection(*features: object) -> dict[str, object]:
    return {"type": "FeatureCollection", "features": list(features)}


def point_item(**extra: object) -> dict[str, object]:
    return {"label": "A point", "point": [23.0, 54.0], **extra}


def problems_of(data: object) -> list[str]:
    with pytest.raises(AnnotationError) as info:
        parse_annotations(data, "notes.yaml")
    assert isinstance(info.value, SeedError)
    assert info.value.problems
    return info.value.problems


def only_problem(data: object) -> str:
    problems = problems_of(data)
    assert len(problems) == 1, problems
    return problems[0]


def load_problems(path: Path) -> list[str]:
    with pytest.raises(AnnotationError) as info:
        load_annotations(path)
    return info.value.problems


# --------------------------------------------------------------------------- valid files


def test_valid_yaml_loads_points_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "notes.yaml"
    path.write_text(VALID_YAML, encoding="utf-8")

    point, line = load_annotations(path)

    assert point.id == "a1"  # the default id is the 1-based position
    assert point.label == {"en": "Kuźnica crossing closed"}
    assert point.note == {"en": "Closed to traffic since 2023"}
    assert point.url == point.link == "https://example.org/report"
    assert isinstance(point.geometry, Point)
    assert (point.geometry.x, point.geometry.y) == (23.65, 53.51)

    assert line.id == "ditch"
    assert isinstance(line.geometry, LineString)
    assert list(line.geometry.coords) == [(23.1, 53.2), (23.5, 53.4), (23.6, 53.3)]
    assert line.text("label", "pl") == "Planowany rów"
    assert line.text("label", "en") == "Planned ditch"
    assert line.url is None and line.link is None


def test_text_falls_back_to_english_then_any_language() -> None:
    (first, second) = parse_annotations(
        {
            "annotations": [
                point_item(label="Only English"),
                point_item(label={"pl": "Tylko po polsku"}, note=None),
            ]
        },
        "notes.yaml",
    )
    assert first.text("label", "pl") == "Only English"
    assert second.text("label", "en") == "Tylko po polsku"
    assert second.text("note", "en") == ""


def test_valid_geojson_loads_points_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "notes.geojson"
    data = collection(
        feature({"type": "Point", "coordinates": [23.65, 53.51]}, label="Crossing", id="x-1"),
        feature(
            {"type": "LineString", "coordinates": [[23.1, 53.2], [23.5, 53.4]]},
            label={"en": "Ditch", "pl": "Rów"},
            note="Dug in 2025",
            url="http://example.org",
        ),
    )
    path.write_text(json.dumps(data), encoding="utf-8")

    point, line = load_annotations(path)

    assert point.id == "x-1"
    assert point.geometry.equals(Point(23.65, 53.51))
    assert line.id == "a2"
    assert line.geometry.equals(LineString([(23.1, 53.2), (23.5, 53.4)]))
    assert line.text("label", "pl") == "Rów"
    assert line.link == "http://example.org"


def test_yaml_and_geojson_give_the_same_annotations(tmp_path: Path) -> None:
    yaml_file = tmp_path / "notes.yml"
    yaml_file.write_text(VALID_YAML, encoding="utf-8")
    items = yaml.safe_load(VALID_YAML)["annotations"]
    features = []
    for item in items:
        props = {k: v for k, v in item.items() if k not in ("point", "line")}
        kind = "Point" if "point" in item else "LineString"
        features.append(
            feature({"type": kind, "coordinates": item.get("point", item.get("line"))}, **props)
        )
    geojson_file = tmp_path / "notes.json"
    geojson_file.write_text(json.dumps(collection(*features)), encoding="utf-8")

    assert load_annotations(yaml_file) == load_annotations(geojson_file)


def test_an_empty_list_gives_no_annotations() -> None:
    assert parse_annotations({"annotations": []}, "notes.yaml") == ()


def test_a_third_coordinate_is_accepted_and_dropped() -> None:
    (item,) = parse_annotations({"annotations": [point_item(point=[23, 54, 120.5])]}, "n.yaml")
    assert not item.geometry.has_z
    assert (item.geometry.x, item.geometry.y) == (23.0, 54.0)


# --------------------------------------------------------------------------- links


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(document.cookie)",
        "  javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "ftp://example.org/file",
    ],
)
def test_a_url_that_is_not_http_is_refused(url: str) -> None:
    problem = only_problem({"annotations": [point_item(url=url)]})
    assert problem.startswith("notes.yaml: annotations[0].url: expected an http(s) URL")


@pytest.mark.parametrize(
    ("url", "fix"),
    [
        ("www.strazgraniczna.pl", "https://www.strazgraniczna.pl"),
        ("example.org/no-scheme?a=1", "https://example.org/no-scheme?a=1"),
        ("//example.org/protocol-relative", "https://example.org/protocol-relative"),
    ],
)
def test_a_url_without_its_scheme_is_refused_with_the_fix(url: str, fix: str) -> None:
    problem = only_problem({"annotations": [point_item(url=url)]})
    assert "expected a URL starting with https://" in problem
    assert f"write '{fix}'" in problem


@pytest.mark.parametrize(
    "url", ["https://example.org/a?b=c", "http://example.org", "HTTPS://EXAMPLE.ORG/"]
)
def test_an_http_url_is_a_link(url: str) -> None:
    (item,) = parse_annotations({"annotations": [point_item(url=url)]}, "notes.yaml")
    assert item.link == url


def test_link_of_a_hand_built_annotation() -> None:
    def link(url: str | None) -> str | None:
        return Annotation("a", {"en": "x"}, None, url, Point(0, 0)).link

    assert link("javascript:alert(1)") is None
    assert link(None) is None
    assert link("https://example.org") == "https://example.org"


# --------------------------------------------------------------------------- bad files


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.yaml"
    path.write_text("annotations:\n  - label: ok\n    point: [23, 54\n  - label: x\n", "utf-8")
    (problem,) = load_problems(path)
    assert problem.startswith("notes.yaml: line ")
    assert "malformed YAML" in problem
    line = int(problem.split("line ")[1].split(":")[0])
    assert 3 <= line <= 4


def test_malformed_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.geojson"
    path.write_text('{"type": "FeatureCollection",\n "features": [\n  {"type": }\n]}', "utf-8")
    (problem,) = load_problems(path)
    assert problem.startswith("notes.geojson: line 3: malformed JSON")


def test_unknown_key_suggests_the_right_one() -> None:
    problem = only_problem({"annotations": [{"lable": "x", "label": "y", "point": [23, 54]}]})
    assert problem.startswith("notes.yaml: annotations[0]: unknown key 'lable'")
    assert "(did you mean 'label'?)" in problem


def test_unknown_top_level_key() -> None:
    problem = only_problem({"annotations": [], "anotations": []})
    assert "unknown top-level key 'anotations'" in problem


def test_missing_label() -> None:
    problem = only_problem({"annotations": [{"point": [23, 54]}]})
    assert problem == "notes.yaml: annotations[0]: missing required key 'label'"


def test_misspelt_label_reports_both_problems() -> None:
    problems = problems_of({"annotations": [{"lable": "x", "point": [23, 54]}]})
    assert any("did you mean 'label'?" in p for p in problems)
    assert any("missing required key 'label'" in p for p in problems)


@pytest.mark.parametrize(
    ("item", "path", "expected"),
    [
        (point_item(label=5), "annotations[0].label", "got 5 (int)"),
        (point_item(label=""), "annotations[0].label.en", "expected a non-empty string"),
        (point_item(label={"english": "x"}), "annotations[0].label", "two-letter language"),
        (point_item(note=["a"]), "annotations[0].note", "got ['a'] (list)"),
        (point_item(url=7), "annotations[0].url", "expected a URL string, got 7 (int)"),
        (point_item(id="has space"), "annotations[0].id", "expected an id of letters"),
        (point_item(point="x"), "annotations[0].point", "expected a position [lon, lat], got 'x'"),
        (point_item(point=[23]), "annotations[0].point", "expected a position [lon, lat]"),
        (point_item(point=[True, 54]), "annotations[0].point", "expected a position [lon, lat]"),
        (point_item(point=["23", "54"]), "annotations[0].point", "expected a position"),
        ({"label": "l", "line": "x"}, "annotations[0].line", "expected a list of positions"),
        ({"label": "l", "line": [[1, 2], "x"]}, "annotations[0].line[1]", "expected a position"),
    ],
)
def test_wrong_types(item: dict[str, object], path: str, expected: str) -> None:
    problem = only_problem({"annotations": [item]})
    assert problem.startswith(f"notes.yaml: {path}: "), problem
    assert expected in problem


@pytest.mark.parametrize(
    "position",
    [[200, 54], [-180.5, 54], [23, 91], [23, -90.01], [float("nan"), 54], [23, float("inf")]],
)
def test_impossible_positions(position: list[float]) -> None:
    problem = only_problem({"annotations": [point_item(point=position)]})
    assert "expected lon from -180 to 180 and lat from -90 to 90" in problem


def test_impossible_position_in_a_line() -> None:
    problem = only_problem({"annotations": [{"label": "l", "line": [[23, 54], [200, 54]]}]})
    assert problem.startswith("notes.yaml: annotations[0].line[1]: expected lon from -180")


def test_an_integer_too_large_for_a_float_is_an_impossible_position() -> None:
    problem = only_problem({"annotations": [point_item(point=[23, 10**400])]})
    assert "expected lon from -180 to 180" in problem


@pytest.mark.parametrize(
    ("item", "path"),
    [
        ({"label": "l", "point": []}, "annotations[0].point"),
        ({"label": "l", "line": []}, "annotations[0].line"),
    ],
)
def test_empty_geometry(item: dict[str, object], path: str) -> None:
    problem = only_problem({"annotations": [item]})
    assert problem.startswith(f"notes.yaml: {path}: empty geometry")


def test_geojson_null_geometry_is_empty() -> None:
    problem = only_problem(collection(feature(None, label="x")))
    assert problem.startswith("notes.yaml: features[0].geometry: empty geometry")


def test_geojson_empty_coordinates_are_empty() -> None:
    data = collection(
        feature({"type": "Point", "coordinates": []}, label="x"),
        feature({"type": "LineString", "coordinates": []}, label="y"),
    )
    problems = problems_of(data)
    assert len(problems) == 2
    assert all("empty geometry" in p for p in problems)


def test_line_through_one_position_only() -> None:
    problem = only_problem({"annotations": [{"label": "l", "line": [[23, 54], [23, 54]]}]})
    assert "at least two different positions" in problem


def test_self_intersecting_line() -> None:
    bow_tie = [[23, 54], [24, 55], [24, 54], [23, 55]]
    problem = only_problem({"annotations": [{"label": "l", "line": bow_tie}]})
    assert problem.startswith("notes.yaml: annotations[0].line: self-intersecting line")


def test_a_line_that_only_touches_itself_at_its_ends_is_a_loop_and_allowed() -> None:
    ring = [[23, 54], [24, 54], [24, 55], [23, 54]]
    (item,) = parse_annotations({"annotations": [{"label": "l", "line": ring}]}, "n.yaml")
    assert item.geometry.is_ring


def test_point_and_line_together_or_neither() -> None:
    both = only_problem({"annotations": [point_item(line=[[1, 2], [3, 4]])]})
    assert "expected exactly one of 'point', 'line' or 'area', got 2" in both
    neither = only_problem({"annotations": [{"label": "x"}]})
    assert "expected exactly one of 'point', 'line' or 'area', got 0" in neither


@pytest.mark.parametrize("kind", ["MultiPoint", "GeometryCollection", "MultiLineString"])
def test_geojson_feature_of_another_geometry_type_is_refused(kind: str) -> None:
    other = {"type": kind, "coordinates": [[23, 54], [24, 54]]}
    problem = only_problem(collection(feature(other, label="x")))
    assert problem == (
        "notes.yaml: features[0].geometry.type: expected Point, LineString, Polygon or "
        f"MultiPolygon, got '{kind}'"
    )


def test_geojson_problems_name_the_feature_they_belong_to() -> None:
    data = collection(
        feature(None, label="skipped"),
        feature({"type": "Point", "coordinates": [23, 54]}),  # no label
    )
    problems = problems_of(data)
    assert any(p.startswith("notes.yaml: features[0].geometry: empty geometry") for p in problems)
    assert "notes.yaml: features[1]: missing required key 'label'" in problems


def test_geojson_without_features() -> None:
    problem = only_problem({"type": "FeatureCollection"})
    assert "features: expected a list of features, got None" in problem


def test_duplicate_id() -> None:
    data = {"annotations": [point_item(id="gate"), point_item(id="other"), point_item(id="gate")]}
    problem = only_problem(data)
    assert problem == "notes.yaml: annotations[2].id: duplicate id 'gate'"


def test_default_ids_never_clash_with_given_ones() -> None:
    data = {"annotations": [point_item(id="a2"), point_item(), point_item(id="a2-2"), point_item()]}
    ids = [a.id for a in parse_annotations(data, "notes.yaml")]
    assert ids[0] == "a2" and ids[2] == "a2-2" and ids[3] == "a4"
    assert len(set(ids)) == 4


@pytest.mark.parametrize("data", [None, [], "annotations", {"notes": []}, {"annotations": {}}])
def test_wrong_document_shape(data: object) -> None:
    assert only_problem(data).startswith("notes.yaml")


def test_missing_file(tmp_path: Path) -> None:
    (problem,) = load_problems(tmp_path / "absent.yaml")
    assert problem.startswith("absent.yaml: file not found")


@pytest.mark.parametrize("name", ["folder", "folder.yaml", "folder.geojson"])
def test_directory_instead_of_a_file(tmp_path: Path, name: str) -> None:
    folder = tmp_path / name
    folder.mkdir()
    (problem,) = load_problems(folder)
    assert problem == f"{name}: expected a file, got a directory"


@pytest.mark.parametrize("suffix", [".yaml", ".geojson"])
def test_file_that_is_not_utf8(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"notes{suffix}"
    path.write_bytes(b"annotations: [\xff\xfe]")
    (problem,) = load_problems(path)
    assert problem.startswith(f"notes{suffix}: ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("annotations:\n  - label: x\n    point: [23, 54]\n    when: 2025-02-30\n", "line 4"),
        ("annotations:\n  - label: !!int x\n    point: [23, 54]\n", "line 2"),
        ("annotations:\n  - label: !!timestamp x\n    point: [23, 54]\n", "line 2"),
        ("annotations:\n  - label: !!bool x\n    point: [23, 54]\n", "line 2"),
        ("annotations:\n  - label: !!float ''\n    point: [23, 54]\n", "line 2"),
        ("annotations:\n  - label: !!python/object:os.system x\n", "line 2"),
    ],
)
def test_yaml_values_that_cannot_be_built_name_their_line(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "notes.yaml"
    path.write_text(text, encoding="utf-8")
    (problem,) = load_problems(path)
    assert problem.startswith(f"notes.yaml: {expected}: "), problem


def test_self_referencing_yaml_alias_with_a_bad_date_terminates(tmp_path: Path) -> None:
    path = tmp_path / "notes.yaml"
    path.write_text("a: &a [*a]\nannotations: [{label: x, point: 2025-02-30}]\n", "utf-8")
    started = time.perf_counter()
    (problem,) = load_problems(path)
    assert time.perf_counter() - started < 5
    assert problem == "notes.yaml: line 2: expected a date YYYY-MM-DD, got '2025-02-30'"


def test_nested_yaml_aliases_do_not_explode(tmp_path: Path) -> None:
    """A "billion laughs" document: 9**9 strings if expanded; messages must stay short."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{refs}]")
    lines.append("annotations: [{label: *l9, point: *l9}, {label: x, point: 2025-02-30}]")
    path = tmp_path / "notes.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    (problem,) = load_problems(path)
    assert "expected a date" in problem
    del lines[-1]
    lines.append("annotations: [{label: *l9, point: *l9}]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = load_problems(path)
    assert time.perf_counter() - started < 10
    assert all(len(p) < 400 for p in problems)
    assert any("annotations[0].label" in p for p in problems)


def test_huge_numbers_give_short_messages(tmp_path: Path) -> None:
    path = tmp_path / "notes.yaml"
    path.write_text(f"annotations:\n  - label: 0x{'f' * 4000}\n    point: [23, 54]\n", "utf-8")
    (problem,) = load_problems(path)
    assert problem.startswith("notes.yaml: annotations[0].label: expected text")
    assert len(problem) < 300
    path = tmp_path / "notes.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [' + "1" * 5000 + "]}", "utf-8")
    (problem,) = load_problems(path)
    assert problem.startswith("notes.geojson: invalid JSON value")
    assert len(problem) < 300


def test_every_problem_is_reported_together(tmp_path: Path) -> None:
    path = tmp_path / "notes.yaml"
    path.write_text(
        """\
annotations:
  - lable: typo
    point: [23, 54]
  - label: 5
    point: "x"
  - label: far away
    point: [200, 54]
  - label: nothing
    point: []
  - label: bow tie
    line: [[23, 54], [24, 55], [24, 54], [23, 55]]
  - id: same
    label: first
    point: [23, 54]
  - id: same
    label: second
    point: [23, 54]
""",
        encoding="utf-8",
    )
    with pytest.raises(AnnotationError) as info:
        load_annotations(path)
    problems = info.value.problems
    for expected in [
        "annotations[0]: unknown key 'lable' (did you mean 'label'?)",
        "annotations[0]: missing required key 'label'",
        "annotations[1].label: expected text",
        "annotations[1].point: expected a position",
        "annotations[2].point: expected lon from -180",
        "annotations[3].point: empty geometry",
        "annotations[4].line: self-intersecting line",
        "annotations[6].id: duplicate id 'same'",
    ]:
        assert sum(expected in p for p in problems) == 1, (expected, problems)
    assert len(problems) == 8
    assert str(info.value).startswith("8 problems in annotations: notes.yaml: ")


# --------------------------------------------------------------------------- CLI


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    path = tmp_path / "notes.yaml"
    path.write_text(VALID_YAML, encoding="utf-8")
    return path


@pytest.mark.realdata
@pytest.mark.usefixtures("cached_embedded")
def test_layers_writes_annotation_layers_into_the_geopackage(notes: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["--annotations", str(notes), "layers", "-o", str(out), "--format", "gpkg"]
    )
    assert result.exit_code == 0, result.output
    names = {name: kind for name, kind in pyogrio.list_layers(out / "shieldmap.gpkg")}
    assert names["annotations_points"] == "Point"
    assert names["annotations_lines"] == "LineString"
    points = pyogrio.read_dataframe(out / "shieldmap.gpkg", layer="annotations_points")
    lines = pyogrio.read_dataframe(out / "shieldmap.gpkg", layer="annotations_lines")
    assert len(points) == 1 and len(lines) == 1
    assert points.geometry.iloc[0].equals(Point(23.65, 53.51))
    assert points.crs.to_epsg() == 4326


@pytest.mark.realdata
@pytest.mark.usefixtures("cached_embedded")
def test_layers_without_annotations_has_no_annotation_layers(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["layers", "-o", str(out), "--format", "gpkg"])
    assert result.exit_code == 0, result.output
    names = {name for name, _ in pyogrio.list_layers(out / "shieldmap.gpkg")}
    assert not names & {"annotations_points", "annotations_lines", "annotations"}


@pytest.mark.realdata
@pytest.mark.usefixtures("cached_embedded")
def test_check_counts_annotations(notes: Path) -> None:
    result = CliRunner().invoke(cli, ["--annotations", str(notes), "check"])
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith("; 2 annotations")


@pytest.mark.realdata
@pytest.mark.usefixtures("cached_embedded")
def test_check_lists_every_annotation_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("annotations:\n  - lable: x\n    point: []\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--annotations", str(path), "check"])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 3, lines
    assert all(line.startswith("Error: bad.yaml: annotations[0]") for line in lines)
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------- areas


SQUARE = [[23.4, 53.9], [23.6, 53.9], [23.6, 54.1], [23.4, 54.1]]


def test_an_area_from_one_ring_closes_itself() -> None:
    (item,) = parse_annotations({"annotations": [{"label": "Zone", "area": SQUARE}]}, "n.yaml")
    assert isinstance(item.geometry, Polygon)
    assert item.kind == "area"
    assert item.geometry.exterior.coords[0] == item.geometry.exterior.coords[-1]
    assert item.geometry.area == pytest.approx(0.04)


def test_an_area_with_a_hole_and_several_parts() -> None:
    hole = [[23.45, 53.95], [23.55, 53.95], [23.55, 54.05], [23.45, 54.05]]
    far = [[24.0, 54.0], [24.2, 54.0], [24.2, 54.2]]
    data = {
        "annotations": [
            {"label": "holed", "area": [SQUARE, hole]},
            {"label": "two parts", "area": [[SQUARE], [far]]},
        ]
    }
    holed, parts = parse_annotations(data, "n.yaml")
    assert isinstance(holed.geometry, Polygon) and len(holed.geometry.interiors) == 1
    assert holed.geometry.area == pytest.approx(0.04 - 0.01)
    assert isinstance(parts.geometry, MultiPolygon) and len(parts.geometry.geoms) == 2


def test_geojson_polygons_and_multipolygons_are_areas(tmp_path: Path) -> None:
    ring = [*SQUARE, SQUARE[0]]
    data = collection(
        feature({"type": "Polygon", "coordinates": [ring]}, label="zone"),
        feature({"type": "MultiPolygon", "coordinates": [[ring]]}, label="zones"),
    )
    path = tmp_path / "zones.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    zone, zones = load_annotations(path)
    assert isinstance(zone.geometry, Polygon) and isinstance(zones.geometry, MultiPolygon)
    assert zone.geometry.equals(zones.geometry.geoms[0])


@pytest.mark.parametrize(
    ("area", "expected"),
    [
        ([[23, 54], [24, 54], [23, 54]], "at least three different positions"),
        ([[23, 54], [24, 55], [24, 54], [23, 55]], "invalid area (self-intersection)"),
        ([], "empty geometry"),
        ("zone", "empty geometry"),
        ([[23, 54], [24, "x"], [24, 55]], "expected a position"),
    ],
)
def test_bad_areas(area: object, expected: str) -> None:
    problem = only_problem({"annotations": [{"label": "Zone", "area": area}]})
    assert problem.startswith("notes.yaml: annotations[0].area"), problem
    assert expected in problem


# --------------------------------------------------------------------------- style


def test_style_vocabulary() -> None:
    data = {
        "annotations": [
            point_item(marker="triangle", color="vermillion", label_position="left"),
            {"label": "l", "line": [[23, 54], [24, 54]], "dash": "dashed", "color": "blue"},
            {"label": "z", "area": SQUARE, "dash": "dotted"},
            point_item(),
        ]
    }
    point, line, area, plain = parse_annotations(data, "n.yaml")
    assert point.style == AnnotationStyle("triangle", "vermillion", "solid", "left")
    assert (line.style.dash, line.style.color) == ("dashed", "blue")
    assert area.style.dash == "dotted"
    assert plain.style == AnnotationStyle()


@pytest.mark.parametrize(
    ("extra", "path", "expected"),
    [
        ({"marker": "circle"}, "marker", "expected one of dot, square, triangle, cross"),
        ({"marker": "sqare"}, "marker", "(did you mean 'square'?)"),
        ({"color": "red"}, "color", "expected one of black, "),
        ({"color": "vermilion"}, "color", "(did you mean 'vermillion'?)"),
        ({"label_position": "top"}, "label_position", "auto, left, right, above, below"),
        ({"dash": "dashed"}, "dash", "'dash' is for lines and areas, not for a point"),
    ],
)
def test_bad_style(extra: dict[str, object], path: str, expected: str) -> None:
    problem = only_problem({"annotations": [point_item(**extra)]})
    assert problem.startswith(f"notes.yaml: annotations[0].{path}: "), problem
    assert expected in problem


def test_a_marker_on_a_line_is_refused() -> None:
    problem = only_problem({"annotations": [{"label": "l", "line": SQUARE, "marker": "dot"}]})
    assert "'marker' is for points, not for a line; remove it" in problem


def test_style_names_come_from_the_style_table() -> None:
    assert "vermillion" in colour_names() and AnnotationStyle().color in colour_names()


# --------------------------------------------------------------------------- texts and links


def test_text_in_says_which_language_it_fell_back_to() -> None:
    (item,) = parse_annotations({"annotations": [point_item(label={"en": "x", "lt": "y"})]}, "n")
    assert item.text_in("label", "lt") == ("y", "lt")
    assert item.text_in("label", "de") == ("x", "en")


def test_link_text_names_the_source_or_the_site() -> None:
    named, bare = parse_annotations(
        {
            "annotations": [
                point_item(url="https://www.strazgraniczna.pl/x", source="Border Guard"),
                point_item(url="https://www.strazgraniczna.pl/x"),
            ]
        },
        "n",
    )
    assert named.link_text("pl") == "Border Guard"
    assert bare.link_text("pl") == "strazgraniczna.pl"


def test_a_comma_in_a_flow_mapping_gets_the_quoting_hint() -> None:
    data = yaml.safe_load(
        "annotations:\n  - label: x\n    note: {en: a line, not real data}\n    point: [23, 54]\n"
    )
    problem = only_problem(data)
    assert "expected a two-letter language code, got 'not real data'" in problem
    assert "must be in quotes" in problem


# --------------------------------------------------------------------------- where they lie

GAP = (20.0, 53.0, 26.0, 56.0)


def test_an_annotation_inside_the_map_passes() -> None:
    items = parse_annotations({"annotations": [point_item(point=[23.2, 54.2])]}, "n.yaml")
    assert outside_problems(items, GAP, "the suwalki-gap map") == []


def test_a_swapped_point_is_named_as_swapped() -> None:
    items = parse_annotations({"annotations": [point_item(point=[54.254, 23.235])]}, "n.yaml")
    (problem,) = outside_problems(items, GAP, "the suwalki-gap map")
    assert problem.startswith(
        "n.yaml: annotations[0]: [54.254, 23.235] lies outside the "
        "suwalki-gap map, which shows lon 20.00 to 26.00 and lat 53.00"
    )
    assert problem.endswith(
        "did you swap longitude and latitude? GeoJSON and shieldmap use [lon, lat]"
    )


def test_a_point_far_away_names_the_bounds_and_the_fix() -> None:
    items = parse_annotations({"annotations": [point_item(point=[2.35, 48.85])]}, "n.yaml")
    (problem,) = outside_problems(items, GAP, "the suwalki-gap map")
    assert "lon 20.00 to 26.00 and lat 53.00 to 56.00" in problem
    assert problem.endswith("move it inside, or choose a map that covers it")
    with pytest.raises(AnnotationError):
        check_inside(items, GAP, "the suwalki-gap map")


def test_a_line_crossing_into_the_map_passes_and_a_swapped_line_does_not() -> None:
    data = {
        "annotations": [
            {"label": "in", "line": [[10, 54], [23, 54]]},
            {"label": "swapped", "line": [[54, 23], [54.5, 23.5]]},
        ]
    }
    (problem,) = outside_problems(parse_annotations(data, "n.yaml"), GAP, "the map")
    assert problem.startswith("n.yaml: annotations[1]: [54, 23]") and "did you swap" in problem


def test_a_latitude_past_90_that_fits_as_a_longitude_gets_the_swap_hint() -> None:
    problem = only_problem({"annotations": [point_item(point=[54.2, 123.0])]})
    assert "did you swap longitude and latitude?" in problem


def test_a_url_with_markup_characters_is_refused_with_the_fix() -> None:
    problem = only_problem({"annotations": [point_item(url='https://example.org/"><svg>')]})
    assert "expected a URL without quotes, backslashes or angle brackets" in problem
    assert "percent-encode them" in problem


# --------------------------------------------------------------------------- annotation styles


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("annotation.point.square.vermillion", ("#D55E00", "square")),
        ("annotation.point.dot.blue", ("#0072B2", "circle")),
        ("annotation.line.dashed.black", ("#000000", (8.0, 5.0))),
        ("annotation.area.dotted.orange", ("#E69F00", (1.0, 5.0))),
    ],
)
def test_annotation_styles_are_symbols_of_the_table(name: str, expected: tuple) -> None:
    from geo.style import Area, Line, Marker, symbol

    sym = symbol(name)
    if isinstance(sym, Marker):
        assert (sym.fill, sym.shape) == expected
    elif isinstance(sym, Line):
        assert (sym.color, sym.dash) == expected
    else:
        assert isinstance(sym, Area) and (sym.fill, sym.dash) == expected


def test_an_unknown_annotation_style_is_refused() -> None:
    from geo.errors import MapError
    from geo.style import symbol

    with pytest.raises(MapError):
        symbol("annotation.point.star.vermillion")


def test_a_label_position_on_an_area_is_refused() -> None:
    problem = only_problem(
        {"annotations": [{"label": "z", "area": SQUARE, "label_position": "left"}]}
    )
    assert "'label_position' is for points, not for an area; remove it" in problem
