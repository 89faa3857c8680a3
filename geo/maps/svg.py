"""Small SVG pictures for the HTML page, drawn from scene data and the style table: key
swatches, the treaty timeline and the locator inset. Every value is escaped by Markup."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import shapely
from markupsafe import Markup
from shapely.geometry.base import BaseGeometry

from geo import style

if TYPE_CHECKING:
    from geo.maps.scene import Locator, Timeline

_SWATCH = '<svg width="34" height="14" viewBox="0 0 34 14" aria-hidden="true">{}</svg>'
# Lines wider than this are drawn at this width in the key (the programme bands).
_SWATCH_MAX_WIDTH = 12.0


def swatch(name: str) -> Markup:
    """A 34×14 sample of a symbol, so the key shows dash pattern and casing too."""
    sym = style.symbol(name)
    if isinstance(sym, style.Line):
        width = min(sym.width, _SWATCH_MAX_WIDTH)
        under = Markup("")
        if sym.casing is not None:
            casing = style.symbol(sym.casing)
            assert isinstance(casing, style.Line)
            under = Markup(
                '<line x1="2" y1="7" x2="32" y2="7" stroke="{}" stroke-width="{:g}"/>'
            ).format(casing.color, width + 3)
        dash = _dash_attribute(sym.dash)
        body = Markup(
            '{}<line x1="2" y1="7" x2="32" y2="7" stroke="{}" stroke-width="{:g}"'
            ' stroke-opacity="{:g}" stroke-linecap="{}"{}/>'
        ).format(under, sym.color, width, sym.opacity, sym.cap, dash)
    elif isinstance(sym, style.Area):
        dash = _dash_attribute(sym.dash)
        body = Markup(
            '<rect x="2" y="1" width="30" height="12" fill="{}" fill-opacity="{:g}" stroke="{}"'
            ' stroke-width="1.2"{}/>'
        ).format(sym.fill, sym.fill_opacity, sym.stroke, dash)
    else:
        body = _marker_shape(sym, 17.0, 7.0)
    return Markup(_SWATCH).format(body)


def _dash_attribute(dash: tuple[float, ...]) -> Markup:
    """``stroke-dasharray`` for a dashed symbol; nothing for a solid one."""
    if not dash:
        return Markup("")
    return Markup(' stroke-dasharray="{}"').format(style.dash_text(dash))


def _marker_shape(sym: style.Marker, cx: float, cy: float) -> Markup:
    """A point symbol's shape (circle, square, triangle, diamond or cross) centred at cx, cy."""
    r, fill, stroke, width = sym.radius, sym.fill, sym.stroke, sym.stroke_width
    paint = Markup(' fill="{}" stroke="{}" stroke-width="{:g}"/>').format(fill, stroke, width)
    if sym.shape == "square":
        return (
            Markup('<rect x="{:g}" y="{:g}" width="{:g}" height="{:g}"').format(
                cx - r, cy - r, 2 * r, 2 * r
            )
            + paint
        )
    if sym.shape == "triangle":
        return (
            Markup('<path d="M{:g} {:g}L{:g} {:g}L{:g} {:g}Z"').format(
                cx, cy - r, cx + r, cy + r, cx - r, cy + r
            )
            + paint
        )
    if sym.shape == "diamond":
        return (
            Markup('<path d="M{:g} {:g}L{:g} {:g}L{:g} {:g}L{:g} {:g}Z"').format(
                cx, cy - r, cx + r, cy, cx, cy + r, cx - r, cy
            )
            + paint
        )
    if sym.shape == "cross":
        return Markup(
            '<path d="M{:g} {:g}L{:g} {:g}M{:g} {:g}L{:g} {:g}" stroke="{}" stroke-width="{:g}"/>'
        ).format(cx - r, cy - r, cx + r, cy + r, cx + r, cy - r, cx - r, cy + r, fill, width + 2)
    return Markup('<circle cx="{:g}" cy="{:g}" r="{:g}"').format(cx, cy, r) + paint


# The timeline's marker per treaty step: shapes differ, so colour is never the only cue.
MARKERS = {
    "announced": '<circle cx="0" cy="0" r="4.5" fill="#fff" stroke="#000" stroke-width="1.5"/>',
    "government_decision": '<rect x="-4" y="-4" width="8" height="8" fill="#fff" stroke="#000"'
    ' stroke-width="1.5"/>',
    "parliament_vote": '<path d="M0 -5.5L5.5 0L0 5.5L-5.5 0Z" fill="{sky_blue}" stroke="#000"'
    ' stroke-width="1.2"/>',
    "head_of_state": '<path d="M0 -5L4.8 3.6L-4.8 3.6Z" fill="#fff" stroke="#000"'
    ' stroke-width="1.3"/>',
    "suspension_notified": '<rect x="-4.5" y="-4.5" width="9" height="9" fill="{reddish_purple}"'
    ' stroke="#000" stroke-width="1.2"/>',
    "withdrawal_deposited": '<rect x="-4.5" y="-4.5" width="9" height="9" fill="#000"/>',
    "withdrawal_effective": '<circle cx="0" cy="0" r="6" fill="{orange}" stroke="#000"'
    ' stroke-width="1.5"/>',
}


def _marker(kind: str) -> Markup:
    return Markup(MARKERS[kind].format(**style.OKABE_ITO))


def timeline(data: Timeline) -> Markup:
    """The treaty timeline as an SVG strip, one row per country."""
    width, left, right, row_h, top = 960, 110, 20, 17, 22
    rows = data.rows
    # the key: one row of markers, wrapped where the next label would not fit
    key_rows: list[list[tuple[float, str, str]]] = [[]]
    cursor = float(left)
    for kind, text in data.legend:
        needed = 20 + 6.3 * len(text)
        if key_rows[-1] and cursor + needed > width:
            key_rows.append([])
            cursor = float(left)
        key_rows[-1].append((cursor, kind, text))
        cursor += needed
    height = top + row_h * len(rows) + 16 + 18 * len(key_rows)
    span = (data.end - data.start).days or 1

    def x(day: datetime.date) -> float:
        return round(left + (width - left - right) * (day - data.start).days / span, 1)

    out: list[Markup] = [
        Markup(
            '<svg viewBox="0 0 {} {}" role="img" aria-label="{}" font-family="inherit"'
            ' font-size="12">'
        ).format(width, height, data.heading)
    ]
    for month, tick in data.ticks:
        out.append(
            Markup('<line x1="{0}" x2="{0}" y1="{1}" y2="{2}" stroke="#ddd"/>').format(
                x(month), top - 8, top + row_h * len(rows) - 8
            )
        )
        if tick:
            out.append(
                Markup('<text x="{}" y="{}" fill="#555" font-size="11">{}</text>').format(
                    x(month) + 2, 12, tick
                )
            )
    for index, row in enumerate(rows):
        y = top + index * row_h
        out.append(Markup('<text x="0" y="{}" font-weight="700">{}</text>').format(y + 4, row.name))
        out.append(
            Markup('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#999"/>').format(
                x(row.steps[0].date), x(row.steps[-1].date), y, y
            )
        )
        for step in row.steps:
            out.append(
                Markup('<g transform="translate({} {})"><title>{}</title>{}</g>').format(
                    x(step.date), y, step.text, _marker(step.kind)
                )
            )
    for line, entries in enumerate(key_rows):
        legend_y = top + row_h * len(rows) + 10 + 18 * line
        for cursor, kind, text in entries:
            out.append(
                Markup('<g transform="translate({} {})">{}</g>').format(
                    cursor + 6, legend_y, _marker(kind)
                )
            )
            out.append(
                Markup('<text x="{}" y="{}" font-size="11">{}</text>').format(
                    cursor + 15, legend_y + 4, text
                )
            )
    out.append(Markup("</svg>"))
    return Markup("").join(out)


# The inset's drawing units per CSS pixel: whole units, half a pixel apart.
_UNITS = 2


def _northing(lat: np.ndarray | float) -> np.ndarray:
    """Web Mercator northing in degree units, as the page's runtime computes it."""
    return np.degrees(np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)))


def locator(data: Locator, width: float = 120.0) -> Markup:
    """The locator inset in Web Mercator, as the main map: countries by role, the main map's
    extent boxed. ``data-box`` gives the frame (west south east north) so the page's runtime
    can move the box with the reader's view (runtime.js, ``inset``)."""
    west, south, east, north = data.box
    top, bottom = float(_northing(north)), float(_northing(south))
    w = round(width * _UNITS)
    h = round(w * (top - bottom) / (east - west))

    def project(xy: np.ndarray) -> np.ndarray:
        x = (xy[:, 0] - west) / (east - west) * w
        y = (top - _northing(xy[:, 1])) / (top - bottom) * h
        return np.column_stack([x, y])

    paths = []
    for name, geom in data.shapes:
        area = style.symbol(name)
        assert isinstance(area, style.Area)
        paths.append(
            Markup('<path d="{}" fill="{}" stroke="{}" stroke-width="{:g}"/>').format(
                _relative_path(shapely.transform(geom, project)),
                area.fill,
                area.stroke,
                area.stroke_width * _UNITS,
            )
        )
    extent = style.symbol("locator.extent")
    assert isinstance(extent, style.Line)
    x, y, rw, rh = view_box(data.extent, project)
    return Markup(
        '<svg viewBox="0 0 {w} {h}" width="{cw:g}" height="{ch:g}" aria-hidden="true"'
        ' data-box="{box}"><rect width="{w}" height="{h}" fill="{sea}"/>{paths}'
        '<rect class="sm-view" x="{x}" y="{y}" width="{rw}" height="{rh}" fill="none"'
        ' stroke="{c}" stroke-width="{sw:g}"/></svg>'
    ).format(
        w=w,
        h=h,
        cw=w / _UNITS,
        ch=h / _UNITS,
        box=" ".join(f"{v:g}" for v in data.box),
        sea=style.theme().sea,
        paths=Markup("").join(paths),
        x=x,
        y=y,
        rw=rw,
        rh=rh,
        c=extent.color,
        sw=extent.width * _UNITS,
    )


# The smallest box drawn, in drawing units: a map of a few kilometres still shows where it is.
_MIN_VIEW = 8


def view_box(
    extent: tuple[float, float, float, float], project: Callable[[np.ndarray], np.ndarray]
) -> tuple[float, float, float, float]:
    """x, y, width and height of ``extent`` on the inset, at least :data:`_MIN_VIEW` a side
    (the page's runtime does the same as the reader moves)."""
    corners = project(np.array([[extent[0], extent[1]], [extent[2], extent[3]]], dtype=float))
    (x0, y1), (x1, y0) = corners
    width, height = max(x1 - x0, _MIN_VIEW), max(y1 - y0, _MIN_VIEW)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return (
        round(cx - width / 2, 1),
        round(cy - height / 2, 1),
        round(width, 1),
        round(height, 1),
    )


def _relative_path(geom: BaseGeometry) -> str:
    """Polygons as an SVG path of whole units: each ring's first point, then relative steps
    (a minus sign needs no space before it); steps that round to nothing are dropped."""
    parts = []
    for polygon in shapely.get_parts(geom):
        if polygon.geom_type != "Polygon":
            continue
        for ring in [polygon.exterior, *polygon.interiors]:
            points = np.rint(np.asarray(ring.coords)[:-1]).astype(int)
            steps = np.diff(points, axis=0)
            steps = steps[(steps != 0).any(axis=1)]
            if len(steps) < 2:
                continue
            numbers = " ".join(f"{dx} {dy}" for dx, dy in steps).replace(" -", "-")
            parts.append(f"M{points[0][0]} {points[0][1]}l{numbers}z")
    return "".join(parts)
