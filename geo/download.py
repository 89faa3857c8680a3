"""Fetch a catalogue source into the cache: streamed, resumable, verified, moved in atomically.

The download goes to a temporary file in the source's cache folder. Each URL (the publisher's,
then its mirrors) gets a few attempts with exponential backoff; an attempt after a dropped
connection asks for the rest with an HTTP Range request, and starts over if the server ignores
it. The finished file is checked against the catalogue's hash (or, where the publisher gives
none, recorded as the hash of this first download) before anything is moved into the cache,
so a failed or tampered download leaves the cache as it was.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import logging
import os
import shutil
import socket
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from geo import __version__
from geo.cache import DownloadRecord, download_dir, read_record, write_record
from geo.errors import BoundaryError
from geo.sources import CatalogueEntry

log = logging.getLogger(__name__)

#: Seconds to wait for a connection or for the next block of data.
TIMEOUT_S = 30.0
#: Attempts per URL; the waits between them double from BACKOFF_S.
ATTEMPTS = 4
BACKOFF_S = 1.0
CHUNK = 1 << 16


class DownloadError(BoundaryError):
    """A source could not be downloaded, or its bytes did not verify. Nothing was cached."""


class _Retry(Exception):
    """One attempt failed in a way worth trying again."""


class _GiveUp(Exception):
    """This URL will not work (not found, forbidden, no such host); try the next one."""


class _Mismatch(Exception):
    """The bytes arrived but do not match the published hash."""


def fetch(
    entry: CatalogueEntry,
    progress: bool = False,
    force: bool = False,
    timeout_s: float = TIMEOUT_S,
    attempts: int = ATTEMPTS,
    backoff_s: float = BACKOFF_S,
) -> DownloadRecord:
    """Download ``entry`` into the cache unless it is already there, and return its record.

    ``progress`` draws a progress bar on stderr. ``force`` downloads again even if cached.
    """
    if entry.embedded:
        msg = f"{entry.id} is embedded in shieldmap; there is nothing to fetch"
        raise DownloadError(msg)
    cached = read_record(entry.id)
    if cached is not None and not force:
        log.info("%s is already in the cache: %s", entry.id, download_dir(entry.id))
        return cached
    folder = download_dir(entry.id)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        msg = (
            f"cannot create the cache folder {folder}: {exc.strerror or exc}; "
            "set SHIELDMAP_CACHE to a folder you can write to"
        )
        raise DownloadError(msg) from exc
    failures: list[str] = []
    with _temporary(folder, entry.filename) as part:
        for url in entry.urls:
            try:
                _download(url, part, entry, progress, timeout_s, attempts, backoff_s)
                return _install(entry, url, part)
            except (_GiveUp, _Retry) as exc:
                failures.append(f"{urlsplit(url).hostname}: {exc}")
            except _Mismatch as exc:
                failures.append(f"{urlsplit(url).hostname}: {exc}")
            part.write_bytes(b"")
    tried = "; ".join(failures)
    what = (
        "did not match the published checksum"
        if any("checksum" in f for f in failures)
        else "could not be downloaded"
    )
    msg = (
        f"{entry.id} {what} from any of its {len(entry.urls)} URLs ({tried}); nothing was "
        f"cached; check your connection and run 'shieldmap boundaries fetch {entry.id}' again"
    )
    raise DownloadError(msg)


@contextmanager
def _temporary(folder: Path, name: str) -> Iterator[Path]:
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
    os.close(fd)
    try:
        yield Path(temp)
    finally:
        Path(temp).unlink(missing_ok=True)


def _download(
    url: str,
    part: Path,
    entry: CatalogueEntry,
    progress: bool,
    timeout_s: float,
    attempts: int,
    backoff_s: float,
) -> None:
    """Fill ``part`` with the bytes at ``url``, resuming after failures; raise if it cannot."""
    from tqdm import tqdm

    bar = tqdm(
        total=entry.size_bytes or None,
        unit="B",
        unit_scale=True,
        unit_divisor=1024,
        desc=f"{entry.id} ({urlsplit(url).hostname})",
        disable=not progress,
        file=None,  # stderr
        leave=True,
        dynamic_ncols=True,
    )
    reason = ""
    try:
        for attempt in range(attempts):
            if attempt:
                wait = backoff_s * 2 ** (attempt - 1)
                log.info("retrying %s in %.1f s after: %s", url, wait, reason)
                time.sleep(wait)
            try:
                _attempt(url, part, bar, timeout_s)
                return
            except _Retry as exc:
                reason = str(exc)
    finally:
        bar.close()
    raise _Retry(f"gave up after {attempts} attempts: {reason}")


def _attempt(url: str, part: Path, bar: object, timeout_s: float) -> None:
    """One request: ask for what is still missing and append it to ``part``."""
    have = part.stat().st_size
    headers = {"User-Agent": f"shieldmap/{__version__}", "Accept-Encoding": "identity"}
    if have:
        headers["Range"] = f"bytes={have}-"
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            resumed = have > 0 and response.status == 206
            if have and not resumed:
                log.info("%s does not resume downloads; starting again", urlsplit(url).hostname)
                have = 0
            length = response.headers.get("Content-Length")
            expected = have + int(length) if length is not None else None
            _set_progress(bar, have, expected)
            with part.open("ab" if resumed else "wb") as out:
                _copy(response, out, bar)
    except urllib.error.HTTPError as exc:
        if exc.code == 416:  # the range asked for is past the end: start over
            part.write_bytes(b"")
            raise _Retry(f"HTTP {exc.code} {exc.reason}") from exc
        if exc.code in (408, 425, 429) or exc.code >= 500:
            raise _Retry(f"HTTP {exc.code} {exc.reason}") from exc
        raise _GiveUp(f"HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, socket.gaierror):  # no such host, or no network at all
            raise _GiveUp(f"cannot resolve the host ({exc.reason.strerror})") from exc
        raise _Retry(_describe(exc.reason)) from exc
    except (OSError, http.client.HTTPException) as exc:
        raise _Retry(_describe(exc)) from exc
    size = part.stat().st_size
    if expected is not None and size < expected:
        raise _Retry(f"connection closed after {size} of {expected} bytes")


def _describe(reason: object) -> str:
    if isinstance(reason, TimeoutError | socket.timeout):
        return "timed out"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__


def _copy(response: IO[bytes], out: IO[bytes], bar: object) -> None:
    while True:
        try:
            block = response.read(CHUNK)
        except http.client.IncompleteRead as exc:
            out.write(exc.partial)
            raise
        if not block:
            return
        out.write(block)
        bar.update(len(block))  # type: ignore[attr-defined]


def _set_progress(bar: object, have: int, total: int | None) -> None:
    if total is not None:
        bar.total = total  # type: ignore[attr-defined]
    bar.n = have  # type: ignore[attr-defined]
    bar.refresh()  # type: ignore[attr-defined]


def _digests(path: Path) -> tuple[str, str]:
    sha256, sha512 = hashlib.sha256(), hashlib.sha512()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha256.update(block)
            sha512.update(block)
    return sha256.hexdigest(), sha512.hexdigest()


def integrity_matches(expected: str, sha256_hex: str, sha512_hex: str) -> bool:
    """Whether an SRI string (``sha512-<base64>`` or ``sha256-<base64>``) fits the digests."""
    algorithm, _, value = expected.partition("-")
    digests = {"sha256": sha256_hex, "sha512": sha512_hex}
    if algorithm not in digests:
        msg = f"unsupported integrity algorithm {algorithm!r}; expected sha256 or sha512"
        raise ValueError(msg)
    return base64.b64decode(value) == bytes.fromhex(digests[algorithm])


def _install(entry: CatalogueEntry, url: str, part: Path) -> DownloadRecord:
    """Verify ``part`` and move it, with the file to read from it, into the cache."""
    sha256_hex, sha512_hex = _digests(part)
    if entry.integrity:
        if not integrity_matches(entry.integrity, sha256_hex, sha512_hex):
            algorithm = entry.integrity.partition("-")[0].upper().replace("SHA", "SHA-")
            raise _Mismatch(f"checksum mismatch: the {algorithm} differs from the publisher's")
        verified = "publisher"
    else:
        previous = read_record(entry.id)
        if previous is not None and previous.sha256 != sha256_hex:
            log.warning(
                "%s changed since it was first downloaded (SHA-256 %s, now %s); "
                "recording the new file",
                entry.id,
                previous.sha256[:12],
                sha256_hex[:12],
            )
        verified = "first download"
    folder = part.parent
    readable = _unpack(entry, part, folder)
    os.chmod(part, 0o644)
    os.replace(part, folder / entry.filename)
    record = DownloadRecord(
        id=entry.id,
        url=url,
        file=entry.filename,
        bytes=(folder / entry.filename).stat().st_size,
        sha256=sha256_hex,
        sha512=sha512_hex,
        verified_against=verified,
        read=readable,
    )
    write_record(record)
    log.info("%s cached in %s (SHA-256 %s)", entry.id, folder, sha256_hex)
    return record


def _unpack(entry: CatalogueEntry, archive: Path, folder: Path) -> str:
    """Extract the member GDAL reads (a gzip'd tar is slow to read in place); its name."""
    if entry.format != "tgz":
        # zip members are read in place through /vsizip/; plain files as they are
        return entry.filename
    name = Path(entry.member).name
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.getmember(entry.member)
            source = tar.extractfile(member)
            if source is None:
                raise KeyError(entry.member)
            fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
            try:
                with os.fdopen(fd, "wb") as out, source:
                    shutil.copyfileobj(source, out, 1 << 20)
                os.chmod(temp, 0o644)
                os.replace(temp, folder / name)
            finally:
                Path(temp).unlink(missing_ok=True)
    except (KeyError, tarfile.TarError, OSError, EOFError) as exc:
        raise _Mismatch(f"the archive has no readable {entry.member} ({exc})") from exc
    return name
