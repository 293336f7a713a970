/**
 * UI end-to-end harness: a real VS Code (code-server) with the packaged .vsix installed, driven by Playwright in
 * Debian's Chromium. Used by test/e2e/*.e2e.ts (mocha in plain Node, run by scripts/run-e2e.mjs).
 * Every start makes unique temp dirs and uses OS-chosen ports; close() ends the browser and the whole
 * code-server process group.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, REPO_ROOT, requireChromium, startCodeServer, stopProcessGroup, type CodeServer } from '../support/code-server';

export { REPO_ROOT };
export const DEFAULT_VSIX = join(REPO_ROOT, 'clearml-settings.vsix');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');

export interface WorkbenchOptions {
  /** Packaged extension to install; default clearml-settings.vsix at the repo root (run-e2e.mjs builds it). */
  vsix?: string;
  /** Other packaged extensions to install beside it. */
  alsoInstall?: string[];
  /** Environment of code-server, inherited by the extension host (e.g. CLEARML_CONFIG_FILE). */
  env?: Record<string, string>;
  /** User settings merged over the quiet defaults. */
  settings?: Record<string, unknown>;
  /** Folder to open; default a fresh one. */
  folder?: string;
  /** e.g. 'Default Light Modern', 'Default High Contrast'. */
  colorTheme?: string;
  viewport?: { width: number; height: number };
}

export interface Workbench {
  page: Page;
  context: BrowserContext;
  /** URL of the workbench opened on the folder. */
  url: string;
  server: CodeServer;
  /** Saves test-results/screenshots/<name>.png and returns the path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const executablePath = requireChromium();
  const settings = { ...options.settings, ...(options.colorTheme ? { 'workbench.colorTheme': options.colorTheme } : {}) };
  const server = await startCodeServer({ vsix: [options.vsix ?? DEFAULT_VSIX, ...(options.alsoInstall ?? [])], env: options.env, settings, folder: options.folder });
  const profile = mkdtempSync(join(tmpdir(), 'clearml-chromium-'));
  let context: BrowserContext | undefined;
  const close = async () => {
    await context?.close().catch(() => undefined);
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    // Playwright refuses --user-data-dir in args; a persistent context gets a fresh profile dir instead.
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      viewport: options.viewport ?? { width: 1280, height: 800 },
      args: CHROMIUM_ARGS,
    });
    const page = context.pages()[0] ?? await context.newPage();
    page.setDefaultTimeout(30_000);
    // The first load parses the whole workbench; on a loaded 2-core machine that alone has taken over 30 s.
    await page.goto(server.folderUrl, { timeout: 120_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    // The view container appears in the activity bar once the installed extension has been scanned.
    await activityBarItem(page).waitFor();
    return {
      page,
      context,
      url: server.folderUrl,
      server,
      screenshot: (name) => screenshot(page, name),
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path });
  return path;
}

function activityBarItem(page: Page): Locator {
  return page.locator('.activitybar .action-item:has(a[aria-label^="ClearML"])');
}

/** Shows the ClearML side bar (without toggling it closed when it is already shown) and returns its view pane. */
export async function openClearMLView(page: Page): Promise<Locator> {
  const item = activityBarItem(page);
  const sidebar = page.locator('.part.sidebar', { has: page.locator('.composite.title', { hasText: /ClearML/i }) });
  // The item can read as checked while the side bar is hidden, and a window still restoring its layout can hide the
  // side bar again right after a click: look again and click again, a few times.
  for (let attempt = 1; ; attempt++) {
    const checked = ((await item.getAttribute('class')) ?? '').split(/\s+/).includes('checked');
    if (!checked || !(await sidebar.isVisible())) {
      await item.locator('a').click();
      await moveMouseAway(page); // else the item's hover label lingers in screenshots
    }
    try {
      await sidebar.waitFor({ timeout: 10_000 });
      break;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
  // The explorer's own pane: the Setup Check view beside it names the same people and hosts.
  return sidebar.locator('.pane').filter({ hasNot: page.locator('.pane-header', { hasText: 'Setup Check' }) });
}

async function moveMouseAway(page: Page): Promise<void> {
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.mouse.move(size.width - 2, size.height / 2);
}

/**
 * Runs a command through the command palette (F1) by its full title, e.g. "ClearML: Sign In". Commands whose palette
 * entry depends on a context key set during activation need the extension active first (e.g. openClearMLView).
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor();
  await input.fill(`>${title}`);
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: exact }) }).first();
  try {
    await row.waitFor();
  } catch {
    const shown = await page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts();
    await page.keyboard.press('Escape'); // leave the palette closed for the next step
    throw new Error(`"${title}" is not in the command palette (hidden by a menus.commandPalette "when" clause, or the ` +
      `extension has not activated yet?). It shows: ${shown.length ? shown.join(' | ') : 'nothing'}`);
  }
  await row.click();
}

export interface LocalClearMLServer {
  /** API server URL, e.g. http://127.0.0.1:43121 */
  url: string;
  /** Everything the CLI printed so far (for failure messages). */
  output(): string;
  close(): Promise<void>;
}

/**
 * Starts the project's local ClearML API server (out/server/cli.js, built by tsc) as a separate process on a free
 * port and resolves with the URL it prints. For UI tests, where the extension runs in code-server's extension host.
 */
export async function startLocalClearMLServer(options: {
  edition?: 'opensource' | 'enterprise' | 'hosted';
  seed?: 'demo' | 'empty';
  /** Persist state here (default: in memory). */
  dataFile?: string;
  /** Turns on the server's test-control endpoints (fault injection). */
  enableTestControl?: boolean;
} = {}): Promise<LocalClearMLServer> {
  // --quiet: the per-request log would only grow in memory here.
  const args = [join(REPO_ROOT, 'out', 'server', 'cli.js'), '--port', '0', '--host', '127.0.0.1', '--quiet',
    '--edition', options.edition ?? 'hosted', '--seed', options.seed ?? 'demo',
    ...(options.dataFile ? ['--data', options.dataFile] : []),
    ...(options.enableTestControl ? ['--enable-test-control'] : [])];
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = () => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ } };
  process.once('exit', killOnExit); // last resort if the test process dies before close()
  const close = async () => { process.removeListener('exit', killOnExit); await stopProcessGroup(child); };
  let output = '';
  try {
    const url = await new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`local ClearML server printed no URL within 15 s:\n${output}`)), 15_000);
      const onData = (d: Buffer) => {
        output += d.toString();
        const m = /listening on (https?:\/\/\S+)/.exec(output);
        if (m) { clearTimeout(timer); ok(m[1]); }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('error', (e) => { clearTimeout(timer); fail(e); });
      child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`local ClearML server exited with ${code}:\n${output}`)); });
    });
    return { url, output: () => output, close };
  } catch (e) {
    await close();
    throw e;
  }
}
