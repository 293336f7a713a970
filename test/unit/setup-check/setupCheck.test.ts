/**
 * runSetupCheck against real local servers on 127.0.0.1: one scenario per cause, each asserting the check, the
 * cause, what the message names, that an offered fix (applied to the real file / environment) turns it green, and
 * that no report ever carries the secret key or a full access key.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSetupCheck, reportMarkdown, type Finding, type SetupReport } from '../../../src/core/setup-check/index';
import {
  confText, DEMO, hasOpenssl, makeCertificates, makeHome, refusedUrl, startHealthySetup, startHttpsFront, startProxy411,
  startFrontAt, startStalledServer, startWebUi, type Certificates, type Closable, type HealthySetup, type Home,
} from './scenarios';

type Env = Record<string, string | undefined>;

const SECRET = DEMO.signIn.secretKey;
const KEY = DEMO.signIn.accessKey;

async function check(home: Home, env: Env = {}, timeoutMs = 3000, cwd?: string): Promise<SetupReport> {
  const report = await runSetupCheck({ env, homedir: home.dir, timeoutMs, cwd });
  const text = JSON.stringify(report) + reportMarkdown(report);
  assert.ok(!text.includes(SECRET), 'the report contains the secret key');
  assert.ok(!text.includes(KEY), 'the report contains the full access key');
  for (const [name, value] of Object.entries(env)) if (/SECRET/.test(name) && value) assert.ok(!text.includes(value), `the report contains ${name}`);
  return report;
}

function one(report: SetupReport, checkId: Finding['check']): Finding {
  const found = report.findings.filter((f) => f.check === checkId);
  assert.equal(found.length, 1, `${checkId}: ${JSON.stringify(report.findings.filter((f) => f.check === checkId))}`);
  return found[0];
}

function expectCause(report: SetupReport, checkId: Finding['check'], cause: Finding['cause'], status: Finding['status'] = 'error'): Finding {
  const f = report.findings.find((x) => x.check === checkId && x.cause === cause);
  assert.ok(f, `no ${checkId}/${cause} in ${JSON.stringify(report.findings.map((x) => `${x.check}:${x.status}:${x.cause ?? ''}`))}`);
  assert.equal(f.status, status, f.message);
  return f;
}

function allGreen(report: SetupReport, except: Finding['check'][] = []): void {
  const bad = report.findings.filter((f) => !except.includes(f.check) && (f.status === 'error' || f.status === 'warning'));
  assert.deepEqual(bad.map((f) => `${f.check}: ${f.message}`), []);
}

/** Applies a 'set' fix the way the extension does: the lossless clearml.conf edit. */
async function applySet(home: Home, fix: NonNullable<Finding['fixes']>[number]): Promise<void> {
  assert.equal(fix.kind, 'set');
  if (fix.kind !== 'set') return;
  const { applyFixToConfText } = await import('../../../src/core/setup-check/fixes');
  const { readFileSync } = await import('node:fs');
  writeFileSync(home.conf, applyFixToConfText(readFileSync(home.conf, 'utf8'), fix));
}

describe('setup check', () => {
  let ok: HealthySetup;
  const homes: Home[] = [];
  const extra: Closable[] = [];
  const newHome = (text?: string): Home => {
    const h = makeHome();
    homes.push(h);
    if (text !== undefined) h.write(text);
    return h;
  };

  before(async () => { ok = await startHealthySetup(); });
  after(async () => {
    for (const h of homes) h.remove();
    await Promise.all(extra.map((c) => c.close()));
    await ok.close();
  });

  test('healthy local setup: every check green, well under a second, report in fixed order', async () => {
    const home = newHome(ok.conf());
    const report = await check(home);
    allGreen(report);
    assert.equal(report.configFile, home.conf);
    assert.ok(report.durationMs < 1000, `took ${report.durationMs} ms`);
    assert.deepEqual([...new Set(report.findings.map((f) => f.check))], [
      'config-file', 'config-parse', 'env-overrides', 'api-url', 'web-url', 'files-url', 'api-reachable', 'api-credentials', 'web-reachable', 'files-reachable', 'storage']);
    assert.match(one(report, 'api-credentials').message, new RegExp(`access key ${KEY.slice(0, 4)}… signs in to 127\\.0\\.0\\.1:\\d+ as Jane`));
    assert.match(reportMarkdown(report), /\| api-reachable \| ✅ ok \|/);
  });

  test('missing: no clearml.conf and no variables → create-credentials', async () => {
    const home = newHome();
    const f = expectCause(await check(home), 'config-file', 'missing');
    assert.match(f.message, /no .*clearml\.conf/i);
    assert.deepEqual(f.fixes?.map((x) => x.kind), ['create-credentials']);
  });

  test('missing: CLEARML_CONFIG_FILE names a file that does not exist', async () => {
    const home = newHome();
    const f = expectCause(await check(home, { CLEARML_CONFIG_FILE: join(home.dir, 'nope.conf') }), 'config-file', 'missing');
    assert.match(f.message, /CLEARML_CONFIG_FILE points at .*nope\.conf, which does not exist/);
  });

  test('relative-path: a relative CLEARML_CONFIG_FILE; the fix (absolute path) turns it green', async () => {
    const home = newHome();
    mkdirSync(join(home.dir, 'conf'));
    writeFileSync(join(home.dir, 'conf', 'my.conf'), ok.conf());
    const env = { CLEARML_CONFIG_FILE: 'conf/my.conf' };
    const f = expectCause(await check(home, env, 3000, home.dir), 'config-file', 'relative-path');
    assert.match(f.message, /CLEARML_CONFIG_FILE is the relative path "conf\/my\.conf"/);
    const fix = f.fixes?.[0];
    assert.deepEqual(fix, { kind: 'set-env', name: 'CLEARML_CONFIG_FILE', value: join(home.dir, 'conf', 'my.conf'), label: `Set CLEARML_CONFIG_FILE to ${join(home.dir, 'conf', 'my.conf')}` });
    allGreen(await check(home, { CLEARML_CONFIG_FILE: fix.kind === 'set-env' ? fix.value : '' }));
  });

  test('parse-error: line and column of the mistake', async () => {
    const home = newHome(`api {\n  api_server: "${ok.api.url}\n}\n`);
    const f = expectCause(await check(home), 'config-parse', 'parse-error');
    assert.match(f.message, /clearml\.conf does not parse at line 2, column \d+ \(.+\)/);
    assert.match(f.detail ?? '', /clearml\.conf:2:\d+/);
  });

  test('env-override: CLEARML_API_HOST differs from the file; both fixes make it green', async () => {
    const home = newHome(ok.conf({ api: 'http://127.0.0.1:1' }));
    const env = { CLEARML_API_HOST: ok.api.url, CLEARML_API_SECRET_KEY: SECRET.replace(/^./, 'X') };
    const report = await check(home, env);
    const host = report.findings.find((f) => f.cause === 'env-override' && f.message.startsWith('CLEARML_API_HOST'));
    assert.ok(host, JSON.stringify(report.findings));
    assert.match(host.message, /CLEARML_API_HOST = "http:\/\/127\.0\.0\.1:\d+" overrides api\.api_server = "http:\/\/127\.0\.0\.1:1"/);
    const secret = report.findings.find((f) => f.message.startsWith('CLEARML_API_SECRET_KEY'));
    assert.ok(secret && !secret.fixes?.some((x) => x.kind === 'set'), 'a secret is never copied into a fix');
    assert.match(secret.message, /\(a secret\)/);
    await applySet(home, host.fixes!.find((x) => x.kind === 'set')!);
    assert.equal((await check(home, { CLEARML_API_HOST: ok.api.url })).findings.find((f) => f.check === 'env-overrides')?.status, 'ok');
    assert.equal(one(await check(home, {}), 'env-overrides').status, 'ok');
  });

  describe('fixes are offered only for addresses that answer (probed live)', () => {
    // A loopback address of its own: the ClearML ports on it are free whatever else runs on this machine.
    const HOST = '127.8.0.8';

    test('port-mixup: the web port 8080 in api_server and nothing on 8008 → no fix, the message says what to check', async () => {
      const home = newHome(ok.conf({ api: `http://${HOST}:8080` }));
      const report = await check(home, {}, 1000);
      const f = expectCause(report, 'api-url', 'port-mixup');
      assert.match(f.message, new RegExp(`api\\.api_server in .*clearml\\.conf is http://${HOST}:8080, but port 8080 is the web UI's port, not the API server's\\. Nothing answers as the API server at http://${HOST}:8008 either: check which address your API server really has \\(docker-compose port 8008, Kubernetes node port 30008, or <web UI>/api\\)`));
      assert.equal(f.fixes, undefined, 'no fix for an address that does not answer');
      assert.equal(one(report, 'api-reachable').fixes, undefined);
    });

    test('port-mixup: the web port 8080 in api_server, a ClearML API on 8008 → that fix, and it turns the check green', async () => {
      const front = await startFrontAt(HOST, 8008, ok.api.url);
      extra.push(front);
      const home = newHome(ok.conf({ api: `http://${HOST}:8080` }));
      const f = expectCause(await check(home, {}, 1000), 'api-url', 'port-mixup');
      assert.match(f.message, new RegExp(`Use http://${HOST}:8008\\.$`));
      assert.deepEqual(f.fixes?.[0], { kind: 'set', path: 'api.api_server', value: `http://${HOST}:8008`, label: `Use http://${HOST}:8008 (answers as ClearML)` });
      await applySet(home, f.fixes[0]);
      allGreen(await check(home, {}, 1000));
    });

    test('port-mixup: a Kubernetes web port 30080 in api_server → the node port 30008, never the docker port 8008', async () => {
      const front = await startFrontAt(HOST, 30008, ok.api.url);
      extra.push(front);
      const home = newHome(ok.conf({ api: `http://${HOST}:30080` }));
      const f = expectCause(await check(home, {}, 1000), 'api-url', 'port-mixup');
      assert.match(f.message, new RegExp(`port 30080 is the web UI's port, not the API server's\\. Use http://${HOST}:30008\\.$`));
      assert.equal(f.fixes?.[0]?.kind === 'set' && f.fixes[0].value, `http://${HOST}:30008`);
      assert.doesNotMatch(JSON.stringify(f), /:8008\b/);
      await applySet(home, f.fixes![0]);
      allGreen(await check(home, {}, 1000));
    });

    test('missing scheme: the guessed URL is offered only when it answers', async () => {
      const answering = newHome(ok.conf({ web: ok.web.url.replace('http://', '') }));
      const f = expectCause(await check(answering), 'web-url', 'missing');
      assert.deepEqual(f.fixes, [{ kind: 'set', path: 'api.web_server', value: ok.web.url, label: `Use ${ok.web.url} (answers)` }]);
      const dead = (await refusedUrl()).replace('http://', '');
      const silent = expectCause(await check(newHome(ok.conf({ web: dead }))), 'web-url', 'missing');
      assert.equal(silent.fixes, undefined);
      assert.match(silent.message, new RegExp(`e\\.g\\. http://${dead} \\(nothing answers at http://${dead} from this machine: check the host, port and scheme\\)`));
    });
  });

  test('localhost-files: files server on localhost behind a remote API; the real address is not offered when it does not answer', async () => {
    const home = newHome(confText({ api: 'https://api.clearml.invalid', web: 'https://app.clearml.invalid', files: 'http://localhost:8081' }));
    const f = expectCause(await check(home, {}, 500), 'files-url', 'localhost-files', 'warning');
    assert.match(f.message, /api\.files_server .* is http:\/\/localhost:8081 \(this machine\) while the API server api\.clearml\.invalid is remote.*e\.g\. https:\/\/files\.clearml\.invalid \(it does not answer from this machine: check the address your files server really has\)/);
    assert.equal(f.fixes, undefined);
  });

  test('dns: an .invalid host name', async () => {
    const home = newHome(ok.conf({ api: 'http://clearml-server.invalid:8008' }));
    const f = expectCause(await check(home), 'api-reachable', 'dns');
    assert.match(f.message, /The API server clearml-server\.invalid:8008 is a host name that does not resolve.*Check api\.api_server/);
    assert.match(f.detail ?? '', /ENOTFOUND|EAI_AGAIN/);
    assert.equal(one(await check(home), 'api-credentials').status, 'skipped');
  });

  test('refused: nothing listens on the API port; missing-port when the port was left out', async () => {
    const url = await refusedUrl();
    const home = newHome(ok.conf({ api: url }));
    const f = expectCause(await check(home), 'api-reachable', 'refused');
    assert.match(f.message, new RegExp(`The API server ${new URL(url).host} refused the connection`));
    assert.match(f.detail ?? '', /ECONNREFUSED/);
  });

  test('missing-port: http://host without a port, and nothing answers on 80', async () => {
    const home = newHome(ok.conf({ api: 'http://127.0.0.1' }));
    const report = await check(home, {}, 1000);
    if (one(report, 'api-reachable').status === 'ok') return; // something serves ClearML on port 80 here
    const f = expectCause(report, 'api-url', 'missing-port', 'warning');
    assert.match(f.message, /with no port, which means port 80.*e\.g\. http:\/\/127\.0\.0\.1:8008/);
  });

  test('timeout: a stalled server is cut off at timeoutMs', async () => {
    const stalled = await startStalledServer();
    extra.push(stalled);
    const home = newHome(ok.conf({ api: stalled.url }));
    const started = Date.now();
    const report = await check(home, {}, 300);
    const f = expectCause(report, 'api-reachable', 'timeout');
    assert.match(f.message, /did not answer in time/);
    assert.ok(Date.now() - started < 2500, `took ${Date.now() - started} ms`);
  });

  test('not-clearml: the web UI URL in api_server; the fix (<web>/api, probed live) turns it green', async () => {
    const home = newHome(ok.conf({ api: ok.web.url }));
    const f = expectCause(await check(home), 'api-reachable', 'not-clearml');
    assert.match(f.message, /answers, but not as a ClearML API server \(it returns an HTML page, probably the web UI\)/);
    assert.match(f.detail ?? '', /HTTP 200 text\/html.*"<!doctype html>/);
    assert.deepEqual(f.fixes?.map((x) => (x as { value: string }).value), [`${ok.web.url}/api`]);
    await applySet(home, f.fixes![0]);
    allGreen(await check(home));
  });

  test('http-error: a proxy answers 502 HTML for the API', async () => {
    const home = newHome(ok.conf());
    ok.api.faults.set('debug.ping', { html502: true });
    try {
      const f = expectCause(await check(home), 'api-reachable', 'http-error');
      assert.match(f.message, /answers HTTP 502 without a ClearML response/);
    } finally {
      ok.api.faults.clear();
    }
  });

  test('proxy-411: a proxy refuses GET with a body; the fix (PUT) turns it green', async () => {
    const proxy = await startProxy411();
    extra.push(proxy);
    const home = newHome(ok.conf());
    const env = { HTTP_PROXY: proxy.url };
    const f = expectCause(await check(home, env), 'api-reachable', 'proxy-411');
    assert.match(f.message, /refuses GET requests with a body.*api\.http\.default_method: "put"/);
    assert.ok(proxy.seen.some((s) => s.startsWith(`GET ${ok.api.url}/debug.ping`)), proxy.seen.join('\n'));
    await applySet(home, f.fixes![0]);
    allGreen(await check(home, env));
    assert.ok(proxy.seen.some((s) => s.startsWith(`PUT ${ok.api.url}/auth.login`)));
  });

  test('auth-unknown-key: a wrong secret on the local ClearML server', async () => {
    const home = newHome(ok.conf({ secretKey: 'wrong-secret-0123456789' }));
    const f = expectCause(await check(home), 'api-credentials', 'auth-unknown-key');
    assert.match(f.message, new RegExp(`127\\.0\\.0\\.1:\\d+ does not know the access key ${KEY.slice(0, 4)}… \\(api\\.credentials\\.access_key in .*clearml\\.conf\\), or its secret key is wrong`));
    assert.match(f.detail ?? '', /auth\.login → 401\/22/);
    assert.deepEqual(f.fixes?.map((x) => x.kind), ['create-credentials']);
  });

  test('auth-other: the server refuses the key for another reason', async () => {
    const home = newHome(ok.conf());
    ok.api.faults.set('auth.login', { error: { code: 400, subcode: 300, message: 'Invalid user (failed loading user)' } });
    try {
      const f = expectCause(await check(home), 'api-credentials', 'auth-other');
      assert.match(f.message, /refused the access key .*Invalid user \(failed loading user\)/);
    } finally {
      ok.api.faults.clear();
    }
  });

  test('web-reachable / files-reachable: refused, with the derived address offered only when it answers', async () => {
    const dead = await refusedUrl();
    const home = newHome(ok.conf({ web: dead, files: dead.replace(/:\d+$/, ':1') }));
    const report = await check(home);
    const web = expectCause(report, 'web-reachable', 'refused', 'warning');
    assert.match(web.message, /The web UI 127\.0\.0\.1:\d+ refused the connection.*Check api\.web_server/);
    expectCause(report, 'files-reachable', 'refused');
  });

  test('cancelled: an aborted signal ends the check', async () => {
    const stalled = await startStalledServer();
    extra.push(stalled);
    const home = newHome(ok.conf({ api: stalled.url }));
    const controller = new AbortController();
    const started = Date.now();
    const run = runSetupCheck({ env: {}, homedir: home.dir, timeoutMs: 5000, signal: controller.signal });
    setImmediate(() => controller.abort());
    await assert.rejects(run, { name: 'AbortError' });
    assert.ok(Date.now() - started < 1000);
  });

  describe('TLS', { skip: hasOpenssl() ? false : 'openssl CLI not found' }, () => {
    let certs: Certificates;
    const fronts: Record<string, Closable> = {};
    before(async () => {
      certs = makeCertificates();
      fronts.self = await startHttpsFront(certs.selfSigned, ok.api.url);
      fronts.leaf = await startHttpsFront(certs.leaf, ok.api.url);
      fronts.expired = await startHttpsFront(certs.expired, ok.api.url);
      fronts.wrongHost = await startHttpsFront(certs.wrongHost, ok.api.url);
      fronts.privateRoot = await startHttpsFront(certs.privateRootChain, ok.api.url);
    });
    after(async () => {
      await Promise.all(Object.values(fronts).map((f) => f.close()));
      rmSync(certs.dir, { recursive: true, force: true });
    });

    test('tls-self-signed: names both fixes, says verify_certificate does not cover storage; the fix turns it green', async () => {
      const home = newHome(ok.conf({ api: fronts.self.url }));
      const f = expectCause(await check(home), 'api-reachable', 'tls-self-signed');
      assert.match(f.message, /uses a self-signed certificate, so the SDK refuses to connect.*REQUESTS_CA_BUNDLE.*api\.verify_certificate: false/);
      assert.match(f.detail ?? '', /DEPTH_ZERO_SELF_SIGNED_CERT.*api\.verify_certificate covers only the API calls: uploads .* storage verify certificates on their own/);
      await applySet(home, f.fixes![0]);
      const after = await check(home);
      allGreen(after);
      assert.match(one(after, 'api-reachable').message, /not verified/);
      assert.match(one(after, 'storage').detail ?? '', /covers only API calls/);
    });

    test('tls-self-signed: CLEARML_API_HOST_VERIFY_CERT wins over the file, so the fix sets the variable', async () => {
      const home = newHome(ok.conf({ api: fronts.self.url }));
      const f = expectCause(await check(home, { CLEARML_API_HOST_VERIFY_CERT: '1' }), 'api-reachable', 'tls-self-signed');
      assert.deepEqual(f.fixes?.[0], { kind: 'set-env', name: 'CLEARML_API_HOST_VERIFY_CERT', value: '0', label: 'Stop verifying the API certificate (api.verify_certificate: false; not for storage)' });
      allGreen(await check(home, { CLEARML_API_HOST_VERIFY_CERT: '0' }));
    });

    test('tls-untrusted: a certificate from an unknown CA; REQUESTS_CA_BUNDLE with that CA makes it green', async () => {
      const home = newHome(ok.conf({ api: fronts.leaf.url }));
      const f = expectCause(await check(home), 'api-reachable', 'tls-untrusted');
      assert.match(f.message, /certificate authority this machine does not trust.*REQUESTS_CA_BUNDLE/);
      allGreen(await check(home, { REQUESTS_CA_BUNDLE: certs.caPath }));
      allGreen(await check(home, { CURL_CA_BUNDLE: certs.caPath }));
    });

    test('tls-self-signed: a chain ending in a private root (leaf + intermediate + root, as a TLS-inspecting proxy sends) is a certificate problem', async () => {
      const home = newHome(ok.conf({ api: fronts.privateRoot.url }));
      const f = expectCause(await check(home), 'api-reachable', 'tls-self-signed');
      assert.match(f.message, /presents a certificate chain that ends in a self-signed \(private\) CA.*so the SDK refuses to connect.*REQUESTS_CA_BUNDLE/);
      assert.doesNotMatch(f.message, /failed to answer/);
      assert.match(f.detail ?? '', /^SELF_SIGNED_CERT_IN_CHAIN: /);
      assert.equal(f.fixes?.[0]?.kind, 'set', 'the verify-off fix is offered');
      allGreen(await check(home, { REQUESTS_CA_BUNDLE: certs.privateRootPath }));
    });

    test('tls-expired: an expired certificate from a trusted CA', async () => {
      const home = newHome(ok.conf({ api: fronts.expired.url }));
      const f = expectCause(await check(home, { REQUESTS_CA_BUNDLE: certs.caPath }), 'api-reachable', 'tls-expired');
      assert.match(f.message, /presents an expired certificate.*renew/);
      assert.match(f.detail ?? '', /CERT_HAS_EXPIRED/);
    });

    test('tls-hostname: a certificate for another host name', async () => {
      const home = newHome(ok.conf({ api: fronts.wrongHost.url }));
      const f = expectCause(await check(home, { REQUESTS_CA_BUNDLE: certs.caPath }), 'api-reachable', 'tls-hostname');
      assert.match(f.message, /certificate issued for another host name.*Use the host name the certificate was issued for/);
    });

    test('files server over TLS is verified even with api.verify_certificate: false', async () => {
      const home = newHome(ok.conf({ api: fronts.self.url, files: fronts.self.url, extra: '  verify_certificate: false' }));
      const report = await check(home);
      assert.equal(one(report, 'api-reachable').status, 'ok');
      const f = expectCause(report, 'files-reachable', 'tls-self-signed');
      assert.match(f.message, /api\.verify_certificate does not help here/);
    });
  });

  test('web UI answering for the API through /api works as the API address', async () => {
    const web = await startWebUi(ok.api.url);
    extra.push(web);
    allGreen(await check(newHome(ok.conf({ api: `${web.url}/api` }))));
  });
});
