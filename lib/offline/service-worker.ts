// The site's service worker (built to out/sw.js by scripts/build-service-worker.mjs).
// It keeps the pages, build files, runtimes and samples a visitor has used, so
// a second visit works offline; model files come from the model cache
// (lib/engines/model-cache.ts), which the worker leaves alone. Everything but
// pages is fixed for the life of a build, so one cache per build, served
// cache-first, never rewrites a runtime's megabytes on each visit.

import { cachePolicy, siteCacheName, SITE_CACHE_PREFIX } from './policy';
import { isWarmRequest } from './protocol';

/** Replaced at build time with Next's build id: a new build gets a new cache. */
declare const __EDGEZOO_BUILD_ID__: string;

interface ExtendableEventLike extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface FetchEventLike extends ExtendableEventLike {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface MessageEventLike extends ExtendableEventLike {
  readonly data: unknown;
}
interface ServiceWorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (e: ExtendableEventLike) => void): void;
  addEventListener(type: 'fetch', listener: (e: FetchEventLike) => void): void;
  addEventListener(type: 'message', listener: (e: MessageEventLike) => void): void;
  skipWaiting(): Promise<void>;
  readonly clients: { claim(): Promise<void> };
  readonly location: Location;
}

const scope = globalThis as unknown as ServiceWorkerScope;
const CACHE = siteCacheName(__EDGEZOO_BUILD_ID__);
const ORIGIN = scope.location.origin;
// Offline answers must keep the page cross-origin isolated, as scripts/serve.mjs does.
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'same-origin' };

/**
 * A response re-made so it carries no URL of its own, and the browser uses the
 * request's: a worker script served as stored took the URL of whichever
 * request stored it, `#params` fragment included, from which Next's worker
 * loader reads its chunk list, so every worker on /byom ran the first one's
 * code.
 */
function fresh(hit: Response): Response {
  return new Response(hit.body, { status: hit.status, statusText: hit.statusText, headers: hit.headers });
}

function storable(res: Response): boolean {
  return res.status === 200 && res.type === 'basic';
}

async function store(req: Request | string, res: Response): Promise<void> {
  if (!storable(res)) return;
  const cache = await caches.open(CACHE);
  await cache.put(req, res);
}

function offlinePage(path: string): Response {
  const html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Offline · EdgeZoo</title>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>You are offline</h1><p>EdgeZoo keeps the pages you have opened, and the models you have run, for offline use.
<code>${path.replace(/[<>&"]/g, '')}</code> was not opened on an earlier visit, so it is not stored in this browser.</p>
<p><a href="/">Home</a> · or go back to a page you have used.</p></body></html>`;
  return new Response(html, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8', ...ISOLATION } });
}

async function networkFirst(req: Request): Promise<Response> {
  try {
    const res = await fetch(req);
    await store(req, res.clone());
    return res;
  } catch (err) {
    const cache = await caches.open(CACHE);
    // Client-side navigations add a cache-busting query (`_rsc=`); a stored copy of the same path serves.
    const hit = (await cache.match(req)) ?? (await cache.match(req, { ignoreSearch: true }));
    if (hit) return fresh(hit);
    if (req.mode === 'navigate') return offlinePage(new URL(req.url).pathname);
    throw err;
  }
}

async function cacheFirst(req: Request): Promise<Response> {
  const hit = await (await caches.open(CACHE)).match(req);
  if (hit) return fresh(hit);
  const res = await fetch(req);
  await store(req, res.clone());
  return fresh(res);
}

/** Stores what the page loaded before this worker controlled it (its first visit), skipping what is stored already. */
async function warm(urls: readonly string[]): Promise<void> {
  const cache = await caches.open(CACHE);
  for (const url of new Set(urls)) {
    if (cachePolicy({ url, method: 'GET', mode: 'cors', hasRange: false }, ORIGIN) === 'bypass' || (await cache.match(url))) continue;
    try {
      await store(url, await fetch(url));
    } catch {
      // Gone offline mid-way, or the file went away: what is stored so far still helps.
    }
  }
}

scope.addEventListener('install', (e) => e.waitUntil(scope.skipWaiting()));

scope.addEventListener('activate', (e) =>
  e.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(SITE_CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await scope.clients.claim();
    })(),
  ),
);

scope.addEventListener('fetch', (e) => {
  const req = e.request;
  const policy = cachePolicy({ url: req.url, method: req.method, mode: req.mode, hasRange: req.headers.has('range') }, ORIGIN);
  if (policy === 'bypass') return;
  e.respondWith(policy === 'cache-first' ? cacheFirst(req) : networkFirst(req));
});

scope.addEventListener('message', (e) => {
  if (isWarmRequest(e.data)) e.waitUntil(warm(e.data.urls));
});
