"""`shieldmap check`: validate the seeds and the boundary source."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from geo.cli.options import Inputs, pass_inputs
from geo.errors import ShieldmapError
from geo.maps.i18n import LANGS

if TYPE_CHECKING:
    from geo.seeds import Seeds
    from geo.story import Story


@click.command()
@click.option(
    "--story",
    "story_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also validate this story file against its map.",
)
@click.option(
    "--lang",
    "langs",
    multiple=True,
    type=click.Choice(LANGS),
    help="List the seed texts not yet translated into this language (repeatable); maps "
    "show them in English, marked [EN].",
)
@pass_inputs
def check(inputs: Inputs, story_file: Path | None, langs: tuple[str, ...]) -> None:
    """Validate the seed files, the boundary source, any --annotations and a --story; list
    every problem.

    Exits 0 when all is well, 1 with one line per problem otherwise.

    \b
    $ shieldmap check
    $ shieldmap --seeds my-seeds/ check
    $ shieldmap check --story gap.yaml
    $ shieldmap check --lang lt
    """
    from geo.errors import SeedError

    problems: list[str] = []
    try:
        seeds = inputs.seeds
    except SeedError as exc:
        problems.extend(exc.problems)
        seeds = None
    try:
        annotations = inputs.annotations
    except SeedError as exc:
        problems.extend(exc.problems)
        annotations = ()
    try:
        countries = inputs.countries
    except ShieldmapError as exc:
        problems.append(str(exc))
        countries = None
    story = None
    if story_file is not None:
        story = _story_problems(story_file, seeds, problems)
    if seeds is not None and countries is not None:
        present = set(countries["iso3"])
        for code in sorted(seeds.countries):
            if code not in present:
                problems.append(f"seeds name country {code}, which the boundary source lacks")
    if problems or seeds is None or countries is None:
        for problem in problems:
            # one line per problem, as the group's handler does: a newline in a file name or
            # in a parser's message must not forge a second line
            click.echo(f"Error: {' '.join(problem.split())}", err=True)
        raise click.exceptions.Exit(1)
    click.echo(
        f"ok: {len(seeds.sources)} sources, {len(seeds.countries)} countries, "
        f"{len(seeds.borders)} border records, {len(seeds.programs)} programs, "
        f"{len(seeds.places)} places; {len(countries)} countries from {inputs.source.name} "
        f"{inputs.source.version}"
        + (f"; {len(annotations)} annotations" if annotations else "")
        + (f"; story {story.id} on {story.preset} in {', '.join(story.languages)}" if story else "")
    )
    for lang in langs:
        _list_missing(seeds, lang)


def _list_missing(seeds: Seeds, lang: str) -> None:
    """The seed texts without a ``lang`` version, one per line, then how many."""
    from geo.maps.i18n import catalog, untranslated_strings
    from geo.translations import missing, seed_texts

    strings = untranslated_strings(lang)
    for key in strings:
        click.echo(f"untranslated: UI string {key!r}: {catalog('en')[key]!r}")
    lines = missing(seeds, lang)
    for line in lines:
        click.echo(f"untranslated: {line}")
    total = sum(1 for _ in seed_texts(seeds))
    every = len(catalog("en"))
    click.echo(
        f"{lang}: {every - len(strings)} of {every} UI strings and "
        f"{total - len(lines)} of {total} seed texts translated"
        + (f"; the other {len(lines)} seed texts show in English, marked [EN]" if lines else "")
    )


def _story_problems(path: Path, seeds: Seeds | None, problems: list[str]) -> Story | None:
    """Load the story and check it fits its map; its problems go to ``problems``."""
    from geo.annotations import outside_problems
    from geo.errors import SeedError
    from geo.story import load_story, possible_extent, resolve_extent

    try:
        story = load_story(path)
    except SeedError as exc:
        problems.extend(exc.problems)
        return None
    bounds = possible_extent(story.preset)
    found = outside_problems(story.annotations, bounds, f"the {story.preset} map")
    if seeds is not None:
        try:
            resolve_extent(story, seeds, bounds)
        except SeedError as exc:
            found.extend(exc.problems)
    problems.extend(found)
    return None if found else story
