"""The HTML maps, without a browser: every preset in both languages, offline self-containment,
escaping of hostile seed text, byte-identical output, the embed kit and the `map` command."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import folium
import pytest
from click.testing import CliRunner

from geo.boundaries import load_countries
from geo.cli.main import cli
from geo.errors import MapError
from geo.layers import Layers, build_layers
from geo.maps import ALL, LANGS, build_maps, render_map
from geo.maps.escape import js_json, js_string, js_template, link, safe_url
from geo.maps.i18n import Tr
from geo.maps.webgeom import web_geometries
from geo.seeds import Seeds, Source, load_seeds

HOSTILE = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "`",
    "${alert(1)}",
)
PAYLOAD = "".join(HOSTILE)


@pytest.fixture(scope="module")
def inputs() -> tuple[Layers, Seeds]:
    countries, source = load_countries()
    seeds = load_seeds()
    return build_layers(countries, source, seeds), seeds


@pytest.fixture(scope="module")
def pages(inputs: tuple[Layers, Seeds]) -> dict[tuple[str, str], str]:
    layers, seeds = inputs
    return {(p, lang): render_map(layers, seeds, p, lang) for p in ALL for lang in LANGS}


class Refs(HTMLParser):
    """Collects what a browser would fetch: script/img/iframe/source src, link href, and CSS
    url() in style blocks and attributes; and every <a href> separately."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fetched: list[str] = []
        self.anchors: list[str] = []
        self.styles: list[str] = []
        self.scripts: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if (
            tag in ("script", "img", "iframe", "source", "audio", "video", "embed")
            and "src" in values
        ):
            self.fetched.append(values["src"])
        if tag == "link" and "href" in values:
            self.fetched.append(values["href"])
        if tag == "a" and "href" in values:
            self.anchors.append(values["href"])
        if "style" in values:
            self.styles.append(values["style"])
        self._in = tag if tag in ("style", "script") else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self.styles.append(data)
        elif self._in == "script":
            self.scripts.append(data)


def parse(html: str) -> Refs:
    refs = Refs()
    refs.feed(html)
    return refs


def external(url: str) -> bool:
    return bool(re.match(r"\s*(https?:)?//", url, re.IGNORECASE))


# --------------------------------------------------------------------------- rendering


def test_every_preset_renders_in_both_languages(pages: dict[tuple[str, str], str]) -> None:
    assert set(pages) == {(p, lang) for p in ALL for lang in LANGS}
    for (preset, lang), html in pages.items():
        assert html.startswith("<!DOCTYPE html>"), preset
        assert f'<html lang="{lang}">' in html
        title = re.search(r"<title>(.+?)</title>", html)
        assert title and title.group(1).strip(), (preset, lang)
        assert 'class="sm-legend"' in html and 'id="sm-inset"' in html
        assert "L.control.scale({metric: true, imperial: false" in html
        assert "L.control.layers(" in html
        assert 'id="sm-fullscreen"' in html
        assert 'class="sm-sr" id="sm-description"' in html


def test_inline_pages_fetch_nothing_external(pages: dict[tuple[str, str], str]) -> None:
    for key, html in pages.items():
        refs = parse(html)
        assert not [u for u in refs.fetched if external(u)], key
        css_urls = [u for s in refs.styles for u in re.findall(r"url\(\s*['\"]?([^)'\"]+)", s)]
        assert css_urls, "Leaflet's CSS images should be inlined"
        assert not [u for u in css_urls if not u.startswith(("data:", "#"))], key
        assert "tileLayer(" not in html, key
        assert "sourceMappingURL" not in html
        # the sources footer does link out, as it should
        assert any(a.startswith("https://") for a in refs.anchors), key


def test_inline_pages_have_no_folium_cdn_assets(pages: dict[tuple[str, str], str]) -> None:
    html = pages[("overview", "en")]
    for name in ("jquery", "bootstrap", "awesome-markers", "fontawesome", "cdn.jsdelivr"):
        assert name not in html.lower()
    assert "window.L=t" in html  # Leaflet itself is inline


def test_cdn_mode_keeps_folium_links(inputs: tuple[Layers, Seeds]) -> None:
    layers, seeds = inputs
    html = render_map(layers, seeds, "suwalki-gap", "en", assets="cdn")
    assert any("leaflet" in u and external(u) for u in parse(html).fetched)


def test_folium_class_lists_unchanged(inputs: tuple[Layers, Seeds]) -> None:
    before_js, before_css = list(folium.Map.default_js), list(folium.Map.default_css)
    layers, seeds = inputs
    render_map(layers, seeds, "suwalki-gap", "en", assets="inline")
    render_map(layers, seeds, "suwalki-gap", "en", assets="cdn")
    assert folium.Map.default_js == before_js
    assert folium.Map.default_css == before_css
    assert folium.Map.default_js is folium.folium._default_js


def test_two_renders_are_byte_identical(
    inputs: tuple[Layers, Seeds], pages: dict[tuple[str, str], str]
) -> None:
    layers, seeds = inputs
    for preset in ALL:
        assert render_map(layers, seeds, preset, "pl") == pages[(preset, "pl")], preset
    assert not re.search(r"_[0-9a-f]{32}\b", pages[("overview", "en")]), "random folium ids"


def test_renders_are_identical_across_processes(pages: dict[tuple[str, str], str]) -> None:
    code = (
        "import hashlib;from geo.boundaries import load_countries;from geo.seeds import load_seeds;"
        "from geo.layers import build_layers;from geo.maps import render_map;"
        "c,s=load_countries();d=load_seeds();"
        "print(hashlib.sha256(render_map(build_layers(c,s,d),d,'treaty','en').encode()).hexdigest())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"},
    )
    assert out.stdout.strip() == hashlib.sha256(pages[("treaty", "en")].encode()).hexdigest()


def test_viewport_allows_pinch_zoom(pages: dict[tuple[str, str], str]) -> None:
    for html in pages.values():
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
        assert "maximum-scale" not in html and "user-scalable" not in html


def test_polish_page_is_polish(pages: dict[tuple[str, str], str]) -> None:
    html = pages[("overview", "pl")]
    assert "340,1\xa0km" in html  # measured PL–BY length, decimal comma, unit held on
    assert "340.1 km" not in html
    for text in ("Legenda", "Granice z\xa0Białorusią", "Źródła", "Umocniona granica Europy"):
        assert text in html, text
    treaty = pages[("treaty", "pl")]
    assert "20 lutego 2026" in treaty
    english = pages[("overview", "en")]
    assert "340.1 km" in english and "Key" in english


def test_numbers_money_and_dates_follow_the_language() -> None:
    # Polish groups thousands from five digits on, and keeps the unit with the number
    assert Tr("pl").km(1234.56) == "1234,6\xa0km"
    assert Tr("pl").km(12345.6) == "12\xa0345,6\xa0km"
    assert Tr("en").money(10e9, "PLN") == "PLN 10bn"


def test_lengths_shown_are_unsimplified(inputs: tuple[Layers, Seeds]) -> None:
    layers, seeds = inputs
    html = render_map(layers, seeds, "overview", "en")
    for row in layers.frames["borders"].itertuples():
        assert f"{row.length_km:,.1f} km" in html, row.pair


def test_subtitles_take_numbers_from_data(pages: dict[tuple[str, str], str]) -> None:
    assert "66.0 km" in pages[("suwalki-gap", "en")]
    assert "PLN 10bn" in pages[("eastern-shield", "en")]
    assert "10 mld zł" in pages[("eastern-shield", "pl")]


def test_border_paths_have_stable_classes(pages: dict[tuple[str, str], str]) -> None:
    html = pages[("overview", "en")]
    for pair in ("POL-BLR", "POL-RUS", "LTU-BLR", "LTU-RUS", "LVA-BLR", "LVA-RUS", "EST-RUS"):
        assert f"border-{pair}" in html


def test_only_land_nobody_clicks_is_written_as_fixed_paths(
    pages: dict[tuple[str, str], str],
) -> None:
    """Polygons without tooltip, popup or casing come in Web Mercator pixels ("m"), drawn by the
    page as fixed SVG paths; everything readers can hover or click stays with Leaflet ("z")."""
    for (preset, lang), html in pages.items():
        for data in re.findall(r'shieldmap\.fill\(\w+, "\w+", (\{.*?\})\);\n', html, re.S):
            for feature in json.loads(data)["f"]:
                geometry, props = feature["geometry"], feature["properties"]
                by_leaflet = bool(props.get("t") or props.get("p") or props.get("h"))
                if "m" in geometry:
                    assert not by_leaflet, (preset, lang, props.get("c"))
                else:
                    polygonal = geometry["type"] in ("Polygon", "MultiPolygon")
                    assert by_leaflet or not polygonal, (preset, lang, props.get("c"))
    assert pages[("overview", "en")].count('"m":') >= 20  # every country of the basemap
    assert '"m":' in pages[("treaty", "en")]  # its context countries


def test_legend_rows_name_their_layers(pages: dict[tuple[str, str], str]) -> None:
    html = pages[("overview", "en")]
    for key in ("borders_rus", "borders_blr", "eastern_shield", "baltic_defence_line"):
        assert f'data-sm-layer="{key}"' in html
    assert "overlayadd overlayremove" in html


def test_treaty_has_timeline_and_statuses(pages: dict[tuple[str, str], str]) -> None:
    html = pages[("treaty", "en")]
    assert 'class="sm-timeline"' in html
    for text in ("Withdrew; in effect", "Never joined", "Withdrawal takes effect"):
        assert text in html


# --------------------------------------------------------------------------- escaping


def hostile_seeds(seeds: Seeds) -> Seeds:
    program = seeds.programs["eastern_shield"]
    summary = {"en": f"Summary {PAYLOAD}", "pl": f"Opis {PAYLOAD}"}
    programs = dict(seeds.programs)
    programs["eastern_shield"] = dataclasses.replace(program, summary=summary)
    places = list(seeds.places)
    places[0] = dataclasses.replace(
        places[0], names={"en": f"Town {PAYLOAD}", "pl": f"Miasto {PAYLOAD}", "local": "x"}
    )
    borders = list(seeds.borders)
    index = next(i for i, b in enumerate(borders) if b.pair == "POL-BLR")
    facts = borders[index]
    barrier = dataclasses.replace(
        facts.barriers[0], name={"en": f"Wall {PAYLOAD}", "pl": f"Mur {PAYLOAD}"}
    )
    borders[index] = dataclasses.replace(facts, barriers=(barrier, *facts.barriers[1:]))
    sources = dict(seeds.sources)
    first = facts.official[0].source[0]
    sources[first] = dataclasses.replace(
        sources[first], url="javascript:alert(1)", title=f"Title {PAYLOAD}"
    )
    return dataclasses.replace(
        seeds, programs=programs, places=tuple(places), borders=tuple(borders), sources=sources
    )


@pytest.mark.parametrize("preset", ["eastern-shield", "overview"])
def test_hostile_seed_text_is_escaped(inputs: tuple[Layers, Seeds], preset: str) -> None:
    _layers, seeds = inputs
    bad = hostile_seeds(seeds)
    countries, source = load_countries()
    bad_layers = build_layers(countries, source, bad)
    html = render_map(bad_layers, bad, preset, "en")
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    scripts = "".join(parse(html).scripts)
    assert "`" not in scripts  # no template literal anywhere, and none opened by data
    assert "${alert(1)}" not in scripts
    assert "\\u0024{alert(1)}" in scripts
    assert 'href="javascript:' not in html.lower()
    # the text is still there, as text: escaped in the page and in the JS data
    assert "Town \\u0026lt;script\\u0026gt;alert(1)" in scripts  # place label and tooltip
    assert "Wall \\u0026lt;script\\u0026gt;alert(1)" in scripts  # barrier in a popup
    assert "Summary &lt;script&gt;alert(1)&lt;/script&gt;" in html  # text alternative
    assert "Title &lt;script&gt;alert(1)&lt;/script&gt;" in html
    # no script element other than ours
    assert html.count("<script>") == html.count("</script>") == 3


def test_escape_helpers() -> None:
    assert js_string("</script><!--\u2028") == '"\\u003c/script\\u003e\\u003c!--\\u2028"'
    assert js_json({"b": 1, "a": "&"}) == '{"a":"\\u0026","b":1}'
    assert "`" not in js_template("a`b${c}") and "${" not in js_template("a`b${c}")
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("data:text/html,x") is None
    assert safe_url("https://example.org/a?b=1&c=2") == "https://example.org/a?b=1&c=2"
    assert str(link("javascript:alert(1)", "<b>x</b>")) == "&lt;b&gt;x&lt;/b&gt;"
    assert 'href="https://example.org/?a=1&amp;b=2"' in str(
        link("https://example.org/?a=1&b=2", "x")
    )


# --------------------------------------------------------------------------- geometry


def test_web_borders_sit_on_simplified_coverage(inputs: tuple[Layers, Seeds]) -> None:
    layers, _ = inputs
    countries, borders = web_geometries(layers, (14.0, 49.0, 31.0, 59.8), 8)
    by_iso = dict(zip(countries["iso3"], countries.geometry, strict=True))
    line = dict(zip(borders["pair"], borders.geometry, strict=True))["POL-BLR"]
    assert line.length > 0
    assert by_iso["POL"].boundary.buffer(1e-9).contains(line)
    assert by_iso["BLR"].boundary.buffer(1e-9).contains(line)
    # coordinates rounded to 5 decimals
    x, y = line.coords[0]
    assert round(x, 5) == x and round(y, 5) == y


# --------------------------------------------------------------------------- basemaps


def test_tile_basemap_uses_provider_attribution(inputs: tuple[Layers, Seeds]) -> None:
    layers, seeds = inputs
    html = render_map(layers, seeds, "suwalki-gap", "en", basemap="OpenStreetMap.Mapnik")
    assert "tile.openstreetmap.org" in html
    assert "OpenStreetMap" in html


def test_basemap_needing_key(inputs: tuple[Layers, Seeds]) -> None:
    layers, seeds = inputs
    with pytest.raises(MapError, match="needs an API key"):
        render_map(layers, seeds, "suwalki-gap", "en", basemap="CartoDB.Positron")
    html = render_map(
        layers, seeds, "suwalki-gap", "en", basemap="CartoDB.Positron", api_key="KEY123"
    )
    assert "KEY123" in html


def test_unknown_things_raise_map_error(inputs: tuple[Layers, Seeds]) -> None:
    layers, seeds = inputs
    with pytest.raises(MapError, match="expected a preset among overview"):
        render_map(layers, seeds, "nowhere", "en")
    with pytest.raises(MapError, match="expected a language among en, pl, lt, lv, et, de"):
        render_map(layers, seeds, "overview", "fr")
    with pytest.raises(MapError, match="expected assets among inline, cdn"):
        render_map(layers, seeds, "overview", "en", assets="zip")
    with pytest.raises(MapError, match="expected an xyzservices provider"):
        render_map(layers, seeds, "overview", "en", basemap="No Such Tiles")


# --------------------------------------------------------------------------- embed kit


def test_build_maps_writes_maps_embeds_and_index(
    inputs: tuple[Layers, Seeds], tmp_path: Path
) -> None:
    layers, seeds = inputs
    notes: list[str] = []
    written = build_maps(
        layers,
        seeds,
        tmp_path / "out",
        presets=("suwalki-gap", "treaty"),
        langs=("en", "pl"),
        progress=notes.append,
        previews=True,
    )
    names = sorted(p.name for p in written)
    assert names == sorted(
        [
            f"{p}.{lang}{kind}.html"
            for p in ("suwalki-gap", "treaty")
            for lang in ("en", "pl")
            for kind in ("", ".embed")
        ]
        + [
            f"{p}.{lang}.{fmt}"
            for p in ("suwalki-gap", "treaty")
            for lang in ("en", "pl")
            for fmt in ("svg", "png")
        ]
        + ["index.html"]
    )
    assert notes and notes[-1] == "index.html"
    assert not list((tmp_path / "out").glob(".*.tmp"))
    embed = (tmp_path / "out" / "suwalki-gap.pl.embed.html").read_text()
    assert '<html lang="pl">' in embed
    iframe = re.search(r"<iframe [^>]+>", embed)
    assert iframe is not None
    tag = iframe.group(0)
    assert 'src="suwalki-gap.pl.html"' in tag and 'loading="lazy"' in tag
    assert 'title="Przesmyk suwalski"' in tag
    assert "aspect-ratio:4 / 3" in embed and "width:100%" in embed
    # copyable code: the iframe and the script that resizes it
    assert "src=&#34;suwalki-gap.pl.html&#34;" in embed and "shieldmap:height" in embed
    assert "maximum-scale" not in embed and "user-scalable" not in embed
    index = (tmp_path / "out" / "index.html").read_text()
    for preset in ("suwalki-gap", "treaty"):
        for lang in ("en", "pl"):
            assert f'href="{preset}.{lang}.html"' in index
            assert f'href="{preset}.{lang}.embed.html"' in index
    assert index.count("&lt;iframe") == 4


# --------------------------------------------------------------------------- CLI


def test_cli_map_writes_polish_overview(tmp_path: Path) -> None:
    target = tmp_path / "o.html"
    result = CliRunner().invoke(cli, ["map", "overview", "--lang", "pl", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == [str(target), str(tmp_path / "o.embed.html")]
    assert '<html lang="pl">' in target.read_text()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["map", "nowhere"], "'overview', 'eastern-shield', 'baltic-defence-line'"),
        (["map", "overview", "--lang", "fr"], "'en', 'pl', 'lt', 'lv', 'et', 'de'"),
    ],
)
def test_cli_usage_errors(args: list[str], expected: str) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert expected in result.output


def test_cli_basemap_without_key(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["map", "overview", "--basemap", "CartoDB.Positron", "-d", str(tmp_path)]
    )
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "needs an API key" in lines[0] and "--api-key" in lines[0]
    assert not (tmp_path / "x.html").exists()


def test_cli_unknown_basemap(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["map", "overview", "--basemap", "Nope.Nothing", "-o", str(tmp_path / "x.html")]
    )
    assert result.exit_code == 1
    assert "expected an xyzservices provider name" in result.stderr


def test_source_dataclass_is_what_render_expects() -> None:
    fields = {f.name for f in dataclasses.fields(Source)}
    assert {"id", "publisher", "title", "date", "url"} <= fields


def test_jinja_syntax_in_seeds_is_never_run(inputs: tuple[Layers, Seeds]) -> None:
    # branca compiles some rendered elements as templates again; "{{ 7*7 }}" must stay text
    _layers, seeds = inputs
    program = seeds.programs["eastern_shield"]
    name = {"en": "{{ 7*7 }} {{ self }} {% raw %}", "pl": "{# c #} {{ 6*7 }}", "local": "x"}
    bad = dataclasses.replace(
        seeds,
        programs={**seeds.programs, "eastern_shield": dataclasses.replace(program, name=name)},
    )
    countries, source = load_countries()
    bad_layers = build_layers(countries, source, bad)
    for lang, expression in (("en", "7*7"), ("pl", "6*7")):
        html = render_map(bad_layers, bad, "eastern-shield", lang)
        assert "TemplateReference" not in html
        # the layer control and the map's aria-label are the places branca re-compiles
        control = html[html.index("overlays :") :][:2000]
        assert expression in control
        label = re.search(r'aria-label="([^"]*)"', html[html.index("folium-map") :])
        assert label is not None and expression in label.group(1)


def test_annotations_are_drawn_escaped(inputs: tuple[Layers, Seeds], tmp_path: Path) -> None:
    from geo.annotations import load_annotations

    _layers, seeds = inputs
    notes = tmp_path / "notes.yaml"
    notes.write_text(
        "annotations:\n"
        f"  - label: {PAYLOAD!r}\n"
        "    note: {en: 'note <b>x</b>', pl: 'notatka'}\n"
        "    url: 'https://example.org/?q=%3Cscript%3E'\n"
        "    point: [22.9, 54.1]\n"
        "  - label: Ditch\n"
        "    url: https://example.org/ditch\n"
        "    line: [[23.1, 54.2], [23.3, 54.3]]\n",
        encoding="utf-8",
    )
    countries, source = load_countries()
    layers = build_layers(countries, source, seeds, annotations=load_annotations(notes))
    html = render_map(layers, seeds, "suwalki-gap", "en")
    scripts = "".join(parse(html).scripts)
    assert "annotation-a1" in scripts and "annotation-a2" in scripts
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    assert "<script>alert(2)" not in html
    assert "https://example.org/ditch" in scripts
    assert "\\u0026lt;script\\u0026gt;alert(1)" in scripts
