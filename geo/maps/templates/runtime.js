/* shieldmap runtime: draws pre-escaped layers, moves page nodes into map controls, ties the
   legend to the layer control, and runs the full-screen button. No data lives here. */
window.shieldmap = (function () {
  "use strict";
  var popupHeight = 260;
  var popups = [];    // every popup, so layout() can keep them clear of the controls
  var features = [];  // [tooltip, layer] of every feature with a popup, for the feature list
  var afterDrawn = [];  // what the first frame does not show, done once it is drawn
  var embedded = window.self !== window.top;
  var root = document.documentElement;
  // The theme: ?theme=dark|light in the address, else the reader's system setting. Set on the
  // root before the first paint, so the page colours (CSS variables) are right from the start.
  var asked = (/[?&]theme=(dark|light)(&|$)/.exec(location.search) || [])[1];
  var dark = asked ? asked === "dark"
    : !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  root.setAttribute("data-theme", dark ? "dark" : "light");

  // The integers of one encoded string, in the polyline algorithm's characters (see
  // geo.maps.encoding.polyline).
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
  // geo.maps.encoding.encode): rebuilt straight into Leaflet's LatLng objects.
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

  // Land rings arrive in whole Web Mercator pixels (geo.maps.encoding.encode_land): the first
  // point and then the steps, which are exactly an SVG path's M and l commands.
  function ringPath(text) {
    var v = integers(text);
    return v.length > 4 ? "M" + v[0] + " " + v[1] + "l" + v.slice(2).join(" ") + "z" : "";
  }

  // Every line and area is one SVG path written once, in pixels at one zoom, then moved and
  // scaled by a transform at every zoom and pan (its stroke keeps its width). Leaflet would
  // instead reproject, clip and simplify every vertex each time, which costs more than the
  // rest of the page together; the browser still hit-tests the drawn path for tooltips.
  var fixedPath = {
    _project: function () {},
    _update: function () {
      var map = this._map, path = this._path;
      if (!map) { return; }
      if (!path.hasAttribute("d")) {
        // (kept: the layer control makes a new path each time it adds the layer again)
        this._d = this._d || this._pathData(map);
        path.setAttribute("d", this._d);
        path.setAttribute("vector-effect", "non-scaling-stroke");
      }
      var o = map.getPixelOrigin(), k = map.getZoomScale(map.getZoom(), this._zoom);
      path.setAttribute("transform", "matrix(" + k + " 0 0 " + k + " " + -o.x + " " + -o.y + ")");
    }
  };

  // Polygons nobody hovers or clicks (the land under everything), their rings already in
  // whole pixels at zoom ``zoom``.
  var FixedPolygon = L.Polygon.extend(fixedPath).extend({
    initialize: function (rings, zoom, options) {
      L.setOptions(this, options);
      this._pixels = rings;
      this._zoom = zoom;
      this._latlngs = [];
      this._bounds = L.latLngBounds([]);
    },
    _pathData: function () { return this._pixels.map(ringPath).join(""); }
  });

  // Lines and clickable areas keep their LatLngs (bounds, popups, the feature list) and are
  // drawn at the map's deepest zoom, where a tenth of a pixel is finer than the data.
  function fixedShape(Base, close) {
    return Base.extend(fixedPath).extend({
      _pathData: function (map) {
        var zoom = this._zoom = map.getMaxZoom();
        var path = function (latlngs) {
          if (!L.LineUtil.isFlat(latlngs)) { return latlngs.map(path).join(""); }
          return latlngs.length < 2 ? "" : latlngs.map(function (p, i) {
            var at = map.project(p, zoom);
            return (i ? "L" : "M") + Math.round(at.x * 10) / 10 + " " + Math.round(at.y * 10) / 10;
          }).join("") + (close ? "z" : "");
        };
        return path(this._latlngs);
      }
    });
  }
  var FixedLine = fixedShape(L.Polyline, false), FixedArea = fixedShape(L.Polygon, true);

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
    if (t === "LineString") { return new FixedLine(line(z, scale), opts); }
    if (t === "MultiLineString") { return new FixedLine(lines(z, scale), opts); }
    if (t === "Polygon") { return new FixedArea(lines(z, scale), opts); }
    return new FixedArea(z.map(function (p) { return lines(p, scale); }), opts);
  }

  // A group's permanent labels as one layer of plain elements in the marker pane, placed and
  // moved on zoom as Leaflet places markers, without a marker and an icon object for each.
  // The placer (geo/maps/labels.py) gives each label its candidate places (lon, lat, side:
  // r, l, a or b; none for c, centred), its priority and, per quarter zoom step from the map's minimum, the one
  // it chose ("0", "1", ...) or "-" where a more important label has the room. The plan knows
  // the zoom, not the view: arrange() below checks it against the map's box.
  var labelLayers = [];  // every Labels layer on the map, for arrange()
  var rearrange = null;  // arrange()'s run, once the map has started
  var Labels = L.Layer.extend({
    initialize: function (list, z0) {
      this._labels = list.map(function (l) {
        return {
          at: (l.k || []).map(function (k) { return { p: L.latLng(k[1], k[0]), side: k[2] || "c" }; }),
          plan: l.z || "0",
          priority: l.p || 0
        };
      });
      this._z0 = z0 || 0;
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
      labelLayers.push(this);
      this._reset();
    },
    onRemove: function () {
      this._nodes.forEach(L.DomUtil.remove);
      labelLayers.splice(labelLayers.indexOf(this), 1);
    },
    getEvents: function () {
      return { zoom: this._reset, viewreset: this._resetView, zoomanim: this._animate };
    },
    // Leaflet resets the view after its last moveend (a pan held inside the map's bounds
    // ends so): the plan is applied again, so the arrangement for the view must follow it
    _resetView: function () {
      this._reset();
      if (rearrange) { rearrange(); }
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
    // the plan's choice for label i at ``zoom``: an index into its places, or -1 (left out)
    planned: function (i, zoom) {
      var plan = this._labels[i].plan, step = Math.round((zoom - this._z0) * 4);
      var code = plan.charAt(Math.max(0, Math.min(plan.length - 1, step)));
      return code === "-" ? -1 : parseInt(code, 36);
    },
    _place: function (zoom, at) {
      for (var i = 0; i < this._nodes.length; i++) { this.show(i, this.planned(i, zoom), at); }
    },
    // label i at its place k (-1: hidden); ``at`` turns a LatLng into a layer point
    show: function (i, k, at) {
      var node = this._nodes[i], chosen = k < 0 ? null : this._labels[i].at[k];
      var side = chosen ? chosen.side : "-";
      if (node._smSide !== side) {
        if (node._smSide) { L.DomUtil.removeClass(node, "sm-at-" + node._smSide); }
        L.DomUtil.addClass(node, "sm-at-" + side);
        node._smSide = side;
      }
      if (!chosen) { return; }
      var pos = at(chosen.p);
      L.DomUtil.setPosition(node, pos);
      node.style.zIndex = pos.y;  // lower labels in front, as Leaflet stacks markers
    }
  });

  function plain(markup) {
    var node = document.createElement("template");  // inert: nothing in it loads or runs
    node.innerHTML = markup;
    return node.content.textContent.trim();
  }

  function fill(group, key, data) {
    group._smKey = key;
    var scale = Math.pow(10, data.d || 0);
    var layers = [], casing = null, cased = [];
    (data.f || []).forEach(function (f) {
      var p = f.properties || {};
      var opts = Object.assign({}, p.s || data.s || {});  // data.s: the layer's common style
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
        popups.push(layer.getPopup());
        features.push([p.t || "", layer]);
      }
      layers.push(layer);
    });
    // One casing under all the group's lines: drawn first, as a single path
    if (casing) { new FixedLine(cased, Object.assign({ interactive: false }, casing)).addTo(group); }
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

  // The opening view fits the extent exactly, a few pixels' padding aside (fitBounds would
  // round the zoom down to a quarter step and show up to a fifth more on every side). Readers
  // may zoom out a quarter step from there, never so far that the view leaves the land and sea
  // drawn: one box for wide screens and one for tall ones (geo.maps.viewport.clip_boxes), each
  // holding the fitted view of any screen up to 21:9 its way. A screen of a more extreme shape
  // is zoomed in until its view fits inside, so land or sea reaches every edge.
  function fit(map, bounds, boxes, sea) {
    popupHeight = Math.max(140, Math.min(320, map.getSize().y - 90));
    var floor = map.getMinZoom();
    var extent = L.latLngBounds(bounds);
    var pans = (boxes || []).map(function (b) { return L.latLngBounds(b); });
    if (sea) {
      pans.forEach(function (box) {
        L.rectangle(box, { stroke: false, fillColor: sea, fillOpacity: 1, interactive: false,
          className: "sm-sea" }).addTo(map);
      });
    }
    var span = function (b) {
      return map.project(b.getSouthEast(), 0).subtract(map.project(b.getNorthWest(), 0));
    };
    // the zoom at which ``b`` fills ``size`` one way (cover) or fits inside it (not cover)
    var zoomFor = function (b, size, cover) {
      var s = span(b), sx = size.x / s.x, sy = size.y / s.y;
      return map.getScaleZoom(cover ? Math.max(sx, sy) : Math.min(sx, sy), 0);
    };
    var limit = function () {
      var size = map.getSize(), e = span(extent);
      // no box to fit yet (an iframe not laid out): the size observer comes back
      if (size.x < 16 || size.y < 16) { return null; }
      var box = pans.length > 1 && size.x / size.y < e.x / e.y ? pans[1] : pans[0];
      var fitted = zoomFor(extent, size.subtract([8, 8]), false);
      // (a thirtieth of a zoom step more: whole-pixel rounding never shows the edge of the box)
      var inside = box ? zoomFor(box, size, true) + 0.03 : floor;
      if (box) { map.setMaxBounds(box); map.options.maxBoundsViscosity = 1.0; }
      // not setMinZoom: over drawn layers it would start an animated zoom that lands after
      // the exact fit below
      var least = Math.max(floor, fitted - 0.25, inside);
      map.options.minZoom = least;
      map.fire("zoomlevelschange");
      if (map.getZoom() < least) { map.setZoom(least, { animate: false }); }
      return Math.max(fitted, inside);
    };
    var place = function () {
      var zoom = limit(), snap = map.options.zoomSnap;
      if (zoom === null) { return; }
      var nw = map.project(extent.getNorthWest(), 0), se = map.project(extent.getSouthEast(), 0);
      map.options.zoomSnap = 0;  // the exact fit, this once
      map.setView(map.unproject(nw.add(se).divideBy(2), 0), zoom, { animate: false });
      map.options.zoomSnap = snap;
    };
    place();
    // Until the reader moves the map, a new size (an iframe that takes its height, a phone
    // turned) fits the extent again.
    var moved = false;
    var touched = function () { moved = true; };
    ["mousedown", "touchstart", "wheel", "keydown"].forEach(function (type) {
      map.getContainer().addEventListener(type, touched, { passive: true });
    });
    var last = map.getSize();
    var resize = function () {
      map.invalidateSize({ animate: false });
      var size = map.getSize();
      if (size.equals(last)) { return; }
      last = size;
      if (moved) { limit(); } else { place(); }
    };
    // the map's own box, not only the window: the headline wrapping, the key folding or the
    // footer growing after the first fit change it too
    if (window.ResizeObserver) { new ResizeObserver(resize).observe(map.getContainer()); }
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
  }

  function fullscreen(map) {
    var button = document.getElementById("sm-fullscreen");
    if (!button) { return; }
    var doc = document;
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


  function fullscreenOn() { return root.classList.contains("sm-is-fullscreen"); }

  // ---- embedding: the height the page wants, posted to the article's resizer script

  // The map panel's wanted height: the map's own proportions at this width, at most three
  // quarters of the reader's screen, so a tall map never fills a laptop screen on its own.
  function wantedHeight(map, aspect) {
    var main = map.getContainer().parentNode;
    var width = main.clientWidth;
    var panel = Math.max(260, Math.min(width / aspect, (screen.height || 800) * 0.75));
    // everything else on the page keeps its own height whatever the iframe's height is
    return Math.round(root.scrollHeight - main.offsetHeight + panel);
  }

  function embedding(map, opts) {
    var link = document.getElementById("sm-open");
    if (!embedded) { return; }
    root.classList.add("sm-embedded");
    if (link) {
      link.href = location.href;
      link.hidden = false;
    }
    var last = 0, queued = false;
    var post = function () {
      queued = false;
      var height = wantedHeight(map, opts.aspect || 1);
      if (Math.abs(height - last) < 2) { return; }
      last = height;
      // The height is no secret, and the article's origin is not known here: any parent may
      // read it; the snippet's script checks where it comes from.
      window.parent.postMessage({ type: "shieldmap:height", height: height }, "*");
    };
    var queue = function () {
      // a timer, not an animation frame: Chromium skips frames of an iframe out of view, and
      // a turned phone must resize the embed before the reader scrolls to it
      if (!queued) { queued = true; setTimeout(post, 30); }
    };
    if (window.ResizeObserver) {
      var watch = new ResizeObserver(queue);
      Array.prototype.forEach.call(document.querySelector(".sm-page").children, function (node) {
        if (!node.classList.contains("sm-main")) { watch.observe(node); }
      });
    }
    window.addEventListener("resize", queue);
    queue();
  }

  // ---- no scroll trap: in an article, the page scrolls; the map zooms on Ctrl/Cmd + wheel and
  // moves with two fingers (cooperative gestures). At top level or full screen, as usual.

  function gestures(map) {
    var main = map.getContainer().parentNode;
    var hint = document.getElementById("sm-hint");
    if (hint) { main.appendChild(hint); }
    var mac = /Mac|iPhone|iPad/.test(navigator.platform || "");
    var timer = null;
    var cooperative = function () { return embedded && !fullscreenOn(); };
    var show = function (kind) {
      if (!hint) { return; }
      hint.textContent = hint.getAttribute("data-" + kind);
      hint.classList.add("sm-hint-on");
      clearTimeout(timer);
      timer = setTimeout(function () { hint.classList.remove("sm-hint-on"); }, 1400);
    };
    var sync = function () { main.classList.toggle("sm-coop", cooperative()); };
    sync();
    document.addEventListener("fullscreenchange", sync);
    document.addEventListener("webkitfullscreenchange", sync);
    // capture phase on the map's parent: Leaflet's own handlers on the container never see a
    // gesture meant for the page, and the browser scrolls the article as usual
    main.addEventListener("wheel", function (e) {
      if (!cooperative() || e.ctrlKey || e.metaKey) { return; }
      if (e.target.closest && e.target.closest(".leaflet-control")) { return; }
      e.stopPropagation();
      show(mac ? "wheel-mac" : "wheel");
    }, { capture: true, passive: true });
    var oneFinger = function (e) {
      if (!cooperative() || e.touches.length !== 1) { return; }
      if (e.target.closest && e.target.closest(".leaflet-control")) { return; }
      e.stopPropagation();
      if (e.type === "touchmove") { show("touch"); }
    };
    main.addEventListener("touchstart", oneFinger, { capture: true, passive: true });
    main.addEventListener("touchmove", oneFinger, { capture: true, passive: true });
  }

  // Calls ``handler`` when the details element ``node`` has opened or folded since the last
  // call. A toggle event comes late and can say nothing new: the parser queues one for a key
  // that starts open, and layout() folding the key on a phone queues another.
  function toggled(node, handler) {
    var open = node.open;
    node.addEventListener("toggle", function () {
      if (node.open !== open) {
        open = node.open;
        handler();
      }
    });
  }

  // ---- layout by the map's own size, not the window's

  function layout(map) {
    var main = map.getContainer().parentNode;
    var legendBox = document.getElementById("sm-legend");
    var folded = false;
    var apply = function () {
      var size = map.getSize();
      // narrow: a 640 px article column, a phone, or a short landscape phone
      var narrow = size.x < 720 || size.y < 520;
      main.classList.toggle("sm-narrow", narrow);
      main.classList.toggle("sm-tiny", size.x < 420 || size.y < 300);
      if (legendBox && legendBox.tagName === "DETAILS" && narrow && !folded) {
        legendBox.open = false;
        folded = true;  // once: a reader who opens it again keeps it open
      }
      // no control covers another: the key scrolls within the room the corners leave it
      if (legendBox) {
        // the key grows upwards from its place above the scale, up to the buttons above it
        var top = map.getContainer().querySelector(".leaflet-top.leaflet-left");
        var ceiling = top ? top.getBoundingClientRect().bottom : 0;
        var room = legendBox.getBoundingClientRect().bottom - ceiling - 8;
        legendBox.style.maxHeight = Math.max(40, Math.floor(room)) + "px";
      }
      // popups open clear of the controls at each corner
      var corner = function (name) {
        var node = map.getContainer().querySelector(name);
        return node ? [node.offsetWidth, node.offsetHeight] : [0, 0];
      };
      var tl = corner(".leaflet-top.leaflet-left"), tr = corner(".leaflet-top.leaflet-right");
      var bl = corner(".leaflet-bottom.leaflet-left"), br = corner(".leaflet-bottom.leaflet-right");
      var padTop = [Math.min(tl[0], size.x / 3) + 8, Math.max(tl[1], tr[1]) + 8];
      var padBottom = [Math.min(tr[0], size.x / 3) + 8, Math.max(bl[1], br[1]) + 8];
      popups.forEach(function (popup) {
        popup.options.autoPanPaddingTopLeft = padTop;
        popup.options.autoPanPaddingBottomRight = padBottom;
      });
    };
    apply();
    map.on("resize", apply);
    if (legendBox) { toggled(legendBox, apply); }
  }

  // ---- the locator inset follows the reader's view: geo/maps/svg.py draws it in Web
  // Mercator framed by data-box (west south east north), so the view is a rectangle there too.
  // It hides where it adds nothing: when the view already shows most of its frame.

  function inset(map) {
    var box = document.getElementById("sm-inset");
    var svg = box && box.querySelector("svg[data-box]");
    var rect = svg && svg.querySelector(".sm-view");
    if (!rect) { return; }
    var frame = svg.getAttribute("data-box").split(" ").map(Number);
    var size = svg.viewBox.baseVal, least = 8;  // svg.py's _MIN_VIEW
    var northing = function (lat) {
      lat = Math.max(-85, Math.min(85, lat));
      return Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360));
    };
    var top = northing(frame[3]), bottom = northing(frame[1]);
    var x = function (lon) { return (lon - frame[0]) / (frame[2] - frame[0]) * size.width; };
    var y = function (lat) { return (top - northing(lat)) / (top - bottom) * size.height; };
    var update = function () {
      var b = map.getBounds();
      var x0 = x(b.getWest()), x1 = x(b.getEast()), y0 = y(b.getNorth()), y1 = y(b.getSouth());
      var w = Math.max(x1 - x0, least), h = Math.max(y1 - y0, least);
      rect.setAttribute("x", ((x0 + x1 - w) / 2).toFixed(1));
      rect.setAttribute("y", ((y0 + y1 - h) / 2).toFixed(1));
      rect.setAttribute("width", w.toFixed(1));
      rect.setAttribute("height", h.toFixed(1));
      var seen = Math.max(0, Math.min(x1, size.width) - Math.max(x0, 0)) *
        Math.max(0, Math.min(y1, size.height) - Math.max(y0, 0));
      box.classList.toggle("sm-inset-off", seen > 0.5 * size.width * size.height);
    };
    map.on("moveend zoomend resize", update);
    update();
  }

  // ---- keyboard and screen readers

  function keyboard(map, opts) {
    var labels = opts.labels || {};
    var container = map.getContainer();
    // Features are reached through the feature list below the map, not one Tab stop each
    // (Chromium makes an SVG path focusable once Leaflet listens for its focus).
    var untab = function () {
      container.querySelectorAll("path.leaflet-interactive").forEach(function (path) {
        path.setAttribute("tabindex", "-1");
      });
    };
    untab();
    map.on("layeradd", untab);
    // Leaflet's controls, in the map's language
    var name = function (selector, text) {
      var node = container.querySelector(selector);
      if (node && text) {
        node.setAttribute("title", text);
        node.setAttribute("aria-label", text);
      }
    };
    name(".leaflet-control-zoom-in", labels.zoomIn);
    name(".leaflet-control-zoom-out", labels.zoomOut);
    name(".leaflet-control-layers-toggle", labels.layers);
    var layersBox = container.querySelector(".leaflet-control-layers-list");
    if (layersBox && labels.layers) {
      layersBox.setAttribute("role", "group");
      layersBox.setAttribute("aria-label", labels.layers);
    }
    // Escape closes the open popup wherever the focus is, and gives the focus back
    var opener = null;
    map.on("popupopen", function (e) {
      // popups' links open in a new tab, safely: geo.maps.html leaves these attributes out
      // of the page's data (45 bytes a link) and they are set here
      e.popup.getElement().querySelectorAll(".leaflet-popup-content a[href]").forEach(function (a) {
        a.target = "_blank";
        a.rel = "noopener noreferrer";
      });
      var close = e.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close && labels.close) {
        close.setAttribute("aria-label", labels.close);
        close.setAttribute("title", labels.close);
      }
    });
    map.on("popupclose", function () {
      if (opener && document.contains(opener)) { opener.focus(); }
      opener = null;
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && map._popup && map.hasLayer(map._popup)) {
        if (!opener) { opener = container; }
        map.closePopup();
        e.preventDefault();
      }
    });
    // the feature list: one button per feature, opening its popup and moving focus into it.
    // Made once the map is drawn: it waits folded below the map, and sorting the names in the
    // page's language first sets up the browser's collation (a sixth of the drawing time).
    var list = document.getElementById("sm-features");
    if (!list) { return; }
    afterDrawn.push(function () {
      var items = list.querySelector("ul");
      var order = new Intl.Collator(root.lang || undefined);
      features.map(function (f) { return [plain(f[0]), f[1]]; })
        .sort(function (a, b) { return order.compare(a[0], b[0]); })
        .forEach(function (entry) {
          if (!entry[0]) { return; }
          var item = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = entry[0];
          button.addEventListener("click", function () {
            var layer = entry[1];
            if (!map.hasLayer(layer)) { return; }
            layer.openPopup();
            opener = button;
            var content = layer.getPopup().getElement().querySelector(".leaflet-popup-content");
            if (content) {
              content.setAttribute("tabindex", "-1");
              content.focus({ preventScroll: true });
            }
          });
          item.appendChild(button);
          items.appendChild(item);
        });
      list.hidden = !items.children.length;
    });
  }

  // ---- dark theme: every colour of the map through the style table's dark palette

  function hex(colour) {
    var m = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(colour || "");
    if (m) {
      return "#" + [m[1], m[2], m[3]].map(function (v) {
        return ("0" + Number(v).toString(16)).slice(-2);
      }).join("");
    }
    colour = (colour || "").toLowerCase();
    if (/^#[0-9a-f]{3}$/.test(colour)) {
      return "#" + colour[1] + colour[1] + colour[2] + colour[2] + colour[3] + colour[3];
    }
    return colour;
  }

  function theme(map, palette) {
    if (!dark || !palette) { return; }
    var swap = function (colour) { return palette[hex(colour)] || colour; };
    map.eachLayer(function (layer) {
      if (!(layer instanceof L.Path)) { return; }  // groups would pass one style to all
      var o = layer.options, change = {};
      if (o.color) { change.color = swap(o.color); }
      if (o.fillColor) { change.fillColor = swap(o.fillColor); }
      layer.setStyle(change);
    });
    document.querySelectorAll("#sm-legend svg *, #sm-inset svg *, .sm-timeline svg *")
      .forEach(function (node) {
        ["fill", "stroke"].forEach(function (name) {
          var value = node.getAttribute(name);
          if (value && palette[hex(value)]) { node.setAttribute(name, palette[hex(value)]); }
        });
      });
    // labels take their colours from the style sheet: read each once, write its dark twin
    var spans = document.querySelectorAll(".sm-label > span");
    var colours = Array.prototype.map.call(spans, function (span) {
      return hex(getComputedStyle(span).color);
    });
    Array.prototype.forEach.call(spans, function (span, i) {
      if (palette[colours[i]]) { span.style.color = palette[colours[i]]; }
    });
  }

  // ---- labels in view: the plan (geo/maps/labels.py) is made per zoom step with estimated
  // text boxes and no knowledge of the window. Here, after every zoom, pan or resize, each
  // label, most important first, takes the first of its places (the plan's choice, then the
  // others in order) whose measured box lies wholly inside the map, clear of the controls,
  // the place markers and the labels already kept; a label with no such place waits for
  // another view. So a phone keeps its country names in view and no name runs off an edge.

  var EDGE = 2;  // px kept free along the map's edges
  var GAP = 6;   // a point label's distance from its marker (map.css)
  var MARKER = 5;
  var NAME = /\bsm-(country|status)\b/;  // names of countries and regions: may go compact

  function overlap(a, b) {
    return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  }

  // the box [left, top, right, bottom] in container px of a w × h text at point p on ``side``
  function textBox(p, side, w, h, point) {
    var g = point ? GAP : 0, x = p.x - w / 2, y = p.y - h / 2;
    if (side === "r") { x = p.x + g; }
    if (side === "l") { x = p.x - g - w; }
    if (side === "a") { y = p.y - g - h; }
    if (side === "b") { y = p.y + g; }
    return [x, y, x + w, y + h];
  }

  function arrange(map) {
    var container = map.getContainer();
    var run = function () {
      var view = map.getSize();
      if (view.x < 16 || view.y < 16) { return; }
      var toLayer = function (p) { return map.latLngToLayerPoint(p).round(); };
      var entries = [];
      labelLayers.forEach(function (layer) {
        if (!layer._map) { return; }
        layer._labels.forEach(function (label, i) {
          var node = layer._nodes[i];
          entries.push({ layer: layer, i: i, label: label, node: node,
            point: node.classList.contains("sm-pt"), order: entries.length });
          // shown somewhere while measuring: a hidden node has no size
          layer.show(i, Math.max(0, layer.planned(i, map.getZoom())), toLayer);
        });
      });
      // the sizes of every label, at full size and compact (names only), and the controls
      var names = entries.filter(function (e) { return NAME.test(e.node.className); });
      var measure = function (e) {
        var span = e.node.firstElementChild || e.node;
        // (scroll sizes: a text running past its box counts whole)
        return [Math.max(span.offsetWidth, span.scrollWidth),
          Math.max(span.offsetHeight, span.scrollHeight)];
      };
      // (reads batched between writes: each read after a write lays the page out again)
      entries.forEach(function (e) { L.DomUtil.removeClass(e.node, "sm-compact"); });
      entries.forEach(function (e) { e.sizes = [measure(e)]; });
      var frame = container.getBoundingClientRect();
      var blocked = [];
      container.querySelectorAll(".leaflet-control").forEach(function (node) {
        var r = node.getBoundingClientRect();
        if (r.width > 0 && r.height > 0) {
          blocked.push([r.left - frame.left - EDGE, r.top - frame.top - EDGE,
            r.right - frame.left + EDGE, r.bottom - frame.top + EDGE]);
        }
      });
      // The compact sizes only when a name finds no place at full size: setting the class and
      // measuring again lays the page out again (a fifth of arranging, mostly for nothing)
      var measureCompact = function () {
        names.forEach(function (e) { L.DomUtil.addClass(e.node, "sm-compact"); });
        names.forEach(function (e) { e.sizes.push(measure(e)); });
        // (each label's compact class is set again once it has its place, below)
      };
      // place markers stay whatever happens to their names
      var markers = entries.filter(function (e) { return e.point && e.label.at.length; })
        .map(function (e) {
          var p = map.latLngToContainerPoint(e.label.at[0].p);
          return { owner: e, box: [p.x - MARKER, p.y - MARKER, p.x + MARKER, p.y + MARKER] };
        });
      entries.sort(function (a, b) {
        return b.label.priority - a.label.priority || a.order - b.order;
      });
      // Where label e fits at its place k at ``size``: the shift [dx, dy] that keeps its box
      // inside the map (a text may slide along an edge as long as it still covers its
      // anchor; a place's name stays by its marker), or null.
      var fits = function (kept, e, k, size) {
        var place = e.label.at[k];
        var box = textBox(map.latLngToContainerPoint(place.p), place.side, size[0], size[1],
          e.point);
        var slide = function (low, high, limit, room) {
          var d = low < EDGE ? EDGE - low : high > limit - EDGE ? limit - EDGE - high : 0;
          return Math.abs(d) <= room && low + d >= EDGE && high + d <= limit - EDGE ? d : null;
        };
        var dx = slide(box[0], box[2], view.x, e.point ? 0 : size[0] / 2 - 2);
        var dy = slide(box[1], box[3], view.y, e.point ? 0 : size[1] / 2 - 2);
        if (dx === null || dy === null) { return null; }
        box = [box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy];
        var clash = function (b) { return overlap(box, b); };
        if (blocked.some(clash) || kept.some(function (b) { return clash(b.box); }) ||
            markers.some(function (m) { return m.owner !== e && clash(m.box); })) {
          return null;
        }
        return { box: box, shift: [dx, dy], owner: e };
      };
      // One pass, most important first: each label takes its first free place at full size,
      // else (names) compact; ``squeeze`` lists names that start compact.
      var arrangeAll = function (squeeze) {
        var kept = [];
        entries.forEach(function (e) {
          e.chosen = -1;
          e.compact = false;
          e.shift = null;
          var first = e.layer.planned(e.i, map.getZoom());
          var order = first >= 0 ? [first] : [];
          e.label.at.forEach(function (_, k) { if (k !== first) { order.push(k); } });
          // (a label the phone style hides has no size)
          e.sizes.some(function (size, variant) {
            if (!(size[0] > 0) || (variant === 0 && squeeze.indexOf(e) >= 0)) { return false; }
            return order.some(function (k) {
              var spot = fits(kept, e, k, size);
              if (!spot) { return false; }
              kept.push(spot);
              e.chosen = k;
              e.compact = variant > 0;
              e.shift = spot.shift;
              return true;
            });
          });
        });
        return kept;
      };
      // A name left out makes the names on its first place compact, and all try again
      var squeeze = [];
      var kept = arrangeAll(squeeze);
      var crowded = names.some(function (e) { return e.chosen < 0 && e.sizes[0][0] > 0; });
      if (crowded) { measureCompact(); }
      for (var round = 0; crowded && round < 3; round++) {
        kept = arrangeAll(squeeze);
        var more = [];
        entries.forEach(function (e) {
          if (e.chosen >= 0 || e.sizes.length < 2 || !(e.sizes[1][0] > 0)) { return; }
          var first = Math.max(0, e.layer.planned(e.i, map.getZoom())), place = e.label.at[first];
          if (!place) { return; }
          var box = textBox(map.latLngToContainerPoint(place.p), place.side, e.sizes[1][0],
            e.sizes[1][1], e.point);
          kept.forEach(function (spot) {
            var other = spot.owner;
            if (other.sizes.length > 1 && !other.compact && squeeze.indexOf(other) < 0 &&
                overlap(box, spot.box)) { more.push(other); }
          });
        });
        if (!more.length) { break; }
        squeeze = squeeze.concat(more);
      }
      entries.forEach(function (e) {
        L.DomUtil[e.compact ? "addClass" : "removeClass"](e.node, "sm-compact");
        var shift = e.shift;
        e.layer.show(e.i, e.chosen, shift ? function (p) {
          return toLayer(p).add(L.point(shift[0], shift[1]).round());
        } : toLayer);
      });
    };
    map.on("zoomend moveend overlayadd overlayremove resize", run);
    // (once for all label layers, after the reset, before the frame is painted)
    var pending = false;
    rearrange = function () {
      if (pending) { return; }
      pending = true;
      Promise.resolve().then(function () { pending = false; run(); });
    };
    // the key opened or folded: labels keep clear of it
    var key = document.getElementById("sm-legend");
    if (key) { toggled(key, run); }
    run();
  }

  function start(map, opts) {
    opts = opts || {};
    legend(map);
    fullscreen(map);
    theme(map, opts.dark);
    keyboard(map, opts);
    gestures(map);
    layout(map);
    inset(map);
    arrange(map);
    embedding(map, opts);
    // No invalidateSize here: the map's box is final before any layer is drawn (the styles
    // come first, the controls sit inside it), and forcing a layout of the whole page now
    // costs a fifth of the drawing time. The resize listener in fit() handles later changes.
    // A mark once the first frame with every layer has been laid out and painted (the task
    // after that frame's animation callbacks), for screenshot tools and benchmarks.
    requestAnimationFrame(function () {
      setTimeout(function () {
        performance.mark("shieldmap:drawn");
        afterDrawn.forEach(function (work) { work(); });
      }, 0);
    });
  }

  return { fill: fill, control: control, fit: fit, start: start };
})();
