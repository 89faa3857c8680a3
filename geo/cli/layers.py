"""`shieldmap layers`: write the GIS layer bundle (GeoPackage, QGIS project, GeoJSON, ...)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from geo.cli.options import Inputs, NonEmptyPath, finland_opt, pass_inputs

if TYPE_CHECKING:
    from pyproj import CRS

# Kept here as well as in geo.export so that --help does not import geopandas.
FORMAT_NAMES = ("gpkg", "geojson", "fgb", "parquet", "csv")


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    from geo.export import parse_formats

    try:
        return parse_formats(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from exc


def _crs(ctx: click.Context, param: click.Parameter, value: str | None) -> CRS | None:
    if value is None:
        return None
    from geo.errors import ShieldmapError
    from geo.export import resolve_crs

    try:
        return resolve_crs(value)
    except ShieldmapError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from exc


@click.command(name="layers")
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=NonEmptyPath(path_type=Path),
    default=Path("layers"),
    show_default=True,
    help="Folder to write into; created if missing. The bundle there is replaced as a whole.",
)
@click.option(
    "--format",
    "formats",
    default=",".join(FORMAT_NAMES),
    show_default=True,
    callback=_formats,
    metavar="LIST",
    help="Comma-separated formats to write. gpkg also writes shieldmap.qgs; "
    "README.md is always written.",
)
@click.option(
    "--crs",
    default=None,
    callback=_crs,
    metavar="CRS",
    help="Reproject GeoPackage, FlatGeobuf and GeoParquet, e.g. EPSG:3035 "
    "[default: EPSG:4326]. GeoJSON and CSV always stay WGS84.",
)
@finland_opt
@pass_inputs
def layers_command(
    inputs: Inputs,
    out_dir: Path,
    formats: tuple[str, ...],
    crs: CRS | None,
    include_finland: bool,
) -> None:
    """Write every layer for GIS users: a styled GeoPackage with QGIS metadata and a QGIS
    project, plus GeoJSON (RFC 7946), FlatGeobuf, GeoParquet and CSV, and a README data
    dictionary with sources and licences.

    Files are built in a staging folder and moved into place at the end, so a failure never
    leaves a half-written file. The folder is written as a whole: files the previous
    manifest.json listed that this run does not write (another format, a removed
    annotation layer) are removed, and a new manifest.json lists every file with its
    SHA-256. Paths written go to stdout, a summary to stderr.

    \b
    $ shieldmap layers
    $ shieldmap layers -o /tmp/shield --format gpkg,csv
    $ shieldmap layers --crs EPSG:3035
    $ shieldmap --annotations notes.yaml layers
    """
    from geo.export import write_bundle

    started = time.perf_counter()
    paths = write_bundle(
        inputs.layers(include_finland), out_dir, formats=formats, crs=crs, inputs=inputs.described()
    )
    for path in paths:
        click.echo(str(path))
    click.echo(
        f"wrote {len(paths)} files to {out_dir} in {time.perf_counter() - started:.1f} s",
        err=True,
    )
