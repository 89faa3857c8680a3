"""The maps shieldmap draws, read from the data file ``presets.toml`` beside this module.

A preset says what a map shows (extent, zoom range, overlays, labels, which figures its
headline quotes); its title and subtitle are the catalog strings ``<id>_title`` and
``<id>_subtitle``. Adding a sixth map is a table in ``presets.toml`` and those two strings in
every language: no renderer or scene code changes. This module stays light (no geometry, no
Babel) so the command line can list presets instantly.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from functools import cache
from importlib.resources import files
from typing import Any

from geo.errors import MapError

Extent = tuple[float, float, float, float]  # west, south, east, north (lon/lat)

# The overlays a preset may name (geo/maps/overlays builds each), the permanent labels it may
# ask for, and the headline figures it may quote (geo/maps/headlines.py).
LAYER_NAMES = (
    "borders_rus",
    "borders_blr",
    "barriers",
    "suwalki",
    "eastern_shield",
    "baltic_defence_line",
    "places",
    "annotations",
    "status",
)
# layers whose popups or labels give lengths: their maps carry the note on lengths
LENGTH_LAYERS = (
    "borders_rus",
    "borders_blr",
    "suwalki",
    "barriers",
    "eastern_shield",
    "baltic_defence_line",
)
LABEL_NAMES = ("countries", "border_lengths", "programs", "barriers", "gap")
HEADLINE_NAMES = (
    "border_total",
    "eastern_shield",
    "baltic_defence_line",
    "suwalki_gap",
    "withdrawals",
)
PLACE_KINDS = ("capital", "city", "town")


@dataclass(frozen=True)
class Preset:
    """One map (see ``presets.toml`` for what each field means)."""

    id: str
    extent: Extent
    min_zoom: int
    max_zoom: int
    layers: tuple[str, ...]
    labels: tuple[str, ...]
    headline: str
    aspect: str
    timeline: bool = False
    min_height_px: int = 480
    focus_pairs: tuple[str, ...] = ()
    russia_label_band: tuple[float, float] = (0.72, 1.0)
    max_aspect: float = 2.0
    place_kinds: tuple[str, ...] = ("capital", "city", "town")
    max_vertices: int = 0

    @property
    def text_keys(self) -> tuple[str, str]:
        """The catalog strings of its title and subtitle."""
        return f"{self.id}_title", f"{self.id}_subtitle"


def _preset(pid: str, table: dict[str, Any]) -> Preset:
    known = {f.name for f in fields(Preset)} - {"id"}
    unknown = sorted(set(table) - known)
    if unknown:
        msg = (
            f"preset {pid!r}: unknown field {', '.join(unknown)};"
            f" expected among {', '.join(sorted(known))}"
        )
        raise MapError(msg)
    values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in table.items()}
    try:
        preset = Preset(id=pid, **values)
    except TypeError as exc:
        msg = f"preset {pid!r}: {exc}"
        raise MapError(msg) from None
    for name, allowed in (
        ("layers", LAYER_NAMES),
        ("labels", LABEL_NAMES),
        ("place_kinds", PLACE_KINDS),
    ):
        wrong = [v for v in getattr(preset, name) if v not in allowed]
        if wrong:
            msg = (
                f"preset {pid!r}: {name} expected among {', '.join(allowed)},"
                f" got {', '.join(wrong)}"
            )
            raise MapError(msg)
    if preset.headline not in HEADLINE_NAMES:
        msg = (
            f"preset {pid!r}: headline expected among {', '.join(HEADLINE_NAMES)},"
            f" got {preset.headline!r}"
        )
        raise MapError(msg)
    extent = preset.extent
    if not (len(extent) == 4 and extent[0] < extent[2] and extent[1] < extent[3]):
        msg = (
            f"preset {pid!r}: extent expected as [west, south, east, north],"
            f" got {list(preset.extent)}"
        )
        raise MapError(msg)
    return preset


def load_presets(text: str) -> dict[str, Preset]:
    """Presets from TOML text, each checked; raises :class:`MapError` naming the fault."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = f"presets: expected TOML, got an error: {exc}"
        raise MapError(msg) from None
    return {pid: _preset(pid, table) for pid, table in data.items()}


PRESETS: dict[str, Preset] = load_presets(
    files("geo.maps").joinpath("presets.toml").read_text(encoding="utf-8")
)
ALL: tuple[str, ...] = tuple(PRESETS)


@cache
def _checked(pid: str) -> Preset:
    from geo.maps.i18n import LANGS, has_text

    preset = PRESETS[pid]
    for lang in LANGS:
        missing = [key for key in preset.text_keys if not has_text(lang, key)]
        if missing:
            msg = (
                f"preset {pid!r} has no {', '.join(missing)} in language {lang!r}; add its own"
                " title and subtitle to the catalogs (a map never borrows another's headline)"
            )
            raise MapError(msg)
    return preset


def get_preset(name: str) -> Preset:
    """The preset called ``name``, once its title and subtitle exist in every language.

    Raises
    ------
    MapError
        For an unknown preset, or one without its own texts.
    """
    if name not in PRESETS:
        msg = f"expected a preset among {', '.join(ALL)}, got {name!r}; pick one of those"
        raise MapError(msg)
    return _checked(name)
