"""A story file on a scene: its texts, layers, highlighted countries, extent and annotations
(styled, in the key, in the text alternative, their links among the sources)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from geo import style
from geo.maps.scene import Scene, SceneInputs, build_scene, plain
from geo.story import parse_story

STORY = """\
preset: suwalki-gap
languages: [de, lt]
kicker: {de: Sicherheit, lt: Saugumas}
title: {de: Die Lücke, lt: Koridorius}
subtitle: {de: Untertitel, lt: Paantraštė}
note: {de: Eine Anmerkung, lt: Pastaba}
byline: Redaktion
source_note: {de: "Quelle: eigene Recherche", lt: "Šaltinis: redakcija"}
layers: [borders_blr, borders_rus, annotations, suwalki, places]
highlight: [POL, LTU]
extent: [22.0, 53.8, 24.2, 54.7]
annotations:
  - id: zone
    label: {de: Sperrzone, lt: Draudžiamoji zona}
    area: [[23.40, 54.28], [23.62, 54.28], [23.62, 54.40], [23.40, 54.40]]
    color: vermillion
    dash: dashed
  - id: crossing
    label: {de: Grenzübergang, lt: Perėja}
    note: Only English here
    url: https://www.example.org/crossing
    source: Example Daily
    point: [23.25, 54.39]
    marker: triangle
    color: blue
    label_position: left
"""


@pytest.fixture(scope="module")
def scenes(real_inputs: tuple[Any, Any]) -> dict[str, Scene]:
    layers, seeds = real_inputs
    story = parse_story(yaml.safe_load(STORY), "gap.yaml")
    inputs = SceneInputs(layers, seeds, story=story)
    return {lang: build_scene("suwalki-gap", lang, inputs) for lang in ("de", "lt")}


def test_story_texts_replace_and_add(scenes: dict[str, Scene]) -> None:
    de, lt = scenes["de"], scenes["lt"]
    assert (de.kicker, de.title, de.subtitle) == ("Sicherheit", "Die Lücke", "Untertitel")
    assert (lt.kicker, lt.title) == ("Saugumas", "Koridorius")
    assert (de.note, de.byline, de.source_note) == (
        "Eine Anmerkung",
        "Redaktion",
        "Quelle: eigene Recherche",
    )
    assert lt.byline == "Redaktion"  # one text for every language


def test_story_layers_in_its_order(scenes: dict[str, Scene]) -> None:
    keys = [layer.key for layer in scenes["de"].layers]
    assert keys == ["countries", "borders_blr", "borders_rus", "annotations", "suwalki", "places"]


def test_story_countries_are_highlighted(scenes: dict[str, Scene]) -> None:
    land = scenes["de"].layers[0]
    symbols = {t[5:]: f.symbol for f in land.features for t in f.tags if t.startswith("land-")}
    assert symbols["POL"] == symbols["LTU"] == "land.withdrawing"
    assert symbols["LVA"] == "land.context"
    assert symbols["RUS"] == "land.adversary"


def test_story_extent(scenes: dict[str, Scene]) -> None:
    assert scenes["de"].extent == (22.0, 53.8, 24.2, 54.7)
    assert scenes["de"].locator.extent == (22.0, 53.8, 24.2, 54.7)


def test_annotations_styled_keyed_told_and_cited(scenes: dict[str, Scene]) -> None:
    de = scenes["de"]
    layer = de.layer("annotations")
    assert layer is not None
    zone, crossing = layer.features
    assert zone.symbol == "annotation.area.dashed.vermillion"
    assert crossing.symbol == "annotation.point.triangle.blue"
    assert style.symbol(crossing.symbol).shape == "triangle"  # type: ignore[union-attr]
    keyed = [(e.symbol, e.text) for e in de.key if e.layer == "annotations"]
    assert keyed == [
        ("annotation.area.dashed.vermillion", "Sperrzone"),
        ("annotation.point.triangle.blue", "Grenzübergang"),
    ]
    label = next(x for x in layer.labels if "sm-annotation-label-crossing" in x.tags)
    assert label.positions == ("left",)  # beside its marker, never on it
    assert crossing.popup is not None
    assert crossing.popup.paragraphs == (("[EN] Only English here",),)
    assert plain(crossing.popup.sources).endswith("Example Daily")
    told = [b for b in de.alt.blocks if any("Grenzübergang" in i for i in b.items)]
    assert told and "Example Daily" in told[0].items[-1]
    cited = de.credits.sources[-1]
    assert (cited.publisher, cited.url) == ("Example Daily", "https://www.example.org/crossing")
    assert str(len(de.credits.sources)) in de.credits.sources_heading


def test_a_point_label_in_auto_tries_every_side(real_inputs: tuple[Any, Any]) -> None:
    layers, seeds = real_inputs
    story = parse_story(
        {"preset": "suwalki-gap", "annotations": [{"label": "x", "point": [23.0, 54.2]}]},
        "s.yaml",
    )
    scene = build_scene("suwalki-gap", "en", SceneInputs(layers, seeds, story=story))
    layer = scene.layer("annotations")
    assert layer is not None
    assert layer.labels[0].positions == ("right", "left", "above", "below")


@pytest.mark.parametrize("position", ["above", "below", "left", "right"])
def test_static_map_draws_a_styled_annotation_beside_its_marker(
    real_inputs: tuple[Any, Any], position: str
) -> None:
    import xml.etree.ElementTree as ET

    from geo.maps.static import render_many
    from geo.maps.static_page import parse_size

    layers, seeds = real_inputs
    text = STORY.replace("label_position: left", f"label_position: {position}")
    story = parse_story(yaml.safe_load(text), "gap.yaml")
    scene = build_scene("suwalki-gap", "de", SceneInputs(layers, seeds, story=story))
    svg = render_many(scene, ("svg",), parse_size("1200x800"))["svg"]
    found = [
        "".join(t.itertext()) for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")
    ]
    assert "Grenzübergang" in found and "Eine Anmerkung" in found
