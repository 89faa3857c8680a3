"""Read only the features of a large GeoJSON file that a region needs, without parsing the rest.

GDAL parses a whole GeoJSON FeatureCollection into JSON objects before it applies a bounding
box: 40 s of CPU for the 168 MB world file of ``osm-land-10m``, of which the map region needs
36 countries. This reader finds each feature's extent in the text with a few vectorised passes
(quotes, then braces outside strings), reads each feature's ``properties`` with :mod:`json`
and its geometry with GEOS's GeoJSON reader (several times faster than GDAL's, and run on
every core), then keeps the features whose envelope meets the box, as GDAL's filter does.

It handles any RFC 7946 FeatureCollection. Whatever it is not sure of (another top-level type,
a ``crs`` member from the 2008 format, escaped keys, a parse error) makes it return ``None``,
and the caller reads the file with GDAL as before.
"""

from __future__ import annotations

import json
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from geo.prepare import workers

if TYPE_CHECKING:
    import geopandas as gpd

log = logging.getLogger(__name__)

#: Files smaller than this are read by GDAL: the scan only pays off on large files.
MIN_BYTES = 16_000_000
SUFFIXES = (".json", ".geojson")
_QUOTE, _BACKSLASH, _OPEN, _CLOSE, _COLON = 34, 92, 123, 125, 58
_SPACE = b" \t\r\n"


class _NotPlain(Exception):
    """The text is not a FeatureCollection this reader is sure to read right."""


def read_features(
    path: Path,
    bbox: tuple[float, float, float, float],
    columns: list[str] | None,
    not_null: str | None,
) -> gpd.GeoDataFrame | None:
    """The features of a GeoJSON file whose envelope meets ``bbox``, or None to use GDAL.

    ``columns`` are the properties kept (None: all); features whose ``not_null`` property is
    missing or null are left out, like GDAL's ``where '"field" IS NOT NULL'``.
    """
    import geopandas as gpd

    if path.suffix.lower() not in SUFFIXES or path.stat().st_size < MIN_BYTES:
        return None
    data = path.read_bytes()
    try:
        spans = _feature_members(data)
        properties = [_properties(data, span) for _, span in spans]
        keep = [
            i
            for i, (props, (geometry, _)) in enumerate(zip(properties, spans, strict=True))
            if geometry is not None and (not_null is None or props.get(not_null) is not None)
        ]
        texts = [data[spans[i][0][0] : spans[i][0][1]] for i in keep]  # type: ignore[index]
        del data
        geoms = _parse_geometries(texts)
    except (_NotPlain, ValueError, shapely.errors.GEOSException) as exc:
        log.info("reading %s with GDAL: %s", path, exc)
        return None
    x0, y0, x1, y1 = bbox
    b = shapely.bounds(geoms)
    meets = ~((b[:, 2] < x0) | (b[:, 0] > x1) | (b[:, 3] < y0) | (b[:, 1] > y1))
    meets &= ~shapely.is_empty(geoms)
    # like GDAL's filter: an envelope meeting the box is not enough when the shape misses it
    # (the United States' envelope spans the globe across the antimeridian)
    inside = (b[:, 0] >= x0) & (b[:, 2] <= x1) & (b[:, 1] >= y0) & (b[:, 3] <= y1)
    check = meets & ~inside
    # with the box prepared: GEOS then tests the shape's vertices against the box first, where
    # an unprepared test would build the relate graph of Russia's 190,000 rings
    box = shapely.box(*bbox)
    shapely.prepare(box)
    meets[check] = shapely.intersects(box, geoms[check])
    rows = [properties[keep[i]] for i in np.flatnonzero(meets)]
    names = columns if columns is not None else list(dict.fromkeys(k for r in rows for k in r))
    table = {name: [r.get(name) for r in rows] for name in names}
    log.info("read %d of %d features from %s", len(rows), len(spans), path)
    return gpd.GeoDataFrame(table, geometry=list(geoms[meets]), crs="EPSG:4326")


def _feature_members(data: bytes) -> list[tuple[tuple[int, int] | None, tuple[int, int] | None]]:
    """For each feature, the byte spans of its geometry and properties objects (None: null)."""
    buf = np.frombuffer(data, dtype=np.uint8)
    quotes = _unescaped_quotes(data, buf)
    if len(quotes) % 2:
        raise _NotPlain("unbalanced quotes")
    braces = np.flatnonzero((buf == _OPEN) | (buf == _CLOSE))
    braces = braces[np.searchsorted(quotes, braces) % 2 == 0]  # outside strings
    step = np.where(buf[braces] == _OPEN, 1, -1)
    depth = np.cumsum(step)  # depth after each brace
    if len(braces) == 0 or depth.min() < 0 or depth[-1] != 0:
        raise _NotPlain("unbalanced braces")
    close_of = _matching(braces, step, depth)
    starts, ends = quotes[0::2], quotes[1::2]
    # brace depth at each string: the depth after the last brace before it
    before = np.searchsorted(braces, starts) - 1
    string_depth = np.where(before >= 0, depth[np.maximum(before, 0)], 0)
    first = _skip(data, 0)
    if first != braces[0] or close_of[first] != _skip_back(data, len(data) - 1):
        raise _NotPlain("not one JSON object")
    top = _keys(data, starts, ends, string_depth, 1)
    if "crs" in top or _string_value(data, top.get("type")) != "FeatureCollection":
        raise _NotPlain("not an RFC 7946 FeatureCollection")
    if "features" not in top:
        raise _NotPlain("no features")
    position = _skip(data, top["features"])
    if data[position] != ord("["):
        raise _NotPlain("features is not an array")
    features: list[tuple[int, int]] = []
    position = _skip(data, position + 1)
    while data[position] != ord("]"):
        if data[position] != _OPEN:
            raise _NotPlain("a feature is not an object")
        end = close_of[position]
        features.append((position, end + 1))
        position = _skip(data, end + 1)
        if data[position] == ord(","):
            position = _skip(data, position + 1)
        elif data[position] != ord("]"):
            raise _NotPlain("features are not separated by commas")
    result = []
    lo = np.searchsorted(starts, [s for s, _ in features])
    hi = np.searchsorted(starts, [e for _, e in features])
    for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
        keys = _keys(data, starts[a:b], ends[a:b], string_depth[a:b], 2)
        geometry = _object(data, keys.get("geometry"), close_of)
        result.append((geometry, _object(data, keys.get("properties"), close_of)))
    return result


def _unescaped_quotes(data: bytes, buf: np.ndarray) -> np.ndarray:
    quotes = np.flatnonzero(buf == _QUOTE)
    if data.find(b"\\") < 0:
        return quotes
    # a quote is escaped when an odd number of backslashes stands right before it
    suspect = quotes[(quotes > 0) & (buf[np.maximum(quotes - 1, 0)] == _BACKSLASH)]
    escaped = set()
    for q in suspect.tolist():
        run = 0
        while q - run - 1 >= 0 and data[q - run - 1] == _BACKSLASH:
            run += 1
        if run % 2:
            escaped.add(q)
    return quotes[~np.isin(quotes, list(escaped))] if escaped else quotes


def _matching(braces: np.ndarray, step: np.ndarray, depth: np.ndarray) -> dict[int, int]:
    """Byte offset of the closing brace of every opening one.

    Opening and closing braces of one nesting level alternate in position order, so sorting
    by (level, position) puts each pair side by side.
    """
    level = np.where(step > 0, depth, depth + 1)
    order = np.lexsort((braces, level))
    ordered = braces[order]
    opening = step[order] > 0
    if not (opening[0::2].all() and not opening[1::2].any()):
        raise _NotPlain("unbalanced braces")
    return dict(zip(ordered[0::2].tolist(), ordered[1::2].tolist(), strict=True))


def _keys(
    data: bytes, starts: np.ndarray, ends: np.ndarray, depth: np.ndarray, level: int
) -> dict[str, int]:
    """Keys of the object at brace ``level`` among these strings: name -> offset of the value."""
    keys: dict[str, int] = {}
    for start, end in zip(
        starts[depth == level].tolist(), ends[depth == level].tolist(), strict=True
    ):
        after = _skip(data, end + 1)
        if data[after] != _COLON:
            continue  # a value, not a key
        raw = data[start + 1 : end]
        if b"\\" in raw:
            raise _NotPlain("escaped key")
        keys[raw.decode("utf-8")] = after + 1
    return keys


def _object(data: bytes, offset: int | None, close_of: dict[int, int]) -> tuple[int, int] | None:
    if offset is None:
        return None
    position = _skip(data, offset)
    if data.startswith(b"null", position):
        return None
    if data[position] != _OPEN:
        raise _NotPlain("a geometry or properties member is not an object")
    return position, close_of[position] + 1


def _string_value(data: bytes, offset: int | None) -> str | None:
    if offset is None:
        return None
    position = _skip(data, offset)
    end = data.find(b'"', position + 1)
    return data[position + 1 : end].decode("utf-8") if data[position] == _QUOTE else None


def _properties(data: bytes, span: tuple[int, int] | None) -> dict[str, Any]:
    if span is None:
        return {}
    value = json.loads(data[span[0] : span[1]])
    return value if isinstance(value, dict) else {}


def _skip(data: bytes, position: int) -> int:
    while position < len(data) and data[position] in _SPACE:
        position += 1
    if position >= len(data):
        raise _NotPlain("truncated")
    return position


def _skip_back(data: bytes, position: int) -> int:
    while position > 0 and data[position] in _SPACE:
        position -= 1
    return position


def _parse_geometries(texts: list[bytes]) -> np.ndarray:
    """GEOS's GeoJSON reader on every core: shapely releases the GIL while it parses."""
    if not texts:
        return np.array([], dtype=object)
    count = min(workers(), len(texts))
    # deal the largest texts out in turn, so each thread gets about the same number of bytes
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    shares = [order[k::count] for k in range(count)]
    with ThreadPoolExecutor(max_workers=count) as pool:
        parsed = list(
            pool.map(lambda share: shapely.from_geojson([texts[i] for i in share]), shares)
        )
    geoms = np.empty(len(texts), dtype=object)
    for share, values in zip(shares, parsed, strict=True):
        geoms[share] = values
    return geoms
