"""A newsroom's annotations on a map: points, lines and shaded areas from ``--annotations`` and
from a story file, each in its own style, with its own key row, its place in the text
alternative, and its link among the map's sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

import shapely
from shapely.geometry import Point

from geo.maps.context import along
from geo.maps.overlays import Overlay
from geo.maps.scene import (
    PRIORITY,
    Feature,
    KeyEntry,
    Label,
    Layer,
    Link,
    Popup,
    Position,
    Run,
    SourceRef,
    TextBlock,
)

if TYPE_CHECKING:
    from geo.annotations import Annotation
    from geo.maps.context import Context

# Where a point's label may go, most preferred first: always beside its marker, never on it.
POINT_POSITIONS: dict[str, tuple[Position, ...]] = {
    "auto": ("right", "left", "above", "below"),
    "left": ("left",),
    "right": ("right",),
    "above": ("above",),
    "below": ("below",),
}


def shown(ctx: Context) -> list[Annotation]:
    """The annotations this map can show: the layers' own and the story's."""
    story = ctx.story.annotations if ctx.story is not None else ()
    view = shapely.box(*ctx.bounds)
    return [a for a in (*ctx.layers.annotations, *story) if a.geometry.intersects(view)]


def text(ctx: Context, item: Annotation, field: str) -> str:
    """The annotation's text in the map's language, marked [EN] when it fell back."""
    from geo.maps.i18n import UNTRANSLATED

    value, lang = item.text_in(field, ctx.tr.lang)
    if value and lang != ctx.tr.lang:
        return UNTRANSLATED.format(text=value) if lang == "en" else f"[{lang.upper()}] {value}"
    return value


def newsroom_annotations(ctx: Context) -> Overlay | None:
    """The annotations this map shows, each in its own style."""
    items = shown(ctx)
    if not items:
        return None
    tr = ctx.tr
    feats, labels, key, said = [], [], [], []
    for item in items:
        label = text(ctx, item, "label")
        note = text(ctx, item, "note")
        paragraphs: list[Run] = [(note,)] if note else []
        sources: Run = ()
        if item.link:
            source = item.link_text(tr.lang)
            sources = (tr("source"), ": ", Link(source, item.link))
            ctx.extra_sources.append(
                SourceRef(f"annotation-{item.id}", source, "", label, item.link)
            )
        feats.append(
            Feature(
                item.geometry,
                item.symbol,
                ("sm-annotation", f"annotation-{item.id}"),
                label,
                Popup(label, paragraphs=tuple(paragraphs), sources=sources),
            )
        )
        anchor, positions = _label_spot(item)
        if anchor is not None:
            labels.append(
                Label(
                    (label,),
                    "annotation",
                    anchor,
                    PRIORITY["annotation"],
                    positions=positions,
                    tags=(
                        "sm-annotation-label",
                        f"sm-annotation-label-{item.id}",
                        *(("sm-point-label",) if item.kind == "point" else ()),
                    ),
                )
            )
        key.append(KeyEntry("annotations", item.symbol, label))
        source_text = f" ({tr('source')}: {item.link_text(tr.lang)})" if item.link else ""
        said.append(f"{label}{': ' + note if note else ''}{source_text}")
    return Overlay(
        Layer("annotations", tr("layer_annotations"), tuple(feats), tuple(labels)),
        tuple(key),
        TextBlock(tr("alt_annotations"), tuple(said)),
    )


def _label_spot(item: Annotation) -> tuple[Point | None, tuple[Position, ...]]:
    """Where the label goes: beside a point (never on it), along a line, inside an area."""
    if item.kind == "point":
        assert isinstance(item.geometry, Point)
        return item.geometry, POINT_POSITIONS[item.style.label_position]
    if item.kind == "line":
        return along(item.geometry), ("center",)
    return item.geometry.representative_point(), ("center",)
