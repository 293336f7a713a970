/**
 * clearml.conf files the SDK cannot load although they decode losslessly here. Expectations follow the SDK:
 * clearml/backend_config/config.py Config._read_single_file → pyhocon ConfigFactory.parse_file, which opens the file
 * with codecs.open(encoding='utf-8') (clearml/utilities/pyhocon/config_parser.py). Run on these very bytes, that
 * pyhocon raises ParseException "Expected end of text, found '\ufeff'" (line 1, col 1) for the byte-order mark and
 * UnicodeDecodeError for a Latin-1 byte; the SDK re-raises both, so every script stops at import.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigEncodingError, decodeConfBytes, encodeConfText, encodingProblem } from '../../../src/core/config';
import { discoverSetup } from '../../../src/core/config/discovery';
import { runSetupCheck } from '../../../src/core/setup-check/run';

const CONF = 'api {\n  # café: the team\'s server\n  api_server: "http://127.0.0.1:1"\n}\n';
const BOM = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CONF, 'utf8')]);
const LATIN1 = Buffer.from(CONF, 'latin1');

describe('clearml.conf bytes the SDK cannot decode', () => {
  it('a leading byte-order mark: error at 1:1 with the fix; a non-UTF-8 byte: error at its line and column', () => {
    const bom = encodingProblem(decodeConfBytes(BOM), 'clearml.conf');
    assert.ok(bom instanceof ConfigEncodingError);
    assert.deepEqual([bom.line, bom.column], [1, 1]);
    assert.match(bom.reason, /byte-order mark/);
    assert.match(bom.fix, /without a byte-order mark/);
    const latin = encodingProblem(decodeConfBytes(LATIN1), 'clearml.conf');
    assert.ok(latin instanceof ConfigEncodingError);
    assert.deepEqual([latin.line, latin.column], [2, 8]);
    assert.match(latin.reason, /the byte 0xE9 here is not UTF-8/);
    assert.match(latin.fix, /Re-encode the file as UTF-8/);
    // the same through Node's own (lossy) utf8 decoding, which other readers use
    assert.deepEqual([encodingProblem(LATIN1.toString('utf8'))?.line], [2]);
    assert.equal(encodingProblem(CONF), undefined);
  });

  it('the text still writes back byte for byte (the lossless write is kept)', () => {
    assert.deepEqual(encodeConfText(decodeConfBytes(BOM)), BOM);
    assert.deepEqual(encodeConfText(decodeConfBytes(LATIN1)), LATIN1);
  });

  it('discovery reports it as an error of that file and applies nothing from it (as the SDK, which fails)', () => {
    const setup = discoverSetup({ env: { CLEARML_CONFIG_FILE: '/h/clearml.conf' }, homedir: '/h', readFile: () => decodeConfBytes(BOM) });
    assert.equal(setup.errors.length, 1);
    assert.ok(setup.errors[0] instanceof ConfigEncodingError);
    assert.equal(setup.apiServer, undefined);
  });

  for (const [name, bytes, expected] of [['byte-order mark', BOM, /line 1, column 1 the file starts with a UTF-8 byte-order mark.*Save the file as UTF-8 without a byte-order mark/], ['Latin-1 byte', LATIN1, /line 2, column 8 a byte here is not UTF-8.*Re-encode the file as UTF-8/]] as const) {
    it(`the Setup Check reports a ${name} as an error with the line and the fix`, async () => {
      const home = fs.mkdtempSync(path.join(os.tmpdir(), 'conf-encoding-'));
      try {
        fs.writeFileSync(path.join(home, 'clearml.conf'), bytes);
        const report = await runSetupCheck({ env: {}, homedir: home, timeoutMs: 2000 });
        const parse = report.findings.filter((f) => f.check === 'config-parse');
        assert.equal(parse.length, 1, JSON.stringify(parse));
        assert.equal(parse[0].status, 'error');
        assert.match(parse[0].message, /^The SDK cannot read .*clearml\.conf: at /);
        assert.match(parse[0].message, expected);
      } finally {
        fs.rmSync(home, { recursive: true, force: true });
      }
    });
  }
});
