// Votes in a poll without leaving the page: the poll's form is sent to the JSON API and the
// answer's counts are shown in its place. Without this script the same form leads to the
// poll's own page, where the vote is confirmed.
(function () {
  "use strict";
  var bangla = document.documentElement.lang === "bn";
  function digits(n) {
    var text = String(n);
    return bangla ? text.replace(/[0-9]/g, function (d) { return String.fromCharCode(0x09e6 + Number(d)); }) : text;
  }
  function show(section, poll) {
    var list = section.querySelector(".poll-results");
    if (!list) {
      list = document.createElement("ol");
      list.className = "poll-results";
      section.insertBefore(list, section.querySelector(".poll-message"));
    }
    list.textContent = "";
    poll.options.forEach(function (o) {
      var item = document.createElement("li");
      var label = document.createElement("span");
      label.className = "poll-label";
      label.textContent = o.label;
      var count = document.createElement("span");
      count.className = "poll-count";
      count.textContent = digits(o.votes) + " · " + digits(o.percent) + "%";
      var bar = document.createElement("progress");
      bar.max = 100;
      bar.value = o.percent;
      bar.textContent = count.textContent;
      item.append(label, " ", count, bar);
      list.appendChild(item);
    });
    var total = section.querySelector(".poll-total");
    if (!total) {
      total = document.createElement("p");
      total.className = "poll-total";
      list.after(total);
    }
    total.textContent = (section.getAttribute("data-poll-total") || "{n}").replace("{n}", digits(poll.total));
  }
  function token(section, form) {
    var field = form.querySelector("input[name=csrf]");
    if (field) return Promise.resolve(field.value);
    // A kept page is the same for every reader and carries no token: the API gives this reader theirs.
    return fetch(section.getAttribute("data-poll-api"), { credentials: "same-origin" }).then(function (r) {
      return r.headers.get("x-csrf-token") || "";
    });
  }
  document.querySelectorAll("section.poll[data-poll-api]").forEach(function (section) {
    var form = section.querySelector("form.poll-form");
    var message = section.querySelector(".poll-message");
    if (!form || !message) return;
    form.addEventListener("submit", function (event) {
      var chosen = form.querySelector("input[name=option]:checked");
      if (!chosen || !window.fetch) return;
      event.preventDefault();
      var button = form.querySelector("button");
      if (button) button.disabled = true;
      var api = section.getAttribute("data-poll-api");
      token(section, form)
        .then(function (csrf) {
          return fetch(api + "/votes", {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
            body: JSON.stringify({ option: Number(chosen.value) }),
          });
        })
        .then(function (response) {
          return response.json().then(function (body) {
            if (response.ok) return body;
            message.textContent = (body.error && body.error.message) || "";
            return fetch(api, { credentials: "same-origin" }).then(function (r) { return r.json(); });
          });
        })
        .then(function (poll) {
          form.remove();
          show(section, poll);
        })
        .catch(function () {
          // Offline or refused: the form still works the plain way.
          if (button) button.disabled = false;
          form.submit();
        });
    });
  });
})();
