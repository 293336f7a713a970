/** The web UI's ready-to-copy section and Jupyter variant (clearml-api.md §4.4), and reading a pasted one. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigParseError, formatCredentialsSection, formatJupyterEnv, parsePastedCredentials } from '../../../src/core/config/index';

const full = { webServer: 'https://app.clear.ml/', apiServer: 'https://api.clear.ml', filesServer: 'https://files.clear.ml', accessKey: 'AKEY', secretKey: 'SKEY', label: 'my laptop', comment: 'Workspace: Team A' };

describe('ready-to-copy credentials section', () => {
  test('all conditional lines, byte for byte', () => {
    assert.equal(formatCredentialsSection(full),
      'api {\n  # Workspace: Team A\n  web_server: https://app.clear.ml/\n  api_server: https://api.clear.ml\n  files_server: https://files.clear.ml\n  # my laptop\n  credentials {\n    "access_key" = "AKEY"\n    "secret_key" = "SKEY"\n  }\n}');
  });

  test('without comment, files server and label (open-source page)', () => {
    assert.equal(formatCredentialsSection({ webServer: 'http://localhost:8080/', apiServer: 'http://localhost:8008', accessKey: 'A', secretKey: 'S', filesServer: '' }),
      'api {\n  web_server: http://localhost:8080/\n  api_server: http://localhost:8008\n  credentials {\n    "access_key" = "A"\n    "secret_key" = "S"\n  }\n}');
  });

  test('Jupyter %env variant', () => {
    assert.equal(formatJupyterEnv(full), '%env CLEARML_WEB_HOST=https://app.clear.ml/\n%env CLEARML_API_HOST=https://api.clear.ml\n%env CLEARML_FILES_HOST=https://files.clear.ml\n# my laptop\n%env CLEARML_API_ACCESS_KEY=AKEY\n%env CLEARML_API_SECRET_KEY=SKEY');
    assert.equal(formatJupyterEnv({ ...full, filesServer: undefined, label: undefined }), '%env CLEARML_WEB_HOST=https://app.clear.ml/\n%env CLEARML_API_HOST=https://api.clear.ml\n%env CLEARML_API_ACCESS_KEY=AKEY\n%env CLEARML_API_SECRET_KEY=SKEY');
  });
});

describe('parsePastedCredentials (as clearml-init accepts)', () => {
  test('the section itself reads back', () => {
    assert.deepEqual(parsePastedCredentials(formatCredentialsSection(full)), { accessKey: 'AKEY', secretKey: 'SKEY', apiServer: 'https://api.clear.ml', webServer: 'https://app.clear.ml/', filesServer: 'https://files.clear.ml' });
  });

  test('text after the closing "}" line is ignored; CRLF accepted', () => {
    const text = formatCredentialsSection(full).replace(/\n/g, '\r\n') + '\r\nthis is not = { hocon ?';
    assert.equal(parsePastedCredentials(text).accessKey, 'AKEY');
  });

  test('credentials at the root, legacy host', () => {
    assert.deepEqual(parsePastedCredentials('credentials {"access_key": "A", "secret_key": "B"}\nhost: https://api.x'), { accessKey: 'A', secretKey: 'B', apiServer: 'https://api.x' });
  });

  test('garbage is a ConfigParseError with a position', () => {
    assert.throws(() => parsePastedCredentials('api {\n  credentials {\n    "access_key" = "A\n'), (e: unknown) => e instanceof ConfigParseError && e.line === 3);
    assert.throws(() => parsePastedCredentials('hello ? world'), ConfigParseError);
  });

  test('missing keys say which', () => {
    assert.throws(() => parsePastedCredentials('api { api_server: https://api.x }'), (e: unknown) => e instanceof ConfigParseError && /no credentials found/.test(e.reason));
    assert.throws(() => parsePastedCredentials('credentials { access_key: A }'), (e: unknown) => e instanceof ConfigParseError && /missing secret_key/.test(e.reason));
    assert.throws(() => parsePastedCredentials('credentials { }'), (e: unknown) => e instanceof ConfigParseError && /missing access_key and secret_key/.test(e.reason));
  });
});

describe('a section pasted into an input box, line breaks turned into spaces (issue 18.8)', () => {
  /** What an input box delivers: each line break becomes one space, the indentation stays. */
  const flatten = (section: string) => section.replace(/\r?\n/g, ' ');

  test('the web UI\'s real section (workspace comment, files server, label comment) reads back; comments stay comments', () => {
    const flat = flatten(formatCredentialsSection(full));
    assert.equal(flat, 'api {   # Workspace: Team A   web_server: https://app.clear.ml/   api_server: https://api.clear.ml   files_server: https://files.clear.ml   # my laptop   credentials {     "access_key" = "AKEY"     "secret_key" = "SKEY"   } }');
    assert.deepEqual(parsePastedCredentials(flat), { accessKey: 'AKEY', secretKey: 'SKEY', apiServer: 'https://api.clear.ml', webServer: 'https://app.clear.ml/', filesServer: 'https://files.clear.ml' });
  });

  test('the open-source page\'s section (no comments, no files server) reads back', () => {
    const flat = flatten(formatCredentialsSection({ webServer: 'http://localhost:8080/', apiServer: 'http://localhost:8008', accessKey: 'A', secretKey: 'S', filesServer: '' }));
    assert.deepEqual(parsePastedCredentials(flat), { accessKey: 'A', secretKey: 'S', apiServer: 'http://localhost:8008', webServer: 'http://localhost:8080/' });
  });

  test('a comment holding "api_server: …" never supplies the API address: it reads as the real section, or is refused as ambiguous', () => {
    const real = { accessKey: 'AKEY', secretKey: 'SKEY', apiServer: 'https://api.clear.ml', webServer: 'https://app.clear.ml/', filesServer: 'https://files.clear.ml' };
    const ambiguous = (e: unknown) => e instanceof ConfigParseError && /one line, and a comment in it holds server addresses or keys of its own/.test(e.reason) && e.column === 9;
    // the workspace comment stands before the keys: only the real ones can follow it up to "credentials {"
    for (const comment of ['api_server: https://evil.example', 'Team web_server: https://evil.example api_server: https://evil.example']) {
      assert.deepEqual(parsePastedCredentials(flatten(formatCredentialsSection({ ...full, comment }))), real, comment);
    }
    // the label comment stands between the keys and the credentials: a copy of either inside it is two readings
    for (const label of ['web_server: https://evil.example api_server: https://evil.example', 'x credentials { "access_key" = "EVILKEY" "secret_key" = "EVILSECRET" } }']) {
      assert.throws(() => parsePastedCredentials(flatten(formatCredentialsSection({ ...full, label }))), ambiguous, label);
    }
  });

  test('"# api_server: …" stays a comment: the real address is read after it, and a section with no address of its own gets none', () => {
    const flat = 'api {   # api_server: https://evil.example   web_server: https://app.clear.ml/   api_server: https://api.clear.ml   credentials {     "access_key" = "AKEY"     "secret_key" = "SKEY"   } }';
    assert.equal(parsePastedCredentials(flat).apiServer, 'https://api.clear.ml');
    const onlyInComment = 'api {   # api_server: https://evil.example   credentials {     "access_key" = "AKEY"     "secret_key" = "SKEY"   } }';
    assert.throws(() => parsePastedCredentials(onlyInComment), (e: unknown) => e instanceof ConfigParseError && /one line with a comment \("#"\)/.test(e.reason) && e.column === 9);
  });

  test('a "#" inside a quoted value is no comment', () => {
    assert.deepEqual(parsePastedCredentials('credentials { "access_key": "A#1", "secret_key": "B" }'), { accessKey: 'A#1', secretKey: 'B' });
  });
});
