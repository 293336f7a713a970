/** Lossless clearml.conf edits (real files), their round-trip properties, and atomic writes. */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync, chmodSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import {
  ConfigParseError, editClearmlConf, formatCredentialsSection, parseHocon, summarizeConfEdits, writeConfAtomic, type ConfEdit, type ConfigObject,
} from '../../../src/core/config/index';
import { fixture, fixtureNames } from './fixtures';

const parse = (t: string) => parseHocon(t, { env: {} });
const get = (o: ConfigObject, dotted: string) => dotted.split('.').reduce<unknown>((c, k) => (c as ConfigObject | undefined)?.[k], o);

/** Sets a dotted path in a parsed config (expected value after an edit). */
function setIn(o: ConfigObject, segs: string[], v: unknown): void {
  let cur = o;
  for (const s of segs.slice(0, -1)) {
    if (typeof cur[s] !== 'object' || cur[s] === null || Array.isArray(cur[s])) cur[s] = {};
    cur = cur[s] as ConfigObject;
  }
  cur[segs[segs.length - 1]] = v as ConfigObject[string];
}

const INIT = fixture('clearml_init_generated.conf');

describe('editClearmlConf: real files', () => {
  test('replacing api_server changes only those bytes', () => {
    const out = editClearmlConf(INIT, [{ kind: 'api', key: 'api_server', value: 'http://localhost:8008' }]);
    assert.equal(out, INIT.replace('api_server: https://api.clear.ml', 'api_server: http://localhost:8008'));
  });

  test('web-UI credentials keep their quoted keys; secrets with $ # " \\ are quoted so they read back', () => {
    const secret = 'a$b#c"d\\e f';
    const out = editClearmlConf(INIT, [{ kind: 'credentials', accessKey: 'NEWKEY', secretKey: secret }]);
    assert.equal(get(parse(out), 'api.credentials.secret_key'), secret);
    assert.equal(get(parse(out), 'api.credentials.access_key'), 'NEWKEY');
    assert.ok(out.includes('{"access_key": "NEWKEY", "secret_key": "a$b#c\\"d\\\\e f"}'), out.slice(0, 800));
    const before = INIT.split('\n');
    const after = out.split('\n');
    assert.equal(after.length, before.length);
    assert.deepEqual(after.filter((l, i) => l !== before[i]).length, 1);
  });

  test('every comment and blank line of the docs template survives a full sign-in edit', () => {
    const text = fixture('sdk_v217_docs_clearml.conf');
    const out = editClearmlConf(text, [
      { kind: 'api', key: 'api_server', value: 'https://api.example.com' },
      { kind: 'api', key: 'web_server', value: 'https://app.example.com' },
      { kind: 'api', key: 'files_server', value: 'https://files.example.com' },
      { kind: 'credentials', accessKey: 'AK', secretKey: 'SK' },
    ]);
    const kept = (t: string) => t.split('\n').filter((l) => /^\s*(#|\/\/|$)/.test(l));
    assert.deepEqual(kept(out), kept(text));
    const cfg = parse(out);
    assert.equal(get(cfg, 'api.web_server'), 'https://app.example.com');
    assert.equal(get(cfg, 'api.credentials.secret_key'), 'SK');
    const expected = parse(text);
    setIn(expected, ['api', 'api_server'], 'https://api.example.com');
    setIn(expected, ['api', 'web_server'], 'https://app.example.com');
    setIn(expected, ['api', 'files_server'], 'https://files.example.com');
    setIn(expected, ['api', 'credentials', 'access_key'], 'AK');
    setIn(expected, ['api', 'credentials', 'secret_key'], 'SK');
    assert.deepEqual(cfg, expected);
  });

  test('dotted keys are edited in place and new keys follow their style', () => {
    const text = '# mine\napi.api_server: https://api.a.b\napi.credentials.access_key: "X"\nsdk.x: 1\n';
    const out = editClearmlConf(text, [
      { kind: 'api', key: 'api_server', value: 'https://api.c.d' },
      { kind: 'api', key: 'web_server', value: 'https://app.c.d' },
      { kind: 'credentials', accessKey: 'Y', secretKey: 'Z' },
    ]);
    assert.equal(out, '# mine\napi.api_server: https://api.c.d\napi.credentials.access_key: "Y"\napi.credentials.secret_key: "Z"\napi.web_server: https://app.c.d\nsdk.x: 1\n');
  });

  test('braced root: a missing section goes inside the root braces', () => {
    const text = '{\n  sdk {\n    a: 1\n  }\n}\n';
    const out = editClearmlConf(text, [{ kind: 'api', key: 'api_server', value: 'http://h:8008' }]);
    assert.equal(out, '{\n  sdk {\n    a: 1\n  }\n  api {\n    api_server: http://h:8008\n  }\n}\n');
  });

  test('missing api section is appended; no final newline; CRLF kept', () => {
    assert.equal(editClearmlConf('sdk { a: 1 }', [{ kind: 'api', key: 'web_server', value: 'https://app.x' }]), 'sdk { a: 1 }\n\napi {\n    web_server: https://app.x\n}\n');
    const crlf = 'sdk {\r\n  a: 1\r\n}\r\n';
    const out = editClearmlConf(crlf, [{ kind: 'credentials', accessKey: 'A', secretKey: 'B' }]);
    assert.equal(out, 'sdk {\r\n  a: 1\r\n}\r\n\r\napi {\r\n  credentials {\r\n    "access_key" = "A"\r\n    "secret_key" = "B"\r\n  }\r\n}\r\n');
    assert.deepEqual(parse(out), { sdk: { a: 1 }, api: { credentials: { access_key: 'A', secret_key: 'B' } } });
  });

  test('new file: the minimal sections', () => {
    const out = editClearmlConf('', [
      { kind: 'api', key: 'api_server', value: 'https://api.clear.ml' },
      { kind: 'api', key: 'web_server', value: 'https://app.clear.ml' },
      { kind: 'credentials', accessKey: 'AK', secretKey: 'SK' },
    ]);
    assert.deepEqual(parse(out), { api: { api_server: 'https://api.clear.ml', web_server: 'https://app.clear.ml', credentials: { access_key: 'AK', secret_key: 'SK' } } });
  });

  test('a value that cannot stay bare is quoted; an empty value is filled in', () => {
    const out = editClearmlConf('api {\n  api_server: https://a\n  web_server:\n}\n', [
      { kind: 'api', key: 'api_server', value: 'https://a/x?y=1 #z' },
      { kind: 'api', key: 'web_server', value: 'https://w' },
    ]);
    assert.equal(out, 'api {\n  api_server: "https://a/x?y=1 #z"\n  web_server: https://w\n}\n');
  });

  test('the web UI section pasted into a file is edited like any other', () => {
    const text = formatCredentialsSection({ webServer: 'https://app.clear.ml/', apiServer: 'https://api.clear.ml', accessKey: 'AK', secretKey: 'SK', label: 'laptop' });
    const out = editClearmlConf(text, [{ kind: 'credentials', accessKey: 'AK2', secretKey: 'SK2' }]);
    assert.equal(out, text.replace('"AK"', '"AK2"').replace('"SK"', '"SK2"'));
  });

  test('unparsable input is refused with a position', () => {
    assert.throws(() => editClearmlConf('api {\n  api_server: x\n', [{ kind: 'api', key: 'api_server', value: 'y' }]), (e: unknown) => e instanceof ConfigParseError && e.line === 1);
  });
});

describe('editClearmlConf: sdk.aws.s3.credentials', () => {
  const entry = { bucket: 'my-bucket', key: 'K$1', secret: 'S#"2', region: 'eu-west-1', multipart: false };

  test('added to the empty list of the real sdk.conf, after its commented example', () => {
    const out = editClearmlConf(INIT, [{ kind: 's3-credentials', entry }]);
    assert.deepEqual(get(parse(out), 'sdk.aws.s3.credentials'), [entry]);
    const expected = parse(INIT);
    setIn(expected, ['sdk', 'aws', 's3', 'credentials'], [entry]);
    assert.deepEqual(parse(out), expected);
    assert.ok(out.includes('# }\n                {\n                    bucket: "my-bucket"\n'), out.slice(out.indexOf('credentials: ['), out.indexOf('credentials: [') + 900));
  });

  test('a second entry is appended; an entry with the same bucket+host is updated in place', () => {
    let out = editClearmlConf(INIT, [{ kind: 's3-credentials', entry }]);
    out = editClearmlConf(out, [{ kind: 's3-credentials', entry: { host: 'minio:9000', key: 'mk', secret: 'ms', secure: false, multipart: false } }]);
    out = editClearmlConf(out, [{ kind: 's3-credentials', entry: { bucket: 'my-bucket', secret: 'NEW', token: 't' } }]);
    assert.deepEqual(get(parse(out), 'sdk.aws.s3.credentials'), [
      { bucket: 'my-bucket', key: 'K$1', secret: 'NEW', region: 'eu-west-1', multipart: false, token: 't' },
      { host: 'minio:9000', key: 'mk', secret: 'ms', multipart: false, secure: false },
    ]);
  });

  test('inline list and missing key', () => {
    const a = editClearmlConf('sdk.aws.s3.credentials: []\n', [{ kind: 's3-credentials', entry: { bucket: 'b' } }]);
    assert.deepEqual(parse(a), { sdk: { aws: { s3: { credentials: [{ bucket: 'b' }] } } } });
    const b = editClearmlConf('api { api_server: x }\n', [{ kind: 's3-credentials', entry: { bucket: 'b', key: 'k' } }]);
    assert.deepEqual(parse(b), { api: { api_server: 'x' }, sdk: { aws: { s3: { credentials: [{ bucket: 'b', key: 'k' }] } } } });
    const c = editClearmlConf('sdk {\n  aws {\n    s3 {\n      credentials: [ { bucket: "a" } ]\n    }\n  }\n}\n', [{ kind: 's3-credentials', entry: { bucket: 'b' } }]);
    assert.deepEqual(get(parse(c), 'sdk.aws.s3.credentials'), [{ bucket: 'a' }, { bucket: 'b' }]);
  });

  test('a credentials value that is not a literal list is refused', () => {
    assert.throws(() => editClearmlConf('x: []\nsdk.aws.s3.credentials: ${x}\n', [{ kind: 's3-credentials', entry: { bucket: 'b' } }]),
      (e: unknown) => e instanceof ConfigParseError && e.line === 2 && /not a plain \[ \.\.\. \] list/.test(e.reason));
  });
});

/** Files in canonical style: values written as the editor writes them, so the reverse edit restores the bytes. */
const templates: { name: string; text: string; bare: boolean }[] = [
  { name: 'clearml-init output', text: INIT, bare: true },
  { name: 'docs template', text: fixture('sdk_v217_docs_clearml.conf'), bare: true },
  { name: 'dotted keys', text: '# x\napi.api_server: https://api.a\napi.web_server: https://app.a\napi.files_server: https://files.a\napi.credentials.access_key: "A"\napi.credentials.secret_key: "B"\n', bare: true },
  { name: 'quoted values, CRLF, braced root', text: '{\r\n  api {\r\n    "api_server" = "https://api.a"\r\n    "web_server" = "https://app.a"\r\n    "files_server" = "https://f.a"\r\n    credentials { "access_key" = "A", "secret_key" = "B" }\r\n  }\r\n}\r\n', bare: false },
];

const safeUrl = fc.tuple(fc.constantFrom('http', 'https'), fc.stringMatching(/^[a-z0-9-]{1,10}(\.[a-z]{2,4}){1,2}$/), fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }))
  .map(([s, h, p]) => `${s}://${h}${p === undefined ? '' : `:${p}`}`);
const anyString = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 10 }), fc.constantFrom('$', '#', '"', '\\', 'a b', 'x?y'));

describe('editClearmlConf: properties', () => {
  for (const t of templates) {
    test(`${t.name}: an edit then the reverse edit gives the original bytes`, () => {
      const orig = parse(t.text);
      const keys = ['api_server', 'web_server', 'files_server'] as const;
      fc.assert(fc.property(fc.constantFrom(...keys), t.bare ? safeUrl : fc.oneof(safeUrl, anyString), fc.oneof(fc.stringMatching(/^[A-Z0-9]{1,24}$/), t.bare ? fc.stringMatching(/^[A-Z0-9]{1,24}$/) : anyString), (key, url, secret) => {
        const back: ConfEdit[] = [
          { kind: 'api', key, value: get(orig, `api.${key}`) as string },
          { kind: 'credentials', accessKey: get(orig, 'api.credentials.access_key') as string, secretKey: get(orig, 'api.credentials.secret_key') as string },
        ];
        const edited = editClearmlConf(t.text, [{ kind: 'api', key, value: url }, { kind: 'credentials', accessKey: 'NEW', secretKey: secret }]);
        assert.equal(editClearmlConf(edited, back), t.text);
      }), { numRuns: 50 });
    });

    test(`${t.name}: parse(edit(text)) has the new values and everything else equal`, () => {
      const orig = parse(t.text);
      fc.assert(fc.property(anyString, anyString, anyString, (url, ak, sk) => {
        const out = editClearmlConf(t.text, [{ kind: 'api', key: 'web_server', value: url }, { kind: 'credentials', accessKey: ak, secretKey: sk }]);
        const expected = structuredClone(orig);
        setIn(expected, ['api', 'web_server'], url);
        setIn(expected, ['api', 'credentials', 'access_key'], ak);
        setIn(expected, ['api', 'credentials', 'secret_key'], sk);
        assert.deepEqual(parse(out), expected);
      }), { numRuns: 50 });
    });
  }

  test('s3 entries: parse(edit(text)) has the entry and everything else equal', () => {
    const orig = parse(INIT);
    fc.assert(fc.property(anyString, anyString, anyString, fc.boolean(), (bucket, key, secret, multipart) => {
      const entry = { bucket, key, secret, multipart };
      const out = editClearmlConf(INIT, [{ kind: 's3-credentials', entry }]);
      const expected = structuredClone(orig);
      setIn(expected, ['sdk', 'aws', 's3', 'credentials'], [entry]);
      assert.deepEqual(parse(out), expected);
    }), { numRuns: 50 });
  });
});

describe('writeConfAtomic', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'clearml-conf-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  test('new file: parent created, mode 0600, no backup, no temp file left', async () => {
    const file = path.join(dir, 'new', 'sub', 'clearml.conf');
    const r = await writeConfAtomic(file, 'api { }\n');
    assert.equal(r.backupPath, undefined);
    assert.equal(readFileSync(file, 'utf8'), 'api { }\n');
    if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(path.dirname(file)), ['clearml.conf']);
  });

  test('existing file: previous content kept as .bak, existing mode kept', async () => {
    const file = path.join(dir, 'clearml.conf');
    writeFileSync(file, 'old\n');
    chmodSync(file, 0o640);
    const r = await writeConfAtomic(file, 'new\n');
    assert.equal(r.backupPath, `${file}.bak`);
    assert.equal(readFileSync(`${file}.bak`, 'utf8'), 'old\n');
    assert.equal(readFileSync(file, 'utf8'), 'new\n');
    if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o777, 0o640);
    const r2 = await writeConfAtomic(file, 'newer\n');
    assert.equal(readFileSync(r2.backupPath!, 'utf8'), 'new\n');
    assert.deepEqual(readdirSync(dir).sort(), ['clearml.conf', 'clearml.conf.bak', 'new']);
  });
});

describe('editClearmlConf: hidden or impossible targets', () => {
  test('an assignment hidden by a later one: the value is appended where it wins', () => {
    const text = 'api { api_server: a }\napi = null\napi { web_server: w }\n';
    const out = editClearmlConf(text, [{ kind: 'api', key: 'api_server', value: 'https://new' }]);
    assert.equal(get(parse(out), 'api.api_server'), 'https://new');
    assert.ok(out.startsWith(text.trimEnd()));
  });

  test('api holding a scalar is refused with a clear reason', () => {
    assert.throws(() => editClearmlConf('# mine\napi: "not an object"\n', [{ kind: 'api', key: 'api_server', value: 'x' }]),
      (e: unknown) => e instanceof ConfigParseError && e.line === 2 && /'api' is not an object/.test(e.reason));
  });
});

describe('editClearmlConf: every real file', () => {
  test('all edit kinds on every fixture read back, with everything else equal', () => {
    for (const name of fixtureNames()) {
      const text = fixture(name);
      const entry = { bucket: 'bk', key: 'k', secret: 's"#$' };
      const out = editClearmlConf(text, [
        { kind: 'api', key: 'api_server', value: 'https://api.q' },
        { kind: 'api', key: 'web_server', value: 'https://app.q' },
        { kind: 'api', key: 'files_server', value: 'https://files.q' },
        { kind: 'credentials', accessKey: 'AK', secretKey: 'S"#$\\' },
        { kind: 's3-credentials', entry },
      ]);
      const expected = parse(text);
      setIn(expected, ['api', 'api_server'], 'https://api.q');
      setIn(expected, ['api', 'web_server'], 'https://app.q');
      setIn(expected, ['api', 'files_server'], 'https://files.q');
      setIn(expected, ['api', 'credentials', 'access_key'], 'AK');
      setIn(expected, ['api', 'credentials', 'secret_key'], 'S"#$\\');
      const list = get(expected, 'sdk.aws.s3.credentials');
      setIn(expected, ['sdk', 'aws', 's3', 'credentials'], [...(Array.isArray(list) ? list : []), entry]);
      assert.deepEqual(parse(out), expected, name);
      const kept = (t: string) => t.split('\n').filter((l) => /^\s*(#|\/\/|$)/.test(l));
      for (const line of kept(text)) assert.ok(out.includes(line), `${name}: lost ${JSON.stringify(line)}`);
    }
  });
});

describe('summarizeConfEdits: what a confirmation dialog lists', () => {
  test('old → new for hosts and access keys, secrets by name only, unchanged values left out', () => {
    const text = 'api {\n  api_server: http://old:8008\n  web_server: http://keep:8080\n  credentials { access_key: OLDKEY, secret_key: OLDSECRET }\n}\n';
    const lines = summarizeConfEdits(text, [
      { kind: 'api', key: 'api_server', value: 'https://api.new.com' },
      { kind: 'api', key: 'web_server', value: 'http://keep:8080' },
      { kind: 'api', key: 'files_server', value: 'https://files.new.com' },
      { kind: 'credentials', accessKey: 'NEWKEY', secretKey: 'NEWSECRET' },
    ]);
    assert.deepEqual(lines, [
      'api.api_server: http://old:8008 → https://api.new.com',
      'api.files_server: (not set) → https://files.new.com',
      'api.credentials.access_key: OLDKEY → NEWKEY',
      'api.credentials.secret_key: replaced (value hidden)',
    ]);
    assert.deepEqual(summarizeConfEdits('', [{ kind: 'credentials', accessKey: 'K', secretKey: 'S' }]),
      ['api.credentials.access_key: (not set) → K', 'api.credentials.secret_key: set (value hidden)']);
  });

  test('storage credentials: added or updated entries by bucket and host, never the secret', () => {
    const text = 'sdk.aws.s3.credentials: [{ bucket: datasets, key: A, secret: OLD }]\n';
    const lines = summarizeConfEdits(text, [
      { kind: 's3-credentials', entry: { bucket: 'datasets', key: 'A', secret: 'NEW-S3-SECRET' } },
      { kind: 's3-credentials', entry: { bucket: 'models', host: 'minio:9000', key: 'M', secret: 'M-SECRET' } },
    ]);
    assert.deepEqual(lines, [
      'sdk.aws.s3.credentials: updates bucket "datasets", key A (secret hidden)',
      'sdk.aws.s3.credentials: adds bucket "models", host minio:9000, key M (secret hidden)',
    ]);
    assert.ok(!lines.join('').includes('SECRET'));
  });
});
