"""shieldmap: maps and GIS layers of the fortified eastern borders of the EU and NATO."""

from __future__ import annotations

__version__ = "0.2.0"
