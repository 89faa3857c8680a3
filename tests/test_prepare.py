"""The fast paths of region preparation give what the slow, general ones give.

* geo.geojsonscan reads the same features, fields and shapes as GDAL with a bounding box and a
  ``where`` filter, on a FeatureCollection full of traps (braces, quotes and escapes in
  strings, null geometries, a shape whose envelope meets the box but which does not), and
  hands anything unusual back to GDAL;
* ring-by-ring repair and clipping of polygons with many holes equal GEOS's make_valid and
  clip_by_rect on the whole polygon;
* parts that overlap or share an edge are merged, parts touching at a point are kept, and the
  country that comes out is valid.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyogrio
import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon, box, mapping

import geo.geojsonscan as geojsonscan
import geo.prepare as prepare

BOX = (10.0, 50.0, 30.0, 60.0)


def _feature(geometry: object, properties: object) -> dict[str, object]:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _tricky_collection() -> dict[str, object]:
    features = [
        _feature(mapping(box(12, 52, 14, 54)), {"A3": "POL", "note": 'a "quoted" {brace} [x]'}),
        _feature(mapping(box(20, 55, 21, 56)), {"A3": "LTU", "note": 'back\\slash \\" end'}),
        _feature(mapping(box(100, 10, 101, 11)), {"A3": "FAR", "note": "features"}),
        _feature(None, {"A3": "NUL"}),
        _feature(mapping(box(15, 51, 16, 52)), {"note": "no code at all"}),
        _feature(mapping(box(16, 52, 17, 53)), {"A3": None}),
        # the envelope spans the box, the shape (two far squares) does not touch it
        _feature(
            mapping(MultiPolygon([box(-20, 40, -19, 41), box(60, 70, 61, 71)])), {"A3": "USA"}
        ),
        _feature(
            mapping(MultiPolygon([box(25, 58, 26, 59), box(40, 40, 41, 41)])),
            {"A3": "EST", "nested": {"features": [1, {"x": "}"}]}},
        ),
    ]
    return {"type": "FeatureCollection", "name": "world {x}", "features": features}


@pytest.fixture
def scan_any_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(geojsonscan, "MIN_BYTES", 0)


@pytest.mark.parametrize("indent", [None, 2])
def test_scan_reads_what_gdal_reads(
    tmp_path: Path, scan_any_size: None, indent: int | None
) -> None:
    path = tmp_path / "world.geojson"
    path.write_text(json.dumps(_tricky_collection(), indent=indent), encoding="utf-8")
    ours = geojsonscan.read_features(path, BOX, ["A3", "note"], "A3")
    assert ours is not None
    pyogrio.set_gdal_config_options({"OGR_GEOJSON_MAX_OBJ_SIZE": "0"})
    gdal = pyogrio.read_dataframe(path, bbox=BOX, columns=["A3", "note"], where='"A3" IS NOT NULL')
    assert list(ours["A3"]) == list(gdal["A3"]) == ["POL", "LTU", "EST"]
    assert list(ours["note"]) == list(gdal["note"])
    assert ours.crs.equals("EPSG:4326")
    for mine, theirs in zip(ours.geometry, gdal.geometry, strict=True):
        assert shapely.equals(mine, theirs)


def test_scan_keeps_every_property_when_no_columns_are_named(
    tmp_path: Path, scan_any_size: None
) -> None:
    path = tmp_path / "world.json"
    path.write_text(json.dumps(_tricky_collection()), encoding="utf-8")
    ours = geojsonscan.read_features(path, BOX, None, None)
    assert ours is not None
    assert {"A3", "note", "nested"} <= set(ours.columns)
    # without a not-null field, rows without a code are read too (and left to the caller)
    assert len(ours) == 5
    assert sorted(c for c in ours["A3"] if isinstance(c, str)) == ["EST", "LTU", "POL"]


@pytest.mark.parametrize(
    "text",
    [
        '{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": '
        '"EPSG:3035"}}, "features": []}',
        '{"type": "Feature", "properties": {"A3": "POL"}, "geometry": null}',
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": '
        '{"type": "Polygon", "coordinates": [[[1, 2], [3, 4]]]}, "properties": {"A3": "POL"}}]}',
        '{"type": "FeatureCollection", "features": [{"type": "Feature"} {"type": "Feature"}]}',
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "geo\\u006detry": null}]}',
        '{"type": "FeatureCollection", "features": [{"type": "Feature"',
        "[1, 2, 3]",
    ],
    ids=["crs", "feature", "bad-ring", "no-comma", "escaped-key", "truncated", "array"],
)
def test_scan_hands_the_unusual_back_to_gdal(
    tmp_path: Path, scan_any_size: None, text: str
) -> None:
    path = tmp_path / "odd.geojson"
    path.write_text(text, encoding="utf-8")
    assert geojsonscan.read_features(path, BOX, ["A3"], "A3") is None


def test_small_or_other_files_are_left_to_gdal(tmp_path: Path) -> None:
    path = tmp_path / "small.geojson"
    path.write_text(json.dumps(_tricky_collection()), encoding="utf-8")
    assert geojsonscan.read_features(path, BOX, ["A3"], "A3") is None
    other = tmp_path / "world.gpkg"
    other.write_bytes(b"x" * 10)
    assert geojsonscan.read_features(other, BOX, ["A3"], "A3") is None


def _bow_tie_ring(x: float, y: float, size: float) -> list[tuple[float, float]]:
    return [(x, y), (x + size, y + size), (x + size, y), (x, y + size), (x, y)]


def _holey_polygon() -> Polygon:
    """A 10 x 10 square with 120 small holes: most clean, some bow-ties, two overlapping,
    one touching the shell at a point and one sticking out of it."""
    holes = []
    for i in range(12):
        for j in range(10):
            x, y = 0.5 + i * 0.75, 0.5 + j * 0.9
            if (i + j) % 7 == 0:
                holes.append(_bow_tie_ring(x, y, 0.3))
            else:
                holes.append(list(box(x, y, x + 0.3, y + 0.3).exterior.coords))
    holes.append(list(box(0.6, 0.6, 0.9, 0.9).exterior.coords))  # overlaps the first hole
    holes.append([(0, 5.1), (0.3, 5.0), (0.3, 5.2), (0, 5.1)])  # touches the shell at a point
    holes.append(list(box(9.8, 3.1, 10.2, 3.3).exterior.coords))  # crosses the shell
    shell = [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]
    return Polygon(shell, holes)


def test_ring_by_ring_repair_equals_make_valid() -> None:
    polygon = _holey_polygon()
    assert not polygon.is_valid
    assert len(polygon.interiors) >= prepare.RING_REPAIR_MIN_HOLES
    ours = prepare._repair(polygon)
    reference = shapely.make_valid(polygon, method="structure", keep_collapsed=False)
    assert ours.is_valid
    assert shapely.equals(ours, reference)
    assert ours.area == pytest.approx(reference.area)


def test_clip_of_a_polygon_with_many_holes_equals_clip_by_rect() -> None:
    polygon = _holey_polygon()
    valid = shapely.make_valid(polygon, method="structure", keep_collapsed=False)
    polygon = max(shapely.get_parts(valid), key=shapely.area)
    region = (2.1, -1.0, 7.3, 6.05)  # cuts through holes on three sides
    ours, repaired = prepare._clip(polygon, region)
    assert not repaired
    reference = shapely.clip_by_rect(polygon, *region)
    assert ours.is_valid
    assert shapely.equals(ours, reference)


def test_a_bow_tie_across_the_region_edge_is_cut_not_inverted() -> None:
    """GEOS's rectangle clip answers the whole rectangle for a bow-tie crossing its edge (as
    osm-land-10m's Croatia did, filling the map region); the country keeps its two lobes."""
    bow_tie = Polygon([(2, -2), (6, 2), (6, -2), (2, 2), (2, -2)])
    region = (0.0, 0.0, 10.0, 10.0)
    assert shapely.clip_by_rect(bow_tie, *region).area == pytest.approx(100.0)  # the trap
    result, repaired = prepare.prepare_country(bow_tie, region)
    assert repaired and result.is_valid
    assert result.area == pytest.approx(4.0)  # a triangle of 2 from each lobe, above y = 0
    assert box(2, 0, 6, 2).covers(result)


def test_country_of_meeting_parts_comes_out_valid() -> None:
    parts = [
        box(0, 0, 2, 2),
        box(2, 0, 3, 1),  # shares an edge with the first: merged
        box(2.5, 0.5, 3.5, 1.5),  # overlaps the second: merged
        box(3.5, 1.5, 4, 2),  # touches the third at one point: kept apart
        box(0.5, 0.5, 0.7, 0.7),  # inside the first: dropped
        Polygon(_bow_tie_ring(5, 5, 1)),  # repaired into two triangles touching at a point
    ]
    geom = MultiPolygon(parts)
    result, repaired = prepare.prepare_country(geom, None)
    assert repaired and result.is_valid
    assert result.area == pytest.approx(shapely.union_all(parts[:5]).area + 0.5)
    pieces = shapely.get_parts(result)
    assert len(pieces) == 4  # the merged block, the point-touching square, two triangles
    assert np.isclose(sorted(shapely.area(pieces))[-1], 4 + 1 + 1 - 0.25)


def test_gaps_of_a_broken_border_line() -> None:
    from shapely.geometry import LineString, MultiLineString

    from geo.borders import MIN_WATER_GAP_KM, gaps_km

    x = 24.0
    # three stretches: a 0.09° (about 10 km) break, then a 0.005° (about 0.6 km) one
    line = MultiLineString(
        [
            LineString([(x, 57.0), (x, 57.1)]),
            LineString([(x, 57.19), (x, 57.3)]),
            LineString([(x, 57.305), (x, 57.4)]),
        ]
    )
    gaps = gaps_km(line)
    assert len(gaps) == 2
    assert gaps[0] == pytest.approx(10.0, abs=0.1)
    assert gaps[1] == pytest.approx(0.56, abs=0.02)
    assert [g for g in gaps if g >= MIN_WATER_GAP_KM] == gaps[:1]
    assert gaps_km(LineString([(x, 57.0), (x, 57.1)])) == []
