/*
 * Incident pages: countdowns that keep running (also on a page shown offline), the drill
 * stopwatch, and copy buttons for the CNIL draft. Progressive: without it, the server's
 * figures stay and the text can be selected by hand.
 */
(function () {
  "use strict";
  var MINUTE = 60 * 1000;

  // Same wording and flooring as incidents.clocks.format_duration.
  function duration(ms) {
    var minutes = Math.floor(Math.abs(ms) / MINUTE);
    var days = Math.floor(minutes / 1440);
    var hours = Math.floor((minutes % 1440) / 60);
    minutes = minutes % 60;
    if (days) { return hours ? days + " j " + hours + " h" : days + " j"; }
    if (hours) { return minutes ? hours + " h " + minutes + " min" : hours + " h"; }
    if (minutes) { return minutes + " min"; }
    return "moins d'une minute";
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-deadline]").forEach(function (element) {
      var left = new Date(element.getAttribute("data-deadline")).getTime() - now;
      if (!isNaN(left)) {
        element.textContent = left >= 0 ? "il reste " + duration(left) : "dépassé de " + duration(left);
      }
    });
    document.querySelectorAll("[data-elapsed-since]").forEach(function (element) {
      var since = new Date(element.getAttribute("data-elapsed-since")).getTime();
      if (!isNaN(since)) { element.textContent = duration(now - since); }
    });
  }

  function copyButtons() {
    if (!navigator.clipboard) { return; }
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-copy-target"));
      if (!target) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(target.innerText).then(function () {
          button.textContent = "Copié";
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    tick();
    copyButtons();
    window.setInterval(tick, 15000);
  });
})();
