"""Assemble a :class:`geo.maps.scene.Scene`: the preset's overlays, then the land and its
names, then the headline, key, text alternative, credits and figures.

The steps run in a fixed order with explicit hand-overs: overlays first (each independent of
the others), then the country names, which keep clear of the labels the overlays placed.
"""

from __future__ import annotations

import dataclasses
import datetime
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geo.maps.context import Context
from geo.maps.escape import safe_url
from geo.maps.headlines import headline, kicker
from geo.maps.i18n import Tr
from geo.maps.labels import place
from geo.maps.land import land
from geo.maps.overlays import Overlay, builder
from geo.maps.presets import LENGTH_LAYERS, get_preset
from geo.maps.scene import Credits, KeyEntry, Layer, Link, Locator, Scene, TextAlternative
from geo.maps.viewport import clip_boxes, clip_extent
from geo.maps.webgeom import far_countries, preset_geometries
from geo.sources import DEFAULT_ID
from geo.story import resolve_extent

if TYPE_CHECKING:
    from shapely.geometry import Point

    from geo.layers import Layers
    from geo.maps.presets import Extent
    from geo.maps.scene import SceneInputs
    from geo.seeds import Seeds

# Overlays drawn first (at the bottom): bands and fills that borders and points sit on.
UNDERNEATH = ("eastern_shield", "baltic_defence_line", "status")
# The locator's own frame: Europe from Portugal to the Volga, Crete to the North Cape.
LOCATOR_BOX = (-10.5, 35.0, 44.5, 71.2)


def compose(preset_id: str, lang: str, inputs: SceneInputs) -> Scene:
    preset = get_preset(preset_id)
    tr = Tr(lang)
    web = inputs.web or preset_geometries(inputs.layers, preset)
    story = inputs.story
    ctx = Context(inputs.layers, inputs.seeds, preset, tr, web, story=story)
    title, subtitle = headline(ctx)

    names = list(story.layers) if story and story.layers else [*preset.layers, "annotations"]
    built = [o for o in (builder(name)(ctx) for name in names) if o is not None]
    timeline = None
    if preset.timeline:
        from geo.maps.overlays.status import timeline as treaty_timeline

        timeline = treaty_timeline(ctx)

    # names of countries keep clear of places and length figures
    obstacles: list[Point] = [*ctx.place_points]
    for overlay in built:
        obstacles.extend(
            label.anchor for label in overlay.layer.labels if label.kind.startswith("length")
        )
    base = land(ctx, obstacles)
    if story and story.highlight:
        base = highlight(base, story.highlight)
    base, built = _status_labels_to_status(base, built)

    # a story lists its layers bottom first; a preset puts bands and fills underneath
    ordered = (
        built
        if story and story.layers
        else sorted(built, key=lambda o: 0 if o.layer.key in UNDERNEATH else 1)
    )
    layers = placed((base, *(o.layer for o in ordered)), preset.min_zoom, preset.max_zoom)
    source = inputs.layers.boundary_source
    licence = tr("public_domain") if source.licence == "Public domain" else source.licence
    sources = ctx.source_refs()
    as_of = data_as_of(inputs.seeds)
    # the land and sea drawn: what a reader may see on a wide screen and on a tall one
    pan = tuple(_rounded(box) for box in clip_boxes(preset.extent, aspect=preset.max_aspect))
    bounds = _rounded(clip_extent(preset.extent, aspect=preset.max_aspect))
    texts = {key: story.text(key, lang) if story else None for key in STORY_TEXTS}
    title = texts["title"] or title
    subtitle = texts["subtitle"] or subtitle
    extent = (resolve_extent(story, inputs.seeds, ctx.bounds) if story else None) or preset.extent
    return Scene(
        preset=preset.id,
        lang=lang,
        extent=extent,
        bounds=bounds,
        aspect=_ratio(preset.aspect),
        min_zoom=preset.min_zoom,
        max_zoom=preset.max_zoom,
        kicker=texts["kicker"] or kicker(ctx),
        title=title,
        subtitle=subtitle,
        layers=layers,
        key=_dedupe([entry for o in built for entry in o.key]),
        alt=TextAlternative(
            tr("about"),
            tr("alt_intro", area=tr("alt_area"), subtitle=subtitle),
            tuple(o.alt for o in built if o.alt is not None),
        ),
        credits=Credits(
            # the note on lengths only where the map shows lengths
            measured=tr("credits_measured", scale=ctx.scale)
            if any(name in LENGTH_LAYERS for name in preset.layers)
            else "",
            boundaries=tr(
                "credits_boundaries",
                name=source.name,
                version=source.version,
                scale=tr.scale(source.scale, short=False),
                licence=licence,
            )
            # land beyond another source's countries and the locator are Natural Earth's
            + ("" if source.id == DEFAULT_ID else f" · {tr('credits_context')}"),
            boundary_link=Link(source.attribution, source.url if safe_url(source.url) else ""),
            attribution=source.attribution,
            map=tr("credits_map"),
            sources_heading=tr("sources_n", n=len(sources)),
            sources=sources,
        ),
        data_as_of=as_of,
        data_as_of_text=tr.date(as_of) if as_of else "",
        timeline=timeline,
        locator=locator(ctx, extent),
        note=texts["note"] or "",
        byline=texts["byline"] or "",
        source_note=texts["source_note"] or "",
        pan=pan,
    )


# The texts a story file may set (see geo.story.TEXT_KEYS); kicker, title and subtitle
# replace the preset's, the others add to the page.
STORY_TEXTS = ("kicker", "title", "subtitle", "note", "byline", "source_note")


def highlight(base: Layer, countries: tuple[str, ...]) -> Layer:
    """The land with the story's countries drawn as its focus and the other states as
    context (neighbours the story opposes keep their own fill)."""
    feats = []
    for feat in base.features:
        iso3 = next((t[5:] for t in feat.tags if t.startswith("land-")), "")
        symbol = feat.symbol
        if iso3 in countries:
            symbol = "land.withdrawing"
        elif symbol == "land.withdrawing":
            symbol = "land.context"
        feats.append(dataclasses.replace(feat, symbol=symbol))
    return dataclasses.replace(base, features=tuple(feats))


def placed(layers: tuple[Layer, ...], min_zoom: int, max_zoom: int) -> tuple[Layer, ...]:
    """The layers with every label's plan from the label placer, all labels placed together."""
    every = [label for layer in layers for label in layer.labels]
    plans = iter(place(every, min_zoom, max_zoom))
    return tuple(
        dataclasses.replace(
            layer,
            labels=tuple(dataclasses.replace(x, plan=next(plans)) for x in layer.labels),
        )
        for layer in layers
    )


def _status_labels_to_status(base: Layer, built: list[Overlay]) -> tuple[Layer, list[Overlay]]:
    """Treaty-status labels belong to the status layer, so they hide with it."""
    status = [label for label in base.labels if label.kind == "status"]
    if not status:
        return base, built
    base = dataclasses.replace(base, labels=tuple(x for x in base.labels if x.kind != "status"))
    moved = []
    for overlay in built:
        if overlay.layer.key == "status":
            layer = dataclasses.replace(overlay.layer, labels=(*overlay.layer.labels, *status))
            overlay = dataclasses.replace(overlay, layer=layer)
        moved.append(overlay)
    return base, moved


def _dedupe(entries: list[KeyEntry]) -> tuple[KeyEntry, ...]:
    seen: set[tuple[str, str]] = set()
    out = []
    for entry in entries:
        if (entry.layer, entry.text) not in seen:
            seen.add((entry.layer, entry.text))
            out.append(entry)
    return tuple(out)


def data_as_of(seeds: Seeds) -> datetime.date:
    """The seeds' "data as of" date: their newest dated fact (see :attr:`Seeds.data_as_of`)."""
    return seeds.data_as_of


def locator(ctx: Context, extent: Extent | None = None) -> Locator:
    """Europe with the story's countries by role, simplified for an inset about 120 px wide,
    and the main map's extent (the page then follows the reader's view)."""
    roles = {}
    for record in ctx.layers.frames["countries"].itertuples():
        if record.role == "withdrawing" and bool(record.focus):
            roles[record.iso3] = "focus"
        elif record.role == "adversary":
            roles[record.iso3] = "adversary"
    shapes = (
        ("locator.context", _europe_land()),
        *(
            (f"locator.{role}", _locator_shape(iso3))
            for role in ("adversary", "focus")
            for iso3 in sorted(roles)
            if roles[iso3] == role
        ),
    )
    shapes = tuple((name, geom) for name, geom in shapes if not geom.is_empty)
    return Locator(ctx.tr("locator"), LOCATOR_BOX, shapes, extent or ctx.preset.extent)


def prepare_locator(layers: Layers) -> None:
    """Simplify the locator's shapes now (they are cached for every later map): a build
    does it once before it forks its workers."""
    _europe_land()
    for iso3 in layers.frames["countries"]["iso3"]:
        _locator_shape(str(iso3))


def _in_mercator(geom: BaseGeometry, inverse: bool = False) -> BaseGeometry:
    """Latitudes as Web Mercator northings in degree units (and back), so a simplification
    tolerance means the same on the inset's screen everywhere."""

    def forward(xy: np.ndarray) -> np.ndarray:
        y = np.radians(xy[:, 1])
        y = 2 * np.arctan(np.exp(y)) - np.pi / 2 if inverse else np.log(np.tan(np.pi / 4 + y / 2))
        return np.column_stack([xy[:, 0], np.degrees(y)])

    return shapely.transform(geom, forward)


def _simplified_for_locator(geom: BaseGeometry, tolerance: float) -> BaseGeometry:
    """``geom`` cut to the locator's frame and simplified by ``tolerance`` (inset pixels),
    without parts smaller than four pixels."""
    pixel = (LOCATOR_BOX[2] - LOCATOR_BOX[0]) / 120
    clipped = _in_mercator(
        shapely.intersection(shapely.make_valid(geom), shapely.box(*LOCATOR_BOX))
    )
    simple = shapely.simplify(clipped, tolerance * pixel)
    parts = [
        p for p in shapely.get_parts(simple) if p.geom_type == "Polygon" and p.area > 4 * pixel**2
    ]
    return _in_mercator(shapely.MultiPolygon(parts), inverse=True) if parts else shapely.Polygon()


@cache
def _europe_land() -> BaseGeometry:
    """All land in the locator's frame as one shape (no borders: only the story's countries
    are drawn one by one), from the embedded Natural Earth data."""
    countries = far_countries(LOCATOR_BOX)
    # the embedded countries meet edge to edge, so merging their shared edges away is enough
    # (four times faster than a general union); a general union where that is not so
    parts = [shapely.make_valid(g) for g in countries.geometry.values]
    land = shapely.coverage_union_all(parts)
    if not land.is_valid:
        land = shapely.union_all(parts)
    return _simplified_for_locator(land, 1.6)


@cache
def _locator_shape(iso3: str) -> BaseGeometry:
    countries = far_countries(LOCATOR_BOX)
    found = countries.geometry[countries["iso3"] == iso3]
    return _simplified_for_locator(found.iloc[0], 1.0) if len(found) else shapely.Polygon()


def _rounded(box: Extent) -> Extent:
    west, south, east, north = (round(v, 4) for v in box)
    return (west, south, east, north)


def _ratio(aspect: str) -> float:
    """``"4 / 5"`` as 0.8: width over height."""
    width, _, height = aspect.partition("/")
    return round(float(width) / float(height), 4)
