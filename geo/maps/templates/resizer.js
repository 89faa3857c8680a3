// The snippet's own script: sizes its iframe to the height the map page asks for. It listens
// only to messages from that iframe's window, from the origin of its src, of our one type.
(function () {
  var f = document.getElementById(FRAME);
  if (!f || f.getAttribute("data-sm-sized")) return;
  f.setAttribute("data-sm-sized", "1");
  // a sandbox without allow-same-origin gives the map the opaque origin "null"
  var opaque = f.hasAttribute("sandbox") && !f.sandbox.contains("allow-same-origin");
  var o = opaque ? "null" : new URL(f.src, location.href).origin;
  addEventListener("message", function (e) {
    var d = e.data;
    if (e.source !== f.contentWindow || e.origin !== o || !d || d.type !== "shieldmap:height") return;
    if (typeof d.height !== "number" || !(d.height > 0)) return;
    var box = f.parentNode.style;
    box.aspectRatio = "auto";
    box.minHeight = "0";
    box.height = Math.round(Math.min(d.height, 5000)) + "px";
  });
})();
