"""The one CSV writer of shieldmap: every CSV the tool writes (layer files, ``borders --csv``)
goes through :func:`csv_text`, so every one is safe to open in a spreadsheet.

Two rules make a CSV safe there:

- **No formulas.** A text cell that begins with ``=``, ``+``, ``-``, ``@``, TAB or CR is run as
  a formula by Excel, LibreOffice and Google Sheets. Such a cell gets a leading apostrophe, the
  OWASP rule for CSV injection; spreadsheets hide the apostrophe and show the text. Numbers are
  written as numbers, and a text cell that is a plain number (``-12.5``, ``+3.1``) is left as it
  is: a spreadsheet reads it as that number, never as a formula.
- **One line per row.** A field holding a comma, a quote, CR or LF is quoted (RFC 4180), so
  every CSV parses to exactly its layer's row count. Python's :mod:`csv` quotes only the
  characters of its line terminator, so a bare CR would split a row; quoting is done here.

Geometry is written as WKT (WGS84) only where it fits a spreadsheet cell (32,767 characters,
Excel's limit); a longer one is replaced by a note naming the layer's GeoJSON file.

Examples
--------
>>> csv_text(["name", "km"], [["=1+1", -3.5], ["Narva", 2]])
"name,km\\n'=1+1,-3.5\\nNarva,2\\n"
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from geo.atomic import write_text

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CELL_LIMIT", "FORMULA_START", "cell", "csv_text", "frame_csv_text", "write_csv"]

#: First characters that make a spreadsheet evaluate a cell (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: The most characters a spreadsheet cell holds (Excel; LibreOffice and Sheets allow more).
CELL_LIMIT = 32_767
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_NEEDS_QUOTES = re.compile(r'[",\r\n]')


def cell(value: object) -> str:
    """One value as CSV field text: neutralised if it could run as a formula, quoted if needed.

    ``None`` and NaN become an empty field; booleans ``True``/``False``; other numbers their
    shortest exact text.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        return "" if math.isnan(number) else repr(number)
    text = str(value)
    if _is_missing(value):
        return ""
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        text = "'" + text
    if _NEEDS_QUOTES.search(text):
        text = '"' + text.replace('"', '""') + '"'
    return text


def _is_missing(value: object) -> bool:
    """pandas' missing markers (``pd.NA``, ``NaT``) without importing pandas for plain rows."""
    return type(value).__name__ in ("NAType", "NaTType")


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The CSV text of ``header`` and ``rows``, LF line ends, every cell through :func:`cell`."""
    lines = [",".join(cell(h) for h in header)]
    lines.extend(",".join(cell(v) for v in row) for row in rows)
    return "\n".join(lines) + "\n"


def frame_csv_text(frame: pd.DataFrame, geojson_name: str) -> str:
    """A layer as CSV; a GeoDataFrame's geometry becomes a last ``geometry`` column of WKT.

    WKT is in WGS84 with 6 decimals. A geometry whose WKT is longer than :data:`CELL_LIMIT` is
    replaced by a note that names ``geojson_name``, where the full geometry is.
    """
    import geopandas as gpd
    import pandas as pd

    table = pd.DataFrame(frame)
    if isinstance(frame, gpd.GeoDataFrame):
        geometry = frame.geometry
        if geometry.crs is not None and not geometry.crs.equals("EPSG:4326"):
            geometry = geometry.to_crs("EPSG:4326")
        wkt = [_fitting_wkt(text, geojson_name) for text in _wkt(geometry)]
        table = table.drop(columns=frame.geometry.name).assign(geometry=wkt)
    columns = [str(c) for c in table.columns]
    rows = table.astype(object).itertuples(index=False, name=None)
    return csv_text(columns, rows)


def _wkt(geometry: object) -> list[str | None]:
    import geopandas as gpd

    assert isinstance(geometry, gpd.GeoSeries)
    return list(geometry.to_wkt(rounding_precision=6, trim=True))


def _fitting_wkt(text: str | None, geojson_name: str) -> str | None:
    if text is None or len(text) <= CELL_LIMIT:
        return text
    return (
        f"(geometry of {len(text):,} characters, longer than a spreadsheet cell holds; "
        f"see {geojson_name})"
    )


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    """Write ``header`` and ``rows`` to ``path`` atomically, as UTF-8 CSV."""
    return write_text(path, csv_text(header, rows))
