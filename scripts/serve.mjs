// The app's own static server for out/. It sends COOP/COEP so the page is
// cross-origin isolated (SharedArrayBuffer for threaded WASM), and serves
// out/404.html for unknown paths.
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sirv from 'sirv';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'out');

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function createAppServer() {
  if (!existsSync(path.join(OUT, 'index.html'))) {
    throw new Error('out/ has no built site: run `npm run build` first');
  }
  const notFoundPage = readFileSync(path.join(OUT, '404.html'));
  const assets = sirv(OUT, {
    extensions: ['html'],
    etag: true,
    setHeaders(res, pathname) {
      for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
      if (pathname.startsWith('/_next/static/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
  return createServer((req, res) => {
    assets(req, res, () => {
      res.statusCode = 404;
      for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(notFoundPage);
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? 3000);
  createAppServer().listen(port, () => console.log(`EdgeZoo at http://localhost:${port}`));
}
