/* shieldmap runtime: draws pre-escaped layers, moves page nodes into map controls, ties the
   legend to the layer control, and runs the full-screen button. No data lives here. */
window.shieldmap = (function () {
  "use strict";
  var popupHeight = 260;

  // Geometries arrive as integer deltas (see geo.maps.webgeom.encode): rebuild coordinates.
  function line(text, scale) {
    var values = [], i = 0;
    while (i < text.length) {
      var b, shift = 0, bits = 0;
      do {
        b = text.charCodeAt(i++) - 63;
        bits |= (b & 0x1f) << shift;
        shift += 5;
      } while (b >= 0x20);
      values.push(bits & 1 ? ~(bits >> 1) : bits >> 1);
    }
    var out = [], x = 0, y = 0;
    for (var k = 0; k < values.length; k += 2) {
      x += values[k]; y += values[k + 1];
      out.push([x / scale, y / scale]);
    }
    return out;
  }

  function decode(g, scale) {
    if (g && g.geometries) {
      return { type: g.type, geometries: g.geometries.map(function (p) { return decode(p, scale); }) };
    }
    if (!g || !g.z) { return g; }
    var z = g.z, t = g.type, c;
    var lines = function (list) { return list.map(function (a) { return line(a, scale); }); };
    if (t === "LineString") { c = line(z, scale); }
    else if (t === "MultiPolygon") { c = z.map(lines); }
    else { c = lines(z); }
    return { type: t, coordinates: c };
  }

  function fill(group, key, data) {
    group._smKey = key;
    var scale = Math.pow(10, data.d || 0);
    (data.f || []).forEach(function (f) {
      if (f.geometry && (f.geometry.z || f.geometry.geometries)) {
        f = { type: "Feature", properties: f.properties, geometry: decode(f.geometry, scale) };
      }
      var p = f.properties || {};
      var g = f.geometry;
      if (p.h) {
        L.geoJSON(f, Object.assign({ interactive: false }, p.h)).addTo(group);
      }
      var opts = Object.assign({}, p.s || {});
      if (p.c) { opts.className = p.c; }
      if (!p.t && !p.p) { opts.interactive = false; }
      var layer;
      if (g && g.type === "Point") {
        layer = L.circleMarker([g.coordinates[1], g.coordinates[0]], opts);
      } else {
        layer = L.geoJSON(f, opts);
      }
      if (p.t) { layer.bindTooltip(p.t, { sticky: true, direction: "top", className: "sm-tip" }); }
      if (p.p) {
        layer.bindPopup(p.p, { maxWidth: 320, maxHeight: popupHeight, autoPanPadding: [12, 12], className: "sm-pop" });
      }
      layer.addTo(group);
    });
    (data.l || []).forEach(function (l) {
      L.marker([l.y, l.x], {
        icon: L.divIcon({ className: "sm-label " + (l.c || ""), html: l.h, iconSize: null }),
        interactive: false, keyboard: false
      }).addTo(group);
    });
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
    map.invalidateSize();
    // A mark at the first frame with everything drawn, for screenshot tools and benchmarks.
    requestAnimationFrame(function () { performance.mark("shieldmap:drawn"); });
  }

  return { fill: fill, control: control, fit: fit, start: start };
})();
