/**
 * A name changed through the extension (or on the server, then Refresh) shows everywhere at once: the profile's
 * label (sign-out dialog, profile list, Accounts menu, preferences header), the tree's profile node and the
 * status bar.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunningServer } from '../../server/index';
import type { ToWebview } from '../../src/core/protocol/preferences';
import { DEMO, harness, resetAccounts, server, signIn, type Harness } from './accountsFixture';
import { waitFor } from './helpers';

const OWN = DEMO.workspaces.own;

describe('accounts: names stay current', function () {
  this.timeout(60_000);
  let h: Harness;
  let hosted: RunningServer;
  let host: string;

  const profileNode = async () => (await h.testing.model.children()).find((n) => n.kind === 'profile');

  before(async () => {
    h = await harness();
    hosted = await server('hosted');
    host = new URL(hosted.url).host;
  });
  after(async () => {
    await resetAccounts(h);
    await hosted.close();
  });
  beforeEach(async () => {
    await resetAccounts(h);
    hosted.state.data.users[DEMO.user.id].name = DEMO.user.name;
    hosted.state.data.companies[OWN.id].name = OWN.name;
    await signIn(hosted.url);
  });
  afterEach(() => h.api.testing.ui.reset());

  it('after Edit User Name: profile label, sign-out dialog, profile list, Accounts menu, tree and preferences header', async () => {
    assert.equal(h.api.accounts.profiles()[0].label, `${DEMO.user.name} @ ${host}`);
    assert.equal((await profileNode())?.label, DEMO.user.name);
    const prefs = h.api.testing.preferences;
    let from = prefs.sent().length;
    await prefs.postFromWebview({ type: 'ready' });
    await waitFor(() => prefs.sent().slice(from).find((m) => m.type === 'init'), { message: 'preferences loaded' });

    from = prefs.sent().length;
    h.prompts.answer({ kind: 'inputBox', match: /Edit User Name/, answer: 'Jane Q. Doe' });
    assert.equal(await vscode.commands.executeCommand('clearml.editUserName'), true);
    const label = `Jane Q. Doe @ ${host}`;

    assert.equal(h.api.accounts.profiles()[0].label, label, 'stored profile label');
    assert.equal((await profileNode())?.label, 'Jane Q. Doe', 'tree profile node');
    const init = await waitFor(() => prefs.sent().slice(from).find((m): m is Extract<ToWebview, { type: 'init' }> => m.type === 'init'), { message: 'preferences header re-sent' });
    assert.equal(init.server.profileLabel, label, 'preferences header');
    const sessions = await h.testing.authProvider.getSessions(undefined, {});
    assert.equal(sessions[0].account.label, label, 'Accounts menu');

    h.prompts.answer();
    await vscode.commands.executeCommand('clearml.switchProfile');
    const pick = h.prompts.seen.find((p) => p.kind === 'quickPick');
    // The active profile's check mark is the item's iconPath: a `$(check)` in the label would show as text.
    assert.ok(pick?.kind === 'quickPick' && pick.items.includes(label), `profile list: ${JSON.stringify(pick)}`);
    assert.ok(pick.items.every((item) => !item.includes('$ (')), `no defused icon syntax shown as text: ${JSON.stringify(pick.items)}`);
    await vscode.commands.executeCommand('clearml.signOut');
    assert.equal(h.prompts.messages('warning')[0]?.message, `Sign out of ${label}?`, 'sign-out dialog');
  });

  it('after renaming the active workspace the status bar and the profile node show the new name at once', async () => {
    assert.match(h.testing.statusBar().text, new RegExp(`· ${OWN.name}$`));
    await profileNode();
    h.prompts.answer({ kind: 'inputBox', match: /Rename/, answer: 'Jane Labs' });
    const own = { kind: 'workspace', workspaceId: OWN.id, workspaceName: OWN.name, isOwnWorkspace: true };
    assert.equal(await vscode.commands.executeCommand('clearml.renameWorkspace', own), true);
    assert.equal(h.testing.statusBar().text, `$(cloud) ${host} · Jane Labs`, 'status bar, without waiting');
    assert.match(h.testing.statusBar().tooltip, /workspace "Jane Labs"/);
    assert.match((await profileNode())?.description ?? '', /Jane Labs/, 'profile node description');
    assert.equal(h.api.accounts.profiles()[0].workspaceName, 'Jane Labs');
  });

  it('a workspace or user renamed elsewhere shows after Refresh', async () => {
    await profileNode();
    hosted.state.data.companies[OWN.id].name = 'Renamed in the web UI';
    hosted.state.data.users[DEMO.user.id].name = 'Jane Web';
    await vscode.commands.executeCommand('clearml.refresh');
    await h.testing.model.children();
    await waitFor(() => h.testing.statusBar().text.endsWith('· Renamed in the web UI'), { message: `status bar after Refresh: ${h.testing.statusBar().text}` });
    assert.equal(h.api.accounts.profiles()[0].label, `Jane Web @ ${host}`);
  });
});
