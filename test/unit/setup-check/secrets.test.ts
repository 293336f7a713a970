/**
 * No secret leaves the setup check, in any form, even when it reaches a finding: servers that echo the
 * Authorization header or the secret in their errors, `user:password@` in the addresses, `key:secret@` in a storage
 * URI, a parse error quoting a pasted secret, an access-key override. Each scenario runs against a real local server
 * and gets a raw secret into a finding before the report's last scrub (so turning that scrub off fails these tests).
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runSetupCheck, reportMarkdown, type Finding, type SetupReport } from '../../../src/core/setup-check/index';
import { buildContext } from '../../../src/core/setup-check/context';
import { envOverrideFindings } from '../../../src/core/setup-check/config-checks';
import { confText, makeHome, startEchoServer, startHealthySetup, type Closable, type HealthySetup, type Home } from './scenarios';

const KEY = 'ECHOKEY0123456789ABCD';
/** URL-special characters, so that its URL-encoded and base64 forms differ from it. */
const SECRET = 'pA55+w/rd=Secret&Value@42xyz';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** Every form a value can take on its way out: raw, URL-encoded, base64 (padded or not), base64url. */
function forms(value: string): string[] {
  return [value, value.toLowerCase(), encodeURIComponent(value), b64(value), b64(value).replace(/=+$/, ''), Buffer.from(value).toString('base64url')];
}

function assertNoSecret(report: SetupReport, values: string[]): string {
  const text = `${JSON.stringify(report)}\n${reportMarkdown(report)}`;
  for (const v of values) for (const form of forms(v)) assert.ok(!text.includes(form), `the report carries ${JSON.stringify(form)} (a form of ${JSON.stringify(v)}):\n${text}`);
  return text;
}

function find(report: SetupReport, check: Finding['check'], cause?: Finding['cause']): Finding {
  const f = report.findings.find((x) => x.check === check && (cause === undefined || x.cause === cause));
  assert.ok(f, `no ${check}/${cause ?? '*'} in ${JSON.stringify(report.findings.map((x) => `${x.check}:${x.status}:${x.cause ?? ''}`))}`);
  return f;
}

describe('setup check: no secret in the report', () => {
  let ok: HealthySetup;
  const closables: Closable[] = [];
  const homes: Home[] = [];
  const home = (text: string): Home => { const h = makeHome(); homes.push(h); h.write(text); return h; };
  const check = (h: Home, env: Record<string, string> = {}): Promise<SetupReport> => runSetupCheck({ env, homedir: h.dir, timeoutMs: 3000 });

  before(async () => { ok = await startHealthySetup(); });
  after(async () => {
    await Promise.all(closables.map((c) => c.close()));
    await ok.close();
    for (const h of homes) h.remove();
  });

  test('a server that echoes the Authorization header, the decoded key:secret, the URL-encoded and base64 secret in result_msg', async () => {
    const echo = await startEchoServer();
    closables.push(echo);
    const report = await check(home(confText({ api: echo.url, web: ok.web.url, files: ok.files.url, accessKey: KEY, secretKey: SECRET })));
    const f = find(report, 'api-credentials', 'auth-other');
    assert.match(f.message, new RegExp(`${new URL(echo.url).host} refused the access key ECHO… .*Invalid credentials`));
    const text = assertNoSecret(report, [SECRET, `${KEY}:${SECRET}`]);
    assert.ok(!text.includes(KEY), 'the full access key');
  });

  test('the same echo in a login answer that is not a ClearML envelope (the detail quotes its first bytes)', async () => {
    const echo = await startEchoServer({ plainLogin: true });
    closables.push(echo);
    const report = await check(home(confText({ api: echo.url, web: ok.web.url, files: ok.files.url, accessKey: KEY, secretKey: SECRET })));
    assert.match(find(report, 'api-credentials', 'http-error').detail ?? '', /HTTP 401 text\/plain: "Unauthorized\. Authorization: <redacted>/);
    assertNoSecret(report, [SECRET, `${KEY}:${SECRET}`, KEY]);
  });

  test('user:password@ in api_server and files_server, echoed back by the server as a header dump', async () => {
    const echo = await startEchoServer({ htmlPing: true });
    closables.push(echo);
    const apiPassword = 'api-Pa55word-991';
    const filesPassword = 'files%2FPa55-992';
    const api = echo.url.replace('://', `://alice:${apiPassword}@`);
    const files = ok.files.url.replace('://', `://bob:${filesPassword}@`);
    const report = await check(home(confText({ api: `"${api}"`, web: ok.web.url, files: `"${files}"` })));
    const f = find(report, 'api-reachable', 'not-clearml');
    assert.match(f.message, /http:\/\/<redacted>@127\.0\.0\.1:\d+ answers, but not as a ClearML API server/);
    const text = assertNoSecret(report, [apiPassword, filesPassword, decodeURIComponent(filesPassword), `alice:${apiPassword}`]);
    assert.ok(!text.includes('alice:') && !text.includes('bob:'), 'no user:password pair');
  });

  test('key:secret@ in a storage URI', async () => {
    const key = 'AKIAEXAMPLE12345678';
    const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
    const uri = `s3://${key}:${secret}@minio.local:9000/bucket/path`;
    const report = await check(home(`${ok.conf()}sdk { development { default_output_uri: "${uri}" } }\n`));
    assert.ok(report.findings.some((x) => x.check === 'storage' && x.status !== 'ok' && /minio\.local/.test(x.message)), JSON.stringify(report.findings.filter((x) => x.check === 'storage')));
    const text = assertNoSecret(report, [secret, `${key}:${secret}`]);
    assert.ok(!text.includes(key), 'the full storage key');
    // The URI parser cuts the secret at its "/" and quotes the first piece as a bucket name, lower-cased.
    assert.ok(!text.toLowerCase().includes(secret.split('/')[0].toLowerCase()), 'a piece of the secret');
  });

  test('a parse error quoting a secret pasted on a line of its own', async () => {
    const pasted = 'Xy9SECRETpastedAlone123abc';
    const report = await check(home(`api {\n  api_server: ${ok.api.url}\n  credentials {\n    access_key: "${KEY}"\n    ${pasted}\n  }\n}\n`));
    const f = find(report, 'config-parse', 'parse-error');
    assert.match(f.message, /does not parse at line 5, column \d+ \(missing value for '<redacted>'/);
    assertNoSecret(report, [pasted, KEY]);
  });

  test('an access-key override shows both keys as their first 4 characters only, in the finding itself', async () => {
    const fileKey = 'FILEKEY0123456789ABCD';
    const envKey = 'ENVKKEY0123456789WXYZ';
    const h = home(confText({ api: ok.api.url, web: ok.web.url, files: ok.files.url, accessKey: fileKey, secretKey: SECRET }));
    const env = { CLEARML_API_ACCESS_KEY: envKey, CLEARML_API_SECRET_KEY: 'env-Secret-0123456789' };
    // Before the report's last scrub: the finding itself must not carry a full key.
    const findings = envOverrideFindings(await buildContext({ env, homedir: h.dir }));
    const override = findings.find((x) => x.message.startsWith('CLEARML_API_ACCESS_KEY'));
    assert.ok(override, JSON.stringify(findings));
    assert.match(override.message, /^CLEARML_API_ACCESS_KEY = ENVK… overrides api\.credentials\.access_key = FILE… from clearml\.conf/);
    for (const x of findings) for (const full of [fileKey, envKey, SECRET, env.CLEARML_API_SECRET_KEY]) assert.ok(!JSON.stringify(x).includes(full), `${full} in ${x.message}`);
    assertNoSecret(await check(h, env), [fileKey, envKey, SECRET, env.CLEARML_API_SECRET_KEY]);
  });
});
