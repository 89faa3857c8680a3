"""Static maps: a :class:`geo.maps.scene.Scene` drawn as SVG, PNG or PDF with matplotlib.

The page copies the web map's: a headline block (kicker, title, subtitle) under a black rule,
the map with its key and scale bar at the bottom left and the boundary data's attribution at
the bottom right, and the credits (measurement, boundary data and licence, sources) below. No
browser is involved. This module reads the scene and the style table and nothing else; it
lays the page out and saves it, drawing with :mod:`geo.maps.static_titles` (text above and
below the map), :mod:`geo.maps.static_map` (the map frame) and :mod:`geo.maps.static_insets`
(key, scale bar, attribution, locator) on the canvas of :mod:`geo.maps.static_canvas`.

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
from typing import TYPE_CHECKING, Any

import matplotlib
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox

from geo.maps import static_insets as insets
from geo.maps import static_map as sm
from geo.maps import static_titles as titles
from geo.maps.labels import fit_zoom
from geo.maps.static_canvas import FONT, Page, check_font
from geo.maps.static_page import CSS_DPI, PageSize, check_format, check_scale
from geo.style import Theme, theme

if TYPE_CHECKING:
    from geo.maps.scene import Scene

__all__ = ["FONT", "RC", "check_font", "render_many", "render_static"]

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
    with matplotlib.rc_context(RC):
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
        _save_png(figure, buffer, size.dpi * scale)
    return buffer.getvalue()


def _save_png(figure: Figure, buffer: io.BytesIO, dpi: float) -> None:
    """The figure as an RGB PNG with no text chunks. The page is opaque, so its alpha channel
    carries nothing; without it, and at zlib's fastest level, the file is smaller and encodes
    in a third of the time (the build writes a preview of every map)."""
    raw = io.BytesIO()
    figure.savefig(raw, format="rgba", dpi=dpi)
    # matplotlib's own canvas size at that dpi (truncated, as its Agg renderer does)
    width, height = int(figure.get_figwidth() * dpi), int(figure.get_figheight() * dpi)
    image = PIL.Image.frombuffer("RGBA", (width, height), raw.getvalue(), "raw", "RGBA", 0, 1)
    image.convert("RGB").save(buffer, format="png", compress_level=1, dpi=(dpi, dpi))


def _draw(scene: Scene, size: PageSize, style: Theme) -> Figure:
    figure = Figure(figsize=(size.width_in, size.height_in), dpi=CSS_DPI)
    figure.patch.set_facecolor(style.paper)
    canvas = FigureCanvasAgg(figure)
    width, height = size.css
    page = Page(figure, canvas.get_renderer(), width, height)
    top = titles.headline(page, scene, style)
    bottom = titles.credits(page, scene, style)
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
    attribution = insets.attribution(page, scene, style, bottom)
    clear = [
        insets.key(page, scene, style, bottom),
        attribution,
        insets.locator(page, scene, style, attribution.y1 + 6.0),
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


def _display(page: Page, box: Bbox) -> Bbox:
    return box.transformed(page.px)
