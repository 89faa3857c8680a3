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


def border_total(ctx: Context) -> Values:
    """The story's states and the total length of their borders with Russia and Belarus."""
    states = _focus_states(ctx)
    borders = ctx.layers.frames["borders"]
    total = float(borders[borders["a_iso3"].isin(states)]["length_km"].sum())
    names = ctx.tr.join([ctx.country_name(i) for i in states])
    return {"states": names, "km": ctx.tr.km(total, 0)}


def eastern_shield(ctx: Context) -> Values:
    """The Eastern Shield's name, budget, claimed length, target year and progress."""
    tr = ctx.tr
    program = ctx.seeds.programs["eastern_shield"]
    budget, progress = program.budget, program.progress
    return {
        "program": tr.text(program.name),
        "budget": tr.money(budget.amount, budget.currency) if budget else "—",
        "length": tr("approx_km", value=tr.auto(program.claimed_length_km or 0)),
        "year": program.target_year or "—",
        "done": tr.km_auto(progress.km_done) if progress and progress.km_done else "—",
        "as_of": tr.date(progress.as_of) if progress else "—",
    }


def baltic_defence_line(ctx: Context) -> Values:
    """The Baltic Defence Line's name, states and the length of the borders it covers."""
    tr = ctx.tr
    program = ctx.seeds.programs["baltic_defence_line"]
    total = float(ctx.layers.frames["baltic_defence_line"]["length_km"].sum())
    return {
        "program": tr.text(program.name),
        "states": tr.join([ctx.country_name(i) for i in program.countries]),
        "km": tr.km(total, 0),
    }


def suwalki_gap(ctx: Context) -> Values:
    """The shortest Kaliningrad–Belarus distance and the Polish–Lithuanian border's length."""
    frame = ctx.layers.frames["suwalki_gap"].set_index("feature")
    return {
        "gap": ctx.tr.km(float(frame.loc["kaliningrad_belarus_shortest", "length_km"])),
        "border": ctx.tr.km(float(frame.loc["pl_lt_border", "length_km"])),
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
    """The line above the title: the story's four states, in the page's language."""
    return ctx.tr.join([ctx.country_name(i) for i in ctx.focus_order if i in ctx.seeds.countries])


def headline(ctx: Context) -> tuple[str, str]:
    """The map's title and subtitle in the context's language."""
    values = FACTS[ctx.preset.headline](ctx)
    pid = ctx.preset.id
    return ctx.tr(f"{pid}_title", **values), ctx.tr(f"{pid}_subtitle", **values)
