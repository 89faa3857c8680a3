"""Property-based tests of shared_border on generated neighbour pairs.

Exact mode promises the arcs both outlines have in common when the neighbours share their
vertices (as Natural Earth's do). The generated pairs honour that: two polygons on either side
of a shared polyline P -> (shared interior vertices) -> Q, with random far sides, orientation and
ring start. One further property covers a meridian edge, where a vertex on one side only lies
exactly on the other side's segment, so exact mode must still find the whole edge.
"""

from __future__ import annotations

import math

import pytest
import shapely
from conftest import geod_km
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Polygon

from geo.borders import DEFAULT_TOLERANCE_M, geodesic_km, shared_border

SETTINGS = settings(max_examples=60, deadline=None)

lon = st.floats(min_value=14.0, max_value=30.0, allow_nan=False, allow_infinity=False)
lat = st.floats(min_value=52.0, max_value=57.0, allow_nan=False, allow_infinity=False)
angle = st.floats(min_value=0.0, max_value=2 * math.pi, allow_nan=False, allow_infinity=False)
length = st.floats(min_value=0.02, max_value=1.0, allow_nan=False, allow_infinity=False)
height = st.floats(min_value=0.1, max_value=1.0, allow_nan=False)
# The far side of a polygon, between its corners above Q and P: points at (fraction along the
# edge, height off it in edge lengths).
far_middle = st.lists(
    st.tuples(st.floats(min_value=0.05, max_value=0.95, allow_nan=False), height),
    max_size=4,
    unique_by=lambda point: round(point[0], 3),
)
# Interior vertices of the shared line, as fractions along the edge, nudged off the straight line.
shared_inner = st.lists(
    st.tuples(
        st.floats(min_value=0.05, max_value=0.95, allow_nan=False),
        st.floats(min_value=-0.02, max_value=0.02, allow_nan=False),
    ),
    max_size=4,
    unique_by=lambda point: round(point[0], 3),
)


@st.composite
def ring_layout(draw: st.DrawFn, size: int) -> tuple[bool, int]:
    """Whether to reverse a ring of ``size`` vertices, and where to start it."""
    return draw(st.booleans()), draw(st.integers(min_value=0, max_value=size - 1))


def _polygon(vertices: list[tuple[float, float]], reverse: bool, start: int) -> Polygon:
    ring = list(reversed(vertices)) if reverse else list(vertices)
    ring = ring[start:] + ring[:start]
    return Polygon(ring)


@st.composite
def neighbours(draw: st.DrawFn) -> tuple[Polygon, Polygon, LineString]:
    """Two simple polygons on either side of a shared polyline, in random ring layouts.

    Each polygon is the shared polyline, then a corner straight off Q, a chain of far-side points
    ordered back along the edge and a corner straight off P, all at least 0.1 edge lengths off
    the edge, beyond the shared line's nudges (at most 0.02): simple whatever the random values.
    """
    x0, y0, theta, size = draw(lon), draw(lat), draw(angle), draw(length)
    ux, uy = math.cos(theta) * size, math.sin(theta) * size  # along the edge
    nx, ny = -uy, ux  # its left normal, same length

    def at(t: float, h: float) -> tuple[float, float]:
        return (x0 + t * ux + h * nx, y0 + t * uy + h * ny)

    inner = sorted(draw(shared_inner))
    shared = [at(0.0, 0.0), *(at(t, h) for t, h in inner), at(1.0, 0.0)]

    def far(sign: float) -> list[tuple[float, float]]:
        middle = sorted(draw(far_middle), reverse=True)  # back from Q to P
        points = [(1.0, draw(height)), *middle, (0.0, draw(height))]
        return [at(t, sign * h) for t, h in points]

    a_vertices = shared + far(1.0)  # on the left
    b_vertices = shared + far(-1.0)  # on the right
    a = _polygon(a_vertices, *draw(ring_layout(len(a_vertices))))
    b = _polygon(b_vertices, *draw(ring_layout(len(b_vertices))))
    return a, b, LineString(shared)


@SETTINGS
@given(neighbours())
def test_generated_pairs_are_valid(pair: tuple[Polygon, Polygon, LineString]) -> None:
    """Guard for the generator: the properties below are about valid, touching polygons."""
    a, b, _ = pair
    assert a.is_valid and b.is_valid
    assert a.intersection(b).area <= 1e-12 * max(a.area, b.area)


@SETTINGS
@given(neighbours())
def test_exact_border_is_symmetric(pair: tuple[Polygon, Polygon, LineString]) -> None:
    a, b, _ = pair
    ab, ba = shared_border(a, b), shared_border(b, a)
    assert ab.equals(ba)
    # Both are normalised, so they are equal vertex for vertex too.
    assert shapely.equals_exact(ab, ba, tolerance=0.0)
    assert geodesic_km(ab) == geodesic_km(ba)


@SETTINGS
@given(neighbours())
def test_exact_border_is_the_shared_line(pair: tuple[Polygon, Polygon, LineString]) -> None:
    """The shared line is found whole, in one part, whatever the vertex order or ring start."""
    a, b, shared = pair
    border = shared_border(a, b)
    assert isinstance(border, LineString)
    assert border.equals(shared)
    expected_km = geod_km(*shared.coords)
    assert geodesic_km(border) >= 0
    assert geodesic_km(border) == pytest.approx(expected_km, rel=1e-9)


@SETTINGS
@given(neighbours(), ring_layout(4), ring_layout(4))
def test_exact_border_ignores_ring_layout(
    pair: tuple[Polygon, Polygon, LineString],
    a_layout: tuple[bool, int],
    b_layout: tuple[bool, int],
) -> None:
    """Re-laying out both rings gives the very same border (same vertices, same order)."""
    a, b, _ = pair
    a_vertices = list(a.exterior.coords)[:-1]
    b_vertices = list(b.exterior.coords)[:-1]
    a2 = _polygon(a_vertices, a_layout[0], a_layout[1] % len(a_vertices))
    b2 = _polygon(b_vertices, b_layout[0], b_layout[1] % len(b_vertices))
    assert shapely.equals_exact(shared_border(a, b), shared_border(a2, b2), tolerance=0.0)


@SETTINGS
@given(
    lon,
    lat,
    st.floats(min_value=0.02, max_value=0.5),
    st.floats(min_value=0.02, max_value=0.5),
    st.floats(min_value=0.02, max_value=0.5),
    st.lists(st.floats(min_value=0.01, max_value=0.99), max_size=4, unique=True),
    ring_layout(4),
    st.booleans(),
)
def test_meridian_edge_with_extra_vertices_on_one_side(
    x: float,
    y: float,
    height: float,
    west_width: float,
    east_width: float,
    extra: list[float],
    a_layout: tuple[bool, int],
    extra_on_west: bool,
) -> None:
    """A vertex that lies exactly on the neighbour's edge does not break the edge up."""
    top = y + height
    inner = [(x, y + f * height) for f in sorted(extra)]  # exactly on the meridian x
    west = [(x, y), *inner, (x, top), (x - west_width, top), (x - west_width, y)]
    east = [(x, top), (x, y), (x + east_width, y), (x + east_width, top)]
    if not extra_on_west:
        west = [(x, y), (x, top), (x - west_width, top), (x - west_width, y)]
        east = [(x, top), *reversed(inner), (x, y), (x + east_width, y), (x + east_width, top)]
    a = _polygon(west, a_layout[0], a_layout[1] % len(west))
    b = Polygon(east)
    edge = LineString([(x, y), (x, top)])
    for border in (shared_border(a, b), shared_border(b, a)):
        assert isinstance(border, LineString)
        assert border.equals(edge)
        assert geodesic_km(border) == pytest.approx(geod_km((x, y), (x, top)), rel=1e-9)


@SETTINGS
@given(neighbours())
def test_tolerance_border_covers_the_exact_one(pair: tuple[Polygon, Polygon, LineString]) -> None:
    a, b, shared = pair
    near = shared_border(a, b, DEFAULT_TOLERANCE_M)
    assert geodesic_km(near) >= 0
    # Within 1e-4° (metres): tolerance mode cuts in a local metric projection.
    assert shared.difference(near.buffer(1e-4)).length <= 1e-9
