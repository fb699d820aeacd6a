// Messages from pages to the service worker.

/** "Store these too": the URLs a page loaded before the service worker controlled it. */
export interface WarmRequest {
  type: 'warm';
  urls: string[];
}

export function isWarmRequest(data: unknown): data is WarmRequest {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as { type?: unknown; urls?: unknown };
  return d.type === 'warm' && Array.isArray(d.urls) && d.urls.every((u) => typeof u === 'string');
}
