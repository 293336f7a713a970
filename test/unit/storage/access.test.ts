import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseHocon } from '../../../src/core/config';
import { readStorage } from '../../../src/core/storage/model';
import { testEntry, testUri } from '../../../src/core/storage/access';
import { AZURE_ACCOUNT, AZURE_KEY, S3_KEY, S3_SECRET, startAzurite, startS3, type Running } from './servers';

function model(text: string) {
  return readStorage(parseHocon(text));
}

describe('S3 access test against s3rver (SigV4 checked by the fixture)', () => {
  let s3: Running;
  before(async () => { s3 = await startS3(['data']); });
  after(async () => { await s3.stop(); });

  const conf = (entry: string) => model(`sdk { aws { s3 { credentials: [ { ${entry} } ] } } }`);

  it('right keys: lists, writes and deletes', async () => {
    const m = conf(`host: "127.0.0.1:${s3.port}", bucket: data, key: ${S3_KEY}, secret: ${S3_SECRET}, secure: false`);
    const r = await testUri(m, `s3://127.0.0.1:${s3.port}/data/models/run1`);
    assert.equal(r.outcome, 'ok', r.message);
    assert.deepEqual(r.steps.map((s) => `${s.name}:${s.ok}`), ['list:true', 'write:true', 'delete:true']);
    assert.match(r.resolved ?? '', /uses the entry 127\.0\.0\.1:\d+\/data/);
  });

  it('unknown key: says the key is wrong', async () => {
    const m = conf(`host: "127.0.0.1:${s3.port}", key: NOTAKEY, secret: whatever, secure: false`);
    const r = await testEntry(m, m.s3.entries[0]);
    // a host entry without a bucket tests nothing: use a URI through it
    assert.equal(r.outcome, 'error');
    const u = await testUri(m, `s3://127.0.0.1:${s3.port}/data/x`);
    assert.equal(u.outcome, 'wrong-key', u.message);
    assert.match(u.message, /Wrong key: .* does not know the access key "NOTAKEY"/);
  });

  it('wrong secret: the signature check rejects it', async () => {
    const m = conf(`host: "127.0.0.1:${s3.port}", bucket: data, key: ${S3_KEY}, secret: not-the-secret, secure: false`);
    const r = await testEntry(m, m.s3.entries[0]);
    assert.equal(r.outcome, 'wrong-secret', r.message);
    assert.match(r.message, /Wrong secret/);
    assert.doesNotMatch(r.message, /not-the-secret/);
  });

  it('missing bucket', async () => {
    const m = conf(`host: "127.0.0.1:${s3.port}", bucket: nothere, key: ${S3_KEY}, secret: ${S3_SECRET}, secure: false`);
    const r = await testEntry(m, m.s3.entries[0]);
    assert.equal(r.outcome, 'bucket-missing', r.message);
    assert.match(r.message, /"nothere" does not exist/);
  });

  it('secure: true against plain HTTP is a TLS failure that says to set secure: false', async () => {
    const m = conf(`host: "127.0.0.1:${s3.port}", bucket: data, key: ${S3_KEY}, secret: ${S3_SECRET}, secure: true`);
    const r = await testEntry(m, m.s3.entries[0]);
    assert.equal(r.outcome, 'tls', r.message);
    assert.match(r.message, /plain http .* Set secure: false/);
  });

  it('a host entry without its port: the URI with the port finds no entry; the entry itself reaches the wrong port', async () => {
    const m = conf(`host: "127.0.0.1", bucket: data, key: ${S3_KEY}, secret: ${S3_SECRET}, secure: false`);
    const u = await testUri(m, `s3://127.0.0.1:${s3.port}/data/x`);
    assert.equal(u.outcome, 'no-entry', u.message);
    assert.match(u.message, /No sdk\.aws\.s3\.credentials entry matches/);
    const viaPortless = await testUri(m, 's3://127.0.0.1/data/x');
    // matched by prefix, then the SDK talks to 127.0.0.1:80: refused (or something else that is not our server)
    assert.notEqual(viaPortless.outcome, 'ok');
    assert.match(viaPortless.message, /has no port; the SDK needs host:port/);
  });

  it('region mismatch: an S3 answer naming another region', async () => {
    // s3rver has no regions; a one-route server answers exactly as AWS does for a bucket in another region
    const aws = http.createServer((_req, res) => {
      res.writeHead(400, { 'Content-Type': 'application/xml', 'x-amz-bucket-region': 'eu-west-1' });
      res.end("<Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'</Message></Error>");
    });
    await new Promise<void>((r) => aws.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (aws.address() as AddressInfo).port;
      const m = conf(`host: "127.0.0.1:${port}", bucket: data, key: ${S3_KEY}, secret: ${S3_SECRET}, secure: false, region: us-east-1`);
      const r = await testEntry(m, m.s3.entries[0]);
      assert.equal(r.outcome, 'region-mismatch', r.message);
      assert.match(r.message, /Set region: eu-west-1/);
    } finally {
      aws.close();
    }
  });

  it('host unreachable', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const m = conf(`host: "127.0.0.1:${port}", bucket: data, key: ${S3_KEY}, secret: ${S3_SECRET}, secure: false`);
    const r = await testEntry(m, m.s3.entries[0]);
    assert.equal(r.outcome, 'unreachable', r.message);
    assert.match(r.message, /refused/);
  });
});

describe('Azure access test against azurite (blob service, Shared Key)', () => {
  let az: Running & { endpoint: string };
  before(async () => { az = await startAzurite(['models']); });
  after(async () => { await az.stop(); });

  const conf = (key: string, container = 'models') => model(`sdk.azure.storage.containers: [ { account_name: ${AZURE_ACCOUNT}, account_key: "${key}", container_name: ${container} } ]`);
  const opts = () => ({ azureEndpoint: () => az.endpoint });

  it('right account key: lists, writes and deletes', async () => {
    const m = conf(AZURE_KEY);
    const r = await testUri(m, `azure://${AZURE_ACCOUNT}.blob.core.windows.net/models/run1`, opts());
    assert.equal(r.outcome, 'ok', r.message);
    assert.equal(r.steps.length, 3);
  });

  it('wrong account key: Azure rejects the signature', async () => {
    const m = conf(Buffer.from('not the key at all, but base64 of it').toString('base64'));
    const r = await testEntry(m, m.azure.entries[0], opts());
    assert.equal(r.outcome, 'wrong-secret', r.message);
    assert.match(r.message, /Wrong account key/);
  });

  it('missing container', async () => {
    const m = conf(AZURE_KEY, 'nothere');
    const r = await testEntry(m, m.azure.entries[0], opts());
    assert.equal(r.outcome, 'bucket-missing', r.message);
    assert.match(r.message, /Container missing: "nothere"/);
  });
});
