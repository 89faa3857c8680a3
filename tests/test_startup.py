"""`shieldmap --help` and `--version` stay instant: they import neither geopandas nor folium."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("geopandas", "folium", "pyogrio", "shapely", "pandas")
PROBE = """
import sys
from click.testing import CliRunner
from geo.cli.main import cli
result = CliRunner().invoke(cli, {args!r})
assert result.exit_code == 0, result.output
print(",".join(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


@pytest.mark.parametrize(
    "args", [["--help"], ["--version"], ["map", "--help"], ["layers", "--help"]]
)
def test_help_and_version_import_nothing_heavy(args: list[str]) -> None:
    probe = PROBE.format(args=args, heavy=HEAVY)
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_probe_would_see_a_heavy_import() -> None:
    # the check above can fail: a command that draws does import them
    probe = PROBE.format(args=["borders", "--json"], heavy=HEAVY)
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "geopandas" in out.stdout
