// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Bring keyboard and screen-reader focus to the error summary of a refused form.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  // Live character counters for fields with a maximum length.
  document.querySelectorAll("[data-maxlength]").forEach(function (field) {
    var max = parseInt(field.getAttribute("data-maxlength"), 10);
    var out = document.getElementById(field.id + "-count");
    if (!out || !max) { return; }
    var update = function () {
      var left = max - field.value.length;
      out.textContent = out.getAttribute(left < 0 ? "data-over" : "data-left").replace("{n}", Math.abs(left));
      out.classList.toggle("over", left < 0);
    };
    field.addEventListener("input", update);
    update();
  });
})();
