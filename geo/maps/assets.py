"""Leaflet's JS and CSS, inlined from the installed ``django-js-lib-leaflet`` package, and the
per-map asset lists that keep folium from linking its CDN files.

Each map gets its own ``default_js`` / ``default_css`` lists: folium's class-level lists are
shared by every map in the process and are never modified here.
"""

from __future__ import annotations

import base64
import importlib.resources
import re
from functools import cache
from typing import TYPE_CHECKING

from geo.errors import MapError

if TYPE_CHECKING:
    import folium

ASSET_MODES: tuple[str, ...] = ("inline", "cdn")
_PACKAGE = "js_lib_leaflet"
_FOLDER = ("static", "js_lib_leaflet")


def _read(name: str) -> bytes:
    base = importlib.resources.files(_PACKAGE)
    for part in _FOLDER:
        base = base / part
    resource = base / name
    if not resource.is_file():
        msg = (
            f"expected Leaflet's {name} in the package {_PACKAGE}, got nothing; "
            "reinstall it with: pip install django-js-lib-leaflet==1.9.4.1"
        )
        raise MapError(msg)
    return resource.read_bytes()


@cache
def leaflet_js() -> str:
    """Leaflet 1.9.4, minified, without its source-map comment, safe inside ``<script>``."""
    text = _read("leaflet.js").decode("utf-8")
    text = re.sub(r"\n?//# sourceMappingURL=\S+\s*$", "\n", text)
    return text.replace("</script", "<\\/script").replace("<!--", "<\\!--")


@cache
def leaflet_css() -> str:
    """Leaflet's CSS with every ``url(images/…)`` replaced by a ``data:`` URI."""
    text = _read("leaflet.css").decode("utf-8")

    def inline(match: re.Match[str]) -> str:
        name = match.group(1)
        data = base64.b64encode(_read(f"images/{name}")).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    # The default marker icon is never used (markers here are circles and labels): no data URI.
    text = text.replace("url(images/marker-icon.png)", "none")
    text = re.sub(r"url\(images/([A-Za-z0-9_.-]+\.png)\)", inline, text)
    # Comments and indentation are a tenth of the file; a phone downloads every byte.
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
    text = re.sub(r"\s*\n\s*", "\n", text).strip()
    return text.replace("</style", "<\\/style")


def check_assets(mode: str) -> str:
    if mode not in ASSET_MODES:
        msg = f"expected assets among {', '.join(ASSET_MODES)}, got {mode!r}; pick one of those"
        raise MapError(msg)
    return mode


def set_map_assets(m: folium.Map, mode: str) -> None:
    """Give ``m`` its own asset lists: empty for inline mode, a copy of folium's for CDN mode."""
    import folium as _folium

    check_assets(mode)
    if mode == "inline":
        m.default_js = []
        m.default_css = []
    else:
        m.default_js = list(_folium.Map.default_js)
        m.default_css = list(_folium.Map.default_css)


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def compact(source: str, kind: str) -> str:
    """Our own page script or style sheet without its comments and indentation.

    The comments are for people reading ``geo/maps/templates``; readers' phones need not
    download them. Only whole-line ``//`` comments are dropped from scripts (a ``//`` inside a
    line may be part of a string or a URL), and ``/* */`` comments from both.
    """
    text = _CSS_COMMENT.sub("", source)
    lines = (line.strip() for line in text.splitlines())
    if kind == "js":
        lines = (line for line in lines if not line.startswith("//"))
    return "\n".join(line for line in lines if line) + "\n"
