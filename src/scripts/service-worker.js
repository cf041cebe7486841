// The offline worker (issue 9.4), served as /sw.js by src/pages/sw.js.ts with BUILD set. Every
// public page this phone opens is kept, network first, so it stays readable without a network;
// a page never opened gives the offline page with the duty phone and the grid workers' numbers.
// Personal pages are never stored: the API, staff pages, receipts and check-in links, and any
// answer the server marks no-store or private; nor is the content editor for staff at /admin/.
// The only download of its own is the offline page, plus the page open when it starts, so a
// first visit on a weak network costs little.
/* global BUILD */

// What this phone has opened: kept across deploys, refreshed whenever a page is opened online.
const PAGES = 'firstline-pages';
// What those pages loaded (scripts, the search index, region data), kept apart with a cap of their
// own: one search fetches dozens of index files, which must never push out a page someone read.
const FILES = 'firstline-files';
// The offline page of this build.
const SHELL = `firstline-shell-${BUILD}`;
const OFFLINE = '/offline/';
// Enough for every page a resident reads; the oldest go first beyond it.
const MAX_PAGES = 300;
// Enough for the form's scripts, a province's region data and several searches.
const MAX_FILES = 200;
const PERSONAL = /^\/(?:api|staff|admin|checkin)(?:\/|$)|^\/declare\/receipt(?:\/|$)/;

const storable = (response) =>
  response.ok &&
  response.type === 'basic' &&
  !/no-store|private/i.test(response.headers.get('Cache-Control') ?? '') &&
  !PERSONAL.test(new URL(response.url).pathname);

// Kept by path, newest last (a put moves an entry to the end): a page is what came as HTML.
async function keep(response) {
  const page = (response.headers.get('Content-Type') ?? '').startsWith('text/html');
  const [name, max] = page ? [PAGES, MAX_PAGES] : [FILES, MAX_FILES];
  const cache = await caches.open(name);
  await cache.put(new URL(response.url).pathname, response);
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - max)).map((key) => cache.delete(key)));
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.add(OFFLINE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const old = (await caches.keys()).filter((key) => ![PAGES, FILES, SHELL].includes(key));
      await Promise.all(old.map((key) => caches.delete(key)));
      await self.clients.claim();
      // The page that brought this worker in was loaded before it ran: keep it too.
      for (const client of await self.clients.matchAll({ type: 'window' })) {
        const url = new URL(client.url);
        if (url.origin !== location.origin || PERSONAL.test(url.pathname)) continue;
        const response = await fetch(url.pathname).catch(() => undefined);
        if (response && storable(response)) await keep(response);
      }
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin || PERSONAL.test(url.pathname))
    return;
  event.respondWith(
    fetch(request).then(
      (response) => {
        if (storable(response)) event.waitUntil(keep(response.clone()));
        return response;
      },
      async () =>
        // Stored by path: a search's ?q= and other queries are not kept with the page.
        (await caches.match(url.pathname, { ignoreSearch: true })) ??
        (request.mode === 'navigate' ? await caches.match(OFFLINE) : undefined) ??
        Response.error(),
    ),
  );
});
