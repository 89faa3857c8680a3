"""Small SVG pictures for the HTML page, drawn from scene data and the style table: key
swatches, the treaty timeline and the locator inset. Every value is escaped by Markup."""

from __future__ import annotations

import datetime
import math
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
        dash = (
            Markup(' stroke-dasharray="{}"').format(style.dash_text(sym.dash))
            if sym.dash
            else Markup("")
        )
        body = Markup(
            '{}<line x1="2" y1="7" x2="32" y2="7" stroke="{}" stroke-width="{:g}"'
            ' stroke-opacity="{:g}" stroke-linecap="{}"{}/>'
        ).format(under, sym.color, width, sym.opacity, sym.cap, dash)
    elif isinstance(sym, style.Area):
        dash = (
            Markup(' stroke-dasharray="{}"').format(style.dash_text(sym.dash))
            if sym.dash
            else Markup("")
        )
        body = Markup(
            '<rect x="2" y="1" width="30" height="12" fill="{}" fill-opacity="{:g}" stroke="{}"'
            ' stroke-width="1.2"{}/>'
        ).format(sym.fill, sym.fill_opacity, sym.stroke, dash)
    else:
        body = _marker_shape(sym, 17.0, 7.0)
    return Markup(_SWATCH).format(body)


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


def locator(data: Locator, width: float = 120.0) -> Markup:
    """The locator inset: countries by role, the main map's extent boxed."""
    west, south, east, north = data.box
    kx = math.cos(math.radians((south + north) / 2))
    height = width * (north - south) / ((east - west) * kx)

    def project(xy: np.ndarray) -> np.ndarray:
        out = np.empty_like(xy)
        out[:, 0] = (xy[:, 0] - west) / (east - west) * width
        out[:, 1] = (north - xy[:, 1]) / (north - south) * height
        return np.round(out, 1)

    paths = []
    for name, geom in data.shapes:
        area = style.symbol(name)
        assert isinstance(area, style.Area)
        paths.append(
            Markup('<path d="{}" fill="{}" stroke="{}" stroke-width="{:g}"/>').format(
                _path(shapely.transform(geom, project)), area.fill, area.stroke, area.stroke_width
            )
        )
    extent = style.symbol("locator.extent")
    assert isinstance(extent, style.Line)
    minx, miny, maxx, maxy = shapely.transform(shapely.box(*data.extent), project).bounds
    return Markup(
        '<svg viewBox="0 0 {w} {h}" width="{w}" height="{h}" aria-hidden="true">'
        '<rect width="{w}" height="{h}" fill="{sea}"/>{paths}'
        '<rect x="{x}" y="{y}" width="{rw}" height="{rh}" fill="none" stroke="{c}"'
        ' stroke-width="{cw:g}"/></svg>'
    ).format(
        w=round(width, 1),
        h=round(height, 1),
        sea=style.theme().sea,
        paths=Markup("").join(paths),
        x=round(minx, 1),
        y=round(miny, 1),
        rw=round(maxx - minx, 1),
        rh=round(maxy - miny, 1),
        c=extent.color,
        cw=extent.width,
    )


def _path(geom: BaseGeometry) -> str:
    parts = []
    for polygon in shapely.get_parts(geom):
        if polygon.geom_type != "Polygon":
            continue
        for ring in [polygon.exterior, *polygon.interiors]:
            coords = list(ring.coords)
            if len(coords) < 3:
                continue
            parts.append("M" + "L".join(f"{x:g} {y:g}" for x, y in coords[:-1]) + "Z")
    return "".join(parts)
