/** Attacks on the local server: prototype pollution, renaming other users, ReDoS, writes lost on a crash. */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO, basic, bearer, loginToken, raw, waitFor, withServer } from '../api/helpers';

const polluted = (): unknown[] => ['expiration_sec', 'polluted', 'x'].map((k) => (Object.prototype as Record<string, unknown>)[k]);

describe('server hardening: prototype pollution', () => {
  test('__proto__ / constructor / prototype in query-string keys are refused and pollute nothing (no auth needed)', async () => {
    await withServer({ edition: 'hosted' }, async (srv) => {
      for (const query of ['__proto__.expiration_sec=-100000', 'constructor.prototype.expiration_sec=-100000', 'a.__proto__.polluted=1', '__proto__[]=1']) {
        const res = await fetch(`${srv.url}/debug.ping?${query}`);
        assert.equal(res.status, 400, query);
        const body = await res.json() as { meta: { result_subcode: number; result_msg: string } };
        assert.equal(body.meta.result_subcode, 12);
        assert.match(body.meta.result_msg, /not allowed/);
      }
      assert.deepEqual(polluted(), [undefined, undefined, undefined]);
      const token = await loginToken(srv.url);
      assert.equal((await raw(srv.url, 'users.get_current_user', {}, bearer(token))).status, 200, 'a fresh token is not born expired');
    });
  });

  test('users.set_preferences keys (dotted, nested, JSON "__proto__") are refused and leave the preferences alone', async () => {
    await withServer({ edition: 'hosted' }, async (srv) => {
      const token = await loginToken(srv.url);
      const before = (await raw(srv.url, 'users.get_preferences', {}, bearer(token))).json.data.preferences;
      const attacks = [
        '{"preferences": {"__proto__.polluted": 1}}',
        '{"preferences": {"views.constructor.prototype.polluted": 1}}',
        '{"preferences": {"views": {"__proto__": {"polluted": 1}}}}',
        '{"__proto__": {"polluted": 1}, "preferences": {"a": 1}}',
      ];
      for (const body of attacks) {
        const r = await raw(srv.url, 'users.set_preferences', body, bearer(token));
        assert.equal(r.status, 400, body);
        assert.equal(r.json.meta.result_subcode, 12);
      }
      assert.deepEqual(polluted(), [undefined, undefined, undefined]);
      assert.deepEqual((await raw(srv.url, 'users.get_preferences', {}, bearer(token))).json.data.preferences, before);
    });
  });
});

describe('server hardening: users.update', () => {
  test('a plain member cannot rename another member; renaming yourself still works', async () => {
    await withServer({ edition: 'hosted' }, async (srv) => {
      const vision = DEMO.workspaces.vision;
      const token = await loginToken(srv.url, basic(vision.credentials.accessKey, vision.credentials.secretKey));
      const r = await raw(srv.url, 'users.update', { user: DEMO.alex.id, name: 'Pwned' }, bearer(token));
      assert.equal(r.status, 403);
      assert.equal(r.json.meta.result_subcode, 21);
      assert.match(r.json.meta.result_msg, /only administrators can update other users/);
      assert.equal(srv.state.user(DEMO.alex.id)?.name, DEMO.alex.name);
      const self = await raw(srv.url, 'users.update', { user: DEMO.user.id, name: 'Jane Renamed' }, bearer(token));
      assert.equal(self.status, 200);
      assert.equal(self.json.data.updated, 1);
    });
  });

  test('the workspace admin may rename a member of that workspace', async () => {
    await withServer({ edition: 'hosted' }, async (srv) => {
      const token = await loginToken(srv.url, basic(DEMO.alex.credentials.accessKey, DEMO.alex.credentials.secretKey));
      const r = await raw(srv.url, 'users.update', { user: DEMO.user.id, name: 'Jane (renamed by admin)' }, bearer(token));
      assert.equal(r.status, 200);
    });
  });
});

describe('server hardening: users.get_all_ex name regex', () => {
  test('a catastrophic pattern against a 28-character name answers within a second with 400/12', async () => {
    await withServer({ edition: 'hosted' }, async (srv) => {
      const token = await loginToken(srv.url);
      await raw(srv.url, 'users.update', { user: DEMO.user.id, name: `${'a'.repeat(28)}!` }, bearer(token));
      const started = Date.now();
      const r = await raw(srv.url, 'users.get_all_ex', { name: '^(a+)+$' }, bearer(token));
      const elapsed = Date.now() - started;
      assert.equal(r.status, 400);
      assert.equal(r.json.meta.result_subcode, 12);
      assert.match(r.json.meta.result_msg, /took longer than/);
      assert.ok(elapsed < 1000, `answered in ${elapsed} ms`);
      const ping = Date.now();
      assert.equal((await raw(srv.url, 'debug.ping', {})).status, 200);
      assert.ok(Date.now() - ping < 500, 'the server is not blocked afterwards');
    });
  });

  test('ordinary patterns still match case-insensitively; over-long and invalid ones are 400/12', async () => {
    await withServer({ edition: 'hosted' }, async (srv) => {
      const token = await loginToken(srv.url);
      const r = await raw(srv.url, 'users.get_all_ex', { name: '^jane' }, bearer(token));
      assert.deepEqual(r.json.data.users.map((u: { name: string }) => u.name), [DEMO.user.name]);
      assert.equal((await raw(srv.url, 'users.get_all_ex', { name: 'x'.repeat(5000) }, bearer(token))).json.meta.result_subcode, 12);
      assert.equal((await raw(srv.url, 'users.get_all_ex', { name: '(' }, bearer(token))).json.meta.result_subcode, 12);
    });
  });
});

describe('server hardening: acknowledged writes survive kill -9', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clearml-server-crash-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('0 of the acknowledged writes are lost when the server process is killed right after them', async () => {
    const file = join(dir, 'state.json');
    const cli = join(__dirname, '..', '..', '..', 'server', 'cli.js');
    const child = spawn(process.execPath, [cli, '--port', '0', '--edition', 'enterprise', '--data', file, '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    const exited = new Promise((r) => child.once('exit', r));
    try {
      await waitFor(() => out.includes('\n'), 'the listening line', 10_000);
      const url = out.split('\n')[0].split(' ')[5];
      const token = await loginToken(url);
      const acknowledged: string[] = [];
      const target = 300;
      let next = 0;
      // 16 writers keep writes in flight while the process is killed.
      const writer = async (): Promise<void> => {
        while (acknowledged.length < target) {
          const label = `ack ${next++}`;
          const r = await raw(url, 'auth.create_credentials', { label }, bearer(token)).catch(() => undefined);
          if (r?.status === 200) acknowledged.push(label);
        }
      };
      const writers = Array.from({ length: 16 }, writer);
      await waitFor(() => acknowledged.length >= target, `${target} acknowledged writes`, 60_000);
      child.kill('SIGKILL');
      await exited;
      await Promise.allSettled(writers);
      const onDisk = new Set((JSON.parse(readFileSync(file, 'utf8')).credentials as { label?: string }[]).map((c) => c.label));
      const lost = acknowledged.filter((l) => !onDisk.has(l));
      assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged writes lost`);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
