/**
 * Preferences polish: a server that does not answer gives an error with Retry (not an endless spinner); the
 * server-wide telemetry switch asks first; the vault export's diff opens as HOCON and its question does not cover it.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startServer, DEMO, type RunningServer } from '../../server/index';
import type { PreferencesTesting } from '../../src/extension/preferences';
import type { Prompt } from '../../src/extension/ui';
import type { ToWebview } from '../../src/core/protocol/preferences';
import { getExtension, waitFor, type ExtensionApi } from './helpers';

describe('preferences polish', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let prefs: PreferencesTesting;
  let srv: RunningServer;
  let respond: (p: Prompt) => string | undefined = () => undefined;
  const prompts: Prompt[] = [];

  const sentSince = (n: number) => prefs.sent().slice(n);
  const next = <T extends ToWebview['type']>(type: T, from: number, timeoutMs = 10_000) =>
    waitFor(() => sentSince(from).find((m) => m.type === type) as Extract<ToWebview, { type: T }> | undefined, { message: type, timeoutMs });
  async function signIn(server: RunningServer): Promise<void> {
    await vscode.commands.executeCommand('clearml.signIn', { apiServer: server.url, accessKey: DEMO.signIn.accessKey, secretKey: DEMO.signIn.secretKey });
    await waitFor(() => api.accounts.active?.profile.apiServer === server.url, { message: `signed in to ${server.url}` });
  }

  before(async () => {
    api = await getExtension();
    prefs = api.testing.preferences as PreferencesTesting;
    api.testing.ui.setResponder((p) => { prompts.push(p); return respond(p); });
    srv = await startServer({ port: 0, edition: 'opensource' });
    await signIn(srv);
  });
  beforeEach(() => { prompts.length = 0; respond = () => undefined; });
  after(async () => {
    await prefs.idle();
    prefs.panel()?.dispose();
    await prefs.idle();
    api.testing.ui.reset();
    await srv.close();
  });

  it('a server that does not answer: the page gets the reason to show with Retry, and Retry loads again', async () => {
    const down = await startServer({ port: 0, edition: 'opensource' });
    await signIn(down);
    await down.close();
    let from = prefs.sent().length;
    await prefs.postFromWebview({ type: 'ready' });
    const failed = await next('loadFailed', from, 30_000);
    assert.match(failed.message, new RegExp(`Could not load preferences from ${down.url.replace(/[.:/]/g, '\\$&')}`));
    assert.equal(sentSince(from).some((m) => m.type === 'init'), false);

    // Back on a server that answers (the first call fails once), Retry: an error again, then the form.
    await signIn(srv);
    srv.faults.set('users.get_preferences', { error: { code: 500, subcode: 0, message: 'database restarting' }, times: 1 });
    from = prefs.sent().length;
    await prefs.postFromWebview({ type: 'retryLoad' });
    assert.match((await next('loadFailed', from)).message, /database restarting/);
    from = prefs.sent().length;
    await prefs.postFromWebview({ type: 'retryLoad' });
    await next('init', from);
  });

  it('the server-wide usage statistics switch asks first; declining writes nothing', async () => {
    let from = prefs.sent().length;
    await prefs.postFromWebview({ type: 'ready' });
    const init = await next('init', from);
    assert.equal(init.server.telemetrySupported, true);
    const company = () => srv.state.data.companies[DEMO.workspaces.own.id]!;
    const start = company().statsOption?.enabled ?? false;

    from = prefs.sent().length;
    await prefs.postFromWebview({ type: 'save', form: { ...init.baseline, reportStats: !start } });
    const ask = prompts.find((p) => p.kind === 'message' && /usage statistics of the whole server/.test(p.message));
    assert.ok(ask && ask.kind === 'message' && ask.modal, `a modal question; prompts: ${JSON.stringify(prompts)}`);
    assert.match(ask.detail ?? '', /every user of this server/);
    assert.match((await next('notice', from)).message, /Not saved/);
    assert.equal(company().statsOption?.enabled ?? false, start, 'nothing written');

    respond = (p) => (p.kind === 'message' && /usage statistics/.test(p.message) ? 'Change for All Users' : undefined);
    from = prefs.sent().length;
    await prefs.postFromWebview({ type: 'save', form: { ...init.baseline, reportStats: !start } });
    await next('saved', from);
    assert.equal(company().statsOption?.enabled, !start);
  });

  it('the vault export shows its diff as HOCON and asks in a notification, not a modal over the diff', async () => {
    const ent = await startServer({ port: 0, edition: 'enterprise' });
    try {
      await signIn(ent);
      await prefs.postFromWebview({ type: 'cloudSave', entry: { Bucket: 'polish', Key: 'AKP', Secret: 'SKP', Region: '', Endpoint: '' } });
      let diffLanguages: string[] = [];
      respond = (p) => {
        if (p.kind !== 'message' || !/personal configuration vault/.test(p.message)) return undefined;
        diffLanguages = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'clearml-preferences-preview').map((d) => d.languageId);
        return 'Update Vault';
      };
      await prefs.postFromWebview({ type: 'cloudExport', target: 'vault' });
      const ask = prompts.find((p) => p.kind === 'message' && /personal configuration vault/.test(p.message));
      assert.ok(ask && ask.kind === 'message', JSON.stringify(prompts));
      assert.equal(ask.modal, false, 'the question does not cover the diff');
      assert.ok(diffLanguages.length >= 2 && diffLanguages.every((l) => l === 'hocon'), `diff sides open as HOCON: ${diffLanguages.join(', ')}`);
      await waitFor(() => ent.state.data.vaults.some((v) => v.scope === 'user' && v.data.includes('polish')), { message: 'exported' });
    } finally {
      await signIn(srv);
      await ent.close();
    }
  });
});
