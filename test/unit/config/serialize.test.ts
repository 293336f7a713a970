/** Serialisers: parseHocon(toHocon(x)) deep-equals x (property), and JSON/YAML round trips. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { parseHocon, parseVault, toHocon, toJson, toYaml, type ConfigObject } from '../../../src/core/config/index';
import { configObjectArb } from './arbitraries';
import { fixture } from './fixtures';

/** Whether an object anywhere in v has the key "" (which the SDK's pyhocon cannot read: ConfigTree.parse_key). */
function hasEmptyKey(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasEmptyKey);
  if (v === null || typeof v !== 'object') return false;
  return Object.keys(v).some((k) => k === '' || hasEmptyKey((v as Record<string, unknown>)[k]));
}

describe('serialisers', () => {
  test('property: parseHocon(toHocon(x)) deep-equals x', () => {
    fc.assert(fc.property(configObjectArb, (x) => {
      fc.pre(!hasEmptyKey(x));
      assert.deepStrictEqual(parseHocon(toHocon(x), { env: {} }), x);
    }), { numRuns: 400 });
  });

  test('an empty key is written as "" and refused on reading, as the SDK refuses it', () => {
    const text = toHocon({ a: { '': 0 } });
    assert.throws(() => parseHocon(text, { env: {} }), /an empty key "" is not allowed/);
  });

  test('property: JSON and YAML round trips (and JSON vaults read as HOCON)', () => {
    fc.assert(fc.property(configObjectArb, (x) => {
      const json = toJson(x);
      assert.deepStrictEqual(JSON.parse(json), JSON.parse(JSON.stringify(x)));
      assert.deepStrictEqual(parseYaml(toYaml(x)) ?? {}, x);
    }), { numRuns: 200 });
  });

  test('JSON output parses as HOCON to the same value (vault format conversion)', () => {
    const x = parseHocon(fixture('real_agent_default_agent.conf'), { env: {} });
    assert.deepStrictEqual(parseVault(toJson(x), 'json'), x);
    assert.deepStrictEqual(parseVault(toYaml(x), 'yaml'), x);
    assert.deepStrictEqual(parseVault(toHocon(x), 'hocon'), x);
  });

  test('toHocon layout: blocks, bare simple keys, quoted others, 2-space indent', () => {
    const x: ConfigObject = { api: { api_server: 'https://api.clear.ml', credentials: { 'access_key': 'A"K' } }, 'a.b': [1, { c: true }], e: {}, l: [], n: null, f: -0 };
    assert.equal(toHocon(x), [
      'api {',
      '  api_server: "https://api.clear.ml"',
      '  credentials {',
      '    access_key: "A\\"K"',
      '  }',
      '}',
      '"a.b": [',
      '  1,',
      '  {',
      '    c: true',
      '  }',
      ']',
      'e {}',
      'l: []',
      'n: null',
      'f: -0.0',
      '',
    ].join('\n'));
    assert.equal(toHocon({}), '');
    assert.equal(toJson({ a: 1 }), '{\n  "a": 1\n}\n');
    assert.equal(toYaml({}), '{}\n');
    assert.equal(toYaml({ a: { b: 'x' } }), 'a:\n  b: x\n');
  });
});
