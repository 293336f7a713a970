/**
 * signed-in-server: the profile VS Code is signed in to is checked too when its server is not clearml.conf's, and
 * every API finding says which server it is about. Real local servers; a stopped one is a refused port.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runSetupCheck, type Finding, type SetupReport } from '../../../src/core/setup-check/index';
import { makeHome, refusedUrl, startHealthySetup, type HealthySetup, type Home } from './scenarios';

describe('setup check: the signed-in server', () => {
  let ok: HealthySetup;
  let other: HealthySetup;
  let home: Home;
  const check = (profile?: { apiServer: string; label: string }): Promise<SetupReport> => runSetupCheck({ env: {}, homedir: home.dir, timeoutMs: 3000, profile });
  const signedIn = (report: SetupReport): Finding | undefined => report.findings.find((f) => f.check === 'signed-in-server');

  before(async () => {
    [ok, other] = await Promise.all([startHealthySetup(), startHealthySetup()]);
    home = makeHome();
    home.write(ok.conf());
  });
  after(async () => {
    await Promise.all([ok.close(), other.close()]);
    home.remove();
  });

  test('a stopped profile server is reported, naming the profile, and the clearml.conf findings say they are about clearml.conf', async () => {
    const dead = await refusedUrl();
    const report = await check({ apiServer: dead, label: 'team server' });
    const f = signedIn(report);
    assert.ok(f, JSON.stringify(report.findings.map((x) => x.check)));
    assert.equal(f.status, 'error');
    assert.equal(f.cause, 'refused');
    const confHost = new URL(ok.api.url).host;
    assert.match(f.message, new RegExp(`^The server VS Code is signed in to \\(profile "team server", ${new URL(dead).host}\\) refused the connection .*The ClearML view and its commands use this server; clearml\\.conf names ${confHost} \\(checked above\\)`));
    const api = report.findings.find((x) => x.check === 'api-reachable')!;
    assert.equal(api.status, 'ok');
    assert.match(api.message, new RegExp(`This is clearml\\.conf's server, used by your scripts and agents; VS Code is signed in to ${new URL(dead).host}`));
    assert.deepEqual(report.findings.map((x) => x.check).slice(7, 9), ['api-credentials', 'signed-in-server'], 'shown right after the API checks');
  });

  test('another server that answers: ok, and it says which is which', async () => {
    const f = signedIn(await check({ apiServer: other.api.url, label: 'other' }));
    assert.equal(f?.status, 'ok');
    assert.match(f.message, new RegExp(`VS Code is signed in to ${new URL(other.api.url).host} \\(profile "other"\\), which answers as ClearML; clearml\\.conf names ${new URL(ok.api.url).host}`));
  });

  test('the same server as clearml.conf (trailing slash, host case aside): no extra finding', async () => {
    const report = await check({ apiServer: `${ok.api.url.replace('127.0.0.1', '127.0.0.1')}/`, label: 'same' });
    assert.equal(signedIn(report), undefined);
    assert.doesNotMatch(JSON.stringify(report), /VS Code is signed in/);
  });
});
