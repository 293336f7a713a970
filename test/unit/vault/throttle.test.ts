import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UpdateThrottle, type Timers } from '../../../src/core/vault/throttle';

function fakeTimers() {
  let now = 1000;
  const queue: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  const timers: Timers = {
    setTimeout: (fn, ms) => { const id = ++ids; queue.push({ at: now + ms, fn, id }); return id; },
    clearTimeout: (h) => { const i = queue.findIndex((q) => q.id === h); if (i >= 0) queue.splice(i, 1); },
    now: () => now,
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
  return { timers, advance, queued: () => queue.length };
}

test('a request while idle renders at once, without a timer', () => {
  const t = fakeTimers();
  let runs = 0;
  const th = new UpdateThrottle(() => { runs++; }, 100, t.timers);
  th.request();
  assert.equal(runs, 1, 'rendered synchronously');
  assert.equal(t.queued(), 0);
  // idle again after the interval: the next keystroke renders at once too
  t.advance(150);
  th.request();
  assert.equal(runs, 2);
});

test('a sustained burst renders on the leading edge, then at most once per interval, ending with a trailing render', () => {
  const t = fakeTimers();
  const rendered: number[] = [];
  let state = 0;
  const th = new UpdateThrottle(() => { rendered.push(state); }, 100, t.timers);
  // a keystroke every 20 ms for 240 ms
  for (let i = 1; i <= 12; i++) { state = i; th.request(); t.advance(20); }
  assert.deepEqual(rendered, [1, 5, 10], 'the first at once, then one per 100 ms');
  t.advance(100);
  assert.deepEqual(rendered, [1, 5, 10, 12], 'the trailing render shows the last state');
  t.advance(1000);
  assert.deepEqual(rendered, [1, 5, 10, 12], 'nothing more without requests');
});

test('an update that drew nothing new does not hold the next request back by the interval', () => {
  const t = fakeTimers();
  const runs: string[] = [];
  let next: 'draw' | 'nothing' = 'draw';
  const th = new UpdateThrottle(() => { runs.push(next); return next === 'nothing' ? false : undefined; }, 100, t.timers);
  th.request(); // a key: drawn
  t.advance(120);
  next = 'nothing';
  th.request(); // the document catching up with it: nothing new to draw
  t.advance(30);
  next = 'draw';
  th.request(); // the next key, 150 ms after the first and 30 ms after the catch-up
  assert.deepEqual(runs, ['draw', 'nothing', 'draw'], 'drawn at once: only drawn renders count for the interval');
  t.advance(30);
  th.request();
  assert.deepEqual(runs, ['draw', 'nothing', 'draw'], 'a drawn render still holds the next one back');
  t.advance(100);
  assert.deepEqual(runs, ['draw', 'nothing', 'draw', 'draw']);
});

test('never more than one render in flight: requests during an async render coalesce into one after it settles', async () => {
  const t = fakeTimers();
  let inFlight = 0;
  let maxInFlight = 0;
  let runs = 0;
  const finishers: (() => void)[] = [];
  const th = new UpdateThrottle(() => {
    runs++;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    return new Promise<void>((resolve) => finishers.push(() => { inFlight--; resolve(); }));
  }, 100, t.timers);
  th.request();
  assert.equal(runs, 1);
  t.advance(500); // the render is slow: long past the interval
  for (let i = 0; i < 5; i++) th.request();
  assert.equal(runs, 1, 'no second render while the first is in flight');
  assert.equal(th.pending, true);
  finishers.shift()!();
  await Promise.resolve();
  await Promise.resolve();
  assert.equal(runs, 2, 'one coalesced render right after the first settled (the interval has passed)');
  finishers.shift()!();
  await Promise.resolve();
  await Promise.resolve();
  assert.equal(runs, 2);
  assert.equal(maxInFlight, 1);
  assert.equal(th.pending, false);
});

test('a render that throws does not wedge the throttle', () => {
  const t = fakeTimers();
  let runs = 0;
  const th = new UpdateThrottle(() => { runs++; if (runs === 1) throw new Error('boom'); }, 100, t.timers);
  assert.throws(() => th.request(), /boom/);
  t.advance(200);
  th.request();
  assert.equal(runs, 2);
});

test('a render whose promise rejects does not jam the throttle: the coalesced request and later ones still render (issue 22.6)', async () => {
  const t = fakeTimers();
  let runs = 0;
  const settlers: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const th = new UpdateThrottle(() => {
    runs++;
    return new Promise<void>((resolve, reject) => settlers.push({ resolve, reject }));
  }, 100, t.timers);
  const flush = async () => { for (let i = 0; i < 3; i++) await Promise.resolve(); };
  th.request();
  th.request(); // arrives while the first render is in flight
  t.advance(200);
  settlers.shift()!.reject(new Error('the preview went away mid-render'));
  await flush();
  assert.equal(runs, 2, 'the request coalesced during the rejected render runs once it settles');
  assert.equal(th.pending, true, 'the second render is in flight');
  settlers.shift()!.resolve();
  await flush();
  assert.equal(th.pending, false);
  t.advance(200);
  th.request();
  assert.equal(runs, 3, 'a later request renders at once');
});

test('dispose cancels the pending update', () => {
  const t = fakeTimers();
  let runs = 0;
  const th = new UpdateThrottle(() => { runs++; }, 300, t.timers);
  th.request();
  th.request();
  th.dispose();
  t.advance(1000);
  assert.equal(runs, 1);
  th.request();
  t.advance(1000);
  assert.equal(runs, 1);
});
