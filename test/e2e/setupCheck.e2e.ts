/**
 * The Setup Check view in the real VS Code UI: a failing setup (a key the server does not know, a files server
 * that refuses connections) and, after fixing clearml.conf, the same view all green after "Run Again".
 * Screenshots: test-results/screenshots/setup-check-failing.png and setup-check-healthy.png.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { confText, refusedUrl, startFilesServer, startWebUi, type Closable } from '../unit/setup-check/scenarios';
import { openClearMLView, runCommand, startLocalClearMLServer, startWorkbench, type LocalClearMLServer, type Workbench } from './harness';

function setupCheckPane(page: Page): Locator {
  return page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Setup Check' }) });
}

function row(pane: Locator, label: string): Locator {
  return pane.locator('.monaco-list-row').filter({ has: pane.page().locator('.label-name', { hasText: label }) });
}

describe('setup check e2e: a failing and a healthy report', () => {
  let server: LocalClearMLServer;
  let web: Closable;
  let files: Closable;
  let workbench: Workbench | undefined;
  let home: string;
  let conf: string;

  before(async () => {
    server = await startLocalClearMLServer({ edition: 'opensource' });
    web = await startWebUi(server.url);
    files = await startFilesServer();
    home = mkdtempSync(join(tmpdir(), 'clearml-e2e-setup-'));
    conf = join(home, 'clearml.conf');
    writeFileSync(conf, confText({ api: server.url, web: web.url, files: await refusedUrl(), secretKey: 'this-secret-is-not-known-here' }));
    workbench = await startWorkbench({ env: { CLEARML_CONFIG_FILE: conf, HOME: home }, viewport: { width: 1400, height: 900 } });
  });
  after(async () => {
    await workbench?.close();
    await Promise.all([web?.close(), files?.close()]);
    await server?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('shows what is wrong: the unknown key and the refused files server, with fixes', async () => {
    const { page } = workbench!;
    const sidebar = await openClearMLView(page);
    // Wider side bar, so the screenshots show the messages rather than their first words.
    const box = (await sidebar.boundingBox())!;
    await page.mouse.move(box.x + box.width + 1, box.y + 200);
    await page.mouse.down();
    await page.mouse.move(box.x + 900, box.y + 200, { steps: 5 });
    await page.mouse.up();
    await runCommand(page, 'ClearML: Run Setup Check');
    const pane = setupCheckPane(page);
    await row(pane, 'Credentials accepted').filter({ hasText: /does not know the access key/ }).waitFor();
    await row(pane, 'Files server reachable').filter({ hasText: /refused the connection/ }).waitFor();
    await row(pane, 'API server reachable').filter({ hasText: /answers as ClearML/ }).waitFor();
    await pane.locator('.monaco-highlighted-label', { hasText: /^Create new credentials on/ }).waitFor();
    await page.locator('.notification-toast', { hasText: '…' }).first().waitFor({ state: 'detached' });
    await workbench!.screenshot('setup-check-failing');
  });

  it('after clearml.conf is fixed, Run Again shows every check green', async () => {
    const { page } = workbench!;
    writeFileSync(conf, confText({ api: server.url, web: web.url, files: files.url }));
    const pane = setupCheckPane(page);
    await pane.hover();
    await pane.locator('.actions a[aria-label="Run Again"]').click();
    await row(pane, 'Credentials accepted').filter({ hasText: /signs in to/ }).waitFor();
    await row(pane, 'Files server reachable').filter({ hasText: /answers \(HTTP 200/ }).waitFor();
    await pane.locator('.codicon-error, .codicon-warning').first().waitFor({ state: 'detached' });
    await page.mouse.move(5, 890);
    await workbench!.screenshot('setup-check-healthy');
  });
});
