"""Story files: a newsroom's own texts, layers, highlights, extent and annotations for one map,
validated like the seeds (every problem, one line each, with file, key path and the fix)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from geo.errors import StoryError
from geo.seeds import load_seeds
from geo.story import (
    TEXT_KEYS,
    layer_names,
    load_story,
    parse_story,
    possible_extent,
    resolve_extent,
)

STORY = """\
preset: suwalki-gap
kicker: {en: Security, pl: Bezpieczeństwo}
title: {en: The gap NATO watches, pl: Przesmyk pod obserwacją}
subtitle: One text for every language
byline: Jane Doe / Example Daily
source_note: {en: "Sources: Border Guard, own research", pl: "Źródła: SG, własne"}
layers: [borders_blr, borders_rus, suwalki, annotations]
highlight: [LTU, POL]
extent: [22.0, 53.8, 24.2, 54.7]
annotations:
  - label: Exclusion zone
    area: [[23.4, 53.9], [23.6, 53.9], [23.6, 54.1], [23.4, 54.1]]
    color: vermillion
  - label: Crossing
    point: [23.35, 54.3]
    marker: square
"""


def story_of(text: str, name: str = "gap.yaml") -> object:
    return parse_story(yaml.safe_load(text), name, "gap")


def problems(data: object) -> list[str]:
    with pytest.raises(StoryError) as info:
        parse_story(data, "gap.yaml", "gap")
    return info.value.problems


def one_problem(data: object) -> str:
    found = problems(data)
    assert len(found) == 1, found
    return found[0]


def base(**extra: object) -> dict[str, object]:
    return {"preset": "suwalki-gap", **extra}


def test_a_full_story_loads(tmp_path: Path) -> None:
    path = tmp_path / "Gap Story.yaml"
    path.write_text(STORY, encoding="utf-8")
    story = load_story(path)
    assert story.id == "gap-story"  # from the file name, safe for a file name
    assert story.preset == "suwalki-gap"
    assert story.languages == ("en", "pl")
    assert story.text("title", "pl") == "Przesmyk pod obserwacją"
    assert (
        story.text("subtitle", "pl")
        == story.text("subtitle", "en")
        == ("One text for every language")
    )
    assert story.text("note", "en") is None
    assert story.layers == ("borders_blr", "borders_rus", "suwalki", "annotations")
    assert story.highlight == ("LTU", "POL")
    assert story.extent == (22.0, 53.8, 24.2, 54.7)
    zone, crossing = story.annotations
    assert zone.kind == "area" and zone.style.color == "vermillion"
    assert crossing.style.marker == "square"
    assert zone.origin == "Gap Story.yaml: annotations[0]"
    assert story.filename_for("pl") == "gap-story.pl.html"


def test_only_preset_is_required() -> None:
    story = parse_story(base(), "gap.yaml", "gap")
    assert story.languages == ("en",)
    assert all(story.text(key, "en") is None for key in TEXT_KEYS)
    assert story.layers is None and story.highlight == () and story.extent is None


def test_every_problem_is_listed_one_line_each() -> None:
    found = problems(
        {
            "preset": "suwalki",
            "titel": "x",
            "layers": ["borders", "places"],
            "highlight": ["LTU", "Poland"],
            "annotations": [{"label": "x", "point": [54.2, 23.2], "url": "www.x.pl"}],
        }
    )
    assert len(found) == 5, found
    assert any("gap.yaml: preset: expected a map among" in p and "suwalki-gap" in p for p in found)
    assert any("unknown key 'titel' (did you mean 'title'?)" in p for p in found)
    assert any(p.startswith("gap.yaml: layers[0]: expected a layer among") for p in found)
    assert any(p.startswith("gap.yaml: highlight[1]: expected an ISO-3") for p in found)
    assert any(p.startswith("gap.yaml: annotations[0].url: expected a URL starting") for p in found)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"title": 5}, "gap.yaml: title: expected text or a mapping of language to text, got 5"),
        ({"title": ""}, "gap.yaml: title: expected a non-empty string"),
        ({"title": {"lt ": "x"}}, "gap.yaml: title: expected a language among en, pl"),
        ({"title": {"en": ""}}, "gap.yaml: title.en: expected a non-empty string"),
        ({"title": "x" * 2001}, "gap.yaml: title: expected at most 2000 characters"),
        ({"layers": []}, "gap.yaml: layers: expected a list of layers among"),
        ({"layers": ["suwalki", "suwalki"]}, "'suwalki' is listed twice"),
        ({"layers": ["sowalki"]}, "(did you mean 'suwalki'?)"),
        ({"highlight": ["ltu"]}, "(did you mean 'LTU'?)"),
        ({"highlight": ["XXX"]}, "expected an ISO-3 country code such as LTU, got 'XXX'"),
        ({"extent": [24, 53, 22, 54]}, "expected [west, south, east, north] with west < east"),
        ({"extent": 5}, "expected a map, place or country name, or [west, south, east, north]"),
        ({"languages": ["lt-LT"]}, "gap.yaml: languages[0]: expected a language among"),
        ({"id": "My Story"}, "gap.yaml: id: expected an id of lower-case letters"),
        ({"annotations": {"label": "x"}}, "gap.yaml: annotations: expected a list"),
        (
            {"title": {"en": "x", "pl": "y"}, "subtitle": {"en": "z"}},
            "gap.yaml: subtitle: missing the 'pl' text; the story is in en, pl: add subtitle.pl",
        ),
    ],
)
def test_bad_values(extra: dict[str, object], expected: str) -> None:
    problem = one_problem(base(**extra))
    assert expected in problem, problem


@pytest.mark.parametrize("data", [None, [], "story", {"title": "x"}])
def test_wrong_document(data: object) -> None:
    assert all(p.startswith("gap.yaml") for p in problems(data))


def test_missing_file_names_the_option(tmp_path: Path) -> None:
    with pytest.raises(StoryError) as info:
        load_story(tmp_path / "absent.yaml")
    assert info.value.problems == [
        f"absent.yaml: file not found at {tmp_path / 'absent.yaml'}; check the --story path"
    ]


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "gap.yaml"
    path.write_text("preset: suwalki-gap\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(StoryError) as info:
        load_story(path)
    (problem,) = info.value.problems
    assert problem.startswith("gap.yaml: line ") and "malformed YAML" in problem


def test_layer_names_are_those_the_presets_draw() -> None:
    names = layer_names()
    assert {"borders_rus", "suwalki", "status", "annotations"} <= set(names)
    assert len(names) == len(set(names))


# --------------------------------------------------------------------------- extents


@pytest.fixture(scope="module")
def seeds():  # type: ignore[no-untyped-def]
    return load_seeds()


def test_named_extents(seeds) -> None:  # type: ignore[no-untyped-def]
    bounds = possible_extent("overview")
    story = parse_story(base(extent="suwalki-gap"), "gap.yaml")
    assert resolve_extent(story, seeds, bounds) == (21.2, 53.6, 24.6, 55.2)
    place = next(p for p in seeds.places if p.kind == "capital" and p.iso3 == "LTU")
    for name in (place.id, place.names["en"], place.names["pl"].upper()):
        story = parse_story(base(extent=name), "gap.yaml")
        west, south, east, north = resolve_extent(story, seeds, bounds)  # type: ignore[misc]
        assert west < place.lon < east and south < place.lat < north


def test_an_unknown_extent_name_lists_the_choices(seeds) -> None:  # type: ignore[no-untyped-def]
    story = parse_story(base(extent="Suwalky"), "gap.yaml")
    with pytest.raises(StoryError) as info:
        resolve_extent(story, seeds, possible_extent("overview"))
    (problem,) = info.value.problems
    assert problem.startswith("gap.yaml: extent: expected a map (overview, ")
    assert "got 'Suwalky'" in problem


def test_an_extent_outside_the_map_names_its_bounds(seeds) -> None:  # type: ignore[no-untyped-def]
    bounds = possible_extent("suwalki-gap")
    story = parse_story(base(extent=[2.0, 48.0, 3.0, 49.0]), "gap.yaml")
    with pytest.raises(StoryError) as info:
        resolve_extent(story, seeds, bounds)
    (problem,) = info.value.problems
    west, _south, east, _north = bounds
    assert problem.startswith(
        "gap.yaml: extent: [2.0, 48.0, 3.0, 49.0] reaches outside the "
        f"suwalki-gap map, which shows lon {west:.2f} to {east:.2f}"
    )
    assert "choose an extent inside it, or a wider map as 'preset'" in problem


def test_possible_extent_of_all_maps_holds_each_map() -> None:
    every = possible_extent()
    for preset in ("overview", "treaty", "suwalki-gap"):
        west, south, east, north = possible_extent(preset)
        assert every[0] <= west and every[1] <= south and east <= every[2] and north <= every[3]


def test_a_swapped_extent_is_named_as_swapped(seeds) -> None:  # type: ignore[no-untyped-def]
    story = parse_story(base(extent=[53.8, 22.0, 54.7, 24.2]), "gap.yaml")
    with pytest.raises(StoryError) as info:
        resolve_extent(story, seeds, possible_extent("suwalki-gap"))
    (problem,) = info.value.problems
    assert problem.endswith(
        "did you swap longitude and latitude? GeoJSON and shieldmap use [lon, lat]"
    )


def test_annotations_need_their_layer_when_layers_are_listed() -> None:
    problem = one_problem(
        base(layers=["suwalki"], annotations=[{"label": "x", "point": [23.0, 54.0]}])
    )
    assert problem.startswith("gap.yaml: layers: the story has annotations but 'annotations'")
