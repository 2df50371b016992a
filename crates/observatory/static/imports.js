// Reloads an import's page every two seconds while it runs (the page says so with
// data-refresh); without JavaScript the page has a link to reload it by hand.
(function () {
  var el = document.querySelector('[data-refresh]');
  if (!el) return;
  setTimeout(function () { window.location.reload(); }, 2000);
})();
