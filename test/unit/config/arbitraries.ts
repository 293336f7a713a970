/** fast-check arbitraries for configuration values (keys and strings that need quoting and escaping). */
import fc from 'fast-check';
import type { ConfigObject, ConfigValue } from '../../../src/core/config/index';

const tricky = ['a.b', 'with space', '$x', '#c', '"q"', 'include', 'true', 'null', '123', '', 'x:y', 'http://h//p', '${a}', '\\', '\\n', 'é', '日本', 'a\nb', '\t', '"""', '// c', 'key=v'];

export const keyArb = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom(...tricky),
  fc.string({ unit: 'binary', maxLength: 4 }),
).filter((k) => k !== '__proto__');

export const stringArb = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(...tricky, 'S3cr3t$^*()+=/#', 'True', '1.5', '10GB', 'https://app.clear.ml/'),
  fc.string({ unit: 'binary', maxLength: 8 }),
);

export const scalarArb: fc.Arbitrary<ConfigValue> = fc.oneof(
  stringArb,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);

/** Plain prototype objects (fc.dictionary may build null-prototype ones). */
function plain(v: ConfigValue): ConfigValue {
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') {
    const o: ConfigObject = {};
    for (const k of Object.keys(v)) o[k] = plain(v[k]);
    return o;
  }
  return v;
}

const tree = fc.letrec<{ value: ConfigValue; obj: ConfigObject; arr: ConfigValue[] }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalarArb, tie('obj'), tie('arr')),
  obj: fc.dictionary(keyArb, tie('value'), { maxKeys: 5 }) as fc.Arbitrary<ConfigObject>,
  // the dialect cannot write an empty string as an array element (pyhocon drops it), so none are generated there
  arr: fc.array(tie('value').filter((v) => v !== ''), { maxLength: 4 }),
}));

export const configObjectArb: fc.Arbitrary<ConfigObject> = tree.obj.map((o) => plain(o) as ConfigObject);
