"""Publish a run's files as a whole: build them in staging folders, then swap them in together.

Every output folder of a run (the maps' ``output/``, the layers' ``layers/``) gets a staging
folder ``.shieldmap-<pid>-<random>/`` inside it, so the final renames stay on one file system.
Nothing reaches an output folder until every file of every folder is written. Then
:func:`publish`:

1. checks that no target name is taken by a folder (which would stop a rename halfway);
2. renames each staged file over its target (``os.replace``: atomic per file);
3. removes the files the folder's previous ``manifest.json`` listed that this run did not
   write (a removed annotation layer, a format not asked for this time) and nothing else;
   only files of the kinds it writes (maps, the layer bundle): a ``layers`` run into a folder
   shared with maps keeps the maps;
4. writes one ``manifest.json`` per folder, merged when maps and layers share a folder.

Staging folders of runs that were killed are removed at the start of the next run; a folder
whose process is still alive (a concurrent build) is left alone.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from geo.atomic import ensure_writable_dir
from geo.errors import OutputError
from geo.manifest import file_kind, listed_files, listed_inputs, read_manifest, write_manifest

__all__ = ["PREFIX", "Stage", "clean_leftovers", "publish", "staged"]

PREFIX = ".shieldmap-"
# Staging folders of the old naming (no process id) are removed once they are this old.
_ORPHAN_AGE_S = 3600.0


@dataclass
class Stage:
    """Files being built for one output folder."""

    target: Path
    folder: Path
    names: list[str] = field(default_factory=list)

    def add(self, paths: Iterable[Path]) -> None:
        self.names.extend(p.name for p in paths)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_leftovers(folder: Path) -> list[Path]:
    """Remove staging folders in ``folder`` left by killed runs; return those removed."""
    removed = []
    for path in folder.glob(f"{PREFIX}*"):
        if not path.is_dir() or path.is_symlink():
            continue
        pid_text = path.name[len(PREFIX) :].split("-", 1)[0]
        if pid_text.isdigit():
            stale = int(pid_text) != os.getpid() and not _alive(int(pid_text))
        else:
            stale = time.time() - path.stat().st_mtime > _ORPHAN_AGE_S
        if stale:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


@contextlib.contextmanager
def staged(*targets: Path) -> Iterator[list[Stage]]:
    """One :class:`Stage` per target folder, each checked writable first, all removed at the
    end whether or not they were published."""
    for target in targets:
        ensure_writable_dir(target)
    stages: list[Stage] = []
    try:
        for target in targets:
            clean_leftovers(target)
            folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=target))
            stages.append(Stage(target, folder))
        yield stages
    finally:
        for stage in stages:
            shutil.rmtree(stage.folder, ignore_errors=True)


def _previous(target: Path) -> tuple[set[str], list[dict[str, str]]]:
    """The plain file names and the inputs of the folder's last manifest (one shieldmap
    wrote)."""
    document = read_manifest(target)
    if document is None:
        return set(), []
    return listed_files(document), listed_inputs(document)


def publish(stages: list[Stage], inputs: list[dict[str, str]]) -> dict[Path, list[Path]]:
    """Swap every stage's files into its target folder, drop the stale ones, write manifests.

    Returns the files now published per target folder (manifest excluded).
    """
    by_target: dict[Path, list[Stage]] = {}
    for stage in stages:
        by_target.setdefault(stage.target.resolve(), []).append(stage)
    for stage in stages:
        for name in stage.names:
            path = stage.target / name
            if path.is_dir() and not path.is_symlink():
                msg = (
                    f"cannot write {path}: a folder of that name is in the way; move or "
                    "remove it and run again"
                )
                raise OutputError(msg)
    previous = {target: _previous(target) for target in by_target}
    published: dict[Path, list[Path]] = {}
    try:
        for stage in stages:
            for name in stage.names:
                os.replace(stage.folder / name, stage.target / name)
        for target, group in by_target.items():
            folder = group[0].target
            names = list(dict.fromkeys(name for stage in group for name in stage.names))
            listed, listed_inputs_ = previous[target]
            # A run owns the kinds of files it writes (maps, the layer bundle): stale files of
            # those kinds go; the other kind's files (maps beside a `layers` run in one
            # folder) stay, listed as they are, with the inputs they were made from.
            kinds = {file_kind(name) for name in names}
            kept = []
            for stale in sorted(listed - set(names)):
                path = folder / stale
                if file_kind(stale) not in kinds:
                    if path.is_file():
                        kept.append(path)
                elif path.is_file() or path.is_symlink():
                    path.unlink()
            files = [folder / name for name in names]
            write_manifest(folder, [*inputs, *(listed_inputs_ if kept else [])], files + kept)
            published[folder] = files
    except OSError as exc:
        msg = f"cannot publish into {stages[0].target}: {exc.strerror or exc}; check the folder"
        raise OutputError(msg) from exc
    return published
