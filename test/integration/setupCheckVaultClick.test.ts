/**
 * A Setup Check finding about a setting a vault writes opens that vault at the line (issue 21 item 4: "a click on a
 * finding opens the file at its line"). Found driving the demo as a new user: the storage warning "sdk.aws.s3.credentials
 * item 1 (vault "Personal vault":6) … has no region" did nothing when clicked, while findings in clearml.conf open it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunningServer } from '../../server/index';
import type { SetupReport } from '../../src/core/setup-check';
import { DEMO, harness, resetAccounts, server, signIn, type Harness } from './accountsFixture';
import { tmpDir, waitFor } from './helpers';

describe('setup check: a finding in a vault', function () {
  this.timeout(60_000);
  let h: Harness;
  let srv: RunningServer;
  const savedConfigFile = process.env.CLEARML_CONFIG_FILE;

  before(async () => {
    h = await harness();
    await resetAccounts(h);
    srv = await server('enterprise'); // vaults are an enterprise feature; the demo user's personal vault sets an S3 entry
    const conf = path.join(tmpDir('clearml-check-vault-'), 'clearml.conf');
    fs.writeFileSync(conf, `api {\n  api_server: "${srv.url}"\n  credentials { access_key: "${DEMO.signIn.accessKey}", secret_key: "${DEMO.signIn.secretKey}" }\n}\n`);
    process.env.CLEARML_CONFIG_FILE = conf;
    await signIn(srv.url);
  });

  after(async () => {
    if (savedConfigFile === undefined) delete process.env.CLEARML_CONFIG_FILE; else process.env.CLEARML_CONFIG_FILE = savedConfigFile;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await resetAccounts(h);
    await srv.close();
  });

  it('a click on the storage finding opens the vault as text at the line of its entry', async () => {
    const report = await vscode.commands.executeCommand<SetupReport>('clearml.setupCheck.runAgain');
    assert.ok(report, 'the check ran');
    const provider = h.api.testing.setupCheck.provider;
    const storage = provider.getChildren().find((n) => n.kind === 'check' && n.check === 'storage');
    assert.ok(storage, 'a storage node');
    // The group names its worst finding, counted in plain English ("1 warning", was "1 warnings").
    assert.match(String(provider.getTreeItem(storage).description), /^1 warning: /);
    // The vault's entry has no region (a warning) and default_output_uri uses it (ok): one child node each.
    const inVault = provider.getChildren(storage).find((n) => n.kind === 'finding' && n.finding.status === 'warning' && n.finding.message.includes('(vault "Personal vault":'));
    assert.ok(inVault && inVault.kind === 'finding', `a warning about the vault's entry: ${JSON.stringify(report.findings.filter((f) => f.check === 'storage').map((f) => f.message))}`);
    const line = inVault.finding.location?.line;
    assert.ok(line, 'the finding knows its line');
    const command = provider.getTreeItem(inVault).command;
    assert.ok(command, 'the finding has a click command');
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.scheme === 'clearml-vault' ? vscode.window.activeTextEditor : undefined), { message: 'the vault open in a text editor' });
    assert.match(editor.document.uri.path, /Personal vault/);
    assert.equal(editor.selection.active.line, line - 1, `line ${line}`);
    assert.match(editor.document.lineAt(line - 1).text, /credentials/);
  });
});
