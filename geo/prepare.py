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
  and Russia).

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
    are kept as they are; then only the invalid parts are repaired.
    """
    parts = shapely.get_parts(geom)
    if region is not None and len(parts):
        x0, y0, x1, y1 = region
        b = shapely.bounds(parts)
        outside = (b[:, 2] < x0) | (b[:, 0] > x1) | (b[:, 3] < y0) | (b[:, 1] > y1)
        inside = (b[:, 0] >= x0) & (b[:, 2] <= x1) & (b[:, 1] >= y0) & (b[:, 3] <= y1)
        crossing = ~outside & ~inside
        parts = np.concatenate([parts[inside], shapely.clip_by_rect(parts[crossing], *region)])
    parts = _polygons(parts)
    valid = shapely.is_valid(parts)
    repaired = not bool(valid.all())
    if repaired:
        fixed = shapely.make_valid(parts[~valid], method="structure", keep_collapsed=False)
        parts = np.concatenate([parts[valid], _polygons(fixed)])
    if len(parts) > 1:
        parts, nested = _drop_nested(parts)
        repaired = repaired or nested
    if len(parts) == 0:
        return shapely.MultiPolygon(), repaired
    return (parts[0] if len(parts) == 1 else shapely.multipolygons(parts)), repaired


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
