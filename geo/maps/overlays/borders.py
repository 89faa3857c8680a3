"""Border overlays: the borders with Russia and Belarus, the barriers built along them, and
the Suwałki Gap."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from geo.maps.context import along, toward
from geo.maps.overlays import Overlay
from geo.maps.scene import PRIORITY, Feature, KeyEntry, Label, Layer, Popup, Row, TextBlock

if TYPE_CHECKING:
    from geo.maps.context import Context


def borders_rus(ctx: Context) -> Overlay | None:
    return _borders(ctx, "RUS")


def borders_blr(ctx: Context) -> Overlay | None:
    return _borders(ctx, "BLR")


def _border_popup(ctx: Context, record: Any) -> Popup:
    tr = ctx.tr
    rows = [*ctx.official_rows(record.pair), ctx.measured_row(record.length_km)]
    facts = ctx.seeds.border(record.pair)
    if facts is not None:
        barriers = tuple(ctx.barrier_line(b) for b in facts.barriers)
        if barriers:
            rows.append(Row(tr("barriers"), items=barriers))
    return Popup(ctx.border_name(record), rows=tuple(rows))


def _borders(ctx: Context, adversary: str) -> Overlay | None:
    tr = ctx.tr
    key = f"borders_{adversary.lower()}"
    symbol = f"border.{adversary.lower()}"
    feats, labels, alt = [], [], []
    for record in ctx.border_rows.values():
        if record.b_iso3 != adversary:
            continue
        line = ctx.web_line.get(record.pair)
        if line is None or line.is_empty:
            continue
        name = ctx.border_name(record)
        headline = ctx.headline_length(record.pair)
        shown = (
            tr("official_short", km=tr.km_auto(headline.km))
            if headline is not None
            else tr("measured_short", km=tr.km(record.length_km), scale=ctx.scale)
        )
        feats.append(
            Feature(
                line,
                symbol,
                ("sm-border", f"border-{record.pair}"),
                f"{name} · {shown}",
                _border_popup(ctx, record),
            )
        )
        # on-map length labels carry the official figure only (the headline rule)
        if "border_lengths" in ctx.preset.labels and headline is not None:
            point = ctx.clear_anchor(line)
            if point is not None and ctx.view.contains(point):
                labels.append(
                    Label(
                        (tr.km_auto(headline.km),),
                        f"length.{adversary.lower()}",
                        point,
                        PRIORITY["length"],
                        tags=("sm-len", f"sm-len-{adversary.lower()}"),
                        along=ctx.along_line(line, point),
                    )
                )
        alt.append(f"{name}: {ctx.length_text(record.pair, record.length_km)}")
    if not feats:
        return None
    layer_name = tr(f"layer_{key}")
    return Overlay(
        Layer(key, layer_name, tuple(feats), tuple(labels)),
        (KeyEntry(key, symbol, tr(f"legend_border_{adversary.lower()}")),),
        TextBlock(layer_name, tuple(alt)),
    )


def barriers(ctx: Context) -> Overlay | None:
    """Fences and walls along the preset's borders (electronic barriers are left out)."""
    tr = ctx.tr
    feats, labels, alt = [], [], []
    for pair in ctx.preset.focus_pairs or tuple(ctx.web_line):
        facts = ctx.seeds.border(pair)
        line = ctx.web_line.get(pair)
        if facts is None or line is None or line.is_empty or pair not in ctx.border_rows:
            continue
        physical = [b for b in facts.barriers if b.kind != "electronic"]
        if not physical:
            continue
        record = ctx.border_rows[pair]
        main = physical[0]
        length = f" · {tr.km_auto(main.length_km)}" if main.length_km else ""
        feats.append(
            Feature(
                line,
                "barrier",
                ("sm-barrier", f"barrier-{pair}"),
                f"{tr.text(main.name)}{length}",
                Popup(
                    f"{tr('barriers')}: {ctx.border_name(record)}",
                    items=tuple(ctx.barrier_line(b) for b in physical),
                ),
            )
        )
        if "barriers" in ctx.preset.labels and main.length_km and pair.endswith("-BLR"):
            # one label, on the Belarusian side, clear of the Polish/Lithuanian place names
            point = along(line, 0.3)
            home = ctx.country_geom.get(pair.split("-")[1])
            if point is not None and home is not None:
                spot = toward(point, home.representative_point(), 12.0)
                if ctx.view.contains(spot):
                    labels.append(
                        Label(
                            (f"{tr.text(main.name)}: {tr.km_auto(main.length_km)}",),
                            "barrier",
                            spot,
                            PRIORITY["barrier"],
                            positions=("left", "right") if spot.x < point.x else ("right", "left"),
                            tags=("sm-barrier-label",),
                        )
                    )
        lines = "; ".join(_plain(ctx.barrier_line(b)) for b in physical)
        alt.append(f"{ctx.border_name(record)}: {lines}")
    if not feats:
        return None
    return Overlay(
        Layer("barriers", tr("layer_barriers"), tuple(feats), tuple(labels)),
        (KeyEntry("barriers", "barrier", tr("legend_barrier")),),
        TextBlock(tr("layer_barriers"), tuple(alt)),
    )


def suwalki(ctx: Context) -> Overlay | None:
    """The Polish–Lithuanian border and the shortest line from Kaliningrad to Belarus."""
    tr = ctx.tr
    feats, labels, alt, key = [], [], [], []
    for row in ctx.layers.frames["suwalki_gap"].itertuples():
        name = ctx.field(row, "name")
        measured = tr("measured_short", km=tr.km(row.length_km), scale=ctx.scale)
        shown: str | None = None
        if row.feature == "pl_lt_border":
            geom = ctx.web_line.get("POL-LTU", row.geometry)
            symbol, tags = "border.pol_ltu", ("sm-suwalki", "border-POL-LTU")
            rows = [*ctx.official_rows("POL-LTU"), ctx.measured_row(row.length_km)]
            headline = ctx.headline_length("POL-LTU")
            if headline is not None:
                shown = tr("official_short", km=tr.km_auto(headline.km))
            key.append(KeyEntry("suwalki", symbol, tr("legend_pl_lt")))
        else:
            geom = row.geometry
            symbol, tags = "gap", ("sm-suwalki", "gap-KGD-BLR")
            rows = [ctx.measured_row(row.length_km)]
            gap = ctx.gap_width()
            if gap is not None and gap.width_km is not None:
                shown = tr("approx_km", value=tr.auto(gap.width_km))
                rows.insert(0, Row(tr("gap_width"), (shown, " — ", *ctx.cite(gap.source))))
            key.append(KeyEntry("suwalki", symbol, tr("legend_gap")))
            # the label shows the published width; the measured line is in the popup
            mid = along(geom) if "gap" in ctx.preset.labels and shown else None
            if mid is not None and shown:
                labels.append(
                    Label(
                        (shown,),
                        "length.gap",
                        mid,
                        PRIORITY["gap"],
                        tags=("sm-len", "sm-len-gap"),
                        along=ctx.along_line(geom, mid),
                    )
                )
        feats.append(
            Feature(
                geom,
                symbol,
                tags,
                f"{name} · {shown or measured}",
                Popup(name, rows=tuple(rows)),
            )
        )
        alt.append(f"{name}: {shown}; {measured}" if shown else f"{name}: {measured}")
    if not feats:
        return None
    return Overlay(
        Layer("suwalki", tr("layer_suwalki"), tuple(feats), tuple(labels)),
        tuple(key),
        TextBlock(tr("layer_suwalki"), tuple(alt)),
    )


def _plain(run: tuple[object, ...]) -> str:
    from geo.maps.scene import plain

    return plain(run)  # type: ignore[arg-type]
