/**
 * Names and messages from the server are data: a workspace owner, a fellow member or a hostile server can put
 * `[text](command:…)` into a workspace name, a user name, a credential label, a vault name or an error's
 * result_msg. Every message the extension shows is checked against the link syntax VS Code renders, and so is
 * every other surface the names reach (progress, quick picks, input boxes, tree items, the status bar), as the
 * surfaces seam (src/extension/ui.ts, surfaces.ts) recorded what it handed to VS Code.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunningServer } from '../../server/index';
import { HOSTILE, renderedLinks } from '../support/notificationLinks';
import type { StorageTesting } from '../../src/extension/storage';
import * as progressSeam from '../../src/extension/ui';
import type { SurfaceRecord } from '../../src/extension/ui';
import type { SafeText } from '../../src/extension/safeText';
import { DEMO, harness, resetAccounts, server, signIn, textOf, type Harness } from './accountsFixture';
import { tmpDir } from './helpers';

/**
 * One name carrying every form a surface could render: two links (command and web), an icon, an autolink and a
 * right-to-left override.
 */
const EVERY_FORM = (what: string) => `${HOSTILE(what)} $(alert) <command:workbench.action.reloadWindow> [help](https://evil.example/login) \u202eexe.txt`;

/** What would render as a link, icon, autolink or reordering in text a surface shows (the extension's own icon aside). */
function renderedSyntax(record: SurfaceRecord): string[] {
  const text = record.surface === 'statusBar' ? record.text.replace(/^\$\((cloud|error)\) /, '') : record.text;
  return [
    ...renderedLinks(text),
    // A link needs `](` adjacent, an icon `$(`, an autolink `<scheme:` (Markdown surfaces), as VS Code parses them.
    ...[/\]\((?:command|https?|file):/gi, /\$\([a-z-]+\)/gi, /<[a-z][a-z0-9+.-]*:/gi].flatMap((re) => [...text.matchAll(re)].map((m) => m[0])),
    ...(/[\u202a-\u202e\u2066-\u2069]/.test(text) ? ['bidi override'] : []),
  ].map((found) => `${record.surface}: ${found} in ${text}`);
}

const OWN = DEMO.workspaces.own;
const VISION = DEMO.workspaces.vision;

describe('server text never becomes a link in a message', function () {
  this.timeout(60_000);
  let h: Harness;
  let hosted: RunningServer;

  /** Every message shown so far, with the links VS Code would render in it. */
  const shownLinks = () => h.prompts.messages().flatMap((p) => renderedLinks(textOf(p)).map((href) => `${href} in: ${textOf(p)}`));

  before(async () => {
    h = await harness();
    hosted = await server('hosted');
    const data = hosted.state.data;
    data.users[DEMO.user.id].name = EVERY_FORM('user');
    data.companies[OWN.id].name = EVERY_FORM('workspace');
    data.companies[VISION.id].name = EVERY_FORM('vision');
    const key = data.credentials.find((c) => c.accessKey === DEMO.signIn.accessKey);
    assert.ok(key);
    key.label = EVERY_FORM('label');
    const vault = data.vaults.find((v) => v.id === DEMO.vault.id);
    assert.ok(vault);
    vault.description = EVERY_FORM('vault');
  });
  after(async () => {
    await resetAccounts(h);
    await hosted.close();
  });
  beforeEach(() => resetAccounts(h));
  afterEach(() => {
    h.api.testing.ui.reset();
    hosted.faults.clear();
  });

  it('the sign-in toast names the hostile user and workspace as text', async () => {
    h.prompts.answer(
      { kind: 'inputBox', match: /API server URL/, answer: hosted.url },
      { kind: 'inputBox', match: /Access key/, answer: DEMO.signIn.accessKey },
      { kind: 'inputBox', match: /Secret key/, answer: DEMO.signIn.secretKey },
    );
    await vscode.commands.executeCommand('clearml.signIn');
    const toast = h.prompts.messages('info').find((m) => /Signed in to/.test(m.message));
    assert.ok(toast, 'the sign-in toast was shown');
    assert.match(toast.message, /workspace - session expired/, 'the name is still shown');
    assert.deepEqual(shownLinks(), []);
    const status = h.testing.statusBar().text;
    assert.match(status, /workspace - session expired/);
    assert.ok(!/\]\(|\$\(/.test(status.replace(/^\$\(cloud\) /, '')), `no link or icon syntax from the name in the status bar: ${status}`);
  });

  it('workspace messages: already active, rename refused, leave confirmation, rename failing with a hostile result_msg', async () => {
    await signIn(hosted.url);
    const workspaces = await h.testing.model.children((await h.testing.model.children()).find((n) => n.kind === 'workspaces'));
    const own = workspaces.find((w) => w.workspaceId === OWN.id);
    const vision = workspaces.find((w) => w.workspaceId === VISION.id);
    assert.ok(own && vision);
    hosted.faults.set('organization.rename_company', { error: { code: 400, subcode: 0, message: HOSTILE('result_msg') }, times: 1 });
    h.prompts.answer({ kind: 'message', match: /Leave workspace/, answer: undefined }, { kind: 'inputBox', match: /Rename/, answer: 'Jane Labs' });
    await vscode.commands.executeCommand('clearml.switchWorkspace', own);
    await vscode.commands.executeCommand('clearml.renameWorkspace', vision);
    await vscode.commands.executeCommand('clearml.leaveWorkspace', vision);
    await vscode.commands.executeCommand('clearml.renameWorkspace', own);
    const kinds = h.prompts.messages().map((m) => `${m.severity}:${m.message.slice(0, 30)}`);
    assert.equal(h.prompts.messages().length, 4, `four messages: ${kinds.join(' | ')}`);
    assert.ok(h.prompts.messages('error').some((m) => /result_msg - session expired/.test(m.message)), 'the server message is shown');
    assert.deepEqual(shownLinks(), []);
  });

  it('credential label: revoke confirmation and a failing label edit; sign-out confirmation with the user name', async () => {
    await signIn(hosted.url);
    const credential = { kind: 'credential', accessKey: DEMO.signIn.accessKey, credentialLabel: EVERY_FORM('label') };
    h.prompts.answer({ kind: 'inputBox', match: /Edit label/, answer: 'laptop' });
    hosted.faults.set('auth.edit_credentials', { error: { code: 500, message: HOSTILE('edit failed') }, times: 1 });
    await vscode.commands.executeCommand('clearml.editCredentialLabel', credential);
    await vscode.commands.executeCommand('clearml.revokeCredentials', credential);
    await vscode.commands.executeCommand('clearml.signOut');
    const texts = h.prompts.messages().map((m) => m.message);
    assert.ok(texts.some((t) => /edit failed - session expired/.test(t)), `label edit failure shown: ${texts.join(' | ')}`);
    assert.ok(texts.some((t) => /Revoke .*label - session expired/.test(t)), 'revoke confirmation names the label');
    assert.ok(texts.some((t) => /Sign out of .*user - session expired/.test(t)), 'sign-out confirmation names the profile');
    assert.deepEqual(shownLinks(), []);
  });

  it('vault name: the push confirmation names the hostile server vault as text', async () => {
    await signIn(hosted.url);
    const file = path.join(tmpDir(), 'team.vault.conf');
    fs.writeFileSync(file, 'sdk { a: 1 }\n');
    h.prompts.answer({ kind: 'quickPick', match: /Push team\.vault\.conf/, answer: EVERY_FORM('vault') });
    await vscode.commands.executeCommand('clearml.vault.push', vscode.Uri.file(file));
    const confirm = h.prompts.messages('warning').find((m) => /Replace the server vault/.test(m.message));
    assert.ok(confirm, `push asked to replace the vault; seen: ${h.prompts.seen.map(textOf).join(' | ')}`);
    assert.match(confirm.message, /vault - session expired/);
    assert.deepEqual(shownLinks(), []);
  });

  it('every other surface shows hostile names as text: progress, quick picks, input boxes, tree items, status bar, storage access tests', async function () {
    this.timeout(120_000);
    const ui = h.api.testing.ui;
    ui.recordSurfaces(true);
    await signIn(hosted.url);
    // Tree: five levels (profile; workspaces with the hostile names; their members, and credentials with the label).
    const model = h.testing.model;
    const nodes = [];
    let level = await model.children();
    for (let depth = 0; depth < 5; depth++) {
      nodes.push(...level);
      level = (await Promise.all(level.map((n) => model.children(n).catch(() => [])))).flat();
    }
    for (const node of nodes) h.testing.treeItem(node);
    const vision = nodes.find((n) => n.workspaceId === VISION.id);
    const own = nodes.find((n) => n.workspaceId === OWN.id);
    assert.ok(vision && own, `both workspaces are in the tree: ${nodes.map((n) => n.label).join(' | ')}`);

    // Workspaces: no key for Vision (a quick pick names it), leaving it (progress names it; the server refuses),
    // renaming the own one (an input box names it), the pickers list them.
    hosted.faults.set('login.leave_company', { error: { code: 400, subcode: 0, message: 'not now' }, times: 1 });
    h.prompts.answer({ kind: 'message', match: /Leave workspace/, answer: 'Leave Workspace' });
    await vscode.commands.executeCommand('clearml.switchWorkspace', vision);
    await vscode.commands.executeCommand('clearml.leaveWorkspace', vision);
    await vscode.commands.executeCommand('clearml.renameWorkspace', own);
    await vscode.commands.executeCommand('clearml.switchWorkspace');
    // Credentials and vaults: pickers list the hostile label and vault name.
    await vscode.commands.executeCommand('clearml.editCredentialLabel');
    await vscode.commands.executeCommand('clearml.vault.open');

    // Storage: a bucket entry (in the server vault, whose list replaces clearml.conf's) and a typed address with
    // the hostile forms, each tested against a closed port.
    const storage = h.api.testing.storage as StorageTesting;
    const vault = hosted.state.data.vaults.find((v) => v.id === DEMO.vault.id);
    assert.ok(vault);
    vault.data = `sdk.aws.s3.credentials: [{ bucket: "${EVERY_FORM('bucket')}", host: "127.0.0.1:1", key: "k", secret: "s", secure: false }]\n`;
    const dir = tmpDir();
    const conf = path.join(dir, 'clearml.conf');
    fs.writeFileSync(conf, '# empty\n');
    storage.setHost({ env: { CLEARML_CONFIG_FILE: conf }, homedir: dir });
    try {
      await storage.postFromWebview({ type: 'refresh' });
      const listed = storage.sent().filter((m) => m.type === 'state').pop();
      const entry = listed?.type === 'state' ? listed.entries.find((e) => JSON.stringify(e).includes('bucket - session expired')) : undefined;
      assert.ok(entry, `the hostile bucket entry is listed: ${JSON.stringify(listed)}`);
      await storage.postFromWebview({ type: 'testEntry', provider: entry.provider, index: entry.index });
      await storage.postFromWebview({ type: 'testUri', uri: `s3://127.0.0.1:1/${EVERY_FORM('address')}/x` });
    } finally {
      storage.setHost(undefined);
    }

    const records = ui.surfaces();
    // The names did reach each surface (the check below is not vacuous) ...
    const reached = (surface: SurfaceRecord['surface'], what: string) =>
      assert.ok(records.some((r) => r.surface === surface && r.text.includes(`${what} - session expired`)), `${what} reached the ${surface}: ${records.filter((r) => r.surface === surface).map((r) => r.text).join(' | ')}`);
    reached('treeItem', 'workspace');
    reached('treeItem', 'vision');
    reached('treeItem', 'user');
    reached('treeItem', 'label');
    reached('statusBar', 'workspace');
    reached('quickPick', 'vision');
    reached('quickPick', 'label');
    reached('quickPick', 'vault');
    reached('inputBox', 'workspace');
    reached('progress', 'vision');
    reached('progress', 'bucket');
    reached('progress', 'address');
    // ... and nowhere as a link, an icon, an autolink or reordered text.
    assert.deepEqual(records.flatMap(renderedSyntax), []);
    assert.deepEqual(shownLinks(), []);
  });

  it('the progress seam defuses a hostile title and message that reach it raw', async () => {
    // Every call site builds its title with msg``, which defuses it already, so the walk above passes even when
    // withProgress passes its title through untouched. The seam's own step is what holds when a title arrives
    // another way (a cast, a string built elsewhere): hand it one raw, in this VS Code, and read what it showed.
    // (The module the tests compile, not the bundle: its recorder is its own, so the records are this call's.)
    progressSeam.testing.reset();
    progressSeam.testing.recordSurfaces(true);
    try {
      await progressSeam.withProgress(EVERY_FORM('progress title') as SafeText, async (_signal, report) => {
        report(EVERY_FORM('progress message') as SafeText);
      });
      const records = progressSeam.testing.surfaces().filter((r) => r.surface === 'progress');
      const shown = (what: string) => records.some((r) => r.text.includes(`${what} - session expired`));
      assert.ok(shown('progress title') && shown('progress message'), `both reached the progress surface: ${records.map((r) => r.text).join(' | ')}`);
      assert.deepEqual(records.flatMap(renderedSyntax), []);
    } finally {
      progressSeam.testing.reset();
    }
  });
});
