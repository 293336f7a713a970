/**
 * The setup check reads storage from the same effective configuration as the Storage panel (clearml.conf merged with
 * the enabled vaults by mergeVaults, read by the storage model, checked by its rules), and each finding about a
 * setting written in clearml.conf says where (file, line) so that a click opens it there.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mergeVaults } from '../../../src/core/config';
import { runSetupCheck, type SetupReport, type VaultLayer } from '../../../src/core/setup-check/index';
import { readStorage } from '../../../src/core/storage/model';
import { validateStorage } from '../../../src/core/storage/rules';
import { makeHome, startHealthySetup, type HealthySetup, type Home } from './scenarios';

describe('setup check: effective configuration and locations', () => {
  let ok: HealthySetup;
  const homes: Home[] = [];
  const home = (text: string): Home => { const h = makeHome(); homes.push(h); h.write(text); return h; };
  const check = (h: Home, vaults: VaultLayer[] = []): Promise<SetupReport> => runSetupCheck({ env: {}, homedir: h.dir, timeoutMs: 3000, vaults });
  const storageMessages = (r: SetupReport): string[] => r.findings.filter((f) => f.check === 'storage' && f.status !== 'ok').map((f) => f.message);

  before(async () => { ok = await startHealthySetup(); });
  after(async () => { await ok.close(); for (const h of homes) h.remove(); });

  const conf = (): string => `${ok.conf()}sdk {
  development { default_output_uri: "s3://team-bucket/models" }
  aws { s3 { credentials: [ { bucket: "team-bucket", key: "AKIACONFKEY000000001", secret: "conf-secret-value-0001" } ] } }
}
`;

  test('a vault whose sdk.aws.s3.credentials list replaces clearml.conf\'s: the URI has no entry, as in the Storage panel', async () => {
    const h = home(conf());
    assert.deepEqual(storageMessages(await check(h)), [], 'clearml.conf alone is fine');
    const vault: VaultLayer = { name: 'vault "Personal vault"', format: 'hocon', text: 'sdk.aws.s3.credentials: [ { bucket: "other-bucket", key: "AKIAVAULTKEY00000001", secret: "vault-secret-value-01" } ]\n' };
    const report = await check(h, [vault]);
    const messages = storageMessages(report);
    assert.ok(messages.some((m) => /No sdk\.aws\.s3\.credentials entry matches s3:\/\/team-bucket\/models/.test(m)), messages.join('\n'));
    // The Storage panel's core path over the same layers gives the same issues.
    const merged = mergeVaults(conf(), [vault], { env: {}, baseFilename: h.conf });
    const sourceOf = (p: string): string | undefined => { const e = merged.provenance.get(p); const label = e && (e.source === 'base' ? h.conf : e.source); return e && label && e.line ? `${label}:${e.line}` : label; };
    const panel = validateStorage(readStorage(merged.config, sourceOf), { env: {} }).filter((i) => i.severity !== 'info').map((i) => i.message);
    assert.deepEqual(messages, panel);
  });

  test('a vault the SDK skips (it does not parse) is reported', async () => {
    const report = await check(home(conf()), [{ name: 'vault "Broken"', format: 'hocon', text: 'sdk {\n  aws {\n' }]);
    assert.ok(report.findings.some((f) => f.check === 'storage' && f.status === 'warning' && /The SDK skips vault "Broken" \(parse-error: /.test(f.message)), JSON.stringify(report.findings));
  });

  test('locations: a parse error at its line and column, a wrong api_server at its line, a storage URI at its line', async () => {
    const broken = home(`api {\n  api_server: "${ok.api.url}\n}\n`);
    const parse = (await check(broken)).findings.find((f) => f.check === 'config-parse');
    assert.deepEqual(parse?.location, { file: broken.conf, line: 2, column: parse?.location?.column });
    assert.ok((parse?.location?.column ?? 0) > 1);

    const h = home(`${ok.conf({ api: 'http://127.8.0.8:8080' })}sdk.development.default_output_uri: "s3://nobody-bucket/x"\n`);
    const report = await check(h);
    const api = report.findings.find((f) => f.check === 'api-url');
    assert.deepEqual(api?.location, { file: h.conf, line: 3 }, JSON.stringify(api));
    const uri = report.findings.find((f) => f.check === 'storage' && f.cause === 'storage-no-entry');
    assert.deepEqual(uri?.location, { file: h.conf, line: 10 }, JSON.stringify(uri));
    assert.equal(report.findings.find((f) => f.check === 'config-file')?.location, undefined, 'ok findings have none');
  });
});
