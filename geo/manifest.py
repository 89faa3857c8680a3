"""`manifest.json`: every output file with its SHA-256, the inputs and the tool version.

The one module that reads and writes manifests: ``build`` and ``layers`` write a folder's
manifest whole (through :mod:`geo.staging`), ``map`` merges the files it wrote into one a
build left (:func:`merge_manifest`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from geo import __version__
from geo.atomic import write_text

MANIFEST = "manifest.json"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def seeds_digest(seeds_dir: Path) -> str:
    """One hash over every seed file, so a manifest tells which facts a build used."""
    digest = hashlib.sha256()
    for path in sorted(seeds_dir.glob("*.yaml")):
        data = path.read_bytes()
        # Framed with the lengths, so moving bytes from one file's end into the next file's
        # name cannot give the same stream.
        digest.update(f"{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def write_manifest(
    directory: Path, inputs: list[dict[str, str]], files: Iterable[Path] | None = None
) -> Path:
    """Write ``directory/manifest.json`` listing ``files`` (default: every file there).

    The manifest carries no timestamp, so the same inputs give the same manifest.
    """
    chosen = (
        sorted(files)
        if files is not None
        else sorted(
            p
            for p in directory.iterdir()
            if p.is_file() and p.name != MANIFEST and not p.name.startswith(".")
        )
    )
    entries = [
        {
            "path": p.relative_to(directory).as_posix(),
            "bytes": p.stat().st_size,
            "sha256": sha256_of(p),
        }
        for p in chosen
    ]
    unique = {json.dumps(item, sort_keys=True): item for item in inputs}
    document = {
        "tool": {"name": "shieldmap", "version": __version__},
        # by id, then content: a merged manifest may hold two records of one id
        "inputs": [
            unique[key] for key in sorted(unique, key=lambda k: (unique[k].get("id", ""), k))
        ],
        "files": entries,
    }
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return write_text(directory / MANIFEST, text)


def describe_inputs(
    boundary: dict[str, str], seeds_dir: Path, annotations_file: Path | None
) -> list[dict[str, str]]:
    """The inputs a build read, each with a version or a content hash."""
    records = [dict(boundary), {"id": "seeds", "path": "seeds/", "sha256": seeds_digest(seeds_dir)}]
    if annotations_file is not None:
        records.append(
            {
                "id": "annotations",
                "path": annotations_file.name,
                "sha256": sha256_of(annotations_file),
            }
        )
    return records


# What a map run writes (pages, embed pages, the index, static maps); the rest of a manifest
# is the layer bundle's.
MAP_SUFFIXES = (".html", ".svg", ".png", ".pdf")


def file_kind(name: str) -> str:
    """``"maps"`` or ``"layers"``: which kind of run writes a file of this name."""
    return "maps" if name.lower().endswith(MAP_SUFFIXES) else "layers"


def read_manifest(directory: Path) -> dict[str, Any] | None:
    """The folder's ``manifest.json`` if shieldmap wrote it; None if there is none, it cannot
    be read or parsed, or another tool wrote it."""
    try:
        document = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict):
        return None
    tool = document.get("tool")
    if not isinstance(tool, dict) or tool.get("name") != "shieldmap":
        return None
    return document


def listed_files(document: dict[str, Any]) -> set[str]:
    """The plain file names a manifest lists: only names directly in its folder, so a
    hand-edited manifest cannot point a removal or a merge elsewhere."""
    names = set()
    files = document.get("files")
    for entry in files if isinstance(files, list) else []:
        path = entry.get("path") if isinstance(entry, dict) else None
        plain = isinstance(path, str) and path == os.path.basename(path)
        if plain and path and not path.startswith(".") and path != MANIFEST:
            names.add(path)
    return names


def listed_inputs(document: dict[str, Any]) -> list[dict[str, str]]:
    """The input records of a manifest (those of the expected shape)."""
    inputs = document.get("inputs")
    return [
        item
        for item in (inputs if isinstance(inputs, list) else [])
        if isinstance(item, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in item.items())
    ]


def merge_manifest(
    directory: Path, inputs: list[dict[str, str]], written: Iterable[Path]
) -> Path | None:
    """Add the files just ``written`` into ``directory`` to the manifest a build left there.

    Files the manifest listed keep their place (hashed again, so it matches the folder; those
    gone since are dropped); the written ones are listed with their new hashes; the inputs are
    those of both runs (two records of one id when, say, the map used another annotations
    file). A folder without a shieldmap manifest gets none: nothing is published there.

    Returns the manifest written, or None.
    """
    document = read_manifest(directory)
    if document is None:
        return None
    names = {p.name for p in written}
    kept = [
        directory / name for name in listed_files(document) - names if (directory / name).is_file()
    ]
    files = kept + [directory / name for name in names]
    return write_manifest(directory, [*listed_inputs(document), *inputs], files)
