import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../../server/index';
import { raw, loginToken, bearer } from '../api/helpers';
import { DEMO } from '../../../server/demo';
import { showcaseData, demoData } from '../../../server/state';

describe('local server: what the demo links to', () => {
  let srv: RunningServer;
  before(async () => { srv = await startServer({ port: 0, edition: 'hosted', seed: 'showcase' }); });
  after(() => srv.close());

  test('the web UI settings pages the extension opens answer a page naming what a real server shows there', async () => {
    for (const [path, words] of [['/settings/profile', /Profile/], ['/settings/users', /Users &#38; Invitations/], ['/settings/workspace-configuration', /app credentials/]] as const) {
      const r = await fetch(`${srv.url}${path}`);
      assert.equal(r.status, 200, path);
      assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await r.text(), words);
    }
  });

  test('an invitation link answers a page; request text is escaped, never markup', async () => {
    const r = await fetch(`${srv.url}/?invite=${encodeURIComponent('<script>x</script>')}`);
    const html = await r.text();
    assert.match(html, /invitation to join a workspace/);
    assert.ok(!html.includes('<script>x'), 'the invite id is escaped');
  });

  test('API paths are not affected: POST / is still an invalid request path, endpoints answer JSON', async () => {
    const bad = await raw(srv.url, 'not-a-path', {});
    assert.equal(bad.status, 400);
    const token = await loginToken(srv.url);
    const me = await raw(srv.url, 'users.get_current_user', {}, bearer(token));
    assert.equal(me.status, 200);
  });

  test('the showcase seed has a workspace large enough to page members at the default page size of 100', () => {
    const data = showcaseData();
    const counts = new Map<string, number>();
    for (const m of data.memberships) counts.set(m.companyId, (counts.get(m.companyId) ?? 0) + 1);
    const biggest = Math.max(...counts.values());
    assert.ok(biggest > 200, `largest workspace has ${biggest} members`);
    assert.ok(data.memberships.some((m) => m.userId === DEMO.user.id && counts.get(m.companyId) === biggest), 'Jane is a member of it');
    assert.deepEqual(showcaseData().memberships.map((m) => m.userId), data.memberships.map((m) => m.userId), 'deterministic');
    assert.equal(Object.keys(demoData().companies).length + 1, Object.keys(data.companies).length, 'the demo seed itself is unchanged');
  });
});
