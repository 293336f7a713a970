/**
 * The context menus of the explorer come from package.json `view/item/context` when-clauses matched against the
 * nodes' contextValue. This evaluates those clauses on the real nodes the tree produces, so a typo in a regex or a
 * token shows up as a missing (or extra) action.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExplorerNode } from '../../src/extension/tree/nodes';
import { DEMO, harness, resetAccounts, roots, section, sectionChildren, server, signIn } from './accountsFixture';
import { EXTENSION_ID, suiteFixture } from './helpers';

interface MenuItem { command: string; when: string; group?: string }

function menuItems(): MenuItem[] {
  const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { menus: Record<string, MenuItem[]> } };
  return pkg.contributes.menus['view/item/context'];
}

/** Evaluates the clause forms the manifest uses: `view == X && viewItem =~ /re/` (and `viewItem == X`). */
function matches(when: string, viewItem: string): boolean {
  return when.split('&&').map((t) => t.trim()).every((term) => {
    if (term === 'view == clearml.explorer') return true;
    const re = /^viewItem =~ \/(.*)\/$/.exec(term);
    if (re) return new RegExp(re[1]).test(viewItem);
    const eq = /^viewItem == (.*)$/.exec(term);
    if (eq) return eq[1] === viewItem;
    return false;
  });
}

function actions(node: ExplorerNode): string[] {
  return [...new Set(menuItems().filter((m) => !m.command.startsWith('clearml.vault.') && matches(m.when, node.contextValue)).map((m) => m.command))].sort();
}

describe('tree menus: contextValue tokens drive the right actions', function () {
  this.timeout(30_000);
  const suite = suiteFixture(async () => ({ h: await harness(), hosted: await server('hosted') }), async ({ h, hosted }) => {
    await resetAccounts(h);
    await hosted.close();
  });
  before(async () => {
    await resetAccounts(suite.h);
    await signIn(suite.hosted.url);
  });

  it('every menu entry names a contributed command and a when-clause this evaluator understands', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string }[] } };
    const commands = new Set(pkg.contributes.commands.map((c) => c.command));
    for (const item of menuItems()) {
      assert.ok(commands.has(item.command), `${item.command} is contributed`);
      if (!item.command.startsWith('clearml.vault.') && !item.when.startsWith('view == clearml.setupCheck')) assert.ok(item.when.startsWith('view == clearml.explorer && viewItem'), item.when);
    }
  });

  it('offers the expected actions on each kind of node', async () => {
    const [profile, workspacesNode] = await roots(suite.h);
    const [own, vision] = await suite.h.testing.model.children(workspacesNode);
    const credential = (await sectionChildren(suite.h, 'credentials'))[0];
    const token = (await sectionChildren(suite.h, 'gatewayTokens'))[0];
    const invite = (await sectionChildren(suite.h, 'invites'))[0];
    const member = (await sectionChildren(suite.h, 'members'))[0];
    const expected: [ExplorerNode, string[]][] = [
      [profile, ['clearml.editUserName', 'clearml.openPreferences', 'clearml.openWebSettings', 'clearml.signOut']],
      [workspacesNode, ['clearml.refresh', 'clearml.switchWorkspace']],
      [own, ['clearml.inviteUsers', 'clearml.openWebSettings', 'clearml.renameWorkspace']],
      [vision, ['clearml.leaveWorkspace', 'clearml.openWebSettings', 'clearml.switchWorkspace']],
      [await section(suite.h, 'members'), ['clearml.inviteUsers', 'clearml.openWebSettings', 'clearml.refresh']],
      [member, ['clearml.openWebSettings']],
      [await section(suite.h, 'credentials'), ['clearml.createCredentials', 'clearml.openWebSettings', 'clearml.refresh']],
      [credential, ['clearml.copyAccessKey', 'clearml.editCredentialLabel', 'clearml.revokeCredentials']],
      [await section(suite.h, 'gatewayTokens'), ['clearml.generateGatewayToken', 'clearml.openWebSettings', 'clearml.refresh']],
      [token, ['clearml.revokeGatewayToken']],
      [await section(suite.h, 'invites'), ['clearml.inviteUsers', 'clearml.openWebSettings', 'clearml.refresh']],
      [invite, ['clearml.copyInviteLink', 'clearml.openWebSettings', 'clearml.revokeInvite']],
      [await section(suite.h, 'vaults'), ['clearml.openWebSettings', 'clearml.refresh']],
    ];
    for (const [node, commands] of expected) assert.deepEqual(actions(node), commands, `${node.kind} "${node.label}" (${node.contextValue})`);
    assert.ok(credential.accessKey === DEMO.signIn.accessKey || credential.kind === 'credential');
  });

  it('error nodes offer Retry or Sign In, and "Load more" loads more', async () => {
    suite.hosted.faults.set('auth.get_credentials', { error: { code: 500, message: 'maintenance' }, times: 1 });
    suite.h.testing.model.refresh();
    const [error] = await sectionChildren(suite.h, 'credentials');
    assert.deepEqual(actions(error), ['clearml.refresh']);
    const signInNode: ExplorerNode = { ...error, contextValue: 'clearml.error signIn' };
    assert.deepEqual(actions(signInNode), ['clearml.signIn']);
    assert.deepEqual(actions({ ...error, kind: 'loadMore', contextValue: 'clearml.loadMore' }), ['clearml.loadMore']);
    suite.hosted.faults.clear();
  });

  it('signs in again from an error node: the node argument leads to the prompts, not a silent failure', async () => {
    suite.h.prompts.answer({ kind: 'inputBox', match: /API server URL/, answer: undefined });
    const [, workspaces] = await roots(suite.h);
    await vscode.commands.executeCommand('clearml.signIn', { ...workspaces, contextValue: 'clearml.error signIn' });
    assert.ok(suite.h.prompts.seen.some((p) => p.kind === 'inputBox'));
    suite.h.api.testing.ui.reset();
  });
});
