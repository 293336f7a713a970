/** The panel protocols' shared pieces (protocol/common.ts) and the storage access-result shape. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as v from 'valibot';
import { FromStorageWebviewSchema, ToStorageWebviewSchema } from '../../../src/core/protocol/storage';
import { FromWebviewSchema, ToWebviewSchema } from '../../../src/core/protocol/preferences';
import { CountsSchema } from '../../../src/core/protocol/vault';

const result = (over: Record<string, unknown> = {}) => ({
  type: 'testResult',
  result: { subject: 'datasets', outcome: 'wrong-secret', message: 'm', target: 'https://s3/x', steps: [{ name: 'list', ok: false, detail: '403' }], ...over },
});

test('storage protocol: an access result passes with an outcome and steps the probes report, and not with others', () => {
  assert.equal(v.safeParse(ToStorageWebviewSchema, result()).success, true);
  for (const bad of [{ outcome: 'pwned' }, { outcome: '' }, { steps: [{ name: 'format-disk', ok: true, detail: '' }] }]) {
    assert.equal(v.safeParse(ToStorageWebviewSchema, result(bad)).success, false, JSON.stringify(bad));
  }
});

test('storage and preferences protocols: busy, error and notice are one shape in both panels', () => {
  for (const m of [{ type: 'busy', busy: true, message: 'Saving…' }, { type: 'busy', busy: false }, { type: 'error', message: 'x' }, { type: 'notice', message: 'y' }]) {
    assert.equal(v.safeParse(ToStorageWebviewSchema, m).success, true, `storage ${JSON.stringify(m)}`);
    assert.equal(v.safeParse(ToWebviewSchema, m).success, true, `preferences ${JSON.stringify(m)}`);
  }
  for (const m of [{ type: 'error', message: 'x'.repeat(4097) }, { type: 'busy', busy: 'yes' }, { type: 'notice', message: 'y', extra: 1 }]) {
    assert.equal(v.safeParse(ToStorageWebviewSchema, m).success, false, `storage ${JSON.stringify(m).slice(0, 80)}`);
    assert.equal(v.safeParse(ToWebviewSchema, m).success, false, `preferences ${JSON.stringify(m).slice(0, 80)}`);
  }
  for (const target of ['clearml.conf', 'vault']) {
    assert.equal(v.safeParse(FromStorageWebviewSchema, { type: 'browserExport', target }).success, true);
    assert.equal(v.safeParse(FromWebviewSchema, { type: 'cloudExport', target }).success, true);
  }
  assert.equal(v.safeParse(FromStorageWebviewSchema, { type: 'browserExport', target: '/etc/passwd' }).success, false);
  assert.equal(v.safeParse(FromWebviewSchema, { type: 'cloudExport', target: '/etc/passwd' }).success, false);
});

test('vault protocol: preview counts are non-negative whole numbers', () => {
  const counts = { added: 1, overridden: 0, unchanged: 2, shadowed: 0, agentProtected: 0, leaves: 3 };
  assert.equal(v.safeParse(CountsSchema, counts).success, true);
  assert.equal(v.safeParse(CountsSchema, { ...counts, added: -1 }).success, false);
  assert.equal(v.safeParse(CountsSchema, { ...counts, leaves: 1.5 }).success, false);
});
