// Contracts pages: report a failed save, and copy the letter's text. No inline script: the CSP forbids it.
(function () {
  "use strict";

  function statusOf(form) {
    var target = form && form.getAttribute("hx-target");
    return target ? document.querySelector(target) : null;
  }

  function showFailure(event) {
    var status = statusOf(event.detail && event.detail.elt);
    var xhr = event.detail && event.detail.xhr;
    if (status) {
      status.textContent = xhr && xhr.status === 403
        ? "Non enregistré : cette revue ne peut plus être modifiée. Rechargez la page."
        : "Non enregistré : vérifiez la connexion, puis appuyez sur « Enregistrer ».";
      status.className = "small text-danger";
    }
  }

  document.addEventListener("htmx:responseError", showFailure);
  document.addEventListener("htmx:sendError", showFailure);
  document.addEventListener("htmx:beforeRequest", function (event) {
    var status = statusOf(event.detail && event.detail.elt);
    if (status) {
      status.className = "small";
    }
  });

  // The copy button needs a script: it stays hidden without one.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      button.hidden = false;
    });
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) {
      return;
    }
    var source = document.querySelector(button.getAttribute("data-copy-target"));
    var done = document.querySelector(button.getAttribute("data-copy-status"));
    if (!source) {
      return;
    }
    function confirm(text) {
      if (done) {
        done.textContent = text;
      }
    }
    function fallback() {
      source.select();
      try {
        document.execCommand("copy");
        confirm("Texte copié.");
      } catch (error) {
        confirm("Sélectionnez le texte et copiez-le.");
      }
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(source.value).then(function () { confirm("Texte copié."); }, fallback);
    } else {
      fallback();
    }
  });
})();
