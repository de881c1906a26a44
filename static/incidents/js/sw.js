/*
 * Service worker: offline copies of the pages a cabinet needs when its network is down.
 *
 * Served from /incidents/sw.js with Service-Worker-Allowed: / (incidents/views/offline.py), which puts self.OFFLINE_CONFIG in front:
 * the assets to precache, the offline page, the URL listing the member's pages, and the
 * path patterns of pages that may be kept (playbooks, emergency contacts, an incident page).
 *
 * - Only GET navigations to those pages are kept, never a POST, never another page.
 * - Network first (fresh when online), the kept copy when the network fails or is very slow.
 * - A page the server marks "X-Offline-Cache: no" (a closed incident) or 404 is dropped.
 * - Offline, an alias (the site's root, which only redirects) opens the kept page it leads to.
 * - templates/base.html's script (offline.js) deletes every copy once nobody is signed in.
 */
"use strict";

var CONFIG = self.OFFLINE_CONFIG;
var STATIC_CACHE = "resilience-static-" + CONFIG.version;
var PAGES_CACHE = "resilience-pages";
var NETWORK_TIMEOUT = 6000;
var PATTERNS = CONFIG.pagePatterns.map(function (pattern) { return new RegExp(pattern); });

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE)
      .then(function (cache) { return cache.addAll(CONFIG.precache); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf("resilience-static-") === 0 && key !== STATIC_CACHE;
      }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function keepable(url) {
  return url.origin === self.location.origin && PATTERNS.some(function (pattern) { return pattern.test(url.pathname); });
}

function store(url, response) {
  return caches.open(PAGES_CACHE).then(function (cache) {
    if (response.headers.get("X-Offline-Cache") === "no" || response.status === 404) {
      return cache.delete(url);
    }
    var type = response.headers.get("Content-Type") || "";
    if (!response.ok || response.redirected || type.indexOf("text/html") !== 0) {
      return undefined;
    }
    return cache.put(url, response);
  });
}

function kept(url) {
  return caches.open(PAGES_CACHE).then(function (cache) { return cache.match(url); });
}

function offlinePage() {
  return caches.match(CONFIG.offlinePage).then(function (response) {
    return response || new Response("Hors ligne.", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  });
}

function networkFirst(request, network) {
  var fallback = function () {
    return kept(request.url).then(function (response) { return response || offlinePage(); });
  };
  var slow = new Promise(function (resolve) { setTimeout(resolve, NETWORK_TIMEOUT); })
    .then(function () { return kept(request.url); })
    .then(function (response) { return response || network; });
  return Promise.race([network, slow]).catch(fallback);
}

function staticAsset(request) {
  return caches.match(request).then(function (cached) {
    return cached || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(STATIC_CACHE).then(function (cache) { return cache.put(request, copy); });
      }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return; // never touch a POST
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (url.pathname.indexOf(CONFIG.staticPrefix) === 0) {
    event.respondWith(staticAsset(request));
    return;
  }
  if (request.mode !== "navigate") {
    return;
  }
  if (keepable(url)) {
    var network = fetch(request);
    event.waitUntil(network.then(function (response) { return store(request.url, response.clone()); }).catch(function () {}));
    event.respondWith(networkFirst(request, network));
  } else {
    event.respondWith(fetch(request).catch(function () { return aliasOrOfflinePage(url); }));
  }
});

function aliasOrOfflinePage(url) {
  var target = (CONFIG.aliases || {})[url.pathname];
  if (!target) {
    return offlinePage();
  }
  return kept(new URL(target, self.location.origin).href).then(function (response) { return response || offlinePage(); });
}

// Keep every page of the member at once (offline.js asks after sign-in, at most every 10 min).
function warm() {
  return fetch(CONFIG.pagesUrl, { credentials: "same-origin", cache: "no-store" })
    .then(function (response) {
      return response.ok && !response.redirected ? response.json() : { urls: [] };
    })
    .then(function (data) {
      var wanted = data.urls.map(function (url) { return new URL(url, self.location.origin).href; });
      var fetches = wanted.map(function (url) {
        return fetch(url, { credentials: "same-origin" }).then(function (response) { return store(url, response); }).catch(function () {});
      });
      var prune = caches.open(PAGES_CACHE).then(function (cache) {
        return cache.keys().then(function (requests) {
          return Promise.all(requests.filter(function (request) { return wanted.indexOf(request.url) === -1; })
            .map(function (request) { return cache.delete(request); }));
        });
      });
      return Promise.all(fetches.concat([prune]));
    })
    .catch(function () {});
}

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "warm") {
    event.waitUntil(warm());
  }
});
