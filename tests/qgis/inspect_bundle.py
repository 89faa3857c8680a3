"""Run by tests/test_qgis.py under Debian's /usr/bin/python3, where QGIS's bindings live:
open the GeoPackage layers and the project as QGIS does and print what QGIS sees, as JSON."""

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import QgsApplication, QgsProject, QgsVectorLayer

gpkg, project, names = sys.argv[1], sys.argv[2], sys.argv[3].split(",")


def symbols(renderer):
    """Category value (or "") -> the first symbol layer's colour, width and dash as QGIS read
    them, so the test can compare them with geo/style.py."""
    if renderer is None:
        return {}
    if renderer.type() == "categorizedSymbol":
        categories = renderer.categories()  # kept alive: each symbol belongs to its category
        pairs = [(str(c.value()), c.symbol()) for c in categories]
    elif renderer.type() == "singleSymbol":
        pairs = [("", renderer.symbol())]
    else:
        return {}
    out = {}
    for value, symbol in pairs:
        if symbol is None or symbol.symbolLayerCount() == 0:
            out[value] = None
            continue
        # the top symbol layer is the line itself; a cased line has its casing below
        layer = symbol.symbolLayer(symbol.symbolLayerCount() - 1)
        dash = []
        if hasattr(layer, "useCustomDashPattern") and layer.useCustomDashPattern():
            dash = [round(d, 3) for d in layer.customDashVector()]
        width = layer.width() if hasattr(layer, "width") else None
        out[value] = {
            "color": layer.color().name().upper(),
            "width": width,
            "dash": dash,
            "layers": symbol.symbolLayerCount(),
        }
    return out


app = QgsApplication([], False)
app.initQgis()
report = {"layers": {}, "project": {}}
for name in names:
    layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
    renderer = layer.renderer()
    metadata = layer.metadata()
    report["layers"][name] = {
        "valid": layer.isValid(),
        "features": layer.featureCount(),
        "renderer": renderer.type() if renderer else None,
        "labels": layer.labelsEnabled(),
        "title": metadata.title(),
        "abstract": metadata.abstract(),
        "licences": metadata.licenses(),
        "aliases": [layer.attributeAlias(i) for i in range(len(layer.fields()))],
        "symbols": symbols(renderer),
    }
store = QgsProject.instance()
report["project"]["read"] = store.read(project)
report["project"]["crs"] = store.crs().authid()
report["project"]["layers"] = sorted(
    [layer.name(), layer.isValid()] for layer in store.mapLayers().values()
)
report["project"]["metadata"] = {
    layer.source().rsplit("=", 1)[-1]: {
        "title": layer.metadata().title(),
        "abstract": layer.metadata().abstract(),
        "licences": layer.metadata().licenses(),
        "rights": layer.metadata().rights(),
        "history": layer.metadata().history(),
    }
    for layer in store.mapLayers().values()
}
about = store.metadata()
report["project"]["about"] = {
    "title": about.title(),
    "author": about.author(),
    "abstract": about.abstract(),
}
print(json.dumps(report), flush=True)
# QGIS 3.22 can crash while tearing down its providers; the report is out, so leave at once
os._exit(0)
