// Model file downloads with byte progress, kept in the Cache API so a second
// visit loads without the network. Works in a page or a worker. Each cached
// response carries the file's sha256; a catalogue update (new hash) refetches.

export const MODEL_CACHE = 'edgezoo-models-v1';
const SHA_HEADER = 'x-edgezoo-sha256';

export interface FileToFetch {
  /** Site-relative URL, e.g. /models/vision/…/model.tflite. */
  href: string;
  bytes: number;
  sha256: string;
}

export interface DownloadProgress {
  loaded: number;
  total: number;
  /** Bytes that came from the cache rather than the network. */
  fromCache: number;
}

export interface CachedModelFile {
  url: string;
  bytes: number;
  sha256: string;
}

function cacheAvailable(): boolean {
  return typeof caches !== 'undefined';
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function readCached(cache: Cache | undefined, file: FileToFetch): Promise<Uint8Array | undefined> {
  const hit = await cache?.match(file.href);
  if (!hit || hit.headers.get(SHA_HEADER) !== file.sha256) return undefined;
  return new Uint8Array(await hit.arrayBuffer());
}

/** Streams one file, reporting each chunk's size. */
async function download(href: string, onChunk: (n: number) => void): Promise<Uint8Array> {
  const res = await fetch(href);
  if (!res.ok || !res.body) throw new Error(`download of ${href} failed: HTTP ${res.status}`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    onChunk(value.length);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Fetches every file (cache first), verifies its sha256, and returns the bytes in the same order. */
export async function fetchModelFiles(files: FileToFetch[], onProgress: (p: DownloadProgress) => void): Promise<Uint8Array[]> {
  const cache = cacheAvailable() ? await caches.open(MODEL_CACHE) : undefined;
  const progress: DownloadProgress = { loaded: 0, total: files.reduce((s, f) => s + f.bytes, 0), fromCache: 0 };
  onProgress({ ...progress });
  const out: Uint8Array[] = [];
  for (const file of files) {
    const cached = await readCached(cache, file);
    if (cached) {
      progress.loaded += cached.length;
      progress.fromCache += cached.length;
      onProgress({ ...progress });
      out.push(cached);
      continue;
    }
    const bytes = await download(file.href, (n) => {
      progress.loaded += n;
      onProgress({ ...progress });
    });
    const hash = await sha256Hex(bytes);
    if (hash !== file.sha256) throw new Error(`${file.href} is corrupt: sha256 ${hash.slice(0, 12)}… instead of ${file.sha256.slice(0, 12)}…`);
    await cache?.put(file.href, new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { [SHA_HEADER]: file.sha256, 'content-length': String(bytes.length) } }));
    out.push(bytes);
  }
  return out;
}

/** Every model file in the cache, for a storage manager UI. */
export async function listCachedModels(): Promise<CachedModelFile[]> {
  if (!cacheAvailable()) return [];
  const cache = await caches.open(MODEL_CACHE);
  const out: CachedModelFile[] = [];
  for (const req of await cache.keys()) {
    const res = await cache.match(req);
    if (!res) continue;
    out.push({ url: new URL(req.url).pathname, bytes: Number(res.headers.get('content-length') ?? 0), sha256: res.headers.get(SHA_HEADER) ?? '' });
  }
  return out;
}

/** Deletes cached files whose path starts with `prefix` (e.g. a model's /models/… folder); all when omitted. Returns how many. */
export async function deleteCachedModels(prefix = '/'): Promise<number> {
  if (!cacheAvailable()) return 0;
  const cache = await caches.open(MODEL_CACHE);
  let n = 0;
  for (const req of await cache.keys()) {
    if (new URL(req.url).pathname.startsWith(prefix) && (await cache.delete(req))) n++;
  }
  return n;
}
