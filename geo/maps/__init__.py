"""Embeddable HTML maps: one self-contained file per preset and language, plus an embed kit.

This package face is light: preset ids, languages and asset modes load without geometry,
folium or Babel, so the command line starts fast. Everything else loads on first use.

Examples
--------
>>> from geo.maps import build_maps, render_map  # doctest: +SKIP
>>> build_maps(layers, seeds, Path("output"))  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import Any

from geo.maps.presets import ALL, PRESETS, Preset

__all__ = [
    "ALL",
    "ASSET_MODES",
    "LANGS",
    "PRESETS",
    "Preset",
    "build_maps",
    "map_filename",
    "render_map",
    "resolve_basemap",
    "write_map",
]

# name -> module that defines it, imported on first access (PEP 562)
_LAZY = {
    "ASSET_MODES": "geo.maps.assets",
    "LANGS": "geo.maps.i18n",
    "build_maps": "geo.maps.build",
    "map_filename": "geo.maps.build",
    "write_map": "geo.maps.build",
    "render_map": "geo.maps.html",
    "resolve_basemap": "geo.maps.html",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    msg = f"module 'geo.maps' has no attribute {name!r}"
    raise AttributeError(msg)
