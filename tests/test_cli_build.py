"""`shieldmap build`: every map and layer, reproducible to the byte, and a failed build leaves
the previous outputs as they were."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import shieldmap_script

import geo.maps.build
from geo.cli.main import cli
from geo.errors import OutputError
from geo.maps import ALL
from geo.maps.i18n import LANGS

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _build(tmp: Path, *options: str) -> tuple[Path, Path]:
    out, layers = tmp / "output", tmp / "layers"
    args = ["build", "-o", str(out), "--layers-dir", str(layers), *options]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return out, layers


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return _build(tmp_path_factory.mktemp("first"), "--jobs", "2")  # in forked workers


def test_build_writes_every_map_and_the_layers(first: tuple[Path, Path]) -> None:
    out, layers = first
    names = set(_files(out))
    for preset in ALL:
        for lang in LANGS:
            assert f"{preset}.{lang}.html" in names and f"{preset}.{lang}.embed.html" in names
            assert f"{preset}.{lang}.svg" in names and f"{preset}.{lang}.png" in names
    assert {"index.html", "manifest.json"} <= names
    assert {"shieldmap.gpkg", "shieldmap.qgs", "README.md", "manifest.json"} <= set(_files(layers))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["files"]) == len(names) - 1


def test_index_shows_the_previews_as_a_gallery(first: tuple[Path, Path]) -> None:
    from html.parser import HTMLParser

    from matplotlib import image as mpimg

    from geo.maps.static_export import preset_size

    out, _ = first
    images: list[dict[str, str | None]] = []

    class Images(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "img":
                images.append(dict(attrs))

    Images().feed((out / "index.html").read_text(encoding="utf-8"))
    assert len(images) == len(ALL) * len(LANGS)
    titles = {}
    for image in images:
        src = str(image["src"])
        assert (out / src).is_file() and src.endswith(".png")
        preset = src.split(".")[0]
        pixels = mpimg.imread(out / src)
        width, height = preset_size(preset).pixels()
        assert pixels.shape[:2] == (height, width)
        assert (image["width"], image["height"]) == (str(width), str(height))
        assert pixels[..., :3].std() > 0.05  # a drawn map, not a blank page
        svg = (out / src.replace(".png", ".svg")).read_text(encoding="utf-8")
        assert f">{image['alt']}</text>" in svg.replace("&#39;", "'")  # alt text is the title
        titles[src] = image["alt"]
    assert titles["overview.en.png"] == "Europe's fortified frontier"


def test_two_builds_are_byte_identical(first: tuple[Path, Path], tmp_path: Path) -> None:
    """Also a build in one process and one in two workers: the same files to the byte."""
    out, layers = _build(tmp_path, "--jobs", "1")
    assert _files(out) == _files(first[0])
    assert _files(layers) == _files(first[1])


def test_failed_build_leaves_previous_outputs_intact(
    first: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the previous build, then a build of changed facts that fails on its third map
    out = tmp_path / "output"
    shutil.copytree(first[0], out)
    before = _files(out)
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    places = seeds / "places.yaml"
    places.write_text(places.read_text(encoding="utf-8").replace("Warsaw", "Warszawa-X"))
    real = geo.maps.build.write_text
    calls = {"n": 0}

    def failing(target: Path, text: str) -> Path:
        calls["n"] += 1
        if calls["n"] == 3:
            msg = f"cannot write {target}: No space left on device; free some space"
            raise OutputError(msg)
        return real(target, text)

    monkeypatch.setattr(geo.maps.build, "write_text", failing)
    result = CliRunner().invoke(
        cli, ["--seeds", str(seeds), "build", "--no-layers", "-o", str(out), "--jobs", "2"]
    )
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith("Error: cannot write")
    after = _files(out)
    assert set(after) == set(before)  # no temporary or half-written file left
    # the maps are staged and swapped in only when all are built (red-team L1): the third
    # file failed, so every file is still the previous build's, manifest and index too
    assert after == before


def test_index_and_embeds_escape_seed_text(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    programs = seeds / "programs.yaml"
    text = programs.read_text(encoding="utf-8")
    payload = "<img src=x onerror=alert(1)> `${alert(2)}` {{ 7*7 }}"
    text = re.sub(r"(name:\n\s+en: ).*", lambda m: m.group(1) + repr(payload), text, count=1)
    programs.write_text(text, encoding="utf-8")
    out, _ = _build(tmp_path, "--seeds", str(seeds))
    for name in ("index.html", "eastern-shield.en.embed.html", "eastern-shield.en.html"):
        page = (out / name).read_text(encoding="utf-8")
        assert "<img src=x" not in page, name
        assert "TemplateReference" not in page, name
    assert "&lt;img src=x onerror=alert(1)&gt;" in (out / "index.html").read_text()


def test_jobs_must_be_a_positive_number(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "-o", str(tmp_path / "o"), "--jobs", "0"])
    assert result.exit_code == 2
    assert "--jobs" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o").exists()  # refused before anything was written


@pytest.mark.parametrize("moment", ["simplifying", "drawing"])
def test_ctrl_c_during_a_parallel_build_publishes_nothing_unfinished(
    first: tuple[Path, Path], tmp_path: Path, moment: str
) -> None:
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) while the workers
    simplify the geometry or draw the maps: one line, exit code 130, no traceback from the
    main process or a worker, no worker left running, no staging folder left, and every file
    that did reach the output folders is whole (the same bytes as a finished build's)."""
    out, layers = tmp_path / "output", tmp_path / "layers"
    with subprocess.Popen(
        [shieldmap_script(), "build", "-o", str(out), "--layers-dir", str(layers), "-j", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # (a shell that started this one in the background may have left SIGINT ignored)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    ) as run:
        assert run.stderr is not None
        seen = []
        if moment == "simplifying":
            time.sleep(3.0)  # past the imports, before the first map (a build takes 10 s or more)
        else:
            while not (line := run.stderr.readline()).startswith("map "):
                assert line, "the build ended before drawing a map"
                seen.append(line)
        os.killpg(run.pid, signal.SIGINT)
        err = "".join(seen) + run.stderr.read()
        assert run.wait(timeout=60) == 130, err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("Interrupted: nothing unfinished"), err
    with pytest.raises(ProcessLookupError):
        os.killpg(run.pid, 0)  # the workers are gone with it
    for folder, finished in ((out, first[0]), (layers, first[1])):
        if folder.exists():
            assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []
            for name, data in _files(folder).items():
                assert data == (finished / name).read_bytes(), name
