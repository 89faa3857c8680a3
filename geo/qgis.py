"""QGIS documents for the layer bundle: QML styles, QMD layer metadata, and a ``.qgs`` project.

All three are plain XML built with ElementTree, so no QGIS is needed at build time; the
structure follows what QGIS 3.22 was seen to read (see gis-notes.md sections 1.2 to 1.4).
Colours, dash patterns and widths come from :mod:`geo.style`, the one table the web maps and the
static export read as well (CSS px converted to mm), so a layer looks the same in QGIS as on the
published map.
"""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TYPE_CHECKING

from geo import style
from geo.datadict import FIELDS, attribution, info

if TYPE_CHECKING:
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
        return Line(style.qgis_rgba(sym.color, sym.opacity), _mm(sym.width), dash, cap)
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
class Style:
    """How one layer is drawn: one symbol, or one per value of ``attr``; a label expression."""

    symbols: dict[str, tuple[str, Symbol]]  # value -> (legend label, symbol); "" alone = single
    attr: str = ""
    label: str = ""  # a field name, or a QGIS expression when it contains a quote or paren


_LENGTH_LABEL = "concat(\"{name}\", ' ', round(\"length_km\"), ' km')"

STYLES: dict[str, Style] = {
    "countries": Style(
        {
            "withdrawing": ("Leaving the Ottawa Convention", _from_table("land.withdrawing")),
            "adversary": ("Russia and Belarus", _from_table("land.adversary")),
            "context": ("Other countries", _from_table("land.context")),
        },
        attr="role",
        label="name_en",
    ),
    "borders": Style(
        {
            "RUS": ("Border with Russia", _from_table("border.rus")),
            "BLR": ("Border with Belarus", _from_table("border.blr")),
        },
        attr="b_iso3",
        label=_LENGTH_LABEL.format(name="pair"),
    ),
    "eastern_shield": Style(
        {"": ("Eastern Shield", _from_table("program.eastern_shield"))},
        label="program_en",
    ),
    "baltic_defence_line": Style(
        {"": ("Baltic Defence Line", _from_table("program.baltic_defence_line"))},
        label="program_en",
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
        label=_LENGTH_LABEL.format(name="name_en"),
    ),
    "places": Style(
        {
            "capital": ("Capital", _from_table("place.capital")),
            "city": ("City", _from_table("place.city")),
            "town": ("Town", _from_table("place.town")),
        },
        attr="kind",
        label="name_en",
    ),
    "annotations_points": Style(
        {"": ("Annotation", _from_table("annotation.point"))},
        label="label_en",
    ),
    "annotations_lines": Style(
        {"": ("Annotation", _from_table("annotation.line"))},
        label="label_en",
    ),
    "annotations_areas": Style(
        {"": ("Annotation", _from_table("annotation.area"))},
        label="label_en",
    ),
}


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


def _symbol(name: str, symbol: Symbol) -> ET.Element:
    if isinstance(symbol, Fill):
        kind, layer_class = "fill", "SimpleFill"
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
        kind, layer_class = "line", "SimpleLine"
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
        kind, layer_class = "marker", "SimpleMarker"
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
    element = ET.Element(
        "symbol", type=kind, name=name, alpha="1", clip_to_extent="1", force_rhr="0"
    )
    layer = ET.SubElement(
        element, "layer", {"class": layer_class, "enabled": "1", "locked": "0", "pass": "0"}
    )
    _options(layer, props)
    return element


def _renderer(style: Style) -> ET.Element:
    common = {"symbollevels": "0", "enableorderby": "0", "forceraster": "0"}
    symbols_el = ET.Element("symbols")
    if not style.attr:
        ((_, symbol),) = style.symbols.values()
        renderer = ET.Element("renderer-v2", {"type": "singleSymbol", **common})
        symbols_el.append(_symbol("0", symbol))
        renderer.append(symbols_el)
        return renderer
    renderer = ET.Element(
        "renderer-v2", {"type": "categorizedSymbol", "attr": style.attr, **common}
    )
    categories = ET.SubElement(renderer, "categories")
    for index, (value, (label, symbol)) in enumerate(style.symbols.items()):
        ET.SubElement(
            categories, "category", render="true", symbol=str(index), value=value, label=label
        )
        symbols_el.append(_symbol(str(index), symbol))
    renderer.append(symbols_el)
    return renderer


def _labeling(label: str, geometry: str) -> ET.Element:
    is_expression = any(c in label for c in "\"'(")
    # QGIS placement codes: 0 around point, 1 over centroid, 2 parallel to the line.
    placement = {"Point": "0", "Line": "2", "Polygon": "1"}.get(geometry, "0")
    labeling = ET.Element("labeling", type="simple")
    settings = ET.SubElement(labeling, "settings", calloutType="simple")
    text = ET.SubElement(
        settings,
        "text-style",
        fieldName=label,
        isExpression="1" if is_expression else "0",
        fontSize="8" if geometry == "Line" else "9",
        fontSizeUnit="Point",
        textColor="30,30,30,255",
        textOpacity="1",
        fontWeight="50",
        fontItalic="0",
        multilineHeight="1",
    )
    ET.SubElement(
        text,
        "text-buffer",
        bufferDraw="1",
        bufferSize="0.8",
        bufferSizeUnits="MM",
        bufferColor="255,255,255,255",
        bufferOpacity="0.85",
        bufferNoFill="1",
        bufferJoinStyle="128",
    )
    ET.SubElement(
        settings,
        "placement",
        placement=placement,
        placementFlags="10",
        dist="1" if geometry == "Point" else "0",
        distUnits="MM",
    )
    ET.SubElement(
        settings,
        "rendering",
        # a country's whole interior as an obstacle would push every place and border label
        # off the land; only points and lines keep other labels off themselves
        obstacle="0" if geometry == "Polygon" else "1",
        mergeLines="1",
        labelPerPart="0",
        upsidedownLabels="0",
        scaleVisibility="0",
    )
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


def style_element(name: str, frame: pd.DataFrame) -> ET.Element:
    """The ``<qgis>`` element of a layer's QML style."""
    geometry = geometry_kind(frame)
    style = STYLES.get(name)
    spatial = geometry != "No geometry" and style is not None
    root = ET.Element(
        "qgis",
        version=QGIS_VERSION,
        styleCategories="AllStyleCategories" if spatial else "Fields",
        labelsEnabled="1" if spatial and style and style.label else "0",
    )
    if spatial and style is not None:
        root.append(_renderer(style))
        if style.label:
            root.append(_labeling(style.label, geometry))
        ET.SubElement(root, "blendMode").text = "0"
        ET.SubElement(root, "featureBlendMode").text = "0"
        ET.SubElement(root, "layerOpacity").text = "1"
    geometry_column = getattr(frame, "_geometry_column_name", None)
    columns = [c for c in frame.columns if c != geometry_column]
    root.append(_aliases(name, columns))
    return root


def _xml(root: ET.Element) -> str:
    ET.indent(root, space=" ")
    return DOCTYPE + ET.tostring(root, encoding="unicode") + "\n"


def style_qml(name: str, frame: pd.DataFrame) -> str:
    """A layer's QML style document, as stored in ``layer_styles.styleQML``."""
    return _xml(style_element(name, frame))


# --------------------------------------------------------------------------- metadata


def _spatialrefsys(parent: ET.Element, crs: CRS) -> None:
    srs = ET.SubElement(parent, "spatialrefsys")
    ET.SubElement(srs, "wkt").text = crs.to_wkt()
    authority = crs.to_authority()
    if authority is not None:
        ET.SubElement(srs, "srid").text = authority[1]
        ET.SubElement(srs, "authid").text = ":".join(authority)
    ET.SubElement(srs, "description").text = crs.name


def layer_metadata(
    name: str,
    frame: pd.DataFrame,
    source: BoundarySource,
    crs: CRS,
    links: list[tuple[str, str, str]],
) -> str:
    """QGIS layer metadata (QMD XML) for ``gpkg_metadata``.

    ``links`` are (name, url, description) of the sources the layer cites; ``crs`` is the CRS
    the layer is stored in.
    """
    about = info(name)
    root = ET.Element("qgis", version=QGIS_VERSION)
    ET.SubElement(root, "identifier").text = f"shieldmap:{name}"
    ET.SubElement(root, "parentidentifier").text = "shieldmap"
    ET.SubElement(root, "language").text = "EN"
    ET.SubElement(root, "type").text = "dataset"
    ET.SubElement(root, "title").text = about.title
    ET.SubElement(
        root, "abstract"
    ).text = f"{about.abstract} Boundaries: {source.name} {source.version}, scale {source.scale}."
    keywords = ET.SubElement(root, "keywords", vocabulary="shieldmap")
    for word in ("Ottawa Convention", "border fortification", "Baltic states", "Poland"):
        ET.SubElement(keywords, "keyword").text = word
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
    ):
        ET.SubElement(root, "history").text = step
    ET.SubElement(root, "fees").text = ""
    ET.SubElement(root, "rights").text = attribution(source)
    ET.SubElement(root, "license").text = f"Boundaries: {source.licence}; facts: see sources"
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
    return _xml(root)


# --------------------------------------------------------------------------- project

# Layer tree order, top first: points over lines over polygons, tables last.
TREE_ORDER = (
    "annotations_points",
    "places",
    "annotations_lines",
    "suwalki_gap",
    "annotations_areas",
    "eastern_shield",
    "baltic_defence_line",
    "borders",
    "countries",
    "sources",
    "events",
)


def project_qgs(
    frames: dict[str, pd.DataFrame],
    gpkg_name: str,
    crs: CRS,
    extent: tuple[float, float, float, float],
) -> str:
    """A QGIS project opening every layer of ``gpkg_name`` (beside it), each with its style.

    ``frames`` are the layers as stored (in ``crs``); ``extent`` is the initial view in
    :data:`PROJECT_CRS`.
    """
    from pyproj import CRS as _CRS

    project_crs = _CRS.from_user_input(PROJECT_CRS)
    root = ET.Element("qgis", projectname="shieldmap", version=QGIS_VERSION)
    ET.SubElement(root, "title").text = "shieldmap: fortified borders with Russia and Belarus"
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
        layers_el.append(_map_layer(name, frames[name], layer_id, title, datasource, crs))
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
    return _xml(root)


def _map_layer(
    name: str, frame: pd.DataFrame, layer_id: str, title: str, datasource: str, crs: CRS
) -> ET.Element:
    style = style_element(name, frame)
    geometry = geometry_kind(frame)
    element = ET.Element(
        "maplayer",
        type="vector",
        geometry=geometry,
        labelsEnabled=style.get("labelsEnabled", "0"),
        styleCategories="AllStyleCategories",
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
