/** Transport contract of the local server: envelope, result codes, auth errors, routing, editions. */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../../server/index';
import { DEMO, JANE_BASIC, basic, bearer, claimsOf, loginToken, raw, withServer } from '../api/helpers';

describe('server protocol', () => {
  let srv: RunningServer;
  before(async () => { srv = await startServer({ port: 0, edition: 'hosted' }); });
  after(async () => { await srv.close(); });

  test('binds to 127.0.0.1 on a random port and answers with the real envelope', async () => {
    assert.match(srv.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(srv.port > 0);
    const r = await raw(srv.url, 'debug.ping', { hello: 'x' }, { 'X-Clearml-Trx': 'trx-123' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('server'), 'clearml');
    const { meta, data } = r.json;
    assert.match(meta.id, /^[0-9a-f]{32}$/);
    assert.equal(meta.trx, 'trx-123');
    assert.deepEqual(meta.endpoint, { name: 'debug.ping', requested_version: '2.34', actual_version: '1.0' });
    assert.equal(meta.result_code, 200);
    assert.equal(meta.result_subcode, 0);
    assert.equal(meta.result_msg, 'OK');
    assert.equal(meta.error_stack, null);
    assert.deepEqual(meta.error_data, {});
    assert.deepEqual(data, { hello: 'x', msg: 'ClearML server' });
  });

  test('trx defaults to the call id', async () => {
    const r = await raw(srv.url, 'debug.ping', {});
    assert.equal(r.json.meta.trx, r.json.meta.id);
  });

  test('version prefix is parsed into requested_version; endpoints below their min version are 404/0', async () => {
    const token = await loginToken(srv.url);
    const ok = await raw(srv.url, 'v2.19/auth.edit_credentials', { access_key: DEMO.signIn.accessKey, label: 'x' }, bearer(token));
    assert.equal(ok.status, 200);
    assert.equal(ok.json.meta.endpoint.requested_version, '2.19');
    const old = await raw(srv.url, 'v2.18/auth.edit_credentials', { access_key: DEMO.signIn.accessKey }, bearer(token));
    assert.equal(old.status, 404);
    assert.equal(old.json.meta.result_msg, 'Unable to find endpoint for name auth.edit_credentials and version 2.18');
  });

  test('unknown endpoint → 404/0 with the real message; malformed path → 400/0', async () => {
    const r = await raw(srv.url, 'nosuch.thing', {});
    assert.equal(r.status, 404);
    assert.equal(r.json.meta.result_code, 404);
    assert.equal(r.json.meta.result_subcode, 0);
    assert.equal(r.json.meta.result_msg, 'Unable to find endpoint for name nosuch.thing and version 2.34');
    const bad = await raw(srv.url, 'not-a-path', {});
    assert.equal(bad.status, 400);
    assert.match(bad.json.meta.result_msg, /^Invalid request path/);
  });

  test('invalid JSON body → 400/0; Content-Encoding → plain-text 415; OPTIONS → empty 200', async () => {
    const r = await raw(srv.url, 'debug.ping', '{not json');
    assert.equal(r.status, 400);
    assert.match(r.json.meta.result_msg, /Invalid request body/);
    const enc = await raw(srv.url, 'debug.ping', '{}', { 'Content-Encoding': 'gzip' });
    assert.equal(enc.status, 415);
    assert.equal(enc.json, undefined);
    const opt = await fetch(`${srv.url}/debug.ping`, { method: 'OPTIONS' });
    assert.equal(opt.status, 200);
    assert.equal(await opt.text(), '');
  });

  test('auth.login issues an HS256 JWT with the real claim set', async () => {
    const token = await loginToken(srv.url);
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
    assert.deepEqual(header, { alg: 'HS256', typ: 'JWT' });
    const c = claimsOf(token);
    assert.deepEqual(c.identity, { user: DEMO.user.id, company: DEMO.workspaces.own.id, role: 'admin', user_name: 'Jane Doe', company_name: "Jane's workspace" });
    assert.equal(c.api_version, '2.34');
    assert.equal(c.server_version, '2.3.0');
    assert.equal(c.feature_set, 'advanced');
    assert.equal(c.auth_type, 'Bearer');
    assert.match(String(c.session_id), /^[0-9a-f]{32}$/);
    assert.equal((c.exp as number) - (c.iat as number), 2_592_000);
  });

  test('expiration_sec is honoured and capped at 31536000 (400/12 above)', async () => {
    const r = await raw(srv.url, 'auth.login', { expiration_sec: 3600 }, { Authorization: JANE_BASIC });
    const c = claimsOf(r.json.data.token);
    assert.equal((c.exp as number) - (c.iat as number), 3600);
    const big = await raw(srv.url, 'auth.login', { expiration_sec: 31_536_001 }, { Authorization: JANE_BASIC });
    assert.equal(big.status, 400);
    assert.equal(big.json.meta.result_subcode, 12);
  });

  test('no credentials → 401/20', async () => {
    const r = await raw(srv.url, 'users.get_current_user', {});
    assert.equal(r.status, 401);
    assert.equal(r.json.meta.result_subcode, 20);
    assert.equal(r.json.meta.result_msg, 'Unauthorized (missing credentials)');
  });

  test('wrong secret → 401/22 with the real message', async () => {
    const r = await raw(srv.url, 'auth.login', {}, { Authorization: basic(DEMO.signIn.accessKey, 'wrong-secret') });
    assert.equal(r.status, 401);
    assert.equal(r.json.meta.result_subcode, 22);
    assert.equal(r.json.meta.result_msg, 'Unauthorized (invalid credentials) (failed to locate provided credentials)');
  });

  test('malformed Basic → 401/21; unknown scheme → 401/10', async () => {
    const r = await raw(srv.url, 'auth.login', {}, { Authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` });
    assert.equal(r.status, 401);
    assert.equal(r.json.meta.result_subcode, 21);
    assert.equal(r.json.meta.result_msg, 'Unauthorized (malformed credentials)');
    const d = await raw(srv.url, 'auth.login', {}, { Authorization: 'Digest abc' });
    assert.equal(d.json.meta.result_subcode, 10);
    assert.equal(d.json.meta.result_msg, 'Unauthorized (bad authentication header type)');
  });

  test('expired token → 401/30 "Signature has expired"; tampered → "Signature verification failed"', async () => {
    srv.faults.tokenLifetimeSec = -10;
    const expired = await loginToken(srv.url);
    srv.faults.tokenLifetimeSec = undefined;
    const r = await raw(srv.url, 'users.get_current_user', {}, bearer(expired));
    assert.equal(r.status, 401);
    assert.equal(r.json.meta.result_subcode, 30);
    assert.equal(r.json.meta.result_msg, 'Invalid token (invalid jwt token): reason=Signature has expired');
    const good = await loginToken(srv.url);
    const [h, , s] = good.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claimsOf(good), identity: { user: 'x', company: 'y' } })).toString('base64url')}.${s}`;
    const f = await raw(srv.url, 'users.get_current_user', {}, bearer(forged));
    assert.equal(f.json.meta.result_msg, 'Invalid token (invalid jwt token): reason=Signature verification failed');
  });

  test('auth.logout revokes the token (401/30 revoked token)', async () => {
    const token = await loginToken(srv.url);
    assert.equal((await raw(srv.url, 'auth.logout', {}, bearer(token))).status, 200);
    const r = await raw(srv.url, 'users.get_current_user', {}, bearer(token));
    assert.equal(r.status, 401);
    assert.equal(r.json.meta.result_msg, 'Invalid token (revoked token)');
  });

  test('login.logout (2.13) revokes too; auth.fixed_users_mode needs no auth', async () => {
    const token = await loginToken(srv.url);
    assert.equal((await raw(srv.url, 'login.logout', {}, bearer(token))).status, 200);
    assert.equal((await raw(srv.url, 'users.get_current_user', {}, bearer(token))).json.meta.result_msg, 'Invalid token (revoked token)');
    assert.equal((await raw(srv.url, 'login.logout', {})).status, 200, 'authorize: null — no auth is fine');
    assert.equal((await raw(srv.url, 'auth.fixed_users_mode', {})).json.data.enabled, false);
  });

  test('Basic auth works on every endpoint and records last_used / last_used_from from X-Clearml-Worker', async () => {
    const r = await raw(srv.url, 'auth.get_credentials', {}, { Authorization: JANE_BASIC, 'X-Clearml-Worker': 'my-laptop' });
    assert.equal(r.status, 200);
    const mine = r.json.data.credentials.find((c: { access_key: string }) => c.access_key === DEMO.signIn.accessKey);
    assert.equal(mine.last_used_from, 'my-laptop');
    assert.ok(Date.now() - Date.parse(mine.last_used) < 60_000);
    assert.match(mine.last_used, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
  });

  test('login.supported_modes works with and without auth and says which', async () => {
    const anon = await raw(srv.url, 'login.supported_modes', {});
    assert.equal(anon.status, 200);
    assert.equal(anon.json.data.authenticated, false);
    const authed = await raw(srv.url, 'login.supported_modes', {}, bearer(await loginToken(srv.url)));
    assert.equal(authed.json.data.authenticated, true);
    assert.deepEqual(Object.keys(anon.json.data).sort(), ['authenticated', 'basic', 'server_errors', 'sso', 'sso_providers']);
  });

  test('query-string arguments merge into the body (SDK-style GET users.get_vaults)', async () => {
    const token = await loginToken(srv.url);
    const r = await raw(srv.url, 'users.get_vaults?enabled=true&types=config&types=config', undefined, bearer(token), 'GET');
    assert.equal(r.status, 200);
    assert.equal(r.json.data.vaults.length, 1);
    assert.equal(r.json.data.vaults[0].type, 'config');
  });

  test('200 concurrent requests are all answered correctly', async () => {
    const token = await loginToken(srv.url);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) =>
      i % 2 === 0
        ? raw(srv.url, 'debug.ping', { i }, { 'X-Clearml-Trx': `t${i}` })
        : raw(srv.url, 'users.get_current_user', {}, { ...bearer(token), 'X-Clearml-Trx': `t${i}` })));
    results.forEach((r, i) => {
      assert.equal(r.status, 200, `request ${i}`);
      assert.equal(r.json.meta.trx, `t${i}`);
      if (i % 2 === 0) assert.equal(r.json.data.i, i);
      else assert.equal(r.json.data.user.id, DEMO.user.id);
    });
  });
});

describe('editions decide which endpoints exist', () => {
  const cases: [string, 'opensource' | 'enterprise' | 'hosted', boolean][] = [
    ['users.get_vaults', 'opensource', false], ['users.get_vaults', 'enterprise', true], ['users.get_vaults', 'hosted', true],
    ['server.report_stats_option', 'opensource', true], ['server.report_stats_option', 'enterprise', false], ['server.report_stats_option', 'hosted', false],
    ['gateway.get_tokens', 'opensource', false], ['gateway.get_tokens', 'enterprise', true], ['gateway.get_tokens', 'hosted', true],
    ['organization.get_invites', 'opensource', false], ['organization.get_invites', 'enterprise', false], ['organization.get_invites', 'hosted', true],
    ['login.leave_company', 'opensource', false], ['login.leave_company', 'hosted', true],
    // Names that no ClearML client ever called answer like any unknown endpoint, on every edition.
    ['organization.switch_company', 'hosted', false], ['organization.leave_company', 'hosted', false],
    ['organization.invite_users', 'hosted', false], ['users.get_invites', 'hosted', false],
  ];
  for (const edition of ['opensource', 'enterprise', 'hosted'] as const) {
    test(`${edition}: feature_set and endpoint availability`, async () => {
      await withServer({ edition }, async (srv) => {
        const token = await loginToken(srv.url);
        assert.equal(claimsOf(token).feature_set, edition === 'opensource' ? 'basic' : 'advanced');
        for (const [endpoint, ed, exists] of cases) {
          if (ed !== edition) continue;
          const r = await raw(srv.url, endpoint, {}, bearer(token));
          // An existing endpoint may refuse the empty body (400/12), never answer 404.
          if (exists) assert.ok([200, 400].includes(r.status) && r.json.meta.result_code !== 404, `${endpoint} on ${edition}: ${r.text}`);
          else {
            assert.equal(r.status, 404, `${endpoint} on ${edition}`);
            assert.equal(r.json.meta.result_msg, `Unable to find endpoint for name ${endpoint} and version 2.34`);
          }
        }
      });
    });
  }
});
