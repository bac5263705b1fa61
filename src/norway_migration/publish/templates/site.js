// The site's own script: draws the charts of a page with Vega-Embed (bundled in
// vega-embed.js, nothing fetched) and filters the index as the search box is typed in.
(function () {
  "use strict";
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  // A chart as wide as its box: every "container" width becomes the box's width less the
  // room of the axis titles (concatenated charts cannot fill a container themselves).
  function fitWidth(spec, boxWidth) {
    var width = Math.max(boxWidth - 110, 240);
    (function walk(node) {
      if (Array.isArray(node)) { node.forEach(walk); return; }
      if (node && typeof node === "object") {
        if (node.width === "container") { node.width = width; }
        Object.keys(node).forEach(function (key) {
          if (key !== "datasets") { walk(node[key]); }
        });
      }
    })(spec);
    return spec;
  }
  function drawCharts() {
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var source = document.getElementById(element.getAttribute("data-chart"));
      if (!source || typeof window.vegaEmbed !== "function") { return; }
      var spec = fitWidth(JSON.parse(source.textContent), element.clientWidth);
      window.vegaEmbed(element, spec, { actions: false, renderer: "svg" }).then(function () {
        element.setAttribute("data-rendered", "true");
      }).catch(function (error) { element.setAttribute("data-error", String(error)); });
    });
  }
  function setUpSearch() {
    var input = document.getElementById("search");
    var list = document.getElementById("tables");
    var status = document.getElementById("search-status");
    if (!input || !list) { return; }
    var items = Array.prototype.slice.call(list.querySelectorAll("li[data-search]"));
    function filter() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item) {
        var text = item.getAttribute("data-search");
        var hit = words.every(function (word) { return text.indexOf(word) !== -1; });
        item.hidden = !hit;
        if (hit) { shown += 1; }
      });
      if (status) {
        status.textContent = words.length ? shown + " of " + items.length + " tables match"
          : items.length + " tables";
      }
    }
    input.addEventListener("input", filter);
    filter();
  }
  document.addEventListener("DOMContentLoaded", function () { setUpSearch(); drawCharts(); });
})();
