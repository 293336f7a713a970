import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFromFileName, isLocalVaultFileName, normalizeServerFormat, renameForFormat, safeFileStem } from '../../../src/core/vault/format';

test('local vault files are recognised by their double extension', () => {
  for (const name of ['a.vault.conf', 'dir/x.vault.hocon', 'X.VAULT.JSON', 'y.vault.yaml', 'y.vault.yml']) assert.ok(isLocalVaultFileName(name), name);
  for (const name of ['clearml.conf', 'vault.conf', 'a.vault.txt', 'a.vault.conf.bak']) assert.ok(!isLocalVaultFileName(name), name);
});

test('format comes from the last extension', () => {
  assert.equal(formatFromFileName('a.vault.conf'), 'hocon');
  assert.equal(formatFromFileName('Personal vault.hocon'), 'hocon');
  assert.equal(formatFromFileName('a.vault.json'), 'json');
  assert.equal(formatFromFileName('a.vault.yml'), 'yaml');
  assert.equal(formatFromFileName('a.vault.txt'), undefined);
});

test('server format strings normalise, unknown ones read as HOCON like the SDK', () => {
  assert.equal(normalizeServerFormat('hocon'), 'hocon');
  assert.equal(normalizeServerFormat('JSON'), 'json');
  assert.equal(normalizeServerFormat('yml'), 'yaml');
  assert.equal(normalizeServerFormat(''), 'hocon');
  assert.equal(normalizeServerFormat(undefined), 'hocon');
});

test('conversion renames the vault extension only', () => {
  assert.equal(renameForFormat('/w/team.vault.conf', 'json'), '/w/team.vault.json');
  assert.equal(renameForFormat('/w/team.vault.yml', 'hocon'), '/w/team.vault.conf');
  assert.equal(renameForFormat('/w/team.json', 'yaml'), '/w/team.vault.yaml');
});

test('file stems drop path and control characters', () => {
  assert.equal(safeFileStem('a/b:c'), 'a_b_c');
  assert.equal(safeFileStem('..hidden'), 'hidden');
  assert.equal(safeFileStem('   '), 'vault');
});
