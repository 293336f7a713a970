import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as v from 'valibot';
import { renderVaultPreview, type RenderInput } from '../../../src/core/vault/pipeline';
import { effectiveDiff } from '../../../src/core/vault/diff';
import { RenderMessageSchema, WebviewMessageSchema } from '../../../src/core/protocol/vault';
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
  const preview = out.message.preview;
  assert.ok(preview, 'a preview is rendered');
  assert.deepEqual(preview.layers.map((l) => [l.name, l.kind, l.status]), [['clearml.conf', 'base', 'applied'], ['v', 'this', 'applied']]);
  assert.deepEqual(preview.counts, { added: 0, overridden: 1, unchanged: 0, shadowed: 0, agentProtected: 0, leaves: 1 });
  // the 'vault' view lists the keys this vault touches, with what each replaces
  assert.deepEqual(preview.rows.map((r) => r.path), ['sdk', 'sdk.aws', 'sdk.aws.s3', 'sdk.aws.s3.region']);
  const region = preview.rows.at(-1)!;
  assert.deepEqual([region.value, region.mark, region.source, region.previous, region.previousSource], ['"eu"', 'overridden', 'v:1', '"us"', 'clearml.conf:1']);
  assert.ok(!JSON.stringify(out.message).includes('base-secret'), 'no secret of the base file in the message');
  assert.ok(v.safeParse(RenderMessageSchema, JSON.parse(JSON.stringify(out.message))).success);
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

test('a hostile vault among the others is listed as skipped and the merged preview still renders', () => {
  const bomb = ['a0: &a0 [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(',')}]`)].join('\n');
  const ctx: PreviewContext = {
    ...context,
    others: [
      { name: 'bomb', format: 'yaml', text: bomb, enabled: true },
      { name: 'good', format: 'hocon', text: 'sdk.good = 1', enabled: true },
      { name: 'dotted', format: 'hocon', text: 'a' + '.a'.repeat(4500) + ' = 1', enabled: true },
    ],
    position: 3,
  };
  const out = renderVaultPreview({ ...input(1, 'sdk.mine = 2'), prepared: prepareContext(ctx, 'v'), view: 'all' }, undefined);
  const preview = out.message.preview;
  assert.ok(preview, 'the preview renders');
  const layers = new Map(preview.layers.map((l) => [l.name, l]));
  assert.equal(layers.get('bomb')?.status, 'parse-error');
  // read as HOCON, as the SDK reads every vault (session.py Session._read_vaults): the anchors never expand
  assert.match(layers.get('bomb')?.detail ?? '', /line 1, column 5: '&' is not allowed in an unquoted value/);
  assert.equal(layers.get('dotted')?.status, 'parse-error');
  assert.match(layers.get('dotted')?.detail ?? '', /line 1, column 1: nesting deeper than 400 levels/);
  assert.equal(layers.get('good')?.status, 'applied');
  const paths = preview.rows.map((r) => r.path);
  assert.ok(paths.includes('sdk.good') && paths.includes('sdk.mine') && paths.includes('sdk.aws.s3.region'), paths.join(', '));
});

test('this vault being hostile is its own parse error with a position, not an exception', () => {
  for (const [format, text, line] of [['yaml', 'a: ' + '['.repeat(20000), 1], ['hocon', 'x = 1\n' + 'a' + '.a'.repeat(100000) + ' = 1', 2]] as const) {
    const out = renderVaultPreview({ ...input(1, text), self: { name: 'v', text, format } }, undefined);
    assert.equal(out.message.status, 'parse-error');
    assert.equal(out.message.problems[0]?.line, line, JSON.stringify(out.message.problems));
  }
});
