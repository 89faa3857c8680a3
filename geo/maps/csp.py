"""A Content-Security-Policy for every page the tool writes, as a ``<meta>`` tag.

Scripts run only if they are the page's own (each inline ``<script>`` is allowed by its SHA-256
hash, computed from the finished page) or Leaflet from the CDN in ``--assets cdn`` mode. So if
some text ever slipped past the escaping, a script it injected would still not run. Nothing is
fetched or posted (``connect-src 'none'``), no plugin or ``<base>`` is allowed, and images come
only from the page itself (``data:``), the CDN's Leaflet images, or the tile server of a
``--basemap``. Inline styles stay allowed: Leaflet and the SVG insets position with them.

The map pages pass their sources to :func:`with_policy`; the embed page and the index take
theirs from :func:`embed_page_policy` and :func:`index_page_policy`, so what each kind of page
may load is written down here, once.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable

__all__ = ["embed_page_policy", "index_page_policy", "policy", "with_policy"]

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_META_CHARSET = '<meta charset="utf-8">'


def _hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def policy(
    page: str,
    scripts: Iterable[str] = (),
    styles: Iterable[str] = (),
    images: Iterable[str] = (),
    frames: Iterable[str] = (),
) -> str:
    """The policy for ``page``: its inline scripts by hash, plus the given source URLs."""
    hashes = sorted({_hash(body) for body in _INLINE_SCRIPT.findall(page)})
    directives = {
        "default-src": ["'none'"],
        "script-src": [*hashes, *scripts] or ["'none'"],
        "style-src": ["'unsafe-inline'", *styles],
        "img-src": ["data:", *images],
        "font-src": ["data:"],
        "connect-src": ["'none'"],
        "frame-src": [*frames] or ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def with_policy(
    page: str,
    scripts: Iterable[str] = (),
    styles: Iterable[str] = (),
    images: Iterable[str] = (),
    frames: Iterable[str] = (),
) -> str:
    """``page`` with its policy in a ``<meta>`` right after the charset, before any script."""
    if _META_CHARSET not in page:
        msg = f"expected {_META_CHARSET} in the page head, got none"
        raise ValueError(msg)
    content = policy(page, scripts, styles, images, frames)
    value = html.escape(content, quote=False).replace('"', "&quot;")
    tag = f'<meta http-equiv="Content-Security-Policy" content="{value}">'
    return page.replace(_META_CHARSET, f"{_META_CHARSET}\n{tag}", 1)


# Files beside the page: the map the embed page previews in its iframe, and the preview
# images an index may show. ('self' matches the page's own folder over http(s) and, in
# Chromium, other file: pages when the folder is opened from disk.)
_SAME_FOLDER = "'self'"


def embed_page_policy(page: str) -> str:
    """``page`` (an embed page) with its policy: its own two inline scripts (the copy button
    and the snippet's resizer) and, in a frame, the map published beside it."""
    return with_policy(page, frames=[_SAME_FOLDER])


def index_page_policy(page: str) -> str:
    """``page`` (the index) with its policy: no script at all (it has none), images only from
    its own folder or the page; its links to the maps are ordinary navigation."""
    return with_policy(page, images=[_SAME_FOLDER])
