"""A newsroom's story file: its own texts, layers, highlighted countries, extent and annotations
for one map, in YAML. Validated like the seeds: every problem is collected, each with its file,
key path, what was expected and what came, then raised once.

Example::

    preset: suwalki-gap              # the map the story starts from
    id: gap-explainer                # names the files `build` writes [default: the file name]
    languages: [lt, de]              # [default: those its texts are written in, else en]
    kicker: {lt: Saugumas, de: Sicherheit}
    title: {lt: ..., de: ...}        # each text: one string for every language, or {lang: text}
    subtitle: ...
    note: ...
    byline: ...
    source_note: ...
    layers: [borders_rus, borders_blr, suwalki, annotations, places]   # shown, bottom first
    highlight: [LTU, POL]            # ISO-3 codes drawn as the story's countries
    extent: suwalki                  # a map, a place of the seeds, a country, or [W, S, E, N]
    annotations: [...]               # as in an --annotations file
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from geo.annotations import Annotation, annotation_list, items_at
from geo.errors import StoryError
from geo.inputs import MAX_ANNOTATION_TEXT
from geo.validate import Context, Field, Text, read_yaml, record, show, typed

if TYPE_CHECKING:
    from geo.seeds import Seeds

Extent = tuple[float, float, float, float]  # west, south, east, north (lon/lat)

TEXT_KEYS = ("kicker", "title", "subtitle", "note", "byline", "source_note")
MAX_TEXT = MAX_ANNOTATION_TEXT
# Half the width and height (degrees) of the view around a named place.
PLACE_SPAN = (0.6, 0.35)


def _langs() -> tuple[str, ...]:
    from geo.maps.i18n import LANGS

    return LANGS


def _presets() -> tuple[str, ...]:
    from geo.maps.presets import ALL

    return ALL


def layer_names() -> tuple[str, ...]:
    """Every layer a story may list: those the presets draw, and the annotations."""
    from geo.maps.presets import PRESETS

    names = dict.fromkeys(name for p in PRESETS.values() for name in p.layers)
    return (*names, "annotations")


@dataclass(frozen=True)
class Story:
    """One story: which map, in which languages, with which texts and additions."""

    id: str
    preset: str
    languages: tuple[str, ...]
    texts: dict[str, Text]
    layers: tuple[str, ...] | None
    highlight: tuple[str, ...]
    extent: str | Extent | None
    annotations: tuple[Annotation, ...]
    filename: str

    def text(self, key: str, lang: str) -> str | None:
        """The story's ``key`` text in ``lang``, or None when the story does not set it."""
        value = self.texts.get(key)
        if value is None:
            return None
        return value.get(lang) or value.get("*")

    def speaks(self, lang: str) -> bool:
        """Whether the story has its texts in ``lang`` (a story of plain strings speaks all)."""
        return lang in self.languages or all("*" in value for value in self.texts.values())

    def filename_for(self, lang: str) -> str:
        return f"{self.id}.{lang}.html"


# --------------------------------------------------------------------------- converters


def _hint(value: object, options: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(str(value), options, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _text(ctx: Context, path: str, value: object) -> Text | None:
    """One string for every language (kept under ``*``), or a mapping of language to text."""
    if isinstance(value, str):
        if not value.strip():
            ctx.add(path, "expected a non-empty string, got ''")
            return None
        return _capped(ctx, path, {"*": value})
    if not isinstance(value, dict) or not value:
        ctx.add(path, f"expected text or a mapping of language to text, got {typed(value)}")
        return None
    out: Text = {}
    langs = _langs()
    for lang, text in value.items():
        if lang not in langs:
            ctx.add(
                path,
                f"expected a language among {', '.join(langs)}, got {show(lang)}"
                f"{_hint(lang, langs)}",
            )
        elif not isinstance(text, str) or not text.strip():
            ctx.add(f"{path}.{lang}", f"expected a non-empty string, got {typed(text)}")
        else:
            out[lang] = text
    return _capped(ctx, path, out) if out else None


def _capped(ctx: Context, path: str, value: Text) -> Text | None:
    for lang, text in value.items():
        if len(text) > MAX_TEXT:
            where = path if lang == "*" else f"{path}.{lang}"
            ctx.add(where, f"expected at most {MAX_TEXT} characters, got {len(text)}")
            return None
    return value


def _preset(ctx: Context, path: str, value: object) -> str | None:
    presets = _presets()
    if isinstance(value, str) and value in presets:
        return value
    ctx.add(
        path, f"expected a map among {', '.join(presets)}, got {show(value)}{_hint(value, presets)}"
    )
    return None


def _id(ctx: Context, path: str, value: object) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,63}", value):
        return value
    ctx.add(
        path,
        f"expected an id of lower-case letters, digits, - or _ (it names files), "
        f"got {typed(value)}",
    )
    return None


def _languages(ctx: Context, path: str, value: object) -> tuple[str, ...] | None:
    langs = _langs()
    if not isinstance(value, list) or not value:
        ctx.add(path, f"expected a list of languages among {', '.join(langs)}, got {typed(value)}")
        return None
    out = []
    for i, lang in enumerate(value):
        if lang not in langs:
            ctx.add(
                f"{path}[{i}]",
                f"expected a language among {', '.join(langs)}, "
                f"got {show(lang)}{_hint(lang, langs)}",
            )
        elif lang in out:
            ctx.add(f"{path}[{i}]", f"{lang!r} is listed twice; list each language once")
        else:
            out.append(lang)
    return tuple(out) if len(out) == len(value) else None


def _layers(ctx: Context, path: str, value: object) -> tuple[str, ...] | None:
    names = layer_names()
    if not isinstance(value, list) or not value:
        ctx.add(path, f"expected a list of layers among {', '.join(names)}, got {typed(value)}")
        return None
    out = []
    for i, name in enumerate(value):
        if name not in names:
            ctx.add(
                f"{path}[{i}]",
                f"expected a layer among {', '.join(names)}, got {show(name)}{_hint(name, names)}",
            )
        elif name in out:
            ctx.add(f"{path}[{i}]", f"{name!r} is listed twice; list each layer once")
        else:
            out.append(name)
    return tuple(out) if len(out) == len(value) else None


def _highlight(ctx: Context, path: str, value: object) -> tuple[str, ...] | None:
    import pycountry

    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        ctx.add(
            path, f"expected a list of ISO-3 country codes such as [LTU, POL], got {typed(value)}"
        )
        return None
    out = []
    for i, code in enumerate(value):
        known = (
            isinstance(code, str)
            and re.fullmatch(r"[A-Z]{3}", code)
            and (pycountry.countries.get(alpha_3=code) is not None)
        )
        if not known:
            upper = code.upper() if isinstance(code, str) else code
            fix = (
                f" (did you mean {upper!r}?)"
                if isinstance(upper, str) and pycountry.countries.get(alpha_3=upper) is not None
                else ""
            )
            ctx.add(
                f"{path}[{i}]", f"expected an ISO-3 country code such as LTU, got {show(code)}{fix}"
            )
        elif code not in out:
            out.append(code)
    return tuple(out) if len(out) == len(value) else None


def _extent(ctx: Context, path: str, value: object) -> str | Extent | None:
    """A name (resolved when the map is drawn, against the seeds) or [west, south, east, north]."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if (
        isinstance(value, list)
        and len(value) == 4
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        west, south, east, north = (float(v) for v in value)
        if not all(math.isfinite(v) for v in (west, south, east, north)):
            ctx.add(path, f"expected finite numbers, got {show(value)}")
            return None
        if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
            swapped = (
                "; did you swap longitude and latitude? shieldmap uses [lon, lat] order: "
                "[west, south, east, north]"
                if -180 <= south < north <= 180 and -90 <= west < east <= 90
                else ""
            )
            ctx.add(
                path,
                f"expected [west, south, east, north] with west < east and "
                f"south < north, in degrees, got {show(value)}{swapped}",
            )
            return None
        return (west, south, east, north)
    ctx.add(
        path,
        f"expected a map, place or country name, or [west, south, east, north], got {typed(value)}",
    )
    return None


_FIELDS: dict[str, Field] = {
    "preset": Field(_preset),
    "id": Field(_id, required=False),
    "languages": Field(_languages, required=False),
    **{key: Field(_text, required=False) for key in TEXT_KEYS},
    "layers": Field(_layers, required=False),
    "highlight": Field(_highlight, required=False, default=()),
    "extent": Field(_extent, required=False),
    "annotations": Field(lambda ctx, path, v: v, required=False, default=[]),
}


# --------------------------------------------------------------------------- loading


def parse_story(data: object, filename: str, default_id: str = "story") -> Story:
    """Validate a parsed story file; raise StoryError listing every problem."""
    ctx = Context(filename)
    values = record(ctx, "", data, _FIELDS) if isinstance(data, dict) else None
    if values is None:
        ctx.add("", f"expected a mapping of story keys ({', '.join(_FIELDS)}), got {typed(data)}")
        raise StoryError(ctx.problems)
    annotations = annotation_list(ctx, items_at(ctx, "annotations", values["annotations"]))
    if annotations and values["layers"] and "annotations" not in values["layers"]:
        ctx.add(
            "layers",
            "the story has annotations but 'annotations' is not among its layers; "
            "add it where they should be drawn",
        )
    texts = {key: values[key] for key in TEXT_KEYS if values[key] is not None}
    written_in = [lang for value in texts.values() for lang in value if lang != "*"]
    languages = values["languages"] or tuple(dict.fromkeys(written_in)) or ("en",)
    for key, value in texts.items():
        if "*" in value:
            continue
        missing = [lang for lang in languages if lang not in value]
        if missing:
            ctx.add(
                key,
                f"missing the {', '.join(repr(m) for m in missing)} text; the story "
                f"is in {', '.join(languages)}: add {key}.{missing[0]}, or give one text "
                "for every language",
            )
    if ctx.problems:
        raise StoryError(ctx.problems)
    slug = re.sub(r"[^a-z0-9_-]+", "-", default_id.lower()).strip("-_")[:58] or "story"
    if values["id"] in _presets():
        ctx.add(
            "id",
            f"{values['id']!r} is a map's own name, and its files would be replaced; "
            "choose another id",
        )
        raise StoryError(ctx.problems)
    return Story(
        id=values["id"] or (f"{slug}-story" if slug in _presets() else slug),
        preset=values["preset"],
        languages=languages,
        texts=texts,
        layers=values["layers"],
        highlight=values["highlight"] or (),
        extent=values["extent"],
        annotations=annotations,
        filename=filename,
    )


def load_story(path: str | Path) -> Story:
    """Read and validate a story file (YAML)."""
    file = Path(path)
    name = file.name
    if not file.exists():
        raise StoryError([f"{name}: file not found at {file}; check the --story path"])
    data, problems = read_yaml(file)
    if problems:
        raise StoryError(problems)
    return parse_story(data, name, file.stem)


# --------------------------------------------------------------------------- fitting a map


def possible_extent(preset: str | None = None) -> Extent:
    """The land a reader can ever see of ``preset`` (what the page lets them pan to); with no
    preset, of all maps together."""
    from geo.maps.presets import PRESETS, get_preset
    from geo.maps.viewport import clip_extent

    specs = [get_preset(preset)] if preset else list(PRESETS.values())
    boxes = [clip_extent(spec.extent, aspect=spec.max_aspect) for spec in specs]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def check_language(story: Story, lang: str) -> None:
    """Refuse a language the story has no texts for."""
    if story.speaks(lang):
        return
    raise StoryError(
        [
            f"{story.filename}: written in {', '.join(story.languages)}, got --lang {lang}; "
            f"add '{lang}' texts to it (and to 'languages'), or choose one of those"
        ]
    )


def resolve_extent(story: Story, seeds: Seeds, bounds: Extent) -> Extent | None:
    """The story's extent as [west, south, east, north], checked against ``bounds``, the land
    the story's map can ever show; None when the story keeps its map's extent."""
    if story.extent is None:
        return None
    path = f"{story.filename}: extent"
    if isinstance(story.extent, tuple):
        extent = story.extent
    else:
        extent = _named_extent(story.extent, seeds, path)
    west, south, east, north = bounds
    inside = (
        extent[0] >= west - 1e-9
        and extent[1] >= south - 1e-9
        and extent[2] <= east + 1e-9
        and extent[3] <= north + 1e-9
    )
    if not inside:
        what = f"the {story.preset} map"
        swapped = (extent[1], extent[0], extent[3], extent[2])
        fits = swapped[0] >= west and swapped[1] >= south and swapped[2] <= east
        hint = (
            "did you swap longitude and latitude? GeoJSON and shieldmap use [lon, lat]"
            if fits and swapped[3] <= north
            else "choose an extent inside it, or a wider map as 'preset'"
        )
        raise StoryError(
            [
                f"{path}: {show(list(extent))} reaches outside {what}, which shows lon "
                f"{west:.2f} to {east:.2f} and lat {south:.2f} to {north:.2f}; {hint}"
            ]
        )
    return extent


def _named_extent(name: str, seeds: Seeds, path: str) -> Extent:
    from geo.maps.presets import PRESETS

    if name in PRESETS:
        return PRESETS[name].extent
    wanted = name.casefold()
    for place in seeds.places:
        names = [place.id, *place.names.values()]
        if any(str(n).casefold() == wanted for n in names):
            dx, dy = PLACE_SPAN
            return (place.lon - dx, place.lat - dy, place.lon + dx, place.lat + dy)
    places = sorted(p.id for p in seeds.places)
    options = (*PRESETS, *places)
    raise StoryError(
        [
            f"{path}: expected a map ({', '.join(PRESETS)}), a place of the seeds "
            f"({', '.join(places)}) or [west, south, east, north], got {name!r}"
            f"{_hint(name, options)}"
        ]
    )
