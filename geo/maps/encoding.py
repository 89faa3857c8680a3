"""The compact geometry encoding the page decodes (templates/runtime.js).

Features readers hover or click travel as integer degree deltas; the fixed land paths travel in
whole Web Mercator pixels, ready to become SVG path commands. Both use the polyline algorithm's
variable-length characters, and both round equal vertices equally, so edges shared by two
neighbours stay shared on the page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geo.maps.viewport import pixel_m

DECIMALS = 5


def decimals_for_zoom(max_zoom: int) -> int:
    """Fewest decimal places of a degree whose step (0.1 m to 111 km) is under a pixel."""
    return max(1, math.ceil(math.log10(111_320.0 / pixel_m(max_zoom))))


def polyline(values: Sequence[int] | np.ndarray) -> str:
    """Integers in the polyline algorithm's characters (ASCII 63-126; five bits a character).

    >>> polyline([0, 1, -1, 16, 1000])
    '?A@_@o}@'
    """
    # zigzag (the sign into the lowest bit), then five bits a character, lowest first, each
    # but a value's last marked with 0x20; done on whole arrays, as a map writes 10^5 values
    numbers = np.asarray(values, dtype=np.int64)
    bits = np.where(numbers < 0, ~(numbers << 1), numbers << 1).astype(np.uint64)
    widest = int(bits.max()).bit_length() if bits.size else 0
    shifts = np.arange(0, max(widest, 1), 5, dtype=np.uint64)
    chunks = (bits[:, None] >> shifts) & np.uint64(0x1F)
    above = (bits[:, None] >> shifts) > np.uint64(0x1F)  # more characters follow this one
    length = 1 + above.sum(axis=1)
    used = np.arange(len(shifts)) < length[:, None]
    chars = (chunks | above.astype(np.uint64) << np.uint64(5)) + np.uint64(63)
    return chars[used].astype(np.uint8).tobytes().decode("ascii")


def encode(geom: BaseGeometry, decimals: int) -> dict[str, Any]:
    """A compact stand-in for a GeoJSON geometry: integer deltas at ``decimals`` places.

    Each line or ring becomes ``x0, y0, dx1, dy1, ...`` in units of 10^-decimals degrees,
    written as one string in the polyline algorithm's variable-length characters (two or three
    bytes a vertex, against ten or more for JSON numbers); the page's runtime turns it back into
    coordinates. Equal vertices on two neighbours encode equally, so shared edges stay shared.
    Points keep plain coordinates.
    """
    scale = 10**decimals

    def flat(coords: Any) -> str:
        return _steps(np.rint(np.asarray(coords)[:, :2] * scale).astype(np.int64))

    kind = geom.geom_type
    if kind == "Point":
        return {"type": kind, "coordinates": [round(geom.x, decimals), round(geom.y, decimals)]}
    if kind == "LineString":
        return {"type": kind, "z": flat(geom.coords)}
    if kind == "Polygon":
        return {"type": kind, "z": [flat(r.coords) for r in (geom.exterior, *geom.interiors)]}
    if kind == "MultiLineString":
        return {"type": kind, "z": [flat(g.coords) for g in geom.geoms]}
    if kind == "MultiPolygon":
        return {
            "type": kind,
            "z": [[flat(r.coords) for r in (p.exterior, *p.interiors)] for p in geom.geoms],
        }
    parts = [encode(g, decimals) for g in shapely.get_parts(geom) if not g.is_empty]
    return {"type": "GeometryCollection", "geometries": parts}


def land_zoom(max_zoom: int) -> int:
    """The zoom whose whole Web Mercator pixels the land is written in: ``max_zoom``, the
    closest zoom readers reach. A vertex moves half a pixel at most there, under the outlines'
    own simplification tolerance, and the outlines weigh a quarter less than in quarter pixels.
    """
    return max_zoom


def mercator_pixels(coords: Any, zoom: int) -> np.ndarray:
    """Longitude/latitude pairs as whole pixels of the Web Mercator world at ``zoom`` (256·2^zoom
    pixels wide, y down), projected as Leaflet's ``L.CRS.EPSG3857`` projects."""
    world = 256 * 2**zoom
    points = np.asarray(coords, dtype=float)
    lon, lat = points[:, 0], points[:, 1]
    sin = np.sin(np.radians(np.clip(lat, -85.0511287798, 85.0511287798)))
    x = world * (lon / 360 + 0.5)
    y = world * (0.5 - np.log((1 + sin) / (1 - sin)) / (4 * math.pi))
    return np.rint(np.column_stack([x, y])).astype(np.int64)


def encode_land(geom: BaseGeometry, zoom: int) -> dict[str, Any]:
    """Polygons nobody hovers or clicks, for the page's fixed land paths (runtime.js).

    Every ring, outer or hole, becomes ``x0, y0, dx1, dy1, ...`` in :func:`mercator_pixels` at
    ``zoom``, in the polyline characters: the deltas are the relative commands of an SVG path,
    so the page writes its path without projecting anything, and places it with a transform.
    Equal vertices round equally, so edges shared with a neighbour stay shared.
    """
    rings = [r for p in shapely.get_parts(geom) for r in (p.exterior, *p.interiors)]

    # (no "type": the runtime draws every "m" geometry as one path, whatever its parts)
    return {"m": [_steps(mercator_pixels(r.coords, zoom)) for r in rings], "w": zoom}


def _steps(points: np.ndarray) -> str:
    """Integer points as the first point and then each step to the next, in polyline characters."""
    deltas = np.vstack([points[:1], np.diff(points, axis=0)])
    return polyline(deltas.ravel())


def round_coords(geom: BaseGeometry, decimals: int = DECIMALS) -> BaseGeometry:
    """Round every coordinate; equal vertices stay equal, so shared edges stay shared."""
    return shapely.transform(geom, lambda xy: np.round(xy, decimals))
