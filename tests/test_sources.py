"""Boundary sources end to end against a local HTTP server on 127.0.0.1: a small npm-style
tarball is downloaded (with progress on stderr), resumed after a dropped connection, refused
when its checksum does not match (nothing cached), reported offline in one line, reused from
the cache, and read with --boundaries ID. Plus the repair of bow-tie rings and a large
synthetic world file of which only the countries in the map region are repaired."""

from __future__ import annotations

import base64
import csv
import dataclasses
import hashlib
import io
import json
import logging
import socket
import tarfile
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from click.testing import CliRunner
from conftest import synthetic_countries
from shapely.geometry import MultiPolygon, Polygon

import geo.download as download
import geo.prepare as prepare
import geo.sources as sources
from geo.boundaries import REQUIRED_ISO3, load_countries
from geo.cache import read_record
from geo.cli.main import cli
from geo.errors import BoundaryError
from geo.sources import CatalogueEntry, catalogue, get_source

MEMBER = "package/map.geo.json"


def _world_geojson() -> bytes:
    shapes = synthetic_countries()
    frame = gpd.GeoDataFrame({"A3": list(shapes)}, geometry=list(shapes.values()), crs=4326)
    return frame.to_json().encode()


def _tarball(payload: bytes) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        info = tarfile.TarInfo(MEMBER)
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
    return buffer.getvalue()


class Server:
    """Serves ``body`` at /pkg.tgz, honouring Range; can drop the first connection midway."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.drop_first_after: int | None = None
        self.requests: list[dict[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append(dict(self.headers))
                if self.path != "/pkg.tgz":
                    self.send_error(404)
                    return
                start = 0
                ranged = self.headers.get("Range")
                if ranged:
                    start = int(ranged.removeprefix("bytes=").split("-")[0])
                    self.send_response(206)
                    end = len(server.body) - 1
                    self.send_header("Content-Range", f"bytes {start}-{end}/{len(server.body)}")
                else:
                    self.send_response(200)
                self.send_header("Content-Length", str(len(server.body) - start))
                self.end_headers()
                data = server.body[start:]
                if server.drop_first_after is not None and len(server.requests) == 1:
                    self.wfile.write(data[: server.drop_first_after])
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/pkg.tgz"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *args: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _sri(body: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(body).digest()).decode()


def _entry(url: str, integrity: str, size: int = 0) -> CatalogueEntry:
    """The real osm-land-10m entry, pointed at the local server."""
    return dataclasses.replace(
        get_source("osm-land-10m"), urls=(url,), integrity=integrity, size_bytes=size
    )


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SHIELDMAP_CACHE", str(folder))
    return folder


@pytest.fixture
def tarball() -> bytes:
    return _tarball(_world_geojson())


@pytest.fixture
def server(tarball: bytes) -> Iterator[Server]:
    with Server(tarball) as running:
        yield running


def _cached_files(cache: Path) -> list[Path]:
    return sorted(p for p in cache.rglob("*") if p.is_file())


def test_catalogue_entries_carry_licence_attribution_and_download_facts() -> None:
    entries = catalogue()
    assert list(entries) == ["ne-10m", "osm-land-10m", "gisco-01m", "geoboundaries-adm0"]
    for entry in entries.values():
        assert entry.licence and entry.attribution and entry.code_field and entry.scale
        assert all(url.startswith("https://") for url in entry.urls)
    osm = entries["osm-land-10m"]
    assert osm.integrity.startswith("sha512-") and len(base64.b64decode(osm.integrity[7:])) == 64
    assert osm.licence == "ODbL 1.0" and osm.share_alike
    assert osm.member == MEMBER and osm.code_field == "A3"
    # the mirrors serve the same npm tarball, so the one hash checks them all
    assert len({url.rsplit("/", 1)[-1] for url in osm.urls}) == 1 and len(osm.urls) >= 2
    assert "EuroGeographics" in entries["gisco-01m"].attribution
    assert "non-commercial" in entries["gisco-01m"].licence
    assert entries["geoboundaries-adm0"].licence == "CC BY 4.0"
    assert entries["ne-10m"].embedded and not entries["osm-land-10m"].embedded


def test_download_with_progress_verifies_and_caches(
    cache: Path, server: Server, tarball: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = _entry(server.url, _sri(tarball), len(tarball))
    record = download.fetch(entry, progress=True)
    err = capsys.readouterr().err
    assert "osm-land-10m (127.0.0.1)" in err and "100%" in err  # tqdm's bar on stderr
    assert record.verified_against == "publisher"
    assert record.sha256 == hashlib.sha256(tarball).hexdigest()
    folder = cache / "downloads" / "osm-land-10m"
    assert (folder / entry.filename).read_bytes() == tarball
    assert (folder / "map.geo.json").read_bytes() == _world_geojson()
    assert json.loads((folder / "record.json").read_text())["url"] == server.url
    assert not list(folder.glob("*.part"))


def test_resume_after_dropped_connection(cache: Path, server: Server, tarball: bytes) -> None:
    server.drop_first_after = len(tarball) // 3
    entry = _entry(server.url, _sri(tarball))
    download.fetch(entry, backoff_s=0.01)
    assert len(server.requests) == 2
    assert "Range" not in server.requests[0]
    assert server.requests[1]["Range"] == f"bytes={len(tarball) // 3}-"
    record = read_record("osm-land-10m")
    assert record is not None and record.sha256 == hashlib.sha256(tarball).hexdigest()


def test_checksum_mismatch_is_refused_and_nothing_cached(
    cache: Path, server: Server, tarball: bytes
) -> None:
    entry = _entry(server.url, _sri(tarball + b"tampered"))
    with pytest.raises(download.DownloadError, match="did not match the published checksum"):
        download.fetch(entry, backoff_s=0.01)
    assert _cached_files(cache) == []
    assert read_record("osm-land-10m") is None


def test_offline_is_one_clear_line(
    cache: Path, monkeypatch: pytest.MonkeyPatch, tarball: bytes
) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    entry = _entry(f"http://127.0.0.1:{port}/pkg.tgz", _sri(tarball))
    monkeypatch.setitem(catalogue(), "osm-land-10m", entry)
    monkeypatch.setattr(download, "BACKOFF_S", 0.01)
    monkeypatch.setattr(download.fetch, "__defaults__", (False, False, 5.0, 2, 0.01))
    result = CliRunner().invoke(cli, ["boundaries", "fetch", "osm-land-10m"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: osm-land-10m could not be downloaded")
    assert "Connection refused" in lines[0]
    assert "shieldmap boundaries fetch osm-land-10m" in lines[0]
    assert "Traceback" not in result.output
    assert _cached_files(cache) == []


def test_not_fetched_names_the_fetch_command(cache: Path) -> None:
    result = CliRunner().invoke(cli, ["--boundaries", "osm-land-10m", "borders"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "not downloaded yet" in result.stderr
    assert "'shieldmap boundaries fetch osm-land-10m'" in result.stderr


def test_fetch_then_use_by_id_reuses_download_and_prepared_region(
    cache: Path,
    server: Server,
    tarball: bytes,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setitem(catalogue(), "osm-land-10m", _entry(server.url, _sri(tarball)))
    runner = CliRunner()
    first = runner.invoke(cli, ["boundaries", "fetch", "osm-land-10m"])
    assert first.exit_code == 0, first.output
    assert "verified against publisher" in first.stderr
    assert "%" not in first.stderr  # stderr is not a terminal: no progress bar
    again = runner.invoke(cli, ["boundaries", "fetch", "osm-land-10m"])
    assert again.exit_code == 0 and len(server.requests) == 1  # served from the cache

    listed = runner.invoke(cli, ["boundaries", "list", "--json"])
    status = {row["id"]: row["status"] for row in json.loads(listed.stdout)}
    assert status == {
        "ne-10m": "embedded",
        "osm-land-10m": "cached",
        "gisco-01m": "not fetched",
        "geoboundaries-adm0": "not fetched",
    }

    calls: list[int] = []
    real = prepare.prepare_countries
    monkeypatch.setattr(
        prepare, "prepare_countries", lambda g, r: calls.append(len(g)) or real(g, r)
    )
    for _ in range(2):
        result = runner.invoke(cli, ["--boundaries", "osm-land-10m", "borders", "--json"])
        assert result.exit_code == 0, result.output
        rows = json.loads(result.stdout)
        assert {r["length_source_id"] for r in rows} == {"osm-land-10m"}
        assert {r["length_scale"] for r in rows} == {"10 m resolution (OpenStreetMap)"}
    assert calls == [6]  # prepared once, then read from the GeoParquet cache
    assert len(list((cache / "prepared").glob("region-*.parquet"))) == 1


def test_gisco_and_geoboundaries_entries_fetch_plain_files(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Their hosts are not reachable from the test machine: the same entries, served locally.
    No published hash: the first download's is recorded."""
    payload = _world_geojson()
    with Server(payload) as local:
        entry = dataclasses.replace(get_source("gisco-01m"), urls=(local.url,))
        record = download.fetch(entry)
    assert record.verified_against == "first download"
    assert record.sha256 == hashlib.sha256(payload).hexdigest()
    assert record.read == "pkg.tgz"  # a plain file is read as it came


def test_unknown_source_id_suggests_the_close_one() -> None:
    with pytest.raises(BoundaryError, match="did you mean osm-land-10m"):
        sources.get_source("osm-land10m")


def _bow_tie(x: float, y: float) -> Polygon:
    """A ring crossing itself at its middle: two triangles meeting at one point."""
    return Polygon([(x, y), (x + 0.1, y + 0.1), (x + 0.1, y), (x, y + 0.1), (x, y)])


def test_bow_tie_multipolygon_keeps_both_lobes(
    tmp_path: Path, cache: Path, caplog: pytest.LogCaptureFixture
) -> None:
    shapes = synthetic_countries()
    tie = _bow_tie(21.0, 56.0)
    shapes["EST"] = MultiPolygon([shapes["EST"], tie])
    frame = gpd.GeoDataFrame({"ISO3": list(shapes)}, geometry=list(shapes.values()), crs=4326)
    path = tmp_path / "ties.geojson"
    frame.to_file(path)
    with caplog.at_level(logging.WARNING):
        countries, _ = load_countries(path)
    est = countries.set_index("iso3").loc["EST", "geometry"]
    assert est.is_valid
    # both triangles of the bow-tie survive (buffer(0) would keep one): area 2 × 0.0025
    lobes = shapely.intersection(est, shapely.box(21.0, 56.0, 21.1, 56.1))
    assert lobes.area == pytest.approx(0.005)
    assert len(shapely.get_parts(lobes)) == 2
    warnings = [r.getMessage() for r in caplog.records if "repaired" in r.getMessage()]
    assert warnings == ["repaired invalid geometries (self-intersections or bad rings) for EST"]


def test_large_world_file_repairs_only_the_region(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A 300-country world (every country a detailed ring plus a bow-tie) of which only the six
    in the map region may be read, repaired and kept."""
    import numpy as np

    shapes = {
        code: MultiPolygon([geom, _bow_tie(geom.bounds[0], geom.bounds[1] - 0.2)])
        for code, geom in synthetic_countries().items()
    }
    angles = np.linspace(0, 2 * np.pi, 1_500, endpoint=False)
    for index in range(300):  # far away: the southern hemisphere
        x, y = -170 + (index % 60) * 5.5, -60 + (index // 60) * 5.5
        ring = np.column_stack([x + 2 * np.cos(angles), y + 2 * np.sin(angles)])
        shapes[f"Z{index:02d}"] = MultiPolygon([Polygon(ring), _bow_tie(x, y)])
    frame = gpd.GeoDataFrame({"A3": list(shapes)}, geometry=list(shapes.values()), crs=4326)
    path = tmp_path / "world.geojson"
    frame.to_file(path)
    assert path.stat().st_size > 8_000_000

    seen: list[object] = []
    real = prepare.prepare_country
    monkeypatch.setattr(prepare, "prepare_country", lambda g, r: seen.append(g) or real(g, r))
    with caplog.at_level(logging.WARNING):
        countries, _ = load_countries(path)
    assert sorted(countries["iso3"]) == sorted(REQUIRED_ISO3)
    assert len(seen) == 6  # the far countries were never even read
    warnings = [r.getMessage() for r in caplog.records if "repaired" in r.getMessage()]
    assert len(warnings) == 1
    assert warnings[0].endswith("for " + ", ".join(sorted(REQUIRED_ISO3)))
    assert countries.geometry.is_valid.all()


def test_land_only_source_warns_which_borders_cross_water(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lake 0.06° (about 6.7 km) long on the Estonia–Belarus line of the synthetic world, cut
    out of both countries as land-only outlines do: the length is short, and every output
    says so for that border only."""
    from conftest import LAT0, LON0, SIDE

    from geo.borders import affected_borders
    from geo.layers import borders_layer, measured_on
    from geo.seeds import load_seeds
    from geo.summary import summarise

    shapes: dict[str, object] = dict(synthetic_countries())
    x = LON0 + 4 * SIDE  # the EST | BLR edge
    lake = shapely.box(x - 0.01, LAT0 + 0.02, x + 0.01, LAT0 + 0.08)
    for code in ("EST", "BLR"):
        shapes[code] = shapes[code].difference(lake)
    frame = gpd.GeoDataFrame({"A3": list(shapes)}, geometry=list(shapes.values()), crs=4326)
    body = _tarball(frame.to_json().encode())
    with Server(body) as running:
        monkeypatch.setitem(catalogue(), "osm-land-10m", _entry(running.url, _sri(body)))
        runner = CliRunner()
        assert runner.invoke(cli, ["boundaries", "fetch", "osm-land-10m"]).exit_code == 0
        text = runner.invoke(cli, ["--boundaries", "osm-land-10m", "borders"])
        as_json = runner.invoke(cli, ["--boundaries", "osm-land-10m", "borders", "--json"])
        as_csv = runner.invoke(cli, ["--boundaries", "osm-land-10m", "borders", "--csv"])
    assert text.exit_code == as_json.exit_code == as_csv.exit_code == 0, text.output
    warning = text.stdout.split("Warning: osm-land-10m is land-only", 1)[1]
    assert "EST-BLR: land-only outlines: the line breaks 1 time(s), over at least 7 km" in warning
    notes = {r["pair"]: r["length_note"] for r in json.loads(as_json.stdout)}
    assert list(notes) == ["EST-BLR"]  # the one border this synthetic row of squares has
    assert "crosses water" in notes["EST-BLR"]
    header, *rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    by_pair = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    assert by_pair["EST-BLR"]["length note"].startswith("land-only outlines")
    assert by_pair["EST-BLR"]["length source"] == "osm-land-10m"

    countries, source = load_countries("osm-land-10m")
    tolerance = get_source("osm-land-10m").tolerance_m  # what the CLI uses for this source
    summaries = summarise(affected_borders(countries, False, tolerance), load_seeds())
    borders = borders_layer(summaries, measured_on(source), source.land_only)
    assert list(borders["pair"]) == ["EST-BLR"]
    assert "crosses water" in borders["length_note"].iloc[0]
    assert set(borders["length_source_id"]) == {"osm-land-10m"}
    assert set(borders["length_scale"]) == {"10 m resolution (OpenStreetMap)"}

    # the same outlines from a file of unknown coverage: measured the same, no water note
    plain = cache.parent / "same.geojson"
    frame.to_file(plain)
    user = runner.invoke(cli, ["--boundaries", str(plain), "borders", "--json"])
    assert user.exit_code == 0, user.output
    assert [r["length_note"] for r in json.loads(user.stdout)] == [""]
    assert "land-only" not in runner.invoke(cli, ["--boundaries", str(plain), "borders"]).stdout
