"""The `shieldmap` command group. Heavy libraries are imported inside commands, so --help is
instant."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from geo import __version__
from geo.cli.options import (
    Inputs,
    add_global_options,
    allow_references_opt,
    annotations_opt,
    boundaries_opt,
    configure_logging,
    iso_field_opt,
    seeds_opt,
    tolerance_opt,
)
from geo.errors import ShieldmapError


class ShieldmapGroup(click.Group):
    """Turns the project's own errors into one line on stderr and exit code 1, and Ctrl-C into
    one line and exit code 130 (128 + SIGINT, as shells report it)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ShieldmapError as exc:
            message = " ".join(str(exc).split())
            click.echo(f"Error: {message}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            # every command writes through temporary files or staging folders (geo.atomic,
            # geo.staging), which are removed on the way out
            click.echo(
                "Interrupted: nothing unfinished was written; run the command again to finish.",
                err=True,
            )
            ctx.exit(130)


@click.group(cls=ShieldmapGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="shieldmap")
@click.option("-v", "--verbose", count=True, help="More detail on stderr (repeatable).")
@click.option("-q", "--quiet", count=True, help="Less detail on stderr (repeatable).")
@seeds_opt
@boundaries_opt
@iso_field_opt
@tolerance_opt
@annotations_opt
@allow_references_opt
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="TOML file of option defaults, one [table] per command "
    "[default: shieldmap.toml in the current folder, if there is one].",
)
@click.pass_context
def cli(
    ctx: click.Context,
    verbose: int,
    quiet: int,
    seeds_dir: Path | None,
    boundaries: str | None,
    iso_field: str | None,
    tolerance_m: float | None,
    annotations_file: Path | None,
    allow_references: bool | None,
    config_file: Path | None,
) -> None:
    """Maps and GIS layers of the fortified borders of Poland, Lithuania, Latvia and Estonia
    with Russia and Belarus.

    \b
    $ shieldmap check
    $ shieldmap borders --json
    $ shieldmap --boundaries countries.gpkg --iso-field ISO3 borders
    $ shieldmap map suwalki-gap --story gap.yaml --annotations notes.yaml

    The options below may also follow the command.
    """
    ctx.meta["shieldmap.verbosity"] = verbose - quiet
    configure_logging(verbose - quiet)
    from geo.cli.config import read_config

    # the commands' options take their defaults from the file (click's default_map)
    ctx.default_map = read_config(config_file, cli.commands)
    ctx.obj = Inputs(
        seeds_dir, boundaries, iso_field, tolerance_m, annotations_file, bool(allow_references)
    )


def _register() -> None:
    from geo.cli import borders, boundaries, build, check, layers
    from geo.cli.map import map_command

    for command in (check.check, borders.borders, layers.layers_command, build.build, map_command):
        cli.add_command(add_global_options(command))
    for command in boundaries.boundaries.commands.values():
        add_global_options(command)
    cli.add_command(boundaries.boundaries)


_register()
