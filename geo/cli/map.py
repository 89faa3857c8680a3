"""`shieldmap map`: one self-contained HTML map."""

from __future__ import annotations

from pathlib import Path

import click

from geo.cli.options import Inputs, NonEmptyPath, base_url_opt, pass_inputs

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
    "-d",
    "--output-dir",
    type=NonEmptyPath(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder for the map when -o is not given; the file is named PRESET.LANG.html.",
)
@click.option(
    "-o",
    "--output",
    type=NonEmptyPath(dir_okay=False, path_type=Path),
    default=None,
    help="The HTML file to write: any path, absolute or relative to the current folder.",
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
@base_url_opt
@pass_inputs
def map_command(
    inputs: Inputs,
    preset: str,
    lang: str,
    output_dir: Path,
    output: Path | None,
    basemap: str | None,
    api_key: str | None,
    assets: str,
    base_url: str,
) -> None:
    """Draw one map as a single HTML file that works offline and requests nothing from other
    servers (unless --basemap or --assets cdn ask for it), and its embed page beside it
    (NAME.embed.html, with the code to paste into an article). The paths written go to stdout.

    \b
    $ shieldmap map overview
    $ shieldmap map suwalki-gap --lang pl -o ~/Desktop/suwalki.pl.html
    $ shieldmap map treaty -d site/maps
    $ shieldmap map eastern-shield --basemap OpenStreetMap.Mapnik
    $ shieldmap map overview --base-url https://example.org/maps/
    """
    from geo.annotations import check_inside
    from geo.atomic import ensure_writable_dir
    from geo.maps import resolve_basemap, write_map
    from geo.maps.embed import check_base_url
    from geo.story import possible_extent

    ctx = click.get_current_context()
    if output is not None and _given(ctx, "output_dir"):
        msg = "-o names the whole path of the file; give the folder there and drop --output-dir"
        raise click.BadParameter(msg, param_hint="'-d' / '--output-dir'")
    check_base_url(base_url)
    if basemap:
        resolve_basemap(basemap, api_key)  # fail before the slow part
    name = f"{preset}.{lang}.html"
    target = _html_path(output.expanduser()) if output is not None else output_dir / name
    check_inside(inputs.annotations, possible_extent(preset), f"the {preset} map")
    ensure_writable_dir(target.parent)  # before the slow drawing, not after
    layers = inputs.layers()
    click.echo(f"drawing {preset} ({lang})", err=True)
    _, files = write_map(
        layers, inputs.seeds, preset, lang, target, assets, basemap, api_key, base_url
    )
    for path in files:
        click.echo(str(path))


def _given(ctx: click.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP")


def _html_path(path: Path) -> Path:
    """The user's own path, as given; only its type is checked."""
    if path.suffix.lower() not in (".html", ".htm"):
        msg = f"expected an .html file name, got {path}; end it with .html"
        raise click.BadParameter(msg, param_hint="'-o' / '--output'")
    return path
