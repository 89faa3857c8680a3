"""`shieldmap borders`: the affected borders, measured and official."""

from __future__ import annotations

import json

import click

from geo.cli.options import Inputs, finland_opt, json_opt, pass_inputs

COLUMNS = ("pair", "region", "measured km", "official km", "source", "diff %", "barriers")
#: The CSV repeats, on each row, what the table says once below itself.
CSV_COLUMNS = (*COLUMNS, "length source", "length scale", "length note")


@click.command()
@json_opt
@click.option("--csv", "as_csv", is_flag=True, help="Write CSV to stdout.")
@finland_opt
@pass_inputs
def borders(inputs: Inputs, as_json: bool, as_csv: bool, include_finland: bool) -> None:
    """Print every border of Poland, Lithuania, Latvia and Estonia with Russia (Kaliningrad
    Oblast and mainland) and Belarus: measured length, official length and its source, the
    difference, and the barriers built on it.

    Measured lengths are geodesic (WGS84) on the boundary source at its own scale; official
    lengths come from the seeds with their source ids.

    \b
    $ shieldmap borders
    $ shieldmap borders --json | jq '.[].length_km'
    $ shieldmap borders --csv --finland > borders.csv
    """
    from geo.borders import water_note
    from geo.layers import measured_on
    from geo.summary import summarise

    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv, not both")
    source = inputs.source
    summaries = summarise(inputs.affected_borders(include_finland), inputs.seeds)
    rows = [s.as_dict() for s in summaries]
    for row, summary in zip(rows, summaries, strict=True):
        row.update(measured_on(source))
        row["length_note"] = water_note(summary.border) if source.land_only else ""
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False, sort_keys=True))
        return
    table = [_row(r) for r in rows]
    if as_csv:
        from geo.csvout import csv_text

        extra = [[r["length_source_id"], r["length_scale"], r["length_note"]] for r in rows]
        click.echo(
            csv_text(CSV_COLUMNS, [t + e for t, e in zip(table, extra, strict=True)]), nl=False
        )
        return
    click.echo(_format_table(table))
    click.echo(
        f"\nMeasured: geodesic on WGS84, {source.name} {source.version} ({source.scale}; "
        f"source id {source.id}). Official: national figure where given, with its source id."
    )
    short = [r for r in rows if r["length_note"]]
    if short:
        click.echo(
            f"\nWarning: {source.id} is land-only: its outlines stop at the shore, so borders "
            "crossing water are measured short:"
        )
        for r in short:
            region = f" ({r['region']})" if r["region"] else ""
            click.echo(f"  {r['pair']}{region}: {r['length_note']}")


def _row(row: dict[str, object]) -> list[str]:
    official = row["official_km"]
    diff = row["difference_pct"]
    barriers = row["barriers"]
    names = "; ".join(
        f"{b['length_km']:g} km {b['name']}" if b["length_km"] is not None else str(b["name"])
        for b in barriers  # type: ignore[attr-defined]
    )
    return [
        str(row["pair"]),
        str(row["region"] or ""),
        f"{row['length_km']:.1f}",
        f"{official:g}" if isinstance(official, int | float) else "",
        ",".join(row["official_source"]),  # type: ignore[arg-type]
        f"{diff:+.1f}" if isinstance(diff, float) else "",
        names,
    ]


def _format_table(rows: list[list[str]]) -> str:
    widths = [max(len(str(c)) for c in col) for col in zip(COLUMNS, *rows, strict=False)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(COLUMNS, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)
