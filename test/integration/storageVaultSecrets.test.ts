/**
 * Storage Credentials panel, writing into a configuration vault: a key and secret written there are plaintext in live
 * configuration, so the panel asks with the vault editor's own warning; declining sends nothing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StorageTesting } from '../../src/extension/storage';
import type { Prompt } from '../../src/extension/ui';
import type { ToStorageWebview } from '../../src/core/protocol/storage';
import { startServer, type RunningServer } from '../../server/index';
import { DEMO } from '../../server/demo';
import { getExtension, tmpDir, waitFor, type ExtensionApi } from './helpers';

describe('storage credentials panel: a secret written into a vault', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let storage: StorageTesting;
  let srv: RunningServer;
  const prompts: Prompt[] = [];
  let secretAnswer: string | undefined;

  const vaultData = () => srv.state.data.vaults.find((v) => v.id === DEMO.vault.id)!.data;
  async function saveToVault(key: string): Promise<Extract<ToStorageWebview, { type: 'saveResult' }>> {
    const from = storage.sent().length;
    await storage.postFromWebview({ type: 'refresh' });
    await waitFor(() => storage.sent().slice(from).some((m) => m.type === 'state'), { message: 'state' });
    const at = storage.sent().length;
    await storage.postFromWebview({ type: 'saveEntry', provider: 's3', layer: DEMO.vault.id, fields: { bucket: 'vault-bucket', key }, secrets: { secret: 'vault-secret-value' } });
    return waitFor(() => storage.sent().slice(at).find((m) => m.type === 'saveResult') as Extract<ToStorageWebview, { type: 'saveResult' }> | undefined, { message: 'saveResult' });
  }

  before(async () => {
    api = await getExtension();
    storage = api.testing.storage as StorageTesting;
    srv = await startServer({ port: 0, edition: 'enterprise' });
    const dir = tmpDir('clearml-storage-vault-secrets-');
    const file = path.join(dir, 'clearml.conf');
    fs.writeFileSync(file, 'api { api_server: "http://127.0.0.1:8008" }\n');
    storage.setHost({ env: { CLEARML_CONFIG_FILE: file }, homedir: dir });
    api.testing.ui.setResponder((prompt) => {
      prompts.push(prompt);
      if (prompt.kind !== 'message') return undefined;
      if (prompt.message.startsWith('Add:')) return 'Add';
      return /plaintext secrets/.test(prompt.message) ? secretAnswer : undefined;
    });
    await vscode.commands.executeCommand('clearml.signIn', { apiServer: srv.url, accessKey: DEMO.signIn.accessKey, secretKey: DEMO.signIn.secretKey });
    await waitFor(() => api.accounts.active?.profile.apiServer === srv.url || undefined, { message: 'signed in to the test server' });
  });
  beforeEach(() => { prompts.length = 0; });
  after(async () => {
    storage.setHost(undefined);
    api.testing.ui.reset();
    await api.testing.accounts.signOutAll();
    await srv?.close();
  });

  it('asks with the vault editor\'s plaintext-secret warning; declining writes nothing, Save writes the entry', async () => {
    const before = vaultData();
    secretAnswer = undefined;
    const declined = await saveToVault('AKIAVAULTDECLINED');
    assert.equal(declined.ok, false);
    const warning = prompts.find((p) => p.kind === 'message' && /plaintext secrets/.test(p.message));
    assert.ok(warning && warning.kind === 'message', `prompts: ${JSON.stringify(prompts)}`);
    assert.equal(warning.modal, true);
    assert.match(warning.message, /^The vault "Personal vault" contains plaintext secrets: sdk\.aws\.s3\.credentials\.\d+\.secret \(line \d+\)/);
    assert.match(warning.detail ?? '', /\$\{ENV_VAR\} references keep them out of the vault/);
    assert.equal(vaultData(), before, 'nothing sent');

    secretAnswer = 'Save';
    assert.equal((await saveToVault('AKIAVAULTSAVED')).ok, true);
    assert.ok(vaultData().includes('AKIAVAULTSAVED'));
  });
});
