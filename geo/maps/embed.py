"""The embed kit: an iframe snippet per map, a page showing it live and as copyable code, and
an index of every map."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from geo.maps.elements import template_env
from geo.maps.i18n import Tr
from geo.maps.presets import Preset


@dataclass(frozen=True)
class MapEntry:
    """One written map, as the index and embed pages list it."""

    preset: Preset
    lang: str
    title: str
    subtitle: str
    filename: str

    @property
    def embed_filename(self) -> str:
        return self.filename.removesuffix(".html") + ".embed.html"


def snippet(entry: MapEntry, base_url: str = "") -> Markup:
    """The iframe code: full width, fixed proportions, a title for screen readers, lazy load."""
    src = (base_url.rstrip("/") + "/" if base_url else "") + entry.filename
    text = (
        template_env()
        .get_template("snippet.html")
        .render(
            aspect=entry.preset.aspect,
            min_height=entry.preset.min_height_px,
            src=src,
            title=entry.title,
        )
    )
    return Markup(text.strip())


def embed_page(entry: MapEntry, base_url: str = "") -> str:
    tr = Tr(entry.lang)
    code = snippet(entry, base_url)
    return (
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
            snippet=code,
            snippet_code=str(code),
            copy=tr("copy"),
            copied=tr("copied"),
        )
    )


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
            }
        )
    return (
        template_env()
        .get_template("index.html")
        .render(lang=lang, heading=tr("index_title"), intro=tr("index_intro"), maps=items)
    )
