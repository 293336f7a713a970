/**
 * Identities and invitations: a renamed user is one account in the Accounts menu (the old session removed, the new
 * one added); Pending Invitations names the invited e-mail addresses; the Accounts menu's "Sign in" starts from the
 * setup the SDK uses.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunningServer } from '../../server/index';
import { DEMO, harness, reloadedSection, resetAccounts, sectionChildren, server, signIn, type Harness } from './accountsFixture';
import { tmpDir } from './helpers';

describe('identities and invitations', function () {
  this.timeout(60_000);
  let h: Harness;
  let hosted: RunningServer;
  const savedConfigFile = process.env.CLEARML_CONFIG_FILE;

  before(async () => {
    h = await harness();
    hosted = await server('hosted');
  });
  beforeEach(async () => {
    await resetAccounts(h);
    hosted.state.data.users[DEMO.user.id].name = DEMO.user.name;
  });
  after(async () => {
    if (savedConfigFile === undefined) delete process.env.CLEARML_CONFIG_FILE; else process.env.CLEARML_CONFIG_FILE = savedConfigFile;
    await resetAccounts(h);
    await hosted.close();
  });

  it('after Edit User Name the Accounts menu hears the old account removed and the new one added (not two accounts)', async () => {
    await signIn(hosted.url);
    const host = new URL(hosted.url).host;
    const heard = new Promise<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>((resolve) => {
      const d = h.testing.authProvider.onDidChangeSessions((e) => { d.dispose(); resolve(e); });
    });
    h.prompts.answer({ kind: 'inputBox', match: /Edit User Name/, answer: 'Jane Q. Doe' });
    assert.equal(await vscode.commands.executeCommand('clearml.editUserName'), true);
    const event = await heard;
    // The workbench's menu removes accounts by id and matches added/changed ones by label: a relabel must be both.
    assert.deepEqual(event.removed?.map((s) => s.account.label), [`${DEMO.user.name} @ ${host}`]);
    assert.deepEqual(event.added?.map((s) => s.account.label), [`Jane Q. Doe @ ${host}`]);
    assert.deepEqual(event.changed ?? [], []);
    assert.equal(event.removed?.[0].account.id, event.added?.[0].account.id, 'the same profile');
  });

  it('Pending Invitations lists the invited e-mail addresses, for the seeded and for a new invitation', async () => {
    await signIn(hosted.url);
    const seeded = await sectionChildren(h, 'invites');
    assert.deepEqual(seeded.map((n) => n.label), [DEMO.workspaces.own.invites[0].emails.join(', ')]);
    assert.match(seeded[0].tooltip ?? '', new RegExp(`Invited: ${DEMO.workspaces.own.invites[0].emails[0].replace('.', '\\.')}`));

    h.prompts.answer({ kind: 'inputBox', match: /Invite users/, answer: 'ana@example.com, li@example.com' });
    const result = await vscode.commands.executeCommand<{ inviteId: string }>('clearml.inviteUsers');
    assert.ok(result);
    const after = await reloadedSection(h, 'invites', (c) => c.length === 2, 'the new invitation in the tree');
    const created = after.find((n) => n.inviteId === result.inviteId);
    assert.equal(created?.label, 'ana@example.com, li@example.com');
  });

  it('the signed-out Accounts menu "Sign in" signs in with the detected clearml.conf, not a blank api.clear.ml prompt', async () => {
    const dir = tmpDir('clearml-identities-');
    process.env.CLEARML_CONFIG_FILE = path.join(dir, 'clearml.conf');
    fs.writeFileSync(process.env.CLEARML_CONFIG_FILE, `api {\n  api_server: "${hosted.url}"\n  credentials { access_key: "${DEMO.signIn.accessKey}", secret_key: "${DEMO.signIn.secretKey}" }\n}\n`);
    h.prompts.answer();
    const session = await h.testing.authProvider.createSession();
    assert.equal(h.api.accounts.active?.profile.apiServer, hosted.url);
    assert.equal(session.account.id, h.api.accounts.active?.profile.id);
    assert.deepEqual(h.prompts.seen.filter((p) => p.kind === 'inputBox'), [], 'nothing to type: the setup had everything');
  });
});
