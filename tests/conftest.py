"""Shared fixtures: the embedded Natural Earth data, loaded once, tiny synthetic geometries, and
Debian's headless Chromium for the browser tests.

The synthetic helpers build lon/lat polygons near 54°N, where the real borders lie, and measure
expected lengths independently of ``geo.borders`` with :meth:`pyproj.Geod.inv`.
"""

from __future__ import annotations

import itertools
import logging
import os
import shutil
import sys
import time
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import geopandas as gpd
import pyogrio
import pytest
from click.testing import CliRunner, Result
from pyproj import Geod
from shapely.geometry import MultiPolygon, Polygon, box

GEOD = Geod(ellps="WGS84")

#: Debian's Chromium, driven by Playwright (never a downloaded browser), offline and quiet.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
needs_chromium = pytest.mark.skipif(
    shutil.which(CHROMIUM) is None, reason=f"Debian's Chromium is not installed at {CHROMIUM}"
)

#: South-west corner and side (degrees) of the synthetic squares.
LON0, LAT0, SIDE = 20.0, 54.0, 0.1


def geod_km(*points: tuple[float, float]) -> float:
    """Geodesic length in km of the polyline through ``points`` (lon, lat), via Geod.inv."""
    total = 0.0
    for (lon1, lat1), (lon2, lat2) in itertools.pairwise(points):
        _, _, metres = GEOD.inv(lon1, lat1, lon2, lat2)
        total += metres
    return total / 1000.0


def square(col: float, row: float, side: float = SIDE) -> Polygon:
    """The square at grid cell (col, row) of the synthetic grid anchored at (LON0, LAT0)."""
    x, y = LON0 + col * side, LAT0 + row * side
    return box(x, y, x + side, y + side)


def east_of(lon: float, lat: float, metres: float) -> float:
    """The longitude ``metres`` due east of (lon, lat)."""
    east, _, _ = GEOD.fwd(lon, lat, 90.0, metres)
    return float(east)


def exclave_pair() -> tuple[MultiPolygon, Polygon, Polygon]:
    """Country X (a main square plus an exclave) and Y, which borders the main square and
    encloses the exclave in a hole. Returns (X, Y, the exclave)."""
    main = square(0, 0)
    enclave = box(LON0 + 0.2, LAT0 + 0.03, LON0 + 0.3, LAT0 + 0.07)
    outer = box(LON0 + SIDE, LAT0, LON0 + 0.4, LAT0 + SIDE)
    y = Polygon(outer.exterior.coords, [enclave.exterior.coords])
    return MultiPolygon([main, enclave]), y, enclave


def synthetic_countries(
    codes: Sequence[str] = ("POL", "LTU", "LVA", "EST", "BLR", "RUS"),
) -> dict[str, Polygon]:
    """One small square per code in a row along 54°N, each touching the next."""
    return {code: square(i, 0) for i, code in enumerate(codes)}


def write_layer(frame: gpd.GeoDataFrame, path: Path, **kwargs: object) -> Path:
    """Write ``frame`` with pyogrio, silencing its warning when the frame has no CRS on purpose."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "'crs' was not provided", UserWarning)
        pyogrio.write_dataframe(frame, path, **kwargs)
    return path


@pytest.fixture(scope="session")
def ne_countries() -> gpd.GeoDataFrame:
    """``load_countries()`` on the embedded Natural Earth data, read once per session."""
    from geo.boundaries import load_countries

    countries, _ = load_countries()
    return countries


@pytest.fixture(scope="session")
def real_inputs() -> tuple[Any, Any]:
    """``(layers, seeds)`` built once per session from the embedded data and the seeds."""
    from geo.boundaries import load_countries
    from geo.layers import build_layers
    from geo.seeds import load_seeds

    seeds = load_seeds()
    return build_layers(*load_countries(), seeds), seeds


@pytest.fixture(scope="session")
def real_map_html(real_inputs: tuple[Any, Any]) -> dict[str, str]:
    """The English page of every preset, rendered once per session."""
    from geo.maps import ALL, render_map

    layers, seeds = real_inputs
    return {preset: render_map(layers, seeds, preset, "en") for preset in ALL}


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test gets an empty SHIELDMAP_CACHE: no prepared region leaks between tests, and
    nothing is written to the user's own cache."""
    monkeypatch.setenv("SHIELDMAP_CACHE", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def cached_embedded(monkeypatch: pytest.MonkeyPatch, ne_countries: gpd.GeoDataFrame) -> None:
    """Make CLI runs reuse the session's embedded data instead of reading it again.

    User files (a ``path``) are still read for real.
    """
    import geo.boundaries as boundaries

    real = boundaries.load_countries

    def load(
        path: str | os.PathLike[str] | None = None,
        iso_field: str | None = None,
        required: tuple[str, ...] = boundaries.REQUIRED_ISO3,
    ) -> tuple[gpd.GeoDataFrame, boundaries.BoundarySource]:
        if path is None:
            source = replace(boundaries.NATURAL_EARTH, path=boundaries.embedded_path())
            return ne_countries.copy(), source
        return real(path, iso_field, required)

    monkeypatch.setattr(boundaries, "load_countries", load)


@pytest.fixture(autouse=True)
def _restore_geo_logger() -> Iterator[None]:
    """The CLI points the ``geo`` logger at the current stderr and stops propagation; undo that
    after each test so later tests (and caplog) see a pristine logger."""
    logger = logging.getLogger("geo")
    handlers, level, propagate = list(logger.handlers), logger.level, logger.propagate
    yield
    logger.handlers[:] = handlers
    logger.setLevel(level)
    logger.propagate = propagate


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def run(*args: str) -> Result:
    """``shieldmap ARGS...`` in-process, stdout and stderr kept apart."""
    from geo.cli.main import cli

    return CliRunner().invoke(cli, list(args), prog_name="shieldmap")


def error_line(result: Result) -> str:
    """The one ``Error:`` line of a handled failure: exit 1, no traceback, nothing on stdout."""
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("Error: ")
    return lines[0]


def usage_error(result: Result) -> str:
    """click's usage message of a usage error: exit 2, no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Usage: shieldmap")
    return result.stderr


def wait_until(target: Any, predicate: str, arg: Any = None, timeout: float = 30_000) -> None:
    """Poll ``predicate`` (a JS function, given ``arg``) in a page or frame from Python until it
    is true, for up to ``timeout`` ms. Playwright's own wait_for_function polls inside the page
    by eval, which the maps' Content-Security-Policy forbids: it only passed when the predicate
    held at its first check. ``evaluate`` goes through the DevTools protocol, which CSP does not
    see."""
    deadline = time.monotonic() + timeout / 1000
    while not target.evaluate(predicate, arg):
        assert time.monotonic() < deadline, f"timed out waiting for {predicate}"
        target.wait_for_timeout(100)


def shieldmap_script() -> str:
    """The installed console script next to the venv's interpreter (there is no __main__)."""
    script = Path(sys.executable).parent / "shieldmap"
    if script.exists():
        return str(script)
    found = shutil.which("shieldmap")
    assert found, "the shieldmap console script is not installed; pip install -e ."
    return found
