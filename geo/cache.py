"""Where downloaded and prepared boundaries are kept between runs.

The cache lives in the user's cache folder (``platformdirs``: ``~/.cache/shieldmap`` on Linux),
or wherever ``SHIELDMAP_CACHE`` points. Two parts:

* ``downloads/<source id>/``: the verified download, the file read from it, and ``record.json``
  with the URL it came from, its size and hashes. The record is written last, so a download
  counts as cached only once it is complete and verified.
* ``prepared/``: GeoParquet files of prepared regions (see :mod:`geo.boundaries`), named by a
  key made of the source checksum, the region and the code version; any of them may be deleted.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from geo.atomic import write_text

CACHE_ENV = "SHIELDMAP_CACHE"
RECORD = "record.json"


def cache_root() -> Path:
    """The cache folder: ``$SHIELDMAP_CACHE`` if set, else the user's cache folder."""
    override = os.environ.get(CACHE_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("shieldmap", appauthor=False))


def download_dir(source_id: str) -> Path:
    return cache_root() / "downloads" / source_id


def prepared_dir() -> Path:
    return cache_root() / "prepared"


@dataclass(frozen=True)
class DownloadRecord:
    """What is known about a cached download; written to ``record.json`` beside it."""

    id: str
    url: str
    file: str
    bytes: int
    sha256: str
    sha512: str
    #: "publisher" when checked against the catalogue's hash, "first download" otherwise
    verified_against: str
    #: the file GDAL reads, relative to the download folder (the archive member, extracted)
    read: str


def read_record(source_id: str) -> DownloadRecord | None:
    """The record of a complete download of ``source_id``, or None if there is none usable."""
    folder = download_dir(source_id)
    try:
        data = json.loads((folder / RECORD).read_text("utf-8"))
        record = DownloadRecord(**data)
    except (OSError, ValueError, TypeError):
        return None
    archive, readable = folder / record.file, folder / record.read
    if not readable.is_file() or not archive.is_file() or archive.stat().st_size != record.bytes:
        return None
    return record


def write_record(record: DownloadRecord) -> Path:
    text = json.dumps(asdict(record), indent=2, sort_keys=True) + "\n"
    return write_text(download_dir(record.id) / RECORD, text)
