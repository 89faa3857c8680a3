"""The figures a map's title and subtitle quote, computed from the layers and seeds.

A preset names one entry of :data:`FACTS` (``headline = "border_total"``); its texts are the
catalog strings ``<preset id>_title`` and ``<preset id>_subtitle``, filled with these values.
A preset without its own strings fails when presets load (:mod:`geo.maps.presets`), so a new
map never borrows another map's headline.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geo.maps.context import Context

Values = dict[str, object]


def _focus_states(ctx: Context) -> list[str]:
    focus = [c for c in ctx.seeds.countries.values() if c.role == "withdrawing" and c.focus]
    order = {iso3: i for i, iso3 in enumerate(ctx.focus_order)}
    focus.sort(key=lambda c: (order.get(c.iso3, len(order)), c.iso3))
    return [c.iso3 for c in focus]


def official_total(ctx: Context, pairs: list[str]) -> float:
    """The sum of the borders' headline (national) figures: headlines never use measured km."""
    figures = [ctx.headline_length(pair) for pair in pairs]
    return sum(f.km for f in figures if f is not None)


def border_total(ctx: Context) -> Values:
    """The story's states, the official length of their borders with Russia and Belarus
    (summed, rounded to 10 km), and the other states that left the treaty."""
    states = _focus_states(ctx)
    pairs = [b.pair for b in ctx.seeds.borders if b.a in states and b.b in ("RUS", "BLR")]
    others = [
        ctx.tr.text(c.names)
        for c in ctx.seeds.countries.values()
        if c.ottawa_status == "withdrawn" and c.iso3 not in states
    ]
    return {
        "states": ctx.tr.join([ctx.country_name(i) for i in states]),
        "km": ctx.tr.about(official_total(ctx, pairs)),
        "others": ctx.tr.join(sorted(others)),
    }


def eastern_shield(ctx: Context) -> Values:
    """The Eastern Shield's name, budget, claimed length, target year and progress."""
    tr = ctx.tr
    program = ctx.seeds.programs["eastern_shield"]
    budget, progress = program.budget, program.progress
    in_place = progress.km_with_obstacles if progress else None
    return {
        "in_place": tr("approx_km", value=tr.auto(in_place)) if in_place else "—",
        "program": tr.text(program.name),
        "budget": tr.money(budget.amount, budget.currency) if budget else "—",
        "length": tr("approx_km", value=tr.auto(program.claimed_length_km or 0)),
        "year": program.target_year or "—",
        "done": tr.km_auto(progress.km_done) if progress and progress.km_done else "—",
        "as_of": tr.date(progress.as_of) if progress else "—",
    }


def baltic_defence_line(ctx: Context) -> Values:
    """The Baltic Defence Line's name, states and the official length of its borders."""
    tr = ctx.tr
    program = ctx.seeds.programs["baltic_defence_line"]
    return {
        "program": tr.text(program.name),
        "states": tr.join([ctx.country_name(i) for i in program.countries]),
        "km": tr.about(official_total(ctx, list(program.borders))),
    }


def suwalki_gap(ctx: Context) -> Values:
    """The gap's published width and the Polish–Lithuanian border's official length."""
    tr = ctx.tr
    gap = ctx.gap_width()
    border = ctx.headline_length("POL-LTU")
    return {
        "gap": tr("approx_km", value=tr.auto(gap.width_km)) if gap and gap.width_km else "—",
        "border": tr.km_auto(border.km) if border else "—",
    }


def withdrawals(ctx: Context) -> Values:
    """The states that left the treaty, and the first and last dates their exits took effect."""
    tr = ctx.tr
    withdrawn = [c for c in ctx.seeds.countries.values() if c.ottawa_status == "withdrawn"]
    order = {iso3: i for i, iso3 in enumerate(ctx.focus_order)}
    withdrawn.sort(key=lambda c: (order.get(c.iso3, len(order)), c.iso3))
    effective = [e.date for c in withdrawn for e in c.events if e.kind == "withdrawal_effective"]
    return {
        "states": tr.join([tr.name(c.names, c.iso3) for c in withdrawn]),
        "first": tr.date(min(effective)) if effective else "—",
        "last": tr.date(max(effective)) if effective else "—",
    }


FACTS: dict[str, Callable[[Context], Values]] = {
    "border_total": border_total,
    "eastern_shield": eastern_shield,
    "baltic_defence_line": baltic_defence_line,
    "suwalki_gap": suwalki_gap,
    "withdrawals": withdrawals,
}


def kicker(ctx: Context) -> str:
    """The line above the title, naming the map's subject: a programme's builders, the
    Suwałki Gap's two neighbours, the states that left the treaty, or the four focus states."""
    seeds, kind = ctx.seeds, ctx.preset.headline
    if kind in ("eastern_shield", "baltic_defence_line") and kind in seeds.programs:
        codes = list(seeds.programs[kind].countries)  # in the seeds' order, as the subtitle
    elif kind == "suwalki_gap":
        codes = [c for c in ctx.focus_order if c in ("POL", "LTU")]
    elif kind == "withdrawals":
        order = {iso3: i for i, iso3 in enumerate(ctx.focus_order)}
        codes = [i for i, c in seeds.countries.items() if c.ottawa_status == "withdrawn"]
        codes.sort(key=lambda i: (order.get(i, len(order)), i))
    else:
        codes = _focus_states(ctx)
    return ctx.tr.join([ctx.country_name(i) for i in codes])


def headline(ctx: Context) -> tuple[str, str]:
    """The map's title and subtitle in the context's language."""
    values = FACTS[ctx.preset.headline](ctx)
    pid = ctx.preset.id
    return ctx.tr(f"{pid}_title", **values), ctx.tr(f"{pid}_subtitle", **values)
