"""Write files so a reader never sees half of one: write beside the target, then rename."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from geo.errors import OutputError


def ensure_writable_dir(directory: Path) -> Path:
    """Create ``directory`` if needed and check that files can be written into it."""
    if directory.exists() and not directory.is_dir():
        msg = f"expected an output folder, got a file: {directory}; name a folder instead"
        raise OutputError(msg)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".probe-"):
            pass
    except OSError as exc:
        msg = (
            f"cannot write into {directory}: {exc.strerror or exc}; "
            "choose a folder you can write to with -o"
        )
        raise OutputError(msg) from exc
    return directory


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` if the block succeeds.

    If the block raises, the temporary file is removed and ``target`` keeps its old content.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def write_text(target: Path, text: str) -> Path:
    """Atomically write UTF-8 text with Unix newlines."""
    return write_bytes(target, text.encode("utf-8"))


def write_bytes(target: Path, data: bytes) -> Path:
    """Atomically write bytes."""
    try:
        with atomic_path(target) as temporary:
            temporary.write_bytes(data)
    except OSError as exc:
        advice = (
            "free some space or choose another folder"
            if exc.errno == errno.ENOSPC
            else "check the folder's permissions"
        )
        msg = f"cannot write {target}: {exc.strerror or exc}; {advice}"
        raise OutputError(msg) from exc
    return target
