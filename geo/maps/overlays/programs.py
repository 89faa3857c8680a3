"""Programme overlays: the Eastern Shield and the Baltic Defence Line, drawn as bands along the
borders they fortify."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from geo.maps.context import along, toward
from geo.maps.overlays import Overlay
from geo.maps.scene import (
    PRIORITY,
    Feature,
    KeyEntry,
    Label,
    Layer,
    Popup,
    Row,
    Strong,
    TextBlock,
)

if TYPE_CHECKING:
    from geo.maps.context import Context
    from geo.seeds import Budget, Program

# A short id per programme for tags (CSS classes), and where along its first border its name
# goes (the Eastern Shield's band is crowded by place names at its middle).
SHORT = {"eastern_shield": "es", "baltic_defence_line": "bdl"}
LABEL_AT = {"eastern_shield": 0.78}


def eastern_shield(ctx: Context) -> Overlay | None:
    return _program(ctx, "eastern_shield")


def baltic_defence_line(ctx: Context) -> Overlay | None:
    return _program(ctx, "baltic_defence_line")


def _popup(ctx: Context, program: Program, pair: str, record: Any) -> Popup:
    tr = ctx.tr
    segment = next((s for s in program.segments if pair in s.borders), None)
    budget = segment.budget if segment and segment.budget else program.budget
    rows: list[Row] = []
    description = tr.text(segment.description) if segment else tr.text(program.summary)
    if segment is not None:
        rows.append(Row(ctx.country_name(segment.iso3), (description,)))
    if budget is not None:
        rows.append(Row(tr("budget"), ctx.noted(budget_text(ctx, budget), budget)))
    if program.claimed_length_km is not None:
        claimed = tr("approx_km", value=tr.auto(program.claimed_length_km))
        rows.append(Row(tr("claimed_length"), (claimed, " — ", *ctx.cite(program.length_source))))
    if program.target_year is not None:
        rows.append(Row(tr("target_year"), (str(program.target_year),)))
    if program.progress is not None:
        progress = program.progress
        head = (
            tr("progress_as_of", km=tr.km_auto(progress.km_done), date=tr.date(progress.as_of))
            if progress.km_done is not None
            else tr.date(progress.as_of)
        )
        value = (Strong(head), f". {tr.text(progress.text)} — ", *ctx.cite(progress.source))
        rows.append(Row(tr("progress"), value))
    border = f"{ctx.border_name(record)}: {ctx.length_text(pair, record.length_km)}"
    rows.append(Row(tr("this_segment"), (border,)))
    return Popup(
        tr.text(program.name),
        paragraphs=() if segment is not None else ((description,),),
        rows=tuple(rows),
        sources=ctx.sources_line(program.source),
    )


def _program(ctx: Context, program_id: str) -> Overlay | None:
    tr = ctx.tr
    program = ctx.seeds.programs.get(program_id)
    if program is None:
        return None
    short = SHORT.get(program_id, program_id)
    symbol = f"program.{program_id}"
    feats = []
    for row in ctx.layers.frames[program_id].itertuples():
        pair = str(row.follows_border)
        line = ctx.web_line.get(pair)
        if line is None or line.is_empty or pair not in ctx.border_rows:
            continue
        record = ctx.border_rows[pair]
        feats.append(
            Feature(
                line,
                symbol,
                ("sm-program", f"program-{short}", f"program-{short}-{pair}"),
                f"{tr.text(program.name)} · {ctx.border_name(record)}",
                _popup(ctx, program, pair, record),
            )
        )
    if not feats:
        return None
    labels = _labels(ctx, program_id, program) if "programs" in ctx.preset.labels else ()
    name = tr.text(program.name)
    items = [tr.text(program.summary)]
    # each budget with its scope (period and note): they are not like for like
    if program.budget is not None:
        items.append(f"{tr('budget')}: {budget_text(ctx, program.budget, noted=True)}")
    for segment in program.segments:
        if segment.budget is not None:
            money = budget_text(ctx, segment.budget, noted=True)
            items.append(f"{ctx.country_name(segment.iso3)}: {money}")
    if program.progress is not None and program.progress.km_done is not None:
        done = tr(
            "progress_as_of",
            km=tr.km_auto(program.progress.km_done),
            date=tr.date(program.progress.as_of),
        )
        items.append(f"{tr('progress')}: {done}")
    return Overlay(
        Layer(program_id, name, tuple(feats), labels),
        (KeyEntry(program_id, symbol, tr("legend_program", name=name)),),
        TextBlock(name, tuple(items)),
    )


def budget_text(ctx: Context, budget: Budget, noted: bool = False) -> str:
    """ "€303m (five-year border plan)", with the note's text when ``noted``."""
    tr = ctx.tr
    text = tr.money(budget.amount, budget.currency)
    if budget.period:
        text = f"{text} ({tr.text(budget.period)})"
    if noted and budget.note:
        text = f"{text}. {tr.text(budget.note)}"
    return text


def _labels(ctx: Context, program_id: str, program: Program) -> tuple[Label, ...]:
    """The programme's name once, inside the first country it covers, off its border."""
    pairs = [p for p in program.borders if p in ctx.web_line]
    if not pairs:
        return ()
    line = ctx.web_line[pairs[0]]
    point = along(line, LABEL_AT.get(program_id, 0.55))
    home = ctx.country_geom.get(pairs[0].split("-")[0])
    if point is None or home is None:
        return ()
    km = 30.0 if ctx.preset.max_zoom <= 8 else 18.0
    spot = toward(point, home.representative_point(), km)
    if not ctx.view.contains(spot):
        return ()
    # further spots the same distance inland from other points of the border
    others = [along(line, f) for f in (0.5, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6)]
    inland = [toward(p, home.representative_point(), km) for p in others if p is not None]
    alternatives = tuple(p for p in inland if ctx.view.contains(p) and p != spot)
    short = SHORT.get(program_id, program_id)
    return (
        Label(
            (ctx.tr.text(program.name),),
            f"program.{program_id}",
            spot,
            PRIORITY["program"],
            positions=("left", "right") if spot.x < point.x else ("right", "left"),
            tags=("sm-prog", f"sm-prog-{short}"),
            along=alternatives,
        ),
    )
