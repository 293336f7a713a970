import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { completeConf, type CompleteOptions } from '../../../src/core/conf-language';
import { caret } from './caret';

function labels(marked: string, options?: CompleteOptions): string[] {
  const { text, position } = caret(marked);
  return completeConf(text, position, options).map((c) => c.label);
}

describe('completeConf', () => {
  it('offers the keys of the block the cursor is in', () => {
    const l = labels('api {\n  api_se|\n}');
    assert.ok(l.includes('api_server') && l.includes('credentials') && l.includes('http'));
    assert.ok(!l.includes('version'), 'keys no program reads are not offered');
    assert.ok(!l.includes('host'), 'legacy keys are not offered');
  });

  it('after a dotted prefix, and in nested blocks', () => {
    assert.ok(labels('sdk.aws.s3.|').includes('use_credentials_chain'));
    assert.ok(labels('api {\n  http.|\n}').includes('default_method'));
    assert.ok(labels('sdk {\n  development {\n    |\n  }\n}').includes('default_output_uri'));
    assert.deepEqual(labels('|').slice(0, 2), ['api', 'sdk']);
  });

  it('inside a storage list entry: the entry\'s fields', () => {
    assert.deepEqual(labels('sdk { aws { s3 { credentials: [\n  { host: "m:9000", | }\n] } } }').sort(),
      ['acl', 'bucket', 'extra_args', 'host', 'key', 'multipart', 'profile', 'region', 'secret', 'secure', 'subdir', 'token', 'use_credentials_chain', 'verify']);
    assert.deepEqual(labels('sdk.azure.storage.containers: [ { | } ]').sort(), ['account_key', 'account_name', 'container_name']);
  });

  it('entry snippets in the S3, GCS and Azure lists', () => {
    const { text, position } = caret('sdk.aws.s3.credentials: [\n  |\n]');
    const s3 = completeConf(text, position);
    assert.ok(s3.length >= 2 && s3.every((c) => c.kind === 'snippet'));
    assert.match(s3.find((c) => /MinIO/.test(c.label))!.insertText, /host: .*\n[\s\S]*secure:/);
    assert.ok(labels('sdk.google.storage.credentials: [\n  |\n]')[0].includes('Google'));
    assert.ok(labels('sdk.azure.storage.containers: [\n  |\n]')[0].includes('Azure'));
    assert.ok(labels('sdk.aws.s3.credentials: |').some((l) => /S3/.test(l)), 'a template for the whole list after the key');
  });

  it('allowed values and booleans after key:', () => {
    assert.deepEqual(labels('agent.package_manager.type: |'), ['pip', 'conda', 'poetry', 'uv']);
    assert.deepEqual(labels('sdk.aws.s3.credentials: [ { secure: | } ]'), ['true', 'false']);
    assert.deepEqual(labels('api { http { default_method: p| } }'), ['get', 'post', 'put']);
  });

  it('JSON and YAML: keys written in that format, YAML paths from indentation', () => {
    const { text, position } = caret('{"api": {|}}');
    assert.equal(completeConf(text, position, { format: 'json' }).find((c) => c.label === 'api_server')!.insertText, '"api_server": ');
    assert.ok(labels('sdk:\n  aws:\n    s3:\n      credentials:\n        - host: x\n          |', { format: 'yaml' }).includes('secure'));
    assert.ok(labels('api:\n  |', { format: 'yaml' }).includes('api_server'));
  });
});
