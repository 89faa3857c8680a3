"""The label placer in a real browser: at the opening view of every preset on a desktop
(1200×800) and on phones (360×640, 375×667, 390×844, and 844×390 sideways), no two labels'
text boxes overlap, and the neighbours' names (Russia, Belarus, Kaliningrad Oblast) stay on the
phone maps wherever they are in view. Text boxes are measured by Chromium, not estimated."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from geo.maps import ALL, build_maps

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
DESKTOP = (1200, 800)
PHONES = ((360, 640), (375, 667), (390, 844), (844, 390))
SIZES = (DESKTOP, *PHONES)
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason=f"no Chromium at {CHROMIUM}"),
]

# Every shown label's text box inside the map, and each neighbour label's own anchor (the
# place the placer tries first) with whether it is shown.
_MEASURE = """() => {
    const map = Object.values(window).find((v) => v instanceof L.Map);
    const frame = map.getContainer().getBoundingClientRect();
    const inside = (r) => r.right > frame.left && r.left < frame.right
        && r.bottom > frame.top && r.top < frame.bottom;
    const boxes = [];
    for (const node of document.querySelectorAll(".sm-label")) {
        const span = node.querySelector("span");
        // left out, or yielded to a more important label (runtime.js, declutter)
        if (!span || node.offsetParent === null) continue;
        if (getComputedStyle(node).visibility === "hidden") continue;
        const r = span.getBoundingClientRect();
        if (inside(r)) boxes.push([span.textContent, r.left, r.top, r.right, r.bottom]);
    }
    return {boxes: boxes, zoom: map.getZoom()};
}"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, real_inputs: tuple[Any, Any]) -> Path:
    out = tmp_path_factory.mktemp("labelled")
    layers, seeds = real_inputs
    build_maps(layers, seeds, out, presets=ALL, langs=("en", "pl"))
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def _open(browser: Any, path: Path, width: int, height: int) -> Any:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(path.as_uri())
    page.wait_for_selector(".sm-label")
    page.wait_for_timeout(300)
    return page


def _overlaps(boxes: list[list[Any]]) -> list[tuple[str, str]]:
    found = []
    for i, (a, left, top, right, bottom) in enumerate(boxes):
        for b, l2, t2, r2, b2 in boxes[i + 1 :]:
            if left < r2 and l2 < right and top < b2 and t2 < bottom:
                found.append((a, b))
    return found


@pytest.mark.parametrize("lang", ["en", "pl"])
@pytest.mark.parametrize("preset", ALL)
def test_no_two_labels_overlap_at_the_opening_view(
    browser: Any, built: Path, preset: str, lang: str
) -> None:
    for width, height in SIZES:
        page = _open(browser, built / f"{preset}.{lang}.html", width, height)
        seen = page.evaluate(_MEASURE)
        page.close()
        assert len(seen["boxes"]) >= 4, (preset, width)
        assert _overlaps(seen["boxes"]) == [], (preset, width, seen["zoom"])


def test_the_check_sees_overlaps(browser: Any, built: Path) -> None:
    """The measurement can fail: with every label forced to show, labels do overlap."""
    page = _open(browser, built / "overview.en.html", 375, 667)
    page.add_style_tag(content=".sm-label.sm-at-- { display: block !important; }")
    seen = page.evaluate(_MEASURE)
    page.close()
    assert _overlaps(seen["boxes"])


# The one phone view where a neighbour's name is still left out: on a landscape phone the
# Eastern Shield map opens at zoom 5.9, where Kaliningrad Oblast's two-line name does not fit
# beside LITHUANIA and the 253.7 km figure, so the placer (geo/maps/labels.py) leaves it out.
_STILL_MISSING = {("eastern-shield", (844, 390))}


@pytest.mark.parametrize("phone", PHONES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("preset", ["overview", "eastern-shield", "baltic-defence-line"])
def test_neighbours_keep_their_names_on_phones(
    browser: Any, built: Path, preset: str, phone: tuple[int, int], request: Any
) -> None:
    if (preset, phone) in _STILL_MISSING:
        request.applymarker(pytest.mark.xfail(strict=True, reason="see _STILL_MISSING"))
    shown = {}
    for width, height in (DESKTOP, phone):
        page = _open(browser, built / f"{preset}.en.html", width, height)
        shown[(width, height)] = {box[0].upper() for box in page.evaluate(_MEASURE)["boxes"]}
        page.close()
    neighbours = {"RUSSIA", "BELARUS", "KALININGRAD OBLAST(RUSSIA)"}
    on_desktop = neighbours & shown[DESKTOP]
    assert on_desktop, preset
    assert on_desktop <= shown[phone], (preset, phone, on_desktop - shown[phone])
