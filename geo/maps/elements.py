"""folium/branca elements of a shieldmap page.

Everything placed into HTML or JavaScript here arrives already escaped: HTML fragments as
:class:`markupsafe.Markup` built by autoescaping templates or :mod:`geo.maps.escape`, data as JS
literals from :func:`geo.maps.escape.js_json`. folium's own Popup/Tooltip (which do not escape)
are never used.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import cache
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.map import Layer
from folium.template import Template
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from geo.maps.escape import html, js_json, js_string


@cache
def template_env() -> Environment:
    """Jinja environment over ``geo/maps/templates`` with autoescape always on (one per
    process, so each template is compiled once, not once per map)."""
    return Environment(
        loader=PackageLoader("geo.maps", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


class Page(Figure):
    """The whole HTML document: ``<html lang>``, ``<title>``, a zoomable viewport, the page
    header above the map and the footer below it."""

    def __init__(self, lang: str, title: str, top: Markup, bottom: Markup, head: Markup) -> None:
        super().__init__(height="100%")
        self._name = "Page"
        self.lang = lang
        self.title = title
        self.top = top
        self.bottom = bottom
        self.head = head
        # folium's own meta tag is replaced by <meta charset> in our template.
        self.header._children.pop("meta_http", None)
        self._template = template_env().get_template("page.html")


class ShieldMap(folium.Map):
    """folium's Map without the zoom-locking viewport meta (pinch zoom stays available), with a
    metric-only scale bar, and fitted to the preset's extent.

    ``max_bounds`` lists the boxes readers may pan within (``[[south, west], [north, east]]``:
    for wide screens, then for tall ones); ``sea`` is the colour they are filled with under the
    land (``None`` over a tile basemap)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>
                #{{ this.get_name() }} {
                    position: {{ this.position }};
                    width: {{ this.width[0] }}{{ this.width[1] }};
                    height: {{ this.height[0] }}{{ this.height[1] }};
                    left: {{ this.left[0] }}{{ this.left[1] }};
                    top: {{ this.top[0] }}{{ this.top[1] }};
                }
            </style>
        {% endmacro %}

        {% macro html(this, kwargs) %}
            <div class="folium-map sm-map" id={{ this.get_name()|tojson }}
                role="region" aria-label="{{ this.aria_label }}"></div>
        {% endmacro %}

        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map(
                {{ this.get_name()|tojson }},
                {
                    crs: L.CRS.{{ this.crs }},
                    ...{{ this.options|tojavascript }}
                }
            );
            {{ this.get_name() }}.attributionControl.setPrefix(false);
            {%- for text in this.attributions_js %}
            {{ this.get_name() }}.attributionControl.addAttribution({{ text }});
            {%- endfor %}
            L.control.scale({metric: true, imperial: false, position: "bottomleft"})
                .addTo({{ this.get_name() }});
            shieldmap.fit(
                {{ this.get_name() }}, {{ this.bounds_js }},
                {{ this.max_bounds_js }}, {{ this.sea_js }}
            );
        {% endmacro %}
        """
    )

    def __init__(
        self,
        bounds: list[list[float]],
        max_bounds: list[list[list[float]]],
        aria_label: str,
        attributions: list[str],
        sea: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        # folium hands the zoom limits to its tile layer only; a map without tiles needs them too
        for name in ("min_zoom", "max_zoom"):
            if kwargs.get(name) is not None:
                self.options[name] = kwargs[name]
        # the view comes from shieldmap.fit() alone: a starting centre and zoom would make
        # Leaflet lay the page out and reset the view once more before the fit
        self.options.pop("zoom", None)
        self.bounds_js = js_json(bounds)
        self.max_bounds_js = js_json(max_bounds)
        self.sea_js = js_json(sea)
        self.aria_label = html(aria_label)
        self.attributions_js = [js_string(a) for a in attributions]


class VectorLayer(Layer):
    """An overlay drawn by the inline runtime from escaped, already encoded data.

    ``data`` is what :mod:`geo.maps.html` writes for one scene layer: ``f`` features with
    encoded geometry and properties ``s`` (Leaflet path options), ``c`` (CSS classes), ``h``
    (casing options), ``t`` (tooltip HTML) and ``p`` (popup HTML), both already escaped; ``l``
    labels; ``d`` decimals of the encoding; ``z0`` the zoom the labels' plans start at; ``s``
    the style of the features that carry none of their own (the land's fixed polygons).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.featureGroup();
            shieldmap.fill({{ this.get_name() }}, {{ this.key_js }}, {{ this.data_js }});
        {% endmacro %}
        """
    )

    def __init__(self, key: str, name: Markup, data: dict[str, Any], control: bool = True) -> None:
        # Leaflet's layer control shows names as HTML, so the name arrives escaped.
        super().__init__(name=str(name), overlay=True, control=control, show=True)
        self._name = "VectorLayer"
        self.key = key
        self.key_js = js_string(key)
        self.data_js = js_json(data)

    def render(self, **kwargs: Any) -> Any:
        # What folium's Layer and branca's MacroElement do, less one step: branca would compile
        # the rendered script, which carries the layer's data (up to tens of KB), as a Jinja
        # template again, for nothing but time. It goes in as it is.
        root, parent = self.get_root(), self._parent
        assert isinstance(root, Figure) and parent is not None
        script = self._template.module.script(self, kwargs)
        adding = f"{self.get_name()}.addTo({parent.get_name()});"
        root.script.add_child(Verbatim(f"{script}{adding}"), name=self.get_name())


class Verbatim(Element):
    """Text already rendered, placed in the page as it is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Verbatim"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class DomControl(MacroElement):
    """Moves an element of the page (legend, inset, button) into a Leaflet control."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            shieldmap.control(
                {{ this._parent.get_name() }}, {{ this.node_js }}, {{ this.position_js }}
            );
        {% endmacro %}
        """
    )

    def __init__(self, node_id: str, position: str) -> None:
        super().__init__()
        self._name = "DomControl"
        self.node_js = js_string(node_id)
        self.position_js = js_string(position)


class Runtime(MacroElement):
    """Starts the legend, fullscreen, keyboard, gesture, layout and embedding behaviour once
    every layer exists. ``aspect`` is the map panel's wanted width over height in an embed;
    ``labels`` name Leaflet's own controls in the page's language; ``dark`` maps each colour
    to its twin in the dark theme (:func:`geo.style.page_palette`)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            shieldmap.start({{ this._parent.get_name() }}, {{ this.options_js }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        aspect: float = 1.0,
        labels: dict[str, str] | None = None,
        dark: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self._name = "Runtime"
        self.options_js = js_json({"aspect": aspect, "labels": labels or {}, "dark": dark or {}})


def walk(element: Element) -> Iterator[Element]:
    """Every element under ``element``, depth first, in insertion order (figure parts too)."""
    yield element
    if isinstance(element, Figure):
        for part in (element.header, element.html, element.script):
            yield from walk(part)
    for child in list(element._children.values()):
        yield from walk(child)


def stabilise_ids(root: Element, seed: str) -> None:
    """Replace folium's random element ids with ids derived from ``seed`` and tree position,
    so the same inputs give byte-identical HTML."""
    for index, element in enumerate(walk(root)):
        digest = hashlib.sha1(f"{seed}/{index}".encode()).hexdigest()[:10]
        element._id = f"{index:03d}{digest}"
