/** No secret value reaches the storage webview: what entryFieldsView lets through of an entry as written. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { entryFieldsView, HIDDEN_VALUE } from '../../../src/core/storage/fields';

describe('storage entry fields for the webview', () => {
  it('secret fields only as "set"; unknown and misspelt keys (secret_key, aws_secret_access_key, sas_token, ...) hidden', () => {
    const v = entryFieldsView('s3', {
      bucket: 'data', key: 'AKIAPUBLIC', secret: 'real-secret', token: '', secure: true,
      secret_key: 'misspelt-secret', aws_secret_access_key: 'aws-secret', sas_token: 'sv=2020&sig=abc', private_key: '-----BEGIN', region_name: 'eu-west-1',
    });
    assert.deepEqual(v.secretsSet, ['secret']);
    assert.deepEqual(v.fields, {
      bucket: 'data', key: 'AKIAPUBLIC', secure: true,
      secret_key: HIDDEN_VALUE, aws_secret_access_key: HIDDEN_VALUE, sas_token: HIDDEN_VALUE, private_key: HIDDEN_VALUE, region_name: HIDDEN_VALUE,
    });
  });

  it('Azure connection_string and a credentials_json holding the key file itself (helper.py json.loads it) are hidden', () => {
    const az = entryFieldsView('azure', { account_name: 'acct', account_key: 'k==', connection_string: 'AccountKey=k==' });
    assert.deepEqual(az, { fields: { account_name: 'acct', connection_string: HIDDEN_VALUE }, secretsSet: ['account_key'] });
    const gs = entryFieldsView('gcs', { bucket: 'b', credentials_json: ' {"private_key": "-----BEGIN PRIVATE KEY-----"}' });
    assert.equal(gs.fields.credentials_json, HIDDEN_VALUE);
    assert.equal(entryFieldsView('gcs', { bucket: 'b', credentials_json: '/keys/sa.json' }).fields.credentials_json, '/keys/sa.json');
  });
});
