/** The real ClearML files (default configs, templates, clearml-init output) parse to sensible values. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHocon, type ConfigObject, type ConfigValue } from '../../../src/core/config/index';
import { fixture, fixtureNames } from './fixtures';

function at(cfg: ConfigObject, dotted: string): ConfigValue | undefined {
  let cur: ConfigValue | undefined = cfg;
  for (const s of dotted.split('/')) cur = cur !== null && typeof cur === 'object' && !Array.isArray(cur) ? cur[s] : undefined;
  return cur;
}

const parse = (name: string) => parseHocon(fixture(name), { env: {}, filename: name });

describe('real ClearML files', () => {
  test('every fixture parses to a non-empty object', () => {
    const names = fixtureNames();
    assert.ok(names.length >= 15, `fixtures: ${names.join(', ')}`);
    for (const name of names) assert.ok(Object.keys(parse(name)).length > 0, name);
  });

  test('default sdk.conf (braced root): storage, aws, numbers, URLs', () => {
    const sdk = parse('real_clearml_default_sdk.conf');
    assert.equal(at(sdk, 'storage/cache/default_base_dir'), '~/.clearml/cache');
    assert.deepEqual(at(sdk, 'storage/direct_access'), [{ url: 'file://*' }]);
    assert.deepEqual(at(sdk, 'aws/s3/credentials'), []);
    assert.equal(at(sdk, 'aws/s3/use_credentials_chain'), false);
    assert.equal(at(sdk, 'aws/boto3/multipart_threshold'), 8388608);
    assert.equal(at(sdk, 'development/task_reuse_time_window_in_hours'), 72);
    assert.equal(at(sdk, 'metrics/images/format'), 'JPEG');
    assert.deepEqual(at(sdk, 'google/storage'), {});
  });

  test('default api.conf: True is a boolean, 1.5 a number, null stays null', () => {
    const api = parse('real_clearml_default_api.conf');
    assert.equal(api.verify_certificate, true);
    assert.equal(api.version, 1.5);
    assert.equal(at(api, 'http/max_req_size'), 15728640);
    assert.equal(at(api, 'http/retries/backoff_max'), 120);
    assert.equal(at(api, 'auth/req_token_expiration_sec'), null);
    assert.equal(api.api_server, '');
  });

  test('logging.conf keeps "boto.perf" as one key', () => {
    const log = parse('real_clearml_default_logging.conf');
    assert.equal(at(log, 'loggers/boto.perf/level'), 'WARNING');
    assert.equal(log.disable_existing_loggers, 0);
  });

  test('clearml-init output: unquoted URLs, web-UI credentials, then sdk { ... }', () => {
    const cfg = parse('clearml_init_generated.conf');
    assert.equal(at(cfg, 'api/api_server'), 'https://api.clear.ml');
    assert.equal(at(cfg, 'api/web_server'), 'https://app.clear.ml');
    assert.equal(at(cfg, 'api/files_server'), 'https://files.clear.ml');
    assert.equal(at(cfg, 'api/credentials/access_key'), 'Q1W2E3R4T5Y6U7I8O9P0ASDF');
    assert.equal(at(cfg, 'sdk/storage/cache/default_base_dir'), '~/.clearml/cache');
  });

  test('SDK docs template: localhost servers', () => {
    const cfg = parse('sdk_v217_docs_clearml.conf');
    assert.equal(at(cfg, 'api/api_server'), 'http://localhost:8008');
    assert.equal(at(cfg, 'api/web_server'), 'http://localhost:8080');
    assert.equal(at(cfg, 'api/files_server'), 'http://localhost:8081');
  });

  test('agent defaults: version specifiers with spaces and quotes, docker match rules', () => {
    const agent = parse('real_agent_default_agent.conf');
    assert.equal(agent.worker_id, '');
    const pip = at(agent, 'package_manager/pip_version') as string[];
    assert.ok(pip.includes("<20.2 ; python_version < '3.10'"), JSON.stringify(pip));
    assert.equal(at(agent, 'venvs_dir'), '~/.clearml/venvs-builds');
    const rules = at(agent, 'default_docker/match_rules') as ConfigObject[];
    assert.ok(Array.isArray(rules) && rules.length > 3);
    assert.equal(at(rules[0], 'match/script/binary'), 'python3.6$');
  });

  test('k8s glue and agent docs templates', () => {
    const glue = parse('real_agent_k8s_glue_clearml.conf');
    assert.equal(at(glue, 'api/credentials/secret_key'), '');
    const docs = parse('real_agent_docs_clearml.conf');
    assert.equal(at(docs, 'api/api_server'), 'https://demoapi.demo.clear.ml');
  });

  test('CRLF copy of a real file parses to the same value', () => {
    const text = fixture('clearml_init_generated.conf');
    assert.deepEqual(parseHocon(text.replace(/\n/g, '\r\n'), { env: {} }), parseHocon(text, { env: {} }));
  });
});
