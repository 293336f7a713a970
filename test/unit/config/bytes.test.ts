/** The lossless byte ↔ text mapping used to edit clearml.conf files that are not clean UTF-8. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeConfBytes, editClearmlConf, encodeConfText } from '../../../src/core/config/index';

describe('decodeConfBytes / encodeConfText', () => {
  test('any bytes survive decode → encode unchanged', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      assert.deepEqual(encodeConfText(decodeConfBytes(bytes)), Buffer.from(bytes));
    }), { numRuns: 2000 });
  });

  test('valid UTF-8 (BOM, emoji, CRLF) decodes as UTF-8 and encodes back byte for byte', () => {
    const text = '\uFEFF# café 😀\r\napi { web_server: "https://app.例え.jp" }\r\n';
    const bytes = Buffer.from(text, 'utf8');
    assert.equal(decodeConfBytes(bytes), text);
    assert.deepEqual(encodeConfText(text), bytes);
  });

  test('overlong, surrogate and truncated sequences are kept as single bytes', () => {
    const bytes = Buffer.from([0x61, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80, 0xe2, 0x82, 0x62]);
    const text = decodeConfBytes(bytes);
    assert.equal(text[0], 'a');
    assert.equal(text[text.length - 1], 'b');
    assert.deepEqual(encodeConfText(text), bytes);
  });

  test('a Latin-1 comment is kept byte for byte when a value elsewhere is edited', () => {
    const head = Buffer.from('# Einstellungen f\xfcr den Server (ge\xe4ndert)\napi {\n  api_server: ', 'latin1');
    const tail = Buffer.from('\n  # \xa9 team\n}\n', 'latin1');
    const original = Buffer.concat([head, Buffer.from('http://old:8008'), tail]);
    const edited = encodeConfText(editClearmlConf(decodeConfBytes(original), [{ kind: 'api', key: 'api_server', value: 'https://api.new.com' }]));
    assert.deepEqual(edited, Buffer.concat([head, Buffer.from('https://api.new.com'), tail]));
  });
});
