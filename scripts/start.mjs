// `npm start`: builds the site when out/ is missing or older than its inputs,
// then serves it. A fresh clone thus needs only `npm install && npm start`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const STAMP = path.join(ROOT, 'out/index.html');
const INPUTS = ['app', 'components', 'lib', 'recipes', 'zoo/taxonomy.json', 'public', 'package-lock.json', 'next.config.mjs', 'scripts/catalogue'];

function newest(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(p).reduce((m, e) => (p.endsWith('public') && e === 'models' ? m : Math.max(m, newest(path.join(p, e)))), s.mtimeMs);
}

const stale = !existsSync(STAMP) || INPUTS.some((i) => newest(path.join(ROOT, i)) > statSync(STAMP).mtimeMs);
if (stale) {
  console.log('Building the site (out/ is missing or older than its sources)…');
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const { createAppServer } = await import('./serve.mjs');
const port = Number(process.env.PORT ?? 3000);
createAppServer().listen(port, () => console.log(`EdgeZoo at http://localhost:${port}`));
