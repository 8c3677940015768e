/* Site script, small and on every page:
   - the language switch always points at this page in the other language, even after
     Material's instant navigation, and switching reloads the page fully (the header and
     navigation are language-specific);
   - charts: the Vega bundle is fetched only when a page has a chart, once per visit. */
(function () {
  "use strict";
  function syncLanguageLinks() {
    document.querySelectorAll("a[data-odp-alternate]").forEach(function (alt) {
      var lang = alt.getAttribute("hreflang");
      document.querySelectorAll('.md-select__link[hreflang="' + lang + '"]').forEach(function (link) {
        link.href = alt.href;
      });
    });
  }
  window.addEventListener("click", function (event) {
    var link = event.target instanceof Element && event.target.closest(".md-select__link[hreflang]");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.stopPropagation();
    event.preventDefault();
    location.assign(link.href);
  }, true);
  var bundle = null;
  function scriptUrl() {
    var me = document.querySelector('script[src*="assets/javascripts/site.js"]');
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
    syncLanguageLinks();
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
