/**
 * The Storage Credentials form in a real browser (the webview bundle in headless Chromium, the extension's side played
 * by posting its messages): leaving empty fields shows their messages without moving the fields below, and a boolean
 * that is not set is indeterminate, not ticked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, REPO_ROOT, requireChromium } from '../../support/code-server';

const STATE = {
  type: 'state', confFile: '/home/me/clearml.conf', layers: [{ id: 'conf', label: 'clearml.conf', format: 'hocon', writable: true }],
  entries: [], general: [], notes: [],
};

test('storage form: messages on blur keep the layout; an unset boolean is indeterminate', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clearml-storage-form-'));
  let browser: Browser | undefined;
  try {
    const bundle = join(dir, 'storage.js');
    await esbuild.build({ absWorkingDir: REPO_ROOT, entryPoints: ['webview-ui/storage/main.ts'], bundle: true, format: 'iife', outfile: bundle, logLevel: 'silent' });
    browser = await chromium.launch({ executablePath: requireChromium(), args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body><div id="app"></div></body></html>');
    // Page-side code as strings: this project's Node tsconfig has no DOM types.
    await page.evaluate('window.acquireVsCodeApi = () => ({ postMessage() {}, getState() { return undefined; }, setState() {} })');
    await page.addScriptTag({ path: bundle });
    await page.evaluate(`window.postMessage(${JSON.stringify(STATE)}, '*')`);
    await page.locator('vscode-button').filter({ hasText: /^Add S3/ }).click();
    await page.waitForSelector('.editor #f-bucket');

    const tops = () => page.evaluate<number[]>(`[...document.querySelectorAll('.editor [id^="f-"]')].map((e) => Math.round(e.getBoundingClientRect().top))`);
    const before = await tops();
    // Leave bucket, host and key empty, as a user tabbing through: their errors appear.
    for (const id of ['f-bucket', 'f-host', 'f-key']) await page.evaluate(`document.getElementById('${id}').dispatchEvent(new Event('change'))`);
    await page.waitForFunction(`document.querySelectorAll('.editor .field > .err, .editor .msg-slot > .err:not(.inactive)').length >= 2`);
    assert.deepEqual(await tops(), before, 'no field moved');

    const boxes = await page.evaluate<{ id: string; checked: boolean; indeterminate: boolean }[]>(
      `[...document.querySelectorAll('.editor vscode-checkbox')].map((c) => ({ id: c.id, checked: c.checked, indeterminate: !!c.indeterminate }))`);
    assert.ok(boxes.length >= 2, JSON.stringify(boxes));
    for (const b of boxes) assert.deepEqual(b, { id: b.id, checked: false, indeterminate: true }, `${b.id} is not set: neither ticked nor clear`);
    const secureHint = await page.evaluate<string>(`document.getElementById('f-secure').closest('.field').textContent`);
    assert.match(secureHint, /Not set: the SDK uses its default/);
  } finally {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
