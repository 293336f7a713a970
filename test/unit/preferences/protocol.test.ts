import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as v from 'valibot';
import { FromWebviewSchema, ToWebviewSchema } from '../../../src/core/protocol/preferences';
import { formFromPreferences } from '../../../src/core/preferences/model';

const form = formFromPreferences({});

test('valid webview messages pass', () => {
  for (const m of [
    { type: 'ready' },
    { type: 'ready', restored: { profileId: 'p', baseline: form, draft: { ...form, showHidden: true } } },
    { type: 'draftChanged', draft: form },
    { type: 'save', form },
    { type: 'resolveConflicts', form, choices: { showHidden: 'server' } },
    { type: 'cloudSave', entry: { Bucket: 'b', Key: 'k', Secret: 's', Region: '', Endpoint: '' } },
    { type: 'cloudRevealSecret', id: 'x', field: 'Token' },
    { type: 'cloudExport', target: 'vault' },
  ]) assert.equal(v.safeParse(FromWebviewSchema, m).success, true, JSON.stringify(m));
});

test('unknown, malformed and over-long webview messages are rejected', () => {
  for (const m of [
    null, 'save', 42, {}, { type: 'deleteEverything' },
    { type: 'save' },
    { type: 'save', form: { ...form, showHidden: 'yes' } },
    { type: 'save', form: { ...form, extra: 1 } },
    { type: 'save', form, extra: true },
    { type: 'resolveConflicts', form, choices: { notAField: 'mine' } },
    { type: 'cloudRevealSecret', id: 'x', field: 'Key' },
    { type: 'cloudExport', target: '/etc/passwd' },
    { type: 'cloudSave', entry: { Bucket: 'x'.repeat(5000), Key: '', Region: '', Endpoint: '' } },
    { type: 'cloudRemove', id: '' },
  ]) assert.equal(v.safeParse(FromWebviewSchema, m).success, false, JSON.stringify(m)?.slice(0, 80));
});

test('extension messages cannot carry a stored secret', () => {
  const entry = { id: '1', Bucket: 'b', Key: 'k', Region: '', Endpoint: '', hasSecret: true, hasToken: false };
  assert.equal(v.safeParse(ToWebviewSchema, { type: 'cloudEntries', entries: [entry] }).success, true);
  assert.equal(v.safeParse(ToWebviewSchema, { type: 'cloudEntries', entries: [{ ...entry, Secret: 'leak' }] }).success, false);
});
