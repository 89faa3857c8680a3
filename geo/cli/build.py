"""`shieldmap build`: every map in every language, plus the layer bundle, with manifests."""

from __future__ import annotations

import time
from pathlib import Path

import click

from geo.cli.options import Inputs, NonEmptyPath, base_url_opt, pass_inputs
from geo.maps.i18n import LANGS


@click.command()
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=NonEmptyPath(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder for the HTML maps, embed snippets and index page.",
)
@click.option(
    "--layers-dir",
    type=NonEmptyPath(file_okay=False, path_type=Path),
    default=Path("layers"),
    show_default=True,
    help="Folder for the GIS layer bundle.",
)
@click.option("--no-layers", is_flag=True, help="Build the maps only.")
@click.option(
    "--no-previews",
    is_flag=True,
    help="Skip the static SVG and PNG preview of each map (and the index's gallery).",
)
@click.option(
    "--lang",
    "langs",
    multiple=True,
    type=click.Choice(LANGS),
    help="Only these languages (repeatable) [default: all].",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes to build with [default: one per available core]; the files are the same "
    "with any number.",
)
@base_url_opt
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
    no_previews: bool,
    langs: tuple[str, ...],
    jobs: int | None,
    base_url: str,
    story_files: tuple[Path, ...],
) -> None:
    """Regenerate every map preset in every language and the layer bundle.

    Every file is built in a staging folder and all are renamed into place at the end, so a
    failed build leaves the previous outputs intact. Files of the previous build that this
    one did not write are removed. Each folder gets a manifest.json listing every file with
    its SHA-256, the inputs and the tool version (one merged manifest if -o and --layers-dir
    are the same folder).

    \b
    $ shieldmap build
    $ shieldmap --annotations notes.yaml build -o site/maps
    $ shieldmap build --base-url https://example.org/maps/
    $ shieldmap build --story gap.yaml --no-layers
    $ shieldmap build --jobs 1
    """
    from geo.annotations import check_inside
    from geo.errors import StoryError
    from geo.export import stage_bundle
    from geo.maps import build_maps
    from geo.maps.embed import check_base_url
    from geo.parallel import SideTask, available_cores
    from geo.staging import publish, staged
    from geo.story import load_story, possible_extent, resolve_extent

    check_base_url(base_url)  # fail before the slow part
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
    described = inputs.described()

    def progress(message: str) -> None:
        click.echo(message, err=True)

    # Both folders are checked before anything is written; nothing reaches either until the
    # layers and every map are built; one manifest per folder (merged if they are one folder).
    with staged(*([out_dir] if no_layers else [layers_dir, out_dir])) as stages:
        bundle = None
        if not no_layers:
            click.echo(f"layers -> {layers_dir}/", err=True)
            layers_stage = stages[0]

            def write_bundle() -> list[str]:
                stage_bundle(layers, layers_stage)
                return layers_stage.names

            def bundle_written(names: list[str]) -> None:
                layers_stage.names = names  # from the worker that wrote them, if one did

            # written by a worker while the others simplify the maps' geometry
            bundle = SideTask(write_bundle, bundle_written)
        maps_stage = stages[-1]
        maps = build_maps(
            layers,
            inputs.seeds,
            maps_stage.folder,
            langs=langs or LANGS,
            progress=progress,
            base_url=base_url,
            stories=stories,
            previews=not no_previews,
            jobs=jobs or available_cores(),
            alongside=bundle,
        )
        maps_stage.add(maps)
        publish(stages, described)
    click.echo(
        f"built {len(maps)} map files in {out_dir}/"
        + ("" if no_layers else f" and the layer bundle in {layers_dir}/")
        + f" in {time.perf_counter() - started:.1f} s",
        err=True,
    )
