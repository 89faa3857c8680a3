"""Property tests: whatever a user or a broken editor puts in a file, the loaders either
return or raise their own validation error, never anything else (no TypeError, KeyError,
RecursionError, shapely or YAML exceptions leaking out)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.annotations import load_annotations, parse_annotations
from geo.errors import AnnotationError, SeedError
from geo.seeds import SEED_FILES, default_seeds_dir, load_seeds, parse_records

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# YAML and JSON read integers of any size; float() of one past 1e308 raises OverflowError.
huge_ints = st.builds(
    lambda exponent, sign: sign * 10**exponent,
    st.integers(300, 1000),
    st.sampled_from([1, -1]),
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | huge_ints
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.dates()  # unquoted 2025-01-01
    | st.datetimes()
    | st.binary(max_size=8)  # !!binary
)
# Anything yaml.safe_load could hand back.
yaml_like = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=30,
)
numbers = (
    st.integers(min_value=-(10**20), max_value=10**20)
    | huge_ints
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
)
lonlat = st.tuples(st.floats(-180, 180), st.floats(-90, 90)).map(list)
positions = lonlat | st.lists(numbers, max_size=4) | yaml_like
text_values = st.text(max_size=30) | st.dictionaries(st.text(max_size=3), yaml_like, max_size=3)
ids = st.from_regex(r"[A-Za-z0-9_-]{1,4}", fullmatch=True)
urls = st.sampled_from(["https://", "http://", "HTTPS://", "javascript:", "data:", ""]).flatmap(
    lambda scheme: st.text(min_size=1, max_size=10).map(lambda rest: scheme + rest)
)
# Mostly right: the label, geometry and optional keys are of the right kind.
good_annotation = st.fixed_dictionaries(
    {"label": st.text(min_size=1, max_size=10)},
    optional={"id": ids, "note": st.text(max_size=10), "url": urls},
).flatmap(
    lambda item: st.one_of(
        lonlat.map(lambda p: {**item, "point": p}),
        st.lists(lonlat, min_size=2, max_size=5).map(lambda line: {**item, "line": line}),
    )
)
annotation = good_annotation | st.fixed_dictionaries(
    {},
    optional={
        "id": yaml_like | st.from_regex(r"[A-Za-z0-9_-]{1,10}", fullmatch=True),
        "label": text_values | yaml_like,
        "note": text_values | yaml_like,
        "url": st.text(max_size=30) | yaml_like,
        "point": positions,
        "line": st.lists(lonlat, max_size=6) | st.lists(positions, max_size=6) | yaml_like,
        "lable": yaml_like,
    },
)
annotation_docs = st.fixed_dictionaries(
    {"annotations": st.lists(annotation | yaml_like, max_size=5) | yaml_like},
    optional={"extra": yaml_like},
) | st.fixed_dictionaries({"annotations": st.lists(good_annotation, max_size=5)})
geometry = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(["Point", "LineString", "Polygon", "MultiPoint"]) | yaml_like,
        "coordinates": positions | st.lists(positions, max_size=5),
    },
)
feature = st.fixed_dictionaries(
    {},
    optional={
        "type": st.just("Feature") | yaml_like,
        "geometry": geometry | yaml_like,
        "properties": good_annotation | annotation | yaml_like,
    },
)
# Text that looks like YAML or JSON, so the parsers get past the first character.
TOKENS = [
    "annotations:",
    "label:",
    "point:",
    "line:",
    "id:",
    "url:",
    "note:",
    "countries:",
    "iso3:",
    "date:",
    "- ",
    "\n",
    "\n  ",
    "\n    ",
    ": ",
    "[",
    "]",
    "{",
    "}",
    ",",
    '"',
    "'",
    "2025-02-30",
    "2025-01-01",
    "1e400",
    ".nan",
    "-.inf",
    "~",
    "null",
    "true",
    "&a ",
    "*a",
    "<<: ",
    "!!python/object:os.system",
    "!!binary ",
    "!!timestamp ",
    "? ",
    "|",
    ">-",
    "#",
    "\t",
    "%YAML 1.2\n",
    "---\n",
    "...\n",
    "23.5",
    "-200",
    "\\u0000",
    "\ufeff",
    "é",
]
yamlish_text = st.lists(st.sampled_from(TOKENS) | st.text(max_size=3), max_size=40).map("".join)


def _as_feature(item: dict[str, object]) -> dict[str, object]:
    kind = "Point" if "point" in item else "LineString"
    coordinates = item.get("point", item.get("line"))
    properties = {k: v for k, v in item.items() if k not in ("point", "line")}
    geometry = {"type": kind, "coordinates": coordinates}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


good_feature = good_annotation.map(_as_feature)
geojson_docs = st.fixed_dictionaries(
    {
        "type": st.just("FeatureCollection"),
        "features": st.lists(good_feature | feature | yaml_like, max_size=5),
    }
)


def _parse_or_refuse(data: object) -> None:
    try:
        found = parse_annotations(data, "fuzz.yaml")
    except AnnotationError as exc:
        assert exc.problems
        assert all(isinstance(p, str) and p.startswith("fuzz.yaml") for p in exc.problems)
    else:
        assert isinstance(found, tuple)
        assert len({a.id for a in found}) == len(found)
        for item in found:
            assert item.label
            assert not item.geometry.is_empty and item.geometry.is_valid
            assert item.link is None or item.link.lower().startswith(("http://", "https://"))


@FUZZ
@given(yaml_like)
def test_parse_annotations_on_anything(data: object) -> None:
    _parse_or_refuse(data)


@FUZZ
@given(annotation_docs)
def test_parse_annotations_on_annotation_shaped_data(data: object) -> None:
    _parse_or_refuse(data)


@FUZZ
@given(geojson_docs)
def test_parse_annotations_on_geojson_shaped_data(data: object) -> None:
    _parse_or_refuse(data)


@pytest.mark.parametrize("suffix", [".yaml", ".geojson"])
@FUZZ
@given(text=st.text(max_size=200) | yamlish_text)
def test_load_annotations_on_any_text(tmp_path: Path, suffix: str, text: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_text(text, encoding="utf-8")
    try:
        load_annotations(path)
    except AnnotationError as exc:
        assert exc.problems


@FUZZ
@given(data=annotation_docs)
def test_load_annotations_on_dumped_yaml(tmp_path: Path, data: object) -> None:
    path = tmp_path / "fuzz.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        load_annotations(path)
    except AnnotationError as exc:
        assert exc.problems


@FUZZ
@given(data=geojson_docs)
def test_load_annotations_on_dumped_geojson(tmp_path: Path, data: object) -> None:
    path = tmp_path / "fuzz.geojson"
    path.write_text(json.dumps(data, default=str), encoding="utf-8")
    try:
        load_annotations(path)
    except AnnotationError as exc:
        assert exc.problems


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
@FUZZ
@given(data=st.binary(max_size=200))
def test_load_annotations_on_any_bytes(tmp_path: Path, suffix: str, data: bytes) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        load_annotations(path)
    except AnnotationError as exc:
        assert exc.problems


@pytest.mark.parametrize("kind", SEED_FILES)
@FUZZ
@given(data=yaml_like | st.fixed_dictionaries({}, optional={k: yaml_like for k in SEED_FILES}))
def test_parse_records_on_anything(kind: str, data: object) -> None:
    try:
        parse_records(kind, data)
    except SeedError as exc:
        assert exc.problems


# Keys of the seed schemas (see seeds/README.md), so records get past the unknown-key check.
SEED_KEYS = [
    "id",
    "publisher",
    "title",
    "date",
    "url",
    "kind",
    "source",
    "note",
    "votes",
    "for",
    "against",
    "abstain",
    "iso3",
    "names",
    "role",
    "focus",
    "capital",
    "ottawa_status",
    "status_source",
    "events",
    "km",
    "name",
    "length_km",
    "status",
    "year",
    "pair",
    "a",
    "b",
    "region",
    "official",
    "barriers",
    "amount",
    "currency",
    "period",
    "as_of",
    "text",
    "km_done",
    "borders",
    "budget",
    "description",
    "countries",
    "announced",
    "claimed_length_km",
    "length_source",
    "target_year",
    "components",
    "progress",
    "summary",
    "segments",
    "notes",
    "lon",
    "lat",
]
seed_values = (
    yaml_like
    | st.sampled_from(["POL", "XYZ", "BLR-POL", "mainland", "2025-02-30", "wall", "en"])
    | st.lists(st.dictionaries(st.sampled_from(SEED_KEYS), yaml_like, max_size=4), max_size=3)
    | st.dictionaries(st.sampled_from(["en", "pl", "local", "xx"]), yaml_like, max_size=3)
)
seed_record = st.dictionaries(st.sampled_from(SEED_KEYS) | st.text(max_size=6), seed_values)


@pytest.mark.parametrize("kind", SEED_FILES)
@FUZZ
@given(items=st.lists(seed_record | yaml_like, max_size=4))
def test_parse_records_on_record_shaped_data(kind: str, items: list[object]) -> None:
    try:
        parse_records(kind, {kind: items})
    except SeedError as exc:
        assert exc.problems


@pytest.fixture(scope="module")
def seeds_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz") / "seeds"
    shutil.copytree(default_seeds_dir(), folder)
    return folder


@FUZZ
@given(data=st.binary(max_size=300) | yamlish_text.map(str.encode))
def test_load_seeds_on_any_countries_file(seeds_copy: Path, data: bytes) -> None:
    (seeds_copy / "countries.yaml").write_bytes(data)
    try:
        load_seeds(seeds_copy)
    except SeedError as exc:
        assert exc.problems
