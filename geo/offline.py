"""Offline means offline: how a boundary file is handed to GDAL.

GDAL can fetch URLs (``/vsicurl/``, ``/vsis3/``...) and some formats make it open other files
or URLs named inside them (a VRT's ``SrcDataSource``, a SpatiaLite virtual table). A boundary
file from a third party must not make the build host send requests or read files it was never
given, so :func:`gdal_path` wraps every read:

- a remote or virtual path (``/vsicurl/``, ``https://``, ``s3://``...) is refused;
- a file that references others (a ``.vrt``, a zip holding one, a SQLite file with virtual
  tables) is refused unless the user opts in with ``--allow-references``;
- while GDAL reads, its network access is off (no proxy-free route, no allowed remote file),
  so even an allowed VRT cannot reach a server;
- a local path that GDAL's Python binding would parse as an archive or a URL (a ``!`` in the
  name, ``zip:...``) is read under a plain alias, so the file named is the file read.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from geo import inputs
from geo.errors import BoundaryError

__all__ = ["NETWORK_OFF", "gdal_path", "references_allowed"]

#: GDAL settings in force while a boundary file is read. GDAL has no single switch for its
#: network: every remote file is declared absent (no extension is allowed), every request goes
#: to a proxy on the discard port that nothing serves, with no retry and a short timeout.
NETWORK_OFF: dict[str, str] = {
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".shieldmap-offline",
    "GDAL_HTTP_PROXY": "127.0.0.1:9",
    "GDAL_HTTPS_PROXY": "127.0.0.1:9",
    "GDAL_HTTP_MAX_RETRY": "0",
    "GDAL_HTTP_TIMEOUT": "1",
    "GDAL_HTTP_CONNECTTIMEOUT": "1",
    "GDAL_HTTP_NETRC": "NO",
    "GML_SKIP_RESOLVE_ELEMS": "ALL",
    "GML_DOWNLOAD_WFS_SCHEMA": "NO",
    "AWS_NO_SIGN_REQUEST": "YES",
}
_REMOTE = re.compile(r"^(/vsi(?!zip/|gzip/|tar/)[a-z0-9_]+/|[a-z][a-z0-9+.-]*://)", re.IGNORECASE)
_VRT_HEAD = re.compile(rb"<\s*(OGRVRTDataSource|VRTDataset)\b", re.IGNORECASE)
_VIRTUAL_TABLE = re.compile(r"\bUSING\s+(Virtual\w*|VirtualShape|VirtualText)\b", re.IGNORECASE)
_allow_references: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "allow_references", default=False
)


@contextlib.contextmanager
def references_allowed(allowed: bool) -> Iterator[None]:
    """Within the block, boundary files that reference other files or URLs are read."""
    token = _allow_references.set(allowed)
    try:
        yield
    finally:
        _allow_references.reset(token)


@contextlib.contextmanager
def gdal_path(path: str) -> Iterator[str]:
    """Check ``path`` and yield the path to give GDAL, with its network off meanwhile.

    Raises
    ------
    BoundaryError
        A remote path; a file that references others (unless allowed); a special or
        oversized file.
    """
    import pyogrio

    if _REMOTE.match(path):
        msg = (
            f"expected a local boundary file, got {path}; the build is offline: download it "
            "first, or use a boundary source from the catalogue"
        )
        raise BoundaryError(msg)
    local = Path(_archive_of(path))
    if local.exists() and not local.is_dir():
        try:
            inputs.check_regular_file(local, "the boundary file", inputs.MAX_BOUNDARY_BYTES)
        except inputs.InputError as exc:
            raise BoundaryError(str(exc)) from exc
    if not _allow_references.get():
        reason = _references(local)
        if reason:
            msg = (
                f"boundary file {path} {reason}, so reading it would open other files or "
                "URLs; give the data itself (e.g. ogr2ogr -f GPKG out.gpkg in.vrt), or pass "
                "--allow-references if you trust it"
            )
            raise BoundaryError(msg)
    previous = {key: pyogrio.get_gdal_config_option(key) for key in NETWORK_OFF}
    pyogrio.set_gdal_config_options(NETWORK_OFF)
    try:
        with _literal(path) as literal:
            yield literal
    finally:
        pyogrio.set_gdal_config_options(previous)


def _archive_of(path: str) -> str:
    """The local file behind a ``/vsizip/``-style path (the embedded data is one)."""
    match = re.match(r"^/vsi(zip|gzip|tar)/(.+?\.(zip|gz|tar|tgz))(/|$)", path, re.IGNORECASE)
    return match.group(2) if match else path


def _references(path: Path) -> str:
    """Why ``path`` makes GDAL open other files, or "" when it does not."""
    if path.is_dir():
        return ""
    if path.suffix.lower() == ".vrt":
        return "is a VRT"
    try:
        with path.open("rb") as handle:
            head = handle.read(65_536)
    except OSError:
        return ""  # GDAL's own error will name the problem
    if _VRT_HEAD.search(head):
        return "is a VRT"
    if head.startswith(b"PK") and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            if any(name.lower().endswith(".vrt") for name in archive.namelist()):
                return "holds a VRT"
    if head.startswith(b"SQLite format 3\x00") and _has_virtual_tables(path):
        return "has SpatiaLite virtual tables"
    return ""


def _has_virtual_tables(path: Path) -> bool:
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = con.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL").fetchall()
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return any(_VIRTUAL_TABLE.search(sql) for (sql,) in rows)


@contextlib.contextmanager
def _literal(path: str) -> Iterator[str]:
    """``path`` as GDAL should get it: pyogrio reads ``a!b.gpkg`` as member ``b.gpkg`` of the
    archive ``a`` and ``x:y`` as a URL, and GDAL drops control characters from a name; such a
    file (and its sidecars) is aliased by a plain name in a temporary folder."""
    name = os.path.basename(path)
    plain = "!" not in path and not urlsplit(path).scheme and path.isprintable()
    if path.startswith("/vsi") or plain:
        yield path
        return
    source = Path(path).absolute()
    with tempfile.TemporaryDirectory(prefix="shieldmap-read-") as folder:
        stem = source.stem
        for sibling in source.parent.glob(f"{_glob_escape(stem)}.*"):
            suffix = sibling.name[len(stem) :]
            os.symlink(sibling, Path(folder) / f"data{suffix}")
        if not source.is_file():
            os.symlink(source, Path(folder) / "data")
            yield str(Path(folder) / "data")
            return
        yield str(Path(folder) / f"data{name[len(stem) :]}")


def _glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)
