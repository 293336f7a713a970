/**
 * Hostile vault texts: each is refused with a ConfigParseError at the position of its cause, in bounded time,
 * and a refused vault is skipped while the other layers still merge. Limits are pinned at their exact bounds.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigParseError, mergeVaults, parseHocon, parseVault, type VaultFormat } from '../../../src/core/config/index';
import { MAX_DEPTH, MAX_INCLUDE_DEPTH } from '../../../src/core/config/hocon-parser';
import { EXPANSION_BUDGET } from '../../../src/core/config/resolve';
import { YAML_ALIAS_BUDGET } from '../../../src/core/config/vault';

/** Generous: these inputs took seconds or overflowed the stack before; bounded they take milliseconds. */
const TIME_LIMIT_MS = 2000;

/** Billion laughs: nine levels of nine aliases each, about 300 bytes. */
export function yamlAliasBomb(): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
  return lines.join('\n') + '\n';
}

export const dottedKey = (segments: number) => 'a' + '.a'.repeat(segments - 1);

function refused(text: string, format: VaultFormat, expect: { reason: RegExp; line: number; column: number }): ConfigParseError {
  const t0 = performance.now();
  let error: unknown;
  try {
    parseVault(text, format, { env: {}, filename: 'v' });
  } catch (e) {
    error = e;
  }
  const ms = performance.now() - t0;
  assert.ok(error instanceof ConfigParseError, `expected ConfigParseError, got ${String(error)}`);
  assert.match(error.reason, expect.reason);
  assert.deepEqual([error.line, error.column], [expect.line, expect.column], error.message);
  assert.ok(error.message.startsWith(`v:${expect.line}:${expect.column}: `), error.message);
  assert.ok(ms < TIME_LIMIT_MS, `took ${ms.toFixed(0)} ms`);
  return error;
}

const nestedBraces = (levels: number) => 'a ' + '{ a '.repeat(levels - 1) + '{ x = 1 ' + '}'.repeat(levels);
const nestedYamlFlow = (levels: number) => 'a: ' + '['.repeat(levels) + 'x' + ']'.repeat(levels) + '\n';

describe('hostile vault texts are ConfigParseErrors with a position', () => {
  test('a 300-byte YAML alias bomb stops at the alias whose copies exceed the budget', () => {
    const bomb = yamlAliasBomb();
    assert.ok(bomb.length < 450, `${bomb.length} bytes`);
    // values copied per alias: *a0 10, *a1 100, *a2 910, *a3 8,200; a1..a3 copy 9,180 in all, so the second
    // *a3 of a4 (line 5, column 14) crosses 20,000
    const e = refused(bomb, 'yaml', { reason: /aliases copy more than 20000 values/, line: 5, column: 14 });
    assert.equal(YAML_ALIAS_BUDGET, 20_000, e.message);
  });

  test('anchors reused within the budget are copied, not shared', () => {
    const v = parseVault('base: &b {x: 1}\none: *b\ntwo: *b\n', 'yaml');
    assert.deepEqual(v, { base: { x: 1 }, one: { x: 1 }, two: { x: 1 } });
    assert.notEqual(v.one, v.two);
  });

  test('an alias inside its own anchor is refused at the alias', () => {
    refused('a: &a [1, *a]\n', 'yaml', { reason: /alias \*a is inside its own anchor &a/, line: 1, column: 11 });
  });

  test('a 9 KB dotted key of 4,500 segments is refused at the key', () => {
    refused(`ok = 1\n${dottedKey(4500)} = 1\n`, 'hocon', { reason: /nesting deeper than 400 levels \(each segment of a dotted key is a level\)/, line: 2, column: 1 });
  });

  test('a dotted key of 100,000 segments is refused at the key, also as a block and in a JSON vault', () => {
    refused(`${dottedKey(100_000)} = 1\n`, 'hocon', { reason: /nesting deeper than 400 levels/, line: 1, column: 1 });
    refused(`x {\n  ${dottedKey(100_000)} { b = 1 }\n}\n`, 'hocon', { reason: /nesting deeper than 400 levels/, line: 2, column: 3 });
    refused(`{"x": 1}\n${dottedKey(100_000)} = 1\n`, 'json', { reason: /.+/, line: 2, column: 1 });
  });

  test('deep YAML nesting is refused before the YAML library spends quadratic time on it', () => {
    refused(nestedYamlFlow(20_000), 'yaml', { reason: /YAML: nesting deeper than 400 levels/, line: 1, column: 410 });
  });
});

describe('nesting limit at its exact bound', () => {
  test(`${MAX_DEPTH} nested objects below the root are read, ${MAX_DEPTH + 1} are refused at the extra '{'`, () => {
    assert.equal(MAX_DEPTH, 400);
    const ok = parseHocon(nestedBraces(400));
    let node: unknown = ok;
    for (let i = 0; i < 400; i++) node = (node as Record<string, unknown>).a ?? (node as Record<string, unknown>);
    assert.deepEqual(node, { x: 1 });
    // the 401st '{' is at column 3 + 4 * 400
    assert.throws(() => parseHocon(nestedBraces(401)), (e: unknown) => e instanceof ConfigParseError && /nesting deeper than 400 levels/.test(e.reason) && e.column === 3 + 4 * 400);
  });

  test('a braced root does not count as a level', () => {
    assert.doesNotThrow(() => parseHocon(`{ ${nestedBraces(400)} }`));
  });

  test('dotted segments count: 401 segments (400 levels) are read, 402 are refused', () => {
    const ok = parseHocon(`${dottedKey(401)} = 1`);
    // every segment is one level of its own, and the value sits at the end of all 401
    let node: unknown = ok;
    for (let i = 0; i < 401; i++) {
      assert.deepEqual(Object.keys(node as object), ['a'], `level ${i}`);
      node = (node as Record<string, unknown>).a;
    }
    assert.equal(node, 1);
    assert.throws(() => parseHocon(`${dottedKey(402)} = 1`), (e: unknown) => e instanceof ConfigParseError && /dotted key/.test(e.reason) && e.line === 1 && e.column === 1);
  });

  test('dotted segments and braces add up: 399 braces then a 2-level key is the bound', () => {
    const inner = (key: string) => 'a ' + '{ a '.repeat(398) + `{ ${key} = 1 ` + '}'.repeat(399);
    assert.doesNotThrow(() => parseHocon(inner('b.c')));
    assert.throws(() => parseHocon(inner('b.c.d')), (e: unknown) => e instanceof ConfigParseError && /dotted key/.test(e.reason));
    assert.throws(() => parseHocon(inner('b.c { d = 1 }')), (e: unknown) => e instanceof ConfigParseError && /nesting deeper than 400 levels/.test(e.reason));
  });

  test('YAML: 400 levels below the root are read, 401 are refused', () => {
    assert.ok(parseVault(nestedYamlFlow(400), 'yaml').a);
    refused(nestedYamlFlow(401), 'yaml', { reason: /YAML: nesting deeper than 400 levels/, line: 1, column: 4 + 400 });
  });

  test('included text nests inside the including object: the limit spans files', () => {
    const text = 'a ' + '{ a '.repeat(398) + '{ include "deep.conf" ' + '}'.repeat(399);
    assert.doesNotThrow(() => parseHocon(text, { includeLoader: () => 'b { c = 1 }' }));
    assert.throws(() => parseHocon(text, { includeLoader: () => 'b { c { d = 1 } }', filename: 'main.conf' }),
      (e: unknown) => e instanceof ConfigParseError && e.filename === 'deep.conf' && /nesting deeper than 400 levels/.test(e.reason));
  });

  test('substitutions cannot build deeper values: each one may carry at most 400 levels', () => {
    const lines = ['a0 = [1]'];
    for (let i = 1; i <= 401; i++) lines.push(`a${i} = [\${a${i - 1}}]`);
    // a399 holds 400 levels and may be substituted; a400 (401 levels) may not: refused where a401 uses it
    assert.throws(() => parseHocon(lines.join('\n'), { env: {} }), (e: unknown) => e instanceof ConfigParseError && e.line === 402 && e.column === 9 && /\$\{a400\} is a value nested deeper than 400 levels/.test(e.reason));
    assert.doesNotThrow(() => parseHocon(lines.slice(0, 401).join('\n'), { env: {} }));
  });
});

describe('substitution expansion budget', () => {
  /** a0 is 1,000 characters; each a(k) lists ten copies of a(k-1). */
  const ladder = (levels: number, last = 10) => {
    const lines = [`a0 = "${'x'.repeat(1000)}"`];
    for (let k = 1; k <= levels; k++) lines.push(`a${k} = [${Array(k === levels ? last : 10).fill(`\${a${k - 1}}`).join(', ')}]`);
    return lines.join('\n');
  };

  test('an exponential expansion is refused at the substitution that crosses the budget, quickly', () => {
    assert.equal(EXPANSION_BUDGET, 4_000_000);
    // copies charged: a1 10 x 1,001; a2 10 x 10,011; a3 10 x 100,111 (1,111,230 in all); each a3 copy in a4 is
    // 1,001,111 more, so the third one (column 21 of line 5) crosses 4,000,000
    const t0 = performance.now();
    assert.throws(() => parseHocon(ladder(6), { env: {} }), (e: unknown) => e instanceof ConfigParseError && /expand to more than 4000000/.test(e.reason) && e.line === 5 && e.column === 21);
    assert.ok(performance.now() - t0 < TIME_LIMIT_MS);
  });

  test('an expansion just under the budget is read', () => {
    // 1,111,230 + 2 x 1,001,111 = 3,113,452
    const v = parseHocon(ladder(4, 2), { env: {} });
    assert.equal((v.a4 as unknown[]).length, 2);
  });
});

describe('include depth guard', () => {
  /** f0 includes f1, f1 includes f2, ...; the last file sets `deepest`. */
  const chain = (files: number) => (name: string) => {
    const n = Number(name.slice(1));
    return n < files ? `include "f${n + 1}"\nlevel${n} = ${n}` : `deepest = ${n}`;
  };

  test(`a chain of ${MAX_INCLUDE_DEPTH} nested includes is read`, () => {
    assert.equal(MAX_INCLUDE_DEPTH, 8);
    const v = parseHocon('include "f1"', { includeLoader: chain(8) });
    assert.equal(v.deepest, 8);
  });

  test('the ninth nested include is refused in the file that makes it', () => {
    assert.throws(() => parseHocon('include "f1"', { includeLoader: chain(9), filename: 'main.conf' }),
      (e: unknown) => e instanceof ConfigParseError && e.filename === 'f8' && e.line === 1 && e.column === 1 && /includes nested deeper than 8 levels/.test(e.reason));
  });

  test('a file that includes itself stops after 8 loads', () => {
    let loads = 0;
    assert.throws(() => parseHocon('include "self.conf"', { includeLoader: () => { loads++; return 'include "self.conf"\nx = 1'; } }),
      (e: unknown) => e instanceof ConfigParseError && /include cycle\?/.test(e.reason) && e.filename === 'self.conf');
    assert.equal(loads, MAX_INCLUDE_DEPTH);
  });
});

describe('one bad vault does not take the merge down', () => {
  const good = (name: string, text: string) => ({ name, format: 'hocon' as const, text });

  test('an alias bomb and a long dotted key among good vaults: the good ones apply, the bad ones are parse-errors', () => {
    const r = mergeVaults('sdk { a: 1 }', [
      good('first', 'sdk.b = 2'),
      { name: 'bomb', format: 'yaml', text: yamlAliasBomb() },
      good('dotted', `${dottedKey(4500)} = 1`),
      good('last', 'sdk.c = 3'),
    ], { env: {} });
    assert.deepEqual(r.config, { sdk: { a: 1, b: 2, c: 3 } });
    assert.deepEqual(r.vaults.map((v) => v.status), ['applied', 'parse-error', 'parse-error', 'applied']);
    // the SDK reads every vault as HOCON (session.py Session._read_vaults), so the YAML anchors never expand: pyhocon
    // stops at the '&' ("Expected end of text, found '&'", line 1, col 5)
    assert.deepEqual([r.vaults[1].error?.filename, r.vaults[1].error?.line, r.vaults[1].error?.column], ['bomb', 1, 5]);
    assert.deepEqual([r.vaults[2].error?.filename, r.vaults[2].error?.line, r.vaults[2].error?.column], ['dotted', 1, 1]);
  });

  test('an unexpected exception while reading one vault becomes that vault\'s parse-error', () => {
    const r = mergeVaults('sdk { a: 1 }', [good('throws', 'include "x.conf"'), good('ok', 'sdk.b = 2')], {
      env: {},
      includeLoader: () => { throw new TypeError('loader broke'); },
    });
    assert.deepEqual(r.config, { sdk: { a: 1, b: 2 } });
    assert.equal(r.vaults[0].status, 'parse-error');
    assert.ok(r.vaults[0].error instanceof ConfigParseError);
    assert.match(r.vaults[0].error.reason, /TypeError: loader broke/);
  });
});
