/**
 * Configuration-vault editor inside a real VS Code: server vaults through the clearml-vault: file system and the
 * local enterprise server, local *.vault.* files, the preview messages the webview receives, diagnostics, save,
 * conflicts, conversion, push and pull.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startServer, type RunningServer } from '../../server/index';
import { DEMO } from '../../server/demo';
import { ClearMLClient, type ClearMLClientApi } from '../../src/core/api';
import type { RenderMessage } from '../../src/core/protocol/vault';
import type { Prompt } from '../../src/extension/ui';
import { parseHocon } from '../../src/core/config';
import { getExtension, tmpDir, waitFor, type ExtensionApi } from './helpers';

type Answer = string | string[] | undefined;
interface Rule { match: RegExp; answer: Answer | ((p: Prompt) => Answer); times?: number }

const BASE_CONF = `api {
  api_server: http://localhost:8008
  web_server: http://localhost:8080
  credentials { access_key: "BASEACCESSKEY00000000000000000", secret_key: "base-secret-do-not-show" }
}
sdk {
  aws { s3 { region: "us-east-1", key: "BASEKEY" } }
  development { default_output_uri: "" }
}
agent { cuda_version: "11.8" }
`;

const textOf = (p: Prompt) => (p.kind === 'message' ? `${p.message}\n${p.detail ?? ''}` : p.kind === 'inputBox' ? `${p.title ?? ''}\n${p.prompt ?? ''}` : `${p.title ?? ''}\n${p.placeHolder ?? ''}`);

describe('vault editor', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let srv: RunningServer;
  let client: ClearMLClientApi;
  let home: string;
  let work: string;
  const seen: Prompt[] = [];
  let testStarted = 0;
  let rules: (Rule & { left: number })[] = [];

  const vaults = () => api.testing.vaults;
  /** Answers prompts by rules; unmatched prompts are dismissed (and recorded in `seen`). */
  const answer = (...r: Rule[]) => { rules = r.map((x) => ({ ...x, left: x.times ?? 1 })); };

  async function render(uri: vscode.Uri, predicate: (m: RenderMessage) => boolean, what: string, timeoutMs = 15_000): Promise<RenderMessage> {
    // Only this test's messages: the same URI was open in earlier tests, with the same version numbers.
    return waitFor(() => [...vaults().posted(uri)].reverse().find((p) => p.at >= testStarted && predicate(p.message))?.message, { message: what, timeoutMs });
  }
  const row = (m: RenderMessage, p: string) => m.preview?.rows.find((r) => r.path === p);
  const serverVault = (id = DEMO.vault.id) => srv.state.data.vaults.find((v) => v.id === id)!;
  const doc = (uri: vscode.Uri) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());

  async function replace(uri: vscode.Uri, from: string, to: string): Promise<vscode.TextDocument> {
    const d = doc(uri) ?? (await vscode.workspace.openTextDocument(uri));
    const at = d.getText().indexOf(from);
    assert.ok(at >= 0, `"${from}" in the document`);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(d.uri, new vscode.Range(d.positionAt(at), d.positionAt(at + from.length)), to);
    assert.ok(await vscode.workspace.applyEdit(edit));
    return d;
  }

  async function openPersonalVault(): Promise<vscode.Uri> {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('clearml.vault.open', DEMO.vault.id);
    assert.ok(uri, 'clearml.vault.open returns the document URI');
    // VS Code may still hold the model of an earlier test's (closed) editor: re-read it from the server.
    if (doc(uri)?.getText() !== serverVault().data) await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(() => doc(uri)?.getText() === serverVault().data, { message: 'the document shows the server data' });
    await render(uri, (m) => !m.loading && !!m.preview && m.text === serverVault().data, 'first preview of the personal vault');
    return uri;
  }

  async function closeAll(): Promise<void> {
    // Revert dirty documents so closing never prompts.
    for (const d of vscode.workspace.textDocuments) if (d.isDirty) {
      await vscode.window.showTextDocument(d);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }

  before(async () => {
    api = await getExtension();
    srv = await startServer({ port: 0, edition: 'enterprise' });
    home = tmpDir('clearml-vault-home-');
    work = tmpDir('clearml-vault-work-');
    fs.writeFileSync(path.join(home, 'clearml.conf'), BASE_CONF);
    vaults().setBaseHost({ env: {}, homedir: home });
    vaults().record(true);
    api.testing.ui.setResponder((p) => {
      seen.push(p);
      const rule = rules.find((r) => r.left > 0 && r.match.test(textOf(p)));
      if (!rule) return undefined;
      rule.left--;
      return typeof rule.answer === 'function' ? rule.answer(p) : rule.answer;
    });
    // VS Code for the Web auto-saves after 1 s by default; the tests save explicitly (one test turns it on).
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('clearml.signIn', { apiServer: srv.url, accessKey: DEMO.signIn.accessKey, secretKey: DEMO.signIn.secretKey });
    await waitFor(() => api.accounts.active, { message: 'signed in' });
    client = new ClearMLClient({ apiServer: srv.url, accessKey: DEMO.signIn.accessKey, secretKey: DEMO.signIn.secretKey });
  });

  beforeEach(() => {
    testStarted = Date.now();
    seen.length = 0;
    rules = [];
    // Every test starts from the demo vault as seeded.
    Object.assign(serverVault(), { data: DEMO.vault.data, format: 'hocon', enabled: true, lastUpdate: new Date().toISOString() });
  });

  afterEach(async () => { await closeAll(); });

  after(async () => {
    await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('files').update('autoSaveDelay', undefined, vscode.ConfigurationTarget.Global);
    vaults().setBaseHost(undefined);
    vaults().record(false);
    api.testing.ui.reset();
    await srv?.close();
  });

  it('opens the personal vault from the palette (quick pick) in the vault editor and posts the merged preview', async () => {
    answer({ match: /Open Configuration Vault/, answer: 'Personal vault' });
    const uri = await vscode.commands.executeCommand<vscode.Uri>('clearml.vault.open');
    assert.ok(uri);
    assert.equal(uri.scheme, 'clearml-vault');
    assert.ok(seen.some((p) => p.kind === 'quickPick' && p.items.includes('Personal vault')), 'the quick pick listed the vault');
    const m = await render(uri, (x) => !x.loading && !!x.preview, 'preview');
    const tab = await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === uri.toString()), { message: 'custom editor tab' });
    assert.equal((tab.input as vscode.TabInputCustom).viewType, 'clearml.vaultEditor');
    assert.equal(m.document.kind, 'server');
    assert.equal(m.document.format, 'hocon');
    assert.equal(m.document.enabled, true);
    assert.equal(m.status, 'applied');
    assert.equal(m.text, DEMO.vault.data);
    const region = row(m, 'sdk.aws.s3.region')!;
    assert.equal(region.value, '"eu-west-1"');
    assert.equal(region.mark, 'overridden');
    assert.equal(region.source, 'Personal vault:5');
    assert.equal(region.previous, '"us-east-1"');
    assert.match(region.previousSource ?? '', /^clearml\.conf:\d+$/);
    assert.equal(row(m, 'agent.git_user')?.mark, 'added');
    assert.equal(m.preview!.baseFile, path.join(home, 'clearml.conf'));
    assert.deepEqual(m.preview!.layers.map((l) => l.kind), ['base', 'this']);
    assert.ok(!JSON.stringify(m).includes('demo-not-a-real-secret') || m.text.includes('demo-not-a-real-secret'), 'secrets appear only in the document text');
    assert.ok(!JSON.stringify(m.preview).includes('demo-not-a-real-secret'), 'the preview masks the S3 secret');
    assert.ok(m.preview!.warnings.some((w) => w.code === 'secrets'), 'plaintext secret noted');
  });

  it('edits through a WorkspaceEdit update the preview (throttled, last version rendered)', async () => {
    const uri = await openPersonalVault();
    const before = vaults().posted(uri).length;
    let d = await replace(uri, 'eu-west-1', 'eu-central-1');
    for (let i = 0; i < 4; i++) d = await replace(uri, `jane-doe${i ? i : ''}`, `jane-doe${i + 1}`);
    const lastVersion = d.version;
    const m = await render(uri, (x) => x.version === lastVersion && !x.loading, 'render of the last version');
    assert.equal(row(m, 'sdk.aws.s3.region')?.value, '"eu-central-1"');
    assert.equal(row(m, 'agent.git_user')?.value, '"jane-doe4"');
    assert.equal(m.document.dirty, true);
    const renders = vaults().posted(uri).slice(before).filter((p) => p.message.version > 0);
    assert.ok(renders.length < 5, `5 quick edits coalesce into fewer renders (got ${renders.length})`);
    const versions = renders.map((p) => p.message.version);
    assert.equal(new Set(versions).size, versions.length, 'no document version is rendered twice');
  });

  it('a key typed is posted as the change only (one character, one row); a page that asks to resync gets the render complete', async () => {
    const uri = await openPersonalVault();
    const d = await replace(uri, 'eu-west-1', 'eu-west-2');
    const posted = await waitFor(() => vaults().posted(uri).find((p) => p.at >= testStarted && p.message.version === d.version), { message: 'render of the key' });
    const at = d.getText().indexOf('eu-west-2') + 'eu-west-'.length;
    assert.notEqual(posted.update.base, null, 'against the render before');
    assert.deepEqual(posted.update.text, { start: at, end: at + 1, insert: '2' });
    assert.deepEqual(posted.update.preview?.rows.insert.map((r) => [r.path, r.value]), [['sdk.aws.s3.region', '"eu-west-2"']]);
    assert.equal(posted.update.preview?.rows.deleteCount, 1);
    assert.equal(row(posted.message, 'sdk.aws.s3.region')?.value, '"eu-west-2"', 'the recorded message is the whole render');
    const before = vaults().posted(uri).length;
    await vaults().receive(uri, { type: 'resync' });
    const complete = vaults().posted(uri).slice(before).find((p) => p.update.base === null);
    assert.ok(complete, 'a complete render right away');
    assert.equal(complete.update.base, null);
    assert.deepEqual(complete.update.text, { start: 0, end: 0, insert: d.getText() });
    assert.equal(complete.update.preview?.rows.insert.length, complete.message.preview?.rows.length);
  });

  it('source-area keys sent faster than they apply all land, in order (none mistaken for another editor\'s change)', async () => {
    const uri = await openPersonalVault();
    const d = doc(uri)!;
    const base = d.version;
    const start = d.getText();
    // Three keys of the webview's source area, each based on the last version the page has seen (none rendered yet).
    const texts = ['a', 'ab', 'abc'].map((t) => `${start}agent.typed: "${t}"\n`);
    await Promise.all(texts.map((text) => vaults().receive(uri, { type: 'edit', version: base, text })));
    assert.equal(d.getText(), texts[2], 'the last key is in the document');
    const m = await render(uri, (x) => x.version === d.version && !x.loading, 'render of the last key');
    assert.equal(row(m, 'agent.typed')?.value, '"abc"');
    // A change from another editor still wins over a source-area edit based on the version before it.
    const seenByPage = d.version;
    await replace(uri, 'agent.typed: "abc"', 'agent.typed: "other"');
    await vaults().receive(uri, { type: 'edit', version: seenByPage, text: `${start}agent.typed: "mine"\n` });
    assert.match(d.getText(), /agent\.typed: "other"/);
  });

  it('a source-area key is previewed before its edit reaches the document; keys that queue up apply as one edit', async () => {
    const uri = await openPersonalVault();
    const d = doc(uri)!;
    const base = d.version;
    const text = `${d.getText()}agent.early: "yes"\n`;
    // A key typed while no render is in flight (one in flight would rightly hold the next render back).
    await waitFor(() => vaults().previewIdle(uri) || undefined, { message: 'the page has shown the first preview' });
    await vaults().receive(uri, { type: 'edit', version: base, text });
    assert.equal(d.getText(), text);
    // The first render of the new text went out at the version before the edit: it did not wait for the document.
    await render(uri, (x) => x.text === text && x.version === d.version, 'render of the document');
    const first = vaults().posted(uri).find((p) => p.at >= testStarted && p.message.text === text)!.message;
    assert.equal(first.version, base, 'rendered before the document had the text');
    assert.equal(first.document.dirty, true);
    assert.equal(row(first, 'agent.early')?.value, '"yes"');
    // Five keys sent at once: the ones still waiting when a newer one comes are replaced by it, not applied in turn.
    const before = d.version;
    const texts = ['1', '12', '123', '1234', '12345'].map((t) => `${text}agent.burst: "${t}"\n`);
    await Promise.all(texts.map((t) => vaults().receive(uri, { type: 'edit', version: before, text: t })));
    assert.equal(d.getText(), texts[4], 'the newest text is the document\'s');
    assert.ok(d.version - before <= 2, `at most the first and the newest edit applied (${d.version - before} versions)`);
    const m = await render(uri, (x) => x.version === d.version && x.text === texts[4], 'render of the burst');
    assert.equal(row(m, 'agent.burst')?.value, '"12345"');
  });

  it('invalid text keeps the last good preview (stale) and shows diagnostics; fixing clears them', async () => {
    const uri = await openPersonalVault();
    const goodVersion = (await replace(uri, 'eu-west-1', 'eu-north-1')).version;
    const last = await render(uri, (x) => x.version === goodVersion && !x.stale, 'good render');
    const badVersion = (await replace(uri, 'region: "eu-north-1"', 'region: "eu-north-1')).version;
    const m = await render(uri, (x) => x.version === badVersion, 'render of the broken text');
    assert.equal(m.status, 'parse-error');
    assert.equal(m.stale, true);
    assert.equal(m.previewVersion, goodVersion);
    assert.deepEqual(m.preview, last.preview, 'the last good preview stays');
    assert.equal(m.problems.length, 1);
    const diags = await waitFor(() => vscode.languages.getDiagnostics(uri).filter((x) => x.severity === vscode.DiagnosticSeverity.Error), { message: 'error diagnostic' }).then((x) => (x.length ? x : undefined)).catch(() => undefined);
    assert.ok(diags?.length, 'an error in the Problems panel');
    const where = `diagnostic ${diags[0].message} at ${diags[0].range.start.line + 1}:${diags[0].range.start.character + 1}, problem ${JSON.stringify(m.problems[0])}`;
    assert.equal(diags[0].range.start.line + 1, m.problems[0].line, where);
    assert.equal(diags[0].range.start.character + 1, m.problems[0].column, where);
    const fixedVersion = (await replace(uri, 'region: "eu-north-1', 'region: "eu-north-1"')).version;
    const ok = await render(uri, (x) => x.version === fixedVersion, 'render of the fixed text');
    assert.equal(ok.stale, false);
    assert.equal(ok.status, 'applied');
    await waitFor(() => !vscode.languages.getDiagnostics(uri).some((x) => x.severity === vscode.DiagnosticSeverity.Error), { message: 'errors cleared' });
  });

  it('saves to the local server (warning about plaintext secrets first) and the API reads it back', async () => {
    const uri = await openPersonalVault();
    const d = await replace(uri, 'eu-west-1', 'ap-south-1');
    answer({ match: /plaintext secrets/, answer: 'Save' });
    assert.ok(await d.save(), 'save succeeded');
    assert.ok(seen.some((p) => p.kind === 'message' && p.modal && /plaintext secrets: sdk\.aws\.s3\.credentials\.0\.secret \(line 7\)/.test(p.message)), 'modal secrets warning before sending');
    const stored = (await client.getVaults()).find((v) => v.id === DEMO.vault.id)!;
    assert.equal(stored.data, d.getText());
    assert.equal(stored.format, 'hocon');
    assert.equal(stored.enabled, true);
    assert.equal(stored.scope, 'user');
    assert.equal(d.isDirty, false);
  });

  it('cancelling the secrets warning does not send anything', async () => {
    const uri = await openPersonalVault();
    const original = serverVault().data;
    const d = await replace(uri, 'jane-doe', 'someone-else');
    answer({ match: /plaintext secrets/, answer: undefined });
    // Cancelling is not a save error (no "Failed to save" toast): the text stays, as the vault's draft.
    assert.equal(await d.save(), true, 'the save ended quietly');
    assert.equal(serverVault().data, original);
    assert.equal(vaults().draft(uri)?.text, d.getText(), 'the text is kept as a draft');
    await vaults().discardDraft(uri);
  });

  it('detects a change on the server since opening: Show Server Version, then Overwrite', async () => {
    const uri = await openPersonalVault();
    // Someone else saves the vault (through the real API) after we opened it.
    const theirs = serverVault().data.replace('jane-doe', 'changed-elsewhere');
    await client.addOrUpdateVault({ id: DEMO.vault.id, data: theirs, format: 'hocon', enabled: true, scope: 'user', type: 'config', description: 'Personal vault' });
    const d = await replace(uri, 'eu-west-1', 'mine-wins');
    answer({ match: /changed on the server since you opened it/, answer: 'Show Server Version' });
    assert.equal(await d.save(), false, 'first save stops at the conflict');
    assert.equal(serverVault().data, theirs, 'their version is untouched');
    await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === uri.toString()), { message: 'server ↔ yours diff tab' });
    answer({ match: /changed on the server since you opened it/, answer: 'Overwrite' }, { match: /plaintext secrets/, answer: 'Save' });
    assert.ok(await d.save(), 'second save overwrites');
    assert.equal(serverVault().data, d.getText());
    assert.ok(serverVault().data.includes('mine-wins'));
    const conflicts = seen.filter((p) => p.kind === 'message' && /changed on the server/.test(p.message));
    assert.equal(conflicts.length, 2, 'asked at each of the two saves');
    assert.ok(conflicts.every((p) => p.kind === 'message' && p.modal && p.actions.includes('Overwrite') && p.actions.includes('Show Server Version')));
  });

  it('auto save keeps a draft: nothing reaches the server, no prompt, the text survives a reload, an explicit save publishes once', async () => {
    const uri = await openPersonalVault();
    const writes = () => srv.state.counters.calls['users.add_or_update_vault'] ?? 0;
    const before = writes();
    const original = serverVault().data;
    const files = vscode.workspace.getConfiguration('files');
    await files.update('autoSaveDelay', 100, vscode.ConfigurationTarget.Global);
    await files.update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
    try {
      // Typing in steps, each auto-saved: half-typed text, then a key that adds a plaintext secret.
      let d = await replace(uri, 'eu-west-1', 'half-typ');
      await waitFor(() => vaults().draft(uri)?.text.includes('half-typ') && !d.isDirty, { message: 'the first auto save kept a draft' });
      d = await replace(uri, 'half-typ', 'half-typed-region');
      d = await replace(uri, 'agent {', 'agent {\n  password: "typed-secret"');
      await waitFor(() => vaults().draft(uri)?.text.includes('typed-secret') && !d.isDirty, { message: 'the last auto save updated the draft' });
      assert.ok(vaults().saveLog().includes('write auto: draft'));
      assert.equal(writes(), before, 'no auto save reached the server');
      assert.equal(serverVault().data, original);
      assert.deepEqual(seen.filter((p) => p.kind === 'message').map(textOf), [], 'no prompt and no message');
      await render(uri, (x) => x.document.draft === true && !x.document.dirty && x.text.includes('typed-secret'), 'the preview marks the saved draft');

      // A window reload reads the document again from the file system: it gets the draft.
      assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), d.getText());
      await closeAll();
      const reopened = await vscode.commands.executeCommand<vscode.Uri>('clearml.vault.open', DEMO.vault.id);
      assert.equal(reopened?.toString(), uri.toString());
      await waitFor(() => doc(uri)?.getText().includes('typed-secret'), { message: 'reopened with the draft text' });
      assert.equal(writes(), before);

      // Ctrl+S on the (clean) draft publishes it, once.
      answer({ match: /plaintext secrets/, answer: 'Save' });
      await vscode.commands.executeCommand('workbench.action.files.save');
      await waitFor(() => serverVault().data.includes('typed-secret'), { message: 'the explicit save published the draft' });
      assert.equal(writes(), before + 1, 'one server write');
      assert.equal(serverVault().data, doc(uri)!.getText());
      await waitFor(() => vaults().draft(uri) === undefined, { message: 'the draft is gone once published' });
      assert.ok(seen.some((p) => p.kind === 'message' && p.modal && /plaintext secrets/.test(p.message)), 'the explicit save asked about the new secret');
    } finally {
      await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
      await vaults().discardDraft(uri);
    }
  });

  it('"Discard Draft" drops the auto-saved text and the document shows the server copy again', async () => {
    const uri = await openPersonalVault();
    const files = vscode.workspace.getConfiguration('files');
    await files.update('autoSaveDelay', 100, vscode.ConfigurationTarget.Global);
    await files.update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
    try {
      const d = await replace(uri, 'jane-doe', 'draft-only');
      await waitFor(() => vaults().draft(uri) && !d.isDirty, { message: 'draft kept' });
    } finally {
      await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    }
    await vaults().discardDraft(uri);
    await waitFor(() => doc(uri)?.getText() === serverVault().data, { message: 'the document reloaded the server text' });
    await render(uri, (x) => !x.document.draft && x.text === serverVault().data, 'the preview without the draft');
  });

  it('warns before saving a vault the SDK would skip', async () => {
    const uri = await openPersonalVault();
    const d = doc(uri)!;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(d.positionAt(0), d.positionAt(d.getText().length)), '# nothing here yet\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const emptyVersion = d.version;
    const m = await render(uri, (x) => x.version === emptyVersion, 'render of the empty vault');
    assert.equal(m.status, 'empty', `status of ${JSON.stringify(m.text)} (version ${m.version})`);
    assert.ok(m.preview!.warnings.some((w) => w.code === 'sdk-skips' && w.level === 'error'));
    answer({ match: /would skip/, answer: undefined });
    assert.equal(await d.save(), true, 'cancelling keeps a draft instead of failing the save');
    assert.ok(seen.some((p) => p.kind === 'message' && p.modal && /skip the vault "Personal vault": it is empty/.test(p.message)), `prompts: ${seen.map(textOf).join(' | ')}; saves: ${vaults().saveLog().join(', ')}`);
    assert.notEqual(serverVault().data, '# nothing here yet\n');
    await vaults().discardDraft(uri);
  });

  it('lists the other enabled vaults in server order around this one, and toggles enabled on the server', async () => {
    const ownCompany = serverVault().companyId;
    srv.state.data.vaults.unshift({ id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', companyId: ownCompany, scope: 'group', type: 'config', format: 'hocon', enabled: true, description: 'Team first', data: 'sdk.aws.s3.region: "team-region"\nsdk.storage.cache.default_base_dir: "/team/cache"', lastUpdate: new Date().toISOString() });
    srv.state.data.vaults.push({ id: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', companyId: ownCompany, scope: 'group', type: 'config', format: 'hocon', enabled: true, description: 'Team last', data: 'agent.git_user: "team-bot"', lastUpdate: new Date().toISOString() });
    try {
      const uri = await openPersonalVault();
      const m = await render(uri, (x) => !x.loading && !!x.preview && x.preview.layers.length === 4, 'preview with both team vaults');
      assert.deepEqual(m.preview!.layers.map((l) => `${l.kind}:${l.name}`), ['base:clearml.conf', 'other:Team first', 'this:Personal vault', 'other:Team last']);
      assert.equal(row(m, 'sdk.aws.s3.region')!.previous, '"team-region"');
      assert.equal(row(m, 'sdk.aws.s3.region')!.previousSource, 'Team first:1');
      const gitUser = row(m, 'agent.git_user')!;
      assert.equal(gitUser.shadowedBy, 'Team last');
      assert.equal(gitUser.value, '"team-bot"');
      assert.match(m.document.position, /2nd of 3/);

      const enabled = await vscode.commands.executeCommand<boolean>('clearml.vault.toggleEnabled', uri);
      assert.equal(enabled, false);
      assert.equal(serverVault().enabled, false);
      const off = await render(uri, (x) => x.document.enabled === false && !x.loading, 'render after disabling');
      assert.ok(off.preview!.warnings.some((w) => w.code === 'disabled'));
      assert.equal(await vscode.commands.executeCommand<boolean>('clearml.vault.toggleEnabled', uri), true);
      assert.equal(serverVault().enabled, true);
      assert.equal(serverVault().data, DEMO.vault.data, 'toggling keeps the data');
    } finally {
      srv.state.data.vaults = srv.state.data.vaults.filter((v) => !/^(a|b){32}$/.test(v.id));
    }
  });

  it('a broken vault of the server is marked skipped while the preview of the other layers still renders', async () => {
    const ownCompany = serverVault().companyId;
    srv.state.data.vaults.unshift({ id: 'cccccccccccccccccccccccccccccccc', companyId: ownCompany, scope: 'group', type: 'config', format: 'hocon', enabled: true, description: 'Broken team', data: 'sdk {\n  aws.s3.region: "never-applied"\n', lastUpdate: new Date().toISOString() });
    srv.state.data.vaults.unshift({ id: 'dddddddddddddddddddddddddddddddd', companyId: ownCompany, scope: 'group', type: 'config', format: 'hocon', enabled: true, description: 'Good team', data: 'agent.package_manager.type: uv', lastUpdate: new Date().toISOString() });
    try {
      const uri = await openPersonalVault();
      const m = await render(uri, (x) => !x.loading && !!x.preview && x.preview.layers.length === 4, 'preview with the team vaults');
      assert.deepEqual(m.preview!.layers.map((l) => `${l.name}:${l.status}`), ['clearml.conf:applied', 'Good team:applied', 'Broken team:parse-error', 'Personal vault:applied']);
      assert.match(m.preview!.layers[2].detail ?? '', /line \d+/);
      assert.ok(m.preview!.warnings.some((w) => w.code === 'other-skipped' && w.message.includes('Broken team')));
      assert.equal(m.status, 'applied');
      assert.equal(row(m, 'sdk.aws.s3.region')?.value, '"eu-west-1"');
      assert.equal(row(m, 'sdk.aws.s3.region')?.previousSource?.startsWith('clearml.conf'), true, 'the broken vault contributes nothing');
    } finally {
      srv.state.data.vaults = srv.state.data.vaults.filter((v) => !/^(c|d){32}$/.test(v.id));
    }
  });

  it('toggling "Enabled" in the vault editor updates the explorer\'s vault node at once', async () => {
    const model = api.testing.accounts.model;
    /** The personal vault's node as the explorer shows it now (cached children; loaded if the section was refreshed). */
    const vaultNode = async () => {
      const [, workspaces] = await model.children();
      const active = (await model.children(workspaces)).find((w) => w.isActiveWorkspace)!;
      const section = (await model.children(active)).find((n) => n.kind === 'vaults')!;
      return (await model.children(section)).find((n) => n.vaultId === DEMO.vault.id);
    };
    assert.match((await vaultNode())?.description ?? '', /· enabled$/);
    const uri = await openPersonalVault();
    // What the editor's "Enabled" checkbox runs.
    assert.equal(await vscode.commands.executeCommand<boolean>('clearml.vault.toggleEnabled', uri), false);
    await waitFor(async () => /· disabled$/.test((await vaultNode())?.description ?? ''), { message: 'the tree node says disabled' });
    assert.equal(await vscode.commands.executeCommand<boolean>('clearml.vault.toggleEnabled', uri), true);
    await waitFor(async () => /· enabled$/.test((await vaultNode())?.description ?? ''), { message: 'the tree node says enabled again' });
  });

  it('tree-node arguments work without an open editor (toggle by node, diff by id)', async () => {
    assert.equal(await vscode.commands.executeCommand<boolean>('clearml.vault.toggleEnabled', { kind: 'vault', vaultId: DEMO.vault.id }), false);
    assert.equal(serverVault().enabled, false);
    assert.equal(await vscode.commands.executeCommand<boolean>('clearml.vault.toggleEnabled', DEMO.vault.id), true);
    assert.equal(serverVault().enabled, true);
    const diff = await vscode.commands.executeCommand<{ changed: number }>('clearml.vault.showDiff', { vaultId: DEMO.vault.id });
    assert.ok(diff && diff.changed > 0);
  });

  it('converts a server vault to JSON after saying what is lost: an unsaved, undoable edit in "Personal vault.json", published at save', async () => {
    const uri = await openPersonalVault();
    const writes = () => srv.state.counters.calls['users.add_or_update_vault'] ?? 0;
    const before = writes();
    // Cancelling the confirmation changes nothing.
    answer({ match: /Convert "Personal vault" from HOCON to JSON/, answer: undefined });
    assert.equal(await vscode.commands.executeCommand('clearml.vault.convertFormat', uri, 'json'), undefined);
    assert.equal(doc(uri)!.getText(), DEMO.vault.data);
    const ask = seen.find((p) => p.kind === 'message' && /Convert "Personal vault" from HOCON to JSON/.test(p.message));
    assert.ok(ask && ask.kind === 'message' && ask.modal, 'a modal confirmation');
    assert.match(ask.detail ?? '', /loses 1 comment: it keeps only the values/);
    assert.match(ask.detail ?? '', /the server keeps the HOCON vault until you save/);

    answer({ match: /Convert "Personal vault" from HOCON to JSON/, answer: 'Convert' });
    const converted = await vscode.commands.executeCommand<vscode.Uri>('clearml.vault.convertFormat', uri, 'json');
    assert.ok(converted);
    assert.equal(converted.path, '/Personal vault.json', 'the document is named after its new format');
    assert.equal(converted.query, uri.query, 'the same server vault');
    const d = doc(converted)!;
    assert.ok(d.isDirty, 'unsaved');
    const parsed = JSON.parse(d.getText()) as { sdk: { aws: { s3: { region: string } } } };
    assert.equal(parsed.sdk.aws.s3.region, 'eu-west-1');
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    await waitFor(() => tabs().some((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === converted.toString()), { message: 'the JSON vault editor' });
    await waitFor(() => !tabs().some((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === uri.toString()), { message: 'the HOCON tab closed' });
    const m = await render(converted, (x) => x.version === d.version && x.document.format === 'json' && !x.loading, 'render as JSON');
    assert.equal(m.status, 'applied');
    assert.equal(writes(), before, 'nothing sent yet');
    assert.equal(serverVault().format, 'hocon');
    assert.equal(serverVault().data, DEMO.vault.data);

    // Undo brings back the HOCON text, redo the conversion.
    await vscode.window.showTextDocument(d);
    await vscode.commands.executeCommand('undo');
    assert.equal(d.getText(), DEMO.vault.data);
    await vscode.commands.executeCommand('redo');
    assert.deepEqual(JSON.parse(d.getText()), parsed);

    answer({ match: /plaintext secrets/, answer: 'Save' });
    assert.ok(await d.save());
    assert.equal(writes(), before + 1);
    assert.equal(serverVault().format, 'json');
    assert.deepEqual(JSON.parse(serverVault().data), parsed);
  });

  it('shows the effective configuration before and after the vault as a diff of read-only documents', async () => {
    const uri = await openPersonalVault();
    const diff = await vscode.commands.executeCommand<{ beforeText: string; afterText: string; changed: number; before: vscode.Uri; after: vscode.Uri }>('clearml.vault.showDiff', uri);
    assert.ok(diff && diff.changed > 0);
    assert.match(diff.beforeText, /us-east-1/);
    assert.match(diff.afterText, /eu-west-1/);
    assert.ok(!diff.afterText.includes('demo-not-a-real-secret') && !diff.beforeText.includes('base-secret-do-not-show'), 'masked');
    await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.original.toString() === diff.before.toString()), { message: 'diff tab' });
    const before = await vscode.workspace.openTextDocument(diff.before);
    assert.equal(before.getText(), diff.beforeText);
  });

  it('local files: opens with the vault editor, "Open Preview to the Side" shares the document with the text editor', async () => {
    const file = path.join(work, 'team.vault.conf');
    fs.writeFileSync(file, 'sdk.aws.s3.region: "local-region"\n');
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(uri);
    await vscode.commands.executeCommand('clearml.vault.openPreview');
    const m = await render(uri, (x) => !x.loading && !!x.preview, 'preview of the local file');
    assert.equal(m.document.kind, 'local');
    assert.match(m.document.position, /merged last/);
    assert.equal(row(m, 'sdk.aws.s3.region')?.value, '"local-region"');
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    assert.ok(tabs.some((t) => t.input instanceof vscode.TabInputCustom && t.input.viewType === 'clearml.vaultFileEditor' && t.input.uri.toString() === uri.toString()), 'custom editor beside');
    assert.ok(tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString()), 'text editor still open');
    // an edit in the text editor reaches the preview
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString())!;
    await editor.edit((b) => b.insert(new vscode.Position(1, 0), 'agent.git_user: "typed"\n'));
    const typedVersion = editor.document.version;
    const after = await render(uri, (x) => x.version === typedVersion, 'render after typing');
    assert.equal(row(after, 'agent.git_user')?.value, '"typed"');
  });

  it('"Reopen as Text" swaps the vault editor for the text editor of the same document, unsaved edits included', async () => {
    const uri = await openPersonalVault();
    const d = await replace(uri, 'jane-doe', 'kept-across-editors');
    assert.ok(d.isDirty);
    const session = await waitFor(() => vaults().sessions().includes(uri.toString()), { message: 'preview session' });
    assert.ok(session);
    // What the webview's "Reopen as Text" button runs.
    await vaults().reopenAsText(uri);
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    await waitFor(() => tabs().find((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString()), { message: 'text editor tab' });
    await waitFor(() => !tabs().some((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === uri.toString()), { message: 'the vault editor closed' });
    assert.ok(d.isDirty, `the edit is still unsaved (text has it: ${d.getText().includes('kept-across-editors')})`);
    assert.ok(vscode.window.activeTextEditor?.document.getText().includes('kept-across-editors'));
    // and back: the preview beside the text editor renders the unsaved text
    await vscode.commands.executeCommand('clearml.vault.openPreview');
    const m = await render(uri, (x) => x.text.includes('kept-across-editors') && !x.loading, 'preview of the unsaved text');
    assert.equal(row(m, 'agent.git_user')?.value, '"kept-across-editors"');
  });

  // clearml/backend_api/session/session.py Session._read_vaults parses every vault with ConfigFactory.parse_string
  it('YAML vaults: previewed as the SDK reads them (as HOCON), with the warning and the way to convert', async () => {
    const file = path.join(work, 'as-hocon.vault.yaml'); // team.vault.conf exists: an earlier test wrote it
    fs.writeFileSync(file, 'sdk:\n  aws:\n    s3:\n      region: yaml-region\n');
    const uri = vscode.Uri.file(file);
    await vscode.commands.executeCommand('vscode.openWith', uri, 'clearml.vaultFileEditor');
    const m = await render(uri, (x) => !x.loading && !!x.preview, 'preview of the YAML file');
    assert.equal(m.document.format, 'yaml');
    assert.equal(row(m, 'sdk.aws.s3.region'), undefined, 'the SDK does not see the YAML nesting');
    assert.equal(row(m, 's3')?.value, '"region: yaml-region"');
    const w = m.preview!.warnings.find((x) => x.code === 'yaml-format');
    assert.ok(w && w.level === 'error', 'nested YAML reads as garbage HOCON: an error-level warning');
    assert.match(w.message, /^SDKs read this vault as HOCON: .*Convert it to HOCON/);
    // one click: the diagnostic's quick fix runs the conversion to HOCON
    const diagnostic = await waitFor(() => vscode.languages.getDiagnostics(uri).find((d) => d.message.startsWith('SDKs read this vault as HOCON:')), { message: 'the SDK-reading diagnostic' });
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title.startsWith('Convert this vault to HOCON'));
    assert.ok(fix?.command, actions.map((a) => a.title).join(', '));
    answer(
      { match: /Convert "as-hocon\.vault\.yaml" from YAML to HOCON/, answer: 'Convert' },
      { match: /Rename as-hocon\.vault\.yaml to as-hocon\.vault\.conf/, answer: 'Rename' },
    );
    const converted = await vscode.commands.executeCommand<vscode.Uri>(fix.command.command, ...(fix.command.arguments ?? []));
    assert.equal(converted?.fsPath, path.join(work, 'as-hocon.vault.conf'));
    const text = await waitFor(() => doc(converted!)?.getText(), { message: 'converted document' });
    assert.deepEqual(parseHocon(text), { sdk: { aws: { s3: { region: 'yaml-region' } } } }, 'read as HOCON it now holds the YAML\'s values');
  });

  it('local files: converts the format and renames the file', async () => {
    const file = path.join(work, 'convert.vault.conf');
    fs.writeFileSync(file, '# team region\nsdk { aws { s3 { region: "x" } } }\nsdk.copy: ${sdk.aws.s3.region} // same\n');
    const uri = vscode.Uri.file(file);
    await vscode.commands.executeCommand('vscode.openWith', uri, 'clearml.vaultFileEditor');
    await render(uri, (x) => !!x.preview, 'preview');
    answer(
      { match: /Convert "convert\.vault\.conf" from HOCON to YAML/, answer: 'Convert' },
      { match: /Rename convert\.vault\.conf to convert\.vault\.yaml/, answer: 'Rename' },
    );
    const renamed = await vscode.commands.executeCommand<vscode.Uri>('clearml.vault.convertFormat', uri, 'yaml');
    assert.equal(renamed?.fsPath, path.join(work, 'convert.vault.yaml'));
    const d = await waitFor(() => doc(renamed!), { message: 'renamed document open' });
    assert.match(d.getText(), /region: x/);
    assert.match(d.getText(), /copy: x/);
    assert.ok(!fs.existsSync(file), 'old name gone');
    const ask = seen.find((p) => p.kind === 'message' && /Convert "convert\.vault\.conf"/.test(p.message));
    assert.match(ask?.kind === 'message' ? ask.detail ?? '' : '', /loses 2 comments, 1 substitution/);
  });

  it('pushes a local file to the personal vault and pulls it back into a file', async () => {
    const file = path.join(work, 'mine.vault.conf');
    const text = 'sdk {\n  aws.s3.region: "pushed-region"\n}\nagent.git_user: "pusher"\n';
    fs.writeFileSync(file, text);
    const uri = vscode.Uri.file(file);
    answer(
      { match: /Push mine\.vault\.conf to/, answer: 'Personal vault' },
      { match: /Replace the server vault "Personal vault" with mine\.vault\.conf/, answer: 'Replace' },
    );
    const id = await vscode.commands.executeCommand<string>('clearml.vault.push', uri);
    assert.equal(id, DEMO.vault.id);
    assert.equal((await client.getVaults()).find((v) => v.id === id)!.data, text);

    // Pull into the workspace-less temp folder: the explorer passes the folder.
    const folder = vscode.Uri.file(path.join(work, 'pulled'));
    fs.mkdirSync(folder.fsPath, { recursive: true });
    fs.writeFileSync(path.join(folder.fsPath, 'personal-vault.vault.conf'), 'old text\n');
    await client.addOrUpdateVault({ id: DEMO.vault.id, data: text + 'sdk.extra: 1\n', format: 'hocon', enabled: true, scope: 'user', type: 'config' });
    answer(
      { match: /Open Configuration Vault|Pull Server Vault/, answer: 'Personal vault' },
      { match: /Pull "Personal vault" into a file/, answer: (p) => (p.kind === 'quickPick' ? p.items.find((i) => i.startsWith('Save as')) : undefined) },
      { match: /Overwrite .*personal-vault\.vault\.conf/, answer: 'Overwrite' },
    );
    const target = await vscode.commands.executeCommand<vscode.Uri>('clearml.vault.pull', folder);
    assert.equal(target?.fsPath, path.join(folder.fsPath, 'personal-vault.vault.conf'));
    assert.equal(fs.readFileSync(target!.fsPath, 'utf8'), text + 'sdk.extra: 1\n');
    assert.equal(fs.readFileSync(target!.fsPath + '.bak', 'utf8'), 'old text\n', 'the overwritten file is kept as .bak');
    // The pulled file is linked: its preview sits at the vault's place.
    await vscode.commands.executeCommand('vscode.openWith', target, 'clearml.vaultFileEditor');
    const m = await render(target!, (x) => !x.loading && !!x.preview, 'preview of the pulled file');
    assert.match(m.document.position, /linked to the server vault "Personal vault"/);
  });

  it('local files opened as plain text still get Problems entries, cleared when fixed', async () => {
    const file = path.join(work, 'plain.vault.conf');
    fs.writeFileSync(file, 'sdk {\n  aws.s3.region: "eu"\n');
    const uri = vscode.Uri.file(file);
    const editor = await vscode.window.showTextDocument(uri);
    assert.ok(!vaults().sessions().includes(uri.toString()), 'no preview open');
    const errors = () => vscode.languages.getDiagnostics(uri).filter((x) => x.severity === vscode.DiagnosticSeverity.Error);
    await waitFor(() => errors().length === 1, { message: 'parse error diagnostic' });
    assert.equal(errors()[0].source, 'ClearML vault');
    assert.equal(errors()[0].range.start.line, 0, 'the unclosed { on line 1');
    await editor.edit((b) => b.insert(new vscode.Position(2, 0), '}\n'));
    await waitFor(() => errors().length === 0, { message: 'diagnostic cleared' });
  });

  it('servers without vaults (open source) give a clear error', async () => {
    const open = await startServer({ port: 0, edition: 'opensource' });
    try {
      await vscode.commands.executeCommand('clearml.signIn', { apiServer: open.url, accessKey: DEMO.signIn.accessKey, secretKey: DEMO.signIn.secretKey });
      await waitFor(() => api.accounts.active?.profile.apiServer.startsWith(open.url), { message: 'signed in to the open-source server' });
      const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('clearml.vault.open');
      assert.equal(uri, undefined);
      const err = seen.find((p) => p.kind === 'message' && p.severity === 'error');
      assert.ok(err && err.kind === 'message' && /vaults is not available on this server \(users\.get_vaults\)/.test(err.message), `error shown: ${seen.map(textOf).join(' | ')}`);
    } finally {
      await vscode.commands.executeCommand('clearml.signIn', { apiServer: srv.url, accessKey: DEMO.signIn.accessKey, secretKey: DEMO.signIn.secretKey });
      await waitFor(() => api.accounts.active?.profile.apiServer.startsWith(srv.url), { message: 'back on the enterprise server' });
      await open.close();
    }
  });

  it('group vaults are read-only for members who are not administrators', async () => {
    const vision = DEMO.workspaces.vision.credentials;
    await vscode.commands.executeCommand('clearml.signIn', { apiServer: srv.url, accessKey: vision.accessKey, secretKey: vision.secretKey });
    try {
      await waitFor(() => api.accounts.active?.profile.accessKey === vision.accessKey && api.accounts.active.user?.role, { message: 'signed in to Vision Team with a known role' });
      assert.equal(api.accounts.active!.user!.role, 'user');
      const uri = await vscode.commands.executeCommand<vscode.Uri>('clearml.vault.open', DEMO.groupVault.id);
      assert.ok(uri);
      const m = await render(uri, (x) => !x.loading && !!x.preview, 'preview of the group vault');
      assert.equal(m.document.readOnly, true);
      assert.equal((await vscode.workspace.fs.stat(uri)).permissions, vscode.FilePermission.Readonly);
      // An API edit still lands in the document, but it never reaches the server.
      const d = doc(uri)!;
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(0, 0), '# try\n');
      if (await vscode.workspace.applyEdit(edit)) {
        assert.equal(await d.save(), false, 'saving a read-only vault fails');
        assert.ok(!serverVault(DEMO.groupVault.id).data.startsWith('# try'));
      }
    } finally {
      await closeAll();
      await vscode.commands.executeCommand('clearml.signIn', { apiServer: srv.url, accessKey: DEMO.signIn.accessKey, secretKey: DEMO.signIn.secretKey });
      await waitFor(() => api.accounts.active?.profile.accessKey === DEMO.signIn.accessKey, { message: 'back in the own workspace' });
    }
  });

  it('push creates the personal vault when the user has none', async () => {
    const saved = srv.state.data.vaults;
    srv.state.data.vaults = saved.filter((v) => v.id !== DEMO.vault.id);
    try {
      const file = path.join(work, 'fresh.vault.json');
      fs.writeFileSync(file, '{ "sdk": { "aws": { "s3": { "region": "from-json" } } } }\n');
      answer({ match: /Push fresh\.vault\.json to/, answer: 'Create my personal vault' });
      const id = await vscode.commands.executeCommand<string>('clearml.vault.push', vscode.Uri.file(file));
      assert.ok(id && id !== DEMO.vault.id);
      const created = (await client.getVaults()).find((v) => v.id === id)!;
      assert.deepEqual([created.scope, created.format, created.enabled, created.type], ['user', 'json', true, 'config']);
      assert.equal(created.data, fs.readFileSync(file, 'utf8'));
    } finally {
      srv.state.data.vaults = saved;
    }
  });

  it('the webviews sent only messages the protocol schema accepts', () => {
    assert.ok(vaults().posted().length > 0);
    assert.deepEqual([...vaults().rejected()], []);
  });
});
