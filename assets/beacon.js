// Counts a view of the article when a CDN answered for the page (newsdesk --cdn-max-age).
(function () {
  var script = document.currentScript;
  var url = script && script.getAttribute("data-beacon");
  if (!url) return;
  if (navigator.sendBeacon) {
    navigator.sendBeacon(url);
  } else {
    fetch(url, { method: "POST", credentials: "same-origin", keepalive: true });
  }
})();
