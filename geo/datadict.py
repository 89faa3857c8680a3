"""The data dictionary of the published layers, and the README generated from it.

``FIELDS`` and ``LAYER_INFO`` are the one place where a layer's fields are explained; the
GeoPackage aliases, the QGIS metadata and ``layers/README.md`` are all drawn from them, and a test
checks that every column of every built layer is documented here.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd

from geo import __version__, citation

if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterable

    from geo.boundaries import BoundarySource


class Field(NamedTuple):
    """One documented column: a short alias for GIS tools, its unit ('' if none), its meaning,
    and its type (text, integer, real, boolean); export casts the column to that type, so a
    layer keeps its schema when a column happens to be all empty."""

    alias: str
    unit: str
    meaning: str
    type: str = "text"


class LayerInfo(NamedTuple):
    title: str
    abstract: str
    derivation: str


DATE = "ISO 8601 date"
IDS = "source ids, comma-separated"
MEASURED = "boundary source, version and scale the length was measured on"
_LENGTH_SOURCE = Field(
    "Length source", "", "Id of the boundary source the length was measured on (sources)."
)
_LENGTH_SCALE = Field(
    "Length scale", "", "Scale or resolution of that source's outlines, e.g. 1:10,000,000."
)

_GEODESIC = (
    "Lengths are geodesic on the WGS84 ellipsoid (pyproj.Geod), measured on the lon/lat "
    "boundary lines before any simplification, at the scale of the boundary source, which is "
    "why they fall short of official figures measured on detailed surveys."
)

LAYER_INFO: dict[str, LayerInfo] = {
    "countries": LayerInfo(
        "Countries",
        "Country polygons around the Baltic: the five states that left the Ottawa Convention "
        "(Poland, Lithuania, Latvia, Estonia, Finland), Russia and Belarus, and their neighbours "
        "for context, with treaty status and dates.",
        "Polygons of the boundary source, unchanged; countries kept when they reach into the box "
        "9 to 42°E, 47 to 71°N or are named in the seeds. Role, Ottawa status and dates come from "
        "seeds/countries.yaml; areas are geodesic on the WGS84 ellipsoid.",
    ),
    "borders": LayerInfo(
        "Borders with Russia and Belarus",
        "Every land border of Poland, Lithuania, Latvia and Estonia with Russia (Kaliningrad "
        "Oblast and mainland) and Belarus: measured and official length, and the barriers on it.",
        "Exact shared arcs of the two country polygons (the vertices both outlines have in "
        "common; for user boundary files, the part of the first outline within the snap "
        "tolerance of the second), merged into as few lines as possible; Russia is split into "
        "Kaliningrad Oblast and the mainland. " + _GEODESIC + " Official lengths and barriers "
        "come from seeds/borders.yaml with their sources.",
    ),
    "eastern_shield": LayerInfo(
        "Eastern Shield (Tarcza Wschód)",
        "Poland's fortification programme along its borders with Belarus and Kaliningrad Oblast: "
        "where it runs. Budget, progress and sources are in the programmes table.",
        "One row per border the programme runs along; the geometry is that border line from the "
        "borders layer (true geometry, not a surveyed alignment), with follows_border naming "
        "it. Rows carry only what is true of that stretch plus program_id, the key into "
        "programmes. " + _GEODESIC,
    ),
    "baltic_defence_line": LayerInfo(
        "Baltic Defence Line",
        "The Estonian, Latvian and Lithuanian fortification programme along their borders with "
        "Russia and Belarus: where it runs. National budgets are in programme_segments.",
        "One row per border a national segment runs along; the geometry is that border line from "
        "the borders layer, with follows_border naming it. Rows carry only what is true of that "
        "stretch plus program_id and segment_id, the keys into programmes and "
        "programme_segments. " + _GEODESIC,
    ),
    "programmes": LayerInfo(
        "Programmes",
        "One row per fortification programme: announced budget, claimed length, target year, "
        "components, latest progress, each with its sources.",
        "seeds/programs.yaml, one row per programme. Each figure stands once, so sums over "
        "the table do not double count; join the line layers on program_id.",
    ),
    "programme_segments": LayerInfo(
        "Programme segments",
        "One row per country's part of a multi-country programme (the Baltic Defence Line), "
        "with that country's own budget and sources.",
        "The segments of seeds/programs.yaml. A programme's money is either programme-wide "
        "(programmes) or per country (here), never both, so each budget stands once; join the "
        "line layers on segment_id.",
    ),
    "programme_notes": LayerInfo(
        "Programme notes",
        "Further dated, sourced statements about each programme: announcements, construction "
        "milestones, funding requests.",
        "The notes of seeds/programs.yaml, one row per note, in seed order.",
    ),
    "suwalki_gap": LayerInfo(
        "Suwałki Gap",
        "The Polish-Lithuanian border between Kaliningrad Oblast and Belarus, and the shortest "
        "straight line from Kaliningrad Oblast to Belarus.",
        "The PL-LT border is the exact shared arc of the two polygons; the shortest line is "
        "found in an azimuthal equidistant projection centred on the gap and measured "
        "geodesically. " + _GEODESIC,
    ),
    "places": LayerInfo(
        "Places",
        "Capitals and the towns the stories name.",
        "Points typed in seeds/places.yaml (WGS84 lon/lat); the source ids say why a place is on "
        "the map, not where its coordinates come from.",
    ),
    "sources": LayerInfo(
        "Sources",
        "The bibliography: every source cited by an id in the other layers, and the boundary "
        "source itself (first row).",
        "seeds/sources.yaml, plus one row for the boundary source with its licence.",
    ),
    "events": LayerInfo(
        "Ottawa Convention events",
        "Dated treaty steps per country: signature, accession, entry into force, and the steps "
        "of withdrawal.",
        "The events of seeds/countries.yaml, one row per event, sorted by country and date.",
    ),
    "annotations": LayerInfo(
        "Annotations",
        "A newsroom's own points, lines and shaded areas, given with --annotations.",
        "The validated annotations file (YAML or GeoJSON, WGS84), one row per annotation. "
        "Exported as annotations_points, annotations_lines and annotations_areas, one geometry "
        "type each, because GeoPackage, FlatGeobuf and QGIS want one geometry type per layer.",
    ),
}
_ANNOTATION_PARTS = {
    "annotations_points": "points",
    "annotations_lines": "lines",
    "annotations_areas": "areas",
}
for _part, _kind in _ANNOTATION_PARTS.items():
    LAYER_INFO[_part] = LayerInfo(
        f"Annotations ({_kind})",
        f"The {_kind} of the annotations layer: a newsroom's own notes on the map.",
        LAYER_INFO["annotations"].derivation,
    )


def info(name: str) -> LayerInfo:
    """The layer's title, abstract and derivation; a placeholder for a layer not yet described."""
    return LAYER_INFO.get(name, LayerInfo(name, f"The {name} layer.", "Not documented yet."))


_PROGRAM_LINE: dict[str, Field] = {
    "program_id": Field("Programme id", "", "Key into the programmes table."),
    "segment_id": Field(
        "Segment id",
        "",
        "Key into programme_segments (programme:country) for a multi-country programme; "
        "empty when the programme has no national segments.",
    ),
    "country_iso3": Field("Country", "ISO 3166-1 alpha-3", "Country building this stretch."),
    "follows_border": Field(
        "Follows border", "", "Pair of the border (borders layer) this row's geometry is."
    ),
    "region": Field("Region", "", "Part of Russia the border touches; empty for Belarus."),
    "length_km": Field(
        "Measured length",
        "km",
        "Geodesic length of this border line; summing the rows gives the programme's measured "
        "length.",
        type="real",
    ),
    "measured_with": Field("Measured on", "", MEASURED),
    "length_source_id": _LENGTH_SOURCE,
    "length_scale": _LENGTH_SCALE,
}

_BUDGET: dict[str, Field] = {
    "budget_amount": Field(
        "Budget",
        "see budget_currency",
        "Money announced, stated once here and nowhere else, so it can be summed per currency.",
        type="real",
    ),
    "budget_currency": Field("Currency", "ISO 4217", "Currency of budget_amount."),
    "budget_period": Field("Budget period", "", "Years the budget covers, as announced."),
    "budget_note_en": Field("Budget note", "", "What the budget covers, in English."),
    "budget_note_pl": Field("Budget note (PL)", "", "What the budget covers, in Polish."),
    "budget_source": Field("Budget sources", IDS, "Where the budget is stated."),
}

_PROGRAMMES: dict[str, Field] = {
    "program_id": Field("Programme id", "", "Stable id of the programme in the seeds."),
    "name_en": Field("Programme", "", "Name of the programme in English."),
    "name_pl": Field("Programme (PL)", "", "Name of the programme in Polish."),
    "countries": Field(
        "Countries", "ISO 3166-1 alpha-3, comma-separated", "Countries taking part."
    ),
    "borders": Field("Borders", "border pairs, comma-separated", "Borders it runs along."),
    "announced": Field("Announced", DATE, "Date the programme was announced."),
    **_BUDGET,
    "claimed_length_km": Field(
        "Claimed length",
        "km",
        "Length of the whole programme as announced (all borders).",
        type="real",
    ),
    "claimed_length_source": Field("Claimed length sources", IDS, "Where it is stated."),
    "target_year": Field(
        "Target year", "year", "Year the programme is due to be finished.", type="integer"
    ),
    "components_en": Field("Components", "", "What is being built, '; '-separated, in English."),
    "components_pl": Field("Components (PL)", "", "The same in Polish."),
    "summary_en": Field("Summary", "", "The programme in brief, in English."),
    "summary_pl": Field("Summary (PL)", "", "The programme in brief, in Polish."),
    "progress_as_of": Field("Progress as of", DATE, "Date of the latest progress report."),
    "progress_km": Field("Progress", "km", "Length reported done on progress_as_of.", type="real"),
    "progress_en": Field("Progress report", "", "The latest progress report, in English."),
    "progress_pl": Field("Progress report (PL)", "", "The latest progress report, in Polish."),
    "progress_source": Field("Progress sources", IDS, "Where the progress report is stated."),
    "source_ids": Field("Sources", IDS, "Sources for the programme as a whole."),
}

_SEGMENTS: dict[str, Field] = {
    "segment_id": Field("Segment id", "", "programme:country, the key the line layers use."),
    "program_id": Field("Programme id", "", "Key into the programmes table."),
    "country_iso3": Field("Country", "ISO 3166-1 alpha-3", "Country building this part."),
    "borders": Field("Borders", "border pairs, comma-separated", "Borders this part runs along."),
    **_BUDGET,
    "description_en": Field("Description", "", "This country's part, in English."),
    "description_pl": Field("Description (PL)", "", "This country's part, in Polish."),
    "source_ids": Field("Sources", IDS, "Sources for this part."),
}

_NOTES: dict[str, Field] = {
    "program_id": Field("Programme id", "", "Key into the programmes table."),
    "note_no": Field(
        "Note", "number", "Position of the note in the programme's seed list.", type="integer"
    ),
    "date": Field("Date", DATE, "Date of the event the note reports; empty when not known."),
    "text_en": Field("Text", "", "The statement, in English."),
    "text_pl": Field("Text (PL)", "", "The statement, in Polish."),
    "source_ids": Field("Sources", IDS, "Where it is stated."),
}

FIELDS: dict[str, dict[str, Field]] = {
    "countries": {
        "iso3": Field("ISO code", "ISO 3166-1 alpha-3", "Country code."),
        "name_en": Field("Name", "", "Country name in English."),
        "name_pl": Field("Name (PL)", "", "Country name in Polish; empty for context countries."),
        "name_local": Field("Local name", "", "Name in the country's own language, if seeded."),
        "role": Field(
            "Role",
            "withdrawing / adversary / context",
            "withdrawing: leaving the Ottawa Convention; adversary: Russia, Belarus; "
            "context: shown for orientation.",
        ),
        "focus": Field(
            "Focus", "boolean", "True for countries the stories are about.", type="boolean"
        ),
        "ottawa_status": Field(
            "Ottawa status",
            "withdrawn / party / never_joined / suspension_pending / unknown",
            "Status under the Ottawa (mine ban) Convention, per the seeds; empty: not recorded "
            "(context countries).",
        ),
        "ottawa_status_source": Field(
            "Ottawa status sources",
            IDS,
            "Where the status is stated: its own sources, else those of the latest treaty step.",
        ),
        "ottawa_joined": Field("Joined Ottawa", DATE, "Date the country joined the Convention."),
        "ottawa_in_force": Field("In force", DATE, "Date the Convention entered into force."),
        "withdrawal_announced": Field("Withdrawal announced", DATE, "Date it was announced."),
        "withdrawal_vote": Field(
            "Parliament vote",
            DATE,
            "Date parliament voted to withdraw (or suspend): first vote after entry into force.",
        ),
        "withdrawal_deposited": Field(
            "Withdrawal deposited", DATE, "Date the withdrawal notice reached the UN."
        ),
        "withdrawal_effective": Field(
            "Withdrawal effective", DATE, "Date the withdrawal takes effect (six months later)."
        ),
        "area_km2": Field(
            "Area", "km²", "Geodesic area of the polygon on WGS84, 0.1 km².", type="real"
        ),
        "source_ids": Field("Sources", IDS, "Sources for the dates."),
        "boundary_source": Field("Boundary source", "", "Id of the boundary source (sources)."),
    },
    "borders": {
        "pair": Field("Border", "", "ISO3 pair, withdrawing state first, e.g. POL-BLR."),
        "a_iso3": Field("Country A", "ISO 3166-1 alpha-3", "The withdrawing state."),
        "b_iso3": Field("Country B", "ISO 3166-1 alpha-3", "Russia or Belarus."),
        "region": Field("Region", "", "Part of Russia the border touches; empty for Belarus."),
        "length_km": Field(
            "Measured length", "km", "Geodesic length of the line, 0.01 km.", type="real"
        ),
        "vertices": Field(
            "Vertices", "count", "Vertices of the line (a sign of its detail).", type="integer"
        ),
        "measured_with": Field("Measured on", "", MEASURED),
        "length_source_id": _LENGTH_SOURCE,
        "length_scale": _LENGTH_SCALE,
        "length_note": Field(
            "Length note",
            "",
            "Why the length may be short: on a land-only source (osm-land-10m), the water the "
            "border crosses and that is not measured; empty otherwise.",
        ),
        "official_km": Field("Official length", "km", "Headline official length.", type="real"),
        "official_kind": Field(
            "Official kind", "national / cia", "national agency figure, or CIA World Factbook."
        ),
        "official_source": Field("Official sources", IDS, "Where the official length is given."),
        "cia_km": Field("CIA length", "km", "Length in the CIA World Factbook.", type="real"),
        "cia_source": Field("CIA sources", IDS, "The Factbook entry cited."),
        "difference_pct": Field(
            "Difference", "%", "100 * (measured - official) / official, to 0.1 %.", type="real"
        ),
        "barrier": Field("Barriers", "", "Barriers on this border, in English, '; '-separated."),
        "barrier_km": Field(
            "Barrier length", "km", "Length of the first barrier listed.", type="real"
        ),
        "barrier_status": Field(
            "Barrier status", "complete / under_construction / planned", "Of the first barrier."
        ),
        "barrier_year": Field("Barrier year", "year", "Year of that status.", type="integer"),
        "barrier_source": Field("Barrier sources", IDS, "Sources for all barriers listed."),
    },
    "eastern_shield": _PROGRAM_LINE,
    "baltic_defence_line": _PROGRAM_LINE,
    "programmes": _PROGRAMMES,
    "programme_segments": _SEGMENTS,
    "programme_notes": _NOTES,
    "suwalki_gap": {
        "feature": Field(
            "Feature", "", "pl_lt_border or kaliningrad_belarus_shortest (the narrowest gap)."
        ),
        "name_en": Field("Name", "", "Name in English."),
        "name_pl": Field("Name (PL)", "", "Name in Polish."),
        "length_km": Field(
            "Measured length", "km", "Geodesic length of the line, 0.01 km.", type="real"
        ),
        "measured_with": Field("Measured on", "", MEASURED),
        "length_source_id": _LENGTH_SOURCE,
        "length_scale": _LENGTH_SCALE,
        "official_km": Field(
            "Published length",
            "km",
            "Official length of the PL-LT border; published width (about) of the gap.",
            type="real",
        ),
        "official_source": Field("Official sources", IDS, "Where the official length is given."),
    },
    "places": {
        "place_id": Field("Place id", "", "Stable id of the place in the seeds."),
        "name_en": Field("Name", "", "Name in English."),
        "name_pl": Field("Name (PL)", "", "Name in Polish."),
        "name_local": Field("Local name", "", "Name in the local language, if seeded."),
        "iso3": Field("Country", "ISO 3166-1 alpha-3", "Country the place is in."),
        "kind": Field("Kind", "capital / city / town", "What sort of place it is."),
        "note_en": Field("Note", "", "Why the place matters, in English."),
        "note_pl": Field("Note (PL)", "", "Why the place matters, in Polish."),
        "source_ids": Field("Sources", IDS, "Why the place is on the map."),
    },
    "sources": {
        "id": Field("Source id", "", "Id the other layers cite."),
        "publisher": Field("Publisher", "", "Who published it."),
        "title": Field("Title", "", "Title of the publication or page."),
        "date": Field("Date", "YYYY-MM-DD, YYYY-MM or YYYY", "Publication date, if known."),
        "url": Field("URL", "", "Where to read it."),
        "licence": Field(
            "Licence",
            "",
            "Licence of the boundary source (first row). Empty for publications: only facts "
            "drawn from them are used, restated in our own words under CC BY 4.0.",
        ),
    },
    "events": {
        "iso3": Field("Country", "ISO 3166-1 alpha-3", "Country taking the step."),
        "country_en": Field("Country name", "", "Country name in English."),
        "kind": Field("Step", "", "signed, joined, in_force, announced, parliament_vote, ..."),
        "date": Field("Date", DATE, "Date of the step."),
        "votes_for": Field(
            "Votes for", "votes", "Parliament votes for, if a vote.", type="integer"
        ),
        "votes_against": Field(
            "Votes against", "votes", "Parliament votes against.", type="integer"
        ),
        "votes_abstain": Field("Abstentions", "votes", "Parliament abstentions.", type="integer"),
        "note_en": Field("Note", "", "Detail, in English."),
        "note_pl": Field("Note (PL)", "", "Detail, in Polish."),
        "source_ids": Field("Sources", IDS, "Sources for the step."),
    },
    "annotations": {
        "annotation_id": Field(
            "Annotation id", "", "Id from the file, or one made from its label."
        ),
        "label_en": Field("Label", "", "Label in English (or the only language given)."),
        "label_pl": Field("Label (PL)", "", "Label in Polish, falling back to English."),
        "note_en": Field("Note", "", "Note in English, if any."),
        "note_pl": Field("Note (PL)", "", "Note in Polish, falling back to English."),
        "url": Field("URL", "", "Link given with the annotation (http or https)."),
        "source": Field("Source", "", "The source the link leads to, as the newsroom named it."),
        "color": Field("Colour", "", "Colour name from the map's style table."),
        "marker": Field("Marker", "", "Point marker: dot, square, triangle or cross."),
        "dash": Field("Dash", "", "Line or outline pattern: solid, dashed or dotted."),
        "geometry_kind": Field(
            "Geometry", "Point / LineString / Polygon", "Geometry type of the row."
        ),
    },
}
for _part in _ANNOTATION_PARTS:
    FIELDS[_part] = FIELDS["annotations"]

#: Columns rows are sorted by, so output does not depend on upstream row order.
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "countries": ("iso3",),
    "borders": ("pair", "region"),
    "eastern_shield": ("follows_border", "region", "country_iso3"),
    "baltic_defence_line": ("follows_border", "region", "country_iso3"),
    "programmes": ("program_id",),
    "programme_segments": ("segment_id",),
    "programme_notes": ("program_id", "note_no"),
    "suwalki_gap": ("feature",),
    "places": ("place_id",),
    "sources": ("id",),
    "events": ("iso3", "date", "kind"),
    "annotations": ("annotation_id",),
    "annotations_points": ("annotation_id",),
    "annotations_lines": ("annotation_id",),
    "annotations_areas": ("annotation_id",),
}


def undocumented(frames: dict[str, pd.DataFrame]) -> list[str]:
    """``layer.column`` for every column the dictionary lacks (geometry excluded)."""
    missing = []
    for name, frame in frames.items():
        documented = FIELDS.get(name, {})
        geometry = getattr(frame, "_geometry_column_name", None)
        missing += [f"{name}.{c}" for c in frame.columns if c != geometry and c not in documented]
    return missing


# --------------------------------------------------------------------------- Markdown

# Characters that change meaning in Markdown or in the HTML a renderer produces.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")
# A URL safe to print as a CommonMark autolink: http(s), nothing that ends or breaks it.
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`|\[\]\\]+$")


def md(text: object) -> str:
    """Seed text made inert for one Markdown table cell or line: one line, no markup, no HTML."""
    flat = " ".join(str(text).split()) if text is not None and not pd.isna(text) else ""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def md_url(url: object) -> str:
    text = "" if url is None or pd.isna(url) else str(url).strip()
    return f"<{text}>" if _SAFE_URL.match(text) else md(text)


def _table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    head = list(header)
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def attribution(source: BoundarySource) -> str:
    """The credit line to print under any map made from these layers."""
    licence = citation.boundary_licence(source).title
    return (
        f"Boundaries: {source.attribution} ({source.name} {source.version}, {licence}); "
        f"facts: shieldmap seeds ({citation.FACTS_LICENCE.name}), see sources"
    )


def render_readme(
    frames: dict[str, pd.DataFrame],
    source: BoundarySource,
    files: dict[str, list[str]],
    crs: str,
    data_as_of: datetime.date | None = None,
) -> str:
    """The README of a layer bundle.

    Parameters
    ----------
    frames
        The layers as written (rows sorted), in publication order.
    source
        The boundary source the layers were built from.
    files
        Format label -> file names written, in order.
    crs
        The CRS of the GeoPackage, FlatGeobuf and GeoParquet files, e.g. ``"EPSG:4326"``.
    data_as_of
        The newest dated fact in the seeds.
    """
    as_of = f", data as of **{data_as_of.isoformat()}**" if data_as_of else ""
    tables = [n for n, f in frames.items() if getattr(f, "_geometry_column_name", None) is None]
    out = [
        "# shieldmap layers",
        "",
        "GIS layers of the fortified borders of Poland, Lithuania, Latvia and Estonia with Russia "
        "(including Kaliningrad Oblast) and Belarus. Generated by `shieldmap layers`; do not edit "
        "by hand — edit `seeds/` and regenerate.",
        "",
        f"Version **{__version__}** (released {citation.RELEASED.isoformat()}){as_of}: the "
        "newest dated event, report or source in the seeds.",
        "",
        "Attribution to print with any map or figure made from these layers:",
        "",
        f"> {md(attribution(source))}",
        "",
        "## How to cite",
        "",
        f"> {md(citation.citation(data_as_of))}",
        "",
        "`CITATION.cff` holds the same in Citation File Format; `datapackage.json` describes "
        "every file and field as a Frictionless Data Package, with each file's licences and "
        "SHA-256.",
        "",
        "## Licences",
        "",
        *_licence_lines(source),
        "",
        "## Files",
        "",
    ]
    listed = {
        **files,
        "Documentation and citation": ["README.md", "CITATION.cff", "datapackage.json"],
    }
    out += _table(
        ("format", "files"), ((k, ", ".join(f"`{n}`" for n in v)) for k, v in listed.items())
    )
    out += [
        "",
        f"- GeoPackage, FlatGeobuf and GeoParquet are in **{md(crs)}**. GeoJSON is RFC 7946 and "
        "always WGS84 lon/lat (EPSG:4326), 6 decimals (about 10 cm). CSV is always WGS84 too, "
        "with the geometry as WKT in a `geometry` column, 6 decimals.",
        f"- {', '.join(f'`{n}`' for n in tables)} have no geometry: they are attribute tables in "
        "the GeoPackage and CSV files; GeoJSON, FlatGeobuf and GeoParquet hold the spatial "
        "layers only.",
        "- `shieldmap.gpkg` carries a QGIS style per layer (`layer_styles`, applied on load) and "
        "QGIS layer metadata; `shieldmap.qgs` opens every layer at once, styled, with the same "
        "metadata, in EPSG:3035.",
        "- Lengths are measured geodesically on WGS84 **before** any simplification and are "
        "published next to the boundary source and its scale; they are not comparable with "
        "lengths measured in a projected CRS.",
        "",
        "## One row per fact",
        "",
        "Every figure stands in exactly one row, so any numeric column can be summed without "
        "counting a figure twice:",
        "",
        "- `programmes` has one row per programme: announced budget, currency and period, "
        "claimed length, target year, components and the latest progress, each with its own "
        "source column (`budget_source`, `claimed_length_source`, `progress_source`).",
        "- `programme_segments` has one row per country's part of a multi-country programme, "
        "with that country's own budget; a programme's money is either programme-wide or per "
        "country, never both. Sum `budget_amount` of both tables per `budget_currency` for the "
        "total announced.",
        "- The line layers `eastern_shield` and `baltic_defence_line` hold one row per border a "
        "programme runs along, with only what is true of that stretch (border, country, "
        "measured length) and the keys `program_id` and `segment_id`; join them to the two "
        "tables above for money and progress. Summing their `length_km` gives the measured "
        "length of the programme's borders.",
        "- `programme_notes` holds further dated statements about each programme, one per row, "
        "with sources.",
        "- Every fact keeps its source: each sourced value has a `*_source` or `source_ids` "
        "column beside it, whose ids are rows of `sources`; every entry of `sources` is cited "
        "by some layer.",
        "",
        "## Layers",
        "",
    ]
    for name, frame in frames.items():
        out += _layer_section(name, frame)
    out += _sources_section(frames.get("sources"), source)
    return "\n".join(out).rstrip("\n") + "\n"


def _licence_lines(source: BoundarySource) -> list[str]:
    facts = citation.FACTS_LICENCE
    boundaries = citation.boundary_licence(source)
    lines = [
        f"- **Facts** (every attribute value and table, compiled in the shieldmap seeds): "
        f"{facts.title} ({facts.name}), {md(citation.AUTHOR)}, {md_url(facts.path)}. Credit "
        "the sources cited in `sources` as well.",
        f"- **Boundaries** (the geometry of `countries`, and of every line derived from it): "
        f"{md(boundaries.title)}, as licensed by {md(source.name)} {md(source.version)}"
        + (f", {md_url(boundaries.path)}" if boundaries.path else "")
        + ".",
    ]
    if boundaries.name == citation.ODBL.name:
        lines.append(
            "- OpenStreetMap-derived geometry is under the ODbL: a database you derive from it "
            'and share must stay under the ODbL, and the credit "© OpenStreetMap '
            'contributors" is required.'
        )
    return lines


def _layer_section(name: str, frame: pd.DataFrame) -> list[str]:
    about = info(name)
    geometry = getattr(frame, "_geometry_column_name", None)
    if geometry is not None:
        types = sorted({t for t in frame.geometry.geom_type.dropna()})
        kind = " / ".join(types) or "empty"
    else:
        kind = "none (attribute table)"
    out = [
        f"### `{name}` — {about.title}",
        "",
        about.abstract,
        "",
        f"- geometry: {kind}; rows: {len(frame)}",
        f"- derivation: {about.derivation}",
        "",
    ]
    documented = FIELDS.get(name, {})
    rows = []
    for column in frame.columns:
        if column == geometry:
            continue
        field = documented.get(column, Field(column, "", "(undocumented)"))
        rows.append((f"`{column}`", field.type, field.unit, f"{field.alias}: {field.meaning}"))
    out += _table(("field", "type", "unit", "meaning"), rows)
    return [*out, ""]


def _sources_section(sources: pd.DataFrame | None, source: BoundarySource) -> list[str]:
    out = [
        "## Sources",
        "",
        f"- Boundaries: {md(source.name)} {md(source.version)}, point of view "
        f"{md(source.point_of_view)}, scale {md(source.scale)}; licence: "
        f"{md(citation.boundary_licence(source).title)}; "
        f"{md_url(source.url)}",
        "- Facts (lengths, barriers, programmes, dates, places): the shieldmap seeds; each row "
        "cites source ids listed below.",
        "",
    ]
    if sources is None or sources.empty:
        return out
    rows = [
        (
            md(r["id"]),
            md(r["publisher"]),
            md(r["title"]),
            md(r["date"]),
            md_url(r["url"]),
            md(r.get("licence", "")),
        )
        for _, r in sources.iterrows()
    ]
    out += _table(("id", "publisher", "title", "date", "url", "licence"), rows)
    return [*out, ""]
