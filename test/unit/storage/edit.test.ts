import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseHocon, parseVault } from '../../../src/core/config';
import { editStorageText } from '../../../src/core/storage/edit';

const CONF = `# my clearml.conf
api {
    api_server: http://localhost:8008
}
sdk {
    aws {
        s3 {
            # global AWS account
            key: "AKIAGLOBAL"
            credentials: [
                {
                    # lab MinIO, keep the port!
                    host: "minio.lab:9000"
                    key: "minioadmin"
                    secret: "minioadmin"
                    secure: false  # plain http
                },
                {
                    bucket: "models"
                    key: "AKIAB"
                    secret: "bsecret"
                }
            ]
        }
    }
}
`;

const list = (text: string) => (parseHocon(text) as { sdk: { aws: { s3: { credentials: Record<string, unknown>[] } } } }).sdk.aws.s3.credentials;

describe('lossless storage list edits', () => {
  it('update changes only the edited values and keeps comments; undefined removes a key with its line', () => {
    const out = editStorageText(CONF, { op: 'update', provider: 's3', index: 0, fields: { host: 'minio.lab:9443', secure: true, key: undefined } });
    assert.equal(out, CONF.replace('"minio.lab:9000"', '"minio.lab:9443"').replace('secure: false  # plain http', 'secure: true  # plain http').replace('                    key: "minioadmin"\n', ''));
    assert.deepEqual(list(out)[0], { host: 'minio.lab:9443', secret: 'minioadmin', secure: true });
  });

  it('add appends an entry in the file\'s indentation; remove takes an entry out and keeps the rest byte for byte', () => {
    const added = editStorageText(CONF, { op: 'add', provider: 's3', fields: { bucket: 'new', key: 'K', secret: 'S', region: 'eu-west-1' } });
    assert.ok(added.startsWith(CONF.slice(0, CONF.indexOf('                }\n            ]') + 17)));
    assert.match(added, /\n {16}\{\n {20}bucket: "new"\n {20}key: "K"\n {20}secret: "S"\n {20}region: "eu-west-1"\n {16}\}\n {12}\]/);
    assert.equal(list(added).length, 3);
    const removed = editStorageText(added, { op: 'remove', provider: 's3', index: 1 });
    assert.deepEqual(list(removed).map((e) => e.bucket ?? e.host), ['minio.lab:9000', 'new']);
    assert.ok(removed.includes('# lab MinIO, keep the port!'));
    const first = editStorageText(CONF, { op: 'remove', provider: 's3', index: 0 });
    assert.deepEqual(list(first).map((e) => e.bucket), ['models']);
    assert.ok(first.includes('# global AWS account'));
  });

  it('adds a missing list (Azure) inside the existing sdk block', () => {
    const out = editStorageText(CONF, { op: 'add', provider: 'azure', fields: { account_name: 'acme', account_key: 'a2V5', container_name: 'models' } });
    assert.ok(out.startsWith(CONF.slice(0, CONF.lastIndexOf('}'))));
    assert.deepEqual((parseHocon(out) as { sdk: { azure: { storage: { containers: unknown[] } } } }).sdk.azure.storage.containers, [{ account_name: 'acme', account_key: 'a2V5', container_name: 'models' }]);
  });

  it('JSON and YAML vaults are edited through their own format', () => {
    const json = editStorageText('{"sdk": {"aws": {"s3": {"credentials": [{"bucket": "a", "key": "K", "secret": "S"}]}}}}', { op: 'update', provider: 's3', index: 0, fields: { region: 'us-east-2' } }, 'json', 'vault');
    assert.deepEqual(parseVault(json, 'json'), { sdk: { aws: { s3: { credentials: [{ bucket: 'a', key: 'K', secret: 'S', region: 'us-east-2' }] } } } });
    const yaml = editStorageText('sdk:\n  google:\n    storage:\n      credentials:\n        - bucket: b\n', { op: 'remove', provider: 'gcs', index: 0 }, 'yaml', 'vault');
    assert.deepEqual(parseVault(yaml, 'yaml'), { sdk: { google: { storage: { credentials: [] } } } });
  });

  it('refuses an item that is gone and a list that is not a plain list, with the position', () => {
    assert.throws(() => editStorageText(CONF, { op: 'remove', provider: 's3', index: 5 }), /no item 6/);
    assert.throws(() => editStorageText('sdk.aws.s3.credentials: ${OTHER}\nOTHER: []\n', { op: 'add', provider: 's3', fields: { bucket: 'x' } }), (e: Error & { line?: number }) => e.line === 1 && /not a plain/.test(e.message));
  });
});
