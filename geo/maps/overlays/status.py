"""The treaty overlay: each country in the seeds filled by its Ottawa Convention status, and the
timeline of the withdrawals."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from geo import style
from geo.maps.overlays import Overlay
from geo.maps.scene import (
    Feature,
    KeyEntry,
    Layer,
    Popup,
    Run,
    Step,
    Strong,
    TextBlock,
    Timeline,
    TimelineRow,
)
from geo.seeds import EVENT_KINDS

if TYPE_CHECKING:
    from geo.maps.context import Context
    from geo.seeds import Country, Event

# the timeline's steps: every event kind from the announcement on (not joining the treaty)
WITHDRAWAL_KINDS = EVENT_KINDS[EVENT_KINDS.index("announced") :]


# each status with the event whose date makes it, and the text that gives that date
DATED = {
    "withdrawn": ("withdrawal_effective", "status_withdrawn_on"),
    "party": ("in_force", "status_party_since"),
    "suspension_notified": ("suspension_notified", "status_suspension_notified_on"),
}


def status_text(ctx: Context, country: Country) -> str:
    """The status as the sources state it, with the date that makes it."""
    tr = ctx.tr
    if country.ottawa_status in DATED:
        kind, key = DATED[country.ottawa_status]
        dates = [e.date for e in country.events if e.kind == kind]
        if dates:
            return tr(key, date=tr.date(max(dates)))
    return tr(f"status_{country.ottawa_status}")


def procedural(event: Event) -> tuple[datetime.date, int]:
    """Date, then the order of the steps on one day (a vote before the signature)."""
    return (event.date, EVENT_KINDS.index(event.kind))


def event_label(ctx: Context, country: Country, kind: str) -> str:
    """The step's name; joining is "ratified" for a signatory, "acceded" otherwise."""
    if kind == "joined":
        signed = any(e.kind == "signed" for e in country.events)
        return ctx.tr("event_ratified" if signed else "event_acceded")
    return ctx.tr(f"event_{kind}")


def short_status(ctx: Context, country: Country) -> str:
    tr = ctx.tr
    effective = [e.date for e in country.events if e.kind == "withdrawal_effective"]
    if country.ottawa_status == "withdrawn" and effective:
        return tr("short_withdrawn", date=tr.date(max(effective), "medium"))
    if country.ottawa_status == "withdrawn":
        return tr("status_withdrawn")
    return tr(f"short_{country.ottawa_status}")


def _popup(ctx: Context, country: Country) -> Popup:
    tr = ctx.tr
    items: list[Run] = []
    for event in sorted(country.events, key=procedural):
        head = event_label(ctx, country, event.kind)
        if event.votes:  # only the figures the sources record
            counts = [
                tr(f"votes_{k}", n=event.votes[k])
                for k in ("for", "against", "abstain")
                if k in event.votes
            ]
            head = f"{head}: {', '.join(counts)}"
        text = f"{head}. {tr.text(event.note)}" if event.note else head
        if not text.endswith((".", "!", "?")):
            text += "."
        items.append(
            (Strong(tr.date(event.date, "medium")), f" — {text} ", *ctx.cite(event.source))
        )
    return Popup(
        ctx.country_name(country.iso3),
        paragraphs=((Strong(f"{tr('ottawa_status')}:"), f" {status_text(ctx, country)}"),),
        items=tuple(items),
        sources=ctx.sources_line(country.status_source),
    )


def status(ctx: Context) -> Overlay | None:
    """The countries of the seeds, filled by treaty status; their labels come from the land."""
    tr = ctx.tr
    feats, alt, present = [], [], []
    for record in ctx.web[0].itertuples():
        country = ctx.seeds.countries.get(record.iso3)
        if country is None:
            continue
        state = country.ottawa_status
        if state not in present:
            present.append(state)
        name = ctx.country_name(record.iso3)
        feats.append(
            Feature(
                record.geometry,
                f"status.{state}",
                ("sm-status", f"status-{state}", f"country-{record.iso3}"),
                f"{name}: {status_text(ctx, country)}",
                _popup(ctx, country),
            )
        )
        alt.append(f"{name}: {status_text(ctx, country)}")
    if not feats:
        return None
    key = tuple(
        KeyEntry("status", f"status.{state}", tr(f"status_{state}"))
        for state in style.STATUS_ORDER
        if state in present
    )
    return Overlay(
        Layer("status", tr("layer_status"), tuple(feats)),
        key,
        TextBlock(tr("alt_countries"), tuple(alt)),
    )


def timeline(ctx: Context) -> Timeline | None:
    """Each withdrawing country's steps out of the treaty, from the events in the seeds."""
    tr = ctx.tr
    rows: list[tuple[str, list[Event]]] = []
    for iso3, country in sorted(ctx.seeds.countries.items()):
        if country.ottawa_status not in ("withdrawn", "suspension_notified"):
            continue
        in_force = [e.date for e in country.events if e.kind == "in_force"]
        after = max(in_force) if in_force else datetime.date.min
        steps = [e for e in country.events if e.kind in WITHDRAWAL_KINDS and e.date > after]
        if steps:
            rows.append((iso3, sorted(steps, key=procedural)))
    if not rows:
        return None
    for _, steps in rows:
        for event in steps:
            ctx.cite(event.source)
    order = {iso3: i for i, iso3 in enumerate(ctx.focus_order)}
    rows.sort(key=lambda r: (order.get(r[0], len(order)), r[0]))
    start = min(e.date for _, s in rows for e in s).replace(day=1)
    last = max(e.date for _, s in rows for e in s)
    end = (last.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    ticks = []
    month = start
    while month <= end:
        shown = month.month in (1, 4, 7, 10) or month == start
        ticks.append((month, tr.month(month, short=True) if shown else None))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    timeline_rows = []
    for iso3, steps in rows:
        name = ctx.country_name(iso3)
        timeline_rows.append(
            TimelineRow(
                name,
                tuple(
                    Step(e.date, e.kind, f"{name}: {tr(f'event_{e.kind}')}, {tr.date(e.date)}")
                    for e in steps
                ),
            )
        )
    suspended = any(ctx.seeds.countries[i].ottawa_status != "withdrawn" for i, _ in rows)
    span = {"start": tr.month(start), "end": tr.month(last)}
    heading = tr("timeline_suspension", **span) if suspended else tr("timeline", **span)
    kinds = {e.kind for _, s in rows for e in s}
    return Timeline(
        heading=heading,
        start=start,
        end=end,
        ticks=tuple(ticks),
        rows=tuple(timeline_rows),
        legend=tuple((kind, tr(f"event_{kind}")) for kind in WITHDRAWAL_KINDS if kind in kinds),
    )
