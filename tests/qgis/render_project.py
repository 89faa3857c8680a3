"""Run by tests/test_qgis.py under Debian's /usr/bin/python3: render the project's opening view
headless, once with every layer and once with a chosen layer alone, to two PNG files, and print
the scale and what QGIS read of the layers' scale ranges and labels, as JSON."""

import json
import os
import sys
import xml.etree.ElementTree as ET

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (
    QgsApplication,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsProject,
    QgsRectangle,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

project_path, alone, out_all, out_alone = sys.argv[1:5]
app = QgsApplication([], False)
app.initQgis()
project = QgsProject.instance()
project.read(project_path)
layers = [n.layer() for n in project.layerTreeRoot().findLayers() if n.layer().isSpatial()]
# the opening view the project saves (what the QGIS window shows first)
saved = ET.parse(project_path).getroot().find("mapcanvas/extent")
view = QgsRectangle(*(float(saved.findtext(k)) for k in ("xmin", "ymin", "xmax", "ymax")))


def render(chosen, path):
    settings = QgsMapSettings()
    settings.setLayers(chosen)
    settings.setDestinationCrs(project.crs())
    settings.setBackgroundColor(QColor("#ffffff"))
    settings.setOutputSize(QSize(1600, 1200))
    settings.setOutputDpi(96)
    settings.setExtent(view)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    job.renderedImage().save(path)
    return settings.scale()


scale = render(layers, out_all)
render([layer for layer in layers if layer.source().endswith(f"layername={alone}")], out_alone)
report = {"scale": scale, "layers": {}}
for layer in layers:
    name = layer.source().rsplit("=", 1)[-1]
    labeling = layer.labeling()
    settings = []
    if labeling is not None:
        for provider in labeling.subProviders():
            one = labeling.settings(provider)
            settings.append(
                {
                    "placement": int(one.placement),
                    "flags": int(one.lineSettings().placementFlags()),
                    "dist": one.dist,
                    "priority": one.priority,
                    "merge": one.lineSettings().mergeLines(),
                    "per_part": one.labelPerPart,
                    "repeat": one.repeatDistance,
                    "obstacle": one.obstacleSettings().isObstacle(),
                }
            )
    report["layers"][name] = {
        "scale_limited": layer.hasScaleBasedVisibility(),
        "max_scale": layer.maximumScale(),
        "min_scale": layer.minimumScale(),
        "labels": settings,
    }
print(json.dumps(report), flush=True)
os._exit(0)  # QGIS 3.22 can crash while tearing down; the report is out
