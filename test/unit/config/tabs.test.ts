/**
 * Tabs, as the SDK reads them: pyparsing's parseString expands them (str.expandtabs(8)) before pyhocon parses, so a
 * tab inside a value or a key is spaces up to the next multiple of 8 columns. Expectations from the vendored pyhocon
 * run on the same texts. Positions (errors, lossless edits) stay those of the text as written.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigParseError, editClearmlConf, parseHocon } from '../../../src/core/config/index';

const read = (text: string) => parseHocon(text, { env: {} });

function errorOf(text: string): ConfigParseError {
  try {
    read(text);
  } catch (e) {
    if (e instanceof ConfigParseError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('tabs are read as spaces to the next multiple of 8 columns', () => {
  test('inside an unquoted value, from the column the tab is at', () => {
    assert.deepEqual(read('c:a\tb'), { c: 'a     b' });
    assert.deepEqual(read('a {\n\tb: x\ty\n}'), { a: { b: 'x    y' } });
  });

  test('inside quoted and triple-quoted strings; the column restarts on each line', () => {
    assert.deepEqual(read('c: "a\tb"'), { c: 'a   b' });
    assert.deepEqual(read('c: """x\ty\n\tz"""'), { c: 'x y\n        z' });
    assert.deepEqual(read('a: [\t1,\t"x\ty"\t]'), { a: [1, 'x      y'] });
  });

  test('inside a key, and between a substitution and the next token', () => {
    assert.deepEqual(read('l\tevel: 1'), { 'l       evel': 1 });
    assert.deepEqual(read('a: 1\t# c\nb:\t${a}\tq'), { a: 1, b: '1    q' });
  });

  test('a code point outside the BMP counts as one column, as in Python', () => {
    assert.deepEqual(read('a: "\u{1F600}\tx"'), { a: '\u{1F600}   x' });
  });

  test('as indentation they change nothing', () => {
    assert.deepEqual(read('api {\n\tapi_server:\thttp://h:8008\n\tcredentials {\n\t\taccess_key: K\n\t}\n}'), { api: { api_server: 'http://h:8008', credentials: { access_key: 'K' } } });
  });
});

describe('positions stay those of the text as written', () => {
  test('a parse error after tabs: line and column in the text, not in the expanded one', () => {
    const e = errorOf('a {\n\t\tb: "x\n}');
    assert.match(e.reason, /unclosed string/);
    assert.deepEqual([e.line, e.column], [2, 6]);
  });

  test('an unresolved substitution after tabs', () => {
    const e = errorOf('a:\t${missing}');
    assert.match(e.reason, /unresolved substitution/);
    assert.deepEqual([e.line, e.column], [1, 4]);
  });

  test('a lossless edit of a tab-indented clearml.conf changes the value only', () => {
    const text = 'api {\n\tapi_server:\thttp://old:8008 # mine\n\tweb_server:\thttp://w\n}\n';
    const out = editClearmlConf(text, [{ kind: 'api', key: 'api_server', value: 'http://new:8008' }]);
    assert.equal(out, text.replace('http://old:8008', 'http://new:8008'));
  });
});
