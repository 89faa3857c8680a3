"""Web geometry for the maps: gap-free simplified coverages, zoom-derived tolerance and
precision, and the compact geometry encoding the page decodes."""

from __future__ import annotations

import pytest
import shapely
from shapely.geometry import LineString, MultiPolygon, Polygon

from geo.boundaries import load_countries
from geo.layers import Layers, build_layers
from geo.maps.encoding import decimals_for_zoom, encode, encode_land, land_zoom
from geo.maps.presets import ALL, get_preset
from geo.maps.viewport import pixel_m
from geo.maps.webgeom import (
    coverage_faults,
    preset_coverage,
    preset_geometries,
    tolerance_for_zoom,
)
from geo.seeds import load_seeds


@pytest.fixture(scope="module")
def layers() -> Layers:
    countries, source = load_countries()
    return build_layers(countries, source, load_seeds())


def _integers(text: str) -> list[int]:
    """The polyline decoding the page's runtime does, written again in Python."""
    values, index = [], 0
    while index < len(text):
        shift = bits = 0
        while True:
            b = ord(text[index]) - 63
            index += 1
            bits |= (b & 0x1F) << shift
            shift += 5
            if b < 0x20:
                break
        values.append(~(bits >> 1) if bits & 1 else bits >> 1)
    return values


def _decode(text: str, decimals: int) -> list[tuple[float, float]]:
    values = _integers(text)
    points, x, y = [], 0, 0
    for dx, dy in zip(values[::2], values[1::2], strict=True):
        x, y = x + dx, y + dy
        points.append((x / 10**decimals, y / 10**decimals))
    return points


@pytest.mark.realdata
@pytest.mark.parametrize("preset", ALL)
def test_simplified_coverage_has_no_gaps_or_overlaps(layers: Layers, preset: str) -> None:
    coverage = preset_coverage(layers, get_preset(preset))
    assert shapely.coverage_is_valid(coverage.geometry.values)
    edges, overlap, gap = coverage_faults(list(coverage.geometry.values))
    assert (edges, overlap, gap) == (0, 0.0, 0.0)
    # and the simplification did simplify
    original = shapely.get_num_coordinates(layers.frames["countries"].geometry.values).sum()
    assert shapely.get_num_coordinates(coverage.geometry.values).sum() < original / 4


@pytest.mark.realdata
def test_story_borders_are_drawn_on_the_simplified_edges(layers: Layers) -> None:
    countries, borders = preset_geometries(layers, get_preset("overview"))
    by_iso = dict(zip(countries["iso3"], countries.geometry, strict=True))
    line = dict(zip(borders["pair"], borders.geometry, strict=True))["POL-BLR"]
    assert line.length > 0
    assert by_iso["POL"].boundary.buffer(1e-9).covers(line)
    assert by_iso["BLR"].boundary.buffer(1e-9).covers(line)


def test_tolerance_and_precision_follow_the_zoom() -> None:
    assert pixel_m(8) == pytest.approx(pixel_m(7) / 2)
    assert tolerance_for_zoom(7) < pixel_m(7)  # under a pixel at the closest zoom
    assert tolerance_for_zoom(11) < tolerance_for_zoom(7)
    for zoom in range(3, 13):
        step_m = 111_320 / 10 ** decimals_for_zoom(zoom)
        assert step_m < pixel_m(zoom)  # rounding moves a vertex less than a pixel...
        assert step_m * 10 >= pixel_m(zoom)  # ...with no more digits than that needs


@pytest.mark.parametrize("decimals", [3, 4, 5])
def test_encoding_round_trips(decimals: int) -> None:
    ring = [(23.4567891, 53.1234567), (23.5, 53.0), (-0.00123, 53.2), (23.4567891, 53.1234567)]
    polygon = Polygon(ring)
    encoded = encode(MultiPolygon([polygon]), decimals)
    assert encoded["type"] == "MultiPolygon"
    decoded = _decode(encoded["z"][0][0], decimals)
    assert decoded == [(round(x, decimals), round(y, decimals)) for x, y in ring]
    line = encode(LineString(ring[:3]), decimals)
    assert _decode(line["z"], decimals) == decoded[:3]
    assert set("".join(line["z"])) <= {chr(c) for c in range(63, 127)}


def test_land_is_written_in_web_mercator_pixels() -> None:
    """encode_land's rings, summed up as the page's SVG path does, land on the pixels of
    EPSG:3857 (as pyproj projects it) at the land zoom, shared vertices on equal pixels."""
    from pyproj import Transformer

    zoom = land_zoom(7)
    west = Polygon([(22.0, 54.0), (23.5, 54.0), (23.5, 55.5), (22.0, 55.5)])
    hole = [(22.5, 54.5), (23.0, 54.5), (23.0, 55.0), (22.5, 54.5)]
    east = Polygon([(23.5, 54.0), (25.0, 54.2), (23.5, 55.5)], [hole])
    encoded = encode_land(MultiPolygon([west, east]), zoom)
    assert encoded["type"] == "MultiPolygon" and encoded["w"] == zoom
    assert len(encoded["m"]) == 3  # two outer rings and a hole, for an even-odd fill
    to_metres = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    half = 20037508.342789244
    world = 256 * 2**zoom
    pixels = {}
    for text, ring in zip(
        encoded["m"], (west.exterior, east.exterior, east.interiors[0]), strict=True
    ):
        values = _integers(text)
        x, y = 0, 0
        for (lon, lat), dx, dy in zip(ring.coords, values[::2], values[1::2], strict=True):
            x, y = x + dx, y + dy
            mx, my = to_metres.transform(lon, lat)
            assert abs(x - (mx + half) / (2 * half) * world) <= 0.5
            assert abs(y - (half - my) / (2 * half) * world) <= 0.5
            pixels.setdefault((lon, lat), set()).add((x, y))
    assert all(len(found) == 1 for found in pixels.values())
