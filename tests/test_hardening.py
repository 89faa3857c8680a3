"""Red-team round two (issue #16): every reproduction of the review as a regression test.

Inputs that are special files, too large, binary or hostile give one ``Error:`` line (exit 1)
or a usage error (exit 2), fast, with no traceback; boundary files cannot make the build reach
the network or read files it was not given.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import geopandas as gpd
import pytest
from conftest import error_line, run, usage_error, write_layer
from shapely.geometry import Polygon

from geo import inputs
from geo.seeds import default_seeds_dir

pytestmark = [pytest.mark.realdata, pytest.mark.usefixtures("cached_embedded")]


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(default_seeds_dir(), folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def needed(ne_countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Every embedded country (the seeds name some beyond the six needed), as a user file."""
    return ne_countries.rename(columns={"iso3": "ISO_A3"}).reset_index(drop=True)


# --------------------------------------------------------------------------- special files (L4)


@pytest.mark.parametrize("option", ["--annotations", "--boundaries"])
def test_dev_zero_is_refused_at_once(option: str) -> None:
    started = time.perf_counter()
    line = error_line(run(option, "/dev/zero", "check"))
    assert time.perf_counter() - started < 10
    assert "regular file" in line and "character device" in line


@pytest.mark.parametrize("option", ["--annotations", "--boundaries"])
def test_fifo_is_refused_without_blocking(tmp_path: Path, option: str) -> None:
    fifo = tmp_path / "a.yaml"
    os.mkfifo(fifo)
    line = error_line(run(option, str(fifo), "check"))
    assert "named pipe" in line


def test_seed_file_linked_to_dev_zero(seeds: Path) -> None:
    (seeds / "places.yaml").unlink()
    (seeds / "places.yaml").symlink_to("/dev/zero")
    line = error_line(run("--seeds", str(seeds), "check"))
    assert "places.yaml" in line and "character device" in line


def test_seed_fifo(seeds: Path) -> None:
    (seeds / "places.yaml").unlink()
    os.mkfifo(seeds / "places.yaml")
    line = error_line(run("--seeds", str(seeds), "check"))
    assert "places.yaml" in line and "named pipe" in line


# --------------------------------------------------------------------------- size caps (L5)


def test_annotations_file_over_the_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(inputs.MAX_ANNOTATIONS_BYTES + 1)
    line = error_line(run("--annotations", str(path), "check"))
    assert "over the limit of 20 MB" in line


def test_boundary_file_over_the_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "huge.gpkg"
    with path.open("wb") as handle:
        handle.truncate(inputs.MAX_BOUNDARY_BYTES + 1)  # sparse: costs no disk
    line = error_line(run("--boundaries", str(path), "check"))
    assert "huge.gpkg is 512 MB, over the limit of 512 MB" in line  # from its size, unread


def test_too_many_annotations(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    item = "  - {label: x, point: [23.6, 53.5]}\n"
    path.write_text("annotations:\n" + item * (inputs.MAX_ANNOTATIONS + 1), encoding="utf-8")
    line = error_line(run("--annotations", str(path), "check"))
    assert "at most 5,000 annotations, got 5,001" in line


def test_annotation_line_with_too_many_vertices(tmp_path: Path) -> None:
    count = inputs.MAX_LINE_VERTICES + 1
    points = ", ".join(f"[{20 + i * 1e-5:.5f}, {53 + (i % 2) * 1e-5:.5f}]" for i in range(count))
    path = tmp_path / "long.yaml"
    path.write_text(f"annotations:\n  - label: x\n    line: [{points}]\n", encoding="utf-8")
    line = error_line(run("--annotations", str(path), "check"))
    assert "at most 20,000 positions in a line or ring" in line


def test_seed_text_over_the_length_cap(seeds: Path) -> None:
    long = "x" * (inputs.MAX_SEED_TEXT + 1)
    edit(seeds / "countries.yaml", "focus: true", f"focus: true\n    notes_extra: {long}")
    line = error_line(run("--seeds", str(seeds), "check"))
    assert "at most 5,000 characters, got 5,001" in line


def test_seed_file_over_the_size_cap(seeds: Path) -> None:
    path = seeds / "places.yaml"
    with path.open("ab") as handle:
        handle.write(b"#" * inputs.MAX_SEED_BYTES)
    line = error_line(run("--seeds", str(seeds), "check"))
    assert "places.yaml" in line and "over the limit of 2 MB" in line


def test_annotation_line_at_the_vertex_cap_is_accepted(tmp_path: Path) -> None:
    count = inputs.MAX_LINE_VERTICES
    points = ", ".join(f"[{20 + i * 1e-5:.5f}, {53 + (i % 2) * 1e-5:.5f}]" for i in range(count))
    path = tmp_path / "long.yaml"
    path.write_text(f"annotations:\n  - label: x\n    line: [{points}]\n", encoding="utf-8")
    result = run("--annotations", str(path), "check")
    assert result.exit_code == 0, result.stderr


def test_seed_text_at_the_length_cap_is_accepted(seeds: Path) -> None:
    text = (seeds / "sources.yaml").read_text(encoding="utf-8")
    start = text.index("title:") + len("title:")
    end = text.index("\n", start)
    edit(seeds / "sources.yaml", text[start:end], " " + "x" * inputs.MAX_SEED_TEXT)
    result = run("--seeds", str(seeds), "check")
    assert result.exit_code == 0, result.stderr
    edit(seeds / "sources.yaml", "x" * inputs.MAX_SEED_TEXT, "x" * (inputs.MAX_SEED_TEXT + 1))
    line = error_line(run("--seeds", str(seeds), "check"))
    assert "sources.yaml: sources[0].title: expected at most 5,000 characters, got 5,001" in line


def test_boundary_feature_at_and_over_the_read_vertex_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ne_countries: gpd.GeoDataFrame
) -> None:
    """The cap on one feature as read, lowered to this file's largest feature (the real one,
    2,000,000, is measured by benchmarks/run.py --limits)."""
    import shapely

    path = write_layer(ne_countries, tmp_path / "countries.gpkg")
    largest = int(shapely.get_num_coordinates(ne_countries.geometry.values).max())
    monkeypatch.setattr(inputs, "MAX_BOUNDARY_VERTICES", largest)
    result = run("--boundaries", str(path), "check")
    assert result.exit_code == 0, result.stderr
    monkeypatch.setattr(inputs, "MAX_BOUNDARY_VERTICES", largest - 1)
    monkeypatch.setenv("SHIELDMAP_CACHE", str(tmp_path / "fresh-cache"))  # read it again
    line = error_line(run("--boundaries", str(path), "check"))
    assert f"has {largest:,} vertices, over the limit of {largest - 1:,}" in line


def test_country_at_and_over_the_region_vertex_cap(
    monkeypatch: pytest.MonkeyPatch, ne_countries: gpd.GeoDataFrame
) -> None:
    """The cap on one country within the mapped region, lowered to the largest one here."""
    import shapely

    counts = shapely.get_num_coordinates(ne_countries.geometry.values)
    largest = int(counts.max())
    iso3 = ne_countries["iso3"].iloc[int(counts.argmax())]
    monkeypatch.setattr(inputs, "MAX_REGION_VERTICES", largest)
    assert run("check").exit_code == 0
    monkeypatch.setattr(inputs, "MAX_REGION_VERTICES", largest - 1)
    line = error_line(run("check"))
    assert f"{iso3} has {largest:,} vertices within the mapped region" in line
    assert f"over the limit of {largest - 1:,}; simplify it first" in line


# --------------------------------------------------------------------------- text (L2, L6-L8)


def test_control_character_in_a_seed_source_title(seeds: Path) -> None:
    """L2: a \\x01 in a title is refused with its position (it made gpkg metadata invalid XML)."""
    text = (seeds / "sources.yaml").read_text(encoding="utf-8")
    start = text.index("title:") + len("title:")
    end = text.index("\n", start)
    title = text[start:end].strip().strip("'\"")
    edit(seeds / "sources.yaml", text[start:end], f' "{title[:5]}\\x01{title[5:]}"')
    line = error_line(run("--seeds", str(seeds), "check"))
    assert "sources.yaml: sources[0].title: U+0001" in line
    assert "at character 6" in line


def test_raw_nul_in_a_seed_file_gives_one_line_with_a_line_number(seeds: Path) -> None:
    """L7: a raw NUL used to give two lines with a character offset."""
    path = seeds / "places.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2] + "\x00"
    path.write_text("\n".join(lines), encoding="utf-8")
    line = error_line(run("--seeds", str(seeds), "check"))
    assert "places.yaml: line 3, column" in line and "U+0000" in line


def test_bidi_override_in_annotation_text(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        'annotations:\n  - label: "exe\\u202egnp"\n    point: [23.6, 53.5]\n', encoding="utf-8"
    )
    line = error_line(run("--annotations", str(path), "check"))
    assert "annotations[0].label: U+202E (right-to-left override) at character 4" in line


@pytest.mark.parametrize(
    "url",
    [
        'https://evil.example/"><img/src=x/onerror=alert(1)>',
        "https://evil.example/\\x00nul",
        "https://evil.example/\\u202egnp.exe",
    ],
)
def test_seed_url_rule_is_the_link_rule(seeds: Path, url: str) -> None:
    """L6: the validator refuses what the link builder would not link."""
    from geo.maps.escape import safe_url

    text = (seeds / "sources.yaml").read_text(encoding="utf-8")
    start = text.index("url:") + len("url:")
    end = text.index("\n", start)
    decoded = url.encode().decode("unicode_escape")
    edit(seeds / "sources.yaml", text[start:end], " " + json.dumps(decoded))
    line = error_line(run("--seeds", str(seeds), "check"))
    assert "sources.yaml: sources[0]" in line
    assert safe_url(decoded) is None


def test_duplicate_yaml_key_in_seeds(seeds: Path) -> None:
    """L8: the last value used to win silently."""
    edit(seeds / "countries.yaml", "focus: true", "focus: true\n    focus: false")
    line = error_line(run("--seeds", str(seeds), "check"))
    assert "countries.yaml: line " in line and "duplicate key 'focus'" in line


def test_duplicate_key_in_annotations_geojson(tmp_path: Path) -> None:
    path = tmp_path / "a.geojson"
    path.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
        '{"label": "a", "label": "b"}, "geometry": {"type": "Point", '
        '"coordinates": [23.6, 53.5]}}]}',
        encoding="utf-8",
    )
    line = error_line(run("--annotations", str(path), "check"))
    assert "duplicate key 'label'" in line


def test_merge_keys_may_override(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "base: &b {label: x, point: [23.6, 53.5]}\nannotations:\n  - <<: *b\n    label: y\n",
        encoding="utf-8",
    )
    # the merge is allowed; only the unknown top-level key 'base' is a problem
    line = error_line(run("--annotations", str(path), "check"))
    assert "duplicate" not in line and "unknown top-level key 'base'" in line


def test_geojson_with_a_bom_is_read(tmp_path: Path) -> None:
    """I2: a UTF-8 BOM used to give 'Unexpected UTF-8 BOM'."""
    path = tmp_path / "a.geojson"
    body = (
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
        '{"label": "Crossing"}, "geometry": {"type": "Point", "coordinates": [23.6, 53.5]}}]}'
    )
    path.write_bytes(b"\xef\xbb\xbf" + body.encode())
    result = run("--annotations", str(path), "check")
    assert result.exit_code == 0, result.stderr
    assert "1 annotations" in result.stdout


def test_binary_annotations_file_quotes_nothing(tmp_path: Path) -> None:
    """L12: a mistyped path to a secrets file must not be quoted into the message."""
    path = tmp_path / "shadow"
    path.write_text("root:$6$secret:20228:0:99999:7:::\n_apt:*:20228:0:99999:7::\n")
    line = error_line(run("--annotations", str(path), "check"))
    assert "secret" not in line and "_apt" not in line and "20228" not in line


def test_newline_in_a_file_name_cannot_forge_lines(tmp_path: Path) -> None:
    path = tmp_path / "a\nError: forged.yaml"
    path.write_text("annotations: 3\n", encoding="utf-8")
    result = run("--annotations", str(path), "check")
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1


# --------------------------------------------------------------------------- numbers (L3)


@pytest.mark.parametrize("value", ["inf", "nan", "-inf", "1e308", "1e9", "-1"])
def test_absurd_tolerance_is_a_usage_error(value: str) -> None:
    message = usage_error(run("--tolerance", value, "borders"))
    assert "from 0 to 10,000" in message


def test_non_finite_boundary_vertex(tmp_path: Path, needed: gpd.GeoDataFrame) -> None:
    frame = needed.copy()
    frame.loc[len(frame)] = {
        "ISO_A3": "XXX",
        "name": "x",
        "geometry": Polygon([(20, 50), (21, 50), (21, float("inf")), (20, 50)]),
    }
    path = write_layer(frame, tmp_path / "inf.gpkg", driver="GPKG")
    line = error_line(run("--boundaries", str(path), "check"))
    assert "not a finite number" in line and f"feature {len(frame)}" in line


# --------------------------------------------------------------------------- paths (I3, L9)


@pytest.mark.parametrize(
    "args",
    [
        ("layers", "-o", ""),
        ("build", "-o", "", "--no-layers"),
        ("build", "--layers-dir", ""),
        ("map", "overview", "-d", ""),
        ("--annotations", "", "check"),
    ],
)
def test_empty_path_is_refused(args: tuple[str, ...]) -> None:
    message = usage_error(run(*args))
    assert "empty string" in message


def test_exclamation_mark_in_a_boundary_path_is_literal(
    tmp_path: Path, needed: gpd.GeoDataFrame
) -> None:
    """L9: pyogrio read '!' as an archive separator."""
    path = write_layer(needed, tmp_path / "plain.gpkg", driver="GPKG", layer="countries")
    odd = path.rename(tmp_path / "=1+cmd|' +x'!A0.gpkg")
    result = run("--boundaries", str(odd), "check")
    assert result.exit_code == 0, result.stderr
    assert "=1+cmd|' +x'!A0.gpkg" in result.stdout


def test_exclamation_mark_in_a_shapefile_path_keeps_its_sidecars(
    tmp_path: Path, needed: gpd.GeoDataFrame
) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    write_layer(needed, plain / "x.shp")
    folder = tmp_path / "a!b"
    folder.mkdir()
    for part in plain.iterdir():
        part.rename(folder / f"x!y{part.suffix}")
    assert {p.suffix for p in folder.iterdir()} >= {".shp", ".dbf", ".shx", ".prj"}
    result = run("--boundaries", str(folder / "x!y.shp"), "check")
    assert result.exit_code == 0, result.stderr


# --------------------------------------------------------------------------- offline (M3)


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requests.append(f"GET {self.path}")
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def do_HEAD(self) -> None:
        self.requests.append(f"HEAD {self.path}")
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[int, list[str]]]:
    requests: ClassVar[list[str]] = []
    handler = type("Handler", (_Recorder,), {"requests": requests})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1], requests
    finally:
        httpd.shutdown()
        httpd.server_close()


def _vrt(tmp_path: Path, source: str, name: str = "remote.vrt") -> Path:
    path = tmp_path / name
    path.write_text(
        '<OGRVRTDataSource><OGRVRTLayer name="countries">'
        f"<SrcDataSource>{source}</SrcDataSource>"
        "</OGRVRTLayer></OGRVRTDataSource>",
        encoding="utf-8",
    )
    return path


def test_vsicurl_vrt_is_refused_and_sends_nothing(
    tmp_path: Path, server: tuple[int, list[str]]
) -> None:
    port, requests = server
    vrt = _vrt(tmp_path, f"/vsicurl/http://127.0.0.1:{port}/plain.geojson")
    line = error_line(run("--boundaries", str(vrt), "check"))
    assert "is a VRT" in line and "--allow-references" in line
    time.sleep(0.2)
    assert requests == []


def test_vrt_renamed_is_still_refused(tmp_path: Path, server: tuple[int, list[str]]) -> None:
    port, requests = server
    vrt = _vrt(tmp_path, f"/vsicurl/http://127.0.0.1:{port}/x.geojson", name="countries.xml")
    line = error_line(run("--boundaries", str(vrt), "check"))
    assert "is a VRT" in line
    assert requests == []


def test_allowed_vrt_still_cannot_reach_the_network(
    tmp_path: Path, server: tuple[int, list[str]]
) -> None:
    port, requests = server
    vrt = _vrt(tmp_path, f"/vsicurl/http://127.0.0.1:{port}/plain.geojson")
    line = error_line(run("--allow-references", "--boundaries", str(vrt), "check"))
    assert "cannot read boundary file" in line
    time.sleep(0.2)
    assert requests == []


def test_allowed_vrt_over_a_local_file_is_read(tmp_path: Path, needed: gpd.GeoDataFrame) -> None:
    data = write_layer(needed, tmp_path / "data.gpkg", driver="GPKG", layer="countries")
    vrt = _vrt(tmp_path, str(data), name="local.vrt")
    error_line(run("--boundaries", str(vrt), "check"))
    result = run("--allow-references", "--boundaries", str(vrt), "check")
    assert result.exit_code == 0, result.stderr


def test_zip_holding_a_vrt_is_refused(tmp_path: Path) -> None:
    import zipfile

    vrt = _vrt(tmp_path, "/etc/hostname")
    archive = tmp_path / "countries.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.write(vrt, "countries.vrt")
    line = error_line(run("--boundaries", str(archive), "check"))
    assert "VRT" in line and "--allow-references" in line


@pytest.mark.parametrize(
    "path", ["/vsicurl/http://127.0.0.1:9/x.geojson", "https://example.org/x.gpkg"]
)
def test_remote_boundary_paths_are_refused(path: str) -> None:
    from geo.errors import BoundaryError
    from geo.offline import gdal_path

    with pytest.raises(BoundaryError, match="the build is offline"), gdal_path(path):
        pass


# --------------------------------------------------------------------------- outputs (L2, I7)


def test_gpkg_metadata_stays_well_formed_with_control_characters(
    tmp_path: Path, needed: gpd.GeoDataFrame
) -> None:
    """L2: a control character in a cited name made the gpkg_metadata XML unreadable."""
    import sqlite3
    import xml.etree.ElementTree as ET

    plain = write_layer(needed, tmp_path / "plain.gpkg", driver="GPKG", layer="countries")
    odd = plain.rename(tmp_path / "bound\x01aries\x1b.gpkg")
    out = tmp_path / "out"
    result = run("--boundaries", str(odd), "layers", "-o", str(out), "--format", "gpkg")
    assert result.exit_code == 0, result.stderr
    con = sqlite3.connect(out / "shieldmap.gpkg")
    try:
        documents = [row[0] for row in con.execute("SELECT metadata FROM gpkg_metadata")]
    finally:
        con.close()
    assert documents
    for document in documents:
        ET.fromstring(document.split("\n", 1)[1] if document.startswith("<!DOCTYPE") else document)


def test_map_into_an_unwritable_folder_fails_before_drawing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """I7: map rendered first, then found it could not write."""
    import geo.maps

    def never(*args: object, **kwargs: object) -> str:
        raise AssertionError("drew the map before checking the folder")

    monkeypatch.setattr(geo.maps, "render_map", never)
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    line = error_line(run("map", "treaty", "-d", str(blocker / "sub")))
    assert "cannot write into" in line


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_static_map_into_an_unwritable_folder_fails_before_drawing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """I7, for static maps too: they were drawn, then the write failed."""
    import geo.maps.static_export

    def never(*args: object, **kwargs: object) -> dict[str, bytes]:
        raise AssertionError("drew the map before checking the folder")

    monkeypatch.setattr(geo.maps.static_export, "render_preset", never)
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    line = error_line(run("map", "treaty", "--format", fmt, "-d", str(blocker / "sub")))
    assert "cannot write into" in line
    line = error_line(run("map", "treaty", "-o", str(blocker / "sub" / f"t.{fmt}")))
    assert "cannot write into" in line
