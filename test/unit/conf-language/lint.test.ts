import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintConf, type ConfDiagnostic } from '../../../src/core/conf-language';
import { applyEdits, covered } from './caret';

const FIXTURES = path.join(__dirname, '../../../../test/fixtures/config');

function only(text: string, code: string, options?: Parameters<typeof lintConf>[1]): ConfDiagnostic {
  const found = lintConf(text, options).filter((d) => d.code === code);
  assert.equal(found.length, 1, `one ${code} expected in ${JSON.stringify(text)}, got ${JSON.stringify(lintConf(text, options), null, 1)}`);
  return found[0];
}

function problems(text: string, options?: Parameters<typeof lintConf>[1]): ConfDiagnostic[] {
  return lintConf(text, options).filter((d) => d.severity === 'error' || d.severity === 'warning');
}

describe('lintConf: the SDK\'s and the agent\'s own example files', () => {
  const files = fs.readdirSync(FIXTURES).filter((f) => /^(real_.*|sdk_v217_.*)\.conf$/.test(f));
  it('covers the 13 example files', () => assert.equal(files.length, 13));
  for (const f of files) {
    it(`${f}: no warning and no error (hints and information about legacy / unread keys only)`, () => {
      const text = fs.readFileSync(path.join(FIXTURES, f), 'utf8');
      const found = lintConf(text);
      assert.deepEqual(problems(text).map((d) => `${d.line + 1}: ${d.code} ${d.message}`), []);
      for (const d of found) assert.ok(d.code === 'legacy-key' || d.code === 'not-read', `${f}:${d.line + 1} ${d.code}`);
    });
  }
  it('reads a section file (the SDK\'s default sdk.conf, a braced root without "sdk") as that section', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'real_clearml_default_sdk.conf'), 'utf8');
    const hint = lintConf(text).find((d) => d.code === 'not-read');
    assert.match(hint!.key!, /^sdk\./);
  });
});

describe('lintConf: codes', () => {
  it('parse-error at the parser\'s line:column, and no unknown-key guesses after it', () => {
    const text = 'api {\n  api_server: "http://h:8008"\n  bogus_key: 1\n  web_server = = x\n}\n';
    const d = only(text, 'parse-error');
    assert.equal(d.severity, 'error');
    assert.equal(d.line, 3);
    assert.match(d.message, /line 4, column \d+/);
    assert.equal(lintConf(text).filter((x) => x.code === 'unknown-key').length, 0);
  });

  it('unknown-key: the closest key and a rename fix (agent.docker_default, clearml#726), on the key\'s range', () => {
    const text = 'agent {\n  docker_default {\n    image: "nvidia/cuda"\n  }\n}\n';
    const d = only(text, 'unknown-key');
    assert.equal(d.severity, 'warning');
    assert.equal(covered(text, d), 'docker_default');
    assert.equal(d.key, 'agent.docker_default');
    assert.match(d.message, /default_docker/);
    assert.match(d.message, /clearml-agent ignores it/);
    const fixed = applyEdits(text, d.fixes![0].edits);
    assert.equal(problems(fixed).length, 0, fixed);
  });

  it('unknown-key in a dotted key flags the one wrong segment', () => {
    const text = 'agent.docker_default.image: x';
    const d = only(text, 'unknown-key');
    assert.equal(covered(text, d), 'docker_default');
  });

  it('unknown-key names the section a right key belongs to (api.default_output_uri)', () => {
    const d = only('api { default_output_uri: "s3://b/x" }', 'unknown-key');
    assert.match(d.message, /sdk\.development/);
  });

  it('unknown-key is an error inside an S3 entry: one unknown field disables S3 access', () => {
    const text = 'sdk.aws.s3.credentials: [\n  { host: "minio:9000", key: k, secret: s, secure: false, bukcet: b }\n]\n';
    const d = only(text, 'unknown-key');
    assert.equal(d.severity, 'error');
    assert.equal(d.key, 'sdk.aws.s3.credentials[].bukcet');
    assert.equal(covered(text, d), 'bukcet');
    assert.match(d.message, /disables all S3 access/);
    assert.equal(d.fixes![0].edits[0].newText, 'bucket');
  });

  it('never flags free-form maps: environment, files, logging (dictConfig), extra_args, match rules', () => {
    const text = [
      'environment { MY_VAR: x, OTHER: "y" }',
      'files { creds { path: "~/.x", contents: { a: 1 }, target_format: json } }',
      'logging { formatters { simple { format: "%(message)s" } }, loggers { mine { level: INFO, propagate: false } } }',
      'sdk.aws.s3.extra_args { ServerSideEncryption: "AES256" }',
      'agent.default_docker.match_rules: [ { image: "python:3.10", match: { script { repository: "x" } } } ]',
    ].join('\n');
    assert.deepEqual(problems(text), []);
  });

  it('a top-level helper object used through ${...} is not unknown; one that nothing uses is', () => {
    assert.deepEqual(problems('base { host: "minio:9000" }\nsdk.aws.s3.credentials: [ { host: ${base.host}, key: k, secret: s, secure: false } ]'), []);
    assert.equal(only('spk { x: 1 }', 'unknown-key').key, 'spk');
  });

  it('wrong-type: a quoted "false" in a boolean is TRUE for the SDK (Python truthiness); fix writes false', () => {
    const text = 'sdk.development { store_uncommitted_code_diff: "false" }';
    const d = only(text, 'wrong-type');
    assert.equal(d.severity, 'error');
    assert.equal(covered(text, d), '"false"');
    assert.match(d.message, /TRUE/);
    assert.equal(applyEdits(text, d.fixes![0].edits), 'sdk.development { store_uncommitted_code_diff: false }');
  });

  it('wrong-type: unquoted no is a string in pyhocon, so it is true as well', () => {
    assert.match(only('api.http.wait_on_maintenance_forever: no', 'wrong-type').message, /TRUE/);
  });

  it('wrong-type: a string where a number is read; a quoted number is only information', () => {
    assert.equal(only('sdk.development.task_reuse_time_window_in_hours: "three"', 'wrong-type').severity, 'warning');
    const quoted = only('sdk.development.task_reuse_time_window_in_hours: "72"', 'wrong-type');
    assert.equal(quoted.severity, 'information');
    assert.equal(quoted.fixes![0].edits[0].newText, '72');
  });

  it('wrong-type: api.http.retries counts must be integers (240.0 fails at start), backoff_factor may be a float', () => {
    assert.equal(only('api.http.retries { total: 240.0 }', 'wrong-type').severity, 'error');
    assert.deepEqual(problems('api.http.retries { backoff_factor: 1.0, total: 240 }'), []);
  });

  it('wrong-type: an object where a list is needed; docker arguments as one string', () => {
    const obj = only('sdk.aws.s3.credentials: { bucket: b, key: k, secret: s }', 'wrong-type');
    assert.equal(obj.severity, 'error');
    assert.match(obj.message, /must be a list/);
    const text = 'agent.default_docker.arguments: "--ipc=host -v /a:/b"';
    const args = only(text, 'wrong-type');
    assert.equal(applyEdits(text, args.fixes![0].edits), 'agent.default_docker.arguments: ["--ipc=host", "-v", "/a:/b"]');
  });

  it('bad-value names the allowed values and fixes the closest', () => {
    const text = 'agent.package_manager.type: pipp';
    const d = only(text, 'bad-value');
    assert.match(d.message, /pip, conda, poetry, uv/);
    assert.equal(applyEdits(text, d.fixes![0].edits), 'agent.package_manager.type: pip');
    assert.deepEqual(problems('api.http.default_method: POST\nlogging.loggers.clearml.level: DEBUG'), []);
    assert.equal(only('logging.loggers.clearml.level: debug', 'bad-value').severity, 'warning');
  });

  it('quoted-substitution: "${VAR}" is the literal text; the fix unquotes it', () => {
    const text = 'sdk.aws.s3 { key: "${AWS_ACCESS_KEY_ID}", region: "eu-${REGION}-1" }';
    const found = lintConf(text).filter((d) => d.code === 'quoted-substitution');
    assert.equal(found.length, 2);
    assert.equal(applyEdits(text, found[1].fixes![0].edits), 'sdk.aws.s3 { key: "${AWS_ACCESS_KEY_ID}", region: "eu-"${REGION}"-1" }');
    assert.equal(applyEdits(text, found[0].fixes![0].edits), 'sdk.aws.s3 { key: ${AWS_ACCESS_KEY_ID}, region: "eu-${REGION}-1" }');
  });

  it('legacy-key: api.host as information, with a rename to api_server', () => {
    const d = only('api { host: "http://h:8008" }', 'legacy-key');
    assert.equal(d.severity, 'information');
    assert.equal(d.fixes![0].edits[0].newText, 'api_server');
  });

  it('not-read: keys no program reads are hints, and the SDK\'s real spelling is named', () => {
    const d = only('sdk.metrics.matplotlib_untitled_history_size: 100', 'not-read');
    assert.equal(d.severity, 'hint');
    assert.match(d.message, /sdk\.metric\.matplotlib_untitled_history_size/);
    assert.deepEqual(lintConf('sdk.metric.matplotlib_untitled_history_size: 100'), []);
  });
});

describe('lintConf: the storage rules and the Setup Check at their lines', () => {
  it('a MinIO host without its port (storage rule host-no-port) on the host value', () => {
    const text = 'sdk.aws.s3.credentials: [\n  {\n    host: "minio.local"\n    key: k\n    secret: s\n    secure: false\n  }\n]\n';
    const d = only(text, 'host-no-port');
    assert.equal(d.severity, 'error');
    assert.equal(d.line, 2);
    assert.equal(covered(text, d), '"minio.local"');
  });

  it('an entry without credentials (s3-no-credentials) points at the entry, unless the key comes from ${?VAR}', () => {
    const text = 'sdk.aws.s3.credentials: [\n  { bucket: "b" }\n]';
    assert.equal(only(text, 's3-no-credentials').line, 1);
    assert.equal(lintConf('sdk.aws.s3.credentials: [\n  { bucket: "b", key: ${?NOT_SET_IN_ENV_X1}, secret: ${?NOT_SET_IN_ENV_X2} }\n]').filter((d) => d.code.startsWith('s3-')).length, 0);
  });

  it('the web port in api_server (Setup Check port-mixup) with the fix the Setup Check offers', () => {
    const text = 'api {\n  api_server: http://localhost:8080\n  web_server: http://localhost:8080\n}';
    const d = only(text, 'port-mixup');
    assert.equal(d.line, 1);
    assert.equal(covered(text, d), 'http://localhost:8080');
    assert.equal(applyEdits(text, d.fixes![0].edits).split('\n')[1], '  api_server: "http://localhost:8008"');
  });

  it('a localhost files server behind a remote API (Setup Check localhost-files)', () => {
    const d = only('api {\n  api_server: https://api.example.com\n  web_server: https://app.example.com\n  files_server: http://localhost:8081\n}', 'localhost-files');
    assert.equal(d.line, 3);
    assert.equal(d.severity, 'warning');
  });
});

describe('lintConf: formats', () => {
  it('JSON vaults: keys checked with JSON ranges and JSON fixes', () => {
    const text = '{\n  "agent": { "docker_default": { "image": "x" } }\n}';
    const d = only(text, 'unknown-key', { format: 'json', role: 'vault' });
    assert.equal(covered(text, d), '"docker_default"');
    assert.equal(d.fixes![0].edits[0].newText, '"default_docker"');
  });

  it('YAML vaults: a quoted "false" and an unknown S3 field, and YAML parse errors', () => {
    const text = 'sdk:\n  aws:\n    s3:\n      credentials:\n        - host: "minio:9000"\n          key: k\n          secret: s\n          secure: "false"\n          bukcet: b\n';
    const found = lintConf(text, { format: 'yaml', role: 'vault' });
    assert.ok(found.some((d) => d.code === 'wrong-type' && d.line === 7), JSON.stringify(found));
    assert.ok(found.some((d) => d.code === 'unknown-key' && d.line === 8 && d.severity === 'error'));
    assert.equal(only('a: [1, 2\nb: x', 'parse-error', { format: 'yaml' }).severity, 'error');
  });
});

describe('lintConf: values the SDK cannot resolve, at the substitution', () => {
  const lintOf = (text: string) => lintConf(text).filter((d) => d.code === 'parse-error' || d.code === 'unset-variable').map((d) => [d.code, d.severity, d.line, d.character]);

  it('a self-reference pyhocon refuses and a cycle are errors (they fail wherever the SDK runs)', () => {
    // config_parser.py resolve_substitutions: no truthy earlier value to backtrack to
    assert.deepEqual(lintOf('sdk {\n  aws.s3.key: ${?sdk.aws.s3.key}\n}\n'), [['parse-error', 'error', 1, 14]]);
    assert.deepEqual(lintOf('sdk.a: ${sdk.b}\nsdk.b: ${sdk.a}\n'), [['parse-error', 'error', 1, 7]]);
    // _fixup_self_references: 'Property agent cannot be substituted'
    assert.match(lintConf('agent += [1]\nagent += [2]\n').find((d) => d.code === 'parse-error')!.message, /cannot be substituted/);
  });

  it('a variable unset in this window is information: it may be set where the SDK runs', () => {
    const [d] = lintConf('sdk.aws.s3 {\n  key: ${AWS_KEY}\n}\n').filter((x) => x.code === 'unset-variable');
    assert.deepEqual([d.severity, d.line, d.character], ['information', 1, 7]);
    assert.match(d.message, /\$\{AWS_KEY\}.*this window's environment.*\$\{\?NAME\}/);
    assert.deepEqual(lintOf('sdk.aws.s3 {\n  key: ${?AWS_KEY}\n}\n'), [], 'an optional one is fine');
  });
});
