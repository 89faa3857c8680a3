"""`shieldmap map`: one map, as a self-contained HTML page or a static SVG, PNG or PDF."""

from __future__ import annotations

from pathlib import Path

import click

from geo.cli.options import Inputs, NonEmptyPath, base_url_opt, pass_inputs

PRESET_CHOICES = ("overview", "eastern-shield", "baltic-defence-line", "suwalki-gap", "treaty")
LANG_CHOICES = ("en", "pl")
FORMAT_CHOICES = ("html", "svg", "png", "pdf")


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
    help="Folder for the map when -o is not given; the file is named PRESET.LANG.FORMAT "
    "(PRESET.LANG.SIZE.FORMAT with --size).",
)
@click.option(
    "-o",
    "--output",
    type=NonEmptyPath(dir_okay=False, path_type=Path),
    default=None,
    help="The file to write: any path, absolute or relative to the current folder. Its "
    "extension sets the format when --format is not given.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMAT_CHOICES),
    default=None,
    help="html: the interactive web map [default]; svg, png, pdf: a static map drawn "
    "without a browser.",
)
@click.option(
    "--size",
    metavar="WxH|social|square|print",
    default=None,
    help="Page of a static map: WIDTHxHEIGHT in pixels, social (1200x675), square "
    "(1080x1080) or print (A4 landscape, 300 dpi) [default: the map's own proportions, "
    "1200 px on the long side].",
)
@click.option(
    "--scale",
    type=float,
    default=None,
    help="PNG pixels per pixel of --size, 1 to 4; 2 for retina screens [default: 1].",
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
    fmt: str | None,
    size: str | None,
    scale: float | None,
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
    $ shieldmap map overview --format png --size social --scale 2
    $ shieldmap map suwalki-gap -o suwalki.pdf --size print
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
    fmt = _format(fmt, output)
    if fmt != "html":
        _static(inputs, preset, lang, output_dir, output, fmt, size, scale)
        return
    for name, value in (("--size", size), ("--scale", scale)):
        if value is not None:
            msg = f"{name} is for static maps; add --format svg, png or pdf, or drop {name}"
            raise click.BadParameter(msg, param_hint=f"'{name}'")
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
    for path in [*files, *_merge_manifest(inputs, files)]:
        click.echo(str(path))


def _merge_manifest(inputs: Inputs, files: list[Path]) -> list[Path]:
    """Into a folder a build published (it holds shieldmap's manifest.json), the files just
    written are merged into that manifest, so it still matches the folder."""
    from geo.manifest import merge_manifest, read_manifest

    folder = files[0].parent
    if read_manifest(folder) is None:
        return []
    manifest = merge_manifest(folder, inputs.described(), files)
    return [manifest] if manifest is not None else []


def _static(
    inputs: Inputs,
    preset: str,
    lang: str,
    output_dir: Path,
    output: Path | None,
    fmt: str,
    size: str | None,
    scale: float | None,
) -> None:
    """A static map: checked options first, then the slow part, then one atomic write."""
    from geo.annotations import check_inside
    from geo.atomic import ensure_writable_dir, write_bytes
    from geo.errors import MapError
    from geo.maps.static_export import render_preset, static_filename
    from geo.maps.static_page import check_scale, parse_size
    from geo.story import possible_extent

    try:
        page = parse_size(size) if size is not None else None
    except MapError as exc:
        raise click.BadParameter(str(exc), param_hint="'--size'") from None
    if scale is not None and fmt != "png":
        msg = f"--scale sets a PNG's pixels; drop it for {fmt}, which has no pixels"
        raise click.BadParameter(msg, param_hint="'--scale'")
    try:
        check_scale(scale or 1.0)
    except MapError as exc:
        raise click.BadParameter(str(exc), param_hint="'--scale'") from None
    if output is not None:
        target = output.expanduser()
        if target.suffix.lower() != f".{fmt}":
            msg = f"expected a .{fmt} file for --format {fmt}, got {output}; end it with .{fmt}"
            raise click.BadParameter(msg, param_hint="'-o' / '--output'")
    else:
        target = output_dir / static_filename(preset, lang, fmt, page)
    check_inside(inputs.annotations, possible_extent(preset), f"the {preset} map")
    ensure_writable_dir(target.parent)  # before the slow drawing, not after (red-team I7)
    layers = inputs.layers()
    click.echo(f"drawing {preset} ({lang}) as {fmt.upper()}", err=True)
    data = render_preset(layers, inputs.seeds, preset, lang, (fmt,), page, scale or 1.0)
    write_bytes(target, data[fmt])
    for path in [target, *_merge_manifest(inputs, [target])]:
        click.echo(str(path))


def _format(fmt: str | None, output: Path | None) -> str:
    """--format, else the extension of -o, else html."""
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    if fmt is None:
        return {"htm": "html"}.get(suffix, suffix) if suffix in (*FORMAT_CHOICES, "htm") else "html"
    return fmt


def _given(ctx: click.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP")


def _html_path(path: Path) -> Path:
    """The user's own path, as given; only its type is checked."""
    if path.suffix.lower() not in (".html", ".htm"):
        msg = f"expected an .html file name, got {path}; end it with .html"
        raise click.BadParameter(msg, param_hint="'-o' / '--output'")
    return path
