/**
 * Fuzz: random token soups and mutated real files (deleted, inserted and duplicated characters) only ever
 * return or throw ConfigParseError, each within a bounded time. Deterministic seeds, so failures reproduce.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { ConfigParseError, editClearmlConf, mergeVaults, parseHocon, parsePastedCredentials, parseVault } from '../../../src/core/config/index';
import { parseHoconValue } from '../../../src/core/config/hocon';
import { fixture, fixtureNames } from './fixtures';
import { seededRandom } from '../../../src/core/seededRandom';

const PER_INPUT_MS = 200;

const PIECES = ['{', '}', '[', ']', '"', '"""', '$', '${a}', '${?b}', '${a.b', ':', '=', '+=', ',', '\n', '\r\n', ' ', '\t', '#', '//', '\\', 'a', 'b.c', '"k.k"', '1', '-1.5e3', '.5', 'true', 'NULL', 'include "x"', 'include required("y")', '?', 'é', '日', '\u0000', 'http://h/p', '10GB', 'a = ', 'b { ', '} ', '[1, 2] ', '\ufeff'];

/** Runs fn on input; it must return or throw ConfigParseError (with a sane position), within the time bound. */
function check(label: string, input: string, fn: (s: string) => unknown, stats: { max: number; errors: number; ok: number }): void {
  const t0 = performance.now();
  try {
    fn(input);
    stats.ok++;
  } catch (e) {
    if (e instanceof ConfigParseError) {
      assert.ok(e.line >= 1 && e.column >= 1, `${label}: bad position ${e.message}`);
      assert.ok(e.reason.length > 0);
      stats.errors++;
    } else {
      assert.fail(`${label}: threw ${String((e as Error)?.stack ?? e)} for input ${JSON.stringify(input.slice(0, 300))}`);
    }
  }
  let ms = performance.now() - t0;
  // A slow input is slow every time; a garbage-collection pause or a busy machine delays one run only (a loaded
  // run saw 212 ms for a 24-byte YAML input). So an input over the bound gets two more runs and its fastest counts.
  for (let retry = 0; retry < 2 && ms >= PER_INPUT_MS; retry++) {
    const t1 = performance.now();
    try { fn(input); } catch { /* classified above */ }
    ms = Math.min(ms, performance.now() - t1);
  }
  stats.max = Math.max(stats.max, ms);
  assert.ok(ms < PER_INPUT_MS, `${label}: took ${ms.toFixed(1)} ms for input ${JSON.stringify(input.slice(0, 200))}`);
}

function mutate(text: string, r: () => number): string {
  let s = text;
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * (s.length + 1));
    const op = r();
    if (op < 0.35) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 3));
    else if (op < 0.7) s = s.slice(0, at) + PIECES[Math.floor(r() * PIECES.length)] + s.slice(at);
    else {
      const len = 1 + Math.floor(r() * 20);
      s = s.slice(0, at) + s.slice(at, at + len) + s.slice(at);
    }
  }
  return s;
}

describe('fuzz', () => {
  test('random token soups: parseHocon, YAML vaults, pasted credentials', () => {
    const r = seededRandom(1234);
    const stats = { max: 0, errors: 0, ok: 0 };
    for (let i = 0; i < 3000; i++) {
      const parts: string[] = [];
      const len = 1 + Math.floor(r() * 30);
      for (let j = 0; j < len; j++) parts.push(PIECES[Math.floor(r() * PIECES.length)]);
      const input = parts.join('');
      check('parseHocon', input, (s) => parseHocon(s, { env: { a: 'x' } }), stats);
      if (i % 3 === 0) check('parseVault yaml', input, (s) => parseVault(s, 'yaml'), stats);
      if (i % 3 === 1) check('parsePastedCredentials', input, (s) => parsePastedCredentials(s), stats);
    }
    assert.ok(stats.ok > 100 && stats.errors > 100, JSON.stringify(stats));
  });

  test('the untraced fast path reads exactly what the traced general path reads (value or error)', () => {
    // parseHocon skips parseValue for single-token values unless a trace is attached (edits, provenance)
    const r = seededRandom(4321);
    const files = fixtureNames().map(fixture);
    const outcome = (s: string, traced: boolean): unknown => {
      try {
        return parseHoconValue(s, { env: { a: 'x' }, trace: traced ? { onAssign: () => undefined } : undefined });
      } catch (e) {
        return e instanceof ConfigParseError ? `error ${e.message}` : `crash ${String(e)}`;
      }
    };
    let compared = 0;
    for (let i = 0; i < 3000; i++) {
      let input: string;
      if (i % 2 === 0) {
        const parts: string[] = [];
        const len = 1 + Math.floor(r() * 30);
        for (let j = 0; j < len; j++) parts.push(PIECES[Math.floor(r() * PIECES.length)]);
        input = parts.join('');
      } else input = mutate(files[i % files.length], r);
      assert.deepStrictEqual(outcome(input, false), outcome(input, true), JSON.stringify(input.slice(0, 300)));
      compared++;
    }
    assert.equal(compared, 3000);
  });

  test('mutated real files: parseHocon, mergeVaults, editClearmlConf', () => {
    const r = seededRandom(99);
    const stats = { max: 0, errors: 0, ok: 0 };
    const files = fixtureNames().map(fixture);
    for (let i = 0; i < 1500; i++) {
      const input = mutate(files[i % files.length], r);
      check('parseHocon', input, (s) => parseHocon(s, { env: {} }), stats);
      if (i % 4 === 0) {
        check('mergeVaults', input, (s) => {
          const m = mergeVaults('a: 1', [{ name: 'v', format: 'hocon', text: s }], { env: {} });
          assert.ok(['applied', 'parse-error', 'not-an-object', 'empty'].includes(m.vaults[0].status));
        }, stats);
      }
      if (i % 4 === 1) {
        check('editClearmlConf', input, (s) => editClearmlConf(s, [{ kind: 'api', key: 'api_server', value: 'https://api.x' }, { kind: 'credentials', accessKey: 'A', secretKey: 'B$#' }]), stats);
      }
      if (i % 4 === 2) {
        check('editClearmlConf s3', input, (s) => editClearmlConf(s, [{ kind: 's3-credentials', entry: { bucket: 'b', key: 'k' } }]), stats);
      }
    }
    assert.ok(stats.ok > 100 && stats.errors > 100, JSON.stringify(stats));
  });
});
