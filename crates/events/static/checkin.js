// Check-in by camera: where the browser offers BarcodeDetector, a "Scan" button reads the QR
// code of a participant's agenda and opens its check-in link. Without it (or without
// JavaScript) the search by name below does the same job.
(function () {
  "use strict";
  var box = document.getElementById("scanner");
  if (!box || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  var button = document.getElementById("scan-start");
  var video = document.getElementById("scan-video");
  var status = document.getElementById("scan-status");
  var prefix = window.location.origin + box.getAttribute("data-prefix");
  box.hidden = false;
  var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
  var stream = null;

  function stop() {
    if (stream) {
      stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
    }
    video.hidden = true;
  }

  function tick() {
    if (!stream) {
      return;
    }
    detector.detect(video).then(function (codes) {
      for (var i = 0; i < codes.length; i++) {
        var url = codes[i].rawValue || "";
        if (url.indexOf(prefix) === 0) {
          stop();
          window.location.assign(url);
          return;
        }
      }
      window.setTimeout(tick, 300);
    }).catch(function () {
      window.setTimeout(tick, 500);
    });
  }

  button.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        return video.play();
      })
      .then(function () {
        status.textContent = box.getAttribute("data-scanning");
        tick();
      })
      .catch(function () {
        status.textContent = box.getAttribute("data-denied");
        stop();
      });
  });
})();
