import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as v from 'valibot';
import { renderVaultPreview, type RenderInput } from '../../../src/core/vault/pipeline';
import { effectiveDiff } from '../../../src/core/vault/diff';
import { HostMessageSchema, WebviewMessageSchema } from '../../../src/core/protocol/vault';
import type { PreviewContext } from '../../../src/core/vault/model';
import { prepareContext } from '../../../src/core/vault/incremental';

const context: PreviewContext = { base: { text: 'sdk { aws.s3.region: "us" }\napi.credentials.secret_key: "base-secret"\n', file: '/h/clearml.conf' }, others: [], position: 0, env: {} };
const input = (version: number, text: string, over: Partial<RenderInput['document']> = {}): RenderInput => ({
  version,
  self: { name: 'v', text, format: 'hocon' },
  prepared: prepareContext(context, 'v'),
  view: 'vault',
  loading: false,
  document: { title: 'v', kind: 'local', format: 'hocon', position: 'local file', restricted: false, dirty: true, ...over },
});

test('a valid text renders a fresh preview that passes the protocol schema', () => {
  const out = renderVaultPreview(input(1, 'sdk.aws.s3.region: "eu"'), undefined);
  assert.equal(out.message.stale, false);
  assert.equal(out.message.previewVersion, 1);
  assert.ok(out.message.preview);
  assert.ok(v.safeParse(HostMessageSchema, JSON.parse(JSON.stringify(out.message))).success);
  assert.equal(out.lastGood?.version, 1);
});

test('invalid text keeps the last good preview, marked stale, with the error', () => {
  const good = renderVaultPreview(input(1, 'sdk.aws.s3.region: "eu"'), undefined);
  const bad = renderVaultPreview(input(2, 'sdk.aws.s3.region: "eu'), good.lastGood);
  assert.equal(bad.message.status, 'parse-error');
  assert.equal(bad.message.stale, true);
  assert.equal(bad.message.previewVersion, 1);
  assert.deepEqual(bad.message.preview, good.message.preview);
  assert.equal(bad.message.problems.length, 1);
  assert.equal(bad.lastGood, good.lastGood);
  const fixed = renderVaultPreview(input(3, 'sdk.aws.s3.region: "fr"'), bad.lastGood);
  assert.equal(fixed.message.stale, false);
  assert.equal(fixed.message.problems.length, 0);
});

test('invalid text with no earlier preview is not stale, just empty', () => {
  const out = renderVaultPreview(input(1, '{'), undefined);
  assert.equal(out.message.stale, false);
  assert.equal(out.message.preview, null);
});

test('restricted (untrusted) documents are not parsed', () => {
  const out = renderVaultPreview(input(1, '{{{', { restricted: true }), undefined);
  assert.equal(out.message.preview, null);
  assert.equal(out.message.problems.length, 0);
});

test('webview messages are validated', () => {
  assert.ok(v.safeParse(WebviewMessageSchema, { type: 'edit', version: 3, text: 'a: 1' }).success);
  assert.ok(v.safeParse(WebviewMessageSchema, { type: 'convert', to: 'json' }).success);
  assert.ok(!v.safeParse(WebviewMessageSchema, { type: 'convert', to: 'xml' }).success);
  assert.ok(!v.safeParse(WebviewMessageSchema, { type: 'command', command: 'rm -rf' }).success);
  assert.ok(!v.safeParse(WebviewMessageSchema, { type: 'reveal', line: 0 }).success);
});

test('the effective-configuration diff compares without/with this vault, masked', () => {
  const d = effectiveDiff(context, { name: 'v', text: 'sdk.aws.s3.region: "eu"\nsdk.aws.s3.secret: "vault-secret"', format: 'hocon' });
  assert.equal(d.changed, 2);
  assert.match(d.before, /WITHOUT/);
  assert.match(d.after, /WITH this vault/);
  assert.match(d.before, /"?us"?/);
  assert.match(d.after, /"?eu"?/);
  assert.ok(!d.after.includes('vault-secret'));
  assert.ok(!d.before.includes('base-secret'));
});
