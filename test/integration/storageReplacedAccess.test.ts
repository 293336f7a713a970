/**
 * "Can I upload to…?" under a vault whose list replaces clearml.conf's (issue 21 item 1, the access test's part). Found
 * driving the demo as a new user: an entry for s3://my-new-bucket saved to clearml.conf, then a test of
 * s3://my-new-bucket/path answered only "No sdk.aws.s3.credentials entry matches …: add an entry for bucket
 * my-new-bucket", with the entry just added on screen. The SDK merges the vault over clearml.conf with pyhocon's
 * merge_configs, where a list replaces the list below it whole (clearml/backend_api/session/session.py
 * Session._load_vaults -> config.set_overrides; clearml/backend_config/config.py Config._reload ->
 * ConfigTree.merge_configs), so the result must say which entry would match and why it does not count.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StorageTesting } from '../../src/extension/storage';
import type { ToStorageWebview } from '../../src/core/protocol/storage';
import { startServer, type RunningServer } from '../../server/index';
import { DEMO } from '../../server/demo';
import { getExtension, tmpDir, waitFor, type ExtensionApi } from './helpers';

type TestResult = Extract<ToStorageWebview, { type: 'testResult' }>;

/** clearml.conf with an entry for my-new-bucket; the demo's personal vault sets sdk.aws.s3.credentials too. */
const CONF = `api { api_server: "http://localhost:8008" }
sdk {
  aws {
    s3 {
      credentials: [
        { bucket: "my-new-bucket", key: "AKIAREPLACEDENTRY01", secret: "replaced-entry-secret" }
      ]
    }
  }
}
`;

describe('storage access test: an entry a vault\'s list replaces', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let storage: StorageTesting;
  let srv: RunningServer;
  let file: string;

  async function testUri(uri: string): Promise<TestResult> {
    const from = storage.sent().length;
    await storage.postFromWebview({ type: 'testUri', uri });
    return waitFor(() => storage.sent().slice(from).find((m) => m.type === 'testResult') as TestResult | undefined, { message: `the test result for ${uri}` });
  }

  before(async () => {
    api = await getExtension();
    storage = api.testing.storage as StorageTesting;
    srv = await startServer({ port: 0, edition: 'enterprise' });
    const dir = tmpDir('clearml-storage-replaced-');
    file = path.join(dir, 'clearml.conf');
    fs.writeFileSync(file, CONF);
    storage.setHost({ env: { CLEARML_CONFIG_FILE: file }, homedir: dir });
    await vscode.commands.executeCommand('clearml.signIn', { apiServer: srv.url, accessKey: DEMO.signIn.accessKey, secretKey: DEMO.signIn.secretKey });
    await waitFor(() => api.accounts.active?.profile.apiServer === srv.url || undefined, { message: 'signed in to the test server' });
  });

  after(async () => {
    storage.setHost(undefined);
    await api.testing.accounts.signOutAll(); // the next suites sign in to their own servers
    await srv?.close();
  });

  it('names the clearml.conf entry that would match and why it does not count', async () => {
    const r = await testUri('s3://my-new-bucket/path');
    assert.equal(r.result.outcome, 'no-entry', 'the SDK has no entry for the bucket');
    assert.match(r.result.message, /Note: s3:\/\/my-new-bucket in .*clearml\.conf would match s3:\/\/my-new-bucket\/path, but it is replaced by vault "Personal vault": its list wins/);
    assert.ok(!JSON.stringify(r).includes('replaced-entry-secret'), 'no secret in the result');
  });

  it('says nothing of it for a URI the entry would not serve', async () => {
    const r = await testUri('s3://other-bucket/path');
    assert.doesNotMatch(r.result.message, /would match/);
  });
});
