/**
 * Saving a browser cloud-access entry as the user typed it. Both panels that edit these entries (Preferences and
 * Storage Credentials) save through here, so they keep one rule: a Secret or Token left out keeps the stored value
 * (the webview never holds it), the entry is validated against the profile's other entries, and an edit of an entry
 * removed meanwhile is refused instead of coming back as a new entry without its secret.
 */
import { randomUUID } from 'node:crypto';
import { trimEntry, validateCloudEntry } from '../../core/preferences/cloudAccess';
import type { CloudEntryInput, FieldErrors } from '../../core/protocol/preferences';
import type { CloudAccessStore } from './cloudStore';

export type CloudEntrySaveOutcome = { kind: 'saved' } | { kind: 'invalid'; errors: FieldErrors } | { kind: 'gone'; message: string };

export async function saveCloudEntryInput(store: CloudAccessStore, profileId: string, input: CloudEntryInput): Promise<CloudEntrySaveOutcome> {
  const existing = input.id ? await store.get(profileId, input.id) : undefined;
  if (input.id && !existing) return { kind: 'gone', message: 'That access entry no longer exists; it was removed meanwhile.' };
  const entry = trimEntry({
    Bucket: input.Bucket, Key: input.Key, Region: input.Region, Endpoint: input.Endpoint,
    Secret: input.Secret ?? existing?.Secret ?? '', Token: input.Token ?? existing?.Token ?? '',
  });
  // The others' secrets stay in SecretStorage: validation only needs to know whether one is set.
  const others = store.list(profileId).filter((e) => e.id !== input.id).map((e) => ({ ...e, Secret: e.hasSecret ? '*' : '', Token: '' }));
  const errors = validateCloudEntry(entry, others);
  if (Object.keys(errors).length) return { kind: 'invalid', errors };
  await store.save(profileId, { ...entry, id: input.id ?? randomUUID() });
  return { kind: 'saved' };
}
