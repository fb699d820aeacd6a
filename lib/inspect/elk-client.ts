// The page's handle on ELK: the API object, with the engine in its own Web
// Worker so laying out hundreds of boxes never blocks the page.
// Browser-only (it starts a Worker).

import ELK from 'elkjs/lib/elk-api.js';
import type { ElkLike } from './layout';

export function createElk(): ElkLike & { terminate(): void } {
  const elk = new ELK({
    workerFactory: () => new Worker(new URL('./elk-worker.ts', import.meta.url), { type: 'module', name: 'edgezoo-layout' }),
  });
  return { layout: (g) => elk.layout(g), terminate: () => elk.terminateWorker() };
}
