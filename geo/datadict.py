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

if TYPE_CHECKING:
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

_GEODESIC = (
    "Lengths are geodesic on the WGS84 ellipsoid (pyproj.Geod), measured on the lon/lat "
    "boundary lines before any simplification, at the scale of the boundary source, which is "
    "why they fall short of official figures measured on detailed surveys."
)

LAYER_INFO: dict[str, LayerInfo] = {
    "countries": LayerInfo(
        "Countries",
        "Country polygons around the Baltic: the four states leaving the Ottawa Convention, "
        "Russia and Belarus, and their neighbours for context, with treaty status and dates.",
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
        "Poland's fortification programme along its borders with Belarus and Kaliningrad Oblast.",
        "One row per border the programme runs along; the geometry is that border line from the "
        "borders layer (true geometry, not a surveyed alignment), with follows_border naming "
        "it. Programme facts come from seeds/programs.yaml. " + _GEODESIC,
    ),
    "baltic_defence_line": LayerInfo(
        "Baltic Defence Line",
        "The Estonian, Latvian and Lithuanian fortification programme along their borders with "
        "Russia and Belarus.",
        "One row per border a national segment runs along; the geometry is that border line from "
        "the borders layer, with follows_border naming it. Programme and segment facts come from "
        "seeds/programs.yaml. " + _GEODESIC,
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


_PROGRAM: dict[str, Field] = {
    "program_id": Field("Programme id", "", "Stable id of the programme in the seeds."),
    "program_en": Field("Programme", "", "Name of the programme in English."),
    "program_pl": Field("Programme (PL)", "", "Name of the programme in Polish."),
    "country_iso3": Field("Country", "ISO 3166-1 alpha-3", "Country building this part."),
    "follows_border": Field(
        "Follows border", "", "Pair of the border (borders layer) this row's geometry is."
    ),
    "region": Field("Region", "", "Part of Russia the border touches; empty for Belarus."),
    "length_km": Field("Measured length", "km", "Geodesic length of the border line.", type="real"),
    "measured_with": Field("Measured on", "", MEASURED),
    "announced": Field("Announced", DATE, "Date the programme was announced."),
    "budget_amount": Field(
        "Budget", "see budget_currency", "Money announced for this part.", type="real"
    ),
    "budget_currency": Field("Currency", "ISO 4217", "Currency of budget_amount."),
    "budget_period": Field("Budget period", "", "Years the budget covers, as announced."),
    "budget_source": Field("Budget sources", IDS, "Where the budget is stated."),
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
    "components": Field("Components", "", "What is being built, '; '-separated, in English."),
    "description_en": Field("Description", "", "This part of the programme, in English."),
    "description_pl": Field("Description (PL)", "", "This part of the programme, in Polish."),
    "progress_as_of": Field("Progress as of", DATE, "Date of the latest progress report."),
    "progress_km": Field("Progress", "km", "Length reported done on progress_as_of.", type="real"),
    "progress_en": Field("Progress report", "", "The latest progress report, in English."),
    "source_ids": Field("Sources", IDS, "Sources for the programme and this segment."),
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
            "Ottawa status", "", "Status under the Ottawa (mine ban) Convention, per the seeds."
        ),
        "ottawa_joined": Field("Joined Ottawa", DATE, "Date the country joined the Convention."),
        "ottawa_in_force": Field("In force", DATE, "Date the Convention entered into force."),
        "withdrawal_announced": Field("Withdrawal announced", DATE, "Date it was announced."),
        "withdrawal_vote": Field("Parliament vote", DATE, "Date parliament voted to withdraw."),
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
    "eastern_shield": _PROGRAM,
    "baltic_defence_line": _PROGRAM,
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
        "official_km": Field(
            "Official length", "km", "Official length of the PL-LT border.", type="real"
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
        "licence": Field("Licence", "", "Licence, given for the boundary source."),
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
    return (
        f"Boundaries: {source.attribution} ({source.name} {source.version}, {source.licence}); "
        "facts: shieldmap seeds, see sources"
    )


def render_readme(
    frames: dict[str, pd.DataFrame],
    source: BoundarySource,
    files: dict[str, list[str]],
    crs: str,
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
    """
    out = [
        "# shieldmap layers",
        "",
        "GIS layers of the fortified borders of Poland, Lithuania, Latvia and Estonia with Russia "
        "(including Kaliningrad Oblast) and Belarus. Generated by `shieldmap layers`; do not edit "
        "by hand — edit `seeds/` and regenerate.",
        "",
        "Attribution to print with any map or figure made from these layers:",
        "",
        f"> {md(attribution(source))}",
        "",
        "## Files",
        "",
    ]
    out += _table(
        ("format", "files"), ((k, ", ".join(f"`{n}`" for n in v)) for k, v in files.items())
    )
    out += [
        "",
        f"- GeoPackage, FlatGeobuf and GeoParquet are in **{md(crs)}**. GeoJSON is RFC 7946 and "
        "always WGS84 lon/lat (EPSG:4326), 6 decimals (about 10 cm). CSV is always WGS84 too, "
        "with the geometry as WKT in a `geometry` column, 6 decimals.",
        "- `sources` and `events` have no geometry: they are attribute tables in the GeoPackage "
        "and CSV files; GeoJSON, FlatGeobuf and GeoParquet hold the spatial layers only.",
        "- `shieldmap.gpkg` carries a QGIS style per layer (`layer_styles`, applied on load) and "
        "QGIS layer metadata; `shieldmap.qgs` opens every layer at once, styled, in EPSG:3035.",
        "- Lengths are measured geodesically on WGS84 **before** any simplification and are "
        "published next to the boundary source and its scale; they are not comparable with "
        "lengths measured in a projected CRS.",
        "",
        "## Layers",
        "",
    ]
    for name, frame in frames.items():
        out += _layer_section(name, frame)
    out += _sources_section(frames.get("sources"), source)
    return "\n".join(out).rstrip("\n") + "\n"


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
        "## Sources and licences",
        "",
        f"- Boundaries: {md(source.name)} {md(source.version)}, point of view "
        f"{md(source.point_of_view)}, scale {md(source.scale)}; licence: {md(source.licence)}; "
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
