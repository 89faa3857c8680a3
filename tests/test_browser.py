"""The maps in Debian's headless Chromium: offline from file://, drawn, labelled, interactive.

Every request that is not a file:// URL is aborted and recorded; a test fails if there is any.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import needs_chromium, wait_until

from geo.boundaries import load_countries
from geo.layers import Layers, build_layers
from geo.maps import ALL, build_maps
from geo.maps.presets import get_preset
from geo.maps.webgeom import preset_geometries
from geo.seeds import load_seeds

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
]
# A path each preset must draw, the tooltip text it shows, what its popup must contain.
PROBES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "overview": ("path.border-POL-BLR", "Poland – Belarus", ("340.1 km", "Official length")),
    "eastern-shield": ("path.border-POL-BLR", "Poland – Belarus", ("340.1 km", "Official length")),
    "baltic-defence-line": (
        "path.border-LTU-BLR",
        "Lithuania – Belarus",
        ("481.9 km", "Official length"),
    ),
    "suwalki-gap": ("path.border-POL-LTU", "Suwałki", ("87.5 km", "Official length")),
    "treaty": ("path.country-POL", "Poland", ("20 Feb 2026", "Withdrawal takes effect")),
}


@pytest.fixture(scope="module")
def layers() -> Layers:
    countries, source = load_countries()
    return build_layers(countries, source, load_seeds())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, layers: Layers) -> Path:
    out = tmp_path_factory.mktemp("maps")
    seeds = load_seeds()
    build_maps(layers, seeds, out, presets=ALL, langs=("en",))
    build_maps(layers, seeds, out / "pl", presets=("overview",), langs=("pl",))
    return out


@dataclasses.dataclass
class Visit:
    page: Any
    errors: list[str]
    requests: list[str]
    dialogs: list[str]


def visit(browser: Any, path: Path, width: int = 1200, height: int = 800) -> Visit:
    page = browser.new_page(viewport={"width": width, "height": height})
    found = Visit(page, [], [], [])
    page.on("console", lambda m: found.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: found.errors.append(str(e)))
    page.on("dialog", lambda d: (found.dialogs.append(d.message), d.dismiss()))

    def guard(route: Any) -> None:
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:
            found.requests.append(url)
            route.abort()

    page.route("**/*", guard)
    page.goto(path.as_uri())
    page.wait_for_selector(".leaflet-container")
    page.wait_for_timeout(250)
    return found


def point_on(page: Any, selector: str) -> tuple[float, float]:
    """A screen point on the stroke of ``selector`` that the path itself receives events at."""
    point = page.evaluate(
        """(selector) => {
            const path = document.querySelector(selector);
            const total = path.getTotalLength();
            // every hundredth of the way, middle first: a dashed line takes events on its
            // dashes only, and a few fixed points can all fall in its gaps
            const steps = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);
            steps.sort((a, b) => Math.abs(a - 0.4) - Math.abs(b - 0.4));
            for (const f of steps) {
                const p = path.getPointAtLength(total * f);
                const m = path.getScreenCTM();
                const x = p.x * m.a + p.y * m.c + m.e, y = p.x * m.b + p.y * m.d + m.f;
                if (x < 60 || y < 10 || x > innerWidth - 10 || y > innerHeight - 10) continue;
                if (document.elementFromPoint(x, y) === path) return [x, y];
            }
            const box = path.getBoundingClientRect();
            return [box.x + box.width / 2, box.y + box.height / 2];
        }""",
        selector,
    )
    return float(point[0]), float(point[1])


@pytest.mark.parametrize("preset", ALL)
def test_map_works_offline(browser: Any, built: Path, preset: str, tmp_path: Path) -> None:
    found = visit(browser, built / f"{preset}.en.html")
    page = found.page
    assert page.evaluate("typeof window.L === 'object' && L.version === '1.9.4'")
    assert page.locator(".leaflet-container").count() == 1
    assert page.locator("path.leaflet-interactive").count() > 5
    assert page.locator("h1.sm-title").is_visible()
    assert page.locator("#sm-legend").is_visible()
    assert page.locator(".leaflet-control-scale").is_visible()
    assert page.locator(".leaflet-control-layers").count() == 1
    assert page.locator("#sm-inset svg").is_visible()
    assert page.locator("#sm-fullscreen").is_visible()
    assert page.locator(".sm-label").count() > 2

    selector, tooltip, popup = PROBES[preset]
    x, y = point_on(page, selector)
    page.mouse.move(x, y)
    page.wait_for_selector(".leaflet-tooltip")
    assert tooltip in page.locator(".leaflet-tooltip").inner_text()
    page.mouse.click(x, y)
    page.wait_for_selector(".leaflet-popup-content")
    content = page.locator(".leaflet-popup-content")
    for text in popup:
        assert text in content.inner_text()
    assert content.locator("a[href^='https://']").count() >= 1  # its source, linked
    page.screenshot(path=str(tmp_path / f"{preset}-1200.png"))
    page.close()

    small = visit(browser, built / f"{preset}.en.html", 375, 667)
    assert small.page.locator("h1.sm-title").is_visible()
    assert small.page.locator("#sm-legend").get_attribute("open") is None  # collapsed on phones
    small.page.screenshot(path=str(tmp_path / f"{preset}-375.png"))
    small.page.close()

    assert found.requests == [] and small.requests == []
    assert found.errors == [] and small.errors == []


def test_polish_map_in_browser(browser: Any, built: Path, tmp_path: Path) -> None:
    found = visit(browser, built / "pl" / "overview.pl.html")
    page = found.page
    assert page.evaluate("document.documentElement.lang") == "pl"
    assert page.locator("#sm-legend summary").text_content() == "Legenda"
    x, y = point_on(page, "path.border-POL-BLR")
    page.mouse.click(x, y)
    page.wait_for_selector(".leaflet-popup-content")
    # measured on the map data, Polish decimal comma, the unit held on by a no-break space
    assert "340,1\xa0km" in page.locator(".leaflet-popup-content").inner_text()
    page.screenshot(path=str(tmp_path / "overview-pl-1200.png"))
    assert found.requests == [] and found.errors == []


# Where each country's drawn outline sits against where Leaflet projects that country's bounds,
# in screen pixels: (left, top, right, bottom) differences.
_LAND_OFFSETS = """(boxes) => {
    const map = Object.values(window).find((v) => v instanceof L.Map);
    const origin = map.getContainer().getBoundingClientRect();
    const out = {};
    for (const [iso, [w, s, e, n]] of Object.entries(boxes)) {
        const r = document.querySelector("path.land-" + iso).getBoundingClientRect();
        const a = map.latLngToContainerPoint([n, w]), b = map.latLngToContainerPoint([s, e]);
        out[iso] = [r.left - origin.left - a.x, r.top - origin.top - a.y,
                    r.right - origin.left - b.x, r.bottom - origin.top - b.y];
    }
    return out;
}"""

_MIN_ZOOM = "Object.values(window).find((v) => v instanceof L.Map).getMinZoom()"

_MOVE = """([zoom, dx, dy]) => new Promise((done) => {
    const map = Object.values(window).find((v) => v instanceof L.Map);
    map.once("moveend", () => done(map.getZoom()));
    if (zoom === null) { map.panBy([dx, dy]); } else { map.setZoom(zoom); }
})"""


@pytest.mark.parametrize("name", ALL)
def test_land_follows_every_zoom_and_pan(
    browser: Any, built: Path, layers: Layers, name: str
) -> None:
    """The land is drawn once and placed by a transform (runtime.js, FixedPolygon): after the
    fit, at the deepest zoom, after a pan and at a fractional zoom reached by an animated zoom
    out, each country's outline must sit where Leaflet projects that country's bounds."""
    preset = get_preset(name)
    frame, _ = preset_geometries(layers, preset)
    found = visit(browser, built / f"{name}.en.html")
    page = found.page
    drawn = page.eval_on_selector_all(
        "path.sm-land", "(paths) => paths.map((p) => p.getAttribute('class'))"
    )
    # the treaty map draws the countries it is about as its (clickable) status layer
    assert len(drawn) >= len(frame) - (len(load_seeds().countries) if name == "treaty" else 0)
    boxes = {
        iso: list(geom.bounds)
        for iso, geom in zip(frame["iso3"], frame.geometry, strict=True)
        if f"land-{iso}" in " ".join(drawn)
    }
    assert len(boxes) >= 5
    assert (
        page.evaluate("Object.values(window).find((v) => v instanceof L.Map).getMaxZoom()")
        == preset.max_zoom
    )
    zooms = [page.evaluate("Object.values(window).find((v) => v instanceof L.Map).getZoom()")]
    offsets = [page.evaluate(_LAND_OFFSETS, boxes)]
    # a fractional zoom out, no further than the page lets readers (the view stays on the land)
    floor = page.evaluate(_MIN_ZOOM)
    # (the floor follows the exact opening fit, so it may sit between quarter steps)
    out = max(preset.max_zoom - 1.75, math.ceil((floor + 0.25) * 4) / 4)
    for move in ([preset.max_zoom + 3, 0, 0], [None, 180, -120], [out, 0, 0]):
        zooms.append(page.evaluate(_MOVE, move))
        offsets.append(page.evaluate(_LAND_OFFSETS, boxes))
    assert zooms[1] == preset.max_zoom  # readers cannot zoom past what the outlines are made for
    assert zooms[3] == out
    for at in offsets:
        for iso, edges in at.items():
            assert max(abs(e) for e in edges) < 1.0, (iso, edges, zooms)
    assert found.errors == [] and found.requests == []
    page.close()


# Every line and clickable area: where its drawn path sits against where Leaflet projects the
# layer's bounds, in screen pixels (left, top, right, bottom), and the path's data.
_LINE_OFFSETS = """() => {
    const map = Object.values(window).find((v) => v instanceof L.Map);
    const origin = map.getContainer().getBoundingClientRect();
    const out = [];
    map.eachLayer((layer) => {
        if (!(layer instanceof L.Polyline) || !layer._path || !layer.getBounds().isValid()
            || layer._path.classList.contains("sm-sea")) return;
        const r = layer._path.getBoundingClientRect(), box = layer.getBounds();
        const a = map.latLngToContainerPoint(box.getNorthWest());
        const b = map.latLngToContainerPoint(box.getSouthEast());
        out.push([L.stamp(layer), layer._path.getAttribute("d"),
                  [r.left - origin.left - a.x, r.top - origin.top - a.y,
                   r.right - origin.left - b.x, r.bottom - origin.top - b.y]]);
    });
    return out;
}"""


@pytest.mark.parametrize("name", ALL)
def test_lines_are_drawn_once_and_follow_every_zoom_and_pan(
    browser: Any, built: Path, name: str
) -> None:
    """Borders, programme lines and clickable areas are written once, in pixels at the deepest
    zoom, and placed by a transform (runtime.js, FixedLine and FixedArea), as the land is:
    after the fit, at the deepest zoom, after a pan and after an animated zoom out each path
    keeps its data and sits where Leaflet projects the layer's bounds (Leaflet itself would
    rewrite every path at every move)."""
    preset = get_preset(name)
    found = visit(browser, built / f"{name}.en.html")
    page = found.page
    seen = [page.evaluate(_LINE_OFFSETS)]
    assert len(seen[0]) >= 3, seen[0]
    out = max(preset.max_zoom - 1.75, math.ceil((page.evaluate(_MIN_ZOOM) + 0.25) * 4) / 4)
    for move in ([preset.max_zoom, 0, 0], [None, 150, -100], [out, 0, 0]):
        page.evaluate(_MOVE, move)
        seen.append(page.evaluate(_LINE_OFFSETS))
    first = {stamp: data for stamp, data, _ in seen[0]}
    for at in seen:
        assert {stamp: data for stamp, data, _ in at} == first
        for stamp, _, edges in at:
            assert max(abs(e) for e in edges) < 1.0, (name, stamp, edges)
    assert found.errors == [] and found.requests == []
    page.close()


_SETTLED = """() => {
    const map = Object.values(window).find((v) => v instanceof L.Map);
    return !map._animatingZoom && !document.querySelector(".leaflet-zoom-anim");
}"""


_ON_ANCHORS = (
    "(labels) => Object.values((" + "{offsets})(labels)).every("
    "(o) => typeof o[0] === 'number' && Math.abs(o[0]) <= 1 && Math.abs(o[1]) <= 1)"
)


# Each shown label sits on one of its candidate places: the placer's choice for the current
# zoom, or another the runtime took because the view cuts the planned one or a control covers
# it (runtime.js, arrange). A label slid along the map's edge is off its place by at most half
# its box and counts as on it.
_LABEL_OFFSETS = """(labels) => {
    const map = Object.values(window).find((v) => v instanceof L.Map);
    const origin = map.getContainer().getBoundingClientRect();
    const out = {};
    for (const node of document.querySelectorAll(".sm-label")) {
        const text = node.textContent.trim();
        if (!(text in labels) || node.offsetParent === null) continue;
        const box = node.getBoundingClientRect();
        const span = node.firstElementChild.getBoundingClientRect();
        if (span.width === 0 && span.height === 0) continue;  // hidden by the phone style
        let best = null;
        for (const [x, y] of labels[text][0]) {
            const at = map.latLngToContainerPoint([y, x]);
            const d = [box.left - origin.left - at.x, box.top - origin.top - at.y];
            if (best === null || Math.hypot(...d) < Math.hypot(...best)) best = d;
        }
        const edge = span.left - origin.left < 4 || span.top - origin.top < 4
            || origin.right - span.right < 4 || origin.bottom - span.bottom < 4;
        const slid = edge && Math.abs(best[0]) <= span.width / 2
            && Math.abs(best[1]) <= span.height / 2;
        out[text] = slid ? [0, 0] : best;
    }
    return out;
}"""


_ON_ANCHORS = _ON_ANCHORS.replace("{offsets}", _LABEL_OFFSETS)


def test_labels_follow_zoom_pan_and_layer_control(browser: Any, built: Path) -> None:
    """Labels are plain elements placed by the runtime (runtime.js, Labels): each stays on its
    anchor through zooms and pans, and goes and comes back with its layer. Each group's lines
    share one casing path."""
    html = (built / "overview.en.html").read_text(encoding="utf-8")
    anchors, cased = {}, 0
    for data in re.findall(r'shieldmap\.fill\(\w+, "\w+", (\{.*?\})\);\n', html, re.S):
        cased += sum(1 for f in json.loads(data)["f"] if f["properties"].get("h"))
        layer = json.loads(data)
        for label in layer.get("l", []):
            text = re.sub(r"<[^>]+>", "", label["h"])
            anchors[text] = [label["k"], label["z"], layer["z0"]]
    assert {"Vilnius", "Warsaw", "418 km"} <= set(anchors)  # length labels: official figures
    found = visit(browser, built / "overview.en.html")
    page = found.page
    seen = [page.evaluate(_LABEL_OFFSETS, anchors)]
    for move in ([7, 0, 0], [None, -150, 90], [5.75, 0, 0]):
        page.evaluate(_MOVE, move)
        # Leaflet reports a zoom's end before its slide has run, and on a busy machine the
        # slide lags: give the labels up to 5 s to settle on their anchors, then measure
        wait_until(page, _SETTLED)
        with contextlib.suppress(AssertionError):  # wait_until gives up
            wait_until(page, _ON_ANCHORS, arg=anchors, timeout=5_000)
        seen.append(page.evaluate(_LABEL_OFFSETS, anchors))
    for offsets in seen:
        assert len(offsets) >= 8
        for text, (dx, dy) in offsets.items():
            assert abs(dx) <= 1 and abs(dy) <= 1, (text, dx, dy)
    # one casing path under each group of cased lines: Russia, Belarus, Poland-Lithuania
    casings = page.locator('path[stroke="#ffffff"][stroke-width="6.5"]')
    assert casings.count() == 3
    assert sum(c.get_attribute("d").count("M") for c in casings.all()) >= cased >= 8
    count = page.locator(".sm-label.sm-len-blr").count
    assert count() >= 2
    page.locator(".leaflet-control-layers").hover()
    box = page.locator(".leaflet-control-layers-overlays label", has_text="Borders with Belarus")
    box.locator("input").click()
    assert count() == 0
    box.locator("input").click()
    assert count() >= 2
    assert found.errors == [] and found.requests == []
    page.close()


def test_text_alternative_reaches_screen_readers(browser: Any, built: Path) -> None:
    """The description is visually hidden (map.css, .sm-sr) but whole in the accessibility tree
    that Chromium gives screen readers. (content-visibility would spare its layout, and drop it
    from that tree: this test guards against it.)"""
    found = visit(browser, built / "overview.en.html")
    page = found.page
    heading = page.locator("#sm-description h2").text_content()
    items = page.locator("#sm-description li").all_text_contents()
    assert heading and len(items) > 5
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    names = {n.get("name", {}).get("value") for n in nodes if not n.get("ignored")}
    assert heading in names
    assert all(item.strip() in names for item in items)
    box = page.locator("#sm-description").bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1  # not seen
    page.close()


def test_legend_follows_layer_control(browser: Any, built: Path) -> None:
    found = visit(browser, built / "overview.en.html")
    page = found.page
    row = page.locator('#sm-legend li[data-sm-layer="borders_blr"]')
    assert row.is_visible()
    page.locator(".leaflet-control-layers").hover()
    box = page.locator(".leaflet-control-layers-overlays label", has_text="Borders with Belarus")
    box.locator("input").click()
    assert row.is_hidden()
    assert page.locator("path.border-POL-BLR").count() == 0
    box.locator("input").click()
    assert row.is_visible()
    assert found.errors == [] and found.requests == []


def test_embed_page_previews_the_map(browser: Any, built: Path) -> None:
    page = browser.new_page(viewport={"width": 900, "height": 900})
    requests: list[str] = []
    page.route(
        "**/*",
        lambda r: (
            r.continue_()
            if r.request.url.startswith("file://")
            else (requests.append(r.request.url), r.abort())
        ),
    )
    page.goto((built / "suwalki-gap.en.embed.html").as_uri())
    frame = page.frame_locator("iframe")
    frame.locator(".leaflet-container").wait_for()
    assert frame.locator("h1.sm-title").inner_text() == "The Suwałki Gap"
    assert "<iframe" in page.locator("#sm-code").inner_text()
    assert requests == []
    page.close()


PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "`${alert(3)}`",
    "{{ 7*7 }}",
)


def test_hostile_annotations_show_as_text(browser: Any, tmp_path: Path) -> None:
    from geo.annotations import load_annotations

    notes = tmp_path / "notes.yaml"
    lines = ["annotations:"]
    for index, payload in enumerate(PAYLOADS):
        lines += [
            f"  - id: h{index}",
            f"    label: {payload!r}",
            f"    note: {payload!r}",
            "    url: 'https://www.example.org/report?a=1&b=2'",
            f"    point: [{22.6 + index * 0.3}, 54.2]",
        ]
    notes.write_text("\n".join(lines) + "\n", encoding="utf-8")
    countries, source = load_countries()
    seeds = load_seeds()
    layers = build_layers(countries, source, seeds, annotations=load_annotations(notes))
    out = tmp_path / "out"
    build_maps(layers, seeds, out, presets=("suwalki-gap",), langs=("en",))
    seen = visit(browser, out / "suwalki-gap.en.html")
    page = seen.page
    # textContent, not innerText: the runtime may hide a label that collides with another
    labels = [t.strip() for t in page.locator(".sm-annotation-label").all_text_contents()]
    assert sorted(labels) == sorted(PAYLOADS)  # shown as the very text, not markup
    assert page.locator("img[src=x], script:text('alert(1)')").count() == 0
    marker = page.locator("path.annotation-h1")
    marker.click(force=True)
    page.wait_for_selector(".leaflet-popup-content")
    popup = page.locator(".leaflet-popup-content").inner_text()
    assert PAYLOADS[1] in popup
    link = page.locator(".leaflet-popup-content a")
    assert link.get_attribute("href") == "https://www.example.org/report?a=1&b=2"
    assert link.inner_text() == "example.org"  # the site it leads to, not "More"
    assert page.locator("img[src=x]").count() == 0
    page.wait_for_timeout(300)
    assert seen.dialogs == [] and seen.errors == [] and seen.requests == []
    page.screenshot(path=str(tmp_path / "hostile.png"))
    page.close()


def test_leaflet_controls_speak_the_page_language(browser: Any, built: Path) -> None:
    """Leaflet writes "Zoom in" and "Layers" itself; the page relabels them in its language."""
    expected = {
        built / "pl" / "overview.pl.html": ("Przybliż", "Oddal", "Warstwy"),
        built / "overview.en.html": ("Zoom in", "Zoom out", "Layers"),
    }
    for path, labels in expected.items():
        found = visit(browser, path)
        page = found.page
        selectors = (
            ".leaflet-control-zoom-in",
            ".leaflet-control-zoom-out",
            ".leaflet-control-layers-toggle",
        )
        for selector, label in zip(selectors, labels, strict=True):
            assert page.get_attribute(selector, "title") == label, (path.name, selector)
            assert page.get_attribute(selector, "aria-label") == label, (path.name, selector)
        assert found.errors == []
        page.close()


# ---------------------------------------------------------------- land and sea to every edge

# Phones (the 360×640, 375×667, 390×844 and 844×390, and a 9:21 one), a 21:9 desktop
# and an ordinary one (viewport sizes; the map panel under the headline is taller or wider
# still in proportion).
SCREENS = [(360, 640), (375, 667), (360, 840), (390, 844), (844, 390), (2100, 900), (1200, 800)]
# What the page shows where nothing is drawn: the map container's own background, painted a
# colour no map uses for the test.
EMPTY = (255, 0, 255)
_VIEW = """() => {
    const map = Object.values(window).find((v) => v instanceof L.Map);
    const b = map.getBounds();
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth(), map.getZoom(), map.getMinZoom()];
}"""

_FIT_ZOOM = """([west, south, east, north]) => {
    const map = Object.values(window).find((v) => v instanceof L.Map);
    const nw = map.project([north, west], 0), se = map.project([south, east], 0);
    const room = map.getSize().subtract([8, 8]);
    return map.getScaleZoom(Math.min(room.x / (se.x - nw.x), room.y / (se.y - nw.y)), 0);
}"""


def empty_edge_pixels(page: Any) -> int:
    """How many pixels along the four edges of the map show the empty background."""
    import io

    from PIL import Image

    page.add_style_tag(
        content=".leaflet-container { background: rgb(255, 0, 255) !important; }"
        " .leaflet-control-container, .leaflet-marker-pane { display: none !important; }"
    )
    page.wait_for_timeout(100)
    box = page.locator(".leaflet-container").bounding_box()
    image = Image.open(io.BytesIO(page.screenshot(clip=box))).convert("RGB")
    width, height = image.size
    edges = [(x, y) for x in range(0, width, 2) for y in (0, 1, height - 2, height - 1)]
    edges += [(x, y) for y in range(0, height, 2) for x in (0, 1, width - 2, width - 1)]
    return sum(1 for at in edges if _is_empty(image.getpixel(at)))


def _is_empty(pixel: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(pixel, EMPTY, strict=True))


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("preset", ALL)
def test_land_and_sea_reach_every_edge(
    browser: Any, built: Path, preset: str, screen: tuple[int, int]
) -> None:
    """From a 9:21 phone to a 21:9 desktop the opening view fits the preset's whole extent
    (never zoomed in past it, nor out: Leaflet once left some maps a quarter step further out
    than their fit) and land or sea is drawn to all four edges of the map; zoomed out as far as
    readers may, too."""
    found = visit(browser, built / f"{preset}.en.html", *screen)
    page = found.page
    wait_until(page, "() => performance.getEntriesByName('shieldmap:drawn').length > 0")
    west, south, east, north = get_preset(preset).extent
    view = page.evaluate(_VIEW)
    slack = 0.01 * (east - west)
    assert view[0] <= west + slack and view[2] >= east - slack, (view, screen)
    assert view[1] <= south + slack and view[3] >= north - slack, (view, screen)
    # the zoom at which the extent just fits, 8 px inside the map (more only where the land
    # drawn would not otherwise reach every edge)
    fit = page.evaluate(_FIT_ZOOM, [west, south, east, north])
    assert view[4] >= fit - 1e-6, (preset, screen, view[4], fit)
    assert empty_edge_pixels(page) == 0, (preset, screen, view)
    page.evaluate(
        "(() => { const m = Object.values(window).find((v) => v instanceof L.Map);"
        " m.setZoom(m.getMinZoom(), {animate: false}); })()"
    )
    page.wait_for_timeout(200)
    assert empty_edge_pixels(page) == 0, (preset, screen, page.evaluate(_VIEW))
    assert found.errors == [] and found.requests == []
    page.close()


def test_the_edge_check_sees_a_blank_band(browser: Any, built: Path) -> None:
    """The check can fail: without the drawn sea, open water shows the empty background."""
    found = visit(browser, built / "overview.en.html", 844, 390)
    page = found.page
    wait_until(page, "() => performance.getEntriesByName('shieldmap:drawn').length > 0")
    page.add_style_tag(content="path.sm-sea { display: none; }")
    assert empty_edge_pixels(page) > 0
    page.close()


# ---------------------------------------------------------------- the locator inset

_INSET = """() => {
    const map = Object.values(window).find((v) => v instanceof L.Map);
    const svg = document.querySelector("#sm-inset svg[data-box]");
    const rect = svg.querySelector(".sm-view");
    const b = map.getBounds();
    return {
        frame: svg.getAttribute("data-box").split(" ").map(Number),
        size: [svg.viewBox.baseVal.width, svg.viewBox.baseVal.height],
        rect: ["x", "y", "width", "height"].map((k) => Number(rect.getAttribute(k))),
        view: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
        shown: getComputedStyle(document.getElementById("sm-inset")).display !== "none",
        weight: svg.outerHTML.length,
    };
}"""


def _inset_rect(seen: dict[str, Any]) -> list[float]:
    """Where the view's box belongs on the inset: its Web Mercator frame, 8 units at least."""
    west, south, east, north = seen["frame"]
    width, height = seen["size"]

    def northing(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    top, bottom = northing(north), northing(south)
    v_west, v_south, v_east, v_north = seen["view"]
    x0, x1 = ((v - west) / (east - west) * width for v in (v_west, v_east))
    y0, y1 = ((top - northing(v)) / (top - bottom) * height for v in (v_north, v_south))
    w, h = max(x1 - x0, 8), max(y1 - y0, 8)
    return [(x0 + x1 - w) / 2, (y0 + y1 - h) / 2, w, h]


_GO = """([lat, lon, zoom, least]) => new Promise((done) => {
    const map = Object.values(window).find((v) => v instanceof L.Map);
    if (least !== null) { map.setMinZoom(least); }
    map.once("moveend", () => setTimeout(done, 50));
    map.setView([lat, lon], zoom, {animate: false});
})"""


def test_locator_marks_the_view_and_follows_it(browser: Any, built: Path) -> None:
    """The inset shows Europe with the reader's view boxed; the box follows zoom and pan, and
    the inset hides when the view already shows most of Europe."""
    found = visit(browser, built / "overview.en.html")
    page = found.page
    wait_until(page, "() => performance.getEntriesByName('shieldmap:drawn').length > 0")
    seen = page.evaluate(_INSET)
    west, south, east, north = seen["frame"]
    assert west < -9 and east > 40 and south < 37 and north > 70  # Portugal to the Volga
    assert seen["shown"] and seen["weight"] < 4000  # light: a few KB
    assert seen["rect"] == pytest.approx(_inset_rect(seen), abs=0.15)
    opening = seen["rect"]
    # in close on Tallinn: a smaller box, there
    page.evaluate(_GO, [59.44, 24.75, 7, None])
    seen = page.evaluate(_INSET)
    assert seen["rect"] == pytest.approx(_inset_rect(seen), abs=0.15)
    assert seen["rect"][2] < opening[2] / 2.5 and seen["shown"]
    assert _inset_rect({**seen, "view": [24.75, 59.44, 24.75, 59.44]})[0] == pytest.approx(
        seen["rect"][0] + seen["rect"][2] / 2 - 4, abs=1.5
    )
    # a pan moves it
    page.evaluate(_GO, [54.9, 23.9, 7, None])
    moved = page.evaluate(_INSET)
    assert moved["rect"] == pytest.approx(_inset_rect(moved), abs=0.15)
    assert moved["rect"][1] > seen["rect"][1] + 5  # south of Tallinn: lower on the inset
    # a view of most of Europe: the inset adds nothing, so it hides; closer in, it is back
    page.evaluate(_GO, [52.0, 17.0, 3, 1])
    assert not page.evaluate(_INSET)["shown"]
    page.evaluate(_GO, [54.0, 22.0, 6, None])
    assert page.evaluate(_INSET)["shown"]
    assert found.errors == [] and found.requests == []
    page.close()


# Leaflet reads the map's box through clientWidth and clientHeight: every reading of the map
# container's, recorded from before the page's first script
_RECORD_MAP_BOX = """(() => {
  const seen = (window.smBoxes = []);
  for (const name of ["clientWidth", "clientHeight"]) {
    const own = Object.getOwnPropertyDescriptor(Element.prototype, name);
    Object.defineProperty(Element.prototype, name, {
      configurable: true,
      get() {
        const value = own.get.call(this);
        if (this.classList.contains("folium-map")) { seen.push(name + " " + value); }
        return value;
      },
    });
  }
})();"""


@pytest.mark.parametrize("preset", ALL)
def test_map_is_drawn_once_in_its_final_box(browser: Any, built: Path, preset: str) -> None:
    """The page has its final shape before Leaflet first measures the map: nothing shown or
    hidden later (the feature list below the map) changes the map's box, which would fit and
    draw every layer a second time after the first frame (it did: a third of the draw time)."""
    for width, height in ((1200, 800), (375, 667)):
        page = browser.new_page(viewport={"width": width, "height": height})
        page.add_init_script(_RECORD_MAP_BOX)
        page.goto((built / f"{preset}.en.html").as_uri())
        wait_until(page, "() => performance.getEntriesByName('shieldmap:drawn').length > 0")
        page.wait_for_timeout(200)  # a late resize would show here
        seen = page.evaluate("window.smBoxes")
        final = page.evaluate(
            "(() => { const m = document.querySelector('.folium-map');"
            " return ['clientWidth ' + m.clientWidth, 'clientHeight ' + m.clientHeight]; })()"
        )
        assert any(s.startswith("clientHeight") for s in seen)  # Leaflet measured it
        assert set(seen) <= set(final), (preset, width, seen, final)
        # the list below the map is shown from the start when the runtime fills it
        listed = page.locator("#sm-features button").count()
        assert page.locator("#sm-features").is_visible() == (listed > 0)
        page.close()
