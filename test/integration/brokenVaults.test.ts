/**
 * Vaults the SDK would skip, and drafts: cancelling the "the SDK would skip this vault" question keeps the text
 * quietly (as a draft, no save error); the tree marks a server vault that does not parse; Problems forgets a
 * converted vault's old document; Discard Draft asks first.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunningServer } from '../../server/index';
import { DEMO, harness, resetAccounts, sectionChildren, server, signIn, textOf, type Harness } from './accountsFixture';
import { waitFor } from './helpers';

describe('broken vaults and drafts', function () {
  this.timeout(60_000);
  let h: Harness;
  let srv: RunningServer;
  const vaults = () => h.api.testing.vaults;
  const serverVault = () => srv.state.data.vaults.find((v) => v.id === DEMO.vault.id)!;
  const doc = (uri: vscode.Uri) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());

  async function openPersonalVault(): Promise<{ uri: vscode.Uri; d: vscode.TextDocument }> {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('clearml.vault.open', DEMO.vault.id);
    assert.ok(uri);
    if (doc(uri)?.getText() !== serverVault().data) await vscode.commands.executeCommand('workbench.action.files.revert');
    const d = await waitFor(() => { const x = doc(uri); return x?.getText() === serverVault().data ? x : undefined; }, { message: 'the vault document shows the server text' });
    return { uri, d };
  }
  async function setText(d: vscode.TextDocument, text: string): Promise<void> {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(d.uri, new vscode.Range(d.positionAt(0), d.positionAt(d.getText().length)), text);
    assert.ok(await vscode.workspace.applyEdit(edit));
  }

  before(async () => {
    h = await harness();
    srv = await server('enterprise');
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    await signIn(srv.url);
    await waitFor(() => h.api.accounts.active, { message: 'signed in' });
  });
  beforeEach(() => {
    Object.assign(serverVault(), { data: DEMO.vault.data, format: 'hocon', enabled: true, lastUpdate: new Date().toISOString() });
  });
  afterEach(async () => {
    for (const d of vscode.workspace.textDocuments) if (d.isDirty) {
      await vscode.window.showTextDocument(d);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(async () => {
    await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global);
    await resetAccounts(h);
    await srv.close();
  });

  it('cancelling "the SDK would skip this vault" on save keeps the text as a draft, with no save error and nothing sent', async () => {
    const { uri, d } = await openPersonalVault();
    const broken = 'sdk {\n  aws { s3 { region: "x" }\n';
    await setText(d, broken);
    h.prompts.answer({ match: /would skip the vault "Personal vault"/, answer: undefined });
    // A save error would make save() return false and VS Code show "Failed to save … Retry / Revert".
    assert.equal(await d.save(), true, 'the save ended without an error');
    h.prompts.assertUsed();
    assert.equal(serverVault().data, DEMO.vault.data, 'nothing reached the server');
    assert.equal(vaults().draft(uri)?.text, broken, 'the text is kept as the draft');
    assert.equal(d.getText(), broken);
    await vaults().discardDraft(uri);
  });

  it('marks a server vault that does not parse in the tree, with the line and the reason', async () => {
    serverVault().data = 'a: 1\nb: 2\nc: 3\nsdk {\n  x: 1\n';
    h.testing.model.refresh();
    const nodes = await sectionChildren(h, 'vaults');
    const node = nodes.find((n) => n.vaultId === DEMO.vault.id);
    assert.ok(node, `the personal vault in ${nodes.map((n) => n.label).join(', ')}`);
    assert.match(String(node.description), /^the SDK skips this vault: line 4, '\{' opened at 4:5 is never closed/);
    assert.match(String(node.tooltip), /The SDK skips this vault: line 4/);
    assert.equal(node.icon, 'error');

    serverVault().data = DEMO.vault.data;
    h.testing.model.refresh();
    const healthy = (await sectionChildren(h, 'vaults')).find((n) => n.vaultId === DEMO.vault.id);
    assert.ok(healthy && !/skips/.test(String(healthy.description)) && healthy.icon !== 'error', 'a vault that parses is not marked');
  });

  it('Problems keeps no entries of the document a format round trip replaced', async () => {
    const { uri } = await openPersonalVault();
    h.prompts.answer({ match: /Convert "Personal vault"/, answer: 'Convert', times: Infinity });
    const asJson = await vscode.commands.executeCommand<vscode.Uri>('clearml.vault.convertFormat', uri, 'json');
    assert.ok(asJson && asJson.path.endsWith('.json'));
    // The demo vault holds a plaintext secret: the JSON document gets a Problems entry.
    await waitFor(() => vscode.languages.getDiagnostics(asJson).length > 0, { message: 'diagnostics of the JSON document' });
    const back = await vscode.commands.executeCommand<vscode.Uri>('clearml.vault.convertFormat', asJson, 'hocon');
    assert.ok(back && back.path.endsWith('.hocon'));
    // the JSON draft was never saved: the server still holds HOCON, and the question says so
    const backAsk = h.prompts.seen.find((p) => /Convert "Personal vault" from JSON to HOCON/.test(textOf(p)));
    assert.ok(backAsk && backAsk.kind === 'message', 'the second conversion asked');
    assert.match(backAsk.detail ?? '', /the server keeps the HOCON vault until you save/);
    await waitFor(() => vscode.languages.getDiagnostics(back).length > 0, { message: 'diagnostics of the HOCON document' });
    await waitFor(() => vscode.languages.getDiagnostics(asJson).length === 0, { message: `the JSON document's entries gone; Problems: ${vscode.languages.getDiagnostics().filter(([u]) => u.scheme === 'clearml-vault').map(([u, l]) => `${u.path}: ${l.length}`).join(', ')}` });
  });

  it('Discard Draft asks first; Cancel keeps the draft, Discard Draft drops it', async () => {
    const { uri, d } = await openPersonalVault();
    // A cancelled "would skip" question leaves a draft (first test).
    await setText(d, 'sdk {\n');
    h.prompts.answer({ match: /would skip the vault/, answer: undefined });
    assert.equal(await d.save(), true);
    await waitFor(() => vaults().draft(uri), { message: 'a draft' });

    h.prompts.answer({ match: /Discard the draft of "Personal vault"/, answer: undefined });
    await vaults().receive(uri, { type: 'command', command: 'discardDraft' });
    const ask = h.prompts.seen.find((p) => /Discard the draft/.test(textOf(p)));
    assert.ok(ask && ask.kind === 'message' && ask.modal, 'a modal question');
    assert.ok(vaults().draft(uri), 'Cancel keeps the draft');

    h.prompts.answer({ match: /Discard the draft of "Personal vault"/, answer: 'Discard Draft' });
    await vaults().receive(uri, { type: 'command', command: 'discardDraft' });
    assert.equal(vaults().draft(uri), undefined, 'the draft is gone');
  });
});
