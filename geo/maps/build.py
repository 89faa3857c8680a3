"""Write every map of a build: each preset in each language, its embed page, and the index."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from geo.atomic import ensure_writable_dir, write_bytes, write_text
from geo.maps.assets import check_assets
from geo.maps.i18n import check_lang
from geo.maps.presets import ALL, get_preset
from geo.maps.render import render_map, resolve_basemap

if TYPE_CHECKING:
    from geo.layers import Layers
    from geo.maps.embed import Preview
    from geo.maps.webgeom import WebGeometry
    from geo.seeds import Seeds


def map_filename(preset: str, lang: str) -> str:
    return f"{preset}.{lang}.html"


def build_maps(
    layers: Layers,
    seeds: Seeds,
    out_dir: Path,
    presets: Iterable[str] = ALL,
    langs: Iterable[str] = ("en", "pl"),
    assets: str = "inline",
    basemap: str | None = None,
    api_key: str | None = None,
    progress: Callable[[str], None] | None = None,
    base_url: str = "",
    previews: bool = True,
) -> list[Path]:
    """Write every map, its embed page, and ``index.html`` into ``out_dir``, each atomically.

    Parameters
    ----------
    layers, seeds
        From :func:`geo.layers.build_layers` and :func:`geo.seeds.load_seeds`.
    out_dir
        Folder to write into; created if needed.
    presets, langs
        Which maps [default: all five presets, English and Polish].
    assets
        ``"inline"`` (self-contained, default) or ``"cdn"``.
    basemap, api_key
        Optional xyzservices tile provider, and its key if it needs one.
    progress
        Called with a short note before each file is written (e.g. ``click.echo`` to stderr).
    base_url
        Prefix for the iframe ``src`` in embed snippets [default: relative file names].
    previews
        Also draw each map as a static SVG and PNG (``PRESET.LANG.svg``/``.png``, the
        preset's own proportions), which the index shows as a gallery.

    Returns
    -------
    list of Path
        Every file written, maps first, ``index.html`` last.
    """
    from geo.maps.embed import MapEntry, embed_page, index_page
    from geo.maps.render import Builder, titles
    from geo.maps.webgeom import preset_geometries

    chosen = [get_preset(p) for p in presets]
    languages = [check_lang(lang) for lang in langs]
    check_assets(assets)
    if basemap:
        resolve_basemap(basemap, api_key)
    ensure_writable_dir(out_dir)
    written: list[Path] = []
    entries: list[MapEntry] = []
    for spec in chosen:
        web = preset_geometries(layers, spec)
        for lang in languages:
            name = map_filename(spec.id, lang)
            if progress is not None:
                progress(f"map {name}")
            html = render_map(layers, seeds, spec.id, lang, assets, basemap, api_key, web)
            written.append(write_text(out_dir / name, html))
            title, subtitle = titles(Builder(layers, seeds, spec, lang, web))
            preview = None
            if previews:
                preview = _previews(layers, seeds, spec.id, lang, web, out_dir, written)
            entry = MapEntry(spec, lang, title, subtitle, name, preview)
            entries.append(entry)
            written.append(write_text(out_dir / entry.embed_filename, embed_page(entry, base_url)))
    if progress is not None:
        progress("index.html")
    index_lang = languages[0] if languages else "en"
    written.append(write_text(out_dir / "index.html", index_page(entries, index_lang, base_url)))
    return written


def _previews(
    layers: Layers,
    seeds: Seeds,
    preset: str,
    lang: str,
    web: WebGeometry,
    out_dir: Path,
    written: list[Path],
) -> Preview:
    """Draw the map's static SVG and PNG previews; returns what the index shows."""
    from geo.maps.embed import Preview
    from geo.maps.scene import SceneInputs, build_scene
    from geo.maps.static import render_many
    from geo.maps.static_export import preset_size, static_filename

    scene = build_scene(preset, lang, SceneInputs(layers, seeds, web))
    size = preset_size(preset)
    files = render_many(scene, ("svg", "png"), size)
    for fmt in ("svg", "png"):
        written.append(write_bytes(out_dir / static_filename(preset, lang, fmt), files[fmt]))
    width, height = size.pixels()
    return Preview(
        static_filename(preset, lang, "png"),
        static_filename(preset, lang, "svg"),
        scene.title,
        width,
        height,
    )
