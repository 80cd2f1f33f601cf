// Terén's service worker: keeps the app shell on the phone so the app opens
// with no network after the first visit.
//
// The server fills in VERSION and PRECACHE at start-up (see
// server/src/service_worker.rs): every build gets its own cache, and the
// previous one is deleted once the new worker takes over.
//
// Strategy:
// - pages (navigations): network first, so a worker online sees fresh pages;
//   after NAVIGATION_TIMEOUT_MS or on failure, the cached copy. A phone on a
//   weak signal should not stare at a blank screen.
// - built files, icons, manifest: cache first; they change only with VERSION.
// - server functions, /healthz and this script: never cached.

const VERSION = "__TEREN_VERSION__";
const PRECACHE = ["__TEREN_PRECACHE__"];
const CACHE_PREFIX = "teren-shell-";
const CACHE = CACHE_PREFIX + VERSION;
const NAVIGATION_TIMEOUT_MS = 4000;
const NEVER_CACHED = ["/api/", "/healthz", "/sw.js"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith(CACHE_PREFIX) && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (NEVER_CACHED.some((prefix) => url.pathname.startsWith(prefix))) return;

  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request));
  } else {
    event.respondWith(cacheFirst(request));
  }
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  const fromNetwork = fetch(request).then((response) => {
    // A redirected response cannot answer a navigation later; don't keep it.
    if (response.ok && !response.redirected) {
      cache.put(request, response.clone());
    }
    return response;
  });
  const cached = await cache.match(request, { ignoreSearch: true });
  if (!cached) {
    return fromNetwork.catch(async () => (await cache.match("/")) || Response.error());
  }
  const timeout = new Promise((resolve) =>
    setTimeout(() => resolve(cached), NAVIGATION_TIMEOUT_MS),
  );
  return Promise.race([fromNetwork.catch(() => cached), timeout]);
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    cache.put(request, response.clone());
  }
  return response;
}
