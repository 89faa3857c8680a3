"""Cut country polygons to the region the maps need and repair them, fast. No I/O.

What was measured (OpenStreetMap land borders at 10 m, the 36 countries reaching into the map
region, 2 cores; see the README's benchmark section):

* ``make_valid`` on whole countries is what made a world file take an hour: its cost grows
  faster than the vertex count, and it pays for every part of a country even when one ring of
  thousands is broken. Checking each *part* first and repairing only the invalid ones is
  several times faster (Norway: 51 of 4,645 parts invalid).
* ``method="structure"`` repairs the same rings in a fraction of the time ``"linework"`` takes
  (Norway: 39 s against more than 10 minutes, stopped), and keeps both lobes of a bow-tie.
* ``set_precision`` and snapping overlays refuse invalid input (GEOS TopologyException);
  ``buffer(0)`` is fast but drops one lobe of every bow-tie.
* Parts nested inside another part of the same country ("nested shells": an island part drawn
  inside the mainland's shell) are found with one point-in-polygon test per part against the
  large parts and dropped, instead of a union of thousands of parts (20–30 s each for Norway
  and Russia). Parts that still overlap or share an edge (clipping and repair leave some) are
  unioned group by group; parts touching at a point are left as they are.
* Holes are what costs: Russia's outline has 191,000 lakes. ``clip_by_rect`` tests each hole
  against the clipped shell (9 s), ``make_valid`` unions them all (43 s for the European part)
  and so does ``is_valid`` on a valid result (10 s). :func:`_clip` and :func:`_repair` handle
  only the shell and the holes that need it and put the others back; Russia now takes 10 s
  of CPU in all, the 36 countries of the region 26 s instead of 90 s.
Countries are independent, so they are prepared on a thread pool: shapely releases the GIL in
its vectorised functions, so two threads use both cores.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

POLYGON = 3
#: Parts with more vertices than this are tested as containers of the others.
CONTAINER_MIN_VERTICES = 1_000
#: Polygons with at least this many holes are repaired ring by ring (:func:`_repair`).
RING_REPAIR_MIN_HOLES = 64


def workers() -> int:
    """Threads to prepare countries on: every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def prepare_country(
    geom: BaseGeometry, region: tuple[float, float, float, float] | None
) -> tuple[BaseGeometry, bool]:
    """The polygonal part of ``geom`` inside ``region``, valid; and whether it needed repair.

    Parts wholly outside the region are dropped, parts crossing its edge are clipped, the rest
    are kept as they are; then only the invalid parts are repaired, and parts that overlap or
    share an edge are merged, so the whole is a valid (multi)polygon.
    """
    parts = shapely.get_parts(geom)
    repaired_in_clip = False
    if region is not None and len(parts):
        x0, y0, x1, y1 = region
        b = shapely.bounds(parts)
        outside = (b[:, 2] < x0) | (b[:, 0] > x1) | (b[:, 3] < y0) | (b[:, 1] > y1)
        inside = (b[:, 0] >= x0) & (b[:, 2] <= x1) & (b[:, 1] >= y0) & (b[:, 3] <= y1)
        crossing = ~outside & ~inside
        cuts = [_clip(part, region) for part in parts[crossing]]
        clipped = [cut for cut, _ in cuts]
        parts = np.concatenate([parts[inside], np.array(clipped, dtype=object)])
        repaired_in_clip = any(fixed for _, fixed in cuts)
    parts = _polygons(parts)
    valid = shapely.is_valid(parts)
    repaired = repaired_in_clip or not bool(valid.all())
    if repaired:
        fixed = np.array([_repair(part) for part in parts[~valid]], dtype=object)
        parts = np.concatenate([parts[valid], _polygons(fixed)])
    if len(parts) > 1:
        parts, nested = _drop_nested(parts)
        parts, merged = _merge_touching(parts)
        repaired = repaired or nested or merged
    if len(parts) == 0:
        return shapely.MultiPolygon(), repaired
    # each part is valid (checked, or made so) and no two meet, so the whole is valid
    return (parts[0] if len(parts) == 1 else shapely.multipolygons(parts)), repaired


def _clip(
    polygon: BaseGeometry, region: tuple[float, float, float, float]
) -> tuple[BaseGeometry, bool]:
    """One polygon cut to ``region`` (within the polygon's box, valid or not), and whether it
    had to be repaired first.

    GEOS's rectangle clip trusts its input: on a polygon that crosses itself (a bow-tie) it can
    answer with the whole rectangle (osm-land-10m's Croatia then filled the region from the
    Alps to the Arctic). Such a result is caught by its bounds and the polygon is repaired,
    then cut by an overlay.
    """
    clipped = _clip_fast(polygon, region)
    x0, y0, x1, y1 = shapely.bounds(polygon)
    if clipped.is_empty:
        return clipped, False
    cx0, cy0, cx1, cy1 = shapely.bounds(clipped)
    if cx0 >= x0 and cy0 >= y0 and cx1 <= x1 and cy1 <= y1:
        return clipped, False
    fixed = shapely.make_valid(polygon, method="structure", keep_collapsed=False)
    return shapely.intersection(fixed, shapely.box(*region)), True


def _clip_fast(polygon: BaseGeometry, region: tuple[float, float, float, float]) -> BaseGeometry:
    """``clip_by_rect`` of one polygon, fast for polygons with thousands of holes.

    GEOS's rectangle clip tests every hole against the clipped shell: Russia's outline, with
    191,000 lakes as holes, took 9 s and more. Holes wholly outside the region cannot change
    the result and are dropped; holes wholly inside it and properly inside the clipped shell
    are put back without being clipped; only the shell and the few other holes are clipped.
    """
    rings = shapely.get_rings(polygon)
    shell, holes = rings[0], rings[1:]
    x0, y0, x1, y1 = region
    b = shapely.bounds(holes).reshape(-1, 4)
    outside = (b[:, 2] < x0) | (b[:, 0] > x1) | (b[:, 3] < y0) | (b[:, 1] > y1)
    if len(holes) < RING_REPAIR_MIN_HOLES:
        return shapely.clip_by_rect(shapely.polygons(shell, holes=holes[~outside]), *region)
    inside = (b[:, 0] > x0) & (b[:, 2] < x1) & (b[:, 1] > y0) & (b[:, 3] < y1)
    outline = shapely.clip_by_rect(shapely.polygons(shell), *region)
    shapely.prepare(outline)
    kept = inside.copy()
    kept[inside] = shapely.contains_properly(outline, shapely.polygons(holes[inside]))
    rest = holes[~outside & ~kept]
    base = shapely.clip_by_rect(shapely.polygons(shell, holes=rest), *region)
    result = _add_holes(base, holes[kept])
    if result is None:
        return shapely.clip_by_rect(shapely.polygons(shell, holes=holes[~outside]), *region)
    return result


def _repair(polygon: BaseGeometry) -> BaseGeometry:
    """``make_valid`` (structure) of one polygon, repairing only the rings that need it.

    ``make_valid`` unions every hole, so its cost follows the number of holes, not the number
    of faults: European Russia, with 52,000 lakes as holes and a fault in 1,200 of them, took
    43 s. Holes that are valid, meet no other hole and lie properly inside the repaired shell
    cannot change the result, so only the shell and the other holes go through ``make_valid``
    (under a second) and the good holes are put back into the piece that contains them.
    """
    rings = shapely.get_rings(polygon)
    shell, holes = rings[0], rings[1:]
    if len(holes) < RING_REPAIR_MIN_HOLES:
        return shapely.make_valid(polygon, method="structure", keep_collapsed=False)
    outline = shapely.make_valid(shapely.polygons(shell), method="structure", keep_collapsed=False)
    hole_polygons = shapely.polygons(holes)
    good = shapely.is_valid(hole_polygons)
    # a good hole meets no other hole: tested against the valid holes as they are and the
    # invalid ones as repaired, since predicates on invalid shapes are unreliable
    tested = hole_polygons.copy()
    tested[~good] = shapely.make_valid(hole_polygons[~good], method="structure")
    left, right = shapely.STRtree(tested).query(tested, predicate="intersects")
    good[left[left != right]] = False
    good[right[left != right]] = False
    shapely.prepare(outline)
    good &= shapely.contains_properly(outline, hole_polygons)
    # the result is outline minus the repaired bad holes; a good hole lies inside it without
    # touching any ring, so putting it back keeps the polygon valid (no is_valid needed: on a
    # polygon with 50,000 holes it alone costs 10 s)
    core = shapely.make_valid(
        shapely.polygons(shell, holes=holes[~good]), method="structure", keep_collapsed=False
    )
    result = _add_holes(core, holes[good])
    if result is None:
        return shapely.make_valid(polygon, method="structure", keep_collapsed=False)
    return result


def _add_holes(core: BaseGeometry, holes: np.ndarray) -> BaseGeometry | None:
    """``core``'s polygons with ``holes`` added to the one containing each; None if one fits
    in none of them."""
    pieces = _polygons(np.array([core], dtype=object))
    if not len(holes):
        return core
    xy = shapely.get_coordinates(shapely.get_point(holes, 0))
    owner = np.full(len(holes), -1)
    for index, piece in enumerate(pieces):
        free = np.flatnonzero(owner < 0)
        inside = shapely.contains_xy(piece, xy[free, 0], xy[free, 1])
        owner[free[inside]] = index
    if (owner < 0).any():
        return None
    rebuilt = [
        shapely.polygons(
            shapely.get_exterior_ring(piece),
            holes=np.concatenate([shapely.get_rings(piece)[1:], holes[owner == index]]),
        )
        for index, piece in enumerate(pieces)
    ]
    return rebuilt[0] if len(rebuilt) == 1 else shapely.multipolygons(rebuilt)


def _polygons(geoms: np.ndarray) -> np.ndarray:
    parts = shapely.get_parts(geoms)
    return parts[(shapely.get_type_id(parts) == POLYGON) & ~shapely.is_empty(parts)]


def _drop_nested(parts: np.ndarray) -> tuple[np.ndarray, bool]:
    """Drop parts lying inside another, larger part; whether any were."""
    sizes = shapely.get_num_coordinates(parts)
    order = np.argsort(-shapely.area(parts), kind="stable")
    parts, sizes = parts[order], sizes[order]
    points = shapely.point_on_surface(parts)
    xy = shapely.get_coordinates(points)
    drop = np.zeros(len(parts), dtype=bool)
    for index in np.flatnonzero(sizes >= CONTAINER_MIN_VERTICES):
        if drop[index]:
            continue
        container = parts[index]
        shapely.prepare(container)
        later = np.arange(index + 1, len(parts))
        inside = shapely.contains_xy(container, xy[later, 0], xy[later, 1])
        candidates = later[inside & ~drop[later]]
        if len(candidates):
            drop[candidates[shapely.covers(container, parts[candidates])]] = True
        shapely.destroy_prepared(container)
    return parts[~drop], bool(drop.any())


def _merge_touching(parts: np.ndarray) -> tuple[np.ndarray, bool]:
    """Union the groups of parts that meet (overlap, share an edge); whether there were any.

    Parts repaired one by one can overlap, and clipping can leave two parts sharing the
    region's edge: each is valid, the multipolygon is not. Only the parts that meet another
    are unioned, group by group, never the whole country.
    """
    # candidates by envelope, then each tested with the larger part prepared: the other way
    # round GEOS walks the large part's vertices once per small part
    left, right = shapely.STRtree(parts).query(parts)
    candidates = left < right
    left, right = left[candidates], right[candidates]
    sizes = shapely.get_num_coordinates(parts)
    larger = np.where(sizes[left] >= sizes[right], left, right)
    smaller = np.where(sizes[left] >= sizes[right], right, left)
    pairs = np.zeros(len(left), dtype=bool)
    for index in np.unique(larger):
        these = larger == index
        shapely.prepare(parts[index])
        pairs[these] = shapely.intersects(parts[index], parts[smaller[these]])
        shapely.destroy_prepared(parts[index])
    # parts touching at a point are a valid multipolygon; only shared interiors or edges are not
    meeting = np.flatnonzero(pairs)
    matrices = shapely.relate(parts[larger[meeting]], parts[smaller[meeting]])
    pairs[meeting] = [m[0] != "F" or m[4] == "1" for m in matrices]
    if not pairs.any():
        return parts, False
    left, right = larger, smaller
    group = np.arange(len(parts))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = int(group[i])
        return i

    for i, j in zip(left[pairs].tolist(), right[pairs].tolist(), strict=True):
        group[root(i)] = root(j)
    roots = np.array([root(i) for i in range(len(parts))])
    alone = np.bincount(roots, minlength=len(parts))[roots] == 1
    merged = [shapely.union_all(parts[roots == r]) for r in np.unique(roots[~alone])]
    return np.concatenate([parts[alone], _polygons(np.array(merged, dtype=object))]), True


def prepare_countries(
    geoms: Sequence[BaseGeometry], region: tuple[float, float, float, float] | None
) -> list[tuple[BaseGeometry, bool]]:
    """:func:`prepare_country` for each geometry, the largest first, on every core."""
    sizes = shapely.get_num_coordinates(np.asarray(geoms, dtype=object))
    order = sorted(range(len(geoms)), key=lambda i: -int(sizes[i]))
    results: list[tuple[BaseGeometry, bool] | None] = [None] * len(geoms)
    with ThreadPoolExecutor(max_workers=workers()) as pool:
        futures = {i: pool.submit(prepare_country, geoms[i], region) for i in order}
        for i, future in futures.items():
            results[i] = future.result()
    return [r for r in results if r is not None]
