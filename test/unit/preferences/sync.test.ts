/** readServer/saveForm with the real API client over real HTTP against the local ClearML server (in-process). */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO, type RunningServer } from '../../../server/index';
import { ClearMLClient } from '../../../src/core/api';
import { readServer, saveForm } from '../../../src/core/preferences/sync';

let srv: RunningServer;
let hosted: RunningServer;
const client = (s: RunningServer) => new ClearMLClient({ apiServer: s.url, accessKey: DEMO.signIn.accessKey, secretKey: DEMO.signIn.secretKey });
const prefsOnServer = (s: RunningServer) => s.state.data.users[DEMO.user.id]!.preferences as Record<string, Record<string, unknown>>;

before(async () => {
  srv = await startServer({ port: 0, edition: 'opensource' });
  hosted = await startServer({ port: 0, edition: 'hosted' });
});
after(async () => { await srv.close(); await hosted.close(); });

test('reads the demo preferences and detects the open-source telemetry option', async () => {
  const snap = await readServer(client(srv));
  assert.equal(snap.capabilities.edition, 'opensource');
  assert.equal(snap.capabilities.telemetrySupported, true);
  assert.equal(snap.capabilities.vaultsSupported, false);
  assert.equal(snap.form.hideExamples, true);
  assert.equal(snap.form.hideTips, true);
  assert.equal(snap.form.hideRedactedArguments, true);
  assert.deepEqual(snap.form.redactedArguments, ['CLEARML_API_SECRET_KEY', 'CLEARML_AGENT_GIT_PASS', 'AWS_SECRET_ACCESS_KEY', 'AZURE_STORAGE_KEY']);
});

test('hosted servers have no telemetry option', async () => {
  const snap = await readServer(client(hosted));
  assert.equal(snap.capabilities.telemetrySupported, false);
  assert.equal(snap.capabilities.edition, 'hosted', 'a hosted server on any address is recognised by its per-user credentials limit');
});

test('an enterprise server (no per-user credentials limit) is called Enterprise', async () => {
  const enterprise = await startServer({ port: 0, edition: 'enterprise' });
  try {
    assert.equal((await readServer(client(enterprise))).capabilities.edition, 'enterprise');
  } finally {
    await enterprise.close();
  }
});

test('each control round-trips and unrelated keys in the slice survive', async () => {
  const c = client(srv);
  const server = prefsOnServer(srv);
  server.rootProjects!.tagsColors = { 'release.v1': { background: 'red' } };
  server.views!.someFutureKey = { nested: [1, 2] };
  const start = await readServer(c);
  const form = {
    ...start.form, showHidden: true, hideExamples: false, hideTips: false, blockUserScript: true, hideRedactedArguments: false,
    redactedArguments: ['MY_SECRET', ' ', 'AWS_SECRET_ACCESS_KEY'], reportStats: true,
  };
  const outcome = await saveForm(c, start.form, form);
  assert.equal(outcome.kind, 'saved');
  const after = prefsOnServer(srv);
  assert.equal(after.rootProjects!.showHidden, true);
  assert.equal(after.rootProjects!.hideExamples, false);
  assert.equal(after.rootProjects!.blockUserScript, true);
  assert.deepEqual(after.views!.neverShowPopupAgain, []);
  assert.equal(after.views!.hideRedactedArguments, false);
  assert.deepEqual(after.views!.redactedArguments, [{ key: 'MY_SECRET' }, { key: 'AWS_SECRET_ACCESS_KEY' }]);
  // Survivors: keys the web app keeps in the same slices, with a dotted nested key stored the web app's way.
  assert.deepEqual(after.rootProjects!.tagsColors, { 'release--DOT--v1': { background: 'red' } });
  assert.deepEqual(after.views!.someFutureKey, { nested: [1, 2] });
  assert.equal(after.views!.theme, 'dark');
  assert.equal(after.views!.autoRefresh, true);
  assert.deepEqual(after.users, DEMO.preferences.users);
  assert.equal(srv.state.data.companies[DEMO.workspaces.own.id]!.statsOption?.enabled, true);
  const reread = await readServer(c);
  assert.deepEqual(reread.form, { ...form, redactedArguments: ['MY_SECRET', 'AWS_SECRET_ACCESS_KEY'] });
});

test('a field changed on the server meanwhile is a conflict and nothing is written', async () => {
  const c = client(srv);
  const start = await readServer(c);
  prefsOnServer(srv).rootProjects!.showHidden = !start.form.showHidden; // someone else, e.g. a web UI tab
  const before = JSON.stringify(prefsOnServer(srv));
  const outcome = await saveForm(c, start.form, { ...start.form, showHidden: start.form.showHidden, hideExamples: !start.form.hideExamples, blockUserScript: start.form.blockUserScript });
  // showHidden was not edited by us: no conflict, our hideExamples edit is written and theirs survives.
  assert.equal(outcome.kind, 'saved');
  assert.equal(prefsOnServer(srv).rootProjects!.showHidden, !start.form.showHidden);
  assert.notEqual(JSON.stringify(prefsOnServer(srv)), before);

  const second = await readServer(c);
  prefsOnServer(srv).views!.redactedArguments = [{ key: 'THEIRS' }];
  const frozen = JSON.stringify(prefsOnServer(srv));
  const conflict = await saveForm(c, second.form, { ...second.form, redactedArguments: ['MINE'], hideTips: !second.form.hideTips });
  assert.equal(conflict.kind, 'conflict');
  assert.equal(JSON.stringify(prefsOnServer(srv)), frozen, 'nothing written on conflict');
  if (conflict.kind !== 'conflict') return;
  assert.deepEqual(conflict.conflicts.map((x) => [x.field, x.yours, x.server]), [['redactedArguments', ['MINE'], ['THEIRS']]]);
});

test('"Show hidden projects" is offered as the web UI does: admins, or servers with the usage-stats option', async () => {
  assert.equal((await readServer(client(srv))).capabilities.showHiddenOffered, true, 'open source: usage-stats option shown');
  assert.equal((await readServer(client(hosted))).capabilities.showHiddenOffered, true, 'hosted: Jane administers her own workspace');
  const vision = DEMO.workspaces.vision;
  assert.equal(vision.role, 'user');
  const member = new ClearMLClient({ apiServer: hosted.url, accessKey: vision.credentials.accessKey, secretKey: vision.credentials.secretKey });
  const start = await readServer(member);
  assert.equal(start.capabilities.showHiddenOffered, false, 'a plain member of Vision Team on hosted');
  const before = JSON.stringify(prefsOnServer(hosted).rootProjects ?? null);
  const outcome = await saveForm(member, start.form, { ...start.form, showHidden: !start.form.showHidden });
  assert.equal(outcome.kind, 'unchanged', 'a control the web UI does not offer is never written');
  assert.equal(JSON.stringify(prefsOnServer(hosted).rootProjects ?? null), before);
});
