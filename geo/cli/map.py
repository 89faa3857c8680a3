"""`shieldmap map`: one self-contained HTML map."""

from __future__ import annotations

from pathlib import Path

import click

from geo.cli.options import Inputs, NonEmptyPath, pass_inputs

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
    help="Folder the map is written into.",
)
@click.option(
    "-o",
    "--output",
    type=NonEmptyPath(dir_okay=False, path_type=Path),
    default=None,
    help="HTML file name inside --output-dir [default: PRESET.LANG.html]. A path that leads "
    "out of the folder is refused.",
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
    output_dir: Path,
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
    $ shieldmap map treaty -d site/maps
    $ shieldmap map eastern-shield --basemap OpenStreetMap.Mapnik
    """
    from geo.atomic import ensure_writable_dir, write_text
    from geo.maps import render_map, resolve_basemap

    if basemap:
        resolve_basemap(basemap, api_key)  # fail before the slow part
    target = _inside(output_dir, output or Path(f"{preset}.{lang}.html"), output is None)
    ensure_writable_dir(target.parent)  # before the slow drawing, not after
    layers = inputs.layers()
    click.echo(f"drawing {preset} ({lang})", err=True)
    html = render_map(layers, inputs.seeds, preset, lang, assets, basemap, api_key)
    write_text(target, html)
    click.echo(str(target))


def _inside(folder: Path, name: Path, default: bool = False) -> Path:
    """``folder / name``, refusing a name that leads out of the folder (``..``, another root)."""
    target = (folder / name).resolve()
    if not target.is_relative_to(folder.resolve()):
        what = f"the default file {name}" if default else str(name)
        msg = (
            f"expected a file inside the output folder {folder}, got {what}, which leads out "
            "of it (a link?); name a file inside it with -o, or choose the folder with "
            "--output-dir"
        )
        hint = "'-d' / '--output-dir'" if default else "'-o' / '--output'"
        raise click.BadParameter(msg, param_hint=hint)
    if target.suffix.lower() not in (".html", ".htm"):
        msg = f"expected an .html file name, got {name}; end it with .html"
        raise click.BadParameter(msg, param_hint="'-o' / '--output'")
    return target
