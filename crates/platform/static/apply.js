// Progressive enhancement of an application page: every page works without this file.
// While the form changes, it is saved in the background every 20 seconds (files excepted, they
// go with the buttons), and the time of the last save is announced in a live region.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData || !window.URLSearchParams) { return; }
  var status = document.getElementById("autosave-status");
  var version = form.querySelector("input[name=version]");
  var dirty = false, busy = false, stopped = false, pending = null;
  var say = function (text) { if (status && text) { status.textContent = text; } };
  var mark = function () { dirty = true; };
  form.addEventListener("input", mark);
  form.addEventListener("change", mark);
  var payload = function () {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (typeof value === "string") { params.append(key, value); }
    });
    params.set("autosave", "1");
    return params;
  };
  var save = function () {
    if (!dirty || busy || stopped) { return; }
    busy = true;
    dirty = false;
    fetch(form.getAttribute("data-autosave"), {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "X-CSRF-Token": form.getAttribute("data-csrf"),
        "Content-Type": "application/x-www-form-urlencoded"
      },
      body: payload().toString()
    }).then(function (res) {
      if (res.status === 204) {
        var v = res.headers.get("X-File-Version");
        if (v && version) { version.value = v; }
        say(status.getAttribute("data-saved").replace("{time}", res.headers.get("X-Saved-At") || ""));
      } else if (res.status === 409) {
        // Changed elsewhere: stop saving over it; the buttons will show both versions.
        stopped = true;
        say(status.getAttribute("data-conflict"));
      } else {
        dirty = true;
        say(status.getAttribute("data-failed"));
      }
    }, function () {
      dirty = true;
      say(status.getAttribute("data-failed"));
    }).then(function () {
      busy = false;
      if (pending) {
        // A button was pressed during a background save: send it now, with the new version.
        var button = pending;
        pending = null;
        stopped = true;
        if (form.requestSubmit) { form.requestSubmit(button); } else { form.submit(); }
      }
    });
  };
  form.addEventListener("submit", function (event) {
    if (busy) {
      event.preventDefault();
      pending = event.submitter || null;
      if (!pending) { pending = form.querySelector("button[value=save]"); }
      return;
    }
    stopped = true;
  });
  window.setInterval(save, 20000);
})();
