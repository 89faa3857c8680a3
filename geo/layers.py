"""Assemble the named layers from countries, borders and seeds. No I/O.

Layers carry true geometry: a program that runs along a border *is* that border line, with a
``follows_border`` field saying so. Maps may stylise; these layers never do.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import Geod

from geo.borders import (
    Border,
    affected_borders,
    geodesic_km,
    kaliningrad_belarus_gap,
    suwalki_border,
    water_note,
)
from geo.citation import boundary_licence
from geo.summary import BorderSummary, summarise

if TYPE_CHECKING:
    from geo.annotations import Annotation
    from geo.boundaries import BoundarySource
    from geo.seeds import Budget, Country, Event, Program, Seeds

CRS = "EPSG:4326"
# Context countries: those whose outline reaches into this lon/lat box around the Baltic.
CONTEXT_BOX = (9.0, 47.0, 42.0, 71.0)
LAYER_ORDER = (
    "countries",
    "borders",
    "eastern_shield",
    "baltic_defence_line",
    "suwalki_gap",
    "places",
    "programmes",
    "programme_segments",
    "programme_notes",
    "sources",
    "events",
)
PROGRAMME_LINES = ("eastern_shield", "baltic_defence_line")
_GEOD = Geod(ellps="WGS84")


@dataclass
class Layers:
    """The named layers, in publication order, plus what they were built from."""

    frames: dict[str, pd.DataFrame]
    boundary_source: BoundarySource
    summaries: list[BorderSummary] = field(default_factory=list)
    #: The newest dated fact in the seeds the layers were built from.
    data_as_of: datetime.date | None = None
    #: The --annotations these layers were built with, for the maps (styles, languages).
    annotations: tuple[Annotation, ...] = ()

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames[name]

    def __iter__(self) -> Iterator[tuple[str, pd.DataFrame]]:
        return iter(self.frames.items())

    @property
    def spatial(self) -> dict[str, gpd.GeoDataFrame]:
        return {k: v for k, v in self.frames.items() if isinstance(v, gpd.GeoDataFrame)}


def is_source_column(column: str) -> bool:
    """True for the columns holding source ids: ``source_ids`` and every ``*_source``."""
    return column == "source_ids" or (column.endswith("_source") and column != "boundary_source")


def cited_ids(frame: pd.DataFrame) -> set[str]:
    """Every source id a layer cites, in any of its source columns."""
    ids: set[str] = set()
    for column in filter(is_source_column, frame.columns):
        for value in frame[column].dropna():
            ids.update(i for i in str(value).split(",") if i)
    return ids


def join_ids(ids: object) -> str:
    """Source ids as one comma-separated field, the form every layer uses."""
    if isinstance(ids, str):
        return ids
    return ",".join(sorted(dict.fromkeys(ids)))  # type: ignore[call-overload]


def build_layers(
    countries: gpd.GeoDataFrame,
    boundary_source: BoundarySource,
    seeds: Seeds,
    tolerance_m: float | None = None,
    include_finland: bool = False,
    annotations: tuple[Annotation, ...] = (),
) -> Layers:
    """Every layer of the architecture, ready for export or maps.

    ``annotations`` (a newsroom's own points and lines) add an ``annotations`` layer.
    """
    borders = affected_borders(countries, include_finland, tolerance_m)
    summaries = summarise(borders, seeds)
    by_pair = {s.border.pair: s for s in summaries}
    measured = measured_on(boundary_source)
    frames: dict[str, pd.DataFrame] = {
        "countries": countries_layer(countries, seeds, boundary_source),
        "borders": borders_layer(summaries, measured, boundary_source.land_only),
        "eastern_shield": program_layer(seeds.programs["eastern_shield"], by_pair, measured),
        "baltic_defence_line": program_layer(
            seeds.programs["baltic_defence_line"], by_pair, measured
        ),
        "suwalki_gap": suwalki_layer(countries, seeds, tolerance_m, measured),
        "places": places_layer(seeds),
        "programmes": programmes_table(seeds),
        "programme_segments": segments_table(seeds),
        "programme_notes": notes_table(seeds),
        "events": events_layer(seeds),
    }
    cited = set().union(*(cited_ids(frame) for frame in frames.values()))
    frames["sources"] = sources_layer(seeds, boundary_source, cited)
    frames = {name: frames[name] for name in LAYER_ORDER}
    if annotations:
        frames["annotations"] = annotations_layer(annotations)
    return Layers(frames, boundary_source, summaries, seeds.data_as_of, tuple(annotations))


def measured_on(source: BoundarySource) -> dict[str, str]:
    """The fields every measured length carries: what it was measured on, as one line for
    people and as the source id (a key into ``sources``) and scale for filtering."""
    return {
        "measured_with": f"{source.name} {source.version} ({source.scale})",
        "length_source_id": source.id,
        "length_scale": source.scale,
    }


def countries_layer(
    countries: gpd.GeoDataFrame, seeds: Seeds, source: BoundarySource
) -> gpd.GeoDataFrame:
    box = shapely.box(*CONTEXT_BOX)
    keep = countries[countries.intersects(box) | countries["iso3"].isin(list(seeds.countries))]
    rows = []
    for iso3, name, geom in zip(keep["iso3"], keep["name"], keep.geometry, strict=True):
        country = seeds.countries.get(iso3)
        # The earliest event of each kind is the headline (e.g. the Sejm vote before the Senate's);
        # the withdrawal columns take only the steps after the Convention entered into force
        # (Finland's 2011 vote to join is not its withdrawal vote).
        events = sorted(country.events, key=lambda e: e.date, reverse=True) if country else []
        dates = {e.kind: e for e in events}
        in_force = dates["in_force"].date if "in_force" in dates else None
        later = {e.kind: e for e in events if in_force is None or e.date > in_force}
        ids = sorted(
            {i for e in dates.values() for i in e.source}
            | set(country.status_source if country else ())
        )
        rows.append(
            {
                "iso3": iso3,
                "name_en": country.names["en"] if country else name,
                "name_pl": country.names["pl"] if country else "",
                "name_local": country.names.get("local", "") if country else "",
                "role": country.role if country else "context",
                "focus": bool(country.focus) if country else False,
                "ottawa_status": country.ottawa_status if country else "",
                "ottawa_status_source": join_ids(_status_source(country)) if country else "",
                "ottawa_joined": _date(dates, "joined"),
                "ottawa_in_force": _date(dates, "in_force"),
                "withdrawal_announced": _date(later, "announced"),
                "withdrawal_vote": _date(later, "parliament_vote"),
                "withdrawal_deposited": _date(later, "withdrawal_deposited"),
                "withdrawal_effective": _date(later, "withdrawal_effective"),
                "area_km2": round(abs(_GEOD.geometry_area_perimeter(geom)[0]) / 1e6, 1),
                "source_ids": join_ids(ids),
                "boundary_source": source.id,
                "geometry": geom,
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)


def _status_source(country: Country) -> tuple[str, ...]:
    """Where the treaty status is stated: its own sources, else those of the latest step."""
    if country.status_source or country.ottawa_status == "unknown":
        return country.status_source
    latest = max(country.events, key=lambda e: (e.date, e.kind), default=None)
    return latest.source if latest else ()


def _date(events: Mapping[str, Event], kind: str) -> str:
    event = events.get(kind)
    return event.date.isoformat() if event is not None else ""


def borders_layer(
    summaries: list[BorderSummary], measured: dict[str, str], land_only: bool = False
) -> gpd.GeoDataFrame:
    """One row per border; on a land-only source, ``length_note`` warns where water is missed."""
    rows = []
    for s in summaries:
        headline = s.headline_official
        cia = next((o for o in s.official if o.kind == "cia"), None)
        barrier = s.barriers[0] if s.barriers else None
        diff = s.difference_pct
        rows.append(
            {
                "pair": s.border.pair,
                "a_iso3": s.border.a_iso3,
                "b_iso3": s.border.b_iso3,
                "region": s.border.region,
                "length_km": round(s.length_km, 2),
                "vertices": s.border.vertices,
                **measured,
                "length_note": water_note(s.border) if land_only else "",
                "official_km": headline.km if headline else None,
                "official_kind": headline.kind if headline else "",
                "official_source": join_ids(headline.source) if headline else "",
                "cia_km": cia.km if cia else None,
                "cia_source": join_ids(cia.source) if cia else "",
                "difference_pct": None if diff is None else round(diff, 1),
                "barrier": s.barrier_summary("en"),
                "barrier_km": barrier.length_km if barrier else None,
                "barrier_status": barrier.status if barrier else "",
                "barrier_year": barrier.year if barrier else None,
                "barrier_source": join_ids(i for b in s.barriers for i in b.source),
                "geometry": s.border.geometry,
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)


def program_layer(
    program: Program, by_pair: dict[str, BorderSummary], measured: dict[str, str]
) -> gpd.GeoDataFrame:
    """One row per border the program runs along; the geometry is that border line.

    A row holds only what is true of that stretch (which border, who builds it, how long it
    is) and the keys into ``programmes`` and ``programme_segments``, where the budget,
    progress and other programme-wide figures stand once, so summing a column never counts a
    figure twice.
    """
    segments = {pair: seg for seg in program.segments for pair in seg.borders}
    rows = []
    pairs = list(dict.fromkeys(list(program.borders) + list(segments)))
    for pair in pairs:
        summary = by_pair.get(pair)
        if summary is None:
            continue
        segment = segments.get(pair)
        rows.append(
            {
                "program_id": program.id,
                "segment_id": segment_id(program, segment.iso3) if segment else "",
                "country_iso3": segment.iso3 if segment else summary.border.a_iso3,
                "follows_border": pair,
                "region": summary.border.region,
                "length_km": round(summary.length_km, 2),
                **measured,
                "geometry": summary.border.geometry,
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)


def segment_id(program: Program, iso3: str) -> str:
    """Key of one country's part of a programme, e.g. ``baltic_defence_line:LVA``."""
    return f"{program.id}:{iso3}"


def _budget_fields(budget: Budget | None) -> dict[str, object]:
    return {
        "budget_amount": budget.amount if budget else None,
        "budget_currency": budget.currency if budget else "",
        "budget_period": budget.period["en"] if budget and budget.period else "",
        "budget_note_en": budget.note["en"] if budget and budget.note else "",
        "budget_note_pl": budget.note["pl"] if budget and budget.note else "",
        "budget_source": join_ids(budget.source) if budget else "",
    }


def programmes_table(seeds: Seeds) -> pd.DataFrame:
    """One row per programme: the programme-wide figures, each once, with its sources."""
    rows = []
    for program in seeds.programs.values():
        progress = program.progress
        rows.append(
            {
                "program_id": program.id,
                "name_en": program.name["en"],
                "name_pl": program.name["pl"],
                "countries": ",".join(program.countries),
                "borders": ",".join(program.borders),
                "announced": program.announced.isoformat() if program.announced else "",
                **_budget_fields(program.budget),
                "claimed_length_km": program.claimed_length_km,
                "claimed_length_source": join_ids(program.length_source),
                "target_year": program.target_year,
                "components_en": "; ".join(c["en"] for c in program.components),
                "components_pl": "; ".join(c["pl"] for c in program.components),
                "summary_en": program.summary["en"],
                "summary_pl": program.summary["pl"],
                "progress_as_of": progress.as_of.isoformat() if progress else "",
                "progress_km": progress.km_done if progress else None,
                "progress_en": progress.text["en"] if progress else "",
                "progress_pl": progress.text["pl"] if progress else "",
                "progress_source": join_ids(progress.source) if progress else "",
                "source_ids": join_ids(program.source),
            }
        )
    return pd.DataFrame(rows)


def segments_table(seeds: Seeds) -> pd.DataFrame:
    """One row per country's part of a multi-country programme, with its own budget."""
    rows = [
        {
            "segment_id": segment_id(program, segment.iso3),
            "program_id": program.id,
            "country_iso3": segment.iso3,
            "borders": ",".join(segment.borders),
            **_budget_fields(segment.budget),
            "description_en": segment.description["en"],
            "description_pl": segment.description["pl"],
            "source_ids": join_ids(segment.source),
        }
        for program in seeds.programs.values()
        for segment in program.segments
    ]
    return pd.DataFrame(rows, columns=list(_SEGMENT_COLUMNS))


def notes_table(seeds: Seeds) -> pd.DataFrame:
    """The further sourced statements about each programme, one row each, in seed order."""
    rows = [
        {
            "program_id": program.id,
            "note_no": number,
            "date": note.date.isoformat() if note.date else "",
            "text_en": note.text["en"],
            "text_pl": note.text["pl"],
            "source_ids": join_ids(note.source),
        }
        for program in seeds.programs.values()
        for number, note in enumerate(program.notes, start=1)
    ]
    return pd.DataFrame(rows, columns=list(_NOTE_COLUMNS))


# Column order of the two tables that can be empty (no segments, no notes in the seeds).
_SEGMENT_COLUMNS = (
    "segment_id",
    "program_id",
    "country_iso3",
    "borders",
    "budget_amount",
    "budget_currency",
    "budget_period",
    "budget_note_en",
    "budget_note_pl",
    "budget_source",
    "description_en",
    "description_pl",
    "source_ids",
)
_NOTE_COLUMNS = ("program_id", "note_no", "date", "text_en", "text_pl", "source_ids")


def suwalki_layer(
    countries: gpd.GeoDataFrame, seeds: Seeds, tolerance_m: float | None, measured: dict[str, str]
) -> gpd.GeoDataFrame:
    border: Border = suwalki_border(countries, tolerance_m)
    gap = kaliningrad_belarus_gap(countries)
    facts = seeds.border("POL-LTU")
    official = facts.official[0] if facts and facts.official else None
    # the gap's published width (seeds: the place that names it, with its source)
    width = next((p for p in seeds.places if p.width_km is not None), None)
    rows = [
        {
            "feature": "pl_lt_border",
            "name_en": "Polish–Lithuanian border (Suwałki Gap)",
            "name_pl": "Granica polsko-litewska (przesmyk suwalski)",
            "length_km": round(border.length_km, 2),
            **measured,
            "official_km": official.km if official else None,
            "official_source": join_ids(official.source) if official else "",
            "geometry": border.geometry,
        },
        {
            "feature": "kaliningrad_belarus_shortest",
            "name_en": "Shortest line from Kaliningrad Oblast to Belarus",
            "name_pl": "Najkrótsza linia z obwodu królewieckiego do Białorusi",
            "length_km": round(geodesic_km(gap), 2),
            **measured,
            "official_km": width.width_km if width else None,
            "official_source": join_ids(width.source) if width else "",
            "geometry": gap,
        },
    ]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)


def places_layer(seeds: Seeds) -> gpd.GeoDataFrame:
    rows = [
        {
            "place_id": p.id,
            "name_en": p.names["en"],
            "name_pl": p.names["pl"],
            "name_local": p.names.get("local", ""),
            "iso3": p.iso3,
            "kind": p.kind,
            "note_en": p.note["en"] if p.note else "",
            "note_pl": p.note["pl"] if p.note else "",
            "source_ids": join_ids(p.source),
            "geometry": shapely.Point(p.lon, p.lat),
        }
        for p in seeds.places
    ]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)


def sources_layer(seeds: Seeds, boundary_source: BoundarySource, cited: set[str]) -> pd.DataFrame:
    """The bibliography of these layers: the boundary source, then every source they cite.

    Sources that only a left-out layer would cite (e.g. Finland's border without
    ``--finland``) are left out with it, so every row is cited somewhere.
    """
    rows = [
        {
            "id": s.id,
            "publisher": s.publisher,
            "title": s.title,
            "date": s.date,
            "url": s.url,
            "licence": "",
        }
        for s in sorted(seeds.sources.values(), key=lambda s: s.id)
        if s.id in cited
    ]
    rows.insert(
        0,
        {
            "id": boundary_source.id,
            "publisher": boundary_source.publisher or "user",
            "title": f"{boundary_source.name}, point of view: {boundary_source.point_of_view}",
            "date": "",
            "url": boundary_source.url,
            "licence": boundary_licence(boundary_source).title,
        },
    )
    return pd.DataFrame(rows)


def events_layer(seeds: Seeds) -> pd.DataFrame:
    rows = []
    for country in sorted(seeds.countries.values(), key=lambda c: c.iso3):
        for event in sorted(country.events, key=lambda e: (e.date, e.kind)):
            votes = event.votes or {}
            rows.append(
                {
                    "iso3": country.iso3,
                    "country_en": country.names["en"],
                    "kind": event.kind,
                    "date": event.date.isoformat(),
                    "votes_for": votes.get("for"),
                    "votes_against": votes.get("against"),
                    "votes_abstain": votes.get("abstain"),
                    "note_en": event.note["en"] if event.note else "",
                    "note_pl": event.note["pl"] if event.note else "",
                    "source_ids": join_ids(event.source),
                }
            )
    frame = pd.DataFrame(rows)
    for column in ("votes_for", "votes_against", "votes_abstain"):
        frame[column] = frame[column].astype("Int64")
    return frame


def annotations_layer(annotations: tuple[Annotation, ...]) -> gpd.GeoDataFrame:
    rows = [
        {
            "annotation_id": a.id,
            "label_en": a.text("label", "en"),
            "label_pl": a.text("label", "pl"),
            "note_en": a.text("note", "en"),
            "note_pl": a.text("note", "pl"),
            "url": a.url or "",
            "source": a.text("source", "en"),
            "color": a.style.color,
            "marker": a.style.marker if a.kind == "point" else "",
            "dash": a.style.dash if a.kind != "point" else "",
            "geometry_kind": a.geometry.geom_type,
            "geometry": a.geometry,
        }
        for a in annotations
    ]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)
