"""Write every map of a build: each preset in each language, its embed page, and the index."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.atomic import ensure_writable_dir, write_bytes, write_text
from geo.maps.assets import check_assets
from geo.maps.i18n import LANGS, check_lang
from geo.maps.presets import ALL, get_preset
from geo.parallel import SideTask, run_all

if TYPE_CHECKING:
    import xyzservices

    from geo.layers import Layers
    from geo.maps.embed import MapEntry, Preview
    from geo.maps.scene import Scene, SceneInputs
    from geo.seeds import Seeds
    from geo.story import Story


def map_filename(preset: str, lang: str) -> str:
    return f"{preset}.{lang}.html"


def build_maps(
    layers: Layers,
    seeds: Seeds,
    out_dir: Path,
    presets: Iterable[str] = ALL,
    langs: Iterable[str] = LANGS,
    assets: str = "inline",
    basemap: str | None = None,
    api_key: str | None = None,
    progress: Callable[[str], None] | None = None,
    base_url: str = "",
    stories: Iterable[Story] = (),
    previews: bool = False,
    jobs: int = 1,
    alongside: SideTask[Any] | None = None,
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
        Called with a short note as each map is written (e.g. ``click.echo`` to stderr).
    base_url
        The web folder the maps are published in, for the iframe ``src`` in embed snippets
        (``https://example.org/maps/`` or ``/maps/``) [default: relative file names].
    stories
        Newsroom stories (:func:`geo.story.load_story`), each written as ``ID.LANG.html`` in
        those of ``langs`` it is written in, with its embed page and its entry in the index.
    previews
        Also draw each map as a static SVG and PNG [default: no; ``shieldmap build`` asks for
        them unless --no-previews] (``PRESET.LANG.svg``/``.png``, the
        preset's own proportions), which the index shows as a gallery.
    jobs
        Processes to build with [default: 1]: the web geometry of each preset, then the maps,
        are shared out among that many worker processes forked from this one
        (:mod:`geo.parallel`); the files are the same to the byte as with one.
    alongside
        Other work for the same workers (``shieldmap build`` writes the layer bundle this way
        while the maps' geometry is simplified); its ``done`` gets its result here.

    Returns
    -------
    list of Path
        Every file written, maps first, ``index.html`` last.
    """
    from geo.maps.embed import check_base_url, index_page
    from geo.maps.html import resolve_basemap
    from geo.maps.scene import SceneInputs
    from geo.maps.webgeom import preset_geometries

    chosen = [get_preset(p) for p in presets]
    languages = [check_lang(lang) for lang in langs]
    check_assets(assets)
    check_base_url(base_url)
    provider = resolve_basemap(basemap, api_key) if basemap else None
    ensure_writable_dir(out_dir)
    stories = list(stories)
    # the web geometry depends on the preset only: simplified once for all its languages
    needed = list(dict.fromkeys([spec.id for spec in chosen] + [s.preset for s in stories]))
    first: list[Callable[[], Any]] = [
        partial(preset_geometries, layers, get_preset(p)) for p in needed
    ]
    if alongside is not None:
        first.insert(0, alongside.run)  # first: the longest task, started before the others
    with run_all(first, jobs) as started:
        # meanwhile, what every map needs, loaded here once so that the maps' workers inherit it
        _preload(layers, previews)
        results = list(started)
    if alongside is not None:
        alongside.done(results.pop(0))
    web = dict(zip(needed, results, strict=True))
    maps: list[tuple[str, Callable[[], tuple[MapEntry, list[Path]]]]] = []

    def add(inputs: SceneInputs, preset: str, lang: str, name: str) -> None:
        target = out_dir / name
        task = partial(
            write_map, inputs, preset, lang, target, assets, provider, base_url, previews
        )
        maps.append((name, task))

    for spec in chosen:
        inputs = SceneInputs(layers, seeds, web[spec.id])
        for lang in languages:
            add(inputs, spec.id, lang, map_filename(spec.id, lang))
    for story in stories:
        inputs = SceneInputs(layers, seeds, web[story.preset], story)
        for lang in [lang for lang in languages if story.speaks(lang)]:
            add(inputs, story.preset, lang, story.filename_for(lang))
    written: list[Path] = []
    entries: list[MapEntry] = []
    with run_all([task for _, task in maps], jobs) as done:
        for (name, _), (entry, files) in zip(maps, done, strict=True):
            if progress is not None:
                progress(f"map {name}")
            entries.append(entry)
            written.extend(files)
    if progress is not None:
        progress("index.html")
    index_lang = languages[0] if languages else "en"
    written.append(write_text(out_dir / "index.html", index_page(entries, index_lang, base_url)))
    return written


def _preload(layers: Layers, previews: bool) -> None:
    """Import the renderers and fill the caches every map reads, once, before any worker
    forks (each would otherwise do it again)."""
    import geo.maps.embed
    import geo.maps.html  # noqa: F401
    from geo.maps.compose import prepare_locator

    prepare_locator(layers)
    if previews:
        from geo.maps.static import check_font

        check_font()


def write_map(
    inputs: SceneInputs,
    preset: str,
    lang: str,
    target: Path,
    assets: str = "inline",
    provider: xyzservices.TileProvider | None = None,
    base_url: str = "",
    previews: bool = False,
) -> tuple[MapEntry, list[Path]]:
    """Write one map to ``target``, its embed page beside it (``NAME.embed.html``) and, with
    ``previews``, its static SVG and PNG (``NAME.svg``, ``NAME.png``) from the same scene.

    ``provider`` is an optional tile basemap (:func:`geo.maps.html.resolve_basemap`);
    ``base_url`` is the web folder the map will be published in, for the embed code's iframe
    ``src`` [default: the file name alone, for an article in the same folder].

    Returns
    -------
    entry, files
        The map as the index lists it, and the files written.
    """
    from geo.maps.embed import MapEntry, check_base_url, embed_page
    from geo.maps.html import render_html
    from geo.maps.scene import build_scene

    check_base_url(base_url)
    spec = get_preset(preset)
    scene = build_scene(spec.id, lang, inputs)
    files = [write_text(target, render_html(scene, assets, provider))]
    preview = _previews(scene, target, files) if previews else None
    entry = MapEntry(spec, lang, scene.title, scene.subtitle, target.name, preview)
    files.append(write_text(target.with_name(entry.embed_filename), embed_page(entry, base_url)))
    return entry, files


def preview_paths(target: Path) -> dict[str, Path]:
    """The SVG and PNG previews of the map ``target``, beside it."""
    return {fmt: target.with_suffix(f".{fmt}") for fmt in ("svg", "png")}


def _previews(scene: Scene, target: Path, written: list[Path]) -> Preview:
    """Draw the map's static SVG and PNG previews beside ``target``; returns what the index
    shows."""
    from geo.maps.embed import Preview
    from geo.maps.static import render_many
    from geo.maps.static_export import preset_size

    size = preset_size(scene.preset)
    files = render_many(scene, ("svg", "png"), size)
    names = {fmt: path.name for fmt, path in preview_paths(target).items()}
    for fmt, name in names.items():
        written.append(write_bytes(target.with_name(name), files[fmt]))
    width, height = size.pixels()
    return Preview(names["png"], names["svg"], scene.title, width, height)
