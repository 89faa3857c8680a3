"""`--story` on `map` and `build`: a newsroom's own Suwałki Gap map in German and Lithuanian,
with its texts on the page, the embed page, the index and the text alternative, its shaded zone
and styled annotations drawn in Chromium, and every likely mistake one clear line, exit 1."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import error_line, run, wait_until

pytestmark = [pytest.mark.realdata, pytest.mark.usefixtures("cached_embedded")]

STORY = """\
preset: suwalki-gap
id: luecke
kicker: {de: Sicherheit im Baltikum, lt: Saugumas Baltijos regione}
title: {de: "Die Suwałki-Lücke <b>{{ 7*7 }}</b>", lt: "Suvalkų koridorius"}
subtitle: {de: Ein schmaler Landstreifen., lt: Siauras sausumos ruožas.}
note: {de: Die Zone ist ein Beispiel., lt: Zona yra pavyzdys.}
byline: "Karte: Redaktion"
source_note: {de: "Quellen: eigene Recherche", lt: "Šaltiniai: redakcija"}
layers: [borders_rus, borders_blr, suwalki, annotations, places]
highlight: [POL, LTU]
extent: [21.8, 53.7, 24.4, 55.0]
annotations:
  - id: zone
    label: {de: Beispielzone, lt: Pavyzdinė zona}
    area: [[23.30, 54.02], [23.70, 54.02], [23.70, 54.22], [23.30, 54.22]]
    color: vermillion
    dash: dashed
  - id: crossing
    label: {de: Grenzübergang, lt: Perėja}
    note: {de: Lage ungefähr., lt: Vieta apytikslė.}
    url: https://www.example.org/crossing
    source: Beispielzeitung
    point: [23.25, 54.39]
    marker: triangle
    color: blue
    label_position: left
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        yield instance
        instance.close()


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "gap.yaml"
    path.write_text(STORY, encoding="utf-8")
    return path


def test_map_with_a_story_in_german(story: Path, tmp_path: Path) -> None:
    out = tmp_path / "gap.de.html"
    result = run("map", "--story", str(story), "--lang", "de", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert '<html lang="de">' in page
    assert '<p class="sm-kicker">Sicherheit im Baltikum</p>' in page
    # escaped, and Jinja syntax in a story is never run
    assert "Die Suwałki-Lücke &lt;b&gt;{{ 7*7 }}&lt;/b&gt;" in page
    assert "49" not in re.findall(r'<h1 class="sm-title">(.*?)</h1>', page)[0]
    assert '<p class="sm-note">Die Zone ist ein Beispiel.</p>' in page
    assert "Quellen: eigene Recherche · Karte: Redaktion" in page
    description = page[page.index('id="sm-description"') :]
    assert "Die Zone ist ein Beispiel." in description and "Beispielzone" in description
    assert "Beispielzeitung" in page[page.index("sm-foot") :]  # among the sources


def test_the_story_language_is_the_default(story: Path, tmp_path: Path) -> None:
    result = run("map", "--story", str(story), "-d", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "luecke.de.html").is_file()  # the story's first language, its id


def test_a_language_the_story_lacks(story: Path, tmp_path: Path) -> None:
    line = error_line(run("map", "--story", str(story), "--lang", "pl", "-d", str(tmp_path)))
    assert "gap.yaml: written in de, lt, got --lang pl" in line
    assert not any(tmp_path.glob("*.html"))


def test_a_preset_other_than_the_story_s(story: Path, tmp_path: Path) -> None:
    result = run("map", "overview", "--story", str(story), "-d", str(tmp_path))
    assert result.exit_code == 2
    assert "is drawn on the suwalki-gap map, got overview" in result.stderr


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("point: [23.25, 54.39]", "point: [54.39, 23.25]", "did you swap longitude and latitude?"),
        ("extent: [21.8, 53.7, 24.4, 55.0]", "extent: [2, 48, 3, 49]", "reaches outside the"),
        ("url: https://www.example.org/crossing", "url: www.example.org", "write 'https://"),
        ("marker: triangle", "marker: star", "expected one of dot, square, triangle, cross"),
        ("highlight: [POL, LTU]", "highlight: [Poland]", "expected an ISO-3 country code"),
        ("layers: [borders_rus,", "layers: [borders_russia,", "(did you mean 'borders_rus'?)"),
        ("kicker:", "kiker:", "unknown key 'kiker' (did you mean 'kicker'?)"),
    ],
)
def test_story_mistakes_are_one_line_and_write_nothing(
    story: Path, tmp_path: Path, old: str, new: str, expected: str
) -> None:
    text = story.read_text(encoding="utf-8")
    assert old in text
    story.write_text(text.replace(old, new, 1), encoding="utf-8")
    out = tmp_path / "out"
    line = error_line(run("map", "--story", str(story), "--lang", "de", "-d", str(out)))
    assert expected in line, line
    assert not out.exists()


def test_build_with_a_story(story: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run(
        "build",
        "--no-layers",
        "-o",
        str(out),
        "--lang",
        "de",
        "--lang",
        "lt",
        "--lang",
        "en",
        "--story",
        str(story),
    )
    assert result.exit_code == 0, result.output
    for lang in ("de", "lt"):
        assert (out / f"luecke.{lang}.html").is_file()
        assert (out / f"luecke.{lang}.embed.html").is_file()
        # the same command draws the story as a static picture too, with the story's texts
        assert (out / f"luecke.{lang}.png").read_bytes().startswith(b"\x89PNG")
    svg = (out / "luecke.de.svg").read_text(encoding="utf-8")
    assert "Sicherheit im Baltikum".upper() in svg.upper()
    assert "Die Zone ist ein Beispiel." in svg
    assert not (out / "luecke.en.html").exists()  # the story is not written in English
    embed = (out / "luecke.lt.embed.html").read_text(encoding="utf-8")
    assert "Suvalkų koridorius" in embed
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "luecke.de.html" in index and "Suvalkų koridorius" in index


@pytest.mark.browser
def test_the_story_map_in_chromium(story: Path, tmp_path: Path, browser: Any) -> None:
    out = tmp_path / "gap.lt.html"
    result = run("map", "--story", str(story), "--lang", "lt", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(out.as_uri())
    wait_until(page, "() => performance.getEntriesByName('shieldmap:drawn').length > 0")
    page.wait_for_timeout(500)
    marker = page.locator(".sm-marker.annotation-crossing")
    assert marker.count() == 1 and marker.locator("svg polygon").count() == 1  # a triangle
    label = page.locator(".sm-annotation-label-crossing > span")
    assert label.inner_text() == "Perėja"
    m, t = marker.bounding_box(), label.bounding_box()
    assert m is not None and t is not None
    assert t["x"] + t["width"] <= m["x"] + 1  # left of its marker, never over it
    zone = page.locator("path.annotation-zone")
    assert zone.count() == 1 and zone.get_attribute("stroke-dasharray") == "8 5"
    key = page.locator("#sm-legend li").all_inner_texts()
    assert "Pavyzdinė zona" in key and "Perėja" in key
    assert errors == []
    page.close()


def test_the_readme_worked_example_works(tmp_path: Path) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    part = readme[readme.index("**Worked example") :]
    block = part[part.index("```yaml\n") + 8 : part.index("```\n", part.index("```yaml\n") + 8)]
    story = tmp_path / "gap.yaml"
    story.write_text(block, encoding="utf-8")
    out = tmp_path / "luecke.de.html"
    result = run("map", "--story", str(story), "--lang", "de", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "Die Suwałki-Lücke: Nadelöhr der NATO" in page and "Beispielzone" in page
