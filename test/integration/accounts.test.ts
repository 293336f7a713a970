/**
 * Accounts inside the real extension host against the local ClearML server over HTTP: sign in (arguments,
 * prompts, pasted section, detected clearml.conf / environment), several profiles, sign out, the authentication
 * provider, the status bar, token expiry and changes made by another window.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunningServer } from '../../server/index';
import { DEMO, calls, harness, resetAccounts, roots, server, signIn, textOf, type Harness } from './accountsFixture';
import { setupSource } from '../../src/extension/accounts/discovery';
import { tmpDir, waitFor } from './helpers';

/** HTTP status of users.get_current_user called with `Authorization: Bearer <token>`. */
async function bearerWorks(apiServer: string, token: string): Promise<number> {
  const response = await fetch(`${apiServer}/users.get_current_user`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{}' });
  return response.status;
}

const SECTION = (url: string, web: string, key = DEMO.signIn.accessKey, secret = DEMO.signIn.secretKey) =>
  `api {\n  web_server: ${web}/\n  api_server: ${url}\n  credentials {\n    "access_key" = "${key}"\n    "secret_key" = "${secret}"\n  }\n}`;

describe('accounts: sign-in, profiles and sign-out', function () {
  this.timeout(30_000);
  let h: Harness;
  let hosted: RunningServer;
  let open: RunningServer;
  const savedEnv = { ...process.env };

  before(async () => {
    h = await harness();
    hosted = await server('hosted');
    open = await server('opensource');
  });
  after(async () => {
    await resetAccounts(h);
    await hosted.close();
    await open.close();
  });
  beforeEach(async () => {
    await resetAccounts(h);
    for (const k of Object.keys(process.env)) if (k.startsWith('CLEARML_') && !(k in savedEnv)) delete process.env[k];
    process.env.CLEARML_CONFIG_FILE = path.join(tmpDir(), 'clearml.conf');
  });
  afterEach(() => {
    h.api.testing.ui.reset();
    hosted.faults.clear();
  });

  it('signs in without prompts when clearml.signIn gets SignInArgs: real login, active profile, real client', async () => {
    h.prompts.answer();
    const loginsBefore = hosted.state.counters.logins;
    const result = await signIn(hosted.url);
    assert.equal(result.workspaceId, DEMO.workspaces.own.id);
    assert.ok(hosted.state.counters.logins > loginsBefore, 'auth.login reached the server');
    const active = h.api.accounts.active;
    assert.ok(active);
    assert.equal(active.profile.apiServer, hosted.url);
    assert.equal(active.profile.accessKey, DEMO.signIn.accessKey);
    assert.equal(active.profile.workspaceName, DEMO.workspaces.own.name);
    assert.equal((await active.client.getCurrentUser()).name, DEMO.user.name);
    assert.deepEqual(h.prompts.seen, [], 'no prompt when arguments are given');
  });

  it('keeps the secret only in SecretStorage: the global state holds no secret', async () => {
    await signIn(hosted.url);
    let stored = '';
    await h.testing.otherWindow.updateState((state) => { stored = JSON.stringify(state); });
    assert.match(stored, new RegExp(DEMO.signIn.accessKey));
    assert.ok(!stored.includes(DEMO.signIn.secretKey), 'secret key is not in globalState');
    assert.ok(!JSON.stringify(h.api.accounts.profiles()).includes(DEMO.signIn.secretKey));
  });

  it('signs in from the palette through prompts; the web server default is derived from the API URL', async () => {
    h.prompts.answer(
      { kind: 'inputBox', match: /API server URL/, answer: hosted.url },
      { kind: 'inputBox', match: /Access key/, answer: DEMO.signIn.accessKey },
      { kind: 'inputBox', match: /Secret key/, answer: (p) => { assert.equal(p.kind === 'inputBox' && p.password, true, 'secret is a password input'); return DEMO.signIn.secretKey; } },
    );
    const result = await vscode.commands.executeCommand<{ profileId: string }>('clearml.signIn');
    h.prompts.assertUsed();
    assert.ok(result?.profileId);
    assert.equal(h.api.accounts.active?.profile.webServer, hosted.url, 'for 127.0.0.1:<port> the derived web server is the same origin');
    assert.equal(h.api.accounts.active?.profile.origin, 'manual');
    assert.ok(h.prompts.messages('info').some((m) => /Signed in to .* as Jane Doe/.test(m.message)));
  });

  it('rejects an invalid API URL in the prompt with a specific message', async () => {
    h.prompts.answer({ kind: 'inputBox', match: /API server URL/, answer: 'ftp://example.com' });
    const result = await vscode.commands.executeCommand('clearml.signIn');
    assert.equal(result, undefined);
    const record = h.api.testing.ui.history().find((r) => r.prompt.kind === 'inputBox');
    assert.match(record?.validationError ?? '', /Only http:\/\/ and https:\/\//);
    assert.equal(h.api.accounts.active, undefined);
  });

  it('wrong secret from the palette: the error names auth.login and 401/22 and offers to try again', async () => {
    h.prompts.answer(
      { kind: 'inputBox', match: /API server URL/, answer: hosted.url },
      { kind: 'inputBox', match: /Access key/, answer: DEMO.signIn.accessKey },
      { kind: 'inputBox', match: /Secret key/, answer: 'not-the-secret' },
    );
    await vscode.commands.executeCommand('clearml.signIn');
    const error = h.prompts.messages('error')[0];
    assert.ok(error, 'an error was shown');
    assert.match(error.message, /Sign in to 127\.0\.0\.1:\d+ failed: auth\.login: .*credentials.* \(401\/22\)/);
    assert.deepEqual(error.actions, ['Try Again', 'Run Setup Check']);
    assert.equal(h.api.accounts.active, undefined);
  });

  it('wrong secret with SignInArgs: the command rejects with the API error', async () => {
    await assert.rejects(signIn(hosted.url, { accessKey: DEMO.signIn.accessKey, secretKey: 'wrong' }), (e: Error & { code?: number; subcode?: number; endpoint?: string }) => {
      assert.equal(e.code, 401);
      assert.equal(e.subcode, 22);
      assert.equal(e.endpoint, 'auth.login');
      return true;
    });
    assert.equal(h.api.accounts.active, undefined);
  });

  it('pastes the web UI section from the clipboard and fills in every field', async () => {
    h.api.testing.ui.setClipboard('');
    h.prompts.answer();
    h.api.testing.ui.setClipboard(SECTION(hosted.url, 'http://localhost:8080'));
    await vscode.commands.executeCommand('clearml.pasteCredentials');
    const profile = h.api.accounts.active?.profile;
    assert.ok(profile, h.prompts.messages('error').map((m) => m.message).join('\n'));
    assert.equal(profile.apiServer, hosted.url);
    assert.equal(profile.webServer, 'http://localhost:8080');
    assert.equal(profile.origin, 'pasted');
    assert.equal(h.prompts.seen.filter((p) => p.kind === 'inputBox').length, 0, 'nothing to type');
  });

  it('asks for the section when the clipboard holds none, in a masked box; the pasted lines arrive joined and still sign in', async () => {
    // A single-line input box (masked or not) turns the pasted line breaks into spaces.
    const pasted = SECTION(open.url, 'http://localhost:8080').replace(/\n/g, ' ');
    h.prompts.answer({ kind: 'inputBox', match: /Paste Credentials/, answer: (p) => { assert.equal(p.kind === 'inputBox' && p.password, true, 'the pasted secret is masked'); return pasted; } });
    h.api.testing.ui.setClipboard('just some text');
    await vscode.commands.executeCommand('clearml.pasteCredentials');
    h.prompts.assertUsed();
    assert.equal(h.api.accounts.active?.profile.apiServer, open.url);
    assert.equal(h.api.accounts.active?.profile.accessKey, DEMO.signIn.accessKey);
  });

  it('names where the setup was found for the welcome view (clearml.detectedSource)', async () => {
    assert.equal(setupSource(await h.testing.detectedSetup()), 'none');
    fs.writeFileSync(process.env.CLEARML_CONFIG_FILE!, SECTION(hosted.url, 'http://localhost:8080'));
    assert.equal(setupSource(await h.testing.detectedSetup()), 'configFile');
    const env = { CLEARML_API_HOST: open.url, CLEARML_API_ACCESS_KEY: 'K', CLEARML_API_SECRET_KEY: 'S' };
    Object.assign(process.env, env);
    try {
      assert.equal(setupSource(await h.testing.detectedSetup()), 'environment');
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
    }
    const home = { complete: true, origin: 'clearml.conf' as const, setup: { sources: { accessKey: path.join('/home/u', 'clearml.conf') } } };
    assert.equal(setupSource(home as never, {}), 'clearml.conf');
    assert.equal(setupSource({ ...home, setup: { sources: { accessKey: '/home/u/trains.conf' } } } as never, {}), 'trains.conf');
  });

  it('copy actions say what they copied', async () => {
    await signIn(hosted.url);
    h.prompts.answer();
    await vscode.commands.executeCommand('clearml.copyAccessKey', { kind: 'credential', accessKey: DEMO.signIn.accessKey });
    assert.deepEqual(h.api.testing.ui.clipboardWrites(), [DEMO.signIn.accessKey]);
    assert.deepEqual(h.prompts.messages('info').map((m) => m.message), [`Copied access key ${DEMO.signIn.accessKey}.`]);
    h.prompts.answer({ kind: 'inputBox', match: /Invite users/, answer: 'ana@example.com' }, { kind: 'message', match: /Invitation link created/, answer: 'Copy Invitation Link' });
    const invited = await vscode.commands.executeCommand<{ link: string }>('clearml.inviteUsers');
    assert.ok(invited);
    assert.ok(h.prompts.messages('info').some((m) => m.message === `Copied the invitation link ${invited.link}.`), 'the invitation link copy is confirmed');
  });

  it('finds an existing clearml.conf (CLEARML_CONFIG_FILE) and signs in with it: "Use Existing Setup"', async () => {
    fs.writeFileSync(process.env.CLEARML_CONFIG_FILE!, `# my config\n${SECTION(hosted.url, 'http://localhost:8080')}\nsdk { development { task_reuse_time_window_in_hours: 72 } }\n`);
    const detected = await h.testing.detectedSetup();
    assert.ok(detected?.complete, 'setup detected');
    assert.equal(detected.origin, 'clearml.conf');
    h.prompts.answer();
    await vscode.commands.executeCommand('clearml.useDetectedConfig');
    assert.equal(h.api.accounts.active?.profile.origin, 'clearml.conf');
    assert.equal(h.api.accounts.active?.profile.accessKey, DEMO.signIn.accessKey);
  });

  it('finds CLEARML_API_* environment variables like the SDK', async () => {
    process.env.CLEARML_API_HOST = open.url;
    process.env.CLEARML_API_ACCESS_KEY = DEMO.signIn.accessKey;
    process.env.CLEARML_API_SECRET_KEY = DEMO.signIn.secretKey;
    try {
      h.prompts.answer();
      await vscode.commands.executeCommand('clearml.useDetectedConfig');
      assert.equal(h.api.accounts.active?.profile.origin, 'environment');
      assert.equal(h.api.accounts.active?.profile.apiServer, open.url);
    } finally {
      delete process.env.CLEARML_API_HOST;
      delete process.env.CLEARML_API_ACCESS_KEY;
      delete process.env.CLEARML_API_SECRET_KEY;
    }
  });

  it('keeps several profiles side by side and switches between them from the palette', async () => {
    await signIn(hosted.url);
    await signIn(open.url);
    assert.equal(h.api.accounts.profiles().length, 2);
    assert.equal(h.api.accounts.active?.profile.apiServer, open.url);
    const changed = new Promise((resolve) => { const d = h.api.accounts.onDidChangeActive((a) => { d.dispose(); resolve(a); }); });
    h.prompts.answer({ kind: 'quickPick', match: /Switch ClearML profile/, answer: (p) => (p.kind === 'quickPick' ? p.items.find((i) => i.includes(new URL(hosted.url).host)) : undefined) });
    await vscode.commands.executeCommand('clearml.switchProfile');
    await changed;
    assert.equal(h.api.accounts.active?.profile.apiServer, hosted.url);
    const [profileNode] = await roots(h);
    assert.equal(profileNode.kind, 'profile');
    assert.equal(profileNode.label, DEMO.user.name);
  });

  it('switches profile from a tree node argument (profile id) without prompts', async () => {
    const first = await signIn(hosted.url);
    await signIn(open.url);
    h.prompts.answer();
    await vscode.commands.executeCommand('clearml.switchProfile', first.profileId);
    assert.equal(h.api.accounts.active?.profile.id, first.profileId);
    assert.deepEqual(h.prompts.seen, []);
  });

  it('signs out from the palette: modal confirmation, auth.logout, secrets deleted, signed-out state', async () => {
    await signIn(hosted.url);
    const client = h.api.accounts.active!.client;
    await client.getCurrentUser();
    const logoutsBefore = calls(hosted, 'auth.logout');
    h.prompts.answer({ kind: 'message', match: /Sign out of/, answer: 'Sign Out' });
    assert.equal(await vscode.commands.executeCommand('clearml.signOut'), true);
    const confirm = h.prompts.messages('warning').find((m) => /Sign out of/.test(m.message));
    assert.equal(confirm?.modal, true);
    assert.equal(calls(hosted, 'auth.logout'), logoutsBefore + 1, 'the session token was logged out');
    assert.equal(h.api.accounts.active, undefined);
    assert.deepEqual(h.api.accounts.profiles(), []);
    assert.deepEqual(await roots(h), [], 'the tree is empty, so the welcome view shows');
  });

  it('signs out from the profile tree node; declining the confirmation keeps the profile', async () => {
    await signIn(hosted.url);
    const [profileNode] = await roots(h);
    h.prompts.answer({ kind: 'message', match: /Sign out of/, answer: undefined });
    assert.equal(await vscode.commands.executeCommand('clearml.signOut', profileNode), false);
    assert.equal(h.api.accounts.profiles().length, 1);
    h.prompts.answer({ kind: 'message', match: /Sign out of/, answer: 'Sign Out' });
    assert.equal(await vscode.commands.executeCommand('clearml.signOut', profileNode), true);
    assert.equal(h.api.accounts.profiles().length, 0);
  });

  it('Accounts menu, signed out: sign-in is offered there, and choosing it (createSession) runs the sign-in prompts', async () => {
    await signIn(hosted.url);
    const offers = h.testing.accountsMenuOffers();
    await h.testing.signOutAll();
    assert.equal(h.testing.accountsMenuOffers(), offers + 1, 'signing out to nobody asks VS Code to offer sign-in in the Accounts menu');
    h.prompts.answer(
      { kind: 'inputBox', match: /API server URL/, answer: hosted.url },
      { kind: 'inputBox', match: /Access key/, answer: DEMO.signIn.accessKey },
      { kind: 'inputBox', match: /Secret key/, answer: DEMO.signIn.secretKey },
    );
    const session = await h.testing.authProvider.createSession();
    h.prompts.assertUsed();
    assert.equal(session.id, h.api.accounts.active?.profile.id);
    assert.equal(session.account.label, h.api.accounts.active?.profile.label);
    assert.equal(await bearerWorks(hosted.url, session.accessToken), 200, 'the session carries a working bearer token');
    assert.equal(h.testing.accountsMenuOffers(), offers + 1, 'no new offer while signed in');
    h.prompts.answer();
    await assert.rejects(h.testing.authProvider.createSession(), /cancelled/, 'dismissing the prompts rejects, as VS Code expects');
  });

  it('offers every profile as a session of the "clearml" authentication provider; removeSession signs out', async () => {
    await signIn(open.url);
    await signIn(hosted.url);
    const provider = h.testing.authProvider;
    const sessions = await provider.getSessions();
    assert.equal(sessions.length, 2);
    assert.equal(sessions[0].account.id, h.api.accounts.active?.profile.id, 'the active profile first');
    assert.ok(sessions.every((s) => !s.accessToken.includes(DEMO.signIn.secretKey)), 'no secret leaves SecretStorage');
    // The active session carries a bearer token the server accepts; listing does not log in to the other server.
    assert.equal(await bearerWorks(hosted.url, sessions[0].accessToken), 200);
    assert.equal(sessions[1].accessToken, '', 'the inactive profile gets a token only when asked for');
    const [other] = await provider.getSessions(undefined, { account: sessions[1].account });
    assert.equal(other.account.id, sessions[1].account.id);
    assert.equal(await bearerWorks(open.url, other.accessToken), 200, 'asked for by account: a working token');
    // VS Code itself hears about session changes of the registered provider.
    const heard = new Promise<void>((resolve) => { const d = vscode.authentication.onDidChangeSessions((e) => { if (e.provider.id === 'clearml') { d.dispose(); resolve(); } }); });
    const changed = new Promise<unknown>((resolve) => { const d = provider.onDidChangeSessions((e) => { d.dispose(); resolve(e); }); });
    await provider.removeSession(sessions[0].id);
    const event = await changed as { removed?: { id: string }[] };
    assert.deepEqual(event.removed?.map((s) => s.id), [sessions[0].id]);
    await heard;
    assert.equal(h.api.accounts.profiles().length, 1);
    assert.equal(h.api.accounts.active?.profile.apiServer, open.url, 'the remaining profile becomes active');
    assert.equal(await bearerWorks(hosted.url, sessions[0].accessToken), 401, 'signing out logged the token out');
    // Signing out from the Accounts menu also ends the token handed out for a profile that was not active.
    await signIn(hosted.url);
    const [inactive] = await provider.getSessions(undefined, { account: other.account });
    assert.equal(await bearerWorks(open.url, inactive.accessToken), 200);
    await provider.removeSession(inactive.id);
    assert.equal(await bearerWorks(open.url, inactive.accessToken), 401);
    assert.deepEqual(h.api.accounts.profiles().map((p) => p.apiServer), [hosted.url]);
  });

  it('shows "<server> · <workspace>" in the status bar; clicking switches workspace', async () => {
    assert.equal(h.testing.statusBar().command, 'clearml.signIn');
    await signIn(hosted.url);
    const status = h.testing.statusBar();
    assert.equal(status.text, `$(cloud) ${new URL(hosted.url).host} · ${DEMO.workspaces.own.name}`);
    assert.equal(status.command, 'clearml.switchWorkspace');
    assert.equal(status.error, false);
  });

  it('turns the status bar red only for invalid credentials (401/22), not for other failures', async () => {
    await signIn(hosted.url);
    const client = h.api.accounts.active!.client;
    hosted.faults.set('users.get_current_user', { error: { code: 500, message: 'boom' }, times: 1 });
    await assert.rejects(client.getCurrentUser());
    assert.equal(h.testing.statusBar().error, false, 'a 500 is not a credentials problem');
    // The secret changes on the server and the session token stops being valid: the re-login gets 401/22.
    const cred = hosted.state.credential(DEMO.signIn.accessKey)!;
    const original = cred.secretKey;
    const tokenSecret = hosted.state.data.tokenSecret;
    cred.secretKey = 'changed-elsewhere';
    hosted.state.data.tokenSecret = 'rotated';
    try {
      await assert.rejects(client.getCurrentUser(), (e: { code?: number; subcode?: number }) => e.code === 401 && e.subcode === 22);
      assert.equal(h.testing.statusBar().error, true);
      assert.match(h.testing.statusBar().tooltip, /rejected the credentials/);
    } finally {
      cred.secretKey = original;
      hosted.state.data.tokenSecret = tokenSecret;
    }
    await client.getCurrentUser();
    assert.equal(h.testing.statusBar().error, false, 'back to normal after a successful call');
  });

  it('renews an expired session token transparently (one new auth.login, the command still succeeds)', async () => {
    hosted.faults.tokenLifetimeSec = 1;
    try {
      await signIn(hosted.url);
      const claims = await h.api.accounts.active!.client.claims();
      const logins = hosted.state.counters.logins;
      // Wait for the token's own expiry time (a condition on the clock, not a fixed sleep).
      await waitFor(() => Date.now() / 1000 > claims.exp + 1, { timeoutMs: 5000, message: 'token expiry' });
      h.prompts.answer();
      const [profileNode] = await roots(h);
      assert.equal(profileNode.label, DEMO.user.name);
      assert.ok(hosted.state.counters.logins > logins, 'logged in again');
      assert.deepEqual(h.prompts.messages('error'), []);
    } finally {
      hosted.faults.tokenLifetimeSec = undefined;
    }
  });

  it('follows another window: a profile switched there becomes active here on focus', async () => {
    const a = await signIn(hosted.url);
    const b = await signIn(open.url);
    assert.equal(h.api.accounts.active?.profile.id, b.profileId);
    await h.testing.otherWindow.updateState((state) => { state.activeId = a.profileId; });
    assert.equal(await h.testing.syncFromOtherWindow(), true);
    assert.equal(h.api.accounts.active?.profile.id, a.profileId);
  });

  it('follows another window: a secret changed there is picked up through SecretStorage events', async () => {
    await signIn(hosted.url);
    const profile = h.api.accounts.active!.profile;
    const before = h.api.accounts.active!.client;
    const rebuilt = new Promise((resolve) => { const d = h.api.accounts.onDidChangeActive((x) => { d.dispose(); resolve(x); }); });
    await h.testing.otherWindow.storeSecret(profile.id, profile.accessKey, 'changed-in-other-window');
    await rebuilt;
    assert.notEqual(h.api.accounts.active?.client, before, 'a new client with the new secret');
    // The new (wrong) secret is really used: the next login is rejected.
    hosted.state.data.tokenSecret = hosted.state.data.tokenSecret + 'x';
    await assert.rejects(h.api.accounts.active!.client.getCurrentUser(), (e: { subcode?: number }) => e.subcode === 22);
  });

  it('requireActive() offers the sign-in prompts when nobody is signed in', async () => {
    h.prompts.answer({ kind: 'inputBox', match: /API server URL/, answer: undefined });
    assert.equal(await h.api.accounts.requireActive(), undefined);
    assert.ok(h.prompts.seen.some((p) => /API server URL/.test(textOf(p))));
  });
});
