"""Write every map of a build: each preset in each language, its embed page, and the index."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from geo.atomic import ensure_writable_dir, write_text
from geo.maps.assets import check_assets
from geo.maps.i18n import check_lang
from geo.maps.presets import ALL, get_preset

if TYPE_CHECKING:
    from geo.layers import Layers
    from geo.seeds import Seeds
    from geo.story import Story


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
    stories: Iterable[Story] = (),
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
    stories
        Newsroom stories (:func:`geo.story.load_story`), each written as ``ID.LANG.html`` in
        those of ``langs`` it is written in, with its embed page and its entry in the index.

    Returns
    -------
    list of Path
        Every file written, maps first, ``index.html`` last.
    """
    from geo.maps.embed import MapEntry, embed_page, index_page
    from geo.maps.html import render_html, resolve_basemap
    from geo.maps.scene import SceneInputs, build_scene
    from geo.maps.webgeom import preset_geometries

    chosen = [get_preset(p) for p in presets]
    languages = [check_lang(lang) for lang in langs]
    check_assets(assets)
    provider = resolve_basemap(basemap, api_key) if basemap else None
    ensure_writable_dir(out_dir)
    written: list[Path] = []
    entries: list[MapEntry] = []
    for spec in chosen:
        # the web geometry depends on the preset only: simplified once for every language
        inputs = SceneInputs(layers, seeds, preset_geometries(layers, spec))
        for lang in languages:
            name = map_filename(spec.id, lang)
            if progress is not None:
                progress(f"map {name}")
            scene = build_scene(spec.id, lang, inputs)
            written.append(write_text(out_dir / name, render_html(scene, assets, provider)))
            entry = MapEntry(spec, lang, scene.title, scene.subtitle, name)
            entries.append(entry)
            written.append(write_text(out_dir / entry.embed_filename, embed_page(entry, base_url)))
    for story in stories:
        spec = get_preset(story.preset)
        inputs = SceneInputs(layers, seeds, preset_geometries(layers, spec), story)
        for lang in [lang for lang in languages if story.speaks(lang)]:
            name = story.filename_for(lang)
            if progress is not None:
                progress(f"map {name}")
            scene = build_scene(spec.id, lang, inputs)
            written.append(write_text(out_dir / name, render_html(scene, assets, provider)))
            entry = MapEntry(spec, lang, scene.title, scene.subtitle, name)
            entries.append(entry)
            written.append(write_text(out_dir / entry.embed_filename, embed_page(entry, base_url)))
    if progress is not None:
        progress("index.html")
    index_lang = languages[0] if languages else "en"
    written.append(write_text(out_dir / "index.html", index_page(entries, index_lang, base_url)))
    return written
