"""Guards for every file a user hands the tool (seeds, annotations, boundary files): only
regular files, under a documented size, read as UTF-8 with or without a BOM, YAML without
duplicate keys, and text without control or bidi-override characters.

Each guard raises :class:`InputError` with one line that names the problem, where it is and
what to do, and quotes nothing of the file beyond the offending token.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from geo.errors import ShieldmapError

__all__ = [
    "MAX_ANNOTATIONS",
    "MAX_ANNOTATIONS_BYTES",
    "MAX_ANNOTATION_TEXT",
    "MAX_BOUNDARY_BYTES",
    "MAX_BOUNDARY_VERTICES",
    "MAX_LINE_VERTICES",
    "MAX_REGION_VERTICES",
    "MAX_SEED_BYTES",
    "MAX_SEED_TEXT",
    "InputError",
    "StrictLoader",
    "bad_character",
    "check_boundary_geometries",
    "check_region_vertices",
    "check_regular_file",
    "read_text",
    "safe_url",
    "text_problems",
]

# The documented limits (README, "Limits"); benchmarks/run.py measures a build at each of them.
MAX_SEED_BYTES = 2 * 1024 * 1024
MAX_SEED_TEXT = 5_000
MAX_ANNOTATIONS_BYTES = 20 * 1024 * 1024
MAX_ANNOTATIONS = 5_000
# An annotation's or a story's label, note or other text, per language.
MAX_ANNOTATION_TEXT = 2_000
MAX_LINE_VERTICES = 20_000
# A GeoJSON is parsed whole whatever the region: a 512 MB one took 67 s of CPU and 670 MB to
# read and check; a 2 GB one was still being read after 15 minutes.
MAX_BOUNDARY_BYTES = 512 * 1024 * 1024
# One feature as read, before it is clipped to the region: OpenStreetMap's Russia (in the
# osm-land-10m source) has 1.42 million; reading and clipping 2 million takes seconds.
MAX_BOUNDARY_VERTICES = 2_000_000
# One country within the region the maps draw, after clipping: what the borders, layers and
# maps work on (osm-land-10m's largest, Russia, has 315,400; a build at this limit is
# measured by benchmarks/run.py --limits).
MAX_REGION_VERTICES = 500_000

# Bidi embedding/override/isolate controls: they reorder what a reader sees (U+202E shows
# "exe.gnp" as "png.exe"). Zero-width and other format characters are left alone: some
# scripts need them.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ALLOWED_CONTROLS = frozenset("\t\n")


def safe_url(url: object) -> str | None:
    """``url`` (stripped) if it is an absolute http(s) URL with a host and nothing that could
    break out of an attribute or fool a reader: no quotes, angle brackets, backticks,
    backslashes, whitespace, control or bidi-override characters. Otherwise None.

    The one URL rule: the seed validator accepts exactly what the link builder links.
    """
    if not isinstance(url, str):
        return None
    return _checked_url(url)


@lru_cache(maxsize=4096)
def _checked_url(url: str) -> str | None:
    # cached: a build checks the same few hundred source URLs on every map
    candidate = url.strip()
    if not candidate or any(ch in candidate for ch in "\"'<>`\\") or _has_space(candidate):
        return None
    if bad_character(candidate) is not None:
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return candidate


def _has_space(text: str) -> bool:
    return any(ch.isspace() for ch in text)


class InputError(ShieldmapError, ValueError):
    """An input file that is not a regular file, too large, or not readable as text."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _size(limit: int) -> str:
    return f"{limit / 1024 / 1024:,.0f} MB"


def check_regular_file(path: Path, what: str, limit: int) -> int:
    """The size of ``path`` after checking it is a regular file (symlinks followed) no larger
    than ``limit`` bytes. Never opens the file, so a FIFO cannot block."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        msg = f"{what} not found: {path}; check the path"
        raise InputError(msg) from None
    except OSError as exc:
        msg = f"cannot read {what} {path}: {exc.strerror or exc}; check the path"
        raise InputError(msg) from exc
    if not stat.S_ISREG(info.st_mode):
        msg = (
            f"expected {what} to be a regular file, got {_kind(info.st_mode)}: {path}; "
            "save the data to a file and pass that"
        )
        raise InputError(msg)
    if info.st_size > limit:
        msg = (
            f"{what} {path} is {_size(info.st_size)}, over the limit of {_size(limit)}; "
            "split or simplify it (see 'Limits' in the README)"
        )
        raise InputError(msg)
    return info.st_size


def read_text(path: Path, what: str, limit: int) -> str:
    """The UTF-8 text of a regular file of at most ``limit`` bytes; a BOM is dropped.

    Reads at most ``limit + 1`` bytes, so a file that grows or misreports its size (``/proc``)
    cannot make the read unbounded.
    """
    check_regular_file(path, what, limit)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        msg = f"cannot read {what} {path}: {exc.strerror or exc}; check the file"
        raise InputError(msg) from exc
    if len(data) > limit:
        msg = f"{what} {path} is over the limit of {_size(limit)}; split or simplify it"
        raise InputError(msg)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        msg = (
            f"{what} {path} is not UTF-8 text: line {line}: byte 0x{data[exc.start]:02x}; "
            "save it as UTF-8"
        )
        raise InputError(msg) from exc
    return text


def bad_character(text: str) -> tuple[int, str] | None:
    """The index and description of the first control or bidi-override character in
    ``text`` (TAB and LF are allowed), or None."""
    for index, char in enumerate(text):
        if char in _ALLOWED_CONTROLS:
            continue
        if char in _BIDI or unicodedata.category(char) == "Cc":
            name = unicodedata.name(char, "control character")
            return index, f"U+{ord(char):04X} ({name.lower()})"
    return None


def raw_text_problems(text: str) -> list[str]:
    """Control or bidi characters typed raw into a file, by line and column (CR is a line
    end there, so it is allowed)."""
    problems = []
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        found = bad_character(line.replace("\r", "\n"))
        if found is not None:
            index, what = found
            problems.append(
                f"line {number}, column {index + 1}: {what}; remove it or write the text "
                "without control and bidi-override characters"
            )
    return problems


def text_problems(data: object, limit: int | None = None) -> list[tuple[str, str]]:
    """(key path, problem) for every string in parsed data with a control or bidi-override
    character, or longer than ``limit`` characters."""
    found = []
    for path, text in _strings(data, ""):
        bad = bad_character(text)
        if bad is not None:
            index, what = bad
            found.append(
                (
                    path,
                    f"{what} at character {index + 1}; remove it (control and bidi-override "
                    "characters are not allowed in text)",
                )
            )
        elif limit is not None and len(text) > limit:
            found.append((path, f"expected at most {limit:,} characters, got {len(text):,}"))
    return found


def _strings(data: object, path: str) -> Iterator[tuple[str, str]]:
    """Every string (keys and values) in nested lists and mappings, with its key path.

    Iterative and visiting each container once, so YAML aliases cannot make it blow up.
    """
    stack: list[tuple[str, object]] = [(path, data)]
    seen: set[int] = set()
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            yield where, value
        elif isinstance(value, dict | list):
            if id(value) in seen:
                continue
            seen.add(id(value))
            if isinstance(value, dict):
                for key, item in reversed(list(value.items())):
                    child = f"{where}.{key}" if where else str(key)
                    if isinstance(key, str):
                        stack.append((where or "(key)", key))
                    stack.append((child, item))
            else:
                for index, item in reversed(list(enumerate(value))):
                    stack.append((f"{where}[{index}]", item))


def check_boundary_geometries(frame: Any, label: str) -> None:
    """Refuse a boundary layer with a NaN or infinite coordinate, or a feature of more than
    :data:`MAX_BOUNDARY_VERTICES` vertices (the build would run for hours)."""
    import numpy as np
    import shapely

    geoms = frame.geometry.values
    counts = shapely.get_num_coordinates(geoms)
    if len(counts) and counts.max() > MAX_BOUNDARY_VERTICES:
        row = int(np.argmax(counts))
        msg = (
            f"boundary file {label}: feature {row + 1} has {int(counts[row]):,} vertices, over "
            f"the limit of {MAX_BOUNDARY_VERTICES:,}; simplify it first (e.g. ogr2ogr "
            "-simplify 0.0005) or clip it to the region"
        )
        raise InputError(msg)
    coords = shapely.get_coordinates(geoms, include_z=False)
    if not np.isfinite(coords).all():
        owners = np.repeat(np.arange(len(geoms)), counts)
        row = int(owners[~np.isfinite(coords).all(axis=1)][0])
        msg = (
            f"boundary file {label}: feature {row + 1} has a coordinate that is not a finite "
            "number (NaN or infinity); fix or remove that vertex"
        )
        raise InputError(msg)


def check_region_vertices(countries: Any, label: str) -> None:
    """Refuse a country with more than :data:`MAX_REGION_VERTICES` vertices within the
    region (``countries`` as :func:`geo.boundaries.load_countries` returns them)."""
    import shapely

    counts = shapely.get_num_coordinates(countries.geometry.values)
    over = [
        (str(iso3), int(count))
        for iso3, count in zip(countries["iso3"], counts, strict=True)
        if count > MAX_REGION_VERTICES
    ]
    if over:
        iso3, count = max(over, key=lambda item: item[1])
        msg = (
            f"boundary file {label}: {iso3} has {count:,} vertices within the mapped region, "
            f"over the limit of {MAX_REGION_VERTICES:,}; simplify it first (e.g. ogr2ogr "
            "-simplify 0.0005)"
        )
        raise InputError(msg)


class StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a key given twice in one mapping (YAML 1.2 forbids it;
    PyYAML would silently keep the last value)."""

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            seen: set[object] = set()
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue  # merged keys may be overridden: that is what << is for
                key = self.construct_object(key_node, deep=True)
                try:
                    duplicate = key in seen
                except TypeError:  # an unhashable key: the constructor reports it
                    continue
                if duplicate:
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        f"duplicate key {key!r}: each key may appear once in a mapping",
                        key_node.start_mark,
                    )
                seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[arg-type]
