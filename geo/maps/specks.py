"""Islands and lakes too small to see at a map's closest zoom, left out of its land.

High-resolution boundary sources (OpenStreetMap's land polygons) hold tens of thousands of
skerries and ponds that Natural Earth never had; each survives simplification as a ring of a
few vertices and together they weigh megabytes. Dropping them by area, over the whole coverage
at once, keeps a map as light on those sources as on Natural Earth, without opening a gap
between neighbours: a piece that touches another country (it carries a border, like the
Kaliningrad exclave) stays whatever its size, and so does a lake that holds land.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import shapely

# Metres in a degree of latitude (and of longitude at the equator).
_M_PER_DEGREE = 111_320.0


def drop_specks(
    geoms: Any, min_area: Any, geographic: bool = False, lake_area: Any = None
) -> np.ndarray:
    """Each country of ``geoms`` without its islands and holes smaller than ``min_area``.

    Parameters
    ----------
    geoms
        Polygonal geometries, one per country, forming a coverage.
    min_area
        Square metres, one value for all or one per country.
    geographic
        ``geoms`` are in degrees of longitude and latitude (areas are then reckoned on the
        ground, closely enough for a pixel threshold); otherwise in metres.
    lake_area
        Square metres for the holes (lakes) instead, one value or one per country.

    Never dropped: a country's largest piece, a piece touching another country (it carries a
    border), a hole with any country's land inside it. Countries with nothing to drop come back
    as they were.

    Examples
    --------
    >>> from shapely import box, MultiPolygon
    >>> land = MultiPolygon([box(0, 0, 1000, 1000), box(2000, 0, 2010, 10)])
    >>> [g.geom_type for g in drop_specks([land], 1000.0)]
    ['Polygon']
    """
    geoms = np.asarray(geoms, dtype=object)
    limits = np.broadcast_to(np.asarray(min_area, dtype=float), geoms.shape)
    lakes = limits if lake_area is None else np.broadcast_to(np.asarray(lake_area), geoms.shape)
    parts, owner = shapely.get_parts(geoms, return_index=True)
    polygonal = shapely.get_type_id(parts) == 3
    parts, owner = parts[polygonal], owner[polygonal]
    if parts.size == 0:
        return geoms.copy()
    shells = shapely.polygons(shapely.get_exterior_ring(parts))
    area = _ground_area(shells, geographic)
    kept = ~(area < limits[owner]) | _largest(area, owner)
    candidates = np.flatnonzero(~kept)
    kept[candidates] = _touching_others(parts, shells, owner, candidates)
    changed = set(owner[~kept].tolist())
    parts, owner = parts[kept], owner[kept]
    parts, emptied = _fill_small_holes(parts, owner, lakes.astype(float), geographic)
    changed |= emptied
    result = geoms.copy()
    for index in changed:
        own = parts[owner == index]
        result[index] = own[0] if len(own) == 1 else shapely.MultiPolygon(list(own))
    return result


def drop_duplicates(geoms: Any) -> np.ndarray:
    """``geoms`` without the countries whose every piece another country also holds.

    A clean source never lists land twice, but osm-land-10m gives Åland's 780 islands both to
    Finland and to Åland (ALA): drawn twice they doubled the islands' weight and overlapped.
    Such a country comes back empty (the map shows its land as the other country's). Land
    that two countries share only in part (osm-land-10m gives a few islets of Crimea to both
    Russia and Ukraine) is left as the source has it: whose it is is not this module's call.
    Pieces are matched by their bounds, area and vertex count, then compared exactly: testing
    every piece against every other took minutes on that source.
    """
    geoms = np.asarray(geoms, dtype=object)
    parts, owner = shapely.get_parts(geoms, return_index=True)
    result = geoms.copy()
    if parts.size == 0:
        return result
    keys = np.column_stack(
        [shapely.bounds(parts), shapely.area(parts), shapely.get_num_coordinates(parts)]
    )
    _, group = np.unique(keys, axis=0, return_inverse=True)
    # for each piece, the other countries holding the same piece
    holders: list[set[int]] = [set() for _ in parts]
    order = np.argsort(group, kind="stable")
    for run in np.split(order, np.flatnonzero(np.diff(group[order])) + 1):
        if len(set(owner[run].tolist())) < 2:
            continue
        shapes = shapely.normalize(parts[run])
        for i, j in itertools.combinations(range(len(run)), 2):
            a, b = run[i], run[j]
            if owner[a] != owner[b] and shapely.equals_exact(shapes[i], shapes[j]):
                holders[a].add(int(owner[b]))
                holders[b].add(int(owner[a]))
    gone: set[int] = set()
    # smallest first, so that of two countries holding the same land one keeps it
    for index in np.argsort(shapely.area(geoms), kind="stable"):
        mine = np.flatnonzero(owner == index)
        if len(mine) and all(holders[p] - gone for p in mine):
            gone.add(int(index))
            result[index] = shapely.MultiPolygon()
    return result


def _ground_area(polygons: np.ndarray, geographic: bool) -> np.ndarray:
    """Areas in square metres; in degrees, scaled by the cosine of each polygon's latitude."""
    area = shapely.area(polygons)
    if not geographic:
        return np.asarray(area, dtype=float)
    bounds = shapely.bounds(polygons)
    latitude = np.radians((bounds[:, 1] + bounds[:, 3]) / 2)
    return np.asarray(area * _M_PER_DEGREE**2 * np.cos(latitude), dtype=float)


def _largest(area: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """True for each country's largest piece: a country never vanishes."""
    order = np.lexsort((-area, owner))
    _, first = np.unique(owner[order], return_index=True)
    largest = np.zeros(len(area), dtype=bool)
    largest[order[first]] = True
    return largest


def _touching_others(
    parts: np.ndarray, shells: np.ndarray, owner: np.ndarray, candidates: np.ndarray
) -> np.ndarray:
    """For each of the ``candidates`` pieces, whether it carries a border: it touches another
    country's piece from outside, or fills (part of) a lake of another country (an enclave).

    An overlap is an error of the source, not a border (osm-land-10m's Finland also holds all
    of Åland's 780 islands): such pieces may go. Pieces are tested against outer rings
    (``shells``) and lakes, each prepared once, with the small candidates in the tree: tested
    against whole pieces, a lake-riddled Russia took minutes.
    """
    touching = np.zeros(len(candidates), dtype=bool)
    if len(candidates) == 0:
        return touching
    tree = shapely.STRtree(shells[candidates])
    shell, piece = tree.query(shells, predicate="touches")
    touching[piece[owner[shell] != owner[candidates[piece]]]] = True
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    is_hole = np.ones(len(rings), dtype=bool)
    is_hole[np.unique(ring_part, return_index=True)[1]] = False  # each part's shell comes first
    if is_hole.any():
        lakes = shapely.STRtree(shapely.polygons(rings[is_hole]))
        piece, lake = lakes.query(parts[candidates], predicate="covered_by")
        touching[piece[owner[candidates[piece]] != owner[ring_part[is_hole][lake]]]] = True
    return touching


def _fill_small_holes(
    parts: np.ndarray, owner: np.ndarray, limits: np.ndarray, geographic: bool
) -> tuple[np.ndarray, set[int]]:
    """``parts`` with their small empty holes filled, and the countries that changed."""
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    is_hole = np.ones(len(rings), dtype=bool)
    is_hole[np.unique(ring_part, return_index=True)[1]] = False  # each part's shell comes first
    holes = shapely.polygons(rings[is_hole])
    hole_part = ring_part[is_hole]
    small = _ground_area(holes, geographic) < limits[owner[hole_part]]
    if not small.any():
        return parts, set()
    candidates = np.flatnonzero(small)
    tree = shapely.STRtree(holes[candidates])
    # a hole holding land (an enclave, an island in a lake) stays, or that land would overlap;
    # "intersects", not "contains": once simplified, an enclave need not match its hole exactly.
    # Only pieces smaller than the largest small hole can lie in one: they are the queries.
    shell_area = _ground_area(shapely.polygons(shapely.get_exterior_ring(parts)), geographic)
    small_parts = np.flatnonzero(shell_area <= limits.max())
    part, hole = tree.query(parts[small_parts], predicate="intersects")
    holding = hole[small_parts[part] != hole_part[candidates][hole]]
    fill = np.zeros(len(holes), dtype=bool)
    fill[candidates] = True
    fill[candidates[holding]] = False
    parts = parts.copy()
    touched = np.unique(hole_part[fill])
    for index in touched:
        own = rings[ring_part == index]
        keep = ~fill[hole_part == index]
        parts[index] = shapely.Polygon(own[0], [r for r, k in zip(own[1:], keep, strict=True) if k])
    return parts, {int(owner[i]) for i in touched}


def speck_area(tolerance_m: float) -> float:
    """Square metres under which an island or a lake goes, for outlines simplified at
    ``tolerance_m``: a square four tolerances (three pixels) wide."""
    return math.pow(4.0 * tolerance_m, 2)
