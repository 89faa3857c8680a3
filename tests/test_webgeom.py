"""Web geometry for the maps: gap-free simplified coverages, zoom-derived tolerance and
precision, and the compact geometry encoding the page decodes."""

from __future__ import annotations

import dataclasses
import json

import geopandas as gpd
import numpy as np
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import LineString, MultiPolygon, Polygon

from geo.boundaries import load_countries, russia_parts
from geo.layers import Layers, build_layers
from geo.maps.encoding import decimals_for_zoom, encode, encode_land, land_zoom, polyline
from geo.maps.presets import ALL, Extent, get_preset
from geo.maps.viewport import CLIP_MARGIN, clip_extent, pixel_m
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


@given(st.lists(st.integers(min_value=-(2**62), max_value=2**62 - 1), max_size=40))
def test_polyline_characters_decode_to_the_same_integers(values: list[int]) -> None:
    # any sign and size, one character to thirteen: what the page's decoder reads back
    text = polyline(np.array(values, dtype=np.int64))
    assert text.isascii() and all(63 <= ord(ch) <= 126 for ch in text)
    assert _integers(text) == values
    assert polyline(values) == text


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
    assert set(encoded) == {"m", "w"} and encoded["w"] == zoom
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


def _high_resolution(layers: Layers) -> Layers:
    """``layers`` as a detailed source would give them: Latvia with 2,000-odd ponds of 100 m
    and a field of 500 islets of 200 m in the open Baltic (as OpenStreetMap's land polygons
    have, by the ten thousand, around the Baltic and in Finland)."""
    frame = layers.frames["countries"].copy()
    row = frame.index[frame["iso3"] == "LVA"][0]
    latvia = frame.at[row, "geometry"]
    mainland = max(shapely.get_parts(latvia), key=lambda p: p.area)
    inner = mainland.buffer(-0.02)
    xs = np.arange(mainland.bounds[0], mainland.bounds[2], 0.05)
    ys = np.arange(mainland.bounds[1], mainland.bounds[3], 0.03)
    ponds = [
        shapely.box(x, y, x + 0.0015, y + 0.0009)
        for x in xs
        for y in ys
        if inner.contains(shapely.Point(x, y))
    ]
    islets = [
        shapely.box(x, y, x + 0.003, y + 0.0018)
        for x in np.arange(19.6, 20.6, 0.05)
        for y in np.arange(56.0, 57.25, 0.05)
    ]
    land = shapely.union_all(frame.geometry.values)
    assert not any(land.intersects(i) for i in islets)  # open sea, as intended
    assert len(ponds) > 2000 and len(islets) == 500
    holed = Polygon(mainland.exterior, [*mainland.interiors, *(p.exterior for p in ponds)])
    others = [p for p in shapely.get_parts(latvia) if p is not mainland and not p.equals(mainland)]
    frame.at[row, "geometry"] = MultiPolygon([holed, *others, *islets])
    return dataclasses.replace(layers, frames={**layers.frames, "countries": frame})


def _land_bytes(countries: gpd.GeoDataFrame, zoom: int) -> int:
    return sum(len(json.dumps(encode_land(g, zoom))) for g in countries.geometry)


@pytest.mark.realdata
def test_a_high_resolution_source_weighs_what_natural_earth_weighs(layers: Layers) -> None:
    """Sub-pixel islets and lakes leave the web geometry, whatever the source holds; the
    countries' large parts and the Kaliningrad exclave stay, and the coverage stays gap-free."""
    preset = get_preset("overview")
    detailed = _high_resolution(layers)
    plain_countries, _ = preset_geometries(layers, preset)
    countries, borders = preset_geometries(detailed, preset)
    zoom = land_zoom(preset.max_zoom)
    assert _land_bytes(countries, zoom) <= _land_bytes(plain_countries, zoom) * 1.01

    def pieces(frame: gpd.GeoDataFrame, iso3: str) -> tuple[int, int]:
        geom = frame.geometry[frame["iso3"] == iso3].iloc[0]
        parts = shapely.get_parts(geom)
        return len(parts), int(shapely.get_num_interior_rings(parts).sum())

    assert pieces(countries, "LVA") == pieces(plain_countries, "LVA")
    exclave, mainland = russia_parts(countries.geometry[countries["iso3"] == "RUS"].iloc[0])
    assert exclave and mainland
    assert shapely.union_all(exclave).area > 1.0  # square degrees: the whole oblast
    coverage = preset_coverage(detailed, preset)
    assert coverage_faults(list(coverage.geometry.values)) == (0, 0.0, 0.0)
    assert {"LVA-RUS", "LVA-BLR"} <= set(borders["pair"])


def _wiggled(layers: Layers, area: Extent, amplitude: float, wavelength: float) -> Layers:
    """``layers`` within ``area`` as an over-detailed source would give them: every outline
    with a vertex every quarter wavelength, each moved by the same smooth wiggle (degrees),
    so neighbours still share their edges vertex for vertex (as OpenStreetMap's 10 m coasts
    and river borders keep detail Natural Earth generalised away)."""
    frame = layers.frames["countries"].copy()
    frame["geometry"] = shapely.clip_by_rect(frame.geometry.values, *area)
    frame = frame[~frame.geometry.is_empty]
    dense = shapely.segmentize(frame.geometry.values, wavelength / 4)
    # rounding first makes the vertices a shared edge gets from both sides exactly equal
    dense = shapely.set_precision(dense, 1e-7)

    def wiggle(xy: np.ndarray) -> np.ndarray:
        phase = 2 * np.pi / wavelength
        return xy + amplitude * np.column_stack(
            [np.sin(xy[:, 1] * phase), np.cos(xy[:, 0] * phase)]
        )

    frame["geometry"] = shapely.make_valid(shapely.transform(dense, wiggle))
    return dataclasses.replace(layers, frames={**layers.frames, "countries": frame})


@pytest.mark.realdata
def test_an_over_detailed_source_keeps_within_the_vertex_budget(layers: Layers) -> None:
    """A source whose outlines keep far more detail than the map's tolerance removes is
    simplified further until its land fits the preset's budget; the coverage stays gap-free,
    the story's borders are still drawn, and Natural Earth (within budget) is left as it was."""
    preset = get_preset("suwalki-gap")
    assert preset.max_vertices
    unlimited = dataclasses.replace(preset, max_vertices=0)
    plain = preset_geometries(layers, preset)[0]
    assert plain.geom_equals(preset_geometries(layers, unlimited)[0]).all()

    # wider than the map's land, so that the map cuts through the detail, not along it
    west, south, east, north = clip_extent(preset.extent, CLIP_MARGIN, preset.max_aspect)
    area = (west - 0.5, south - 0.5, east + 0.5, north + 0.5)
    detailed = _wiggled(layers, area, amplitude=0.0005, wavelength=0.004)
    loose = preset_geometries(detailed, unlimited)[0]

    def vertices(frame: gpd.GeoDataFrame) -> int:
        return int(shapely.get_num_coordinates(frame.geometry.values).sum())

    assert vertices(loose) > 2 * preset.max_vertices  # over budget without it
    countries, borders = preset_geometries(detailed, preset)
    assert vertices(countries) <= preset.max_vertices
    assert coverage_faults(list(preset_coverage(detailed, preset).geometry.values)) == (0, 0, 0)
    assert {"POL-RUS", "LTU-RUS", "LTU-BLR", "POL-BLR"} <= set(borders["pair"])
    # every country of the map is still there, the Kaliningrad exclave whole
    assert set(countries["iso3"]) == set(loose["iso3"])
    exclave, _ = russia_parts(countries.geometry[countries["iso3"] == "RUS"].iloc[0])
    assert (
        shapely.union_all(exclave).area
        > 0.5
        * shapely.union_all(russia_parts(plain.geometry[plain["iso3"] == "RUS"].iloc[0])[0]).area
    )
