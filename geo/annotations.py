"""Load a newsroom's own annotations (YAML or GeoJSON): points, lines and shaded areas with a
label, a note, an optional source link and a small style. Validated like the seeds: every
problem is collected, then raised once.

YAML form::

    annotations:
      - label: Kuźnica crossing closed      # a string, or {en: ..., pl: ..., lt: ...}
        note: Closed to traffic since 2023   # optional
        url: https://example.org/report      # optional; http(s) only
        source: Border Guard                 # optional; the link's text [default: the site]
        point: [23.65, 53.51]                # lon, lat (WGS84)
        marker: square                       # dot | square | triangle | cross
        color: vermillion                    # a colour name of the style table
        label_position: right                # auto | left | right | above | below
      - label: Planned ditch
        line: [[23.1, 53.2], [23.5, 53.4]]
        dash: dashed                         # solid | dashed | dotted
      - label: Exclusion zone
        area: [[23.4, 53.9], [23.6, 53.9], [23.6, 54.1], [23.4, 54.1]]   # one ring, or rings

GeoJSON form: a FeatureCollection of Point, LineString, Polygon and MultiPolygon features in
WGS84 whose properties hold the same keys.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from geo import inputs
from geo.errors import AnnotationError
from geo.validate import (
    Context,
    Field,
    Text,
    choice,
    optional,
    pattern,
    read_yaml,
    record,
    show,
    typed,
)

MAX_TEXT = inputs.MAX_ANNOTATION_TEXT
MARKERS = ("dot", "square", "triangle", "cross")
DASHES = ("solid", "dashed", "dotted")
LABEL_POSITIONS = ("auto", "left", "right", "above", "below")
GEOMETRY_KEYS = ("point", "line", "area")
Extent = tuple[float, float, float, float]  # west, south, east, north


def colour_names() -> tuple[str, ...]:
    """The colour names an annotation may use: those of the style table."""
    from geo.style import OKABE_ITO

    return tuple(OKABE_ITO)


@dataclass(frozen=True)
class AnnotationStyle:
    """How one annotation is drawn; names, not values, so every renderer reads the same table."""

    marker: str = "dot"
    color: str = "reddish_purple"
    dash: str = "solid"
    label_position: str = "auto"


@dataclass(frozen=True)
class Annotation:
    """A user's point, line or shaded area, with its label, note, link and style."""

    id: str
    label: Text
    note: Text | None
    url: str | None
    geometry: Point | LineString | Polygon | MultiPolygon
    style: AnnotationStyle = AnnotationStyle()
    source: Text | None = None
    # where it was given ("notes.yaml: annotations[0]"), for messages about it
    origin: str = field(default="", compare=False)

    @property
    def kind(self) -> str:
        """``point``, ``line`` or ``area``."""
        if isinstance(self.geometry, Point):
            return "point"
        return "line" if isinstance(self.geometry, LineString) else "area"

    @property
    def symbol(self) -> str:
        """Its symbol in the style table: ``annotation.KIND.MARKER-OR-DASH.COLOUR``."""
        variant = self.style.marker if self.kind == "point" else self.style.dash
        return f"annotation.{self.kind}.{variant}.{self.style.color}"

    def text(self, field: str, lang: str) -> str:
        """The label or note in ``lang``, falling back to English, then any language."""
        return self.text_in(field, lang)[0]

    def text_in(self, field: str, lang: str) -> tuple[str, str]:
        """The text and the language it is actually in (not ``lang`` when it fell back)."""
        value: Text | None = getattr(self, field)
        if not value:
            return "", lang
        for candidate in (lang, "en", *value):
            if value.get(candidate):
                return value[candidate], candidate
        return "", lang  # pragma: no cover - a Text is never empty

    @property
    def link(self) -> str | None:
        """The URL when it is http(s); anything else is only ever shown as text."""
        return inputs.safe_url(self.url)

    def link_text(self, lang: str) -> str:
        """What the link says: the source named with it, else the site it leads to."""
        return self.text("source", lang) if self.source else site_name(self.url or "")


def site_name(url: str) -> str:
    """The site a URL leads to, as a reader would name it: ``strazgraniczna.pl``."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


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
            hint = (
                '; a text that holds a comma must be in quotes, e.g. {en: "a, b"}'
                if isinstance(lang, str) and " " in lang.strip()
                else ""
            )
            ctx.add(path, f"expected a two-letter language code, got {show(lang)}{hint}")
        elif not isinstance(text, str) or not text.strip():
            ctx.add(f"{path}.{lang}", f"expected a non-empty string, got {typed(text)}")
        elif len(text) > MAX_TEXT:
            ctx.add(f"{path}.{lang}", f"expected at most {MAX_TEXT} characters, got {len(text)}")
        else:
            out[lang] = text
    return out or None


def _http_url(ctx: Context, path: str, value: object) -> str | None:
    """An http(s) URL; without a scheme, the message shows the fix."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        ctx.add(path, f"expected a URL string, got {typed(value)}")
        return None
    text = value.strip()
    if re.fullmatch(r"(?i)https?://[^\s/]+\S*", text):
        if any(ch in text for ch in "\"'<>`\\"):
            ctx.add(
                path,
                f"expected a URL without quotes, backslashes or angle brackets, got "
                f"{show(text)}; percent-encode them (%22 %27 %3C %3E %60 %5C)",
            )
            return None
        return text
    if re.fullmatch(r"(?i)(//)?[a-z0-9.-]+\.[a-z]{2,}([/?#]\S*)?", text):
        bare = text.removeprefix("//")
        ctx.add(
            path, f"expected a URL starting with https://, got {show(text)}; write 'https://{bare}'"
        )
        return None
    ctx.add(path, f"expected an http(s) URL such as https://example.org/page, got {show(text)}")
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
        swapped = (
            " (did you swap longitude and latitude? GeoJSON and shieldmap use [lon, lat])"
            if math.isfinite(lon) and math.isfinite(lat) and -90 <= lon <= 90 < abs(lat) <= 180
            else ""
        )
        ctx.add(
            path,
            f"expected lon from -180 to 180 and lat from -90 to 90, got {show(value)}{swapped}",
        )
        return None
    ctx.add(path, f"expected a position [lon, lat], got {typed(value)}")
    return None


def _point(ctx: Context, path: str, value: object) -> Point | None:
    if isinstance(value, list) and not value:
        ctx.add(path, "empty geometry: expected a position [lon, lat]")
        return None
    position = _position(ctx, path, value)
    return Point(position) if position else None


def _positions(ctx: Context, path: str, value: object) -> list[tuple[float, float]] | None:
    if not isinstance(value, list) or not value:
        ctx.add(path, f"empty geometry: expected a list of positions, got {show(value)}")
        return None
    if len(value) > inputs.MAX_LINE_VERTICES:
        ctx.add(
            path,
            f"expected at most {inputs.MAX_LINE_VERTICES:,} positions in a line or ring, got "
            f"{len(value):,}; simplify it (see 'Limits' in the README)",
        )
        return None
    positions = [_position(ctx, f"{path}[{i}]", v) for i, v in enumerate(value)]
    if any(p is None for p in positions):
        return None
    return [p for p in positions if p is not None]


def _line(ctx: Context, path: str, value: object) -> LineString | None:
    positions = _positions(ctx, path, value)
    if positions is None:
        return None
    if len(set(positions)) < 2:
        ctx.add(path, "expected a line through at least two different positions")
        return None
    line = LineString(positions)
    if not line.is_simple:
        ctx.add(path, "self-intersecting line: expected a line that does not cross itself")
        return None
    return line


def _depth(value: object) -> int:
    """How deeply lists nest before the numbers: 1 for a position, 2 for a ring..."""
    depth = 0
    while isinstance(value, list) and value:
        depth += 1
        value = value[0]
    return depth


def _ring(ctx: Context, path: str, value: object) -> list[tuple[float, float]] | None:
    positions = _positions(ctx, path, value)
    if positions is None:
        return None
    if len(set(positions)) < 3:
        ctx.add(path, "expected a ring through at least three different positions")
        return None
    return positions


def _polygon(ctx: Context, path: str, rings: list[Any]) -> Polygon | None:
    checked = [_ring(ctx, f"{path}[{i}]", ring) for i, ring in enumerate(rings)]
    if any(ring is None for ring in checked):
        return None
    shell, *holes = (ring for ring in checked if ring is not None)
    return Polygon(shell, holes)


def _area(ctx: Context, path: str, value: object) -> Polygon | MultiPolygon | None:
    """One ring (a list of positions), a polygon (a list of rings: the outline, then holes),
    or several polygons (a list of those); rings close themselves."""
    depth = _depth(value)
    if depth == 2:
        ring = _ring(ctx, path, value)
        geom: Polygon | MultiPolygon | None = Polygon(ring) if ring else None
    elif depth == 3:
        geom = _polygon(ctx, path, value)  # type: ignore[arg-type]
    elif depth == 4:
        items: list[Any] = value  # type: ignore[assignment]
        parts = [_polygon(ctx, f"{path}[{i}]", p) for i, p in enumerate(items)]
        geom = None if any(p is None for p in parts) else MultiPolygon(parts)
    else:
        ctx.add(
            path,
            f"empty geometry: expected a ring of positions [[lon, lat], ...], got {show(value)}",
        )
        return None
    if geom is not None and not geom.is_valid:
        reason = explain_validity(geom).split("[")[0].strip().lower()
        ctx.add(
            path,
            f"invalid area ({reason}): expected rings that do not cross themselves or each other",
        )
        return None
    return geom


_FIELDS = {
    "id": Field(
        optional(pattern(r"[A-Za-z0-9_-]{1,64}", "an id of letters, digits, - or _")),
        required=False,
    ),
    "label": Field(_free_text),
    "note": Field(optional(_free_text), required=False),
    "url": Field(optional(_http_url), required=False),
    "source": Field(optional(_free_text), required=False),
    "point": Field(_point, required=False),
    "line": Field(_line, required=False),
    "area": Field(_area, required=False),
    "marker": Field(choice(*MARKERS), required=False),
    "color": Field(lambda ctx, path, v: choice(*colour_names())(ctx, path, v), required=False),
    "dash": Field(choice(*DASHES), required=False),
    "label_position": Field(choice(*LABEL_POSITIONS), required=False),
}
# Which style keys apply to which geometry, to refuse one that would be silently ignored.
_STYLE_FOR = {"point": ("marker", "label_position"), "line": ("dash",), "area": ("dash",)}


def parse_annotations(data: object, filename: str) -> tuple[Annotation, ...]:
    """Validate parsed YAML (or GeoJSON turned into the same form); raise AnnotationError."""
    ctx = Context(filename)
    found = annotation_list(ctx, _items(ctx, data))
    if ctx.problems:
        raise AnnotationError(ctx.problems)
    return found


def annotation_list(ctx: Context, items: list[tuple[str, Any]]) -> tuple[Annotation, ...]:
    """Check annotations given as (key path, item) pairs; problems go to ``ctx``.

    Story files use this for their inline ``annotations``.
    """
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
        has = [k for k in GEOMETRY_KEYS if isinstance(item, dict) and k in item]
        if len(has) != 1:
            ctx.add(path, f"expected exactly one of 'point', 'line' or 'area', got {len(has)}")
            continue
        kind = has[0]
        for key in ("marker", "label_position", "dash"):
            if isinstance(item, dict) and key in item and key not in _STYLE_FOR[kind]:
                fits = "lines and areas" if key == "dash" else "points"
                article = "an" if kind == "area" else "a"
                ctx.add(
                    f"{path}.{key}", f"'{key}' is for {fits}, not for {article} {kind}; remove it"
                )
        geometry = values[kind]
        ident = values["id"] or _default_id(index, explicit)
        if ident in seen:
            ctx.add(f"{path}.id", f"duplicate id {ident!r}")
        seen.add(ident)
        default = AnnotationStyle()
        style = AnnotationStyle(
            values["marker"] or default.marker,
            values["color"] or default.color,
            values["dash"] or default.dash,
            values["label_position"] or default.label_position,
        )
        if geometry is not None and values["label"] is not None:
            found.append(
                Annotation(
                    ident,
                    values["label"],
                    values["note"],
                    values["url"],
                    geometry,
                    style,
                    values["source"],
                    origin=f"{ctx.filename}: {path}",
                )
            )
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
    return items_at(ctx, "annotations", data["annotations"])


def items_at(ctx: Context, path: str, items: object) -> list[tuple[str, Any]]:
    """The items of a YAML list of annotations, each with its key path."""
    if not isinstance(items, list):
        ctx.add(path, f"expected a list, got {typed(items)}")
        return []
    if len(items) > inputs.MAX_ANNOTATIONS:
        ctx.add(path, _too_many(len(items)))
        return []
    return [(f"{path}[{index}]", item) for index, item in enumerate(items)]


_GEOJSON_KINDS = {"Point": "point", "LineString": "line", "Polygon": "area", "MultiPolygon": "area"}


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
                f"empty geometry: expected a Point, LineString, Polygon or MultiPolygon, "
                f"got {typed(geometry)}",
            )
            continue
        kind = _GEOJSON_KINDS.get(str(geometry.get("type")))
        if kind is None:
            ctx.add(
                f"{path}.geometry.type",
                f"expected Point, LineString, Polygon or MultiPolygon, "
                f"got {show(geometry.get('type'))}",
            )
            continue
        item = dict(properties) if isinstance(properties, dict) else {}
        item[kind] = geometry.get("coordinates")
        items.append((path, item))
    return items


# --------------------------------------------------------------------------- where they lie


def outside_problems(annotations: Iterable[Annotation], bounds: Extent, what: str) -> list[str]:
    """One line per annotation that ``bounds`` (west, south, east, north) cannot show.

    ``what`` names the map ("the suwalki-gap map"). An annotation whose swapped [lat, lon]
    would fall inside gets the hint that names the mistake.
    """
    area = box(*bounds)
    problems = []
    for item in annotations:
        if item.geometry.intersects(area):
            continue
        swapped = _swap(item.geometry)
        hint = (
            "did you swap longitude and latitude? GeoJSON and shieldmap use [lon, lat]"
            if swapped.intersects(area)
            else "move it inside, or choose a map that covers it"
        )
        west, south, east, north = bounds
        problems.append(
            f"{item.origin or item.id}: {_first_position(item.geometry)} lies outside "
            f"{what}, which shows lon {west:.2f} to {east:.2f} and lat {south:.2f} to "
            f"{north:.2f}; {hint}"
        )
    return problems


def check_inside(annotations: Iterable[Annotation], bounds: Extent, what: str) -> None:
    """Raise AnnotationError when an annotation lies wholly outside ``bounds``."""
    problems = outside_problems(annotations, bounds, what)
    if problems:
        raise AnnotationError(problems)


def _swap(geom: BaseGeometry) -> BaseGeometry:
    import shapely

    return shapely.transform(geom, lambda xy: xy[:, ::-1])


def _first_position(geom: BaseGeometry) -> str:
    import shapely

    x, y = shapely.get_coordinates(geom)[0]
    return f"[{x:g}, {y:g}]"


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
