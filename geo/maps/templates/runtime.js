/* shieldmap runtime: draws pre-escaped layers, moves page nodes into map controls, ties the
   legend to the layer control, and runs the full-screen button. No data lives here. */
window.shieldmap = (function () {
  "use strict";
  var popupHeight = 260;

  // The integers of one encoded string, in the polyline algorithm's characters (see
  // geo.maps.webgeom.polyline).
  function integers(text) {
    var out = [], i = 0;
    while (i < text.length) {
      var b, shift = 0, bits = 0;
      do {
        b = text.charCodeAt(i++) - 63;
        bits |= (b & 0x1f) << shift;
        shift += 5;
      } while (b >= 0x20);
      out.push(bits & 1 ? ~(bits >> 1) : bits >> 1);
    }
    return out;
  }

  // Lines and clickable polygons arrive as integer deltas of longitude and latitude (see
  // geo.maps.webgeom.encode): rebuilt straight into Leaflet's LatLng objects.
  function line(text, scale) {
    var v = integers(text), out = [], x = 0, y = 0;
    for (var i = 0; i < v.length; i += 2) {
      x += v[i];
      y += v[i + 1];
      out.push(new L.LatLng(y / scale, x / scale));
    }
    return out;
  }

  function lines(list, scale) {
    return list.map(function (a) { return line(a, scale); });
  }

  // Land rings arrive in whole Web Mercator pixels (geo.maps.webgeom.encode_land): the first
  // point and then the steps, which are exactly an SVG path's M and l commands.
  function ringPath(text) {
    var v = integers(text);
    return v.length > 4 ? "M" + v[0] + " " + v[1] + "l" + v.slice(2).join(" ") + "z" : "";
  }

  // Polygons nobody hovers or clicks (the land under everything) become one SVG path each,
  // written once and moved and scaled by a transform at every zoom. Leaflet would instead
  // reproject, clip and simplify every vertex each time, which costs more than the rest of
  // the page together.
  var FixedPolygon = L.Polygon.extend({
    initialize: function (rings, zoom, options) {
      L.setOptions(this, options);
      this._d = rings.map(ringPath).join("");
      this._zoom = zoom;
      this._latlngs = [];
      this._bounds = L.latLngBounds([]);
    },
    _project: function () {},
    _updateBounds: function () {},
    _update: function () {
      if (!this._map) { return; }
      var map = this._map, path = this._path;
      if (!path.hasAttribute("d")) {
        path.setAttribute("d", this._d);
        path.setAttribute("vector-effect", "non-scaling-stroke");
      }
      var o = map.getPixelOrigin(), k = map.getZoomScale(map.getZoom(), this._zoom);
      path.setAttribute("transform", "matrix(" + k + " 0 0 " + k + " " + -o.x + " " + -o.y + ")");
    }
  });

  // A point drawn as a square, triangle or cross (an annotation's marker): a small SVG icon
  // in the colours of the style table, sized like a circle marker of the same radius.
  function shapedMarker(at, o) {
    var r = o.radius || 5, w = o.weight || 1, s = 2 * r + 2 * w, e = s - w, c = s / 2, body;
    if (o.shape === "square") {
      body = '<rect x="' + w + '" y="' + w + '" width="' + 2 * r + '" height="' + 2 * r + '"/>';
    } else if (o.shape === "triangle") {
      body = '<polygon points="' + c + "," + w + " " + e + "," + e + " " + w + "," + e + '"/>';
    } else {
      body = '<path d="M' + w + " " + w + "L" + e + " " + e + "M" + e + " " + w + "L" + w + " " + e +
        '" stroke="' + o.fillColor + '" stroke-width="' + (w + 2) + '"/>';
    }
    var svg = '<svg width="' + s + '" height="' + s + '" viewBox="0 0 ' + s + " " + s + '" fill="' +
      o.fillColor + '" stroke="' + o.color + '" stroke-width="' + w + '" aria-hidden="true">' +
      body + "</svg>";
    var icon = L.divIcon({ className: "sm-marker " + (o.className || ""), html: svg, iconSize: [s, s] });
    return L.marker(at, { icon: icon, interactive: o.interactive !== false, keyboard: false });
  }

  function shape(g, opts, scale) {
    var t = g.type, z = g.z;
    if (t === "Point") {
      var at = [g.coordinates[1], g.coordinates[0]];
      return opts.shape ? shapedMarker(at, opts) : L.circleMarker(at, opts);
    }
    if (t === "GeometryCollection") {
      return L.featureGroup(g.geometries.map(function (p) { return shape(p, opts, scale); }));
    }
    if (g.m) { return new FixedPolygon(g.m, g.w, opts); }
    if (!z) { return L.geoJSON({ type: "Feature", properties: {}, geometry: g }, opts); }
    if (t === "LineString") { return L.polyline(line(z, scale), opts); }
    if (t === "MultiLineString") { return L.polyline(lines(z, scale), opts); }
    if (t === "Polygon") { return L.polygon(lines(z, scale), opts); }
    return L.polygon(z.map(function (p) { return lines(p, scale); }), opts);
  }

  // A group's permanent labels as one layer of plain elements in the marker pane, placed and
  // moved on zoom as Leaflet places markers, without a marker and an icon object for each.
  // The placer (geo/maps/labels.py) gives each label its candidate places (lon, lat, side:
  // c, r or l) and, per quarter zoom step from the map's minimum, the one it chose ("0", "1",
  // ...) or "-" where a more important label has the room.
  var Labels = L.Layer.extend({
    initialize: function (list, z0) {
      this._labels = list.map(function (l) {
        return {
          at: (l.k || []).map(function (k) { return { p: L.latLng(k[1], k[0]), side: k[2] }; }),
          plan: l.z || "0"
        };
      });
      this._z0 = z0 || 0;
      this._step = null;
      this._nodes = list.map(function (l) {
        var node = L.DomUtil.create("div", "leaflet-marker-icon sm-label " + (l.c || ""));
        node.innerHTML = l.h;
        return node;
      });
    },
    onAdd: function (map) {
      var pane = map.getPane("markerPane");
      var zoom = map._zoomAnimated ? "leaflet-zoom-animated" : "leaflet-zoom-hide";
      this._nodes.forEach(function (node) {
        L.DomUtil.addClass(node, zoom);
        pane.appendChild(node);
      });
      this._step = null;
      this._reset();
    },
    onRemove: function () {
      this._nodes.forEach(L.DomUtil.remove);
    },
    getEvents: function () {
      return { zoom: this._reset, viewreset: this._reset, zoomanim: this._animate };
    },
    _reset: function () {
      var map = this._map;
      this._place(map.getZoom(), function (p) { return map.latLngToLayerPoint(p).round(); });
    },
    _animate: function (e) {
      var map = this._map;
      this._place(e.zoom, function (p) {
        return map._latLngToNewLayerPoint(p, e.zoom, e.center).round();
      });
    },
    _place: function (zoom, at) {
      var nodes = this._nodes, step = Math.round((zoom - this._z0) * 4);
      var sides = step !== this._step;
      this._step = step;
      this._labels.forEach(function (label, i) {
        var code = label.plan.charAt(Math.max(0, Math.min(label.plan.length - 1, step)));
        var node = nodes[i], chosen = code === "-" ? null : label.at[parseInt(code, 36)];
        if (sides) {
          ["c", "r", "l", "-"].forEach(function (c) { L.DomUtil.removeClass(node, "sm-at-" + c); });
          L.DomUtil.addClass(node, "sm-at-" + (chosen ? chosen.side : "-"));
        }
        if (!chosen) { return; }
        var pos = at(chosen.p);
        L.DomUtil.setPosition(node, pos);
        node.style.zIndex = pos.y;  // lower labels in front, as Leaflet stacks markers
      });
    }
  });

  function fill(group, key, data) {
    group._smKey = key;
    var scale = Math.pow(10, data.d || 0);
    var layers = [], casing = null, cased = [];
    (data.f || []).forEach(function (f) {
      var p = f.properties || {};
      var opts = Object.assign({}, p.s || {});
      if (p.c) { opts.className = p.c; }
      if (!p.t && !p.p) { opts.interactive = false; }
      var layer = shape(f.geometry, opts, scale);
      if (p.h && layer instanceof L.Polyline && !(layer instanceof L.Polygon)) {
        casing = p.h;
        var parts = layer.getLatLngs();
        cased = cased.concat(L.LineUtil.isFlat(parts) ? [parts] : parts);
      } else if (p.h) {  // anything but a line keeps a casing of its own shape
        layers.push(shape(f.geometry, Object.assign({ interactive: false }, p.h), scale));
      }
      if (p.t) { layer.bindTooltip(p.t, { sticky: true, direction: "top", className: "sm-tip" }); }
      if (p.p) {
        layer.bindPopup(p.p, { maxWidth: 320, maxHeight: popupHeight, autoPanPadding: [12, 12], className: "sm-pop" });
      }
      layers.push(layer);
    });
    // One casing under all the group's lines: drawn first, as a single path
    if (casing) { L.polyline(cased, Object.assign({ interactive: false }, casing)).addTo(group); }
    layers.forEach(function (layer) { layer.addTo(group); });
    if (data.l && data.l.length) { new Labels(data.l, data.z0).addTo(group); }
  }

  function control(map, id, position) {
    var node = document.getElementById(id);
    if (!node) { return; }
    var Box = L.Control.extend({
      onAdd: function () {
        L.DomEvent.disableClickPropagation(node);
        L.DomEvent.disableScrollPropagation(node);
        node.hidden = false;
        return node;
      }
    });
    new Box({ position: position }).addTo(map);
  }

  function fit(map, bounds, maxBounds) {
    popupHeight = Math.max(140, Math.min(320, map.getSize().y - 90));
    map.fitBounds(bounds, { padding: [4, 4] });
    if (maxBounds) { map.setMaxBounds(maxBounds); map.options.maxBoundsViscosity = 1.0; }
    // Readers may zoom out a little from the fitted view, not so far that the edge of the
    // drawn land shows; the land is clipped to the extent plus a margin (geo.maps.webgeom).
    var floor = map.getMinZoom();
    var limit = function () {
      map.setMinZoom(Math.max(floor, map.getBoundsZoom(bounds) - 0.25));
    };
    limit();
    var resize = function () { map.invalidateSize(); limit(); };
    window.addEventListener("resize", resize);
  }

  function legend(map) {
    map.on("overlayadd overlayremove", function (e) {
      var key = e.layer && e.layer._smKey;
      if (!key) { return; }
      var off = e.type === "overlayremove";
      document.querySelectorAll("[data-sm-layer]").forEach(function (row) {
        if (row.getAttribute("data-sm-layer") === key) { row.hidden = off; }
      });
    });
    var box = document.getElementById("sm-legend");
    if (box && box.tagName === "DETAILS" && window.matchMedia("(max-width: 600px)").matches) {
      box.open = false;
    }
  }

  function fullscreen(map) {
    var button = document.getElementById("sm-fullscreen");
    if (!button) { return; }
    var doc = document;
    var root = doc.documentElement;
    var request = root.requestFullscreen || root.webkitRequestFullscreen;
    if (!request || doc.fullscreenEnabled === false) {
      button.hidden = true;
      return;
    }
    var sync = function () {
      var on = !!(doc.fullscreenElement || doc.webkitFullscreenElement);
      var label = button.getAttribute(on ? "data-off" : "data-on");
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.setAttribute("title", label);
      button.setAttribute("aria-label", label);
      root.classList.toggle("sm-is-fullscreen", on);
      setTimeout(function () { map.invalidateSize(); }, 120);
    };
    button.addEventListener("click", function (e) {
      e.preventDefault();
      if (doc.fullscreenElement || doc.webkitFullscreenElement) {
        (doc.exitFullscreen || doc.webkitExitFullscreen).call(doc);
      } else {
        request.call(root);
      }
    });
    doc.addEventListener("fullscreenchange", sync);
    doc.addEventListener("webkitfullscreenchange", sync);
  }

  function start(map) {
    legend(map);
    fullscreen(map);
    // No invalidateSize here: the map's box is final before any layer is drawn (the styles
    // come first, the controls sit inside it), and forcing a layout of the whole page now
    // costs a fifth of the drawing time. The resize listener in fit() handles later changes.
    // A mark once the first frame with every layer has been laid out and painted (the task
    // after that frame's animation callbacks), for screenshot tools and benchmarks.
    requestAnimationFrame(function () {
      setTimeout(function () { performance.mark("shieldmap:drawn"); }, 0);
    });
  }

  return { fill: fill, control: control, fit: fit, start: start };
})();
