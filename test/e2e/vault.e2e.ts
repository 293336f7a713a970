/**
 * The configuration-vault editor in a real VS Code UI: sign in from a clearml.conf pointing at the local enterprise
 * server, open the personal vault from the palette, check the merged preview, break the text in the editor's
 * source area, and screenshot the valid and the invalid state.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { DEMO } from '../../server/demo';
import { openClearMLView, runCommand, startLocalClearMLServer, startWorkbench, type LocalClearMLServer, type Workbench } from './harness';

function vaultFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

interface VaultSession { server?: LocalClearMLServer; home?: string; workbench?: Workbench }

/**
 * Hooks for one describe: the local enterprise server, a clearml.conf whose `api` section signs in to it with the
 * demo credentials (`before` and `after` are the lines around that section), and a workbench on that file. Auto save
 * (the web default) would try to save the broken text; the screenshots show the editor, not that toast.
 */
function useVaultWorkbench(homePrefix: string, conf: { before?: string[]; after: string[] }, colorTheme?: string): VaultSession {
  const session: VaultSession = {};
  before(async () => {
    const server = session.server = await startLocalClearMLServer({ edition: 'enterprise' });
    const home = session.home = mkdtempSync(join(tmpdir(), homePrefix));
    writeFileSync(join(home, 'clearml.conf'), [
      ...(conf.before ?? []),
      'api {',
      `    api_server: ${server.url}`,
      `    web_server: ${server.url}`,
      `    credentials {"access_key": "${DEMO.signIn.accessKey}", "secret_key": "${DEMO.signIn.secretKey}"}`,
      '}',
      ...conf.after,
      '',
    ].join('\n'));
    session.workbench = await startWorkbench({ colorTheme, env: { CLEARML_CONFIG_FILE: join(home, 'clearml.conf') }, settings: { 'files.autoSave': 'off' }, viewport: { width: 1360, height: 900 } });
  });
  after(async () => {
    await session.workbench?.close();
    await session.server?.close();
    if (session.home) rmSync(session.home, { recursive: true, force: true });
  });
  return session;
}

/** Signs in from the clearml.conf (the sidebar's "Use Existing Setup") and opens the personal vault from the palette. */
async function signInAndOpenPersonalVault(page: Page): Promise<void> {
  const sidebar = await openClearMLView(page);
  await sidebar.getByRole('button', { name: 'Use Existing Setup' }).click();
  await page.locator('.notifications-toasts', { hasText: 'Signed in' }).waitFor();
  await runCommand(page, 'ClearML: Open Configuration Vault');
  const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Personal vault' }).first();
  await pick.waitFor();
  await pick.click();
}

describe('vault e2e: the vault editor with its merged preview', () => {
  const vault = useVaultWorkbench('clearml-e2e-vault-', {
    before: ['# e2e: points at the local ClearML server; also the base of the vault preview'],
    after: [
      'sdk {',
      '    aws { s3 { region: "us-east-1" } }',
      '    development { default_output_uri: "" }',
      '}',
      'agent { git_user: "base-user" }',
    ],
  });

  it('opens the personal vault from the palette and shows the merged preview', async () => {
    const { page } = vault.workbench!;
    await signInAndOpenPersonalVault(page);
    await page.locator('.tab', { hasText: 'Personal vault.hocon' }).waitFor();
    const frame = vaultFrame(page);
    await frame.locator('h1.title', { hasText: 'Personal vault' }).waitFor();
    const region = frame.locator('tr[data-path="sdk.aws.s3.region"]');
    await region.waitFor();
    assert.match(await region.innerText(), /eu-west-1[\s\S]*was "us-east-1"[\s\S]*overridden[\s\S]*Personal vault:5/);
    // The S3 secret is masked, the key id is not.
    const creds = frame.locator('tr[data-path="sdk.aws.s3.credentials"]');
    assert.ok(!(await creds.innerText()).includes('demo-not-a-real-secret'));
    assert.match(await creds.innerText(), /AKIADEMOVISIONDATA01/);
    await frame.locator('.layer.base', { hasText: 'clearml.conf' }).waitFor();
    await frame.locator('.banner[data-code="secrets"]').waitFor();
    await page.mouse.move(1300, 880);
    await vault.workbench!.screenshot('vault-valid');
  });

  it('lists every key of the effective configuration on request, base secrets masked', async () => {
    const { page } = vault.workbench!;
    const frame = vaultFrame(page);
    await frame.locator('#filter').selectOption('all');
    const secret = frame.locator('tr[data-path="api.credentials.secret_key"]');
    await secret.waitFor();
    assert.ok(!(await secret.innerText()).includes(DEMO.signIn.secretKey), 'the base secret_key is masked');
    assert.match(await frame.locator('tr[data-path="api.credentials.access_key"]').innerText(), new RegExp(DEMO.signIn.accessKey));
    assert.match(await frame.locator('tr[data-path="api.api_server"]').innerText(), /clearml\.conf:3/);
    await frame.getByText(/keys in the effective configuration/).waitFor();
    await page.mouse.move(1300, 880);
    await vault.workbench!.screenshot('vault-all-keys');
    await frame.locator('#filter').selectOption('vault');
    await frame.getByText(/keys set by this vault/).waitFor();
  });

  it('a click on a key opens the text beside, at the line that sets it', async () => {
    const { page } = vault.workbench!;
    const frame = vaultFrame(page);
    await frame.locator('tr[data-path="agent.git_user"]').click();
    await page.locator('.statusbar-item', { hasText: 'Ln 16, Col 1' }).waitFor();
    await page.locator('.editor-group-container .tab', { hasText: 'Personal vault.hocon' }).nth(1).waitFor();
    await page.mouse.move(1300, 880);
    await vault.workbench!.screenshot('vault-text-beside');
    // back to the vault editor alone for the next test
    await runCommand(page, 'View: Close Editor');
    await page.locator('.tab', { hasText: 'Personal vault.hocon' }).first().click();
    await vaultFrame(page).locator('tr[data-path="sdk.aws.s3.region"]').waitFor();
  });

  it('keeps the last good preview, marked stale, while the text does not parse', async () => {
    const { page } = vault.workbench!;
    const frame = vaultFrame(page);
    await frame.locator('details.source summary').click();
    const area = frame.locator('#source-text');
    await area.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nsdk.broken: "no closing quote\n');
    await frame.locator('.banner[data-code="stale"]').waitFor();
    const problem = frame.locator('.problem.error').first();
    await problem.waitFor();
    assert.match(await problem.innerText(), /Line 22, column \d+/);
    // The last good rows are still there.
    await frame.locator('tr[data-path="sdk.aws.s3.region"]').waitFor();
    // The edit went into the TextDocument: the tab shows it dirty.
    await page.locator('.tab.dirty', { hasText: 'Personal vault.hocon' }).waitFor();
    // Problems panel lists the parse error too.
    await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    await page.locator('.markers-panel .monaco-list-row', { hasText: /unclosed string|closing/i }).first().waitFor();
    // Typing at the end of the source area scrolled the page: back to the top for the picture.
    await frame.locator('body').evaluate('document.scrollingElement.scrollTop = 0');
    await page.mouse.move(1300, 880);
    await vault.workbench!.screenshot('vault-invalid');
  });
});

describe('vault e2e: dark theme', () => {
  const vault = useVaultWorkbench('clearml-e2e-vault-dark-', { after: ['sdk.aws.s3.region: "us-east-1"', 'agent.cuda_version: "11.8"'] }, 'Default Dark Modern');

  it('shows overrides, an agent-protected key and its warning in the dark theme', async () => {
    const { page } = vault.workbench!;
    await signInAndOpenPersonalVault(page);
    const frame = vaultFrame(page);
    await frame.locator('tr[data-path="sdk.aws.s3.region"]').waitFor();
    // Type an agent-protected key into the source area: the agent ignores it, the preview says so.
    await frame.locator('details.source summary').click();
    await frame.locator('#source-text').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('agent.cuda_version: "12.4"\n');
    const row = frame.locator('tr[data-path="agent.cuda_version"]');
    await row.waitFor();
    assert.match(await row.innerText(), /agent ignores/);
    await frame.locator('.banner[data-code="agent-protected"]').waitFor();
    await frame.locator('body').evaluate('document.scrollingElement.scrollTop = 0');
    await page.mouse.move(1300, 880);
    await vault.workbench!.screenshot('vault-dark');
  });
});
