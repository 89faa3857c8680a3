"""Benchmark shieldmap's maps against what a folium user gets from GeoDataFrame.explore().

Prints one table per topic: page weight, web geometry (vertices, displacement, gaps and
overlaps), build time and memory, CLI start-up, and time to draw in headless Chromium.
Targets are shown beside each figure; nothing here asserts.

    $ .venv/bin/python benchmarks/run.py            # everything, 3 repetitions
    $ .venv/bin/python benchmarks/run.py --smoke    # one preset, one repetition (CI)
    $ .venv/bin/python benchmarks/run.py --limits   # also build at the documented input limits
    $ .venv/bin/python benchmarks/run.py --boundaries osm-land-10m   # the scaling table only
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SIX = ("POL", "LTU", "LVA", "EST", "BLR", "RUS")
CHROMIUM = Path("/usr/bin/chromium")
METRIC = "EPSG:3035"

# What a child process measures about its command: wall time, the largest resident memory of
# any one of its processes (KiB), its exit code, and the CPU time (user + system) of all its
# processes, worker processes included.
_MEASURE = """
import resource, subprocess, sys, time
t = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
wall = time.perf_counter() - t
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(wall, usage.ru_maxrss, code, usage.ru_utime + usage.ru_stime)
"""


def measure_command(args: list[str], repeat: int) -> tuple[float, float, float]:
    """Best wall time (s), peak memory of one process (MiB) and best CPU time (s) of a
    command, each run in a fresh process."""
    walls, peaks, cpus = [], [], []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", _MEASURE, *args], capture_output=True, text=True, check=True
        ).stdout.split()
        if out[2] != "0":
            msg = f"{' '.join(args)} exited {out[2]}"
            raise RuntimeError(msg)
        walls.append(float(out[0]))
        peaks.append(int(out[1]) / 1024)
        cpus.append(float(out[3]))
    return min(walls), max(peaks), min(cpus)


def best_of(func: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return min(times)


def table(title: str, header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    size = len(header)
    cells = [tuple(str(c) for c in header)] + [
        tuple(str(c) for c in (*r, *[""] * size))[:size] for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [f"\n## {title}\n"]
    for index, row in enumerate(cells):
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if index == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def mark(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def geometry_rows(layers: Any, presets: list[str]) -> list[tuple[Any, ...]]:
    from geo.maps.presets import get_preset
    from geo.maps.viewport import CLIP_MARGIN, clip_shape
    from geo.maps.webgeom import (
        CONTEXT_ZOOM_STEP,
        _story,
        coverage_faults,
        preset_coverage,
        preset_geometries,
        size_report,
        tolerance_for_zoom,
    )

    rows = []
    for name in presets:
        preset = get_preset(name)
        countries, borders = preset_geometries(layers, preset)
        coverage = preset_coverage(layers, preset)
        simple = dict(zip(coverage["iso3"], coverage.geometry, strict=True))
        story = dict(zip(coverage["iso3"], _story(coverage), strict=True))
        # the original outlines, clipped in lon/lat as the maps do
        full = layers.frames["countries"].copy()
        full["geometry"] = shapely.intersection(
            full.geometry.values, clip_shape(preset.extent, CLIP_MARGIN, preset.max_aspect)
        )
        full = full[~full.geometry.is_empty]
        fine = tolerance_for_zoom(preset.max_zoom)
        context_zoom = preset.min_zoom + CONTEXT_ZOOM_STEP
        coarse = tolerance_for_zoom(context_zoom)
        worst = {True: (0.0, 0.0), False: (0.0, 0.0)}
        for iso3, original in zip(full["iso3"], full.geometry, strict=True):
            if iso3 in simple:
                own = story[iso3]
                moved = _displacement(
                    original,
                    simple[iso3],
                    fine if own else coarse,
                    preset.max_zoom if own else context_zoom,
                )
                worst[own] = max(worst[own], moved)
        edges, overlap, gap = coverage_faults(list(coverage.geometry.values))
        sizes = size_report(countries, borders)
        vertices = sizes["country_vertices"] + sizes["border_vertices"]
        rows.append(
            (
                name,
                vertices,
                f"{fine:.0f} m / {worst[True][0]:.2f} px ({worst[True][1]:.0f} m)",
                f"{coarse:.0f} m / {worst[False][0]:.2f} px ({worst[False][1]:.0f} m)",
                edges,
                f"{overlap / 1e6:.3f}",
                f"{gap / 1e6:.3f}",
                mark(edges == 0 and overlap == 0 and gap == 0),
            )
        )
    return rows


def _displacement(original: Any, simple: Any, tolerance: float, zoom: float) -> tuple[float, float]:
    """How far the original outline strays from the simplified one, as (screen pixels at
    ``zoom``, metres) at its worst vertex: every original vertex's distance to the simplified
    outline, measured in EPSG:3035 and divided by the ground size of a Web Mercator pixel at
    that vertex's latitude (smaller further north). Islands too small to draw (under 4
    tolerances square, dropped on purpose) are left out."""
    import geopandas as gpd

    if simple.is_empty:
        return 0.0, 0.0
    parts = gpd.GeoSeries(list(shapely.get_parts(original)), crs="EPSG:4326")
    metric = parts.to_crs(METRIC)
    keep = (metric.area >= (4 * tolerance) ** 2).to_numpy()
    if not keep.any():
        return 0.0, 0.0
    # to_crs moves each vertex on its own, so both outlines list the same vertices in order
    lonlat = shapely.get_coordinates(shapely.MultiPolygon(list(parts[keep])).boundary)
    xy = shapely.get_coordinates(shapely.MultiPolygon(list(metric[keep])).boundary)
    metres = shapely.distance(shapely.points(xy), simple.boundary)
    pixel = 2 * math.pi * 6378137 * np.cos(np.radians(lonlat[:, 1])) / (256 * 2**zoom)
    worst = int(np.argmax(metres / pixel))
    return float(metres[worst] / pixel[worst]), float(metres[worst])


def page_rows(layers: Any, seeds: Any, presets: list[str], repeat: int) -> list[tuple[Any, ...]]:
    from geo.maps import render_map

    six = layers.frames["countries"]
    six = six[six["iso3"].isin(SIX)]
    baseline = len(six.explore().get_root().render().encode("utf-8"))
    rows = [("explore() baseline, six countries", baseline, "", "", "", "")]
    for name in presets:
        html = render_map(layers, seeds, name, "en")
        size = len(html.encode("utf-8"))
        seconds = best_of(lambda n=name: render_map(layers, seeds, n, "en"), repeat)
        ratio = baseline / size
        target = size <= 300_000 and ratio >= 5 if name == "overview" else ratio >= 5
        rows.append(
            (
                name,
                size,
                f"{ratio:.1f}x",
                f"{seconds:.2f}",
                "≤300 KB, ≥5x" if name == "overview" else "≥5x",
                mark(target),
            )
        )
    return rows


def static_rows(layers: Any, seeds: Any, presets: list[str], repeat: int) -> list[tuple[Any, ...]]:
    """Static export per format: the scene built once, each format drawn from it."""
    from geo.maps.scene import SceneInputs, build_scene
    from geo.maps.static import render_static
    from geo.maps.static_export import preset_size
    from geo.maps.static_page import parse_size

    rows: list[tuple[Any, ...]] = []
    for name in presets:
        scene_s = best_of(lambda n=name: build_scene(n, "en", SceneInputs(layers, seeds)), 1)
        scene = build_scene(name, "en", SceneInputs(layers, seeds))
        size = preset_size(name)
        rows.append((name, "scene", f"{size.name}", "", f"{scene_s:.2f}"))
        for fmt in ("svg", "png", "pdf"):
            data = render_static(scene, fmt, size)
            seconds = best_of(lambda f=fmt, s=scene, z=size: render_static(s, f, z), repeat)
            rows.append((name, fmt, size.name, len(data), f"{seconds:.2f}"))
    social = parse_size("social")
    scene = build_scene(presets[0], "en", SceneInputs(layers, seeds))
    data = render_static(scene, "png", social, 2.0)
    seconds = best_of(lambda: render_static(scene, "png", social, 2.0), repeat)
    rows.append((presets[0], "png --scale 2", "social", len(data), f"{seconds:.2f}"))
    return rows


def _load() -> str:
    """The machine's load average over the last minute: timings are only comparable at a
    similar load (the machine may be shared)."""
    return f"{os.getloadavg()[0]:.1f}"


def command_rows(presets: list[str], repeat: int, smoke: bool) -> list[tuple[Any, ...]]:
    from geo.maps.i18n import LANGS
    from geo.maps.presets import ALL
    from geo.parallel import available_cores

    shieldmap = str(BIN / "shieldmap")
    rows = []
    started = []
    for _ in range(max(3, repeat)):
        t = time.perf_counter()
        subprocess.run([shieldmap, "--help"], capture_output=True, check=True)
        started.append(time.perf_counter() - t)
    help_s = min(started)
    rows.append(
        ("shieldmap --help", f"{help_s:.3f}", "", "", _load(), "≤0.3 s", mark(help_s <= 0.3))
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        wall, peak, cpu = measure_command([shieldmap, "map", presets[0], "-d", str(out)], repeat)
        one_map = (f"shieldmap map {presets[0]}", f"{wall:.2f}", f"{cpu:.1f}", f"{peak:.0f}")
        rows.append((*one_map, _load(), "", ""))
        if not smoke:
            build = [shieldmap, "build", "-o", str(out / "o"), "--layers-dir", str(out / "l")]
            what = (
                f"shieldmap build ({len(ALL)} presets × {len(LANGS)} languages,"
                " SVG+PNG previews, layers)"
            )
            for jobs in (None, 1):
                load = _load()
                wall, peak, cpu = measure_command(
                    build if jobs is None else [*build, "--jobs", str(jobs)], repeat
                )
                rows.append(
                    (
                        f"{what}, " + ("--jobs 1" if jobs else f"{available_cores()} jobs"),
                        f"{wall:.2f}",
                        f"{cpu:.1f}",
                        f"{peak:.0f}",
                        f"{load} → {_load()}",
                        "≤15 s" if jobs is None else "",
                        mark(wall <= 15) if jobs is None else "",
                    )
                )
    return rows


def _at_text_limit(value: Any, limit: int) -> Any:
    """Seeds with every longer text (notes, summaries) padded to ``limit`` characters."""
    if isinstance(value, dict):
        return {k: _at_text_limit(v, limit) for k, v in value.items()}
    if isinstance(value, list):
        return [_at_text_limit(v, limit) for v in value]
    if isinstance(value, str) and len(value) > 80 and not value.startswith("http"):
        return (value + " ") * (limit // (len(value) + 1)) + value[: limit % (len(value) + 1)]
    return value


def _segmentized(geom: Any, vertices: int) -> Any:
    """``geom`` with points added along its edges until it has about ``vertices`` (not more)."""
    extra = vertices - shapely.get_num_coordinates(geom) - shapely.get_num_geometries(geom) * 4
    dense = shapely.segmentize(geom, geom.length / max(extra, 1))
    while shapely.get_num_coordinates(dense) > vertices:
        extra = int(extra * 0.999)
        dense = shapely.segmentize(geom, geom.length / extra)
    return dense


def limit_inputs(folder: Path) -> dict[str, list[str]]:
    """Inputs at each documented limit of geo.inputs, and the global options that use them."""
    import yaml

    from geo import inputs
    from geo.boundaries import load_countries
    from geo.seeds import default_seeds_dir

    notes = folder / "notes.yaml"
    count = inputs.MAX_ANNOTATIONS - 1
    rng = np.random.default_rng(7)
    lons, lats = rng.uniform(14.5, 28.0, count), rng.uniform(49.5, 59.0, count)
    lines = [f"  - {{label: note {i}, point: [{x:.5f}, {y:.5f}]}}" for i, (x, y) in
             enumerate(zip(lons, lats, strict=True))]  # fmt: skip
    steps = np.linspace(0, 1, inputs.MAX_LINE_VERTICES)
    path = ", ".join(f"[{18 + 9 * t:.6f}, {54 + 0.3 * math.sin(t * 400):.6f}]" for t in steps)
    lines.append(f"  - {{label: long line, line: [{path}]}}")
    notes.write_text("annotations:\n" + "\n".join(lines) + "\n", encoding="utf-8")

    seeds = folder / "seeds"
    seeds.mkdir()
    for source in sorted(default_seeds_dir().glob("*.yaml")):
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        text = yaml.safe_dump(
            _at_text_limit(data, inputs.MAX_SEED_TEXT), allow_unicode=True, sort_keys=False
        )
        (seeds / source.name).write_text(text, encoding="utf-8")

    countries, _ = load_countries()
    is_pol, is_rus = countries["iso3"] == "POL", countries["iso3"] == "RUS"
    # a country at the region limit: Poland, all of it inside the mapped region
    region = countries.copy()
    poland = region.loc[is_pol, "geometry"].iloc[0]
    region.loc[is_pol, "geometry"] = _segmentized(poland, inputs.MAX_REGION_VERTICES)
    region_file = folder / "dense-region.gpkg"
    region.to_file(region_file, driver="GPKG")
    # a feature at the read limit, nearly all of it outside the region (as OpenStreetMap's
    # Russia is): Russia plus a detailed island far away in the Pacific
    read = countries.copy()
    russia = read.loc[is_rus, "geometry"].iloc[0]
    room = inputs.MAX_BOUNDARY_VERTICES - shapely.get_num_coordinates(russia)
    island = _segmentized(shapely.box(-170.0, -40.0, -160.0, -30.0), room)
    parts = [*shapely.get_parts(russia), *shapely.get_parts(island)]
    read.loc[is_rus, "geometry"] = shapely.MultiPolygon(parts)
    read_file = folder / "dense-read.gpkg"
    read.to_file(read_file, driver="GPKG")

    def most(frame: Any) -> int:
        return int(shapely.get_num_coordinates(frame.geometry.values).max())

    return {
        f"{count + 1:,} annotations (one line of {inputs.MAX_LINE_VERTICES:,} positions)": [
            "--annotations",
            str(notes),
        ],
        f"seed texts of {inputs.MAX_SEED_TEXT:,} characters": ["--seeds", str(seeds)],
        f"a country of {most(region):,} vertices within the region": [
            "--boundaries",
            str(region_file),
        ],
        f"a feature of {most(read):,} vertices as read (clipped to the region)": [
            "--boundaries",
            str(read_file),
        ],
    }


LIMIT_HEADER = ("input at its limit", "command", "wall s", "peak MiB")
# A build at a limit that takes longer than this is reported as such, not waited for.
LIMIT_TIMEOUT_S = 900

_MEASURE_WITH_TIMEOUT = """
import resource, subprocess, sys, time
t = time.perf_counter()
try:
    code = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          timeout=float(sys.argv[1])).returncode
except subprocess.TimeoutExpired:
    code = "timeout"
wall = time.perf_counter() - t
print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


def limit_rows(repeat: int) -> list[tuple[Any, ...]]:
    """check and build at each limit, each cold (a fresh cache: the boundary file is read and
    prepared again), after the same on the embedded data alone as the yardstick: on a shared
    machine the ratio to it says more than the seconds."""
    from geo.cache import CACHE_ENV

    shieldmap = str(BIN / "shieldmap")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = {"embedded data alone (yardstick)": [], **limit_inputs(folder)}
        for label, options in cases.items():
            for command in (["check"], ["build", "-o", str(folder / "o"), "--layers-dir",
                                         str(folder / "l")]):  # fmt: skip
                walls, peaks, codes = [], [], []
                for _ in range(repeat):
                    cache = tempfile.mkdtemp(dir=folder)
                    out = subprocess.run(
                        [sys.executable, "-c", _MEASURE_WITH_TIMEOUT, str(LIMIT_TIMEOUT_S),
                         shieldmap, *options, *command],
                        capture_output=True, text=True, check=True,
                        env={**os.environ, CACHE_ENV: cache},
                    ).stdout.split()  # fmt: skip
                    shutil.rmtree(cache)
                    walls.append(float(out[0]))
                    peaks.append(int(out[1]) / 1024)
                    codes.append(out[2])
                failed = [c for c in codes if c != "0"]
                wall = (
                    f"> {LIMIT_TIMEOUT_S} (timed out)"
                    if "timeout" in failed
                    else f"{min(walls):.1f}" + (f" (exit {failed[0]})" if failed else "")
                )
                rows.append((label, command[0], wall, f"{max(peaks):.0f}"))
                print(f"  {label}, {command[0]}: {wall} s, {max(peaks):.0f} MiB", file=sys.stderr)
    return rows


_EMPTY_PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>{css}</style>
<script>{js}</script></head><body style="margin:0"><div id="m" style="height:100vh"></div>
<script>var m = L.map('m').setView([55, 23], 5);
requestAnimationFrame(function () {{
  setTimeout(function () {{ performance.mark("shieldmap:drawn"); }}, 0);
}});</script>
</body></html>"""


def browser_rows(layers: Any, seeds: Any, repeat: int, browsers: int = 3) -> list[tuple[Any, ...]]:
    """The overview's draw time against an empty Leaflet page: ``repeat`` pairs of alternate
    loads in each of ``browsers`` fresh browser processes.

    One browser's 30 pairs move by a tenth of the ratio from one run to the next on this
    shared machine, so the verdict is taken on all pairs together; the row also shows how
    far the browsers' own medians lie apart."""
    if not CHROMIUM.exists():
        return [("headless Chromium", "skipped: /usr/bin/chromium is missing", "", "", "")]
    from playwright.sync_api import sync_playwright

    from geo.maps import render_map
    from geo.maps.assets import leaflet_css, leaflet_js

    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        overview = Path(tmp) / "overview.html"
        overview.write_text(render_map(layers, seeds, "overview", "en"), encoding="utf-8")
        empty = Path(tmp) / "empty.html"
        empty.write_text(_EMPTY_PAGE.format(css=leaflet_css(), js=leaflet_js()), encoding="utf-8")
        with sync_playwright() as p:
            for _ in range(browsers):
                browser = p.chromium.launch(
                    executable_path=str(CHROMIUM),
                    args=[
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                    ],
                )
                runs.append(_drawn_pairs(browser, empty, overview, repeat))
                browser.close()
    pairs = [pair for run in runs for pair in run]
    floor = statistics.median(f for f, _ in pairs)
    drawn = statistics.median(d for _, d in pairs)
    # each overview load is compared with the floor load just before it, so drift in the
    # machine's speed (two shared cores) cancels out
    ratio = statistics.median(d / f for f, d in pairs)
    each = sorted(statistics.median(d / f for f, d in run) for run in runs)
    spread = f"browsers {each[0]:.2f}-{each[-1]:.2f}x" if len(each) > 1 else ""
    return [
        ("empty Leaflet page (floor)", f"{floor:.0f}", "", "", f"{len(pairs)} pairs"),
        (
            "overview, all layers drawn",
            f"{drawn:.0f}",
            f"{ratio:.2f}x floor",
            mark(ratio <= 2.0),
            spread,
        ),
    ]


_DRAWN_AT = (
    "() => { const m = performance.getEntriesByName('shieldmap:drawn');"
    " return m.length ? m[0].startTime : null; }"
)


def _drawn_ms(browser: Any, page_file: Path) -> float:
    """Time from navigation start to the first frame with every layer drawn, in ms.

    Both pages set the performance mark ``shieldmap:drawn`` in the task after the first
    animation frame that follows their last layer, that is once that frame has been laid out
    and painted (rasterising runs on other threads and is not counted, for either page).
    """
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort(),
    )
    page.goto(page_file.as_uri())
    # polled from Python: Playwright's wait_for_function polls by eval inside the page, which
    # the map's Content-Security-Policy forbids (it only works if the mark is already there)
    deadline = time.monotonic() + 20
    while (value := page.evaluate(_DRAWN_AT)) is None:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no shieldmap:drawn mark in {page_file.name} after 20 s")
        page.wait_for_timeout(20)
    page.close()
    return float(value)


def _drawn_pairs(browser: Any, floor: Path, page: Path, repeat: int) -> list[tuple[float, float]]:
    """(floor, page) times, loaded alternately after one warm-up load of each."""
    _drawn_ms(browser, floor)
    _drawn_ms(browser, page)
    return [(_drawn_ms(browser, floor), _drawn_ms(browser, page)) for _ in range(repeat)]


# Run in a child process per measurement: prepare (load_countries), borders, layers and the
# overview page, each timed; prints one JSON line. Peak memory is the child's ru_maxrss.
_SCALING = """
import json, resource, sys, time
from geo.boundaries import load_countries
from geo.borders import affected_borders
from geo.cli.options import Inputs
inputs = Inputs(None, sys.argv[1], None, None)
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
t, c = time.perf_counter(), cpu()
countries, source = load_countries(sys.argv[1])
prepare, prepare_cpu = time.perf_counter() - t, cpu() - c
t = time.perf_counter(); borders = affected_borders(countries, False, inputs.effective_tolerance_m)
borders_s = time.perf_counter() - t
from geo.layers import build_layers
from geo.maps import render_map
from geo.seeds import load_seeds
seeds = load_seeds()
layers = build_layers(countries, source, seeds, inputs.effective_tolerance_m)
html = render_map(layers, seeds, "overview", "en")
print(json.dumps({"prepare": prepare, "prepare_cpu": prepare_cpu, "borders": borders_s,
  "overview": len(html.encode()),
  "lengths": {f"{b.pair} {b.region}".strip(): b.length_km for b in borders},
  "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
OFFICIAL = {
    "POL-BLR": 418,
    "POL-RUS Kaliningrad Oblast": 199,
    "LTU-BLR": 679,
    "LVA-BLR": 173,
    "LVA-RUS mainland": 283.6,
}


def _input_size(source: str) -> tuple[float, int]:
    """Size in MB and vertex count of what a source reads (the file, not the region)."""
    import pyogrio

    from geo.boundaries import _locate, embedded_path

    path = embedded_path() if source == "ne-10m" else _locate(source)[0].path
    size = Path(path.removeprefix("/vsizip/")).stat().st_size
    # whole countries at 10 m are larger GeoJSON objects than GDAL allows by default
    pyogrio.set_gdal_config_options({"OGR_GEOJSON_MAX_OBJ_SIZE": "0"})
    table = pyogrio.read_dataframe(path, columns=[], read_geometry=True)
    return size / 1e6, int(shapely.get_num_coordinates(table.geometry.values).sum())


def scaling_rows(sources: list[str]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """One row per source: input size, prepare cold/warm, peak memory, borders, overview."""
    from geo.cache import CACHE_ENV, cache_root

    rows, lengths = [], []
    for source in sources:
        size_mb, vertices = _input_size(source)
        with tempfile.TemporaryDirectory() as tmp:
            # a fresh cache that still holds the download: cold means "not prepared yet"
            (Path(tmp) / "downloads").mkdir()
            real = cache_root() / "downloads" / source
            if real.is_dir():
                (Path(tmp) / "downloads" / source).symlink_to(real)
            env = {**os.environ, CACHE_ENV: tmp}
            runs = []
            for _ in ("cold", "warm"):
                done = subprocess.run(
                    [sys.executable, "-c", _SCALING, source],
                    capture_output=True,
                    text=True,
                    check=False,
                    env=env,
                )
                if done.returncode != 0:
                    sys.exit(f"measuring {source} failed:\n{done.stderr}")
                runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        cold, warm = runs
        rows.append(
            (
                source,
                f"{size_mb:.0f}",
                f"{vertices:,}",
                f"{cold['prepare']:.1f}",
                f"{cold['prepare_cpu']:.1f}",
                f"{warm['prepare']:.1f}",
                f"{max(cold['peak'], warm['peak']):.0f}",
                f"{cold['borders']:.1f}",
                f"{cold['prepare'] + cold['borders']:.1f} / "
                f"{warm['prepare'] + warm['borders']:.1f}",
                f"{warm['overview'] / 1000:.0f} KB",
            )
        )
        for pair, official in OFFICIAL.items():
            km = cold["lengths"].get(pair)
            if km is not None:
                diff = 100 * (km - official) / official
                lengths.append(
                    (source, pair, f"{km:.1f}", official, f"{diff:+.1f} %", mark(abs(diff) <= 8))
                )
    return rows, lengths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="one preset, one repetition")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions [default: 3]")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    parser.add_argument(
        "--limits", action="store_true", help="also build at the documented input limits"
    )
    parser.add_argument(
        "--only-limits", action="store_true", help="only the builds at the input limits"
    )
    parser.add_argument(
        "--boundaries",
        action="append",
        metavar="ID|PATH",
        help="print only the boundary scaling table, for ne-10m, osm-land-10m when cached, "
        "and this source (repeatable)",
    )
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    if args.boundaries:
        from geo.cache import read_record

        chosen = ["ne-10m"] + (["osm-land-10m"] if read_record("osm-land-10m") else [])
        chosen += [b for b in args.boundaries if b not in chosen]
        rows, lengths = scaling_rows(chosen)
        print(
            table(
                "Boundary sources at scale (targets for the 168 MB world file, 2 cores: borders "
                "≤ 60 s cold, ≤ 5 s warm, peak ≤ 3 GiB, overview ≤ 300 KB)",
                (
                    "source",
                    "input MB",
                    "vertices",
                    "prepare cold s",
                    "of it CPU s",
                    "prepare warm s",
                    "peak MiB",
                    "borders s",
                    "to borders cold / warm s",
                    "overview",
                ),
                rows,
            )
        )
        print(
            table(
                "Lengths against official figures (within 8 %)",
                ("source", "border", "measured km", "official km", "difference", ""),
                lengths,
            )
        )
        # wall times on a shared machine: the load says how much of them was waiting for a core
        print(f"\nload average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        return 0

    from geo.boundaries import load_countries
    from geo.layers import build_layers
    from geo.maps.presets import ALL
    from geo.seeds import load_seeds

    repeat = 1 if args.smoke else args.repeat
    if args.only_limits:
        print(table("At the input limits", LIMIT_HEADER, limit_rows(1)))
        return 0
    presets = ["overview"] if args.smoke else list(ALL)
    countries, source = load_countries()
    seeds = load_seeds()
    layers = build_layers(countries, source, seeds)

    report = {
        "Page weight (inline assets, English)": (
            ("map", "HTML bytes", "explore()/ours", "render s", "target", ""),
            page_rows(layers, seeds, presets, repeat),
        ),
        "Web geometry": (
            (
                "preset",
                "vertices",
                "story countries: tolerance / largest displacement at max zoom",
                "context countries: tolerance / largest displacement at context zoom",
                "invalid edges",
                "overlap km²",
                "gap km²",
                "0 gaps, 0 overlaps",
            ),
            geometry_rows(layers, presets),
        ),
        "Static export (matplotlib, English)": (
            ("map", "format", "size", "bytes", "s"),
            static_rows(layers, seeds, presets, repeat),
        ),
        "Commands": (
            ("command", "wall s", "CPU s", "peak MiB (one process)", "load", "target", ""),
            command_rows(presets, repeat, args.smoke),
        ),
        "Time to draw in headless Chromium (ms from navigation)": (
            ("page", "ms", "ratio", "≤2x floor", "loads"),
            browser_rows(layers, seeds, 1 if args.smoke else repeat * 10, 1 if args.smoke else 3),
        ),
    }
    if args.limits:
        report["At the input limits"] = (LIMIT_HEADER, limit_rows(1))
    for title, (header, rows) in report.items():
        print(table(title, header, rows))
    if args.json:
        args.json.write_text(
            json.dumps({k: v[1] for k, v in report.items()}, indent=2, default=str),
            encoding="utf-8",
        )
    if shutil.which("nproc"):
        cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
        print(f"\nmachine: {cores} cores, Python {sys.version.split()[0]}")
    print(f"yardstick: {yardstick():.3f} s for a fixed pure-Python loop (best of 5)")
    return 0


def yardstick() -> float:
    """Seconds for a fixed pure-Python loop, best of five: the shared machine's speed moves
    by half from day to day, and every time above moves with it; compare runs by this."""

    def loop() -> int:
        total = 0
        for i in range(3_000_000):
            total += i % 7
        return total

    return best_of(loop, 5)


if __name__ == "__main__":
    raise SystemExit(main())
