"""The overlays a preset can name: each builds one layer of a scene, its key rows and its
paragraph of the text alternative, from a :class:`geo.maps.context.Context`.

Adding a kind of overlay is one function here (or in a module of this package), one entry in
:data:`REGISTRY`, its symbols in :mod:`geo.style` and its strings in the catalogs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from geo.maps.scene import KeyEntry, Layer, TextBlock

if TYPE_CHECKING:
    from geo.maps.context import Context


@dataclass(frozen=True)
class Overlay:
    """What one overlay adds to a scene."""

    layer: Layer
    key: tuple[KeyEntry, ...] = ()
    alt: TextBlock | None = None


Builder = Callable[["Context"], "Overlay | None"]


def _registry() -> dict[str, Builder]:
    from geo.maps.overlays import borders, newsroom, points, programs, status

    return {
        "borders_rus": borders.borders_rus,
        "borders_blr": borders.borders_blr,
        "barriers": borders.barriers,
        "suwalki": borders.suwalki,
        "eastern_shield": programs.eastern_shield,
        "baltic_defence_line": programs.baltic_defence_line,
        "places": points.places,
        "annotations": newsroom.newsroom_annotations,
        "status": status.status,
    }


def builder(name: str) -> Builder:
    """The function that builds overlay ``name``."""
    return _registry()[name]
