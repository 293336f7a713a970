#!/usr/bin/env node
// Unit layer: node's test runner over the tsc output of test/unit/**/*.test.ts (plain Node, no VS Code).
// Node 20's --test has no glob, so the files are listed; compiled tests whose .ts source is gone are skipped.
// usage: node scripts/run-unit.mjs [--grep <pattern>] [--no-build] [--result-file <file>]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const grep = arg('--grep');
const resultFile = resolve(arg('--result-file') ?? join(root, 'test-results', 'unit.json'));
mkdirSync(dirname(resultFile), { recursive: true });
rmSync(resultFile, { force: true });

if (!process.argv.includes('--no-build')) {
  if (spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' }).status !== 0) {
    console.warn('warning: tsc reported type errors (output was still emitted; `npm run typecheck` fails on them)');
  }
}

const outDir = join(root, 'out', 'test', 'unit');
const files = existsSync(outDir)
  ? readdirSync(outDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js') && existsSync(join(root, 'test', 'unit', f.replace(/\.js$/, '.ts'))))
    .sort()
    .map((f) => join(outDir, f))
  : [];
const started = Date.now();
let result = { passed: 0, failed: 0, pending: 0, durationMs: 0, failures: [] };
if (files.length > 0) {
  const tap = join(dirname(resultFile), 'unit.tap');
  rmSync(tap, { force: true });
  // spec → console, tap → file for the counts.
  const status = spawnSync(process.execPath, ['--enable-source-maps', '--test',
    ...(grep ? [`--test-name-pattern=${grep}`] : []),
    '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files], { cwd: root, stdio: 'inherit' }).status;
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (k) => Number(new RegExp(`^# ${k} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  const failures = [...text.matchAll(/^\s*not ok \d+ - (.*)$/gm)].map((m) => ({ title: m[1], error: 'see the report above' }));
  result = { passed: count('pass'), failed: count('fail') + count('cancelled'), pending: count('skipped') + count('todo'), durationMs: Date.now() - started, failures };
  // A crash (no TAP summary) or a non-zero exit without a counted failure is still a failure.
  if (status !== 0 && result.failed === 0) result.failed = 1;
}
writeFileSync(resultFile, JSON.stringify(result, null, 1));
console.log(`unit: ${files.length} files, ${result.passed} passed, ${result.failed} failed`);
process.exit(result.failed ? 1 : 0);
