/**
 * clearml.conf as a language in the real VS Code UI (issue 20), with the packaged .vsix in code-server:
 * a misspelt key is squiggled and listed in Problems at its line, and its quick fix renames it; a hover over a key
 * that an environment variable overrides names the variable and the value the SDK uses, and shows no secret;
 * completion inside an S3 credentials entry offers the entry's fields. An nginx.conf in the same window is left alone.
 * Screenshots: test-results/screenshots/language-*.png.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { refusedUrl } from '../unit/setup-check/scenarios';
import { runCommand, SCREENSHOT_DIR, startWorkbench, type Workbench } from './harness';

/** Secrets the window knows: in the file and in the environment. No hover may show either. */
const FILE_SECRET = 'file-secret-e2e-9f3c2b71d4';
const ENV_SECRET = 'env-secret-e2e-5d8a0c6e2f';

/** clearml.conf as written: line 2 (0-based 1) holds the typo `api_sever`. */
const CONF_LINES = [
  'api {',
  '    api_sever: "http://127.0.0.1:8008"',
  '    web_server: "http://127.0.0.1:8080"',
  '    files_server: "http://127.0.0.1:8081"',
  `    credentials { access_key: "E2EACCESSKEY01", secret_key: "${FILE_SECRET}" }`,
  '}',
  '',
];

/** An nginx configuration: as HOCON it would be full of unknown keys and parse errors. */
const NGINX = [
  'worker_processes auto;',
  'events { worker_connections 1024; }',
  'http {',
  '    server { listen 80; server_name example.test; location / { return 200 "ok"; } }',
  '}',
  '',
].join('\n');

/** Opens a file of the folder with Quick Open (Ctrl+P) and waits until its editor has the focus. */
async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input.input').fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/\./g, '\\.')}$`) }) }).first().click();
  await page.locator('.tab.active', { hasText: name }).waitFor();
  await page.locator('.editor-group-container.active .monaco-editor.focused').waitFor();
}

/** The caret to a 1-based line and column, with Go to Line (Ctrl+G accepts "line:column"). */
async function goTo(page: Page, line: number, column: number): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor();
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).waitFor();
}

/** The editor's hover (not the workbench's hovers, e.g. over a Problems row). */
function editorHover(page: Page, title: string): Locator {
  return page.locator('.monaco-hover:not(.hidden):not(.workbench-hover)', { hasText: title });
}

/** Rows of the Problems panel (file rows and marker rows). */
function problemRows(page: Page): Locator {
  return page.locator('.markers-panel .monaco-list-row');
}

/** The squiggle decorations (warning or error) on the editor's view line that shows `text`. */
async function squigglesOnLineOf(page: Page, text: string): Promise<number> {
  // Decorations live in an overlay layer beside the text: match them to the line by their vertical position.
  return page.evaluate(`(() => {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor');
    const line = [...editor.querySelectorAll('.view-lines .view-line')].find((l) => l.textContent.includes(${JSON.stringify(text)}));
    if (!line) return -1;
    const top = line.style.top;
    return [...editor.querySelectorAll('.view-overlays > div')].filter((d) => d.style.top === top && d.querySelector('.squiggly-warning, .squiggly-error')).length;
  })()`);
}

describe('language e2e: clearml.conf as a language in the real UI', () => {
  let folder: string;
  let home: string;
  let apiHost: string;
  let workbench: Workbench | undefined;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'clearml-e2e-language-'));
    home = mkdtempSync(join(tmpdir(), 'clearml-e2e-language-home-'));
    writeFileSync(join(folder, 'clearml.conf'), CONF_LINES.join('\n'));
    writeFileSync(join(folder, 'nginx.conf'), NGINX);
    // A port nothing listens on: the extension's first-start Setup Check fails fast instead of reaching anywhere.
    apiHost = await refusedUrl();
    workbench = await startWorkbench({
      folder,
      env: {
        HOME: home,
        CLEARML_CONFIG_FILE: join(folder, 'clearml.conf'),
        CLEARML_API_HOST: apiHost,
        CLEARML_API_SECRET_KEY: ENV_SECRET,
      },
      settings: { 'files.autoSave': 'off' },
      viewport: { width: 1400, height: 900 },
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.screenshot(`failed-language-${this.currentTest.title.slice(0, 40)}`);
  });

  after(async () => {
    await workbench?.close();
    rmSync(folder, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it('a typo is squiggled and listed in Problems at its line; the quick fix renames it and the entry goes', async () => {
    const { page } = workbench!;
    // nginx.conf first: by the time clearml.conf's findings show, the extension has seen nginx.conf open.
    await openFile(page, 'nginx.conf');
    await openFile(page, 'clearml.conf');
    await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    const typoEntry = problemRows(page).filter({ hasText: /"api_sever" is not a key of api[\s\S]*Did you mean "api_server"/ });
    await typoEntry.waitFor();
    assert.match(await typoEntry.innerText(), /\[Ln 2, Col 5\]/);
    await page.locator('.editor-group-container.active .monaco-editor .squiggly-warning').first().waitFor();
    assert.equal(await squigglesOnLineOf(page, 'api_sever'), 1, 'one squiggle, on the line of the typo');

    // The nginx.conf beside it: no Problems entry, and it is not read as HOCON.
    assert.equal(await problemRows(page).filter({ hasText: 'nginx.conf' }).count(), 0, 'nginx.conf has Problems entries');

    // A click on the entry selects the key (9 characters on line 2).
    await typoEntry.click();
    await page.locator('.statusbar-item', { hasText: /Ln 2, Col 14 \(9 selected\)/ }).waitFor();
    // The caret into the key, from Go to Line so the editor has the focus. The light bulb shows once VS Code has the
    // code actions at the caret; its autofix icon says one is preferred. Ctrl+. pressed before that could be answered
    // "No code actions available" (seen once in 11 runs).
    await goTo(page, 2, 7);
    await page.locator('.editor-group-container.active [class*="codicon-lightbulb"][class*="autofix"]').first().waitFor();
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Rename to api_server' });
    await fix.waitFor();
    // The menu blocks the mouse until it closes: the preferred fix is focused, Enter applies it.
    assert.match((await fix.getAttribute('class')) ?? '', /\bfocused\b/, 'the rename is not the preferred fix');
    await workbench!.screenshot('language-typo-quick-fix');
    await page.keyboard.press('Enter');

    await page.locator('.editor-group-container.active .view-line', { hasText: 'api_server: "http://127.0.0.1:8008"' }).waitFor();
    await typoEntry.waitFor({ state: 'detached' });
    assert.equal(await page.locator('.editor-group-container.active .view-line', { hasText: 'api_sever' }).count(), 0);
    assert.equal(await squigglesOnLineOf(page, 'api_server'), 0, 'the squiggle is gone with the typo');
    await page.locator('.markers-panel .message-box-container, .markers-panel', { hasText: /No problems have been detected/ }).first().waitFor();
    await workbench!.screenshot('language-typo-fixed');
  });

  it('nginx.conf in the same window is not a clearml.conf: no Problems entry, not HOCON', async () => {
    const { page } = workbench!;
    await openFile(page, 'nginx.conf');
    assert.equal(await problemRows(page).filter({ hasText: 'nginx.conf' }).count(), 0);
    const language = page.locator('.statusbar-item[id="status.editor.mode"]');
    await language.waitFor();
    assert.doesNotMatch(await language.innerText(), /HOCON/i);
    await openFile(page, 'clearml.conf');
  });

  it('a hover over a key CLEARML_API_HOST overrides names the variable and the effective value, and no secret', async () => {
    const { page } = workbench!;
    await page.mouse.move(1390, 450); // no workbench hover under the mouse
    await goTo(page, 2, 7);
    await runCommand(page, 'Show or Focus Hover');
    const hover = editorHover(page, 'api.api_server');
    await hover.waitFor();
    await hover.getByText(/Effective value/).waitFor();
    const text = await hover.innerText();
    assert.match(text, /CLEARML_API_HOST/);
    assert.match(text, new RegExp(`Effective value:?\\s*${apiHost.replace(/[.:/]/g, '\\$&')}\\s*from environment variable CLEARML_API_HOST`));
    for (const secret of [FILE_SECRET, ENV_SECRET]) assert.ok(!text.includes(secret), 'a secret in the hover');
    // The hover fades in again when its content is re-rendered: the picture is taken with finite animations finished.
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'language-hover-env-override.png'), animations: 'disabled' });
    await page.keyboard.press('Escape');
    await hover.waitFor({ state: 'hidden' });

    // The secret key, overridden by CLEARML_API_SECRET_KEY: the hover names the variable, never a value.
    await goTo(page, 5, 50);
    await runCommand(page, 'Show or Focus Hover');
    const secretHover = editorHover(page, 'api.credentials.secret_key');
    await secretHover.waitFor();
    const secretText = await secretHover.innerText();
    assert.match(secretText, /CLEARML_API_SECRET_KEY/);
    for (const secret of [FILE_SECRET, ENV_SECRET]) assert.ok(!secretText.includes(secret), 'a secret in the hover');
    await page.keyboard.press('Escape');
    await secretHover.waitFor({ state: 'hidden' });
  });

  it('completion inside an S3 credentials entry offers the entry\'s fields', async () => {
    const { page } = workbench!;
    await page.keyboard.press('Control+End');
    // insertText: one input event, so no auto-closing of each bracket as it is typed.
    await page.keyboard.insertText('sdk { aws { s3 { credentials: [ {  } ] } } }');
    await page.locator('.statusbar-item', { hasText: 'Ln 7, Col 45' }).waitFor();
    for (let i = 0; i < ' } ] } } }'.length; i++) await page.keyboard.press('ArrowLeft');
    await page.locator('.statusbar-item', { hasText: 'Ln 7, Col 35' }).waitFor();
    await page.mouse.move(1390, 450); // no tab tooltip in the picture
    await page.keyboard.press('Control+Space');
    const widget = page.locator('.editor-widget.suggest-widget.visible');
    await widget.waitFor();
    const labels = async () => widget.locator('.monaco-list-row .label-name').allInnerTexts();
    await widget.locator('.monaco-list-row', { hasText: 'bucket' }).first().waitFor();
    const shown = await labels();
    for (const field of ['bucket', 'key', 'secret', 'region', 'host', 'secure']) assert.ok(shown.includes(field), `"${field}" is not offered; shown: ${shown.join(', ')}`);
    // Keys of other sections are not offered inside an entry.
    for (const other of ['api_server', 'default_output_uri', 'credentials']) assert.ok(!shown.includes(other), `"${other}" offered inside an S3 entry`);
    await workbench!.screenshot('language-completion-s3-entry');
    await page.keyboard.press('Escape');
  });
});
