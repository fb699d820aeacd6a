// Which requests the site's service worker answers, and how. Kept apart from
// the worker itself so the rules can be tested in Node.

export type CachePolicy =
  /** Not the service worker's business: the browser fetches it as if there were none. */
  | 'bypass'
  /** Fixed for the life of a build (the cache is per build): the stored copy is right. */
  | 'cache-first'
  /** Pages: fresh when online (a newer build may be out), the last stored copy when offline. */
  | 'network-first';

/** Site caches are named per build, so a new build starts clean and drops the old one. */
export const SITE_CACHE_PREFIX = 'edgezoo-site-';

export function siteCacheName(buildId: string): string {
  return `${SITE_CACHE_PREFIX}${buildId}`;
}

/**
 * Model files are kept by the model cache (lib/engines/model-cache.ts), checked
 * by sha256; storing them a second time here would double what a visit costs in
 * storage. User downloads of artifacts go the same way.
 */
const BYPASS_PREFIXES = ['/models/', '/artifacts/'];

export interface RequestFacts {
  url: string;
  method: string;
  /** Request.mode: 'navigate' for documents. */
  mode: string;
  /** A Range request answers 206, which the Cache API refuses to store. */
  hasRange: boolean;
}

export function cachePolicy(req: RequestFacts, siteOrigin: string): CachePolicy {
  if (req.method !== 'GET' || req.hasRange) return 'bypass';
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return 'bypass';
  }
  if (url.origin !== siteOrigin) return 'bypass';
  const path = url.pathname;
  if (path === '/sw.js' || BYPASS_PREFIXES.some((p) => path.startsWith(p))) return 'bypass';
  // Pages and their client-side navigation payloads (Next's static export: index.txt, fetched with `?_rsc=`).
  if (req.mode === 'navigate' || path.endsWith('/') || path.endsWith('.html') || path.endsWith('.txt')) return 'network-first';
  return 'cache-first';
}
