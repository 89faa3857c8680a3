"""What every part of a scene is built from: the inputs, the language, names and citations.

A :class:`Context` lives for one :func:`geo.maps.scene.build_scene` call. Its only state is
the list of sources cited so far (in order of first use), which becomes the map's list of
sources; everything else is read-only lookups.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import shapely
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from geo.borders import WITHDRAWING_ISO3
from geo.boundaries import KALININGRAD
from geo.maps.escape import safe_url
from geo.maps.scene import Link, Note, Row, Run, SourceRef
from geo.translations import Translator

if TYPE_CHECKING:
    from geo.layers import Layers
    from geo.maps.i18n import Tr
    from geo.maps.presets import Extent, Preset
    from geo.maps.webgeom import WebGeometry
    from geo.seeds import Barrier, OfficialLength, Place, Seeds
    from geo.story import Story


@dataclass
class Context:
    """Inputs, language and lookups for building one scene."""

    layers: Layers
    seeds: Seeds
    preset: Preset
    tr: Tr
    web: WebGeometry
    cited: dict[str, None] = field(default_factory=dict)
    # the story's states in the order texts name them
    focus_order: tuple[str, ...] = WITHDRAWING_ISO3
    # a newsroom's story file, if the map is drawn for one
    story: Story | None = None
    # sources cited by the newsroom's own annotations (their links), after the seeds' ones
    extra_sources: list[SourceRef] = field(default_factory=list)

    # ---- geometry lookups

    @cached_property
    def web_line(self) -> dict[str, BaseGeometry]:
        """Each border pair's line as drawn: derived from the simplified coverage."""
        borders = self.web[1]
        return dict(zip(borders["pair"], borders.geometry, strict=True))

    @cached_property
    def country_geom(self) -> dict[str, BaseGeometry]:
        countries = self.web[0]
        return dict(zip(countries["iso3"], countries.geometry, strict=True))

    @cached_property
    def bounds(self) -> Extent:
        """The land a reader can ever see of this map (:func:`geo.maps.viewport.clip_extent`)."""
        from geo.maps.viewport import clip_extent

        return clip_extent(self.preset.extent, aspect=self.preset.max_aspect)

    @cached_property
    def view(self) -> BaseGeometry:
        return shapely.box(*self.preset.extent)

    @cached_property
    def place_points(self) -> list[Point]:
        """The places this map labels, which other labels should keep clear of."""
        frame = self.layers.frames["places"]
        inner = shapely.box(*shrink(self.preset.extent, 0.02))
        return [
            row.geometry
            for row in frame.itertuples()
            if row.kind in self.preset.place_kinds and inner.contains(row.geometry)
        ]

    @property
    def clearance(self) -> float:
        """How far (in degrees) a label should stay from a place: 4 % of the map's width."""
        west, _, east, _ = self.preset.extent
        return 0.04 * (east - west)

    def clear_anchor(self, line: BaseGeometry) -> Point | None:
        """A point along ``line``, as near its middle as keeps clear of the places shown (or
        else the one furthest from them)."""
        candidates = [along(line, f) for f in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8)]
        points = [p for p in candidates if p is not None]
        if not points:
            return None

        def room(point: Point) -> float:
            return min((point.distance(p) for p in self.place_points), default=math.inf)

        clear = [p for p in points if room(p) > self.clearance]
        return clear[0] if clear else max(points, key=room)

    def along_line(self, line: BaseGeometry, first: Point) -> tuple[Point, ...]:
        """Other points along ``line`` a label may move to, nearest its middle first, in view."""
        points = [along(line, f) for f in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9)]
        return tuple(p for p in points if p is not None and p != first and self.view.contains(p))

    @cached_property
    def border_rows(self) -> dict[str, Any]:
        """The borders layer's rows by pair (named tuples with every column)."""
        return {row.pair: row for row in self.layers.frames["borders"].itertuples()}

    # ---- names in the scene's language

    def country_name(self, iso3: str) -> str:
        country = self.seeds.countries.get(iso3)
        if country is not None:
            return self.tr.name(country.names, iso3)
        frame = self.layers.frames["countries"]
        rows = frame[frame["iso3"] == iso3]
        fallback = str(rows["name_en"].iloc[0]) if len(rows) else iso3
        return self.tr.territory(iso3, fallback)

    def region_name(self, region: str) -> str:
        if region == KALININGRAD:
            return self.tr("region_kaliningrad")
        if region == "mainland":
            return self.tr("region_mainland")
        return region

    def border_name(self, record: Any) -> str:
        a, b = self.country_name(record.a_iso3), self.country_name(record.b_iso3)
        if record.region == KALININGRAD:
            return self.tr("border_name_region", a=a, b=b, region=self.region_name(record.region))
        return self.tr("border_name", a=a, b=b)

    def field(self, row: Any, name: str) -> str:
        """A layer's language-specific column (``name`` → ``name_pl``). Layers hold English and
        Polish; other languages come from the seed text the English one came from, marked
        [EN] when the seeds lack that language (names are never marked)."""
        value = getattr(row, f"{name}_{self.tr.lang}", None)
        if not _missing(value) and value:
            return self.tr.typeset(str(value))
        english = getattr(row, f"{name}_en", "")
        if _missing(english) or not english:
            return ""
        translated = self.translate(str(english), self.tr.lang, name=name.startswith("name"))
        return self.tr.typeset(translated)

    @cached_property
    def translate(self) -> Translator:
        return Translator(self.seeds)

    def source_short(self) -> str:
        source = self.layers.boundary_source
        # a measured length always names its source and scale
        return f"{source.name.split(',')[0]} {source.version}, {source.scale}"

    # ---- citations

    def cite(self, raw: object) -> Run:
        """Links to the sources ``raw`` names ("publisher, year"), remembered for the foot."""
        parts: list[str | Link] = []
        for ident in _ids(raw):
            self.cited.setdefault(ident, None)
            source = self.seeds.sources.get(ident)
            if parts:
                parts.append(", ")
            if source is None:
                parts.append(ident)
                continue
            year = f", {source.date[:4]}" if source.date else ""
            text = f"{self.tr.name(source.publisher_names)}{year}"
            parts.append(Link(text, source.url) if safe_url(source.url) else text)
        return tuple(parts)

    def sources_line(self, raw: object) -> Run:
        """ "Sources: …" for a popup's foot, or nothing."""
        cited = self.cite(raw)
        return (f"{self.tr('sources_inline')}: ", *cited) if cited else ()

    def source_refs(self) -> tuple[SourceRef, ...]:
        refs = []
        for ident in self.cited:
            source = self.seeds.sources.get(ident)
            if source is not None:
                date = _source_date(self.tr, source.date)
                publisher = self.tr.name(source.publisher_names)
                refs.append(SourceRef(ident, publisher, date, source.title, source.url))
        return (*refs, *self.extra_sources)

    # ---- figures (the headline rule: official figures lead, measured ones say so)

    @property
    def scale(self) -> str:
        """The boundary data's scale, short ("1:10m"), for "measured on the map data"."""
        return self.tr.scale(self.layers.boundary_source.scale)

    def headline_length(self, pair: str) -> OfficialLength | None:
        """The border's headline figure: its first national length in the seeds."""
        facts = self.seeds.border(pair)
        if facts is None:
            return None
        return next((o for o in facts.official if o.kind == "national"), None)

    def length_text(self, pair: str, measured_km: float) -> str:
        """ "418 km (official); 340.1 km on the 1:10m map data"."""
        tr = self.tr
        measured = tr("measured_short", km=tr.km(measured_km), scale=self.scale)
        official = self.headline_length(pair)
        if official is None:
            return measured
        return f"{tr('official_short', km=tr.km_auto(official.km))}; {measured}"

    def gap_width(self) -> Place | None:
        """The place whose published width the Suwałki Gap line shows (seeds ``width_km``)."""
        return next((p for p in self.seeds.places if p.width_km is not None), None)

    # ---- shared popup pieces

    def noted(self, head: str, fact: Any) -> Run:
        """``head``, the fact's note and its sources, punctuated once."""
        note = self.tr.text(fact.note) if fact.note else ""
        return (f"{head}. {note}" if note else head, " — ", *self.cite(fact.source))

    def official_rows(self, pair: str) -> list[Row]:
        facts = self.seeds.border(pair)
        rows = []
        for official in facts.official if facts is not None else ():
            label = self.tr("cia") if official.kind == "cia" else self.tr("official")
            rows.append(Row(label, self.noted(self.tr.km_auto(official.km), official)))
        return rows

    def measured_row(self, km: float) -> Row:
        note = self.tr("measured_note", source=self.source_short())
        label = self.tr("measured", scale=self.scale)
        return Row(label, (self.tr.km(km), " ", Note(f"({note})")))

    def barrier_line(self, barrier: Barrier) -> Run:
        tr = self.tr
        status = tr(f"barrier_status_{barrier.status}")
        if barrier.year is not None:
            status = tr("barrier_year", status=status, year=barrier.year)
        name = tr.text(barrier.name)
        if barrier.length_km is not None:
            km = tr.km_auto(barrier.length_km)
            text = tr("barrier_line", name=name, km=km, status=status)
        else:
            text = tr("barrier_line_nokm", name=name, status=status)
        return self.noted(text, barrier)


def _ids(raw: object) -> list[str]:
    if raw is None or _missing(raw):
        return []
    if isinstance(raw, str):
        return [i for i in (p.strip() for p in raw.split(",")) if i]
    return [str(i) for i in raw]  # type: ignore[attr-defined]


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def present(value: object) -> bool:
    """Whether a layer cell holds a value (not None, not NaN)."""
    return not _missing(value)


def _source_date(tr: Tr, value: str | None) -> str:
    if not value:
        return ""
    if len(value) == 10:
        return tr.date(value, "medium")
    if len(value) == 7:
        return tr.month(datetime.date.fromisoformat(value + "-01"))
    return value


# --------------------------------------------------------------------------- geometry helpers


def line_parts(geom: BaseGeometry) -> list[LineString]:
    return [g for g in shapely.get_parts(geom) if isinstance(g, LineString) and not g.is_empty]


def along(geom: BaseGeometry, fraction: float = 0.5) -> Point | None:
    """A point ``fraction`` of the way along the longest part of a line."""
    parts = line_parts(geom)
    if not parts:
        return None
    longest = max(parts, key=lambda g: g.length)
    return longest.interpolate(fraction, normalized=True)


def toward(point: Point, target: Point, km: float) -> Point:
    """``point`` moved ``km`` towards ``target`` (flat approximation, fine at label scale)."""
    scale_x = 111.32 * math.cos(math.radians(point.y))
    dx, dy = (target.x - point.x) * scale_x, (target.y - point.y) * 110.57
    norm = math.hypot(dx, dy) or 1.0
    return Point(point.x + dx / norm * km / scale_x, point.y + dy / norm * km / 110.57)


def shrink(extent: Extent, by: float) -> Extent:
    """``extent`` with ``by`` of its width and height taken off each side."""
    west, south, east, north = extent
    dx, dy = (east - west) * by, (north - south) * by
    return (west + dx, south + dy, east - dx, north - dy)
