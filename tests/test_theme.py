"""The dark palette and the non-text contrast of the fortification symbols, from the style table.

Contrast follows WCAG 2.1 (relative luminance; a translucent symbol is blended over the land it
crosses first): every fortification symbol reaches 3:1 against every land fill (1.4.11), in both
themes.
"""

from __future__ import annotations

import pytest

from geo import style

LANDS = ("land.withdrawing", "land.adversary", "land.context")
FORTIFICATIONS = (
    "program.eastern_shield",
    "program.baltic_defence_line",
    "border.pol_ltu",
    "barrier",
)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def blend(colour: str, ground: str, opacity: float) -> str:
    mixed = (
        round(opacity * a + (1 - opacity) * b)
        for a, b in zip(_rgb(colour), _rgb(ground), strict=True)
    )
    return "#" + "".join(f"{v:02x}" for v in mixed)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_helper_matches_wcag_examples() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("theme_name", ["light", "dark"])
@pytest.mark.parametrize("name", FORTIFICATIONS)
def test_fortification_symbols_reach_3_to_1_on_land(theme_name: str, name: str) -> None:
    theme = style.theme(theme_name)
    line = theme.symbols[name]
    assert isinstance(line, style.Line)
    for land_name in LANDS:
        land = theme.symbols[land_name]
        assert isinstance(land, style.Area)
        seen = blend(line.color, land.fill, line.opacity)
        assert contrast(seen, land.fill) >= 3.0, (land_name, line.color, contrast(seen, land.fill))


def test_dark_theme_names_every_symbol_and_differs_only_in_colour() -> None:
    light, dark = style.theme("light"), style.theme("dark")
    assert light.symbols.keys() == dark.symbols.keys()
    assert light.labels.keys() == dark.labels.keys()
    for name, symbol in light.symbols.items():
        twin = dark.symbols[name]
        for field in ("width", "opacity", "dash", "radius", "stroke_width", "fill_opacity"):
            assert getattr(symbol, field, None) == getattr(twin, field, None), (name, field)
    # the page is dark and its text light, with enough contrast to read
    assert luminance(dark.paper) < 0.05 and contrast(dark.ink, dark.paper) >= 7
    assert contrast(dark.muted, dark.paper) >= 4.5


@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_colour_blind_safe_distinctions_kept(theme_name: str) -> None:
    """The symbols readers must tell apart keep distinct colours in each theme, and keep the
    hue order of their Okabe-Ito sources (a border never turns the colour of another)."""
    theme = style.theme(theme_name)
    names = (
        "border.rus",
        "border.blr",
        "border.pol_ltu",
        "program.eastern_shield",
        "program.baltic_defence_line",
    )
    colours = [theme.symbols[n].color.lower() for n in names]  # type: ignore[union-attr]
    assert len(set(colours)) == len(colours)
    statuses = [theme.symbols[f"status.{s}"].fill for s in style.STATUS_ORDER]  # type: ignore[union-attr]
    assert len({c.lower() for c in statuses}) == len(statuses)
    # dashes as well as colours: no two of the lines share both
    patterns = {(theme.symbols[n].dash, theme.symbols[n].width) for n in names}  # type: ignore[union-attr]
    assert len(patterns) == len(names)


def test_every_light_colour_has_a_dark_twin() -> None:
    palette = style.DARK_COLOURS
    light = style.theme("light")
    for symbol in light.symbols.values():
        for value in vars(symbol).values():
            if isinstance(value, str) and value.startswith("#"):
                assert value.lower() in palette, value
    for text in light.labels.values():
        assert text.color.lower() in palette
