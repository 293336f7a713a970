/** Session: single-flight login, refresh before expiry, re-login once on 401/30. */
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startServer, type RunningServer } from '../../../server/index';
import { ClearMLApiError } from '../../../src/core/api/index';
import { DEMO, client } from './helpers';

let srv: RunningServer;

describe('session', () => {
  beforeEach(async () => { srv = await startServer({ port: 0, edition: 'hosted' }); });
  afterEach(async () => { await srv.close(); });

  test('50 parallel calls on a fresh client → exactly one auth.login', async () => {
    const c = client(srv);
    srv.faults.set('auth.login', { latencyMs: 50 });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? c.getCredentials() : c.getCurrentUser())));
    assert.equal(results.length, 50);
    assert.equal(srv.state.counters.logins, 1);
    assert.equal(srv.state.counters.calls['auth.login'], 1);
    assert.equal(c.session.logins, 1);
  });

  test('token rejected (server key rotated) → 20 parallel calls re-login exactly once and all succeed', async () => {
    const c = client(srv);
    await c.getCurrentUser();
    srv.state.data.tokenSecret = randomBytes(32).toString('hex');
    srv.state.resetCounters();
    const results = await Promise.all(Array.from({ length: 20 }, () => c.getCurrentUser()));
    assert.ok(results.every((u) => u.id === DEMO.user.id));
    assert.equal(srv.state.counters.logins, 1);
    assert.equal(srv.state.counters.calls['users.get_current_user'], 40, 'each call: one 401/30, one retry');
  });

  test('expired token → 401/30 → one re-login and the call is repeated', async () => {
    const c = client(srv);
    srv.faults.tokenLifetimeSec = -5; // issued already expired: the first call must fail with 401/30
    const failing = c.getCurrentUser();
    await assert.rejects(failing, (e: unknown) => e instanceof ClearMLApiError && e.code === 401 && e.subcode === 30 && /Signature has expired/.test(e.serverMessage));
    assert.equal(srv.state.counters.logins, 2, 'logged in again exactly once, then gave up');
    srv.faults.tokenLifetimeSec = undefined;
    assert.equal((await c.getCurrentUser()).id, DEMO.user.id);
  });

  test('refreshes before expiry: < 360 s left (or half the lifetime) → login again without a 401', async () => {
    let now = Date.now();
    const c = client(srv, { clock: () => now });
    srv.faults.tokenLifetimeSec = 3600;
    await c.getCurrentUser();
    now += (3600 - 400) * 1000;
    await c.getCurrentUser();
    assert.equal(srv.state.counters.logins, 1, '400 s left: token kept');
    now += 100 * 1000;
    await c.getCurrentUser();
    assert.equal(srv.state.counters.logins, 2, '300 s left: refreshed');
    assert.equal(srv.state.counters.calls['users.get_current_user'], 3, 'no call was rejected');
  });

  test('30 parallel calls when the token is about to expire → exactly one refresh login', async () => {
    let now = Date.now();
    const c = client(srv, { clock: () => now });
    srv.faults.tokenLifetimeSec = 3600;
    await c.getCurrentUser();
    now += 3500 * 1000;
    srv.faults.set('auth.login', { latencyMs: 30 });
    await Promise.all(Array.from({ length: 30 }, () => c.getCredentials()));
    assert.equal(srv.state.counters.logins, 2);
  });

  test('short-lived tokens refresh at half their lifetime instead of on every call', async () => {
    let now = Date.now();
    const c = client(srv, { clock: () => now });
    srv.faults.tokenLifetimeSec = 60;
    await c.getCurrentUser();
    await c.getCurrentUser();
    assert.equal(srv.state.counters.logins, 1);
    now += 31_000;
    await c.getCurrentUser();
    assert.equal(srv.state.counters.logins, 2);
  });

  test('wrong secret: a clear sign-in error with code 401/22; no retry loop', async () => {
    const c = client(srv, { secretKey: 'definitely-the-wrong-secret' });
    await assert.rejects(c.getCurrentUser(), (e: unknown) => e instanceof ClearMLApiError && e.code === 401 && e.subcode === 22
      && /^Sign-in to http:\/\/127\.0\.0\.1:\d+ failed: the server rejected the access key \/ secret key/.test(e.message)
      && e.serverMessage === 'Unauthorized (invalid credentials) (failed to locate provided credentials)');
    assert.equal(srv.state.counters.calls['auth.login'], 1);
  });

  test('a caller that cancels while waiting for the shared login does not break it for the others', async () => {
    const c = client(srv);
    srv.faults.set('auth.login', { latencyMs: 200 });
    const ac = new AbortController();
    const cancelled = c.getCurrentUser({ signal: ac.signal });
    const other = c.getCredentials();
    ac.abort();
    await assert.rejects(cancelled, (e: unknown) => e instanceof ClearMLApiError && e.kind === 'cancelled');
    assert.ok((await other).length > 0);
    assert.equal(srv.state.counters.logins, 1);
  });
});
