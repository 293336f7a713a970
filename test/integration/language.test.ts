/**
 * clearml.conf and vaults as a language inside a real VS Code: diagnostics with quick fixes, hover with the effective
 * value, completion, outline, folding, go to definition, and nothing at all for other *.conf files.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startServer, type RunningServer } from '../../server/index';
import { DEMO } from '../../server/demo';
import { vaultUri } from '../../src/extension/vault/uri';
import { getExtension, tmpDir, waitFor, type ExtensionApi } from './helpers';

const CONF = `api {
  api_servr: "http://localhost:8008"
  web_server: http://localhost:8080
  credentials { access_key: "AKAKAKAKAKAKAKAKAKAK", secret_key: "verysecretvalue123" }
}
sdk {
  aws { s3 { credentials: [ { bucket: "my-bucket", key: "k", secret: "s",  } ] } }
  development.default_output_uri: "s3://ver"
}
base { image: "nvidia/cuda" }
agent.default_docker: \${base}
`;

/** The findings of this extension (the vault area's carry another source). */
const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ClearML');

function write(dir: string, name: string, text: string): vscode.Uri {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return vscode.Uri.file(file);
}

async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Position of the `n`th character of `needle` in the document (0 = its start). */
function at(doc: vscode.TextDocument, needle: string, n = 0): vscode.Position {
  const i = doc.getText().indexOf(needle);
  assert.ok(i >= 0, `"${needle}" in the document`);
  return doc.positionAt(i + n);
}

async function hoverText(doc: vscode.TextDocument, position: vscode.Position): Promise<{ text: string; contents: vscode.MarkdownString[] }> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
  const contents = hovers.flatMap((h) => h.contents).filter((c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString);
  return { text: contents.map((c) => c.value).join('\n'), contents };
}

async function completionLabels(doc: vscode.TextDocument, position: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, position);
  return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

describe('conf language', function () {
  this.timeout(60_000);
  before(async () => {
    await getExtension();
  });

  afterEach(async () => {
    // Revert what a test edited, so closing never prompts.
    for (const d of vscode.workspace.textDocuments) if (d.isDirty) {
      await vscode.window.showTextDocument(d);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a typo gets a diagnostic at its line and the quick fix renames it', async () => {
    const doc = await open(write(tmpDir(), 'clearml.conf', CONF));
    assert.equal(doc.languageId, 'hocon');
    const typo = await waitFor(() => ours(doc.uri).find((d) => d.code === 'unknown-key'), { message: 'the unknown-key finding' });
    assert.equal(typo.range.start.line, 1);
    assert.equal(doc.getText(typo.range), 'api_servr');
    assert.match(typo.message, /api_server/);
    assert.equal(typo.severity, vscode.DiagnosticSeverity.Warning);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, typo.range, vscode.CodeActionKind.QuickFix.value);
    const rename = actions.find((a) => a.title === 'Rename to api_server');
    assert.ok(rename?.edit, `a rename fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(rename.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(rename.edit));
    assert.equal(doc.lineAt(1).text, '  api_server: "http://localhost:8008"');
    // The edit is linted again after the typing pause: the finding goes.
    await waitFor(() => !ours(doc.uri).some((d) => d.code === 'unknown-key'), { message: 'the finding to go after the fix' });
  });

  it('hover over a key an environment variable overrides names the variable and its value', async () => {
    const doc = await open(write(tmpDir(), 'clearml.conf', CONF));
    const before = process.env.CLEARML_WEB_HOST;
    process.env.CLEARML_WEB_HOST = 'http://from-env.example:8080';
    try {
      const { text, contents } = await hoverText(doc, at(doc, 'web_server', 3));
      assert.match(text, /CLEARML_WEB_HOST/);
      assert.match(text, /from-env\.example/);
      for (const c of contents) {
        assert.ok(!c.isTrusted, 'hover Markdown is not trusted');
        assert.ok(!c.supportHtml, 'hover Markdown renders no HTML');
      }
    } finally {
      if (before === undefined) delete process.env.CLEARML_WEB_HOST;
      else process.env.CLEARML_WEB_HOST = before;
    }
  });

  it('a value from the file never becomes a link in a hover, and no secret is shown', async () => {
    const hostile = CONF.replace('web_server: http://localhost:8080', 'web_server: "[run](command:workbench.action.quit) <command:x>"');
    const doc = await open(write(tmpDir(), 'clearml.conf', hostile));
    const { text } = await hoverText(doc, at(doc, 'web_server', 3));
    assert.match(text, /run/, 'the effective value is shown');
    assert.doesNotMatch(text, /\]\(command:/);
    assert.doesNotMatch(text, /<command:/);
    const credentials = await hoverText(doc, at(doc, 'secret_key', 2));
    assert.doesNotMatch(credentials.text, /verysecretvalue123/);
  });

  it('completion inside an S3 entry offers its fields', async () => {
    const doc = await open(write(tmpDir(), 'clearml.conf', CONF));
    const labels = await completionLabels(doc, at(doc, 'secret: "s", ', 'secret: "s", '.length));
    for (const field of ['host', 'secure', 'multipart', 'region', 'use_credentials_chain']) assert.ok(labels.includes(field), `${field} in ${labels.join(', ')}`);
  });

  it('word-based suggestions are off: a secret in the file is never offered as a word', async () => {
    const doc = await open(write(tmpDir(), 'clearml.conf', CONF));
    // Inside a value the core has nothing to offer; VS Code's word-based suggestions would offer the secret here.
    const labels = await completionLabels(doc, at(doc, 's3://ver', 'S3://ver'.length));
    assert.ok(!labels.includes('verysecretvalue123'), `no secret among ${labels.join(', ')}`);
    assert.equal(vscode.workspace.getConfiguration('editor', doc).get('wordBasedSuggestions'), 'off');
  });

  it('outline, folding and go to definition of a ${path} substitution', async () => {
    const doc = await open(write(tmpDir(), 'clearml.conf', CONF));
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    assert.deepEqual(symbols.map((s) => s.name), ['api', 'sdk', 'base', 'agent']);
    assert.deepEqual(symbols[0].children.map((s) => s.name), ['api_servr', 'web_server', 'credentials']);
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', doc.uri);
    assert.ok(folds.some((f) => f.start === 0 && f.end === 3), `api { … } folds: ${JSON.stringify(folds)}`);
    const targets = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, at(doc, '${base}', 3));
    const target = targets[0];
    const range = target instanceof vscode.Location ? target.range : (target as vscode.LocationLink).targetRange;
    assert.equal(doc.getText(range), 'base');
    assert.equal(range.start.line, 9);
  });

  it('go to definition of an include opens the included file', async () => {
    const folder = tmpDir();
    write(folder, 'extra.conf', 'sdk { }\n');
    const doc = await open(write(folder, 'clearml.conf', 'include file("extra.conf")\napi { }\n'));
    const targets = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', doc.uri, at(doc, 'extra.conf', 2));
    assert.equal(targets[0]?.uri.fsPath, path.join(folder, 'extra.conf'));
  });

  it('an nginx.conf gets nothing: no diagnostics, hover, completion or outline', async () => {
    const folder = tmpDir();
    const text = 'api {\n  api_servr: x\n}\n';
    const nginx = await open(write(folder, 'nginx.conf', text));
    // The same text as a clearml.conf, opened after it, is checked: by then the nginx.conf would have been too.
    const conf = await open(write(folder, 'clearml.conf', text));
    await waitFor(() => ours(conf.uri).length > 0, { message: 'the clearml.conf beside it to be checked' });
    assert.deepEqual(ours(nginx.uri), []);
    assert.doesNotMatch((await hoverText(nginx, at(nginx, 'api', 1))).text, /api/);
    assert.ok(!(await completionLabels(nginx, at(nginx, 'api_servr', 4))).includes('api_server'));
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', nginx.uri);
    assert.deepEqual(symbols ?? [], []);
    // The legacy name the SDK still reads is checked.
    const trains = await open(write(folder, 'trains.conf', text));
    await waitFor(() => ours(trains.uri).some((d) => d.code === 'unknown-key'), { message: 'the trains.conf to be checked' });
  });

  it('a local vault file: one parse error in Problems (the vault area\'s), key checks from the language', async () => {
    const folder = tmpDir();
    const broken = await open(write(folder, 'team.vault.conf', 'api {\n  api_server: "http://x:8008"\n'));
    await waitFor(() => vscode.languages.getDiagnostics(broken.uri).some((d) => d.code === 'parse-error'), { message: 'the vault area\'s parse error' });
    assert.equal(vscode.languages.getDiagnostics(broken.uri).filter((d) => d.code === 'parse-error').length, 1);
    const typo = await open(write(folder, 'typo.vault.conf', 'api {\n  web_servr: "http://x:8080"\n}\n'));
    const finding = await waitFor(() => ours(typo.uri).find((d) => d.code === 'unknown-key'), { message: 'the vault\'s unknown key' });
    assert.equal(finding.range.start.line, 1);
  });
});

describe('conf language with a signed-in server', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let srv: RunningServer;

  before(async () => {
    api = await getExtension();
    srv = await startServer({ port: 0, edition: 'enterprise' });
    await vscode.commands.executeCommand('clearml.signIn', { apiServer: srv.url, accessKey: DEMO.signIn.accessKey, secretKey: DEMO.signIn.secretKey });
    await waitFor(() => api.accounts.active?.profile.apiServer === srv.url, { message: 'signed in to the local server' });
  });

  after(async () => { await srv?.close(); });

  afterEach(async () => {
    for (const d of vscode.workspace.textDocuments) if (d.isDirty) {
      await vscode.window.showTextDocument(d);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('hover in clearml.conf names the enabled vault that overrides the key', async () => {
    const doc = await open(write(tmpDir(), 'clearml.conf', 'sdk {\n  development { default_output_uri: "s3://from-the-file" }\n}\n'));
    const { text } = await hoverText(doc, at(doc, 'default_output_uri', 3));
    assert.match(text, /Personal vault/);
    assert.match(text, /vision-datasets\/models/);
  });

  it('a server vault document: key checks from the language, its one parse error from the vault area', async () => {
    const vault = srv.state.data.vaults.find((v) => v.id === DEMO.vault.id)!;
    const doc = await vscode.workspace.openTextDocument(vaultUri(api.accounts.active!.profile.id, vault));
    await vscode.window.showTextDocument(doc);
    const edit = new vscode.WorkspaceEdit();
    const at0 = doc.getText().indexOf('git_user');
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(at0), doc.positionAt(at0 + 'git_user'.length)), 'git_usr');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const typo = await waitFor(() => ours(doc.uri).find((d) => d.code === 'unknown-key'), { message: 'the typo in the server vault' });
    assert.equal(doc.getText(typo.range), 'git_usr');
    const unclose = new vscode.WorkspaceEdit();
    unclose.insert(doc.uri, new vscode.Position(doc.lineCount - 1, 0), 'api {\n');
    assert.ok(await vscode.workspace.applyEdit(unclose));
    await waitFor(() => vscode.languages.getDiagnostics(doc.uri).some((d) => d.code === 'parse-error' && d.source === 'ClearML vault'), { message: 'the vault area\'s parse error' });
    // The language has checked the broken text too once its key findings are gone (a parse error ends them).
    await waitFor(() => !ours(doc.uri).some((d) => d.code === 'unknown-key'), { message: 'the language to check the broken text' });
    assert.equal(vscode.languages.getDiagnostics(doc.uri).filter((d) => d.code === 'parse-error').length, 1);
    // As the vault area's, the entries of a server vault no tab shows go (its document outlives the tab).
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor(() => vscode.languages.getDiagnostics(doc.uri).length === 0, { message: 'no entries once no tab shows the vault' });
  });
});
