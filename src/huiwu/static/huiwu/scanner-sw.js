// The scanner's service worker: the scanner page opens without network. The page is fetched from
// the network first and kept; the page's scripts and styles are kept when the page asks (after it
// loaded online) and served from here when the network is gone. Nothing else is touched.
const CACHE = "huiwu-scanner-v1";
const SCANNER_PAGE = /\/(checkin\/gates\/\d+\/scanner\/|c\/)$/;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("message", (event) => {
  const urls = (event.data && event.data.cache) || [];
  const same = urls.filter((u) => new URL(u).origin === self.location.origin);
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(same)).catch(() => {}));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const page = request.mode === "navigate" && SCANNER_PAGE.test(url.pathname);
  if (page) {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(request, copy));
          }
          return response;
        })
        .catch(() => caches.match(request, { ignoreSearch: true }).then((hit) => hit || Response.error())),
    );
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(fetch(request).catch(() => caches.match(request).then((hit) => hit || Response.error())));
  }
});
