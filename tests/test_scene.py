"""The presentation-neutral scene: built for every preset and language from real data, with
symbols from the style table, structured popups, its own headline, and no renderer in sight."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from typing import Any

import pytest
import shapely

from geo import style
from geo.errors import MapError
from geo.maps import i18n, presets
from geo.maps.presets import ALL, load_presets
from geo.maps.scene import Link, Popup, Scene, SceneInputs, build_scene, plain


@pytest.fixture(scope="module")
def scenes(real_inputs: tuple[Any, Any]) -> dict[tuple[str, str], Scene]:
    layers, seeds = real_inputs
    return {
        (preset, lang): build_scene(preset, lang, SceneInputs(layers, seeds))
        for preset in ALL
        for lang in i18n.LANGS
    }


def test_every_scene_is_complete(scenes: dict[tuple[str, str], Scene]) -> None:
    for (preset, lang), scene in scenes.items():
        assert (scene.preset, scene.lang) == (preset, lang)
        assert scene.layers[0].key == "countries" and not scene.layers[0].switchable
        assert scene.title and scene.subtitle and scene.kicker
        assert scene.key and scene.alt.blocks and scene.credits.sources
        assert scene.data_as_of is not None and scene.data_as_of_text
        assert scene.locator.shapes
        west, south, east, north = scene.bounds
        view = shapely.box(west, south, east, north)
        for layer in scene.layers:
            for feature in layer.features:
                style.symbol(feature.symbol)  # raises for a symbol the table lacks
                assert view.intersects(feature.geometry), (preset, feature.tags)
            for label in layer.labels:
                style.label(label.kind)
                assert label.lines and all(label.lines)
        for entry in scene.key:
            style.symbol(entry.symbol)
            assert scene.layer(entry.layer) is not None


def test_each_preset_has_its_own_headline(scenes: dict[tuple[str, str], Scene]) -> None:
    for lang in i18n.LANGS:
        titles = [scenes[(preset, lang)].title for preset in ALL]
        assert len(set(titles)) == len(titles)
    assert scenes[("treaty", "en")].timeline is not None
    assert scenes[("overview", "en")].timeline is None


def test_labels_are_ranked_story_first(scenes: dict[tuple[str, str], Scene]) -> None:
    labels = scenes[("overview", "en")].labels
    ranks = {label.text: label.priority for label in labels}
    assert ranks["Poland"] > ranks["Vilnius"]
    lengths = [label for label in labels if label.kind.startswith("length")]
    towns = [label for label in labels if label.kind.startswith("place")]
    assert lengths and towns
    assert min(x.priority for x in lengths) > max(x.priority for x in towns)
    neighbours = {label.text: label for label in labels if label.kind in ("country", "region")}
    assert {"Russia", "Belarus"} <= set(neighbours)


def test_popups_are_structured_and_cite_sources(scenes: dict[tuple[str, str], Scene]) -> None:
    scene = scenes[("overview", "pl")]
    borders = scene.layer("borders_blr")
    assert borders is not None
    feature = next(f for f in borders.features if "border-POL-BLR" in f.tags)
    assert isinstance(feature.popup, Popup)
    assert feature.popup.title.startswith("Polska")
    measured = feature.popup.rows[0]
    assert "km" in plain(measured.value)
    links = [
        part
        for row in feature.popup.rows
        for run in (row.value, *row.items)
        for part in run
        if isinstance(part, Link)
    ]
    assert links and all(link.url.startswith("http") for link in links)
    cited = {ref.url for ref in scene.credits.sources}
    assert {link.url for link in links} <= cited


def test_building_a_scene_needs_no_renderer() -> None:
    probe = (
        "import sys;from geo.boundaries import load_countries;from geo.seeds import load_seeds;"
        "from geo.layers import build_layers;from geo.maps.scene import build_scene, SceneInputs;"
        "s=load_seeds();build_scene('suwalki-gap','en',SceneInputs(build_layers(*load_countries(),s),s));"
        "print(sorted(m for m in ('folium','branca','jinja2','matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_sixth_preset_without_its_texts_fails_when_loaded(
    monkeypatch: pytest.MonkeyPatch, real_inputs: tuple[Any, Any]
) -> None:
    copy = dataclasses.replace(presets.PRESETS["baltic-defence-line"], id="estonia")
    monkeypatch.setitem(presets.PRESETS, "estonia", copy)
    presets._checked.cache_clear()
    try:
        with pytest.raises(MapError, match="preset 'estonia' has no estonia_title"):
            presets.get_preset("estonia")
        # its own texts in every language: the scene uses them, no code changed
        real = i18n.catalog
        own = {"estonia_title": "Estonia {program}", "estonia_subtitle": "{states}: {km}"}
        monkeypatch.setattr(i18n, "catalog", lambda lang: {**real(lang), **own})
        presets._checked.cache_clear()
        layers, seeds = real_inputs
        scene = build_scene("estonia", "en", SceneInputs(layers, seeds))
        assert scene.title == "Estonia Baltic Defence Line"
    finally:
        presets._checked.cache_clear()


_GOOD = (
    "extent = [0.0, 0.0, 1.0, 1.0]\nmin_zoom = 1\nmax_zoom = 2\nlayers = []\nlabels = []\n"
    "headline = 'border_total'\naspect = '1 / 1'\n"
)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("layers = []", "layers = ['borders_xyz']"), "layers expected among .* got borders_xyz"),
        (("[0.0, 0.0, 1.0, 1.0]", "[1.0, 2.0]"), r"extent expected as \[west, south"),
        (("aspect", "colour = 'red'\naspect"), "unknown field colour"),
        (("headline = 'border_total'", "headline = 'nope'"), "headline expected among"),
        (("min_zoom = 1\n", ""), "missing 1 required"),
        (("[x]", "[x"), "expected TOML"),
    ],
)
def test_bad_presets_fail_with_one_clear_message(edit: tuple[str, str], message: str) -> None:
    assert load_presets("[x]\n" + _GOOD)["x"].headline == "border_total"
    with pytest.raises(MapError, match=message):
        load_presets(("[x]\n" + _GOOD).replace(*edit))


def test_every_layer_a_preset_may_name_has_a_builder() -> None:
    from geo.maps import overlays

    assert set(overlays._registry()) == set(presets.LAYER_NAMES)
