#!/usr/bin/env node
// Runs the extension's mocha suite inside code-server's real (Node) extension host, headless and offline.
// It stands in for the "VS Code executable" of @vscode/test-electron's runTests(), so it accepts VS Code's flags:
//   run-ext-tests.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [folder]   (other flags are ignored)
// or plainly: run-ext-tests.mjs <extensionDevelopmentPath> <extensionTestsPath> [folder]
// env: CODE_SERVER, CHROMIUM, TEST_TIMEOUT_MS (default 300000), DEBUG=1 (browser console + server log),
//      VSCODE_TEST_LOG (mocha report file; the driver prints it), anything else is inherited by the extension host.
// Needs `tsc -p tsconfig.json` output (out/test/support/code-server.js).
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const cs = require(join(root, 'out/test/support/code-server.js'));

const flag = (n) => process.argv.find((a) => a.startsWith(`--${n}=`))?.slice(n.length + 3);
const positional = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const [extDev, testsPath, folder] = flag('extensionTestsPath')
  ? [flag('extensionDevelopmentPath'), flag('extensionTestsPath'), positional[0]]
  : [positional[0] ?? root, positional[1] ?? join(root, 'out/test/integration/index.js'), positional[2]];
const t0 = Date.now();
const stamp = () => `[${((Date.now() - t0) / 1000).toFixed(1)}s]`;

// The remote extension host's stdout goes nowhere visible, so index.js writes mocha's report to $VSCODE_TEST_LOG.
const logDir = mkdtempSync(join(tmpdir(), 'clearml-ext-test-log-'));
const testLog = process.env.VSCODE_TEST_LOG ?? join(logDir, 'test.log');
const bin = cs.codeServerBin();
const env = { VSCODE_TEST_LOG: testLog, VSCODE_TEST_EXPECTED_VERSION: process.env.VSCODE_TEST_EXPECTED_VERSION ?? cs.vscodeVersion(bin) };

let server;
let browser;
let code = 1;
let stopping;
async function cleanUp() {
  stopping ??= (async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
    rmSync(logDir, { recursive: true, force: true });
  })();
  return stopping;
}
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => { void cleanUp().then(() => process.exit(130)); });

try {
  cs.requireChromium();
  server = await cs.startCodeServer({ env, extraArgs: cs.testModeArgs(bin), folder: folder && resolve(folder) });
  console.log(`${stamp()} code-server (VS Code ${env.VSCODE_TEST_EXPECTED_VERSION}) at ${server.url}`);
  browser = await chromium.launch({ executablePath: cs.requireChromium(), args: cs.CHROMIUM_ARGS });
  const page = await browser.newPage();
  if (process.env.DEBUG) page.on('console', (m) => console.log('[browser]', m.text()));
  // The workbench calls window.codeAutomationExit(code) when the extension test run ends (0 = pass).
  const exited = new Promise((ok) => { void page.exposeFunction('codeAutomationExit', (c) => ok(c)); });
  await page.exposeFunction('codeAutomationLog', () => {});
  const remote = (p) => `vscode-remote://${new URL(server.url).host}${p}`;
  const payload = JSON.stringify([['extensionDevelopmentPath', remote(resolve(extDev))],
    ['extensionTestsPath', remote(resolve(testsPath))], ['skipWelcome', 'true']]);
  // The workbench's first load has taken over 30 s (Playwright's default) on a loaded 2-core machine.
  await page.goto(`${server.folderUrl}&payload=${encodeURIComponent(payload)}`, { timeout: 120_000 });
  const timeoutMs = Number(process.env.TEST_TIMEOUT_MS ?? 300_000);
  let timer;
  const result = await Promise.race([
    exited,
    new Promise((ok) => { timer = setTimeout(() => ok(`timeout after ${timeoutMs} ms`), timeoutMs); }),
    server.exited.then((c) => `code-server exited early (${c})`),
  ]);
  clearTimeout(timer);
  if (existsSync(testLog)) process.stdout.write(readFileSync(testLog, 'utf8'));
  else console.log(`${stamp()} no test report was written (did ${testsPath} load?)`);
  console.log(`${stamp()} extension tests finished: ${result}`);
  code = result === 0 ? 0 : 1;
  if (code && process.env.DEBUG) console.log(server.log());
  else if (code && typeof result === 'string') console.log('hint: DEBUG=1 shows the browser console and code-server log');
} catch (e) {
  console.error(`${stamp()} driver failed:`, e instanceof Error && !process.env.DEBUG ? e.message : e);
  code = 1;
} finally {
  await cleanUp();
}
process.exit(code);
