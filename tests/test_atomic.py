"""Atomic writes: a failure leaves the previous file as it was and no temporary file behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from geo.atomic import atomic_path, ensure_writable_dir, write_bytes, write_text
from geo.errors import OutputError, ShieldmapError


class Boom(RuntimeError):
    pass


def test_atomic_path_renames_onto_the_target_when_the_block_succeeds(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with atomic_path(target) as temporary:
        assert temporary.parent == tmp_path
        assert temporary != target
        assert not target.exists()  # nothing visible until the block ends
        temporary.write_text("new", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_atomic_path_keeps_the_old_file_when_the_block_raises(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(Boom), atomic_path(target) as temporary:
        temporary.write_text("half", encoding="utf-8")
        raise Boom
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_atomic_path_creates_nothing_when_the_block_raises_on_a_new_target(
    tmp_path: Path,
) -> None:
    with pytest.raises(Boom), atomic_path(tmp_path / "new.txt"):
        raise Boom
    assert list(tmp_path.iterdir()) == []


def test_atomic_path_creates_missing_parent_folders(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out.txt"
    with atomic_path(target) as temporary:
        temporary.write_bytes(b"x")
    assert target.read_bytes() == b"x"


def test_atomic_file_is_readable_by_others(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with atomic_path(target) as temporary:
        temporary.write_bytes(b"x")
    assert target.stat().st_mode & 0o777 == 0o644  # mkstemp alone would give 0o600


def test_write_text_replaces_content(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("a much longer old content\n" * 10, encoding="utf-8")
    assert write_text(target, "zażółć\n") == target
    assert target.read_bytes() == "zażółć\n".encode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_write_text_keeps_unix_newlines(tmp_path: Path) -> None:
    target = write_text(tmp_path / "out.txt", "a\nb\n")
    assert target.read_bytes() == b"a\nb\n"


def test_write_bytes_into_an_impossible_place_raises_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("I am a file", encoding="utf-8")
    with pytest.raises(OutputError) as info:
        write_bytes(blocker / "sub" / "out.txt", b"x")
    assert isinstance(info.value, ShieldmapError)
    assert str(blocker / "sub" / "out.txt") in str(info.value)
    assert blocker.read_text(encoding="utf-8") == "I am a file"


def test_write_over_a_directory_raises_output_error_and_leaves_no_temp(tmp_path: Path) -> None:
    (tmp_path / "out.txt").mkdir()
    with pytest.raises(OutputError):
        write_text(tmp_path / "out.txt", "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
    assert (tmp_path / "out.txt").is_dir()


def test_ensure_writable_dir_creates_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b"
    assert ensure_writable_dir(folder) == folder
    assert folder.is_dir()
    assert list(folder.iterdir()) == []  # the probe file is gone


def test_ensure_writable_dir_accepts_an_existing_folder(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    ensure_writable_dir(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_ensure_writable_dir_refuses_a_file(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="expected an output folder, got a file"):
        ensure_writable_dir(target)
    assert target.read_text(encoding="utf-8") == "x"


def test_ensure_writable_dir_under_a_file_raises_output_error(tmp_path: Path) -> None:
    # Tests run as root, where permissions do not stop writes; a file as parent always does.
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError) as info:
        ensure_writable_dir(blocker / "sub" / "deeper")
    message = str(info.value)
    assert message.startswith(f"cannot write into {blocker / 'sub' / 'deeper'}: ")
    assert "-o" in message
    assert not isinstance(info.value.__cause__, OutputError)
    assert isinstance(info.value.__cause__, OSError)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_ensure_writable_dir_refuses_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="cannot write into"):
            ensure_writable_dir(folder)
    finally:
        folder.chmod(0o700)
