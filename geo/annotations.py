"""Load a newsroom's own annotations (YAML or GeoJSON): points and lines with a label, a note and
an optional source link. Validated like the seeds: every problem is collected, then raised once.

YAML form::

    annotations:
      - label: Kuźnica crossing closed      # a string, or {en: ..., pl: ...}
        note: Closed to traffic since 2023   # optional
        url: https://example.org/report      # optional; only http(s) becomes a link
        point: [23.65, 53.51]                # lon, lat (WGS84)
      - label: Planned ditch
        line: [[23.1, 53.2], [23.5, 53.4]]

GeoJSON form: a FeatureCollection of Point and LineString features in WGS84 whose properties
hold ``label``, ``note``, ``url`` and optionally ``id``.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shapely.geometry import LineString, Point

from geo import inputs
from geo.errors import AnnotationError
from geo.validate import Context, Field, Text, optional, pattern, read_yaml, record, show, typed

MAX_TEXT = 2000


@dataclass(frozen=True)
class Annotation:
    """A user's point or line, shown on every map and exported with the layers."""

    id: str
    label: Text
    note: Text | None
    url: str | None
    geometry: Point | LineString

    def text(self, field: str, lang: str) -> str:
        """The label or note in ``lang``, falling back to English, then any language."""
        value: Text | None = getattr(self, field)
        if not value:
            return ""
        return value.get(lang) or value.get("en") or next(iter(value.values()))

    @property
    def link(self) -> str | None:
        """The URL when it is http(s); anything else is only ever shown as text."""
        return inputs.safe_url(self.url)


def _free_text(ctx: Context, path: str, value: object) -> Text | None:
    """A string, or a mapping of language code to string."""
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, dict) or not value:
        ctx.add(path, f"expected text or a mapping of language to text, got {typed(value)}")
        return None
    out: Text = {}
    for lang, text in value.items():
        if not isinstance(lang, str) or not re.fullmatch(r"[a-z]{2}", lang):
            ctx.add(path, f"expected a two-letter language code, got {show(lang)}")
        elif not isinstance(text, str) or not text.strip():
            ctx.add(f"{path}.{lang}", f"expected a non-empty string, got {typed(text)}")
        elif len(text) > MAX_TEXT:
            ctx.add(f"{path}.{lang}", f"expected at most {MAX_TEXT} characters, got {len(text)}")
        else:
            out[lang] = text
    return out or None


def _any_url(ctx: Context, path: str, value: object) -> str | None:
    if isinstance(value, str) and value.strip() and len(value) <= MAX_TEXT:
        return value.strip()
    ctx.add(path, f"expected a URL string, got {typed(value)}")
    return None


def _position(ctx: Context, path: str, value: object) -> tuple[float, float] | None:
    if (
        isinstance(value, list | tuple)
        and len(value) in (2, 3)
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        try:
            lon, lat = float(value[0]), float(value[1])
        except OverflowError:  # an integer past 1e308, which YAML and JSON both read
            lon = lat = math.inf
        if math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90:
            return lon, lat
        ctx.add(path, f"expected lon from -180 to 180 and lat from -90 to 90, got {show(value)}")
        return None
    ctx.add(path, f"expected a position [lon, lat], got {typed(value)}")
    return None


def _point(ctx: Context, path: str, value: object) -> Point | None:
    if isinstance(value, list) and not value:
        ctx.add(path, "empty geometry: expected a position [lon, lat]")
        return None
    position = _position(ctx, path, value)
    return Point(position) if position else None


def _line(ctx: Context, path: str, value: object) -> LineString | None:
    if not isinstance(value, list) or not value:
        ctx.add(path, f"empty geometry: expected a list of positions, got {show(value)}")
        return None
    if len(value) > inputs.MAX_LINE_VERTICES:
        ctx.add(
            path,
            f"expected at most {inputs.MAX_LINE_VERTICES:,} positions in a line, got "
            f"{len(value):,}; simplify it (see 'Limits' in the README)",
        )
        return None
    positions = [_position(ctx, f"{path}[{i}]", v) for i, v in enumerate(value)]
    if any(p is None for p in positions):
        return None
    if len(set(positions)) < 2:
        ctx.add(path, "expected a line through at least two different positions")
        return None
    line = LineString(positions)
    if not line.is_simple:
        ctx.add(path, "self-intersecting line: expected a line that does not cross itself")
        return None
    return line


_FIELDS = {
    "id": Field(
        optional(pattern(r"[A-Za-z0-9_-]{1,64}", "an id of letters, digits, - or _")),
        required=False,
    ),
    "label": Field(_free_text),
    "note": Field(optional(_free_text), required=False),
    "url": Field(optional(_any_url), required=False),
    "point": Field(_point, required=False),
    "line": Field(_line, required=False),
}


def parse_annotations(data: object, filename: str) -> tuple[Annotation, ...]:
    """Validate parsed YAML (or GeoJSON turned into the same form); raise AnnotationError."""
    ctx = Context(filename)
    items = _items(ctx, data)
    found: list[Annotation] = []
    seen: set[str] = set()
    # Ids the file gives; a default id (a1, a2, ...) never takes one of them.
    explicit = {
        item["id"]
        for _, item in items
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }
    for index, (path, item) in enumerate(items):
        values = record(ctx, path, item, _FIELDS)
        if values is None:
            continue
        has = [k for k in ("point", "line") if isinstance(item, dict) and k in item]
        if len(has) != 1:
            ctx.add(path, f"expected exactly one of 'point' or 'line', got {len(has)}")
            continue
        geometry = values[has[0]]
        ident = values["id"] or _default_id(index, explicit)
        if ident in seen:
            ctx.add(f"{path}.id", f"duplicate id {ident!r}")
        seen.add(ident)
        if geometry is not None and values["label"] is not None:
            found.append(
                Annotation(ident, values["label"], values["note"], values["url"], geometry)
            )
    if ctx.problems:
        raise AnnotationError(ctx.problems)
    return tuple(found)


def _default_id(index: int, taken: set[str]) -> str:
    """``a`` and the 1-based position, with a suffix if the file already uses that id."""
    ident = base = f"a{index + 1}"
    suffix = 1
    while ident in taken:
        suffix += 1
        ident = f"{base}-{suffix}"
    return ident


def _items(ctx: Context, data: object) -> list[tuple[str, Any]]:
    """The annotations to check, each with the key path its problems are reported at."""
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        return _from_geojson(ctx, data)
    if not isinstance(data, dict) or "annotations" not in data:
        ctx.add(
            "",
            # the type only: a mistyped path to a secrets file must not end up in a log
            "expected a mapping with the key 'annotations' or a GeoJSON "
            f"FeatureCollection, got {_shape(data)}",
        )
        return []
    extra = [k for k in data if k != "annotations"]
    if extra:
        ctx.add("", f"unknown top-level key {show(extra[0])}; allowed: annotations")
    items = data["annotations"]
    if not isinstance(items, list):
        ctx.add("annotations", f"expected a list, got {typed(items)}")
        return []
    if len(items) > inputs.MAX_ANNOTATIONS:
        ctx.add("annotations", _too_many(len(items)))
        return []
    return [(f"annotations[{index}]", item) for index, item in enumerate(items)]


def _shape(data: object) -> str:
    if isinstance(data, dict):
        return f"a mapping of {len(data)} keys"
    if isinstance(data, list):
        return f"a list of {len(data)} items"
    return f"a {type(data).__name__}"


def _too_many(count: int) -> str:
    return (
        f"expected at most {inputs.MAX_ANNOTATIONS:,} annotations, got {count:,}; "
        "split them over several maps (see 'Limits' in the README)"
    )


def _from_geojson(ctx: Context, data: dict[str, Any]) -> list[tuple[str, Any]]:
    """GeoJSON features as the YAML form, so both are checked by the same rules.

    Each keeps its own ``features[i]`` path, so a skipped feature does not shift the others.
    """
    features = data.get("features")
    if not isinstance(features, list):
        ctx.add("features", f"expected a list of features, got {typed(features)}")
        return []
    if len(features) > inputs.MAX_ANNOTATIONS:
        ctx.add("features", _too_many(len(features)))
        return []
    items: list[tuple[str, Any]] = []
    for index, feature in enumerate(features):
        path = f"features[{index}]"
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(geometry, dict):
            ctx.add(
                f"{path}.geometry",
                f"empty geometry: expected a Point or LineString, got {typed(geometry)}",
            )
            continue
        kind = {"Point": "point", "LineString": "line"}.get(str(geometry.get("type")))
        if kind is None:
            ctx.add(
                f"{path}.geometry.type",
                f"expected Point or LineString, got {show(geometry.get('type'))}",
            )
            continue
        item = dict(properties) if isinstance(properties, dict) else {}
        item[kind] = geometry.get("coordinates")
        items.append((path, item))
    return items


def load_annotations(path: str | Path) -> tuple[Annotation, ...]:
    """Read and validate an annotations file (``.yaml``/``.yml`` or ``.geojson``/``.json``)."""
    file = Path(path)
    name = file.name
    if not file.exists():
        raise AnnotationError([f"{name}: file not found at {file}; check the --annotations path"])
    if file.is_dir():
        raise AnnotationError([f"{name}: expected a file, got a directory"])
    if file.suffix.lower() in (".geojson", ".json"):
        data = _read_json(file)
    else:
        data, problems = read_yaml(file, inputs.MAX_ANNOTATIONS_BYTES, text_limit=None)
        if problems:
            raise AnnotationError(problems)
    return parse_annotations(data, name)


def _read_json(file: Path) -> object:
    name = file.name
    try:
        text = inputs.read_text(file, "the file", inputs.MAX_ANNOTATIONS_BYTES)
        data: object = json.loads(text, object_pairs_hook=_unique_keys)
    except inputs.InputError as exc:
        raise AnnotationError([f"{name}: {exc}"]) from exc
    except json.JSONDecodeError as exc:
        raise AnnotationError([f"{name}: line {exc.lineno}: malformed JSON: {exc.msg}"]) from exc
    except ValueError as exc:  # e.g. an integer of more than 4300 digits, a duplicate key
        reason = str(exc).split(":")[0]
        msg = f"{name}: invalid JSON value: {reason}; expected ordinary numbers and unique keys"
        raise AnnotationError([msg]) from exc
    except RecursionError as exc:
        raise AnnotationError([f"{name}: malformed JSON: nested too deeply"]) from exc
    bad = inputs.text_problems(data)
    if bad:
        raise AnnotationError([f"{name}: {where}: {problem}" for where, problem in bad])
    return data


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        duplicate = next(k for k in keys if keys.count(k) > 1)
        msg = f"duplicate key {show(duplicate)}"
        raise ValueError(msg)
    return dict(pairs)
