/*
 * Offline use on a phone: registers the service worker for signed-in cabinet members and
 * forgets every offline copy as soon as a page is shown to nobody (after sign-out or when
 * the session has expired). Included once, from templates/base.html; no inline script (CSP).
 *
 * The <script> tag carries data-worker (the worker's URL) and data-member (the signed-in
 * person and cabinet, empty when nobody is signed in).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || !window.caches || !window.isSecureContext) {
    return;
  }
  var PREFIX = "resilience-";
  var PAGES_CACHE = "resilience-pages";
  var MEMBER_KEY = "resilience-offline-member";
  var WARMED_KEY = "resilience-offline-warmed";
  var WARM_EVERY = 10 * 60 * 1000;
  var member = script.getAttribute("data-member") || "";

  function storage(action, key, value) {
    try {
      if (action === "get") { return window.localStorage.getItem(key); }
      if (action === "set") { window.localStorage.setItem(key, value); }
      if (action === "remove") { window.localStorage.removeItem(key); }
    } catch (error) { /* private browsing: no memory, no harm */ }
    return null;
  }

  function forgetEverything() {
    storage("remove", MEMBER_KEY);
    storage("remove", WARMED_KEY);
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) { return key.indexOf(PREFIX) === 0; }).map(function (key) { return caches.delete(key); }));
    });
    navigator.serviceWorker.getRegistrations().then(function (registrations) {
      registrations.forEach(function (registration) { registration.unregister(); });
    });
  }

  if (!member) {
    forgetEverything();
    return;
  }

  var ready = Promise.resolve();
  if (storage("get", MEMBER_KEY) !== member) {
    // Another person or cabinet on this browser: never show them the previous one's pages.
    ready = caches.delete(PAGES_CACHE);
    storage("set", MEMBER_KEY, member);
    storage("remove", WARMED_KEY);
  }

  ready.then(function () {
    return navigator.serviceWorker.register(script.getAttribute("data-worker"), { scope: "/" });
  }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    var last = parseInt(storage("get", WARMED_KEY) || "0", 10);
    if (registration.active && navigator.onLine && Date.now() - last > WARM_EVERY) {
      storage("set", WARMED_KEY, String(Date.now()));
      registration.active.postMessage({ type: "warm" });
    }
  }).catch(function () { /* offline copies are a bonus: the site works without them */ });

  // A banner when the network is gone, and no form sent into the void.
  var banner = document.createElement("div");
  banner.className = "position-fixed bottom-0 start-0 end-0 p-3 bg-dark text-white text-center fw-semibold z-3";
  banner.setAttribute("role", "status");
  banner.setAttribute("data-testid", "offline-banner");
  var OFFLINE_TEXT = "Hors ligne : cette page est la dernière version enregistrée sur ce téléphone.";
  var BLOCKED_TEXT = "Hors ligne : rien n'a été envoyé. Notez-le sur papier avec l'heure, vous le saisirez au retour du réseau.";
  function showState() {
    banner.textContent = OFFLINE_TEXT;
    banner.hidden = navigator.onLine;
  }
  showState();
  document.body.appendChild(banner);
  window.addEventListener("online", showState);
  window.addEventListener("offline", showState);
  document.addEventListener("submit", function (event) {
    if (!navigator.onLine) {
      event.preventDefault();
      event.stopImmediatePropagation();
      banner.textContent = BLOCKED_TEXT;
      banner.hidden = false;
    }
  }, true);
})();
