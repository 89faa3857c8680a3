"""Leaflet's JS and CSS, inlined from the installed ``django-js-lib-leaflet`` package, and the
per-map asset lists that keep folium from linking its CDN files.

A map needs Leaflet and nothing else (no jQuery, Bootstrap or awesome-markers), in both modes:
inline puts the package's files into the page; cdn links the same version (1.9.4) on jsDelivr
with Subresource Integrity hashes computed from the package's files, so a browser refuses
anything else the CDN might serve. No network is needed to compute them.

Each map gets its own ``default_js`` / ``default_css`` lists: folium's class-level lists are
shared by every map in the process and are never modified here.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.resources
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from geo.errors import MapError

if TYPE_CHECKING:
    import folium

ASSET_MODES: tuple[str, ...] = ("inline", "cdn")
LEAFLET_VERSION = "1.9.4"
CDN_BASE = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/"
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


@dataclass(frozen=True)
class CdnAsset:
    """A file linked from the CDN, with the hash a browser checks it against."""

    url: str
    integrity: str


def _integrity(name: str) -> str:
    digest = hashlib.sha384(_read(name)).digest()
    return "sha384-" + base64.b64encode(digest).decode("ascii")


@cache
def cdn_assets() -> dict[str, CdnAsset]:
    """Leaflet's ``js`` and ``css`` on the CDN, at the version the package holds."""
    head = _read("leaflet.js")[:200].decode("utf-8", "replace")
    if f"Leaflet {LEAFLET_VERSION}," not in head:
        msg = (
            f"expected Leaflet {LEAFLET_VERSION} in the package {_PACKAGE}, got another "
            "version; reinstall it with: pip install django-js-lib-leaflet==1.9.4.1"
        )
        raise MapError(msg)
    return {
        kind: CdnAsset(CDN_BASE + f"leaflet.{kind}", _integrity(f"leaflet.{kind}"))
        for kind in ("js", "css")
    }


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
    # The layer button's icon as one small vector for every screen density, instead of two
    # PNGs (2.6 KB as data URIs)
    text = text.replace("url(images/layers.png)", _LAYERS_ICON + ";background-size:26px 26px")
    text = text.replace("background-image: url(images/layers-2x.png);", "")
    text = re.sub(r"url\(images/([A-Za-z0-9_.-]+\.png)\)", inline, text)
    # Comments and spaces are a sixth of the file; a phone downloads every byte.
    import rcssmin

    text = rcssmin.cssmin(text)
    text = _IE_ONLY.sub("", text)
    return text.replace("</style", "<\\/style")


# Rules only Internet Explorer reads (VML shapes, .leaflet-oldie): no browser the page supports
# runs them. Each matched rule's selectors are all IE ones.
_IE_ONLY = re.compile(
    r"(?<=\})[^{}]*(?:\.leaflet-oldie|\.lvml|\.leaflet-vml-shape)[^{}]*\{[^{}]*\}"
)

# Two stacked sheets, drawn like Leaflet's own layers.png (26 x 26).
_LAYERS_ICON = (
    "url(\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 26 26'%3E"
    "%3Cpath d='M5.5 13.5 2 15.5l11 6.5 11-6.5-3.5-2' fill='%23b9b9b9' stroke='%23333'"
    " stroke-width='1.3'/%3E%3Cpath d='M13 4 2 10.5 13 17l11-6.5z' fill='%23fff'"
    " stroke='%23333' stroke-width='1.3'/%3E%3C/svg%3E\")"
)


def check_assets(mode: str) -> str:
    if mode not in ASSET_MODES:
        msg = f"expected assets among {', '.join(ASSET_MODES)}, got {mode!r}; pick one of those"
        raise MapError(msg)
    return mode


def set_map_assets(m: folium.Map, mode: str) -> None:
    """Give ``m`` its own, empty asset lists: the page's head links or inlines Leaflet itself
    (see :func:`cdn_assets`), and folium's other CDN files are never used."""
    check_assets(mode)
    m.default_js = []
    m.default_css = []


def compact(source: str, kind: str) -> str:
    """Our own page script or style sheet minified (rjsmin, rcssmin): comments, indentation
    and the spaces the language does not need go. The comments are for people reading
    ``geo/maps/templates``; readers' phones need not download them."""
    import rcssmin
    import rjsmin

    text = rjsmin.jsmin(source) if kind == "js" else rcssmin.cssmin(source)
    return text.strip() + "\n"
