"""Options shared by several commands, and the lazily loaded inputs they read."""

from __future__ import annotations

import functools
import logging
import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    import geopandas as gpd

    from geo.annotations import Annotation
    from geo.borders import Border
    from geo.boundaries import BoundarySource
    from geo.layers import Layers
    from geo.seeds import Seeds


@dataclass
class Inputs:
    """What the global options point at; each part is loaded once, on first use."""

    seeds_dir: Path | None
    boundaries: str | None
    iso_field: str | None
    tolerance_m: float | None
    annotations_file: Path | None = None
    allow_references: bool = False

    @functools.cached_property
    def seeds(self) -> Seeds:
        from geo.seeds import load_seeds

        return load_seeds(self.seeds_dir)

    @functools.cached_property
    def _countries(self) -> tuple[gpd.GeoDataFrame, BoundarySource]:
        from geo.boundaries import load_countries
        from geo.inputs import check_region_vertices
        from geo.offline import references_allowed

        with references_allowed(self.allow_references):
            countries, source = load_countries(self.boundaries, self.iso_field)
        check_region_vertices(countries, source.path or source.id)
        return countries, source

    @property
    def countries(self) -> gpd.GeoDataFrame:
        return self._countries[0]

    @property
    def source(self) -> BoundarySource:
        return self._countries[1]

    @property
    def effective_tolerance_m(self) -> float | None:
        """Exact arcs for the clean embedded data; snapping for user files unless told."""
        from geo.borders import DEFAULT_TOLERANCE_M
        from geo.sources import is_source_id

        if self.tolerance_m is not None:
            return self.tolerance_m if self.tolerance_m > 0 else None
        if self.boundaries is None:
            return None
        if is_source_id(self.boundaries):
            from geo.sources import get_source

            # the catalogue says whether a source's neighbours share their vertices
            return get_source(self.boundaries).tolerance_m or None
        return DEFAULT_TOLERANCE_M

    @functools.cached_property
    def annotations(self) -> tuple[Annotation, ...]:
        from geo.annotations import load_annotations

        if self.annotations_file is None:
            return ()
        return load_annotations(self.annotations_file)

    def layers(self, include_finland: bool = False) -> Layers:
        """Every named layer, built once per option set."""
        key = include_finland
        if key not in self._layers:
            from geo.layers import build_layers

            self._layers[key] = build_layers(
                self.countries,
                self.source,
                self.seeds,
                self.effective_tolerance_m,
                include_finland,
                self.annotations,
            )
        return self._layers[key]

    @functools.cached_property
    def _layers(self) -> dict[bool, Layers]:
        return {}

    def described(self) -> list[dict[str, str]]:
        """The inputs as a manifest records them: boundary source, seeds and annotations."""
        from geo.export import boundary_input
        from geo.manifest import describe_inputs
        from geo.seeds import default_seeds_dir

        return describe_inputs(
            boundary_input(self.source),
            self.seeds_dir or default_seeds_dir(),
            self.annotations_file,
        )

    def affected_borders(self, include_finland: bool = False) -> list[Border]:
        from geo.borders import affected_borders

        return affected_borders(self.countries, include_finland, self.effective_tolerance_m)


pass_inputs = click.make_pass_decorator(Inputs)
F = TypeVar("F", bound=Callable[..., Any])  # a decorated command function


def configure_logging(verbosity: int) -> None:
    """WARNING by default; each -v one level more detail, each -q one less."""
    level = max(logging.DEBUG, logging.WARNING - 10 * verbosity)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logger = logging.getLogger("geo")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False


#: Largest --tolerance: a snap wider than this joins borders that are not neighbours (and the
#: buffers take hours to compute).
MAX_TOLERANCE_M = 10_000.0


class NonEmptyPath(click.Path):
    """A click path that refuses "" (which would silently mean the current folder)."""

    def convert(
        self,
        value: str | os.PathLike[str],
        param: click.Parameter | None,
        ctx: click.Context | None,
    ) -> str | bytes | os.PathLike[str]:
        if isinstance(value, str) and not value.strip():
            self.fail("expected a path, got an empty string; name a file or folder", param, ctx)
        return super().convert(value, param, ctx)


class Tolerance(click.ParamType):
    """A snap distance in metres: finite, from 0 to :data:`MAX_TOLERANCE_M`."""

    name = "metres"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"expected a number of metres, got {value!r}; try 200", param, ctx)
        if not (math.isfinite(number) and 0 <= number <= MAX_TOLERANCE_M):
            self.fail(
                f"expected a distance in metres from 0 to {MAX_TOLERANCE_M:,.0f}, got {value}; "
                "try 200 (0 means exact arcs)",
                param,
                ctx,
            )
        return number


# The global options: each is declared once, and accepted before the command (on the group)
# and after it (on every command), so `shieldmap map overview --seeds my/` works as well.
_GLOBAL: dict[str, tuple[tuple[str, ...], dict[str, Any]]] = {
    "seeds_dir": (
        ("--seeds", "seeds_dir"),
        {
            "type": NonEmptyPath(file_okay=False, dir_okay=True, path_type=Path),
            "help": "Folder of seed YAML files [default: the seeds/ shipped with shieldmap].",
        },
    ),
    "boundaries": (
        ("--boundaries",),
        {
            "type": NonEmptyPath(path_type=Path),
            "help": "Country boundary file (any format GDAL reads) "
            "[default: embedded Natural Earth 10m].",
        },
    ),
    "iso_field": (
        ("--iso-field",),
        {"help": "Field of --boundaries holding ISO-3 (or ISO-2) codes [default: guessed]."},
    ),
    "tolerance_m": (
        ("--tolerance", "tolerance_m"),
        {
            "type": Tolerance(),
            "metavar": "METRES",
            "help": "Snap distance for neighbours that do not coincide; 0 for exact arcs "
            "[default: exact for the embedded data, 200 m for --boundaries; at most "
            f"{MAX_TOLERANCE_M:,.0f}].",
        },
    ),
    "annotations_file": (
        ("--annotations", "annotations_file"),
        {
            "type": NonEmptyPath(path_type=Path),
            "help": "YAML or GeoJSON file of your own points, lines and areas (label, note, "
            "url, style) to add to every map and to the layers.",
        },
    ),
    "allow_references": (
        ("--allow-references",),
        {
            "is_flag": True,
            "help": "Read a --boundaries file that makes GDAL open other files (a VRT, "
            "SpatiaLite virtual tables). Off by default; the network stays off either way.",
        },
    ),
}


def _global_opt(attr: str) -> Callable[[F], F]:
    decls, kwargs = _GLOBAL[attr]
    return click.option(*decls, default=None, **kwargs)


seeds_opt = _global_opt("seeds_dir")
boundaries_opt = _global_opt("boundaries")
iso_field_opt = _global_opt("iso_field")
tolerance_opt = _global_opt("tolerance_m")
annotations_opt = _global_opt("annotations_file")
allow_references_opt = _global_opt("allow_references")


def _set_input(ctx: click.Context, param: click.Parameter, value: object) -> None:
    """A global option given after the command: set it on the inputs the group made."""
    inputs = ctx.find_object(Inputs)
    # a flag not given after the command is False, not None: it must not undo one given before
    if inputs is not None and value is not None and value is not False and param.name:
        setattr(inputs, param.name, value)


def _add_verbosity(ctx: click.Context, param: click.Parameter, value: int) -> None:
    if value:
        step = 1 if param.name == "verbose" else -1
        level = ctx.meta.get("shieldmap.verbosity", 0) + step * value
        ctx.meta["shieldmap.verbosity"] = level
        configure_logging(level)


def add_global_options(command: click.Command) -> click.Command:
    """Accept the group's options after ``command`` too; they apply to the whole run."""
    for attr, (decls, kwargs) in _GLOBAL.items():
        command.params.append(
            click.Option(
                list(decls),
                default=None,
                expose_value=False,
                callback=_set_input,
                **{**kwargs, "help": kwargs["help"] + " Also accepted before the command."},
            )
        )
        assert command.params[-1].name == attr
    for decls, name, more in (
        (("-v", "--verbose"), "verbose", "More"),
        (("-q", "--quiet"), "quiet", "Less"),
    ):
        command.params.append(
            click.Option(
                [*decls, name],
                count=True,
                expose_value=False,
                callback=_add_verbosity,
                help=f"{more} detail on stderr (repeatable; also before the command).",
            )
        )
    return command


finland_opt = click.option(
    "--finland/--no-finland",
    "include_finland",
    default=False,
    help="Also include Finland's border with Russia.",
)
base_url_opt = click.option(
    "--base-url",
    metavar="URL",
    default="",
    help="Web folder the maps will be published in (https://example.org/maps/ or /maps/), "
    "so the embed code's iframe src works from an article anywhere [default: the bare file "
    "name, for an article in the same folder]. Also settable in shieldmap.toml.",
)
json_opt = click.option("--json", "as_json", is_flag=True, help="Write JSON to stdout.")
