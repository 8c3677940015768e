/* Chart loader, small and on every page. Until a chart is drawn its static SVG shows.
   - Fetches the self-hosted Vega bundle and the expression interpreter only when a page
     has a chart, once per visit, and draws charts as they scroll into view.
   - CSP-safe: expressions run through vega-interpreter (ast + expr), and the published
     CSV is parsed here, because d3-dsv's parser compiles a function per header.
   - Follows Material's colour scheme: the spec carries a dark config (usermeta.odp.dark);
     when <body data-md-color-scheme> flips, drawn charts are embedded again.
   - The readout (usermeta.odp.readout): a rule or band at the x nearest the pointer, a
     tap or the arrow keys, with a box listing every series there; the same words go to
     an aria-live region, for screen readers.
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
  /* The readout. The spec's layer "odp_readout" has one item per x, its datum holding the
     x's label (_xt) and every series' row there (_rows, each with _rl label, _rv value
     text, _ro order); the signal odp_at shows the item whose _x it equals. Items are
     found in the drawn SVG (Vega binds each element to its item), so their screen
     position is the browser's own, whatever the chart's size. */
  function readout(view) { return (view.odpSpec.usermeta && view.odpSpec.usermeta.odp || {}).readout; }
  function stops(view) {
    var marks = view.querySelector("svg .odp_readout_marks");
    var across = readout(view).axis === "y";
    var list = [];
    Array.prototype.forEach.call(marks ? marks.children : [], function (el) {
      var item = el.__data__;
      if (!item || !item.datum) return;
      var box = el.getBoundingClientRect();
      list.push({ datum: item.datum, box: box, at: across ? box.top + box.height / 2 : box.left + box.width / 2 });
    });
    return list.sort(function (a, b) { return a.at - b.at; });
  }
  function readoutParts(view) {
    var figure = view.closest(".odp-chart") || view.parentNode;
    if (!view.odpBox) {
      view.odpBox = document.createElement("div");
      view.odpBox.className = "odp-chart__readout";
      view.odpBox.setAttribute("aria-hidden", "true");
      view.odpBox.hidden = true;
      view.odpLive = document.createElement("p");
      view.odpLive.className = "odp-chart__live";
      view.odpLive.setAttribute("aria-live", "polite");
      var hint = document.createElement("span");
      hint.className = "odp-chart__keys";
      hint.id = (figure.id || "chart") + "-keys";
      hint.textContent = readout(view).hint;
      figure.append(view.odpBox, view.odpLive, hint);
      view.setAttribute("aria-describedby", hint.id);
    }
    return { figure: figure, box: view.odpBox, live: view.odpLive };
  }
  function scaleOf(view, name) {
    try { return view.odpResult.view.scale(name); } catch (e) { return null; }
  }
  function show(view, index, announce, pointerY) {
    var list = stops(view);
    var stop = list[Math.max(0, Math.min(list.length - 1, index))];
    if (!stop) return;
    view.odpAt = list.indexOf(stop);
    view.odpResult.view.signal("odp_at", stop.datum._x).runAsync();
    var ja = view.dataset.lang === "ja";
    var rows = (stop.datum._rows || []).slice().sort(function (a, b) { return a._ro - b._ro; });
    var parts = readoutParts(view);
    var heading = document.createElement("div");
    heading.className = "odp-chart__readout-x";
    heading.textContent = stop.datum._xt;
    var table = document.createElement("table");
    table.className = "odp-chart__readout-rows";  // not Material's data-table style
    var colour = scaleOf(view, "color");
    rows.forEach(function (row) {
      var tr = table.insertRow();
      var name = tr.insertCell();
      if (colour) {  // the series' colour, as in the legend
        var swatch = document.createElement("span");
        swatch.className = "odp-chart__swatch";
        swatch.style.background = colour(row._rl);
        name.append(swatch);
      }
      name.append(row._rl);
      tr.insertCell().textContent = row._rv;
    });
    parts.box.replaceChildren(heading, table);
    parts.box.hidden = false;
    var frame = parts.figure.getBoundingClientRect();
    var width = parts.box.offsetWidth, height = parts.box.offsetHeight;
    var left, top;
    if (readout(view).axis === "y") {  // below the category's band, at the chart's left
      left = 8;
      top = stop.box.bottom - frame.top + 4;
    } else {  // beside the rule, on the side with room; above the pointer when there is one
      left = stop.at - frame.left + 12;
      if (left + width > frame.width) left = Math.max(0, stop.at - frame.left - 12 - width);
      top = pointerY === undefined ? stop.box.top - frame.top + 8 : pointerY - frame.top - height - 16;
      top = Math.max(stop.box.top - frame.top, top);
    }
    parts.box.style.left = left + "px";
    parts.box.style.top = top + "px";
    if (announce) {
      var pair = ja ? "：" : ": ";
      parts.live.textContent = stop.datum._xt + pair + rows.map(function (row) {
        return row._rl + pair + row._rv;
      }).join(ja ? "、" : "; ");
    }
  }
  function hide(view) {
    if (view.odpAt === undefined || view.odpAt < 0) return false;
    view.odpAt = -1;
    if (view.odpBox) view.odpBox.hidden = true;
    if (view.odpResult) view.odpResult.view.signal("odp_at", null).runAsync();
    return true;
  }
  function nearest(view, event) {
    var across = readout(view).axis === "y";
    var at = across ? event.clientY : event.clientX;
    var best = -1, distance = Infinity;
    stops(view).forEach(function (stop, i) {
      var d = Math.abs(stop.at - at);
      if (d < distance) { distance = d; best = i; }
    });
    return best;
  }
  function listen(view) {
    var steps = { ArrowRight: 1, ArrowLeft: -1 };
    if (readout(view).axis === "y") { steps.ArrowDown = 1; steps.ArrowUp = -1; }
    readoutParts(view);  // the key hint is there from the first focus
    view.addEventListener("pointermove", function (e) {
      if (e.pointerType === "mouse") show(view, nearest(view, e), false, e.clientY);
    });
    // A tap (or a click) opens the readout and says it; the page still scrolls under a finger.
    view.addEventListener("pointerdown", function (e) { show(view, nearest(view, e), true, e.clientY); });
    view.addEventListener("pointerleave", function (e) { if (e.pointerType === "mouse") hide(view); });
    document.addEventListener("pointerdown", function (e) { if (!view.contains(e.target)) hide(view); });
    view.addEventListener("blur", function () { hide(view); });
    view.addEventListener("keydown", function (e) {
      var count = stops(view).length, at = view.odpAt === undefined ? -1 : view.odpAt;
      var to = e.key in steps ? (at < 0 ? (steps[e.key] > 0 ? 0 : count - 1) : at + steps[e.key])
        : e.key === "Home" ? 0 : e.key === "End" ? count - 1 : null;
      if (to !== null) { e.preventDefault(); show(view, to, true); }
      else if (e.key === "Escape" && hide(view)) e.preventDefault();
    });
  }

  function embed(view) {
    var previous = view.odpResult;
    return window.vegaEmbed(view, themed(view.odpSpec, view.clientWidth), {
      actions: false,
      renderer: "svg",
      defaultStyle: false,
      ast: true,
      expr: window.vegaInterpreter.expressionInterpreter,
      // With a readout, it is the tooltip: Vega's own would show one mark at a time.
      tooltip: readout(view) ? false : { theme: "odp", disableDefaultStyle: true }
    }).then(function (result) {
      if (previous) previous.finalize();
      view.odpAt = -1;  // a new drawing starts with the readout closed
      if (view.odpBox) view.odpBox.hidden = true;
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
        if (readout(view)) listen(view);
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
