"""`shieldmap build`: every map in every language, plus the layer bundle, with manifests."""

from __future__ import annotations

import time
from pathlib import Path

import click

from geo.cli.options import Inputs, pass_inputs
from geo.maps.i18n import LANGS


@click.command()
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder for the HTML maps, embed snippets and index page.",
)
@click.option(
    "--layers-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("layers"),
    show_default=True,
    help="Folder for the GIS layer bundle.",
)
@click.option("--no-layers", is_flag=True, help="Build the maps only.")
@click.option(
    "--lang",
    "langs",
    multiple=True,
    type=click.Choice(LANGS),
    help="Only these languages (repeatable) [default: all].",
)
@click.option(
    "--story",
    "story_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A story file (repeatable): its map is built too, as ID.LANG.html in each language "
    "it is written in, with its embed page and a place in the index.",
)
@pass_inputs
def build(
    inputs: Inputs,
    out_dir: Path,
    layers_dir: Path,
    no_layers: bool,
    langs: tuple[str, ...],
    story_files: tuple[Path, ...],
) -> None:
    """Regenerate every map preset in every language and the layer bundle.

    Each file is written to a temporary name and renamed into place, so a failed build
    leaves the previous outputs intact. Each folder gets a manifest.json listing every
    file with its SHA-256, the inputs and the tool version.

    \b
    $ shieldmap build
    $ shieldmap --annotations notes.yaml build -o site/maps
    $ shieldmap build --story gap.yaml --no-layers
    """
    from geo.annotations import check_inside
    from geo.errors import StoryError
    from geo.manifest import describe_inputs, write_manifest
    from geo.maps import build_maps
    from geo.seeds import default_seeds_dir
    from geo.story import load_story, possible_extent, resolve_extent

    started = time.perf_counter()
    check_inside(inputs.annotations, possible_extent(), "every map")
    stories = [load_story(path) for path in story_files]
    ids = [story.id for story in stories]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        msg = (
            f"two stories have the id {twice[0]!r} and would write the same files; give each "
            "its own 'id'"
        )
        raise StoryError([msg])
    for story in stories:
        bounds = possible_extent(story.preset)
        check_inside(story.annotations, bounds, f"the {story.preset} map")
        resolve_extent(story, inputs.seeds, bounds)
    layers = inputs.layers()
    source = inputs.source
    described = describe_inputs(
        {
            "id": source.id,
            "name": source.name,
            "version": source.version,
            "licence": source.licence,
        },
        inputs.seeds_dir or default_seeds_dir(),
        inputs.annotations_file,
    )
    if not no_layers:
        from geo.export import write_bundle

        click.echo(f"layers -> {layers_dir}/", err=True)
        written = write_bundle(layers, layers_dir)
        write_manifest(layers_dir, described, written)

    def progress(message: str) -> None:
        click.echo(message, err=True)

    maps = build_maps(
        layers, inputs.seeds, out_dir, langs=langs or LANGS, progress=progress, stories=stories
    )
    write_manifest(out_dir, described, maps)
    click.echo(
        f"built {len(maps)} map files in {out_dir}/"
        + ("" if no_layers else f" and the layer bundle in {layers_dir}/")
        + f" in {time.perf_counter() - started:.1f} s",
        err=True,
    )
