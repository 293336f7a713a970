import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conversionLoss, describeLoss } from '../../../src/core/vault/conversionLoss';

test('HOCON: comments, substitutions and include lines count; text inside strings does not', () => {
  const text = [
    '# top comment',
    'include "other.conf"',
    'sdk { a: 1 } // trailing',
    'sdk.b: ${sdk.a}',
    'sdk.c: ${?HOME}',
    'sdk.url: "http://x#not-a-comment ${not.a.subst}"',
    'sdk.long: """ # also not // a comment ${x} """',
    'sdk.included_not: "include x"',
  ].join('\n');
  assert.deepEqual(conversionLoss(text, 'hocon'), { comments: 2, substitutions: 2, includes: 1 });
  assert.equal(describeLoss(conversionLoss(text, 'hocon')), '2 comments, 2 substitutions, 1 include line');
});

test('YAML: comments and aliases count; a # inside a quoted string does not', () => {
  const text = '# top\na: &x 1 # end\nb: *x\ns: "# not"\n';
  assert.deepEqual(conversionLoss(text, 'yaml'), { comments: 2, substitutions: 1, includes: 0 });
});

test('JSON loses nothing; an empty loss describes as nothing', () => {
  assert.deepEqual(conversionLoss('{"a": "# x ${y}"}', 'json'), { comments: 0, substitutions: 0, includes: 0 });
  assert.equal(describeLoss({ comments: 0, substitutions: 0, includes: 0 }), '');
  assert.equal(describeLoss({ comments: 1, substitutions: 0, includes: 0 }), '1 comment');
});
