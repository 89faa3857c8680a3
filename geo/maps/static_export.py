"""Static maps of a preset: build its scene, draw it with :mod:`geo.maps.static`, name files.

The glue between the inputs (layers, seeds) and the static renderer, used by ``shieldmap map
--format svg|png|pdf`` and by ``shieldmap build`` for its previews.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geo.maps.presets import get_preset
from geo.maps.static_page import PageSize, check_format, check_scale, default_size

if TYPE_CHECKING:
    from geo.layers import Layers
    from geo.maps.webgeom import WebGeometry
    from geo.seeds import Seeds
    from geo.story import Story


def static_filename(preset: str, lang: str, fmt: str, size: PageSize | None = None) -> str:
    """``overview.en.png``; with an explicit size, its name too: ``overview.en.social.png``."""
    middle = f".{size.name}" if size is not None else ""
    return f"{preset}.{lang}{middle}.{fmt}"


def preset_size(preset: str) -> PageSize:
    """The page a preset gets when no size is asked for: its embed's proportions."""
    return default_size(get_preset(preset).aspect)


def render_preset(
    layers: Layers,
    seeds: Seeds,
    preset: str,
    lang: str,
    formats: tuple[str, ...],
    size: PageSize | None = None,
    scale: float = 1.0,
    web: WebGeometry | None = None,
    story: Story | None = None,
) -> dict[str, bytes]:
    """The preset's map in one language as each of ``formats`` (svg, png, pdf), laid out once.

    Raises
    ------
    MapError
        For an unknown preset, language, format, or a scale outside 1–4.
    """
    from geo.maps.scene import SceneInputs, build_scene
    from geo.maps.static import render_many

    for fmt in formats:
        check_format(fmt)
    check_scale(scale)
    scene = build_scene(preset, lang, SceneInputs(layers, seeds, web, story))
    return render_many(scene, formats, size or preset_size(preset), scale)
