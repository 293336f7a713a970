import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayValue, isSecretKey, maskValue, MASK } from '../../../src/core/vault/mask';

test('secret key names are recognised, identifiers stay visible', () => {
  for (const k of ['secret', 'secret_key', 'password', 'git_pass', 'pass', 'token', 'auth_token', 'api_key', 'private_key', 'account_key', 'AWS_SECRET_ACCESS_KEY', 'passphrase']) assert.ok(isSecretKey(k), k);
  for (const k of ['access_key', 'key', 'region', 'bucket', 'host', 'git_user', 'passthrough', 'key_id', 'verify_certificate']) assert.ok(!isSecretKey(k), k);
});

test('strings and numbers beneath a secret key are masked; booleans, null and duration settings are kept', () => {
  assert.deepEqual(maskValue(360, 'token_expiration_threshold_sec'), { value: 360, masked: false });
  assert.deepEqual(maskValue(true, 'secret'), { value: true, masked: false });
  assert.deepEqual(maskValue(null, 'password'), { value: null, masked: false });
  const pin = displayValue(123456, 'password');
  assert.equal(pin.masked, true);
  assert.ok(!pin.text.includes('123456') && pin.text.startsWith(MASK), pin.text);
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

test('every scalar beneath a secret-named key is masked: lists of strings, nested objects, objects in lists', () => {
  const cases: [unknown, string | string[]][] = [
    [['p1', 'p2'], 'password'],
    [['t1', ['t2']], 'token'],
    [[{ user: 'u1', value: 'p3', n: { deeper: 'p4' } }, ['p5', 42]], 'secret'],
    [{ a: ['p6'], b: { c: 'p7' } }, ['sdk', 'x', 'token']],
    [['p8'], ['sdk', 'api_token', 'list']],
    [{ region: 'r', password: ['p9', { n: 'p10' }] }, 'settings'],
  ];
  for (const [value, path] of cases) {
    const shown = displayValue(value as never, path);
    assert.equal(shown.masked, true, shown.text);
    assert.doesNotMatch(shown.text, /\bp\d+\b|\bt\d\b|u1|\b42\b/, `${JSON.stringify(value)} under ${String(path)} → ${shown.text}`);
  }
  // outside a secret key nothing is masked
  assert.deepEqual(displayValue({ region: 'r', list: ['a'] }, ['sdk', 'aws']), { text: '{"region":"r","list":["a"]}', masked: false });
});

test('a secret row inside a list (rendered row by row) is masked by the key above it', () => {
  assert.equal(displayValue('p1', ['sdk', 'password', '0']).masked, true);
  assert.equal(displayValue('p1', ['sdk', 'hosts', '0']).masked, false);
});
