"""QGIS documents for the layer bundle: QML styles, QMD layer metadata, and a ``.qgs`` project.

All three are plain XML built with ElementTree, so no QGIS is needed at build time; the
structure follows what QGIS 3.22 was seen to read (see gis-notes.md sections 1.2 to 1.4).
Colours, dash patterns and widths come from :mod:`geo.style`, the one table the web maps and the
static export read as well (CSS px converted to mm), so a layer looks the same in QGIS as on the
published map.
"""

from __future__ import annotations

import copy
import datetime
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from geo import __version__, citation, style
from geo.datadict import FIELDS, attribution, info

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pandas as pd
    from pyproj import CRS

    from geo.boundaries import BoundarySource

QGIS_VERSION = "3.22.16-Białowieża"
DOCTYPE = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
PROJECT_CRS = "EPSG:3035"


@dataclass(frozen=True)
class Fill:
    color: str
    outline: str
    outline_width: float  # mm
    dash: tuple[float, ...] = ()  # outline dash pattern, mm


@dataclass(frozen=True)
class Line:
    color: str
    width: float  # mm
    dash: tuple[float, ...] = ()  # dash and gap lengths in mm; empty for solid
    cap: str = "round"
    casing: Line | None = None  # drawn first, under the line (a white halo)


@dataclass(frozen=True)
class Marker:
    color: str
    outline: str
    outline_width: float  # mm
    shape: str
    size: float  # diameter, mm


Symbol = Fill | Line | Marker


def _mm(px: float) -> float:
    return round(px * style.MM_PER_PX, 3)


def _from_table(name: str) -> Symbol:
    """The QGIS form of a symbol of :mod:`geo.style` (the one table every renderer reads)."""
    sym = style.symbol(name)
    if isinstance(sym, style.Line):
        cap = {"butt": "flat", "round": "round", "square": "square"}[sym.cap]
        dash = tuple(_mm(d) for d in sym.dash)
        casing = _from_table(sym.casing) if sym.casing else None
        return Line(
            style.qgis_rgba(sym.color, sym.opacity),
            _mm(sym.width),
            dash,
            cap,
            casing if isinstance(casing, Line) else None,
        )
    if isinstance(sym, style.Area):
        return Fill(
            style.qgis_rgba(sym.fill, sym.fill_opacity),
            style.qgis_rgba(sym.stroke),
            _mm(sym.stroke_width),
            tuple(_mm(d) for d in sym.dash),
        )
    return Marker(
        style.qgis_rgba(sym.fill),
        style.qgis_rgba(sym.stroke),
        _mm(sym.stroke_width),
        sym.shape,
        _mm(2 * sym.radius),
    )


@dataclass(frozen=True)
class Labels:
    """How a layer is labelled: one label per feature, never run together with another.

    ``text`` is a field name, or a QGIS expression when it holds a quote or a parenthesis
    (``""`` for programme lines: their name comes from the ``programmes`` table). ``kinds``
    names the label kind of :mod:`geo.style` for the whole layer, or one per value of the
    layer's category field. ``side`` puts line labels ``above`` or ``below`` their line, off
    the programme bands, so a border's length and a programme's name never touch. ``priority``
    (0 to 10) decides which label wins a place; ``hide_beyond`` hides a kind's labels when
    zoomed out beyond that scale denominator.
    """

    text: str
    kinds: str | dict[str, str]
    priority: int
    side: str = ""
    hide_beyond: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Style:
    """How one layer is drawn: one symbol, or one per value of ``attr``; how it is labelled."""

    symbols: dict[str, tuple[str, Symbol]]  # value -> (legend label, symbol); "" alone = single
    attr: str = ""
    labels: Labels | None = None


_LENGTH_LABEL = "concat(\"{name}\", ' ', round(\"length_km\"), ' km')"
# Line labels stand this far (mm) from their line: beyond half a programme band, so the band
# under a border covers neither the border's label nor its own.
_LINE_LABEL_DISTANCE = max(
    _mm(style.symbol(n).width) / 2 + 0.6  # type: ignore[union-attr]
    for n in ("program.eastern_shield", "program.baltic_defence_line")
)
PROGRAMME_LAYERS = ("eastern_shield", "baltic_defence_line")

STYLES: dict[str, Style] = {
    "countries": Style(
        {
            "withdrawing": ("Leaving the Ottawa Convention", _from_table("land.withdrawing")),
            "adversary": ("Russia and Belarus", _from_table("land.adversary")),
            "context": ("Other countries", _from_table("land.context")),
        },
        attr="role",
        labels=Labels("name_en", "country", priority=2),
    ),
    "borders": Style(
        {
            "RUS": ("Border with Russia", _from_table("border.rus")),
            "BLR": ("Border with Belarus", _from_table("border.blr")),
        },
        attr="b_iso3",
        labels=Labels(
            _LENGTH_LABEL.format(name="pair"),
            {"RUS": "length.rus", "BLR": "length.blr"},
            priority=8,
            side="above",
        ),
    ),
    "eastern_shield": Style(
        {"": ("Eastern Shield", _from_table("program.eastern_shield"))},
        labels=Labels("", "program.eastern_shield", priority=5, side="below"),
    ),
    "baltic_defence_line": Style(
        {"": ("Baltic Defence Line", _from_table("program.baltic_defence_line"))},
        labels=Labels("", "program.baltic_defence_line", priority=5, side="below"),
    ),
    "suwalki_gap": Style(
        {
            "pl_lt_border": ("Polish-Lithuanian border", _from_table("border.pol_ltu")),
            "kaliningrad_belarus_shortest": (
                "Shortest Kaliningrad-Belarus line",
                _from_table("gap"),
            ),
        },
        attr="feature",
        labels=Labels(
            # short, like the borders' labels: the long names do not fit along the lines
            "concat(CASE WHEN \"feature\" = 'pl_lt_border' THEN 'POL-LTU ' ELSE '' END, "
            "round(\"length_km\"), ' km')",
            "length.gap",
            priority=9,
            side="above",
        ),
    ),
    "places": Style(
        {
            "capital": ("Capital", _from_table("place.capital")),
            "city": ("City", _from_table("place.city")),
            "town": ("Town", _from_table("place.town")),
        },
        attr="kind",
        labels=Labels(
            "name_en",
            {"capital": "place.capital", "city": "place", "town": "place"},
            priority=7,
            hide_beyond={"town": 8_000_000.0},
        ),
    ),
    "annotations_points": Style(
        {"": ("Annotation", _from_table("annotation.point"))},
        labels=Labels("label_en", "annotation", priority=10),
    ),
    "annotations_lines": Style(
        {"": ("Annotation", _from_table("annotation.line"))},
        labels=Labels("label_en", "annotation", priority=10, side="above"),
    ),
    "annotations_areas": Style(
        {"": ("Annotation", _from_table("annotation.area"))},
        labels=Labels("label_en", "annotation", priority=10),
    ),
}
#: Layers drawn from the boundary source, hidden when zoomed in beyond what its scale holds.
SOURCE_SCALE_LAYERS = ("countries", "borders", *PROGRAMME_LAYERS, "suwalki_gap", "places")


def max_zoom_scale(source_scale: str) -> float | None:
    """The largest scale (as a denominator) at which data of ``source_scale`` still holds up.

    A tenth of the source's denominator: 1:10,000,000 data is shown down to 1:1,000,000,
    where its ~1 km vertex spacing is still under a millimetre or so on the map. None when the
    scale is not stated (a user's own file).
    """
    _, _, denominator = source_scale.partition(":")
    try:
        value = float(denominator.replace(",", "").replace("_", "").strip())
    except ValueError:
        return None
    return value / 10 if value > 0 else None


# --------------------------------------------------------------------------- QML


def _options(parent: ET.Element, props: dict[str, str]) -> None:
    """Symbol-layer properties in both forms QGIS reads: the Option map and legacy props."""
    option_map = ET.SubElement(parent, "Option", type="Map")
    for key, value in props.items():
        ET.SubElement(option_map, "Option", name=key, type="QString", value=value)
    for key, value in props.items():
        ET.SubElement(parent, "prop", k=key, v=value)


def _dash(dash: tuple[float, ...]) -> dict[str, str]:
    """A custom dash pattern in mm, as QGIS's simple line reads it (empty for solid)."""
    if not dash:
        return {"use_custom_dash": "0"}
    return {
        "use_custom_dash": "1",
        "customdash": style.dash_text(dash, ";"),
        "customdash_unit": "MM",
    }


def _symbol_layer(symbol: Symbol, level: int) -> ET.Element:
    if isinstance(symbol, Fill):
        layer_class = "SimpleFill"
        # a simple fill has no custom dash: a dashed outline takes Qt's nearest pen style
        props = {
            "color": symbol.color,
            "style": "solid",
            "outline_color": symbol.outline,
            "outline_style": "dash" if symbol.dash else "solid",
            "outline_width": f"{symbol.outline_width:g}",
            "outline_width_unit": "MM",
            "joinstyle": "bevel",
        }
    elif isinstance(symbol, Line):
        layer_class = "SimpleLine"
        props = {
            "line_color": symbol.color,
            "line_style": "solid",
            "line_width": f"{symbol.width:g}",
            "line_width_unit": "MM",
            "capstyle": symbol.cap,
            "joinstyle": "round",
            **_dash(symbol.dash),
        }
    else:
        layer_class = "SimpleMarker"
        props = {
            "name": symbol.shape,
            "color": symbol.color,
            "outline_color": symbol.outline,
            "outline_style": "solid",
            "outline_width": f"{symbol.outline_width:g}",
            "outline_width_unit": "MM",
            "size": f"{symbol.size:g}",
            "size_unit": "MM",
            "scale_method": "diameter",
        }
    layer = ET.Element(
        "layer", {"class": layer_class, "enabled": "1", "locked": "0", "pass": str(level)}
    )
    _options(layer, props)
    return layer


def _symbol(name: str, symbol: Symbol) -> ET.Element:
    """A QGIS symbol; a cased line is two symbol layers, the casing drawn first (level 0)."""
    kind = {Fill: "fill", Line: "line", Marker: "marker"}[type(symbol)]
    element = ET.Element(
        "symbol", type=kind, name=name, alpha="1", clip_to_extent="1", force_rhr="0"
    )
    if isinstance(symbol, Line) and symbol.casing is not None:
        element.append(_symbol_layer(symbol.casing, 0))
        element.append(_symbol_layer(symbol, 1))
    else:
        element.append(_symbol_layer(symbol, 0))
    return element


def _renderer(layer_style: Style) -> ET.Element:
    # With symbol levels on, every casing is drawn before any line, so a casing never cuts
    # through a neighbouring line where two borders meet.
    cased = any(isinstance(s, Line) and s.casing for _, s in layer_style.symbols.values())
    common = {"symbollevels": "1" if cased else "0", "enableorderby": "0", "forceraster": "0"}
    symbols_el = ET.Element("symbols")
    if not layer_style.attr:
        ((_, symbol),) = layer_style.symbols.values()
        renderer = ET.Element("renderer-v2", {"type": "singleSymbol", **common})
        symbols_el.append(_symbol("0", symbol))
        renderer.append(symbols_el)
        return renderer
    renderer = ET.Element(
        "renderer-v2", {"type": "categorizedSymbol", "attr": layer_style.attr, **common}
    )
    categories = ET.SubElement(renderer, "categories")
    for index, (value, (label, symbol)) in enumerate(layer_style.symbols.items()):
        ET.SubElement(
            categories, "category", render="true", symbol=str(index), value=value, label=label
        )
        symbols_el.append(_symbol(str(index), symbol))
    renderer.append(symbols_el)
    return renderer


def _literal(text: str) -> str:
    """``text`` as a QGIS expression string literal."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _label_settings(
    text: str, kind: str, labels: Labels, geometry: str, hide_beyond: float | None
) -> ET.Element:
    """One ``<settings>`` block: text and its halo or box from the style table, placement."""
    look = style.label(kind)
    is_expression = any(c in text for c in "\"'(")
    settings = ET.Element("settings", calloutType="simple")
    text_style = ET.SubElement(
        settings,
        "text-style",
        fieldName=text,
        isExpression="1" if is_expression else "0",
        # the table's sizes are CSS px; a point is 4/3 px
        fontSize=f"{look.size * 0.75:g}",
        fontSizeUnit="Point",
        textColor=style.qgis_rgba(look.color),
        textOpacity="1",
        fontWeight="75" if look.bold else "50",
        fontItalic="1" if look.italic else "0",
        capitalization="1" if look.uppercase else "0",
        multilineHeight="1",
    )
    ET.SubElement(
        text_style,
        "text-buffer",
        bufferDraw="0" if look.boxed else "1",
        bufferSize="0.7",
        bufferSizeUnits="MM",
        bufferColor=style.qgis_rgba(style.theme().halo),
        bufferOpacity="0.9",
        bufferNoFill="1",
        bufferJoinStyle="128",
    )
    if look.boxed:
        # length figures sit in a white box outlined in their own colour, as on the web maps
        ET.SubElement(
            text_style,
            "background",
            shapeDraw="1",
            shapeType="0",
            shapeSizeType="0",
            shapeSizeX="0.8",
            shapeSizeY="0.4",
            shapeSizeUnit="MM",
            shapeFillColor=style.qgis_rgba(style.theme().paper),
            shapeBorderColor=style.qgis_rgba(look.color),
            shapeBorderWidth="0.3",
            shapeBorderWidthUnit="MM",
            shapeOpacity="1",
            shapeJoinStyle="64",
        )
    # QGIS placement codes: 0 around point, 1 over centroid, 2 parallel to the line; line
    # flags: 2 above, 4 below the line, 8 "above" meaning north whatever the line's direction.
    placement = {"Point": "0", "Line": "2", "Polygon": "1"}.get(geometry, "0")
    flags = {"above": "10", "below": "12"}.get(labels.side, "10")
    line_distance = f"{_LINE_LABEL_DISTANCE:g}"
    ET.SubElement(
        settings,
        "placement",
        placement=placement,
        placementFlags=flags,
        dist={"Point": "1", "Line": line_distance}.get(geometry, "0"),
        distUnits="MM",
        priority=str(labels.priority),
        repeatDistance="0",
        overrunDistance="0",
    )
    ET.SubElement(
        settings,
        "rendering",
        # a country's whole interior as an obstacle would push every place and border label
        # off the land; only points and lines keep other labels off themselves
        obstacle="0" if geometry == "Polygon" else "1",
        obstacleFactor="1",
        obstacleType="0",
        # a programme's connected stretches share one label; a border's length is its own
        mergeLines="1" if labels.text == "" else "0",
        labelPerPart="0",
        displayAll="0",
        upsidedownLabels="0",
        scaleVisibility="1" if hide_beyond else "0",
        scaleMin="0",
        scaleMax=f"{hide_beyond:.0f}" if hide_beyond else "0",
    )
    return settings


def _labeling(layer_style: Style, geometry: str, text: str) -> ET.Element:
    """Simple labelling for one label kind; rule-based (one rule per category) for several."""
    labels = layer_style.labels
    assert labels is not None
    if isinstance(labels.kinds, str):
        labeling = ET.Element("labeling", type="simple")
        labeling.append(
            _label_settings(text, labels.kinds, labels, geometry, labels.hide_beyond.get(""))
        )
        return labeling
    labeling = ET.Element("labeling", type="rule-based")
    rules = ET.SubElement(labeling, "rules", key="{shieldmap-labels}")
    for value, kind in labels.kinds.items():
        rule = ET.SubElement(
            rules,
            "rule",
            key=f"{{shieldmap-{value}}}",
            description=value,
            filter=f'"{layer_style.attr}" = {_literal(value)}',
        )
        rule.append(_label_settings(text, kind, labels, geometry, labels.hide_beyond.get(value)))
    return labeling


def _aliases(name: str, columns: list[str]) -> ET.Element:
    aliases = ET.Element("aliases")
    documented = FIELDS.get(name, {})
    # GeoPackage layers show ``fid`` as field 0 in QGIS; QGIS matches aliases by field name.
    for index, column in enumerate(columns, start=1):
        field = documented.get(column)
        if field is not None:
            ET.SubElement(aliases, "alias", field=column, index=str(index), name=field.alias)
    return aliases


def geometry_kind(frame: pd.DataFrame) -> str:
    """QGIS's geometry family for a layer: Point, Line, Polygon, or "No geometry"."""
    if getattr(frame, "_geometry_column_name", None) is None:
        return "No geometry"
    types = " ".join(sorted(set(frame.geometry.geom_type.dropna())))
    for family in ("Polygon", "Point"):
        if family in types:
            return family
    return "Line"


@dataclass(frozen=True)
class StyleInputs:
    """What the styles need beyond a layer's own rows.

    ``programme_names`` (programme id -> name) label the programme line layers, whose rows
    carry only the id; ``max_scale`` hides the layers drawn from the boundary source when
    zoomed in beyond that scale denominator (see :func:`max_zoom_scale`).
    """

    programme_names: Mapping[str, str] = field(default_factory=dict)
    max_scale: float | None = None


def style_element(name: str, frame: pd.DataFrame, inputs: StyleInputs | None = None) -> ET.Element:
    """The ``<qgis>`` element of a layer's QML style."""
    inputs = inputs or StyleInputs()
    programme_name = inputs.programme_names.get(name, "")
    max_scale = inputs.max_scale
    geometry = geometry_kind(frame)
    layer_style = STYLES.get(name)
    spatial = geometry != "No geometry" and layer_style is not None
    labels = layer_style.labels if layer_style is not None else None
    text = labels.text if labels else ""
    if labels is not None and not text and programme_name:
        text = _literal(programme_name)
    limited = spatial and max_scale is not None and name in SOURCE_SCALE_LAYERS
    root = ET.Element(
        "qgis",
        version=QGIS_VERSION,
        styleCategories="AllStyleCategories" if spatial else "Fields",
        labelsEnabled="1" if spatial and text else "0",
        hasScaleBasedVisibilityFlag="1" if limited else "0",
        # QGIS: maxScale is the most zoomed-in scale shown, minScale the most zoomed-out
        maxScale=f"{max_scale:.0f}" if limited and max_scale else "0",
        minScale="0",
    )
    if spatial and layer_style is not None:
        root.append(_renderer(layer_style))
        if text:
            root.append(_labeling(layer_style, geometry, text))
        ET.SubElement(root, "blendMode").text = "0"
        ET.SubElement(root, "featureBlendMode").text = "0"
        ET.SubElement(root, "layerOpacity").text = "1"
    geometry_column = getattr(frame, "_geometry_column_name", None)
    columns = [c for c in frame.columns if c != geometry_column]
    root.append(_aliases(name, columns))
    return root


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_document(root: ET.Element) -> str:
    """``root`` as a QGIS XML document (QML, QMD or project), indented, with the doctype."""
    root = copy.deepcopy(root)
    ET.indent(root, space=" ")
    text = ET.tostring(root, encoding="unicode")
    # XML 1.0 has no way to write these: a boundary file's name could still carry one
    # (seeds and annotations refuse them), and one would make the whole document unreadable.
    return DOCTYPE + _NOT_XML.sub("\ufffd", text) + "\n"


def style_qml(name: str, frame: pd.DataFrame, inputs: StyleInputs | None = None) -> str:
    """A layer's QML style document, as stored in ``layer_styles.styleQML``."""
    return xml_document(style_element(name, frame, inputs))


# --------------------------------------------------------------------------- metadata


def _spatialrefsys(parent: ET.Element, crs: CRS) -> None:
    srs = ET.SubElement(parent, "spatialrefsys")
    ET.SubElement(srs, "wkt").text = crs.to_wkt()
    authority = crs.to_authority()
    if authority is not None:
        ET.SubElement(srs, "srid").text = authority[1]
        ET.SubElement(srs, "authid").text = ":".join(authority)
    ET.SubElement(srs, "description").text = crs.name


def metadata_element(
    name: str,
    frame: pd.DataFrame,
    source: BoundarySource,
    crs: CRS,
    links: list[tuple[str, str, str]],
    data_as_of: datetime.date | None = None,
) -> ET.Element:
    """QGIS layer metadata (QMD) as an element: ``<qgis>`` for the GeoPackage; its children
    go into ``<resourceMetadata>`` in the project.

    ``links`` are (name, url, description) of the sources the layer cites; ``crs`` is the CRS
    the layer is stored in.
    """
    about = info(name)
    as_of = f", data as of {data_as_of.isoformat()}" if data_as_of else ""
    root = ET.Element("qgis", version=QGIS_VERSION)
    ET.SubElement(root, "identifier").text = f"shieldmap:{name}"
    ET.SubElement(root, "parentidentifier").text = "shieldmap"
    ET.SubElement(root, "language").text = "EN"
    ET.SubElement(root, "type").text = "dataset"
    ET.SubElement(root, "title").text = about.title
    ET.SubElement(root, "abstract").text = (
        f"{about.abstract} Boundaries: {source.name} {source.version}, scale {source.scale}. "
        f"shieldmap {__version__}{as_of}."
    )
    keywords = ET.SubElement(root, "keywords", vocabulary="shieldmap")
    for word in citation.KEYWORDS:
        ET.SubElement(keywords, "keyword").text = word
    contact = ET.SubElement(root, "contact")
    ET.SubElement(contact, "name").text = citation.AUTHOR
    for key in ("organization", "position", "voice", "fax", "email"):
        ET.SubElement(contact, key).text = ""
    ET.SubElement(contact, "role").text = "author"
    links_el = ET.SubElement(root, "links")
    for link_name, url, description in [(source.name, source.url, "boundary source"), *links]:
        ET.SubElement(
            links_el,
            "link",
            name=link_name,
            type="WWW:LINK",
            url=url,
            description=description,
            format="",
            mimeType="",
            size="",
        )
    for step in (
        about.derivation,
        f"Boundary source: {source.name} {source.version}, point of view "
        f"{source.point_of_view}, scale {source.scale}.",
        f"Stored in {crs.to_string()}; lengths and areas were measured on WGS84 before any "
        "reprojection or simplification.",
        f"Published by shieldmap {__version__}, released {citation.RELEASED.isoformat()}{as_of}.",
    ):
        ET.SubElement(root, "history").text = step
    ET.SubElement(root, "fees").text = ""
    ET.SubElement(
        root, "rights"
    ).text = f"{attribution(source)}. Cite as: {citation.citation(data_as_of)}"
    facts = citation.FACTS_LICENCE
    boundaries = citation.boundary_licence(source)
    ET.SubElement(root, "license").text = f"Facts: {facts.title} ({facts.name}) {facts.path}"
    ET.SubElement(root, "license").text = (
        f"Boundaries: {boundaries.title} ({source.name} {source.version}) {boundaries.path}"
    ).rstrip()
    ET.SubElement(root, "encoding").text = "UTF-8"
    _spatialrefsys(ET.SubElement(root, "crs"), crs)
    if geometry_kind(frame) != "No geometry" and len(frame):
        minx, miny, maxx, maxy = (round(float(v), 6) for v in frame.total_bounds)
        extent = ET.SubElement(root, "extent")
        ET.SubElement(
            extent,
            "spatial",
            dimensions="2",
            crs=crs.to_string(),
            minx=f"{minx:g}",
            miny=f"{miny:g}",
            maxx=f"{maxx:g}",
            maxy=f"{maxy:g}",
            minz="0",
            maxz="0",
        )
    return root


# --------------------------------------------------------------------------- project

# Layer tree order, top first: points over lines over polygons, tables last.
TREE_ORDER = (
    "annotations_points",
    "places",
    "annotations_lines",
    "suwalki_gap",
    "borders",
    "eastern_shield",
    "baltic_defence_line",
    "annotations_areas",
    "countries",
    "programmes",
    "programme_segments",
    "programme_notes",
    "sources",
    "events",
)


def project_qgs(
    frames: dict[str, pd.DataFrame],
    gpkg_name: str,
    crs: CRS,
    extent: tuple[float, float, float, float],
    metadata: dict[str, ET.Element],
    source: BoundarySource,
    data_as_of: datetime.date | None = None,
    inputs: StyleInputs | None = None,
) -> str:
    """A QGIS project opening every layer of ``gpkg_name`` (beside it), each with its style
    and its layer metadata.

    ``frames`` are the layers as stored (in ``crs``); ``extent`` is the initial view in
    :data:`PROJECT_CRS`; ``metadata`` the QMD of each layer (:func:`metadata_element`);
    ``inputs`` as for :func:`style_element`.
    """
    from pyproj import CRS as _CRS

    project_crs = _CRS.from_user_input(PROJECT_CRS)
    root = ET.Element("qgis", projectname="shieldmap", version=QGIS_VERSION)
    ET.SubElement(root, "title").text = PROJECT_TITLE
    root.append(_project_metadata(source, data_as_of))
    _spatialrefsys(ET.SubElement(root, "projectCrs"), project_crs)
    names = [n for n in TREE_ORDER if n in frames] + [n for n in frames if n not in TREE_ORDER]
    tree = ET.SubElement(root, "layer-tree-group")
    layers_el = ET.Element("projectlayers")
    for name in names:
        layer_id = f"shieldmap_{name}"
        title = info(name).title
        datasource = f"./{gpkg_name}|layername={name}"
        ET.SubElement(
            tree,
            "layer-tree-layer",
            id=layer_id,
            name=title,
            source=datasource,
            providerKey="ogr",
            checked="Qt::Checked",
            expanded="0",
        )
        layer = _map_layer(name, frames[name], layer_id, title, datasource, crs, inputs)
        if name in metadata:
            resource = ET.SubElement(layer, "resourceMetadata")
            resource.extend(copy.deepcopy(list(metadata[name])))
        layers_el.append(layer)
    root.append(layers_el)
    canvas = ET.SubElement(root, "mapcanvas", name="theMapCanvas")
    ET.SubElement(canvas, "units").text = "meters"
    extent_el = ET.SubElement(canvas, "extent")
    for key, value in zip(("xmin", "ymin", "xmax", "ymax"), extent, strict=True):
        ET.SubElement(extent_el, key).text = f"{value:.0f}"
    _spatialrefsys(ET.SubElement(canvas, "destinationsrs"), project_crs)
    properties = ET.SubElement(root, "properties")
    srs = ET.SubElement(properties, "SpatialRefSys")
    ET.SubElement(srs, "ProjectionsEnabled", type="int").text = "1"
    paths = ET.SubElement(properties, "Paths")
    ET.SubElement(paths, "Absolute", type="bool").text = "false"
    return xml_document(root)


PROJECT_TITLE = "shieldmap: fortified borders with Russia and Belarus"


def _project_metadata(source: BoundarySource, data_as_of: datetime.date | None) -> ET.Element:
    """The project's own metadata (Project Properties > Metadata): who, what, licence, when."""
    as_of = f" Data as of {data_as_of.isoformat()}." if data_as_of else ""
    element = ET.Element("projectMetadata")
    ET.SubElement(element, "identifier").text = "shieldmap"
    ET.SubElement(element, "parentidentifier").text = ""
    ET.SubElement(element, "language").text = "EN"
    ET.SubElement(element, "type").text = "dataset"
    ET.SubElement(element, "title").text = PROJECT_TITLE
    # QGIS's project metadata has no licence field, so the abstract carries it.
    ET.SubElement(element, "abstract").text = (
        f"{citation.ABSTRACT} shieldmap {__version__}.{as_of} "
        f"{citation.licence_line(source)}. Cite as: {citation.citation(data_as_of)}"
    )
    keywords = ET.SubElement(element, "keywords", vocabulary="shieldmap")
    for word in citation.KEYWORDS:
        ET.SubElement(keywords, "keyword").text = word
    ET.SubElement(element, "links")
    ET.SubElement(element, "author").text = citation.AUTHOR
    ET.SubElement(element, "creation").text = f"{citation.RELEASED.isoformat()}T00:00:00"
    return element


def _map_layer(
    name: str,
    frame: pd.DataFrame,
    layer_id: str,
    title: str,
    datasource: str,
    crs: CRS,
    inputs: StyleInputs | None,
) -> ET.Element:
    style = style_element(name, frame, inputs)
    geometry = geometry_kind(frame)
    element = ET.Element(
        "maplayer",
        type="vector",
        geometry=geometry,
        labelsEnabled=style.get("labelsEnabled", "0"),
        styleCategories="AllStyleCategories",
        # a project reads a layer's scale range from here, not from the style
        hasScaleBasedVisibilityFlag=style.get("hasScaleBasedVisibilityFlag", "0"),
        maxScale=style.get("maxScale", "0"),
        minScale=style.get("minScale", "0"),
    )
    ET.SubElement(element, "id").text = layer_id
    ET.SubElement(element, "datasource").text = datasource
    ET.SubElement(element, "layername").text = title
    if geometry != "No geometry":
        _spatialrefsys(ET.SubElement(element, "srs"), crs)
    ET.SubElement(element, "provider", encoding="UTF-8").text = "ogr"
    # A project ignores layer_styles defaults, so the same style goes in here too.
    for child in style:
        element.append(copy.deepcopy(child))
    return element
