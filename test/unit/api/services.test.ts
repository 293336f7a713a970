/** Every typed service of the client, over real HTTP against the local server. */
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../../server/index';
import { ClearMLClient, FeatureUnavailableError, HOSTED_ENDPOINTS } from '../../../src/core/api/index';
import { DEMO, sent, client, withServer } from './helpers';

let srv: RunningServer;
let c: ClearMLClient;

describe('client services (hosted)', () => {
  beforeEach(async () => {
    srv = await startServer({ port: 0, edition: 'hosted' });
    c = client(srv, { workerId: 'unit-test-host' });
  });
  afterEach(async () => { await srv.close(); });

  test('claims: decoded from the token without verifying', async () => {
    const claims = await c.claims();
    assert.equal(claims.userId, DEMO.user.id);
    assert.equal(claims.userName, 'Jane Doe');
    assert.equal(claims.companyId, DEMO.workspaces.own.id);
    assert.equal(claims.companyName, "Jane's workspace");
    assert.equal(claims.role, 'admin');
    assert.equal(claims.apiVersion, '2.34');
    assert.equal(claims.serverVersion, '2.3.0');
    assert.equal(claims.featureSet, 'advanced');
    assert.ok(claims.exp > Date.now() / 1000);
  });

  test('debugPing needs no credentials; supportedLoginModes reports whether the call was authenticated', async () => {
    const anon = new ClearMLClient({ apiServer: srv.url, accessKey: 'x', secretKey: 'y' });
    assert.equal((await anon.debugPing()).msg, 'ClearML server');
    assert.equal((await anon.supportedLoginModes()).authenticated, false);
    await c.claims();
    assert.equal((await c.supportedLoginModes()).authenticated, true);
    assert.equal(srv.state.counters.calls['auth.login'], 1);
  });

  test('getCurrentUser maps the user', async () => {
    assert.deepEqual(await c.getCurrentUser(), {
      id: DEMO.user.id, name: 'Jane Doe', givenName: 'Jane', familyName: 'Doe', email: DEMO.user.email, role: 'admin',
      company: { id: DEMO.workspaces.own.id, name: "Jane's workspace" }, created: '2026-06-01T10:00:00.000000+00:00',
    });
  });

  test('updateUserName sends the caller id and the trimmed name; empty names are refused locally', async () => {
    await c.updateUserName('  Jane Q. Doe ');
    assert.equal((await c.getCurrentUser()).name, 'Jane Q. Doe');
    await assert.rejects(c.updateUserName('   '), /cannot be empty/);
  });

  test('getPreferences / setPreferenceSlices: whole top-level slices, only changed ones, nested dots encoded like the web', async () => {
    const prefs = await c.getPreferences();
    assert.deepEqual(prefs, DEMO.preferences);
    srv.state.resetCounters();
    const views = { ...(prefs.views as object), theme: 'light', 'tips.seen': true };
    await c.setPreferenceSlices({ views, rootProjects: prefs.rootProjects });
    assert.equal(srv.state.counters.calls['users.get_preferences'], 1, 'read once');
    assert.equal(srv.state.counters.calls['users.set_preferences'], 1, 'unchanged slice not written');
    const stored = srv.state.user(DEMO.user.id)?.preferences as Record<string, Record<string, unknown>>;
    assert.equal(stored.views['tips--DOT--seen'], true, 'nested dotted key stored as --DOT-- (web convention)');
    assert.equal(stored.views.theme, 'light');
    assert.deepEqual((await c.getPreferences()).views, views, 'decoded back on read');
    await assert.rejects(c.setPreferenceSlices({ 'views.theme': 'dark' }), /not a top-level key/);
    await assert.rejects(c.setPreferenceSlices({ $bad: 1 }), /not a top-level key/);
  });

  test('setPreferenceSlices works against a server that rejects dotted keys (< 2.2.0)', async () => {
    await withServer({ edition: 'opensource', legacyPreferenceKeys: true }, async (legacy) => {
      const lc = client(legacy);
      await lc.setPreferenceSlices({ views: { theme: 'system' } });
      assert.deepEqual((await lc.getPreferences()).views, { theme: 'system' });
    });
  });

  test('credentials: create (secret returned once), list with last used, edit label, revoke', async () => {
    const created = await c.createCredentials('unit test');
    assert.match(created.accessKey, /^[A-Z0-9]{30}$/);
    assert.equal(created.secretKey.length, 67);
    assert.equal(created.label, 'unit test');
    const list = await c.getCredentials();
    assert.equal(list.length, 5);
    const signIn = list.find((k) => k.accessKey === DEMO.signIn.accessKey);
    assert.equal(signIn?.lastUsedFrom, 'unit-test-host', 'X-Clearml-Worker recorded by the Basic login');
    assert.deepEqual(list.find((k) => k.accessKey === created.accessKey), { accessKey: created.accessKey, label: 'unit test' });
    await c.editCredentialLabel(created.accessKey, 'renamed');
    assert.equal((await c.getCredentials()).find((k) => k.accessKey === created.accessKey)?.label, 'renamed');
    await c.revokeCredentials(created.accessKey);
    assert.equal((await c.getCredentials()).some((k) => k.accessKey === created.accessKey), false);
    const noLabel = await c.createCredentials();
    assert.equal(noLabel.label, undefined);
  });

  test('getUserCompanies marks the own and the active workspace', async () => {
    const ws = await c.getUserCompanies();
    assert.deepEqual(ws.map((w) => [w.name, w.isOwn, w.active, w.allocated]), [["Jane's workspace", true, true, 3], ['Vision Team', false, false, 5]]);
    assert.deepEqual(ws[1].owners, [{ id: DEMO.alex.id, name: 'Alex Kim' }]);
  });

  test('getMembers pages through users.get_all_ex ordered by name; hasMore when a full page came back', async () => {
    srv.state.addMembers(DEMO.workspaces.own.id, 250);
    const p0 = await c.getMembers(0, 100);
    assert.equal(p0.members.length, 100);
    assert.equal(p0.hasMore, true);
    assert.equal(p0.members[0].name, 'Jane Doe');
    assert.equal(p0.members[0].email, DEMO.user.email);
    assert.equal(p0.members[0].role, 'admin');
    const p2 = await c.getMembers(2, 100);
    assert.equal(p2.members.length, 53);
    assert.equal(p2.hasMore, false);
    await assert.rejects(c.getMembers(-1, 10), /page must be an integer >= 0/);
    await assert.rejects(c.getMembers(0, 0), /pageSize must be an integer >= 1/);
  });

  test('stats option does not exist on hosted: get says unsupported, set is FeatureUnavailable', async () => {
    assert.deepEqual(await c.getStatsOption(), { supported: false });
    await assert.rejects(c.setStatsOption(true), (e: unknown) => e instanceof FeatureUnavailableError && e.feature === 'telemetry');
  });

  test('vaults: list with filters, create the personal vault (scope user), update, delete', async () => {
    const vaults = await c.getVaults({ enabled: true, types: ['config'] });
    assert.equal(vaults.length, 1);
    assert.equal(vaults[0].id, DEMO.vault.id);
    assert.equal(vaults[0].scope, 'user');
    assert.equal(vaults[0].data, DEMO.vault.data);
    assert.ok(vaults[0].lastUpdate);
    const id = await c.addOrUpdateVault({ data: '{"sdk": {"a": 1}}', format: 'json', enabled: false, description: 'test' });
    const stored = srv.state.data.vaults.find((v) => v.id === id);
    assert.equal(stored?.scope, 'user');
    assert.equal(stored?.userId, DEMO.user.id);
    assert.equal((await c.getVaults({ enabled: true })).length, 1);
    assert.equal(await c.addOrUpdateVault({ id, data: 'sdk.a: 2', format: 'hocon', enabled: true }), id);
    assert.equal((await c.getVaults({ enabled: true })).length, 2);
    assert.equal(await c.deleteVaults([id]), 1);
    assert.equal((await c.getVaults()).length, 1);
  });

  test('hosted: gateway tokens (assumed names)', async () => {
    const g = await c.hosted.generateGatewayToken('cli', 30);
    assert.ok(g.token.length > 40);
    assert.equal(g.info.label, 'cli');
    const tokens = await c.hosted.listGatewayTokens();
    assert.deepEqual(tokens.map((t) => t.label), ['notebook', 'cli']);
    await c.hosted.revokeGatewayToken(g.info.id);
    assert.equal((await c.hosted.listGatewayTokens()).length, 1);
    await assert.rejects(c.hosted.generateGatewayToken('x', 0), /whole number of days/);
    assert.deepEqual(sent(srv, 'gateway.generate_token')[0].body, { label: 'cli', expiration_days: 30 });
    assert.deepEqual(sent(srv, 'gateway.revoke_token')[0].body, { id: g.info.id });
  });
  test('logout revokes the token; the next call signs in again', async () => {
    await c.getCurrentUser();
    await c.logout();
    assert.equal(c.session.current, undefined);
    await c.getCurrentUser();
    assert.equal(srv.state.counters.logins, 2);
  });

  test('generic call() reaches any endpoint', async () => {
    const info = await c.call<{ api_version: string }>('server.info');
    assert.equal(info.api_version, '2.34');
  });
});

describe('feature detection', () => {
  test('open-source: feature_set "basic" → vaults/gateway/workspaces unavailable without calling the server', async () => {
    await withServer({ edition: 'opensource' }, async (os) => {
      const c2 = client(os);
      for (const run of [() => c2.getVaults(), () => c2.hosted.listGatewayTokens(), () => c2.hosted.leaveWorkspace('x'), () => c2.hosted.getInvites(), () => c2.hosted.createInvite()]) {
        await assert.rejects(run(), (e: unknown) => e instanceof FeatureUnavailableError && /feature_set "basic"/.test(e.message));
      }
      assert.equal(os.state.counters.calls['users.get_vaults'], undefined, 'no request was sent');
      assert.equal(os.state.counters.calls[HOSTED_ENDPOINTS.getGatewayTokens], undefined);
      const stats = await c2.setStatsOption(true);
      assert.equal(stats.enabled, true);
      assert.deepEqual(await c2.getStatsOption(), { supported: true, enabled: true, enabledTime: stats.enabledTime, currentVersion: '2.3.0' });
      assert.equal((await c2.getUserCompanies())[0].owners.length, 3);
    });
  });

  test('enterprise: hosted-only endpoints answer 404/0 → FeatureUnavailableError naming the endpoint', async () => {
    await withServer({ edition: 'enterprise' }, async (ent) => {
      const c2 = client(ent);
      await assert.rejects(c2.hosted.leaveWorkspace(DEMO.workspaces.vision.id), (e: unknown) =>
        e instanceof FeatureUnavailableError && e.feature === 'workspaces' && e.endpoint === HOSTED_ENDPOINTS.leaveWorkspace
        && /Unable to find endpoint for name login\.leave_company/.test(e.reason));
      await assert.rejects(c2.hosted.createInvite(), (e: unknown) => e instanceof FeatureUnavailableError && e.feature === 'invites');
      assert.equal(ent.state.counters.calls[HOSTED_ENDPOINTS.createInvite], 1, 'a 404 is not retried');
      assert.equal((await c2.hosted.listGatewayTokens()).length, 1, 'enterprise has gateway tokens');
      assert.equal((await c2.getVaults()).length, 1, 'enterprise has vaults');
    });
  });
});
