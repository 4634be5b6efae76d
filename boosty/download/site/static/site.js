// Filters the post list of index.html by title; no network, no dependencies.
(function () {
  "use strict";
  var input = document.getElementById("filter");
  var list = document.getElementById("posts");
  if (!input || !list) return;
  var items = Array.prototype.slice.call(list.querySelectorAll("li[data-title]"));
  var none = document.getElementById("none");
  function apply() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (li) {
      var title = li.getAttribute("data-title");
      var hit = words.every(function (w) { return title.indexOf(w) !== -1; });
      li.hidden = !hit;
      if (hit) shown++;
    });
    if (none) none.hidden = shown !== 0;
  }
  input.addEventListener("input", apply);
  apply();
})();
