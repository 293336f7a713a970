/**
 * The storage model, resolution and rules read values the way the ClearML SDK does (allegroai/clearml,
 * clearml/backend_config/bucket_config.py and clearml/storage/helper.py); each test names the SDK function whose
 * behaviour it expects. Where the SDK's behaviour is a trap, the rule's message says so.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { mergeVaults } from '../../../src/core/config';
import { readStorage, type S3Entry } from '../../../src/core/storage/model';
import { resolutionOfEntry, resolveUri, s3EntryUsable, type GcsResolution, type S3Resolution } from '../../../src/core/storage/resolve';
import { validateStorage, type RuleId, type StorageIssue } from '../../../src/core/storage/rules';
import { testEntry } from '../../../src/core/storage/access';
import { S3_KEY, S3_SECRET, startS3, type Running } from './servers';

function model(text: string) {
  const merged = mergeVaults(text, [], { baseFilename: 'clearml.conf' });
  const sourceOf = (p: string) => { const e = merged.provenance.get(p); return e ? `clearml.conf:${e.line}` : undefined; };
  return readStorage(merged.config, sourceOf);
}
const s3 = (text: string) => model(`sdk { aws { s3 { ${text} } } }`);
const gcs = (text: string) => model(`sdk { google { storage { ${text} } } }`);
const issuesOf = (text: string, rule: RuleId): StorageIssue[] => validateStorage(model(text)).filter((i) => i.rule === rule);

describe('bool fields follow Python truthiness (bucket_config.py S3BucketConfig: attrib(type=bool) without a converter)', () => {
  const entry = (secure: string): S3Entry => s3(`credentials: [{ host: "minio:9000", key: k, secret: s, secure: ${secure} }]`).s3.entries[0];

  it('"false", no and "0" are non-empty strings, so true; false, 0, "" and null are false', () => {
    assert.equal(entry('"false"').secure, true);
    assert.equal(entry('no').secure, true);
    assert.equal(entry('"0"').secure, true);
    assert.equal(entry('false').secure, false);
    assert.equal(entry('0').secure, false);
    assert.equal(entry('""').secure, false);
    assert.equal(entry('null').secure, false);
    assert.equal(entry('true').secure, true);
  });

  it('the resolution (helper.py _Boto3Driver._Container: "https://" if cfg.secure) talks https for secure: "false"', () => {
    const m = s3('credentials: [{ host: "minio:9000", bucket: data, key: k, secret: s, secure: "false" }]');
    const r = resolveUri(m, 's3://minio:9000/data/x') as S3Resolution;
    assert.equal(r.entry?.index, 0);
    assert.equal(r.secure, true);
  });

  it('use_credentials_chain: "false" turns the chain on (the keys are dropped, helper.py: if not cfg.use_credentials_chain)', () => {
    const e = s3('credentials: [{ bucket: data, use_credentials_chain: "false" }]').s3.entries[0];
    assert.equal(e.useCredentialsChain, true);
    assert.equal(s3EntryUsable(e), true, 'S3BucketConfig.is_valid: the chain alone makes the entry valid');
  });

  it('a rule fires at the place, says what the SDK reads and what to write', () => {
    const [i] = issuesOf('sdk { aws { s3 { credentials: [\n{ host: "minio:9000", bucket: data, key: k, secret: s, secure: "false" }\n] } } }', 'loose-bool');
    assert.equal(i.severity, 'error');
    assert.equal(i.field, 'secure');
    assert.deepEqual(i.entry, { provider: 's3', index: 0 });
    assert.match(i.message, /secure: "false" reads as true to the SDK .*: write secure: false\.$/);
    const [chain] = issuesOf('sdk { aws { s3 { credentials: [{ bucket: data, key: k, secret: s, use_credentials_chain: no }] } } }', 'loose-bool');
    assert.match(chain.message, /use_credentials_chain: "no" reads as true to the SDK.*write use_credentials_chain: false/);
    const [global] = issuesOf('sdk { aws { s3 {\n secure: "off"\n } } }', 'loose-bool');
    assert.match(global.message, /^sdk\.aws\.s3 \(clearml\.conf:2\): secure: "off" reads as true/);
    assert.deepEqual(issuesOf('sdk { aws { s3 { credentials: [{ host: "minio:9000", bucket: data, key: k, secret: s, secure: false }] } } }', 'loose-bool'), []);
  });

  it('verify: "false" is a CA bundle path to boto3 (helper.py _Boto3Driver._Container passes the string as verify)', () => {
    const m = s3('credentials: [{ host: "minio:9000", bucket: data, key: k, secret: s, secure: true, verify: "false" }]');
    assert.equal(m.s3.entries[0].verify, 'false');
    const [i] = validateStorage(m).filter((x) => x.rule === 'verify-word');
    assert.match(i.message, /verify: "false" is not a yes\/no to the SDK.*CA bundle.*Write verify: false/);
  });
});

describe('S3 resolution (bucket_config.py S3BucketConfigurations.get_config_by_uri, helper.py StorageHelper._resolve_base_url)', () => {
  it('bucket "data/team-a" is the bucket name as written: never resolved to "data", and flagged', () => {
    const m = s3('credentials: [{ bucket: "data/team-a", key: k, secret: s }]');
    const r = resolveUri(m, 's3://data/team-a/models/x.pt') as S3Resolution;
    assert.equal(r.entry?.index, 0);
    assert.equal(r.bucket, 'data/team-a');
    assert.equal(r.prefix, 'models/x.pt');
    assert.equal((resolutionOfEntry(m, m.s3.entries[0]) as S3Resolution).bucket, 'data/team-a');
    const [i] = validateStorage(m).filter((x) => x.rule === 'bucket-form');
    assert.equal(i.severity, 'error');
    assert.match(i.message, /bucket "data\/team-a" is used by the SDK as the bucket name as written.*boto3 refuses it.*Write bucket: "data"/);
  });

  it('an entry without region does not inherit sdk.aws.s3.region (get_config_by_uri returns the entry unchanged)', () => {
    const m = s3('region: eu-west-1, credentials: [{ bucket: data, key: k, secret: s }]');
    assert.equal((resolveUri(m, 's3://data/x') as S3Resolution).region, '');
    assert.equal((resolveUri(m, 's3://data/x', { AWS_DEFAULT_REGION: 'us-west-2' }) as S3Resolution).region, 'us-west-2', "boto3's own default");
    assert.equal((resolutionOfEntry(m, m.s3.entries[0]) as S3Resolution).region, '');
    assert.equal((resolveUri(m, 's3://other/x') as S3Resolution).region, 'eu-west-1', 'a URI no entry matches takes the global region');
    const [i] = validateStorage(m).filter((x) => x.rule === 'region-not-inherited');
    assert.match(i.message, /does not use sdk\.aws\.s3\.region \("eu-west-1"\) for an entry/);
  });

  it('the global secure applies to URIs no entry matches (get_config_by_uri: secure=self._default_secure), not to entries', () => {
    const m = s3('secure: false, key: k, secret: s, credentials: [{ host: "minio:9000", key: k, secret: s }]');
    assert.equal((resolveUri(m, 's3://other:9100/bucket/x') as S3Resolution).secure, false);
    assert.equal((resolveUri(m, 's3://minio:9000/bucket/x') as S3Resolution).secure, true);
    assert.equal((resolveUri(s3('key: k, secret: s'), 's3://other:9100/bucket/x') as S3Resolution).secure, true, 'default True');
  });

  it('verify: "/path/ca.pem" is kept as the CA bundle path', () => {
    const m = s3('credentials: [{ host: "minio:9000", bucket: data, key: k, secret: s, secure: true, verify: "/etc/ssl/minio-ca.pem" }]');
    assert.equal((resolveUri(m, 's3://minio:9000/data/x') as S3Resolution).verify, '/etc/ssl/minio-ca.pem');
    assert.deepEqual(validateStorage(m).filter((x) => x.rule === 'verify-word'), []);
  });
});

describe('GCS resolution (bucket_config.py GSBucketConfigurations.get_config_by_uri)', () => {
  it('an entry without credentials_json does not inherit the global one: Google default credentials are used', () => {
    const m = gcs('credentials_json: "/keys/global.json", credentials: [{ bucket: models }]');
    const r = resolveUri(m, 'gs://models/x') as GcsResolution;
    assert.equal(r.entry?.index, 0);
    assert.equal(r.credentialsJson, '');
    assert.equal(r.via, 'application-default');
    assert.match(r.summary, /application default credentials.*not sdk\.google\.storage\.credentials_json/);
    assert.equal((resolveUri(m, 'gs://models/x', { GOOGLE_APPLICATION_CREDENTIALS: '/keys/adc.json' }) as GcsResolution).credentialsJson, '/keys/adc.json');
    assert.equal((resolveUri(m, 'gs://other/x') as GcsResolution).credentialsJson, '/keys/global.json', 'no entry: the global one');
    const [i] = validateStorage(m).filter((x) => x.rule === 'gcs-credentials-not-inherited');
    assert.equal(i.field, 'credentials_json');
  });

  it('bucket names match whatever their case (furl lower-cases the prefix host, the URI is lower-cased)', () => {
    assert.equal((resolveUri(gcs('credentials: [{ bucket: MyBucket, credentials_json: "/k.json" }]'), 'gs://mybucket/x') as GcsResolution).entry?.index, 0);
    assert.equal((resolveUri(gcs('credentials: [{ bucket: mybucket, credentials_json: "/k.json" }]'), 'gs://MyBucket/x') as GcsResolution).entry?.index, 0);
  });

  it('a subdir with capitals never matches (the prefix path stays as written) and is flagged', () => {
    const m = gcs('credentials: [{ bucket: models, subdir: Team, credentials_json: "/k.json" }]');
    assert.equal((resolveUri(m, 'gs://models/Team/x') as GcsResolution).entry, undefined);
    assert.equal(validateStorage(m).filter((x) => x.rule === 'gcs-subdir-case').length, 1);
  });
});

function hasOpenssl(): boolean {
  try { execFileSync('openssl', ['version'], { stdio: 'ignore' }); return true; } catch { return false; }
}

/** A CA and a server certificate for 127.0.0.1 signed by it. */
function certificates(dir: string): { caPath: string; key: Buffer; cert: Buffer } {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=test storage CA']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  fs.writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName = IP:127.0.0.1\n');
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf']);
  return { caPath: path.join(dir, 'ca.pem'), key: fs.readFileSync(path.join(dir, 'server.key')), cert: fs.readFileSync(path.join(dir, 'server.pem')) };
}

describe('the access test uses verify: "<CA bundle>" as boto3 does (helper.py _Boto3Driver._Container)', { skip: hasOpenssl() ? false : 'openssl CLI not found' }, () => {
  let backend: Running;
  let front: tls.Server;
  let port: number;
  let dir: string;
  let caPath: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storage-ca-'));
    const pem = certificates(dir);
    caPath = pem.caPath;
    backend = await startS3(['data']);
    // TLS in front of the signature-checking S3 server: the bytes inside the tunnel are the same HTTP requests
    front = tls.createServer({ key: pem.key, cert: pem.cert }, (socket) => {
      const up = net.connect(backend.port, '127.0.0.1');
      socket.pipe(up).pipe(socket);
      up.on('error', () => socket.destroy());
      socket.on('error', () => up.destroy());
    });
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', () => r()));
    port = (front.address() as AddressInfo).port;
  });

  after(async () => {
    await new Promise<void>((r) => front.close(() => r()));
    await backend.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const entryWith = (verify: string) => {
    const m = s3(`credentials: [{ host: "127.0.0.1:${port}", bucket: data, key: "${S3_KEY}", secret: "${S3_SECRET}", secure: true${verify} }]`);
    return { m, e: m.s3.entries[0] };
  };

  it('with the bundle the test succeeds over TLS', async () => {
    const { m, e } = entryWith(`, verify: ${JSON.stringify(caPath)}`);
    const report = await testEntry(m, e, { timeoutMs: 5000 });
    assert.equal(report.outcome, 'ok', report.message);
  });

  it('without it the certificate is refused; with a wrong bundle the advice never is verify: false', async () => {
    const plain = await testEntry(...Object.values(entryWith('')) as [ReturnType<typeof s3>, S3Entry], { timeoutMs: 5000 });
    assert.equal(plain.outcome, 'tls');
    const other = path.join(dir, 'other-ca.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'other.key'), '-out', other, '-days', '2', '-subj', '/CN=other CA'], { stdio: 'ignore' });
    const { m, e } = entryWith(`, verify: ${JSON.stringify(other)}`);
    const wrong = await testEntry(m, e, { timeoutMs: 5000 });
    assert.equal(wrong.outcome, 'tls');
    assert.doesNotMatch(wrong.message, /verify: false/);
    assert.match(wrong.message, /CA bundle/);
  });
});

describe('the Setup Check says where the SDK\'s reading bites (storageFindings, the same rules)', () => {
  it('secure: "false", a bucket with a path and an entry without its region are findings with their line', async () => {
    const { storageFindings } = await import('../../../src/core/setup-check/storage');
    const text = 'sdk { aws { s3 {\n  region: eu-west-1\n  credentials: [\n    { host: "minio:9000", bucket: data, key: k, secret: s, secure: "false" }\n    { bucket: "data/team-a", key: k, secret: s }\n  ]\n} } }\n';
    const merged = mergeVaults(text, [], { baseFilename: 'clearml.conf' });
    const findings = storageFindings(merged.config, (p) => { const e = merged.provenance.get(p); return e ? `clearml.conf:${e.line}` : undefined; });
    const messages = findings.map((f) => `${f.status} ${f.message}`);
    assert.ok(messages.some((m) => /^error .*secure: "false" reads as true to the SDK.*write secure: false/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /^error .*bucket "data\/team-a" is used by the SDK as the bucket name as written/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /^warning .*does not use sdk\.aws\.s3\.region/.test(m)), messages.join('\n'));
  });
});
