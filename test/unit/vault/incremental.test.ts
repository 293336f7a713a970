import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildVaultPreview, parseSelf, prepareContext, LINE_TRACKING_LIMIT } from '../../../src/core/vault/incremental';
import { buildPreview, type OtherVault, type PreviewContext, type ThisVault } from '../../../src/core/vault/model';

const BASE = `api { api_server: "http://localhost:8008", credentials { access_key: "AK", secret_key: "base-secret" } }
sdk {
  aws.s3 { region: "us-east-1", key: "BASEKEY", credentials: [] }
  storage.cache.default_base_dir: "~/.clearml/cache"
  development { default_output_uri: "", flags { a: 1 } }
}
agent { cuda_version: "11.8", package_manager { type: pip } }
`;

const others: OtherVault[] = [
  { name: 'Team', text: 'sdk.aws.s3.region: "team"\nsdk.development.flags.b: 2', format: 'hocon', enabled: true },
  { name: 'Late', text: 'sdk.aws.s3.key: "LATEKEY"\nsdk.development.default_output_uri { nested: 1 }\nagent.package_manager: "scalar"', format: 'hocon', enabled: true },
];

const VAULTS: string[] = [
  'sdk.aws.s3.region: "mine"\nsdk.new_key: [1, 2]',
  'sdk { aws { s3 { key: "BASEKEY", secret: "vault-secret" } } }\nagent.cuda_version: "12.4"',
  'sdk.development.default_output_uri: "s3://bucket/models"\nagent.package_manager.type: uv\nsdk.development.flags: {}',
  'sdk.storage.cache { default_base_dir: "/tmp/cache", size: 10 }\nsdk.aws.s3.credentials: [{ bucket: "b", secret: "s" }]',
  'sdk.aws: "replaced"',
];

/** The per-keystroke path and the full merge must tell the same story for every key the vault sets. */
for (const [position, label] of [[2, 'last'], [1, 'between Team and Late'], [0, 'first']] as const) {
  test(`fast preview agrees with the full merge (this vault ${label})`, () => {
    const ctx: PreviewContext = { base: { text: BASE, file: '/h/clearml.conf' }, others, position, env: {} };
    const prepared = prepareContext(ctx, 'Mine');
    for (const text of VAULTS) {
      const self: ThisVault = { name: 'Mine', text, format: 'hocon' };
      const fast = buildVaultPreview(prepared, self);
      const full = buildPreview(ctx, self);
      assert.equal(fast.status, full.status);
      const fullRows = new Map(full.model!.rows.filter((r) => r.kind === 'leaf').map((r) => [r.path, r]));
      const fastLeaves = fast.model!.rows.filter((r) => r.kind === 'leaf');
      const fullTouched = full.model!.rows.filter((r) => r.kind === 'leaf' && r.touched).map((r) => r.path).sort();
      // The fast view also lists keys a later vault replaced structurally (a scalar over our object, an object over
      // our scalar): they are no leaves of the final configuration, so the full view cannot show them.
      const extra = fastLeaves.filter((r) => !fullRows.has(r.path));
      for (const r of extra) assert.ok(r.shadowedBy, `${r.path} is only in the fast view because a later vault replaced it`);
      assert.deepEqual(fastLeaves.filter((r) => fullRows.has(r.path)).map((r) => r.path).sort(), fullTouched, `same keys for ${JSON.stringify(text)}`);
      for (const r of fastLeaves) {
        const f = fullRows.get(r.path);
        if (!f) continue;
        const where = `${r.path} in ${JSON.stringify(text)}`;
        assert.equal(r.value, f.value, `value of ${where}`);
        assert.equal(r.shadowedBy, f.shadowedBy, `shadowedBy of ${where}`);
        assert.equal(r.sourceKind, f.sourceKind, `sourceKind of ${where}`);
        assert.equal(r.line, f.line, `line of ${where}`);
        assert.equal(r.agentProtected, f.agentProtected, `agentProtected of ${where}`);
        if (!r.shadowedBy) {
          assert.equal(r.mark, f.mark, `mark of ${where}`);
          assert.equal(r.source, f.source, `source of ${where}`);
        }
      }
      const c = (m: typeof fast.model) => ({ added: m!.counts.added, overridden: m!.counts.overridden, unchanged: m!.counts.unchanged, shadowed: m!.counts.shadowed, agentProtected: m!.counts.agentProtected });
      assert.deepEqual(c(fast.model), { ...c(full.model), shadowed: c(full.model).shadowed + extra.length }, `counts for ${JSON.stringify(text)}`);
      assert.deepEqual(fast.secrets, full.secrets, `secrets for ${JSON.stringify(text)}`);
      assert.deepEqual(fast.model!.layers, full.model!.layers);
    }
  });
}

test('previous values name the layer they came from', () => {
  const ctx: PreviewContext = { base: { text: BASE, file: '/h/clearml.conf' }, others, position: 1, env: {} };
  const r = buildVaultPreview(prepareContext(ctx, 'Mine'), { name: 'Mine', text: 'sdk.aws.s3.region: "mine"', format: 'hocon' });
  const row = r.model!.rows.find((x) => x.path === 'sdk.aws.s3.region')!;
  assert.equal(row.mark, 'overridden');
  assert.equal(row.previous, '"team"');
  assert.equal(row.previousSource, 'Team:1');
  const all = buildVaultPreview(prepareContext(ctx, 'Mine'), { name: 'Mine', text: 'sdk.aws.s3.region: "mine"', format: 'hocon' }, { view: 'all' });
  const allRow = all.model!.rows.find((x) => x.path === 'sdk.aws.s3.region')!;
  assert.equal(all.model!.view, 'all');
  assert.deepEqual([allRow.previous, allRow.previousSource], ['"team"', 'Team:1']);
});

test('huge vaults parse without line tracking and say so', () => {
  const big = 'sdk {\n' + Array.from({ length: 12_000 }, (_, i) => `  key_${i}: "value number ${i}"`).join('\n') + '\n}\n';
  assert.ok(big.length > LINE_TRACKING_LIMIT);
  const parsed = parseSelf({ name: 'big', text: big, format: 'hocon' }, {});
  assert.equal(parsed.status, 'applied');
  assert.equal(parsed.lines, undefined);
  const ctx: PreviewContext = { base: { text: BASE, file: '/h/clearml.conf' }, others: [], position: 0, env: {} };
  const r = buildVaultPreview(prepareContext(ctx, 'big'), { name: 'big', text: big, format: 'hocon' });
  assert.ok(r.model!.warnings.some((w) => w.code === 'no-lines'));
  assert.equal(r.model!.counts.added, 12_000);
  assert.ok(r.model!.truncated! > 0);
  const bad = parseSelf({ name: 'big', text: big.replace('key_500: "value number 500"', 'key_500: "unterminated'), format: 'hocon' }, {});
  assert.equal(bad.status, 'parse-error');
  assert.equal(bad.error!.line, 502);
});
