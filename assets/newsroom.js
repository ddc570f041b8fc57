// Site pages editor: live preview of the Markdown body, rendered by the server through the
// same sanitiser as the public page. Without JavaScript the "Preview" button does the same.
(function () {
  var body = document.getElementById("body");
  var target = body && document.getElementById(body.getAttribute("data-preview"));
  var csrf = document.querySelector("input[name=csrf]");
  if (!body || !target || !csrf || !window.fetch) return;
  var timer = null;
  body.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      fetch("/newsroom/preview", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "csrf=" + encodeURIComponent(csrf.value) + "&body=" + encodeURIComponent(body.value),
        credentials: "same-origin",
      })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) { if (html !== null) target.innerHTML = html; });
    }, 400);
  });
})();
