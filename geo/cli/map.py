"""`shieldmap map`: one self-contained HTML map."""

from __future__ import annotations

from pathlib import Path

import click

from geo.cli.options import Inputs, pass_inputs
from geo.maps.i18n import LANGS
from geo.maps.presets import ALL


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
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder for the map when -o is not given; the file is named PRESET.LANG.html "
    "(STORY-ID.LANG.html for a story).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
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
) -> None:
    """Draw one map as a single HTML file that works offline and requests nothing from other
    servers (unless --basemap or --assets cdn ask for it). The path written goes to stdout.

    \b
    $ shieldmap map overview
    $ shieldmap map suwalki-gap --lang pl -o ~/Desktop/suwalki.pl.html
    $ shieldmap map --story gap.yaml --lang de -o gap.de.html
    $ shieldmap map treaty -d site/maps
    $ shieldmap map eastern-shield --basemap OpenStreetMap.Mapnik
    """
    from geo.annotations import check_inside
    from geo.atomic import write_text
    from geo.maps import render_map, resolve_basemap
    from geo.story import check_language, load_story, possible_extent, resolve_extent

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
    if basemap:
        resolve_basemap(basemap, api_key)  # fail before the slow part
    name = story.filename_for(lang) if story is not None else f"{preset}.{lang}.html"
    target = _html_path(output.expanduser()) if output is not None else output_dir / name
    bounds = possible_extent(preset)
    check_inside(inputs.annotations, bounds, f"the {preset} map")
    if story is not None:
        check_inside(story.annotations, bounds, f"the {preset} map")
        resolve_extent(story, inputs.seeds, bounds)  # fail before the slow part
    layers = inputs.layers()
    click.echo(f"drawing {preset} ({lang})", err=True)
    html = render_map(layers, inputs.seeds, preset, lang, assets, basemap, api_key, story=story)
    write_text(target, html)
    click.echo(str(target))


def _given(ctx: click.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP")


def _html_path(path: Path) -> Path:
    """The user's own path, as given; only its type is checked."""
    if path.suffix.lower() not in (".html", ".htm"):
        msg = f"expected an .html file name, got {path}; end it with .html"
        raise click.BadParameter(msg, param_hint="'-o' / '--output'")
    return path
