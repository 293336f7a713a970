import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeMarkdown, md, msg, neutralise, plainText, safeText } from '../../../src/extension/safeText';
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
  // Two and three links (and icons, autolinks, hidden characters) in one message: each must be defused, not only the
  // first (a replacement without the regular expression's g flag stops after one; issue 22.8).
  '[Re-authenticate](command:workbench.action.terminal.sendSequence) or [open the docs](https://evil.example/login)',
  '[one](command:a) [two](file:///etc/passwd) [three](command:c "title")',
  '$(warning) expired, $(error) click $(key) here',
  '<command:a> then <command:b> then <https://evil.example>',
  '[a]\u200e(command:x) [b]\u202e(command:y) [c]\u2066(command:z)',
  '[a]\u0007(command:x) [b]\u001b(command:y) [c]\u007f(command:z)',
];

test('no interpolated value renders as a link, whatever link form it uses', () => {
  for (const value of ATTACKS) {
    for (const text of [msg`Signed in to ${value}.`, msg`${value}`, safeText(value)]) {
      assert.deepEqual(renderedLinks(text), [], `${value} → ${text}`);
      assert.ok(!/\$\(/.test(text), `no icon syntax in ${text}`);
      assert.ok(!/\]\(/.test(text), `no link syntax in ${text}`);
      assert.ok(!/<[a-z]+:/i.test(text), `no autolink in ${text}`);
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      assert.ok(!/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u0000-\u0009\u000b-\u001f\u007f]/.test(text), `no hidden character left in ${JSON.stringify(text)}`);
    }
  }
});

test('every link of a message with several is defused, each to the same readable form', () => {
  assert.equal(safeText('[a](command:x) and [b](command:y) and [c](https://e.example)'), '[a] (command:x) and [b] (command:y) and [c] (https://e.example)');
  assert.equal(safeText('$(a) $(b) $(c)'), '$ (a) $ (b) $ (c)');
  assert.equal(safeText('<command:a> <command:b>'), '< command:a> < command:b>');
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
  assert.equal(msg`${HOSTILE('Vision Team')}`, HOSTILE('Vision Team').replaceAll('](', '] ('), 'every character is still shown, one space added per link');
});

test('bidi overrides and control characters are removed; neutralise is idempotent', () => {
  assert.equal(neutralise('evil\u202e lmth.exe\u0007'), 'evil lmth.exe ');
  for (const value of ATTACKS) assert.equal(neutralise(neutralise(value)), neutralise(value));
});

test('values of any type are shown as text', () => {
  assert.equal(msg`${3} keys, ${undefined}, ${null}, ${new Error('[x](command:y)')}`, '3 keys, undefined, null, Error: [x] (command:y)');
});

// CommonMark: a backslash before ASCII punctuation shows that character literally; nothing else escapes.
const unescapeMarkdown = (text: string) => text.replace(/\\([!-/:-@[-`{-~])/g, '$1');

test('escapeMarkdown: every Markdown, link, autolink and icon character is escaped, the text reads the same', () => {
  const attacks = [...ATTACKS, '![x](https://evil.example/p.png)', '**bold** _it_ `code` # h', 'https://evil.example www.evil.example a@evil.example', '<img src=x onerror=alert(1)>', '&lt;b&gt;', '| a | b |'];
  for (const value of attacks) {
    const escaped = escapeMarkdown(value);
    // No Markdown punctuation is left bare: each one is preceded by its backslash.
    assert.ok(!/[[\]()<>`*_!#|&:@$\\]/.test(escaped.replace(/\\[!-/:-@[-`{-~]/g, '')), `bare Markdown syntax in ${escaped}`);
    assert.equal(unescapeMarkdown(escaped), neutralise(value), 'shown as the characters it is (neutralised)');
  }
});

test('md: literal Markdown stays, every value is escaped, so two values cannot form a link', () => {
  const text = md`**${'[click'}** ${'](command:evil)'}`;
  assert.ok(text.startsWith('**\\[click**'), text);
  assert.ok(!/[^\\]\]\(/.test(text) && !text.includes('](command'), text);
});

test('plainText (an input box value the user edits) keeps brackets and icons, drops bidi and control characters', () => {
  assert.equal(plainText('Team [x](y) $(icon)'), 'Team [x](y) $(icon)');
  assert.equal(plainText('evil\u202e lmth.exe\u0007'), 'evil lmth.exe ');
});
