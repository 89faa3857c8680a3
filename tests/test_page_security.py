"""What a published page lets run (red-team M2, L11, I5, I6): a Content-Security-Policy on every
map page that blocks injected scripts but not the map; ``--assets cdn`` with only Leaflet 1.9.4
and Subresource Integrity; option values (``--api-key``) treated as data; an embed snippet that
is sandboxed and inert in templating CMSs. Pages are loaded in Debian's Chromium; the CDN is
played by Playwright from the package's own files, so nothing leaves the machine."""

from __future__ import annotations

import base64
import hashlib
import importlib.resources
import re
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
from conftest import needs_chromium, run, wait_until

from geo.layers import Layers, build_layers
from geo.maps import render_map
from geo.maps.assets import CDN_BASE, cdn_assets
from geo.seeds import Seeds, load_seeds

# Published on leafletjs.com/download.html for Leaflet 1.9.4: an independent check that the
# package's files are the CDN's files, so the SRI hashes computed from them are right.
PUBLISHED_SHA256 = {
    "js": "sha256-20nQCchB9co0qIjJZRGuk2/Z9VM+kNiyxNV1lvTlZBo=",
    "css": "sha256-p4NxAoJBhIIN+hmNHrzRCf9tD/miZyoHS5obTRR9BMY=",
}


def package_file(name: str) -> bytes:
    folder = importlib.resources.files("js_lib_leaflet") / "static" / "js_lib_leaflet"
    return (folder / name).read_bytes()


@pytest.fixture(scope="module")
def seeds() -> Seeds:
    return load_seeds()


@pytest.fixture(scope="module")
def layers(ne_countries: gpd.GeoDataFrame, seeds: Seeds) -> Layers:
    from geo.boundaries import NATURAL_EARTH

    return build_layers(ne_countries, NATURAL_EARTH, seeds)


def policy_of(page: str) -> dict[str, list[str]]:
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert match, "no CSP meta tag"
    directives = {}
    for part in match.group(1).split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def open_page(
    browser: Any, path: Path, cdn: dict[str, bytes] | None = None, init: str = ""
) -> tuple[Any, dict]:
    """Open ``path`` recording errors, requests and CSP violations; ``init`` runs first."""
    page = browser.new_page()
    seen: dict[str, list[str]] = {"errors": [], "requests": [], "violations": []}
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith("file://"):
            request_route.continue_()
            return
        seen["requests"].append(url)
        if cdn is not None and url in cdn:
            kind = "text/css" if url.endswith(".css") else "application/javascript"
            request_route.fulfill(
                status=200,
                body=cdn[url],
                headers={"Content-Type": kind, "Access-Control-Allow-Origin": "*"},
            )
        else:
            request_route.abort()

    page.route("**/*", route)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "(window.__violations = window.__violations || []).push(e.violatedDirective));"
    )
    if init:
        page.add_init_script(init)
    page.goto(path.as_uri())
    page.wait_for_timeout(400)
    seen["violations"] = page.evaluate("window.__violations || []")
    return page, seen


# --------------------------------------------------------------------------- CSP (I6)


def test_every_map_page_has_a_restrictive_policy(layers: Layers, seeds: Seeds) -> None:
    page = render_map(layers, seeds, "overview", "en")
    policy = policy_of(page)
    assert policy["default-src"] == ["'none'"]
    assert policy["connect-src"] == ["'none'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert all(v.startswith("'sha256-") for v in policy["script-src"])
    assert len(policy["script-src"]) == page.count("<script>")
    assert page.index("Content-Security-Policy") < page.index("<script")


@needs_chromium
@pytest.mark.browser
def test_policy_blocks_an_injected_script_but_not_the_map(
    browser: Any, layers: Layers, seeds: Seeds, tmp_path: Path
) -> None:
    clean = tmp_path / "clean.html"
    clean.write_text(render_map(layers, seeds, "suwalki-gap", "en"), encoding="utf-8")
    page, seen = open_page(browser, clean)
    assert page.evaluate("typeof L === 'object' && L.version") == "1.9.4"
    assert page.locator("path.leaflet-interactive").count() > 5
    assert seen["errors"] == [] and seen["violations"] == [] and seen["requests"] == []
    page.close()

    hostile = tmp_path / "hostile.html"
    text = clean.read_text(encoding="utf-8")
    hostile.write_text(
        text.replace("<body>", '<body><script>window.__pwned = 1</script><img src="x.png">', 1),
        encoding="utf-8",
    )
    page, seen = open_page(browser, hostile)
    assert page.evaluate("window.__pwned") is None
    assert "script-src-elem" in seen["violations"] or "script-src" in seen["violations"]
    assert page.evaluate("L.version") == "1.9.4"  # the page's own scripts still run
    page.close()


# --------------------------------------------------------------------------- --assets cdn (L11)


def test_cdn_hashes_match_the_published_leaflet() -> None:
    for kind in ("js", "css"):
        digest = hashlib.sha256(package_file(f"leaflet.{kind}")).digest()
        assert "sha256-" + base64.b64encode(digest).decode() == PUBLISHED_SHA256[kind]
        asset = cdn_assets()[kind]
        assert asset.url == f"{CDN_BASE}leaflet.{kind}"
        expected = hashlib.sha384(package_file(f"leaflet.{kind}")).digest()
        assert asset.integrity == "sha384-" + base64.b64encode(expected).decode()


def test_cdn_page_links_only_leaflet_with_integrity(layers: Layers, seeds: Seeds) -> None:
    page = render_map(layers, seeds, "suwalki-gap", "en", assets="cdn")
    external = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"[^>]*>', page)
    assert sorted(external) == [f"{CDN_BASE}leaflet.css", f"{CDN_BASE}leaflet.js"]
    tags = re.findall(r"<(?:script|link)[^>]+https?://[^>]+>", page)
    assert all('integrity="sha384-' in t and 'crossorigin="anonymous"' in t for t in tags)
    for name in ("jquery", "bootstrap", "awesome-markers", "leaflet@1.9.3"):
        assert name not in page
    policy = policy_of(page)
    assert f"{CDN_BASE}leaflet.js" in policy["script-src"]


@needs_chromium
@pytest.mark.browser
def test_cdn_page_runs_with_the_real_files_and_refuses_tampered_ones(
    browser: Any, layers: Layers, seeds: Seeds, tmp_path: Path
) -> None:
    path = tmp_path / "cdn.html"
    path.write_text(render_map(layers, seeds, "suwalki-gap", "en", assets="cdn"), "utf-8")
    files = {f"{CDN_BASE}leaflet.{k}": package_file(f"leaflet.{k}") for k in ("js", "css")}
    page, seen = open_page(browser, path, cdn=files)
    assert page.evaluate("typeof L === 'object' && L.version") == "1.9.4"
    assert page.locator("path.leaflet-interactive").count() > 5
    assert all(url.startswith(CDN_BASE) for url in seen["requests"])
    page.close()

    tampered = dict(files)
    tampered[f"{CDN_BASE}leaflet.js"] = files[f"{CDN_BASE}leaflet.js"] + b"\nwindow.__pwned=1;"
    page, seen = open_page(browser, path, cdn=tampered)
    assert page.evaluate("typeof L") == "undefined"
    assert page.evaluate("window.__pwned") is None
    assert any("integrity" in e.lower() for e in seen["errors"])
    page.close()


# --------------------------------------------------------------------------- --api-key (M2)


@pytest.mark.realdata
@pytest.mark.usefixtures("cached_embedded")
@pytest.mark.parametrize(
    "key",
    [
        "{{7*7}}",
        "X{{cycler.__init__.__globals__.os.system('touch pwned')}}Z",
        "{%",
        "{# x",
        "a\x00b",
    ],
)
def test_api_key_with_template_syntax_is_one_error_line(key: str, tmp_path: Path) -> None:
    result = run(
        "map", "suwalki-gap", "-d", str(tmp_path), "--basemap", "Thunderforest.OpenCycleMap",
        "--api-key", key,
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: expected an API key")
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []
    assert not Path("pwned").exists()


@pytest.mark.realdata
@pytest.mark.usefixtures("cached_embedded")
def test_url_unsafe_api_key_is_percent_encoded(tmp_path: Path) -> None:
    result = run(
        "map", "suwalki-gap", "-d", str(tmp_path), "--basemap", "Thunderforest.OpenCycleMap",
        "--api-key", "a+b/c=&d{e}",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    page = (tmp_path / "suwalki-gap.en.html").read_text(encoding="utf-8")
    assert "apikey=a%2Bb%2Fc%3D%26d%7Be%7D" in page
    assert "a+b/c=" not in page
    assert policy_of(page)["img-src"] == ["data:", "https:"]


# --------------------------------------------------------------------------- snippet (I5, I6)


def test_snippet_is_sandboxed_and_inert_in_cms_templates(layers: Layers, seeds: Seeds) -> None:
    from dataclasses import replace

    from geo.maps.embed import MapEntry, embed_page, snippet
    from geo.maps.presets import get_preset

    entry = MapEntry(get_preset("overview"), "en", "{{ 7*191 }} {% raw %} {#", "sub", "o.en.html")
    code = str(snippet(entry))
    # no template delimiter survives, in the markup or in the resizer script (whose braces a
    # script needs as they are: it decodes no character references)
    assert not any(d in code for d in ("{{", "{%", "{#", "}}", "%}", "#}"))
    assert "&#123;&#123; 7*191 &#125;&#125;" in code
    assert 'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"' in code
    iframe = code[code.index("<iframe") : code.index(">", code.index("<iframe"))]
    assert "allow-same-origin" not in iframe and "allowfullscreen" in iframe
    page = embed_page(replace(entry, title="plain"))
    assert "sandbox=" in page


# --------------------------------------------------------------------------- CSP, embed and index


@pytest.fixture(scope="module")
def published(layers: Layers, seeds: Seeds, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One map, its embed page and the index, as ``build`` writes them."""
    from geo.maps.build import build_maps

    folder = tmp_path_factory.mktemp("published")
    build_maps(layers, seeds, folder, presets=["suwalki-gap"], langs=["en", "pl"])
    return folder


def test_embed_and_index_pages_have_a_restrictive_policy(published: Path) -> None:
    embed = (published / "suwalki-gap.en.embed.html").read_text(encoding="utf-8")
    index = (published / "index.html").read_text(encoding="utf-8")
    for page in (embed, index):
        policy = policy_of(page)
        assert policy["default-src"] == ["'none'"] and policy["connect-src"] == ["'none'"]
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
        assert policy["form-action"] == ["'none'"]
        assert "'unsafe-inline'" not in policy["script-src"]
        assert page.index("Content-Security-Policy") < page.index("</head>")
    # the embed page runs exactly its own scripts (copy button, resizer) and frames its map
    assert len(policy_of(embed)["script-src"]) == embed.count("<script>") == 2
    assert all(v.startswith("'sha256-") for v in policy_of(embed)["script-src"])
    assert policy_of(embed)["frame-src"] == ["'self'"]
    # the index has no script at all, and frames nothing
    assert "<script" not in index
    assert policy_of(index)["script-src"] == ["'none'"]
    assert policy_of(index)["frame-src"] == ["'none'"]
    assert policy_of(index)["img-src"] == ["data:", "'self'"]


@needs_chromium
@pytest.mark.browser
def test_embed_page_runs_its_preview_and_copy_button_without_a_violation(
    browser: Any, published: Path
) -> None:
    page, seen = open_page(browser, published / "suwalki-gap.en.embed.html")
    frame = page.frame_locator("iframe")
    frame.locator("path.leaflet-interactive").first.wait_for()
    # the resizer ran: the map posted its height and the snippet's box took it
    wait_until(page, "() => document.querySelector('.shieldmap-embed').style.height !== ''")
    violations = page.evaluate("window.__violations || []")
    assert seen["errors"] == [] and violations == [] and seen["requests"] == []
    page.close()


# The browser's own clipboard answers or not depending on focus and load (headless Chromium
# withheld it in long runs), so each test gives the page a clipboard whose answer it decides.
_CLIPBOARDS = {
    "copied": "{ writeText: (text) => { window.__copied = text; return Promise.resolve(); } }",
    "refused": "{ writeText: () => Promise.reject(new Error('denied')) }",
    "absent": "undefined",
}


@needs_chromium
@pytest.mark.browser
@pytest.mark.parametrize("clipboard", sorted(_CLIPBOARDS))
def test_copy_button_copies_the_code_or_selects_it_for_the_reader(
    browser: Any, published: Path, clipboard: str
) -> None:
    """Copied: the page says so. Refused or absent: the code is selected and the page says to
    press Ctrl+C. The code is selected either way, under the page's CSP."""
    stub = f"Object.defineProperty(navigator, 'clipboard', {{ value: {_CLIPBOARDS[clipboard]} }});"
    page, seen = open_page(browser, published / "suwalki-gap.pl.embed.html", init=stub)
    code = page.locator("#sm-code").text_content()
    assert code and "<iframe" in code
    wait_until(page, "() => document.querySelector('.shieldmap-embed').style.height !== ''")
    # pressed from the keyboard: a pointer click now and then landed on the preview's iframe,
    # the page having scrolled a second time between Playwright's aim and its click
    page.focus("#sm-copy")
    page.keyboard.press("Enter")
    status = "#sm-copy-status"
    wait_until(page, f"() => document.querySelector('{status}').textContent !== ''")
    said = page.locator(status).text_content()
    if clipboard == "copied":
        assert said == "Skopiowano"
        assert page.evaluate("window.__copied") == code
    else:
        assert said == "Zaznaczono: naciśnij Ctrl+C (⌘C na Macu), aby skopiować"
    assert page.evaluate("window.getSelection().toString()") == code
    assert page.locator(status).get_attribute("role") == "status"
    violations = page.evaluate("window.__violations || []")
    assert seen["errors"] == [] and violations == [] and seen["requests"] == []
    page.close()


@needs_chromium
@pytest.mark.browser
def test_index_page_loads_without_a_violation_and_blocks_injected_script(
    browser: Any, published: Path, tmp_path: Path
) -> None:
    page, seen = open_page(browser, published / "index.html")
    assert page.locator("h2 a[href='suwalki-gap.en.html']").count() == 1
    assert seen["errors"] == [] and seen["violations"] == [] and seen["requests"] == []
    page.close()

    for name in ("index.html", "suwalki-gap.en.embed.html"):
        hostile = tmp_path / name
        text = (published / name).read_text(encoding="utf-8")
        hostile.write_text(
            text.replace("<main>", "<main><script>window.__pwned = 1</script>", 1), "utf-8"
        )
        page, seen = open_page(browser, hostile)
        assert page.evaluate("window.__pwned") is None
        assert {"script-src-elem", "script-src"} & set(seen["violations"]), name
        page.close()
