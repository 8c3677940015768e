/* Embed pages (embed/…, in another site's frame): the static chart is already shown,
   light or dark as the reader's system is. This script makes the live chart follow the
   same scheme (charts.js reads it from <body data-md-color-scheme>, as Material sets it
   on the site's other pages) and loads charts.js once the page and its image have
   loaded, so the frame costs the host page nothing more until it has drawn. The embed
   pages do not load site.js, whose frame guard would hide them. */
(function () {
  "use strict";
  var dark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function follow() {
    document.body.setAttribute("data-md-color-scheme", dark && dark.matches ? "slate" : "default");
  }
  follow();
  if (dark && dark.addEventListener) dark.addEventListener("change", follow);
  function loadCharts() {
    var me = document.querySelector('script[src*="assets/javascripts/embed.js"]');
    var script = document.createElement("script");
    script.src = new URL("charts.js", me ? me.src : location.href).href;
    document.body.appendChild(script);
  }
  if (document.readyState === "complete") loadCharts();
  else window.addEventListener("load", loadCharts);
})();
