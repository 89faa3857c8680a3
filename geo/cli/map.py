"""`shieldmap map`: one map, as a self-contained HTML page or a static SVG, PNG or PDF."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from geo.cli.options import Inputs, NonEmptyPath, base_url_opt, pass_inputs
from geo.maps.i18n import LANGS
from geo.maps.presets import ALL

if TYPE_CHECKING:
    from geo.story import Story

FORMAT_CHOICES = ("html", "svg", "png", "pdf")


@click.command(name="map")
@click.argument("preset", type=click.Choice(ALL), required=False)
@click.option(
    "--story",
    "story_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="YAML story file: your own kicker, title, subtitle, note, byline, source note, "
    "layers, highlighted countries, extent and annotations (see the README); its 'preset' "
    "is the map drawn, so PRESET may be left out.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default=None,
    help="Language of every text on the map [default: the story's first language, else en].",
)
@click.option(
    "-d",
    "--output-dir",
    type=NonEmptyPath(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder for the map when -o is not given; the file is named PRESET.LANG.FORMAT "
    "(PRESET.LANG.SIZE.FORMAT with --size; STORY-ID instead of PRESET for a story).",
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
    preset: str | None,
    story_file: Path | None,
    lang: str | None,
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
    $ shieldmap map --story gap.yaml --lang de -o gap.de.html
    $ shieldmap map treaty -d site/maps
    $ shieldmap map eastern-shield --basemap OpenStreetMap.Mapnik
    $ shieldmap map overview --base-url https://example.org/maps/
    $ shieldmap map overview --format png --size social --scale 2
    $ shieldmap map suwalki-gap -o suwalki.pdf --size print
    """
    from geo.atomic import ensure_writable_dir
    from geo.manifest import read_manifest
    from geo.maps import resolve_basemap, write_map
    from geo.maps.build import preview_paths
    from geo.maps.embed import check_base_url
    from geo.maps.scene import SceneInputs
    from geo.story import check_language, load_story

    ctx = click.get_current_context()
    story = load_story(story_file) if story_file is not None else None
    if story is not None and preset is not None and preset != story.preset:
        msg = (
            f"the story {story_file} is drawn on the {story.preset} map, got {preset}; "
            "leave PRESET out, or change 'preset' in the story"
        )
        raise click.BadParameter(msg, param_hint="'PRESET'")
    if story is None and preset is None:
        raise click.UsageError("Missing argument 'PRESET' (or give --story FILE).", ctx)
    preset = story.preset if story is not None else preset
    assert preset is not None
    lang = lang or (story.languages[0] if story is not None else "en")
    if story is not None:
        check_language(story, lang)
    if output is not None and _given(ctx, "output_dir"):
        msg = "-o names the whole path of the file; give the folder there and drop --output-dir"
        raise click.BadParameter(msg, param_hint="'-d' / '--output-dir'")
    check_base_url(base_url)
    fmt = _format(fmt, output)
    if fmt != "html":
        _static(inputs, preset, lang, output_dir, output, fmt, size, scale, story)
        return
    for name, value in (("--size", size), ("--scale", scale)):
        if value is not None:
            msg = f"{name} is for static maps; add --format svg, png or pdf, or drop {name}"
            raise click.BadParameter(msg, param_hint=f"'{name}'")
    # a bad provider or missing key fails before the slow part
    provider = resolve_basemap(basemap, api_key) if basemap else None
    name = story.filename_for(lang) if story is not None else f"{preset}.{lang}.html"
    target = _html_path(output.expanduser()) if output is not None else output_dir / name
    _check_places(inputs, preset, story)
    ensure_writable_dir(target.parent)  # before the slow drawing, not after
    layers = inputs.layers()
    click.echo(f"drawing {preset} ({lang})", err=True)
    scene_inputs = SceneInputs(layers, inputs.seeds, story=story)
    # into a folder a build published, a map that replaces one with previews gets them drawn
    # again too, so the index's gallery shows the map as it now is
    published = read_manifest(target.parent) is not None
    previews = published and all(path.is_file() for path in preview_paths(target).values())
    _, files = write_map(scene_inputs, preset, lang, target, assets, provider, base_url, previews)
    for path in [*files, *_merge_manifest(inputs, files)]:
        click.echo(str(path))
    if published:
        _note_unlisted(target)


def _note_unlisted(target: Path) -> None:
    """A map new to a folder with a build's index: say the index does not list it (the index
    is made from every map of a build, which one map cannot know)."""
    from geo.maps.embed import index_lists

    index = target.parent / "index.html"
    if not index.is_file() or index_lists(index, target):
        return
    click.echo(
        f"note: {index} does not list {target.name}; to add it, run shieldmap build with "
        "the same options (and --story for a story map)",
        err=True,
    )


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
    story: Story | None = None,
) -> None:
    """A static map: checked options first, then the slow part, then one atomic write."""
    from geo.atomic import ensure_writable_dir, write_bytes
    from geo.errors import MapError
    from geo.maps.static_export import render_preset, static_filename
    from geo.maps.static_page import check_scale, parse_size

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
        stem = story.id if story is not None else preset
        target = output_dir / static_filename(stem, lang, fmt, page)
    _check_places(inputs, preset, story)
    ensure_writable_dir(target.parent)  # before the slow drawing, not after (red-team I7)
    layers = inputs.layers()
    click.echo(f"drawing {preset} ({lang}) as {fmt.upper()}", err=True)
    data = render_preset(
        layers, inputs.seeds, preset, lang, (fmt,), page, scale or 1.0, story=story
    )
    write_bytes(target, data[fmt])
    for path in [target, *_merge_manifest(inputs, [target])]:
        click.echo(str(path))


def _check_places(inputs: Inputs, preset: str, story: Story | None) -> None:
    """Annotations and a story's extent inside the map's possible extent, before the slow part."""
    from geo.annotations import check_inside
    from geo.story import possible_extent, resolve_extent

    bounds = possible_extent(preset)
    check_inside(inputs.annotations, bounds, f"the {preset} map")
    if story is not None:
        check_inside(story.annotations, bounds, f"the {preset} map")
        resolve_extent(story, inputs.seeds, bounds)


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
