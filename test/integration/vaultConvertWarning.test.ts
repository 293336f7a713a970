/**
 * Converting a server vault to YAML says, before anything changes, that the SDK would misread it: clearml's
 * Session._read_vaults (clearml/backend_api/session/session.py) parses every vault with ConfigFactory.parse_string
 * (HOCON) whatever its declared format. Found driving the demo as a new user: the conversion modal only spoke of a
 * lost comment, and right after it the editor reported "SDKs read this vault as HOCON: read that way this YAML gives
 * other values".
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startServer, type RunningServer } from '../../server/index';
import { DEMO } from '../../server/demo';
import type { Prompt } from '../../src/extension/ui';
import { getExtension, tmpDir, waitFor, type ExtensionApi } from './helpers';

const SDK_MISREADS = /read every vault as HOCON, whatever its format, and this YAML does not read the same as HOCON/;

describe('vault conversion warns about the SDK reading', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let srv: RunningServer;
  const seen: Prompt[] = [];

  const conversionPrompt = (to: string) => seen.find((p): p is Extract<Prompt, { kind: 'message' }> => p.kind === 'message' && p.message.includes(`from HOCON to ${to}`));

  before(async () => {
    api = await getExtension();
    srv = await startServer({ port: 0, edition: 'enterprise' });
    const home = tmpDir('clearml-convert-home-');
    fs.writeFileSync(path.join(home, 'clearml.conf'), 'api { api_server: "http://localhost:8008" }\n');
    api.testing.vaults.setBaseHost({ env: {}, homedir: home });
    // Every prompt is recorded and dismissed: the conversion is cancelled, nothing changes.
    api.testing.ui.setResponder((p) => { seen.push(p); return undefined; });
    await vscode.commands.executeCommand('clearml.signIn', { apiServer: srv.url, accessKey: DEMO.signIn.accessKey, secretKey: DEMO.signIn.secretKey });
    await waitFor(() => api.accounts.active, { message: 'signed in' });
  });

  beforeEach(() => { seen.length = 0; });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    api.testing.vaults.setBaseHost(undefined);
    api.testing.ui.reset();
    await srv?.close();
  });

  it('to YAML: the modal says the SDK would read other values, before the user converts', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('clearml.vault.open', DEMO.vault.id);
    assert.ok(uri, 'the personal vault opens');
    assert.equal(await vscode.commands.executeCommand('clearml.vault.convertFormat', uri, 'yaml'), undefined, 'cancelled');
    const ask = conversionPrompt('YAML');
    assert.ok(ask, `a conversion prompt; seen: ${seen.map((p) => p.kind).join(', ')}`);
    assert.ok(ask.modal, 'a modal');
    assert.match(ask.detail ?? '', SDK_MISREADS);
    assert.match(ask.detail ?? '', /Keep HOCON or JSON/);
    assert.equal(srv.state.data.vaults.find((v) => v.id === DEMO.vault.id)?.format, 'hocon', 'nothing written');
  });

  it('to JSON (which is HOCON): no such warning', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('clearml.vault.open', DEMO.vault.id);
    assert.ok(uri);
    await vscode.commands.executeCommand('clearml.vault.convertFormat', uri, 'json');
    const ask = conversionPrompt('JSON');
    assert.ok(ask, 'a conversion prompt');
    assert.doesNotMatch(ask.detail ?? '', /read every vault as HOCON/);
  });
});
