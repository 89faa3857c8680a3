"""Light geometry for the web: clip, simplify as a coverage, round, and derive the drawn borders
from the simplified coverage so lines sit exactly on the country edges.

Lengths are never measured here: maps show the unsimplified figures from the layers.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geo.borders import shared_border
from geo.boundaries import KALININGRAD

if TYPE_CHECKING:
    from geo.layers import Layers
    from geo.maps.presets import Extent

WEB_CRS = "EPSG:4326"
METRIC_CRS = "EPSG:3035"
DECIMALS = 5
# Metres per screen pixel at zoom 0 around 56° N, the middle of the region.
_M_PER_PX_Z0 = 156_543.03 * math.cos(math.radians(56.0))


def tolerance_for_zoom(max_zoom: int) -> float:
    """Simplification tolerance in metres: about 1.5 screen pixels at ``max_zoom``, 300–1000 m."""
    return float(min(1000.0, max(300.0, 1.5 * _M_PER_PX_Z0 / 2**max_zoom)))


def round_coords(geom: BaseGeometry, decimals: int = DECIMALS) -> BaseGeometry:
    """Round every coordinate; equal vertices stay equal, so shared edges stay shared."""
    return shapely.transform(geom, lambda xy: np.round(xy, decimals))


def _grow(extent: Extent, margin: float) -> Extent:
    """``extent`` grown by ``margin`` of its size; three times as much east-west, since
    landscape screens show far more width than the extent's own proportions."""
    west, south, east, north = extent
    dx, dy = (east - west) * margin * 3, (north - south) * margin
    return (west - dx, south - dy, east + dx, north + dy)


def web_geometries(
    layers: Layers,
    extent: Extent,
    max_zoom: int,
    tolerance_m: float | None = None,
    margin: float = 0.3,
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Countries and borders ready to draw for a map of ``extent``.

    Parameters
    ----------
    layers
        From :func:`geo.layers.build_layers`.
    extent
        west, south, east, north of the map in degrees.
    max_zoom
        The closest zoom readers can reach; sets the tolerance (see :func:`tolerance_for_zoom`).
    tolerance_m
        Override the tolerance, in metres.
    margin
        Context countries (all but the withdrawing states) are clipped to the extent grown by
        this fraction on every side.

    Returns
    -------
    countries, borders
        ``countries`` keeps the layer's columns; ``borders`` has ``pair`` and the drawn line,
        taken from the simplified coverage in exact mode. Both in EPSG:4326, 5 decimals.
    """
    tolerance = tolerance_m if tolerance_m is not None else tolerance_for_zoom(max_zoom)
    source = layers.frames["countries"]
    frame = gpd.GeoDataFrame(source.copy(), geometry="geometry", crs=source.crs)
    clip = shapely.box(*_grow(extent, margin))
    keep_whole = frame["role"].eq("withdrawing") & frame["focus"].astype(bool)
    frame["geometry"] = [
        geom if whole else shapely.intersection(geom, clip)
        for geom, whole in zip(frame.geometry, keep_whole, strict=True)
    ]
    frame = frame[~frame.geometry.is_empty].reset_index(drop=True)
    metric = frame.to_crs(METRIC_CRS)
    min_area = (4.0 * tolerance) ** 2
    metric["geometry"] = [_drop_specks(g, min_area) for g in metric.geometry]
    simplified = shapely.coverage_simplify(np.asarray(metric.geometry.values), tolerance)
    metric = metric.set_geometry(gpd.GeoSeries(simplified, crs=METRIC_CRS, index=metric.index))
    back = metric.to_crs(WEB_CRS)
    back["geometry"] = [round_coords(g) for g in back.geometry]
    countries = gpd.GeoDataFrame(back, geometry="geometry", crs=WEB_CRS)

    by_iso = dict(zip(countries["iso3"], countries.geometry, strict=True))
    rows = []
    for record in layers.frames["borders"].itertuples():
        a = by_iso.get(record.a_iso3)
        b = by_iso.get(record.b_iso3)
        if a is None or b is None:
            continue
        b = _region(b, str(record.region or ""))
        line = shared_border(a, b)
        rows.append({"pair": record.pair, "geometry": line})
    suwalki = shared_border(by_iso["POL"], by_iso["LTU"]) if {"POL", "LTU"} <= set(by_iso) else None
    if suwalki is not None:
        rows.append({"pair": "POL-LTU", "geometry": suwalki})
    borders = gpd.GeoDataFrame(rows, geometry="geometry", crs=WEB_CRS)
    return countries, borders


def _drop_specks(geom: BaseGeometry, min_area: float) -> BaseGeometry:
    """Drop islands smaller than ``min_area`` (m²); they vanish at the map's zoom anyway."""
    parts = list(shapely.get_parts(geom))
    if len(parts) <= 1:
        return geom
    kept = [p for p in parts if p.area >= min_area] or [max(parts, key=lambda p: p.area)]
    return kept[0] if len(kept) == 1 else shapely.MultiPolygon(kept)


def _region(geom: BaseGeometry, region: str) -> BaseGeometry:
    """Russia's Kaliningrad Oblast or mainland part, as in :func:`geo.boundaries.split_regions`."""
    if not region:
        return geom
    from geo.boundaries import KALININGRAD_BOX

    box = shapely.box(*KALININGRAD_BOX)
    parts = list(shapely.get_parts(geom))
    inside = [p for p in parts if box.contains(p.representative_point())]
    wanted = inside if region == KALININGRAD else [p for p in parts if p not in inside]
    return shapely.union_all(wanted) if wanted else shapely.GeometryCollection()


def size_report(countries: gpd.GeoDataFrame, borders: gpd.GeoDataFrame) -> dict[str, int]:
    """Vertex counts, for the performance pass."""
    return {
        "country_vertices": int(shapely.get_num_coordinates(countries.geometry.values).sum()),
        "border_vertices": int(shapely.get_num_coordinates(borders.geometry.values).sum()),
    }
