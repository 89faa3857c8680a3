"""The map scene: everything one map shows, in one language, with no presentation in it.

:func:`build_scene` turns a preset, a language and the inputs (layers, seeds, the preset's web
geometry) into a :class:`Scene`. Renderers read scenes and nothing else: the HTML renderer
(:mod:`geo.maps.html`) draws one with Leaflet, a static renderer draws the same scene with
matplotlib. Nothing flows back: a scene holds no folium object, no HTML, no file handle, and a
renderer never computes geometry or looks a fact up again.

All geometry is shapely in lon/lat (EPSG:4326), already clipped and simplified for this map.
Symbols are names from the style table (:mod:`geo.style`); label kinds likewise. Every text is
plain text in the scene's language (renderers escape it for their medium); structured content
(popups, the text alternative, credits) is made of the small types below, so an HTML renderer
can write links and lists and a print renderer can set them as it likes.

Examples
--------
>>> scene = build_scene("overview", "en", inputs)  # doctest: +SKIP
>>> [layer.key for layer in scene.layers]  # doctest: +SKIP
['countries', 'eastern_shield', 'baltic_defence_line', 'borders_rus', ...]
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

if TYPE_CHECKING:
    from geo.layers import Layers
    from geo.maps.presets import Extent
    from geo.maps.webgeom import WebGeometry
    from geo.seeds import Seeds
    from geo.story import Story

# --------------------------------------------------------------------------- rich text


@dataclass(frozen=True)
class Link:
    """A hyperlink: ``text`` pointing at ``url`` (only http(s) URLs reach a scene as links)."""

    text: str
    url: str


@dataclass(frozen=True)
class Strong:
    """Text set in bold (a date heading a treaty step, a progress figure)."""

    text: str


@dataclass(frozen=True)
class Note:
    """A quiet aside set smaller and grey ("(measured on Natural Earth 5.1.1)")."""

    text: str


Inline = str | Link | Strong | Note
Run = tuple[Inline, ...]
"""A line of text: plain strings, links, bold and quiet parts, in reading order."""


def plain(run: Run) -> str:
    """A run as plain text (links become their text)."""
    return "".join(part if isinstance(part, str) else part.text for part in run)


@dataclass(frozen=True)
class Row:
    """One term of a popup's definition list.

    Attributes
    ----------
    term : str
        What the row is about ("Measured", "Budget").
    value : Run
        The value; may be empty when ``items`` carry it.
    items : tuple of Run
        A bulleted list under the value (the barriers along one border).
    """

    term: str
    value: Run = ()
    items: tuple[Run, ...] = ()


@dataclass(frozen=True)
class Popup:
    """What a reader sees on clicking a feature, in reading order.

    Attributes
    ----------
    title : str
        The heading.
    paragraphs : tuple of Run
        Paragraphs under the heading.
    rows : tuple of Row
        A definition list of facts.
    items : tuple of Run
        A bulleted list (treaty steps, barriers).
    sources : Run
        The sources of the whole popup ("Sources: Reuters, 2025"), or empty.
    """

    title: str
    paragraphs: tuple[Run, ...] = ()
    rows: tuple[Row, ...] = ()
    items: tuple[Run, ...] = ()
    sources: Run = ()


# --------------------------------------------------------------------------- layers


@dataclass(frozen=True)
class Feature:
    """One drawn thing.

    Attributes
    ----------
    geometry : shapely geometry
        Lon/lat, simplified for this map (a polygon, a line or a point).
    symbol : str
        Its symbol in the style table (``"border.blr"``); the symbol's casing, if any, is
        drawn under it.
    tags : tuple of str
        Stable names for the feature, shared by every language (``("sm-border",
        "border-POL-BLR")``): the HTML renderer writes them as CSS classes, tests find features
        by them.
    tooltip : str or None
        A one-line text shown on hover.
    popup : Popup or None
        What a click opens.
    """

    geometry: BaseGeometry
    symbol: str
    tags: tuple[str, ...] = ()
    tooltip: str | None = None
    popup: Popup | None = None


Position = Literal["center", "left", "right", "above", "below"]
"""Where a label's text sits relative to its anchor: centred on it, ending left of it,
starting right of it, or centred above or below it (for points, clear of the marker)."""


@dataclass(frozen=True)
class Label:
    """A permanent text on the map.

    Attributes
    ----------
    lines : tuple of str
        The text, one entry per line.
    kind : str
        Its label kind in the style table (``"length.rus"``, ``"country.focus"``).
    anchor : Point
        Lon/lat point the text belongs to.
    priority : int
        Higher is more important: when two labels collide the lower one yields (see
        :data:`PRIORITY`).
    positions : tuple of Position
        Where the text may go, most preferred first.
    heading : bool
        Whether the first line is a heading set apart from the rest (a country's name over its
        treaty status).
    tags : tuple of str
        Stable names, as for :class:`Feature` (``("sm-len", "sm-len-rus")``).
    along : tuple of Point
        Further anchors the text may move to, in order of preference (other points along
        the line a length names); each is tried with every position.
    plan : str
        Where the label placer (:mod:`geo.maps.labels`) put the text at each zoom step, from
        the scene's ``min_zoom`` up in quarter steps: one character per step, the index (in
        base 36) of the chosen entry of :attr:`candidates`, or ``-`` where the label is left
        out because more important labels have the room. Empty until placed.
    """

    lines: tuple[str, ...]
    kind: str
    anchor: Point
    priority: int
    positions: tuple[Position, ...] = ("center",)
    heading: bool = False
    tags: tuple[str, ...] = ()
    along: tuple[Point, ...] = ()
    plan: str = ""

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    @property
    def candidates(self) -> tuple[tuple[Point, Position], ...]:
        """Every (anchor, position) the text may take, most preferred first."""
        return tuple((a, p) for a in (self.anchor, *self.along) for p in self.positions)

    def at(self, zoom: float, min_zoom: float) -> tuple[Point, Position] | None:
        """Where the placer put the text at ``zoom`` (None: left out there)."""
        if not self.plan:
            return self.candidates[0]
        step = min(len(self.plan) - 1, max(0, round((zoom - min_zoom) / 0.25)))
        code = self.plan[step]
        return None if code == "-" else self.candidates[int(code, 36)]


# Label priorities: the story's countries and border lengths before context names and towns.
PRIORITY: dict[str, int] = {
    "country.focus": 100,
    "status": 100,
    "region": 101,  # Kaliningrad Oblast: the smallest area to name, so placed first
    "country": 95,  # the neighbours: Russia, Belarus
    "length": 90,
    "gap": 90,
    "program": 70,
    "barrier": 60,
    "capital": 50,
    "annotation": 45,
    "country.context": 40,
    "city": 30,
    "town": 20,
}


@dataclass(frozen=True)
class Layer:
    """A group of features and labels a reader can switch on and off together.

    Attributes
    ----------
    key : str
        Stable id (``"borders_blr"``), the same in every language.
    name : str
        Its name in the scene's language, for a layer switcher.
    features : tuple of Feature
        Drawn in this order, first at the bottom.
    labels : tuple of Label
        The layer's permanent labels.
    switchable : bool
        Whether a reader may hide it (the land is not switchable).
    """

    key: str
    name: str
    features: tuple[Feature, ...]
    labels: tuple[Label, ...] = ()
    switchable: bool = True


@dataclass(frozen=True)
class KeyEntry:
    """One row of the map's key: a sample of ``symbol`` and what it means.

    ``layer`` is the :attr:`Layer.key` whose visibility the row follows.
    """

    layer: str
    symbol: str
    text: str


# --------------------------------------------------------------------------- texts


@dataclass(frozen=True)
class TextBlock:
    """A heading and its lines, in the text alternative."""

    heading: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class TextAlternative:
    """The map in words, for screen readers and for readers without the picture."""

    heading: str
    intro: str
    blocks: tuple[TextBlock, ...]


@dataclass(frozen=True)
class SourceRef:
    """One source the map cites: shown in the list of sources at the foot of the map."""

    id: str
    publisher: str
    date: str  # already formatted in the scene's language; may be empty
    title: str
    url: str


@dataclass(frozen=True)
class Credits:
    """The map's foot: how lengths were measured, boundary data, sources.

    Attributes
    ----------
    measured : str
        How lengths were measured.
    boundaries : str
        The boundary data: name, version, scale, licence.
    boundary_link : Link
        The boundary data's home page, named by its attribution.
    attribution : str
        The short attribution a map's corner shows.
    map : str
        Who made the map.
    sources_heading : str
        "Sources (n)".
    sources : tuple of SourceRef
        In order of first citation.
    """

    measured: str
    boundaries: str
    boundary_link: Link
    attribution: str
    map: str
    sources_heading: str
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True)
class Step:
    """One treaty step of a country on the timeline; ``text`` says what and when."""

    date: datetime.date
    kind: str
    text: str


@dataclass(frozen=True)
class TimelineRow:
    name: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Timeline:
    """Each withdrawing country's steps out of the treaty, from ``start`` to ``end``.

    ``ticks`` are month starts with their label (None: a tick without text); ``legend`` pairs
    each step kind with its name.
    """

    heading: str
    start: datetime.date
    end: datetime.date
    ticks: tuple[tuple[datetime.date, str | None], ...]
    rows: tuple[TimelineRow, ...]
    legend: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Locator:
    """A small overview map: countries by role, and the main map's extent boxed.

    ``shapes`` pairs a symbol of the style table (``"locator.focus"``) with a lon/lat polygon
    simplified for a map about 120 px wide; ``box`` is the locator's own extent.
    """

    label: str
    box: Extent
    shapes: tuple[tuple[str, BaseGeometry], ...]
    extent: Extent


@dataclass(frozen=True)
class Scene:
    """One map, ready for any renderer.

    Attributes
    ----------
    preset, lang : str
        The preset id and the language, as asked.
    extent : Extent
        What the map shows on opening (west, south, east, north).
    bounds : Extent
        How far readers may pan; the land is drawn this far.
    aspect : float
        The map panel's preferred width over height (an embed's frame).
    min_zoom, max_zoom : int
        Web Mercator zoom range readers may use (a static renderer uses the extent).
    kicker, title, subtitle : str
        The headline block above the map.
    layers : tuple of Layer
        In drawing order, bottom first; the first is the land.
    key : tuple of KeyEntry
        The key, top to bottom.
    alt : TextAlternative
        The map in words.
    credits : Credits
        Measurement note, boundary data, sources.
    data_as_of : datetime.date or None
        The newest date among the facts shown (events, sources), None if none is dated.
    data_as_of_text : str
        The same, formatted in the scene's language ("Data as of 20 February 2026").
    timeline : Timeline or None
        The treaty timeline, on maps that show one.
    locator : Locator
        The locator inset.
    note, byline, source_note : str
        A story's own texts: a note under the map, who made it, and its source line (empty
        on the presets; see :mod:`geo.story`).
    """

    preset: str
    lang: str
    extent: Extent
    bounds: Extent
    aspect: float
    min_zoom: int
    max_zoom: int
    kicker: str
    title: str
    subtitle: str
    layers: tuple[Layer, ...]
    key: tuple[KeyEntry, ...]
    alt: TextAlternative
    credits: Credits
    data_as_of: datetime.date | None
    data_as_of_text: str
    timeline: Timeline | None
    locator: Locator
    note: str = ""
    byline: str = ""
    source_note: str = ""

    def layer(self, key: str) -> Layer | None:
        """The layer called ``key``, if the scene has it."""
        return next((layer for layer in self.layers if layer.key == key), None)

    @property
    def labels(self) -> tuple[Label, ...]:
        """Every label of every layer, most important first."""
        every = [label for layer in self.layers for label in layer.labels]
        return tuple(sorted(every, key=lambda label: -label.priority))


@dataclass(frozen=True)
class SceneInputs:
    """What a scene is built from.

    ``web`` is the preset's :func:`geo.maps.webgeom.preset_geometries`; pass it when building
    several languages of one preset so the simplification runs once.
    """

    layers: Layers
    seeds: Seeds
    web: WebGeometry | None = None
    story: Story | None = None


def build_scene(preset: str, lang: str, inputs: SceneInputs) -> Scene:
    """The scene of one preset in one language.

    Raises
    ------
    MapError
        For an unknown preset or language.
    """
    from geo.maps.compose import compose

    return compose(preset, lang, inputs)
