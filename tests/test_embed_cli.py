"""The embed options on the command line and in shieldmap.toml: --base-url on `map` and `build`,
the embed page `map` writes beside its map, and the errors for bad values."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli.main import cli

pytestmark = pytest.mark.usefixtures("cached_embedded")


def _snippet(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    code = re.search(r'<code id="sm-code">(.*?)</code>', text, re.S)
    assert code is not None
    return html.unescape(code.group(1))


def _src(snippet: str) -> str:
    found = re.search(r'<iframe id="[^"]+" src="([^"]+)"', snippet)
    assert found is not None
    return found.group(1)


def test_map_writes_its_embed_page_with_the_base_url(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(
        cli,
        [
            "map",
            "suwalki-gap",
            "--lang",
            "pl",
            "-d",
            str(out),
            "--base-url",
            "https://news.example/graphics/maps",
        ],
    )
    assert result.exit_code == 0, result.output
    written = result.stdout.split()
    assert written == [str(out / "suwalki-gap.pl.html"), str(out / "suwalki-gap.pl.embed.html")]
    snippet = _snippet(out / "suwalki-gap.pl.embed.html")
    assert _src(snippet) == "https://news.example/graphics/maps/suwalki-gap.pl.html"
    title = re.search(r'<h1 class="sm-title">(.*?)</h1>', (out / "suwalki-gap.pl.html").read_text())
    assert title is not None and f'title="{title.group(1)}"' in snippet  # named for readers
    assert "shieldmap:height" in snippet  # the resizer comes with the code
    # the preview on the embed page shows the file beside it, wherever the folder is opened
    page = (out / "suwalki-gap.pl.embed.html").read_text(encoding="utf-8")
    assert 'src="suwalki-gap.pl.html"' in page


def test_without_base_url_the_src_is_the_file_name(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["map", "treaty", "-d", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert _src(_snippet(tmp_path / "treaty.en.embed.html")) == "treaty.en.html"


def test_base_url_from_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("shieldmap.toml").write_text('[map]\nbase-url = "/maps/"\nlang = "pl"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["map", "overview", "-d", "out"])
    assert result.exit_code == 0, result.output
    assert _src(_snippet(Path("out/overview.pl.embed.html"))) == "/maps/overview.pl.html"
    # the command line wins over the file; --config names another file
    other = tmp_path / "newsroom.toml"
    other.write_text('[map]\nbase_url = "https://a.example/m/"\n', encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["--config", str(other), "map", "overview", "-d", "out", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert (
        _src(_snippet(Path("out/overview.en.embed.html"))) == "https://a.example/m/overview.en.html"
    )


def test_build_takes_the_base_url(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[build]\nbase-url = "https://a.example/maps/"\n', encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["--config", str(config), "build", "--no-layers", "--lang", "en", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    for page in out.glob("*.embed.html"):
        src = _src(_snippet(page))
        assert src == "https://a.example/maps/" + page.name.replace(".embed.html", ".html")
    index = html.unescape((out / "index.html").read_text(encoding="utf-8"))
    assert 'src="https://a.example/maps/overview.en.html"' in index


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "example.org/maps",
        "//cdn.example/maps",
        "ftp://x.example/",
        'https://x.example/"><script>',
        "maps/",
    ],
)
def test_bad_base_url_is_one_clear_error(tmp_path: Path, value: str) -> None:
    result = CliRunner().invoke(cli, ["map", "overview", "-d", str(tmp_path), "--base-url", value])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: expected the web address of the folder")
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []  # nothing written


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[mpa]\nbase-url = '/m/'\n", "expected tables named after commands"),
        ("[map]\nbase-ulr = '/m/'\n", "expected options of 'map'"),
        ("[map\n", "expected a TOML configuration file"),
    ],
)
def test_bad_config_is_one_clear_error(tmp_path: Path, content: str, expected: str) -> None:
    config = tmp_path / "c.toml"
    config.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["--config", str(config), "map", "overview", "-d", str(tmp_path / "out")]
    )
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: {expected}")
    assert not (tmp_path / "out").exists()


def test_missing_config_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--config", str(tmp_path / "nope.toml"), "check"])
    assert result.exit_code == 1
    assert "expected a configuration file at" in result.stderr
