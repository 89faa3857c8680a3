"""shared_border, geodesic_km and affected_borders on tiny synthetic geometries near 54°N."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
from conftest import LAT0, LON0, SIDE, east_of, exclave_pair, geod_km, square
from shapely.geometry import LineString, MultiLineString, MultiPolygon, box

from geo.borders import (
    DEFAULT_TOLERANCE_M,
    KALININGRAD,
    MAINLAND,
    MIN_BORDER_KM,
    affected_borders,
    border_between,
    geodesic_km,
    shared_border,
)
from geo.boundaries import split_regions

# The meridian edge the squares in cells (0, 0) and (1, 0) share.
EDGE = ((LON0 + SIDE, LAT0), (LON0 + SIDE, LAT0 + SIDE))


def test_geodesic_km_matches_geod_inv() -> None:
    line = LineString([(20.0, 54.0), (21.0, 54.5), (22.0, 54.2)])
    assert geodesic_km(line) == pytest.approx(geod_km(*line.coords), rel=1e-9)


def test_geodesic_km_of_empty_is_zero() -> None:
    assert geodesic_km(MultiLineString()) == 0.0


def test_two_squares_share_the_edge_with_its_geodesic_length() -> None:
    a, b = square(0, 0), square(1, 0)
    border = shared_border(a, b)
    assert isinstance(border, LineString)
    assert border.equals(LineString(EDGE))
    expected = geod_km(*EDGE)
    assert expected == pytest.approx(11.13, abs=0.01)  # 0.1° of latitude at 54°N
    assert geodesic_km(border) == pytest.approx(expected, rel=1e-9)


def test_three_countries_meeting_at_a_point_share_lines_only() -> None:
    # A and B side by side on top of C: the tripoint is (LON0 + SIDE, LAT0).
    a, b = square(0, 0), square(1, 0)
    c = box(LON0, LAT0 - SIDE, LON0 + 2 * SIDE, LAT0)
    expected = {
        ("a", "b"): LineString(EDGE),
        ("a", "c"): LineString([(LON0, LAT0), (LON0 + SIDE, LAT0)]),
        ("b", "c"): LineString([(LON0 + SIDE, LAT0), (LON0 + 2 * SIDE, LAT0)]),
    }
    shapes = {"a": a, "b": b, "c": c}
    for (p, q), line in expected.items():
        border = shared_border(shapes[p], shapes[q])
        assert isinstance(border, LineString), (p, q, border.wkt)  # no points, no collections
        assert border.equals(line), (p, q, border.wkt)
        assert geodesic_km(border) == pytest.approx(geod_km(*line.coords), rel=1e-9)


def test_diagonal_neighbours_touching_at_a_corner_share_no_border() -> None:
    border = shared_border(square(0, 0), square(1, 1))
    assert border.is_empty
    assert geodesic_km(border) == 0.0


def test_exclave_border_with_the_enclosing_neighbour_is_found() -> None:
    x, y, enclave = exclave_pair()
    border = shared_border(x, y)
    ring = list(enclave.exterior.coords)
    expected_km = geod_km(*EDGE) + geod_km(*ring)
    assert len(shapely.get_parts(border)) == 2  # the main border and the enclave's ring
    assert border.equals(MultiLineString([EDGE, ring]))
    assert geodesic_km(border) == pytest.approx(expected_km, rel=1e-9)
    # The exclave alone: its whole outline, one closed ring.
    alone = shared_border(enclave, y)
    assert isinstance(alone, LineString)
    assert alone.is_ring
    assert geodesic_km(alone) == pytest.approx(geod_km(*ring), rel=1e-9)


@pytest.mark.parametrize("tolerance_m", [None, DEFAULT_TOLERANCE_M])
def test_island_has_no_border(tolerance_m: float | None) -> None:
    island = box(LON0 + 1.0, LAT0 + 1.0, LON0 + 1.05, LAT0 + 1.05)
    border = shared_border(island, square(0, 0), tolerance_m)
    assert border.is_empty
    assert geodesic_km(border) == 0.0


def test_empty_geometry_has_no_border() -> None:
    assert shared_border(MultiPolygon(), square(0, 0)).is_empty


def _sliver_pair(gap_m: float = 50.0) -> tuple[shapely.Polygon, shapely.Polygon]:
    a = square(0, 0)
    west = east_of(LON0 + SIDE, LAT0 + SIDE / 2, gap_m)
    return a, box(west, LAT0, west + SIDE, LAT0 + SIDE)


def test_sliver_exact_mode_finds_nothing() -> None:
    a, b = _sliver_pair()
    assert shared_border(a, b).is_empty


def test_sliver_default_tolerance_finds_the_edge() -> None:
    a, b = _sliver_pair()
    border = shared_border(a, b, DEFAULT_TOLERANCE_M)
    edge_km = geod_km(*EDGE)
    length = geodesic_km(border)
    # The whole edge, overrunning each end by at most the tolerance (documented).
    assert edge_km <= length <= edge_km + 2 * DEFAULT_TOLERANCE_M / 1000
    assert length == pytest.approx(edge_km, rel=0.05)
    # It follows a's edge: every point of it lies on a's outline.
    assert border.distance(a.boundary) < 1e-6
    assert LineString(EDGE).difference(border.buffer(1e-6)).is_empty


def test_sliver_small_tolerance_finds_nothing() -> None:
    a, b = _sliver_pair()
    assert shared_border(a, b, 10.0).is_empty


def test_tolerance_mode_on_exact_neighbours_covers_the_edge() -> None:
    a, b = square(0, 0), square(1, 0)
    border = shared_border(a, b, DEFAULT_TOLERANCE_M)
    assert LineString(EDGE).difference(border.buffer(1e-6)).is_empty
    assert geodesic_km(border) == pytest.approx(geod_km(*EDGE), rel=0.05)


# ----------------------------------------------------------------- affected_borders on a toy map

# The toy map's origin: 23.0°E puts its 'Kaliningrad' inside geo.boundaries.KALININGRAD_BOX
# (which ends at 23.2°E) and its 'mainland' Russia east of it, so split_regions tells them apart.
TX, TY = 23.0, 54.0


def _cell(x0: float, y0: float, x1: float, y1: float) -> shapely.Polygon:
    return box(TX + x0, TY + y0, TX + x1, TY + y1)


def _seg(*offsets: tuple[float, float]) -> LineString:
    return LineString([(TX + x, TY + y) for x, y in offsets])


@pytest.fixture
def toy_map() -> gpd.GeoDataFrame:
    """A toy Baltic in 0.05-0.1° cells; see the expected borders in the tests below."""
    rows = {
        "POL": _cell(0.0, -0.1, 0.2, 0.0),
        "LTU": _cell(0.1, 0.0, 0.2, 0.1),
        "BLR": _cell(0.2, -0.1, 0.3, 0.1),
        "LVA": _cell(0.1, 0.1, 0.25, 0.2),
        "EST": _cell(0.1, 0.2, 0.25, 0.3),
        "FIN": _cell(0.25, 0.4, 0.35, 0.5),
        "DEU": _cell(-0.1, -0.1, 0.0, -0.05),
        "RUS": MultiPolygon([_cell(0.0, 0.0, 0.1, 0.1), _cell(0.25, 0.1, 0.35, 0.4)]),
    }
    return gpd.GeoDataFrame(
        {"iso3": list(rows), "name": list(rows)}, geometry=list(rows.values()), crs="EPSG:4326"
    )


TOY_BORDERS = {
    ("POL-BLR", ""): _seg((0.2, -0.1), (0.2, 0.0)),
    ("POL-RUS", KALININGRAD): _seg((0.0, 0.0), (0.1, 0.0)),
    ("LTU-BLR", ""): _seg((0.2, 0.0), (0.2, 0.1)),
    ("LTU-RUS", KALININGRAD): _seg((0.1, 0.0), (0.1, 0.1)),
    ("LVA-BLR", ""): _seg((0.2, 0.1), (0.25, 0.1)),
    ("LVA-RUS", MAINLAND): _seg((0.25, 0.1), (0.25, 0.2)),
    ("EST-RUS", MAINLAND): _seg((0.25, 0.2), (0.25, 0.3)),
}


def test_split_regions_on_toy_map(toy_map: gpd.GeoDataFrame) -> None:
    regions = split_regions(toy_map)
    rus = regions[regions["iso3"] == "RUS"].set_index("region").geometry
    assert sorted(rus.index) == sorted([KALININGRAD, MAINLAND])
    assert rus[KALININGRAD].equals(_cell(0.0, 0.0, 0.1, 0.1))
    assert rus[MAINLAND].equals(_cell(0.25, 0.1, 0.35, 0.4))
    assert set(regions.loc[regions["iso3"] != "RUS", "region"]) == {""}
    assert len(regions) == len(toy_map) + 1


def test_affected_borders_on_toy_map(toy_map: gpd.GeoDataFrame) -> None:
    found = affected_borders(toy_map)
    by_key = {(b.pair, b.region): b for b in found}
    assert len(by_key) == len(found)
    assert set(by_key) == set(TOY_BORDERS)
    for key, line in TOY_BORDERS.items():
        border = by_key[key]
        assert border.a_iso3 == key[0][:3] and border.b_iso3 == key[0][4:]
        assert border.geometry.equals(line), (key, border.geometry.wkt)
        assert border.parts == 1
        assert border.length_km == pytest.approx(geod_km(*line.coords), rel=1e-9)


def test_affected_borders_with_finland(toy_map: gpd.GeoDataFrame) -> None:
    without = {(b.pair, b.region) for b in affected_borders(toy_map)}
    with_fin = {(b.pair, b.region): b for b in affected_borders(toy_map, include_finland=True)}
    assert set(with_fin) - without == {("FIN-RUS", MAINLAND)}
    fin = with_fin[("FIN-RUS", MAINLAND)].geometry
    assert fin.equals(_seg((0.25, 0.4), (0.35, 0.4)))


def test_affected_borders_skips_point_contacts(toy_map: gpd.GeoDataFrame) -> None:
    # LVA touches the toy Kaliningrad only at the corner (23.1, 54.1): not a border.
    assert border_between(toy_map, "LVA", "RUS", KALININGRAD).geometry.is_empty
    assert ("LVA-RUS", KALININGRAD) not in {(b.pair, b.region) for b in affected_borders(toy_map)}


def test_affected_borders_drops_parts_shorter_than_the_minimum(
    toy_map: gpd.GeoDataFrame,
) -> None:
    # Shrink LVA's contact with BLR to 0.002° (about 130 m): below MIN_BORDER_KM, so dropped.
    rows = toy_map.set_index("iso3")
    rows.loc["LVA", "geometry"] = _cell(0.1, 0.1, 0.202, 0.2)
    rows.loc["RUS", "geometry"] = MultiPolygon(
        [_cell(0.0, 0.0, 0.1, 0.1), _cell(0.202, 0.1, 0.35, 0.4)]
    )
    shrunk = gpd.GeoDataFrame(rows.reset_index(), geometry="geometry", crs="EPSG:4326")
    assert 0 < geodesic_km(border_between(shrunk, "LVA", "BLR").geometry) < MIN_BORDER_KM
    assert "LVA-BLR" not in {b.pair for b in affected_borders(shrunk)}


def test_affected_borders_in_tolerance_mode_on_toy_map(toy_map: gpd.GeoDataFrame) -> None:
    found = {(b.pair, b.region): b for b in affected_borders(toy_map, tolerance_m=200.0)}
    assert set(found) == set(TOY_BORDERS)
    for key, line in TOY_BORDERS.items():
        # Within 1e-4° (< 11 m): tolerance mode cuts a's edges in a local metric projection, where
        # a straight lon/lat segment is not quite straight, so cut points may sit metres off it.
        assert line.difference(found[key].geometry.buffer(1e-4)).is_empty, key
        assert found[key].length_km >= geodesic_km(line)
