/**
 * The "clearml.explorer" tree against the local server: structure, lazy loading with exactly one request per
 * expanded node, member paging, markers, stable ids, editions without a feature, and failures as nodes.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunningServer } from '../../server/index';
import { DEMO, activeWorkspace, calls, child, harness, resetAccounts, roots, section, sectionChildren, server, signIn } from './accountsFixture';
import { suiteFixture, tmpDir, waitFor } from './helpers';

describe('tree: the ClearML explorer', function () {
  this.timeout(30_000);
  const suite = suiteFixture(async () => ({ h: await harness(), hosted: await server('hosted') }), async ({ h, hosted }) => {
    await resetAccounts(h);
    await vscode.workspace.getConfiguration('clearml').update('membersPageSize', undefined, vscode.ConfigurationTarget.Global);
    await hosted.close();
  });
  beforeEach(async () => {
    await resetAccounts(suite.h);
    process.env.CLEARML_CONFIG_FILE = path.join(tmpDir(), 'clearml.conf');
    await suite.h.testing.detectedSetup();
    suite.h.prompts.answer();
    await signIn(suite.hosted.url);
  });
  afterEach(() => suite.hosted.faults.clear());

  it('shows the profile (name, role, company) and the workspaces with the active one marked', async () => {
    const [profile, workspaces] = await roots(suite.h);
    assert.equal(profile.kind, 'profile');
    assert.equal(profile.label, DEMO.user.name);
    assert.equal(profile.description, `admin · ${DEMO.workspaces.own.name}`);
    assert.equal(workspaces.kind, 'workspaces');
    const list = await suite.h.testing.model.children(workspaces);
    assert.deepEqual(list.map((w) => w.label), [DEMO.workspaces.own.name, DEMO.workspaces.vision.name]);
    const [own, vision] = list;
    assert.match(own.contextValue, /^clearml\.workspace active own$/);
    assert.match(own.description ?? '', /^active/);
    assert.equal(own.icon, 'pass-filled');
    assert.match(vision.contextValue, /^clearml\.workspace inactive member$/);
    assert.equal(vision.command?.command, 'clearml.switchWorkspace', 'clicking another workspace switches to it');
    const sections = await suite.h.testing.model.children(own);
    assert.deepEqual(sections.map((s) => s.label), ['Members', 'App Credentials', 'AI Gateway Tokens', 'Configuration Vaults', 'Pending Invitations']);
  });

  it('loads children lazily: exactly one request per expanded node, none for a second expansion', async () => {
    suite.h.testing.model.refresh();
    await suite.h.api.accounts.active!.client.claims();
    // A Setup Check report left on screen by an earlier suite is checked again after the sign-in, in the background:
    // it probes this server too, so it finishes (joined by this run) before the tree's requests are counted.
    await vscode.commands.executeCommand('clearml.setupCheck.runAgain');
    suite.hosted.state.resetCounters();
    const [, workspaces] = await roots(suite.h);
    assert.deepEqual(suite.hosted.state.counters.calls, { 'users.get_current_user': 1 });
    const own = (await suite.h.testing.model.children(workspaces))[0];
    assert.equal(calls(suite.hosted, 'organization.get_user_companies'), 1);
    const sections = await suite.h.testing.model.children(own);
    assert.equal(suite.hosted.state.counters.requests, 2, 'the sections themselves cost nothing');
    for (const s of sections) await suite.h.testing.model.children(s);
    assert.equal(suite.hosted.state.counters.requests, 2 + sections.length, 'one request per expanded section');
    for (const s of sections) await suite.h.testing.model.children(s);
    await roots(suite.h);
    assert.equal(suite.hosted.state.counters.requests, 2 + sections.length, 'expanding again costs nothing');
  });

  it('keeps node ids stable across refreshes', async () => {
    const ids = async () => {
      const out: string[] = [];
      for (const kind of ['members', 'credentials', 'vaults'] as const) out.push(...(await sectionChildren(suite.h, kind)).map((n) => n.id));
      return out;
    };
    const before = await ids();
    suite.h.testing.model.refresh();
    assert.deepEqual(await ids(), before);
    assert.equal(new Set(before).size, before.length, 'ids are unique');
  });

  it('pages members with a "Load more" node (page size from clearml.membersPageSize)', async () => {
    suite.hosted.state.addMembers(DEMO.workspaces.own.id, 22);
    await vscode.workspace.getConfiguration('clearml').update('membersPageSize', 10, vscode.ConfigurationTarget.Global);
    try {
      suite.h.testing.model.refresh();
      const members = await section(suite.h, 'members');
      const first = await suite.h.testing.model.children(members);
      assert.equal(first.length, 11);
      const more = first[10];
      assert.equal(more.kind, 'loadMore');
      assert.equal(more.command?.command, 'clearml.loadMore');
      const pagesBefore = calls(suite.hosted, 'users.get_all_ex');
      // Clicked twice in a row: still one request, no member listed twice.
      await Promise.all([vscode.commands.executeCommand('clearml.loadMore', more), vscode.commands.executeCommand('clearml.loadMore', more)]);
      const second = await suite.h.testing.model.children(members);
      assert.equal(new Set(second.map((n) => n.id)).size, second.length, 'no duplicates');
      assert.equal(second.length, 21);
      assert.equal(calls(suite.hosted, 'users.get_all_ex'), pagesBefore + 1, 'one request per page');
      await vscode.commands.executeCommand('clearml.loadMore', second[20]);
      const third = await suite.h.testing.model.children(members);
      assert.equal(third.length, 25, '25 members, no more "Load more"');
      assert.ok(third.every((n) => n.kind === 'member'));
      assert.equal(third.filter((n) => n.contextValue === 'clearml.member self').length, 1, 'you are marked');
      // From the palette: loads the next page of whatever list has one (none left: false).
      assert.equal(await vscode.commands.executeCommand('clearml.loadMore'), false);
    } finally {
      await vscode.workspace.getConfiguration('clearml').update('membersPageSize', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('lists app credentials with label, key, last use and origin, marking the keys VS Code and clearml.conf use', async () => {
    const confKey = DEMO.workspaces.own.otherCredentials[0];
    fs.writeFileSync(process.env.CLEARML_CONFIG_FILE!, `api {\n  api_server: ${suite.hosted.url}\n  credentials {"access_key": "${confKey.accessKey}", "secret_key": "${confKey.secretKey}"}\n}\n`);
    await vscode.commands.executeCommand('clearml.refresh');
    const creds = await sectionChildren(suite.h, 'credentials');
    const inUse = creds.find((c) => c.accessKey === DEMO.signIn.accessKey)!;
    assert.match(inUse.contextValue, /\binUse\b/);
    assert.match(inUse.description ?? '', /used by VS Code/);
    const conf = creds.find((c) => c.accessKey === confKey.accessKey)!;
    assert.equal(conf.label, 'laptop');
    assert.match(conf.contextValue, /\bconfKey\b/);
    // Writing clearml.conf re-runs the Setup Check (debounced file watch), which signs in with this key: when that
    // lands before the list is fetched (a loaded run did so), the server's last use is that sign-in, from this host.
    // Either is what the server says; the demo's is the worker name the key last sent.
    assert.match(conf.description ?? '', new RegExp(`^used by clearml.conf · last used (2026-11-20 08:15 from janes-macbook|\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d from 127\\.0\\.0\\.1) · ${confKey.accessKey}$`));
    const unlabelled = creds.find((c) => !c.credentialLabel)!;
    assert.equal(unlabelled.label, unlabelled.accessKey);
  });

  it('lists vaults as clearml.vault nodes whose click opens the vault by id', async () => {
    const vaults = await sectionChildren(suite.h, 'vaults');
    const vault = vaults.find((v) => v.vaultId === DEMO.vault.id);
    assert.ok(vault, vaults.map((v) => v.label).join());
    assert.equal(vault.contextValue, 'clearml.vault');
    assert.deepEqual(vault.command, { command: 'clearml.vault.open', title: 'Open Configuration Vault', arguments: [DEMO.vault.id] });
  });

  it('lists AI gateway tokens and pending invitations', async () => {
    const tokens = await sectionChildren(suite.h, 'gatewayTokens');
    assert.deepEqual(tokens.map((t) => t.label), ['notebook']);
    // The demo token expired on 2026-12-01: marked, still revocable.
    const expired = Date.parse(DEMO.workspaces.own.gatewayTokens[0].expires) <= Date.now();
    assert.equal(tokens[0].contextValue, expired ? 'clearml.gatewayToken expired' : 'clearml.gatewayToken');
    if (expired) assert.match(tokens[0].description ?? '', /^expired · /);
    assert.match(tokens[0].tooltip ?? '', /was shown once, when it was generated/);
    const invites = await sectionChildren(suite.h, 'invites');
    assert.deepEqual(invites.map((i) => i.inviteId), [DEMO.workspaces.own.invites[0].id]);
    // The invited addresses (server: invite item `emails[]`), then the link's date.
    assert.equal(invites[0].label, DEMO.workspaces.own.invites[0].emails.join(', '));
    assert.match(invites[0].description ?? '', /^link of 2026-11-18 12:00/);
    assert.equal(invites[0].inviteLink, `${suite.hosted.url}/?invite=${DEMO.workspaces.own.invites[0].id}`);
  });

  it('shows a failed request as an error node naming the endpoint and message; its click retries', async () => {
    suite.hosted.faults.set('auth.get_credentials', { error: { code: 500, subcode: 0, message: 'database is on fire' }, times: 1 });
    suite.h.testing.model.refresh();
    const [error] = await sectionChildren(suite.h, 'credentials');
    assert.equal(error.kind, 'message');
    assert.equal(error.label, 'Could not load app credentials');
    assert.equal(error.description, 'auth.get_credentials: database is on fire (500/0)');
    assert.match(error.contextValue, /clearml\.error retry/);
    assert.equal(error.command?.command, 'clearml.refresh');
    await vscode.commands.executeCommand(error.command!.command, ...(error.command!.arguments ?? []));
    const creds = await sectionChildren(suite.h, 'credentials');
    assert.deepEqual(creds.map((c) => c.kind), ['credential', 'credential', 'credential', 'credential', 'credentialGroup'], creds.map((c) => c.label).join());
  });

  it('shows rejected credentials (401/22) as a node that signs in again', async () => {
    const cred = suite.hosted.state.credential(DEMO.signIn.accessKey)!;
    const secret = cred.secretKey;
    cred.secretKey = 'changed';
    suite.hosted.state.data.tokenSecret += 'rotated';
    try {
      suite.h.testing.model.refresh();
      const [node] = await roots(suite.h);
      assert.equal(node.label, 'Credentials rejected: sign in again');
      assert.match(node.description ?? '', /\(401\/22\)/);
      assert.equal(node.command?.command, 'clearml.signIn');
    } finally {
      cred.secretKey = secret;
    }
  });

  it('refreshes everything after a workspace switch', async () => {
    const vision = (await suite.h.testing.model.children((await roots(suite.h))[1]))[1];
    suite.h.prompts.answer(
      { kind: 'quickPick', match: /no credentials/, answer: 'Enter an existing access key and secret' },
      { kind: 'inputBox', match: /Access key/, answer: DEMO.workspaces.vision.credentials.accessKey },
      { kind: 'inputBox', match: /Secret key/, answer: DEMO.workspaces.vision.credentials.secretKey },
    );
    await vscode.commands.executeCommand('clearml.switchWorkspace', vision);
    suite.h.prompts.assertUsed();
    const active = await waitFor(async () => { const ws = await activeWorkspace(suite.h); return ws.workspaceId === DEMO.workspaces.vision.id ? ws : undefined; }, { message: 'Vision Team active in the tree' });
    assert.equal(active.label, DEMO.workspaces.vision.name);
    const creds = await sectionChildren(suite.h, 'credentials');
    assert.ok(creds.some((c) => c.accessKey === DEMO.workspaces.vision.credentials.accessKey && /\binUse\b/.test(c.contextValue)));
  });

  describe('on the open-source edition', () => {
    let open: RunningServer;
    before(async () => { open = await server('opensource'); });
    after(async () => open.close());
    beforeEach(async () => {
      await resetAccounts(suite.h);
      await signIn(open.url);
    });

    it('explains unavailable features (gateway tokens, vaults, invitations) in the tree instead of failing', async () => {
      for (const [kind, text] of [['gatewayTokens', /AI gateway tokens are a ClearML Enterprise/], ['vaults', /Configuration vaults are a ClearML Enterprise/], ['invites', /Invitations are managed by app\.clear\.ml/]] as const) {
        const [node] = await sectionChildren(suite.h, kind);
        assert.equal(node.label, 'Not available on this server', kind);
        assert.match(node.description ?? '', text);
        assert.equal(node.contextValue, 'clearml.unavailable');
      }
      const members = await sectionChildren(suite.h, 'members');
      assert.ok(members.length >= 3 && members.every((m) => m.kind === 'member'));
    });

    it('shows "server down" as an error node with the endpoint and the transport message', async () => {
      const port = open.port;
      await open.close();
      suite.h.testing.model.refresh();
      const [node] = await roots(suite.h);
      assert.equal(node.kind, 'message');
      assert.match(node.label, /Could not load/);
      assert.match(node.description ?? '', /^users\.get_current_user: .*(ECONNREFUSED|connect|refused)/i);
      assert.equal(node.command?.command, 'clearml.refresh');
      open = await server('opensource', { port });
      await vscode.commands.executeCommand('clearml.refresh');
      const [profile] = await roots(suite.h);
      assert.equal(profile.kind, 'profile');
    });
  });

  it('child() helper finds nodes (sanity of the fixture)', async () => {
    const ws = await activeWorkspace(suite.h);
    const members = await child(suite.h, ws, (n) => n.kind === 'members');
    assert.equal(members.id, `${ws.id}/members`);
  });
});
