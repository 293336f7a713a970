#!/usr/bin/env node
// Integration layer: builds, makes sure code-server is installed, then runs the mocha suite in
// out/test/integration inside a real VS Code extension host through @vscode/test-electron's runTests(), whose
// "VS Code executable" is our code-server driver (scripts/run-ext-tests.mjs). Where a desktop VS Code can be
// downloaded, dropping vscodeExecutablePath runs the same suite in it.
// usage: node scripts/run-integration.mjs [--grep <pattern>] [--no-build] [--result-file <file>]
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const grep = arg('--grep');
const resultFile = resolve(arg('--result-file') ?? join(root, 'test-results', 'integration.json'));

if (!process.argv.includes('--no-build')) build(root);
const cs = createRequire(import.meta.url)(join(root, 'out/test/support/code-server.js'));
cs.ensureCodeServer();

mkdirSync(dirname(resultFile), { recursive: true });
rmSync(resultFile, { force: true });
try {
  await runTests({
    vscodeExecutablePath: join(root, 'scripts', 'run-ext-tests.mjs'),
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'test', 'integration', 'index.js'),
    extensionTestsEnv: {
      TEST_RESULT_FILE: resultFile,
      VSCODE_TEST_EXPECTED_VERSION: cs.vscodeVersion(),
      ...(grep ? { MOCHA_GREP: grep } : {}),
    },
    reuseMachineInstall: true, // the driver makes its own throw-away user-data and extensions dirs
  });
} catch (e) {
  console.error(`integration tests failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}

/** esbuild bundles (the extension under test) + tsc output (the tests). Type errors are the typecheck layer's job. */
export function build(cwd) {
  const run = (cmd, args) => spawnSync(cmd, args, { cwd, stdio: 'inherit' }).status;
  if (run(process.execPath, ['scripts/build.mjs']) !== 0) { console.error('build failed'); process.exit(1); }
  if (run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']) !== 0) {
    console.warn('warning: tsc reported type errors (output was still emitted; `npm run typecheck` fails on them)');
  }
}
