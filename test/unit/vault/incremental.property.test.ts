import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { toHocon, type ConfigObject, type ConfigValue } from '../../../src/core/config';
import { buildVaultPreview, prepareContext } from '../../../src/core/vault/incremental';
import { buildPreview, type PreviewContext, type ThisVault } from '../../../src/core/vault/model';

// Few keys so that layers collide often: replacements, type changes (scalar ↔ object), empty objects, lists.
const key = fc.constantFrom('sdk', 'agent', 'aws', 's3', 'region', 'key', 'secret', 'debug', 'cuda_version', 'x');
const scalar: fc.Arbitrary<ConfigValue> = fc.oneof(fc.constantFrom('a', 'b', 'eu'), fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.constant(null));
const tree = fc.letrec<{ obj: ConfigObject; value: ConfigValue }>((tie) => ({
  obj: fc.dictionary(key, tie('value'), { maxKeys: 3 }) as fc.Arbitrary<ConfigObject>,
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(scalar, { maxLength: 2 }), tie('obj')) as fc.Arbitrary<ConfigValue>,
})).obj;

/** The preview context (base, other vaults in order, this vault's position among them) and this vault, as HOCON text. */
function previewInput(base: ConfigObject, others: [ConfigObject, boolean][], self: ConfigObject, pos: number): { ctx: PreviewContext; me: ThisVault } {
  const ctx: PreviewContext = {
    base: { text: toHocon(base), file: '/h/clearml.conf' },
    others: others.map(([t, enabled], i) => ({ name: `V${i}`, text: toHocon(t), format: 'hocon' as const, enabled })),
    position: pos % (others.length + 1),
    env: {},
  };
  return { ctx, me: { name: 'Mine', text: toHocon(self), format: 'hocon' } };
}

test('property: the per-keystroke preview agrees with the full merge on every key the vault sets', () => {
  fc.assert(
    fc.property(tree, fc.array(fc.tuple(tree, fc.boolean()), { maxLength: 3 }), tree, fc.nat(), (base, others, self, pos) => {
      const { ctx, me } = previewInput(base, others, self, pos);
      const fast = buildVaultPreview(prepareContext(ctx, 'Mine'), me);
      const full = buildPreview(ctx, me);
      assert.equal(fast.status, full.status);
      if (!fast.model || !full.model) return;
      const fullLeaves = new Map(full.model.rows.filter((r) => r.kind === 'leaf').map((r) => [r.path, r]));
      const fastLeaves = fast.model.rows.filter((r) => r.kind === 'leaf');
      for (const r of fastLeaves) {
        const f = fullLeaves.get(r.path);
        if (!f) { assert.ok(r.shadowedBy, `${r.path}: only a later vault's structural replacement hides a key from the full view`); continue; }
        assert.equal(r.value, f.value, `value of ${r.path}`);
        assert.equal(r.shadowedBy, f.shadowedBy, `shadowedBy of ${r.path}`);
        assert.equal(r.agentProtected, f.agentProtected, `agentProtected of ${r.path}`);
        if (!r.shadowedBy) assert.equal(r.mark, f.mark, `mark of ${r.path}`);
      }
      const touched = full.model.rows.filter((r) => r.kind === 'leaf' && r.touched).map((r) => r.path).sort();
      assert.deepEqual(fastLeaves.filter((r) => fullLeaves.has(r.path)).map((r) => r.path).sort(), touched);
    }),
    { numRuns: 500 },
  );
});

test('property: the per-keystroke "all keys" view equals the full merge row for row', () => {
  fc.assert(
    fc.property(tree, fc.array(fc.tuple(tree, fc.boolean()), { maxLength: 3 }), tree, fc.nat(), (base, others, self, pos) => {
      const { ctx, me } = previewInput(base, others, self, pos);
      const prepared = prepareContext(ctx, 'Mine');
      const fast = buildVaultPreview(prepared, me, { view: 'all' });
      const full = buildPreview(ctx, me, { previousSource: (s) => prepared.beforeSource(s) });
      assert.equal(fast.status, full.status);
      if (!fast.model || !full.model) return;
      assert.equal(fast.model.view, 'all');
      assert.deepEqual(fast.model.rows, full.model.rows);
      assert.deepEqual(fast.model.counts, full.model.counts);
      assert.deepEqual(fast.secrets, full.secrets);
    }),
    { numRuns: 500 },
  );
});
