import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintConf } from '../../../src/core/conf-language';
import { scanHocon, type ScanObject, type ScanScalar } from '../../../src/core/conf-language/scanner';

function entries(text: string) {
  return (scanHocon(text).root as ScanObject).entries;
}

describe('conf-language scanner (positions of every key and value, pyhocon token rules)', () => {
  it('a.b.c = 1 is three segments, each with its own range', () => {
    const [e] = entries('a.b.c = 1');
    assert.deepEqual(e.segments.map((s) => [s.name, s.start, s.end]), [['a', 0, 1], ['b', 2, 3], ['c', 4, 5]]);
    assert.deepEqual((e.value as ScanScalar).value, 1);
  });

  it('"sdk.aws" = ... is one quoted key', () => {
    const [e] = entries('"sdk.aws" = { }');
    assert.deepEqual(e.segments.map((s) => s.name), ['sdk.aws']);
    assert.equal(e.quotedKey, true);
  });

  it('unquoted URLs keep : and //; # and // start a comment only at a token start', () => {
    const text = 'a: https://x.org:8008/p // note\nb = x // c\nc: minio:9000 # port\nd: 1 2 3';
    const values = entries(text).map((e) => (e.value as ScanScalar).value);
    assert.deepEqual(values, ['https://x.org:8008/p', 'x', 'minio:9000', '1 2 3']);
  });

  it('True is a boolean, 10GB and 1.2.3 are strings, a value may start on the next line', () => {
    const values = entries('a: True\nb: 10GB\nc: 1.2.3\nd:\n  "next line"').map((e) => (e.value as ScanScalar).value);
    assert.deepEqual(values, [true, '10GB', '1.2.3', 'next line']);
  });

  it('list entries keep their positions; an unclosed brace runs to the end of the text', () => {
    const text = 'l: [\n  { k: 1 }\n  { k: 2 }\n]\nopen {\n  x: 1\n';
    const [list, open] = entries(text);
    assert.equal(list.value.kind, 'array');
    assert.equal(list.value.kind === 'array' && list.value.items.length, 2);
    assert.equal(open.value.end, text.length);
  });

  it('records the paths substitutions name', () => {
    assert.deepEqual([...scanHocon('a: ${base.host}\nb: ${?ENV_X}').substitutions], ['base.host', 'ENV_X']);
  });

  it('include lines are no keys, and include required(...) is no parse error while linting', () => {
    assert.equal(entries('include required(file("other.conf"))\napi.api_server: "http://h:8008"').length, 1);
    assert.deepEqual(lintConf('include required(file("other.conf"))\napi.api_server: "http://h:8008"'), []);
  });
});
