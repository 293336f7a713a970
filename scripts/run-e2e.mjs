#!/usr/bin/env node
// UI end-to-end layer: packages the .vsix (unless it is newer than every input), compiles the tests, then runs
// out/test/e2e/*.e2e.js with mocha in plain Node. Each test file starts code-server with the .vsix installed and
// drives it with Playwright + Debian Chromium (test/e2e/harness.ts). Screenshots: test-results/screenshots/.
// usage: node scripts/run-e2e.mjs [--grep <pattern>] [--no-build] [--result-file <file>]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Mocha from 'mocha';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const grep = arg('--grep');
const resultFile = resolve(arg('--result-file') ?? join(root, 'test-results', 'e2e.json'));
const vsix = join(root, 'clearml-settings.vsix');
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status;

if (!process.argv.includes('--no-build')) {
  if (isStale(vsix, ['src', 'webview-ui', 'media', 'package.json', 'scripts/build.mjs', '.vscodeignore', 'README.md', 'LICENSE', 'CHANGELOG.md'])) {
    if (run('npm', ['run', '--silent', 'package']) !== 0) { console.error('packaging the .vsix failed'); process.exit(1); }
  } else {
    console.log('clearml-settings.vsix is up to date');
  }
  if (run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']) !== 0) {
    console.warn('warning: tsc reported type errors (output was still emitted; `npm run typecheck` fails on them)');
  }
}
if (!existsSync(vsix)) { console.error(`${vsix} is missing: run npm run package`); process.exit(1); }
createRequire(import.meta.url)(join(root, 'out/test/support/code-server.js')).ensureCodeServer();

process.setSourceMapsEnabled(true); // failure stacks point at the .ts sources
const mocha = new Mocha({ ui: 'bdd', color: Boolean(process.stdout.isTTY) && !process.env.CI, timeout: 120_000, reporter: 'spec' });
if (grep) mocha.grep(grep);
const dir = join(root, 'out', 'test', 'e2e');
// Only tests whose .ts source still exists (tsc never deletes the output of a removed or renamed test).
const sources = new Set(readdirSync(join(root, 'test', 'e2e')));
for (const f of readdirSync(dir).filter((f) => f.endsWith('.e2e.js') && sources.has(f.replace(/\.js$/, '.ts'))).sort()) mocha.addFile(join(dir, f));
const started = Date.now();
const failures = [];
mkdirSync(dirname(resultFile), { recursive: true });
rmSync(resultFile, { force: true });
const runner = mocha.run((failed) => {
  const result = { passed: runner.stats.passes, failed, pending: runner.stats.pending, durationMs: Date.now() - started, failures };
  writeFileSync(resultFile, JSON.stringify(result, null, 1));
  console.log(`e2e: ${result.passed} passed, ${result.failed} failed`);
  process.exit(failed ? 1 : 0);
});
runner.on('fail', (test, err) => failures.push({ title: test.fullTitle(), error: err?.stack ?? String(err) }));

/** True when `target` is missing or older than any file under `inputs`. */
function isStale(target, inputs) {
  if (!existsSync(target)) return true;
  const built = statSync(target).mtimeMs;
  const newer = (p) => {
    if (!existsSync(p)) return false;
    const s = statSync(p);
    if (!s.isDirectory()) return s.mtimeMs > built;
    return readdirSync(p).some((f) => newer(join(p, f)));
  };
  return inputs.some((p) => newer(join(root, p)));
}
