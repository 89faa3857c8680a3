"""CLI ergonomics: global options after the command, `-o` taking the user's own path, and the
coordinate checks that run before anything is drawn."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import error_line, run

pytestmark = [pytest.mark.realdata, pytest.mark.usefixtures("cached_embedded")]

INSIDE = "annotations:\n  - label: Crossing\n    point: [23.35, 54.3]\n"


def notes(tmp_path: Path, text: str = INSIDE) -> Path:
    path = tmp_path / "notes.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- global options


@pytest.mark.parametrize("where", ["before", "after"])
def test_annotations_before_or_after_the_command(tmp_path: Path, where: str) -> None:
    option = ["--annotations", str(notes(tmp_path))]
    command = ["check"]
    result = run(*option, *command) if where == "before" else run(*command, *option)
    assert result.exit_code == 0, result.output
    assert "1 annotations" in result.stdout


def test_seeds_after_the_command_is_used(tmp_path: Path) -> None:
    result = run("check", "--seeds", str(tmp_path / "absent"))
    assert result.exit_code == 1
    assert "absent does not exist" in result.stderr


def test_boundaries_after_the_command_is_used(tmp_path: Path) -> None:
    line = error_line(run("borders", "--boundaries", str(tmp_path / "absent.gpkg")))
    assert "absent.gpkg" in line


def test_after_the_command_wins(tmp_path: Path) -> None:
    result = run(
        "--annotations",
        str(tmp_path / "absent.yaml"),
        "check",
        "--annotations",
        str(notes(tmp_path)),
    )
    assert result.exit_code == 0, result.output


def test_verbose_after_the_command(tmp_path: Path) -> None:
    result = run("check", "-vv")
    assert result.exit_code == 0, result.output


def test_every_command_documents_the_global_options() -> None:
    for command in ("check", "borders", "layers", "map", "build"):
        result = run(command, "--help")
        assert result.exit_code == 0
        assert "--annotations" in result.stdout and "--seeds" in result.stdout, command
        assert "Also accepted before the command." in " ".join(result.stdout.split())


# --------------------------------------------------------------------------- -o any path


@pytest.mark.parametrize("relative", [False, True])
def test_map_output_goes_where_the_user_says(
    tmp_path: Path, relative: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "Desktop"
    elsewhere.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    target = "../Desktop/gap.html" if relative else str(elsewhere / "gap.html")
    result = run("map", "suwalki-gap", "-o", target)
    assert result.exit_code == 0, result.output
    written = elsewhere / "gap.html"
    assert written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    html_path, embed_path = result.stdout.split()  # the map, then its embed page beside it
    assert Path(html_path).resolve() == written.resolve()
    assert Path(embed_path).resolve() == (elsewhere / "gap.embed.html").resolve()
    assert not (work / "output").exists()


def test_map_output_with_a_tilde(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    result = run("map", "suwalki-gap", "-o", "~/gap.html")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "gap.html").is_file()


def test_output_and_output_dir_together_are_a_usage_error(tmp_path: Path) -> None:
    result = run("map", "suwalki-gap", "-d", str(tmp_path), "-o", "gap.html")
    assert result.exit_code == 2
    assert "-o names the whole path of the file" in result.stderr
    assert not any(tmp_path.iterdir())


def test_output_dir_holds_the_default_name(tmp_path: Path) -> None:
    result = run("map", "suwalki-gap", "--lang", "pl", "-d", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "suwalki-gap.pl.html").is_file()


def test_output_must_be_html(tmp_path: Path) -> None:
    result = run("map", "suwalki-gap", "-o", str(tmp_path / "gap.txt"))
    assert result.exit_code == 2
    assert "expected an .html file name" in result.stderr
    assert not os.listdir(tmp_path)


# --------------------------------------------------------------------------- where annotations lie


def test_a_swapped_point_stops_the_map(tmp_path: Path) -> None:
    bad = notes(tmp_path, "annotations:\n  - label: Crossing\n    point: [54.254, 23.235]\n")
    out = tmp_path / "gap.html"
    line = error_line(run("map", "suwalki-gap", "--annotations", str(bad), "-o", str(out)))
    assert "notes.yaml: annotations[0]: [54.254, 23.235] lies outside the suwalki-gap map" in line
    assert "did you swap longitude and latitude? GeoJSON and shieldmap use [lon, lat]" in line
    assert not out.exists()


def test_a_point_in_paris_stops_the_map_naming_its_bounds(tmp_path: Path) -> None:
    bad = notes(tmp_path, "annotations:\n  - label: Paris\n    point: [2.35, 48.85]\n")
    out = tmp_path / "gap.html"
    line = error_line(run("map", "suwalki-gap", "--annotations", str(bad), "-o", str(out)))
    assert "lies outside the suwalki-gap map, which shows lon " in line
    assert "move it inside, or choose a map that covers it" in line
    assert not out.exists()


def test_build_refuses_an_annotation_no_map_shows(tmp_path: Path) -> None:
    bad = notes(tmp_path, "annotations:\n  - label: Lisbon\n    point: [-9.14, 38.72]\n")
    out = tmp_path / "site"
    line = error_line(run("build", "--no-layers", "-o", str(out), "--annotations", str(bad)))
    assert "lies outside every map" in line
    assert not out.exists()


# --------------------------------------------------------------------------- check --story

GOOD_STORY = """\
preset: suwalki-gap
title: {en: The gap, pl: Przesmyk}
extent: [22.0, 53.8, 24.2, 54.7]
annotations:
  - label: Zone
    area: [[23.4, 53.9], [23.6, 53.9], [23.6, 54.1], [23.4, 54.1]]
"""


def test_check_a_good_story(tmp_path: Path) -> None:
    story = tmp_path / "gap.yaml"
    story.write_text(GOOD_STORY, encoding="utf-8")
    result = run("check", "--story", str(story))
    assert result.exit_code == 0, result.output
    assert "story gap on suwalki-gap in en, pl" in result.stdout


def test_check_lists_every_story_problem(tmp_path: Path) -> None:
    story = tmp_path / "gap.yaml"
    story.write_text(
        "preset: suwalki-gap\ntitel: x\nextent: [53.8, 22.0, 54.7, 24.2]\n"
        "annotations:\n  - label: x\n    point: [54.254, 23.235]\n",
        encoding="utf-8",
    )
    result = run("check", "--story", str(story))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "unknown key 'titel' (did you mean 'title'?)" in lines[0]
    story.write_text(GOOD_STORY + "  - label: Crossing\n    point: [54.254, 23.235]\n")
    result = run("check", "--story", str(story))
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: gap.yaml: annotations[1]: [54.254, 23.235] lies outside")
    assert "did you swap longitude and latitude?" in line
    story.write_text(GOOD_STORY.replace("[22.0, 53.8, 24.2, 54.7]", "[53.8, 22.0, 54.7, 24.2]"))
    result = run("check", "--story", str(story))
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: gap.yaml: extent: ") and "did you swap" in line
