/**
 * saveCloudEntryInput: how both panels (Preferences, Storage Credentials) save a browser cloud-access entry as the
 * user typed it, over the real CloudAccessStore with in-memory globalState and SecretStorage.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { CloudAccessStore } from '../../../src/extension/preferences/cloudStore';
import { saveCloudEntryInput } from '../../../src/extension/preferences/cloudEntrySave';

function memoryStore(): CloudAccessStore {
  const state = new Map<string, unknown>();
  const secrets = new Map<string, string>();
  const memento = {
    get: <T>(key: string, fallback?: T) => (state.has(key) ? state.get(key) : fallback) as T,
    update: async (key: string, value: unknown) => { state.set(key, value); },
  } as unknown as vscode.Memento;
  const secretStorage = {
    get: async (key: string) => secrets.get(key),
    store: async (key: string, value: string) => { secrets.set(key, value); },
    delete: async (key: string) => { secrets.delete(key); },
  } as unknown as vscode.SecretStorage;
  return new CloudAccessStore(memento, secretStorage);
}

const PROFILE = 'profile-1';

test('cloud entry save (preferences, storage): a new entry is stored trimmed, its secret only in SecretStorage', async () => {
  const store = memoryStore();
  const outcome = await saveCloudEntryInput(store, PROFILE, { Bucket: ' datasets ', Key: 'AKIA1', Secret: 'S3CRET', Region: '', Endpoint: '' });
  assert.deepEqual(outcome, { kind: 'saved' });
  const [view] = store.list(PROFILE);
  assert.equal(view?.Bucket, 'datasets');
  assert.equal(view?.hasSecret, true);
  assert.equal((await store.get(PROFILE, view!.id))?.Secret, 'S3CRET');
  assert.doesNotMatch(JSON.stringify(store.rawState(PROFILE)), /S3CRET/);
});

test('cloud entry save (preferences, storage): an edit without Secret/Token keeps the stored ones', async () => {
  const store = memoryStore();
  await saveCloudEntryInput(store, PROFILE, { Bucket: 'datasets', Key: 'AKIA1', Secret: 'S3CRET', Token: 'T0KEN', Region: '', Endpoint: '' });
  const id = store.list(PROFILE)[0]!.id;
  assert.deepEqual(await saveCloudEntryInput(store, PROFILE, { id, Bucket: 'datasets', Key: 'AKIA1', Region: 'eu-west-1', Endpoint: '' }), { kind: 'saved' });
  const entry = await store.get(PROFILE, id);
  assert.equal(entry?.Region, 'eu-west-1');
  assert.equal(entry?.Secret, 'S3CRET');
  assert.equal(entry?.Token, 'T0KEN');
  assert.equal(store.list(PROFILE).length, 1);
});

test('cloud entry save (preferences, storage): an edit of an entry removed meanwhile is refused, not saved as a new one', async () => {
  const store = memoryStore();
  await saveCloudEntryInput(store, PROFILE, { Bucket: 'datasets', Key: 'AKIA1', Secret: 'S3CRET', Region: '', Endpoint: '' });
  const id = store.list(PROFILE)[0]!.id;
  await store.remove(PROFILE, id);
  const outcome = await saveCloudEntryInput(store, PROFILE, { id, Bucket: 'datasets', Key: 'AKIA1', Region: 'eu-west-1', Endpoint: '' });
  assert.equal(outcome.kind, 'gone');
  assert.match(outcome.kind === 'gone' ? outcome.message : '', /no longer exists/);
  assert.deepEqual(store.list(PROFILE), []);
});

test('cloud entry save (preferences, storage): an invalid entry is not stored and says which field is wrong', async () => {
  const store = memoryStore();
  await saveCloudEntryInput(store, PROFILE, { Bucket: 'datasets', Key: 'AKIA1', Secret: 'S3CRET', Region: '', Endpoint: '' });
  const outcome = await saveCloudEntryInput(store, PROFILE, { Bucket: 'datasets', Key: 'AKIA2', Secret: 'OTHER', Region: '', Endpoint: '' });
  assert.equal(outcome.kind, 'invalid');
  assert.ok(outcome.kind === 'invalid' && outcome.errors.Bucket, `a second entry for the same bucket is refused: ${JSON.stringify(outcome)}`);
  assert.equal(store.list(PROFILE).length, 1);
});
