/** Retry rules: safe calls are retried with backoff on 429/502/503/509 and connection errors; others never. */
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../../server/index';
import { ClearMLApiError, HOSTED_ENDPOINTS } from '../../../src/core/api/index';
import { backoffDelay, isSafeToRetry } from '../../../src/core/api/retry';
import { client, captureLog } from './helpers';

let srv: RunningServer;

describe('retries', () => {
  beforeEach(async () => { srv = await startServer({ port: 0, edition: 'hosted' }); });
  afterEach(async () => { await srv.close(); });

  test('auth.create_credentials with a 503 is attempted exactly once', async () => {
    const c = client(srv);
    await c.claims();
    srv.faults.set('auth.create_credentials', { error: { code: 503, message: 'Service unavailable' } });
    await assert.rejects(c.createCredentials('x'), (e: unknown) => e instanceof ClearMLApiError && e.code === 503);
    assert.equal(srv.state.counters.calls['auth.create_credentials'], 1);
    assert.equal(srv.state.data.credentials.filter((k) => k.label === 'x').length, 0);
  });

  test('invites and gateway-token generation are never repeated', async () => {
    const c = client(srv);
    await c.claims();
    srv.faults.set(HOSTED_ENDPOINTS.createInvite, { error: { code: 502 } });
    srv.faults.set(HOSTED_ENDPOINTS.generateGatewayToken, { dropConnection: true });
    await assert.rejects(c.hosted.createInvite());
    await assert.rejects(c.hosted.generateGatewayToken('x', 3), (e: unknown) => e instanceof ClearMLApiError && e.kind === 'transport');
    assert.equal(srv.state.counters.calls[HOSTED_ENDPOINTS.createInvite], 1);
    assert.equal(srv.state.counters.calls[HOSTED_ENDPOINTS.generateGatewayToken], 1);
  });

  for (const code of [429, 502, 503, 509]) {
    test(`auth.get_credentials is retried on ${code} until it succeeds`, async () => {
      const log = captureLog();
      const c = client(srv, { logger: log.logger });
      await c.claims();
      srv.faults.set('auth.get_credentials', { error: { code }, times: 2 });
      const list = await c.getCredentials();
      assert.ok(list.length > 0);
      assert.equal(srv.state.counters.calls['auth.get_credentials'], 3);
      assert.equal(log.lines.filter((l) => /^warn auth\.get_credentials failed .*retry \d\/3/.test(l)).length, 2);
    });
  }

  test('retried on an HTML 502 page and on a dropped connection', async () => {
    const c = client(srv);
    await c.claims();
    srv.faults.set('auth.get_credentials', { html502: true, times: 1 });
    await c.getCredentials();
    assert.equal(srv.state.counters.calls['auth.get_credentials'], 2);
    srv.faults.set('users.get_current_user', { dropConnection: true, times: 2 });
    await c.getCurrentUser();
    assert.equal(srv.state.counters.calls['users.get_current_user'], 3);
  });

  test('gives up after the configured retries with the last error', async () => {
    const c = client(srv, { retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    await c.claims();
    srv.faults.set('auth.get_credentials', { error: { code: 503, message: 'still down' } });
    await assert.rejects(c.getCredentials(), (e: unknown) => e instanceof ClearMLApiError && e.code === 503 && e.serverMessage === 'still down');
    assert.equal(srv.state.counters.calls['auth.get_credentials'], 3);
  });

  test('400 and 500 are not retried', async () => {
    const c = client(srv);
    await c.claims();
    srv.faults.set('auth.get_credentials', { error: { code: 500, message: 'boom' } });
    await assert.rejects(c.getCredentials(), (e: unknown) => e instanceof ClearMLApiError && e.code === 500);
    assert.equal(srv.state.counters.calls['auth.get_credentials'], 1);
    await assert.rejects(c.editCredentialLabel('NOPE', 'x'), (e: unknown) => e instanceof ClearMLApiError && e.code === 400 && e.subcode === 75);
    assert.equal(srv.state.counters.calls['auth.edit_credentials'], 1);
  });

  test('idempotent writes are retried; vault creation is not, vault update is', async () => {
    const c = client(srv);
    await c.claims();
    srv.faults.set('users.set_preferences', { error: { code: 503 }, times: 1 });
    await c.setPreferenceSlices({ views: { theme: 'light' } });
    assert.equal(srv.state.counters.calls['users.set_preferences'], 2);
    srv.faults.set('users.add_or_update_vault', { error: { code: 503 }, times: 1 });
    await assert.rejects(c.addOrUpdateVault({ data: 'a: 1', format: 'hocon', enabled: true }));
    assert.equal(srv.state.counters.calls['users.add_or_update_vault'], 1);
    const id = await c.addOrUpdateVault({ data: 'a: 1', format: 'hocon', enabled: true });
    srv.faults.set('users.add_or_update_vault', { error: { code: 503 }, times: 1 });
    await c.addOrUpdateVault({ id, data: 'a: 2', format: 'hocon', enabled: true });
    assert.equal(srv.state.counters.calls['users.add_or_update_vault'], 4);
  });

  test('classification and backoff math', () => {
    assert.equal(isSafeToRetry('auth.get_credentials'), true);
    assert.equal(isSafeToRetry('auth.create_credentials'), false);
    assert.equal(isSafeToRetry('auth.create_credentials', true), false, 'never, even when the caller insists');
    assert.equal(isSafeToRetry('users.update'), true);
    assert.equal(isSafeToRetry('users.add_or_update_vault'), false);
    assert.equal(isSafeToRetry('auth.revoke_credentials'), false);
    const policy = { retries: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    assert.equal(backoffDelay(policy, 0, undefined, () => 0), 50);
    assert.equal(backoffDelay(policy, 0, undefined, () => 1), 100);
    assert.equal(backoffDelay(policy, 3, undefined, () => 1), 800);
    assert.equal(backoffDelay(policy, 10, undefined, () => 1), 1000, 'capped');
    assert.equal(backoffDelay(policy, 0, 700, () => 0), 700, 'Retry-After wins when longer');
  });
});
