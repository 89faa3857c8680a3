"""Static maps: real SVG, PNG and PDF files drawn from a scene with matplotlib, read back.

SVGs are parsed as XML (their texts are text elements, escaped), PNGs are decoded and their
pixels counted in the style table's colours, PDFs are opened with pypdf (page size, embedded
fonts, extractable text). The command line draws them with no browser on its PATH.
"""

from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner, Result
from matplotlib import image as mpimg
from PIL import Image
from pypdf import PdfReader

from geo.cli.main import cli
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
    assert {"Riga", "Tallinn", "Vilnius", "Warsaw"} & set(found)  # the placer's pick at this zoom
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
    # opaque, so written without an alpha channel, and with its resolution for print
    image = Image.open(io.BytesIO(data))
    assert image.mode == "RGB"
    assert [round(v) for v in image.info["dpi"]] == [192, 192]


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


# --------------------------------------------------------------------------- command line


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="shieldmap")


@pytest.mark.usefixtures("cached_embedded")
@pytest.mark.parametrize(
    ("args", "name", "pixels"),
    [
        (
            ("--format", "png", "--size", "social", "--scale", "2"),
            "suwalki-gap.en.social.png",
            (1350, 2400),
        ),
        (("--format", "pdf", "--size", "print"), "suwalki-gap.en.print.pdf", None),
        (("--format", "svg"), "suwalki-gap.en.svg", None),
    ],
)
def test_map_command_writes_static_files(
    tmp_path: Path, args: tuple[str, ...], name: str, pixels: tuple[int, int] | None
) -> None:
    result = run("map", "suwalki-gap", "-d", str(tmp_path), *args)
    assert result.exit_code == 0, result.stderr
    target = tmp_path / name
    assert result.stdout.strip() == str(target)
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary file left
    data = target.read_bytes()
    if pixels is not None:
        assert read_png(data, tmp_path).shape[:2] == pixels
    elif name.endswith(".pdf"):
        assert PdfReader(io.BytesIO(data)).pages[0].extract_text()
    else:
        assert "The Suwałki Gap" in texts(data)


@pytest.mark.usefixtures("cached_embedded")
def test_output_extension_sets_the_format(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "gap.pdf"
    result = run("map", "suwalki-gap", "-o", str(target), "--size", "800x600")
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--format", "png", "--size", "big"), "expected a size as WIDTHxHEIGHT"),
        (("--format", "png", "--size", "100x100"), "between 240 and 10000"),
        (("--format", "png", "--scale", "9"), "expected a scale from 1 to 4"),
        (("--format", "svg", "--scale", "2"), "--scale sets a PNG's pixels"),
        (("--size", "social"), "--size is for static maps"),
        (("--format", "png", "-o", "{tmp}/map.svg"), "expected a .png file"),
    ],
)
def test_bad_static_options_are_one_error_line(
    tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    where = () if "-o" in args else ("-d", str(tmp_path))
    result = run("map", "overview", *where, *(a.format(tmp=tmp_path) for a in args))
    assert result.exit_code == 2, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and says in errors[0], result.stderr
    assert "Traceback" not in result.stderr
    assert not any(tmp_path.iterdir())


def test_static_map_needs_no_browser(tmp_path: Path) -> None:
    """A fresh process whose PATH holds no chromium, and which never imports playwright."""
    empty = tmp_path / "bin"
    empty.mkdir()
    script = (
        "import sys\n"
        "from geo.cli.main import cli\n"
        "try:\n"
        "    cli(sys.argv[1:], prog_name='shieldmap')\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "assert 'playwright' not in sys.modules\n"
    )
    env = {**os.environ, "PATH": str(empty)}
    for fmt in ("svg", "png", "pdf"):
        out = tmp_path / f"map.{fmt}"
        done = subprocess.run(
            [sys.executable, "-c", script, "map", "suwalki-gap", "-o", str(out)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 10_000


def test_labels_follow_the_shared_placers_plan(scene: Any) -> None:
    """The label placer (geo.maps.labels) decides for the static picture too: a label its plan
    leaves out at every zoom is not drawn, while the same label with its own plan is."""
    size = parse_size("social")
    drawn = set(texts(render_many(scene, ("svg",), size)["svg"]))
    land = scene.layers[0]
    label = next(
        lab for lab in land.labels if "sm-country" in lab.tags and lab.lines[0].upper() in drawn
    )
    silenced = dataclasses.replace(label, plan="-" * max(1, len(label.plan)))
    labels = tuple(silenced if lab is label else lab for lab in land.labels)
    layers = (dataclasses.replace(land, labels=labels), *scene.layers[1:])
    quiet = dataclasses.replace(scene, layers=layers)
    after = set(texts(render_many(quiet, ("svg",), size)["svg"]))
    assert label.lines[0].upper() not in after
    assert drawn - after == {label.lines[0].upper()}
