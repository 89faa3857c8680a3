"""How to cite shieldmap and its layer bundle, and under which licences each part may be reused.

This module is the one place for the release's title, authors, date and licences: the root
``CITATION.cff`` (a test keeps it equal to :func:`cff_text`), the bundle's copy of it, the
``datapackage.json``, the GeoPackage metadata and the bundle README all read from here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from geo import __version__

if TYPE_CHECKING:
    from geo.boundaries import BoundarySource

TITLE = "shieldmap: maps and GIS layers of the fortified eastern borders of the EU and NATO"
BUNDLE_TITLE = (
    "shieldmap layers: the fortified borders of Poland, Lithuania, Latvia and Estonia with "
    "Russia and Belarus"
)
AUTHOR = "shieldmap contributors"
#: Date of the release named by :data:`geo.__version__`; CHANGELOG.md gives the same date.
RELEASED = datetime.date(2026, 12, 1)
ABSTRACT = (
    "GIS layers and embeddable maps of the land borders of Poland, Lithuania, Latvia and "
    "Estonia with Russia (mainland and Kaliningrad Oblast) and Belarus, the fortification "
    "programmes along them (Eastern Shield, Baltic Defence Line), and the four states' "
    "withdrawal from the Ottawa anti-personnel mine ban convention. Every fact carries the "
    "sources it comes from; lengths are measured geodesically on the boundary source."
)
BOUNDARY_NOTE = (
    "The facts are CC BY 4.0; boundary geometry keeps the licence of its source (Natural "
    "Earth: public domain; OpenStreetMap-derived sources: ODbL)."
)
KEYWORDS = (
    "Ottawa Convention",
    "border fortification",
    "Eastern Shield",
    "Baltic Defence Line",
    "Poland",
    "Baltic states",
    "GIS",
)


@dataclass(frozen=True)
class Licence:
    """A licence as data packages name it.

    ``name`` is the Open Definition / SPDX id (``notspecified`` when none is known), ``title``
    what a reader sees, ``path`` the URL of the licence text ('' if none).
    """

    name: str
    title: str
    path: str

    def as_datapackage(self) -> dict[str, str]:
        return {
            k: v for k, v in (("name", self.name), ("path", self.path), ("title", self.title)) if v
        }


CODE_LICENCE = Licence("MIT", "MIT License", "https://opensource.org/licenses/MIT")
FACTS_LICENCE = Licence(
    "CC-BY-4.0",
    "Creative Commons Attribution 4.0 International",
    "https://creativecommons.org/licenses/by/4.0/",
)
PUBLIC_DOMAIN = Licence(
    "other-pd", "Public domain", "https://www.naturalearthdata.com/about/terms-of-use/"
)
ODBL = Licence(
    "ODbL-1.0",
    "Open Data Commons Open Database License 1.0",
    "https://opendatacommons.org/licenses/odbl/1-0/",
)


def boundary_licence(source: BoundarySource) -> Licence:
    """The licence of the boundary polygons, read from the boundary source.

    Every licence statement about boundaries in the bundle goes through here.
    """
    text = source.licence.lower()
    if "public domain" in text:
        path = PUBLIC_DOMAIN.path if "natural earth" in source.name.lower() else ""
        return Licence(PUBLIC_DOMAIN.name, PUBLIC_DOMAIN.title, path)
    if "odbl" in text or "open database" in text:
        return ODBL
    if "cc by 4.0" in text or "cc-by-4.0" in text:
        return FACTS_LICENCE
    return Licence("notspecified", source.licence or "not stated", "")


def licence_line(source: BoundarySource) -> str:
    """One line for metadata and READMEs: facts and boundaries, each with its licence."""
    boundaries = boundary_licence(source)
    return (
        f"Facts: {FACTS_LICENCE.title} ({FACTS_LICENCE.name}), {AUTHOR}; "
        f"boundaries: {boundaries.title} ({source.name} {source.version})"
    )


def citation(data_as_of: datetime.date | None = None) -> str:
    """The preferred citation as one line of text."""
    as_of = f", data as of {data_as_of.isoformat()}" if data_as_of else ""
    return (
        f"{AUTHOR} ({RELEASED.year}). {BUNDLE_TITLE}. Version {__version__}{as_of}. "
        f"Released {RELEASED.isoformat()}. Licence: {FACTS_LICENCE.name} (data), "
        f"{CODE_LICENCE.name} (code)."
    )


def _quote(text: str) -> str:
    """A YAML double-quoted scalar: CFF values with colons and dashes stay strings."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def cff_text() -> str:
    """``CITATION.cff`` (Citation File Format 1.2.0) for this release."""
    lines = [
        "# Citation File Format 1.2.0; generated from geo/citation.py, keep the two equal.",
        'cff-version: "1.2.0"',
        'message: "If you use these maps or layers, please cite them as below."',
        'type: "software"',
        f"title: {_quote(TITLE)}",
        f"version: {_quote(__version__)}",
        f"date-released: {_quote(RELEASED.isoformat())}",
        "authors:",
        f"  - name: {_quote(AUTHOR)}",
        "license:",
        f"  - {_quote(FACTS_LICENCE.name)}",
        f"  - {_quote(CODE_LICENCE.name)}",
        f"abstract: {_quote(ABSTRACT)}",
        "keywords:",
        *[f"  - {_quote(word)}" for word in KEYWORDS],
        "preferred-citation:",
        '  type: "data"',
        f"  title: {_quote(BUNDLE_TITLE)}",
        "  authors:",
        f"    - name: {_quote(AUTHOR)}",
        f"  version: {_quote(__version__)}",
        f"  year: {RELEASED.year}",
        f"  date-released: {_quote(RELEASED.isoformat())}",
        f"  license: {_quote(FACTS_LICENCE.name)}",
        f"  notes: {_quote(BOUNDARY_NOTE)}",
    ]
    return "\n".join(lines) + "\n"
