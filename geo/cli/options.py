"""Options shared by several commands, and the lazily loaded inputs they read."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    import geopandas as gpd

    from geo.boundaries import BoundarySource
    from geo.borders import Border
    from geo.seeds import Seeds


@dataclass
class Inputs:
    """What the global options point at; each part is loaded once, on first use."""

    seeds_dir: Path | None
    boundaries: Path | None
    iso_field: str | None
    tolerance_m: float | None

    @functools.cached_property
    def seeds(self) -> Seeds:
        from geo.seeds import load_seeds

        return load_seeds(self.seeds_dir)

    @functools.cached_property
    def _countries(self) -> tuple[gpd.GeoDataFrame, BoundarySource]:
        from geo.boundaries import load_countries

        return load_countries(self.boundaries, self.iso_field)

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

        if self.tolerance_m is not None:
            return self.tolerance_m if self.tolerance_m > 0 else None
        return None if self.boundaries is None else DEFAULT_TOLERANCE_M

    def affected_borders(self, include_finland: bool = False) -> list[Border]:
        from geo.borders import affected_borders

        return affected_borders(self.countries, include_finland, self.effective_tolerance_m)


pass_inputs = click.make_pass_decorator(Inputs)

seeds_opt = click.option(
    "--seeds",
    "seeds_dir",
    type=click.Path(file_okay=False, dir_okay=True, path_type=Path),
    default=None,
    help="Folder of seed YAML files [default: the seeds/ shipped with shieldmap].",
)
boundaries_opt = click.option(
    "--boundaries",
    type=click.Path(path_type=Path),
    default=None,
    help="Country boundary file (any format GDAL reads) [default: embedded Natural Earth 10m].",
)
iso_field_opt = click.option(
    "--iso-field",
    default=None,
    help="Field of --boundaries holding ISO-3 (or ISO-2) codes [default: guessed].",
)
tolerance_opt = click.option(
    "--tolerance",
    "tolerance_m",
    type=click.FloatRange(min=0),
    default=None,
    metavar="METRES",
    help="Snap distance for neighbours that do not coincide; 0 for exact arcs "
    "[default: exact for the embedded data, 200 m for --boundaries].",
)
finland_opt = click.option(
    "--finland/--no-finland",
    "include_finland",
    default=False,
    help="Also include Finland's border with Russia.",
)
json_opt = click.option("--json", "as_json", is_flag=True, help="Write JSON to stdout.")
