"""What a reader can see of a map: the ground size of a screen pixel at each zoom, and the
boxes of land a map of an extent must draw for screens of any shape."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import shapely
from shapely.geometry.base import BaseGeometry

if TYPE_CHECKING:
    from geo.maps.presets import Extent

# Land is clipped to what a reader can see (clip_extent) grown by this fraction.
CLIP_MARGIN = 0.1
# How far out readers may zoom from the fitted view (2 ** 0.25; the page sets minZoom so).
ZOOM_OUT = 1.19
# The most extreme screens a map must fill with land and sea at its opening view, whatever its
# own proportions: 21:9 landscape (a wide desktop) and 9:21 portrait (a tall phone).
# A 21:9 screen leaves the map a panel wider still under the headline (2100×900: 3:1).
WIDEST = 3.0
TALLEST = 21 / 9
# The opening view's few pixels of padding around the extent, as a factor (4 px of 360).
FIT = 1.03
# Metres per screen pixel at zoom 0 around 56° N, the middle of the region.
_M_PER_PX_Z0 = 156_543.03 * math.cos(math.radians(56.0))


def pixel_m(zoom: int) -> float:
    """Ground size of one screen pixel at ``zoom`` in the middle of the region, in metres."""
    return _M_PER_PX_Z0 / 256 * 256 / 2**zoom


def clip_boxes(
    extent: Extent, margin: float = CLIP_MARGIN, aspect: float = 2.0
) -> tuple[Extent, Extent]:
    """What a reader can ever see of a map of ``extent``: one box for wide screens, one for
    tall ones.

    The page fits ``extent`` exactly (a few pixels' padding aside) and lets readers zoom out a
    quarter level (a factor of 1.19): on a screen up to ``aspect`` times as wide as high, or
    1.25 times as high as wide, the view then stays inside these boxes grown by ``margin``.
    Screens of up to 21:9 either way (:data:`WIDEST`, :data:`TALLEST`) still open with the
    extent fitted inside them; only their zooming out is held back. A wide screen sees
    further east and west, a tall one further north and south, never both: the corners
    outside the two boxes are never drawn. Worked in Web Mercator, where the map is drawn.
    """
    west, south, east, north = extent
    y_south, y_north = _mercator_y(south), _mercator_y(north)
    width, height = east - west, y_north - y_south
    grow = ZOOM_OUT * (1 + margin)
    cx, cy = (west + east) / 2, (y_south + y_north) / 2
    wide_w = max(width * grow, height * aspect * grow, height * WIDEST * FIT) / 2
    tall_h = max(height * grow, width * 1.25 * grow, width * TALLEST * FIT) / 2

    def box(half_w: float, half_h: float) -> Extent:
        return (
            max(-180.0, cx - half_w),
            _latitude(cy - half_h),
            min(180.0, cx + half_w),
            _latitude(cy + half_h),
        )

    return box(wide_w, height * grow / 2), box(width * grow / 2, tall_h)


def clip_extent(extent: Extent, margin: float = CLIP_MARGIN, aspect: float = 2.0) -> Extent:
    """The smallest box holding both of :func:`clip_boxes`."""
    (w1, s1, e1, n1), (w2, s2, e2, n2) = clip_boxes(extent, margin, aspect)
    return (min(w1, w2), min(s1, s2), max(e1, e2), max(n1, n2))


def clip_shape(extent: Extent, margin: float = CLIP_MARGIN, aspect: float = 2.0) -> BaseGeometry:
    """Both of :func:`clip_boxes` as one polygon: the land drawn for a map of ``extent``."""
    return shapely.union_all([shapely.box(*b) for b in clip_boxes(extent, margin, aspect)])


def _mercator_y(lat: float) -> float:
    """Web Mercator northing in degree units (so it compares with longitude)."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def _latitude(y: float) -> float:
    y = max(-180.0, min(180.0, y))
    return math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)


def grown(extent: Extent, factor: float) -> Extent:
    """``extent`` grown about its middle by ``factor`` in Web Mercator."""
    west, south, east, north = extent
    y_south, y_north = _mercator_y(south), _mercator_y(north)
    half_w, half_h = (east - west) / 2 * factor, (y_north - y_south) / 2 * factor
    cx, cy = (west + east) / 2, (y_south + y_north) / 2
    return (cx - half_w, _latitude(cy - half_h), cx + half_w, _latitude(cy + half_h))
