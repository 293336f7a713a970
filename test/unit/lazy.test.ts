import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lazyCommands, once } from '../../src/extension/lazy';

test('once: loads on the first call only, shares the promise, and retries after a failed load', async () => {
  let loads = 0;
  let fail = true;
  const load = once(async () => { loads++; if (fail) throw new Error('chunk missing'); return loads; });
  await assert.rejects(Promise.all([load(), load()]), /chunk missing/);
  assert.equal(loads, 1, 'concurrent calls share one load');
  fail = false;
  assert.equal(await load(), 2, 'a failed load is tried again');
  assert.equal(await load(), 2, 'a successful load is kept');
  assert.equal(loads, 2);
});

test('lazyCommands: nothing loads at registration; handlers load the table once and pass arguments through', async () => {
  let loads = 0;
  const table = lazyCommands(['a.run', 'a.missing'], async () => { loads++; return { 'a.run': (x: unknown, y: unknown) => [x, y] }; });
  assert.deepEqual(Object.keys(table).sort(), ['a.missing', 'a.run']);
  assert.equal(loads, 0);
  assert.deepEqual(await table['a.run'](1, 'two'), [1, 'two']);
  await table['a.run']();
  assert.equal(loads, 1);
  await assert.rejects(async () => table['a.missing'](), /command a\.missing has no handler/);
});
