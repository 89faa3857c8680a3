"""Assemble a :class:`geo.maps.scene.Scene`: the preset's overlays, then the land and its
names, then the headline, key, text alternative, credits and figures.

The steps run in a fixed order with explicit hand-overs: overlays first (each independent of
the others), then the country names, which keep clear of the labels the overlays placed.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import TYPE_CHECKING

import shapely

from geo.maps.context import Context
from geo.maps.escape import safe_url
from geo.maps.headlines import headline, kicker
from geo.maps.i18n import Tr
from geo.maps.labels import place
from geo.maps.land import land
from geo.maps.overlays import Overlay, builder
from geo.maps.presets import LENGTH_LAYERS, get_preset
from geo.maps.scene import Credits, KeyEntry, Layer, Link, Locator, Scene, TextAlternative
from geo.maps.webgeom import clip_extent, preset_geometries
from geo.story import resolve_extent

if TYPE_CHECKING:
    from shapely.geometry import Point

    from geo.maps.presets import Extent
    from geo.maps.scene import SceneInputs
    from geo.seeds import Seeds

# Overlays drawn first (at the bottom): bands and fills that borders and points sit on.
UNDERNEATH = ("eastern_shield", "baltic_defence_line", "status")
# The locator's own extent: the Baltic states, Poland and their neighbours.
LOCATOR_BOX = (13.0, 47.5, 33.5, 61.0)


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
    # the land drawn: clipped to what a reader may see, and no further than the countries the
    # layer holds reach (beyond them there is no land to draw)
    clip = clip_extent(preset.extent, aspect=preset.max_aspect)
    land_bounds = web[0].total_bounds
    bounds = (
        round(max(clip[0], land_bounds[0]), 4),
        round(max(clip[1], land_bounds[1]), 4),
        round(min(clip[2], land_bounds[2]), 4),
        round(min(clip[3], land_bounds[3]), 4),
    )
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
            ),
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
    """Countries by role, simplified for a map about 120 px wide, and the main map's extent."""
    clip = shapely.box(*LOCATOR_BOX)
    shapes = []
    for record in ctx.layers.frames["countries"].itertuples():
        geom = shapely.intersection(record.geometry, clip)
        if geom.is_empty:
            continue
        # one locator pixel is about 0.17 degrees: coarser detail is invisible there
        parts = [p for p in shapely.get_parts(shapely.simplify(geom, 0.12)) if p.area > 0.04]
        if not parts:
            continue
        focus = record.role == "withdrawing" and bool(record.focus)
        role = "focus" if focus else ("adversary" if record.role == "adversary" else "context")
        shapes.append((f"locator.{role}", shapely.union_all(parts)))
    return Locator(ctx.tr("locator"), LOCATOR_BOX, tuple(shapes), extent or ctx.preset.extent)


def _ratio(aspect: str) -> float:
    """``"4 / 5"`` as 0.8: width over height."""
    width, _, height = aspect.partition("/")
    return round(float(width) / float(height), 4)
