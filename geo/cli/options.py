"""Options shared by several commands, and the lazily loaded inputs they read."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

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
    boundaries: Path | None
    iso_field: str | None
    tolerance_m: float | None
    annotations_file: Path | None = None

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
annotations_opt = click.option(
    "--annotations",
    "annotations_file",
    type=click.Path(path_type=Path),
    default=None,
    help="YAML or GeoJSON file of your own points and lines (label, note, url) to add to "
    "every map and to the layers.",
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
