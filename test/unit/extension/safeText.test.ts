import { test } from 'node:test';
import assert from 'node:assert/strict';
import { msg, neutralise, safeText } from '../../../src/extension/safeText';
import { HOSTILE, renderedLinks } from '../../support/notificationLinks';

const ATTACKS = [
  HOSTILE('Vision Team'),
  '[a](https://evil.example/login)',
  '[a](file:///etc/passwd)',
  '[a](command:x "title")',
  '<command:workbench.action.terminal.sendSequence>',
  '[nested [x]](command:y)',
  '$(warning) Your session expired',
  '[a]\u200e(command:x)',
  '[a]\u0007(command:x)',
  '[a]\n(command:x)',
];

test('no interpolated value renders as a link, whatever link form it uses', () => {
  for (const value of ATTACKS) {
    for (const text of [msg`Signed in to ${value}.`, msg`${value}`, safeText(value)]) {
      assert.deepEqual(renderedLinks(text), [], `${value} → ${text}`);
      assert.ok(!/\$\(/.test(text), `no icon syntax in ${text}`);
      assert.ok(!/\]\(/.test(text), `no link syntax in ${text}`);
      assert.ok(!/<[a-z]+:/i.test(text), `no autolink in ${text}`);
    }
  }
});

test('a link cannot be assembled from two values or from a value and the literal text', () => {
  const text = msg`Workspace ${'[click'} renamed to ${'](command:evil)'}`;
  assert.deepEqual(renderedLinks(text), []);
  assert.deepEqual(renderedLinks(msg`${'[click]'}(command:evil)`), []);
});

test('ordinary text keeps its characters; the text stays readable', () => {
  assert.equal(msg`Signed in to ${'api.clear.ml'} as ${'Jane Doe (ML)'} (workspace ${'Vision-Team_2'}).`,
    'Signed in to api.clear.ml as Jane Doe (ML) (workspace Vision-Team_2).');
  assert.equal(msg`Copied ${'https://app.clear.ml/login?invite=abc'}.`, 'Copied https://app.clear.ml/login?invite=abc.');
  assert.equal(msg`${'Line one'}\n${'line two'}`, 'Line one\nline two', 'line breaks of modal details stay');
  assert.equal(msg`${HOSTILE('Vision Team')}`, HOSTILE('Vision Team').replace('](', '] ('), 'every character is still shown, one space added');
});

test('bidi overrides and control characters are removed; neutralise is idempotent', () => {
  assert.equal(neutralise('evil\u202e lmth.exe\u0007'), 'evil lmth.exe ');
  for (const value of ATTACKS) assert.equal(neutralise(neutralise(value)), neutralise(value));
});

test('values of any type are shown as text', () => {
  assert.equal(msg`${3} keys, ${undefined}, ${null}, ${new Error('[x](command:y)')}`, '3 keys, undefined, null, Error: [x] (command:y)');
});
