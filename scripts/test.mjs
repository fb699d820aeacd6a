// `npm test`: type-check, lint, build, unit tests, then Playwright e2e against
// the built site. Each stage's own output streams through; the last line is
// the suite's total as "N passed, N failed" (type-check, lint and build count
// as one check each).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const tmp = mkdtempSync(path.join(tmpdir(), 'edgezoo-test-'));
const totals = { passed: 0, failed: 0 };
const lines = [];

function run(label, cmd, args, env = {}) {
  console.log(`\n▶ ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function check(label, ok) {
  totals[ok ? 'passed' : 'failed'] += 1;
  lines.push(`${ok ? 'ok  ' : 'FAIL'} ${label}`);
}

function readJson(file) {
  try {
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
  } catch {
    return undefined;
  }
}

check('type-check', run('type-check', 'npx', ['tsc', '--noEmit', '-p', '.']));
check('lint', run('lint', 'npx', ['eslint', '.', '--max-warnings=0']));

// The build comes first: it runs the zoo, and some unit tests check every built artifact.
const built = run('build', 'npm', ['run', 'build']);
check('build', built);

const unitJson = path.join(tmp, 'unit.json');
const unitOk = run('unit tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitJson}`]);
const unit = readJson(unitJson);
if (unit) {
  totals.passed += unit.numPassedTests;
  totals.failed += unit.numFailedTests;
  lines.push(`${unitOk ? 'ok  ' : 'FAIL'} unit: ${unit.numPassedTests} passed, ${unit.numFailedTests} failed`);
  if (!unitOk && unit.numFailedTests === 0) check('unit test files (a file failed to load)', false);
} else check('unit tests (no report)', false);

if (built) {
  const e2eJson = path.join(tmp, 'e2e.json');
  const e2eOk = run('e2e', 'npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson, CI: process.env.CI ?? '1' });
  const e2e = readJson(e2eJson);
  if (e2e) {
    const passed = e2e.stats.expected + e2e.stats.flaky;
    const failed = e2e.stats.unexpected;
    totals.passed += passed;
    totals.failed += failed;
    lines.push(`${e2eOk ? 'ok  ' : 'FAIL'} e2e: ${passed} passed, ${failed} failed`);
    if (!e2eOk && failed === 0) check('e2e run (runner error)', false);
  } else check('e2e (no report)', false);
} else check('e2e (skipped: build failed)', false);

console.log(`\n${lines.join('\n')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed ? 1 : 0);
