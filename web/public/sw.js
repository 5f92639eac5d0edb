// Cahier's service worker: keeps the application shell (the page and its built assets) so that a
// document opened before can be reloaded without a network. Its text and unsent changes live in
// localStorage (DocumentSession); the API and the WebSocket are never cached here.
const CACHE = 'cahier-shell-v1';
const SHELL = '/';

/** Fetches the page and every asset it names, and stores them together. */
async function cacheShell() {
  const cache = await caches.open(CACHE);
  const response = await fetch(SHELL, { cache: 'no-store' });
  if (!response.ok) {
    return;
  }
  const html = await response.clone().text();
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  await cache.put(SHELL, response);
  await cache.addAll(assets);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === 'navigate') {
    // Network first, so a new version is seen at once; the kept shell when there is no network.
    event.respondWith(
      fetch(request).then(
        (response) => {
          if (response.ok && (response.headers.get('content-type') ?? '').startsWith('text/html')) {
            const copy = response.clone();
            void caches.open(CACHE).then((cache) => cache.put(SHELL, copy));
          }
          return response;
        },
        () => caches.match(SHELL).then((cached) => cached ?? Response.error()),
      ),
    );
  } else if (url.pathname.startsWith('/assets/')) {
    // Built assets have content hashes in their names: a kept one is always right.
    event.respondWith(
      caches.match(request).then(
        (cached) =>
          cached ??
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              void caches.open(CACHE).then((cache) => cache.put(request, copy));
            }
            return response;
          }),
      ),
    );
  }
});
