"""Embedded maps as a newsroom publishes them, in Debian's headless Chromium.

Two HTTP servers on 127.0.0.1 stand for two sites: the maps are published under
``http://127.0.0.1:A/maps/`` (built with that ``--base-url``), and a news article lives in another
folder of another origin, ``http://127.0.0.1:B/2026/12/story/article.html``, with the embed code
pasted from the map's published embed page. No other request is allowed.
"""

from __future__ import annotations

import functools
import html
import http.server
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import needs_chromium, wait_until

from geo.boundaries import load_countries
from geo.layers import build_layers
from geo.maps import build_maps
from geo.seeds import load_seeds

AXE = Path(__file__).parent / "js" / "node_modules" / "axe-core" / "axe.min.js"
PRESETS = ("overview", "suwalki-gap", "treaty")
pytestmark = [
    pytest.mark.browser,
    needs_chromium,
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Server:
    root: Path
    httpd: http.server.ThreadingHTTPServer

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"


@functools.cache
def _serve(root: Path) -> Server:
    handler = functools.partial(_Quiet, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return Server(root, httpd)


ARTICLE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Article</title>
<style>body {{ margin: 0; font: 18px/1.5 Georgia, serif; }}
main {{ max-width: {column}px; margin: 0 auto; padding: 0 {pad}px; }}</style></head>
<body><main><h1>A long read</h1>
{before}
{snippet}
{after}
</main></body></html>
"""


@dataclass
class Site:
    maps: Server
    news: Server

    def snippet(self, name: str) -> str:
        """The embed code as the embed page publishes it (the text a journalist copies)."""
        page = (self.maps.root / "maps" / f"{name}.embed.html").read_text(encoding="utf-8")
        code = re.search(r'<code id="sm-code">(.*?)</code>', page, re.S)
        assert code is not None
        return html.unescape(code.group(1))

    def article(self, name: str, column: int = 640, script: bool = True, pad: int = 0) -> str:
        """An article embedding ``name``; returns its URL."""
        code = self.snippet(name)
        if not script:
            code = re.sub(r"<script>.*?</script>", "", code, flags=re.S)
        text = "<p>" + "Lorem ipsum dolor sit amet. " * 40 + "</p>"
        body = ARTICLE.format(column=column, pad=pad, before=text * 3, snippet=code, after=text * 6)
        folder = self.news.root / "2026" / "12" / "story"
        folder.mkdir(parents=True, exist_ok=True)
        file = f"{name}-{column}-{int(script)}.html"
        (folder / file).write_text(body, encoding="utf-8")
        return f"{self.news.origin}/2026/12/story/{file}"

    def map_url(self, name: str) -> str:
        return f"{self.maps.origin}/maps/{name}.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    maps = _serve(tmp_path_factory.mktemp("publisher"))
    news = _serve(tmp_path_factory.mktemp("newsroom"))
    countries, source = load_countries()
    seeds = load_seeds()
    layers = build_layers(countries, source, seeds)
    base = f"{maps.origin}/maps/"
    out = maps.root / "maps"
    build_maps(layers, seeds, out, presets=PRESETS, langs=("en",), base_url=base)
    build_maps(layers, seeds, out, presets=("suwalki-gap",), langs=("pl",), base_url=base)
    return Site(maps, news)


@dataclass
class Visit:
    page: Any
    errors: list[str]
    foreign: list[str]
    failed: list[str]

    def check(self) -> None:
        assert self.errors == [] and self.foreign == [] and self.failed == []
        self.page.context.close()


def open_page(
    browser: Any, site: Site, url: str, width: int = 1200, height: int = 800, **context: Any
) -> Visit:
    ctx = browser.new_context(viewport={"width": width, "height": height}, **context)
    page = ctx.new_page()
    found = Visit(page, [], [], [])
    page.on("console", lambda m: found.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: found.errors.append(str(e)))
    allowed = (site.maps.origin + "/", site.news.origin + "/")

    def guard(route: Any) -> None:
        if route.request.url.startswith(allowed):
            route.continue_()
        else:
            found.foreign.append(route.request.url)
            route.abort()

    ctx.route("**/*", guard)
    page.on("response", lambda r: found.failed.append(r.url) if r.status >= 400 else None)
    page.goto(url)
    return found


def map_frame(page: Any) -> Any:
    """The embedded map's frame, once its map is drawn."""
    page.locator("iframe").scroll_into_view_if_needed()
    frame = page.frame_locator("iframe")
    frame.locator(".leaflet-container").wait_for()
    handle = page.locator("iframe").element_handle()
    content = handle.content_frame()
    wait_until(content, "() => performance.getEntriesByName('shieldmap:drawn').length > 0")
    return content


# (a sandboxed frame throws on reading some of its window's properties, localStorage)
MAP_JS = (
    "Object.keys(window).map((k) => { try { return window[k]; } catch (e) { return null; } })"
    ".find((v) => v instanceof L.Map)"
)


def frame_height(page: Any) -> float:
    return float(page.evaluate("document.querySelector('iframe').getBoundingClientRect().height"))


def settle(page: Any, frame: Any) -> None:
    """Wait until the iframe's height has stopped changing for half a second."""
    last, still = -1.0, 0
    for _ in range(40):
        page.wait_for_timeout(100)
        now = frame_height(page)
        still = still + 1 if abs(now - last) < 0.5 else 0
        if still >= 5:
            return
        last = now


# ---------------------------------------------------------------- loading and sizing


def test_article_elsewhere_loads_the_published_map(browser: Any, site: Site) -> None:
    snippet = site.snippet("suwalki-gap.en")
    assert f'src="{site.maps.origin}/maps/suwalki-gap.en.html"' in snippet
    seen = open_page(browser, site, site.article("suwalki-gap.en"))
    frame = map_frame(seen.page)
    assert frame.url == site.map_url("suwalki-gap.en")
    assert frame.locator("h1.sm-title").inner_text() == "The Suwałki Gap"
    assert frame.locator("path.leaflet-interactive").count() > 5
    # an "open the full map" link in the embedded map, to the map itself, in a new tab
    link = frame.locator("#sm-open")
    assert link.is_visible()
    assert link.get_attribute("href") == site.map_url("suwalki-gap.en")
    assert link.get_attribute("target") == "_blank"
    seen.check()


def test_full_map_link_only_when_embedded(browser: Any, site: Site) -> None:
    seen = open_page(browser, site, site.map_url("suwalki-gap.en"))
    wait_until(seen.page, "() => performance.getEntriesByName('shieldmap:drawn').length > 0")
    assert seen.page.locator("#sm-open").is_hidden()
    seen.check()


@pytest.mark.parametrize(
    ("name", "column"), [("suwalki-gap.en", 640), ("overview.en", 640), ("treaty.en", 360)]
)
def test_iframe_height_follows_the_map_page(
    browser: Any, site: Site, name: str, column: int, tmp_path: Path
) -> None:
    seen = open_page(browser, site, site.article(name, column), width=max(column, 800))
    page = seen.page
    frame = map_frame(page)
    settle(page, frame)
    inner = frame.evaluate("document.documentElement.scrollHeight")
    panel = frame.evaluate("document.querySelector('.sm-main').getBoundingClientRect()")
    aspect = frame.evaluate(
        "Number(eval('(' + document.body.innerHTML.match("
        "/shieldmap\\.start\\(\\w+, (\\{.*?\\})\\)/)[1] + ')').aspect)"
    )
    screen = frame.evaluate("screen.height")
    want = max(260, min(column / aspect, screen * 0.75))
    # the iframe is as tall as the page inside it, whose map panel has the map's proportions
    assert abs(frame_height(page) - inner) <= 2
    assert abs(panel["height"] - want) <= 3, (panel, want)
    assert panel["width"] == pytest.approx(column, abs=1)
    page.screenshot(path=str(tmp_path / f"{name}-{column}.png"), full_page=True)
    # a narrower column: the height follows again
    page.set_viewport_size({"width": 360, "height": 700})
    page.evaluate("document.querySelector('main').style.maxWidth = '300px'")
    settle(page, frame)
    panel = frame.evaluate("document.querySelector('.sm-main').getBoundingClientRect()")
    assert abs(panel["height"] - max(260, min(300 / aspect, screen * 0.75))) <= 3
    assert abs(frame_height(page) - frame.evaluate("document.documentElement.scrollHeight")) <= 2
    seen.check()


def test_resizer_ignores_other_messages(browser: Any, site: Site) -> None:
    seen = open_page(browser, site, site.article("suwalki-gap.en"))
    page = seen.page
    frame = map_frame(page)
    settle(page, frame)
    before = frame_height(page)
    # the article's own window, and another frame, post our message type: nothing changes
    page.evaluate("window.postMessage({type: 'shieldmap:height', height: 90}, '*')")
    page.evaluate(
        """() => {
            const other = document.createElement('iframe');
            other.srcdoc = "<script>parent.postMessage({type: 'shieldmap:height', height: 70}, '*')"
                + "</scr" + "ipt>";
            document.body.appendChild(other);
        }"""
    )
    # the map's own frame, with another type or a height that is no number: nothing either
    frame.evaluate("parent.postMessage({type: 'other', height: 80}, '*')")
    frame.evaluate("parent.postMessage({type: 'shieldmap:height', height: '85px'}, '*')")
    page.wait_for_timeout(400)
    assert frame_height(page) == before
    seen.check()


def test_without_the_script_the_iframe_keeps_a_fixed_aspect(browser: Any, site: Site) -> None:
    seen = open_page(browser, site, site.article("suwalki-gap.en", script=False))
    page = seen.page
    frame = map_frame(page)
    page.wait_for_timeout(400)
    box = page.evaluate("document.querySelector('iframe').getBoundingClientRect().toJSON()")
    assert box["width"] == pytest.approx(640, abs=1)
    assert box["height"] == pytest.approx(640 * 3 / 4, abs=2)  # the 4:3 map's proportions
    # the map page fills it: title, a usable map panel, credits
    panel = frame.evaluate("document.querySelector('.sm-main').getBoundingClientRect().height")
    assert panel >= 200
    seen.check()


# ---------------------------------------------------------------- no scroll trap


def _zoom(frame: Any) -> float:
    return float(frame.evaluate(f"{MAP_JS}.getZoom()"))


def _over_map(page: Any, frame: Any) -> tuple[float, float]:
    """A point of the article's viewport over the middle of the embedded map."""
    box = page.locator("iframe").bounding_box()
    panel = frame.evaluate("document.querySelector('.sm-main').getBoundingClientRect().toJSON()")
    return box["x"] + panel["x"] + panel["width"] / 2, box["y"] + panel["y"] + panel["height"] / 2


def test_wheel_over_the_embedded_map_scrolls_the_article(browser: Any, site: Site) -> None:
    seen = open_page(browser, site, site.article("suwalki-gap.en"), height=900)
    page = seen.page
    frame = map_frame(page)
    settle(page, frame)
    zoom = _zoom(frame)
    x, y = _over_map(page, frame)
    page.mouse.move(x, y)
    start = page.evaluate("scrollY")
    for _ in range(3):
        page.mouse.wheel(0, 120)
        page.wait_for_timeout(150)
    assert page.evaluate("scrollY") > start + 200
    assert _zoom(frame) == zoom
    hint = frame.locator("#sm-hint")
    assert hint.inner_text() == "Use Ctrl + scroll to zoom the map"
    assert float(hint.evaluate("(n) => getComputedStyle(n).opacity")) > 0
    # Ctrl + wheel zooms the map and leaves the article where it is
    x, y = _over_map(page, frame)
    page.mouse.move(x, y)
    scrolled = page.evaluate("scrollY")
    page.keyboard.down("Control")
    page.mouse.wheel(0, -240)
    page.keyboard.up("Control")
    page.wait_for_timeout(600)
    assert _zoom(frame) > zoom
    assert page.evaluate("scrollY") == scrolled
    seen.check()


def test_wheel_zooms_at_top_level(browser: Any, site: Site) -> None:
    seen = open_page(browser, site, site.map_url("suwalki-gap.en"))
    page = seen.page
    wait_until(page, "() => performance.getEntriesByName('shieldmap:drawn').length > 0")
    zoom = float(page.evaluate(f"{MAP_JS}.getZoom()"))
    box = page.locator(".sm-main").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -240)
    page.wait_for_timeout(600)
    assert float(page.evaluate(f"{MAP_JS}.getZoom()")) > zoom
    seen.check()


def swipe(page: Any, points: list[tuple[float, float]], dy: float = -150) -> None:
    """Fingers at ``points`` move up by ``-dy`` px together, in ten steps, as a reader swipes."""
    cdp = page.context.new_cdp_session(page)

    def touch(kind: str, step: int) -> None:
        at = [{"x": x, "y": y + dy * step / 10, "id": i} for i, (x, y) in enumerate(points)]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": at})

    touch("touchStart", 0)
    for step in range(1, 11):
        touch("touchMove", step)
        page.wait_for_timeout(16)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(400)


PHONE = {"has_touch": True, "is_mobile": True, "device_scale_factor": 2}


def test_one_finger_over_the_embedded_map_scrolls_the_article(browser: Any, site: Site) -> None:
    seen = open_page(
        browser, site, site.article("suwalki-gap.en", column=375), width=375, height=667, **PHONE
    )
    page = seen.page
    frame = map_frame(page)
    settle(page, frame)
    centre = frame.evaluate(f"{MAP_JS}.getCenter()")
    page.evaluate("scrollBy(0, document.querySelector('iframe').getBoundingClientRect().top - 20)")
    page.wait_for_timeout(200)
    x, y = _over_map(page, frame)
    assert 0 < y < 667
    start = page.evaluate("scrollY")
    swipe(page, [(x, y)])
    assert page.evaluate("scrollY") > start + 100
    assert frame.evaluate(f"{MAP_JS}.getCenter()") == centre
    assert frame.locator("#sm-hint").inner_text() == "Use two fingers to move the map"
    # two fingers move the map, and leave the article where it is
    scrolled = page.evaluate("scrollY")
    x, y = _over_map(page, frame)
    swipe(page, [(x - 40, y), (x + 40, y)], dy=-80)
    assert frame.evaluate(f"{MAP_JS}.getCenter()") != centre
    assert page.evaluate("scrollY") == scrolled
    seen.check()


def test_one_finger_moves_the_map_at_top_level(browser: Any, site: Site) -> None:
    seen = open_page(browser, site, site.map_url("suwalki-gap.en"), 375, 667, **PHONE)
    page = seen.page
    wait_until(page, "() => performance.getEntriesByName('shieldmap:drawn').length > 0")
    centre = page.evaluate(f"{MAP_JS}.getCenter()")
    box = page.locator(".sm-main").bounding_box()
    swipe(page, [(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.7)])
    assert page.evaluate(f"{MAP_JS}.getCenter()")["lat"] < centre["lat"]
    seen.check()


# ---------------------------------------------------------------- layout by the map's size

_CONTROLS = """() => {
    const map = document.querySelector('.leaflet-container').getBoundingClientRect();
    const boxes = [...document.querySelectorAll('.leaflet-control')]
        .filter((n) => n.offsetParent !== null && n.getBoundingClientRect().width > 0)
        .map((n) => [n.id || n.className, n.getBoundingClientRect().toJSON()]);
    return { map: map.toJSON(), boxes };
}"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> float:
    w = min(a["right"], b["right"]) - max(a["left"], b["left"])
    h = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return max(0.0, w) * max(0.0, h)


@pytest.mark.parametrize("name", ["suwalki-gap.en", "overview.en", "treaty.en"])
@pytest.mark.parametrize("script", [True, False])
def test_key_and_controls_in_a_640_column(
    browser: Any, site: Site, name: str, script: bool, tmp_path: Path
) -> None:
    """In a 640 px article column the key takes at most a fifth of the map, the inset stays
    small, and no control covers another, with or without the resizer script."""
    seen = open_page(browser, site, site.article(name, 640, script=script), width=1000, height=900)
    page = seen.page
    frame = map_frame(page)
    settle(page, frame)
    found = frame.evaluate(_CONTROLS)
    area = found["map"]["width"] * found["map"]["height"]
    legend = next(box for ident, box in found["boxes"] if ident == "sm-legend")
    assert legend["width"] * legend["height"] <= 0.2 * area
    covered = sum(box["width"] * box["height"] for _, box in found["boxes"])
    assert covered <= 0.3 * area
    boxes = found["boxes"]
    for i, (one, a) in enumerate(boxes):
        for other, b in boxes[i + 1 :]:
            assert _overlap(a, b) == 0, (one, other)
    # opened by the reader, the key still covers no other control
    frame.locator("#sm-legend summary").click()
    page.wait_for_timeout(200)
    boxes = frame.evaluate(_CONTROLS)["boxes"]
    legend = next(box for ident, box in boxes if ident == "sm-legend")
    for ident, box in boxes:
        if ident != "sm-legend":
            assert _overlap(legend, box) == 0, ident
    page.locator("iframe").screenshot(path=str(tmp_path / f"{name}-640-{script}.png"))
    seen.check()


# ---------------------------------------------------------------- keyboard, screen readers


def _focused(page: Any) -> str:
    return str(
        page.evaluate(
            """() => {
            const n = document.activeElement;
            return n.tagName.toLowerCase() + (n.id ? '#' + n.id : '')
                + '.' + (n.getAttribute('class') || '').split(' ')[0]
                + '|' + (n.getAttribute('aria-label') || n.textContent || '').trim().slice(0, 40);
        }"""
        )
    )


def test_tab_order(browser: Any, site: Site) -> None:
    seen = open_page(browser, site, site.map_url("overview.en"))
    page = seen.page
    wait_until(page, "() => performance.getEntriesByName('shieldmap:drawn').length > 0")
    stops = []
    for _ in range(30):
        page.keyboard.press("Tab")
        stops.append(_focused(page))
    # the skip link first, then the map region, then its controls: zoom on the third press
    assert stops[0].startswith("a.sm-skip|")
    assert stops[1].startswith("div#") and ".folium-map|" in stops[1]
    assert stops[2] == "a.leaflet-control-zoom-in|Zoom in"
    assert "a.leaflet-control-zoom-out|Zoom out" in stops
    assert any(s.startswith("button#sm-fullscreen") for s in stops)
    assert any(s.startswith("summary") and "Key" in s for s in stops)
    # no map feature is a Tab stop: they are reached through the feature list
    assert not any(s.startswith(("path", "svg", "g.")) for s in stops)
    assert any(s.startswith("summary") and "Everything on the map" in s for s in stops)
    # the skip link leads to the text description, which shows itself when it has the focus
    page.locator("a.sm-skip").focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(100)
    assert page.evaluate("document.activeElement.id") == "sm-description"
    box = page.locator("#sm-description").bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 100
    seen.check()


def test_escape_closes_popups_and_returns_focus(browser: Any, site: Site) -> None:
    seen = open_page(browser, site, site.map_url("suwalki-gap.en"))
    page = seen.page
    wait_until(page, "() => performance.getEntriesByName('shieldmap:drawn').length > 0")
    page.locator("#sm-features summary").focus()
    page.keyboard.press("Enter")
    names = page.locator("#sm-features button").all_inner_texts()
    assert len(names) >= 5 and all(n.strip() for n in names)
    button = page.locator("#sm-features button").first
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup-content")
    assert page.evaluate("document.activeElement.classList.contains('leaflet-popup-content')")
    page.keyboard.press("Escape")
    wait_until(page, "() => !document.querySelector('.leaflet-popup')", timeout=2000)
    assert page.evaluate("document.activeElement.textContent") == names[0]
    # a popup opened by a click closes on Escape too, focus going to the map region
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup-content")
    page.locator("h1.sm-title").click()
    page.keyboard.press("Escape")
    wait_until(page, "() => !document.querySelector('.leaflet-popup')", timeout=2000)
    seen.check()


def test_polish_control_labels(browser: Any, site: Site) -> None:
    seen = open_page(browser, site, site.map_url("suwalki-gap.pl"))
    page = seen.page
    wait_until(page, "() => performance.getEntriesByName('shieldmap:drawn').length > 0")

    def label(selector: str) -> str:
        return str(page.locator(selector).get_attribute("aria-label"))

    assert label(".leaflet-control-zoom-in") == "Przybliż"
    assert label(".leaflet-control-zoom-out") == "Oddal"
    assert label(".leaflet-control-layers-toggle") == "Warstwy"
    assert label("#sm-fullscreen") == "Pełny ekran"
    assert page.locator("a.sm-skip").inner_text() == "Pomiń mapę: opis tekstowy"
    page.locator("#sm-features summary").click()
    page.locator("#sm-features button").first.click()
    page.wait_for_selector(".leaflet-popup-close-button")
    assert label(".leaflet-popup-close-button") == "Zamknij"
    # the names screen readers get, in Polish only
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    names = {n.get("name", {}).get("value") for n in nodes if not n.get("ignored")}
    assert {"Przybliż", "Oddal", "Warstwy", "Zamknij"} <= names
    assert not {"Zoom in", "Zoom out", "Layers", "Close popup"} & names
    seen.check()


def axe_violations(page: Any, frame: Any = None) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page (or one of its frames)."""
    target = frame or page
    target.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = target.evaluate(
        """() => axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
            resultTypes: ['violations'],
        })"""
    )
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


needs_axe = pytest.mark.skipif(not AXE.exists(), reason="axe-core missing: run `make test`")


@needs_axe
@pytest.mark.parametrize("name", ["overview.en", "suwalki-gap.pl", "treaty.en"])
@pytest.mark.parametrize("size", [(1200, 800), (375, 667)])
def test_axe_finds_no_wcag_violations(
    browser: Any, site: Site, name: str, size: tuple[int, int]
) -> None:
    seen = open_page(browser, site, site.map_url(name), *size, bypass_csp=True)
    page = seen.page
    wait_until(page, "() => performance.getEntriesByName('shieldmap:drawn').length > 0")
    assert axe_violations(page) == []
    page.locator("#sm-features summary").click()
    page.locator("#sm-features button").first.click()
    page.wait_for_selector(".leaflet-popup-content")
    # Leaflet fades a popup in: contrast is only what readers see once it is opaque
    wait_until(
        page, "() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
    )
    assert axe_violations(page) == []  # with a popup open
    seen.check()


@needs_axe
def test_axe_on_embed_index_and_embedded_map(browser: Any, site: Site) -> None:
    for url in (
        f"{site.maps.origin}/maps/suwalki-gap.en.embed.html",
        f"{site.maps.origin}/maps/index.html",
    ):
        seen = open_page(browser, site, url, bypass_csp=True)
        assert axe_violations(seen.page) == [], url
        seen.check()
    seen = open_page(browser, site, site.article("suwalki-gap.en"), bypass_csp=True)
    frame = map_frame(seen.page)
    assert axe_violations(seen.page, frame) == []
    seen.check()


# ---------------------------------------------------------------- dark mode

_COLOURS = """() => {
    const css = (sel, prop) => {
        const node = document.querySelector(sel);
        return node ? getComputedStyle(node)[prop] : null;
    };
    return {
        theme: document.documentElement.dataset.theme,
        paper: css('body', 'backgroundColor'),
        land: css('path.land-SWE', 'fill'),
        rus: css('path.border-EST-RUS', 'stroke'),
        label: css('.sm-label.sm-len-rus > span', 'color'),
        legend: css('#sm-legend', 'backgroundColor'),
    };
}"""


def _rgb(colour: str) -> str:
    return "rgb({}, {}, {})".format(*(int(colour[i : i + 2], 16) for i in (1, 3, 5)))


@pytest.mark.parametrize(
    ("query", "scheme", "expected"),
    [
        ("?theme=dark", "light", "dark"),
        ("", "dark", "dark"),
        ("?theme=light", "dark", "light"),
        ("", "light", "light"),
    ],
)
def test_dark_mode_colours(
    browser: Any, site: Site, query: str, scheme: str, expected: str, tmp_path: Path
) -> None:
    from geo import style

    theme = style.theme(expected)
    seen = open_page(browser, site, site.map_url("overview.en") + query, color_scheme=scheme)
    page = seen.page
    wait_until(page, "() => performance.getEntriesByName('shieldmap:drawn').length > 0")
    found = page.evaluate(_COLOURS)
    assert found["theme"] == expected
    assert found["paper"] == _rgb(theme.paper)
    context = theme.symbols["land.context"]
    border = theme.symbols["border.rus"]
    assert isinstance(context, style.Area) and isinstance(border, style.Line)
    assert found["land"] == _rgb(context.fill)
    assert found["rus"] == _rgb(border.color)
    assert found["label"] == _rgb(theme.labels["length.rus"].color)
    if expected == "dark":
        assert found["legend"].startswith("rgba(22, 25, 29")  # a dark panel under the key
    page.screenshot(path=str(tmp_path / f"overview-{expected}.png"))
    seen.check()


def test_dark_embed_in_a_dark_article(browser: Any, site: Site) -> None:
    """The reader's dark setting reaches the embedded map, the embed page and the index; the
    snippet's src may also fix the theme with ?theme=."""
    seen = open_page(browser, site, site.article("suwalki-gap.en"), color_scheme="dark")
    frame = map_frame(seen.page)
    assert frame.evaluate("document.documentElement.dataset.theme") == "dark"
    seen.check()
    for page_name in ("suwalki-gap.en.embed.html", "index.html"):
        seen = open_page(browser, site, f"{site.maps.origin}/maps/{page_name}", color_scheme="dark")
        assert seen.page.evaluate("getComputedStyle(document.body).backgroundColor") == _rgb(
            "#16191d"
        )
        seen.check()
    snippet = site.snippet("suwalki-gap.en").replace('.html"', '.html?theme=dark"', 1)
    url = site.article("suwalki-gap.en")
    file = site.news.root / url.split("/", 3)[3]
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace(site.snippet("suwalki-gap.en"), snippet), encoding="utf-8")
    seen = open_page(browser, site, url, color_scheme="light")
    frame = map_frame(seen.page)
    assert frame.evaluate("document.documentElement.dataset.theme") == "dark"
    settle(seen.page, frame)
    assert (
        abs(frame_height(seen.page) - frame.evaluate("document.documentElement.scrollHeight")) <= 2
    )
    seen.check()


# ---------------------------------------------------------------- phones

PHONES = [(360, 640), (375, 667), (390, 844), (844, 390)]

_LABELS = """() => [...document.querySelectorAll('.sm-label')]
    .filter((n) => getComputedStyle(n).visibility !== 'hidden'
        && getComputedStyle(n.firstElementChild || n).display !== 'none')
    .map((n) => [n.textContent.trim(), (n.firstElementChild || n).getBoundingClientRect().toJSON()])
    .filter(([, box]) => box.width > 0)"""

_LAND = """() => {
    const map = Object.values(window).find((v) => v instanceof L.Map);
    const box = map.getContainer().getBoundingClientRect();
    let l = Infinity, t = Infinity, r = -Infinity, b = -Infinity;
    for (const p of document.querySelectorAll('path.sm-land, path.leaflet-interactive')) {
        const q = p.getBoundingClientRect();
        if (!q.width) continue;
        l = Math.min(l, q.left); t = Math.min(t, q.top);
        r = Math.max(r, q.right); b = Math.max(b, q.bottom);
    }
    return [box.left - l, box.top - t, r - box.right, b - box.bottom];
}"""


@pytest.mark.parametrize("name", ["overview.en", "suwalki-gap.en", "treaty.en"])
@pytest.mark.parametrize("size", PHONES)
def test_phone_labels_and_land(
    browser: Any, site: Site, name: str, size: tuple[int, int], tmp_path: Path
) -> None:
    """On phones upright and sideways: no two labels overlap, the neighbours keep their names,
    and land is drawn to all four edges of the map, also zoomed out as far as readers may."""
    seen = open_page(browser, site, site.map_url(name), *size, **PHONE)
    page = seen.page
    wait_until(page, "() => performance.getEntriesByName('shieldmap:drawn').length > 0")
    page.wait_for_timeout(200)
    labels = page.evaluate(_LABELS)
    for i, (one, a) in enumerate(labels):
        for other, b in labels[i + 1 :]:
            assert _overlap(a, b) <= 1, (one, other)
    texts = [text.upper() for text, _ in labels]
    # the neighbours keep their names (Kaliningrad Oblast's label names Russia too)
    assert any("RUSSIA" in t for t in texts) and any(t.startswith("BELARUS") for t in texts)
    assert min(page.evaluate(_LAND)) >= 0
    page.evaluate(f"{MAP_JS}.setZoom({MAP_JS}.getMinZoom(), {{animate: false}})")
    page.wait_for_timeout(200)
    assert min(page.evaluate(_LAND)) >= 0
    page.screenshot(path=str(tmp_path / f"{name}-{size[0]}x{size[1]}.png"))
    seen.check()


def test_timeline_readable_on_a_phone(browser: Any, site: Site) -> None:
    seen = open_page(browser, site, site.map_url("treaty.en"), 360, 640, **PHONE)
    page = seen.page
    wait_until(page, "() => performance.getEntriesByName('shieldmap:drawn').length > 0")
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.sm-timeline svg text')].map((t) =>
            t.getScreenCTM().a * parseFloat(getComputedStyle(t).fontSize))"""
    )
    assert sizes and min(sizes) >= 11
    # it scrolls sideways within its own box, which the keyboard can reach
    box = page.locator(".sm-timeline")
    assert box.get_attribute("tabindex") == "0"
    assert box.evaluate("(n) => n.scrollWidth > n.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    seen.check()
