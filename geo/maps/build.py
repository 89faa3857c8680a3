"""Write every map of a build: each preset in each language, its embed page, and the index."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from geo.atomic import ensure_writable_dir, write_text
from geo.maps.assets import check_assets
from geo.maps.i18n import check_lang
from geo.maps.presets import ALL, get_preset
from geo.maps.render import render_map, resolve_basemap

if TYPE_CHECKING:
    from geo.layers import Layers
    from geo.maps.embed import MapEntry
    from geo.maps.render import WebGeometry
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
        The web folder the maps are published in, for the iframe ``src`` in embed snippets
        (``https://example.org/maps/`` or ``/maps/``) [default: relative file names].

    Returns
    -------
    list of Path
        Every file written, maps first, ``index.html`` last.
    """
    from geo.maps.embed import check_base_url, index_page
    from geo.maps.webgeom import preset_geometries

    chosen = [get_preset(p) for p in presets]
    languages = [check_lang(lang) for lang in langs]
    check_assets(assets)
    check_base_url(base_url)
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
            entry, files = write_map(
                layers,
                seeds,
                spec.id,
                lang,
                out_dir / name,
                assets,
                basemap,
                api_key,
                base_url,
                web,
            )
            entries.append(entry)
            written.extend(files)
    if progress is not None:
        progress("index.html")
    index_lang = languages[0] if languages else "en"
    written.append(write_text(out_dir / "index.html", index_page(entries, index_lang, base_url)))
    return written


def write_map(
    layers: Layers,
    seeds: Seeds,
    preset: str,
    lang: str,
    target: Path,
    assets: str = "inline",
    basemap: str | None = None,
    api_key: str | None = None,
    base_url: str = "",
    web: WebGeometry | None = None,
) -> tuple[MapEntry, list[Path]]:
    """Write one map to ``target`` and its embed page beside it (``NAME.embed.html``).

    ``base_url`` is the web folder the map will be published in, for the embed code's iframe
    ``src`` [default: the file name alone, for an article in the same folder].

    Returns
    -------
    entry, files
        The map as the index lists it, and the two files written.
    """
    from geo.maps.embed import MapEntry, check_base_url, embed_page
    from geo.maps.render import Builder, titles
    from geo.maps.webgeom import preset_geometries

    check_base_url(base_url)
    spec = get_preset(preset)
    # once for the page and its title (simplifying a detailed boundary file is the slow part)
    web = web or preset_geometries(layers, spec)
    html = render_map(layers, seeds, spec.id, lang, assets, basemap, api_key, web)
    files = [write_text(target, html)]
    title, subtitle = titles(Builder(layers, seeds, spec, lang, web))
    entry = MapEntry(spec, lang, title, subtitle, target.name)
    files.append(write_text(target.with_name(entry.embed_filename), embed_page(entry, base_url)))
    return entry, files
