"""The one style table (geo/style.py): complete, Okabe–Ito, and read by the web maps."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from geo import style
from geo.errors import MapError


def test_lines_that_can_coincide_differ_in_more_than_colour() -> None:
    lines = {
        name: sym
        for name, sym in style.LIGHT.symbols.items()
        if isinstance(sym, style.Line) and name.split(".")[0] in ("border", "program", "gap")
    }
    looks = {(sym.dash, sym.width, sym.opacity) for sym in lines.values()}
    assert len(looks) == len(lines)
    assert len({sym.color for sym in lines.values()}) == len(lines)


def _shade_of(colour: str, source: str) -> bool:
    """``colour`` is ``source`` darkened (every channel scaled by one factor, to rounding)."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(source[i : i + 2], 16) for i in (1, 3, 5)]
    if max(b) == 0:
        return max(a) == 0
    factor = max(a) / max(b)
    return 0 < factor <= 1 and all(abs(x - y * factor) <= 1.5 for x, y in zip(a, b, strict=True))


def test_story_lines_use_the_okabe_ito_palette() -> None:
    """Okabe-Ito colours, or darker shades of them where a symbol needs 3:1 on land."""
    palette = set(style.OKABE_ITO.values())
    for name in ("border.rus", "border.blr", "border.pol_ltu", "program.eastern_shield"):
        sym = style.symbol(name)
        assert isinstance(sym, style.Line)
        assert any(_shade_of(sym.color, source) for source in palette), name


def test_every_casing_names_a_line_of_the_table() -> None:
    for sym in style.LIGHT.symbols.values():
        if isinstance(sym, style.Line) and sym.casing is not None:
            assert isinstance(style.symbol(sym.casing), style.Line)


def test_a_theme_that_leaves_a_symbol_out_fails_when_used(monkeypatch: pytest.MonkeyPatch) -> None:
    symbols = dict(style.LIGHT.symbols)
    del symbols["border.blr"]
    dark = dataclasses.replace(style.LIGHT, name="dark", symbols=symbols)
    monkeypatch.setattr(style, "THEMES", {**style.THEMES, "dark": dark})
    style.theme.cache_clear()
    try:
        with pytest.raises(MapError, match=r"theme 'dark' lacks border\.blr"):
            style.theme("dark")
        with pytest.raises(MapError, match="expected a theme among"):
            style.theme("sepia")
    finally:
        style.theme.cache_clear()


def test_unknown_symbol_names_the_choices() -> None:
    with pytest.raises(MapError, match=r"expected a symbol among .*border\.rus"):
        style.symbol("border.xyz")


def test_adapters() -> None:
    blr = style.symbol("border.blr")
    assert style.leaflet(blr) == {
        "color": "#0072B2",
        "weight": 3.2,
        "opacity": 1,
        "lineCap": "butt",
        "dashArray": "8 5",
    }
    assert style.qgis_rgba("#E69F00", 0.85) == "230,159,0,217"
    assert style.dash_text((8.0, 5.0), ";") == "8;5"


def _wire(html: str) -> list[dict]:
    """The layer data the page hands to its runtime (``shieldmap.fill(layer, key, data)``)."""
    found = []
    for match in re.finditer(r"shieldmap\.fill\([^,]+,\s*\"([^\"]+)\",\s*(\{.*?\})\);\n", html):
        found.append({"key": match.group(1), **json.loads(match.group(2))})
    return found


def test_the_web_map_draws_borders_with_the_table(real_map_html: dict[str, str]) -> None:
    layers = {layer["key"]: layer for layer in _wire(real_map_html["overview"])}
    for key, name in (("borders_rus", "border.rus"), ("borders_blr", "border.blr")):
        # a feature's own style, or the layer's common one it leaves out (geo.maps.html)
        common = layers[key].get("s")
        options = {
            json.dumps(f["properties"].get("s", common), sort_keys=True) for f in layers[key]["f"]
        }
        assert options == {json.dumps(style.leaflet(style.symbol(name)), sort_keys=True)}
