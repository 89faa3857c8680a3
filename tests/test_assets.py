"""The page's own assets as shipped: the runtime's minified form is current, and Leaflet's
style sheet keeps every rule a supported browser reads."""

from __future__ import annotations

import re

from geo.maps.assets import leaflet_css
from geo.maps.minify import SHIPPED, SOURCE, minified


def test_the_shipped_runtime_is_the_current_source_minified() -> None:
    """Edit runtime.js, forget `make runtime`, and this fails."""
    assert SHIPPED.read_text(encoding="utf-8") == minified(SOURCE.read_text(encoding="utf-8"))


def test_minifying_shortens_local_names_and_keeps_the_global() -> None:
    source = "window.demo = (function () { var longLocalName = 2; return longLocalName * 3; })();"
    out = minified(source)
    assert "window.demo=" in out and "longLocalName" not in out
    assert out == "window.demo=(function(){var a=2;return a*3;})();\n"


def test_leaflet_css_loses_only_internet_explorer_rules() -> None:
    css = leaflet_css()
    assert not re.search(r"leaflet-oldie|\.lvml|leaflet-vml-shape", css)
    # what modern browsers read stays: panes, popups, controls, tooltips
    for selector in (
        ".leaflet-pane",
        ".leaflet-popup-tip",
        ".leaflet-control-zoom",
        ".leaflet-tooltip",
    ):
        assert selector in css
    assert css.count("{") == css.count("}")
