"""`manifest.json`: every output file with its SHA-256, the inputs and the tool version."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

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
    document = {
        "tool": {"name": "shieldmap", "version": __version__},
        "inputs": sorted(inputs, key=lambda item: item.get("id", "")),
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
