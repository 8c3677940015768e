/* Search page: Pagefind's UI, self-hosted and loaded only on the search page. The header
   form submits ?q=…, which is searched at once. */
(function () {
  "use strict";
  function load(tag, attrs) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      Object.keys(attrs).forEach(function (k) { el[k] = attrs[k]; });
      el.onload = resolve;
      el.onerror = reject;
      document.head.appendChild(el);
    });
  }
  function init() {
    var box = document.getElementById("odp-search");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    var bundle = new URL(box.dataset.bundle, location.href).href;
    Promise.all([
      load("link", { rel: "stylesheet", href: bundle + "pagefind-ui.css" }),
      load("script", { src: bundle + "pagefind-ui.js" })
    ]).then(function () {
      // Result URLs are stored from the site root; the site may live below a path
      // (GitHub Pages project sites), so prefix them with wherever the root is.
      var base = new URL(box.dataset.root || "/", location.href).pathname;
      var ui = new window.PagefindUI({
        element: "#odp-search", bundlePath: bundle, baseUrl: base, showSubResults: true, resetStyles: false,
        // Pagefind counts an excerpt in words, and a Japanese "word" is a character or
        // two: 30 of them made ten-character snippets.
        excerptLength: document.documentElement.lang === "ja" ? 90 : 30
      });
      var q = new URLSearchParams(location.search).get("q");
      if (q) ui.triggerSearch(q);
    }).catch(function (error) { console.warn("search unavailable", error); });
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
