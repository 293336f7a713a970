/** State persistence, fault injection, the HTTP test-control surface and the CLI. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../../server/index';
import { DEMO, JANE_BASIC, basic, bearer, loginToken, raw, waitFor, withServer } from '../api/helpers';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'clearml-server-test-'));
}

describe('persistence', () => {
  test('state survives a restart (credentials, preferences, names, tokens) and is written atomically', async () => {
    const dir = tempDir();
    const file = join(dir, 'state.json');
    try {
      let secret: string;
      let accessKey: string;
      let token: string;
      {
        const srv = await startServer({ port: 0, edition: 'hosted', dataFile: file });
        token = await loginToken(srv.url);
        const c = (await raw(srv.url, 'auth.create_credentials', { label: 'persisted' }, bearer(token))).json.data.credentials;
        secret = c.secret_key;
        accessKey = c.access_key;
        await raw(srv.url, 'users.set_preferences', { preferences: { views: { theme: 'light' } } }, bearer(token));
        await raw(srv.url, 'users.update', { user: DEMO.user.id, name: 'Jane Persisted' }, bearer(token));
        await srv.close();
      }
      assert.deepEqual(readdirSync(dir), ['state.json'], 'no temp files left behind');
      const onDisk = JSON.parse(readFileSync(file, 'utf8'));
      assert.equal(onDisk.schemaVersion, 1);
      {
        const srv = await startServer({ port: 0, edition: 'hosted', dataFile: file });
        try {
          const me = await raw(srv.url, 'users.get_current_user', {}, bearer(token));
          assert.equal(me.status, 200, 'tokens issued before the restart stay valid');
          assert.equal(me.json.data.user.name, 'Jane Persisted');
          const t2 = await loginToken(srv.url, basic(accessKey, secret));
          assert.deepEqual((await raw(srv.url, 'users.get_preferences', {}, bearer(t2))).json.data.preferences.views, { theme: 'light' });
          const labels = (await raw(srv.url, 'auth.get_credentials', {}, bearer(t2))).json.data.credentials.map((c: { label?: string }) => c.label);
          assert.ok(labels.includes('persisted'));
        } finally {
          await srv.close();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a corrupt data file is rejected with the file name and the way out', async () => {
    const dir = tempDir();
    const file = join(dir, 'state.json');
    writeFileSync(file, '{ nope');
    try {
      await assert.rejects(startServer({ port: 0, edition: 'hosted', dataFile: file }), (e: Error) => e.message.includes(file) && /not valid JSON/.test(e.message) && /delete it/.test(e.message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a burst of 100 mutations is coalesced and the final file holds all of them', async () => {
    const dir = tempDir();
    const file = join(dir, 'state.json');
    try {
      const srv = await startServer({ port: 0, edition: 'hosted', dataFile: file, maxCredentials: 1000 });
      const token = await loginToken(srv.url);
      const writesBefore = srv.state.fileWrites;
      await Promise.all(Array.from({ length: 100 }, (_, i) => raw(srv.url, 'auth.create_credentials', { label: `burst ${i}` }, bearer(token))));
      await srv.close();
      const writes = srv.state.fileWrites - writesBefore;
      // coalesced: changes that arrive while a write is under way share the next one (one write per change is 100)
      assert.ok(writes >= 1 && writes <= 50, `${writes} file writes for 100 changes`);
      const data = JSON.parse(readFileSync(file, 'utf8'));
      assert.equal(data.credentials.filter((c: { label?: string }) => c.label?.startsWith('burst ')).length, 100);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fault injection', () => {
  test('fixed error for N calls, then normal answers', async () => {
    await withServer({ edition: 'hosted' }, async (srv) => {
      srv.faults.set('debug.ping', { error: { code: 503, subcode: 0, message: 'Maintenance' }, times: 2 });
      const a = await raw(srv.url, 'debug.ping', {});
      assert.equal(a.status, 503);
      assert.equal(a.json.meta.result_msg, 'Maintenance');
      assert.equal((await raw(srv.url, 'debug.ping', {})).status, 503);
      assert.equal((await raw(srv.url, 'debug.ping', {})).status, 200);
    });
  });

  test('failure rate uses a seeded RNG: the same seed gives the same sequence', async () => {
    const sequence = async (): Promise<number[]> => withServer({ edition: 'hosted' }, async (srv) => {
      srv.faults.set('debug.ping', { failureRate: 0.5, seed: 42 });
      const out: number[] = [];
      for (let i = 0; i < 20; i++) out.push((await raw(srv.url, 'debug.ping', {})).status);
      return out;
    });
    const s1 = await sequence();
    const s2 = await sequence();
    assert.deepEqual(s1, s2);
    assert.ok(s1.includes(200) && s1.includes(503), `mixed results expected: ${s1.join(',')}`);
  });

  test('latency, HTML 502 page, dropped connection, "*" wildcard', async () => {
    await withServer({ edition: 'hosted' }, async (srv) => {
      srv.faults.set('debug.ping', { latencyMs: 150 });
      const t0 = Date.now();
      assert.equal((await raw(srv.url, 'debug.ping', {})).status, 200);
      assert.ok(Date.now() - t0 >= 140);
      srv.faults.set('debug.ping', { html502: true });
      const html = await raw(srv.url, 'debug.ping', {});
      assert.equal(html.status, 502);
      assert.match(html.headers.get('content-type') ?? '', /text\/html/);
      assert.match(html.text, /<title>502 Bad Gateway<\/title>/);
      srv.faults.set('debug.ping', { dropConnection: true });
      await assert.rejects(raw(srv.url, 'debug.ping', {}));
      srv.faults.clear();
      srv.faults.set('*', { error: { code: 429, message: 'Too many requests' } });
      assert.equal((await raw(srv.url, 'users.get_current_user', {})).status, 429);
      srv.faults.clear();
      assert.equal((await raw(srv.url, 'debug.ping', {})).status, 200);
    });
  });

  test('counters count logins and calls per endpoint', async () => {
    await withServer({ edition: 'hosted' }, async (srv) => {
      await loginToken(srv.url);
      await raw(srv.url, 'debug.ping', {});
      assert.equal(srv.state.counters.logins, 1);
      assert.equal(srv.state.counters.calls['debug.ping'], 1);
      srv.state.resetCounters();
      assert.equal(srv.state.counters.logins, 0);
    });
  });
});

describe('HTTP test control (--enable-test-control)', () => {
  test('disabled by default (404)', async () => {
    await withServer({ edition: 'hosted' }, async (srv) => {
      const r = await raw(srv.url, '__test/counters', {});
      assert.equal(r.status, 404);
    });
  });

  test('faults, token lifetime, seeding and counters over HTTP', async () => {
    await withServer({ edition: 'hosted', enableTestControl: true }, async (srv) => {
      const set = await raw(srv.url, '__test/faults.set', { endpoint: 'debug.ping', fault: { error: { code: 503 }, times: 1 } });
      assert.equal(set.json.ok, true);
      assert.equal((await raw(srv.url, 'debug.ping', {})).status, 503);
      assert.equal((await raw(srv.url, 'debug.ping', {})).status, 200);
      await raw(srv.url, '__test/token_lifetime', { seconds: 120 });
      const token = await loginToken(srv.url);
      const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
      assert.equal(claims.exp - claims.iat, 120);
      const seeded = await raw(srv.url, '__test/seed.members', { company: DEMO.workspaces.own.id, count: 50 });
      assert.equal(seeded.json.ids.length, 50);
      const creds = await raw(srv.url, '__test/seed.credentials', { user: DEMO.user.id, company: DEMO.workspaces.own.id, count: 3 });
      assert.equal(creds.json.credentials.length, 3);
      const counters = (await raw(srv.url, '__test/counters', {})).json.counters;
      assert.equal(counters.logins, 1);
      assert.equal(counters.calls['debug.ping'], 2);
      await raw(srv.url, '__test/faults.clear', {});
      await raw(srv.url, '__test/counters.reset', {});
      assert.equal((await raw(srv.url, '__test/counters', {})).json.counters.logins, 0);
    });
  });
});

describe('CLI', () => {
  test('prints exactly one listening line, then logs requests without secrets', async () => {
    const dir = tempDir();
    const cli = join(__dirname, '..', '..', '..', 'server', 'cli.js');
    const child = spawn(process.execPath, [cli, '--port', '0', '--edition', 'enterprise', '--data', join(dir, 's.json'), '--seed', 'demo'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    try {
      await waitFor(() => out.includes('\n'), 'the listening line', 10_000);
      const first = out.split('\n')[0];
      assert.match(first, /^ClearML API server listening on http:\/\/127\.0\.0\.1:\d+ \(edition enterprise\)$/);
      const url = first.split(' ')[5];
      const token = await loginToken(url, JANE_BASIC);
      await raw(url, 'users.get_current_user', {}, bearer(token));
      await waitFor(() => out.split('\n').filter(Boolean).length >= 3, 'two request log lines');
      const lines = out.split('\n').filter(Boolean);
      assert.match(lines[1], /POST \/auth\.login 200\/0 \d+ms$/);
      assert.ok(!out.includes(DEMO.signIn.secretKey) && !out.includes(token) && !out.includes(JANE_BASIC.slice(6)), 'no secret in the log');
      assert.equal(err, '');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('bad arguments exit 2 with the problem and the usage', async () => {
    const cli = join(__dirname, '..', '..', '..', 'server', 'cli.js');
    const child = spawn(process.execPath, [cli, '--edition', 'community'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const code = await new Promise((r) => child.once('exit', r));
    assert.equal(code, 2);
    assert.match(err, /--edition must be opensource, enterprise or hosted \(got "community"\)/);
    assert.match(err, /usage: npm run server/);
  });
});
