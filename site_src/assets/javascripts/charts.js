/* Chart loader, small and on every page. Until a chart is drawn its static SVG shows.
   - Fetches the self-hosted Vega bundle and the expression interpreter only when a page
     has a chart, once per visit, and draws charts as they scroll into view.
   - CSP-safe: expressions run through vega-interpreter (ast + expr), and the published
     CSV is parsed here, because d3-dsv's parser compiles a function per header.
   - Follows Material's colour scheme: the spec carries a dark config (usermeta.odp.dark);
     when <body data-md-color-scheme> flips, drawn charts are embedded again.
   - Re-runs on every page of Material's instant navigation. */
(function () {
  "use strict";
  var scripts = null;
  var drawn = [];

  function vendorUrl(name) {
    var me = document.querySelector('script[src*="assets/javascripts/charts.js"]');
    return new URL("vendor/" + name, me ? me.src : location.href).href;
  }
  function loadScript(name) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = vendorUrl(name);
      s.onload = resolve;
      s.onerror = function () { reject(new Error("could not load " + name)); };
      document.head.appendChild(s);
    });
  }
  function loadLibraries() {
    if (!scripts) scripts = Promise.all([loadScript("vega-bundle.js"), loadScript("vega-interpreter.js")]);
    return scripts;
  }

  /* RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. Values stay strings; the
     spec's format.parse turns numbers and booleans into values, as Vega would. */
  function parseCsv(text) {
    var rows = [], row = [], field = "", quoted = false, i = 0, c;
    for (; i < text.length; i++) {
      c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
        else if (c === '"') quoted = false;
        else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ",") { row.push(field); field = ""; }
      else if (c === "\n" || c === "\r") {
        if (c === "\r" && text[i + 1] === "\n") i++;
        row.push(field); rows.push(row); row = []; field = "";
      } else field += c;
    }
    if (field !== "" || row.length) { row.push(field); rows.push(row); }
    var header = rows.shift() || [];
    return rows.map(function (cells) {
      var record = {};
      header.forEach(function (name, k) { record[name] = cells[k] === undefined ? "" : cells[k]; });
      return record;
    });
  }
  /* Every CSV data URL in the spec becomes inline values (with the same format.parse). */
  function inlineCsv(node, base, pending) {
    if (Array.isArray(node)) { node.forEach(function (n) { inlineCsv(n, base, pending); }); return; }
    if (!node || typeof node !== "object") return;
    if (typeof node.url === "string" && node.format && node.format.type === "csv") {
      pending.push(fetch(new URL(node.url, base)).then(function (r) {
        if (!r.ok) throw new Error("data " + r.status + " " + node.url);
        return r.text();
      }).then(function (text) {
        node.values = parseCsv(text);
        delete node.url;
        node.format = { type: "json", parse: node.format.parse };
      }));
      return;
    }
    Object.keys(node).forEach(function (k) { if (k !== "usermeta") inlineCsv(node[k], base, pending); });
  }

  function scheme() {
    return document.body.getAttribute("data-md-color-scheme") === "slate" ? "slate" : "default";
  }
  function themed(spec, width) {
    var copy = Object.assign({}, spec);
    var odp = (spec.usermeta && spec.usermeta.odp) || {};
    if (scheme() === "slate" && odp.dark) copy.config = odp.dark;
    if (width < 560 && odp.narrowTitle && copy.title) copy.title = Object.assign({}, copy.title, odp.narrowTitle);
    return copy;
  }
  function embed(view) {
    var previous = view.odpResult;
    return window.vegaEmbed(view, themed(view.odpSpec, view.clientWidth), {
      actions: false,
      renderer: "svg",
      defaultStyle: false,
      ast: true,
      expr: window.vegaInterpreter.expressionInterpreter,
      tooltip: { theme: "odp", disableDefaultStyle: true }
    }).then(function (result) {
      if (previous) previous.finalize();
      view.odpResult = result;
      view.dataset.scheme = scheme();
      var svg = view.querySelector("svg");
      if (svg) svg.setAttribute("aria-hidden", "true"); // the figure's label speaks for it
    });
  }
  function draw(view) {
    if (view.dataset.state) return;
    view.dataset.state = "loading";
    var figure = view.closest(".odp-chart");
    var base = new URL(view.dataset.base || "./", location.href);
    loadLibraries()
      .then(function () { return fetch(new URL(view.dataset.spec, location.href)); })
      .then(function (r) { return r.json(); })
      .then(function (spec) {
        var pending = [];
        inlineCsv(spec, base, pending);
        return Promise.all(pending).then(function () { return spec; });
      })
      .then(function (spec) {
        view.odpSpec = spec;
        return embed(view);
      })
      .then(function () {
        view.dataset.state = "drawn";
        figure.classList.add("odp-chart--live");
        drawn.push(view);
      })
      .catch(function (error) {
        view.dataset.state = "failed";
        console.warn("chart not drawn; the static image stays", error);
      });
  }
  function retheme() {
    drawn = drawn.filter(function (v) { return v.isConnected; });
    drawn.forEach(function (v) { if (v.dataset.scheme !== scheme()) embed(v); });
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
  new MutationObserver(retheme).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
