"""Render one preset in one language to a self-contained HTML page.

The page is a folium map (no tiles by default: the countries themselves are the basemap) whose
overlays are drawn by a small inline runtime from pre-escaped data. Every fact shown comes from
the layers (measured lengths, unsimplified) or the seeds (official figures, programmes,
treaty steps), each with its source.
"""

from __future__ import annotations

import datetime
import functools
import html as html_lib
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

import shapely
from markupsafe import Markup
from shapely.geometry import LineString, Point, mapping
from shapely.geometry.base import BaseGeometry

from geo import style
from geo.annotations import site_name
from geo.errors import MapError
from geo.maps import elements as el
from geo.maps.assets import (
    CDN_BASE,
    cdn_assets,
    check_assets,
    compact,
    leaflet_css,
    leaflet_js,
    set_map_assets,
)
from geo.maps.csp import with_policy
from geo.maps.escape import html, link, safe_url
from geo.maps.i18n import Tr
from geo.maps.presets import LENGTH_LAYERS, Preset, get_preset
from geo.maps.webgeom import (
    DECIMALS,
    clip_extent,
    decimals_for_zoom,
    land_zoom,
    preset_geometries,
)
from geo.seeds import EVENT_KINDS

if TYPE_CHECKING:
    import geopandas as gpd
    import xyzservices

    from geo.layers import Layers
    from geo.seeds import Budget, Country, Event, OfficialLength, Place, Program, Seeds

WebGeometry = tuple["gpd.GeoDataFrame", "gpd.GeoDataFrame"]


def _leaflet(name: str) -> dict[str, Any]:
    """Leaflet options of a symbol of the style table."""
    return style.leaflet(style.symbol(name))


BORDER_SYMBOL = {"RUS": "border.rus", "BLR": "border.blr"}
PROGRAM_KEYS = {"eastern_shield": "es", "baltic_defence_line": "bdl"}
# the order in which the states are named (kickers, titles, timeline rows)
STATE_ORDER = {"POL": 0, "LTU": 1, "LVA": 2, "EST": 3, "FIN": 4}
# the timeline's steps: every event kind from the announcement on (not joining the treaty)
WITHDRAWAL_KINDS = EVENT_KINDS[EVENT_KINDS.index("announced") :]


# --------------------------------------------------------------------------- sources


@dataclass
class Citations:
    """The sources a page cites, in order of first use, rendered as links."""

    layers: Layers
    seeds: Seeds
    tr: Tr
    used: dict[str, None] = field(default_factory=dict)

    def ids(self, raw: object) -> list[str]:
        if raw is None or (isinstance(raw, float) and math.isnan(raw)):
            return []
        if isinstance(raw, str):
            return [i for i in (p.strip() for p in raw.split(",")) if i]
        return [str(i) for i in raw]  # type: ignore[attr-defined]

    def cite(self, raw: object) -> Markup:
        """Inline links to the sources ``raw`` names ("publisher, year"), registering them."""
        parts = []
        for ident in self.ids(raw):
            self.used.setdefault(ident, None)
            source = self.seeds.sources.get(ident)
            if source is None:
                parts.append(html(ident))
                continue
            year = f", {source.date[:4]}" if source.date else ""
            publisher = self.tr.text(source.publisher_names)
            parts.append(link(source.url, f"{publisher}{year}"))
        return Markup(", ").join(parts)

    def line(self, raw: object) -> Markup:
        cited = self.cite(raw)
        if not cited:
            return Markup("")
        return Markup('<p class="sm-src">{}: {}</p>').format(self.tr("sources_inline"), cited)

    def footer(self) -> list[dict[str, Any]]:
        rows = []
        for ident in self.used:
            source = self.seeds.sources.get(ident)
            if source is None:
                continue
            rows.append(
                {
                    "id": ident,
                    "publisher": self.tr.text(source.publisher_names),
                    "date": _source_date(self.tr, source.date),
                    "title_link": link(source.url, source.title),
                }
            )
        return rows


def _source_date(tr: Tr, value: str | None) -> str:
    if not value:
        return ""
    if len(value) == 10:
        return tr.date(value, "medium")
    if len(value) == 7:
        return tr.month(datetime.date.fromisoformat(value + "-01"))
    return value


# --------------------------------------------------------------------------- helpers


def _line_parts(geom: BaseGeometry) -> list[LineString]:
    return [g for g in shapely.get_parts(geom) if isinstance(g, LineString) and not g.is_empty]


def _anchor(geom: BaseGeometry, fraction: float = 0.5) -> Point | None:
    """A point ``fraction`` of the way along the longest part of a line."""
    parts = _line_parts(geom)
    if not parts:
        return None
    longest = max(parts, key=lambda g: g.length)
    return longest.interpolate(fraction, normalized=True)


def _toward(point: Point, target: Point, km: float) -> Point:
    """``point`` moved ``km`` towards ``target`` (flat approximation, fine at label scale)."""
    scale_x = 111.32 * math.cos(math.radians(point.y))
    dx, dy = (target.x - point.x) * scale_x, (target.y - point.y) * 110.57
    norm = math.hypot(dx, dy) or 1.0
    return Point(point.x + dx / norm * km / scale_x, point.y + dy / norm * km / 110.57)


def _rounded(geom: BaseGeometry) -> dict[str, Any]:
    mapped: dict[str, Any] = dict(mapping(geom))
    return mapped


def _feature(geom: BaseGeometry, **props: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": _rounded(geom), "properties": props}


def _label(point: Point, text: Markup, css: str) -> dict[str, Any]:
    return {
        "x": round(point.x, DECIMALS),
        "y": round(point.y, DECIMALS),
        "h": str(Markup("<span>{}</span>").format(text)),
        "c": css,
    }


def _swatch_line(options: dict[str, Any], casing: bool = False) -> Markup:
    """A 34×14 SVG sample of a line options, so the key shows the dash pattern too."""
    dash = options.get("dashArray")
    width = min(float(options.get("weight", 3)), 12.0)
    opacity = options.get("opacity", 1)
    cap = options.get("lineCap", "round")
    under = (
        Markup('<line x1="2" y1="7" x2="32" y2="7" stroke="#fff" stroke-width="{}"/>').format(
            width + 3
        )
        if casing
        else Markup("")
    )
    dash_attr = Markup(' stroke-dasharray="{}"').format(dash) if dash else Markup("")
    return Markup(
        '<svg width="34" height="14" viewBox="0 0 34 14" aria-hidden="true">{}'
        '<line x1="2" y1="7" x2="32" y2="7" stroke="{}" stroke-width="{}" stroke-opacity="{}"'
        ' stroke-linecap="{}"{}/></svg>'
    ).format(under, options["color"], width, opacity, cap, dash_attr)


def _swatch_area(options: dict[str, Any]) -> Markup:
    dash = options.get("dashArray")
    dash_attr = Markup(' stroke-dasharray="{}"').format(dash) if dash else Markup("")
    return Markup(
        '<svg width="34" height="14" viewBox="0 0 34 14" aria-hidden="true"><rect x="2" y="1"'
        ' width="30" height="12" fill="{}" fill-opacity="{}" stroke="{}" stroke-width="1.2"{}/>'
        "</svg>"
    ).format(options["fillColor"], options["fillOpacity"], options["color"], dash_attr)


def _swatch_dot(name: str) -> Markup:
    marker = style.symbol(name)
    assert isinstance(marker, style.Marker)
    return Markup(
        '<svg width="34" height="14" viewBox="0 0 34 14" aria-hidden="true"><circle cx="17"'
        ' cy="7" r="{}" fill="{}" stroke="{}" stroke-width="{}"/></svg>'
    ).format(marker.radius, marker.fill, marker.stroke, marker.stroke_width)


def _swatch_program(options: dict[str, Any]) -> Markup:
    return _swatch_line(dict(options, weight=min(options["weight"], 12)))


def _dl(rows: Iterable[tuple[str, Markup | str]]) -> Markup:
    items = [Markup("<dt>{}</dt><dd>{}</dd>").format(k, v) for k, v in rows if v]
    return Markup("<dl>{}</dl>").format(Markup("").join(items)) if items else Markup("")


# --------------------------------------------------------------------------- the map builder


@dataclass
class Legend:
    entries: list[dict[str, Any]] = field(default_factory=list)

    def group(self, layer: str, title: str) -> None:
        self.entries.append({"layer": layer, "group": title})

    def add(self, layer: str, swatch: Markup, label: str) -> None:
        self.entries.append({"layer": layer, "swatch": swatch, "label": label, "group": ""})


class Builder:
    """Collects layers, labels, legend rows and text-alternative lines for one page."""

    def __init__(
        self,
        layers: Layers,
        seeds: Seeds,
        preset: Preset,
        lang: str,
        web: WebGeometry | None = None,
    ) -> None:
        self.layers = layers
        self.seeds = seeds
        self.preset = preset
        self.tr = Tr(lang)
        self.cite = Citations(layers, seeds, self.tr)
        self.legend = Legend()
        self.overlays: list[el.VectorLayer] = []
        self.alt_blocks: list[dict[str, Any]] = []
        # the web geometry depends on the preset only: build_maps computes it once for both
        # languages and passes it in
        self.countries, self.web_borders = web or preset_geometries(layers, preset)
        self.web_line = dict(zip(self.web_borders["pair"], self.web_borders.geometry, strict=True))
        self.country_geom = dict(zip(self.countries["iso3"], self.countries.geometry, strict=True))
        self.view = shapely.box(*preset.extent)
        self.label_points: list[Point] = []

    # ---- figures

    @property
    def scale(self) -> str:
        """The boundary data's scale, short ("1:10m"), for "measured on the map data"."""
        return self.tr.scale(self.layers.boundary_source.scale)

    def headline(self, pair: str) -> OfficialLength | None:
        """The border's headline figure: its first national length in the seeds."""
        facts = self.seeds.border(pair)
        if facts is None:
            return None
        return next((o for o in facts.official if o.kind == "national"), None)

    def length_text(self, pair: str, measured_km: float) -> str:
        """ "418 km (official); 340.1 km on the 1:10m map data" (text alternative, popups)."""
        tr = self.tr
        measured = tr("measured_short", km=tr.km(measured_km), scale=self.scale)
        official = self.headline(pair)
        if official is None:
            return measured
        return f"{tr('official_short', km=tr.km_auto(official.km))}; {measured}"

    def gap_width(self) -> Place | None:
        """The place whose published width the Suwałki Gap line shows (seeds ``width_km``)."""
        return next((p for p in self.seeds.places if p.width_km is not None), None)

    def measured_row(self, km: float) -> tuple[str, Markup]:
        return (
            self.tr("measured", scale=self.scale),
            Markup("{} <span class='sm-src'>({})</span>").format(
                self.tr.km(km), self.tr("measured_note", source=self.source_short())
            ),
        )

    def official_rows(self, pair: str) -> list[tuple[str, Markup | str]]:
        facts = self.seeds.border(pair)
        rows: list[tuple[str, Markup | str]] = []
        for official in facts.official if facts is not None else ():
            label = self.tr("cia") if official.kind == "cia" else self.tr("official")
            rows.append((label, self.with_note(self.tr.km_auto(official.km), official)))
        return rows

    def with_note(self, head: str, fact: Any) -> Markup:
        """``head``, the fact's note and its sources, punctuated once."""
        note = self.tr.text(fact.note) if fact.note else ""
        text = f"{head}. {note}" if note else head
        return Markup("{} — {}").format(text, self.cite.cite(fact.source))

    # ---- names

    def country_name(self, iso3: str) -> str:
        country = self.seeds.countries.get(iso3)
        if country is not None:
            return self.tr.text(country.names)
        frame = self.layers.frames["countries"]
        rows = frame[frame["iso3"] == iso3]
        fallback = str(rows["name_en"].iloc[0]) if len(rows) else iso3
        return self.tr.territory(iso3, fallback)

    def region_name(self, region: str) -> str:
        if region == "Kaliningrad Oblast":
            return self.tr("region_kaliningrad")
        if region == "mainland":
            return self.tr("region_mainland")
        return region

    def border_name(self, record: Any) -> str:
        a, b = self.country_name(record.a_iso3), self.country_name(record.b_iso3)
        if record.region == "Kaliningrad Oblast":
            return self.tr("border_name_region", a=a, b=b, region=self.region_name(record.region))
        return self.tr("border_name", a=a, b=b)

    # ---- basemap

    def basemap(self, translucent: bool) -> el.VectorLayer:
        feats = []
        labels = []
        drawn_by_status = "status" in self.preset.layers
        for record in self.countries.itertuples():
            if drawn_by_status and record.iso3 in self.seeds.countries:
                continue  # the status layer draws these, with their own fill
            role = str(record.role) if record.role in ("withdrawing", "adversary") else "context"
            if role == "withdrawing" and not record.focus:
                role = "context"
            options = _leaflet(f"land.{role}")
            if translucent:
                theme = style.theme()
                options.update(color=theme.tiles_stroke, fillOpacity=theme.tiles_fill_opacity)
            feats.append(_feature(record.geometry, s=options, c=f"sm-land land-{record.iso3}"))
            if "countries" in self.preset.labels and self.preset.id != "treaty":
                label = self.country_label(record.iso3, record.geometry, bool(record.focus))
                if label:
                    labels.append(label)
        if "countries" in self.preset.labels and self.preset.max_zoom >= 9:
            labels.extend(self.kaliningrad_label())
        return el.VectorLayer(
            "countries",
            html(self.tr("layer_countries")),
            {"f": feats, "l": labels},
            control=False,
        )

    @functools.cached_property
    def place_points(self) -> list[Point]:
        """The places this map labels, which other labels should keep clear of."""
        frame = self.layers.frames["places"]
        inner = shapely.box(*_shrink(self.preset.extent, 0.02))
        return [
            row.geometry
            for row in frame.itertuples()
            if row.kind in self.preset.place_kinds and inner.contains(row.geometry)
        ]

    @property
    def label_clearance(self) -> float:
        """How far (in degrees) a label should stay from a place: 4 % of the map's width."""
        west, _, east, _ = self.preset.extent
        return 0.04 * (east - west)

    def clear_anchor(self, line: BaseGeometry) -> Point | None:
        """A point along ``line``, as near its middle as keeps clear of the places shown (or
        else the one furthest from them); remembered so country names keep clear of it too."""
        candidates = [_anchor(line, f) for f in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8)]
        points = [p for p in candidates if p is not None]
        if not points:
            return None

        def room(point: Point) -> float:
            return min((point.distance(p) for p in self.place_points), default=math.inf)

        clear = [p for p in points if room(p) > self.label_clearance]
        chosen = clear[0] if clear else max(points, key=room)
        self.label_points.append(chosen)
        return chosen

    def crowded_east(self, point: Point) -> bool:
        """Whether a length label sits just east of ``point``, where its name would go."""
        reach = self.label_clearance
        return any(
            0 <= p.x - point.x < 3 * reach and abs(p.y - point.y) < reach for p in self.label_points
        )

    def country_label(self, iso3: str, geom: BaseGeometry, focus: bool) -> dict[str, Any] | None:
        inner = shapely.box(*_shrink(self.preset.extent, 0.08))
        visible = shapely.intersection(geom, inner)
        if visible.is_empty:
            return None
        if iso3 == "RUS":
            west, south, east, north = self.preset.extent
            low, high = self.preset.russia_label_band
            width = east - west
            eastern = shapely.box(west + low * width, south, west + high * width, north)
            visible = shapely.intersection(
                geom, shapely.intersection(eastern, _latitude_band(inner))
            )
            parts = [
                p
                for p in shapely.get_parts(visible)
                if p.geom_type == "Polygon" and not p.is_empty and p.representative_point().x > 23.5
            ]
            if not parts:
                return None
            visible = max(parts, key=lambda p: p.area)
        else:
            visible = max(shapely.get_parts(visible), key=lambda p: p.area)
        if visible.area < _area_deg(self.preset.extent) * 0.01:
            return None
        # keep the name off the places and length labels inside the country, where there is room
        spots = [p.buffer(self.label_clearance) for p in self.place_points + self.label_points]
        room = shapely.difference(visible, shapely.union_all(spots)) if spots else visible
        if not room.is_empty and room.area > visible.area * 0.3:
            visible = max(shapely.get_parts(room), key=lambda p: p.area)
        point = visible.representative_point()
        css = "sm-country" if iso3 == "RUS" or not focus else "sm-country sm-country-focus"
        return _label(point, html(self.country_name(iso3)), css)

    def kaliningrad_label(self) -> list[dict[str, Any]]:
        geom = self.country_geom.get("RUS")
        if geom is None:
            return []
        from geo.boundaries import KALININGRAD_BOX

        exclave = shapely.intersection(geom, shapely.box(*KALININGRAD_BOX))
        inner = shapely.box(*_shrink(self.preset.extent, 0.04))
        if exclave.is_empty or not inner.contains(exclave.representative_point()):
            return []
        east = shapely.intersection(exclave, shapely.box(21.3, -90.0, 180.0, 90.0))
        shape = east if not east.is_empty else exclave
        point = max(shapely.get_parts(shape), key=lambda p: p.area).representative_point()
        text = Markup("{}<br>({})").format(self.tr("region_kaliningrad"), self.country_name("RUS"))
        return [_label(point, text, "sm-country")]

    # ---- borders

    def border_records(self, adversary: str) -> list[Any]:
        frame = self.layers.frames["borders"]
        return [r for r in frame.itertuples() if r.b_iso3 == adversary]

    def border_popup(self, record: Any) -> Markup:
        tr = self.tr
        facts = self.seeds.border(record.pair)
        rows = [*self.official_rows(record.pair), self.measured_row(record.length_km)]
        if facts is not None:
            barriers = [self.barrier_line(b) for b in facts.barriers]
            if barriers:
                rows.append(
                    (
                        tr("barriers"),
                        Markup("<ul>{}</ul>").format(
                            Markup("").join(Markup("<li>{}</li>").format(b) for b in barriers)
                        ),
                    )
                )
        return Markup("<h3>{}</h3>{}").format(self.border_name(record), _dl(rows))

    def barrier_line(self, barrier: Any) -> Markup:
        tr = self.tr
        status = tr(f"barrier_status_{barrier.status}")
        if barrier.year is not None:
            status = tr("barrier_year", status=status, year=barrier.year)
        if barrier.length_km is not None:
            name, km = tr.text(barrier.name), tr.km_auto(barrier.length_km)
            text = tr("barrier_line", name=name, km=km, status=status)
        else:
            text = tr("barrier_line_nokm", name=tr.text(barrier.name), status=status)
        return self.with_note(text, barrier)

    def source_short(self) -> str:
        source = self.layers.boundary_source
        # a measured length always names its source and scale
        return f"{source.name.split(',')[0]} {source.version}, {source.scale}"

    def add_borders(self, adversary: str) -> None:
        tr = self.tr
        key = f"borders_{adversary.lower()}"
        feats, labels, alt = [], [], []
        for record in self.border_records(adversary):
            line = self.web_line.get(record.pair)
            if line is None or line.is_empty:
                continue
            name = self.border_name(record)
            headline = self.headline(record.pair)
            tip = Markup("{} · {}").format(
                name,
                tr("official_short", km=tr.km_auto(headline.km))
                if headline is not None
                else tr("measured_short", km=tr.km(record.length_km), scale=self.scale),
            )
            feats.append(
                _feature(
                    line,
                    s=_leaflet(BORDER_SYMBOL[adversary]),
                    h=_leaflet("casing"),
                    c=f"sm-border border-{record.pair}",
                    t=str(tip),
                    p=str(self.border_popup(record)),
                )
            )
            # on-map length labels carry the official figure only (the headline rule)
            if "border_lengths" in self.preset.labels and headline is not None:
                point = self.clear_anchor(line)
                if point is not None and self.view.contains(point):
                    labels.append(
                        _label(
                            point,
                            html(tr.km_auto(headline.km)),
                            f"sm-len sm-len-{adversary.lower()}",
                        )
                    )
            alt.append(f"{name}: {self.length_text(record.pair, record.length_km)}")
        if not feats:
            return
        layer_name = tr(f"layer_{key}")
        self.overlays.append(el.VectorLayer(key, html(layer_name), {"f": feats, "l": labels}))
        self.legend.add(
            key,
            _swatch_line(_leaflet(BORDER_SYMBOL[adversary]), casing=True),
            tr(f"legend_border_{adversary.lower()}"),
        )
        self.alt_blocks.append({"heading": layer_name, "items": alt})

    # ---- programmes

    def program_popup(self, program: Program, pair: str, record: Any) -> Markup:
        tr = self.tr
        segment = next((s for s in program.segments if pair in s.borders), None)
        budget = segment.budget if segment and segment.budget else program.budget
        rows: list[tuple[str, Markup | str]] = []
        description = tr.text(segment.description) if segment else tr.text(program.summary)
        if segment is not None:
            rows.append((self.country_name(segment.iso3), Markup("{}").format(description)))
        if budget is not None:
            rows.append((tr("budget"), self.with_note(self.budget_text(budget), budget)))
        if program.claimed_length_km is not None:
            rows.append(
                (
                    tr("claimed_length"),
                    Markup("{} — {}").format(
                        tr("approx_km", value=tr.auto(program.claimed_length_km)),
                        self.cite.cite(program.length_source),
                    ),
                )
            )
        if program.target_year is not None:
            rows.append((tr("target_year"), str(program.target_year)))
        if program.progress is not None:
            progress = program.progress
            head = (
                tr("progress_as_of", km=tr.km_auto(progress.km_done), date=tr.date(progress.as_of))
                if progress.km_done is not None
                else tr.date(progress.as_of)
            )
            rows.append(
                (
                    tr("progress"),
                    Markup("<b>{}</b>. {} — {}").format(
                        head, tr.text(progress.text), self.cite.cite(progress.source)
                    ),
                )
            )
        rows.append(
            (
                tr("this_segment"),
                f"{self.border_name(record)}: {self.length_text(pair, record.length_km)}",
            )
        )
        intro = Markup("") if segment is not None else Markup("<p>{}</p>").format(description)
        return Markup("<h3>{}</h3>{}{}{}").format(
            tr.text(program.name), intro, _dl(rows), self.cite.line(program.source)
        )

    def add_program(self, program_id: str) -> None:
        tr = self.tr
        program = self.seeds.programs.get(program_id)
        if program is None:
            return
        borders = self.layers.frames["borders"].set_index("pair")
        feats, labels = [], []
        short = PROGRAM_KEYS.get(program_id, program_id)
        for row in self.layers.frames[program_id].itertuples():
            pair = str(row.follows_border)
            line = self.web_line.get(pair)
            if line is None or line.is_empty or pair not in borders.index:
                continue
            record = borders.loc[pair]
            record_view = _Record(pair, record)
            tip = Markup("{} · {}").format(tr.text(program.name), self.border_name(record_view))
            feats.append(
                _feature(
                    line,
                    s=_leaflet(f"program.{program_id}"),
                    c=f"sm-program program-{short} program-{short}-{pair}",
                    t=str(tip),
                    p=str(self.program_popup(program, pair, record_view)),
                )
            )
        if "programs" in self.preset.labels and feats:
            labels.extend(self.program_labels(program_id, program, short))
        if not feats:
            return
        name = tr.text(program.name)
        self.overlays.append(el.VectorLayer(program_id, html(name), {"f": feats, "l": labels}))
        self.legend.add(
            program_id,
            _swatch_program(_leaflet(f"program.{program_id}")),
            tr("legend_program", name=name),
        )
        items = [tr.text(program.summary)]
        # each budget with its scope (period and note): they are not like for like
        if program.budget is not None:
            items.append(f"{tr('budget')}: {self.budget_text(program.budget, noted=True)}")
        for segment in program.segments:
            if segment.budget is not None:
                items.append(
                    f"{self.country_name(segment.iso3)}: "
                    f"{self.budget_text(segment.budget, noted=True)}"
                )
        if program.progress is not None and program.progress.km_done is not None:
            items.append(
                f"{tr('progress')}: "
                + tr(
                    "progress_as_of",
                    km=tr.km_auto(program.progress.km_done),
                    date=tr.date(program.progress.as_of),
                )
            )
        self.alt_blocks.append({"heading": name, "items": items})

    def budget_text(self, budget: Budget, noted: bool = False) -> str:
        """ "€303m (five-year border plan)", with the note's text when ``noted``."""
        text = self.tr.money(budget.amount, budget.currency)
        if budget.period:
            text = f"{text} ({self.tr.text(budget.period)})"
        if noted and budget.note:
            text = f"{text}. {self.tr.text(budget.note)}"
        return text

    def program_labels(self, program_id: str, program: Program, short: str) -> list[dict[str, Any]]:
        """The programme's name once, inside the first country it covers, off its border."""
        pairs = [p for p in program.borders if p in self.web_line]
        if not pairs:
            return []
        anchor_pair = pairs[0]
        line = self.web_line[anchor_pair]
        point = _anchor(line, 0.78 if program_id == "eastern_shield" else 0.55)
        home = self.country_geom.get(anchor_pair.split("-")[0])
        if point is None or home is None:
            return []
        km = 30.0 if self.preset.max_zoom <= 8 else 18.0
        spot = _toward(point, home.representative_point(), km)
        if not self.view.contains(spot):
            return []
        side = _side(spot, point)
        return [_label(spot, html(self.tr.text(program.name)), f"sm-prog sm-prog-{short} {side}")]

    # ---- barriers

    def add_barriers(self) -> None:
        tr = self.tr
        feats, labels, alt = [], [], []
        pairs = self.preset.focus_pairs or tuple(self.web_line)
        for pair in pairs:
            facts = self.seeds.border(pair)
            line = self.web_line.get(pair)
            if facts is None or line is None or line.is_empty:
                continue
            physical = [b for b in facts.barriers if b.kind != "electronic"]
            if not physical:
                continue
            lines = Markup("<ul>{}</ul>").format(
                Markup("").join(
                    Markup("<li>{}</li>").format(self.barrier_line(b)) for b in physical
                )
            )
            record = _Record(pair, self.layers.frames["borders"].set_index("pair").loc[pair])
            title = Markup("{}: {}").format(tr("barriers"), self.border_name(record))
            main = physical[0]
            tip = Markup("{}{}").format(
                tr.text(main.name),
                Markup(" · {}").format(tr.km_auto(main.length_km)) if main.length_km else "",
            )
            feats.append(
                _feature(
                    line,
                    s=_leaflet("barrier"),
                    c=f"sm-barrier barrier-{pair}",
                    t=str(tip),
                    p=str(Markup("<h3>{}</h3>{}").format(title, lines)),
                )
            )
            if "barriers" in self.preset.labels and main.length_km and pair.endswith("-BLR"):
                # one label, on the Belarusian side, clear of the Polish/Lithuanian place names
                point = _anchor(line, 0.3)
                home = self.country_geom.get(pair.split("-")[1])
                if point is not None and home is not None:
                    spot = _toward(point, home.representative_point(), 12.0)
                    if self.view.contains(spot):
                        text = Markup("{}: {}").format(
                            tr.text(main.name), tr.km_auto(main.length_km)
                        )
                        labels.append(_label(spot, text, f"sm-barrier-label {_side(spot, point)}"))
            alt.append(
                f"{self.border_name(record)}: "
                + "; ".join(_plain(self.barrier_line(b)) for b in physical)
            )
        if not feats:
            return
        self.overlays.append(
            el.VectorLayer("barriers", html(tr("layer_barriers")), {"f": feats, "l": labels})
        )
        self.legend.add("barriers", _swatch_line(_leaflet("barrier")), tr("legend_barrier"))
        self.alt_blocks.append({"heading": tr("layer_barriers"), "items": alt})

    # ---- Suwałki Gap

    def add_suwalki(self) -> None:
        tr = self.tr
        frame = self.layers.frames["suwalki_gap"]
        feats, labels, alt = [], [], []
        for row in frame.itertuples():
            name = tr.typeset(row.name_pl if tr.lang == "pl" else row.name_en)
            measured = tr("measured_short", km=tr.km(row.length_km), scale=self.scale)
            if row.feature == "pl_lt_border":
                geom = self.web_line.get("POL-LTU", row.geometry)
                options, css = _leaflet("border.pol_ltu"), "sm-suwalki border-POL-LTU"
                rows = [*self.official_rows("POL-LTU"), self.measured_row(row.length_km)]
                headline = self.headline("POL-LTU")
                shown = tr.km_auto(headline.km) if headline is not None else None
                about = tr("official_short", km=shown) if shown else measured
                self.legend.add("suwalki", _swatch_line(options, casing=True), tr("legend_pl_lt"))
            else:
                geom = row.geometry
                options, css = _leaflet("gap"), "sm-suwalki gap-KGD-BLR"
                rows = [self.measured_row(row.length_km)]
                gap = self.gap_width()
                shown = None
                if gap is not None and gap.width_km is not None:
                    shown = tr("approx_km", value=tr.auto(gap.width_km))
                    width = Markup("{} — {}").format(shown, self.cite.cite(gap.source))
                    rows.insert(0, (tr("gap_width"), width))
                about = shown or measured
                self.legend.add("suwalki", _swatch_line(options), tr("legend_gap"))
                # the label shows the published width; the measured line is in the popup
                if "gap" in self.preset.labels and shown:
                    mid = _anchor(geom)
                    if mid is not None:
                        labels.append(_label(mid, html(shown), "sm-len sm-len-gap"))
            popup = Markup("<h3>{}</h3>{}").format(name, _dl(rows))
            feats.append(
                _feature(
                    geom,
                    s=options,
                    h=_leaflet("casing") if row.feature == "pl_lt_border" else None,
                    c=css,
                    t=str(Markup("{} · {}").format(name, about)),
                    p=str(popup),
                )
            )
            alt.append(
                f"{name}: {about}; {measured}" if about != measured else f"{name}: {measured}"
            )
        for feature in feats:
            if feature["properties"].get("h") is None:
                feature["properties"].pop("h", None)
        self.overlays.append(
            el.VectorLayer("suwalki", html(tr("layer_suwalki")), {"f": feats, "l": labels})
        )
        self.alt_blocks.append({"heading": tr("layer_suwalki"), "items": alt})

    # ---- places

    def add_places(self) -> None:
        tr = self.tr
        feats, labels = [], []
        kinds: set[bool] = set()
        frame = self.layers.frames["places"]
        inner = shapely.box(*_shrink(self.preset.extent, 0.02))
        for row in frame.itertuples():
            point = row.geometry
            if not inner.contains(point) or row.kind not in self.preset.place_kinds:
                continue
            name = tr.typeset(row.name_pl if tr.lang == "pl" else row.name_en)
            capital = row.kind == "capital"
            kinds.add(capital)
            note = tr.typeset(row.note_pl if tr.lang == "pl" else row.note_en)
            popup = Markup("<h3>{}</h3>{}{}").format(
                name,
                Markup("<p>{}</p>").format(note) if note else "",
                self.cite.line(row.source_ids),
            )
            options = _leaflet(f"place.{row.kind}")
            feats.append(
                _feature(
                    point,
                    s=options,
                    c=f"sm-place place-{row.place_id}",
                    t=str(html(name)),
                    p=str(popup),
                )
            )
            css = "sm-place" + (" sm-place-capital" if capital else "")
            if self.crowded_east(point):
                css += " sm-place-left"  # the name goes left of the dot, clear of a length
            labels.append(_label(point, html(name), css))
        if not feats:
            return
        self.overlays.append(
            el.VectorLayer("places", html(tr("layer_places")), {"f": feats, "l": labels})
        )
        # a key row only for the kinds of place this map shows
        if True in kinds:
            self.legend.add("places", _swatch_dot("place.capital"), tr("legend_capital"))
        if False in kinds:
            self.legend.add("places", _swatch_dot("place.city"), tr("legend_city"))

    # ---- a newsroom's own annotations

    def add_annotations(self) -> None:
        """Points and lines from --annotations; every text escaped, links only for http(s)."""
        frame = self.layers.frames.get("annotations")
        if frame is None or frame.empty:
            return
        tr = self.tr
        feats, labels = [], []
        for row in frame.itertuples():
            label = (row.label_pl if tr.lang == "pl" else row.label_en) or row.label_en
            note = (row.note_pl if tr.lang == "pl" else row.note_en) or row.note_en
            popup = Markup("<h3>{}</h3>{}{}").format(
                label,
                Markup("<p>{}</p>").format(note) if note else "",
                Markup("<p>{}</p>").format(link(row.url, row.source or site_name(row.url)))
                if safe_url(row.url)
                else (Markup("<p>{}</p>").format(row.url) if row.url else ""),
            )
            point = row.geometry.geom_type == "Point"
            options = _leaflet("annotation.point" if point else "annotation.line")
            feats.append(
                _feature(
                    row.geometry,
                    s=options,
                    c=f"sm-annotation annotation-{row.annotation_id}",
                    t=str(html(label)),
                    p=str(popup),
                )
            )
            anchor = row.geometry if point else _anchor(row.geometry)
            if anchor is not None:
                labels.append(_label(anchor, html(label), "sm-annotation-label"))
        self.overlays.append(
            el.VectorLayer("annotations", html(tr("layer_annotations")), {"f": feats, "l": labels})
        )
        self.legend.add("annotations", _swatch_dot("annotation.point"), tr("legend_annotation"))

    # ---- treaty

    def status_text(self, country: Country) -> str:
        """The status with the date that makes it (withdrawal in effect, in force, notified)."""
        tr = self.tr
        dated = {
            "withdrawn": ("withdrawal_effective", "status_withdrawn_on"),
            "party": ("in_force", "status_party_since"),
            "suspension_notified": ("suspension_notified", "status_suspension_notified_on"),
        }
        if country.ottawa_status in dated:
            kind, key = dated[country.ottawa_status]
            dates = [e.date for e in country.events if e.kind == kind]
            if dates:
                return tr(key, date=tr.date(max(dates)))
        return tr(f"status_{country.ottawa_status}")

    def short_status(self, country: Country) -> str:
        effective = [e.date for e in country.events if e.kind == "withdrawal_effective"]
        if country.ottawa_status == "withdrawn" and effective:
            return self.tr("short_withdrawn", date=self.tr.date(max(effective), "medium"))
        if country.ottawa_status == "withdrawn":
            return self.tr("status_withdrawn")
        return self.tr(f"short_{country.ottawa_status}")

    def event_label(self, country: Country, kind: str) -> str:
        """The step's name; joining is "ratified" for a signatory, "acceded" otherwise."""
        if kind == "joined":
            signed = any(e.kind == "signed" for e in country.events)
            return self.tr("event_ratified" if signed else "event_acceded")
        return self.tr(f"event_{kind}")

    def treaty_popup(self, country: Country) -> Markup:
        tr = self.tr
        items = []
        for event in sorted(country.events, key=_procedural):
            head = self.event_label(country, event.kind)
            if event.votes:  # only the figures the sources record
                counts = [
                    tr(f"votes_{k}", n=event.votes[k])
                    for k in ("for", "against", "abstain")
                    if k in event.votes
                ]
                head = f"{head}: {', '.join(counts)}"
            text = f"{head}. {tr.text(event.note)}" if event.note else head
            if not text.endswith((".", "!", "?")):
                text += "."
            items.append(
                Markup("<li><b>{}</b> — {} {}</li>").format(
                    tr.date(event.date, "medium"), text, self.cite.cite(event.source)
                )
            )
        return Markup("<h3>{}</h3><p><b>{}:</b> {}</p><ul>{}</ul>{}").format(
            self.country_name(country.iso3),
            tr("ottawa_status"),
            self.status_text(country),
            Markup("").join(items),
            self.cite.line(country.status_source),
        )

    def add_status(self) -> None:
        tr = self.tr
        feats, labels, alt = [], [], []
        present: list[str] = []
        for record in self.countries.itertuples():
            country = self.seeds.countries.get(record.iso3)
            if country is None:
                continue
            status = country.ottawa_status
            if status not in present:
                present.append(status)
            feats.append(
                _feature(
                    record.geometry,
                    s=_leaflet(f"status.{status}"),
                    c=f"sm-status status-{status} country-{record.iso3}",
                    t=str(
                        Markup("{}: {}").format(
                            self.country_name(record.iso3), self.status_text(country)
                        )
                    ),
                    p=str(self.treaty_popup(country)),
                )
            )
            label = self.country_label(record.iso3, record.geometry, True)
            if label is not None:
                status_line = self.short_status(country)
                label["h"] = str(
                    Markup("<span><b>{}</b>{}</span>").format(
                        self.country_name(record.iso3), status_line
                    )
                )
                # the runtime keeps an adversary's name first where labels crowd (phones)
                label["c"] = f"sm-status sm-status-{country.role}"
                labels.append(label)
            alt.append(f"{self.country_name(record.iso3)}: {self.status_text(country)}")
        self.overlays.append(
            el.VectorLayer("status", html(tr("layer_status")), {"f": feats, "l": labels})
        )
        for status in style.STATUS_ORDER:
            if status in present:
                self.legend.add(
                    "status", _swatch_area(_leaflet(f"status.{status}")), tr(f"status_{status}")
                )
        self.alt_blocks.append({"heading": tr("alt_countries"), "items": alt})

    def timeline(self) -> dict[str, Any] | None:
        """An SVG strip of each country's withdrawal steps, drawn from the events table."""
        tr = self.tr
        rows: list[tuple[str, list[Any]]] = []
        for iso3, country in sorted(self.seeds.countries.items()):
            if country.ottawa_status not in ("withdrawn", "suspension_notified"):
                continue
            in_force = [e.date for e in country.events if e.kind == "in_force"]
            after = max(in_force) if in_force else datetime.date.min
            steps = [e for e in country.events if e.kind in WITHDRAWAL_KINDS and e.date > after]
            if steps:
                rows.append((iso3, sorted(steps, key=_procedural)))
        if not rows:
            return None
        for _, steps in rows:
            for event in steps:
                self.cite.cite(event.source)
        rows.sort(key=lambda r: (STATE_ORDER.get(r[0], 9), r[0]))
        start = min(e.date for _, s in rows for e in s).replace(day=1)
        last = max(e.date for _, s in rows for e in s)
        end = (last.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        suspended = any(self.seeds.countries[i].ottawa_status != "withdrawn" for i, _ in rows)
        key = "timeline_suspension" if suspended else "timeline"
        heading = tr(key, start=tr.month(start), end=tr.month(last))
        return {
            "heading": heading,
            "svg": _timeline_svg(tr, rows, start, end, self.country_name, heading),
        }


@dataclass(frozen=True)
class _Record:
    """A borders-layer row addressed by pair (from ``set_index('pair').loc``)."""

    pair: str
    row: Any

    def __getattr__(self, name: str) -> Any:
        return self.row[name]


def _plain(markup: Markup) -> str:
    """The text of ``markup`` for the text alternative, its spaces (non-breaking ones too)
    kept as they are (``Markup.striptags`` would turn them into plain spaces)."""
    return html_lib.unescape(re.sub(r"<[^>]*>", "", str(markup)))


def _procedural(event: Event) -> tuple[datetime.date, int]:
    """Date, then the order of the steps on one day (a vote before the signature)."""
    return (event.date, EVENT_KINDS.index(event.kind))


def _side(label: Point, anchor: Point) -> str:
    """CSS class that keeps a label on its own side of the line it names."""
    return "sm-west" if label.x < anchor.x else "sm-east"


def _latitude_band(box: BaseGeometry) -> BaseGeometry:
    """``box`` with no limit east-west: Russia's label may sit beyond the extent's east edge."""
    _, south, _, north = box.bounds
    return shapely.box(-180.0, south, 180.0, north)


def _shrink(extent: tuple[float, float, float, float], by: float) -> tuple[float, ...]:
    west, south, east, north = extent
    dx, dy = (east - west) * by, (north - south) * by
    return (west + dx, south + dy, east - dx, north - dy)


def _area_deg(extent: tuple[float, float, float, float]) -> float:
    return (extent[2] - extent[0]) * (extent[3] - extent[1])


MARKERS = {
    "announced": '<circle cx="0" cy="0" r="4.5" fill="#fff" stroke="#000" stroke-width="1.5"/>',
    "government_decision": '<rect x="-4" y="-4" width="8" height="8" fill="#fff" stroke="#000"'
    ' stroke-width="1.5"/>',
    "parliament_vote": '<path d="M0 -5.5L5.5 0L0 5.5L-5.5 0Z" fill="#56B4E9" stroke="#000"'
    ' stroke-width="1.2"/>',
    "head_of_state": '<path d="M0 -5L4.8 3.6L-4.8 3.6Z" fill="#fff" stroke="#000"'
    ' stroke-width="1.3"/>',
    "suspension_notified": '<rect x="-4.5" y="-4.5" width="9" height="9" fill="#CC79A7"'
    ' stroke="#000" stroke-width="1.2"/>',
    "withdrawal_deposited": '<rect x="-4.5" y="-4.5" width="9" height="9" fill="#000"/>',
    "withdrawal_effective": '<circle cx="0" cy="0" r="6" fill="#E69F00" stroke="#000"'
    ' stroke-width="1.5"/>',
}


def _timeline_svg(
    tr: Tr,
    rows: list[tuple[str, list[Any]]],
    start: datetime.date,
    end: datetime.date,
    name: Callable[[str], str],
    heading: str,
) -> Markup:
    width, left, right, row_h, top = 960, 110, 20, 17, 22
    kinds = [k for k in WITHDRAWAL_KINDS if any(e.kind == k for _, s in rows for e in s)]
    # the key: one row of markers, wrapped where the next label would not fit
    key_rows: list[list[tuple[float, str]]] = [[]]
    cursor = float(left)
    for kind in kinds:
        text = tr(f"event_{kind}")
        needed = 20 + 6.3 * len(text)
        if key_rows[-1] and cursor + needed > width:
            key_rows.append([])
            cursor = float(left)
        key_rows[-1].append((cursor, kind))
        cursor += needed
    height = top + row_h * len(rows) + 16 + 18 * len(key_rows)
    span = (end - start).days or 1

    def x(day: datetime.date) -> float:
        return round(left + (width - left - right) * (day - start).days / span, 1)

    out: list[Markup] = [
        Markup(
            '<svg viewBox="0 0 {} {}" role="img" aria-label="{}" font-family="inherit"'
            ' font-size="12">'
        ).format(width, height, heading)
    ]
    month = start
    while month <= end:
        out.append(
            Markup('<line x1="{0}" x2="{0}" y1="{1}" y2="{2}" stroke="#ddd"/>').format(
                x(month), top - 8, top + row_h * len(rows) - 8
            )
        )
        if month.month in (1, 4, 7, 10) or month == start:
            out.append(
                Markup('<text x="{}" y="{}" fill="#555" font-size="11">{}</text>').format(
                    x(month) + 2, 12, tr.month(month, short=True)
                )
            )
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    for index, (iso3, steps) in enumerate(rows):
        y = top + index * row_h
        out.append(
            Markup('<text x="0" y="{}" font-weight="700">{}</text>').format(y + 4, name(iso3))
        )
        out.append(
            Markup('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#999"/>').format(
                x(steps[0].date), x(steps[-1].date), y, y
            )
        )
        for event in steps:
            label = f"{name(iso3)}: {tr('event_' + event.kind)}, {tr.date(event.date)}"
            out.append(
                Markup('<g transform="translate({} {})"><title>{}</title>{}</g>').format(
                    x(event.date), y, label, Markup(MARKERS[event.kind])
                )
            )
    for line, entries in enumerate(key_rows):
        legend_y = top + row_h * len(rows) + 10 + 18 * line
        for cursor, kind in entries:
            out.append(
                Markup('<g transform="translate({} {})">{}</g>').format(
                    cursor + 6, legend_y, Markup(MARKERS[kind])
                )
            )
            out.append(
                Markup('<text x="{}" y="{}" font-size="11">{}</text>').format(
                    cursor + 15, legend_y + 4, tr(f"event_{kind}")
                )
            )
    out.append(Markup("</svg>"))
    return Markup("").join(out)


# --------------------------------------------------------------------------- inset


def _inset_svg(layers: Layers, preset: Preset) -> Markup:
    """A tiny locator: the focus states dark, their neighbours light, the map's extent boxed."""
    box = (13.0, 47.5, 33.5, 61.0)
    west, south, east, north = box
    width = 120.0
    kx = math.cos(math.radians((south + north) / 2))
    height = width * (north - south) / ((east - west) * kx)
    clip = shapely.box(*box)

    def project(xy: Any) -> Any:
        import numpy as np

        out = np.empty_like(xy)
        out[:, 0] = (xy[:, 0] - west) / (east - west) * width
        out[:, 1] = (north - xy[:, 1]) / (north - south) * height
        return np.round(out, 1)

    frame = layers.frames["countries"]
    paths: list[Markup] = []
    for record in frame.itertuples():
        geom = shapely.intersection(record.geometry, clip)
        if geom.is_empty:
            continue
        # one inset pixel is about 0.17 degrees: coarser detail is invisible there
        parts = [p for p in shapely.get_parts(shapely.simplify(geom, 0.12)) if p.area > 0.04]
        if not parts:
            continue
        geom = shapely.transform(shapely.union_all(parts), project)
        focus = record.role == "withdrawing" and bool(record.focus)
        role = "focus" if focus else ("adversary" if record.role == "adversary" else "context")
        area = style.symbol(f"locator.{role}")
        assert isinstance(area, style.Area)
        paths.append(
            Markup('<path d="{}" fill="{}" stroke="{}" stroke-width="{}"/>').format(
                _svg_path(geom), area.fill, area.stroke, area.stroke_width
            )
        )
    extent = style.symbol("locator.extent")
    assert isinstance(extent, style.Line)
    ex_w, ex_s, ex_e, ex_n = preset.extent
    rect = shapely.transform(shapely.box(ex_w, ex_s, ex_e, ex_n), project)
    minx, miny, maxx, maxy = rect.bounds
    return Markup(
        '<svg viewBox="0 0 {w} {h}" width="{w}" height="{h}" aria-hidden="true">'
        '<rect width="{w}" height="{h}" fill="{sea}"/>{paths}'
        '<rect x="{x}" y="{y}" width="{rw}" height="{rh}" fill="none" stroke="{c}"'
        ' stroke-width="{cw}"/></svg>'
    ).format(
        w=round(width, 1),
        h=round(height, 1),
        paths=Markup("").join(paths),
        x=round(minx, 1),
        y=round(miny, 1),
        rw=round(maxx - minx, 1),
        rh=round(maxy - miny, 1),
        c=extent.color,
        cw=extent.width,
        sea=style.theme().sea,
    )


def _svg_path(geom: BaseGeometry) -> str:
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


# --------------------------------------------------------------------------- basemap


def resolve_basemap(name: str, api_key: str | None = None) -> xyzservices.TileProvider:
    """The xyzservices provider called ``name``; a key is filled in when the provider needs one.

    Raises
    ------
    MapError
        If no provider has that name, or it needs an API key and none was given.
    """
    import xyzservices

    try:
        provider = xyzservices.providers.query_name(name)
    except ValueError:
        msg = (
            f"expected an xyzservices provider name such as 'OpenStreetMap.Mapnik', got {name!r};"
            " see xyzservices.providers for the list"
        )
        raise MapError(msg) from None
    if provider.requires_token():
        if not api_key:
            msg = (
                f"basemap {provider.name} needs an API key, got none; pass --api-key KEY"
                " (it will be visible in the HTML) or choose a provider without a key"
            )
            raise MapError(msg)
        keys = {
            k: _url_safe_key(api_key)
            for k, v in provider.items()
            if isinstance(v, str) and "<insert" in v
        }
        provider = provider(**keys)
    return provider


def _url_safe_key(key: str) -> str:
    """``key`` as data: refused if it holds template syntax or control characters, and
    percent-encoded, so it can neither break the tile URL nor open a template anywhere."""
    from urllib.parse import quote

    if any(mark in key for mark in ("{{", "{%", "{#", "}}", "%}", "#}")) or not key.isprintable():
        msg = (
            "expected an API key of letters, digits and punctuation, got one with template "
            "syntax ({{, {% or {#) or control characters; copy the key from your provider again"
        )
        raise MapError(msg)
    return quote(key, safe="-._~")


# --------------------------------------------------------------------------- titles


def official_total(builder: Builder, pairs: Iterable[str]) -> float:
    """The sum of the borders' headline (national) figures: titles never use measured km."""
    figures = [builder.headline(pair) for pair in pairs]
    return sum(f.km for f in figures if f is not None)


def titles(builder: Builder) -> tuple[str, str]:
    """Title and subtitle. Lengths are official figures (sums rounded to 10 km as "about");
    measured lengths appear only in popups, the text alternative and the layers."""
    tr = builder.tr
    seeds = builder.seeds
    pid = builder.preset.id
    focus = [c for c in seeds.countries.values() if c.role == "withdrawing" and c.focus]
    focus.sort(key=lambda c: (STATE_ORDER.get(c.iso3, 9), c.iso3))
    states = tr.join([tr.text(c.names) for c in focus])
    if pid == "overview":
        focus_ids = {c.iso3 for c in focus}
        pairs = [b.pair for b in seeds.borders if b.a in focus_ids and b.b in ("RUS", "BLR")]
        others = [
            tr.text(c.names)
            for c in seeds.countries.values()
            if c.ottawa_status == "withdrawn" and c.iso3 not in focus_ids
        ]
        return tr("overview_title"), tr(
            "overview_subtitle",
            states=states,
            km=tr.about(official_total(builder, pairs)),
            others=tr.join(sorted(others)),
        )
    if pid == "eastern-shield":
        program = seeds.programs["eastern_shield"]
        budget = program.budget
        progress = program.progress
        in_place = progress.km_with_obstacles if progress else None
        return (
            tr("eastern-shield_title", program=tr.text(program.name)),
            tr(
                "eastern-shield_subtitle",
                budget=tr.money(budget.amount, budget.currency) if budget else "—",
                length=tr("approx_km", value=tr.auto(program.claimed_length_km or 0)),
                year=program.target_year or "—",
                done=tr.km_auto(progress.km_done) if progress and progress.km_done else "—",
                in_place=tr("approx_km", value=tr.auto(in_place)) if in_place else "—",
                as_of=tr.date(progress.as_of) if progress else "—",
            ),
        )
    if pid == "baltic-defence-line":
        program = seeds.programs["baltic_defence_line"]
        names = tr.join([builder.country_name(i) for i in program.countries])
        return (
            tr("baltic-defence-line_title", program=tr.text(program.name)),
            tr(
                "baltic-defence-line_subtitle",
                states=names,
                km=tr.about(official_total(builder, program.borders)),
            ),
        )
    if pid == "suwalki-gap":
        gap = builder.gap_width()
        border = builder.headline("POL-LTU")
        return tr("suwalki-gap_title"), tr(
            "suwalki-gap_subtitle",
            gap=tr("approx_km", value=tr.auto(gap.width_km)) if gap and gap.width_km else "—",
            border=tr.km_auto(border.km) if border else "—",
        )
    withdrawn = [c for c in seeds.countries.values() if c.ottawa_status == "withdrawn"]
    withdrawn.sort(key=lambda c: (STATE_ORDER.get(c.iso3, 9), c.iso3))
    effective = [e.date for c in withdrawn for e in c.events if e.kind == "withdrawal_effective"]
    return tr("treaty_title"), tr(
        "treaty_subtitle",
        states=tr.join([tr.text(c.names) for c in withdrawn]),
        first=tr.date(min(effective)) if effective else "—",
        last=tr.date(max(effective)) if effective else "—",
    )


def kicker(builder: Builder) -> str:
    """The states the map is about: its programme's builders, the Suwałki Gap's two
    neighbours, the states that left the treaty, or the four focus states."""
    seeds, pid = builder.seeds, builder.preset.id
    program = {"eastern-shield": "eastern_shield", "baltic-defence-line": "baltic_defence_line"}
    if pid in program and program[pid] in seeds.programs:
        # a programme's builders in the seeds' order, as its subtitle names them
        return builder.tr.join(
            [builder.country_name(i) for i in seeds.programs[program[pid]].countries]
        )
    if pid == "suwalki-gap":
        codes = ["POL", "LTU"]
    elif pid == "treaty":
        codes = [i for i, c in seeds.countries.items() if c.ottawa_status == "withdrawn"]
    else:
        codes = [i for i, c in seeds.countries.items() if c.role == "withdrawing" and c.focus]
    codes.sort(key=lambda i: (STATE_ORDER.get(i, 9), i))
    return builder.tr.join([builder.country_name(i) for i in codes])


# --------------------------------------------------------------------------- page


@cache
def _static(name: str) -> str:
    env = el.template_env()
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    return compact(source, name.rsplit(".", 1)[-1])


def render_map(
    layers: Layers,
    seeds: Seeds,
    preset: str = "overview",
    lang: str = "en",
    assets: str = "inline",
    basemap: str | None = None,
    api_key: str | None = None,
    web: WebGeometry | None = None,
) -> str:
    """One map page as HTML text.

    Parameters
    ----------
    layers, seeds
        From :func:`geo.layers.build_layers` and :func:`geo.seeds.load_seeds`.
    preset
        One of :data:`geo.maps.presets.ALL`.
    lang
        ``"en"`` or ``"pl"``.
    assets
        ``"inline"`` (no external file at all) or ``"cdn"`` (folium's CDN links).
    basemap
        An xyzservices provider name for a tile basemap [default: none, the vector basemap].
    api_key
        Key for a provider that needs one; it ends up in the HTML.
    web
        The preset's :func:`geo.maps.webgeom.preset_geometries`, when already computed.

    Raises
    ------
    MapError
        For an unknown preset, language, asset mode or basemap, or a basemap without its key.
    """
    spec = get_preset(preset)
    check_assets(assets)
    provider = resolve_basemap(basemap, api_key) if basemap else None
    builder = Builder(layers, seeds, spec, lang, web)
    tr = builder.tr
    title, subtitle = titles(builder)

    for name in spec.layers:
        if name == "borders_rus":
            builder.add_borders("RUS")
        elif name == "borders_blr":
            builder.add_borders("BLR")
        elif name in ("eastern_shield", "baltic_defence_line"):
            builder.add_program(name)
        elif name == "barriers":
            builder.add_barriers()
        elif name == "suwalki":
            builder.add_suwalki()
        elif name == "places":
            builder.add_places()
        elif name == "status":
            builder.add_status()
        else:  # pragma: no cover - presets are fixed in code
            msg = f"unknown layer {name!r} in preset {spec.id}"
            raise MapError(msg)
    builder.add_annotations()
    timeline = builder.timeline() if spec.id == "treaty" else None

    source = layers.boundary_source
    attributions = [str(html(source.attribution))]
    west, south, east, north = spec.extent
    # the land drawn: clipped to what a reader may see, and no further than the countries the
    # layer holds reach (beyond them there is no land to draw)
    clip = clip_extent(spec.extent, aspect=spec.max_aspect)
    land = builder.countries.total_bounds
    c_west, c_south = round(max(clip[0], land[0]), 4), round(max(clip[1], land[1]), 4)
    c_east, c_north = round(min(clip[2], land[2]), 4), round(min(clip[3], land[3]), 4)
    m = el.ShieldMap(
        bounds=[[south, west], [north, east]],
        # readers cannot pan past the land drawn (see geo.maps.webgeom.clip_extent)
        max_bounds=[[c_south, c_west], [c_north, c_east]],
        aria_label=title,
        attributions=attributions,
        location=[round((south + north) / 2, 4), round((west + east) / 2, 4)],
        zoom_start=6,
        tiles=None,
        min_zoom=spec.min_zoom,
        max_zoom=spec.max_zoom,
        zoom_snap=0.25,
        zoom_delta=0.5,
        control_scale=False,
    )
    set_map_assets(m, assets)
    if provider is not None:
        import folium

        tiles = folium.TileLayer(tiles=provider, name=provider.name, control=False)
        m.add_child(tiles)
    basemap_layer = builder.basemap(translucent=provider is not None)
    # programme bands first, so borders and their casing sit on top of them
    rank = {"eastern_shield": 0, "baltic_defence_line": 0, "status": 0}
    decimals = decimals_for_zoom(spec.max_zoom)
    for layer in [basemap_layer, *sorted(builder.overlays, key=lambda o: rank.get(o.key, 1))]:
        layer.decimals = decimals
        layer.land_zoom = land_zoom(spec.max_zoom)
        m.add_child(layer)
    import folium

    m.add_child(folium.LayerControl(position="topright", collapsed=True))
    m.add_child(el.DomControl("sm-fullscreen-box", "topleft"))
    m.add_child(el.DomControl("sm-legend", "bottomleft"))
    m.add_child(el.DomControl("sm-inset", "bottomright"))
    m.add_child(
        el.Runtime(
            aspect=_ratio(spec.aspect),
            dark=style.page_palette(),
            labels={
                "zoomIn": tr("zoom_in"),
                "zoomOut": tr("zoom_out"),
                "layers": tr("layers"),
                "close": tr("close_popup"),
            },
        )
    )

    env = el.template_env()
    legend_rows = _dedupe(builder.legend.entries)
    top = Markup(
        env.get_template("page_top.html").render(
            kicker=kicker(builder),
            title=title,
            subtitle=subtitle,
            skip=tr("skip_link"),
            open_full=tr("open_full_map"),
        )
    )
    credits = {
        # the note on lengths only where the map shows lengths
        "measured": tr("credits_measured", scale=builder.scale)
        if any(layer in LENGTH_LAYERS for layer in spec.layers)
        else "",
        "data_as_of": tr("data_as_of", date=tr.date(seeds.data_as_of)),
        "boundaries": tr(
            "credits_boundaries",
            name=source.name,
            version=source.version,
            scale=tr.scale(source.scale, short=False),
            # the embedded data's licence in the page's language; a user file's as given
            licence=tr("public_domain") if source.licence == "Public domain" else source.licence,
        ),
        "boundary_url": source.url,
        "boundary_link": link(source.url, source.attribution),
        "basemap": tr("basemap_credit", attribution=provider.get("attribution", provider.name))
        if provider is not None
        else "",
        "map": tr("credits_map"),
    }
    footer_sources = builder.cite.footer()
    credits["sources_heading"] = tr("sources_n", n=len(footer_sources))
    alt = {
        "heading": tr("about"),
        "intro": tr("alt_intro", area=tr("alt_area"), subtitle=subtitle),
        "blocks": builder.alt_blocks,
    }
    bottom = Markup(
        env.get_template("page_bottom.html").render(
            timeline=timeline,
            credits=credits,
            sources=footer_sources,
            alt=alt,
            legend={"heading": tr("legend"), "entries": legend_rows},
            inset={"label": tr("locator"), "svg": _inset_svg(layers, spec)},
            fullscreen={"on": tr("fullscreen"), "off": tr("fullscreen_exit")},
            features_heading=tr("features_list"),
            hints={
                "wheel": tr("hint_wheel"),
                "wheel_mac": tr("hint_wheel_mac"),
                "touch": tr("hint_touch"),
            },
        )
    )
    head = Markup(
        env.get_template("head.html").render(
            inline=assets == "inline",
            cdn=cdn_assets(),
            leaflet_css=Markup(leaflet_css()),
            leaflet_js=Markup(leaflet_js()),
            css=Markup(style.theme_css() + _static("map.css")),
            runtime=Markup(_static("runtime.js")),
        )
    )
    page = el.Page(lang=tr.lang, title=f"{title} | shieldmap", top=top, bottom=bottom, head=head)
    page.add_child(m)
    el.stabilise_ids(page, f"{spec.id}:{tr.lang}")
    cdn = cdn_assets() if assets == "cdn" else None
    return with_policy(
        # folium's templates indent every line; the page has no <pre>, <textarea> or
        # multi-line JS string, so the indentation is only weight (overview under 300 KB)
        _INDENT.sub("", page.render()),
        scripts=[cdn["js"].url] if cdn else [],
        styles=[cdn["css"].url] if cdn else [],
        images=[*([CDN_BASE + "images/"] if cdn else []), *(["https:"] if provider else [])],
    )


_INDENT = re.compile(r"^[ \t]+", re.M)


def _ratio(aspect: str) -> float:
    """``"4 / 5"`` as 0.8: width over height."""
    width, _, height = aspect.partition("/")
    return round(float(width) / float(height), 4)


def _dedupe(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[str, str]] = set()
    out = []
    for entry in entries:
        key = (entry["layer"], str(entry.get("label") or entry.get("group")))
        if key not in seen:
            seen.add(key)
            out.append(entry)
    return out
