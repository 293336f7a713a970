/**
 * A code-server workbench for the vault editor, shared by the vault UI tests and the keystroke → preview benchmark:
 * the local enterprise server, a clearml.conf whose `api` section signs in to it with the demo credentials, and the
 * workbench started on that file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { DEMO } from '../../server/demo';
import { openClearMLView, runCommand, startLocalClearMLServer, startWorkbench, type LocalClearMLServer, type Workbench } from './harness';

export interface VaultWorkbench {
  server: LocalClearMLServer;
  home: string;
  workbench: Workbench;
  close(): Promise<void>;
}

export interface VaultWorkbenchOptions {
  /** clearml.conf lines before and after the `api` section. */
  before?: string[];
  after: string[];
  colorTheme?: string;
  /** User settings; auto save is off unless set here (the web default would save broken text mid-test). */
  settings?: Record<string, unknown>;
  /** The local server's test-control endpoints (counters). */
  enableTestControl?: boolean;
}

export async function startVaultWorkbench(homePrefix: string, options: VaultWorkbenchOptions): Promise<VaultWorkbench> {
  const server = await startLocalClearMLServer({ edition: 'enterprise', enableTestControl: options.enableTestControl });
  const home = mkdtempSync(join(tmpdir(), homePrefix));
  const cleanup = async () => { await server.close(); rmSync(home, { recursive: true, force: true }); };
  try {
    writeFileSync(join(home, 'clearml.conf'), [
      ...(options.before ?? []),
      'api {',
      `    api_server: ${server.url}`,
      `    web_server: ${server.url}`,
      `    credentials {"access_key": "${DEMO.signIn.accessKey}", "secret_key": "${DEMO.signIn.secretKey}"}`,
      '}',
      ...options.after,
      '',
    ].join('\n'));
    const workbench = await startWorkbench({
      colorTheme: options.colorTheme,
      env: { CLEARML_CONFIG_FILE: join(home, 'clearml.conf') },
      settings: { 'files.autoSave': 'off', ...options.settings },
      viewport: { width: 1360, height: 900 },
    });
    return { server, home, workbench, close: async () => { await workbench.close(); await cleanup(); } };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

/** The vault editor's page inside its webview frames. */
export function vaultFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** Signs in from the clearml.conf (the sidebar's "Use Existing Setup") and opens the personal vault from the palette. */
export async function signInAndOpenPersonalVault(page: Page): Promise<void> {
  const sidebar = await openClearMLView(page);
  await sidebar.getByRole('button', { name: 'Use Existing Setup' }).click();
  await page.locator('.notifications-toasts', { hasText: 'Signed in' }).waitFor();
  await runCommand(page, 'ClearML: Open Configuration Vault');
  const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Personal vault' }).first();
  await pick.waitFor();
  await pick.click();
}

/** POST /__test/<action> on a server started with test control. */
export async function serverControl<T>(server: LocalClearMLServer, action: string, body: unknown = {}): Promise<T> {
  const res = await fetch(`${server.url}/__test/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`/__test/${action}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
