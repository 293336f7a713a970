import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UpdateThrottle, type Timers } from '../../../src/core/vault/throttle';

function fakeTimers() {
  let now = 0;
  const queue: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  const timers: Timers = {
    setTimeout: (fn, ms) => { const id = ++ids; queue.push({ at: now + ms, fn, id }); return id; },
    clearTimeout: (h) => { const i = queue.findIndex((q) => q.id === h); if (i >= 0) queue.splice(i, 1); },
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      queue.sort((a, b) => a.at - b.at);
      const next = queue[0];
      if (!next || next.at > until) break;
      queue.shift();
      now = next.at;
      next.fn();
    }
    now = until;
  };
  return { timers, advance, delays: () => queue.map((q) => q.at - now) };
}

test('the first update runs on a zero timer, later ones at most every 300 ms', () => {
  const t = fakeTimers();
  let runs = 0;
  const th = new UpdateThrottle(() => runs++, 300, t.timers);
  th.request();
  assert.deepEqual(t.delays(), [0]);
  t.advance(0);
  assert.equal(runs, 1);
  for (let i = 0; i < 10; i++) { th.request(); t.advance(20); }
  // 10 requests within 200 ms: one pending update, not run yet
  assert.equal(runs, 1);
  t.advance(100);
  assert.equal(runs, 2);
  th.request();
  assert.equal(th.pending, true);
  t.advance(299);
  assert.equal(runs, 2);
  t.advance(1);
  assert.equal(runs, 3);
});

test('dispose cancels the pending update', () => {
  const t = fakeTimers();
  let runs = 0;
  const th = new UpdateThrottle(() => runs++, 300, t.timers);
  th.request();
  th.dispose();
  t.advance(1000);
  assert.equal(runs, 0);
  th.request();
  t.advance(1000);
  assert.equal(runs, 0);
});
