// Self-assessment autosave (htmx): say when an answer could not be saved, so that
// nobody closes the page believing it was. Without JavaScript the page still works
// with its "Enregistrer et continuer" button.
(function () {
  "use strict";

  function statusOf(event) {
    var target = event.detail && event.detail.target;
    return target && target.classList && target.classList.contains("save-status") ? target : null;
  }

  function fail(status, text) {
    status.textContent = text;
    status.classList.add("text-danger");
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var status = statusOf(event);
    if (status) {
      status.textContent = "Enregistrement…";
      status.classList.remove("text-danger");
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = statusOf(event);
    // A reply without the confirmation is a sign-in page: the session has expired.
    if (status && event.detail.xhr.status === 200 && event.detail.serverResponse.indexOf('class="saved"') === -1) {
      event.detail.shouldSwap = false;
      fail(status, "Non enregistré : votre session a expiré. Reconnectez-vous, puis reprenez ici.");
    }
  });

  document.addEventListener("htmx:responseError", function (event) {
    var status = statusOf(event);
    if (status) {
      fail(status, "Non enregistré : rechargez la page et réessayez.");
    }
  });

  document.addEventListener("htmx:sendError", function (event) {
    var status = statusOf(event);
    if (status) {
      fail(status, "Non enregistré : pas de connexion. Réessayez dès que le réseau revient.");
    }
  });
})();
