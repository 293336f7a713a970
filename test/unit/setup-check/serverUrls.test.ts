/** The three sign-in addresses: derived from any one of them as clearml-init / the web UI do, and probed live. */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { checkServerUrls, deriveServerUrls, roleOf } from '../../../src/core/setup-check/index';
import { makeHome, refusedUrl, startHealthySetup, type HealthySetup, type Home } from './scenarios';

describe('deriveServerUrls', () => {
  const cases: [string, string, [string, string, string]][] = [
    ['hosted API', 'https://api.clear.ml', ['https://api.clear.ml', 'https://app.clear.ml', 'https://files.clear.ml']],
    ['hosted web UI pasted', 'https://app.clear.ml/', ['https://api.clear.ml', 'https://app.clear.ml', 'https://files.clear.ml']],
    ['demo files', 'https://demofiles.demo.clear.ml', ['https://demoapi.demo.clear.ml', 'https://demoapp.demo.clear.ml', 'https://demofiles.demo.clear.ml']],
    ['self-hosted API 8008', 'http://srv:8008', ['http://srv:8008', 'http://srv:8080', 'http://srv:8081']],
    ['self-hosted web 8080 (clearml-init: "Replacing 8080 with 8008")', 'http://srv:8080', ['http://srv:8008', 'http://srv:8080', 'http://srv:8081']],
    ['files 8081', 'http://srv:8081', ['http://srv:8008', 'http://srv:8080', 'http://srv:8081']],
    ['k8s node ports', 'http://k8s:30080', ['http://k8s:30008', 'http://k8s:30080', 'http://k8s:30081']],
    ['web UI reverse proxy /api', 'https://clearml.corp/api', ['https://clearml.corp/api', 'https://clearml.corp', 'https://clearml.corp/files']],
    ['unknown port stays', 'http://127.0.0.1:4100', ['http://127.0.0.1:4100', 'http://127.0.0.1:4100', 'http://127.0.0.1:4100']],
  ];
  for (const [name, input, [api, web, files]] of cases) {
    test(name, () => assert.deepEqual(deriveServerUrls(input), { apiServer: api, webServer: web, filesServer: files }));
  }
  test('roles', () => {
    assert.equal(roleOf('http://srv:8080'), 'app');
    assert.equal(roleOf('https://files.x.io'), 'files');
    assert.equal(roleOf('https://x.io/api'), 'api');
    assert.equal(deriveServerUrls('ftp://x'), undefined);
  });
});

describe('checkServerUrls', () => {
  let ok: HealthySetup;
  let home: Home;
  before(async () => { ok = await startHealthySetup(); home = makeHome(); });
  after(async () => { home.remove(); await ok.close(); });

  test('all three answer', async () => {
    const r = await checkServerUrls({ apiServer: ok.api.url, webServer: ok.web.url, filesServer: ok.files.url }, { env: {}, homedir: home.dir });
    assert.equal(r.ok, true, JSON.stringify(r));
  });

  test('says which one is wrong and why', async () => {
    const dead = await refusedUrl();
    const r = await checkServerUrls({ apiServer: ok.api.url, webServer: ok.web.url, filesServer: dead }, { env: {}, homedir: home.dir, timeoutMs: 2000 });
    assert.equal(r.ok, false);
    assert.equal(r.api.status, 'ok');
    assert.equal(r.web.status, 'ok');
    assert.equal(r.files.cause, 'refused');
    assert.match(r.files.message, /The files server 127\.0\.0\.1:\d+ refused the connection/);
  });
});
