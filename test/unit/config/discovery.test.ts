/** clearml.conf discovery as the SDK does it (real files in a temporary home directory). */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { confFilePath, discoverSetup, type Env } from '../../../src/core/config/index';
import { fixture } from './fixtures';

const home = mkdtempSync(path.join(tmpdir(), 'clearml-home-'));
after(() => rmSync(home, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const p = path.join(home, name);
  writeFileSync(p, text);
  return p;
}
function read(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}
const discover = (env: Env = {}) => discoverSetup({ env, homedir: home, readFile: read });

describe('discoverSetup', () => {
  test('no files, no env: nothing configured, primary file is ~/clearml.conf', () => {
    const s = discover();
    assert.deepEqual(s.files, []);
    assert.equal(s.primaryFile, path.join(home, 'clearml.conf'));
    assert.equal(s.apiServer, undefined);
    assert.equal(s.verifyCertificate, true);
    assert.deepEqual(s.errors, []);
  });

  test('~/clearml.conf written by clearml-init', () => {
    const file = write('clearml.conf', fixture('clearml_init_generated.conf'));
    try {
      const s = discover();
      assert.deepEqual(s.files, [file]);
      assert.equal(s.apiServer, 'https://api.clear.ml');
      assert.equal(s.webServer, 'https://app.clear.ml');
      assert.equal(s.filesServer, 'https://files.clear.ml');
      assert.equal(s.accessKey, 'Q1W2E3R4T5Y6U7I8O9P0ASDF');
      assert.deepEqual(s.sources, { apiServer: file, webServer: file, filesServer: file, accessKey: file, secretKey: file });
    } finally {
      rmSync(file);
    }
  });

  test('~/trains.conf then ~/clearml.conf are merged (clearml.conf wins); legacy api.host', () => {
    const trains = write('trains.conf', 'api { host: "http://legacy:8008"\n credentials { access_key: T, secret_key: TS }\n verify_certificate: False }');
    const clearml = write('clearml.conf', 'api.credentials.access_key: C');
    try {
      const s = discover();
      assert.deepEqual(s.files, [trains, clearml]);
      assert.equal(s.apiServer, 'http://legacy:8008');
      assert.equal(s.sources.apiServer, trains);
      assert.equal(s.accessKey, 'C');
      assert.equal(s.sources.accessKey, clearml);
      assert.equal(s.secretKey, 'TS');
      assert.equal(s.verifyCertificate, false);
      assert.equal(s.sources.verifyCertificate, trains);
      // web and files derived from the API host: port 8008 → 8080 → 8081
      assert.equal(s.webServer, 'http://legacy:8080');
      assert.equal(s.filesServer, 'http://legacy:8081');
      assert.equal(s.sources.webServer, 'derived');
    } finally {
      rmSync(trains);
      rmSync(clearml);
    }
  });

  test('CLEARML_CONFIG_FILE (and TRAINS_CONFIG_FILE) replace the home files; ~ is expanded', () => {
    const other = write('other.conf', 'api { api_server: "https://api.other.com" }');
    const ignored = write('clearml.conf', 'api { api_server: "https://ignored" }');
    try {
      let s = discover({ CLEARML_CONFIG_FILE: '~/other.conf' });
      assert.deepEqual(s.files, [other]);
      assert.equal(s.primaryFile, other);
      assert.equal(s.apiServer, 'https://api.other.com');
      assert.equal(s.webServer, 'https://app.other.com');
      assert.equal(s.filesServer, 'https://files.other.com');
      s = discover({ TRAINS_CONFIG_FILE: other });
      assert.deepEqual(s.files, [other]);
      s = discover({ CLEARML_CONFIG_FILE: path.join(home, 'missing.conf') });
      assert.deepEqual(s.files, []);
      assert.equal(s.apiServer, undefined);
    } finally {
      rmSync(other);
      rmSync(ignored);
    }
  });

  test('environment overrides win (CLEARML_* before TRAINS_*); trailing slashes trimmed from web/files', () => {
    const file = write('clearml.conf', fixture('clearml_init_generated.conf'));
    try {
      const s = discover({
        CLEARML_API_HOST: 'http://env:8008', TRAINS_API_HOST: 'http://trains:8008', TRAINS_WEB_HOST: 'http://web/',
        CLEARML_FILES_HOST: 'http://files//', CLEARML_API_ACCESS_KEY: 'EK', TRAINS_API_SECRET_KEY: 'ES', CLEARML_API_HOST_VERIFY_CERT: '0',
      });
      assert.equal(s.apiServer, 'http://env:8008');
      assert.equal(s.webServer, 'http://web');
      assert.equal(s.filesServer, 'http://files');
      assert.equal(s.accessKey, 'EK');
      assert.equal(s.secretKey, 'ES');
      assert.equal(s.verifyCertificate, false);
      assert.deepEqual(s.sources, {
        apiServer: 'env:CLEARML_API_HOST', webServer: 'env:TRAINS_WEB_HOST', filesServer: 'env:CLEARML_FILES_HOST',
        accessKey: 'env:CLEARML_API_ACCESS_KEY', secretKey: 'env:TRAINS_API_SECRET_KEY', verifyCertificate: 'env:CLEARML_API_HOST_VERIFY_CERT',
      });
    } finally {
      rmSync(file);
    }
  });

  test('CLEARML_API_HOST_VERIFY_CERT=1 turns verification back ON over a file that turns it off (the default true cannot tell)', () => {
    const file = write('clearml.conf', 'api { api_server: "https://api.file.com"\n verify_certificate: false }');
    try {
      const on = discover({ CLEARML_API_HOST_VERIFY_CERT: '1' });
      assert.deepEqual([on.verifyCertificate, on.sources.verifyCertificate], [true, 'env:CLEARML_API_HOST_VERIFY_CERT']);
      const off = discover({});
      assert.deepEqual([off.verifyCertificate, off.sources.verifyCertificate], [false, file]);
    } finally {
      rmSync(file);
    }
  });

  test('a blank variable is not an override, as the SDK\'s EnvEntry reads it (getenv().strip() or unset); values are stripped', () => {
    const file = write('clearml.conf', 'api { api_server: "https://api.file.com"\n credentials { access_key: FK, secret_key: FS } }');
    try {
      for (const blank of ['', '   ', '\t']) {
        const s = discover({ CLEARML_API_HOST: blank, CLEARML_API_ACCESS_KEY: blank, TRAINS_API_HOST: blank });
        assert.equal(s.apiServer, 'https://api.file.com', JSON.stringify(blank));
        assert.equal(s.sources.apiServer, file);
        assert.equal(s.accessKey, 'FK');
      }
      const s = discover({ CLEARML_API_HOST: '', TRAINS_API_HOST: '  http://trains:8008 ' });
      assert.equal(s.apiServer, 'http://trains:8008', 'a blank CLEARML_ falls through to TRAINS_, stripped');
      assert.equal(s.sources.apiServer, 'env:TRAINS_API_HOST');
    } finally {
      rmSync(file);
    }
  });

  test('confFilePath is the file the SDK reads: CLEARML_CONFIG_FILE, else TRAINS_CONFIG_FILE, ~ expanded, blank ignored', () => {
    const cases: [Env, string][] = [
      [{}, path.join(home, 'clearml.conf')],
      [{ CLEARML_CONFIG_FILE: '  ' }, path.join(home, 'clearml.conf')],
      [{ CLEARML_CONFIG_FILE: '~/conf/a.conf' }, path.join(home, 'conf', 'a.conf')],
      [{ TRAINS_CONFIG_FILE: '~/legacy.conf' }, path.join(home, 'legacy.conf')],
      [{ CLEARML_CONFIG_FILE: '', TRAINS_CONFIG_FILE: '/etc/clearml.conf' }, path.resolve('/etc/clearml.conf')],
      [{ CLEARML_CONFIG_FILE: ' /srv/clearml.conf ', TRAINS_CONFIG_FILE: '/etc/x.conf' }, path.resolve('/srv/clearml.conf')],
      [{ CLEARML_CONFIG_FILE: 'relative.conf' }, path.join(home, 'relative.conf')],
    ];
    for (const [env, expected] of cases) {
      assert.equal(confFilePath(env, home), expected, JSON.stringify(env));
      assert.equal(discover(env).primaryFile, expected, `discovery agrees for ${JSON.stringify(env)}`);
    }
  });

  test('derivation rules: api. → app./files., demoapi. → demoapp./demofiles., :8008 → :8080/:8081, none otherwise', () => {
    const cases: [string, string | undefined, string | undefined][] = [
      ['https://api.clear.ml', 'https://app.clear.ml', 'https://files.clear.ml'],
      ['https://demoapi.demo.clear.ml', 'https://demoapp.demo.clear.ml', 'https://demofiles.demo.clear.ml'],
      ['http://localhost:8008', 'http://localhost:8080', 'http://localhost:8081'],
      ['https://clearml.corp.com/api', undefined, undefined],
    ];
    for (const [api, web, files] of cases) {
      const s = discover({ CLEARML_API_HOST: api });
      assert.equal(s.webServer, web, api);
      assert.equal(s.filesServer, files, api);
    }
    // files derived from a configured web host without a port: netloc + :8081
    const s = discover({ CLEARML_API_HOST: 'https://x.corp/api', CLEARML_WEB_HOST: 'https://web.corp' });
    assert.equal(s.filesServer, 'https://web.corp:8081');
  });

  test('a file that does not parse is reported, the others still count; env substitutions use the host env', () => {
    const trains = write('trains.conf', 'api { api_server: ${MY_HOST} }');
    const clearml = write('clearml.conf', 'api {\n  api_server: "broken\n}');
    try {
      const s = discover({ MY_HOST: 'https://api.from.env' });
      assert.equal(s.apiServer, 'https://api.from.env');
      assert.equal(s.errors.length, 1);
      assert.equal(s.errors[0].filename, clearml);
      assert.equal(s.errors[0].line, 2);
    } finally {
      rmSync(trains);
      rmSync(clearml);
    }
  });
});
