"""`shieldmap boundaries list | info ID | fetch ID`: the boundary source catalogue."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from geo.cli.options import json_opt


@click.group()
def boundaries() -> None:
    """The boundary sources shieldmap knows: what they are, their licence, and fetching them.

    A fetched source is used with the global option --boundaries ID.

    \b
    $ shieldmap boundaries list
    $ shieldmap boundaries info osm-land-10m
    $ shieldmap boundaries fetch osm-land-10m
    $ shieldmap --boundaries osm-land-10m borders
    """


def _status(source_id: str, embedded: bool) -> str:
    from geo.cache import read_record

    if embedded:
        return "embedded"
    return "cached" if read_record(source_id) is not None else "not fetched"


def _size(size_bytes: int) -> str:
    return f"{size_bytes / 1e6:.0f} MB" if size_bytes else "unknown"


@boundaries.command("list")
@json_opt
def list_command(as_json: bool) -> None:
    """Every catalogue source: id, scale, licence, download size, and whether it is cached."""
    from geo.sources import catalogue

    rows = [
        {
            "id": e.id,
            "name": e.name,
            "scale": e.scale,
            "licence": e.licence,
            "size": _size(e.size_bytes),
            "status": _status(e.id, e.embedded),
        }
        for e in catalogue().values()
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    header = ("id", "status", "size", "scale", "licence")
    table = [header, *[tuple(str(r[h]) for h in header) for r in rows]]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    click.echo("\nDetails, attribution and URLs: shieldmap boundaries info ID")


@boundaries.command("info")
@click.argument("source_id", metavar="ID")
@json_opt
def info_command(source_id: str, as_json: bool) -> None:
    """Everything about one source: publisher, scale, licence and the attribution to print,
    download URLs and mirrors, what is read from the download, how it is verified, and where
    it is cached."""
    from dataclasses import asdict

    from geo.cache import download_dir, read_record
    from geo.sources import get_source

    entry = get_source(source_id)
    record = None if entry.embedded else read_record(entry.id)
    data: dict[str, Any] = asdict(entry)
    data["status"] = _status(entry.id, entry.embedded)
    data["cache"] = "" if entry.embedded else str(download_dir(entry.id))
    data["cached_sha256"] = record.sha256 if record else ""
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    lines = [
        (entry.id, entry.name),
        ("publisher", entry.publisher),
        ("version", entry.version),
        ("scale", entry.scale),
        (
            "coverage",
            entry.coverage + (": borders across water come out short" if entry.land_only else ""),
        ),
        ("point of view", entry.point_of_view),
        ("licence", f"{entry.licence} ({entry.licence_url})"),
        ("attribution", entry.attribution),
        (
            "share-alike",
            "yes: layers made from it must keep its licence" if entry.share_alike else "no",
        ),
        ("homepage", entry.homepage),
        ("download", entry.urls[0] if entry.urls else "embedded in shieldmap"),
        *[("mirror", url) for url in entry.urls[1:]],
        ("format", f"{entry.format}" + (f", reads {entry.member}" if entry.member else "")),
        ("code field", entry.code_field),
        (
            "integrity",
            entry.integrity or "none published: the first download's SHA-256 is recorded",
        ),
        ("size", _size(entry.size_bytes)),
        ("status", data["status"] + (f" in {data['cache']}" if record else "")),
    ]
    if record:
        lines.append(("SHA-256", f"{record.sha256} (verified against {record.verified_against})"))
    lines.append(("note", " ".join(entry.note.split())))
    width = max(len(k) for k, _ in lines)
    for key, value in lines:
        click.echo(f"{key.ljust(width)}  {value}")


@boundaries.command("fetch")
@click.argument("source_id", metavar="ID")
@click.option("--force", is_flag=True, help="Download again even if already cached.")
@click.pass_context
def fetch_command(ctx: click.Context, source_id: str, force: bool) -> None:
    """Download a source into the cache, verify it, and keep it for --boundaries ID.

    The download shows a progress bar on stderr (not with -q, nor when stderr is not a
    terminal), resumes after a dropped connection, tries the mirrors, and is checked against
    the publisher's checksum before it is kept; a failed or tampered download keeps nothing.
    The cache is the user's cache folder, or $SHIELDMAP_CACHE.

    \b
    $ shieldmap boundaries fetch osm-land-10m
    $ SHIELDMAP_CACHE=/data/cache shieldmap boundaries fetch osm-land-10m
    """
    from geo.cache import download_dir
    from geo.download import fetch
    from geo.sources import get_source

    entry = get_source(source_id)
    quiet = int(ctx.find_root().meta.get("shieldmap.verbosity", 0)) < 0
    progress = not quiet and sys.stderr.isatty()
    record = fetch(entry, progress=progress, force=force)
    if not quiet:
        click.echo(
            f"{entry.id}: {download_dir(entry.id) / record.read} "
            f"(SHA-256 {record.sha256}, verified against {record.verified_against})",
            err=True,
        )
        click.echo(f"licence: {entry.licence}; print: {entry.attribution}", err=True)
