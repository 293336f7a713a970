import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayValue, isSecretKey, maskValue, MASK } from '../../../src/core/vault/mask';

test('secret key names are recognised, identifiers stay visible', () => {
  for (const k of ['secret', 'secret_key', 'password', 'git_pass', 'pass', 'token', 'auth_token', 'api_key', 'private_key', 'account_key', 'AWS_SECRET_ACCESS_KEY', 'passphrase']) assert.ok(isSecretKey(k), k);
  for (const k of ['access_key', 'key', 'region', 'bucket', 'host', 'git_user', 'passthrough', 'key_id', 'verify_certificate']) assert.ok(!isSecretKey(k), k);
});

test('only string values are masked, numbers and booleans are kept', () => {
  assert.deepEqual(maskValue(360, 'token_expiration_threshold_sec'), { value: 360, masked: false });
  assert.deepEqual(maskValue(true, 'secret'), { value: true, masked: false });
  const m = maskValue('s3cr3t', 'secret');
  assert.equal(m.masked, true);
  assert.ok(String(m.value).startsWith(MASK));
  assert.ok(!String(m.value).includes('s3cr3t'));
});

test('secrets inside lists of objects are masked by their key names', () => {
  const creds = [{ bucket: 'b', key: 'AKIA1', secret: 'topsecret' }];
  const m = maskValue(creds, 'credentials');
  const text = JSON.stringify(m.value);
  assert.equal(m.masked, true);
  assert.ok(text.includes('AKIA1'), 'the access key id stays visible');
  assert.ok(!text.includes('topsecret'));
});

test('passwords embedded in URLs are masked whatever the key', () => {
  const d = displayValue('https://user:hunter2@pypi.example.com/simple', 'extra_index_url');
  assert.equal(d.masked, true);
  assert.ok(!d.text.includes('hunter2'));
  assert.ok(d.text.includes('user:'));
});

test('masked display distinguishes different secrets without revealing them', () => {
  const a = displayValue('one-secret', 'secret').text;
  const b = displayValue('another-secret', 'secret').text;
  assert.notEqual(a, b);
  assert.equal(displayValue('one-secret', 'secret').text, a);
  assert.equal(displayValue('', 'secret').text, '""');
});
