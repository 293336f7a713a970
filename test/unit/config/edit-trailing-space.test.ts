/** Inserting into an object written on one line leaves no trailing whitespace (the storage export, issue 21 item 8). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHocon } from '../../../src/core/config';
import { editStorageText } from '../../../src/core/storage/edit';

const trailing = (text: string) => text.split('\n').map((l, i) => [i + 1, l] as const).filter(([, l]) => /[ \t]$/.test(l));

test('adding an Azure container to `sdk { aws { … } }` on one line: no line ends in a blank, nothing else changes', () => {
  const before = 'sdk { aws { s3 { credentials: [] } } }\n';
  const after = editStorageText(before, { op: 'add', provider: 'azure', fields: { account_name: 'acc', account_key: 'k', container_name: 'c' } }, 'hocon', 'clearml.conf');
  assert.deepEqual(trailing(after), []);
  assert.ok(after.startsWith('sdk { aws { s3 { credentials: [] } }\n'), after);
  assert.deepEqual(parseHocon(after), { sdk: { aws: { s3: { credentials: [] } }, azure: { storage: { containers: [{ account_name: 'acc', account_key: 'k', container_name: 'c' }] } } } });
});
