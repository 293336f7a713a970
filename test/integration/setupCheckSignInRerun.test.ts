/**
 * The Setup Check does not go stale when the user signs in (issue 21 item 4: the check re-runs when what it reads
 * changes). Found driving the demo as a new user: the check ran when the view opened (signed out: clearml.conf only,
 * "No storage credential problems found"), then "Use Existing Setup" signed in, and the check kept saying so while the
 * signed-in server's personal vault holds an S3 entry with a warning, until the check was run by hand.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunningServer } from '../../server/index';
import type { SetupReport } from '../../src/core/setup-check';
import { DEMO, harness, resetAccounts, server, signIn, type Harness } from './accountsFixture';
import { tmpDir, waitFor } from './helpers';

describe('setup check: signing in checks again', function () {
  this.timeout(60_000);
  let h: Harness;
  let srv: RunningServer;
  const savedConfigFile = process.env.CLEARML_CONFIG_FILE;
  const vaultFindings = (r: SetupReport | undefined) => (r?.findings ?? []).filter((f) => f.check === 'storage' && f.message.includes('vault "Personal vault"'));

  before(async () => {
    h = await harness();
    await resetAccounts(h);
    srv = await server('enterprise'); // the demo user's personal vault sets an S3 entry without a region
    const conf = path.join(tmpDir('clearml-check-signin-'), 'clearml.conf');
    fs.writeFileSync(conf, `api {\n  api_server: "${srv.url}"\n  credentials { access_key: "${DEMO.signIn.accessKey}", secret_key: "${DEMO.signIn.secretKey}" }\n}\n`);
    process.env.CLEARML_CONFIG_FILE = conf;
  });

  after(async () => {
    if (savedConfigFile === undefined) delete process.env.CLEARML_CONFIG_FILE; else process.env.CLEARML_CONFIG_FILE = savedConfigFile;
    await resetAccounts(h);
    await srv.close();
  });

  it('a report made while signed out is replaced by one that includes the signed-in server\'s vaults', async () => {
    // Run from the palette: the Setup Check view is shown, with its report on screen.
    const signedOut = await vscode.commands.executeCommand<SetupReport>('clearml.setupCheck.run');
    assert.ok(signedOut, 'the check ran');
    assert.deepEqual(vaultFindings(signedOut), [], 'signed out: no vault is read');
    await signIn(srv.url);
    const report = () => h.api.testing.setupCheck.report();
    const fresh = await waitFor(() => (report() !== signedOut && vaultFindings(report()).length ? report() : undefined), { message: 'a re-run with the vault after signing in' });
    assert.ok(vaultFindings(fresh).some((f) => f.status === 'warning'), 'the vault entry\'s warning is reported');
  });
});
