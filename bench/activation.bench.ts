/**
 * The packaged extension in code-server, as a user meets it: the .vsix size, the activation time that
 * "Developer: Show Running Extensions" reports (median over 3 window loads), and the time from opening the ClearML
 * view to a populated tree (profile and workspaces shown) on the local demo server. Budget for activation: < 50 ms.
 * Needs the .vsix (npm run package), code-server (.vscode-test/cs) and Chromium; says so and skips otherwise.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { DEMO } from '../server/demo';
import { DEFAULT_VSIX, openClearMLView, runCommand, startLocalClearMLServer, startWorkbench } from '../test/e2e/harness';
import { chromiumPath, codeServerBin } from '../test/support/code-server';
import { fmt, median } from './stats';

const WINDOW_LOADS = 3;
const EXTENSION_NAME = 'ClearML Settings';

async function answerInput(page: Page, text: string, prompt: RegExp): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.filter({ hasText: prompt }).waitFor();
  const input = widget.locator('input.input');
  await input.fill(text);
  await page.keyboard.press('Enter');
}

/** "Activation: 12ms" / "Startup Activation: 12ms" of this extension's row in the Running Extensions editor. */
async function reportedActivationMs(page: Page): Promise<number> {
  await runCommand(page, 'Developer: Show Running Extensions');
  const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: EXTENSION_NAME });
  const time = row.locator('.activation-time');
  await time.waitFor();
  const text = await time.innerText();
  const m = /([\d.]+)\s*ms/.exec(text);
  if (!m) throw new Error(`no activation time in "${text}"`);
  await page.keyboard.press('Control+W'); // close the editor for the next load
  return Number(m[1]);
}

export async function run(): Promise<void> {
  if (!existsSync(DEFAULT_VSIX)) {
    console.log('.vsix: not built (npm run package); skipping the code-server figures');
    return;
  }
  console.log(`.vsix size: ${(statSync(DEFAULT_VSIX).size / 1024).toFixed(1)} KB (${DEFAULT_VSIX})`);
  if (!existsSync(codeServerBin()) || !existsSync(chromiumPath())) {
    console.log('code-server or Chromium missing (npm run install-code-server); skipping activation and tree figures');
    return;
  }

  const home = mkdtempSync(join(tmpdir(), 'clearml-bench-home-'));
  const server = await startLocalClearMLServer({ edition: 'hosted', seed: 'demo' });
  const workbench = await startWorkbench({ env: { CLEARML_CONFIG_FILE: join(home, 'clearml.conf'), HOME: home } });
  try {
    const { page } = workbench;
    // Sign in once; the profile and its secret survive window reloads, as they do for a user.
    let view = await openClearMLView(page);
    await runCommand(page, 'ClearML: Sign In');
    await answerInput(page, server.url, /API server URL/);
    await answerInput(page, DEMO.signIn.accessKey, /Access key/);
    await answerInput(page, DEMO.signIn.secretKey, /Secret key/);
    await view.getByRole('treeitem', { name: /Jane Doe/ }).waitFor();

    // The view is closed before each reload, so the extension activates when the view opens.
    const activation: number[] = [];
    const toTree: number[] = [];
    for (let i = 0; i < WINDOW_LOADS; i++) {
      await runCommand(page, 'View: Close Primary Side Bar');
      await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
      await page.reload({ timeout: 120_000 });
      await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
      await page.locator('.activitybar .action-item:has(a[aria-label^="ClearML"])').waitFor();
      const t0 = performance.now();
      view = await openClearMLView(page);
      await view.getByRole('treeitem', { name: /Jane Doe/ }).waitFor();
      await view.getByRole('treeitem', { name: /Vision Team/ }).waitFor();
      toTree.push(performance.now() - t0);
      activation.push(await reportedActivationMs(page));
    }
    console.log(`activation (Running Extensions, ${WINDOW_LOADS} window loads): median ${fmt(median(activation))}, ` +
      `runs ${activation.map((v) => `${v} ms`).join(', ')} (budget < 50 ms)`);
    console.log(`open view → populated tree (demo server): median ${fmt(median(toTree))}, runs ${toTree.map((v) => v.toFixed(0)).join(', ')} ms`);
  } finally {
    await workbench.close();
    await server.close();
    rmSync(home, { recursive: true, force: true });
  }
}
