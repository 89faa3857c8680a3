"""A small declarative toolkit for checking parsed YAML: every problem is collected, each with
its file, key path, what was expected and what came. Used by the seeds and annotations loaders.
"""

from __future__ import annotations

import datetime
import difflib
import re
import reprlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from geo import inputs

Text = dict[str, str]
"""A text in several languages: language code -> text."""


class Context:
    """Collects the problems of one file and the source ids it cites."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[str] = []
        self.refs: list[tuple[str, str]] = []

    def add(self, path: str, message: str) -> None:
        where = f"{self.filename}: {path}" if path else self.filename
        self.problems.append(f"{where}: {message}")


Conv = Callable[[Context, str, Any], Any]


@dataclass(frozen=True)
class Field:
    """One field of a record: its converter, and whether the key must be present."""

    conv: Conv
    required: bool = True
    default: Any = None


# Bounded repr: a YAML document of nested aliases ("billion laughs") expands to an object
# whose full repr would take exponential time and memory; messages only need the start.
_REPR = reprlib.Repr()
_REPR.maxlevel = 4
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 8
_REPR.maxstring = _REPR.maxother = _REPR.maxlong = 80


def show(value: object) -> str:
    try:
        text = _REPR.repr(value)
    except ValueError:  # an integer past Python's 4300-digit limit for str(), e.g. from 0x...
        text = f"<{type(value).__name__} too large to show>"
    return text if len(text) <= 60 else text[:57] + "..."


def typed(value: object) -> str:
    return f"{show(value)} ({type(value).__name__})"


def record(
    ctx: Context, path: str, value: object, fields: dict[str, Field]
) -> dict[str, Any] | None:
    """Check a mapping against ``fields``; return the converted values, or None if no mapping."""
    if not isinstance(value, dict):
        ctx.add(path, f"expected a mapping, got {typed(value)}")
        return None
    for key in value:
        if key not in fields:
            close = difflib.get_close_matches(str(key), list(fields), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            ctx.add(path, f"unknown key {show(key)}{hint}; allowed: {', '.join(fields)}")
    out: dict[str, Any] = {}
    for name, spec in fields.items():
        if name in value:
            out[name] = spec.conv(ctx, f"{path}.{name}" if path else name, value[name])
        else:
            if spec.required:
                ctx.add(path, f"missing required key {name!r}")
            out[name] = spec.default
    return out


def string(ctx: Context, path: str, value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value
    ctx.add(path, f"expected a non-empty string, got {typed(value)}")
    return None


def pattern(regex: str, what: str) -> Conv:
    compiled = re.compile(regex)

    def conv(ctx: Context, path: str, value: object) -> str | None:
        if isinstance(value, str) and compiled.fullmatch(value):
            return value
        ctx.add(path, f"expected {what}, got {typed(value)}")
        return None

    return conv


def choice(*options: str) -> Conv:
    def conv(ctx: Context, path: str, value: object) -> str | None:
        if isinstance(value, str) and value in options:
            return value
        close = difflib.get_close_matches(str(value), options, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        ctx.add(path, f"expected one of {', '.join(options)}, got {show(value)}{hint}")
        return None

    return conv


def boolean(ctx: Context, path: str, value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    ctx.add(path, f"expected true or false, got {typed(value)}")
    return None


def integer(low: int, high: int) -> Conv:
    def conv(ctx: Context, path: str, value: object) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool):
            if low <= value <= high:
                return value
            ctx.add(path, f"expected an integer from {low} to {high}, got {value}")
            return None
        ctx.add(path, f"expected an integer, got {typed(value)}")
        return None

    return conv


def number(low: float, high: float, what: str = "a number") -> Conv:
    def conv(ctx: Context, path: str, value: object) -> float | None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            if low <= value <= high:  # compared before float(), which overflows past 1e308
                return float(value)
            ctx.add(path, f"expected {what} from {low:g} to {high:g}, got {value}")
            return None
        ctx.add(path, f"expected {what}, got {typed(value)}")
        return None

    return conv


def date_value(ctx: Context, path: str, value: object) -> datetime.date | None:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    ctx.add(path, f"expected a date YYYY-MM-DD, got {show(value)}")
    return None


def loose_date(ctx: Context, path: str, value: object) -> str | None:
    """A source date: a full date, or ``YYYY-MM`` or ``YYYY`` when that is all that is known."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, str):
        for pattern, suffix in (
            (r"\d{4}-\d{2}-\d{2}", ""),
            (r"\d{4}-\d{2}", "-01"),
            (r"\d{4}", "-01-01"),
        ):
            if re.fullmatch(pattern, value):
                try:
                    datetime.date.fromisoformat(value + suffix)
                except ValueError:
                    break
                return value
    ctx.add(path, f"expected a date YYYY-MM-DD, YYYY-MM or YYYY, got {show(value)}")
    return None


def url(ctx: Context, path: str, value: object) -> str | None:
    # the same rule as the links on the maps: what passes here is what becomes a link there
    if isinstance(value, str) and inputs.safe_url(value) == value:
        return value
    ctx.add(path, f"expected an http(s) URL, got {show(value)}")
    return None


def text(*extra: str) -> Conv:
    needed = ("en", "pl", *extra)

    def conv(ctx: Context, path: str, value: object) -> Text | None:
        if not isinstance(value, dict):
            ctx.add(path, f"expected a mapping of language code to text, got {typed(value)}")
            return None
        ok = True
        for lang in needed:
            if lang not in value:
                ctx.add(path, f"missing the {lang!r} text (needs {', '.join(needed)})")
                ok = False
        allowed = (*_languages(), *extra)
        for lang, text in value.items():
            if lang not in allowed:
                close = difflib.get_close_matches(str(lang), allowed, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                ctx.add(path, f"unknown language {show(lang)}{hint}; expected {', '.join(allowed)}")
                ok = False
            elif not isinstance(text, str) or not text.strip():
                ctx.add(f"{path}.{lang}", f"expected a non-empty string, got {typed(text)}")
                ok = False
        return dict(value) if ok else None

    return conv


def _languages() -> tuple[str, ...]:
    from geo.maps.i18n import LANGS

    return LANGS


def optional(conv: Conv) -> Conv:
    def wrapped(ctx: Context, path: str, value: object) -> Any:
        return None if value is None else conv(ctx, path, value)

    return wrapped


def list_of(conv: Conv, non_empty: bool = False) -> Conv:
    def wrapped(ctx: Context, path: str, value: object) -> tuple[Any, ...] | None:
        if not isinstance(value, list):
            ctx.add(path, f"expected a list, got {typed(value)}")
            return None
        if non_empty and not value:
            ctx.add(path, "expected a non-empty list")
        items = [conv(ctx, f"{path}[{i}]", item) for i, item in enumerate(value)]
        return tuple(item for item in items if item is not None)

    return wrapped


def nested(fields: dict[str, Field], build: Callable[..., Any]) -> Conv:
    def conv(ctx: Context, path: str, value: object) -> Any:
        values = record(ctx, path, value, fields)
        return None if values is None else build(**values)

    return conv


def _invalid_values(text: str) -> list[str]:
    """Lines of scalars that YAML recognises but cannot build, e.g. 2025-02-30 or ``!!int x``.

    Each node is visited once: aliases share nodes, so a document of nested aliases (or one
    whose alias refers to itself) would otherwise be walked exponentially often, or forever.
    """
    found: list[str] = []
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return found
    loader = yaml.SafeLoader("")
    stack = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            try:
                loader.construct_object(node)
            except (yaml.YAMLError, *_CONSTRUCT_ERRORS):
                line = node.start_mark.line + 1
                if node.tag == "tag:yaml.org,2002:timestamp":
                    expected = "a date YYYY-MM-DD"
                else:
                    expected = f"a valid {node.tag.rsplit(':', 1)[-1]}"
                found.append(f"line {line}: expected {expected}, got {show(node.value)}")
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.extend((value, key))
    loader.dispose()
    return found


# What PyYAML's safe constructors raise, besides YAMLError, on a scalar they cannot build:
# ValueError for 2025-02-30 or ``!!int 0x``, IndexError for ``!!int ''``, KeyError for
# ``!!bool x``, AttributeError for ``!!timestamp x``.
_CONSTRUCT_ERRORS = (ValueError, LookupError, AttributeError)


def read_yaml(
    path: Path, limit: int = inputs.MAX_SEED_BYTES, text_limit: int | None = inputs.MAX_SEED_TEXT
) -> tuple[object, list[str]]:
    """The parsed YAML of one file, or the problems that stopped it being read.

    The file must be a regular file of at most ``limit`` bytes, without duplicate keys,
    control or bidi-override characters, or strings longer than ``text_limit`` (see
    :mod:`geo.inputs`).
    """
    name = path.name
    if not path.exists():
        return None, [f"{name}: file not found in {path.parent}"]
    if path.is_dir():
        return None, [f"{name}: expected a file, got a directory"]
    try:
        text = inputs.read_text(path, "the file", limit)
    except inputs.InputError as exc:
        return None, [f"{name}: {exc}"]
    raw = inputs.raw_text_problems(text)
    if raw:
        return None, [f"{name}: {p}" for p in raw]
    try:
        data = yaml.load(text, Loader=inputs.StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}: " if mark is not None else ""
        return None, [f"{name}: {where}malformed YAML: {exc.problem}"]
    except yaml.YAMLError as exc:
        return None, [f"{name}: malformed YAML: {' '.join(str(exc).split())}"]
    except _CONSTRUCT_ERRORS as exc:
        found = _invalid_values(text)
        return None, [f"{name}: {p}" for p in found] or [f"{name}: invalid value: {exc}"]
    except RecursionError:
        return None, [f"{name}: malformed YAML: nested too deeply"]
    bad = inputs.text_problems(data, text_limit)
    return (None, [f"{name}: {where}: {problem}" for where, problem in bad]) if bad else (data, [])
