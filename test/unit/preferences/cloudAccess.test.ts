import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigObject } from '../../../src/core/config';
import { convertAll, mergeS3Credentials, normaliseEndpoint, toS3Credential, validateCloudEntry, type CloudEntryFields } from '../../../src/core/preferences/cloudAccess';

const entry = (over: Partial<CloudEntryFields>): CloudEntryFields => ({ Bucket: 'b', Key: 'AK', Secret: 'SK', Token: '', Region: '', Endpoint: '', ...over });

test('endpoint normalisation follows the web app', () => {
  assert.equal(normaliseEndpoint(''), '');
  assert.equal(normaliseEndpoint('   '), '');
  assert.equal(normaliseEndpoint('https://s3.example.com'), 'https://s3.example.com');
  assert.equal(normaliseEndpoint('http://minio:9000'), 'http://minio:9000');
  assert.equal(normaliseEndpoint('minio.local:443'), 'https://minio.local:443');
  assert.equal(normaliseEndpoint('minio.local:9000'), 'http://minio.local:9000');
  assert.equal(normaliseEndpoint('storage.example.com'), 'http://storage.example.com');
  assert.equal(normaliseEndpoint(' 10.0.0.5:8443 '), 'https://10.0.0.5:8443');
});

test('bucket is required and must be a bare name', () => {
  assert.match(validateCloudEntry(entry({ Bucket: '  ' })).Bucket!, /required/);
  assert.match(validateCloudEntry(entry({ Bucket: 's3://b' })).Bucket!, /bucket name only/);
  assert.deepEqual(validateCloudEntry(entry({})), {});
});

test('key and secret go together; token needs both', () => {
  assert.match(validateCloudEntry(entry({ Key: '' })).Key!, /access key/);
  assert.match(validateCloudEntry(entry({ Secret: '' })).Secret!, /secret/);
  assert.match(validateCloudEntry(entry({ Key: '', Secret: '', Token: 't' })).Token!, /key and secret/);
  assert.deepEqual(validateCloudEntry(entry({ Key: '', Secret: '' })), {});
});

test('azure entry: SAS required, other fields unused, only one', () => {
  const az = entry({ Bucket: 'Azure', Key: '', Secret: '' });
  assert.match(validateCloudEntry(az).Secret!, /SAS/);
  const withKey = validateCloudEntry(entry({ Bucket: 'azure', Key: 'x', Secret: 'sv=1', Endpoint: 'h:1' }));
  assert.ok(withKey.Key && withKey.Endpoint);
  assert.match(validateCloudEntry(entry({ Bucket: 'AZURE', Key: '', Secret: 'sv=1' }), [entry({ Bucket: 'azure', Key: '' })]).Bucket!, /already an Azure/);
  assert.deepEqual(validateCloudEntry(entry({ Bucket: 'azure', Key: '', Secret: 'sv=2020&sig=x' })), {});
});

test('endpoint must be a host, duplicates by bucket and host are refused', () => {
  assert.match(validateCloudEntry(entry({ Endpoint: 'minio:9000/path' })).Endpoint!, /without a path/);
  assert.match(validateCloudEntry(entry({ Endpoint: 'http://' })).Endpoint!, /not a host/);
  assert.match(validateCloudEntry(entry({ Region: 'US East' })).Region!, /us-east-2/);
  assert.match(validateCloudEntry(entry({}), [entry({})]).Bucket!, /AWS S3/);
  assert.match(validateCloudEntry(entry({ Endpoint: 'minio:9000' }), [entry({ Endpoint: 'http://minio:9000' })]).Bucket!, /minio:9000/);
  assert.deepEqual(validateCloudEntry(entry({ Endpoint: 'minio:9000' }), [entry({})]), {});
});

test('conversion to sdk.aws.s3.credentials entries', () => {
  assert.deepEqual(toS3Credential(entry({ Region: 'us-east-2', Token: 'T' })), { entry: { bucket: 'b', key: 'AK', secret: 'SK', token: 'T', region: 'us-east-2' } });
  assert.deepEqual(toS3Credential(entry({ Endpoint: 'minio:9000' })), { entry: { bucket: 'b', key: 'AK', secret: 'SK', host: 'minio:9000', secure: false } });
  assert.deepEqual(toS3Credential(entry({ Endpoint: 'minio:443' })), { entry: { bucket: 'b', key: 'AK', secret: 'SK', host: 'minio:443', secure: true } });
  const all = convertAll([entry({ Bucket: 'azure', Key: '', Secret: 'sas' }), entry({ Key: '', Secret: '' }), entry({ Bucket: 'ok' })]);
  assert.equal(all.entries.length, 1);
  assert.equal(all.skipped.length, 2);
  assert.match(all.skipped[0]!, /Azure/);
});

test('merging into a vault keeps other keys and replaces the same bucket+host', () => {
  const vault = { sdk: { aws: { s3: { region: 'eu', credentials: [{ bucket: 'b', key: 'OLD', secret: 'OLD', multipart: false }, { bucket: 'c', key: 'k', secret: 's' }] } } }, agent: { x: 1 } } as const;
  const merged = mergeS3Credentials(vault as unknown as ConfigObject, [{ bucket: 'b', key: 'NEW', secret: 'NEW' }, { bucket: 'd', key: 'k', secret: 's', host: 'h:1', secure: false }]);
  assert.deepEqual(merged, {
    sdk: { aws: { s3: { region: 'eu', credentials: [{ bucket: 'b', key: 'NEW', secret: 'NEW', multipart: false }, { bucket: 'c', key: 'k', secret: 's' }, { bucket: 'd', key: 'k', secret: 's', host: 'h:1', secure: false }] } } },
    agent: { x: 1 },
  });
  assert.equal(vault.sdk.aws.s3.credentials[0]!.key, 'OLD', 'input untouched');
  assert.deepEqual(mergeS3Credentials({}, [{ bucket: 'x', key: 'k', secret: 's' }]), { sdk: { aws: { s3: { credentials: [{ bucket: 'x', key: 'k', secret: 's' }] } } } });
  assert.throws(() => mergeS3Credentials({ sdk: { aws: 'no' } }, []), /sdk\.aws is not an object/);
});
