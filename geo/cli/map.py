"""`shieldmap map`: one self-contained HTML map."""

from __future__ import annotations

from pathlib import Path

import click

from geo.cli.options import Inputs, pass_inputs

PRESET_CHOICES = ("overview", "eastern-shield", "baltic-defence-line", "suwalki-gap", "treaty")
LANG_CHOICES = ("en", "pl")


@click.command(name="map")
@click.argument("preset", type=click.Choice(PRESET_CHOICES))
@click.option(
    "--lang",
    type=click.Choice(LANG_CHOICES),
    default="en",
    show_default=True,
    help="Language of every text on the map.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="HTML file to write [default: output/PRESET.LANG.html].",
)
@click.option(
    "--basemap",
    metavar="PROVIDER",
    default=None,
    help="xyzservices tile provider, e.g. OpenStreetMap.Mapnik [default: none; the "
    "countries drawn from the boundary data, with no tile server].",
)
@click.option(
    "--api-key",
    metavar="KEY",
    default=None,
    help="Key for a basemap provider that needs one (it ends up in the HTML).",
)
@click.option(
    "--assets",
    type=click.Choice(("inline", "cdn")),
    default="inline",
    show_default=True,
    help="inline: Leaflet inside the file, no external request; cdn: folium's links.",
)
@pass_inputs
def map_command(
    inputs: Inputs,
    preset: str,
    lang: str,
    output: Path | None,
    basemap: str | None,
    api_key: str | None,
    assets: str,
) -> None:
    """Draw one map as a single HTML file that works offline and requests nothing from other
    servers (unless --basemap or --assets cdn ask for it). The path written goes to stdout.

    \b
    $ shieldmap map overview
    $ shieldmap map suwalki-gap --lang pl -o suwalki.pl.html
    $ shieldmap map eastern-shield --basemap OpenStreetMap.Mapnik
    """
    from geo.atomic import write_text
    from geo.maps import render_map, resolve_basemap

    if basemap:
        resolve_basemap(basemap, api_key)  # fail before the slow part
    target = output or Path("output") / f"{preset}.{lang}.html"
    layers = inputs.layers()
    click.echo(f"drawing {preset} ({lang})", err=True)
    html = render_map(layers, inputs.seeds, preset, lang, assets, basemap, api_key)
    write_text(target, html)
    click.echo(str(target))
