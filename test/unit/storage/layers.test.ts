/**
 * The fate of storage entries across layers. The SDK merges clearml.conf and then each vault with pyhocon's
 * ConfigTree.merge_configs (clearml/backend_config/config.py Config.set_overrides): objects merge key by key, a list
 * replaces the list below it whole. So a vault that sets sdk.aws.s3.credentials hides every clearml.conf entry.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseHocon } from '../../../src/core/config';
import { defaultTarget, layerFates, winnerFate, writeWarning, type LayerConfig } from '../../../src/core/storage/layers';

const layer = (id: string, label: string, text: string | undefined): LayerConfig => ({ id, label, config: text === undefined ? undefined : parseHocon(text) });

describe('storage layers: whose list the SDK uses', () => {
  const layers = [
    layer('conf', 'clearml.conf', 'sdk.aws.s3.credentials: [{ bucket: a, key: k, secret: s }, { bucket: b, key: k, secret: s }]\nsdk.google.storage.credentials: [{ bucket: g }]'),
    layer('team', 'vault "Team"', 'sdk.aws.s3.credentials: [{ bucket: c, key: k, secret: s }]'),
    layer('broken', 'vault "Broken"', undefined),
    layer('mine', 'vault "Mine"', 'sdk.aws.s3.region: eu-west-1'),
  ];
  const fates = layerFates(layers);

  it('the last layer that sets a list wins; every entry of the lists it replaces is listed with its fate', () => {
    assert.deepEqual(fates.winner.s3, { id: 'team', label: 'vault "Team"' });
    assert.deepEqual(fates.winner.gcs, { id: 'conf', label: 'clearml.conf' });
    assert.equal(fates.winner.azure, undefined);
    assert.deepEqual(fates.replaced.map((r) => [r.provider, r.layerId, r.label]), [['s3', 'conf', 's3://a'], ['s3', 'conf', 's3://b']]);
    assert.match(fates.replaced[0].fate, /^replaced by vault "Team": its list wins/);
    assert.equal(winnerFate(fates, 's3'), 'counts: the list in vault "Team" replaces the one in clearml.conf on merge');
    assert.equal(winnerFate(fates, 'gcs'), undefined);
  });

  it('a new entry goes by default where it counts, and writing it elsewhere is warned about', () => {
    assert.equal(defaultTarget(fates, 's3', 'conf'), 'team');
    assert.equal(defaultTarget(fates, 'azure', 'conf'), 'conf');
    const order = layers.map((l) => l.id);
    assert.match(writeWarning(fates, 's3', { id: 'conf', label: 'clearml.conf' }, order) ?? '', /^This entry will not count: vault "Team" also sets sdk\.aws\.s3\.credentials/);
    assert.equal(writeWarning(fates, 's3', { id: 'team', label: 'vault "Team"' }, order), undefined);
    assert.match(writeWarning(fates, 's3', { id: 'mine', label: 'vault "Mine"' }, order) ?? '', /its list replaces the one in vault "Team", and the entries there stop counting/);
  });
});
