// What the service worker (./service-worker.ts) keeps for offline visits, for
// the storage manager: how much, and a way to drop it.

import { SITE_CACHE_PREFIX } from './policy';

export interface SiteCacheUsage {
  files: number;
  bytes: number;
}

async function siteCaches(): Promise<string[]> {
  if (typeof caches === 'undefined') return [];
  return (await caches.keys()).filter((name) => name.startsWith(SITE_CACHE_PREFIX));
}

export async function siteCacheUsage(): Promise<SiteCacheUsage> {
  const usage = { files: 0, bytes: 0 };
  for (const name of await siteCaches()) {
    const cache = await caches.open(name);
    for (const req of await cache.keys()) {
      const res = await cache.match(req);
      if (!res) continue;
      usage.files++;
      usage.bytes += Number(res.headers.get('content-length') ?? 0);
    }
  }
  return usage;
}

/** Drops every stored page and runtime; the site refills the cache as it is used. Returns how many caches went. */
export async function deleteSiteCache(): Promise<number> {
  let n = 0;
  for (const name of await siteCaches()) if (await caches.delete(name)) n++;
  return n;
}
