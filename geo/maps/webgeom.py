"""Light geometry for the web: clip, simplify as a coverage, round, and derive the drawn borders
from the simplified coverage so lines sit exactly on the country edges.

Lengths are never measured here: maps show the unsimplified figures from the layers.
"""

from __future__ import annotations

import math
from functools import cache
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geo.borders import shared_border
from geo.boundaries import KALININGRAD, russia_parts
from geo.maps.encoding import round_coords
from geo.maps.specks import drop_duplicates, drop_specks, speck_area
from geo.maps.viewport import CLIP_MARGIN, ZOOM_OUT, clip_shape, grown, pixel_m

if TYPE_CHECKING:
    from geo.layers import Layers
    from geo.maps.presets import Extent, Preset

# A preset's countries (coverage-simplified) and the border lines derived from them.
WebGeometry = tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]

WEB_CRS = "EPSG:4326"
METRIC_CRS = "EPSG:3035"
TOLERANCE_PX = 0.75
# Land outside the detail area is simplified for this many zooms above the preset's minimum.
CONTEXT_ZOOM_STEP = 1
# Land a screen of the map's own shape never sees is simplified for this many zooms below
# the preset's minimum (see simplified_coverage).
FAR_ZOOM_STEP = 1


def tolerance_for_zoom(max_zoom: int) -> float:
    """Simplification tolerance in metres: 0.75 of a screen pixel at ``max_zoom``.

    GEOS simplifies a coverage by triangle area (Visvalingam-Whyatt), so an outline can move a
    little further than the tolerance where it is long and thin (a spit, a fjord); at 0.75 px
    the largest displacement stays under 0.7 px on four maps and reaches 1.24 px at one thin
    spit on the treaty map's edge (benchmarks/run.py measures it).
    """
    return TOLERANCE_PX * pixel_m(max_zoom)


def web_geometries(
    layers: Layers,
    extent: Extent,
    max_zoom: int,
    tolerance_m: float | None = None,
    margin: float = CLIP_MARGIN,
    context_zoom: int | None = None,
    aspect: float = 2.0,
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
        Land is clipped to what readers can see of the extent, grown by this fraction on
        every side (see :func:`clip_extent`).
    context_zoom
        When given, the countries outside the story (see :func:`_story`) are simplified for
        this zoom instead of ``max_zoom``, and those a screen of the extent's own shape never
        sees, even zoomed out, for :data:`FAR_ZOOM_STEP` zooms below the preset's minimum.

    Returns
    -------
    countries, borders
        ``countries`` keeps the layer's columns, with a row more (``role`` "context") for each
        country in the clip the layer lacks (:func:`far_countries`); ``borders`` has ``pair``
        and the drawn line,
        taken from the simplified coverage in exact mode. Both in EPSG:4326, 5 decimals.
    """
    metric = simplified_coverage(
        layers, extent, max_zoom, tolerance_m, margin, context_zoom, aspect
    )
    return _to_web(layers, metric)


def _to_web(layers: Layers, metric: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The simplified coverage back in lon/lat, and the borders drawn along its edges."""
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


def simplified_coverage(
    layers: Layers,
    extent: Extent,
    max_zoom: int,
    tolerance_m: float | None = None,
    margin: float = CLIP_MARGIN,
    context_zoom: int | None = None,
    aspect: float = 2.0,
    max_vertices: int = 0,
) -> gpd.GeoDataFrame:
    """The clipped, simplified countries in EPSG:3035, before projecting back for the page.

    A valid coverage: neighbours share every edge exactly, with no gap and no overlap.
    Arguments as for :func:`web_geometries`; with ``context_zoom``, ``max_vertices`` (when
    not 0) is the most vertices the countries may keep (see :func:`_within_budget`).
    """
    tolerance = tolerance_m if tolerance_m is not None else tolerance_for_zoom(max_zoom)
    source = layers.frames["countries"]
    frame = gpd.GeoDataFrame(source.copy(), geometry="geometry", crs=source.crs)
    # a vertex every quarter degree along the cut: straight in lon/lat, the cut would bow once
    # the land is simplified in EPSG:3035, leaving a sliver of sea at the map's edge
    clip = shapely.segmentize(clip_shape(extent, margin, aspect), 0.25)
    frame = _with_far_land(frame, clip, layers.boundary_source.id, speck_area(tolerance))
    # Every country is cut by the same box, so neighbours get the same cut points; a country
    # left whole would keep border vertices its cut neighbour lacks.
    frame["geometry"] = shapely.intersection(frame.geometry.values, clip)
    frame = frame[~frame.geometry.is_empty].reset_index(drop=True)
    metric = frame.to_crs(METRIC_CRS)
    geoms = np.asarray(metric.geometry.values)
    if context_zoom is None:
        simplified = _simplified(geoms, tolerance)
    else:
        story = _story(metric).to_numpy()
        # land a screen of the extent's own shape never sees, even zoomed out: only wide or
        # tall screens show it, at their opening zoom at most, so coarser still
        near = shapely.box(*grown(extent, ZOOM_OUT))
        far = ~story & ~shapely.intersects(frame.geometry.values, near)
        box = gpd.GeoSeries([clip], crs=WEB_CRS).to_crs(METRIC_CRS).iloc[0]
        coarse = tolerance_for_zoom(context_zoom)
        farther = tolerance_for_zoom(context_zoom - CONTEXT_ZOOM_STEP - FAR_ZOOM_STEP)
        simplified = _two_tier(geoms, story, box, tolerance, coarse)
        if far.any():
            simplified = _coarser(simplified, far, box, farther)
        if max_vertices:
            simplified = _within_budget(simplified, story, box, max_vertices, tolerance, coarse)
    return metric.set_geometry(gpd.GeoSeries(simplified, crs=METRIC_CRS, index=metric.index))


def preset_coverage(layers: Layers, preset: Preset) -> gpd.GeoDataFrame:
    """:func:`simplified_coverage` with the settings every map of ``preset`` uses."""
    return simplified_coverage(
        layers,
        preset.extent,
        preset.max_zoom,
        margin=CLIP_MARGIN,
        context_zoom=preset.min_zoom + CONTEXT_ZOOM_STEP,
        aspect=preset.max_aspect,
        max_vertices=preset.max_vertices,
    )


@cache
def far_countries(bounds: Extent) -> gpd.GeoDataFrame:
    """Every country of the embedded Natural Earth file that reaches into ``bounds``.

    The layers hold the region's countries only; a wide or tall screen also sees France, the
    Balkans or Great Britain at the edges, drawn as plain context land (never named)."""
    from geo.boundaries import embedded_path, normalise, read_boundaries

    path = embedded_path()
    frame = read_boundaries(path, bbox=bounds, encoding="UTF-8")
    countries, _ = normalise(frame, "ADM0_A3", path, required=())
    return countries


def _with_far_land(
    frame: gpd.GeoDataFrame, clip: BaseGeometry, source_id: str, min_area: float
) -> gpd.GeoDataFrame:
    """``frame`` and, as context, the countries in ``clip`` it lacks (see :func:`far_countries`).

    From the embedded file they share their edges with the region's countries exactly; from
    another boundary source they are cut back to where that source has no country.
    High-resolution sources carry tens of thousands of islets and ponds: those under
    ``min_area`` (m²) go first, from all the countries at once (so the Vatican's hole in
    Italy stays), and the overlays here and after work on what the map shows.
    """
    from geo.boundaries import DEFAULT_ID

    far = far_countries(tuple(round(v, 6) for v in clip.bounds))
    far = far[~far["iso3"].isin(frame["iso3"])]
    far = far[far.intersects(clip)]
    geoms = np.asarray(shapely.intersection(far.geometry.values, clip), dtype=object)
    own = drop_duplicates(frame.geometry.values)
    both = drop_specks(np.concatenate([own, geoms]), min_area, geographic=True)
    frame = frame.copy()
    frame["geometry"] = both[: len(own)]
    geoms = both[len(own) :]
    if far.empty:
        return frame
    if source_id != DEFAULT_ID:
        held = shapely.union_all(shapely.intersection(frame.geometry.values, clip))
        left = shapely.difference(geoms, held)
        # what is left of a country the source already holds (Natural Earth's Åland against
        # OpenStreetMap's Finland) is slivers along the other outline: they go
        geoms = np.where(shapely.area(left) < 0.1 * shapely.area(geoms), shapely.Polygon(), left)
    extra = gpd.GeoDataFrame(
        {
            "iso3": far["iso3"].to_numpy(),
            "name_en": far["name"].to_numpy(),
            "role": "context",
            "focus": False,
        },
        geometry=list(geoms),
        crs=frame.crs,
    )
    extra = extra[~extra.geometry.is_empty]
    return gpd.GeoDataFrame(
        pd.concat([frame, extra], ignore_index=True), geometry="geometry", crs=frame.crs
    )


def _simplified(geoms: np.ndarray, tolerance: float) -> np.ndarray:
    """Coverage simplification after dropping islands too small to see (under 4 px square)."""
    kept = drop_specks(geoms, speck_area(tolerance))
    return np.asarray(shapely.coverage_simplify(kept, tolerance), dtype=object)


def _two_tier(
    geoms: np.ndarray, story: np.ndarray, box: BaseGeometry, fine: float, coarse: float
) -> np.ndarray:
    """Fine outlines for the story's countries, coarse ones for the rest; still gap-free.

    The sea inside ``box`` joins the coverage as one more polygon, so coastlines become edges
    shared with it. The coarse pass then simplifies only the context countries and the sea with
    ``simplify_boundary=False``: every edge they share with a story country is on that subset's
    outer boundary and stays exactly as the fine pass left it, so neighbours still match.
    """
    # clipping and projecting can leave a ring touching itself; simplification and the sea's
    # overlay both need valid polygons
    valid = [_polygons_only(shapely.make_valid(g)) for g in geoms]
    # Lakes (holes) go by the context's zoom, a level above the map's opening one, for every
    # country: Natural Earth's land has none, and a detailed source's thousands of lakes of a
    # few pixels would weigh more than all the coasts (osm-land-10m: 760 rings in Russia)
    land = drop_specks(valid, speck_area(fine), lake_area=speck_area(coarse))
    sea = shapely.difference(box, shapely.union_all(land))
    fine_cover = np.asarray(shapely.coverage_simplify(np.append(land, sea), fine), dtype=object)
    context = np.append(~story, True)  # the sea is simplified with the context
    coarse_part = shapely.coverage_simplify(fine_cover[context], coarse, simplify_boundary=False)
    result = fine_cover.copy()
    # The coarse pass does not see the story's countries, so an edge between two context
    # countries can cut a corner across one of them (near a tripoint): cut that back off.
    story_land = _union(fine_cover[:-1][story])
    crossing = shapely.intersects(coarse_part, story_land) & shapely.overlaps(
        coarse_part, story_land
    )
    coarse_part[crossing] = shapely.difference(coarse_part[crossing], story_land)
    result[context] = coarse_part
    return np.asarray([_polygons_only(g) for g in result[:-1]], dtype=object)


def _within_budget(
    geoms: np.ndarray,
    story: np.ndarray,
    box: BaseGeometry,
    budget: int,
    fine: float,
    coarse: float,
) -> np.ndarray:
    """The countries simplified further, a step at a time, until they hold at most ``budget``
    vertices (or the steps run out).

    A detailed source (OpenStreetMap's land at 10 m) keeps several times Natural Earth's
    vertices at the same tolerance: its coasts are not generalised, its borders follow every
    bend of a river. The steps give up what readers miss least first: the context countries
    one zoom coarser, then the story countries' coasts and lakes at the context's tolerance
    (their land borders, which the map is about, stay), the context two zooms coarser, and
    only then every edge, the story's borders too, half a zoom coarser at a time up to the
    context's tolerance. Each step keeps the coverage gap-free (see :func:`_coarser`). A
    source within the budget, as the embedded Natural Earth is on every preset, comes back as
    it was.
    """
    if int(shapely.get_num_coordinates(geoms).sum()) <= budget:
        return geoms
    each_story = [np.arange(len(story)) == i for i in np.flatnonzero(story)]
    every = np.ones(len(story), dtype=bool)
    steps: list[list[tuple[np.ndarray, float]]] = [
        [(~story, 2 * coarse)],
        [(one, coarse) for one in each_story],
        [(~story, 4 * coarse)],
        # at most as coarse as the context: four steps on a map of two zooms' range
        *([(every, fine * 2 ** (k / 2))] for k in range(1, 2 * _zooms(fine, coarse) + 1)),
    ]
    # Such a source is seldom a clean coverage: neighbours overlap and leave slivers between
    # them, and every sliver's end is a node no simplification can remove. Slivers narrower
    # than the fine tolerance join a neighbour, overlaps go to one side.
    geoms = np.asarray(shapely.coverage_clean(geoms, gap_width=fine), dtype=object)
    for step in steps:
        if int(shapely.get_num_coordinates(geoms).sum()) <= budget:
            break
        for mask, tolerance in step:
            geoms = _coarser(geoms, mask, box, tolerance)
    return geoms


def _zooms(fine: float, coarse: float) -> int:
    """How many zooms apart two tolerances are."""
    return round(math.log2(coarse / fine))


def _coarser(geoms: np.ndarray, far: np.ndarray, box: BaseGeometry, tolerance: float) -> np.ndarray:
    """The countries marked ``far`` simplified again at ``tolerance``, their small islands
    dropped; the edges they share with the other countries stay as they are."""
    land = drop_specks(geoms, np.where(far, speck_area(tolerance), 0.0))
    sea = _polygons_only(shapely.difference(box, _union(land)))
    subset = np.append(land[far], sea)
    simple = np.asarray(shapely.coverage_simplify(subset, tolerance, simplify_boundary=False))[:-1]
    # an edge between two far countries can cut a corner across a nearer one: cut it back off
    kept = _union(land[~far])
    crossing = shapely.intersects(simple, kept) & shapely.overlaps(simple, kept)
    simple[crossing] = shapely.difference(simple[crossing], kept)
    result = land.copy()
    result[far] = [_polygons_only(g) for g in simple]
    return result


def _story(frame: gpd.GeoDataFrame) -> pd.Series:
    """The story's countries: the withdrawing states in focus, Russia and Belarus."""
    return frame["role"].eq("adversary") | (
        frame["role"].eq("withdrawing") & frame["focus"].astype(bool)
    )


def _union(geoms: np.ndarray) -> BaseGeometry:
    """The union of simplified outlines; those of a detailed source can defeat the exact
    overlay (a ring the simplification made touch itself), so they are repaired first then."""
    try:
        return shapely.union_all(geoms)
    except shapely.errors.GEOSException:
        return shapely.union_all(shapely.make_valid(np.asarray(geoms, dtype=object)))


def _polygons_only(geom: BaseGeometry) -> BaseGeometry:
    """Drop the lines and points an overlay can leave where pieces touch."""
    # make_valid may nest: a collection holding a multipolygon; two levels flatten it
    flat = shapely.get_parts(shapely.get_parts(geom))
    parts = [p for p in flat if p.geom_type == "Polygon" and not p.is_empty]
    if not parts:
        return shapely.Polygon()
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def _region(geom: BaseGeometry, region: str) -> BaseGeometry:
    """Russia's Kaliningrad Oblast or mainland part, as in :func:`geo.boundaries.split_regions`."""
    if not region:
        return geom
    exclave, mainland = russia_parts(geom)
    wanted = exclave if region == KALININGRAD else mainland
    # the parts are disjoint pieces of one outline: collect them, no overlay needed
    return shapely.MultiPolygon(wanted) if wanted else shapely.GeometryCollection()


def size_report(countries: gpd.GeoDataFrame, borders: gpd.GeoDataFrame) -> dict[str, int]:
    """Vertex counts, for the performance pass."""
    return {
        "country_vertices": int(shapely.get_num_coordinates(countries.geometry.values).sum()),
        "border_vertices": int(shapely.get_num_coordinates(borders.geometry.values).sum()),
    }


def coverage_faults(geoms: list[BaseGeometry]) -> tuple[int, float, float]:
    """Mismatched edges, overlap area and gap area between neighbouring polygons.

    Areas are in the units of ``geoms`` squared. Overlap is the area two countries both cover;
    a gap is a hole in their union that is no country's own hole: a sliver between neighbours.
    Each polygon is made valid first, so a ring that touches itself counts as neither.
    """
    array = np.asarray(geoms, dtype=object)
    invalid = shapely.coverage_invalid_edges(array)
    bad_edges = sum(1 for g in invalid if g is not None and not g.is_empty)
    valid = [_polygons_only(shapely.make_valid(g)) for g in geoms]
    overlap = 0.0
    for i, a in enumerate(valid):
        for b in valid[i + 1 :]:
            if shapely.intersects(shapely.envelope(a), shapely.envelope(b)):
                overlap += shapely.intersection(a, b).area
    try:
        union = shapely.union_all(np.asarray(valid, dtype=object))
    except shapely.errors.GEOSException:
        # web-rounded outlines can defeat the exact overlay; snap-rounding at a billionth of
        # the extent is robust (and may itself open specks of a few square metres)
        minx, miny, maxx, maxy = shapely.total_bounds(array)
        grid = max(maxx - minx, maxy - miny) * 1e-9
        union = shapely.union_all(np.asarray(valid, dtype=object), grid_size=grid)
    own = [shapely.Polygon(r) for g in valid for p in shapely.get_parts(g) for r in p.interiors]
    own_holes = shapely.union_all(own) if own else shapely.Polygon()
    gap = sum(
        shapely.Polygon(ring).difference(own_holes).area
        for part in shapely.get_parts(union)
        for ring in part.interiors
    )
    return bad_edges, overlap, float(gap)


def preset_geometries(layers: Layers, preset: Preset) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """:func:`web_geometries` with the settings every map of ``preset`` uses."""
    return _to_web(layers, preset_coverage(layers, preset))
