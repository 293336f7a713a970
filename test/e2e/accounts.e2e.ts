/**
 * Accounts in the real VS Code UI (code-server + Chromium): the welcome view when signed out, signing in through
 * the palette prompts, the populated explorer tree, the "create credentials" result dialog, and the revoke
 * confirmation. Screenshots go to test-results/screenshots/accounts-*.png.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO } from '../../server/demo';
import { demoData } from '../../server/state';
import { HOSTILE } from '../support/notificationLinks';
import { openClearMLView, runCommand, startLocalClearMLServer, startWorkbench, type LocalClearMLServer, type Workbench } from './harness';

async function answerInput(page: Page, text: string, expectPrompt: RegExp): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.filter({ hasText: expectPrompt }).waitFor();
  const input = widget.locator('input.input');
  await input.fill(text);
  await page.keyboard.press('Enter');
}

/**
 * VS Code keeps a finished progress notification on screen for at least 800 ms; screenshots wait until every
 * "…" progress toast has gone, so they show the state they are named after.
 */
async function progressToastsGone(page: Page): Promise<void> {
  await page.locator('.notification-toast', { hasText: '…' }).first().waitFor({ state: 'detached' });
}

async function signInThroughPrompts(page: Page, url: string): Promise<void> {
  await runCommand(page, 'ClearML: Sign In');
  await answerInput(page, url, /API server URL/);
  await answerInput(page, DEMO.signIn.accessKey, /Access key/);
  await answerInput(page, DEMO.signIn.secretKey, /Secret key/);
}

/**
 * One local server and one workbench for a describe, with a throw-away HOME whose clearml.conf path is
 * CLEARML_CONFIG_FILE; `start` launches the server (and may write files into HOME first).
 */
function useWorkbench(prefix: string, start: (home: string) => Promise<LocalClearMLServer>): { server: LocalClearMLServer; workbench?: Workbench; home: string } {
  const ctx = {} as { server: LocalClearMLServer; workbench?: Workbench; home: string };
  before(async () => {
    ctx.home = mkdtempSync(join(tmpdir(), prefix));
    ctx.server = await start(ctx.home);
    ctx.workbench = await startWorkbench({ env: { CLEARML_CONFIG_FILE: join(ctx.home, 'clearml.conf'), HOME: ctx.home }, viewport: { width: 1280, height: 860 } });
  });
  after(async () => {
    await ctx.workbench?.close();
    await ctx.server?.close();
    rmSync(ctx.home, { recursive: true, force: true });
  });
  return ctx;
}

describe('accounts e2e: welcome, sign-in, tree, create and revoke credentials', () => {
  // No clearml.conf and no CLEARML_* variables: the signed-out welcome view offers sign-in and paste.
  const ctx = useWorkbench('clearml-e2e-accounts-', () => startLocalClearMLServer({ edition: 'hosted' }));

  it('shows the welcome view with Sign In and Paste Credentials when signed out', async () => {
    const { page } = ctx.workbench!;
    const view = await openClearMLView(page);
    await view.getByRole('button', { name: 'Sign In' }).waitFor();
    await view.getByRole('button', { name: 'Paste Credentials from the ClearML Web UI' }).waitFor();
    await view.getByText(/Create credentials in the web UI/).waitFor();
    await ctx.workbench!.screenshot('accounts-welcome');
  });

  it('signs in through the palette prompts and shows the populated tree', async () => {
    const { page } = ctx.workbench!;
    await signInThroughPrompts(page, ctx.server.url);
    await page.locator('.notification-toast', { hasText: 'Signed in to' }).waitFor();
    // The progress notification ends with the sign-in: no "Signing in to …" toast may outlive the result.
    await progressToastsGone(page);
    const view = await openClearMLView(page);
    await view.getByRole('treeitem', { name: /Jane Doe/ }).waitFor();
    await view.getByRole('treeitem', { name: /Vision Team/ }).waitFor();
    await view.getByRole('treeitem', { name: /App Credentials/ }).click();
    await view.getByRole('treeitem', { name: /gpu-agent-01/ }).waitFor();
    await view.getByRole('treeitem', { name: /^Members/ }).click();
    await view.getByRole('treeitem', { name: /Priya Natarajan/ }).waitFor();
    await page.locator('.statusbar-item', { hasText: "Jane's workspace" }).waitFor();
    await page.mouse.move(1270, 400);
    await progressToastsGone(page);
    await ctx.workbench!.screenshot('accounts-tree');
  });

  it('creates credentials and shows them once in the web UI format', async () => {
    const { page } = ctx.workbench!;
    await runCommand(page, 'ClearML: Create App Credentials');
    await answerInput(page, 'e2e laptop', /Label \(optional\)/);
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.filter({ hasText: 'New credentials created' }).waitFor();
    const text = await dialog.innerText();
    assert.match(text, /api \{/);
    assert.match(text, /"secret_key" = "/);
    for (const action of ['Copy', 'Copy as Jupyter %env', 'Write to clearml.conf']) await dialog.getByRole('button', { name: action, exact: true }).waitFor();
    await progressToastsGone(page);
    await ctx.workbench!.screenshot('accounts-create-credentials');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    const view = await openClearMLView(page);
    await view.getByRole('treeitem', { name: /e2e laptop/ }).waitFor();
  });

  it('Write to clearml.conf: the diff is reviewed first (no modal over it), then a modal lists what changes without secrets', async () => {
    const { page } = ctx.workbench!;
    const conf = join(ctx.home, 'clearml.conf');
    const comments = Array.from({ length: 40 }, (_, i) => `# line ${i + 1} of the user's own notes`).join('\n');
    const original = `${comments}\napi {\n  api_server: ${ctx.server.url}\n  credentials {\n    "access_key" = "OLDKEY"\n    "secret_key" = "OLD-SECRET-VALUE"\n  }\n}\n`;
    writeFileSync(conf, original);
    await runCommand(page, 'ClearML: Create App Credentials');
    await answerInput(page, 'e2e conf', /Label \(optional\)/);
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.filter({ hasText: 'New credentials created' }).waitFor();
    await dialog.getByRole('button', { name: 'Write to clearml.conf', exact: true }).click();
    const review = page.locator('.notification-toast', { hasText: /Review the change to .*clearml\.conf in the diff editor/ });
    await review.waitFor();
    await page.locator('.monaco-diff-editor').first().waitFor();
    assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'no modal covers the diff while it is reviewed');
    // the toast may hide into the notification centre while the diff is read; the ✓ in the diff's title bar stays
    const approve = page.getByRole('button', { name: /Write the Proposed Change to clearml\.conf/ });
    await approve.waitFor();
    await ctx.workbench!.screenshot('accounts-conf-review');
    await approve.click();
    const confirm = dialog.filter({ hasText: 'Write the new credentials to' });
    await confirm.waitFor();
    const text = await confirm.innerText();
    assert.match(text, /api\.credentials\.access_key: OLDKEY → /);
    assert.match(text, /api\.credentials\.secret_key: replaced \(value hidden\)/);
    assert.match(text, /clearml\.conf\.bak/);
    assert.ok(!text.includes('OLD-SECRET-VALUE'), 'no secret in the modal');
    await ctx.workbench!.screenshot('accounts-conf-confirm');
    await confirm.getByRole('button', { name: 'Write', exact: true }).click();
    await dialog.filter({ hasText: /Written to/ }).waitFor();
    const written = readFileSync(conf, 'utf8');
    assert.ok(written.startsWith(comments), 'the user\'s notes are kept');
    assert.ok(!written.includes('OLD-SECRET-VALUE'));
    assert.equal(readFileSync(`${conf}.orig.bak`, 'utf8'), original);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('asks for a modal confirmation before revoking, and the revoked key disappears', async () => {
    const { page } = ctx.workbench!;
    const tree = await openClearMLView(page);
    await tree.getByRole('treeitem', { name: /^laptop, / }).waitFor(); // so "disappears" below is not vacuous
    await runCommand(page, 'ClearML: Revoke App Credentials');
    const pick = page.locator('.quick-input-widget');
    await pick.filter({ hasText: /Revoke which credentials/ }).waitFor();
    await pick.locator('input.input').fill('laptop');
    await pick.locator('.monaco-list-row', { hasText: /^laptop/ }).first().waitFor();
    await page.keyboard.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.filter({ hasText: /Revoke "laptop"/ }).waitFor();
    await progressToastsGone(page);
    await ctx.workbench!.screenshot('accounts-revoke-confirm');
    await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
    const view = await openClearMLView(page);
    await view.getByRole('treeitem', { name: /^laptop, / }).waitFor({ state: 'detached' });
    await view.getByRole('treeitem', { name: /gpu-agent-01/ }).waitFor();
  });
});

describe('accounts e2e: first open with an existing clearml.conf', () => {
  const ctx = useWorkbench('clearml-e2e-detected-', async (home) => {
    const server = await startLocalClearMLServer({ edition: 'opensource' });
    writeFileSync(join(home, 'clearml.conf'), `api {\n  api_server: ${server.url}\n  web_server: ${server.url}\n  credentials {"access_key": "${DEMO.signIn.accessKey}", "secret_key": "${DEMO.signIn.secretKey}"}\n}\n`);
    return server;
  });

  it('offers "Use Existing Setup" and signs in with it; unavailable features are explained in the tree', async () => {
    const { page } = ctx.workbench!;
    const view = await openClearMLView(page);
    await view.getByText(/Found ClearML credentials in the file that CLEARML_CONFIG_FILE names/).waitFor();
    await ctx.workbench!.screenshot('accounts-welcome-detected');
    await view.getByRole('button', { name: 'Use Existing Setup' }).click();
    await view.getByRole('treeitem', { name: /Jane Doe/ }).waitFor();
    await view.getByRole('treeitem', { name: /AI Gateway Tokens/ }).click();
    await view.getByRole('treeitem', { name: /Not available on this server/ }).waitFor();
    await page.mouse.move(1270, 400);
    await progressToastsGone(page);
    await ctx.workbench!.screenshot('accounts-tree-opensource');
  });
});

describe('accounts e2e: a hostile workspace name is text, not a link', () => {
  const ctx = useWorkbench('clearml-e2e-hostile-', (home) => {
    // The server's own state file, as a workspace owner would have left it after renaming the workspace.
    const state = demoData();
    state.companies[DEMO.workspaces.own.id].name = HOSTILE('Vision Team');
    const dataFile = join(home, 'state.json');
    writeFileSync(dataFile, JSON.stringify(state));
    return startLocalClearMLServer({ edition: 'hosted', dataFile });
  });

  it('the "Signed in to" toast shows the name with no command: link in its DOM', async () => {
    const { page } = ctx.workbench!;
    await signInThroughPrompts(page, ctx.server.url);
    const toast = page.locator('.notification-toast', { hasText: 'Signed in to' });
    await toast.waitFor();
    await progressToastsGone(page);
    assert.match(await toast.innerText(), /Vision Team - session expired, click to re-authenticate/, 'the name is shown as text');
    assert.equal(await toast.locator('a[href^="command:"]').count(), 0, 'no command link in the toast');
    assert.equal(await toast.locator('.notification-list-item-message a').count(), 0, 'no link of any kind in the message');
    assert.equal(await page.locator('.notifications-toasts a[href^="command:"]').count(), 0, 'no command link in any toast');
    await ctx.workbench!.screenshot('accounts-hostile-name-toast');
  });
});
