"""Static maps: real SVG, PNG and PDF files drawn from a scene with matplotlib, read back.

SVGs are parsed as XML (their texts are text elements, escaped), PNGs are decoded and their
pixels counted in the style table's colours, PDFs are opened with pypdf (page size, embedded
fonts, extractable text). The command line draws them with no browser on its PATH.
"""

from __future__ import annotations

import dataclasses
import io
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from matplotlib import image as mpimg
from pypdf import PdfReader

from geo.maps.scene import SceneInputs, build_scene
from geo.maps.static import FONT, render_many, render_static
from geo.maps.static_page import parse_size
from geo.style import symbol

pytestmark = pytest.mark.realdata

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = 'Fences & walls <script>alert("x")</script> ]]> $5 $ 10'


@pytest.fixture(scope="module")
def scene(real_inputs: tuple[Any, Any]) -> Any:
    layers, seeds = real_inputs
    return build_scene("overview", "en", SceneInputs(layers, seeds))


@pytest.fixture(scope="module")
def social(scene: Any) -> dict[str, bytes]:
    """The overview as a social card in every format, written to disk and read back."""
    return render_many(scene, ("svg", "png", "pdf"), parse_size("social"))


def texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def rgb(color: str) -> np.ndarray:
    return np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)


def share(pixels: np.ndarray, color: str, tolerance: float = 12.0) -> float:
    """The share of pixels within ``tolerance`` of ``color``."""
    distance = np.abs(pixels[..., :3] * 255 - rgb(color)).max(axis=-1)
    return float((distance <= tolerance).mean())


def read_png(data: bytes, tmp_path: Path) -> np.ndarray:
    path = tmp_path / "map.png"
    path.write_bytes(data)
    return mpimg.imread(path)


def test_svg_keeps_every_text_as_escaped_text(social: dict[str, bytes], scene: Any) -> None:
    found = texts(social["svg"])
    assert scene.title in found
    assert scene.kicker.upper() in found
    for entry in scene.key:
        assert any(entry.text in t for t in found), entry.text
    # place and country names on the map, and the boundary licence in the credits
    assert "Vilnius" in found
    assert any("public domain" in t for t in found)
    assert any(t.startswith(scene.credits.sources_heading) for t in found)
    assert b"font-family: 'DejaVu Sans'" in social["svg"]
    assert b"<path d=" in social["svg"]  # the map itself


def test_hostile_text_is_escaped_and_drawn_verbatim(scene: Any) -> None:
    hostile = dataclasses.replace(scene, title=HOSTILE, subtitle=HOSTILE)
    svg = render_static(hostile, "svg", parse_size("1200x800"))
    assert b"<script>" not in svg
    assert HOSTILE in texts(svg)  # parsed back verbatim: escaped, and no maths from the $ signs
    root = ET.fromstring(svg)
    assert root.findtext(f"{SVG}title") == HOSTILE


def test_png_is_the_size_asked_and_drawn_in_the_style_colours(
    social: dict[str, bytes], tmp_path: Path
) -> None:
    pixels = read_png(social["png"], tmp_path)
    assert pixels.shape[:2] == (675, 1200)
    border_rus = symbol("border.rus")
    border_blr = symbol("border.blr")
    # a few hundred pixels of each border's colour (a blank or wrongly styled map has none)
    assert share(pixels, border_rus.color) * pixels[..., 0].size > 200  # type: ignore[union-attr]
    assert share(pixels, border_blr.color) * pixels[..., 0].size > 200  # type: ignore[union-attr]
    assert share(pixels, "#dde8ee") > 0.02  # the sea
    assert share(pixels[:3], "#1a1a1a", 30) > 0.9  # the black rule over the headline


def test_png_scale_two_doubles_the_pixels(scene: Any, tmp_path: Path) -> None:
    data = render_static(scene, "png", parse_size("square"), scale=2)
    assert read_png(data, tmp_path).shape[:2] == (2160, 2160)


def test_pdf_opens_with_embedded_fonts_and_real_text(social: dict[str, bytes], scene: Any) -> None:
    assert social["pdf"].startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(social["pdf"]))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (900, 506)
    fonts = page["/Resources"]["/Font"]
    names = []
    for ref in fonts.values():
        font = ref.get_object()
        names.append(str(font["/BaseFont"]))
        descriptor = (
            font.get("/FontDescriptor")
            or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        )
        assert "/FontFile2" in descriptor.get_object(), font  # TrueType, embedded
    assert any("DejaVuSans" in name for name in names), names
    text = page.extract_text()
    assert scene.title in text
    assert reader.metadata is not None and reader.metadata.title == scene.title
    assert "/CreationDate" not in reader.metadata


def test_print_is_a4_landscape(scene: Any) -> None:
    reader = PdfReader(io.BytesIO(render_static(scene, "pdf", parse_size("print"))))
    box = reader.pages[0].mediabox
    assert round(float(box.width)) == 842 and round(float(box.height)) == 595  # 297 × 210 mm


def test_same_scene_same_bytes(scene: Any, social: dict[str, bytes], tmp_path: Path) -> None:
    again = render_many(scene, ("svg", "png", "pdf"), parse_size("social"))
    assert again["svg"] == social["svg"]
    assert again["pdf"] == social["pdf"]
    assert again["png"] == social["png"]
    first, second = read_png(social["png"], tmp_path), read_png(again["png"], tmp_path)
    assert np.array_equal(first, second)


def test_labels_never_overlap(scene: Any) -> None:
    """Every label kept on the map has a text box clear of every other's."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.transforms import Bbox

    import geo.maps.static as static

    with static.matplotlib.rc_context(static.RC):
        figure = static._draw(scene, parse_size("1200x800"), static.theme())
        renderer = FigureCanvasAgg(figure).get_renderer()
        ax = figure.axes[0]
        boxes: dict[str, list[Bbox]] = {}
        for artist in ax.texts:
            gid = artist.get_gid() or ""
            if gid.startswith("label-"):
                label = gid.split("-")[1]
                boxes.setdefault(label, []).append(artist.get_window_extent(renderer))
    merged = [Bbox.union(parts) for parts in boxes.values()]
    assert len(merged) >= 10
    for i, a in enumerate(merged):
        for b in merged[i + 1 :]:
            assert not a.overlaps(b), (a, b)


def test_font_is_pinned() -> None:
    from geo.maps.static import check_font

    assert "DejaVuSans" in Path(check_font()).name
    assert FONT == "DejaVu Sans"
