/* Chart loader, small and on every page: it fetches the self-hosted Vega bundle only when
   a page has a chart, once per visit, draws charts as they scroll into view, and re-runs
   on every page of Material's instant navigation. Until then the static SVG shows. */
(function () {
  "use strict";
  var bundle = null;
  function scriptUrl() {
    var me = document.querySelector('script[src*="assets/javascripts/charts.js"]');
    return new URL("vendor/vega-bundle.js", me ? me.src : location.href).href;
  }
  function loadBundle() {
    if (window.vegaEmbed) return Promise.resolve();
    if (!bundle) {
      bundle = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = scriptUrl();
        s.async = true;
        s.onload = resolve;
        s.onerror = reject;
        document.head.appendChild(s);
      });
    }
    return bundle;
  }
  function draw(view) {
    if (view.dataset.state) return;
    view.dataset.state = "loading";
    var figure = view.closest(".odp-chart");
    var base = new URL(view.dataset.base || "./", location.href);
    loadBundle()
      .then(function () { return fetch(new URL(view.dataset.spec, location.href)); })
      .then(function (r) { return r.json(); })
      .then(function (spec) {
        return window.vegaEmbed(view, spec, {
          actions: false,
          renderer: "svg",
          loader: { baseURL: base.href },
          theme: document.body.getAttribute("data-md-color-scheme") === "slate" ? "dark" : undefined
        });
      })
      .then(function () {
        view.dataset.state = "drawn";
        figure.classList.add("odp-chart--live");
      })
      .catch(function (error) {
        view.dataset.state = "failed";
        console.warn("chart not drawn; the static image stays", error);
      });
  }
  function init() {
    var views = document.querySelectorAll(".odp-chart__view[data-spec]");
    if (!views.length) return;
    if (!("IntersectionObserver" in window)) { views.forEach(draw); return; }
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) { io.unobserve(e.target); draw(e.target); } });
    }, { rootMargin: "200px" });
    views.forEach(function (v) { io.observe(v); });
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
