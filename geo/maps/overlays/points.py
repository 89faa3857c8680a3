"""Point overlays: the places a map names (a newsroom's annotations: ``newsroom.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import shapely

from geo.maps.context import shrink
from geo.maps.overlays import Overlay
from geo.maps.scene import PRIORITY, Feature, KeyEntry, Label, Layer, Popup

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
