"""Page sizes of static maps: named sizes, ``WxH``, and each preset's own default.

A :class:`PageSize` is a physical page (inches) and the resolution a PNG of it gets at scale 1.
The static renderer lays every page out in CSS pixels (1/96 inch), the unit of the style table,
so a label is as big on a 1200×675 social card as on the web map, and an A4 page keeps its type
at print sizes. This module is light (no matplotlib) so the command line can check a size before
anything slow runs.

Examples
--------
>>> parse_size("1200x800")
PageSize(name='1200x800', width_in=12.5, height_in=8.333333333333334, dpi=96.0)
>>> parse_size("social").pixels()
(1200, 675)
>>> parse_size("print").pixels()
(3508, 2480)
>>> parse_size("square").pixels(scale=2)
(2160, 2160)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.errors import MapError

CSS_DPI = 96.0  # a CSS pixel is 1/96 inch
FORMATS = ("svg", "png", "pdf")
MIN_PX, MAX_PX = 240, 10_000
MAX_SCALE = 4.0
# The long side of a preset's default page, in CSS px; the short side follows its aspect.
DEFAULT_LONG_SIDE = 1200


@dataclass(frozen=True)
class PageSize:
    """A page: ``width_in`` × ``height_in`` inches, rasterised at ``dpi`` at scale 1.

    ``name`` is how it was asked for (``"social"``, ``"1200x800"``).
    """

    name: str
    width_in: float
    height_in: float
    dpi: float = CSS_DPI

    @property
    def css(self) -> tuple[float, float]:
        """Width and height in CSS pixels, the unit the page is laid out in."""
        return self.width_in * CSS_DPI, self.height_in * CSS_DPI

    def pixels(self, scale: float = 1.0) -> tuple[int, int]:
        """The size of a PNG of this page at ``scale`` (2 for retina screens)."""
        dpi = self.dpi * scale
        return round(self.width_in * dpi), round(self.height_in * dpi)


def _px(name: str, width: int, height: int) -> PageSize:
    return PageSize(name, width / CSS_DPI, height / CSS_DPI)


# A4 landscape is 297 × 210 mm; printers want 300 dpi.
SIZES: dict[str, PageSize] = {
    "social": _px("social", 1200, 675),
    "square": _px("square", 1080, 1080),
    "print": PageSize("print", 297 / 25.4, 210 / 25.4, 300.0),
}

_WXH = re.compile(r"(\d{1,5})[x×](\d{1,5})")


def parse_size(text: str) -> PageSize:
    """A named size (``social``, ``square``, ``print``) or ``WxH`` in pixels.

    Raises
    ------
    MapError
        For anything else, or a side outside 240–10000 pixels.
    """
    cleaned = text.strip().lower()
    if cleaned in SIZES:
        return SIZES[cleaned]
    match = _WXH.fullmatch(cleaned)
    if match is None:
        msg = (
            f"expected a size as WIDTHxHEIGHT in pixels (e.g. 1200x800) or one of "
            f"{', '.join(SIZES)}, got {text!r}"
        )
        raise MapError(msg)
    width, height = int(match[1]), int(match[2])
    if not (MIN_PX <= width <= MAX_PX and MIN_PX <= height <= MAX_PX):
        msg = (
            f"expected each side of the size between {MIN_PX} and {MAX_PX} pixels, "
            f"got {width}x{height}"
        )
        raise MapError(msg)
    return _px(f"{width}x{height}", width, height)


def check_scale(scale: float) -> float:
    """``scale`` if it is between 1 and 4 (the PNG's pixels per CSS pixel)."""
    if not 1.0 <= scale <= MAX_SCALE:
        msg = f"expected a scale from 1 to {MAX_SCALE:g} (2 for retina screens), got {scale:g}"
        raise MapError(msg)
    return scale


def check_format(fmt: str) -> str:
    """``fmt`` if the static renderer writes it (svg, png, pdf)."""
    if fmt not in FORMATS:
        msg = f"expected a static format among {', '.join(FORMATS)}, got {fmt!r}"
        raise MapError(msg)
    return fmt


def default_size(aspect: str) -> PageSize:
    """A page in a preset's own proportions (its embed's ``aspect``, e.g. ``"4 / 5"``),
    :data:`DEFAULT_LONG_SIDE` pixels on its long side.

    >>> default_size("4 / 5").pixels()
    (960, 1200)
    """
    width_part, _, height_part = aspect.partition("/")
    ratio = float(width_part) / float(height_part or 1)
    if ratio >= 1:
        width, height = DEFAULT_LONG_SIDE, round(DEFAULT_LONG_SIDE / ratio)
    else:
        width, height = round(DEFAULT_LONG_SIDE * ratio), DEFAULT_LONG_SIDE
    return _px(f"{width}x{height}", width, height)
