"""The map frame of a static map: a scene's land, lines, points and labels on matplotlib axes.

The frame is drawn in Web Mercator metres (EPSG:3857), the projection of the web maps, so a
static map and its web map look alike. Sizes come from the style table in CSS pixels and are
turned into points (0.75 pt per px), the unit matplotlib sizes lines, dashes and type in.

Labels are placed most important first at the anchors the scene gives, trying each allowed
position in turn; a label whose text box (measured by matplotlib's renderer) would overlap one
already placed, or leave the frame, is dropped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgba
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.transforms import Bbox, offset_copy
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from geo.style import Area, Line, Marker, Theme, theme_symbol

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase

    from geo.maps.scene import Label, Scene

PT = 0.75  # points per CSS pixel
_MERCATOR = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
# Web Mercator stops near the poles; no map of this project comes close.
_MAX_LAT = 85.0
# Web Mercator's sphere (EPSG:3857), in metres.
EARTH_RADIUS = 6378137.0


def mercator(geom: BaseGeometry) -> BaseGeometry:
    """A lon/lat geometry in Web Mercator metres."""

    def forward(coords: np.ndarray) -> np.ndarray:
        lat = np.clip(coords[:, 1], -_MAX_LAT, _MAX_LAT)
        x, y = _MERCATOR.transform(coords[:, 0], lat)
        return np.column_stack([x, y])

    return shapely.transform(geom, forward)


def lonlat_box(box: Bbox) -> tuple[float, float, float, float]:
    """A Web Mercator box as (west, south, east, north) in degrees."""
    lon = [math.degrees(x / EARTH_RADIUS) for x in (box.x0, box.x1)]
    lat = [math.degrees(math.atan(math.sinh(y / EARTH_RADIUS))) for y in (box.y0, box.y1)]
    return lon[0], lat[0], lon[1], lat[1]


def view(extent: tuple[float, float, float, float], width: float, height: float) -> Bbox:
    """The Mercator box showing ``extent`` in a frame of ``width`` × ``height`` (any unit),
    grown in one direction to the frame's proportions, as a web map fits its bounds."""
    west, south, east, north = mercator(shapely.box(*extent)).bounds
    span_x, span_y = east - west, north - south
    if span_x / span_y < width / height:
        grow = (span_y * width / height - span_x) / 2
        west, east = west - grow, east + grow
    else:
        grow = (span_x * height / width - span_y) / 2
        south, north = south - grow, north + grow
    return Bbox.from_extents(west, south, east, north)


# --------------------------------------------------------------------------- geometry


def _rings(geom: BaseGeometry) -> Iterable[np.ndarray]:
    for polygon in shapely.get_parts(shapely.orient_polygons(geom)):
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        yield np.asarray(polygon.exterior.coords)
        for hole in polygon.interiors:
            yield np.asarray(hole.coords)


def polygon_path(geoms: Sequence[BaseGeometry]) -> Path:
    """One compound path of every ring (exteriors anticlockwise, holes clockwise)."""
    vertices, codes = [], []
    for geom in geoms:
        for ring in _rings(geom):
            vertices.append(ring)
            ring_codes = np.full(len(ring), Path.LINETO, dtype=Path.code_type)
            ring_codes[0], ring_codes[-1] = Path.MOVETO, Path.CLOSEPOLY
            codes.append(ring_codes)
    if not vertices:
        return Path(np.empty((0, 2)))
    return Path(np.concatenate(vertices), np.concatenate(codes))


def line_parts(geoms: Sequence[BaseGeometry]) -> list[np.ndarray]:
    """The coordinates of every line part (polygon outlines count as lines)."""
    parts: list[np.ndarray] = []
    for geom in geoms:
        for part in shapely.get_parts(shapely.boundary(geom) if geom.area else geom):
            if part.geom_type == "MultiLineString":
                parts.extend(np.asarray(p.coords) for p in part.geoms)
            elif not part.is_empty:
                parts.append(np.asarray(part.coords))
    return parts


# --------------------------------------------------------------------------- symbols


def dash_style(dash: tuple[float, ...]) -> Any:
    """A dash pattern in CSS px as matplotlib's line style (absolute points)."""
    return (0.0, tuple(d * PT for d in dash)) if dash else "solid"


def draw_area(ax: Axes, area: Area, geoms: Sequence[BaseGeometry], gid: str, z: float) -> None:
    patch = PathPatch(
        polygon_path(geoms),
        facecolor=area.fill,
        alpha=None,
        edgecolor=area.stroke,
        linewidth=area.stroke_width * PT,
        linestyle=dash_style(area.dash),
        joinstyle="round",
        zorder=z,
        gid=gid,
    )
    # fill and outline take separate opacities, as on the web
    patch.set_facecolor(to_rgba(area.fill, area.fill_opacity))
    ax.add_artist(patch)  # not add_patch: the view is set, not fitted to the data


def draw_line(ax: Axes, line: Line, geoms: Sequence[BaseGeometry], gid: str, z: float) -> None:
    collection = LineCollection(
        line_parts(geoms),
        colors=[to_rgba(line.color, line.opacity)],
        linewidths=line.width * PT,
        linestyles=[dash_style(line.dash)],
        capstyle="projecting" if line.cap == "square" else line.cap,
        joinstyle=line.join,
        zorder=z,
        gid=gid,
    )
    ax.add_collection(collection, autolim=False)


def draw_markers(
    ax: Axes, marker: Marker, geoms: Sequence[BaseGeometry], gid: str, z: float
) -> None:
    xy = np.array([(g.x, g.y) for g in geoms if g.geom_type == "Point"])
    if not len(xy):
        return
    diameter = 2 * marker.radius * PT
    shape = {"circle": "o", "square": "s", "diamond": "D", "triangle": "^", "cross": "X"}[
        marker.shape
    ]
    collection = ax.scatter(
        xy[:, 0],
        xy[:, 1],
        s=diameter**2,
        marker=shape,
        facecolors=marker.fill,
        edgecolors=marker.stroke,
        linewidths=marker.stroke_width * PT,
        zorder=z,
    )
    collection.set_gid(gid)
    assert isinstance(collection, PathCollection)


def draw_symbol(
    ax: Axes, theme: Theme, name: str, geoms: Sequence[BaseGeometry], gid: str, z: float
) -> None:
    """Draw ``geoms`` with the style table's symbol ``name`` (and its casing, beneath)."""
    sym = theme_symbol(theme, name)
    if isinstance(sym, Area):
        draw_area(ax, sym, geoms, gid, z)
    elif isinstance(sym, Line):
        if sym.casing is not None:
            casing = theme_symbol(theme, sym.casing)
            assert isinstance(casing, Line)
            draw_line(ax, casing, geoms, f"{gid}-casing", z - 0.01)
        draw_line(ax, sym, geoms, gid, z)
    else:
        draw_markers(ax, sym, geoms, gid, z)


def draw_layers(ax: Axes, scene: Scene, theme: Theme) -> None:
    """Every layer's features, bottom first, features of one symbol drawn as one artist."""
    for index, layer in enumerate(scene.layers):
        z = 1 + index
        groups: dict[str, list[BaseGeometry]] = {}
        for feature in layer.features:
            groups.setdefault(feature.symbol, []).append(mercator(feature.geometry))
        for number, (name, geoms) in enumerate(groups.items()):
            gid = f"layer-{layer.key}-{name.replace('.', '-')}"
            draw_symbol(ax, theme, name, geoms, gid, z + number * 0.001)


# --------------------------------------------------------------------------- labels

LINE_HEIGHT = 1.2
GAP_PX = 2.0  # space kept between two labels
POINT_CLEARANCE_PX = 6.0  # a place's name starts this far from its marker, as on the web
BOX_PAD_PX = (4.0, 1.0)  # a boxed label's padding, across and down


def _label_lines(label: Label, theme: Theme) -> list[str]:
    text = theme.labels[label.kind]
    lines = list(label.lines)
    if text.uppercase:
        lines = [line.upper() for line in lines]
    elif label.heading and lines:
        lines[0] = lines[0].upper()
    return lines


def _label_texts(
    ax: Axes, label: Label, theme: Theme, position: str, anchor: tuple[float, float]
) -> list[Text]:
    """The label's lines as text artists (not yet on the axes) at one position."""
    text = theme.labels[label.kind]
    lines = _label_lines(label, theme)
    size = text.size * PT
    step = size * LINE_HEIGHT
    top = step * (len(lines) - 1) / 2
    gap = POINT_CLEARANCE_PX * PT
    dx = {"right": gap, "left": -gap}.get(position, 0.0)
    align = {"right": "left", "left": "right"}.get(position, "center")
    # above or below the marker: the whole block moves clear of it by half its height and a gap
    half = top + step / 2 + gap
    top += {"above": half, "below": -half}.get(position, 0.0)
    artists = []
    for number, line in enumerate(lines):
        transform = offset_copy(
            ax.transData,
            fig=ax.get_figure(root=True),
            x=dx,
            y=top - number * step,
            units="points",
        )
        artist = Text(
            anchor[0],
            anchor[1],
            line,
            transform=transform,
            fontsize=size,
            fontweight="bold" if text.bold else "normal",
            fontstyle="italic" if text.italic else "normal",
            color=text.color,
            ha=align,
            va="center",
            parse_math=False,
            zorder=50,
        )
        if text.boxed:
            pad = BOX_PAD_PX[1] / text.size
            artist.set_bbox(
                {
                    "boxstyle": f"square,pad={pad:.3f}",
                    "facecolor": theme.paper,
                    "edgecolor": text.color,
                    "linewidth": PT,
                }
            )
        artist.set_figure(ax.figure)
        artists.append(artist)
    return artists


def _extent(artists: list[Text], renderer: RendererBase, boxed: bool) -> Bbox:
    box = Bbox.union([a.get_window_extent(renderer) for a in artists])
    px = float(renderer.points_to_pixels(PT))  # type: ignore[arg-type]
    across = (BOX_PAD_PX[0] if boxed else 1.5) * px
    return box.padded(across + GAP_PX * px / 2)


def place_labels(
    ax: Axes,
    labels: Sequence[Label],
    theme: Theme,
    renderer: RendererBase,
    keep_clear: Sequence[Bbox] = (),
    zoom: tuple[float, float] | None = None,
) -> int:
    """Add the labels that fit, most important first; returns how many were dropped.

    ``keep_clear`` are display boxes no label may overlap (the key, the scale bar). ``zoom``
    is the web zoom this frame matches and the scene's smallest zoom: the label placer's plan
    for that zoom (:mod:`geo.maps.labels`, shared with the web page) decides which labels
    show and where first; the text boxes matplotlib measures then make sure nothing overlaps
    the key, the frame's edge or another label (a label whose planned place is taken tries
    its other places).
    """
    frame = ax.get_window_extent(renderer)
    taken: list[Bbox] = list(keep_clear)
    dropped = 0
    halo = theme.halo
    # stable: among equal priorities the scene's order holds
    ordered = sorted(enumerate(labels), key=lambda item: (-item[1].priority, item[0]))
    for number, label in ordered:
        planned = label.at(*zoom) if zoom is not None else label.candidates[0]
        if planned is None:  # the placer gave the room to more important labels
            dropped += 1
            continue
        candidates = [planned, *(c for c in label.candidates if c != planned)]
        boxed = theme.labels[label.kind].boxed
        for point, position in candidates:
            x, y = mercator(point).coords[0]
            artists = _label_texts(ax, label, theme, position, (x, y))
            box = _extent(artists, renderer, boxed)
            inside = frame.containsx(box.x0) and frame.containsx(box.x1)
            inside = inside and frame.containsy(box.y0) and frame.containsy(box.y1)
            if inside and not any(box.overlaps(other) for other in taken):
                break
        else:
            dropped += 1
            continue
        taken.append(box)
        slug = "-".join(label.tags) or label.kind
        for line, artist in enumerate(artists):
            artist.set_gid(f"label-{number}-{line}-{slug}")
            if not boxed:
                _halo(ax, artist, halo)
            ax.add_artist(artist)
    return dropped


def _halo(ax: Axes, artist: Text, colour: str) -> None:
    """A white outline under a label, drawn as its own artist so the label stays text."""
    under = Text(
        *artist.get_position(),
        artist.get_text(),
        transform=artist.get_transform(),
        fontproperties=artist.get_fontproperties(),
        color=colour,
        ha=artist.get_horizontalalignment(),
        va=artist.get_verticalalignment(),
        parse_math=False,
        zorder=49,
        gid=f"halo-{artist.get_gid()}",
        path_effects=[patheffects.Stroke(linewidth=3 * PT, foreground=colour)],
    )
    ax.add_artist(under)


# --------------------------------------------------------------------------- scale bar


def nice_length(metres: float) -> float:
    """The largest 1, 2, 3 or 5 × 10ⁿ metres not above ``metres``.

    >>> nice_length(137_000)
    100000.0
    """
    power = 10 ** math.floor(math.log10(metres))
    return float(max(step * power for step in (1, 2, 3, 5) if step * power <= metres))


def scale_bar_length(box: Bbox, width_px: float, max_px: float) -> tuple[float, float]:
    """The bar's ground length (m) and its width (CSS px), at the middle of the view.

    Web Mercator stretches distances by 1/cos(latitude), so a metre on the ground is
    1/cos(lat) Mercator metres there.
    """
    lat = math.degrees(math.atan(math.sinh((box.y0 + box.y1) / 2 / EARTH_RADIUS)))
    ground_per_px = box.width / width_px * math.cos(math.radians(lat))
    metres = nice_length(ground_per_px * max_px)
    return metres, metres / ground_per_px
