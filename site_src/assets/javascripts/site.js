/* Frame guard. Only the embed pages (embed/…) are meant to be shown inside other sites,
   and they do not load this script. GitHub Pages lets a site send no headers, so neither
   X-Frame-Options nor CSP frame-ancestors can forbid framing (and frame-ancestors is
   ignored in a <meta> policy). So, without headers: when any window above this page is
   of another origin, the page hides everything it shows, makes it inert, and offers a
   link that opens it on the site in a new tab. It never navigates the top window (that
   would hand the framing page a way to hijack it). Limits, by design: a frame sandboxed
   without scripts shows the page as it is (hiding pages until a script runs would blank
   the site for readers without JavaScript), and a frame of the site itself is allowed. */
(function () {
  "use strict";
  function framedByAnotherOrigin() {
    var w = window;
    while (w !== w.parent) {
      w = w.parent;
      try {
        if (w.location.origin !== location.origin) return true;
      } catch (e) {
        return true; // another origin's location cannot be read
      }
    }
    return false;
  }
  if (!framedByAnotherOrigin()) return;
  var words = {
    ja: ["このページは、ほかのサイトの中には表示しません。", "このページを新しいタブで開く",
      "グラフを載せるときは、そのグラフの下の「このグラフを埋め込む」にあるHTMLを使ってください。"],
    en: ["This page is not shown inside other sites.", "Open this page in a new tab",
      "To show one of its charts on your site, use the HTML under “Embed this chart” below that chart."]
  }[document.documentElement.lang === "ja" ? "ja" : "en"];
  Array.prototype.forEach.call(document.body.children, function (el) {
    el.style.setProperty("display", "none", "important");
    el.setAttribute("inert", "");
    el.setAttribute("aria-hidden", "true");
  });
  var notice = document.createElement("div");
  notice.className = "odp-framed";
  notice.setAttribute("role", "alert");
  var link = document.createElement("a");
  link.href = location.href;
  link.target = "_blank";
  link.rel = "noopener";
  link.textContent = words[1];
  var lines = [words[0], link];
  if (document.querySelector(".odp-embed-code")) lines.push(words[2]); // a page with charts to embed
  lines.forEach(function (content) {
    var line = document.createElement("p");
    if (typeof content === "string") line.textContent = content;
    else line.appendChild(content);
    notice.appendChild(line);
  });
  document.body.appendChild(notice);
})();
/* Site script, small and on every page: the language switch always points at this page
   in the other language, even after Material's instant navigation, and switching reloads
   the page fully (the header and navigation are language-specific). */
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
    // The reader keeps what they were doing: the search (typed in the search box or
    // given as ?q=) and the section they were reading (#source is the same in both).
    var target = new URL(link.href, location.href);
    var box = document.querySelector("#odp-search input");
    var query = (box && box.value) || new URLSearchParams(location.search).get("q");
    if (query) target.searchParams.set("q", query);
    if (location.hash && !target.hash) target.hash = location.hash;
    location.assign(target.href);
  }, true);
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(syncLanguageLinks);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", syncLanguageLinks);
  else syncLanguageLinks();
})();
/* Catalog filter (by document, topic and year covered) and sortable data tables. Both
   enhance plain HTML: without JavaScript every dataset and every row is still there. */
(function () {
  "use strict";
  function filterCatalog() {
    var form = document.getElementById("odp-filter");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    var cards = Array.prototype.slice.call(document.querySelectorAll(".odp-card[data-package]"));
    var output = form.querySelector("output");
    function apply() {
      var pkg = form.elements["package"].value, topic = form.elements["topic"].value;
      var year = parseInt(form.elements["year"].value, 10);
      var shown = 0;
      cards.forEach(function (card) {
        var ok = (!pkg || card.dataset.package === pkg) &&
          (!topic || (" " + card.dataset.topics + " ").indexOf(" " + topic + " ") >= 0) &&
          (isNaN(year) || (card.dataset.start && +card.dataset.start <= year && year <= +card.dataset.end));
        card.hidden = !ok;
        if (ok) shown++;
      });
      document.querySelectorAll(".odp-package").forEach(function (section) {
        section.hidden = !section.querySelector(".odp-card:not([hidden])");
      });
      output.textContent = output.dataset.template.replace("{shown}", shown).replace("{total}", cards.length);
    }
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  }
  function sortable() {
    document.querySelectorAll("table.odp-data:not([data-sortable])").forEach(function (table) {
      table.setAttribute("data-sortable", "");
      var body = table.tBodies[0];
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "odp-sort";
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
        button.addEventListener("click", function () {
          var ascending = th.getAttribute("aria-sort") !== "ascending";
          Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = a.cells[index].dataset.value || a.cells[index].textContent;
            var y = b.cells[index].dataset.value || b.cells[index].textContent;
            var nx = parseFloat(x.replace(/,/g, "")), ny = parseFloat(y.replace(/,/g, ""));
            var cmp = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y, document.documentElement.lang);
            return ascending ? cmp : -cmp;
          });
          rows.forEach(function (row) { body.appendChild(row); });
        });
      });
    });
  }
  function init() { filterCatalog(); sortable(); }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
/* Embed code under a chart: a copy button (the code stays selectable without it). */
(function () {
  "use strict";
  function select(code) {
    var range = document.createRange();
    range.selectNodeContents(code);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  function copyButtons() {
    document.querySelectorAll("details.odp-embed-code:not([data-ready])").forEach(function (box) {
      box.setAttribute("data-ready", "");
      var code = box.querySelector("pre code");
      if (!code) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button odp-copy";
      button.textContent = box.dataset.copy;
      button.addEventListener("click", function () {
        var done = function () { button.textContent = box.dataset.copied; };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(code.textContent).then(done, function () { select(code); });
        } else select(code);
      });
      code.parentNode.insertAdjacentElement("afterend", button);
    });
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(copyButtons);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", copyButtons);
  else copyButtons();
})();
