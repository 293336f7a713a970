/** Each endpoint's success and error shape on the local server (raw HTTP, no client code). */
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../../server/index';
import { DEMO, JANE_BASIC, basic, bearer, claimsOf, loginToken, raw } from '../api/helpers';

let srv: RunningServer;
let auth: Record<string, string>;
const call = (endpoint: string, body: unknown = {}, headers = auth) => raw(srv.url, endpoint, body, headers);
const expectError = async (endpoint: string, body: unknown, code: number, subcode: number, msg?: RegExp | string) => {
  const r = await call(endpoint, body);
  assert.equal(r.status, code, `${endpoint}: ${r.text}`);
  assert.equal(r.json.meta.result_code, code);
  assert.equal(r.json.meta.result_subcode, subcode);
  assert.deepEqual(r.json.data, {});
  if (typeof msg === 'string') assert.equal(r.json.meta.result_msg, msg);
  else if (msg) assert.match(r.json.meta.result_msg, msg);
  return r;
};

describe('server endpoints (hosted edition, demo seed)', () => {
  beforeEach(async () => {
    srv = await startServer({ port: 0, edition: 'hosted' });
    auth = bearer(await loginToken(srv.url));
  });
  afterEach(async () => { await srv.close(); });

  test('users.get_current_user', async () => {
    const r = await call('users.get_current_user');
    assert.equal(r.status, 200);
    const { user, getting_started, settings } = r.json.data;
    assert.equal(user.id, DEMO.user.id);
    assert.equal(user.name, 'Jane Doe');
    assert.deepEqual(user.company, { id: DEMO.workspaces.own.id, name: "Jane's workspace" });
    assert.equal(user.role, 'admin');
    assert.equal(user.email, DEMO.user.email);
    assert.equal(getting_started.configure, 'clearml-init');
    assert.deepEqual(settings, { max_download_items: 1000 });
    assert.equal('preferences' in user, false);
  });

  test('users.update: applies name, reports fields, 0 when unchanged, 400/12 without user, 400/301 unknown user', async () => {
    const r = await call('users.update', { user: DEMO.user.id, name: 'Jane Q. Doe', avatar: 'ignored' });
    assert.deepEqual(r.json.data, { updated: 1, fields: { name: 'Jane Q. Doe' } });
    const again = await call('users.update', { user: DEMO.user.id, name: 'Jane Q. Doe' });
    assert.deepEqual(again.json.data, { updated: 0, fields: {} });
    assert.equal((await call('users.get_current_user')).json.data.user.name, 'Jane Q. Doe');
    await expectError('users.update', { name: 'x' }, 400, 12, /^Validation error \(error for field 'user'/);
    await expectError('users.update', { user: 'nope', name: 'x' }, 400, 301, /^Invalid user id/);
  });

  test('users.get_preferences / set_preferences: whole slices, dotted top-level paths, return_updated', async () => {
    const before = (await call('users.get_preferences')).json.data.preferences;
    assert.deepEqual(before, DEMO.preferences);
    const r = await call('users.set_preferences', { preferences: { views: { theme: 'light' } } });
    assert.equal(r.json.data.updated, 1);
    assert.deepEqual(r.json.data.fields.preferences.views, { theme: 'light' }, 'a top-level key replaces the whole slice');
    const dotted = await call('users.set_preferences', { preferences: { 'section.a': 2 }, return_updated: false });
    assert.deepEqual(dotted.json.data, { updated: 1, fields: {} });
    const after = (await call('users.get_preferences')).json.data.preferences;
    assert.deepEqual(after.section, { a: 2 });
    const same = await call('users.set_preferences', { preferences: { section: { a: 2 } } });
    assert.deepEqual(same.json.data, { updated: 0, fields: {} });
  });

  test('users.set_preferences key rules: 400/16 for $ anywhere or . in nested keys; 400/305 impossible path; 400/12 missing', async () => {
    await expectError('users.set_preferences', { preferences: { $set: 1 } }, 400, 16, "Invalid value for fields (Key $set is invalid. Keys cannot start with '$' or contain '.'.)");
    await expectError('users.set_preferences', { preferences: { views: { $x: 1 } } }, 400, 16);
    await expectError('users.set_preferences', { preferences: { views: { 'a.b': 1 } } }, 400, 16, /^Invalid value for fields \(Key a\.b is invalid/);
    await call('users.set_preferences', { preferences: { flat: 5 } });
    await expectError('users.set_preferences', { preferences: { 'flat.x': 1 } }, 400, 305, 'Malformed key and/or value: key=flat.x, value=1');
    await expectError('users.set_preferences', {}, 400, 12, /field 'preferences'/);
  });

  test('legacy servers (< 2.2.0) reject dotted top-level preference keys', async () => {
    const legacy = await startServer({ port: 0, edition: 'opensource', legacyPreferenceKeys: true });
    try {
      const t = bearer(await loginToken(legacy.url));
      const r = await raw(legacy.url, 'users.set_preferences', { preferences: { 'views.theme': 'x' } }, t);
      assert.equal(r.status, 400);
      assert.equal(r.json.meta.result_subcode, 16);
      assert.equal((await raw(legacy.url, 'users.set_preferences', { preferences: { views: { theme: 'x' } } }, t)).status, 200);
    } finally {
      await legacy.close();
    }
  });

  test('auth.create_credentials: real key/secret formats, secret only here, label echoed', async () => {
    const r = await call('auth.create_credentials', { label: 'ci runner' });
    const c = r.json.data.credentials;
    assert.match(c.access_key, /^[A-Z0-9]{30}$/);
    assert.match(c.secret_key, /^[A-Za-z0-9][A-Za-z0-9_-]{66}$/);
    assert.equal(c.label, 'ci runner');
    const list = await call('auth.get_credentials');
    assert.ok(!list.text.includes(c.secret_key), 'get_credentials never returns a secret');
    assert.ok(!/secret/.test(list.text));
    const created = list.json.data.credentials.find((x: { access_key: string }) => x.access_key === c.access_key);
    assert.deepEqual(created, { access_key: c.access_key, label: 'ci runner' });
    const login = await raw(srv.url, 'auth.login', {}, { Authorization: basic(c.access_key, c.secret_key) });
    assert.equal(login.status, 200);
    const noLabel = (await call('auth.create_credentials')).json.data.credentials;
    assert.deepEqual(Object.keys(noLabel).sort(), ['access_key', 'secret_key']);
  });

  test('auth.get_credentials: keys of this workspace, last_used fields, hosted additional_credentials', async () => {
    const r = await call('auth.get_credentials');
    const keys = r.json.data.credentials.map((c: { access_key: string }) => c.access_key).sort();
    const expected = [DEMO.workspaces.own.credentials, ...DEMO.workspaces.own.otherCredentials].map((c) => c.accessKey).sort();
    assert.deepEqual(keys, expected);
    const laptop = r.json.data.credentials.find((c: { label?: string }) => c.label === 'laptop');
    assert.deepEqual(laptop, { access_key: '7N59QJ7PSRFI00SLHBPW1MVEXAA0R0', label: 'laptop', last_used: '2026-11-20T08:15:00.000000+00:00', last_used_from: 'janes-macbook' });
    const other = r.json.data.additional_credentials[DEMO.workspaces.vision.id];
    assert.equal(other.length, 1 + DEMO.workspaces.vision.otherCredentials.length);
  });

  test('auth.edit_credentials: {updated: 1}; unknown key 400/75; missing key 400/12', async () => {
    const r = await call('auth.edit_credentials', { access_key: '7N59QJ7PSRFI00SLHBPW1MVEXAA0R0', label: 'old laptop' });
    assert.deepEqual(r.json.data, { updated: 1 });
    const list = (await call('auth.get_credentials')).json.data.credentials;
    assert.equal(list.find((c: { access_key: string }) => c.access_key === '7N59QJ7PSRFI00SLHBPW1MVEXAA0R0').label, 'old laptop');
    const unknown = await expectError('auth.edit_credentials', { access_key: DEMO.unknownKey.accessKey, label: 'x' }, 400, 75,
      `Access key not found (invalid user or invalid access key): user=${DEMO.user.id}, access_key=${DEMO.unknownKey.accessKey}, company=${DEMO.workspaces.own.id}`);
    assert.deepEqual(unknown.json.meta.error_data, { user: DEMO.user.id, access_key: DEMO.unknownKey.accessKey, company: DEMO.workspaces.own.id });
    // A key of another workspace is "unknown" from this workspace too.
    await expectError('auth.edit_credentials', { access_key: DEMO.workspaces.vision.credentials.accessKey, label: 'x' }, 400, 75);
    await expectError('auth.edit_credentials', { label: 'x' }, 400, 12, /field 'access_key'/);
  });

  test('auth.revoke_credentials: {revoked: 1} and the key stops working; unknown key 400/300; missing 400/12', async () => {
    const r = await call('auth.revoke_credentials', { access_key: '7N59QJ7PSRFI00SLHBPW1MVEXAA0R0' });
    assert.deepEqual(r.json.data, { revoked: 1 });
    const login = await raw(srv.url, 'auth.login', {}, { Authorization: basic('7N59QJ7PSRFI00SLHBPW1MVEXAA0R0', DEMO.workspaces.own.otherCredentials[0].secretKey) });
    assert.equal(login.status, 401);
    assert.equal(login.json.meta.result_subcode, 22);
    await expectError('auth.revoke_credentials', { access_key: '7N59QJ7PSRFI00SLHBPW1MVEXAA0R0' }, 400, 300,
      `Invalid user (invalid user or invalid access key): id=${DEMO.user.id}, company=${DEMO.workspaces.own.id}, credentials__key=7N59QJ7PSRFI00SLHBPW1MVEXAA0R0`);
    await expectError('auth.revoke_credentials', {}, 400, 12);
  });

  test('organization.get_user_companies (hosted): own workspace first, owners, allocated', async () => {
    const r = await call('organization.get_user_companies');
    const [own, vision] = r.json.data.companies;
    assert.deepEqual(own, { id: DEMO.workspaces.own.id, name: "Jane's workspace", allocated: 3, allowed: 20, owners: [{ id: DEMO.user.id, name: 'Jane Doe', avatar: null }] });
    assert.equal(vision.name, 'Vision Team');
    assert.deepEqual(vision.owners, [{ id: DEMO.alex.id, name: 'Alex Kim', avatar: null }]);
  });

  test('users.get_all_ex: paging, order_by, name filter, joined company; validation 400/12', async () => {
    const p0 = await call('users.get_all_ex', { page: 0, page_size: 2, order_by: ['name'] });
    assert.deepEqual(p0.json.data.users.map((u: { name: string }) => u.name), ['Jane Doe', 'Marco Rossi']);
    assert.deepEqual(p0.json.data.users[0].company, { id: DEMO.workspaces.own.id, name: "Jane's workspace" });
    const p1 = await call('users.get_all_ex', { page: 1, page_size: 2, order_by: ['name'] });
    assert.deepEqual(p1.json.data.users.map((u: { name: string }) => u.name), ['Priya Natarajan']);
    const desc = await call('users.get_all_ex', { order_by: ['-name'] });
    assert.equal(desc.json.data.users[0].name, 'Priya Natarajan');
    const named = await call('users.get_all', { name: '^mar' });
    assert.deepEqual(named.json.data.users.map((u: { name: string; company: unknown }) => [u.name, u.company]), [['Marco Rossi', DEMO.workspaces.own.id]]);
    await expectError('users.get_all_ex', { page: -1 }, 400, 12);
    await expectError('users.get_all_ex', { page_size: 0 }, 400, 12);
  });

  test('state.addMembers seeds 5,000 members that page correctly', async () => {
    srv.state.addMembers(DEMO.workspaces.own.id, 5000);
    const last = await call('users.get_all_ex', { page: 50, page_size: 100, order_by: ['name'] });
    assert.equal(last.json.data.users.length, 3);
    const first = await call('users.get_all_ex', { page: 0, page_size: 100, order_by: ['name'] });
    assert.equal(first.json.data.users[0].name, 'Jane Doe');
    assert.equal(first.json.data.users[1].name, 'Marco Rossi');
    const creds = srv.state.addCredentials(DEMO.user.id, DEMO.workspaces.own.id, 200);
    assert.equal(creds.length, 200);
    assert.equal((await call('auth.get_credentials')).json.data.credentials.length, 204);
  });

  test('vaults: list, create personal, update, delete; group vault is read-only for members (403/21)', async () => {
    const list = (await call('users.get_vaults', { enabled: true, types: ['config'] })).json.data.vaults;
    assert.deepEqual(Object.keys(list[0]).sort(), ['data', 'description', 'enabled', 'format', 'id', 'last_update', 'scope', 'type']);
    assert.equal(list[0].id, DEMO.vault.id);
    const created = await call('users.add_or_update_vault', { vault: { scope: 'user', enabled: false, data: 'sdk { a: 1 }', format: 'hocon', type: 'config' } });
    assert.match(created.json.data.vault, /^[0-9a-f]{32}$/);
    const id = created.json.data.vault;
    assert.equal((await call('users.get_vaults', { enabled: true })).json.data.vaults.length, 1, 'disabled vault filtered out');
    const upd = await call('users.add_or_update_vault', { vault: { id, enabled: true, data: 'sdk { a: 2 }', format: 'json' } });
    assert.equal(upd.json.data.vault, id);
    const got = (await call('users.get_vaults')).json.data.vaults.find((v: { id: string }) => v.id === id);
    assert.equal(got.data, 'sdk { a: 2 }');
    assert.equal(got.format, 'json');
    assert.equal(got.enabled, true);
    assert.deepEqual((await call('users.delete_vaults', { vaults: [id, 'nope'] })).json.data, { deleted: 1 });
    await expectError('users.add_or_update_vault', { vault: { format: 'toml', data: '' } }, 400, 12);
    await expectError('users.add_or_update_vault', {}, 400, 12);
    await expectError('users.add_or_update_vault', { vault: { id: 'nope', data: '', format: 'hocon' } }, 400, 10);
    const vision = bearer(await loginToken(srv.url, basic(DEMO.workspaces.vision.credentials.accessKey, DEMO.workspaces.vision.credentials.secretKey)));
    const groupList = await raw(srv.url, 'users.get_vaults', {}, vision);
    assert.deepEqual(groupList.json.data.vaults.map((v: { scope: string }) => v.scope), ['group']);
    const denied = await raw(srv.url, 'users.add_or_update_vault', { vault: { id: DEMO.groupVault.id, data: 'x', format: 'hocon' } }, vision);
    assert.equal(denied.status, 403);
    assert.equal(denied.json.meta.result_subcode, 21);
  });

  test('tenant header: a member acts in that workspace; a foreign workspace is refused 403/20; login stays in the key\'s workspace', async () => {
    const vision = DEMO.workspaces.vision.id;
    const inVision = await raw(srv.url, 'users.get_all_ex', { order_by: ['name'] }, { ...auth, 'X-Clearml-Tenant': vision });
    assert.deepEqual(inVision.json.data.users.map((u: { name: string }) => u.name), DEMO.workspaces.vision.members.map((m) => m.name));
    const created = await raw(srv.url, 'auth.create_credentials', { label: 'made for vision' }, { ...auth, 'X-Clearml-Tenant': vision });
    const key = created.json.data.credentials;
    const t = claimsOf(await loginToken(srv.url, basic(key.access_key, key.secret_key))) as { identity: { company: string; role: string } };
    assert.equal(t.identity.company, vision, 'a key created with the header belongs to that workspace');
    assert.equal(t.identity.role, 'user');
    const foreign = await raw(srv.url, 'users.get_all_ex', {}, { ...auth, 'X-Clearml-Tenant': 'ffffffffffffffffffffffffffffffff' });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.json.meta.result_subcode, 20);
    assert.match(foreign.json.meta.result_msg, /^Forbidden \(not allowed for role\) \(not a member of the requested workspace\): tenant=f+$/);
    const login = await raw(srv.url, 'auth.login', {}, { Authorization: JANE_BASIC, 'X-Clearml-Tenant': vision });
    assert.equal((claimsOf(login.json.data.token) as { identity: { company: string } }).identity.company, DEMO.workspaces.own.id);
  });

  test('auth.get_credentials (hosted): additional_credentials by workspace, max_credentials, expire; the limit refuses creation', async () => {
    const d = (await call('auth.get_credentials')).json.data;
    assert.equal(d.max_credentials, 10);
    const vision = d.additional_credentials[DEMO.workspaces.vision.id].map((c: { access_key: string; expire?: string }) => [c.access_key, c.expire ?? null]);
    assert.deepEqual(vision, [
      [DEMO.workspaces.vision.credentials.accessKey, null],
      ...DEMO.workspaces.vision.otherCredentials.map((c) => [c.accessKey, c.expires ?? null]),
    ]);
    const held = d.credentials.length + vision.length;
    for (let i = held; i < 10; i++) assert.equal((await call('auth.create_credentials', { label: `fill ${i}` })).status, 200);
    await expectError('auth.create_credentials', { label: 'one too many' }, 400, 0, /^Bad request \(maximum number of credentials reached\): max_credentials=10$/);
  });

  test('an expired key cannot log in (401/22)', async () => {
    const expired = DEMO.workspaces.vision.otherCredentials.find((c) => c.expires)!;
    const r = await raw(srv.url, 'auth.login', {}, { Authorization: basic(expired.accessKey, expired.secretKey) });
    assert.equal(r.status, 401);
    assert.equal(r.json.meta.result_subcode, 22);
    assert.match(r.json.meta.result_msg, /credentials expired/);
  });

  test('login.leave_company: not your own; revokes your keys there; answers with a token for your own workspace', async () => {
    const visionToken = await loginToken(srv.url, basic(DEMO.workspaces.vision.credentials.accessKey, DEMO.workspaces.vision.credentials.secretKey));
    await expectError('login.leave_company', { company_id: DEMO.workspaces.own.id }, 400, 0, /cannot leave your own workspace/);
    await expectError('login.leave_company', { company_id: 'ffffffffffffffffffffffffffffffff' }, 403, 20);
    const left = (await call('login.leave_company', { company_id: DEMO.workspaces.vision.id, return_token: true })).json.data;
    assert.equal(left.company_id, DEMO.workspaces.own.id);
    assert.equal(left.company_name, "Jane's workspace");
    assert.equal((claimsOf(left.token) as { identity: { company: string } }).identity.company, DEMO.workspaces.own.id);
    assert.equal((await raw(srv.url, 'users.get_current_user', {}, bearer(left.token))).status, 200);
    const companies = (await call('organization.get_user_companies')).json.data.companies;
    assert.deepEqual(companies.map((c: { name: string }) => c.name), ["Jane's workspace"]);
    const oldKey = await raw(srv.url, 'auth.login', {}, { Authorization: basic(DEMO.workspaces.vision.credentials.accessKey, DEMO.workspaces.vision.credentials.secretKey) });
    assert.equal(oldKey.status, 401, 'credentials in the left workspace are revoked');
    assert.equal((await raw(srv.url, 'users.get_current_user', {}, bearer(visionToken))).status, 401, 'tokens for the left workspace stop working');
    assert.deepEqual((await call('auth.get_credentials')).json.data.additional_credentials, {});
  });

  test('rename (assumed name organization.rename_company): owner only, not empty', async () => {
    assert.deepEqual((await call('organization.rename_company', { company: DEMO.workspaces.own.id, name: 'Jane Labs' })).json.data, { updated: 1 });
    await expectError('organization.rename_company', { company: DEMO.workspaces.vision.id, name: 'Mine now' }, 403, 21);
    await expectError('organization.rename_company', { company: DEMO.workspaces.own.id, name: '  ' }, 400, 12);
  });

  test('invitation links: create (24 h), list active ones of the workspace, revoke; e-mails added and removed', async () => {
    const before = Date.now();
    const created = (await call('organization.create_invite', {})).json.data;
    assert.deepEqual(Object.keys(created).sort(), ['allocated_users', 'allowed_users', 'id']);
    assert.equal(created.allocated_users, 3);
    let list = (await call('organization.get_invites', {})).json.data.invites;
    assert.deepEqual(list.map((i: { id: string }) => i.id), [DEMO.workspaces.own.invites[0].id, created.id]);
    const mine = list[1];
    assert.equal(mine.user, DEMO.user.id);
    assert.equal(mine.company, DEMO.workspaces.own.id);
    const validity = Date.parse(mine.expires) - Date.parse(mine.created);
    assert.equal(validity, 24 * 3600_000);
    assert.ok(Date.parse(mine.created) >= before - 1000);
    assert.deepEqual((await call('organization.revoke_invites', { invites: [created.id, 'nope'] })).json.data, { revoked: 1 });
    list = (await call('organization.get_invites', {})).json.data.invites;
    assert.deepEqual(list.map((i: { id: string }) => i.id), [DEMO.workspaces.own.invites[0].id]);
    assert.equal((await call('organization.get_invites', { active: false })).json.data.invites.length, 2, 'revoked ones are listed with active: false');
    assert.deepEqual((await call('login.add_invites', { emails: ['New.Person@example.com', 'sam.lee@example.com', 'priya.n@example.com'] })).json.data, { added: ['new.person@example.com'] });
    assert.deepEqual((await call('login.remove_invites', { emails: ['new.person@example.com', 'nobody@example.com'] })).json.data, { removed: ['new.person@example.com'] });
    await expectError('login.add_invites', { emails: ['not-an-email'] }, 400, 12);
  });

  test('invitation links expire after 24 hours', async () => {
    const created = (await call('organization.create_invite', {})).json.data;
    const rec = srv.state.data.invites.find((i) => i.id === created.id)!;
    rec.expires = new Date(Date.now() - 1000).toISOString();
    assert.ok(!(await call('organization.get_invites', {})).json.data.invites.some((i: { id: string }) => i.id === created.id));
  });

  test('gateway tokens: generate (token shown once), list metadata only, revoke; unknown id 400/10', async () => {
    const g = (await call('gateway.generate_token', { label: 'cli', expiration_days: 7 })).json.data;
    assert.ok(g.token.length > 40);
    assert.equal(Date.parse(g.expires) - Date.parse(g.created), 7 * 86400_000);
    const list = await call('gateway.get_tokens');
    assert.ok(!list.text.includes(g.token));
    assert.deepEqual(list.json.data.tokens.map((t: { label: string }) => t.label), ['notebook', 'cli']);
    assert.deepEqual((await call('gateway.revoke_token', { id: g.id })).json.data, { revoked: 1 });
    await expectError('gateway.revoke_token', { id: g.id }, 400, 10);
    await expectError('gateway.generate_token', { label: 'x' }, 400, 12);
    await expectError('gateway.generate_token', { label: 'x', expiration_days: 0 }, 400, 12);
  });

  test('server.info requires auth (2.34) and reports versions', async () => {
    const anon = await raw(srv.url, 'server.info', {});
    assert.equal(anon.status, 401);
    const r = await call('server.info');
    assert.equal(r.json.data.api_version, '2.34');
    assert.equal(r.json.data.version, '2.3.0');
  });
});

describe('server endpoints (opensource edition)', () => {
  beforeEach(async () => {
    srv = await startServer({ port: 0, edition: 'opensource' });
    auth = bearer(await loginToken(srv.url));
  });
  afterEach(async () => { await srv.close(); });

  test('organization.get_user_companies: exactly one company with all its users as owners', async () => {
    const r = await call('organization.get_user_companies');
    assert.equal(r.json.data.companies.length, 1);
    assert.equal(r.json.data.companies[0].owners.length, 3);
  });

  test('no email / role on users in the open-source shape', async () => {
    assert.equal('email' in (await call('users.get_current_user')).json.data.user, false);
    const users = (await call('users.get_all_ex', {})).json.data.users;
    assert.ok(users.every((u: object) => !('email' in u) && !('role' in u)));
  });

  test('server.report_stats_option: get, enable (records time/version/user), disable', async () => {
    assert.deepEqual((await call('server.report_stats_option')).json.data, { supported: true, enabled: false, current_version: '2.3.0' });
    const before = Date.now();
    const on = (await call('server.report_stats_option', { enabled: true })).json.data;
    const after = Date.now();
    assert.equal(on.enabled, true);
    assert.equal(on.enabled_user, DEMO.user.id);
    assert.equal(on.enabled_version, '2.3.0');
    // the real server's datetime shape (microseconds, +00:00), the moment of this call, kept for later reads
    assert.match(on.enabled_time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/);
    const enabledAt = Date.parse(on.enabled_time);
    assert.ok(enabledAt >= before && enabledAt <= after, `${on.enabled_time} is not between ${new Date(before).toISOString()} and ${new Date(after).toISOString()}`);
    assert.equal((await call('server.report_stats_option')).json.data.enabled_time, on.enabled_time);
    assert.equal((await call('server.report_stats_option', { enabled: false })).json.data.enabled, false);
    await expectError('server.report_stats_option', { enabled: 'yes' }, 400, 12);
  });

  test('Basic auth with a key of the empty seed still signs in', async () => {
    const empty = await startServer({ port: 0, edition: 'opensource', seed: 'empty' });
    try {
      const t = bearer(await loginToken(empty.url, JANE_BASIC));
      assert.deepEqual((await raw(empty.url, 'users.get_preferences', {}, t)).json.data, { preferences: {} });
      assert.equal((await raw(empty.url, 'auth.get_credentials', {}, t)).json.data.credentials.length, 1);
    } finally {
      await empty.close();
    }
  });
});
