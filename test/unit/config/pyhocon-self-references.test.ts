/**
 * Self-references, `+=`, spaces in concatenations, escaped spaces, empty keys and a number at the very end, read as
 * the SDK's vendored pyhocon reads them
 * (clearml/utilities/pyhocon/config_parser.py). Every expectation here was produced by running that pyhocon
 * (ConfigFactory.parse_string, resolve=True) on the same text; the differential fuzzer that found them ran
 * 66,576 texts against it. Where the SDK cannot load a text, the parser must refuse it too, with the reason.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigParseError, parseHocon, type ConfigObject, type Env } from '../../../src/core/config/index';

interface Case {
  name: string;
  text: string;
  env?: Env;
  expect?: ConfigObject;
  error?: { reason: RegExp; line: number; column: number };
}

function check(c: Case): void {
  const read = () => parseHocon(c.text, { env: c.env ?? {} });
  if (c.error) {
    assert.throws(read, (e: unknown) => {
      assert.ok(e instanceof ConfigParseError, String(e));
      assert.match(e.message, c.error!.reason);
      assert.deepEqual([e.line, e.column], [c.error!.line, c.error!.column]);
      return true;
    });
  } else assert.deepEqual(read(), c.expect);
}

function suite(title: string, cases: Case[]): void {
  describe(title, () => {
    for (const c of cases) test(c.name, () => check(c));
  });
}

// ConfigTreeParser.postParse builds `k += v` as ConfigValues([ConfigSubstitution(k), v]) with k as written;
// _resolve_variable looks it up from the root. At the top level that is the key itself; inside a block it is not.
suite('`+=` inside a block appends to the top-level key of that name, not to the block\'s own', [
  { name: 'an earlier value in the same block is replaced', text: 'a { b = [0]\nb += [1] }', expect: { a: { b: [1] } } },
  { name: 'the realistic case: agent.extra_docker_arguments', text: 'agent { extra_docker_arguments: ["a"]\n extra_docker_arguments += ["b"] }', expect: { agent: { extra_docker_arguments: ['b'] } } },
  { name: 'a top-level key of the same name is what is appended to', text: 'b = [9]\na { b += [1] }', expect: { b: [9], a: { b: [9, 1] } } },
  { name: 'a second block does not see the first', text: 'a { b += [1] }\na { b += [2] }', expect: { a: { b: [2] } } },
  { name: 'the block\'s own top-level name is not a cycle', text: 'aws { aws += [1] }', expect: { aws: { aws: [1] } } },
  { name: 'the dotted form at the top level does append', text: 'agent.extra_docker_arguments: ["a"]\nagent.extra_docker_arguments += ["b"]', expect: { agent: { extra_docker_arguments: ['a', 'b'] } } },
]);

// ConfigParser._fixup_self_references walks each top-level key's history: `${k}` in a later value is filled from
// the value before it, and when that one is still a ConfigValues it raises ConfigSubstitutionException.
suite('a top-level key that refers to an earlier value which is itself unresolved: the SDK refuses the file', [
  { name: '`+=` twice with no plain value first', text: 'a += [1]\na += [2]', error: { reason: /Property a cannot be substituted/, line: 2, column: 1 } },
  { name: 'a substitution, then `+=`', text: 'b = [0]\na = ${b}\na += [1]', error: { reason: /'a' refers to its own earlier value/, line: 3, column: 1 } },
  { name: 'an optional variable, then `+=`', text: 'a = ${?X}\na += [1]', error: { reason: /Property a cannot be substituted/, line: 2, column: 1 } },
  { name: 'a self-reference that also names another key, then `+=`', text: 'a = [0]\na = ${a} ${?b}\na += [2]', error: { reason: /Property a cannot be substituted/, line: 3, column: 1 } },
  { name: 'a plain first value makes every later append resolvable', text: 'a = [0]\na += [1]\na += [2]', expect: { a: [0, 1, 2] } },
  { name: 'a self-reference alone resolves, so `+=` after it works', text: 'a = [0]\na = ${a}\na += [1]', expect: { a: [0, 1] } },
]);

// resolve_substitutions backtracks to `overriden_value` only when it is truthy; the fix-up skips a value below the
// top level that names its own path (config.get finds that value itself).
suite('a value below the top level naming its own path needs a non-empty earlier value', [
  { name: '`a.b += [1]` with nothing before it', text: 'a.b += [1]', error: { reason: /Cannot resolve \$\{a\.b\}/, line: 1, column: 1 } },
  { name: '`a.b += [1]` after an empty list', text: 'a.b = []\na.b += [1]', error: { reason: /non-empty earlier value of 'a\.b'/, line: 2, column: 1 } },
  { name: '`a.b += x` after null', text: 'a.b = null\na.b += x', error: { reason: /Cannot resolve \$\{a\.b\}/, line: 2, column: 1 } },
  { name: '`a.b += x` after 0', text: 'a.b = 0\na.b += x', error: { reason: /Cannot resolve \$\{a\.b\}/, line: 2, column: 1 } },
  { name: 'an optional self-reference in a block, nothing before it', text: 'a { b: ${?a.b} }', error: { reason: /Cannot resolve \$\{a\.b\}/, line: 1, column: 8 } },
  { name: 'an optional self-reference after an empty list', text: 'a { b = [] }\na { b = ${?a.b} [1] }', error: { reason: /Cannot resolve \$\{a\.b\}/, line: 2, column: 9 } },
  { name: 'three levels down', text: 'x = 1\na { b { c = ${?a.b.c} [1] } }', error: { reason: /Cannot resolve \$\{a\.b\.c\}/, line: 2, column: 13 } },
  { name: 'after a list with elements it appends', text: 'a.b = [0]\na.b += [1]', expect: { a: { b: [0, 1] } } },
  { name: 'in a later block after a list with elements', text: 'a { b = [0] }\na { b = ${?a.b} [1] }', expect: { a: { b: [0, 1] } } },
  { name: 'after a string it appends with a space', text: 'a.b = x\na.b += y', expect: { a: { b: 'x y' } } },
]);

// _fixup_self_references, `len(history) == 1`: every substitution under a top-level key that starts with that key
// (unless a longer path names an existing value) takes os.environ[key] when set, else, if optional, None, through
// two calls of _do_substitute(sub, None): the value is deleted and put back as None.
suite('a top-level key assigned once: substitutions starting with its own name', [
  { name: 'the whole value `${?a}` is null', text: 'a: ${?a}', expect: { a: null } },
  { name: 'also after other keys', text: 'b: 1\na: ${?a}', expect: { b: 1, a: null } },
  { name: 'before other keys the SDK crashes (the root changes while pyhocon iterates it)', text: 'a: ${?a}\nb: 1', error: { reason: /OrderedDict mutated during iteration/, line: 1, column: 4 } },
  { name: 'so it does with the variable set', text: 'a: ${?a}\nb: 1', env: { a: 'X' }, error: { reason: /OrderedDict mutated during iteration/, line: 1, column: 4 } },
  { name: 'a missing key below it is null, not absent', text: 'a { b: ${?a.c} }', expect: { a: { b: null } } },
  { name: 'the realistic case: a secret naming a missing sibling', text: 'sdk { aws { s3 { secret: ${?sdk.aws.s3.missing} } } }\napi { x: 1 }', expect: { sdk: { aws: { s3: { secret: null } } }, api: { x: 1 } } },
  { name: 'an existing key below it resolves as usual', text: 'a { c: 1, b: ${?a.c} }', expect: { a: { c: 1, b: 1 } } },
  { name: 'the variable named like the top-level key fills any path under it', text: 'a { b: ${a.c} }', env: { a: 'X' }, expect: { a: { b: 'X' } } },
  { name: 'a list element is kept as null', text: 'aws=[${?aws}]', expect: { aws: [null] } },
  { name: 'a list element is deleted twice: IndexError', text: 'a { b: [1, ${?a.c}] }', error: { reason: /IndexError/, line: 1, column: 12 } },
]);

// The number token's lookahead `(?=$|[ \t]*([\$\}\],#\n\r]|//))` has no `[ \t]*` before `$`.
suite('a number followed by spaces at the very end of the text is a string', [
  { name: 'an integer', text: 'port: 8008 ', expect: { port: '8008' } },
  { name: 'a float and a tab', text: 'a: 1.5\t', expect: { a: '1.5' } },
  { name: 'with a final newline it is a number', text: 'a: 1 \n', expect: { a: 1 } },
  { name: 'at the very end without spaces it is a number', text: 'a: 1', expect: { a: 1 } },
  { name: 'a boolean is unaffected', text: 'a: true ', expect: { a: true } },
]);

// ConfigValues.recompute strips the spaces of the last token only, when the value is parsed; the None tokens
// _do_substitute leaves are dropped later (ConfigValues.transform), and a scalar that is not the last token is
// written as str(value) + the spaces after its `}`.
suite('spaces around substitutions that give nothing, and scalars inside a concatenation', [
  { name: 'an unquoted string keeps its space before an unset optional', text: 'a: pre ${?M}', expect: { a: 'pre ' } },
  { name: 'all of its spaces', text: 'a: pre  ${?M}', expect: { a: 'pre  ' } },
  { name: 'before two unset optionals', text: 'a: pre ${?M} ${?N}', expect: { a: 'pre ' } },
  { name: 'before a null', text: 'x: null\na: pre ${x}', expect: { x: null, a: 'pre ' } },
  { name: 'in a list element', text: 'a: [pre ${?M}]', expect: { a: ['pre '] } },
  { name: 'a quoted string does not', text: 'a: "pre" ${?M}', expect: { a: 'pre' } },
  { name: 'a string in the middle joins as before', text: 'a: pre ${?M} post', expect: { a: 'pre post' } },
  { name: 'the variable set', text: 'a: pre ${?M}', env: { M: 'x' }, expect: { a: 'pre x' } },
  { name: 'a number substituted before an unset optional is a string', text: 'p: 8008\na: ${p}${?M}', expect: { p: 8008, a: '8008' } },
  { name: 'a boolean substituted before a space is Python\'s str()', text: 'p: true\na: ${p} ${?M}', expect: { p: true, a: 'True ' } },
  { name: 'a number written before an unset optional stays a number', text: 'a: 1 ${?M}', expect: { a: 1 } },
]);

// The unquoted token regex keeps `\ ` as written (`\\.`, not in REPLACEMENTS); recompute's rstrip(' \t') of the
// last token then removes that space too.
suite('a backslash before a space at the end of an unquoted value', [
  { name: 'a Windows folder before a comment', text: 'a: C:\\dir\\ # comment', expect: { a: 'C:\\dir\\' } },
  { name: 'at the end of the text', text: 'a: x\\  ', expect: { a: 'x\\' } },
  { name: 'only the last space goes', text: 'a: x\\ \\ ', expect: { a: 'x\\ \\' } },
  { name: 'inside the value it stays', text: 'a: x\\ y', expect: { a: 'x\\ y' } },
  { name: 'before another token it stays', text: 'a: x\\  ${?M}', expect: { a: 'x\\  ' } },
]);

// ConfigTree.parse_key('') is [], and ConfigTree._put then fails: pyparsing reports a parse error.
suite('an empty quoted key', [
  { name: 'at the top level', text: '"": 1', error: { reason: /an empty key "" is not allowed/, line: 1, column: 1 } },
  { name: 'in a block', text: 'a { "": 1 }', error: { reason: /an empty key "" is not allowed/, line: 1, column: 5 } },
]);
