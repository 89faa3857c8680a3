"""The one style table: how every kind of thing on a shieldmap map or layer is drawn.

A *symbol* is a name such as ``"border.rus"`` or ``"place.capital"``; a :class:`Theme` maps
each name to its colours, dash pattern, width and label type. The web maps, the static export
and the QGIS styles of the GeoPackage all read this table, so a colour changed here changes
everywhere, and nothing else in the package spells a colour for these symbols.

Colours follow the Okabe–Ito palette, which stays distinguishable with the common forms of
colour-blindness; lines that can coincide (a programme runs along a border) differ in dash
pattern and width as well, so no meaning rests on colour alone.

Sizes are CSS pixels (1/96 inch). Renderers that work in other units convert with
:data:`MM_PER_PX` (QGIS) or points (matplotlib: 0.75 pt per px).

A further theme (a dark palette, say) is one more :class:`Theme` value in :data:`THEMES`:
it may start from ``LIGHT`` with :func:`dataclasses.replace` and must name every symbol
``LIGHT`` names (:func:`theme` checks this when the theme is first used).

Examples
--------
>>> symbol("border.blr").dash
(8.0, 5.0)
>>> leaflet(symbol("border.rus"))["color"]
'#D55E00'
>>> qgis_rgba("#0072B2", 0.5)
'0,114,178,128'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cache
from typing import Any, Literal

from geo.errors import MapError

MM_PER_PX = 25.4 / 96

# Okabe & Ito (2008), "Color Universal Design": the eight colours by their names there.
OKABE_ITO: Mapping[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
_C = OKABE_ITO

Cap = Literal["butt", "round", "square"]
Join = Literal["miter", "round", "bevel"]


@dataclass(frozen=True)
class Line:
    """A stroked line.

    Attributes
    ----------
    color : str
        ``#RRGGBB``.
    width : float
        Stroke width in CSS px.
    opacity : float
        0 (invisible) to 1.
    dash : tuple of float
        Alternating dash and gap lengths in CSS px; empty for a solid line.
    cap, join : str
        SVG/Canvas line cap and join.
    casing : str or None
        Name of a :class:`Line` drawn under this one (a white halo that lifts the line off
        the land), or None.
    """

    color: str
    width: float
    opacity: float = 1.0
    dash: tuple[float, ...] = ()
    cap: Cap = "round"
    join: Join = "round"
    casing: str | None = None


@dataclass(frozen=True)
class Area:
    """A filled polygon with an outline.

    Attributes
    ----------
    fill : str
        ``#RRGGBB`` of the interior.
    fill_opacity : float
        0 to 1.
    stroke : str
        ``#RRGGBB`` of the outline.
    stroke_width : float
        Outline width in CSS px.
    dash : tuple of float
        Outline dash pattern in CSS px; empty for solid.
    """

    fill: str
    fill_opacity: float
    stroke: str
    stroke_width: float
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class Marker:
    """A point drawn as a small shape.

    Attributes
    ----------
    radius : float
        Radius in CSS px.
    fill, stroke : str
        ``#RRGGBB`` of the interior and the outline.
    stroke_width : float
        Outline width in CSS px.
    shape : str
        ``"circle"`` (every marker today; QGIS and matplotlib know others).
    """

    radius: float
    fill: str
    stroke: str
    stroke_width: float
    shape: Literal["circle", "square", "diamond", "triangle", "cross"] = "circle"


@dataclass(frozen=True)
class Text:
    """How a map label of one kind is set.

    Attributes
    ----------
    size : float
        Font size in CSS px.
    color : str
        ``#RRGGBB`` of the glyphs.
    bold, italic, uppercase : bool
        Weight, slant and case. Labels use two sizes and one weight on purpose: each further
        size or weight is another font instance for a browser to set up before first paint.
    boxed : bool
        Drawn on a white box outlined in its own colour (length figures) instead of a halo.
    """

    size: float
    color: str
    bold: bool = True
    italic: bool = False
    uppercase: bool = False
    boxed: bool = False


Symbol = Line | Area | Marker


@dataclass(frozen=True)
class Theme:
    """One complete palette: page colours, every symbol and every label kind.

    Attributes
    ----------
    name : str
        The theme's id (``"light"``).
    ink, muted, paper, sea, halo : str
        Text colour, secondary text colour, page background, water, and the halo drawn round
        labels and under cased lines.
    tiles_stroke, tiles_fill_opacity
        How land is drawn over a tile basemap: a darker outline, translucent fills.
    symbols : mapping
        Symbol name → :data:`Symbol`.
    labels : mapping
        Label kind → :class:`Text`.
    """

    name: str
    ink: str
    muted: str
    paper: str
    sea: str
    halo: str
    tiles_stroke: str
    tiles_fill_opacity: float
    symbols: Mapping[str, Symbol] = field(default_factory=dict)
    labels: Mapping[str, Text] = field(default_factory=dict)


# Okabe-Ito orange, bluish green and reddish purple darkened (x0.72, x0.8, x0.84) until each
# reaches 3:1 against all three land fills at its opacity (tests/test_style.py measures it).
FORTIFICATION: Mapping[str, str] = {
    "eastern_shield": "#a67200",
    "baltic_defence_line": "#007e5c",
    "pol_ltu": "#ab668c",
}

_LIGHT_SYMBOLS: dict[str, Symbol] = {
    # land: the countries are the basemap; states in the story lighter than their neighbours
    "land.withdrawing": Area("#fbfaf6", 1.0, "#ffffff", 1.1),
    "land.adversary": Area("#e1ddd5", 1.0, "#ffffff", 1.1),
    "land.context": Area("#efeeea", 1.0, "#ffffff", 0.8),
    # borders with the two adversaries, each over a white casing
    "casing": Line("#ffffff", 6.5, 0.95),
    "border.rus": Line(_C["vermillion"], 3.2, casing="casing"),
    "border.blr": Line(_C["blue"], 3.2, dash=(8.0, 5.0), cap="butt", casing="casing"),
    # the Polish–Lithuanian border (the Suwałki Gap) and the shortest Kaliningrad–Belarus line
    # (the dots, like the programme bands below, are darker shades of their Okabe-Ito hue:
    # a symbol must reach 3:1 against every land fill it crosses, WCAG 1.4.11)
    "border.pol_ltu": Line(FORTIFICATION["pol_ltu"], 4.0, dash=(0.1, 6.5), casing="casing"),
    "gap": Line(_C["black"], 2.4, dash=(7.0, 5.0), cap="butt"),
    # the two fortification programmes: wide translucent bands under the borders
    "program.eastern_shield": Line(
        FORTIFICATION["eastern_shield"], 15.0, 1.0, dash=(2.0, 4.0), cap="butt", join="miter"
    ),
    "program.baltic_defence_line": Line(FORTIFICATION["baltic_defence_line"], 13.0, 0.85),
    # fences and walls already built
    "barrier": Line(_C["black"], 1.8, dash=(1.5, 3.5), cap="butt"),
    # Ottawa Convention status of each country (the treaty map)
    "status.withdrawn": Area(_C["orange"], 0.7, "#5a3d00", 1.4),
    "status.suspension_notified": Area(_C["reddish_purple"], 0.55, "#6b2d55", 1.0, (8, 3, 2, 3)),
    "status.party": Area(_C["sky_blue"], 0.6, "#1f4e6b", 1.0, (5.0, 3.0)),
    "status.never_joined": Area("#8c8c8c", 0.55, "#333333", 1.0, (1.0, 3.0)),
    "status.unknown": Area("#ffffff", 0.9, "#555555", 1.0, (2.0, 2.0)),
    # places and a newsroom's own annotations
    "place.capital": Marker(4.5, _C["black"], _C["black"], 1.4),
    "place.city": Marker(3.2, "#ffffff", _C["black"], 1.4),
    "place.town": Marker(3.2, "#ffffff", _C["black"], 1.4),
    "annotation.point": Marker(5.0, _C["yellow"], _C["black"], 1.6),
    "annotation.line": Line(_C["black"], 2.5, dash=(1.0, 5.0)),
    "annotation.area": Area(_C["reddish_purple"], 0.25, _C["reddish_purple"], 1.6),
    # the locator inset: the story's states dark, the map's extent boxed
    "locator.focus": Area("#3d3d3d", 1.0, "#ffffff", 0.4),
    "locator.adversary": Area("#c9c4bb", 1.0, "#ffffff", 0.4),
    "locator.context": Area("#e4e2dd", 1.0, "#ffffff", 0.4),
    "locator.extent": Line(_C["vermillion"], 1.6),
}

_LIGHT_LABELS: dict[str, Text] = {
    "country": Text(11, "#6b6b6b", uppercase=True),
    "country.focus": Text(12, "#2b2b2b", uppercase=True),
    "region": Text(11, "#6b6b6b", uppercase=True),
    "status": Text(11, "#1a1a1a"),
    "length.rus": Text(11, "#B04A00", boxed=True),
    "length.blr": Text(11, "#005A8F", boxed=True),
    "length.gap": Text(12, "#000000", boxed=True),
    "program.eastern_shield": Text(12, "#8a5a00", italic=True),
    "program.baltic_defence_line": Text(12, "#006e50", italic=True),
    "barrier": Text(11, "#1a1a1a"),
    "place": Text(11, "#1a1a1a"),
    "place.capital": Text(12, "#1a1a1a"),
    "annotation": Text(12, "#1a1a1a"),
}

LIGHT = Theme(
    name="light",
    ink="#1a1a1a",
    muted="#555555",
    paper="#ffffff",
    sea="#dde8ee",
    halo="#ffffff",
    tiles_stroke="#777777",
    tiles_fill_opacity=0.35,
    symbols=_LIGHT_SYMBOLS,
    labels=_LIGHT_LABELS,
)

# The dark palette, colour by colour: every colour of LIGHT has its counterpart here, so a
# symbol keeps its meaning (and the Okabe-Ito hues their colour-blind-safe distinctions, lightened
# where they sit on dark land), and a web page can switch theme by mapping colours alone.
DARK_COLOURS: Mapping[str, str] = {
    # page and land: dark paper, land a little lighter, the story's states lightest
    "#ffffff": "#16191d",
    "#1a1a1a": "#ececec",
    "#555555": "#a9a9a9",
    "#dde8ee": "#1c2b36",
    "#fbfaf6": "#4a4842",
    "#efeeea": "#36352f",
    "#e1ddd5": "#2a2825",
    "#777777": "#9a9a9a",
    "#000000": "#f2f2f2",
    "#2b2b2b": "#f5f5f5",
    "#333333": "#cfcfcf",
    "#6b6b6b": "#b8b8b8",
    "#8c8c8c": "#8c8c8c",
    # symbols: the same hues, lighter where a dark ground needs it
    "#d55e00": "#f27b2e",
    "#b04a00": "#ff9f66",
    "#0072b2": "#4fa9e3",
    "#005a8f": "#86c8f2",
    "#cc79a7": "#e598c4",
    "#ab668c": "#e598c4",
    "#e69f00": "#e69f00",
    "#a67200": "#e69f00",
    "#8a5a00": "#f2b84b",
    "#007e5c": "#1dc594",
    "#006e50": "#5ad6aa",
    "#56b4e9": "#56b4e9",
    "#1f4e6b": "#a3d0ec",
    "#5a3d00": "#ffd68f",
    "#6b2d55": "#f2bddb",
    "#f0e442": "#f0e442",
    # the locator inset
    "#3d3d3d": "#dcd9d2",
    "#c9c4bb": "#5c5851",
    "#e4e2dd": "#3b3a36",
}


def _recolour(value: Any) -> Any:
    """A symbol, label type or colour with every colour mapped through DARK_COLOURS."""
    if isinstance(value, str):
        return DARK_COLOURS[value.lower()] if value.startswith("#") else value
    changes = {
        f.name: _recolour(getattr(value, f.name))
        for f in fields(value)
        if isinstance(getattr(value, f.name), str) and getattr(value, f.name).startswith("#")
    }
    return replace(value, **changes)


def _dark(light: Theme) -> Theme:
    """``light`` in the dark palette; a KeyError names a colour DARK_COLOURS lacks."""
    return replace(
        _recolour(light),
        name="dark",
        symbols={k: _recolour(v) for k, v in light.symbols.items()},
        labels={k: _recolour(v) for k, v in light.labels.items()},
    )


DARK = _dark(LIGHT)
THEMES: Mapping[str, Theme] = {t.name: t for t in (LIGHT, DARK)}
DEFAULT_THEME = "light"

# The order the treaty map's key lists Ottawa statuses in.
STATUS_ORDER = ("withdrawn", "suspension_notified", "party", "never_joined", "unknown")


@cache
def theme(name: str = DEFAULT_THEME) -> Theme:
    """The theme called ``name``, checked to name every symbol and label kind ``LIGHT`` names.

    Raises
    ------
    MapError
        For an unknown theme, or a theme that leaves a symbol or label kind out.
    """
    found = THEMES.get(name)
    if found is None:
        msg = f"expected a theme among {', '.join(THEMES)}, got {name!r}; pick one of those"
        raise MapError(msg)
    missing = sorted(
        (set(LIGHT.symbols) - set(found.symbols)) | (set(LIGHT.labels) - set(found.labels))
    )
    if missing:
        msg = f"theme {name!r} lacks {', '.join(missing)}; add them to geo/style.py"
        raise MapError(msg)
    return found


def symbol(name: str, theme_name: str = DEFAULT_THEME) -> Symbol:
    """The symbol called ``name`` in a theme.

    Raises
    ------
    MapError
        For a name the table does not hold.
    """
    return theme_symbol(theme(theme_name), name)


def theme_symbol(found: Theme, name: str) -> Symbol:
    """The symbol called ``name`` in the theme ``found``, annotation styles included."""
    symbols = found.symbols
    if name.startswith("annotation.") and name.count(".") == 3:
        return annotation_symbol(name, symbols)
    if name not in symbols:
        msg = f"expected a symbol among {', '.join(sorted(symbols))}, got {name!r}"
        raise MapError(msg)
    return symbols[name]


# A newsroom's annotation names its style: ``annotation.KIND.VARIANT.COLOUR`` where VARIANT is
# the marker of a point (dot, square, triangle, cross) or the dash of a line or an area's
# outline (solid, dashed, dotted). The theme's annotation symbols give the sizes.
ANNOTATION_DASHES: Mapping[str, tuple[float, ...]] = {
    "solid": (),
    "dashed": (8.0, 5.0),
    "dotted": (1.0, 5.0),
}
ANNOTATION_MARKERS: Mapping[str, Literal["circle", "square", "triangle", "cross"]] = {
    "dot": "circle",
    "square": "square",
    "triangle": "triangle",
    "cross": "cross",
}


def annotation_symbol(name: str, symbols: Mapping[str, Symbol]) -> Symbol:
    """The symbol an annotation style name stands for (see :data:`ANNOTATION_DASHES`)."""
    _, kind, variant, colour = name.split(".")
    base = symbols.get(f"annotation.{kind}")
    colour_ok = colour in OKABE_ITO
    if isinstance(base, Marker) and variant in ANNOTATION_MARKERS and colour_ok:
        return replace(base, fill=OKABE_ITO[colour], shape=ANNOTATION_MARKERS[variant])
    if isinstance(base, Line) and variant in ANNOTATION_DASHES and colour_ok:
        return replace(base, color=OKABE_ITO[colour], dash=ANNOTATION_DASHES[variant])
    if isinstance(base, Area) and variant in ANNOTATION_DASHES and colour_ok:
        return replace(
            base,
            fill=OKABE_ITO[colour],
            stroke=OKABE_ITO[colour],
            dash=ANNOTATION_DASHES[variant],
        )
    msg = f"expected annotation.point|line|area.STYLE.COLOUR, got {name!r}"
    raise MapError(msg)


def label(kind: str, theme_name: str = DEFAULT_THEME) -> Text:
    """The label type of ``kind`` in a theme (see :class:`Text`)."""
    labels = theme(theme_name).labels
    if kind not in labels:
        msg = f"expected a label kind among {', '.join(sorted(labels))}, got {kind!r}"
        raise MapError(msg)
    return labels[kind]


# --------------------------------------------------------------------------- adapters


def dash_text(dash: tuple[float, ...], sep: str = " ") -> str:
    """A dash pattern as SVG/Leaflet (``"8 5"``) or QGIS (``sep=";"``) write it."""
    return sep.join(f"{d:g}" for d in dash)


def _n(value: float) -> float | int:
    """A whole number as an int, so the page's JSON reads ``1``, not ``1.0``."""
    return int(value) if float(value).is_integer() else value


def leaflet(sym: Symbol) -> dict[str, Any]:
    """Leaflet path options (``L.Path`` / ``L.CircleMarker``) for a symbol."""
    if isinstance(sym, Line):
        options: dict[str, Any] = {
            "color": sym.color,
            "weight": _n(sym.width),
            "opacity": _n(sym.opacity),
            "lineCap": sym.cap,
        }
        if sym.join != "round":
            options["lineJoin"] = sym.join
        if sym.dash:
            options["dashArray"] = dash_text(sym.dash)
        return options
    if isinstance(sym, Area):
        options = {
            "fillColor": sym.fill,
            "fillOpacity": _n(sym.fill_opacity),
            "color": sym.stroke,
            "weight": _n(sym.stroke_width),
            "opacity": 1,
        }
        if sym.dash:
            options["dashArray"] = dash_text(sym.dash)
        return options
    options = {
        "radius": _n(sym.radius),
        "color": sym.stroke,
        "weight": _n(sym.stroke_width),
        "fillColor": sym.fill,
        "fillOpacity": 1,
    }
    if sym.shape != "circle":
        options["shape"] = sym.shape  # drawn by the page's runtime as a small SVG marker
    return options


def qgis_rgba(color: str, opacity: float = 1.0) -> str:
    """``#RRGGBB`` and an opacity as QGIS writes colours: ``"r,g,b,a"`` with a in 0–255."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"{red},{green},{blue},{round(opacity * 255)}"


def label_css(theme_name: str = DEFAULT_THEME) -> str:
    """CSS rules giving each label kind its colour, size and slant on the web maps.

    A label of kind ``length.rus`` carries the class ``sm-k-length-rus``.
    """
    rules = []
    for kind, text in sorted(theme(theme_name).labels.items()):
        declarations = [f"color:{text.color}", f"font-size:{text.size:g}px"]
        if text.italic:
            declarations.append("font-style:italic")
        rules.append(f".sm-label.{label_class(kind)}>span{{{';'.join(declarations)}}}")
    return "\n".join(rules) + "\n"


def label_class(kind: str) -> str:
    """The CSS class of a label kind: ``"length.rus"`` → ``"sm-k-length-rus"``."""
    return "sm-k-" + kind.replace(".", "-").replace("_", "-")


def page_palette() -> dict[str, str]:
    """What a web page needs to switch to the dark theme: light colour -> dark colour (the
    colours that change)."""
    return {k: v for k, v in sorted(DARK_COLOURS.items()) if k != v}


def theme_css() -> str:
    """The page colours of each theme as CSS custom properties: light by default, dark where
    the page's root says ``data-theme="dark"`` (runtime.js decides it)."""
    rules = []
    for selector, found in ((":root", LIGHT), (':root[data-theme="dark"]', DARK)):
        props = {"ink": found.ink, "muted": found.muted, "paper": found.paper, "sea": found.sea}
        props["halo"] = found.halo
        body = ";".join(f"--sm-{k}:{v}" for k, v in props.items())
        rules.append(f"{selector}{{{body}}}")
    return "\n".join(rules) + "\n"
