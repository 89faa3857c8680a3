"""`shieldmap check`: validate the seeds and the boundary source."""

from __future__ import annotations

import click

from geo.cli.options import Inputs, pass_inputs
from geo.errors import ShieldmapError


@click.command()
@pass_inputs
def check(inputs: Inputs) -> None:
    """Validate the seed files, the boundary source and any --annotations; list every problem.

    Exits 0 when all is well, 1 with one line per problem otherwise.

    \b
    $ shieldmap check
    $ shieldmap --seeds my-seeds/ check
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
        f"{inputs.source.version}" + (f"; {len(annotations)} annotations" if annotations else "")
    )
