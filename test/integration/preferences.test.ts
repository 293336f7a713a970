/**
 * Preferences webview in a real VS Code: the panel, the validated channel, round-trips to the local ClearML server
 * over real HTTP, cloud-access storage and the clearml.conf export on a real temporary file.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startServer, DEMO, type RunningServer } from '../../server/index';
import type { PreferencesTesting } from '../../src/extension/preferences';
import type { Prompt } from '../../src/extension/ui';
import type { PreferencesForm, ToWebview } from '../../src/core/protocol/preferences';
import { parseHocon } from '../../src/core/config';
import { getExtension, tmpDir, waitFor, type ExtensionApi } from './helpers';

type Prefs = Record<string, Record<string, unknown>>;

describe('preferences webview', function () {
  let api: ExtensionApi;
  let prefs: PreferencesTesting;
  let srv: RunningServer;
  /** Answers for prompts, matched by a substring of the prompt's message/title; unmatched prompts are dismissed. */
  let answers: { match: string; answer: string | undefined }[] = [];
  const prompts: Prompt[] = [];

  const serverPrefs = (s: RunningServer = srv) => s.state.data.users[DEMO.user.id]!.preferences as Prefs;
  const sentSince = (n: number) => prefs.sent().slice(n);
  async function nextMessage<T extends ToWebview['type']>(type: T, from: number, what: string = type): Promise<Extract<ToWebview, { type: T }>> {
    return waitFor(() => sentSince(from).find((m) => m.type === type) as Extract<ToWebview, { type: T }> | undefined, { message: what });
  }
  /** Plays the webview's part: `ready` → the extension loads from the server and answers with `init`. */
  async function load(): Promise<Extract<ToWebview, { type: 'init' }>> {
    const from = prefs.sent().length;
    await prefs.postFromWebview({ type: 'ready' });
    return nextMessage('init', from);
  }
  async function save(form: PreferencesForm): Promise<ToWebview> {
    const from = prefs.sent().length;
    await prefs.postFromWebview({ type: 'save', form });
    return waitFor(() => sentSince(from).find((m) => m.type === 'saved' || m.type === 'conflict' || m.type === 'error'), { message: 'save outcome' });
  }
  async function signIn(server: RunningServer): Promise<void> {
    await vscode.commands.executeCommand('clearml.signIn', { apiServer: server.url, accessKey: DEMO.signIn.accessKey, secretKey: DEMO.signIn.secretKey });
    await waitFor(() => api.accounts.active?.profile.apiServer.replace(/\/$/, '') === server.url.replace(/\/$/, ''), { message: `signed in to ${server.url}` });
  }

  before(async function () {
    this.timeout(60_000);
    api = await getExtension();
    prefs = api.testing.preferences as PreferencesTesting;
    api.testing.ui.setResponder((prompt) => {
      prompts.push(prompt);
      const text = prompt.kind === 'message' ? prompt.message : prompt.kind === 'inputBox' ? `${prompt.title ?? ''} ${prompt.prompt ?? ''}` : prompt.title ?? '';
      return answers.find((a) => text.includes(a.match))?.answer;
    });
    srv = await startServer({ port: 0, edition: 'opensource' });
    await signIn(srv);
  });

  beforeEach(() => { answers = []; prompts.length = 0; });

  after(async () => {
    await prefs.idle();
    prefs.panel()?.dispose();
    await prefs.idle();
    prefs.setConfigEnvironment(undefined);
    api.testing.ui.reset();
    await srv?.close();
  });

  it('opens one panel from the command, with the strict CSP, and the real webview script loads the form', async () => {
    const from = prefs.sent().length;
    await vscode.commands.executeCommand('clearml.openPreferences');
    const panel = prefs.panel();
    assert.ok(panel, 'panel open');
    assert.equal(panel.viewType, 'clearml.preferences');
    assert.equal(panel.title, 'ClearML: Preferences');
    await vscode.commands.executeCommand('clearml.openPreferences');
    assert.equal(prefs.panel(), panel, 'second open reveals the same panel');
    // The tab model reaches the extension host asynchronously.
    const preferencesTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('clearml.preferences'));
    await waitFor(() => preferencesTabs().length > 0, { message: 'the Preferences tab' });
    assert.equal(preferencesTabs().length, 1);
    const html = panel.webview.html;
    assert.match(html, /default-src 'none'/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
    assert.ok(nonce && nonce.length >= 16, 'nonce in CSP');
    assert.ok(html.includes(`<script nonce="${nonce}" type="module" src=`), 'script carries the nonce');
    assert.doesNotMatch(html, /connect-src/);
    const roots = panel.webview.options.localResourceRoots?.map((u) => u.path) ?? [];
    assert.deepEqual(roots.map((r) => r.replace(/.*\/(dist\/webview)$/, '$1')), ['dist/webview']);
    // Only the bundled script running inside the webview sends `ready`, which triggers `init`.
    // The real script has to boot first, and the window's first webview took over 10 s to do so on a loaded machine
    // (two busy loops beside a clean-clone run): a longer wait, and a load that failed says why instead of timing out.
    const first = await waitFor(() => sentSince(from).find((m) => m.type === 'init' || m.type === 'loadFailed'), { message: 'init after the webview script started', timeoutMs: 60_000 });
    assert.ok(first.type === 'init', `the preferences load failed: ${JSON.stringify(first)}`);
    const init = first;
    assert.equal(init.server.edition, 'opensource');
    assert.equal(init.baseline.hideExamples, true);
  });

  it('each preference round-trips to the server, and every other key in the slice survives', async () => {
    const seeded = serverPrefs();
    seeded.rootProjects!.tagsColors = { 'v1.2': { background: '#123456', foreground: '#ffffff' } };
    seeded.rootProjects!.graphVariant = { 'project-a': 'scatter' };
    seeded.views!.futureWebSetting = { keep: ['me'] };
    seeded.views!.neverShowPopupAgain = ['tip-of-the-day', 'welcome-tour'];
    seeded.experiments = { columns: ['name', 'status'] };
    const untouched = () => ({
      tagsColors: serverPrefs().rootProjects!.tagsColors, graphVariant: serverPrefs().rootProjects!.graphVariant,
      future: serverPrefs().views!.futureWebSetting, theme: serverPrefs().views!.theme, autoRefresh: serverPrefs().views!.autoRefresh,
      experiments: serverPrefs().experiments, users: serverPrefs().users,
    });
    const expectedUntouched = {
      tagsColors: { 'v1--DOT--2': { background: '#123456', foreground: '#ffffff' } }, graphVariant: { 'project-a': 'scatter' },
      future: { keep: ['me'] }, theme: 'dark', autoRefresh: true, experiments: { columns: ['name', 'status'] }, users: DEMO.preferences.users,
    };

    const steps: { change: Partial<PreferencesForm>; check: (p: Prefs) => void }[] = [
      { change: { showHidden: true }, check: (p) => assert.equal(p.rootProjects!.showHidden, true) },
      { change: { hideExamples: false }, check: (p) => assert.equal(p.rootProjects!.hideExamples, false) },
      { change: { hideTips: false }, check: (p) => assert.deepEqual(p.views!.neverShowPopupAgain, ['welcome-tour']) },
      { change: { hideTips: true }, check: (p) => assert.deepEqual(p.views!.neverShowPopupAgain, ['welcome-tour', 'tip-of-the-day']) },
      { change: { blockUserScript: true }, check: (p) => assert.equal(p.rootProjects!.blockUserScript, true) },
      { change: { hideEnterpriseFeatures: true }, check: (p) => assert.equal(p.views!.hideEnterpriseFeatures, true) },
      { change: { hideRedactedArguments: false }, check: (p) => assert.equal(p.views!.hideRedactedArguments, false) },
      {
        change: { redactedArguments: ['HF_TOKEN', '   ', '', 'AWS_SECRET_ACCESS_KEY'] },
        check: (p) => assert.deepEqual(p.views!.redactedArguments, [{ key: 'HF_TOKEN' }, { key: 'AWS_SECRET_ACCESS_KEY' }]),
      },
    ];
    for (const step of steps) {
      const init = await load();
      const form = { ...init.baseline, ...step.change };
      const outcome = await save(form);
      assert.equal(outcome.type, 'saved', `${JSON.stringify(step.change)}: ${JSON.stringify(outcome)}`);
      step.check(serverPrefs());
      assert.deepEqual(untouched(), expectedUntouched, `other keys survive ${JSON.stringify(step.change)}`);
      // Read back through the extension: the form shows what was written.
      const reread = await load();
      for (const [k, v] of Object.entries(step.change)) {
        const expected = k === 'redactedArguments' ? (v as string[]).map((s) => s.trim()).filter(Boolean) : v;
        assert.deepEqual(reread.baseline[k as keyof PreferencesForm], expected, k);
      }
    }
  });

  it('writes telemetry through server.report_stats_option on a self-hosted server', async () => {
    const init = await load();
    assert.equal(init.server.telemetrySupported, true);
    const company = () => srv.state.data.companies[DEMO.workspaces.own.id]!;
    const start = company().statsOption?.enabled ?? false;
    assert.equal(init.baseline.reportStats, start);
    answers = [{ match: 'usage statistics of the whole server', answer: 'Change for All Users' }];
    assert.equal((await save({ ...init.baseline, reportStats: !start })).type, 'saved');
    assert.equal(company().statsOption?.enabled, !start);
    assert.equal('reportStats' in (serverPrefs().views ?? {}), false, 'never stored as a preference');
  });

  it('offers no telemetry option on a hosted server', async () => {
    const hosted = await startServer({ port: 0, edition: 'hosted' });
    try {
      await signIn(hosted);
      const init = await load();
      assert.equal(init.server.telemetrySupported, false);
      assert.notEqual(init.server.edition, 'opensource');
      const calls = hosted.state.counters.calls['server.report_stats_option'] ?? 0;
      const outcome = await save({ ...init.baseline, reportStats: true, showHidden: !init.baseline.showHidden });
      assert.equal(outcome.type, 'saved');
      assert.ok((hosted.state.counters.calls['server.report_stats_option'] ?? 0) - calls <= 1, 'no write to report_stats_option (only the probe)');
    } finally {
      await signIn(srv);
      await hosted.close();
    }
  });

  it('offers "Show hidden projects" only as the web UI does: not to a plain member on a hosted server', async () => {
    const hosted = await startServer({ port: 0, edition: 'hosted' });
    try {
      assert.equal((await load()).server.showHiddenOffered, true, 'open source: the usage-stats option is shown, so is this');
      const vision = DEMO.workspaces.vision;
      assert.equal(vision.role, 'user');
      await vscode.commands.executeCommand('clearml.signIn', { apiServer: hosted.url, accessKey: vision.credentials.accessKey, secretKey: vision.credentials.secretKey });
      await waitFor(() => api.accounts.active?.profile.workspaceId === vision.id, { message: 'signed in to Vision Team' });
      const init = await load();
      assert.equal(init.server.showHiddenOffered, false);
      const before = JSON.stringify(serverPrefs(hosted).rootProjects ?? null);
      const outcome = await save({ ...init.baseline, showHidden: !init.baseline.showHidden, hideExamples: !init.baseline.hideExamples });
      assert.equal(outcome.type, 'saved');
      const after = serverPrefs(hosted).rootProjects!;
      assert.equal(after.hideExamples, !init.baseline.hideExamples, 'the offered control is written');
      assert.equal(JSON.stringify(after.showHidden ?? null), JSON.stringify((JSON.parse(before) as Record<string, unknown> | null)?.showHidden ?? null), 'showHidden left alone');
    } finally {
      await signIn(srv);
      await hosted.close();
    }
  });

  it('shows a conflict when an edited value changed on the server, writes nothing, then honours the choice', async () => {
    const init = await load();
    // A web UI tab saves meanwhile: one value I will not touch, one I will edit differently.
    const theirs = !init.baseline.showHidden;
    serverPrefs().rootProjects!.showHidden = theirs;
    serverPrefs().views!.redactedArguments = [{ key: 'SERVER_SIDE' }];
    const frozen = JSON.stringify(serverPrefs());
    const mine = { ...init.baseline, hideExamples: !init.baseline.hideExamples, redactedArguments: ['MINE'] };
    const outcome = await save(mine);
    assert.equal(outcome.type, 'conflict');
    const conflict = outcome as Extract<ToWebview, { type: 'conflict' }>;
    assert.deepEqual(conflict.conflicts.map((c) => [c.field, c.yours, c.server]), [['redactedArguments', ['MINE'], ['SERVER_SIDE']]]);
    assert.equal(JSON.stringify(serverPrefs()), frozen, 'nothing written on conflict');

    let from = prefs.sent().length;
    await prefs.postFromWebview({ type: 'resolveConflicts', form: mine, choices: { redactedArguments: 'server' } });
    const saved = await nextMessage('saved', from);
    assert.deepEqual(serverPrefs().views!.redactedArguments, [{ key: 'SERVER_SIDE' }], 'server value kept by choice');
    assert.equal(serverPrefs().rootProjects!.hideExamples, mine.hideExamples, 'non-conflicting edit written');
    assert.equal(serverPrefs().rootProjects!.showHidden, theirs, "a value I never edited keeps the other writer's change");
    assert.deepEqual(saved.baseline.redactedArguments, ['SERVER_SIDE']);
    assert.equal(saved.baseline.showHidden, theirs);

    // And "keep mine" overwrites the other writer's value.
    const next = await load();
    serverPrefs().views!.redactedArguments = [{ key: 'SERVER_AGAIN' }];
    const mine2 = { ...next.baseline, redactedArguments: ['MINE_AGAIN'] };
    assert.equal((await save(mine2)).type, 'conflict');
    from = prefs.sent().length;
    await prefs.postFromWebview({ type: 'resolveConflicts', form: mine2, choices: { redactedArguments: 'mine' } });
    await nextMessage('saved', from);
    assert.deepEqual(serverPrefs().views!.redactedArguments, [{ key: 'MINE_AGAIN' }]);
  });

  it('rejects unknown and malformed messages and logs them without their content', async () => {
    const before = prefs.rejectedCount();
    const secret = 'TOP-SECRET-VALUE-42';
    const bad: unknown[] = [
      null, 'save', { type: 'format-disk' }, { type: 'save' }, { type: 'save', form: { showHidden: 'yes' } },
      { type: 'cloudSave', entry: { Bucket: 'b', Key: 'k', Secret: secret, Region: '', Endpoint: '', extra: secret } },
      { type: 'cloudExport', target: secret }, { type: 'cloudRevealSecret', id: 'x', field: 'Key' },
    ];
    const sentBefore = prefs.sent().length;
    const stateBefore = JSON.stringify(serverPrefs());
    for (const m of bad) await prefs.postFromWebview(m);
    assert.equal(prefs.rejectedCount() - before, bad.length);
    assert.ok(!prefs.rejected().join('\n').includes(secret), 'rejection log has no content');
    assert.equal(prefs.sent().length, sentBefore, 'no reaction to a rejected message');
    assert.equal(JSON.stringify(serverPrefs()), stateBefore);
  });

  it('keeps cloud-access secrets out of globalState and out of every message to the webview', async () => {
    const profileId = api.accounts.active!.profile.id;
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const token = 'FwoGZXIvYXdzEXAMPLETOKEN';
    const from = prefs.sent().length;
    await prefs.postFromWebview({ type: 'cloudSave', entry: { Bucket: 'datasets', Key: 'AKIAEXAMPLE', Secret: secret, Token: token, Region: 'us-east-2', Endpoint: '' } });
    const result = await nextMessage('cloudEntrySaved', from);
    assert.equal(result.ok, true);
    await prefs.postFromWebview({ type: 'cloudSave', entry: { Bucket: 'minio-bucket', Key: 'minio', Secret: 'minio-secret', Region: '', Endpoint: 'minio.local:9000' } });
    const views = prefs.store.list(profileId);
    assert.deepEqual(views.map((v) => [v.Bucket, v.Endpoint, v.hasSecret, v.hasToken]), [['datasets', '', true, true], ['minio-bucket', 'http://minio.local:9000', true, false]]);
    const raw = JSON.stringify(prefs.store.rawState(profileId));
    assert.ok(!raw.includes(secret) && !raw.includes(token) && !raw.includes('minio-secret'), 'no secret in globalState');
    assert.ok(!JSON.stringify(prefs.sent()).includes(secret) && !JSON.stringify(prefs.sent()).includes(token), 'no secret sent to the webview');
    const full = await prefs.store.get(profileId, views[0]!.id);
    assert.equal(full?.Secret, secret);
    assert.equal(full?.Token, token);

    // Editing without a new secret keeps the stored one.
    await prefs.postFromWebview({ type: 'cloudSave', entry: { id: views[0]!.id, Bucket: 'datasets', Key: 'AKIAEXAMPLE', Region: 'eu-west-1', Endpoint: '' } });
    assert.equal((await prefs.store.get(profileId, views[0]!.id))?.Secret, secret);
    assert.equal((await prefs.store.get(profileId, views[0]!.id))?.Region, 'eu-west-1');

    // Reveal/replace happens in a native input box, never in the webview.
    answers = [{ match: 'Secret / SAS of datasets', answer: 'replaced-secret' }];
    await prefs.postFromWebview({ type: 'cloudRevealSecret', id: views[0]!.id, field: 'Secret' });
    const reveal = prompts.find((p) => p.kind === 'inputBox');
    assert.equal(reveal?.kind === 'inputBox' ? reveal.value : undefined, secret);
    assert.equal((await prefs.store.get(profileId, views[0]!.id))?.Secret, 'replaced-secret');
  });

  it('validates cloud entries: bucket required, Azure rules, endpoint', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ Bucket: '', Key: 'k', Secret: 's' }, 'Bucket'],
      [{ Bucket: 'azure', Key: 'k', Secret: 'sv=1' }, 'Key'],
      [{ Bucket: 'Azure', Key: '', Secret: '' }, 'Secret'],
      [{ Bucket: 'b', Key: 'k', Secret: 's', Endpoint: 'minio:9000/path' }, 'Endpoint'],
      [{ Bucket: 'datasets', Key: 'k', Secret: 's' }, 'Bucket'], // duplicate of the AWS entry above
    ];
    for (const [entry, field] of cases) {
      const from = prefs.sent().length;
      await prefs.postFromWebview({ type: 'cloudSave', entry: { Key: '', Region: '', Endpoint: '', ...entry } });
      const result = await nextMessage('cloudEntrySaved', from);
      assert.equal(result.ok, false, JSON.stringify(entry));
      assert.ok(result.errors[field as keyof typeof result.errors], `${field} error for ${JSON.stringify(entry)}: ${JSON.stringify(result.errors)}`);
    }
  });

  it('exports cloud entries into clearml.conf sdk.aws.s3.credentials without disturbing its comments', async () => {
    const dir = tmpDir('clearml-prefs-');
    const file = path.join(dir, 'clearml.conf');
    const original = [
      '# ClearML SDK configuration file',
      'api {',
      '    # Jane\'s server',
      `    api_server: ${srv.url}`,
      '    credentials {"access_key": "AK", "secret_key": "SK"}',
      '}',
      'sdk {',
      '    # keep this comment',
      '    aws {',
      '        s3 {',
      '            region: "eu-west-1"  # default region',
      '        }',
      '    }',
      '}',
      '',
    ].join('\n');
    fs.writeFileSync(file, original);
    prefs.setConfigEnvironment({ CLEARML_CONFIG_FILE: file }, dir);
    answers = [{ match: 'in the diff editor', answer: 'Write…' }, { match: 'storage credential(s) into', answer: 'Write' }];
    await prefs.postFromWebview({ type: 'cloudExport', target: 'clearml.conf' });
    const confirm = prompts.find((p) => p.kind === 'message' && p.modal);
    assert.ok(confirm, 'modal confirmation shown');
    const text = fs.readFileSync(file, 'utf8');
    for (const line of original.split('\n').filter((l) => l.includes('#'))) assert.ok(text.includes(line), `kept: ${line}`);
    assert.ok(fs.existsSync(`${file}.bak`), 'backup kept');
    assert.equal(fs.readFileSync(`${file}.bak`, 'utf8'), original);
    const parsed = parseHocon(text, { filename: file }) as { sdk: { aws: { s3: { region: string; credentials: Record<string, unknown>[] } } } };
    assert.equal(parsed.sdk.aws.s3.region, 'eu-west-1');
    const creds = parsed.sdk.aws.s3.credentials;
    const datasets = creds.find((c) => c.bucket === 'datasets');
    assert.equal(datasets?.secret, 'replaced-secret');
    assert.equal(datasets?.region, 'eu-west-1');
    const minio = creds.find((c) => c.bucket === 'minio-bucket');
    assert.equal(minio?.host, 'minio.local:9000');
    assert.equal(minio?.secure, false);
    // No diff editor left behind.
    assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff).length, 0);
  });

  it('declining the export confirmation leaves clearml.conf untouched', async () => {
    const dir = tmpDir('clearml-prefs-');
    const file = path.join(dir, 'clearml.conf');
    fs.writeFileSync(file, '# empty\n');
    prefs.setConfigEnvironment({ CLEARML_CONFIG_FILE: file }, dir);
    answers = [];
    await prefs.postFromWebview({ type: 'cloudExport', target: 'clearml.conf' });
    assert.equal(fs.readFileSync(file, 'utf8'), '# empty\n');
    assert.equal(fs.existsSync(`${file}.bak`), false);
  });

  it('explains that the open-source server has no vault to export into', async () => {
    // Its own entry, so the test does not depend on earlier ones having added one.
    await prefs.postFromWebview({ type: 'cloudSave', entry: { Bucket: 'oss-export', Key: 'AKOSS', Secret: 'oss-secret', Region: '', Endpoint: '' } });
    prompts.length = 0;
    await prefs.postFromWebview({ type: 'cloudExport', target: 'vault' });
    const error = prompts.find((p) => p.kind === 'message' && p.severity === 'error');
    assert.ok(error && error.kind === 'message' && /Enterprise/.test(error.message), JSON.stringify(prompts));
  });

  it('merges the entries into the personal vault on an Enterprise server, keeping its other content', async () => {
    const ent = await startServer({ port: 0, edition: 'enterprise' });
    try {
      await signIn(ent);
      const profileId = api.accounts.active!.profile.id;
      await prefs.postFromWebview({ type: 'cloudSave', entry: { Bucket: 'exported', Key: 'AKX', Secret: 'SKX', Region: '', Endpoint: '' } });
      assert.equal(prefs.store.list(profileId).length, 1);
      const vaultBefore = ent.state.data.vaults.find((v) => v.scope === 'user' && v.userId === DEMO.user.id)!;
      const dataBefore = vaultBefore.data;
      answers = [{ match: 'personal configuration vault', answer: 'Update Vault' }];
      await prefs.postFromWebview({ type: 'cloudExport', target: 'vault' });
      const vaultAfter = ent.state.data.vaults.find((v) => v.id === vaultBefore.id)!;
      assert.notEqual(vaultAfter.data, dataBefore);
      const parsed = parseHocon(vaultAfter.data) as { sdk: { aws: { s3: { region: string; credentials: Record<string, unknown>[] } } } };
      assert.equal(parsed.sdk.aws.s3.region, 'eu-west-1', 'existing vault content kept');
      assert.ok(parsed.sdk.aws.s3.credentials.some((c) => c.bucket === 'vision-datasets'), 'existing credentials kept');
      assert.ok(parsed.sdk.aws.s3.credentials.some((c) => c.bucket === 'exported' && c.secret === 'SKX'));
      assert.ok(vaultAfter.data.includes("# Jane's personal configuration vault"), 'vault comments kept');
    } finally {
      await signIn(srv);
      await ent.close();
    }
  });

  it('closing with unsaved edits asks Save or Discard; Save writes them, Cancel brings the panel back', async () => {
    await vscode.commands.executeCommand('clearml.openPreferences');
    const init = await load();
    const draft = { ...init.baseline, showHidden: !init.baseline.showHidden };
    await prefs.postFromWebview({ type: 'draftChanged', draft });
    assert.equal(prefs.panel()!.title, 'ClearML: Preferences ●', 'the tab shows unsaved edits');

    // Cancel (dismiss): the panel comes back with the draft.
    answers = [];
    prefs.panel()!.dispose();
    await prefs.idle();
    const modal = prompts.find((p) => p.kind === 'message' && p.modal);
    assert.ok(modal && modal.kind === 'message' && modal.actions.includes('Save') && modal.actions.includes('Discard'));
    assert.ok(prefs.panel(), 'reopened');
    assert.deepEqual(prefs.session().draft, draft);

    // Save: written to the server without the panel.
    answers = [{ match: 'Save your unsaved', answer: 'Save' }];
    prefs.panel()!.dispose();
    await waitFor(() => serverPrefs().rootProjects!.showHidden === draft.showHidden, { message: 'draft saved on close' });
    await prefs.idle();
    assert.equal(prefs.panel(), undefined);
    assert.equal(prefs.session().draft, undefined);

    // Discard: nothing written.
    await vscode.commands.executeCommand('clearml.openPreferences');
    const again = await load();
    await prefs.postFromWebview({ type: 'draftChanged', draft: { ...again.baseline, hideExamples: !again.baseline.hideExamples } });
    const frozen = JSON.stringify(serverPrefs());
    answers = [{ match: 'Save your unsaved', answer: 'Discard' }];
    prefs.panel()!.dispose();
    await prefs.idle();
    assert.equal(prefs.panel(), undefined);
    assert.equal(JSON.stringify(serverPrefs()), frozen);
  });
});
