"""The static page's canvas: a matplotlib figure laid out in CSS px, its pinned font, and text
measured and wrapped the way the web page's stylesheet sets it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from matplotlib.font_manager import FontProperties, findfont
from matplotlib.patches import FancyBboxPatch
from matplotlib.text import Text
from matplotlib.transforms import Affine2D, Transform

from geo.errors import MapError
from geo.maps.static_map import PT
from geo.maps.static_page import CSS_DPI

if TYPE_CHECKING:
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure

FONT = "DejaVu Sans"
# The page's small type (credits, attribution, scale bar), in CSS px as on the web page.
FOOT = 11.0
# The white, slightly see-through ground of the panels over the map (key, locator).
PANEL = (1.0, 1.0, 1.0, 0.94)


@dataclass(frozen=True)
class Page:
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

    def panel(self, x: float, y: float, width: float, height: float, gid: str) -> None:
        """A rounded white panel over the map (the key's, the locator's)."""
        self.figure.add_artist(
            FancyBboxPatch(
                (x, y),
                width,
                height,
                boxstyle="round,pad=0,rounding_size=3",
                transform=self.px,
                facecolor=PANEL,
                edgecolor="#cccccc",
                linewidth=0.5,
                gid=gid,
                zorder=60,
            )
        )

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
