'use client';

// Registers the site's service worker (lib/offline/service-worker.ts) in
// production builds, and hands it what this page loaded before it took over,
// so even the first visit is stored for offline use.

import { useEffect } from 'react';
import type { WarmRequest } from '@/lib/offline/protocol';

function loadedUrls(): string[] {
  const resources = performance.getEntriesByType('resource').map((e) => e.name);
  return [location.href, ...resources].filter((u) => new URL(u).origin === location.origin);
}

export function ServiceWorkerRegistration() {
  useEffect(() => {
    if (process.env.NODE_ENV !== 'production' || !('serviceWorker' in navigator)) return;
    navigator.serviceWorker
      .register('/sw.js')
      .then(() => navigator.serviceWorker.ready)
      .then((reg) => {
        const message: WarmRequest = { type: 'warm', urls: loadedUrls() };
        reg.active?.postMessage(message);
      })
      .catch((err: unknown) => {
        // Offline use is an extra: the site works the same without it.
        console.warn(`EdgeZoo: offline support is unavailable (${err instanceof Error ? err.message : String(err)})`);
      });
  }, []);
  return null;
}
