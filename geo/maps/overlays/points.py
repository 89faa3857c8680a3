"""Point overlays: the places a map names, and a newsroom's own annotations."""

from __future__ import annotations

from typing import TYPE_CHECKING

import shapely

from geo.maps.context import along, present, shrink
from geo.maps.escape import safe_url
from geo.maps.overlays import Overlay
from geo.maps.scene import PRIORITY, Feature, KeyEntry, Label, Layer, Link, Popup, Run

if TYPE_CHECKING:
    from geo.maps.context import Context


def places(ctx: Context) -> Overlay | None:
    """Capitals and the towns the stories name, with their notes and sources."""
    tr = ctx.tr
    feats, labels = [], []
    kinds: set[bool] = set()
    inner = shapely.box(*shrink(ctx.preset.extent, 0.02))
    for row in ctx.layers.frames["places"].itertuples():
        point = row.geometry
        if not inner.contains(point) or row.kind not in ctx.preset.place_kinds:
            continue
        name = ctx.field(row, "name")
        note = ctx.field(row, "note")
        feats.append(
            Feature(
                point,
                f"place.{row.kind}",
                ("sm-place", f"place-{row.place_id}"),
                name,
                Popup(
                    name,
                    paragraphs=((note,),) if note else (),
                    sources=ctx.sources_line(row.source_ids),
                ),
            )
        )
        capital = row.kind == "capital"
        kinds.add(capital)
        labels.append(
            Label(
                (name,),
                "place.capital" if capital else "place",
                point,
                PRIORITY[str(row.kind)],
                positions=("right", "left"),
                tags=("sm-place", "sm-place-capital") if capital else ("sm-place",),
            )
        )
    if not feats:
        return None
    return Overlay(
        Layer("places", tr("layer_places"), tuple(feats), tuple(labels)),
        # a key row only for the kinds of place this map shows
        tuple(
            entry
            for capital, entry in (
                (True, KeyEntry("places", "place.capital", tr("legend_capital"))),
                (False, KeyEntry("places", "place.city", tr("legend_city"))),
            )
            if capital in kinds
        ),
    )


def newsroom_annotations(ctx: Context) -> Overlay | None:
    """Points and lines from ``--annotations``; links only for http(s) URLs."""
    frame = ctx.layers.frames.get("annotations")
    if frame is None or frame.empty:
        return None
    tr = ctx.tr
    feats, labels = [], []
    for row in frame.itertuples():
        label = ctx.field(row, "label")
        note = ctx.field(row, "note")
        paragraphs: list[Run] = [(note,)] if note else []
        if safe_url(row.url):
            paragraphs.append((Link(tr("annotation_link"), row.url),))
        elif present(row.url) and row.url:
            paragraphs.append((str(row.url),))
        point = row.geometry.geom_type == "Point"
        feats.append(
            Feature(
                row.geometry,
                "annotation.point" if point else "annotation.line",
                ("sm-annotation", f"annotation-{row.annotation_id}"),
                label,
                Popup(label, paragraphs=tuple(paragraphs)),
            )
        )
        anchor = row.geometry if point else along(row.geometry)
        if anchor is not None:
            labels.append(
                Label(
                    (label,),
                    "annotation",
                    anchor,
                    PRIORITY["annotation"],
                    positions=("center",),
                    tags=("sm-annotation-label",),
                )
            )
    return Overlay(
        Layer("annotations", tr("layer_annotations"), tuple(feats), tuple(labels)),
        (KeyEntry("annotations", "annotation.point", tr("legend_annotation")),),
    )
