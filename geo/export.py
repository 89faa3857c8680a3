"""Write the layers as a bundle for GIS users: GeoPackage (with QGIS styles and metadata) and
a QGIS project, GeoJSON, FlatGeobuf, GeoParquet, CSV, and a README data dictionary.

Everything is written into a staging folder inside the output folder first and then moved into
place file by file with ``os.replace`` (see :mod:`geo.staging`), so a failure leaves the previous
files as they were and never a half-written one; files of the previous bundle not written this
time are removed, and ``manifest.json`` always matches the folder. The same layers give
byte-identical GeoJSON, CSV and README files and GeoPackages with identical content.

Examples
--------
>>> from geo.boundaries import load_countries
>>> from geo.seeds import load_seeds
>>> from geo.layers import build_layers
>>> countries, source = load_countries()
>>> layers = build_layers(countries, source, load_seeds())
>>> paths = write_bundle(layers, Path("layers"), formats=("gpkg", "csv"))  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import json
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyogrio.errors
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from geo import citation, csvout, datadict, datapackage, qgis, staging
from geo.errors import OutputError, ShieldmapError
from geo.layers import cited_ids
from geo.manifest import MANIFEST

if TYPE_CHECKING:
    from geo.boundaries import BoundarySource
    from geo.layers import Layers

__all__ = [
    "CITATION_NAME",
    "FORMATS",
    "GPKG_NAME",
    "QGS_NAME",
    "README_NAME",
    "parse_formats",
    "prepare",
    "resolve_crs",
    "stage_bundle",
    "write_bundle",
]

FORMATS: tuple[str, ...] = ("gpkg", "geojson", "fgb", "parquet", "csv")
GPKG_NAME = "shieldmap.gpkg"
QGS_NAME = "shieldmap.qgs"
README_NAME = "README.md"
CITATION_NAME = "CITATION.cff"
WGS84 = "EPSG:4326"
# GDAL stamps this into gpkg_contents; a fixed value makes rebuilds reproducible.
FIXED_DATE = "2026-01-01T00:00:00.000Z"
_LABELS = {
    "gpkg": "GeoPackage + QGIS project",
    "geojson": "GeoJSON (RFC 7946)",
    "fgb": "FlatGeobuf",
    "parquet": "GeoParquet 1.1",
    "csv": "CSV (WKT geometry)",
}
_DTYPES = {"integer": "Int64", "real": "float64", "boolean": "bool"}
# Metadata extension of GeoPackage 1.2, created here because GDAL only makes it for its own.
_METADATA_DDL = (
    """CREATE TABLE IF NOT EXISTS gpkg_metadata (
  id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL,
  md_scope TEXT NOT NULL DEFAULT 'dataset',
  md_standard_uri TEXT NOT NULL,
  mime_type TEXT NOT NULL DEFAULT 'text/xml',
  metadata TEXT NOT NULL DEFAULT '')""",
    """CREATE TABLE IF NOT EXISTS gpkg_metadata_reference (
  reference_scope TEXT NOT NULL,
  table_name TEXT,
  column_name TEXT,
  row_id_value INTEGER,
  timestamp DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  md_file_id INTEGER NOT NULL,
  md_parent_id INTEGER,
  CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id),
  CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id))""",
    """CREATE TABLE IF NOT EXISTS gpkg_extensions (
  table_name TEXT,
  column_name TEXT,
  extension_name TEXT NOT NULL,
  definition TEXT NOT NULL,
  scope TEXT NOT NULL,
  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))""",
)
_METADATA_EXTENSION = "http://www.geopackage.org/spec120/#extension_metadata"


def parse_formats(value: str | Iterable[str]) -> tuple[str, ...]:
    """Format names from ``"gpkg,csv"`` or a list, deduplicated, in :data:`FORMATS` order.

    Raises ``ValueError`` naming the valid formats when one is unknown.
    """
    items = value.split(",") if isinstance(value, str) else list(value)
    names = {item.strip().lower() for item in items if item.strip()}
    unknown = sorted(names - set(FORMATS))
    if unknown or not names:
        got = ", ".join(unknown) if unknown else "nothing"
        msg = f"expected formats from {', '.join(FORMATS)} (comma-separated), got {got}"
        raise ValueError(msg)
    return tuple(f for f in FORMATS if f in names)


def resolve_crs(value: str | CRS | None) -> CRS | None:
    """The output CRS for GeoPackage, FlatGeobuf and GeoParquet; None keeps WGS84.

    Raises ``ShieldmapError`` for anything pyproj cannot read or that is not a 2D geographic
    or projected CRS.
    """
    if value is None or isinstance(value, CRS):
        return value
    try:
        crs = CRS.from_user_input(value)
    except CRSError as exc:
        msg = (
            f"expected a CRS such as EPSG:3035 or EPSG:4326, got {value!r}, which pyproj does "
            "not know; give an EPSG code"
        )
        raise ShieldmapError(msg) from exc
    if not (crs.is_geographic or crs.is_projected):
        msg = (
            f"expected a geographic or projected CRS, got {value!r} ({crs.type_name}); "
            "give one like EPSG:3035"
        )
        raise ShieldmapError(msg)
    return crs


def prepare(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The layers as published: documented types, rows sorted by their keys, a fresh index.

    Casting to the dictionary's types keeps a layer's schema when a column is all empty (e.g.
    a programme without a target year), and sorting keeps files stable when upstream order
    changes.
    """
    prepared = {}
    for name, frame in _split_annotations(frames).items():
        out = frame.copy()
        for column, field in datadict.FIELDS.get(name, {}).items():
            if column in out.columns and field.type in _DTYPES:
                out[column] = out[column].astype(_DTYPES[field.type])
        keys = [k for k in datadict.SORT_KEYS.get(name, ()) if k in out.columns]
        if keys:
            out = out.sort_values(keys, kind="stable")
        prepared[name] = out.reset_index(drop=True)
    return prepared


def _split_annotations(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Replace a mixed ``annotations`` layer by one layer per geometry family."""
    if "annotations" not in frames:
        return frames
    annotations = frames["annotations"]
    out = {k: v for k, v in frames.items() if k != "annotations"}
    kinds = annotations.geometry.geom_type.str.replace("Multi", "")
    for part, kind in (
        ("annotations_points", "Point"),
        ("annotations_lines", "LineString"),
        ("annotations_areas", "Polygon"),
    ):
        if (kinds == kind).any():
            out[part] = annotations[kinds == kind]
    return out


def write_bundle(
    layers: Layers,
    out_dir: Path,
    formats: Iterable[str] = FORMATS,
    crs: str | CRS | None = None,
    inputs: list[dict[str, str]] | None = None,
) -> list[Path]:
    """Write the layer bundle into ``out_dir`` as a whole; return the files written, the
    manifest last.

    Parameters
    ----------
    layers
        From :func:`geo.layers.build_layers`.
    out_dir
        Created if missing. Files of the same names are replaced; files the folder's previous
        ``manifest.json`` listed that are not written this time are removed; other files are
        left alone. A new ``manifest.json`` lists what was written.
    formats
        Any of :data:`FORMATS`. ``gpkg`` also writes ``shieldmap.qgs``; ``README.md`` is
        always written.
    crs
        CRS for GeoPackage, FlatGeobuf and GeoParquet (e.g. ``"EPSG:3035"``); GeoJSON and CSV
        stay WGS84. Default: WGS84 everywhere.
    inputs
        The inputs the manifest records [default: the boundary source only].

    Raises
    ------
    ValueError
        An unknown format.
    ShieldmapError
        An unreadable CRS; :class:`~geo.errors.OutputError` when ``out_dir`` is not writable
        or a file cannot be written (a full disk, a folder in the way).
    """
    chosen = parse_formats(formats)
    target_crs = resolve_crs(crs)
    with staging.staged(out_dir) as (stage,):
        stage_bundle(layers, stage, chosen, target_crs)
        published = staging.publish([stage], inputs or [boundary_input(layers.boundary_source)])
    return [*published[out_dir], out_dir / MANIFEST]


def boundary_input(source: BoundarySource) -> dict[str, str]:
    """The boundary source as a manifest input record, with the SHA-256 of the file read."""
    record = {
        "id": source.id,
        "name": source.name,
        "version": source.version,
        "licence": source.licence,
    }
    if source.sha256:
        record["sha256"] = source.sha256
    return record


# What GDAL's writers raise when a write fails (a full disk gives "Unexpected I/O failure",
# "Could not add feature" or "Failed to commit transaction"), besides OSError.
_WRITE_ERRORS = (
    OSError,
    sqlite3.Error,
    pyogrio.errors.DataSourceError,
    pyogrio.errors.DataLayerError,
    pyogrio.errors.FeatureError,
    pyogrio.errors.FieldError,
    pyogrio.errors.GeometryError,
)


def stage_bundle(
    layers: Layers,
    stage: staging.Stage,
    formats: Iterable[str] = FORMATS,
    crs: CRS | None = None,
) -> None:
    """Write every file of the bundle into ``stage`` (see :mod:`geo.staging`)."""
    frames = prepare(layers.frames)
    target_crs = crs or CRS.from_user_input(WGS84)
    try:
        names = _write_all(
            frames,
            layers.boundary_source,
            stage.folder,
            parse_formats(formats),
            target_crs,
            layers.data_as_of,
        )
    except _WRITE_ERRORS as exc:
        raise OutputError(write_failure(stage.target, exc)) from exc
    stage.names.extend(names)


def write_failure(folder: Path, exc: BaseException) -> str:
    """One line for a failed write: the cause, and what to do about it."""
    reason = (getattr(exc, "strerror", None) or str(exc) or type(exc).__name__).splitlines()[0]
    if getattr(exc, "errno", None) == errno.ENOSPC or "I/O failure" in reason:
        reason = f"no space left on the device ({reason})"
    return (
        f"cannot write the layers into {folder}: {reason}; free some space or choose "
        "another folder, and check you may write there"
    )


def _write_all(
    frames: dict[str, pd.DataFrame],
    source: BoundarySource,
    folder: Path,
    formats: tuple[str, ...],
    crs: CRS,
    data_as_of: datetime.date | None,
) -> list[str]:
    """Write every file into ``folder``; return their names, ``datapackage.json`` last."""
    spatial = {k: v for k, v in frames.items() if isinstance(v, gpd.GeoDataFrame)}
    files: dict[str, list[str]] = {}
    if "gpkg" in formats:
        files["gpkg"] = [
            _write_gpkg(frames, source, folder, crs, data_as_of),
            _write_qgs(frames, source, folder, crs, data_as_of),
        ]
    if "geojson" in formats:
        files["geojson"] = [_write_geojson(n, f, folder) for n, f in spatial.items()]
    if "fgb" in formats:
        files["fgb"] = [_write_fgb(n, _to_crs(f, crs), folder) for n, f in spatial.items()]
    if "parquet" in formats:
        files["parquet"] = [_write_parquet(n, _to_crs(f, crs), folder) for n, f in spatial.items()]
    if "csv" in formats:
        files["csv"] = [_write_csv(n, f, folder) for n, f in frames.items()]
    readme = datadict.render_readme(
        frames, source, {_LABELS[k]: v for k, v in files.items()}, crs.to_string(), data_as_of
    )
    (folder / README_NAME).write_text(readme, encoding="utf-8", newline="\n")
    (folder / CITATION_NAME).write_text(citation.cff_text(), encoding="utf-8", newline="\n")
    names = [name for names in files.values() for name in names] + [README_NAME, CITATION_NAME]
    package = datapackage.descriptor(folder, names, frames, source, crs.to_string(), data_as_of)
    text = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
    (folder / datapackage.NAME).write_text(text, encoding="utf-8", newline="\n")
    return [*names, datapackage.NAME]


def _to_crs(frame: pd.DataFrame, crs: CRS) -> pd.DataFrame:
    """``frame`` in ``crs``, every geometry valid there.

    Natural Earth splits Russia at the antimeridian; a projected CRS puts the two sides of
    that cut next to each other again, where they touch along the cut (GEOS: self-
    intersection). Such geometries are repaired with ``make_valid`` (structure method), which
    merges the pieces that meet, and keeps the geometry type.

    Raises ``ShieldmapError`` when the CRS cannot place every coordinate (e.g. a projection of
    one hemisphere).
    """
    if not isinstance(frame, gpd.GeoDataFrame) or frame.crs.equals(crs):
        return frame
    projected = frame.to_crs(crs)
    geoms = projected.geometry.values
    if not np.isfinite(shapely.get_coordinates(geoms)).all():
        msg = (
            f"expected a CRS that can show every layer, got {crs.to_string()}, which cannot "
            "project some coordinates (the far side of the globe?); choose a CRS for the whole "
            "region, such as EPSG:3035"
        )
        raise ShieldmapError(msg)
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        fixed = geoms.copy()
        fixed[invalid] = shapely.make_valid(
            geoms[invalid], method="structure", keep_collapsed=False
        )
        projected[projected.geometry.name] = gpd.GeoSeries(fixed, index=projected.index, crs=crs)
    return projected


@contextlib.contextmanager
def _fixed_gdal_date() -> Iterator[None]:
    """Make GDAL stamp :data:`FIXED_DATE` instead of now; restore the previous setting."""
    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": FIXED_DATE})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})


# --------------------------------------------------------------------------- GeoPackage


def _write_gpkg(
    frames: dict[str, pd.DataFrame],
    source: BoundarySource,
    folder: Path,
    crs: CRS,
    data_as_of: datetime.date | None,
) -> str:
    path = folder / GPKG_NAME
    stored = {name: _to_crs(frame, crs) for name, frame in frames.items()}
    with _fixed_gdal_date():
        for name, frame in stored.items():
            info = datadict.info(name)
            pyogrio.write_dataframe(
                frame,
                path,
                layer=name,
                driver="GPKG",
                dataset_options={"VERSION": "1.2"},
                layer_options={"IDENTIFIER": info.title, "DESCRIPTION": info.abstract},
            )
        with sqlite3.connect(path) as con:
            geometry_columns = dict(
                con.execute("SELECT table_name, column_name FROM gpkg_geometry_columns")
            )
        pyogrio.write_dataframe(
            _styles_frame(stored, geometry_columns, _style_inputs(frames, source)),
            path,
            layer="layer_styles",
            driver="GPKG",
            layer_options={
                "FID": "id",
                "IDENTIFIER": "layer_styles",
                "DESCRIPTION": "QGIS styles (QML), applied when a layer is opened",
            },
        )
    _add_metadata(path, _metadata(stored, source, crs, data_as_of))
    return GPKG_NAME


def _styles_frame(
    frames: dict[str, pd.DataFrame], geometry_columns: dict[str, str], inputs: qgis.StyleInputs
) -> pd.DataFrame:
    """One default QGIS style per layer, in the columns QGIS's own ``saveStyle`` writes."""
    names = list(frames)
    return pd.DataFrame(
        {
            "f_table_catalog": "",
            # QGIS matches schema '' and the real geometry column ('' for tables) exactly.
            "f_table_schema": "",
            "f_table_name": names,
            "f_geometry_column": [geometry_columns.get(n, "") for n in names],
            "styleName": [f"shieldmap {n}" for n in names],
            "styleQML": [qgis.style_qml(n, frames[n], inputs) for n in names],
            "styleSLD": "",
            "useAsDefault": True,
            "description": [datadict.info(n).title for n in names],
            "owner": "",
            "ui": "",
            # DATETIME with milliseconds: GDAL 3.6 warns about other forms.
            "update_time": pd.Series(pd.Timestamp(FIXED_DATE), index=range(len(names))),
        }
    )


def _links(frame: pd.DataFrame, sources: pd.DataFrame | None) -> list[tuple[str, str, str]]:
    """(title, url, "publisher, date") of every source id the layer cites, sorted by id."""
    if sources is None:
        return []
    ids = cited_ids(frame)
    by_id = sources.set_index("id")
    return [
        (
            str(by_id.at[i, "title"]),
            str(by_id.at[i, "url"]),
            f"{by_id.at[i, 'publisher']}, {by_id.at[i, 'date'] or 'undated'} ({i})",
        )
        for i in sorted(ids)
        if i in by_id.index
    ]


def _style_inputs(frames: dict[str, pd.DataFrame], source: BoundarySource) -> qgis.StyleInputs:
    """Programme names for the line layers' labels, and the zoom limit of the source's scale."""
    programmes = frames.get("programmes")
    names = (
        dict(zip(programmes["program_id"], programmes["name_en"], strict=True))
        if programmes is not None
        else {}
    )
    return qgis.StyleInputs(names, qgis.max_zoom_scale(source.scale))


def _metadata(
    stored: dict[str, pd.DataFrame],
    source: BoundarySource,
    crs: CRS,
    data_as_of: datetime.date | None,
) -> dict[str, ET.Element]:
    """Each layer's QGIS metadata (QMD), the same in the GeoPackage and in the project."""
    sources = stored.get("sources")
    return {
        name: qgis.metadata_element(
            name,
            frame,
            source,
            frame.crs if isinstance(frame, gpd.GeoDataFrame) else crs,
            _links(frame, sources),
            data_as_of,
        )
        for name, frame in stored.items()
    }


def _add_metadata(path: Path, metadata: dict[str, ET.Element]) -> None:
    """QGIS layer metadata (QMD) per layer, in the GeoPackage Metadata Extension tables."""
    con = sqlite3.connect(path)
    try:
        with con:
            for ddl in _METADATA_DDL:
                con.execute(ddl)
            for table in ("gpkg_metadata", "gpkg_metadata_reference"):
                con.execute(
                    "INSERT OR IGNORE INTO gpkg_extensions VALUES (?, NULL, 'gpkg_metadata', ?, "
                    "'read-write')",
                    (table, _METADATA_EXTENSION),
                )
            for name, element in metadata.items():
                cursor = con.execute(
                    "INSERT INTO gpkg_metadata (md_scope, md_standard_uri, mime_type, metadata) "
                    "VALUES ('dataset', 'http://mrcc.com/qgis.dtd', 'text/xml', ?)",
                    (qgis.xml_document(element),),
                )
                con.execute(
                    "INSERT INTO gpkg_metadata_reference (reference_scope, table_name, "
                    "timestamp, md_file_id) VALUES ('table', ?, ?, ?)",
                    (name, FIXED_DATE, cursor.lastrowid),
                )
    finally:
        con.close()


def _write_qgs(
    frames: dict[str, pd.DataFrame],
    source: BoundarySource,
    folder: Path,
    crs: CRS,
    data_as_of: datetime.date | None,
) -> str:
    stored = {name: _to_crs(frame, crs) for name, frame in frames.items()}
    text = qgis.project_qgs(
        stored,
        GPKG_NAME,
        crs,
        _view_extent(frames),
        _metadata(stored, source, crs, data_as_of),
        source,
        data_as_of,
        _style_inputs(frames, source),
    )
    (folder / QGS_NAME).write_text(text, encoding="utf-8", newline="\n")
    return QGS_NAME


def _view_extent(frames: dict[str, pd.DataFrame]) -> tuple[float, float, float, float]:
    """The borders and places, with a margin, in the project CRS (metres)."""
    parts = [frames[n] for n in ("borders", "places") if n in frames and len(frames[n])]
    if not parts:
        parts = [f for f in frames.values() if isinstance(f, gpd.GeoDataFrame) and len(f)]
    if not parts:
        return (4.0e6, 3.0e6, 5.8e6, 4.3e6)
    geoms = gpd.GeoSeries(pd.concat([p.geometry for p in parts]), crs=WGS84)
    minx, miny, maxx, maxy = geoms.to_crs(qgis.PROJECT_CRS).total_bounds
    margin = 100_000.0
    return (minx - margin, miny - margin, maxx + margin, maxy + margin)


# --------------------------------------------------------------------------- other formats


def _write_geojson(name: str, frame: pd.DataFrame, folder: Path) -> str:
    filename = f"{name}.geojson"
    # RFC 7946: WGS84 lon/lat, counter-clockwise exteriors, no crs member; 6 decimals ~ 10 cm.
    pyogrio.write_dataframe(
        frame,
        folder / filename,
        layer=name,
        driver="GeoJSON",
        layer_options={"RFC7946": "YES", "COORDINATE_PRECISION": "6"},
    )
    return filename


def _write_fgb(name: str, frame: pd.DataFrame, folder: Path) -> str:
    filename = f"{name}.fgb"
    pyogrio.write_dataframe(frame, folder / filename, layer=name, driver="FlatGeobuf")
    return filename


def _write_parquet(name: str, frame: pd.DataFrame, folder: Path) -> str:
    filename = f"{name}.parquet"
    if not isinstance(frame, gpd.GeoDataFrame):
        msg = f"expected a GeoDataFrame for {name}, got {type(frame).__name__}"
        raise TypeError(msg)
    frame.to_parquet(folder / filename, index=False, write_covering_bbox=True)
    return filename


def _write_csv(name: str, frame: pd.DataFrame, folder: Path) -> str:
    filename = f"{name}.csv"
    text = csvout.frame_csv_text(frame, geojson_name=f"{name}.geojson")
    (folder / filename).write_text(text, encoding="utf-8", newline="\n")
    return filename
