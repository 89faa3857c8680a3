"""Static maps: a :class:`geo.maps.scene.Scene` drawn as SVG, PNG or PDF with matplotlib.

The page copies the web map's: a headline block (kicker, title, subtitle) under a black rule,
the map with its key and scale bar at the bottom left and the boundary data's attribution at
the bottom right, and the credits (measurement, boundary data and licence, sources) below. No
browser is involved. This module reads the scene and the style table and nothing else.

Output is the same on every machine and at every run:

* type is DejaVu Sans, the family matplotlib ships inside its own package, pinned by name (a
  missing font is an error, never a silent substitute); PDFs embed it (TrueType, subset), SVGs
  keep every text as a ``<text>`` element naming it;
* SVG ids derive from content with a fixed salt; SVG and PDF carry no dates; PNGs carry no
  text chunks, so the same scene gives the same bytes.

Examples
--------
>>> data = render_static(scene, "svg", parse_size("social"))  # doctest: +SKIP
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import matplotlib
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Affine2D, Bbox, Transform

from geo.errors import MapError
from geo.maps import static_map as sm
from geo.maps.labels import fit_zoom
from geo.maps.static_page import CSS_DPI, PageSize, check_format, check_scale
from geo.style import Area, Line, Marker, Theme, theme, theme_symbol

if TYPE_CHECKING:
    from matplotlib.backend_bases import RendererBase

    from geo.maps.scene import Scene

FONT = "DejaVu Sans"
PT = sm.PT
# The page's own type and rules, in CSS px, as the web page's stylesheet sets them.
PAD = 16.0
KICKER, TITLE, SUBTITLE, FOOT = 12.0, 24.0, 15.0, 11.0
KEY_TEXT = 12.0
TOP_RULE, FOOT_RULE = 4.0, 1.0
RULE_COLOUR, SUBTITLE_COLOUR, KICKER_COLOUR = "#d6d6d6", "#333333", "#b34700"
PANEL = (1.0, 1.0, 1.0, 0.94)

RC: dict[str, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT],
    "text.parse_math": False,
    "text.usetex": False,
    "svg.fonttype": "none",  # text stays text: graphics desks edit it
    "svg.hashsalt": "shieldmap",  # ids from content, not from a random salt
    "svg.id": "shieldmap-map",
    "pdf.fonttype": 42,  # TrueType embedded, not outlines
    "ps.fonttype": 42,
    "lines.scale_dashes": False,  # dashes in absolute lengths, as SVG and Leaflet draw them
    "path.simplify": False,
    "axes.unicode_minus": False,
}


@dataclass(frozen=True)
class _Page:
    """A figure laid out in CSS px from its bottom-left corner."""

    figure: Figure
    renderer: RendererBase
    width: float
    height: float

    @property
    def px(self) -> Transform:
        return Affine2D().scale(1 / CSS_DPI) + self.figure.dpi_scale_trans

    def text(self, x: float, y: float, s: str, size: float, **kw: Any) -> Text:
        artist = self.figure.text(
            x, y, s, transform=self.px, fontsize=size * PT, parse_math=False, **kw
        )
        return artist

    def height_of(self, artist: Text) -> float:
        return artist.get_window_extent(self.renderer).height * CSS_DPI / self.figure.dpi

    def width_of(self, s: str, size: float, bold: bool = False) -> float:
        """The width of ``s`` in CSS px, summed over its words (cached: measuring is slow)."""
        words = s.split(" ")
        space = _word_width(" ", size, bold, self.renderer) if len(words) > 1 else 0.0
        widths = sum(_word_width(w, size, bold, self.renderer) for w in words)
        return (widths + space * (len(words) - 1)) * CSS_DPI / self.figure.dpi

    def wrap(self, s: str, size: float, width: float, bold: bool = False) -> list[str]:
        """``s`` broken at spaces into lines no wider than ``width`` CSS px."""
        lines: list[str] = []
        current, used = "", 0.0
        space = self.width_of(" ", size, bold)
        for word in s.split():
            need = self.width_of(word, size, bold)
            if current and used + space + need > width:
                lines.append(current)
                current, used = word, need
            elif current:
                current, used = f"{current} {word}", used + space + need
            else:
                current, used = word, need
        if current:
            lines.append(current)
        return lines


_WIDTHS: dict[tuple[str, float, bool, float], float] = {}


def _word_width(word: str, size: float, bold: bool, renderer: RendererBase) -> float:
    key = (word, size, bold, float(renderer.points_to_pixels(1.0)))  # type: ignore[arg-type]
    if key not in _WIDTHS:
        prop = FontProperties(family=FONT, size=size * PT, weight="bold" if bold else "normal")
        width, _, _ = renderer.get_text_width_height_descent(word, prop, ismath=False)
        _WIDTHS[key] = float(width)
    return _WIDTHS[key]


def check_font() -> str:
    """The file of the pinned font; raises MapError if matplotlib cannot find it."""
    try:
        return str(findfont(FontProperties(family=FONT), fallback_to_default=False))
    except ValueError as exc:
        msg = f"expected the font {FONT} (shipped with matplotlib), got none; reinstall matplotlib"
        raise MapError(msg) from exc


def render_static(
    scene: Scene, fmt: str, size: PageSize, scale: float = 1.0, theme_name: str = "light"
) -> bytes:
    """The scene as an SVG, PNG or PDF file's bytes.

    Parameters
    ----------
    scene
        From :func:`geo.maps.scene.build_scene`.
    fmt
        ``"svg"``, ``"png"`` or ``"pdf"``.
    size
        The page (:func:`geo.maps.static_page.parse_size`).
    scale
        PNG pixels per CSS pixel at the page's dpi (2 for retina screens); vector formats
        ignore it.
    """
    return render_many(scene, (fmt,), size, scale, theme_name)[fmt]


def render_many(
    scene: Scene,
    formats: tuple[str, ...],
    size: PageSize,
    scale: float = 1.0,
    theme_name: str = "light",
) -> dict[str, bytes]:
    """The scene in several formats, laid out once (a build's SVG and PNG previews)."""
    for fmt in formats:
        check_format(fmt)
    check_scale(scale)
    check_font()
    with matplotlib.rc_context(RC):  # type: ignore[arg-type]
        figure = _draw(scene, size, theme(theme_name))
        return {fmt: _save(figure, fmt, size, scale, scene) for fmt in formats}


def _save(figure: Figure, fmt: str, size: PageSize, scale: float, scene: Scene) -> bytes:
    buffer = io.BytesIO()
    if fmt == "svg":
        metadata = {"Date": None, "Title": scene.title, "Description": scene.subtitle}
        figure.savefig(buffer, format="svg", metadata=metadata)
    elif fmt == "pdf":
        metadata = {
            "CreationDate": None,
            "ModDate": None,
            "Title": scene.title,
            "Subject": scene.subtitle,
            "Creator": "shieldmap",
        }
        figure.savefig(buffer, format="pdf", metadata=metadata)
    else:
        figure.savefig(buffer, format="png", dpi=size.dpi * scale, metadata={"Software": None})
    return buffer.getvalue()


def _draw(scene: Scene, size: PageSize, style: Theme) -> Figure:
    figure = Figure(figsize=(size.width_in, size.height_in), dpi=CSS_DPI)
    figure.patch.set_facecolor(style.paper)
    canvas = FigureCanvasAgg(figure)
    width, height = size.css
    page = _Page(figure, canvas.get_renderer(), width, height)
    top = _headline(page, scene, style)
    bottom = _credits(page, scene, style)
    ax = figure.add_axes(
        (0.0, bottom / height, 1.0, (top - bottom) / height), gid="map", frame_on=False
    )
    ax.set_axis_off()
    ax.add_artist(
        Rectangle(
            (0, 0),
            1,
            1,
            transform=ax.transAxes,
            facecolor=style.sea,
            linewidth=0,
            gid="sea",
            zorder=0,
        )
    )
    box = sm.view(scene.extent, width, top - bottom)
    ax.set_xlim(box.x0, box.x1)
    ax.set_ylim(box.y0, box.y1)
    ax.set_aspect("auto")
    sm.draw_layers(ax, scene, style)
    attribution = _attribution(page, scene, style, bottom)
    clear = [
        _key(page, scene, style, bottom),
        attribution,
        _locator(page, scene, style, attribution.y1 + 6.0),
    ]
    # the web zoom this frame shows, so the label placer's plan for it applies here too
    zoom = fit_zoom(sm.lonlat_box(box), width, top - bottom)
    sm.place_labels(
        ax,
        scene.labels,
        style,
        page.renderer,
        [_display(page, b) for b in clear],
        (zoom, scene.min_zoom),
    )
    return figure


def _display(page: _Page, box: Bbox) -> Bbox:
    return box.transformed(page.px)


# --------------------------------------------------------------------------- page parts


def _headline(page: _Page, scene: Scene, style: Theme) -> float:
    """Rule, kicker, title and subtitle from the top; returns the y (CSS px) under them."""
    page.figure.add_artist(
        Rectangle(
            (0, page.height - TOP_RULE),
            page.width,
            TOP_RULE,
            transform=page.px,
            facecolor=style.ink,
            linewidth=0,
            gid="rule",
        )
    )
    y = page.height - TOP_RULE - 12.0
    inner = page.width - 2 * PAD
    parts = (
        ("kicker", scene.kicker.upper(), KICKER, True, KICKER_COLOUR, 2.0),
        ("title", scene.title, TITLE, True, style.ink, 4.0),
        ("subtitle", scene.subtitle, SUBTITLE, False, SUBTITLE_COLOUR, 0.0),
    )
    for gid, text, size, bold, colour, after in parts:
        if not text:
            continue
        lines = page.wrap(text, size, inner, bold)
        artist = page.text(
            PAD,
            y,
            "\n".join(lines),
            size,
            color=colour,
            fontweight="bold" if bold else "normal",
            va="top",
            ha="left",
            linespacing=1.2,
            gid=gid,
        )
        y -= page.height_of(artist) + after
    return y - 8.0


def _credits(page: _Page, scene: Scene, style: Theme) -> float:
    """The foot of the page from the bottom up; returns the y (CSS px) above it."""
    credits = scene.credits
    link = credits.boundary_link.text
    line2 = " · ".join(
        part for part in (credits.boundaries, link, credits.map, scene.data_as_of_text) if part
    )
    publishers: list[str] = []
    for source in credits.sources:
        entry = f"{source.publisher} ({source.date})" if source.date else source.publisher
        if entry not in publishers:
            publishers.append(entry)
    inner = page.width - 2 * PAD
    # a story's note and its source line and byline come first, as on the web page
    story_line = " · ".join(part for part in (scene.source_note, scene.byline) if part)
    lines = [
        wrapped
        for block in (scene.note, story_line, credits.measured, line2)
        if block
        for wrapped in page.wrap(block, FOOT, inner)
    ]
    lines.extend(_sources(page, credits.sources_heading, publishers, inner))
    artist = page.text(
        PAD,
        8.0,
        "\n".join(lines),
        FOOT,
        color=style.muted,
        va="bottom",
        ha="left",
        linespacing=1.4,
        gid="credits",
    )
    if credits.boundary_link.url:
        artist.set_url(credits.boundary_link.url)
    top = 8.0 + page.height_of(artist) + 6.0
    page.figure.add_artist(
        Rectangle(
            (0, top),
            page.width,
            FOOT_RULE,
            transform=page.px,
            facecolor=RULE_COLOUR,
            linewidth=0,
            gid="credits-rule",
        )
    )
    return top + FOOT_RULE


def _sources(page: _Page, heading: str, publishers: list[str], width: float) -> list[str]:
    """The sources' publishers, on at most a few lines (more on taller pages): a small card
    names as many as fit and counts the rest, which the web map lists in full."""
    if not publishers:
        return []
    room = max(2, int(page.height // 220))
    for shown in range(len(publishers), 0, -1):
        rest = len(publishers) - shown
        text = f"{heading}: {'; '.join(publishers[:shown])}" + (f"; +{rest}" if rest else "")
        lines = page.wrap(text, FOOT, width)
        if len(lines) <= room:
            return lines
    return page.wrap(f"{heading}: {publishers[0]}; +{len(publishers) - 1}", FOOT, width)


def _attribution(page: _Page, scene: Scene, style: Theme, bottom: float) -> Bbox:
    """The boundary data's short attribution in the map's bottom-right corner."""
    text = scene.credits.attribution
    artist = page.text(
        page.width - 4.0,
        bottom + 3.0,
        text,
        FOOT,
        color=style.ink,
        ha="right",
        va="bottom",
        gid="attribution",
        bbox={"boxstyle": "square,pad=0.25", "facecolor": PANEL, "linewidth": 0},
    )
    width = page.width_of(text, FOOT) + 8.0
    return Bbox.from_extents(
        page.width - width - 4.0, bottom, page.width, bottom + page.height_of(artist) + 6.0
    )


def _locator(page: _Page, scene: Scene, style: Theme, y0: float) -> Bbox:
    """The locator inset, bottom right: countries by role, the map's extent boxed."""
    locator = scene.locator
    west, south, east, north = sm.mercator(shapely.box(*locator.box)).bounds
    width = LOCATOR_W if page.width >= 480 else 0.0
    if not width:
        return Bbox.from_extents(0, 0, 0, 0)
    height = width * (north - south) / (east - west)
    x0 = page.width - 10.0 - width
    page.figure.add_artist(
        FancyBboxPatch(
            (x0 - 3, y0),
            width + 6,
            height + 6,
            boxstyle="round,pad=0,rounding_size=3",
            transform=page.px,
            facecolor=PANEL,
            edgecolor="#cccccc",
            linewidth=0.5,
            gid="locator-panel",
            zorder=60,
        )
    )
    ax = page.figure.add_axes(
        (x0 / page.width, (y0 + 3) / page.height, width / page.width, height / page.height),
        gid="locator",
        frame_on=False,
        zorder=61,
    )
    ax.set_axis_off()
    ax.add_artist(Rectangle((0, 0), 1, 1, transform=ax.transAxes, facecolor=style.sea, linewidth=0))
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    for number, (name, geom) in enumerate(locator.shapes):
        sm.draw_symbol(ax, style, name, [sm.mercator(geom)], f"locator-{number}", 1)
    frame = sm.mercator(shapely.box(*locator.extent)).boundary
    sm.draw_symbol(ax, style, "locator.extent", [frame], "locator-extent", 5)
    return Bbox.from_extents(x0 - 3, y0, x0 + width + 3, y0 + height + 6)


# --------------------------------------------------------------------------- key, scale


SWATCH_W, ROW = 30.0, 18.0
LOCATOR_W = 120.0  # CSS px, as on the web map


def _key(page: _Page, scene: Scene, style: Theme, bottom: float) -> Bbox:
    """The key and the scale bar under it, bottom left; returns the box both take."""
    margin = 10.0
    scale_h = _scale_bar(page, scene, style, margin, bottom + margin)
    entries = scene.key
    if not entries:
        return Bbox.from_extents(margin, bottom, margin + 110.0, bottom + margin + scale_h)
    max_text = max(page.width_of(entry.text, KEY_TEXT) for entry in entries)
    width = min(page.width * 0.45, SWATCH_W + 8.0 + max_text + 16.0)
    text_width = width - SWATCH_W - 8.0 - 16.0
    rows = [page.wrap(entry.text, KEY_TEXT, text_width) for entry in entries]
    height = sum(max(ROW, len(lines) * KEY_TEXT * 1.25 + 4) for lines in rows) + 12.0
    x0, y0 = margin, bottom + margin + scale_h + 6.0
    page.figure.add_artist(
        FancyBboxPatch(
            (x0, y0),
            width,
            height,
            boxstyle="round,pad=0,rounding_size=3",
            transform=page.px,
            facecolor=PANEL,
            edgecolor="#cccccc",
            linewidth=0.5,
            gid="key",
            zorder=60,
        )
    )
    y = y0 + height - 6.0
    for number, (entry, lines) in enumerate(zip(entries, rows, strict=True)):
        row_h = max(ROW, len(lines) * KEY_TEXT * 1.25 + 4)
        middle = y - row_h / 2
        _swatch(page, style, entry.symbol, x0 + 8.0, middle, f"key-{number}")
        page.text(
            x0 + 8.0 + SWATCH_W + 8.0,
            middle,
            "\n".join(lines),
            KEY_TEXT,
            color=style.ink,
            va="center",
            ha="left",
            linespacing=1.15,
            gid=f"key-{number}-text",
            zorder=62,
        )
        y -= row_h
    return Bbox.from_extents(x0, bottom, x0 + width, y0 + height)


def _swatch(page: _Page, style: Theme, name: str, x: float, y: float, gid: str) -> None:
    sym = theme_symbol(style, name)
    figure = page.figure
    if isinstance(sym, Area):
        figure.add_artist(
            Rectangle(
                (x + 2, y - 6),
                SWATCH_W - 4,
                12,
                transform=page.px,
                facecolor=(*sm._rgb(sym.fill), sym.fill_opacity),
                edgecolor=sym.stroke,
                linewidth=sym.stroke_width * PT,
                gid=gid,
                zorder=61,
            )
        )
        return
    if isinstance(sym, Marker):
        figure.add_artist(
            Line2D(
                [x + SWATCH_W / 2],
                [y],
                transform=page.px,
                marker="o",
                markersize=2 * sym.radius * PT,
                markerfacecolor=sym.fill,
                markeredgecolor=sym.stroke,
                markeredgewidth=sym.stroke_width * PT,
                linestyle="none",
                gid=gid,
                zorder=61,
            )
        )
        return
    lines = [sym]
    if sym.casing is not None:
        casing = theme_symbol(style, sym.casing)
        assert isinstance(casing, Line)
        lines.insert(0, casing)
    for number, line in enumerate(lines):
        figure.add_artist(
            Line2D(
                [x + 3, x + SWATCH_W - 3],
                [y, y],
                transform=page.px,
                color=line.color,
                alpha=line.opacity,
                linewidth=min(line.width, 12.0) * PT,
                linestyle=sm._dashes(line.dash),
                dash_capstyle="projecting" if line.cap == "square" else line.cap,
                solid_capstyle="projecting" if line.cap == "square" else line.cap,
                gid=f"{gid}-{number}",
                zorder=61 + number * 0.1,
            )
        )


def _scale_bar(page: _Page, scene: Scene, style: Theme, x: float, y: float) -> float:
    """A metric scale bar at (x, y), Leaflet's style; returns its height in CSS px."""
    ax = page.figure.axes[0] if page.figure.axes else None
    if ax is None:
        return 0.0
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    frame_px = ax.get_position().width * page.width
    metres, length = sm.scale_bar_length(Bbox.from_extents(x0, y0, x1, y1), frame_px, 100.0)
    label = f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"
    height = 16.0
    page.figure.add_artist(
        Rectangle(
            (x, y),
            length,
            height,
            transform=page.px,
            facecolor=(1, 1, 1, 0.8),
            linewidth=0,
            gid="scale-bar-box",
            zorder=60,
        )
    )
    page.figure.add_artist(
        Line2D(
            [x, x, x + length, x + length],
            [y + height, y, y, y + height],
            transform=page.px,
            color="#777777",
            linewidth=2 * PT,
            solid_joinstyle="miter",
            gid="scale-bar",
            zorder=61,
        )
    )
    page.text(
        x + 4.0,
        y + 3.0,
        label,
        FOOT,
        color=style.ink,
        va="bottom",
        ha="left",
        gid="scale-bar-text",
        zorder=62,
    )
    return height
