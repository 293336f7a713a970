#!/usr/bin/env node
// `npm test`: every layer in order, each one counted even when an earlier one failed:
//   lint (eslint, one check per file) · typecheck (two tsconfigs) · build (esbuild) · unit (node --test)
//   · integration (mocha inside code-server's extension host) · package (.vsix + size/content checks) · e2e (Playwright)
// Prints each layer's counts and time, then exactly one final line "N passed, N failed"; exits 1 on any failure.
// A layer that crashes or exits non-zero without reporting a failure counts as one failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listZipEntries } from './lib/zip.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Own folder: a developer's concurrent standalone run writes test-results/<layer>.json and must not clobber ours.
const resultsDir = join(root, 'test-results', 'npm-test');
mkdirSync(resultsDir, { recursive: true });
const VSIX = join(root, 'clearml-settings.vsix');
const VSIX_LIMIT_BYTES = 1024 * 1024;

const node = process.execPath;
const bin = (name) => join(root, 'node_modules', '.bin', name);
/** Runs a command with live output; returns its exit status (null when it was killed). */
const run = (cmd, args, env = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status;

const layers = [];
async function layer(name, fn) {
  console.log(`\n━━━ ${name} ━━━`);
  const started = Date.now();
  let result;
  try {
    result = await fn();
  } catch (e) {
    console.error(`${name} crashed: ${e instanceof Error ? e.stack : e}`);
    result = { passed: 0, failed: 1 };
  }
  const seconds = (Date.now() - started) / 1000;
  layers.push({ name, ...result, seconds });
  console.log(`━━━ ${name}: ${result.passed} passed, ${result.failed} failed (${seconds.toFixed(1)} s)`);
}

/** Reads a runner's JSON result; a missing file or a non-zero exit with no failure counted is a crash. */
function readResult(file, status) {
  if (!existsSync(file)) return { passed: 0, failed: 1, note: `no result file (exit ${status})` };
  const r = JSON.parse(readFileSync(file, 'utf8'));
  if (status !== 0 && r.failed === 0) return { passed: r.passed, failed: 1, note: `exit ${status}` };
  return { passed: r.passed, failed: r.failed };
}

await layer('lint', () => {
  const report = join(resultsDir, 'eslint.json');
  rmSync(report, { force: true });
  const status = run(bin('eslint'), ['--max-warnings', '0', '--format', 'json', '--output-file', report, '.']);
  if (!existsSync(report)) return { passed: 0, failed: 1 };
  const files = JSON.parse(readFileSync(report, 'utf8'));
  const bad = files.filter((f) => f.errorCount + f.warningCount > 0);
  for (const f of bad) {
    for (const m of f.messages) console.log(`${relative(root, f.filePath)}:${m.line}:${m.column} ${m.severity === 2 ? 'error' : 'warning'} ${m.message} (${m.ruleId ?? 'parse'})`);
  }
  console.log(`${files.length} files linted`);
  return { passed: files.length - bad.length, failed: bad.length || (status === 0 ? 0 : 1) };
});

await layer('typecheck', () => {
  // The extension/server/tests config emits to out/ at the same time (the emitted JS is what the unit and
  // integration layers run; tsc emits even when it reports errors).
  const checks = [
    run(node, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']),
    run(node, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'webview-ui/tsconfig.json', '--noEmit']),
  ];
  return { passed: checks.filter((s) => s === 0).length, failed: checks.filter((s) => s !== 0).length };
});

await layer('build', () => {
  // A failed build must not leave an older bundle behind for the integration layer to test.
  rmSync(join(root, 'dist', 'extension.js'), { force: true });
  const status = run(node, ['scripts/build.mjs']);
  const outputs = existsSync(join(root, 'dist', 'extension.js'));
  return status === 0 && outputs ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
});

await layer('unit', () => {
  const file = join(resultsDir, 'unit.json');
  rmSync(file, { force: true });
  const status = run(node, ['scripts/run-unit.mjs', '--no-build', '--result-file', file]);
  return readResult(file, status);
});

await layer('integration', () => {
  const file = join(resultsDir, 'integration.json');
  rmSync(file, { force: true });
  const status = run(node, ['scripts/run-integration.mjs', '--no-build', '--result-file', file]);
  return readResult(file, status);
});

await layer('package', () => {
  rmSync(VSIX, { force: true });
  if (run('npm', ['run', '--silent', 'package']) !== 0 || !existsSync(VSIX)) return { passed: 0, failed: 3 };
  let passed = 1;
  let failed = 0;
  const size = statSync(VSIX).size;
  console.log(`clearml-settings.vsix: ${size} bytes (${(size / 1024).toFixed(1)} KB)`);
  if (size < VSIX_LIMIT_BYTES) passed++;
  else { failed++; console.log(`FAIL: the .vsix is ${size} bytes, limit ${VSIX_LIMIT_BYTES}`); }
  const forbidden = listZipEntries(VSIX).filter((e) => /^extension\/(src|test|node_modules)\//.test(e) || e.endsWith('.map'));
  if (forbidden.length === 0) passed++;
  else { failed++; console.log(`FAIL: the .vsix contains sources, tests, node_modules or maps:\n  ${forbidden.join('\n  ')}`); }
  return { passed, failed };
});

await layer('e2e', () => {
  const file = join(resultsDir, 'e2e.json');
  rmSync(file, { force: true });
  // --no-build: the package layer built the .vsix and the typecheck layer compiled the tests.
  const status = run(node, ['scripts/run-e2e.mjs', '--no-build', '--result-file', file]);
  return readResult(file, status);
});

console.log('\nlayer         passed  failed    time');
for (const l of layers) {
  console.log(`${l.name.padEnd(12)} ${String(l.passed).padStart(7)} ${String(l.failed).padStart(7)} ${l.seconds.toFixed(1).padStart(7)} s${l.note ? `  (${l.note})` : ''}`);
}
const passed = layers.reduce((n, l) => n + l.passed, 0);
const failed = layers.reduce((n, l) => n + l.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
