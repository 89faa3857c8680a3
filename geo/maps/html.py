"""The HTML renderer: a :class:`geo.maps.scene.Scene` as one self-contained Leaflet page.

This module and :mod:`geo.maps.elements` are the only code that touches folium and branca.
The renderer reads the scene and the style table and writes: each layer's features as
compact data for the page's runtime (geometry encoded once, here), permanent labels, popups
through an autoescaping template, the key, the inset, the timeline, the text alternative and
the credits. It computes no geometry and looks no fact up.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from typing import TYPE_CHECKING, Any

import folium
from markupsafe import Markup

from geo import style
from geo.errors import MapError
from geo.maps import elements as el
from geo.maps import svg
from geo.maps.assets import (
    CDN_BASE,
    cdn_assets,
    check_assets,
    compact,
    leaflet_css,
    leaflet_js,
    set_map_assets,
)
from geo.maps.csp import with_policy
from geo.maps.encoding import decimals_for_zoom, encode, encode_land, land_zoom
from geo.maps.escape import html, link
from geo.maps.i18n import Tr
from geo.maps.labels import is_point
from geo.maps.scene import (
    Feature,
    Label,
    Layer,
    Link,
    Note,
    Popup,
    Position,
    Run,
    Scene,
    Strong,
)

if TYPE_CHECKING:
    import xyzservices
    from shapely.geometry import Point

    from geo.layers import Layers
    from geo.maps.webgeom import WebGeometry
    from geo.seeds import Seeds
    from geo.story import Story


# --------------------------------------------------------------------------- text


def run_html(run: Run) -> Markup:
    """A rich-text run as escaped HTML."""
    out = []
    for part in run:
        if isinstance(part, Link):
            out.append(link(part.url, part.text))
        elif isinstance(part, Strong):
            out.append(Markup("<b>{}</b>").format(part.text))
        elif isinstance(part, Note):
            out.append(Markup('<span class="sm-src">{}</span>').format(part.text))
        else:
            out.append(html(part))
    return Markup("").join(out)


@cache
def _popup_template() -> Any:
    return el.template_env().get_template("popup.html")


# Every link of a popup opens in a new tab: the runtime sets these attributes when a popup
# opens (runtime.js, keyboard), so the page's data need not carry them for each link.
_NEW_TAB = ' target="_blank" rel="noopener noreferrer"'


def popup_html(popup: Popup) -> str:
    return str(Markup(_popup_template().render(popup=popup, run=run_html))).replace(_NEW_TAB, "")


# --------------------------------------------------------------------------- layers


def _options(feature: Feature, tiles: bool) -> dict[str, Any]:
    options = style.leaflet(style.symbol(feature.symbol))
    if tiles and feature.symbol.startswith("land."):
        theme = style.theme()
        options.update(color=theme.tiles_stroke, fillOpacity=theme.tiles_fill_opacity)
    return options


def _wire_feature(feature: Feature, decimals: int, zoom: int, tiles: bool) -> dict[str, Any]:
    sym = style.symbol(feature.symbol)
    props: dict[str, Any] = {"s": _options(feature, tiles), "c": " ".join(feature.tags)}
    casing = getattr(sym, "casing", None)
    if casing is not None:
        props["h"] = style.leaflet(style.symbol(casing))
    if feature.tooltip:
        props["t"] = str(html(feature.tooltip))
    if feature.popup is not None:
        props["p"] = popup_html(feature.popup)
    geom = feature.geometry
    # polygons nobody hovers or clicks are drawn once as fixed land paths
    fixed = geom.geom_type in ("Polygon", "MultiPolygon") and not (
        props.get("t") or props.get("p") or props.get("h")
    )
    encoded = encode_land(geom, zoom) if fixed else encode(geom, decimals)
    # (GeoJSON's "type": "Feature" left out: the runtime reads nothing else, 17 bytes a feature)
    return {"geometry": encoded, "properties": props}


def _wire_place(point: Point, side: Position, decimals: int) -> list[float | str]:
    """(lon, lat[, side]) at the map's own precision; the usual side, centred, is left out."""
    place: list[float | str] = [round(point.x, decimals), round(point.y, decimals)]
    return place if SIDES[side] == "c" else [*place, SIDES[side]]


def _wire_label(label: Label, decimals: int) -> dict[str, Any]:
    lines = [html(line) for line in label.lines]
    if label.heading and len(lines) > 1:
        body = Markup("<b>{}</b>{}").format(lines[0], Markup("<br>").join(lines[1:]))
    else:
        body = Markup("<br>").join(lines)
    point = ("sm-pt",) if is_point(label) else ()
    # only the places the placer chose at some zoom travel, renumbered in order; a name
    # keeps all its places, for the runtime to find one in view when the plan's is not
    plan = label.plan or "0"
    used = sorted({int(code, 36) for code in plan if code != "-"}) or [0]
    if label.kind in NAME_KINDS:
        used = list(range(len(label.candidates)))
    number = {old: DIGITS[new] for new, old in enumerate(used)}
    candidates = label.candidates
    return {
        "h": str(Markup("<span>{}</span>").format(body)),
        "c": " ".join([*label.tags, *point, style.label_class(label.kind)]),
        # the places the text takes (lon, lat, side), and the placer's choice per quarter
        # zoom step (an index into them, or "-": left out); the runtime applies it
        "k": [_wire_place(*candidates[i], decimals) for i in used],
        "z": "".join(number.get(int(c, 36), "-") if c != "-" else "-" for c in plan),
        # its priority: the runtime keeps the more important label where two compete
        "p": label.priority,
    }


# Label kinds that name a country or region: the names every view keeps (see README).
NAME_KINDS = frozenset({"country", "country.focus", "region", "status"})


SIDES = {"center": "c", "right": "r", "left": "l", "above": "a", "below": "b"}
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _vector_layer(
    layer: Layer, decimals: int, zoom: int, tiles: bool, min_zoom: int
) -> el.VectorLayer:
    features = [_wire_feature(f, decimals, zoom, tiles) for f in layer.features]
    data: dict[str, Any] = {
        "z0": min_zoom,
        "d": decimals,
        "f": features,
        "l": [_wire_label(label, decimals) for label in layer.labels],
    }
    # a layer's features mostly share one style (the land's polygons, a layer's places): it
    # is written once for the layer, and only the others carry their own
    styled = [f["properties"] for f in features if "s" in f["properties"]]
    styles = Counter(json.dumps(p["s"], sort_keys=True) for p in styled)
    if styles and styles.most_common(1)[0][1] > 1:
        common = json.loads(styles.most_common(1)[0][0])
        data["s"] = common
        for props in styled:
            if props["s"] == common:
                del props["s"]
    return el.VectorLayer(layer.key, html(layer.name), data, control=layer.switchable)


# --------------------------------------------------------------------------- page


@cache
def _template_text(name: str) -> str:
    env = el.template_env()
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    return source


def _static(name: str) -> str:
    return compact(_template_text(name), name.rsplit(".", 1)[-1])


def render_html(
    scene: Scene, assets: str = "inline", provider: xyzservices.TileProvider | None = None
) -> str:
    """The scene as one HTML page (``assets``: ``"inline"`` or ``"cdn"``; ``provider``: an
    optional tile basemap under the land, which then turns translucent)."""
    check_assets(assets)
    tr = Tr(scene.lang)
    west, south, east, north = scene.extent
    credits = scene.credits
    m = el.ShieldMap(
        bounds=[[south, west], [north, east]],
        # readers cannot pan past the land drawn (see geo.maps.viewport.clip_boxes)
        max_bounds=[[[s, w], [n, e]] for w, s, e, n in scene.pan or (scene.bounds,)],
        # the sea under the land, so nothing beyond what is drawn ever shows
        sea=None if provider is not None else style.theme().sea,
        aria_label=scene.title,
        attributions=[str(html(credits.attribution))],
        tiles=None,
        min_zoom=scene.min_zoom,
        max_zoom=scene.max_zoom,
        zoom_snap=0.25,
        zoom_delta=0.5,
        control_scale=False,
    )
    set_map_assets(m, assets)
    if provider is not None:
        m.add_child(folium.TileLayer(tiles=provider, name=provider.name, control=False))
    decimals, zoom = decimals_for_zoom(scene.max_zoom), land_zoom(scene.max_zoom)
    for layer in scene.layers:
        m.add_child(_vector_layer(layer, decimals, zoom, provider is not None, scene.min_zoom))
    m.add_child(folium.LayerControl(position="topright", collapsed=True))
    m.add_child(el.DomControl("sm-fullscreen-box", "topleft"))
    m.add_child(el.DomControl("sm-legend", "bottomleft"))
    m.add_child(el.DomControl("sm-inset", "bottomright"))
    # Leaflet's own controls, labelled in the page's language
    m.add_child(
        el.Runtime(
            aspect=scene.aspect,
            dark=style.page_palette(),
            labels={
                "zoomIn": tr("zoom_in"),
                "zoomOut": tr("zoom_out"),
                "layers": tr("layers"),
                "close": tr("close_popup"),
            },
        )
    )

    env = el.template_env()
    top = Markup(
        env.get_template("page_top.html").render(
            kicker=scene.kicker,
            title=scene.title,
            subtitle=scene.subtitle,
            skip=tr("skip_link"),
            open_full=tr("open_full_map"),
        )
    )
    footer = {
        "data_as_of": tr("data_as_of", date=scene.data_as_of_text) if scene.data_as_of else "",
        "measured": credits.measured,
        "boundaries": credits.boundaries,
        "boundary_url": credits.boundary_link.url,
        "boundary_link": link(credits.boundary_link.url, credits.boundary_link.text),
        "basemap": tr("basemap_credit", attribution=provider.get("attribution", provider.name))
        if provider is not None
        else "",
        "map": credits.map,
        "sources_heading": credits.sources_heading,
    }
    sources = [
        {
            "id": ref.id,
            "publisher": ref.publisher,
            "date": ref.date,
            "title_link": link(ref.url, ref.title),
        }
        for ref in credits.sources
    ]
    legend = [
        {"layer": e.layer, "swatch": svg.swatch(e.symbol), "label": e.text, "group": ""}
        for e in scene.key
    ]
    timeline = (
        {"heading": scene.timeline.heading, "svg": svg.timeline(scene.timeline)}
        if scene.timeline is not None
        else None
    )
    bottom = Markup(
        env.get_template("page_bottom.html").render(
            timeline=timeline,
            story={"note": scene.note, "byline": scene.byline, "source_note": scene.source_note},
            credits=footer,
            sources=sources,
            alt={
                "heading": scene.alt.heading,
                "intro": scene.alt.intro,
                "blocks": scene.alt.blocks,
            },
            legend={"heading": tr("legend"), "entries": legend},
            inset={"label": scene.locator.label, "svg": svg.locator(scene.locator)},
            fullscreen={"on": tr("fullscreen"), "off": tr("fullscreen_exit")},
            features_heading=tr("features_list"),
            # shown from the start when the runtime will fill it (a feature with a popup and
            # a name): the page's layout is final before the map measures its box, else the
            # map shrinks after its first frame and is fitted and drawn all over again
            features_listed=any(
                f.popup is not None and f.tooltip for layer in scene.layers for f in layer.features
            ),
            hints={
                "wheel": tr("hint_wheel"),
                "wheel_mac": tr("hint_wheel_mac"),
                "touch": tr("hint_touch"),
            },
        )
    )
    head = Markup(
        env.get_template("head.html").render(
            inline=assets == "inline",
            cdn=cdn_assets(),
            leaflet_css=Markup(leaflet_css()),
            leaflet_js=Markup(leaflet_js()),
            # the style table's label colours first, so map.css's phone sizes override them
            css=Markup(style.theme_css() + style.label_css() + _static("map.css")),
            # minified ahead, names shortened (geo/maps/minify.py, `make runtime`)
            runtime=Markup(_template_text("runtime.min.js")),
        )
    )
    page = el.Page(
        lang=scene.lang, title=f"{scene.title} | shieldmap", top=top, bottom=bottom, head=head
    )
    page.add_child(m)
    el.stabilise_ids(page, f"{scene.preset}:{scene.lang}")
    cdn = cdn_assets() if assets == "cdn" else None
    return with_policy(
        # folium's templates indent every line; the page has no <pre>, <textarea> or
        # multi-line JS string, so the indentation is only weight (overview under 300 KB)
        _INDENT.sub("", page.render()),
        scripts=[cdn["js"].url] if cdn else [],
        styles=[cdn["css"].url] if cdn else [],
        images=[*([CDN_BASE + "images/"] if cdn else []), *(["https:"] if provider else [])],
    )


_INDENT = re.compile(r"^[ \t]+", re.M)


# --------------------------------------------------------------------------- entry points


def resolve_basemap(name: str, api_key: str | None = None) -> xyzservices.TileProvider:
    """The xyzservices provider called ``name``; a key is filled in when the provider needs one.

    Raises
    ------
    MapError
        If no provider has that name, or it needs an API key and none was given.
    """
    import xyzservices

    try:
        provider = xyzservices.providers.query_name(name)
    except ValueError:
        msg = (
            f"expected an xyzservices provider name such as 'OpenStreetMap.Mapnik', got {name!r};"
            " see xyzservices.providers for the list"
        )
        raise MapError(msg) from None
    if provider.requires_token():
        if not api_key:
            msg = (
                f"basemap {provider.name} needs an API key, got none; pass --api-key KEY"
                " (it will be visible in the HTML) or choose a provider without a key"
            )
            raise MapError(msg)
        keys = {
            k: _url_safe_key(api_key)
            for k, v in provider.items()
            if isinstance(v, str) and "<insert" in v
        }
        provider = provider(**keys)
    return provider


def _url_safe_key(key: str) -> str:
    """``key`` as data: refused if it holds template syntax or control characters, and
    percent-encoded, so it can neither break the tile URL nor open a template anywhere."""
    from urllib.parse import quote

    if any(mark in key for mark in ("{{", "{%", "{#", "}}", "%}", "#}")) or not key.isprintable():
        msg = (
            "expected an API key of letters, digits and punctuation, got one with template "
            "syntax ({{, {% or {#) or control characters; copy the key from your provider again"
        )
        raise MapError(msg)
    return quote(key, safe="-._~")


def render_map(
    layers: Layers,
    seeds: Seeds,
    preset: str = "overview",
    lang: str = "en",
    assets: str = "inline",
    basemap: str | None = None,
    api_key: str | None = None,
    web: WebGeometry | None = None,
    story: Story | None = None,
) -> str:
    """One map page as HTML text: :func:`geo.maps.scene.build_scene` then :func:`render_html`.

    Parameters
    ----------
    layers, seeds
        From :func:`geo.layers.build_layers` and :func:`geo.seeds.load_seeds`.
    preset
        One of :data:`geo.maps.presets.ALL`.
    lang
        One of :data:`geo.maps.i18n.LANGS`.
    assets
        ``"inline"`` (no external file at all) or ``"cdn"`` (folium's CDN links).
    basemap
        An xyzservices provider name for a tile basemap [default: none, the vector basemap].
    api_key
        Key for a provider that needs one; it ends up in the HTML.
    web
        The preset's :func:`geo.maps.webgeom.preset_geometries`, when already computed.

    Raises
    ------
    MapError
        For an unknown preset, language, asset mode or basemap, or a basemap without its key.
    """
    from geo.maps.scene import SceneInputs, build_scene

    check_assets(assets)
    provider = resolve_basemap(basemap, api_key) if basemap else None
    scene = build_scene(preset, lang, SceneInputs(layers, seeds, web, story))
    return render_html(scene, assets, provider)
