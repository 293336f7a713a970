import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { CATALOGUE_RECORDS } from '../../../src/core/conf-language/catalogue-data';
import { SDK2_RECORDS } from '../../../src/core/conf-language/catalogue-sdk2';
import { closestChild, KEY_TYPES, nodeAt } from '../../../src/core/conf-language/catalogue';
import { AZURE_ENTRY_KEYS, GCS_ENTRY_KEYS, S3_ENTRY_KEYS } from '../../../src/core/storage/model';

const STATUSES = ['active', 'legacy', 'unused', 'enterprise', 'internal', 'code-typo'];
const READERS = ['sdk', 'agent', 'both', 'none'];

describe('conf-language catalogue', () => {
  it('holds the 332 records of the SDK 1.17 / agent 1.9 sources, each typed and described, none twice', () => {
    assert.equal(CATALOGUE_RECORDS.length, 332);
    const keys = new Set<string>();
    for (const r of [...CATALOGUE_RECORDS, ...SDK2_RECORDS]) {
      assert.ok(!keys.has(r.key), `duplicate ${r.key}`);
      keys.add(r.key);
      assert.match(r.key, /^[a-z_0-9]+(\.([a-z_0-9]+(\[\])?|\*))*(\[\])?$/, r.key);
      for (const t of r.type.split('|')) assert.ok((KEY_TYPES as readonly string[]).includes(t), `${r.key}: type ${t}`);
      assert.ok(r.description.trim().length >= 10 && !r.description.includes('\n'), `${r.key}: one-line description`);
      assert.ok(STATUSES.includes(r.status), `${r.key}: status ${r.status}`);
      assert.ok(READERS.includes(r.readBy), `${r.key}: readBy ${r.readBy}`);
      for (const v of r.values ?? []) assert.equal(typeof v, 'string');
    }
  });

  it('storage entries have exactly the fields the storage model (bucket_config.py attrs classes) accepts', () => {
    const fields = (p: string[]) => [...nodeAt(p)!.children.keys()].sort();
    assert.deepEqual(fields(['sdk', 'aws', 's3', 'credentials', '[]']), [...S3_ENTRY_KEYS].sort());
    assert.deepEqual(fields(['sdk', 'google', 'storage', 'credentials', '[]']), [...GCS_ENTRY_KEYS].sort());
    assert.deepEqual(fields(['sdk', 'azure', 'storage', 'containers', '[]']), [...AZURE_ENTRY_KEYS].sort());
    assert.equal(nodeAt(['sdk', 'aws', 's3', 'credentials', '[]'])!.open, false);
  });

  it('models free-form maps as open: environment, files, logging, extra_args, match', () => {
    for (const p of ['environment', 'files', 'logging', 'sdk.aws.s3.extra_args', 'agent.default_docker.match_rules.[].match']) {
      const node = nodeAt(p.split('.'));
      assert.ok(node?.open, p);
    }
    assert.ok(nodeAt(['environment', 'ANY_NAME']), 'a member of environment has the members\' shape');
    assert.deepEqual(nodeAt(['logging', 'loggers', 'clearml', 'force_level'])?.types, ['boolean'], 'a named logger inherits logging.loggers.*');
  });

  it('finds the closest key: reordered words, a prefix, a typo', () => {
    assert.equal(closestChild(nodeAt(['agent'])!, 'docker_default', ['image']), 'default_docker');
    assert.equal(closestChild(nodeAt(['api'])!, 'verify'), 'verify_certificate');
    assert.equal(closestChild(nodeAt(['api'])!, 'api_sever'), 'api_server');
    assert.equal(closestChild(nodeAt(['api'])!, 'completely_different'), undefined);
  });
});
