"""Islands and lakes too small to see leave a map's land; nothing that carries a border does."""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, box

from geo.maps.specks import drop_duplicates, drop_specks, speck_area

# A metric coverage: a mainland A (10 km square) with a sea of islets and a pond-riddled
# interior, and a neighbour B whose tiny exclave sits on A's east coast.
LIMIT = 250.0**2  # square metres


def _islets(count: int, size: float) -> list[Polygon]:
    """``count`` islets of ``size`` metres square, in rows off A's north coast."""
    return [
        box(x, y, x + size, y + size)
        for x, y in ((200.0 + 300.0 * (i % 30), 10_300.0 + 300.0 * (i // 30)) for i in range(count))
    ]


def _ponds(count: int, size: float) -> list[list[tuple[float, float]]]:
    """``count`` square holes of ``size`` metres inside A."""
    rings = []
    for i in range(count):
        x, y = 500.0 + 400.0 * (i % 20), 500.0 + 400.0 * (i // 20)
        rings.append([(x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)])
    return rings


def _coverage() -> tuple[np.ndarray, dict[str, Polygon]]:
    ponds = _ponds(300, 20.0)  # 400 m² each: well under the limit
    lake = [(8_500.0, 8_500.0), (9_500.0, 8_500.0), (9_500.0, 9_500.0), (8_500.0, 9_500.0)]
    enclave_hole = [(8_000.0, 500.0), (8_010.0, 500.0), (8_010.0, 510.0), (8_000.0, 510.0)]
    mainland = Polygon(
        # the vertices at 5,000 and 5,020 m are the exclave's corners: shared edges match
        [(0, 0), (10_000, 0), (10_000, 10_000), (0, 10_000), (0, 5_020), (0, 5_000)],
        [*ponds, lake, enclave_hole],
    )
    # a big island far out, and hundreds of islets of 30 m
    island = box(0, 20_000, 2_000, 22_000)
    a = MultiPolygon([mainland, island, *_islets(400, 30.0)])
    # B: its mainland east of A, an exclave of 20 m on A's coast (touching A), a speck of its
    # own far out at sea (touching nobody), and a 10 m enclave filling a hole of A
    b_main = box(10_000, 0, 20_000, 10_000)
    exclave = box(-20, 5_000, 0, 5_020)
    speck = box(30_000, 30_000, 30_010, 30_010)
    enclave = box(8_000, 500, 8_010, 510)
    b = MultiPolygon([b_main, exclave, speck, enclave])
    parts = {"island": island, "exclave": exclave, "enclave": enclave, "lake": lake}
    return np.array([a, b], dtype=object), parts


def test_sub_pixel_islets_and_ponds_go_big_parts_and_border_pieces_stay() -> None:
    geoms, parts = _coverage()
    assert shapely.coverage_is_valid(geoms)
    a, b = drop_specks(geoms, LIMIT)

    a_parts = list(shapely.get_parts(a))
    assert len(a_parts) == 2  # the mainland and the big island; the 400 islets are gone
    assert any(p.equals(parts["island"]) for p in a_parts)
    mainland = max(a_parts, key=lambda p: p.area)
    holes = [Polygon(r) for r in mainland.interiors]
    # the 300 ponds are filled; the big lake stays, and so does the hole B's enclave fills
    assert len(holes) == 2
    assert any(h.equals(Polygon(parts["lake"])) for h in holes)
    assert any(h.equals(parts["enclave"]) for h in holes)

    b_parts = list(shapely.get_parts(b))
    assert any(p.equals(parts["exclave"]) for p in b_parts)  # it carries a border with A
    assert any(p.equals(parts["enclave"]) for p in b_parts)
    assert not any(p.intersects(box(29_000, 29_000, 31_000, 31_000)) for p in b_parts)
    assert len(b_parts) == 3

    # still a coverage: no neighbour lost an edge, no filled pond overlaps anything
    assert shapely.coverage_is_valid(np.array([a, b], dtype=object))


def test_a_country_never_vanishes_and_untouched_countries_come_back_as_they_were() -> None:
    tiny = MultiPolygon([box(0, 0, 10, 10), box(100, 100, 105, 105)])
    plain = box(1_000, 0, 2_000, 1_000)
    kept_tiny, kept_plain = drop_specks([tiny, plain], LIMIT)
    assert kept_tiny.equals(box(0, 0, 10, 10))  # the largest piece stays, however small
    assert kept_plain is plain


def test_thresholds_per_country_and_in_degrees() -> None:
    # 0.001° squares near 56° N are about 111 m × 62 m: 6,900 m²
    west = MultiPolygon([box(21.0, 56.0, 22.0, 57.0), box(20.0, 56.0, 20.001, 56.001)])
    east = MultiPolygon([box(23.0, 56.0, 24.0, 57.0), box(25.0, 56.0, 25.001, 56.001)])
    kept_low, kept_high = drop_specks([west, east], [5_000.0, 10_000.0], geographic=True)
    assert len(shapely.get_parts(kept_low)) == 2
    assert len(shapely.get_parts(kept_high)) == 1


def test_speck_area_is_three_pixels_square() -> None:
    assert speck_area(100.0) == 400.0**2


def test_a_country_listed_twice_goes_and_shared_or_enclosed_land_stays() -> None:
    """A country whose every piece another also holds (osm-land-10m's Åland, inside Finland
    too) leaves the map; land two countries share only in part, and an enclave, stay."""
    islands = [box(100.0 * i, 5_000, 100.0 * i + 50, 5_050) for i in range(5)]
    big = MultiPolygon([box(0, 0, 10_000, 4_000), *islands])
    copy = MultiPolygon([shapely.Polygon(list(p.exterior.coords)[::-1]) for p in islands])
    partly = MultiPolygon([islands[0], box(20_000, 0, 20_100, 100)])
    holed = Polygon(
        box(30_000, 0, 31_000, 1_000).exterior, [box(30_400, 400, 30_600, 600).exterior.coords]
    )
    enclave = box(30_400, 400, 30_600, 600)
    result = drop_duplicates([big, copy, partly, holed, enclave])
    assert result[0].equals(big)
    assert result[1].is_empty  # every piece held by the larger country, in any ring order
    assert result[2].equals(partly)
    assert result[3].equals(holed) and result[4].equals(enclave)
    # the same land twice, nothing else: one of the two keeps it
    first, second = drop_duplicates([copy, MultiPolygon(islands)])
    assert first.is_empty != second.is_empty
