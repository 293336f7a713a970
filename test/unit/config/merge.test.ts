/** SDK vault merge (clearml-api.md §3): per-layer parsing and resolution, merge_configs, skipped vaults, provenance. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigParseError, mergeVaults, parseVault, sourceLabel, type VaultInput } from '../../../src/core/config/index';
import { fixture } from './fixtures';

const hocon = (name: string, text: string): VaultInput => ({ name, format: 'hocon', text });

describe('mergeVaults: SDK merge rules', () => {
  test('the verified example from clearml-api.md §3', () => {
    const r = mergeVaults('sdk { aws { s3 { key: F, region: us } }\n list: [1, 2] }\nother { x: 1 }', [
      hocon('v1', 'sdk { aws { s3 { key: V1 } }, list: [3] }'),
      hocon('v2', 'sdk.aws.s3.key: V2\nnewkey: 5'),
    ], { env: {} });
    assert.deepEqual(r.config, { sdk: { aws: { s3: { key: 'V2', region: 'us' } }, list: [3] }, other: { x: 1 }, newkey: 5 });
    assert.deepEqual(r.vaults.map((v) => v.status), ['applied', 'applied']);
  });

  test('objects merge recursively; lists, scalars and null replace; type changes allowed', () => {
    const r = mergeVaults('a { b { c: 1, d: 2 } }\nl: [1, 2]\ns: x\no { p: 1 }\nn: 5', [
      hocon('v', 'a.b.c: 9\nl: [3]\ns { now: object }\no: null\nn: [5]'),
    ], { env: {} });
    assert.deepEqual(r.config, { a: { b: { c: 9, d: 2 } }, l: [3], s: { now: 'object' }, o: null, n: [5] });
  });

  test('vaults apply in order: the later vault wins', () => {
    const r = mergeVaults('k: base', [hocon('first', 'k: one'), hocon('second', 'k: two')], { env: {} });
    assert.equal(r.config.k, 'two');
    assert.equal(r.provenance.get('k')?.source, 'second');
  });

  test('base substitutions are resolved before vaults: overriding bucket does not re-evaluate ${bucket}', () => {
    const r = mergeVaults('bucket: a\nuri: "s3://"${bucket}', [hocon('v', 'bucket: b')], { env: {} });
    assert.deepEqual(r.config, { bucket: 'b', uri: 's3://a' });
  });

  test('a vault is resolved alone: ${api.web_server} from clearml.conf fails and the vault is skipped', () => {
    const r = mergeVaults('api { web_server: https://app.clear.ml }', [hocon('uses-base', 'sdk { x: ${api.web_server} }'), hocon('ok', 'sdk { y: 1 }')], { env: {} });
    assert.equal(r.vaults[0].status, 'parse-error');
    assert.ok(r.vaults[0].error instanceof ConfigParseError);
    assert.match(r.vaults[0].error!.reason, /unresolved substitution \$\{api\.web_server\}/);
    assert.equal(r.vaults[0].error!.filename, 'uses-base');
    assert.equal(r.vaults[1].status, 'applied');
    assert.deepEqual(r.config, { api: { web_server: 'https://app.clear.ml' }, sdk: { y: 1 } });
  });

  test('a vault can use its own substitutions and the environment', () => {
    const r = mergeVaults('', [hocon('v', 'b: x\nsdk { k: ${b}, e: ${MY_SECRET} }')], { env: { MY_SECRET: 's' } });
    assert.deepEqual(r.config, { b: 'x', sdk: { k: 'x', e: 's' } });
  });

  // Every vault is read as HOCON whatever its format (clearml/backend_api/session/session.py Session._read_vaults:
  // ConfigFactory.parse_string): a YAML list or scalar does not even parse as HOCON (pyhocon ParseSyntaxException)
  test('skipped vaults: parse error (with position), empty, whitespace, comments only, root array, YAML list', () => {
    const r = mergeVaults('a: 1', [
      hocon('broken', 'sdk {\n  x: 1\n'),
      hocon('empty', ''),
      hocon('blank', '  \n\t\n'),
      hocon('comments', '# nothing here\n// nor here\n'),
      hocon('array', '[1, 2]'),
      { name: 'yaml-list', format: 'yaml', text: '- a\n- b\n' },
      { name: 'yaml-scalar', format: 'yaml', text: 'just text\n' },
      { name: 'json-array', format: 'json', text: '[{"a": 2}]' },
    ], { env: {} });
    assert.deepEqual(r.vaults.map((v) => [v.name, v.status]), [
      ['broken', 'parse-error'], ['empty', 'empty'], ['blank', 'empty'], ['comments', 'empty'], ['array', 'not-an-object'],
      ['yaml-list', 'parse-error'], ['yaml-scalar', 'parse-error'], ['json-array', 'not-an-object'],
    ]);
    assert.equal(r.vaults[0].error!.line, 1);
    assert.equal(r.vaults[0].error!.column, 5);
    assert.deepEqual(r.config, { a: 1 });
  });

  test('JSON vaults are parsed as HOCON: duplicate keys merge, quoted dotted keys stay whole', () => {
    const r = mergeVaults('', [{ name: 'j', format: 'json', text: '{"sdk": {"a": 1}, "sdk": {"b": 2}, "x.y": 3}' }], { env: {} });
    assert.deepEqual(r.config, { sdk: { a: 1, b: 2 }, 'x.y': 3 });
    assert.equal(r.provenance.get('"x.y"')?.source, 'j');
  });

  test('YAML vaults are read as HOCON, as the SDK reads them (session.py Session._read_vaults): nested YAML gives other keys', () => {
    const r = mergeVaults('sdk { aws { s3 { region: us } } }', [
      { name: 'y', format: 'yaml', text: 'sdk:\n  aws:\n    s3:\n      key: "K"\n      secret: S\n' },
      { name: 'bad', format: 'yaml', text: 'a: 1\nb: [1, 2\nc: 3\n' },
    ], { env: {} });
    // pyhocon on the same text: ConfigTree([('sdk', 'aws:'), ('s3', 'key: K'), ('secret', 'S')])
    assert.deepEqual(r.config, { sdk: 'aws:', s3: 'key: K', secret: 'S' });
    assert.equal(r.provenance.get('s3')?.line, 3);
    // pyhocon: "Expected ']', found end of text"; the SDK skips the vault
    assert.equal(r.vaults[1].status, 'parse-error');
    assert.equal(r.vaults[1].error!.line, 2);
  });

  test('a vault starting with a byte-order mark is skipped (pyhocon: "Expected end of text, found \'\\ufeff\'" at 1:1)', () => {
    const r = mergeVaults('a: 1', [{ name: 'bom', format: 'hocon', text: '\uFEFFsdk.b: 2' }, { name: 'ok', format: 'hocon', text: 'sdk.c: 3' }], { env: {} });
    assert.deepEqual(r.vaults.map((v) => v.status), ['parse-error', 'applied']);
    assert.deepEqual([r.vaults[0].error?.line, r.vaults[0].error?.column], [1, 1]);
    assert.match(r.vaults[0].error!.reason, /byte-order mark/);
    assert.deepEqual(r.config, { a: 1, sdk: { c: 3 } });
  });

  // Vendored clearml/utilities/pyhocon/config_parser.py ConfigParser._do_substitute writes a substituted list element
  // back with parent[key] = result (key: its index as parsed), and deletes a None result when `key in parent`, which
  // for a list asks whether an element EQUALS the index. Each expectation below is the SDK's pyhocon run on the text.
  test('${?UNSET} in a list: a null element, unless an element equals its index (then removed) or the index is gone (error)', () => {
    const parse = (text: string) => mergeVaults('', [{ name: 'v', format: 'hocon', text }], { env: {} });
    const list = (text: string) => (parse(text).config as { a: unknown }).a;
    assert.deepEqual(list('a: [${?UNSET}]'), [null]);
    assert.deepEqual(list('a: [${?UNSET}, 1]'), [null, 1]);
    assert.deepEqual(list('a: [${?UNSET}, ${?UNSET}]'), [null, null]);
    assert.deepEqual(list('a: [${?U}, ${?U2}, 0]'), [null, null]);
    assert.deepEqual(list('x: null\na: [${x}, 5]'), [null, 5]);
    assert.deepEqual(list('a: [1, ${?UNSET}, 2]'), [1, 2]);
    assert.deepEqual(list('a: [1, ${?UNSET}]'), [1]);
    const broken = parse('a: [1, ${?UNSET}, 2, ${?UNSET}]').vaults[0];
    assert.equal(broken.status, 'parse-error', 'pyhocon raises IndexError: the SDK skips the vault');
    assert.deepEqual([broken.error?.line, broken.error?.column], [1, 22]);
    assert.match(broken.error!.reason, /IndexError/);
  });

  test('a base that does not parse throws ConfigParseError', () => {
    assert.throws(() => mergeVaults('a {', [], { env: {} }), ConfigParseError);
  });
});

describe('mergeVaults: provenance', () => {
  const base = 'api {\n  api_server: https://api.clear.ml\n  web_server: https://app.clear.ml\n}\nagent {\n  worker_id: w1\n  git_user: me\n}\nsdk.aws.s3.credentials: []\n';
  const r = mergeVaults(base, [
    hocon('team', 'api {\n  web_server: https://app.clear.ml\n}\nagent.worker_id: other\nsdk {\n  aws.s3.region: eu\n}\n'),
    hocon('mine', '\n\napi.api_server: http://localhost:8008\n'),
  ], { env: {}, baseFilename: '/home/u/clearml.conf' });

  test('one entry per leaf, with the source and line of the value', () => {
    assert.deepEqual([...r.provenance.keys()].sort(), ['agent.git_user', 'agent.worker_id', 'api.api_server', 'api.web_server', 'sdk.aws.s3.credentials', 'sdk.aws.s3.region']);
    assert.deepEqual(r.provenance.get('agent.git_user'), { path: 'agent.git_user', segments: ['agent', 'git_user'], source: 'base', line: 7, change: 'base', agentProtected: false });
    assert.equal(r.provenance.get('sdk.aws.s3.credentials')?.line, 9);
  });

  test('overridden keeps the previous value; unchanged when a vault sets the same value; added for new keys', () => {
    assert.deepEqual(r.provenance.get('api.api_server'), {
      path: 'api.api_server', segments: ['api', 'api_server'], source: 'mine', line: 3, change: 'overridden', previous: 'https://api.clear.ml', agentProtected: false,
    });
    assert.equal(r.provenance.get('api.web_server')?.change, 'unchanged');
    assert.equal(r.provenance.get('api.web_server')?.source, 'team');
    assert.equal(r.provenance.get('api.web_server')?.line, 2);
    assert.equal(r.provenance.get('sdk.aws.s3.region')?.change, 'added');
    assert.equal(r.provenance.get('sdk.aws.s3.region')?.line, 6);
  });

  test('agent keys the agent refuses to take from a vault are flagged', () => {
    const e = r.provenance.get('agent.worker_id')!;
    assert.equal(e.agentProtected, true);
    assert.equal(e.source, 'team');
    assert.equal(e.previous, 'w1');
    const all = mergeVaults('', [hocon('v', 'agent { cuda_version: 11, cudnn_version: 8, default_python: 3.10, worker_name: x, debug: true, docker_force_pull: true }')], { env: {} });
    const flagged = [...all.provenance.values()].filter((p) => p.agentProtected).map((p) => p.path).sort();
    assert.deepEqual(flagged, ['agent.cuda_version', 'agent.cudnn_version', 'agent.debug', 'agent.default_python', 'agent.worker_name']);
  });

  test('a vault replacing an object with a scalar removes the old leaves', () => {
    const m = mergeVaults('a { b: 1, c: 2 }', [hocon('v', 'a: 5')], { env: {} });
    assert.deepEqual([...m.provenance.keys()], ['a']);
    assert.deepEqual(m.provenance.get('a')?.previous, { b: 1, c: 2 });
  });

  test('real clearml-init base with a realistic vault', () => {
    const m = mergeVaults(fixture('merge_realistic_enterprise_base.conf'), [
      hocon('company', 'sdk { aws { s3 { credentials: [ { bucket: "team-bucket", key: "K", secret: "S" } ] } } }\nagent { default_python: 3.9 }'),
    ], { env: {} });
    assert.deepEqual((m.config.sdk as { aws: { s3: { credentials: unknown } } }).aws.s3.credentials, [{ bucket: 'team-bucket', key: 'K', secret: 'S' }]);
    assert.equal(m.provenance.get('sdk.aws.s3.credentials')?.change, 'overridden');
    assert.equal(m.provenance.get('agent.default_python')?.agentProtected, true);
    assert.equal(m.provenance.get('api.api_server')?.source, 'base');
  });
});

describe('parseVault', () => {
  test('formats', () => {
    assert.deepEqual(parseVault('a: b', 'hocon'), { a: 'b' });
    assert.deepEqual(parseVault('{"a": {"b": [1, true, null]}}', 'json'), { a: { b: [1, true, null] } });
    assert.deepEqual(parseVault('a:\n  b: [1, true, null]\n', 'yaml'), { a: { b: [1, true, null] } });
    assert.deepEqual(parseVault('', 'yaml'), {});
  });
  test('YAML errors and non-objects', () => {
    assert.throws(() => parseVault('a: [1\n', 'yaml', { filename: 'v.yaml' }), (e: unknown) => e instanceof ConfigParseError && e.filename === 'v.yaml' && /^YAML: /.test(e.reason));
    assert.throws(() => parseVault('a: 1\na: 2\n', 'yaml'), (e: unknown) => e instanceof ConfigParseError && e.line === 2);
    assert.throws(() => parseVault('- 1\n', 'yaml'), (e: unknown) => e instanceof ConfigParseError && /mapping/.test(e.reason));
  });
});

describe('sourceLabel: where a merged path was set, for messages', () => {
  test('the base file by the given name, a vault by its name, each with its line; unset paths have none', () => {
    const r = mergeVaults('sdk {\n  a: 1\n  b: 2\n}', [hocon('vault "V"', 'sdk.b: 3')]);
    assert.equal(sourceLabel(r, 'sdk.a', '/home/u/clearml.conf'), '/home/u/clearml.conf:2');
    assert.equal(sourceLabel(r, 'sdk.b', '/home/u/clearml.conf'), 'vault "V":1');
    assert.equal(sourceLabel(r, 'sdk.c', '/home/u/clearml.conf'), undefined);
    assert.equal(sourceLabel(undefined, 'sdk.a', 'x'), undefined);
  });
});
