/**
 * The "Get Started with ClearML" walkthrough: every step completes by a context key the extension sets when the user
 * has done that step (signed in, ran the Setup Check, opened clearml.conf, opened the storage panel), and the
 * walkthrough opens once after install.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunningServer } from '../../server/index';
import { DEMO, harness, resetAccounts, server, signIn, type Harness } from './accountsFixture';
import { tmpDir, waitFor } from './helpers';

interface WalkthroughStepManifest { id: string; media: { markdown?: string }; completionEvents: string[] }
interface Manifest { publisher: string; name: string; contributes: { walkthroughs: { id: string; steps: WalkthroughStepManifest[] }[] } }

const ROOT = path.resolve(__dirname, '..', '..', '..');
const manifest = (): Manifest => JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

describe('getting-started walkthrough', function () {
  this.timeout(60_000);
  let h: Harness;
  let srv: RunningServer;
  const savedConfigFile = process.env.CLEARML_CONFIG_FILE;
  const completed = () => h.api.testing.walkthrough.completed();
  const stepDone = (step: string) => waitFor(() => completed().includes(step as never), { message: `walkthrough step ${step}; done: ${completed().join(', ')}` });

  before(async () => {
    h = await harness();
    srv = await server('hosted');
  });
  beforeEach(async () => {
    await resetAccounts(h);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    h.api.testing.walkthrough.reset();
  });
  after(async () => {
    if (savedConfigFile === undefined) delete process.env.CLEARML_CONFIG_FILE; else process.env.CLEARML_CONFIG_FILE = savedConfigFile;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await resetAccounts(h);
    await srv.close();
  });

  it('contributes five steps, each completed by its own context key and explained by a Markdown file that exists', () => {
    const walkthrough = manifest().contributes.walkthroughs.find((w) => w.id === 'clearml.gettingStarted');
    assert.ok(walkthrough, 'the walkthrough clearml.gettingStarted is contributed');
    assert.deepEqual(walkthrough.steps.map((s) => s.completionEvents), [
      ['onContext:clearml.walkthrough.setupFound'], ['onContext:clearml.walkthrough.signedIn'], ['onContext:clearml.walkthrough.setupChecked'],
      ['onContext:clearml.walkthrough.confOpened'], ['onContext:clearml.walkthrough.vaultOrStorageOpened'],
    ]);
    for (const step of walkthrough.steps) assert.ok(step.media.markdown && fs.existsSync(path.join(ROOT, step.media.markdown)), `${step.id}: ${step.media.markdown}`);
  });

  it('finding a setup, then signing in, completes the first two steps', async () => {
    const dir = tmpDir('clearml-walkthrough-');
    process.env.CLEARML_CONFIG_FILE = path.join(dir, 'clearml.conf');
    await h.api.testing.walkthrough.recheck();
    assert.deepEqual(completed(), [], 'no clearml.conf and not signed in: nothing is done yet');

    fs.writeFileSync(process.env.CLEARML_CONFIG_FILE, `api {\n  api_server: "${srv.url}"\n  credentials { access_key: "${DEMO.signIn.accessKey}", secret_key: "${DEMO.signIn.secretKey}" }\n}\n`);
    await h.api.testing.walkthrough.recheck();
    assert.deepEqual(completed(), ['setupFound']);

    await signIn(srv.url);
    await stepDone('signedIn');
  });

  it('running the Setup Check completes its step', async () => {
    assert.ok(!completed().includes('setupChecked'));
    const report = await vscode.commands.executeCommand('clearml.setupCheck.runAgain');
    assert.ok(report, 'the setup check produced a report');
    await stepDone('setupChecked');
  });

  it('"Open clearml.conf" opens the file the SDK reads and completes its step', async () => {
    const dir = tmpDir('clearml-walkthrough-');
    process.env.CLEARML_CONFIG_FILE = path.join(dir, 'clearml.conf');
    fs.writeFileSync(process.env.CLEARML_CONFIG_FILE, 'api { api_server: "http://127.0.0.1:8008" }\n');
    assert.ok(!completed().includes('confOpened'));
    await vscode.commands.executeCommand('clearml.walkthrough.openConfFile');
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, process.env.CLEARML_CONFIG_FILE);
    await stepDone('confOpened');
  });

  it('opening the storage credentials panel completes the last step', async () => {
    assert.ok(!completed().includes('vaultOrStorageOpened'));
    await vscode.commands.executeCommand('clearml.openStorageCredentials');
    await stepDone('vaultOrStorageOpened');
  });

  it('opens on the first run only', async () => {
    const state = new Map<string, unknown>();
    const memento = { get: (k: string) => state.get(k), update: (k: string, v: unknown) => { state.set(k, v); return Promise.resolve(); }, keys: () => [...state.keys()] } as unknown as vscode.Memento;
    let opened = 0;
    const open = () => { opened += 1; return Promise.resolve(); };
    assert.equal(await h.api.testing.walkthrough.openWalkthroughOnFirstRun(memento, open), true);
    assert.equal(await h.api.testing.walkthrough.openWalkthroughOnFirstRun(memento, open), false);
    assert.equal(opened, 1);
  });

  it('the walkthrough command opens this extension\'s walkthrough (the id VS Code knows)', async () => {
    const { publisher, name } = manifest();
    const extension = vscode.extensions.getExtension(`${publisher}.${name}`);
    assert.ok(extension, 'the walkthrough id starts with the extension id');
    await vscode.commands.executeCommand('clearml.walkthrough.open');
    await waitFor(() => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => /ClearML|Welcome|Walkthrough/i.test(t.label))), { message: 'a walkthrough tab' });
  });
});
