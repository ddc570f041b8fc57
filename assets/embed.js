// Embedded videos: nothing is loaded from the provider until the reader clicks the facade,
// which then becomes the player, framed from the provider's privacy-enhanced address (the
// page's CSP allows exactly that origin). Without JavaScript the facade is a link to the video.
(function () {
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.embed-play");
    if (!link || !link.getAttribute("data-player")) return;
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = link.getAttribute("data-player");
    frame.title = link.textContent;
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.setAttribute("allowfullscreen", "");
    frame.className = "embed-frame";
    link.replaceWith(frame);
    frame.focus();
  });
})();
