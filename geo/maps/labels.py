"""The label placer: which labels show, and on which side of their anchor, at each zoom.

Labels are placed greedily, most important first (:attr:`geo.maps.scene.Label.priority`): each
tries its positions in order and takes the first whose text box overlaps no label already
placed and no place marker; a label with no free position is left out at that zoom. Overlap
depends on the zoom only (anchors move apart as one zooms in; the window's size decides what
is in view, not what collides), so :func:`place` answers once per zoom step for every renderer:
the web page switches labels as the reader zooms, a static image uses the step its extent fits.
The plan does not know the reader's window: the page's runtime (``runtime.js``, ``arrange``)
checks it against the map after each zoom, pan and resize, moving a label to another of its
candidates (or leaving it out) where the view cuts it or a control covers it.

Text boxes are estimated from the style table's label types and the advance widths of
Liberation Sans Bold (metric-compatible with Arial and Helvetica, the fonts the pages ask for),
with a margin; the browser test measures real boxes to keep the estimate honest.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from geo import style
from geo.maps.scene import Label, Position

# Zoom steps placements are computed at (the web maps snap zoom to quarter steps).
ZOOM_STEP = 0.25
# Gap between a point's marker and its label, in CSS px (map.css's 6px offset).
POINT_GAP = 6.0
# Extra room kept round every box, in CSS px.
MARGIN = 2.0
LINE_HEIGHT = 1.5  # Leaflet sets line-height 1.5 on its container
# Box padding of length figures (1px 4px plus a 1px outline), in CSS px.
BOX_PAD_X, BOX_PAD_Y = 5.0, 2.0
# Widest text of a wrapped label (the barrier label's CSS width).
WRAP = {"barrier": 150.0}
# Letter spacing (em) of upper-case label kinds, as in map.css.
TRACKING = {"country": 0.12, "country.focus": 0.12, "region": 0.12, "status": 0.06}
MARKER_RADIUS = 4.5

# Advance widths of Liberation Sans Bold in thousandths of an em, by character.
_WIDTHS = {
    238: "'",
    278: "ijlI .,’/·łįĮīļĪ",
    333: "ft:;()-",
    389: "r",
    500: "zźżž",
    556: "aceksvxyJ0123456789–ąćęśėščāēķä",
    611: "bdghnopquFLTZńóŁŹŻųūŽģņĻõöüß",
    667: "EPSVXYĘŚĖŠĒ",
    722: "ABCDHKNRU&ĄĆŃŲŪČĀĶŅÄÜ",
    778: "wGOQÓĢÕÖ",
    833: "M",
    889: "m",
    944: "W",
    1000: "—",
}
_WIDTH = {char: width / 1000 for width, chars in _WIDTHS.items() for char in chars}
_DEFAULT_WIDTH = 0.62


def text_width(text: str, size: float, tracking: float = 0.0) -> float:
    """Estimated width in CSS px of ``text`` set in bold at ``size`` px."""
    return sum((_WIDTH.get(c, _DEFAULT_WIDTH) + tracking) * size for c in text)


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return not (
            self.right <= other.left
            or other.right <= self.left
            or self.bottom <= other.top
            or other.bottom <= self.top
        )


def label_size(label: Label) -> tuple[float, float]:
    """Estimated width and height in CSS px of a label's text box."""
    text = style.label(label.kind)
    tracking = TRACKING.get(label.kind, 0.0)
    widths = []
    for index, line in enumerate(label.lines):
        upper = text.uppercase or (label.heading and index == 0)
        shown = line.upper() if upper else line
        widths.append(text_width(shown, text.size, tracking if upper else 0.0))
    width, lines = max(widths), len(label.lines)
    wrap = WRAP.get(label.kind)
    if wrap is not None and width > wrap:
        lines = math.ceil(width / wrap * 1.15)  # words break before the edge
        width = wrap
    height = lines * text.size * LINE_HEIGHT
    if text.boxed:
        width, height = width + 2 * BOX_PAD_X, height + 2 * BOX_PAD_Y
    return width, height


def mercator_px(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel coordinates of a lon/lat point at ``zoom`` (256 px tiles)."""
    scale = 256 * 2**zoom
    sin = math.sin(math.radians(max(-85.0511, min(85.0511, lat))))
    x = (lon + 180.0) / 360.0 * scale
    y = (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * scale
    return x, y


def _box(x: float, y: float, size: tuple[float, float], position: Position, point: bool) -> Box:
    width, height = size
    gap = POINT_GAP if point else 0.0
    top = y - height / 2
    if position in ("center", "above", "below"):
        left = x - width / 2
    elif position == "right":
        left = x + gap
    else:
        left = x - gap - width
    if position == "above":
        top = y - gap - height
    elif position == "below":
        top = y + gap
    return Box(left - MARGIN, top - MARGIN, left + width + MARGIN, top + height + MARGIN)


def is_point(label: Label) -> bool:
    """Whether the label names a marker (a place, or a newsroom's point): its text keeps
    clear of the marker."""
    return label.kind.startswith("place") or "sm-point-label" in label.tags


def place_at(labels: Sequence[Label], zoom: float) -> list[int | None]:
    """Each label's chosen candidate at ``zoom`` (an index into
    :attr:`~geo.maps.scene.Label.candidates`), or None where it yields to more important ones."""
    # the markers of places are there whatever happens to the names
    markers: dict[int, Box] = {}
    for i, label in enumerate(labels):
        if is_point(label):
            x, y = mercator_px(label.anchor.x, label.anchor.y, zoom)
            r = MARKER_RADIUS
            markers[i] = Box(x - r, y - r, x + r, y + r)
    placed: list[Box] = []
    chosen: list[int | None] = [None] * len(labels)
    order = sorted(range(len(labels)), key=lambda i: -labels[i].priority)
    for i in order:
        label = labels[i]
        size = label_size(label)
        others = [box for j, box in markers.items() if j != i]
        for index, (anchor, position) in enumerate(label.candidates):
            x, y = mercator_px(anchor.x, anchor.y, zoom)
            box = _box(x, y, size, position, is_point(label))
            if not any(box.overlaps(other) for other in (*placed, *others)):
                placed.append(box)
                chosen[i] = index
                break
    return chosen


def zoom_steps(min_zoom: float, max_zoom: float) -> list[float]:
    count = round((max_zoom - min_zoom) / ZOOM_STEP)
    return [min_zoom + k * ZOOM_STEP for k in range(count + 1)]


def _code(index: int | None) -> str:
    return "-" if index is None else "0123456789abcdefghijklmnopqrstuvwxyz"[index]


def place(labels: Sequence[Label], min_zoom: float, max_zoom: float) -> list[str]:
    """For each label, its plan: one character per zoom step from ``min_zoom`` to
    ``max_zoom``, the chosen candidate's index in base 36 or ``-`` where it is left out."""
    columns = [place_at(labels, zoom) for zoom in zoom_steps(min_zoom, max_zoom)]
    return ["".join(_code(column[i]) for column in columns) for i in range(len(labels))]


def fit_zoom(extent: Iterable[float], width: float, height: float) -> float:
    """The zoom (in quarter steps, rounded down) at which ``extent`` fits a window."""
    west, south, east, north = extent
    x0, y0 = mercator_px(west, north, 0)
    x1, y1 = mercator_px(east, south, 0)
    zoom = min(math.log2(width / (x1 - x0)), math.log2(height / (y1 - y0)))
    return math.floor(zoom / ZOOM_STEP) * ZOOM_STEP
