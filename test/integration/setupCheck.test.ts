/**
 * The "Setup Check" view inside the real extension host, against real local servers: one node per check with
 * status icon, message and detail; every kind of fix applied through the UI (clearml.conf edit with diff and
 * confirmation, environment variable, new credentials) and the check green afterwards; the report copied without
 * secrets; the offers after a failed sign-in, from a tree error node and on first open; sign-in with the three
 * addresses derived, probed and corrected.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding, SetupReport } from '../../src/core/setup-check';
import type { SetupNode } from '../../src/extension/setupCheck/view';
import {
  hasOpenssl, makeCertificates, startHealthySetup, startHttpsFront, startProxy411, type Closable, type HealthySetup,
} from '../unit/setup-check/scenarios';
import { DEMO, harness, resetAccounts, signIn, type Harness } from './accountsFixture';
import { tmpDir, waitFor } from './helpers';
import { startServer } from '../../server/index';

const ENV_KEYS = ['CLEARML_CONFIG_FILE', 'CLEARML_API_HOST', 'HTTP_PROXY', 'http_proxy', 'CLEARML_API_DEFAULT_REQ_METHOD', 'REQUESTS_CA_BUNDLE', 'CLEARML_API_HOST_VERIFY_CERT'];

describe('setup check view', function () {
  this.timeout(60_000);
  let h: Harness;
  let ok: HealthySetup;
  let conf: string;
  const saved: Record<string, string | undefined> = {};
  const extra: Closable[] = [];

  const testing = () => h.api.testing.setupCheck;
  const run = async (): Promise<SetupReport> => {
    const report = await vscode.commands.executeCommand<SetupReport>('clearml.setupCheck.runAgain');
    assert.ok(report, 'the check produced a report');
    return report;
  };
  const finding = (report: SetupReport, check: Finding['check']): Finding => {
    const f = report.findings.find((x) => x.check === check && x.status !== 'ok') ?? report.findings.find((x) => x.check === check);
    assert.ok(f, `${check} in ${JSON.stringify(report.findings)}`);
    return f;
  };
  const fixNode = (check: Finding['check']): SetupNode => {
    const node = testing().provider.getChildren().find((n) => n.kind === 'check' && n.check === check);
    assert.ok(node, `node for ${check}`);
    const fix = testing().provider.getChildren(node).find((n) => n.kind === 'fix');
    assert.ok(fix, `a fix under ${check}`);
    return fix;
  };
  const green = (report: SetupReport): void => {
    const bad = report.findings.filter((f) => f.status === 'error' || f.status === 'warning');
    assert.deepEqual(bad.map((f) => `${f.check}: ${f.message}`), []);
  };

  before(async () => {
    h = await harness();
    for (const k of ENV_KEYS) saved[k] = process.env[k];
    ok = await startHealthySetup();
  });
  after(async () => {
    for (const k of ENV_KEYS) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k]; }
    await resetAccounts(h);
    await Promise.all(extra.map((c) => c.close()));
    await ok.close();
  });
  beforeEach(async () => {
    await resetAccounts(h);
    for (const k of ENV_KEYS) delete process.env[k];
    conf = path.join(tmpDir(), 'clearml.conf');
    process.env.CLEARML_CONFIG_FILE = conf;
    h.prompts.answer();
  });

  it('shows one node per check with status icon, message as description and detail as tooltip', async () => {
    fs.writeFileSync(conf, ok.conf({ api: ok.web.url }));
    const report = await vscode.commands.executeCommand<SetupReport>('clearml.setupCheck.run');
    const roots = testing().provider.getChildren();
    assert.deepEqual(roots.map((n) => n.kind === 'check' && n.check), [
      'config-file', 'config-parse', 'env-overrides', 'api-url', 'web-url', 'files-url', 'api-reachable', 'api-credentials', 'web-reachable', 'files-reachable', 'storage']);
    const api = testing().provider.getTreeItem(roots[6]);
    assert.equal(api.label, 'API server reachable');
    assert.equal((api.iconPath as vscode.ThemeIcon).id, 'error');
    assert.equal(api.description, finding(report, 'api-reachable').message);
    assert.match(String(api.tooltip), /cause: not-clearml[\s\S]*HTTP 200 text\/html/);
    assert.match(api.contextValue ?? '', /fixable/);
    assert.equal((testing().provider.getTreeItem(roots[0]).iconPath as vscode.ThemeIcon).id, 'pass');
    assert.equal((testing().provider.getTreeItem(roots[7]).iconPath as vscode.ThemeIcon).id, 'circle-slash', 'credentials skipped while the API is wrong');
    assert.equal(testing().view.description, '1 problem');
  });

  it('set fix: the live-probed <web>/api address is written to clearml.conf after a diff and a confirmation (with .bak), then green', async () => {
    fs.writeFileSync(conf, `# mine\n${ok.conf({ api: ok.web.url })}`);
    await run();
    h.prompts.answer({ kind: 'message', match: /in the diff editor/, answer: 'Write…' }, { kind: 'message', match: /Set api\.api_server to .*\/api.* in /, answer: 'Write' });
    const after = await vscode.commands.executeCommand<SetupReport>('clearml.setupCheck.applyFix', fixNode('api-reachable'));
    h.prompts.assertUsed();
    assert.ok(after, 'the check ran again');
    green(after);
    const text = fs.readFileSync(conf, 'utf8');
    assert.match(text, /^# mine\n/);
    assert.match(text, new RegExp(`api_server: ${ok.web.url}/api\\n`));
    assert.ok(fs.existsSync(`${conf}.bak`), 'previous file kept');
  });

  it('set fix declined: nothing is written', async () => {
    fs.writeFileSync(conf, ok.conf({ api: ok.web.url }));
    const before = fs.readFileSync(conf, 'utf8');
    await run();
    h.prompts.answer({ kind: 'message', match: /Set api\.api_server/, answer: undefined });
    assert.equal(await vscode.commands.executeCommand('clearml.setupCheck.applyFix', fixNode('api-reachable')), undefined);
    assert.equal(fs.readFileSync(conf, 'utf8'), before);
  });

  it('proxy-411 fix: api.http.default_method "put" makes the calls pass the proxy', async () => {
    const proxy = await startProxy411();
    extra.push(proxy);
    process.env.HTTP_PROXY = proxy.url;
    fs.writeFileSync(conf, ok.conf());
    assert.equal(finding(await run(), 'api-reachable').cause, 'proxy-411');
    h.prompts.answer({ kind: 'message', match: /in the diff editor/, answer: 'Write…' }, { kind: 'message', match: /Set api\.http\.default_method to "put"/, answer: 'Write' });
    green(await vscode.commands.executeCommand<SetupReport>('clearml.setupCheck.applyFix', fixNode('api-reachable')));
    assert.match(fs.readFileSync(conf, 'utf8'), /default_method: put/);
  });

  it('TLS fix: api.verify_certificate false for a self-signed API server', async function () {
    if (!hasOpenssl()) this.skip();
    const certs = makeCertificates();
    const front = await startHttpsFront(certs.selfSigned, ok.api.url);
    extra.push(front);
    fs.writeFileSync(conf, ok.conf({ api: front.url }));
    const f = finding(await run(), 'api-reachable');
    assert.equal(f.cause, 'tls-self-signed');
    h.prompts.answer({ kind: 'message', match: /in the diff editor/, answer: 'Write…' }, { kind: 'message', match: /Set api\.verify_certificate to false/, answer: 'Write' });
    green(await vscode.commands.executeCommand<SetupReport>('clearml.setupCheck.applyFix', fixNode('api-reachable')));
    fs.rmSync(certs.dir, { recursive: true, force: true });
  });

  it('the extension own calls honour REQUESTS_CA_BUNDLE, as the SDK does', async function () {
    if (!hasOpenssl()) this.skip();
    const certs = makeCertificates();
    const front = await startHttpsFront(certs.leaf, ok.api.url);
    extra.push(front);
    await assert.rejects(signIn(front.url), /certificate authority/);
    process.env.REQUESTS_CA_BUNDLE = certs.caPath;
    assert.ok((await signIn(front.url)).profileId);
    fs.rmSync(certs.dir, { recursive: true, force: true });
  });

  it('set-env fix: a relative CLEARML_CONFIG_FILE becomes absolute for this window and its terminals', async () => {
    fs.writeFileSync(conf, ok.conf());
    process.env.CLEARML_CONFIG_FILE = path.relative(process.cwd(), conf);
    assert.equal(finding(await run(), 'config-file').cause, 'relative-path');
    h.prompts.answer({ kind: 'message', match: /Set CLEARML_CONFIG_FILE=.* for this VS Code window and its terminals/, answer: 'Apply' });
    green(await vscode.commands.executeCommand<SetupReport>('clearml.setupCheck.applyFix', fixNode('config-file')));
    assert.equal(process.env.CLEARML_CONFIG_FILE, conf);
  });

  it('set-env fix: unsetting an overriding CLEARML_API_HOST', async () => {
    fs.writeFileSync(conf, ok.conf());
    process.env.CLEARML_API_HOST = 'http://127.0.0.1:1';
    const report = await run();
    assert.equal(finding(report, 'env-overrides').cause, 'env-override');
    assert.equal(finding(report, 'api-reachable').cause, 'refused', 'the variable wins over the file');
    h.prompts.answer({ kind: 'message', match: /Unset CLEARML_API_HOST/, answer: 'Apply' });
    green(await vscode.commands.executeCommand<SetupReport>('clearml.setupCheck.applyFix', fixNode('env-overrides')));
    assert.equal(process.env.CLEARML_API_HOST, undefined);
  });

  it('create-credentials fix: a key the server does not know is replaced by new credentials written to clearml.conf', async () => {
    fs.writeFileSync(conf, ok.conf({ secretKey: 'not-the-secret-at-all' }));
    await signIn(ok.api.url);
    assert.equal(finding(await run(), 'api-credentials').cause, 'auth-unknown-key');
    let notices = 0;
    h.prompts.answer(
      { kind: 'inputBox', match: /Create App Credentials/, answer: 'setup check' },
      { kind: 'message', match: /New credentials created/, answer: () => (notices++ === 0 ? 'Write to clearml.conf' : undefined), times: 2 },
      { kind: 'message', match: /in the diff editor/, answer: 'Write…' },
      { kind: 'message', match: /Write the new credentials to/, answer: 'Write' },
    );
    const after = await vscode.commands.executeCommand<SetupReport>('clearml.setupCheck.applyFix', fixNode('api-credentials'));
    h.prompts.assertUsed();
    green(after);
    assert.ok(!fs.readFileSync(conf, 'utf8').includes('not-the-secret-at-all'));
  });

  it('Copy Report: Markdown with every check, no secret and no full access key', async () => {
    fs.writeFileSync(conf, ok.conf({ secretKey: 'wrong-secret-value-123' }));
    await run();
    const text = await vscode.commands.executeCommand<string>('clearml.setupCheck.copyReport');
    assert.deepEqual(h.api.testing.ui.clipboardWrites(), [text]);
    assert.match(text, /^## ClearML setup check/);
    assert.match(text, /\| api-credentials \| ❌ error \| auth-unknown-key \|/);
    assert.ok(!text.includes('wrong-secret-value-123') && !text.includes(DEMO.signIn.secretKey) && !text.includes(DEMO.signIn.accessKey));
  });

  it('offered after a failed sign-in: "Run Setup Check" in the error runs it', async () => {
    fs.writeFileSync(conf, ok.conf());
    h.prompts.answer(
      { kind: 'inputBox', match: /API server URL/, answer: ok.api.url },
      { kind: 'inputBox', match: /Access key/, answer: DEMO.signIn.accessKey },
      { kind: 'inputBox', match: /Secret key/, answer: 'nope-nope-nope' },
      { kind: 'message', match: /Sign in to .* failed/, answer: 'Run Setup Check' },
    );
    await vscode.commands.executeCommand('clearml.signIn');
    h.prompts.assertUsed();
    assert.deepEqual(h.prompts.messages('error')[0].actions, ['Try Again', 'Run Setup Check']);
    assert.ok(testing().report(), 'the check ran');
  });

  it('offered on a tree error node for an unreachable server', async () => {
    fs.writeFileSync(conf, ok.conf());
    const dead = await startHealthySetup();
    await signIn(dead.api.url);
    await dead.close();
    h.testing.model.refresh();
    const [node] = await h.testing.model.children();
    assert.match(node.contextValue, /^clearml\.error retry setupCheck$/);
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { menus: { 'view/item/context': { command: string; when: string; group: string }[] } } };
    const inline = pkg.contributes.menus['view/item/context'].find((m) => m.command === 'clearml.setupCheck.run' && m.group.startsWith('inline'));
    assert.ok(inline && new RegExp(/viewItem =~ \/(.*)\/$/.exec(inline.when)![1].replace(/\\\\/g, '\\')).test(node.contextValue));
  });

  it('on first open with a detected setup: runs once and names the first problem', async () => {
    fs.writeFileSync(conf, ok.conf({ secretKey: 'wrong-secret-value-123' }));
    await h.testing.detectedSetup();
    h.prompts.answer({ kind: 'message', match: /The ClearML setup on this machine has 1 problem: .* does not know the access key/, answer: undefined });
    await testing().firstOpen();
    h.prompts.assertUsed();
  });

  it('a stopped signed-in server is reported beside clearml.conf\'s (which answers), each named', async () => {
    fs.writeFileSync(conf, ok.conf());
    const dead = await startHealthySetup();
    await signIn(dead.api.url);
    const deadHost = new URL(dead.api.url).host;
    await dead.close();
    const report = await run();
    const f = finding(report, 'signed-in-server');
    assert.equal(f.status, 'error');
    assert.equal(f.cause, 'refused');
    assert.match(f.message, new RegExp(`^The server VS Code is signed in to \\(profile ".*", ${deadHost}\\) refused the connection.*clearml\\.conf names ${new URL(ok.api.url).host}`));
    assert.match(finding(report, 'api-reachable').message, new RegExp(`This is clearml\\.conf's server.*VS Code is signed in to ${deadHost}`));
    const node = testing().provider.getChildren().find((n) => n.kind === 'check' && n.check === 'signed-in-server');
    assert.ok(node, 'a node for the signed-in server');
    const item = testing().provider.getTreeItem(node);
    assert.equal(item.label, 'Signed-in server');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'error');
  });

  it('a hand edit of clearml.conf re-runs the check (debounced), without a command', async () => {
    fs.writeFileSync(conf, ok.conf());
    const first = await run();
    green(first);
    const runs: SetupReport[] = [];
    const sub = testing().provider.onDidChangeTreeData(() => { const r = testing().report(); if (r && r !== first) runs.push(r); });
    try {
      fs.writeFileSync(conf, ok.conf({ api: 'http://127.8.0.8:8080' }));
      const after = await waitFor(() => runs.find((r) => r.findings.some((x) => x.check === 'api-url' && x.cause === 'port-mixup')), { message: 'the check to re-run after the edit' });
      assert.equal(runs.length, 1, 'one run for one edit');
      assert.equal(finding(after, 'api-url').location?.file, conf);
    } finally {
      sub.dispose();
    }
  });

  it('a changed CLEARML_CONFIG_FILE re-runs the check on focus, and the watch follows it to the new file', async () => {
    fs.writeFileSync(conf, ok.conf());
    const first = await run();
    const other = path.join(tmpDir(), 'clearml.conf');
    fs.writeFileSync(other, ok.conf({ api: 'http://127.8.0.8:8080' }));
    process.env.CLEARML_CONFIG_FILE = other;
    testing().pokeEnvironment();
    const moved = await waitFor(() => { const r = testing().report(); return r !== first && r?.configFile === other ? r : undefined; }, { message: 'a re-run reading the new file' });
    assert.equal(finding(moved, 'api-url').cause, 'port-mixup');
    fs.writeFileSync(other, ok.conf());
    await waitFor(() => { const r = testing().report(); return r !== moved && r?.configFile === other && r.findings.every((f) => f.status !== 'error'); }, { message: 'a re-run after editing the new file' });
  });

  it('a click on a finding opens clearml.conf at the line of its setting', async () => {
    fs.writeFileSync(conf, ok.conf({ api: 'http://127.8.0.8:8080' }));
    await run();
    const node = testing().provider.getChildren().find((n) => n.kind === 'check' && n.check === 'api-url');
    assert.ok(node);
    const command = testing().provider.getTreeItem(node).command;
    assert.ok(command, 'the node has a click command');
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === conf ? vscode.window.activeTextEditor : undefined));
    assert.equal(editor.selection.active.line, 2, 'api_server is on line 3');
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /api_server: http:\/\/127\.8\.0\.8:8080/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('storage findings include the enabled vaults of the signed-in server, as the Storage panel merges them', async () => {
    // Vaults are an enterprise feature.
    const enterprise = await startServer({ port: 0, edition: 'enterprise' });
    extra.push({ url: enterprise.url, close: () => enterprise.close() });
    fs.writeFileSync(conf, ok.conf({ api: enterprise.url }));
    await signIn(enterprise.url);
    const personal = enterprise.state.data.vaults.find((v) => v.scope === 'user' && v.enabled);
    assert.ok(personal, 'the demo user has a personal vault');
    const saved = personal.data;
    personal.data = 'sdk.development.default_output_uri: "s3://only-in-the-vault/models"\n';
    try {
      const report = await run();
      const f = report.findings.find((x) => x.check === 'storage' && x.cause === 'storage-no-entry');
      assert.ok(f, JSON.stringify(report.findings.filter((x) => x.check === 'storage')));
      assert.match(f.message, /vault "Personal vault":1.*s3:\/\/only-in-the-vault\/models/);
    } finally {
      personal.data = saved;
    }
  });

  it('sign-in shows the three addresses: the wrong one is named with the reason, corrected, then signs in', async () => {
    let placeHolder = '';
    h.prompts.answer(
      { kind: 'inputBox', match: /API server URL, or the web UI or files server address/, answer: ok.web.url },
      {
        kind: 'quickPick', match: /server addresses/,
        answer: (p) => { placeHolder = p.kind === 'quickPick' ? p.placeHolder ?? '' : ''; return 'Edit the API server URL'; },
      },
      { kind: 'inputBox', match: /API server URL/, answer: `${ok.web.url}/api` },
      { kind: 'inputBox', match: /Access key/, answer: DEMO.signIn.accessKey },
      { kind: 'inputBox', match: /Secret key/, answer: DEMO.signIn.secretKey },
    );
    const result = await vscode.commands.executeCommand<{ profileId: string }>('clearml.signIn');
    h.prompts.assertUsed();
    assert.match(placeHolder, new RegExp(`^API server ${ok.web.url.replace(/\./g, '\\.')}: .*answers, but not as a ClearML API server`));
    assert.ok(result?.profileId);
    assert.equal(h.api.accounts.active?.profile.apiServer, `${ok.web.url}/api`);
  });
});
