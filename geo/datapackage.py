"""``datapackage.json``: the bundle described as a Frictionless Data Package (spec v1).

Every file of the bundle is a resource with its format, size, SHA-256 and licences. The CSV
files are tabular resources whose Table Schema comes from the data dictionary
(:mod:`geo.datadict`): field types, titles, descriptions and units, primary keys, and the
foreign keys that join the programme lines to ``programmes`` and ``programme_segments``. The
other formats of a layer point at its table schema through ``shieldmap:layer``; their fields
are the same plus the geometry.
"""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo import __version__, citation, datadict

if TYPE_CHECKING:
    import pandas as pd

    from geo.boundaries import BoundarySource

NAME = "datapackage.json"
# Keys of each table, and the foreign keys between them (field, table, field).
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "countries": ("iso3",),
    "borders": ("pair",),
    "suwalki_gap": ("feature",),
    "places": ("place_id",),
    "programmes": ("program_id",),
    "programme_segments": ("segment_id",),
    "programme_notes": ("program_id", "note_no"),
    "sources": ("id",),
}
FOREIGN_KEYS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "eastern_shield": (
        ("program_id", "programmes", "program_id"),
        ("follows_border", "borders", "pair"),
    ),
    "baltic_defence_line": (
        ("program_id", "programmes", "program_id"),
        ("segment_id", "programme_segments", "segment_id"),
        ("follows_border", "borders", "pair"),
    ),
    "programme_segments": (("program_id", "programmes", "program_id"),),
    "programme_notes": (("program_id", "programmes", "program_id"),),
}
# By file suffix: format, media type ('' when none is registered), and the resource type
# Frictionless reads it as ("file": checked by size and hash only, not parsed as a table).
_FORMATS = {
    ".csv": ("csv", "text/csv", "table"),
    ".geojson": ("geojson", "application/geo+json", "json"),
    ".fgb": ("fgb", "", "file"),
    ".parquet": ("parquet", "application/vnd.apache.parquet", "file"),
    ".gpkg": ("gpkg", "application/geopackage+sqlite3", "file"),
    ".qgs": ("qgs", "application/xml", "file"),
    ".md": ("md", "text/markdown", "text"),
    ".cff": ("cff", "application/yaml", "file"),
}
_TYPES = {"text": "string", "integer": "integer", "real": "number", "boolean": "boolean"}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_schema(name: str, frame: pd.DataFrame, tables: set[str]) -> dict[str, Any]:
    """The Table Schema of a layer's CSV: its columns as documented, then the WKT geometry.

    ``tables`` are the layers whose CSV is in the package (foreign keys point only at those).
    """
    documented = datadict.FIELDS.get(name, {})
    geometry = getattr(frame, "_geometry_column_name", None)
    fields = []
    for column in frame.columns:
        if column == geometry:
            continue
        about = documented[column]
        field: dict[str, Any] = {
            "name": column,
            "type": "date" if about.unit == datadict.DATE else _TYPES[about.type],
            "title": about.alias,
            "description": about.meaning,
        }
        if about.unit and about.unit != datadict.DATE:
            field["unit"] = about.unit
        fields.append(field)
    if geometry is not None:
        fields.append(
            {
                "name": "geometry",
                "type": "string",
                "title": "Geometry",
                "description": "The geometry as WKT in WGS84 lon/lat (EPSG:4326), 6 decimals.",
            }
        )
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    key = PRIMARY_KEYS.get(name)
    if key:
        schema["primaryKey"] = list(key)
    foreign = [
        {"fields": column, "reference": {"resource": _name(f"{table}.csv"), "fields": target}}
        for column, table, target in FOREIGN_KEYS.get(name, ())
        if table in tables and column in frame.columns
    ]
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def _name(filename: str) -> str:
    """Resource name of a file, suffix kept: ``countries.csv`` -> ``countries-csv``."""
    return filename.lower().replace(".", "-")


def _layer_of(filename: str, frames: dict[str, pd.DataFrame]) -> str | None:
    stem = filename.rsplit(".", 1)[0]
    return stem if stem in frames else None


def descriptor(
    folder: Path,
    filenames: list[str],
    frames: dict[str, pd.DataFrame],
    source: BoundarySource,
    crs: str,
    data_as_of: datetime.date | None,
) -> dict[str, Any]:
    """The package descriptor for the files ``filenames`` already written in ``folder``.

    ``frames`` are the layers as written; ``crs`` is the CRS of the GeoPackage, FlatGeobuf and
    GeoParquet files.
    """
    facts = citation.FACTS_LICENCE.as_datapackage()
    boundaries = citation.boundary_licence(source).as_datapackage()
    tables = {n for n in frames if f"{n}.csv" in filenames}
    resources = []
    for filename in filenames:
        path = folder / filename
        suffix = path.suffix.lower()
        fmt, mediatype, kind = _FORMATS.get(suffix, (suffix.lstrip("."), "", "file"))
        layer = _layer_of(filename, frames)
        frame = frames[layer] if layer else None
        spatial = filename == "shieldmap.gpkg" or (
            frame is not None and getattr(frame, "_geometry_column_name", None) is not None
        )
        resource: dict[str, Any] = {
            "name": _name(filename),
            "type": kind,
            "path": filename,
            "format": fmt,
        }
        if mediatype:
            resource["mediatype"] = mediatype
        if suffix in (".csv", ".geojson", ".md", ".qgs", ".cff"):
            resource["encoding"] = "utf-8"
        resource["bytes"] = path.stat().st_size
        resource["hash"] = f"sha256:{_sha256(path)}"
        resource["licenses"] = [facts, boundaries] if spatial else [facts]
        if layer is not None and frame is not None:
            about = datadict.info(layer)
            resource["title"] = about.title
            resource["description"] = about.abstract
            resource["shieldmap:layer"] = layer
            if suffix == ".csv":
                resource["profile"] = "tabular-data-resource"
                resource["dialect"] = {"delimiter": ",", "header": True}
                resource["schema"] = table_schema(layer, frame, tables)
            else:
                resource["shieldmap:crs"] = "EPSG:4326" if suffix == ".geojson" else crs
        else:
            resource["description"] = _OTHER_FILES.get(filename, "")
        resources.append(resource)
    package: dict[str, Any] = {
        "profile": "data-package",
        "name": "shieldmap-layers",
        "title": citation.BUNDLE_TITLE,
        "description": citation.ABSTRACT,
        "version": __version__,
        "licenses": [facts, boundaries],
        "contributors": [{"title": citation.AUTHOR, "role": "author"}],
        "keywords": list(citation.KEYWORDS),
        "sources": [
            {"title": f"{source.name} {source.version}", "path": source.url}
            if source.url
            else {"title": f"{source.name} {source.version}"},
            {"title": "shieldmap seeds: every cited publication is listed in sources.csv"},
        ],
        "shieldmap:data_as_of": data_as_of.isoformat() if data_as_of else "",
        "shieldmap:citation": citation.citation(data_as_of),
        "resources": resources,
    }
    return package


_OTHER_FILES = {
    "shieldmap.gpkg": "Every layer in one GeoPackage 1.2, with a QGIS style per layer "
    "(layer_styles) and QGIS layer metadata (gpkg_metadata).",
    "shieldmap.qgs": "QGIS project opening every layer of shieldmap.gpkg, styled, in EPSG:3035.",
    "README.md": "The data dictionary: every layer and field, sources, licences, how to cite.",
    "CITATION.cff": "How to cite this bundle (Citation File Format 1.2.0).",
}
