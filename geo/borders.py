"""Derive the borders two countries share and measure them geodesically. No I/O.

Two modes:

* exact (``tolerance_m=None``): the arcs both outlines have in common. Right for topologically
  clean sources such as Natural Earth, whose neighbours share their vertices.
* tolerance (``tolerance_m=200`` by default on request): the part of the first country's outline
  that lies within ``tolerance_m`` metres of the second country. Right for sources whose
  neighbours do not coincide (slivers, overlaps). The line follows the first country's edge and
  may overrun each end by about the tolerance (more where the outlines meet at a slant).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import shapely
from pyproj import CRS, Geod, Transformer
from shapely.geometry import LineString, MultiLineString
from shapely.geometry.base import BaseGeometry

from geo.boundaries import KALININGRAD, MAINLAND, split_regions
from geo.errors import BoundaryError

if TYPE_CHECKING:
    import geopandas as gpd

DEFAULT_TOLERANCE_M = 200.0
WITHDRAWING_ISO3: tuple[str, ...] = ("POL", "LTU", "LVA", "EST")
ADVERSARY_ISO3: tuple[str, ...] = ("RUS", "BLR")
# Parts shorter than this are tripoint artefacts, not borders.
MIN_BORDER_KM = 0.5
_GEOD = Geod(ellps="WGS84")
log = logging.getLogger(__name__)


def geodesic_km(geom: BaseGeometry) -> float:
    """Geodesic length on the WGS84 ellipsoid, in km, of a lon/lat line geometry."""
    if geom.is_empty:
        return 0.0
    return float(_GEOD.geometry_length(geom)) / 1000.0


def shared_border(
    a: BaseGeometry, b: BaseGeometry, tolerance_m: float | None = None
) -> LineString | MultiLineString:
    """The line two polygons share, merged into as few parts as possible.

    Parameters
    ----------
    a, b
        Polygons in lon/lat degrees (EPSG:4326).
    tolerance_m
        ``None`` for exact shared arcs; a distance in metres for sources whose neighbours do not
        coincide exactly.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> shared_border(box(0, 0, 1, 1), box(1, 0, 2, 1)).wkt
    'LINESTRING (1 0, 1 1)'
    """
    if a.is_empty or b.is_empty:
        return MultiLineString()
    if tolerance_m is None:
        common = shapely.intersection(a.boundary, b.boundary)
    else:
        common = _near_part(a, b, tolerance_m)
    return _merge_lines(common)


def _near_part(a: BaseGeometry, b: BaseGeometry, tolerance_m: float) -> BaseGeometry:
    """The part of a's outline within tolerance_m metres of b, computed in a local metric CRS."""
    # Only the part of b near a matters: cut b to a's box grown by the tolerance first, so a
    # 10 m Russia is not projected and buffered whole for Latvia's border.
    x0, y0, x1, y1 = a.bounds
    pad_lat = 2 * tolerance_m / 111_000
    pad_lon = pad_lat / max(math.cos(math.radians(max(abs(y0), abs(y1)))), 0.01)
    b = shapely.clip_by_rect(b, x0 - pad_lon, y0 - pad_lat, x1 + pad_lon, y1 + pad_lat)
    if b.is_empty:
        return MultiLineString()
    centre = shapely.union(a.envelope, b.envelope).centroid
    local = CRS.from_proj4(
        f"+proj=aeqd +lat_0={centre.y} +lon_0={centre.x} +datum=WGS84 +units=m +no_defs"
    )
    forward = Transformer.from_crs("EPSG:4326", local, always_xy=True).transform
    back = Transformer.from_crs(local, "EPSG:4326", always_xy=True).transform
    a_m, b_m = _transform(forward, a), _transform(forward, b)
    if a_m.distance(b_m) > tolerance_m:
        return MultiLineString()
    near = shapely.intersection(a_m.boundary, b_m.buffer(tolerance_m))
    return _transform(back, near)


def _transform(func: Callable[..., Any], geom: BaseGeometry) -> BaseGeometry:
    """Apply a (x, y) -> (x, y) coordinate function, e.g. ``Transformer.transform``.

    ``shapely.ops.transform`` is deprecated since Shapely 2.2; this is its vectorised successor.
    """
    return shapely.transform(geom, func, interleaved=False)


def _merge_lines(geom: BaseGeometry) -> LineString | MultiLineString:
    lines = [
        part for part in shapely.get_parts(geom) if isinstance(part, LineString) and part.length > 0
    ]
    nested = [
        line
        for part in shapely.get_parts(geom)
        if isinstance(part, MultiLineString)
        for line in part.geoms
    ]
    lines += nested
    if not lines:
        return MultiLineString()
    merged = shapely.line_merge(MultiLineString(lines))
    # line_merge keeps ring starts; normalise so equal borders compare equal whatever the input.
    merged = shapely.normalize(merged)
    if isinstance(merged, LineString | MultiLineString):
        return merged
    return MultiLineString([g for g in shapely.get_parts(merged) if isinstance(g, LineString)])


@dataclass(frozen=True)
class Border:
    """A border between a withdrawing state and Russia or Belarus."""

    pair: str
    a_iso3: str
    b_iso3: str
    region: str
    geometry: LineString | MultiLineString

    @property
    def length_km(self) -> float:
        return geodesic_km(self.geometry)

    @property
    def parts(self) -> int:
        return len(shapely.get_parts(self.geometry))

    @property
    def vertices(self) -> int:
        return int(shapely.get_num_coordinates(self.geometry))


#: Breaks in a border line at least this long are reported as crossings of water.
MIN_WATER_GAP_KM = 5.0


def gaps_km(line: BaseGeometry) -> list[float]:
    """The breaks between the parts of a border line, in km, longest first.

    The parts are joined by the shortest links that connect them all (a minimum spanning tree
    of their geodesic distances), so each link is one break the line has to jump. On land-only
    outlines the long breaks are the lakes, lagoons and wide rivers the border crosses.
    """
    import numpy as np

    parts = list(shapely.get_parts(line))
    count = len(parts)
    if count < 2:
        return []
    distance = np.full((count, count), np.inf)
    for i in range(count):
        for j in range(i + 1, count):
            km = geodesic_km(shapely.shortest_line(parts[i], parts[j]))
            distance[i, j] = distance[j, i] = km
    joined = np.zeros(count, dtype=bool)
    joined[0] = True
    nearest = distance[0].copy()
    links = []
    for _ in range(count - 1):  # Prim's algorithm
        nearest[joined] = np.inf
        k = int(np.argmin(nearest))
        links.append(float(nearest[k]))
        joined[k] = True
        nearest = np.minimum(nearest, distance[k])
    return sorted(links, reverse=True)


def water_note(border: Border) -> str:
    """For a land-only source: the warning that ``border`` crosses water and is short; or ""."""
    gaps = [km for km in gaps_km(border.geometry) if km >= MIN_WATER_GAP_KM]
    if not gaps:
        return ""
    return (
        f"land-only outlines: the line breaks {len(gaps)} time(s), over at least "
        f"{sum(gaps):.0f} km in a straight line, where the border crosses water (lakes, "
        "lagoons, wide rivers); those stretches are not measured, so this length is short"
    )


def _regions_of(countries: gpd.GeoDataFrame) -> dict[tuple[str, str], BaseGeometry]:
    regions = split_regions(countries)
    return {
        (iso3, region): geom
        for iso3, region, geom in zip(
            regions["iso3"], regions["region"], regions.geometry, strict=True
        )
    }


def border_between(
    countries: gpd.GeoDataFrame,
    a_iso3: str,
    b_iso3: str,
    b_region: str = "",
    tolerance_m: float | None = None,
) -> Border:
    """The border of ``a_iso3`` with ``b_iso3`` (or one of its regions, for Russia)."""
    regions = _regions_of(countries)
    a = _whole(regions, a_iso3)
    b = regions[(b_iso3, b_region)] if b_region else _whole(regions, b_iso3)
    return Border(f"{a_iso3}-{b_iso3}", a_iso3, b_iso3, b_region, shared_border(a, b, tolerance_m))


def _whole(regions: dict[tuple[str, str], BaseGeometry], iso3: str) -> BaseGeometry:
    parts = [geom for (code, _), geom in regions.items() if code == iso3]
    if not parts:
        msg = f"no polygon for {iso3}"
        raise KeyError(msg)
    return parts[0] if len(parts) == 1 else shapely.union_all(parts)


def affected_borders(
    countries: gpd.GeoDataFrame,
    include_finland: bool = False,
    tolerance_m: float | None = None,
) -> list[Border]:
    """Every border between a withdrawing state and Russia (by region) or Belarus.

    Russia is split into Kaliningrad Oblast and the mainland, so Poland and Lithuania get a
    Kaliningrad border and Latvia and Estonia a mainland one.
    """
    withdrawing = WITHDRAWING_ISO3 + (("FIN",) if include_finland else ())
    regions = _regions_of(countries)
    found: list[Border] = []
    for a_iso3 in withdrawing:
        if not any(code == a_iso3 for code, _ in regions):
            continue
        a = _whole(regions, a_iso3)
        for (b_iso3, region), b in sorted(regions.items()):
            if b_iso3 not in ADVERSARY_ISO3:
                continue
            line = shared_border(a, b, tolerance_m)
            if geodesic_km(line) >= MIN_BORDER_KM:
                found.append(Border(f"{a_iso3}-{b_iso3}", a_iso3, b_iso3, region, line))
    if not found:
        # every layer and map is about these borders: without one there is nothing to publish
        near = "exactly" if tolerance_m is None else f"within {tolerance_m:g} m"
        msg = (
            "no border between Poland, Lithuania, Latvia or Estonia and Russia or Belarus in "
            f"the boundary source: expected their polygons to share edges ({near}), found "
            "none; use an unaltered country-boundary file, or a larger --tolerance if its "
            "neighbours do not quite meet"
        )
        raise BoundaryError(msg)
    alone = [code for code in WITHDRAWING_ISO3 if all(b.a_iso3 != code for b in found)]
    if alone:
        log.warning(
            "no border with Russia or Belarus found for %s: those borders are left out of the "
            "layers and maps; check the boundary file's polygons there",
            ", ".join(alone),
        )
    return found


def suwalki_border(countries: gpd.GeoDataFrame, tolerance_m: float | None = None) -> Border:
    """The Polish–Lithuanian border: the land corridor between Kaliningrad and Belarus."""
    return border_between(countries, "POL", "LTU", tolerance_m=tolerance_m)


def kaliningrad_belarus_gap(countries: gpd.GeoDataFrame) -> LineString:
    """The shortest straight line from Kaliningrad Oblast to Belarus, in lon/lat.

    Found in the equidistant projection centred on the gap, where straight lines and
    distances are true to within metres at this scale; measure it with :func:`geodesic_km`.
    """
    regions = _regions_of(countries)
    kaliningrad = regions[("RUS", KALININGRAD)]
    belarus = _whole(regions, "BLR")
    local = CRS.from_proj4("+proj=aeqd +lat_0=54.3 +lon_0=23.2 +datum=WGS84 +units=m +no_defs")
    forward = Transformer.from_crs("EPSG:4326", local, always_xy=True).transform
    back = Transformer.from_crs(local, "EPSG:4326", always_xy=True).transform
    line = shapely.shortest_line(_transform(forward, kaliningrad), _transform(forward, belarus))
    result = _transform(back, line)
    if not isinstance(result, LineString):
        msg = f"expected a line between Kaliningrad and Belarus, got {result.geom_type}"
        raise TypeError(msg)
    return result


__all__ = [
    "DEFAULT_TOLERANCE_M",
    "KALININGRAD",
    "MAINLAND",
    "Border",
    "affected_borders",
    "border_between",
    "geodesic_km",
    "kaliningrad_belarus_gap",
    "shared_border",
    "suwalki_border",
]
