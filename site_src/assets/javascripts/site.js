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
    location.assign(link.href);
  }, true);
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(syncLanguageLinks);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", syncLanguageLinks);
  else syncLanguageLinks();
})();
