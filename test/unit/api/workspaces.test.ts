/**
 * The hosted workspace protocol as the web app speaks it, over real HTTP: the request names, bodies and tenant
 * headers the client sends (read from the local server's journal), and what it makes of the answers.
 */
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../../server/index';
import { ClearMLApiError, ClearMLClient, HOSTED_ENDPOINT_SOURCES, HOSTED_ENDPOINTS, inviteLink } from '../../../src/core/api/index';
import { DEMO, client, sent } from './helpers';

let srv: RunningServer;
let c: ClearMLClient;
const OWN = DEMO.workspaces.own;
const VISION = DEMO.workspaces.vision;

describe('hosted workspace protocol (client ↔ local server)', () => {
  beforeEach(async () => {
    srv = await startServer({ port: 0, edition: 'hosted' });
    c = client(srv, { clientName: 'clearml-settings-test' });
  });
  afterEach(async () => { await srv.close(); });

  test('users.get_current_user is called with {get_supported_features: true}, no tenant, and the client header', async () => {
    await c.getCurrentUser();
    const [call] = sent(srv, 'users.get_current_user');
    assert.deepEqual(call.body, { get_supported_features: true });
    assert.equal(call.tenant, undefined);
    assert.equal(call.client, 'clearml-settings-test');
  });

  test('workspace-scoped calls carry X-Clearml-Tenant = the signed-in workspace; user-scoped ones (as the web app) do not', async () => {
    await c.getMembers(0, 10);
    await c.listCredentials();
    await c.getUserCompanies();
    await c.setPreferenceSlices({ views: { theme: 'light' } });
    assert.equal(sent(srv, 'users.get_all_ex')[0].tenant, OWN.id);
    for (const name of ['auth.get_credentials', 'organization.get_user_companies', 'users.set_preferences', 'auth.login']) {
      assert.equal(sent(srv, name)[0].tenant, undefined, name);
    }
    assert.equal(c.workspaceId, OWN.id);
  });

  test('listCredentials: this workspace, other workspaces by id (additional_credentials), max_credentials, expire', async () => {
    const listing = await c.listCredentials();
    assert.equal(listing.workspaceId, OWN.id);
    assert.equal(listing.maxCredentials, 10);
    assert.deepEqual(listing.credentials.map((k) => k.accessKey), [OWN.credentials.accessKey, ...OWN.otherCredentials.map((k) => k.accessKey)]);
    assert.deepEqual(Object.keys(listing.otherWorkspaces), [VISION.id]);
    const expired = listing.otherWorkspaces[VISION.id].find((k) => k.label === 'old ci runner');
    assert.equal(expired?.expires, VISION.otherCredentials.find((k) => k.expires)?.expires);
    assert.deepEqual(sent(srv, 'auth.get_credentials')[0].body, {});
  });

  test('createCredentials in another workspace sends its tenant header; the key logs in there', async () => {
    const created = await c.createCredentials('vscode', { workspaceId: VISION.id });
    const [call] = sent(srv, 'auth.create_credentials');
    assert.deepEqual(call.body, { label: 'vscode' });
    assert.equal(call.tenant, VISION.id);
    const there = client(srv, { accessKey: created.accessKey, secretKey: created.secretKey });
    assert.equal((await there.claims()).companyId, VISION.id);
    assert.equal(there.workspaceId, VISION.id);
  });

  test('a tenant the user is not a member of is refused with the server\'s 403/20', async () => {
    const stranger = client(srv, { workspaceId: 'ffffffffffffffffffffffffffffffff' });
    await assert.rejects(stranger.getMembers(0, 5), (e: unknown) => e instanceof ClearMLApiError && e.code === 403 && e.subcode === 20
      && e.endpoint === 'users.get_all_ex' && /not a member of the requested workspace/.test(e.serverMessage));
  });

  test('leaveWorkspace: login.leave_company {company_id, return_token} with the tenant header; adopts the new token', async () => {
    const vision = client(srv, { accessKey: VISION.credentials.accessKey, secretKey: VISION.credentials.secretKey });
    assert.equal((await vision.claims()).companyId, VISION.id);
    const left = await vision.hosted.leaveWorkspace(VISION.id);
    const [call] = sent(srv, 'login.leave_company');
    assert.deepEqual(call.body, { company_id: VISION.id, return_token: true });
    assert.equal(call.tenant, VISION.id);
    assert.deepEqual({ id: left.workspaceId, name: left.workspaceName }, { id: OWN.id, name: OWN.name });
    assert.equal((await vision.claims()).companyId, OWN.id, 'the client now works in the user\'s own workspace');
    assert.equal((await vision.getCurrentUser()).company.id, OWN.id);
  });

  test('leaveWorkspace from ANOTHER workspace names the one it leaves in the tenant header, not the client\'s own (issue 22.7)', async () => {
    // c is signed in to OWN: its default tenant is OWN, so only the explicit header can say VISION
    await c.getMembers(0, 1);
    assert.equal(c.workspaceId, OWN.id);
    assert.equal(sent(srv, 'users.get_all_ex')[0].tenant, OWN.id, 'the default tenant of this client');
    const left = await c.hosted.leaveWorkspace(VISION.id);
    const [call] = sent(srv, 'login.leave_company');
    assert.deepEqual(call.body, { company_id: VISION.id, return_token: true });
    assert.equal(call.tenant, VISION.id);
    assert.equal(left.workspaceId, OWN.id);
    assert.deepEqual((await c.getUserCompanies()).map((w) => w.id), [OWN.id], 'Jane is no longer a member of Vision Team');
  });

  test('invites: create_invite {} (no tenant), get_invites {active: true}, revoke_invites {invites}, add/remove e-mails', async () => {
    const created = await c.hosted.createInvite();
    assert.deepEqual(sent(srv, 'organization.create_invite')[0].body, {});
    assert.equal(sent(srv, 'organization.create_invite')[0].tenant, undefined);
    assert.deepEqual([created.allowedUsers, created.allocatedUsers], [20, 3]);
    const listed = await c.hosted.getInvites();
    assert.deepEqual(sent(srv, 'organization.get_invites')[0].body, { active: true });
    assert.deepEqual(listed.map((i) => i.id), [OWN.invites[0].id, created.id]);
    assert.equal(Date.parse(listed[1].expires!) - Date.parse(listed[1].created!), 24 * 3600_000);
    assert.deepEqual(await c.hosted.addInviteEmails([' ana@example.com ', '']), ['ana@example.com']);
    assert.deepEqual(sent(srv, 'login.add_invites')[0].body, { emails: ['ana@example.com'] });
    assert.deepEqual(await c.hosted.removeInviteEmails(['ana@example.com']), ['ana@example.com']);
    assert.deepEqual(sent(srv, 'login.remove_invites')[0].body, { emails: ['ana@example.com'] });
    assert.equal(await c.hosted.revokeInvites([created.id]), 1);
    assert.deepEqual(sent(srv, 'organization.revoke_invites')[0].body, { invites: [created.id] });
    assert.deepEqual((await c.hosted.getInvites()).map((i) => i.id), [OWN.invites[0].id]);
  });

  test('renameWorkspace (assumed name): {company, name} with the tenant of that workspace', async () => {
    await c.hosted.renameWorkspace(OWN.id, ' Jane Labs ');
    const [call] = sent(srv, HOSTED_ENDPOINTS.renameWorkspace);
    assert.deepEqual(call.body, { company: OWN.id, name: 'Jane Labs' });
    assert.equal(call.tenant, OWN.id);
    await assert.rejects(c.hosted.renameWorkspace(VISION.id, 'x'), (e: unknown) => e instanceof ClearMLApiError && e.code === 403);
    // from a client signed in to VISION (default tenant VISION) the header still names the renamed workspace
    const vision = client(srv, { accessKey: VISION.credentials.accessKey, secretKey: VISION.credentials.secretKey });
    await vision.hosted.renameWorkspace(OWN.id, 'Jane Labs 2');
    const fromVision = sent(srv, HOSTED_ENDPOINTS.renameWorkspace).at(-1)!;
    assert.deepEqual(fromVision.body, { company: OWN.id, name: 'Jane Labs 2' });
    assert.equal(fromVision.tenant, OWN.id);
    assert.equal(vision.workspaceId, VISION.id);
  });

  test('one invitation link builder: <web origin>/?invite=<id>, whatever path the web server URL has', () => {
    assert.equal(inviteLink('https://app.clear.ml/', 'abc'), 'https://app.clear.ml/?invite=abc');
    assert.equal(inviteLink('http://localhost:8080/clearml/settings', 'a b'), 'http://localhost:8080/?invite=a%20b');
  });

  test('the endpoint table says where each name comes from; the invented ones are gone', () => {
    const bySource = (source: string) => Object.values(HOSTED_ENDPOINT_SOURCES).filter((e) => e.source === source).map((e) => e.name).sort();
    assert.deepEqual(bySource('assumption'), ['gateway.generate_token', 'gateway.get_tokens', 'gateway.revoke_token', 'organization.rename_company']);
    assert.deepEqual(bySource('web-app source'), ['login.add_invites', 'login.leave_company', 'login.remove_invites', 'organization.create_invite', 'organization.get_invites', 'organization.revoke_invites']);
    for (const invented of ['organization.switch_company', 'organization.leave_company', 'organization.invite_users', 'users.get_invites']) {
      assert.ok(!Object.values(HOSTED_ENDPOINTS).includes(invented as never), invented);
    }
  });
});
