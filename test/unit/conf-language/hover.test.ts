import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { hoverConf, type HoverOptions } from '../../../src/core/conf-language';
import { caret } from './caret';

function hoverAt(marked: string, options?: HoverOptions) {
  const { text, position } = caret(marked);
  return hoverConf(text, position, options);
}

const CONF = 'api {\n  api_ser|ver: "http://file:8008"\n}\n';

describe('hoverConf: what the key is', () => {
  it('describes the key: type, defaults (file and code), variables and how, reader', () => {
    const h = hoverAt('sdk.development.task_reuse_time_window_in_h|ours: 5')!;
    assert.equal(h.key, 'sdk.development.task_reuse_time_window_in_hours');
    assert.match(h.markdown, /number/);
    assert.match(h.markdown, /`72` in the default file, `24` in the code/);
    assert.match(h.markdown, /read by the SDK/);
    const api = hoverAt(CONF)!;
    assert.match(api.markdown, /`CLEARML_API_HOST`, `TRAINS_API_HOST` override this file/);
    assert.match(api.markdown, /the SDK and clearml-agent/);
  });

  it('works on the value too, in nested blocks, dotted keys and list entries; nothing on unknown keys', () => {
    assert.equal(hoverAt('api { api_server: "http://fi|le:8008" }')!.key, 'api.api_server');
    assert.equal(hoverAt('sdk.aws.s3.credentials: [ { bucket: b, sec|ure: false } ]')!.key, 'sdk.aws.s3.credentials[].secure');
    assert.equal(hoverAt('sdk { aws.s|3 { } }')!.key, 'sdk.aws.s3');
    assert.equal(hoverAt('agent.docker_def|ault.image: x'), undefined);
  });
});

describe('hoverConf: clearml-agent\'s CLEARML_AGENT__<PATH> variables (clearml_agent/backend_config/config.py Config._read_extra_env_config_values)', () => {
  const POETRY = 'agent.package_manager.poetry_ver|sion: "1.7.0"';

  it('an agent-only key: the variable is named, and when set it is the value, parsed as HOCON, over the file', () => {
    assert.match(hoverAt(POETRY)!.markdown, /clearml-agent also reads `CLEARML_AGENT__AGENT__PACKAGE_MANAGER__POETRY_VERSION`/);
    assert.deepEqual(hoverAt(POETRY, { env: { CLEARML_AGENT__AGENT__PACKAGE_MANAGER__POETRY_VERSION: '"1.8.2"' } })!.effective,
      { value: '1.8.2', source: 'env', from: 'CLEARML_AGENT__AGENT__PACKAGE_MANAGER__POETRY_VERSION' });
    // only the prefix is case-sensitive: the agent lower-cases the path
    assert.equal(hoverAt(POETRY, { env: { CLEARML_AGENT__agent__Package_Manager__poetry_version: '2.0' } })!.effective!.from, 'CLEARML_AGENT__agent__Package_Manager__poetry_version');
    assert.equal(hoverAt(POETRY, { env: { clearml_agent__AGENT__PACKAGE_MANAGER__POETRY_VERSION: '2.0' } })!.effective!.source, 'file');
  });

  it('a variable naming a parent sets the key too; a deeper one sorts after it and wins; an object merges over the file\'s', () => {
    assert.deepEqual(hoverAt(POETRY, { env: { CLEARML_AGENT__AGENT__PACKAGE_MANAGER: '{poetry_version: "2.0"}' } })!.effective,
      { value: '2.0', source: 'env', from: 'CLEARML_AGENT__AGENT__PACKAGE_MANAGER' });
    assert.equal(hoverAt(POETRY, { env: { CLEARML_AGENT__AGENT__PACKAGE_MANAGER: '{type: conda}' } })!.effective!.value, '1.7.0', 'the parent\'s object lacks the key: the file\'s value stays');
    assert.deepEqual(hoverAt(POETRY, { env: { CLEARML_AGENT__AGENT__PACKAGE_MANAGER: '{poetry_version: "2.0"}', CLEARML_AGENT__AGENT__PACKAGE_MANAGER__POETRY_VERSION: '"3.0"' } })!.effective,
      { value: '3.0', source: 'env', from: 'CLEARML_AGENT__AGENT__PACKAGE_MANAGER__POETRY_VERSION' });
    const object = hoverAt('agent.package_ma|nager { type: pip, poetry_version: "1.7.0" }', { env: { CLEARML_AGENT__AGENT__PACKAGE_MANAGER__TYPE: 'conda' } })!;
    assert.equal(object.effective!.source, 'env');
    assert.deepEqual(JSON.parse(object.effective!.value), { type: 'conda', poetry_version: '1.7.0' });
    assert.equal(hoverAt(POETRY, { env: { CLEARML_AGENT__AGENT__DOCKER_FORCE_PULL: 'true' } })!.effective!.source, 'file', 'another path');
  });

  it('the key\'s own variable still beats it (the agent reads CLEARML_AGENT_GIT_USER in code, after the config)', () => {
    const marked = 'agent.git_u|ser: "file-user"';
    assert.equal(hoverAt(marked, { env: { CLEARML_AGENT__AGENT__GIT_USER: 'extra-user' } })!.effective!.value, 'extra-user');
    assert.equal(hoverAt(marked, { env: { CLEARML_AGENT__AGENT__GIT_USER: 'extra-user', CLEARML_AGENT_GIT_USER: 'own-user' } })!.effective!.from, 'CLEARML_AGENT_GIT_USER');
  });

  it('a secret set this way stays masked', () => {
    const h = hoverAt('agent.git_pa|ss: ""', { env: { CLEARML_AGENT__AGENT__GIT_PASS: 'Sup3rSecretToken' } })!;
    assert.equal(h.effective!.source, 'env');
    assert.doesNotMatch(JSON.stringify(h), /Sup3rSecretToken/);
  });

  it('an SDK-only key has no such variable; a key both read names it for the agent and keeps the SDK\'s value', () => {
    const sdk = hoverAt('sdk.development.task_reuse_time_window_in_h|ours: 5', { env: { CLEARML_AGENT__SDK__DEVELOPMENT__TASK_REUSE_TIME_WINDOW_IN_HOURS: '1' } })!;
    assert.doesNotMatch(sdk.markdown, /CLEARML_AGENT__/);
    assert.equal(sdk.effective!.source, 'file');
    const both = hoverAt(CONF, { env: { CLEARML_AGENT__API__API_SERVER: 'http://agent:8008' } })!;
    assert.match(both.markdown, /clearml-agent also reads `CLEARML_AGENT__API__API_SERVER` \(HOCON text\), over every file; the SDK does not/);
    assert.equal(both.effective!.source, 'file');
  });
});

describe('hoverConf: the effective value and its source', () => {
  it('this file when nothing overrides it', () => {
    assert.deepEqual(hoverAt(CONF, { fileName: '/home/u/clearml.conf' })!.effective, { value: 'http://file:8008', source: 'file', from: '/home/u/clearml.conf' });
  });

  it('env var > vault > file: the variable wins (stripped; empty means unset)', () => {
    const vaults = [{ name: 'team', format: 'hocon' as const, text: 'api.api_server: "http://vault:8008"' }];
    assert.deepEqual(hoverAt(CONF, { vaults, env: { CLEARML_API_HOST: '  http://env:8008 ' } })!.effective, { value: 'http://env:8008', source: 'env', from: 'CLEARML_API_HOST' });
    assert.deepEqual(hoverAt(CONF, { vaults, env: { CLEARML_API_HOST: '  ' } })!.effective, { value: 'http://vault:8008', source: 'vault', from: 'team' });
    assert.match(hoverAt(CONF, { vaults, env: { TRAINS_API_HOST: 'http://old:8008' } })!.markdown, /environment variable `TRAINS_API_HOST`/);
  });

  it('later enabled vaults win; disabled vaults and vaults that do not parse are skipped', () => {
    const vaults = [
      { name: 'first', format: 'hocon' as const, text: 'api.api_server: "http://first:8008"' },
      { name: 'second', format: 'hocon' as const, text: 'api { api_server: "http://second:8008"' },
      { name: 'third', format: 'json' as const, text: '{"api": {"api_server": "http://third:8008"}}', enabled: false },
    ];
    assert.deepEqual(hoverAt(CONF, { vaults })!.effective, { value: 'http://first:8008', source: 'vault', from: 'first' });
    vaults[1].text = 'api { api_server: "http://second:8008" }';
    assert.equal(hoverAt(CONF, { vaults })!.effective!.from, 'second');
  });

  it('vault texts are read as HOCON whatever their declared format (session.py _read_vaults)', () => {
    // declared YAML, written in HOCON: the SDK uses it
    const hocon = [{ name: 'y', format: 'yaml' as const, text: 'api { api_server: "http://hocon-in-yaml:8008" }' }];
    assert.equal(hoverAt(CONF, { vaults: hocon })!.effective!.value, 'http://hocon-in-yaml:8008');
    // YAML block syntax read as HOCON is `api: ""` then a stray line: it does not parse, so the vault is skipped
    const yaml = [{ name: 'y', format: 'yaml' as const, text: 'api:\n  api_server: http://yaml:8008\n' }];
    assert.equal(hoverAt(CONF, { vaults: yaml })!.effective!.source, 'file');
  });

  it('the SDK default when no layer sets the key (the default file first, else the code)', () => {
    assert.deepEqual(hoverAt('sdk.development.task_reuse_time_window_in_h|ours: ${?UNSET_VARIABLE_Q}')!.effective, { value: '72', source: 'default', from: 'SDK default' });
    assert.deepEqual(hoverAt('api.ssl_error_count_verbo|sity: ${?UNSET_VARIABLE_Q}')!.effective, { value: '2', source: 'default', from: 'SDK default' });
  });

  it('a fallback variable (AWS_SESSION_TOKEN) applies only when the files leave the key empty', () => {
    const env = { AWS_PROFILE: 'from-env' };
    assert.equal(hoverAt('sdk.aws.s3.prof|ile: "from-file"', { env })!.effective!.source, 'file');
    assert.deepEqual(hoverAt('sdk.aws.s3.prof|ile: ""', { env })!.effective, { value: 'from-env', source: 'env', from: 'AWS_PROFILE' });
  });

  it('role vault: env > later vaults > this vault > earlier vaults > clearml.conf', () => {
    const vaults = [
      { name: 'early', format: 'hocon' as const, text: 'sdk.development.default_output_uri: "s3://early/x"' },
      { name: 'mine', format: 'hocon' as const, text: '' },
      { name: 'late', format: 'hocon' as const, text: 'sdk.development.default_output_uri: "s3://late/x"' },
    ];
    const marked = 'sdk.development.default_outp|ut_uri: "s3://mine/x"';
    const confText = 'sdk.development.default_output_uri: "s3://conf/x"';
    assert.equal(hoverAt(marked, { role: 'vault', fileName: 'mine', vaults, confText })!.effective!.from, 'late');
    assert.deepEqual(hoverAt(marked, { role: 'vault', fileName: 'mine', vaults: vaults.slice(0, 2), confText })!.effective, { value: 's3://mine/x', source: 'vault', from: 'mine' });
    assert.equal(hoverAt('sdk.development.default_out|put_uri: ${?UNSET_VARIABLE_Q}', { role: 'vault', fileName: 'mine', vaults: vaults.slice(0, 2), confText })!.effective!.from, 'early');
    assert.deepEqual(hoverAt('sdk.development.default_out|put_uri: ${?UNSET_VARIABLE_Q}', { role: 'vault', fileName: 'mine', vaults: vaults.slice(1, 2), confText })!.effective, { value: 's3://conf/x', source: 'file', from: 'clearml.conf' });
    assert.equal(hoverAt(marked, { role: 'vault', fileName: 'mine', vaults, confText, env: { CLEARML_DEFAULT_OUTPUT_URI: 's3://env/x' } })!.effective!.source, 'env');
  });

  it('a YAML vault is read as HOCON: what that reading does not set comes from below, and the hover says so', () => {
    const h = hoverAt('sdk:\n  development:\n    default_outp|ut_uri: s3://mine/x\n', { role: 'vault', format: 'yaml', fileName: 'mine', confText: 'sdk.development.default_output_uri: "s3://conf/x"' })!;
    assert.deepEqual(h.effective, { value: 's3://conf/x', source: 'file', from: 'clearml.conf' });
    assert.match(h.markdown, /Read as HOCON, as the SDK reads every vault, this YAML does not set this key/);
    const broken = hoverAt('sdk.development.default_outp|ut_uri: [', { role: 'vault', fileName: 'mine', confText: 'sdk.development.default_output_uri: "s3://conf/x"' })!;
    assert.match(broken.markdown, /does not parse as HOCON, so the SDK skips it/);
  });

  it('a list entry is not used when a higher layer replaces the list', () => {
    const vaults = [{ name: 'v', format: 'hocon' as const, text: 'sdk.aws.s3.credentials: [ { bucket: other, key: k, secret: s } ]' }];
    const h = hoverAt('sdk.aws.s3.credentials: [ { buc|ket: mine, key: k, secret: s } ]', { vaults })!;
    assert.equal(h.effective!.source, 'vault');
    assert.match(h.effective!.value, /not used/);
  });
});

describe('hoverConf: no secret is ever shown', () => {
  const SECRET = 'Sup3rS3cretValue';
  const text = `api {\n  credentials {\n    access_key: "AKEY1234567"\n    secret_key: "${SECRET}"\n  }\n}\nsdk.aws.s3 { key: "AWSKEYID", secret: "${SECRET}" }\nagent.git_pass: "${SECRET}"\n`;
  const lines = text.split('\n');
  const cases: [string, number, number][] = [
    ['secret_key', 3, 6], ['credentials section', 1, 4], ['api section', 0, 1], ['s3 secret', 6, 28], ['s3 section', 6, 9], ['git_pass', 7, 8],
  ];
  for (const [what, line, character] of cases) {
    it(`not in the markdown nor the effective value: ${what}`, () => {
      const h = hoverConf(text, { line, character })!;
      assert.ok(h, `${what}: ${lines[line]}`);
      assert.ok(!JSON.stringify(h).includes(SECRET), JSON.stringify(h));
    });
  }

  it('not the value of a secret environment variable', () => {
    const h = hoverConf(text, { line: 3, character: 6 }, { env: { CLEARML_API_SECRET_KEY: 'EnvS3cretValue' } })!;
    assert.equal(h.effective!.source, 'env');
    assert.ok(!JSON.stringify(h).includes('EnvS3cretValue'));
  });

  it('not in a section merged from a vault', () => {
    const h = hoverConf(text, { line: 1, character: 4 }, { vaults: [{ name: 'v', format: 'json', text: '{"api": {"credentials": {"secret_key": "VaultS3cret"}}}' }] })!;
    assert.ok(!JSON.stringify(h).includes('VaultS3cret'));
    assert.ok(!JSON.stringify(h).includes(SECRET));
  });
});
