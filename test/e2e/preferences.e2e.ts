/**
 * The Preferences panel in a real VS Code UI, in a light and a dark theme: sign in from a clearml.conf pointing at
 * the local ClearML server, open the panel from the palette, edit with the keyboard, save, add a cloud-access (in the Storage Credentials panel)
 * entry, and screenshot each theme.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { DEMO } from '../../server/demo';
import { ClearMLClient } from '../../src/core/api';
import { openClearMLView, runCommand, startLocalClearMLServer, startWorkbench, type LocalClearMLServer, type Workbench } from './harness';

function preferencesFrame(page: Page): FrameLocator {
  // VS Code's webview host iframe, then the extension's own document inside it.
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

describe('preferences e2e: the panel in light and dark themes', () => {
  let server: LocalClearMLServer;
  let home: string;

  before(async () => {
    server = await startLocalClearMLServer({ edition: 'opensource' });
    home = mkdtempSync(join(tmpdir(), 'clearml-e2e-prefs-'));
    writeFileSync(join(home, 'clearml.conf'), [
      '# e2e: points at the local ClearML server',
      'api {',
      `    api_server: ${server.url}`,
      `    web_server: ${server.url}`,
      `    credentials {"access_key": "${DEMO.signIn.accessKey}", "secret_key": "${DEMO.signIn.secretKey}"}`,
      '}',
      '',
    ].join('\n'));
  });

  after(async () => {
    await server?.close();
    rmSync(home, { recursive: true, force: true });
  });

  for (const [theme, name] of [['Default Light Modern', 'light'], ['Default Dark Modern', 'dark']] as const) {
    describe(`${name} theme`, () => {
      let workbench: Workbench | undefined;

      before(async () => {
        workbench = await startWorkbench({ colorTheme: theme, env: { CLEARML_CONFIG_FILE: join(home, 'clearml.conf') }, viewport: { width: 1280, height: 900 } });
      });
      after(async () => { await workbench?.close(); });

      it('signs in from clearml.conf and opens the panel from the palette', async () => {
        const { page } = workbench!;
        // Opening the view activates the extension, which finds the clearml.conf and offers to use it.
        const sidebar = await openClearMLView(page);
        await sidebar.getByRole('button', { name: 'Use Existing Setup' }).click();
        await page.locator('.notifications-toasts', { hasText: 'Signed in' }).waitFor();
        await runCommand(page, 'ClearML: Open Preferences');
        await page.locator('.tab', { hasText: 'ClearML: Preferences' }).waitFor();
        const frame = preferencesFrame(page);
        await frame.getByRole('heading', { name: 'Web UI preferences' }).waitFor();
        await frame.getByText('All changes saved').waitFor();
      });

      it('marks edits as unsaved and saves them with the keyboard', async () => {
        const { page } = workbench!;
        const frame = preferencesFrame(page);
        const showHidden = frame.locator('#pref-showHidden');
        await showHidden.focus();
        await page.keyboard.press('Space');
        await frame.getByText('● 1 unsaved change').waitFor();
        // A new argument name through the list editor: type, Enter adds it.
        const rows = frame.locator('.list-editor vscode-textfield[data-index]');
        const before = await rows.count();
        const addField = frame.locator('#redacted-new input');
        await addField.click();
        await addField.fill(`HF_TOKEN_${name.toUpperCase()}`);
        await page.keyboard.press('Enter');
        await frame.locator(`.list-editor vscode-textfield[data-index="${before}"]`).waitFor();
        assert.equal(await rows.count(), before + 1);
        await frame.getByText('● 2 unsaved changes').waitFor();
        await frame.getByRole('button', { name: 'Save', exact: true }).click();
        await frame.getByText('All changes saved').waitFor();
        await frame.getByText(/Saved to .*Show hidden projects, Hidden container arguments/).waitFor();
      });

      it('edits the cloud access entries in the Storage Credentials panel and shows the secret masked', async () => {
        const { page } = workbench!;
        const frame = preferencesFrame(page);
        await frame.getByRole('button', { name: 'Open Storage Credentials' }).click();
        const storageTab = page.locator('.tab', { hasText: 'ClearML: Storage Credentials' });
        await storageTab.waitFor();
        const storage = page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame');
        await storage.getByRole('button', { name: 'Add Browser Entry' }).click();
        await storage.locator('#b-Bucket input').fill('vision-datasets');
        await storage.locator('#b-Key input').fill('AKIAEXAMPLEKEY');
        await storage.locator('#b-Secret input').fill('e2e-secret-never-shown');
        await storage.locator('#b-Region input').fill('eu-west-1');
        await storage.locator('#b-Endpoint input').fill('minio.local:9000');
        await storage.getByRole('button', { name: 'Save Entry' }).click();
        await storage.getByRole('cell', { name: 'http://minio.local:9000' }).waitFor();
        assert.equal(await storage.getByText('e2e-secret-never-shown').count(), 0, 'secret not shown in the panel');
        await storage.locator('#h-browser').scrollIntoViewIfNeeded();
        await workbench!.screenshot(`preferences-${name}-storage-browser`);
        await storageTab.locator('.codicon-close').click();
        await storageTab.waitFor({ state: 'detached' });
        await frame.getByText('1 browser access entry stored for this profile.').waitFor();
        // Screenshots: the top with one unsaved edit (dirty indicator), then the cloud-access part.
        await runCommand(page, 'Notifications: Clear All Notifications');
        await page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'hidden' });
        await frame.locator('body').evaluate('window.scrollTo(0, 0)');
        await frame.locator('#pref-hideExamples').click();
        await frame.getByText('● 1 unsaved change').waitFor();
        await page.mouse.move(1270, 890);
        const shot = await workbench!.screenshot(`preferences-${name}`);
        assert.ok(shot.endsWith(`preferences-${name}.png`));
        await frame.getByRole('button', { name: 'Open Storage Credentials' }).scrollIntoViewIfNeeded();
        await workbench!.screenshot(`preferences-${name}-cloud`);
        await frame.getByRole('button', { name: 'Discard' }).click();
        await frame.getByText('All changes saved').waitFor();
      });

      it('shows a conflict when another client changed the list meanwhile, and takes the server value on request', async () => {
        const { page } = workbench!;
        const frame = preferencesFrame(page);
        await frame.locator('body').evaluate('window.scrollTo(0, 0)');
        const addField = frame.locator('#redacted-new input');
        await addField.click();
        await addField.fill('MINE_ONLY');
        await page.keyboard.press('Enter');
        await frame.getByText('● 1 unsaved change').waitFor();
        // Escape in a row undoes the edit made to it since it got focus.
        const firstRow = frame.locator('.list-editor vscode-textfield[data-index="0"] input');
        const original = await firstRow.inputValue();
        await firstRow.click();
        await firstRow.fill('TYPO');
        await page.keyboard.press('Escape');
        assert.equal(await firstRow.inputValue(), original);
        // Another client (a web UI tab) writes the same preference over the real API.
        const other = new ClearMLClient({ apiServer: server.url, accessKey: DEMO.signIn.accessKey, secretKey: DEMO.signIn.secretKey });
        const current = await other.getPreferences();
        await other.setPreferenceSlices({ views: { ...(current.views as object), redactedArguments: [{ key: `THEIRS_${name.toUpperCase()}` }] } });
        await frame.getByRole('button', { name: 'Save', exact: true }).click();
        await frame.getByRole('heading', { name: 'Changed on the server since you loaded it' }).waitFor();
        await frame.getByText(`THEIRS_${name.toUpperCase()}`).first().waitFor();
        await page.mouse.move(1270, 890);
        await workbench!.screenshot(`preferences-${name}-conflict`);
        await frame.getByRole('radio', { name: 'Use server' }).check();
        await frame.getByRole('button', { name: 'Save with these choices' }).click();
        await frame.getByText('All changes saved').waitFor();
        assert.equal(await frame.locator('.list-editor vscode-textfield[data-index="0"] input').inputValue(), `THEIRS_${name.toUpperCase()}`);
        const after = await other.getPreferences();
        assert.deepEqual((after.views as { redactedArguments: unknown }).redactedArguments, [{ key: `THEIRS_${name.toUpperCase()}` }]);
      });

      it('restores the panel with its unsaved edit after a window reload', async function () {
        if (name !== 'dark') this.skip(); // once is enough; it costs a workbench restart
        const { page } = workbench!;
        let frame = preferencesFrame(page);
        await frame.locator('body').evaluate('window.scrollTo(0, 0)');
        const wanted = !(await frame.locator('#pref-blockUserScript').evaluate((el) => (el as unknown as { checked: boolean }).checked));
        await frame.locator('#pref-blockUserScript').click();
        await frame.getByText('● 1 unsaved change').waitFor();
        await runCommand(page, 'Developer: Reload Window');
        await page.locator('.monaco-workbench').waitFor();
        await page.locator('.tab', { hasText: 'ClearML: Preferences' }).waitFor();
        frame = preferencesFrame(page);
        await frame.getByText('● 1 unsaved change').waitFor();
        assert.equal(await frame.locator('#pref-blockUserScript').evaluate((el) => (el as unknown as { checked: boolean }).checked), wanted);
        await frame.getByRole('button', { name: 'Discard' }).click();
        await frame.getByText('All changes saved').waitFor();
      });
    });
  }
});

describe('preferences e2e: a plain workspace member on a hosted server', () => {
  let server: LocalClearMLServer;
  let home: string;
  let workbench: Workbench | undefined;

  before(async () => {
    server = await startLocalClearMLServer({ edition: 'hosted' });
    home = mkdtempSync(join(tmpdir(), 'clearml-e2e-prefs-member-'));
    const vision = DEMO.workspaces.vision.credentials; // Jane is a member ('user'), not an admin, of Vision Team
    writeFileSync(join(home, 'clearml.conf'), `api {\n  api_server: ${server.url}\n  web_server: ${server.url}\n  credentials {"access_key": "${vision.accessKey}", "secret_key": "${vision.secretKey}"}\n}\n`);
    workbench = await startWorkbench({ env: { CLEARML_CONFIG_FILE: join(home, 'clearml.conf') }, viewport: { width: 1280, height: 900 } });
  });
  after(async () => {
    await workbench?.close();
    await server?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('shows "Show hidden projects" read-only with the reason, as the web UI hides it from members', async () => {
    const { page } = workbench!;
    const sidebar = await openClearMLView(page);
    await sidebar.getByRole('button', { name: 'Use Existing Setup' }).click();
    await page.locator('.notifications-toasts', { hasText: 'Signed in' }).waitFor();
    await runCommand(page, 'ClearML: Open Preferences');
    const frame = preferencesFrame(page);
    await frame.getByText('All changes saved').waitFor();
    await frame.getByText(/offers this only to workspace administrators and on self-hosted servers/).waitFor();
    assert.equal(await frame.locator('#pref-showHidden').evaluate((el) => (el as unknown as { disabled: boolean }).disabled), true);
    assert.equal(await frame.locator('#pref-hideExamples').evaluate((el) => (el as unknown as { disabled: boolean }).disabled), false);
    await page.locator('.notification-toast', { hasText: '…' }).first().waitFor({ state: 'detached' });
    await workbench!.screenshot('preferences-member-hosted');
  });
});
