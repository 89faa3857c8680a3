"""The panels a static map draws over its frame, as the web map does: the key with its
swatches, the scale bar, the boundary data's attribution and the locator inset."""

from __future__ import annotations

from typing import TYPE_CHECKING

import shapely
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox

from geo.maps import static_map as sm
from geo.maps.static_canvas import FOOT, PANEL, Page
from geo.maps.static_map import PT
from geo.style import Area, Line, Marker, Theme, theme_symbol

if TYPE_CHECKING:
    from geo.maps.scene import Scene

KEY_TEXT = 12.0
SWATCH_W, ROW = 30.0, 18.0
LOCATOR_W = 120.0  # CSS px, as on the web map


def attribution(page: Page, scene: Scene, style: Theme, bottom: float) -> Bbox:
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


def locator(page: Page, scene: Scene, style: Theme, y0: float) -> Bbox:
    """The locator inset, bottom right: countries by role, the map's extent boxed."""
    inset = scene.locator
    west, south, east, north = sm.mercator(shapely.box(*inset.box)).bounds
    width = LOCATOR_W if page.width >= 480 else 0.0
    if not width:
        return Bbox.from_extents(0, 0, 0, 0)
    height = width * (north - south) / (east - west)
    x0 = page.width - 10.0 - width
    page.panel(x0 - 3, y0, width + 6, height + 6, "locator-panel")
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
    for number, (name, geom) in enumerate(inset.shapes):
        sm.draw_symbol(ax, style, name, [sm.mercator(geom)], f"locator-{number}", 1)
    frame = sm.mercator(shapely.box(*inset.extent)).boundary
    sm.draw_symbol(ax, style, "locator.extent", [frame], "locator-extent", 5)
    return Bbox.from_extents(x0 - 3, y0, x0 + width + 3, y0 + height + 6)


def key(page: Page, scene: Scene, style: Theme, bottom: float) -> Bbox:
    """The key and the scale bar under it, bottom left; returns the box both take."""
    margin = 10.0
    scale_h = scale_bar(page, style, margin, bottom + margin)
    entries = scene.key
    if not entries:
        return Bbox.from_extents(margin, bottom, margin + 110.0, bottom + margin + scale_h)
    max_text = max(page.width_of(entry.text, KEY_TEXT) for entry in entries)
    width = min(page.width * 0.45, SWATCH_W + 8.0 + max_text + 16.0)
    text_width = width - SWATCH_W - 8.0 - 16.0
    rows = [page.wrap(entry.text, KEY_TEXT, text_width) for entry in entries]
    height = sum(max(ROW, len(lines) * KEY_TEXT * 1.25 + 4) for lines in rows) + 12.0
    x0, y0 = margin, bottom + margin + scale_h + 6.0
    page.panel(x0, y0, width, height, "key")
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


def _swatch(page: Page, style: Theme, name: str, x: float, y: float, gid: str) -> None:
    """A sample of the symbol ``name`` in a key row centred at height ``y``."""
    sym = theme_symbol(style, name)
    figure = page.figure
    if isinstance(sym, Area):
        figure.add_artist(
            Rectangle(
                (x + 2, y - 6),
                SWATCH_W - 4,
                12,
                transform=page.px,
                facecolor=to_rgba(sym.fill, sym.fill_opacity),
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
        cap = "projecting" if line.cap == "square" else line.cap
        figure.add_artist(
            Line2D(
                [x + 3, x + SWATCH_W - 3],
                [y, y],
                transform=page.px,
                color=line.color,
                alpha=line.opacity,
                linewidth=min(line.width, 12.0) * PT,
                linestyle=sm.dash_style(line.dash),
                dash_capstyle=cap,
                solid_capstyle=cap,
                gid=f"{gid}-{number}",
                zorder=61 + number * 0.1,
            )
        )


def scale_bar(page: Page, style: Theme, x: float, y: float) -> float:
    """A metric scale bar at (x, y) for the map frame (the figure's first axes), Leaflet's
    style; returns its height in CSS px."""
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
