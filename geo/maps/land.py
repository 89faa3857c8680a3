"""The land layer of a scene: every country filled by its role, and the countries' names.

Names are placed after the overlays, in a second step, so that they keep clear of the places
and length figures the overlays label (``obstacles``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from geo.boundaries import KALININGRAD_BOX
from geo.maps.context import shrink
from geo.maps.scene import PRIORITY, Feature, Label, Layer

if TYPE_CHECKING:
    from geo.maps.context import Context
    from geo.maps.presets import Extent

# Only Russia's mainland east of this longitude can carry its name (west of it lie the
# exclave and the Baltic coast, both crowded).
RUSSIA_LABEL_WEST = 23.5
# The exclave's name goes in its part east of this longitude, clear of the Vistula Spit.
KALININGRAD_LABEL_WEST = 21.3
# How many further spots a country's name may move to when others take its best one.
ALTERNATIVES = 8
# Every spot a name may take (one base-36 digit per zoom step in its plan: at most 36).
MAX_SPOTS = 30


def land(ctx: Context, obstacles: list[Point]) -> Layer:
    """Every country as the basemap, with the names the preset asks for.

    On a map with the status overlay the countries of the seeds are drawn by that overlay
    (with their status fill) and only labelled here.
    """
    feats, labels = [], []
    drawn_by_status = "status" in ctx.preset.layers
    for record in ctx.web[0].itertuples():
        in_seeds = record.iso3 in ctx.seeds.countries
        if not (drawn_by_status and in_seeds):
            role = str(record.role) if record.role in ("withdrawing", "adversary") else "context"
            if role == "withdrawing" and not record.focus:
                role = "context"
            feats.append(
                Feature(record.geometry, f"land.{role}", ("sm-land", f"land-{record.iso3}"))
            )
        if drawn_by_status and in_seeds:
            label = _status_label(ctx, record.iso3, record.geometry, obstacles)
        elif "countries" in ctx.preset.labels:
            label = _country_label(ctx, record.iso3, record.geometry, bool(record.focus), obstacles)
        else:
            label = None
        if label is not None:
            labels.append(label)
    if "countries" in ctx.preset.labels and ctx.preset.max_zoom >= 9:
        labels.extend(_kaliningrad_label(ctx))
    return Layer("countries", ctx.tr("layer_countries"), tuple(feats), tuple(labels), False)


def _label_spot(
    ctx: Context, iso3: str, geom: BaseGeometry, obstacles: list[Point]
) -> BaseGeometry | None:
    """The country's visible part where its name may go, clear of the obstacles if there is
    room."""
    extent = ctx.preset.extent
    inner = shapely.box(*shrink(extent, 0.08))
    visible = shapely.intersection(geom, inner)
    if visible.is_empty:
        return None
    if iso3 == "RUS":
        west, south, east, north = extent
        low, high = ctx.preset.russia_label_band
        width = east - west
        eastern = shapely.box(west + low * width, south, west + high * width, north)
        _, inner_south, _, inner_north = inner.bounds
        # no east-west limit: Russia's name may sit beyond the extent's east edge
        band = shapely.box(-180.0, inner_south, 180.0, inner_north)
        visible = shapely.intersection(geom, shapely.intersection(eastern, band))
        parts = [
            p
            for p in shapely.get_parts(visible)
            if p.geom_type == "Polygon"
            and not p.is_empty
            and p.representative_point().x > RUSSIA_LABEL_WEST
        ]
        if not parts:
            return None
        visible = max(parts, key=lambda p: p.area)
    else:
        visible = max(shapely.get_parts(visible), key=lambda p: p.area)
    if visible.area < _area(extent) * 0.01:
        return None
    spots = [p.buffer(ctx.clearance) for p in obstacles]
    room = shapely.difference(visible, shapely.union_all(spots)) if spots else visible
    if not room.is_empty and room.area > visible.area * 0.3:
        visible = max(shapely.get_parts(room), key=lambda p: p.area)
    return visible


def _grid(area: BaseGeometry) -> list[Point]:
    """Points of a 5 × 5 grid over ``area``'s bounds that lie inside it."""
    west, south, east, north = area.bounds
    grid = [
        Point(west + (east - west) * i / 6, south + (north - south) * j / 6)
        for i in range(1, 6)
        for j in range(1, 6)
    ]
    return [p for p in grid if area.contains(p)]


# cached by the shapes' coordinates: every language of a map asks for the same spots
@lru_cache(maxsize=1024)
def _spots(area: BaseGeometry, *wider: BaseGeometry) -> tuple[Point, tuple[Point, ...]]:
    """The best point for a name inside ``area``, and further points the placer may move it
    to when other labels take that room: a grid over the area, nearest the best point first.

    ``wider`` are larger parts of the same country (the part inside the extent, the part a
    reader may see at all): their grids follow, so that a view showing only a sliver of the
    country (a tall phone, a wide screen) still has a spot for its name in view. The runtime
    picks the first spot whose text fits the view (geo/maps/templates/runtime.js, arrange).
    """
    best = area.representative_point()
    inside = _grid(area)
    inside.sort(key=lambda p: p.distance(best))
    spots = inside[:ALTERNATIVES]
    for part in wider:
        extra = [p for p in _grid(part) if all(p.distance(q) > 1e-6 for q in (best, *spots))]
        extra.sort(key=lambda p: p.distance(best))
        spots.extend(extra[: MAX_SPOTS - 1 - len(spots)])
    return best, tuple(spots)


def _wider(ctx: Context, iso3: str, geom: BaseGeometry) -> list[BaseGeometry]:
    """The largest part of the country inside the extent, then inside what a reader may see
    at all (the drawn box), Russia's mainland only."""
    if iso3 == "RUS":
        mainland = [
            p for p in shapely.get_parts(geom) if p.representative_point().x > RUSSIA_LABEL_WEST
        ]
        geom = shapely.union_all(mainland) if mainland else geom
    out = []
    for frame in (ctx.preset.extent, ctx.bounds):
        seen = shapely.intersection(geom, shapely.box(*frame))
        polygons = [p for p in shapely.get_parts(seen) if p.geom_type == "Polygon"]
        if polygons:
            out.append(max(polygons, key=lambda p: p.area))
    return out


def _country_label(
    ctx: Context, iso3: str, geom: BaseGeometry, focus: bool, obstacles: list[Point]
) -> Label | None:
    area = _label_spot(ctx, iso3, geom, obstacles)
    if area is None:
        return None
    story = focus or iso3 in ("RUS", "BLR")
    # a context country's name may yield on a phone: its spots stay near its best one, which
    # keeps the page within its weight budget
    point, along = _spots(area, *_wider(ctx, iso3, geom)) if story else _spots(area)
    focused = focus and iso3 != "RUS"
    priority = PRIORITY["country.focus"] if focused else PRIORITY["country"]
    if not story:
        priority = PRIORITY["country.context"]
    return Label(
        (ctx.country_name(iso3),),
        "country.focus" if focused else "country",
        point,
        priority,
        tags=("sm-country", "sm-country-focus") if focused else ("sm-country",),
        along=along,
    )


def _status_label(
    ctx: Context, iso3: str, geom: BaseGeometry, obstacles: list[Point]
) -> Label | None:
    from geo.maps.overlays.status import short_status

    area = _label_spot(ctx, iso3, geom, obstacles)
    if area is None:
        return None
    point, along = _spots(area, *_wider(ctx, iso3, geom))
    country = ctx.seeds.countries[iso3]
    return Label(
        (ctx.country_name(iso3), short_status(ctx, country)),
        "status",
        point,
        PRIORITY["status"],
        heading=True,
        # the runtime keeps an adversary's name first where labels crowd (phones)
        tags=("sm-status", f"sm-status-{country.role}"),
        along=along,
    )


def _kaliningrad_label(ctx: Context) -> list[Label]:
    geom = ctx.country_geom.get("RUS")
    if geom is None:
        return []
    exclave = shapely.intersection(geom, shapely.box(*KALININGRAD_BOX))
    inner = shapely.box(*shrink(ctx.preset.extent, 0.04))
    if exclave.is_empty or not inner.contains(exclave.representative_point()):
        return []
    east = shapely.intersection(exclave, shapely.box(KALININGRAD_LABEL_WEST, -90.0, 180.0, 90.0))
    shape = east if not east.is_empty else exclave
    point, along = _spots(max(shapely.get_parts(shape), key=lambda p: p.area), exclave)
    lines = (ctx.tr("region_kaliningrad"), f"({ctx.country_name('RUS')})")
    return [Label(lines, "region", point, PRIORITY["region"], tags=("sm-country",), along=along)]


def _area(extent: Extent) -> float:
    return (extent[2] - extent[0]) * (extent[3] - extent[1])
