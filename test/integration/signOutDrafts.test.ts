/**
 * Issue 18.9: Sign Out removes that profile's vault drafts. A draft is the text an automatic save kept instead of
 * publishing it, so it may hold a secret the user typed; it must not outlive the account it belongs to.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startServer, type RunningServer } from '../../server/index';
import { DEMO } from '../../server/demo';
import type { Prompt } from '../../src/extension/ui';
import { getExtension, waitFor, type ExtensionApi } from './helpers';

describe('sign-out and vault drafts', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let srv: RunningServer;
  const files = () => vscode.workspace.getConfiguration('files');
  const doc = (uri: vscode.Uri) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const serverVault = () => srv.state.data.vaults.find((v) => v.id === DEMO.vault.id)!;

  before(async () => {
    api = await getExtension();
    srv = await startServer({ port: 0, edition: 'enterprise' });
  });

  after(async () => {
    api.testing.ui.setResponder(undefined);
    await files().update('autoSave', undefined, vscode.ConfigurationTarget.Global);
    await files().update('autoSaveDelay', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api.testing.accounts.signOutAll();
    await srv.close();
  });

  it('signing out drops the drafts of that profile: the typed text is gone, signing in again shows the server copy', async () => {
    await api.testing.accounts.signOutAll();
    await vscode.commands.executeCommand('clearml.signIn', { apiServer: srv.url, accessKey: DEMO.signIn.accessKey, secretKey: DEMO.signIn.secretKey });
    const profileId = (await waitFor(() => api.accounts.active, { message: 'signed in' })).profile.id;
    const uri = await vscode.commands.executeCommand<vscode.Uri>('clearml.vault.open', DEMO.vault.id);
    assert.ok(uri, 'clearml.vault.open returns the document URI');
    const d = await waitFor(() => (doc(uri)?.getText() === serverVault().data ? doc(uri) : undefined), { message: 'the vault document shows the server data' });

    // An automatic save keeps the typed secret as a draft, unpublished.
    await files().update('autoSaveDelay', 100, vscode.ConfigurationTarget.Global);
    await files().update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
    try {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(0, 0), 'sdk.aws.s3.secret: "typed-secret-in-a-draft"\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitFor(() => api.testing.vaults.draft(uri)?.text.includes('typed-secret-in-a-draft') && !d.isDirty, { message: 'the auto save kept a draft' });
    } finally {
      await files().update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    }
    assert.ok(!serverVault().data.includes('typed-secret-in-a-draft'), 'the draft was never published');

    const seen: Prompt[] = [];
    api.testing.ui.setResponder((p) => { seen.push(p); return p.kind === 'message' && /Sign out of/.test(p.message) ? 'Sign Out' : undefined; });
    assert.equal(await vscode.commands.executeCommand('clearml.signOut'), true);
    assert.ok(seen.some((p) => p.kind === 'message' && p.modal), 'the sign-out was confirmed');
    assert.equal(api.testing.vaults.draft(uri), undefined, 'the draft went with the account');
    assert.equal(api.accounts.profiles().some((p) => p.id === profileId), false);

    // Signing in again (same profile id) finds no draft: the document reads the server's text.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('clearml.signIn', { apiServer: srv.url, accessKey: DEMO.signIn.accessKey, secretKey: DEMO.signIn.secretKey });
    assert.equal((await waitFor(() => api.accounts.active, { message: 'signed in again' })).profile.id, profileId);
    assert.equal(api.testing.vaults.draft(uri), undefined);
    const reopened = await vscode.commands.executeCommand<vscode.Uri>('clearml.vault.open', DEMO.vault.id);
    const text = await waitFor(() => doc(reopened!)?.getText(), { message: 'the vault document reopened' });
    assert.equal(text, serverVault().data);
    assert.ok(!text.includes('typed-secret-in-a-draft'));
  });
});
