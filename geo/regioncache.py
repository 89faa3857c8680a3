"""Prepared regions cached as GeoParquet, so a second run skips reading and repairing.

The key covers everything the result depends on: the source file's SHA-256, the region, the
code field, the required countries, shieldmap's version and the source of the modules that
prepare the region (so a change to the preparation code never reuses a stale file). A cache
that cannot be read or written only costs time: it is logged and skipped.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from geo import __version__
from geo.cache import prepared_dir

if TYPE_CHECKING:
    import geopandas as gpd

log = logging.getLogger(__name__)

_CODE = ("boundaries.py", "prepare.py", "regioncache.py")


def _code_version() -> str:
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    for name in _CODE:
        digest.update((package / name).read_bytes())
    return digest.hexdigest()


def key(
    source_sha256: str,
    region: tuple[float, ...],
    iso_field: str | None,
    required: tuple[str, ...],
) -> str:
    """The cache key of one preparation: 24 hex digits."""
    parts = {
        "source": source_sha256,
        "region": list(region),
        "iso_field": iso_field,
        "required": sorted(required),
        "code": _code_version(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:24]


def path_for(cache_key: str) -> Path:
    return prepared_dir() / f"region-{cache_key}.parquet"


def read(cache_key: str) -> tuple[gpd.GeoDataFrame, list[str]] | None:
    """The cached countries and the codes repaired when they were prepared, or None."""
    import geopandas as gpd

    path = path_for(cache_key)
    if not path.is_file():
        return None
    try:
        frame = gpd.read_parquet(path)
        repaired = sorted(frame.loc[frame["repaired"], "iso3"])
    except (OSError, ValueError, KeyError) as exc:
        log.warning("ignoring the unreadable prepared region %s: %s", path, exc)
        return None
    log.info("prepared region read from %s", path)
    return frame.drop(columns="repaired"), repaired


def write(cache_key: str, countries: gpd.GeoDataFrame, repaired: list[str]) -> Path | None:
    """Store a prepared region; None (and a log line) if the cache cannot be written."""
    from geo.atomic import atomic_path

    path = path_for(cache_key)
    frame = countries.assign(repaired=countries["iso3"].isin(repaired))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as temporary:
            frame.to_parquet(temporary, index=False)
    except OSError as exc:
        log.warning("cannot cache the prepared region in %s: %s", path.parent, exc)
        return None
    log.info("prepared region cached in %s", path)
    return path
