// Terén's service worker: keeps the app shell on the phone so the app opens
// with no network after the first visit.
//
// The server fills in VERSION, ASSETS and PAGES at start-up (see
// server/src/service_worker.rs): every build gets its own cache, and the
// previous one is deleted once the new worker takes over.
//
// Pages show who is logged in, so they are cached only as a logged-in user
// sees them: when the app says "cache-pages" after a login, and whenever a
// page loads fine. A redirect (to the login page) is never kept. Before a
// login and at logout the app says "forget-pages" and they are dropped, so a
// shared phone never shows one worker the page kept for another. Only the
// worker's own pages (PAGES) are kept; coordinators' and admins' never are.
// No page holds a client's data: the app keeps that encrypted, not here.
//
// Strategy:
// - pages (navigations): network first, so a worker online sees fresh pages;
//   after NAVIGATION_TIMEOUT_MS or on failure, the cached copy. A phone on a
//   weak signal should not stare at a blank screen.
// - built files, icons, manifest: cache first; they change only with VERSION.
// - server functions, /healthz and this script: never cached.

const VERSION = "__TEREN_VERSION__";
const ASSETS = ["__TEREN_ASSETS__"];
const PAGES = ["__TEREN_PAGES__"];
const CACHE_PREFIX = "teren-shell-";
const CACHE = CACHE_PREFIX + VERSION;
const NAVIGATION_TIMEOUT_MS = 4000;
// Coordinators' figures are online only: never a stale period, and
// nothing of them left in a shared office browser.
const NEVER_CACHED = ["/api/", "/healthz", "/sw.js", "/prehled", "/sprava", "/export/"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(ASSETS))
      .then(() => hadPages())
      .then((had) => had && cachePages())
      .then(() => self.skipWaiting()),
  );
});

// A new build replaces a phone's cache: where the previous one kept a
// logged-in user's pages, the new one must have them before it takes over,
// or the worker could be offline with none. On a first visit nobody is
// logged in yet and the pages would only redirect to the login; the app
// asks for them after the login ("cache-pages").
async function hadPages() {
  for (const key of await caches.keys()) {
    if (!key.startsWith(CACHE_PREFIX) || key === CACHE) continue;
    const requests = await (await caches.open(key)).keys();
    if (requests.some((request) => PAGES.includes(new URL(request.url).pathname))) return true;
  }
  return false;
}

// A message may carry a port: the answer on it says the job is done.
self.addEventListener("message", (event) => {
  let job = Promise.resolve();
  if (event.data === "cache-pages") {
    // A page that loaded while this worker was still activating is not yet
    // under its control; claiming again takes it over, so it works offline
    // without a reload.
    job = Promise.all([self.clients.claim(), cachePages()]);
  } else if (event.data === "forget-pages") {
    job = forgetPages();
  }
  const done = job.finally(() => event.ports[0]?.postMessage("done"));
  event.waitUntil(done);
});

// Best effort: a page that fails or redirects is simply not cached.
async function cachePages() {
  const cache = await caches.open(CACHE);
  await Promise.all(
    PAGES.map(async (page) => {
      try {
        // Asking for HTML makes the server answer "not logged in" with a
        // real redirect, which is then not kept.
        const response = await fetch(page, {
          credentials: "same-origin",
          cache: "no-store",
          headers: { Accept: "text/html" },
        });
        if (response.ok && !response.redirected) {
          await cache.put(page, response);
        }
      } catch (_) {
        // Offline or server down: keep what is cached.
      }
    }),
  );
}

async function forgetPages() {
  const cache = await caches.open(CACHE);
  const keys = await cache.keys();
  const assets = new Set(ASSETS.map((asset) => new URL(asset, self.location.origin).href));
  await Promise.all(
    keys.filter((request) => !assets.has(request.url)).map((request) => cache.delete(request)),
  );
}

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
  const kept = PAGES.includes(new URL(request.url).pathname);
  const fromNetwork = fetch(request).then((response) => {
    // A redirected response cannot answer a navigation later; don't keep it.
    if (kept && response.ok && !response.redirected) {
      cache.put(request, response.clone());
    }
    return response;
  });
  const cached = kept ? await cache.match(request, { ignoreSearch: true }) : undefined;
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
