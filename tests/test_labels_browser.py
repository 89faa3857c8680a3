"""The label placer in a real browser: at the opening view of every preset on a desktop
(1200×800) and on phones (360×640, 375×667, 390×844, and 844×390 sideways), no two labels'
text boxes overlap, and every focus country and neighbour whose land fills a fair part of
the view is named, its whole text inside the map. Text boxes are measured by Chromium, not
estimated: the span's box and the box of the text itself (a text running past its box counts).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import needs_chromium

from geo.maps import ALL, build_maps

DESKTOP = (1200, 800)
PHONES = ((360, 640), (375, 667), (390, 844), (844, 390))
SIZES = (DESKTOP, *PHONES)
pytestmark = [pytest.mark.browser, needs_chromium]

# Every shown label's text box touching the map, the controls' boxes, the map's box and the
# view's lon/lat bounds.
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
        const range = document.createRange();
        range.selectNodeContents(span);
        const t = range.getBoundingClientRect();
        const box = t.width > 0 ? [Math.min(r.left, t.left), Math.min(r.top, t.top),
            Math.max(r.right, t.right), Math.max(r.bottom, t.bottom)]
            : [r.left, r.top, r.right, r.bottom];
        const b = {left: box[0], top: box[1], right: box[2], bottom: box[3]};
        if (inside(b)) boxes.push([span.textContent, ...box]);
    }
    const controls = [];
    for (const node of map.getContainer().querySelectorAll(".leaflet-control")) {
        const r = node.getBoundingClientRect();
        if (r.width > 0 && r.height > 0) {
            controls.push([node.className, r.left, r.top, r.right, r.bottom]);
        }
    }
    const view = map.getBounds();
    return {boxes: boxes, controls: controls, zoom: map.getZoom(),
        frame: [frame.left, frame.top, frame.right, frame.bottom],
        view: [view.getWest(), view.getSouth(), view.getEast(), view.getNorth()]};
}"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, real_inputs: tuple[Any, Any]) -> Path:
    out = tmp_path_factory.mktemp("labelled")
    layers, seeds = real_inputs
    build_maps(layers, seeds, out, presets=ALL, langs=("en", "pl"))
    return out


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
        # nor does a control (zoom, key, locator, scale, credits) cover a label
        assert _covered(seen) == [], (preset, width)


def _covered(seen: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (label[0], control[0])
        for label in seen["boxes"]
        for control in seen["controls"]
        if _overlaps([label, control])
    ]


def test_labels_keep_clear_of_the_key_as_it_opens(browser: Any, built: Path) -> None:
    """Opening the folded key on a phone arranges the labels again, clear of it."""
    page = _open(browser, built / "baltic-defence-line.en.html", 360, 640)
    before = page.evaluate(_MEASURE)
    page.locator("#sm-legend summary").click()
    page.wait_for_timeout(300)
    after = page.evaluate(_MEASURE)
    page.close()
    key = [c for c in after["controls"] if "sm-legend" in c[0]]
    grown = [c for c in before["controls"] if "sm-legend" in c[0]]
    assert key and grown and key[0][4] - key[0][2] > 2 * (grown[0][4] - grown[0][2])
    assert _covered(after) == []
    assert _overlaps(after["boxes"]) == []


def test_the_check_sees_overlaps(browser: Any, built: Path) -> None:
    """The measurement can fail: with every label forced to show, labels do overlap."""
    page = _open(browser, built / "overview.en.html", 375, 667)
    page.add_style_tag(content=".sm-label.sm-at-- { display: block !important; }")
    seen = page.evaluate(_MEASURE)
    page.close()
    assert _overlaps(seen["boxes"])


# The names every map must keep, by language: the four focus countries, the neighbours, and
# the Kaliningrad exclave where the map names it (the maps zoomable to 9 and beyond).
NAMES = {
    "en": {
        "POL": "Poland",
        "LTU": "Lithuania",
        "LVA": "Latvia",
        "EST": "Estonia",
        "RUS": "Russia",
        "BLR": "Belarus",
        "KGD": "Kaliningrad Oblast",
    },
    "pl": {
        "POL": "Polska",
        "LTU": "Litwa",
        "LVA": "Łotwa",
        "EST": "Estonia",
        "RUS": "Rosja",
        "BLR": "Białoruś",
        "KGD": "obwód królewiecki",
    },
}
# A country counts as in view when its land covers this share of the view (Web Mercator
# area): any real part of a focus country (Latvia fills 0.8% of the treaty map's wide view),
# a neighbour when more than a sliver in a corner shows.
IN_VIEW = {"POL": 0.002, "LTU": 0.002, "LVA": 0.002, "EST": 0.002}
NEIGHBOUR_IN_VIEW = 0.01


def _mercator(geom: Any) -> Any:
    import numpy as np
    import shapely

    def project(xy: Any) -> Any:
        lat = np.radians(np.clip(xy[:, 1], -85.0, 85.0))
        return np.column_stack([xy[:, 0], np.degrees(np.log(np.tan(np.pi / 4 + lat / 2)))])

    return shapely.transform(geom, project)


@pytest.fixture(scope="module")
def lands(real_inputs: tuple[Any, Any]) -> dict[str, Any]:
    """The land of each country to name, in Web Mercator (degree units); Russia without the
    exclave, which is named on its own."""
    import shapely

    from geo.boundaries import KALININGRAD_BOX

    layers, _ = real_inputs
    frame = layers.frames["countries"]
    shape = {row.iso3: row.geometry for row in frame.itertuples() if row.iso3 in NAMES["en"]}
    exclave = shapely.box(*KALININGRAD_BOX)
    shape["KGD"] = shapely.intersection(shape["RUS"], exclave)
    shape["RUS"] = shapely.difference(shape["RUS"], exclave)
    return {iso3: _mercator(geom) for iso3, geom in shape.items()}


def _in_view(lands: dict[str, Any], view: list[float]) -> set[str]:
    import shapely

    box = _mercator(shapely.box(*view))
    return {
        iso3
        for iso3, land in lands.items()
        if land.intersection(box).area > IN_VIEW.get(iso3, NEIGHBOUR_IN_VIEW) * box.area
    }


def _named(boxes: list[list[Any]], name: str) -> list[list[Any]]:
    return [box for box in boxes if box[0].casefold().startswith(name.casefold())]


@pytest.mark.parametrize("lang", ["en", "pl"])
@pytest.mark.parametrize("preset", ALL)
def test_every_country_in_view_is_named_inside_the_map(
    browser: Any, built: Path, lands: dict[str, Any], preset: str, lang: str
) -> None:
    """At the opening view on every size, each focus country and neighbour whose land fills
    a fair part of the view has its name on the map, the whole text inside the map's box."""
    html = (built / f"{preset}.{lang}.html").read_text(encoding="utf-8")
    # the exclave is named only on the maps that carry its label
    names = {k: v for k, v in NAMES[lang].items() if k != "KGD" or v in html}
    missing, cut = [], []
    for width, height in SIZES:
        page = _open(browser, built / f"{preset}.{lang}.html", width, height)
        seen = page.evaluate(_MEASURE)
        page.close()
        left, top, right, bottom = seen["frame"]
        for iso3 in sorted(_in_view(lands, seen["view"]) & names.keys()):
            shown = _named(seen["boxes"], names[iso3])
            if not shown:
                missing.append((width, height, names[iso3]))
            for _, l2, t2, r2, b2 in shown:
                if l2 < left - 0.5 or t2 < top - 0.5 or r2 > right + 0.5 or b2 > bottom + 0.5:
                    cut.append((width, height, names[iso3], (l2, t2, r2, b2), seen["frame"]))
    assert missing == [], missing
    assert cut == [], cut


def test_the_names_check_sees_a_missing_name(
    browser: Any, built: Path, lands: dict[str, Any]
) -> None:
    """The check can fail: Poland fills the overview on a phone, and hiding its label is seen."""
    page = _open(browser, built / "overview.en.html", 360, 640)
    page.add_style_tag(content=".sm-country-focus { display: none !important; }")
    seen = page.evaluate(_MEASURE)
    page.close()
    assert "POL" in _in_view(lands, seen["view"])
    assert _named(seen["boxes"], "Poland") == []


_MOVE = """([zoom, dx, dy]) => {
    const map = Object.values(window).find((v) => v instanceof L.Map);
    if (zoom !== null) map.setZoom(map.getZoom() + zoom, {animate: false});
    map.panBy([dx, dy], {animate: false});
}"""


def _cut(seen: dict[str, Any]) -> list[str]:
    left, top, right, bottom = seen["frame"]
    return [
        box[0]
        for box in seen["boxes"]
        if box[1] < left - 0.5
        or box[2] < top - 0.5
        or box[3] > right + 0.5
        or box[4] > bottom + 0.5
    ]


@pytest.mark.parametrize("size", [(360, 640), DESKTOP], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("preset", ["overview", "baltic-defence-line"])
def test_labels_stay_whole_in_view_as_readers_zoom_and_pan(
    browser: Any, built: Path, preset: str, size: tuple[int, int]
) -> None:
    """After each zoom and pan every label shown lies wholly inside the map, clear of the
    other labels and the controls: the runtime arranges them for the view (runtime.js)."""
    page = _open(browser, built / f"{preset}.en.html", *size)
    for move in ([None, 120, -80], [1, 0, 0], [None, -200, 150], [0.5, 90, 60], [-1, 0, 0]):
        page.evaluate(_MOVE, move)
        page.wait_for_timeout(250)
        seen = page.evaluate(_MEASURE)
        assert seen["boxes"], (preset, size, move)
        assert _cut(seen) == [], (preset, size, move)
        assert _overlaps(seen["boxes"]) == [], (preset, size, move)
        assert _covered(seen) == [], (preset, size, move)
    page.close()
