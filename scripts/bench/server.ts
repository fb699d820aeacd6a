// The bench's local server: the bundled page and its generated inputs, the
// site's public/ folder (models, artifacts, runtimes, samples) and the
// MediaPipe solution packages, all from one origin, with the COOP/COEP
// headers scripts/serve.mjs sends (cross-origin isolation gives the wasm
// runtimes SharedArrayBuffer and their threaded builds).

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sirv from 'sirv';

const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export interface Mount {
  /** URL prefix ending in '/', e.g. /mediapipe/hands/. */
  prefix: string;
  dir: string;
}

export interface BenchServer {
  origin: string;
  /** Paths that got a 404, for the run's report. */
  missing: string[];
  close(): Promise<void>;
}

function isolate(res: ServerResponse): void {
  for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
}

export async function startServer(mounts: Mount[], pageHtml: string): Promise<BenchServer> {
  const handlers = mounts.map((m) => ({ prefix: m.prefix, serve: sirv(path.resolve(m.dir), { dev: true, etag: false, setHeaders: (res) => isolate(res) }) }));
  const missing: string[] = [];
  const notFound = (req: IncomingMessage, res: ServerResponse) => {
    missing.push(req.url ?? '');
    res.statusCode = 404;
    isolate(res);
    res.end('not found');
  };
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/' || url.startsWith('/?')) {
      isolate(res);
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(pageHtml);
      return;
    }
    // Longest prefix first, so /bench/… is not taken by the / mount.
    const match = handlers.filter((h) => url.startsWith(h.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
    if (!match) return notFound(req, res);
    req.url = `/${url.slice(match.prefix.length)}`;
    match.serve(req, res, () => {
      req.url = url;
      notFound(req, res);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    missing,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
