/** Client limits over real HTTP: response size cap, retries that do not nest with login's, an OK envelope without data. */
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../../server/index';
import { ClearMLApiError } from '../../../src/core/api/index';
import { MAX_MESSAGE_BYTES } from '../../../src/core/api/transport';
import { client } from './helpers';

let srv: RunningServer;

const apiError = (check: (e: ClearMLApiError) => boolean) => (e: unknown): boolean => {
  assert.ok(e instanceof ClearMLApiError, `expected ClearMLApiError, got ${String(e)}`);
  assert.ok(check(e), e.message);
  return true;
};

describe('client limits', () => {
  beforeEach(async () => { srv = await startServer({ port: 0, edition: 'hosted' }); });
  afterEach(async () => { await srv.close(); });

  test('a response over the 32 MB default cap fails with kind too-large and a clear message, and is not retried', async () => {
    const c = client(srv);
    await c.claims();
    srv.faults.set('users.get_current_user', { oversizeBytes: MAX_MESSAGE_BYTES + 8 * 1024 * 1024 });
    const heapBefore = process.memoryUsage().rss;
    await assert.rejects(c.getCurrentUser(), apiError((e) => e.kind === 'too-large' && /larger than 32 MB/.test(e.message) && e.endpoint === 'users.get_current_user'));
    assert.equal(srv.state.counters.calls['users.get_current_user'], 1, 'a runaway answer is not fetched again');
    assert.ok(process.memoryUsage().rss - heapBefore < 256 * 1024 * 1024, 'reading stopped at the cap');
  });

  test('the cap is configurable and a body under it is read normally', async () => {
    const c = client(srv, { maxMessageBytes: 64 * 1024 });
    await c.claims();
    srv.faults.set('users.get_current_user', { oversizeBytes: 100 * 1024, times: 1 });
    await assert.rejects(c.getCurrentUser(), apiError((e) => e.kind === 'too-large' && /larger than 0\.1 MB/.test(e.message)));
    assert.equal((await c.getCurrentUser()).name, 'Jane Doe');
  });

  test('an HTML 502 on every call: auth.login is tried retries+1 times in total, not retries × retries', async () => {
    const c = client(srv, { retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 2 } });
    srv.faults.set('*', { html502: true });
    await assert.rejects(c.getCredentials(), apiError((e) => e.kind === 'not-json' && e.code === 502));
    assert.equal(srv.state.counters.calls['auth.login'], 4);
    assert.equal(srv.state.counters.calls['auth.get_credentials'] ?? 0, 0, 'the call itself never ran without a token');
  });

  test('login fine, the call answers HTML 502: the call is retried, login happens once', async () => {
    const c = client(srv, { retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 2 } });
    srv.faults.set('auth.get_credentials', { html502: true });
    await assert.rejects(c.getCredentials());
    assert.equal(srv.state.counters.calls['auth.login'], 1);
    assert.equal(srv.state.counters.calls['auth.get_credentials'], 4);
  });

  for (const data of [null, 'text', [1, 2]]) {
    test(`an OK envelope with data ${JSON.stringify(data)} gives ClearMLApiError, not TypeError`, async () => {
      const c = client(srv);
      await c.claims();
      srv.faults.set('users.get_current_user', { successData: data });
      await assert.rejects(c.getCurrentUser(), apiError((e) => e.kind === 'not-json' && /without a data object/.test(e.message) && e.endpoint === 'users.get_current_user'));
    });
  }

  test('auth.login answering OK with data null is a sign-in error, not TypeError', async () => {
    const c = client(srv);
    srv.faults.set('auth.login', { successData: null });
    await assert.rejects(c.claims(), apiError((e) => e.endpoint === 'auth.login'));
  });
});
