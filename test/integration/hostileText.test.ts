/**
 * Names and messages from the server are data: a workspace owner, a fellow member or a hostile server can put
 * `[text](command:…)` into a workspace name, a user name, a credential label, a vault name or an error's
 * result_msg. Every message the extension shows is checked against the link syntax VS Code renders.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunningServer } from '../../server/index';
import { HOSTILE, renderedLinks } from '../support/notificationLinks';
import { DEMO, harness, resetAccounts, server, signIn, textOf, type Harness } from './accountsFixture';
import { tmpDir } from './helpers';

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
    data.users[DEMO.user.id].name = HOSTILE('user');
    data.companies[OWN.id].name = HOSTILE('workspace');
    data.companies[VISION.id].name = HOSTILE('vision');
    const key = data.credentials.find((c) => c.accessKey === DEMO.signIn.accessKey);
    assert.ok(key);
    key.label = HOSTILE('label');
    const vault = data.vaults.find((v) => v.id === DEMO.vault.id);
    assert.ok(vault);
    vault.description = HOSTILE('vault');
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
    const credential = { kind: 'credential', accessKey: DEMO.signIn.accessKey, credentialLabel: HOSTILE('label') };
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
    h.prompts.answer({ kind: 'quickPick', match: /Push team\.vault\.conf/, answer: HOSTILE('vault') });
    await vscode.commands.executeCommand('clearml.vault.push', vscode.Uri.file(file));
    const confirm = h.prompts.messages('warning').find((m) => /Replace the server vault/.test(m.message));
    assert.ok(confirm, `push asked to replace the vault; seen: ${h.prompts.seen.map(textOf).join(' | ')}`);
    assert.match(confirm.message, /vault - session expired/);
    assert.deepEqual(shownLinks(), []);
  });
});
