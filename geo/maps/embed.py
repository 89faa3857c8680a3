"""The embed kit: an iframe snippet per map, a page showing it live and as copyable code, and
an index of every map."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from geo.errors import MapError
from geo.maps.csp import embed_page_policy, index_page_policy
from geo.maps.elements import template_env
from geo.maps.escape import js_string
from geo.maps.i18n import Tr
from geo.maps.presets import Preset


@dataclass(frozen=True)
class Preview:
    """A map's static previews: the PNG the index shows, the SVG it links, the image's alt
    text (the scene's title) and its size in pixels."""

    png: str
    svg: str
    alt: str
    width: int
    height: int


@dataclass(frozen=True)
class MapEntry:
    """One written map, as the index and embed pages list it."""

    preset: Preset
    lang: str
    title: str
    subtitle: str
    filename: str
    preview: Preview | None = None

    @property
    def embed_filename(self) -> str:
        return self.filename.removesuffix(".html") + ".embed.html"

    @property
    def frame_id(self) -> str:
        """The iframe's id in an article: unique per map, so two maps on one page keep apart."""
        return "shieldmap-" + re.sub(r"[^A-Za-z0-9_-]", "-", self.filename.removesuffix(".html"))


def check_base_url(base_url: str) -> str:
    """``base_url`` as the folder URL the iframe ``src`` starts with ("" for relative names).

    Raises
    ------
    MapError
        Unless it is an http(s) URL with a host, or a path from the site root ("/maps/").
    """
    if not base_url:
        return ""
    parts = urlsplit(base_url)
    site_path = not parts.scheme and not parts.netloc and base_url.startswith("/")
    web = parts.scheme in ("http", "https") and bool(parts.netloc)
    if not (site_path or web) or base_url.startswith("//") or any(c in base_url for c in "\"'<> "):
        msg = (
            f"expected the web address of the folder the maps are published in, such as "
            f"https://example.org/maps/ or /maps/, got {base_url!r}; give an http(s) URL or a "
            "path from the site root"
        )
        raise MapError(msg)
    return base_url.rstrip("/") + "/"


def map_url(entry: MapEntry, base_url: str = "") -> str:
    """Where an article finds the map: relative to the embed page, or under ``base_url``."""
    return check_base_url(base_url) + entry.filename


@cache
def _resizer_source() -> str:
    env = template_env()
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, "resizer.js")
    lines = (line.strip() for line in source.splitlines())
    return "".join(line for line in lines if line and not line.startswith("//"))


def snippet(entry: MapEntry, base_url: str = "") -> Markup:
    """The embed code: a full-width iframe with fixed proportions (a title for screen readers,
    lazy loading) and a tiny script that resizes it to the height the map page posts."""
    frame_js = js_string(entry.frame_id)
    text = (
        template_env()
        .get_template("snippet.html")
        .render(
            aspect=entry.preset.aspect,
            min_height=entry.preset.min_height_px,
            src=map_url(entry, base_url),
            title=entry.title,
            frame_id=entry.frame_id,
            resizer=Markup(_resizer_source().replace("FRAME", frame_js)),
        )
    )
    # Newsroom CMSs run what is pasted into them through Liquid, Handlebars or Angular
    # templates: braces as character references keep "{{", "{%" or "{#" in a title inert there,
    # and the browser still reads them as braces.
    # (Only in the HTML: a script is raw text, where a character reference stays literal; the
    # resizer holds no "{{", "{%" or "{#".)
    markup, script = text.strip().split("<script>", 1)
    assert not any(t in script for t in ("{{", "{%", "{#"))
    return Markup(markup.replace("{", "&#123;").replace("}", "&#125;") + "<script>" + script)


def embed_page(entry: MapEntry, base_url: str = "") -> str:
    """The page a journalist copies the code from: the published snippet (under ``base_url``)
    as text, and a live preview of the map beside this page, wherever the folder is opened."""
    tr = Tr(entry.lang)
    code = snippet(entry, base_url)
    preview = snippet(entry)
    page = (
        template_env()
        .get_template("embed.html")
        .render(
            lang=entry.lang,
            heading=tr("embed_title", title=entry.title),
            intro=tr("embed_intro"),
            open_map=tr("open_map"),
            map_href=entry.filename,
            preview=tr("embed_preview"),
            code_heading=tr("embed_code"),
            snippet=preview,
            snippet_code=str(code),
            copy=tr("copy"),
            copied=tr("copied"),
            manual=tr("copy_manual"),
        )
    )
    return embed_page_policy(page)


def index_page(entries: list[MapEntry], lang: str = "en", base_url: str = "") -> str:
    tr = Tr(lang)
    items = []
    for entry in entries:
        code = snippet(entry, base_url)
        items.append(
            {
                "href": entry.filename,
                "title": entry.title,
                "subtitle": entry.subtitle,
                "lang_label": f"{tr('index_lang')}: {tr.language_name(entry.lang)}",
                "embed_href": entry.embed_filename,
                "embed_label": tr("embed_code"),
                "snippet_code": str(code),
                "preview": entry.preview,
            }
        )
    page = (
        template_env()
        .get_template("index.html")
        .render(lang=lang, heading=tr("index_title"), intro=tr("index_intro"), maps=items)
    )
    return index_page_policy(page)


def index_lists(index: Path, page: Path) -> bool:
    """Whether the index page ``index`` links to the map ``page`` (by its file name, as
    :func:`index_page` writes it)."""
    try:
        text = index.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return f'href="{escape(page.name)}"' in text
